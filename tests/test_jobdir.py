"""A JOBDIR left by a killed crawl: its seen set and request queue disagree, so the next crawl sets them aside and
starts afresh (newswatch._jobdir); a cleanly stopped job resumes as Scrapy documents."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newswatch._jobdir import MARK, JobdirMark
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, bulk_routes

FEW = {"CONCURRENT_REQUESTS": "4", "NEWSWATCH_EXTRACT_WORKERS": "0"}


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _job_state(jobdir: Path) -> None:
    (jobdir / "requests.queue" / "127.0.0.1-0").mkdir(parents=True)
    (jobdir / "requests.queue" / "127.0.0.1-0" / "1").write_bytes(b"")  # created, header never flushed
    (jobdir / "requests.seen").write_bytes(b"\x00\x14" + bytes(20))


def test_a_dead_crawl_s_state_is_set_aside_and_the_mark_is_taken_and_released(tmp_path, caplog):
    jobdir = tmp_path / "job"
    _job_state(jobdir)
    (jobdir / MARK).write_text(str(_dead_pid()))
    mark = JobdirMark(jobdir)
    aside = mark.take()
    assert aside is not None and aside.parent == jobdir and aside.name.startswith("unclean-")
    assert sorted(p.name for p in aside.iterdir()) == ["requests.queue", "requests.seen"]
    assert not (jobdir / "requests.seen").exists() and not (jobdir / "requests.queue").exists()
    assert (jobdir / MARK).read_text() == str(os.getpid())
    assert "never closed" in caplog.text and str(aside) in caplog.text
    mark.release()
    assert not (jobdir / MARK).exists()


@pytest.mark.parametrize("mark_text", [None, "garbage"])
def test_no_mark_is_a_clean_job_and_a_torn_mark_is_a_dead_one(tmp_path, mark_text):
    jobdir = tmp_path / "job"
    _job_state(jobdir)
    if mark_text is not None:
        (jobdir / MARK).write_text(mark_text)
    moved = JobdirMark(jobdir).take()
    assert (moved is None) == (mark_text is None)
    assert (jobdir / "requests.seen").exists() == (mark_text is None)


def test_a_job_another_live_crawl_holds_is_left_alone_with_an_error(tmp_path, caplog):
    jobdir = tmp_path / "job"
    _job_state(jobdir)
    (jobdir / MARK).write_text(str(os.getppid()))
    assert JobdirMark(jobdir).take() is None
    assert (jobdir / "requests.seen").exists()
    assert "in use by another crawl" in caplog.text


def test_a_rerun_after_a_kill_fetches_what_the_dead_crawl_had_only_queued(tmp_path):
    """The dead crawl's seen file names every article (as a large crawl's flushed seen file does), its queue holds
    none of them readably, and its store got none: the rerun must still fetch and store all of them."""
    count = 12
    jobdir = tmp_path / "job"
    (tmp_path / "first").mkdir()
    (tmp_path / "rerun").mkdir()
    with MockNewsSite(routes=bulk_routes(count)) as site:
        first = run_crawl(tmp_path / "first", args={"feeds": site.url("/bulk.xml")},
                          settings={**FEW, "JOBDIR": str(jobdir)})
        assert first.returncode == 0 and len(first.stored()) == count, first.log[-3000:]
        assert not (jobdir / MARK).exists()  # a crawl that closed leaves no mark
        assert (jobdir / "requests.seen").stat().st_size > 0
        (jobdir / MARK).write_text(str(_dead_pid()))  # as if it had been killed before its close
        served = sum(hits for path, hits in site.hits.items() if path.startswith("/bulk/"))

        rerun = run_crawl(tmp_path / "rerun", args={"feeds": site.url("/bulk.xml")},
                          settings={**FEW, "JOBDIR": str(jobdir)})
    assert rerun.returncode == 0, rerun.log[-3000:]
    assert len(rerun.stored()) == count
    assert sum(hits for path, hits in site.hits.items() if path.startswith("/bulk/")) == served + count
    assert rerun.stat("newswatch/jobdir/unclean_set_aside") == 1
    assert "was left by a crawl that never closed" in rerun.log
    assert len(list(jobdir.glob("unclean-*/requests.seen"))) == 1 and not (jobdir / MARK).exists()
