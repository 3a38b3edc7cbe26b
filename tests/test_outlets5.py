"""README "Adding an outlet" on outlets nobody had seen (round 5): whole mock sites, crawled as
:mod:`tests.test_outlets3` crawls its set (two loopback servers, each also under the host name ``localhost``, one
crawl process). ``tests/fixtures/outlets5``: relative links in RSS, Atom ``xml:base``, HTML entities in titles,
news-sitemap date shapes, a 12-month sitemap index behind robots.txt, feeds and stories on other hosts, sections.

    python -m tests.test_outlets5 [OUTLET ...]     # per outlet: stories stored right / missing / extra
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests._rounds import crawl_outlet_set, each_outlet_stores_its_stories
from tests.test_outlets3 import outlet_keys
from tests.test_outlets4 import main

SET = Path(__file__).resolve().parent / "fixtures" / "outlets5"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {}


def not_fetched(key: str, hits: dict, folder: Path = SET) -> list[str]:
    """The outlet's paths the crawl must not have requested (``not_fetched`` of expected.json) that it did."""
    spec = json.loads((folder / key / "expected.json").read_text(encoding="utf-8"))
    return [p for p in spec.get("not_fetched", []) if hits["base"].get(p) or hits["alt"].get(p)]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_outlet_set(tmp_path_factory.mktemp("outlets5"), SET)


test_outlet_stores_its_stories_and_nothing_else = each_outlet_stores_its_stories(SET, KNOWN_MISSES)


def test_old_monthly_sitemaps_are_not_read(crawled):
    hits = crawled[3]
    assert {key: not_fetched(key, hits) for key in outlet_keys(SET) if not_fetched(key, hits)} == {}


def test_feed_titles_are_stored_as_text(crawled):
    """The feed's own title of each story (``feed.title``) with its CDATA entities read, not ``&#160;``/``&nbsp;``."""
    docs = crawled[0]
    titles = {d["url"]: (d.get("feed") or {}).get("title") for d in docs if d["source"] in ("meduza5", "lbua5")}
    assert len(titles) == 6 and all(titles.values()), titles
    assert [t for t in titles.values() if "&" in t] == []
    assert any("«перший крок»" in t for t in titles.values()), titles


if __name__ == "__main__":
    sys.exit(main(SET, sys.argv[1:], old_hits=False))
