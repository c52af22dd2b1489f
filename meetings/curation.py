"""Curation: the writes the admin makes (merge, split, mark, delete), each in one transaction.

Everything here marks what it touches as curated, so ingestion leaves it alone, and
leaves tombstones behind deletions, so ingestion does not bring the deleted record back
from the same evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction

from meetings.models import (
    Article,
    ArticleTopic,
    Confirmation,
    Meeting,
    MeetingSource,
    MeetingTopic,
    Official,
    OfficialAlias,
    OfficialMention,
    OfficialRedirect,
    Participation,
    RecordSource,
    RejectedName,
    Statement,
    Tombstone,
)
from meetings.services import derived

__all__ = [
    "CurationError",
    "meeting_claiming",
    "meeting_key",
    "meeting_keys",
    "meetings_delete",
    "meetings_mark_background",
    "meetings_merge",
    "record_key",
    "statement_key",
    "statements_delete",
    "topic_link_key",
    "article_topics_delete",
    "meeting_split",
    "officials_delete",
    "officials_merge",
    "officials_reject",
]


class CurationError(ValueError):
    """The requested change does not make sense (the message says why, for the curator)."""


def _unique(items: Iterable) -> list:
    return list({item.pk: item for item in items}.values())


def _spans_union(*evidence: Sequence[Sequence[int]]) -> list[list[int]]:
    return [list(pair) for pair in sorted({tuple(pair) for ev in evidence for pair in ev})]


# --------------------------------------------------------------------------- tombstones


def meeting_key(*, sha256: str, evidence: Sequence[Sequence[int]]) -> str | None:
    """What identifies a meeting in one article: '<article sha256>:<first evidence start>'."""
    starts = [int(pair[0]) for pair in evidence]
    return f"{sha256}:{min(starts)}" if starts else None


def meeting_keys(meeting: Meeting) -> list[str]:
    """One key per source of the meeting."""
    keys = (meeting_key(sha256=s.article.sha256, evidence=s.evidence)
            for s in meeting.sources.all())
    return sorted({k for k in keys if k})


def meeting_claiming(*, article: Article, evidence: Sequence[Sequence[int]],
                     officials: Iterable[Official] = ()) -> Meeting | None:
    """The curated meeting that already holds this evidence of this article, if any.

    Two meetings can be reported in one sentence, so the meeting must also share a
    participant with the record (or, with no one named, have no participants either).
    """
    wanted = [(int(a), int(b)) for a, b in evidence]
    people = {o.pk for o in officials}
    sources = (MeetingSource.objects.filter(article=article, meeting__curated=True)
               .select_related("meeting").prefetch_related("meeting__participations")
               .order_by("id"))
    for source in sources:
        if not any(a < d and c < b for a, b in wanted for c, d in source.evidence):
            continue
        held = {p.official_id for p in source.meeting.participations.all()}
        if people & held or not (people or held):
            return source.meeting
    return None


def _tombstone(kind: str, key: str, label: str) -> None:
    Tombstone.objects.update_or_create(kind=kind, key=key[:300],
                                       defaults={"label": label[:300]})


def officials_delete(*, officials: Iterable[Official]) -> int:
    """Delete officials and remember their names, so ingestion does not re-create them."""
    officials = _unique(officials)
    with transaction.atomic():
        for official in officials:
            if official.normalized_name:
                _tombstone(Tombstone.Kind.OFFICIAL, official.normalized_name, official.name)
            # Their statements stay, attributed by name rather than lost.
            Statement.objects.filter(speaker=official, speaker_label="").update(
                speaker_label=official.name[:200])
        meeting_ids = set(Participation.objects.filter(official__in=officials)
                          .values_list("meeting_id", flat=True))
        Official.objects.filter(pk__in=[o.pk for o in officials]).delete()
        derived.meetings_refresh(meeting_ids=meeting_ids)
    return len(officials)


def record_key(*, collection: str, record_id: str) -> str:
    """What identifies an official record: 'record:<collection>:<upstream id>'."""
    return f"record:{collection}:{record_id}"


def meetings_delete(*, meetings: Iterable[Meeting]) -> int:
    """Delete meetings and remember each source's evidence, and each official record they
    came from, so neither ingestion nor a records import creates them again."""
    meetings = _unique(meetings)
    with transaction.atomic():
        sources = MeetingSource.objects.filter(meeting__in=meetings).select_related(
            "article", "meeting")
        for source in sources:
            key = meeting_key(sha256=source.article.sha256, evidence=source.evidence)
            if key:
                _tombstone(Tombstone.Kind.MEETING, key, str(source.meeting))
        for record in RecordSource.objects.filter(meeting__in=meetings).select_related(
                "meeting"):
            _tombstone(Tombstone.Kind.MEETING, record_key(collection=record.collection,
                                                          record_id=record.record_id),
                       str(record.meeting))
        Meeting.objects.filter(pk__in=[m.pk for m in meetings]).delete()
    return len(meetings)


def statement_key(*, sha256: str, evidence_start: int, text_hash: str) -> str:
    """What identifies a statement in one article."""
    return f"{sha256}:{evidence_start}:{text_hash}"


def topic_link_key(*, sha256: str, topic_id: int) -> str:
    """What identifies an article's link to a topic."""
    return f"{sha256}:{topic_id}"


