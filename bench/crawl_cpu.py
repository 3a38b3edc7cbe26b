"""CPU of the crawl process per article, and where it goes: a sampled profile of a real mirror crawl.

Run from the project root:  .venv/bin/python -m bench.crawl_cpu [--n 2000] [--out profile.txt]
A/B:  .venv/bin/python -m bench.crawl_cpu --n 2000 --vary NEWSWATCH_WORKER_STEPS=0,1 --rounds 3

Serves ``--n`` mirror pages (bench/mirror.py, as ``bench.run`` does; keep N <= 3000 on a shared machine),
runs the full ``scrapy crawl`` against them (``bench.run.run_newswatch``: same settings), and samples the
crawl process's stack every ~4 ms of its own CPU time (``ITIMER_PROF``: CPU, not wall time, so waiting for
a core under load does not count; py-spy samples wall time and charges such waits to whatever runs then).
Prints the crawl process's CPU ms per stored article (user + system, from /proc), the tree's, and the
samples' split by area: the Dedup and Store pipelines (their own code on the reactor), Scrapy itself
(downloader, scraper and spider middlewares, event loop, engine), startup imports, the worker pool's IPC,
the spider's article callback, the other pipelines, stats. ``--out`` keeps the collapsed stacks
(``frame;frame;... count`` lines, flame-graph tools read them).

``--vary SETTING=A,B[,...]`` crawls the same mirror once per value (``-s SETTING=value``), alternating the values
``--rounds`` times, and ends with each value's median crawl-process CPU ms/article (the comparison to trust on a
shared machine: CPU time, alternated runs). ``--no-sample`` skips the sampler (its ~2-4% overhead and the split).

The sampler: ``python -m bench.crawl_cpu --sample OUT -- MODULE ARGS...`` runs MODULE as ``-m`` would.
"""

from __future__ import annotations

import argparse
import atexit
import collections
import json
import os
import re
import runpy
import signal
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Areas of the crawl process, first match wins (frames as ``name (path:line)``); pipelines by their class.
AREAS = (
    ("startup/imports", ("_find_and_load", "crawl_async", "_get_module_details")),
    ("item loader on the reactor", ("build_article",)),
    ("spider article callback", ("parse_article",)),
    ("worker pool IPC", ("newswatch/process.py",)),
    ("discovery (feeds, sitemaps)", ("parse_sitemap", "parse_backlog", "_hand_out", "parse_feed")),
    ("stats", ("statscollectors",)),
    ("pipeline timing manager", ("newswatch/extensions.py",)),
    ("Scrapy: download", ("scrapy/core/downloader", "twisted/web", "twisted/internet/tcp", "http11")),
    ("Scrapy: scraper, spider middlewares", ("scrapy/core/scraper", "spidermw")),
    ("Scrapy: engine, scheduler", ("scrapy/core/engine", "scrapy/core/scheduler", "queuelib", "scrapy/pqueues")),
)
_PIPELINE_FRAME = re.compile(r"\([^()]*newswatch/pipelines\.py:(\d+)\)")


def sample(out: str, module: str, args: list[str]) -> None:
    """Run ``module`` (as ``python -m``) under the CPU-time stack sampler; write collapsed stacks to ``out``."""
    counts: collections.Counter = collections.Counter()
    pid = os.getpid()

    def on_tick(signum, frame):
        stack = []
        while frame is not None:
            name = frame.f_code.co_filename
            name = name.split("site-packages/", 1)[-1].split(f"{ROOT}/", 1)[-1]
            stack.append(f"{frame.f_code.co_name} ({name}:{frame.f_lineno})")
            frame = frame.f_back
        counts[";".join(reversed(stack))] += 1

    def dump():
        if os.getpid() != pid:
            return
        signal.setitimer(signal.ITIMER_PROF, 0)
        Path(out).write_text("".join(f"{stack} {n}\n" for stack, n in counts.items()))

    signal.signal(signal.SIGPROF, on_tick)
    signal.setitimer(signal.ITIMER_PROF, 0.001, 0.001)
    atexit.register(dump)
    sys.path.insert(0, os.getcwd())
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


