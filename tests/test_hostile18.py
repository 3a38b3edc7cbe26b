"""Hostile input and store faults, eighteenth round: cases rounds 1-17 (tests/test_hostile*.py, tests/test_faults.py)
do not try. Written blind: each case's expectation is what a demanding operator wants, set down before the crawler was
run on it. The crawl never crashes, loses no good article, and every bad input gets a log line and a counted stat.

One crawl of a mock site on 127.0.0.1 whose routes are in this file:

* feeds: Atom entries with no ``<link>`` whose ``<id>`` is the story's URL (and one whose ``urn:uuid:`` id is no
  link); RSS behind a UTF-8 BOM that declares ``encoding="ISO-8859-1"`` and links a Cyrillic path; items dated in the
  year 20256 (a typo'd year) and at the epoch's zero written in New York's clock (``Wed, 31 Dec 1969 19:00:00 -0500``);
  dates as JavaScript's ``Date.toString()`` writes them (``Sat Nov 28 2026 10:00:00 GMT+0200 (Eastern European
  Standard Time)``: a fresh item and a 20-day-old one); links wrapped in no-break spaces (raw U+00A0 and ``&#160;``);
  a feed answering ``200`` with an empty body;
* sitemaps: a robots.txt (given as a sitemap) naming ``Sitemap: file:///etc/passwd`` and ``gopher://`` beside a good
  one; a urlset whose ``<lastmod>`` is in the year 20256;
* articles: a page gzipped twice under one ``Content-Encoding: gzip`` (a proxy compressing what the application had
  compressed); an HTML story served as ``application/octet-stream`` under a URL with no extension; a Ukrainian page in
  UTF-16BE with no BOM and no charset anywhere; NUL bytes inside the words of a story; a JSON-LD ``datePublished`` in
  the year 20256 beside a good ``article:published_time``.

Store faults (each its own crawl into the MongoDB stand-in, nx-27017): its database file locked by another process for
12 s mid-crawl (every write the server takes meanwhile fails: a transient write failure, then back), and the server
frozen mid-crawl (SIGSTOP: a hung VM or a disk stall) for the rest of the crawl.

Blind run (commit 00f86bc, first run): **8 of 31 tests failed**, over 6 cases. A page gzipped twice was lost as
``not_html`` ("the body is a gzip data"); the feed behind a UTF-8 BOM and a latin-1 declaration was read as latin-1,
its Cyrillic link became ``Ð±Ð¾Ð¼``, a 404, the story lost (2 tests); the Ukrainian UTF-16BE page was sniffed as
binary data (its letters leave too few NULs for the old test), the story lost; the no-break spaces around links were
taken off without a word (stored, uncounted); robots.txt's ``file:`` and ``gopher:`` sitemaps were dropped without a
word; and with nx-27017's database locked for 12 s, 2 articles were set aside as refused for good (the server named
them in its bulk write's errors, code 8 "database is locked"), the ``store_rejected`` alarm raised, no retry (2
tests). The frozen server was ridden out already (pymongo's monitor gives up on it; the batches spill and the alarm
is raised), as were the Atom ids, the odd years, JavaScript's dates, the empty feed and the octet stream.

After the fixes (``PlainBodyMiddleware`` labels a page gzipped twice ``gzip, gzip``; a UTF-8 BOM wins over a feed's
XML declaration; UTF-16 without a BOM is told by the byte position its NULs sit in; a typographic space around a link
is a counted repair; robots.txt's sitemaps go through the feeds' link checks; ``MongoStore`` takes a write error of a
transient code or saying the database is locked, busy or full as the store's passing state): 31 of 31.

Brief's cases already tried by earlier rounds (not repeated): a sitemap index looping or 3 deep, gzip bombs in
sitemaps, meta-refresh loops, redirects to non-http schemes, HTML as ``application/octet-stream`` under ``.html``,
UTF-16LE without a BOM, 50,000+ nested ``<div>``, NUL runs in a head, Set-Cookie storms, an empty 200 page, a body that
stalls past the timeout, windows-1251 and UTF-8 halves, robots.txt that is HTML or huge, SQLite disk full.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import signal
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pymongo
import pytest

from tests._mongo_server import NxServer, nx_available
from tests._rounds import crawl_round, newswatch_stats, strict_xfails, titled
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, bulk_routes, render
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile2 import page as undated_page
from tests.mocksite.hostile4 import _UK_OTHER, lead_uk, page
from tests.test_faults import FAST_STORE, FAST_STORE_ENV, SLOW, _articles_served, _when
from tests.test_hostile14 import _html, _item, _rss
from tests.test_hostile17 import (
    assert_counted_and_logged,
    assert_found_and_stored_once,
    assert_stored_once_clean_and_whole,
    listing_routes,
)

# --- feeds ---------------------------------------------------------------------------------------------------------

_ATOM_ID_LINKS = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ids as links</title><id>{{base}}/r/f/atom-ids.xml</id>
<updated>{{iso:1h}}</updated>
<entry><title>Story by its id</title><id>{{base}}/r/d/atom-id-1</id><updated>{{iso:2h}}</updated></entry>
<entry><title>No link, no URL</title><id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
 <updated>{{iso:2h}}</updated></entry>
</feed>
"""

