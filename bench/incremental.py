"""Second-run saving of incremental crawling on the mock site: requests and time, first run vs second.

    .venv/bin/python bench/incremental.py [--reps 3] [--articles 50]

Site: the default mock site (RSS, Atom, RDF, sitemap index via robots.txt) plus a ``/bulk.xml`` feed of
``--articles`` distinct stories, each answered after 50 ms. Every repetition starts from an empty store
and crawls once ("first"), then crawls again from a copy of that store in three ways:

* ``second``: the defaults: conditional feed requests (304s) + store lookup, 48 h refetch window;
* ``second, feeds changed``: conditional requests off (as if every feed had new entries), 48 h window:
  the store lookup lets through the stories published in the last 48 h (here: all of them);
* ``second, feeds changed, window 0``: as above but no refetch window: only unknown URLs are fetched.

Prints medians: requests, article pages fetched, crawl time (Scrapy's elapsed_time_seconds) and wall time
(including process start-up, ~3-5 s here). Extraction runs in-process by default (``--workers 0``), so the
extraction worker pool's one-off warm-up (~4 s on the first article of a crawl) does not hide the fetch work;
``--workers auto`` measures the production default.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.crawling import run_crawl  # noqa: E402
from tests.mocksite import MockNewsSite, bulk_routes, default_routes  # noqa: E402

WORKERS = "0"
SCENARIOS = {
    "second": {},
    "second, feeds changed": {"NEWSWATCH_CONDITIONAL": "0"},
    "second, feeds changed, window 0": {"NEWSWATCH_CONDITIONAL": "0", "NEWSWATCH_REFETCH_HOURS": "0"},
}


def _copy_store(src: Path, dst_dir: Path) -> Path:
    dst_dir.mkdir(parents=True)
    for path in src.parent.glob(src.name + "*"):  # the database and its -wal/-shm files
        shutil.copy2(path, dst_dir / path.name)
    return dst_dir / src.name


def _measure(site, workdir: Path, db_path: Path, env: dict) -> dict:
    env = {"NEWSWATCH_EXTRACT_WORKERS": WORKERS, **env}
    started = time.monotonic()
    run = run_crawl(workdir, args={"feeds": ",".join(site.url(p) for p in ("/rss.xml", "/atom.xml", "/rdf.xml",
                                                                            "/bulk.xml")),
                                   "sitemaps": site.url("/robots.txt")}, db_path=db_path, env=env)
    wall = time.monotonic() - started
    if run.returncode != 0:
        raise SystemExit(run.log[-3000:])
    return {"requests": run.stat("downloader/request_count"), "articles": run.stat("newswatch/article/parsed"),
            "not_modified": run.stat("newswatch/conditional/not_modified"),
            "stored": run.stat("newswatch/store/inserted"),
            "crawl_s": run.stat("elapsed_time_seconds"), "wall_s": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--workers", default="0", help="NEWSWATCH_EXTRACT_WORKERS for every crawl")
    args = parser.parse_args()
    global WORKERS
    WORKERS = args.workers
    results: dict[str, list[dict]] = {"first": [], **{name: [] for name in SCENARIOS}}
    for rep in range(args.reps):
        routes = default_routes() | bulk_routes(args.articles, latency=0.05)
        with MockNewsSite(routes=routes) as site, tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            first_db = tmp / "first" / "newswatch.sqlite3"
            (tmp / "first").mkdir()
            results["first"].append(_measure(site, tmp / "first", first_db, {}))
            for n, (name, env) in enumerate(SCENARIOS.items()):
                db = _copy_store(first_db, tmp / f"s{n}")
                results[name].append(_measure(site, db.parent, db, env))
        print(f"rep {rep + 1}/{args.reps} done", file=sys.stderr)

    first = {k: statistics.median(r[k] for r in results["first"]) for k in results["first"][0]}
    print(f"mock site: 8 stories in RSS/Atom/RDF/news sitemap + {args.articles} in /bulk.xml (50 ms per page); "
          f"medians of {args.reps}")
    print(f"{'run':34} {'requests':>8} {'articles':>8} {'304s':>5} {'new':>4} {'crawl s':>8} {'wall s':>7}"
          f" {'requests saved':>15} {'crawl time saved':>17}")
    for name, runs in results.items():
        m = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        saved_req = "" if name == "first" else f"{1 - m['requests'] / first['requests']:.0%}"
        saved_time = "" if name == "first" else f"{1 - m['crawl_s'] / first['crawl_s']:.0%}"
        print(f"{name:34} {m['requests']:8.0f} {m['articles']:8.0f} {m['not_modified']:5.0f} {m['stored']:4.0f}"
              f" {m['crawl_s']:8.2f} {m['wall_s']:7.1f} {saved_req:>15} {saved_time:>17}")


if __name__ == "__main__":
    main()
