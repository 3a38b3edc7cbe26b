"""Hostile input, eighth round's holdout: a smaller set written after the round's fixes (routes in
tests/mocksite/hostile8_holdout.py), in one real `scrapy crawl` of the mock site, to see whether the fixes hold for
other wordings and other outlets' habits. Same expectations as tests/test_hostile8.py."""

from __future__ import annotations

import pytest

from tests._rounds import assert_salvaged, assert_the_good_bulk_is_stored_once, titled
from tests.crawling import run_hostile_crawl
from tests.mocksite import MockNewsSite
from tests.mocksite.hostile8_holdout import (
    DISCOVERED,
    DISCOVERED_TITLE,
    FEEDS,
    GOOD_COUNT,
    OLD_DATED,
    READ_ONCE,
    REJECTED,
    SALVAGED,
    SELF_ADVERTISING,
    SITEMAPS,
    WALL_FOREVER_MAX_HITS,
    holdout_routes,
)
from tests.test_hostile6 import _DIRTY, _newswatch_stats


@pytest.fixture(scope="module")
def holdout(tmp_path_factory):
    with MockNewsSite(routes=holdout_routes()) as site:
        return site, run_hostile_crawl(tmp_path_factory.mktemp("hostile8-holdout"), site, FEEDS, SITEMAPS,
                                       max_bytes=16 * 1024 * 1024, timeout=600)


def test_crawl_finishes_without_a_traceback_and_every_good_article_is_stored_once(holdout):
    site, run = holdout
    assert_the_good_bulk_is_stored_once(site, run, GOOD_COUNT)


@pytest.mark.parametrize("path", list(SALVAGED))
def test_hostile_delivery_of_a_good_story_still_stores_it_once_and_clean(holdout, path):
    site, run = holdout
    title, text = SALVAGED[path]
    assert_salvaged(site, run, path, title, text, _DIRTY)


def test_a_four_byte_overlong_slash_is_dropped_not_read(holdout):
    _, run = holdout
    body = titled(run, SALVAGED["/x8/overlong-4byte"][0])[0]["body"]
    assert "The filter saw ..passwd and let it pass." in body, body[-300:]


@pytest.mark.parametrize("path", list(REJECTED))
def test_page_that_cannot_be_an_article_is_counted_and_logged_with_its_reason(holdout, path):
    site, run = holdout
    assert path not in run.stored_by_path(site.base_url)
    assert any(run.stat(stat) for stat in REJECTED[path]), (REJECTED[path], _newswatch_stats(run))
    assert site.url(path) in run.log


def test_a_wall_that_never_opens_is_not_asked_forever(holdout):
    site, _ = holdout
    assert 1 <= site.hits["/x8/wall-forever"] <= WALL_FOREVER_MAX_HITS


@pytest.mark.parametrize("path", list(DISCOVERED))
def test_an_article_behind_a_hostile_feed_or_sitemap_is_found_and_stored_once(holdout, path):
    site, run = holdout
    assert site.hits[path] == 1, (path, _newswatch_stats(run))
    assert len(titled(run, DISCOVERED_TITLE.format(where=DISCOVERED[path], path=path))) == 1


@pytest.mark.parametrize("path", OLD_DATED)
def test_an_old_entry_is_never_fetched(holdout, path):
    site, _ = holdout
    assert site.hits[path] == 0


@pytest.mark.parametrize("path", READ_ONCE)
def test_a_sitemap_listed_again_under_another_spelling_is_read_once(holdout, path):
    site, _ = holdout
    assert site.hits[path] == 1


def test_an_html_feed_page_advertising_only_itself_is_a_bad_document_asked_once(holdout):
    site, run = holdout
    assert site.hits[SELF_ADVERTISING] == 1
    assert run.stat("newswatch/discovery/bad_document") >= 1, _newswatch_stats(run)
    assert site.url(SELF_ADVERTISING) in run.log
