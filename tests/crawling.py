"""Run a real ``scrapy crawl`` in a subprocess and read back its stats and store (test helper)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from newswatch.storage import SqliteStore

PROJECT_ROOT = Path(__file__).resolve().parents[1]

#: Settings that lift politeness limits for the loopback mock site and keep runs fast.
FAST_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "0",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "NEWSWATCH_RETRY_BACKOFF_BASE": "0.05",
    "DOWNLOAD_MAXSIZE": str(1024 * 1024),
    "DOWNLOAD_TIMEOUT": "10",
    "LOG_LEVEL": "INFO",
    # the mock site is on 127.0.0.1, which the private-address guard refuses by default
    "NEWSWATCH_ALLOW_PRIVATE_HOSTS": "1",
}


@dataclass
class CrawlRun:
    returncode: int
    stats: dict
    log: str
    db_path: Path

    def stored(self) -> list[dict]:
        store = SqliteStore(self.db_path)
        store.open()
        try:
            return list(store.iter_articles())
        finally:
            store.close()

    def stored_by_path(self, base_url: str) -> dict[str, list[dict]]:
        """The stored documents grouped by their URL's path under ``base_url`` (a story stored twice shows as two)."""
        found: dict[str, list[dict]] = {}
        for doc in self.stored():
            found.setdefault(doc["url"].removeprefix(base_url), []).append(doc)
        return found

    def assert_finished_cleanly(self) -> None:
        """Exit 0, finished, no traceback in the log, no spider exception or item error counted."""
        assert self.returncode == 0, self.log[-3000:]
        assert self.stats["finish_reason"] == "finished"
        assert "Traceback" not in self.log, self.log[self.log.index("Traceback") - 2000:][:5000]
        assert not any(key.startswith(("spider_exceptions/", "newswatch/item_error/")) for key in self.stats), \
            self.stats

    def stat(self, key: str, default=0):
        return self.stats.get(key, default)


def crawl_command(tmp_path: Path, spider: str = "feeds", *, args: dict | None = None, settings: dict | None = None,
                  env: dict | None = None, db_path: Path | None = None) -> tuple[list[str], dict, Path, Path]:
    """``(command, environment, db_path, stats_file)`` of a crawl, for :func:`run_crawl` or a ``Popen``."""
    db_path = db_path or tmp_path / "newswatch.sqlite3"
    stats_file = tmp_path / f"stats-{len(list(tmp_path.glob('stats-*.json')))}.json"
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in (args or {}).items():
        cmd += ["-a", f"{key}={value}"]
    for key, value in {**FAST_SETTINGS, **(settings or {})}.items():
        cmd += ["-s", f"{key}={value}"]
    cmd += ["-s", f"NEWSWATCH_STATS_FILE={stats_file}"]
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGO_", "NEWSWATCH_"))}
    # Exit 0 even when the crawl raised an alarm, as Scrapy does: these crawls are judged by their store, stats and
    # log; tests/test_exit_status.py runs with the default (1).
    full_env.update({"NEWSWATCH_DB_PATH": str(db_path), "NEWSWATCH_SPILL_DIR": str(tmp_path / "spill"),
                     "NEWSWATCH_TOPIC_FILTER": "tag", "NEWSWATCH_ALARM_EXIT_STATUS": "0", **(env or {})})
    return cmd, full_env, db_path, stats_file


def run_crawl(tmp_path: Path, spider: str = "feeds", *, args: dict | None = None, settings: dict | None = None,
              env: dict | None = None, db_path: Path | None = None, timeout: float = 180) -> CrawlRun:
    cmd, full_env, db_path, stats_file = crawl_command(tmp_path, spider, args=args, settings=settings, env=env,
                                                       db_path=db_path)
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, env=full_env, capture_output=True, text=True, timeout=timeout)
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return CrawlRun(proc.returncode, stats, proc.stderr + proc.stdout, db_path)


def run_hostile_crawl(tmp_path: Path, site, feeds, sitemaps, *, max_bytes: int, timeout: float = 240) -> CrawlRun:
    """A hostile round's crawl of ``site`` (a started mock site): its feeds and sitemaps, 3 days back, short timeouts
    and one retry, so the round's slow and failing cases end within the test's time. ``timeout``: seconds the whole
    crawl may take (a round with several large pages needs more on a loaded machine)."""
    return run_crawl(tmp_path, args={"feeds": ",".join(site.url(p) for p in feeds),
                                     "sitemaps": ",".join(site.url(p) for p in sitemaps), "since": "3d"},
                     settings={"DOWNLOAD_WARNSIZE": "0", "DOWNLOAD_MAXSIZE": str(max_bytes),
                               "DOWNLOAD_TIMEOUT": "6", "RETRY_TIMES": "1"}, timeout=timeout)
