"""Hostile routes, ninth round (tests/test_hostile9.py): compression as servers get it wrong (a gzip and a brotli
bomb, ``br`` on a gzip body, ``gzip`` on a zlib stream, ``UTF-8`` and ``identity`` as a Content-Encoding, zstd the
crawler never asked for, an empty gzip body), redirects across hosts (a chain through another port and host name,
away and back, a loop across two hosts), 429 with and without ``Retry-After``, a 503 blip and a 503 storm, NUL bytes
in a title, a UTF-8 page carrying a windows-1251 ad, a ``<meta charset=utf-8>`` over windows-1251 bytes, a live
blog's slow self-refresh, meta refresh loops, a JS-only shell, a Next.js page whose article is only in its data
script, JSON-LD dated 1970 and 2099, maintenance pages in Russian and English, one story under tracking parameters
(utm, fbclid, gclid, yclid, _openstat, a fragment), feeds with a billion-laughs DTD and an external entity, CDATA
links and HTML descriptions, JSON Feed with relative URLs, Atom with relative links and ``xml:base`` (absolute,
path-relative and none), entries dated 1970 and 2099, sitemaps gzipped under ``.xml.gz``, with a BOM, under an
``https`` and a misspelt namespace, 50,000 entries long, and a sitemap gzip bomb.

``hostile9_routes(other_base)`` returns the main site's routes (``other_base``: the second mock site's base URL),
``other_routes(main)`` the second site's (``main``: a dict whose ``"base"`` the test fills once the main site is up).
The constants say what each case must lead to. Written blind.
"""

from __future__ import annotations

import functools
import gzip
import json
import zlib
from datetime import UTC, datetime, timedelta, timezone

import brotli

from tests.mocksite import bulk_routes, render
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile4 import _UK, lead_uk, page
from tests.mocksite.hostile5 import ru_lead, ru_page

GOOD_COUNT = 8
MAX_BYTES = 16 * 1024 * 1024
#: What a bomb inflates to: far over MAX_BYTES.
BOMB_BYTES = 400 * 1024 * 1024
STORM = 12
#: Entries of the long sitemap: the protocol's limit (50,000), the last one the only fresh one.
SITEMAP_ENTRIES = 50_000
OLD = timedelta(days=20)


def _html(html: str, content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8", headers=None,
          status: int = 200):
    return lambda handler, base: (status, content_type, render(html, base).encode(encoding), headers)


def uk_page(title: str, **kwargs) -> str:
    return page(title, _UK, lang="uk", **kwargs).replace(lead(title, "en"), lead_uk(title))


def _encoded(html: str, coding: str, encode):
    return lambda handler, base: (200, "text/html; charset=utf-8", encode(render(html, base).encode()),
                                  {"Content-Encoding": coding})


@functools.cache
def _gzip_bomb() -> bytes:
    out = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [out.compress(b"<!DOCTYPE html><html><head><title>Bomb</title></head><body><p>")]
    block = b" " * (1 << 20)
    parts += [out.compress(block) for _ in range(BOMB_BYTES >> 20)]
    return b"".join(parts) + out.flush()


@functools.cache
def _br_bomb() -> bytes:
    packer = brotli.Compressor(quality=4)
    parts = [packer.process(b"<!DOCTYPE html><html><body><article><h1>Br bomb</h1><p>")]
    block = b"\n" * (1 << 20)
    parts += [packer.process(block) for _ in range(BOMB_BYTES >> 20)]
    return b"".join(parts) + packer.finish()


def _zstd_raw(data: bytes) -> bytes:
    """A valid zstd frame of raw (stored) blocks: what a server sends when it compresses with zstd regardless of the
    request's Accept-Encoding."""
    frame = b"\x28\xb5\x2f\xfd" + bytes([0xA0])  # single segment, 4-byte content size
    frame += len(data).to_bytes(4, "little")
    for start in range(0, len(data), 100_000):
        piece = data[start:start + 100_000]
        last = 1 if start + 100_000 >= len(data) else 0
        frame += ((len(piece) << 3) | last).to_bytes(3, "little") + piece
    return frame


