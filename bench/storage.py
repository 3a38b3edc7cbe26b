"""Store throughput: bulk upserts (insert / unchanged / body changed), find_existing and iteration.

    .venv/bin/python bench/storage.py [--docs 300] [--batch 100] [--runs 3]

Runs SqliteStore, MongoStore over nx-27017 (started here on a free loopback port) and, when
NEWSWATCH_TEST_MONGO_URI is set, MongoStore over that real MongoDB. Documents are built from the
real pages in ../shared/datasets/readability-news (cycled). Prints the median of the runs, in
documents per second. nx-27017 is a functional stand-in; its figures say nothing about MongoDB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newswatch.storage import open_store  # noqa: E402
from tests._mongo_server import NxServer, nx_available  # noqa: E402
from tests.test_storage import dataset_articles  # noqa: E402


def make_docs(n: int) -> list[dict]:
    pages = dataset_articles()
    docs = []
    for i in range(n):
        page = dict(pages[i % len(pages)])
        page["url_key"] = f"{page['url_key']}/{i}"
        page["url"] = f"https://{page['url_key']}"
        docs.append(page)
    return docs


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def one_run(kwargs: dict, docs: list[dict], batch: int) -> dict[str, float]:
    store = open_store(**kwargs, environ={})
    changed = [dict(d, body=d["body"] + "\n\nUpdate: the ministry confirmed the figures.") for d in docs]
    keys = [d["url_key"] for d in docs]

    def upsert_all(items):
        for start in range(0, len(items), batch):
            store.upsert_articles(items[start : start + batch])

    def find_all():
        for start in range(0, len(keys), batch):
            store.find_existing(keys[start : start + batch])

    n = len(docs)
    rates = {
        "insert": n / timed(lambda: upsert_all(docs)),
        "unchanged": n / timed(lambda: upsert_all(docs)),
        "body changed": n / timed(lambda: upsert_all(changed)),
        "find_existing": n / timed(find_all),
        "iter_articles": n / timed(lambda: sum(1 for _ in store.iter_articles())),
    }
    store.close()
    return rates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    docs = make_docs(args.docs)
    workdir = Path(tempfile.mkdtemp(prefix="nw-bench-"))
    targets: list[tuple[str, object]] = [
        ("sqlite", lambda run: {"db_path": workdir / f"run{run}.sqlite3"}),
    ]
    server = None
    if nx_available():
        server = NxServer(workdir / "nx").start()
        targets.append(("mongo over nx-27017", lambda run: {"mongo_uri": server.uri, "mongo_collection": f"b{run}"}))
    real = os.environ.get("NEWSWATCH_TEST_MONGO_URI")
    if real:
        name = f"bench_{uuid.uuid4().hex[:8]}"
        targets.append(
            ("mongodb", lambda run: {"mongo_uri": real, "mongo_database": name, "mongo_collection": f"b{run}"})
        )
    print(f"{args.docs} documents, batches of {args.batch}, median of {args.runs} runs (documents/second)")
    try:
        for label, kwargs_for in targets:
            runs = [one_run(kwargs_for(run), docs, args.batch) for run in range(args.runs)]
            medians = {phase: statistics.median(r[phase] for r in runs) for phase in runs[0]}
            print(f"{label:22s} " + "  ".join(f"{phase} {rate:8.0f}" for phase, rate in medians.items()))
    finally:
        if server:
            server.stop()
        if real:
            import pymongo

            with pymongo.MongoClient(real) as client:
                client.drop_database(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
