"""Every example in docs/analysts.md, run: the pymongo and the mongosh versions against MongoDB (nx-27017, and a
real MongoDB when NEWSWATCH_TEST_MONGO_URI is set), the SQL against the embedded store, the ``newswatch``
commands against either; each store filled by real crawls of the mock sites. Each answer is compared with the
same question answered in plain Python over the stored documents, so the guide cannot rot."""

from __future__ import annotations

import re
import shlex
import sqlite3
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pymongo
import pytest

from newswatch.cli import main
from newswatch.items import Article
from newswatch.state import open_state
from newswatch.storage._merge import MANAGED_FIELDS
from tests._analyst_store import analyst_crawls_fixture, crawled_fixture  # noqa: F401 - fixtures
from tests._mongo_server import nx_server_fixture  # noqa: F401

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "analysts.md"
NX_OBJECT_ID = ("nx-27017 does not evaluate an object _id in $group ({'source': '$source', ...} comes back "
                "literally, one group for everything); MongoDB groups by the evaluated object")
#: Examples the stand-in server gets wrong (never the guide): example -> reason.
NX_WRONG = {
    "nato-ukraine-per-outlet-week": NX_OBJECT_ID + "; it has no $dateTrunc either",
    "per-day-topic": NX_OBJECT_ID,
    "outlet-language": NX_OBJECT_ID,
    "by-author": "nx-27017 leaves out the $project after $unwind + $group (rows keep _id and lack author); MongoDB "
                 "renames _id to author",
    "crawl-runs": "nx-27017 returns a dotted projection ('counts.stored') as a flat key named 'counts.stored'; "
                  "MongoDB returns the nested {'counts': {'stored': n}}",
}


def _examples() -> dict[str, dict[str, list[str]]]:
    """``{example: {language: [code, ...]}}`` from the guide's ``<!-- example: NAME -->`` sections."""
    examples: dict[str, dict[str, list[str]]] = {}
    current = None
    for block in re.finditer(r"<!-- example: ([\w-]+) -->|^## |^```(\w+)\n(.*?)^```", GUIDE.read_text(encoding="utf-8"),
                             re.MULTILINE | re.DOTALL):
        if block[1]:
            current = block[1]
            examples.setdefault(current, {})
        elif block[0].startswith("## "):
            current = None
        elif current:
            examples[current].setdefault(block[2], []).append(block[3])
    return examples


EXAMPLES = _examples()


def test_the_guide_has_its_examples_in_every_language():
    assert set(EXAMPLES) == set(ORACLES)
    for name, blocks in EXAMPLES.items():
        assert {"js", "python", "sql"} <= set(blocks), name


def test_the_schema_table_lists_exactly_the_stored_fields():
    text = GUIDE.read_text(encoding="utf-8")
    table = text[text.index("## The article document"):text.index("## Indexes")]
    documented = re.findall(r"^\| `(\w+)` \|", table, re.MULTILINE)
    assert sorted(documented) == sorted({*Article.fields, *MANAGED_FIELDS})
    assert len(documented) == len(set(documented))


# --- what each example must answer, in plain Python ----------------------------------------------------------

def _monday(value: datetime) -> date:
    return value.date() - timedelta(days=value.weekday())


def _words(doc: dict) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", f"{doc['title']} {doc['body']}")}


def _biggest_story(docs):
    sizes = Counter(d["story_id"] for d in docs if d.get("story_id"))
    return min(sizes, key=lambda s: (-sizes[s], s))


def _first_copies(docs):
    rows = []
    for story in {d["story_id"] for d in docs if d.get("syndicated")}:
        members = sorted((d for d in docs if d["story_id"] == story), key=lambda d: d["published_at"])
        rows.append({"story_id": story, "first_outlet": members[0]["source"],
                     "first_published": members[0]["published_at"], "title": members[0]["title"],
                     "copies": len(members)})
    return rows


