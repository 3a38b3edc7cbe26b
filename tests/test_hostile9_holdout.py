"""Hostile input, ninth round's holdout: a smaller set written after the round's fixes (routes in
tests/mocksite/hostile9_holdout.py), in one real `scrapy crawl` of two mock sites on 127.0.0.1, to see whether the
fixes hold for other wordings and other servers' habits. Same expectations as tests/test_hostile9.py."""

from __future__ import annotations

import pytest

from tests._rounds import assert_salvaged, assert_the_good_bulk_is_stored_once, crawl_round, strict_xfails, titled
from tests.mocksite import MockNewsSite
from tests.mocksite.hostile9_holdout import (
    CROSS_HOST,
    DISCOVERED,
    DISCOVERED_TITLE,
    DUPLICATE_TITLE,
    FEEDS,
    GOOD_COUNT,
    MAX_HITS,
    REJECTED,
    SALVAGED,
    SITEMAPS,
    holdout_routes,
    other_routes,
)
from tests.test_hostile6 import _DIRTY, _newswatch_stats

KNOWN_MISSES: dict[str, str] = {}


@pytest.fixture(scope="module")
def holdout(tmp_path_factory):
    main: dict = {}
    with (MockNewsSite(routes=other_routes(main)) as other,
          MockNewsSite(routes=holdout_routes(other.base_url)) as site):
        main["base"] = site.base_url
        run = crawl_round(tmp_path_factory.mktemp("hostile9-holdout"), site, FEEDS, SITEMAPS, timeout=600,
                          DOWNLOAD_WARNSIZE="0", DOWNLOAD_MAXSIZE=str(16 * 1024 * 1024), DOWNLOAD_TIMEOUT="6")
    return site, other, run


def test_crawl_finishes_without_a_traceback_and_every_good_article_is_stored_once(holdout):
    site, _, run = holdout
    assert_the_good_bulk_is_stored_once(site, run, GOOD_COUNT)


@pytest.mark.parametrize("path", strict_xfails(SALVAGED, KNOWN_MISSES))
def test_hostile_delivery_of_a_good_story_still_stores_it_once_and_clean(holdout, path):
    site, _, run = holdout
    title, text = SALVAGED[path]
    assert_salvaged(site, run, path, title, text, _DIRTY)


def test_short_retry_afters_are_waited_for_once(holdout):
    site, _, _ = holdout
    assert site.hits["/w/503-date"] == 2 and site.hits["/w/429-fraction"] == 2


@pytest.mark.parametrize("path", strict_xfails(CROSS_HOST, KNOWN_MISSES))
def test_a_story_behind_three_hosts_is_stored_once_under_its_final_url(holdout, path):
    site, other, run = holdout
    title, host, final = CROSS_HOST[path]
    docs = titled(run, title)
    assert len(docs) == 1 and docs[0]["url"] == {"main": site, "other": other}[host].url(final), (
        [d["url"] for d in docs], _newswatch_stats(run))


@pytest.mark.parametrize("path", strict_xfails(REJECTED, KNOWN_MISSES))
def test_page_that_cannot_be_an_article_is_counted_and_logged_with_its_reason(holdout, path):
    site, _, run = holdout
    assert path not in run.stored_by_path(site.base_url)
    assert any(run.stat(stat) for stat in REJECTED[path]), (REJECTED[path], _newswatch_stats(run))
    assert site.url(path) in run.log


@pytest.mark.parametrize("path", strict_xfails(MAX_HITS, KNOWN_MISSES))
def test_a_refresh_loop_is_not_asked_forever(holdout, path):
    site, _, _ = holdout
    assert 1 <= site.hits[path] <= MAX_HITS[path], site.hits[path]


def test_a_story_under_tracking_links_is_fetched_once_and_stored_once(holdout):
    site, _, run = holdout
    assert site.hits["/w/dup"] == 1, (site.hits["/w/dup"], _newswatch_stats(run))
    docs = titled(run, DUPLICATE_TITLE)
    assert len(docs) == 1 and docs[0]["url"] == site.url("/w/dup"), [d["url"] for d in docs]


@pytest.mark.parametrize("path", strict_xfails(DISCOVERED, KNOWN_MISSES))
def test_an_article_behind_a_hostile_feed_or_sitemap_is_found_and_stored_once(holdout, path):
    site, _, run = holdout
    assert site.hits[path] == 1, (path, _newswatch_stats(run))
    assert len(titled(run, DISCOVERED_TITLE.format(where=DISCOVERED[path], path=path))) == 1
