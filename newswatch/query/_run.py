"""Run a :class:`QuerySpec` on either store: newest first, the same documents from both."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from pymongo import DESCENDING
from pymongo.errors import ConnectionFailure, OperationFailure

from newswatch.query._spec import QuerySpec, author_matches, mongo_filter, sql_where
from newswatch.storage import MongoStore, SqliteStore, StoreError, StoreUnavailable
from newswatch.storage._mongo import HIDDEN
from newswatch.storage._sqlite import decode_doc

_PAGE = 500


class QueryError(StoreError):
    """The store refused the query (e.g. no text index on a MongoDB-compatible server)."""


def find_articles(store, spec: QuerySpec, *, body: bool = True) -> Iterator[dict]:
    """The matching documents, newest ``published_at`` first (undated last), at most ``spec.limit``.

    ``body=False`` leaves the body out (lighter for tables and reports).
    """
    if isinstance(store, SqliteStore):
        yield from _find_sqlite(store, spec, body)
    elif isinstance(store, MongoStore):
        yield from _find_mongo(store, spec, body)
    else:
        raise TypeError(f"cannot query {type(store).__name__}")


def _functions(store: SqliteStore) -> None:
    """The SQL functions the filters use (``nw_author_matches``), on this store's connection."""
    store.conn.create_function("nw_author_matches", 2, author_matches, deterministic=True)


def count_articles(store, spec: QuerySpec) -> int:
    """How many documents match (``spec.limit`` ignored)."""
    if isinstance(store, SqliteStore):
        _functions(store)
        where, params = sql_where(spec)
        try:
            return store.conn.execute(f"SELECT count(*) FROM articles AS a WHERE {where}", params).fetchone()[0]
        except sqlite3.OperationalError as exc:
            raise QueryError(f"{store.describe()}: {exc}") from exc
    try:
        return store.collection.count_documents(mongo_filter(spec))
    except ConnectionFailure as exc:
        raise StoreUnavailable(f"{store.describe()} unavailable: {type(exc).__name__}") from None
    except OperationFailure as exc:
        raise QueryError(f"{store.describe()} refused the query: {exc.details.get('errmsg', exc)}") from None


def _find_sqlite(store: SqliteStore, spec: QuerySpec, body: bool) -> Iterator[dict]:
    _functions(store)
    where, params = sql_where(spec)
    # Keyset paging on (published_at, id): no read transaction held open, nothing loaded all at once. The page's
    # ids are chosen first and the documents read after, so a sort never carries whole documents around.
    sql = (f"SELECT a.id, a.published_at FROM articles AS a WHERE ({where}) {{after}}"
           " ORDER BY a.published_at DESC, a.id DESC LIMIT ?")
    left = spec.limit if spec.limit is not None else float("inf")
    after, after_params = "", []
    while left > 0:
        page = int(min(left, _PAGE))
        try:
            rows = store.conn.execute(sql.format(after=after), [*params, *after_params, page]).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"{store.describe()}: {exc}") from exc
        try:
            docs = dict(store.conn.execute(
                f"SELECT id, doc FROM articles WHERE id IN ({','.join('?' * len(rows))})", [r[0] for r in rows]))
        except sqlite3.OperationalError as exc:
            raise QueryError(f"{store.describe()}: {exc}") from exc
        for row_id, _ in rows:
            if row_id not in docs:  # deleted between the two reads
                continue
            decoded = decode_doc(docs[row_id])
            if not body:
                decoded.pop("body", None)
            yield decoded
        if len(rows) < page:
            return
        left -= len(rows)
        last_id, last_published = rows[-1][0], rows[-1][1]
        if last_published is None:
            after, after_params = "AND a.published_at IS NULL AND a.id < ?", [last_id]
        else:
            after = "AND (a.published_at < ? OR (a.published_at = ? AND a.id < ?) OR a.published_at IS NULL)"
            after_params = [last_published, last_published, last_id]


def _find_mongo(store: MongoStore, spec: QuerySpec, body: bool) -> Iterator[dict]:
    if spec.limit is not None and spec.limit <= 0:
        return  # MongoDB reads limit(0) as "no limit"
    projection = HIDDEN if body else {**HIDDEN, "body": 0}
    cursor = store.collection.find(mongo_filter(spec), projection).sort([("published_at", DESCENDING),
                                                                         ("_id", DESCENDING)])
    if spec.limit is not None:
        cursor = cursor.limit(spec.limit)
    try:
        yield from cursor
    except ConnectionFailure as exc:
        raise StoreUnavailable(f"{store.describe()} unavailable: {type(exc).__name__}") from None
    except OperationFailure as exc:
        raise QueryError(f"{store.describe()} refused the query: {exc.details.get('errmsg', exc)}") from None
