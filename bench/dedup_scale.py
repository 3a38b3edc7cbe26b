"""Time per duplicate check in the embedded store at 10k and 100k stored articles, side by side.

    .venv/bin/python bench/dedup_scale.py                    # 10k and 100k (a few minutes on 2 cores)
    .venv/bin/python bench/dedup_scale.py --sizes 2000 20000 # quicker

One check is what DedupPipeline does per article: fingerprint the body, one
``find_candidates`` call on the store (indexed lookups by url_key, body hash and
LSH bands) and ``decide``. The store is filled in bulk with synthetic articles
(Zipf-distributed words from the real news pages in ../shared/datasets, so unrelated
articles overlap about as little as real ones do), plus real-text stories whose
copies are among the probes. Probes: unrelated new articles, near copies (edited
lede, trimmed ending, other banner) and exact copies of stored stories. Timings
are medians over the probes (2-core machine: noisy, hence medians and p90).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

import lxml.html
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newswatch.dedup import NEW, decide, fingerprints, story_id_for  # noqa: E402
from newswatch.storage import SqliteStore  # noqa: E402

DATASETS = ROOT / ".." / "shared" / "datasets"
STORIES = ROOT / "bench" / "data" / "dedup" / "stories.yaml"


def vocabulary() -> tuple[list[str], list[float]]:
    counts: dict[str, int] = {}
    for page in (DATASETS / "readability-news").glob("*/expected.html"):
        for word in lxml.html.fromstring(page.read_bytes()).text_content().split():
            counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=counts.get, reverse=True)
    return ranked, [1 / (rank + 1) for rank in range(len(ranked))]  # Zipf


def real_stories() -> list[str]:
    events = yaml.safe_load(STORIES.read_text(encoding="utf-8"))["events"]
    return ["\n\n".join([s["lede"], *s["paragraphs"]]) for e in events for s in e["stories"]]


def _filler(args: tuple[int, int]) -> dict:
    index, words = args
    rng = random.Random(index)
    vocab, weights = _VOCAB
    body = " ".join(rng.choices(vocab, weights=weights, k=words))
    key = f"synthetic{index % 50}.example/news/{index}"
    return {
        "url": f"https://{key}",
        "url_key": key,
        "source": f"synthetic{index % 50}",
        "domain": f"synthetic{index % 50}.example",
        "title": f"Synthetic story {index}",
        "body": body,
        "word_count": words,
        "fingerprints": fingerprints(body),
        "story_id": story_id_for(key),
        "duplicate_of": None,
        "syndicated": False,
    }


_VOCAB: tuple[list[str], list[float]] = ([], [])


def _init_worker() -> None:
    global _VOCAB
    _VOCAB = vocabulary()


def fill(store: SqliteStore, start: int, stop: int, words: int, pool: Pool) -> float:
    began = time.perf_counter()
    batch: list[dict] = []
    for doc in pool.imap(_filler, ((i, words) for i in range(start, stop)), chunksize=200):
        batch.append(doc)
        if len(batch) == 2000:
            store.upsert_articles(batch)
            batch = []
    if batch:
        store.upsert_articles(batch)
    return time.perf_counter() - began


def probes(stories: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """(kind, body): unrelated articles, near and exact copies of the stored real stories."""
    out = []
    vocab, weights = vocabulary()
    for i, story in enumerate(stories):
        paragraphs = story.split("\n\n")
        near = "\n\n".join(["KYIV (Reuters) - " + paragraphs[0], *paragraphs[1:-1], "Editing by Mark Heinrich"])
        out += [("near", near), ("exact", story.upper())]
        out.append(("unrelated", " ".join(rng.choices(vocab, weights=weights, k=250)) + f" probe {i}"))
    return out


def check(store: SqliteStore, key: str, body: str) -> tuple[float, float, int, str]:
    began = time.perf_counter()
    fp = fingerprints(body)
    fingerprinted = time.perf_counter()
    candidates = store.find_candidates(key, fp["exact"], fp["bands"], limit=50)
    decision = decide({"url_key": key, "domain": "probe.example", "fingerprints": fp}, candidates)
    done = time.perf_counter()
    return fingerprinted - began, done - fingerprinted, len(candidates), decision["kind"]


def measure(store: SqliteStore, probe_set: list[tuple[str, str]], rounds: int = 3) -> dict:
    fp_times, lookup_times, counts, wrong = [], [], [], 0
    for round_ in range(rounds):
        for i, (kind, body) in enumerate(probe_set):
            fp_time, lookup_time, n, decided = check(store, f"probe.example/{round_}/{i}", body)
            fp_times.append(fp_time)
            lookup_times.append(lookup_time)
            counts.append(n)
            wrong += (decided == NEW) != (kind == "unrelated")
    lookup_sorted = sorted(lookup_times)
    return {
        "fingerprint_ms": statistics.median(fp_times) * 1000,
        "lookup_ms": statistics.median(lookup_times) * 1000,
        "lookup_p90_ms": lookup_sorted[int(len(lookup_sorted) * 0.9)] * 1000,
        "total_ms": statistics.median(f + lk for f, lk in zip(fp_times, lookup_times, strict=True)) * 1000,
        "candidates": statistics.mean(counts),
        "max_candidates": max(counts),
        "wrong": wrong,
        "checks": len(lookup_times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--words", type=int, default=150, help="words per synthetic article (default 150)")
    parser.add_argument("--db", type=Path, help="store file (default: a temporary directory)")
    args = parser.parse_args()

    rng = random.Random(7)
    stories = real_stories()
    probe_set = probes(stories, rng)
    results = {}
    with tempfile.TemporaryDirectory() as tmp, Pool(2, initializer=_init_worker) as pool:
        path = args.db or Path(tmp) / "scale.sqlite3"
        with SqliteStore(path) as store:
            store.upsert_articles([
                {"url": f"https://real{i}.example/story", "url_key": f"real{i}.example/story", "source": f"real{i}",
                 "domain": f"real{i}.example", "title": "real", "body": body, "fingerprints": fingerprints(body),
                 "story_id": story_id_for(f"real{i}.example/story")}
                for i, body in enumerate(stories)
            ])  # fmt: skip
            stored = store.count()
            for size in sorted(args.sizes):
                took = fill(store, stored, size, args.words, pool)
                stored = store.count()
                print(f"filled to {stored} articles in {took:.0f}s; measuring {len(probe_set)} probes x 3 ...",
                      flush=True)
                results[stored] = measure(store, probe_set)
            bands = store.conn.execute("SELECT count(*) FROM article_band_ids").fetchone()[0]
            size_mb = path.stat().st_size / 1e6
    sizes = list(results)
    print(f"\nembedded store (SQLite), {bands} band rows, {size_mb:.0f} MB at {sizes[-1]} articles")
    print(f"{'stored articles':32}" + "".join(f"{n:>12,}" for n in sizes))
    rows = [
        ("check, median (ms)", "total_ms", "{:12.2f}"),
        ("  fingerprint, median (ms)", "fingerprint_ms", "{:12.2f}"),
        ("  store lookup + decide (ms)", "lookup_ms", "{:12.2f}"),
        ("  store lookup + decide p90 (ms)", "lookup_p90_ms", "{:12.2f}"),
        ("candidates per check, mean", "candidates", "{:12.2f}"),
        ("candidates per check, max", "max_candidates", "{:12d}"),
        ("wrong decisions", "wrong", "{:12d}"),
        ("checks", "checks", "{:12d}"),
    ]
    for label, key, fmt in rows:
        print(f"{label:32}" + "".join(fmt.format(results[n][key]) for n in sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
