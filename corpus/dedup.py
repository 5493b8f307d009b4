"""Near-duplicate detection for reposted stories (MinHash with locality-sensitive bands).

A provincial story is often reposted by a district portal or a newspaper with a new title,
a byline or a caption changed: the exact content hash misses it, and its figures would be
counted twice. Each article body gets MinHash signatures of its word 5-grams; articles that
share a band bucket are candidates, and a candidate is a duplicate when the Jaccard
similarity of the two bodies' 5-grams reaches `THRESHOLD`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib

import numpy as np

SHINGLE = 5  # words per shingle
BANDS, ROWS = 20, 5  # 100 hash functions; Jaccard 0.8 becomes a candidate with probability > 0.999
THRESHOLD = 0.8  # Jaccard of 5-grams at or above which two bodies are one story
MIN_SHINGLES = 20  # shorter bodies are compared by their exact hash only

_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(20250701)  # fixed: signatures must be the same in every process
_A = _rng.integers(1, _PRIME, size=BANDS * ROWS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, size=BANDS * ROWS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[int]:
    """Hashes of the body's word 5-grams, on case-folded NFC text (punctuation ignored)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    return {zlib.crc32(" ".join(words[i : i + SHINGLE]).encode("utf-8"))
            for i in range(max(0, len(words) - SHINGLE + 1))}


def band_buckets(sh: set[int]) -> list[int]:
    """One bucket id per band (empty for a body too short to compare)."""
    if len(sh) < MIN_SHINGLES:
        return []
    x = np.fromiter(sh, dtype=np.uint64, count=len(sh))
    # (a*x + b) mod p for every hash function and shingle; a, x < 2^31 keeps it within 64 bits
    sig = ((_A[:, None] * x[None, :] + _B[:, None]) % _PRIME).min(axis=1)
    out = []
    for band in range(BANDS):
        digest = hashlib.blake2b(sig[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=7).digest()
        out.append(int.from_bytes(digest, "big"))
    return out


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0
