"""CPU of extraction's XPath work per page, against another commit's expressions: perf round 16's three changes.

Run from the project root:  .venv/bin/python -m bench.xpath_cpu [--ref COMMIT] [--pages 200] [--rounds 11]

On ``--pages`` bench mirror pages (bench/mirror.py: real pages with a unique paragraph, and generated ones), in one
process, the ref's and the working tree's alternated round by round (CPU time, medians of ``--rounds``), each pair's
results compared first:

* ``prune``: the furniture selectors (``prune`` and ``prune_classes`` of rules/body.yaml) against the ref's ``prune``
  as one XPath;
* ``descendant steps``: our expressions written ``/descendant::tag[...]`` against their ``//tag[...]`` spelling,
  each run once a page (some run only on some pages in a crawl);
* ``trafilatura``: ``trafilatura.extract`` (its fast pass, as the first pass of our extraction) with trafilatura's
  expressions as this tree's ``_xpathguard`` installs them, against them guarded only (no ``/descendant::`` steps).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import lxml.etree
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _alternated(variants: dict, rounds: int) -> dict[str, float]:
    """Median CPU seconds a call of each variant (a function of no arguments), the variants alternated each round."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for n in range(rounds):
        for name in names if n % 2 else names[::-1]:
            started = time.process_time()
            variants[name]()
            times[name].append(time.process_time() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def _report(label: str, medians: dict[str, float], pages: int) -> None:
    (old_name, old), (new_name, new) = medians.items()
    print(f"{label:18} {old_name}: {old * 1000 / pages:.3f}  {new_name}: {new * 1000 / pages:.3f} ms/page "
          f"(x{new / old:.3f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="0d6fec8", help="the commit whose rules/body.yaml `prune` is compared")
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.mirror import page
    from newswatch.extract import _body
    from newswatch.extract import _xpathguard as guard
    from newswatch.extract._html import parse_html
    from tests.test_perf16 import _descendant_steps

    base, now = "http://127.0.0.1:8000", datetime(2026, 11, 27, 16, tzinfo=UTC)
    pages = [(parse_html(page(i, base, now), encoding="utf-8"), f"{base}/a/{i}.html") for i in range(args.pages)]
    trees = [tree for tree, _ in pages]

    ref_rules = yaml.safe_load(subprocess.run(["git", "show", f"{args.ref}:newswatch/extract/rules/body.yaml"],
                                              cwd=ROOT, capture_output=True, check=True).stdout)
    comments = _body._comment_headings_xpath(_body._rules()["comment_headings"])
    ref_prune = lxml.etree.XPath(" | ".join(str(e).replace("{comment_headings}", comments) for e in ref_rules["prune"]))

    def prune() -> list:
        return [_body._prune_xpath()(tree, classes=_body._class_furniture(tree)) for tree in trees]

    assert prune() == [ref_prune(tree) for tree in trees]
    _report("prune", _alternated({args.ref: lambda: [ref_prune(tree) for tree in trees], "working tree": prune},
                                 args.rounds), len(trees))

    steps = {name: xpath for name, xpath in _descendant_steps().items() if name != "prune"}
    slashes = {name: lxml.etree.XPath(xpath.path.replace("/descendant::", "//")) for name, xpath in steps.items()}
    _report("descendant steps", _alternated({"//tag[...]": lambda: [x(t) for t in trees for x in slashes.values()],
                                             "/descendant::": lambda: [x(t) for t in trees for x in steps.values()]},
                                            args.rounds), len(trees))

    import trafilatura.xpaths

    installed = {name: list(getattr(trafilatura.xpaths, name)) for name, _ in guard.ORIGINALS}
    guarded_only = {name: list(value) for name, value in installed.items()}
    for (name, index), path in guard.ORIGINALS.items():
        current = installed[name][index]
        if "re:test(" in path:
            expression = guard._xpath(guard.guarded(path), type(current))
            if isinstance(current, guard.GatedXPath):
                expression.words, expression.patterns = current.words, current.patterns
        else:
            expression = lxml.etree.XPath(path, namespaces={"re": guard.REGEXP_NS})
        guarded_only[name][index] = expression

    def extracted(lists: dict) -> list[str]:
        for name, value in lists.items():
            getattr(trafilatura.xpaths, name)[:] = value
        out = []
        for tree, url in pages:
            with guard.class_id_gate(tree):
                out.append(_body._trafilatura(tree, url, fast=True, prune=[]))
        return out

    try:
        assert extracted(guarded_only) == extracted(installed)
        _report("trafilatura", _alternated({"guarded only": lambda: extracted(guarded_only),
                                            "with steps": lambda: extracted(installed)}, args.rounds), len(pages))
    finally:
        extracted(installed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