CYRILLIC_PATH = "/r/d/%D0%B1%D0%BE%D0%BC"  # /r/d/бом, as the request line carries it


def _bom_latin1_feed(handler, base):
    xml = render('<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="2.0"><channel><title>Новини: Україна '
                 "і НАТО</title><link>{{base}}/</link>\n"
                 "<item><title>Україна отримала нові системи ППО</title><link>{{base}}/r/d/бом</link>"
                 "<pubDate>{{rfc822:2h}}</pubDate></item>\n</channel></rss>\n", base)
    return 200, "application/rss+xml", b"\xef\xbb\xbf" + xml.encode("utf-8"), None


_ODD_YEARS = _rss(_item("{{base}}/r/d/year-20256", "Year 20256", "Sat, 28 Nov 20256 10:00:00 +0000")
                  + _item("{{base}}/r/d/epoch-1969", "Epoch zero in New York", "Wed, 31 Dec 1969 19:00:00 -0500"))


def js_date(moment: datetime) -> str:
    """``moment`` as JavaScript's ``Date.prototype.toString()`` writes it in Kyiv's winter clock."""
    local = moment.astimezone(timezone(timedelta(hours=2)))
    return local.strftime("%a %b %d %Y %H:%M:%S GMT+0200 (Eastern European Standard Time)")


def _js_dates_feed(handler, base):
    now = datetime.now(UTC)
    items = (_item(f"{base}/r/d/jsdate-fresh", "Fresh", js_date(now - timedelta(hours=3)))
             + _item(f"{base}/r/d/jsdate-old", "Old", js_date(now - timedelta(days=20))))
    return 200, "application/rss+xml", render(_rss(items), base).encode(), None


_NBSP_LINKS = _rss("<item><title>NBSP</title><link>\u00a0{{base}}/r/d/nbsp-1\u00a0</link>"
                   "<pubDate>{{rfc822:2h}}</pubDate></item>\n"
                   "<item><title>NBSP entity</title><link>&#160;{{base}}/r/d/nbsp-2&#160;</link>"
                   "<pubDate>{{rfc822:2h}}</pubDate></item>\n")

# --- sitemaps ------------------------------------------------------------------------------------------------------

_ROBOTS = ("User-agent: *\nDisallow: /r/private/\n\nSitemap: file:///etc/passwd\n"
           "Sitemap: gopher://127.0.0.1:6379/_INFO\nSitemap: {{base}}/r/s/robots-listed.xml\n")

_URLSET = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           "<url><loc>{{base}}/r/d/%s</loc><lastmod>%s</lastmod></url></urlset>\n")

# --- articles ------------------------------------------------------------------------------------------------------


def _gzipped_twice(title: str):
    def route(handler, base):
        body = gzip.compress(gzip.compress(render(page(title), base).encode()))
        return 200, "text/html; charset=utf-8", body, {"Content-Encoding": "gzip"}
    return route


def _utf16be_page(title: str):
    published = (datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="seconds")
    html = undated_page(title, list(_UK_OTHER), lang="uk", meta_charset=None,
                        head=f'<meta property="article:published_time" content="{published}">')
    html = html.replace(lead(title), lead_uk(title))
    return lambda handler, base: (200, "text/html", render(html, base).encode("utf-16-be"), None)


def nul_split(text: str) -> str:
    """``text`` with a NUL byte inside every word of seven letters or more, as a broken CMS export writes it."""
    return " ".join(word[:3] + "\x00" + word[3:] if len(word) >= 7 else word for word in text.split(" "))


def _nul_in_words(title: str) -> str:
    html = page(title)
    return html.replace(lead(title), nul_split(lead(title)))


