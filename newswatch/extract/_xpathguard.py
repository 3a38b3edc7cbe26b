"""trafilatura's XPath expressions with each regex test guarded by its attribute: same elements, fewer Python calls.

trafilatura (2.3) selects boilerplate with XPaths such as ``.//*[self::div or ...][re:test(@id, '...') or
re:test(@class, '...')]``. ``re:test`` is EXSLT, which lxml runs as a call into Python's ``re``, and XPath calls it
for every candidate element even when the element has no such attribute (it then tests the empty string). Most
<div>s have no ``id``: on the bench mirror's pages these calls took about 3 ms of every extraction.

On import, every ``re:test(@a, ...)`` (or ``re:test(@a|@b, ...)``) in the XPath lists of ``trafilatura.xpaths`` whose
pattern cannot match the empty string becomes ``((@a) and re:test(@a, ...))``: where the attribute is missing the
test was false anyway, so each expression selects exactly the same elements (the lists are changed in place, so every
trafilatura module that imported them uses the guarded ones). A pattern that can match "" is left as it is.
Their ``re:`` prefix names :data:`MEMO_NS`, whose ``test`` is EXSLT's (:func:`_memo_test`: the same answer) with each
value's answer kept per pattern: a page's class and id values recur on many elements and on the outlet's other pages
(~0.9 of the calls on the bench mirror's pages); and they build no "smart" strings (the attribute values handed to
``test``; the expressions select elements, whose results this does not change).

A few expressions that trafilatura runs on every extraction, over the whole raw page (comment sections, infinite-scroll
containers, share buttons) or over the story's container (teasers, captions), only ever select an element whose
``class`` or ``id`` holds a given word ("omment", "infinite", "caption"...). They become GatedXPath objects: inside
:func:`class_id_gate` (our own extraction calls), on a page none of whose ``class`` and ``id`` values holds one of
those words they select nothing without walking the tree (~1 ms a page on the bench mirror, for one read of the
page's ``class`` and ``id`` values).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import itertools
import logging
import re
from collections.abc import Iterator

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


#: The namespace of :func:`_memo_test`, bound to the ``re:`` prefix of the guarded expressions.
MEMO_NS = "urn:newswatch:xpathguard:regexp"
#: Answers kept, over all patterns, before they are all forgotten (~1.5 MB at most; a page brings ~200 values).
_MEMO_SIZE = 8192
_memo: dict[tuple[str, str], bool] = {}
_compiled: dict[tuple[str, bool], re.Pattern] = {}


def _string(value) -> str:
    """An XPath argument as EXSLT's functions read it: a node-set as its first node's string value."""
    if isinstance(value, list):
        if not value:
            return ""
        value = value[0]
        if isinstance(value, lxml.etree._Element):
            return "".join(value.itertext()) if isinstance(value.tag, str) else (value.text or "")
    return value if isinstance(value, str) else str(value)


def _memo_test(_context, value, pattern, flags="") -> bool:
    """EXSLT's ``re:test(value, pattern, flags)`` as lxml runs it (``re.search``, ``re.I`` for an ``i`` flag),
    each (value, pattern, flags) answered once."""
    value, pattern, flags = _string(value), _string(pattern), _string(flags)
    key = (value, pattern, flags)
    found = _memo.get(key)
    if found is None:
        ignore_case = "i" in flags
        compiled = _compiled.get((pattern, ignore_case))
        if compiled is None:
            compiled = _compiled[pattern, ignore_case] = re.compile(pattern, re.I if ignore_case else 0)
        if len(_memo) >= _MEMO_SIZE:
            _memo.clear()
        found = _memo[key] = compiled.search(value) is not None
    return found


lxml.etree.FunctionNamespace(MEMO_NS)["test"] = _memo_test


_PREFIXED_CALL = re.compile(r"\bre:([\w-]+)\s*\(")


def _xpath(path: str, cls=lxml.etree.XPath) -> lxml.etree.XPath:
    # only ``test`` is memoised: a path calling another EXSLT regexp function keeps EXSLT's namespace
    memo = all(name == "test" for name in _PREFIXED_CALL.findall(path))
    return cls(path, namespaces={"re": MEMO_NS if memo else REGEXP_NS}, smart_strings=False)


#: A tag step with a predicate, ``//tag[`` or ``//*[`` (read outside string literals).
_DOUBLE_SLASH_STEP = re.compile(r"//(\*|[A-Za-z_][\w.-]*)(?=\s*\[)")
#: What may make a predicate count positions (then ``//`` and ``/descendant::`` differ): left as written.
_POSITIONAL = re.compile(r"position\s*\(|last\s*\(|\[\s*[\d$+-]"
                         r"|\[\s*(?:count|string-length|sum|number|floor|ceiling|round)\s*\(")
_LITERALS = re.compile(r"('[^']*'|\"[^\"]*\")")


def descendant_steps(path: str) -> str:
    """``path`` with each ``//tag[...]`` step written ``/descendant::tag[...]``, when no predicate of it may count
    positions. libxml2 reads ``//tag[...]`` as the children of every node under the context (it takes the shortcut to a
    walk of the tag's elements only for a step without a predicate, where ``[1]`` would count otherwise): the same
    elements, in the same order, ~0.1-0.3 ms less an expression on a whole page."""
    if _POSITIONAL.search(path):
        return path
    parts = _LITERALS.split(path)
    return "".join(part if odd else _DOUBLE_SLASH_STEP.sub(r"/descendant::\1", part)
                   for part, odd in zip(parts, itertools.cycle((False, True)), strict=False))


def _install() -> int:
    changed = 0
    for name, value in vars(trafilatura.xpaths).items():
        if not (isinstance(value, list) and value and all(isinstance(x, lxml.etree.XPath) for x in value)):
            continue
        for index, expression in enumerate(value):
            path = expression.path
            rewritten = descendant_steps(guarded(path) if "re:test(" in path else path)
            if rewritten == path:
                continue
            try:
                value[index] = _xpath(rewritten) if "re:" in path else lxml.etree.XPath(rewritten)
            except (lxml.etree.XPathSyntaxError, ValueError, re.error):  # another trafilatura's syntax: keep its own
                logger.debug("trafilatura XPath %s[%d] left as it is", name, index, exc_info=True)
                continue
            ORIGINALS[name, index] = path
            changed += 1
    return changed


GUARDED = _install()
"""How many of trafilatura's XPath expressions were guarded or their steps rewritten (0 with a trafilatura whose lists
differ)."""


class GatedXPath(lxml.etree.XPath):
    """An XPath each of whose matches has a ``class`` or ``id`` value holding one of :attr:`words` (case as written)
    and, when there are :attr:`patterns`, matched by one of them (``re.search``, as its ``re:test`` calls do).

    Inside :func:`class_id_gate`, on a page none of whose ``class`` and ``id`` values does, it returns ``[]`` without
    evaluating; anywhere else it is the XPath it was made from.
    """

    words: tuple[str, ...] = ()
    #: Searched with ``re.M`` in the page's values that hold one of :attr:`words`, joined by newlines: ``^`` matches at
    #: the start of every value. (Each match lies within one value and holds a word: no pattern matches a newline.)
    patterns: tuple[re.Pattern, ...] = ()

    def __call__(self, _etree_or_element, **variables):
        page = _PAGE.get()
        if page is not None and not page.may_match(self):
            return []
        return super().__call__(_etree_or_element, **variables)


_COMMENT_ID = r"^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)"
_COMMENT_CLASS = r"^[Cc]omment(?!ary)|(?:article|post)-comments"
_COMMENT_WORDS = ("omment", "comol", "disqus_thread")

#: trafilatura's expressions that only select an element whose class or id matches one of their own regex tests
#: (or ``contains()``): the sha256 of the expression as trafilatura 2.3 writes it (whitespace collapsed), so another
#: trafilatura's expression under the same name is never gated; the words every match holds ("[Cc]omment(?!ary)" and
#: "dsq-comments" hold "omment"; "infinite-?scroll" holds "infinite"), a cheap test first; and the expression's
#: regexes, whichever attribute each tests (a value of either kind that matches only makes the expression run).
_GATES = {
    ("RAW_TREE_PRUNE_XPATH", 0): ("77023cff86242dc8", ("mvp-post-add-", "infinite"),
                                  (r"mvp-post-add-(?:box|wrap)|infinite-?scroll",)),
    ("RAW_TREE_PRUNE_XPATH", 1): ("3c7afe92279543d5", ("elementor-share-buttons",), ()),
    ("REMOVE_COMMENTS_AND_LISTS_XPATH", 0): ("ec1083e558ae70c0", _COMMENT_WORDS, (_COMMENT_ID, _COMMENT_CLASS)),
    ("REMOVE_COMMENTS_XPATH", 0): ("853775ab53d61b26", _COMMENT_WORDS, (_COMMENT_ID, _COMMENT_CLASS)),
    # run on the story's container, each pass: contains(translate(@id|@class, 'T', 't'), 'teaser') and
    # contains(@id|@class, 'caption')
    ("TEASER_DISCARD_XPATH", 0): ("50f9c0568a62e759", ("teaser", "Teaser"), ()),
    ("DISCARD_IMAGE_ELEMENTS", 0): ("271b5ef29bbc5bf0", ("caption",), ()),
}


def _digest(path: str) -> str:
    return hashlib.sha256(" ".join(path.split()).encode()).hexdigest()[:16]


def _install_gates() -> int:
    gated = 0
    for (name, index), (digest, words, patterns) in _GATES.items():
        value = getattr(trafilatura.xpaths, name, None)
        if not isinstance(value, list) or index >= len(value) or not isinstance(value[index], lxml.etree.XPath):
            continue
        if _digest(ORIGINALS.get((name, index), value[index].path)) != digest:
            continue  # another trafilatura's expression: its words are not known here
        gate = _xpath(value[index].path, GatedXPath)
        gate.words = words
        gate.patterns = tuple(re.compile(pattern, re.M) for pattern in patterns)
        value[index] = gate
        gated += 1
    return gated


GATED = _install_gates()
"""How many of trafilatura's expressions are gated by the page's class and id words (0 with another trafilatura)."""

# Two walks, not one union: a union sorts its nodes into document order, and the gate needs none (~0.04 ms a page).
_CLASSES = lxml.etree.XPath("//@class", smart_strings=False)
_IDS = lxml.etree.XPath("//@id", smart_strings=False)


class _Page:
    """A page's ``class`` and ``id`` values (every class, then every id), joined, read once when first needed."""

    def __init__(self, tree: lxml.etree._Element):
        self._tree: lxml.etree._Element | None = tree
        self._text = ""
        self._classes: list[str] | None = None  # the class values, when a walk of the caller's read them first
        self._verdicts: dict[int, bool] = {}  # id(gate) -> whether the page's values may match it

    def text(self) -> str:
        if self._tree is not None:
            classes = _CLASSES(self._tree) if self._classes is None else self._classes
            self._text = "\n".join(classes + _IDS(self._tree))
            self._tree = self._classes = None
        return self._text

    def take_classes(self, tree: lxml.etree._Element, values: list[str]) -> None:
        if tree is self._tree and self._classes is None:
            self._classes = values

    def may_match(self, gate: GatedXPath) -> bool:
        verdict = self._verdicts.get(id(gate))
        if verdict is None:
            text = self.text()
            verdict = any(word in text for word in gate.words)
            if verdict and gate.patterns:
                # A match holds one of the words, within one value: the values that hold none cannot match, and the
                # patterns (anchored ^ at a value's start, re.M: no start-of-value fast path) scan only the others.
                text = _lines_with(text, gate.words)
                verdict = any(pattern.search(text) for pattern in gate.patterns)
            self._verdicts[id(gate)] = verdict
        return verdict


