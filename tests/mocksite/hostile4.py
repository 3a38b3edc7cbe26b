"""Hostile routes, fourth round (tests/test_hostile4.py): pathological markup (200,000 nested ``<b>``, a page of
one 8 MB line, 100,000 links, a 50 KB title, one 2 MB paragraph), NUL bytes, binary files behind ``.html`` URLs and
HTML behind ``application/octet-stream``, redirects to ``javascript:`` and down an endless chain, a feed of
relative links only, escaped HTML and broken CDATA in a feed, a sitemap with ``<lastmod>`` in every format and
garbage, unknown charsets, BOMs that contradict the header, right-to-left text with bidi controls, one story
under its Unicode, upper- and lower-case percent-encoded and fragment URLs, ``<base href>`` on another host,
and a storm of ``Set-Cookie`` headers.

``hostile4_routes()`` returns the routes; the constants say what each case must lead to.
"""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import quote

from tests.mocksite import bulk_routes, render
from tests.mocksite.hostile2 import _RU_OTHER, _RU_THIRD, lead, rss
from tests.mocksite.hostile2 import page as _undated_page

GOOD_COUNT = 6
#: Bytes of the one-line page: under the crawl's DOWNLOAD_MAXSIZE (10 MB in the test), far over a normal page.
ONE_LINE_BYTES = 8 * 1024 * 1024
COOKIES = 3000
NESTED_B = 200_000
LINKS = 100_000

_RU = [
    "Министерство обороны России заявило, что силы противовоздушной обороны перехватили восемь беспилотников "
    "над Белгородской областью, пострадавших нет.",
    "По словам губернатора, обломки повредили линию электропередачи и несколько частных домов, "
    "аварийные службы работали всю ночь.",
    "В Киеве заявили, что удары по энергетике продолжаются, и призвали союзников по НАТО ускорить поставки "
    "систем ПВО.",
]
_UK = [
    "Повітряні сили ЗСУ повідомили, що вночі збили більшість дронів, запущених по Харківській області.",
    "Уламки пошкодили два житлові будинки та школу в центрі міста, постраждалих немає.",
    "У Києві заявили, що ремонтні бригади відновили електропостачання більшості домівок до обіду.",
]


def page(title: str, paragraphs: list[str] | None = None, *, head: str = "", **kwargs) -> str:
    """:func:`tests.mocksite.hostile2.page`, published two hours before the module was loaded (as real stories are:
    the run's field-coverage monitor expects a date on nearly every article)."""
    published = (datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="seconds")
    return _undated_page(title, paragraphs, head=f'<meta property="article:published_time" content="{published}">'
                         + head, **kwargs)

_UK_OTHER = [
    "Генеральний секретар НАТО заявив, що альянс посилить протиповітряну оборону України до кінця зими.",
    "У Харкові після нічної атаки без світла залишилися кілька тисяч будинків, повідомила міська влада.",
    "У Кремлі назвали рішення альянсу ескалацією та пообіцяли відповідь, не уточнивши, яку саме.",
]


def lead_uk(title: str) -> str:
    return f"Ця замітка ({title}) підготовлена нашими кореспондентами спеціально для перевірки сайту."


def _ok(body: bytes, content_type: str = "text/html; charset=utf-8", headers: dict | None = None):
    return lambda handler, base: (200, content_type, body, headers)


