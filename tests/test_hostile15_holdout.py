"""Hostile input, fifteenth round's holdout: new cases written after the round's fixes, before the crawler was run on
them (tests/test_hostile15.py's conventions). An Atom feed whose HTML content holds a raw ``]]>`` right before a
closing tag, inside its CDATA, before two more entries; a sitemap whose image caption's CDATA holds a raw ``]]>``
before more ``<url>``s; a DDoS-Guard check page in Russian answered with 200 once, then the story; Cloudflare's 523
once, then the story; a Ukrainian page whose only charset is ``<meta charset="utf8mb3">``; and, on a site beside, a
robots.txt that redirects to an HTML login page.
"""

from __future__ import annotations

import pytest

from tests._rounds import crawl_round, newswatch_stats, strict_xfails, titled
from tests.mocksite import MockNewsSite, render
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile4 import page
from tests.test_hostile9 import _assert_clean
from tests.test_hostile14 import _html, _item, _rss
from tests.test_hostile15 import _UK, _cf_error, _first_then, _page_in

_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Defence Notes</title><id>urn:dn</id><updated>{{iso:1h}}</updated>
<entry><title>Code sample</title><id>urn:dn:1</id><updated>{{iso:2h}}</updated>
<link rel="alternate" type="text/html" href="{{base}}/h/d/atom-1"/>
<content type="html"><![CDATA[<p>The parser read <code>x[y[0]]]]></code> as the end.</p>]]></content></entry>
<entry><title>Second entry</title><id>urn:dn:2</id><updated>{{iso:2h}}</updated>
<link rel="alternate" type="text/html" href="{{base}}/h/d/atom-2"/><content type="html">plain</content></entry>
<entry><title>Third entry</title><id>urn:dn:3</id><updated>{{iso:2h}}</updated>
<link rel="alternate" type="text/html" href="{{base}}/h/d/atom-3"/></entry>
</feed>
"""

_IMAGE_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>{{base}}/h/d/img-1</loc><lastmod>{{iso:2h}}</lastmod><image:image><image:loc>{{base}}/h/m/a.jpg</image:loc>
<image:caption><![CDATA[Фото: масив m[k[1]]]]> після удару]]></image:caption></image:image></url>
<url><loc>{{base}}/h/d/img-2</loc><lastmod>{{iso:2h}}</lastmod></url>
<url><loc>{{base}}/h/d/img-3</loc><lastmod>{{iso:2h}}</lastmod></url>
</urlset>
"""