def _status_then_page(path: str, status: int, html: str, headers: dict | None = None, times: int = 1):
    """``status`` (with ``headers``) the first ``times`` requests, the page after."""
    def route(handler, base):
        if handler.server.hits[path] <= times:
            return status, "text/html; charset=utf-8", b"<html><body><h1>Please wait</h1></body></html>", headers
        return 200, "text/html; charset=utf-8", render(html, base).encode(), None
    return route


def _nul_title(title: str) -> bytes:
    html = page(title.replace("Kharkiv", "Khar\x00kiv"))
    html = html.replace("</article>", "<p>Emergency crews\x00 worked\x00\x00 through the night.</p></article>", 1)
    return html.encode()


def _utf8_with_1251_ad(title: str):
    def route(handler, base):
        text = render(uk_page(title), base).encode()
        ad = "<aside class='ad'><p>Реклама: лучшие цены на генераторы в Киеве!</p></aside>".encode("cp1251")
        return 200, "text/html; charset=utf-8", text.replace(b"</article>", b"</article>" + ad, 1), None
    return route


def _live_refresh(title: str) -> str:
    return page(title, head='<meta http-equiv="refresh" content="300; url={{base}}/v/live-blog?refresh=1">')


def _next_data(title: str) -> str:
    body = [lead(title), "Kyiv said the new battery would protect the capital's power plants through the winter.",
            "Officials in Berlin said the launcher and a first batch of missiles had already left Germany."]
    data = {"props": {"pageProps": {"article": {
        "headline": title, "datePublished": (datetime.now(UTC) - timedelta(hours=3)).isoformat(timespec="seconds"),
        "author": {"name": "Olena Kovalenko"}, "body": [{"type": "paragraph", "text": p} for p in body]}}},
        "page": "/news/[slug]", "query": {"slug": "next-data"}, "buildId": "x7Yq", "isFallback": False}
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>' + title + "</title>"
            '<meta name="viewport" content="width=device-width"><script src="/_next/static/chunks/main.js" defer>'
            '</script></head><body><div id="__next"></div><script id="__NEXT_DATA__" type="application/json">'
            + json.dumps(data) + "</script></body></html>")


def _dated_jsonld(title: str, published: str) -> str:
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": published, "dateModified": published})
    # hostile2's page: no article:published_time of its own, the JSON-LD date is the page's only one
    from tests.mocksite.hostile2 import page as undated
    return undated(title, head=f'<script type="application/ld+json">{ld}</script>')


_JS_ONLY = ('<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><title>Новини України</title>'
            '<link rel="stylesheet" href="/static/css/main.css"></head><body><noscript>You need to enable JavaScript '
            'to run this app.</noscript><div id="root"></div><script src="/static/js/main.4f2a.js"></script>'
            "</body></html>")
_JS_REDIRECT = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Redirecting</title><script>'
                'window.location.href = "/bulk/1";</script></head><body></body></html>')
_MAINTENANCE_RU = ('<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Сайт на техническом '
                   "обслуживании</title></head><body><div class='wrap'><h1>Ведутся технические работы</h1><p>Сайт "
                   "временно недоступен. Приносим извинения за неудобства, мы скоро вернёмся.</p></div></body></html>")
_MAINTENANCE_EN = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Kyiv Chronicle</title></head>'
                   "<body><main><h1>We&rsquo;ll be back soon!</h1><p>Sorry for the inconvenience. We&rsquo;re "
                   "performing some scheduled maintenance at the moment. Please check back in a few minutes.</p>"
                   "<p>&mdash; The Kyiv Chronicle team</p></main></body></html>")