def _html(html: str, content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8"):
    return lambda handler, base: (200, content_type, render(html, base).encode(encoding), None)


def _wrapped(title: str, before: str, after: str) -> str:
    """:func:`page` with ``before`` just inside ``<body>`` and ``after`` just before ``</body>``."""
    html = page(title)
    head, rest = html.split("<body>", 1)
    return head + "<body>" + before + rest.replace("</body>", after + "</body>", 1)


def _nested_b(title: str) -> str:
    # A template that opens <b> in a loop and never closes it, around the whole article.
    return _wrapped(title, "<b>" * NESTED_B, "")


def _one_line(title: str) -> str:
    # An inlined JavaScript bundle of ~8 MB on a single line (no newline anywhere in the page), then the article.
    filler = ";".join(f"var a{n}=function(x){{return x*{n}+{zlib.crc32(str(n).encode())}}}" for n in range(1000))
    bundle = (filler + ";") * (ONE_LINE_BYTES // (len(filler) + 1))
    return page(title, head=f"<script>{bundle}</script>").replace("\n", " ")


def _many_links(title: str) -> str:
    links = "".join(f'<li><a href="/w/tag/{n}">tag {n}</a></li>' for n in range(LINKS))
    return _wrapped(title, "", f'<footer><ul class="tags">{links}</ul></footer>')


def _huge_title(title: str) -> str:
    # The page's <title> and <h1> repeat a headline until they are 50 KB (a CMS bug that concatenated them).
    long = (title + " ") * (50_000 // (len(title) + 1))
    return page(title).replace(f"<title>{title}</title>", f"<title>{long}</title>").replace(
        f"<h1>{title}</h1>", f"<h1>{long}</h1>")


def _huge_metadata(title: str) -> str:
    # A CMS that put the whole archive into the head: a 1 MB og:description, 50,000 keywords, a 100 KB section.
    head = ('<meta property="og:description" content="' + "A long standfirst about the war. " * 32_000 + '">'
            '<meta name="keywords" content="' + ",".join(f"keyword {n}" for n in range(50_000)) + '">'
            '<meta property="article:section" content="' + "World " * 20_000 + '">')
    return page(title, head=head)


def _one_paragraph(title: str) -> str:
    # The whole story in one <p> of ~2 MB (a CMS that lost its paragraph breaks): sentences, no markup.
    sentences = " ".join(f"Sentence {n} of the long report from the front line near Pokrovsk, where Ukrainian "
                         "units held their positions under drone attacks." for n in range(15_000))
    return page(title, [sentences])


def _nul_flood(title: str) -> bytes:
    # A page whose template pads every block with runs of NUL bytes (a broken cache that wrote zeroed blocks).
    html = page(title).replace("</p>", "</p>" + "\x00" * 2000).replace("<head>", "<head>" + "\x00" * 500, 1)
    return html.encode()


def _octet_article(title: str) -> bytes:
    return page(title).encode()


_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 40 + b"\xff\xd9"
_ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 40 + b"PK\x05\x06" + b"\x00" * 18
_PDF = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def _encoded(title: str, coding: str, *, compress: bool):
    def route(handler, base):
        body = render(page(title), base).encode()
        return 200, "text/html; charset=utf-8", gzip.compress(body) if compress else body, {"Content-Encoding": coding}
    return route


def _raw_utf8_location(path: str):
    def route(handler, base):
        handler.wfile.write(b"HTTP/1.1 301 Moved Permanently\r\nContent-Length: 0\r\nLocation: " + path.encode()
                            + b"\r\nConnection: close\r\n\r\n")
    return route


def _redirect(location: str, *, absolute: bool = False):
    return lambda handler, base: (302, "text/html", b"", {"Location": location if absolute else base + location})


def _endless_redirects(handler, base):
    # /w/chain?n=K -> /w/chain?n=K+1: every hop a new URL, so no loop is ever seen; REDIRECT_MAX_TIMES ends it.
    n = int(handler.path.rsplit("=", 1)[1]) if "=" in handler.path else 0
    return 302, "text/html", b"", {"Location": f"{base}/w/chain?n={n + 1}"}


def _cookie_storm(title: str):
    """The article, behind COOKIES ``Set-Cookie`` headers of ~200 bytes each (600 KB of headers)."""
    def route(handler, base):
        body = render(page(title), base).encode()
        head = ["HTTP/1.1 200 OK", "Content-Type: text/html; charset=utf-8", f"Content-Length: {len(body)}"]
        head += [f"Set-Cookie: tracker{n}={'z' * 150}; Path=/; Max-Age=31536000; SameSite=None"
                 for n in range(COOKIES)]
        handler.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
    return route


_BIDI = ("\u202eReversed text override\u202c, \u2067isolated\u2069 and \u200fmarks\u200e in a page that mixes "
         "scripts.")


def _rtl_mixed(title: str) -> str:
    paragraphs = [
        "Президент России и министр обороны Израиля обсудили ситуацию на Украине, сообщили в Кремле.",
        "בישראל אמרו כי השיחה עסקה במלחמה באוקראינה ובאספקת נשק.",
        "وقالت وزارة الخارجية الروسية إن المحادثات تناولت الحرب في أوكرانيا.",
        "Представитель НАТО заявил, что альянс внимательно следит за контактами Москвы на Ближнем Востоке. " + _BIDI,
    ]
    html = page(title, paragraphs, lang="ru")
    return html.replace("<html lang=\"ru\">", "<html lang=\"ru\" dir=\"ltr\">").replace(
        "<article>", '<article><p dir="rtl">\u200f</p>', 1)


def _base_elsewhere(title: str) -> str:
    # A CDN template's <base href> on another host; the canonical is a relative href.
    return page(title, head='<base href="https://static.cdn-elsewhere.example/assets/">'
                            '<link rel="canonical" href="/w/base-elsewhere">')


def _lastmod_formats(now: datetime) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(fresh, old, garbage): path -> a ``<lastmod>`` text. Fresh dates are 2 hours old, old ones 20 days."""
    def formats(when: datetime) -> list[str]:
        return [
            when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            (when + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S+02:00"),
            when.strftime("%Y-%m-%d"),
            when.strftime("%Y-%m-%dT%H:%MZ"),
            when.strftime("%Y-%m-%dT%H:%M:%S.123456+00:00"),
            when.strftime("%Y-%m-%d %H:%M:%S"),
            format_datetime(when, usegmt=True),
            when.strftime("%Y%m%dT%H%M%SZ"),
            when.strftime("%d.%m.%Y %H:%M"),
            when.strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "\n   " + when.strftime("%Y-%m-%dT%H:%M:%SZ") + "\n",
            str(int(when.timestamp())),
        ]
    fresh = {f"/w/lastmod/fresh-{n}": text for n, text in enumerate(formats(now - timedelta(hours=2)))}
    old = {f"/w/lastmod/old-{n}": text for n, text in enumerate(formats(now - timedelta(days=20)))}
    garbage = {f"/w/lastmod/garbage-{n}": text for n, text in enumerate(
        ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "yesterday", "NaN", "2026-02-30", "0000-00-00",
         "<![CDATA[]]>", "99999999999999999999"])}
    return fresh, old, garbage


def _lastmod_sitemap(handler, base):
    fresh, old, garbage = _lastmod_formats(datetime.now(UTC))
    urls = "".join(f"<url><loc>{base}{path}</loc><lastmod>{text}</lastmod></url>\n"
                   for path, text in {**fresh, **old, **garbage}.items())
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n")
    return 200, "application/xml", body.encode(), None


_FRESH, _OLD, _GARBAGE = _lastmod_formats(datetime.now(UTC))
LASTMOD_FETCHED = [*_FRESH, *_GARBAGE]
LASTMOD_SKIPPED = list(_OLD)

_CYRILLIC_PATH = "/w/статья-нато"
#: The one Cyrillic story as the feeds list it: Unicode, upper-case and lower-case percent-encoding.
CYRILLIC_FORMS = [_CYRILLIC_PATH, quote(_CYRILLIC_PATH), quote(_CYRILLIC_PATH).lower()]
FRAGMENT_FORMS = ["/w/fragment", "/w/fragment#comments", "/w/fragment#top"]


def _relative_feed(handler, base):
    # Every link relative, no xml:base, no channel <link>: they resolve against the feed's own URL (/w/feeds/rel.xml).
    items = "".join(f"<item><title>t</title><link>{link}</link><pubDate>{format_datetime(datetime.now(UTC))}"
                    "</pubDate></item>" for link in ("/w/rel/root", "sibling", "../rel/dotdot", "?p=query"))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Rel</title>{items}</channel></rss>'
    return 200, "application/rss+xml", body.encode(), None


_ESCAPED_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Escaped &amp;lt;b&amp;gt;</title>
<item><title>&lt;b&gt;NATO&lt;/b&gt; &amp;amp; allies: &lt;script&gt;alert(1)&lt;/script&gt;</title>
 <link>{{base}}/w/escaped-1</link><pubDate>{{rfc822:1h}}</pubDate>
 <description><![CDATA[<p>Outer <![CDATA[inner]]> text]]></description></item>
<item><title><![CDATA[<i>Kyiv</i> <![CDATA[nested]]>]]></title>
 <link>{{base}}/w/escaped-2</link><pubDate>{{rfc822:1h}}</pubDate></item>
<item><title>After the broken CDATA</title><link>{{base}}/w/escaped-3</link><pubDate>{{rfc822:1h}}</pubDate></item>
</channel></rss>
"""

#: Stories that must be stored once despite their hostile delivery: path -> (title, text the body must hold).
SALVAGED: dict[str, tuple[str, str | None]] = {
    "/w/nested-b": ("An article under 200,000 unclosed bold tags", None),
    "/w/one-line": ("A page of one eight-megabyte line", None),
    "/w/many-links": ("An article above a hundred thousand links", None),
    "/w/huge-title": ("A headline repeated to fifty kilobytes", None),
    "/w/one-paragraph": ("A story in one two-megabyte paragraph", None),
    "/w/huge-metadata": ("An article with a megabyte of metadata", None),
    "/w/nul-flood": ("A page padded with NUL bytes", None),
    "/w/octet-article.html": ("An article served as application/octet-stream", None),
    "/w/unknown-charset": ("Київ: невідоме кодування", lead_uk("Київ: невідоме кодування")),
    "/w/unknown-header-charset": ("Харків: заголовок з вигаданим кодуванням", lead_uk(
        "Харків: заголовок з вигаданим кодуванням")),
    "/w/utf16-bom-utf8-header": ("Сводка: BOM против заголовка", "альянс увеличит поставки зенитных ракет"),
    "/w/utf8-bom-koi8-header": ("Сводка: BOM UTF-8, заголовок KOI8-R", "укрепление восточного фланга"),
    "/w/rtl-mixed": ("Кремль: разговор с Израилем об Украине", "Президент России и министр обороны Израиля"),
    "/w/base-elsewhere": ("A page whose base is another host", None),
    "/w/cookie-storm": ("An article behind three thousand cookies", None),
    "/w/rel/root": ("Relative link from the root", None),
    "/w/feeds/sibling": ("Relative link to a sibling", None),
    "/w/rel/dotdot": ("Relative link with dot-dot", None),
    "/w/feeds/rel.xml?p=query": ("Relative link that is only a query", None),
    "/w/escaped-1": ("Escaped HTML in the feed title", None),
    "/w/escaped-2": ("Nested CDATA in the feed title", None),
    "/w/escaped-3": ("The item after the broken CDATA", None),
    quote(_CYRILLIC_PATH): ("Статья по кириллическому адресу", "обломки повредили линию"),
    "/w/fragment": ("One story, three fragments", None),
    "/w/refresh-to-fragment": ("A page that refreshes to its own fragment", None),
    quote("/w/переїзд"): ("A story reached by a raw UTF-8 Location header", None),
    "/w/gzip-plain": ("Content-Encoding gzip on a plain page", None),
    "/w/br-plain": ("Content-Encoding br on a plain page", None),
    "/w/gzip-real": ("A page really served gzipped", None),
    **{path: (f"Sitemap lastmod case {path.rsplit('/', 1)[1]}", None) for path in LASTMOD_FETCHED},
}
#: Pages that hold no article or cannot be fetched: path -> the stat that counts them.
REJECTED = {
    "/w/jpeg-as-html.html": "newswatch/article/not_html",
    "/w/zip-as-html.html": "newswatch/article/not_html",
    "/w/pdf-as-html.html": "newswatch/article/not_html",
    "/w/pdf-octet.html": "newswatch/article/not_html",
    "/w/zip-octet.html": "newswatch/article/not_html",
    "/w/nul-only": "newswatch/article/not_html",
    "/w/redirect-js": "newswatch/fetch/error/bad_redirect",
    "/w/redirect-js-relative": "newswatch/fetch/error/bad_redirect",
    "/w/chain": "newswatch/fetch/error/too_many_redirects",
}


def hostile4_routes() -> dict:
    routes = bulk_routes(GOOD_COUNT)
    s = {path: title for path, (title, _) in SALVAGED.items()}
    routes.update({
        "/w/nested-b": _html(_nested_b(s["/w/nested-b"])),
        "/w/one-line": _html(_one_line(s["/w/one-line"])),
        "/w/many-links": _html(_many_links(s["/w/many-links"])),
        "/w/huge-title": _html(_huge_title(s["/w/huge-title"])),
        "/w/one-paragraph": _html(_one_paragraph(s["/w/one-paragraph"])),
        "/w/huge-metadata": _html(_huge_metadata(s["/w/huge-metadata"])),
        "/w/nul-flood": lambda handler, base: (200, "text/html; charset=utf-8", _nul_flood(s["/w/nul-flood"]), None),
        "/w/octet-article.html": _ok(_octet_article(s["/w/octet-article.html"]), "application/octet-stream"),
        # UTF-8 bytes; no charset in the header; the <meta> names an encoding that does not exist
        "/w/unknown-charset": _html(page(s["/w/unknown-charset"], _UK, lang="uk", meta_charset="x-no-such-charset")
                                    .replace(lead(s["/w/unknown-charset"], "en"), lead_uk(s["/w/unknown-charset"])),
                                    "text/html"),
        # UTF-8 bytes under a header charset that names no encoding (and no <meta>)
        "/w/unknown-header-charset": _html(page(s["/w/unknown-header-charset"], _UK_OTHER, lang="uk", meta_charset=None)
                                           .replace(lead(s["/w/unknown-header-charset"]),
                                                    lead_uk(s["/w/unknown-header-charset"])),
                                           "text/html; charset=x-mac-klingon"),
        # a UTF-16LE page (with its BOM) under a header saying utf-8; a UTF-8 page (with BOM) under koi8-r
        "/w/utf16-bom-utf8-header": _ok(page(s["/w/utf16-bom-utf8-header"], _RU_OTHER, lang="ru", meta_charset=None)
                                        .encode("utf-16"), "text/html; charset=utf-8"),
        "/w/utf8-bom-koi8-header": _ok(b"\xef\xbb\xbf" + page(s["/w/utf8-bom-koi8-header"], _RU_THIRD, lang="ru",
                                                              meta_charset="koi8-r").encode(),
                                       "text/html; charset=koi8-r"),
        "/w/rtl-mixed": _html(_rtl_mixed(s["/w/rtl-mixed"])),
        "/w/base-elsewhere": _html(_base_elsewhere(s["/w/base-elsewhere"])),
        "/w/cookie-storm": _cookie_storm(s["/w/cookie-storm"]),
        "/w/feeds/rel.xml": _relative_feed,
        "/w/escaped.xml": _html(_ESCAPED_FEED, "application/rss+xml"),
        **{form: _html(page(SALVAGED[quote(_CYRILLIC_PATH)][0], _RU, lang="ru")) for form in CYRILLIC_FORMS[1:]},
        "/w/fragment": _html(page(s["/w/fragment"])),
        "/w/lastmod.xml": _lastmod_sitemap,
        # <meta refresh> to "#main": a browser scrolls, it does not reload
        "/w/refresh-to-fragment": _html(page(s["/w/refresh-to-fragment"],
                                             head='<meta http-equiv="refresh" content="0; url=#main">')),
        # a Location header of raw UTF-8 bytes (not percent-encoded), as some servers send
        "/w/moved-utf8": _raw_utf8_location("/w/переїзд"),
        quote("/w/переїзд"): _html(page(s[quote("/w/переїзд")])),
        # a Content-Encoding the body does not have (a proxy that labels what it never compressed), and a real one
        "/w/gzip-plain": _encoded(s["/w/gzip-plain"], "gzip", compress=False),
        "/w/br-plain": _encoded(s["/w/br-plain"], "br", compress=False),
        "/w/gzip-real": _encoded(s["/w/gzip-real"], "gzip", compress=True),
        # binary files behind .html URLs, labelled text/html or application/octet-stream
        "/w/jpeg-as-html.html": _ok(_JPEG),
        "/w/zip-as-html.html": _ok(_ZIP),
        "/w/pdf-as-html.html": _ok(_PDF, "text/html"),
        "/w/pdf-octet.html": _ok(_PDF, "application/octet-stream"),
        "/w/zip-octet.html": _ok(_ZIP, "application/octet-stream"),
        "/w/nul-only": _ok(b"\x00" * 65536),
        "/w/redirect-js": _redirect("javascript:alert(document.cookie)", absolute=True),
        "/w/redirect-js-relative": _redirect("  JavaScript:void(0)", absolute=True),
        "/w/chain": _endless_redirects,
    })
    for path in ("/w/rel/root", "/w/feeds/sibling", "/w/rel/dotdot", "/w/escaped-1", "/w/escaped-2", "/w/escaped-3",
                 *LASTMOD_FETCHED, *LASTMOD_SKIPPED):
        title = s.get(path, f"Old sitemap story {path}")
        routes[path] = _html(page(title))
    # the query-only link is the feed's own path with ?p=query: the route answers the article for that query
    feed = routes["/w/feeds/rel.xml"]
    query_page = _html(page(s["/w/feeds/rel.xml?p=query"]))
    routes["/w/feeds/rel.xml"] = lambda handler, base: (query_page if "p=query" in handler.path else feed)(handler,
                                                                                                          base)
    cyrillic_unicode = f"{{{{base}}}}{_CYRILLIC_PATH}"
    pages = [*(p for p in SALVAGED if p.startswith("/w/") and p != quote("/w/переїзд") and not p.startswith((
                 "/w/rel/", "/w/feeds/", "/w/lastmod", "/w/escaped", "/w/fragment"))),
             *REJECTED, *FRAGMENT_FORMS, *CYRILLIC_FORMS[1:], "/w/moved-utf8"]
    pages_feed = rss(pages).replace("</channel>", f"<item><title>t</title><link>{cyrillic_unicode}</link>"
                                                  "<pubDate>{{rfc822:2h}}</pubDate></item></channel>")
    routes["/w/pages.xml"] = _html(pages_feed, "application/rss+xml")
    return routes


FEEDS = ["/bulk.xml", "/w/pages.xml", "/w/feeds/rel.xml", "/w/escaped.xml"]
SITEMAPS = ["/w/lastmod.xml"]
