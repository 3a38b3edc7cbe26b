"""Hostile input, fifth round: cases rounds 1-4 (tests/test_hostile*.py) do not try, in one real `scrapy crawl` of
the mock site (routes in tests/mocksite/hostile5.py). The crawl must finish without a traceback, every bad thing be
logged with its reason and counted, every good article stored once and clean.
"""

from __future__ import annotations

import re

import pytest

from newswatch.loaders import MAX_AUTHORS
from tests._rounds import assert_the_good_bulk_is_stored_once, newswatch_stats, stored_once
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile5 import (
    AUTHOR_NAMES,
    AUTHORS,
    BAD_FEED_DATES,
    DISCOVERED,
    FEEDS,
    GOOD_COUNT,
    LONG_LINK,
    NOT_FETCHED,
    NOT_HTTP_LINKS,
    REJECTED,
    SALVAGED,
    SITEMAPS,
    hostile5_routes,
)

#: Characters a clean stored text never holds: C0 controls but tab/newline, lone surrogates, U+FFFD, C1 controls,
#: bidi embedding/override/isolate controls, and the invisible ones that split a word for search (zero-width space,
#: word joiner, soft hyphen, a BOM inside the text).
_DIRTY = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\u202a-\u202e\u2066-\u2069"
                    "\u200b\u2060\u00ad\ufeff]")


