"""Read side: page-level queries, keyword-only, each owning its select/prefetch.

Every function here runs a fixed number of SQL queries whatever the size of the
data, and none scans more rows than it shows except through an index:
- lists use keyset pagination on (date, id), never OFFSET;
- totals are counted up to ``COUNT_CAP`` and shown as "more than 1000" beyond it;
- facet counts are taken over the ``FACET_SAMPLE`` most recent matches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, TrigramWordSimilarity
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Greatest, TruncMonth

from meetings.models import (
    Article,
    Confirmation,
    Meeting,
    MeetingKind,
    MeetingSource,
    MeetingTopic,
    Official,
    OfficialAlias,
    OfficialMention,
    Participation,
    RecordSource,
    Statement,
    Topic,
    country_name,
)

PAGE_SIZE = 25
COUNT_CAP = 1_000
FACET_SAMPLE = 250
FACET_SIZE = 8


@dataclass(frozen=True)
class MeetingFilters:
    """A parsed filter state; ``meeting_list`` and the facets take it."""

    person: Official | None = None
    country: str = ""
    topics: tuple[Topic, ...] = ()
    kind: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    q: str = ""
    confirmed: str = ""  # "", "yes" or "no"

    @property
    def active(self) -> bool:
        return bool(self.person or self.country or self.topics or self.kind or self.start
                    or self.end or self.q or self.confirmed)


@dataclass(frozen=True)
class Cursor:
    """Keyset position: the (date, id) of the last meeting shown."""

    date: dt.date | None
    id: int

    def encode(self) -> str:
        return f"{self.date.isoformat() if self.date else 'none'}.{self.id}"

    @classmethod
    def decode(cls, value: str) -> Cursor | None:
        try:
            date_part, id_part = value.split(".", 1)
            date = None if date_part == "none" else dt.date.fromisoformat(date_part)
            return cls(date=date, id=int(id_part))
        except ValueError:
            return None


@dataclass
class MeetingPage:
    meetings: list[Meeting]
    total: int
    total_capped: bool
    next_cursor: str | None
    facets: dict[str, list[dict]] = field(default_factory=dict)
    facets_sampled: bool = False


# --------------------------------------------------------------------------- lookups


def official_by_slug(*, slug: str) -> Official | None:
    """The official of this slug, or of an official merged into it (OfficialRedirect)."""
    return (Official.objects.filter(slug=slug).first()
            or Official.objects.filter(redirects__slug=slug).first())


def official_redirect(*, slug: str) -> Official | None:
    """The official an old slug (of a merged official) now leads to."""
    return Official.objects.filter(redirects__slug=slug).first()


def official_search(*, text: str, limit: int = 8) -> list[Official]:
    """Officials whose name or an alias resembles ``text`` (pg_trgm, typo-tolerant)."""
    text = text.strip()
    if len(text) < 2:
        return []
    alias_ids = (OfficialAlias.objects.filter(rejected=False)
                 .filter(Q(alias__trigram_word_similar=text) | Q(alias__icontains=text))
                 .values("official_id"))
    return list(
        Official.objects.filter(Q(name__trigram_word_similar=text) | Q(name__icontains=text)
                                | Q(pk__in=alias_ids))
        .annotate(score=Greatest(TrigramWordSimilarity(text, "name"),
                                 TrigramWordSimilarity(text, "slug")))
        .annotate(meeting_count=Count("participations"))
        .order_by("-score", "-meeting_count", "name")[:limit]
    )


def official_for_filter(*, value: str) -> Official | None:
    """The person filter takes a slug; typed text falls back to the best fuzzy match."""
    value = value.strip()
    if not value:
        return None
    found = official_by_slug(slug=value)
    if found:
        return found
    matches = official_search(text=value, limit=1)
    return matches[0] if matches else None


def topics_by_slug(*, slugs: list[str]) -> tuple[Topic, ...]:
    if not slugs:
        return ()
    found = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)}
    return tuple(found[s] for s in dict.fromkeys(slugs) if s in found)


def all_topics() -> list[Topic]:
    return list(Topic.objects.only("name", "slug").order_by("name"))


# --------------------------------------------------------------------------- meeting list


def filtered_meetings(*, filters: MeetingFilters) -> QuerySet[Meeting]:
    """Meetings matching the filters, newest first (not yet paginated)."""
    qs = Meeting.objects.all()
    if filters.person:
        qs = qs.with_official(filters.person)
    if filters.country:
        qs = qs.involving_country(filters.country)
    for topic in filters.topics:
        qs = qs.filter(pk__in=MeetingTopic.objects.filter(topic=topic).values("meeting_id"))
    if filters.kind:
        qs = qs.of_kind(filters.kind)
    if filters.start or filters.end:
        qs = qs.between(filters.start, filters.end)
    if filters.q:
        # One stored tsvector per meeting covers its summary, participants, topics,
        # statements, evidence and the text of its source articles, round-ups apart
        # (see persist.refresh_search).
        qs = qs.filter(search_vector=SearchQuery(filters.q, search_type="websearch",
                                                 config="english"))
    if filters.confirmed == "yes":
        qs = qs.filter(pk__in=Confirmation.objects.values("meeting_id"))
    elif filters.confirmed == "no":
        qs = qs.filter(from_record=False).exclude(
            pk__in=Confirmation.objects.values("meeting_id"))
    return qs.order_by(F("date").desc(nulls_last=True), "-id")


def _after(qs: QuerySet[Meeting], cursor: Cursor) -> QuerySet[Meeting]:
    if cursor.date is None:
        return qs.filter(date__isnull=True, id__lt=cursor.id)
    return qs.filter(Q(date__lt=cursor.date) | Q(date=cursor.date, id__lt=cursor.id)
                     | Q(date__isnull=True))


def with_cards(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """What a meeting card shows: participants (with officials) and topics."""
    return qs.prefetch_related(
        Prefetch("participations",
                 queryset=Participation.objects.select_related("official").order_by("id")),
        Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
    )


def meeting_list(*, filters: MeetingFilters, cursor: str = "", page_size: int = PAGE_SIZE,
                 facets: bool = True) -> MeetingPage:
    """One page of meetings, the capped total, and the facets for the filter."""
    qs = filtered_meetings(filters=filters)
    position = Cursor.decode(cursor) if cursor else None
    # The ids of the most recent matches, fetched once: they give the first page, the
    # total when it is small, and the sample the facets count over.
    head = list(qs.values_list("id", flat=True)[:FACET_SAMPLE])
    if len(head) < FACET_SAMPLE:
        total = len(head)
    else:
        total = qs.order_by()[: COUNT_CAP + 1].count()
    if position is None:
        wanted = head[: page_size + 1]
        found = {m.pk: m for m in with_cards(Meeting.objects.filter(pk__in=wanted))}
        meetings = [found[pk] for pk in wanted if pk in found]
    else:
        meetings = list(with_cards(_after(qs, position))[: page_size + 1])
    has_more = len(meetings) > page_size
    meetings = meetings[:page_size]
    next_cursor = (Cursor(meetings[-1].date, meetings[-1].id).encode()
                   if has_more and meetings else None)
    page = MeetingPage(meetings=meetings, total=min(total, COUNT_CAP),
                       total_capped=total > COUNT_CAP, next_cursor=next_cursor)
    if facets and head:
        page.facets = meeting_facets(ids=head)
        page.facets_sampled = total > FACET_SAMPLE
    return page


def meeting_facets(*, ids: list[int]) -> dict[str, list[dict]]:
    """Counts of kinds, topics, officials and countries among these meetings."""
    kinds = dict(MeetingKind.choices)
    kind_rows = (Meeting.objects.filter(pk__in=ids).values("kind")
                 .annotate(n=Count("id")).order_by("-n", "kind"))
    topic_rows = (MeetingTopic.objects.filter(meeting_id__in=ids)
                  .values("topic__slug", "topic__name").annotate(n=Count("id"))
                  .order_by("-n", "topic__name")[:FACET_SIZE])
    official_rows = (Participation.objects.filter(meeting_id__in=ids)
                     .values("official__slug", "official__name").annotate(n=Count("id"))
                     .order_by("-n", "official__name")[:FACET_SIZE])
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT code, count(*) AS n FROM meetings_meeting m,
                      unnest(m.country_codes) AS code
               WHERE m.id = ANY(%s) GROUP BY code ORDER BY n DESC, code LIMIT %s""",
            [ids, FACET_SIZE],
        )
        country_rows = cursor.fetchall()
    return {
        "kind": [{"value": r["kind"], "label": kinds.get(r["kind"], r["kind"]), "count": r["n"]}
                 for r in kind_rows],
        "topic": [{"value": r["topic__slug"], "label": r["topic__name"], "count": r["n"]}
                  for r in topic_rows],
        "person": [{"value": r["official__slug"], "label": r["official__name"],
                    "count": r["n"]} for r in official_rows],
        "country": [{"value": code, "label": country_name(code), "count": n}
                    for code, n in country_rows],
    }


