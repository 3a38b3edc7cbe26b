"""The Store contract, run identically against SqliteStore, MongoStore over nx-27017, and (when
``NEWSWATCH_TEST_MONGO_URI`` is set) MongoStore over a real MongoDB."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import traceback
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import lxml.html
import pymongo
import pymongo.monitoring
import pytest

from newswatch.storage import (
    MongoStore,
    SqliteStore,
    Store,
    StoreError,
    StoreUnavailable,
    WriteResult,
    body_hash,
    build_store,
    open_store,
    redact_uri,
)
from tests._mongo_server import (  # noqa: F401 - the *_fixture names register pytest fixtures
    NxServer,
    free_port,
    nx_available,
    nx_server_fixture,
    store_fixture,
    store_spec_fixture,
)

PROJECT = Path(__file__).resolve().parents[1]
DATASETS = PROJECT / ".." / "shared" / "datasets"

# --- realistic documents ---------------------------------------------------------------------------------


def _published(text: str | None) -> datetime | None:
    try:
        value = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value and value.tzinfo is None else value


def dataset_articles() -> list[dict]:
    """Article documents built from the real pages of ../shared/datasets/readability-news."""
    articles = []
    for folder in sorted((DATASETS / "readability-news").iterdir()):
        if not (folder / "expected.html").is_file():
            continue
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        tree = lxml.html.fromstring((folder / "expected.html").read_bytes())
        paragraphs = [" ".join(p.text_content().split()) for p in tree.iter("p")]
        body = "\n\n".join(p for p in paragraphs if p) or " ".join(tree.text_content().split())
        url = f"https://{folder.name}.news.example/2026/11/{folder.name}-story"
        articles.append(
            {
                "url": url,
                "canonical_url": url,
                "url_key": url.removeprefix("https://"),
                "source": meta.get("siteName") or folder.name,
                "domain": f"{folder.name}.news.example",
                "title": meta.get("title"),
                "description": meta.get("excerpt"),
                "authors": [meta["byline"]] if meta.get("byline") else [],
                "language": (meta.get("lang") or "")[:2] or None,
                "published_at": _published(meta.get("publishedTime")),
                "modified_at": None,
                "tags": ["news", folder.name],
                "body": body,
                "word_count": len(body.split()),
                "crawled_at": datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
                "feed": {"via": "rss", "url": f"https://{folder.name}.news.example/rss", "keywords": []},
            }
        )
    return articles


UKRAINIAN = (
    "Збройні сили України відбили 14 атак російських військ на Покровському напрямку, повідомили "
    "в Генштабі ЗСУ.\n\nГенсек НАТО заявив, що Альянс продовжить підтримувати Україну «стільки, скільки потрібно»."
)
RUSSIAN = (
    "Минобороны России заявило о «взятии» населённого пункта в Донецкой области; в ВСУ это не "
    "подтвердили.\n\nЁлка, щётка, съезд — проверка редких букв и «кавычек-ёлочек» — и тире."
)


def article(key: str = "ukrinform.net/rubric-ato/4021", **fields) -> dict:
    doc = {
        "url": f"https://www.{key}.html",
        "canonical_url": f"https://www.{key}.html",
        "url_key": key,
        "source": "ukrinform",
        "domain": "ukrinform.net",
        "title": "ЗСУ відбили 14 атак на Покровському напрямку",
        "authors": ["Олена Коваленко"],
        "language": "uk",
        "section": "АТО",
        "tags": ["Покровськ", "НАТО"],
        "published_at": datetime(2026, 11, 26, 21, 15, 30, tzinfo=UTC),
        "modified_at": None,
        "body": UKRAINIAN,
        "word_count": len(UKRAINIAN.split()),
        "crawled_at": datetime(2026, 11, 27, 6, 0, tzinfo=UTC),
        "topics": {"ukraine": {"score": 0.92, "terms": ["ЗСУ", "Покровськ"]}},
    }
    doc.update(fields)
    return doc


# --- counting round trips --------------------------------------------------------------------------------


class _CommandLog(pymongo.monitoring.CommandListener):
    def __init__(self):
        self.events: list[tuple[str, str]] = []
        # (command name, collection, callable): run once just before that command is sent.
        self.before: tuple[str, str, object] | None = None

    def started(self, event):
        target = str(event.command.get(event.command_name))
        self.events.append((event.command_name, target))
        if self.before and self.before[:2] == (event.command_name, target):
            hook, self.before = self.before[2], None
            hook()

    def succeeded(self, event):
        pass

    def failed(self, event):
        pass


_COMMANDS = _CommandLog()
pymongo.monitoring.register(_COMMANDS)  # applies to every client created from now on


@contextmanager
def round_trips(store: Store):
    """Counter of the reads/writes/transactions the store sends for its articles inside the block."""
    counts: Counter = Counter()
    if isinstance(store, MongoStore):
        start = len(_COMMANDS.events)
        yield counts
        for name, target in _COMMANDS.events[start:]:
            if target == store.collection_name:
                counts[{"find": "read", "insert": "write", "update": "write"}.get(name, name)] += 1
        return

    def trace(statement: str) -> None:
        words = statement.split()
        if words[:1] == ["SELECT"]:
            counts["read"] += 1
        elif words[:2] == ["BEGIN", "IMMEDIATE"]:
            counts["transaction"] += 1

    store.conn.set_trace_callback(trace)
    try:
        yield counts
    finally:
        store.conn.set_trace_callback(None)


# --- the contract, identical for every store -----------------------------------------------------------


def test_insert_stores_the_document_and_the_store_fields(store):
    doc = article()
    assert store.upsert_articles([doc]) == WriteResult(inserted=1)
    stored = store.get(doc["url_key"])
    for name in ("url", "title", "authors", "language", "section", "tags", "body", "word_count", "topics"):
        assert stored[name] == doc[name], name
    assert stored["modified_at"] is None
    assert stored["revision"] == 1
    assert stored["urls"] == [doc["url"]]
    assert stored["first_seen_at"] == stored["last_seen_at"]
    assert abs(stored["first_seen_at"] - datetime.now(UTC)) < timedelta(seconds=30)
    assert stored["body_hash"] == body_hash(doc["body"])
    assert "_id" not in stored
    assert store.get("no.such/key") is None


def test_upsert_does_not_change_its_input(store):
    doc = article()
    snapshot = json.dumps(doc, default=str, sort_keys=True)
    store.upsert_articles([doc, dict(doc)])
    assert json.dumps(doc, default=str, sort_keys=True) == snapshot


def test_real_pages_round_trip_and_reupsert_is_idempotent(store):
    docs = dataset_articles()
    assert len(docs) >= 30
    assert store.upsert_articles(docs) == WriteResult(inserted=len(docs))
    assert store.upsert_articles(docs) == WriteResult(unchanged=len(docs))
    assert store.count() == len(docs)
    for doc in docs:
        stored = store.get(doc["url_key"])
        assert stored["revision"] == 1
        for name in ("title", "body", "authors", "language", "published_at", "feed", "tags"):
            assert stored[name] == doc[name], (doc["url_key"], name)


def test_whitespace_only_change_is_not_a_new_revision(store):
    store.upsert_articles([article()])
    reflowed = "  " + UKRAINIAN.replace("\n\n", "\n \n").replace(" ", "   ") + "\n"
    assert store.upsert_articles([article(body=reflowed, title="changed title is ignored")]) == WriteResult(unchanged=1)
    stored = store.get(article()["url_key"])
    assert stored["revision"] == 1
    assert stored["body"] == UKRAINIAN
    assert stored["title"] == article()["title"]


def test_body_change_replaces_content_and_bumps_revision(store):
    key = article()["url_key"]
    store.upsert_articles([article()])
    corrected = UKRAINIAN.replace("14 атак", "16 атак")
    result = store.upsert_articles([article(body=corrected, title="ЗСУ відбили 16 атак", word_count=99)])
    assert result == WriteResult(updated=1)
    stored = store.get(key)
    assert (stored["revision"], stored["body"], stored["title"], stored["word_count"]) == (
        2,
        corrected,
        "ЗСУ відбили 16 атак",
        99,
    )
    assert stored["body_hash"] == body_hash(corrected)
    store.upsert_articles([article(body=UKRAINIAN)])  # reverting is a change too
    assert store.get(key)["revision"] == 3


def test_first_seen_at_is_kept_and_last_seen_at_moves_forward(store):
    key = article()["url_key"]
    store.upsert_articles([article()])
    first = store.get(key)
    time.sleep(0.01)
    store.upsert_articles([article()])
    store.upsert_articles([article(body=RUSSIAN)])
    later = store.get(key)
    assert later["first_seen_at"] == first["first_seen_at"]
    assert later["revision"] == 2
    assert isinstance(later["first_seen_at"], datetime)


def test_dates_written_by_an_update_stay_dates(store, store_spec, request):
    store_spec.xfail_on_nx(request, "set_date")
    key = article()["url_key"]
    store.upsert_articles([article()])
    first_seen = store.get(key)["first_seen_at"]
    republished = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    store.upsert_articles([article(body=RUSSIAN, published_at=republished, modified_at=republished)])
    stored = store.get(key)
    assert isinstance(stored["last_seen_at"], datetime) and stored["last_seen_at"] > first_seen
    assert stored["published_at"] == republished and stored["modified_at"] == republished
    assert store.find_existing([key])[key]["last_seen_at"] == stored["last_seen_at"]


def test_urls_are_united_in_first_seen_order(store):
    key = article()["url_key"]
    amp = "https://www.ukrinform.net/amp/rubric-ato/4021.html"
    tracked = "https://www.ukrinform.net/rubric-ato/4021.html?utm_source=telegram"
    store.upsert_articles([article(urls=[article()["url"], amp])])
    store.upsert_articles([article(url=tracked, urls=None)])
    store.upsert_articles([article(url=amp, urls=[amp])])
    assert store.get(key)["urls"] == [article()["url"], amp, tracked]


def test_copies_of_one_key_in_one_batch_merge(store):
    key = article()["url_key"]
    mobile = "https://m.ukrinform.net/rubric-ato/4021.html"
    batch = [article(), article(url=mobile), article(body=RUSSIAN, url=mobile), article(key="other/1")]
    assert store.upsert_articles(batch) == WriteResult(inserted=2, updated=1, unchanged=1)
    stored = store.get(key)
    assert stored["revision"] == 2 and stored["body"] == RUSSIAN
    assert stored["urls"] == [article()["url"], mobile]
    assert store.count() == 2


def test_cyrillic_text_round_trips_exactly(store):
    doc = article(key="meduza.io/en/news/2026/11/27/x", title="«Ёлки» — щётка", body=RUSSIAN, authors=["Пётр Ёлкин"])
    store.upsert_articles([doc])
    stored = store.get(doc["url_key"])
    assert (stored["title"], stored["body"], stored["authors"]) == (doc["title"], RUSSIAN, ["Пётр Ёлкин"])
    assert [a["title"] for a in store.iter_articles()] == ["«Ёлки» — щётка"]


def test_datetimes_come_back_tz_aware_utc(store):
    kyiv = timezone(timedelta(hours=2))
    doc = article(
        published_at=datetime(2026, 11, 26, 23, 15, 30, 123456, tzinfo=kyiv),
        modified_at=datetime(2026, 11, 27, 1, 0),  # naive: taken as UTC
        feed={"via": "news-sitemap", "published_at": datetime(2026, 11, 26, 21, 15, tzinfo=UTC), "keywords": ["a"]},
    )
    store.upsert_articles([doc])
    stored = store.get(doc["url_key"])
    # BSON keeps milliseconds; both stores keep exactly that, so they agree.
    assert stored["published_at"] == datetime(2026, 11, 26, 21, 15, 30, 123000, tzinfo=UTC)
    assert stored["published_at"].utcoffset() == timedelta(0)
    assert stored["modified_at"] == datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    assert stored["feed"]["published_at"] == datetime(2026, 11, 26, 21, 15, tzinfo=UTC)
    assert stored["feed"]["published_at"].tzinfo is not None


def test_find_existing_reads_a_batch_in_one_query(store):
    docs = [article(key=f"kyivindependent.com/story-{i}", published_at=datetime(2026, 11, i + 1, tzinfo=UTC))
            for i in range(20)]  # fmt: skip
    store.upsert_articles(docs)
    wanted = [d["url_key"] for d in docs[::2]] + ["kyivindependent.com/never-stored"]
    with round_trips(store) as trips:
        found = store.find_existing(wanted)
    assert trips["read"] == 1
    assert sorted(found) == sorted(wanted[:-1])
    summary = found["kyivindependent.com/story-4"]
    assert set(summary) == {"url_key", "published_at", "last_seen_at", "revision", "body_hash"}
    assert summary["published_at"] == datetime(2026, 11, 5, tzinfo=UTC)
    assert summary["revision"] == 1 and summary["body_hash"] == body_hash(UKRAINIAN)
    assert summary["last_seen_at"] == store.get("kyivindependent.com/story-4")["last_seen_at"]
    assert store.find_existing([]) == {}


def test_a_batch_is_one_read_and_one_bulk_write(store, store_spec):
    store.upsert_articles([article(key=f"nato.int/news-{i}") for i in range(5)])
    batch = [article(key=f"nato.int/news-{i}", body=RUSSIAN if i % 2 else UKRAINIAN) for i in range(10)]
    with round_trips(store) as trips:
        assert store.upsert_articles(batch) == WriteResult(inserted=5, updated=2, unchanged=3)
    assert trips["read"] == 1
    if store_spec.is_mongo:
        assert trips["write"] == 2  # one bulk_write: its inserts and its updates travel as one command each
    else:
        assert trips["transaction"] == 1


def test_count_and_iteration_in_insertion_order(store):
    assert store.count() == 0 and list(store.iter_articles()) == []
    keys = [f"themoscowtimes.com/2026/11/{i:02d}/a" for i in (5, 1, 9, 3)]
    store.upsert_articles([article(key=k) for k in keys[:2]])
    store.upsert_articles([article(key=k) for k in keys[2:]])
    store.upsert_articles([article(key=keys[0], body=RUSSIAN)])  # an update keeps the position
    assert store.count() == 4
    assert [a["url_key"] for a in store.iter_articles()] == keys


def test_the_unique_index_guards_url_key(store, store_spec):
    store.upsert_articles([article()])
    if store_spec.is_mongo:
        with pytest.raises(pymongo.errors.DuplicateKeyError):
            store.collection.insert_one({"url_key": article()["url_key"]})
    else:
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("INSERT INTO articles (url_key, doc) VALUES (?, '{}')", (article()["url_key"],))
    store.close()
    store.open()  # creating tables/indexes again is harmless
    assert store.count() == 1


def _raw_collection(spec):
    client = pymongo.MongoClient(spec.kwargs["mongo_uri"], serverSelectionTimeoutMS=2000)
    return client, client[spec.kwargs["mongo_database"]][spec.kwargs["mongo_collection"]]


@pytest.mark.parametrize("existing_unique", [True, False])
def test_mongo_store_respects_an_existing_url_key_index(store_spec, request, existing_unique):
    """A collection someone indexed by hand: an equivalent unique index is fine, a non-unique one is refused."""
    if not store_spec.is_mongo:
        pytest.skip("MongoDB collections only")
    if not existing_unique:
        store_spec.xfail_on_nx(request, "index_conflict")
    client, collection = _raw_collection(store_spec)
    with client:
        collection.create_index("url_key", unique=existing_unique, name="by_hand")
        if existing_unique:
            opened = open_store(**store_spec.kwargs, environ={})
            assert opened.upsert_articles([article()]) == WriteResult(inserted=1)
            opened.close()
        else:
            with pytest.raises(StoreError, match="not unique"):
                open_store(**store_spec.kwargs, environ={})


def test_a_document_without_url_key_is_refused_before_writing(store):
    with pytest.raises(ValueError, match="url_key"):
        store.upsert_articles([article(key="a/1"), {"url": "https://x.example/1", "body": "b"}])
    assert store.count() == 0


@pytest.mark.parametrize("race", ["insert", "update-last-seen-an-hour-ago", "update-within-the-same-second"])
def test_mongo_write_racing_between_read_and_write_is_merged_not_lost(store, store_spec, race, request):
    """Another crawler writes the same story after our batched read and before our bulk write."""
    if not store_spec.is_mongo:
        pytest.skip("SqliteStore holds the write lock from read to write; no such window exists")
    if race == "update-within-the-same-second":
        store_spec.xfail_on_nx(request, "update_filter_dates")
    key, first, theirs, ours = (article()["url_key"], article()["url"], "https://m.ukrinform.net/4021", "https://amp/4021")
    if race.startswith("update"):
        store.upsert_articles([article()])
    if race == "update-last-seen-an-hour-ago":
        an_hour_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
        store.collection.update_one({"url_key": key}, {"$set": {"last_seen_at": an_hour_ago}})
    other = open_store(**store_spec.kwargs, environ={})
    command = "insert" if race == "insert" else "update"
    _COMMANDS.before = (command, store.collection_name, lambda: other.upsert_articles([article(url=theirs)]))
    try:
        result = store.upsert_articles([article(url=ours, body=RUSSIAN)])
    finally:
        _COMMANDS.before = None
        other.close()
    assert result == WriteResult(updated=1)  # ours was merged onto theirs, not inserted beside or over it
    stored = store.get(key)
    assert stored["revision"] == 2 and stored["body"] == RUSSIAN
    assert stored["urls"] == ([theirs, ours] if race == "insert" else [first, theirs, ours])
    assert store.count() == 1


_WORKER = r"""
import json, pathlib, sys, time
from newswatch.storage import WriteResult, open_store
spec, tag, folder, keys, passes, batch = json.loads(sys.argv[1])
folder = pathlib.Path(folder)
store = open_store(**spec, environ={})
(folder / f"ready-{tag}").touch()
while not (folder / "go").exists():
    time.sleep(0.002)