def statements_delete(*, statements: Iterable[Statement]) -> int:
    """Delete statements; neither a re-extraction nor a retag brings them back."""
    statements = _unique(statements)
    with transaction.atomic():
        for statement in Statement.objects.filter(
                pk__in=[s.pk for s in statements]).select_related("article"):
            _tombstone(Tombstone.Kind.STATEMENT,
                       statement_key(sha256=statement.article.sha256,
                                     evidence_start=statement.evidence_start,
                                     text_hash=statement.text_hash), statement.text[:300])
        meeting_ids = set(Statement.objects.filter(pk__in=[s.pk for s in statements])
                          .exclude(meeting=None).values_list("meeting_id", flat=True))
        Statement.objects.filter(pk__in=[s.pk for s in statements]).delete()
        derived.meetings_refresh(meeting_ids=meeting_ids)
    return len(statements)


def article_topics_delete(*, links: Iterable[ArticleTopic]) -> int:
    """Delete articles' topic links; neither a re-extraction nor a retag brings them back."""
    links = _unique(links)
    with transaction.atomic():
        for link in ArticleTopic.objects.filter(pk__in=[x.pk for x in links]).select_related(
                "article", "topic"):
            _tombstone(Tombstone.Kind.TOPIC_LINK,
                       topic_link_key(sha256=link.article.sha256, topic_id=link.topic_id),
                       f"{link.topic} in {link.article}")
        ArticleTopic.objects.filter(pk__in=[x.pk for x in links]).delete()
    return len(links)


def officials_reject(*, officials: Iterable[Official], note: str = "") -> int:
    """'Not a person': delete the officials and never extract their names as people again."""
    officials = _unique(officials)
    with transaction.atomic():
        for official in officials:
            RejectedName.objects.get_or_create(name=official.name[:200],
                                               defaults={"note": note[:300]})
        officials_delete(officials=officials)
    return len(officials)


# --------------------------------------------------------------------------- officials


def _participations_move(*, source: Official, survivor: Official) -> set[int]:
    """Move participations; where both were in one meeting, keep one. Returns meeting ids."""
    meeting_ids: set[int] = set()
    held = {p.meeting_id: p for p in Participation.objects.filter(official=survivor)}
    for participation in Participation.objects.filter(official=source):
        meeting_ids.add(participation.meeting_id)
        kept = held.get(participation.meeting_id)
        if kept is None:
            participation.official = survivor
            participation.save(update_fields=["official"])
            held[participation.meeting_id] = participation
            continue
        if not kept.title and participation.title:
            kept.title = participation.title
            kept.save(update_fields=["title"])
        participation.delete()
    return meeting_ids


def _mentions_move(*, source: Official, survivor: Official) -> None:
    held = {m.article_id: m for m in OfficialMention.objects.filter(official=survivor)}
    for mention in OfficialMention.objects.filter(official=source):
        kept = held.get(mention.article_id)
        if kept is None:
            mention.official = survivor
            mention.save(update_fields=["official"])
            held[mention.article_id] = mention
            continue
        kept.spans = _spans_union(kept.spans, mention.spans)
        kept.evidence = _spans_union(kept.evidence, mention.evidence)
        kept.title = kept.title or mention.title
        kept.save(update_fields=["spans", "evidence", "title"])
        mention.delete()


