"""Hostile routes, tenth round (tests/test_hostile10.py): feeds and sitemaps as real servers get them wrong (an RSS
feed served as text/html behind a BOM and a ``<script>``, Atom entries with only ``tag:`` ids and several links, a
sitemap index that lists itself through a redirect, a Google News sitemap whose ``publication_date`` is
``2026-11-28 10:00`` with no zone, a feed of 5,000 entries of which 4,990 are old), pages that are not articles though
HTTP says 200 (Cloudflare and DDoS-Guard challenges, a 206 cut short), pages that are articles though they look odd (a
100 KB ``<title>``, 50,000 nested ``<div>``s, windows-1251 declared as koi8-r, a ``<meta charset>`` after 2 KB of
comments, a whole page under 206, HTML served as ``application/rss+xml``, a Set-Cookie storm, a ``Link:
rel=canonical`` header that disagrees with the page, a story about Cloudflare quoting its challenge words), and
redirects to ``data:`` and ``ftp:`` URLs.

``hostile10_routes()`` returns the site's routes; the constants say what each case must lead to. Written blind:
set down before the crawler was run on any of it.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from tests.mocksite import render
from tests.mocksite.hostile4 import page
from tests.mocksite.hostile5 import ru_lead, ru_page

FRESH_BIG = 10
BIG_FEED = 5_000
OLD = timedelta(days=20)


def _html(html: str, content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8", headers=None,
          status: int = 200):
    return lambda handler, base: (status, content_type, render(html, base).encode(encoding), headers)


def _big_title(title: str) -> str:
    # an SEO plugin gone wrong: the headline, then 100 KB of keywords, in <title> only (og:title and h1 are sane)
    spam = " | ".join(f"новини {n} Україна Росія НАТО війна" for n in range(3_000))
    html = page(title, head=f'<meta property="og:title" content="{title}">')
    return html.replace(f"<title>{title}</title>", f"<title>{title} | {spam}</title>", 1)


def _deep_divs(title: str) -> str:
    # a comments widget whose template never closes its <div>: 50,000 of them after the article
    widget = '<div class="c">' * 50_000 + "<p>Коментарі завантажуються</p>"
    return page(title).replace("</body>", widget + "</body>", 1)


def _late_meta(title: str) -> bytes:
    html = ru_page(title, meta_charset=None)
    comments = "".join(f"<!-- build {n}: cache warmed, template v3.{n}, node web-{n % 7} -->\n" for n in range(40))
    assert len(comments) > 2048
    html = html.replace("<head>", "<head>" + comments + '<meta charset="windows-1251">', 1)
    return html.encode("cp1251")


_CF_CHALLENGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta http-equiv="X-UA-Compatible" content="IE=Edge">
<meta name="robots" content="noindex,nofollow"><meta name="viewport" content="width=device-width,initial-scale=1">
<style>*{box-sizing:border-box;margin:0;padding:0}html{line-height:1.15}</style>
<meta http-equiv="refresh" content="375"></head><body class="no-js"><div class="main-wrapper" role="main">
<div class="main-content"><noscript><div id="challenge-error-title"><div class="h2"><span class="icon-wrapper">
<div class="heading-icon warning-icon"></div></span><span id="challenge-error-text">Enable JavaScript and cookies to
continue</span></div></div></noscript><h1 class="zone-name-title h1">www.kyivchronicle.example</h1>
<h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2><div id="challenge-stage"></div>
<div id="challenge-body-text" class="core-msg spacer">www.kyivchronicle.example needs to review the security of your
connection before proceeding.</div></div></div><script>(function(){window._cf_chl_opt={cvId: '3',cZone:
"www.kyivchronicle.example",cType: 'managed',cNounce: '41236',cRay: '8c1f2d3e4a5b6c7d',cHash: 'a1b2c3d4e5f6'};
var cpo = document.createElement('script');cpo.src =
'/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8c1f2d3e4a5b6c7d';
document.getElementsByTagName('head')[0].appendChild(cpo);}());</script><div class="footer" role="contentinfo">
<div class="footer-inner"><div class="clearfix diagnostic-wrapper"><div class="ray-id">Ray ID:
<code>8c1f2d3e4a5b6c7d</code>
</div></div><div class="text-center" id="footer-text">Performance &amp; security by <a rel="noopener noreferrer"
href="https://www.cloudflare.com?utm_source=challenge&amp;utm_campaign=m" target="_blank">Cloudflare</a></div></div>
</div></body></html>"""

