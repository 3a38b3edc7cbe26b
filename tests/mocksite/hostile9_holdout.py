"""Hostile routes, ninth round's holdout (tests/test_hostile9_holdout.py): written after the round's fixes, before
any run on them, to see whether they hold for other wordings: ``deflate`` on a gzip body, ``gzip`` on zstd, a
Content-Length with a thousands separator and a negative one, a 503 whose ``Retry-After`` is a date, a 429 asking
for 1.5 seconds, a chain of three hosts ending in a 308, a three-page meta refresh loop, an Angular shell,
maintenance notices in Ukrainian and English, NUL bytes in a windows-1251 page, Mailchimp and Instagram tracking
parameters and an ``&amp;``-escaped ``utm_`` in a CDATA link, Atom ``xml:base`` relative on the entry to a relative
one on the feed, a JSON Feed item whose only link is its URL ``id``, a sitemap under Google's old namespace, and a
``<lastmod>`` of zeros.

``holdout_routes(other_base)`` returns the main site's routes, ``other_routes(main)`` the second site's.
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from backports import zstd

from tests.mocksite import bulk_routes, render
from tests.mocksite.hostile4 import page
from tests.mocksite.hostile5 import ru_lead, ru_page
from tests.mocksite.hostile9 import _atom, _html, _rss, _urlset

GOOD_COUNT = 6


def _encoded(html: str, coding: str, encode):
    return lambda handler, base: (200, "text/html; charset=utf-8", encode(render(html, base).encode()),
                                  {"Content-Encoding": coding})


def _raw_length(title: str, length: str):
    def route(handler, base):
        body = render(page(title), base).encode()
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
                            + length.format(n=len(body), thousands=f"{len(body):,}").encode()
                            + b"\r\nConnection: close\r\n\r\n" + body)
        handler.wfile.flush()
    return route


def _then_page(path: str, status: int, html: str, retry_after):
    def route(handler, base):
        if handler.server.hits[path] == 1:
            return status, "text/html", b"<h1>Busy</h1>", {"Retry-After": retry_after()}
        return 200, "text/html; charset=utf-8", render(html, base).encode(), None
    return route


def _nul_1251(title: str):
    def route(handler, base):
        text = render(ru_page(title, meta_charset="windows-1251"), base).encode("cp1251")
        return 200, "text/html; charset=windows-1251", text.replace("Министерство".encode("cp1251"),
                                                                     "Мини\x00стерство".encode("cp1251")), None
    return route


_ANGULAR = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kyiv Post</title><base href="/">'
            '<link rel="stylesheet" href="styles.9f2c.css"></head><body><app-root><div class="loader">Loading...'
            '</div></app-root><script src="runtime.1a2b.js" type="module"></script><script src="main.7c8d.js" '
            'type="module"></script></body></html>')
_MAINTENANCE_UK = ('<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><title>Укрінформ</title></head><body>'
                   "<div class='notice'><p>Шановні читачі! На сайті ведуться планові технічні роботи. Сайт "
                   "запрацює о 06:00. Вибачте за незручності.</p></div></body></html>")
_MAINTENANCE_TITLE = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Down for maintenance | The '
                      "Kyiv Independent</title></head><body><h1>Down for maintenance</h1><p>We are upgrading our "
                      "systems. Thank you for your patience.</p></body></html>")

SALVAGED: dict[str, tuple[str, str | None]] = {
    "/w/deflate-label-on-gzip": ("A gzip body labelled deflate", None),
    "/w/gzip-label-on-zstd": ("A zstd body labelled gzip", None),
    "/w/length-thousands": ("A Content-Length with a thousands separator", None),
    "/w/length-negative": ("A negative Content-Length", None),
    "/w/503-date": ("A 503 whose Retry-After is a date", None),
    "/w/429-fraction": ("A 429 that asks for a second and a half", None),
    "/w/nul-1251": ("Сводка: нулевой байт в странице windows-1251", ru_lead("Сводка: нулевой байт в странице "
                                                                           "windows-1251")),
}
CROSS_HOST = {"/w/three-hosts": ("The end of a chain through three hosts", "other", "/o/w-end")}
REJECTED: dict[str, tuple[str, ...]] = {
    "/w/refresh-a": ("newswatch/fetch/error/redirect_loop", "newswatch/fetch/error/too_many_redirects",
                     "newswatch/dropped/no_body", "newswatch/dropped/too_short"),
    "/w/angular": ("newswatch/dropped/no_body", "newswatch/dropped/not_article", "newswatch/dropped/error_page",
                   "newswatch/dropped/too_short", "newswatch/article/not_html"),
    "/w/maintenance-uk": ("newswatch/dropped/error_page",),
    "/w/maintenance-title": ("newswatch/dropped/error_page",),
}
MAX_HITS = {"/w/refresh-a": 3, "/w/refresh-b": 3, "/w/refresh-c": 3}
#: A story under tracking links: path -> the links a feed gives.
DUPLICATES = {"/w/dup": ["/w/dup?mc_cid=8d1f&mc_eid=3a2b", "/w/dup?igshid=MzRlODBiNWFlZA==",
                         "<![CDATA[ {{base}}/w/dup?utm_source=rss&amp;utm_medium=feed ]]>", "/w/dup"]}
DUPLICATE_TITLE = "One story under Mailchimp and Instagram links"

DISCOVERED = {
    "/w/d/nested-base": "/w/f/nested-base.xml",
    "/w/d/json-id": "/w/f/feed.json",
    "/w/d/google-ns": "/w/s/google-ns.xml",
    "/w/d/zero-lastmod": "/w/s/zero-lastmod.xml",
}
DISCOVERED_TITLE = "Holdout: found through {where}: {path}"


def _json_feed(handler, base):
    when = (datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="seconds")
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Holdout JSON",
            "items": [{"id": base + "/w/d/json-id", "title": "t", "content_text": "x", "date_published": when}]}
    return 200, "application/feed+json", json.dumps(feed).encode(), None


def holdout_routes(other_base: str) -> dict:
    routes = bulk_routes(GOOD_COUNT)
    s = {path: title for path, (title, _) in SALVAGED.items()}
    routes.update({
        "/w/deflate-label-on-gzip": _encoded(page(s["/w/deflate-label-on-gzip"]), "deflate", gzip.compress),
        "/w/gzip-label-on-zstd": _encoded(page(s["/w/gzip-label-on-zstd"]), "gzip", zstd.compress),
        "/w/length-thousands": _raw_length(s["/w/length-thousands"], "{thousands}"),
        "/w/length-negative": _raw_length(s["/w/length-negative"], "-1"),
        "/w/503-date": _then_page("/w/503-date", 503, page(s["/w/503-date"]), lambda: format_datetime(
            datetime.now(UTC) + timedelta(seconds=1), usegmt=True)),
        "/w/429-fraction": _then_page("/w/429-fraction", 429, page(s["/w/429-fraction"]), lambda: "1.5"),
        "/w/nul-1251": _nul_1251(s["/w/nul-1251"]),
        "/w/three-hosts": lambda handler, base: (302, "text/html", b"", {
            "Location": base.replace("127.0.0.1", "localhost") + "/w/hop"}),
        "/w/hop": lambda handler, base: (301, "text/html", b"", {"Location": other_base + "/o/w-hop"}),
        "/w/refresh-a": _html('<meta http-equiv="refresh" content="0;url=/w/refresh-b">'),
        "/w/refresh-b": _html('<html><head><meta http-equiv="refresh" content="1; URL={{base}}/w/refresh-c"></head>'
                              "</html>"),
        "/w/refresh-c": _html("<html><head><meta http-equiv='refresh' content='0;url=/w/refresh-a'></head><body>"
                              "</body></html>"),
        "/w/angular": _html(_ANGULAR),
        "/w/maintenance-uk": _html(_MAINTENANCE_UK),
        "/w/maintenance-title": _html(_MAINTENANCE_TITLE),
        "/w/dup": _html(page(DUPLICATE_TITLE)),
    })
    for path, where in DISCOVERED.items():
        routes[path] = _html(page(DISCOVERED_TITLE.format(where=where, path=path)))
    entry = ('<entry xml:base="d/"><title>t</title><id>tag:w,1</id><updated>{{iso:2h}}</updated>'
             '<link rel="alternate" href="nested-base"/></entry>')
    routes.update({
        "/w/f/nested-base.xml": _html(_atom(entry, head=' xml:base="/w/"'), "application/atom+xml"),
        "/w/f/feed.json": _json_feed,
        "/w/f/dups.xml": _html(_rss("".join(
            f"<item><title>t</title><link>{link if link.startswith('<') else '{{base}}' + link}</link>"
            "<pubDate>{{rfc822:2h}}</pubDate></item>\n" for link in DUPLICATES["/w/dup"])), "application/rss+xml"),
        "/w/s/google-ns.xml": _html(_urlset("<url><loc>{{base}}/w/d/google-ns</loc><lastmod>{{iso:3h}}</lastmod>"
                                            "</url>\n", ns="http://www.google.com/schemas/sitemap/0.9"),
                                    "application/xml"),
        "/w/s/zero-lastmod.xml": _html(_urlset("<url><loc>{{base}}/w/d/zero-lastmod</loc><lastmod>"
                                               "0000-00-00T00:00:00+00:00</lastmod></url>\n"), "application/xml"),
    })
    routes["/w/pages.xml"] = _html(_rss("".join(
        f"<item><title>t</title><link>{{{{base}}}}{p}</link><pubDate>{{{{rfc822:2h}}}}</pubDate></item>\n"
        for p in PAGES)), "application/rss+xml")
    return routes


def other_routes(main: dict) -> dict:
    return {
        "/o/w-hop": lambda handler, base: (308, "text/html", b"", {"Location": base + "/o/w-end"}),
        "/o/w-end": _html(page(CROSS_HOST["/w/three-hosts"][0])),
    }


PAGES = [*SALVAGED, *CROSS_HOST, *REJECTED]
FEEDS = ["/bulk.xml", "/w/pages.xml", "/w/f/dups.xml", "/w/f/nested-base.xml", "/w/f/feed.json"]
SITEMAPS = ["/w/s/google-ns.xml", "/w/s/zero-lastmod.xml"]
