"""Near-duplicate signatures: MinHash over word shingles, cut into LSH bands.

Each band is hashed to a short string (``"1f" + 12 hex``: band number, then a
48-bit hash of the band's rows) so the store can keep them in one indexed array
field (``fingerprints.bands``) and find candidates with one ``$in`` / ``IN``
query. The full signature is kept (base64 of little-endian uint32) to verify a
candidate by its estimated Jaccard similarity without re-reading the text.

The defaults were chosen by measurement on bench/data/dedup/pairs.jsonl and on
sets drawn with other generator seeds (``bench/dedup_eval.py --sweep`` and
``--seeds``): partial wire copies (rewritten top, other banners, trimmed end) go
down to a true 3-shingle Jaccard of 0.18-0.25, so candidates must be found well
below 0.5. 64 bands of 2 rows (the first 128 of the 192 values) find a pair at
J=0.2 with p=0.93 and at J=0.3 with p=0.998 (3 rows: 0.40 and 0.82: most missed
partial copies were never candidates), while unrelated news (J~0.001) collides
with p~6e-5 per stored article; the store bounds the rows read per band, so the
lookup stays O(1) in the collection size. The remaining 64 values sharpen the
similarity estimate. Hard negatives that share a banner or a quote reach J=0.38
but share at most ~55 shingles, copies at least ~76, hence ``min_shared``;
partial copies from another outlet are judged by containment (``min_contained``).
3-word shingles: 2-word ones raise unrelated articles' Jaccard tenfold (more
false candidates at scale), 4-word ones cost recall.

Changing ``num_perm``, ``bands``, ``shingle`` or ``seed`` changes ``scheme``, and
signatures of different schemes are never compared (exact hashes still are).
``rows`` only decides which stored documents are found, not how signatures
compare, so it is not part of ``scheme``: documents stored with 3-row bands
(before 2026-11-27) are still compared, and found by url_key and exact hash,
by bands only once re-fingerprinted.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newswatch.dedup._text import blake2b_hex, shingles

# datasketch's MinHash (2.x, scheme "affine32") computed with numpy alone: the same values bit for bit
# (tests/test_dedup_minhash.py checks it against datasketch), without importing datasketch, whose package
# pulls in scipy: 50 MB and 2.5 s more in the crawler and in every worker process.
_MAX32 = np.uint32(0xFFFFFFFF)
_FMIX32 = tuple(np.uint32(c) for c in (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16))  # MurmurHash3 finalizer
_SHA1_BYTES = 20
_SHA1_DIGEST = type(hashlib.sha1()).digest
# Shingles hashed per step: bounds the (num_perm x shingles) temporary. 512 keeps it (384 KB) in the L2 cache:
# 2048 (1.5 MB) took 0.53 instead of 0.39-0.43 ms a signature on the bench's bodies (mean 550 words), in a process
# with the workers' malloc thresholds (newswatch._heap), where each such temporary is a fresh mapping.
_CHUNK = 512
_BAND_HASH = hashlib.blake2b(digest_size=6)  # copied for each band's rows (blake2b_hex)


@dataclass(frozen=True)
class NearParams:
    num_perm: int = 192
    bands: int = 64
    rows: int = 2
    """MinHash values per band: ``bands * rows`` must not exceed ``num_perm``."""
    shingle: int = 3
    threshold: float = 0.25
    """Minimum estimated Jaccard similarity of two bodies' shingle sets to call them copies."""
    min_words: int = 50
    """Bodies shorter than this get no near-duplicate signature (exact hash only): short texts
    are dominated by shared boilerplate and stock phrases, which makes them look alike."""
    min_shared: int = 65
    """Minimum estimated number of shingles two bodies share: a shared banner, footer or one
    quoted sentence is not a copied story, a few shared paragraphs are."""
    min_contained: float = 0.4
    """Partial copies from another outlet: minimum estimated share of the shorter body's shingles
    found in the longer one (Broder containment), with at least ``min_shared_partial`` shingles.
    Another outlet's copy keeps most of the wire text it carries even when its own top, context
    paragraphs and banners push the Jaccard similarity under ``threshold``; two stories of one
    event quoting the same people share at most ~30% of the shorter body."""
    min_shared_partial: int = 50
    min_contained_short: float = 0.5
    """Partial copies of a short body: at least this share of the shorter body's shingles, and at least
    ``min_shared_short`` shingles, also make another outlet's copy (a reprinted 80-word brief, edited, shares
    ~40 shingles: under ``min_shared_partial`` but more than half of itself). Measured: such reprints 0.53 and
    more; different stories of one event 0.43 at most (``bench/dedup_eval.py``, all four labelled sets)."""
    min_shared_short: int = 35
    quoted_share: float = 0.5
    """Another outlet's near or partial match is not a copy when quoted shingles make at least this share of the
    shared ones and the shared text outside quotes is under ``min_unquoted_contained`` of the shorter body's
    unquoted shingles: two stories carrying one long quote. Measured: such pairs 0.16 at most, copies 0.39 and
    more (wire copies share their narration too)."""
    min_unquoted_contained: float = 0.25
    min_numbers: int = 5
    """Bodies with at least this many distinct numbers each are judged by their numbers too (see below)."""
    min_numbers_shared: float = 0.5
    """Minimum estimated share of the smaller body's numbers found in the other for a near or partial copy:
    a copy keeps the figures it carries (measured: 0.6 and more), the next instalment of a daily report
    (losses, front summary, ministry briefing) changes them (0.3 and less) while keeping the wording."""
    min_numbers_same: float = 0.8
    """Titles of one outlet that differ only in their numbers are instalments of a series (never one story)
    unless the bodies agree on at least this share of their figures (and carry ``min_numbers``): then the
    headline's figures were updated ("kills 4" -> "kills 7") in the same story. Measured: instalments
    0.64 at most, such updates 1.0."""
    min_numbers_all: int = 3
    """... or, carrying fewer than ``min_numbers``, agree on every one of the smaller body's (at least this many): a
    short story corrected under a new headline ("к 13 годам" -> "к 6 годам", holdout18) keeps its 3-4 figures and
    tells the corrected one in words; an alert bulletin of the next night has none or changes its date."""
    min_figures_same: float = 0.8
    """Another outlet's body published within 12 hours is a copy of a report however it is worded or laid out (prose,
    a list) when the two share ``_template.FIGURES_KEYED`` distinct figures or more, at least this share of the
    smaller body's and ``min_figures_of_larger`` of the larger's: one day's General Staff losses as a list and in
    prose, 24 of 25 and 26 (holdout20), or retold with a subset of the figures, 13 of 15 and 23 (holdout18). The next
    day's report on one template shares 0.16-0.3 (the unchanged totals, the start date), a month's summary carrying
    the day's totals 7 of its 18."""
    min_figures_of_larger: float = 0.5
    """... and of the larger body's: a story carrying a report's table among more figures of its own than the table's
    (an analysis of the month's losses) is the outlet's story, as a release under as much reporting of the outlet's
    own is (holdout19)."""
    sentence_match: float = 0.25
    """Two sentences correspond when the Jaccard similarity of their content stems is at least this
    (:mod:`newswatch.dedup._sentences`)."""
    min_aligned: float = 0.75
    """Another outlet's body is a rewrite of the other (a paraphrase, sentence by sentence) when at least this share
    of the sentences of the one with fewer have a corresponding sentence in the other, and at least
    ``min_aligned_sentences`` do. Measured on the four hand-written sets: rewrites 0.83 and more; two outlets'
    own stories of one event, a digest and its story, stories sharing one quote 0.67 at most."""
    min_aligned_sentences: int = 3
    min_aligned_own: float = 0.5
    """When what two bodies share is mostly one quote (:func:`._decide._quote_dominated`), the sentences both carry
    word for word are left out and at least this share of the rest must align too: a rewrite retells its source's
    narration (holdout15: 4 of 6), two stories embedding one long statement align on the statement alone (holdout18:
    1 of 4)."""
    sentence_contained: float = 0.7
    """A sentence merged from two, or one of two split from one, corresponds to its source sentence too: when at
    least this share of the stems of the smaller of the two (and ``sentence_common`` stems) is in the other."""
    sentence_common: int = 3
    rewrite_shingles: float = 0.1
    """A candidate whose estimated Jaccard similarity is at least this needs one shared sentence key for the rewrite
    test, not ``KEYS_SHARED``."""
    lead_sentences: int = 2
    """A local lead: up to this many sentences at the top of the body with fewer sentences that have no counterpart
    (the outlet's own opening above a wire story) are set aside before the share is taken."""
    min_numbers_reverse: int = 3
    """The rewrite test may count the sentences of the body with more of them (a rewrite that reordered and merged
    its source's paragraphs: :func:`newswatch.dedup._sentences.aligned_share`) only when the smaller body carries at
    least this many distinct numbers and ``min_numbers_same`` of them are in the other. Measured: holdout5's
    reordered rewrite 4 of 4; the next day's strike on one template and two outlets' stories of one shelling 0 of 1
    and 1 of 2."""
    min_quotes_reverse: int = 20
    """... or when both bodies quote the same passages: at least this many quoted shingles both hold inside quotes,
    ``min_numbers_same`` of each one's (a rewrite keeps its source's quotes word for word). Measured: rewrites and
    wire copies 20-48 such shingles; stories sharing one quote 35-55, and 4 of 6-9 sentences aligned either way."""
    min_numbers_rewrite: int = 2
    """A rewrite must also keep ``min_numbers_shared`` of the figures when both bodies carry at least this many
    distinct numbers (a template's next instalment is retold sentence by sentence too, with new figures)."""
    min_content_contained: float = 0.75
    """One outlet's two bodies sharing their first or last lines (set aside as its header and footer) are one story
    when, the shared lines aside, the text in between still shares ``min_shared_short`` shingles and this share of
    the smaller body's own: a short story corrected under a new URL keeps its closing paragraphs and most of the
    rest, too little of it for ``min_shared``; two stories under one footer share nothing in between."""
    min_shared_grown: int = 20
    min_grown_contained: float = 0.85
    """A short story of the outlet's whose lines are mostly in the other's shared edge lines (an update adding
    paragraphs on top or at the end under a new URL): one story when what is left in between still shares
    ``min_shared_grown`` shingles, and no more than was set aside, and the two share ``min_grown_contained`` of the
    smaller body's shingles (the whole body: its part between the edges is too small for a stable estimate).
    Measured under 20 MinHash seeds: such updates 0.89-1.0 (truth 0.98-1.0)."""
    min_version_contained: float = 0.6
    """One outlet's two URLs that differ only in their article id (the same headline slug:
    :func:`._urls.slug_siblings`), published within 12 hours, are one article republished under a new id ("UPDATED:",
    "ОНОВЛЕНО:") when they share ``min_shared_grown`` shingles and this share of the smaller body's: a short story
    updated through the day shares too few shingles for ``min_shared`` (holdout17/17b: 41-62 of 56-81) and changes
    its lede's figures and toll (truth 0.7-1.0 of the smaller one kept). Two stories of one outlet share a slug on a
    template, which the names, figures and series tests still tell."""
    min_names: int = 6
    min_names_same_outlet: float = 0.7
    """One outlet's two bodies whose name-and-figure signatures (``fingerprints.edition.signature``, at least
    ``min_names`` tokens each) share under this share of the smaller one's are two stories, however near their
    wording: the outlet's regional desks telling two strikes of one night in one template (holdout16: Zaporizhzhia and
    Dnipro, 4 of 7). Measured on the hand-written sets: one outlet's copies and updates 0.75 and more; its other
    stories from 0.4."""
    seed: int = 1

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError(f"{self.bands} bands x {self.rows} rows exceed {self.num_perm} MinHash values")

    @property
    def scheme(self) -> str:
        return f"mh{self.num_perm}b{self.bands}k{self.shingle}s{self.seed}"


