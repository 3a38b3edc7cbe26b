"""Sentence by sentence: a wire story retold in other words is still one story.

An outlet that paraphrases a wire story keeps its facts, names and figures and their order, sentence for
sentence, and changes nearly every word around them: two such bodies share few 3-word shingles (10-40, what two
stories of one event share too), but each sentence of the rewrite still holds most of the content words of one
sentence of the original. Two outlets' own stories of one event share a sentence or two (the toll, a quote), a
digest shares one item; a rewrite shares nearly all of its sentences.

A sentence here: the text between two ``.``/``!``/``?``/``…`` or line ends (``normalize_marked``), as the set of
its content stems: the first ``STEM`` characters of each word of at least ``STEM`` characters, and every number
(stems take the inflection of Ukrainian and Russian words and most English ones). Sentences of fewer than
``MIN_STEMS`` stems (datelines, bylines, "Read also" labels) are left out, only the first ``MAX_SENTENCES``
are kept (a rewrite follows its source from the top), and at most ``MAX_STEMS`` stems a sentence.

In a body's fingerprints:

- ``sentences``: those sentences' stems as 16-bit hashes (of the CRC-32), as base64 of little-endian uint16: the
  number of sentences, each one's number of stems, then the hashes (~0.4 KB): :func:`aligned_share` compares two;
- ``sentence_keys``: up to ``KEYS`` lookup keys, one per sentence: the smallest 32-bit hash (CRC-32) of the stems
  of its long words (``KEY_WORD`` characters or more: names, places, rarer words),
  the ``KEYS`` smallest of those (so two bodies keep the keys they share), indexed next to the LSH bands: a
  rewrite shares no 3-word shingle band with its source, but its sentences keep their names and rarer words.
  ``"ff" + 12 hex``: the band keys' shape, in a range band numbers never reach. A key that many stored articles
  share finds few of them (the store reads a bounded number of rows per key), so a common word costs a bounded
  lookup, not a scan.

A document found by sentence keys alone (no band, url key or exact hash shared) is a candidate only when it shares
``KEYS_SHARED`` of them, and ``decide`` aligns sentences only for such a pair: one key is often a common long word
("Ukrainian", "military") that unrelated stories share, and aligning each of them cost more than the rest of the
lookup (store_reactor at 10k stored: ~80 recent-memory candidates an article instead of ~17). Measured on the
labelled sets (bench/dedup_eval.py's pairs, real_pairs, holdout..holdout4): every rewrite shares 2 or more of its 8
keys with its source, the ones found by keys alone 2-4 (holdout2/3 have one with 2 each). And at most
``KEY_CANDIDATES`` such documents a lookup (recent memory, store), those sharing the most keys, among the first
``KEY_HOLDERS`` holders of each key (a key that many hold is a common word's: reading all of them costs more than
it finds).

Documents stored without them are compared as before.
"""

from __future__ import annotations

import base64
import struct
import zlib
from functools import lru_cache
from itertools import compress

import numpy as np

STEM = 5
MIN_STEMS = 4
MAX_SENTENCES = 12
MAX_STEMS = 64
KEYS = 8
KEY_WORD = 8
KEYS_SHARED = 2
KEY_CANDIDATES = 3
KEY_HOLDERS = 20


def sentence_sketch(marked: str) -> tuple[str, list[str]]:
    """(``sentences``, ``sentence_keys``) of a body normalized by ``normalize_marked``; ("", []) for none."""
    sizes: list[int] = []
    flat: list[int] = []  # every kept sentence's hashes, one after the other
    keys: set[int] = set()
    crc32 = zlib.crc32
    for line in marked.split("\n"):
        # stem -> from a long word; `w < ":"`: starts with a digit (a number: "2022", "31"), in one comparison
        stems = {w[:STEM]: len(w) >= KEY_WORD for w in line.split() if len(w) >= STEM or w < ":"}
        if len(stems) < MIN_STEMS:
            continue
        hashes = [crc32(stem.encode("utf-8", "surrogatepass")) for stem in stems]
        if True in stems.values():
            keys.add(min(compress(hashes, stems.values())))
        # a "sentence" of thousands of words (a body with no punctuation): its smallest hashes, as a bottom-k sketch
        if len(hashes) > MAX_STEMS:
            hashes = sorted(hashes)[:MAX_STEMS]
        sizes.append(len(hashes))
        flat += hashes
        if len(sizes) == MAX_SENTENCES:
            break
    if not sizes:
        return "", []
    # uint16 little-endian: the number of sentences, each one's number of stems, then every stem's hash cut to 16 bits
    # (struct, not numpy: ~150 values, where building an array cost more than packing them)
    values = [len(sizes), *sizes, *[h & 0xFFFF for h in flat]]
    encoded = base64.b64encode(struct.pack(f"<{len(values)}H", *values)).decode("ascii")
    return encoded, [f"ff{key:012x}" for key in sorted(keys)[:KEYS]]


