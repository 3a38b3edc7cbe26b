"""Necessary literals of a regex: a cheap ``in`` test that rules a pattern out before it is searched.

``necessary_literals(re.compile(r"\\bwe need your (help|support)\\b"))`` is ``{"we need your help", "we need
your support"}`` (or another set with the same property): any text the pattern matches contains one of them.
Most body lines contain none of a rule's literals, and ``literal in line`` (a C substring search) costs a
fraction of a regex search that tries its alternatives at every word start. The analysis reads the pattern's
parse tree (``re._parser``); a construct it does not follow only makes the literals fewer or shorter, never
wrong, and a pattern it cannot bound (no literal it must contain, case-insensitive flags, a parser it does not
know) gets ``None``: always searched.

``single_spaces=True`` is for text whose only whitespace is single spaces (``normalise``'s output): there
``\\s`` can only match ``" "``, so it counts as that literal.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import ahocorasick

from newswatch import _pattern_cache

try:
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # another Python: no prefilter, every pattern is searched
    _p = _c = None

_MAX_SET = 64  # alternatives expanded at most into this many strings
_SELECTIVE = 6  # a string of this many characters is rare enough in news text
_MAX_CLASS = 6  # a character class of at most this many plain characters counts as alternatives
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT) if _c is not None else ()
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) if _c is not None else ()


def _minimal(literals: frozenset[str]) -> frozenset[str]:
    """Without the strings that contain another one of the set (finding the shorter is enough)."""
    return frozenset(s for s in literals if not any(t != s and t in s for t in literals))


def _best(factors: list[frozenset[str]]) -> frozenset[str] | None:
    """The factor cheapest to test that still rules out most lines: its shortest string up to _SELECTIVE
    characters long (longer ones hardly occur more rarely), then the fewest strings (one ``in`` test each)."""
    usable = [_minimal(f) for f in factors if f and min(map(len, f)) > 0]
    if not usable:
        return None
    return max(usable, key=lambda f: (min(_SELECTIVE, *map(len, f)), -len(f), min(map(len, f))))


def _common_prefix(strings: frozenset[str]) -> str:
    return os.path.commonprefix(list(strings))


def _common_suffix(strings: frozenset[str]) -> str:
    return os.path.commonprefix([s[::-1] for s in strings])[::-1]


class _Analyser:
    def __init__(self, single_spaces: bool):
        self.single_spaces = single_spaces

    def sequence(self, items) -> tuple[frozenset[str] | None, list[frozenset[str]]]:
        """(the exact set of strings the sequence matches, if small and literal; factors it must contain)."""
        factors: list[frozenset[str]] = []
        current = frozenset({""})  # the strings the run of literal nodes so far can be
        plain = ""  # the run of single-string nodes so far (one string to test, where ``current`` may be many)
        whole = True  # every node so far literal, in one run
        for op, av in items:
            if op in _ZERO_WIDTH:  # consumes nothing: the characters on both sides are adjacent in a match
                continue
            exact = self.exact(op, av)
            if exact is not None and len(exact) == 1:
                plain += next(iter(exact))
            elif exact is not None:
                factors.append(frozenset({plain + _common_prefix(exact)}))
                factors.append(exact)  # the node's own alternatives are a candidate too
                plain = _common_suffix(exact)
            if exact is not None and len(current) * len(exact) <= _MAX_SET:
                current = frozenset(a + b for a, b in itertools.product(current, exact))
                continue
            whole = False
            if exact is not None:  # too many combinations: the node starts a new run
                factors.append(current)
                current = exact
                continue
            # A node of varying text: what every match of it starts with ends the runs, what it ends with starts
            # the next ones.
            prefix, suffix = self.affixes(op, av)
            factors.append(frozenset({plain + prefix}))
            factors.append(frozenset(c + prefix for c in current))
            inner = self.factor(op, av)
            if inner is not None:
                factors.append(inner)
            plain, current = suffix, frozenset({suffix})
        factors.append(current)
        factors.append(frozenset({plain}))
        return (current if whole else None), factors

    def exact(self, op, av) -> frozenset[str] | None:
        """The strings the node matches, when they are few and fixed."""
        if op is _c.LITERAL:
            return frozenset({chr(av)})
        if op is _c.IN:
            if self.single_spaces and av == [(_c.CATEGORY, _c.CATEGORY_SPACE)]:
                return frozenset({" "})
            if len(av) <= _MAX_CLASS and all(kind is _c.LITERAL for kind, _ in av):
                return frozenset(chr(code) for _, code in av)
            return None
        if op is _c.SUBPATTERN:
            return None if av[1] else self.sequence(av[3])[0]
        if op is _c.BRANCH:
            alternatives = [self.sequence(branch)[0] for branch in av[1]]
            if any(a is None for a in alternatives):
                return None
            union = frozenset().union(*alternatives)
            return union if len(union) <= _MAX_SET else None
        if op in _REPEATS and av[0] == 0 and av[1] == 1:
            inner = self.sequence(av[2])[0]
            return inner | {""} if inner is not None and len(inner) < _MAX_SET else None
        return None

    def factor(self, op, av) -> frozenset[str] | None:
        """A factor a node of varying text must contain (or None)."""
        if op is _c.SUBPATTERN:
            return None if av[1] else _best(self.sequence(av[3])[1])
        if op is _c.BRANCH:
            per_branch = [_best(self.sequence(branch)[1]) for branch in av[1]]
            if any(f is None for f in per_branch):
                return None
            union = frozenset().union(*per_branch)
            return union if len(union) <= _MAX_SET else None
        if op in _REPEATS:
            return _best(self.sequence(av[2])[1]) if av[0] >= 1 else None
        if op is _c.ATOMIC_GROUP:
            return _best(self.sequence(av)[1])
        return None

    def affixes(self, op, av) -> tuple[str, str]:
        """A string every match of the node starts with, and one every match ends with ("" when none)."""
        if op is _c.SUBPATTERN and not av[1]:
            return self.sequence_affixes(av[3])
        if op in _REPEATS and av[0] >= 1:  # the first and the last repetition are whole matches of the body
            return self.sequence_affixes(av[2])
        return "", ""

    def sequence_affixes(self, items) -> tuple[str, str]:
        nodes = [(op, av) for op, av in items if op not in _ZERO_WIDTH]
        fixed = [self.exact(op, av) for op, av in nodes]
        prefix = ""
        for (op, av), exact in zip(nodes, fixed, strict=True):
            if exact is None or len(exact) != 1:
                prefix += self.affixes(op, av)[0] if exact is None else _common_prefix(exact)
                break
            prefix += next(iter(exact))
        suffix = ""
        for (op, av), exact in zip(reversed(nodes), reversed(fixed), strict=True):
            if exact is None or len(exact) != 1:
                suffix = (self.affixes(op, av)[1] if exact is None else _common_suffix(exact)) + suffix
                break
            suffix = next(iter(exact)) + suffix
        return prefix, suffix


def _has_flags(items) -> bool:
    for op, av in items:
        if op is _c.SUBPATTERN and (av[1] or av[2] or _has_flags(av[3])):
            return True
        if op is _c.BRANCH and any(_has_flags(branch) for branch in av[1]):
            return True
        if op in _REPEATS and _has_flags(av[2]):
            return True
        if op is _c.ATOMIC_GROUP and _has_flags(av):
            return True
    return False


def necessary_literals(pattern: re.Pattern, single_spaces: bool = False) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, or None when there is no such bound."""
    if _p is None or pattern.flags & (re.IGNORECASE | re.LOCALE) or not isinstance(pattern.pattern, str):
        return None
    return _literals_of_source(pattern.pattern, pattern.flags, single_spaces)


