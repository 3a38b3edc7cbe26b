"""Hostile routes, eighth round (tests/test_hostile8.py): charset labels as servers really write them (ASP's
``Charset=``, the typo ``win-1251``, ``x-user-defined``, a short Ukrainian windows-1251 page declared nowhere),
overlong UTF-8, a cookie wall that redirects a page to itself with ``Set-Cookie``, ``Retry-After`` as an HTTP date,
a ``Location`` in raw UTF-8, relative / ``<base>``-relative / protocol-relative canonicals, a 20 MB page whose
article is at the top, 6 MB of blank lines before the page, 3,000 JSON-LD blocks, 20,000 hreflang alternates,
``Content-Encoding`` as ``deflate`` on plain bytes, ``gzip, br`` stacked, ``GZIP`` and ``x-gzip``, raw HTTP oddities
(a Content-Length that is no number, chunk extensions and trailers, a header line without a colon and a header in
UTF-8, bytes after the body), a ``<noscript>`` meta refresh to an "enable JavaScript" page; pages that are no
article: a PDF behind a UTF-8 BOM, a JPEG after blank lines, JSON, an RSS feed and a maintenance notice served as
``text/html``, only whitespace, only a BOM, a redirect to ``https`` on a plain-HTTP port; feeds and sitemaps: a
feed URL answering with the site's HTML that advertises the feed, ``xml:base`` on an Atom ``<link>``, dates in zones
named ``Kyiv``, ``Europe/Kyiv``, ``GMT+3``, ``UTC+02:00`` and ``МСК``, dotted and space-separated dates, a gzipped
sitemap under a ``.xml`` name without ``Content-Encoding``, an index loop through another spelling of the same URL, a
robots.txt with a BOM, CRLF and a relative, lower-case ``sitemap:``, and a feed whose items link the front page.

``hostile8_routes()`` returns the routes; the constants say what each case must lead to. Written blind.
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import quote

import brotli

from tests.mocksite import bulk_routes, render
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile4 import _UK, lead_uk, page
from tests.mocksite.hostile5 import long_page, ru_lead, ru_page

GOOD_COUNT = 8
OLD = timedelta(days=20)
#: The page whose article is at the top and whose comments go on for this many bytes (over the crawl's limit).
HUGE_TOP_BYTES = 20 * 1024 * 1024
#: The crawl's DOWNLOAD_MAXSIZE in this round.
MAX_BYTES = 16 * 1024 * 1024
BLANK_LINES_BYTES = 6 * 1024 * 1024
JSONLD_BLOCKS = 3_000
HREFLANGS = 20_000
#: At most this many alternates are worth keeping for one article (Wikipedia has ~300 languages).
MAX_ALTERNATES = 500
RETRY_DATE_AHEAD = 2  # seconds


def _html(html: str, content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8", headers=None,
          prefix: bytes = b""):
    return lambda handler, base: (200, content_type, prefix + render(html, base).encode(encoding), headers)


def uk_page(title: str, **kwargs) -> str:
    return page(title, _UK, lang="uk", **kwargs).replace(lead(title, "en"), lead_uk(title))


def _raw(head: bytes, body: bytes):
    """A route that writes its own response: ``head`` (status line and headers, CRLF each) then ``body``."""
    def route(handler, base):
        handler.wfile.write(head + b"\r\n" + body)
        handler.wfile.flush()
    return route


# --- pages -------------------------------------------------------------------------------------------------------


def _overlong(title: str) -> str:
    # A paragraph quoting a path-traversal attempt as raw bytes: overlong UTF-8 ("/" as C0 AF, E0 80 AF), which
    # no decoder may read as "/"; the page is otherwise UTF-8 with typographic quotes.
    html = page(title)
    return html.replace("</article>", "<p>The scanner logged requests for ..\udcc0\udcaf..\udce0\udc80\udcafetc"
                                      "/passwd and was blocked.</p></article>", 1)


def _overlong_route(title: str):
    def route(handler, base):
        text = render(_overlong(title), base)
        return 200, "text/html; charset=utf-8", text.encode("utf-8", errors="surrogateescape"), None
    return route


def _cookie_wall(path: str, title: str):
    """A bot-protection wall: without its cookie, a 302 to the same URL setting it; with it, the article."""
    def route(handler, base):
        if "wall=passed" in (handler.headers.get("Cookie") or ""):
            return 200, "text/html; charset=utf-8", render(page(title), base).encode(), None
        return 302, "text/html", b"", {"Location": base + path, "Set-Cookie": "wall=passed; Path=/; Max-Age=3600"}
    return route


def _retry_date(path: str, title: str):
    def route(handler, base):
        if handler.server.hits[path] == 1:
            when = datetime.now(UTC) + timedelta(seconds=RETRY_DATE_AHEAD)
            return 429, "text/html; charset=utf-8", b"<html><body>Too many requests</body></html>", {
                "Retry-After": format_datetime(when, usegmt=True)}
        return 200, "text/html; charset=utf-8", render(page(title), base).encode(), None
    return route


UTF8_TARGET = "/t/статья-з-кирилицею"


def _utf8_location(handler, base):
    # nginx passing a CMS's Cyrillic slug through as raw UTF-8 bytes, not percent-escaped
    handler.wfile.write(b"HTTP/1.1 301 Moved Permanently\r\nContent-Type: text/html\r\nContent-Length: 0\r\n"
                        b"Location: " + UTF8_TARGET.encode() + b"\r\nConnection: close\r\n\r\n")
    handler.wfile.flush()


def _huge_top(title: str):
    def route(handler, base):
        top = render(page(title), base).replace("</article></body></html>", "</article><section id='comments'>")
        comment = ("<div class='comment'><b>reader</b><p>" + "Слава Україні! Героям слава! " * 20 + "</p></div>\n")
        body = top.encode() + comment.encode() * (HUGE_TOP_BYTES // len(comment.encode()) + 1)
        return 200, "text/html; charset=utf-8", body + b"</section></body></html>", None
    return route


def _blank_lines(title: str):
    def route(handler, base):
        return 200, "text/html; charset=utf-8", b"\n" * BLANK_LINES_BYTES + render(page(title), base).encode(), None
    return route


def _many_jsonld(title: str) -> str:
    blocks = "".join('<script type="application/ld+json">' + json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": f"Related story number {n}",
        "url": f"{{{{base}}}}/t/related/{n}"}) + "</script>" for n in range(JSONLD_BLOCKS))
    own = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                      "mainEntityOfPage": "{{base}}/t/many-jsonld"})
    html = page(title, head=f'<script type="application/ld+json">{own}</script>')
    return html.replace("</article>", f"</article><aside>{blocks}</aside>", 1)


def _hreflang_flood(title: str) -> str:
    links = "".join(f'<link rel="alternate" hreflang="x-{n}" href="{{{{base}}}}/t/hreflang/{n}">'
                    for n in range(HREFLANGS))
    return page(title, head=links)


def _encoded(title: str, coding: str, encode):
    def route(handler, base):
        return 200, "text/html; charset=utf-8", encode(render(long_page(title), base).encode()), {
            "Content-Encoding": coding}
    return route


def _bad_length(title: str):
    def route(handler, base):
        body = render(page(title), base).encode()
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
                            + str(len(body)).encode() + b"abc\r\nConnection: close\r\n\r\n" + body)
        handler.wfile.flush()
    return route


def _chunk_extensions(title: str):
    def route(handler, base):
        body = render(long_page(title), base).encode()
        out = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n" \
              b"Trailer: X-Checksum\r\nConnection: close\r\n\r\n"
        for start in range(0, len(body), 1000):
            piece = body[start:start + 1000]
            out += b"%04X;name=value\r\n" % len(piece) + piece + b"\r\n"
        out += b"0\r\nX-Checksum: abc123\r\n\r\n"
        handler.wfile.write(out)
        handler.wfile.flush()
    return route


def _garbage_header(title: str):
    def route(handler, base):
        body = render(page(title), base).encode()
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nX-Powered-By PHP/5.2\r\n"
                            + "X-Section: Київ\r\n".encode() + b"Content-Length: %d\r\nConnection: close\r\n\r\n"
                            % len(body) + body)
        handler.wfile.flush()
    return route


def _extra_after_body(title: str):
    def route(handler, base):
        body = render(page(title), base).encode()
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n"
                            b"\r\n" % len(body) + body + b"\n<!-- 0.0123s, cache miss -->\nPHP Notice: undefined\n")
        handler.wfile.flush()
    return route


def _noscript_refresh(title: str) -> str:
    return page(title, head='<noscript><meta http-equiv="refresh" content="0; url=/t/enable-js"></noscript>')


_ENABLE_JS = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Please enable JavaScript</title>'
              "</head><body><h1>JavaScript is disabled</h1><p>Please enable JavaScript in your browser to read this "
              "site.</p></body></html>")
_MAINTENANCE = ('<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><title>Технічні роботи</title></head>'
                "<body><h1>На сайті тривають технічні роботи</h1><p>Вибачте за тимчасові незручності. Сайт "
                "запрацює найближчим часом. Дякуємо за розуміння!</p></body></html>")


def _jpeg_after_blank_lines(handler, base):
    # PHP: a newline after a closing ?> in an included file, in front of the image it streams
    return 200, "text/html", b"\n\n" + b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 30, None


def _rss_as_html(handler, base):
    items = "".join(f"<item><title>Headline {n}</title><link>{base}/t/d/x{n}</link><description>Summary of "
                    f"story {n} about NATO and Ukraine's air defence.</description></item>" for n in range(20))
    text = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>All news</title>{items}' \
           "</channel></rss>"
    return 200, "text/html; charset=utf-8", text.encode(), None


#: Stories that must be stored once despite their hostile delivery: path -> (title, text the body must hold).
SALVAGED: dict[str, tuple[str, str | None]] = {
    "/t/asp-charset-case": ("Одеса: порт приймає судна попри обстріли", lead_uk("Одеса: порт приймає судна попри "
                                                                               "обстріли")),
    "/t/win-1251-label": ("Сводка: метка кодировки win-1251", ru_lead("Сводка: метка кодировки win-1251")),
    "/t/x-user-defined": ("Сводка: кодировка x-user-defined", ru_lead("Сводка: кодировка x-user-defined")),
    "/t/uk-1251-undeclared": ("Суми: укриття для школярів", lead_uk("Суми: укриття для школярів")),
    "/t/overlong-utf8": ("A page quoting overlong UTF-8 bytes", None),
    "/t/cookie-wall": ("A story behind a cookie wall", None),
    "/t/retry-after-date": ("A 429 whose Retry-After is an HTTP date", None),
    UTF8_TARGET: ("The target of a raw UTF-8 Location", None),
    "/t/relative-canonical": ("A canonical written relative to the page", None),
    "/t/base-relative-canonical": ("A canonical relative to the page's base href", None),
    "/t/protocol-relative-canonical": ("A protocol-relative canonical", None),
    "/t/huge-top": ("An article on top of twenty megabytes of comments", None),
    "/t/blank-lines": ("An article after six megabytes of blank lines", None),
    "/t/many-jsonld": ("An article among three thousand JSON-LD blocks", None),
    "/t/hreflang-flood": ("An article with twenty thousand alternates", None),
    "/t/deflate-plain": ("Plain markup labelled deflate", None),
    "/t/gzip-then-br": ("A body gzipped then brotli-compressed", None),
    "/t/upper-gzip": ("A Content-Encoding written in capitals", None),
    "/t/x-gzip": ("A Content-Encoding of x-gzip", None),
    "/t/bad-content-length": ("A Content-Length that is no number", None),
    "/t/chunk-extensions": ("A chunked body with extensions and trailers", None),
    "/t/garbage-header": ("A header line without a colon", None),
    "/t/extra-after-body": ("Bytes after the end of the body", None),
    "/t/noscript-refresh": ("A noscript refresh to an enable-JavaScript page", None),
}
#: The canonical URL each page must be stored with (relative ones resolved as a browser would).
CANONICALS = {"/t/relative-canonical": "/t/relative-canonical",
              "/t/base-relative-canonical": "/edition/story-slug",
              "/t/protocol-relative-canonical": "/t/protocol-relative-canonical"}
#: Pages that hold no article or cannot be fetched: path -> the stats, one of which must count it.
_DROPPED = ("newswatch/dropped/no_body", "newswatch/dropped/not_article", "newswatch/dropped/error_page",
            "newswatch/dropped/too_short", "newswatch/article/not_html")
REJECTED: dict[str, tuple[str, ...]] = {
    "/t/pdf-behind-bom": ("newswatch/article/not_html",),
    "/t/jpeg-after-blank-lines": ("newswatch/article/not_html",),
    "/t/json-as-html": _DROPPED,
    "/t/rss-as-html": _DROPPED,
    "/t/whitespace-only": _DROPPED,
    "/t/bom-only": _DROPPED,
    "/t/maintenance": ("newswatch/dropped/error_page",),
    "/t/to-https": ("newswatch/fetch/error/ssl", "newswatch/fetch/error/tls", "newswatch/fetch/error/connection_lost",
                    "newswatch/fetch/error/bad_response"),
}
#: Pages never to be stored (what a redirect or refresh pointed at that is not the story).
NEVER_STORED = ["/t/enable-js"]
#: A redirect -> the path it leads to.
REDIRECTS = {"/t/utf8-location": UTF8_TARGET}


# --- feeds and sitemaps ------------------------------------------------------------------------------------------


def _rss(items: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Hostile 8</title>'
            f"<link>{{{{base}}}}/</link>\n{items}</channel></rss>\n")


def _item(link: str, date: str = "{{rfc822:2h}}", title: str = "t") -> str:
    return f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate></item>\n"


def _urlset(locs: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' \
           f"{locs}</urlset>\n"


def _url(loc: str) -> str:
    return f"<url><loc>{loc}</loc><lastmod>{{{{iso:3h}}}}</lastmod></url>\n"


def _xml(text: str, content_type: str = "application/xml", encoding: str = "utf-8"):
    return lambda handler, base: (200, content_type, render(text, base).encode(encoding), None)


def _advertising_page(handler, base):
    # The CMS moved its feed; the old feed URL now answers with the front page, which says where the feed is.
    html = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Mock Herald</title>'
            f'<link rel="alternate" type="application/rss+xml" title="Mock Herald RSS" href="{base}/t/f/moved.xml">'
            "</head><body><h1>Top stories</h1><p>Nothing to read here.</p></body></html>")
    return 200, "text/html; charset=utf-8", html.encode(), None


def _link_base_atom() -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Link base'
            '</title><id>tag:lb</id><updated>{{iso:1h}}</updated><entry><title>t</title><id>tag:lb,1</id>'
            '<updated>{{iso:2h}}</updated><link xml:base="{{base}}/t/d/" rel="alternate" href="link-base"/>'
            "</entry></feed>\n")


#: Feed date zones as CMSs write them -> the zone's UTC offset in hours.
ZONES = {"kyiv": ("Kyiv", 2), "europe-kyiv": ("Europe/Kyiv", 2), "gmt-plus": ("GMT+3", 3),
         "utc-colon": ("UTC+02:00", 2), "msk-cyrillic": ("МСК", 3)}


def _zoned(when: datetime, zone: str, hours: int) -> str:
    local = when.astimezone(UTC) + timedelta(hours=hours)
    return local.strftime("%a, %d %b %Y %H:%M:%S ") + zone


def _zones_feed(handler, base):
    now = datetime.now(UTC)
    items = "".join(_item(f"{{{{base}}}}/t/d/zone-{age}-{case}", _zoned(when, zone, hours))
                    for age, when in (("old", now - OLD), ("fresh", now - timedelta(hours=2)))
                    for case, (zone, hours) in ZONES.items())
    return 200, "application/rss+xml", render(_rss(items), base).encode(), None


#: Dates as Ukrainian and Russian CMSs print them in feeds (Kyiv time), by case.
def _plain_dates(when: datetime) -> dict[str, str]:
    local = when.astimezone(UTC) + timedelta(hours=2)
    return {"dotted": local.strftime("%d.%m.%Y %H:%M"), "spaced": local.strftime("%Y-%m-%d %H:%M:%S")}


DATE_CASES = list(_plain_dates(datetime.now(UTC)))


def _plain_dates_feed(handler, base):
    now = datetime.now(UTC)
    items = "".join(_item(f"{{{{base}}}}/t/d/date-{age}-{case}", date)
                    for age, when in (("old", now - OLD), ("fresh", now - timedelta(hours=2)))
                    for case, date in _plain_dates(when).items())
    return 200, "application/rss+xml", render(_rss(items), base).encode(), None


def _gzipped_xml(handler, base):
    # A sitemap plugin writes sitemap.xml gzipped; the server sends it as it is, without Content-Encoding.
    return 200, "application/xml", gzip.compress(render(_urlset(_url("{{base}}/t/d/gzipped-xml")), base).encode()), None


def _loop_b(handler, base):
    host_upper = base.replace("http://", "HTTP://")
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{host_upper}/t/s/loop-a.xml</loc></sitemap>"
            f"<sitemap><loc>{base}/t/s/loop-a.xml#top</loc></sitemap>"
            f"<sitemap><loc>{base}/t/s/loop-child.xml</loc></sitemap></sitemapindex>\n")
    return 200, "application/xml", text.encode(), None


def _robots(handler, base):
    text = "User-agent: *\r\nDisallow: /private/\r\n\r\nsitemap: /t/s/from-robots.xml\r\n"
    return 200, "text/plain", b"\xef\xbb\xbf" + text.encode(), None


#: Articles found only through a hostile feed or sitemap: path -> where it is listed.
DISCOVERED: dict[str, str] = {
    "/t/d/moved-feed-story": "/t/f/moved.xml",
    "/t/d/link-base": "/t/f/link-base.xml",
    **{f"/t/d/zone-fresh-{case}": "/t/f/zones.xml" for case in ZONES},
    **{f"/t/d/date-fresh-{case}": "/t/f/plain-dates.xml" for case in DATE_CASES},
    "/t/d/gzipped-xml": "/t/s/gzipped.xml",
    "/t/d/loop-child": "/t/s/loop-child.xml",
    "/t/d/from-robots": "/t/s/from-robots.xml",
    "/t/d/after-front-page": "/t/f/front-page.xml",
}
#: Entries dated 20 days ago: never fetched (the crawl's since is 3 days).
OLD_DATED = [*(f"/t/d/zone-old-{case}" for case in ZONES), *(f"/t/d/date-old-{case}" for case in DATE_CASES)]
#: Sitemaps an index loop names under other spellings: each read exactly once.
READ_ONCE = ["/t/s/loop-a.xml", "/t/s/loop-b.xml"]
#: The site's front page, which a feed lists as an item: never stored as an article.
FRONT_PAGE_ITEMS = ["/", "/index.html"]
DISCOVERED_TITLE = "Found through {where}: {path}"


def hostile8_routes() -> dict:
    routes = bulk_routes(GOOD_COUNT)
    s = {path: title for path, (title, _) in SALVAGED.items()}
    front = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Mock Herald: front page</title>'
             '<meta property="og:type" content="website"></head><body><h1>Top stories</h1>'
             + "".join(f'<div class="teaser"><a href="/bulk/{n}">Story {n}</a><p>{lead(f"Teaser {n}")}</p></div>'
                       for n in range(8)) + "</body></html>")
    routes.update({
        "/": _html(front),
        "/index.html": _html(front),
        "/t/asp-charset-case": _html(uk_page(s["/t/asp-charset-case"], meta_charset=None),
                                     "text/html; Charset=windows-1251", "cp1251"),
        "/t/win-1251-label": _html(ru_page(s["/t/win-1251-label"], meta_charset="win-1251"),
                                   "text/html; charset=win-1251", "cp1251"),
        "/t/x-user-defined": _html(ru_page(s["/t/x-user-defined"]), "text/html; charset=x-user-defined", "cp1251"),
        "/t/uk-1251-undeclared": _html(uk_page(s["/t/uk-1251-undeclared"], meta_charset=None), "text/html",
                                       "cp1251"),
        "/t/overlong-utf8": _overlong_route(s["/t/overlong-utf8"]),
        "/t/cookie-wall": _cookie_wall("/t/cookie-wall", s["/t/cookie-wall"]),
        "/t/retry-after-date": _retry_date("/t/retry-after-date", s["/t/retry-after-date"]),
        "/t/utf8-location": _utf8_location,
        quote(UTF8_TARGET): _html(page(s[UTF8_TARGET])),  # (the server sees the path percent-encoded)
        "/t/relative-canonical": _html(page(s["/t/relative-canonical"],
                                            head='<link rel="canonical" href="../t/relative-canonical">')),
        "/t/base-relative-canonical": _html(page(s["/t/base-relative-canonical"],
                                                 head='<base href="{{base}}/edition/">'
                                                      '<link rel="canonical" href="story-slug">')),
        "/t/protocol-relative-canonical": lambda handler, base: (
            200, "text/html; charset=utf-8", render(page(s["/t/protocol-relative-canonical"], head=(
                f'<link rel="canonical" href="{base.removeprefix("http:")}/t/protocol-relative-canonical">')),
                base).encode(), None),
        "/t/huge-top": _huge_top(s["/t/huge-top"]),
        "/t/blank-lines": _blank_lines(s["/t/blank-lines"]),
        "/t/many-jsonld": _html(_many_jsonld(s["/t/many-jsonld"])),
        "/t/hreflang-flood": _html(_hreflang_flood(s["/t/hreflang-flood"])),
        "/t/deflate-plain": _encoded(s["/t/deflate-plain"], "deflate", lambda b: b),
        "/t/gzip-then-br": _encoded(s["/t/gzip-then-br"], "gzip, br", lambda b: brotli.compress(gzip.compress(b))),
        "/t/upper-gzip": _encoded(s["/t/upper-gzip"], "GZIP", gzip.compress),
        "/t/x-gzip": _encoded(s["/t/x-gzip"], "x-gzip", gzip.compress),
        "/t/bad-content-length": _bad_length(s["/t/bad-content-length"]),
        "/t/chunk-extensions": _chunk_extensions(s["/t/chunk-extensions"]),
        "/t/garbage-header": _garbage_header(s["/t/garbage-header"]),
        "/t/extra-after-body": _extra_after_body(s["/t/extra-after-body"]),
        "/t/noscript-refresh": _html(_noscript_refresh(s["/t/noscript-refresh"])),
        "/t/enable-js": _html(_ENABLE_JS),
        # rejected
        "/t/pdf-behind-bom": lambda handler, base: (200, "text/html; charset=utf-8", b"\xef\xbb\xbf%PDF-1.5\n"
                                                    + bytes(range(256)) * 40 + b"\n%%EOF", None),
        "/t/jpeg-after-blank-lines": _jpeg_after_blank_lines,
        "/t/json-as-html": lambda handler, base: (200, "text/html; charset=utf-8",
                                                  b'{"status":404,"error":"Not Found","path":"/t/json-as-html"}', None),
        "/t/rss-as-html": _rss_as_html,
        "/t/whitespace-only": lambda handler, base: (200, "text/html; charset=utf-8", b"\r\n\r\n   \n\t\n", None),
        "/t/bom-only": lambda handler, base: (200, "text/html; charset=utf-8", b"\xef\xbb\xbf", None),
        "/t/maintenance": _html(_MAINTENANCE),
        "/t/to-https": lambda handler, base: (301, "text/html", b"", {
            "Location": base.replace("http://", "https://") + "/t/secure-story"}),
    })
    for path, where in DISCOVERED.items():
        routes[path] = _html(page(DISCOVERED_TITLE.format(where=where, path=path)))
    for path in OLD_DATED:
        routes[path] = _html(page(f"An old story at {path}"))
    routes.update({
        "/t/f/advertises.xml": _advertising_page,
        "/t/f/moved.xml": _xml(_rss(_item("{{base}}/t/d/moved-feed-story")), "application/rss+xml"),
        "/t/f/link-base.xml": _xml(_link_base_atom(), "application/atom+xml"),
        "/t/f/zones.xml": _zones_feed,
        "/t/f/plain-dates.xml": _plain_dates_feed,
        "/t/s/gzipped.xml": _gzipped_xml,
        "/t/s/loop-a.xml": _xml('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/'
                                'schemas/sitemap/0.9"><sitemap><loc>{{base}}/t/s/loop-b.xml</loc></sitemap>'
                                "</sitemapindex>\n"),
        "/t/s/loop-b.xml": _loop_b,
        "/t/s/loop-child.xml": _xml(_urlset(_url("{{base}}/t/d/loop-child"))),
        "/t/robots.txt": _robots,
        "/t/s/from-robots.xml": _xml(_urlset(_url("{{base}}/t/d/from-robots"))),
        "/t/f/front-page.xml": _xml(_rss(_item("{{base}}/", title="Mock Herald") + _item("{{base}}/index.html")
                                         + _item("{{base}}/t/d/after-front-page")), "application/rss+xml"),
    })
    routes["/t/pages.xml"] = _xml(_rss("".join(_item("{{base}}" + path) for path in PAGES)), "application/rss+xml")
    return routes


#: What /t/pages.xml lists.
PAGES = [*(p for p in SALVAGED if p not in REDIRECTS.values()), *REDIRECTS, *REJECTED]
FEEDS = ["/bulk.xml", "/t/pages.xml", "/t/f/advertises.xml", "/t/f/link-base.xml", "/t/f/zones.xml",
         "/t/f/plain-dates.xml", "/t/f/front-page.xml"]
SITEMAPS = ["/t/s/gzipped.xml", "/t/s/loop-a.xml", "/t/robots.txt"]
