"""Officials named by records -> Official rows, joined with those the news already made.

An in-memory index of every official's names and aliases (loaded once per import)
answers the look-ups without a query per name. It follows the rules of
``persist.official_resolve`` (rejected names and rejected aliases never link, curated
officials keep their fields, the oldest official of an exact name wins) and adds the
careful matcher of ``matching`` for forms that differ ("Antony John Blinken" joins
"Antony Blinken" when no one else can be meant).
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.text import slugify

from meetings.ingest.names import normalize_name
from meetings.ingest.records import OfficialRecord
from meetings.models import (
    Official,
    OfficialAlias,
    OfficialMention,
    Participation,
    RejectedName,
    Tombstone,
)
from meetings.records.matching import name_parts, same_person


class OfficialIndex:
    """Every official's name and accepted aliases, by normalized form and by surname."""

    def __init__(self) -> None:
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.refused: dict[str, set[int]] = defaultdict(set)
        self.by_surname: dict[str, set[int]] = defaultdict(set)
        self.names: dict[int, set[str]] = defaultdict(set)
        self.country: dict[int, str] = {}
        self.rejected = {normalize_name(n) for n in RejectedName.objects.values_list("name",
                                                                                     flat=True)}
        self._cache: dict[tuple[str, str], Official | None] = {}
        self.created = 0
        self.slugs: set[str] = set()
        self.tombstoned = set(Tombstone.objects.filter(kind=Tombstone.Kind.OFFICIAL)
                              .values_list("key", flat=True))
        # Full names this import will meet later, by (surname, country): a bare surname
        # read first ("Foreign Minister Kuleba") joins the full name read later.
        self._expected: dict[tuple[str, str], dict[str, OfficialRecord]] = defaultdict(dict)
        self._last_official = self._last_alias = 0
        self.refresh()

    def refresh(self) -> None:
        """Take in the officials and aliases created since the last look (two queries)."""
        officials = Official.objects.filter(pk__gt=self._last_official).order_by("id")
        for pk, name, country, slug in officials.values_list("id", "name", "country", "slug"):
            self._add(pk, name, country)
            self.slugs.add(slug)
            self._last_official = pk
        aliases = OfficialAlias.objects.filter(pk__gt=self._last_alias).order_by("id")
        for pk, official_id, alias, rejected in aliases.values_list("id", "official_id", "alias",
                                                                    "rejected"):
            if rejected:
                self.refused[normalize_name(alias)].add(official_id)
            else:
                self._add(official_id, alias, None)
            self._last_alias = pk

    def _add(self, pk: int, name: str, country: str | None) -> None:
        key = normalize_name(name)
        if not key:
            return
        self.by_key[key].add(pk)
        self.names[pk].add(name)
        if country is not None:
            self.country[pk] = country
        parts = name_parts(name)
        if parts is not None:
            self.by_surname[parts.last].add(pk)

    def candidates(self, record: OfficialRecord) -> set[int]:
        """Officials this record's name can only mean, by the careful matcher."""
        parts = name_parts(record.name)
        if parts is None:
            return set()
        key = normalize_name(record.name)
        pool = self.by_surname.get(parts.last, set()) - self.refused.get(key, set())
        if parts.full:
            return {pk for pk in pool if any(same_person(record.name, n) for n in self.names[pk])}
        # A bare surname ("Foreign Minister Kuleba") joins only someone of the same country.
        if not record.country:
            return set()
        return {pk for pk in pool if self.country.get(pk) == record.country}

    def expect(self, record: OfficialRecord) -> None:
        """Announce a full name that this import will resolve (see ``resolve``)."""
        parts = name_parts(record.name)
        if parts is not None and parts.full and record.country:
            self._expected[(parts.last, record.country)].setdefault(
                normalize_name(record.name), record)

    def resolve(self, record: OfficialRecord, *, variants: tuple[str, ...] = ()) -> Official | None:
        """The Official for this record: exact name, else an unambiguous match, else new.

        ``variants`` are other forms of a full name (a traveller's "Antony Blinken" for
        "Antony John Blinken") added as aliases when nobody else carries them.
        """
        key = normalize_name(record.name)
        if not key or key in self.rejected:
            return None
        parts = name_parts(record.name)
        single = parts is not None and not parts.full
        cache_key = (key, record.country if single else "")
        if cache_key in self._cache:
            return self._cache[cache_key]
        exact = self.by_key.get(key, set()) - self.refused.get(key, set())
        if single:
            # "President Yang" in Beijing is not "President Yang" of another country.
            exact = {pk for pk in exact if self.country.get(pk, "") == record.country}
        if exact:
            # The oldest official of that name, as persist.official_resolve chooses.
            if (official := self._fetch(min(exact))) is None:
                return self.resolve(record, variants=variants)
            _attach(official, record, alias=False)
        elif len(found := self.candidates(record)) == 1:
            if (official := self._fetch(found.pop())) is None:
                return self.resolve(record, variants=variants)
            _attach(official, record, alias=not single)
            self._add(official.pk, record.name, None)
        elif single and len(expected := self._expected.get((key, record.country), {})) == 1:
            official = self.resolve(next(iter(expected.values())))
        elif key in self.tombstoned:
            official = None  # a curator deleted this official: not created again
        else:
            official = self._create(record, variants)
        self._cache[cache_key] = official
        return official

    def _fetch(self, pk: int) -> Official | None:
        """The official, or None (and forgotten) when a curator merged or deleted it."""
        official = Official.objects.filter(pk=pk).first()
        if official is None:
            for keys in (self.by_key, self.by_surname):
                for pks in keys.values():
                    pks.discard(pk)
            self.names.pop(pk, None)
        return official

    def _create(self, record: OfficialRecord, variants: tuple[str, ...]) -> Official:
        # The slug is chosen here, against the slugs loaded once, to save a query per name.
        base = slugify(record.name)[:200] or "official"
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        official = Official(name=record.name, slug=slug, title=record.title,
                            organization=record.organization, country=record.country)
        official.save()
        self.created += 1
        self._add(official.pk, official.name, official.country)
        free = []
        for variant in variants:
            norm = normalize_name(variant)
            if norm and norm != official.normalized_name and not self.by_key.get(norm):
                free.append(OfficialAlias(official=official, alias=variant, normalized=norm))
                self._add(official.pk, variant, None)
        OfficialAlias.objects.bulk_create(free)
        return official


def _attach(official: Official, record: OfficialRecord, *, alias: bool) -> None:
    """Join a record's form of the name to an existing official (curated fields kept)."""
    if not official.curated:
        changed = [f for f in ("title", "organization", "country")
                   if not getattr(official, f) and getattr(record, f)]
        for field in changed:
            setattr(official, field, getattr(record, field))
        if changed:
            official.save(update_fields=[*changed, "updated_at"])
    if alias and normalize_name(record.name) != official.normalized_name:
        OfficialAlias.objects.get_or_create(official=official,
                                            normalized=normalize_name(record.name),
                                            defaults={"alias": record.name})


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
