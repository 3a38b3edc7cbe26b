"""Hostile routes, seventh round (tests/test_hostile7.py): charsets against each other (Apache's ``iso-8859-1``
default over a windows-1251 page, two ``charset=`` parameters, an empty one, KOI8-U under a ``koi8-r`` header, a
UTF-8 BOM from a template in front of a windows-1251 page), raw-text elements never closed (``<style>``,
``<script>``, a comment), an AMP page (``<html ⚡>``), a ``Refresh:`` header, live-blog meta refreshes without a URL,
redirects to a fragment, to a scheme-relative ``Location``, to a PDF and to the front page (a removed story),
slow but steady bodies, a gzip body under the uncompressed length, a 10.5 MB inline JSON state before the article,
``Retry-After`` of a day, in the past and of garbage, 401/410/451, two stories whose canonical is the site's root,
JSON-LD dates in epoch milliseconds and in the year 10000, ``<base href="javascript:...">``; feeds and sitemaps as
they come: links with a bad percent escape, a newline, backslashes, no scheme, an IDN host, a ``\\u200b`` or CDATA
around a ``<loc>``, an XSL stylesheet, a DOCTYPE without entities, an index listing itself, windows-1251 declared
as UTF-8, UTF-16 against the header and without a BOM, UTF-8 under a ``windows-1251`` header, nested relative
``xml:base``, two ``<channel>``s, a JSON Feed with a BOM, dates in Ukrainian and Russian, two-digit years, epoch
milliseconds, ``+03:00`` offsets, nanoseconds, lower-case ``t``/``z`` and the year 10000, an empty feed, a 304
never asked for, and a feed that lists itself.

``hostile7_routes()`` returns the routes; the constants say what each case must lead to.
"""

from __future__ import annotations

import gzip
import json
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import quote

from tests.mocksite import bulk_routes, render
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile2 import page as undated_page
from tests.mocksite.hostile4 import _UK, lead_uk, page
from tests.mocksite.hostile5 import long_page, ru_lead, ru_page

GOOD_COUNT = 8
#: Bytes of the inline JSON state in front of one article: over libxml2's 10,000,000-byte text-node limit.
STATE_BYTES = 10_500_000
DAY = 86_400
#: How many pieces the slow-but-steady body comes in, and the pause between them (3 s in all, under the timeout).
DRIP_PIECES, DRIP_PAUSE = 30, 0.1
OLD = timedelta(days=20)


def _html(html: str, content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8", headers=None,
          prefix: bytes = b""):
    return lambda handler, base: (200, content_type, prefix + render(html, base).encode(encoding), headers)


def uk_page(title: str, **kwargs) -> str:
    return page(title, _UK, lang="uk", **kwargs).replace(lead(title, "en"), lead_uk(title))


# --- pages -------------------------------------------------------------------------------------------------------


def _raw_text_unclosed(title: str, element: str) -> str:
    opener = {"style": "<style>.ad-slot{display:block;min-height:250px}",
              "script": '<script>window.adsQueue=window.adsQueue||[];adsQueue.push({slot:"top-banner"});',
              "comment": "<!-- begin ad slot: top-banner (do not remove)"}[element]
    html = page(title)
    return html.replace("</head>", opener + "\n</head>", 1)


def _amp(title: str) -> str:
    html = page(title, head='<script async src="https://cdn.ampproject.org/v0.js"></script><style amp-boilerplate>'
                            "body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both}</style>"
                            '<link rel="canonical" href="{{base}}/v/amp">')
    html = html.replace('<html lang="en">', '<html ⚡ lang="en">', 1)
    return html.replace("</h1>", '</h1><amp-img src="/img/kyiv.jpg" width="800" height="450" layout="responsive" '
                                 'alt="Kyiv"></amp-img>', 1)


def _live_refresh(title: str, seconds: int) -> str:
    return page(title, head=f'<meta http-equiv="refresh" content="{seconds}">')


