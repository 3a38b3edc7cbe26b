"""More hostile routes for the mock site (tests/test_hostile2.py): broken compressed sitemaps, sitemap index
loops, unusable links in feeds, feeds in legacy encodings, meta-refresh loops, redirects to other schemes,
lying encodings and lengths, a slowloris page, error pages served with 200, one story at many URLs, and
JSON-LD carrying lone surrogates and NUL characters.

``hostile2_routes()`` returns the routes; the constants say what each case must lead to.
"""

from __future__ import annotations

import gzip
import random
import time
import zlib
from urllib.parse import quote

from tests.mocksite import _BULK_CITIES, _BULK_SENTENCES, _BULK_SYSTEMS, bulk_routes, render

GOOD_COUNT = 12
#: How many URLs (differing by a query parameter) serve the one copied story.
COPIES = 60

_RU = [
    "Министерство обороны России заявило, что силы противовоздушной обороны перехватили восемь беспилотников "
    "над Белгородской областью, пострадавших нет.",
    "По словам губернатора, обломки повредили линию электропередачи и несколько частных домов, "
    "аварийные службы работали всю ночь.",
    "В Киеве заявили, что удары по энергетике продолжаются, и призвали союзников по НАТО ускорить поставки "
    "систем ПВО.",
]
_RU_OTHER = [
    "Генеральный секретарь НАТО заявил на пресс-конференции в Брюсселе, что альянс увеличит поставки "
    "зенитных ракет Украине до конца зимы.",
    "В Харькове после ночной атаки дронов без электричества остались несколько тысяч домов, сообщили "
    "городские власти.",
    "Кремль назвал решение альянса эскалацией и пообещал ответные меры, не уточнив, какие именно.",
]

_RU_THIRD = [
    "Генеральный секретарь альянса провёл в Брюсселе встречу с министрами обороны стран-членов и обсудил "
    "укрепление восточного фланга.",
    "По его словам, поставки боеприпасов Украине в этом году выросли почти вдвое по сравнению с прошлым.",
    "Министры договорились создать новый фонд для закупки систем противовоздушной обороны.",
]


def _paragraphs(title: str) -> list[str]:
    """Three paragraphs drawn for this title from the bulk pages' pool: test pages are distinct stories."""
    rng = random.Random(title)
    sentences = rng.sample(_BULK_SENTENCES, 6)
    city, system = rng.choice(_BULK_CITIES), rng.choice(_BULK_SYSTEMS)
    return [" ".join(sentences[i:i + 2]).format(city=city, system=system) for i in (0, 2, 4)]


def lead(title: str, lang: str = "en") -> str:
    """The paragraph only this page has."""
    if lang == "ru":
        return f"Эта заметка ({title}) подготовлена нашими корреспондентами специально для проверки сайта."
    return f"This report, filed as “{title}”, was written by our correspondents for this page alone."


def page(title: str, paragraphs: list[str] | None = None, *, lang: str = "en", head: str = "",
         meta_charset: str | None = "utf-8") -> str:
    """An article page: :func:`lead`, then ``paragraphs`` (default: drawn for the title)."""
    body = "\n".join(f"<p>{p}</p>" for p in [lead(title, lang), *(paragraphs or _paragraphs(title))])
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>{title}</title>{head}</head>'
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>")


def _ok(body: bytes, content_type: str = "text/html; charset=utf-8", headers: dict | None = None):
    return lambda handler, base: (200, content_type, body, headers)


def _html(html: str, content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8"):
    return lambda handler, base: (200, content_type, render(html, base).encode(encoding), None)


def _redirect(location: str, *, absolute: bool = False):
    return lambda handler, base: (302, "text/html", b"", {"Location": location if absolute else base + location})


def _meta_refresh(target: str) -> str:
    return (f'<html><head><meta http-equiv="refresh" content="0; url={{{{base}}}}{target}"></head>'
            "<body><p>Redirecting...</p></body></html>")


def rss(paths: list[str], *, date: str = "{{rfc822:2h}}") -> str:
    items = "".join(f"<item><title>t</title><link>{{{{base}}}}{p}</link><pubDate>{date}</pubDate></item>\n"
                    for p in paths)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Hostile 2</title>'
            f"<link>{{{{base}}}}/</link>\n{items}</channel></rss>\n")


