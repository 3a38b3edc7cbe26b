"""Perf round 16: the workers' per-article stages. Each shortcut against the code it replaces, on real pages.

* Extraction's class scan (``prune_classes`` in rules/body.yaml), read in Python instead of an XPath that converted
  every class attribute to a string once a word: the same furniture elements, in the same order, as the XPath it was.
* A tag step with a predicate written ``/descendant::tag[...]`` instead of ``//tag[...]`` (libxml2 walks the tag's
  elements instead of every node's children): the same nodes as the ``//`` spelling, for every such expression.
* Fingerprints' bottom-k sketches sorted as digests, the shingles made once: the sketches as they were.
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from bench.mirror import page as mirror_page
from newswatch.extract import _body
from newswatch.extract._html import parse_html

ROOT = Path(__file__).resolve().parents[1]
READABILITY = ROOT / ".." / "shared" / "datasets" / "readability-news"
FIXTURES = ROOT / "tests" / "fixtures"

# The class scan as the first expression of `prune` was, before it was read in Python.
_OLD_CLASS_SCAN = """
    //@class[(contains(., 'allery') and not(contains(., 'ntro') or contains(., 'lead') or contains(., 'Lead')))
    or contains(., 'ideo') or contains(., 'audio') or contains(., 'Audio')
    or contains(., 'player') or contains(., 'Player') or starts-with(., 'tgme_action') or contains(., 'aption')
    or contains(., 'isclaimer') or . = 'cBlock1' or . = 'cBlock2' or contains(., 'sources') or contains(., 'buy')
    or contains(., 'Buy')
    or ((parent::a or parent::sup) and (contains(., 'footnote') or contains(., 'fn'))
    and string-length(normalize-space(..)) < 5)]/..