ORACLES = {
    "recent-topic": lambda docs, runs: [
        {k: d[k] for k in ("title", "source", "published_at", "url")} for d in docs
        if "nato" in d["topic_names"] and d["published_at"] >= datetime.now(UTC) - timedelta(days=7)],
    "nato-ukraine-per-outlet-week": lambda docs, runs: [
        {"source": s, "week": w, "articles": n} for (s, w), n in Counter(
            (d["source"], _monday(d["published_at"])) for d in docs
            if {"nato", "ukraine"} <= set(d["topic_names"])).items()],
    "first-outlet": lambda docs, runs: _first_copies(docs),
    "by-author": lambda docs, runs: [{"author": a, "articles": n}
                                     for a, n in Counter(a for d in docs for a in d["authors"]).items()],
    "one-author": lambda docs, runs: [{k: d[k] for k in ("title", "source", "published_at")} for d in docs
                                      if "Marta Novak" in d["authors"]],
    "per-day-topic": lambda docs, runs: [
        {"day": day, "topic": t, "articles": n} for (day, t), n in Counter(
            (d["published_at"].date().isoformat(), t) for d in docs for t in d["topic_names"]).items()],
    "outlet-language": lambda docs, runs: [
        {"source": s, "language": lang, "articles": n}
        for (s, lang), n in Counter((d["source"], d["language"]) for d in docs).items()],
    "text-search": lambda docs, runs: [{k: d[k] for k in ("title", "source", "published_at")} for d in docs
                                       if {"black", "sea"} <= _words(d)],
    "story-copies": lambda docs, runs: [{"source": d["source"], "url": d["url"], "syndicated": d["syndicated"]}
                                        for d in docs if d["story_id"] == _biggest_story(docs)],
    "crawl-runs": lambda docs, runs: [{"outlet": r["outlet"], "finished_at": r["finished_at"], "status": r["status"],
                                       "stored": r["counts"]["stored"]} for r in runs],
}
#: The order each example promises: (field, descending).
ORDER = {
    "recent-topic": [("published_at", True)], "nato-ukraine-per-outlet-week": [("week", False), ("source", False)],
    "first-outlet": [("copies", True), ("first_published", False)],
    "by-author": [("articles", True), ("author", False)],
    "one-author": [("published_at", True)], "per-day-topic": [("day", False), ("topic", False)],
    "outlet-language": [("source", False), ("language", False)], "text-search": [("published_at", True)],
    "story-copies": [], "crawl-runs": [("finished_at", True)],
}
#: Examples whose answer must not be empty on the crawled data (the others may be, e.g. one week).
NON_EMPTY = set(ORACLES)


def _value(value):
    """One form for both stores: dates as 'YYYY-MM-DD[ HH:MM:SS]' (UTC), booleans as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d", value):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if value.tzinfo else value
        return value.strftime("%Y-%m-%d") if value.time() == datetime.min.time() else value.strftime(
            "%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(rows) -> list[tuple]:
    out = []
    for row in rows:
        flat = {}
        for key, value in row.items():
            if isinstance(value, dict):  # e.g. {"counts": {"stored": 3}} from a dotted projection
                flat.update({k: _value(v) for k, v in value.items()})
            else:
                flat[key] = _value(value)
        out.append(tuple(sorted(flat.items())))
    return out


def _check(name: str, got: list[dict], docs: list[dict], runs: list[dict]):
    expected = ORACLES[name](docs, runs)
    if name in NON_EMPTY:
        assert expected, f"{name}: the crawled data must give this example something to find"
    assert sorted(_rows(got)) == sorted(_rows(expected))
    keys = [dict(row) for row in _rows(got)]
    for (field, descending) in ORDER[name][:1]:
        values = [row[field] for row in keys]
        assert values == sorted(values, reverse=descending), f"{name}: not ordered by {field}"


# --- mongosh, pymongo -----------------------------------------------------------------------------------------

class _ShellCursor:
    """The little of mongosh's cursor the guide uses: sort({...}), limit(n), toArray()."""

    def __init__(self, rows):
        self.rows = rows

    def sort(self, spec: dict) -> _ShellCursor:
        return _ShellCursor(self.rows.sort(list(spec.items())))

    def limit(self, n: int) -> _ShellCursor:
        return _ShellCursor(self.rows.limit(n))

    def toArray(self) -> list:  # noqa: N802 - mongosh's name
        return list(self.rows)


class _ShellCollection:
    def __init__(self, collection):
        self.collection = collection

    def find(self, query=None, projection=None):
        return _ShellCursor(self.collection.find(query or {}, projection))

    def aggregate(self, pipeline):
        return _ShellCursor(iter(list(self.collection.aggregate(pipeline))))

    def distinct(self, field, query=None):
        return self.collection.distinct(field, query or {})


class _ShellDb:
    def __init__(self, db):
        self.db = db

    def __getattr__(self, name):
        return _ShellCollection(self.db[name])


def _mongosh_to_python(js: str) -> str:
    """The guide's mongosh (JSON-style keys, literals and Date arithmetic only) as a Python expression."""
    py = re.sub(r"new Date\(Date\.now\(\) - ([^)]*)\)", r"(_now() - _timedelta(milliseconds=\1))", js)
    py = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", re.sub(r"\bnull\b", "None", py)))
    return f"result = (\n{py}\n)"