def _front_page() -> str:
    teasers = "".join(
        f'<div class="teaser"><a href="/v/story-{n}"><h3>{t}</h3></a><p>{lead(t)} Read the full story.</p></div>'
        for n, t in enumerate(["Air defence units repel a night attack on the capital",
                               "NATO ministers meet in Brussels to discuss winter aid",
                               "Grain exports through the Black Sea corridor rise again",
                               "Power restored to most homes in Kharkiv after strikes",
                               "Baltic states pledge more spending on their border defences",
                               "Kremlin dismisses the latest peace proposal as unrealistic",
                               "Poland scrambles jets as missiles fly near its border",
                               "Volunteers deliver generators to front-line villages"]))
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Mock Herald: news from Ukraine and '
            'the world</title><meta property="og:type" content="website"></head><body><header><nav><a href="/">Home'
            '</a> <a href="/world">World</a> <a href="/ukraine">Ukraine</a></nav></header><main><h1>Top stories</h1>'
            f"{teasers}</main><footer>Mock Herald</footer></body></html>")


def _canonical_root(title: str) -> str:
    return page(title, head='<link rel="canonical" href="{{base}}/"><meta property="og:url" content="{{base}}/">')


EPOCH_MS_WHEN = (datetime.now(UTC) - timedelta(hours=5)).replace(microsecond=0)


def _jsonld_page(title: str, published) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": published,
            "author": {"@type": "Person", "name": "Iryna Shevchenko"}}
    return undated_page(title, head=f'<script type="application/ld+json">{json.dumps(data)}</script>')


def _huge_state(title: str) -> str:
    state = json.dumps({"props": {"pageProps": {"cache": "x" * STATE_BYTES}}})
    return page(title).replace("<body>", f'<body><script id="__NEXT_DATA__" type="application/json">{state}</script>',
                               1)


def _slow_steady(title: str):
    def route(handler, base):
        body = render(page(title), base).encode()
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n"
                            b"Connection: close\r\n\r\n" % len(body))
        step = len(body) // DRIP_PIECES + 1
        try:
            for start in range(0, len(body), step):
                handler.wfile.write(body[start:start + step])
                handler.wfile.flush()
                time.sleep(DRIP_PAUSE)
        except OSError:
            pass
    return route


def _gzip_uncompressed_length(title: str):
    # A proxy that gzips on the fly but keeps the origin's Content-Length (the uncompressed size), then closes.
    def route(handler, base):
        raw = render(long_page(title), base).encode()
        packed = gzip.compress(raw)
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
                            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(raw) + packed)
        handler.wfile.flush()
    return route


def _then_ok(path: str, title: str, status: int, retry_after: str):
    """``status`` with ``Retry-After: retry_after`` the first time, the article after."""
    def route(handler, base):
        if handler.server.hits[path] == 1:
            return status, "text/html; charset=utf-8", b"<html><body>Busy</body></html>", {"Retry-After": retry_after}
        return 200, "text/html; charset=utf-8", render(page(title), base).encode(), None
    return route


def _status(status: int, headers=None, body: bytes = b"<html><body><h1>No</h1></body></html>"):
    return lambda handler, base: (status, "text/html; charset=utf-8", body, headers)


def _redirect(location: str, status: int = 302):
    return lambda handler, base: (status, "text/html", b"", {"Location": render(location, base)})


def _pdf(handler, base):
    return 200, "application/pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF", None


