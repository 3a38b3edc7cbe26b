"""crawlall (the scheduled job): every enabled outlet, overlap locks, logs, and failure reported by exit status."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys

from newswatch.state import open_state
from tests.crawling import FAST_SETTINGS, PROJECT_ROOT
from tests.mocksite import MockNewsSite


def test_crawlall_runs_outlets_reports_alarms_and_skips_locked_ones(tmp_path):
    db_path, log_dir = tmp_path / "newswatch.sqlite3", tmp_path / "logs"
    log_dir.mkdir()
    with MockNewsSite() as site:
        (tmp_path / "sources.yaml").write_text(
            f"herald:\n  name: Mock Herald\n  feeds: ['{site.url('/rss.xml')}', '{site.url('/rdf.xml')}']\n"
            f"broken:\n  name: Broken Outlet\n  feeds: ['{site.url('/feeds/moved.xml')}']\n"
            f"busy:\n  name: Busy Outlet\n  feeds: ['{site.url('/atom.xml')}']\n"
            f"retired:\n  name: Retired Outlet\n  enabled: false\n  feeds: ['{site.url('/atom.xml')}']\n",
            encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGO_", "NEWSWATCH_"))}
        env.update({"NEWSWATCH_SOURCES": str(tmp_path / "sources.yaml"), "NEWSWATCH_TOPIC_FILTER": "tag",
                    "NEWSWATCH_SPILL_DIR": str(tmp_path / "spill")})
        scrapy_settings = [arg for k, v in FAST_SETTINGS.items() if k != "LOG_LEVEL" for arg in ("-s", f"{k}={v}")]
        # Another run of "busy" holds its lock: this run must skip it, not crawl it twice at once.
        with open(log_dir / "busy.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            result = subprocess.run(
                [sys.executable, "-m", "newswatch.cli", "crawlall", "--parallel", "2", "--log-dir", str(log_dir),
                 "--db-path", str(db_path), "--", *scrapy_settings],
                cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=240)
        assert site.hits["/atom.xml"] == 0  # busy was skipped; retired is disabled

    assert result.returncode == 1, result.stdout + result.stderr  # "broken" raised alarms
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line and not line.startswith(" ")}
    assert set(lines) == {"herald", "broken", "busy"}
    assert " ok " in lines["herald"] and "new" in lines["herald"]
    assert " alarm " in lines["broken"] and " skipped" in lines["busy"]
    assert "ALARM error_rate" in result.stdout and "ALARM no_new_articles" in result.stdout

    herald_log = (log_dir / "herald.log").read_text()
    assert "=== newswatch crawlall run" in herald_log and "Spider closed (finished)" in herald_log
    state = open_state(db_path=db_path)
    try:
        runs = state.last_runs()
    finally:
        state.close()
    assert set(runs) == {"herald", "broken"}
    assert runs["herald"]["status"] == "ok" and runs["herald"]["counts"]["stored"] >= 3
    assert runs["herald"]["run_id"] in herald_log
    assert runs["broken"]["status"] == "alarm" and runs["broken"]["counts"]["errors"] == {"http_404": 1}


def test_crawlall_rejects_unknown_outlets(tmp_path):
    result = subprocess.run([sys.executable, "-m", "newswatch.cli", "crawlall", "--outlets", "nosuch",
                             "--log-dir", str(tmp_path)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "unknown outlet(s): nosuch" in result.stderr