def split(profile: Path) -> dict[str, float]:
    """Share of the samples per area (see ``AREAS``); pipelines by the class whose ``process_item`` runs."""
    lines = (ROOT / "newswatch" / "pipelines.py").read_text().splitlines()
    classes = [(i + 1, m.group(1)) for i, line in enumerate(lines) if (m := re.match(r"class (\w+)", line))]
    shares: collections.Counter = collections.Counter()
    total = 0
    for line in profile.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue  # a frame name with a newline in it
        total += int(count)
        pipeline = _PIPELINE_FRAME.search(stack)
        if pipeline and "_find_and_load" not in stack:
            number = int(pipeline.group(1))
            shares[[name for start, name in classes if start <= number][-1]] += int(count)
            continue
        area = next((name for name, marks in AREAS if any(mark in stack for mark in marks)), "Scrapy: event loop")
        shares[area] += int(count)
    return {name: n / total for name, n in shares.most_common()} if total else {}


def crawl(site, tmp: Path, *, sampled: bool, profile: Path | None, setting: tuple[str, str] | None = None) -> dict:
    """One ``bench.run`` crawl of ``site`` (sampled into ``profile``); with ``setting``, ``-s NAME=VALUE`` added."""
    import bench.run as run

    scrapy = run._scrapy

    def wrapped(cmd, settings, env, site=None):
        if sampled:  # python -m scrapy ... -> python -m bench.crawl_cpu --sample OUT -- scrapy ...
            cmd = [cmd[0], "-m", "bench.crawl_cpu", "--sample", str(profile), "--", *cmd[2:]]
        extra = dict([setting]) if setting else {}
        # an alarm is no failure here
        return scrapy(cmd, {**settings, **extra}, {**env, "NEWSWATCH_ALARM_EXIT_STATUS": "0"}, site)

    run._scrapy = wrapped
    try:
        return run.run_newswatch(site, tmp)
    finally:
        run._scrapy = scrapy


def report(n: int, result: dict, shares: dict[str, float]) -> float:
    """Print one crawl's figures; its crawl-process CPU ms per stored article."""
    articles = max(result["articles"], 1)
    main_ms = result["main_cpu_seconds"] / articles * 1000
    print(f"N={n}: {result['articles']} articles stored, {result['articles_per_s']} articles/s")
    if shares:
        dedup_store = shares.get("DedupPipeline", 0) + shares.get("StorePipeline", 0)
        print(f"crawl process CPU {main_ms:.2f} ms/article; without the Dedup and Store pipelines "
              f"{main_ms * (1 - dedup_store):.2f}; without startup imports too "
              f"{main_ms * (1 - dedup_store - shares.get('startup/imports', 0)):.2f}; "
              f"whole tree (crawler, fork server, workers) {result['cpu_seconds'] / articles * 1000:.2f}")
        print("crawl process CPU by area (ms/article, share of the samples):")
        for name, share in shares.items():
            print(f"  {name:38} {main_ms * share:6.2f}  {share:6.1%}")
    else:
        print(f"crawl process CPU {main_ms:.2f} ms/article; whole tree (crawler, fork server, workers) "
              f"{result['cpu_seconds'] / articles * 1000:.2f}")
    print("worker stages (wall ms/article, from the crawl stats):", json.dumps(result["stage_ms_per_article"]))
    return main_ms


def main() -> int:
    if len(sys.argv) > 3 and sys.argv[1] == "--sample":
        sample(sys.argv[2], sys.argv[4], sys.argv[5:])  # --sample OUT -- MODULE ARGS...
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--out", help="keep the collapsed stacks in this file (the last run's, with --vary)")
    parser.add_argument("--vary", help="SETTING=A,B,...: one crawl per value, alternated --rounds times")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-sample", action="store_true", help="no CPU-time stack sampler (no split by area)")
    args = parser.parse_args()

    from bench.mirror import MirrorSite

    variants: list[tuple[str, str] | None] = [None]
    if args.vary:
        name, _, values = args.vary.partition("=")
        variants = [(name, value) for value in values.split(",")]
    figures: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp, MirrorSite(args.n) as site:
        for round_ in range(max(1, args.rounds)):
            for variant in variants:
                work = Path(tmp) / f"run-{round_}-{len(figures.get(str(variant), []))}-{variants.index(variant)}"
                work.mkdir()
                profile = Path(args.out).resolve() if args.out else work / "profile.txt"
                if variant:
                    print(f"--- round {round_ + 1}: {variant[0]}={variant[1]}", flush=True)
                result = crawl(site, work, sampled=not args.no_sample, profile=profile, setting=variant)
                shares = split(profile) if not args.no_sample else {}
                figures.setdefault(str(variant), []).append(report(args.n, result, shares))
    if args.vary:
        print(f"crawl process CPU ms/article by {variants[0][0]} (median of {args.rounds}; each run):")
        for variant in variants:
            runs = figures[str(variant)]
            print(f"  {variant[1]:>12}: {statistics.median(runs):.2f}  ({', '.join(f'{v:.2f}' for v in runs)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
