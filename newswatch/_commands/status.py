"""Each outlet's last crawl: when, how it ended, what it stored, and any alarms (from ``crawl_runs``).

    newswatch status [--outlet KEY] [--json] [store options]

Exit status: 0 when every listed outlet's last run is ``ok``; 1 when any is ``alarm`` or ``failed``, or when
none of them ever ran (a store nothing was crawled into, or the wrong store, is not healthy), so cron or a
health check can page on it; 2 when the store cannot be read. Outlets that never ran next to some that did
(a new outlet before its first crawl) are named in a warning.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from newswatch.cli import add_store_arguments, store_problem
from newswatch.sources import SourcesError, load_sources
from newswatch.state import open_state
from newswatch.storage import StoreError, build_store

HELP = "show each outlet's last crawl run, its counts and alarms"
logger = logging.getLogger("newswatch.status")

_COLUMNS = ("outlet", "last run", "took", "status", "new", "upd", "fetched", "304", "skipped", "dropped", "errors")


def add_arguments(parser) -> None:
    parser.epilog = ("Exit status: 0 every listed outlet's last run ok; 1 a last run is alarm or failed, or none "
                     "ever ran; 2 the store cannot be read.")
    parser.add_argument("--outlet", action="append", help="only this outlet (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the run documents as JSON Lines instead")
    add_store_arguments(parser)


def _age(when, now: datetime) -> str:
    if not isinstance(when, datetime):
        return "?"
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    minutes = int((now - when).total_seconds() // 60)
    if minutes < 120:
        ago = f"{minutes}m ago"
    else:
        ago = f"{minutes // 60}h ago" if minutes < 48 * 60 else f"{minutes // 1440}d ago"
    return f"{when.astimezone(UTC):%Y-%m-%d %H:%M}Z ({ago})"


def _row(outlet: str, run: dict | None, now: datetime) -> tuple[str, ...]:
    if run is None:
        return (outlet, "never", "", "-", "", "", "", "", "", "", "")
    counts = run.get("counts") or {}
    status = run.get("status", "?")
    if run.get("finish_reason") not in (None, "finished"):
        status += f" ({run['finish_reason']})"
    return (
        outlet,
        _age(run.get("finished_at"), now),
        f"{run.get('duration_s', 0):.0f}s",
        status,
        str(counts.get("stored", 0)),
        str(counts.get("updated", 0)),
        str(counts.get("fetched", 0)),
        str(counts.get("not_modified", 0)),
        str(counts.get("skipped_known", 0)),
        str(sum((counts.get("dropped") or {}).values())),
        str(counts.get("error_count", 0)),
    )


def format_table(runs: dict[str, dict | None], now: datetime | None = None) -> str:
    """The status table: one line per outlet, then each alarm on its own indented line."""
    now = now or datetime.now(UTC)
    rows = [_COLUMNS] + [_row(outlet, run, now) for outlet, run in runs.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS))]
    numeric = set(range(4, len(_COLUMNS)))
    lines = []
    for n, row in enumerate(rows):
        cells = [cell.rjust(w) if i in numeric else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
            continue
        run = runs[row[0]]
        for alarm in (run or {}).get("alarms") or []:
            lines.append(f"    ALARM {alarm.get('kind')}: {alarm.get('message')}")
    return "\n".join(lines)


def run(args) -> int:
    try:
        state = open_state(mongo_uri=args.mongo_uri, mongo_database=args.mongo_database, db_path=args.db_path)
    except (StoreError, ValueError) as exc:
        where = build_store(mongo_uri=args.mongo_uri, mongo_database=args.mongo_database, db_path=args.db_path) \
            if not (args.mongo_uri and args.db_path) else None  # not connected: only its description
        logger.error("cannot open the store%s: %s", f" {where.describe()}" if where else "", store_problem(exc))
        return 2
    store = state.describe()
    try:
        last = state.last_runs()
    except Exception as exc:  # any driver error: report it, never a traceback
        logger.error("cannot read crawl_runs: %s", exc)
        return 2
    finally:
        state.close()
    try:
        enabled = [key for key, source in load_sources().items() if source.enabled]
    except (SourcesError, OSError) as exc:
        logger.warning("outlets unavailable (%s); listing recorded runs only", exc)
        enabled = []
    outlets = args.outlet or list(dict.fromkeys([*enabled, *sorted(last)]))
    runs = {outlet: last.get(outlet) for outlet in outlets}
    if args.json:
        for outlet, doc in runs.items():
            sys.stdout.write(json.dumps(doc or {"outlet": outlet, "status": None}, default=str) + "\n")
    else:
        print(format_table(runs))
    never = [outlet for outlet, doc in runs.items() if doc is None]
    if not last:
        logger.warning("no crawl run is recorded in %s: nothing has been crawled into this store yet (or it is "
                       "the wrong one: --db-path, --mongo-uri, NEWSWATCH_DB_PATH, MONGO_URI)", store)
    elif never:
        logger.warning("%d outlet(s) never crawled into %s: %s", len(never), store, ", ".join(never))
    if len(never) == len(runs):
        return 1
    return 1 if any(run.get("status") != "ok" for run in runs.values() if run) else 0
