"""Identity locks: articles that may create the same person or meeting are stored one
after the other, all others at the same time.

Two transactions storing articles at the same moment could each find no official for a
new name, or no meeting for the same real meeting, and both create one. A single
project-wide lock prevented that by storing one article at a time, which made the
writes the bottleneck of every worker. These locks are keyed on identity instead
(transaction-level advisory locks on 64-bit hashes of the keys), taken in three steps,
each step's keys in sorted order and the steps always in this order, so that two
transactions never wait on each other in a cycle:

1. the article's body hash (two runs of the same file), before the article is written;
2. every key by which an official the article may *create* is looked up (the
   normalised name and full-name aliases, as the resolver uses them, and the folded
   family names by which it joins spellings of one person), taken just before the
   officials are resolved. A name that an official already stored carries exactly
   (``services.officials.names_found_exactly``) resolves to that official and writes
   nothing, whoever else is storing it: it takes no lock. In a corpus where the same
   people recur, most names are of that kind after the first articles;
3. once the officials are resolved, the parties of each meeting: the set of officials
   (or, with no one named, of countries) by which ``identity.same_meeting`` matches
   one meeting, so only reports with exactly the same parties wait for each other.

A hash collision only costs a wait. The records import takes the project lock
exclusively; ingestion takes it shared, so news articles never run beside an import
but do run beside each other.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db import connection

from meetings.ingest.records import Extraction
from meetings.services import identity
from meetings.text import normalize_name


def article_keys(*, digest: str) -> list[str]:
    """The key locked before an article's body is looked up and written."""
    return [f"article:{digest}"]


def name_keys(*, extraction: Extraction, settled: Collection[str] = ()) -> list[str]:
    """The keys locked before an article's officials are resolved: those of every name
    the resolver may create an official for (not the ``settled`` names)."""
    keys = set()
    for record in extraction.officials:
        if record.name in settled:
            continue
        for name in (record.name, *(a for a in record.aliases if len(a.split()) > 1)):
            if norm := normalize_name(name):
                keys.add(f"name:{norm}")
            # Spellings of one person (Zelensky, Zelenskyy) share a folded family name:
            # the resolver may join them, so their articles wait for each other too.
            for family in identity.family_keys(name):
                if folded := identity.name_key(family):
                    keys.add(f"family:{folded}")
    return sorted(keys)


def meeting_keys(*, parties: Iterable[tuple[Iterable[int], Iterable[str]]]) -> list[str]:
    """The keys locked once the officials are resolved: for each meeting, its officials'
    ids (or, when it names no one, its countries), the parties ``same_meeting`` compares."""
    keys = set()
    for official_ids, countries in parties:
        if ids := sorted(set(official_ids)):
            keys.add("meeting:" + ",".join(map(str, ids)))
        elif codes := sorted(set(countries)):
            keys.add("countries:" + ",".join(codes))
    return sorted(keys)


def identities_lock(*, keys: Iterable[str], project_lock: int | None = None) -> None:
    """Wait for and hold (until the transaction ends) the lock of each key, in one statement."""
    keys = sorted(set(keys))
    with connection.cursor() as cursor:
        if project_lock is not None:
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [project_lock])
        if keys:
            # Sorted by hash, in one statement: every transaction takes its locks in the
            # same global order.
            cursor.execute(
                "SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT DISTINCT"
                " hashtextextended(k, 0) AS h FROM unnest(%s::text[]) AS k ORDER BY h) AS s",
                [keys])
