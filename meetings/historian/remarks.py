"""Reading the free text of a record: traveller and visitor names, events, places.

Pure functions of strings. Counterparts in trip remarks come from the article
pipeline (``meetings.ingest.pipeline.extract_many``); see ``counterparts``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from meetings.countries import country_code, place_country
from meetings.historian.matching import name_parts, same_person
from meetings.historian.xml_files import HistoryRecord
from meetings.ingest import patterns as P
from meetings.ingest.records import Extraction, OfficialRecord
from meetings.services.identity import organisation_named
from meetings.text import normalize_name

# Words that may form the title in front of a visitor's name ("Crown Prince",
# "President-elect", and the Office's misspellings "Prime Minster").
_TITLE_WORDS = P.TITLE_HEADS | P.TITLE_MODIFIERS | {
    "president-elect", "prime", "minster", "ministere", "grand", "duke", "duchess",
    "crown", "regent", "provisional", "pope", "emperor", "empress", "shah", "taoiseach",
    "amir", "emir", "sheikh", "sheikha", "prince", "princess", "king", "queen", "of", "the",
    "premier", "governor", "vice", "first", "lady", "prime-minister", "chief", "&", "and",
    "brigadier", "federal", "junta", "member", "chancellor-elect", "president-designate",
    "prime-minister-elect",
}  # fmt: skip
# Separators between the people of one <visitor> value.
_VISITOR_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")
_SUFFIX = re.compile(r"^(?:jr\.?|sr\.?|[ivx]+|\d+(?:st|nd|rd|th))$", re.IGNORECASE)
_PAREN = re.compile(r"\s*\([^)]*\)")


def clean_name(name: str) -> str:
    """A traveller's name without parenthesised parts: 'Henry A. (Heinz Alfred) Kissinger'."""
    return re.sub(r"\s+", " ", _PAREN.sub("", name)).strip(" ,")


def _split_title(part: str) -> tuple[str, str]:
    words = part.split()
    i = 0
    while i < len(words) - 1 and words[i].lower().strip(",") in _TITLE_WORDS:
        i += 1
    # A title ends with a head, never with "of"/"the"/"and".
    while i and words[i - 1].lower() in {"of", "the", "and", "&"}:
        i -= 1
    return " ".join(words[:i]), " ".join(words[i:])


def parse_visitor(text: str) -> list[tuple[str, str]]:
    """(title, name) of each person in a <visitor> value.

    'President Francesco Cossiga and Prime Minister Giulio Andreotti' gives two;
    'President Benigno S. Aquino, 3rd' and 'Premier and Prince Sihanouk' give one.
    """
    text = re.sub(r"\s+", " ", text).strip(" ,")
    text = re.sub(r"-\s+(elect|designate)\b", r"-\1", text)  # "President- elect"
    pieces = [p for p in _VISITOR_SPLIT.split(text) if p]
    people: list[list[str]] = []  # [title, name]
    for piece in pieces:
        if people and people[-1][1] and _SUFFIX.match(piece):
            # "Aquino, 3rd", "Whipps, Jr.": a suffix, not another person.
            people[-1][1] = f"{people[-1][1]}, {piece}"
            continue
        title, name = _split_title(piece)
        if not title and piece.lower() in _TITLE_WORDS:
            title, name = piece, ""
        if people and not people[-1][1]:
            # "Premier and Prince Sihanouk": the previous piece was a title only.
            people[-1] = [f"{people[-1][0]} and {title}".strip(), name]
            continue
        people.append([title, name])
    return [(t, n) for t, n in people if n]


# ------------------------------------------------------------------------ multilateral events

_EVENT_VERBS = (r"(?:[Aa]ttended|[Pp]articipated in|[Ll]ed the U\.S\. delegation to|"
                r"[Hh]eaded the U\.S\. delegation to|[Cc]o-?chaired|[Cc]haired|[Aa]ddressed|"
                r"[Hh]osted)")
