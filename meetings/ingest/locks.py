"""Identity locks: articles naming the same people are stored one after the other, others at once.

Two transactions storing articles at the same moment could each find no official for a
new name, or no meeting for the same real meeting, and both create one. A single
project-wide lock prevented that by storing one article at a time, which made the
writes the bottleneck of every worker. These locks are keyed on identity instead
(transaction-level advisory locks on 64-bit hashes of the keys, taken in sorted order
so that two transactions never wait on each other in a cycle):

1. at the start, the article's body hash, every key by which an official of the
   article is looked up (the normalised name and full-name aliases, as the resolver
   uses them), and the country set of each meeting between governments;
2. once the officials are resolved, their ids: the parties by which a meeting is
   matched, however each article spells them.

Articles with nobody in common never wait for each other; a hash collision only costs a
wait. The records import takes the project lock exclusively; ingestion takes it shared,
so news articles never run beside an import but do run beside each other.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from meetings.ingest.records import Extraction
from meetings.services import identity
from meetings.text import normalize_name


def extraction_keys(*, extraction: Extraction, digest: str) -> list[str]:
    """The keys locked before an article's officials and meetings are resolved."""
    keys = {f"article:{digest}"}
    for record in extraction.officials:
        for name in (record.name, *(a for a in record.aliases if len(a.split()) > 1)):
            if norm := normalize_name(name):
                keys.add(f"name:{norm}")
            # Spellings of one person (Zelensky, Zelenskyy) share a folded family name:
            # the resolver may join them, so their articles wait for each other too.
            for family in identity.family_keys(name):
                if folded := identity.name_key(family):
                    keys.add(f"family:{folded}")
    for meeting in extraction.meetings:
        if meeting.countries:
            keys.add("countries:" + ",".join(sorted(meeting.countries)))
    return sorted(keys)


def official_keys(*, official_ids: Iterable[int]) -> list[str]:
    """The keys locked once the officials are resolved: the parties of the meetings."""
    return sorted({f"official:{pk}" for pk in official_ids})


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
