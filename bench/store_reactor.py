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

A/B in one process (2026-11-28, stores filled to 10k and 100k, ``--alternate S10K S100K --parts --probes 1000
--rounds 5``, CPU ms per article, medians, load average 4-6 from other work):

    --ab-json (stdlib json -> orjson)     10k: Store 1.89 -> 1.57, lookup 1.365 -> 1.132
                                          100k: Store 2.04 -> 1.86, lookup 1.498 -> 1.313
    --ab-connection (own -> writer's)     10k: Store 1.65 -> 1.66, lookup 1.080 -> 1.042
                                          100k: Store 2.02 -> 2.08, lookup 1.315 -> 1.267
                                          (--probes 2500 --rounds 3, 100k: Store 1.90 -> 2.18, lookup 1.51 -> 1.70)

Candidate rows without the fingerprints' LSH bands (2026-11-28, the tree at c08b220 and the new one each filling
its own store, then ``--db COPY --sizes N --rounds 1 --probes 1000 --parts`` from each tree on copies, alternated,
4 rounds; same decisions, documents, band rows and candidate fields bands aside; load average ~10 from other work):

    stored    DedupPipeline     StorePipeline     find_candidates alone (400 lookups, 7 alternated rounds)
    2k        1.86 -> 1.84      1.35 -> 1.21
    20k       1.96 -> 1.92      1.48 -> 1.38      1.045 -> 0.73 (store file 465 -> 424 MB)

Dedup lookups through the writer's connection (its 16 MB page cache instead of a 2 MB one of their own) do not pay:
what a lookup reads (band leaves and the candidate rows of the oldest articles sharing a band) is not what the last
batch wrote (new rows at random places of the band index), and the lookups' pages push the writer's out of the cache.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import gc
import importlib.util
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import types
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


class _Parts:
    """CPU time of the parts of DedupPipeline's step: wraps ``find_candidates``, the recent index's lookup and
    ``decide`` as the pipeline calls them (a wrapper costs ~0.3 µs a call), and counts the candidates."""

    def __init__(self, dedup_pipeline):
        from newswatch import pipelines

        self.spent = {"recent": 0.0, "lookup": 0.0, "decide": 0.0}
        self.counts = {"recent": [], "lookup": [], "decide": []}
        self.calls: list[tuple] = []  # decide's arguments, for --decide-ref
        self._pipelines, self._decide = pipelines, pipelines.dedup.decide
        recent, store = dedup_pipeline.recent, dedup_pipeline.store
        recent.candidates = self._timed("recent", recent.candidates)
        store.find_candidates = self._timed("lookup", store.find_candidates)
        decide = self._timed("decide", self._decide, arg=1)
        pipelines.dedup = _Namespace(pipelines.dedup, decide=decide)

    def _timed(self, part, fn, arg=None):
        clock = time.process_time

        def timed(*args, **kwargs):
            if arg is not None:
                args = (args[0], list(args[arg]), *args[arg + 1:])
                self.counts[part].append(len(args[arg]))
                self.calls.append(args)
            t0 = clock()
            out = fn(*args, **kwargs)
            self.spent[part] += clock() - t0
            if arg is None:
                self.counts[part].append(len(out))
            return out

        return timed

    def restore(self) -> None:
        self._pipelines.dedup = self._pipelines.dedup.wrapped


class _Namespace:
    def __init__(self, wrapped, **overrides):
        self.wrapped = wrapped
        self.__dict__.update(overrides)

    def __getattr__(self, name):
        return getattr(self.wrapped, name)


