"""The one official resolver: a written name (with what the text says of the person)
-> an Official row, created if new. News ingest, the records import, curation and the
admin all resolve people here.

The rule, in order:
1. a name or alias curators rejected never links (``RejectedName``, a rejected alias);
2. the exact name: an official whose name or accepted alias normalizes to it (a
   one-word name only with a country that does not contradict);
3. a variant (``identity.same_official``: Zelenskyy for Zelensky, al-Sisi for El-Sisi,
   family name first, ...), when exactly one official can be meant;
4. a one-word name ("Foreign Minister Kuleba") that a full name announced to this
   resolver (``expect``) can only mean;
5. a name of an official a curator deleted is not created again;
6. else a new official.
Every form of the name that resolved is kept as an alias. Curated officials keep their
fields; others get a title, organisation or country they lacked.

Callers hold the ingest lock (``meetings.services.INGEST_LOCK``) inside their
transaction, or (news ingest) the identity locks of every name ``names_found_exactly``
does not list (``meetings.ingest.locks``), so two processes never create one person twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import BooleanField, Q, Value
from django.utils.text import slugify
from rapidfuzz import fuzz

from meetings.models import Official, OfficialAlias, RejectedName, Tombstone, unique_slug
from meetings.services.identity import (
    family_keys,
    given_name_alone,
    name_closeness,
    name_key,
    organisation_named,
    parse_name,
    same_country,
    same_official,
    spelling_variant,
)
from meetings.text import looks_like_a_person, normalize_name

__all__ = ["OfficialResolver", "names_found_exactly", "official_resolve", "officials_resolve"]



class OfficialResolver:
    """Resolves names to officials, remembering its answers (one per article or import).

    ``records`` are ``meetings.ingest.records.OfficialRecord``-like: name, title,
    organization, country, aliases.
    """

    def __init__(self, *, rejected: Iterable[str] | None = None) -> None:
        if rejected is None:
            rejected = RejectedName.objects.values_list("name", flat=True)
        self.rejected = {normalize_name(n) for n in rejected}
        self._tombstoned: set[str] | None = None
        self._cache: dict[tuple[str, str], Official | None] = {}
        # Full names announced by the caller, by (family key, country): a bare family name
        # read first joins the full name read later.
        # Full names announced by the caller (``expect``), by family key: who a bare
        # family name read elsewhere can mean, and where each was met when.
        self._people: dict[str, list[_Announced]] = {}
        self._families: dict[str, set[str]] = {}  # announced family keys by first letter
        # Announced full names of people called by their first name alone ("Qaboos bin
        # Said", "Mahathir Mohamed"), by that name's key.
        self._first_names: dict[str, list[_Announced]] = {}
        # (first name key, country) that announced people share: no stored official is
        # joined by that first name alone either.
        self._shared_first: set[tuple[str, str]] = set()
        self.created = 0
        self._known: _Known | None = None  # what resolve_many read for its batch

    # ------------------------------------------------------------------ public

    def expect(self, record, *, default_country: str = "", when: dt.date | None = None
               ) -> None:
        """Announce a name this resolver will meet, with the country its text gives (else
        ``default_country``, weaker) and the date it is met (see rule 4). A bare family
        name is kept only with the country its own text gives ("PLO Chairman Arafat"),
        as a last resort for the same name met elsewhere."""
        parsed = parse_name(record.name)
        country = record.country or default_country
        if parsed is None or (not parsed.full and not country):
            return
        key = normalize_name(record.name)
        for family in family_keys(record.name):
            entries = self._people.setdefault(_skeleton_key(family), [])
            entry = next((e for e in entries if e.key == key and e.country == country), None)
            if entry is None:
                entry = _Announced(key=key, country=country, authoritative=bool(record.country),
                                   record=replace(record, country=country), full=parsed.full)
                entries.append(entry)
            if record.country and parsed.regnal:
                # A regnal name and number ("Elizabeth II") is one person in its time: a
                # record giving its country makes the country the monarch's, whichever
                # record was announced first, so the monarch met in another realm is
                # found. A bare family name keeps the first record's word: "President
                # Diaz" placed in Mexico is not thereby the Diaz met in Nicaragua.
                entry.authoritative = True
            if when is not None:
                entry.dates.add(when)
            if record.title:
                entry.titles.add(record.title.casefold())
        if parsed.full and parsed.given and (parsed.patronyms or given_name_alone(
                parsed.given[0], record.name)):
            first = self._first_names.setdefault(_skeleton_key(parsed.given[0]), [])
            entry = next((e for e in first if e.key == key and e.country == country), None)
            if entry is None:
                entry = _Announced(key=key, country=country, authoritative=bool(record.country),
                                   record=replace(record, country=country))
                first.append(entry)
            if when is not None:
                entry.dates.add(when)
            if record.title:
                entry.titles.add(record.title.casefold())
        if parsed.family:
            # Near spellings are looked for among family names only, not among the first
            # words of two-word names ("Francis" is not a misspelt "Francois Hollande").
            family = _skeleton_key(parsed.family)
            self._families.setdefault(family[:1], set()).add(family)

    def _announced_person(self, name: str, *, country: str, weak: bool,
                          when: dt.date | None, title: str = ""):
        """The one announced person a bare family name can mean, or None.

        Of the people of that family announced in ``country`` (or, when the country is
        only the host's, ``weak``, in the country their own text gives, met within
        ``_NEAR_YEARS``; or with no country, anywhere), grouped into persons by identity;
        with a date, the person met nearest that date (within ``_NEAR_YEARS``), else the
        only one. Announced full names come first; a bare name announced with a country
        only when no full name fits. A bare name a letter off: see ``_near_spelling``;
        a bare first name: see ``_called_alone``.
        """
        parsed = parse_name(name)
        if parsed is None:
            return None
        family = _skeleton_key(parsed.family)
        entries = [e for e in self._people.get(family, [])
                   if same_official(name, e.record.name)]
        if parsed.regnal:
            # "King Mohammed VI" met in Morocco is not a bare "Mohammed" another text
            # places elsewhere: without the number, only someone of the same country.
            entries = [e for e in entries if parse_name(e.record.name).regnal == parsed.regnal
                       or (e.country and same_country(e.country, country))]
        if not any(e.full for e in entries) and len(family) >= 5 and when is not None:
            spelled = self._near_spelling(family, country=country, when=when,
                                          own=sum(len(e.dates) for e in entries), title=title)
            if spelled is not None:
                return spelled
        found = self._person_among([e for e in entries if e.full], country=country,
                                   weak=weak, when=when)
        if found is None:
            found = self._called_alone(name, country=country, when=when, title=title)
        if found is None:
            found = self._person_among([e for e in entries if not e.full], country=country,
                                       weak=weak, when=when, key=normalize_name(name),
                                       title=title)
        return found

    def _called_alone(self, name: str, *, country: str, when: dt.date | None = None,
                      title: str = ""):
        """The one person of ``country`` a bare first name can mean ("Sultan Qaboos" for
        "Qaboos bin Said", "Mahathir" for "Mahathir Mohamed", ``identity.given_name_alone``),
        met with the same title or within a few terms; or None: when no country is
        known, or when someone else of that country has that first name or that family
        name (then nothing tells them apart), or when the one who has it held another
        office at another time (King Faisal in 1974 is not Foreign Minister Faisal bin
        Farhan); then stored officials are not joined by that first name either."""
        parsed = parse_name(name)
        if not country or parsed is None or parsed.full:
            return None
        word = _skeleton_key(parsed.tokens[0])
        fits = [e for e in self._first_names.get(word, ())
                if e.country and same_country(e.country, country)
                and given_name_alone(name, e.record.name)]
        if not fits:
            return None
        if not any((title and title.casefold() in e.titles) or (when is not None and any(
                abs((when - d).days) <= _NEAR_YEARS * 366 for d in e.dates)) for e in fits):
            self._shared_first.add((word, country))
            return None
        # Others of that first name, or of that family name (not a father's name: "bin
        # Salman" does not make "Salman" ambiguous, no one calls his son so).
        namesakes = [e for e in self._first_names.get(word, ())
                     if e.country and same_country(e.country, country)]
        namesakes += [e for e in self._people.get(word, ())
                      if e.full and e.country and same_country(e.country, country)
                      and _skeleton_key(parse_name(e.record.name).family) == word]
        person = fits[0].record.name
        if any(not same_official(person, e.record.name) for e in namesakes):
            self._shared_first.add((word, country))
            return None
        # The fullest form names the person.
        return max(fits, key=lambda e: len(parse_name(e.record.name).tokens)).record

    def _announced_fuller(self, name: str, *, country: str):
        """A fuller form of a full name announced to this resolver, when the name can be
        only that one person ("Mohammed Zarif" and "Javad Zarif" are "Mohammad Javad
        Zarif"): so two short forms met before the full one do not make two officials."""
        parsed = parse_name(name)
        if parsed is None or not parsed.full:
            return None
        seen: dict[int, _Announced] = {}
        for family in family_keys(name):
            for e in self._people.get(_skeleton_key(family), ()):
                if e.full and same_official(name, e.record.name, country_a=country,
                                            country_b=e.country):
                    seen[id(e)] = e
        fits = list(seen.values())
        if not fits:
            return None
        fullest = max(fits, key=lambda e: len(parse_name(e.record.name).tokens))
        if len(parse_name(fullest.record.name).tokens) <= len(parsed.tokens) or any(
                not same_official(fullest.record.name, e.record.name) for e in fits):
            return None  # nothing fuller, or the name fits two people (the Bushes)
        # Only when the fuller form is needed to join this name to a usual one it cannot
        # join by itself: "Javad Zarif" (a middle name) to "Mohammed Zarif" (the first
        # given name). Otherwise the name resolves as itself (a fuller form read from
        # remarks may carry a stray word: "Chief Executive Abdullah Abdullah").
        usual = [e for families in family_keys(fullest.record.name)
                 for e in self._people.get(_skeleton_key(families), ())
                 if e.full and not same_official(name, e.record.name)
                 and name_closeness(fullest.record.name, e.record.name) >= 2
                 and (not e.country or not country or same_country(e.country, country))]
        return fullest.record if usual else None

    def _near_spelling(self, family: str, *, country: str, when: dt.date, own: int,
                       title: str = ""):
        """The person a bare name a letter off means ("Akayev" / "Askar Akaev",
        "Hirhito" / "Hirohito"): of one other family spelled nearly alike, in the same
        country (or none), a full name met within ``_NEAR_YEARS``, or else a bare name met
        within ``_SPELLING_YEARS`` more often than this one (the usual spelling); None
        when several could be meant.

        Both countries known and agreeing, a bare spelling as usual as this one or more
        (ties go to the first in alphabetical order, so two spellings never point at each
        other) is meant too: only vowels differing ("Papoulios" / "Papoulias", a career
        apart), or one consonant with the same title within a few terms ("Alerman" /
        "Aleman", both President; not "Marovic" / "Markovic", President and Prime
        Minister)."""
        found = []
        for other in self._families.get(family[:1], ()):
            kind = spelling_variant(other, family) if len(other) >= 5 else ""
            if other == family or len(other) < 5 or (fuzz.ratio(other, family) < 85
                                                      and not kind):
                continue
            # A full name within a few terms; a bare name within a few years.
            near = [e for e in self._people.get(other, ())
                    if _skeleton_key(parse_name(e.record.name).family) == other
                    and (not e.country or same_country(e.country, country))
                    and any(abs((when - d).days)
                            <= (_NEAR_YEARS if e.full else _SPELLING_YEARS) * 366
                            for d in e.dates)]
            full = [e for e in near if e.full]
            if full or sum(len(e.dates) for e in near) > own:
                found.append(full or near)
                continue
            if not kind or not country:
                continue
            years = _ONLY_ONE_YEARS if kind == "vowels" else _NEAR_YEARS
            bare = [e for e in self._people.get(other, ())
                    if not e.full and e.country and same_country(e.country, country)
                    and _skeleton_key(parse_name(e.record.name).family) == other
                    and (kind == "vowels" or (title and title.casefold() in e.titles))
                    and any(abs((when - d).days) <= years * 366 for d in e.dates)]
            usual = sum(len(e.dates) for e in bare)
            if bare and (usual > own or (usual == own and other < family)):
                found.append(bare)
        if len(found) > 1:
            # A full name spelled nearly alike says more than a bare spelling ("Akyev" is
            # "Askar Akaev", whom a bare "Akayev" also means).
            fulls = [f for f in found if any(e.full for e in f)]
            found = fulls if len(fulls) == 1 else found
        if len(found) != 1:
            return None
        entries = found[0]
        first = entries[0].record
        if any(not same_official(first.name, e.record.name) for e in entries):
            return None  # two people of that spelling
        return first

    def _person_among(self, entries: list, *, country: str, weak: bool,
                      when: dt.date | None, key: str = "", title: str = ""):
        pool = [e for e in entries if same_country(e.country, country)] if country \
            else list(entries)
        if weak and key and when is not None and pool and all(
                e.key == key and not e.authoritative for e in pool):
            # This very name with this title placed only by where it was met ("Chairman
            # Arafat" in Paris), while records that say who the person is place it in one
            # other country at that time, more often: that person. Not "Prime Minister
            # Lee" of Singapore for "South Korean President Lee".
            placed = [e for e in entries if e.key == key and e.authoritative and e.country
                      and not same_country(e.country, country)
                      and title and title.casefold() in e.titles
                      and any(abs((when - d).days) <= _SPELLING_YEARS * 366 for d in e.dates)]
            if placed and all(same_country(e.country, placed[0].country) for e in placed) and \
                    sum(len(e.dates) for e in placed) > sum(len(e.dates) for e in pool):
                return placed[0].record
        abroad = False
        if not pool:
            # Someone whose country no text gave does not contradict; nor, when the
            # country is only the host's, someone whose own record gives another.
            pool = [e for e in entries if not e.country or (weak and e.authoritative)]
            abroad = any(e.country for e in pool)
        if not country:
            # Nothing says where this person serves (a summit): someone met within a few
            # terms, not a namesake of another generation (Johannes and Zbigniew Rau);
            # within a career when the only person of that family was written just so
            # ("Foreign Minister Kamilov" of Uzbekistan, twenty years apart).
            one = all(same_official(pool[0].record.name, e.record.name) for e in pool)
            abroad = not (key and pool and one and any(e.key == key for e in pool))
        persons: list[list[_Announced]] = []
        for entry in pool:
            for person in persons:
                if same_official(person[0].record.name, entry.record.name):
                    person.append(entry)
                    break
            else:
                persons.append([entry])
        if not persons:
            return None
        if when is None:
            return persons[0][0].record if len(persons) == 1 else None
        # One person of that family: anyone within a career; several, someone met abroad
        # or a near spelling: the nearest within a few terms.
        only_one = len(persons) == 1 and not abroad
        window = (_ONLY_ONE_YEARS if only_one else _NEAR_YEARS) * 366
        near = []
        for person in persons:
            gaps = [abs((when - d).days) for e in person for d in e.dates]
            if gaps and min(gaps) <= window:
                near.append((min(gaps), person))
        near.sort(key=lambda pair: pair[0])
        if not near or (len(near) > 1 and near[0][0] == near[1][0]):
            return None
        return near[0][1][0].record

    def resolve(self, record, *, variants: Iterable[str] = (), lookup: Iterable[str] = (),
                default_country: str = "", when: dt.date | None = None,
                host: str = "") -> Official | None:
        """The Official for this record; None when the name is rejected or not a person.

        ``lookup`` are other forms the text itself gives the person ("Tony Blinken"):
        they find the person too. ``variants`` are forms derived from the name (a
        record's "Joe Biden" for "Joseph R. Biden"): kept as aliases when no one else
        carries them, never used to find someone. ``default_country`` is assumed when the
        text gives the person no country (the host of a bilateral visit): a one-word name
        is looked up in it, and a new official gets it, but it never keeps a full name
        from joining the official it names. ``host`` (set here, from ``default_country``)
        lets a full name with a misspelt family name join someone of the host's country
        (``identity.same_official`` asks for the country on both sides).
        """
        variants = tuple(variants)
        if default_country and not record.country:
            parsed = parse_name(record.name)
            if parsed is None or not parsed.full:
                # A bare family name: someone announced in the host country, else someone
                # whose own record gives another country, else looked up in the host's.
                if parsed is not None and (person := self._announced_person(
                        record.name, country=default_country, weak=True, when=when,
                        title=record.title or "")):
                    official = self.resolve(person, when=when)
                    if official is not None and not official.country and \
                            not organisation_named(official.organization):
                        self._fill(official, default_country)
                    return official
                return self.resolve(replace(record, country=default_country),
                                    variants=variants, lookup=lookup, when=when)
            # The host's country counts as the person's here: a misspelt family name of a
            # Somali president met in Mogadishu is that president's.
            announced = {e.country for family in family_keys(record.name)
                         for e in self._people.get(_skeleton_key(family), ())
                         if e.full and e.authoritative
                         and (same_official(record.name, e.record.name) or same_official(
                             record.name, e.record.name, country_a=default_country,
                             country_b=e.country))}
            if len(announced) == 1:
                # Another record says who this person is ("Mohamed bin Zayed" from the UAE).
                return self.resolve(replace(record, country=announced.pop()),
                                    variants=variants, lookup=lookup)
            official = self.resolve(record, variants=variants, lookup=lookup,
                                    host=default_country)
            if official is not None and not official.country and \
                    not organisation_named(official.organization):
                self._fill(official, default_country)
            return official
        key = normalize_name(record.name)
        if not key or key in self.rejected or not looks_like_a_person(record.name):
            return None
        parsed = parse_name(record.name)
        single = parsed is None or not parsed.full
        # A bare family name means different people at different dates (Indira and
        # Rajiv Gandhi): its answer is remembered per year.
        cache_key = (key, record.country if single else "", when.year if single and when else 0)
        if cache_key in self._cache:
            official = self._cache[cache_key]
            if official is not None and not Official.objects.filter(pk=official.pk).exists():
                official = None  # merged or deleted meanwhile (by a curator)
                del self._cache[cache_key]
            else:
                if official is not None:
                    self._attach(official, record, variants)
                return official
        # Other full forms the text gives ("Tony Blinken") find the person too; a bare
        # family name is too weak to join two texts by itself.
        keys = {key} | {normalize_name(v) for v in lookup if len(v.split()) > 1}
        official = None
        if single and parsed is not None and (person := self._announced_person(
                record.name, country=record.country, weak=False, when=when,
                title=record.title or "")):
            if normalize_name(person.name) != key:
                # A full name announced for this family (and date) is who a bare name means.
                official = self.resolve(person, when=when)
            elif person.country and not record.country:
                # The same bare name, announced with the country its own text gives.
                return self.resolve(replace(record, country=person.country),
                                    variants=variants, lookup=lookup, when=when)
        # A bare name with no country, whose family this resolver met only at other
        # times: none of those people, only someone else known by no country either.
        unplaced = single and parsed is not None and official is None and \
            not record.country and when is not None and \
            bool(self._people.get(_skeleton_key(parsed.family)))
        if official is None and not single and (fuller := self._announced_fuller(
                record.name, country=record.country)) is not None:
            official = self.resolve(fuller, when=when)
        if official is None:
            official = self._find(record, keys=keys - self.rejected, single=single,
                                  unplaced=unplaced, host=host)
        if official is None:
            if key in self.tombstoned:
                self._cache[cache_key] = None
                return None
            official = self._create(record)
        self._attach(official, record, variants)
        self._cache[cache_key] = official
        return official

    def resolve_many(self, records: Iterable) -> dict[str, Official]:
        """The Official each record names, by record name (rejected names left out).

        What the records' names can match is read in a few queries first (not a few per
        name): an article names ten people or more.
        """
        records = list(records)
        self._prefetch(records)
        result = {}
        try:
            for record in records:
                aliases = tuple(getattr(record, "aliases", ()))
                official = self.resolve(record, variants=aliases, lookup=aliases)
                if official is not None:
                    result[record.name] = official
        finally:
            self._known = None
        return result

    def _prefetch(self, records: list) -> None:
        forms = {}
        for record in records:
            forms[record.name] = {normalize_name(record.name)} | {
                normalize_name(a) for a in getattr(record, "aliases", ()) if len(a.split()) > 1}
        keys = set().union(*forms.values()) - {""} if forms else set()
        known = _Known(keys=keys)
        # Who carries each alias form (``_attach`` keeps a derived form no one else has),
        # read with the names.
        known.derived = {normalize_name(a) for record in records
                         for a in getattr(record, "aliases", ())} - {""}
        lookup = keys | known.derived
        # .order_by(): the aliases' default ordering joins the officials to sort.
        for pk, norm, rejected in OfficialAlias.objects.filter(normalized__in=lookup).order_by(
                ).values_list("official_id", "normalized", "rejected"):
            if norm in keys:
                (known.refused if rejected else known.exact).setdefault(norm, set()).add(pk)
            if norm in known.derived and not rejected:
                known.carriers.setdefault(norm, set()).add(pk)
        for pk, norm in Official.objects.filter(normalized_name__in=lookup).order_by(
                ).values_list("id", "normalized_name"):
            if norm in keys:
                known.exact.setdefault(norm, set()).add(pk)
            if norm in known.derived:
                known.carriers.setdefault(norm, set()).add(pk)
        # Variants are looked for only for the names no official carries already.
        words = set()
        for record in records:
            if not any(known.exact.get(k) for k in forms[record.name]):
                words |= _lookup_words(record.name)
        known.words = words
        if words:
            # Indexed (pg_trgm GIN) look-ups of every family name at once.
            near_name = Q()
            near_alias = Q()
            for word in words:
                near_name |= Q(normalized_name__trigram_word_similar=word)
                near_alias |= Q(normalized__trigram_word_similar=word)
            known.candidates = set(Official.objects.filter(near_name).order_by()
                                   .values_list("id", flat=True))
            known.candidates |= set(OfficialAlias.objects.filter(near_alias, rejected=False)
                                    .order_by().values_list("official_id", flat=True))
        wanted = known.candidates | set().union(*known.exact.values()) if known.exact \
            else set(known.candidates)
        known.officials = {o.pk: o for o in Official.objects.filter(pk__in=wanted)
                           .prefetch_related("aliases")}
        known.names = {o.pk: [o.name, *(a.alias for a in o.aliases.all() if not a.rejected)]
                       for o in known.officials.values()}
        known.all_forms = {o.pk: {a.normalized for a in o.aliases.all()}
                           | {o.normalized_name} for o in known.officials.values()}
        # The slugs new officials would take, read at once (not one query per new name).
        bases = {_slug_base(record.name) for record in records}
        known.free_slugs = bases - set(Official.objects.filter(slug__in=bases).order_by()
                                       .values_list("slug", flat=True))
        self._known = known

    @property
    def tombstoned(self) -> set[str]:
        """Normalized names of the officials curators deleted."""
        if self._tombstoned is None:
            self._tombstoned = set(Tombstone.objects.filter(kind=Tombstone.Kind.OFFICIAL)
                                   .order_by().values_list("key", flat=True))
        return self._tombstoned

    # ------------------------------------------------------------------ steps

    def _find(self, record, *, keys: set[str], single: bool, unplaced: bool = False,
              host: str = "") -> Official | None:
        known = self._known if self._known is not None and keys <= self._known.keys else None
        if known is not None:
            refused = set().union(*(known.refused.get(k, set()) for k in keys))
            exact = set().union(*(known.exact.get(k, set()) for k in keys)) - refused
        else:
            refused = set(OfficialAlias.objects.filter(normalized__in=keys, rejected=True)
                          .values_list("official_id", flat=True))
            exact = (set(Official.objects.filter(normalized_name__in=keys)
                         .values_list("id", flat=True))
                     | set(OfficialAlias.objects.filter(normalized__in=keys, rejected=False)
                           .values_list("official_id", flat=True))) - refused
        if exact:
            if known is not None and exact <= known.officials.keys():
                officials = sorted((known.officials[pk] for pk in exact), key=lambda o: o.pk)
            else:
                officials = list(Official.objects.filter(pk__in=exact).order_by("id"))
            if single:
                # "President Yang" of one country is not "President Yang" of another.
                officials = [o for o in officials if _countries_agree(o.country, record.country)]
                same = [o for o in officials if same_country(o.country, record.country)]
                officials = same or officials
            if unplaced:
                officials = [o for o in officials if not o.country]
            if officials:
                return officials[0]  # the oldest official of that name
        if unplaced:
            return None
        candidates = self._candidates(record, refused=refused, host=host)
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1 and not single and all(
                same_official(a.name, b.name, country_a=a.country, country_b=b.country)
                for a in candidates for b in candidates):
            # Several officials, all of them this one person (duplicates from before):
            # the oldest, rather than one more.
            return min(candidates, key=lambda o: o.pk)
        if len(candidates) > 1 and not single:
            # Several officials the name can be ("Mohammed Javad Zarif" next to "Mohammad
            # Javad Zarif" and "Mohammed Zarif"): the one it agrees with most closely,
            # when only one does.
            best = {}
            for official in candidates:
                names = self._names_of(official)
                best[official.pk] = max((name_closeness(record.name, n) for n in names),
                                        default=0)
            top = max(best.values())
            closest = [o for o in candidates if best[o.pk] == top]
            if top >= 2 and len(closest) == 1:
                return closest[0]
        return None

    def _candidates(self, record, *, refused: set[int], host: str = "") -> list[Official]:
        """Officials the name can only be a variant of (identity.same_official)."""
        keys = _lookup_words(record.name)
        if not keys:
            return []
        known = self._known
        if known is not None and keys <= known.words:
            ids = set(known.candidates)
        else:
            ids = set()
            for word in keys:
                ids |= set(Official.objects.filter(normalized_name__trigram_word_similar=word)
                           .order_by().values_list("id", flat=True))
                ids |= set(OfficialAlias.objects.filter(normalized__trigram_word_similar=word,
                                                        rejected=False)
                           .order_by().values_list("official_id", flat=True))
        ids -= refused
        if not ids:
            return []
        parsed = parse_name(record.name)
        single = parsed is None or not parsed.full
        alone = single and parsed is not None and bool(record.country) and (
            _skeleton_key(parsed.tokens[0]), record.country) not in self._shared_first
        found, unplaced = [], []
        if known is not None and ids <= known.officials.keys():
            pool = [known.officials[pk] for pk in sorted(ids)]
        else:
            pool = list(Official.objects.filter(pk__in=ids).prefetch_related("aliases"))
        for official in pool:
            if single and record.country and not same_country(official.country,
                                                              record.country):
                # A bare family name joins only someone of the same country, or else
                # someone whose country is not known.
                if not official.country and any(
                        same_official(record.name, n) for n in [official.name]):
                    unplaced.append(official)
                continue
            if known is not None and official.pk in known.names:
                names = known.names[official.pk]
            else:
                names = [official.name,
                         *(a.alias for a in official.aliases.all() if not a.rejected)]
            if not single:
                # A stored bare family name ("Blinken") says too little to join a full one.
                # A regnal name ("Abdullah II") says enough.
                names = [n for n in names
                         if (p := parse_name(n)) is not None and (p.full or p.regnal)]
            if alone and any(given_name_alone(record.name, n) for n in names) and (
                    not record.title or not official.title
                    or record.title.casefold() == official.title.casefold()):
                # "King Salman" of Saudi Arabia for "Salman bin Abdulaziz Al Saud": joined
                # only when no one else stored fits (the caller takes a sole candidate).
                found.append(official)
                continue
            if any(same_official(record.name, n, country_a=record.country,
                                 country_b=official.country) for n in names) or (
                    host and not record.country and any(
                        same_official(record.name, n, country_a=host,
                                      country_b=official.country) for n in names)):
                found.append(official)
        return found or unplaced

    def _names_of(self, official: Official) -> list[str]:
        known = self._known
        if known is not None and official.pk in known.names:
            return known.names[official.pk]
        return [official.name, *(a.alias for a in official.aliases.all() if not a.rejected)]

    @staticmethod
    def _fill(official: Official, country: str) -> Official:
        if not official.curated:
            official.country = country
            official.save(update_fields=["country", "updated_at"])
        return official

    def _create(self, record) -> Official:
        official = Official(name=record.name[:200], slug=self._slug(record.name),
                            title=(record.title or "")[:300],
                            organization=(record.organization or "")[:300],
                            country="" if organisation_named(record.organization or "")
                            else record.country or "")
        official.save()
        self.created += 1
        if self._known is not None:
            self._known.carry(official.normalized_name, official.pk)
            self._known.add(official, official.normalized_name, official.name)
        return official

    def _slug(self, name: str) -> str:
        known = self._known
        if known is not None and (base := _slug_base(name)) in known.free_slugs:
            known.free_slugs.discard(base)
            return base
        return unique_slug(Official, name)

    def _attach(self, official: Official, record, variants: Iterable[str]) -> None:
        """Fill what the official lacks (unless curated); keep every form as an alias."""
        if not official.curated:
            changed = [f for f in ("title", "organization", "country")
                       if not getattr(official, f) and getattr(record, f)]
            for field in changed:
                setattr(official, field, getattr(record, field))
            if official.country and organisation_named(official.organization):
                # An international organisation's official serves no country.
                official.country = ""
                changed = [*{*changed, "country"}]
            if changed:
                official.save(update_fields=[*changed, "updated_at"])
        forms = {}
        for form in (record.name, *variants):
            norm = normalize_name(form)
            if norm and norm != official.normalized_name and norm not in self.rejected:
                forms.setdefault(norm, form)
        derived = {normalize_name(v) for v in variants} - {normalize_name(record.name)}
        if derived & set(forms) and self._known is not None and derived <= self._known.derived:
            # A derived form someone else already carries would make that name ambiguous.
            taken = {n for n in derived if self._known.carriers.get(n, set()) - {official.pk}}
            forms = {n: f for n, f in forms.items() if n not in taken}
        elif derived & set(forms):
            taken = set(Official.objects.filter(normalized_name__in=derived).exclude(
                pk=official.pk).values_list("normalized_name", flat=True)) | set(
                OfficialAlias.objects.filter(normalized__in=derived, rejected=False).exclude(
                    official=official).order_by().values_list("normalized", flat=True))
            forms = {n: f for n, f in forms.items() if n not in taken}
        if not forms:
            return
        if self._known is not None and official.pk in self._known.all_forms:
            # What the official carried when the batch was read, and what was added since:
            # no look-up (a form added meanwhile elsewhere is a conflict ignored).
            carried = self._known.all_forms[official.pk]
        else:
            carried = set(OfficialAlias.objects.filter(official=official,
                                                       normalized__in=list(forms))
                          .order_by().values_list("normalized", flat=True))
        new = [OfficialAlias(official=official, alias=form[:200], normalized=norm)
               for norm, form in forms.items() if norm not in carried]
        if new:
            OfficialAlias.objects.bulk_create(new, ignore_conflicts=True)
            if self._known is not None:
                for alias in new:
                    self._known.carry(alias.normalized, official.pk)
        if self._known is not None:
            for norm, form in forms.items():
                self._known.add(official, norm, form)


@dataclass
class _Known:
    """What one batch of names can match, read at once (OfficialResolver._prefetch)."""

    keys: set[str]
    exact: dict[str, set[int]] = field(default_factory=dict)  # normalized -> official ids
    refused: dict[str, set[int]] = field(default_factory=dict)
    candidates: set[int] = field(default_factory=set)  # officials near the family names
    officials: dict[int, Official] = field(default_factory=dict)
    names: dict[int, list[str]] = field(default_factory=dict)  # name and accepted aliases
    words: set[str] = field(default_factory=set)
    # Normalized name and every alias (rejected ones too) of the officials read.
    all_forms: dict[int, set[str]] = field(default_factory=dict)
    free_slugs: set[str] = field(default_factory=set)  # slugs no official had at the read
    derived: set[str] = field(default_factory=set)  # the records' alias forms, normalized
    carriers: dict[str, set[int]] = field(default_factory=dict)  # form -> who carries it

    def carry(self, norm: str, pk: int) -> None:
        """An official (created or given an alias since the read) now carries this form."""
        if norm in self.derived:
            self.carriers.setdefault(norm, set()).add(pk)

    def add(self, official: Official, norm: str, form: str) -> None:
        """An official created, or given an alias, since the read."""
        self.officials.setdefault(official.pk, official)
        self.all_forms.setdefault(official.pk, {official.normalized_name}).add(norm)
        names = self.names.setdefault(official.pk, [official.name])
        if form not in names:
            names.append(form)
        if norm in self.keys:
            self.exact.setdefault(norm, set()).add(official.pk)
        self.candidates.add(official.pk)


# How far from a person's known meetings a bare family name may still mean them.
_NEAR_YEARS = 15
_ONLY_ONE_YEARS = 30
# How far in time a misspelling of a name may be from the usual spelling.
_SPELLING_YEARS = 6


@dataclass
class _Announced:
    key: str  # normalized full name
    country: str
    authoritative: bool  # the country comes from the person's own text, not the host
    record: object
    dates: set = field(default_factory=set)
    full: bool = True  # a full name, not a family name alone
    titles: set = field(default_factory=set)  # casefolded titles the name was met with


def _skeleton_key(family: str) -> str:
    """A family name's spelling-insensitive key ("weizmann" = "weizman")."""
    return name_key(family)


def _lookup_words(name: str) -> set[str]:
    """Words to look a name's variants up by (pg_trgm, on the normalized names): its
    family keys, and its first and last words as written ("Abdelaziz", "Bouteflika")."""
    words = set(family_keys(name))
    written = normalize_name(name).replace("-", " ").split()
    words |= {w for w in (written[:1] + written[-1:]) if len(w) > 2}
    return words


def _slug_base(name: str) -> str:
    """The slug ``unique_slug`` tries first for a new official of this name."""
    return slugify(name)[:200] or "item"


def _countries_agree(a: str, b: str) -> bool:
    return not a or not b or same_country(a, b)


def names_found_exactly(*, records: Iterable, rejected: Iterable[str] = ()) -> set[str]:
    """Names of the records that ``resolve_many`` will resolve to an official already
    stored while writing nothing about who is who: no official created, no alias added.

    Rule 2 as ``OfficialResolver._find`` applies it with no announced names: the
    officials whose name or accepted alias normalizes to the record's name (or to one of
    its full-name aliases), none with such a form rejected; for a one-word name, those of
    a country that does not contradict, its own country's first; the oldest of them. The
    record counts only if that official already carries the record's name and every one
    of its aliases, and none of those forms is a ``rejected`` name (left to the resolver).
    Stored forms only accumulate, so the answer still holds when the resolver runs: the
    identity locks (``meetings.ingest.locks``) are not needed for these names.
    """
    rejected = {normalize_name(n) for n in rejected}
    records = list(records)
    forms = []  # (record, its look-up keys, every form it would keep)
    for record in records:
        aliases = tuple(getattr(record, "aliases", ()))
        own = {normalize_name(record.name)} | {normalize_name(a) for a in aliases}
        keys = {normalize_name(record.name)} | {normalize_name(a) for a in aliases
                                                if len(a.split()) > 1}
        forms.append((record, keys, own))
    wanted = sorted(set().union(*(own for _, _, own in forms)) - {""}) if forms else []
    carriers: dict[str, set[int]] = {}  # form -> who carries it (accepted)
    refused: dict[str, set[int]] = {}  # form -> who carries it rejected
    country: dict[int, str] = {}
    names = Official.objects.filter(normalized_name__in=wanted).order_by().values_list(
        "id", "normalized_name", "country", Value(False, output_field=BooleanField()))
    aliases = OfficialAlias.objects.filter(normalized__in=wanted).order_by().values_list(
        "official_id", "normalized", "official__country", "rejected")
    for pk, norm, where, is_rejected in (names.union(aliases, all=True).order_by()  # 1 query
                                         if wanted else ()):
        (refused if is_rejected else carriers).setdefault(norm, set()).add(pk)
        country[pk] = where
    failing = set()
    for record, keys, own in forms:
        exact = set().union(*(carriers.get(k, set()) for k in keys)) - set().union(
            *(refused.get(k, set()) for k in keys))
        officials = sorted(exact)
        parsed = parse_name(record.name)
        if parsed is None or not parsed.full:
            officials = [pk for pk in officials
                         if _countries_agree(country[pk], record.country)]
            officials = [pk for pk in officials
                         if same_country(country[pk], record.country)] or officials
        if "" in own or own & rejected or not officials or not all(
                officials[0] in carriers.get(f, ()) for f in own):
            failing.add(record.name)  # a name listed twice counts if both records do
    return {record.name for record in records} - failing


def officials_resolve(*, records: Iterable, rejected: Iterable[str] | None = None
                      ) -> dict[str, Official]:
    """The Official each record names (by record name), created if new."""
    return OfficialResolver(rejected=rejected).resolve_many(records)


def official_resolve(*, record) -> Official | None:
    """The Official this record names, created if new; None if the name is rejected."""
    aliases = tuple(getattr(record, "aliases", ()))
    return OfficialResolver().resolve(record, variants=aliases, lookup=aliases)
