"""A ``JOBDIR`` left by a crawl that never closed (SIGKILL, the OOM killer, a power cut) is set aside, not resumed.

Scrapy writes a job's request queue state (``requests.queue/active.json`` and each queue file's header) only when
the crawl closes, while it appends to the seen file (``requests.seen``) as it goes. After a kill the two disagree:

* requests the seen file names may sit in no readable queue, so the rerun filters them as already seen when the
  feeds list them again, and their articles are never fetched;
* a queue file the killed crawl had just created is empty, and the first request the rerun pushes at that
  priority (a retry, say) fails inside queuelib (``struct.error``) and is lost.

A rerun needs neither: the outlets' feeds and sitemaps list every story again, the incremental state skips what is
stored, and the store's upserts keep each article once. So a crawl that finds the previous one's mark still there
moves ``requests.queue`` and ``requests.seen`` to ``<JOBDIR>/unclean-<UTC time>/`` (kept for a post-mortem) and
starts afresh, with one warning line and the stat ``newswatch/jobdir/unclean_set_aside``. A crawl stopped cleanly
(finished, or SIGTERM / Ctrl-C) removes its mark when its scheduler closes, so it resumes as Scrapy documents.

The mark is ``<JOBDIR>/newswatch.running`` holding the crawl's pid. A mark whose process is still alive means another
crawl is using the same ``JOBDIR`` right now: that is logged as an error and nothing is moved.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

logger = logging.getLogger(__name__)

MARK = "newswatch.running"
"""The file a crawl keeps in its ``JOBDIR`` from the scheduler's start to its close."""

_SCRAPY_STATE = ("requests.queue", "requests.seen")


def _alive(pid: int) -> bool:
    if pid <= 0 or pid == os.getpid():
        return False  # a torn mark, or one from this very process: stale (a pid reused after a reboot)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


class JobdirMark:
    """The running mark of one crawl in ``jobdir``: :meth:`take` at start (setting a dead crawl's state aside),
    :meth:`release` at close."""

    def __init__(self, jobdir: Path):
        self.jobdir = jobdir
        self.path = jobdir / MARK

    def take(self) -> Path | None:
        """Mark the job as running; the directory the unclean state was moved to, if there was one."""
        self.jobdir.mkdir(parents=True, exist_ok=True)
        moved = None
        previous = self._previous_pid()
        if previous is not None and _alive(previous):
            logger.error("JOBDIR %s is in use by another crawl (pid %d); two crawls must not share a JOBDIR",
                         self.jobdir, previous)
        elif previous is not None:
            moved = self._set_aside()
        self.path.write_text(str(os.getpid()), encoding="ascii")
        return moved

    def release(self) -> None:
        try:
            if self._previous_pid() == os.getpid():
                self.path.unlink()
        except OSError as exc:  # a read-only or vanished JOBDIR: the next crawl then starts afresh, nothing is lost
            logger.warning("could not remove the JOBDIR mark %s: %s", self.path, exc)

    def _previous_pid(self) -> int | None:
        try:
            text = self.path.read_text(encoding="ascii", errors="replace").strip()
        except FileNotFoundError:
            return None
        except OSError as exc:
            logger.warning("could not read the JOBDIR mark %s (%s): taken as left by a crawl that never closed",
                           self.path, exc)
            return 0
        return int(text) if text.isdigit() else 0  # a torn write is a mark too

    def _set_aside(self) -> Path | None:
        present = [name for name in _SCRAPY_STATE if (self.jobdir / name).exists()]
        if not present:
            return None
        aside = self.jobdir / f"unclean-{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
        aside.mkdir()
        for name in present:
            (self.jobdir / name).rename(aside / name)
        logger.warning("JOBDIR %s was left by a crawl that never closed (killed?): its request queue and seen set "
                       "disagree, so they were moved to %s and this crawl starts afresh; the feeds and sitemaps list "
                       "every story again and the store keeps each article once", self.jobdir, aside)
        return aside
