"""Probable duplicate officials, for curators: similar names with the same country or
title, that the resolver did not join (it joins only what can mean one person).

``duplicate_groups`` is pure (rows in, groups out); ``probable_duplicates`` reads the
officials. Both ``manage.py people_audit`` and the admin's list use it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from meetings.services.identity import family_keys, name_key, parse_name, same_official

__all__ = ["Candidate", "duplicate_groups", "probable_duplicates"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the audit reads of an official."""

    pk: int
    name: str
    country: str = ""
    title: str = ""
    aliases: tuple[str, ...] = ()


def _similar(a: Candidate, b: Candidate) -> bool:
    """Names that may be one person's, whatever the resolver decided."""
    for x in (a.name, *a.aliases):
        for y in (b.name, *b.aliases):
            if same_official(x, y):
                return True
            kx, ky = name_key(x), name_key(y)
            if kx and ky and fuzz.token_sort_ratio(kx, ky) >= 90:
                return True
    return False


def _related(a: Candidate, b: Candidate) -> bool:
    """Same country or same title (or one side without either, which says nothing)."""
    if a.country and b.country and a.country == b.country:
        return True
    if a.title and b.title and a.title.casefold() == b.title.casefold():
        return True
    return not a.country or not b.country


def duplicate_groups(candidates: Iterable[Candidate]) -> list[list[Candidate]]:
    """Groups of officials that are probably one person, each sorted by id."""
    candidates = list(candidates)
    buckets: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        for form in (candidate.name, *candidate.aliases):
            parsed = parse_name(form)
            if parsed is None:
                continue
            for key in family_keys(form):
                buckets[key].append(candidate)
    parent: dict[int, int] = {c.pk: c.pk for c in candidates}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for bucket in buckets.values():
        unique = list({c.pk: c for c in bucket}.values())
        if len(unique) > 200:
            continue  # a very common family name ("Kim", "Wang"): too vague to audit
        for i, a in enumerate(unique):
            for b in unique[i + 1:]:
                if root(a.pk) != root(b.pk) and _related(a, b) and _similar(a, b):
                    parent[root(b.pk)] = root(a.pk)
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        groups[root(candidate.pk)].append(candidate)
    return sorted((sorted(g, key=lambda c: c.pk) for g in groups.values() if len(g) > 1),
                  key=lambda g: g[0].name)


def probable_duplicates(*, limit: int | None = None) -> list[Sequence]:
    """Groups of Officials (model instances) that are probably one person."""
    from meetings.models import Official

    officials = {o.pk: o for o in Official.objects.prefetch_related("aliases")}
    rows = [Candidate(pk=o.pk, name=o.name, country=o.country, title=o.title,
                      aliases=tuple(a.alias for a in o.aliases.all() if not a.rejected))
            for o in officials.values()]
    groups = duplicate_groups(rows)
    if limit is not None:
        groups = groups[:limit]
    return [[officials[c.pk] for c in group] for group in groups]
