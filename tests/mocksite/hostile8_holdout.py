"""Hostile routes, eighth round's holdout (tests/test_hostile8_holdout.py): written after the round's fixes, in other
wordings and from other outlets' habits, to see whether those fixes are general: a PDF behind a BOM and a blank line,
an Atom feed and a styled sitemap served as ``text/html`` at a story's URL, an RSS feed behind a BOM there too,
cookie walls with a relative ``Location``, two cookies and their attributes, a 307, and one that never lets the
crawl through, a 4-byte overlong sequence in a page with no other non-ASCII byte, a moved feed advertised with a
relative ``href`` in single quotes and attributes in another order, an HTML feed page advertising only itself, a
robots.txt / index loop through a trailing ``?`` and an upper-case scheme, a ``CHARSET=KOI8-R`` header in capitals,
a bogus ``<meta charset="cp-1251">``, and feed dates ending in a zone comment ``+0300 (MSK)``.

``holdout_routes()`` returns the routes; the constants say what each case must lead to.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.mocksite import bulk_routes, render
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile4 import lead_uk, page
from tests.mocksite.hostile5 import ru_lead, ru_page
from tests.mocksite.hostile8 import OLD, _item, _rss, _url, _urlset, _xml, uk_page

GOOD_COUNT = 6


def _html(html: str, content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8", prefix: bytes = b""):
    return lambda handler, base: (200, content_type, prefix + render(html, base).encode(encoding), None)


def _wall(path: str, title: str, *, status: int = 302, relative: bool = False, cookies: tuple[str, ...] = (
        "cf_clearance=ok; Path=/; HttpOnly; SameSite=Lax",), opens: bool = True):
    """A wall: a redirect to the same URL setting ``cookies``; with the first of them sent back (and ``opens``),
    the article."""
    wanted = cookies[0].split(";", 1)[0]

    def route(handler, base):
        if opens and wanted in (handler.headers.get("Cookie") or ""):
            return 200, "text/html; charset=utf-8", render(page(title), base).encode(), None
        body = b"<html><body>Checking your browser...</body></html>"
        handler.send_response(status)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Location", path if relative else base + path)
        for cookie in cookies:
            handler.send_header("Set-Cookie", cookie)
        handler.end_headers()
        handler.wfile.write(body)
        return None
    return route


def _overlong4(title: str):
    def route(handler, base):
        html = render(page(title), base).replace("“", '"').replace("”", '"')
        html = html.replace("</article>", "<p>The filter saw ..SLASHpasswd and let it pass.</p></article>", 1)
        return 200, "text/html; charset=utf-8", html.encode().replace(b"SLASH", b"\xf0\x80\x80\xaf"), None
    return route


_ATOM = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Стрічка новин'
         '</title><id>tag:h,1</id><updated>2026-11-28T10:00:00Z</updated>' + "".join(
             f'<entry><title>Новина {n}</title><id>tag:h,{n}</id><updated>2026-11-28T10:00:00Z</updated><summary>'
             f"Коротко про НАТО і Україну, новина номер {n}.</summary></entry>" for n in range(15)) + "</feed>")
_STYLED_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="/sitemap.xsl"?>\n'
                   '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(
                       f"<url><loc>http://127.0.0.1/news/{n}</loc></url>" for n in range(30)) + "</urlset>")
_RSS_WITH_BOM = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Лента</title>' + "".join(
    f"<item><title>Сводка {n}</title><description>Коротко о ПВО, сводка номер {n}.</description></item>"
    for n in range(15)) + "</channel></rss>")

#: Stories that must be stored once: path -> (title, text the body must hold).
SALVAGED: dict[str, tuple[str, str | None]] = {
    "/x8/wall-relative": ("A wall that redirects with a relative Location", None),
    "/x8/wall-307": ("A wall that redirects with a 307 and two cookies", None),
    # (the route writes the lead's quotes straight: the page's only other non-ASCII bytes are the overlong ones)
    "/x8/overlong-4byte": ("A four-byte overlong slash in a plain ASCII page", lead(
        "A four-byte overlong slash in a plain ASCII page").replace("“", '"').replace("”", '"')),
    "/x8/koi8-upper-charset": ("Сводка: CHARSET=KOI8-R заглавными", ru_lead("Сводка: CHARSET=KOI8-R заглавными")),
    "/x8/bogus-meta-cp1251": ("Полтава: мітка cp-1251 у сторінці", lead_uk("Полтава: мітка cp-1251 у сторінці")),
}
#: Pages that hold no article or cannot be had: path -> the stats, one of which must count it.
REJECTED: dict[str, tuple[str, ...]] = {
    "/x8/pdf-bom-blank-line": ("newswatch/article/not_html",),
    "/x8/atom-as-html": ("newswatch/article/not_html", "newswatch/dropped/not_article"),
    "/x8/styled-sitemap-as-html": ("newswatch/article/not_html", "newswatch/dropped/not_article"),
    "/x8/rss-bom-as-html": ("newswatch/article/not_html", "newswatch/dropped/not_article"),
    "/x8/wall-forever": ("newswatch/fetch/error/redirect_loop",),
}
#: A wall that never opens is asked at most this many times.
WALL_FOREVER_MAX_HITS = 3
DISCOVERED_TITLE = "Found through {where}: {path}"
#: Articles found only through a hostile feed or sitemap: path -> where it is listed.
DISCOVERED = {
    "/x8/d/relocated": "/x8/f/feed/",
    "/x8/d/loop-child": "/x8/s/child.xml",
    "/x8/d/msk-comment-fresh": "/x8/f/msk-comment.xml",
}
OLD_DATED = ["/x8/d/msk-comment-old"]
#: Sitemaps an index loop names under other spellings: each read exactly once.
READ_ONCE = ["/x8/s/index.xml"]
#: A feed URL whose HTML page advertises only itself: counted as a bad document, asked once.
SELF_ADVERTISING = "/x8/f/self-advertising.xml"


def _advertising(handler, base):
    html = ("<!DOCTYPE html><html><head><title>Herald</title><link href='feed/' title='Herald &raquo; Feed' "
            "type='application/atom+xml' rel='alternate'></head><body><p>Moved.</p></body></html>")
    return 200, "text/html; charset=UTF-8", html.encode(), None


def _self_advertising(handler, base):
    html = ('<!DOCTYPE html><html><head><title>Herald</title><link rel="alternate" type="application/rss+xml" '
            f'href="{base}{SELF_ADVERTISING}"></head><body><p>Feed</p></body></html>')
    return 200, "text/html; charset=utf-8", html.encode(), None


def _msk_comment(handler, base):
    now = datetime.now(UTC)
    ages = (("old", now - OLD), ("fresh", now - timedelta(hours=2)))
    items = "".join(_item(f"{{{{base}}}}/x8/d/msk-comment-{age}", (when + timedelta(hours=3)).strftime(
        "%a, %d %b %Y %H:%M:%S +0300 (MSK)")) for age, when in ages)
    return 200, "application/rss+xml", render(_rss(items), base).encode(), None


def _index(handler, base):
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{base}/x8/s/index.xml?</loc></sitemap>"
            f"<sitemap><loc>{base.replace('http://', 'HTTP://')}/x8/s/index.xml</loc></sitemap>"
            f"<sitemap><loc>{base}/x8/s/child.xml</loc></sitemap></sitemapindex>\n")
    return 200, "application/xml", text.encode(), None


def holdout_routes() -> dict:
    routes = bulk_routes(GOOD_COUNT)
    s = {path: title for path, (title, _) in SALVAGED.items()}
    routes.update({
        "/x8/wall-relative": _wall("/x8/wall-relative", s["/x8/wall-relative"], relative=True),
        "/x8/wall-307": _wall("/x8/wall-307", s["/x8/wall-307"], status=307, cookies=(
            "__ddg1=abc123; Domain=127.0.0.1; Path=/; Expires=Wed, 01 Jan 2031 00:00:00 GMT",
            "__ddg2=xyz; Path=/; Secure")),
        "/x8/wall-forever": _wall("/x8/wall-forever", "never", opens=False),
        "/x8/overlong-4byte": _overlong4(s["/x8/overlong-4byte"]),
        "/x8/koi8-upper-charset": _html(ru_page(s["/x8/koi8-upper-charset"]), "text/html; CHARSET=KOI8-R", "koi8-r"),
        "/x8/bogus-meta-cp1251": _html(uk_page(s["/x8/bogus-meta-cp1251"], meta_charset="cp-1251"), "text/html",
                                       "cp1251"),
        "/x8/pdf-bom-blank-line": lambda handler, base: (200, "text/html", b"\xef\xbb\xbf\r\n%PDF-1.4\n"
                                                         + bytes(range(256)) * 30 + b"\n%%EOF", None),
        "/x8/atom-as-html": _html(_ATOM),
        "/x8/styled-sitemap-as-html": _html(_STYLED_SITEMAP, "text/html"),
        "/x8/rss-bom-as-html": _html(_RSS_WITH_BOM, prefix=b"\xef\xbb\xbf"),
        "/x8/f/relocated": _advertising,
        "/x8/f/feed/": _xml(_rss(_item("{{base}}/x8/d/relocated")), "application/rss+xml"),
        SELF_ADVERTISING: _self_advertising,
        "/x8/f/msk-comment.xml": _msk_comment,
        "/x8/robots.txt": lambda handler, base: (200, "text/plain", b"Sitemap: /x8/s/index.xml\n", None),
        "/x8/s/index.xml": _index,
        "/x8/s/child.xml": _xml(_urlset(_url("{{base}}/x8/d/loop-child"))),
    })
    for path, where in DISCOVERED.items():
        routes[path] = _html(page(DISCOVERED_TITLE.format(where=where, path=path)))
    for path in OLD_DATED:
        routes[path] = _html(page(f"An old story at {path}"))
    routes["/x8/pages.xml"] = _xml(_rss("".join(_item("{{base}}" + path) for path in [*SALVAGED, *REJECTED])),
                                   "application/rss+xml")
    return routes


FEEDS = ["/bulk.xml", "/x8/pages.xml", "/x8/f/relocated", SELF_ADVERTISING, "/x8/f/msk-comment.xml"]
SITEMAPS = ["/x8/robots.txt"]
