"""trafilatura's XPath expressions with each regex test guarded by its attribute: same elements, fewer Python calls.

trafilatura (2.3) selects boilerplate with XPaths such as ``.//*[self::div or ...][re:test(@id, '...') or
re:test(@class, '...')]``. ``re:test`` is EXSLT, which lxml runs as a call into Python's ``re``, and XPath calls it
for every candidate element even when the element has no such attribute (it then tests the empty string). Most
<div>s have no ``id``: on the bench mirror's pages these calls took about 3 ms of every extraction.

On import, every ``re:test(@a, ...)`` (or ``re:test(@a|@b, ...)``) in the XPath lists of ``trafilatura.xpaths`` whose
pattern cannot match the empty string becomes ``((@a) and re:test(@a, ...))``: where the attribute is missing the
test was false anyway, so each expression selects exactly the same elements (the lists are changed in place, so every
trafilatura module that imported them uses the guarded ones). A pattern that can match "" is left as it is.
"""

from __future__ import annotations

import logging
import re

import lxml.etree
import trafilatura.xpaths

logger = logging.getLogger(__name__)

REGEXP_NS = "http://exslt.org/regular-expressions"
_TEST = re.compile(r"re:test\(\s*(@[\w-]+(?:\s*\|\s*@[\w-]+)*)\s*,\s*(['\"])")


def _closing(path: str, start: int) -> int:
    """Index just past the ``)`` that closes the call whose arguments start at ``start`` (quotes skipped)."""
    depth, quote, at = 1, None, start
    while depth:
        char = path[at]
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        at += 1
    return at


def guarded(path: str) -> str:
    """``path`` with every ``re:test`` on attributes only evaluated where one of them exists."""
    out, at = [], 0
    while match := _TEST.search(path, at):
        end = _closing(path, match.start() + len("re:test("))
        quote = match.group(2)
        pattern_start = match.end()
        pattern = path[pattern_start:path.index(quote, pattern_start)]
        out.append(path[at:match.start()])
        call = path[match.start():end]
        try:
            empty_matches = re.search(pattern, "") is not None
        except re.error:  # not a pattern Python reads (nor would lxml): leave the call as it is
            empty_matches = True
        if not empty_matches:  # the test of a missing attribute ("") is false: the guard changes nothing
            attributes = " or ".join(name.strip() for name in match.group(1).split("|"))
            call = f"(({attributes}) and {call})"
        out.append(call)
        at = end
    out.append(path[at:])
    return "".join(out)


#: The expressions as trafilatura wrote them, by (list name, index): what each guarded one replaced.
ORIGINALS: dict[tuple[str, int], str] = {}


def _install() -> int:
    changed = 0
    for name, value in vars(trafilatura.xpaths).items():
        if not (isinstance(value, list) and value and all(isinstance(x, lxml.etree.XPath) for x in value)):
            continue
        for index, expression in enumerate(value):
            path = expression.path
            if "re:test(" not in path:
                continue
            try:
                value[index] = lxml.etree.XPath(guarded(path), namespaces={"re": REGEXP_NS})
            except (lxml.etree.XPathSyntaxError, ValueError, re.error):  # another trafilatura's syntax: keep its own
                logger.debug("trafilatura XPath %s[%d] left unguarded", name, index, exc_info=True)
                continue
            ORIGINALS[name, index] = path
            changed += 1
    return changed


GUARDED = _install()
"""How many of trafilatura's XPath expressions were guarded (0 with a trafilatura whose lists differ)."""
