"""Joining officials the records made with those the news made, after an import.

Resolution itself is ``meetings.services.officials`` (the one resolver); this catches
what it could not (news ingested later under another form).
"""

from __future__ import annotations

from collections import defaultdict

from meetings.historian.matching import name_parts, same_person
from meetings.models import (
    Official,
    OfficialAlias,
    OfficialMention,
    Participation,
)
from meetings.text import normalize_name


def officials_unify() -> list[tuple[str, str]]:
    """Merge a record official into the news official of the same person, when unambiguous.

    Import already joins a record's name to an existing news official, and gives record
    officials the short forms news uses as aliases; this catches what is left (news
    ingested later under another form, "Tony Blinken"). Each side must be the other's
    only match; no curator may have rejected one name for the other person, and the
    official that goes must not be in a curated meeting. The news official survives
    (unless only the record one is curated) and keeps the other name as an alias.
    Returns (kept, merged) names.
    """
    from meetings import curation

    record_side = set(Participation.objects.filter(meeting__from_record=True)
                      .values_list("official_id", flat=True).distinct())
    news_side = (set(Participation.objects.filter(meeting__from_record=False)
                     .values_list("official_id", flat=True).distinct())
                 | set(OfficialMention.objects.values_list("official_id", flat=True).distinct()))
    news_side -= record_side
    if not record_side or not news_side:
        return []
    names: dict[int, set[str]] = defaultdict(set)
    by_surname: dict[str, set[int]] = defaultdict(set)
    for pk, name in Official.objects.filter(pk__in=record_side | news_side).values_list(
            "id", "name"):
        names[pk].add(name)
    refused: dict[int, set[str]] = defaultdict(set)  # "this string is NOT this person"
    for pk, alias, rejected in OfficialAlias.objects.filter(
            official_id__in=record_side | news_side).values_list("official_id", "alias",
                                                                 "rejected"):
        if rejected:
            refused[pk].add(normalize_name(alias))
        else:
            names[pk].add(alias)
    reviewed = set(Participation.objects.filter(meeting__curated=True)
                   .values_list("official_id", flat=True).distinct())
    for pk, forms in names.items():
        for form in forms:
            if (parts := name_parts(form)) is not None and parts.full:
                by_surname[parts.last].add(pk)

    def matches(pk: int, side: set[int]) -> set[int]:
        found = set()
        for form in names[pk]:
            parts = name_parts(form)
            if parts is None or not parts.full:
                continue
            for other in by_surname[parts.last] & side:
                if any(same_person(form, f) for f in names[other]):
                    found.add(other)
        return found

    merged = []
    for record_pk in sorted(record_side):
        found = matches(record_pk, news_side)
        if len(found) != 1:
            continue
        news_pk = found.pop()
        if matches(news_pk, record_side) != {record_pk}:
            continue
        if {normalize_name(n) for n in names[news_pk]} & refused[record_pk] or \
                {normalize_name(n) for n in names[record_pk]} & refused[news_pk]:
            continue  # a curator said one name is not the other person
        record_official, news_official = (Official.objects.get(pk=record_pk),
                                          Official.objects.get(pk=news_pk))
        if record_official.curated and news_official.curated:
            continue  # two curated people: a curator keeps them apart on purpose
        survivor, other = ((record_official, news_official) if record_official.curated
                           else (news_official, record_official))
        if other.pk in reviewed:
            continue  # moving it would edit meetings a curator reviewed: left to the admin
        was_curated = survivor.curated
        had_alias = survivor.aliases.filter(normalized=other.normalized_name).exists()
        curation.officials_merge(survivor=survivor, others=[other])
        # The curation helper marks its work as a person's; this merge was the machine's.
        Official.objects.filter(pk=survivor.pk).update(curated=was_curated)
        if not had_alias:
            survivor.aliases.filter(normalized=other.normalized_name).update(curated=False)
        news_side.discard(news_pk)
        merged.append((survivor.name, other.name))
    return merged
