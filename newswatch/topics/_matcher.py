"""Scoring an article against the compiled topics.

A mention in passing: when everything a topic found are its ``mentions`` (the country's name, its adjective, its
capital, its places: "a Ukrainian swimmer from Kyiv", "Bulgakov's Moscow", "Russia's highest mountain") and the
story has no word of the state, war or politics at all (``lexicons/signals/*.yaml``, a list per language), the
topic's score is multiplied by ``scoring.in_passing_factor`` (common.yaml), so repetition of the name alone never
passes. A topic with any other evidence (an actor, war vocabulary, an institution), or a story with one signal word
("sanctions", «уряд», «обстрел»), is scored as before. Languages without a signal list are never judged in passing.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from newswatch import _pattern_cache as _cache
from newswatch.topics._lexicon import LEXICON_DIR, Topic, fold, load_common, load_signals, load_topics

try:  # the parser of Python's own regex engine (3.11+: re._parser)
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - older layout
    import sre_constants as _sre
    import sre_parse as _sre_parse

SECTIONS = ("title", "lead", "body")
#: What the kept topic patterns' prefixes and the kept checks of forms are computed by (a new version: built again).
_ANALYSIS_VERSION = _cache.digest_files(Path(__file__), Path(__file__).with_name("_lexicon.py"))
# Bounds the work on absurd input (a whole site dumped into one field); real articles are far shorter.
_MAX_SECTION_CHARS = 200_000
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?…](?=\s)")


@dataclass(frozen=True)
class TermHit:
    """One term of a topic found in the article: where and how often."""

    term: str
    weight: float
    count: int
    contribution: float
    positions: tuple[tuple[str, int, str], ...]  # (section, offset in that section, matched text)


@dataclass(frozen=True)
class TopicScore:
    topic: str
    score: float
    threshold: float
    terms: tuple[TermHit, ...]  # strongest contribution first
    in_passing: bool = False  # only mentions of the country, in a story without a signal word: score discounted

    @property
    def passed(self) -> bool:
        return self.score >= self.threshold


@dataclass(frozen=True)
class TopicMatch:
    """The verdict for one article: every topic's score, the topics that passed, and on-topic or not."""

    scores: dict[str, TopicScore]
    topic_names: list[str] = field(default_factory=list)

    @property
    def relevant(self) -> bool:
        return bool(self.topic_names)

    @property
    def topics(self) -> dict[str, dict]:
        """The stored shape: ``{topic: {"score": float, "terms": [label, ...]}}`` for every topic, strongest
        term first (a topic without hits has score 0 and no terms, so range queries need no ``$exists``)."""
        return {name: {"score": s.score, "terms": [t.term for t in s.terms]} for name, s in self.scores.items()}