#: Stories that must be stored once and clean despite their delivery: path -> (title, text the body must hold).
SALVAGED: dict[str, tuple[str, str | None]] = {
    "/v/br-cyrillic": ("Херсон: евакуація з прибережних сіл триває", lead_uk("Херсон: евакуація з прибережних сіл "
                                                                             "триває")),
    "/v/br-label-on-gzip": ("A gzip body labelled br", None),
    "/v/gzip-label-on-zlib": ("A zlib stream labelled gzip", None),
    "/v/encoding-utf8-label": ("A Content-Encoding of UTF-8", None),
    "/v/encoding-identity": ("A Content-Encoding of identity", None),
    "/v/429-seconds": ("A 429 that asks for one second", None),
    "/v/429-bare": ("A 429 without Retry-After", None),
    "/v/503-blip": ("Сводка: сервер ответил 503 один раз", ru_lead("Сводка: сервер ответил 503 один раз")),
    "/v/nul-title": ("Kharkiv: NUL bytes in a title", None),
    "/v/utf8-with-1251-ad": ("Львів: нові укриття у школах", lead_uk("Львів: нові укриття у школах")),
    "/v/meta-utf8-body-1251": ("Сводка: страница в windows-1251 под меткой utf-8",
                               ru_lead("Сводка: страница в windows-1251 под меткой utf-8")),
    "/v/live-blog": ("Live: NATO summit, day two", None),
    "/v/next-data": ("Germany sends another IRIS-T battery to Kyiv", None),
    "/v/jsonld-2099": ("A story whose JSON-LD says 2099", None),
    "/v/jsonld-1970": ("A story whose JSON-LD says 1970", None),
    # (blind, this was a refusal: Scrapy decodes zstd with backports.zstd, one of its dependencies, and advertises
    # it in Accept-Encoding, so the story is rightly read and stored)
    "/v/zstd-unasked": ("A zstd body nobody asked for", None),
}
#: Stories whose page's only date is impossible: the stored ``published`` must not be that year.
BAD_PAGE_DATES = {"/v/jsonld-2099": 2099, "/v/jsonld-1970": 1970}
#: Stories reached through redirects across hosts: start path -> (title, "main"/"other"/"alias", final path).
#: "alias" is the main site under the host name ``localhost``.
CROSS_HOST: dict[str, tuple[str, str, str]] = {
    "/v/to-other-port": ("A redirect to another port", "other", "/o/story"),
    "/v/chain-hosts": ("The end of a chain through two hosts", "other", "/o/chain-end"),
    "/v/away-and-back": ("Back home after a trip to another host", "main", "/v/back-home"),
}
#: A story listed under tracking parameters and fragments: fetched once, stored once.
DUPLICATES: dict[str, list[str]] = {
    "/v/dup-story": ["/v/dup-story?utm_source=rss&utm_medium=feed", "/v/dup-story?fbclid=IwAR0xYz",
                     "/v/dup-story?utm_campaign=tg&gclid=Cj0KCQ", "/v/dup-story#comments",
                     "/v/dup-story?yclid=4471&_openstat=ZGlyZWN0", "/v/dup-story"],
    "/v/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B0": ["/v/новина?utm_source=telegram",
                                                "/v/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B0",
                                                "/v/%d0%bd%d0%be%d0%b2%d0%b8%d0%bd%d0%b0?utm_medium=social"],
}
#: The paths a server answers for each story (a real server decodes percent-escapes in either case).
DUPLICATE_SPELLINGS = {"/v/dup-story": ["/v/dup-story"],
                       "/v/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B0": ["/v/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B0",
                                                                  "/v/%d0%bd%d0%be%d0%b2%d0%b8%d0%bd%d0%b0"]}
DUPLICATE_TITLES = {"/v/dup-story": "One story under five tracking links",
                    "/v/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B0": "Одна новина під трьома адресами"}

_DROPPED = ("newswatch/dropped/no_body", "newswatch/dropped/not_article", "newswatch/dropped/error_page",
            "newswatch/dropped/too_short", "newswatch/article/not_html")
_LOOP = ("newswatch/fetch/error/redirect_loop", "newswatch/fetch/error/too_many_redirects")
#: Pages that hold no article or cannot be read: path -> the stats, one of which must count it.
REJECTED: dict[str, tuple[str, ...]] = {
    "/v/gzip-bomb": ("newswatch/fetch/error/too_large",),
    "/v/br-bomb": ("newswatch/fetch/error/too_large",),
    "/v/empty-gzip": ("newswatch/fetch/error/bad_content_encoding", *_DROPPED),
    "/v/loop-a": _LOOP,
    "/v/cross-host-loop": _LOOP,
    "/v/refresh-loop-a": (*_LOOP, *_DROPPED),
    "/v/429-forever": ("newswatch/fetch/error/http_429", "newswatch/retry/retry_after_too_long"),
    "/v/js-only": _DROPPED,
    "/v/js-redirect": _DROPPED,
    "/v/nul-only": _DROPPED,
    "/v/maintenance-ru": ("newswatch/dropped/error_page",),
    "/v/maintenance-en": ("newswatch/dropped/error_page",),
}
#: Requests a page may cost at most (loops and refusals are not asked forever).
MAX_HITS = {"/v/loop-a": 3, "/v/loop-b": 3, "/v/refresh-loop-a": 3, "/v/refresh-loop-b": 3, "/v/429-forever": 2,
            "/v/live-blog": 2, "/v/cross-host-loop": 3}
