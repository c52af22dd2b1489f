"""Do two written names mean the same person? A careful, conservative matcher.

Two full names match by ``meetings.services.identity.same_official``: the family names
agree, the first names are equal, a known nickname, a prefix (three letters at least) or
a transliteration of the other, and the middle names, where both give some, have the
same initials. So "Antony John Blinken" ~ "Antony
Blinken", "Joseph R. Biden" ~ "Joe Biden", "William J. Clinton" ~ "Bill Clinton";
but not "Antony Blinken" ~ "Anthony Blake", nor "George H.W. Bush" ~ "George W. Bush".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from meetings.services.identity import same_official
from meetings.text import normalize_name

_SUFFIXES = re.compile(r"^(?:jr|sr|[ivx]+|\d+(?:st|nd|rd|th))$")


@dataclass(frozen=True, slots=True)
class NameParts:
    first: str
    middles: tuple[str, ...]
    last: str

    @property
    def full(self) -> bool:
        return bool(self.first)


@lru_cache(maxsize=65536)
def name_parts(name: str) -> NameParts | None:
    """First name, middle names and surname of a normalized name; None if empty."""
    name = re.sub(r"\([^)]*\)", " ", name)
    words = normalize_name(name).split()
    while len(words) > 1 and _SUFFIXES.match(words[-1]):
        words.pop()
    if not words:
        return None
    if len(words) == 1:
        return NameParts("", (), words[0])
    return NameParts(words[0], tuple(words[1:-1]), words[-1])


def same_person(a: str, b: str) -> bool:
    """Whether two full names can be the same person (surname-only names never match).

    The rule is ``meetings.services.identity.same_official``'s, the one every writer uses.
    """
    pa, pb = name_parts(a), name_parts(b)
    if pa is None or pb is None or not pa.full or not pb.full:
        return False
    return same_official(a, b)


def variants(name: str) -> list[str]:
    """Shorter forms news uses for a record's full name: middles dropped, nicknames.

    'Joseph R. Biden' -> ['Joseph Biden', 'Joe Biden'].
    """
    parts = name_parts(name)
    if parts is None or not parts.full:
        return []
    # Keep the case of the written name for display.
    words = [w for w in re.sub(r"\([^)]*\)", " ", name).replace(",", " ").split()
             if not _SUFFIXES.match(normalize_name(w))]
    first, last = words[0], words[-1]
    forms = [f"{first} {last}"] if parts.middles else []
    if nick := _USUAL_NICKNAMES.get(parts.first):
        forms.append(f"{nick} {last}")
    return forms


# The short forms news actually uses for the record's formal first names.
_USUAL_NICKNAMES = {"joseph": "Joe", "michael": "Mike", "william": "Bill", "james": "Jim"}