class TopicMatcher:
    """Topics loaded and compiled once; :meth:`match` is pure and thread-safe after the first call per language."""

    def __init__(self, topics: tuple[Topic, ...] | None = None, *, lexicon_dir: Path = LEXICON_DIR):
        common = load_common()
        self._lexicon_dir = lexicon_dir
        with _cache.bundle(f"topics lexicons\0{lexicon_dir}", _ANALYSIS_VERSION):  # the forms' check, the signals
            self.topics = topics if topics is not None else load_topics(lexicon_dir, common)
            self._signals = load_signals(lexicon_dir, common["endings"])
        self._endings = common["endings"]
        self._ignore_lines = common["ignore_lines"]
        self._ignore_spans = common.get("ignore_spans")
        scoring = common["scoring"]
        position = scoring.get("position") or {}
        self._position = {s: float(position.get(s, d)) for s, d in zip(SECTIONS, (3.0, 2.0, 1.0), strict=True)}
        self._lead_max = int(scoring.get("lead_max_chars", 400))
        self._decay = float(scoring.get("repeat_decay", 0.5))
        self._body_decay = float(scoring.get("body_repeat_decay", 0.75))
        self._reference_words = float(scoring.get("body_reference_words", 120))
        self._protected_weight = float(scoring.get("context_protected_weight", 3.5))
        self._in_passing_factor = float(scoring.get("in_passing_factor", 1.0))
        # One literal-prefix automaton per set of compiled patterns (one set per language key), see _PrefixScan
        self._by_language: dict[str | None, tuple] = {}
        self._scans: dict[tuple[int, ...], tuple[tuple[re.Pattern[str], ...], _PrefixScan | None]] = {}
        self._warm_up_languages = tuple(common.get("warm_up_languages") or ())

    def compile_all(self, languages: tuple[str, ...] | None = None) -> None:
        """Compile every topic for ``languages`` now (default: ``warm_up_languages`` of common.yaml; ``()`` = every
        language a lexicon names, and articles of no language), with their prefix scans: the worker pool's fork
        server does, so its workers share the patterns instead of each compiling its own on its first article in
        each language. A language left out is compiled at its first article (~0.3 s a topic), in each worker."""
        wanted = self._warm_up_languages if languages is None else languages
        for language in wanted or sorted({key for topic in self.topics for key in topic.language_keys()}, key=str):
            self._scan(tuple(compiled.regex for compiled in self._compiled(language)))

    def match(
        self,
        title: str | None,
        body: str | None,
        description: str | None = None,
        language: str | None = None,
        *,
        threshold: float | None = None,
        thresholds: Mapping[str, float] | None = None,
    ) -> TopicMatch:
        sections, body_words = self._sections(title, body, description)
        body_factor = self._position["body"] * min(1.0, math.sqrt(self._reference_words / max(body_words, 1)))
        factors = {"title": self._position["title"], "lead": self._position["lead"], "body": body_factor}
        lang = _language_key(language)
        signal_regex = self._signals.get(lang)
        signal_found: list[bool] = []  # looked up once, and only when a topic has nothing but mentions

        def has_signal() -> bool:
            if not signal_found:
                signal_found.append(any(signal_regex.search(lowered) for _, lowered in sections.values()))
            return signal_found[0]

        compiled = self._compiled(lang)
        scan = self._scan(tuple(c.regex for c in compiled))
        # per section, each topic's candidate match starts (None: each pattern scans the whole section itself)
        starts = {name: scan.starts(lowered) for name, (_, lowered) in sections.items()} if scan else None
        scores: dict[str, TopicScore] = {}
        for index, topic in enumerate(self.topics):
            limit = _threshold_for(topic, threshold, thresholds)
            where = {name: found[index] for name, found in starts.items()} if starts is not None else None
            score = self._score(topic, compiled[index], sections, factors, limit, where)
            if (
                signal_regex is not None
                and topic.mentions
                and score.passed
                and all(h.term in topic.mentions for h in score.terms if h.weight > 0)
                and not has_signal()
            ):
                score = TopicScore(
                    topic.name, round(score.score * self._in_passing_factor, 3), limit, score.terms, in_passing=True
                )
            scores[topic.name] = score
        names = [name for name, s in scores.items() if s.passed]
        return TopicMatch(scores=scores, topic_names=names)

    # -- internals -------------------------------------------------------------------------------------

    def _sections(self, title, body, description) -> tuple[dict[str, tuple[str, str]], int]:
        """Folded text of title, lead and body, each with its lowercased copy, and the body's word count."""
        title = self._blank_spans(fold(_text(title)))
        description = self._blank_spans(fold(_text(description)))
        body = self._blank_spans(self._ignore_lines.sub("", fold(_text(body))).strip())
        first, rest = _split_lead(body, self._lead_max)
        lead = f"{description}\n\n{first}" if description else first
        sections = {"title": title, "lead": lead, "body": rest}
        words = len(rest.split())
        return {name: (text, text.lower()) for name, text in sections.items() if text}, words

    def _blank_spans(self, text: str) -> str:
        """URLs and slugs (``/2025/06/nato-summit-live/``) replaced by spaces of the same length."""
        if self._ignore_spans is None or "/" not in text:
            return text
        return self._ignore_spans.sub(lambda m: " " * len(m.group()), text)

    def _compiled(self, language: str | None) -> tuple:
        """Every topic's pattern for ``language``; the first call for a language compiles what no other language
        compiled before, or loads it from the kept build of that language (:mod:`newswatch._pattern_cache`)."""
        compiled = self._by_language.get(language)
        if compiled is None:
            with _cache.bundle(f"topics patterns\0{self._lexicon_dir}\0{language}", _ANALYSIS_VERSION):
                compiled = tuple(topic.pattern(language, self._endings) for topic in self.topics)
            self._by_language[language] = compiled
        return compiled

    def _scan(self, patterns: tuple[re.Pattern[str], ...]) -> _PrefixScan | None:
        # Keyed by the patterns' ids: hashing a compiled pattern hashes its whole code (~0.1 ms for a topic's). The
        # patterns are held with their scan (and by their topics), so an id is never reused while it is a key here.
        key = tuple(map(id, patterns))
        held = self._scans.get(key)
        if held is None:
            held = self._scans[key] = (patterns, _PrefixScan.build(patterns))
        return held[1]

    def _score(self, topic: Topic, compiled, sections, factors, limit, starts) -> TopicScore:
        found: dict[str, list[tuple[str, int, str]]] = {}
        weights: dict[str, float] = {}
        conditional: list[tuple] = []  # hits counted only next to (``requires``) or without (``unless``) other labels
        for section, (text, lowered) in sections.items():
            hits = compiled.regex.finditer(lowered) if starts is None else _matches_at(compiled.regex, lowered,
                                                                                       starts[section])
            for m in hits:
                index = m.lastindex
                term = compiled.groups[index]
                if term is None:  # an ignore phrase: swallowed
                    continue
                exact = compiled.exact.get(index)
                original = text[m.start() : m.end()]
                if exact is not None and not exact.fullmatch(original):
                    continue
                if term.requires or term.requires_also or term.unless:
                    conditional.append((term, section, m.start(), original))
                    continue
                found.setdefault(term.label, []).append((section, m.start(), original))
                # a negative weight is off-topic context (sport, weather) that dampens the topic's evidence
                weights[term.label] = max(weights[term.label], term.weight) if term.label in weights else term.weight
        present = set(found)
        # `unless` last, so that a label found through `requires` (Russian missiles over a Ukrainian city) cancels it
        for term, section, start, original in sorted(conditional, key=lambda hit: bool(hit[0].unless)):
            if (
                (not term.requires or term.requires & present)
                and (not term.requires_also or term.requires_also & present)
                and not term.unless & present
            ):
                found.setdefault(term.label, []).append((section, start, original))
                weights[term.label] = max(weights.get(term.label, term.weight), term.weight)
                present.add(term.label)
        hits = []
        for label, positions in found.items():
            ranked = sorted(((factors[p[0]], p[0] == "body") for p in positions), reverse=True)
            evidence = sum(f * (self._body_decay if body else self._decay) ** n for n, (f, body) in enumerate(ranked))
            hits.append(
                TermHit(
                    term=label,
                    weight=weights[label],
                    count=len(positions),
                    contribution=round(weights[label] * evidence, 3),
                    positions=tuple(positions),
                )
            )
        hits.sort(key=lambda h: (-h.contribution, h.term))
        # Off-topic context (negative weights: sport, weather) discounts circumstantial evidence (places,
        # adjectives, the country's name) but never a named actor acting ("Russian forces", "NATO").
        strong = sum(h.contribution for h in hits if h.weight >= self._protected_weight)
        weak = sum(h.contribution for h in hits if 0 < h.weight < self._protected_weight)
        context = sum(h.contribution for h in hits if h.weight < 0)
        # a `discounts: all` context's share of what the circumstantial evidence could not absorb hits the actors too
        broad = sum(h.contribution for h in hits if h.weight < 0 and h.term in topic.broad_context)
        spill = min(0.0, max(weak + context, broad))
        score = round(max(0.0, strong + spill) + max(0.0, weak + context), 3)
        return TopicScore(topic=topic.name, score=score, threshold=limit, terms=tuple(hits))


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        value = " ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    return value[:_MAX_SECTION_CHARS]


