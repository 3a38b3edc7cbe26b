"""SqliteStore: the embedded default store (stdlib ``sqlite3``, WAL mode, safe for several writer processes)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import resource
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson

from newswatch.dedup import (
    SENTENCE_KEY_CANDIDATES,
    SENTENCE_KEY_HOLDERS,
    SENTENCE_KEYS_SHARED,
    is_sentence_key,
)
from newswatch.storage._base import StoreError, StoreUnavailable, WriteResult
from newswatch.storage._merge import (
    CANDIDATE_FIELDS,
    Merged,
    bands_of,
    candidate_fingerprints,
    group_by_key,
    merge_batch,
    relinked,
    relinks,
    summary,
    utcnow,
)
from newswatch.storage._sqlite_search import _split, ensure_search_indexes

logger = logging.getLogger(__name__)

# Big enough for few round trips, well under SQLite's bound-variable limit.
_IN_CHUNK = 500
# Most copies of one story read when an earlier-published original re-roots it (a wire story's copies: dozens).
_STORY_LIMIT = 1000

#: Page cache of a connection once it writes (KiB; SQLite's default is 2 MB). A batch of new articles dirties a
#: page of the band index per band row (64 an article, at random places), and the cache must hold them until
#: COMMIT: past it SQLite spills them to the WAL mid-transaction and reads them back. Only writers get it:
#: the memory is used as pages are touched, and read-only connections (dedup lookups, queries) need little.
#: 8 MB: a batch of 500 dirties more band-index pages than any of these holds from ~20k stored on (36k rows at
#: random places: ~20 MB of pages at 20k, ~90 MB at 100k), written in key order, so each page is visited once a
#: batch and a larger cache mostly holds pages until they spill. At 20k stored 8 MB cost StorePipeline +2% CPU
#: (1.51 -> 1.54 ms, within noise) and 4 MB +8%, in alternated runs (bench/store_reactor.py); 32 and 16 MB cost
#: the same. The crawl's whole tree must stay under 500 MB at 100k articles, and this cache fills at any size.
WRITE_CACHE_KIB = 8 * 1024

#: Version of the tables below, kept in ``PRAGMA user_version``: 0/1 had the band index keyed by text
#: (``article_bands``); 2 keys it by integers and keeps the candidate fields in their own narrow table.
SCHEMA_VERSION = 2

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
"""

#: The dedup side tables (schema 2), written with the articles in the same transaction.
_DEDUP_SCHEMA = """
-- LSH band keys of fingerprints.bands (newswatch.dedup) as integers (band_id), one row per band and article:
-- a near-duplicate candidate lookup is one index seek per band, whatever the number of articles. Integer keys
-- and article ids keep a row ~15 bytes (text keys and url_keys took ~70, plus a second index by url_key to
-- delete them): each article adds 64 rows at random places of this index, so its size is what every write
-- and lookup pays for in pages read and written. Rows are deleted by (band, article_id), from the bands of
-- the document being replaced, so no second index is needed.
CREATE TABLE IF NOT EXISTS article_band_ids (
    band       INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (band, article_id)
) WITHOUT ROWID;
-- CANDIDATE_FIELDS of each article as a JSON array (~2 KB; its fingerprints without their LSH bands, which are
-- in article_band_ids): what a dedup lookup reads, instead of parsing the whole document (body included) of every
-- candidate.
CREATE TABLE IF NOT EXISTS article_candidates (
    article_id INTEGER PRIMARY KEY,
    fields     TEXT NOT NULL
);
"""

#: Where ``fingerprints`` and ``first_seen_at`` are in a row of ``article_candidates``.
_FINGERPRINTS = CANDIDATE_FIELDS.index("fingerprints")
_FIRST_SEEN = CANDIDATE_FIELDS.index("first_seen_at")

#: The candidate fields of a document, read by SQLite from its JSON (one small array per row), as
#: :func:`_candidate_fields` makes them.
_CANDIDATE_EXTRACT = "json_remove(json_extract(doc, {}), '$[{}].bands')".format(
    ", ".join(f"'$.{name}'" for name in CANDIDATE_FIELDS), _FINGERPRINTS)

