"""Near-duplicate signatures: MinHash over word shingles, cut into LSH bands.

Each band is hashed to a short string (``"1f" + 12 hex``: band number, then a
48-bit hash of the band's rows) so the store can keep them in one indexed array
field (``fingerprints.bands``) and find candidates with one ``$in`` / ``IN``
query. The full signature is kept (base64 of little-endian uint32) to verify a
candidate by its estimated Jaccard similarity without re-reading the text.

The defaults were chosen by measurement on bench/data/dedup/pairs.jsonl
(``bench/dedup_eval.py --sweep``): syndicated copies there go down to a true
3-shingle Jaccard of 0.28 (trimmed endings, rewritten ledes, other banners), so
candidates must be found well below 0.5: 64 bands of 3 rows find a pair at
J=0.3 with p=0.82 and at J=0.4 with p=0.98, while unrelated news (J~0.001)
collides with p~1e-7 per stored article. Hard negatives that share a banner or
a quote reach J=0.38 but share at most ~55 shingles, copies at least ~76, hence
``min_shared``. 3-word shingles: 2-word ones raise unrelated articles' Jaccard
tenfold (more false candidates at scale), 4-word ones cost recall.

Changing ``num_perm``, ``bands``, ``shingle`` or ``seed`` changes ``scheme``, and
signatures of different schemes are never compared (exact hashes still are).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from newswatch.dedup._text import shingles


@dataclass(frozen=True)
class NearParams:
    num_perm: int = 192
    bands: int = 64
    shingle: int = 3
    threshold: float = 0.25
    """Minimum estimated Jaccard similarity of two bodies' shingle sets to call them copies."""
    min_words: int = 50
    """Bodies shorter than this get no near-duplicate signature (exact hash only): short texts
    are dominated by shared boilerplate and stock phrases, which makes them look alike."""
    min_shared: int = 65
    """Minimum estimated number of shingles two bodies share: a shared banner, footer or one
    quoted sentence is not a copied story, a few shared paragraphs are."""
    seed: int = 1

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands

    @property
    def scheme(self) -> str:
        return f"mh{self.num_perm}b{self.bands}k{self.shingle}s{self.seed}"


DEFAULT = NearParams()


def signature(words: list[str], params: NearParams = DEFAULT) -> tuple[np.ndarray, int]:
    """MinHash values (uint32, ``params.num_perm`` of them) of the word shingles, and their number."""
    shingle_set = shingles(words, params.shingle)
    minhash = _minhash(params.num_perm, params.seed).copy()
    minhash.update_batch(list(shingle_set))
    return minhash.hashvalues.astype("<u4"), len(shingle_set)


@lru_cache(maxsize=8)
def _minhash(num_perm: int, seed: int) -> MinHash:
    # Generating the permutations is the slow part of MinHash(); copy() reuses them.
    return MinHash(num_perm=num_perm, seed=seed)


def band_keys(sig: np.ndarray, params: NearParams = DEFAULT) -> list[str]:
    """One short string per LSH band; two signatures sharing any band are candidates."""
    rows = params.rows
    keys = []
    for band in range(params.bands):
        chunk = np.ascontiguousarray(sig[band * rows : (band + 1) * rows], dtype="<u4").tobytes()
        keys.append(f"{band:02x}{hashlib.blake2b(chunk, digest_size=6).hexdigest()}")
    return keys


def encode_signature(sig: np.ndarray) -> str:
    return base64.b64encode(np.asarray(sig, dtype="<u4").tobytes()).decode("ascii")


def decode_signature(text: str) -> np.ndarray | None:
    try:
        return np.frombuffer(base64.b64decode(text, validate=True), dtype="<u4")
    except (ValueError, TypeError):
        return None


def estimated_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Share of equal MinHash values: an unbiased estimate of the shingle sets' Jaccard similarity."""
    if sig_a is None or sig_b is None or len(sig_a) != len(sig_b) or not len(sig_a):
        return 0.0
    return float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)
