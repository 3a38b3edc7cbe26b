"""Hostile input, third round: cases tests/test_hostile.py and tests/test_hostile2.py do not try, in one real
`scrapy crawl` of the mock site (routes below), plus the defences they led to, tried directly. The crawl must
finish without a traceback, every bad thing be logged with its reason and counted, every good article stored once.
"""

from __future__ import annotations

import gzip
import json
import os
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import parse_qs, urlsplit

import brotli
import pytest
from backports import zstd

from newswatch import discovery
from newswatch.discovery import feed_rows, parse_feed, parse_off_loop, parse_sitemap, sitemap_rows
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, bulk_routes, render
from tests.mocksite.hostile2 import lead, page, rss
from tests.test_faults import _articles_served, _when

GOOD_COUNT = 8
STORM = 12  # pages of one outlet that answer 503 to everything
#: Entries of the big feed: all but the fresh ones are older than the crawl's `since` (3 days).
BIG_FEED = 3000
FRESH_IN_BIG_FEED = 4


def _ok(body: bytes, content_type: str = "text/html; charset=utf-8", headers: dict | None = None):
    return lambda handler, base: (200, content_type, body, headers)


def _html(html: str, content_type: str = "text/html; charset=utf-8"):
    return lambda handler, base: (200, content_type, render(html, base).encode(), None)


def _retry_after_once(html: str):
    """429 with ``Retry-After: 1`` on the first request, the page on the next."""
    def route(handler, base):
        if handler.server.hits["/y/retry-after"] == 1:
            return 429, "text/html", b"<html><body>Too Many Requests</body></html>", {"Retry-After": "1"}
        return 200, "text/html; charset=utf-8", render(html, base).encode(), None
    return route


def _storm(handler, base):
    return 503, "text/html", b"<html><body>Service Unavailable</body></html>", {"Retry-After": "0"}


def _encoded(html: str, encoding: str):
    def route(handler, base):
        raw = render(html, base).encode()
        body = brotli.compress(raw) if encoding == "br" else zstd.compress(raw)
        return 200, "text/html; charset=utf-8", body, {"Content-Encoding": encoding}
    return route


def _login_redirect(handler, base):
    return 302, "text/html", b"", {"Location": f"{base}/login?next=/y/members-only"}


_LOGIN = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in | Kyiv Daily</title></head><body>'
          '<header><nav><a href="/">Home</a> <a href="/war">War</a></nav></header><main><h1>Sign in</h1>'
          "<p>Sign in to continue reading. This article is available to subscribers only.</p>"
          '<form action="/login" method="post"><label>Email <input name="email"></label><label>Password '
          '<input type="password" name="password"></label><button>Sign in</button></form>'
          '<p>Not a subscriber yet? <a href="/subscribe">Subscribe</a> for full access to our reporting from Ukraine.'
          "</p></main><footer>© Kyiv Daily</footer></body></html>")


def _sitemap_chain(handler, base):
    """A sitemap index without end: ``?n=K`` lists ``?n=K+1``, and one real sitemap."""
    n = int(parse_qs(urlsplit(handler.path).query).get("n", ["0"])[0])
    body = ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{base}/y/chain.xml?n={n + 1}</loc></sitemap>"
            + (f"<sitemap><loc>{base}/y/chain-urls.xml</loc></sitemap>" if n == 0 else "") + "</sitemapindex>")
    return 200, "application/xml", body.encode(), None


def _big_feed(handler, base):
    """BIG_FEED entries (~230 bytes each): the first FRESH_IN_BIG_FEED link to good pages and are new, the rest
    are a month old (skipped by `since` without being fetched)."""
    now = datetime.now(UTC)
    items = []
    for n in range(BIG_FEED):
        fresh = n < FRESH_IN_BIG_FEED
        link = f"{base}/bulk/{n}" if fresh else f"{base}/y/archive/{n}"
        date = format_datetime(now - (timedelta(hours=1) if fresh else timedelta(days=30, minutes=n)))
        items.append(f"<item><title>Archive story {n} about the war in Ukraine</title><link>{link}</link>"
                     f"<guid>{link}</guid><pubDate>{date}</pubDate><category>Ukraine</category></item>")
    body = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big</title>'
            + "".join(items) + "</channel></rss>").encode()
    return 200, "application/rss+xml", body, None


