"""What a template keeps and what it changes: a body's numbers and its first and last lines.

Two instalments of a daily report (losses, front summaries, assessments) share their wording and differ
in their figures; two stories of one outlet share its header and footer lines (author's note, bio,
donation appeal) and differ in between. A shingle similarity sees only the shared words. These two
small additions to a body's fingerprints let :func:`newswatch.dedup.decide` see the rest:

- ``numbers``: the 32-bit hashes of the body's distinct numbers (a run of digit tokens is one number:
  "738 260" and "738,260" are one; "738 260 (+2 030)" is two, a total and its change), the ``NUMBERS_KEPT``
  smallest, as one string of 8-hex-digit chunks in ascending order, and ``numbers_n``, how many there are: a
  bottom-k sketch, so two sketches estimate the share of numbers the bodies have in common;
- ``fg`` keys (:func:`figure_keys`, with the LSH bands) of a body carrying ``FIGURES_KEYED`` figures or more: one
  day's losses table told in prose by one outlet and as a list by another shares its figures and hardly a phrase;
- ``head`` / ``tail``: ``[hash, words]`` of the first and of the last (last first) ``EDGE_LINES``
  non-empty lines, so the lines two bodies share at both ends, and their length, are known.

Neither changes ``exact``, ``minhash`` or ``bands``: documents stored without them are compared as before.
"""

from __future__ import annotations

import hashlib
import re

from newswatch.dedup._text import blake2b_hex, normalize_marked

NUMBERS_KEPT = 32
#: A body with at least this many distinct figures is also indexed by them (:func:`figure_keys`): a General Staff
#: losses report carries 20-26, a story a handful (56 of the 953 bodies of the hand-written sets reach 12).
FIGURES_KEYED = 12
# Its keys: MinHash over the figures' hashes, 8 bands of 2 values. Two tellings of one report meet in a band with
# p > 0.99 when they share 0.89 of their figures (holdout20's prose and list), ~0.9 when the prose carries a subset
# (0.52: holdout18), the next day's report (0.16) with p ~0.2; either way ``decide`` compares the figures themselves.
_FIGURE_BANDS = 8
_FIGURE_ROWS = 2
_MASK64 = (1 << 64) - 1
_FIGURE_PERMUTATIONS = tuple(((0x9E3779B97F4A7C15 * (i + 1)) & _MASK64 | 1, (0xC2B2AE3D27D4EB4F * (i + 7)) & _MASK64)
                             for i in range(_FIGURE_BANDS * _FIGURE_ROWS))
# Between two runs of digits, a separator holding a line break, or a mark and a space, or two marks, ends a figure:
# "738 260 (+2 030)" is a total and its change, "(+2), 1 262" two items of a list. One space or one mark is inside a
# figure: "738 260", "738,260", "24.02.22", "07:00".
_BETWEEN_DIGITS = re.compile(r"(?<=\d)\W+(?=\d)")
# ... found at once (what ``_ends_figure`` tells of one separator: a line break, a mark before a mark or a space, a
# space before a mark), so a body without one, most of them, costs one search
_FIGURE_BREAK = re.compile(r"\d\W*?(?:\n|[^\w\s]\W|\s[^\w\s])\W*\d")
EDGE_LINES = 3
_HASH = hashlib.blake2b(digest_size=4)  # copied for each number (blake2b_hex)

def _hash32(text: str) -> int:
    # surrogatepass: a lone surrogate (broken input) hashes instead of raising
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4).digest(), "little")


def number_sketch(words: list[str], body: str | None = None) -> tuple[str, int]:
    """(the smallest ``NUMBERS_KEPT`` hashes of the distinct numbers among a normalized body's words, as one
    hex string, and their count). Fixed-width hex sorts as the hashes do. With the ``body`` the words came from,
    figures end where its separators say (:func:`figures_of`)."""
    return sketch_of(figure_hashes(words, body))