_EVENT = re.compile(
    _EVENT_VERBS + r"\s+(?:the|a|an)\s+"
    r"(?:(?:special|informal|extraordinary|emergency|joint|annual|regular)\s+)?"
    r"(?P<event>(?:[A-Z0-9“\"]|(?:meeting|session|conference|summit) of (?:the )?[A-Z])"
    r"[^,;:()]*?)"
    r"(?=\s+(?:and|to|where|which|while)\s+[a-z]|\s+(?:in|at|with|on the)\s+|[,;:(]|\.(?:\s|$)"
    r"|$)"
)
# Words that make a named event multilateral.
_MULTILATERAL = re.compile(
    r"\b(?:NATO|North Atlantic|G-?7|G-?8|G-?20|APEC|ASEAN|OSCE|CSCE|OAS|Organization of "
    r"American States|UN|U\.N\.|United Nations|EU|European|SEATO|CENTO|ANZUS|OECD|Quad|"
    r"Commonwealth|Summit|Ministerial|Conference|Council|General Assembly|Forum|"
    r"Ministers|Leaders|Trilateral|Quadrilateral|"
    r"Inter-American|Pan American|Union)\b")
_BILATERAL = re.compile(r"^(?:U\.S\.|US|United States)[-–]([A-Za-z.’' ]+?)\s")


def _bilateral(event: str) -> bool:
    """'U.S.-Japan Security Consultative Committee', 'U.S.-ROK ... Ministerial'."""
    m = _BILATERAL.match(event)
    return bool(m and "-" not in m.group(1) and country_code(m.group(1)))


def multilateral_events(text: str) -> list[str]:
    """Names of the multilateral events a record says were attended, in order, deduplicated."""
    events: list[str] = []
    for m in _EVENT.finditer(text):
        event = m.group("event").strip(" .“”\"")
        if not event or _bilateral(event) or not _MULTILATERAL.search(event):
            continue
        if event not in events:
            events.append(event)
    return events


# ------------------------------------------------------------------------ places of visits

_US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "DC": "District of Columbia",
}  # fmt: skip
_STATE = "|".join(sorted({*_US_STATES, *_US_STATES.values()}, key=len, reverse=True))
_US_PLACE = re.compile(
    r"\b(?:in|at)\s+(?P<city>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}),\s*(?:" + _STATE + r")\b")
_US_CITY = re.compile(r"\b(?:in|at)\s+(?P<city>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})")
_UN = re.compile(r"\b(?:UN|U\.N\.|United Nations)\b")
DEFAULT_VISIT_PLACE = ("Washington", "US")


def visit_place(description: str) -> tuple[str, str]:
    """(place, country) of a foreign leader's visit: Washington unless the text says where.

    'Offsite Meeting at Woodside, CA.' -> Woodside; 'Attended the UN General Assembly'
    -> New York; a city the country tables know ('in Chicago') -> that city.
    """
    if m := _US_PLACE.search(description):
        return m.group("city"), "US"
    for m in _US_CITY.finditer(description):
        city = m.group("city").rstrip(".")
        if place_country(city) == "US":
            return city, "US"
    if _UN.search(description):
        return "New York", "US"
    return DEFAULT_VISIT_PLACE


def record_country(record: HistoryRecord) -> str:
    """ISO code of a record's <country>/<from>, from its text or else its id slug."""
    for text in (record.country, record.country_id.replace("-", " ")):
        if text and (code := country_code(text) or _OTHER_COUNTRIES.get(text.lower(), "")):
            return code
    return ""


