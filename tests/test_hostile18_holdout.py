"""Hostile input and store faults, eighteenth round's holdout: new cases written after the round's fixes, before the
crawler was run on them (tests/test_hostile18.py's conventions), to see whether those fixes hold for other wordings
and other sites' habits. A page gzipped twice under ``Content-Encoding: x-gzip``; a Russian page in UTF-16LE with no
BOM and no charset; a feed behind a UTF-8 BOM declaring ``windows-1251`` and a sitemap behind one declaring
``ISO-8859-1``, both linking Cyrillic paths; a JSON Feed whose ``url`` carries no-break spaces and an RSS item whose
only link is a permalink ``<guid>`` wrapped in thin spaces; a robots.txt naming ``javascript:`` and ``data:``
sitemaps beside a good one; a sitemap whose ``<lastmod>`` JavaScript wrote (a fresh and a 20-day-old entry); an Atom
entry ``<updated>`` in the year 20256; and nx-27017's database locked by another process from before the crawl
opens it until a third of its stories are served.

Scored once (commit bbbf4a2): **3 of 19 tests failed**, over 2 cases. The thin spaces around a permalink ``<guid>``
were taken off without a word (the story stored; the guid's link was read without notes, so that a ``tag:`` id is
not counted a bad link); and with nx-27017's database locked when the crawl opened the store, the opening failed with
``OperationFailure: database is locked`` (its index creation), which the store did not take as "unavailable": the
crawl stopped before its first request, nothing fetched, nothing spilled (2 tests). After, a guid's repairs are said
as a ``<link>``'s (its refusals still not), and ``MongoStore`` takes a transient server error as unavailable wherever
it comes (opening, reading, writing): the crawl starts, spills, and stores every article once the lock is gone.
19 of 19, and the blind set 31 of 31.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pymongo
import pytest

from tests._rounds import crawl_round, newswatch_stats, strict_xfails
from tests.mocksite import MockNewsSite, render
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile2 import page as undated_page
from tests.mocksite.hostile4 import page
from tests.test_hostile14 import _html, _rss
from tests.test_hostile17 import (
    assert_counted_and_logged,
    assert_found_and_stored_once,
    assert_stored_once_clean_and_whole,
    listing_routes,
)
from tests.test_hostile18 import STORE_COUNT, crawl_into_nx, js_date

_RU_OTHER = [
    "Генеральный секретарь НАТО заявил, что альянс усилит противовоздушную оборону Украины до конца зимы.",
    "В Харькове после ночной атаки без света остались несколько тысяч домов, сообщили городские власти.",
    "В Кремле назвали решение альянса эскалацией и пообещали ответ, не уточнив, какой именно.",
]


def _gzipped_twice_x_gzip(title: str):
    def route(handler, base):
        body = gzip.compress(gzip.compress(render(page(title), base).encode()))
        return 200, "text/html; charset=utf-8", body, {"Content-Encoding": "x-gzip"}
    return route


def _utf16le_ru(title: str):
    published = (datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="seconds")
    html = undated_page(title, list(_RU_OTHER), lang="ru", meta_charset=None,
                        head=f'<meta property="article:published_time" content="{published}">')
    return lambda handler, base: (200, "text/html", render(html, base).encode("utf-16-le"), None)


RU_PATH = "/q/d/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D1%8C"  # /q/d/новость
UK_PATH = "/q/d/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B0"  # /q/d/новина


def _bom_cp1251_feed(handler, base):
    xml = render('<?xml version="1.0" encoding="windows-1251"?>\n<rss version="2.0"><channel><title>Новости НАТО'
                 "</title><link>{{base}}/</link>\n<item><title>Украина получила новые системы ПВО</title>"
                 "<link>{{base}}/q/d/новость</link><pubDate>{{rfc822:2h}}</pubDate></item>\n</channel></rss>\n", base)
    return 200, "application/rss+xml", b"\xef\xbb\xbf" + xml.encode("utf-8"), None


def _bom_latin1_sitemap(handler, base):
    xml = render('<?xml version="1.0" encoding="ISO-8859-1"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{{base}}/q/d/новина</loc>'
                 "<lastmod>{{iso:2h}}</lastmod></url></urlset>\n", base)
    return 200, "application/xml", b"\xef\xbb\xbf" + xml.encode("utf-8"), None


def _json_feed_nbsp(handler, base):
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "JSON", "home_page_url": f"{base}/",
            "items": [{"id": "q-json-1", "url": f"\u00a0{base}/q/d/json-nbsp\u00a0", "title": "NBSP",
                       "date_published": (datetime.now(UTC) - timedelta(hours=2)).isoformat()}]}
    return 200, "application/feed+json", json.dumps(feed).encode(), None


_GUID_THIN = _rss("<item><title>Thin</title><guid isPermaLink=\"true\">\u2009{{base}}/q/d/guid-thin\u2009</guid>"
                  "<pubDate>{{rfc822:2h}}</pubDate></item>\n")

_ROBOTS = ("User-agent: *\nDisallow: /q/private/\nSitemap: javascript:alert(document.cookie)\n"
           "Sitemap: data:text/xml;base64,PHVybHNldC8+\nSitemap: {{base}}/q/s/robots.xml\n")

_URLSET = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           "%s</urlset>\n")


def _js_lastmod_sitemap(handler, base):
    now = datetime.now(UTC)
    urls = "".join(f"<url><loc>{base}/q/d/{name}</loc><lastmod>{js_date(now - age)}</lastmod></url>"
                   for name, age in (("js-fresh", timedelta(hours=3)), ("js-old", timedelta(days=20))))
    return 200, "application/xml", (_URLSET % urls).encode(), None


_ATOM_20256 = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>{{base}}/q/f/atom-20256.xml</id>
<updated>{{iso:1h}}</updated>
<entry><title>Year 20256</title><link href="{{base}}/q/d/atom-20256"/><id>tag:q,2026:1</id>
 <updated>20256-11-28T10:00:00Z</updated></entry>
</feed>
"""