#: Stories that must be stored once despite their hostile delivery: path -> (title, text the body must hold).
SALVAGED: dict[str, tuple[str, str | None]] = {
    "/v/latin1-over-1251": ("Сводка: Apache выдаёт iso-8859-1 поверх windows-1251",
                            ru_lead("Сводка: Apache выдаёт iso-8859-1 поверх windows-1251")),
    "/v/two-charsets": ("Сводка: два параметра charset в заголовке",
                        ru_lead("Сводка: два параметра charset в заголовке")),
    "/v/empty-charset": ("Київ: порожній параметр charset", lead_uk("Київ: порожній параметр charset")),
    "/v/koi8u": ("Львів: сторінка в KOI8-U під заголовком koi8-r", lead_uk("Львів: сторінка в KOI8-U під заголовком "
                                                                           "koi8-r")),
    "/v/bom-over-1251": ("Сводка: BOM шаблона перед страницей в windows-1251",
                         ru_lead("Сводка: BOM шаблона перед страницей в windows-1251")),
    "/v/unclosed-style": ("A style element never closed in the head", None),
    "/v/unclosed-script": ("An ad script never closed in the head", None),
    "/v/unclosed-comment": ("An ad-slot comment never closed in the head", None),
    "/v/amp": ("An AMP page with its lightning attribute", None),
    "/v/live-refresh-60": ("A live blog that reloads itself every minute", None),
    "/v/live-refresh-600": ("A live blog that reloads itself every ten minutes", None),
    "/v/refresh-header-target": ("The target of a Refresh header", None),
    "/v/fragment-target": ("The target of a redirect to a fragment", None),
    "/v/scheme-relative-target": ("The target of a scheme-relative Location", None),
    "/v/slow-steady": ("A body that arrives slowly but steadily", None),
    "/v/gzip-long-length": ("A gzipped body under its uncompressed Content-Length", None),
    "/v/huge-state": ("An article after ten megabytes of inline JSON state", None),
    "/v/retry-after-past": ("A Retry-After date already past", None),
    "/v/retry-after-garbage": ("A Retry-After that is no number or date", None),
    "/v/canonical-root-1": ("First story whose canonical is the front page", None),
    "/v/canonical-root-2": ("Second story whose canonical is the front page", None),
    "/v/jsonld-epoch-ms": ("JSON-LD published in epoch milliseconds", None),
    "/v/jsonld-year-10000": ("JSON-LD published in the year ten thousand", None),
    "/v/base-javascript": ("A base href that is a javascript URL", None),
}
#: Pages that hold no article or cannot be fetched: path -> the stats, one of which must count it.
REJECTED: dict[str, tuple[str, ...]] = {
    "/v/retry-after-day": ("newswatch/fetch/error/http_429",),
    "/v/http-401": ("newswatch/fetch/error/http_401",),
    "/v/http-410": ("newswatch/fetch/error/http_410",),
    "/v/http-451": ("newswatch/fetch/error/http_451",),
    "/v/to-pdf": ("newswatch/article/not_html",),
    "/v/removed-story": ("newswatch/article/redirected_to_front_page", "newswatch/dropped/error_page",
                         "newswatch/dropped/not_article"),
}
#: Pages answered once and never asked again (a refusal that no retry changes).
ASKED_ONCE = ("/v/retry-after-day", "/v/http-401", "/v/http-410", "/v/http-451")
#: A redirect -> the path it leads to.
REDIRECTS = {"/v/refresh-header": "/v/refresh-header-target", "/v/redirect-fragment": "/v/fragment-target",
             "/v/scheme-relative": "/v/scheme-relative-target", "/v/to-pdf": "/v/files/report.pdf",
             "/v/removed-story": "/"}


# --- feeds and sitemaps ------------------------------------------------------------------------------------------


def _rss(items: str, decl: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return (f'{decl}\n<rss version="2.0"><channel><title>Hostile 7</title><link>{{{{base}}}}/</link>\n{items}'
            "</channel></rss>\n")


def _item(link: str, date: str = "{{rfc822:2h}}", title: str = "t") -> str:
    return f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate></item>\n"


def _urlset(locs: str, head: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return f'{head}\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{locs}</urlset>\n'


def _url(loc: str) -> str:
    return f"<url><loc>{loc}</loc><lastmod>{{{{iso:3h}}}}</lastmod></url>\n"


def _xml(text: str, content_type: str = "application/xml", encoding: str = "utf-8", prefix: bytes = b"",
         status: int = 200):
    return lambda handler, base: (status, content_type, prefix + render(text, base).encode(encoding), None)


_UK_PATH = "/v/d/новини-харків"
_RU_PATH = "/v/d/сводка-белгород"
_CP1251_PATH = "/v/d/карта-сайта-1251"


def _links_feed(handler, base):
    host = base.removeprefix("http:")
    items = (_item("{{base}}/v/d/broken%zz-escape") + _item("{{base}}/v/d/new\nline")
             + _item("{{base}}/v\\d\\backslash") + _item(f"{host}/v/d/scheme-relative")
             + _item("http://новини.укр/v/idn-story"))
    return 200, "application/rss+xml", render(_rss(items), base).encode(), None


def _utf16_atom() -> str:
    return ('<?xml version="1.0" encoding="UTF-16"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Стрічка'
            '</title><id>tag:x,1</id><updated>{{iso:1h}}</updated><entry><title>Новина</title>'
            '<link href="{{base}}/v/d/utf16-atom"/><id>tag:x,2</id><updated>{{iso:2h}}</updated></entry></feed>\n')


def _nested_base() -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{{base}}/v/">'
            '<title>Nested</title><id>tag:x,3</id><updated>{{iso:1h}}</updated><entry xml:base="d/"><title>n</title>'
            '<link href="nested-base"/><id>tag:x,4</id><updated>{{iso:2h}}</updated></entry></feed>\n')


def _two_channels() -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>One</title><link>{{base}}/'
            "</link>" + _item("{{base}}/v/d/first-channel") + "</channel><channel><title>Two</title>"
            "<link>{{base}}/</link>" + _item("{{base}}/v/d/second-channel") + "</channel></rss>\n")


