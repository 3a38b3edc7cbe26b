"""CPU per article of the two SQLite stages on the crawl's reactor thread, at growing store sizes.

    .venv/bin/python -m bench.store_reactor                      # 10k and 100k stored (~10 min on 2 cores)
    .venv/bin/python -m bench.store_reactor --sizes 2000 20000   # quicker
    .venv/bin/python -m bench.store_reactor --db /tmp/s.sqlite3  # keep (and reuse) the filled store

What is timed is exactly the reactor's share of :class:`DedupPipeline` (url key, recent-articles LRU,
``find_candidates`` on the store, ``decide``, remembering the article) and of :class:`StorePipeline` (journal,
buffering, the batched upsert with its band rows and FTS/topic triggers), driven like Scrapy drives them but
with the fingerprints computed beforehand (on a crawl they come from the worker processes). CPU time of this
process (``time.process_time``), so other load on the machine moves it little; per article, as the mean of
each round of ``--probes`` articles (the write cost comes in bursts, a store batch at a time), median of
``--rounds`` rounds. The store's settings are the pipelines' defaults (``NEWSWATCH_STORE_BATCH_SIZE``...).

The articles are shaped like the end-to-end bench's (bench/mirror.py): half are the 38 real pages of
../shared/datasets/readability-news with a unique paragraph each (so thousands of near copies of a few stories
pile up under the same LSH bands, as in the crawl), half generated from their sentences; every document has
topics, cleaning notes, a feed and the other fields the crawl stores. The store is filled through
``upsert_articles`` in large batches; the fill's band keys and signatures are the real pages' own, with a
share of the bands redrawn per copy (what a unique paragraph does), or random for generated articles
(unrelated texts share no band): computing 100k MinHash signatures would take longer than the measurement.

Measured 2026-11-27 (3 rounds x 1,000 articles, CPU ms per article, medians; the two versions run one after the
other on the same filled stores' sizes; load average 3-5 from other work):

    stored    DedupPipeline            StorePipeline
    10k       3.26 -> 1.49             2.88 -> 1.32
    100.9k    3.54 -> 1.79             3.53 -> 1.78

(before: commit f1eba4c, text band index, candidates parsed from the whole document, batches of 100; after:
schema 2, batches of 500 with a 32 MB writer cache, text re-indexed only when it changed. The writer cache is
now 16 MB: at 20k stored, 16 and 32 MB gave the same figures within noise, in alternated runs.)
"""

from __future__ import annotations

import argparse
import base64
import gc
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapy.utils.test import get_crawler  # noqa: E402

from newswatch.dedup import fingerprints, story_id_for  # noqa: E402
from newswatch.items import Article  # noqa: E402
from newswatch.pipelines import DedupPipeline, StorePipeline  # noqa: E402
from newswatch.storage import SqliteStore  # noqa: E402
from tests.test_storage import dataset_articles  # noqa: E402

TOPICS = ("ukraine", "russia", "nato", "eu", "energy", "usa")
BANDS = 64


class _Precomputed:
    """Stands in for the worker pool: the fingerprints a worker would have returned."""

    def __init__(self):
        self.by_body: dict[str, dict] = {}

    async def run_timed(self, stage, fn, body):
        return self.by_body[body]


