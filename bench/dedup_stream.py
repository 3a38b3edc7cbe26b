"""CPU per article of the dedup and store steps on a crawl's real stream of mirror articles, and their outputs.

    # once: the mirror's pages through the worker chain (extraction, cleaning, topics, fingerprints), items saved
    PYTHONPATH=. .venv/bin/python -m bench.dedup_stream make --n 10000 --out /tmp/stream.pkl
    # once: a store filled by the pipelines with the first --fill items (the code of the tree that runs it)
    PYTHONPATH=. .venv/bin/python -m bench.dedup_stream fill --stream /tmp/stream.pkl --fill 8000 --db /tmp/s8k.sqlite3
    # old against new, alternated in separate processes, medians; decisions and stored rows compared
    PYTHONPATH=. .venv/bin/python -m bench.dedup_stream ab --stream /tmp/stream.pkl --db /tmp/s8k.sqlite3 \\
        --fill 8000 --probes 1500 --rounds 5 --ref-tree /tmp/nw-base

``bench.store_reactor`` fills its store with made-up band keys and signatures; here every article is what the crawl's
workers hand the pipelines for a mirror page (``bench/mirror.py``: half the 38 real pages, each with a unique
paragraph, so thousands of near copies of a few stories share their bands, half generated from their sentences), with
the fingerprints the worker computed, so candidates, sentence keys, edition probes and ``decide``'s work are the
crawl's own. A run copies the filled store, warms the run's memory (``NEWSWATCH_DEDUP_RECENT`` articles: the last
ones filled, looked up again; not timed, not stored) and feeds ``--probes`` new items through
:class:`DedupPipeline` then :class:`StorePipeline` as Scrapy does. CPU time: the reactor thread's
(``time.thread_time``) for each pipeline's step, and the store thread's (the process's CPU less the reactor thread's
while batches are written), in ms per article. ``ab`` runs the tree on ``PYTHONPATH`` (``--tree``, default this one)
and ``--ref-tree`` (another checkout, e.g. ``git worktree add /tmp/nw-base <commit>``) alternately, each in a fresh
process, and checks both made the same decisions and stored the same rows (timestamps of the run itself aside).
Separate processes minutes apart see the shared machine's load move by +-15%; ``inproc`` alternates the two versions
of the step's changed files in one process, 100 articles at a time (``--chunk``), which resolves a few percent:

    PYTHONPATH=. .venv/bin/python -m bench.dedup_stream inproc --stream /tmp/stream.pkl --db /tmp/s8k.sqlite3 \\
        --fill 8000 --probes 1500 --ref-tree /tmp/nw-base
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import inspect
import json
import os
import pickle
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path.pop(0)  # run as a file by ``ab`` (another tree's newswatch): bench/incremental.py is not ``incremental``
BASE = "http://127.0.0.1:8000"


# --- make: the worker chain's items -------------------------------------------------------------------------------


async def _items(crawler, pages: list[tuple[str, bytes]], concurrency: int) -> list:
    from scrapy.exceptions import DropItem

    from newswatch import _steps
    from newswatch.pipelines import CleanPipeline, DedupPipeline, TopicsPipeline, ValidatePipeline
    from newswatch.process import process_article, worker_pool

    pipelines = [cls.from_crawler(crawler) for cls in (CleanPipeline, ValidatePipeline, TopicsPipeline)]
    DedupPipeline.from_crawler(crawler)  # registers the fingerprints step
    pool = worker_pool(crawler)
    slots = asyncio.Semaphore(concurrency)
    fetched = datetime.now(UTC)
    done = [0]

    async def article(url: str, body: bytes):
        async with slots:
            item = (await pool.run(process_article, body, url, source=None, fetched_at=fetched))["item"]
            try:
                for pipeline in pipelines:
                    out = pipeline.process_item(item)
                    item = await out if inspect.isawaitable(out) else out
            except DropItem:
                return None
            done[0] += 1
            if done[0] % 500 == 0:
                print(f"  {done[0]} items", file=sys.stderr, flush=True)
            results = getattr(item, _steps.RESULTS_ATTR, None) or {}
            return dict(item), results.get(_steps.FINGERPRINTS)

    try:
        return [got for got in await asyncio.gather(*(article(u, b) for u, b in pages)) if got is not None]
    finally:
        pool.close()


def make(args) -> int:
    sys.path.insert(0, str(ROOT))
    from scrapy.utils.test import get_crawler

    from bench.mirror import page

    now = datetime.now(UTC)
    pages = [(f"{BASE}/a/{i}", page(i, BASE, now)) for i in range(args.n)]
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "no-store").mkdir()
        crawler = get_crawler(settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 2, "NEWSWATCH_TOPIC_FILTER": "tag",
                                             "NEWSWATCH_DB_PATH": str(Path(tmp) / "no-store")})
        crawler.stats.open_spider()
        started = time.perf_counter()
        items = asyncio.run(_items(crawler, pages, 16))
    with open(args.out, "wb") as fh:
        pickle.dump(items, fh, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{len(items)} items of {args.n} pages in {time.perf_counter() - started:.0f} s -> {args.out}")
    return 0


# --- run: the pipelines over the stream -----------------------------------------------------------------------------


class _Workers:
    """Stands in for the worker pool when an item carries no fingerprints (never, on a made stream)."""

    async def run_timed(self, stage, fn, *args, **kwargs):
        return fn(*args, **kwargs)

    def add_step(self, step):
        return True


def _article(fields: dict, fp_record):
    from newswatch import _steps
    from newswatch.items import Article

    item = Article(**fields)
    if fp_record is not None:
        setattr(item, _steps.RESULTS_ATTR, {_steps.FINGERPRINTS: fp_record})
    return item


def _pipelines(db: Path, spill: Path):
    from scrapy.utils.test import get_crawler

    from newswatch import pipelines
    from newswatch.pipelines import DedupPipeline, StorePipeline

    pipelines.worker_pool = lambda crawler: _Workers()
    crawler = get_crawler(settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0, "NEWSWATCH_DB_PATH": str(db),
                                         "NEWSWATCH_SPILL_DIR": str(spill)})
    crawler.stats.open_spider()
    dedup, store = DedupPipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    dedup.open_spider()
    store.open_spider()
    return crawler, dedup, store


def _dedup_step(dedup, item):
    coro = dedup.process_item(item)
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    raise RuntimeError("DedupPipeline awaited with its fingerprints given")


def _decision(item) -> tuple:
    return tuple(item.get(name) for name in ("url_key", "story_id", "duplicate_of", "syndicated", "translation_of",
                                             "supersedes"))


def fill(args) -> int:
    stream = _load(args.stream)
    db = Path(args.db)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as spill:
        crawler, dedup, store = _pipelines(db, Path(spill))
        loop = asyncio.new_event_loop()
        started = time.perf_counter()
        for n, (fields, fp_record) in enumerate(stream[: args.fill], 1):
            item = _dedup_step(dedup, _article(fields, fp_record))
            loop.run_until_complete(store.process_item(item))
            if n % 1000 == 0:
                print(f"  {n} filled, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        dedup.close_spider()
        store.close_spider()
        loop.close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"{args.fill} articles stored in {db} ({time.perf_counter() - started:.0f} s)")
    return 0


_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:\+00:00|Z)?")


def _rows_digest(db: Path, since: datetime, until: datetime) -> tuple[str, int]:
    """A digest of every row of every table, the run's own timestamps (between ``since`` and ``until``) blanked."""

    def blank(match):
        try:
            value = datetime.fromisoformat(match.group(0).replace("Z", "+00:00"))
        except ValueError:
            return match.group(0)
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return "<run>" if since <= value <= until else match.group(0)

    digest = hashlib.blake2b(digest_size=16)
    rows = 0
    with sqlite3.connect(db) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '%_fts_%' ORDER BY name")]
        for table in tables:
            digest.update(table.encode())
            for row in sorted(repr(tuple(_STAMP.sub(blank, v) if isinstance(v, str) else v for v in row))
                              for row in conn.execute(f"SELECT * FROM {table}")):
                digest.update(row.encode())
                rows += 1
    return digest.hexdigest(), rows