def measure(db: Path, spill: Path, corpus: Corpus, first: int, probes: int, rounds: int, *,
            pragmas: tuple = (), batch: int | None = None, parts: bool = False,
            writer_connection: bool = False, stdlib_json: bool = False,
            no_sentence_keys: bool = False, no_edition: bool = False) -> dict[str, float]:
    """Reactor CPU ms per article of Dedup and Store, for ``rounds`` x ``probes`` new articles from ``first``.

    ``pragmas`` (e.g. ``"cache_size=-65536"``) are run on both pipelines' connections; ``batch`` is
    ``NEWSWATCH_STORE_BATCH_SIZE`` (default: the pipeline's): knobs for A/B runs in one process. ``parts``:
    also the CPU of Dedup's parts (recent index, store lookup, decide) and the candidates each saw (medians).
    ``writer_connection``: Dedup looks up through the store writer's connection (16 MB page cache) instead of its
    own (2 MB). ``stdlib_json``: the store encodes documents and decodes candidate rows with the stdlib ``json``, as
    before orjson. ``no_sentence_keys``: Dedup as before the sentence sketch: candidates looked up by url key, exact
    hash and LSH bands only, and ``decide`` without its rewrite rule. ``no_edition``: the stored articles without
    what the language editions add (their ``fa``/``fb`` band rows and ``fingerprints.edition.signature``).
    """
    if no_edition:
        with _without_edition():
            return measure(db, spill, corpus, first, probes, rounds, pragmas=pragmas, batch=batch, parts=parts,
                           writer_connection=writer_connection, stdlib_json=stdlib_json,
                           no_sentence_keys=no_sentence_keys)
    if no_sentence_keys:
        with _bands_only():
            return measure(db, spill, corpus, first, probes, rounds, pragmas=pragmas, batch=batch, parts=parts,
                           writer_connection=writer_connection, stdlib_json=stdlib_json)
    if stdlib_json:
        with _stdlib_json():
            return measure(db, spill, corpus, first, probes, rounds, pragmas=pragmas, batch=batch, parts=parts,
                           writer_connection=writer_connection)
    settings = {"NEWSWATCH_EXTRACT_WORKERS": 0, "NEWSWATCH_DB_PATH": str(db), "NEWSWATCH_SPILL_DIR": str(spill)}
    if batch is not None:
        settings["NEWSWATCH_STORE_BATCH_SIZE"] = batch
    crawler = get_crawler(settings_dict=settings)
    dedup, store = DedupPipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    workers = _Precomputed()
    dedup.workers = workers
    dedup.open_spider()
    store.open_spider()
    if writer_connection:
        own, dedup.store = dedup.store, store.store
    for pragma in pragmas:
        for conn in {id(s.conn): s.conn for s in (dedup.store, store.store)}.values():
            conn.execute(f"PRAGMA {pragma}")
    items = []
    for i in range(first, first + probes * rounds):
        doc = corpus.article(i)
        workers.by_body[doc["body"]] = fingerprints(doc["body"])
        items.append(Article(**{k: v for k, v in doc.items() if k not in ("urls",)}))
    timer = _Parts(dedup) if parts else None
    dedup_ms, store_ms = [], []
    parts_ms: dict[str, list[float]] = {"recent": [], "lookup": [], "decide": []}
    clock = time.process_time
    loop = asyncio.new_event_loop()
    gc.collect()
    try:
        for r in range(rounds):
            spent_dedup = spent_store = 0.0
            if timer:
                timer.spent = dict.fromkeys(timer.spent, 0.0)
            for item in items[r * probes : (r + 1) * probes]:
                t0 = clock()
                coro = dedup.process_item(item)
                try:
                    coro.send(None)
                except StopIteration as done:
                    item = done.value
                t1 = clock()
                # Batches are written on the pipeline's own thread: process_time counts its CPU too (one process).
                loop.run_until_complete(store.process_item(item))
                spent_dedup += t1 - t0
                spent_store += clock() - t1
            dedup_ms.append(spent_dedup / probes * 1000)
            store_ms.append(spent_store / probes * 1000)
            if timer:
                for name, spent in timer.spent.items():
                    parts_ms[name].append(spent / probes * 1000)
    finally:
        if timer:
            timer.restore()
    if writer_connection:
        dedup.store = own
    dedup.close_spider()
    store.close_spider()
    loop.close()
    stats = crawler.stats.get_stats()
    kinds = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("newswatch/dedup/")}
    got = {"dedup_ms": statistics.median(dedup_ms), "store_ms": statistics.median(store_ms),
           "dedup_all": dedup_ms, "store_all": store_ms, "kinds": kinds}
    if timer:
        got["parts_ms"] = {name: statistics.median(values) for name, values in parts_ms.items()}
        got["candidates"] = {name: statistics.median(values) if values else 0 for name, values in timer.counts.items()}
        got["calls"] = timer.calls
    return got