_CF_ATTENTION = """<!DOCTYPE html><!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<html class="no-js" lang="en-US"><head><title>Attention Required! | Cloudflare</title><meta charset="UTF-8" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /><meta name="robots" content="noindex, nofollow" />
<link rel="stylesheet" id="cf_styles-css" href="/cdn-cgi/styles/cf.errors.css" /></head><body>
<div id="cf-wrapper"><div class="cf-alert cf-alert-error cf-cookie-error" id="cookie-alert"
data-translate="enable_cookies">
Please enable cookies.</div><div id="cf-error-details" class="cf-error-details-wrapper"><div class="cf-wrapper cf-header
cf-error-overview"><h1 data-translate="block_headline">Sorry, you have been blocked</h1><h2 class="cf-subheadline">
<span data-translate="unable_to_access">You are unable to access</span> novyny.example</h2></div>
<div class="cf-section cf-wrapper"><div class="cf-columns two"><div class="cf-column">
<h2 data-translate="blocked_why_headline">
Why have I been blocked?</h2><p data-translate="blocked_why_detail">This website is using a security service to protect
itself from online attacks. The action you just performed triggered the security solution. There are several actions
that could trigger this block including submitting a certain word or phrase, a SQL command or malformed data.</p></div>
<div class="cf-column"><h2 data-translate="blocked_resolve_headline">What can I do to resolve this?</h2>
<p data-translate="blocked_resolve_detail">You can email the site owner to let them know you were blocked. Please
include what you were doing when this page came up and the Cloudflare Ray ID found at the bottom of this page.</p>
</div></div></div><div class="cf-error-footer cf-wrapper w-240 lg:w-full py-10 sm:py-4 sm:px-8 mx-auto text-center">
<p class="text-13"><span class="cf-footer-item sm:block sm:mb-1">Cloudflare Ray ID: <strong>8c1f2d3e4a5b6c7e</strong>
</span><span class="cf-footer-separator sm:hidden">&bull;</span><span id="cf-footer-item-ip">Your IP: 127.0.0.1</span>
<span class="cf-footer-separator sm:hidden">&bull;</span><span>Performance &amp; security by Cloudflare</span></p>
</div></div></div></body></html>"""

