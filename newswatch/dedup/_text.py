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


_WORD, _DELETED, _BREAK = 1, 2, 3  # code-point kinds in ``_classes``; 0: a separator
# Separators that end a sentence or a line: kept as "\n" by ``normalize_marked`` (plain separators elsewhere).
# Crude on purpose ("1.78", "Gov.", "U.S." break too): the sentence sketch only needs the same cuts in two copies.
_BREAKS = ".!?\n\u2026\u2029"


@functools.cache
def _classes() -> tuple[np.ndarray, bytes, bytes]:
    """What ``normalize_body`` does with each code point, as a table: kept in a word (``\\w`` but ``_``),
    deleted (format characters, apostrophes), a sentence break (``_BREAKS``) or another separator; and the same
    for ASCII as a ``bytes.translate`` table (words kept, breaks -> newline, separators -> space) with the deleted
    ASCII characters.

    Built once (in the worker pool's fork server, see ``newswatch.process.warm_up``): ~1 MB, shared."""
    # Every code point as one string, decoded from their UTF-32 code units (surrogates too): ~9 MB while built.
    # ``"".join(map(chr, ...))`` first holds 1.1M one-character strings: a ~95 MB spike, the largest RSS of the fork
    # server (262 MB, 179 without) and of the crawl process, which builds the table too at its first dedup decision
    # (the series rules; 231-234 MB, 165-167 without). bench.run --n 1000, per-process VmHWM.
    everything = np.arange(sys.maxunicode + 1, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
    table = np.zeros(sys.maxunicode + 1, dtype=np.uint8)
    table[np.fromiter((match.start() for match in re.finditer(r"[^\W_]", everything)), dtype=np.intp)] = _WORD
    table[list(_format_characters())] = _DELETED
    table[list(_APOSTROPHES)] = _DELETED
    table[list(map(ord, _BREAKS))] = _BREAK
    ascii_table = bytes(c if table[c] == _WORD else 0x0A if table[c] == _BREAK else 0x20 for c in range(256))
    ascii_deleted = bytes(c for c in range(128) if table[c] == _DELETED)
    return table, ascii_table, ascii_deleted


def normalize_body(body: str | None) -> str:
    """Lower-case words of ``body`` separated by single spaces, punctuation removed."""
    return " ".join(normalize_marked(body).split())


def normalize_marked(body: str | None) -> str:
    """The words of :func:`normalize_body`, with a newline wherever a sentence or a line ends (``.``, ``!``,
    ``?``, ``…``, a line break) and spaces elsewhere, runs not collapsed: ``.split()`` gives the words of
    ``normalize_body``, ``.split("\n")`` its sentences. One pass for both (``fingerprints`` needs both)."""
    if not isinstance(body, str) or not body:
        return ""
    # Case folding neither changes nor produces format characters, so deleting them after it is the same.
    text = unicodedata.normalize("NFKC", body).casefold().replace("ё", "е").replace("ß", "ss")
    table, ascii_table, ascii_deleted = _classes()
    # A word is a run of word characters once the deleted characters are gone ("Zelensky’s" -> "zelenskys").
    if text.isascii():
        return text.encode("ascii").translate(ascii_table, ascii_deleted).decode("ascii")
    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    except UnicodeEncodeError:  # lone surrogates: the regexes take anything
        return _normalize_slowly(text)
    kinds = table[codes]
    kept = np.where(kinds == _WORD, codes, np.where(kinds == _BREAK, np.uint32(0x0A), np.uint32(0x20)))
    return kept[kinds != _DELETED].astype("<u4").tobytes().decode("utf-32-le")


def _normalize_slowly(text: str) -> str:
    format_characters, apostrophes = _deleted()
    text = apostrophes.sub("", format_characters.sub("", text))
    return "\n".join(" ".join(_NON_WORD.sub(" ", part).split()) for part in _BREAK_SPLIT.split(text))


_BREAK_SPLIT = re.compile("[" + re.escape(_BREAKS) + "]")


def body_hash(body: str | None) -> str:
    """Stable hex digest of the normalized body ("" for an empty body)."""
    normalized = normalize_body(body)
    if not normalized:
        return ""
    return hashlib.blake2b(normalized.encode("utf-8"), digest_size=16).hexdigest()


def blake2b_hex(empty, values) -> list[str]:
    """``[hashlib.blake2b(value, digest_size=n).hexdigest() for value in values]``, given ``empty =
    hashlib.blake2b(digest_size=n)``: each value hashed by a copy of that empty state (the same digest). For the short
    values of the fingerprints (shingles, numbers, band rows) the constructor's keyword parsing cost more than the
    hash: 30-40% less time a value."""
    return _hashed(empty, values, type(empty).hexdigest)


def blake2b_sorted_hex(empty, values, kept: int) -> str:
    """``"".join(sorted(blake2b_hex(empty, values))[:kept])``: the ``kept`` smallest digests, in order, as one hex
    string. The digests are sorted as bytes and only the kept ones turned to hex (equal-length hex strings sort as their
    bytes do): a body has ~800 shingles and a sketch keeps 32."""
    digests = _hashed(empty, values, type(empty).digest)
    digests.sort()
    return b"".join(digests[:kept]).hex()


def _hashed(empty, values, read) -> list:
    copy = empty.copy
    out = []
    for value in values:
        state = copy()
        state.update(value)
        out.append(read(state))
    return out


def shingles(words: list[str], size: int, joined: bytes | None = None) -> set[bytes]:
    """The distinct ``size``-word shingles of ``words`` (one shingle when the text is shorter).

    ``joined``: ``" ".join(words).encode("utf-8")`` when the caller has it already."""
    if not words:
        return set()
    if len(words) <= size:
        return {joined if joined is not None else " ".join(words).encode("utf-8")}
    # The words encoded at once, then joined as bytes (no str.encode per shingle); a word holding a space would
    # split in two, and the count tells.
    encoded = (joined if joined is not None else " ".join(words).encode("utf-8")).split(b" ")
    if len(encoded) != len(words):
        encoded = [word.encode("utf-8") for word in words]
    # map/zip: no Python frame per shingle; the windows stop where the last one is full
    return set(map(b" ".join, zip(*(encoded[i:] for i in range(size)), strict=False)))
