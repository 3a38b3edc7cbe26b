"""Loading topic lexicons (YAML data files) and compiling them into one regular expression per topic.

Form syntax (see lexicons/README.md): literal text, matched case-insensitively on whole words, where
``<class>`` is an inflection class from ``common.yaml`` (``Україн<uk_noun_a>``), ``*`` is any word
continuation, a space is any run of whitespace, and ``( | ) ?`` group, alternate and make optional.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from newswatch import _pattern_cache as _cache

#: libyaml's parser when PyYAML has it: the same safe subset and the same data, ~10x faster (the lexicons are
#: ~200 KB of YAML, read by every crawl's fork server before its first article).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PACKAGE_DIR = Path(__file__).resolve().parent
COMMON_FILE = PACKAGE_DIR / "common.yaml"
LEXICON_DIR = PACKAGE_DIR / "lexicons"

# Characters folded before matching, so lexicons need one spelling: Ukrainian apostrophes (ʼ ’ ‘ `),
# quotes, dashes, no-break and thin spaces, soft hyphens, ё. Every replacement keeps the length, so
# offsets in the folded text are offsets in the original (the soft hyphen becomes a space for that reason).
_FOLD_MAP = {
        "\u02bc": "'", "\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u2032": "'", "\u02b9": "'",
        "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u00ad": " ",
        "\u0451": "\u0435", "\u0401": "\u0415",  # ё -> е
        "\u0130": "I",  # İ lowercases to two code points; keep lengths equal
}
# A character-class substitution is ~20x faster than str.translate on mostly-clean text.
_FOLD_CHARS = re.compile("[" + re.escape("".join(_FOLD_MAP)) + "]")


def _fold_char(m: re.Match[str]) -> str:
    return _FOLD_MAP[m.group()]


def fold(text: str) -> str:
    """NFC, one apostrophe, one kind of quote and dash, plain spaces, е for ё. Length-preserving after NFC."""
    return _FOLD_CHARS.sub(_fold_char, unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class Term:
    """One piece of evidence for a topic: a label, a weight and the surface forms that express it."""

    label: str
    weight: float
    forms: tuple[str, ...]
    case_sensitive: bool = False
    langs: frozenset[str] = frozenset()
    # counted only when one of these labels of the same topic is found too (a border region is Ukraine's
    # story when something is struck there, not when a court sits there)
    requires: frozenset[str] = frozenset()
    # and also one of these (YAML ``requires_also``): a refinery struck deep in Russia is Ukraine's war when the war's
    # vocabulary is there *and* Ukraine is named as striking; unattributed drones over Saratov are Russia's story only
    requires_also: frozenset[str] = frozenset()
    # not counted when one of these labels of the same topic is found: a festival or a history book is off-topic
    # context, unless the war is in the story (a film about the siege of Mariupol, Putin's history to justify the war)
    unless: frozenset[str] = frozenset()
    # off-topic context (a negative weight) that, once the circumstantial evidence is used up, discounts the named
    # actors too (YAML ``discounts: all``): "the alphabet NATO adopted in 1956" is the spelling alphabet's story
    discounts_all: bool = False


#: The key of the pattern for a language no term is limited to (no language code has an asterisk).
_OTHER_LANGUAGE = "*"


@dataclass(frozen=True)
class Topic:
    name: str
    threshold: float
    terms: tuple[Term, ...]
    ignore: tuple[str, ...] = ()
    description: str = ""
    # labels that only name the country, its people, capital or places (YAML ``mentions``): a topic found through
    # these alone, in a story without a word of the state, war or politics (``signals/``), is a mention in passing
    mentions: frozenset[str] = frozenset()
    _patterns: dict = field(default_factory=dict, compare=False, repr=False)
    # labels of the context terms that discount the named actors too (``discounts: all``)
    broad_context: frozenset[str] = field(init=False, compare=False, repr=False)

    # the languages some term is limited to: every other language compiles to the same pattern
    languages: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "broad_context", frozenset(t.label for t in self.terms if t.discounts_all))
        object.__setattr__(self, "languages", frozenset().union(*(t.langs for t in self.terms)))

    def language_keys(self) -> tuple[str | None, ...]:
        """Every distinct pattern's key: no language, each of :attr:`languages`, any other language."""
        return (None, *sorted(self.languages), _OTHER_LANGUAGE) if self.languages else (None,)

    def pattern(self, language: str | None, endings: dict[str, tuple[str, ...]]) -> _CompiledTopic:
        """The topic compiled for ``language`` (terms limited to other languages left out); cached, one pattern for
        all the languages no term is limited to (each compile costs 0.03-0.2 s, and a worker would pay it for every
        language it meets)."""
        if not self.languages or not language:
            key = None
        else:
            key = language if language in self.languages else _OTHER_LANGUAGE
        compiled = self._patterns.get(key)
        if compiled is None:
            compiled = self._patterns[key] = _compile_topic(self, key, endings)
        return compiled


