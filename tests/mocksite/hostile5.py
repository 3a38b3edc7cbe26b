"""Hostile routes, fifth round (tests/test_hostile5.py): raw HTTP oddities (duplicate and missing headers, HTTP/1.0
to close, no reason phrase, folded headers, 204/206/304/999, a chunked body cut short, a Content-Length shorter than
the body, gzip twice, raw deflate, a gzipped page cut in half, a stalled body, a 100 KB header line), redirects with
spaces and dot-dot, legacy encodings that contradict each other (KOI8-R under windows-1251 and the reverse, two
``<meta charset>``, a late ``<meta>``, ``us-ascii`` over UTF-8, iso-8859-1 over windows-1252, stray invalid bytes in
UTF-8), zero-width, bidi, control and astral characters in titles, double-escaped entities, odd JSON-LD (``@id``
cycles, wrong types, impossible time zones, 5,000 authors), canonicals to ``javascript:``, another site and a 404,
image-only and frameset pages, and feeds and sitemaps as they are found in the wild (text before ``<?xml``, HTML
entities and control characters, raw ``&``, a lying encoding declaration, undeclared prefixes, links that are not
HTTP or 9 KB long, GUID-only items, Atom ``self``/``enclosure`` links, impossible and named time zones, JSON Feed,
gzip twice, the 0.84 and no namespace, an index listing itself, relative ``<loc>``, a plain-text sitemap).

``hostile5_routes()`` returns the routes; the constants say what each case must lead to.
"""

from __future__ import annotations

import gzip
import html
import json
import random
import time
import zlib
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

from tests.mocksite import bulk_routes, render
from tests.mocksite.hostile2 import _paragraphs, lead
from tests.mocksite.hostile4 import page

GOOD_COUNT = 12
AUTHORS = 5000
STALL_SECONDS = 20  # far longer than the crawl's DOWNLOAD_TIMEOUT (6 s in the test)

_RU_POOL = [
    "Министерство обороны России заявило, что силы ПВО перехватили беспилотники над {city}.",
    "По словам губернатора, обломки повредили линию электропередачи и несколько частных домов.",
    "В Киеве заявили, что удары по энергетике продолжаются, и призвали союзников ускорить поставки.",
    "Генеральный секретарь НАТО пообещал увеличить поставки зенитных ракет до конца зимы.",
    "В {city} после ночной атаки без электричества остались несколько тысяч домов.",
    "Кремль назвал решение альянса эскалацией и пообещал ответные меры, не уточнив какие.",
    "Прокуратура возбудила дело об обстреле больницы, пострадали двое медиков.",
    "Волонтёры собрали генераторы и тёплые вещи для прифронтовых сёл под {city}.",
    "Министры обороны стран альянса обсудили укрепление восточного фланга и закупки снарядов.",
    "Украинские военные сообщили о продвижении на одном из участков фронта у {city}.",
    "Евросоюз согласовал новый пакет санкций против российского энергетического сектора.",
    "Премьер-министр Польши заявил, что граница с Беларусью будет усилена к весне.",
]
_RU_CITIES = ["Белгородом", "Харькове", "Курском", "Одессе", "Запорожье", "Сумами", "Херсоне", "Днепре"]


def ru_lead(title: str) -> str:
    return f"Эта заметка ({title}) подготовлена нашими корреспондентами специально для проверки сайта."


def ru_page(title: str, *, meta_charset: str | None = None, head: str = "") -> str:
    """A Russian article, its paragraphs drawn for the title (distinct stories, not near-duplicates)."""
    rng = random.Random(title)
    city = rng.choice(_RU_CITIES)
    sentences = [s.format(city=city) for s in rng.sample(_RU_POOL, 6)]
    paragraphs = [" ".join(sentences[i:i + 2]) for i in (0, 2, 4)]
    html = page(title, paragraphs, lang="ru", head=head, meta_charset=meta_charset)
    return html.replace(lead(title, "ru"), ru_lead(title))


