"""Article metadata on pages written for its hard cases: tests/fixtures/extract_meta6 (uk, ru, en).

Run from the project root:  .venv/bin/python -m bench.extract_meta [--set DIR] [--per-page]

``--set extract_meta7``: the seventh round (live blogs, month abbreviations, two-digit years, Dublin Core / sailthru
/ parse.ly meta, @graph, profile-URL authors, translators, hreflang and canonical editions, AMP); each set's README
holds its blind, holdout and after-fix figures.

Each ``<name>.html`` is a page (or its head and byline) and ``<name>.json`` what an analyst expects from it, written
before the extractor was run on it: ``url``, ``title``, ``published_at`` / ``modified_at`` (UTC; ``null``: the page
has none), ``authors`` (``authors_also_ok``: other acceptable answers), ``language``, and where the page makes them
clear ``description``, ``section``, ``tags``, ``canonical_url``; ``fetched_at`` when the page was fetched (default:
bench/extract_unseen.py's ``FETCHED_AT``); ``holdout: true`` for pages written after the fixes.

Per field, over the pages whose expectation has it: dates the same minute in UTC (``null``: none found); authors the
same names in any order, case-insensitive; title, description, section equal after whitespace folding; tags the same
set, case-insensitive; canonical URL and language equal.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.extract_unseen import FETCHED_AT, authors_ok, date_checks, fixture_dir, fold, load_pages  # noqa: E402
from newswatch.extract import extract_article  # noqa: E402

FIELDS = ("title", "description", "authors", "published_at", "modified_at", "language", "section", "tags",
          "canonical_url")


def extract(page: dict) -> dict:
    expected = page["expected"]
    fetched = datetime.fromisoformat(expected["fetched_at"]) if expected.get("fetched_at") else FETCHED_AT
    return extract_article(page["html"], expected["url"], fetched_at=fetched)


def field_ok(field: str, got: dict, expected: dict) -> bool:
    """Whether the extracted ``field`` is what the expectation says."""
    value = got.get(field)
    if field in ("published_at", "modified_at"):
        return date_checks(value, expected[field])[0]
    if field == "authors":
        return authors_ok(value or [], expected)
    if field == "tags":
        return sorted(map(fold, value or [])) == sorted(map(fold, expected["tags"]))
    if field in ("title", "description", "section"):
        return fold(value) == fold(expected[field]) if expected[field] is not None else value is None
    return value == expected[field]


def score(pages: list[dict]) -> tuple[dict[str, list[bool]], list[tuple[str, list[str], dict]]]:
    checks: dict[str, list[bool]] = {field: [] for field in FIELDS}
    misses = []
    for page in pages:
        got = extract(page)
        wrong = []
        for field in FIELDS:
            if field in page["expected"]:
                ok = field_ok(field, got, page["expected"])
                checks[field].append(ok)
                if not ok:
                    wrong.append(field)
        if wrong:
            misses.append((page["name"], wrong, got))
    return checks, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="extract_meta6", help="fixture set under tests/fixtures, or a path")
    parser.add_argument("--per-page", action="store_true", help="each miss with what was extracted")
    args = parser.parse_args(argv)
    pages = load_pages(fixture_dir(args.set))
    groups = {"first set": [p for p in pages if not p["expected"].get("holdout")],
              "holdout": [p for p in pages if p["expected"].get("holdout")]}
    results = {name: score(group) for name, group in groups.items() if group}
    print(f"{args.set}: {len(pages)} pages\n")
    print("| field | " + " | ".join(f"{name} ({len(groups[name])})" for name in results) + " |")
    print("| --- |" + " --- |" * len(results))
    for field in FIELDS:
        cells = []
        for checks, _ in results.values():
            values = checks[field]
            cells.append(f"{sum(values)}/{len(values)}" if values else "n/a")
        print(f"| {field} | " + " | ".join(cells) + " |")
    if args.per_page:
        for name, (_, misses) in results.items():
            for page, wrong, got in misses:
                print(f"\n{name} {page}: " + "; ".join(f"{f}={got.get(f)!r}" for f in wrong))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
