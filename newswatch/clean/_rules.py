"""Loading and compiling the rule data files (``rules/*.yaml``, ``sites/*.yaml``)."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from newswatch import _pattern_cache
from newswatch.clean._literals import any_literals, bounded_literals, build_automaton

try:
    from re import _constants as re_constants
    from re import _parser as re_parser
except ImportError:  # another Python: no width bound, every exact pattern is tried on every line
    re_constants = re_parser = None

logger = logging.getLogger(__name__)
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same safe subset, C speed when libyaml is there

RULES_DIR = Path(__file__).with_name("rules")
SITES_DIR = Path(__file__).with_name("sites")
TEXT_LANGUAGES = ("en", "uk", "ru")

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u0451": "\u0435",  # ё -> е
    "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
    # the other invisible characters a template or a filter dodger puts inside a word (word joiner, invisible
    # separator, Mongolian vowel separator)
    "\u2060": None, "\u2063": None, "\u180e": None,
    # the fold runs before case folding (a capital Ν is an N, its small form ν looks like a v): Ё as ё
    "\u0401": "\u0435",
    # Greek letters that look like Latin ones: no outlet we read writes Greek, so a Greek letter in a line is a
    # look-alike ("Read alsο", «ДЗΕН»); read as the Latin letter, which the mixed-script step below reads as its
    # Cyrillic look-alike inside a Cyrillic word («захищенο»)
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαβγεικνορτυχϲϳ", "ABEZHIKMNOPTYXabyeikvoptuxcj", strict=True)),
})
# str.translate looks every character up in the table (slow on Cyrillic text); a regex finds the few to fold.
_FOLDED = {chr(code): "" if to is None else to for code, to in _FOLD.items()}
_FOLD_RE = re.compile("[" + "".join(re.escape(c) for c in _FOLDED) + "]")


def _fold(match: re.Match) -> str:
    return _FOLDED[match.group()]


# the ASCII characters _FOLDED maps: an ASCII line without them is left as it is by the fold
_ASCII_FOLDED = tuple(c for c in _FOLDED if c.isascii())


# what may lead a plug as decoration: emoji and pictographs (So; never the copyright signs, which open a footer's rule),
# with the skin tones, joiners and variation selectors of an emoji sequence
_LEAD_MARKS = frozenset({"So", "Sk", "Cf", "Mn"})
_LEAD_KEEP = frozenset("©®℗№")


def _strip_lead_marks(folded: str) -> str:
    start = 0
    while start < len(folded) and (folded[start] == " " or (
            unicodedata.category(folded[start]) in _LEAD_MARKS and folded[start] not in _LEAD_KEEP)):
        start += 1
    return folded[start:]


# Letters that look alike in the Latin and Cyrillic alphabets (lower case, as ``normalise`` reads them): a word mixing
# the two scripts ("Fоllow" with a Cyrillic о, «Пoмітили» with a Latin o) is a homoglyph, by a site's encoding or a
# filter dodger, and reads as the script of its other letters.
_CYRILLIC_LOOKALIKE = dict(zip("aceijopsxyk", "асеіјорѕхук", strict=True))
_LATIN_LOOKALIKE = {cyrillic: latin for latin, cyrillic in _CYRILLIC_LOOKALIKE.items()}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HOMOGLYPH_MAX_CHARS = 300
# a Latin letter touching a Cyrillic one; led by the Latin class, so sre skips a Cyrillic line's letters fast
_MIXED_SCRIPTS = re.compile(r"[a-z](?:(?<=[\u0400-\u04ff].)|(?=[\u0400-\u04ff]))")
_MIXED_WORD = re.compile(r"\w*(?:[a-z][\u0400-\u04ff]|[\u0400-\u04ff][a-z])\w*")


def _unmix(match: re.Match) -> str:
    word = match.group()
    # the script of the letters with no look-alike decides; a word of look-alikes only (or of both scripts' own
    # letters: "x-ray-Ёж") is left as written
    latin = any("a" <= c <= "z" and c not in _CYRILLIC_LOOKALIKE for c in word)
    cyrillic = any("\u0400" <= c <= "\u04ff" and c not in _LATIN_LOOKALIKE for c in word)
    if latin == cyrillic:
        return word
    table = _LATIN_LOOKALIKE if latin else _CYRILLIC_LOOKALIKE
    return "".join(table.get(c, c) for c in word)


def normalise(text: str) -> str:
    """The form every text pattern is matched against (see the header of ``rules/en.yaml``)."""
    if text.isascii():
        # NFKC leaves ASCII unchanged and casefold() is lower() on it: most lines of English stories skip both
        folded = text.lower()
        if any(c in folded for c in _ASCII_FOLDED):
            folded = _FOLD_RE.sub(_fold, folded)
        return _single_spaced(folded)
    folded = _single_spaced(_FOLD_RE.sub(_fold, unicodedata.normalize("NFKC", text)).casefold())
    # an English line is ASCII once its quotes and dashes are folded: only a line with Cyrillic letters is scanned,
    # and only one as short as furniture (a story's paragraph is longer, and no rule reads its spelling tricks)
    if len(folded) <= _HOMOGLYPH_MAX_CHARS and not folded.isascii() and _CYRILLIC.search(folded) \
            and _MIXED_SCRIPTS.search(folded):
        folded = _MIXED_WORD.sub(_unmix, folded)
    if folded and not folded[0].isalnum() and folded[0] not in _LEAD_KEEP \
            and unicodedata.category(folded[0]) in _LEAD_MARKS:
        # an emoji leading a plug ("📲 Follow us on WhatsApp", «👉 Подписывайтесь…») is decoration: the rules
        # anchored at the line's start read the words after it; a line of nothing else (a rating's stars, a reaction's
        # emoji) stays as it is, for the symbols rule
        folded = _strip_lead_marks(folded) or folded
    return folded


def _single_spaced(text: str) -> str:
    """``" ".join(text.split())``, without splitting a text already so: every whitespace character but the space is
    non-printable (``str.isprintable``), so a printable text with no double space and no space at an edge is its own
    split-and-join (most lines: half the cost of splitting them)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def strip_edges(normalised: str) -> str:
    """``normalised`` without leading/trailing punctuation, symbols and spaces (for ``exact`` patterns).

    Characters that are not ``str.isalnum()`` are what the regex class ``[\\W_]`` matches; stepping in from both
    ends costs a fraction of a regex anchored at the end, which is tried at every position of the line.
    """
    end = len(normalised)
    if not end or (normalised[0].isalnum() and normalised[end - 1].isalnum()):
        return normalised
    start = 0
    while start < end and not normalised[start].isalnum():
        start += 1
    while end > start and not normalised[end - 1].isalnum():
        end -= 1
    return normalised[start:end]


