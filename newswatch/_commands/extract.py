"""``newswatch extract FILE...``: article fields of saved pages, as JSON Lines on stdout.

One JSON object per file, in input order: ``path`` plus every field of
:func:`newswatch.extract.extract_article` (dates as ISO 8601 strings). ``.html.gz`` / ``.gz`` files
are decompressed. A file that cannot be read gives ``{"path": ..., "error": ...}`` and a log line;
the command goes on and exits 1 at the end if any file failed. ``--fetched-at ISO`` gives the time the
pages were fetched, so a date they show only relatively («Вчора, 18:30», "2 hours ago") is resolved as
the crawl resolved it (a naive time is UTC); without it such pages get no date from their text. ``--timezone
NAME`` (IANA, e.g. ``Asia/Yekaterinburg``) is the outlet's clock for dates shown without an offset, as an outlet's
``timezone:`` in ``sources.yaml`` is for a crawl; without it the zone is guessed (domain, locale, page, language).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from newswatch._commands._input import READ_ERRORS, read_input
from newswatch.extract import extract_article

HELP = "extract article fields from saved .html / .html.gz files; one JSON object per file on stdout"

logger = logging.getLogger("newswatch.extract")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=".html or .html.gz file ('-' reads stdin)")
    parser.add_argument("--url", help="the pages' URL, for relative links and dates in paths (one FILE only)")
    parser.add_argument("--fetched-at", type=_aware_time, metavar="ISO",
                        help="when the pages were fetched (ISO 8601; naive = UTC), to resolve relative dates such "
                             "as «Вчора, 18:30» or '2 hours ago' (default: none, they give no date)")
    parser.add_argument("--timezone", type=_zone_name, metavar="NAME",
                        help="the outlet's clock (IANA name, e.g. Asia/Yekaterinburg) for dates the pages show without "
                             "an offset (default: guessed from the domain, locale, page and language)")


def _zone_name(value: str) -> str:
    from newswatch._overrides import check_timezone

    problem = check_timezone(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def _aware_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: expected an ISO 8601 time, e.g. 2026-11-27T09:00:00Z") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def record_for(path: str, url: str | None = None, fetched_at: datetime | None = None,
               zone: str | None = None) -> dict[str, Any]:
    """The output object for one file; never raises."""
    try:
        html = read_input(path)
    except READ_ERRORS as exc:
        logger.error("%s: cannot read: %s", path, exc)
        return {"path": path, "error": f"{type(exc).__name__}: {exc}"}
    article = extract_article(html, url, fetched_at=fetched_at, zone=zone)
    return {"path": path, **{key: _jsonable(value) for key, value in article.items()}}


def run(args: argparse.Namespace) -> int:
    # trafilatura warns "discarding data" for every page without text; our records say it already.
    logging.getLogger("trafilatura").setLevel(max(logging.ERROR, logging.getLogger().level))
    if args.url and len(args.files) > 1:
        logger.error("--url applies to one FILE only")
        return 2
    failed = 0
    out = sys.stdout
    for path in args.files:
        record = record_for(path, args.url, getattr(args, "fetched_at", None), getattr(args, "timezone", None))
        failed += "error" in record
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if failed else 0