def _lines_with(text: str, words: tuple[str, ...]) -> str:
    """The lines of ``text`` that hold one of ``words``, joined by newlines (each once, in their order)."""
    spans = set()
    for word in words:
        at = text.find(word)
        while at >= 0:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            spans.add((text.rfind("\n", 0, at) + 1, end))
            at = text.find(word, end)
    return "\n".join(text[start:end] for start, end in sorted(spans))


_PAGE: contextvars.ContextVar[_Page | None] = contextvars.ContextVar("newswatch_class_id_gate", default=None)


@contextlib.contextmanager
def class_id_gate(tree: lxml.etree._Element) -> Iterator[None]:
    """Inside this block, in this thread or task, GatedXPath objects take ``tree``'s class and id values for
    those of every tree they are called on: only for trafilatura's calls on ``tree`` (or a copy of it with tags
    renamed), whose trees are copies of it with elements removed, renamed or rebuilt (trafilatura never writes a class
    or an id: its rebuilt elements carry only rend, role, target, src, alt and title over), so a word missing from
    ``tree``'s values is missing from theirs."""
    token = _PAGE.set(_Page(tree))
    try:
        yield
    finally:
        _PAGE.reset(token)


def share_class_values(tree: lxml.etree._Element, values: list[str]) -> None:
    """Inside :func:`class_id_gate` on ``tree``: ``values`` are ``tree``'s class values as ``//@class`` gives them
    (all, in document order), read by the caller's own walk, so the gate's read of the page walks its ids only
    (extraction's class scan: one walk of the page's classes less). Anywhere else, or for another tree, nothing."""
    page = _PAGE.get()
    if page is not None:
        page.take_classes(tree, values)


def page_class_id_text() -> str | None:
    """Inside :func:`class_id_gate`: the page's class and id values joined by newlines (else None)."""
    page = _PAGE.get()
    return page.text() if page is not None else None
