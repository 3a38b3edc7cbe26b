"""Crawl state kept next to the articles: run records (``crawl_runs``) and feed validators (``http_cache``).

Lives in the same database as the articles, so every process and machine that shares the store shares it
too: the same SQLite file (its own tables, WAL mode) or the same MongoDB database (its own collections).

``crawl_runs``
    One document per crawl: ``run_id``, ``outlet``, ``started_at``, ``finished_at``, ``duration_s``,
    ``finish_reason``, ``status`` (``ok`` | ``alarm`` | ``failed``), ``counts``, ``dropped``, ``errors``,
    ``alarms``, ``host``. Written by :class:`newswatch.extensions.RunRecorder`; never holds a password.
``http_cache``
    ``url`` -> ``etag``, ``last_modified``, ``checked_at``: the validators of the last 200 response of
    a feed or sitemap, sent back as ``If-None-Match`` / ``If-Modified-Since``.
``clean_memory``
    ``source`` -> ``doc``, ``saved_at``: the cleaning's memory of the lines each outlet repeats under its stories
    (:meth:`newswatch.clean.RecurringLines.to_state`: hashes and counts, no text; a few KB per outlet), loaded by
    ``CleanPipeline`` when a crawl opens and saved, for the outlets it saw, when it closes.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from newswatch.storage import DEFAULT_DB_PATH, DEFAULT_MONGO_DATABASE, StoreUnavailable
from newswatch.storage._sqlite import decode_doc

_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_runs (
    run_id      TEXT PRIMARY KEY,
    outlet      TEXT NOT NULL,
    started_at  TEXT,
    finished_at TEXT,
    status      TEXT,
    doc         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS crawl_runs_outlet_finished ON crawl_runs (outlet, finished_at);
CREATE TABLE IF NOT EXISTS clean_memory (
    source   TEXT PRIMARY KEY,
    saved_at TEXT,
    doc      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS http_cache (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    checked_at    TEXT
);
"""


def _iso(value: Any) -> Any:
    return value.astimezone(UTC).isoformat(timespec="milliseconds") if isinstance(value, datetime) else value


def _encode(doc: Mapping) -> str:
    return json.dumps(doc, default=lambda v: {"$date": _iso(v)} if isinstance(v, datetime) else str(v))



class CrawlState(Protocol):
    def record_run(self, doc: Mapping) -> None:
        """Insert (or replace, by ``run_id``) one run document."""

    def recent_runs(self, outlet: str, limit: int = 10) -> list[dict]:
        """The outlet's last ``limit`` runs, newest first."""

    def last_runs(self) -> dict[str, dict]:
        """``{outlet: its newest run}``."""

    def get_validators(self, urls: Iterable[str]) -> dict[str, dict]:
        """``{url: {"etag", "last_modified"}}`` for the URLs with remembered validators."""

    def save_validators(self, validators: Mapping[str, Mapping]) -> None:
        """Remember ``{url: {"etag", "last_modified"}}`` (one batch)."""

    def load_clean_memory(self, limit: int = 200) -> dict[str, dict]:
        """``{source: memory}`` of the ``limit`` outlets saved most recently (``RecurringLines.to_state`` form)."""

    def save_clean_memory(self, memory: Mapping[str, Mapping]) -> None:
        """Replace the saved memory of each outlet in ``memory`` (the others stay as they are)."""

    def describe(self) -> str:
        """Where the runs are kept, for messages (no credentials)."""

    def close(self) -> None: ...


class SqliteState:
    def __init__(self, path: str | os.PathLike, timeout: float = 30.0):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.executescript(_SQLITE_SCHEMA)
        except (sqlite3.OperationalError, OSError) as exc:
            raise StoreUnavailable(f"sqlite:{self.path} unavailable: {exc}") from exc

    def describe(self) -> str:
        return f"sqlite:{self.path}"

    def record_run(self, doc: Mapping) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO crawl_runs (run_id, outlet, started_at, finished_at, status, doc)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (doc["run_id"], doc["outlet"], _iso(doc.get("started_at")), _iso(doc.get("finished_at")),
             doc.get("status"), _encode(doc)),
        )

    def recent_runs(self, outlet: str, limit: int = 10) -> list[dict]:
        rows = self.conn.execute(
            "SELECT doc FROM crawl_runs WHERE outlet = ? ORDER BY finished_at DESC LIMIT ?", (outlet, limit)
        )
        return [decode_doc(doc) for (doc,) in rows]

    def last_runs(self) -> dict[str, dict]:
        rows = self.conn.execute(
            "SELECT doc FROM crawl_runs AS r WHERE finished_at = "
            "(SELECT max(finished_at) FROM crawl_runs WHERE outlet = r.outlet) ORDER BY outlet"
        )
        docs = [decode_doc(doc) for (doc,) in rows]
        return {doc["outlet"]: doc for doc in docs}

    def get_validators(self, urls: Iterable[str]) -> dict[str, dict]:
        urls = list(dict.fromkeys(urls))
        found: dict[str, dict] = {}
        for start in range(0, len(urls), 500):
            chunk = urls[start : start + 500]
            rows = self.conn.execute(
                f"SELECT url, etag, last_modified FROM http_cache WHERE url IN ({','.join('?' * len(chunk))})", chunk
            )
            for url, etag, last_modified in rows:
                found[url] = {"etag": etag, "last_modified": last_modified}
        return found

    def save_validators(self, validators: Mapping[str, Mapping]) -> None:
        now = _iso(datetime.now(UTC))
        self.conn.executemany(
            "INSERT OR REPLACE INTO http_cache (url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)",
            [(url, v.get("etag"), v.get("last_modified"), now) for url, v in validators.items()],
        )

    def load_clean_memory(self, limit: int = 200) -> dict[str, dict]:
        rows = self.conn.execute("SELECT source, doc FROM clean_memory ORDER BY saved_at DESC LIMIT ?", (limit,))
        return {source: json.loads(doc) for source, doc in rows}

    def save_clean_memory(self, memory: Mapping[str, Mapping]) -> None:
        now = _iso(datetime.now(UTC))
        self.conn.executemany(
            "INSERT OR REPLACE INTO clean_memory (source, saved_at, doc) VALUES (?, ?, ?)",
            [(source, now, json.dumps(doc)) for source, doc in memory.items()],
        )

    def close(self) -> None:
        self.conn.close()


