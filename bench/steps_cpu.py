"""Crawl-process CPU per article of the worker round trips and the pipelines, steps folded or not, A/B.

Run from the project root:  .venv/bin/python -m bench.steps_cpu [--n 300] [--rounds 3]

What a crawl's reactor thread does for an article after the download, without Scrapy's download and scheduling
(``bench/crawl_cpu.py`` measures whole crawls; on a loaded machine their noise hides a change this size): the
spider's worker call (``process_article``, 2 workers) and the Clean, Validate, Topics and Dedup pipelines (no
store: the run's memory), ``--concurrency`` articles in flight, on mirror pages (bench/mirror.py). Variants, each
in a fresh pool, alternated ``--rounds`` times in this one process: the steps off (``NEWSWATCH_WORKER_STEPS=0``:
one worker call per pipeline) and on, with Scrapy's stats collector and with ``LeanStatsCollector``. Prints
this process's CPU ms per article (``time.process_time``: the reactor side only; the workers are other
processes), median and each run, and checks that every variant built the same items.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapy.exceptions import DropItem  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

from bench.mirror import page  # noqa: E402
from newswatch.pipelines import CleanPipeline, DedupPipeline, TopicsPipeline, ValidatePipeline  # noqa: E402
from newswatch.process import process_article, worker_pool  # noqa: E402

VARIANTS = {
    "steps off, Scrapy stats": {"NEWSWATCH_WORKER_STEPS": False},
    "steps on, Scrapy stats": {"NEWSWATCH_WORKER_STEPS": True},
    "steps on, lean stats": {"NEWSWATCH_WORKER_STEPS": True, "STATS_CLASS": "newswatch.extensions.LeanStatsCollector"},
}
BASE = "http://127.0.0.1:8000"


async def _crawl(crawler, pages: list[tuple[str, bytes]], concurrency: int) -> tuple[float, list]:
    pipelines = [cls.from_crawler(crawler) for cls in (CleanPipeline, ValidatePipeline, TopicsPipeline, DedupPipeline)]
    pool = worker_pool(crawler)
    slots = asyncio.Semaphore(concurrency)
    fetched = datetime.now(UTC)

    async def article(url: str, body: bytes):
        async with slots:
            item = (await pool.run(process_article, body, url, source=None, fetched_at=fetched))["item"]
            try:
                for pipeline in pipelines:
                    out = pipeline.process_item(item)
                    item = await out if inspect.isawaitable(out) else out
            except DropItem as exc:
                return str(exc)
            return item

    try:
        await asyncio.gather(*(article(url, body) for url, body in pages[:8]))  # workers started and warm
        started = time.process_time()
        items = await asyncio.gather(*(article(url, body) for url, body in pages[8:]))
        return time.process_time() - started, items
    finally:
        pool.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="articles a run (default 300)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    now = datetime.now(UTC)
    pages = [(f"{BASE}/a/{i}", page(i, BASE, now)) for i in range(args.n + 8)]
    figures: dict[str, list[float]] = {name: [] for name in VARIANTS}
    outputs: dict[str, list] = {}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "no-store").mkdir()  # a directory: the dedup store cannot open, the run's memory is used
        for _ in range(args.rounds):
            for name, settings in VARIANTS.items():
                crawler = get_crawler(settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 2, "NEWSWATCH_TOPIC_FILTER": "tag",
                                                     "NEWSWATCH_DB_PATH": str(Path(tmp) / "no-store"), **settings})
                crawler.stats.open_spider()
                seconds, items = asyncio.run(_crawl(crawler, pages, args.concurrency))
                figures[name].append(seconds / args.n * 1000)
                outputs[name] = [dict(i, crawled_at=None) if not isinstance(i, str) else i for i in items]
    print(f"crawl-process CPU ms/article, worker calls + pipelines, {args.n} mirror pages, 2 workers "
          f"(median of {args.rounds}; each run):")
    for name, runs in figures.items():
        print(f"  {name:26} {statistics.median(runs):6.3f}  ({', '.join(f'{v:.3f}' for v in runs)})")
    same = all(out == outputs["steps off, Scrapy stats"] for out in outputs.values())
    print("items identical across variants:", same)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