def _json_feed(handler, base):
    now = datetime.now(UTC) - timedelta(hours=2)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "BOM", "items": [
        {"id": "1", "url": f"{base}/v/d/json-bom", "title": "t", "date_published": now.isoformat()}]}
    return 200, "application/feed+json", b"\xef\xbb\xbf" + json.dumps(feed).encode(), None


UK_MONTHS = ["січ", "лют", "бер", "кві", "тра", "чер", "лип", "сер", "вер", "жов", "лис", "гру"]
UK_DAYS = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"]
RU_MONTHS = ["янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
RU_DAYS = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]


def _dates(when: datetime) -> dict[str, str]:
    """Feed dates as CMSs write them, for the instant ``when`` (UTC): case -> RSS ``<pubDate>`` text."""
    local = when.astimezone(UTC) + timedelta(hours=2)
    msk = when.astimezone(UTC) + timedelta(hours=3)
    return {
        "uk-month": f"{UK_DAYS[local.weekday()]}, {local:%d} {UK_MONTHS[local.month - 1]} {local:%Y %H:%M:%S} +0200",
        "ru-month": f"{RU_DAYS[msk.weekday()]}, {msk:%d} {RU_MONTHS[msk.month - 1]} {msk:%Y %H:%M:%S} +0300",
        "two-digit-year": format_datetime(when, usegmt=True).replace(f" {when.year} ", f" {when.year % 100:02d} "),
        "epoch-ms": str(int(when.timestamp() * 1000)),
        "colon-offset": format_datetime(msk.replace(tzinfo=None)) + " +03:00",
    }


def _atom_dates(when: datetime) -> dict[str, str]:
    return {"nanoseconds": when.strftime("%Y-%m-%dT%H:%M:%S.123456789Z"),
            "lower-case": when.strftime("%Y-%m-%dt%H:%M:%Sz")}


#: Feed date formats: each case has an old entry (20 days: must be skipped, never fetched) and a fresh one (stored).
DATE_CASES = [*_dates(datetime.now(UTC)), *_atom_dates(datetime.now(UTC))]


def _dates_feed(handler, base):
    now = datetime.now(UTC)
    items = "".join(_item(f"{{{{base}}}}/v/d/date-{age}-{case}", date)
                    for age, when in (("old", now - OLD), ("fresh", now - timedelta(hours=2)))
                    for case, date in _dates(when).items())
    items += _item("{{base}}/v/d/year-10000", "Sat, 28 Nov 10000 10:15:00 GMT")
    return 200, "application/rss+xml", render(_rss(items), base).encode(), None


def _dates_atom(handler, base):
    now = datetime.now(UTC)
    entries = "".join(f'<entry><title>t</title><link href="{{{{base}}}}/v/d/date-{age}-{case}"/><id>tag:d,{age}-{case}'
                      f"</id><updated>{date}</updated></entry>"
                      for age, when in (("old", now - OLD), ("fresh", now - timedelta(hours=2)))
                      for case, date in _atom_dates(when).items())
    entries += ('<entry><title>t</title><link href="{{base}}/v/d/year-10000-atom"/><id>tag:d,10000</id>'
                "<updated>10000-01-01T00:00:00Z</updated></entry>")
    text = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Dates</title>'
            f"<id>tag:d</id><updated>{now.isoformat()}</updated>{entries}</feed>\n")
    return 200, "application/atom+xml", render(text, base).encode(), None