def _split_lead(body: str, max_chars: int) -> tuple[str, str]:
    """The first paragraph (cut at a sentence end before ``max_chars``) and the rest of the body."""
    match = _PARAGRAPH_BREAK.search(body)
    first_end = match.start() if match else len(body)
    if first_end > max_chars:
        cut = None
        for m in _SENTENCE_END.finditer(body, 0, max_chars):
            cut = m.end()
        first_end = cut or max_chars
    return body[:first_end].strip(), body[first_end:].strip()


def _language_key(language: str | None) -> str | None:
    if not language or not isinstance(language, str):
        return None
    return language.strip().lower().replace("_", "-").split("-")[0] or None


def _threshold_for(topic: Topic, threshold: float | None, thresholds: Mapping[str, float] | None) -> float:
    if thresholds and topic.name in thresholds:
        return float(thresholds[topic.name])
    if threshold is not None:
        return float(threshold)
    return topic.threshold


# -- where a pattern may match: its literal prefixes ---------------------------------------------------------------

#: How many characters of a pattern's literal prefixes are read (longer: fewer false starts, more automaton words).
_PREFIX_CHARS = 6
#: Prefixes extended at once past which they are cut where they are (still prefixes of every match, only shorter).
_MAX_OPEN = 2048
#: Every character ``\s`` matches in a str pattern (all below U+3001; equal to ``str.isspace``).
_SPACES = tuple(chr(c) for c in range(0x3001) if chr(c).isspace())
#: The scan reads every one of them as a plain space, in the text and in the prefixes (one character for one: the
#: positions stay), so ``\s`` adds one prefix instead of 29 (the automata: ~0.5 instead of ~4 MB each).
_OTHER_SPACES = re.compile("[" + "".join(re.escape(char) for char in _SPACES if char != " ") + "]")
#: A class read as the characters it holds when it holds at most this many.
_MAX_CLASS = 40
_ZERO_WIDTH = (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT)
_WORD_START = r"(?<!\w)"