@dataclass(frozen=True)
class _CompiledTopic:
    regex: re.Pattern[str]
    # group index -> Term, or None for an ignore phrase (consumed, never counted)
    groups: tuple[Term | None, ...]
    # case-sensitive forms, checked against the original text of a hit found in the lowercased text
    exact: dict[int, re.Pattern[str]]


class LexiconError(ValueError):
    """A topic or common file is malformed; the message names the file and the problem."""


@cache
def load_common(path: Path = COMMON_FILE) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_SafeLoader) or {}
    endings = {name: tuple(str(e) for e in values) for name, values in (data.get("endings") or {}).items()}
    ignore_lines = re.compile(
        r"^\s*(?:" + "|".join(f"(?:{p})" for p in data.get("ignore_lines") or ["(?!)"]) + r").*$",
        re.IGNORECASE | re.MULTILINE,
    )
    # spans inside a line that are not prose (URLs, slugs): blanked before matching, keeping offsets
    spans = data.get("ignore_spans") or []
    ignore_spans = re.compile("|".join(f"(?:{p})" for p in spans)) if spans else None
    return {
        "endings": endings,
        "ignore_lines": ignore_lines,
        "ignore_spans": ignore_spans,
        "scoring": dict(data.get("scoring") or {}),
        "warm_up_languages": tuple(str(code) for code in data.get("warm_up_languages") or ()),
    }


def _read_yaml(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_SafeLoader) or {}
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    return data


def load_topic(
    path: Path,
    default_threshold: float,
    endings: dict[str, tuple[str, ...]],
    places: dict[str, list[dict]] | None = None,
) -> Topic:
    """One topic file, its terms followed by its gazetteer entries (``places[topic name]``, same shape)."""
    data = _read_yaml(path)
    name = str(data.get("topic") or path.stem)
    terms = []
    for i, raw in enumerate(list(data.get("terms") or []) + list((places or {}).get(name) or [])):
        try:
            forms = raw["forms"]
            terms.append(
                Term(
                    label=str(raw.get("term") or forms[0]),
                    weight=float(raw["weight"]),
                    forms=tuple(str(f) for f in forms),
                    case_sensitive=raw.get("case") == "sensitive",
                    langs=frozenset(raw.get("lang") or ()),
                    requires=frozenset(str(r) for r in raw.get("requires") or ()),
                    requires_also=frozenset(str(r) for r in raw.get("requires_also") or ()),
                    unless=frozenset(str(r) for r in raw.get("unless") or ()),
                    discounts_all=raw.get("discounts") == "all",
                )
            )
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise LexiconError(f"{path}: term #{i + 1} needs 'weight' and a non-empty 'forms' list ({exc})") from exc
    topic = Topic(
        name=name,
        threshold=float(data.get("threshold", default_threshold)),
        terms=tuple(terms),
        ignore=tuple(str(p) for p in data.get("ignore") or ()),
        description=str(data.get("description") or "").strip(),
        mentions=frozenset(str(m) for m in data.get("mentions") or ()),
    )
    labels = {term.label for term in topic.terms}
    if topic.mentions - labels:
        raise LexiconError(f"{path}: 'mentions' names unknown terms {sorted(topic.mentions - labels)}")
    for term in topic.terms:
        if (term.requires | term.requires_also) - labels:
            unknown = sorted((term.requires | term.requires_also) - labels)
            raise LexiconError(f"{path}: {term.label!r} requires unknown terms {unknown}")
        if term.unless - labels:
            raise LexiconError(f"{path}: {term.label!r} names unknown terms in 'unless' {sorted(term.unless - labels)}")
    checks = [(form, term.label) for term in topic.terms for form in term.forms]
    checks += [(phrase, "ignore") for phrase in topic.ignore]
    _check_forms(path, checks, endings)
    return topic