def _bad_year_jsonld(title: str) -> str:
    block = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
             f'"headline": "{title}", "datePublished": "20256-11-28T10:00:00+00:00", '
             '"dateModified": "20256-11-28T11:00:00+00:00"}</script>')
    return page(title, head=block)


# --- expectations --------------------------------------------------------------------------------------------------

UTF16_TITLE = "UTF-16BE без BOM: Литва передала Україні нові системи протидії дронам"

#: Stories that must be stored once, clean: path -> title.
SALVAGED: dict[str, str] = {
    "/r/a/gzip-twice": "Gzipped twice: Norway's air-defence package reaches Ukraine",
    "/r/a/octet-noext": "Octet stream: Poland expands its eastern border fortifications",
    "/r/a/utf16be": UTF16_TITLE,
    "/r/a/nul-in-words": "NUL inside words: Romania hosts a new NATO battlegroup exercise",
    "/r/a/year-20256": "Year 20256 in JSON-LD: Czech ammunition initiative delivers more shells",
}
#: Text each salvaged story's body must hold, where it is not its English lead.
MUST_HOLD = {"/r/a/utf16be": lead_uk(UTF16_TITLE)}
#: Articles found only through a hostile feed or sitemap: path -> the feed or sitemap listing it.
DISCOVERED: dict[str, str] = {
    "/r/d/atom-id-1": "/r/f/atom-ids.xml",
    CYRILLIC_PATH: "/r/f/bom-latin1.xml",
    "/r/d/year-20256": "/r/f/odd-years.xml",
    "/r/d/epoch-1969": "/r/f/odd-years.xml",
    "/r/d/jsdate-fresh": "/r/f/js-dates.xml",
    "/r/d/nbsp-1": "/r/f/nbsp.xml",
    "/r/d/nbsp-2": "/r/f/nbsp.xml",
    "/r/d/robots-1": "/r/s/robots-listed.xml",
    "/r/d/sitemap-20256": "/r/s/year-20256.xml",
}
DISCOVERED_TITLE = "Hostile 18 {where}: {path}"
#: Pages the crawl must never ask for (an entry older than the crawl's window).
NEVER_FETCHED = ["/r/d/jsdate-old"]
#: Bad inputs the crawl got past or refused: path (or a URL the log names) -> (stat prefixes, one of which must count
#: it; words, one of which the log line naming it must hold).
REPAIRED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "/r/f/atom-ids.xml": (("newswatch/discovery/no_link",), ("without a link", "no link")),
    "/r/f/bom-latin1.xml": (("newswatch/discovery/repaired/",), ("BOM", "byte order", "encoding")),
    "/r/f/odd-years.xml": (("newswatch/discovery/bad_date",), ("date",)),
    "/r/f/nbsp.xml": (("newswatch/discovery/repaired/",), ("space", "invisible", "NBSP", "no-break")),
    "/r/f/empty.xml": (("newswatch/discovery/bad_document", "newswatch/discovery/empty"), ("empty", "no content",
                                                                                           "0 bytes")),
    "file:///etc/passwd": (("newswatch/discovery/bad_link",), ("file:",)),
    "/r/s/year-20256.xml": (("newswatch/discovery/bad_date",), ("date",)),
    "/r/a/gzip-twice": (("newswatch/fetch/", "newswatch/article/"), ("gzip", "twice", "compressed")),
    "/r/a/octet-noext": (("newswatch/article/untyped_html", "newswatch/article/mistyped_html"), ("octet-stream",)),
    "/r/a/nul-in-words": (("newswatch/article/repaired/nul_bytes",), ("NUL",)),
}


