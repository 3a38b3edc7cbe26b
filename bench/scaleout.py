"""Scale-out: one crawler process vs two sharing a Redis frontier (scrapy-redis), on the mock site.

    .venv/bin/python bench/scaleout.py [--reps 3] [--articles 100] [--latency 0.5]

Site: ``/bulk.xml``, ``--articles`` distinct stories each answered after ``--latency`` seconds (a remote
server's response time). Politeness caps each process at 2 concurrent requests to the site, which is what
makes one process slow on a real outlet (set with CONCURRENT_REQUESTS=2: on this Scrapy build the
per-domain cap alone did not bound the loopback mock site). Extraction runs in-process
(NEWSWATCH_EXTRACT_WORKERS=0) so a worker pool's warm-up does not blur the comparison. Needs redis-server
(``make system-deps``).

Prints medians: fetch span (first article request to last article response, seen by the site), crawl time
(the slower process's elapsed_time_seconds, which includes the 2 s idle wait of the redis run), wall time
including process start-up, duplicates fetched (article URLs requested more than once: must be 0), speed-ups.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests._redis_server import RedisServer, redis_server_binary  # noqa: E402
from tests.crawling import run_crawl  # noqa: E402
from tests.mocksite import MockNewsSite, bulk_routes  # noqa: E402

POLITE = {"CONCURRENT_REQUESTS_PER_DOMAIN": "2", "CONCURRENT_REQUESTS": "2"}


def _timed_routes(count: int, latency: float, log: list) -> dict:
    routes = bulk_routes(count, latency)
    for path, route in list(routes.items()):
        if path.startswith("/bulk/"):
            def timed(handler, base, route=route):
                started = time.monotonic()
                answer = route(handler, base)
                log.append((started, time.monotonic()))
                return answer
            routes[path] = timed
    return routes


def _crawl_with(site, workdir: Path, db: Path, processes: int, redis_url: str | None, run_key: str) -> dict:
    env = {"NEWSWATCH_REDIS_URL": redis_url, "NEWSWATCH_REDIS_RUN": run_key,
           "NEWSWATCH_REDIS_IDLE_SECONDS": "2"} if redis_url else {}
    env["NEWSWATCH_EXTRACT_WORKERS"] = "0"

    def one(n: int):
        sub = workdir / f"p{n}"
        sub.mkdir(parents=True)
        return run_crawl(sub, args={"feeds": site.url("/bulk.xml")}, db_path=db, env=env, settings=POLITE)

    started = time.monotonic()
    with ThreadPoolExecutor(processes) as pool:
        runs = list(pool.map(one, range(processes)))
    wall = time.monotonic() - started
    for run in runs:
        if run.returncode != 0:
            raise SystemExit(run.log[-3000:])
    return {"crawl_s": max(r.stat("elapsed_time_seconds") for r in runs), "wall_s": wall,
            "per_process": [r.stat("newswatch/article/parsed") for r in runs]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.5)
    args = parser.parse_args()
    binary, reason = redis_server_binary()
    if binary is None:
        raise SystemExit(reason)
    single, double, duplicates, missing, split = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        redis = RedisServer(binary, tmp / "redis").start()
        try:
            for rep in range(args.reps):
                log: list = []
                with MockNewsSite(routes=_timed_routes(args.articles, args.latency, log)) as site:
                    one = _crawl_with(site, tmp / f"one{rep}", tmp / f"one{rep}.sqlite3", 1, None, "")
                single.append(one | {"span_s": max(b for _, b in log) - min(a for a, _ in log)})
                log = []
                with MockNewsSite(routes=_timed_routes(args.articles, args.latency, log)) as site:
                    two = _crawl_with(site, tmp / f"two{rep}", tmp / f"two{rep}.sqlite3", 2, redis.url, f"bench{rep}")
                    hits = [site.hits[f"/bulk/{n}"] for n in range(args.articles)]
                two["span_s"] = max(b for _, b in log) - min(a for a, _ in log)
                double.append(two)
                duplicates.append(sum(h - 1 for h in hits if h > 1))
                missing.append(sum(1 for h in hits if h == 0))
                split.append(two["per_process"])
                print(f"rep {rep + 1}/{args.reps} done", file=sys.stderr)
        finally:
            redis.stop()

    def med(runs, key):
        return statistics.median(r[key] for r in runs)

    print(f"{args.articles} articles, {args.latency * 1000:.0f} ms per page, 2 concurrent requests per process; "
          f"medians of {args.reps}")
    print(f"one process:   fetch span {med(single, 'span_s'):6.2f} s   crawl {med(single, 'crawl_s'):6.2f} s   "
          f"wall {med(single, 'wall_s'):6.1f} s")
    print(f"two processes: fetch span {med(double, 'span_s'):6.2f} s   crawl {med(double, 'crawl_s'):6.2f} s   "
          f"wall {med(double, 'wall_s'):6.1f} s   articles per process {split}")
    print(f"duplicates fetched: {max(duplicates)} (max over reps); articles never fetched: {max(missing)}")
    print(f"speed-up: fetch span x{med(single, 'span_s') / med(double, 'span_s'):.2f}, "
          f"crawl x{med(single, 'crawl_s') / med(double, 'crawl_s'):.2f}, "
          f"wall x{med(single, 'wall_s') / med(double, 'wall_s'):.2f}")


if __name__ == "__main__":
    main()
