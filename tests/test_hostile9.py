"""Hostile input, ninth round: cases rounds 1-8 (tests/test_hostile*.py) do not try, in one real `scrapy crawl` of
two mock sites on 127.0.0.1 (routes in tests/mocksite/hostile9.py; the second site, on another port, is where the
cross-host redirects go), plus two small crawls whose database goes away mid-crawl: locked by another process, and
full (a file-size limit, RLIMIT_FSIZE, on the crawl). Written blind: each case's expectation is what a careful
analyst wants, set down before the crawl was run on it. The crawl must finish without a traceback, every bad thing
be logged with its reason and counted, every good article stored once and clean.
"""

from __future__ import annotations

import contextlib
import json
import re
import resource
import sqlite3
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests._rounds import strict_xfails, titled
from tests.crawling import PROJECT_ROOT, CrawlRun, crawl_command, run_crawl
from tests.mocksite import MockNewsSite, bulk_routes
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile9 import (
    BAD_PAGE_DATES,
    CROSS_HOST,
    DISCOVERED,
    DISCOVERED_TITLE,
    DUPLICATE_SPELLINGS,
    DUPLICATE_TITLES,
    FEEDS,
    GOOD_COUNT,
    MAX_BYTES,
    MAX_HITS,
    NOT_FOLLOWED,
    OLD_DATED,
    REJECTED,
    SALVAGED,
    SECRET_MARKERS,
    SITEMAP_REFUSED,
    SITEMAPS,
    STORM_PATHS,
    hostile9_routes,
    other_routes,
)
from tests.test_faults import _articles_served, _when
from tests.test_hostile6 import _DIRTY, _newswatch_stats

#: Blind misses left after the round, each pinned as a strict xfail with what stands in the way.
#: (/v/d/laughs and /v/d/xxe, refused with their whole feed until entities were settled unexpanded: discovery.py)
KNOWN_MISSES: dict[str, str] = {}
DB_COUNT = 10
#: The crawl's file-size limit in the disk-full case: over an empty database (72 KB) and a spill file of DB_COUNT
#: articles, under what the database needs to take them all.
FSIZE_LIMIT = 160 * 1024


#: The database crawls are about the store: their few pages are extracted in the crawl process, without starting a
#: worker pool beside the hostile crawl on a shared machine.
_IN_PROCESS = {"NEWSWATCH_EXTRACT_WORKERS": "0"}


def _hostile_crawl(work):
    main: dict = {}
    with (MockNewsSite(routes=other_routes(main)) as other,
          MockNewsSite(routes=hostile9_routes(other.base_url)) as site):
        main["base"] = site.base_url
        run = run_crawl(work, args={"feeds": ",".join(site.url(p) for p in FEEDS),
                                    "sitemaps": ",".join(site.url(p) for p in SITEMAPS), "since": "3d"},
                        settings={"DOWNLOAD_WARNSIZE": "0", "DOWNLOAD_MAXSIZE": str(MAX_BYTES),
                                  "DOWNLOAD_TIMEOUT": "6", "RETRY_TIMES": "1",
                                  # the pages draw their paragraphs from one pool of sentences: the
                                  # recurring-lines memory would learn them as template lines in arrival order
                                  "NEWSWATCH_CLEAN_RECURRING": "0"},
                        timeout=600)
    return site, other, run


def _locked_crawl(work):
    """Another process (a backup, an analyst's long query) takes the database's write lock half-way through the
    crawl and keeps it three seconds."""
    db_path = work / "newswatch.sqlite3"
    holder: dict = {}

    def lock():
        holder["conn"] = conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN EXCLUSIVE")

    def unlock():
        time.sleep(3)
        holder["conn"].execute("COMMIT")
        holder["conn"].close()

    with MockNewsSite(routes=bulk_routes(DB_COUNT, latency=0.1)) as site:
        locked = _when(lambda: _articles_served(site) >= DB_COUNT // 2 and db_path.exists(), lock)
        released = _when(lambda: "conn" in holder, unlock)
        run = run_crawl(work, args={"feeds": site.url("/bulk.xml"), "since": "all"}, db_path=db_path,
                        settings={"NEWSWATCH_STORE_BATCH_SIZE": "2", "CONCURRENT_REQUESTS": "2",
                                  "CONCURRENT_REQUESTS_PER_DOMAIN": "2", **_IN_PROCESS}, timeout=400)
        locked.join()
        released.join()
    return site, run


def _disk_full_crawl(work):
    """The disk fills up under the crawl: every file it writes is limited to FSIZE_LIMIT bytes (RLIMIT_FSIZE, which
    makes a write past it fail with EFBIG as a full disk fails with ENOSPC)."""
    with MockNewsSite(routes=bulk_routes(DB_COUNT)) as site:
        cmd, env, db_path, stats_file = crawl_command(work, args={"feeds": site.url("/bulk.xml"), "since": "all"},
                                                      settings={"NEWSWATCH_STORE_BATCH_SIZE": "2", **_IN_PROCESS})

        def limit():
            resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))

        proc = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=400,
                              preexec_fn=limit)
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return site, CrawlRun(proc.returncode, stats, proc.stderr + proc.stdout, db_path)


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    with ThreadPoolExecutor(3) as pool:
        hostile = pool.submit(_hostile_crawl, tmp_path_factory.mktemp("hostile9"))
        locked = pool.submit(_locked_crawl, tmp_path_factory.mktemp("hostile9-locked"))
        full = pool.submit(_disk_full_crawl, tmp_path_factory.mktemp("hostile9-full"))
        return hostile.result(), locked.result(), full.result()


