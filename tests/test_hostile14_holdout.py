"""Hostile input, fourteenth round's holdout: new cases written after the round's fixes, before the crawler was run on
them (tests/test_hostile14.py's conventions). A feed whose CDATA links hold ``&nbsp;`` and ``&amp;`` beside a good
one; a page that is only ``document.location.href = "<absolute URL>"``; a meta refresh whose URL holds ``&amp;``;
an empty HTML skeleton answered with 200; a redirect that spins through ever new query strings; a chunked body
whose chunk size is no number; and at crawl start a sitemap that answers 404 and a sources file whose feed URL is an
unclosed IPv6 literal.
"""

from __future__ import annotations

import pytest

from tests._rounds import crawl_round, newswatch_stats, strict_xfails, titled
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, render
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile4 import page
from tests.test_hostile9 import _assert_clean
from tests.test_hostile14 import _html, _item, _rss


def _cdata_feed(handler, base):
    items = "".join(f"<item><title>t</title><link><![CDATA[{base}{link}]]></link><pubDate>{{{{rfc822:2h}}}}</pubDate>"
                    "</item>\n" for link in ["/h/d/kharkiv&nbsp;strike", "/h/d/cdata-good?id=4&amp;lang=uk"])
    return 200, "application/rss+xml", render(_rss(items), base).encode(), None


def _spin(handler, base):
    n = int(handler.path.partition("?n=")[2] or 0)
    return 302, "text/html", b"", {"Location": f"{base}/h/spin?n={n + 1}"}


def _bad_chunk(handler, base):
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n"
                        b"Connection: close\r\n\r\nzz\r\n<html><body><p>garbage</p></body></html>\r\n0\r\n\r\n")
    handler.wfile.flush()


def _query_exact(query: str, html: str):
    def route(handler, base):
        if handler.path.partition("?")[2] != query:
            return 404, "text/html; charset=utf-8", b"<h1>Not found</h1>", None
        return 200, "text/html; charset=utf-8", render(html, base).encode(), None
    return route


#: Stories that must be stored once and clean: path -> title.
SALVAGED = {
    "/h/js-abs-target": "Absolute JS redirect: Sweden sends Archer howitzers to Ukraine",
    "/h/refresh-amp": "Meta refresh with an escaped query: Moldova detains Russian agents",
    "/h/d/cdata-good": "CDATA link with an escaped ampersand: Kyiv restores the metro after a blackout",
}
QUERIES = {"/h/refresh-amp": "id=3&lang=uk", "/h/d/cdata-good": "id=4&lang=uk"}
#: Pages that hold no article: path -> stat prefixes, one of which must count it.
REJECTED = {
    "/h/skeleton": ("newswatch/dropped/", "newswatch/article/"),
    "/h/spin": ("newswatch/fetch/error/",),
    "/h/bad-chunk": ("newswatch/fetch/error/",),
}
MAX_HITS = {"/h/spin": 21, "/h/bad-chunk": 2}
FEEDS = ["/h/pages.xml", "/h/f/cdata.xml"]
KNOWN_MISSES: dict[str, str] = {}


def holdout_routes() -> dict:
    s = SALVAGED
    routes = {
        "/h/f/cdata.xml": _cdata_feed,
        "/h/js-abs": lambda handler, base: (200, "text/html; charset=utf-8", (
            '<html><head><script type="text/javascript">document.location.href = "' + base + '/h/js-abs-target";'
            "</script></head><body></body></html>").encode(), None),
        "/h/js-abs-target": _html(page(s["/h/js-abs-target"])),
        "/h/refresh": _html('<html><head><META HTTP-EQUIV="REFRESH" CONTENT="0; URL=/h/refresh-amp?id=3&amp;lang=uk">'
                            "</head><body></body></html>"),
        "/h/refresh-amp": _query_exact(QUERIES["/h/refresh-amp"], page(s["/h/refresh-amp"])),
        "/h/d/cdata-good": _query_exact(QUERIES["/h/d/cdata-good"], page(s["/h/d/cdata-good"])),
        "/h/d/kharkiv\xa0strike": _html(page("Never to be read")),
        "/h/skeleton": _html("\r\n<html><head></head><body></body></html>\r\n"),
        "/h/spin": _spin,
        "/h/bad-chunk": _bad_chunk,
    }
    routes["/h/pages.xml"] = _html(_rss("".join(_item("{{base}}" + p) for p in
                                                ["/h/js-abs", "/h/refresh", "/h/skeleton", "/h/spin?n=0",
                                                 "/h/bad-chunk"])), "application/rss+xml")
    return routes