DEFAULT = NearParams()


def signature(words: list[str], params: NearParams = DEFAULT, joined: bytes | None = None,
              found: set[bytes] | None = None) -> tuple[np.ndarray, int]:
    """MinHash values (uint32, ``params.num_perm`` of them) of the word shingles, and their number.

    ``joined``: ``" ".join(words).encode("utf-8")`` when the caller has it already (``fingerprints`` hashes it);
    ``found``: ``shingles(words, params.shingle, joined)``, likewise (``fingerprints``' text sketch reads them too)."""
    shingle_list = list(shingles(words, params.shingle, joined) if found is None else found)
    a, b = _permutations(params.num_perm, params.seed)
    values = np.full(params.num_perm, _MAX32, dtype=np.uint32)
    sha1, digest = hashlib.sha1, _SHA1_DIGEST
    for start in range(0, len(shingle_list), _CHUNK):
        # SHA-1's first 4 bytes, little-endian (datasketch.hashfunc.sha1_hash32), then mixed and permuted.
        # Whole digests joined and cut by numpy; map() hashes them with no Python frame per shingle.
        joined = b"".join(map(digest, map(sha1, shingle_list[start : start + _CHUNK])))
        digests = np.frombuffer(joined, dtype=np.uint8).reshape(-1, _SHA1_BYTES)
        hashed = np.ascontiguousarray(digests[:, :4]).view("<u4").ravel().astype(np.uint32)
        s1, m1, s2, m2, s3 = _FMIX32
        hashed ^= hashed >> s1
        hashed *= m1
        hashed ^= hashed >> s2
        hashed *= m2
        hashed ^= hashed >> s3
        permuted = np.multiply.outer(a, hashed)  # (num_perm, shingles): each row's minimum is contiguous
        permuted += b[:, None]  # uint32 arithmetic wraps
        np.minimum(values, permuted.min(axis=1), out=values)
    return values.astype("<u4"), len(shingle_list)


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations ``h -> a*h + b mod 2**32`` (odd ``a``), drawn as datasketch draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def band_keys(sig: np.ndarray, params: NearParams = DEFAULT) -> list[str]:
    """One short string per LSH band; two signatures sharing any band are candidates."""
    raw = np.ascontiguousarray(sig, dtype="<u4").tobytes()  # one conversion, then each band's bytes sliced
    # each band hashes `rows` consecutive values: the first bands * rows of the signature
    step = params.rows * 4
    rows = (raw[band * step : (band + 1) * step] for band in range(params.bands))
    return list(map(str.__add__, _band_prefixes(params.bands), blake2b_hex(_BAND_HASH, rows)))