_CANDIDATES_BY = (
    "SELECT c.article_id, c.fields FROM articles AS a JOIN article_candidates AS c ON c.article_id = a.id WHERE a.{}"
)

def band_id(key: str) -> int:
    """The integer a band key is indexed under: ``"1f" + 12 hex`` (newswatch.dedup) read as a number less its
    last 8 bits (under 2**47 for band numbers under 128, so SQLite stores 6 bytes); any other string hashed.

    Dropping 8 of the 48 hash bits makes unrelated texts share a band with p ~1e-12 per stored article, and
    every candidate is verified on its signature anyway. Old keys map as new ones do: nothing to re-key.
    """
    if len(key) == 14:
        try:  # (int() also takes a sign, "0x" or "_": such a key maps to some other number, still deterministic)
            return int(key, 16) >> 8
        except ValueError:
            pass
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=6).digest(), "big") >> 1


def band_ids(doc: Mapping | None) -> set[int]:
    return {band_id(band) for band in bands_of(doc)}


_UPSERT = """
INSERT INTO articles (url_key, source, domain, language, published_at, first_seen_at, last_seen_at,
                      revision, story_id, body_hash, doc)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (url_key) DO UPDATE SET
    source = excluded.source, domain = excluded.domain, language = excluded.language,
    published_at = excluded.published_at, first_seen_at = excluded.first_seen_at,
    last_seen_at = excluded.last_seen_at, revision = excluded.revision, story_id = excluded.story_id,
    body_hash = excluded.body_hash, doc = excluded.doc
RETURNING id
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


#: orjson hands datetimes (``{"$date": ...}``), dataclasses and subclasses of str/int/dict/list to ``default``, as
#: the stdlib encoder would: what it cannot encode then (a value ``_json_default`` refuses, an integer over 64 bits)
#: goes to the stdlib encoder, which encodes or refuses it as before.
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


def encode_doc(doc: Mapping) -> str:
    """``doc`` as compact JSON (UTF-8 text, dates as ``{"$date": iso}``).

    orjson, ~3.5x faster than ``json.dumps`` on an article (each is encoded for the journal, its row and its
    candidate fields on the reactor thread); the same text but for the spelling of some floats (``1e-7`` for
    ``1e-07``), and NaN/infinity written as null, where the stdlib writes the ``NaN`` SQLite's JSON functions refuse.
    """
    text = encode_doc_fast(doc)
    if text is None:  # the stdlib encoder decides, as before
        return json.dumps(doc, ensure_ascii=False, default=_json_default, separators=(",", ":"))
    return text


def encode_doc_fast(doc: Mapping) -> str | None:
    """:func:`encode_doc`'s text when orjson encodes ``doc``, else None (a string holding a lone surrogate, an
    integer over 64 bits, a non-string key, a value ``_json_default`` refuses, a subclass of a JSON type)."""
    try:
        return orjson.dumps(doc, default=_orjson_default, option=_ORJSON_OPTIONS).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError
        return None


def _orjson_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$date": iso(value)}
    raise TypeError  # to the stdlib encoder (a subclass of str, int, dict or list is one it encodes)


def decode_doc(text: str) -> dict:
    return json.loads(text, object_hook=_json_hook)


def _holders_of(keys: int) -> str:
    """SQL for the articles holding each of ``keys`` bands or keys, each one's first ``?`` rows (parameters: band,
    limit, band, limit...): a key that thousands of articles share costs a bounded read, not a scan."""
    return " UNION ALL ".join(["SELECT * FROM (SELECT article_id FROM article_band_ids WHERE band = ? LIMIT ?)"] * keys)


def _add_candidate(found: dict[str, dict], fields: str) -> None:
    """Decode a candidate row's fields into ``found`` by its url_key (the first row found for a key wins)."""
    decoded = dict(zip(CANDIDATE_FIELDS, decode_candidate_fields(fields), strict=True))
    found.setdefault(decoded["url_key"], decoded)