def _literals_of_source(source: str, flags: int, single_spaces: bool) -> frozenset[str] | None:
    # kept with the rule set being built (each analysis is a full parse: ~0.4 s of the rules' load)
    return _pattern_cache.kept("literals", f"{flags}|{int(single_spaces)}|{source}",
                               lambda: _analysed(source, flags, single_spaces), _literals_to_json, _literals_from_json)


def _literals_to_json(literals: frozenset[str] | None) -> list[str] | None:
    return sorted(literals) if literals is not None else None


def _literals_from_json(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise TypeError("not a list of strings")
    return frozenset(value)


# By source: the rule sets analyse one pattern several times (alone, in a rule's literals, as one of its parts) and
# the languages' files share phrases; each analysis parses the pattern anew (a quarter of the rules' load time).
@lru_cache(maxsize=4096)
def _analysed(source: str, flags: int, single_spaces: bool) -> frozenset[str] | None:
    try:
        parsed = _p.parse(source, flags)
        if parsed.state.flags & re.IGNORECASE or _has_flags(parsed):
            return None
        return _best(_Analyser(single_spaces).sequence(parsed)[1])
    except Exception:  # an unknown construct: search the pattern on every line
        return None


def any_literals(patterns, single_spaces: bool = False) -> tuple[str, ...] | None:
    """Strings one of which every match of any of ``patterns`` contains, or None (some pattern is unbounded)."""
    found: set[str] = set()
    for pattern in patterns:
        literals = necessary_literals(pattern, single_spaces)
        if literals is None:
            return None
        found |= literals
    return tuple(sorted(_minimal(frozenset(found)), key=lambda s: (-len(s), s)))


_NOT_SPACE_CATEGORIES = frozenset(
    getattr(_c, name) for name in ("CATEGORY_NOT_SPACE", "CATEGORY_DIGIT", "CATEGORY_WORD") if _c is not None)
_EDGE_NEUTRAL = frozenset(getattr(_c, name) for name in ("AT_BOUNDARY", "AT_NON_BOUNDARY") if _c is not None)


def _class_has(items, code: int) -> bool:
    """Whether a character class (``IN`` items) can match the character ``code``; unknown parts say yes."""
    negate, found = False, False
    for kind, av in items:
        if kind is _c.NEGATE:
            negate = True
        elif kind is _c.LITERAL:
            found |= av == code
        elif kind is _c.RANGE:
            found |= av[0] <= code <= av[1]
        elif kind is _c.CATEGORY:
            found |= av not in _NOT_SPACE_CATEGORIES
        else:
            return True
    return found != negate


def _consumes(items, code: int) -> bool:
    """Whether any part of a parsed pattern (lookarounds included) can match ``code``, or anchors at the
    start/end of the whole text (``^``/``$``), which a search in each token would read differently."""
    for op, av in items:
        if op is _c.LITERAL:
            if av == code:
                return True
        elif op is _c.NOT_LITERAL:
            if av != code:
                return True
        elif op is _c.IN:
            if _class_has(av, code):
                return True
        elif op is _c.AT:
            if av not in _EDGE_NEUTRAL:
                return True
        elif op is _c.SUBPATTERN:
            if _consumes(av[3], code):
                return True
        elif op is _c.BRANCH:
            if any(_consumes(branch, code) for branch in av[1]):
                return True
        elif op in _REPEATS:
            if _consumes(av[2], code):
                return True
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if _consumes(av[1], code):
                return True
        elif op is _c.ATOMIC_GROUP:
            if _consumes(av, code):
                return True
        else:  # ANY, group references, conditionals...: may match it
            return True
    return False


def never_spans(pattern: re.Pattern, separator: str = " ") -> bool:
    """True when no match of ``pattern`` can hold ``separator``, nor depend on what lies past it.

    Then searching tokens joined by ``separator`` finds the leftmost match inside the first token that has
    one, the same as searching each token in turn (what the tokens' own memo then answers).
    """
    if _p is None or len(separator) != 1:
        return False
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
        return not (parsed.state.flags & re.IGNORECASE) and not _consumes(parsed, ord(separator))
    except Exception:
        return False


def bounded_literals(pattern: re.Pattern, boundary: str) -> frozenset[str] | None:
    """Literals one of which every match of ``pattern`` contains, in a text where each match is preceded and
    followed by ``boundary`` (or the text's edges, padded with it): the whole match (``boundary`` both sides)
    when it is one of a few fixed strings, else ``boundary`` + what every match starts with, else the plain
    :func:`necessary_literals`. None when there is no such bound."""
    if _p is None or pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
        if parsed.state.flags & re.IGNORECASE or _has_flags(parsed):
            return None
        analyser = _Analyser(False)
        exact = analyser.sequence(parsed)[0]
        if exact is not None and "" not in exact:
            return frozenset(boundary + s + boundary for s in exact)
        prefix = analyser.sequence_affixes(parsed)[0]
        if prefix:
            return frozenset({boundary + prefix})
        return _best(analyser.sequence(parsed)[1])
    except Exception:
        return None


def build_automaton(entries: Iterable[tuple[str, Any]]) -> Any:
    """An Aho-Corasick automaton (pyahocorasick) of ``(word, value)`` pairs: one C pass over a text finds every
    word it holds, where testing each word with ``in`` would cost a pass a word."""
    found = ahocorasick.Automaton()
    for word, value in entries:
        found.add_word(word, value)
    found.make_automaton()
    return found