@contextlib.contextmanager
def _stdlib_json():
    """The store's JSON as it was before orjson: ``json.dumps``/``json.loads`` with the date hook."""
    from newswatch.storage import _spill, _sqlite

    def encode_doc(doc):
        return json.dumps(doc, ensure_ascii=False, default=_sqlite._json_default, separators=(",", ":"))

    saved = _sqlite.encode_doc, _sqlite.decode_candidate_fields, _spill.encode_doc
    _sqlite.encode_doc = _spill.encode_doc = encode_doc
    _sqlite.decode_candidate_fields = _sqlite.decode_doc
    try:
        yield
    finally:
        _sqlite.encode_doc, _sqlite.decode_candidate_fields, _spill.encode_doc = saved


@contextlib.contextmanager
def _bands_only():
    """Dedup as before the sentence sketch: lookups (recent memory and store) by LSH bands only, and ``decide``
    without the rewrite rule (``_decide._rewritten`` always False)."""
    from newswatch import dedup
    from newswatch.dedup import _decide, _recent

    def bands_only(fp):
        return [b for b in (fp or {}).get("bands") or () if isinstance(b, str)] if isinstance(fp, dict) else []

    saved = dedup.lookup_keys, _recent.lookup_keys, _decide._rewritten
    dedup.lookup_keys = _recent.lookup_keys = bands_only
    _decide._rewritten = lambda fp_a, fp_b, params: False
    try:
        yield
    finally:
        dedup.lookup_keys, _recent.lookup_keys, _decide._rewritten = saved


@contextlib.contextmanager
def _without_edition():
    """Articles stored as before the language editions: no ``fa``/``fb`` keys among the bands, no edition signature
    (decisions may differ: for the store's cost only)."""
    from newswatch import dedup

    with_edition = dedup.with_edition

    def without(fp, body, **page):
        out = with_edition(fp, body, **page)
        edition = {name: value for name, value in out["edition"].items() if name != "signature"}
        return {**out, "edition": edition, "bands": [b for b in out["bands"] if not b.startswith(("fa", "fb"))]}

    dedup.with_edition = without
    try:
        yield
    finally:
        dedup.with_edition = with_edition


def journal_ab(corpus: Corpus, n: int = 200, rounds: int = 9) -> None:
    """CPU us per article of StorePipeline's document + journal line: the surrogate walk then the journal's own
    encoding (before) against :func:`~newswatch.storage._spill.document_and_line` (now), alternated; same lines."""
    from newswatch.storage._spill import Journal, _has_surrogates, _without_surrogates, document_and_line
    from newswatch.storage._sqlite import encode_doc

    docs = []
    for i in range(n):
        doc = corpus.article(10_000_000 + i)
        doc["fingerprints"] = fingerprints(doc["body"])
        docs.append(doc)

    def before(item, journal):
        doc = dict(item)
        if _has_surrogates(doc):
            doc = _without_surrogates(doc)
        journal.append(doc)

    def now(item, journal):
        journal.append(*document_and_line(item))

    assert all(document_and_line(doc)[1] == encode_doc(doc) for doc in docs)
    spent: dict[str, list[float]] = {"before": [], "now": []}
    clock = time.process_time
    with tempfile.TemporaryDirectory(prefix="nw-journal-") as tmp:
        journal = Journal(tmp)
        for _ in range(rounds):
            for name, step in (("before", before), ("now", now)):
                t0 = clock()
                for doc in docs:
                    step(doc, journal)
                spent[name].append((clock() - t0) / n * 1e6)
                journal.clear()
        journal.close()
    print(f"document + journal line, CPU us per article (median of {rounds}, alternated, {n} articles): "
          + ", ".join(f"{name} {statistics.median(values):.1f}" for name, values in spent.items()))


