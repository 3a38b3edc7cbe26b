"""newswatch.extract._xpathguard: trafilatura's XPaths with their regex tests guarded select the same elements."""

from __future__ import annotations

import copy
from pathlib import Path

import lxml.etree
import pytest
import trafilatura
import trafilatura.xpaths

from newswatch.extract import parse_html
from newswatch.extract._xpathguard import (
    _PAGE,
    GATED,
    GUARDED,
    ORIGINALS,
    REGEXP_NS,
    GatedXPath,
    class_id_gate,
    descendant_steps,
    guarded,
    page_class_id_text,
)

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / ".." / "shared" / "datasets" / "readability-news"
PAGES = sorted(DATASET.glob("*/source.html")) + sorted((ROOT / "tests" / "fixtures").glob("extract_unseen*/*.html"))


def _lists():
    return {name: value for name, value in vars(trafilatura.xpaths).items()
            if isinstance(value, list) and value and all(isinstance(x, lxml.etree.XPath) for x in value)}


def test_trafilaturas_lists_are_guarded():
    assert GUARDED >= 10
    paths = [x.path for value in _lists().values() for x in value]
    assert any("((@id) and re:test(@id," in path for path in paths)


def test_guard_wraps_attribute_tests_and_leaves_the_rest():
    path = ".//*[re:test(@id, 'a(b)|c') or re:test(@id|@class, \"x[)]y\") or contains(@class, 'z')]"
    assert guarded(path) == (".//*[((@id) and re:test(@id, 'a(b)|c')) or ((@id or @class) and "
                             "re:test(@id|@class, \"x[)]y\")) or contains(@class, 'z')]")
    assert guarded(".//*[re:test(@id, 'x)y')]") == ".//*[re:test(@id, 'x)y')]"  # not a regex: left as it is
    # A pattern that matches "" is true for an element without the attribute: no guard there.
    assert guarded(".//*[re:test(@id, '^$|x')]") == ".//*[re:test(@id, '^$|x')]"
    assert guarded(".//*[re:test(string(.), 'x')]") == ".//*[re:test(string(.), 'x')]"


def test_tag_steps_with_predicates_walk_the_tags_only_where_no_predicate_counts_positions():
    assert descendant_steps(".//*[self::div][@id='x']//a[@href] | //p[@class]") == (
        "./descendant::*[self::div][@id='x']/descendant::a[@href] | /descendant::p[@class]")
    assert descendant_steps("//time|//figure") == "//time|//figure"  # no predicate: libxml2's own shortcut
    assert descendant_steps(".//*[contains(@href, '//x[')]") == ".//*[contains(@href, '//x[')]".replace(
        ".//*[", "./descendant::*[", 1)  # not inside a string literal
    for positional in ("(.//article)[1]", ".//p[2]", ".//p[last()]", ".//p[position() < 3]", ".//p[count(a)]",
                       ".//p[$n]"):
        assert descendant_steps(positional) == positional


@pytest.mark.skipif(not PAGES, reason="needs ../shared/datasets")
def test_guarded_expressions_select_the_same_elements_on_real_pages():
    lists = _lists()
    pairs = [(lxml.etree.XPath(path, namespaces={"re": REGEXP_NS}), lists[name][index])
             for (name, index), path in ORIGINALS.items()]
    assert len(pairs) == GUARDED
    selected = 0
    for path in PAGES:
        tree = parse_html(path.read_bytes())
        for original, guarded_expression in pairs:
            found = original(tree)
            assert guarded_expression(tree) == found, (path, original.path)
            selected += len(found)
    assert selected > 100  # the expressions do select elements on these pages


def test_gated_expressions_are_trafilaturas_own():
    gated = [x for value in _lists().values() for x in value if isinstance(x, GatedXPath)]
    assert GATED == len(gated) == 6
    assert all(x.words for x in gated)


@pytest.mark.skipif(not PAGES, reason="needs ../shared/datasets")
def test_gated_expressions_select_the_same_elements_on_real_pages():
    """Inside the gate, on the page itself and on a pruned copy of it (what trafilatura runs them on), each gated
    expression selects what trafilatura's own does; pages with and without the words are both among them."""
    gated = [(lxml.etree.XPath(x.path, namespaces={"re": REGEXP_NS}), x)
             for value in _lists().values() for x in value if isinstance(x, GatedXPath)]
    skipped = selected = 0
    for path in PAGES:
        tree = parse_html(path.read_bytes())
        pruned = copy.deepcopy(tree)
        for element in pruned.xpath("//div[@class][1]"):  # a copy with elements removed, as trafilatura's are
            element.getparent().remove(element)
        with class_id_gate(tree):
            words = page_class_id_text()
            for original, gate in gated:
                for target in (tree, pruned):
                    found = original(target)
                    assert gate(target) == found, (path, original.path)
                    selected += len(found)
                skipped += not any(word in words for word in gate.words)
    assert skipped > len(PAGES)  # most pages skip most of the walks
    assert selected > 0  # and some pages do have comment sections


def test_outside_the_gate_a_gated_expression_always_runs():
    tree = parse_html(b"<html><body><div class='comments'><p>x</p></div></body></html>")
    gate = next(x for x in trafilatura.xpaths.REMOVE_COMMENTS_XPATH if isinstance(x, GatedXPath))
    assert [e.get("class") for e in gate(tree)] == ["comments"]
    with class_id_gate(parse_html(b"<html><body><div class='other'><p>x</p></div></body></html>")):
        assert gate(tree) == []  # the gate trusts the page it was given: the caller's contract


def test_a_gate_tests_each_value_with_the_expressions_own_regex():
    gate = next(x for x in trafilatura.xpaths.REMOVE_COMMENTS_XPATH if isinstance(x, GatedXPath))
    # "omment" in a class that its regex does not take (anchored at the value's start): skipped, as it selects nothing
    quiet = parse_html(b"<html><body><div class='has-comments'><p>x</p></div><div id='a'>y</div></body></html>")
    # the id that matches comes after other values: "^" holds at the start of every value
    loud = parse_html(b"<html><body><div class='a'><p>x</p></div><div id='comment-7'>y</div></body></html>")
    assert gate(quiet) == []  # what the expression selects there, outside the gate
    with class_id_gate(quiet):
        assert not _PAGE.get().may_match(gate)
        assert gate(quiet) == []
    with class_id_gate(loud):
        assert [e.get("id") for e in gate(loud)] == ["comment-7"]


@pytest.mark.skipif(not PAGES, reason="needs ../shared/datasets")
def test_trafilatura_extracts_the_same_inside_the_gate():
    """The gate takes the page's values for those of every tree trafilatura makes from it (copies, pruned, converted
    and rebuilt): its text is the same with and without the gate, in the fast pass and in the full cascade."""
    for path in PAGES[::3]:
        tree = parse_html(path.read_bytes())
        for fast in (True, False):
            expected = trafilatura.extract(tree, fast=fast, include_comments=False, deduplicate=False)
            with class_id_gate(tree):
                assert trafilatura.extract(tree, fast=fast, include_comments=False, deduplicate=False) == expected, path
