"""Dedup lookups in both stores: indexed, bounded, in step with every write (SqliteStore, MongoStore)."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newswatch.dedup import decide, fingerprints, lookup_keys, registered_domain, story_id_for, url_key, with_edition
from tests._mongo_server import (  # noqa: F401 - the *_fixture names register pytest fixtures
    nx_server_fixture,
    store_fixture,
    store_spec_fixture,
)
from tests.test_dedup_holdout7 import _bench

BODY = (Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "seed" / "moscowtimes-expected-body.txt"
        ).read_text(encoding="utf-8")


def _article(url: str, body: str, source: str, **extra) -> dict:
    key = url_key(url)
    return {
        "url": url,
        "url_key": key,
        "source": source,
        "domain": key.split("/")[0],
        "title": "Zelensky Presses NATO on Membership, Long-Range Weapons",
        "body": body,
        "published_at": datetime(2023, 4, 20, 15, tzinfo=UTC),
        "fingerprints": fingerprints(body),
        "story_id": story_id_for(key),
        "duplicate_of": None,
        "syndicated": False,
        **extra,
    }


def _other_bodies(n: int) -> list[str]:
    # distinct stories with realistic length: one paragraph of the seed each, renumbered
    paragraphs = [p for p in BODY.split("\n\n") if len(p.split()) > 20]
    return [f"Report {i}: " + " ".join(f"{w}{i}" for w in paragraphs[i % len(paragraphs)].split()) * 2
            for i in range(n)]


def test_candidates_by_key_exact_hash_and_band(store):
    original = _article("https://www.themoscowtimes.com/2023/04/20/zelensky-presses-nato-a80891", BODY, "moscowtimes")
    others = [_article(f"https://tass.ru/politika/{i}", body, "tass") for i, body in enumerate(_other_bodies(8))]
    store.upsert_articles([original, *others])

    by_key = store.find_candidates(original["url_key"])
    assert [c["url_key"] for c in by_key] == [original["url_key"]]
    # the fingerprints decide reads: all but the LSH bands (found by them; the band index holds them)
    assert "body" not in by_key[0] and by_key[0]["fingerprints"] == {
        name: value for name, value in original["fingerprints"].items() if name != "bands"}
    assert by_key[0]["story_id"] == original["story_id"] and by_key[0]["first_seen_at"]

    retyped = BODY.replace("'", "\u2019").upper()
    exact = store.find_candidates("yahoo.com/news/x", fingerprints(retyped)["exact"])
    assert [c["url_key"] for c in exact] == [original["url_key"]]

    trimmed = "\n\n".join(BODY.split("\n\n")[1:-2]) + "\n\nReporting by Reuters."
    near = store.find_candidates("reuters.com/x", fingerprints(trimmed)["exact"], fingerprints(trimmed)["bands"])
    assert [c["url_key"] for c in near] == [original["url_key"]]

    assert store.find_candidates("nowhere.example/x", "0" * 32, ["ffffffffffffff"]) == []


def test_candidates_are_bounded(store):
    body = BODY
    # the same text stored by 30 outlets: a lookup still returns at most `limit` per lookup kind
    copies = [_article(f"https://outlet{i}.example/news/zelensky", body, f"outlet{i}") for i in range(30)]
    store.upsert_articles(copies)
    fp = fingerprints(body)
    found = store.find_candidates("late.example/news/zelensky", fp["exact"], fp["bands"], limit=5)
    assert 1 <= len(found) <= 1 + 2 * 5  # by key, by exact hash, by bands


def test_band_index_follows_revisions(store):
    first = _article("https://kyivindependent.com/zelensky-nato/", BODY, "kyivindependent")
    store.upsert_articles([first])
    other = _other_bodies(1)[0]
    revised = _article("https://kyivindependent.com/zelensky-nato/", other, "kyivindependent")
    store.upsert_articles([revised])
    assert store.get(first["url_key"])["revision"] == 2
    fp_old, fp_new = fingerprints(BODY), fingerprints(other)
    assert store.find_candidates("x.example/a", None, fp_old["bands"]) == []
    assert [c["url_key"] for c in store.find_candidates("x.example/a", None, fp_new["bands"])] == [first["url_key"]]


def test_retyped_body_is_not_a_new_revision(store):
    first = _article("https://meduza.io/en/news/2023/04/20/zelensky", BODY, "meduza")
    store.upsert_articles([first])
    retyped = _article("https://meduza.io/en/news/2023/04/20/zelensky?utm_source=tg",
                       BODY.replace("'", "\u2019").replace("\n\n", "\n \n"), "meduza")
    result = store.upsert_articles([retyped])
    stored = store.get(first["url_key"])
    assert result.unchanged == 1 and stored["revision"] == 1
    assert stored["urls"] == [first["url"], retyped["url"]]


def _lookup_steps(tmp_path, copies: int) -> int:
    """SQLite VM instructions one near-duplicate lookup runs with ``copies`` stored articles sharing its bands."""
    from newswatch.storage import SqliteStore

    bodies = [BODY + f"\n\nUpdate {i}." for i in range(copies)]
    with SqliteStore(tmp_path / f"steps{copies}.sqlite3") as store:
        store.upsert_articles([_article(f"https://outlet{i}.example/news/z", b, f"outlet{i}")
                               for i, b in enumerate(bodies)])
        fp = fingerprints(BODY)
        steps = [0]

        def count():
            steps[0] += 1
            return 0

        store.conn.set_progress_handler(count, 1)
        found = store.find_candidates("late.example/news/z", None, fp["bands"], limit=10)
        store.conn.set_progress_handler(None, 1)
    assert 1 <= len(found) <= 10
    return steps[0]


def test_sqlite_band_lookup_work_does_not_grow_with_copies(tmp_path):
    # A story syndicated thousands of times (or boilerplate shared by every page of a site) puts thousands
    # of rows under the same band keys; the lookup reads at most `limit` rows per band whatever their number.
    few, many = _lookup_steps(tmp_path, 30), _lookup_steps(tmp_path, 300)
    assert many < few * 1.3, (few, many)


def _statements(store, action) -> list[str]:
    """Every SQL statement ``action`` runs on the store's connection, parameters bound (trigger bodies left out)."""
    seen: list[str] = []
    store.conn.set_trace_callback(lambda sql: seen.append(sql) if not sql.lstrip().startswith("--") else None)
    try:
        action()
    finally:
        store.conn.set_trace_callback(None)
    return [sql for sql in seen if sql.split()[0].upper() in ("SELECT", "INSERT", "UPDATE", "DELETE")]