def _mongo_db(crawled):
    client = pymongo.MongoClient(crawled.store_kwargs["mongo_uri"], tz_aware=True, serverSelectionTimeoutMS=3000)
    return client, client[crawled.store_kwargs["mongo_database"]]


def _runs(crawled) -> list[dict]:
    kwargs = crawled.store_kwargs
    options = ({"mongo_uri": kwargs["mongo_uri"], "mongo_database": kwargs["mongo_database"]} if crawled.is_mongo
               else {"db_path": kwargs["db_path"]})
    state = open_state(**options, environ={})
    try:
        return [run for outlet in state.last_runs() for run in state.recent_runs(outlet, 100)]
    finally:
        state.close()


def _mongo_only(crawled, request, name):
    if not crawled.is_mongo:
        pytest.skip("a MongoDB example")
    if crawled.kind == "nx-27017" and name in NX_WRONG:
        request.applymarker(pytest.mark.xfail(reason=NX_WRONG[name], strict=True))


@pytest.mark.parametrize("name", sorted(ORACLES))
def test_pymongo_examples(crawled, request, name):
    _mongo_only(crawled, request, name)
    client, db = _mongo_db(crawled)
    try:
        for code in EXAMPLES[name]["python"]:
            scope = {"db": db}
            exec(compile(code, f"analysts.md:{name}", "exec"), scope)
            _check(name, scope["result"], crawled.documents(), _runs(crawled))
    finally:
        client.close()


@pytest.mark.parametrize("name", sorted(ORACLES))
def test_mongosh_examples(crawled, request, name):
    _mongo_only(crawled, request, name)
    client, db = _mongo_db(crawled)
    try:
        for code in EXAMPLES[name]["js"]:
            scope = {"db": _ShellDb(db), "_now": lambda: datetime.now(UTC), "_timedelta": timedelta}
            exec(compile(_mongosh_to_python(code), f"analysts.md:{name}.js", "exec"), scope)
            result = scope["result"]
            rows = result.toArray() if isinstance(result, _ShellCursor) else result
            if name == "story-copies":  # the shell half only finds the story; the copies are the pymongo half's
                assert rows[0]["_id"] == _biggest_story(crawled.documents())
                continue
            _check(name, rows, crawled.documents(), _runs(crawled))
    finally:
        client.close()


# --- SQL and the newswatch commands ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(ORACLES))
def test_sql_examples(crawled, name):
    if crawled.is_mongo:
        pytest.skip("an embedded-store example")
    conn = sqlite3.connect(crawled.store_kwargs["db_path"])
    conn.row_factory = sqlite3.Row
    try:
        for sql in EXAMPLES[name]["sql"]:
            rows = [dict(row) for row in conn.execute(sql)]
            _check(name, rows, crawled.documents(), _runs(crawled))
    finally:
        conn.close()


@pytest.mark.parametrize("name", sorted(n for n in ORACLES if "sh" in EXAMPLES[n]))
def test_command_examples(crawled, name, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # `newswatch report --out report.html` writes here
    story = _biggest_story(crawled.documents())
    for block in EXAMPLES[name]["sh"]:
        for line in block.splitlines():
            command = shlex.split(line.split("  #")[0].replace("STORY_ID", story))
            assert command[0] == "newswatch", line
            capsys.readouterr()
            assert main([*command[1:], *crawled.cli_args]) == 0, line
            out = capsys.readouterr().out
            if command[1] == "query":
                assert not out.rstrip().endswith(" 0 articles matched"), line
            elif command[1] == "report":
                assert "<svg" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_quick_answer_commands(crawled, tmp_path, monkeypatch, capsys):
    """The guide's first block of commands: each runs on the crawled store and writes what it says."""
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"^```sh\n(.*?)^```", text[text.index("## Quick answers"):], re.MULTILINE | re.DOTALL)[1]
    monkeypatch.chdir(tmp_path)
    docs = crawled.documents()
    story = docs[0]["story_id"]
    for line in block.splitlines():
        command = shlex.split(line.split("  #")[0].replace("STORY_ID_OR_URL", story))
        capsys.readouterr()
        assert main([*command[1:], *crawled.cli_args]) == 0, line
        assert capsys.readouterr().out or "--out" in command, line
    assert (tmp_path / "russia.parquet").stat().st_size and (tmp_path / "mt.csv").exists()
    assert "<svg" in (tmp_path / "report.html").read_text(encoding="utf-8")
