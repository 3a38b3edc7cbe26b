"""Hostile routes, sixth round (tests/test_hostile6.py): compression gone wrong (gzip in two members, gzip with
trailing bytes, brotli cut short, ``identity`` and unknown codings, a gzipped page without its header, deflate and
zstd bombs, brotli bytes labelled gzip), bytes against their label (a UTF-8 page cut inside a character, UTF-16LE
without a BOM, a quoted charset, HTML served as ``image/jpeg``, ``application/json`` and ``text/plain``), raw HTTP
oddities (chunked with a Content-Length, a 103 Early Hints before the 200, bare-LF header lines, a page without a
length over ``DOWNLOAD_MAXSIZE``, headers dripped a byte at a time, an empty ``Location``), markup traps (3,000
nested tables, an unclosed ``<title>``, a 3 MB ``data:`` image, a JSON-LD ItemList of 2,000 other stories, a
100,000-character author, ``lang="english"``, a ``<base href>`` that is no URL, an upper-case quoted meta refresh, a
chain of ten refreshes, canonicals pointing at each other), error pages served with 200 in Ukrainian and Russian and
WordPress's database error, a redirect to another host name, a garbage ``robots.txt`` with a one-day Crawl-delay,
and feeds and sitemaps as found in the wild (NUL bytes, items without a link, links with credentials, an upper-case
scheme, ``../`` past the root, a sitemap index listing an RSS feed, ``<lastmod>`` in three days or in 1970,
``news:publication_date`` of ``N/A`` or 2099, a feed that is a deflate bomb).

``hostile6_routes()`` returns the routes; the constants say what each case must lead to.
"""

from __future__ import annotations

import gzip
import json
import time
import zlib
from datetime import UTC, datetime, timedelta

import brotli
from backports import zstd

from tests.mocksite import bulk_routes, render
from tests.mocksite.hostile4 import page
from tests.mocksite.hostile5 import long_page, ru_lead, ru_page

GOOD_COUNT = 8
BOMB_BYTES = 64 * 1024 * 1024  # inflates far past the crawl's DOWNLOAD_MAXSIZE (10 MB in the test)
OVERSIZE_BYTES = 12 * 1024 * 1024
REFRESH_CHAIN = 10
NESTED_TABLES = 3000
RELATED = 2000
DRIP_SECONDS = 0.5