def _class_chars(items) -> tuple[str, ...] | None:
    r"""The characters a regex class matches, when it is a short list of literals, ranges and ``\s``; else None."""
    chars: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            chars.append(chr(av))
        elif op is _sre.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.extend(map(chr, range(av[0], av[1] + 1)))
        elif op is _sre.CATEGORY and av is _sre.CATEGORY_SPACE:
            chars.append(" ")  # every space, as the scan reads them
        else:
            return None
    return tuple(dict.fromkeys(_OTHER_SPACES.sub(" ", char) for char in chars)) if len(chars) <= _MAX_CLASS else None


def _extend(items, opened: set[str], closed: set[str]) -> set[str]:
    """The prefixes of ``opened`` followed by what the sequence ``items`` matches: those that read it all and have
    room left are returned; those cut short (by an element that is not a literal, or at :data:`_PREFIX_CHARS`) go to
    ``closed``. Every match of ``items`` after a prefix of ``opened`` starts with one of the two sets' strings."""
    for op, av in items:
        if not opened:
            break
        if op is _sre.LITERAL:
            char = " " if chr(av) in _SPACES else chr(av)
            opened = {prefix + char for prefix in opened}
        elif op is _sre.IN and (chars := _class_chars(av)) is not None:
            opened = {prefix + char for prefix in opened for char in chars}
        elif op is _sre.SUBPATTERN and not av[1] and not av[2]:  # a group without inline flags
            opened = _extend(av[3], opened, closed)
        elif op is _sre.BRANCH:
            opened = set().union(*(_extend(branch, opened, closed) for branch in av[1]))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:  # its first repetition, then no further
            closed |= _extend(av[2], opened, closed)
            opened = set()
        elif op in _ZERO_WIDTH:  # lookarounds and anchors consume nothing
            continue
        else:
            closed |= opened
            opened = set()
        full = {prefix for prefix in opened if len(prefix) >= _PREFIX_CHARS}
        if full or len(opened) > _MAX_OPEN:
            closed |= full if len(opened) <= _MAX_OPEN else opened
            opened = set() if len(opened) > _MAX_OPEN else opened - full
    return opened


# The prefixes of the patterns compile_with_prefixes compiled, read from the parse that compiled them.
_PREFIXES_READ: weakref.WeakKeyDictionary[re.Pattern[str], frozenset[str] | None] = weakref.WeakKeyDictionary()


def compile_with_prefixes(source: str) -> re.Pattern[str]:
    """``re.compile(source)`` (an equal pattern), its :func:`literal_prefixes` read from the same parse.

    A topic's pattern is ~80 KB of alternatives: parsing it is ~70% of its compile, and every crawl's worker pool
    waits for its patterns and their prefixes before its first article; parsed once, that start is ~1 s shorter.
    Within a :func:`newswatch._pattern_cache.bundle` both are loaded from disk when the last crawl kept them (~1.7 s of
    CPU for the topics); a surprise from the engine's internals gives ``re.compile``'s pattern.
    """
    pattern, prefixes = _cache.compile_analysed(source, 0, "prefixes", _prefixes_of_parse, _encode_prefixes,
                                                _decode_prefixes)
    _PREFIXES_READ[pattern] = prefixes
    return pattern


def _prefixes_of_parse(tree) -> frozenset[str] | None:
    return None if tree.state.flags & (re.IGNORECASE | re.LOCALE) else _prefixes_of_tree(tree)


