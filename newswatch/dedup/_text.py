"""Body normalization for fingerprints: what two copies of one text have in common.

Folds what outlets change without changing the text: Unicode forms (NFKC), case,
typographic quotes and apostrophes (« » “ ” „ ' ’ ʼ), dashes, punctuation,
invisible characters (soft hyphens, zero-width spaces), ``ё``/``е`` and whitespace.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import unicodedata

# Apostrophes join the word ("Zelensky’s" == "Zelensky's", Ukrainian "обʼєкт" == "об'єкт").
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʼʻ′"), None)
_FOLD = str.maketrans({"ё": "е", "ß": "ss"})
_NON_WORD = re.compile(r"[^\w]+|_+")


@functools.cache
def _format_characters() -> dict[int, None]:
    """Every Unicode format character (category Cf) -> deleted: one C-level ``translate``, no Python loop."""
    return dict.fromkeys(c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")


def normalize_body(body: str | None) -> str:
    """Lower-case words of ``body`` separated by single spaces, punctuation removed."""
    if not isinstance(body, str) or not body:
        return ""
    text = unicodedata.normalize("NFKC", body)
    # Format characters (soft hyphen, zero-width space/joiners, BOM) vanish without a trace.
    text = text.translate(_format_characters()).casefold().translate(_APOSTROPHES).translate(_FOLD)
    return " ".join(_NON_WORD.sub(" ", text).split())


def body_hash(body: str | None) -> str:
    """Stable hex digest of the normalized body ("" for an empty body)."""
    normalized = normalize_body(body)
    if not normalized:
        return ""
    return hashlib.blake2b(normalized.encode("utf-8"), digest_size=16).hexdigest()


def shingles(words: list[str], size: int) -> set[bytes]:
    """The distinct ``size``-word shingles of ``words`` (one shingle when the text is shorter)."""
    if not words:
        return set()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}
