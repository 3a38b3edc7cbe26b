"""Hostile input, eighth round: cases rounds 1-7 (tests/test_hostile*.py) do not try, in one real `scrapy crawl` of
the mock site (routes in tests/mocksite/hostile8.py), plus a small crawl that can neither store nor spill. Written
blind: each case's expectation is what a careful analyst wants, set down before the crawl was run on it. The crawl
must finish without a traceback, every bad thing be logged with its reason and counted, every good article stored
once and clean.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

import pytest

from tests._rounds import assert_the_good_bulk_is_stored_once, strict_xfails, titled
from tests.crawling import run_crawl, run_hostile_crawl
from tests.mocksite import MockNewsSite, bulk_routes
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile8 import (
    CANONICALS,
    DISCOVERED,
    DISCOVERED_TITLE,
    FEEDS,
    FRONT_PAGE_ITEMS,
    GOOD_COUNT,
    MAX_ALTERNATES,
    MAX_BYTES,
    NEVER_STORED,
    OLD_DATED,
    READ_ONCE,
    REJECTED,
    SALVAGED,
    SITEMAPS,
    hostile8_routes,
)
from tests.test_hostile6 import _DIRTY, _newswatch_stats

UNSTORABLE_COUNT = 4
#: Blind misses left after the round, each pinned as a strict xfail with what stands in the way.
KNOWN_MISSES = {
    "/t/huge-top": "a page over DOWNLOAD_MAXSIZE is refused whole (fetch/error/too_large, logged with its URL): rounds "
                   "1 and 6 and test_crawl_e2e pin that policy (/h/oversize, /news/huge-story), which keeping the top "
                   "would reverse; the project's call, not this round's",
}
#: (the canonical relative to a <base href>, a blind miss of this round, resolves against it since metadata's ninth
#: round)
CANONICAL_MISSES: dict[str, str] = {}


def _hostile_crawl(work):
    with MockNewsSite(routes=hostile8_routes()) as site:
        return site, run_hostile_crawl(work, site, FEEDS, SITEMAPS, max_bytes=MAX_BYTES, timeout=600)


def _unstorable_crawl(work):
    """The database path is a directory and the spill directory cannot be made (a file is where its parent should
    be): nothing can be kept. The crawl must say so, count it, and not crash."""
    db_path = work / "newswatch.sqlite3"
    db_path.mkdir()
    (work / "not-a-dir").write_text("a file")
    with MockNewsSite(routes=bulk_routes(UNSTORABLE_COUNT)) as site:
        run = run_crawl(work, args={"feeds": site.url("/bulk.xml"), "since": "all"}, db_path=db_path,
                        env={"NEWSWATCH_SPILL_DIR": str(work / "not-a-dir" / "spill")}, timeout=240)
    return site, run


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    with ThreadPoolExecutor(2) as pool:
        hostile = pool.submit(_hostile_crawl, tmp_path_factory.mktemp("hostile8"))
        unstorable = pool.submit(_unstorable_crawl, tmp_path_factory.mktemp("hostile8-unstorable"))
        return hostile.result(), unstorable.result()


@pytest.fixture(scope="module")
def hostile8(crawls):
    return crawls[0]


def _path(site, url: str) -> str:
    return unquote(url.removeprefix(site.base_url))


def test_crawl_finishes_without_a_traceback_and_every_good_article_is_stored_once(hostile8):
    site, run = hostile8
    assert_the_good_bulk_is_stored_once(site, run, GOOD_COUNT)


@pytest.mark.parametrize("path", strict_xfails(SALVAGED, KNOWN_MISSES))
def test_hostile_delivery_of_a_good_story_still_stores_it_once_and_clean(hostile8, path):
    site, run = hostile8
    title, text = SALVAGED[path]
    docs = titled(run, title)
    assert len(docs) == 1, f"{path}: {[d['url'] for d in docs]} stored; stats {_newswatch_stats(run)}"
    doc = docs[0]
    assert _path(site, doc["url"]) == path, doc["url"]
    assert (text or lead(title)) in doc["body"], doc["body"][:500]
    for field in ("title", "body", "description"):
        dirty = _DIRTY.search(doc.get(field) or "")
        assert not dirty, f"{field} holds {dirty.group()!r} at {dirty.start()}: {doc[field][:200]!r}"
        mojibake = re.search("[ÃÂÐÑÀ][\u0080-\u00ff]", doc.get(field) or "")
        assert not mojibake, f"{field} holds mojibake {mojibake.group()!r}: {doc[field][:200]!r}"
    for field in ("canonical_url", "image_url"):
        assert doc.get(field) is None or doc[field].startswith(("http://", "https://")), (field, doc[field][:200])
    assert len(doc["body"]) < 20_000


def test_overlong_utf8_is_never_read_as_a_slash(hostile8):
    _, run = hostile8
    doc = titled(run, SALVAGED["/t/overlong-utf8"][0])[0]
    # (blind, this asserted "etc/passwd" not in the body, which the right answer, "....etc/passwd", fails too)
    assert "and was blocked" in doc["body"] and "../" not in doc["body"], doc["body"][-300:]


@pytest.mark.parametrize("path", strict_xfails(CANONICALS, CANONICAL_MISSES))
def test_a_relative_canonical_is_resolved_as_a_browser_would(hostile8, path):
    site, run = hostile8
    doc = titled(run, SALVAGED[path][0])[0]
    assert doc["canonical_url"] == site.url(CANONICALS[path]), doc["canonical_url"]


def test_a_page_with_twenty_thousand_alternates_keeps_a_bounded_number(hostile8):
    _, run = hostile8
    doc = titled(run, SALVAGED["/t/hreflang-flood"][0])[0]
    assert len(doc.get("alternates") or ()) <= MAX_ALTERNATES


def test_a_page_over_the_size_limit_keeps_its_top_and_says_so(hostile8):
    site, run = hostile8
    assert site.url("/t/huge-top") in run.log  # (stored: see SALVAGED) a line says it was cut


def test_a_retry_after_date_is_waited_for_once(hostile8):
    site, _ = hostile8
    assert site.hits["/t/retry-after-date"] == 2


def test_a_cookie_wall_is_passed_once(hostile8):
    site, _ = hostile8
    assert site.hits["/t/cookie-wall"] <= 3


def test_a_charset_label_that_names_nothing_is_counted(hostile8):
    _, run = hostile8
    # x-user-defined (blind, this counted win-1251 too: w3lib reads that label as windows-1251, rightly)
    assert run.stat("newswatch/article/unknown_charset") >= 1, _newswatch_stats(run)


def test_plain_bytes_under_a_deflate_label_are_read_and_said_so(hostile8):
    site, run = hostile8
    assert run.stat("newswatch/fetch/content_encoding_ignored") >= 1, _newswatch_stats(run)
    assert site.url("/t/deflate-plain") in run.log


@pytest.mark.parametrize("path", strict_xfails(REJECTED, KNOWN_MISSES))
def test_page_that_cannot_be_an_article_is_counted_and_logged_with_its_reason(hostile8, path):
    site, run = hostile8
    assert path not in run.stored_by_path(site.base_url)
    assert any(run.stat(stat) for stat in REJECTED[path]), (REJECTED[path], _newswatch_stats(run))
    assert site.url(path) in run.log


@pytest.mark.parametrize("path", NEVER_STORED)
def test_what_a_noscript_refresh_points_at_is_never_stored(hostile8, path):
    site, run = hostile8
    assert path not in run.stored_by_path(site.base_url)


@pytest.mark.parametrize("path", list(DISCOVERED))
def test_an_article_behind_a_hostile_feed_or_sitemap_is_found_and_stored_once(hostile8, path):
    site, run = hostile8
    assert site.hits[path] == 1, (path, DISCOVERED[path], site.hits[DISCOVERED[path]], _newswatch_stats(run))
    docs = titled(run, DISCOVERED_TITLE.format(where=DISCOVERED[path], path=path))
    assert len(docs) == 1, (path, _newswatch_stats(run))


@pytest.mark.parametrize("path", OLD_DATED)
def test_an_old_entry_dated_the_way_a_cms_writes_dates_is_never_fetched(hostile8, path):
    site, run = hostile8
    assert site.hits[path] == 0, (path, _newswatch_stats(run))


@pytest.mark.parametrize("path", READ_ONCE)
def test_a_sitemap_index_loop_through_other_spellings_reads_each_sitemap_once(hostile8, path):
    site, _ = hostile8
    assert site.hits[path] == 1


@pytest.mark.parametrize("path", FRONT_PAGE_ITEMS)
def test_a_feed_item_linking_the_front_page_never_stores_it_as_an_article(hostile8, path):
    site, run = hostile8
    assert path not in run.stored_by_path(site.base_url), _newswatch_stats(run)
    assert site.url(path) in run.log


def test_every_fetch_failure_names_a_readable_reason(hostile8):
    _, run = hostile8
    reasons = set(re.findall(r"fetch failed \(([^)]*)\)", run.log))
    assert all(re.fullmatch(r"[a-z0-9_]+", r) for r in reasons), reasons


def test_a_crawl_that_can_neither_store_nor_spill_says_what_it_lost(crawls):
    site, run = crawls[1]
    assert run.returncode == 0, run.log[-3000:]
    assert "Traceback" not in run.log, run.log[run.log.index("Traceback") - 500:][:4000]
    # (round 9: counted as lost, not unstored, which counts the articles waiting in spill files: none can be made)
    assert run.stat("newswatch/store/lost") == UNSTORABLE_COUNT, _newswatch_stats(run)
    assert "is a directory, not a database file" in run.log
    assert re.search(rf"{UNSTORABLE_COUNT} article\(s\) (?:were )?lost", run.log), run.log[-3000:]