@pytest.fixture(scope="module")
def hostile5(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile5")
    with MockNewsSite(routes=hostile5_routes()) as site:
        run = run_crawl(work, args={"feeds": ",".join(site.url(p) for p in FEEDS),
                                    "sitemaps": ",".join(site.url(p) for p in SITEMAPS), "since": "3d"},
                        settings={"DOWNLOAD_WARNSIZE": "0", "DOWNLOAD_MAXSIZE": str(10 * 1024 * 1024),
                                  "DOWNLOAD_TIMEOUT": "6", "RETRY_TIMES": "1"}, timeout=240)
        yield site, run


def test_crawl_finishes_without_a_traceback_and_every_good_article_is_stored_once(hostile5):
    site, run = hostile5
    assert_the_good_bulk_is_stored_once(site, run, GOOD_COUNT)


@pytest.mark.parametrize("path", list(SALVAGED))
def test_hostile_delivery_of_a_good_story_still_stores_it_once_and_clean(hostile5, path):
    site, run = hostile5
    title, text = SALVAGED[path]
    doc = stored_once(run.stored_by_path(site.base_url), path, run)
    assert doc["title"] == title, doc["title"][:300]
    assert (text or lead(title)) in doc["body"], doc["body"][:500]
    for field in ("title", "body", "description"):
        dirty = _DIRTY.search(doc.get(field) or "")
        assert not dirty, f"{field} holds {dirty.group()!r} at {dirty.start()}: {doc[field][:200]!r}"
    for field in ("canonical_url", "image_url"):
        assert doc.get(field) is None or doc[field].startswith(("http://", "https://")), (field, doc[field])


@pytest.mark.parametrize("path", list(REJECTED))
def test_page_that_cannot_be_an_article_is_counted_and_logged_with_its_reason(hostile5, path):
    site, run = hostile5
    assert path not in run.stored_by_path(site.base_url)
    assert any(run.stat(stat) for stat in REJECTED[path]), (REJECTED[path], newswatch_stats(run))
    assert site.url(path) in run.log


@pytest.mark.parametrize("path", list(DISCOVERED))
def test_an_article_behind_a_hostile_feed_or_sitemap_is_found_once_and_stored(hostile5, path):
    site, run = hostile5
    # (>= 1: on a loaded machine a page may time out once and be fetched again)
    assert site.hits[path.split("?")[0]] >= 1, (path, DISCOVERED[path], site.hits[DISCOVERED[path]])
    assert len(run.stored_by_path(site.base_url).get(path, [])) == 1, newswatch_stats(run)


@pytest.mark.parametrize("path", NOT_FETCHED)
def test_what_a_feed_names_that_is_no_story_or_too_old_is_never_fetched(hostile5, path):
    site, _ = hostile5
    assert site.hits[path] == 0


def test_every_fetch_failure_names_a_readable_reason(hostile5):
    _, run = hostile5
    reasons = set(re.findall(r"fetch failed \(([^)]*)\)", run.log))
    assert reasons and all(re.fullmatch(r"[a-z0-9_]+", r) for r in reasons), reasons
    assert not [k for k in run.stats if k.startswith("newswatch/fetch/error/") and not k[22:].islower()], \
        newswatch_stats(run)


def test_links_that_are_no_web_page_are_counted_and_named_not_dropped_silently(hostile5):
    site, run = hostile5
    # the six links, the 9 KB one, and a javascript: <loc> in a sitemap
    assert run.stat("newswatch/discovery/bad_link") == len(NOT_HTTP_LINKS) + 2, newswatch_stats(run)
    assert f"unusable link in {site.url('/v/s/bad-locs.xml')} skipped: 'javascript:void(0)'" in run.log
    for link in NOT_HTTP_LINKS:
        assert f"unusable link in {site.url('/v/f/bad-links.xml')} skipped: {link!r}" in run.log, link
    assert f"unusable link in {site.url('/v/f/bad-links.xml')} skipped: {site.url(LONG_LINK)[:200]!r}" not in run.log
    assert re.search(r"unusable link in \S+bad-links.xml skipped: '" + re.escape(site.url("/v/d/long?ref=xxx"))
                     + r"[x.…]*' \(a URL of 90\d\d characters", run.log)
    assert not [d for d in run.stored() if not d["url"].startswith("http")]


def test_unusable_feed_dates_are_counted_and_the_entries_fetched(hostile5):
    site, run = hostile5
    assert run.stat("newswatch/discovery/bad_date") == len(BAD_FEED_DATES), newswatch_stats(run)
    assert f"{site.url('/v/f/bad-dates.xml')}: {len(BAD_FEED_DATES)} entries with unusable date(s)" in run.log


def test_five_thousand_authors_are_cut_and_said_so(hostile5):
    site, run = hostile5
    doc = run.stored_by_path(site.base_url)["/v/many-authors"][0]
    assert doc["authors"] == AUTHOR_NAMES[:MAX_AUTHORS]
    assert run.stat("newswatch/article/cut/authors") == 1
    assert f"authors of {AUTHORS} names cut to {len(doc['authors'])}: {site.url('/v/many-authors')}" in run.log


def test_invalid_bytes_in_a_utf8_page_are_dropped_counted_and_said_so(hostile5):
    site, run = hostile5
    assert run.stat("newswatch/article/repaired/invalid_bytes") >= 2, newswatch_stats(run)
    assert f"page repaired (invalid_bytes): {site.url('/v/invalid-utf8')}" in run.log


def test_a_page_rendered_twice_holds_its_story_once(hostile5):
    site, run = hostile5
    doc = run.stored_by_path(site.base_url)["/v/twice-rendered"][0]
    assert doc["body"].count(lead(SALVAGED["/v/twice-rendered"][0])) == 1


def test_inline_svg_path_data_is_not_text(hostile5):
    site, run = hostile5
    doc = run.stored_by_path(site.base_url)["/v/huge-svg"][0]
    assert "L1 1" not in doc["body"] and len(doc["body"]) < 5000


def test_a_sitemap_index_that_lists_itself_is_read_once(hostile5):
    site, _ = hostile5
    assert site.hits["/v/s/index-self.xml"] == 1 and site.hits["/v/s/child.xml"] == 1


def test_a_stalled_body_times_out_and_is_retried_once(hostile5):
    site, run = hostile5
    assert site.hits["/v/stall"] == 2
    assert f"fetch failed (timeout): {site.url('/v/stall')}" in run.log
    assert run.stat(f"newswatch/fetch/timeout_host/{site.base_url.split('//')[1]}") >= 1


def test_a_chunked_body_cut_short_is_kept_and_said_so(hostile5):
    site, run = hostile5
    for path in ("/v/chunked-cut", "/v/bad-chunk"):
        assert re.search(re.escape(f"response cut short 2 time(s): {site.url(path)}; keeping the ") + r"\d+ bytes "
                         r"received \(a chunked body that ended before its last chunk", run.log), path
    assert re.search(re.escape(f"{site.url('/v/length-shorter')}") + r"; keeping the \d+ bytes received \(fewer than"
                     r" its Content-Length, 1500\)", run.log) is None  # a body longer than its length is not cut short


def test_a_windows_1251_paragraph_pasted_into_a_utf8_page_is_read_as_such(hostile5):
    site, run = hostile5
    doc = run.stored_by_path(site.base_url)["/v/mixed-encodings"][0]
    assert "Вставка из старой базы: депутаты одобрили закон о мобилизации." in doc["body"]


def test_a_header_line_over_twisteds_limit_is_read_counted_and_logged(hostile5):
    site, run = hostile5
    assert run.stat("newswatch/fetch/long_header") >= 1, newswatch_stats(run)
    assert f"over 16 KB; read, no cookie is kept): {site.url('/v/huge-header')}" in run.log
