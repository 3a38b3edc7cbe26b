"""Hostile input, sixth round: cases rounds 1-5 (tests/test_hostile*.py) do not try, in one real `scrapy crawl` of the
mock site (routes in tests/mocksite/hostile6.py), plus the SQLite store's directory removed and recreated mid-crawl
(a second, small crawl run beside it). The crawl must finish without a traceback, every bad thing be logged with its
reason and counted, every good article stored once and clean.
"""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests._rounds import assert_the_good_bulk_is_stored_once, stored_once
from tests._rounds import newswatch_stats as _newswatch_stats  # the name the later rounds import
from tests.crawling import run_crawl, run_hostile_crawl
from tests.mocksite import MockNewsSite, bulk_routes
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile6 import (
    BAD_NEWS_DATES,
    CANONICAL_LOOP,
    CANONICAL_TITLE,
    DISCOVERED,
    FEEDS,
    GIANT_NAME_CHARS,
    GOOD_COUNT,
    ODD_LASTMODS,
    OTHER_HOST,
    OTHER_HOST_TITLE,
    REFRESH_CHAIN,
    REJECTED,
    SALVAGED,
    SITEMAPS,
    hostile6_routes,
)
from tests.test_faults import _articles_served, _when

_DIRTY = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")
STORE_GONE_COUNT = 16


def _hostile_crawl(work):
    with MockNewsSite(routes=hostile6_routes()) as site:
        return site, run_hostile_crawl(work, site, FEEDS, SITEMAPS, max_bytes=10 * 1024 * 1024)