def _aliases_move(*, source: Official, survivor: Official) -> None:
    known = {a.normalized: a for a in OfficialAlias.objects.filter(official=survivor)}
    for alias in OfficialAlias.objects.filter(official=source):
        if alias.normalized == survivor.normalized_name or alias.normalized in known:
            alias.delete()
            continue
        alias.official = survivor
        alias.save(update_fields=["official"])
        known[alias.normalized] = alias
    # The other name becomes an alias: later articles that use it find the survivor.
    if source.normalized_name and source.normalized_name != survivor.normalized_name:
        existing = known.get(source.normalized_name)
        if existing is None:
            OfficialAlias.objects.create(official=survivor, alias=source.name, curated=True)
        elif existing.rejected:
            existing.rejected = False
            existing.curated = True
            existing.save(update_fields=["rejected", "curated"])


def officials_merge(*, survivor: Official, others: Iterable[Official]) -> Official:
    """Merge duplicate officials into ``survivor``; their names become its aliases."""
    others = [o for o in _unique(others) if o.pk != survivor.pk]
    if not others:
        raise CurationError("Choose at least two different officials to merge.")
    meeting_ids: set[int] = set()
    with transaction.atomic():
        survivor = Official.objects.select_for_update().get(pk=survivor.pk)
        others = list(Official.objects.select_for_update().filter(pk__in=[o.pk for o in others])
                      .order_by("id"))
        for other in others:
            meeting_ids |= _participations_move(source=other, survivor=survivor)
            _mentions_move(source=other, survivor=survivor)
            _aliases_move(source=other, survivor=survivor)
            Statement.objects.filter(speaker=other).update(speaker=survivor)
            for field in ("title", "organization", "country"):
                if not getattr(survivor, field) and getattr(other, field):
                    setattr(survivor, field, getattr(other, field))
        # Their addresses (and those merged into them before) lead to the survivor.
        OfficialRedirect.objects.filter(official__in=others).update(official=survivor)
        OfficialRedirect.objects.bulk_create(
            [OfficialRedirect(slug=o.slug, official=survivor) for o in others],
            ignore_conflicts=True)
        Official.objects.filter(pk__in=[o.pk for o in others]).delete()
        OfficialRedirect.objects.filter(slug=survivor.slug).delete()
        survivor.curated = True
        survivor.save()
        derived.meetings_refresh(meeting_ids=meeting_ids)
    return survivor


# --------------------------------------------------------------------------- meetings


def meetings_merge(*, survivor: Meeting, others: Iterable[Meeting]) -> Meeting:
    """Merge meetings that are one real meeting: sources, participants, topics, statements."""
    others = [m for m in _unique(others) if m.pk != survivor.pk]
    if not others:
        raise CurationError("Choose at least two different meetings to merge.")
    with transaction.atomic():
        survivor = Meeting.objects.select_for_update().get(pk=survivor.pk)
        others = list(Meeting.objects.select_for_update().filter(pk__in=[m.pk for m in others])
                      .order_by("id"))
        other_ids = [m.pk for m in others]
        sources = {s.article_id: s for s in survivor.sources.all()}
        for source in MeetingSource.objects.filter(meeting_id__in=other_ids).order_by("id"):
            kept = sources.get(source.article_id)
            if kept is None:
                source.meeting = survivor
                source.save(update_fields=["meeting"])
                sources[source.article_id] = source
            else:
                kept.evidence = _spans_union(kept.evidence, source.evidence)
                kept.background = kept.background and source.background
                kept.save(update_fields=["evidence", "background"])
                source.delete()
        people = {p.official_id: p for p in survivor.participations.all()}
        for participation in Participation.objects.filter(meeting_id__in=other_ids).order_by("id"):
            kept = people.get(participation.official_id)
            if kept is None:
                participation.meeting = survivor
                participation.save(update_fields=["meeting"])
                people[participation.official_id] = participation
            else:
                if not kept.title and participation.title:
                    kept.title = participation.title
                    kept.save(update_fields=["title"])
                participation.delete()
        topics = {t.topic_id: t for t in survivor.topic_links.all()}
        for link in MeetingTopic.objects.filter(meeting_id__in=other_ids).order_by("id"):
            kept = topics.get(link.topic_id)
            if kept is None:
                link.meeting = survivor
                link.save(update_fields=["meeting"])
                topics[link.topic_id] = link
            else:
                if link.curated and not kept.curated:
                    kept.curated = True
                    kept.save(update_fields=["curated"])
                link.delete()
        Statement.objects.filter(meeting_id__in=other_ids).update(meeting=survivor)
        RecordSource.objects.filter(meeting_id__in=other_ids).update(
            meeting=survivor)
        _confirmations_move(survivor=survivor, other_ids=other_ids)
        for other in others:
            for field in ("name", "place", "place_country", "venue", "summary", "date_phrase"):
                if not getattr(survivor, field) and getattr(other, field):
                    setattr(survivor, field, getattr(other, field))
            if survivor.date is None and other.date is not None:
                survivor.date, survivor.end_date = other.date, other.end_date
                survivor.date_precision = other.date_precision
            survivor.countries = sorted({*survivor.countries, *other.countries})
            survivor.country_codes = sorted({*survivor.country_codes, *other.country_codes})
            survivor.background = survivor.background and other.background
            survivor.from_record = survivor.from_record or other.from_record
        Meeting.objects.filter(pk__in=other_ids).delete()
        survivor.curated = True
        survivor.save()
        derived.meetings_refresh(meeting_ids=[survivor.pk])
    return survivor


