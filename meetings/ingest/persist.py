"""Extraction records -> database. The only module of ingest that writes.

One transaction per article, keyed on the SHA-256 of its body. A transaction-level
advisory lock serialises the resolution step across processes, so two ``ingest`` runs
on the same folder never create the same official or meeting twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from meetings.ingest import PIPELINE_VERSION
from meetings.ingest.names import normalize_name
from meetings.ingest.records import (
    DateRef,
    Extraction,
    KnownOfficial,
    Lexicon,
    MeetingRecord,
    OfficialRecord,
    Span,
    TopicDef,
)
from meetings.models import (
    Article,
    ArticleTopic,
    Meeting,
    MeetingKind,
    MeetingSource,
    MeetingTopic,
    Official,
    OfficialAlias,
    OfficialMention,
    Participation,
    RejectedName,
    Statement,
    Topic,
)

# An arbitrary constant naming this project's ingestion lock in pg_advisory_xact_lock.
_INGEST_LOCK = 0x6D656574  # "meet"

# Kinds that can describe the same event in two articles ("talks" vs "meeting").
_COMPATIBLE_KINDS = {
    MeetingKind.MEETING: {MeetingKind.MEETING, MeetingKind.TALKS, MeetingKind.VISIT},
    MeetingKind.TALKS: {MeetingKind.MEETING, MeetingKind.TALKS},
    MeetingKind.VISIT: {MeetingKind.MEETING, MeetingKind.VISIT},
    MeetingKind.CALL: {MeetingKind.CALL},
    MeetingKind.SUMMIT: {MeetingKind.SUMMIT, MeetingKind.MULTILATERAL},
    MeetingKind.MULTILATERAL: {MeetingKind.SUMMIT, MeetingKind.MULTILATERAL},
}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def body_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Stored:
    """What persisting one article did."""

    article_id: int
    created: bool  # False when the article was already there (nothing changed)
    reprocessed: bool = False  # True when a stored article was extracted again
    meetings: int = 0
    officials: int = 0
    statements: int = 0


def stored_hashes(hashes: Iterable[str]) -> set[str]:
    """Which of these body hashes are already stored (one query)."""
    return set(Article.objects.filter(sha256__in=list(hashes)).values_list("sha256", flat=True))


def lexicon_from_db() -> Lexicon:
    """Known officials, rejected names and the topic taxonomy, for the extractor."""
    officials = []
    for official in Official.objects.prefetch_related("aliases").order_by("id"):
        aliases = tuple(a.alias for a in official.aliases.all() if not a.rejected)
        officials.append(KnownOfficial(name=official.name, title=official.title,
                                       organization=official.organization,
                                       country=official.country, aliases=aliases))
    rejected = frozenset(RejectedName.objects.values_list("name", flat=True))
    topics = tuple(
        TopicDef(name=t.name, slug=t.slug, aliases=tuple(t.aliases),
                 parent=t.parent.slug if t.parent_id else None)
        for t in Topic.objects.select_related("parent").order_by("name")
    )
    return Lexicon(officials=tuple(officials), rejected_people=rejected, topics=topics)


def topics_load(topics: Iterable[TopicDef]) -> tuple[int, int]:
    """Load the taxonomy into Topic: new topics are created, existing ones left as edited."""
    created = updated = 0
    topics = list(topics)
    with transaction.atomic():
        by_slug = {t.slug: t for t in Topic.objects.all()}
        for definition in topics:
            if definition.slug in by_slug:
                continue
            by_slug[definition.slug] = Topic.objects.create(
                name=definition.name, slug=definition.slug, aliases=list(definition.aliases))
            created += 1
        for definition in topics:
            topic = by_slug[definition.slug]
            if definition.parent and topic.parent_id is None and definition.parent in by_slug:
                topic.parent = by_slug[definition.parent]
                topic.save(update_fields=["parent"])
                updated += 1
    return created, updated


# --------------------------------------------------------------------------- officials


def _spans(spans: Iterable[Span]) -> list[list[int]]:
    return [[start, end] for start, end in sorted({(s.start, s.end) for s in spans})]


def official_resolve(*, record: OfficialRecord) -> Official | None:
    """The Official this record names, created if new; None if a curator rejected the name."""
    rejected = {normalize_name(n) for n in RejectedName.objects.values_list("name", flat=True)}
    key = normalize_name(record.name)
    if not key or key in rejected:
        return None
    # Full names only: a bare surname ("Liu") is too weak to join two articles.
    keys = {key} | {normalize_name(a) for a in record.aliases if len(a.split()) > 1}
    keys -= rejected
    refused = set(OfficialAlias.objects.filter(normalized__in=keys, rejected=True)
                  .values_list("official_id", flat=True))
    match = (
        Official.objects.filter(Q(normalized_name__in=keys)
                                | Q(aliases__normalized__in=keys, aliases__rejected=False))
        .exclude(pk__in=refused).order_by("id").first()
    )
    if match is None:
        match = Official(name=record.name, title=record.title,
                         organization=record.organization, country=record.country)
        match.save()
    elif not match.curated:
        changed = []
        for field in ("title", "organization", "country"):
            if not getattr(match, field) and getattr(record, field):
                setattr(match, field, getattr(record, field))
                changed.append(field)
        if changed:
            match.save(update_fields=[*changed, "updated_at"])
    known = set(match.aliases.values_list("normalized", flat=True)) | {match.normalized_name}
    for alias in (record.name, *record.aliases):
        norm = normalize_name(alias)
        if norm and norm not in known:
            OfficialAlias.objects.create(official=match, alias=alias)
            known.add(norm)
    return match


# --------------------------------------------------------------------------- meetings


def _period(date: DateRef | None) -> tuple[dt.date, dt.date] | None:
    if date is None:
        return None
    end = date.end or date.value
    return date.value, max(end, date.value)


def _summary(record: MeetingRecord, names: list[str]) -> str:
    from meetings.ingest.countries import name_of

    if record.name:
        who = record.name
    elif names:
        who = " – ".join(names)
    else:
        who = " – ".join(name_of(c) or c for c in record.countries) or "Unnamed parties"
    kind = dict(MeetingKind.choices)[record.kind].lower()
    place = f", {record.place}" if record.place else ""
    return f"{who} ({kind}{place})"


def _all_countries(record: MeetingRecord, officials: list[Official]) -> list[str]:
    codes = {*record.countries, *(o.country for o in officials)}
    if record.place_country:
        codes.add(record.place_country)
    return sorted(c for c in codes if c)


def meeting_find(*, record: MeetingRecord, officials: list[Official]) -> Meeting | None:
    """An existing meeting that is the same real meeting: same parties, compatible dates."""
    period = _period(record.date)
    if period is None or (not officials and not record.countries):
        return None
    start, end = period
    qs = Meeting.objects.filter(kind__in=_COMPATIBLE_KINDS[MeetingKind(record.kind)],
                                date__lte=end).filter(
        Q(end_date__gte=start) | Q(end_date__isnull=True, date__gte=start))
    if officials:
        for official in officials:
            qs = qs.filter(participations__official=official)
    else:
        qs = qs.filter(countries__contains=sorted(record.countries),
                       countries__contained_by=sorted(record.countries),
                       participations__isnull=True)
    wanted = {o.pk for o in officials}
    for meeting in qs.distinct().prefetch_related("participations").order_by("id"):
        if {p.official_id for p in meeting.participations.all()} == wanted:
            return meeting
    return None


def meeting_upsert(*, record: MeetingRecord, officials: list[Official], article: Article,
                   topics: dict[str, Topic]) -> Meeting:
    """Create the meeting, or add this article as another source of the existing one."""
    meeting = meeting_find(record=record, officials=officials)
    period = _period(record.date)
    if meeting is None:
        meeting = Meeting.objects.create(
            kind=record.kind, name=record.name or "",
            date=period[0] if period else None,
            end_date=period[1] if period and period[1] != period[0] else None,
            date_precision=record.date.precision if record.date else "day",
            date_phrase=record.date.phrase if record.date else "",
            place=record.place, place_country=record.place_country, venue=record.venue,
            background=record.background, countries=sorted(record.countries),
            country_codes=_all_countries(record, officials),
            summary=_summary(record, [o.name for o in officials]),
        )
        titles = {p.name: p for p in record.participants}
        for official in officials:
            participant = titles.get(official.name)
            Participation.objects.create(
                meeting=meeting, official=official,
                title=participant.title if participant else official.title,
                role=participant.role if participant else "participant")
    elif not meeting.curated:
        changed = []
        if record.date and period and _PRECISION_RANK[record.date.precision] < \
                _PRECISION_RANK[meeting.date_precision]:
            meeting.date, meeting.end_date = period[0], (period[1] if period[1] != period[0]
                                                         else None)
            meeting.date_precision, meeting.date_phrase = record.date.precision, record.date.phrase
            changed += ["date", "end_date", "date_precision", "date_phrase"]
        for field in ("place", "place_country", "venue"):
            if not getattr(meeting, field) and getattr(record, field):
                setattr(meeting, field, getattr(record, field))
                changed.append(field)
        if meeting.background and not record.background:
            meeting.background = False
            changed.append("background")
        if changed:
            meeting.country_codes = sorted({*meeting.country_codes,
                                            *_all_countries(record, officials)})
            meeting.save(update_fields=[*changed, "country_codes", "updated_at"])
    MeetingSource.objects.get_or_create(
        meeting=meeting, article=article,
        defaults={"evidence": _spans(record.evidence), "background": record.background})
    if not meeting.curated:
        for name in record.topics:
            if name in topics:
                MeetingTopic.objects.get_or_create(meeting=meeting, topic=topics[name])
    return meeting


# --------------------------------------------------------------------------- articles


def article_store(*, extraction: Extraction, reprocess: bool = False) -> Stored:
    """Store one article and everything extracted from it, atomically and idempotently."""
    source = extraction.article
    digest = body_sha256(source.body)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_INGEST_LOCK])
        existing = Article.objects.filter(sha256=digest).first()
        if existing and not reprocess:
            return Stored(article_id=existing.pk, created=False)
        if existing:
            article = existing
            _forget_extraction(article)
            article.pipeline_version = PIPELINE_VERSION
            article.save(update_fields=["pipeline_version"])
        else:
            if source.date is None:
                raise ValueError("the article has no date")
            article = Article.objects.create(
                title=source.title[:500], source=source.source[:200], url=source.url[:1000],
                external_id=source.id[:200], published_on=source.date, body=source.body,
                sha256=digest, pipeline_version=PIPELINE_VERSION, origin=source.origin[:1000])
        stored = _store_records(article, extraction)
        refresh_search(article_ids=[article.pk], meeting_ids=stored.meeting_ids)
    return Stored(article_id=article.pk, created=True, reprocessed=existing is not None,
                  meetings=len(stored.meeting_ids),
                  officials=stored.officials, statements=stored.statements)


@dataclass
class _Written:
    meeting_ids: list[int]
    officials: int
    statements: int


def _store_records(article: Article, extraction: Extraction) -> _Written:
    topics = {t.name: t for t in Topic.objects.all()}
    officials: dict[str, Official] = {}
    for record in extraction.officials:
        official = official_resolve(record=record)
        if official is None:
            continue
        officials[record.name] = official
        mention, _ = OfficialMention.objects.get_or_create(
            article=article, official=official,
            defaults={"title": record.title, "spans": _spans(record.mentions),
                      "evidence": _spans(record.evidence)})
    meetings: list[Meeting | None] = []
    for record in extraction.meetings:
        people = [officials[p.name] for p in record.participants if p.name in officials]
        people = list({o.pk: o for o in people}.values())
        if not people and not record.countries and not record.name:
            meetings.append(None)
            continue
        meetings.append(meeting_upsert(record=record, officials=people, article=article,
                                       topics=topics))
    for topic in extraction.topics:
        if topic.name in topics:
            ArticleTopic.objects.get_or_create(
                article=article, topic=topics[topic.name],
                defaults={"evidence": _spans(topic.evidence)})
    statements = 0
    for record in extraction.statements:
        meeting = meetings[record.meeting] if record.meeting is not None and \
            record.meeting < len(meetings) else None
        text_hash = hashlib.sha256(record.text.encode()).hexdigest()
        statement, created = Statement.objects.get_or_create(
            article=article, evidence_start=record.evidence.start, text_hash=text_hash,
            defaults={
                "text": record.text, "direct": record.direct,
                "speaker": officials.get(record.speaker or ""),
                "speaker_label": record.speaker_label[:200],
                "reported_by": record.reported_by[:200], "meeting": meeting,
                "evidence_end": record.evidence.end,
            })
        if created:
            statement.topics.set([topics[n] for n in record.topics if n in topics])
            statements += 1
    return _Written(meeting_ids=sorted({m.pk for m in meetings if m is not None}),
                    officials=len(officials), statements=statements)


def _forget_extraction(article: Article) -> None:
    """Remove what the machine extracted from this article, keeping curated records."""
    meeting_ids = list(article.meeting_sources.values_list("meeting_id", flat=True))
    article.meeting_sources.all().delete()
    article.statements.filter(curated=False).delete()
    article.topic_links.filter(curated=False).delete()
    article.mentions.all().delete()
    # A machine-made meeting with no source left has no evidence: it goes.
    Meeting.objects.filter(pk__in=meeting_ids, curated=False, sources__isnull=True).delete()


def refresh_search(*, article_ids: Iterable[int] = (), meeting_ids: Iterable[int] = ()) -> None:
    """Recompute the stored tsvectors used by full-text search."""
    article_ids, meeting_ids = list(article_ids), list(meeting_ids)
    with connection.cursor() as cursor:
        if article_ids:
            cursor.execute(
                """
                UPDATE meetings_article SET search_vector =
                    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
                    setweight(to_tsvector('english', coalesce(body, '')), 'C')
                WHERE id = ANY(%s)
                """,
                [article_ids],
            )
        if meeting_ids:
            cursor.execute(
                """
                UPDATE meetings_meeting m SET search_vector =
                    setweight(to_tsvector('english', coalesce(m.summary, '') || ' ' ||
                        coalesce(m.name, '') || ' ' || coalesce(m.place, '') || ' ' ||
                        coalesce((SELECT string_agg(o.name || ' ' || p.title, ' ')
                                  FROM meetings_participation p
                                  JOIN meetings_official o ON o.id = p.official_id
                                  WHERE p.meeting_id = m.id), '') || ' ' ||
                        coalesce((SELECT string_agg(t.name, ' ')
                                  FROM meetings_meetingtopic mt
                                  JOIN meetings_topic t ON t.id = mt.topic_id
                                  WHERE mt.meeting_id = m.id), '')), 'A') ||
                    setweight(to_tsvector('english', coalesce((
                        SELECT string_agg(s.text, ' ') FROM meetings_statement s
                        WHERE s.meeting_id = m.id), '')), 'B') ||
                    setweight(to_tsvector('english', coalesce((
                        SELECT string_agg(substr(a.body, (e->>0)::int + 1,
                                                 (e->>1)::int - (e->>0)::int), ' ')
                        FROM meetings_meetingsource ms
                        JOIN meetings_article a ON a.id = ms.article_id,
                        jsonb_array_elements(ms.evidence) e
                        WHERE ms.meeting_id = m.id), '')), 'C')
                WHERE m.id = ANY(%s)
                """,
                [meeting_ids],
            )
