"""CPU of a crawl's fixed start, against another commit's: what every crawl pays before its first article.

Run from the project root:  .venv/bin/python -m bench.start_cpu [--ref COMMIT] [--rounds 5] [--cold]

Three parts, each in a fresh interpreter (CPU time: user + system of the process, ``time.process_time`` at its end,
the interpreter's own start included), the working tree's and the ref's alternated ``--rounds`` times (the ref's
package from ``git archive``), medians printed:

* ``fork server``: ``import newswatch._worker_init``, what the worker pool's fork server loads before it forks a
  worker (the item loader, the language model, extraction, cleaning and topic rules);
* ``topics``: the topic matcher built and compiled for the warm-up languages (part of the fork server's);
* ``cleaning rules``: ``clean_body("Warm up.", None)`` after its imports, every language's cleaning rules built (part
  of the fork server's warm-up; this part's figure is the CPU of that call alone, the imports not counted);
* ``crawl imports``: the crawl process's own imports (Scrapy's command line, the project settings, the spiders, the
  pipelines and extensions), before its first request.

The topics' and the cleaning rules' compiled patterns are kept between runs (``NEWSWATCH_CACHE_DIR``, see
``newswatch/_pattern_cache.py``):
by default both versions use the usual directory, warmed by one untimed run first (every crawl after the first);
``--cold`` gives each timed run an empty directory of its own (the first crawl after a lexicon edit).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PARTS = {
    "fork server": "import newswatch._worker_init",
    "topics": "from newswatch.topics import default_matcher\ndefault_matcher().compile_all()",
    "cleaning rules": "from newswatch.clean import clean_body\nimport time\nstart = time.process_time()\n"
                      "clean_body('Warm up.', None)\nprint(time.process_time() - start)\nraise SystemExit",
    "crawl imports": "import scrapy.cmdline\nfrom scrapy.utils.project import get_project_settings\n"
                     "get_project_settings()\nimport newswatch.spiders, newswatch.pipelines, newswatch.extensions",
}


def _cpu(tree: Path, code: str, cache: str | None) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    if cache is not None:
        env["NEWSWATCH_CACHE_DIR"] = cache
    done = subprocess.run([sys.executable, "-c", f"{code}\nimport time\nprint(time.process_time())"], cwd=tree,
                          env=env, capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", help="a commit to compare with (git archive of its tree)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="an empty pattern cache for every timed run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="start-cpu-") as tmp:
        trees = {"working tree": ROOT}
        if args.ref:
            ref_tree = Path(tmp) / "ref"
            ref_tree.mkdir()
            archive = subprocess.run(["git", "archive", args.ref], cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(ref_tree)], input=archive, check=True)
            trees[args.ref] = ref_tree
        if not args.cold:
            for tree in trees.values():
                for code in PARTS.values():
                    _cpu(tree, code, None)
        times: dict[tuple[str, str], list[float]] = {}
        for n in range(args.rounds):
            for part, code in PARTS.items():
                for name, tree in trees.items():
                    cache = tempfile.mkdtemp(prefix=f"cache-{n}-", dir=tmp) if args.cold else None
                    times.setdefault((part, name), []).append(_cpu(tree, code, cache))
        cold = " (cold cache)" if args.cold else ""
        print(f"CPU s of a fresh interpreter, median of {args.rounds} (alternated){cold}")
        for part in PARTS:
            row = {name: statistics.median(times[(part, name)]) for name in trees}
            ratio = f"  x{row['working tree'] / row[args.ref]:.2f}" if args.ref else ""
            print(f"  {part:14s} " + "  ".join(f"{name}: {value:.3f}" for name, value in row.items()) + ratio)
    return 0


if __name__ == "__main__":
    sys.exit(main())
