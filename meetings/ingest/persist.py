"""Extraction records -> database. The only module of ingest that writes.

One transaction per article, keyed on the SHA-256 of its body; the writes are the ORM's
(``bulk_create`` inside ``transaction.atomic()``). Transaction-level advisory locks keyed
on identity (``locks.py``) make articles that may create the same official or meeting
wait for each other, so two ``ingest`` runs or workers never create one twice, while
other articles (about other people, or people already stored) are stored at the same
time; the records import takes the
project lock (``meetings.services.INGEST_LOCK``) exclusively. Who is who and which
meeting is which are the write side's rules (``meetings.services``); the derived fields
are refreshed by ``services.derived``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import Q

from meetings import curation
from meetings.ingest import PIPELINE_VERSION, locks
from meetings.ingest.records import (
    ArticleInput,
    DateRef,
    Extraction,
    MeetingRecord,
    OfficialRecord,
    Span,
    TopicDef,
)
from meetings.models import (
    MEETING_PERIOD,
    Article,
    ArticleCopy,
    ArticleTopic,
    Meeting,
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
from meetings.services import INGEST_LOCK, copies, derived
from meetings.services.derived import ROUNDUP_MEETINGS
from meetings.services.identity import MeetingKey, meeting_period, same_meeting
from meetings.services.lexicon import lexicon_from_db
from meetings.services.officials import OfficialResolver, names_found_exactly
from meetings.services.officials import official_resolve as services_official_resolve
from meetings.text import body_sha256, normalize_name

__all__ = ["INGEST_LOCK", "ROUNDUP_MEETINGS", "ArticleStored", "article_store", "body_sha256",
           "lexicon_from_db", "meeting_upsert", "meetings_find", "official_resolve",
           "officials_resolve", "refresh_search", "stored_hashes", "topics_load"]

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True)
class ArticleStored:
    """What storing one article did: a per-article value, which the ingest run counts in
    its ``RunReport``."""

    article_id: int
    created: bool  # False when the article was already there (nothing changed)
    reprocessed: bool = False  # True when a stored article was extracted again
    copy_of: int | None = None  # the article this one is a near-identical copy of
    meeting_ids: tuple[int, ...] = ()
    meetings: int = 0
    officials: int = 0
    statements: int = 0


def stored_hashes(hashes: Iterable[str]) -> set[str]:
    """Which of these body hashes are already stored, as articles or as their copies."""
    hashes = list(hashes)
    return (set(Article.objects.filter(sha256__in=hashes).values_list("sha256", flat=True))
            | set(ArticleCopy.objects.filter(sha256__in=hashes).values_list("sha256",
                                                                            flat=True)))


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
    pending: _PendingMeetings = field(default_factory=lambda: _PendingMeetings())

    @property
    def tombstoned_meetings(self) -> set[str]:
        return self.tombstoned[Tombstone.Kind.MEETING]

    @classmethod
    def load(cls, article: Article, *, new_article: bool) -> _ArticleContext:
        kinds = [Tombstone.Kind.MEETING, Tombstone.Kind.STATEMENT, Tombstone.Kind.TOPIC_LINK]
        tombstoned: dict[str, set[str]] = {kind: set() for kind in kinds}
        for kind, key in Tombstone.objects.filter(
                kind__in=kinds, key__startswith=f"{article.sha256}:").values_list("kind", "key"):
            tombstoned[kind].add(key)
        return cls(article=article, new_article=new_article,
                   topics=dict(Topic.objects.values_list("name", "id")),
                   rejected={normalize_name(n) for n in
                             RejectedName.objects.values_list("name", flat=True)},
                   tombstoned=tombstoned)


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
    return meeting_period(date.value, date.end) if date is not None else None


def _key(record: MeetingRecord, officials: list[Official]) -> MeetingKey | None:
    """What decides whether this report is a meeting already stored (None: it cannot be)."""
    period = _period(record.date)
    if period is None or (not officials and not record.countries):
        return None
    return MeetingKey(kind=record.kind, period=period,
                      officials=frozenset(o.pk for o in officials),
                      countries=frozenset() if officials else frozenset(record.countries))


def meetings_find(wanted: list[tuple[MeetingRecord, list[Official]]]) -> list[Meeting | None]:
    """For each (record, officials) of an article, the stored meeting that is the same
    real meeting (``identity.same_meeting``), in one query.

    Official records are never merged into (historian.crosscheck confirms them instead).
    """
    keys = [_key(record, officials) for record, officials in wanted]
    live = [key for key in keys if key is not None]
    if not live:
        return [None] * len(wanted)
    people = set().union(*(k.officials for k in live))
    countries = set().union(*(k.countries for k in live))
    window = DateRange(min(k.period[0] for k in live), max(k.period[1] for k in live), "[]")
    candidates = list(
        Meeting.objects.filter(from_record=False, date__isnull=False)
        # The days it spans overlap the article's (the index meeting_period).
        .alias(period=MEETING_PERIOD).filter(period__overlap=window)
        .filter(Q(pk__in=Participation.objects.filter(official_id__in=people)
                  .values("meeting_id")) | Q(countries__overlap=sorted(countries)))
        .annotate(people=ArrayAgg("participations__official_id", distinct=True,
                                  default=[]))
        .order_by("id"))
    found = []
    for key in keys:
        found.append(None if key is None else next(
            (m for m in candidates if same_meeting(key, MeetingKey(
                kind=m.kind, period=meeting_period(m.date, m.end_date),
                officials=frozenset(p for p in m.people if p is not None),
                countries=frozenset(m.countries)))), None))
    return found


def _new_meeting(record: MeetingRecord) -> Meeting:
    """An unsaved meeting; its summary and countries are derived (services.derived)."""
    period = _period(record.date)
    return Meeting(
        kind=record.kind, name=(record.name or "")[:300],
        date=period[0] if period else None,
        end_date=period[1] if period and period[1] != period[0] else None,
        date_precision=record.date.precision if record.date else "day",
        date_phrase=record.date.phrase[:200] if record.date else "",
        place=record.place[:200], place_country=record.place_country, venue=record.venue[:200],
        background=record.background, countries=sorted(record.countries),
    )


def _participations(meeting: Meeting, record: MeetingRecord,
                    officials: list[Official]) -> list[Participation]:
    """Each official with the title and role the record gives."""
    given = {p.name: p for p in record.participants}
    return [
        Participation(meeting=meeting, official=official,
                      title=(given[official.name].title if official.name in given
                             else official.title)[:300],
                      role=given[official.name].role if official.name in given
                      else "participant")
        for official in officials
    ]


@dataclass
class _Pending:
    meeting: Meeting
    key: MeetingKey | None
    record: MeetingRecord
    officials: list[Official]
    evidence: list[list[int]]
    topics: list[int]  # topic ids


class _PendingMeetings:
    """The new meetings of one article: one per real meeting, created together."""

    def __init__(self) -> None:
        self.items: list[_Pending] = []
        # This article as one more source of meetings already stored, written with the
        # new meetings' rows (not two statements per meeting).
        self.sources: list[MeetingSource] = []
        self.topics: list[MeetingTopic] = []

    def add(self, *, record: MeetingRecord, officials: list[Official],
            evidence: list[list[int]], topics: list[int]) -> Meeting:
        key = _key(record, officials)
        for item in self.items:
            # The same meeting told twice in the article ("the talks", "both sides").
            if key is not None and item.key is not None and same_meeting(key, item.key):
                item.evidence = [list(pair) for pair in sorted(
                    {*map(tuple, item.evidence), *map(tuple, evidence)})]
                item.topics = list(dict.fromkeys([*item.topics, *topics]))
                return item.meeting
        item = _Pending(meeting=_new_meeting(record), key=key, record=record,
                        officials=officials, evidence=evidence, topics=topics)
        self.items.append(item)
        return item.meeting

    def flush(self, article: Article) -> list[int]:
        """Create the new meetings with their participants, sources and topics; their ids."""
        for item in self.items:
            # Derived now from what is at hand, so the refresh at the end of the article
            # finds them up to date and writes only the search vectors.
            meeting = item.meeting
            meeting.summary = derived.meeting_summary(
                name=meeting.name, kind=meeting.kind, place=meeting.place,
                people=[o.name for o in item.officials], countries=meeting.countries)
            meeting.country_codes = derived.meeting_countries(
                countries=meeting.countries, place_country=meeting.place_country,
                officials=[o.country for o in item.officials])
        Meeting.objects.bulk_create([item.meeting for item in self.items])
        Participation.objects.bulk_create(
            [p for item in self.items
             for p in _participations(item.meeting, item.record, item.officials)],
            ignore_conflicts=True)
        MeetingSource.objects.bulk_create(
            [*self.sources,
             *(MeetingSource(meeting=item.meeting, article=article, evidence=item.evidence,
                             background=item.record.background) for item in self.items)],
            ignore_conflicts=True)
        MeetingTopic.objects.bulk_create(
            [*self.topics, *(MeetingTopic(meeting=item.meeting, topic_id=topic)
                             for item in self.items for topic in item.topics)],
            ignore_conflicts=True)
        written = [item.meeting.pk for item in self.items]
        self.items, self.sources, self.topics = [], [], []
        return written


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
        claimed = curation.meeting_claiming(article=article, evidence=evidence,
                                            officials=officials)
        if claimed is not None:
            return claimed
    topics = [ctx.topics[n] for n in record.topics if n in ctx.topics]
    meeting = existing
    if meeting is None:
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
        for name in ("place", "place_country", "venue"):
            if not getattr(meeting, name) and getattr(record, name):
                setattr(meeting, name, getattr(record, name))
                changed.append(name)
        if meeting.background and not record.background:
            meeting.background = False
            changed.append("background")
        if changed:
            meeting.save(update_fields=[*changed, "updated_at"])
    # Written with the article's new meetings (_PendingMeetings.flush).
    ctx.pending.sources.append(MeetingSource(meeting=meeting, article=article,
                                             evidence=evidence, background=record.background))
    if not meeting.curated:
        ctx.pending.topics.extend(MeetingTopic(meeting=meeting, topic_id=topic)
                                  for topic in topics)
    return meeting


# --------------------------------------------------------------------------- articles


def article_store(*, extraction: Extraction, reprocess: bool = False) -> ArticleStored:
    """Store one article and everything extracted from it, atomically and idempotently."""
    source = extraction.article
    digest = body_sha256(source.body)
    with transaction.atomic():
        # The body's lock, then whether the body is stored, in two statements: a
        # statement sees what was committed before it began, so a lookup in the statement
        # that waited for the lock misses the article its previous holder just stored
        # (two runs of the same files at once: a unique violation on sha256). The
        # identities' locks come later (_store_records), held for less of the write.
        locks.identities_lock(keys=locks.article_keys(digest=digest), project_lock=INGEST_LOCK)
        existing_id = Article.objects.filter(sha256=digest).values_list("id", flat=True).first()
        if existing_id and not reprocess:
            return ArticleStored(article_id=existing_id, created=False)
        if existing_id is None:
            # A copy of a story already stored (syndication, a small update) is kept as
            # "also published as": its meetings and quotes are the original's.
            if (known := ArticleCopy.objects.filter(sha256=digest).first()) is not None:
                return ArticleStored(article_id=known.article_id, created=False,
                              copy_of=known.article_id)
            bands = copies.band_hashes(source.body)
            if (found := copies.copy_of(body=source.body, bands=bands)) is not None:
                original, score = found
                ArticleCopy.objects.create(
                    article=original, title=source.title[:500], source=source.source[:200],
                    url=source.url[:1000], published_on=source.date, sha256=digest,
                    similarity=round(score, 3), origin=source.origin[:1000])
                return ArticleStored(article_id=original.pk, created=False, copy_of=original.pk)
        if existing_id:
            article = Article.objects.get(pk=existing_id)
            article.pipeline_version = PIPELINE_VERSION
            article.save(update_fields=["pipeline_version"])
        else:
            if source.date is None:
                raise ValueError("the article has no date")
            article = _article_create(source, digest, bands)
        written = _store_records(article, extraction, new_article=existing_id is None)
        derived.meetings_refresh(meeting_ids={*written.meeting_ids, *written.touched},
                                 summarized=written.created_ids)
    return ArticleStored(article_id=article.pk, created=True, reprocessed=existing_id is not None,
                  meetings=len(written.meeting_ids), meeting_ids=tuple(written.meeting_ids),
                  officials=written.officials, statements=written.statements)


def _article_create(source: ArticleInput, digest: str, bands: list[int]) -> Article:
    article = Article.objects.create(
        title=source.title[:500], source=source.source[:200], url=source.url[:1000],
        external_id=source.id[:200], published_on=source.date, body=source.body,
        sha256=digest, pipeline_version=PIPELINE_VERSION, origin=source.origin[:1000],
        copy_bands=bands)
    derived.articles_refresh(article_ids=[article.pk])
    return article


@dataclass
class _Written:
    meeting_ids: list[int]
    officials: int
    statements: int
    created_ids: list[int]  # new meetings, their summaries derived as they were written
    touched: set[int] = field(default_factory=set)  # meetings a reprocess took evidence from


def _store_records(article: Article, extraction: Extraction, *,
                   new_article: bool = True) -> _Written:
    ctx = _ArticleContext.load(article, new_article=new_article)
    topics = ctx.topics
    # The names the resolver may create an official for (locks.py, step 2). A reprocess
    # locks every name: what it forgets, it may create again.
    settled = names_found_exactly(records=extraction.officials, rejected=ctx.rejected) \
        if new_article else set()
    locks.identities_lock(keys=locks.name_keys(extraction=extraction, settled=settled))
    officials = officials_resolve(records=extraction.officials, ctx=ctx)
    parties = []
    for record in extraction.meetings:
        people = [officials[p.name] for p in record.participants if p.name in officials]
        parties.append(list({o.pk: o for o in people}.values()))
    # The meetings' parties, however this article spells them (step 3); a reprocess adds
    # those of the meetings it reported, which it may delete.
    wanted = [([o.pk for o in people], record.countries)
              for record, people in zip(extraction.meetings, parties, strict=True)]
    if not new_article:
        wanted += _reported_parties(article)
    locks.identities_lock(keys=locks.meeting_keys(parties=wanted))
    touched = set() if new_article else _forget_extraction(article)
    by_name = {r.name: r for r in extraction.officials}
    OfficialMention.objects.bulk_create(
        [OfficialMention(article=article, official=official, title=by_name[name].title[:300],
                         spans=_spans(by_name[name].mentions),
                         evidence=_spans(by_name[name].evidence))
         for name, official in officials.items()], ignore_conflicts=True)
    existing = meetings_find(list(zip(extraction.meetings, parties, strict=True)))
    meetings: list[Meeting | None] = []
    for record, people, same in zip(extraction.meetings, parties, existing, strict=True):
        if not people and not record.countries and not record.name:
            meetings.append(None)
            continue
        meetings.append(meeting_upsert(record=record, officials=people, article=article,
                                       ctx=ctx, existing=same))
    created = ctx.pending.flush(article)  # the new meetings get their ids
    # Statements already there (curated ones kept by a reprocess) are not made twice.
    seen = set() if new_article else set(
        Statement.objects.filter(article=article).values_list("evidence_start", "text_hash"))
    # The same words by the same speaker at the same meeting, from another article: one
    # statement, this article one more of its sources.
    said = {(s.meeting_id, s.speaker_id, s.speaker_label, s.text_hash): s
            for s in Statement.objects.filter(
                meeting_id__in=[m.pk for m in meetings if m is not None and m.pk],
                text_hash__in=[hashlib.sha256(r.text.encode()).hexdigest()
                               for r in extraction.statements]).exclude(article=article)}
    repeated: list[Statement] = []
    statements, statement_topics = [], []
    for record in extraction.statements:
        meeting = meetings[record.meeting] if record.meeting is not None and \
            record.meeting < len(meetings) else None
        text_hash = hashlib.sha256(record.text.encode()).hexdigest()
        if (record.evidence.start, text_hash) in seen:
            continue
        if curation.statement_key(sha256=article.sha256, evidence_start=record.evidence.start,
                                  text_hash=text_hash) in ctx.tombstoned[Tombstone.Kind.STATEMENT]:
            continue  # a curator deleted it
        seen.add((record.evidence.start, text_hash))
        speaker = officials.get(record.speaker or "")
        twin = said.get((meeting.pk if meeting is not None else None,
                         speaker.pk if speaker else None, record.speaker_label[:200], text_hash))
        if twin is not None:
            repeated.append(twin)
            continue
        statements.append(Statement(
            article=article, text=record.text, text_hash=text_hash, direct=record.direct,
            speaker=speaker, speaker_label=record.speaker_label[:200],
            reported_by=record.reported_by[:200], meeting=meeting,
            evidence_start=record.evidence.start, evidence_end=record.evidence.end))
        statement_topics.append([topics[n] for n in record.topics if n in topics])
    ArticleTopic.objects.bulk_create(
        [ArticleTopic(article=article, topic_id=topics[t.name], evidence=_spans(t.evidence))
         for t in extraction.topics if t.name in topics
         and curation.topic_link_key(sha256=article.sha256, topic_id=topics[t.name])
         not in ctx.tombstoned[Tombstone.Kind.TOPIC_LINK]], ignore_conflicts=True)
    Statement.objects.bulk_create(statements)
    Statement.also_in.through.objects.bulk_create(
        [Statement.also_in.through(statement_id=twin.pk, article_id=article.pk)
         for twin in {t.pk: t for t in repeated}.values()], ignore_conflicts=True)
    Statement.topics.through.objects.bulk_create(
        [Statement.topics.through(statement_id=statement.pk, topic_id=topic)
         for statement, chosen in zip(statements, statement_topics, strict=True)
         for topic in chosen], ignore_conflicts=True)
    return _Written(meeting_ids=sorted({m.pk for m in meetings if m is not None}),
                    officials=len(officials), statements=len(statements),
                    created_ids=created, touched=touched)


def _reported_meetings(article: Article) -> set[int]:
    """The meetings this article is a source of, or has statements at."""
    return set(article.meeting_sources.values_list("meeting_id", flat=True)) | set(
        article.statements.exclude(meeting=None).values_list("meeting_id", flat=True))


def _reported_parties(article: Article) -> list[tuple[list[int], list[str]]]:
    """(official ids, countries) of each meeting the article reported (locks.meeting_keys)."""
    meeting_ids = _reported_meetings(article)
    people: dict[int, list[int]] = {}
    for meeting_id, official_id in Participation.objects.filter(
            meeting_id__in=meeting_ids).values_list("meeting_id", "official_id"):
        people.setdefault(meeting_id, []).append(official_id)
    return [(people.get(pk, []), countries) for pk, countries in
            Meeting.objects.filter(pk__in=meeting_ids).values_list("id", "countries")]


def _forget_extraction(article: Article) -> set[int]:
    """Remove what the machine extracted from this article, keeping curated records;
    the meetings it reported (to refresh)."""
    meeting_ids = _reported_meetings(article)
    # Curation: a curated meeting keeps its evidence (meeting_upsert finds it there).
    article.meeting_sources.filter(meeting__curated=False).delete()
    article.statements.filter(curated=False).delete()
    article.topic_links.filter(curated=False).delete()
    article.mentions.all().delete()
    Statement.also_in.through.objects.filter(article=article).delete()
    # A machine-made meeting with no source left has no evidence: it goes.
    Meeting.objects.filter(pk__in=meeting_ids, curated=False, sources__isnull=True).delete()
    return set(Meeting.objects.filter(pk__in=meeting_ids).values_list("id", flat=True))


def refresh_search(*, article_ids: Iterable[int] = (), meeting_ids: Iterable[int] = ()) -> None:
    """Recompute the derived fields (search vectors, and meetings' summaries and
    countries): ``services.derived``, kept under this name for its callers."""
    derived.articles_refresh(article_ids=article_ids)
    derived.meetings_refresh(meeting_ids=meeting_ids)
