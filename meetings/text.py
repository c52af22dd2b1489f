"""Pure text helpers shared by the models, the write side and the extraction steps."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from meetings.countries import country_code

__all__ = ["body_sha256", "looks_like_a_person", "normalize_name", "surname"]

_PUNCT = re.compile(r"[^\w\s-]")
_SPACE = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """Casefolded, accent-free, punctuation-free form used to compare names."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _PUNCT.sub(" ", plain.replace("’", "'").replace("'s ", " "))
    return _SPACE.sub(" ", plain).strip().casefold()


def surname(name: str) -> str:
    """The last word of a normalized name (Roman numerals skipped): 'abdullah ii' -> 'abdullah'."""
    words = normalize_name(name).split()
    while len(words) > 1 and re.fullmatch(r"[ivx]+|jr|sr", words[-1]):
        words.pop()
    return words[-1] if words else ""


# Words that name offices, bodies, groups and ideas, never a person: a "name" made only
# of these (with country words and particles) is not one ("Communist", "Director of
# Chinese", "Foreign Affairs").
_NOT_NAME_WORDS = frozenset("""
minister ministers secretary president premier chancellor king queen emperor prince
princess emir sultan sheikh pope leader leaders chairman chair ambassador envoy adviser
advisor director governor senator representative spokesman spokeswoman spokesperson general
admiral commander counselor deputy vice prime foreign defense defence affairs security
national state department ministry office council committee party government
administration embassy mission delegation delegations officials official communist
communists socialist socialists democrat democrats republican republicans liberal
conservative parliament congress senate assembly cabinet authorities authority forces army
navy military police people crown chief head members member team staff union nations
united republic kingdom federation commission policy interior finance trade commerce
treasury justice energy health education agriculture labor labour transport culture
amir emirate arabian majesty highness excellency royal his her
the of and for in on at to a an
""".split())


def looks_like_a_person(name: str) -> bool:
    """Whether a string can be a person's name: a capitalised word that is not an office,
    a body, a group or a country ("Communist", "Director of Chinese" are not)."""
    words = [w for w in re.split(r"[\s,]+", name.strip()) if w]
    if not words or not name[:1].isupper() or any(ch.isdigit() for ch in name):
        return False
    if not any(ch.isalpha() for ch in name):
        return False
    for word in words:
        plain = normalize_name(word).strip("-")
        if not plain or plain in _NOT_NAME_WORDS:
            continue
        if country_code(word) and not _SURNAME_LIKE_COUNTRY.get(plain):
            continue  # "Chinese", "French", "China"
        return True
    return False


# Country words that are also family names often enough to keep ("Jordan", "Israel").
_SURNAME_LIKE_COUNTRY = {"jordan": True, "israel": True, "chad": True, "georgia": True,
                         "england": True, "france": True, "germany": True}


def body_sha256(body: str) -> str:
    """The SHA-256 of an article's body: its identity, in the queue and among articles."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
