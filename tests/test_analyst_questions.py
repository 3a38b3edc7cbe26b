"""The analyst-questions set: questions analysts following the war ask of a week's store, each answered with the
command or SQL they would use, against a real crawl of four mock outlets (tests/_analyst_week.py), and compared
with the answer written by hand in tests/fixtures/analyst_questions/questions.yaml (README there: the scores)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from newswatch.cli import main
from tests._analyst_week import FIXTURES, WeekStore, crawl_week, published
from tests._mongo_server import nx_server_fixture  # noqa: F401

QUESTIONS = [*yaml.safe_load((FIXTURES / "questions.yaml").read_text(encoding="utf-8")),
             *yaml.safe_load((FIXTURES / "holdout.yaml").read_text(encoding="utf-8"))]
#: Questions the tools do not answer yet, with the reason (strict: a fix must remove its line).
KNOWN_MISSES: dict[str, str] = {
    "csv-excel-cyrillic": "`--format csv` stays without the byte-order mark (its readers expect plain UTF-8); "
                          "`--format excel` writes it (test_excel_csv_has_the_byte_order_mark)",
}


@pytest.fixture(scope="module")
def week(tmp_path_factory) -> WeekStore:
    return crawl_week(tmp_path_factory.mktemp("analyst-week"))


def _fill(text: str, week: WeekStore, out: str) -> str:
    for n in range(8):
        text = text.replace(f"{{day:{n}}}", (week.midnight - timedelta(days=n)).date().isoformat())
    for slug in week.index:
        text = text.replace(f"{{url:{slug}}}", week.url(slug))
    return text.replace("{out}", out)


def _slug_of(week: WeekStore, url: str) -> str:
    by_url = {week.url(slug): slug for slug in week.index}
    return by_url.get(url, url)


def _run(capsys, args: list[str]) -> tuple[int, str]:
    capsys.readouterr()
    try:
        code = main(args)
    except SystemExit as exit_:  # argparse: an unknown option
        code = exit_.code if isinstance(exit_.code, int) else 2
    return code, capsys.readouterr().out


def _expected_rows(name: str, week: WeekStore) -> list[list]:
    counts: Counter = Counter()
    for art in week.index.values():
        day = published(art, week.midnight).date().isoformat()
        if name == "per-outlet-day":
            counts[(art["outlet"], day)] += 1
        else:
            for topic in art["topics"]:
                counts[(art["outlet"], day, topic)] += 1
    return [[*key, n] for key, n in sorted(counts.items())]


def answer(question: dict, week: WeekStore, capsys, out_file: str) -> tuple[object, object]:
    """(what the tools answered, what the analyst expects), in comparable form."""
    check, expect = question["check"], question["expect"]
    if "sql" in question:
        with contextlib.closing(sqlite3.connect(week.db_path)) as db:
            rows = [list(r) for r in db.execute(_fill(question["sql"], week, out_file))]
        return rows, (_expected_rows(expect, week) if isinstance(expect, str) else expect)
    args = [_fill(a, week, out_file) for a in question["cmd"]] + week.cli_args
    code, out = _run(capsys, args)
    if code != 0:
        return f"exit {code}", expect
    if check == "csv-excel":
        raw = Path(out_file).read_bytes()
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        titles_ok = all(r["title"] == week.index[_slug_of(week, r["url"])]["title"] for r in rows)
        return (raw.startswith(b"\xef\xbb\xbf"), titles_ok, {_slug_of(week, r["url"]) for r in rows}), (
            True, True, set(expect))
    if check == "urls-only":
        order = sorted(week.index.values(), key=lambda a: published(a, week.midnight), reverse=True)
        return out.splitlines(), [week.url(a["slug"]) for a in order][:50]
    docs = [json.loads(line) for line in out.splitlines() if line.strip()]
    slugs = {_slug_of(week, d["url"]) for d in docs}
    if check == "editions":
        return sorted((_slug_of(week, d["url"]), d["language"]) for d in docs), sorted(
            (s, week.index[s]["lang"]) for s in expect)
    if check == "revision":
        doc = next((d for d in docs if _slug_of(week, d["url"]) == expect["slug"]), {})
        text = json.dumps(doc, ensure_ascii=False)
        return (slugs == {expect["slug"]}, expect["removed"] in text and expect["added"] in text), (True, True)
    return slugs, set(expect)


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_question(question, week, capsys, tmp_path, request):
    if question["id"] in KNOWN_MISSES:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[question["id"]]))
    got, expected = answer(question, week, capsys, str(tmp_path / "out"))
    assert got == expected, question["ask"]


def test_excel_csv_has_the_byte_order_mark(week, capsys, tmp_path):
    out = tmp_path / "uk.csv"
    code, _ = _run(capsys, ["export", "--format", "excel", "--language", "uk", "--out", str(out), *week.cli_args])
    assert code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {_slug_of(week, r["url"]) for r in rows} == {"p-kharkiv-uk", "p-patriot-uk", "p-peace-uk", "u-nato-uk",
                                                          "u-kharkivshchyna-uk"}
    assert all(r["title"] == week.index[_slug_of(week, r["url"])]["title"] for r in rows)


def test_exact_words_turn_the_forms_off(week, capsys):
    def urls(*args):
        code, out = _run(capsys, ["query", "--format", "urls", *args, *week.cli_args])
        assert code == 0
        return {_slug_of(week, u) for u in out.splitlines()}

    assert urls("--text", "Харкові") == {"p-kharkiv-uk"} | {"p-kharkiv-ru", "p-kharkiv-en", "k-kharkov-ru",
                                                            "e-kharkiv-metro", "u-kharkivshchyna-uk"}
    assert urls("--text", "Харкові", "--exact") == {"p-kharkiv-uk"}
    assert urls("--text", "drone", "--exact") == {"e-wire-grain", "u-wire-grain"}


def test_a_bad_time_zone_is_one_line(week, capsys):
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main(["query", "--since", "2026-11-26", "--tz", "Europe/Kiyv", *week.cli_args])
    assert exit_.value.code == 2
    assert "unknown time zone 'Europe/Kiyv'" in capsys.readouterr().err


def test_an_older_index_is_folded_once_when_opened(tmp_path):
    """A store indexed before ё and the apostrophes were folded finds самолеты after it is opened again."""
    from newswatch.storage import SqliteStore
    from tests.test_storage import article

    path = tmp_path / "old.sqlite3"
    store = SqliteStore(path)
    store.open()
    store.upsert_articles([article(title="Германия передаст ещё самолёты", body="Об’єкт пошкоджено. " * 20)])
    store.conn.execute("DROP VIEW articles_text")
    store.conn.execute("CREATE VIEW articles_text (id, title, body) AS SELECT id, json_extract(doc, '$.title'),"
                       " json_extract(doc, '$.body') FROM articles")
    store.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    old = store.conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'самолеты'").fetchone()[0]
    assert old == 0
    store.close()
    store = SqliteStore(path)
    store.open()
    try:
        for words in ("самолеты", "еще", '"об єкт"'):
            assert store.conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                                      (words,)).fetchone()[0] == 1, words
    finally:
        store.close()


# --- the --text questions on MongoDB (the nx-27017 stand-in): the same week, its documents copied there ---------

TEXT_QUESTIONS = [q for q in QUESTIONS if "--text" in q.get("cmd", ()) and q["id"] not in KNOWN_MISSES]


class _OnMongo:
    def __init__(self, week: WeekStore, kwargs: dict):
        self._week = week
        self.cli_args = ["--mongo-uri", kwargs["mongo_uri"], "--mongo-database", kwargs["mongo_database"],
                         "--mongo-collection", kwargs["mongo_collection"]]

    def __getattr__(self, name):
        return getattr(self._week, name)


@pytest.fixture(scope="module")
def mongo_week(week, nx_server):
    from newswatch.storage import open_store

    kwargs = {"mongo_uri": nx_server.uri, "mongo_database": "newswatch_test", "mongo_collection": "analyst_week"}
    with open_store(db_path=week.db_path, environ={}) as sqlite, open_store(**kwargs, environ={}) as mongo:
        mongo.upsert_articles(list(sqlite.iter_articles()))
    return _OnMongo(week, kwargs)


@pytest.mark.parametrize("question", TEXT_QUESTIONS, ids=[q["id"] for q in TEXT_QUESTIONS])
def test_text_question_on_mongodb(question, mongo_week, capsys, tmp_path):
    got, expected = answer(question, mongo_week, capsys, str(tmp_path / "out"))
    assert got == expected, question["ask"]
