"""Hostile input, seventeenth round: cases rounds 1-16 (tests/test_hostile*.py) do not try. Written blind: each case's
expectation is what a careful analyst wants, set down before the crawler was run on it. The crawl never crashes,
loses no good article, and every bad input gets a log line and a counted stat (docs/stats.md).

One crawl of a mock site on 127.0.0.1 whose routes are in this file:

* feeds: a feed given as ``feed://host/path`` (the scheme Firefox and Safari put on feed links, pasted into a sources
  list as it was copied); RSS 2.0 under the UserLand namespace (``xmlns="http://backend.userland.com/rss2"`` on
  ``<rss>``: every element is namespaced); Atom 0.3 (``purl.org/atom/ns#``: ``<issued>``, ``<modified>``,
  ``<link rel="alternate" type="text/html">``) with a fresh and an old entry; a feed whose first answer is ``200``
  with a JSON body ``{"error": "rate limited"}`` (an API gateway's rate limit in disguise), the feed on the next;
* articles: a Ukrainian page whose text was double-encoded (UTF-8 read as windows-1251 and saved again as UTF-8:
  "РЈРєСЂР°С—РЅР°" for "Україна"); a story inside a declarative shadow root (``<template shadowrootmode="open">``,
  which every browser renders since 2024); a page printed twice by a caching plugin (two whole documents one after
  the other); an empty app shell whose story is only in its JSON-LD ``articleBody``; a redirect whose ``Location``
  holds a tab inside its path (WHATWG URL parsing drops it, as every browser does); a story whose second half sits in
  a ``hidden`` "Read more" expander; a story answered once with ``200`` and a JSON rate-limit error, then whole.

Blind run (commit d951ec8, first run): **7 of 19 tests failed**, over 5 cases. The double-encoded page was stored as
mojibake, uncounted (2 tests); the story and the feed answered once with a JSON error were lost (``not_html``,
``bad_document``: never asked again); the ``feed://`` feed failed at start (``NotSupported``); the page printed twice
was stored right (libxml2 read the copy into the body, the extraction kept one) but nothing said so; the shadow root
was stored whole but uncounted, and there the expectation was wrong: a declarative shadow root is valid markup that
browsers render, no bad input to count (its case now asks only that the story is stored whole). The UserLand and
Atom 0.3 feeds, the JSON-LD-only shell, the tab in ``Location`` and the hidden half were right already.
"""

from __future__ import annotations

import json
import re

import pytest

from tests._rounds import crawl_round, newswatch_stats, strict_xfails, titled
from tests.mocksite import MockNewsSite, render
from tests.mocksite.hostile2 import _paragraphs, lead
from tests.mocksite.hostile4 import _UK_OTHER, lead_uk, page
from tests.test_hostile9 import _assert_clean
from tests.test_hostile14 import _html, _item, _rss

# --- feeds ---------------------------------------------------------------------------------------------------------

_USERLAND = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel><title>UserLand</title><link>{{base}}/</link>
<item><title>UserLand</title><link>{{base}}/c/d/userland-1</link><pubDate>{{rfc822:3h}}</pubDate></item>
</channel></rss>
"""

_ATOM03 = """<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:lang="en"><title mode="escaped">Atom 0.3</title>
<link rel="alternate" type="text/html" href="{{base}}/"/><modified>{{iso:1h}}</modified>
<entry><title mode="escaped">Fresh</title><link rel="alternate" type="text/html" href="{{base}}/c/d/atom03-1"/>
 <id>tag:c,2026:atom03-1</id><issued>{{iso:4h}}</issued><modified>{{iso:3h}}</modified></entry>
<entry><title mode="escaped">Old</title><link rel="alternate" type="text/html" href="{{base}}/c/d/atom03-old"/>
 <id>tag:c,2026:atom03-old</id><issued>{{iso:20d}}</issued><modified>{{iso:20d}}</modified></entry>
</feed>
"""

_RATE_LIMITED = json.dumps({"error": "rate limited", "retry_after": 1}).encode()


def _limited_once(path: str, then):
    """``200`` with a JSON rate-limit error on the first request for ``path``, ``then``'s answer after."""
    def route(handler, base):
        if handler.server.hits[path] == 1:
            return 200, "application/json", _RATE_LIMITED, None
        return then(handler, base)
    return route


# --- articles ------------------------------------------------------------------------------------------------------

def _uk_page(title: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in [lead_uk(title), *_UK_OTHER])
    head = page(title, lang="uk").split("<body>")[0]
    return f"{head}<body><nav><a href='/'>Головна</a></nav><article><h1>{title}</h1>{body}</article></body></html>"


def read_through(text: str, codec: str) -> str:
    """``text``'s UTF-8 bytes read through ``codec`` as a browser reads it (an undefined byte is the C1 control of the
    same value): written back as UTF-8, the text encoded twice."""
    def char(byte: int) -> str:
        try:
            return bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            return chr(byte)
    return "".join(map(char, text.encode("utf-8")))


def _double_encoded(html: str) -> bytes:
    """UTF-8 read as windows-1251 and written back as UTF-8: each Cyrillic letter becomes two."""
    return read_through(html, "cp1251").encode("utf-8")


