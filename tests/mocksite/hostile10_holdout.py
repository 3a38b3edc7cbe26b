"""Hostile routes, tenth round's holdout (tests/test_hostile10_holdout.py): written after the blind round's fixes,
committed before the crawler was run on it. A Russian anti-bot check page of a vendor the rules never named, a story
quoting a DDoS-Guard check in Russian, 206 answers starting mid-document and with an unknown total, a KOI8-U page
declared windows-1251, articles served as application/xhtml+xml and text/plain, an RSS feed served as text/html whose
items have an empty <link> and their URL only in a permalink <guid>, a news sitemap dated ``2026-11-28T10:00`` (no
seconds, no zone) and a redirect to a ``javascript:`` URL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.mocksite import render
from tests.mocksite.hostile4 import lead_uk, page
from tests.mocksite.hostile5 import ru_lead, ru_page
from tests.mocksite.hostile9 import uk_page


def _html(html: str, content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8", headers=None):
    return lambda handler, base: (200, content_type, render(html, base).encode(encoding), headers)


_ROBOT_CHECK = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Проверка безопасности</title>
<meta name="robots" content="noindex"><script src="/__qrator/qauth_utm_v2.js" defer></script></head><body>
<div class="container"><h1>Проверяем, что вы не робот</h1><p>Подождите несколько секунд, страница откроется
автоматически. Если этого не произошло, включите JavaScript и cookies в браузере.</p>
<p class="small">Request ID: 7c1e9a40-22f1-4d0e-9b53-2a1f</p></div></body></html>"""


def _quoting_check(title: str) -> str:
    paragraphs = [
        "С понедельника читатели нескольких российских сайтов вместо новостей видят страницу с надписью «Проверка "
        "браузера перед переходом на сайт», которая не исчезает даже после обновления.",
        "Специалисты связывают сбой с блокировками, которые Роскомнадзор вводит против зарубежных сервисов защиты "
        "от атак, в том числе работающих со странами НАТО.",
        "Украинские издания, по данным мониторинга, с этой проблемой не столкнулись, поскольку их серверы "
        "находятся за пределами России.",
    ]
    return ru_page(title).replace("</article>", "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>", 1)


def _partial(title: str, content_range: str, offset: int = 0):
    def route(handler, base):
        body = render(page(title), base).encode()
        piece = body[offset:offset + 1000] if offset else body
        header = content_range.format(total=len(body), last=len(body) - 1)
        return 206, "text/html; charset=utf-8", piece, {"Content-Range": header}
    return route


#: Stories that must be stored once and clean: path -> (title, text the body must hold, or None for the lead).
SALVAGED: dict[str, tuple[str, str | None]] = {
    "/h/quote-ddg-ru": ("Россияне жалуются на страницы проверки браузера", None),
    "/h/206-star": ("A whole page under 206 with an unknown total", None),
    "/h/koi8u-as-1251": ("Одеса: ремонт енергомереж після атаки дронів", lead_uk(
        "Одеса: ремонт енергомереж після атаки дронів")),
    "/h/xhtml": ("NATO opens a new training centre for Ukrainian pilots", None),
    "/h/text-plain": ("An article served as text/plain", None),
}
#: Bodies whose lead is Russian.
RU_LEADS = {"/h/quote-ddg-ru": ru_lead(SALVAGED["/h/quote-ddg-ru"][0])}
#: Pages that are no article: path -> stat prefixes, one of which must count it.
REJECTED: dict[str, tuple[str, ...]] = {
    "/h/robot-check": ("newswatch/dropped/",),
    "/h/206-middle": ("newswatch/fetch/error/",),
    "/h/to-javascript": ("newswatch/fetch/error/",),
}
#: Challenge pages: their drop's log line must name them as one.
CHALLENGES = {"/h/robot-check": "challenge"}
DISCOVERED: dict[str, str] = {"/h/d/guid-only": "/h/f/guid.xml", "/h/d/news-t": "/h/s/news-t.xml"}
DISCOVERED_TITLE = "Holdout found through {where}: {path}"
NEVER_FETCHED = ["/h/d/news-t-old"]


def _guid_feed(handler, base):
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Holdout</title>'
            f"<link>{base}/</link><item><title>g</title><link></link><guid isPermaLink=\"true\">{base}/h/d/guid-only"
            f"</guid><pubDate>{render('{{rfc822:2h}}', base)}</pubDate></item></channel></rss>\n")
    return 200, "text/html; charset=utf-8", text.encode(), None


def _news_t(handler, base):
    def entry(path: str, ago: timedelta) -> str:
        when = (datetime.now(UTC) - ago).strftime("%Y-%m-%dT%H:%M")
        return (f"<url><loc>{base}{path}</loc><news:news><news:publication><news:name>Odesa Daily</news:name>"
                f"<news:language>uk</news:language></news:publication><news:publication_date>{when}"
                "</news:publication_date><news:title>t</news:title></news:news></url>\n")
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            + entry("/h/d/news-t", timedelta(hours=3)) + entry("/h/d/news-t-old", timedelta(days=20)) + "</urlset>\n")
    return 200, "application/xml", text.encode(), None


def holdout_routes() -> dict:
    s = {path: title for path, (title, _) in SALVAGED.items()}
    routes = {
        "/h/quote-ddg-ru": _html(_quoting_check(s["/h/quote-ddg-ru"])),
        "/h/206-star": _partial(s["/h/206-star"], "bytes 0-{last}/*"),
        "/h/206-middle": _partial("A page from its middle under 206", "bytes 1000-1999/{total}", offset=1000),
        "/h/koi8u-as-1251": _html(uk_page(s["/h/koi8u-as-1251"], meta_charset=None), "text/html; charset=windows-1251",
                                  "koi8_u"),
        "/h/xhtml": _html(page(s["/h/xhtml"]), "application/xhtml+xml; charset=utf-8"),
        "/h/text-plain": _html(page(s["/h/text-plain"]), "text/plain; charset=utf-8"),
        "/h/robot-check": _html(_ROBOT_CHECK),
        "/h/to-javascript": lambda handler, base: (302, "text/html", b"", {"Location": "javascript:void(0)"}),
        "/h/f/guid.xml": _guid_feed,
        "/h/s/news-t.xml": _news_t,
    }
    for path, where in DISCOVERED.items():
        routes[path] = _html(page(DISCOVERED_TITLE.format(where=where, path=path)))
    for path in NEVER_FETCHED:
        routes[path] = _html(page(f"Never to be read: {path}"))
    items = "".join(f"<item><title>t</title><link>{{{{base}}}}{p}</link><pubDate>{{{{rfc822:2h}}}}</pubDate></item>"
                    for p in [*SALVAGED, *REJECTED])
    routes["/h/pages.xml"] = _html('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>H'
                                   f"</title><link>{{{{base}}}}/</link>{items}</channel></rss>\n",
                                   "application/rss+xml")
    return routes


FEEDS = ["/h/pages.xml", "/h/f/guid.xml"]
SITEMAPS = ["/h/s/news-t.xml"]
