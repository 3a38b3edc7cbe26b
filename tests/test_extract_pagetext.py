"""newswatch.extract._pagetext: trafilatura's page-text measure computed cheaply gives html2txt's length, or defers."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import trafilatura
import trafilatura.core
from trafilatura.baseline import html2txt

from newswatch.extract import parse_html
from newswatch.extract._pagetext import INSTALLED, page_measure, page_text_length

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / ".." / "shared" / "datasets" / "readability-news"
PAGES = sorted(DATASET.glob("*/source.html")) + sorted((ROOT / "tests" / "fixtures").glob("extract_unseen*/*.html"))


def test_trafilatura_still_gates_its_recall_retry_on_html2txt():
    # If an upgrade drops the gate, the cheap measure is dead code: this says so.
    assert INSTALLED
    assert "len(html2txt(tree))" in inspect.getsource(trafilatura.core.trafilatura_sequence)


@pytest.mark.skipif(not PAGES, reason="needs ../shared/datasets")
def test_same_length_as_html2txt_on_real_pages():
    measured = 0
    for path in PAGES:
        tree = parse_html(path.read_bytes())
        length = page_text_length(tree)
        if length is not None:
            measured += 1
            assert length == len(html2txt(tree)), path
    assert measured == len(PAGES)  # none of them is deferred


@pytest.mark.parametrize("html", [
    # minified blocks: their boundaries still separate words
    "<html><body><div><p>one</p><p>two</p></div><ul><li>a</li><li>b</li></ul>c<br>d</body></html>",
    # left-out elements (aside and footer are block elements too) with tails that stay
    "<html><body><p>story<aside>related</aside>tail</p><footer>menu</footer>after"
    "<div class='site-footer'>x</div>end<script>var a</script><style>p{}</style><svg><text>s</text></svg>"
    "</body></html>",
    "<html><body><div id='footer'>gone</div><div class='x' id='footer-2'>kept? no</div><p>in <b>bold</b> text</p>"
    "<template><p>t</p></template></body></html>",
    "<html><head><title>not counted</title></head><body>\n\n  <p>  spaced\n words </p>\t</body></html>",
])
def test_same_length_as_html2txt_on_tricky_markup(html):
    tree = parse_html(html)
    assert page_text_length(tree) == len(html2txt(tree))


@pytest.mark.parametrize("html", [
    # the cookie-banner regex clause: the elements whose class or id it matches are left out, tails kept
    "<html><body><div class='cookie-banner'>We use cookies</div><p>story</p></body></html>",
    "<html><body><div id='onetrust-consent-sdk'>prefs</div><p>story</p></body></html>",
    "<html><body><p>a<span class='CookieNotice'>ok</span>b</p><div class='x'><div class='cookie-bar'>c</div></div>"
    "<p class='cookie-bar'>d</p>tail<p id='cookie-bar'>e</p></body></html>",
    "<html><body><div class='cookıe-banner'>ok</div><p>story</p></body></html>",  # dotless i: re.I matches it
    "<html><body><div class=\"it's cookie-law\">ok</div><p>story</p><p class='cookie'>kept</p></body></html>",
])
def test_same_length_as_html2txt_with_cookie_banners(html):
    tree = parse_html(html)
    assert page_text_length(tree) == len(html2txt(tree))


@pytest.mark.parametrize("html", [
    # html2txt drops non-printable characters (not whitespace) from the text and tail of block elements only
    "<html><body><p>zero\u200bwidth and soft\u00adhyphen</p></body></html>",
    "<html><body><p>in <b>bo\u00adld</b> x\u00ady</p>a\u00adb<span>c\u00add</span>e\u00adf<div>\u200f</div>"
    "</body></html>",
    # tails of left-out elements join the element before them (or the parent's text) first
    "<html><body><p>a<script>s</script>b\u00adc</p><div><script>s</script>d\u00ade<b>f</b>g\u00adh</div>"
    "<span>i<aside>x</aside>j\u00adk</span><p>l</p><aside>y</aside>m\u00adn<b>o</b><aside>z</aside>p\u00adq</body></html>",
    "<html><body><div class='cookie-notice'>c</div>r\u00ads<p>t\ue051u</p><i>\ue051</i></body></html>",
])
def test_same_length_as_html2txt_with_characters_html2txt_drops(html):
    tree = parse_html(html)
    assert page_text_length(tree) == len(html2txt(tree))


@pytest.mark.parametrize("html", [
    "<html><body class='cookie-banner-open'><p>story</p></body></html>",  # html2txt keeps <body> itself
    "<html><body><div class=\"it's &quot;cookie-law&quot;\">ok</div><p>story</p></body></html>",  # no XPath literal
])
def test_defers_to_html2txt_where_it_could_differ(html):
    tree = parse_html(html)
    assert page_text_length(tree) is None
    with page_measure():
        assert len(trafilatura.core.html2txt(tree)) == len(html2txt(tree))


def test_only_inside_page_measure():
    tree = parse_html("<html><body><p>one</p><p>two</p></body></html>")
    assert trafilatura.core.html2txt(tree) == "one two"  # others calling trafilatura get html2txt itself
    with page_measure():
        assert len(trafilatura.core.html2txt(tree)) == len("one two")
    assert trafilatura.core.html2txt(tree) == "one two"


@pytest.mark.skipif(not PAGES, reason="needs ../shared/datasets")
def test_trafilatura_extracts_the_same_with_the_cheap_measure():
    for path in PAGES[:40]:
        tree = parse_html(path.read_bytes())
        plain = trafilatura.extract(tree, fast=True, include_comments=False)
        with page_measure():
            assert trafilatura.extract(tree, fast=True, include_comments=False) == plain, path
