"""What the hostile-input rounds share (tests/test_hostile*.py): their known misses as strict xfails, one crawl of a
round's mock site, and the ways a round finds what that crawl stored; and what the outlet rounds share
(tests/test_outlets4*.py, tests/test_outlets3_holdout.py): one crawl of a set's mock sites and the per-outlet check.

A round's module keeps its cases (tests/mocksite/hostile*.py) and its checks; the crawl's settings that differ from
:data:`ROUND_SETTINGS` are passed by name, so a module says only what its round needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from tests.crawling import CrawlRun, run_crawl
from tests.mocksite.hostile2 import lead
from tests.test_outlets3 import crawl, misses, outlet_keys

__all__ = ["ROUND_SETTINGS", "assert_salvaged", "assert_the_good_bulk_is_stored_once", "crawl_outlet_set",
           "crawl_round", "each_outlet_stores_its_stories", "newswatch_stats", "stored_by_bare_path",
           "stored_by_path_on_any_host", "stored_once", "strict_xfails", "titled"]

#: A round's crawl: one retry and a long download timeout (no route hangs: a loaded machine's slow answer is not asked
#: twice); the pages draw their paragraphs from one pool of sentences, which the recurring-lines memory would learn as
#: template lines in arrival order, so it is off.
ROUND_SETTINGS = {"DOWNLOAD_TIMEOUT": "30", "RETRY_TIMES": "1", "NEWSWATCH_CLEAN_RECURRING": "0"}


def newswatch_stats(run: CrawlRun) -> dict:
    """The crawl's own stats (``newswatch/...``), what a failed check shows."""
    return {k: v for k, v in run.stats.items() if k.startswith("newswatch/")}


def strict_xfails(keys: Iterable, misses: dict) -> list:
    """``keys`` as test parameters, each one ``misses`` names a strict xfail with its reason."""
    return [pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=misses[key])) if key in misses else key
            for key in keys]


def crawl_round(tmp_path: Path, site, feeds: Iterable[str], sitemaps: Iterable[str] | None = None, *,
                timeout: float, **settings: str) -> CrawlRun:
    """The round's crawl of ``site`` (a started mock site), 3 days back: ``feeds`` and ``sitemaps`` are its paths (or
    whole URLs, another host's); ``settings`` change or add to :data:`ROUND_SETTINGS`; ``timeout``: seconds the
    whole crawl may take."""
    args = {"feeds": ",".join(_url(site, p) for p in feeds)}
    if sitemaps is not None:
        args["sitemaps"] = ",".join(_url(site, p) for p in sitemaps)
    args["since"] = "3d"
    return run_crawl(tmp_path, args=args, settings={**ROUND_SETTINGS, **settings}, timeout=timeout)


def _url(site, path: str) -> str:
    return path if "://" in path else site.url(path)


def stored_by_bare_path(site, run: CrawlRun) -> dict[str, list[dict]]:
    """The stored documents by their URL's path on ``site``, query left out."""
    return {path.split("?")[0]: docs for path, docs in run.stored_by_path(site.base_url).items()}


def stored_by_path_on_any_host(run: CrawlRun) -> dict[str, list[dict]]:
    """The stored documents by their URL's path, whatever its host, query left out."""
    found: dict[str, list[dict]] = {}
    for doc in run.stored():
        path = "/" + doc["url"].split("://", 1)[-1].split("/", 1)[-1].split("?")[0]
        found.setdefault(path, []).append(doc)
    return found


def stored_once(stored: dict[str, list[dict]], path: str, run: CrawlRun) -> dict:
    """The one document ``stored`` holds at ``path`` (none or two fail, naming what was stored and the crawl's
    stats)."""
    docs = stored.get(path, [])
    assert len(docs) == 1, (path, sorted(stored), newswatch_stats(run))
    return docs[0]


def titled(run: CrawlRun, title: str) -> list[dict]:
    """The stored documents with this title."""
    return [doc for doc in run.stored() if doc["title"] == title]


def assert_the_good_bulk_is_stored_once(site, run: CrawlRun, good_count: int) -> None:
    """The crawl ended cleanly and each of the round's ``/bulk/<n>`` stories is stored once."""
    run.assert_finished_cleanly()
    stored = run.stored_by_path(site.base_url)
    assert all(len(stored.get(f"/bulk/{n}", [])) == 1 for n in range(good_count)), sorted(stored)


def assert_salvaged(site, run: CrawlRun, path: str, title: str, text: str | None, dirty: re.Pattern, *,
                    fields: tuple[str, ...] = ("title", "body")) -> None:
    """A story delivered in a hostile way is stored once, at its own URL, with its text (``text``, or the lead its
    title makes) and none of ``dirty`` in ``fields``."""
    docs = titled(run, title)
    assert len(docs) == 1, f"{path}: {[d['url'] for d in docs]} stored; stats {newswatch_stats(run)}"
    assert docs[0]["url"] == site.url(path)
    assert (text or lead(title)) in docs[0]["body"], docs[0]["body"][:500]
    for field in fields:
        found = dirty.search(docs[0][field] or "")
        assert not found, (field, found)


def crawl_outlet_set(tmp_path: Path, folder: Path, **options) -> tuple[list[dict], dict[str, str], dict, dict]:
    """Every outlet of the set in ``folder``, crawled in one process (:func:`tests.test_outlets3.crawl`, with its
    ``options``), which must end with status 0 and no traceback: the stored documents, the mock sites' origins, each
    outlet's stats and the requests each site answered."""
    docs, returncode, log, stats, origins, hits = crawl(tmp_path, outlet_keys(folder), folder, **options)
    assert returncode == 0, log[-4000:]
    assert "Traceback" not in log, log[log.index("Traceback") - 1500:][:4000]
    return docs, origins, stats, hits


def each_outlet_stores_its_stories(folder: Path, known_misses: dict[str, str]) -> Callable:
    """Per outlet of the set (a module fixture ``crawled`` gives :func:`crawl_outlet_set`'s answer): it stores
    exactly its expected stories, at their URLs, in their language, with their dates; ``known_misses`` are strict
    xfails."""

    @pytest.mark.parametrize("outlet", strict_xfails(outlet_keys(folder), known_misses))
    def test(crawled, outlet):
        docs, origins, stats, _ = crawled
        wrong = misses(outlet, docs, origins, folder)
        assert wrong == {}, {k: v for k, v in stats[outlet].items() if "newswatch/" in k}

    return test