_DDOS_GUARD = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>DDoS-Guard</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>body{font-family:sans-serif;background:#f6f8fa}.ddg-box{margin:15% auto;width:480px}</style>
<script src="/.well-known/ddos-guard/check?context=free_splash" async></script></head><body>
<div class="ddg-box"><div class="ddg-logo"></div><h1 class="ddg-title">Проверка браузера перед переходом на сайт
rusvesti.example</h1><p class="ddg-text">Это может занять несколько секунд. Пожалуйста, подождите.</p>
<p class="ddg-text">Checking your browser before accessing rusvesti.example. This process is automatic.
Your browser will redirect to your requested content shortly.</p><div class="ddg-footer">DDoS protection by
<a href="https://ddos-guard.net/ru/" target="_blank">DDoS-Guard</a></div></div>
<script>window.__ddg1=1;window.__ddg2=Date.now();</script></body></html>"""


def _about_cloudflare(title: str) -> str:
    paragraphs = [
        "Roskomnadzor began throttling sites behind Cloudflare on Tuesday, and Russian readers of Ukrainian outlets "
        "saw a page reading 'Just a moment... Checking if the site connection is secure' that never went away.",
        "Engineers in Kyiv said the slowdown hit NATO member states' news sites hosted in the same data centres, and "
        "that the Ray ID shown on the blocked page pointed to a Moscow exchange point.",
        "Cloudflare said in a statement it had not changed its challenge pages and that the degradation was caused "
        "by deliberate interference inside Russia.",
    ]
    return page(title, paragraphs)


def _cookie_storm(title: str):
    def route(handler, base):
        body = render(page(title), base).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        for n in range(300):
            handler.send_header("Set-Cookie", f"trk{n}={'x' * 1000}; Path=/; Max-Age=31536000; SameSite=Lax")
        handler.end_headers()
        handler.wfile.write(body)
    return route


def _partial(title: str, whole: bool):
    def route(handler, base):
        body = render(page(title), base).encode()
        if whole:
            return 206, "text/html; charset=utf-8", body, {"Content-Range": f"bytes 0-{len(body) - 1}/{len(body)}",
                                                           "Accept-Ranges": "bytes"}
        cut = body[:600]
        return 206, "text/html; charset=utf-8", cut, {"Content-Range": f"bytes 0-599/{len(body)}",
                                                      "Accept-Ranges": "bytes"}
    return route


def _canonical_header(title: str, path: str):
    def route(handler, base):
        html = page(title, head=f'<link rel="canonical" href="{base}{path}">')
        return 200, "text/html; charset=utf-8", render(html, base).encode(), {
            "Link": f'<{base}/w/amp{path}>; rel="canonical", <{base}/wp-json/>; rel="https://api.w.org/"'}
    return route


#: Stories that must be stored once and clean whatever their delivery: path -> (title, text the body must hold).
SALVAGED: dict[str, tuple[str, str | None]] = {
    "/w/title-100kb": ("NATO foreign ministers meet in Brussels on Ukraine aid", None),
    "/w/deep-divs": ("Air raid alert across Ukraine after Russian missile launches", None),
    "/w/1251-as-koi8r": ("Сводка: страница в windows-1251 под меткой koi8-r",
                         ru_lead("Сводка: страница в windows-1251 под меткой koi8-r")),
    "/w/late-meta-charset": ("Сводка: кодировка объявлена после двух килобайт комментариев",
                             ru_lead("Сводка: кодировка объявлена после двух килобайт комментариев")),
    "/w/206-whole": ("A whole page under 206 Partial Content", None),
    "/w/html-as-rss": ("An article served as application/rss+xml", None),
    "/w/cookie-storm": ("Set-Cookie storm: Baltic ministers back Kyiv", None),
    "/w/link-canonical": ("Kremlin rejects NATO ceasefire proposal", None),
    "/w/about-cloudflare": ("Russia throttles Cloudflare, Ukrainian outlets go dark for readers", None),
}
#: The stored title of a page whose <title> is 100 KB: at most this long.
TITLE_MAX = 300
#: Pages that hold no article: path -> stat prefixes, one of which must count it.
_DROPPED = ("newswatch/dropped/",)
REJECTED: dict[str, tuple[str, ...]] = {
    "/w/cf-challenge": _DROPPED,
    "/w/cf-blocked": _DROPPED,
    "/w/ddos-guard": _DROPPED,
    "/w/206-cut": ("newswatch/fetch/error/", "newswatch/dropped/", "newswatch/fetch/cut_short/"),
    "/w/to-data": ("newswatch/fetch/error/",),
    "/w/to-ftp": ("newswatch/fetch/error/",),
}
#: The challenge pages: the log line that drops them names what they are.
CHALLENGES = {"/w/cf-challenge": "challenge", "/w/cf-blocked": "challenge", "/w/ddos-guard": "challenge"}
#: The canonical the Link header claims: never stored as a second copy.
LINK_HEADER_TARGET = "/w/amp/w/link-canonical"

#: Articles found only through a hostile feed or sitemap: path -> where it is listed.
DISCOVERED: dict[str, str] = {
    "/w/d/html-feed": "/w/f/html-bom-script.xml",
    "/w/d/atom-tag-a": "/w/f/atom-tag.xml",
    "/w/d/atom-tag-b": "/w/f/atom-tag.xml",
    "/w/d/index-child": "/w/s/index.xml",
    "/w/d/news-spaced": "/w/s/news-spaced.xml",
    **{f"/w/d/big-fresh/{n}": "/w/f/big.xml" for n in range(FRESH_BIG)},
}
DISCOVERED_TITLE = "Found through {where}: {path}"
#: Links that are not the entry's article (self, replies, enclosure, edit) or whose entry is old: never fetched.
NEVER_FETCHED = ["/w/api/entries/a", "/w/d/atom-tag-a/comments", "/w/img/a.jpg", "/w/api/edit/b",
                 "/w/d/news-old", "/w/d/big-old/0", "/w/d/big-old/2500", "/w/d/big-old/4989"]
#: Requests a document may cost at most.
MAX_HITS = {"/w/s/index.xml": 2, "/w/s/index-alias.xml": 1, "/w/to-data": 1, "/w/to-ftp": 1, "/w/206-cut": 2}


def _rss(items: str) -> str:
    return (f'<rss version="2.0"><channel><title>Hostile 10</title><link>{{{{base}}}}/</link>\n{items}'
            "</channel></rss>\n")


def _item(link: str, date: str = "{{rfc822:2h}}") -> str:
    return f"<item><title>t</title><link>{link}</link><pubDate>{date}</pubDate></item>\n"


def _html_feed(handler, base):
    # a WordPress feed behind a plugin that prints its script first and a server that calls it text/html
    text = ("<script type=\"text/javascript\">var _paq = window._paq || []; _paq.push(['trackPageView']);</script>\n"
            + _rss(_item("{{base}}/w/d/html-feed")))
    return 200, "text/html; charset=UTF-8", b"\xef\xbb\xbf" + render(text, base).encode(), None


_ATOM_TAG = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
<title>Hostile 10 Atom</title><id>tag:kyivchronicle.example,2026:feed</id><updated>{{iso:1h}}</updated>
<link rel="self" type="application/atom+xml" href="{{base}}/w/f/atom-tag.xml"/>
<entry><id>tag:kyivchronicle.example,2026:article-81234</id><title>a</title><updated>{{iso:2h}}</updated>
<link rel="self" type="application/atom+xml" href="{{base}}/w/api/entries/a"/>
<link rel="replies" type="text/html" href="{{base}}/w/d/atom-tag-a/comments" thr:count="12"/>
<link rel="enclosure" type="image/jpeg" length="48213" href="{{base}}/w/img/a.jpg"/>
<link rel="alternate" type="text/html" href="{{base}}/w/d/atom-tag-a"/></entry>
<entry><id>tag:kyivchronicle.example,2026:article-81235</id><title>b</title><updated>{{iso:3h}}</updated>
<link rel="edit" href="{{base}}/w/api/edit/b"/>
<link href="{{base}}/w/d/atom-tag-b"/></entry>
</feed>
"""


def _sitemapindex(locs: list[str]) -> str:
    body = "".join(f"<sitemap><loc>{{{{base}}}}{loc}</loc><lastmod>{{{{iso:1h}}}}</lastmod></sitemap>" for loc in locs)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{body}</sitemapindex>\n")


def _news_spaced(handler, base):
    def entry(path: str, ago: timedelta) -> str:
        when = (datetime.now(UTC) - ago).strftime("%Y-%m-%d %H:%M")
        return (f"<url><loc>{base}{path}</loc><news:news><news:publication><news:name>Kyiv Chronicle</news:name>"
                f"<news:language>uk</news:language></news:publication><news:publication_date>{when}"
                "</news:publication_date><news:title>t</news:title></news:news></url>\n")
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            + entry("/w/d/news-spaced", timedelta(hours=2)) + entry("/w/d/news-old", OLD) + "</urlset>\n")
    return 200, "application/xml", text.encode(), None