# Record spellings the country tables do not know.
_OTHER_COUNTRIES = {
    "palestinian authority": "PS", "west bank": "PS", "holy see": "VA",
    "vatican city": "VA", "burma": "MM", "korea, south": "KR", "korea south": "KR",
    "korea, republic of": "KR", "korea republic of": "KR", "south korea": "KR",
    "china, people’s republic of": "CN", "china, people's republic of": "CN",
    "china peoples republic of": "CN", "china republic of": "TW", "china, republic of": "TW",
    "timor leste": "TL", "somoa": "WS", "st. christopher and nevis": "KN",
    "saint kitts nevis": "KN", "bosnian federation": "BA",
}  # fmt: skip


# ------------------------------------------------------------------------ counterparts

# Words that make up titles and offices, not names: the pipeline sometimes takes the end of
# a long title for a name ("... for Foreign Affairs and Security Policy").
_NOT_NAMES = _TITLE_WORDS | P.OFFICE_OBJECTS | P.NOT_NAME_WORDS | {"policy", "affairs"}


def _looks_like_a_name(name: str) -> bool:
    words = [w.lower() for w in name.split()]
    return bool(words) and not all(w in _NOT_NAMES for w in words) and \
        name[:1].isupper()



@dataclass(frozen=True, slots=True)
class Traveller:
    """A U.S. President or Secretary of State, with the span of their recorded trips."""

    name: str
    title: str
    first: dt.date
    last: dt.date


_US_TITLES = {
    "President": {"president", "u s president", "us president",
                  "president of the united states"},
    "Secretary of State": {"secretary", "secretary of state", "u s secretary of state",
                           "us secretary of state"},
}
_SLACK = dt.timedelta(days=366)  # terms start before the first trip and end after the last


class USTravellers:
    """Who "President Bush" or "Secretary Baker" was at a date, from the trip records."""

    def __init__(self, records: Iterable[HistoryRecord]) -> None:
        spans: dict[tuple[str, str], list[dt.date]] = {}
        for record in records:
            if record.is_trip:
                key = (clean_name(record.traveller), record.traveller_title)
                span = spans.setdefault(key, [record.start, record.end])
                span[0], span[1] = min(span[0], record.start), max(span[1], record.end)
        self.by_surname: dict[str, list[Traveller]] = {}
        for (name, title), (first, last) in spans.items():
            parts = name_parts(name)
            if parts is not None:
                self.by_surname.setdefault(parts.last, []).append(
                    Traveller(name, title, first, last))

    def at(self, name: str, title: str, when: dt.date) -> Traveller | None:
        """The only U.S. traveller this name and title can mean at that date, if any."""
        parts = name_parts(name)
        if parts is None:
            return None
        found = [t for t in self.by_surname.get(parts.last, ())
                 if normalize_name(title) in _US_TITLES[t.title]
                 and t.first - _SLACK <= when <= t.last + _SLACK
                 and (not parts.full or same_person(name, t.name))]
        return found[0] if len(found) == 1 else None


# Offices only the United States has, by these names: whoever holds one in a U.S.
# traveller's remarks is American ("Accompanied Secretary of Defense Austin").
_US_OFFICES = re.compile(
    r"\b(?:Secretary of (?:Defense|the Treasury|Commerce|Energy|Agriculture|Homeland Security|"
    r"Labor|the Army|the Navy|the Air Force|War)|Defense Secretary|Treasury Secretary|"
    r"Commerce Secretary|Attorney General|National Security Advis[eo]r|Trade Representative|"
    r"First Lady|Chairman of the Joint Chiefs)\b")
# Bodies that stand for a country's people rather than an international organisation.
_NATIONAL_BODIES = {"PS": re.compile(r"\b(?:PLO|Palestine Liberation Organization|"
                                     r"Palestinian Authority|Palestinian)\b"),
                    # The Pope serves the Holy See wherever he is met (Rome is Italy).
                    "VA": re.compile(r"\b(?:Pope|Holy See|Vatican)\b")}


# Where the words written before a person's name stop being about that person.
_CLAUSE_START = re.compile(r"(?:[,;:(]|(?<=[a-z])\.\s|\b(?:[Aa]nd|[Ww]ith|[Bb]y|[Mm]et)\s)")