def _check_forms(path: Path, checks: list[tuple[str, str]], endings: dict[str, tuple[str, ...]]) -> None:
    """Fail at load time, naming the file and the first bad form, rather than at the first article.

    Compiling each form is ~0.35 s for the packaged lexicons; that the same pattern texts all compiled is kept in the
    open :func:`newswatch._pattern_cache.bundle` (the same Python), so a crawl's start does not compile them again.
    """
    try:
        regexes = [(expand_leading(form), form_regex(form, endings))[1] for form, _ in checks]
    except (re.error, LexiconError):
        regexes = None  # the loop below names the first bad form, in order
    if regexes is not None and _cache.kept("forms compile", "\0".join(regexes), lambda: _all_compile(regexes)):
        return
    for form, label in checks:
        try:
            expand_leading(form)
            re.compile(form_regex(form, endings))
        except (re.error, LexiconError) as exc:
            raise LexiconError(f"{path}: form {form!r} of {label!r}: {exc}") from exc


def _all_compile(regexes: list[str]) -> bool:
    try:
        for regex in regexes:
            re.compile(regex)
    except re.error:
        return False
    return True


#: A form's pieces: an inflection class, an escaped character, a syntax character, an optional space, a space, a run of
#: plain characters (escaped as one piece: ``re.escape`` works character by character), a backslash that ends the form.
_FORM_PIECES = re.compile(r"(?s)<[^>]*>|<|\\.|[*()|?\[\]]| \?| |[^<*()|?\[\]\\ ]+|\\")
_SYNTAX = {"*": r"\w*", " ?": r"(?:\s+)?", " ": r"\s+", "(": "(?:", ")": ")", "|": "|", "?": "?"}


@cache
def _class_regex(endings: tuple[str, ...]) -> str:
    # Longest first; among equally long endings (distinct literals: one matches at most) in a fixed order, so a form's
    # pattern text is the same in every process (a set's order follows the string hash's seed) and the kept compiled
    # patterns (newswatch._pattern_cache) are found again.
    alternatives = sorted(set(endings), key=lambda ending: (-len(ending), ending))
    return "(?:" + "|".join(re.escape(e) for e in alternatives) + ")"


def form_regex(form: str, endings: dict[str, tuple[str, ...]], *, whole_word: bool = True) -> str:
    """Translate one lexicon form into a regular expression (matching whole words unless told otherwise)."""
    out: list[str] = []
    for piece in _FORM_PIECES.findall(form):
        first = piece[0]
        if first == "<":
            if piece == "<":
                raise LexiconError(f"unclosed '<' in {form!r}")
            name = piece[1:-1]
            if name not in endings:
                raise LexiconError(f"unknown inflection class <{name}> in {form!r}")
            out.append(_class_regex(tuple(endings[name])))
        elif piece in _SYNTAX:
            out.append(_SYNTAX[piece])
        elif first in "[]":  # would be matched literally: write (s|z), not [sz]
            raise LexiconError(f"'[' and ']' are not form syntax (use a group): {form!r}")
        elif first == "\\" and len(piece) == 2:
            out.append(re.escape(piece[1]))
        else:
            out.append(re.escape(piece))
    body = "".join(out)
    return r"(?<!\w)(?:" + body + r")(?!\w)" if whole_word else body