def _shadow_root(title: str) -> str:
    html = page(title)
    start, end = html.index("<article>"), html.index("</article>") + len("</article>")
    return (html[:start] + '<news-article><template shadowrootmode="open"><style>:host{display:block}</style>'
            + html[start:end] + "</template></news-article>" + html[end:])


def _jsonld_only(title: str) -> str:
    paragraphs = [lead(title), *_paragraphs(title)]
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
            "datePublished": "{{iso:2h}}", "author": {"@type": "Person", "name": "Olena Kovalenko"},
            "articleBody": "\n\n".join(paragraphs)}
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script></head>'
            '<body><div id="root"></div><script src="/static/app.3f9a.js"></script></body></html>')


HIDDEN_SENTENCE = ("The second half of the report, behind the expander, says the brigade received forty armoured "
                   "vehicles from Denmark in October.")


def _hidden_rest(title: str) -> str:
    first, *rest = _paragraphs(title)
    html = page(title, [first])
    hidden = "".join(f"<p>{p}</p>" for p in [*rest, HIDDEN_SENTENCE])
    return html.replace("</article>", '<button class="read-more">Read more</button>'
                                      f'<div class="article-rest" hidden>{hidden}</div></article>', 1)


def _tab_redirect(handler, base):
    return 301, "text/html", b"", {"Location": f"{base}/c/a/tab\ttarget"}


# --- expectations --------------------------------------------------------------------------------------------------

MOJIBAKE_TITLE = "Подвійне кодування: Україна отримала від НАТО нові системи протиповітряної оборони"

#: Stories that must be stored once, clean: path -> title.
SALVAGED: dict[str, str] = {
    "/c/a/double-encoded": MOJIBAKE_TITLE,
    "/c/a/shadow-root": "Shadow root: Lithuania hands Ukraine more counter-drone systems",
    "/c/a/printed-twice": "Printed twice: Finland extends its border closure with Russia",
    "/c/a/jsonld-only": "JSON-LD only: Sweden funds Ukraine's long-range drone programme",
    "/c/a/tab-redirect": "Tab in Location: Estonia trains Ukrainian mine clearers",
    "/c/a/hidden-rest": "Read more: Denmark's armoured vehicles reach a Ukrainian brigade",
    "/c/a/json-error": "JSON error under 200: Latvia buys HIMARS for its NATO brigade",
}
#: Where a salvaged story must be stored, when not at the path its feed lists.
STORED_AT = {"/c/a/tab-redirect": "/c/a/tabtarget"}
#: Text each salvaged story's body must hold (besides its lead), where the case is about more than the lead.
MUST_HOLD = {"/c/a/double-encoded": lead_uk(MOJIBAKE_TITLE), "/c/a/hidden-rest": HIDDEN_SENTENCE,
             "/c/a/jsonld-only": _paragraphs(SALVAGED["/c/a/jsonld-only"])[-1]}
#: Articles found only through a hostile feed: path -> the feed listing it.
DISCOVERED: dict[str, str] = {
    "/c/d/userland-1": "/c/f/userland.xml",
    "/c/d/atom03-1": "/c/f/atom03.xml",
    "/c/d/limited-1": "/c/f/limited.xml",
    "/c/d/scheme-1": "/c/f/scheme.xml",
}
DISCOVERED_TITLE = "Hostile 17 {where}: {path}"
#: Pages the crawl must never ask for (an entry older than the crawl's window).
NEVER_FETCHED = ["/c/d/atom03-old"]
#: Bad inputs the crawl got past: path -> (stat prefixes, one of which must count it; words, one of which the log line
#: naming the path must hold).
REPAIRED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "/c/a/double-encoded": (("newswatch/article/charset_corrected/", "newswatch/article/repaired/"),
                            ("encod", "mojibake")),
    "/c/a/printed-twice": (("newswatch/article/repaired/",), ("twice", "repeated", "second")),
    "/c/a/json-error": (("newswatch/fetch/", "newswatch/retry/"), ("json", "rate")),
    "/c/f/limited.xml": (("newswatch/fetch/", "newswatch/retry/"), ("json", "rate")),
    "/c/f/scheme.xml": (("newswatch/discovery/repaired/", "newswatch/discovery/start_"), ("feed:",)),
}


