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
from collections.abc import Iterable, Mapping

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


class _Source:
    __slots__ = ("lines", "n", "pages", "story")

    def __init__(self) -> None:
        self.n = 0  # distinct pages recorded
        self.lines: OrderedDict[int, list[int]] = OrderedDict()  # hash -> [pages seen on, n when first seen]
        self.pages: OrderedDict[int, None] = OrderedDict()  # recent page ids (URL hashes)
        self.story: OrderedDict[int, None] = OrderedDict()  # hashes of recent pages' longest paragraphs (copies)


class RecurringLines:
    """Per-source memory of repeated lines; :meth:`clean` drops the source's template lines from a body.

    ``min_pages``: other distinct pages a line must have been seen on (K); ``min_share``: share of the source's
    pages since the line first appeared that carried it. Bounded: ``max_sources`` x (``max_lines`` + ``max_pages``).
    """

    def __init__(self, min_pages: int = 3, min_share: float = 2 / 3, max_sources: int = 300, max_lines: int = 400,
                 max_pages: int = 200):
        self.min_pages = max(1, int(min_pages))
        self.min_share = float(min_share)
        self.max_sources = max(1, int(max_sources))
        self.max_lines = max(1, int(max_lines))
        self.max_pages = max(1, int(max_pages))
        self._sources: OrderedDict[str, _Source] = OrderedDict()
        self.touched: set[str] = set()  # sources recorded since the last to_state(touched_only=True)

    def __len__(self) -> int:
        return len(self._sources)

    def _source(self, source: str) -> _Source:
        memory = self._sources.get(source)
        if memory is None:
            memory = self._sources[source] = _Source()
            while len(self._sources) > self.max_sources:
                self._sources.popitem(last=False)
        else:
            self._sources.move_to_end(source)
        return memory

    def _is_template(self, memory: _Source, entry: list[int] | None, again: bool) -> bool:
        if entry is None:
            return False
        others, span = entry[0] - again, memory.n - entry[1] + 1 - again
        return others >= self.min_pages and span > 0 and others >= self.min_share * span

    def clean(self, source: str | None, page: str | None, body: str) -> tuple[str, CleaningReport]:
        """``body`` without the source's template lines, and the report (rule ``common:recurring``); then the
        page's lines are remembered. ``page`` identifies the page (its URL; the body when there is none): a page
        seen before is not counted twice. Paragraphs are separated by a blank line, as ``clean_body`` leaves them.
        """
        report = CleaningReport()
        if not source or not body:
            return body, report
        try:
            paragraphs = [p.strip() for p in body.split("\n\n")]
            paragraphs = [p for p in paragraphs if p]
            memory = self._source(source)
            page_id = line_hash(page or body)
            again = page_id in memory.pages
            hashes = {i: line_hash(p) for i, p in enumerate(paragraphs) if eligible(p)}
            template = {i for i, h in hashes.items() if self._is_template(memory, memory.lines.get(h), again)}
            if not again:
                known = sum(1 for i, h in hashes.items() if i not in template and h in memory.lines)
                long = sorted((p for i, p in enumerate(paragraphs) if i not in hashes and _paragraph_shaped(p)),
                              key=len, reverse=True)[:_SIGNATURE_LINES]
                signature = [line_hash(p) for p in long]
                seen = sum(1 for h in signature if h in memory.story)
                copy = (seen >= 2 and 2 * seen > len(signature)) or (
                    known >= _COPY_MIN_KNOWN and 3 * known > 2 * (len(hashes) - len(template)))
                if not copy:
                    self._record(source, memory, page_id, set(hashes.values()), signature)
            if not template or len(template) == len(paragraphs) or len(template) > MAX_DROPPED:
                return body, report
            for i in sorted(template):
                report.add(RULE, paragraphs[i], "text", "recurring")
            return "\n\n".join(p for i, p in enumerate(paragraphs) if i not in template), report
        except Exception:  # bad input never raises out of cleaning: the body stays as it was
            return body, CleaningReport()

    def _record(self, source: str, memory: _Source, page_id: int, hashes: Iterable[int], signature: list[int]) -> None:
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
        self.touched.add(source)

    def templates(self, source: str) -> int:
        """How many of ``source``'s remembered lines are template lines now (for reports and tests)."""
        memory = self._sources.get(source)
        return sum(self._is_template(memory, e, False) for e in memory.lines.values()) if memory else 0

    def to_state(self, touched_only: bool = False) -> dict[str, dict]:
        """``{source: {"n", "pages": [id, ...], "story": [hash, ...], "lines": [[hash, pages, first], ...]}}``,
        oldest first.

        ``touched_only``: only the sources recorded since the last such call (what a crawl has to save).
        """
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
            self._sources[str(name)] = memory
            self._sources.move_to_end(str(name))
            loaded += 1
        while len(self._sources) > self.max_sources:
            self._sources.popitem(last=False)
        return loaded