def _cp1251_sitemap(handler, base):
    text = _urlset(_url("{{base}}" + _CP1251_PATH))
    return 200, "application/xml", render(text, base).encode("cp1251"), None


#: Articles found only through a hostile feed or sitemap: path (as the server sees it) -> (where, alternatives the
#: same story may be asked under).
DISCOVERED: dict[str, str] = {
    "/v/d/broken%zz-escape": "/v/f/links.xml",
    "/v/d/newline": "/v/f/links.xml",
    "/v/d/backslash": "/v/f/links.xml",
    "/v/d/scheme-relative": "/v/f/links.xml",
    "/v/d/zwsp-loc": "/v/s/zwsp.xml",
    "/v/d/cdata-loc": "/v/s/cdata.xml",
    "/v/d/xsl-sitemap": "/v/s/xsl.xml",
    "/v/d/doctype-sitemap": "/v/s/doctype.xml",
    "/v/d/self-index-child": "/v/s/self-index.xml",
    quote(_CP1251_PATH): "/v/s/cp1251.xml",
    "/v/d/utf16-atom": "/v/f/utf16-atom.xml",
    quote(_UK_PATH): "/v/f/utf8-under-1251.xml",
    quote(_RU_PATH): "/v/f/utf8-under-1251.xml",
    "/v/d/nested-base": "/v/f/nested-base.xml",
    "/v/d/first-channel": "/v/f/two-channels.xml",
    "/v/d/second-channel": "/v/f/two-channels.xml",
    "/v/d/json-bom": "/v/f/bom.json",
    "/v/d/utf16be-nobom": "/v/f/utf16be.xml",
    "/v/d/after-self": "/v/f/self-item.xml",
    "/v/d/year-10000": "/v/f/dates.xml",
    "/v/d/year-10000-atom": "/v/f/dates-atom.xml",
    **{f"/v/d/date-fresh-{case}": "/v/f/dates.xml" for case in DATE_CASES},
}
#: Other spellings the server may be asked a discovered story under (a link sent as a browser would, or escaped).
ALIASES = {"/v/d/broken%25zz-escape": "/v/d/broken%zz-escape", "/v/d/new%0Aline": "/v/d/newline",
           "/v/d/new%0aline": "/v/d/newline", "/v%5Cd%5Cbackslash": "/v/d/backslash",
           "/v/d%5Cbackslash": "/v/d/backslash"}
#: Entries dated 20 days ago in a format a CMS writes: never fetched (the crawl's since is 3 days).
OLD_DATED = [f"/v/d/date-old-{case}" for case in DATE_CASES]
#: Feeds that hold no entry to read: path -> the stats, one of which must count it.
BAD_FEEDS = {"/v/f/empty.xml": ("newswatch/discovery/bad_document",),
             "/v/f/unasked-304.xml": ("newswatch/discovery/bad_document", "newswatch/fetch/error/http_304")}
IDN_HOST = "новини.укр"
#: Story titles of the discovered pages: a page's title names the path it is served at.
DISCOVERED_TITLE = "Found through {where}: {path}"
SELF_FEED = "/v/f/self-item.xml"