total = WriteResult()
for p in range(passes):
    for start in range(0, len(keys), batch):
        total += store.upsert_articles([
            {"url_key": k, "url": f"https://{tag}.example/{k}?pass={p}", "title": k, "body": "same body of " + k}
            for k in keys[start:start + batch]
        ])
store.close()
print(json.dumps(total.__dict__))
"""


def test_concurrent_writer_processes_lose_nothing(store, store_spec, tmp_path, request):
    store_spec.xfail_on_nx(request, "update_filter_dates")
    keys = [f"meduza.io/en/feature/{i:03d}" for i in range(30)]
    passes, tags = 2, ("crawler-a", "crawler-b")
    kwargs = {k: str(v) for k, v in store_spec.kwargs.items()}
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, json.dumps([kwargs, tag, str(tmp_path), keys, passes, 8])],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        for tag in tags
    ]
    deadline = time.monotonic() + 30
    while not all((tmp_path / f"ready-{t}").exists() for t in tags):
        assert time.monotonic() < deadline and all(w.poll() is None for w in workers), "workers did not start"
        time.sleep(0.01)
    (tmp_path / "go").touch()
    results = [json.loads(w.communicate(timeout=120)[0]) for w in workers]
    assert all(w.returncode == 0 for w in workers)
    assert sum(r["inserted"] for r in results) == len(keys)  # each story inserted exactly once
    assert sum(r["inserted"] + r["updated"] + r["unchanged"] for r in results) == len(keys) * passes * len(tags)
    assert store.count() == len(keys)
    for key in keys:
        stored = store.get(key)
        assert stored["revision"] == 1
        expected = {f"https://{t}.example/{key}?pass={p}" for t in tags for p in range(passes)}
        assert set(stored["urls"]) == expected, key  # no writer's aliases were lost
        assert len(stored["urls"]) == len(expected)


# --- how the configured store is chosen ------------------------------------------------------------------


def test_open_store_defaults_to_sqlite_and_creates_the_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    opened = open_store(environ={})
    assert isinstance(opened, SqliteStore)
    assert opened.describe() == "sqlite:data/newswatch.sqlite3"
    assert (tmp_path / "data" / "newswatch.sqlite3").is_file()
    opened.close()
    nested = open_store(environ={"NEWSWATCH_DB_PATH": str(tmp_path / "a" / "b" / "n.db")})
    assert nested.describe() == f"sqlite:{tmp_path / 'a' / 'b' / 'n.db'}"
    nested.close()


def test_store_choice_follows_arguments_then_environment(tmp_path):
    env = {"MONGO_URI": "mongodb://u:pw@db.internal:27017", "MONGO_DATABASE": "nw", "MONGO_COLLECTION": "arts"}
    chosen = build_store(environ=env)
    assert isinstance(chosen, MongoStore) and chosen.describe() == "mongodb://u:***@db.internal:27017/nw.arts"
    assert isinstance(build_store(db_path=tmp_path / "x.db", environ=env), SqliteStore)
    explicit = build_store(mongo_uri="mongodb://other:27017", mongo_collection="c", environ=env)
    assert explicit.describe() == "mongodb://other:27017/nw.c"
    assert build_store(mongo_uri="mongodb://h", environ={}).describe() == "mongodb://h/newswatch.articles"
    with pytest.raises(ValueError):
        build_store(mongo_uri="mongodb://h", db_path=tmp_path / "x.db", environ={})


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("mongodb://analyst:s3cr%40t@db1:27017,db2:27017/newswatch?authSource=admin", "mongodb://analyst:***@db1:27017,db2:27017"),
        ("mongodb+srv://svc:p4ss@cluster0.example.net/?retryWrites=true", "mongodb+srv://svc:***@cluster0.example.net"),
        ("mongodb://127.0.0.1:27017/?tlsCertificateKeyFilePassword=hunter2", "mongodb://127.0.0.1:27017"),
        ("mongodb://reader@db:27017/", "mongodb://reader@db:27017"),
        ("not a uri", "mongodb://<unparseable URI>"),
    ],
)  # fmt: skip
def test_redact_uri_removes_every_secret(uri, shown):
    assert redact_uri(uri) == shown


# --- failures ---------------------------------------------------------------------------------------------


def test_sqlite_locked_past_its_timeout_is_unavailable_and_recovers(tmp_path):
    path = tmp_path / "n.sqlite3"
    store = SqliteStore(path, timeout=0.2)
    store.open()
    store.upsert_articles([article()])
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another crawl process holding the write lock
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="sqlite:.*locked"):
        store.upsert_articles([article(key="b/1")])
    assert time.monotonic() - started < 3
    assert store.get(article()["url_key"])["revision"] == 1  # WAL: readers are not blocked
    other.execute("COMMIT")
    assert store.upsert_articles([article(key="b/1")]) == WriteResult(inserted=1)
    store.close()


@pytest.fixture
def private_nx(tmp_path):
    """An nx-27017 of this test's own, so it can be stopped and restarted."""
    if not nx_available():
        pytest.skip("nx-27017 is not installed")
    server = NxServer(tmp_path / "nx").start()
    yield server
    server.stop()


