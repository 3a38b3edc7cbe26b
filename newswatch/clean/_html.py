"""Level 1: remove boilerplate elements from the parsed page, before text extraction."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import ahocorasick
import cssselect
from lxml import etree
from lxml.cssselect import CSSSelector

from newswatch.clean._literals import build_automaton, never_spans
from newswatch.clean._report import CleaningReport
from newswatch.clean._rules import TEXT_LANGUAGES, HtmlRules, html_rules, language_rules, normalise, strip_edges

logger = logging.getLogger(__name__)

_TEXT_BLOCKS = frozenset({"p", "li", "dd", "td", "th", "blockquote", "h2", "h3", "h4", "h5", "h6", "figcaption"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_UPPER = re.compile(r"[A-Z]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_WORD_RUN = re.compile(r"[a-z0-9]+")
_MIN_PARAGRAPH = 25
_LONG_PARAGRAPH = 80


@lru_cache(maxsize=8192)
def _words(value: str) -> str:
    """'SupportBanner__wrap' -> 'support-banner-wrap'."""
    if _UPPER.search(value):  # the camel-case split only ever inserts before A-Z (it is tried at every position)
        value = _CAMEL.sub("-", value)
    return _SEPARATORS.sub("-", value.lower()).strip("-")


@lru_cache(maxsize=1)
def _word_cores() -> ahocorasick.Automaton | None:
    """The longest ``[a-z0-9]`` run of each literal of the category patterns (``HtmlRules.literal_automaton``:
    one of them is in the words of any value a pattern matches), or None when some literal has no such run.

    A run of ``_words(value)`` is a run of ``value.lower()`` too (the words only lower-case, split and join the
    value's characters), so a value whose lower-case text holds none of these cores has no category: told by one
    pass over it, without building its words (~2/3 of a new page's class and id values, the cost of its first
    sight).
    """
    literals = html_rules().literal_automaton
    if literals is None:
        return None
    cores = set()
    for literal in literals.keys():  # noqa: SIM118 (an automaton, not a dict)
        runs = _WORD_RUN.findall(literal)
        if not runs:
            return None
        cores.add(max(runs, key=len))
    return build_automaton((core, core) for core in cores)


def _may_match(value: str) -> bool:
    """False when no category pattern can match the words of ``value`` (or of any of its tokens)."""
    cores = _word_cores()
    return cores is None or next(cores.iter(value.lower()), None) is not None


@lru_cache(maxsize=1)
def _tokens_apart() -> bool:
    """Whether the category patterns can never match across the space between two class tokens."""
    return never_spans(html_rules().pattern, " ")


@lru_cache(maxsize=16384)
def _token_category(token: str):
    return html_rules().category(_words(token))


@lru_cache(maxsize=8192)
def _class_category(value: str):
    """Category of a class attribute (pages repeat the same class strings: cached).

    The patterns search the tokens' words joined by spaces; when they cannot match across a space, the leftmost
    match is the first token's that has one, so each token's category is looked up instead: sites share most
    tokens ("container", "col-md-6"), far more than whole class strings, so a new page mostly hits the memo.
    """
    if not _may_match(value):
        return None
    if _tokens_apart():
        for token in value.split():
            category = _token_category(token)
            if category is not None:
                return category
        return None
    return html_rules().category(" ".join(_words(token) for token in value.split()))


@lru_cache(maxsize=8192)
def _value_category(value: str):
    value = value[:200]
    return html_rules().category(_words(value)) if _may_match(value) else None


def _attribute_category(name: str, value: str, rules: HtmlRules):
    if not value and not name.startswith("data-"):
        return None
    if name == "class":
        return _class_category(value)
    if name.startswith("data-"):
        category = _value_category(name[5:])
        if category is None and value and len(value) <= rules.data_value_max_chars \
                and "/" not in value and "{" not in value:
            category = _value_category(value)
        return category
    return _value_category(value)


_UNSEEN = object()
_VALUES_SIZE = 8192  # categories remembered per attribute name: pages repeat the same values


class _Scan:
    """One walk over every element of the document, collecting what the generic patterns need.

    ``candidates``: elements whose class/id/aria-label/data-* tokens match a category, in document order (the
    first matching attribute, in attribute order, decides); ``paragraphs``: every ``<p>``; ``anchors``: the story
    containers (``<article>``, ``<main>``, ``[itemprop=articleBody]``, ``[role=main|article]``), in document order.
    Reading attribute names (``keys()``) and only the values the patterns look at costs about half of an XPath
    selecting the same elements and reading their ``items()``; the tags are matched by lxml in C (``iter("p")``,
    ``iter("article", "main")``), so the walk reads an element's tag only for the outlet's selectors.
    """

    def __init__(self, root, rules: HtmlRules, selectors: _Selectors | None = None):
        root = root.getroottree().getroot()
        candidates: dict = {}
        self.candidates = candidates
        kinds = _attribute_kinds(rules.attributes)
        attributes = rules.attributes
        both = not _ANCHOR_NAMES.isdisjoint(attributes)  # rules reading itemprop or role as patterns too
        ignored, itemprop, role, unseen = _IGNORED, _ITEMPROP, _ROLE, _UNSEEN
        visit = selectors.visit if selectors is not None and selectors.active else None
        # Outlets' selectors are nearly always classes: the class values known to satisfy none skip the call.
        by_value = selectors.by_value if visit is not None and not (
            selectors.by_tag or selectors.by_id or selectors.by_attribute) else None
        marked = []  # elements an itemprop/role value makes story anchors
        for element in root.iter(etree.Element):
            if visit is not None:
                if by_value is None:
                    visit(element, element.tag)
                else:
                    value = element.get("class")
                    if value and (by_value.get(value, _NO_CLASS) is _NO_CLASS or by_value[value][1]):
                        visit(element, element.tag)
            matched = False
            for name in element.keys():  # noqa: SIM118 (iterating an element yields its children)
                try:  # a dict subscript, not .get(): a method call costs more on the walk's ~2,000 attributes
                    known = kinds[name]
                except KeyError:
                    known = _attribute_kind(name, attributes)
                if known is ignored:  # most attribute names (href, src, style...)
                    continue
                if known is itemprop:
                    if element.get(name) == "articleBody":
                        marked.append(element)
                elif known is role:
                    if element.get(name) in ("main", "article"):
                        marked.append(element)
                else:  # a pattern attribute: ``known`` holds its values' categories
                    if not matched:
                        value = element.get(name)
                        category = known.get(value, unseen)
                        if category is unseen:
                            if len(known) >= _VALUES_SIZE:
                                known.clear()
                            category = known[value] = _attribute_category(name, value, rules)
                        if category is not None:
                            candidates[element] = category
                            matched = True
                    if both and name in _ANCHOR_NAMES \
                            and element.get(name) in (("articleBody",) if name == "itemprop" else ("main", "article")):
                        marked.append(element)
        self.paragraphs: list = list(root.iter("p"))
        self.anchors: list = list(root.iter("article", "main"))
        if marked:  # in document order, each once, as one walk would list them
            self.anchors = sorted({**dict.fromkeys(self.anchors), **dict.fromkeys(marked)}, key=_document_position)

    def forget(self, removed: list) -> None:
        """Drop what the outlet's selectors removed after the walk (the walk was shared with them)."""
        gone = {el for top in removed for el in top.iter()}
        if gone:
            self.candidates = {el: c for el, c in self.candidates.items() if el not in gone}
            self.paragraphs = [el for el in self.paragraphs if el not in gone]
            self.anchors = [el for el in self.anchors if el not in gone]


# What the scan does with an attribute, by its name: nothing, test it for a story anchor, or (a dict of its values'
# categories: value -> category or None) read it for the patterns. Told apart by identity, the cheapest test.
_IGNORED, _ITEMPROP, _ROLE = object(), object(), object()
_ANCHOR_NAMES = frozenset({"itemprop", "role"})
_KINDS_SIZE = 4096


@lru_cache(maxsize=4)
def _attribute_kinds(attributes: tuple[str, ...]) -> dict:
    """Attribute name -> what the scan does with it (``_IGNORED``, ``_ITEMPROP``, ``_ROLE`` or its values'
    categories); filled as names and values are met (pages use few distinct names and repeat the same values). One
    lookup by name gives both: keying the categories by ``(name, value)`` built a tuple for every attribute read."""
    return {}


def _attribute_kind(name: str, attributes: tuple[str, ...]):
    kinds = _attribute_kinds(attributes)
    if len(kinds) >= _KINDS_SIZE:
        kinds.clear()
    if name in attributes or name.startswith("data-"):
        kind = {}
    else:
        kind = {"itemprop": _ITEMPROP, "role": _ROLE}.get(name, _IGNORED)
    kinds[name] = kind
    return kind


_HIDDEN_TAGS = ("script", "style", "noscript", "template")
_TEXT_NODES = etree.XPath(".//text()", smart_strings=False)
_HIDDEN = frozenset(_HIDDEN_TAGS)
_WALK_EVENTS = ("start", "end", "comment", "pi")


def _document_position(element) -> list[int]:
    position = []
    while (parent := element.getparent()) is not None:
        position.append(parent.index(element))
        element = parent
    return position[::-1]


def _has_link(el) -> bool:
    return next(el.iter("a"), None) is not None  # iter() yields el itself first


def _visible_text(el) -> str:
    """Whitespace-collapsed text of ``el`` without script/style/noscript/template content.

    The text nodes of ``.//text()[not(ancestor::script or ancestor::style or ancestor::noscript or
    ancestor::template)]``, in document order; read by one C-level walk (``iterwalk``) that counts how deep
    it is inside hidden elements, which costs a third of that XPath's ancestor test on every text node.
    """
    if next(el.iter(*_HIDDEN_TAGS), None) is None and next(el.iterancestors(*_HIDDEN_TAGS), None) is None:
        # Nothing hidden in or around it (most elements): all its text nodes, the ones itertext() yields, collected
        # by libxml2 in one call (half the cost of itertext's generator on the candidates of the bench's pages).
        return " ".join(" ".join(_TEXT_NODES(el)).split())
    if next(el.iterancestors(*_HIDDEN_TAGS), None) is not None:
        return ""
    pieces, hidden = [], 0
    for event, node in etree.iterwalk(el, events=_WALK_EVENTS):
        if event == "start":
            if hidden or node.tag in _HIDDEN:
                hidden += 1
            elif node.text:
                pieces.append(node.text)
        elif event == "end":
            if hidden:
                hidden -= 1
            if not hidden and node is not el and node.tail:  # a tail is text of the parent
                pieces.append(node.tail)
        elif not hidden and node.tail:  # a comment or processing instruction: only its tail is text
            pieces.append(node.tail)
    return " ".join(" ".join(pieces).split())


def _remove(el) -> None:
    """Detach ``el``, keeping its tail text (which belongs to the parent's flow)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _describe(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else "?"
    ident = f"#{el.get('id')}" if el.get("id") else ""
    classes = "".join(f".{c}" for c in (el.get("class") or "").split()[:3])
    return f"{tag}{ident}{classes}"


@lru_cache(maxsize=512)
def _css(selector: str) -> CSSSelector | None:
    try:
        return CSSSelector(selector)
    except Exception as exc:  # cssselect raises several unrelated error types
        logger.warning("ignoring bad CSS selector %r: %s", selector, exc)
        return None


def _select_css(root, selector: str) -> list:
    compiled = _css(str(selector))
    try:
        return list(compiled(root)) if compiled is not None else []
    except Exception as exc:
        logger.warning("CSS selector %r failed: %s", selector, exc)
        return []


_XML_SPACE = re.compile(r"[ \t\r\n]+")


_ATTRIBUTE_TESTS = {
    "exists": lambda actual, _: actual is not None,
    "=": lambda actual, wanted: actual == wanted,
    "^=": lambda actual, wanted: actual is not None and actual.startswith(wanted),
    "$=": lambda actual, wanted: actual is not None and actual.endswith(wanted),
    "*=": lambda actual, wanted: actual is not None and wanted in actual,
}


@lru_cache(maxsize=512)
def _compound(selector: str) -> tuple | None:
    """``(tag, classes, id, attribute tests)`` of a selector that is one element's type, classes, id and attribute
    tests (``.donate-banner``, ``aside.newsletter``, ``#promo``, ``[data-component="most-popular"]``,
    ``a[href^="#skip"]``: what outlets' rules are made of); None for anything else (combinators, pseudo-classes,
    case flags, ``~=``/``|=``...), which cssselect runs."""
    try:
        parsed = cssselect.parse(selector)
    except Exception:  # cssselect raises several unrelated error types
        return None
    if len(parsed) != 1 or parsed[0].pseudo_element is not None:
        return None
    node, classes, ident, tests = parsed[0].parsed_tree, [], None, []
    while not isinstance(node, cssselect.parser.Element):
        if isinstance(node, cssselect.parser.Class):
            classes.append(node.class_name)
        elif isinstance(node, cssselect.parser.Hash) and ident is None:
            ident = node.id
        elif isinstance(node, cssselect.parser.Attrib) and node.namespace is None and node.flag is None \
                and node.operator in _ATTRIBUTE_TESTS and (node.operator in ("exists", "=") or node.value.value):
            tests.append((node.attrib, node.operator, None if node.value is None else node.value.value))
        else:
            return None
        node = node.selector
    if node.namespace is not None or any(not c or _XML_SPACE.search(c) for c in classes):
        return None
    return node.element, tuple(reversed(classes)), ident, tuple(reversed(tests))


@lru_cache(maxsize=4096)
def _class_tokens(value: str) -> frozenset[str]:
    """The tokens CSS class selectors see: split on XML whitespace only (``normalize-space`` in the XPath)."""
    return frozenset(_XML_SPACE.split(value.strip(" \t\r\n")))


class _Selectors:
    """Outlet CSS selectors matched in a walk of the document rather than one XPath each.

    Every cssselect selector is an XPath of its own over the whole document (~0.5 ms each on a 300 KB page).
    The compound ones (type, classes, id: what outlets' rules are made of) are indexed by their first class,
    else their id, else their type, and tested on each element the walk :meth:`visit`\\ s (the generic scan's walk
    when it can be shared); the others run as cssselect XPaths. ``found``: each selector's elements, in document
    order, as :func:`_select_css` finds them.
    """

    def __init__(self, root, selectors: list, later: int | None = None):
        self.found: list[list] = [[] for _ in selectors]
        self.later: list[int] = []  # selectors from index ``later`` on that cssselect must run later (see finish)
        self.selectors = selectors
        self.by_class: dict = {}
        self.by_id: dict = {}
        self.by_tag: dict = {}
        self.by_attribute: dict = {}
        for index, selector in enumerate(selectors):
            compound = _compound(str(selector))
            if compound is None:
                if later is not None and index >= later:
                    self.later.append(index)
                else:
                    self.found[index] = _select_css(root, selector)
                continue
            tag, classes, ident, tests = compound
            if classes:
                self.by_class.setdefault(classes[0], []).append((index, compound))
            elif ident is not None:
                self.by_id.setdefault(ident, []).append((index, compound))
            elif tests:
                self.by_attribute.setdefault(tests[0][0], []).append((index, compound))
            else:
                self.by_tag.setdefault(tag, []).append((index, compound))  # tag None: '*'
        self.active = bool(self.by_class or self.by_id or self.by_attribute or self.by_tag)
        self._any_tag = tuple(self.by_tag.get(None, ()))
        # class attribute value -> (its tokens, the selectors its tokens may satisfy); kept across pages for the
        # same selectors (an outlet's pages repeat their class values)
        self.by_value: dict = _class_value_cache(tuple(str(s) for s in selectors))
        self._matched: set = set()

    def finish(self, root) -> None:
        """Run the deferred cssselect selectors now (on the tree as it is after the outlet's removals)."""
        for index in self.later:
            self.found[index] = _select_css(root, self.selectors[index])

    def visit(self, element, tag) -> None:
        by_class, by_tag, by_id = self.by_class, self.by_tag, self.by_id
        value = element.get("class") if by_class else None
        if value:
            known = self.by_value.get(value)
            if known is None:
                if len(self.by_value) >= _CLASS_VALUES_SIZE:
                    self.by_value.clear()
                tokens = _class_tokens(value)
                known = self.by_value[value] = (tokens, tuple(e for t in tokens for e in by_class.get(t, ())))
            tokens, possible = known
        else:
            tokens, possible = _NO_CLASS
        by_attribute = self.by_attribute
        if not (possible or by_tag or by_id or by_attribute):
            return
        if by_tag:
            possible = (*possible, *by_tag.get(tag, ()), *self._any_tag)
        if by_id:
            possible = (*possible, *by_id.get(element.get("id"), ()))
        if by_attribute:
            for name in element.keys():  # noqa: SIM118 (iterating an element yields its children)
                possible = (*possible, *by_attribute.get(name, ()))
        matched = self._matched
        matched.clear()
        for index, (wanted_tag, classes, wanted_id, tests) in possible:
            if index in matched or (wanted_tag is not None and tag != wanted_tag):
                continue
            if (wanted_id is not None and element.get("id") != wanted_id) or not tokens.issuperset(classes):
                continue
            if tests and not all(_ATTRIBUTE_TESTS[op](element.get(name), value) for name, op, value in tests):
                continue
            matched.add(index)
            self.found[index].append(element)


_NO_CLASS: tuple = (frozenset(), ())
_CLASS_VALUES_SIZE = 8192


@lru_cache(maxsize=64)
def _class_value_cache(selectors: tuple[str, ...]) -> dict:
    return {}


def _select_css_many(root, selectors: list) -> list[list]:
    """Each selector's elements, in document order, as :func:`_select_css` finds them (one walk for all)."""
    matcher = _Selectors(root, selectors)
    if matcher.active:
        for element in root.iter(etree.Element):
            matcher.visit(element, element.tag)
    return matcher.found


@lru_cache(maxsize=512)
def _xpath(expression: str) -> etree.XPath | None:
    """Compiled once: ``root.xpath(expression)`` parses the expression again on every call."""
    try:
        return etree.XPath(expression)
    except etree.XPathError as exc:
        logger.warning("ignoring bad XPath %r: %s", expression, exc)
        return None


def _select_xpath(root, expression: str) -> list:
    compiled = _xpath(str(expression))
    if compiled is None:
        return []
    try:
        found = compiled(root)
    except etree.XPathError as exc:
        logger.warning("ignoring bad XPath %r: %s", expression, exc)
        return []
    return [el for el in found if isinstance(el, etree._Element)] if isinstance(found, list) else []


def _root(tree):
    if tree is None:
        return None
    if isinstance(tree, etree._ElementTree):
        return tree.getroot()
    return tree if isinstance(tree, etree._Element) else None


def _as_list(value) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _matches_kind(text: str, suffix: str) -> bool:
    norm = normalise(text)
    bare, words = strip_edges(norm), len(norm.split())
    return any(
        rule.matches(norm, bare, words)
        for lang in TEXT_LANGUAGES
        for rule in language_rules(lang).rules
        if rule.name.endswith(suffix)
    )


def _is_paywall_prompt(text: str) -> bool:
    return _matches_kind(text, ":paywall")


def _is_meter(text: str) -> bool:
    """A metered wall's counter ("You have 2 free articles left"): the reader was let through, so its box's
    prompts are no evidence of a paywall."""
    return _matches_kind(text, ":meter")


def _text_length(p) -> int:
    """Characters of ``p``'s text, stripped (a childless paragraph's text is its ``.text``: no XPath)."""
    if len(p):
        return len(p.text_content().strip())
    text = p.text  # each read builds the string anew
    return len(text.strip()) if text else 0


class _Guard:
    """Decides which matched elements are article content and must stay.

    Paragraph lengths are measured once; an element's share is summed only when a pattern matched it.
    """

    def __init__(self, root, rules: HtmlRules, scan: _Scan):
        self.rules = rules
        self.lengths: dict = {}
        direct: dict = {}
        paragraphs = scan.paragraphs if root is root.getroottree().getroot() else root.iter("p")
        for p in paragraphs:
            length = _text_length(p)
            if length < _MIN_PARAGRAPH:
                continue
            self.lengths[p] = length
            parent = p.getparent()
            if parent is not None:
                direct[parent] = direct.get(parent, 0) + length
        self.total = sum(self.lengths.values())
        self.protected: set = set()
        anchors = [max(direct, key=direct.get)] if direct else []
        anchors += scan.anchors
        for anchor in anchors:
            if anchor is anchors[0] or self._paragraphs(anchor)[0] >= rules.guard_text_share * self.total:
                self.protected.add(anchor)
                self.protected.update(anchor.iterancestors())

    def _paragraphs(self, el) -> tuple[int, int]:
        """(characters of paragraph text, number of long paragraphs) inside ``el``."""
        chars = long = 0
        for p in el.iter("p"):
            length = self.lengths.get(p)
            if length:
                chars += length
                long += length >= _LONG_PARAGRAPH
        return chars, long

    def holds_content(self, el) -> bool:
        if el in self.protected:
            return True
        chars, long = self._paragraphs(el)
        if self.total and chars >= self.rules.guard_text_share * self.total:
            return True
        return long >= self.rules.guard_min_paragraphs

    def inline_in_text(self, el) -> bool:
        if el.tag not in self.rules.inline_tags:
            return False
        return any(a.tag in _TEXT_BLOCKS for a in el.iterancestors())


def _next_tag(el) -> str | None:
    """The tag of the element after ``el`` (comments and processing instructions skipped), or None."""
    following = el.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    return following.tag if following is not None else None


def _story_paragraphs_only(el, text: str) -> bool:
    """``el`` is gated story text: a paragraph-long ``<p>`` (Bloomberg's ``<p class="paywall">``), or a wrapper whose
    text is all in such paragraphs, none a paywall prompt (WSJ's ``<div class="paywall">`` around the rest of the
    story, which the page holds and a subscriber reads)."""
    if el.tag == "p":
        return True
    inside = 0
    for paragraph in el.iter("p"):
        said = _visible_text(paragraph)
        if len(said) < _LONG_PARAGRAPH or _is_paywall_prompt(said):
            return False
        inside += len(said) + 1
    return inside >= len(text)


def _generic(root, rules: HtmlRules, keep: list, report: CleaningReport, scan: _Scan | None = None) -> None:
    scan = scan or _Scan(root, rules)
    candidates = scan.candidates
    if not candidates:
        return
    guard = _Guard(root, rules, scan)
    kept = set(keep)
    doomed: dict = {}
    for el, category in candidates.items():
        # Candidates come in document order, so an element's ancestors are decided before it. One under a doomed
        # ancestor goes with it: only a paywall prompt's text is still read, for the marker.
        under_doomed = False
        if doomed:
            for ancestor in el.iterancestors():
                if ancestor in doomed:
                    under_doomed = True
                    break
        if under_doomed and not category.paywall:
            continue
        if (
            not isinstance(el.tag, str)
            or el.tag in rules.never_remove_tags
            or guard.holds_content(el)
            or guard.inline_in_text(el)
            or (kept and (el in kept or any(a in kept for a in el.iterancestors())))
        ):
            continue
        text = _visible_text(el)
        if category.needs_link and len(text) >= _LONG_PARAGRAPH and not _has_link(el):
            continue  # prose, not a teaser of another story
        if category.introduces and text.endswith(":") and _next_tag(el) in category.introduces:
            continue  # the story's lead-in to the quote under it
        # a short element of another category can still be the prompt ("liga-pro-teaser" reads as a related teaser)
        prompt = (category.paywall or rules.may_hold_prompt(category, text)) and _is_paywall_prompt(text)
        name = category.name
        if prompt and _is_meter(text):
            prompt, name = False, "meter"
        if prompt:
            report.mark_paywall(category.name)
        elif category.story_paragraphs and len(text) >= _LONG_PARAGRAPH and _story_paragraphs_only(el, text):
            continue
        if under_doomed or (category.max_chars is not None and len(text) > category.max_chars):
            continue
        doomed[el] = (name, text)
    for el, (rule, text) in doomed.items():
        report.add(rule, text, level="html", where=_describe(el))
        _remove(el)


def clean_tree(tree, site_rules: dict | None = None) -> CleaningReport:
    """Remove boilerplate elements from ``tree`` (an lxml element or element tree) in place.

    The outlet's ``remove`` / ``remove_xpath`` selectors go first and unconditionally (only ``<html>``/``<body>``
    are spared); then the generic patterns of ``rules/html.yaml``, guarded: never an ``<article>``/``<main>``,
    the element holding most paragraph text or its ancestors, an element with many long paragraphs, a link or
    span inside a paragraph, or anything under the outlet's ``keep`` selectors. Never raises on odd input.
    """
    report = CleaningReport()
    root = _root(tree)
    if root is None:
        return report
    site_rules = site_rules if isinstance(site_rules, dict) else {}
    try:
        rules = html_rules()
        for expression in rules.paywall_xpath:
            if _select_xpath(root, expression):
                report.mark_paywall("generic:content_tier")
        markers, remove = _as_list(site_rules.get("paywall_markers")), _as_list(site_rules.get("remove"))
        keep = _as_list(site_rules.get("keep"))
        generic = site_rules.get("generic", True)
        scan = None
        if generic and (markers or remove or keep) and root is root.getroottree().getroot():
            # One walk for the outlet's selectors and the generic patterns: the scan is taken before the outlet's
            # removals and forgets what they removed. Compound keep selectors are matched in it too (a kept element
            # the outlet's rules removed can no longer be, or hold, a candidate); structural ones (":first-child")
            # run after the removals, as they always did.
            matcher = _Selectors(root, markers + remove + keep, later=len(markers) + len(remove))
            scan = _Scan(root, rules, matcher)
            selected = matcher.found
        else:
            selected = _select_css_many(root, markers + remove)
        if any(selected[:len(markers)]):
            report.mark_paywall("site:paywall_markers")

        chosen: dict = {}
        for elements in selected[len(markers):len(markers) + len(remove)]:
            for el in elements:
                chosen.setdefault(el, "site:remove")
        for expression in _as_list(site_rules.get("remove_xpath")):
            for el in _select_xpath(root, expression):
                chosen.setdefault(el, "site:remove_xpath")
        chosen = {el: rule for el, rule in chosen.items() if el is not root and el.tag not in ("html", "body")}
        removed = []
        for el, rule in chosen.items():
            if any(a in chosen for a in el.iterancestors()):
                continue
            report.add(rule, _visible_text(el), level="html", where=_describe(el))
            if el.getparent() is not None:
                removed.append(el)
            _remove(el)

        if generic:
            if scan is not None:
                scan.forget(removed)
                matcher.finish(root)
                kept = selected[len(markers) + len(remove):]
            else:
                kept = _select_css_many(root, keep)
            _generic(root, rules, [el for elements in kept for el in elements], report, scan)
    except (ValueError, TypeError, etree.LxmlError) as exc:  # malformed trees or rules: degrade, never raise
        logger.warning("clean_tree stopped early: %s", exc)
    return report
