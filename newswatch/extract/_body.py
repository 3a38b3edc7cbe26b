"""Main text of an article page, built on trafilatura.

What we add on top of plain ``trafilatura.extract`` (each measured with bench/extraction.py, see
the figures in rules/body.yaml):

- ``fast=True`` and no comments: the comparison with readability/justext that trafilatura runs by
  default lowered F1 on our news benchmark (0.938 fast vs 0.927 full, without our other steps) and
  costs about a third more time; it only runs here when the fast pass comes back short, and then
  also without our pruning, in case a pruning rule hit the story (unless the pruned pass already told a story and
  the unpruned one only adds lines of the pruned furniture: a brief's comments, related list, tag cloud);
- page furniture (embedded galleries, captions, dialogs, social-media embeds, short video players) pruned before
  extraction, never the story's own container (``rules/body.yaml``: ``prune``, ``prune_if_short``);
- pages laid out in <table>s: trafilatura reads a copy whose layout tables are <div>s (``layout_tables``);
- JSON-LD ``articleBody`` used when it is longer than what was extracted and consistent with it
  (pages rendered by JavaScript, teasers with the full text in structured data), and a JavaScript app's
  story (``__NEXT_DATA__``, ``Fusion.globalContent``: see ``_appstate.py``) when the page is a thin shell;
- furniture lines dropped by their shape (``drop_patterns``): «Читайте також: <headline>», photo, editing and
  wire credits, copyright notices, audio-player and print-edition lines, date lines, view counts;
- inline promos pruned (``inline_promo``): a paragraph that is one link to another page of the same site, shaped as
  a headline (capitals, or no sentence end), between the story's paragraphs;
- update and correction notes that trafilatura discarded with their box (``note_words``) put back;
- interface lines ("Advertisement", "Share on Twitter") dropped and the tail cut at "You might
  also like"-type headings (``drop_lines``, ``stop_lines``); an inline «Читайте также» box heading
  (``inline_stop_lines``) ends the text only when no story sentence follows, else only the box goes;
  paragraphs separated by one blank line, trafilatura's lines kept apart even when an embed leaves
  a whitespace-only line among them;
- the standfirst: when the page shows its description as its own block right after the <h1> and the
  extractor left it out, it is put back at the start;
- lists: when trafilatura finds no container it knows (BEM classes such as ``post__text``) it drops
  lists; a plain-text list right after one of the story's paragraphs that is missing from the text
  triggers one more pass with ``favor_recall``; the subheads it skips then are put back between their
  sibling paragraphs;
- live pages whose posts are sibling <article>s: trafilatura stops at the first; when the text holds some posts
  and not others, each post is read on its own and the posts make the text;
- JSON-LD ``articleBody`` written one line a paragraph keeps its paragraphs; a word or two over the headline and
  standfirst at the text's start (a rubric, the article's type) goes; comment threads opened by a "Comments"
  heading are pruned (``comment_headings``);
- summary boxes over the story ("Summary", "Here's what to know:", «Коротко», «Главное») pruned (``summary_boxes``);
  a standfirst that is the description lightly edited is put back like an exact one; a long read's chapter title
  that opens its own <section> is a subhead; a JavaScript shell's <noscript> story is found inside the app's root
  and shell <div>s too;
- a fact-check's claim and verdict boxes beside the text's container put back before the story (a page declaring a
  ``ClaimReview``: ``fact_check_boxes``); purchase links' boxes ("Buy photo") pruned with the other furniture.

Measured on the unseen-outlet fixtures (bench/extract_unseen.py) and kept neutral on bench/extraction.py.

The tree is never modified: trafilatura works on its own copy (or on a copy of ours). So the caller can extract
metadata, let the cleaning stage remove elements, and then call :func:`extract_body` on the same tree.
"""

from __future__ import annotations

import functools
import logging
import re
from copy import deepcopy
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura
import yaml

from newswatch.extract._appstate import app_state_body
from newswatch.extract._html import elements_after
from newswatch.extract._metadata import _jsonld_scripts
from newswatch.extract._pagetext import page_measure
from newswatch.extract._xpathguard import class_id_gate, page_class_id_text, share_class_values
from newswatch.extract.normalize import clean_body, collapse_whitespace

logger = logging.getLogger(__name__)

_RULES = Path(__file__).resolve().parent / "rules" / "body.yaml"

SHORT_TEXT_CHARS = 400
"""A fast pass shorter than this triggers trafilatura's full cascade (readability/justext)."""
_ARTICLE_BODY_MIN_COVERAGE = 0.6
_MAX_RECALL_GROWTH = 1.5  # a recall pass that finds a lost list may add little else
_SHELL_GROWTH = 3  # a short extraction (a shell's menu) gives way to a structured story this many times longer
_WORD_RE = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    with open(_RULES, encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)
    rules["drop_lines"] = frozenset(collapse_whitespace(str(line)).casefold() for line in rules["drop_lines"])
    for key in ("stop_lines", "inline_stop_lines"):
        rules[key] = frozenset(collapse_whitespace(str(line)).casefold() for line in rules[key])
    rules["footnote_backlinks"] = tuple(rules["footnote_backlinks"])
    rules["caption_labels"]["labels"] = frozenset(str(label).casefold() for label in rules["caption_labels"]["labels"])
    summary = rules["summary_boxes"]
    summary["labels"] = frozenset(collapse_whitespace(str(label)).casefold() for label in summary["labels"])
    summary["label_tail"] = re.compile(summary["label_tail"], re.X)
    summary["label_chars"] = max(len(label) for label in summary["labels"]) + 30  # a colon, a reading time, an author
    rules["drop_patterns"] = {name: re.compile(pattern, re.X) for name, pattern in rules["drop_patterns"].items()}
    rules["value_labels"]["labels"] = frozenset(str(label).casefold() for label in rules["value_labels"]["labels"])
    rules["teaser_tail"]["line"] = re.compile(rules["teaser_tail"]["line"], re.X)
    # The patterns that drop the paragraph they match, as one regex: one match call per paragraph, not one each
    # (each alternative closed on a line of its own, so a verbose-mode comment cannot swallow the next one).
    rules["drop_any"] = re.compile("|".join(f"(?:{pattern.pattern}\n)" for name, pattern in
                                            rules["drop_patterns"].items() if name not in _CONTEXT_PATTERNS), re.X)
    short = rules["prune_if_short"]
    short["class_re"] = re.compile("|".join(re.escape(word) for word in short["class_words"]))
    words = "|".join(re.escape(word) for word in sorted(rules["note_words"], key=len, reverse=True))
    rules["note_word"] = re.compile(rf"\s*(?i:{words})\b")
    rules["note_start"] = re.compile(rf"(?i:{words})\b[^.!?:]{{0,60}}:\s*\S")
    facts = rules["fact_check_boxes"]
    facts["xpath"] = lxml.etree.XPath(facts["class_xpath"])
    facts["skip_re"] = re.compile("|".join(re.escape(word) for word in facts["skip_class_words"]), re.I)
    essay = rules["essay_captions"]
    essay["credit_re"] = re.compile("|".join(re.escape(word) for word in essay["credit_class_words"]), re.I)
    rules["prune_gated"] = [(gated["class_word"], lxml.etree.XPath(gated["xpath"])) for gated in rules["prune_gated"]]
    rules["prune_classes"] = _ClassTest(rules["prune_classes"])
    quoted = rules["quoted_posts"]
    quoted["xpath"] = lxml.etree.XPath(quoted["xpath"])
    quoted["media_link"] = re.compile(quoted["media_link"])
    accordion = rules["accordion_questions"]
    accordion["xpath"] = lxml.etree.XPath(accordion["xpath"])
    rules["layout_table_xpath"] = lxml.etree.XPath(rules["layout_table_xpath"])
    rules["layout_tables"] = lxml.etree.XPath(rules["layout_tables"])
    return rules


