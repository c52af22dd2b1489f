"""Do two written names mean the same person? A careful, conservative matcher.

Two full names match when the surnames are equal, the first names are equal or one is a
known nickname or a prefix (three letters at least) of the other, and the middle names,
where both give some, have the same initials. So "Antony John Blinken" ~ "Antony
Blinken", "Joseph R. Biden" ~ "Joe Biden", "William J. Clinton" ~ "Bill Clinton";
but not "Antony Blinken" ~ "Anthony Blake", nor "George H.W. Bush" ~ "George W. Bush".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from meetings.ingest.names import normalize_name

_GROUPS = """
joseph joe joey | michael mike mick | william bill billy will willy | antony anthony tony
james jim jimmy jamie | robert bob bobby rob | richard dick rick rich | thomas tom tommy
daniel dan danny | david dave | christopher chris | alexander alex sasha | edward ed ted
john jack | henry hank harry | ronald ron ronnie | donald don | gerald jerry | theodore ted
benjamin ben bibi | elizabeth liz beth betty | katherine kate kathy | samuel sam
stephen steve | steven steve | matthew matt | nicholas nick | peter pete | andrew andy
timothy tim | lawrence larry | charles charlie chuck | francis frank | frederick fred
harold harry | albert al | alan al | patrick pat | gregory greg | kenneth ken
jeffrey jeff | condoleezza condi | madeleine maddy | margaret maggie | abdullah abdallah
vladimir vlad | mohammed muhammad mohammad mohamed | hillary hilary
"""


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for group in _GROUPS.replace("\n", " | ").split("|"):
        names = group.split()
        for name in names:
            table.setdefault(name, set()).update(names)
    return {name: frozenset(group) for name, group in table.items()}


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


def _first_names_agree(a: str, b: str) -> bool:
    if a == b:
        return True
    if b in _nicknames().get(a, ()):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short)


def same_person(a: str, b: str) -> bool:
    """Whether two full names can be the same person (surname-only names never match)."""
    pa, pb = name_parts(a), name_parts(b)
    if pa is None or pb is None or not pa.full or not pb.full:
        return False
    if pa.last != pb.last or not _first_names_agree(pa.first, pb.first):
        return False
    if pa.middles and pb.middles:
        return [m[0] for m in pa.middles] == [m[0] for m in pb.middles]
    return True


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