def expand_leading(form: str) -> list[str]:
    """Variants of ``form`` that each start with a literal character: ``(St.|Saint) P`` -> two forms.

    The compiled pattern dispatches on an alternative's first character, which is what keeps a few hundred
    alternatives cheap (the regex engine rejects a literal-first alternative with one comparison).
    """
    if not form:
        raise LexiconError("empty form")
    if form[0] == "(":
        depth, j = 0, 0
        while j < len(form):
            if form[j] == "\\":
                j += 2
                continue
            depth += form[j] == "("
            depth -= form[j] == ")"
            if depth == 0:
                break
            j += 1
        else:
            raise LexiconError(f"unbalanced '(' in {form!r}")
        alternatives, depth, start = [], 0, 1
        for k in range(1, j):
            if form[k] in "()":
                depth += 1 if form[k] == "(" else -1
            elif form[k] == "|" and depth == 0:
                alternatives.append(form[start:k])
                start = k + 1
        alternatives.append(form[start:j])
        rest = form[j + 1 :]
        if rest.startswith("?"):
            rest = rest[1:]
            alternatives.append("")
        variants = [alt + rest for alt in alternatives if alt + rest]
        return [v for variant in variants for v in expand_leading(variant)]
    if form[0] in "*<|)?":
        raise LexiconError(f"a form must start with a letter or a group, not {form[0]!r}: {form!r}")
    if len(form) > 1 and form[1] == "?":
        return expand_leading(form[0] + form[2:]) + (expand_leading(form[2:]) if form[2:] else [])
    return [form]


def _literal_length(form: str) -> int:
    return len(re.sub(r"<[^>]*>|[*()|?\\]", "", form))


def _literal_head(rest: str) -> bool:
    """True when ``rest`` (a form after its first character) starts with a plain, non-optional letter."""
    return bool(rest) and rest[0] not in "<*()|?\\ " and rest[1:2] != "?"


def _compile_topic(topic: Topic, language: str | None, endings: dict[str, tuple[str, ...]]) -> _CompiledTopic:
    # Alternatives are tried in order at each position, so ignore phrases go first (they shadow the
    # terms inside them: "Russian dressing" hides "Russian"), then longer forms before shorter ones.
    entries: list[tuple[int, int, str, Term | None, str]] = []
    for phrase in topic.ignore:
        for variant in expand_leading(fold(phrase).lower()):
            entries.append((0, -_literal_length(variant), variant, None, phrase))
    for term in topic.terms:
        if language and term.langs and language not in term.langs:
            continue
        for form in term.forms:
            for variant in expand_leading(fold(form).lower()):
                entries.append((1, -_literal_length(variant), variant, term, fold(form)))
    entries.sort(key=lambda e: (e[0], e[1]))
    # One branch per first character, each alternative ending in an empty group whose number says
    # which form matched (a group at the start would defeat the engine's first-literal fast path).
    by_first: dict[str, list[tuple[str, Term | None, str]]] = {}
    for _, _, variant, term, original in entries:
        if variant[0] == "\\":
            first, rest = variant[1], variant[2:]
        else:
            first, rest = variant[0], variant[1:]
        by_first.setdefault(first, []).append((rest, term, original))
    groups: list[Term | None] = [None]
    exact: dict[int, re.Pattern[str]] = {}

    def alternative(rest: str, term: Term | None, original: str) -> str:
        groups.append(term)
        if term is not None and term.case_sensitive:
            exact[len(groups) - 1] = re.compile(form_regex(original, endings))
        return form_regex(rest, endings, whole_word=False) + r"(?!\w)()"

    branches = []
    for first, alternatives in by_first.items():
        # Second level of dispatch: the alternatives whose next character is a plain letter are bucketed by it,
        # so a word start tries only the few forms sharing its first two letters instead of every form sharing
        # its first. The others (a class, a group, an optional letter) are copied into every bucket at their
        # place in the order and tried once more after the buckets, so which form wins is unchanged.
        seconds = dict.fromkeys(rest[0] for rest, _, _ in alternatives if _literal_head(rest))
        parts = []
        for second in seconds:
            inner = []
            for rest, term, original in alternatives:
                if _literal_head(rest):
                    if rest[0] == second:
                        inner.append(alternative(rest[1:], term, original))
                else:
                    inner.append(alternative(rest, term, original))
            parts.append(re.escape(second) + "(?:" + "|".join(inner) + ")")
        parts.extend(alternative(*alt) for alt in alternatives if not _literal_head(alt[0]))
        branches.append(re.escape(first) + "(?:" + "|".join(parts) + ")")
    from newswatch.topics._matcher import compile_with_prefixes  # the matcher's module imports this one

    regex = compile_with_prefixes(r"(?<!\w)(?:" + "|".join(branches) + ")" if branches else "(?!)")
    return _CompiledTopic(regex=regex, groups=tuple(groups), exact=exact)