def run(args) -> int:
    """One measured run (in a fresh process): JSON on stdout."""
    import gc

    stream = _load(args.stream)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.sqlite3"
        shutil.copyfile(args.db, db)
        since = datetime.now(UTC)
        crawler, dedup, store = _pipelines(db, Path(tmp) / "spill")
        loop = asyncio.new_event_loop()
        warm = stream[max(0, args.fill - dedup.recent.capacity): args.fill]
        for fields, fp_record in warm:  # the run's memory as the crawl's at this point (stored: looked up, not written)
            _dedup_step(dedup, _article(fields, fp_record))
        # the series rules and dedup's code-point table, which the crawl builds once at its first decision past a
        # url_key match (none of the warm-up's: they are all stored)
        from newswatch.dedup._series import are_instalments

        are_instalments("Day 1", "Day 2")
        probes = [_article(*got) for got in stream[args.fill: args.fill + args.probes]]
        # The stream (thousands of items) is this process's, not the crawl's: kept out of the collector's full passes
        gc.collect()
        gc.freeze()
        profile = None
        if args.profile:
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        decisions = []
        dedup_s = store_s = 0.0
        thread, process = time.thread_time, time.process_time
        p0, r0 = process(), thread()
        for item in probes:
            t0 = thread()
            item = _dedup_step(dedup, item)
            t1 = thread()
            loop.run_until_complete(store.process_item(item))
            dedup_s += t1 - t0
            store_s += thread() - t1
            decisions.append(_decision(item))
        store._settle(wait=True)
        if len(store.writer):  # the last, partial batch (close_spider's), so every probe's write is counted
            store._launch()
            store._settle(wait=True)
        reactor = thread() - r0
        if profile is not None:
            profile.disable()
            profile.dump_stats(args.profile)
        write_s = process() - p0 - reactor
        dedup.close_spider()
        store.close_spider()
        loop.close()
        until = datetime.now(UTC)
        kinds = {k.rsplit("/", 1)[1]: v for k, v in crawler.stats.get_stats().items()
                 if k.startswith("newswatch/dedup/")}
        digest, rows = _rows_digest(db, since, until)
    n = len(probes)
    print(json.dumps({"dedup_ms": dedup_s / n * 1000, "store_ms": store_s / n * 1000, "write_ms": write_s / n * 1000,
                      "kinds": kinds, "decisions": hashlib.blake2b(repr(decisions).encode(), digest_size=16)
                      .hexdigest(), "rows": digest, "row_count": rows, "n": n}))
    return 0


