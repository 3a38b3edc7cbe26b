"""Necessary literals of a regex: a cheap ``in`` test that rules a pattern out before it is searched.

``necessary_literals(r"\\bwe need your (help|support)\\b")`` is ``{"we need your help", "we need your
support"}``: any text the pattern matches contains one of them. Most body lines contain none of a rule's
literals, and ``literal in line`` (a C substring search) costs a fraction of a regex search that tries its
alternatives at every word start. The analysis reads the pattern's parse tree (``re._parser``); a construct it
does not follow only makes the literals fewer or shorter, never wrong, and a pattern it cannot bound (no
literal it must contain, case-insensitive flags, a parser it does not know) gets ``None``: always searched.
"""

from __future__ import annotations

import itertools
import re

try:
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # another Python: no prefilter, every pattern is searched
    _p = _c = None

_MAX_SET = 64  # alternatives expanded at most into this many strings
_SELECTIVE = 6  # a string of this many characters is rare enough in news text
_MAX_CLASS = 6  # a character class of at most this many plain characters counts as alternatives
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT) if _c is not None else ()


def _best(factors: list[frozenset[str]]) -> frozenset[str] | None:
    """The factor cheapest to test that still rules out most lines: its shortest string up to _SELECTIVE
    characters long (longer ones hardly occur more rarely), then the fewest strings (one ``in`` test each)."""
    usable = [_minimal(f) for f in factors if f and min(map(len, f)) > 0]
    if not usable:
        return None
    return max(usable, key=lambda f: (min(_SELECTIVE, *map(len, f)), -len(f), min(map(len, f))))


def _analyse(items) -> tuple[frozenset[str] | None, list[frozenset[str]]]:
    """(the exact set of strings the sequence matches, if small and literal; factors it must contain)."""
    factors: list[frozenset[str]] = []
    current = frozenset({""})  # the strings the run of literal nodes so far can be
    plain = ""  # the run of single-string nodes so far (one string to test, where ``current`` may be many)
    whole = True  # every node so far literal, in one run
    for op, av in items:
        if op in _ZERO_WIDTH:  # consumes nothing: the characters on both sides are adjacent in a match
            continue
        exact = _exact_node(op, av)
        if exact is not None and len(exact) == 1:
            plain += next(iter(exact))
        else:
            factors.append(frozenset({plain}))
            plain = ""
            if exact is not None:  # the node's own alternatives are a candidate too
                factors.append(exact)
        if exact is not None and len(current) * len(exact) <= _MAX_SET:
            current = frozenset(a + b for a, b in itertools.product(current, exact))
            continue
        factors.append(current)
        whole = False
        if exact is not None:  # too many combinations: the node starts a new run
            current = exact
            continue
        inner = _node_factor(op, av)
        if inner is not None:
            factors.append(inner)
        current = frozenset({""})
    factors.append(current)
    factors.append(frozenset({plain}))
    return (current if whole else None), factors


def _exact_node(op, av) -> frozenset[str] | None:
    if op is _c.LITERAL:
        return frozenset({chr(av)})
    if op is _c.IN:
        if len(av) <= _MAX_CLASS and all(kind is _c.LITERAL for kind, _ in av):
            return frozenset(chr(code) for _, code in av)
        return None
    if op is _c.SUBPATTERN:
        _, add_flags, _, body = av
        if add_flags:
            return None
        return _analyse(body)[0]
    if op is _c.BRANCH:
        alternatives = [_analyse(branch)[0] for branch in av[1]]
        if any(a is None for a in alternatives):
            return None
        union = frozenset().union(*alternatives)
        return union if len(union) <= _MAX_SET else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, body = av
        if low == 0 and high == 1:
            inner = _analyse(body)[0]
            return inner | {""} if inner is not None and len(inner) < _MAX_SET else None
        return None
    return None


def _node_factor(op, av) -> frozenset[str] | None:
    """A factor a non-literal node must contain (or None)."""
    if op is _c.SUBPATTERN:
        _, add_flags, _, body = av
        return None if add_flags else _best(_analyse(body)[1])
    if op is _c.BRANCH:
        per_branch = [_best(_analyse(branch)[1]) for branch in av[1]]
        if any(f is None for f in per_branch):
            return None
        union = frozenset().union(*per_branch)
        return union if len(union) <= _MAX_SET else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _, body = av
        return _best(_analyse(body)[1]) if low >= 1 else None
    if op is _c.ATOMIC_GROUP:
        return _best(_analyse(av)[1])
    return None


def _has_flags(items) -> bool:
    for op, av in items:
        if op is _c.SUBPATTERN and (av[1] or av[2] or _has_flags(av[3])):
            return True
        if op is _c.BRANCH and any(_has_flags(branch) for branch in av[1]):
            return True
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and _has_flags(av[2]):
            return True
        if op is _c.ATOMIC_GROUP and _has_flags(av):
            return True
    return False


def _minimal(literals: frozenset[str]) -> frozenset[str]:
    """Without the strings that contain another one of the set (finding the shorter is enough)."""
    return frozenset(s for s in literals if not any(t != s and t in s for t in literals))


def any_literals(patterns) -> tuple[str, ...] | None:
    """Strings one of which every match of any of ``patterns`` contains, or None (some pattern is unbounded)."""
    found: set[str] = set()
    for pattern in patterns:
        literals = necessary_literals(pattern)
        if literals is None:
            return None
        found |= literals
    return tuple(sorted(_minimal(frozenset(found)), key=lambda s: (-len(s), s)))


def necessary_literals(pattern: re.Pattern) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, or None when there is no such bound."""
    if _p is None or pattern.flags & (re.IGNORECASE | re.LOCALE) or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
        if parsed.state.flags & re.IGNORECASE or _has_flags(parsed):
            return None
        return _best(_analyse(parsed)[1])
    except Exception:  # an unknown construct: search the pattern on every line
        return None
