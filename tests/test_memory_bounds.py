"""What the crawl process holds stays bounded, or compact, as the crawl grows (bench/RESULTS.md: memory flat in N)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from newswatch._dupefilter import KEY_BYTES, CompactDupeFilter, CompactFingerprints
from newswatch.dedup import RecentIndex

ROOT = Path(__file__).resolve().parents[1]


def _fingerprint(i: int) -> bytes:
    return hashlib.sha1(f"https://news.example/{i}".encode()).digest()


def test_seen_fingerprints_take_8_bytes_each_and_forget_none():
    seen = CompactFingerprints(merge_at=2000)
    for i in range(50_000):
        seen.add(_fingerprint(i))
    seen.add(_fingerprint(5))  # already there: not counted twice
    assert len(seen) == 50_000
    # 8 bytes a key in the array, plus at most merge_at keys in the set: ~90 bytes a fingerprint in Scrapy's set
    assert seen.memory_bytes() < 50_000 * KEY_BYTES * 1.2 + 2000 * 100
    assert all(_fingerprint(i) in seen for i in range(0, 50_000, 7))
    assert not any(_fingerprint(i) in seen for i in range(50_000, 60_000))
    assert "not bytes" not in seen


def _requests():
    urls = ["https://news.example/a?x=1&y=2", "https://news.example/a?y=2&x=1",  # one request, canonically
            "https://news.example/b", "https://news.example/b#comments", "https://news.example/c"]
    urls += [f"https://news.example/story/{i % 3000}" for i in range(6000)]
    return [Request(url) for url in urls] + [Request("https://news.example/b", method="POST")]


def test_decides_as_scrapys_own_filter():
    crawler = get_crawler()
    ours = CompactDupeFilter.from_crawler(crawler)
    scrapys = RFPDupeFilter.from_crawler(crawler)
    ours._fingerprints.merge_at = 500  # several merges within the run
    decisions = [(ours.request_seen(r), scrapys.request_seen(r)) for r in _requests()]
    assert [a for a, _ in decisions] == [b for _, b in decisions]
    assert sum(seen for seen, _ in decisions) == 3002  # the reordered query, the fragment, the 3000 repeats


def test_a_job_directory_keeps_what_was_seen(tmp_path):
    first = CompactDupeFilter(str(tmp_path))
    assert not first.request_seen(Request("https://news.example/a"))
    first.close("finished")
    again = CompactDupeFilter(str(tmp_path))  # Scrapy's seen file, read back
    assert again.request_seen(Request("https://news.example/a"))
    assert not again.request_seen(Request("https://news.example/b"))
    again.close("finished")


def test_recent_index_holds_capacity_articles_however_many_pass():
    recent = RecentIndex(capacity=50)
    for i in range(2000):
        recent.add({"url_key": f"k{i}", "fingerprints": {"exact": f"e{i}", "bands": [f"b{i}-{j}" for j in range(8)]}})
    assert len(recent) == 50
    assert len(recent._by_exact) == 50
    assert recent.candidates("k1999", exact="e1999")
    assert not recent.candidates("k0", exact="e0")


def test_the_crawl_process_does_not_import_the_body_extraction():
    """trafilatura (and what it brings) is the workers' alone: ~4 MB of heap the crawl process does not hold."""
    code = ("import sys, newswatch.settings, newswatch.pipelines, newswatch.spiders.feeds, newswatch.process, "
            "newswatch.incremental, newswatch.extensions\n"
            "assert 'trafilatura' not in sys.modules, 'trafilatura imported'\n"
            "from newswatch.extract import extract_body\n"
            "assert 'trafilatura' in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)
