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

import numpy as np

# Apostrophes join the word ("Zelensky’s" == "Zelensky's", Ukrainian "обʼєкт" == "об'єкт").
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʼʻ′"), None)
_NON_WORD = re.compile(r"[^\w]+|_+")


@functools.cache
def _format_characters() -> dict[int, None]:
    """Every Unicode format character (category Cf) -> deleted."""
    return dict.fromkeys(c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")


def _character_class(code_points) -> re.Pattern:
    """One regex character class of ``code_points``, consecutive ones as ranges."""
    ranges: list[list[int]] = []
    for c in sorted(code_points):
        if ranges and c == ranges[-1][1] + 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return re.compile("[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "")
                                    for a, b in ranges) + "]")


@functools.cache
def _deleted() -> tuple[re.Pattern, re.Pattern]:
    """(format characters, apostrophes) as regexes, for text the code-point table cannot take."""
    return _character_class(_format_characters()), _character_class(_APOSTROPHES)


_WORD, _DELETED = 1, 2  # code-point kinds in ``_classes``; 0: a separator


@functools.cache
def _classes() -> tuple[np.ndarray, bytes, bytes]:
    """What ``normalize_body`` does with each code point, as a table: kept in a word (``\\w`` but ``_``),
    deleted (format characters, apostrophes), or a separator; and the same for ASCII as a ``bytes.translate``
    table (words kept, separators -> space) with the deleted ASCII characters.

    Built once (in the worker pool's fork server, see ``newswatch.process.warm_up``): ~1 MB, shared."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    table = np.zeros(sys.maxunicode + 1, dtype=np.uint8)
    table[[match.start() for match in re.finditer(r"[^\W_]", everything)]] = _WORD
    table[list(_format_characters())] = _DELETED
    table[list(_APOSTROPHES)] = _DELETED
    ascii_table = bytes(c if table[c] == _WORD else 0x20 for c in range(256))
    ascii_deleted = bytes(c for c in range(128) if table[c] == _DELETED)
    return table, ascii_table, ascii_deleted


def normalize_body(body: str | None) -> str:
    """Lower-case words of ``body`` separated by single spaces, punctuation removed."""
    if not isinstance(body, str) or not body:
        return ""
    # Case folding neither changes nor produces format characters, so deleting them after it is the same.
    text = unicodedata.normalize("NFKC", body).casefold().replace("ё", "е").replace("ß", "ss")
    table, ascii_table, ascii_deleted = _classes()
    # A word is a run of word characters once the deleted characters are gone ("Zelensky’s" -> "zelenskys").
    if text.isascii():
        return b" ".join(text.encode("ascii").translate(ascii_table, ascii_deleted).split()).decode("ascii")
    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    except UnicodeEncodeError:  # lone surrogates: the regexes take anything
        return _normalize_slowly(text)
    kinds = table[codes]
    kept = np.where(kinds == _WORD, codes, np.uint32(0x20))[kinds != _DELETED]
    return " ".join(kept.astype("<u4").tobytes().decode("utf-32-le").split())


def _normalize_slowly(text: str) -> str:
    format_characters, apostrophes = _deleted()
    return " ".join(_NON_WORD.sub(" ", apostrophes.sub("", format_characters.sub("", text))).split())


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
    # The words encoded at once, then joined as bytes (no str.encode per shingle); a word holding a space would
    # split in two, and the count tells.
    encoded = " ".join(words).encode("utf-8").split(b" ")
    if len(encoded) != len(words):
        encoded = [word.encode("utf-8") for word in words]
    # map/zip: no Python frame per shingle; the windows stop where the last one is full
    return set(map(b" ".join, zip(*(encoded[i:] for i in range(size)), strict=False)))
