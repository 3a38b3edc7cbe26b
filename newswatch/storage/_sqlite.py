"""SqliteStore: the embedded default store (stdlib ``sqlite3``, WAL mode, safe for several writer processes)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newswatch.storage._base import StoreUnavailable, WriteResult
from newswatch.storage._merge import CANDIDATE_FIELDS, bands_of, group_by_key, merge_batch, summary, utcnow
from newswatch.storage._sqlite_search import ensure_search_indexes

# Big enough for few round trips, well under SQLite's bound-variable limit.
_IN_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id            INTEGER PRIMARY KEY,
    url_key       TEXT NOT NULL UNIQUE,
    source        TEXT,
    domain        TEXT,
    language      TEXT,
    published_at  TEXT,
    first_seen_at TEXT,
    last_seen_at  TEXT,
    revision      INTEGER,
    story_id      TEXT,
    body_hash     TEXT,
    doc           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published_at ON articles (published_at);
CREATE INDEX IF NOT EXISTS articles_source_published_at ON articles (source, published_at);
CREATE INDEX IF NOT EXISTS articles_language ON articles (language);
CREATE INDEX IF NOT EXISTS articles_story_id ON articles (story_id);
CREATE INDEX IF NOT EXISTS articles_body_hash ON articles (body_hash);
-- LSH band keys of fingerprints.bands (newswatch.dedup), one row each: a near-duplicate candidate lookup
-- is one indexed IN query here, whatever the number of articles.
CREATE TABLE IF NOT EXISTS article_bands (
    band    TEXT NOT NULL,
    url_key TEXT NOT NULL,
    PRIMARY KEY (band, url_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_bands_url_key ON article_bands (url_key);
"""

#: The candidate fields of a document, read by SQLite from its JSON (one small array per row, no body to decode).
_CANDIDATE_COLUMNS = "json_extract(articles.doc, {})".format(", ".join(f"'$.{name}'" for name in CANDIDATE_FIELDS))

_UPSERT = """
INSERT INTO articles (url_key, source, domain, language, published_at, first_seen_at, last_seen_at,
                      revision, story_id, body_hash, doc)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (url_key) DO UPDATE SET
    source = excluded.source, domain = excluded.domain, language = excluded.language,
    published_at = excluded.published_at, first_seen_at = excluded.first_seen_at,
    last_seen_at = excluded.last_seen_at, revision = excluded.revision, story_id = excluded.story_id,
    body_hash = excluded.body_hash, doc = excluded.doc
"""


