"""``newswatch report``: a self-contained HTML page about one period, for reading offline.

    newswatch report [--since 7d] [--until now] [--topic T]... [--source S]... [--language L]... [--author A]...
                     [--text WORDS] [--[no-]syndicated] [--out report.html] [--top N] [store options]

It shows the articles per day and topic (chart), per outlet and language (chart and table), the stories
carried by several outlets (first outlet first), the headline words rising against the period of the same
length just before, and each outlet's crawl health from ``crawl_runs``. Inline CSS and SVG only: no script,
no web font, nothing fetched, so it opens from a file, an e-mail or an air-gapped machine.

The filters are ``newswatch query``'s (same options, same meaning, same indexed queries): every figure, the
previous period's included, counts only the matching articles, and the page's header lists the filters.
Crawl runs belong to outlets, not articles, so only ``--source`` narrows the crawl health.
Exit status: 0 written, 1 the store cannot be read, 2 bad options.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from newswatch._commands._filters import add_filter_arguments, spec_from_args, unknown_filter_value
from newswatch.cli import add_store_arguments, open_store_from_args
from newswatch.report import collect, render_html
from newswatch.state import open_state
from newswatch.storage import StoreError

HELP = "write an offline HTML report: per day/topic, outlets, syndicated stories, rising terms, crawl health"
logger = logging.getLogger("newswatch.report")


def add_arguments(parser) -> None:
    parser.add_argument("--out", default="report.html", help="the HTML file to write (default report.html; - = stdout)")
    parser.add_argument("--top", type=int, default=10, metavar="N", help="syndicated stories shown (default 10)")
    add_filter_arguments(parser, limit=False, default_since="7d")
    add_store_arguments(parser)


def _write(path: str, html: str) -> None:
    if path == "-":
        sys.stdout.write(html)
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written aside then renamed: a browser or a web server never sees half a report.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(html)
    os.replace(tmp, target)


def run(args) -> int:
    now = datetime.now(UTC)
    spec = spec_from_args(args)
    spec = replace(spec, until=spec.until or now)
    if spec.since >= spec.until:
        logger.error("--since (%s) must be before --until (%s)", spec.since, spec.until)
        return 2
    store = open_store_from_args(args)
    if store is None:
        return 1
    try:
        state = open_state(mongo_uri=args.mongo_uri, mongo_database=args.mongo_database, db_path=args.db_path)
    except (StoreError, ValueError) as exc:
        logger.warning("crawl health left out: %s", exc)
        state = None
    try:
        problem = unknown_filter_value(store, spec)
        if problem:
            logger.error(problem)
            return 2
        data = collect(store, state, spec, now=now, top_stories=args.top)
    except StoreError as exc:
        logger.error("reading %s failed: %s", store.describe(), exc)
        return 1
    finally:
        store.close()
        if state is not None:
            state.close()
    _write(args.out, render_html(data))
    if args.out != "-":
        logger.info("report on %d articles (%s to %s; %s) written to %s", data.total, spec.since.isoformat(),
                    spec.until.isoformat(), "; ".join(data.filters) or "no filter", args.out)
    return 0
