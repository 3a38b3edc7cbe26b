"""Main text of an article page, built on trafilatura.

What we add on top of plain ``trafilatura.extract`` (each measured with bench/extraction.py, see
the figures in rules/body.yaml):

- ``fast=True`` and no comments: the comparison with readability/justext that trafilatura runs by
  default lowered F1 on our news benchmark (0.938 fast vs 0.927 full, without our other steps) and
  costs about a third more time; it only runs here when the fast pass comes back short, and then
  also without our pruning, in case a pruning rule hit the story;
- page furniture (embedded galleries, captions, dialogs) pruned before extraction, never the
  story's own container (``rules/body.yaml``: ``prune``);
- JSON-LD ``articleBody`` used when it is longer than what was extracted and consistent with it
  (pages rendered by JavaScript, teasers with the full text in structured data);
- interface lines ("Advertisement", "Share on Twitter") dropped and the tail cut at "You might
  also like"-type headings (``drop_lines``, ``stop_lines``); paragraphs separated by one blank line.

The tree is never modified: trafilatura works on its own copy. So the caller can extract metadata,
let the cleaning stage remove elements, and then call :func:`extract_body` on the same tree.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
import yaml

from newswatch.extract.normalize import clean_body, collapse_whitespace

logger = logging.getLogger(__name__)

_RULES = Path(__file__).resolve().parent / "rules" / "body.yaml"

SHORT_TEXT_CHARS = 400
"""A fast pass shorter than this triggers trafilatura's full cascade (readability/justext)."""
_ARTICLE_BODY_MIN_COVERAGE = 0.6
_WORD_RE = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    with open(_RULES, encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)
    rules["drop_lines"] = frozenset(collapse_whitespace(str(line)).casefold() for line in rules["drop_lines"])
    rules["stop_lines"] = frozenset(collapse_whitespace(str(line)).casefold() for line in rules["stop_lines"])
    return rules


MAX_PRUNED_SHARE = 0.5
"""A furniture selector that matches an element holding more than this share of the page's text
is ignored for that element."""

# An element that is or holds the story's own container or headline is never furniture, whatever
# its class says (<article class="story has-gallery">, <div class="gallery-page"><h1>...).
_STORY_TAGS = frozenset({"html", "body", "article", "main"})
_HOLDS_STORY = lxml.etree.XPath("boolean(.//article | .//main | .//*[@itemprop='articleBody'] | .//h1)")


@functools.lru_cache(maxsize=1)
def _prune_xpath() -> lxml.etree.XPath:
    return lxml.etree.XPath(" | ".join(str(expression) for expression in _rules()["prune"]))


def _furniture_paths(tree: lxml.html.HtmlElement) -> list[str]:
    """Absolute paths of page furniture to prune, found on the caller's tree without changing it.

    trafilatura prunes these paths on its own copy of the tree, before its own cleaning, so the
    paths still point at the same elements there.
    """
    try:
        matches = _prune_xpath()(tree)
    except lxml.etree.XPathError:
        return []
    if not matches:
        return []
    page_chars = len(tree.text_content()) or 1
    roottree = tree.getroottree()
    accepted: set = set()
    paths = []
    for element in matches:  # document order: ancestors come first
        if element.tag in _STORY_TAGS or any(ancestor in accepted for ancestor in element.iterancestors()):
            continue
        if _HOLDS_STORY(element) or len(element.text_content()) > MAX_PRUNED_SHARE * page_chars:
            continue
        accepted.add(element)
        paths.append(roottree.getpath(element))
    # trafilatura removes the paths one after another; positional steps (div[5]) of later siblings would
    # shift after an earlier removal, so remove from the end of the document backwards.
    return paths[::-1]


def _trafilatura(tree: lxml.html.HtmlElement, url: str | None, *, fast: bool, prune: list[str]) -> str:
    try:
        text = trafilatura.extract(
            tree,
            url=url,
            fast=fast,
            favor_recall=not fast,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            prune_xpath=prune or None,
        )
    except Exception:  # trafilatura is robust, but one odd page must not stop a crawl
        logger.exception("trafilatura failed on %s", url)
        return ""
    return text or ""


def _line_key(paragraph: str) -> str:
    return paragraph.removeprefix("- ").rstrip(":").casefold()


def _drop_interface_lines(text: str) -> str:
    """Drop interface lines; cut the tail at a "You might also like" heading in the second half."""
    rules = _rules()
    kept: list[str] = []
    seen_chars, total_chars = 0, len(text)
    for paragraph in text.split("\n\n"):
        key = _line_key(paragraph)
        if key in rules["stop_lines"] and seen_chars > total_chars / 2:
            break
        seen_chars += len(paragraph) + 2
        if key not in rules["drop_lines"]:
            kept.append(paragraph)
    return "\n\n".join(kept)


def _words(text: str) -> set[str]:
    return set(_WORD_RE.findall(text.casefold()))


_TAG_RE = re.compile(r"<[a-zA-Z/][^>]*>")
_BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "br", "tr", "section")


def article_body_text(value: str | None) -> str:
    """JSON-LD ``articleBody`` as text; some sites put HTML in it, which becomes paragraphs here."""
    if not value or not isinstance(value, str):
        return ""
    if not _TAG_RE.search(value):
        return clean_body(value, decode=True)
    try:
        fragment = lxml.html.fragment_fromstring(value, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return clean_body(_TAG_RE.sub(" ", value), decode=True)
    for bad in fragment.xpath(".//script|.//style|.//figure|.//figcaption"):
        bad.drop_tree()
    for element in fragment.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n\n" + (element.text or "")
    return clean_body(fragment.text_content())


def _prefer_article_body(extracted: str, article_body: str | None) -> bool:
    """Use JSON-LD ``articleBody`` when it is longer and says what the page says."""
    if not article_body or len(article_body) <= len(extracted) * 1.2:
        return False
    if not extracted:
        return True
    words = _words(extracted)
    if not words:
        return True
    return len(words & _words(article_body)) / len(words) >= _ARTICLE_BODY_MIN_COVERAGE


def extract_body(tree: lxml.html.HtmlElement, url: str | None = None, *, article_body: str | None = None) -> str:
    """Main text of the page: paragraphs separated by one blank line; ``""`` when there is none.

    ``article_body`` is the JSON-LD ``articleBody`` when the caller has it (see
    :func:`newswatch.extract.extract_metadata`); it is used only when it is longer than the
    extracted text and consistent with it. Never raises.
    """
    try:
        text = ""
        # An empty page needs no extractor; the first non-blank text node settles it (no page-long string).
        if any(text.strip() for text in tree.itertext()):
            prune = _furniture_paths(tree)
            text = clean_body(_trafilatura(tree, url, fast=True, prune=prune))
            if len(text) < SHORT_TEXT_CHARS:
                # Little text: trafilatura's full cascade, and no pruning in case a rule hit the story.
                for fast, paths in ((False, prune), (True, []), (False, [])) if prune else ((False, []),):
                    fuller = clean_body(_trafilatura(tree, url, fast=fast, prune=paths))
                    if len(fuller) > len(text):
                        text = fuller
                    if len(text) >= SHORT_TEXT_CHARS:
                        break
        article_text = article_body_text(article_body)
        if _prefer_article_body(text, article_text):
            text = article_text
        return _drop_interface_lines(text)
    except Exception:
        logger.exception("body extraction failed for %s", url)
        return ""
