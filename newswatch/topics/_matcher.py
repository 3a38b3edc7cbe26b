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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newswatch.topics._lexicon import LEXICON_DIR, Topic, fold, load_common, load_signals, load_topics

SECTIONS = ("title", "lead", "body")
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
        self.topics = topics if topics is not None else load_topics(lexicon_dir, common)
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
        self._signals = load_signals(lexicon_dir, self._endings)
        for topic in self.topics:  # compile now: a crawl pays it at start-up, not on its first article
            topic.pattern(None, self._endings)

    def compile_all(self) -> None:
        """Compile every topic for every language now (~1 s): the worker pool's fork server does, so its workers
        share the patterns instead of each compiling its own on its first article in each language."""
        for topic in self.topics:
            for key in topic.language_keys():
                topic.pattern(key, self._endings)

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

        scores: dict[str, TopicScore] = {}
        for topic in self.topics:
            limit = _threshold_for(topic, threshold, thresholds)
            score = self._score(topic, sections, factors, lang, limit)
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

    def _score(self, topic: Topic, sections, factors, language, limit) -> TopicScore:
        compiled = topic.pattern(language, self._endings)
        found: dict[str, list[tuple[str, int, str]]] = {}
        weights: dict[str, float] = {}
        conditional: list[tuple] = []  # hits counted only next to (``requires``) or without (``unless``) other labels
        for section, (text, lowered) in sections.items():
            for m in compiled.regex.finditer(lowered):
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
