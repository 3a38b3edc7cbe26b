"""README "Adding an outlet" on outlets nobody had seen (round 4): whole mock sites, crawled as
:mod:`tests.test_outlets3` crawls its set (two loopback origins, one crawl process). ``tests/fixtures/outlets4``.

    python -m tests.test_outlets4 [OUTLET ...]     # per outlet: stories stored right / missing / extra
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pytest

from tests._rounds import crawl_outlet_set, each_outlet_stores_its_stories
from tests.test_outlets3 import crawl, misses, outlet_keys, score

SET = Path(__file__).resolve().parent / "fixtures" / "outlets4"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_outlet_set(tmp_path_factory.mktemp("outlets4"), SET)


test_outlet_stores_its_stories_and_nothing_else = each_outlet_stores_its_stories(SET, KNOWN_MISSES)


def main(folder: Path, argv: list[str], *, old_hits: bool = True, **options) -> int:
    """Crawls the set in ``folder`` (its outlets named in ``argv``, or all; ``options`` of
    :func:`tests.test_outlets3.crawl`) and prints, per outlet, what it stores wrong, then the set's score; with
    ``old_hits``, how often the old pages (round 4's archive) were asked for."""
    keys = argv or outlet_keys(folder)
    with tempfile.TemporaryDirectory() as tmp:
        docs, returncode, log, stats, origins, hits = crawl(Path(tmp), keys, folder, **options)
    for key in keys:
        wrong = misses(key, docs, origins, folder)
        print(f"{key}: {'ok' if not wrong else ''}")
        for field, values in wrong.items():
            for value in values:
                print(f"  {field}: {value}")
        if wrong:
            print("  stats:", {k.removeprefix("newswatch/"): v for k, v in stats[key].items()
                               if k.startswith(("newswatch/discovery", "newswatch/article", "item_dropped"))})
    if old_hits:
        print("hits on old pages:", sum(v for p, v in {**hits["base"]}.items() if "arkhiv" in p or "zhovten" in p))
    unasked = {k: v for k in keys if (v := unwanted_requests(k, hits, folder))}
    if unasked:
        print("requested though it must not be / not answered 304:", unasked)
    print(score(keys, docs, origins, folder))
    if returncode:
        print(log[-3000:], file=sys.stderr)
    return returncode


def unwanted_requests(key: str, hits: dict, folder: Path) -> dict[str, list[str]]:
    """The outlet's ``not_fetched`` paths the crawl requested and its ``not_modified`` paths never answered 304."""
    spec = json.loads((folder / key / "expected.json").read_text(encoding="utf-8"))
    found = {"fetched": [p for p in spec.get("not_fetched", []) if hits["base"].get(p) or hits["alt"].get(p)],
             "not 304": [p for p in spec.get("not_modified", []) if not hits.get("not_modified", {}).get(p)]}
    return {k: v for k, v in found.items() if v}


if __name__ == "__main__":
    sys.exit(main(SET, sys.argv[1:]))