def load_gazetteer(directory: Path) -> dict[str, list[dict]]:
    """Place entries per topic from ``directory/gazetteer/*.yaml`` (``topics: {name: [entries]}``).

    Places are kept apart from the topic files so that coverage is one list to complete (every oblast, every
    struck town, in every language) rather than names added one story at a time; the entries have the shape
    of a topic file's ``terms``.
    """
    places: dict[str, list[dict]] = {}
    for path in sorted((Path(directory) / "gazetteer").glob("*.yaml")):
        topics = _read_yaml(path).get("topics") or {}
        if not isinstance(topics, dict):
            raise LexiconError(f"{path}: 'topics' must map a topic name to a list of place entries")
        for name, entries in topics.items():
            if not isinstance(entries, list):
                raise LexiconError(f"{path}: places of {name!r} must be a list of entries")
            places.setdefault(str(name), []).extend(entries)
    return places


def load_signals(directory: Path, endings: dict[str, tuple[str, ...]]) -> dict[str | None, re.Pattern[str]]:
    """The state/war/politics words of ``directory/signals/*.yaml`` (``languages: {code: [forms]}``), one regex per
    language, and under ``None`` all languages together (an article whose language is not given)."""
    forms: dict[str, list[str]] = {}
    for path in sorted((Path(directory) / "signals").glob("*.yaml")):
        languages = _read_yaml(path).get("languages") or {}
        if not isinstance(languages, dict):
            raise LexiconError(f"{path}: 'languages' must map a language code to a list of forms")
        for code, entries in languages.items():
            for form in entries or ():
                try:
                    form_regex(fold(str(form)).lower(), endings)
                except (re.error, LexiconError) as exc:
                    raise LexiconError(f"{path}: signal form {form!r}: {exc}") from exc
                forms.setdefault(str(code), []).append(fold(str(form)).lower())

    def compile_forms(items: list[str]) -> re.Pattern[str]:
        # compiled like a topic (dispatch on the first two letters): a plain alternation of ~150 forms costs 10x more
        signal = Term(label="signal", weight=0.0, forms=tuple(dict.fromkeys(items)))
        return _compile_topic(Topic(name="signals", threshold=0.0, terms=(signal,)), None, endings).regex

    compiled: dict[str | None, re.Pattern[str]] = {code: compile_forms(items) for code, items in forms.items()}
    if forms:
        compiled[None] = compile_forms([f for items in forms.values() for f in items])
    return compiled


def load_topics(directory: Path = LEXICON_DIR, common: dict | None = None) -> tuple[Topic, ...]:
    """Every ``*.yaml`` file in ``directory`` is one topic, in file-name order, with its gazetteer places."""
    common = common or load_common()
    default = float(common["scoring"].get("default_threshold", 6.0))
    places = load_gazetteer(directory)
    return tuple(load_topic(p, default, common["endings"], places) for p in sorted(Path(directory).glob("*.yaml")))