MAX_PRUNED_SHARE = 0.5
"""A furniture selector that matches an element holding more than this share of the page's text
is ignored for that element."""

# An element that is or holds the story's own container or headline is never furniture, whatever
# its class says (<article class="story has-gallery">, <div class="gallery-page"><h1>...).
_STORY_TAGS = frozenset({"html", "body", "article", "main"})
_HOLDS_STORY = lxml.etree.XPath("boolean(.//article | .//main | .//*[@itemprop='articleBody'] | .//h1)")


def _comment_headings_xpath(headings: list[str]) -> str:
    """The comment boxes that a heading from ``headings`` opens (``rules/body.yaml``: ``comment_headings``)."""
    said = " or ".join(f"normalize-space(.)='{heading}'" for heading in headings if "'" not in heading)
    return f"(//h2 | //h3 | //h4)[not(preceding-sibling::*)][{said}]/.."


@functools.lru_cache(maxsize=1)
def _prune_xpath() -> lxml.etree.XPath:
    """``prune``'s expressions and the elements :func:`_class_furniture` found (``$classes``), as one node-set in
    document order."""
    comments = _comment_headings_xpath(_rules()["comment_headings"])
    return lxml.etree.XPath(" | ".join(["$classes", *(str(expression).replace("{comment_headings}", comments)
                                                      for expression in _rules()["prune"])]))


class _ClassTest:
    """``prune_classes`` (rules/body.yaml): whether a class value marks furniture, or a note mark if short."""

    NO, FURNITURE, MARK = 0, 1, 2

    def __init__(self, rules: dict[str, Any]):
        words = [re.escape(str(word)) for word in rules["contains"]]
        self._contains = re.compile("|".join(words) if words else "(?!)")
        self._unless = [(str(word), tuple(map(str, others))) for word, others in rules["contains_unless"].items()]
        self._starts = tuple(map(str, rules["starts_with"]))
        self._equals = frozenset(map(str, rules["equals"]))
        marks = rules["marks"]
        self.mark_tags = frozenset(map(str, marks["tags"]))
        self._mark_words = tuple(map(str, marks["contains"]))
        self.mark_chars = int(marks["max_chars"])

    def verdict(self, value: str) -> int:
        if (self._contains.search(value) or value.startswith(self._starts) or value in self._equals
                or any(word in value and not any(other in value for other in exceptions)
                       for word, exceptions in self._unless)):
            return self.FURNITURE
        return self.MARK if any(word in value for word in self._mark_words) else self.NO


_CLASS_ATTRIBUTES = lxml.etree.XPath("//@class")
_NORMALIZED_LENGTH = lxml.etree.XPath("string-length(normalize-space(.))")


