"""Hostile input, ninth round's holdout: a smaller set written after the round's fixes (routes in
tests/mocksite/hostile9_holdout.py), in one real `scrapy crawl` of two mock sites on 127.0.0.1, to see whether the
fixes hold for other wordings and other servers' habits. Same expectations as tests/test_hostile9.py."""

from __future__ import annotations

import pytest

from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite
from tests.mocksite.hostile2 import lead
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


def _params(paths):
    return [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[p])) if p in KNOWN_MISSES
            else p for p in paths]


@pytest.fixture(scope="module")
def holdout(tmp_path_factory):
    main: dict = {}
    with (MockNewsSite(routes=other_routes(main)) as other,
          MockNewsSite(routes=holdout_routes(other.base_url)) as site):
        main["base"] = site.base_url
        run = run_crawl(tmp_path_factory.mktemp("hostile9-holdout"),
                        args={"feeds": ",".join(site.url(p) for p in FEEDS),
                              "sitemaps": ",".join(site.url(p) for p in SITEMAPS), "since": "3d"},
                        settings={"DOWNLOAD_WARNSIZE": "0", "DOWNLOAD_MAXSIZE": str(16 * 1024 * 1024),
                                  "DOWNLOAD_TIMEOUT": "6", "RETRY_TIMES": "1",
                                  # the pages share the bulk pages' pool of sentences (see test_hostile9)
                                  "NEWSWATCH_CLEAN_RECURRING": "0"},
                        timeout=600)
    return site, other, run


def _titled(run, title: str) -> list[dict]:
    return [doc for doc in run.stored() if doc["title"] == title]


def test_crawl_finishes_without_a_traceback_and_every_good_article_is_stored_once(holdout):
    site, _, run = holdout
    run.assert_finished_cleanly()
    stored = run.stored_by_path(site.base_url)
    assert all(len(stored.get(f"/bulk/{n}", [])) == 1 for n in range(GOOD_COUNT)), sorted(stored)


@pytest.mark.parametrize("path", _params(SALVAGED))
def test_hostile_delivery_of_a_good_story_still_stores_it_once_and_clean(holdout, path):
    site, _, run = holdout
    title, text = SALVAGED[path]
    docs = _titled(run, title)
    assert len(docs) == 1, f"{path}: {[d['url'] for d in docs]} stored; stats {_newswatch_stats(run)}"
    assert docs[0]["url"] == site.url(path)
    assert (text or lead(title)) in docs[0]["body"], docs[0]["body"][:500]
    for field in ("title", "body"):
        dirty = _DIRTY.search(docs[0][field] or "")
        assert not dirty, (field, dirty)


def test_short_retry_afters_are_waited_for_once(holdout):
    site, _, _ = holdout
    assert site.hits["/w/503-date"] == 2 and site.hits["/w/429-fraction"] == 2


@pytest.mark.parametrize("path", _params(CROSS_HOST))
def test_a_story_behind_three_hosts_is_stored_once_under_its_final_url(holdout, path):
    site, other, run = holdout
    title, host, final = CROSS_HOST[path]
    docs = _titled(run, title)
    assert len(docs) == 1 and docs[0]["url"] == {"main": site, "other": other}[host].url(final), (
        [d["url"] for d in docs], _newswatch_stats(run))


@pytest.mark.parametrize("path", _params(REJECTED))
def test_page_that_cannot_be_an_article_is_counted_and_logged_with_its_reason(holdout, path):
    site, _, run = holdout
    assert path not in run.stored_by_path(site.base_url)
    assert any(run.stat(stat) for stat in REJECTED[path]), (REJECTED[path], _newswatch_stats(run))
    assert site.url(path) in run.log


@pytest.mark.parametrize("path", _params(MAX_HITS))
def test_a_refresh_loop_is_not_asked_forever(holdout, path):
    site, _, _ = holdout
    assert 1 <= site.hits[path] <= MAX_HITS[path], site.hits[path]


def test_a_story_under_tracking_links_is_fetched_once_and_stored_once(holdout):
    site, _, run = holdout
    assert site.hits["/w/dup"] == 1, (site.hits["/w/dup"], _newswatch_stats(run))
    docs = _titled(run, DUPLICATE_TITLE)
    assert len(docs) == 1 and docs[0]["url"] == site.url("/w/dup"), [d["url"] for d in docs]


@pytest.mark.parametrize("path", _params(DISCOVERED))
def test_an_article_behind_a_hostile_feed_or_sitemap_is_found_and_stored_once(holdout, path):
    site, _, run = holdout
    assert site.hits[path] == 1, (path, _newswatch_stats(run))
    assert len(_titled(run, DISCOVERED_TITLE.format(where=DISCOVERED[path], path=path))) == 1