def _encode_prefixes(prefixes: frozenset[str] | None) -> list[str] | None:
    return sorted(prefixes) if prefixes is not None else None


def _decode_prefixes(value: list[str] | None) -> frozenset[str] | None:
    return frozenset(value) if value is not None else None


def literal_prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` starts with, once every space in the text is a plain space
    (none of them a prefix of another); None when there is no such set of non-empty strings (a match may start with
    anything, or the pattern has flags that change what a literal matches)."""
    if pattern.flags & (re.IGNORECASE | re.LOCALE) or not isinstance(pattern.pattern, str):
        return None
    if pattern in _PREFIXES_READ:
        return _PREFIXES_READ[pattern]
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # a future engine's syntax tree: the pattern scans on its own
        return None
    return _prefixes_of_tree(parsed)


def _prefixes_of_tree(parsed) -> frozenset[str] | None:
    closed: set[str] = set()
    try:
        closed |= _extend(list(parsed), {""}, closed)
    except (TypeError, ValueError, IndexError, AttributeError):
        return None
    if not closed or "" in closed:
        return None
    kept: set[str] = set()
    for prefix in sorted(closed, key=len):  # a longer prefix of a kept one adds no start
        if not any(prefix[:n] in kept for n in range(1, len(prefix))):
            kept.add(prefix)
    return frozenset(kept)


def _at_word_start(pattern: re.Pattern[str]) -> bool:
    r"""Whether every match of ``pattern`` starts where no word character precedes (it opens with ``(?<!\w)``)."""
    # Read from the pattern's text, not its syntax tree: parsing a topic's whole pattern (~80 KB) for its first element
    # cost ~0.1 s a pattern at start-up. False for any other spelling is safe: the pattern's own look-behind decides.
    return not pattern.flags & (re.ASCII | re.LOCALE) and pattern.pattern.startswith(_WORD_START)


class _PrefixScan:
    """Where each of several patterns may match in a text: one Aho-Corasick pass (C) over it for the literal prefixes
    of all of them, instead of each pattern's own scan trying every position of the text (a topic's pattern opens with
    a look-behind and a few hundred alternatives, so the regex engine has no literal to skip ahead to: ~0.2 ms per
    topic on a 5 KB body). A pattern then runs (``match``) only where one of its prefixes starts, which gives the
    matches its ``finditer`` gives (:func:`_matches_at`): a match starts with one of its prefixes.
    """

    def __init__(self, automaton, count: int):
        self._automaton = automaton
        self._count = count

    @classmethod
    def build(cls, patterns: tuple[re.Pattern[str], ...]) -> _PrefixScan | None:
        """None when a pattern has no literal prefixes (each then scans on its own)."""
        prefixes = [literal_prefixes(pattern) for pattern in patterns]
        if not patterns or any(found is None for found in prefixes):
            return None
        holders: dict[str, list[int]] = {}
        for index, found in enumerate(prefixes):
            for prefix in found:
                holders.setdefault(prefix, []).append(index)
        word_start = [_at_word_start(pattern) for pattern in patterns]
        automaton = ahocorasick.Automaton()
        for prefix, indexes in holders.items():
            # a hit inside a word counts only for the patterns that do not open with (?<!\w): mostly none
            automaton.add_word(prefix, (len(prefix) - 1, tuple(indexes),
                                        tuple(index for index in indexes if not word_start[index])))
        automaton.make_automaton()
        return cls(automaton, len(patterns))

    def starts(self, text: str) -> list[list[int]]:
        r"""For each pattern, in order: the positions of ``text`` where one of its prefixes starts, ascending (those
        after a word character left out for a pattern that opens with ``(?<!\w)``)."""
        found: list[list[int]] = [[] for _ in range(self._count)]
        scanned = _OTHER_SPACES.sub(" ", text) if _OTHER_SPACES.search(text) else text  # same length, same places
        for end, (back, indexes, inside_too) in self._automaton.iter(scanned):
            start = end - back
            if start and ((before := text[start - 1]).isalnum() or before == "_"):
                indexes = inside_too
            for index in indexes:
                found[index].append(start)
        for positions in found:
            positions.sort()
        return found


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, given every position where a match of it may start (ascending): the first match
    at or after the end of the last one, each found by ``match`` at those positions only."""
    end = 0
    match = pattern.match
    for start in starts:
        if start >= end and (found := match(text, start)) is not None:
            yield found
            end = found.end()
