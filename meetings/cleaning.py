"""Input cleaning: one rule for what requests may carry, one for what ingested text keeps.

Requests: a query parameter (name or value) or a path holding a character that no page,
feed or database can carry (C0/C1 controls other than tab and line breaks, NUL,
noncharacters such as U+FFFE/U+FFFF, lone surrogates) is refused with a 400 that names
the parameter, never passed on to become a 500 in Postgres or in the XML writer.

Ingested names and titles: bidirectional overrides and isolates are removed, so a stored
name cannot display reversed ("evil\u202egnp.exe") on a page, in the admin or in an export.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# C0 controls except tab, LF and CR; DEL and the C1 controls; the noncharacters
# U+FDD0-U+FDEF and U+xFFFE/U+xFFFF of every plane; lone UTF-16 surrogates.
_NONCHARACTERS = "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF)
                         for plane in range(0x11))
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff" + _NONCHARACTERS + "]"
)
# Embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def unsafe_character(text: str) -> str | None:
    """The first character that requests may not carry, or None."""
    found = _UNSAFE.search(text)
    return found.group() if found else None


def describe(char: str) -> str:
    """A character as "U+0001", for messages."""
    return f"U+{ord(char):04X}"


def without_bidi_controls(text: str) -> str:
    """``text`` without bidirectional embeddings, overrides and isolates."""
    return _BIDI.sub("", text)


def clean_label(text: str) -> str:
    """A name or title as stored: no bidi controls, no control characters, one line."""
    text = without_bidi_controls(text)
    return " ".join(_UNSAFE.sub(" ", text).split())


def http_url(url: str) -> str:
    """``url`` when it is an absolute http(s) URL, else "" (javascript:, data:, relative...)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return ""
    if unsafe_character(url) or any(c.isspace() for c in url):
        return ""
    return url