def _big_feed(handler, base):
    now = datetime.now(UTC)
    rng = random.Random(10)
    fresh = set(rng.sample(range(BIG_FEED), FRESH_BIG))
    items, f, o = [], 0, 0
    for n in range(BIG_FEED):
        if n in fresh:
            items.append(_item(f"{base}/w/d/big-fresh/{f}", render("{{rfc822:3h}}", base, now)))
            f += 1
        else:
            items.append(_item(f"{base}/w/d/big-old/{o}", render(f"{{{{rfc822:{10 + o % 300}d}}}}", base, now)))
            o += 1
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + _rss("".join(items))
    return 200, "application/rss+xml", text.replace("{{base}}", base).encode(), None


def hostile10_routes() -> dict:
    s = {path: title for path, (title, _) in SALVAGED.items()}
    routes = {
        "/w/title-100kb": _html(_big_title(s["/w/title-100kb"])),
        "/w/deep-divs": _html(_deep_divs(s["/w/deep-divs"])),
        "/w/1251-as-koi8r": _html(ru_page(s["/w/1251-as-koi8r"], meta_charset=None), "text/html; charset=koi8-r",
                                  "cp1251"),
        "/w/late-meta-charset": lambda handler, base: (200, "text/html", _late_meta(s["/w/late-meta-charset"]),
                                                       None),
        "/w/206-whole": _partial(s["/w/206-whole"], whole=True),
        "/w/206-cut": _partial("A page cut short under 206", whole=False),
        "/w/html-as-rss": _html(page(s["/w/html-as-rss"]), "application/rss+xml; charset=utf-8"),
        "/w/cookie-storm": _cookie_storm(s["/w/cookie-storm"]),
        "/w/link-canonical": _canonical_header(s["/w/link-canonical"], "/w/link-canonical"),
        LINK_HEADER_TARGET: _html(page("The AMP copy the Link header names")),
        "/w/about-cloudflare": _html(_about_cloudflare(s["/w/about-cloudflare"])),
        "/w/cf-challenge": _html(_CF_CHALLENGE),
        "/w/cf-blocked": _html(_CF_ATTENTION),
        "/w/ddos-guard": _html(_DDOS_GUARD),
        "/w/to-data": lambda handler, base: (302, "text/html", b"", {
            "Location": "data:text/html;base64,PGgxPkhlbGxvPC9oMT4="}),
        "/w/to-ftp": lambda handler, base: (301, "text/html", b"", {"Location": "ftp://127.0.0.1:2121/pub/story.html"}),
        # feeds and sitemaps
        "/w/f/html-bom-script.xml": _html_feed,
        "/w/f/atom-tag.xml": _html(_ATOM_TAG, "application/atom+xml"),
        "/w/s/index.xml": _html(_sitemapindex(["/w/s/index-alias.xml", "/w/s/child.xml"]), "application/xml"),
        "/w/s/index-alias.xml": lambda handler, base: (301, "text/html", b"", {"Location": base + "/w/s/index.xml"}),
        "/w/s/child.xml": _html('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                                'schemas/sitemap/0.9"><url><loc>{{base}}/w/d/index-child</loc><lastmod>{{iso:2h}}'
                                "</lastmod></url></urlset>\n", "application/xml"),
        "/w/s/news-spaced.xml": _news_spaced,
        "/w/f/big.xml": _big_feed,
    }
    for path, where in DISCOVERED.items():
        routes[path] = _html(page(DISCOVERED_TITLE.format(where=where, path=path)))
    for path in NEVER_FETCHED:
        routes[path] = _html(page(f"Never to be read: {path}"))
    routes["/w/pages.xml"] = _html('<?xml version="1.0" encoding="UTF-8"?>\n'
                                   + _rss("".join(_item("{{base}}" + p) for p in PAGES)), "application/rss+xml")
    return routes


#: What /w/pages.xml lists.
PAGES = [*SALVAGED, *REJECTED]
FEEDS = ["/w/pages.xml", "/w/f/html-bom-script.xml", "/w/f/atom-tag.xml", "/w/f/big.xml"]
SITEMAPS = ["/w/s/index.xml", "/w/s/news-spaced.xml"]
