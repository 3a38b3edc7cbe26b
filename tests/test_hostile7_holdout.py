"""Hostile input, seventh round's holdout: a smaller set written after the round's fixes (routes in
tests/mocksite/hostile7_holdout.py), in one real `scrapy crawl` of the mock site, to see whether the fixes hold for
other wordings and other outlets' habits. Same expectations as tests/test_hostile7.py."""

from __future__ import annotations

import re

import pytest

from tests._rounds import assert_salvaged, assert_the_good_bulk_is_stored_once, titled
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite
from tests.mocksite.hostile7_holdout import (
    ASKED_ONCE,
    DEAD_HOST,
    DISCOVERED,
    DISCOVERED_TITLE,
    FEEDS,
    GOOD_COUNT,
    OLD_DATED,
    REJECTED,
    SALVAGED,
    SITEMAPS,
    holdout_routes,
)
from tests.test_hostile6 import _DIRTY, _newswatch_stats


@pytest.fixture(scope="module")
def holdout(tmp_path_factory):
    with MockNewsSite(routes=holdout_routes()) as site:
        run = run_crawl(tmp_path_factory.mktemp("hostile7-holdout"),
                        args={"feeds": ",".join(site.url(p) for p in FEEDS),
                              "sitemaps": ",".join(site.url(p) for p in SITEMAPS), "since": "3d"},
                        settings={"DOWNLOAD_TIMEOUT": "6", "RETRY_TIMES": "1"}, timeout=240)
        return site, run


def test_crawl_finishes_without_a_traceback_and_every_good_article_is_stored_once(holdout):
    site, run = holdout
    assert_the_good_bulk_is_stored_once(site, run, GOOD_COUNT)


@pytest.mark.parametrize("path", list(SALVAGED))
def test_hostile_delivery_of_a_good_story_still_stores_it_once_and_clean(holdout, path):
    site, run = holdout
    title, text = SALVAGED[path]
    assert_salvaged(site, run, path, title, text, _DIRTY, fields=("body",))


@pytest.mark.parametrize("path", list(REJECTED))
def test_page_that_cannot_be_an_article_is_counted_and_logged_with_its_reason(holdout, path):
    site, run = holdout
    assert path not in run.stored_by_path(site.base_url)
    assert any(run.stat(stat) for stat in REJECTED[path]), (REJECTED[path], _newswatch_stats(run))
    assert site.url(path) in run.log


@pytest.mark.parametrize("path", ASKED_ONCE)
def test_asked_once(holdout, path):
    site, _ = holdout
    assert site.hits[path] == 1


@pytest.mark.parametrize("path", list(DISCOVERED))
def test_an_article_behind_a_hostile_feed_or_sitemap_is_found_and_stored_once(holdout, path):
    site, run = holdout
    assert site.hits[path] == 1, (path, _newswatch_stats(run))
    assert len(titled(run, DISCOVERED_TITLE.format(where=DISCOVERED[path], path=path))) == 1


@pytest.mark.parametrize("path", OLD_DATED)
def test_an_old_entry_dated_in_another_spelling_is_never_fetched(holdout, path):
    site, run = holdout
    assert site.hits[path] == 0, _newswatch_stats(run)


def test_the_front_page_of_a_language_edition_is_never_stored(holdout):
    site, run = holdout
    assert "/uk/" not in run.stored_by_path(site.base_url)


def test_a_dead_domain_fails_as_a_dns_lookup_in_one_line(holdout):
    _, run = holdout
    assert re.search(rf"fetch failed \(dns_lookup\): http://{re.escape(DEAD_HOST)}/x/story", run.log), \
        _newswatch_stats(run)
    assert run.stat("newswatch/robots/fetch_failed/dns_lookup") == 1