def decode_candidate_fields(text: str) -> list:
    """A row of ``article_candidates`` (:data:`CANDIDATE_FIELDS`, as :func:`encode_doc` wrote them), as
    :func:`decode_doc` reads it, at ~2x its speed: a dedup lookup reads 20-40 of these ~2.5 KB rows per article.

    orjson parses; only as many objects are looked at for dates as the text has ``"$date"`` keys (a row's one date,
    ``first_seen_at``, is the sixth field, before the fingerprints). Not for whole documents: orjson reads an
    integer over 64 bits as a float, and a page's metadata may hold one; these fields are the crawl's own (keys,
    URLs, titles, hashes, fingerprint counts). What orjson refuses (lone surrogate escapes) goes to the stdlib.
    """
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return decode_doc(text)
    dates = text.count('"$date"')
    if dates and type(value) is list and len(value) > _FIRST_SEEN:
        # The usual row: its one date, first_seen_at, after five strings; read as the walk below would read it.
        seen = value[_FIRST_SEEN]
        if (type(seen) is dict and len(seen) == 1 and type(seen.get("$date")) is str
                and all(type(item) is str or item is None for item in value[:_FIRST_SEEN])):
            value[_FIRST_SEEN] = _json_hook(seen)
            dates -= 1
    if dates:
        value, _ = _dated(value, dates)
    return value


def _dated(value: Any, left: int) -> tuple[Any, int]:
    """``value`` with its ``{"$date": ...}`` objects read as ``_json_hook`` reads them, innermost first, until ``left``
    of them were seen (the count of ``"$date"`` in the text bounds them); returns it and what is left of ``left``."""
    if type(value) is dict:
        for key, item in value.items():
            if left <= 0:
                break
            if type(item) is dict or type(item) is list:
                value[key], left = _dated(item, left)
        if "$date" in value:
            left -= 1
            if len(value) == 1:
                return _json_hook(value), left
    elif type(value) is list:
        for index, item in enumerate(value):
            if left <= 0:
                break
            if type(item) is dict or type(item) is list:
                value[index], left = _dated(item, left)
    return value, left


