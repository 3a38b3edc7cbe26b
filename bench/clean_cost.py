"""What the cleaning stage costs next to our own extraction, per page, in CPU time (``time.process_time``).

Runs each page through the worker chain of ``newswatch.process.process_page`` plus the text level of
``CleanPipeline``: parse + ``extract_metadata`` | ``clean_tree`` | ``extract_body`` + ``reconcile_language`` |
``clean_body`` (the reconciled language, the outlet's rules, the title), ``--repeat`` times per page, and prints
the per-page CPU medians: extraction (parse + metadata + body), clean_tree, clean_body and the cleaning share
(cleaning / extraction); and the same for each page's first run ("first sight": the caches hold only what earlier
pages left, as in a crawl, where every page is seen once). Pages: the 38 of ``../shared/datasets/readability-news``
(no site rules, or ``--rules OUTLET``'s), plus ``tests/fixtures/clean`` (with ``site_rules_for(<outlet>)``) and
``tests/fixtures/clean_unseen`` and ``clean_unseen2`` (none); with ``--mirror N``, also the first N pages the
end-to-end bench's mirror serves (``bench.mirror.page``: real pages with a unique paragraph, and generated ones;
no site rules), the pages ``bench.run`` measures its cleaning share on.

    .venv/bin/python -m bench.clean_cost [--repeat 9] [--baseline DIR] [--golden FILE] [--rules OUTLET] [--mirror N]
                                         [--verbose]

``--baseline DIR``: DIR holds another version of the package (``DIR/newswatch/clean``, e.g. from
``git archive <commit> newswatch/clean | tar -x -C DIR``). Its ``clean_tree`` and ``clean_body`` run on the
same pages, alternated repeat by repeat with the current ones in this one process (A/B under the same load),
and every output is compared: the report (rules, characters, text, element), the cleaned tree serialised,
the body extracted from it and the cleaned text. Any difference is printed and the exit status is 1.
``--golden FILE``: writes a digest of those outputs per page to FILE, or, when FILE exists, checks against it.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import statistics
import sys
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newswatch.clean import clean_body, clean_tree, site_rules_for  # noqa: E402
from newswatch.extract import extract_body, extract_metadata, parse_html, reconcile_language  # noqa: E402

DATASET = ROOT / ".." / "shared" / "datasets" / "readability-news"
FIXTURES = ROOT / "tests" / "fixtures"
STEPS = ("extraction", "clean_tree", "clean_body")


def pages(outlet: str | None = None, mirror: int = 0) -> list[dict]:
    """name, html bytes, url, site rules (``outlet``'s on the readability-news pages, when given); ``mirror``: the
    bench mirror's first pages too (named ``mirror/<i>``)."""
    found = []
    outlet_rules = site_rules_for(outlet) if outlet else None
    for folder in sorted(p for p in DATASET.resolve().iterdir() if (p / "source.html").is_file()):
        found.append({"name": folder.name, "html": (folder / "source.html").read_bytes(),
                      "url": f"https://example.org/{folder.name}", "rules": outlet_rules})
    for path in sorted((FIXTURES / "clean").glob("*.html")):
        found.append({"name": f"clean/{path.stem}", "html": path.read_bytes(),
                      "url": f"https://{path.stem}.example/article", "rules": site_rules_for(path.stem)})
    for folder, prefix in (("clean_unseen", "unseen"), ("clean_unseen2", "unseen2")):
        for path in sorted((FIXTURES / folder).glob("*.html")):
            found.append({"name": f"{prefix}/{path.stem}", "html": path.read_bytes(),
                          "url": f"https://{path.stem}.example/article", "rules": None})
    if mirror:
        from datetime import UTC, datetime

        from bench.mirror import page

        base, now = "http://127.0.0.1:8000", datetime(2026, 11, 28, tzinfo=UTC)
        found += [{"name": f"mirror/{i}", "html": page(i, base, now), "url": f"{base}/a/{i}.html", "rules": None}
                  for i in range(mirror)]
    return found


def load_baseline(directory: Path):
    """``(clean_tree, clean_body)`` of the package copy in ``directory``, imported beside the current one."""
    import newswatch

    def ours():
        return {k: m for k, m in sys.modules.items() if k == "newswatch.clean" or k.startswith("newswatch.clean.")}

    current = ours()
    for key in current:
        del sys.modules[key]
    newswatch.__path__.insert(0, str(Path(directory).resolve() / "newswatch"))
    try:
        module = importlib.import_module("newswatch.clean")
        for key in ours():
            del sys.modules[key]
    finally:
        newswatch.__path__.pop(0)
        sys.modules.update(current)
        newswatch.clean = current["newswatch.clean"]
    if Path(module.__file__).resolve().parent == Path(current["newswatch.clean"].__file__).resolve().parent:
        raise SystemExit(f"{directory}: no package copy there")
    return module.clean_tree, module.clean_body


def _report_view(report) -> list:
    return [[[r.rule, r.chars, r.level, r.text, r.where] for r in report.removals], list(report.paywall_markers)]


def run_chain(page: dict, tree_fn, body_fn, timed: dict | None = None) -> dict:
    """The worker chain on one page; CPU seconds of each step added to ``timed`` lists."""
    clock = time.process_time
    t0 = clock()
    tree = parse_html(page["html"])
    meta = extract_metadata(tree, page["url"])
    t1 = clock()
    html_report = tree_fn(tree, page["rules"])
    t2 = clock()
    body = extract_body(tree, page["url"], article_body=meta.get("article_body"))
    language = reconcile_language(meta.get("language"), body)
    t3 = clock()
    cleaned, text_report = body_fn(body, language, page["rules"], title=meta.get("title"))
    t4 = clock()
    if timed is not None:
        timed["extraction"].append((t1 - t0) + (t3 - t2))
        timed["clean_tree"].append(t2 - t1)
        timed["clean_body"].append(t4 - t3)
    return {"tree": tree, "html_report": html_report, "body": body, "cleaned": cleaned, "text_report": text_report}


def outputs(result: dict) -> dict:
    """Everything cleaning decides, as comparable plain values."""
    return {
        "html_report": _report_view(result["html_report"]),
        "tree": hashlib.sha256(etree.tostring(result["tree"], encoding="utf-8")).hexdigest(),
        "body": result["body"],
        "cleaned": result["cleaned"],
        "text_report": _report_view(result["text_report"]),
    }


def digest(view: dict) -> str:
    return hashlib.sha256(json.dumps(view, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _ms(values) -> float:
    return statistics.median(values) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs of the chain per page (default 9)")
    parser.add_argument("--baseline", type=Path, help="directory holding another newswatch/clean to compare")
    parser.add_argument("--golden", type=Path, help="digest file of the outputs: written, or checked if present")
    parser.add_argument("--only", help="pages whose name contains this")
    parser.add_argument("--rules", metavar="OUTLET",
                        help="apply this outlet's site rules (newswatch/clean/sites) to the readability-news pages, "
                             "as a crawl of a configured outlet does")
    parser.add_argument("--mirror", type=int, default=0, metavar="N",
                        help="also the bench mirror's first N pages (bench.mirror.page: half real, half generated)")
    parser.add_argument("--verbose", action="store_true", help="per-page figures")
    args = parser.parse_args(argv)

    variants = {"new": (clean_tree, clean_body)}
    if args.baseline:
        variants = {"old": load_baseline(args.baseline), **variants}
    selected = [p for p in pages(args.rules, args.mirror) if not args.only or args.only in p["name"]]
    warm = {"name": "warm-up", "html": b"<html><body><p>warm-up</p></body></html>", "url": "https://example.org/",
            "rules": None}
    for fns in variants.values():
        run_chain(warm, *fns)
        fns[1]("Warm up.", None)

    differences, digests = [], {}
    per_page = {name: [] for name in variants}
    # each page's first run, with only the earlier pages' entries in the caches, as a crawl sees every page once
    first = {name: {step: [] for step in STEPS} for name in variants}
    for page in selected:
        views = {name: outputs(run_chain(page, *fns, timed=first[name])) for name, fns in variants.items()}
        digests[page["name"]] = digest(views["new"])
        if "old" in views:
            for key in views["new"]:
                if views["old"][key] != views["new"][key]:
                    differences.append(f"{page['name']}: {key} differs from the baseline")
        timed = {name: {"extraction": [], "clean_tree": [], "clean_body": []} for name in variants}
        order = list(variants)
        for i in range(args.repeat):
            for name in order if i % 2 == 0 else reversed(order):
                run_chain(page, *variants[name], timed=timed[name])
        for name in variants:
            figures = {step: _ms(values) for step, values in timed[name].items()}
            per_page[name].append((page["name"], figures))
            if args.verbose:
                share = (figures["clean_tree"] + figures["clean_body"]) / figures["extraction"]
                print(f"{name:4} {page['name']:28} {len(page['html']) / 1024:6.0f} KB  extraction "
                      f"{figures['extraction']:6.2f}  clean_tree {figures['clean_tree']:6.2f}  clean_body "
                      f"{figures['clean_body']:5.2f} ms  share {share:5.1%}", flush=True)

    print(f"{len(selected)} pages (readability-news + tests/fixtures/clean + clean_unseen + clean_unseen2"
          f"{f' + {args.mirror} mirror' if args.mirror else ''}), "
          f"{args.repeat} runs each, CPU ms (time.process_time), medians over pages of each page's median")
    groups = {"all": lambda n: True, "readability-news": lambda n: "/" not in n,
              "fixtures": lambda n: "/" in n and not n.startswith("mirror/"),
              "mirror": lambda n: n.startswith("mirror/")}
    for group, member in groups.items():
        if not any(member(page["name"]) for page in selected):
            continue
        print(f" {group}:")
        for name in variants:
            rows = [figures for page_name, figures in per_page[name] if member(page_name)]
            steps = {step: statistics.median(r[step] for r in rows) for step in STEPS}
            totals = {step: sum(r[step] for r in rows) for step in steps}
            shares = [(r["clean_tree"] + r["clean_body"]) / r["extraction"] for r in rows]
            cleaning = statistics.median(r["clean_tree"] + r["clean_body"] for r in rows)
            of_sums = (totals["clean_tree"] + totals["clean_body"]) / totals["extraction"]
            print(f"  {name:4} extraction {steps['extraction']:6.2f}  clean_tree {steps['clean_tree']:5.2f}  "
                  f"clean_body {steps['clean_body']:5.2f}  cleaning {cleaning:5.2f} ms | share: median page "
                  f"{statistics.median(shares):5.1%}, of the sums {of_sums:5.1%}, max page {max(shares):5.1%}")
    print(" first sight (each page's first run, as in a crawl; one run, so noisier):")
    for name in variants:
        steps = {step: _ms(first[name][step]) for step in STEPS}
        shares = [(t + b) / e for e, t, b in zip(*(first[name][step] for step in STEPS), strict=True)]
        print(f"  {name:4} extraction {steps['extraction']:6.2f}  clean_tree {steps['clean_tree']:5.2f}  "
              f"clean_body {steps['clean_body']:5.2f} ms | share: median page {statistics.median(shares):5.1%}")
    if args.golden:
        if args.golden.exists():
            golden = json.loads(args.golden.read_text())
            for name, value in digests.items():
                if name in golden and golden[name] != value:
                    differences.append(f"{name}: outputs differ from {args.golden}")
            print(f"golden: {len(set(golden) & set(digests))} pages checked against {args.golden}")
        else:
            args.golden.write_text(json.dumps(digests, indent=1, sort_keys=True))
            print(f"golden: {len(digests)} page digests written to {args.golden}")
    if "old" in variants:
        print(f"outputs compared with the baseline on {len(selected)} pages: {len(differences) or 'no'} differences")
    for line in differences:
        print(f"  DIFFERENT {line}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
