"""README "Adding an outlet" on outlets nobody had seen (round 5): whole mock sites, crawled as
:mod:`tests.test_outlets3` crawls its set (two loopback servers, each also under the host name ``localhost``, one
crawl process). ``tests/fixtures/outlets5``: relative links in RSS, Atom ``xml:base``, HTML entities in titles,
news-sitemap date shapes, a 12-month sitemap index behind robots.txt, feeds and stories on other hosts, sections.

    python -m tests.test_outlets5 [OUTLET ...]     # per outlet: stories stored right / missing / extra
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pytest

from tests.test_outlets3 import crawl, misses, outlet_keys, score

SET = Path(__file__).resolve().parent / "fixtures" / "outlets5"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {}


def not_fetched(key: str, hits: dict, folder: Path = SET) -> list[str]:
    """The outlet's paths the crawl must not have requested (``not_fetched`` of expected.json) that it did."""
    spec = json.loads((folder / key / "expected.json").read_text(encoding="utf-8"))
    return [p for p in spec.get("not_fetched", []) if hits["base"].get(p) or hits["alt"].get(p)]


def crawl_set(tmp: Path, folder: Path) -> tuple:
    """Every outlet of ``folder`` crawled once, cleanly: (docs, origins, stats, hits)."""
    docs, returncode, log, stats, origins, hits = crawl(tmp, outlet_keys(folder), folder)
    assert returncode == 0, log[-4000:]
    assert "Traceback" not in log, log[log.index("Traceback") - 1500:][:4000]
    return docs, origins, stats, hits


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_set(tmp_path_factory.mktemp("outlets5"), SET)


@pytest.mark.parametrize("outlet", [
    pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[key])) if key in KNOWN_MISSES else key
    for key in outlet_keys(SET)])
def test_outlet_stores_its_stories_and_nothing_else(crawled, outlet):
    docs, origins, stats, _ = crawled
    assert misses(outlet, docs, origins, SET) == {}, {k: v for k, v in stats[outlet].items() if "newswatch/" in k}


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


def main(folder: Path, argv: list[str]) -> int:
    keys = argv or outlet_keys(folder)
    with tempfile.TemporaryDirectory() as tmp:
        docs, returncode, log, stats, origins, hits = crawl(Path(tmp), keys, folder)
    for key in keys:
        wrong = misses(key, docs, origins, folder)
        fetched = not_fetched(key, hits, folder)
        if fetched:
            wrong["fetched"] = fetched
        print(f"{key}: {'ok' if not wrong else ''}")
        for field, values in wrong.items():
            for value in values:
                print(f"  {field}: {value}")
        if wrong:
            print("  stats:", {k.removeprefix("newswatch/"): v for k, v in stats[key].items()
                               if k.startswith(("newswatch/discovery", "newswatch/article", "item_dropped"))})
    print(score(keys, docs, origins, folder))
    if returncode:
        print(log[-3000:], file=sys.stderr)
    return returncode


if __name__ == "__main__":
    sys.exit(main(SET, sys.argv[1:]))
