"""The topic taxonomy (seeds/topics.json) and a fast matcher over its aliases.

Matching rules, applied to every alias:
- whole words only, so "AI" never matches inside "said";
- case-insensitive, except short acronyms: an alias of at most three letters and no
  lower-case letter ("AI", "NPT", "5G") matches only as written;
- a space or hyphen in an alias matches a space, any dash or nothing ("cross-Strait"
  finds "cross Strait", "non-proliferation" finds "nonproliferation"); straight and
  curly apostrophes are the same; a trailing plural "s" is allowed ("tariff" finds
  "tariffs").
- where aliases overlap, the longest one wins ("Taiwan Strait" over "Taiwan").
Aliases are grouped by their first two letters into compiled regexes, tried only
at word starts with those letters, so a document costs well under a millisecond.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from meetings.ingest.records import TopicDef

__all__ = ["TaxonomyError", "TopicHit", "TopicMatcher", "load_taxonomy", "DEFAULT_TAXONOMY"]

DEFAULT_TAXONOMY = Path(__file__).resolve().parents[2] / "seeds" / "topics.json"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SEPARATOR = r"(?:[\s\u00a0]+|\s*[-\u2010\u2011\u2012\u2013\u2014]\s*|)"


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the entry and the problem."""


@dataclass(frozen=True)
class TopicHit:
    name: str  # TopicDef.name
    start: int
    end: int


def is_case_sensitive(alias: str) -> bool:
    """Short acronyms ("AI", "NPT") match only as written."""
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 3 and not any(c.islower() for c in letters)


def alias_key(alias: str) -> str:
    """The form two aliases share when the matcher cannot tell them apart."""
    key = re.sub(r"[\s\u00a0\-\u2010-\u2014]+", "", alias.replace("’", "'"))
    return key if is_case_sensitive(alias) else key.casefold()


def load_taxonomy(path: str | Path | None = None) -> tuple[TopicDef, ...]:
    """Read and validate the topic taxonomy (default: seeds/topics.json)."""
    path = Path(path) if path is not None else DEFAULT_TAXONOMY
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TaxonomyError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise TaxonomyError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(raw, list):
        raise TaxonomyError(f"{path}: expected a JSON list of topics")
    topics = tuple(_topic(entry, index, path) for index, entry in enumerate(raw))
    validate_taxonomy(topics, where=str(path))
    return topics


def _topic(entry: object, index: int, path: Path) -> TopicDef:
    where = f"{path}: topic #{index + 1}"
    if not isinstance(entry, dict):
        raise TaxonomyError(f"{where}: expected an object")
    unknown = set(entry) - {"name", "slug", "aliases", "parent"}
    if unknown:
        raise TaxonomyError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    name, slug = entry.get("name"), entry.get("slug")
    aliases, parent = entry.get("aliases", []), entry.get("parent")
    if not isinstance(name, str) or not name.strip():
        raise TaxonomyError(f"{where}: 'name' must be a non-empty string")
    where = f"{path}: topic {name!r}"
    if not isinstance(slug, str):
        raise TaxonomyError(f"{where}: 'slug' must be a string")
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise TaxonomyError(f"{where}: 'aliases' must be a list of non-empty strings")
    if parent is not None and not isinstance(parent, str):
        raise TaxonomyError(f"{where}: 'parent' must be a slug or null")
    return TopicDef(
        name=name.strip(), slug=slug, aliases=tuple(a.strip() for a in aliases), parent=parent
    )


