"""``newswatch export``: write every stored article as JSON Lines or CSV.

JSON Lines: one document per line, dates as ISO 8601 UTC strings, text as UTF-8 (not escaped).
CSV: one row per article, the Article fields first (in ``items.py`` order), then any other stored
field; list fields joined with ``"; "``, nested objects as JSON, dates as ISO 8601 UTC.
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import IO, Any

from newswatch.cli import add_store_arguments
from newswatch.items import Article
from newswatch.storage import StoreError, open_store

HELP = "write every stored article as JSON Lines or CSV"
logger = logging.getLogger("newswatch.export")

LIST_SEPARATOR = "; "
#: Store-managed fields that are not Article fields, placed right after them.
_STORE_FIELDS = ("body_hash",)


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default jsonl)")
    parser.add_argument("--out", default="-", help="output file (default: standard output)")
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


@contextmanager
def _output(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(path, "w", encoding="utf-8", newline="") as out:
        yield out


def run(args) -> int:
    try:
        store = open_store(
            mongo_uri=args.mongo_uri,
            mongo_database=args.mongo_database,
            mongo_collection=args.mongo_collection,
            db_path=args.db_path,
        )
    except (StoreError, ValueError) as exc:
        logger.error("cannot open the store: %s", exc)
        return 1
    try:
        with _output(args.out) as out:
            if args.format == "csv":
                # Two passes: the header must list every field before the first row is written.
                count = write_csv(store.iter_articles(), csv_columns(store.iter_articles()), out)
            else:
                count = write_jsonl(store.iter_articles(), out)
    except StoreError as exc:
        logger.error("export from %s failed: %s", store.describe(), exc)
        return 1
    finally:
        store.close()
    logger.info("exported %d articles from %s as %s", count, store.describe(), args.format)
    return 0