def _table_scans(conn: sqlite3.Connection, sql: str) -> list[str]:
    """The plan steps of ``sql`` that read a whole table or index (a subquery, json_each or FTS step is no scan)."""
    plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    return [step for step in plan if re.match(r"SCAN (articles|article_\w+)\b", step)]


def test_sqlite_writes_and_lookups_use_indexes_not_scans(tmp_path):
    # Every statement the store really runs for a dedup lookup and for a batch of inserts, revisions, unchanged
    # revisits and new aliases, explained: an index dropped or a query rewritten into a scan fails here.
    from newswatch.storage import SqliteStore

    first = [_article(f"https://tass.ru/politika/{i}", body, "tass") for i, body in enumerate(_other_bodies(6))]
    with SqliteStore(tmp_path / "n.sqlite3") as store:
        store.upsert_articles(first)
        revised = _article("https://tass.ru/politika/1", BODY, "tass")
        alias = dict(first[2], urls=[first[2]["url"], "https://tass.com/politics/2"])
        batch = [_article("https://meduza.io/en/news/z", BODY, "meduza"), revised, alias, first[3]]
        fp = fingerprints(BODY)
        statements = _statements(store, lambda: store.upsert_articles(batch))
        statements += _statements(store, lambda: store.find_candidates("late.example/z", fp["exact"], fp["bands"]))
        kinds = {sql.split()[0].upper() for sql in statements}
        assert {"SELECT", "INSERT"} <= kinds and len(statements) >= 6, statements
        conn = sqlite3.connect(store.path)
        scans = {sql[:120]: _table_scans(conn, sql) for sql in statements}
        conn.close()
    assert not any(scans.values()), scans


