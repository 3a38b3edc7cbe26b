"""What two bodies share inside quotation marks: a quote is not a copied story.

Two outlets' own stories often carry the same long quote (a president's nightly address, a spokesman's
answer): the quote alone can make the shorter story look mostly "contained" in the other, as a wire copy is.
A copy shares its narration too; two stories quoting one speaker share little besides the quote.

``quoted`` / ``quoted_n`` in a body's fingerprints: the 32-bit hashes of the distinct word shingles lying
inside quotation marks (« », “ ”, „ “, straight double quotes; a span never crosses a line), the
``QUOTED_KEPT`` smallest as one string of 8-hex-digit chunks (a bottom-k sketch, like ``numbers``), and
how many there are. Documents stored without them are compared as before.

A story may also quote another text at length that the other body carries as its own narration (an agency's
analysis quoting its morning report's first paragraphs, which a reprint of that report tells unquoted): then the
shingles both share are quoted on one side only. ``text``: the same hashes' bottom-k sketch of all the body's
shingles, so that one body's quoted shingles can be looked for in the other's whole text (:func:`quoted_in`).

An embedded social post left in the body with its furniture (a handle line, "View this post on Telegram", X's
signature line: ``quotes.yaml``) is quoted too, line by line, without quotation marks.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

import yaml

from newswatch.dedup._template import sketch_chunks, sketch_shared
from newswatch.dedup._text import blake2b_sorted_hex, normalize_marked, shingles

QUOTED_KEPT = 32
_HASH = hashlib.blake2b(digest_size=4)  # copied for each shingle (blake2b_hex)

# Longest first is not needed: the alternatives cannot start at the same character.
_QUOTED = re.compile(r"«([^»\n]{10,3000})»|“([^”\n]{10,3000})”|„([^“”\n]{10,3000})[“”]|\"([^\"\n]{10,3000})\"")


def quoted_sketch(body: str | None, size: int) -> tuple[str, int]:
    """(bottom-k sketch of the ``size``-word shingles inside quotation marks, their count); ("", 0) for none."""
    if not isinstance(body, str) or not body:
        return "", 0
    found: set[bytes] = set()
    for words in _quoted_words(body):
        if len(words) >= size:
            found |= shingles(words, size)
    if not found:
        return "", 0
    return blake2b_sorted_hex(_HASH, found, QUOTED_KEPT), len(found)


def text_sketch(words: list[str], size: int, joined: bytes | None = None, found: set[bytes] | None = None) -> str:
    """The bottom-``QUOTED_KEPT`` sketch of all of a body's ``size``-word shingles, hashed as quoted_sketch's.

    ``found``: ``shingles(words, size, joined)`` when the caller has them already (``fingerprints``)."""
    found = shingles(words, size, joined) if found is None else found
    if not found:
        return ""
    return blake2b_sorted_hex(_HASH, found, QUOTED_KEPT)


def quoted_in(quoting: dict, other: dict) -> float | None:
    """Estimated number of ``quoting``'s quoted shingles that ``other`` holds anywhere (quoted or not), or None when
    either fingerprint lacks its sketch (stored before the ``text`` sketch existed)."""
    quoted, n_quoted = quoting.get("quoted"), quoting.get("quoted_n")
    text, n_text = other.get("text"), other.get("shingles")
    if not isinstance(quoted, str) or not isinstance(text, str) or not isinstance(n_quoted, int) \
            or not isinstance(n_text, int) or not text:
        return None
    if n_quoted <= 0 or n_text <= 0:
        return 0.0
    shared = sketch_shared(sketch_chunks(quoted), n_quoted, sketch_chunks(text), n_text, QUOTED_KEPT)
    return min(float(n_quoted), shared)


def _quoted_words(body: str) -> list[list[str]]:
    """The normalized words of each quotation in ``body``: normalized in one call, the quotations joined by a
    word no text holds (``_JOIN``) and cut there again (a call a quotation cost as much as the rest)."""
    quotes = [next(group for group in match.groups() if group is not None) for match in _QUOTED.finditer(body)]
    quotes += _embedded_posts(body)
    if len(quotes) < 2 or _JOIN in body:
        return [normalize_marked(quote).split() for quote in quotes]
    out: list[list[str]] = [[]]
    for word in normalize_marked(f" {_JOIN} ".join(quotes)).split():
        if word == _JOIN:
            out.append([])
        else:
            out[-1].append(word)
    return out


_RULES_FILE = Path(__file__).with_name("quotes.yaml")


@lru_cache(maxsize=1)
def _embed_line() -> re.Pattern | None:
    """One pattern matching any furniture line of an embedded post (``quotes.yaml``), anchored at line ends."""
    lines = (yaml.safe_load(_RULES_FILE.read_text(encoding="utf-8")) or {}).get("embedded_post_lines") or ()
    if not lines:
        return None
    return re.compile(r"^[ \t]*(?:" + "|".join(f"(?:{line})" for line in lines) + r")[ \t]*$",
                      re.IGNORECASE | re.MULTILINE)


def _embedded_posts(body: str) -> list[str]:
    """The lines of the paragraphs holding an embedded post's furniture line, that line left out: the post's text
    (and the author's name, too short to make a shingle)."""
    marker = _embed_line()
    if marker is None:
        return []
    lines: list[str] = []
    last_start = -1
    for match in marker.finditer(body):
        start = body.rfind("\n\n", 0, match.start())
        start = 0 if start < 0 else start + 2
        if start == last_start:  # (a paragraph with two furniture lines: a handle and "View this post ...")
            continue
        last_start = start
        end = body.find("\n\n", match.end())
        paragraph = body[start:] if end < 0 else body[start:end]
        lines += [line for line in paragraph.split("\n") if line.strip() and not marker.fullmatch(line)]
    return lines


# A letter (Unicode Lo, so a word of its own once normalized) that no Ukrainian, Russian or English text uses.
_JOIN = "\u01c2"


def shared_quoted(fp_a: dict, fp_b: dict) -> float | None:
    """Estimated number of quoted shingles both bodies hold, or None when either has no quote sketch."""
    sk_a, sk_b = fp_a.get("quoted"), fp_b.get("quoted")
    n_a, n_b = fp_a.get("quoted_n"), fp_b.get("quoted_n")
    if not isinstance(sk_a, str) or not isinstance(sk_b, str) or not isinstance(n_a, int) or not isinstance(n_b, int):
        return None
    if n_a <= 0 or n_b <= 0:
        return 0.0
    return min(float(min(n_a, n_b)), sketch_shared(sketch_chunks(sk_a), n_a, sketch_chunks(sk_b), n_b, QUOTED_KEPT))