def iso(value: datetime) -> str:
    """Fixed-width UTC ISO 8601, so the text columns sort chronologically."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$date": iso(value)}
    raise TypeError(f"cannot store {type(value).__name__} in a document")


def _json_hook(obj: dict) -> Any:
    if len(obj) == 1 and "$date" in obj:
        try:
            return datetime.fromisoformat(obj["$date"])
        except (TypeError, ValueError):
            return obj
    return obj


def encode_doc(doc: Mapping) -> str:
    return json.dumps(doc, ensure_ascii=False, default=_json_default, separators=(",", ":"))


def decode_doc(text: str) -> dict:
    return json.loads(text, object_hook=_json_hook)


def _column(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def _chunks(seq: Sequence[str], size: int = _IN_CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(seq), size):
        yield seq[start : start + size]


class SqliteStore:
    """Articles in one SQLite file: indexed columns for queries, ``doc`` (JSON) as the source of truth.

    WAL mode plus ``BEGIN IMMEDIATE`` around each read-merge-write batch lets several crawl processes
    write to the same file; a writer waits up to ``timeout`` seconds for the lock, then
    :class:`StoreUnavailable` is raised.
    """

    def __init__(self, path: str | Path, *, timeout: float = 30.0):
        self.path = Path(path)
        self.timeout = timeout
        self._conn: sqlite3.Connection | None = None

    # --- lifecycle ---------------------------------------------------------------
    def open(self) -> None:
        if self._conn is not None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.executescript(_SCHEMA)
            ensure_search_indexes(conn)  # analysts' topic and full-text indexes (newswatch.query)
        except (sqlite3.OperationalError, OSError) as exc:
            raise StoreUnavailable(f"{self.describe()} unavailable: {exc}") from exc
        self._conn = conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> SqliteStore:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def describe(self) -> str:
        return f"sqlite:{self.path}"

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self.open()
        assert self._conn is not None
        return self._conn

    # --- writes ------------------------------------------------------------------
    def upsert_articles(self, articles: Sequence[Mapping]) -> WriteResult:
        groups = group_by_key(articles)
        if not groups:
            return WriteResult()
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                existing = self._read_docs(list(groups))
                merged = merge_batch(groups, existing, utcnow())
                conn.executemany(_UPSERT, [self._row(m.doc) for m in merged.values()])
                self._write_bands(merged.values())
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            self._raise_if_unavailable(exc)
            raise
        total = WriteResult()
        for m in merged.values():
            total += m.result
        return total

    def _write_bands(self, merged) -> None:
        """Keep article_bands in step with fingerprints.bands of the documents whose bands changed."""
        changed = [m for m in merged if bands_of(m.doc) != bands_of(m.before)]
        if not changed:
            return
        self.conn.executemany("DELETE FROM article_bands WHERE url_key = ?", [(m.doc["url_key"],) for m in changed])
        self.conn.executemany(
            "INSERT OR IGNORE INTO article_bands (band, url_key) VALUES (?, ?)",
            [(band, m.doc["url_key"]) for m in changed for band in bands_of(m.doc)],
        )

    @staticmethod
    def _row(doc: Mapping) -> tuple:
        return (
            doc["url_key"],
            *(_column(doc.get(name)) for name in ("source", "domain", "language", "published_at")),
            *(_column(doc.get(name)) for name in ("first_seen_at", "last_seen_at", "revision", "story_id")),
            doc.get("body_hash"),
            encode_doc(doc),
        )

    # --- reads -------------------------------------------------------------------
    def _read_docs(self, url_keys: Sequence[str]) -> dict[str, dict]:
        found: dict[str, dict] = {}
        for chunk in _chunks(url_keys):
            marks = ",".join("?" * len(chunk))
            for key, doc in self.conn.execute(f"SELECT url_key, doc FROM articles WHERE url_key IN ({marks})", chunk):
                found[key] = decode_doc(doc)
        return found

    def get(self, url_key: str) -> dict | None:
        try:
            row = self.conn.execute("SELECT doc FROM articles WHERE url_key = ?", (url_key,)).fetchone()
        except sqlite3.OperationalError as exc:
            self._raise_if_unavailable(exc)
            raise
        return decode_doc(row[0]) if row else None

    def find_existing(self, url_keys: Sequence[str]) -> dict[str, dict]:
        keys = list(dict.fromkeys(url_keys))
        found: dict[str, dict] = {}
        try:
            for chunk in _chunks(keys):
                marks = ",".join("?" * len(chunk))
                rows = self.conn.execute(
                    "SELECT url_key, published_at, last_seen_at, revision, body_hash FROM articles"
                    f" WHERE url_key IN ({marks})",
                    chunk,
                )
                for key, published, last_seen, revision, hash_ in rows:
                    found[key] = summary(
                        {
                            "url_key": key,
                            "published_at": datetime.fromisoformat(published) if published else None,
                            "last_seen_at": datetime.fromisoformat(last_seen) if last_seen else None,
                            "revision": revision,
                            "body_hash": hash_,
                        }
                    )
        except sqlite3.OperationalError as exc:
            self._raise_if_unavailable(exc)
            raise
        return found

    def find_candidates(
        self, url_key: str, body_hash: str | None = None, bands: Sequence[str] = (), limit: int = 50
    ) -> list[dict]:
        queries: list[tuple[str, Sequence]] = [(f"SELECT {_CANDIDATE_COLUMNS} FROM articles WHERE url_key = ?",
                                                 (url_key,))]
        if body_hash:
            queries.append((f"SELECT {_CANDIDATE_COLUMNS} FROM articles WHERE body_hash = ? LIMIT ?",
                            (body_hash, limit)))
        bands = list(dict.fromkeys(b for b in bands if isinstance(b, str)))[:_IN_CHUNK]
        if bands:
            # Each band contributes at most `limit` rows: a band shared by thousands of copies of one story
            # (or of boilerplate) must not make the lookup scan them all. Most shared bands first, so the
            # limit keeps the likeliest copies.
            per_band = " UNION ALL ".join(["SELECT * FROM (SELECT url_key FROM article_bands WHERE band = ? LIMIT ?)"]
                                          * len(bands))
            queries.append(
                (
                    f"SELECT {_CANDIDATE_COLUMNS} FROM (SELECT url_key, count(*) AS shared FROM ({per_band})"
                    " GROUP BY url_key ORDER BY shared DESC LIMIT ?) AS b"
                    " JOIN articles ON articles.url_key = b.url_key ORDER BY b.shared DESC",
                    (*(value for band in bands for value in (band, limit)), limit),
                )
            )
        found: dict[str, dict] = {}
        try:
            for sql, params in queries:
                for (fields,) in self.conn.execute(sql, params):
                    decoded = dict(zip(CANDIDATE_FIELDS, decode_doc(fields), strict=True))
                    found.setdefault(decoded["url_key"], decoded)
        except sqlite3.OperationalError as exc:
            self._raise_if_unavailable(exc)
            raise
        return list(found.values())

    def find_story(self, story_id: str, limit: int = 1000) -> list[dict]:
        try:
            rows = self.conn.execute(
                "SELECT doc FROM articles WHERE story_id = ? ORDER BY first_seen_at, id LIMIT ?", (story_id, limit)
            ).fetchall()
        except sqlite3.OperationalError as exc:
            self._raise_if_unavailable(exc)
            raise
        docs = [decode_doc(doc) for (doc,) in rows]
        for doc in docs:
            doc.pop("body", None)
        return docs

    def iter_articles(self) -> Iterator[dict]:
        # Paged by rowid, so a long export neither holds a read transaction open nor loads everything.
        last = 0
        while True:
            try:
                rows = self.conn.execute(
                    "SELECT id, doc FROM articles WHERE id > ? ORDER BY id LIMIT 500", (last,)
                ).fetchall()
            except sqlite3.OperationalError as exc:
                self._raise_if_unavailable(exc)
                raise
            if not rows:
                return
            for last, doc in rows:  # noqa: B007 - `last` is the paging cursor
                yield decode_doc(doc)

    def count(self) -> int:
        try:
            return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError as exc:
            self._raise_if_unavailable(exc)
            raise

    def _raise_if_unavailable(self, exc: sqlite3.OperationalError) -> None:
        message = str(exc)
        if any(word in message for word in ("locked", "busy", "unable to open", "disk I/O")):
            raise StoreUnavailable(f"{self.describe()} unavailable: {message}") from exc