def urlset(paths: list[str], base: str) -> str:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>\n" for p in paths)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'


def sitemap_index(paths: list[str]) -> str:
    items = "".join(f"<sitemap><loc>{{{{base}}}}{p}</loc></sitemap>\n" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"\n{items}</sitemapindex>\n")


def _padding(n: int) -> str:
    # Incompressible-ish filler, so a cut in the gzip stream falls inside the list of URLs.
    return "".join(f"<!-- {zlib.crc32(str(i).encode()):08x} -->" for i in range(n))


def _truncated_gzip_sitemap(kept: list[str], lost: list[str]):
    """A gzipped sitemap (served raw, as ``.xml.gz`` files are) cut after the ``kept`` URLs."""
    def route(handler, base):
        head = urlset(kept, base).removesuffix("</urlset>\n")
        data = gzip.compress((head + _padding(400) + urlset(lost, base)).encode(), 9)
        cut = len(gzip.compress((head + _padding(200)).encode(), 9))
        return 200, "application/x-gzip", data[:cut], None
    return route


def _corrupt_gzip_sitemap(kept: list[str], lost: list[str]):
    """A gzipped sitemap whose stream turns to garbage after the ``kept`` URLs."""
    def route(handler, base):
        head = urlset(kept, base).removesuffix("</urlset>\n")
        data = gzip.compress((head + _padding(400) + urlset(lost, base)).encode(), 9)
        cut = len(gzip.compress((head + _padding(200)).encode(), 9))
        return 200, "application/x-gzip", data[:cut] + b"\xff" * 64 + data[cut + 64:], None
    return route


def _legacy_feed(path: str, title: str, encoding: str, content_type: str):
    """A feed in a legacy Cyrillic ``encoding`` with no XML declaration, linking to ``path`` unescaped
    (``/x/статья``); the charset is named only in ``content_type``, if at all."""
    def route(handler, base):
        feed = (f"<rss version=\"2.0\"><channel><title>Лента новостей</title><item><title>{title}</title>"
                f"<link>{base}{path}</link><pubDate>{render('{{rfc822:2h}}', base)}</pubDate></item>"
                "</channel></rss>")
        return 200, content_type, feed.encode(encoding), None
    return route


_MOST_READ = [
    ("Russian drones strike Kharkiv energy grid overnight",
     "Ukraine's air force said it shot down 40 of 55 drones launched at the Kharkiv region overnight."),
    ("NATO allies pledge more air defence for Ukraine",
     "Defence ministers meeting in Brussels agreed to speed up deliveries of Patriot interceptors to Kyiv."),
    ("Zelensky meets NATO chief in Kyiv",
     "The Ukrainian president and the alliance's secretary general discussed long-range weapons and winter energy."),
    ("Kremlin rejects ceasefire proposal",
     "Moscow said the proposal ignored 'realities on the ground' as Russian forces pressed on in the Donetsk region."),
    ("Poland scrambles jets as Russian missiles fly near border",
     "Polish and allied aircraft were put on alert after a massive Russian missile attack on western Ukraine."),
    ("EU agrees new sanctions on Russian oil",
     "The bloc's new package targets the shadow fleet carrying Russian crude and the banks that finance it."),
]


def _soft_404() -> str:
    """A "Page not found" page served with 200, as many news sites do, with the site's "Most read" box."""
    items = "".join(f'<li><a href="/news/{n}"><h3>{title}</h3></a><p>{teaser}</p></li>'
                    for n, (title, teaser) in enumerate(_MOST_READ))
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page not found | Kyiv Daily</title>'
            '</head><body><header><nav><a href="/">Home</a> <a href="/war">War</a></nav></header><main>'
            "<h1>Page not found</h1><p>Sorry, the page you are looking for does not exist or has been moved. Try "
            'searching or go back to the homepage.</p><section class="most-read"><h2>Most read</h2><ul>'
            f"{items}</ul></section></main><footer>© Kyiv Daily</footer></body></html>")


def _utf16_label(html: str):
    """A UTF-8 page under ``charset=utf-16``, of an even length: then the bytes decode as UTF-16 without error."""
    def route(handler, base):
        body = render(html, base).encode()
        return 200, "text/html; charset=utf-16", body + b" " * (len(body) % 2), None
    return route


