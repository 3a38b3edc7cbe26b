"""README "Adding an outlet" on outlets nobody had seen (round 8): whole mock sites, crawled as
:mod:`tests.test_outlets6` crawls its set (twice into one store, off-topic stories dropped).
``tests/fixtures/outlets8``: editions behind /ukr/ and /rus/ with the same slug in both, a feed dated
"27.11.2026 14:05", a feed mixing articles with a video and a podcast episode, a feed of the last 10 items only with
a news sitemap (hreflang alternates per URL) in robots.txt, a news sitemap dated without a zone, a feed paging by
``rel="next"`` with slug-only article URLs.

    python -m tests.test_outlets8 [OUTLET ...]     # per outlet: stories stored right / missing / extra
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests._rounds import crawl_outlet_set, each_outlet_stores_its_stories, strict_xfails
from tests.test_outlets3 import outlet_keys
from tests.test_outlets4 import main, unwanted_requests
from tests.test_outlets6 import SCHEDULED

SET = Path(__file__).resolve().parent / "fixtures" / "outlets8"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {}
#: outlet -> why it still requests what it should not, or asks again for what has not changed
KNOWN_FETCHES: dict[str, str] = {}


def outlet_round(folder: Path, known_misses: dict[str, str], known_fetches: dict[str, str]) -> tuple:
    """A round's module-level fixture and tests for the set in ``folder``, crawled as scheduled: ``crawled`` (one crawl
    of the set), per outlet "stores its stories and nothing else" (``known_misses`` strict xfails) and "requests only
    what it needs" (``known_fetches`` strict xfails); a module assigns them to its own names."""

    @pytest.fixture(scope="module")
    def crawled(tmp_path_factory):
        return crawl_outlet_set(tmp_path_factory.mktemp(folder.name), folder, **SCHEDULED)

    @pytest.mark.parametrize("outlet", strict_xfails(outlet_keys(folder), known_fetches))
    def requests_only_what_it_needs(crawled, outlet):
        assert unwanted_requests(outlet, crawled[3], folder) == {}

    return crawled, each_outlet_stores_its_stories(folder, known_misses), requests_only_what_it_needs


crawled, test_outlet_stores_its_stories_and_nothing_else, test_outlet_requests_only_what_it_needs = outlet_round(
    SET, KNOWN_MISSES, KNOWN_FETCHES)


if __name__ == "__main__":
    sys.exit(main(SET, sys.argv[1:], old_hits=False, **SCHEDULED))
