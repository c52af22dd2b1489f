"""Extraction records -> database. The only module of ingest that writes.

One transaction per article, keyed on the SHA-256 of its body. A transaction-level
advisory lock serialises the resolution step across processes, so two ``ingest`` runs
on the same folder never create the same official or meeting twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from meetings import bulk, curation
from meetings.ingest import PIPELINE_VERSION
from meetings.ingest.names import normalize_name
from meetings.ingest.records import (
    ArticleInput,
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
    OfficialMention,
    Participation,
    RejectedName,
    Statement,
    Tombstone,
    Topic,
)
from meetings.services.officials import OfficialResolver
from meetings.services.officials import official_resolve as services_official_resolve

# An arbitrary constant naming this project's ingestion lock in pg_advisory_xact_lock.
INGEST_LOCK = 0x6D656574  # "meet"

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
    meeting_ids: tuple[int, ...] = ()
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


@dataclass
class _ArticleContext:
    """What one article's writes look up again and again, read once."""

    article: Article
    new_article: bool
    topics: dict[str, int]  # topic name -> id
    rejected: set[str]  # normalized names curators said are not people
    # Keys of what curators deleted from this article, by Tombstone kind.
    tombstoned: dict[str, set[str]]

    @property
    def tombstoned_meetings(self) -> set[str]:
        return self.tombstoned[Tombstone.Kind.MEETING]
    pending: _PendingMeetings
    # The article's writes that nothing reads before the end of _store_records, sent
    # there in one round trip.
    batch: bulk.Deferred = field(default_factory=bulk.Deferred)

    @classmethod
    def load(cls, article: Article, *, new_article: bool) -> _ArticleContext:
        kinds = [Tombstone.Kind.MEETING, Tombstone.Kind.STATEMENT, Tombstone.Kind.TOPIC_LINK]
        topics, rejected = {}, set()
        tombstoned: dict[str, set[str]] = {kind: set() for kind in kinds}
        with connection.cursor() as cursor:
            # One round trip: this runs for every article. (Tombstone kinds are words,
            # never the one-letter tags of the first two parts.)
            rows = bulk.prepared(
                cursor,
                "SELECT 't', name, id FROM meetings_topic"
                " UNION ALL SELECT 'r', name, NULL FROM meetings_rejectedname"
                " UNION ALL SELECT kind, key, NULL FROM meetings_tombstone"
                " WHERE kind = ANY(%s::text[]) AND key LIKE %s",
                [bulk.array(kinds), f"{article.sha256}:%"]).fetchall()
            for what, name, pk in rows:
                if what == "t":
                    topics[name] = pk
                elif what == "r":
                    rejected.add(normalize_name(name))
                else:
                    tombstoned[what].add(name)
        return cls(article=article, new_article=new_article, topics=topics, rejected=rejected,
                   tombstoned=tombstoned, pending=_PendingMeetings())


def officials_resolve(*, records: Iterable[OfficialRecord],
                      ctx: _ArticleContext | None = None) -> dict[str, Official]:
    """The Official each record names (by record name), created if new: the one resolver
    (``meetings.services.officials``). Records a curator rejected are left out."""
    return OfficialResolver(rejected=None if ctx is None else ctx.rejected).resolve_many(records)


def official_resolve(*, record: OfficialRecord) -> Official | None:
    """The Official this record names, created if new; None if a curator rejected the name."""
    return services_official_resolve(record=record)


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


