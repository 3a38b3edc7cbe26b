"""Crawl every enabled outlet in sources.yaml, a few at a time (the scheduled main job).

Each outlet runs as its own ``scrapy crawl`` process, so one outlet that hangs
or crashes never takes the others down. Logs go to ``$NEWSWATCH_LOG_DIR``
(default ``data/logs``) as ``<outlet>.log``; a per-outlet lock file there makes
an overlapping run of the same outlet skip instead of running twice.
Exit status: 0 when every outlet finished, 1 otherwise.
"""

from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from newswatch.sources import load_sources

HELP = "crawl every enabled outlet (the scheduled main job)"
logger = logging.getLogger("newswatch.crawlall")


def add_arguments(parser) -> None:
    parser.add_argument("--outlets", help="comma-separated outlet keys (default: every enabled outlet)")
    parser.add_argument("--parallel", type=int, default=int(os.environ.get("NEWSWATCH_PARALLEL", "2")),
                        help="outlets crawled at once (default $NEWSWATCH_PARALLEL or 2)")
    parser.add_argument("--since", help="passed to every spider as -a since=... (default: the spiders' default)")
    parser.add_argument("--log-dir", default=os.environ.get("NEWSWATCH_LOG_DIR", "data/logs"),
                        help="per-outlet logs and locks (default $NEWSWATCH_LOG_DIR or data/logs)")
    parser.add_argument("scrapy_args", nargs="*", help="extra arguments for scrapy crawl, after --")


def _crawl_one(key: str, args) -> tuple[str, str]:
    log_dir = Path(args.log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / f"{key}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.warning("%s: a previous run is still going; skipped", key)
            return key, "skipped (locked)"
        cmd = [sys.executable, "-m", "scrapy", "crawl", key, "-s", f"LOG_FILE={log_dir / (key + '.log')}"]
        if args.since:
            cmd += ["-a", f"since={args.since}"]
        cmd += args.scrapy_args
        started = time.monotonic()
        logger.info("%s: started", key)
        rc = subprocess.call(cmd)
        status = "finished" if rc == 0 else f"failed (rc={rc})"
        logger.info("%s: %s in %.0fs; log %s", key, status, time.monotonic() - started, log_dir / f"{key}.log")
        return key, status


def run(args) -> int:
    sources = load_sources()
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
    for key, status in results:
        print(f"{key:24} {status}")
    return 0 if all(status == "finished" or status.startswith("skipped") for _, status in results) else 1