# --- expectations --------------------------------------------------------------------------------------------------

RU_TITLE = "UTF-16LE без BOM: Литва передала Украине новые системы противодействия дронам"

SALVAGED: dict[str, tuple[str, str]] = {
    "/q/a/x-gzip-twice": ("x-gzip twice: Sweden's air-defence package reaches Ukraine",
                          lead("x-gzip twice: Sweden's air-defence package reaches Ukraine")),
    "/q/a/utf16le-ru": (RU_TITLE, lead(RU_TITLE, "ru")),
}
DISCOVERED: dict[str, str] = {
    RU_PATH: "/q/f/bom-cp1251.xml",
    UK_PATH: "/q/s/bom-latin1.xml",
    "/q/d/json-nbsp": "/q/f/json-nbsp.json",
    "/q/d/guid-thin": "/q/f/guid-thin.xml",
    "/q/d/robots-1": "/q/s/robots.xml",
    "/q/d/js-fresh": "/q/s/js-lastmod.xml",
    "/q/d/atom-20256": "/q/f/atom-20256.xml",
}
DISCOVERED_TITLE = "Hostile 18 holdout {where}: {path}"
NEVER_FETCHED = ["/q/d/js-old"]
REPAIRED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "/q/a/x-gzip-twice": (("newswatch/fetch/", "newswatch/article/"), ("gzip", "twice", "compressed")),
    "/q/f/bom-cp1251.xml": (("newswatch/discovery/repaired/",), ("BOM", "byte order", "encoding")),
    "/q/f/json-nbsp.json": (("newswatch/discovery/repaired/",), ("space", "invisible", "NBSP", "no-break")),
    "/q/f/guid-thin.xml": (("newswatch/discovery/repaired/",), ("space", "invisible", "no-break")),
    "javascript:alert": (("newswatch/discovery/bad_link",), ("javascript:",)),
    "/q/f/atom-20256.xml": (("newswatch/discovery/bad_date",), ("date",)),
}
KNOWN_MISSES: dict[str, str] = {}


def holdout_routes() -> dict:
    s = SALVAGED
    routes = {
        "/q/a/x-gzip-twice": _gzipped_twice_x_gzip(s["/q/a/x-gzip-twice"][0]),
        "/q/a/utf16le-ru": _utf16le_ru(s["/q/a/utf16le-ru"][0]),
        "/q/f/bom-cp1251.xml": _bom_cp1251_feed,
        "/q/s/bom-latin1.xml": _bom_latin1_sitemap,
        "/q/f/json-nbsp.json": _json_feed_nbsp,
        "/q/f/guid-thin.xml": _html(_GUID_THIN, "application/rss+xml"),
        "/robots.txt": _html(_ROBOTS, "text/plain"),
        "/q/s/robots.xml": _html(_URLSET % "<url><loc>{{base}}/q/d/robots-1</loc></url>", "application/xml"),
        "/q/s/js-lastmod.xml": _js_lastmod_sitemap,
        "/q/f/atom-20256.xml": _html(_ATOM_20256, "application/atom+xml"),
        "/q/d/js-old": _html(page("A 20-day-old sitemap entry dated by JavaScript, never to be fetched")),
    }
    listing = listing_routes("/q/pages.xml", SALVAGED, DISCOVERED, DISCOVERED_TITLE)
    return routes | listing


