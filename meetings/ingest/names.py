"""Name normalization shared by extraction, resolution and the models."""

from __future__ import annotations

import re
import unicodedata

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
