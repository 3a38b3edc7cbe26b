"""Where articles are kept: a Store protocol with two implementations that behave identically.

* :class:`MongoStore` (pymongo) when ``MONGO_URI`` is set: production, many writers, shared.
* :class:`SqliteStore` otherwise: one embedded file (``data/newswatch.sqlite3``), WAL mode, so a fresh
  machine crawls with nothing running and several crawl processes can still write at once.

Writes are idempotent upserts keyed by ``url_key`` (unique): ``first_seen_at`` is kept, ``last_seen_at``
moves, ``urls`` collects every alias, and the content is replaced (``revision`` + 1) only when the
normalized body changed (:func:`body_hash`). :class:`BufferedWriter` batches writes and retries while the
database is unreachable.

Environment (read by :func:`open_store`; explicit arguments win):

``MONGO_URI``
    MongoDB connection string; unset means the embedded SQLite store. May hold credentials, which are
    never logged (``describe()`` and error messages redact them).
``MONGO_DATABASE`` (default ``newswatch``), ``MONGO_COLLECTION`` (default ``articles``)
``NEWSWATCH_DB_PATH`` (default ``data/newswatch.sqlite3``)
    The embedded store's file; parent directories are created.
``NEWSWATCH_MONGO_TIMEOUT_MS`` (default ``5000``)
    How long a MongoDB call waits for an unreachable server before :class:`StoreUnavailable`.
``NEWSWATCH_SQLITE_TIMEOUT`` (default ``30``)
    Seconds a SQLite writer waits for another process's lock before :class:`StoreUnavailable`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from newswatch.storage._base import Store, StoreError, StoreUnavailable, StoreWriteError, WriteResult
from newswatch.storage._merge import body_hash
from newswatch.storage._sqlite import SqliteStore
from newswatch.storage._writer import BufferedWriter

__all__ = [
    "BufferedWriter",
    "MongoStore",
    "SqliteStore",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "StoreWriteError",
    "WriteResult",
    "body_hash",
    "build_store",
    "open_store",
    "redact_uri",
    "unwritable",
]



def __getattr__(name: str):
    # MongoStore's module imports pymongo (~0.4 s of CPU): loaded when a MongoDB store is asked for, so a crawl into
    # the embedded store never pays for it.
    if name in ("MongoStore", "redact_uri"):
        from newswatch.storage import _mongo

        return getattr(_mongo, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


DEFAULT_DB_PATH = "data/newswatch.sqlite3"
DEFAULT_MONGO_DATABASE = "newswatch"
DEFAULT_MONGO_COLLECTION = "articles"


def _number(environ: Mapping[str, str], name: str, default: float) -> float:
    try:
        return float(environ.get(name) or default)
    except ValueError:
        return default


def open_store(
    *,
    mongo_uri: str | None = None,
    mongo_database: str | None = None,
    mongo_collection: str | None = None,
    db_path: str | os.PathLike | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Store:
    """Build and open the configured store (see :func:`build_store`).

    Raises :class:`StoreUnavailable` when the store cannot be reached.
    """
    store = build_store(
        mongo_uri=mongo_uri,
        mongo_database=mongo_database,
        mongo_collection=mongo_collection,
        db_path=db_path,
        environ=environ,
    )
    store.open()
    return store


def build_store(
    *,
    mongo_uri: str | None = None,
    mongo_database: str | None = None,
    mongo_collection: str | None = None,
    db_path: str | os.PathLike | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Store:
    """The configured store, not yet connected (every store connects on first use or ``open()``).

    MongoStore for an explicit ``mongo_uri``; SqliteStore for an explicit ``db_path``; otherwise
    MongoStore when ``MONGO_URI`` is set, else SqliteStore.
    """
    if mongo_uri and db_path:
        raise ValueError("give either a MongoDB URI or an embedded store path, not both")
    # An explicit path means the embedded store even when MONGO_URI is set in the environment.
    uri = mongo_uri or (None if db_path else environ.get("MONGO_URI"))
    store: Store
    if uri:
        from newswatch.storage._mongo import MongoStore

        store = MongoStore(
            uri,
            mongo_database or environ.get("MONGO_DATABASE") or DEFAULT_MONGO_DATABASE,
            mongo_collection or environ.get("MONGO_COLLECTION") or DEFAULT_MONGO_COLLECTION,
            server_selection_timeout_ms=int(_number(environ, "NEWSWATCH_MONGO_TIMEOUT_MS", 5000)),
        )
    else:
        path = Path(db_path or environ.get("NEWSWATCH_DB_PATH") or DEFAULT_DB_PATH)
        store = SqliteStore(path, timeout=_number(environ, "NEWSWATCH_SQLITE_TIMEOUT", 30.0))
    return store


def unwritable(path: str | os.PathLike, *, directory: bool = False) -> str | None:
    """Why ``path`` (a file, or a directory when ``directory``) can never be written as configured, or None.

    A path under a regular file, on a filesystem that takes no files (``/proc``), or in a directory or over a file
    that is immutable or on a read-only mount: a crawl started on it would fetch pages it can never store. Root
    ignores permission bits, so the nearest existing directory is probed with a file created and deleted at once
    (the store creates its ``-wal`` and ``-shm`` there anyway); an existing file is opened for writing, unchanged.
    """
    # a symbolic link is judged by where it leads (SQLite and mkdir follow it), a dangling one too
    path = Path(os.path.realpath(path))
    existing = path if directory else path.parent
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is not a directory"
    if path.exists():
        if path.is_dir() != directory:
            return f"{path} is {'not ' if directory else ''}a directory"
        if not directory:
            try:
                with path.open("r+b"):
                    pass
            except OSError as exc:
                return f"{path} cannot be written ({exc.strerror or exc})"
    try:
        fd, probe = tempfile.mkstemp(prefix=".newswatch-probe-", dir=existing)
    except OSError as exc:
        return f"the directory {existing} cannot be written ({exc.strerror or exc})"
    os.close(fd)
    os.unlink(probe)
    return None
