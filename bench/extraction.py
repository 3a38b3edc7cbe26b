"""Extraction quality and speed on ../shared/datasets/readability-news: newswatch vs plain trafilatura.

Run from the project root:  .venv/bin/python bench/extraction.py [--pages N] [--per-page]

Body: token-shingle overlap (4-token shingles, multiset) of the extracted text against the visible
text of expected.html, as precision / recall / F1, both micro-averaged (shingle counts summed over
all pages) and as the mean of per-page F1. Speed: median ms per page over the whole run, timing the
complete job each side does on raw bytes (each page run ``--repeat`` times, interleaved; the
per-page median counts): newswatch = ``extract_article(html)`` (parse, metadata,
body); plain trafilatura = ``trafilatura.extract(html)`` + ``trafilatura.extract_metadata(html)``.
Also shown: plain ``trafilatura.extract`` alone (body only), which is the fair speed baseline for
the body.

Metadata accuracy against expected-metadata.json, over the pages where the field is present:
- title: equal after whitespace collapsing (exact), and equal after also removing an outlet
  suffix the reference keeps (" - Breitbart");
- published date: equal to the minute in UTC (references without a time zone are read as UTC), and
  the same UTC day (trafilatura's metadata only gives a day, so that row is the fair comparison);
- language: primary subtag equal (``en-US`` ~ ``en``);
- authors: at least one name, and every name found inside the reference byline (Readability's
  byline is raw text such as "By Brenda Goodman, MA WebMD Health News", so this is lenient on
  form but strict on wrong or missing names).
Scoring helpers live in bench/_scoring.py for other benchmarks to reuse.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura  # noqa: E402

from bench._scoring import Overlap, load_dataset, score_text  # noqa: E402
from newswatch.extract import extract_article, guess_language  # noqa: E402
from newswatch.extract._metadata import strip_site_name  # noqa: E402
from newswatch.extract.normalize import collapse_whitespace, normalize_language, parse_date  # noqa: E402


def _plain_trafilatura(html: bytes) -> dict:
    body = trafilatura.extract(html) or ""
    meta = trafilatura.extract_metadata(html)
    return {
        "body": body,
        "title": meta.title if meta else None,
        "published_at": parse_date(meta.date) if meta and meta.date else None,
        "language": normalize_language(meta.language) if meta and meta.language else None,
        "site_name": meta.sitename if meta else None,
        "authors": [a.strip() for a in (meta.author or "").split(";") if a.strip()] if meta else [],
    }


def _title_ok(got: str | None, expected: str, site_name: str | None, *, lenient: bool) -> bool:
    got, expected = collapse_whitespace(got or ""), collapse_whitespace(expected)
    if got == expected:
        return True
    if not lenient:
        return False
    sites = [s for s in (site_name,) if s]
    return strip_site_name(expected, sites) == strip_site_name(got, sites) or strip_site_name(expected, sites) == got


def _minute(value):
    return value.replace(second=0, microsecond=0) if value else None


class Side:
    def __init__(self, name: str) -> None:
        self.name = name
        self.total = Overlap()
        self.page_f1: list[float] = []
        self.ms: list[float] = []
        self.body_ms: list[float] = []
        self.checks: dict[str, list[bool]] = {
            "title": [], "title_lenient": [], "published": [], "published_day": [], "language": [], "authors": []
        }
        self.per_page: list[tuple[str, Overlap]] = []

    def record(self, page: dict, result: dict, elapsed: float) -> None:
        overlap = score_text(result["body"] or "", page["truth"])
        self.total += overlap
        self.page_f1.append(overlap.f1)
        self.per_page.append((page["name"], overlap))
        self.ms.append(elapsed * 1000)
        meta = page["meta"]
        site = meta.get("siteName") or result.get("site_name")
        if meta.get("title"):
            self.checks["title"].append(_title_ok(result["title"], meta["title"], site, lenient=False))
            self.checks["title_lenient"].append(_title_ok(result["title"], meta["title"], site, lenient=True))
        if meta.get("publishedTime"):
            expected = parse_date(meta["publishedTime"])
            got = result["published_at"]
            self.checks["published"].append(_minute(got) == _minute(expected))
            self.checks["published_day"].append(bool(got) and got.date() == expected.date())
        if meta.get("byline"):
            byline = collapse_whitespace(meta["byline"]).casefold()
            names = result["authors"]
            self.checks["authors"].append(bool(names) and all(n.casefold() in byline for n in names))
        if meta.get("lang"):
            self.checks["language"].append(result["language"] == normalize_language(meta["lang"]))


def _accuracy(values: list[bool]) -> str:
    return f"{sum(values) / len(values):.3f} ({sum(values)}/{len(values)})" if values else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages (default: all)")
    parser.add_argument("--per-page", action="store_true", help="also print per-page body F1")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per page; the median counts (default 3)")
    args = parser.parse_args(argv)

    pages = load_dataset()
    if args.pages:
        pages = pages[: args.pages]
    # Warm up both sides (lazy model and rule loading) outside the timings.
    extract_article(pages[0]["html"])
    _plain_trafilatura(pages[0]["html"])
    guess_language("Warm-up text so the language model is loaded before any timing starts.")

    ours, plain = Side("newswatch extract_article"), Side("trafilatura extract + extract_metadata")
    body_only_ms: list[float] = []
    ratios: list[float] = []  # per page: our time / trafilatura.extract time (medians over repeats)
    for page in pages:
        ours_ms, plain_ms, body_ms = [], [], []
        for repeat in range(args.repeat):  # interleaved, so machine load hits both sides alike
            start = time.perf_counter()
            result = extract_article(page["html"])
            ours_ms.append(time.perf_counter() - start)
            if repeat == 0:
                ours.record(page, result, 0.0)
            start = time.perf_counter()
            result = _plain_trafilatura(page["html"])
            plain_ms.append(time.perf_counter() - start)
            if repeat == 0:
                plain.record(page, result, 0.0)
            start = time.perf_counter()
            trafilatura.extract(page["html"])
            body_ms.append(time.perf_counter() - start)
        ours.ms[-1] = statistics.median(ours_ms) * 1000
        plain.ms[-1] = statistics.median(plain_ms) * 1000
        body_only_ms.append(statistics.median(body_ms) * 1000)
        ratios.append(ours.ms[-1] / body_only_ms[-1])

    print(f"Pages: {len(pages)} (../shared/datasets/readability-news); body: 4-token shingles vs expected.html\n")
    print("| measure | newswatch | plain trafilatura |")
    print("| --- | --- | --- |")
    rows = [
        ("body precision (micro)", f"{ours.total.precision:.3f}", f"{plain.total.precision:.3f}"),
        ("body recall (micro)", f"{ours.total.recall:.3f}", f"{plain.total.recall:.3f}"),
        ("body F1 (micro)", f"{ours.total.f1:.3f}", f"{plain.total.f1:.3f}"),
        ("body F1 (mean per page)", f"{statistics.mean(ours.page_f1):.3f}", f"{statistics.mean(plain.page_f1):.3f}"),
        ("pages with body F1 < 0.5", str(sum(f < 0.5 for f in ours.page_f1)), str(sum(f < 0.5 for f in plain.page_f1))),
        ("median ms/page (all fields)", f"{statistics.median(ours.ms):.1f}", f"{statistics.median(plain.ms):.1f}"),
        ("median ms/page, trafilatura.extract only", "", f"{statistics.median(body_only_ms):.1f}"),
        ("median per-page time ratio vs trafilatura.extract only", f"{statistics.median(ratios):.2f}", "1.00"),
        ("title exact", _accuracy(ours.checks["title"]), _accuracy(plain.checks["title"])),
        ("title, reference's outlet suffix ignored", _accuracy(ours.checks["title_lenient"]),
         _accuracy(plain.checks["title_lenient"])),
        ("published date, same minute (UTC)", _accuracy(ours.checks["published"]),
         _accuracy(plain.checks["published"])),
        ("published date, same day (UTC)", _accuracy(ours.checks["published_day"]),
         _accuracy(plain.checks["published_day"])),
        ("language", _accuracy(ours.checks["language"]), _accuracy(plain.checks["language"])),
        ("authors: some found, all in the reference byline", _accuracy(ours.checks["authors"]),
         _accuracy(plain.checks["authors"])),
    ]
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if args.per_page:
        print("\n| page | newswatch P / R / F1 | trafilatura P / R / F1 |\n| --- | --- | --- |")
        for (name, a), (_, b) in zip(ours.per_page, plain.per_page, strict=True):
            print(f"| {name} | {a.precision:.2f} / {a.recall:.2f} / {a.f1:.2f} | "
                  f"{b.precision:.2f} / {b.recall:.2f} / {b.f1:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