def _class_furniture(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The elements ``prune_classes`` marks, in document order: one walk of the page's class attributes, each distinct
    value tested once (a page has ~300 class attributes, ~115 distinct values)."""
    test = _rules()["prune_classes"]
    verdicts: dict[str, int] = {}
    found = []
    values = _CLASS_ATTRIBUTES(tree)
    share_class_values(tree, values)
    for value in values:
        verdict = verdicts.get(value)
        if verdict is None:
            verdict = verdicts[value] = test.verdict(value)
        if verdict == _ClassTest.FURNITURE:
            found.append(value.getparent())
        elif verdict == _ClassTest.MARK:
            element = value.getparent()
            if element.tag in test.mark_tags and _NORMALIZED_LENGTH(element) < test.mark_chars:
                found.append(element)
    return found


# A paragraph holding exactly one link: the candidates for an inline promo, checked in Python (few per page).
_ONE_LINK_PARAGRAPHS = lxml.etree.XPath("/descendant::p[.//a[@href]][not(.//a[2])]")
_QUOTES = "\"'»”’)]"


def _site(host: str) -> str:
    return host.casefold().removeprefix("www.")


def _inline_promos(tree: lxml.html.HtmlElement, url: str | None) -> list[lxml.html.HtmlElement]:
    """Paragraphs that are a single link to another page of the same site, shaped as a headline, between the
    story's paragraphs (``rules/body.yaml``: ``inline_promo``)."""
    rules = _rules()["inline_promo"]
    page = urlsplit(url or "")
    promos = []
    for paragraph in _ONE_LINK_PARAGRAPHS(tree):
        link = paragraph.find(".//a[@href]")
        text = collapse_whitespace(paragraph.text_content())
        if link is None or len(text) > rules["max_chars"] or len(text.split()) < rules["min_words"]:
            continue
        if collapse_whitespace(link.text_content()) != text:
            continue  # the paragraph's own words around the link
        target = urlsplit(link.get("href", "").strip())
        if target.scheme not in ("", "http", "https") or not target.path.strip("/"):
            continue
        if target.netloc and _site(target.netloc) != _site(page.netloc):
            continue  # another site: a source the story cites
        if not target.netloc and not target.path.startswith("/"):
            continue
        if target.path.rstrip("/") == page.path.rstrip("/") and (target.netloc or page.netloc):
            continue
        letters = _LETTER_RE.findall(text)
        shouting = bool(letters) and not any(ch.islower() for ch in letters)
        if not shouting and text.rstrip(_QUOTES)[-1:] in rules["sentence_end"]:
            continue
        parent = paragraph.getparent()
        if parent is None:
            continue
        story = sum(1 for sibling in parent.iterchildren("p")
                    if sibling is not paragraph and _SENTENCE_RE.match(collapse_whitespace(sibling.text_content())))
        if story >= rules["story_paragraphs"]:
            promos.append(paragraph)
    return promos


# Where a summary box's label can be: a heading, or a <div>/<p>/<span> label, or a <strong> alone in its <p>
_SUMMARY_LABEL_TAGS = ("h2", "h3", "h4", "h5", "div", "p", "span", "strong", "b")
_SUMMARY_ITEMS = lxml.etree.XPath("count(.//li | .//p)")


def _summary_label(element: lxml.html.HtmlElement, rules: dict[str, Any]) -> bool:
    own = element.text  # the label is one text node: its own text says it all, no text_content() of each element
    if not own or len(own) > rules["label_chars"] or len(element):
        return False
    said = " ".join(own.split()).rstrip(":：").rstrip().casefold()
    return (said in rules["labels"] or rules["label_tail"].sub("", said) in rules["labels"]) \
        and element.getprevious() is None


# (unseen8) Found in the same walk: an <address> (the byline or contact box of the page or of its article, never story
# text: telegraph_iv's author inside the article) and a footnote mark without a class, a <sup> that is one in-page link
# of a few characters ("ground.”<sup><a href="#fn1">1</a></sup>": carnegie_notes), whose digit would be glued to the
# story's word. Classed marks go by `prune`'s class test.
_MARK_TAGS = ("sup", "address")
_LIST_TAGS = ("ul",)
_MARK_MAX_CHARS = 4


def _mark(element: lxml.html.HtmlElement) -> bool:
    if element.tag == "address":
        return True
    link = element.find("a")
    return link is not None and link.get("href", "").startswith("#") \
        and len(element.text_content().strip()) <= _MARK_MAX_CHARS


def _headline_bullets(element: lxml.html.HtmlElement, rules: dict[str, Any]) -> bool:
    """A short list right after the <h1>, its sibling: the story summed up in bullets (``summary_boxes``)."""
    previous = element.getprevious()
    if previous is None or previous.tag != "h1" or (previous.tail and previous.tail.strip()):
        return False
    items = [collapse_whitespace(item.text_content()) for item in element.iterchildren("li")]
    return rules["min_items"] <= len(items) <= rules["max_items"] and len(items) == len(element) \
        and all(0 < len(item) <= rules["bullet_max_chars"] for item in items) \
        and sum(map(len, items)) <= rules["max_chars"]


def _summary_boxes(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Small boxes over the story that a summary label opens ("Summary", "Here's what to know:", «Коротко»,
    «Главное»): the label is the box's first child, the rest a short list or a few paragraphs (``rules/body.yaml``:
    ``summary_boxes``); and, in the same walk, addresses and unclassed footnote marks (``_mark``)."""
    rules = _rules()["summary_boxes"]
    boxes = []
    for label in tree.iter(*_SUMMARY_LABEL_TAGS, *_MARK_TAGS, *_LIST_TAGS):  # a tag walk in C; most fail at once
        if label.tag in _MARK_TAGS:
            if _mark(label):
                boxes.append(label)
            continue
        if label.tag in _LIST_TAGS:
            if _headline_bullets(label, rules):
                boxes.append(label)
            continue
        if not _summary_label(label, rules):
            continue
        words = collapse_whitespace(label.text_content())
        box = label.getparent()
        # a label wrapped alone in its own element (<p><strong>Коротко</strong></p>): the wrapper is the label
        while box is not None and box.getprevious() is None and collapse_whitespace(box.text_content()) == words:
            box = box.getparent()
        if box is None or box.tag in _STORY_TAGS or (box.text and box.text.strip()):
            continue
        if len(collapse_whitespace(box.text_content())) > rules["max_chars"]:
            continue
        if rules["min_items"] <= _SUMMARY_ITEMS(box) <= rules["max_items"]:
            boxes.append(box)
    return boxes


def _document_position(element: lxml.html.HtmlElement) -> list[int]:
    position = []
    while (parent := element.getparent()) is not None:
        position.append(parent.index(element))
        element = parent
    return position[::-1]


def _furniture_paths(tree: lxml.html.HtmlElement, url: str | None = None) -> list[str]:
    """Absolute paths of page furniture to prune, found on the caller's tree without changing it.

    trafilatura prunes these paths on its own copy of the tree, before its own cleaning, so the
    paths still point at the same elements there.
    """
    try:
        matches = _prune_xpath()(tree, classes=_class_furniture(tree))
        promos = _inline_promos(tree, url) + _summary_boxes(tree)
        values = page_class_id_text()  # None outside class_id_gate: then every gated XPath runs
        promos += [element for word, xpath in _rules()["prune_gated"] if values is None or word in values
                   for element in xpath(tree)]
    except lxml.etree.XPathError:
        return []
    if promos:
        matches = sorted({*matches, *promos}, key=_document_position)
    if not matches:
        return []
    page_chars = len(tree.text_content()) or 1
    short = _rules()["prune_if_short"]
    roottree = tree.getroottree()
    accepted: set = set()
    paths = []
    for element in matches:  # document order: ancestors come first
        if element.tag in _STORY_TAGS or any(ancestor in accepted for ancestor in element.iterancestors()):
            continue
        chars = len(element.text_content())
        if _HOLDS_STORY(element) or chars > MAX_PRUNED_SHARE * page_chars:
            continue
        if chars > short["max_chars"] and short["class_re"].search(element.get("class") or ""):
            continue  # a story that holds a video, not a player
        accepted.add(element)
        paths.append(roottree.getpath(element))
    # trafilatura removes the paths one after another; positional steps (div[5]) of later siblings would
    # shift after an earlier removal, so remove from the end of the document backwards.
    return paths[::-1]


def _paragraphs(text: str) -> str:
    """trafilatura's output (one paragraph a line) as paragraphs separated by one blank line.

    Its lines are paragraphs even when a whitespace-only line slips in (the indented text of an embed):
    :func:`clean_body` would take such a line for a paragraph break and join all the other lines.
    """
    return clean_body("\n".join(line for line in text.split("\n") if line.strip()))


def _trafilatura(tree: lxml.html.HtmlElement, url: str | None, *, fast: bool, prune: list[str],
                 recall: bool | None = None) -> str:
    try:
        with page_measure():  # trafilatura's recall gate measures the page the cheap way (same length)
            text = trafilatura.extract(
                tree,
                url=url,
                fast=fast,
                favor_recall=not fast if recall is None else recall,
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


_VARIATION_SELECTORS = "\ufe0e\ufe0f"  # "↩︎" is the arrow and VS15 (text style)
_MAX_BOX_LINKS = 3  # the headlines (not sentences) right after an inline "Читайте также" box heading
_MAX_BOX_LINK_CHARS = 160
# A story sentence: several words and a full stop, question or exclamation mark at the end (a quote's
# closing mark may follow). Headlines of other stories in a "Read also" box rarely end so.
_SENTENCE_RE = re.compile(r"\S+(?:\s+\S+){7,}.*[.!?…][\"'»”’)]*$")


def _drop_interface_lines(text: str) -> str:
    """Drop interface lines; cut the tail at a "You might also like" heading in the second half (at an
    inline-box heading such as "Читайте также" only when no story sentence follows it)."""
    rules = _rules()
    paragraphs = text.split("\n\n")
    kept: list[str] = []
    seen_chars, total_chars = 0, len(text)
    box_links = 0  # headlines of the inline box just opened, still to drop
    captions, values = rules["caption_labels"], rules["value_labels"]
    caption_next = False  # a bare caption label ("Left:") was just dropped: its caption follows
    value_next = False  # a bare property label («Теги:») was just dropped: its value follows
    backlinks = rules["footnote_backlinks"]
    for index, paragraph in enumerate(paragraphs):
        if paragraph.rstrip(_VARIATION_SELECTORS).endswith(backlinks):
            paragraph = paragraph.rstrip(_VARIATION_SELECTORS + "".join(backlinks) + " ")
        paragraph = _without_box_tail(paragraph, rules["drop_patterns"])
        key = _line_key(paragraph)
        if seen_chars > total_chars / 2 and (key in rules["stop_lines"] or (
                key in rules["inline_stop_lines"]
                and not any(_SENTENCE_RE.match(rest) for rest in paragraphs[index + 1 :]))):
            break
        seen_chars += len(paragraph) + 2
        if caption_next:
            caption_next = False
            if len(paragraph) <= captions["max_chars"]:
                continue
        if value_next:
            value_next = False
            if len(paragraph) <= values["max_chars"] and not _SENTENCE_RE.match(paragraph):
                continue
        if paragraph.endswith(":") and key in captions["labels"]:
            caption_next = True
            continue
        if paragraph.endswith(":") and key in values["labels"]:
            value_next = True
            continue
        if box_links and len(paragraph) <= _MAX_BOX_LINK_CHARS and not _SENTENCE_RE.match(paragraph):
            box_links -= 1
            continue
        pointer = rules["drop_patterns"]["more_pointer"].match(paragraph) is not None
        box_links = _MAX_BOX_LINKS if pointer or key in rules["inline_stop_lines"] else 0
        if _RULE_ROW_RE.match(paragraph) and not (kept and kept[-1].startswith("|")):
            continue  # a table's header rule whose header row went (a pager's "| < Prev | | Next > |")
        if not pointer and key not in rules["drop_lines"] and not _furniture_line(paragraph, rules):
            kept.append(paragraph)
    return "\n\n".join(_without_teaser_tail(kept, rules["teaser_tail"]))


def _without_box_tail(paragraph: str, patterns: dict[str, re.Pattern]) -> str:
    """A story paragraph without the «Читайте також: <headline>» link its template put after its last sentence
    (``drop_patterns``: ``box_tail``); the paragraph as it is when what follows the label is a sentence."""
    tail = patterns["box_tail"].search(paragraph)
    if tail is None:
        return paragraph
    box = patterns["box_line"].match(paragraph[tail.end():])
    if box is None or _SENTENCE_RE.match(box.group("rest")):
        return paragraph
    return paragraph[: tail.end()].rstrip()


def _without_teaser_tail(paragraphs: list[str], rules: dict[str, Any]) -> list[str]:
    """``paragraphs`` without a closing list of other stories' dated teasers (``rules/body.yaml``:
    ``teaser_tail``)."""
    line = rules["line"]
    half = len(paragraphs) // 2
    for start in range(half, len(paragraphs)):
        if not line.match(paragraphs[start]):
            continue
        rest = paragraphs[start:]
        teasers = sum(1 for p in rest if line.match(p))
        if teasers >= rules["min_items"] and all(line.match(p) or len(p) <= rules["max_chars"] for p in rest):
            return paragraphs[:start]
        break
    return paragraphs


_RULE_ROW_RE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")


_LETTER_RE = re.compile(r"[^\W\d_]")
# drop_patterns that need more than a match (the others drop the paragraph they match: credits, copyright,
# player and print-edition lines)
_CONTEXT_PATTERNS = frozenset({"box_line", "box_tail", "dateline", "dateline_year", "more_pointer", "credit_tail"})


def _furniture_line(paragraph: str, rules: dict[str, Any]) -> bool:
    """A paragraph that is page furniture by its shape: no letter at all (a view count "2143", "1 / 12"; not a
    table row), a "Read also: <headline>" line, a photo or editing credit, a copyright notice, an audio player's or
    a print-edition line, or a date line."""
    if not _LETTER_RE.search(paragraph):
        return not paragraph.startswith("|")
    patterns = rules["drop_patterns"]
    box = patterns["box_line"].match(paragraph)
    if box and not _SENTENCE_RE.match(box.group("rest")):
        return True
    if rules["drop_any"].match(paragraph):
        return True
    if len(paragraph) <= rules["credit_tail_chars"] and ("©" in paragraph or "(" in paragraph) \
            and patterns["credit_tail"].match(paragraph):
        return True
    return (len(paragraph.split()) <= rules["dateline_words"] and patterns["dateline"].search(paragraph) is not None
            and patterns["dateline_year"].search(paragraph) is not None)


def _words(text: str) -> set[str]:
    return set(_WORD_RE.findall(text.casefold()))


_TAG_RE = re.compile(r"<[a-zA-Z/][^>]*>")
_BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "br", "tr", "section")


def article_body_text(value: str | None) -> str:
    """JSON-LD ``articleBody`` as text; some sites put HTML in it, which becomes paragraphs here."""
    if not value or not isinstance(value, str):
        return ""
    if not _TAG_RE.search(value):
        if "\n\n" not in value.replace("\r", ""):  # one line a paragraph, as CMSes write articleBody
            value = re.sub(r"\s*\n\s*", "\n\n", value.replace("\r", ""))
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
    """Use JSON-LD ``articleBody`` (or the app state's story) when it is longer and says what the page says, or
    when the page itself has next to nothing."""
    if not article_body or len(article_body) <= len(extracted) * 1.2:
        return False
    if not extracted or (len(extracted) < SHORT_TEXT_CHARS
                         and len(article_body) >= max(_SHELL_GROWTH * len(extracted), SHORT_TEXT_CHARS / 2)):
        return True  # a thin shell (a cookie notice, a menu) against a whole story: nothing to be consistent with
    words = _words(extracted)
    if not words:
        return True
    return len(words & _words(article_body)) / len(words) >= _ARTICLE_BODY_MIN_COVERAGE


def _same_story_in_paragraphs(extracted: str, article_body: str) -> bool:
    """True when JSON-LD ``articleBody`` says word for word what was extracted, in more paragraphs: trafilatura's own
    fallback to it joins its lines into one."""
    if not article_body or article_body.count("\n\n") <= extracted.count("\n\n"):
        return False
    if abs(len(article_body) - len(extracted)) > 0.05 * len(extracted):
        return False
    return _WORD_RE.findall(article_body.casefold()) == _WORD_RE.findall(extracted.casefold())


_DESCRIPTION_XPATH = lxml.etree.XPath(
    "meta[@property='og:description' or @name='description' or @name='twitter:description']/@content")
_STANDFIRST_MIN_WORDS = 5
_STANDFIRST_SCAN = 40
_TRUNCATED = ("...", "…")
# Where a description is not the page's standfirst: links, lists, captions, asides, navigation.
_NOT_STANDFIRST = frozenset({"a", "li", "nav", "footer", "aside", "figure", "figcaption", "script", "style",
                             "noscript", "template", "textarea"})


def _with_standfirst(tree: lxml.html.HtmlElement, text: str) -> str:
    """``text`` with the standfirst the extractor left out (see :func:`_standfirst`) at its start, after
    the headline when the text starts with it."""
    standfirst = _standfirst(tree, text)
    if not standfirst:
        return text
    first, _, rest = text.partition("\n\n")
    headline = next(tree.iter("h1"), None)
    if rest and headline is not None and collapse_whitespace(headline.text_content()) == first:
        return f"{first}\n\n{standfirst}\n\n{rest}"
    return f"{standfirst}\n\n{text}"


_LABEL_MAX_WORDS = 2


def _without_standfirst_label(tree: lxml.html.HtmlElement, text: str) -> str:
    """``text`` without the label over its standfirst: a word or two opening the text («Политика», "Commentary": a
    rubric or the article's type printed above the headline) right before the page's description (or before the
    headline and then the description)."""
    first, _, rest = text.partition("\n\n")
    if not rest or len(first.split()) > _LABEL_MAX_WORDS or not _LETTER_RE.search(first) \
            or any(not (ch.isalpha() or ch in " -'’") for ch in first):
        return text
    head = tree.find("head")
    descriptions = _DESCRIPTION_XPATH(head) if head is not None else []
    lead, _, after = rest.partition("\n\n")
    headline = next(tree.iter("h1"), None)
    if headline is not None and lead == collapse_whitespace(headline.text_content()):  # the label, the headline
        lead = after.partition("\n\n")[0]
    return rest if any(collapse_whitespace(d) == lead for d in descriptions) else text


def _standfirst(tree: lxml.html.HtmlElement, text: str) -> str | None:
    """The standfirst that the extractor left out: the page's description (``og:description`` /
    ``description``) when an element right after the headline says exactly that (a lead under the
    <h1>) and the extracted text does not already hold it."""
    if not text:
        return None
    head = tree.find("head")
    descriptions = _DESCRIPTION_XPATH(head) if head is not None else []
    description = collapse_whitespace(descriptions[0]) if descriptions else ""
    if len(description.split()) < _STANDFIRST_MIN_WORDS or description.endswith(_TRUNCATED):
        return None
    if description in text:  # both whitespace-collapsed
        return None
    # (Joomla and K2 templates print the headline in an <h2>)
    headline = next(tree.iter("h1"), None)
    headline = next(tree.iter("h2"), None) if headline is None else headline
    prefix = description[:20]
    for element in elements_after(headline, _STANDFIRST_SCAN):
        own = element.text
        if not own or collapse_whitespace(own[:40])[:20] != prefix:
            continue
        shown = collapse_whitespace(element.text_content())
        # (not a lead of which the description is a cut: tests/test_extract_unseen4.py keeps that one out)
        if shown != description and not _edited_description(shown, description):
            continue
        if element.tag in _NOT_STANDFIRST or any(a.tag in _NOT_STANDFIRST for a in element.iterancestors()):
            return None
        return None if shown in text else shown
    return None


_EDITED_SHARE = 0.8


def _edited_description(shown: str, description: str) -> bool:
    """True when the lead the page shows is its description edited a little (a title dropped, a word changed: RT's
    "…, Dmitry Peskov has said" under a description saying "…, Kremlin spokesman Dmitry Peskov has said"): the same
    opening, and most of the words of each in the other."""
    shown_words, described = _words(shown), _words(description)
    if not shown_words or not described:
        return False
    common = len(shown_words & described)
    return common >= _EDITED_SHARE * len(shown_words) and common >= _EDITED_SHARE * len(described)


_KEY_CHARS = 40
_MIN_KEY_CHARS = 15
_NOT_STORY = frozenset({"nav", "aside", "footer", "header"})


def _key(element: lxml.html.HtmlElement) -> str:
    return collapse_whitespace(element.text_content())[:_KEY_CHARS].casefold()


def _lost_list(tree: lxml.html.HtmlElement, text: str) -> bool:
    """True when a list of plain text (links would make it related stories) right after one of the
    story's paragraphs is missing from the extracted text.

    When trafilatura finds no container it knows (BEM classes such as ``post__text`` match none of its
    patterns), it collects the page's paragraphs one by one and, unless asked for recall, skips lists.
    """
    folded = text.casefold()
    for items in tree.iter("ul", "ol"):  # a tag walk in C; the checks below run on few lists
        paragraph = items.getprevious()
        if paragraph is None or paragraph.tag != "p":
            continue
        first = items.find("li")
        if first is None:
            continue
        key = _key(first)
        if len(key) < _MIN_KEY_CHARS or key in folded:
            continue
        near = _key(paragraph)
        if len(near) < _MIN_KEY_CHARS or near not in folded or items.find(".//a") is not None:
            continue
        if not any(ancestor.tag in _NOT_STORY for ancestor in items.iterancestors()):
            return True
    return False


_PREVIOUS_PARAGRAPH = lxml.etree.XPath("preceding::p[1]")


def _with_notes(tree: lxml.html.HtmlElement, text: str) -> str:
    """``text`` with the update and correction notes the extractor dropped (``rules/body.yaml``: ``note_start``)
    put back after the story paragraph that precedes them on the page."""
    if not text:
        return text
    rules = _rules()
    paragraphs = text.split("\n\n")
    for element in tree.iter("p"):  # a tag walk in C; only a paragraph starting with a note word is read whole
        head = element.text if element.text and element.text.strip() else (element[0].text if len(element) else "")
        if not head or not rules["note_word"].match(head):
            continue
        if not rules["note_start"].match(collapse_whitespace(element.text_content()[:120])):
            continue
        note = collapse_whitespace(element.text_content())
        if note in text or any(ancestor.tag in _NOT_STORY for ancestor in element.iterancestors()):
            continue
        previous = _PREVIOUS_PARAGRAPH(element)
        key = _key(previous[0]) if previous else ""
        if len(key) < _MIN_KEY_CHARS:
            continue
        at = next((i for i, p in enumerate(paragraphs) if p.casefold().startswith(key)), None)
        if at is not None:
            paragraphs.insert(at + 1, note)
    return "\n\n".join(paragraphs)


_SUBHEAD_MAX_CHARS = 120


def _caption_text(caption: lxml.html.HtmlElement, credit_re: re.Pattern) -> str:
    """A caption's words without its credit and counter elements (their tails are the caption's)."""
    parts: list[str] = []

    def walk(element: lxml.html.HtmlElement) -> None:
        if element is not caption and credit_re.search(element.get("class") or ""):
            return
        parts.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")

    walk(caption)
    return collapse_whitespace(" ".join(parts))


def _with_essay_captions(tree: lxml.html.HtmlElement, text: str) -> str:
    """``text`` with a photo essay's captions after it, when they carry more of the story than it does
    (``rules/body.yaml``: ``essay_captions``)."""
    rules = _rules()["essay_captions"]
    if not text or len(text) >= rules["max_text_chars"]:
        return text
    captions = []
    for element in tree.iter("figcaption"):
        caption = _caption_text(element, rules["credit_re"])
        if len(caption) >= rules["min_chars"] and _SENTENCE_RE.match(caption) and caption not in text:
            captions.append(caption)
    if len(captions) < rules["min_captions"] or sum(map(len, captions)) <= len(text):
        return text
    return "\n\n".join([text, *dict.fromkeys(captions)])


def _with_fact_check(tree: lxml.html.HtmlElement, text: str) -> str:
    """``text`` with a fact-check's claim and verdict boxes before its first paragraph when trafilatura left them out
    (``rules/body.yaml``: ``fact_check_boxes``)."""
    rules = _rules()["fact_check_boxes"]
    if not text or not any(rules["schema_type"] in (script.text or "") for script in _jsonld_scripts(tree)):
        return text
    matched = rules["xpath"](tree)
    inner = set(matched)
    boxes = []
    for element in matched:
        if any(other in inner for other in element.iterdescendants()) or rules["skip_re"].search(element.get("class")):
            continue
        said = collapse_whitespace(element.text_content())
        if len(said) <= rules["max_chars"] and said.count(" ") >= rules["min_words"] - 1 and said not in text:
            boxes.append(said)
    if not boxes:
        return text
    paragraphs = text.split("\n\n")
    at = 1 if paragraphs[0] == _headline_said(tree) else 0
    return "\n\n".join([*paragraphs[:at], *dict.fromkeys(boxes), *paragraphs[at:]])


_TITLE_SEPARATOR_RE = re.compile(r"$|\s*[-–—|:·•/]")


def _without_masthead(tree: lxml.html.HtmlElement, text: str) -> str:
    """``text`` without the menu lines read before the page's headline (``rules/body.yaml``: ``masthead``)."""
    rules = _rules()["masthead"]
    paragraphs = text.split("\n\n", rules["max_lines"])
    if len(paragraphs) < 2 or len(paragraphs[0]) > rules["max_chars"]:
        return text
    said = _headline_said(tree)
    lines = paragraphs[: rules["max_lines"]]
    if said:
        at = next((i for i, p in enumerate(lines) if p == said), None)
    else:  # an old table layout's headline is a <font><b>: the <title> starts with it, the site's name after
        title = collapse_whitespace(tree.findtext("head/title") or "")
        at = next((i for i, p in enumerate(lines) if len(p) >= rules["min_title_chars"] and title.startswith(p)
                   and _TITLE_SEPARATOR_RE.match(title, len(p))), None)
    if at is None or at < rules["min_lines"] \
            or any(len(p) > rules["max_chars"] or _SENTENCE_RE.match(p) for p in paragraphs[:at]):
        return text
    return text.split("\n\n", at)[-1]