def _confirmations_move(*, survivor: Meeting, other_ids: list[int]) -> None:
    for field in ("meeting", "record"):
        other_field = "record" if field == "meeting" else "meeting"
        held = set(Confirmation.objects.filter(**{field: survivor})
                   .values_list(f"{other_field}_id", flat=True))
        for confirmation in Confirmation.objects.filter(**{f"{field}_id__in": other_ids}):
            partner = getattr(confirmation, f"{other_field}_id")
            if partner in held or partner == survivor.pk or partner in other_ids:
                confirmation.delete()
                continue
            setattr(confirmation, field, survivor)
            confirmation.save(update_fields=[field])
            held.add(partner)


_COPIED_FIELDS = ("kind", "name", "date", "date_precision", "date_phrase", "end_date", "place",
                  "place_country", "venue", "countries", "country_codes", "summary",
                  "from_record")


def meeting_split(*, meeting: Meeting, sources: Iterable[MeetingSource]) -> list[Meeting]:
    """Each chosen source becomes its own meeting, with copies of participants and topics.

    The meeting keeps its other sources, its official records and confirmations; the
    statements of a moved source's article go with that source. Every meeting touched
    is marked curated, so re-ingestion keeps each article with its own meeting.
    """
    chosen = {s.pk for s in sources}
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        all_sources = list(meeting.sources.order_by("id"))
        moving = [s for s in all_sources if s.pk in chosen]
        if not moving:
            raise CurationError("Choose the sources to split off.")
        if len(moving) == len(all_sources):
            raise CurationError("Leave at least one source with the original meeting.")
        participations = list(meeting.participations.order_by("id"))
        topic_links = list(meeting.topic_links.order_by("id"))
        created = []
        for source in moving:
            copy = Meeting(**{f: getattr(meeting, f) for f in _COPIED_FIELDS},
                           background=source.background, curated=True)
            copy.save()
            Participation.objects.bulk_create(
                Participation(meeting=copy, official_id=p.official_id, title=p.title,
                              role=p.role, curated=p.curated) for p in participations)
            MeetingTopic.objects.bulk_create(
                MeetingTopic(meeting=copy, topic_id=t.topic_id, curated=t.curated)
                for t in topic_links)
            Statement.objects.filter(meeting=meeting, article_id=source.article_id).update(
                meeting=copy)
            source.meeting = copy
            source.save(update_fields=["meeting"])
            created.append(copy)
        # What is left is reported as news only if a remaining source reports it so.
        meeting.background = all(s.background for s in all_sources if s.pk not in chosen)
        meeting.curated = True
        meeting.save()
        derived.meetings_refresh(meeting_ids=[meeting.pk, *(m.pk for m in created)])
    return created


def meetings_mark_background(*, meetings: Iterable[Meeting], background: bool) -> int:
    """Mark meetings as background mentions (or as news), as curated."""
    ids = [m.pk for m in meetings]
    with transaction.atomic():
        return Meeting.objects.filter(pk__in=ids).update(background=background, curated=True)