STORM_PATHS = [f"/v/storm/{n}" for n in range(STORM)]


# --- feeds and sitemaps ------------------------------------------------------------------------------------------


def _rss(items: str, head: str = "", channel_title: str = "Hostile 9") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{head}<rss version="2.0"><channel><title>{channel_title}'
            f"</title><link>{{{{base}}}}/</link>\n{items}</channel></rss>\n")


def _item(link: str, date: str = "{{rfc822:2h}}", title: str = "t", extra: str = "") -> str:
    return f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>{extra}</item>\n"


_LAUGHS = ('<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
           + "".join(f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 if n > 1 else "")) * 10}">\n' for n in range(1, 10))
           + "]>\n")
_XXE = '<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'


def _urlset(locs: str, ns: str = "http://www.sitemaps.org/schemas/sitemap/0.9") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{ns}">\n{locs}</urlset>\n'


def _url(loc: str, lastmod: str = "{{iso:3h}}") -> str:
    return f"<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod></url>\n"


def _xml(text: str, content_type: str = "application/xml", prefix: bytes = b"", headers=None):
    return lambda handler, base: (200, content_type, prefix + render(text, base).encode(), headers)


def _json_feed(handler, base):
    now = datetime.now(UTC)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Mock Herald JSON",
            "home_page_url": base + "/", "feed_url": base + "/v/f/feed.json",
            "items": [{"id": "jf-1", "url": "/v/d/jsonfeed-relative", "title": "t",
                       "content_html": "<p>Short <b>summary</b></p>",
                       "date_published": (now - timedelta(hours=2)).isoformat(timespec="seconds")},
                      {"id": "jf-2", "url": base + "/v/d/jsonfeed-offset", "content_text": "x",
                       "date_published": (now - timedelta(hours=1)).astimezone(
                           timezone(timedelta(hours=3))).isoformat(timespec="seconds")},
                      {"id": "jf-old", "url": base + "/v/d/jsonfeed-old", "content_text": "x",
                       "date_published": (now - OLD).isoformat(timespec="seconds")}]}
    return 200, "application/feed+json", json.dumps(feed).encode(), None


def _atom(entries: str, head: str = "") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"{head}><title>Atom 9'
            f"</title><id>tag:h9</id><updated>{{{{iso:1h}}}}</updated>{entries}</feed>\n")


def _entry(href: str, n: int) -> str:
    return (f'<entry><title>t{n}</title><id>tag:h9,{n}</id><updated>{{{{iso:2h}}}}</updated>'
            f'<link rel="alternate" type="text/html" href="{href}"/></entry>')


def _huge_sitemap(handler, base):
    old = (datetime.now(UTC) - timedelta(days=400)).date().isoformat()
    fresh = (datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="seconds")
    locs = "".join(f"<url><loc>{base}/v/d/archive/{n}</loc><lastmod>{old}</lastmod></url>\n"
                   for n in range(SITEMAP_ENTRIES - 1))
    locs += f"<url><loc>{base}/v/d/huge-last</loc><lastmod>{fresh}</lastmod></url>\n"
    return 200, "application/xml", _urlset(locs).encode(), None


@functools.cache
def _sitemap_bomb() -> bytes:
    out = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    parts = [out.compress(head)]
    block = b"\n" * (1 << 20)
    parts += [out.compress(block) for _ in range(BOMB_BYTES >> 20)]
    return b"".join(parts) + out.flush()


