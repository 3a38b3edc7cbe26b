"""Outlets round 3, holdout: four more unseen outlets written after the blind round's fixes (``sections:``),
crawled as :mod:`tests.test_outlets3` crawls its set (whole mock sites, two loopback origins, one process).

    python -m tests.test_outlets3_holdout      # per outlet: stories stored right / missing / extra
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests._rounds import crawl_outlet_set, each_outlet_stores_its_stories
from tests.test_outlets4 import main

HOLDOUT = Path(__file__).resolve().parent / "fixtures" / "outlets3_holdout"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {
}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_outlet_set(tmp_path_factory.mktemp("outlets3_holdout"), HOLDOUT)


test_holdout_outlet_stores_its_stories_and_nothing_else = each_outlet_stores_its_stories(HOLDOUT, KNOWN_MISSES)


if __name__ == "__main__":
    sys.exit(main(HOLDOUT, sys.argv[1:], old_hits=False))