def _compile(patterns: Any, where: str) -> list[re.Pattern]:
    compiled = []
    for pattern in patterns or ():
        try:
            compiled.append(_pattern_cache.compile(str(pattern)))
        except re.error as exc:
            logger.warning("ignoring bad cleaning pattern %r in %s: %s", pattern, where, exc)
    return compiled


def _combine(patterns: list[re.Pattern]) -> tuple[re.Pattern, ...]:
    """Fewer regex calls per line: one alternation for the patterns that start with a word boundary (the
    ``\\b`` factored out front, which lets the engine skip non-word-start positions fast) and one for the rest."""
    bounded = [p.pattern[2:] for p in patterns if p.pattern.startswith("\\b")]
    others = [p.pattern for p in patterns if not p.pattern.startswith("\\b")]
    combined = []
    if bounded:
        combined.append(_pattern_cache.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in bounded) + ")"))
    if others:
        combined.append(_pattern_cache.compile("|".join(f"(?:{p})" for p in others)))
    return tuple(combined)


def _contains_parts(patterns: list[re.Pattern]) -> tuple[tuple[re.Pattern, tuple[str, ...] | None], ...]:
    """The alternatives of ``_combine(patterns)`` one by one, each with the literals one of which its matches hold.

    A search of an alternation finds a match exactly when one of its alternatives does, so searching the parts whose
    literals a line holds decides as the whole does; a part is ``\\b(?:rest)`` for a pattern whose ``\\b`` _combine
    factored out, as it reads there. Patterns referring to groups by number or name keep _combine's alternation (their
    numbers are those of the whole), as one part with the literals of them all."""
    combined = _combine(patterns)
    if any(_refers_to_groups(p) for p in combined):
        literals = any_literals(combined, single_spaces=True)  # lines are normalised
        return tuple((p, literals) for p in combined)
    parts = [_pattern_cache.compile(r"\b(?:" + p.pattern[2:] + ")") if p.pattern.startswith("\\b") else p
             for p in patterns]
    return tuple((p, any_literals([p], single_spaces=True)) for p in parts)


def _refers_to_groups(pattern: re.Pattern) -> bool:
    """Whether ``pattern`` refers to a group (``\\1``, ``(?P=name)``, ``(?(1)...)``); True when the parser cannot
    tell."""
    return _pattern_cache.kept("refers", f"{pattern.flags}|{pattern.pattern}", lambda: _parsed_refers(pattern))


