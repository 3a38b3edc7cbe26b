"""Level 1: remove boilerplate elements from the parsed page, before text extraction."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector

from newswatch.clean._report import CleaningReport
from newswatch.clean._rules import TEXT_LANGUAGES, HtmlRules, html_rules, language_rules, normalise, strip_edges

logger = logging.getLogger(__name__)

_TEXT_BLOCKS = frozenset({"p", "li", "dd", "td", "th", "blockquote", "h2", "h3", "h4", "h5", "h6", "figcaption"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_MIN_PARAGRAPH = 25
_LONG_PARAGRAPH = 80


@lru_cache(maxsize=8192)
def _words(value: str) -> str:
    """'SupportBanner__wrap' -> 'support-banner-wrap'."""
    return _SEPARATORS.sub("-", _CAMEL.sub("-", value).lower()).strip("-")


@lru_cache(maxsize=8192)
def _class_category(value: str):
    """Category of a class attribute (pages repeat the same class strings: cached)."""
    return html_rules().category(" ".join(_words(token) for token in value.split()))


@lru_cache(maxsize=8192)
def _value_category(value: str):
    return html_rules().category(_words(value[:200]))


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
_PAIR_CACHE_SIZE = 16384
_pair_categories: dict = {}  # (attribute name, value) -> category or None: pages repeat the same pairs


def _pair_category(name: str, value: str, rules: HtmlRules):
    pair = (name, value)
    category = _pair_categories.get(pair, _UNSEEN)
    if category is _UNSEEN:
        if len(_pair_categories) >= _PAIR_CACHE_SIZE:
            _pair_categories.clear()
        category = _pair_categories[pair] = _attribute_category(name, value, rules)
    return category


class _Scan:
    """One walk over every element of the document, collecting what the generic patterns need.

    ``candidates``: elements whose class/id/aria-label/data-* tokens match a category, in document order (the
    first matching attribute, in attribute order, decides); ``paragraphs``: every ``<p>``; ``anchors``: the story
    containers (``<article>``, ``<main>``, ``[itemprop=articleBody]``, ``[role=main|article]``), in document order.
    Reading attribute names (``keys()``) and only the values the patterns look at costs about half of an XPath
    selecting the same elements and reading their ``items()``.
    """

    def __init__(self, root, rules: HtmlRules):
        candidates: dict = {}
        self.candidates = candidates
        self.paragraphs: list = []
        self.anchors: list = []
        paragraph, anchors = self.paragraphs.append, self.anchors.append
        kinds, known = _attribute_kinds(rules.attributes), _pair_categories
        for element in root.getroottree().getroot().iter(etree.Element):
            tag = element.tag
            if tag == "p":
                paragraph(element)
            anchor = tag == "article" or tag == "main"
            matched = False
            for name in element.keys():  # noqa: SIM118 (iterating an element yields its children)
                kind = kinds.get(name)
                if kind is None:
                    kind = _attribute_kind(name, rules.attributes)
                if not kind:
                    continue
                if kind & _PATTERN and not matched:
                    value = element.get(name)
                    category = known.get((name, value), _UNSEEN)
                    if category is _UNSEEN:
                        category = _pair_category(name, value, rules)
                    if category is not None:
                        candidates[element] = category
                        matched = True
                if kind & (_ITEMPROP | _ROLE) and not anchor:
                    value = element.get(name)
                    anchor = value == "articleBody" if kind & _ITEMPROP else value in ("main", "article")
            if anchor:
                anchors(element)


# What the scan does with an attribute (bits): read it for the patterns, test it for a story anchor, or neither.
_PATTERN, _ITEMPROP, _ROLE = 1, 2, 4
_KINDS_SIZE = 4096


@lru_cache(maxsize=4)
def _attribute_kinds(attributes: tuple[str, ...]) -> dict:
    """Attribute name -> what the scan does with it; filled as names are met (pages use few distinct names)."""
    return {}


def _attribute_kind(name: str, attributes: tuple[str, ...]) -> int:
    kinds = _attribute_kinds(attributes)
    if len(kinds) >= _KINDS_SIZE:
        kinds.clear()
    kind = _PATTERN if name in attributes or name.startswith("data-") else 0
    kind |= {"itemprop": _ITEMPROP, "role": _ROLE}.get(name, 0)
    kinds[name] = kind
    return kind


_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
)


_HIDDEN_TAGS = ("script", "style", "noscript", "template")


def _has_link(el) -> bool:
    return next(el.iter("a"), None) is not None  # iter() yields el itself first


def _visible_text(el) -> str:
    """Whitespace-collapsed text of ``el`` without script/style content (an XPath: no Python recursion)."""
    if next(el.iter(*_HIDDEN_TAGS), None) is None and next(el.iterancestors(*_HIDDEN_TAGS), None) is None:
        # Nothing hidden in or around it (most elements): all its text, without the XPath's ancestor test per node.
        return " ".join(" ".join(el.itertext()).split())
    try:
        return " ".join(" ".join(_VISIBLE_TEXT(el)).split())
    except etree.XPathError:
        return ""


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


def _is_paywall_prompt(text: str) -> bool:
    norm = normalise(text)
    bare, words = strip_edges(norm), len(norm.split())
    return any(
        rule.matches(norm, bare, words)
        for lang in TEXT_LANGUAGES
        for rule in language_rules(lang).rules
        if rule.name.endswith(":paywall")
    )


def _text_length(p) -> int:
    """Characters of ``p``'s text, stripped (a childless paragraph's text is its ``.text``: no XPath)."""
    if len(p):
        return len(p.text_content().strip())
    return len(p.text.strip()) if p.text else 0


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


def _generic(root, rules: HtmlRules, keep: list, report: CleaningReport) -> None:
    scan = _Scan(root, rules)
    candidates = scan.candidates
    if not candidates:
        return
    guard = _Guard(root, rules, scan)
    kept = set(keep)
    doomed: dict = {}
    for el, category in candidates.items():
        # Candidates come in document order, so an element's ancestors are decided before it. One under a doomed
        # ancestor goes with it: only a paywall prompt's text is still read, for the marker.
        under_doomed = bool(doomed) and any(a in doomed for a in el.iterancestors())
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
        if category.paywall and _is_paywall_prompt(text):
            report.mark_paywall(category.name)
        if under_doomed or (category.max_chars is not None and len(text) > category.max_chars):
            continue
        doomed[el] = (category.name, text)
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
        for selector in _as_list(site_rules.get("paywall_markers")):
            if _select_css(root, selector):
                report.mark_paywall("site:paywall_markers")

        chosen: dict = {}
        for selector in _as_list(site_rules.get("remove")):
            for el in _select_css(root, selector):
                chosen.setdefault(el, "site:remove")
        for expression in _as_list(site_rules.get("remove_xpath")):
            for el in _select_xpath(root, expression):
                chosen.setdefault(el, "site:remove_xpath")
        chosen = {el: rule for el, rule in chosen.items() if el is not root and el.tag not in ("html", "body")}
        for el, rule in chosen.items():
            if any(a in chosen for a in el.iterancestors()):
                continue
            report.add(rule, _visible_text(el), level="html", where=_describe(el))
            _remove(el)

        if site_rules.get("generic", True):
            keep = []
            for selector in _as_list(site_rules.get("keep")):
                keep.extend(_select_css(root, selector))
            _generic(root, rules, keep, report)
    except (ValueError, TypeError, etree.LxmlError) as exc:  # malformed trees or rules: degrade, never raise
        logger.warning("clean_tree stopped early: %s", exc)
    return report
