"""Cleaning-stage benchmark on ../shared/datasets/readability-news.

For every page: main text extracted with cleaning off (parse -> extract) and on (parse -> clean_tree ->
extract -> clean_body), each scored against the text of ``expected.html`` with 4-token shingles
(``bench/_scoring.py``: precision, recall, F1; micro-averaged over the set, and the mean of per-page
scores). Also the median milliseconds per article spent in the cleaning stage alone (clean_tree +
clean_body), and, for any page where cleaning lowered recall, the removed text that the reference has.

    .venv/bin/python bench/cleaning.py [--verbose] [--extractor project|trafilatura]

The timings here are single wall-clock runs; ``bench/clean_cost.py`` measures the cleaning stage's CPU per page
next to our extraction (medians of many runs, and A/B against another version of ``newswatch/clean``).

``--extractor project`` (default) extracts with ``newswatch.extract.extract_body`` as the crawl does;
``trafilatura`` uses plain ``trafilatura.extract`` to separate the cleaning stage from the extractor's own rules.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from bench._scoring import Overlap, load_dataset, score_text, shingles  # noqa: E402
from newswatch.clean import clean_body, clean_tree  # noqa: E402
from newswatch.extract import extract_body, parse_html  # noqa: E402


def _extractor(name: str):
    if name == "trafilatura":
        return lambda tree, url: trafilatura.extract(tree, url=url) or ""
    return lambda tree, url: extract_body(tree, url) or ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print per-page figures and removals")
    parser.add_argument("--extractor", choices=("project", "trafilatura"), default="project")
    args = parser.parse_args(argv)
    extract = _extractor(args.extractor)

    totals = {"off": Overlap(), "on": Overlap()}
    per_page: dict[str, list[Overlap]] = {"off": [], "on": []}
    cleaning_ms, tree_ms, text_ms, extract_ms, lost = [], [], [], [], []
    pages = load_dataset()
    clean_tree(parse_html(b"<html><body><p>warm-up: rule files load once per process</p></body></html>"))
    clean_body("warm-up", None)
    for page in pages:
        url = f"https://example.org/{page['name']}"
        meta = page["meta"]

        body_off = extract(parse_html(page["html"]), url)

        tree = parse_html(page["html"])
        started = time.perf_counter()
        html_report = clean_tree(tree)
        tree_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        body = extract(tree, url)
        extract_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        body_on, text_report = clean_body(body, meta.get("lang"), title=meta.get("title"))
        text_ms.append((time.perf_counter() - started) * 1000)
        cleaning_ms.append(tree_ms[-1] + text_ms[-1])

        for mode, text in (("off", body_off), ("on", body_on)):
            overlap = score_text(text, page["truth"])
            totals[mode] += overlap
            per_page[mode].append(overlap)
        r_off, r_on = per_page["off"][-1].recall, per_page["on"][-1].recall
        report = html_report.merge(text_report)
        if r_on < r_off - 1e-9:
            truth = shingles(page["truth"])
            lost.append((page["name"], r_off, r_on,
                         [f"{r.rule}: {r.preview(110)}" for r in report.removals if shingles(r.text) & truth]))
        if args.verbose:
            print(f"{page['name']:28} R off {r_off:.3f} on {r_on:.3f}  P off {per_page['off'][-1].precision:.3f} "
                  f"on {per_page['on'][-1].precision:.3f}  {cleaning_ms[-1]:6.1f} ms")
            for removal in report.removals:
                print(f"    - {removal.rule:22} {removal.chars:6}  {removal.where:30} {removal.preview(70)}")

    print(f"readability-news: {len(pages)} pages (4-token shingles vs expected.html), extractor: {args.extractor}")
    print(f"{'':24}{'cleaning off':>14}{'cleaning on':>14}")
    for label in ("precision", "recall", "f1"):
        micro = [getattr(totals[mode], label) for mode in ("off", "on")]
        mean = [statistics.mean(getattr(o, label) for o in per_page[mode]) for mode in ("off", "on")]
        print(f"{label + ' (micro)':24}{micro[0]:14.4f}{micro[1]:14.4f}")
        print(f"{label + ' (page mean)':24}{mean[0]:14.4f}{mean[1]:14.4f}")
    print(f"cleaning stage (clean_tree + clean_body): median {statistics.median(cleaning_ms):.2f} ms/article "
          f"(clean_tree {statistics.median(tree_ms):.2f}, clean_body {statistics.median(text_ms):.2f}), "
          f"max {max(cleaning_ms):.2f} ms")
    print(f"for scale, text extraction alone: median {statistics.median(extract_ms):.2f} ms/article")
    print(f"pages where cleaning lowered recall: {len(lost)}")
    for name, r_off, r_on, lost_text in lost:
        print(f"    {name}: {r_off:.4f} -> {r_on:.4f}; removed text that expected.html has:")
        for line in lost_text:
            print(f"        {line}")
        if not lost_text:
            print("        (none: no removed element holds reference text; the extractor picked other text "
                  "from the cleaned tree)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