def _parsed_refers(pattern: re.Pattern) -> bool:
    if re_parser is None:
        return True
    references = {re_constants.GROUPREF, re_constants.GROUPREF_EXISTS, re_constants.GROUPREF_IGNORE,
                  re_constants.GROUPREF_LOC_IGNORE, re_constants.GROUPREF_UNI_IGNORE}

    def walk(items) -> bool:
        for op, av in items:
            if op in references:
                return True
            for value in (av if isinstance(av, (tuple, list)) else (av,)):
                if isinstance(value, re_parser.SubPattern) and walk(value):
                    return True
                if isinstance(value, (tuple, list)) and any(
                        isinstance(v, re_parser.SubPattern) and walk(v) for v in value):
                    return True
        return False

    try:
        return walk(re_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - a parser this code does not know: assume the worst
        return True


_QUOTED_MENTION_MIN_WORDS = 5  # words outside the quotes: a sentence that cites the words, not a quoted banner
_CITED_MIN_WORDS = 3  # words inside a quotation that cites a banner's phrase


def quotations(norm: str) -> list[tuple[int, int]]:
    """The (opening, closing) positions of the line's quote marks taken in pairs (``normalise`` writes «» and “” as
    ``"``) that hold a phrase of ``_CITED_MIN_WORDS`` or more; none when the line has fewer than
    ``_QUOTED_MENTION_MIN_WORDS`` words of letters outside them."""
    if '"' not in norm:
        return []
    marks = [i for i, c in enumerate(norm) if c == '"']
    # a cited phrase, not a name or a label in scare quotes («Фергану», «экстремистским материалом», "foreign agent")
    quotes = [(opening, closing) for opening, closing in zip(marks[::2], marks[1::2], strict=False)
              if norm.count(" ", opening, closing) + 1 >= _CITED_MIN_WORDS]
    if not quotes or sum(any(c.isalpha() for c in word) for word in outside_quotes(norm, quotes).split()) \
            < _QUOTED_MENTION_MIN_WORDS:
        return []
    return quotes


def outside_quotes(norm: str, quotes: list[tuple[int, int]] | None = None) -> str:
    """The line without its quotations: what the line itself says, as against the words it cites."""
    return _masked(norm, quotes, "")


def masked_quotes(norm: str, quotes: list[tuple[int, int]] | None = None) -> str:
    """The line with each quotation's words replaced by a placeholder (``"x"``): a plug naming its outlet in quotes
    («Подписывайтесь на «Фергану» в Telegram») reads as a plug still, a sentence citing a plug does not."""
    return _masked(norm, quotes, '"x"')


def _masked(norm: str, quotes: list[tuple[int, int]] | None, placeholder: str) -> str:
    if quotes is None:
        quotes = quotations(norm)
    parts, last = [], 0
    for opening, closing in quotes:
        parts.append(norm[last:opening])
        parts.append(placeholder)
        last = closing + 1
    parts.append(norm[last:])
    return " ".join("".join(parts).split())


def cited_only(pattern: re.Pattern, norm: str) -> bool:
    """Whether a ``contains`` pattern found in the line finds nothing once its quotations are masked
    (``masked_quotes``), in a line that says more than its quotations and does not address the reader outside them:
    a story citing a banner's words («посты с одинаковым текстом: «Подписывайтесь на наш канал…»», 'a banner saying
    "You have 2 free articles left"') keeps them. Quotes that do not pair up leave the line to the rule."""
    quotes = quotations(norm)
    if not quotes or pattern.search(masked_quotes(norm, quotes)) is not None:
        return False
    return _citation_reader().isdisjoint(w.strip(_WORD_EDGES) for w in outside_quotes(norm, quotes).split())


_WORD_EDGES = "\"'.,:;!?()[]{}«»…*/|·•-"


@lru_cache(maxsize=1)
def _citation_reader() -> frozenset[str]:
    """The words addressing the reader (``citation: reader`` in ``rules/common.yaml``)."""
    data = _read_yaml(RULES_DIR / "common.yaml").get("citation") or {}
    return frozenset(str(w).casefold() for w in data.get("reader") or ())


def _finds(pattern: re.Pattern, norm: str) -> bool:
    """A ``contains`` pattern's verdict on a line: it matches, and not only inside a citation (``cited_only``)."""
    return pattern.search(norm) is not None and not cited_only(pattern, norm)


@dataclass(frozen=True)
class TextRule:
    name: str
    exact: tuple[re.Pattern, ...] = ()
    contains: tuple[re.Pattern, ...] = ()
    max_words: int | None = None
    guard: tuple[re.Pattern, ...] = ()
    # a line holding none of these strings cannot match ``contains`` (None: no such bound, always searched)
    literals: tuple[str, ...] | None = None
    # ``contains`` as its alternatives, each with its own literals (None: always searched): one of them searches
    # true exactly when ``contains`` does (see _contains_parts), and a line mostly holds the literals of none or one
    parts: tuple[tuple[re.Pattern, tuple[str, ...] | None], ...] = field(default=(), compare=False)

    def matches(self, norm: str, bare: str, words: int, attributed: bool = False) -> bool:
        """Whether the line is this rule's; ``attributed`` (reported speech, see :class:`Attribution`) keeps it out
        of the ``contains`` patterns, not out of the ``exact`` ones."""
        if any(p.fullmatch(bare) for p in self.exact):
            return True
        return not attributed and self.matches_contains(norm, words)

    def matches_contains(self, norm: str, words: int) -> bool:
        """:meth:`matches` for a line known to fullmatch none of the exact patterns."""
        if not self.contains or (self.max_words is not None and words > self.max_words):
            return False
        if self.literals is not None:
            for literal in self.literals:
                if literal in norm:
                    break
            else:
                return False
        if not any(_finds(p, norm) for p in self.contains):
            return False
        return not any(p.search(norm) for p in self.guard)


@dataclass(frozen=True)
class SpanRule:
    name: str
    start: tuple[re.Pattern, ...]
    end: tuple[re.Pattern, ...]
    max_lines: int = 12
    end_max_words: int = 25
    # > 0: no end line; the start (a bare "Read also" label) takes with it up to this many following lines that
    # read as headlines of other stories (see ``_text._apply_spans``)
    headlines: int = 0
    # > 0: no end line; the start (a bare "Poll" label) takes the question under it (a short line ending in "?") and
    # the answers listed under that, at least two and up to this many short lines (a poll whose button the
    # extraction dropped; see ``_text._take_answers``)
    answers: int = 0
    # > 0: no end line; the start (a bare "Contents" label) takes up to this many following lines that come again
    # further down the body as lines of their own (a table of contents' entries are the story's subheadings), at least
    # two, or nothing (see ``_text._take_entries``)
    entries: int = 0
    # True: past its end the span goes on through further end lines (a letter's payment details, one a line) and a
    # short line standing just above one (the signature under the thanks); see ``_text._trail``
    trail: bool = False
    # when given, the span is taken only if one of its lines says one of these (a letter's thanks closes a donation
    # appeal, not a columnist's farewell): searched in the normalised lines, start to end
    requires: tuple[re.Pattern, ...] = ()
    # the start patterns as one alternation: a line is tried once, not once per pattern (None: try each)
    start_any: re.Pattern | None = field(init=False, default=None, compare=False)

    def __post_init__(self):
        with contextlib.suppress(re.error):  # e.g. one group name in two patterns: they are tried one by one
            object.__setattr__(self, "start_any", _any(self.start))

    def starts(self, bare: str) -> bool:
        if self.start_any is not None:
            return self.start_any.fullmatch(bare) is not None
        return any(p.fullmatch(bare) for p in self.start)


_SCRIPTS = {"latin": re.compile(r"[a-z]"), "cyrillic": re.compile(r"[\u0400-\u04ff]")}


@dataclass(frozen=True)
class ClosingRule:
    """Lines that are furniture only at the end of a story (an author's bio), matched on the text as written
    (capitals tell a name), among the last ``max_from_end`` lines left (and the first ``max_from_start``: a byline
    the extractor kept above the story), never a line the set's guard matches."""

    name: str
    patterns: tuple[re.Pattern, ...]
    max_from_end: int = 2
    max_from_start: int = 0
    max_words: int = 60
    guard: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class CallToAction:
    """A short line near the body's end in which the outlet speaks to its reader about itself: one of the
    ``outlet`` words ("us", "our", «нас», «наш») together with a word addressing the reader (a ``reader`` word such
    as "you", or an imperative) or an address to go to (a URL, an @handle, an e-mail address: ``channel``). Such a
    line is a plug whatever its wording; reported speech (the guard) and lines opening with a quote or dash stay.
    So is a line telling the reader (an imperative) to go to a ``platform`` or a mailing list ("... читайте
    «Тиждень» у Telegram", "Оставьте почту") with no pronoun at all.

    Words are looked up in sets and platforms by their beginnings (a line's words are split once), not searched
    with ``\\b`` regexes: the tail lines of every page go through this. An imperative is a word ending in one of
    ``imperative_endings`` (uk, ru) or a sentence opening that an ``imperative`` pattern matches (en)."""

    name: str
    outlet: frozenset[str]
    reader: frozenset[str] = frozenset()
    imperative_endings: tuple[str, ...] = ()
    imperative: tuple[re.Pattern, ...] = ()
    channel: tuple[re.Pattern, ...] = ()
    platform: tuple[str, ...] = ()  # word beginnings
    max_from_end: int = 4
    max_words: int = 40
    # the imperative-and-platform form only in lines this short and naming no one else to follow: a staff
    # reporter's bio ends "Follow him on Twitter" (``person``)
    platform_max_words: int = 25
    person: tuple[re.Pattern, ...] = ()
    guard: tuple[re.Pattern, ...] = ()

    def imperative_in(self, norm: str, words: frozenset[str]) -> bool:
        if self.imperative_endings and any(len(w) >= 5 and w.endswith(self.imperative_endings) for w in words):
            return True
        return any(p.search(norm) for p in self.imperative)


@dataclass(frozen=True)
class Attribution:
    """Reported speech: a line opening with a quotation (``opens``: its first character, normalised: a quote mark
    ``"`` or a dialogue dash ``-``) and closing with who said it (a ``tail`` pattern: «…», — говорит X; "…," said X)
    is story, kept out of every ``contains`` rule of the line rules (``exact`` rules still take it). Only lines
    opening so are searched for a tail."""

    opens: str = ""
    tail: tuple[re.Pattern, ...] = ()

    def __call__(self, norm: str) -> bool:
        return bool(norm) and norm[0] in self.opens and any(p.search(norm) for p in self.tail)

    @staticmethod
    def of(sets) -> Attribution:
        """One attribution test for lines tried against all of ``sets`` (every set's opens and tails)."""
        opens = "".join(sorted({c for s in sets for c in s.attribution.opens}))
        tails = tuple(dict.fromkeys(p for s in sets for p in s.attribution.tail))
        return Attribution(opens, _combine(list(tails)) if tails else ())


_NO_ATTRIBUTION = Attribution()


@dataclass(frozen=True, slots=True)
class BylineFurniture:
    """What may stand beside the page's author names on a byline line (``byline_authors:``, in ``common.yaml``):
    at most ``max_words`` words, the ``furniture`` (joiners, role words, dates, places) and one outlet-like name of
    at most ``outlet_max_words`` capitalised words."""

    max_words: int = 12
    outlet_max_words: int = 4
    furniture: re.Pattern | None = None


@dataclass(frozen=True)
class TextRuleSet:
    rules: tuple[TextRule, ...] = ()
    script: re.Pattern | None = None  # lines without a letter of this script cannot match: skipped
    spans: tuple[SpanRule, ...] = ()
    trailing_min_lines: int = 0
    trailing_max_words: int = 0
    trailing_max_chars: int = 0
    # a label line introducing names ("Signed by:"): a short run closing the body under it is that list, not tags
    trailing_names_label: tuple[re.Pattern, ...] = ()
    closing: tuple[ClosingRule, ...] = ()  # one or more (``closing:`` a mapping or a list of them)
    call_to_action: CallToAction | None = None
    attribution: Attribution = _NO_ATTRIBUTION  # reported speech, which no contains rule takes
    byline: BylineFurniture | None = None  # what may stand beside the page's author names on a byline line
    # a line that fullmatches none of the set's exact patterns is only tried against its contains rules
    any_exact: re.Pattern | None = None
    # the exact patterns that can only match a line of at most short_exact_chars characters (labels, buttons: most of
    # them), apart from any_exact (the rest): a story paragraph, longer, is never tried against them
    short_exact: re.Pattern | None = None
    short_exact_chars: int = 0
    # (bit, max words, rule) of the rules with contains patterns, in order; an Aho-Corasick automaton of their
    # literals (each literal's value: the bits of the rules it belongs to) finds in one pass over a line which
    # rules can match it; rules without literals always can (the ``always`` bits).
    contains_plan: tuple[tuple[int, int, TextRule], ...] = field(init=False, default=(), compare=False)
    literal_automaton: Any = field(init=False, default=None, compare=False)
    always: int = field(init=False, default=0, compare=False)
    # no contains rule takes a line of more words than this (a story paragraph often has more: no literal scan)
    contains_max_words: int = field(init=False, default=0, compare=False)

    def __post_init__(self):
        plan, owners, always = [], {}, 0
        for index, rule in enumerate(r for r in self.rules if r.contains):
            bit = 1 << index
            plan.append((bit, 10**9 if rule.max_words is None else rule.max_words, rule))
            if rule.literals is None:
                always |= bit
            for literal in rule.literals or ():
                owners[literal] = owners.get(literal, 0) | bit
        automaton = None
        if owners:
            automaton = build_automaton(owners.items())
        object.__setattr__(self, "contains_plan", tuple(plan))
        object.__setattr__(self, "literal_automaton", automaton)
        object.__setattr__(self, "always", always)
        object.__setattr__(self, "contains_max_words", max((words for _, words, _ in plan), default=0))

    def match(self, norm: str, bare: str, words: int, attributed: bool | None = None) -> TextRule | None:
        """The first rule matching the line; ``attributed`` says whether it is reported speech (None: this set's
        own :class:`Attribution` decides)."""
        if self.script is not None and not self.script.search(norm):
            return None
        if (self.any_exact is not None and self.any_exact.fullmatch(bare) is not None) or (
                self.short_exact is not None and len(bare) <= self.short_exact_chars
                and self.short_exact.fullmatch(bare) is not None):
            if attributed is None:
                attributed = self.attribution(norm)
            return next((r for r in self.rules if r.matches(norm, bare, words, attributed)), None)
        # No exact pattern matched (any_exact says so for all of them at once): only the contains tests remain,
        # as TextRule.matches_contains does them, for the rules whose literals the line holds.
        if words > self.contains_max_words:
            return None
        possible = self.always
        if self.literal_automaton is not None:
            for _, bits in self.literal_automaton.iter(norm):
                possible |= bits
        if not possible:
            return None
        for bit, max_words, rule in self.contains_plan:
            if possible & bit and words <= max_words and any(_finds(p, norm) for p in rule.contains) \
                    and not any(p.search(norm) for p in rule.guard):
                # reported speech is kept from every contains rule: tested only for a line one would take
                if self.attribution(norm) if attributed is None else attributed:
                    return None
                return rule
        return None


# per-line answers kept across pages: lines up to this long (furniture; a story paragraph is mostly longer), this many
# per cache (a few MB at most: memory stays flat over a long crawl)
REMEMBER_CHARS = 300
REMEMBER_LINES = 4096


class LineMatcher:
    """The first rule of ``rule_sets``, in order, that matches a line: what ``rule_set.match(norm, bare, words)``
    returns for the first set that returns one, for less than the sets' calls cost.

    A body line is tried against 2-5 sets (the outlet's, its language's or all three, ``common``), and nearly every
    line matches none. The sets' literals are found in one Aho-Corasick pass whose values hold every set's rule bits
    side by side, and a script test shared by the sets of one script (uk, ru) is run once. Only a line that one of
    the sets' exact patterns matches goes through each set's own ``match`` (which says which set's rule it is). The
    exact patterns stay one alternation per set: all the sets' in one are several times slower (sre no longer rules
    most of them out by their first character).
    """

    def __init__(self, rule_sets: tuple[TextRuleSet, ...]):
        self.rule_sets = rule_sets
        owners: dict[str, int] = {}
        steps, bit = [], 1
        for rule_set in rule_sets:
            plan, always = [], 0
            for _, max_words, rule in rule_set.contains_plan:
                parts, mask = [], 0
                for pattern, literals in rule.parts:
                    parts.append((bit, pattern))
                    mask |= bit
                    if literals is None:
                        always |= bit
                    for literal in literals or ():
                        owners[literal] = owners.get(literal, 0) | bit
                    bit <<= 1
                plan.append((mask, max_words, tuple(parts), rule))
            contains = (always, rule_set.contains_max_words, tuple(plan)) if plan else None
            steps.append((rule_set.script, rule_set.any_exact, rule_set.short_exact, rule_set.short_exact_chars,
                          contains))
        self.steps = tuple(steps)
        self.attribution = Attribution.of(rule_sets)  # every set's: a line tried by all of them is judged once
        self.literal_automaton = None
        if owners:
            self.literal_automaton = build_automaton(owners.items())
        self.seen: dict[str, TextRule | None] = {}  # see remembered_match

    def remembered_match(self, norm: str, bare: str, words: int) -> TextRule | None:
        """:meth:`match`, remembered for lines of at most ``REMEMBER_CHARS`` characters: an outlet's furniture ("Read
        more", "Subscribe to our newsletter", a share bar's labels) recurs on every page of it, and the answer for a
        line depends on its ``norm`` only (``bare`` and ``words`` are read from it). At most ``REMEMBER_LINES`` lines
        are kept per matcher, the oldest dropped first."""
        if len(norm) > REMEMBER_CHARS:
            return self.match(norm, bare, words)
        seen = self.seen
        try:
            return seen[norm]
        except KeyError:
            pass
        rule = seen[norm] = self.match(norm, bare, words)
        if len(seen) > REMEMBER_LINES:
            forget_oldest(seen)
        return rule

    def match(self, norm: str, bare: str, words: int) -> TextRule | None:
        live = []  # the contains plans of the sets whose script the line has and that take a line this long
        scripts: dict = {}
        length = len(bare)
        for script, any_exact, short_exact, short_chars, contains in self.steps:
            if script is not None:
                has = scripts.get(script)
                if has is None:
                    has = scripts[script] = script.search(norm) is not None
                if not has:
                    continue
            if (any_exact is not None and any_exact.fullmatch(bare) is not None) or (
                    short_exact is not None and length <= short_chars and short_exact.fullmatch(bare) is not None):
                attributed = self.attribution(norm)
                for rule_set in self.rule_sets:  # an exact pattern matched: each set decides, in order
                    rule = rule_set.match(norm, bare, words, attributed)
                    if rule is not None:
                        return rule
                return None
            if contains is not None and words <= contains[1]:
                live.append(contains)
        if not live:
            return None
        # No set's exact pattern matches: the contains rules decide, as in TextRuleSet.match, each searching only
        # the parts whose literals the line holds.
        found = 0
        if self.literal_automaton is not None:
            for _, bits in self.literal_automaton.iter(norm):
                found |= bits
        for always, _, plan in live:
            possible = found | always
            if not possible:
                continue
            for mask, max_words, parts, rule in plan:
                if possible & mask and words <= max_words \
                        and any(bit & possible and _finds(pattern, norm) for bit, pattern in parts) \
                        and not any(p.search(norm) for p in rule.guard):
                    # reported speech is kept from every contains rule: tested only for a line one would take
                    return None if self.attribution(norm) else rule
        return None


def forget_oldest(remembered: dict) -> None:
    """Drop the entry put first into ``remembered`` (a bounded cache); another thread may have dropped it already."""
    with contextlib.suppress(StopIteration, KeyError, RuntimeError):
        del remembered[next(iter(remembered))]


_MATCHERS: dict[tuple[int, ...], tuple[LineMatcher, tuple[TextRuleSet, ...]]] = {}


def line_matcher(rule_sets: list[TextRuleSet]) -> LineMatcher:
    """The :class:`LineMatcher` of these sets, built once: meant for the language sets, of which there are a few
    combinations (``rule_sets_for``), each matcher ~0.2 MB. Kept by the sets' ids (they live as long as the process:
    ``language_rules`` caches them, and each entry holds its sets), not their hash, which would walk every pattern
    on each page."""
    rule_sets = tuple(s for s in rule_sets if s.rules)  # a set without rules matches nothing (and may be a new one)
    key = tuple(id(s) for s in rule_sets)
    entry = _MATCHERS.get(key)
    if entry is None:
        if len(_MATCHERS) > 16:
            _MATCHERS.clear()
        entry = _MATCHERS[key] = (LineMatcher(rule_sets), rule_sets)
    return entry[0]


_SHORT_EXACT_CHARS = 100  # an exact pattern matching no line longer than this goes in the short group


def _max_width(pattern: re.Pattern) -> int | None:
    """The most characters ``pattern`` can match (None: unbounded, or not known)."""
    return _pattern_cache.kept("width", f"{pattern.flags}|{pattern.pattern}", lambda: _parsed_width(pattern))


def _parsed_width(pattern: re.Pattern) -> int | None:
    if re_parser is None:
        return None
    try:
        width = re_parser.parse(pattern.pattern, pattern.flags).getwidth()[1]
    except Exception:  # noqa: BLE001 - a parser this code does not know: no bound, the pattern is always tried
        return None
    return width if width < re_constants.MAXREPEAT else None


def _exact_groups(patterns: list[re.Pattern]) -> dict:
    """``any_exact`` (patterns that may match a long line) and ``short_exact`` with its bound (the others)."""
    widths = [(p, _max_width(p)) for p in patterns]
    short = [(p, w) for p, w in widths if w is not None and w <= _SHORT_EXACT_CHARS]
    rest = [p for p, w in widths if w is None or w > _SHORT_EXACT_CHARS]
    return {"any_exact": _any(rest), "short_exact": _any(p for p, _ in short),
            "short_exact_chars": max((w for _, w in short), default=0)}


def _any(patterns) -> re.Pattern | None:
    patterns = [p.pattern for p in patterns]
    return _pattern_cache.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _text_rules(prefix: str, data: dict, where: str) -> TextRuleSet:
    file_guard = _compile(data.get("guard"), where)
    guard = _combine(file_guard)
    rules = []
    for category, spec in (data.get("rules") or {}).items():
        spec = spec or {}
        contains = _compile(spec.get("contains"), where)
        # a rule may add guard patterns of its own (what its `contains` would otherwise take by mistake)
        rule_guard = _compile(spec.get("guard"), where)
        rules.append(TextRule(
            name=f"{prefix}:{category}",
            exact=_combine(_compile(spec.get("exact"), where)),
            contains=_combine(contains),
            max_words=spec.get("max_words"),
            guard=_combine(file_guard + rule_guard) if rule_guard else guard,
            literals=any_literals(contains, single_spaces=True) if contains else None,  # lines are normalised
            parts=_contains_parts(contains),
        ))
    spans = tuple(
        SpanRule(
            name=f"{prefix}:{span.get('name', 'span')}",
            start=tuple(_compile(span.get("start"), where)),
            end=tuple(_compile(span.get("end"), where)),
            max_lines=int(span.get("max_lines", 12)),
            headlines=int(span.get("headlines", 0)),
            answers=int(span.get("answers", 0)),
            entries=int(span.get("entries", 0)),
            trail=bool(span.get("trail", False)),
            requires=tuple(_compile(span.get("requires"), where)),
        )
        for span in data.get("spans") or ()
    )
    trailing = data.get("trailing_list") or {}
    closing_specs = data.get("closing") or ()
    closing = tuple(
        ClosingRule(
            name=f"{prefix}:{spec.get('name', 'closing')}", patterns=patterns,
            max_from_end=int(spec.get("max_from_end", 2)), max_words=int(spec.get("max_words", 60)),
            max_from_start=int(spec.get("max_from_start", 0)), guard=guard,
        )
        for spec in ([closing_specs] if isinstance(closing_specs, dict) else closing_specs)
        if (patterns := _combine(_compile(spec.get("patterns"), where)))
    )
    cta = data.get("call_to_action") or {}
    call_to_action = CallToAction(
        name=f"{prefix}:{cta.get('name', 'call_to_action')}",
        outlet=frozenset(str(w).casefold() for w in cta.get("outlet") or ()),
        reader=frozenset(str(w).casefold() for w in cta.get("reader") or ()),
        imperative_endings=tuple(str(e).casefold() for e in cta.get("imperative_endings") or ()),
        imperative=_combine(_compile(cta.get("imperative"), where)),
        channel=_combine(_compile(cta.get("channel"), where)),
        platform=tuple(str(p).casefold() for p in cta.get("platform") or ()),
        max_from_end=int(cta.get("max_from_end", 4)), max_words=int(cta.get("max_words", 40)),
        platform_max_words=int(cta.get("platform_max_words", 25)),
        person=_combine(_compile(cta.get("person"), where)),
        # like a line rule, the plug may add guard patterns of its own (a call quoted as a phrase in a sentence)
        guard=_combine(file_guard + _compile(cta.get("guard"), where)) if cta.get("guard") else guard,
    ) if cta else None
    said = data.get("attribution") or {}
    attribution = Attribution(
        opens="".join(str(c) for c in said.get("opens") or ()), tail=_combine(_compile(said.get("tail"), where)),
    ) if said else _NO_ATTRIBUTION
    byline = data.get("byline_authors")
    if byline:
        words = sorted((str(w) for w in (*byline.get("joiners", ()), *byline.get("roles", ()))), key=len, reverse=True)
        phrases = [r"(?<!\w)" + r"\s+".join(map(re.escape, w.split())) + r"(?!\w)" for w in words]
        byline = BylineFurniture(
            int(byline.get("max_words", 12)), int(byline.get("outlet_max_words", 4)),
            _pattern_cache.compile("|".join([*phrases, *byline.get("dates", ()), *byline.get("places", ())])
                                   or r"(?!)", re.IGNORECASE),
        )
    return TextRuleSet(
        tuple(rules), _SCRIPTS.get(data.get("script") or ""), spans,
        int(trailing.get("min_lines", 0)), int(trailing.get("max_words", 0)), int(trailing.get("max_chars", 0)),
        trailing_names_label=_combine(_compile(trailing.get("names_label"), where)),
        closing=closing, call_to_action=call_to_action, attribution=attribution, byline=byline or None,
        **_exact_groups([p for spec in (data.get("rules") or {}).values()
                         for p in _compile((spec or {}).get("exact"), where)]),
    )


_LEXICON_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")  # a regex quantifier ({2}, {0,80}) starts with a digit


def _lexicons(data: dict, where: str) -> dict[str, str]:
    """The file's ``lexicons:`` as alternations: a list is regex alternatives as written, ``{words: [...]}`` literal
    words (escaped); either becomes ``(?:a|b|c)``. A regex item may refer to a lexicon defined above it as ``{name}``
    (a notice's pattern naming ``{ai}``)."""
    lexicons = {}
    for name, spec in (data.get("lexicons") or {}).items():
        if not _LEXICON_REF.fullmatch("{" + str(name) + "}"):
            raise ValueError(f"{where}: lexicon name {name!r} is not an identifier")
        if isinstance(spec, dict) and set(spec) <= {"words", "regex"}:
            items = [re.escape(str(w)) for w in spec.get("words") or ()] + [str(r) for r in spec.get("regex") or ()]
        elif isinstance(spec, list):
            items = [str(r) for r in spec]
        else:
            raise ValueError(f"{where}: lexicon {name!r} must be a list of regexes or {{words: [...], regex: [...]}}")
        if not items:
            raise ValueError(f"{where}: lexicon {name!r} is empty")
        items = [_expand_refs(item, lexicons, where) for item in items]
        lexicons[str(name)] = "(?:" + "|".join(items) + ")"
    return lexicons


def _expand_refs(pattern: str, lexicons: dict[str, str], where: str) -> str:
    """``pattern`` with each ``{name}`` replaced by that lexicon; an unknown name raises ValueError."""
    if "{" not in pattern:
        return pattern

    def lexicon(match: re.Match) -> str:
        name = match.group(1)
        if name not in lexicons:
            raise ValueError(f"{where}: pattern {pattern!r} refers to an unknown lexicon {{{name}}} "
                             f"(known: {', '.join(sorted(lexicons)) or 'none'})")
        return lexicons[name]

    return _LEXICON_REF.sub(lexicon, pattern)


def expand_lexicons(data: dict, where: str) -> dict:
    """``data`` with every ``{name}`` in its strings (the patterns) replaced by the file's lexicon of that name;
    a reference to a lexicon the file does not define raises ValueError (a typo must not become a literal brace)."""
    lexicons = _lexicons(data, where)

    def expand(value):
        if isinstance(value, str):
            return _expand_refs(value, lexicons, where)
        if isinstance(value, list):
            return [expand(v) for v in value]
        if isinstance(value, dict):
            return {k: expand(v) for k, v in value.items()}
        return value

    return {key: value if key == "lexicons" else expand(value) for key, value in data.items()}


def _read_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_SafeLoader) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


