"""Worker CPU round 10: each shortcut gives what the work it replaces gave.

trafilatura's raw tree is cleaned in place inside our extraction calls and built again (a copy of the page with the
same elements deleted) for the stages that read it; a gate's patterns scan only the class and id values holding one of
its words; the JSON-LD scripts and canonical links are found by a tag walk. Whole-chain equality (every output of 200
bench pages and the fixtures against the round's base commit): ``python -m bench.worker_cpu --pages 200 --fixtures
--ref <base>``.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.etree
import pytest
import trafilatura.core
import trafilatura.xpaths

from newswatch.extract import _metadata, _pagetext, _xpathguard, extract_body, parse_html

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / ".." / "shared" / "datasets" / "readability-news").glob("*/source.html"))
UNSEEN = sorted((ROOT / "tests" / "fixtures").glob("extract_unseen*/*.html"))


def _pages() -> list[bytes]:
    return [path.read_bytes() for path in [*SOURCES[::3], *UNSEEN[::16]]]


@pytest.fixture(scope="module")
def trees() -> list:
    return [parse_html(page, "utf-8") for page in _pages()]


def _original_functions() -> dict[str, object]:
    return {"_prepare_tree": _pagetext._ORIGINAL_PREPARE, "bare_extraction": _pagetext._ORIGINAL_BARE,
            "baseline": _pagetext._ORIGINAL_BASELINE, "_recall_retry": _pagetext._ORIGINAL_RECALL,
            "prune_unwanted_nodes": _pagetext._ORIGINAL_PRUNE}


def test_the_raw_tree_built_again_is_the_one_trafilatura_held(trees):
    assert trafilatura.core.prune_unwanted_nodes is _pagetext._prune_unwanted_nodes
    checked = []

    def prepare(tree, options, url):
        raw = _pagetext._RAW.get()
        if (options.fast and not options.comments and raw is not None and raw.consumed is None
                and raw.deleted is not None and tree is raw.tree):
            checked.append((lxml.etree.tostring(tree), lxml.etree.tostring(_pagetext._rebuilt(raw)),
                            len(raw.deleted)))
        return _pagetext._prepare_tree(tree, options, url)

    trafilatura.core._prepare_tree = prepare
    try:
        for tree in trees:
            extract_body(tree, "https://example.com/news/story.html")
    finally:
        trafilatura.core._prepare_tree = _pagetext._prepare_tree
    assert len(checked) >= len(trees)  # every page went through the in-place path
    assert all(held == rebuilt for held, rebuilt, _ in checked)
    assert sum(deleted for _, _, deleted in checked) > 50  # elements were pruned, and deleted again


def test_bodies_equal_trafilaturas_own_copies(trees):
    ours = [extract_body(tree, "https://example.com/news/story.html") for tree in trees]
    installed = {name: getattr(trafilatura.core, name) for name in _original_functions()}
    for name, function in _original_functions().items():
        setattr(trafilatura.core, name, function)
    try:
        theirs = [extract_body(tree, "https://example.com/news/story.html") for tree in trees]
    finally:
        for name, function in installed.items():
            setattr(trafilatura.core, name, function)
    assert ours == theirs
    assert sum(map(bool, ours)) > len(trees) // 2


def test_gate_verdicts_equal_a_search_of_every_value(trees):
    gates = [x for value in vars(trafilatura.xpaths).values() if isinstance(value, list)
             for x in value if isinstance(x, _xpathguard.GatedXPath)]
    assert any(gate.patterns for gate in gates)
    texts = [_xpathguard._Page(tree).text() for tree in trees]
    texts += ["comment-list\nx", "a\nnocomments\nComment-7", "commentary\nb", "post-comments", "x\ninfinite-scroll",
              "comments", "mvp-post-add-box\n", "dsq-comments\n\ncomment", ""]
    passed = 0
    for text in texts:
        for gate in gates:
            page = _xpathguard._Page(lxml.etree.XML("<a/>"))
            page._tree, page._text = None, text
            expected = any(word in text for word in gate.words) and (
                not gate.patterns or any(pattern.search(text) for pattern in gate.patterns))
            assert page.may_match(gate) == expected, (text[:80], gate.words)
            passed += expected
    assert passed > 5


def test_lines_with_words():
    assert _xpathguard._lines_with("a\nxcommentx\nb\ncomment\n", ("omment",)) == "xcommentx\ncomment"
    assert _xpathguard._lines_with("infinite comment\nz", ("omment", "infinite")) == "infinite comment"
    assert _xpathguard._lines_with("abc", ("x",)) == ""


_JSONLD = lxml.etree.XPath(
    "//script[contains(translate(@type, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'ld+json')]")
_CANONICAL = lxml.etree.XPath(
    "//link[@href][contains(concat(' ', normalize-space(translate(@rel, 'CANONICAL', 'canonical')), ' '),"
    " ' canonical ')]")


def test_tag_walks_find_what_the_xpaths_found(trees):
    odd = parse_html(
        b"<html><head><link rel=' Canonical\tamphtml' href=''><link rel='CANONICALx' href='a'>"
        b"<link rel='x\ncanonical' href='b'><link rel='canonical'><link rel='CANON\xc4\xb0CAL' href='c'>"
        b"<script type='Application/LD+JSON'>{}</script><script type='ld+jsonx'></script><script>1</script>"
        b"<script type='application/\xc4\xb0d+json'></script></head>"
        b"<body><link rel='canonical' href='d'><p>x</p></body></html>", "utf-8")
    found = 0
    for tree in [*trees, odd]:
        assert _metadata._jsonld_scripts(tree) == _JSONLD(tree)
        assert _metadata._canonical_links(tree) == _CANONICAL(tree)
        found += len(_JSONLD(tree)) + len(_CANONICAL(tree))
    assert [link.get("href") for link in _metadata._canonical_links(odd)] == ["", "b", "d"]
    assert len(_metadata._jsonld_scripts(odd)) == 2
    assert found > 20
    assert re.fullmatch(r"[ \t\r\n]+", " \t\r\n") and _metadata._XML_SPACE.split("a\xa0b") == ["a\xa0b"]