def meetings_find(wanted: list[tuple[MeetingRecord, list[Official]]]) -> list[Meeting | None]:
    """For each (record, officials) of an article, the existing meeting that is the same
    real meeting (the same parties, compatible kinds and dates), in one query.

    The parties are the officials when there are any, else the countries (a meeting
    between governments); official records are never merged into (records.crosscheck
    confirms them instead).
    """
    keys = []  # per item: ((start, end), kinds, official ids, countries) or None
    for record, officials in wanted:
        period = _period(record.date)
        if period is None or (not officials and not record.countries):
            keys.append(None)
            continue
        keys.append((period, _COMPATIBLE_KINDS[MeetingKind(record.kind)],
                     {o.pk for o in officials}, set() if officials else set(record.countries)))
    live = [key for key in keys if key is not None]
    if not live:
        return [None] * len(wanted)
    with connection.cursor() as cursor:
        candidates = bulk.prepared(
            cursor,
            """
            SELECT m.id, m.kind, m.date, coalesce(m.end_date, m.date), m.countries,
                   ARRAY(SELECT p.official_id FROM meetings_participation p
                         WHERE p.meeting_id = m.id)
            FROM meetings_meeting m
            WHERE NOT m.from_record
              -- overlaps the article's days (the index meeting_period)
              AND m.date IS NOT NULL
              AND daterange(m.date, coalesce(m.end_date, m.date), '[]')
                  && daterange(%s, %s, '[]')
              AND (m.id IN (SELECT meeting_id FROM meetings_participation
                            WHERE official_id = ANY(%s::bigint[]))
                   OR m.countries && %s::varchar(2)[])
            ORDER BY m.id
            """,
            [min(k[0][0] for k in live), max(k[0][1] for k in live),
             bulk.array(sorted(set().union(*(k[2] for k in live)))),
             bulk.array(sorted(set().union(*(k[3] for k in live))))]).fetchall()
    chosen: list[int | None] = []
    for key in keys:
        pick = None
        if key is not None:
            (start, end), kinds, people, countries = key
            pick = next((pk for pk, kind, first, last, their_countries, participants
                         in candidates
                         if kind in kinds and first <= end and last >= start
                         and set(participants) == people
                         and (people or set(their_countries) == countries)), None)
        chosen.append(pick)
    found = Meeting.objects.in_bulk([pk for pk in chosen if pk]) if any(chosen) else {}
    return [found[pk] if pk else None for pk in chosen]


# What _new_meeting sets, and so what a new meeting's row is written with.
_MEETING_FIELDS = ("kind", "name", "date", "end_date", "date_precision", "date_phrase",
                   "place", "place_country", "venue", "background", "countries",
                   "country_codes", "summary")