# What the kept analyses of the patterns (their literals, widths, group references) were computed by: another version
# of this code ignores them.
_ANALYSIS_VERSION = _pattern_cache.digest_files(Path(__file__), Path(__file__).with_name("_literals.py"))


@lru_cache(maxsize=16)
def language_rules(language: str) -> TextRuleSet:
    """Rules of ``rules/<language>.yaml`` (``common`` included under its own name); empty when there is none."""
    path = RULES_DIR / f"{language}.yaml"
    if not re.fullmatch(r"[a-z]{2,8}", language) or not path.exists():
        return TextRuleSet()
    data = _read_yaml(path)
    # reported speech in a sibling language: with the language unknown (or a quote in the other one) a line of one is
    # tried by the other's rules, which must know its verbs of saying («…, — призывал вербовщик» under uk rules)
    for sibling in data.get("guard_also") or ():
        sibling_path = RULES_DIR / f"{sibling}.yaml"
        if re.fullmatch(r"[a-z]{2,8}", str(sibling)) and sibling_path.exists():
            data["guard"] = [*(data.get("guard") or ()), *(_read_yaml(sibling_path).get("guard") or ())]
    # every crawl's fork server builds these before its first article (~0.3 s of CPU a language): the compiled
    # patterns and the analyses of them are kept on disk, per language, for as long as this code is the same
    with _pattern_cache.bundle(f"clean-{language}", _ANALYSIS_VERSION):
        return _text_rules(language, expand_lexicons(data, str(path)), str(path))