_TITLE_XPATH = lxml.etree.XPath("meta[@property='og:title']/@content")


def _headline_said(tree: lxml.html.HtmlElement) -> str:
    """The page's headline as shown: its <h1>; without one (a Tilda page's headline is a styled <div>) the
    ``og:title``, which such pages fill with the headline."""
    headline = tree.find(".//h1")
    if headline is not None:
        return collapse_whitespace(headline.text_content())
    head = tree.find("head")
    titles = _TITLE_XPATH(head) if head is not None else []
    return collapse_whitespace(titles[0]) if titles else ""


def _with_subheads(tree: lxml.html.HtmlElement, text: str) -> str:
    """``text`` with the subheads the extractor dropped put back: a heading (<h2>-<h4>) right between two story
    paragraphs, its siblings, that follow each other in the text. When trafilatura finds no container it knows, it
    collects the page's paragraphs one by one and skips the headings among them."""
    if not text:
        return text
    paragraphs = text.split("\n\n")
    starts = None
    for heading in tree.iter("h2", "h3", "h4"):  # a tag walk in C; few headings a page
        # its own neighbours: a box's heading ("Related", "Most read") sits in the box, apart from the story's <p>s
        previous, following = heading.getprevious(), heading.getnext()
        if previous is None:  # a long read's chapter title, first in its <section>
            previous = _chapter_previous(heading, text)
        if following is None:  # a block editor's heading block, alone in its <div> between paragraph blocks
            following = _block_following(heading)
        if previous is None or following is None or previous.tag != "p" or following.tag != "p":
            continue
        title = collapse_whitespace(heading.text_content())
        if not title or len(title) > _SUBHEAD_MAX_CHARS or title in text \
                or any(a.tag in _NOT_STORY for a in heading.iterancestors()):
            continue
        before, after = _key(previous), _key(following)
        if len(before) < _MIN_KEY_CHARS or len(after) < _MIN_KEY_CHARS:
            continue
        if starts is None:
            starts = [p.casefold() for p in paragraphs]
        at = next((i for i, p in enumerate(starts[:-1]) if p.startswith(before) and starts[i + 1].startswith(after)),
                  None)
        if at is not None:
            paragraphs.insert(at + 1, title)
            starts.insert(at + 1, title.casefold())
    return "\n\n".join(paragraphs)