def _deep_divs(title: str, depth: int) -> str:
    html = page(title)
    head, body = html.split("<article>", 1)
    return head + "<div>" * depth + "<article>" + body.replace("</article>", "</article>" + "</div>" * depth, 1)


def _huge_jsonld(title: str, megabytes: int) -> str:
    graph = [{"@type": "Thing", "name": f"filler {n}", "description": "x" * 200} for n in range(megabytes * 4500)]
    block = json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "headline": title, "author": {"@type": "Person", "name": "Olena Kovalenko"}},
        *graph]})
    return page(title, head=f'<script type="application/ld+json">{block}</script>')


_META_IN_COMMENT = page("Київ: коментар про кодування", lang="uk", meta_charset=None,
                        head='<!-- <meta charset="windows-1251"> old template -->').replace(
    lead("Київ: коментар про кодування", "uk"),
    "Ця замітка (Київ: коментар про кодування) підготовлена нашими кореспондентами спеціально для перевірки сайту.")

#: Stories that must be stored despite their hostile delivery: path -> title; the stored body holds the page's
#: :func:`lead` (English pages) or the given text.
SALVAGED = {
    "/y/retry-after": ("Served after a 429 with Retry-After", None),
    "/y/brotli": ("A page served with Content-Encoding br", None),
    "/y/zstd": ("A page served with Content-Encoding zstd", None),
    "/y/deep-divs": ("An article under 100,000 nested divs", None),
    "/y/huge-jsonld": ("An article with 5 MB of JSON-LD", None),
    "/y/meta-in-comment": ("Київ: коментар про кодування", "Ця замітка (Київ: коментар про кодування) підготовлена"),
    "/y/same": ("Twenty feed items, one address", None),
    "/y/guid-a": ("First story under a shared GUID", None),
    "/y/guid-b": ("Second story under a shared GUID", None),
    "/y/chain-story": ("A story in a sitemap of an endless index", None),
}
#: Pages that hold no article or cannot be fetched: path -> the stat that counts them.
REJECTED = {
    "/y/empty": "newswatch/dropped/no_body",
    # redirected to a sign-in page: dropped as error_page by its title (sign-in rules in error_pages.yaml)
    "/y/members-only": "newswatch/dropped/error_page",
    **{f"/y/storm/{n}": "newswatch/fetch/error/http_503" for n in range(STORM)},
}