def test_mongo_down_raises_store_unavailable_quickly(private_nx):
    store = open_store(mongo_uri=private_nx.uri, environ={"NEWSWATCH_MONGO_TIMEOUT_MS": "200"})
    store.upsert_articles([article()])
    private_nx.stop()
    for call in (
        lambda: store.upsert_articles([article(key="b/1")]),
        lambda: store.get("b/1"),
        lambda: store.count(),
        lambda: store.find_existing(["b/1"]),
        lambda: list(store.iter_articles()),
    ):
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="unavailable"):
            call()
        assert time.monotonic() - started < 3
    store.close()
    with pytest.raises(StoreUnavailable):
        open_store(mongo_uri=private_nx.uri, environ={"NEWSWATCH_MONGO_TIMEOUT_MS": "300"})


def test_no_password_in_describe_errors_or_logs(caplog):
    port = free_port()  # nothing listens there
    uri = f"mongodb://analyst:S3cr%3Atpa55@127.0.0.1:{port}/?authSource=admin"
    store = MongoStore(uri, server_selection_timeout_ms=300)
    assert store.describe() == f"mongodb://analyst:***@127.0.0.1:{port}/newswatch.articles"
    caplog.set_level("DEBUG")
    with pytest.raises(StoreUnavailable) as caught:
        store.open()
    shown = "".join(traceback.format_exception(caught.value)) + caplog.text + repr(caught.value)
    for secret in ("S3cr", "pa55", "S3cr%3Atpa55", "S3cr:tpa55"):
        assert secret not in shown
    assert f"127.0.0.1:{port}" in str(caught.value)
    bad_uri = "mongodb://analyst:" + "S3cr3tpa55" + "@h:notaport/"  # pymongo rejects the port
    with pytest.raises(ValueError) as bad:
        MongoStore(bad_uri).open()
    assert "S3cr3tpa55" not in "".join(traceback.format_exception(bad.value))
    assert "analyst:***@h:notaport" in str(bad.value)