def hostile17_routes() -> dict:
    s = SALVAGED
    routes = {
        "/c/f/userland.xml": _html(_USERLAND, "application/rss+xml"),
        "/c/f/atom03.xml": _html(_ATOM03, "application/atom+xml"),
        "/c/f/limited.xml": _limited_once("/c/f/limited.xml", _html(_rss(_item("{{base}}/c/d/limited-1")),
                                                                    "application/rss+xml")),
        "/c/f/scheme.xml": _html(_rss(_item("{{base}}/c/d/scheme-1")), "application/rss+xml"),
        "/c/a/double-encoded": lambda handler, base: (
            200, "text/html; charset=utf-8", _double_encoded(render(_uk_page(s["/c/a/double-encoded"]), base)), None),
        "/c/a/shadow-root": _html(_shadow_root(s["/c/a/shadow-root"])),
        "/c/a/printed-twice": _html(page(s["/c/a/printed-twice"]) + "\n" + page(s["/c/a/printed-twice"])),
        "/c/a/jsonld-only": _html(_jsonld_only(s["/c/a/jsonld-only"])),
        "/c/a/tab-redirect": _tab_redirect,
        "/c/a/tabtarget": _html(page(s["/c/a/tab-redirect"])),
        "/c/a/hidden-rest": _html(_hidden_rest(s["/c/a/hidden-rest"])),
        "/c/a/json-error": _limited_once("/c/a/json-error", _html(page(s["/c/a/json-error"]))),
    }
    routes["/c/d/atom03-old"] = _html(page("An old Atom 0.3 entry, never to be fetched"))
    return routes | listing_routes("/c/pages.xml", SALVAGED, DISCOVERED, DISCOVERED_TITLE)


def listing_routes(listing: str, salvaged, discovered: dict[str, str], discovered_title: str) -> dict:
    """A round's plain feed at ``listing`` of its ``salvaged`` paths, and the pages of its ``discovered`` ones (path
    -> the feed or sitemap listing it), each titled after ``discovered_title``."""
    routes = {path: _html(page(discovered_title.format(where=where, path=path))) for path, where in discovered.items()}
    routes[listing] = _html(_rss("".join(_item("{{base}}" + p) for p in salvaged), discovered_title.split(" {")[0]),
                            "application/rss+xml")
    return routes


#: Blind misses left after the round, each pinned as a strict xfail with what stands in the way.
KNOWN_MISSES: dict[str, str] = {}


@pytest.fixture(scope="module")
def hostile17(tmp_path_factory):
    with MockNewsSite(routes=hostile17_routes()) as site:
        feeds = ["/c/pages.xml", "/c/f/userland.xml", "/c/f/atom03.xml", "/c/f/limited.xml",
                 site.url("/c/f/scheme.xml").replace("http://", "feed://", 1)]
        run = crawl_round(tmp_path_factory.mktemp("hostile17"), site, feeds, timeout=120, DOWNLOAD_TIMEOUT="20")
        yield site, run


def test_crawl_finishes_without_a_traceback(hostile17):
    hostile17[1].assert_finished_cleanly()


def assert_stored_once_clean_and_whole(site, run, title: str, stored_at: str, must_hold: str) -> None:
    """The story ``title`` is stored once, at ``stored_at`` (a path on ``site``), clean, holding ``must_hold`` once."""
    docs = titled(run, title)
    assert len(docs) == 1, (stored_at, [(d["url"], d["title"]) for d in run.stored()], newswatch_stats(run))
    assert docs[0]["url"] == site.url(stored_at), docs[0]["url"]
    assert docs[0]["body"].count(must_hold) == 1, docs[0]["body"][:800]
    _assert_clean(docs[0])


def assert_found_and_stored_once(site, run, path: str, where: str, title: str) -> None:
    """The article at ``path``, listed only by ``where``, is stored once at its own URL."""
    docs = titled(run, title)
    assert len(docs) == 1, (path, site.hits[path], site.hits[where], newswatch_stats(run))
    assert docs[0]["url"] == site.url(path), docs[0]["url"]


def assert_counted_and_logged(run, path: str, prefixes: tuple[str, ...], words: tuple[str, ...]) -> None:
    """A stat under one of ``prefixes`` counts something, and a log line (not DEBUG) naming ``path`` holds one of
    ``words``."""
    assert any(key.startswith(prefixes) and value for key, value in run.stats.items()), newswatch_stats(run)
    lines = [line for line in run.log.splitlines() if path in line and " DEBUG: " not in line]
    assert any(re.search("|".join(map(re.escape, words)), line, re.I) for line in lines), lines[:10]


@pytest.mark.parametrize("path", strict_xfails(SALVAGED, KNOWN_MISSES))
def test_a_hostile_story_is_stored_once_clean_and_whole(hostile17, path):
    site, run = hostile17
    title = SALVAGED[path]
    assert_stored_once_clean_and_whole(site, run, title, STORED_AT.get(path, path), MUST_HOLD.get(path, lead(title)))


@pytest.mark.parametrize("path", strict_xfails(DISCOVERED, KNOWN_MISSES))
def test_an_article_behind_a_hostile_feed_is_found_and_stored_once(hostile17, path):
    site, run = hostile17
    assert_found_and_stored_once(site, run, path, DISCOVERED[path], DISCOVERED_TITLE.format(where=DISCOVERED[path],
                                                                                            path=path))


@pytest.mark.parametrize("path", NEVER_FETCHED)
def test_an_old_entry_is_never_fetched(hostile17, path):
    assert hostile17[0].hits[path] == 0


@pytest.mark.parametrize("path", strict_xfails(REPAIRED, KNOWN_MISSES))
def test_a_bad_input_the_crawl_got_past_is_counted_and_logged(hostile17, path):
    assert_counted_and_logged(hostile17[1], path, *REPAIRED[path])