def meetings_for_export(*, filters: MeetingFilters, limit: int = 100_000) -> Iterator[Meeting]:
    """Streamed in chunks for CSV/JSON export."""
    qs = with_cards(filtered_meetings(filters=filters))[:limit]
    return qs.iterator(chunk_size=500)


def meetings_for_feed(*, filters: MeetingFilters, limit: int = 50) -> list[Meeting]:
    """Newest meetings first by when we learned of them, for the Atom feed."""
    qs = filtered_meetings(filters=filters).order_by("-created_at", "-id")
    return list(with_cards(qs)[:limit])


# --------------------------------------------------------------------------- detail pages


def meeting_detail(*, pk: int) -> Meeting:
    """One meeting with everything its page shows."""
    return (
        with_cards(Meeting.objects.all())
        .prefetch_related(
            Prefetch("sources", queryset=MeetingSource.objects.select_related("article")
                     .order_by("article__published_on", "id")),
            Prefetch("statements", queryset=Statement.objects.select_related("speaker")
                     .order_by("article_id", "evidence_start")),
            Prefetch("record_sources", queryset=RecordSource.objects.order_by("record_id")),
            Prefetch("confirmations", queryset=Confirmation.objects.select_related("record")
                     .prefetch_related("record__record_sources")),
            Prefetch("confirms", queryset=Confirmation.objects.select_related("meeting")),
        )
        .get(pk=pk)
    )