def validate_taxonomy(topics: Iterable[TopicDef], *, where: str = "taxonomy") -> None:
    """Raise TaxonomyError unless slugs and names are unique, parents exist, aliases don't clash."""
    by_slug: dict[str, TopicDef] = {}
    names: set[str] = set()
    owners: dict[str, str] = {}
    topics = tuple(topics)
    for topic in topics:
        if not _SLUG.match(topic.slug):
            raise TaxonomyError(
                f"{where}: topic {topic.name!r}: bad slug {topic.slug!r} (use a-z, 0-9 and -)"
            )
        if topic.slug in by_slug:
            raise TaxonomyError(f"{where}: duplicate slug {topic.slug!r}")
        if topic.name.casefold() in names:
            raise TaxonomyError(f"{where}: duplicate name {topic.name!r}")
        by_slug[topic.slug] = topic
        names.add(topic.name.casefold())
        for alias in topic.aliases:
            key = alias_key(alias)
            owner = owners.setdefault(key, topic.name)
            if owner != topic.name:
                raise TaxonomyError(
                    f"{where}: alias {alias!r} of {topic.name!r} is already an alias of {owner!r}"
                )
    for topic in topics:
        if topic.parent is None:
            continue
        if topic.parent not in by_slug:
            raise TaxonomyError(f"{where}: topic {topic.name!r}: unknown parent {topic.parent!r}")
        seen = {topic.slug}
        parent: str | None = topic.parent
        while parent is not None:
            if parent in seen:
                raise TaxonomyError(
                    f"{where}: topic {topic.name!r}: parent cycle through {parent!r}"
                )
            seen.add(parent)
            parent = by_slug[parent].parent


def _alias_pattern(alias: str) -> str:
    parts = []
    for char in alias:
        if char.isspace() or char in "-\u2010\u2011\u2012\u2013\u2014":
            parts.append(_SEPARATOR)
        elif char in "'’":
            parts.append("['’]")
        else:
            parts.append(re.escape(char))
    # Collapse "a - b" style runs that became several separators in a row.
    body = re.sub(f"(?:{re.escape(_SEPARATOR)})+", lambda _: _SEPARATOR, "".join(parts))
    if alias[-1].isalpha() and not is_case_sensitive(alias):
        body += "s?"
    return body if is_case_sensitive(alias) else f"(?i:{body})"


_WORD_START = re.compile(r"(?<!\w)\w")
_SEPARATORS = re.compile(r"[\s\u00a0\-\u2010-\u2014]+")


def _prefix(text: str) -> str:
    """Two characters that an alias and the text it matches both start with."""
    return _SEPARATORS.sub("", text[:6])[:2].casefold()


class TopicMatcher:
    """Finds the taxonomy's topics in text, with character offsets."""

    def __init__(self, topics: Iterable[TopicDef]) -> None:
        self.topics = tuple(topics)
        # One regex per two-letter prefix, tried only at word starts with that prefix:
        # a single alternation of every alias costs ~30x more on a whole article.
        buckets: dict[str, list[tuple[str, str]]] = {}
        for topic in self.topics:
            for alias in topic.aliases:
                buckets.setdefault(_prefix(alias), []).append((alias, topic.name))
        self._buckets: dict[str, tuple[re.Pattern[str], list[str]]] = {}
        for key, entries in buckets.items():
            # Longest first: Python's alternation takes the first alternative that matches.
            entries.sort(key=lambda e: (-len(e[0]), e[0]))
            alternatives = "|".join(
                f"(?P<a{i}>{_alias_pattern(alias)})" for i, (alias, _) in enumerate(entries)
            )
            self._buckets[key] = (
                re.compile(rf"(?:{alternatives})(?!\w)"),
                [name for _, name in entries],
            )

    def find(self, text: str) -> list[TopicHit]:
        """Every alias occurrence in ``text`` as (topic name, start, end), in text order."""
        hits: list[TopicHit] = []
        end = 0
        buckets = self._buckets
        for start in _WORD_START.finditer(text):
            i = start.start()
            if i < end:
                continue
            key = text[i : i + 2].casefold()
            if len(key) == 2 and not key[1].isalnum():
                key = _prefix(text[i : i + 6])
            bucket = buckets.get(key)
            if bucket is None:
                continue
            m = bucket[0].match(text, i)
            if m is not None:
                hits.append(TopicHit(bucket[1][int(m.lastgroup[1:])], i, m.end()))  # type: ignore[index]
                end = m.end()
        return hits

    def names(self, text: str) -> list[str]:
        """The distinct topic names found in ``text``, in order of first mention."""
        return list(dict.fromkeys(hit.name for hit in self.find(text)))