def _column(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def _candidate_fields(doc: Mapping) -> list:
    """``doc``'s :data:`CANDIDATE_FIELDS`, its fingerprints without ``bands`` (``candidate_fingerprints``: ~1.1 of a
    row's ~3.3 KB; article_band_ids holds them)."""
    fields = [doc.get(name) for name in CANDIDATE_FIELDS]
    fields[_FINGERPRINTS] = candidate_fingerprints(fields[_FINGERPRINTS])
    return fields


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


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
        self._write_cache = False
        self._identity: tuple[int, int] | None = None  # (device, inode) of the file the connection opened
        self._aux_identity: dict[str, tuple[int, int] | None] = {}  # the same of its -wal and -shm
        # Rows this instance may have written are those seen since it first opened (minus a clock margin): what
        # is carried over when the file is replaced under it (see _check_file).
        self._since: str | None = None
        self._carry: Path | None = None  # rows waiting to be carried into a replacement file
        #: What happened to the file under this store: ``{"deleted"|"replaced"|"carried"|"directory_gone": count}``.
        self.file_events: dict[str, int] = {}
        self._directory_gone = False

    # --- lifecycle ---------------------------------------------------------------
    def _why_not(self, exc: BaseException) -> str:
        """What SQLite's bare "unable to open database file" or "disk I/O error" meant, when the path or the process
        shows it (a directory where the file should be, a directory that cannot be written, a file-size limit),
        for the operator's one line."""
        message = str(exc)
        if "disk I/O" in message or "disk is full" in message:
            # A process file-size limit (ulimit -f, a systemd LimitFSIZE=) looks to SQLite like a failing disk.
            soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
            if soft != resource.RLIM_INFINITY:
                return f" (this process may not write files over {soft} bytes: ulimit -f / RLIMIT_FSIZE)"
            return ""
        if "unable to open" not in message:
            return ""
        if self.path.is_dir():
            return f" ({self.path} is a directory, not a database file: check NEWSWATCH_DB_PATH)"
        if self.path.parent.is_dir() and not os.access(self.path.parent, os.W_OK | os.X_OK):
            return f" (the directory {self.path.parent} cannot be written)"
        return ""

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
            self._ensure_dedup_tables(conn)
            ensure_search_indexes(conn)  # analysts' topic and full-text indexes (newswatch.query)
        except (sqlite3.DatabaseError, OSError) as exc:  # also "file is not a database" (a corrupt file)
            raise StoreUnavailable(f"{self.describe()} unavailable: {exc}{self._why_not(exc)}") from exc
        self._conn = conn
        self._identity = _file_identity(self.path)
        self._aux_identity = {suffix: _file_identity(Path(f"{self.path}{suffix}")) for suffix in ("-wal", "-shm")}
        if self._since is None:
            self._since = iso(datetime.now(UTC) - timedelta(seconds=1))

    def _ensure_dedup_tables(self, conn: sqlite3.Connection) -> None:
        """Create the dedup side tables, or migrate a file written before schema 2 to them, in one write
        transaction (a concurrent writer waits; a second opener finds the work done).

        A file from a newer newswatch (higher ``user_version``) is refused with :class:`StoreError`: this
        version would not keep its tables in step.
        """
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.describe()} has store schema {version}, written by a newer newswatch; "
                                 f"this one knows schema {SCHEMA_VERSION} at most: upgrade newswatch to use it")
            if version < SCHEMA_VERSION:
                for statement in _split(_DEDUP_SCHEMA):
                    conn.execute(statement)
                self._backfill_dedup_tables(conn)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _backfill_dedup_tables(conn: sqlite3.Connection) -> None:
        """Fill the schema-2 tables from the documents (a no-op on a new file) and drop the text band index."""
        conn.execute(f"INSERT OR REPLACE INTO article_candidates (article_id, fields) SELECT id, {_CANDIDATE_EXTRACT}"
                     " FROM articles")
        last = 0
        while True:  # paged, so a large store is not held in memory at once
            rows = conn.execute("SELECT id, json_extract(doc, '$.fingerprints') FROM articles WHERE id > ?"
                                " ORDER BY id LIMIT 5000", (last,)).fetchall()
            if not rows:
                break
            pairs = []
            for last, fingerprints in rows:  # noqa: B007 - `last` is the paging cursor
                try:
                    doc = {"fingerprints": json.loads(fingerprints)} if fingerprints else None
                except ValueError:
                    doc = None
                pairs += [(band, last) for band in band_ids(doc)]
            conn.executemany("INSERT OR IGNORE INTO article_band_ids (band, article_id) VALUES (?, ?)", sorted(pairs))
        conn.execute("DROP TABLE IF EXISTS article_bands")  # its index goes with it

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._write_cache = False

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
        try:
            self._check_file()
            conn = self.conn
            if not self._write_cache:
                conn.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
                self._write_cache = True
            conn.execute("BEGIN IMMEDIATE")
            try:
                existing = self._read_docs(list(groups))
                merged = merge_batch(groups, existing, utcnow())
                self._upsert(merged)
                for story_id, new_root, old_root in relinks(merged):
                    self._relink(story_id, new_root, old_root)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            self._raise_if_unavailable(exc)
            raise
        total = WriteResult()
        for m in merged.values():
            total += m.result
        return total

    def _check_file(self) -> None:
        """Make sure the file the connection writes is still the one at ``path`` (one ``stat`` a batch).

        A file deleted under a running crawl (a cleanup script, logrotate, an operator) keeps taking writes
        through the open connection, and all of them vanish with it at the end, reported as stored. Deleted:
        what the connection still holds is copied back to ``path`` (SQLite's backup), then the store reopens.
        Replaced by another file (a backup restored, ``mv new.db store.db``): the rows this store wrote since
        it opened are copied aside from the old file, the store reopens on the new one, and each of them goes
        into it unless the new file holds a later version; the crawl's articles are not lost with the old inode.

        Either way the old file's ``-wal`` and ``-shm`` (ours: the same inodes as when we opened) are checkpointed
        and unlinked first. Left at the path, SQLite would take them for the new file's: the old database's
        pages in the stale WAL silently overwrote the replacement's content (seen on SQLite 3.4x), and
        reinitializing the shared ``-shm`` under connections still mapping it can crash them.
        """
        if self._conn is not None and _file_identity(self.path) != self._identity:
            if not self.path.parent.is_dir():
                # The directory itself moved away, deleted or unmounted: nothing can be written back at the path, and
                # the file may come back with it. Each batch is unavailable (spilled, replayed once it is back), said
                # and counted once per absence, not as a file deleted again at every batch.
                if not self._directory_gone:
                    self._directory_gone = True
                    self._count("directory_gone")
                    logger.error("the directory of database file %s is gone (moved, deleted or unmounted); articles "
                                 "are spilled until it is back", self.path)
                raise StoreUnavailable(f"{self.describe()} unavailable: its directory {self.path.parent} is gone")
            self._follow_moved_file()
        self._directory_gone = False
        if self._carry is not None:
            self._carry_in()

    def _follow_moved_file(self) -> None:
        assert self._conn is not None
        deleted = not self.path.exists()
        if not deleted:
            self._carry_out()
        with contextlib.suppress(sqlite3.DatabaseError):  # the old inode gets its WAL frames (if moved aside)
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        for suffix, identity in self._aux_identity.items():
            aux = Path(f"{self.path}{suffix}")
            if identity is not None and _file_identity(aux) == identity:  # never a newer -wal another writer made
                aux.unlink(missing_ok=True)
        if deleted:
            self._count("deleted")
            logger.error("database file %s was deleted while the crawl had it open; writing what the crawl still "
                         "holds back to it", self.path)
            restored = sqlite3.connect(self.path)
            try:
                self._conn.backup(restored)
            finally:
                restored.close()
        else:
            self._count("replaced")
            logger.error("database file %s was replaced while the crawl had it open; writing to the new file, and "
                         "carrying over the articles this crawl wrote to the old one", self.path)
        self.close()
        self.open()

    def _count(self, event: str, n: int = 1) -> None:
        self.file_events[event] = self.file_events.get(event, 0) + n

    def _carry_out(self) -> None:
        """Copy the rows written since this store opened from the old file to a side file beside it."""
        assert self._conn is not None
        side = self.path.with_name(f"{self.path.name}.carry-{os.getpid()}-{len(self.file_events)}")
        side.unlink(missing_ok=True)
        self._conn.execute("ATTACH DATABASE ? AS carry", (str(side),))
        try:
            self._conn.execute("CREATE TABLE carry.rows AS SELECT url_key, last_seen_at, doc FROM main.articles"
                               " WHERE last_seen_at >= ?", (self._since,))
        finally:
            self._conn.execute("DETACH DATABASE carry")
        self._carry = side

    def _carry_in(self) -> None:
        """Write the carried rows into the current file, each unless the file holds a later version of it, 500 at
        a time (a whole crawl's rows may be carried); the side file is deleted once all are in (a failure leaves
        it for the next batch to try again; rows already carried are then skipped as not newer)."""
        assert self._carry is not None
        try:
            side = sqlite3.connect(f"file:{self._carry}?mode=ro", uri=True)
            total = side.execute("SELECT count(*) FROM rows").fetchone()[0]
        except sqlite3.Error as exc:  # the side file gone or damaged: nothing to carry, and batches must go on
            logger.error("articles to carry over from the replaced file could not be read from %s (%s); they are "
                         "only in the old file now", self._carry, exc)
            self._carry = None
            return
        conn = self.conn
        carried, last = 0, 0
        try:
            while True:
                chunk = side.execute("SELECT rowid, url_key, last_seen_at, doc FROM rows WHERE rowid > ? ORDER BY rowid"
                                     " LIMIT ?", (last, _IN_CHUNK)).fetchall()
                if not chunk:
                    break
                last = chunk[-1][0]
                conn.execute("BEGIN IMMEDIATE")
                try:
                    keys = [key for _, key, _, _ in chunk]
                    marks = ",".join("?" * len(keys))
                    here = dict(conn.execute(f"SELECT url_key, last_seen_at FROM articles WHERE url_key IN ({marks})",
                                             keys).fetchall())
                    newer = [(key, doc) for _, key, seen, doc in chunk
                             if key not in here or (here[key] or "") < (seen or "")]
                    befores = self._read_docs([key for key, _ in newer if key in here])
                    merged = {key: Merged(doc=decode_doc(doc), before=befores.get(key)) for key, doc in newer}
                    self._upsert(merged)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                carried += len(merged)
        finally:
            side.close()
        self._count("carried", carried)
        logger.warning("carried %d of the %d article(s) this crawl wrote to the replaced file into %s (the others "
                       "are there in a later version)", carried, total, self.path)
        self._carry.unlink(missing_ok=True)
        self._carry = None

    def _upsert(self, merged: Mapping[str, Merged]) -> None:
        """Write the merged documents and their dedup side rows (inside the caller's transaction)."""
        # One statement per row (executemany drops RETURNING rows): the ids key the dedup side tables.
        ids = {key: self.conn.execute(_UPSERT, self._row(m.doc)).fetchone()[0] for key, m in merged.items()}
        self._write_dedup_rows(merged, ids)

    def _relink(self, story_id: str, new_root: str, old_root: str) -> None:
        """``old_root`` and its copies become copies of ``new_root`` (inside the caller's transaction): their
        documents and candidate rows, through the story's index (a story has a handful of copies)."""
        rows = self.conn.execute("SELECT doc FROM articles WHERE story_id = ? LIMIT ?", (story_id, _STORY_LIMIT))
        changed = {}
        for (text,) in rows.fetchall():
            before = decode_doc(text)
            after = relinked(before, new_root, old_root)
            if after is not None:
                changed[before["url_key"]] = Merged(doc=after, before=before)
        if changed:
            self._upsert(changed)

    def _write_dedup_rows(self, merged: Mapping[str, Merged], ids: Mapping[str, int]) -> None:
        """Keep article_candidates and article_band_ids in step with the documents whose candidate fields or
        bands changed (an unchanged revisit changes neither)."""
        candidates, removed, added = [], [], []
        for key, m in merged.items():
            article_id = ids[key]
            fields = _candidate_fields(m.doc)
            if m.before is None or fields != _candidate_fields(m.before):
                candidates.append((article_id, encode_doc(fields)))
            new_bands = band_ids(m.doc)
            old_bands = band_ids(m.before) if m.before is not None else set()
            removed += [(band, article_id) for band in old_bands - new_bands]
            added += [(band, article_id) for band in new_bands - old_bands]
        conn = self.conn
        if candidates:
            conn.executemany("INSERT OR REPLACE INTO article_candidates (article_id, fields) VALUES (?, ?)",
                             candidates)
        if removed:
            conn.executemany("DELETE FROM article_band_ids WHERE band = ? AND article_id = ?", removed)
        if added:
            # In key order: neighbouring rows land on pages already in the cache. By band alone (stable: a band two
            # new articles share keeps their order), 2.5x faster than comparing the pairs (~36k a batch).
            added.sort(key=itemgetter(0))
            conn.executemany("INSERT OR IGNORE INTO article_band_ids (band, article_id) VALUES (?, ?)", added)

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
        except sqlite3.DatabaseError as exc:
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
        except sqlite3.DatabaseError as exc:
            self._raise_if_unavailable(exc)
            raise
        return found

    def find_candidates(
        self, url_key: str, body_hash: str | None = None, bands: Sequence[str] = (), limit: int = 50
    ) -> list[dict]:
        queries: list[tuple[str, Sequence]] = [(_CANDIDATES_BY.format("url_key = ?"), (url_key,))]
        if body_hash:
            queries.append((_CANDIDATES_BY.format("body_hash = ? LIMIT ?"), (body_hash, limit)))
        bands_ids: dict[int, None] = {}
        key_ids: dict[int, None] = {}
        for band in bands:
            if isinstance(band, str) and len(bands_ids) + len(key_ids) < _IN_CHUNK:
                (key_ids if is_sentence_key(band) else bands_ids)[band_id(band)] = None
        # Each band contributes at most `limit` rows: a band shared by thousands of copies of one story
        # (or of boilerplate) must not make the lookup scan them all. Most shared bands first, so the
        # limit keeps the likeliest copies. Found by sentence keys alone (newswatch.dedup.lookup_keys): documents
        # sharing SENTENCE_KEYS_SHARED of them (one is often a common word), those sharing the most, at most
        # SENTENCE_KEY_CANDIDATES besides the ones found above.
        if bands_ids:
            per_band = _holders_of(len(bands_ids))
            queries.append(
                (
                    f"SELECT c.article_id, c.fields FROM (SELECT article_id, count(*) AS shared FROM ({per_band})"
                    " GROUP BY article_id ORDER BY shared DESC LIMIT ?) AS b"
                    " JOIN article_candidates AS c ON c.article_id = b.article_id ORDER BY b.shared DESC",
                    (*(value for band in bands_ids for value in (band, limit)), limit),
                )
            )
        found: dict[str, dict] = {}
        seen: set[int] = set()
        try:
            for sql, params in queries:
                for article_id, fields in self.conn.execute(sql, params):
                    # an article the url_key or body hash found comes again by its bands (a copy shares them all):
                    # the same row, decoded once
                    if article_id not in seen:
                        seen.add(article_id)
                        _add_candidate(found, fields)
            if key_ids:
                # ids first (the first SENTENCE_KEY_HOLDERS rows a key), then the fields of the few not found above
                per_key = _holders_of(len(key_ids))
                most = min(limit, SENTENCE_KEY_CANDIDATES)
                ids = [article_id for (article_id,) in self.conn.execute(
                    f"SELECT article_id FROM ({per_key}) GROUP BY article_id HAVING count(*) >= ?"
                    " ORDER BY count(*) DESC LIMIT ?",
                    (*(value for key in key_ids for value in (key, SENTENCE_KEY_HOLDERS)), SENTENCE_KEYS_SHARED,
                     most + len(seen)),
                ) if article_id not in seen][:most]
                if ids:
                    marks = ",".join("?" * len(ids))
                    rows = dict(self.conn.execute(
                        f"SELECT article_id, fields FROM article_candidates WHERE article_id IN ({marks})", ids))
                    for fields in (rows[article_id] for article_id in ids if article_id in rows):
                        _add_candidate(found, fields)
        except sqlite3.DatabaseError as exc:
            self._raise_if_unavailable(exc)
            raise
        return list(found.values())

    def find_story(self, story_id: str, limit: int = 1000) -> list[dict]:
        try:
            rows = self.conn.execute(
                "SELECT doc FROM articles WHERE story_id = ? ORDER BY first_seen_at, id LIMIT ?", (story_id, limit)
            ).fetchall()
        except sqlite3.DatabaseError as exc:
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
            except sqlite3.DatabaseError as exc:
                self._raise_if_unavailable(exc)
                raise
            if not rows:
                return
            for last, doc in rows:  # noqa: B007 - `last` is the paging cursor
                yield decode_doc(doc)

    def count(self) -> int:
        try:
            return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            self._raise_if_unavailable(exc)
            raise

    def _raise_if_unavailable(self, exc: sqlite3.DatabaseError) -> None:
        message = str(exc)
        # A full disk ("database or disk is full"), a file system gone read-only ("attempt to write a readonly
        # database") or a damaged file ("database disk image is malformed", "file is not a database") is fixed
        # by an operator, like a lock is released: the batch is spilled and replayed later.
        if any(word in message for word in ("locked", "busy", "unable to open", "disk I/O", "disk is full",
                                            "readonly", "malformed", "not a database")):
            raise StoreUnavailable(f"{self.describe()} unavailable: {message}{self._why_not(exc)}") from exc