# Small words inside a title ("Minister of Foreign Affairs", "Aide to the President").
_TITLE_LINKS = frozenset({"of", "the", "to", "for", "in", "on", "and"})


def written_nationality(text: str, name: str) -> str:
    """The nationality written in front of a person's title in the text ("Russian Aide to
    the President Yuri Ushakov" -> "RU", "West German Chancellor Adenauer" -> "DE")."""
    at = text.find(name)
    if at <= 0:
        return ""
    before = text[max(0, at - 80):at]
    starts = [m.end() for m in _CLAUSE_START.finditer(before)]
    words = before[starts[-1] if starts else 0:].split()
    # The title runs back over capitalised words and the small words inside titles
    # ("Aide to the President"); a lower-case word of another kind ends it: "the U.S.
    # delegation to the inauguration of President Mesic" says nothing of Mesic.
    ends = [i for i, word in enumerate(words)
            if word[:1].islower() and word not in _TITLE_LINKS]
    if ends:
        words = words[ends[-1] + 1:]
    for i, word in enumerate(words):
        if i and words[i - 1].lower() in {"to", "in", "from", "at"}:
            continue  # "Ambassador to Russia", "Minister in Iraq": not whose they are
        if word[:1].isupper() and (code := country_code(word.strip(",’'"))
                                   or country_code(word.strip(".,’'"))):
            return code
    return ""


def country_of(official: OfficialRecord, text: str = "") -> str:
    """The country the text gives a person: their own, else the nationality written in
    front of their title, else what their office implies."""
    if official.country:
        return official.country
    if text and (code := written_nationality(text, official.name)):
        return code
    text = f"{official.title} {official.organization}"
    if _US_OFFICES.search(text):
        return "US"
    for code, pattern in _NATIONAL_BODIES.items():
        if pattern.search(text):
            return code
    return ""


def organisation_of(official: OfficialRecord) -> str:
    """The international organisation a title or organisation names, else ""."""
    for text in (official.title, official.organization):
        if organisation := organisation_named(text):
            return organisation
    return ""


def counterparts(extraction: Extraction, *, host_country: str, traveller: str,
                 us: USTravellers | None = None) -> list[tuple[OfficialRecord, str]]:
    """The officials a trip's remarks name, each with the country to assume when nothing
    else tells who they are.

    A person's country is what the text says of them ("French President Hollande");
    an international organisation's official has none. The host country is only a
    default, for people named without a nationality outside multilateral events: the
    resolver uses it when the person is not already known.
    "President Bush" in a Secretary's remarks is the U.S. President of the time (from the
    trip records), not a host; the traveller (named in their own remarks, "Secretary
    Blinken accompanied ...") is not their own counterpart; a person named twice counts once.
    """
    people: list[OfficialRecord] = []
    when = extraction.article.date
    for official in extraction.officials:
        name = re.sub(r"\s+", " ", official.name).strip()
        if not _looks_like_a_name(name) or same_person(name, traveller):
            continue
        if us is not None and when is not None and \
                (american := us.at(name, official.title, when)) is not None:
            if american.name == traveller:
                continue
            official = replace(official, country="US")
            name = american.name
        if any(normalize_name(name) == normalize_name(p.name) for p in people):
            continue
        if organisation := organisation_of(official):
            official = replace(official, country="",
                               organization=official.organization or organisation)
        else:
            official = replace(official, country=country_of(official,
                                                             extraction.article.body))
        people.append(replace(official, name=name, mentions=(), evidence=()))
    # The records name a foreigner with their nationality ("Russian President Yeltsin") and
    # the host's people without; at a multilateral event no one is marked, so there the
    # host says nothing of anyone.
    bilateral = not multilateral_events(extraction.article.body)
    return [(p, host_country if bilateral and not p.country and not organisation_of(p)
             else "") for p in people]
