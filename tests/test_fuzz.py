"""Property-based fuzzing (hypothesis) of the pure stages that read untrusted input: page extraction
(``extract_article`` and the crawl's ``process_page``), cleaning (``clean_tree``, ``clean_body``) and URL
canonicalization (``url_key``). None may raise, and each must keep its output contract on any input.

Bounded for CI (``NEWSWATCH_FUZZ_EXAMPLES``, default 150 examples per property, a few seconds each);
run longer on demand, e.g. ``NEWSWATCH_FUZZ_EXAMPLES=100000 .venv/bin/pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, timedelta

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newswatch.clean import clean_body, clean_tree
from newswatch.dedup import url_key
from newswatch.extract import ARTICLE_FIELDS, extract_article, parse_html
from newswatch.process import process_page

EXAMPLES = int(os.environ.get("NEWSWATCH_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])

# --- strategies ----------------------------------------------------------------------------------------------

_WORDS = ["NATO", "Kyiv", "Україна", "Москва", "air", "defence", "дронів", "Kremlin", "the", "said", "—", "«", "»",
          "&amp;", "&nbsp;", "&#0;", "&#xD800;", "<", ">", "\u202e", "\ufeff", "\x00", "\x0b", "😀", "ß", "İ"]
_TAGS = ["p", "div", "article", "main", "section", "span", "a", "h1", "h2", "nav", "footer", "aside", "figure",
         "figcaption", "time", "table", "tr", "td", "ul", "li", "blockquote", "script", "style", "noscript", "iframe",
         "form", "button", "svg", "br", "img", "header", "b", "i", "em", "template", "math", "select", "option"]
_ATTRS = ["class", "id", "itemprop", "datetime", "href", "src", "rel", "role", "aria-label", "content", "lang",
          "property", "name", "hidden", "style", "data-component", "dir"]
_META = ["og:title", "og:url", "og:type", "article:published_time", "article:modified_time", "og:locale",
         "article:author", "article:section", "article:tag", "og:image", "description", "author", "keywords",
         "pubdate", "date", "parsely-pub-date", "sailthru.date"]
_DATES = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC))
    .map(lambda d: d.isoformat()),
    st.sampled_from(["2026-13-45", "0000-00-00T00:00:00Z", "yesterday", "9999-12-31T23:59:59+14:00", "1e308", "-1",
                     "Mon, 32 Foo 2026 25:61:61 +9999", "", "2026-02-30", "١٢/٠٣/٢٠٢٦", "NaN"]),
    st.text(max_size=30),
)
text = st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=12)), max_size=12).map(" ".join)

_short = st.one_of(st.sampled_from(_WORDS), st.text(max_size=12))

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text, _DATES),
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.sampled_from(["@type", "@graph", "@context", "headline", "name", "author", "datePublished",
                                         "dateModified", "articleBody", "keywords", "inLanguage", "image", "url",
                                         "isAccessibleForFree", "articleSection", "publisher", "mainEntityOfPage"]),
                        children, max_size=6),
    ),
    max_leaves=25,
)
jsonld = st.one_of(json_values.map(json.dumps), text, st.just('{"@type": "NewsArticle", "headline": "x",,'))


@st.composite
def elements(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(_TAGS))
    attrs = draw(st.lists(st.tuples(st.sampled_from(_ATTRS), _short.map(lambda t: t.replace('"', "&quot;"))),
                          max_size=2))
    attr_text = "".join(f' {name}="{value}"' for name, value in attrs)
    children = []
    if depth < 3:
        children = draw(st.lists(st.one_of(text, elements(depth + 1)), max_size=3))
    close = draw(st.sampled_from([f"</{tag}>", "", "</div>", f"</{tag}"]))  # closers missing or wrong
    return f"<{tag}{attr_text}>{''.join(children)}{close}"


@st.composite
def pages(draw) -> str:
    head = []
    for _ in range(draw(st.integers(0, 3))):
        head.append(f'<meta property="{draw(st.sampled_from(_META))}" content="{draw(st.one_of(text, _DATES))}">')
    for _ in range(draw(st.integers(0, 2))):
        head.append(f'<script type="application/ld+json">{draw(jsonld)}</script>')
    if draw(st.booleans()):
        head.append(f"<title>{draw(text)}</title>")
    if draw(st.booleans()):
        head.append(f'<link rel="canonical" href="{draw(urls)}">')
    body = "".join(draw(st.lists(elements(), max_size=6)))
    lang = draw(st.sampled_from(["en", "uk", "ru", "", "xx-INVALID", "ru\x00"]))
    page = f'<!DOCTYPE html><html lang="{lang}"><head>{"".join(head)}</head><body>{body}</body></html>'
    cut = draw(st.integers(0, len(page)))
    return page if draw(st.booleans()) else page[:cut]  # truncated anywhere


_HOSTS = st.one_of(
    st.lists(st.from_regex(r"[a-zA-Z0-9-]{1,10}", fullmatch=True), min_size=1, max_size=4).map(".".join),
    st.sampled_from(["www.kyivindependent.com", "EXAMPLE.com", "xn--80ak6aa92e.com", "пример.рф", "127.0.0.1",
                     "[::1]", "m.themoscowtimes.com", "amp.example.org", "", "a..b", "host:99999"]),
)
_QUERY = st.lists(st.tuples(st.sampled_from(["utm_source", "utm_medium", "fbclid", "gclid", "id", "page", "q", "a",
                                              "ref", "Ü", ""]), text.map(lambda t: t[:10])), max_size=4)


@st.composite
def url_parts(draw) -> tuple[str, str, str, list[tuple[str, str]], str]:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "ftp", ""]))
    host = draw(_HOSTS)
    path = "/".join(draw(st.lists(st.one_of(st.from_regex(r"[a-z0-9._~%-]{0,12}", fullmatch=True), text),
                                  max_size=4)))
    return scheme, host, path, draw(_QUERY), draw(st.sampled_from(["", "#top", "#", "#x?y"]))


def _join(parts) -> str:
    scheme, host, path, query, fragment = parts
    qs = "&".join(f"{k}={v}" for k, v in query)
    return f"{scheme + '://' if scheme else ''}{host}/{path}{'?' + qs if qs else ''}{fragment}"


urls = st.one_of(url_parts().map(_join), text, st.text(max_size=60))

# --- properties ----------------------------------------------------------------------------------------------

_NOW_SLACK = timedelta(days=1)
_C0_OR_SPACE = "".join(map(chr, range(0x21)))


def _rstrip(value: str) -> str:
    while value and (value[-1].isspace() or value[-1] in _C0_OR_SPACE):
        value = value[:-1]
    return value


def _check_article(fields: dict) -> None:
    assert tuple(fields) == ARTICLE_FIELDS
    for name in ("title", "description", "language", "section", "canonical_url", "image_url"):
        assert fields[name] is None or isinstance(fields[name], str), name
    assert isinstance(fields["authors"], list) and all(isinstance(a, str) and a for a in fields["authors"])
    assert isinstance(fields["tags"], list) and all(isinstance(t, str) for t in fields["tags"])
    for name in ("published_at", "modified_at"):
        value = fields[name]
        if value is not None:
            assert value.tzinfo is not None, name
            assert datetime(1990, 1, 1, tzinfo=UTC) <= value <= datetime.now(UTC) + _NOW_SLACK, (name, value)
    assert isinstance(fields["body"], str) and "\x00" not in fields["body"]
    assert fields["paywalled_hint"] in (True, False, None)


@FUZZ
@given(page=pages(), url=urls)
def test_extract_article_never_raises_and_keeps_its_contract(page, url):
    _check_article(extract_article(page, url))


@FUZZ
@given(data=st.one_of(st.binary(max_size=3000), pages().map(lambda p: p.encode("utf-8", "surrogatepass")),
                      pages().map(lambda p: p.encode("cp1251", "replace")),
                      pages().map(lambda p: p.encode("utf-16"))),
       declared=st.sampled_from([None, "utf-8", "windows-1251", "koi8-r", "utf-16", "latin-1", "bogus-charset"]))
def test_process_page_extracts_without_error_from_any_bytes(data, declared):
    # process_page never raises by design; an "error" key is how a crash would show, so there must be none.
    fields = process_page(data, "https://news.example/a", declared_encoding=declared)
    assert "error" not in fields, fields.get("error")
    _check_article({name: fields.get(name) for name in ARTICLE_FIELDS} | {"paywalled_hint": None})


@FUZZ
@given(page=pages())
def test_clean_tree_only_removes(page):
    tree = parse_html(page)
    before = set(re.findall(r"\w+", tree.text_content()))
    report = clean_tree(tree, None)
    after = set(re.findall(r"\w+", tree.text_content()))
    assert after <= before
    assert report.chars_removed >= 0
    lxml.html.tostring(tree)  # still a serializable document


_PARAGRAPHS = st.lists(st.one_of(text, st.sampled_from([
    "Support our journalism. Donate now.", "Subscribe to our newsletter", "Підтримайте нас",
    "Подпишитесь на наш Telegram", "Read more:", "Advertisement", "This article is for subscribers only.",
])), max_size=12).map("\n\n".join)


@FUZZ
@given(body=st.one_of(_PARAGRAPHS, st.text(max_size=500)), language=st.sampled_from([None, "en", "uk", "ru", "zz"]),
       title=st.one_of(st.none(), text))
def test_clean_body_only_removes(body, language, title):
    cleaned, report = clean_body(body, language, None, title=title)
    assert isinstance(cleaned, str)
    assert set(re.findall(r"\w+", cleaned)) <= set(re.findall(r"\w+", body))
    assert report.chars_removed >= 0


@FUZZ
@given(url=urls, canonical=st.one_of(st.none(), urls))
def test_url_key_never_raises(url, canonical):
    key = url_key(url, canonical)
    assert isinstance(key, str)
    if re.match(r"(?i)https?://[a-z0-9]", url):  # a URL with a host: the key never keeps the scheme
        assert not key.lower().startswith(("http://", "https://")), key


@FUZZ
@given(parts=url_parts().filter(lambda p: p[0].lower() in ("http", "https") and re.fullmatch(r"[a-z0-9.-]+", p[1])
                                and ".." not in p[1] and not p[1].startswith((".", "-"))))
def test_url_key_ignores_tracking_parameters_scheme_and_host_case(parts):
    scheme, host, path, query, fragment = parts
    # Whitespace and C0 controls ending the whole URL are stripped (as in WHATWG URL parsing), inside they are kept:
    # so a path or value may not end with one here, or "?id=a " and "?id=a &utm_source=rss" would rightly differ.
    query = [(name, _rstrip(value)) for name, value in query]
    path = _rstrip(path.replace("?", "").replace("#", ""))  # a path holds neither, unencoded
    parts = (scheme, host, path, query, fragment)
    key = url_key(_join(parts))
    tracked = (scheme, host, path, [*query, ("utm_source", "rss"), ("fbclid", "abc")], fragment)
    assert url_key(_join(tracked)) == key
    assert url_key(_join(("https" if scheme.lower() == "http" else "http", host.upper(), path, query, ""))) == key
    assert url_key("https://" + key) == key  # a key is a fixed point