def figure_hashes(words: list[str], body: str | None = None) -> list[str]:
    """The sorted 8-hex-digit hashes of the body's distinct figures (:func:`figures_of`)."""
    numbers = figures_of(words, body)
    hashes = blake2b_hex(_HASH, [number.encode("utf-8", "surrogatepass") for number in numbers])
    hashes.sort()
    return hashes


def sketch_of(hashes: list[str]) -> tuple[str, int]:
    """``numbers`` and ``numbers_n`` of a body from its :func:`figure_hashes`."""
    return "".join(hashes[:NUMBERS_KEPT]), len(hashes)


def figure_keys(hashes: list[str]) -> list[str]:
    """The ``fg`` lookup keys of a body carrying ``FIGURES_KEYED`` distinct figures or more ([] for fewer), from its
    :func:`figure_hashes`: bands of a MinHash of its figures, so a body sharing most of them is found whatever its
    wording."""
    if len(hashes) < FIGURES_KEYED:
        return []
    values = [int(h, 16) for h in hashes]
    mins = [min(((a * v + b) & _MASK64) >> 32 for v in values) for a, b in _FIGURE_PERMUTATIONS]
    return [f"fg{band:x}" + "".join(f"{m:08x}" for m in mins[band * _FIGURE_ROWS:(band + 1) * _FIGURE_ROWS])[:11]
            for band in range(_FIGURE_BANDS)]


def figures_of(words: list[str], body: str | None = None) -> set[str]:
    """The distinct numbers among a normalized body's ``words`` (:func:`numbers_of`). With the ``body`` they came
    from, a run of digit tokens is cut where the text separates two figures by more than one space or one mark (a
    bracket and a sign, a comma and a space, a line break): normalization, which drops the marks, would join them."""
    numbers, joined = _numbers(words)
    if joined and body and _FIGURE_BREAK.search(body):
        numbers = numbers_of(normalize_marked(_BETWEEN_DIGITS.sub(_figure_break, body)).split())
    return set(numbers)


def _ends_figure(separator: str) -> bool:
    spaces = sum(map(str.isspace, separator))
    return "\n" in separator or len(separator) - spaces >= 2 or 0 < spaces < len(separator)


def _figure_break(match: re.Match) -> str:
    # a word between the figures: ``numbers_of`` joins digit tokens only when nothing but separators lies between
    return " figure " if _ends_figure(match.group()) else match.group()


def numbers_of(words: list[str]) -> list[str]:
    """The words holding a digit, a word starting with a digit joined to the one before when that ends
    with a digit ("738 260" -> "738260", as "738,260" normalizes; "24 02 22" -> "240222").

    A loop over the words, not a regex over the text: 4-8x faster (a number is rare, ``isalpha`` is C).
    """
    return _numbers(words)[0]


def _numbers(words: list[str]) -> tuple[list[str], bool]:
    """(:func:`numbers_of`, whether it joined two words into one number)."""
    out: list[str] = []
    joinable = joined = False
    for word in words:
        if word.isalpha():
            joinable = False
        elif joinable and word[0].isdecimal():
            out[-1] += word
            joinable = word[-1].isdecimal()
            joined = True
        elif any(c.isdecimal() for c in word):
            out.append(word)
            joinable = word[-1].isdecimal()
        else:
            joinable = False
    return out, joined


def sketch_chunks(sketch: str) -> set[str]:
    return {sketch[i : i + 8] for i in range(0, len(sketch), 8)}


def number_set(fp: dict) -> tuple[set[str], int] | None:
    """(the sketch's hashes as a set, the count of numbers) of a fingerprint, or None when it has no sketch."""
    sketch, count = fp.get("numbers"), fp.get("numbers_n")
    if not isinstance(sketch, str) or not isinstance(count, int):
        return None
    return sketch_chunks(sketch), count


