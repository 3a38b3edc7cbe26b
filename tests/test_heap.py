"""The workers' heap tuning (newswatch._heap): big blocks freed by a call go back to the system."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newswatch import _heap

pytestmark = pytest.mark.skipif(_heap._LIBC is None, reason="glibc only")

# What a worker does with one big page: large buffers (the page, its text) freed after the call, while small
# objects made during it (caches, interned strings) stay, pinning the heap's top.
_CHURN = """
import sys
from newswatch import _heap
if sys.argv[1] == "tuned":
    _heap.tune_heap()
if sys.argv[1] == "crawl":  # the crawl process's thresholds (StorePipeline): no trim call, blocks of 1 MB or more
    _heap.tune_heap(_heap.CRAWL_MMAP_THRESHOLD, _heap.CRAWL_TRIM_THRESHOLD)
def rss():
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS")) // 1024
start = rss()
big = bytearray(2 << 20); del big  # glibc raises its mmap threshold after freeing a mapped block
kept, pages = [], []
for i in range(40):  # a call's buffers, with small survivors allocated between them
    pages.append(bytes(_heap.CRAWL_MMAP_THRESHOLD))
    kept.append(str(i) * 600)  # over 512 bytes: from malloc, not from Python's own arenas
del pages
if sys.argv[1] == "tuned":
    _heap.trim_heap()
print(rss() - start)
"""


def _retained(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", _CHURN, mode], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def test_big_blocks_freed_by_a_call_are_given_back():
    assert _heap.tune_heap()
    assert _retained("tuned") <= 2
    # The measure can tell: with glibc's defaults the same churn keeps megabytes.
    assert _retained("default") >= 2 * max(_retained("tuned"), 1)



def test_the_crawl_process_thresholds_give_back_a_downloaded_page_of_a_megabyte():
    # no explicit trim there: the fixed thresholds alone keep a freed page of several MB from raising the bar
    assert _retained("crawl") <= 2
    assert _retained("default") >= 2 * max(_retained("crawl"), 1)


# A thread that allocates (the store pipeline's writer): glibc gives it an arena of its own, 64 MB of address space
# reserved at once, unless the process holds to CRAWL_ARENAS.
_THREAD = """
import sys, threading
from newswatch import _heap
if sys.argv[1] == "crawl":
    _heap.tune_heap(_heap.CRAWL_MMAP_THRESHOLD, _heap.CRAWL_TRIM_THRESHOLD, arenas=_heap.CRAWL_ARENAS)
def vm():
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmSize")) // 1024
start = vm()
def write():
    rows = [str(i) * 600 for i in range(2000)]  # a batch's JSON lines: over 512 bytes, from malloc
    del rows
thread = threading.Thread(target=write)
thread.start(); thread.join()
print(vm() - start)
"""


def _reserved_by_a_thread(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", _THREAD, mode], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def test_the_crawl_process_threads_share_one_heap():
    assert _reserved_by_a_thread("default") >= 32  # the measure can tell: a heap of its own for the thread
    assert _reserved_by_a_thread("crawl") < 16  # its stack (8 MB), no heap of its own
