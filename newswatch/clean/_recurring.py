"""A bounded per-source memory of the lines an outlet repeats under its stories (rule ``common:recurring``).

Most furniture the phrase and shape rules miss is a line the outlet prints under every story (a print-edition
offer, a mission line, an author-desk line, a "find us on ..." worded afresh): nothing in its wording tells it from
news, its recurrence across the outlet's pages does. :class:`RecurringLines` remembers, per source, hashes of the
lines of the pages it has seen; a line is a *template line* once it was seen on at least ``min_pages`` (K) other
distinct pages of the source AND on at least ``min_share`` (2 in 3) of the source's pages since it first appeared: a
template is on nearly every page, a standard story sentence ("the ministry did not answer our request", a
background sentence, a live blog's recurring item) on some.

A template line is dropped only if :func:`eligible`, the guards that keep story text whatever its recurrence: 4 to
40 words, at most two sentences, not opening with a dash or with a quote of 4+ words (someone's words), not mostly
names and numbers (a dateline, a list of places), no calendar date (``rules/recurring.yaml``: "on 24 February 2022").
A page whose remembered lines are mostly known but not template lines is a copy of an earlier page (an update at a
new URL, a mirror): it is not counted, so copies of one story never make its sentences recurring; a page that would
lose more than :data:`MAX_DROPPED` lines, or all of them, loses none.

Split for the crawl: :func:`page_lines` (hashes of a body's paragraphs) and :func:`drop_lines` run where the text is
(an extraction worker, given the source's :meth:`RecurringLines.templates`); :meth:`RecurringLines.observe` runs
where the memory is (one place: ``CleanPipeline`` on the reactor) and only looks hashes up.
:meth:`RecurringLines.clean` does both in one call.

State is plain data (:meth:`RecurringLines.to_state` / :meth:`RecurringLines.load_state`: JSON- and BSON-safe
dicts of signed 64-bit hashes and counts, no text), bounded: an LRU of ``max_sources`` sources, each an LRU of
``max_lines`` line hashes and of the last ``max_pages`` page ids. A template line, seen on every page, stays at the
fresh end of its source's LRU.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import yaml

from newswatch.clean._report import CleaningReport
from newswatch.clean._rules import RULES_DIR, normalise

RULE = "common:recurring"
MIN_WORDS = 4
MAX_WORDS = 40
MAX_SENTENCES = 2
#: Share of a line's words (after the first) that are capitalised or numbers above which it is facts, not a
#: template: "KYIV, Ukraine", "Vilnius, Riga and Tallinn", a score, a list of names.
MAX_NAME_SHARE = 0.5
#: More template lines than this on one page: the page is a copy of pages seen (or the memory is confused): none go.
MAX_DROPPED = 4
_DASHES = frozenset("—–-")
_QUOTES = frozenset("\"'«„“‘‚‹(")
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")  # one per number: "6.2", "24/7", "2022"
# A line opening with a quote of this many words is someone's words (a recurring quote); a shorter quoted opening is
# a name: «Поділля онлайн» — новини Вінниці…
_QUOTE_WORDS = 4
_QUOTED_OPENING = re.compile(r"^[\"'«„“‘‚‹]([^\"'»”’‹›“]*)")
_SENTENCE_END = re.compile(r"[.!?…](?=[\"'»”’)]*\s+\S)")
_MAX_CHARS = 25 * MAX_WORDS
# A page is a copy of an earlier one when at least this many of its remembered lines are known but not template
# lines, and they are more than two thirds of them (an outlet's template is 1-3 lines; a live blog repeats a few).
_COPY_MIN_KNOWN = 3


def _facts() -> re.Pattern:
    with open(RULES_DIR / "recurring.yaml", encoding="utf-8") as fh:
        patterns = (yaml.safe_load(fh) or {}).get("facts") or []
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)")


_FACTS = _facts()


def eligible(line: str) -> bool:
    """Whether ``line`` may ever be dropped for recurring: 4-40 words, one or two sentences, not opening with a dash
    or a quote of 4+ words (someone's words), not mostly names and numbers, no calendar date (``rules/recurring.yaml``).
    """
    line = line.strip()
    # Most paragraphs are told by their size alone: spaces counted, not words split (the exact count comes after).
    if len(line) > _MAX_CHARS or not MIN_WORDS - 1 <= line.count(" ") <= 2 * MAX_WORDS or line[:1] in _DASHES:
        return False
    quoted = _QUOTED_OPENING.match(line)
    if quoted and len(quoted.group(1).split()) >= _QUOTE_WORDS:
        return False
    if len(_SENTENCE_END.findall(line)) >= MAX_SENTENCES:
        return False
    words = line.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return False
    numbers = len(_NUMBER.findall(line))
    named = numbers + sum(1 for w in words[1:] if w[0].isupper() or (w[0] in _QUOTES and w[1:2].isupper()))
    if named > MAX_NAME_SHARE * (len(words) - 1):
        return False
    return not numbers or not _FACTS.search(normalise(line))  # a date needs a digit: most lines skip the look-up


def line_hash(line: str) -> int:
    """A signed 64-bit hash of the (stripped) line, stable across processes: it is persisted. Not normalised: an
    outlet's template prints the same characters every time, and case-folding every paragraph would cost three times
    the hash."""
    return int.from_bytes(hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big",
                          signed=True)


@dataclass(frozen=True)
class PageLines:
    """What the memory needs of one cleaned body, computed where the text is (an extraction worker), so the memory's
    side only looks hashes up: ``hashes`` = ``(paragraph index, hash)`` of its paragraphs of 4+ words, and
    ``paragraphs``, how many there are."""

    hashes: tuple[tuple[int, int], ...] = ()
    paragraphs: int = 0


def _split(body: str) -> list[str]:
    return [p for p in (p.strip() for p in body.split("\n\n")) if p]


def page_lines(body: str) -> PageLines:
    """The :class:`PageLines` of ``body`` (paragraphs separated by a blank line, as ``clean_body`` leaves them)."""
    try:
        paragraphs = _split(body or "")
        hashes = tuple((i, line_hash(p)) for i, p in enumerate(paragraphs) if p.count(" ") >= MIN_WORDS - 1)
        return PageLines(hashes, len(paragraphs))
    except Exception:  # bad input never raises out of cleaning: a page the memory learns nothing from
        return PageLines()


def drop_lines(body: str, lines: PageLines, templates: Collection[int]) -> tuple[str, CleaningReport]:
    """``body`` without its :func:`eligible` paragraphs whose hash is in ``templates`` (a source's template lines,
    from :meth:`RecurringLines.templates`), and the report (rule ``common:recurring``). Nothing goes when every
    paragraph would, or more than :data:`MAX_DROPPED` would (a copy of pages seen, not a template)."""
    report = CleaningReport()
    if not templates or not lines.hashes:
        return body, report
    matched = [i for i, h in lines.hashes if h in templates]
    if not matched:
        return body, report
    paragraphs = _split(body)
    if len(paragraphs) != lines.paragraphs:  # not the body these lines were taken from
        return body, report
    drop = {i for i in matched if eligible(paragraphs[i])}
    if not drop or len(drop) >= len(paragraphs) or len(drop) > MAX_DROPPED:
        return body, report
    for i in sorted(drop):
        report.add(RULE, paragraphs[i], "text", "recurring")
    return "\n\n".join(p for i, p in enumerate(paragraphs) if i not in drop), report


def _page_id(page: str | None, lines: PageLines) -> int:
    if page:
        return line_hash(page)
    digest = hashlib.blake2b(repr(lines).encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


_FIRST = 1 << 32  # a line's entry packs (pages seen on) * _FIRST + (n when first seen) in one int: a third the memory


class _Source:
    __slots__ = ("lines", "n", "pages", "templates")

    def __init__(self) -> None:
        self.n = 0  # distinct pages recorded
        # Plain dicts (insertion order; a line seen again is popped and put back at the end): half an OrderedDict.
        self.lines: dict[int, int] = {}  # hash -> count * _FIRST + first
        self.pages: dict[int, None] = {}  # recent page ids (URL hashes), oldest first
        self.templates: frozenset[int] = frozenset()  # its template lines now (kept up to date by _record)


class RecurringLines:
    """Per-source memory of repeated lines: which lines are a source's template lines now.

    ``min_pages``: other distinct pages a line must have been seen on (K); ``min_share``: share of the source's
    pages since the line first appeared that carried it. Bounded: ``max_sources`` x (``max_lines`` line hashes +
    ``max_pages`` page ids), about 70 KB per source when full (defaults: 7 MB for 100 sources).

    In the crawl it lives in one place (``CleanPipeline``, on the reactor); each extraction call carries
    :attr:`snapshot` (the sources' template hashes, a few each) to the worker, which drops them (:func:`drop_lines`)
    and returns the body's :func:`page_lines`; the pipeline then :meth:`observe` s them (dict look-ups only).
    """

    def __init__(self, min_pages: int = 3, min_share: float = 2 / 3, max_sources: int = 100, max_lines: int = 300,
                 max_pages: int = 100):
        self.min_pages = max(1, int(min_pages))
        self.min_share = float(min_share)
        self.max_sources = max(1, int(max_sources))
        self.max_lines = max(1, int(max_lines))
        self.max_pages = max(1, int(max_pages))
        self._sources: OrderedDict[str, _Source] = OrderedDict()
        self.touched: set[str] = set()  # sources recorded since the last to_state(touched_only=True)
        #: ``{source: templates}`` of the sources that have any: what the extraction workers are given. Updated in
        #: place (never rebound), so a holder of this dict always sees the memory's current state.
        self.snapshot: dict[str, frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self._sources)

    def _source(self, source: str) -> _Source:
        memory = self._sources.get(source)
        if memory is None:
            memory = self._sources[source] = _Source()
            self._evict()
        else:
            self._sources.move_to_end(source)
        return memory

    def _evict(self) -> None:
        while len(self._sources) > self.max_sources:
            evicted, _ = self._sources.popitem(last=False)
            self.snapshot.pop(evicted, None)

    def _is_template(self, memory: _Source, entry: int | None) -> bool:
        if entry is None:
            return False
        count, first = divmod(entry, _FIRST)
        return count >= self.min_pages and count >= self.min_share * (memory.n - first + 1)

    def templates(self, source: str | None) -> frozenset[int]:
        """The hashes of ``source``'s template lines now: seen on >= ``min_pages`` distinct pages recorded before,
        on >= ``min_share`` of the source's pages since their first."""
        memory = self._sources.get(source) if source else None
        return memory.templates if memory is not None else frozenset()

    def observe(self, source: str | None, page: str | None, lines: PageLines) -> bool:
        """Remember a page's lines (``lines`` of its body BEFORE :func:`drop_lines`); whether it was counted.

        ``page`` identifies the page (its URL): a page seen before is not counted twice, nor a copy of one (at least
        3 of its lines, and more than two thirds of those that are not template lines, known already).
        """
        if not source or not lines.paragraphs:
            return False
        try:
            memory = self._source(source)
            page_id = _page_id(page, lines)
            if page_id in memory.pages:
                return False
            hashes = {h for _, h in lines.hashes}
            rest = hashes - memory.templates
            known = sum(1 for h in rest if h in memory.lines)
            if known >= min(_COPY_MIN_KNOWN, len(rest)) >= 2 and 3 * known > 2 * len(rest):
                return False
            self._record(source, memory, page_id, hashes)
            return True
        except Exception:  # the memory is an optimisation: a page it cannot take is a page it did not see
            return False

    def clean(self, source: str | None, page: str | None, body: str) -> tuple[str, CleaningReport]:
        """``body`` without ``source``'s template lines, and the report (rule ``common:recurring``); the page is then
        observed. What the crawl does in two places, in one call."""
        lines = page_lines(body)
        cleaned, report = drop_lines(body, lines, self.templates(source))
        self.observe(source, page, lines)
        return cleaned, report

    def _record(self, source: str, memory: _Source, page_id: int, hashes: set[int]) -> None:
        memory.n += 1
        memory.pages[page_id] = None
        if len(memory.pages) > self.max_pages:
            del memory.pages[next(iter(memory.pages))]
        lines = memory.lines
        for h in hashes:
            entry = lines.pop(h, None)
            lines[h] = _FIRST + memory.n if entry is None else entry + _FIRST
        while len(lines) > self.max_lines:
            del lines[next(iter(lines))]
        # Only this page's lines can have become template lines; the others' share fell: look at the old ones again.
        self._refresh(source, memory, hashes | memory.templates)
        self.touched.add(source)

    def _refresh(self, source: str, memory: _Source, candidates: Iterable[int]) -> None:
        memory.templates = frozenset(h for h in candidates if self._is_template(memory, memory.lines.get(h)))
        if memory.templates:
            self.snapshot[source] = memory.templates
        else:
            self.snapshot.pop(source, None)

    def to_state(self, touched_only: bool = False) -> dict[str, dict]:
        """``{source: {"n", "pages": [id, ...], "lines": [[hash, pages, first], ...]}}``, oldest first.
        ``touched_only``: only the sources recorded since the last such call (what a crawl saves)."""
        names = [s for s in self._sources if s in self.touched] if touched_only else list(self._sources)
        if touched_only:
            self.touched = set()
        return {
            name: {"n": m.n, "pages": list(m.pages), "lines": [[h, *divmod(e, _FIRST)] for h, e in m.lines.items()]}
            for name in names
            for m in (self._sources[name],)
        }

    def load_state(self, state: Mapping[str, Mapping] | None) -> int:
        """Add the sources of a :meth:`to_state` dict (bounds applied; malformed entries skipped); how many."""
        loaded = 0
        for name, data in (state or {}).items():
            try:
                memory = _Source()
                memory.n = int(data["n"])
                for page_id in list(data.get("pages") or ())[-self.max_pages:]:
                    memory.pages[int(page_id)] = None
                for h, count, first in list(data.get("lines") or ())[-self.max_lines:]:
                    memory.lines[int(h)] = int(count) * _FIRST + int(first) % _FIRST
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
            name = str(name)
            self._sources[name] = memory
            self._sources.move_to_end(name)
            self._refresh(name, memory, memory.lines)
            loaded += 1
        self._evict()
        return loaded