class Corpus:
    def __init__(self, seed: int = 11):
        self.rng = random.Random(seed)
        self.pages = dataset_articles()
        self.sentences = [s.strip() + "." for p in self.pages for s in p["body"].split(". ") if len(s.split()) > 6]
        self.base_fp = [fingerprints(p["body"]) for p in self.pages]

    def article(self, index: int) -> dict:
        """The ``index``-th article: even ones a real page with a unique paragraph, odd ones generated."""
        rng = random.Random(index)
        when = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=index)
        unique = f"Update {index}: " + " ".join(rng.choice(self.sentences) for _ in range(2))
        if index % 2 == 0:
            page = self.pages[(index // 2) % len(self.pages)]
            paragraphs = page["body"].split("\n\n")
            body = "\n\n".join([paragraphs[0], unique, *paragraphs[1:]])
            doc = dict(page)
            key = f"{page['domain']}/{index}/story"
        else:
            paragraphs = [" ".join(rng.choice(self.sentences) for _ in range(rng.randint(2, 4)))
                          for _ in range(rng.randint(6, 14))]
            body = "\n\n".join([unique, *paragraphs])
            key = f"mirror{index % 40}.example/news/{index}"
            doc = {"source": f"mirror{index % 40}", "domain": f"mirror{index % 40}.example", "language": "en",
                   "title": f"Generated story {index}", "description": paragraphs[0][:200], "authors": ["Staff"],
                   "tags": ["news"], "feed": {"via": "sitemap", "url": f"https://{key.split('/')[0]}/sitemap.xml"}}
        topics = rng.sample(TOPICS, 2)
        doc.update(
            url=f"https://{key}", canonical_url=f"https://{key}", url_key=key, urls=[f"https://{key}"], body=body,
            word_count=len(body.split()), published_at=when, modified_at=None, crawled_at=when, paywalled=False,
            image_url=f"https://{key.split('/')[0]}/img/{index}.jpg",
            cleaning={"removed": [{"rule": "newsletter", "chars": 120}], "paywall": None},
            topics={t: {"score": round(rng.uniform(2, 9), 2), "terms": [t, f"{t} forces"]} for t in topics},
            topic_names=topics,
        )
        return doc

    def fake_fingerprints(self, index: int, doc: dict) -> dict:
        """Fingerprints shaped like the real ones without computing MinHash (see the module docstring)."""
        rng = random.Random(index)
        if index % 2 == 0:
            base = self.base_fp[(index // 2) % len(self.pages)]
            bands = [b if rng.random() > 0.1 else f"{n:02x}{rng.getrandbits(48):012x}"
                     for n, b in enumerate(base["bands"])]
            minhash, shingles = base["minhash"], base["shingles"]
        else:
            bands = [f"{n:02x}{rng.getrandbits(48):012x}" for n in range(BANDS)]
            minhash = base64.b64encode(rng.randbytes(192 * 4)).decode("ascii")
            shingles = len(doc["body"].split())
        return {"exact": f"{rng.getrandbits(128):032x}", "words": len(doc["body"].split()),
                "scheme": "mh192b64k3s1", "shingles": shingles, "minhash": minhash, "bands": bands}


def fill(store: SqliteStore, corpus: Corpus, start: int, stop: int, batch: int = 2000) -> float:
    began = time.perf_counter()
    for first in range(start, stop, batch):
        docs = []
        for i in range(first, min(stop, first + batch)):
            doc = corpus.article(i)
            doc["fingerprints"] = corpus.fake_fingerprints(i, doc)
            doc.update(story_id=story_id_for(doc["url_key"]), duplicate_of=None, syndicated=False)
            docs.append(doc)
        store.upsert_articles(docs)
    return time.perf_counter() - began


def measure(db: Path, spill: Path, corpus: Corpus, first: int, probes: int, rounds: int, *,
            pragmas: tuple = (), batch: int | None = None) -> dict[str, float]:
    """Reactor CPU ms per article of Dedup and Store, for ``rounds`` x ``probes`` new articles from ``first``.

    ``pragmas`` (e.g. ``"cache_size=-65536"``) are run on both pipelines' connections; ``batch`` is
    ``NEWSWATCH_STORE_BATCH_SIZE`` (default: the pipeline's): knobs for A/B runs in one process.
    """
    settings = {"NEWSWATCH_EXTRACT_WORKERS": 0, "NEWSWATCH_DB_PATH": str(db), "NEWSWATCH_SPILL_DIR": str(spill)}
    if batch is not None:
        settings["NEWSWATCH_STORE_BATCH_SIZE"] = batch
    crawler = get_crawler(settings_dict=settings)
    dedup, store = DedupPipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    workers = _Precomputed()
    dedup.workers = workers
    dedup.open_spider()
    store.open_spider()
    for pragma in pragmas:
        for conn in {id(s.conn): s.conn for s in (dedup.store, store.store)}.values():
            conn.execute(f"PRAGMA {pragma}")
    items = []
    for i in range(first, first + probes * rounds):
        doc = corpus.article(i)
        workers.by_body[doc["body"]] = fingerprints(doc["body"])
        items.append(Article(**{k: v for k, v in doc.items() if k not in ("urls",)}))
    dedup_ms, store_ms = [], []
    clock = time.process_time
    gc.collect()
    for r in range(rounds):
        spent_dedup = spent_store = 0.0
        for item in items[r * probes : (r + 1) * probes]:
            t0 = clock()
            coro = dedup.process_item(item)
            try:
                coro.send(None)
            except StopIteration as done:
                item = done.value
            t1 = clock()
            store.process_item(item)
            spent_dedup += t1 - t0
            spent_store += clock() - t1
        dedup_ms.append(spent_dedup / probes * 1000)
        store_ms.append(spent_store / probes * 1000)
    dedup.close_spider()
    store.close_spider()
    stats = crawler.stats.get_stats()
    kinds = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("newswatch/dedup/")}
    return {"dedup_ms": statistics.median(dedup_ms), "store_ms": statistics.median(store_ms),
            "dedup_all": dedup_ms, "store_all": store_ms, "kinds": kinds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--probes", type=int, default=1000, help="articles per round (default 1000)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", type=Path, help="store file (default: a temporary directory); reused if filled")
    args = parser.parse_args()
    corpus = Corpus()
    with tempfile.TemporaryDirectory(prefix="nw-reactor-") as tmp:
        db = args.db or Path(tmp) / "store.sqlite3"
        spill = Path(tmp) / "spill"
        print(f"sqlite {sqlite3.sqlite_version}, pid {os.getpid()}, store {db}")
        print(f"{'stored':>8} {'fill s':>7} {'Dedup ms':>9} {'Store ms':>9}  rounds (dedup | store)  decisions")
        for size in sorted(args.sizes):
            with SqliteStore(db) as store:
                stored = store.count()
                took = fill(store, corpus, stored, size) if stored < size else 0.0
                stored = store.count()
            # probes are new articles of the same shapes (indexes past anything stored)
            got = measure(db, spill, corpus, 10_000_000 + stored, args.probes, args.rounds)
            print(f"{stored:>8} {took:7.0f} {got['dedup_ms']:9.2f} {got['store_ms']:9.2f}  "
                  f"{' '.join(f'{v:.2f}' for v in got['dedup_all'])} | {' '.join(f'{v:.2f}' for v in got['store_all'])}"
                  f"  {got['kinds']}", flush=True)
        size_mb = db.stat().st_size / 1e6
        print(f"store file {size_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