def ab(args) -> int:
    trees = {"new": Path(args.tree).resolve(), "ref": Path(args.ref_tree).resolve()}
    got: dict[str, list[dict]] = {name: [] for name in trees}
    for r in range(args.rounds):
        for name in (("ref", "new") if r % 2 == 0 else ("new", "ref")):
            env = {**os.environ, "PYTHONPATH": str(trees[name])}
            out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "run", "--stream", args.stream,
                                  "--db", args.db, "--fill", str(args.fill), "--probes", str(args.probes)],
                                 env=env, check=True, capture_output=True, text=True, cwd=trees[name])
            result = json.loads(out.stdout.strip().splitlines()[-1])
            got[name].append(result)
            print(f"  round {r + 1} {name}: dedup {result['dedup_ms']:.3f}  store {result['store_ms']:.3f}  "
                  f"store_write {result['write_ms']:.3f} ms/article", flush=True)
    print(f"ms an article (CPU), {args.probes} articles after {args.fill} stored, median of {args.rounds}:")
    for stage in ("dedup_ms", "store_ms", "write_ms"):
        ref = statistics.median(r[stage] for r in got["ref"])
        new = statistics.median(r[stage] for r in got["new"])
        print(f"  {stage[:-3]:10} ref {ref:7.3f}  new {new:7.3f}  ({(new / ref - 1) * 100:+.1f}%)")
    same = {key: len({r[key] for rs in got.values() for r in rs}) == 1 for key in ("decisions", "rows", "kinds")
            if key != "kinds"}
    same["kinds"] = len({json.dumps(r["kinds"], sort_keys=True) for rs in got.values() for r in rs}) == 1
    print("kinds:", got["new"][0]["kinds"], "rows:", got["new"][0]["row_count"])
    print("identical decisions:", same["decisions"], " stored rows:", same["rows"], " kinds:", same["kinds"])
    return 0 if all(same.values()) else 1


