"""Cleaning-stage benchmark on ../shared/datasets/readability-news.

For every page: main text extracted with cleaning off (parse -> extract) and on (parse -> clean_tree ->
extract -> clean_body), each scored against the text of ``expected.html`` with 4-token shingles
(precision, recall, F1; micro-averaged over the set, and the mean of per-page scores). Also the median
milliseconds per article spent in the cleaning stage alone (clean_tree + clean_body), and the pages where
cleaning lost recall.

    .venv/bin/python bench/cleaning.py [--verbose] [--extractor project|trafilatura]

``--extractor project`` (default) extracts with ``newswatch.extract.extract_body`` as the crawl does;
``trafilatura`` uses plain ``trafilatura.extract`` to separate the cleaning stage from the extractor's own rules.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATASET = ROOT / ".." / "shared" / "datasets" / "readability-news"

from newswatch.clean import clean_body, clean_tree  # noqa: E402

try:  # the extraction engineer's scorer, when it exists
    from bench._scoring import shingles  # type: ignore  # noqa: E402
except ImportError:
    _TOKEN = re.compile(r"\w+")

    def shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
        tokens = _TOKEN.findall(text.casefold())
        if len(tokens) < size:
            return {tuple(tokens)} if tokens else set()
        return {tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


import trafilatura  # noqa: E402


def _trafilatura(tree, url: str) -> str:
    return trafilatura.extract(tree, url=url) or ""


def _extractor(name: str):
    if name == "trafilatura":
        return _trafilatura
    from newswatch.extract import extract_body

    return lambda tree, url: extract_body(tree, url) or ""


def _parse(html: str):
    return lxml.html.document_fromstring(html)


def _expected_text(path: Path) -> str:
    return lxml.html.fromstring(path.read_text(encoding="utf-8")).text_content()


def _scores(predicted: set, expected: set) -> tuple[int, int, int]:
    return len(predicted & expected), len(predicted), len(expected)


def _prf(hit: int, pred: int, exp: int) -> tuple[float, float, float]:
    p = hit / pred if pred else 0.0
    r = hit / exp if exp else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print per-page figures and removals")
    parser.add_argument("--extractor", choices=("project", "trafilatura"), default="project")
    args = parser.parse_args(argv)
    extract = _extractor(args.extractor)

    totals = {"off": [0, 0, 0], "on": [0, 0, 0]}
    per_page = {"off": [], "on": []}
    cleaning_ms, tree_ms, text_ms, extract_ms, lost = [], [], [], [], []
    pages = sorted(p for p in DATASET.iterdir() if (p / "source.html").exists())
    for page in pages:
        html = (page / "source.html").read_text(encoding="utf-8", errors="replace")
        meta = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        expected = shingles(_expected_text(page / "expected.html"))
        url = f"https://example.org/{page.name}"

        body_off = extract(_parse(html), url)

        tree = _parse(html)
        started = time.perf_counter()
        html_report = clean_tree(tree)
        elapsed = time.perf_counter() - started
        tree_ms.append(elapsed * 1000)
        started = time.perf_counter()
        body = extract(tree, url)
        extract_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        body_on, text_report = clean_body(body, meta.get("lang"), title=meta.get("title"))
        text_ms.append((time.perf_counter() - started) * 1000)
        elapsed += text_ms[-1] / 1000
        cleaning_ms.append(elapsed * 1000)

        for mode, text in (("off", body_off), ("on", body_on)):
            hit, pred, exp = _scores(shingles(text), expected)
            for i, value in enumerate((hit, pred, exp)):
                totals[mode][i] += value
            per_page[mode].append(_prf(hit, pred, exp))
        r_off, r_on = per_page["off"][-1][1], per_page["on"][-1][1]
        if r_on < r_off - 1e-9:
            lost_text = [
                f"{r.rule}: {r.preview(110)}" for r in html_report.merge(text_report).removals
                if shingles(r.text) & expected
            ]
            lost.append((page.name, r_off, r_on, lost_text))
        if args.verbose:
            print(f"{page.name:28} R off {r_off:.3f} on {r_on:.3f}  P off {per_page['off'][-1][0]:.3f} "
                  f"on {per_page['on'][-1][0]:.3f}  {elapsed * 1000:6.1f} ms")
            for removal in html_report.merge(text_report).removals:
                print(f"    - {removal.rule:22} {removal.chars:6}  {removal.where:30} {removal.preview(70)}")

    print(f"readability-news: {len(pages)} pages (4-token shingles vs expected.html), extractor: {args.extractor}")
    print(f"{'':24}{'cleaning off':>14}{'cleaning on':>14}")
    for label, index in (("precision", 0), ("recall", 1), ("F1", 2)):
        micro = [_prf(*totals[mode])[index] for mode in ("off", "on")]
        mean = [statistics.mean(s[index] for s in per_page[mode]) for mode in ("off", "on")]
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