def _slowloris(handler, base):
    """Headers, then one byte every 0.3 s, for up to a minute (longer than any test's DOWNLOAD_TIMEOUT)."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 100000\r\n\r\n")
    try:
        for _ in range(200):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.3)
    except OSError:
        pass  # the crawler hung up: what it should do


def _lying_length(html: str):
    """The whole page, but a Content-Length promising more, then the connection closes."""
    def route(handler, base):
        body = render(html, base).encode()
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                            + f"Content-Length: {len(body) + 5000}\r\nConnection: close\r\n\r\n".encode() + body)
    return route


def _not_http(handler, base):
    handler.wfile.write(b"SSH-2.0-OpenSSH_9.6\r\nthis is not HTTP at all\r\n\r\n")


def _hang_up(handler, base):
    handler.connection.close()  # no response at all


#: Stories that must be stored despite their hostile delivery: path -> (title, language); the stored body must
#: hold the page's :func:`lead`.
SALVAGED = {
    "/x/surrogates-jsonld": ("Lone surrogates in JSON-LD", "en"),
    "/x/nul-in-title": ("A title with a NUL byte", "en"),
    "/x/utf16-meta-on-utf8": ("Сводка: meta говорит utf-16", "ru"),
    quote("/x/статья-в-1251"): ("Обломки повредили линию", "ru"),
    quote("/x/новость-в-koi8"): ("Генсек НАТО в Брюсселе", "ru"),
    "/x/copied": ("One story, many addresses", "en"),
    "/x/lying-length": ("A page whose Content-Length lies", "en"),
    "/x/bad-meta-refresh": ("A refresh to an unclosed IPv6 address", "en"),
    "/x/js-meta-refresh": ("A refresh to javascript", "en"),
    "/x/utf16-label-on-utf8": ("The header says UTF-16", "en"),
    "/x/based/story": ("A link relative to the feed's xml:base", "en"),
    # plain markup under Content-Encoding: gzip (newswatch.middlewares.PlainBodyMiddleware; was bad_content_encoding)
    "/x/gzip-lie": ("Content-Encoding gzip, body plain", "en"),
}
#: Pages that hold no article, or cannot be fetched: path -> the stat that must count them.
REJECTED = {
    "/x/meta-loop-a": "newswatch/fetch/error/redirect_loop",
    "/x/meta-self": "newswatch/fetch/error/redirect_loop",
    "/x/redirect-file": "newswatch/fetch/error/bad_redirect",
    "/x/redirect-data": "newswatch/fetch/error/bad_redirect",
    "/x/redirect-ftp": "newswatch/fetch/error/bad_redirect",
    "/x/redirect-bad-url": "newswatch/fetch/error/bad_redirect",
    "/x/redirect-bad-port": "newswatch/fetch/error/bad_redirect",
    "/x/br-garbage": "newswatch/fetch/error/bad_content_encoding",
    "/x/zstd": "newswatch/fetch/error/bad_content_encoding",
    "/x/slowloris": "newswatch/fetch/error/timeout",
    "/x/not-http": "newswatch/fetch/error/bad_response",
    "/x/hang-up": "newswatch/fetch/error/connection_lost",
    "/x/access-denied": "newswatch/dropped/error_page",
    "/x/cloudflare": "newswatch/dropped/error_page",
}


def hostile2_routes() -> dict:
    routes = bulk_routes(GOOD_COUNT)
    good = [f"/bulk/{n}" for n in range(GOOD_COUNT)]
    copied = page("One story, many addresses")  # no canonical link: only the content says they are one
    routes.update({
        # --- discovery ---------------------------------------------------------------------------------------
        # a gzipped sitemap cut short, and one gone corrupt: the URLs before the damage are still crawled
        "/x/truncated.xml.gz": _truncated_gzip_sitemap(good[0:3], ["/x/lost-after-the-cut"]),
        "/x/corrupt.xml.gz": _corrupt_gzip_sitemap(good[3:5], ["/x/lost-after-the-corruption"]),
        # A -> B -> A, and an index listing itself; each lists one real sitemap too
        "/x/index-a.xml": _html(sitemap_index(["/x/index-b.xml", "/x/index-a.xml", "/x/sitemap-5.xml"]),
                                "application/xml"),
        "/x/index-b.xml": _html(sitemap_index(["/x/index-a.xml", "/x/sitemap-6.xml"]), "application/xml"),
        "/x/sitemap-5.xml": lambda handler, base: (200, "application/xml", urlset([good[5]], base).encode(), None),
        "/x/sitemap-6.xml": lambda handler, base: (200, "application/xml", urlset([good[6]], base).encode(), None),
        # feed and sitemap index with one unusable link (an unclosed IPv6 literal) among good ones
        "/x/bad-link-feed.xml": _html(rss([good[7]]).replace("<item>", "".join(
            f"<item><title>x</title><link>{link}</link></item>"
            for link in ("http://[::1/broken", "http://127.0.0.1:99999/x/port-out-of-range", "http://news.example:port/x")
        ) + "<item>", 1), "application/rss+xml"),
        "/x/bad-loc-index.xml": _html(sitemap_index(["/x/sitemap-8.xml"]).replace(
            "<sitemap>", "<sitemap><loc>http://[fe80::1/x.xml</loc></sitemap><sitemap><loc>http://127.0.0.1:0x50/x.xml"
            "</loc></sitemap><sitemap>", 1), "application/xml"),
        "/x/sitemap-8.xml": lambda handler, base: (200, "application/xml", urlset([good[8]], base).encode(), None),
        # an XML feed served as text/html with a UTF-8 BOM; a UTF-16 feed
        "/x/feed-as-html.xml": _ok(b"\xef\xbb\xbf", "text/html"),  # replaced below (needs the base URL)
        "/x/feed-utf16.xml": _ok(b""),
        "/x/feed-cp1251.xml": _legacy_feed("/x/статья-в-1251", "Обломки повредили линию", "cp1251",
                                           "application/rss+xml; charset=windows-1251"),
        "/x/feed-koi8r.xml": _legacy_feed("/x/новость-в-koi8", "Генсек НАТО в Брюсселе", "koi8-r",
                                          "application/rss+xml"),
        quote("/x/новость-в-koi8"): _html(page("Генсек НАТО в Брюсселе", _RU_THIRD, lang="ru", meta_charset=None),
                                          "text/html; charset=koi8-r", "koi8-r"),
        quote("/x/статья-в-1251"): _html(page("Обломки повредили линию", _RU, lang="ru", meta_charset=None),
                                         "text/html; charset=windows-1251", "cp1251"),
        # --- pages -------------------------------------------------------------------------------------------
        "/x/meta-loop-a": _html(_meta_refresh("/x/meta-loop-b")),
        "/x/meta-loop-b": _html(_meta_refresh("/x/meta-loop-a")),
        "/x/meta-self": _html(_meta_refresh("/x/meta-self")),
        "/x/redirect-file": _redirect("file:///etc/passwd", absolute=True),
        "/x/redirect-data": _redirect("data:text/html,<p>injected</p>", absolute=True),
        "/x/redirect-ftp": _redirect("ftp://127.0.0.1/pub/story.html", absolute=True),
        "/x/redirect-bad-url": _redirect("http://[::1/broken", absolute=True),
        "/x/redirect-bad-port": _redirect("http://127.0.0.1:99999/x/moved", absolute=True),
        "/x/br-garbage": _ok(b"this is not brotli data at all" * 10, headers={"Content-Encoding": "br"}),
        "/x/gzip-lie": lambda handler, base: (200, "text/html; charset=utf-8",
                                              render(page("Content-Encoding gzip, body plain"), base).encode(),
                                              {"Content-Encoding": "gzip"}),
        "/x/zstd": _ok(b"\x28\xb5\x2f\xfd" + bytes(range(256)) * 8, headers={"Content-Encoding": "zstd"}),
        "/x/slowloris": _slowloris,
        "/x/lying-length": _lying_length(page("A page whose Content-Length lies")),
        "/x/not-http": _not_http,
        "/x/hang-up": _hang_up,
        "/x/access-denied": _html(
            "<html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>You don't have permission to "
            "access \"http://www.example.com/news/story\" on this server.<p>Reference #18.5c3b1502.1732700000.2f1e0"
            "</p></body></html>"),
        "/x/cloudflare": _html(
            '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta name="robots" '
            'content="noindex,nofollow"></head><body><div class="main-wrapper" role="main"><div class="main-content">'
            '<h1 class="zone-name-title h1">www.example.com</h1><h2 class="h2" id="challenge-running">Checking if '
            "the site connection is secure</h2><noscript><div id=\"challenge-error-title\">Enable JavaScript and "
            "cookies to continue</div></noscript><div id=\"challenge-body-text\" class=\"core-msg spacer\">"
            "www.example.com needs to review the security of your connection before proceeding.</div></div></div>"
            '<div class="footer" role="contentinfo"><div class="footer-inner"><div class="clearfix diagnostic-wrapper">'
            '<div class="ray-id">Ray ID: <code>8e9a1b2c3d4e5f60</code></div></div><div class="text-center" '
            'id="footer-text">Performance &amp; security by Cloudflare</div></div></div></body></html>'),
        "/x/copied": _html(copied),
        "/x/soft-404": _html(_soft_404()),
        # Atom with xml:base: "story" is /x/based/story, not /x/feeds/story next to the feed
        "/x/feeds/atom.xml": _html('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
                                   'xml:base="{{base}}/x/based/"><title>Based</title><id>tag:based</id>'
                                   '<entry><title>Based</title><link href="story"/><id>tag:based:1</id>'
                                   "<updated>{{iso:2h}}</updated></entry></feed>", "application/atom+xml"),
        "/x/based/story": _html(page("A link relative to the feed's xml:base")),
        "/x/utf16-label-on-utf8": _utf16_label(page("The header says UTF-16")),
        "/x/bad-meta-refresh": _html(page("A refresh to an unclosed IPv6 address",
                                          head='<meta http-equiv="refresh" content="0; url=http://[::1/moved">')),
        "/x/js-meta-refresh": _html(page("A refresh to javascript",
                                         head='<meta http-equiv="refresh" content="0; url=javascript:go()">')),
        "/x/surrogates-jsonld": _html(page("Lone surrogates in JSON-LD", head=(
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Lone surrogates in JSON-LD",'
            ' "author": [{"@type": "Person", "name": "Olena \\ud800Kovalenko"}, {"name": "\\udfff"}],'
            ' "description": "Broken \\ud83d emoji and a NUL \\u0000 inside", "keywords": ["\\udc00war"],'
            ' "articleSection": "World\\ud800"}</script>'))),
        "/x/nul-in-title": _ok(page("A title with a NUL byte").replace(
            "<title>A title with a NUL byte", "<title>A title with a NUL\x00 byte").encode()),
        "/x/utf16-meta-on-utf8": _html(page("Сводка: meta говорит utf-16", _RU_OTHER, lang="ru",
                                            meta_charset="utf-16"),
                                       "text/html"),
    })
    feed_xml = rss([good[9]])
    routes["/x/feed-as-html.xml"] = lambda handler, base: (200, "text/html",
                                                           b"\xef\xbb\xbf" + render(feed_xml, base).encode(), None)
    utf16 = rss([good[10]]).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    routes["/x/feed-utf16.xml"] = lambda handler, base: (200, "application/rss+xml",
                                                         render(utf16, base).encode("utf-16"), None)
    pages = [*REJECTED, "/x/gzip-lie", "/x/soft-404", "/x/lying-length", "/x/surrogates-jsonld", "/x/nul-in-title",
             "/x/bad-meta-refresh", "/x/js-meta-refresh", "/x/utf16-label-on-utf8",
             "/x/utf16-meta-on-utf8", *(f"/x/copied?variant={n}" for n in range(COPIES)), good[11]]
    routes["/x/pages.xml"] = _html(rss(pages), "application/rss+xml")
    return routes


FEEDS = ["/x/pages.xml", "/x/bad-link-feed.xml", "/x/feed-as-html.xml", "/x/feed-utf16.xml", "/x/feed-cp1251.xml",
         "/x/feed-koi8r.xml", "/x/feeds/atom.xml"]
SITEMAPS = ["/x/truncated.xml.gz", "/x/corrupt.xml.gz", "/x/index-a.xml", "/x/bad-loc-index.xml"]