def inproc(args) -> int:
    """DedupPipeline's step in one process: the ref tree's ``decide``, ``RecentIndex`` and SQLite lookup against this
    tree's, each side on its own copy of the filled store (with its StorePipeline writing it), alternated in chunks of
    ``--chunk`` articles; the reactor thread's CPU of the step, medians of the chunks and of their ratios. The files it
    swaps are ``newswatch/dedup/_decide.py``, ``_recent.py`` and ``newswatch/storage/_sqlite.py`` (the ones this
    round changed); the rest of the step is this tree's on both sides."""
    import gc
    import importlib.util
    import types

    from newswatch import dedup, pipelines

    ref_tree = Path(args.ref_tree).resolve()

    def load(rel: str, name: str):
        spec = importlib.util.spec_from_file_location(name, ref_tree / rel)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    ref_decide = load("newswatch/dedup/_decide.py", "newswatch.dedup._decide_ref")
    ref_recent = load("newswatch/dedup/_recent.py", "newswatch.dedup._recent_ref")
    ref_sqlite = load("newswatch/storage/_sqlite.py", "newswatch.storage._sqlite_ref")
    namespaces = {"new": pipelines.dedup, "ref": types.SimpleNamespace(
        **{name: getattr(dedup, name) for name in dir(dedup) if not name.startswith("__")})}
    namespaces["ref"].decide = ref_decide.decide
    stream = _load(args.stream)
    sides = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("ref", "new"):
            db = Path(tmp) / f"{name}.sqlite3"
            shutil.copyfile(args.db, db)
            _, dedup_pipeline, store_pipeline = _pipelines(db, Path(tmp) / f"spill-{name}")
            if name == "ref":
                dedup_pipeline.recent = ref_recent.RecentIndex(dedup_pipeline.recent.capacity)
                dedup_pipeline.store.close()
                dedup_pipeline.store = ref_sqlite.SqliteStore(db)
                dedup_pipeline.store.open()
            pipelines.dedup = namespaces[name]
            for fields, fp_record in stream[max(0, args.fill - dedup_pipeline.recent.capacity): args.fill]:
                _dedup_step(dedup_pipeline, _article(fields, fp_record))
            sides[name] = (dedup_pipeline, store_pipeline, asyncio.new_event_loop(), [], [])
        from newswatch.dedup._series import are_instalments

        are_instalments("Day 1", "Day 2")
        gc.collect()
        gc.freeze()
        probes = stream[args.fill: args.fill + args.probes]
        for n, start in enumerate(range(0, len(probes), args.chunk)):
            for name in ("ref", "new") if n % 2 == 0 else ("new", "ref"):
                dedup_pipeline, store_pipeline, loop, times, decisions = sides[name]
                pipelines.dedup = namespaces[name]
                spent = 0.0
                for fields, fp_record in probes[start: start + args.chunk]:
                    item = _article(fields, fp_record)
                    began = time.thread_time()
                    item = _dedup_step(dedup_pipeline, item)
                    spent += time.thread_time() - began
                    loop.run_until_complete(store_pipeline.process_item(item))
                    decisions.append(_decision(item))
                times.append(spent / len(probes[start: start + args.chunk]) * 1000)
        pipelines.dedup = namespaces["new"]
        for name, (dedup_pipeline, store_pipeline, loop, times, _) in sides.items():
            print(f"{name}: DedupPipeline {statistics.median(times):.3f} ms an article (CPU, median of {len(times)} "
                  f"chunks of {args.chunk})")
            dedup_pipeline.close_spider()
            store_pipeline.close_spider()
            loop.close()
    ratios = sorted(new / ref for new, ref in zip(sides["new"][3], sides["ref"][3], strict=True))
    print(f"new / ref by chunk: median {statistics.median(ratios):.3f} "
          f"(quartiles {ratios[len(ratios) // 4]:.3f}-{ratios[3 * len(ratios) // 4]:.3f})")
    same = sides["new"][4] == sides["ref"][4]
    print("identical decisions:", same)
    return 0 if same else 1


class _StreamUnpickler(pickle.Unpickler):
    """Reads back a stream ``make`` wrote: plain containers and the datetime module's values, no other class (a
    pickle can name any callable to run while it loads; this one refuses them)."""

    _ALLOWED = frozenset({("datetime", "datetime"), ("datetime", "date"), ("datetime", "timedelta"),
                          ("datetime", "timezone")})

    def find_class(self, module, name):
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a captured stream")
        return super().find_class(module, name)


def _load(path: str) -> list:
    with open(path, "rb") as fh:
        return _StreamUnpickler(fh).load()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("make")
    p.add_argument("--n", type=int, default=10000)
    p.add_argument("--out", required=True)
    for name in ("fill", "run", "ab", "inproc"):
        p = sub.add_parser(name)
        p.add_argument("--stream", required=True)
        p.add_argument("--db", required=True)
        p.add_argument("--fill", type=int, default=8000)
        if name != "fill":
            p.add_argument("--probes", type=int, default=1500)
        if name == "run":
            p.add_argument("--profile", metavar="FILE", help="cProfile the probes' steps (reactor thread) into FILE")
        if name == "ab":
            p.add_argument("--rounds", type=int, default=5)
            p.add_argument("--tree", default=str(ROOT))
        if name in ("ab", "inproc"):
            p.add_argument("--ref-tree", required=True)
        if name == "inproc":
            p.add_argument("--chunk", type=int, default=100)
    args = parser.parse_args()
    return {"make": make, "fill": fill, "run": run, "ab": ab, "inproc": inproc}[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
