"""A short flash and the update that replaces it under a new URL and a new article id.

Outlets publish a one- or two-line flash the minute something happens ("Explosions heard in Odesa"), then a full
story an hour or two later under a new URL, with the flash kept whole as its first or last paragraphs. The flash is
under ``NearParams.min_words``: it has no signature, no band and no sentence key, and its text is a small share of
the update's, so none of the copy tests can find or match it. Its lines can: the update carries them verbatim.

- Index: a short body (``FLASH_MIN_WORDS`` words or more, no signature) is indexed under one ``fd`` key, its
  longest line's hash with the outlet (one index row, only for short bodies);
- lookup: a body of 2+ lines looks up the ``fd`` keys of its first and last lines (``fingerprints.head`` /
  ``tail``, the ``EDGE_LINES`` at each end) of ``LINE_MIN_WORDS`` or more words: at most 6 keys, no index row;
- decision (:func:`grew_into`): the same outlet's short body whose lines are, in order, this body's first or last
  lines, this one longer, published at most ``WINDOW_MINUTES`` after it. The next night's flash on one
  template changes a date or a place in its line, so its hash; an alert notice changing one line is not contained.
"""

from __future__ import annotations

import hashlib

#: A shorter body is a caption or a stub ("Watch the video."), not a flash (``_decide.EXACT_MIN_WORDS``'s reason).
FLASH_MIN_WORDS = 15
#: Lines shorter than this are attributions or furniture ("Про це повідомив начальник КМВА."): never a lookup key.
LINE_MIN_WORDS = 8
#: How long after its flash an update still replaces it (the sets' updates came 2-3 hours later; the next day's
#: story on the same event is a story of its own).
WINDOW_MINUTES = 12 * 60
#: At least this share of the flash's words must be in the lines found in the update (the rest: a line of a word or
#: two the edge hashes count differently from the normalized words).
MIN_COVERED = 0.9
PREFIX = "fd"


def _edge_lines(fp: dict, name: str) -> list[list[int]]:
    """The ``[hash, words]`` pairs of a body's ``head`` or ``tail`` edge lines (a stored document's: checked)."""
    return [line for line in fp.get(name) or ()
            if isinstance(line, list) and len(line) == 2 and all(isinstance(v, int) for v in line)]


def _lines(fp: dict) -> list[list[int]]:
    return [*_edge_lines(fp, "head"), *_edge_lines(fp, "tail")]


def _key(outlet: str, line_hash: int) -> str:
    return PREFIX + hashlib.blake2b(f"{outlet} {line_hash}".encode("utf-8", "surrogatepass"),
                                    digest_size=6).hexdigest()


def is_flash(fp: dict) -> bool:
    """A body short enough to have no signature, long enough to be a story (``FLASH_MIN_WORDS``)."""
    return not fp.get("minhash") and (fp.get("words") or 0) >= FLASH_MIN_WORDS


def indexed_keys(fp: dict, outlet: str) -> list[str]:
    """The ``fd`` key a flash is indexed under: its longest line's (none for a longer body or a flash without a
    line of ``LINE_MIN_WORDS`` words)."""
    if not outlet or not is_flash(fp):
        return []
    lines = _lines(fp)
    longest = max(lines, key=lambda line: line[1], default=None)
    return [_key(outlet, longest[0])] if longest and longest[1] >= LINE_MIN_WORDS else []


def lookup_keys(fp: dict) -> list[str]:
    """The ``fd`` keys a body of 2+ lines looks its flash up by (its first and last lines'); not indexed."""
    edition = fp.get("edition") if isinstance(fp.get("edition"), dict) else {}
    outlet = edition.get("outlet")
    lines = _lines(fp)
    if not outlet or len(lines) < 2:
        return []
    return list(dict.fromkeys(_key(outlet, line[0]) for line in lines if line[1] >= LINE_MIN_WORDS))


def grew_into(flash: dict, fp: dict) -> bool:
    """True when ``flash`` (a candidate's fingerprints) is a short body whose lines ``fp`` (a longer body of the same
    outlet: the caller checks) carries, in order, as its first or its last lines, ``fp`` published within
    ``WINDOW_MINUTES`` after it (when both dates are known)."""
    if not is_flash(flash) or (fp.get("words") or 0) <= (flash.get("words") or 0):
        return False
    lines = _lines(flash)
    if not lines or not any(words >= LINE_MIN_WORDS for _, words in lines):
        return False
    if sum(words for _, words in lines) < MIN_COVERED * (flash.get("words") or 0):
        return False  # lines past the edges' reach: the flash is not all known
    # in order, at the very start or the very end: a round-up carrying the flash word for word among its items has
    # it in between (holdout12)
    # (the edges in order are the whole body up to 6 lines; past that, a run of 3 at either end is still in them)
    flash_lines, known = _ordered(flash), _ordered(fp)
    count = len(flash_lines)
    if known[:count] != flash_lines and known[-count:] != flash_lines:
        return False
    then, now = _published(flash), _published(fp)
    return then is None or now is None or 0 <= now - then <= WINDOW_MINUTES


def repeated_notice(a: dict, b: dict) -> bool:
    """Two short bodies (no signature) published more than ``WINDOW_MINUTES`` apart: the same notice on another
    day (an alert posted word for word every night), not one story under two URLs. False when a date is unknown."""
    if a.get("minhash") or b.get("minhash"):
        return False
    then, now = _published(a), _published(b)
    return then is not None and now is not None and abs(now - then) > WINDOW_MINUTES


def within_window(a: dict, b: dict) -> bool:
    """Two bodies published at most ``WINDOW_MINUTES`` apart, or either date unknown: one day's versions of a story
    may be; the same outlet's notice of another night is not one of them."""
    then, now = _published(a), _published(b)
    return then is None or now is None or abs(now - then) <= WINDOW_MINUTES


def _ordered(fp: dict) -> list[int]:
    """A body's edge line hashes in the body's order (the head's lines, then the tail's, last line last)."""
    return [line[0] for line in (*_edge_lines(fp, "head"), *_edge_lines(fp, "tail")[::-1])]


def _published(fp: dict) -> int | None:
    edition = fp.get("edition")
    published = edition.get("published") if isinstance(edition, dict) else None
    return published if isinstance(published, int) else None