def _upsert_steps(tmp_path, stored: int) -> int:
    """SQLite VM instructions of one batch of 10 new articles written into a store of ``stored`` articles."""
    from newswatch.storage import SqliteStore

    bodies = _other_bodies(stored + 10)
    with SqliteStore(tmp_path / f"upsert{stored}.sqlite3") as store:
        store.upsert_articles([_article(f"https://outlet{i % 7}.example/news/{i}", b, f"outlet{i % 7}")
                               for i, b in enumerate(bodies[:stored])])
        batch = [_article(f"https://late{i}.example/news/z", b, f"late{i}") for i, b in enumerate(bodies[stored:])]
        steps = [0]

        def count():
            steps[0] += 1
            return 0

        store.conn.set_progress_handler(count, 1)
        assert store.upsert_articles(batch).inserted == 10
        store.conn.set_progress_handler(None, 1)
    return steps[0]


def test_sqlite_upsert_work_does_not_grow_with_the_store(tmp_path):
    # A batch's read, upsert, FTS/topic triggers and dedup side tables are index seeks and appends: ten times the
    # stored articles may add a B-tree level, never work in proportion to the store (a scan would be 10x).
    small, large = _upsert_steps(tmp_path, 30), _upsert_steps(tmp_path, 300)
    assert large < small * 1.3, (small, large)


def _cli_args(store_spec) -> list[str]:
    kwargs = store_spec.kwargs
    if "db_path" in kwargs:
        return ["--db-path", str(kwargs["db_path"])]
    return ["--mongo-uri", kwargs["mongo_uri"], "--mongo-database", kwargs["mongo_database"],
            "--mongo-collection", kwargs["mongo_collection"]]


