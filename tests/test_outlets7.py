"""README "Adding an outlet" on outlets nobody had seen (round 7): whole mock sites, crawled as
:mod:`tests.test_outlets6` crawls its set (twice into one store, off-topic stories dropped).
``tests/fixtures/outlets7``: a sitemap index whose children are gzipped, a windows-1251 feed whose guids are no links,
a FeedBurner feed whose links are feedproxy redirects, feeds on another host than the stories with a campaign
parameter on every link, an outlet serving each English story at ``/<slug>/`` and ``/en/<slug>/`` (hreflang), an Atom
feed with ``<updated>`` only, a news list page with no feed and no sitemap.

    python -m tests.test_outlets7 [OUTLET ...]     # per outlet: stories stored right / missing / extra
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests._rounds import crawl_outlet_set, each_outlet_stores_its_stories, strict_xfails
from tests.test_outlets3 import outlet_keys
from tests.test_outlets4 import main, unwanted_requests
from tests.test_outlets6 import SCHEDULED

SET = Path(__file__).resolve().parent / "fixtures" / "outlets7"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {}  # zona7 (deserters before garrison courts) kept since the holdout47 round
#: outlet -> why it still requests what it should not, or asks again for what has not changed
KNOWN_FETCHES: dict[str, str] = {}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_outlet_set(tmp_path_factory.mktemp("outlets7"), SET, **SCHEDULED)


test_outlet_stores_its_stories_and_nothing_else = each_outlet_stores_its_stories(SET, KNOWN_MISSES)


@pytest.mark.parametrize("outlet", strict_xfails(outlet_keys(SET), KNOWN_FETCHES))
def test_outlet_requests_only_what_it_needs(crawled, outlet):
    assert unwanted_requests(outlet, crawled[3], SET) == {}


if __name__ == "__main__":
    sys.exit(main(SET, sys.argv[1:], old_hits=False, **SCHEDULED))
