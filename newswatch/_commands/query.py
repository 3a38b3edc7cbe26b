"""``newswatch query``: the stored articles that match some filters, newest first, as a table or data.

    newswatch query [--topic T]... [--source S]... [--language L]... [--author A]... [--since 7d] [--until DATE]
                    [--text WORDS] [--exclude WORDS] [--section S]... [--not-section S]... [--tz ZONE]
                    [--[no-]revised] [--[no-]syndicated] [--limit N] [--format table|jsonl|csv|urls] [store options]

The same filters on MongoDB and on the embedded store (see :mod:`newswatch.query`). ``table`` (default) is
for reading: one line per article (published, outlet, language, topics, ``copy`` for a syndicated copy,
title, URL) and a closing line with how many matched. ``jsonl``/``csv`` are the documents as
``newswatch export`` writes them (body included); ``urls`` is one URL a line, for piping. Exit status: 0
(even when nothing matched), 1 when the store
fails or refuses the query (e.g. ``--text`` on a MongoDB without the text index), 2 for bad options.
"""

from __future__ import annotations

import logging
import shutil
import sys

from newswatch._commands._filters import add_filter_arguments, spec_from_args, unknown_filter_value
from newswatch._commands.export import csv_columns, write_csv, write_jsonl
from newswatch.cli import add_store_arguments, open_store_from_args
from newswatch.query import count_articles, find_articles
from newswatch.storage import StoreError

HELP = "list stored articles by topic, outlet, language, date, words or syndication"
logger = logging.getLogger("newswatch.query")

DEFAULT_LIMIT = 50
_TITLE_MIN, _TITLE_MAX = 30, 90


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=("table", "jsonl", "csv", "urls"), default="table",
                        help="table (default, for reading), jsonl or csv (the stored documents), urls (one URL a "
                             "line, nothing else)")
    add_filter_arguments(parser, default_limit=DEFAULT_LIMIT)
    add_store_arguments(parser)


def _cell(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def format_table(docs: list[dict], width: int | None = None) -> str:
    """One line per article: published (UTC), source, language, topics, copy mark, title, URL."""
    header = ("published (UTC)", "source", "lang", "topics", "synd", "title", "url")
    rows = []
    for doc in docs:
        published = doc.get("published_at")
        rows.append((
            published.strftime("%Y-%m-%d %H:%M") if hasattr(published, "strftime") else "",
            _cell(doc.get("source")),
            _cell(doc.get("language")),
            ",".join(t for t in doc.get("topic_names") or [] if isinstance(t, str)),
            "copy" if doc.get("syndicated") else "",
            _cell(doc.get("title")),
            _cell(doc.get("url")),
        ))
    widths = [max([len(header[i])] + [len(r[i]) for r in rows]) for i in range(len(header))]
    # The title takes what the terminal leaves; the URL is never cut (it must stay clickable).
    room = (width or shutil.get_terminal_size((160, 24)).columns) - sum(widths[:5]) - 2 * 6 - min(widths[6], 60)
    widths[5] = max(_TITLE_MIN, min(widths[5], _TITLE_MAX, room))

    def line(cells) -> str:
        parts = []
        for i, cell in enumerate(cells):
            if i == 5 and len(cell) > widths[5]:
                cell = cell[: widths[5] - 1] + "…"
            parts.append(cell if i == len(cells) - 1 else cell.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths[:6]] + ["-" * 3]), *(line(r) for r in rows)])


def run(args) -> int:
    spec = spec_from_args(args)
    store = open_store_from_args(args)
    if store is None:
        return 1
    try:
        problem = unknown_filter_value(store, spec)
        if problem:
            logger.error(problem)
            return 2
        if args.format == "urls":
            for doc in find_articles(store, spec, body=False):
                print(doc.get("url") or doc.get("canonical_url") or "")
        elif args.format == "jsonl":
            write_jsonl(find_articles(store, spec), sys.stdout)
        elif args.format == "csv":
            write_csv(find_articles(store, spec), csv_columns(find_articles(store, spec)), sys.stdout)
        else:
            docs = list(find_articles(store, spec, body=False))
            total = count_articles(store, spec) if spec.limit is not None and len(docs) >= spec.limit else len(docs)
            print(format_table(docs))
            more = f" (showing the newest {len(docs)}; --limit to see more)" if total > len(docs) else ""
            print(f"{total} article{'s' if total != 1 else ''} matched{more}")
    except StoreError as exc:
        logger.error("query on %s failed: %s", store.describe(), exc)
        return 1
    finally:
        store.close()
    return 0