def hostile18_routes() -> dict:
    s = SALVAGED
    routes = {
        "/r/f/atom-ids.xml": _html(_ATOM_ID_LINKS, "application/atom+xml"),
        "/r/f/bom-latin1.xml": _bom_latin1_feed,
        "/r/f/odd-years.xml": _html(_ODD_YEARS, "application/rss+xml"),
        "/r/f/js-dates.xml": _js_dates_feed,
        "/r/f/nbsp.xml": _html(_NBSP_LINKS, "application/rss+xml"),
        "/r/f/empty.xml": lambda handler, base: (200, "application/rss+xml", b"", None),
        "/robots.txt": _html(_ROBOTS, "text/plain"),
        "/r/s/robots-listed.xml": _html(_URLSET % ("robots-1", "{{iso:2h}}"), "application/xml"),
        "/r/s/year-20256.xml": _html(_URLSET % ("sitemap-20256", "20256-11-28T10:00:00Z"), "application/xml"),
        "/r/a/gzip-twice": _gzipped_twice(s["/r/a/gzip-twice"]),
        "/r/a/octet-noext": lambda handler, base: (200, "application/octet-stream",
                                                   render(page(s["/r/a/octet-noext"]), base).encode(), None),
        "/r/a/utf16be": _utf16be_page(s["/r/a/utf16be"]),
        "/r/a/nul-in-words": _html(_nul_in_words(s["/r/a/nul-in-words"])),
        "/r/a/year-20256": _html(_bad_year_jsonld(s["/r/a/year-20256"])),
    }
    routes["/r/d/jsdate-old"] = _html(page("A 20-day-old story dated by JavaScript, never to be fetched"))
    return routes | listing_routes("/r/pages.xml", SALVAGED, DISCOVERED, DISCOVERED_TITLE)


#: Blind misses left after the round, each pinned as a strict xfail with what stands in the way.
KNOWN_MISSES: dict[str, str] = {}

FEEDS = ["/r/pages.xml", "/r/f/atom-ids.xml", "/r/f/bom-latin1.xml", "/r/f/odd-years.xml", "/r/f/js-dates.xml",
         "/r/f/nbsp.xml", "/r/f/empty.xml"]
SITEMAPS = ["/robots.txt", "/r/s/year-20256.xml"]


@pytest.fixture(scope="module")
def hostile18(tmp_path_factory):
    with MockNewsSite(routes=hostile18_routes()) as site:
        run = crawl_round(tmp_path_factory.mktemp("hostile18"), site, FEEDS, SITEMAPS, timeout=150)
        yield site, run


def test_crawl_finishes_without_a_traceback(hostile18):
    hostile18[1].assert_finished_cleanly()


@pytest.mark.parametrize("path", strict_xfails(SALVAGED, KNOWN_MISSES))
def test_a_hostile_story_is_stored_once_clean_and_whole(hostile18, path):
    site, run = hostile18
    title = SALVAGED[path]
    assert_stored_once_clean_and_whole(site, run, title, path, MUST_HOLD.get(path, lead(title)))


@pytest.mark.parametrize("path", strict_xfails(DISCOVERED, KNOWN_MISSES))
def test_an_article_behind_a_hostile_feed_is_found_and_stored_once(hostile18, path):
    site, run = hostile18
    assert_found_and_stored_once(site, run, path, DISCOVERED[path],
                                 DISCOVERED_TITLE.format(where=DISCOVERED[path], path=path))


@pytest.mark.parametrize("path", NEVER_FETCHED)
def test_an_old_entry_is_never_fetched(hostile18, path):
    assert hostile18[0].hits[path] == 0


@pytest.mark.parametrize("path", strict_xfails(REPAIRED, KNOWN_MISSES))
def test_a_bad_input_is_counted_and_logged(hostile18, path):
    assert_counted_and_logged(hostile18[1], path, *REPAIRED[path])


def test_a_date_in_the_year_20256_gives_way_to_the_pages_good_one(hostile18):
    site, run = hostile18
    (doc,) = titled(run, SALVAGED["/r/a/year-20256"])
    published = doc["published_at"]
    assert published is not None, newswatch_stats(run)
    assert timedelta(hours=1) < datetime.now(UTC) - published < timedelta(hours=4), published


# --- store faults --------------------------------------------------------------------------------------------------

STORE_COUNT = 30


def _bulk_in_collection(server: NxServer, database: str) -> list[str]:
    with pymongo.MongoClient(server.uri, serverSelectionTimeoutMS=5000) as client:
        return [doc["url"] for doc in client[database]["articles"].find({}, {"url": 1})]


def _lock_for(db_file: Path, seconds: float) -> None:
    """Hold ``db_file``'s write lock from another process's connection for ``seconds``."""
    locker = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN EXCLUSIVE")
    time.sleep(seconds)
    locker.execute("COMMIT")
    locker.close()