_DDOS_GUARD = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>DDoS-Guard</title>
<script src="/.well-known/ddos-guard/check?context=free_splash"></script></head>
<body><div id="ddg-splash"><h1>Проверка браузера перед переходом на сайт</h1>
<p>Это займёт не более нескольких секунд.</p><p>DDoS protection by DDoS-Guard</p></div></body></html>"""

_LOGIN = """<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><title>Вхід</title></head><body>
<form action="/login" method="post"><input name="user"><input type="password" name="pass"><button>Увійти</button>
</form></body></html>"""

SALVAGED = {
    "/h/a/ddos-guard-once": "After a DDoS-Guard check: Lithuania hands over more M577 carriers",
    "/h/a/cf523": "After a Cloudflare 523: Netherlands pays for Ukrainian long-range drones",
    "/h/a/utf8mb3": "Харків отримав нові генератори від партнерів",
}
TEXTS = {"/h/a/utf8mb3": _UK[1]}
DISCOVERED = {
    "/h/d/atom-1": "/h/f/atom.xml",
    "/h/d/atom-2": "/h/f/atom.xml",
    "/h/d/atom-3": "/h/f/atom.xml",
    "/h/d/img-1": "/h/s/images.xml",
    "/h/d/img-2": "/h/s/images.xml",
    "/h/d/img-3": "/h/s/images.xml",
}
DISCOVERED_TITLE = "Holdout {where}: {path}"
BESIDE_TITLE = "Robots to a login page: Romania opens a new F-16 training centre"
MAX_HITS = {"/h/a/ddos-guard-once": 3, "/h/a/cf523": 3}

FEEDS = ["/h/pages.xml", "/h/f/atom.xml"]
SITEMAPS = ["/h/s/images.xml"]

KNOWN_MISSES: dict[str, str] = {}


def holdout_routes(beside: str) -> dict:
    routes = {
        "/h/f/atom.xml": _html(_ATOM, "application/atom+xml"),
        "/h/s/images.xml": _html(_IMAGE_SITEMAP, "application/xml"),
        "/h/a/ddos-guard-once": _first_then(
            lambda handler, base: (200, "text/html; charset=utf-8", _DDOS_GUARD.encode(), {"Server": "ddos-guard"}),
            _html(page(SALVAGED["/h/a/ddos-guard-once"]))),
        "/h/a/cf523": _first_then(_cf_error(523, "Origin is unreachable"), _html(page(SALVAGED["/h/a/cf523"]))),
        "/h/a/utf8mb3": lambda handler, base: (
            200, "text/html", render(_page_in(SALVAGED["/h/a/utf8mb3"], _UK[1:], "uk",
                                              meta='<meta charset="utf8mb3">'), base).encode(), None),
    }
    for path, where in DISCOVERED.items():
        routes[path] = _html(page(DISCOVERED_TITLE.format(where=where, path=path)))
    items = "".join(_item("{{base}}" + p) for p in SALVAGED) + _item(f"{beside}/story")
    routes["/h/pages.xml"] = _html(_rss(items, "Hostile 15 holdout"), "application/rss+xml")
    return routes


def _to_login(handler, base):
    return 302, "text/html", b"", {"Location": base + "/login?next=/robots.txt"}


@pytest.fixture(scope="module")
def holdout(tmp_path_factory):
    beside = MockNewsSite(routes={"/robots.txt": _to_login, "/login": _html(_LOGIN),
                                  "/story": _html(page(BESIDE_TITLE))})
    with beside, MockNewsSite(routes=holdout_routes(beside.base_url)) as site:
        run = crawl_round(tmp_path_factory.mktemp("hostile15h"), site, FEEDS, SITEMAPS, timeout=120,
                          DOWNLOAD_TIMEOUT="20")
        yield site, beside, run


def test_crawl_finishes_without_a_traceback(holdout):
    holdout[2].assert_finished_cleanly()


@pytest.mark.parametrize("path", strict_xfails(SALVAGED, KNOWN_MISSES))
def test_a_hostile_story_is_stored_once_and_clean(holdout, path):
    site, _, run = holdout
    docs = titled(run, SALVAGED[path])
    assert len(docs) == 1, (path, [(d["url"], d["title"]) for d in run.stored()], newswatch_stats(run))
    assert docs[0]["url"] == site.url(path)
    assert (TEXTS.get(path) or lead(SALVAGED[path])) in docs[0]["body"], docs[0]["body"][:500]
    _assert_clean(docs[0])


@pytest.mark.parametrize("path", strict_xfails(DISCOVERED, KNOWN_MISSES))
def test_an_article_behind_a_hostile_feed_or_sitemap_is_found_and_stored_once(holdout, path):
    site, _, run = holdout
    docs = titled(run, DISCOVERED_TITLE.format(where=DISCOVERED[path], path=path))
    assert len(docs) == 1, (path, site.hits[path], newswatch_stats(run))


def test_the_image_of_a_sitemap_is_never_fetched(holdout):
    assert holdout[0].hits["/h/m/a.jpg"] == 0


@pytest.mark.parametrize("path", strict_xfails(MAX_HITS, KNOWN_MISSES))
def test_a_document_is_not_asked_forever(holdout, path):
    assert 1 <= holdout[0].hits[path] <= MAX_HITS[path], holdout[0].hits[path]


def test_a_broken_cdata_section_is_counted_and_logged(holdout):
    site, _, run = holdout
    assert run.stats.get("newswatch/discovery/repaired/nested_cdata_end") == 2, newswatch_stats(run)
    assert any(site.url("/h/s/images.xml") in line and "CDATA" in line for line in run.log.splitlines())


def test_a_challenge_answered_with_200_is_counted_and_logged(holdout):
    site, _, run = holdout
    assert run.stats.get("newswatch/article/bot_challenge/ddos_guard"), newswatch_stats(run)
    assert any(site.url("/h/a/ddos-guard-once") in line and "challenge" in line for line in run.log.splitlines())


def test_a_robots_txt_redirected_to_a_login_page_loses_no_story_and_is_counted_and_logged(holdout):
    _, beside, run = holdout
    assert [d["url"] for d in titled(run, BESIDE_TITLE)] == [beside.url("/story")], newswatch_stats(run)
    assert run.stats.get("newswatch/robots/html_page"), newswatch_stats(run)
    assert any(beside.url("/robots.txt") in line and "HTML" in line for line in run.log.splitlines())