@pytest.fixture(scope="module")
def holdout(tmp_path_factory, start_future):
    with MockNewsSite(routes=holdout_routes()) as site:
        yield site, crawl_round(tmp_path_factory.mktemp("hostile14-holdout"), site, FEEDS, timeout=120,
                                DOWNLOAD_TIMEOUT="20")


def test_crawl_finishes_without_a_traceback(holdout):
    holdout[1].assert_finished_cleanly()


@pytest.mark.parametrize("path", strict_xfails(SALVAGED, KNOWN_MISSES))
def test_a_hostile_story_is_stored_once_and_clean(holdout, path):
    site, run = holdout
    docs = titled(run, SALVAGED[path])
    assert len(docs) == 1, (path, [d["url"] for d in run.stored()], newswatch_stats(run))
    assert lead(SALVAGED[path]) in docs[0]["body"]
    if path in QUERIES:
        assert docs[0]["url"] == site.url(f"{path}?{QUERIES[path]}"), docs[0]["url"]
    _assert_clean(docs[0])


@pytest.mark.parametrize("path", strict_xfails(REJECTED, KNOWN_MISSES))
def test_a_page_that_is_no_article_is_counted_and_logged(holdout, path):
    site, run = holdout
    assert not [d for d in run.stored() if d["url"].startswith(site.url(path))]
    assert any(key.startswith(REJECTED[path]) and value for key, value in run.stats.items()), newswatch_stats(run)
    assert site.url(path) in run.log


@pytest.mark.parametrize("path", strict_xfails(MAX_HITS, KNOWN_MISSES))
def test_a_document_is_not_asked_forever(holdout, path):
    assert 1 <= holdout[0].hits[path] <= MAX_HITS[path], holdout[0].hits[path]


def test_a_cdata_link_holding_nbsp_is_skipped_and_counted(holdout):
    site, run = holdout
    assert not [p for p in site.hits if p.startswith("/h/d/kharkiv")]
    assert run.stats.get("newswatch/discovery/bad_link", 0) >= 1, newswatch_stats(run)
    assert any(site.url("/h/f/cdata.xml") in line and "kharkiv" in line for line in run.log.splitlines())


@pytest.fixture(scope="module")
def start_future(tmp_path_factory):
    """The crawl-start cases, started beside the input crawl (:func:`holdout` asks for this fixture first)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        yield pool.submit(_crawl_start, tmp_path_factory.mktemp("hostile14-holdout-start"))


@pytest.fixture(scope="module")
def start(start_future):
    return start_future.result()


def _crawl_start(tmp):
    title = "Good feed beside a missing sitemap: Latvia reinstates conscription"
    routes = {"/start/good.xml": _html(_rss(_item("{{base}}/start/story")), "application/rss+xml"),
              "/start/story": _html(page(title))}
    with MockNewsSite(routes=routes) as site:
        good = tmp / "good.yaml"
        good.write_text(f"start_outlet:\n  name: Start Outlet\n  url: {site.base_url}/\n  languages: [en]\n"
                        f"  feeds: [{site.url('/start/good.xml')}]\n  sitemaps: [{site.url('/start/gone.xml')}]\n")
        run = run_crawl(tmp / "a", "start_outlet", args={"since": "3d"}, env={"NEWSWATCH_SOURCES": str(good)},
                        settings={"DOWNLOAD_TIMEOUT": "10", "RETRY_TIMES": "1"}, timeout=90)
        bad = tmp / "bad.yaml"
        bad.write_text(f"start_outlet:\n  name: Start Outlet\n  url: {site.base_url}/\n  languages: [en]\n"
                       f"  feeds: ['http://[::1/feed.xml', {site.url('/start/good.xml')}]\n")
        bad_run = run_crawl(tmp / "b", "start_outlet", args={"since": "3d"}, env={"NEWSWATCH_SOURCES": str(bad)},
                            timeout=90)
    return site, run, title, bad_run


def test_a_start_sitemap_that_answers_404_is_counted_and_the_feed_still_read(start):
    site, run, title, _ = start
    run.assert_finished_cleanly()
    assert len(titled(run, title)) == 1, newswatch_stats(run)
    assert any(k.startswith("newswatch/discovery/start_failed/") and v for k, v in run.stats.items()), (
        newswatch_stats(run))
    assert any(site.url("/start/gone.xml") in line and "start" in line for line in run.log.splitlines())


def test_a_sources_file_with_an_unparsable_url_fails_loudly_naming_the_outlet(start):
    *_, bad_run = start
    assert bad_run.returncode != 0
    assert "Traceback" not in bad_run.log, bad_run.log[-3000:]
    assert any("start_outlet" in line and "feeds" in line for line in bad_run.log.splitlines()), bad_run.log[-2000:]