"""


def _old_prune_xpath() -> lxml.etree.XPath:
    comments = _body._comment_headings_xpath(_body._rules()["comment_headings"])
    rest = [str(expression).replace("{comment_headings}", comments) for expression in _body._rules()["prune"]]
    return lxml.etree.XPath(" | ".join([_OLD_CLASS_SCAN, *rest]))


def _pages() -> list[bytes]:
    found = [(folder / "source.html").read_bytes() for folder in sorted(READABILITY.iterdir())
             if (folder / "source.html").is_file()]
    for path in sorted(FIXTURES.rglob("*.html")):
        found.append(path.read_bytes())
    for path in sorted(FIXTURES.rglob("*.html.gz")):
        found.append(gzip.decompress(path.read_bytes()))
    return found


def _new(tree) -> list:
    return _body._prune_xpath()(tree, classes=_body._class_furniture(tree))


def test_the_class_scan_finds_what_the_xpath_found_on_real_pages():
    pages = _pages()
    assert len(pages) > 300
    old = _old_prune_xpath()
    compared = found = 0
    for html in pages:
        tree = parse_html(html)
        if tree is None:
            continue
        expected = old(tree)
        assert _new(tree) == expected  # the same elements, in document order, once each
        compared += 1
        found += len(expected)
    # the mirror's pages (real pages with a paragraph each) as the crawl bench sees them
    for index in range(0, 400, 7):
        tree = parse_html(mirror_page(index, "http://127.0.0.1:8000", datetime(2026, 11, 27, tzinfo=UTC)))
        expected = old(tree)
        assert _new(tree) == expected
        found += len(expected)
    assert compared > 300 and found > 1000


@pytest.mark.parametrize("markup", [
    '<div class="gallery"><p>x</p></div><div class="PhotoGalleryPage-intro"><p>story</p></div>',
    '<div class="ArticleGallery lead"><p>a</p></div><div class="x-gallery-Lead">b</div><div class="allery">c</div>',
    '<p>count<sup class="fn"><a href="#f1">1</a></sup>.</p><p><a class="footnote-anchor" href="#f">12345</a></p>',
    '<p><a class="footnote" href="#f"> 1 \n 2 </a><span class="fn">1</span><sup class="fnx">   </sup></p>',
    '<p><sup class="fn video">long enough text</sup><a class="fn">\u00a0\u00a01\u00a0</a></p>',
    '<table class="cBlock1"><tr><td>c</td></tr></table><table class="cBlock1 x"><tr><td>d</td></tr></table>',
    '<div class="tgme_action_button_new">a</div><div class="x tgme_action">b</div><div class="">c</div>',
    '<div class="video"><div class="caption"><figcaption>c</figcaption></div></div><div class="Buy">b</div>',
    '<div class="sources-box">s</div><div class="source">t</div><div class="isclaimer">d</div>'
    '<div class="media-player">p</div><div class="AudioPlayer">q</div>',
])
def test_the_class_scan_on_the_edges_of_its_words(markup):
    tree = lxml.html.document_fromstring(f"<html><body><article><h1>T</h1>{markup}</article></body></html>")
    assert _new(tree) == _old_prune_xpath()(tree)


# -- fingerprints: the sketches' digests sorted as bytes, the shingles made once ------------------------------------


def _old_sketch(found) -> str:
    # the bottom-k sketch as it was: every digest as hex, sorted, the first QUOTED_KEPT joined
    from newswatch.dedup._quotes import _HASH, QUOTED_KEPT
    from newswatch.dedup._text import blake2b_hex

    hashes = blake2b_hex(_HASH, found)
    hashes.sort()
    return "".join(hashes[:QUOTED_KEPT])


def test_fingerprints_equal_the_old_sketches_on_real_bodies():
    from newswatch.dedup import fingerprints
    from newswatch.dedup._near import DEFAULT, signature
    from newswatch.dedup._quotes import _quoted_words
    from newswatch.dedup._text import normalize_marked, shingles
    from newswatch.process import process_page

    checked = 0
    for folder in sorted(READABILITY.iterdir()):
        if not (folder / "source.html").is_file():
            continue
        body = process_page((folder / "source.html").read_bytes(), "https://example.org/a").get("body") or ""
        words = normalize_marked(body).split()
        if len(words) < 60:
            continue
        fp = fingerprints(body)
        found = shingles(words, DEFAULT.shingle)
        assert fp["text"] == _old_sketch(found)
        quoted: set = set()
        for quote in _quoted_words(body):
            if len(quote) >= DEFAULT.shingle:
                quoted |= shingles(quote, DEFAULT.shingle)
        assert fp["quoted"] == (_old_sketch(quoted) if quoted else "")
        assert fp["shingles"] == signature(words)[1] == len(found)
        checked += 1
    assert checked > 25


# -- /descendant::tag[...] for //tag[...] ---------------------------------------------------------------------------


def _descendant_steps() -> dict[str, lxml.etree.XPath]:
    from newswatch.extract import _alternates, _appstate, _metadata

    body = _body._rules()
    found = {
        "one-link paragraphs": _body._ONE_LINK_PARAGRAPHS,
        "alternates": _alternates._ALTERNATE_XPATH,
        "app state scripts": _appstate._rules()["xpath"],
        "time": _metadata._TIME_XPATH,
        "rel author links": _metadata._REL_AUTHOR_A_XPATH,
        "prune": _body._prune_xpath(),
        "quoted posts": body["quoted_posts"]["xpath"],
        "layout table test": body["layout_table_xpath"],
        "layout tables": body["layout_tables"],
    }
    found.update({f"author {n}": xpath for n, xpath in enumerate(_metadata._rules()["author_xpath"])})
    return {name: xpath for name, xpath in found.items() if "/descendant::" in xpath.path}


def test_descendant_steps_select_what_the_double_slash_selected():
    steps = _descendant_steps()
    assert len(steps) == 10  # every rewritten expression is compared
    old = {name: lxml.etree.XPath(xpath.path.replace("/descendant::", "//")) for name, xpath in steps.items()}
    trees = [parse_html(html) for html in _pages()]
    trees += [parse_html(mirror_page(index, "http://127.0.0.1:8000", datetime(2026, 11, 27, tzinfo=UTC)))
              for index in range(0, 60, 3)]
    selected = dict.fromkeys(steps, 0)
    for tree in trees:
        if tree is None:
            continue
        for name, xpath in steps.items():
            variables = {"classes": _body._class_furniture(tree)} if name == "prune" else {}
            expected = old[name](tree, **variables)
            assert xpath(tree, **variables) == expected, name
            selected[name] += len(expected) if isinstance(expected, list) else bool(expected)
    # every expression selected something somewhere, so the comparison is not of empty sets
    assert all(selected.values()), selected