_CHAPTER_TAGS = frozenset({"section", "div"})


def _chapter_previous(heading: lxml.html.HtmlElement, text: str) -> lxml.html.HtmlElement | None:
    """The story paragraph before a chapter title that opens its own container (``<section><h2>``, unseen7
    vchasno_longread): the paragraph right before the container, or the last of the previous container's paragraphs
    that the text holds (a donate box may close the chapter)."""
    chapter = heading.getparent()
    if chapter is None or chapter.tag not in _CHAPTER_TAGS or (chapter.text and chapter.text.strip()):
        return None
    before = chapter.getprevious()
    if before is None or before.tag == "p":
        return before
    if before.tag not in _CHAPTER_TAGS:
        return None
    folded = text.casefold()
    return next((p for p in reversed(before.findall(".//p")) if _key(p) in folded), None)


def _block_following(heading: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The story paragraph after a heading in a block of its own, as block editors wrap every piece of the story:
    the first paragraph of the next block (Dzen's ``div.article-render__block`` holds one ``<h2>`` or one ``<p>``
    each: unseen10 dzen_article). Only between blocks of the same tag, and never a heading that holds a link: a
    related-story box's "Related: <headline>" sits alone in its <div> between bare paragraphs (breakingdefense)."""
    block = heading.getparent()
    if block is None or block.tag not in _CHAPTER_TAGS or (heading.tail and heading.tail.strip()) \
            or heading.find(".//a") is not None:
        return None
    before, after = block.getprevious(), block.getnext()
    if before is None or after is None or before.tag != block.tag or after.tag != block.tag:
        return None
    return after.find(".//p")


_TABLE_PARTS = lxml.etree.XPath(
    "./thead | ./tbody | ./tfoot | ./tr | ./*/tr | ./tr/td | ./tr/th | ./*/tr/td | ./*/tr/th")


def _without_layout_tables(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """A copy of the page in which the layout tables (``rules/body.yaml``: ``layout_tables``) are <div>s: their
    rows and cells, not those of the data tables they hold."""
    copy = deepcopy(tree)
    for table in _rules()["layout_tables"](copy):
        for element in (table, *_TABLE_PARTS(table)):
            element.tag = "div"
            element.attrib.pop("colspan", None)
    return copy


_NOSCRIPT_MIN_PARAGRAPHS = 2


# A JavaScript shell's <noscript> sits at the top of its <body>, or in the app's root and shell <div>s (unseen7
# sota_noscript: div#__nuxt > div.app-shell > noscript); looking only there costs no walk of the page.
_TOP_NOSCRIPTS = lxml.etree.XPath("body/noscript | body/*/noscript | body/*/*/noscript")


def _story_noscripts(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The <noscript> elements that hold the story's paragraphs (trafilatura discards <noscript> whole): a JavaScript
    shell's fallback at the top of the body, or, deeper, a lazy loader's rest of the story, the only paragraphs of
    the container it sits in (unseen11 defensescoop_noscript: the first paragraphs in the page, the rest in a
    <noscript> a script replaces). A <noscript> copy of paragraphs shown beside it is no such one; tracking pixels
    and "enable JavaScript" notices hold no paragraphs."""
    found = []
    top = None
    for element in tree.iter("noscript"):  # a tag walk in C; most pages have none or a pixel's
        paragraphs = len(element.findall(".//p"))
        if paragraphs < _NOSCRIPT_MIN_PARAGRAPHS:
            continue
        if top is None:
            top = set(_TOP_NOSCRIPTS(tree))
        parent = element.getparent()
        if element in top or (parent is not None and sum(1 for _ in parent.iter("p")) == paragraphs
                              and not _shown_beside(element, parent)):
            found.append(element)
    return found


_SHOWN_KEY_CHARS = 40


def _shown_beside(noscript: lxml.html.HtmlElement, parent: lxml.html.HtmlElement) -> bool:
    """True when the first paragraph of ``noscript`` is in its container's text outside it too (the story shown in
    <div>s, its no-script copy in <p>s)."""
    texts = (collapse_whitespace(p.text_content())[:_SHOWN_KEY_CHARS] for p in noscript.iter("p"))
    first = next((text for text in texts if text), "")
    return bool(first) and collapse_whitespace(parent.text_content()).count(first) > 1


def _with_noscript_unwrapped(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """A copy of the page in which the <noscript> elements that hold the story (:func:`_story_noscripts`) are
    <div>s."""
    copy = deepcopy(tree)
    for element in _story_noscripts(copy):
        element.tag = "div"
    return copy


_MIN_POSTS = 2
_MAX_POST_LINK_SHARE = 0.5


def _post_streams(tree: lxml.html.HtmlElement) -> list[list[lxml.html.HtmlElement]]:
    """Runs of sibling <article>s that are a live page's posts: at least two under one parent, none inside another
    article or holding an <h1> (an endless-scroll page's next story has its own), each with a story sentence of its
    own in a <p> and not mostly link text (a card of another story is its linked headline)."""
    siblings: dict[lxml.html.HtmlElement, list[lxml.html.HtmlElement]] = {}
    for article in tree.iter("article"):  # a tag walk in C; the checks below run on few elements
        parent = article.getparent()
        if parent is not None:
            siblings.setdefault(parent, []).append(article)
    streams = []
    for parent, articles in siblings.items():
        if len(articles) < _MIN_POSTS or parent.tag in ("html", "body") \
                or any(a.tag == "article" for a in parent.iterancestors()):
            continue
        posts = [a for a in articles if a.find(".//h1") is None and _own_story(a)]
        if len(posts) >= _MIN_POSTS:
            streams.append(posts)
    return streams


def _own_story(post: lxml.html.HtmlElement) -> bool:
    text = collapse_whitespace(post.text_content())
    links = sum(len(collapse_whitespace(a.text_content())) for a in post.iter("a"))
    return links <= _MAX_POST_LINK_SHARE * len(text) and any(
        _SENTENCE_RE.match(collapse_whitespace(p.text_content())) for p in post.iter("p"))


def _first_sentence_key(post: lxml.html.HtmlElement) -> str:
    return next((_key(p) for p in post.iter("p") if _SENTENCE_RE.match(collapse_whitespace(p.text_content()))), "")


def _posts_text(posts: list[lxml.html.HtmlElement], url: str | None) -> str:
    """The posts' text, one after another: each post read by trafilatura as a page of its own (read together, the
    first post's container, an ``article`` or a ``div.post``, would again be taken for the whole story)."""
    texts = []
    for post in posts:
        page = lxml.html.fromstring("<html><body></body></html>")
        copy = deepcopy(post)
        copy.tail = None
        copy.tag = "article"
        page.find("body").append(copy)
        texts.append(_paragraphs(_trafilatura(page, url, fast=True, prune=_furniture_paths(page, url))))
    return "\n\n".join(text for text in texts if text)


def _lost_posts(tree: lxml.html.HtmlElement, text: str) -> list[list[lxml.html.HtmlElement]]:
    """The post streams of which the text holds some posts but not others: trafilatura took one live post for the
    story (it stops at the first <article>)."""
    folded = text.casefold()
    lost = []
    for posts in _post_streams(tree):
        keys = [_first_sentence_key(post) for post in posts]
        found = [len(key) >= _MIN_KEY_CHARS and key in folded for key in keys]
        if any(found) and not all(found):
            lost.append(posts)
    return lost


def _extracted(tree: lxml.html.HtmlElement, url: str | None) -> tuple[lxml.html.HtmlElement, str]:
    """trafilatura's text of the page, with our pruning and retries; and the tree it read (a copy where layout
    tables or a no-script story had to be unwrapped), which the steps after it read too."""
    with class_id_gate(tree):  # the page's class and id values, read once for every trafilatura pass
        if _rules()["layout_table_xpath"](tree):
            tree = _without_layout_tables(tree)
        if _story_noscripts(tree):
            tree = _with_noscript_unwrapped(tree)
        prune = _furniture_paths(tree, url)
        text = _paragraphs(_trafilatura(tree, url, fast=True, prune=prune))
        if len(text) < SHORT_TEXT_CHARS:
            # Little text: trafilatura's full cascade, and no pruning in case a rule hit the story.
            for fast, paths in ((False, prune), (True, []), (False, [])) if prune else ((False, []),):
                fuller = _paragraphs(_trafilatura(tree, url, fast=fast, prune=paths))
                if len(fuller) > len(text) and (paths or not _adds_only_pruned(tree, prune, text, fuller)):
                    text = fuller
                if len(text) >= SHORT_TEXT_CHARS:
                    break
        elif _lost_list(tree, text):
            fuller = _paragraphs(_trafilatura(tree, url, fast=True, prune=prune, recall=True))
            if not _lost_list(tree, fuller) and len(fuller) <= len(text) * _MAX_RECALL_GROWTH:
                text = fuller
        if text and (streams := _lost_posts(tree, text)):
            fuller = "\n\n".join(_posts_text(posts, url) for posts in streams)
            if len(fuller) > len(text) and all(p in fuller for p in text.split("\n\n")):
                text = fuller
        if len(text) < 2 * SHORT_TEXT_CHARS and "\n" not in text:
            text = _unflattened(tree, text)
        values = page_class_id_text()
        quoted = _rules()["quoted_posts"]
        if text and (values is None or any(word in values for word in quoted["class_words"])):
            text = quoted["media_link"].sub("", _with_quoted_posts(tree, text))
        if text and (values is None or any(word in values for word in _rules()["accordion_questions"]["class_words"])):
            text = _with_accordion_questions(tree, text)
    return tree, text


def _accordion_panel(button: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The panel a FAQ button opens (its ``aria-controls``), looked for near it: a sibling of the button, or of its
    heading or item wrapper, not in the whole page."""
    wanted = button.get("aria-controls")
    box = button.getparent()
    for _ in range(2):
        if box is None:
            return None
        for element in box.iter():
            if element.get("id") == wanted:
                return element
        box = box.getparent()
    return None


def _with_accordion_questions(tree: lxml.html.HtmlElement, text: str) -> str:
    """``text`` with a FAQ accordion's questions (``rules/body.yaml``: ``accordion_questions``) put back, each before
    the first paragraph of the answer its button opens, when the text holds that answer and not the question."""
    rules = _rules()["accordion_questions"]
    paragraphs, starts = text.split("\n\n"), None
    for button in rules["xpath"](tree):
        question = collapse_whitespace(button.text_content())
        if not question or len(question) > rules["max_chars"] or question in paragraphs:
            continue
        panel = _accordion_panel(button)
        answer = next((p for p in panel.iter("p") if p.text_content().strip()), panel) if panel is not None else None
        key = _key(answer) if answer is not None else ""
        if len(key) < _MIN_KEY_CHARS:
            continue
        if starts is None:
            starts = [p.casefold() for p in paragraphs]
        at = next((i for i, p in enumerate(starts) if p.startswith(key)), None)
        if at is not None:
            paragraphs.insert(at, question)
            starts.insert(at, question.casefold())
    return "\n\n".join(paragraphs)


def _with_quoted_posts(tree: lxml.html.HtmlElement, text: str) -> str:
    """``text`` with the embedded posts the story quotes (``rules/body.yaml``: ``quoted_posts``) that the extractor
    dropped put back after the paragraph introducing each."""
    rules = _rules()["quoted_posts"]
    paragraphs, folded = text.split("\n\n"), text.casefold()
    for intro in rules["xpath"](tree):
        post = intro.getnext()  # the post, or the wrapper (one or two levels) the XPath came up from
        if post is not None and post.tag != "blockquote":
            post = post.find(".//blockquote")
        if post is None:
            continue
        quote = [line for line in (collapse_whitespace(rules["media_link"].sub("", p.text_content()))
                                   for p in post.iter("p")) if line]
        key = _key(intro)
        # (by each line's opening: the extractor may space a kept post's links and marks otherwise)
        if not quote or all(line[:_KEY_CHARS].casefold() in folded for line in quote) or len(key) < _MIN_KEY_CHARS:
            continue
        at = next((i for i, p in enumerate(paragraphs) if p.casefold().startswith(key)), None)
        if at is not None:
            paragraphs[at + 1:at + 1] = quote
    return "\n\n".join(paragraphs)


def _adds_only_pruned(tree: lxml.html.HtmlElement, prune: list[str], text: str, fuller: str) -> bool:
    """Whether ``fuller`` (a pass without pruning) only adds, to a short ``text`` that already tells a story, lines
    from the furniture the prune removed: a brief's comments, related list or tag cloud, which the retry without
    pruning (there for a rule that hit the story) must not bring back. A prune that hit the story leaves no
    sentence of it behind, so such a retry still wins."""
    kept = text.split("\n\n")
    if not any(_SENTENCE_RE.match(paragraph) for paragraph in kept):
        return False
    added = [paragraph for paragraph in fuller.split("\n\n") if paragraph not in kept]
    if not added:
        return False
    pruned = "\n".join(collapse_whitespace(element.text_content()) for path in prune for element in tree.xpath(path))
    return all(_line_key(paragraph) in pruned.casefold() for paragraph in added)


_FLAT_MIN_PARAGRAPH = 20  # characters: a <p> shorter than this is a label, not one of a teaser's paragraphs
_SENTENCE_END_RE = re.compile(r"[^\W\d_]{2,}[.!?…]")
_FLAT_LEFTOVER = 0.1  # share of a flattened text that may be outside its <p>s besides the headline


def _unflattened(tree: lxml.html.HtmlElement, text: str) -> str:
    """A short text trafilatura flattened into one line (its baseline rescue of a teaser: the headline and the
    paragraphs joined by spaces) as the page's own paragraphs, when its ``<p>`` elements hold all of it but the
    headline; else ``text`` as it is."""
    found, position = [], 0
    for element in tree.iter("p"):
        paragraph = collapse_whitespace(element.text_content())
        if len(paragraph) >= _FLAT_MIN_PARAGRAPH and (at := text.find(paragraph, position)) >= 0:
            found.append(paragraph)
            position = at + len(paragraph)
    if len(found) < 2:
        return text
    leftover = text
    for paragraph in found:
        leftover = leftover.replace(paragraph, " ", 1)
    headline = next((collapse_whitespace(h.text_content()) for h in tree.iter("h1")), "")
    if headline:
        leftover = leftover.replace(headline, " ", 1)
    # the article's header line before the first paragraph (its date, byline, view count: no sentence in it)
    # is not story the paragraphs would lose
    header = text[:text.find(found[0])].replace(headline, " ", 1) if headline else ""
    if header.strip() and not _SENTENCE_END_RE.search(header):
        leftover = leftover.replace(header.strip(), " ", 1)
    return "\n\n".join(found) if len(leftover.strip()) <= _FLAT_LEFTOVER * len(text) else text


def _without_repeated_quotes(text: str) -> str:
    """``text`` without the pull quotes that repeat a sentence of a paragraph next to them (``repeated_quote``); the
    paragraph that holds it is a sentence (a live page's title line holding an entry's headline is no such one)."""
    rules = _rules()["repeated_quote"]
    paragraphs = text.split("\n\n")
    short, least = rules["max_chars"], rules["min_words"] - 1
    # trafilatura's lines are whitespace-collapsed already: a space count is the word count, no regex needed, less the
    # dashes between spaces (unseen17 shorthand_longread: the subhead «Головне – не стояти на місці» is five words
    # quoting the paragraph under it, not a six-word pull quote)
    quotes = [i for i, p in enumerate(paragraphs) if len(p) <= short
              and p.count(" ") - p.count(" – ") - p.count(" — ") - p.count(" - ") >= least]
    if not quotes:
        return text
    window, strip = rules["window"], rules["strip"]
    folded: dict[int, str] = {}

    def key(index: int) -> str:
        if index not in folded:
            folded[index] = paragraphs[index].casefold()
        return folded[index]

    dropped = set()
    for index in quotes:
        quote = key(index).strip(strip)
        for other in range(max(0, index - window), min(len(paragraphs), index + window + 1)):
            if other == index or other in dropped:
                continue
            said = key(other)
            if quote in said and (len(said) > len(quote) or other < index) and _SENTENCE_RE.match(paragraphs[other]):
                dropped.add(index)
                break
    return "\n\n".join(p for i, p in enumerate(paragraphs) if i not in dropped) if dropped else text


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
            tree, text = _extracted(tree, url)
        if len(text) < SHORT_TEXT_CHARS and not article_body:  # a thin shell: the story may be in the app state
            article_body = app_state_body(tree)
        article_text = article_body_text(article_body)
        if _prefer_article_body(text, article_text) or _same_story_in_paragraphs(text, article_text):
            text = article_text
        text = _with_standfirst(tree, _without_masthead(tree, text))
        text = _with_essay_captions(tree, _with_subheads(tree, _with_notes(tree, text)))
        text = _with_fact_check(tree, text)
        text = _without_repeated_quotes(_drop_interface_lines(text))
        return _without_standfirst_label(tree, text)
    except Exception:
        logger.exception("body extraction failed for %s", url)
        return ""