_UPDATE_TRIGGER_BEFORE_2026_11_27 = """
CREATE TRIGGER articles_search_update AFTER UPDATE OF doc, published_at ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.id, json_extract(old.doc, '$.title'), json_extract(old.doc, '$.body'));
    INSERT INTO articles_fts (rowid, title, body)
        VALUES (new.id, json_extract(new.doc, '$.title'), json_extract(new.doc, '$.body'));
    DELETE FROM article_topics WHERE article_id = old.id;
    INSERT OR IGNORE INTO article_topics (topic, published_at, article_id)
        SELECT value, coalesce(new.published_at, ''), new.id FROM json_each(new.doc, '$.topic_names')
        WHERE type = 'text';
END;
"""


def _text_index_steps(store: SqliteStore, docs: list[dict]) -> int:
    steps = [0]

    def count():
        steps[0] += 1
        return 0

    store.conn.set_progress_handler(count, 1)
    try:
        store.upsert_articles(docs)
    finally:
        store.conn.set_progress_handler(None, 1)
    return steps[0]


def test_sqlite_revisit_leaves_the_text_index_alone_and_old_triggers_are_replaced(tmp_path):
    path = tmp_path / "s.sqlite3"
    with SqliteStore(path) as store:
        store.upsert_articles([article(topic_names=["ukraine"])])
        store.conn.executescript("DROP TRIGGER articles_search_update; DROP TRIGGER articles_topics_update;"
                                 + _UPDATE_TRIGGER_BEFORE_2026_11_27)
        old_revisit = _text_index_steps(store, [article(topic_names=["ukraine"])])

    with SqliteStore(path) as store:  # the old trigger (text re-indexed on every write) is replaced on open
        triggers = {name for (name,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"articles_search_update", "articles_topics_update"} <= triggers
        revisit = _text_index_steps(store, [article(topic_names=["ukraine"])])
        assert store.get(article()["url_key"])["revision"] == 1
        # an unchanged revisit no longer deletes and re-tokenizes the body: the FTS statements are not run (the
        # tokenizing itself is C code the step count does not see; it halved the CPU of a revisit)
        assert revisit < old_revisit * 0.75, (revisit, old_revisit)
        store.upsert_articles([article(body=RUSSIAN, topic_names=["russia"], title="Минобороны России")])
        # raises when the index disagrees with the documents
        store.conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        hits = store.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", ("ВСУ",)).fetchall()
        assert len(hits) == 1 and not store.conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", ("Покровському",)).fetchall()
        topics = store.conn.execute("SELECT topic FROM article_topics").fetchall()
        assert topics == [("russia",)]
