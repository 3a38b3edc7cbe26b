"""The README's "Adding an outlet" path on outlets written after its fixes (holdout): pages through the crawl's steps.

``tests/fixtures/outlets_holdout/`` was made with ``scrapy genoutlet ... --sources
tests/fixtures/outlets_holdout/sources.yaml --fixtures tests/fixtures/outlets_holdout`` and the stubs filled in by
hand, expectations first (see ``tests/fixtures/outlets/README.md``). Each page goes through what a crawl does to it
(``newswatch.process.process_article`` with the outlet's entry: its ``clean:`` rules, ``metadata:``, ``timezone:``,
languages and its feed entry; then the cleaning pipeline's ``clean_article``), without Scrapy, so the set stays
fast and out of ``sources.yaml``.

    python -m tests.test_outlets_holdout      # per outlet and field: ok / what was stored
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import pytest

from newswatch._steps import clean_article
from newswatch.clean import site_rules_for
from newswatch.discovery import parse_feed, parse_sitemap
from newswatch.process import process_article
from newswatch.sources import load_sources

HOLDOUT = Path(__file__).resolve().parent / "fixtures" / "outlets_holdout"
SOURCES = load_sources(HOLDOUT / "sources.yaml")
_BASE = "http://holdout.invalid"
#: outlet -> why its page is still stored wrong (a strict xfail: it must fail, so a fix is noticed)
KNOWN_MISSES: dict[str, str] = {}


def stored(key: str) -> dict:
    """The fields a crawl of the outlet's fixture page would store."""
    source, folder = SOURCES[key], HOLDOUT / key
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    url = source.url.rstrip("/") + expected["path"].removeprefix(f"/{key}")
    entry = None
    for name in ("feed.xml", "sitemap.xml"):
        if (folder / name).exists():
            raw = (folder / name).read_bytes().replace(b"{{base}}", _BASE.encode())
            entries = parse_feed(raw, _BASE + "/") if name == "feed.xml" else parse_sitemap(raw, _BASE + "/").entries
            found = next((e for e in entries if e.url == _BASE + expected["path"]), None)
            entry = found.as_dict() | {"authors": list(found.authors)} if found else None
    done = process_article((folder / "article.html").read_bytes(), url, site_rules=site_rules_for(key, source.clean),
                           source=key, entry=entry, default_language=source.default_language,
                           overrides=source.metadata)
    item = dict(done["item"])
    rules = site_rules_for(key, source.clean)
    body, _, _, _ = clean_article(item.get("body") or "", item.get("language"), item.get("title"),
                                  item.get("cleaning"), None, tuple(item.get("authors") or ()), rules)
    return {**item, "body": body}


def misses(key: str) -> dict[str, tuple]:
    """Field -> (stored, expected) for every field the outlet's page gets wrong."""
    expected = json.loads((HOLDOUT / key / "expected.json").read_text(encoding="utf-8"))
    doc = stored(key)
    got = {"title": doc.get("title"), "published_at": doc.get("published_at"), "authors": doc.get("authors") or [],
           "language": doc.get("language"),
           "paragraphs": [p.strip() for p in (doc.get("body") or "").split("\n\n") if p.strip()]}
    if "description" in expected:
        got["description"] = doc.get("description")
    want = {**{k: expected[k] for k in ("title", "authors", "language", "paragraphs", "description") if k in expected},
            "published_at": datetime.fromisoformat(expected["published_at"])}
    wrong = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
    folded = " ".join((doc.get("body") or "").split()).casefold()
    left = [b for b in expected["banners"] if " ".join(b.split()).casefold() in folded]
    if left:
        wrong["banners"] = (left, [])
    return wrong


@pytest.mark.parametrize("outlet", [
    pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[key])) if key in KNOWN_MISSES else key
    for key in SOURCES])
def test_holdout_outlet_page_is_stored_right(outlet):
    assert misses(outlet) == {}


if __name__ == "__main__":
    for key in SOURCES:
        wrong = misses(key)
        print(f"{key}: {'ok' if not wrong else ''}")
        for field, (got, want) in wrong.items():
            print(f"  {field}: stored {got!r}\n  {' ' * len(field)}  expected {want!r}")
    sys.exit(0)
