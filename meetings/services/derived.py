"""Fields computed from a meeting's other rows: summary, country codes, search vector.

One refresh, ``meetings_refresh``, that every writer calls after changing a meeting or
what it is made of (participants, officials' names and countries, topics, statements,
sources, records): news ingest, the records import, each curation action and the admin's
save. So a French participant added in the admin puts the meeting in ?country=FR, its
summary, its countries line, the exports for France and full-text search at once.

Search vectors are bounded (Postgres refuses a tsvector above 1 MB): each weighted part
of a meeting's text is cut at ``PART_CHARS``, each reporting article lends only its first
``ARTICLE_CHARS`` characters, and an article's own vector covers its title and the first
``ARTICLE_VECTOR_CHARS`` characters of its body. Every article is storable, however large
its vocabulary and however many long articles report one meeting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

from meetings.countries import name_of
from meetings.models import Meeting, MeetingKind, Participation

__all__ = ["articles_refresh", "meeting_countries", "meeting_summary", "meetings_refresh"]

# An article reporting more meetings than this is a round-up: each paragraph is about
# other people, so its meetings are searchable by their own sentences (their evidence,
# statements, participants and topics), not by the article's opening.
ROUNDUP_MEETINGS = 3
ARTICLE_CHARS = 5_000  # what each (non-round-up) reporting article lends a meeting
PART_CHARS = 100_000  # each weighted part of a meeting's search text
ARTICLE_VECTOR_CHARS = 100_000  # an article's own search vector: title + this much body
_CHUNK = 500  # meetings refreshed per round of queries


def meeting_summary(*, name: str, kind: str, place: str, people: Sequence[str],
                    countries: Sequence[str]) -> str:
    """One line: who met whom (and where); a named event leads."""
    who = " – ".join(people) or " – ".join(name_of(c) or c for c in countries)
    label = dict(MeetingKind.choices).get(kind, kind).lower()
    where = f", {place}" if place else ""
    if name and who:
        return f"{name}: {who} ({label}{where})"
    return f"{name or who or 'Unnamed parties'} ({label}{where})"


def meeting_countries(*, countries: Iterable[str], place_country: str,
                      officials: Iterable[str]) -> list[str]:
    """Every country involved: the parties, the participants' own, the place's."""
    return sorted({c for c in (*countries, place_country, *officials) if c})


def meetings_refresh(*, meeting_ids: Iterable[int], summarized: Iterable[int] = ()) -> int:
    """Recompute summary, country codes and search vector of these meetings; how many.

    ``summarized``: meetings whose summary and country codes the caller has just derived
    with ``meeting_summary`` and ``meeting_countries`` (new meetings written whole).
    """
    ids = sorted({pk for pk in meeting_ids if pk is not None})
    done = set(summarized)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        if stale := [pk for pk in chunk if pk not in done]:
            _summaries_refresh(stale)
        with connection.cursor() as cursor:
            cursor.execute(_MEETING_VECTOR_SQL, {"roundup": ROUNDUP_MEETINGS,
                                                 "article_chars": ARTICLE_CHARS,
                                                 "part": PART_CHARS, "ids": chunk})
    return len(ids)


def _summaries_refresh(ids: list[int]) -> None:
    people: dict[int, list[tuple[str, str]]] = {pk: [] for pk in ids}
    for meeting_id, name, country in (Participation.objects.filter(meeting_id__in=ids)
                                      .order_by("meeting_id", "id")
                                      .values_list("meeting_id", "official__name",
                                                   "official__country")):
        people[meeting_id].append((name, country))
    changed = []
    for meeting in Meeting.objects.filter(pk__in=ids).only(
            "id", "name", "kind", "place", "place_country", "countries", "summary",
            "country_codes"):
        who = people[meeting.pk]
        summary = meeting_summary(name=meeting.name, kind=meeting.kind, place=meeting.place,
                                  people=[n for n, _ in who], countries=meeting.countries)
        codes = meeting_countries(countries=meeting.countries,
                                  place_country=meeting.place_country,
                                  officials=[c for _, c in who])
        if summary != meeting.summary or codes != meeting.country_codes:
            meeting.summary, meeting.country_codes = summary, codes
            changed.append(meeting)
    Meeting.objects.bulk_update(changed, ["summary", "country_codes"])


# By weight: A what describes the meeting (summary, name, place, participants with their
# titles and other spellings, topics); B its statements; C the sentences reporting it and
# the records' remarks or descriptions; D the opening of each article reporting it
# (unless a round-up). Each part is cut at %(part)s characters.
_MEETING_VECTOR_SQL = """
UPDATE meetings_meeting m SET search_vector =
  setweight(to_tsvector('english', left(
    coalesce(m.summary, '') || ' ' || coalesce(m.name, '') || ' ' || coalesce(m.place, '')
    || ' ' || coalesce((
      SELECT string_agg(o.name || ' ' || p.title || ' ' || coalesce((
               SELECT string_agg(a.alias, ' ') FROM meetings_officialalias a
               WHERE a.official_id = o.id AND NOT a.rejected), ''), ' ')
      FROM meetings_participation p JOIN meetings_official o ON o.id = p.official_id
      WHERE p.meeting_id = m.id), '')
    || ' ' || coalesce((
      SELECT string_agg(t.name, ' ') FROM meetings_meetingtopic mt
      JOIN meetings_topic t ON t.id = mt.topic_id WHERE mt.meeting_id = m.id), ''),
    %(part)s)), 'A')
  || setweight(to_tsvector('english', left(coalesce((
      SELECT string_agg(s.text, ' ') FROM meetings_statement s WHERE s.meeting_id = m.id),
    ''), %(part)s)), 'B')
  || setweight(to_tsvector('english', left(
      coalesce((
        SELECT string_agg(substr(a.body, (e->>0)::int + 1, (e->>1)::int - (e->>0)::int), ' ')
        FROM meetings_meetingsource ms JOIN meetings_article a ON a.id = ms.article_id,
             jsonb_array_elements(ms.evidence) e
        WHERE ms.meeting_id = m.id), '')
      || ' ' || coalesce((
        SELECT string_agg(r.text, ' ') FROM meetings_recordsource r
        WHERE r.meeting_id = m.id), ''),
    %(part)s)), 'C')
  || setweight(to_tsvector('english', left(coalesce((
      SELECT string_agg(a.title || ' ' || left(a.body, %(article_chars)s), ' ')
      FROM meetings_meetingsource ms JOIN meetings_article a ON a.id = ms.article_id
      WHERE ms.meeting_id = m.id
        AND (SELECT count(*) FROM meetings_meetingsource others
             WHERE others.article_id = a.id) <= %(roundup)s), ''), %(part)s)), 'D')
WHERE m.id = ANY(%(ids)s)
"""


def articles_refresh(*, article_ids: Iterable[int]) -> None:
    """Recompute the articles' search vectors: the title weighs most, the body least."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetings_article SET search_vector ="
            " setweight(to_tsvector('english', coalesce(title, '')), 'A') ||"
            " setweight(to_tsvector('english', left(coalesce(body, ''), %(chars)s)), 'C')"
            " WHERE id = ANY(%(ids)s)", {"chars": ARTICLE_VECTOR_CHARS, "ids": ids})
