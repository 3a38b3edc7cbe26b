"""``newswatch extract FILE...``: article fields of saved pages, as JSON Lines on stdout.

One JSON object per file, in input order: ``path`` plus every field of
:func:`newswatch.extract.extract_article` (dates as ISO 8601 strings). ``.html.gz`` / ``.gz`` files
are decompressed. A file that cannot be read gives ``{"path": ..., "error": ...}`` and a log line;
the command goes on and exits 1 at the end if any file failed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

from newswatch.extract import extract_article

HELP = "extract article fields from saved .html / .html.gz files; one JSON object per file on stdout"

logger = logging.getLogger("newswatch.extract")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=".html or .html.gz file ('-' reads stdin)")
    parser.add_argument("--url", help="the pages' URL, for relative links and dates in paths (one FILE only)")


def _read(path: str) -> bytes:
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    if path.endswith(".gz") or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def record_for(path: str, url: str | None = None) -> dict[str, Any]:
    """The output object for one file; never raises."""
    try:
        html = _read(path)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        logger.error("%s: cannot read: %s", path, exc)
        return {"path": path, "error": f"{type(exc).__name__}: {exc}"}
    article = extract_article(html, url)
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
        record = record_for(path, args.url)
        failed += "error" in record
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if failed else 0
