"""``newswatch export`` over a filled store (SQLite, MongoDB over nx-27017, real MongoDB when configured)."""

from __future__ import annotations

import csv
import json
from datetime import datetime

from newswatch.cli import main
from newswatch.items import Article
from tests._mongo_server import (  # noqa: F401 - the *_fixture names register pytest fixtures
    free_port,
    nx_server_fixture,
    store_fixture,
    store_spec_fixture,
)
from tests.test_storage import RUSSIAN, article, dataset_articles


def _store_args(spec) -> list[str]:
    if "db_path" in spec.kwargs:
        return ["--db-path", str(spec.kwargs["db_path"])]
    return [
        "--mongo-uri", spec.kwargs["mongo_uri"],
        "--mongo-database", spec.kwargs["mongo_database"],
        "--mongo-collection", spec.kwargs["mongo_collection"],
    ]  # fmt: skip


def _fill(store) -> list[dict]:
    docs = [*dataset_articles(), article(), article(key="meduza.io/en/2026/11/27/x", body=RUSSIAN, title="«Ёлки»")]
    store.upsert_articles(docs)
    store.upsert_articles([article(url="https://m.ukrinform.net/4021", body=RUSSIAN)])  # a revision, an alias
    return docs


def test_jsonl_export_has_every_article_with_iso_dates(store, store_spec, tmp_path):
    docs = _fill(store)
    out = tmp_path / "articles.jsonl"
    assert main(["export", *_store_args(store_spec), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "«Ёлки»" in text and "\\u0401" not in text  # UTF-8 as is, not escaped
    rows = [json.loads(line) for line in text.splitlines()]
    assert [r["url_key"] for r in rows] == [d["url_key"] for d in store.iter_articles()]
    assert len(rows) == len(docs) == store.count()
    by_key = {r["url_key"]: r for r in rows}
    for doc in docs[:-2]:
        row = by_key[doc["url_key"]]
        assert row["title"] == doc["title"] and row["body"] == doc["body"]
        if doc["published_at"]:
            assert datetime.fromisoformat(row["published_at"]) == doc["published_at"]
        assert datetime.fromisoformat(row["first_seen_at"]).utcoffset().total_seconds() == 0
    changed = by_key[article()["url_key"]]
    assert changed["revision"] == 2 and changed["urls"] == [article()["url"], "https://m.ukrinform.net/4021"]


def test_csv_export_joins_lists_and_writes_nested_objects_as_json(store, store_spec, tmp_path):
    docs = _fill(store)
    out = tmp_path / "articles.csv"
    assert main(["export", "--format", "csv", *_store_args(store_spec), "--out", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    assert header[: len(Article.fields)] == list(Article.fields)
    assert "body_hash" in header
    assert len(rows) == len(docs)
    row = next(r for r in rows if r["url_key"] == article()["url_key"])
    assert row["authors"] == "Олена Коваленко"
    assert row["tags"] == "Покровськ; НАТО"
    assert row["urls"] == f"{article()['url']}; https://m.ukrinform.net/4021"
    assert json.loads(row["topics"]) == article()["topics"]
    assert datetime.fromisoformat(row["published_at"]) == article()["published_at"]
    assert row["body"] == RUSSIAN  # multi-paragraph text survives CSV quoting
    assert row["revision"] == "2" and row["modified_at"] == ""
    real = next(r for r in rows if r["url_key"] == docs[0]["url_key"])
    assert real["title"] == docs[0]["title"] and real["authors"] == "; ".join(docs[0]["authors"])


def test_export_writes_to_stdout_by_default(store, store_spec, capsys):
    store.upsert_articles([article()])
    assert main(["export", *_store_args(store_spec)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["title"] == article()["title"]


def test_export_from_an_unreachable_database_fails_cleanly(monkeypatch, capsys, caplog):
    monkeypatch.setenv("NEWSWATCH_MONGO_TIMEOUT_MS", "300")
    uri = f"mongodb://analyst:hunter2@127.0.0.1:{free_port()}/"
    assert main(["export", "--mongo-uri", uri]) == 1
    assert capsys.readouterr().out == ""
    assert "unavailable" in caplog.text and "hunter2" not in caplog.text