@pytest.fixture(scope="module")
def hostile9(crawls):
    return crawls[0]


def test_crawl_finishes_without_a_traceback_and_every_good_article_is_stored_once(hostile9):
    site, _, run = hostile9
    run.assert_finished_cleanly()
    stored = run.stored_by_path(site.base_url)
    for n in range(GOOD_COUNT):
        assert len(stored.get(f"/bulk/{n}", [])) == 1, f"/bulk/{n} not stored exactly once"


def _assert_clean(doc):
    for field in ("title", "body", "description"):
        dirty = _DIRTY.search(doc.get(field) or "")
        assert not dirty, f"{field} holds {dirty.group()!r} at {dirty.start()}: {doc[field][:200]!r}"
        # UTF-8 read as latin-1 or as windows-1251 (Cyrillic's lead bytes D0/D1 then a continuation byte)
        mojibake = re.search("[ÃÂÐÑÀ][\u0080-\u00ff]|[РС][ЂЃ‚ѓ„†‡€‰Љ‹ЊЌЋЏђ™љ›њќћџЎўЈ¤¦§©¬®°±µ¶·ѕјЅ]",
                             doc.get(field) or "")
        assert not mojibake, f"{field} holds mojibake {mojibake.group()!r}: {doc[field][:200]!r}"


@pytest.mark.parametrize("path", strict_xfails(SALVAGED, KNOWN_MISSES))
def test_hostile_delivery_of_a_good_story_still_stores_it_once_and_clean(hostile9, path):
    site, _, run = hostile9
    title, text = SALVAGED[path]
    docs = titled(run, title)
    assert len(docs) == 1, f"{path}: {[d['url'] for d in docs]} stored; stats {_newswatch_stats(run)}"
    doc = docs[0]
    assert doc["url"].removeprefix(site.base_url).split("?")[0] == path, doc["url"]
    assert (text or lead(title)) in doc["body"], doc["body"][:500]
    _assert_clean(doc)


@pytest.mark.parametrize("path", strict_xfails(BAD_PAGE_DATES, KNOWN_MISSES))
def test_an_impossible_page_date_is_not_stored_as_the_story_s_date(hostile9, path):
    _, _, run = hostile9
    doc = titled(run, SALVAGED[path][0])[0]
    assert not str(doc.get("published") or "").startswith(str(BAD_PAGE_DATES[path])), doc.get("published")


@pytest.mark.parametrize("path", strict_xfails(CROSS_HOST, KNOWN_MISSES))
def test_a_story_behind_redirects_across_hosts_is_stored_once_under_its_final_url(hostile9, path):
    site, other, run = hostile9
    title, host, final = CROSS_HOST[path]
    docs = titled(run, title)
    assert len(docs) == 1, (path, [d["url"] for d in docs], _newswatch_stats(run))
    assert docs[0]["url"] == {"main": site, "other": other}[host].url(final), docs[0]["url"]


@pytest.mark.parametrize("path", strict_xfails(DUPLICATE_TITLES, KNOWN_MISSES))
def test_a_story_under_tracking_parameters_is_fetched_once_and_stored_once(hostile9, path):
    site, _, run = hostile9
    assert sum(site.hits[p] for p in DUPLICATE_SPELLINGS[path]) == 1, (
        {p: site.hits[p] for p in DUPLICATE_SPELLINGS[path]}, _newswatch_stats(run))
    docs = titled(run, DUPLICATE_TITLES[path])
    assert len(docs) == 1 and "utm_" not in docs[0]["url"] and "clid" not in docs[0]["url"], [
        d["url"] for d in docs]


def test_a_429_with_a_short_retry_after_is_waited_for_once(hostile9):
    site, _, _ = hostile9
    assert site.hits["/v/429-seconds"] == 2 and site.hits["/v/429-bare"] == 2, (site.hits["/v/429-seconds"],
                                                                                site.hits["/v/429-bare"])