def _store_gone_crawl(work):
    """The database's directory removed half-way through a crawl (an operator's `rm -rf data/`, a volume unmounted)
    and recreated, empty, a second later."""
    data = work / "data"
    data.mkdir()
    db_path = data / "newswatch.sqlite3"
    with MockNewsSite(routes=bulk_routes(STORE_GONE_COUNT, latency=0.05)) as site:
        def remove_then_recreate():
            shutil.rmtree(data)
            _when(lambda: False, lambda: data.mkdir(exist_ok=True), timeout=1)
        gone = _when(lambda: _articles_served(site) >= STORE_GONE_COUNT // 2, remove_then_recreate)
        run = run_crawl(work, args={"feeds": site.url("/bulk.xml"), "since": "all"}, db_path=db_path, settings={
            "NEWSWATCH_STORE_BATCH_SIZE": "3", "CONCURRENT_REQUESTS": "2", "CONCURRENT_REQUESTS_PER_DOMAIN": "2"},
            timeout=240)
        gone.join()
    return site, run


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    with ThreadPoolExecutor(2) as pool:
        hostile = pool.submit(_hostile_crawl, tmp_path_factory.mktemp("hostile6"))
        store_gone = pool.submit(_store_gone_crawl, tmp_path_factory.mktemp("hostile6-store"))
        return hostile.result(), store_gone.result()


@pytest.fixture(scope="module")
def hostile6(crawls):
    return crawls[0]


def test_crawl_finishes_without_a_traceback_and_every_good_article_is_stored_once(hostile6):
    site, run = hostile6
    assert_the_good_bulk_is_stored_once(site, run, GOOD_COUNT)


@pytest.mark.parametrize("path", list(SALVAGED))
def test_hostile_delivery_of_a_good_story_still_stores_it_once_and_clean(hostile6, path):
    site, run = hostile6
    title, text = SALVAGED[path]
    doc = stored_once(run.stored_by_path(site.base_url), path, run)
    assert doc["title"] == title, doc["title"][:300]
    assert (text or lead(title)) in doc["body"], doc["body"][:500]
    for field in ("title", "body", "description"):
        dirty = _DIRTY.search(doc.get(field) or "")
        assert not dirty, f"{field} holds {dirty.group()!r} at {dirty.start()}: {doc[field][:200]!r}"
    for field in ("canonical_url", "image_url"):
        assert doc.get(field) is None or doc[field].startswith(("http://", "https://")), (field, doc[field][:200])
    assert len(doc["body"]) < 20_000 and all(len(a) <= 200 for a in doc.get("authors") or [])


@pytest.mark.parametrize("path", list(REJECTED))
def test_page_that_cannot_be_an_article_is_counted_and_logged_with_its_reason(hostile6, path):
    site, run = hostile6
    assert path not in run.stored_by_path(site.base_url)
    assert any(run.stat(stat) for stat in REJECTED[path]), (REJECTED[path], _newswatch_stats(run))
    assert site.url(path) in run.log


@pytest.mark.parametrize("path", list(DISCOVERED))
def test_an_article_behind_a_hostile_feed_or_sitemap_is_found_and_stored_once(hostile6, path):
    site, run = hostile6
    assert site.hits[path] >= 1, (path, DISCOVERED[path], site.hits[DISCOVERED[path]])
    assert len(run.stored_by_path(site.base_url).get(path, [])) == 1, _newswatch_stats(run)


def test_every_fetch_failure_names_a_readable_reason(hostile6):
    _, run = hostile6
    reasons = set(re.findall(r"fetch failed \(([^)]*)\)", run.log))
    assert reasons and all(re.fullmatch(r"[a-z0-9_]+", r) for r in reasons), reasons


def test_bombs_are_cut_at_the_size_limit_and_never_retried(hostile6):
    site, run = hostile6
    for path in ("/u/deflate-bomb", "/u/zstd-bomb", "/u/oversize-no-length"):
        assert site.hits[path] == 1, path
    assert site.hits["/u/f/bomb.xml"] == 1
    assert f"fetch failed (too_large): {site.url('/u/f/bomb.xml')}" in run.log


def test_garbage_robots_txt_still_keeps_out_what_it_disallows_and_its_crawl_delay_does_not_stall(hostile6):
    site, run = hostile6
    assert site.hits["/robots.txt"] == 2  # once per host name: 127.0.0.1, and localhost (the other-host redirect)
    assert site.hits["/u/secret"] == 0
    assert run.stats["elapsed_time_seconds"] < 200


def test_credentials_in_a_feed_link_are_never_stored(hostile6):
    site, run = hostile6
    doc = run.stored_by_path(site.base_url)["/u/d/userinfo"][0]
    assert not any("s3cr3t" in url for url in [doc["url"], doc.get("canonical_url") or "", *doc.get("urls", [])])
    assert "s3cr3t-pa55" not in run.log


def test_feed_items_without_a_link_are_counted(hostile6):
    site, run = hostile6
    assert run.stat("newswatch/discovery/no_link") == 3, _newswatch_stats(run)
    assert f"{site.url('/u/f/no-link.xml')}: 3 entries without a link" in run.log
    assert "tag:news.example" not in run.log  # a tag: GUID is no link, not an unusable one


def test_unusable_sitemap_dates_are_counted_and_the_entries_fetched(hostile6):
    site, run = hostile6
    for path in (*BAD_NEWS_DATES, *ODD_LASTMODS):
        assert site.hits[path] == 1, path
    assert run.stat("newswatch/discovery/bad_date") >= len(BAD_NEWS_DATES) + 1, _newswatch_stats(run)


def test_a_chain_of_refreshes_ends_at_the_redirect_limit(hostile6):
    site, run = hostile6
    assert sum(site.hits[f"/u/refresh-chain/{n}"] for n in range(REFRESH_CHAIN + 1)) <= 7
    assert site.hits[f"/u/refresh-chain/{REFRESH_CHAIN}"] == 0


def test_two_pages_whose_canonicals_point_at_each_other_are_one_story(hostile6):
    site, run = hostile6
    docs = [d for d in run.stored() if d["title"] == CANONICAL_TITLE]
    assert len(docs) == 1, [d["url"] for d in docs]
    assert all(site.hits[p] == 1 for p in CANONICAL_LOOP)


def test_a_redirect_to_another_host_name_is_followed_once(hostile6):
    site, run = hostile6
    docs = [d for d in run.stored() if d["title"] == OTHER_HOST_TITLE]
    assert len(docs) == 1 and docs[0]["url"].endswith(OTHER_HOST[1]), [d["url"] for d in docs]
    assert site.hits[OTHER_HOST[1]] == 1


def test_a_giant_author_name_is_not_an_author(hostile6):
    site, run = hostile6
    doc = run.stored_by_path(site.base_url)["/u/giant-author"][0]
    assert doc["authors"] == ["Olena Kovalenko"]
    assert not any(len(v) >= GIANT_NAME_CHARS for v in doc.values() if isinstance(v, str))


def test_a_page_that_calls_its_language_english_is_stored_as_en(hostile6):
    site, run = hostile6
    assert run.stored_by_path(site.base_url)["/u/bad-lang"][0]["language"] == "en"


def test_an_itemlist_of_other_stories_lends_the_page_nothing(hostile6):
    site, run = hostile6
    doc = run.stored_by_path(site.base_url)["/u/itemlist-jsonld"][0]
    assert not any("Related" in a for a in doc.get("authors") or [])
    assert doc["published_at"] is None or doc["published_at"].year >= 2026


def test_the_database_directory_removed_mid_crawl_loses_no_article(crawls):
    site, run = crawls[1]
    assert run.returncode == 0, run.log[-3000:]
    assert "Traceback" not in run.log, run.log[run.log.index("Traceback") - 2000:][:5000]
    docs = run.stored()
    paths = sorted(d["url"].removeprefix(site.base_url) for d in docs)
    assert paths == sorted(f"/bulk/{n}" for n in range(STORE_GONE_COUNT)), paths


# --- the same defences, directly ---------------------------------------------------------------------------------


def test_a_link_loses_its_credentials_and_an_at_sign_elsewhere_is_left_alone():
    from newswatch.discovery import Notes, parse_feed

    notes = Notes()
    body = (b'<rss version="2.0"><channel><item><title>a</title><link>https://desk:hunter2@news.example:8443/a</link>'
            b"</item><item><title>b</title><link>https://news.example/b?from=desk@news.example</link></item>"
            b"</channel></rss>")
    urls = [e.url for e in parse_feed(body, "https://news.example/rss", notes=notes)]
    assert urls == ["https://news.example:8443/a", "https://news.example/b?from=desk@news.example"]
    assert [r for r, _ in notes.repairs] == ["credentials"] and "hunter2" not in str(notes)


def test_entries_without_a_link_are_noted_in_rss_and_atom():
    from newswatch.discovery import Notes, parse_feed

    rss = (b'<rss version="2.0"><channel><item><title>no link</title></item><item><title>tag guid</title>'
           b'<guid isPermaLink="false">tag:x,1</guid></item><item><link>https://news.example/ok</link></item>'
           b"</channel></rss>")
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>none</title><id>tag:x,2</id></entry>'
            b'<entry><link href="https://news.example/ok2"/><id>tag:x,3</id></entry></feed>')
    for body, url in ((rss, "https://news.example/ok"), (atom, "https://news.example/ok2")):
        notes = Notes()
        assert [e.url for e in parse_feed(body, "https://news.example/feed", notes=notes)] == [url]
        assert notes.no_link == (2 if body is rss else 1) and not notes.refused


def test_a_feed_where_a_sitemap_was_expected_is_read_as_a_feed():
    from newswatch.discovery import Notes, parse_sitemap

    notes = Notes()
    body = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/story"/>'
            b"<id>tag:x,1</id><updated>2026-11-27T10:00:00Z</updated></entry></feed>")
    result = parse_sitemap(body, "https://news.example/sitemap-feed.xml", notes=notes)
    assert [e.url for e in result.entries] == ["https://news.example/story"] and result.sitemaps == []
    assert [r for r, _ in notes.repairs] == ["feed_as_sitemap"]