FEEDS = ["/q/pages.xml", "/q/f/bom-cp1251.xml", "/q/f/json-nbsp.json", "/q/f/guid-thin.xml", "/q/f/atom-20256.xml"]
SITEMAPS = ["/robots.txt", "/q/s/bom-latin1.xml", "/q/s/js-lastmod.xml"]


@pytest.fixture(scope="module")
def holdout(tmp_path_factory):
    with MockNewsSite(routes=holdout_routes()) as site:
        run = crawl_round(tmp_path_factory.mktemp("hostile18-holdout"), site, FEEDS, SITEMAPS, timeout=150)
        yield site, run


def test_crawl_finishes_without_a_traceback(holdout):
    holdout[1].assert_finished_cleanly()


@pytest.mark.parametrize("path", strict_xfails(SALVAGED, KNOWN_MISSES))
def test_a_hostile_story_is_stored_once_clean_and_whole(holdout, path):
    site, run = holdout
    title, text = SALVAGED[path]
    assert_stored_once_clean_and_whole(site, run, title, path, text)


@pytest.mark.parametrize("path", strict_xfails(DISCOVERED, KNOWN_MISSES))
def test_an_article_behind_a_hostile_feed_is_found_and_stored_once(holdout, path):
    site, run = holdout
    assert_found_and_stored_once(site, run, path, DISCOVERED[path],
                                 DISCOVERED_TITLE.format(where=DISCOVERED[path], path=path))


@pytest.mark.parametrize("path", NEVER_FETCHED)
def test_an_old_entry_is_never_fetched(holdout, path):
    assert holdout[0].hits[path] == 0


@pytest.mark.parametrize("path", strict_xfails(REPAIRED, KNOWN_MISSES))
def test_a_bad_input_is_counted_and_logged(holdout, path):
    assert_counted_and_logged(holdout[1], path, *REPAIRED[path])


# --- the store locked before the crawl opens it ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def mongo_locked_from_the_start(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("mongo-locked-start")
    lockers: list[sqlite3.Connection] = []

    def lock(server):
        with pymongo.MongoClient(server.uri, serverSelectionTimeoutMS=5000) as client:
            client["early"]["articles"].insert_one({"url_key": "placeholder"})  # the database file exists
            client["early"]["articles"].delete_many({})
        lockers.append(sqlite3.connect(server.data_dir / "db" / "early.db", isolation_level=None,
                                       check_same_thread=False))
        lockers[0].execute("BEGIN EXCLUSIVE")

    def release(server):
        if lockers and lockers[0].in_transaction:
            lockers[0].execute("COMMIT")

    with crawl_into_nx(tmp_path, "early", release, before=lock, after=release) as (site, run, urls, _):
        yield site, run, urls, tmp_path / "spill"


def test_a_mongodb_locked_from_the_start_loses_and_sets_aside_nothing(mongo_locked_from_the_start):
    site, run, urls, spill = mongo_locked_from_the_start
    run.assert_finished_cleanly()
    assert sorted(urls) == sorted(site.url(f"/bulk/{n}") for n in range(STORE_COUNT)), \
        (len(urls), newswatch_stats(run))
    assert not run.stat("newswatch/store/rejected") and not list(spill.glob("rejected-*.jsonl"))


def test_a_mongodb_locked_from_the_start_is_logged_and_counted(mongo_locked_from_the_start):
    _, run, _, _ = mongo_locked_from_the_start
    assert run.stat("newswatch/store/retries") or run.stat("newswatch/store/spilled") or \
        run.stat("newswatch/store/unavailable_at_open"), newswatch_stats(run)
    assert any("unavailable" in line and (" WARNING: " in line or " ERROR: " in line)
               for line in run.log.splitlines()), run.log[-3000:]