def related_meetings(*, meeting: Meeting, limit: int = 10) -> list[Meeting]:
    """Other meetings of the same participants, newest first."""
    official_ids = [p.official_id for p in meeting.participations.all()]
    if not official_ids:
        return []
    ids = (Participation.objects.filter(official_id__in=official_ids)
           .exclude(meeting_id=meeting.pk).values("meeting_id"))
    qs = Meeting.objects.filter(pk__in=ids).order_by(F("date").desc(nulls_last=True), "-id")
    return list(with_cards(qs)[:limit])


def official_detail(*, slug: str) -> Official:
    return Official.objects.prefetch_related(
        Prefetch("aliases", queryset=OfficialAlias.objects.filter(rejected=False))
    ).get(slug=slug)


def official_titles(*, official: Official) -> list[str]:
    """Titles the official held, as sources gave them (most frequent first)."""
    rows = (Participation.objects.filter(official=official).exclude(title="")
            .values("title").annotate(n=Count("id")).order_by("-n", "title")[:6])
    titles = [r["title"] for r in rows]
    if official.title and official.title not in titles:
        titles.insert(0, official.title)
    return titles


def official_meetings(*, official: Official, limit: int = 30) -> list[Meeting]:
    qs = Meeting.objects.with_official(official).order_by(F("date").desc(nulls_last=True), "-id")
    return list(with_cards(qs)[:limit])


def monthly_counts(*, qs: QuerySet[Meeting]) -> list[tuple[dt.date, int]]:
    """Meetings per month, for the server-side bar chart."""
    rows = (qs.filter(date__isnull=False).order_by().annotate(month=TruncMonth("date"))
            .values("month").annotate(n=Count("id")).order_by("month"))
    return [(r["month"], r["n"]) for r in rows]


def official_counterparts(*, official: Official, limit: int = 10) -> list[dict]:
    """The officials met most often, with counts."""
    meetings = Participation.objects.filter(official=official).values("meeting_id")
    return list(
        Participation.objects.filter(meeting_id__in=meetings).exclude(official=official)
        .values("official__slug", "official__name", "official__country")
        .annotate(n=Count("meeting_id", distinct=True)).order_by("-n", "official__name")[:limit]
    )


def official_topics(*, official: Official, limit: int = 10) -> list[dict]:
    meetings = Participation.objects.filter(official=official).values("meeting_id")
    return list(MeetingTopic.objects.filter(meeting_id__in=meetings)
                .values("topic__slug", "topic__name").annotate(n=Count("id"))
                .order_by("-n", "topic__name")[:limit])


def official_statements(*, official: Official, limit: int = 20) -> list[Statement]:
    return list(Statement.objects.filter(speaker=official).select_related("article", "meeting")
                .order_by("-article__published_on", "-id")[:limit])