def rule_sets_for(language: str | None) -> list[TextRuleSet]:
    """The language's rules, then ``common``; every language's when the language is unknown or unsupported."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    languages = (code,) if code in TEXT_LANGUAGES else TEXT_LANGUAGES
    return [language_rules(lang) for lang in languages] + [language_rules("common")]


def site_text_rules(site_rules: dict | None, language: str | None) -> TextRuleSet:
    """The outlet's ``phrases`` (for its language, plus ``any``) and ``spans`` as a rule set named ``site:*``."""
    if not site_rules or not (site_rules.get("phrases") or site_rules.get("spans")):
        return TextRuleSet()
    key = json.dumps([site_rules.get("phrases"), site_rules.get("spans")], sort_keys=True, default=str)
    return _site_text_rules_cached(key, (language or "").lower().split("-")[0])


@lru_cache(maxsize=256)
def _site_text_rules_cached(key: str, code: str) -> TextRuleSet:
    phrases, spans = json.loads(key)
    if isinstance(phrases, list):  # a bare list applies to every language
        phrases = {"any": phrases}
    phrases = phrases if isinstance(phrases, dict) else {}
    selected = [p for lang, pats in phrases.items() if lang in ("any", code) or not code for p in (pats or ())]
    data = {"rules": {"phrase": {"contains": selected}}, "spans": spans if isinstance(spans, list) else []}
    return _text_rules("site", data, "site rules")


