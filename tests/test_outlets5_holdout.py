"""Outlets round 5, holdout: three more unseen outlets written after the blind round's fix (CDATA titles), crawled
as :mod:`tests.test_outlets5` crawls its set (``not_fetched``: old sitemaps and pages the crawl must not request).

    python -m tests.test_outlets5_holdout      # per outlet: stories stored right / missing / extra
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests._rounds import crawl_outlet_set, each_outlet_stores_its_stories, strict_xfails
from tests.test_outlets3 import outlet_keys
from tests.test_outlets4 import main
from tests.test_outlets5 import not_fetched

HOLDOUT = Path(__file__).resolve().parent / "fixtures" / "outlets5_holdout"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {}
#: outlet -> why it still requests what it should not
KNOWN_FETCHES: dict[str, str] = {}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_outlet_set(tmp_path_factory.mktemp("outlets5_holdout"), HOLDOUT)


test_holdout_outlet_stores_its_stories_and_nothing_else = each_outlet_stores_its_stories(HOLDOUT, KNOWN_MISSES)


@pytest.mark.parametrize("outlet", strict_xfails(outlet_keys(HOLDOUT), KNOWN_FETCHES))
def test_holdout_outlet_requests_nothing_old(crawled, outlet):
    assert not_fetched(outlet, crawled[3], HOLDOUT) == []


if __name__ == "__main__":
    sys.exit(main(HOLDOUT, sys.argv[1:], old_hits=False))