def hostile3_routes() -> dict:
    routes = bulk_routes(GOOD_COUNT)
    routes.update({
        "/y/retry-after": _retry_after_once(page(SALVAGED["/y/retry-after"][0])),
        **{f"/y/storm/{n}": _storm for n in range(STORM)},
        "/y/empty": _ok(b""),
        "/y/brotli": _encoded(page(SALVAGED["/y/brotli"][0]), "br"),
        "/y/zstd": _encoded(page(SALVAGED["/y/zstd"][0]), "zstd"),
        "/y/deep-divs": _html(_deep_divs(SALVAGED["/y/deep-divs"][0], 100_000)),
        "/y/huge-jsonld": _html(_huge_jsonld(SALVAGED["/y/huge-jsonld"][0], 5)),
        # UTF-8 with no charset in the header; the only <meta charset> is inside a comment and says windows-1251
        "/y/meta-in-comment": _html(_META_IN_COMMENT, "text/html"),
        "/y/members-only": _login_redirect,
        "/login": _html(_LOGIN),
        "/y/same": _html(page(SALVAGED["/y/same"][0])),
        "/y/guid-a": _html(page(SALVAGED["/y/guid-a"][0])),
        "/y/guid-b": _html(page(SALVAGED["/y/guid-b"][0])),
        "/y/chain-story": _html(page(SALVAGED["/y/chain-story"][0])),
        "/y/chain.xml": _sitemap_chain,
        "/y/chain-urls.xml": lambda handler, base: (200, "application/xml", (
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base}/y/chain-story</loc></url></urlset>").encode(), None),
        "/y/big.xml": _big_feed,
        "/y/one-url.xml": _html(rss(["/y/same"] * 20), "application/rss+xml"),
        "/y/dup-guids.xml": _html(rss(["/y/guid-a", "/y/guid-b"]).replace(
            "</link>", "</link><guid isPermaLink=\"false\">tag:kyiv-daily,2026:one</guid>"), "application/rss+xml"),
    })
    pages = ["/y/retry-after", *(f"/y/storm/{n}" for n in range(STORM)), "/y/empty", "/y/brotli", "/y/zstd",
             "/y/deep-divs", "/y/huge-jsonld", "/y/meta-in-comment", "/y/members-only",
             *(f"/bulk/{n}" for n in range(FRESH_IN_BIG_FEED, GOOD_COUNT))]
    routes["/y/pages.xml"] = _html(rss(pages), "application/rss+xml")
    return routes


FEEDS = ["/y/pages.xml", "/y/big.xml", "/y/one-url.xml", "/y/dup-guids.xml"]
SITEMAPS = ["/y/chain.xml?n=0"]


@pytest.fixture(scope="module")
def hostile3(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile3")
    with MockNewsSite(routes=hostile3_routes()) as site:
        run = run_crawl(work, args={"feeds": ",".join(site.url(p) for p in FEEDS),
                                    "sitemaps": ",".join(site.url(p) for p in SITEMAPS), "since": "3d"},
                        settings={"DOWNLOAD_WARNSIZE": "0", "DOWNLOAD_MAXSIZE": str(10 * 1024 * 1024),
                                  "RETRY_TIMES": "2"}, timeout=240)
        yield site, run



def test_crawl_finishes_without_a_traceback_and_every_good_article_is_stored_once(hostile3):
    site, run = hostile3
    run.assert_finished_cleanly()
    stored = run.stored_by_path(site.base_url)
    for n in range(GOOD_COUNT):
        assert len(stored.get(f"/bulk/{n}", [])) == 1, f"/bulk/{n} not stored exactly once"


@pytest.mark.parametrize("path", list(SALVAGED))
def test_hostile_delivery_of_a_good_story_still_stores_it(hostile3, path):
    site, run = hostile3
    title, text = SALVAGED[path]
    docs = run.stored_by_path(site.base_url).get(path, [])
    assert len(docs) == 1, f"{path} not stored once; log tail:\n{run.log[-3000:]}"
    assert docs[0]["title"] == title
    assert (text or lead(title)) in docs[0]["body"]
    assert "\ufffd" not in docs[0]["body"] and "Р" not in docs[0]["body"][:3]


@pytest.mark.parametrize("path", list(REJECTED))
def test_page_that_cannot_be_an_article_is_counted_with_its_reason(hostile3, path):
    site, run = hostile3
    assert path not in run.stored_by_path(site.base_url)
    assert run.stat(REJECTED[path]) >= 1, {k: v for k, v in run.stats.items() if k.startswith("newswatch/")}


def test_429_retry_after_is_honoured_and_a_503_storm_ends(hostile3):
    site, run = hostile3
    assert site.hits["/y/retry-after"] == 2
    assert run.stat("newswatch/retry/retry_after") >= 1
    assert run.stat("newswatch/fetch/error/http_503") == STORM
    assert all(site.hits[f"/y/storm/{n}"] == 3 for n in range(STORM))  # RETRY_TIMES=2: tried 3 times, no more


def test_a_feed_whose_links_are_all_one_url_fetches_it_once(hostile3):
    site, run = hostile3
    assert site.hits["/y/same"] == 1


def test_feed_items_sharing_a_guid_are_each_followed_by_their_link(hostile3):
    site, run = hostile3
    assert site.hits["/y/guid-a"] == site.hits["/y/guid-b"] == 1


def test_a_sitemap_index_without_end_is_read_to_a_bounded_depth(hostile3):
    """Before: each ``?n=K`` was a new URL, so the crawl read the chain until someone killed it."""
    site, run = hostile3
    assert site.hits["/y/chain.xml"] == 4  # n=0 (given), then three indexes below it
    assert run.stat("newswatch/discovery/sitemap_too_deep") == 1
    assert "indexes deep; its 1 child sitemap(s) are not read" in run.log


def test_a_big_feed_is_parsed_off_the_event_loop_with_the_same_entries(hostile3):
    site, run = hostile3
    assert run.stat("newswatch/discovery/parsed_off_loop") >= 1
    assert run.stat("newswatch/discovery/entries/rss") >= BIG_FEED
    assert run.stat("newswatch/discovery/skipped_old") == BIG_FEED - FRESH_IN_BIG_FEED
    assert not any(site.hits[f"/y/archive/{n}"] for n in range(FRESH_IN_BIG_FEED, BIG_FEED))


def test_a_zero_byte_page_and_a_login_page_say_why_they_were_dropped(hostile3):
    site, run = hostile3
    assert f"Dropped: no_body: {site.base_url}/y/empty" in run.log
    assert site.hits["/login"] == 1
    assert f"Dropped: error_page: {site.base_url}/login?next=/y/members-only" in run.log


# --- the same defences, directly -----------------------------------------------------------------------------


def _urlset(count: int) -> bytes:
    urls = "".join(f"<url><loc>https://news.example/story/{n}</loc></url>" for n in range(count))
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def test_a_sitemap_past_the_protocols_url_limit_is_read_up_to_it(monkeypatch):
    monkeypatch.setattr(discovery, "MAX_SITEMAP_URLS", 1000)
    result = parse_sitemap(gzip.compress(_urlset(5000)), "https://news.example/sitemap.xml.gz")
    assert [e.url for e in result.entries] == [f"https://news.example/story/{n}" for n in range(1000)]
    assert result.capped == 4000
    rows, sitemaps, capped = sitemap_rows(gzip.compress(_urlset(5000)), "https://news.example/sitemap.xml.gz")
    assert rows == [e.row() for e in result.entries] and sitemaps == [] and capped == 4000


def test_feed_rows_are_the_entries_of_parse_feed():
    items = "".join(f"<item><title>T{n}</title><link>https://news.example/{n}</link><pubDate>Tue, 24 Nov 2026 "
                    f"10:{n % 60:02d}:00 GMT</pubDate><category>NATO</category><dc:creator>A B</dc:creator></item>"
                    for n in range(800))
    body = (f'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><language>uk</language>{items}'
            "</channel></rss>").encode()
    assert parse_off_loop(body) and not parse_off_loop(body[:50_000])
    assert parse_off_loop(gzip.compress(body)) == (len(gzip.compress(body)) * 10 >= discovery.OFF_LOOP_BYTES)
    entries = parse_feed(body, "https://news.example/rss")
    rows = feed_rows(body, "https://news.example/rss")
    assert len(rows) == 800 and [discovery.Entry(*row) for row in rows] == entries


# --- the SQLite store replaced mid-crawl -----------------------------------------------------------------------


def test_database_file_replaced_mid_crawl_keeps_the_new_file_and_every_article(tmp_path):
    """An analyst restores a backup (``mv``) half-way through a crawl. Before: the stale -wal beside the path put
    the old database's pages over the restored file, so the backup's own articles were lost, and the articles the
    crawl wrote after the backup was taken were only in the unlinked old file."""
    from newswatch.storage import SqliteStore
    from tests.test_storage import article

    count = 18
    db_path = tmp_path / "newswatch.sqlite3"
    backup = tmp_path / "backup.sqlite3"
    with SqliteStore(backup) as analysts:  # the backup holds the analysts' own articles
        analysts.upsert_articles([article(key=f"archive.example/story-{n}") for n in range(5)])
    replaced = threading.Event()

    def restore():
        os.replace(backup, db_path)
        replaced.set()

    with MockNewsSite(routes=bulk_routes(count, latency=0.05)) as site:
        swap = _when(lambda: _articles_served(site) >= count // 2, restore)
        run = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml"), "since": "all"}, db_path=db_path, settings={
            "NEWSWATCH_STORE_BATCH_SIZE": "3", "CONCURRENT_REQUESTS": "2", "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
            "NEWSWATCH_EXTRACT_WORKERS": "0"})
        swap.join()
    assert replaced.is_set()
    assert run.returncode == 0, run.log[-3000:]
    assert "was replaced while the crawl had it open" in run.log
    assert run.stat("newswatch/store/file_replaced") == 1 and run.stat("newswatch/store/file_carried") >= 1
    urls = sorted(doc["url"] for doc in run.stored())
    assert [u for u in urls if "archive.example" in u] == sorted(f"https://www.archive.example/story-{n}.html"
                                                                  for n in range(5))
    assert sorted(u.removeprefix(site.base_url) for u in urls if u.startswith(site.base_url)) == sorted(
        f"/bulk/{n}" for n in range(count))