#: Articles found only through a hostile feed or sitemap: path -> where it is listed.
DISCOVERED: dict[str, str] = {
    "/v/d/laughs": "/v/f/laughs.xml",
    "/v/d/xxe": "/v/f/xxe.xml",
    "/v/d/cdata-link": "/v/f/cdata.xml",
    "/v/d/jsonfeed-relative": "/v/f/feed.json",
    "/v/d/jsonfeed-offset": "/v/f/feed.json",
    "/v/d/atom-base": "/v/f/atom-base.xml",
    "/v/d/atom-rel": "/v/f/deep/er/atom-rel.xml",
    "/v/d/atom-base-path": "/v/f/atom-base-path.xml",
    "/v/d/rss-1970": "/v/f/odd-years.xml",
    "/v/d/rss-2099": "/v/f/odd-years.xml",
    "/v/d/sitemap-1970": "/v/s/odd-years.xml",
    "/v/d/gz-sitemap": "/v/s/sitemap.xml.gz",
    "/v/d/bom-sitemap": "/v/s/bom.xml",
    "/v/d/https-ns": "/v/s/https-ns.xml",
    "/v/d/typo-ns-child": "/v/s/typo-ns-child.xml",
    "/v/d/huge-last": "/v/s/huge.xml",
}
DISCOVERED_TITLE = "Found through {where}: {path}"
#: Links a feed item's HTML description holds: not the item's link, never fetched.
NOT_FOLLOWED = ["/v/d/in-description"]
#: Entries dated 20 days or 400 days ago: never fetched.
OLD_DATED = ["/v/d/jsonfeed-old", "/v/d/archive/0", "/v/d/archive/1234", "/v/d/archive/49998"]
#: Sitemaps that cannot be read (a gzip bomb): path -> the stats, one of which must count it.
SITEMAP_REFUSED = {"/v/s/bomb.xml.gz": ("newswatch/fetch/error/too_large", "newswatch/discovery/bad_document")}
#: What no feed may make the crawler read.
SECRET_MARKERS = ("root:x:0:0", "/bin/bash", "lollollollollol")


