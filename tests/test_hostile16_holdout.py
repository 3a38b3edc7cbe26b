"""Hostile input, sixteenth round's holdout: new cases written after the round's fixes, before the crawler was run on
them (tests/test_hostile16.py's conventions). A sitemap ``<loc>`` wrapped with CRLF and indentation inside its query
string; an Atom ``<link href>`` attribute wrapped over two lines (XML turns the line break into a space); a story
that redirects to itself with ``?PHPSESSID=`` added; an RSS feed stored gzipped on S3 and served as
``binary/octet-stream`` without ``Content-Encoding``; a syndicated story whose ``<link rel=canonical>`` and
``og:url`` name the original on another site; and, on a site beside, a robots.txt answering nginx's 502 Bad Gateway.
"""

from __future__ import annotations

import gzip

import pytest

from tests._rounds import crawl_round, newswatch_stats, strict_xfails, titled
from tests.mocksite import MockNewsSite, render
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile4 import page
from tests.test_hostile9 import _assert_clean
from tests.test_hostile14 import _html, _item, _rss
from tests.test_hostile16 import _urlset

_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wrapped Atom</title><id>urn:wa</id><updated>{{iso:1h}}</updated>
<entry><title>Wrapped href</title><id>urn:wa:1</id><updated>{{iso:2h}}</updated>
<link rel="alternate" type="text/html" href="{{base}}/k/d/atom-
        wrapped"/></entry>
</feed>
"""


def _s3_gzipped_feed(handler, base):
    xml = render(_rss(_item("{{base}}/k/d/s3gz-1") + _item("{{base}}/k/d/s3gz-2"), "S3 gzipped"), base)
    return 200, "binary/octet-stream", gzip.compress(xml.encode()), {"x-amz-request-id": "9C1B7E3D4F2A"}


def _add_phpsessid(handler, base):
    if "PHPSESSID" in handler.path:
        return 200, "text/html; charset=utf-8", render(page(SALVAGED["/k/a/php-session"]), base).encode(), None
    return 302, "text/html", b"", {"Location": f"{base}/k/a/php-session?PHPSESSID=q1w2e3r4t5y6u7i8o9p0a1s2d3"}


def _syndicated(other_base: str):
    def route(handler, base):
        url = f"{other_base}/world/original-story-4471"
        head = f'<link rel="canonical" href="{url}"><meta property="og:url" content="{url}">'
        return 200, "text/html; charset=utf-8", render(page(SALVAGED["/k/a/partner"], head=head), base).encode(), None
    return route


_NGINX_502 = b"""<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.24.0</center>
</body>
</html>
"""

SALVAGED = {
    "/k/a/php-session": "PHP session: Lithuania buys more Piorun launchers",
    "/k/a/partner": "Partner copy: Denmark sends its F-16 simulators to Ukraine",
}
DISCOVERED = {
    "/k/d/crlf?id=12345": "/k/s/crlf.xml",
    "/k/d/atom-wrapped": "/k/f/atom.xml",
    "/k/d/s3gz-1": "/k/f/s3gz.xml",
    "/k/d/s3gz-2": "/k/f/s3gz.xml",
}
DISCOVERED_TITLE = "Holdout 16 {where}: {path}"
BESIDE_TITLE = "Robots 502: Estonia completes its Baltic defence line bunkers"

FEEDS = ["/k/pages.xml", "/k/f/atom.xml", "/k/f/s3gz.xml"]
SITEMAPS = ["/k/s/crlf.xml"]

KNOWN_MISSES: dict[str, str] = {}


def holdout_routes(beside: str) -> dict:
    routes = {
        "/k/s/crlf.xml": _html(_urlset(["{{base}}/k/d/crlf?id=12\r\n    345"]), "application/xml"),
        "/k/f/atom.xml": _html(_ATOM, "application/atom+xml"),
        "/k/f/s3gz.xml": _s3_gzipped_feed,
        "/k/a/php-session": _add_phpsessid,
        "/k/a/partner": _syndicated(beside),
    }
    for path, where in DISCOVERED.items():
        title = DISCOVERED_TITLE.format(where=where, path=path)
        routes[path.split("?")[0]] = _html(page(title))
    items = "".join(_item("{{base}}" + p) for p in SALVAGED) + _item(f"{beside}/story")
    routes["/k/pages.xml"] = _html(_rss(items, "Hostile 16 holdout"), "application/rss+xml")
    return routes


@pytest.fixture(scope="module")
def holdout(tmp_path_factory):
    beside = MockNewsSite(routes={"/robots.txt": lambda handler, base: (502, "text/html", _NGINX_502, None),
                                  "/story": _html(page(BESIDE_TITLE)),
                                  "/world/original-story-4471": _html(page("The original, never fetched"))})
    with beside, MockNewsSite(routes=holdout_routes(beside.base_url)) as site:
        run = crawl_round(tmp_path_factory.mktemp("hostile16h"), site, FEEDS, SITEMAPS, timeout=150,
                          DOWNLOAD_TIMEOUT="20", NEWSWATCH_RETRY_BACKOFF_BASE="0.2")
        yield site, beside, run


def test_crawl_finishes_without_a_traceback(holdout):
    holdout[2].assert_finished_cleanly()


@pytest.mark.parametrize("path", strict_xfails(SALVAGED, KNOWN_MISSES))
def test_a_hostile_story_is_stored_once_clean_and_at_its_own_url(holdout, path):
    site, _, run = holdout
    docs = titled(run, SALVAGED[path])
    assert len(docs) == 1, (path, [(d["url"], d["title"]) for d in run.stored()], newswatch_stats(run))
    assert docs[0]["url"] == site.url(path), docs[0]["url"]
    assert lead(SALVAGED[path]) in docs[0]["body"], docs[0]["body"][:500]
    _assert_clean(docs[0])


@pytest.mark.parametrize("path", strict_xfails(DISCOVERED, KNOWN_MISSES))
def test_an_article_behind_a_hostile_feed_or_sitemap_is_found_and_stored_once(holdout, path):
    site, _, run = holdout
    docs = titled(run, DISCOVERED_TITLE.format(where=DISCOVERED[path], path=path))
    assert len(docs) == 1, (path, dict(site.hits), newswatch_stats(run))
    assert docs[0]["url"] == site.url(path), docs[0]["url"]


def test_wrapped_links_are_counted_and_logged(holdout):
    site, _, run = holdout
    assert run.stat("newswatch/discovery/repaired/wrapped_link") >= 1, newswatch_stats(run)
    assert any(site.url("/k/s/crlf.xml") in line and "repaired" in line for line in run.log.splitlines())


def test_the_original_of_a_syndicated_copy_is_never_fetched(holdout):
    assert holdout[1].hits["/world/original-story-4471"] == 0


def test_a_robots_txt_answering_502_skips_its_host_for_the_run_counted_and_logged(holdout):
    _, beside, run = holdout
    assert not titled(run, BESIDE_TITLE)
    assert beside.hits["/story"] == 0
    assert run.stat("newswatch/robots/server_error") == 1, newswatch_stats(run)
    assert any(beside.url("/robots.txt") in line and "502" in line for line in run.log.splitlines())