def test_stories_command_lists_every_copy(store, store_spec, capsys):
    from newswatch.cli import main

    root = _article("https://www.themoscowtimes.com/2023/04/20/zelensky-presses-nato-a80891", BODY, "moscowtimes")
    copies = [
        _article(f"https://{site}/news/zelensky-nato", BODY, site, story_id=root["story_id"],
                 duplicate_of=root["url_key"], syndicated=True)
        for site in ("kyivindependent.com", "meduza.io")
    ]
    unrelated = _article("https://tass.ru/politika/1", _other_bodies(1)[0], "tass")
    store.upsert_articles([root])
    store.upsert_articles([*copies, unrelated])

    assert [d["url_key"] for d in store.find_story(root["story_id"])] == [
        root["url_key"], *(c["url_key"] for c in copies)]
    assert all("body" not in d for d in store.find_story(root["story_id"]))

    by_url = root["url"] + "?utm_source=telegram"
    assert main(["stories", by_url, *_cli_args(store_spec)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"story {root['story_id']}: 3 copies"
    assert out[1].split() == ["outlet", "language", "url", "published_at", "first_seen_at", "duplicate_of",
                              "translation_of"]
    assert out[2].split()[:3] == ["moscowtimes", root["url"], "2023-04-20T15:00:00+00:00"]
    assert len(out[2].split()) == 4  # the first-seen copy is nobody's duplicate (no language, no edition either)
    assert [line.split()[0] for line in out[3:]] == ["kyivindependent.com", "meduza.io"]
    assert all(line.split()[-1] == root["url_key"] for line in out[3:])

    assert main(["stories", root["story_id"], "--jsonl", *_cli_args(store_spec)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert main(["stories", "https://tass.ru/politika/404", *_cli_args(store_spec)]) == 1


def _as_schema_1(path: Path) -> None:
    """Turn a store file into what newswatch wrote before schema 2: band keys as text by url_key, no side tables."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("""
        CREATE TABLE article_bands (
            band TEXT NOT NULL, url_key TEXT NOT NULL, PRIMARY KEY (band, url_key)
        ) WITHOUT ROWID;
        CREATE INDEX article_bands_url_key ON article_bands (url_key);
        INSERT INTO article_bands
            SELECT b.value, a.url_key FROM articles AS a, json_each(a.doc, '$.fingerprints.bands') AS b;
        DROP TABLE article_band_ids;
        DROP TABLE article_candidates;
        PRAGMA user_version = 0;
    """)
    conn.close()


def test_sqlite_store_written_before_schema_2_is_migrated_on_open(tmp_path):
    from newswatch.dedup import lookup_keys
    from newswatch.storage import SqliteStore

    path = tmp_path / "old.sqlite3"
    original = _article("https://www.themoscowtimes.com/2023/04/20/zelensky-presses-nato-a80891", BODY, "moscowtimes")
    others = [_article(f"https://tass.ru/politika/{i}", body, "tass") for i, body in enumerate(_other_bodies(5))]
    with SqliteStore(path) as store:
        store.upsert_articles([original, *others])
        before = store.find_candidates("x.example/a", None, original["fingerprints"]["bands"])
    _as_schema_1(path)

    with SqliteStore(path) as store:
        # the old band keys are found under the new integer index, with the same candidate fields
        assert store.find_candidates("x.example/a", None, original["fingerprints"]["bands"]) == before
        assert [c["url_key"] for c in before] == [original["url_key"]]
        assert store.find_candidates(others[2]["url_key"])[0]["fingerprints"] == {
            name: value for name, value in others[2]["fingerprints"].items() if name != "bands"}
        tables = {name for (name,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "article_bands" not in tables and {"article_band_ids", "article_candidates"} <= tables
        # every document's 64 LSH bands and its sentence keys (newswatch.dedup.lookup_keys), one row each
        keys = sum(len(set(lookup_keys(doc["fingerprints"]))) for doc in [original, *others])
        assert keys > 6 * 64 and store.conn.execute("SELECT count(*) FROM article_band_ids").fetchone()[0] == keys
        # and written to as usual afterwards
        revised = _article(original["url"], _other_bodies(7)[6], "moscowtimes")
        store.upsert_articles([revised])
        assert store.find_candidates("x.example/a", None, original["fingerprints"]["bands"]) == []
        assert store.find_candidates("x.example/a", None, revised["fingerprints"]["bands"])[0]["url_key"] == \
            original["url_key"]


def test_sqlite_store_from_a_newer_newswatch_is_refused(tmp_path):
    from newswatch.storage import SqliteStore, StoreError

    path = tmp_path / "newer.sqlite3"
    with SqliteStore(path) as store:
        store.upsert_articles([_article("https://tass.ru/politika/1", BODY, "tass")])
        store.conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer newswatch"):
        SqliteStore(path).open()


def test_an_edition_across_midnight_is_found_in_the_store_by_its_probe_keys(store):
    # RBC-Ukraine's Ukrainian page at 23:41 UTC, its Russian edition at 00:26 the next day (holdout7): the later page
    # looks up the earlier day's signature keys (lookup_keys), the store holds the earlier page under its own
    pairs = {p["id"]: p for p in _bench().load_pairs(_bench().DATA / "holdout7_pairs.yaml")}
    uk, ru = pairs["h7-tr-rbc-midnight"]["a"], pairs["h7-tr-rbc-midnight"]["b"]

    def article(doc: dict) -> dict:
        found = _article(doc["url"], doc["body"], doc["source"], language=doc["language"])
        found["fingerprints"] = with_edition(found["fingerprints"], doc["body"], key=found["url_key"],
                                             domain=registered_domain(doc["url"]), language=doc["language"],
                                             published_at=doc["published_at"])
        return found

    stored, new = article(uk), article(ru)
    store.upsert_articles([stored])
    probe = new["fingerprints"]["edition"]["probe"]
    by_probe = store.find_candidates(new["url_key"], None, probe)
    assert [c["url_key"] for c in by_probe] == [stored["url_key"]]
    found = store.find_candidates(new["url_key"], new["fingerprints"]["exact"], lookup_keys(new["fingerprints"]))
    assert decide(new, found)["kind"] == "translation"