def _html(html: str, content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8", headers=None):
    return lambda handler, base: (200, content_type, render(html, base).encode(encoding), headers)


def _encoded(title: str, coding: str, pack, *, long: bool = False, content_type="text/html; charset=utf-8"):
    def route(handler, base):
        raw = render(long_page(title) if long else page(title), base).encode()
        headers = {"Content-Encoding": coding} if coding else None
        return 200, content_type, pack(raw), headers
    return route


def _gzip_members(raw: bytes) -> bytes:
    # What nginx's gzip module and some ESI proxies send: the head and the rest compressed as two gzip members.
    cut = len(raw) // 3
    return gzip.compress(raw[:cut]) + gzip.compress(raw[cut:])


def _bomb(coding: str):
    zeros = b"<html><body>" + b" " * BOMB_BYTES
    packed = {"deflate": lambda: zlib.compress(zeros, 9), "zstd": lambda: zstd.compress(zeros)}[coding]()

    def route(handler, base):
        return 200, "text/html; charset=utf-8", packed, {"Content-Encoding": coding}
    return route


def _raw(data_of, *, head: bytes | None = None, drip: bool = False):
    """A response written by hand: ``data_of(base)`` is the whole thing (status line, headers, body)."""
    def route(handler, base):
        data = data_of(base)
        if drip:
            try:
                for n in range(len(data)):
                    handler.wfile.write(data[n:n + 1])
                    handler.wfile.flush()
                    time.sleep(DRIP_SECONDS)
            except OSError:
                pass  # the crawler hung up, as it should
            return None
        handler.wfile.write(data)
        handler.wfile.flush()
        return None
    return route


def _page_bytes(title: str) -> callable:
    return lambda base: render(page(title), base).encode()


def _chunked_with_length(title: str):
    def data(base):
        body = _page_bytes(title)(base)
        half = len(body) // 2
        chunks = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (half, body[:half], len(body) - half, body[half:])
        return (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n"
                b"Content-Length: 10\r\nConnection: close\r\n\r\n" + chunks)
    return data


def _early_hints(title: str):
    def data(base):
        body = _page_bytes(title)(base)
        return (b"HTTP/1.1 103 Early Hints\r\nLink: </static/site.css>; rel=preload; as=style\r\n\r\n"
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n"
                b"Connection: close\r\n\r\n%s" % (len(body), body))
    return data


def _lf_only(title: str):
    def data(base):
        body = _page_bytes(title)(base)
        return (b"HTTP/1.1 200 OK\ncontent-type: text/html; charset=utf-8\ncontent-length: %d\nconnection: close\n\n%s"
                % (len(body), body))
    return data


def _oversize_no_length(base):
    filler = b"<p>" + b"Padding that makes this page far too big to be an article. " * 60 + b"</p>\n"
    body = b"<html><body><article><h1>Oversize</h1>" + filler * (OVERSIZE_BYTES // len(filler) + 1)
    return b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body


def _slow_headers(base):
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nX-Padding: " + b"p" * 200
            + b"\r\nContent-Length: 5\r\n\r\nhello")


def _cut_multibyte(title: str):
    # A Russian page whose Content-Length and body end inside a two-byte Cyrillic letter, in its last paragraph.
    def route(handler, base):
        raw = render(ru_page(title, meta_charset="utf-8"), base).encode()
        end = raw.rindex(b"</article>")
        cut = end - 40
        while raw[cut] < 0xC0:  # back to the first byte of a multi-byte character
            cut -= 1
        return 200, "text/html; charset=utf-8", raw[:cut + 1], None
    return route


def _nested_tables(title: str) -> str:
    html = page(title)
    head, rest = html.split("<article>", 1)
    return (head + "<table><tr><td>" * NESTED_TABLES + "<article>"
            + rest.replace("</article>", "</article>" + "</td></tr></table>" * NESTED_TABLES, 1))


def _unclosed_title(title: str) -> str:
    return page(title).replace(f"<title>{title}</title>", f"<title>{title}", 1)


def _data_uri_image(title: str) -> str:
    blob = "iVBORw0KGgo" + "QUJDRA" * (3 * 1024 * 1024 // 6)
    image = f"data:image/png;base64,{blob}"
    html = page(title, head=f'<meta property="og:image" content="{image}">')
    return html.replace("</h1>", f'</h1><figure><img src="{image}" alt="Kyiv"></figure>', 1)


def _itemlist_jsonld(title: str) -> str:
    related = {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": [
        {"@type": "ListItem", "position": n + 1, "item": {
            "@type": "NewsArticle", "headline": f"Related story number {n} about the front",
            "url": f"https://other.example/related/{n}", "datePublished": "2019-05-01T10:00:00Z",
            "author": {"@type": "Person", "name": f"Related Author {n}"}}} for n in range(RELATED)]}
    return page(title, head=f'<script type="application/ld+json">{json.dumps(related)}</script>')


GIANT_NAME_CHARS = 100_000


def _giant_author(title: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
            "author": [{"@type": "Person", "name": "Olena Kovalenko"},
                       {"@type": "Person", "name": "Name " * (GIANT_NAME_CHARS // 5)}]}
    return page(title, head=f'<script type="application/ld+json">{json.dumps(data)}</script>')


def _refresh(target: str, *, style: str = "plain") -> str:
    if style == "shouting":
        tag = f"<META HTTP-EQUIV=\"Refresh\" CONTENT=\"0;URL='{{{{base}}}}{target}'\">"
    else:
        tag = f'<meta http-equiv="refresh" content="0; url={{{{base}}}}{target}">'
    return f"<html><head>{tag}<title>Redirecting</title></head><body><p>Redirecting...</p></body></html>"


def _error_page(title: str, heading: str, text: str, lang: str, most_read: list[str]) -> str:
    items = "".join(f'<li><a href="/news/{n}"><h3>{t}</h3></a></li>' for n, t in enumerate(most_read))
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<header><nav><a href="/">Home</a></nav></header><main><h1>{heading}</h1><p>{text}</p>'
            f'<section class="most-read"><ul>{items}</ul></section></main></body></html>')


_MOST_READ_UK = ["Повітряні сили ЗСУ збили більшість дронів над Харківщиною цієї ночі",
                 "Генсек НАТО пообіцяв посилити протиповітряну оборону України до кінця зими",
                 "У Києві відновили електропостачання після масованої атаки на енергетику",
                 "Зеленський обговорив із союзниками нові поставки систем ППО для захисту міст",
                 "Уламки ракети пошкодили школу та житлові будинки в Дніпрі, постраждалих немає"]
_MOST_READ_RU = ["Минобороны России заявило о перехвате беспилотников над Белгородом ночью",
                 "Генсек НАТО пообещал увеличить поставки зенитных ракет Украине до конца зимы",
                 "В Харькове после ночной атаки без света остались несколько тысяч домов",
                 "Кремль назвал решение альянса эскалацией и пообещал ответные меры",
                 "Евросоюз согласовал новый пакет санкций против российского энергетического сектора"]

_WP_DB_ERROR = ('<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" lang="en-US"><head><meta charset="utf-8">'
                "<title>Database Error</title></head><body id=\"error-page\"><div class=\"wp-die-message\"><h1>Error "
                "establishing a database connection</h1></div></body></html>")

_ROBOTS = (b"\x00\x01\xff\xfe<html><body>garbage \x00\x00 from a broken CDN</body></html>\n"
           b"User-agent: *\nCrawl-delay: 86400\nDisallow: /u/secret\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n"
           b"Sitemap: not a url at all\nAllow: \xff\xfe\n")

# --- feeds and sitemaps ------------------------------------------------------------------------------------------


def _rss(items: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Hostile 6</title>'
            f"<link>{{{{base}}}}/</link>\n{items}</channel></rss>\n")


def _item(link: str, title: str = "t", date: str = "{{rfc822:2h}}") -> str:
    return f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate></item>\n"


def _feed(text: str, content_type: str = "application/rss+xml", transform=None):
    def route(handler, base):
        body = render(text, base).encode()
        return 200, content_type, transform(body) if transform else body, None
    return route


def _links_feed(handler, base):
    host = base.removeprefix("http://")
    items = (_item(f"http://newsroom:s3cr3t-pa55@{host}/u/d/userinfo")
             + _item(f"HTTP://{host.upper()}/u/d/upper-scheme"))
    return 200, "application/rss+xml", render(_rss(items), base).encode(), None


def _nul_feed(body: bytes) -> bytes:
    return body.replace(b"</item>\n", b"</item>\x00\x00\n").replace(b"<channel>", b"<channel>\x00", 1)


def _urlset(urls: list[tuple[str, str]]) -> str:
    rows = "".join(f"<url><loc>{{{{base}}}}{path}</loc><lastmod>{lastmod}</lastmod></url>\n" for path, lastmod in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n'


def _dated_sitemap(handler, base):
    soon = (datetime.now(UTC) + timedelta(days=3)).isoformat(timespec="seconds")
    xml = _urlset([("/u/d/future-lastmod", soon), ("/u/d/epoch-lastmod", "1970-01-01T00:00:00Z")])
    return 200, "application/xml", render(xml, base).encode(), None


def _news_sitemap(dates: dict[str, str]) -> str:
    urls = "".join(
        f"<url><loc>{{{{base}}}}{path}</loc><news:news><news:publication><news:name>Herald</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{date}</news:publication_date>"
        f"<news:title>t</news:title></news:news></url>\n" for path, date in dates.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{urls}</urlset>\n')


#: news:publication_date values no date can be read from: path -> value.
BAD_NEWS_DATES = {"/u/d/news-na": "N/A", "/u/d/news-2099": "2099-01-01T00:00:00Z"}
#: Sitemap <lastmod> values: the entry must still be fetched.
ODD_LASTMODS = ("/u/d/future-lastmod", "/u/d/epoch-lastmod")

#: Stories that must be stored once despite their hostile delivery: path -> (title, text the body must hold).
SALVAGED: dict[str, tuple[str, str | None]] = {
    "/u/gzip-members": ("A page gzipped in two members", None),
    "/u/gzip-trailing": ("A gzipped page with bytes after the stream", None),
    "/u/br-cut": ("A brotli page cut at sixty percent", None),
    "/u/identity": ("Content-Encoding identity", None),
    "/u/unknown-coding": ("A coding nobody knows on a plain page", None),
    "/u/gzip-no-header": ("A gzipped page without its Content-Encoding", None),
    "/u/cut-multibyte": ("Сводка: страница оборвана посреди буквы", ru_lead("Сводка: страница оборвана посреди буквы")),
    "/u/utf16le-nobom": ("UTF-16LE without a byte order mark", None),
    "/u/quoted-charset": ("Сводка: кодировка в кавычках", ru_lead("Сводка: кодировка в кавычках")),
    "/u/html-as-jpeg": ("An article served as image/jpeg", None),
    "/u/html-as-json": ("An article served as application/json", None),
    "/u/html-as-plain": ("An article served as text/plain", None),
    "/u/chunked-and-length": ("Chunked with a Content-Length as well", None),
    "/u/early-hints": ("A 103 Early Hints before the page", None),
    "/u/lf-only": ("Header lines ending in a bare LF", None),
    "/u/nested-tables": ("An article under three thousand nested tables", None),
    "/u/unclosed-title": ("A title element never closed: fuel prices < 100 hryvnias", None),
    "/u/data-uri-image": ("An article with a three megabyte data image", None),
    "/u/itemlist-jsonld": ("An article whose JSON-LD lists two thousand others", None),
    "/u/giant-author": ("An author name of a hundred thousand characters", None),
    "/u/bad-lang": ("A page that says its language is english", None),
    "/u/broken-base": ("A base href that is no URL", None),
    "/u/refresh-target": ("The target of a shouting meta refresh", None),
}
#: Pages that hold no article or cannot be fetched: path -> the stats, one of which must count it.
REJECTED: dict[str, tuple[str, ...]] = {
    "/u/deflate-bomb": ("newswatch/fetch/error/too_large",),
    "/u/zstd-bomb": ("newswatch/fetch/error/too_large",),
    "/u/br-labelled-gzip": ("newswatch/fetch/error/bad_content_encoding",),
    "/u/oversize-no-length": ("newswatch/fetch/error/too_large",),
    "/u/slow-headers": ("newswatch/fetch/error/timeout",),
    "/u/refresh-chain/0": ("newswatch/fetch/error/too_many_redirects",),
    "/u/empty-location": ("newswatch/fetch/error/bad_redirect", "newswatch/fetch/error/http_302"),
    "/u/soft-404-uk": ("newswatch/dropped/error_page",),
    "/u/soft-404-ru": ("newswatch/dropped/error_page",),
    "/u/db-error": ("newswatch/dropped/error_page",),
    "/u/secret": ("newswatch/fetch/error/robots_disallowed",),
}
#: Articles found only through a hostile feed or sitemap: path -> where.
DISCOVERED = {
    "/u/d/userinfo": "/u/f/links.xml",
    "/u/d/upper-scheme": "/u/f/links.xml",
    "/u/d/beyond-root": "/u/f/deep/er/rel.xml",
    "/u/d/nul-1": "/u/f/nul.xml",
    "/u/d/nul-2": "/u/f/nul.xml",
    "/u/d/after-no-link": "/u/f/no-link.xml",
    "/u/d/index-feed": "/u/s/index-feed.xml",
    "/u/d/future-lastmod": "/u/s/dates.xml",
    "/u/d/epoch-lastmod": "/u/s/dates.xml",
    "/u/d/news-na": "/u/s/news.xml",
    "/u/d/news-2099": "/u/s/news.xml",
}
#: Two pages of one story whose canonicals point at each other.
CANONICAL_LOOP = ("/u/canon-a", "/u/canon-b")
CANONICAL_TITLE = "Two pages whose canonicals point at each other"
#: A redirect to the same server under another host name (localhost): path -> its target's path.
OTHER_HOST = ("/u/other-host", "/u/other-host-target")
OTHER_HOST_TITLE = "The target of a redirect to another host name"


def _feed_bomb():
    packed = zlib.compress(b'<?xml version="1.0"?><rss version="2.0"><channel>' + b" " * BOMB_BYTES, 9)
    return lambda handler, base: (200, "application/rss+xml", packed, {"Content-Encoding": "deflate"})


def _canonical_page(other: str) -> str:
    return page(CANONICAL_TITLE, head=f'<link rel="canonical" href="{{{{base}}}}{other}">')


def hostile6_routes() -> dict:
    routes = bulk_routes(GOOD_COUNT)
    s = {path: title for path, (title, _) in SALVAGED.items()}
    routes.update({
        "/robots.txt": lambda handler, base: (200, "text/plain", _ROBOTS, None),
        "/u/gzip-members": _encoded(s["/u/gzip-members"], "gzip", _gzip_members),
        "/u/gzip-trailing": _encoded(s["/u/gzip-trailing"], "gzip", lambda raw: gzip.compress(raw) + b"\x00" * 8
                                     + b"garbage appended by a proxy" * 3),
        "/u/br-cut": _encoded(s["/u/br-cut"], "br", lambda raw: brotli.compress(raw)[: len(brotli.compress(raw))
                                                                                     * 6 // 10], long=True),
        "/u/identity": _encoded(s["/u/identity"], "identity", lambda raw: raw),
        "/u/unknown-coding": _encoded(s["/u/unknown-coding"], "x-snappy-framed", lambda raw: raw),
        "/u/gzip-no-header": _encoded(s["/u/gzip-no-header"], "", gzip.compress),
        "/u/cut-multibyte": _cut_multibyte(s["/u/cut-multibyte"]),
        "/u/utf16le-nobom": _html(page(s["/u/utf16le-nobom"], meta_charset=None), "text/html; charset=utf-16le",
                                  "utf-16-le"),
        "/u/quoted-charset": _html(ru_page(s["/u/quoted-charset"], meta_charset=None),
                                   'text/html; charset="windows-1251"', "cp1251"),
        "/u/html-as-jpeg": _html(page(s["/u/html-as-jpeg"]), "image/jpeg"),
        "/u/html-as-json": _html(page(s["/u/html-as-json"]), "application/json"),
        "/u/html-as-plain": _html(page(s["/u/html-as-plain"]), "text/plain"),
        "/u/chunked-and-length": _raw(_chunked_with_length(s["/u/chunked-and-length"])),
        "/u/early-hints": _raw(_early_hints(s["/u/early-hints"])),
        "/u/lf-only": _raw(_lf_only(s["/u/lf-only"])),
        "/u/nested-tables": _html(_nested_tables(s["/u/nested-tables"])),
        "/u/unclosed-title": _html(_unclosed_title(s["/u/unclosed-title"])),
        "/u/data-uri-image": _html(_data_uri_image(s["/u/data-uri-image"])),
        "/u/itemlist-jsonld": _html(_itemlist_jsonld(s["/u/itemlist-jsonld"])),
        "/u/giant-author": _html(_giant_author(s["/u/giant-author"])),
        "/u/bad-lang": _html(page(s["/u/bad-lang"]).replace('<html lang="en">', '<html lang="english">', 1)),
        "/u/broken-base": _html(page(s["/u/broken-base"], head='<base href="http://[::1/cdn/">'
                                     '<link rel="canonical" href="story.html">')),
        "/u/shouting-refresh": _html(_refresh("/u/refresh-target", style="shouting")),
        "/u/refresh-target": _html(page(s["/u/refresh-target"])),
        CANONICAL_LOOP[0]: _html(_canonical_page(CANONICAL_LOOP[1])),
        CANONICAL_LOOP[1]: _html(_canonical_page(CANONICAL_LOOP[0])),
        OTHER_HOST[0]: lambda handler, base: (301, "text/html", b"", {
            "Location": base.replace("127.0.0.1", "localhost") + OTHER_HOST[1]}),
        OTHER_HOST[1]: _html(page(OTHER_HOST_TITLE)),
        # rejected
        "/u/deflate-bomb": _bomb("deflate"),
        "/u/zstd-bomb": _bomb("zstd"),
        "/u/br-labelled-gzip": _encoded("Brotli bytes labelled gzip", "gzip", brotli.compress),
        "/u/oversize-no-length": _raw(_oversize_no_length),
        "/u/slow-headers": _raw(_slow_headers, drip=True),
        **{f"/u/refresh-chain/{n}": _html(_refresh(f"/u/refresh-chain/{n + 1}")) for n in range(REFRESH_CHAIN)},
        f"/u/refresh-chain/{REFRESH_CHAIN}": _html(page("The end of a chain of ten meta refreshes")),
        "/u/empty-location": lambda handler, base: (302, "text/html", b"", {"Location": ""}),
        "/u/soft-404-uk": _html(_error_page("Сторінку не знайдено | Київський вісник", "Сторінку не знайдено",
                                            "На жаль, сторінку, яку ви шукаєте, не існує або її було переміщено.",
                                            "uk", _MOST_READ_UK)),
        "/u/soft-404-ru": _html(_error_page("Страница не найдена — Вечерний курьер", "Ошибка 404",
                                            "Страница, которую вы ищете, не найдена. Возможно, она была удалена.",
                                            "ru", _MOST_READ_RU)),
        "/u/db-error": _html(_WP_DB_ERROR),
        "/u/secret": _html(page("A page robots.txt keeps out")),
    })
    for path, where in DISCOVERED.items():
        routes[path] = _html(page(f"Found through {where}: {path}"))
    routes.update({
        "/u/f/links.xml": _links_feed,
        "/u/f/deep/er/rel.xml": _feed(_rss(_item("../../../../../../u/d/beyond-root"))),
        "/u/f/nul.xml": _feed(_rss(_item("{{base}}/u/d/nul-1") + _item("{{base}}/u/d/nul-2")), transform=_nul_feed),
        "/u/f/no-link.xml": _feed(_rss("<item><title>An item with no link at all</title><pubDate>{{rfc822:2h}}"
                                       "</pubDate></item>\n<item><title>Only a description</title><description>"
                                       "Read more on our site</description></item>\n<item><title>Only a tag: GUID"
                                       "</title><guid>tag:news.example,2026-11-28:story-9</guid></item>\n"
                                       + _item("{{base}}/u/d/after-no-link"))),
        "/u/f/bomb.xml": _feed_bomb(),
        "/u/s/index-feed.xml": _feed('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.'
                                     'sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{{base}}/u/s/child-feed.rss'
                                     "</loc></sitemap></sitemapindex>\n", "application/xml"),
        "/u/s/child-feed.rss": _feed(_rss(_item("{{base}}/u/d/index-feed"))),
        "/u/s/dates.xml": _dated_sitemap,
        "/u/s/news.xml": _feed(_news_sitemap(BAD_NEWS_DATES), "application/xml"),
    })
    routes["/u/pages.xml"] = _feed(_rss("".join(_item("{{base}}" + path) for path in PAGES)))
    return routes


#: What /u/pages.xml lists.
PAGES = [*(p for p in SALVAGED if p != "/u/refresh-target"), "/u/shouting-refresh", *CANONICAL_LOOP, OTHER_HOST[0],
         *REJECTED]
FEEDS = ["/bulk.xml", "/u/pages.xml", "/u/f/links.xml", "/u/f/deep/er/rel.xml", "/u/f/nul.xml", "/u/f/no-link.xml",
         "/u/f/bomb.xml"]
SITEMAPS = ["/u/s/index-feed.xml", "/u/s/dates.xml", "/u/s/news.xml"]