def numbers_contained(fp_a: dict, fp_b: dict, set_a: tuple[set[str], int] | None = None) -> tuple[float, int] | None:
    """(estimated share of the smaller number set found in the other, the smaller set's size), or None
    when either fingerprint has no number sketch (stored before sketches existed).

    ``set_a``: ``number_set(fp_a)`` when the caller compares one fingerprint with many."""
    sketch_a = set_a if set_a is not None else number_set(fp_a)
    if sketch_a is None:
        return None
    sk_b, n_b = fp_b.get("numbers"), fp_b.get("numbers_n")
    if not isinstance(sk_b, str) or not isinstance(n_b, int):
        return None
    set_a, n_a = sketch_a
    smaller = min(n_a, n_b)
    if smaller <= 0:
        return 0.0, 0
    return min(1.0, sketch_shared(set_a, n_a, sketch_chunks(sk_b), n_b, NUMBERS_KEPT) / smaller), smaller


def figures_shared(fp_a: dict, fp_b: dict, set_a: tuple[set[str], int] | None = None) -> tuple[float, int, int] | None:
    """(estimated count of the figures two bodies share, the smaller body's count, the larger's), or None when either
    fingerprint has no number sketch. ``set_a``: ``number_set(fp_a)`` when the caller compares one fingerprint with
    many."""
    sketch_a = set_a if set_a is not None else number_set(fp_a)
    sketch_b = number_set(fp_b)
    if sketch_a is None or sketch_b is None:
        return None
    (hashes_a, n_a), (hashes_b, n_b) = sketch_a, sketch_b
    return sketch_shared(hashes_a, n_a, hashes_b, n_b, NUMBERS_KEPT), min(n_a, n_b), max(n_a, n_b)


def sketch_shared(set_a: set[str], n_a: int, set_b: set[str], n_b: int, kept: int) -> float:
    """How many hashes two sets of ``n_a`` and ``n_b`` share, from their bottom-``kept`` sketches: counted when
    both sketches hold their whole set, else estimated (:func:`sketched_shared`)."""
    if n_a <= len(set_a) and n_b <= len(set_b):
        return float(len(set_a & set_b))
    return sketched_shared(set_a, n_a, set_b, n_b, kept)


def sketched_shared(set_a: set[str], n_a: int, set_b: set[str], n_b: int, kept: int) -> float:
    """Estimated size of the intersection of two sets of ``n_a`` and ``n_b`` hashes from their bottom-``kept``
    sketches: the Jaccard of the union's ``kept`` smallest, then |A & B| = J / (1 + J) * (|A| + |B|)."""
    union = sorted(set_a | set_b)[:kept]
    both = sum(1 for h in union if h in set_a and h in set_b)
    jaccard = both / len(union) if union else 0.0
    return jaccard / (1 + jaccard) * (n_a + n_b)


def edge_lines(body: str | None) -> tuple[list[list[int]], list[list[int]]]:
    """``[hash, words]`` of the first and of the last (last first) non-empty lines of ``body``.

    The head is taken from the first half of the lines and the tail from the second, so a line is
    never both. A line is compared by its words as written, case folded (``words`` counts them): a
    template's lines are the same text every time, and a full normalization of six lines would cost
    as much as the rest of this module.
    """
    if not isinstance(body, str) or not body:
        return [], []
    lines = [line for line in body.split("\n") if line.strip()]
    half = len(lines) // 2
    return _edge(lines[:half]), _edge(reversed(lines[half:]))


def _edge(lines) -> list[list[int]]:
    out: list[list[int]] = []
    for line in lines:
        words = line.split()
        out.append([_hash32(" ".join(words).casefold()), len(words)])
        if len(out) == EDGE_LINES:
            break
    return out


def shared_edge_words(fp_a: dict, fp_b: dict) -> int:
    """Words in the lines two bodies share at their start and at their end (0 when either lacks edges)."""
    total = 0
    for name in ("head", "tail"):
        edge_a, edge_b = fp_a.get(name), fp_b.get(name)
        if not isinstance(edge_a, list) or not isinstance(edge_b, list):
            return 0
        for line_a, line_b in zip(edge_a, edge_b, strict=False):
            if line_a != line_b:
                break
            total += line_a[1] if isinstance(line_a, list) and len(line_a) == 2 else 0
    return total