@contextlib.contextmanager
def crawl_into_nx(tmp_path: Path, database: str, at_a_third, *, before=None, after=None, timeout: float = 180):
    """A crawl of :data:`STORE_COUNT` stories into a fresh nx-27017 (database ``database``): ``before(server)`` runs
    before it, ``at_a_third(server)`` once a third of the stories are served, ``after(server)`` once it ended (and
    when anything fails). Yields the mock site, the crawl, the URLs in the collection and the crawl's seconds."""
    if not nx_available():
        pytest.skip("nx-27017 is not installed")
    server = NxServer(tmp_path / "nx").start()
    try:
        if before is not None:
            before(server)
        with MockNewsSite(routes=bulk_routes(STORE_COUNT, latency=0.2)) as site:
            watcher = _when(lambda: _articles_served(site) >= STORE_COUNT // 3, lambda: at_a_third(server))
            started = time.monotonic()
            run = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml")}, settings={**FAST_STORE, **SLOW},
                            env={**FAST_STORE_ENV, "MONGO_URI": server.uri, "MONGO_DATABASE": database},
                            timeout=timeout)
            took = time.monotonic() - started
            watcher.join()
            if after is not None:
                after(server)
            yield site, run, _bulk_in_collection(server, database), took
    finally:
        if after is not None and server.process is not None:
            after(server)
        server.stop()


@pytest.fixture(scope="module")
def mongo_locked_mid_crawl(tmp_path_factory):
    """nx-27017 whose database file another process locks for 12 s once a third of the stories are served."""
    tmp_path = tmp_path_factory.mktemp("mongo-locked")
    with crawl_into_nx(tmp_path, "locked", lambda server: _lock_for(server.data_dir / "db" / "locked.db", 12)) as (
            site, run, urls, _):
        yield site, run, urls, tmp_path / "spill"


def test_a_transient_mongodb_write_failure_loses_and_sets_aside_nothing(mongo_locked_mid_crawl):
    site, run, urls, spill = mongo_locked_mid_crawl
    run.assert_finished_cleanly()
    assert sorted(urls) == sorted(site.url(f"/bulk/{n}") for n in range(STORE_COUNT)), \
        (len(urls), newswatch_stats(run))
    assert not run.stat("newswatch/store/rejected") and not list(spill.glob("rejected-*.jsonl")), newswatch_stats(run)
    assert not list(spill.glob("spill-*.jsonl"))


def test_a_transient_mongodb_write_failure_is_logged_and_counted(mongo_locked_mid_crawl):
    _, run, _, _ = mongo_locked_mid_crawl
    assert run.stat("newswatch/store/retries") or run.stat("newswatch/store/spilled"), newswatch_stats(run)
    assert any("unavailable" in line and " WARNING: " in line for line in run.log.splitlines()), run.log[-3000:]


@pytest.fixture(scope="module")
def mongo_frozen_mid_crawl(tmp_path_factory):
    """nx-27017 stopped with SIGSTOP once a third of the stories are served, resumed only after the crawl."""
    tmp_path = tmp_path_factory.mktemp("mongo-frozen")
    frozen = threading.Event()

    def freeze(server):
        os.kill(server.process.pid, signal.SIGSTOP)
        frozen.set()

    def resume(server):
        os.kill(server.process.pid, signal.SIGCONT)

    with crawl_into_nx(tmp_path, "frozen", freeze, after=resume, timeout=240) as (site, run, urls, took):
        yield site, run, took, urls, tmp_path / "spill", frozen.is_set()


def _spilled_urls(spill: Path) -> list[str]:
    import json
    return [json.loads(line)["url"] for path in spill.glob("spill-*.jsonl") for line in path.read_text().splitlines()
            if line.strip()]


def test_a_frozen_mongodb_does_not_hang_the_crawl_and_loses_nothing(mongo_frozen_mid_crawl):
    site, run, took, urls, spill, frozen = mongo_frozen_mid_crawl
    assert frozen
    assert run.stats["finish_reason"] == "finished" and "Traceback" not in run.log, run.log[-3000:]
    assert took < 180, took
    every = sorted(set(urls) | set(_spilled_urls(spill)))
    assert every == sorted(site.url(f"/bulk/{n}") for n in range(STORE_COUNT)), (len(every), newswatch_stats(run))


def test_a_frozen_mongodb_raises_the_alarm_with_a_line_that_says_so(mongo_frozen_mid_crawl):
    _, run, _, _, _, _ = mongo_frozen_mid_crawl
    assert run.stat("newswatch/store/spilled") and run.stat("newswatch/store/unstored"), newswatch_stats(run)
    assert "store_unavailable" in run.log
    lines = [line for line in run.log.splitlines() if "MongoDB" in line and " DEBUG: " not in line]
    assert any(word in line.lower() for line in lines for word in ("timed out", "timeout", "not answer")), lines[:5]