# The official page's aggregates are read live, each over at most this many of the
# official's latest meetings: a busy official's page costs what anyone's does, and an
# edit (a merge, a rename, a new meeting) shows at once.
STATS_MEETINGS = 5_000


@dataclass(frozen=True)
class OfficialStats:
    """The official page's aggregates."""

    months: list  # [["2024-01-01", 3], ...]
    counterparts: list
    topics: list
    titles: list


def official_stats(*, official: Official) -> OfficialStats:
    """The official page's aggregates, capped at the latest STATS_MEETINGS meetings."""
    latest = (Participation.objects.filter(official=official)
              .order_by(F("meeting__date").desc(nulls_last=True), "-meeting_id")
              .values("meeting_id")[:STATS_MEETINGS])
    return OfficialStats(
        months=[[month.isoformat(), n] for month, n in
                monthly_counts(qs=Meeting.objects.filter(pk__in=latest))],
        counterparts=list(
            Participation.objects.filter(meeting_id__in=latest).exclude(official=official)
            .values("official__slug", "official__name", "official__country")
            .annotate(n=Count("meeting_id", distinct=True)).order_by("-n", "official__name")[:10]),
        topics=list(MeetingTopic.objects.filter(meeting_id__in=latest)
                    .values("topic__slug", "topic__name").annotate(n=Count("id"))
                    .order_by("-n", "topic__name")[:10]),
        titles=official_titles(official=official),
    )


def topic_detail(*, slug: str) -> Topic:
    return Topic.objects.select_related("parent").prefetch_related("children").get(slug=slug)


def topic_meetings(*, topic: Topic, limit: int = 20) -> list[Meeting]:
    qs = Meeting.objects.about(topic).order_by(F("date").desc(nulls_last=True), "-id")
    return list(with_cards(qs)[:limit])


def topic_officials(*, topic: Topic, limit: int = 10) -> list[dict]:
    meetings = MeetingTopic.objects.filter(topic=topic).values("meeting_id")
    return list(Participation.objects.filter(meeting_id__in=meetings)
                .values("official__slug", "official__name")
                .annotate(n=Count("id")).order_by("-n", "official__name")[:limit])


def topic_countries(*, topic: Topic, limit: int = 10) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT code, count(*) AS n FROM meetings_meetingtopic mt
               JOIN meetings_meeting m ON m.id = mt.meeting_id, unnest(m.country_codes) code
               WHERE mt.topic_id = %s GROUP BY code ORDER BY n DESC, code LIMIT %s""",
            [topic.pk, limit],
        )
        return [{"code": code, "name": country_name(code), "n": n}
                for code, n in cursor.fetchall()]


def country_meetings(*, code: str, limit: int = 20) -> list[Meeting]:
    """Meetings in or with a country, newest first."""
    qs = Meeting.objects.involving_country(code).order_by(F("date").desc(nulls_last=True), "-id")
    return list(with_cards(qs)[:limit])


def country_sample_ids(*, code: str, limit: int = FACET_SAMPLE) -> list[int]:
    qs = Meeting.objects.involving_country(code).order_by(F("date").desc(nulls_last=True), "-id")
    return list(qs.values_list("id", flat=True)[:limit])


def country_officials(*, code: str, ids: list[int], limit: int = 10) -> list[dict]:
    """The country's own officials most often in these meetings."""
    return list(Participation.objects.filter(meeting_id__in=ids, official__country=code)
                .values("official__slug", "official__name", "official__title")
                .annotate(n=Count("id")).order_by("-n", "official__name")[:limit])


def country_partners(*, code: str, ids: list[int], limit: int = 10) -> list[dict]:
    """Other countries most often in these meetings."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT other, count(*) AS n FROM meetings_meeting m,
                      unnest(m.country_codes) AS other
               WHERE m.id = ANY(%s) AND other <> %s
               GROUP BY other ORDER BY n DESC, other LIMIT %s""",
            [ids, code, limit],
        )
        return [{"code": other, "name": country_name(other), "n": n}
                for other, n in cursor.fetchall()]


def article_detail(*, pk: int) -> Article:
    return Article.objects.prefetch_related(
        Prefetch("mentions", queryset=OfficialMention.objects.select_related("official")),
        Prefetch("meeting_sources", queryset=MeetingSource.objects.select_related("meeting")),
        Prefetch("statements", queryset=Statement.objects.select_related("speaker")),
        "topic_links__topic", "copies",
    ).get(pk=pk)
