"""Crawl every enabled outlet in sources.yaml, a few at a time (the scheduled main job).

Each outlet runs as its own ``scrapy crawl`` process, so one outlet that hangs or crashes never takes the
others down. Logs go to ``$NEWSWATCH_LOG_DIR`` (default ``data/logs``) as ``<outlet>.log`` (appended, one
header line per run); a per-outlet lock file there (``flock``) makes an overlapping run of the same outlet
skip instead of running twice, whether the other run came from cron, systemd or a shell.

After each crawl its ``crawl_runs`` document is read back, so the summary shows what it stored and any
alarms. Exit status: 0 when every outlet's run is ``ok`` (or skipped because one is still running),
1 when any run failed, raised an alarm (e.g. stored nothing although the outlet usually has news) or
left no run record, 2 on a usage error (an unknown outlet, a bad ``NEWSWATCH_*`` value, a missing or broken
outlets file, a log directory it cannot write), with one line saying which.
"""

from __future__ import annotations

import argparse
import fcntl
import importlib
import logging
import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from newswatch._env import env_float, env_int
from newswatch.cli import add_store_arguments
from newswatch.sources import load_sources
from newswatch.state import open_state

HELP = "crawl every enabled outlet (the scheduled main job)"
logger = logging.getLogger("newswatch.crawlall")


def add_arguments(parser) -> None:
    parser.epilog = ("Exit status: 0 every outlet's run ok (or skipped: still running); 1 a run failed or raised an "
                     "alarm (`newswatch status` shows which); 2 usage error.")
    parser.add_argument("--outlets", help="comma-separated outlet keys (default: every enabled outlet)")
    parser.add_argument("--parallel", type=int, default=env_int("NEWSWATCH_PARALLEL", 2),
                        help="outlets crawled at once (default $NEWSWATCH_PARALLEL or 2)")
    parser.add_argument("--since", type=_since,
                        help="passed to every spider as -a since=...: YYYY-MM-DD, an ISO timestamp, Nd, Nh or all "
                             "(default: the spiders' default, $NEWSWATCH_SINCE_DAYS days)")
    parser.add_argument("--log-dir", default=os.environ.get("NEWSWATCH_LOG_DIR", "data/logs"),
                        help="per-outlet logs and locks (default $NEWSWATCH_LOG_DIR or data/logs)")
    parser.add_argument("--max-minutes", type=float,
                        default=env_float("NEWSWATCH_CRAWL_MAX_MINUTES", 120),
                        help="stop an outlet's crawl after this long (CLOSESPIDER_TIMEOUT; its run is then "
                             "'failed'); default $NEWSWATCH_CRAWL_MAX_MINUTES or 120, 0 = no limit")
    add_store_arguments(parser)
    parser.add_argument("scrapy_args", nargs="*", help="extra arguments for scrapy crawl, after --")


def _since(value: str) -> str:
    """``--since`` as given, once the spiders' own parser accepts it (else a usage error before any crawl)."""
    from newswatch.spiders._base import parse_since

    try:
        parse_since(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _child_env(args, run_id: str) -> dict:
    env = dict(os.environ, NEWSWATCH_RUN_ID=run_id)
    if args.db_path:
        env.pop("MONGO_URI", None)
        env["NEWSWATCH_DB_PATH"] = args.db_path
    for name, value in (("MONGO_URI", args.mongo_uri), ("MONGO_DATABASE", args.mongo_database),
                        ("MONGO_COLLECTION", args.mongo_collection)):
        if value:
            env[name] = value
    return env


def _run_record(args, key: str, run_id: str) -> dict | None:
    try:
        state = open_state(mongo_uri=args.mongo_uri, mongo_database=args.mongo_database, db_path=args.db_path)
        try:
            return next((r for r in state.recent_runs(key, 5) if r.get("run_id") == run_id), None)
        finally:
            state.close()
    except Exception as exc:  # report the crawl's exit code even if its record cannot be read
        logger.warning("%s: cannot read its crawl_runs record (%s)", key, exc)
        return None


def _crawl_one(key: str, args) -> tuple[str, str, dict | None]:
    log_dir = Path(args.log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / f"{key}.log"
    with open(log_dir / f"{key}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.warning("%s: a previous run is still going; skipped", key)
            return key, "skipped", None
        run_id = uuid.uuid4().hex
        cmd = [sys.executable, "-m", "scrapy", "crawl", key, "-s", f"LOG_FILE={log_file}"]
        if args.max_minutes and args.max_minutes > 0:
            cmd += ["-s", f"CLOSESPIDER_TIMEOUT={int(args.max_minutes * 60)}"]
        if args.since:
            cmd += ["-a", f"since={args.since}"]
        cmd += args.scrapy_args
        with open(log_file, "a", encoding="utf-8") as log:
            log.write(f"\n=== newswatch crawlall run {run_id} {datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} ===\n")
        started = time.monotonic()
        logger.info("%s: started (run %s)", key, run_id)
        rc = subprocess.call(cmd, env=_child_env(args, run_id))
        record = _run_record(args, key, run_id)
        if record is None:
            status = f"failed (exit {rc})" if rc else "failed (no crawl_runs record)"
        elif rc and record.get("status") == "ok":  # recorded, then crashed
            status = f"failed (exit {rc})"
        else:  # an alarmed crawl exits non-zero too (NEWSWATCH_ALARM_EXIT_STATUS): its record says why
            status = record.get("status", "?")
        logger.info("%s: %s in %.0fs; log %s", key, status, time.monotonic() - started, log_file)
        return key, status, record


def run(args) -> int:
    # The crawls' settings, read once here: a NEWSWATCH_* value they would refuse, or a missing or broken outlets
    # file, stops this run in one line (exit 2) instead of failing every outlet's crawl with the same message.
    importlib.import_module("newswatch.settings")
    sources = load_sources()
    try:
        Path(args.log_dir).mkdir(parents=True, exist_ok=True)
        probe = Path(args.log_dir) / f".write-test-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        logger.error("log directory %s (--log-dir, NEWSWATCH_LOG_DIR) is not writable: %s", args.log_dir,
                     exc.strerror or exc)
        return 2
    if args.outlets:
        keys = [k.strip() for k in args.outlets.split(",") if k.strip()]
        unknown = [k for k in keys if k not in sources]
        if unknown:
            logger.error("unknown outlet(s): %s; known: %s", ", ".join(unknown), ", ".join(sources))
            return 2
    else:
        keys = [k for k, s in sources.items() if s.enabled]
    logger.info("crawling %d outlet(s), %d at a time", len(keys), max(1, args.parallel))
    with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
        results = list(pool.map(lambda k: _crawl_one(k, args), keys))
    width = max([len(k) for k in keys] + [6])
    for key, status, record in results:
        counts = (record or {}).get("counts") or {}
        detail = (f"  {counts.get('stored', 0)} new, {counts.get('updated', 0)} updated, "
                  f"{counts.get('error_count', 0)} error(s)") if record else ""
        print(f"{key:{width}}  {status}{detail}")
        for alarm in (record or {}).get("alarms") or []:
            print(f"{'':{width}}    ALARM {alarm['kind']}: {alarm['message']}")
    return 0 if all(status in ("ok", "skipped") for _, status, _ in results) else 1