def hostile7_routes() -> dict:
    routes = bulk_routes(GOOD_COUNT)
    s = {path: title for path, (title, _) in SALVAGED.items()}
    routes.update({
        "/": lambda handler, base: (200, "text/html; charset=utf-8", _front_page().encode(), None),
        "/v/latin1-over-1251": _html(ru_page(s["/v/latin1-over-1251"], meta_charset="windows-1251"),
                                     "text/html; charset=iso-8859-1", "cp1251"),
        "/v/two-charsets": _html(ru_page(s["/v/two-charsets"]), "text/html; charset=utf-8; charset=windows-1251",
                                 "cp1251"),
        "/v/empty-charset": _html(uk_page(s["/v/empty-charset"], meta_charset=None), "text/html; charset="),
        "/v/koi8u": _html(uk_page(s["/v/koi8u"], meta_charset=None, head='<meta http-equiv="Content-Type" '
                                  'content="text/html; charset=koi8-u">'), "text/html; charset=koi8-r", "koi8_u"),
        "/v/bom-over-1251": _html(ru_page(s["/v/bom-over-1251"], meta_charset="windows-1251"),
                                  "text/html; charset=utf-8", "cp1251", prefix=b"\xef\xbb\xbf"),
        "/v/unclosed-style": _html(_raw_text_unclosed(s["/v/unclosed-style"], "style")),
        "/v/unclosed-script": _html(_raw_text_unclosed(s["/v/unclosed-script"], "script")),
        "/v/unclosed-comment": _html(_raw_text_unclosed(s["/v/unclosed-comment"], "comment")),
        "/v/amp": _html(_amp(s["/v/amp"])),
        "/v/live-refresh-60": _html(_live_refresh(s["/v/live-refresh-60"], 60)),
        "/v/live-refresh-600": _html(_live_refresh(s["/v/live-refresh-600"], 600)),
        "/v/refresh-header": lambda handler, base: (200, "text/html; charset=utf-8",
                                                    b"<html><body><p>Redirecting...</p></body></html>",
                                                    {"Refresh": f"0; url={base}/v/refresh-header-target"}),
        "/v/refresh-header-target": _html(page(s["/v/refresh-header-target"])),
        "/v/redirect-fragment": _redirect("{{base}}/v/fragment-target#comments"),
        "/v/fragment-target": _html(page(s["/v/fragment-target"])),
        "/v/scheme-relative": lambda handler, base: (301, "text/html", b"", {
            "Location": base.removeprefix("http:") + "/v/scheme-relative-target"}),
        "/v/scheme-relative-target": _html(page(s["/v/scheme-relative-target"])),
        "/v/slow-steady": _slow_steady(s["/v/slow-steady"]),
        "/v/gzip-long-length": _gzip_uncompressed_length(s["/v/gzip-long-length"]),
        "/v/huge-state": _html(_huge_state(s["/v/huge-state"])),
        "/v/retry-after-past": _then_ok("/v/retry-after-past", s["/v/retry-after-past"], 503,
                                        "Wed, 21 Oct 2015 07:28:00 GMT"),
        "/v/retry-after-garbage": _then_ok("/v/retry-after-garbage", s["/v/retry-after-garbage"], 429, "soon-ish"),
        "/v/canonical-root-1": _html(_canonical_root(s["/v/canonical-root-1"])),
        "/v/canonical-root-2": _html(_canonical_root(s["/v/canonical-root-2"])),
        "/v/jsonld-epoch-ms": _html(_jsonld_page(s["/v/jsonld-epoch-ms"], str(int(EPOCH_MS_WHEN.timestamp() * 1000)))),
        "/v/jsonld-year-10000": _html(_jsonld_page(s["/v/jsonld-year-10000"], "10000-01-01T00:00:00Z")),
        "/v/base-javascript": _html(page(s["/v/base-javascript"], head='<base href="javascript:void(0)/">'
                                         '<link rel="canonical" href="story.html">')),
        # rejected
        "/v/retry-after-day": _status(429, {"Retry-After": str(DAY)}),
        "/v/http-401": _status(401, {"WWW-Authenticate": 'Basic realm="editors"'}),
        "/v/http-410": _status(410),
        "/v/http-451": _status(451, {"Link": '<https://rkn.gov.ru/>; rel="blocked-by"'},
                               "<html><body><h1>Доступ ограничен по требованию Роскомнадзора</h1></body></html>"
                               .encode()),
        "/v/to-pdf": _redirect("{{base}}/v/files/report.pdf"),
        "/v/files/report.pdf": _pdf,
        "/v/removed-story": _redirect("{{base}}/", 301),
    })
    for path, where in DISCOVERED.items():
        routes[path] = _html(page(DISCOVERED_TITLE.format(where=where, path=path)))
    for alias, path in ALIASES.items():
        routes[alias] = routes[path]
    for path in OLD_DATED:
        routes[path] = _html(page(f"An old story at {path}"))
    routes["/v/d/idn-story"] = _html(page("An IDN host's story"))
    routes.update({
        "/v/f/links.xml": _links_feed,
        "/v/s/zwsp.xml": _xml(_urlset(_url("\u200b{{base}}/v/d/zwsp-loc\u200b"))),
        "/v/s/cdata.xml": _xml(_urlset(_url("<![CDATA[{{base}}/v/d/cdata-loc]]>"))),
        "/v/s/xsl.xml": _xml(_urlset(_url("{{base}}/v/d/xsl-sitemap"), '<?xml version="1.0" encoding="UTF-8"?>\n'
                                     '<?xml-stylesheet type="text/xsl" href="//127.0.0.1/main-sitemap.xsl"?>\n'
                                     "<!-- This sitemap was generated by Yoast SEO -->")),
        "/v/s/doctype.xml": _xml(_urlset(_url("{{base}}/v/d/doctype-sitemap"), '<?xml version="1.0" encoding="UTF-8"?>'
                                         '\n<!DOCTYPE urlset [\n<!ATTLIST url priority CDATA #IMPLIED>\n'
                                         "<!ELEMENT loc (#PCDATA)>\n]>")),
        "/v/s/self-index.xml": _xml('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps'
                                    '.org/schemas/sitemap/0.9"><sitemap><loc>{{base}}/v/s/self-index.xml</loc>'
                                    "</sitemap><sitemap><loc>{{base}}/v/s/self-child.xml</loc></sitemap>"
                                    "</sitemapindex>\n"),
        "/v/s/self-child.xml": _xml(_urlset(_url("{{base}}/v/d/self-index-child"))),
        "/v/s/cp1251.xml": _cp1251_sitemap,
        "/v/f/utf16-atom.xml": _xml(_utf16_atom(), "application/atom+xml; charset=utf-8", "utf-16",
                                    b""),  # Python's utf-16 codec writes the BOM (little-endian here)
        "/v/f/utf8-under-1251.xml": _xml(_rss(_item("{{base}}" + _UK_PATH, title="Новини: Харків")
                                              + _item("{{base}}" + _RU_PATH, title="Сводка: Белгород")),
                                         "application/rss+xml; charset=windows-1251"),
        "/v/f/nested-base.xml": _xml(_nested_base(), "application/atom+xml"),
        "/v/f/two-channels.xml": _xml(_two_channels(), "application/rss+xml"),
        "/v/f/bom.json": _json_feed,
        "/v/f/utf16be.xml": _xml(_rss(_item("{{base}}/v/d/utf16be-nobom"), '<?xml version="1.0" encoding="UTF-16"?>'),
                                 "application/rss+xml", "utf-16-be"),
        "/v/f/dates.xml": _dates_feed,
        "/v/f/dates-atom.xml": _dates_atom,
        "/v/f/empty.xml": _xml("", "application/rss+xml"),
        "/v/f/unasked-304.xml": _xml("", "application/rss+xml", status=304),
        SELF_FEED: _xml(_rss(_item("{{base}}" + SELF_FEED) + _item("{{base}}/v/d/after-self")),
                        "application/rss+xml"),
    })
    routes["/v/pages.xml"] = _xml(_rss("".join(_item("{{base}}" + path) for path in PAGES)), "application/rss+xml")
    return routes


#: What /v/pages.xml lists.
PAGES = [*(p for p in SALVAGED if p not in REDIRECTS.values()), *REDIRECTS,
         *(p for p in REJECTED if p not in REDIRECTS), "/v/fragment-target"]
FEEDS = ["/bulk.xml", "/v/pages.xml", "/v/f/links.xml", "/v/f/utf16-atom.xml", "/v/f/utf8-under-1251.xml",
         "/v/f/nested-base.xml", "/v/f/two-channels.xml", "/v/f/bom.json", "/v/f/utf16be.xml", "/v/f/dates.xml",
         "/v/f/dates-atom.xml", "/v/f/empty.xml", "/v/f/unasked-304.xml", SELF_FEED]
SITEMAPS = ["/v/s/zwsp.xml", "/v/s/cdata.xml", "/v/s/xsl.xml", "/v/s/doctype.xml", "/v/s/self-index.xml",
            "/v/s/cp1251.xml"]
