"""`scrapy crawl`'s exit status (newswatch/commands/crawl.py): 0 for a clean crawl, 1 when it raised an alarm,
2 on a usage error. Real `scrapy crawl` processes against the mock site, as cron or systemd would run them."""

from __future__ import annotations

import os
import subprocess
import sys

from newswatch.monitors import NO_NEW_ARTICLES, STORE_UNAVAILABLE
from newswatch.state import open_state
from tests.crawling import FAST_SETTINGS, PROJECT_ROOT, run_crawl
from tests.mocksite import MockNewsSite, feed_route
from tests.test_scrapyd import _get, deploy
from tests.test_scrapyd import scrapyd as scrapyd_fixture

scrapyd = scrapyd_fixture  # the real Scrapyd on a loopback port, as tests/test_scrapyd.py starts it

_EMPTY_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Mock Herald</title><link>{{base}}/</link></channel></rss>
"""
#: The database is gone within a second instead of after a minute of retries.
_FAST_STORE = {"NEWSWATCH_STORE_RETRY_DELAYS": "0.05", "NEWSWATCH_STORE_BATCH_SIZE": "2"}
#: The exit status an operator gets (tests/crawling.py makes the other tests' crawls exit 0 on alarms).
DEFAULT = {"NEWSWATCH_ALARM_EXIT_STATUS": ""}


def _last_run(db_path) -> dict:
    state = open_state(db_path=db_path)
    try:
        [run] = state.recent_runs("feeds", 5)[:1]
    finally:
        state.close()
    return run


def test_clean_crawl_exits_0_and_a_first_crawl_that_finds_nothing_exits_1(tmp_path):
    with MockNewsSite() as site:
        good = run_crawl(tmp_path / "good", args={"feeds": site.url("/rss.xml")}, env=DEFAULT)
        site.routes["/empty.xml"] = feed_route(_EMPTY_RSS, "application/rss+xml")
        empty = run_crawl(tmp_path / "empty", args={"feeds": site.url("/empty.xml")}, env=DEFAULT)
        quiet = run_crawl(tmp_path / "quiet", args={"feeds": site.url("/empty.xml")},
                          env={"NEWSWATCH_ALARM_EXIT_STATUS": "0"})

    assert good.returncode == 0, good.log[-3000:]
    assert good.stat("newswatch/store/inserted") >= 2 and "ALARM" not in good.log
    assert _last_run(good.db_path)["status"] == "ok"

    assert empty.returncode == 1, empty.log[-3000:]
    assert "ALARM feeds [no_new_articles]" in empty.log
    assert "crawl of feeds raised 1 alarm(s) (no_new_articles): exit status 1" in empty.log
    run = _last_run(empty.db_path)  # the exit status and the run record agree
    assert run["status"] == "alarm" and [a["kind"] for a in run["alarms"]] == [NO_NEW_ARTICLES]

    # NEWSWATCH_ALARM_EXIT_STATUS=0: Scrapy's exit status, the same alarm in the log and the record
    assert quiet.returncode == 0 and "ALARM feeds [no_new_articles]" in quiet.log
    assert _last_run(quiet.db_path)["status"] == "alarm"


def test_crawl_whose_database_cannot_be_written_exits_1_and_keeps_its_articles(tmp_path):
    # a directory where the database file should be (hostile round 13: a path that can never hold a file, under a
    # regular file, on /proc or immutable, stops the crawl at start, exit 2: tests/test_hostile13.py)
    db_path = tmp_path / "newswatch.sqlite3"
    db_path.mkdir()
    with MockNewsSite() as site:
        run = run_crawl(tmp_path, args={"feeds": site.url("/rss.xml")}, settings=_FAST_STORE, db_path=db_path,
                        env=DEFAULT)
    assert run.returncode == 1, run.log[-3000:]
    spilled = run.stat("newswatch/store/spilled")
    assert spilled >= 2 and run.stat("newswatch/store/unstored") == spilled
    assert f"ALARM feeds [{STORE_UNAVAILABLE}]" in run.log
    assert f"{spilled} article(s) are not in the database" in run.log
    assert "the database is unreachable" in run.log
    lines = sum(len(p.read_text().splitlines()) for p in (tmp_path / "spill").glob("spill-*.jsonl"))
    assert lines == spilled  # nothing lost: the next run with a database replays them


def test_crawl_whose_spill_directory_cannot_be_written_still_stores_every_article(tmp_path):
    """The database is fine but the write-ahead journal's directory is not: the journal is given up in one error line
    naming the directory, and the articles go on to the database without it (hostile round 9; before it, every
    article failed in the store pipeline and the run stored nothing). Nothing is lost, so the run is not an alarm."""
    (tmp_path / "data").write_text("a file where the data directory should be", encoding="utf-8")
    spill_dir = tmp_path / "data" / "spill"
    with MockNewsSite() as site:
        run = run_crawl(tmp_path, args={"feeds": site.url("/rss.xml")},
                        env={**DEFAULT, "NEWSWATCH_SPILL_DIR": str(spill_dir)})
    assert run.returncode == 0, run.log[-3000:]
    parsed = run.stat("newswatch/article/parsed")
    assert parsed >= 2 and len(run.stored()) == run.stat("newswatch/store/inserted") == parsed
    assert run.log.count(f"the spill directory {spill_dir} cannot be written") == 1
    assert not any(key.startswith(("newswatch/item_error/", "newswatch/store/lost")) for key in run.stats)
    assert "Traceback" not in run.log
    assert _last_run(run.db_path)["status"] == "ok"


def test_usage_errors_exit_2_with_one_line():
    unknown = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "no_such_outlet"], cwd=PROJECT_ROOT,
                             capture_output=True, text=True, timeout=120)
    assert unknown.returncode == 2
    assert "error: Spider not found: no_such_outlet; `scrapy list` shows the spiders" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    nothing = subprocess.run([sys.executable, "-m", "scrapy", "crawl"], cwd=PROJECT_ROOT, capture_output=True,
                             text=True, timeout=120)
    assert nothing.returncode == 2 and "Traceback" not in nothing.stderr


def test_crawl_help_documents_the_exit_status():
    done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "-h"], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120)
    text = " ".join(done.stdout.split())
    assert done.returncode == 0
    assert "Exit status: 0 when the crawl finished with no alarm; 1 when it raised an alarm" in text
    assert "-a NAME=VALUE" in text and "--output FILE" in text  # Scrapy's own options are all still there


def test_scrapyd_records_an_alarmed_job_as_finished(scrapyd):
    """Scrapyd runs `scrapy crawl` through its runner: a job exiting 1 is finished like any other, the next one runs."""
    url, password, workdir = scrapyd["url"], scrapyd["password"], scrapyd["dir"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCRAPYD_",))}
    env.update({"SCRAPYD_URL": url, "SCRAPYD_PASSWORD": password})
    deployed = deploy(env)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    with MockNewsSite() as site:
        site.routes["/empty.xml"] = feed_route(_EMPTY_RSS, "application/rss+xml")
        (workdir / "sources.yaml").write_text(
            f"quietherald:\n  name: Quiet Herald\n  feeds: ['{site.url('/empty.xml')}']\n"
            f"mockherald:\n  name: Mock Herald\n  feeds: ['{site.url('/rss.xml')}']\n", encoding="utf-8")
        settings = [arg for k, v in FAST_SETTINGS.items() for arg in ("--setting", f"{k}={v}")]
        scheduled = subprocess.run(
            [sys.executable, str(PROJECT_ROOT / "deploy" / "schedule.py"), "--url", url, "--sources",
             str(workdir / "sources.yaml"), *settings, "--wait", "--timeout", "150"],
            env=env, capture_output=True, text=True, timeout=200)
    assert scheduled.returncode == 0, scheduled.stdout + scheduled.stderr
    jobs = _get(url + "listjobs.json?project=newswatch", password)
    assert len(jobs["finished"]) == 2 and not jobs["running"] and not jobs["pending"]

    state = open_state(db_path=workdir / "newswatch.sqlite3")
    try:
        runs = state.last_runs()
    finally:
        state.close()
    assert runs["quietherald"]["status"] == "alarm" and runs["mockherald"]["status"] == "ok"
    assert {job["id"] for job in jobs["finished"]} == {runs["quietherald"]["run_id"], runs["mockherald"]["run_id"]}
    scrapyd_log = (workdir / "scrapyd.out").read_text()
    assert "Process died: exitstatus=1" in scrapyd_log and "Process finished" in scrapyd_log
    assert scrapyd_log.count("Process died") == 1  # the alarmed job only