def _html(html: str, content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8", headers=None):
    return lambda handler, base: (200, content_type, render(html, base).encode(encoding), headers)


def _bytes(body: bytes, content_type: str = "text/html; charset=utf-8", headers=None, status: int = 200):
    return lambda handler, base: (status, content_type, body, headers)


def _raw(head: list[str], body, *, cut: int | None = None, stall: float = 0):
    """A response written by hand: ``head`` lines (status line first), then ``body`` (bytes, or a function of the
    base URL), its first ``cut`` bytes only when given; ``stall`` seconds of silence before the rest."""
    def route(handler, base):
        data = body(base) if callable(body) else body
        heads = [line.replace("{len}", str(len(data))).replace("{last}", str(len(data) - 1)) for line in head]
        handler.wfile.write(("\r\n".join(heads) + "\r\n\r\n").encode("latin-1"))
        if stall:
            handler.wfile.write(data[:len(data) // 3])
            handler.wfile.flush()
            time.sleep(stall)
            data = data[len(data) // 3:]
        handler.wfile.write(data[:cut] if cut else data)
        handler.wfile.flush()
    return route


def _page_bytes(title: str, **kwargs):
    return lambda base: render(page(title, **kwargs), base).encode()


def long_page(title: str) -> str:
    """:func:`page` with twelve paragraphs (~4 KB): long enough that the part before a cut is still an article."""
    paragraphs = [p for n in range(4) for p in _paragraphs(f"{title} {n}")]
    return page(title, paragraphs)


def _chunked(title: str, *, cut: bool = False, bad_size: bool = False):
    def body(base):
        data = render(long_page(title), base).encode()
        first, second = data[:len(data) // 2], data[len(data) // 2:]
        out = b"%x\r\n%s\r\n" % (len(first), first)
        if bad_size:
            return out + b"zz\r\n" + second + b"\r\n0\r\n\r\n"
        return out if cut else out + b"%x\r\n%s\r\n0\r\n\r\n" % (len(second), second)
    return _raw(["HTTP/1.1 200 OK", "Content-Type: text/html; charset=utf-8", "Transfer-Encoding: chunked",
                 "Connection: close"], body)


def _redirect(location: str, status: int = 302):
    return lambda handler, base: (status, "text/html", b"", {"Location": location.replace("{base}", base)})


def _raw_redirect(location: str):
    def route(handler, base):
        handler.wfile.write(b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\nLocation: " + location.encode()
                            + b"\r\nConnection: close\r\n\r\n")
    return route


def _gzip_twice(title: str):
    def route(handler, base):
        body = gzip.compress(gzip.compress(render(page(title), base).encode()))
        return 200, "text/html; charset=utf-8", body, {"Content-Encoding": "gzip, gzip"}
    return route


def _raw_deflate(title: str):
    def route(handler, base):
        squeeze = zlib.compressobj(wbits=-15)
        body = squeeze.compress(render(page(title), base).encode()) + squeeze.flush()
        return 200, "text/html; charset=utf-8", body, {"Content-Encoding": "deflate"}
    return route


def _gzip_cut(title: str):
    # A gzipped page whose stream stops at 60% (a proxy that cut it; the length matches what is sent).
    def route(handler, base):
        data = render(long_page(title), base).encode()
        packed = gzip.compress(data)
        return 200, "text/html; charset=utf-8", packed[: len(packed) * 6 // 10], {"Content-Encoding": "gzip"}
    return route


def _ru_encoded(title: str, encoding: str, content_type: str, *, meta_charset: str | None = None,
                head: str = "") -> tuple:
    html = ru_page(title, meta_charset=meta_charset, head=head)
    return _html(html, content_type, encoding)


def _xhtml_cp1251(title: str):
    html = ru_page(title, meta_charset=None)
    html = html.replace("<!DOCTYPE html>", '<?xml version="1.0" encoding="windows-1251"?>\n<!DOCTYPE html PUBLIC '
                        '"-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">')
    html = html.replace('<html lang="ru">', '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru" lang="ru">')
    return _html(html.replace("<a href='/'>Home</a>", '<a href="/">Home</a>'), "application/xhtml+xml", "cp1251")


def _mixed_encodings(title: str):
    # A UTF-8 page into which a CMS pasted one paragraph in windows-1251 bytes.
    def route(handler, base):
        html = render(ru_page(title, meta_charset="utf-8"), base)
        head, tail = html.rsplit("</article>", 1)
        pasted = "<p>Вставка из старой базы: депутаты одобрили закон о мобилизации.</p>".encode("cp1251")
        return 200, "text/html; charset=utf-8", head.encode() + pasted + b"</article>" + tail.encode(), None
    return route


def _invalid_utf8(title: str):
    # Stray invalid sequences between words: an overlong "/", an encoded surrogate, a lone 0xFF, a cut 3-byte char.
    def route(handler, base):
        html = render(ru_page(title, meta_charset="utf-8"), base).encode()
        for word in ("заявило".encode(), "губернатора".encode(), "альянса".encode()):
            html = html.replace(b" " + word, b" \xc0\xaf" + word, 1).replace(word + b" ", word + b"\xed\xa0\x80 ", 1)
        html = html.replace(b"</h1>", b"\xff\xe2\x82</h1>", 1)
        return 200, "text/html; charset=utf-8", html, None
    return route


def _late_meta(title: str):
    # No header charset; the <meta> comes after 3 KB of comments, past the 1024 bytes browsers prescan.
    html = ru_page(title, meta_charset=None)
    html = html.replace("<head>", "<head><!-- " + "build info " * 300 + "-->"
                        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', 1)
    return _html(html, "text/html", "cp1251")


def _two_metas(title: str):
    html = ru_page(title, meta_charset=None).replace(
        "<head>", '<head><meta charset="koi8-r"><meta charset="windows-1251">', 1)
    return _html(html, "text/html", "cp1251")


def _smart_quotes(title: str):
    # windows-1252 bytes (curly quotes, en dash) under charset=iso-8859-1, as many old CMSes serve them.
    html = page(title, meta_charset="iso-8859-1")
    html = html.replace("<p>", "<p>\u201cWe will not back down\u201d \u2013 the minister said. ", 1)
    return _html(html, "text/html; charset=iso-8859-1", "cp1252")


def _retitled(clean: str, dirty: str, **kwargs) -> str:
    """:func:`page` for ``clean`` whose ``<title>`` and ``<h1>`` are ``dirty``."""
    html = page(clean, **kwargs)
    return html.replace(f"<title>{clean}</title>", f"<title>{dirty}</title>").replace(
        f"<h1>{clean}</h1>", f"<h1>{dirty}</h1>")


def _jsonld(data) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _jsonld_cycle(title: str) -> str:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "@id": "#article", "headline": title, "author": {"@id": "#person"},
         "isPartOf": {"@id": "#article"}, "publisher": {"@id": "#org"}, "mainEntityOfPage": {"@id": "#article"}},
        {"@type": "Person", "@id": "#person", "name": "Olena Kovalenko", "worksFor": {"@id": "#org"},
         "knows": {"@id": "#person"}},
        {"@type": "Organization", "@id": "#org", "name": "Mock Herald", "founder": {"@id": "#person"},
         "parentOrganization": {"@id": "#org"}, "subjectOf": {"@id": "#article"}},
    ]}
    return page(title, head=_jsonld(graph))


def _jsonld_odd_types(title: str) -> str:
    data = {"@context": "https://schema.org", "@type": ["NewsArticle", {"x": 1}], "headline": [title, 7],
            "author": 42, "datePublished": -1, "keywords": {"a": "b"}, "image": 3.5, "inLanguage": ["en"],
            "articleSection": None, "description": {"@value": "A standfirst in a value object"}}
    return page(title, head=_jsonld(data))


def _jsonld_bad_zone(title: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
            "datePublished": "2026-11-28T10:00:00+25:00", "dateModified": "0000-01-01T00:00:00Z"}
    return page(title, head=_jsonld(data))


_FIRST = ["Olena", "Taras", "Anna", "Mark", "Laura", "Petro", "Iryna", "James", "Sofia", "Andriy", "Maria", "David",
          "Oksana", "Pavel", "Julia", "Tomas", "Natalia", "Ivan", "Emma", "Dmytro"]
_LAST = ["Kovalenko", "Melnyk", "Petrova", "Smith", "Ozola", "Bondarenko", "Shevchenko", "Brown", "Novak", "Lysenko",
         "Tkachenko", "Wilson", "Kravets", "Horvat", "Moroz", "Clarke", "Savchenko", "Rudenko", "Hughes", "Marchenko",
         "Fischer", "Boyko", "Kowalski", "Pavlenko", "Taylor"]
#: AUTHORS distinct names: first and last names, then a middle initial.
AUTHOR_NAMES = [f"{first} {chr(65 + n)}. {last}" for n in range(10) for first in _FIRST for last in _LAST][:AUTHORS]


def _many_authors(title: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
            "author": [{"@type": "Person", "name": name} for name in AUTHOR_NAMES]}
    return page(title, head=_jsonld(data))


def _br_only(title: str) -> str:
    text = "<br><br>".join([lead(title), "Air raid sirens sounded across Ukraine for three hours overnight, the "
                            "emergency service said, and debris fell on two districts of the capital.",
                            "NATO ambassadors will discuss further support for Kyiv's air defence on Thursday, "
                            "a spokesperson for the alliance said in Brussels."])
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<div class="story"><h1>{title}</h1><div class="text">{text}</div></div></body></html>')


def _twice_rendered(title: str) -> str:
    html = page(title)
    return html + html


def _huge_svg(title: str) -> str:
    path = " ".join(f"L{n % 997} {n % 991}" for n in range(200_000))
    svg = f'<svg viewBox="0 0 1000 1000"><path d="M0 0 {path}"/></svg>'
    return page(title).replace("</h1>", "</h1>" + svg, 1)


def _image_only(title: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>'
            '<article><figure><img src="/v/photo.jpg" alt=""></figure></article></body></html>')


def _frameset(title: str) -> str:
    return (f'<!DOCTYPE html><html><head><title>{title}</title></head><frameset cols="20%,80%">'
            '<frame src="/v/frame-nav"><frame src="/v/frame-main"></frameset></html>')


# --- feeds and sitemaps ------------------------------------------------------------------------------------------


def _rss(items: str, *, decl: str = '<?xml version="1.0" encoding="UTF-8"?>', ns: str = "") -> str:
    return (f'{decl}\n<rss version="2.0"{ns}><channel><title>Hostile 5</title><link>{{{{base}}}}/</link>\n'
            f"{items}</channel></rss>\n")


def _item(path: str, title: str = "t", date: str = "{{rfc822:2h}}", extra: str = "") -> str:
    return f"<item><title>{title}</title><link>{{{{base}}}}{path}</link><pubDate>{date}</pubDate>{extra}</item>\n"


def _feed(text: str, content_type: str = "application/rss+xml", encoding: str = "utf-8"):
    return lambda handler, base: (200, content_type, render(text, base).encode(encoding), None)


_PHP_WARNING = ("<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent by (output "
                "started at /var/www/wp-config.php:1) in <b>/var/www/wp-includes/feed-rss2.php</b> on line <b>8</b>"
                "<br />\n")

#: A link of 9 KB (a tracking blob in the query): over Scrapy's URLLENGTH_LIMIT (2083) and most servers' 8 KB.
LONG_LINK = "/v/d/long?ref=" + "x" * 9000
#: Links in a feed that are no web page: path-free, so the test can look for them in the log.
NOT_HTTP_LINKS = ["javascript:alert(document.cookie)", "data:text/html;base64,PGgxPkhpPC9oMT4=",
                  "mailto:desk@example.org", "tel:+380441234567", "ftp://files.example.org/story.txt",
                  "about:blank"]


def _bad_links_feed() -> str:
    items = "".join(f"<item><title>t</title><link>{link}</link><pubDate>{{{{rfc822:2h}}}}</pubDate></item>\n"
                    for link in NOT_HTTP_LINKS)
    return _rss(items + _item(LONG_LINK) + _item("/v/d/after-bad-links"))


def _named_zones(handler, base):
    """Fresh and old items dated in named zones (MSK is UTC+3, EET UTC+2, EEST UTC+3)."""
    now = datetime.now(UTC)
    def named(when: datetime, zone: str, hours: int) -> str:
        return (when.astimezone(timezone(timedelta(hours=hours))).strftime("%a, %d %b %Y %H:%M:%S ") + zone)
    items = (_item("/v/d/msk-fresh", date=named(now - timedelta(hours=2), "MSK", 3))
             + _item("/v/d/eest-fresh", date=named(now - timedelta(hours=3), "EEST", 3))
             + _item("/v/d/msk-old", date=named(now - timedelta(days=20), "MSK", 3))
             + _item("/v/d/eet-old", date=named(now - timedelta(days=20), "EET", 2)))
    return 200, "application/rss+xml", render(_rss(items), base).encode(), None


def _json_feed(handler, base):
    now = datetime.now(UTC)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Mock Herald JSON", "home_page_url": base + "/",
            "items": [{"id": "1", "url": base + "/v/d/json-1", "title": "JSON Feed story one",
                       "date_published": (now - timedelta(hours=2)).isoformat()},
                      {"id": "2", "url": base + "/v/d/json-2", "title": "JSON Feed story two",
                       "date_published": (now - timedelta(hours=4)).isoformat()},
                      {"id": "3", "url": base + "/v/d/json-old", "title": "An old JSON Feed story",
                       "date_published": (now - timedelta(days=20)).isoformat()}]}
    return 200, "application/feed+json", json.dumps(feed).encode(), None


def _urlset(paths: list[str], ns: str | None = "http://www.sitemaps.org/schemas/sitemap/0.9") -> str:
    urls = "".join(f"<url><loc>{{{{base}}}}{p}</loc><lastmod>{{{{iso:2h}}}}</lastmod></url>\n" for p in paths)
    xmlns = f' xmlns="{ns}"' if ns else ""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset{xmlns}>\n{urls}</urlset>\n'


def _gz_sitemap(paths: list[str], *, twice: bool):
    def route(handler, base):
        xml = render(_urlset(paths), base).encode()
        body = gzip.compress(gzip.compress(xml)) if twice else gzip.compress(xml)
        return 200, "application/x-gzip" if twice else "application/xml", body, {"Content-Encoding": "gzip"}
    return route


def _bad_locs_sitemap() -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            "<url><loc>javascript:void(0)</loc></url>\n"
            "<url><loc>/v/d/sm-relative</loc></url>\n"
            "<url><loc>\n   {{base}}/v/d/sm-whitespace\n  </loc></url>\n"
            "<url><loc><![CDATA[{{base}}/v/d/sm-cdata]]></loc></url>\n"
            "<url><loc>{{base}}/v/d/sm-after</loc></url>\n</urlset>\n")


#: Stories that must be stored once despite their hostile delivery: path -> (title, text the body must hold).
SALVAGED: dict[str, tuple[str, str | None]] = {
    "/v/dup-content-type": ("Two Content-Type headers on one page", None),
    "/v/dup-content-length": ("Two equal Content-Length headers", None),
    "/v/no-content-type": ("A page without any Content-Type", None),
    "/v/http10-close": ("An HTTP/1.0 answer read until the connection closes", None),
    "/v/no-reason": ("A status line without a reason phrase", None),
    "/v/obs-fold": ("A header folded over two lines", None),
    "/v/206-whole": ("The whole page as 206 Partial Content", None),
    "/v/chunked-cut": ("A chunked page cut before its last chunk", None),
    "/v/length-shorter": ("A Content-Length shorter than the page", None),
    "/v/gzip-twice": ("A page gzipped twice", None),
    "/v/deflate-raw": ("A page in raw deflate", None),
    "/v/attachment": ("A page served as an attachment named like a PDF", None),
    "/v/gzip-cut": ("A gzipped page cut at sixty percent", None),
    "/v/bad-chunk": ("A chunked page with a chunk size that is no number", None),
    "/v/space%20target": ("The target of a redirect with spaces", None),
    "/v/dotdot-target": ("The target of a dot-dot redirect", None),
    "/v/308-target": ("The target of a permanent 308 redirect", None),
    "/v/xhtml-cp1251": ("Сводка: XHTML в windows-1251", ru_lead("Сводка: XHTML в windows-1251")),
    "/v/koi8-labelled-1251": ("Сводка: KOI8-R под меткой windows-1251",
                              ru_lead("Сводка: KOI8-R под меткой windows-1251")),
    "/v/1251-labelled-koi8": ("Сводка: windows-1251 под меткой KOI8-R",
                              ru_lead("Сводка: windows-1251 под меткой KOI8-R")),
    "/v/mixed-encodings": ("Сводка: UTF-8 со вставкой в windows-1251",
                           ru_lead("Сводка: UTF-8 со вставкой в windows-1251")),
    "/v/invalid-utf8": ("Сводка: битые байты в UTF-8", "заявило"),
    "/v/ascii-label-utf8": ("Сводка: UTF-8 под меткой us-ascii", ru_lead("Сводка: UTF-8 под меткой us-ascii")),
    "/v/two-metas": ("Сводка: два тега meta charset", ru_lead("Сводка: два тега meta charset")),
    "/v/late-meta": ("Сводка: meta charset после трёх килобайт", ru_lead("Сводка: meta charset после трёх килобайт")),
    "/v/smart-quotes": ("Curly quotes under an iso-8859-1 label", "\u201cWe will not back down\u201d \u2013 the"),
    "/v/zero-width-title": ("Zero-width characters in a NATO summit headline", None),
    "/v/bidi-title": ("NATO summit: Vilnius communique", None),
    "/v/control-title": ("Terminal escapes in a headline", None),
    "/v/emoji": ("🇺🇦 Kyiv marks the day 🔥 with 𝐍𝐀𝐓𝐎 allies", None),
    "/v/double-escaped": ("Kyiv\u2019s air defence & NATO's pledge", None),
    "/v/jsonld-cycle": ("JSON-LD whose ids point at each other", None),
    "/v/jsonld-odd-types": ("JSON-LD with every value of the wrong type", None),
    "/v/jsonld-bad-zone": ("JSON-LD dated in the time zone +25:00", None),
    "/v/many-authors": ("Five thousand authors for one story", None),
    "/v/canonical-js": ("A canonical that is JavaScript", None),
    "/v/canonical-other-site": ("A canonical on another site", None),
    "/v/canonical-404": ("A canonical that is not found", None),
    "/v/br-only": ("A story in line breaks, no paragraphs", None),
    "/v/title-blank": ("A page whose title is blank", None),
    "/v/twice-rendered": ("A page rendered twice into one response", None),
    "/v/huge-svg": ("An article with two megabytes of inline SVG", None),
    # a header line past Twisted's 16 KB limit is read (up to 256 KB) and counted, not the page lost
    "/v/huge-header": ("A page behind a 100 KB header line", None),
}
#: Titles as the page's markup writes them, where they differ from the clean title above.
DIRTY_TITLES = {
    "/v/zero-width-title": "Zero\u200b-width char\u00adacters in a NA\u2060TO sum\ufeffmit headline\u200b",
    "/v/bidi-title": "\u202eNATO\u202c summit: \u2067Vilnius\u2069 communique",
    "/v/control-title": "\x1b[31mTerminal escapes\x1b[0m in a\x07 headline",
    "/v/double-escaped": "Kyiv&amp;#8217;s air defence &amp;amp; NATO&amp;#39;s pledge",
}
#: Pages that hold no article or cannot be fetched: path -> the stats, one of which must count it.
REJECTED: dict[str, tuple[str, ...]] = {
    "/v/304-unasked": ("newswatch/fetch/error/http_304",),
    "/v/204": ("newswatch/dropped/no_body",),
    "/v/999": ("newswatch/fetch/error/http_999",),
    "/v/301-no-location": ("newswatch/fetch/error/http_301",),
    "/v/stall": ("newswatch/fetch/error/timeout",),
    "/v/length-conflict": ("newswatch/fetch/error/bad_response",),
    "/v/image-only": ("newswatch/dropped/no_body", "newswatch/dropped/too_short"),
    "/v/frameset": ("newswatch/dropped/no_body", "newswatch/dropped/too_short"),
}
#: Articles found only through a hostile feed or sitemap: each must be fetched once and stored.
DISCOVERED = {
    "/v/d/leading-ws": "/v/f/leading-ws.xml",
    "/v/d/php-warning": "/v/f/php-warning.xml",
    "/v/d/entities-1": "/v/f/entities.xml",
    "/v/d/entities-2": "/v/f/entities.xml",
    "/v/d/entities-3": "/v/f/entities.xml",
    "/v/d/control-1": "/v/f/control.xml",
    "/v/d/control-2": "/v/f/control.xml",
    "/v/d/amp?id=7&section=world": "/v/f/raw-ampersand.xml",
    "/v/d/after-amp": "/v/f/raw-ampersand.xml",
    "/v/d/utf16-decl": "/v/f/utf16-decl.xml",
    "/v/d/prefix-1": "/v/f/undeclared-prefix.xml",
    "/v/d/prefix-2": "/v/f/undeclared-prefix.xml",
    "/v/d/after-bad-links": "/v/f/bad-links.xml",
    "/v/d/space%20story": "/v/f/spaces.xml",
    quote("/v/d/юнікод"): "/v/f/spaces.xml",
    "/v/d/guid-only": "/v/f/guid-only.xml",
    "/v/d/atom-alternate": "/v/f/atom-links.xml",
    "/v/d/zone-1": "/v/f/bad-dates.xml",
    "/v/d/zone-2": "/v/f/bad-dates.xml",
    "/v/d/zone-3": "/v/f/bad-dates.xml",
    "/v/d/zone-4": "/v/f/bad-dates.xml",
    "/v/d/msk-fresh": "/v/f/named-zones.xml",
    "/v/d/eest-fresh": "/v/f/named-zones.xml",
    "/v/d/cdata-link": "/v/f/cdata-link.xml",
    "/v/d/json-1": "/v/f/feed.json",
    "/v/d/json-2": "/v/f/feed.json",
    "/v/d/sm-double": "/v/s/double.xml.gz",
    "/v/d/sm-transport": "/v/s/transport.xml.gz",
    "/v/d/sm-old-ns": "/v/s/old-ns.xml",
    "/v/d/sm-no-ns": "/v/s/no-ns.xml",
    "/v/d/sm-child": "/v/s/index-self.xml",
    "/v/d/sm-relative": "/v/s/bad-locs.xml",
    "/v/d/sm-whitespace": "/v/s/bad-locs.xml",
    "/v/d/sm-cdata": "/v/s/bad-locs.xml",
    "/v/d/sm-after": "/v/s/bad-locs.xml",
    "/v/d/sm-text-1": "/v/s/urls.txt",
    "/v/d/sm-text-2": "/v/s/urls.txt",
    "/v/d/sm-entities": "/v/s/entities.xml",
}
#: Paths a hostile feed names that must never be fetched (not the story, or too old).
NOT_FETCHED = ["/v/d/api/1.json", "/v/d/photo.jpg", "/v/d/msk-old", "/v/d/eet-old", "/v/d/json-old", "/v/d/long"]
#: (path, the unusable date a feed gives it)
BAD_FEED_DATES = [("/v/d/zone-1", "Sat, 28 Nov 2026 10:00:00 +2500"), ("/v/d/zone-2", "-1"),
                  ("/v/d/zone-3", "Mon, 01 Jan 0000 00:00:00 GMT"), ("/v/d/zone-4", "2026-11-28T25:61:00Z")]


def _feeds() -> dict:
    d = {path: path.split("?")[0] for path in DISCOVERED}
    undeclared = _rss(_item(d["/v/d/prefix-1"], extra="<dc:creator>Anna Petrova</dc:creator>")
                      + _item(d["/v/d/prefix-2"], extra='<media:content url="{{base}}/v/photo.jpg"/>'))
    atom = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
            "<id>tag:a</id><updated>{{iso:1h}}</updated><entry><title>Atom links</title><id>tag:a,1</id>"
            '<updated>{{iso:2h}}</updated><link rel="self" href="{{base}}/v/d/api/1.json"/>'
            '<link rel="enclosure" type="image/jpeg" href="{{base}}/v/d/photo.jpg"/>'
            '<link rel="alternate" type="text/html" href="{{base}}/v/d/atom-alternate"/></entry></feed>\n')
    spaces = ("<item><title>t</title><link> \n {{base}}/v/d/space story \t</link><pubDate>{{rfc822:2h}}</pubDate>"
              "</item>\n<item><title>t</title><link>{{base}}/v/d/юнікод</link><pubDate>{{rfc822:2h}}</pubDate></item>")
    return {
        "/v/f/leading-ws.xml": _feed("\n\n   \t" + _rss(_item(d["/v/d/leading-ws"]))),
        "/v/f/php-warning.xml": _feed(_PHP_WARNING + _rss(_item(d["/v/d/php-warning"]))),
        "/v/f/entities.xml": _feed(_rss(_item("/v/d/entities-1", "NATO&nbsp;summit &mdash; day one&hellip;")
                                        + _item("/v/d/entities-2", "Kyiv &laquo;holds&raquo; &copy; 2026")
                                        + _item("/v/d/entities-3", "After the entities"))),
        "/v/f/control.xml": _feed(_rss(_item("/v/d/control-1", "Vertical\x0btab and \x1asubstitute")
                                       + _item("/v/d/control-2", "Start of\x01 heading"))),
        "/v/f/raw-ampersand.xml": _feed(_rss(_item("/v/d/amp?id=7&section=world", "Raw & ampersand")
                                             + _item("/v/d/after-amp"))),
        "/v/f/utf16-decl.xml": _feed(_rss(_item("/v/d/utf16-decl", "Новина про ППО"),
                                          decl='<?xml version="1.0" encoding="UTF-16"?>')),
        "/v/f/undeclared-prefix.xml": _feed(undeclared),
        "/v/f/bad-links.xml": _feed(_bad_links_feed()),
        "/v/f/spaces.xml": _feed(_rss(spaces)),
        "/v/f/guid-only.xml": _feed(_rss('<item><title>t</title><guid isPermaLink="true">{{base}}/v/d/guid-only'
                                         "</guid><pubDate>{{rfc822:2h}}</pubDate></item>\n")),
        "/v/f/atom-links.xml": _feed(atom, "application/atom+xml"),
        "/v/f/bad-dates.xml": _feed(_rss("".join(_item(path, date=date) for path, date in BAD_FEED_DATES))),
        "/v/f/named-zones.xml": _named_zones,
        "/v/f/cdata-link.xml": _feed(_rss("<item><title>t</title><link><![CDATA[ {{base}}/v/d/cdata-link ]]></link>"
                                          "<pubDate>{{rfc822:2h}}</pubDate></item>\n")),
        "/v/f/feed.json": _json_feed,
        "/v/s/double.xml.gz": _gz_sitemap(["/v/d/sm-double"], twice=True),
        "/v/s/transport.xml.gz": _gz_sitemap(["/v/d/sm-transport"], twice=False),
        "/v/s/old-ns.xml": _feed(_urlset(["/v/d/sm-old-ns"], "http://www.google.com/schemas/sitemap/0.84"),
                                 "application/xml"),
        "/v/s/no-ns.xml": _feed(_urlset(["/v/d/sm-no-ns"], None), "application/xml"),
        "/v/s/index-self.xml": _feed('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.'
                                     'sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{{base}}/v/s/index-self.xml'
                                     "</loc></sitemap><sitemap><loc>{{base}}/v/s/child.xml</loc></sitemap>"
                                     "</sitemapindex>\n", "application/xml"),
        "/v/s/child.xml": _feed(_urlset(["/v/d/sm-child"]), "application/xml"),
        "/v/s/bad-locs.xml": _feed(_bad_locs_sitemap(), "application/xml"),
        "/v/s/urls.txt": _feed("{{base}}/v/d/sm-text-1\n\n  {{base}}/v/d/sm-text-2  \n", "text/plain"),
        "/v/s/entities.xml": _feed(
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>{{base}}/v/d/sm-entities</loc>'
            "<news:news><news:publication><news:name>Herald&nbsp;News</news:name><news:language>en</news:language>"
            "</news:publication><news:publication_date>{{iso:2h}}</news:publication_date><news:title>NATO&nbsp;"
            "&mdash; summit</news:title></news:news></url></urlset>\n", "application/xml"),
    }


def hostile5_routes() -> dict:
    routes = bulk_routes(GOOD_COUNT)
    s = {path: title for path, (title, _) in SALVAGED.items()}
    ok = "HTTP/1.1 200 OK"
    ct = "Content-Type: text/html; charset=utf-8"
    routes.update({
        "/v/dup-content-type": _raw([ok, ct, "Content-Type: application/json", "Content-Length: {len}",
                                     "Connection: close"], _page_bytes(s["/v/dup-content-type"])),
        "/v/dup-content-length": _raw([ok, ct, "Content-Length: {len}", "Content-Length: {len}", "Connection: close"],
                                      _page_bytes(s["/v/dup-content-length"])),
        "/v/no-content-type": _raw([ok, "Content-Length: {len}", "Connection: close"],
                                   _page_bytes(s["/v/no-content-type"])),
        "/v/http10-close": _raw(["HTTP/1.0 200 OK", ct], _page_bytes(s["/v/http10-close"])),
        "/v/no-reason": _raw(["HTTP/1.1 200", ct, "Content-Length: {len}", "Connection: close"],
                             _page_bytes(s["/v/no-reason"])),
        "/v/obs-fold": _raw([ok, ct, "X-Note: first part", "  continued on a second line", "Content-Length: {len}",
                             "Connection: close"], _page_bytes(s["/v/obs-fold"])),
        "/v/206-whole": _raw(["HTTP/1.1 206 Partial Content", ct, "Content-Range: bytes 0-{last}/{len}",
                              "Content-Length: {len}", "Connection: close"], _page_bytes(s["/v/206-whole"])),
        "/v/chunked-cut": _chunked(s["/v/chunked-cut"], cut=True),
        "/v/length-shorter": _raw([ok, ct, "Content-Length: 1500", "Connection: close"],
                                  lambda base: render(long_page(s["/v/length-shorter"]), base).encode()),
        "/v/gzip-twice": _gzip_twice(s["/v/gzip-twice"]),
        "/v/deflate-raw": _raw_deflate(s["/v/deflate-raw"]),
        "/v/attachment": _html(page(s["/v/attachment"]),
                               headers={"Content-Disposition": 'attachment; filename="story.pdf"'}),
        "/v/gzip-cut": _gzip_cut(s["/v/gzip-cut"]),
        "/v/redirect-space": _raw_redirect("/v/space target"),
        "/v/space%20target": _html(page(s["/v/space%20target"])),
        "/v/redirect-dotdot": _redirect("../v/dotdot-target"),
        "/v/dotdot-target": _html(page(s["/v/dotdot-target"])),
        "/v/308": _redirect("{base}/v/308-target", 308),
        "/v/308-target": _html(page(s["/v/308-target"])),
        "/v/xhtml-cp1251": _xhtml_cp1251(s["/v/xhtml-cp1251"]),
        "/v/koi8-labelled-1251": _ru_encoded(s["/v/koi8-labelled-1251"], "koi8-r", "text/html; charset=windows-1251",
                                             meta_charset="windows-1251"),
        "/v/1251-labelled-koi8": _ru_encoded(s["/v/1251-labelled-koi8"], "cp1251", "text/html; charset=koi8-r",
                                             meta_charset="koi8-r"),
        "/v/mixed-encodings": _mixed_encodings(s["/v/mixed-encodings"]),
        "/v/invalid-utf8": _invalid_utf8(s["/v/invalid-utf8"]),
        "/v/ascii-label-utf8": _ru_encoded(s["/v/ascii-label-utf8"], "utf-8", "text/html; charset=us-ascii"),
        "/v/two-metas": _two_metas(s["/v/two-metas"]),
        "/v/late-meta": _late_meta(s["/v/late-meta"]),
        "/v/smart-quotes": _smart_quotes(s["/v/smart-quotes"]),
        **{path: _html(_retitled(s[path], dirty)) for path, dirty in DIRTY_TITLES.items()},
        "/v/emoji": _html(page(s["/v/emoji"])),
        "/v/jsonld-cycle": _html(_jsonld_cycle(s["/v/jsonld-cycle"])),
        "/v/jsonld-odd-types": _html(_jsonld_odd_types(s["/v/jsonld-odd-types"])),
        "/v/jsonld-bad-zone": _html(_jsonld_bad_zone(s["/v/jsonld-bad-zone"])),
        "/v/many-authors": _html(_many_authors(s["/v/many-authors"])),
        "/v/canonical-js": _html(page(s["/v/canonical-js"], head='<link rel="canonical" href="javascript:alert(1)">'
                                      '<meta property="og:url" content="data:text/html,hi">')),
        "/v/canonical-other-site": _html(page(s["/v/canonical-other-site"], head='<link rel="canonical" '
                                              'href="https://other-outlet.example/original-story">')),
        "/v/canonical-404": _html(page(s["/v/canonical-404"], head='<link rel="canonical" href="/v/gone">')),
        "/v/br-only": _html(_br_only(s["/v/br-only"])),
        "/v/title-blank": _html(page(s["/v/title-blank"]).replace(f"<title>{s['/v/title-blank']}</title>",
                                                                  "<title>&nbsp; \t </title>")),
        "/v/twice-rendered": _html(_twice_rendered(s["/v/twice-rendered"])),
        "/v/huge-svg": _html(_huge_svg(s["/v/huge-svg"])),
        # rejected
        "/v/304-unasked": _bytes(b"", status=304),
        "/v/204": _bytes(b"", status=204),
        "/v/999": _bytes(b"<html><body>Request denied</body></html>", status=999),
        "/v/301-no-location": _bytes(b"<html><body>Moved</body></html>", status=301),
        "/v/stall": _raw([ok, ct, "Content-Length: {len}", "Connection: close"],
                         _page_bytes("A page that stalls in the middle"), stall=STALL_SECONDS),
        "/v/huge-header": _raw([ok, ct, "X-Debug: " + "d" * 100_000, "Content-Length: {len}", "Connection: close"],
                               _page_bytes(s["/v/huge-header"])),
        "/v/length-conflict": _raw([ok, ct, "Content-Length: {len}", "Content-Length: 10", "Connection: close"],
                                   _page_bytes("A page with two different lengths")),
        "/v/bad-chunk": _chunked(s["/v/bad-chunk"], bad_size=True),
        "/v/image-only": _html(_image_only("A page that is only a photograph")),
        "/v/frameset": _html(_frameset("A frameset instead of a page")),
    })
    for path, (_feed_path) in DISCOVERED.items():
        routes[path.split("?")[0]] = _html(page(f"Found through {_feed_path}: {path}"))
    routes["/v/d/amp"] = lambda handler, base: (
        _html(page("Found through /v/f/raw-ampersand.xml: /v/d/amp"))(handler, base)
        if handler.path.endswith("?id=7&section=world") else (404, "text/html", b"wrong query", None))
    routes.update(_feeds())
    # the outlet's headline in each item, as a real feed has it
    routes["/v/pages.xml"] = _feed(_rss("".join(_item(path, html.escape(SALVAGED.get(path, ("t",))[0]))
                                                for path in PAGES)))
    return routes


FEEDS = ["/bulk.xml", "/v/pages.xml", *(p for p in dict.fromkeys(DISCOVERED.values()) if p.startswith("/v/f/"))]
SITEMAPS = [p for p in dict.fromkeys(DISCOVERED.values()) if p.startswith("/v/s/") and p != "/v/s/child.xml"]
#: What /v/pages.xml lists: the salvaged and rejected pages (redirect targets through their sources).
PAGES = [*(p for p in SALVAGED if not p.endswith(("target", "%20target"))), "/v/redirect-space",
         "/v/redirect-dotdot", "/v/308", *REJECTED]