@pytest.mark.parametrize("path", strict_xfails(REJECTED, KNOWN_MISSES))
def test_page_that_cannot_be_an_article_is_counted_and_logged_with_its_reason(hostile9, path):
    site, _, run = hostile9
    assert path not in run.stored_by_path(site.base_url)
    assert any(run.stat(stat) for stat in REJECTED[path]), (REJECTED[path], _newswatch_stats(run))
    assert site.url(path) in run.log


@pytest.mark.parametrize("path", strict_xfails(MAX_HITS, KNOWN_MISSES))
def test_a_loop_or_a_refusal_is_not_asked_forever(hostile9, path):
    site, _, _ = hostile9
    assert 1 <= site.hits[path] <= MAX_HITS[path], site.hits[path]


def test_a_503_storm_asks_each_page_at_most_twice_and_counts_each(hostile9):
    site, _, run = hostile9
    assert all(1 <= site.hits[p] <= 2 for p in STORM_PATHS), {p: site.hits[p] for p in STORM_PATHS}
    assert run.stat("newswatch/fetch/error/http_503") >= len(STORM_PATHS), _newswatch_stats(run)


def test_a_bomb_is_refused_in_bounded_memory(hostile9):
    _, _, run = hostile9
    # Inflating a 400 MB bomb whole would show in the crawl's peak memory (the crawl stores far less than 400 MB)
    peak = run.stats.get("memusage/max")
    assert peak is None or peak < 1024 * 1024 * 1024, peak


@pytest.mark.parametrize("path", strict_xfails(DISCOVERED, KNOWN_MISSES))
def test_an_article_behind_a_hostile_feed_or_sitemap_is_found_and_stored_once(hostile9, path):
    site, _, run = hostile9
    assert site.hits[path] == 1, (path, DISCOVERED[path], site.hits[DISCOVERED[path]], _newswatch_stats(run))
    assert len(titled(run, DISCOVERED_TITLE.format(where=DISCOVERED[path], path=path))) == 1


@pytest.mark.parametrize("path", [*NOT_FOLLOWED, *OLD_DATED])
def test_a_link_in_a_description_or_an_old_entry_is_never_fetched(hostile9, path):
    site, _, run = hostile9
    assert site.hits[path] == 0, (path, _newswatch_stats(run))


@pytest.mark.parametrize("path", list(SITEMAP_REFUSED))
def test_a_sitemap_that_cannot_be_read_is_counted_and_logged(hostile9, path):
    site, _, run = hostile9
    assert any(run.stat(stat) for stat in SITEMAP_REFUSED[path]), (SITEMAP_REFUSED[path], _newswatch_stats(run))
    assert site.url(path) in run.log


def test_no_entity_in_a_feed_is_expanded_or_read(hostile9):
    _, _, run = hostile9
    texts = [run.log, *(json.dumps(doc, ensure_ascii=False, default=str) for doc in run.stored())]
    for marker in SECRET_MARKERS:
        assert not any(marker in text for text in texts), marker


def test_every_fetch_failure_names_a_readable_reason(hostile9):
    _, _, run = hostile9
    reasons = set(re.findall(r"fetch failed \(([^)]*)\)", run.log))
    assert all(re.fullmatch(r"[a-z0-9_]+", r) for r in reasons), reasons


# --- the database goes away mid-crawl -----------------------------------------------------------------------------


def _bulk_urls(site) -> set[str]:
    return {site.url(f"/bulk/{n}") for n in range(DB_COUNT)}


def test_a_database_locked_mid_crawl_loses_nothing(crawls):
    site, run = crawls[1]
    run.assert_finished_cleanly()
    stored = [doc["url"] for doc in run.stored()]
    assert sorted(stored) == sorted(_bulk_urls(site)), (stored, _newswatch_stats(run))


def _spilled_urls(work: Path) -> set[str]:
    urls = set()
    for path in (work / "spill").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            with contextlib.suppress(ValueError, KeyError, TypeError):  # a line cut by the full disk
                urls.add(json.loads(line)["url"])
    return urls


def test_a_full_disk_is_one_clear_error_and_every_article_is_stored_or_spilled(crawls):
    site, run = crawls[2]
    assert run.returncode == 0, run.log[-3000:]
    assert "Traceback" not in run.log, run.log[run.log.index("Traceback") - 1000:][:4000]
    stored = {doc["url"] for doc in run.stored()}
    kept = stored | _spilled_urls(run.db_path.parent)
    assert kept >= _bulk_urls(site), (sorted(_bulk_urls(site) - kept), _newswatch_stats(run))
    # (blind, this looked for "File too large" or "disk is full" only; the store names the limit itself)
    assert re.search(r"File too large|disk is full|RLIMIT_FSIZE", run.log), run.log[-3000:]
    assert run.stat("newswatch/store/spilled") + run.stat("newswatch/store/inserted") >= DB_COUNT, \
        _newswatch_stats(run)