@dataclass(frozen=True)
class HtmlCategory:
    name: str
    max_chars: int | None = None
    paywall: bool = False
    needs_link: bool = False  # a paragraph-long element without a link is not of this category
    # a paragraph-long <p> of this category that is not a prompt is the story's own text (Bloomberg's gated
    # paragraphs carry class "paywall"): kept
    story_paragraphs: bool = False
    # an element of this category whose text ends in a colon and that stands right before one of these tags is the
    # story's lead-in to what follows (a quote's «…почав так:» in a "call-to-action" box): kept
    introduces: frozenset[str] = frozenset()


@dataclass(frozen=True)
class HtmlRules:
    categories: dict[str, HtmlCategory]
    pattern: re.Pattern  # every category's tokens, one named group per category
    attributes: tuple[str, ...]
    data_value_max_chars: int
    never_remove_tags: frozenset[str]
    inline_tags: frozenset[str]
    guard_text_share: float
    guard_min_paragraphs: int
    paywall_xpath: tuple[str, ...] = field(default=())
    # a short removed element of a non-paywall category is read for a paywall prompt only when it holds one of these
    # (casefolded) words and has at most prompt_max_chars characters (``paywall_prompt`` in html.yaml)
    prompt_words: tuple[str, ...] = field(default=())
    prompt_max_chars: int = 0
    prompt_categories: frozenset[str] = field(default=frozenset())
    # Aho-Corasick automaton of literals one of which any match holds, in "-" + words + "-" with spaces as "-"
    # (None: no such bound for some token, every string is searched)
    literal_automaton: Any = field(default=None, compare=False)

    def may_hold_prompt(self, category: HtmlCategory, text: str) -> bool:
        """Whether ``text``, of an element of ``category`` (a teaser-like one), is short and holds a word every paywall
        prompt holds one of."""
        if category.name not in self.prompt_categories or len(text) > self.prompt_max_chars:
            return False
        folded = text.casefold()
        return any(word in folded for word in self.prompt_words)

    def category(self, words: str) -> HtmlCategory | None:
        """The first category whose tokens match whole words of ``words`` ('support-banner wrap ...')."""
        if self.literal_automaton is not None:
            padded = "-" + words.replace(" ", "-") + "-"
            if next(self.literal_automaton.iter(padded), None) is None:
                return None  # no token's literal: the regex cannot match either
        match = self.pattern.search(words)
        return self.categories[match.lastgroup] if match else None