class MongoState:
    def __init__(self, uri: str, database: str, timeout_ms: int = 5000):
        global pymongo  # imported here (~0.4 s of CPU): a crawl whose state is in SQLite never loads it
        import pymongo

        self.client: pymongo.MongoClient = pymongo.MongoClient(
            uri, tz_aware=True, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms
        )
        db = self.client[database]
        self.runs = db["crawl_runs"]
        self.cache = db["http_cache"]
        self.clean_memory = db["clean_memory"]
        try:
            self.runs.create_index([("run_id", pymongo.ASCENDING)], unique=True, name="run_id_unique")
            self.runs.create_index([("outlet", pymongo.ASCENDING), ("finished_at", pymongo.DESCENDING)],
                                   name="outlet_finished_at")
            self.cache.create_index([("url", pymongo.ASCENDING)], unique=True, name="url_unique")
            self.clean_memory.create_index([("source", pymongo.ASCENDING)], unique=True, name="source_unique")
        except pymongo.errors.ConnectionFailure as exc:
            self.client.close()
            # The message may quote the URI; keep only the class name so no password can leak.
            raise StoreUnavailable(f"MongoDB unavailable for crawl state ({type(exc).__name__})") from None

    def describe(self) -> str:
        return f"MongoDB database {self.runs.database.name!r}"

    def record_run(self, doc: Mapping) -> None:
        self.runs.replace_one({"run_id": doc["run_id"]}, dict(doc), upsert=True)

    def recent_runs(self, outlet: str, limit: int = 10) -> list[dict]:
        return list(self.runs.find({"outlet": outlet}, {"_id": 0}).sort("finished_at", pymongo.DESCENDING)
                    .limit(limit))

    def last_runs(self) -> dict[str, dict]:
        # One query per outlet on the (outlet, finished_at) index: a handful of outlets, always cheap.
        return {outlet: self.recent_runs(outlet, 1)[0] for outlet in sorted(self.runs.distinct("outlet"))}

    def get_validators(self, urls: Iterable[str]) -> dict[str, dict]:
        urls = list(dict.fromkeys(urls))
        return {
            doc["url"]: {"etag": doc.get("etag"), "last_modified": doc.get("last_modified")}
            for doc in self.cache.find({"url": {"$in": urls}}, {"_id": 0})
        }

    def save_validators(self, validators: Mapping[str, Mapping]) -> None:
        if not validators:
            return
        now = datetime.now(UTC)
        self.cache.bulk_write([
            pymongo.UpdateOne({"url": url}, {"$set": {"etag": v.get("etag"), "last_modified": v.get("last_modified"),
                                                      "checked_at": now}}, upsert=True)
            for url, v in validators.items()
        ], ordered=False)

    def load_clean_memory(self, limit: int = 200) -> dict[str, dict]:
        found = self.clean_memory.find({}, {"_id": 0, "source": 1, "doc": 1}).sort("saved_at", pymongo.DESCENDING)
        return {d["source"]: d["doc"] for d in found.limit(limit) if "source" in d and isinstance(d.get("doc"), dict)}

    def save_clean_memory(self, memory: Mapping[str, Mapping]) -> None:
        if not memory:
            return
        now = datetime.now(UTC)
        self.clean_memory.bulk_write([
            pymongo.ReplaceOne({"source": source}, {"source": source, "saved_at": now, "doc": dict(doc)}, upsert=True)
            for source, doc in memory.items()
        ], ordered=False)

    def close(self) -> None:
        self.client.close()


def open_state(
    *,
    mongo_uri: str | None = None,
    mongo_database: str | None = None,
    db_path: str | os.PathLike | None = None,
    environ: Mapping[str, str] = os.environ,
) -> CrawlState:
    """The crawl state beside the configured store; same options and precedence as ``open_store``."""
    if mongo_uri and db_path:
        raise ValueError("give either a MongoDB URI or an embedded store path, not both")
    uri = mongo_uri or (None if db_path else environ.get("MONGO_URI"))
    if uri:
        return MongoState(uri, mongo_database or environ.get("MONGO_DATABASE") or DEFAULT_MONGO_DATABASE,
                          int(float(environ.get("NEWSWATCH_MONGO_TIMEOUT_MS") or 5000)))
    return SqliteState(db_path or environ.get("NEWSWATCH_DB_PATH") or DEFAULT_DB_PATH,
                       float(environ.get("NEWSWATCH_SQLITE_TIMEOUT") or 30))


def state_options(settings) -> dict:
    """``open_state`` / ``open_store`` keyword arguments from Scrapy settings (the StorePipeline's choice)."""
    if settings.get("MONGO_URI"):
        return {"mongo_uri": settings.get("MONGO_URI"), "mongo_database": settings.get("MONGO_DATABASE")}
    return {"db_path": settings.get("NEWSWATCH_DB_PATH")}
