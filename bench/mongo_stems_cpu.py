"""The crawl process's CPU per article writing to MongoDB, with ``search_stems`` computed at the write or handed over.

    .venv/bin/python -m bench.mongo_stems_cpu [--rounds 8]

Writes the 38 real pages of ../shared/datasets/readability-news (``tests.test_storage.dataset_articles``) as store
batches into an nx-27017 server (tests/_mongo_server.py), alternating two ways batch by batch: ``at write`` (no hint:
``MongoStore`` computes each document's stems in ``_write``, as before performance round 11) and ``from worker``
(what a crawl does now: the worker step's packed stems, pickled and read back as the worker's answer is on its pipe,
``multiprocessing``'s own pickler, and handed to ``MongoStore.hint_search_stems``; the reading counted). CPU time of
this process (``time.process_time``: the server's work is not counted), per article, medians of ``--rounds``. Checks
that both ways store the same stems.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from multiprocessing.reduction import ForkingPickler as PipePickler
from pathlib import Path

from newswatch import _steps
from newswatch.query._text import search_stems
from newswatch.storage._mongo import SEARCH_FIELD, MongoStore
from tests._mongo_server import NxServer
from tests.test_storage import dataset_articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    docs = dataset_articles()
    figures: dict[str, list[float]] = {"at write": [], "from worker": []}
    with tempfile.TemporaryDirectory() as tmp:
        server = NxServer(Path(tmp) / "nx").start()
        try:
            store = MongoStore(server.uri, "bench", "articles")
            store.open()
            search_stems("warm", "up")
            for round_ in range(args.rounds):
                for way in list(figures) if round_ % 2 == 0 else list(figures)[::-1]:
                    batch = [dict(d, url_key=f"{way}/{round_}/{i}") for i, d in enumerate(docs)]
                    answers = [PipePickler.dumps(_steps.pack_stems(search_stems(d["title"], d["body"]))) for d in batch]
                    started = time.process_time()
                    if way == "from worker":
                        for doc, answer in zip(batch, answers, strict=True):
                            stems = PipePickler.loads(answer)
                            store.hint_search_stems(doc["url_key"], doc["title"], doc["body"], stems)
                    store.upsert_articles(batch)
                    figures[way].append((time.process_time() - started) / len(batch) * 1000)
            for i, doc in enumerate(docs):
                stored = [store.collection.find_one({"url_key": f"{way}/0/{i}"})[SEARCH_FIELD] for way in figures]
                assert stored[0] == stored[1] == search_stems(doc["title"], doc["body"]), doc["url"]
            store.close()
        finally:
            server.stop()
    print(f"MongoStore writes, crawl-process CPU ms per article ({len(docs)} pages x {args.rounds} rounds, medians):")
    for way, runs in figures.items():
        print(f"  {way:12} {statistics.median(runs):.2f}  ({', '.join(f'{v:.2f}' for v in runs)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
