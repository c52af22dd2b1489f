"""Near-identical articles (syndicated copies, small updates): one story, one article.

A body is cut into shingles (runs of ``SHINGLE_WORDS`` words); its MinHash signature
(datasketch) is cut into bands, each hashed to a number stored with the article
(``Article.copy_bands``, GIN-indexed). Articles sharing a band are candidates; a
candidate is a copy when the exact Jaccard similarity of the two shingle sets reaches
``THRESHOLD``. With 16 bands of 4 rows, a pair at 0.8 shares a band with probability
0.9998, a pair at 0.3 with 0.12 (then refused by the exact check).
"""

from __future__ import annotations

import hashlib
import re
import struct

from datasketch import MinHash

__all__ = ["THRESHOLD", "band_hashes", "copy_of", "shingles", "similarity"]

# Texts shorter than this are never taken for copies: two one-line readouts alike
# ("Blinken met Wang Yi on Monday.") may well be two meetings.
MIN_WORDS = 50
SHINGLE_WORDS = 5
NUM_PERM = 64
BAND_ROWS = 4
THRESHOLD = 0.8
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    """The runs of SHINGLE_WORDS words of a text, case and punctuation ignored."""
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' shingle sets."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def band_hashes(text: str) -> list[int]:
    """The body's MinHash bands, each as a signed 64-bit number (a Postgres bigint);
    none for a text under MIN_WORDS words."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return []
    found = shingles(text)
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch([s.encode() for s in found])
    values = signature.hashvalues
    bands = []
    for band, start in enumerate(range(0, NUM_PERM, BAND_ROWS)):
        rows = values[start:start + BAND_ROWS]
        digest = hashlib.blake2b(struct.pack(f"<I{len(rows)}Q", band, *map(int, rows)),
                                 digest_size=8).digest()
        bands.append(struct.unpack("<q", digest)[0])
    return bands


def copy_of(*, body: str, bands: list[int] | None = None, limit: int = 50):
    """The stored article this body is a copy of, with the similarity; or None."""
    from meetings.models import Article

    bands = band_hashes(body) if bands is None else bands
    if not bands:
        return None
    best = None
    for article in (Article.objects.filter(copy_bands__overlap=bands)
                    .only("id", "body", "title").order_by("id")[:limit]):
        score = similarity(body, article.body)
        if score >= THRESHOLD and (best is None or score > best[1]):
            best = (article, score)
    return best