@lru_cache(maxsize=8)
def _band_prefixes(bands: int) -> tuple[str, ...]:
    return tuple(f"{band:02x}" for band in range(bands))


def encode_signature(sig: np.ndarray) -> str:
    return base64.b64encode(np.asarray(sig, dtype="<u4").tobytes()).decode("ascii")


def decode_signature(text: str) -> np.ndarray | None:
    """The signature ``encode_signature`` wrote (read-only), or ``None`` for anything else."""
    return _decode_signature(text) if isinstance(text, str) else None


@lru_cache(maxsize=1024)
def _decode_signature(text: str) -> np.ndarray | None:
    # Cached: decide() compares the new article's signature with every candidate's, and a story's
    # copies are candidates of article after article.
    try:
        return np.frombuffer(base64.b64decode(text, validate=True), dtype="<u4")
    except (ValueError, TypeError):
        return None


def decode_signatures(texts: list, length: int) -> tuple[np.ndarray, list[int]] | None:
    """The signatures of ``length`` values among ``texts`` as the rows of one array, and the indexes of ``texts`` they
    are (those :func:`decode_signature` reads as ``length`` values; the others left out, as a candidate without a usable
    signature is): what ``[decode_signature(t) for t in texts]`` gives, one base64 decode for all of them. None when
    ``texts`` is empty."""
    if not texts:
        return None
    size = length * 4
    if size % 3 == 0 and all(type(text) is str and len(text) == size // 3 * 4 for text in texts):
        # every text a whole number of unpadded base64 quanta: joined, they decode to the rows one after another
        # (validate: a padding or stray character anywhere raises, and the rows are decoded one at a time below)
        try:
            raw = base64.b64decode("".join(texts), validate=True)
        except (ValueError, TypeError):
            raw = None
        if raw is not None and len(raw) == size * len(texts):
            return np.frombuffer(raw, dtype="<u4").reshape(len(texts), length), list(range(len(texts)))
    rows, where = [], []
    for i, text in enumerate(texts):
        sig = decode_signature(text)
        if sig is not None and len(sig) == length:
            rows.append(sig)
            where.append(i)
    return (np.vstack(rows), where) if rows else None


def estimated_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Share of equal MinHash values: an unbiased estimate of the shingle sets' Jaccard similarity."""
    if sig_a is None or sig_b is None or len(sig_a) != len(sig_b) or not len(sig_a):
        return 0.0
    return float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)
