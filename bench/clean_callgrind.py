"""Instruction counts of cleaning next to extraction, old against new, for callgrind (load-independent).

Each page is parsed and its metadata read twice; the baseline's ``clean_tree`` runs on one tree, the current one on
the other, then our extraction (body + language) and the current ``clean_body``. Each step is called through a C
function used nowhere else in the chain, so callgrind's inclusive cost of that function is the step's instructions:

* ``starmap_next`` (``itertools.starmap``): the baseline's ``clean_tree``;
* ``_operator_call`` (``operator.call``): the current ``clean_tree``;
* ``functools_reduce``: extraction (parse + ``extract_metadata``, ``extract_body`` + ``reconcile_language``);
* ``accumulate_next`` (``itertools.accumulate``): ``clean_body``.

Every page is seen once by each side (first sight: the memos hold only what earlier pages left, as in a crawl)::

    git archive <commit> newswatch/clean | tar -x -C /tmp/base    # or a copy with only _html.py swapped
    valgrind --tool=callgrind --cache-sim=no --callgrind-out-file=/tmp/cg.out \\
        .venv/bin/python -m bench.clean_callgrind /tmp/base [--mirror 40] [--only PREFIX ...]
    callgrind_annotate --inclusive=yes --threshold=100 /tmp/cg.out \\
        | grep -E "starmap_next|_operator_call|functools_reduce|accumulate_next"

The pages are ``bench.clean_cost``'s (readability-news, the cleaning fixtures, ``--mirror N`` of the bench mirror),
``--only``: those whose name starts with one of the prefixes. ~20 minutes for 76 pages on a loaded 2-core machine.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import operator
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.clean_cost import load_baseline, pages  # noqa: E402
from newswatch.clean import clean_body, clean_tree  # noqa: E402
from newswatch.extract import extract_body, extract_metadata, parse_html, reconcile_language  # noqa: E402


def _extraction(step):
    return functools.reduce(lambda _, call: call(), [step], None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path, help="directory holding another newswatch/clean")
    parser.add_argument("--mirror", type=int, default=0, metavar="N", help="also the bench mirror's first N pages")
    parser.add_argument("--only", nargs="*", default=(), help="pages whose name starts with one of these")
    args = parser.parse_args(argv)
    old_tree, _ = load_baseline(args.baseline)
    selected = [p for p in pages(mirror=args.mirror) if not args.only or p["name"].startswith(tuple(args.only))]
    for fn in (old_tree, clean_tree):  # rule files read and compiled outside the counted calls
        for page in selected[:3]:
            tree = parse_html(page["html"])
            extract_metadata(tree, page["url"])
            fn(tree, page["rules"])
    clean_body("Warm up.", None)
    for page in selected:
        baseline_tree = parse_html(page["html"])
        extract_metadata(baseline_tree, page["url"])
        list(itertools.starmap(old_tree, [(baseline_tree, page["rules"])]))

        def parsed(page=page):
            tree = parse_html(page["html"])
            return tree, extract_metadata(tree, page["url"])

        tree, meta = _extraction(parsed)
        operator.call(clean_tree, tree, page["rules"])

        def extracted(page=page, tree=tree, meta=meta):
            body = extract_body(tree, page["url"], article_body=meta.get("article_body"))
            return body, reconcile_language(meta.get("language"), body)

        body, language = _extraction(extracted)
        list(itertools.accumulate(
            [None, lambda: clean_body(body, language, page["rules"], title=meta.get("title"))],  # noqa: B023
            lambda _, call: call()))
    print(f"{len(selected)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
