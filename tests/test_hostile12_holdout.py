"""Hostile input, twelfth round's holdout: new cases written after the round's fixes, before the crawler was run on
them (tests/test_hostile12.py's conventions). A feed listing one story under 500 tracking-parameter spellings, a
story served as ``video/mp4``, a ``<frameset>`` page with no text, a story whose only title is a 1 MB ``<title>``
(no ``<h1>``, no ``og:title``), JSON-LD nested 100,000 arrays deep (Python's json parser recurses), and a story
that redirects to itself with a new session parameter each time.
"""

from __future__ import annotations

import itertools
import threading

import pytest

from tests._rounds import crawl_round, stored_by_path_on_any_host, stored_once, strict_xfails
from tests.mocksite import MockNewsSite
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile4 import page
from tests.test_hostile6 import _newswatch_stats
from tests.test_hostile9 import _assert_clean
from tests.test_hostile12 import PRODUCTION_MAXSIZE, TITLE_MAX, _html, _rss

SPELLINGS = 500


def _title_only_in_head(title: str) -> str:
    junk = (" — " + lead(title)) * (1_000_000 // len(lead(title)))
    html = page(title).replace(f"<h1>{title}</h1>", "", 1)
    return html.replace(f"<title>{title}</title>", f"<title>{title}{junk}</title>", 1)


def _deep_jsonld(title: str) -> str:
    depth = 100_000
    block = '{"@context":"https://schema.org","@type":"NewsArticle","headline":"' + title + '","x":' + \
        "[" * depth + "]" * depth + "}"
    return page(title, head=f'<script type="application/ld+json">{block}</script>')


def _session_loop(handler, base):
    counter = _session_loop.counter
    with _session_loop.lock:
        n = next(counter)
    return 302, "text/html", b"", {"Location": f"{base}/z/session-loop?sid={n}"}


_session_loop.counter = itertools.count()
_session_loop.lock = threading.Lock()

_FRAMESET = ("<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Frameset//EN\"><html><head><meta charset='utf-8'>"
             "<title>Новини</title></head><frameset rows='80,*'><frame src='/top.html' name='top'>"
             "<frame src='/main.html' name='main'></frameset><noframes></noframes></html>")

#: Stories that must be stored once and clean: path -> title.
SALVAGED = {
    "/z/d/tracked": "Tracking spellings: Moldova asks NATO for air-defence radars",
    "/z/as-video": "Served as video: Ukrainian grain corridor keeps running despite strikes",
    "/z/title-only-in-head": "Only a huge title: Russia moves Iskander launchers closer to Finland",
    "/z/deep-jsonld": "Deep JSON-LD: Kyiv hosts talks on a European peacekeeping force",
}
#: Pages that hold no article: path -> stat prefixes, one of which must count it.
REJECTED = {
    "/z/frameset": ("newswatch/dropped/", "newswatch/article/"),
    "/z/session-loop": ("newswatch/fetch/error/", "newswatch/dropped/", "newswatch/article/"),
}
#: Requests a document may cost at most (Scrapy's REDIRECT_MAX_TIMES is 20; a retry may ask once more).
MAX_HITS = {"/z/session-loop": 42, "/z/d/tracked": 1}

KNOWN_MISSES: dict[str, str] = {}


def routes() -> dict:
    s = SALVAGED
    tracked = [f"/z/d/tracked?utm_source=rss&utm_medium=feed&utm_campaign=c{n}" for n in range(SPELLINGS)]
    return {
        "/z/d/tracked": _html(page(s["/z/d/tracked"])),
        "/z/as-video": _html(page(s["/z/as-video"]), "video/mp4"),
        "/z/title-only-in-head": _html(_title_only_in_head(s["/z/title-only-in-head"])),
        "/z/deep-jsonld": _html(_deep_jsonld(s["/z/deep-jsonld"])),
        "/z/frameset": _html(_FRAMESET),
        "/z/session-loop": _session_loop,
        "/z/f/tracked.xml": _html(_rss(tracked, "{{rfc822:2h}}"), "application/rss+xml"),
        "/z/pages.xml": _html(_rss(["/z/as-video", "/z/title-only-in-head", "/z/deep-jsonld", "/z/frameset",
                                    "/z/session-loop"], "{{rfc822:2h}}"), "application/rss+xml"),
    }


@pytest.fixture(scope="module")
def holdout12(tmp_path_factory):
    with MockNewsSite(routes=routes()) as site:
        run = crawl_round(tmp_path_factory.mktemp("hostile12h"), site, ("/z/pages.xml", "/z/f/tracked.xml"),
                          timeout=300, DOWNLOAD_MAXSIZE=str(PRODUCTION_MAXSIZE))
        yield site, run


def test_crawl_finishes_without_a_traceback(holdout12):
    holdout12[1].assert_finished_cleanly()


@pytest.mark.parametrize("path", strict_xfails(SALVAGED, KNOWN_MISSES))
def test_a_hostile_story_is_stored_once_and_clean(holdout12, path):
    _, run = holdout12
    doc = stored_once(stored_by_path_on_any_host(run), path, run)
    assert doc["title"].startswith(SALVAGED[path]) and len(doc["title"]) <= TITLE_MAX, doc["title"][:300]
    assert lead(SALVAGED[path]) in doc["body"], doc["body"][:500]
    _assert_clean(doc)


@pytest.mark.parametrize("path", strict_xfails(REJECTED, KNOWN_MISSES))
def test_a_page_that_is_no_article_is_counted_and_logged(holdout12, path):
    site, run = holdout12
    assert path not in stored_by_path_on_any_host(run)
    assert any(key.startswith(REJECTED[path]) and value for key, value in run.stats.items()), (
        REJECTED[path], _newswatch_stats(run))
    assert site.url(path) in run.log


@pytest.mark.parametrize("path", strict_xfails(MAX_HITS, KNOWN_MISSES))
def test_a_document_is_not_asked_forever(holdout12, path):
    site, run = holdout12
    assert 1 <= site.hits[path] <= MAX_HITS[path], (site.hits[path], _newswatch_stats(run))

