"""Hostile routes, seventh round's holdout (tests/test_hostile7_holdout.py): written after the round's fixes, in other
wordings and from other outlets' habits, to see whether those fixes are general: other server-default charsets
over a page's own, raw-text elements left open in other ways, other ``Refresh`` headers, other long
``Retry-After``s, a story sent to a language edition's front page, other invisible characters around a ``<loc>``,
three ``<channel>``s, other day and month spellings, a dead ASCII domain, a redirect to a Word document, and a
KOI8-U page whose ``<meta>`` says koi8-r.

``holdout_routes()`` returns the routes; the constants say what each case must lead to.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.mocksite import bulk_routes, render
from tests.mocksite.hostile4 import page
from tests.mocksite.hostile5 import ru_lead, ru_page
from tests.mocksite.hostile7 import (
    OLD,
    RU_MONTHS,
    UK_MONTHS,
    _html,
    _item,
    _redirect,
    _rss,
    _status,
    _url,
    _urlset,
    lead_uk,
    uk_page,
)
from tests.mocksite.hostile7 import _xml as _doc

GOOD_COUNT = 4


def _unclosed_style_no_head_end(title: str) -> str:
    # No </head> at all (optional in HTML): the open <style> runs into <body class=...>.
    html = page(title).replace("</head>", '<style media="screen">.paywall{display:none}\n', 1)
    return html.replace("<body>", '<body class="article-page">', 1)


def _unclosed_script_later_closed(title: str) -> str:
    # The head's script is never closed; the first </script> is a body script's, after the article.
    html = page(title).replace("</head>", '<script type="text/javascript">var gaq = gaq || [];\n</head>', 1)
    return html.replace("</article>", "</article><script>track('read')</script>", 1)


def _word_doc(handler, base):
    return 200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", \
        b"PK\x03\x04" + bytes(range(256)) * 20, None


#: Stories that must be stored once: path -> (title, text the body must hold).
SALVAGED: dict[str, tuple[str, str | None]] = {
    "/x/cp1252-over-1251": ("Харків: windows-1252 сервера поверх windows-1251",
                            lead_uk("Харків: windows-1252 сервера поверх windows-1251")),
    "/x/ascii-over-koi8": ("Сводка: us-ascii сервера поверх koi8-r", ru_lead("Сводка: us-ascii сервера поверх koi8-r")),
    "/x/style-no-head-end": ("A style element left open and no end of head", None),
    "/x/script-closed-later": ("A head script closed only by a body script", None),
    "/x/refresh-quoted-target": ("The target of a quoted Refresh header", None),
    "/x/refresh-no-url": ("An article whose Refresh header only reloads it", None),
    "/x/koi8u-meta-koi8r": ("Одеса: сторінка в KOI8-U, а meta каже koi8-r",
                            lead_uk("Одеса: сторінка в KOI8-U, а meta каже koi8-r")),
}
REJECTED: dict[str, tuple[str, ...]] = {
    "/x/retry-after-hours": ("newswatch/fetch/error/http_503",),
    "/x/removed-to-edition": ("newswatch/article/redirected_to_front_page", "newswatch/dropped/error_page",
                              "newswatch/dropped/not_article"),
    "/x/to-docx": ("newswatch/article/not_html",),
}
ASKED_ONCE = ("/x/retry-after-hours", "/x/refresh-no-url")
DISCOVERED: dict[str, str] = {
    "/x/d/bom-lrm-loc": "/x/s/invisible.xml",
    "/x/d/channel-1": "/x/f/three-channels.xml",
    "/x/d/channel-2": "/x/f/three-channels.xml",
    "/x/d/channel-3": "/x/f/three-channels.xml",
}
DISCOVERED_TITLE = "Holdout: found through {where}: {path}"
OLD_DATED = ["/x/d/old-lower-day", "/x/d/old-full-names"]
DEAD_HOST = "dead-outlet.invalid"


def _dates_feed(handler, base):
    when = datetime.now(UTC) - OLD
    kyiv = when + timedelta(hours=2)
    msk = when + timedelta(hours=3)
    uk_days = ["пн", "вт", "ср", "чт", "пт", "сб", "нд"]
    ru_days = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"]
    ru_genitive = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                   "ноября", "декабря"]
    assert len(UK_MONTHS) == len(RU_MONTHS) == 12
    items = (_item("{{base}}/x/d/old-lower-day", f"{uk_days[kyiv.weekday()]}, {kyiv:%d} {UK_MONTHS[kyiv.month - 1]}"
                   f" {kyiv:%Y %H:%M:%S} +0200")
             + _item("{{base}}/x/d/old-full-names", f"{ru_days[msk.weekday()]}, {msk:%d} {ru_genitive[msk.month - 1]}"
                     f" {msk:%Y %H:%M:%S} +0300")
             + _item(f"http://{DEAD_HOST}/x/story"))
    return 200, "application/rss+xml", render(_rss(items), base).encode(), None


def holdout_routes() -> dict:
    routes = bulk_routes(GOOD_COUNT)
    s = {path: title for path, (title, _) in SALVAGED.items()}
    koi8u_meta_koi8r = uk_page(s["/x/koi8u-meta-koi8r"], meta_charset="koi8-r")
    routes.update({
        "/uk/": _html(page("Київський вісник: головна", lang="uk")),
        "/x/cp1252-over-1251": _html(uk_page(s["/x/cp1252-over-1251"], meta_charset=None, head='<meta http-equiv='
                                             '"Content-Type" content="text/html; charset=windows-1251">'),
                                     "text/html; charset=windows-1252", "cp1251"),
        "/x/ascii-over-koi8": _html(ru_page(s["/x/ascii-over-koi8"], meta_charset="koi8-r"),
                                    "text/html; charset=US-ASCII", "koi8_r"),
        "/x/style-no-head-end": _html(_unclosed_style_no_head_end(s["/x/style-no-head-end"])),
        "/x/script-closed-later": _html(_unclosed_script_later_closed(s["/x/script-closed-later"])),
        "/x/refresh-quoted": lambda handler, base: (200, "text/html; charset=utf-8", b"<html><body></body></html>",
                                                    {"Refresh": f"1;URL='{base}/x/refresh-quoted-target'"}),
        "/x/refresh-quoted-target": _html(page(s["/x/refresh-quoted-target"])),
        "/x/refresh-no-url": lambda handler, base: (200, "text/html; charset=utf-8",
                                                    render(page(s["/x/refresh-no-url"]), base).encode(),
                                                    {"Refresh": "5"}),
        "/x/koi8u-meta-koi8r": _html(koi8u_meta_koi8r, "text/html", "koi8_u"),
        "/x/retry-after-hours": _status(503, {"Retry-After": "7200"}),
        "/x/removed-to-edition": _redirect("{{base}}/uk/", 301),
        "/x/to-docx": _redirect("{{base}}/x/files/statement.docx"),
        "/x/files/statement.docx": _word_doc,
        "/x/s/invisible.xml": _doc(_urlset(_url("\ufeff{{base}}/x/d/bom-lrm-loc\u200e"))),
        "/x/f/three-channels.xml": _doc('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">' + "".join(
            f"<channel><title>Page {n}</title><link>{{{{base}}}}/</link>" + _item(f"{{{{base}}}}/x/d/channel-{n}")
            + "</channel>" for n in (1, 2, 3)) + "</rss>\n", "application/rss+xml"),
        "/x/f/dates.xml": _dates_feed,
    })
    for path, where in DISCOVERED.items():
        routes[path] = _html(page(DISCOVERED_TITLE.format(where=where, path=path)))
    for path in OLD_DATED:
        routes[path] = _html(page(f"An old holdout story at {path}"))
    routes["/x/pages.xml"] = _doc(_rss("".join(_item("{{base}}" + p) for p in PAGES)), "application/rss+xml")
    return routes


PAGES = [*(p for p in SALVAGED if p != "/x/refresh-quoted-target"), "/x/refresh-quoted", *REJECTED]
FEEDS = ["/bulk.xml", "/x/pages.xml", "/x/f/three-channels.xml", "/x/f/dates.xml"]
SITEMAPS = ["/x/s/invisible.xml"]
