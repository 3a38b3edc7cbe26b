"""``newswatch query`` and ``newswatch export`` on stores filled by real crawls of the mock sites (embedded
store, MongoDB over nx-27017, and a real MongoDB when NEWSWATCH_TEST_MONGO_URI is set)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pyarrow.parquet as pq
import pytest

from newswatch.cli import main
from tests._analyst_store import analyst_crawls_fixture, crawled_fixture  # noqa: F401 - fixtures
from tests._mongo_server import nx_server_fixture  # noqa: F401
from tests.mocksite import EXPECTED_ARTICLES


def _newest_first(docs: list[dict]) -> list[dict]:
    """``docs`` in stored order, as both stores list them: newest first, the later stored first on a tie."""
    order = sorted(enumerate(docs), key=lambda pair: (pair[1]["published_at"], pair[0]), reverse=True)
    return [doc for _, doc in order]


def _run(capsys, *args) -> str:
    capsys.readouterr()
    assert main(list(args)) == 0
    return capsys.readouterr().out


def _jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line]


@pytest.fixture
def docs(crawled):
    return crawled.documents()


def test_the_crawl_filled_the_store(crawled, docs):
    titles = {d["title"] for d in docs}
    assert set(EXPECTED_ARTICLES.values()) <= titles
    assert {d["source"] for d in docs} == {"herald", "beta"}
    assert sum(1 for d in docs if d.get("syndicated")) == 2


def test_query_table_lists_the_newest_articles(crawled, docs, capsys):
    out = _run(capsys, "query", *crawled.cli_args)
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["published", "(UTC)"]
    rows = lines[2:-1]
    assert len(rows) == len(docs)
    for row, doc in zip(rows, _newest_first(docs), strict=True):
        assert row.startswith(doc["published_at"].strftime("%Y-%m-%d %H:%M"))
        assert doc["url"] in row and f" {doc['source']} " in row
        assert ("copy" in row.split()) == bool(doc.get("syndicated"))
    assert lines[-1] == f"{len(docs)} articles matched"


def test_query_limit_says_how_many_more(crawled, docs, capsys):
    out = _run(capsys, "query", "--limit", "2", *crawled.cli_args)
    assert len(out.splitlines()) == 2 + 2 + 1
    assert out.splitlines()[-1] == f"{len(docs)} articles matched (showing the newest 2; --limit to see more)"


FILTERS = {
    "topic": (["--topic", "nato"], lambda d: "nato" in d["topic_names"]),
    "two topics": (["--topic", "nato", "--topic", "ukraine"], lambda d: {"nato", "ukraine"} <= set(d["topic_names"])),
    "outlet": (["--source", "beta"], lambda d: d["source"] == "beta"),
    "language": (["--language", "uk"], lambda d: d["language"] == "uk"),
    "author": (["--author", "Laura Ozola"], lambda d: "Laura Ozola" in d["authors"]),
    "syndicated": (["--syndicated"], lambda d: d.get("syndicated") is True),
    "first copies of nato": (["--no-syndicated", "--topic", "nato"],
                             lambda d: not d.get("syndicated") and "nato" in d["topic_names"]),
    "word": (["--text", "corridor"], lambda d: "corridor" in (d["title"] + " " + d["body"]).lower()),
    "cyrillic word": (["--text", "ППО"], lambda d: "ппо" in (d["title"] + " " + d["body"]).lower().split()),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_query_filters_match_the_data(crawled, docs, capsys, name):
    args, wanted = FILTERS[name]
    expected = [d["url_key"] for d in _newest_first(docs) if wanted(d)]
    assert 0 < len(expected) < len(docs)
    got = [d["url_key"] for d in _jsonl(_run(capsys, "query", "--format", "jsonl", *args, *crawled.cli_args))]
    assert got == expected


def test_query_date_window(crawled, docs, capsys):
    newest = max(d["published_at"] for d in docs)
    since = newest - timedelta(hours=6)
    expected = [d["url_key"] for d in _newest_first(docs) if since <= d["published_at"] < newest]
    assert expected
    args = ["--since", since.isoformat(), "--until", newest.isoformat()]
    got = [d["url_key"] for d in _jsonl(_run(capsys, "query", "--format", "jsonl", *args, *crawled.cli_args))]
    assert got == expected
    recent = _jsonl(_run(capsys, "query", "--format", "jsonl", "--since", "3d", *crawled.cli_args))
    assert len(recent) == len(docs)  # the mock sites only publish within the last day
    assert _run(capsys, "query", "--until", "2020-01-01", *crawled.cli_args).splitlines()[-1] == "0 articles matched"


def test_query_csv(crawled, docs, capsys):
    rows = list(csv.DictReader(io.StringIO(_run(capsys, "query", "--format", "csv", "--source", "herald",
                                                "--language", "en", *crawled.cli_args))))
    expected = [d for d in _newest_first(docs) if d["source"] == "herald" and d["language"] == "en"]
    assert [r["url_key"] for r in rows] == [d["url_key"] for d in expected]
    for row, doc in zip(rows, expected, strict=True):
        assert row["authors"] == "; ".join(doc["authors"])
        assert datetime.fromisoformat(row["published_at"]) == doc["published_at"]
        assert row["body"] == doc["body"]


def test_export_parquet_with_filters(crawled, docs, tmp_path, capsys):
    out = tmp_path / "russia.parquet"
    _run(capsys, "export", "--format", "parquet", "--out", str(out), "--topic", "russia", *crawled.cli_args)
    table = pq.read_table(out)
    expected = [d for d in _newest_first(docs) if "russia" in d["topic_names"]]
    assert table.column("url_key").to_pylist() == [d["url_key"] for d in expected]
    assert str(table.schema.field("published_at").type) == "timestamp[ms, tz=UTC]"
    assert str(table.schema.field("authors").type) == "list<element: string>"
    assert str(table.schema.field("syndicated").type) == "bool"
    rows = table.to_pylist()
    for row, doc in zip(rows, expected, strict=True):
        assert row["published_at"] == doc["published_at"].replace(microsecond=doc["published_at"].microsecond
                                                                  // 1000 * 1000)
        assert row["authors"] == doc["authors"] and row["topic_names"] == doc["topic_names"]
        assert row["word_count"] == doc["word_count"] and row["syndicated"] is doc["syndicated"]
        assert json.loads(row["topics"]) == doc["topics"]


def test_export_jsonl_and_csv_take_the_same_filters(crawled, docs, tmp_path, capsys):
    expected = [d["url_key"] for d in _newest_first(docs) if d["source"] == "beta" and d.get("syndicated")]
    jsonl = _jsonl(_run(capsys, "export", "--source", "beta", "--syndicated", *crawled.cli_args))
    assert [d["url_key"] for d in jsonl] == expected
    out = tmp_path / "beta.csv"
    _run(capsys, "export", "--format", "csv", "--out", str(out), "--source", "beta", "--syndicated", *crawled.cli_args)
    assert [r["url_key"] for r in csv.DictReader(out.open(encoding="utf-8"))] == expected
    every = _jsonl(_run(capsys, "export", *crawled.cli_args))  # no filter: everything, in stored order
    assert sorted(d["url_key"] for d in every) == sorted(d["url_key"] for d in docs)


def test_parquet_needs_a_file(crawled, capsys):
    assert main(["export", "--format", "parquet", *crawled.cli_args]) == 2


def test_query_an_unreachable_store_fails_cleanly(capsys):
    from tests._mongo_server import free_port

    assert main(["query", "--mongo-uri", f"mongodb://127.0.0.1:{free_port()}/?serverSelectionTimeoutMS=300"]) == 1


def test_dates_in_the_output_are_utc(crawled, docs, capsys):
    first = _jsonl(_run(capsys, "query", "--format", "jsonl", "--limit", "1", *crawled.cli_args))[0]
    assert datetime.fromisoformat(first["published_at"]).tzinfo == UTC or first["published_at"].endswith("+00:00")
