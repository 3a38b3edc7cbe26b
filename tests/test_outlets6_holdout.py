"""Outlets round 6, holdout: three more unseen outlets written after the blind round's fix (a feed's next pages),
crawled as :mod:`tests.test_outlets6` crawls its set (twice into one store, off-topic stories dropped): editions
under /ukr/ /rus/ /eng/ with a template that declares uk on Russian pages and feeds validated by Last-Modified only,
daily sitemaps with hreflang alternates and images, article text rendered by JavaScript (``js: true``).

    python -m tests.test_outlets6_holdout      # per outlet: stories stored right / missing / extra
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests._rounds import crawl_outlet_set, each_outlet_stores_its_stories, strict_xfails
from tests.test_outlets3 import outlet_keys
from tests.test_outlets4 import main, unwanted_requests
from tests.test_outlets6 import SCHEDULED

HOLDOUT = Path(__file__).resolve().parent / "fixtures" / "outlets6_holdout"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {}
#: outlet -> why it still requests what it should not, or asks again for what has not changed
KNOWN_FETCHES: dict[str, str] = {}  # zn6h's day sitemap of Nov 24: read on the clock guessed for zn.ua (round 8)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_outlet_set(tmp_path_factory.mktemp("outlets6_holdout"), HOLDOUT, **SCHEDULED)


test_holdout_outlet_stores_its_stories_and_nothing_else = each_outlet_stores_its_stories(HOLDOUT, KNOWN_MISSES)


@pytest.mark.parametrize("outlet", strict_xfails(outlet_keys(HOLDOUT), KNOWN_FETCHES))
def test_holdout_outlet_requests_only_what_it_needs(crawled, outlet):
    assert unwanted_requests(outlet, crawled[3], HOLDOUT) == {}


if __name__ == "__main__":
    sys.exit(main(HOLDOUT, sys.argv[1:], old_hits=False, **SCHEDULED))