@lru_cache(maxsize=1024)
def _sentences(encoded: str) -> tuple[tuple[frozenset, ...], frozenset, int] | None:
    """The sketch's sentences as sets, every stem of them, and the fewest stems a sentence has; None for anything
    unreadable. Cached: a story's copies are candidates of article after article."""
    try:
        values = np.frombuffer(base64.b64decode(encoded, validate=True), dtype="<u2").tolist()
    except (ValueError, TypeError):
        return None
    if not values or len(values) < 1 + values[0] + sum(values[1 : 1 + values[0]]):
        return None
    count, at, sentences = values[0], 1 + values[0], []
    for size in values[1 : 1 + count]:
        sentences.append(frozenset(values[at : at + size]))
        at += size
    if not sentences:
        return None
    return tuple(sentences), frozenset().union(*sentences), min(map(len, sentences))


def is_sentence_key(key: str) -> bool:
    return key.startswith("ff")


def shares_keys(fp_a: dict, fp_b: dict, least: int = KEYS_SHARED) -> bool:
    """True when two fingerprints share ``least`` sentence keys (``KEYS_SHARED``: the least a rewrite and its source
    found by sentence keys alone do)."""
    keys_a, keys_b = fp_a.get("sentence_keys"), fp_b.get("sentence_keys")
    if not isinstance(keys_a, list) or not isinstance(keys_b, list) or len(keys_a) < least:
        return False
    return len(set(keys_a).intersection(keys_b)) >= least


def aligned_share(fp_a: dict, fp_b: dict, match: float, least: float, contained: float = 1.0, common: int = 1,
                  lead: int = 0, reverse: bool = False, distinct: bool = False) -> tuple[int, int]:
    """(sentences of one body that have a counterpart in the other, how many it has less its lead), for the body with
    fewer sentences, or (``reverse``) for the other when it does better; (0, 0) when either has no sketch. The other
    way round: a rewrite that reorders and merges its source's paragraphs leaves sentences of its own without a
    counterpart (two facts merged, another moved into a quote) while the source's story, its lead set aside, is all
    in the rewrite (the caller asks for it only with other evidence: the next day's report on one template aligns
    as well one way or the other). A counterpart: a sentence whose stems have a
    Jaccard similarity of at least ``match`` with it, or (merged or split sentences) that holds ``contained`` of the
    smaller one's stems and at least ``common`` of them. Up to ``lead`` sentences without one at the top (a local lead
    above the story) are set aside. Stops early, as (0, n), once fewer than ``least`` of them can have one.
    ``distinct``: the sentences both bodies carry word for word (the same stems) are left out of both, so that only
    what each tells in its own words is compared (two stories embedding one long statement align on its sentences)."""
    enc_a, enc_b = fp_a.get("sentences"), fp_b.get("sentences")
    if not isinstance(enc_a, str) or not isinstance(enc_b, str) or not enc_a or not enc_b:
        return 0, 0
    a, b = _sentences(enc_a), _sentences(enc_b)
    if a is None or b is None:
        return 0, 0
    if distinct:
        a, b = _without_common(a, b)
        if a is None or b is None:
            return 0, 0
    first, second = (a, b) if len(a[0]) <= len(b[0]) else (b, a)
    aligned, n = _aligned(first[0], second, match, least, contained, common, lead)
    if not reverse or (n and aligned >= least * n):
        return aligned, n
    other, m = _aligned(second[0], first, match, least, contained, common, lead)
    return (other, m) if m and other * n > aligned * m else (aligned, n)


def _without_common(a: tuple, b: tuple) -> tuple[tuple | None, tuple | None]:
    """Both sketches without the sentences they share whole; None for a sketch left with none."""
    common = set(a[0]).intersection(b[0])
    return _rebuilt(tuple(s for s in a[0] if s not in common)), _rebuilt(tuple(s for s in b[0] if s not in common))


def _rebuilt(sentences: tuple[frozenset, ...]) -> tuple | None:
    if not sentences:
        return None
    return sentences, frozenset().union(*sentences), min(map(len, sentences))


def _aligned(short: tuple[frozenset, ...], other: tuple, match: float, least: float, contained: float, common: int,
             lead: int) -> tuple[int, int]:
    long, stems, fewest = other
    n = len(short)
    # |s & l| >= match * |s | l|  <=>  |s & l| >= match / (1 + match) * (|s| + |l|): a sentence with a counterpart
    # shares at least that many stems with the other body, or (merged/split) `common` and `contained` of the smaller
    # (a cheap test first; the margin covers rounding)
    bound = match / (1 + match)
    aligned = misses = leading = 0
    for sentence in short:
        size = len(sentence)
        shared = len(sentence & stems)
        if (shared >= min(bound * (size + fewest) - 1e-9, max(common, contained * min(size, fewest) - 1e-9))
                and any(_corresponds(sentence, size, other, match, contained, common) for other in long)):
            aligned += 1
            continue
        if not aligned and leading < lead:
            leading += 1
            continue
        misses += 1
        if misses > (n - leading) * (1 - least):
            return 0, n - leading
    return aligned, n - leading


def _corresponds(sentence: frozenset, size: int, other: frozenset, match: float, contained: float,
                 common: int) -> bool:
    both = len(sentence & other)
    return both >= match * (size + len(other) - both) or (
        both >= common and both >= contained * min(size, len(other)))
