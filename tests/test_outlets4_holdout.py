"""Outlets round 4, holdout: two more unseen outlets written after the blind round's fixes (``load more``,
canonical on another edition), crawled as :mod:`tests.test_outlets4` crawls its set.

    python -m tests.test_outlets4_holdout      # per outlet: stories stored right / missing / extra
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.test_outlets3 import crawl, misses, outlet_keys
from tests.test_outlets4 import main

HOLDOUT = Path(__file__).resolve().parent / "fixtures" / "outlets4_holdout"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    docs, returncode, log, stats, origins, _ = crawl(tmp_path_factory.mktemp("outlets4_holdout"), outlet_keys(HOLDOUT),
                                                     HOLDOUT)
    assert returncode == 0, log[-4000:]
    assert "Traceback" not in log, log[log.index("Traceback") - 1500:][:4000]
    return docs, origins, stats


@pytest.mark.parametrize("outlet", [
    pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[key])) if key in KNOWN_MISSES else key
    for key in outlet_keys(HOLDOUT)])
def test_holdout_outlet_stores_its_stories_and_nothing_else(crawled, outlet):
    docs, origins, stats = crawled
    assert misses(outlet, docs, origins, HOLDOUT) == {}, {k: v for k, v in stats[outlet].items() if "newswatch/" in k}


if __name__ == "__main__":
    sys.exit(main(HOLDOUT, sys.argv[1:]))
