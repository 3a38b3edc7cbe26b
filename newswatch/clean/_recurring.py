"""A bounded per-source memory of the lines an outlet repeats under its stories (rule ``common:recurring``).

Most furniture the phrase and shape rules miss is a line the outlet prints under every story (a print-edition
offer, a mission line, an author-desk line, a "find us on ..." worded afresh): nothing in its wording tells it from
news, its recurrence across the outlet's pages does. :class:`RecurringLines` remembers, per source, hashes of the
normalised lines of the pages it has seen, and drops a line once it was seen on at least ``min_pages`` OTHER
distinct pages of the source and on at least ``min_share`` of the source's pages since it first appeared (a
template line is on nearly every page; a standard story sentence, "the ministry did not answer our request", on
some). Guards keep story text out of it whatever its recurrence (:func:`eligible`): only lines of 4 to 40 words and
at most two sentences, never a line opening with a quote or a dash (a recurring quote), never a line whose words are
mostly names and numbers (a dateline, a list of places). A page of which most remembered lines are known but not yet
template lines is a copy of an earlier page (an update at a new URL, a re-crawl): it is not counted, so copies of
one story never make its sentences "recurring". A body is never emptied: if every line would go, none does.

State is plain data (:meth:`RecurringLines.to_state` / :meth:`RecurringLines.load_state`: JSON- and BSON-safe
dicts, signed 64-bit hashes, no text), bounded: an LRU of ``max_sources`` sources, each an LRU of ``max_lines`` line
hashes and of the last ``max_pages`` page ids. A template line is seen on every page, so it stays at the fresh end.
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
#: Share of a line's words (after the first) that are capitalised or hold a digit above which it is facts, not a
#: template: "KYIV, Ukraine", "Vilnius, Riga and Tallinn", a score, a list of names.
MAX_NAME_SHARE = 0.5
_DASHES = frozenset("—–-")
# A line opening with a quote of this many words is someone's words (a recurring quote); a shorter quoted opening is
# a name: «Поділля онлайн» — новини Вінниці…
_QUOTE_WORDS = 4
_QUOTED_OPENING = re.compile(r"^[\"'«„“‘‚‹]([^\"'»”’‹›“]*)")
_SENTENCE_END = re.compile(r"[.!?…](?=[\"'»”’)]*\s+\S)")
# A page is a copy of an earlier one (an update at a new URL, a mirror) when at least 2 and most of its (up to 3)
# longest paragraph-shaped lines were seen before on the source; or, failing those, when it holds at least this many
# known, not-yet-template lines and they are more than two thirds of its remembered lines (an outlet's template is
# 1-3 lines; a live blog repeats a few items).
_COPY_MIN_KNOWN = 3
_SIGNATURE_LINES = 3
#: More template lines than this on one page: the page is a copy of pages seen (or the memory is confused): none go.
MAX_DROPPED = 4


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
    words = line.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or line[:1] in _DASHES:
        return False
    quoted = _QUOTED_OPENING.match(line)
    if quoted and len(quoted.group(1).split()) >= _QUOTE_WORDS:
        return False
    if len(_SENTENCE_END.findall(line)) >= MAX_SENTENCES:
        return False
    named = sum(1 for w in words[1:] if w.lstrip("«\"'„“(")[:1].isupper() or any(c.isdigit() for c in w))
    return named <= MAX_NAME_SHARE * (len(words) - 1) and not _FACTS.search(normalise(line))


def _paragraph_shaped(line: str) -> bool:
    """A story paragraph, not a template line: longer than :data:`MAX_WORDS` words, or of several sentences."""
    return len(line.split()) > MAX_WORDS or len(_SENTENCE_END.findall(line)) >= MAX_SENTENCES


def line_hash(line: str) -> int:
    """A signed 64-bit hash of the normalised line (stable across processes: it is persisted)."""
    return int.from_bytes(hashlib.blake2b(normalise(line).encode(), digest_size=8).digest(), "big", signed=True)


def hash_lines(lines: PageLines) -> int:
    """A page id for a page without a URL: its lines' hashes."""
    digest = hashlib.blake2b(repr((lines.eligible, lines.signature, lines.paragraphs)).encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


@dataclass(frozen=True)
class PageLines:
    """What the memory needs of one cleaned body, computed where the text is (an extraction worker), so the memory's
    side (the reactor) only looks hashes up: ``eligible`` = ``(paragraph index, hash)`` of the lines that may ever go,
    ``signature`` = hashes of its (up to 3) longest paragraph-shaped lines (to tell copies), ``paragraphs``."""

    eligible: tuple[tuple[int, int], ...] = ()
    signature: tuple[int, ...] = ()
    paragraphs: int = 0


def _split(body: str) -> list[str]:
    return [p for p in (p.strip() for p in body.split("\n\n")) if p]


def page_lines(body: str) -> PageLines:
    """The :class:`PageLines` of ``body`` (paragraphs separated by a blank line, as ``clean_body`` leaves them)."""
    try:
        paragraphs = _split(body or "")
        eligible_lines = tuple((i, line_hash(p)) for i, p in enumerate(paragraphs) if eligible(p))
        picked = {i for i, _ in eligible_lines}
        longest = sorted((p for i, p in enumerate(paragraphs) if i not in picked and _paragraph_shaped(p)),
                         key=len, reverse=True)[:_SIGNATURE_LINES]
        return PageLines(eligible_lines, tuple(line_hash(p) for p in longest), len(paragraphs))
    except Exception:  # bad input never raises out of cleaning: a page the memory learns nothing from
        return PageLines()


def drop_lines(body: str, lines: PageLines, templates: Collection[int]) -> tuple[str, CleaningReport]:
    """``body`` without its eligible lines whose hash is in ``templates`` (a source's template lines, from
    :meth:`RecurringLines.templates`), and the report (rule ``common:recurring``). Nothing goes when every
    paragraph would, or more than :data:`MAX_DROPPED` would (a copy of pages seen, not a template)."""
    report = CleaningReport()
    if not templates or not lines.eligible:
        return body, report
    drop = {i for i, h in lines.eligible if h in templates}
    if not drop or len(drop) >= lines.paragraphs or len(drop) > MAX_DROPPED:
        return body, report
    paragraphs = _split(body)
    if len(paragraphs) != lines.paragraphs:  # not the body these lines were taken from
        return body, report
    for i in sorted(drop):
        report.add(RULE, paragraphs[i], "text", "recurring")
    return "\n\n".join(p for i, p in enumerate(paragraphs) if i not in drop), report


class _Source:
    __slots__ = ("lines", "n", "pages", "story", "templates")

    def __init__(self) -> None:
        self.n = 0  # distinct pages recorded
        self.lines: OrderedDict[int, list[int]] = OrderedDict()  # hash -> [pages seen on, n when first seen]
        self.pages: OrderedDict[int, None] = OrderedDict()  # recent page ids (URL hashes)
        self.story: OrderedDict[int, None] = OrderedDict()  # hashes of recent pages' longest paragraphs (copies)
        self.templates: frozenset[int] = frozenset()  # the lines that go now (kept up to date by observe)


class RecurringLines:
    """Per-source memory of repeated lines: which lines are a source's template lines now.

    ``min_pages``: other distinct pages a line must have been seen on (K); ``min_share``: share of the source's
    pages since the line first appeared that carried it. Bounded: ``max_sources`` x (``max_lines`` line hashes +
    ``max_pages`` page ids + 3 x ``max_pages`` paragraph hashes).

    In the crawl it lives in one place (``CleanPipeline``, on the reactor); each extraction call carries the
    :meth:`templates` of the sources (a few hashes each) to the worker, which drops them (:func:`drop_lines`) and
    returns the body's :func:`page_lines`; the pipeline then :meth:`observe` s them (dict look-ups only).
    :meth:`clean` does both in one call.
    """

    def __init__(self, min_pages: int = 3, min_share: float = 2 / 3, max_sources: int = 200, max_lines: int = 300,
                 max_pages: int = 100):
        self.min_pages = max(1, int(min_pages))
        self.min_share = float(min_share)
        self.max_sources = max(1, int(max_sources))
        self.max_lines = max(1, int(max_lines))
        self.max_pages = max(1, int(max_pages))
        self._sources: OrderedDict[str, _Source] = OrderedDict()
        self.touched: set[str] = set()  # sources recorded since the last to_state(touched_only=True)
        #: ``{source: templates}`` of the sources that have any: what the extraction workers are given.
        self.snapshot: dict[str, frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self._sources)

    def _source(self, source: str) -> _Source:
        memory = self._sources.get(source)
        if memory is None:
            memory = self._sources[source] = _Source()
            while len(self._sources) > self.max_sources:
                evicted, _ = self._sources.popitem(last=False)
                self.snapshot.pop(evicted, None)
        else:
            self._sources.move_to_end(source)
        return memory

    def _is_template(self, memory: _Source, entry: list[int] | None) -> bool:
        if entry is None:
            return False
        count, span = entry[0], memory.n - entry[1] + 1
        return count >= self.min_pages and count >= self.min_share * span

    def templates(self, source: str | None) -> frozenset[int]:
        """The hashes of ``source``'s template lines now: seen on >= ``min_pages`` distinct pages recorded before,
        on >= ``min_share`` of the source's pages since their first."""
        memory = self._sources.get(source) if source else None
        return memory.templates if memory is not None else frozenset()

    def observe(self, source: str | None, page: str | None, lines: PageLines) -> bool:
        """Remember a page's lines (``lines`` of its body BEFORE :func:`drop_lines`); whether it was counted.

        ``page`` identifies the page (its URL): a page seen before is not counted twice, nor a copy of one (most of
        its longest paragraphs, or most of its remembered lines, known but not template lines).
        """
        if not source or not lines.paragraphs:
            return False
        try:
            memory = self._source(source)
            page_id = line_hash(page) if page else hash_lines(lines)
            if page_id in memory.pages:
                return False
            rest = [h for _, h in lines.eligible if h not in memory.templates]
            known = sum(1 for h in rest if h in memory.lines)
            seen = sum(1 for h in lines.signature if h in memory.story)
            if (seen >= 2 and 2 * seen > len(lines.signature)) or (
                    known >= min(_COPY_MIN_KNOWN, len(rest)) >= 2 and 3 * known > 2 * len(rest)):
                return False
            self._record(source, memory, page_id, {h for _, h in lines.eligible}, lines.signature)
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

    def _record(self, source: str, memory: _Source, page_id: int, hashes: set[int], signature: Iterable[int]) -> None:
        memory.n += 1
        memory.pages[page_id] = None
        if len(memory.pages) > self.max_pages:
            memory.pages.popitem(last=False)
        for h in signature:
            memory.story[h] = None
        while len(memory.story) > _SIGNATURE_LINES * self.max_pages:
            memory.story.popitem(last=False)
        lines = memory.lines
        for h in hashes:
            entry = lines.get(h)
            if entry is None:
                lines[h] = [1, memory.n]
            else:
                entry[0] += 1
                lines.move_to_end(h)
        while len(lines) > self.max_lines:
            lines.popitem(last=False)
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
        """``{source: {"n", "pages": [id, ...], "story": [hash, ...], "lines": [[hash, pages, first], ...]}}``,
        oldest first. ``touched_only``: only the sources recorded since the last such call (what a crawl saves)."""
        names = [s for s in self._sources if s in self.touched] if touched_only else list(self._sources)
        if touched_only:
            self.touched = set()
        return {
            name: {"n": m.n, "pages": list(m.pages), "story": list(m.story),
                   "lines": [[h, c, f] for h, (c, f) in m.lines.items()]}
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
                for h in list(data.get("story") or ())[-_SIGNATURE_LINES * self.max_pages:]:
                    memory.story[int(h)] = None
                for h, count, first in list(data.get("lines") or ())[-self.max_lines:]:
                    memory.lines[int(h)] = [int(count), int(first)]
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
            name = str(name)
            self._sources[name] = memory
            self._sources.move_to_end(name)
            self._refresh(name, memory, memory.lines)
            loaded += 1
        while len(self._sources) > self.max_sources:
            evicted, _ = self._sources.popitem(last=False)
            self.snapshot.pop(evicted, None)
        return loaded
