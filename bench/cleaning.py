"""Cleaning-stage benchmark on ../shared/datasets/readability-news.

For every page: main text extracted with cleaning off (parse -> extract) and on (parse -> clean_tree ->
extract -> clean_body, given the page's title and authors as the pipeline gives them: ``--authors reference``, the
default, the reference byline split by ``split_authors``; ``extracted``, our extractor's; ``none``), each scored
against the text of ``expected.html`` with 4-token shingles
(``bench/_scoring.py``: precision, recall, F1; micro-averaged over the set, and the mean of per-page
scores). Also the median milliseconds per article spent in the cleaning stage alone (clean_tree +
clean_body), and, for any page where cleaning lowered recall, the removed text that the reference has.

    .venv/bin/python bench/cleaning.py [--verbose] [--extractor project|trafilatura]
                                 [--authors reference|extracted|none]
    .venv/bin/python bench/cleaning.py --unseen [clean_unseen clean_unseen2 ...] [--verbose]

``--unseen`` scores instead the hand-written fixture sets of outlets without site rules
(``tests/fixtures/<set>/<page>.html`` + ``<page>.txt``, default: ``clean_unseen`` and ``clean_unseen2``; the blind
holdouts ``clean_holdout2`` ... ``clean_holdout6`` by name), run
through the crawl's flow with the generic rules alone: paragraph precision (kept paragraphs that are story
paragraphs) and recall (story paragraphs kept), per page and micro-averaged per set, pages kept exactly, the
``paywalled`` verdict, and 4-token shingle P/R of the body; ``--verbose`` lists the extra (+) and lost (-) paragraphs.

The timings here are single wall-clock runs; ``bench/clean_cost.py`` measures the cleaning stage's CPU per page
next to our extraction (medians of many runs, and A/B against another version of ``newswatch/clean``).

``--extractor project`` (default) extracts with ``newswatch.extract.extract_body`` as the crawl does;
``trafilatura`` uses plain ``trafilatura.extract`` to separate the cleaning stage from the extractor's own rules.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from bench._scoring import Overlap, load_dataset, score_text, shingles  # noqa: E402
from newswatch.clean import clean_body, clean_tree, detect_paywall  # noqa: E402
from newswatch.extract import extract_body, extract_metadata, parse_html  # noqa: E402
from newswatch.extract.normalize import split_authors  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
UNSEEN_SETS = ("clean_unseen", "clean_unseen2")
_LANG = re.compile(r'<html[^>]*\blang="([a-z]{2})')
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def clean_fixture(html: str) -> tuple[str, bool]:
    """(body, paywalled) of one fixture page through the crawl's flow, generic rules only."""
    language = _LANG.search(html)
    language = language.group(1) if language else None
    url = _CANONICAL.search(html)
    url = url.group(1) if url else "https://example.org/article"
    tree = parse_html(html)
    meta = extract_metadata(tree, url)
    html_report = clean_tree(tree, None)
    body = extract_body(tree, url, article_body=meta.get("article_body"))
    body, text_report = clean_body(body, language, None, title=meta.get("title"), authors=meta.get("authors"))
    return body, detect_paywall(meta.get("paywalled_hint"), body, html_report.merge(text_report))


def score_unseen(sets: list[str], verbose: bool) -> int:
    print(f"{'set':14}{'pages':>6}{'exact':>7}{'para P':>8}{'para R':>8}{'shingle P':>11}{'shingle R':>11}  paywalled")
    for name in sets:
        pages = sorted((FIXTURES / name).glob("*.html"))
        hits = kept = wanted = exact = 0
        overlap = Overlap()
        paywalled_pages = []
        lines = []
        for page in pages:
            body, paywalled = clean_fixture(page.read_text(encoding="utf-8"))
            expected_text = page.with_suffix(".txt").read_text(encoding="utf-8")
            got, expected = _paragraphs(body), _paragraphs(expected_text)
            page_hits = len(set(got) & set(expected))
            hits, kept, wanted = hits + page_hits, kept + len(got), wanted + len(expected)
            exact += got == expected
            overlap += score_text(body, expected_text)
            if paywalled:
                paywalled_pages.append(page.stem)
            lines.append(f"  {page.stem:18} P {page_hits / max(len(got), 1):.3f} "
                         f"R {page_hits / max(len(expected), 1):.3f}  kept {len(got):2} expected {len(expected):2}"
                         f"{'  paywalled' if paywalled else ''}")
            lines += [f"      + {extra[:110]}" for extra in got if extra not in expected]
            lines += [f"      - {lost[:110]}" for lost in expected if lost not in got]
        print(f"{name:14}{len(pages):6}{exact:7}{hits / max(kept, 1):8.3f}{hits / max(wanted, 1):8.3f}"
              f"{overlap.precision:11.3f}{overlap.recall:11.3f}  {', '.join(paywalled_pages) or '-'}")
        if verbose:
            print("\n".join(lines))
    return 0


def _authors(page: dict, source: str) -> list[str]:
    if source == "reference":
        return split_authors(page["meta"].get("byline"))
    if source == "extracted":
        return extract_metadata(parse_html(page["html"]), f"https://example.org/{page['name']}").get("authors") or []
    return []


def _extractor(name: str):
    if name == "trafilatura":
        return lambda tree, url: trafilatura.extract(tree, url=url) or ""
    return lambda tree, url: extract_body(tree, url) or ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print per-page figures and removals")
    parser.add_argument("--extractor", choices=("project", "trafilatura"), default="project")
    parser.add_argument("--authors", choices=("reference", "extracted", "none"), default="reference",
                        help="the authors clean_body is given: the reference byline's (default), our extractor's, "
                             "or none (the figure before authors were passed)")
    parser.add_argument("--unseen", nargs="*", metavar="SET",
                        help=f"score fixture sets under tests/fixtures instead (default: {' '.join(UNSEEN_SETS)})")
    args = parser.parse_args(argv)
    if args.unseen is not None:
        return score_unseen(args.unseen or list(UNSEEN_SETS), args.verbose)
    extract = _extractor(args.extractor)

    totals = {"off": Overlap(), "on": Overlap()}
    per_page: dict[str, list[Overlap]] = {"off": [], "on": []}
    cleaning_ms, tree_ms, text_ms, extract_ms, lost = [], [], [], [], []
    pages = load_dataset()
    clean_tree(parse_html(b"<html><body><p>warm-up: rule files load once per process</p></body></html>"))
    clean_body("warm-up", None)
    # the page's authors as the pipeline passes them: here the reference byline, split as the extractor splits one
    authors = {page["name"]: _authors(page, args.authors) for page in pages}
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
        body_on, text_report = clean_body(body, meta.get("lang"), title=meta.get("title"),
                                          authors=authors[page["name"]])
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