def _module_at(commit: str, path: str, name: str, **replace) -> types.ModuleType:
    """``path`` as it was at ``commit``, loaded as module ``name`` (``replace``: names set after loading)."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:{path}"], capture_output=True, text=True,
                            check=True).stdout
    copy = Path(tempfile.mkdtemp(prefix=f"nw-{commit[:8]}-")) / Path(path).name
    copy.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, copy)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    module.__dict__.update(replace)
    return module


def compare_decide(calls: list[tuple], ref: str, repeat: int = 7) -> tuple[float, float]:
    """CPU ms per call of ``decide`` at commit ``ref`` and in the working tree on the same captured calls
    (alternated rounds, medians); raises SystemExit when a decision differs."""
    from newswatch.dedup import _decide

    template = _module_at(ref, "newswatch/dedup/_template.py", "_ref_template")
    old = _module_at(ref, "newswatch/dedup/_decide.py", "_ref_decide",
                     **{name: getattr(template, name) for name in dir(template) if not name.startswith("__")
                        and name in ("edge_lines", "number_sketch", "numbers_contained", "shared_edge_words")})
    for article, candidates in calls:
        if old.decide(article, candidates) != _decide.decide(article, candidates):
            raise SystemExit(f"decide differs from {ref}'s for {article.get('url_key')}")
    timings: dict[str, list[float]] = {"old": [], "new": []}
    clock = time.process_time
    for _ in range(repeat):
        for name, decide in (("old", old.decide), ("new", _decide.decide)):
            t0 = clock()
            for article, candidates in calls:
                decide(article, candidates)
            timings[name].append((clock() - t0) / len(calls) * 1000)
    return statistics.median(timings["old"]), statistics.median(timings["new"])


def _line(stored: int, took: float, got: dict, label: str = "") -> str:
    line = (f"{stored:>8} {took:7.0f} {got['dedup_ms']:9.2f} {got['store_ms']:9.2f}  "
            f"{' '.join(f'{v:.2f}' for v in got['dedup_all'])} | {' '.join(f'{v:.2f}' for v in got['store_all'])}"
            f"  {got['kinds']}{label}")
    if "parts_ms" in got:
        parts = ", ".join(f"{k} {v:.3f}" for k, v in got["parts_ms"].items())
        seen = ", ".join(f"{k} {v:g}" for k, v in got["candidates"].items())
        line += "\n" + " " * 10 + f"dedup parts (CPU ms): {parts}; candidates (median): {seen}"
    return line


def alternate(args, corpus: Corpus) -> int:
    """Rounds on each of ``args.alternate`` in turn, medians per store (each grows by its probes)."""
    variants = [False, True] if args.ab_connection or args.ab_json or args.ab_sentence_keys or args.ab_edition \
        else [False]
    runs: dict[tuple, list[dict]] = {(db, own): [] for db in args.alternate for own in variants}
    stored = {}
    for db in args.alternate:
        with SqliteStore(db) as store:
            stored[db] = store.count()
    print(f"sqlite {sqlite3.sqlite_version}, pid {os.getpid()}, alternated rounds of {args.probes} articles, "
          f"pragmas {list(args.pragma) or 'none'}")
    print(f"{'stored':>8} {'fill s':>7} {'Dedup ms':>9} {'Store ms':>9}  rounds (dedup | store)  decisions")
    with tempfile.TemporaryDirectory(prefix="nw-reactor-") as tmp:
        for r in range(args.rounds):
            for db in args.alternate:
                for own in variants if r % 2 == 0 else variants[::-1]:  # neither side always first
                    first = 10_000_000 + stored[db] + (r * len(variants) + variants.index(own)) * args.probes
                    runs[db, own].append(measure(db, Path(tmp) / "spill", corpus, first, args.probes, 1,
                                                 pragmas=tuple(args.pragma), parts=args.parts,
                                                 writer_connection=own and args.ab_connection,
                                                 stdlib_json=own and args.ab_json,
                                                 no_sentence_keys=own and args.ab_sentence_keys,
                                                 no_edition=own and args.ab_edition))
    for (db, own), got_all in runs.items():
        got = {"dedup_ms": statistics.median(r["dedup_ms"] for r in got_all),
               "store_ms": statistics.median(r["store_ms"] for r in got_all),
               "dedup_all": [r["dedup_ms"] for r in got_all], "store_all": [r["store_ms"] for r in got_all],
               "kinds": got_all[-1]["kinds"]}
        if args.parts:
            got["parts_ms"] = {k: statistics.median(r["parts_ms"][k] for r in got_all) for k in got_all[0]["parts_ms"]}
            got["candidates"] = got_all[-1]["candidates"]
        label = ""
        if args.ab_connection:
            label = ", dedup on the writer's connection" if own else ", dedup on its own connection"
        elif args.ab_json:
            label = ", stdlib json" if own else ", orjson"
        elif args.ab_sentence_keys:
            label = ", bands only" if own else ", bands and sentence keys"
        elif args.ab_edition:
            label = ", without the editions' rows and signature" if own else ", with them"
        print(_line(stored[db], 0, got, f"  [{db.name}{label}]"), flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", "--stored", type=int, nargs="+", default=[10_000, 100_000],
                        help="store sizes to measure at, filled one after the other (default 10000 100000)")
    parser.add_argument("--probes", type=int, default=1000, help="articles per round (default 1000)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", type=Path, help="store file (default: a temporary directory); reused if filled")
    parser.add_argument("--parts", action="store_true", help="also time Dedup's parts and count candidates")
    parser.add_argument("--ab", nargs="+", metavar="PRAGMA",
                        help="A/B: alternate rounds without and with these pragmas (e.g. mmap_size=268435456)")
    parser.add_argument("--decide-ref", metavar="COMMIT",
                        help="also time decide() of COMMIT against the working tree's on the captured calls "
                             "(same decisions required); implies --parts")
    parser.add_argument("--alternate", nargs="+", type=Path, metavar="DB",
                        help="filled stores (e.g. copies kept with --db at 10k and at 100k) measured in alternated "
                             "rounds of --probes articles in this one process: how the cost grows with the store")
    parser.add_argument("--pragma", nargs="+", default=(), help="with --alternate: pragmas run on every connection")
    parser.add_argument("--ab-connection", action="store_true",
                        help="with --alternate: each round twice, Dedup on its own connection and on the writer's")
    parser.add_argument("--ab-journal", action="store_true",
                        help="only: StorePipeline's document + journal line, before and now (CPU us an article)")
    parser.add_argument("--ab-json", action="store_true",
                        help="with --alternate: each round twice, the store's JSON with orjson and with the stdlib")
    parser.add_argument("--ab-sentence-keys", action="store_true",
                        help="with --alternate: each round twice, Dedup's lookups by bands and sentence keys (now) "
                             "and by bands only without decide's rewrite rule (as before the sentence sketch)")
    parser.add_argument("--ab-edition", action="store_true",
                        help="with --alternate: each round twice, articles with and without the language editions' "
                             "fa/fb band rows and signature (the store's cost of the editions)")
    args = parser.parse_args()
    args.parts = args.parts or bool(args.decide_ref)
    corpus = Corpus()
    if args.ab_journal:
        journal_ab(corpus)
        return 0
    if args.alternate:
        return alternate(args, corpus)
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
            if not args.ab:
                got = measure(db, spill, corpus, 10_000_000 + stored, args.probes, args.rounds, parts=args.parts)
                print(_line(stored, took, got), flush=True)
                if args.decide_ref:
                    old, new = compare_decide(got["calls"], args.decide_ref)
                    print(" " * 10 + f"decide() on the {len(got['calls'])} calls above, same decisions: "
                          f"{args.decide_ref} {old:.3f} ms, working tree {new:.3f} ms CPU/call", flush=True)
                continue
            results: dict[str, list[dict]] = {"A": [], "B": []}
            first = 10_000_000 + stored
            for _ in range(args.rounds):  # one round each, alternated: both see the same load and store size
                for label, pragmas in (("A", ()), ("B", tuple(args.ab))):
                    results[label].append(measure(db, spill, corpus, first, args.probes, 1, pragmas=pragmas,
                                                  parts=args.parts))
                    first += args.probes
            for label, runs in results.items():
                got = {"dedup_ms": statistics.median(r["dedup_ms"] for r in runs),
                       "store_ms": statistics.median(r["store_ms"] for r in runs),
                       "dedup_all": [r["dedup_ms"] for r in runs], "store_all": [r["store_ms"] for r in runs],
                       "kinds": runs[-1]["kinds"]}
                if args.parts:
                    got["parts_ms"] = {k: statistics.median(r["parts_ms"][k] for r in runs)
                                       for k in runs[0]["parts_ms"]}
                    got["candidates"] = runs[-1]["candidates"]
                print(_line(stored, took, got, f"  [{label}: {' '.join(args.ab) if label == 'B' else 'defaults'}]"),
                      flush=True)
        size_mb = db.stat().st_size / 1e6
        print(f"store file {size_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