def _new_meeting(record: MeetingRecord, officials: list[Official]) -> Meeting:
    period = _period(record.date)
    return Meeting(
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


_PARTICIPATION_FIELDS = ("meeting_id", "official_id", "title", "role")


def _participations(meeting: Meeting, record: MeetingRecord,
                    officials: list[Official]) -> list[tuple]:
    """Rows of _PARTICIPATION_FIELDS: each official with the title the record gives."""
    given = {p.name: p for p in record.participants}
    return [
        (meeting.pk, official.pk,
         given[official.name].title if official.name in given else official.title,
         given[official.name].role if official.name in given else "participant")
        for official in officials
    ]


@dataclass
class _Pending:
    meeting: Meeting
    record: MeetingRecord
    officials: list[Official]
    evidence: list[list[int]]
    topics: list[int]  # topic ids


class _PendingMeetings:
    """The new meetings of one article, created with a handful of bulk statements."""

    def __init__(self) -> None:
        self.items: list[_Pending] = []

    def add(self, *, record: MeetingRecord, officials: list[Official],
            evidence: list[list[int]], topics: list[int]) -> Meeting:
        wanted = {o.pk for o in officials}
        period = _period(record.date)
        for item in self.items:
            other = _period(item.record.date)
            if ({o.pk for o in item.officials} == wanted
                    and sorted(item.record.countries) == sorted(record.countries)
                    and MeetingKind(record.kind) in _COMPATIBLE_KINDS[MeetingKind(
                        item.record.kind)]
                    and period and other and period[0] <= other[1] and other[0] <= period[1]):
                item.evidence = sorted({*map(tuple, item.evidence), *map(tuple, evidence)})
                item.evidence = [list(pair) for pair in item.evidence]
                item.topics = list(dict.fromkeys([*item.topics, *topics]))
                return item.meeting
        item = _Pending(meeting=_new_meeting(record, officials), record=record,
                        officials=officials, evidence=evidence, topics=topics)
        self.items.append(item)
        return item.meeting

    def flush(self, article: Article, *, into: bulk.Deferred,
              statements: dict[int, list[str]] | None = None, roundup: bool = False,
              topic_names: dict[int, str] | None = None) -> list[int]:
        """Write the new meetings (their rows go to ``into``); their ids.

        With ``statements`` (the texts of the statements tied to each new meeting, keyed
        by ``id()`` of the Meeting) the search vectors are computed in the same insert,
        from what this article gives them, instead of by ``refresh_search`` afterwards:
        a new meeting has no other source. ``roundup`` says whether the article is a
        round-up (ROUNDUP_MEETINGS), ``topic_names`` maps topic ids to names.
        """
        if not self.items:
            return []
        vectors = None
        if statements is not None:
            vectors = [self._vector_inputs(item, article, statements.get(id(item.meeting), []),
                                           roundup=roundup, topic_names=topic_names or {})
                       for item in self.items]
        with connection.cursor() as cursor:
            bulk.insert_new(cursor, Meeting, [item.meeting for item in self.items],
                            _MEETING_FIELDS, computed=_NEW_MEETING_VECTOR if vectors else None,
                            inputs=vectors or (), into=into)
        bulk.insert(into, Participation, _PARTICIPATION_FIELDS, [
            row for item in self.items
            for row in _participations(item.meeting, item.record, item.officials)])
        bulk.insert(into, MeetingSource, ("meeting_id", "article_id", "evidence", "background"),
                    [(item.meeting.pk, article.pk, item.evidence, item.record.background)
                     for item in self.items])
        bulk.insert(into, MeetingTopic, ("meeting_id", "topic_id"),
                    [(item.meeting.pk, topic) for item in self.items for topic in item.topics])
        written = [item.meeting.pk for item in self.items]
        self.items = []
        return written

    @staticmethod
    def _vector_inputs(item: _Pending, article: Article, statements: list[str], *,
                       roundup: bool, topic_names: dict[int, str]) -> tuple:
        """The inputs of _NEW_MEETING_VECTOR: the texts refresh_search would read back."""
        meeting = item.meeting
        people = " ".join(f"{official.name} {row[2]}" for official, row in zip(
            item.officials, _participations(meeting, item.record, item.officials),
            strict=True))
        topics = " ".join(topic_names.get(topic, "") for topic in item.topics)
        sentences = " ".join(article.body[start:end] for start, end in item.evidence)
        return (f"{meeting.summary} {meeting.name} {meeting.place} {people} {topics}",
                " ".join(statements), sentences, article.pk, not roundup)


def meeting_upsert(*, record: MeetingRecord, officials: list[Official], article: Article,
                   ctx: _ArticleContext, existing: Meeting | None) -> Meeting | None:
    """Create the meeting, or add this article as another source of the existing one
    (``existing``, from meetings_find).

    None when a curator deleted the meeting this evidence made.
    """
    # Curation: a deleted meeting stays deleted, and evidence a curator gave to a meeting
    # (by editing, merging or splitting) stays with that meeting.
    evidence = _spans(record.evidence)
    key = curation.meeting_key(sha256=article.sha256, evidence=evidence)
    if key is not None and key in ctx.tombstoned_meetings:
        return None
    # A new article has no sources yet, so no curated meeting can hold its evidence.
    if not ctx.new_article:
        with connection.cursor() as cursor:
            ctx.batch.send(cursor)  # the claim reads this article's sources
        claimed = curation.meeting_claiming(article=article, evidence=evidence,
                                            officials=officials)
        if claimed is not None:
            return claimed
    topics = [ctx.topics[n] for n in record.topics if n in ctx.topics]
    meeting = existing
    if meeting is None:
        # New meetings of one article are written together at the end (_PendingMeetings).
        return ctx.pending.add(record=record, officials=officials, evidence=evidence,
                               topics=topics)
    period = _period(record.date)
    if not meeting.curated:
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
    bulk.insert(ctx.batch, MeetingSource, ("meeting_id", "article_id", "evidence", "background"),
                [(meeting.pk, article.pk, evidence, record.background)], ignore_conflicts=True)
    if not meeting.curated:
        bulk.insert(ctx.batch, MeetingTopic, ("meeting_id", "topic_id"),
                    [(meeting.pk, topic) for topic in topics], ignore_conflicts=True)
    return meeting


# --------------------------------------------------------------------------- articles


def article_store(*, extraction: Extraction, reprocess: bool = False) -> Stored:
    """Store one article and everything extracted from it, atomically and idempotently."""
    source = extraction.article
    digest = body_sha256(source.body)
    with transaction.atomic():
        with connection.cursor() as cursor:
            # The lock, then whether the body is stored: one round trip.
            existing_id = bulk.prepared(
                cursor, "SELECT pg_advisory_xact_lock(%s)::text,"
                        " (SELECT id FROM meetings_article WHERE sha256 = %s)",
                [INGEST_LOCK, digest]).fetchone()[1]
        if existing_id and not reprocess:
            return Stored(article_id=existing_id, created=False)
        if existing_id:
            article = Article.objects.get(pk=existing_id)
            _forget_extraction(article)
            article.pipeline_version = PIPELINE_VERSION
            article.save(update_fields=["pipeline_version"])
        else:
            if source.date is None:
                raise ValueError("the article has no date")
            article = _article_create(source, digest)
        stored = _store_records(article, extraction, new_article=existing_id is None)
        searched = set(stored.searched)
        refresh_search(meeting_ids=[pk for pk in stored.meeting_ids if pk not in searched])
    return Stored(article_id=article.pk, created=True, reprocessed=existing_id is not None,
                  meetings=len(stored.meeting_ids), meeting_ids=tuple(stored.meeting_ids),
                  officials=stored.officials, statements=stored.statements)


def _article_create(source: ArticleInput, digest: str) -> Article:
    """Insert the article row with its search vector; the instance, for what follows."""
    article = Article(
        title=source.title[:500], source=source.source[:200], url=source.url[:1000],
        external_id=source.id[:200], published_on=source.date, body=source.body,
        sha256=digest, pipeline_version=PIPELINE_VERSION, origin=source.origin[:1000])
    fields = ("title", "source", "url", "external_id", "published_on", "body", "sha256",
              "pipeline_version", "origin")
    # Title and body go to their columns and into the vector: typed text in both places.
    vector = _ARTICLE_VECTOR.format(title="%(title)s::text", body="%(body)s::text")
    values = [f"%({f})s::text" if f in ("title", "body") else f"%({f})s" for f in fields]
    with connection.cursor() as cursor:
        article.pk = article.id = bulk.prepared(
            cursor,
            f"INSERT INTO meetings_article ({', '.join(fields)}, ingested_at, search_vector)"  # noqa: S608
            f" VALUES ({', '.join(values)}, statement_timestamp(), {vector})"
            " RETURNING id", {f: getattr(article, f) for f in fields}).fetchone()[0]
    article._state.adding = False
    return article


@dataclass
class _Written:
    meeting_ids: list[int]
    searched: list[int]  # of which those written with their search vectors
    officials: int
    statements: int


def _store_records(article: Article, extraction: Extraction, *,
                   new_article: bool = True) -> _Written:
    ctx = _ArticleContext.load(article, new_article=new_article)
    topics = ctx.topics
    officials = officials_resolve(records=extraction.officials, ctx=ctx)
    by_name = {r.name: r for r in extraction.officials}
    bulk.insert(ctx.batch, OfficialMention,
                ("article_id", "official_id", "title", "spans", "evidence"),
                [(article.pk, official.pk, by_name[name].title,
                  _spans(by_name[name].mentions), _spans(by_name[name].evidence))
                 for name, official in officials.items()], ignore_conflicts=True)
    parties = []
    for record in extraction.meetings:
        people = [officials[p.name] for p in record.participants if p.name in officials]
        parties.append(list({o.pk: o for o in people}.values()))
    existing = meetings_find(list(zip(extraction.meetings, parties, strict=True)))
    meetings: list[Meeting | None] = []
    for record, people, same in zip(extraction.meetings, parties, existing, strict=True):
        if not people and not record.countries and not record.name:
            meetings.append(None)
            continue
        meetings.append(meeting_upsert(record=record, officials=people, article=article,
                                       ctx=ctx, existing=same))
    # Statements already there (curated ones kept by a reprocess) are not made twice.
    existing = set() if new_article else set(
        Statement.objects.filter(article=article).values_list("evidence_start", "text_hash"))
    statements, statement_topics, statement_meetings = [], [], []
    for record in extraction.statements:
        meeting = meetings[record.meeting] if record.meeting is not None and \
            record.meeting < len(meetings) else None
        text_hash = hashlib.sha256(record.text.encode()).hexdigest()
        if (record.evidence.start, text_hash) in existing:
            continue
        if curation.statement_key(sha256=article.sha256, evidence_start=record.evidence.start,
                                  text_hash=text_hash) in ctx.tombstoned[Tombstone.Kind.STATEMENT]:
            continue  # a curator deleted it
        existing.add((record.evidence.start, text_hash))
        speaker = officials.get(record.speaker or "")
        statements.append([None, article.pk, record.text, text_hash, record.direct,
                           speaker.pk if speaker else None, record.speaker_label[:200],
                           record.reported_by[:200], None,
                           record.evidence.start, record.evidence.end])
        statement_meetings.append(meeting)
        statement_topics.append([topics[n] for n in record.topics if n in topics])
    searched: list[int] = []  # meetings written with their search vectors
    if new_article:
        # A new article's new meetings have no other source: their search vectors are
        # written with them, from this article alone (see _PendingMeetings.flush).
        said: dict[int, list[str]] = {}
        for row, meeting in zip(statements, statement_meetings, strict=True):
            if meeting is not None:
                said.setdefault(id(meeting), []).append(row[2])
        reported = {id(m) for m in meetings if m is not None}
        searched = ctx.pending.flush(article, into=ctx.batch, statements=said,
                                     roundup=len(reported) > ROUNDUP_MEETINGS,
                                     topic_names={pk: name for name, pk in topics.items()})
    else:
        ctx.pending.flush(article, into=ctx.batch)
    for row, meeting in zip(statements, statement_meetings, strict=True):
        row[8] = meeting.pk if meeting is not None else None
    with connection.cursor() as cursor:
        bulk.insert(ctx.batch, ArticleTopic, ("article_id", "topic_id", "evidence"),
                    [(article.pk, topics[t.name], _spans(t.evidence))
                     for t in extraction.topics if t.name in topics
                     and curation.topic_link_key(sha256=article.sha256, topic_id=topics[t.name])
                     not in ctx.tombstoned[Tombstone.Kind.TOPIC_LINK]], ignore_conflicts=True)
        for row, pk in zip(statements, bulk.reserve_ids(cursor, Statement, len(statements)),
                           strict=True):
            row[0] = pk
        bulk.insert(ctx.batch, Statement,
                    ("id", "article_id", "text", "text_hash", "direct", "speaker_id",
                     "speaker_label", "reported_by", "meeting_id", "evidence_start",
                     "evidence_end"), statements)
        bulk.insert(ctx.batch, Statement.topics.through, ("statement_id", "topic_id"),
                    [(row[0], topic) for row, chosen in zip(statements, statement_topics,
                                                            strict=True)
                     for topic in chosen], ignore_conflicts=True)
        ctx.batch.send(cursor)
    return _Written(meeting_ids=sorted({m.pk for m in meetings if m is not None}),
                    searched=searched, officials=len(officials), statements=len(statements))


def _forget_extraction(article: Article) -> None:
    """Remove what the machine extracted from this article, keeping curated records."""
    meeting_ids = list(article.meeting_sources.values_list("meeting_id", flat=True))
    # Curation: a curated meeting keeps its evidence (meeting_upsert finds it there).
    article.meeting_sources.filter(meeting__curated=False).delete()
    article.statements.filter(curated=False).delete()
    article.topic_links.filter(curated=False).delete()
    article.mentions.all().delete()
    # A machine-made meeting with no source left has no evidence: it goes.
    Meeting.objects.filter(pk__in=meeting_ids, curated=False, sources__isnull=True).delete()


# An article reporting more meetings than this is a round-up: each paragraph is about
# other people, so its meetings are searchable by their own sentences (their evidence,
# statements, participants and topics), not by every word of the article.
ROUNDUP_MEETINGS = 3


def refresh_search(*, article_ids: Iterable[int] = (), meeting_ids: Iterable[int] = ()) -> None:
    """Recompute the stored tsvectors used by full-text search.

    A meeting's vector holds, by weight: A its summary, name, place, participants and
    topics; B its statements; C the sentences that report it; D the whole text of the
    articles that report it, unless an article is a round-up (ROUNDUP_MEETINGS).
    """
    article_ids, meeting_ids = list(article_ids), list(meeting_ids)
    with connection.cursor() as cursor:
        if article_ids:
            _refresh_articles(cursor, article_ids)
        if meeting_ids:
            cursor.execute(_REFRESH_MEETINGS, [ROUNDUP_MEETINGS, meeting_ids])


def _meeting_vector(described: str, said: str, reported: str, articles: str) -> str:
    """A meeting's search vector, from SQL for its parts: the text of what describes it
    (weight A), of its statements (B) and of the sentences reporting it (C), and the
    vector of the articles lending it their whole text (D)."""
    return (f"setweight(to_tsvector('english', {described}), 'A') ||"
            f" setweight(to_tsvector('english', {said}), 'B') ||"
            f" setweight(to_tsvector('english', {reported}), 'C') ||"
            f" setweight({articles}, 'D')")


_REFRESH_MEETINGS = "UPDATE meetings_meeting m SET search_vector = " + _meeting_vector(  # noqa: S608 - constant text
    described="""coalesce(m.summary, '') || ' ' || coalesce(m.name, '') || ' ' ||
        coalesce(m.place, '') || ' ' ||
        coalesce((SELECT string_agg(o.name || ' ' || p.title, ' ')
                  FROM meetings_participation p
                  JOIN meetings_official o ON o.id = p.official_id
                  WHERE p.meeting_id = m.id), '') || ' ' ||
        coalesce((SELECT string_agg(t.name, ' ')
                  FROM meetings_meetingtopic mt
                  JOIN meetings_topic t ON t.id = mt.topic_id
                  WHERE mt.meeting_id = m.id), '')""",
    said="""coalesce((SELECT string_agg(s.text, ' ') FROM meetings_statement s
                      WHERE s.meeting_id = m.id), '')""",
    reported="""coalesce((
        SELECT string_agg(substr(a.body, (e->>0)::int + 1, (e->>1)::int - (e->>0)::int), ' ')
        FROM meetings_meetingsource ms
        JOIN meetings_article a ON a.id = ms.article_id,
        jsonb_array_elements(ms.evidence) e
        WHERE ms.meeting_id = m.id), '')""",
    articles="""coalesce((
        SELECT meetings_tsvector_agg(a.search_vector)
        FROM meetings_meetingsource ms
        JOIN meetings_article a ON a.id = ms.article_id
        WHERE ms.meeting_id = m.id
          AND (SELECT count(*) FROM meetings_meetingsource others
               WHERE others.article_id = a.id) <= %s), ''::tsvector)""",
) + " WHERE m.id = ANY(%s)"

# The same vector for a meeting just extracted from a new article, its only source,
# computed in the meeting's INSERT from the texts of that article
# (_PendingMeetings._vector_inputs): described, said, reported, the article's id, and
# whether the article lends its whole text (it is not a round-up).
_NEW_MEETING_VECTOR = bulk.Computed(
    column="search_vector",
    sql=_meeting_vector(described="{0}", said="{1}", reported="{2}", articles=(
        "coalesce((SELECT a.search_vector FROM meetings_article a"
        " WHERE a.id = {3} AND {4}), ''::tsvector)")),
    types=("text", "text", "text", "bigint", "boolean"))


# An article's search vector: its title weighs most, its body least.
_ARTICLE_VECTOR = ("setweight(to_tsvector('english', coalesce({title}, '')), 'A') ||"
                   " setweight(to_tsvector('english', coalesce({body}, '')), 'C')")


def _refresh_articles(cursor, article_ids: list[int]) -> None:
    cursor.execute(
        "UPDATE meetings_article SET search_vector = "  # noqa: S608 - constant text
        + _ARTICLE_VECTOR.format(title="title", body="body") + " WHERE id = ANY(%s)",
        [article_ids])
