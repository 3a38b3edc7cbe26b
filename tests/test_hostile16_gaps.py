"""Hostile input, sixteenth round: the two known gaps, each with its crawl of mock sites on 127.0.0.1.

* A robots.txt answered with a server error. RFC 9309 (2.3.1.3): a crawler must assume complete disallow on 5xx. The
  crawl retries it (``RETRY_TIMES``, with backoff), then skips its host for this run (a warning and
  ``newswatch/robots/server_error`` once, ``newswatch/fetch/error/robots_unavailable`` for each request refused); a
  blip that recovers on the retry loses nothing; 4xx (no file) still allows everything. Sites beside the main one
  (each port has its own robots.txt): robots.txt answering 503 always, 500 once then rules, 429 with
  ``Retry-After: 1`` always, and 404.
* Session parameters in links (``;jsessionid=`` path parameters, ``PHPSESSID=``, ``sessionid=`` query parameters):
  one story is fetched and stored once, at its clean URL.
"""

from __future__ import annotations

import re

import pytest

from tests._rounds import crawl_round, newswatch_stats, titled
from tests.mocksite import MockNewsSite
from tests.mocksite.hostile4 import page
from tests.test_hostile14 import _html, _item, _rss
from tests.test_hostile15 import _first_then


def _status(code: int, headers: dict | None = None):
    return lambda handler, base: (code, "text/html; charset=utf-8",
                                  f"<html><body><h1>{code}</h1></body></html>".encode(), headers)


_RULES = _html("User-agent: *\nDisallow: /private/\n", "text/plain")

#: The sites beside: name -> (robots.txt route, the story's title, whether the story is stored this run).
ROBOTS = {
    "503": (_status(503), "Robots 503: Estonia moves air defence to its eastern border", False),
    "500-once": (_first_then(_status(500), _RULES), "Robots 500 once: Latvia signs a drone coalition deal", True),
    "429": (_status(429, {"Retry-After": "1"}), "Robots 429: Finland closes its last border crossing", False),
    "404": (_status(404), "Robots 404: Sweden sends CV90 vehicles to Ukraine", True),
}


@pytest.fixture(scope="module")
def robots_crawl(tmp_path_factory):
    sites = {name: MockNewsSite(routes={"/robots.txt": robots, "/story": _html(page(title))})
             for name, (robots, title, _) in ROBOTS.items()}
    for site in sites.values():
        site.start()
    try:
        items = "".join(_item(f"{site.base_url}/story") for site in sites.values())
        with MockNewsSite(routes={"/feed.xml": _html(_rss(items, "Hostile 16 robots"), "application/rss+xml")}) as main:
            run = crawl_round(tmp_path_factory.mktemp("hostile16r"), main, ["/feed.xml"], timeout=150,
                              NEWSWATCH_RETRY_BACKOFF_BASE="0.2")
            yield sites, run
    finally:
        for site in sites.values():
            site.stop()


def test_the_robots_crawl_finishes_without_a_traceback(robots_crawl):
    robots_crawl[1].assert_finished_cleanly()


@pytest.mark.parametrize("name", ROBOTS)
def test_a_host_whose_robots_txt_fails_with_a_server_error_is_skipped_for_the_run(robots_crawl, name):
    sites, run = robots_crawl
    _, title, stored = ROBOTS[name]
    assert len(titled(run, title)) == (1 if stored else 0), newswatch_stats(run)
    if not stored:
        assert sites[name].hits["/story"] == 0
        # asked again once (RETRY_TIMES=1), then the host is given up for this run
        assert sites[name].hits["/robots.txt"] == 2
        assert re.search(rf"{re.escape(sites[name].url('/robots.txt'))} answered {name} \(a server error, 2 time",
                         run.log), run.log[-3000:]


def test_a_robots_server_error_is_counted_once_a_host_and_each_refused_request_too(robots_crawl):
    _, run = robots_crawl
    assert run.stat("newswatch/robots/server_error") == 2, newswatch_stats(run)
    assert run.stat("newswatch/fetch/error/robots_unavailable") == 2, newswatch_stats(run)


#: One story listed under session ids: the spellings (a feed, a sitemap), stored once at its clean path.
SESSION_TITLE = "Session ids: Moldova asks NATO for air defence radars"
SESSION_SPELLINGS = ["/s/story;jsessionid=0A1B2C3D4E5F60718293A4B5C6D7E8F9", "/s/story;jsessionid=FFEEDDCCBBAA.node01",
                     "/s/story?PHPSESSID=9f8e7d6c5b4a39281706f5e4d3c2b1a0", "/s/story?sessionid=abc123&amp;lang=en",
                     "/s/story"]
#: PHP-Nuke's article id is named sid: two stories, never folded into one.
NUKE = {"/s/nuke?sid=101": "PHP-Nuke story one: Georgia and the Black Sea",
        "/s/nuke?sid=102": "PHP-Nuke story two: Armenia leaves the CSTO"}


def _nuke(handler, base):
    path = handler.path.replace("&amp;", "&")
    title = NUKE.get(path.split("&", 1)[0], "no such story")
    return 200, "text/html; charset=utf-8", page(title).encode(), None


@pytest.fixture(scope="module")
def session_crawl(tmp_path_factory):
    items = "".join(_item("{{base}}" + p) for p in SESSION_SPELLINGS[:3] + list(NUKE))
    urlset = "".join(f"<url><loc>{{{{base}}}}{p}</loc><lastmod>{{{{iso:2h}}}}</lastmod></url>"
                     for p in SESSION_SPELLINGS[3:])
    routes = {"/feed.xml": _html(_rss(items, "Hostile 16 sessions"), "application/rss+xml"),
              "/sitemap.xml": _html('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                    f"{urlset}</urlset>", "application/xml"),
              "/s/story": _html(page(SESSION_TITLE)), "/s/nuke": _nuke}
    # Tomcat answers /s/story;jsessionid=... with the page: the mock site routes by the path before the ";"
    routes.update({p.split("?")[0]: routes["/s/story"] for p in SESSION_SPELLINGS})
    with MockNewsSite(routes=routes) as site:
        run = crawl_round(tmp_path_factory.mktemp("hostile16s"), site, ["/feed.xml"], ["/sitemap.xml"], timeout=150)
        yield site, run


def test_a_story_listed_with_session_ids_is_fetched_and_stored_once_at_its_own_url(session_crawl):
    site, run = session_crawl
    run.assert_finished_cleanly()
    docs = titled(run, SESSION_TITLE)
    assert [d["url"] for d in docs] in ([site.url("/s/story")], [site.url("/s/story?lang=en")]), newswatch_stats(run)
    fetched = sum(n for path, n in site.hits.items() if path.startswith("/s/story"))
    assert fetched <= 2, site.hits  # /s/story and /s/story?lang=en: two addresses, never one a session id
    assert not [path for path in site.hits if "jsessionid" in path.lower()]


def test_a_session_id_removed_from_a_link_is_counted_and_logged(session_crawl):
    site, run = session_crawl
    assert run.stat("newswatch/discovery/repaired/session_id") == 2, newswatch_stats(run)  # the feed, the sitemap
    assert re.search(rf"repaired \(session_id\): {re.escape(site.url('/feed.xml'))}", run.log), run.log[-3000:]


@pytest.mark.parametrize("path", NUKE)
def test_an_article_id_named_sid_is_kept(session_crawl, path):
    site, run = session_crawl
    assert [d["url"] for d in titled(run, NUKE[path])] == [site.url(path)], newswatch_stats(run)
