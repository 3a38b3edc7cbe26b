"""Keep the extraction workers' C heap from holding on to memory a big page once needed (glibc only).

A worker parses pages of up to several MB with libxml2 and trafilatura. With glibc's defaults the threshold
above which malloc maps a block on its own rises after each large free (up to 32 MB), so later big buffers
come from the heap, and a heap whose top is still in use is never given back: one large page left each
worker ~15 MB larger for the rest of the crawl (bench at N=100k: the tree's peak PSS rose past 500 MB after
66k pages). Fixed thresholds map big buffers on their own and give them back when freed, and an explicit trim
every few calls returns the free pages in the middle of the heap that the automatic trim (top only) cannot.

Measured on 300 bench pages in one process (``bench.worker_cpu`` pages): heap growth 31-32 MB -> 23-24 MB with
the thresholds, ~16-18 MB at rest with the trim too; a trim costs ~1 ms, every 100 calls ~0.01 ms an article.
Elsewhere than glibc (musl, macOS) both are no-ops.
"""

from __future__ import annotations

import ctypes
import logging

logger = logging.getLogger(__name__)

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
MMAP_THRESHOLD = 256 * 1024
"""Blocks this large or larger are mapped on their own and unmapped when freed (a page's bytes, big texts)."""
TRIM_THRESHOLD = 1024 * 1024
"""Free memory at the heap's top beyond this is given back at once."""
TRIM_EVERY = 100
"""Worker calls between two explicit trims."""
CRAWL_MMAP_THRESHOLD = 1024 * 1024
"""The crawl process's: its big blocks are downloaded pages on their way to a worker (~330 KB on the bench). Left
dynamic, glibc's threshold rises to the largest block freed (a page of several MB), and from then on such blocks come
from the heap and leave holes in it: the crawl process grew ~10 MB more by 2,000 pages (bench.run, N=3000: 190 ->
180 MB RSS). At 256 KB every page would be mapped, and its pages faulted in, on its own: +5% of the crawl process's
CPU (bench.crawl_cpu, alternated runs); at 1 MB the same CPU within noise (6.96 vs 6.90 ms an article)."""
CRAWL_TRIM_THRESHOLD = 2 * CRAWL_MMAP_THRESHOLD
"""glibc's own ratio of the two when it moves the mmap threshold."""
CRAWL_TRIM_EVERY = 500
"""Worker answers between two explicit trims in the crawl process. Its pages below ``CRAWL_MMAP_THRESHOLD``, the
answers, the store's batches and SQLite's pages come and go in its heap, and the free pages they leave between
blocks still in use stay with the process: ``malloc_trim(0)`` on the crawl process of a bench run (N=20k, at 9k
pages, through gdb) gave back 12 MB of its 160 MB. A trim costs ~2 ms on such a heap (tens of ms on a loaded
machine), every 500 articles ~0.01 ms an article."""


def _libc():
    try:
        libc = ctypes.CDLL(None)
        return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
    except (OSError, AttributeError):
        return None


_LIBC = _libc()


CRAWL_ARENAS = 1
"""malloc arenas of the crawl process. The store pipeline writes on a thread of its own, and glibc gives a new thread
an arena of its own: the batches' JSON and SQLite's pages then came and went in a second heap whose free pages the
main one cannot reuse (6,000 articles fed at full speed: peak RSS 172 -> 166 MB with one arena, same CPU)."""


def tune_heap(mmap_threshold: int = MMAP_THRESHOLD, trim_threshold: int = TRIM_THRESHOLD,
              arenas: int | None = None) -> bool:
    """Fix glibc's mmap and trim thresholds (and, given ``arenas``, the most malloc arenas its threads share) for this
    process and the processes it forks afterwards."""
    if _LIBC is None:
        return False
    ok = bool(_LIBC.mallopt(_M_MMAP_THRESHOLD, mmap_threshold)) and bool(_LIBC.mallopt(_M_TRIM_THRESHOLD,
                                                                                      trim_threshold))
    if arenas is not None:
        ok = bool(_LIBC.mallopt(_M_ARENA_MAX, arenas)) and ok
    if not ok:
        logger.debug("mallopt refused the heap thresholds")
    return ok


def trim_heap() -> None:
    """Give the free pages of the heap back to the system (``malloc_trim(0)``)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