def hostile9_routes(other_base: str) -> dict:
    routes = bulk_routes(GOOD_COUNT)
    _gzip_bomb(), _br_bomb(), _sitemap_bomb()  # built now (seconds), not inside a request the crawler times out
    s = {path: title for path, (title, _) in SALVAGED.items()}
    routes.update({
        "/v/br-cyrillic": _encoded(uk_page(s["/v/br-cyrillic"]), "br", brotli.compress),
        "/v/br-label-on-gzip": _encoded(page(s["/v/br-label-on-gzip"]), "br", gzip.compress),
        "/v/gzip-label-on-zlib": _encoded(page(s["/v/gzip-label-on-zlib"]), "gzip", zlib.compress),
        "/v/encoding-utf8-label": _encoded(page(s["/v/encoding-utf8-label"]), "UTF-8", lambda b: b),
        "/v/encoding-identity": _encoded(page(s["/v/encoding-identity"]), "identity", lambda b: b),
        "/v/429-seconds": _status_then_page("/v/429-seconds", 429, page(s["/v/429-seconds"]), {"Retry-After": "1"}),
        "/v/429-bare": _status_then_page("/v/429-bare", 429, page(s["/v/429-bare"])),
        "/v/503-blip": _status_then_page("/v/503-blip", 503, ru_page(s["/v/503-blip"], meta_charset="utf-8"),
                                         {"Retry-After": "0"}),
        "/v/nul-title": lambda handler, base: (200, "text/html; charset=utf-8",
                                               render(_nul_title(s["/v/nul-title"]).decode(), base).encode(), None),
        "/v/utf8-with-1251-ad": _utf8_with_1251_ad(s["/v/utf8-with-1251-ad"]),
        "/v/meta-utf8-body-1251": _html(ru_page(s["/v/meta-utf8-body-1251"], meta_charset="utf-8"), "text/html",
                                        "cp1251"),
        "/v/live-blog": _html(_live_refresh(s["/v/live-blog"])),
        "/v/next-data": _html(_next_data(s["/v/next-data"])),
        "/v/jsonld-2099": _html(_dated_jsonld(s["/v/jsonld-2099"], "2099-01-01T00:00:00+00:00")),
        "/v/jsonld-1970": _html(_dated_jsonld(s["/v/jsonld-1970"], "1970-01-01T00:00:00Z")),
        # across hosts
        "/v/to-other-port": lambda handler, base: (302, "text/html", b"", {"Location": other_base + "/o/story"}),
        "/v/chain-hosts": lambda handler, base: (301, "text/html", b"", {
            "Location": base.replace("127.0.0.1", "localhost") + "/v/hop2"}),
        "/v/hop2": lambda handler, base: (302, "text/html", b"", {"Location": other_base + "/o/hop3"}),
        "/v/away-and-back": lambda handler, base: (302, "text/html", b"", {"Location": other_base + "/o/bounce"}),
        "/v/back-home": _html(page(CROSS_HOST["/v/away-and-back"][0])),
        "/v/cross-host-loop": lambda handler, base: (302, "text/html", b"", {"Location": other_base + "/o/xloop"}),
        # duplicates
        "/v/dup-story": _html(page(DUPLICATE_TITLES["/v/dup-story"])),
        **{path: _html(uk_page(DUPLICATE_TITLES["/v/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B0"]))
           for path in DUPLICATE_SPELLINGS["/v/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B0"]},
        # rejected
        "/v/gzip-bomb": lambda handler, base: (200, "text/html; charset=utf-8", _gzip_bomb(),
                                               {"Content-Encoding": "gzip"}),
        "/v/br-bomb": lambda handler, base: (200, "text/html; charset=utf-8", _br_bomb(), {"Content-Encoding": "br"}),
        "/v/zstd-unasked": lambda handler, base: (200, "text/html; charset=utf-8", _zstd_raw(
            render(page(s["/v/zstd-unasked"]), base).encode()), {"Content-Encoding": "zstd"}),
        "/v/empty-gzip": lambda handler, base: (200, "text/html; charset=utf-8", b"", {"Content-Encoding": "gzip"}),
        "/v/loop-a": lambda handler, base: (301, "text/html", b"", {"Location": base + "/v/loop-b"}),
        "/v/loop-b": lambda handler, base: (302, "text/html", b"", {"Location": "/v/loop-a"}),
        "/v/refresh-loop-a": _html('<html><head><meta http-equiv="refresh" content="0;URL=\'/v/refresh-loop-b\'">'
                                   "</head><body></body></html>"),
        "/v/refresh-loop-b": _html('<html><head><meta http-equiv="Refresh" content="0; url={{base}}/v/refresh-loop-a">'
                                   "</head><body><p>Loading&hellip;</p></body></html>"),
        "/v/429-forever": lambda handler, base: (429, "text/html", b"Slow down", {"Retry-After": "7200"}),
        "/v/js-only": _html(_JS_ONLY),
        "/v/js-redirect": _html(_JS_REDIRECT),
        "/v/nul-only": lambda handler, base: (200, "text/html; charset=utf-8", b"\x00" * 50_000, None),
        "/v/maintenance-ru": _html(_MAINTENANCE_RU),
        "/v/maintenance-en": _html(_MAINTENANCE_EN),
    })
    for path in STORM_PATHS:
        routes[path] = lambda handler, base: (503, "text/html", b"<h1>Service Unavailable</h1>", {"Retry-After": "0"})
    for path, where in DISCOVERED.items():
        routes[path] = _html(page(DISCOVERED_TITLE.format(where=where, path=path)))
    for path in [*NOT_FOLLOWED, *OLD_DATED]:
        routes[path] = _html(page(f"Never to be read: {path}"))
    routes.update({
        "/v/f/laughs.xml": _xml(_rss(_item("{{base}}/v/d/laughs", title="&lol9;"), head=_LAUGHS,
                                     channel_title="&lol9;"), "application/rss+xml"),
        "/v/f/xxe.xml": _xml(_rss(_item("{{base}}/v/d/xxe", title="&secret;",
                                        extra="<description>&secret;</description>"), head=_XXE),
                             "application/rss+xml"),
        "/v/f/cdata.xml": _xml(_rss(_item("<![CDATA[ {{base}}/v/d/cdata-link ]]>", extra=(
            '<description><![CDATA[<p>Read also: <a href="{{base}}/v/d/in-description">the earlier story</a></p>'
            '<img src="{{base}}/img/1.jpg">]]></description>'))), "application/rss+xml"),
        "/v/f/feed.json": _json_feed,
        "/v/f/atom-base.xml": _xml(_atom(_entry("atom-base", 1), head=' xml:base="{{base}}/v/d/"'),
                                   "application/atom+xml"),
        "/v/f/deep/er/atom-rel.xml": _xml(_atom(_entry("../../../d/atom-rel", 2)), "application/atom+xml"),
        "/v/f/atom-base-path.xml": _xml(_atom(_entry("atom-base-path", 3), head=' xml:base="/v/d/"'),
                                        "application/atom+xml"),
        "/v/f/odd-years.xml": _xml(_rss(_item("{{base}}/v/d/rss-1970", "Thu, 01 Jan 1970 00:00:00 +0000")
                                        + _item("{{base}}/v/d/rss-2099", "Thu, 01 Jan 2099 00:00:00 +0000")),
                                   "application/rss+xml"),
        "/v/f/dups.xml": _xml(_rss("".join(_item("{{base}}" + url) for urls in DUPLICATES.values() for url in urls)),
                              "application/rss+xml"),
        "/v/s/odd-years.xml": _xml(_urlset(_url("{{base}}/v/d/sitemap-1970", "1970-01-01"))),
        "/v/s/sitemap.xml.gz": lambda handler, base: (200, "application/x-gzip", gzip.compress(
            render(_urlset(_url("{{base}}/v/d/gz-sitemap")), base).encode()), None),
        "/v/s/bom.xml": _xml(_urlset(_url("{{base}}/v/d/bom-sitemap")), prefix=b"\xef\xbb\xbf"),
        "/v/s/https-ns.xml": _xml(_urlset(_url("{{base}}/v/d/https-ns"),
                                          ns="https://www.sitemaps.org/schemas/sitemap/0.9")),
        "/v/s/typo-ns.xml": _xml('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/'
                                 'schemas/sitemap/09"><sitemap><loc>{{base}}/v/s/typo-ns-child.xml</loc><lastmod>'
                                 "{{iso:1h}}</lastmod></sitemap></sitemapindex>\n"),
        "/v/s/typo-ns-child.xml": _xml(_urlset(_url("{{base}}/v/d/typo-ns-child"))),
        "/v/s/huge.xml": _huge_sitemap,
        "/v/s/bomb.xml.gz": lambda handler, base: (200, "application/x-gzip", _sitemap_bomb(), None),
    })
    routes["/v/pages.xml"] = _xml(_rss("".join(_item("{{base}}" + path) for path in PAGES)), "application/rss+xml")
    return routes