@lru_cache(maxsize=1)
def html_rules() -> HtmlRules:
    path = RULES_DIR / "html.yaml"
    data = _read_yaml(path)
    categories, groups = {}, []
    for index, (name, spec) in enumerate((data.get("categories") or {}).items()):
        group = f"c{index}"
        alternatives = "|".join(f"(?:{p})" for p in spec.get("tokens") or ())
        groups.append(f"(?P<{group}>{alternatives})")
        categories[group] = HtmlCategory(
            name=f"generic:{name}", max_chars=spec.get("max_chars"), paywall=bool(spec.get("paywall")),
            needs_link=bool(spec.get("needs_link")),
            story_paragraphs=bool(spec.get("story_paragraphs")),
            introduces=frozenset(spec.get("introduces") or ()),
        )
    guard = data.get("guard") or {}
    return HtmlRules(
        literal_automaton=_token_automaton(
            str(p) for spec in (data.get("categories") or {}).values() for p in spec.get("tokens") or ()),
        categories=categories,
        pattern=re.compile(rf"(?<![a-z0-9])(?:{'|'.join(groups)})(?![a-z0-9])"),
        attributes=tuple(data.get("attributes") or ("class", "id")),
        data_value_max_chars=int(data.get("data_value_max_chars", 64)),
        never_remove_tags=frozenset(guard.get("never_remove_tags") or ()),
        inline_tags=frozenset(guard.get("inline_tags") or ()),
        guard_text_share=float(guard.get("text_share", 0.4)),
        guard_min_paragraphs=int(guard.get("min_paragraphs", 6)),
        paywall_xpath=tuple(data.get("paywall_xpath") or ()),
        prompt_words=tuple(str(w).casefold() for w in (data.get("paywall_prompt") or {}).get("words") or ()),
        prompt_max_chars=int((data.get("paywall_prompt") or {}).get("max_chars", 0)),
        prompt_categories=frozenset(f"generic:{c}" for c in (data.get("paywall_prompt") or {}).get("categories") or ()),
    )


def _token_automaton(tokens) -> Any:
    """Literals of the HTML category tokens, bounded by "-" (the words of a class/id are [a-z0-9] runs joined by
    "-", and a token must match whole words); None if a token has none (or holds a space, which the padding
    turns into "-")."""
    literals: set[str] = set()
    for token in tokens:
        try:
            found = bounded_literals(re.compile(token), "-")
        except re.error:
            return None
        if found is None or any(" " in literal for literal in found):
            return None
        literals |= found
    if not literals:
        return None
    return build_automaton((literal, literal) for literal in literals)


def packaged_site_rules(source: str) -> dict:
    """The outlet's rules shipped in ``sites/<source>.yaml`` (its ``clean:`` mapping), or ``{}``."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", source or ""):
        return {}
    path = SITES_DIR / f"{source}.yaml"
    return _read_yaml(path) if path.exists() else {}
