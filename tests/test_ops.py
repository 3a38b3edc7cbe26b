"""crawlall (the scheduled job): every enabled outlet, overlap locks, logs, and failure reported by exit status."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from newswatch._env import env_bool, env_choice, env_float, env_int, env_numbers, env_url, env_workers
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


# --- an operator's mistakes: one line naming what is wrong, exit status 2, nothing crawled --------------------

def _run(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MONGO_", "NEWSWATCH_"))}
    return subprocess.run([sys.executable, "-m", *argv], cwd=PROJECT_ROOT, env={**base, **(env or {})},
                          capture_output=True, text=True, timeout=120)


def _one_line_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    [line] = [line for line in done.stderr.splitlines() if line.strip()]
    return line


def test_environment_values_are_read_strictly():
    assert env_bool("X", True, {"X": "off"}) is False and env_bool("X", False, {"X": " Yes "}) is True
    assert env_bool("X", True, {"X": ""}) is True  # empty = unset = the default
    assert env_choice("X", "drop", ("drop", "tag", "off"), {"X": "0"}, aliases={"0": "off"}) == "off"
    assert env_choice("X", "INFO", ("DEBUG", "INFO"), {"X": "debug"}, case="upper") == "DEBUG"
    assert env_workers("X", "auto", {"X": "AUTO"}) == "auto" and env_workers("X", "auto", {"X": "0"}) == "0"
    assert env_numbers("X", "1,2", {"X": "0.5,1,2"}) == "0.5,1,2"
    assert env_float("X", None, {}) is None and env_int("X", 3, {"X": "7"}) == 7
    assert env_url("X", {"X": " https://hooks.example/T1 "}) == "https://hooks.example/T1" and env_url("X", {}) is None


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("NEWSWATCH_DEDUP", "maybe", "expected 1/true/yes/on or 0/false/no/off"),
    ("NEWSWATCH_TOPIC_FILTER", "dorp", "expected one of: drop, tag, off"),
    ("NEWSWATCH_MIN_WORDS", "forty", "expected an integer"),
    ("NEWSWATCH_EXTRACT_WORKERS", "lots", "expected 'auto' or a number of processes (0 = none)"),
    ("NEWSWATCH_STORE_RETRY_DELAYS", "1,2,soon", "expected comma-separated numbers of seconds"),
    ("NEWSWATCH_SQLITE_TIMEOUT", "long", "expected a number"),
    ("NEWSWATCH_ALERT_WEBHOOK", "hooks.slack.com/services/T0", "expected an http:// or https:// URL"),
])
def test_bad_environment_value_stops_every_command_in_one_line(tmp_path, name, value, expected):
    with MockNewsSite() as site:
        crawl = _run("scrapy", "crawl", "feeds", "-a", f"feeds={site.url('/rss.xml')}",
                     env={name: value, "NEWSWATCH_DB_PATH": str(tmp_path / "db.sqlite3")})
        assert sum(site.hits.values()) == 0  # nothing was crawled
    line = _one_line_error(crawl)
    assert line.startswith(f"newswatch: {name}={value!r} is not accepted; {expected}")
    assert not (tmp_path / "db.sqlite3").exists()


def test_bad_environment_value_for_the_newswatch_command_is_one_line(tmp_path):
    parallel = _run("newswatch.cli", "crawlall", "--log-dir", str(tmp_path), env={"NEWSWATCH_PARALLEL": "two"})
    assert _one_line_error(parallel) == "newswatch: NEWSWATCH_PARALLEL='two' is not accepted; expected an integer"
    status = _run("newswatch.cli", "status", "--db-path", str(tmp_path / "db.sqlite3"),
                  env={"NEWSWATCH_SQLITE_TIMEOUT": "long"})
    assert _one_line_error(status) == "newswatch: NEWSWATCH_SQLITE_TIMEOUT='long' is not accepted; expected a number"


def test_crawlall_checks_the_crawls_settings_once_before_starting_any(tmp_path):
    done = _run("newswatch.cli", "crawlall", "--log-dir", str(tmp_path / "logs"), env={"NEWSWATCH_DEDUP": "maybe"})
    assert _one_line_error(done).startswith("newswatch: NEWSWATCH_DEDUP='maybe' is not accepted")
    assert not (tmp_path / "logs").exists()  # no outlet was started


def test_missing_or_broken_outlets_file_is_one_line(tmp_path):
    missing = str(tmp_path / "nowhere.yaml")
    line = _one_line_error(_run("scrapy", "crawl", "feeds", env={"NEWSWATCH_SOURCES": missing}))
    assert line == f"newswatch: outlets file {missing} (NEWSWATCH_SOURCES) cannot be read: No such file or directory"
    line = _one_line_error(_run("newswatch.cli", "crawlall", "--log-dir", str(tmp_path / "logs"),
                                env={"NEWSWATCH_SOURCES": missing}))
    assert line.endswith(f"outlets file {missing} (NEWSWATCH_SOURCES) cannot be read: No such file or directory")

    broken = tmp_path / "sources.yaml"
    broken.write_text("herald:\n  name: Mock Herald\n  feeds: [http://127.0.0.1:9/rss.xml\n", encoding="utf-8")
    line = _one_line_error(_run("scrapy", "list", env={"NEWSWATCH_SOURCES": str(broken)}))
    assert line.startswith(f"newswatch: outlets file (NEWSWATCH_SOURCES) is not valid: {broken}: not valid YAML")


def test_crawlall_with_a_log_directory_it_cannot_write_stops_in_one_line(tmp_path):
    (tmp_path / "logs").write_text("a file where the log directory should be", encoding="utf-8")
    done = _run("newswatch.cli", "crawlall", "--log-dir", str(tmp_path / "logs" / "crawl"),
                "--db-path", str(tmp_path / "db.sqlite3"))
    line = _one_line_error(done)
    assert f"log directory {tmp_path / 'logs' / 'crawl'} (--log-dir, NEWSWATCH_LOG_DIR) is not writable" in line


def test_output_file_that_cannot_be_written_is_one_line(tmp_path):
    (tmp_path / "exports").write_text("a file where the export directory should be", encoding="utf-8")
    target = tmp_path / "exports" / "articles.csv"
    done = _run("newswatch.cli", "export", "--format", "csv", "--out", str(target),
                "--db-path", str(tmp_path / "db.sqlite3"))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    [line] = [line for line in done.stderr.splitlines() if "ERROR" in line]
    assert line.endswith(f"export: [Errno 20] Not a directory: '{target}'")


def test_status_of_a_store_no_crawl_ever_wrote_to_is_not_healthy(tmp_path):
    db_path = tmp_path / "db.sqlite3"
    fresh = _run("newswatch.cli", "status", "--db-path", str(db_path), "--outlet", "nato", "--outlet", "bbc_en")
    assert fresh.returncode == 1, fresh.stderr
    assert [line.split()[:2] for line in fresh.stdout.splitlines()[2:]] == [["nato", "never"], ["bbc_en", "never"]]
    assert f"no crawl run is recorded in sqlite:{db_path}" in fresh.stderr

    state = open_state(db_path=db_path)
    try:
        now = datetime.now(UTC)
        state.record_run({"run_id": "r1", "outlet": "nato", "started_at": now, "finished_at": now, "status": "ok",
                          "finish_reason": "finished", "alarms": [], "counts": {"stored": 3}})
    finally:
        state.close()
    assert _run("newswatch.cli", "status", "--db-path", str(db_path), "--outlet", "nato").returncode == 0
    # a new outlet before its first crawl is named, and does not make the others' health red
    partly = _run("newswatch.cli", "status", "--db-path", str(db_path), "--outlet", "nato", "--outlet", "bbc_en")
    assert partly.returncode == 0 and f"1 outlet(s) never crawled into sqlite:{db_path}: bbc_en" in partly.stderr
    alone = _run("newswatch.cli", "status", "--db-path", str(db_path), "--outlet", "bbc_en")
    assert alone.returncode == 1
