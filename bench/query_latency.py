"""Query latency for the analysts' common filters at 100k stored articles, with and without the indexes.

    .venv/bin/python bench/query_latency.py                       # embedded store, 100k articles
    .venv/bin/python bench/query_latency.py --count 20000 --mongo # also MongoDB over nx-27017 (slow to fill)

The store is filled in bulk with synthetic articles: 12 outlets, three languages, 90 days of publication
times, topic sets in realistic proportions, and Zipf-distributed words from the real news pages in
../shared/datasets for titles and bodies (so a word's rarity is about a real one's). Each filter is run as
``newswatch query`` runs it (newest 50, no body) and as a count, ``--repeat`` times; medians are printed
(2-core machine: noisy).

"With indexes" is the store as it opens: ``published_at``, ``source + published_at``, ``language``,
``story_id`` columns, ``article_topics`` for topics, FTS5 for words. "Without" asks the same question of the
same file with SQLite's ``NOT INDEXED`` (a full scan of ``articles``), topics through ``json_each`` over the
document and whole words through ``LIKE '% word %'`` (what one would write without the side tables). Both
ways must give the same count, which the script checks.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newswatch.query import QuerySpec, count_articles, find_articles, sql_where  # noqa: E402
from newswatch.storage import MongoStore, SqliteStore  # noqa: E402

DATASETS = ROOT / ".." / "shared" / "datasets"
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
OUTLETS = ["moscowtimes", "kyivindependent", "meduza_en", "ukrinform", "nato", "rferl", "pravda_ua", "tvrain",
           "novayagazeta_eu", "guardian", "reuters", "aljazeera"]
LANGUAGES = [("en", 0.6), ("uk", 0.25), ("ru", 0.15)]
TOPIC_SETS = [(["ukraine"], 0.25), (["russia"], 0.15), (["russia", "ukraine"], 0.25), (["nato"], 0.05),
              (["nato", "ukraine"], 0.1), (["nato", "russia", "ukraine"], 0.05), ([], 0.15)]


def vocabulary() -> tuple[list[str], list[float]]:
    counts: dict[str, int] = {}
    for page in (DATASETS / "readability-news").glob("*/expected.html"):
        for word in re.findall(r"[^\W\d_]{3,}", lxml.html.fromstring(page.read_bytes()).text_content()):
            counts[word.lower()] = counts.get(word.lower(), 0) + 1
    ranked = sorted(counts, key=counts.get, reverse=True)
    return ranked, [1 / (rank + 1) for rank in range(len(ranked))]


def synthetic(n: int, vocab: list[str], weights: list[float], rng: random.Random) -> dict:
    title = " ".join(rng.choices(vocab, weights=weights, k=9)).capitalize()
    body = " ".join(rng.choices(vocab, weights=weights, k=160))
    source = rng.choice(OUTLETS)
    url = f"https://{source}.example/news/{n}"
    story = f"s{n // 3:07d}" if n % 7 == 0 else f"s{n:07d}"  # some stories carried three times
    return {
        "url": url, "canonical_url": url, "url_key": url.removeprefix("https://"), "urls": [url],
        "source": source, "domain": f"{source}.example", "title": title, "description": None,
        "authors": [f"Author {rng.randrange(400)}"], "section": None, "tags": [],
        "language": rng.choices([lang for lang, _ in LANGUAGES], [w for _, w in LANGUAGES])[0],
        "published_at": NOW - timedelta(seconds=rng.randrange(90 * 86400)), "modified_at": None,
        "body": body, "word_count": 160, "image_url": None, "paywalled": False,
        "crawled_at": NOW, "topics": {}, "topic_names": rng.choices([t for t, _ in TOPIC_SETS],
                                                                    [w for _, w in TOPIC_SETS])[0],
        "story_id": story, "duplicate_of": None, "syndicated": n % 7 == 0 and n % 3 != 0,
    }


def specs(vocab: list[str]) -> dict[str, QuerySpec]:
    week = NOW - timedelta(days=7)
    rare = vocab[2000]  # a word in a few percent of articles
    return {
        "since 7d": QuerySpec(since=week),
        "topic nato, since 7d": QuerySpec(topics=("nato",), since=week),
        "topics nato+ukraine, 30d": QuerySpec(topics=("nato", "ukraine"), since=NOW - timedelta(days=30)),
        "source, since 7d": QuerySpec(sources=("meduza_en",), since=week),
        "language uk": QuerySpec(languages=("uk",)),
        f"text '{rare}'": QuerySpec(text=rare),
        f"text '{rare}' + topic russia": QuerySpec(text=rare, topics=("russia",)),
        "syndicated, since 7d": QuerySpec(syndicated=True, since=week),
        # The analyst-questions round: the CLI's --text finds a word's forms (a prefix of its stem), --exclude,
        # --author in any case and script (a Python function per author), --not-section, --revised.
        f"text '{rare}' forms (CLI default)": QuerySpec(text=rare, forms=True),
        f"text '{rare}' forms + topic russia": QuerySpec(text=rare, topics=("russia",), forms=True),
        f"since 7d, exclude '{vocab[300]}'": QuerySpec(since=week, exclude=vocab[300], forms=True),
        "author 'author 17', since 30d": QuerySpec(authors=("author 17",), since=NOW - timedelta(days=30)),
        "since 7d, not section Sport": QuerySpec(since=week, not_sections=("Sport",)),
        "revised, since 7d": QuerySpec(revised=True, since=week),
    }


def scan_where(spec: QuerySpec) -> tuple[str, list]:
    """The same conditions without the side tables: topics via json_each, words via LIKE."""
    plain = QuerySpec(sources=spec.sources, languages=spec.languages, authors=spec.authors, since=spec.since,
                      until=spec.until, syndicated=spec.syndicated)
    where, params = sql_where(plain)
    for topic in spec.topics:
        where += " AND EXISTS (SELECT 1 FROM json_each(a.doc, '$.topic_names') WHERE value = ?)"
        params.append(topic)
    for word in spec.words():
        # Whole words, as the full-text index matches them (the synthetic text is single-spaced words).
        where += (" AND ((' ' || json_extract(a.doc, '$.title') || ' ') LIKE ?"
                  " OR (' ' || json_extract(a.doc, '$.body') || ' ') LIKE ?)")
        params += [f"% {word} %"] * 2
    return where, params


def median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fill(store, docs_iter, batch: int) -> float:
    start = time.perf_counter()
    chunk = []
    for doc in docs_iter:
        chunk.append(doc)
        if len(chunk) == batch:
            store.upsert_articles(chunk)
            chunk = []
    if chunk:
        store.upsert_articles(chunk)
    return time.perf_counter() - start


def bench_sqlite(path: Path, queries: dict[str, QuerySpec], repeat: int) -> None:
    store = SqliteStore(path)
    store.open()
    store.conn.execute("ANALYZE")
    print(f"\n{'filter':34} {'indexed: newest 50':>19} {'count':>9} {'no index: newest 50':>20} {'count':>9}"
          f" {'matches':>8}")
    for name, spec in queries.items():
        limited = QuerySpec(**{**spec.__dict__, "limit": 50})
        found = median_ms(lambda s=limited: list(find_articles(store, s, body=False)), repeat)
        counted = median_ms(lambda s=spec: count_articles(store, s), repeat)
        if spec.forms or spec.exclude or spec.not_sections or spec.revised or spec.authors:
            # No plain-scan twin written for these: the plan is what matters (tests/test_query_plans...).
            print(f"{name:34} {found:16.2f} ms {counted:6.2f} ms {'-':>20} {'-':>9} {count_articles(store, spec):8d}")
            continue
        where, params = scan_where(spec)
        scan_sql = (f"SELECT a.doc FROM articles AS a NOT INDEXED WHERE {where}"
                    " ORDER BY a.published_at DESC, a.id DESC LIMIT 50")
        scan_found = median_ms(lambda q=scan_sql, p=params: store.conn.execute(q, p).fetchall(), repeat)
        count_sql = f"SELECT count(*) FROM articles AS a NOT INDEXED WHERE {where}"
        scan_count = median_ms(lambda q=count_sql, p=params: store.conn.execute(q, p).fetchone(), repeat)
        matches = count_articles(store, spec)
        assert matches == store.conn.execute(count_sql, params).fetchone()[0], name  # same answer both ways
        print(f"{name:34} {found:16.2f} ms {counted:6.2f} ms {scan_found:17.2f} ms {scan_count:6.2f} ms {matches:8d}")
    store.close()


def bench_mongo(docs: list[dict], queries: dict[str, QuerySpec], repeat: int, batch: int) -> None:
    from tests._mongo_server import NxServer

    with tempfile.TemporaryDirectory() as tmp:
        server = NxServer(Path(tmp)).start()
        try:
            store = MongoStore(server.uri, "bench", "articles")
            store.open()
            took = fill(store, iter(docs), batch)
            print(f"\nnx-27017: filled {len(docs)} articles in {took:.0f} s ({len(docs) / took:.0f}/s)")
            print(f"{'filter':34} {'newest 50':>12} {'count':>10} {'matches':>8}")
            for name, spec in queries.items():
                limited = QuerySpec(**{**spec.__dict__, "limit": 50})
                found = median_ms(lambda s=limited: list(find_articles(store, s, body=False)), repeat)
                counted = median_ms(lambda s=spec: count_articles(store, s), repeat)
                print(f"{name:34} {found:9.1f} ms {counted:7.1f} ms {count_articles(store, spec):8d}")
            store.close()
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--mongo", action="store_true", help="also MongoDB over nx-27017 (same articles)")
    args = parser.parse_args()
    vocab, weights = vocabulary()
    rng = random.Random(2026)
    docs = [synthetic(n, vocab, weights, rng) for n in range(args.count)]
    queries = specs(vocab)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        store = SqliteStore(path)
        store.open()
        took = fill(store, iter(docs), args.batch)
        store.close()
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
        print(f"embedded store: {args.count} articles bulk-upserted in {took:.0f} s ({args.count / took:.0f}/s), "
              f"{size:.0f} MB; medians of {args.repeat} runs")
        bench_sqlite(path, queries, args.repeat)
    if args.mongo:
        bench_mongo(docs, queries, args.repeat, args.batch)


if __name__ == "__main__":
    main()
