"""What a template keeps and what it changes: a body's numbers and its first and last lines.

Two instalments of a daily report (losses, front summaries, assessments) share their wording and differ
in their figures; two stories of one outlet share its header and footer lines (author's note, bio,
donation appeal) and differ in between. A shingle similarity sees only the shared words. These two
small additions to a body's fingerprints let :func:`newswatch.dedup.decide` see the rest:

- ``numbers``: the 32-bit hashes of the body's distinct numbers (a run of digit tokens is one number:
  "738 260" and "738,260" are one), the ``NUMBERS_KEPT`` smallest, and ``numbers_n``, how many there
  are: a bottom-k sketch, so two sketches estimate the share of numbers the bodies have in common;
- ``head`` / ``tail``: ``[hash, words]`` of the first and of the last (last first) ``EDGE_LINES``
  non-empty lines, so the lines two bodies share at both ends, and their length, are known.

Neither changes ``exact``, ``minhash`` or ``bands``: documents stored without them are compared as before.
"""

from __future__ import annotations

import hashlib
import re

from newswatch.dedup._text import normalize_body

NUMBERS_KEPT = 32
EDGE_LINES = 3

_DIGITS_APART = re.compile(r"(?<=\d) (?=\d)")
_NUMBER = re.compile(r"\S*\d\S*")


def _hash32(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest(), "little")


def number_sketch(normalized: str) -> tuple[list[int], int]:
    """(the smallest ``NUMBERS_KEPT`` hashes of the distinct numbers of a normalized body, their count)."""
    numbers = set(_NUMBER.findall(_DIGITS_APART.sub("", normalized))) if normalized else set()
    return sorted(map(_hash32, numbers))[:NUMBERS_KEPT], len(numbers)


def numbers_contained(fp_a: dict, fp_b: dict) -> tuple[float, int] | None:
    """(estimated share of the smaller number set found in the other, the smaller set's size), or None
    when either fingerprint has no number sketch (stored before sketches existed)."""
    sk_a, sk_b = fp_a.get("numbers"), fp_b.get("numbers")
    n_a, n_b = fp_a.get("numbers_n"), fp_b.get("numbers_n")
    if not isinstance(sk_a, list) or not isinstance(sk_b, list) or not isinstance(n_a, int) or not isinstance(n_b, int):
        return None
    smaller = min(n_a, n_b)
    if smaller <= 0:
        return 0.0, 0
    set_a, set_b = set(sk_a), set(sk_b)
    if n_a <= len(sk_a) and n_b <= len(sk_b):  # whole sets
        return len(set_a & set_b) / smaller, smaller
    union = sorted(set_a | set_b)[:NUMBERS_KEPT]
    both = sum(1 for h in union if h in set_a and h in set_b)
    jaccard = both / len(union) if union else 0.0
    shared = jaccard / (1 + jaccard) * (n_a + n_b)
    return min(1.0, shared / smaller), smaller


def edge_lines(body: str | None) -> tuple[list[list[int]], list[list[int]]]:
    """``[hash, words]`` of the first and of the last (last first) non-empty lines of ``body``.

    The head is taken from the first half of the lines and the tail from the second, so a line is
    never both. Only the lines looked at are normalized.
    """
    if not isinstance(body, str) or not body:
        return [], []
    lines = [line for line in body.split("\n") if line.strip()]
    half = len(lines) // 2
    return _edge(lines[:half]), _edge(reversed(lines[half:]))


def _edge(lines) -> list[list[int]]:
    out: list[list[int]] = []
    for line in lines:
        normalized = normalize_body(line)
        if normalized:
            out.append([_hash32(normalized), normalized.count(" ") + 1])
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
