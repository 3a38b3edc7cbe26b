"""has_app_state finds the scripts its rules' XPath selects (it scans them in Python, for speed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswatch.extract import parse_html
from newswatch.extract._appstate import _rules, has_app_state

ROOT = Path(__file__).resolve().parents[1]
PAGES = (sorted((ROOT / ".." / "shared" / "datasets" / "readability-news").glob("*/source.html"))
         + sorted((ROOT / "tests" / "fixtures").glob("*/*.html")))


def _by_xpath(tree) -> bool:
    return bool(_rules()["xpath"](tree))


@pytest.mark.skipif(not PAGES, reason="needs ../shared/datasets")
def test_the_scan_agrees_with_the_xpath_on_every_page():
    found = 0
    for path in PAGES:
        tree = parse_html(path.read_bytes())
        assert has_app_state(tree) == _by_xpath(tree), path
        found += _by_xpath(tree)
    assert found  # some fixture pages do carry an app state


@pytest.mark.parametrize("scripts", [
    '<script id="__NEXT_DATA__" type="application/json">{"props": {}}</script>',
    '<script id="__NEXT_DATA__" src="/next.js"></script>',
    '<script>var a = 1; window.__INITIAL_STATE__ = {"article": {}};</script>',
    '<script src="/app.js">window.__INITIAL_STATE__ = {}</script>',
    '<script>Fusion.globalContent={"x":1}</script><script>var b;</script>',
    '<script>var nothing = "window.__INITIAL";</script>',
    '<script></script><script type="application/ld+json">{"@type": "NewsArticle"}</script>',
    '',
])
def test_the_scan_agrees_with_the_xpath(scripts):
    tree = parse_html(f"<html><head>{scripts}</head><body><p>Text.</p></body></html>")
    assert has_app_state(tree) == _by_xpath(tree)
