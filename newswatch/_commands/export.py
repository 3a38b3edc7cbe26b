"""``newswatch export``: write the stored articles (all, or those matching the filters) as JSON Lines, CSV or
Parquet.

    newswatch export [--format jsonl|csv|excel|parquet] [--out FILE] [--topic T] [--source S] [--language L]
                     [--author A] [--since 7d] [--until DATE] [--text WORDS] [--[no-]syndicated] [--limit N]

Without filters every article is written in the order it was stored; with any filter, the matching ones
newest first (the same filters and order as ``newswatch query``).

JSON Lines: one document per line, dates as ISO 8601 UTC strings, text as UTF-8 (not escaped).
CSV: one row per article (``excel``: the same after the UTF-8 byte-order mark), the Article fields first (in
``items.py`` order), then any other stored field; list fields joined with ``"; "``, nested objects as JSON,
dates as ISO 8601 UTC.
Parquet (pyarrow; for pandas, R arrow, DuckDB): the same columns, typed: dates as ``timestamp[ms, UTC]``,
``word_count``/``revision`` as int64, ``paywalled``/``syndicated`` as bool, ``urls``/``authors``/``tags``/
``topic_names`` as lists of strings, nested objects (``topics``, ``cleaning``, ``fingerprints``, ``feed``) as
JSON strings. ``--out`` is required for Parquet (a binary file).
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import IO, Any

from newswatch._commands._filters import add_filter_arguments, spec_from_args, unknown_filter_value
from newswatch.cli import add_store_arguments, open_store_from_args
from newswatch.items import Article
from newswatch.query import QuerySpec, find_articles
from newswatch.storage import StoreError

HELP = "write the stored articles (all, or filtered like `query`) as JSON Lines, CSV or Parquet"
logger = logging.getLogger("newswatch.export")

LIST_SEPARATOR = "; "
#: Store-managed fields that are not Article fields, placed right after them.
_STORE_FIELDS = ("body_hash",)
_DATE_FIELDS = frozenset({"published_at", "modified_at", "crawled_at", "first_seen_at", "last_seen_at"})
_INT_FIELDS = frozenset({"word_count", "revision"})
_BOOL_FIELDS = frozenset({"paywalled", "syndicated"})
_LIST_FIELDS = frozenset({"urls", "authors", "tags", "topic_names"})
_PARQUET_BATCH = 1000


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=("jsonl", "csv", "excel", "parquet"), default="jsonl",
                        help="output format (default jsonl); excel: CSV with the UTF-8 byte-order mark, so Excel "
                             "shows Cyrillic")
    parser.add_argument("--out", default="-", help="output file (default: standard output; required for parquet)")
    add_filter_arguments(parser, default_limit=None)
    add_store_arguments(parser)


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="milliseconds")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return _iso(value)
    return str(value)  # e.g. an ObjectId someone added to a document by hand


def to_json_line(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, default=_json_default)


def to_csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, list | tuple):
        if all(v is None or isinstance(v, str | int | float | datetime) for v in value):
            return LIST_SEPARATOR.join(to_csv_cell(v) for v in value)
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return str(value)


def csv_columns(docs: Iterable[dict]) -> list[str]:
    """Article fields in their documented order, then store fields, then anything else seen (sorted)."""
    known = [*Article.fields, *_STORE_FIELDS]
    extra = {key for doc in docs for key in doc} - set(known) - {"_id"}
    return known + sorted(extra)


def write_jsonl(docs: Iterable[dict], out: IO[str]) -> int:
    count = 0
    for doc in docs:
        out.write(to_json_line(doc) + "\n")
        count += 1
    return count


def write_csv(docs: Iterable[dict], columns: list[str], out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for doc in docs:
        writer.writerow([to_csv_cell(doc.get(column)) for column in columns])
        count += 1
    return count


def _parquet_value(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in _DATE_FIELDS:
        if not isinstance(value, datetime):
            return None  # a stray non-date: a null in a typed column beats a failed export
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if column in _INT_FIELDS:
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if column in _BOOL_FIELDS:
        return value if isinstance(value, bool) else None
    if column in _LIST_FIELDS:
        items = value if isinstance(value, list | tuple) else [value]
        return [v if isinstance(v, str) else to_csv_cell(v) for v in items]
    return to_csv_cell(value)


def parquet_schema(columns: list[str]):
    import pyarrow as pa

    def kind(column: str):
        if column in _DATE_FIELDS:
            return pa.timestamp("ms", tz="UTC")
        if column in _INT_FIELDS:
            return pa.int64()
        if column in _BOOL_FIELDS:
            return pa.bool_()
        if column in _LIST_FIELDS:
            return pa.list_(pa.string())
        return pa.string()

    return pa.schema([(column, kind(column)) for column in columns])


def write_parquet(docs: Iterable[dict], columns: list[str], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(columns)
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict] = []

        def flush() -> None:
            rows = {c: [_parquet_value(c, doc.get(c)) for doc in batch] for c in columns}
            writer.write_table(pa.table(rows, schema=schema))
            batch.clear()

        for doc in docs:
            batch.append(doc)
            count += 1
            if len(batch) >= _PARQUET_BATCH:
                flush()
        if batch or count == 0:
            flush()
    return count


@contextmanager
def _output(path: str, encoding: str = "utf-8") -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(path, "w", encoding=encoding, newline="") as out:
        yield out


def run(args) -> int:
    if args.format == "parquet" and args.out == "-":
        logger.error("parquet is a binary format: give a file with --out")
        return 2
    spec = spec_from_args(args)
    store = open_store_from_args(args)
    if store is None:
        return 1

    def docs() -> Iterator[dict]:
        # No filter: every article in the order stored (the plain dump); any filter: newest first.
        return store.iter_articles() if replace(spec, forms=False) == QuerySpec() else find_articles(store, spec)

    try:
        problem = unknown_filter_value(store, spec)
        if problem:
            logger.error(problem)
            return 2
        if args.format == "parquet":
            count = write_parquet(docs(), csv_columns(docs()), args.out)
        else:
            # excel: the CSV after the UTF-8 byte-order mark; without it Excel reads a file as the machine's
            # ANSI code page and garbles Cyrillic.
            with _output(args.out, "utf-8-sig" if args.format == "excel" else "utf-8") as out:
                if args.format in ("csv", "excel"):
                    # Two passes: the header must list every field before the first row is written.
                    count = write_csv(docs(), csv_columns(docs()), out)
                else:
                    count = write_jsonl(docs(), out)
    except StoreError as exc:
        logger.error("export from %s failed: %s", store.describe(), exc)
        return 1
    finally:
        store.close()
    logger.info("exported %d articles from %s as %s", count, store.describe(), args.format)
    return 0