def other_routes(main: dict) -> dict:
    """The second mock site (another port): where the cross-host redirects go."""
    return {
        "/o/story": _html(page(CROSS_HOST["/v/to-other-port"][0])),
        "/o/hop3": lambda handler, base: (307, "text/html", b"", {"Location": "/o/chain-end"}),
        "/o/chain-end": _html(page(CROSS_HOST["/v/chain-hosts"][0])),
        "/o/bounce": lambda handler, base: (301, "text/html", b"", {"Location": main["base"] + "/v/back-home"}),
        "/o/xloop": lambda handler, base: (302, "text/html", b"", {"Location": main["base"] + "/v/cross-host-loop"}),
    }


#: What /v/pages.xml lists.
PAGES = [*SALVAGED, *CROSS_HOST, *REJECTED, *STORM_PATHS]
FEEDS = ["/bulk.xml", "/v/pages.xml", "/v/f/dups.xml", "/v/f/laughs.xml", "/v/f/xxe.xml", "/v/f/cdata.xml",
         "/v/f/feed.json", "/v/f/atom-base.xml", "/v/f/deep/er/atom-rel.xml", "/v/f/atom-base-path.xml",
         "/v/f/odd-years.xml"]
SITEMAPS = ["/v/s/odd-years.xml", "/v/s/sitemap.xml.gz", "/v/s/bom.xml", "/v/s/https-ns.xml", "/v/s/typo-ns.xml",
            "/v/s/huge.xml", "/v/s/bomb.xml.gz"]
