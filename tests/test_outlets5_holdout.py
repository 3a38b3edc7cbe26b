"""Outlets round 5, holdout: three more unseen outlets written after the blind round's fix (CDATA titles), crawled
as :mod:`tests.test_outlets5` crawls its set (``not_fetched``: old sitemaps and pages the crawl must not request).

    python -m tests.test_outlets5_holdout      # per outlet: stories stored right / missing / extra / fetched
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.test_outlets3 import misses, outlet_keys
from tests.test_outlets5 import crawl_set, main, not_fetched

HOLDOUT = Path(__file__).resolve().parent / "fixtures" / "outlets5_holdout"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {}
#: outlet -> why it still requests what it should not
KNOWN_FETCHES: dict[str, str] = {}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_set(tmp_path_factory.mktemp("outlets5_holdout"), HOLDOUT)


@pytest.mark.parametrize("outlet", [
    pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[key])) if key in KNOWN_MISSES else key
    for key in outlet_keys(HOLDOUT)])
def test_holdout_outlet_stores_its_stories_and_nothing_else(crawled, outlet):
    docs, origins, stats, _ = crawled
    assert misses(outlet, docs, origins, HOLDOUT) == {}, {k: v for k, v in stats[outlet].items() if "newswatch/" in k}


@pytest.mark.parametrize("outlet", [
    pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FETCHES[key])) if key in KNOWN_FETCHES else key
    for key in outlet_keys(HOLDOUT)])
def test_holdout_outlet_requests_nothing_old(crawled, outlet):
    assert not_fetched(outlet, crawled[3], HOLDOUT) == []


if __name__ == "__main__":
    sys.exit(main(HOLDOUT, sys.argv[1:]))
