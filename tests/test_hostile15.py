"""Hostile input, fifteenth round: cases rounds 1-14 (tests/test_hostile*.py) do not try. Written blind: each case's
expectation is what a careful analyst wants, set down before the crawler was run on it. The crawl never crashes,
loses no good article, and every bad input gets a log line and a counted stat (docs/stats.md).

One crawl of a mock site on 127.0.0.1 whose routes are in this file, and of three small sites beside it (other ports:
each has its own robots.txt):

* feeds: RSS whose item titles carry HTML-escaped markup (``&lt;b&gt;``) and whose first description's CDATA holds a
  raw nested ``]]>`` (the section closes early, the rest is broken markup) before two good items; RSS whose DOCTYPE
  declares an external parameter entity and an external general entity on the site (neither fetched); RSS declared
  ``<?xml version="1.1"?>`` with a PHP warning printed after ``</rss>``;
* sitemaps: three indexes in a cycle (A -> B -> C -> A), each read once; a Yoast-style urlset whose ``<url>``s carry
  ``image:loc``, ``video:content_loc``, ``video:player_loc`` and ``video:thumbnail_loc`` (never fetched); one story
  listed under five spellings (a trailing slash, a repeated query parameter, reordered parameters) and a Cyrillic
  story under upper-case, lower-case and raw percent-encoding; a sitemap answering 429 with ``Retry-After: 1`` and
  one answering Cloudflare's 521 once;
* articles: a ``charset=utf8mb4`` label (MySQL's name, no encoding's) over Russian UTF-8; a UTF-16LE page behind its
  BOM under a ``windows-1251`` header; a Ukrainian login wall answered with 200; Cloudflare's 520 once, then the
  story; a "Checking your browser" challenge answered with 200 once, then the story; a story whose ``<title>`` is
  empty and that has no ``<h1>`` (its headline only in ``og:title``); a script shell with only ``og:`` tags;
* robots.txt on the sites beside: a 200 HTML page (a soft 404), a gzip bomb, 5 MB of rules.
"""

from __future__ import annotations

import functools
import threading
import zlib

import pytest

from tests._rounds import crawl_round, newswatch_stats, strict_xfails, titled
from tests.mocksite import MockNewsSite, render
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile4 import page
from tests.test_hostile9 import _assert_clean
from tests.test_hostile12 import PRODUCTION_MAXSIZE
from tests.test_hostile14 import _html, _item, _rss

_UK = [
    "Повітряні сили ЗСУ повідомили, що вночі над Одещиною збили одинадцять ударних дронів типу «Шахед».",
    "Уламки пошкодили складське приміщення в порту, пожежу ліквідували рятувальники, постраждалих немає.",
    "В Офісі президента заявили, що Україна чекає від партнерів по НАТО нових систем протиповітряної оборони.",
]
_RU = [
    "Министерство иностранных дел России вызвало посла Финляндии из-за учений НАТО у границы.",
    "По словам официального представителя ведомства, Москва примет «военно-технические меры» в ответ.",
    "В Хельсинки заявили, что учения носят оборонительный характер и были объявлены заранее.",
]


def _page_in(title: str, paragraphs: list[str], lang: str, meta: str = '<meta charset="utf-8">',
             head: str = "") -> str:
    published = "{{iso:2h}}"
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>{title}</title>'
            f'<meta property="article:published_time" content="{published}">{head}</head>'
            f"<body><nav><a href='/'>Головна</a></nav><article><h1>{title}</h1>{body}</article></body></html>")


def _urlset(urls: list[str], extra: str = "") -> str:
    rows = "".join(f"<url><loc>{u}</loc><lastmod>{{{{iso:2h}}}}</lastmod></url>\n" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
            f"{extra}>\n{rows}</urlset>\n")


def _index(paths: list[str]) -> str:
    rows = "".join(f"<sitemap><loc>{{{{base}}}}{p}</loc><lastmod>{{{{iso:1h}}}}</lastmod></sitemap>\n" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"\n{rows}</sitemapindex>\n")


def _first_then(first, then):
    """``first`` (a route) on the first request, ``then`` on every later one."""
    lock, served = threading.Lock(), []

    def route(handler, base):
        with lock:
            served.append(1)
            n = len(served)
        return first(handler, base) if n == 1 else then(handler, base)
    return route


# --- feeds ---------------------------------------------------------------------------------------------------------

_ESCAPED_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kyiv Daily</title><link>{{base}}/</link>
<item><title>&lt;b&gt;Терміново:&lt;/b&gt; над Одещиною збили 11 дронів</title><link>{{base}}/q/d/esc-1</link>
<description><![CDATA[<p>Індекс a[b[0]]]]> у коді</p>]]></description><pubDate>{{rfc822:2h}}</pubDate></item>
<item><title>&lt;i&gt;Ексклюзив&lt;/i&gt;: НАТО &amp;amp; Україна</title><link>{{base}}/q/d/esc-2</link>
<description><![CDATA[<p>Розділена секція ]]]]><![CDATA[> як слід</p>]]></description>
<pubDate>{{rfc822:2h}}</pubDate></item>
<item><title>Третя новина</title><link>{{base}}/q/d/esc-3</link><pubDate>{{rfc822:2h}}</pubDate></item>
</channel></rss>
"""

_ENTITY_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
 <!ENTITY % remote SYSTEM "{{base}}/q/x/remote.dtd">
 %remote;
 <!ENTITY outside SYSTEM "{{base}}/q/x/outside.xml">
]>
<rss version="2.0"><channel><title>Entity Wire &outside;</title><link>{{base}}/</link>
<item><title>Story one &outside;</title><link>{{base}}/q/d/ent-1</link><pubDate>{{rfc822:2h}}</pubDate></item>
<item><title>Story two</title><link>{{base}}/q/d/ent-2</link><pubDate>{{rfc822:2h}}</pubDate></item>
</channel></rss>
"""

_XML11_FEED = """<?xml version="1.1" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Baltic Desk</title><link>{{base}}/</link>
<item><title>XML 1.1</title><link>{{base}}/q/d/xml11-1</link><pubDate>{{rfc822:2h}}</pubDate></item>
<item><title>XML 1.1 again</title><link>{{base}}/q/d/xml11-2</link><pubDate>{{rfc822:2h}}</pubDate></item>
</channel></rss>
<br />
<b>Warning</b>:  Cannot modify header information - headers already sent by (output started at
/var/www/html/wp-content/plugins/seo/seo.php:212) in <b>/var/www/html/wp-includes/feed-rss2.php</b>
on line <b>8</b><br />
"""

# --- sitemaps ------------------------------------------------------------------------------------------------------

_MEDIA_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
 xmlns:video="http://www.google.com/schemas/sitemap-video/1.1">
<url><loc>{{base}}/q/d/media-1</loc><lastmod>{{iso:2h}}</lastmod>
 <image:image><image:loc>{{base}}/q/m/photo-1.jpg</image:loc><image:caption>Одеса</image:caption></image:image>
 <image:image><image:loc>{{base}}/q/m/photo-2.jpg</image:loc></image:image>
</url>
<url><loc>{{base}}/q/d/media-2</loc><lastmod>{{iso:2h}}</lastmod>
 <video:video><video:thumbnail_loc>{{base}}/q/m/thumb.jpg</video:thumbnail_loc><video:title>Відео</video:title>
 <video:description>Удар по Одесі</video:description><video:content_loc>{{base}}/q/m/clip.mp4</video:content_loc>
 <video:player_loc>{{base}}/q/m/player</video:player_loc></video:video>
</url>
</urlset>
"""

#: One story, five spellings of its address (the server answers them all alike).
VARIANT_SPELLINGS = ["/q/d/variant", "/q/d/variant/", "/q/d/variant?id=5&amp;id=5", "/q/d/variant?id=5&amp;lang=uk",
                     "/q/d/variant?lang=uk&amp;id=5"]
_KYIV_UPPER = "/q/d/%D0%BA%D0%B8%D1%97%D0%B2-talks"
_KYIV_LOWER = "/q/d/%d0%ba%d0%b8%d1%97%d0%b2-talks"
CYRILLIC_SPELLINGS = [_KYIV_UPPER, _KYIV_LOWER, "/q/d/київ-talks"]


def _cf_error(code: int, words: str):
    html = (f"<!DOCTYPE html><html><head><title>127.0.0.1 | {code}: {words}</title></head><body>"
            f'<div id="cf-error-details"><h1>{words}</h1><span>Error code {code}</span>'
            "<p>Visit cloudflare.com for more information.</p><p>Cloudflare Ray ID: 8c2f1e3a9b7d4e21</p></div>"
            "</body></html>").encode()
    return lambda handler, base: (code, "text/html; charset=UTF-8", html,
                                  {"Server": "cloudflare", "CF-RAY": "8c2f1e3a9b7d4e21-WAW"})


def _busy(handler, base):
    return 429, "text/html", b"<html><body>Too Many Requests</body></html>", {"Retry-After": "1"}


# --- articles ------------------------------------------------------------------------------------------------------

_LOGIN_WALL = """<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><title>Вхід | Kyiv Daily</title></head>
<body><header><a href="/">Kyiv Daily</a></header><main class="auth">
<h1>Увійдіть, щоб читати далі</h1><p>Цей матеріал доступний лише зареєстрованим читачам.</p>
<form action="/login" method="post"><label>Електронна пошта <input type="email" name="email"></label>
<label>Пароль <input type="password" name="password"></label><button type="submit">Увійти</button></form>
<p><a href="/register">Зареєструватися</a> · <a href="/reset">Забули пароль?</a></p></main>
<footer>© Kyiv Daily</footer></body></html>"""

_CHALLENGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow">
<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1?ray=8c2f1e3a9b7d4e21"></script></head>
<body><div class="main-wrapper"><h1>127.0.0.1</h1><h2>Checking your browser before accessing 127.0.0.1.</h2>
<p>This process is automatic. Your browser will redirect to your requested content shortly.</p>
<p>Please allow up to 5 seconds&hellip;</p></div>
<div class="footer">DDoS protection by Cloudflare · Ray ID: 8c2f1e3a9b7d4e21</div></body></html>"""

_SHELL = """<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><title></title>
<meta property="og:title" content="Оболонка: лише og-теги про ППО">
<meta property="og:description" content="Україна отримає нові системи ППО від партнерів по НАТО.">
<meta property="og:type" content="article"><meta property="article:published_time" content="{{iso:2h}}">
</head><body><div id="root"></div><script src="/static/js/main.4f2a9c.js"></script></body></html>"""


def _og_only(title: str) -> str:
    body = page(title).split("<article>", 1)[1].split("</article>", 1)[0].replace(f"<h1>{title}</h1>", "")
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title></title>'
            f'<meta property="og:title" content="{title}"><meta property="og:type" content="article">'
            '<meta property="article:published_time" content="{{iso:2h}}"></head>'
            f'<body><div class="post-content">{body}</div></body></html>')


def _utf8mb4(handler, base):
    html = _page_in(SALVAGED["/q/a/utf8mb4"], _RU, "ru",
                    meta='<meta http-equiv="Content-Type" content="text/html; charset=utf8mb4">')
    return 200, "text/html; charset=utf8mb4", render(html, base).encode("utf-8"), None


def _utf16_bom(handler, base):
    html = _page_in(SALVAGED["/q/a/utf16-bom"], _UK, "uk", meta="")
    return 200, "text/html; charset=windows-1251", b"\xff\xfe" + render(html, base).encode("utf-16-le"), None


# --- the sites beside (robots.txt) ---------------------------------------------------------------------------------

_ROBOTS_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page not found</title></head>
<body><h1>Sorry, we couldn't find that page</h1><p>Try the search or go back to the <a href="/">front page</a>.</p>
</body></html>"""


@functools.cache
def _bomb() -> bytes:
    """200 MB of one comment line, gzipped to ~200 KB (made a megabyte at a time: the test holds no 200 MB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"#" + b"A" * (1024 * 1024 - 1)
    return b"".join([*(packer.compress(chunk) for _ in range(200)), packer.flush()])


def _robots_bomb(handler, base):
    return 200, "text/plain", _bomb(), {"Content-Encoding": "gzip"}


def _big_robots(handler, base):
    rules = "".join(f"Disallow: /tag/{zlib.crc32(str(n).encode()):08x}/\n" for n in range(200_000))
    return 200, "text/plain", ("User-agent: *\n" + rules + "Allow: /\n").encode(), None


#: The sites beside: name -> (robots.txt route, the story's title).
BESIDE = {
    "robots-html": (lambda handler, base: (200, "text/html; charset=utf-8", _ROBOTS_HTML.encode(), None),
                    "Robots as HTML: Lithuania extends its border fence with Belarus"),
    "robots-bomb": (_robots_bomb, "Robots gzip bomb: Norway delivers F-16 parts to Kyiv"),
    "robots-5mb": (_big_robots, "Robots of 5 MB: Slovakia returns its ambassador to Moscow"),
}


#: Stories that must be stored once and clean: path -> title.
SALVAGED: dict[str, str] = {
    "/q/a/utf8mb4": "Москва вызвала посла Финляндии из-за учений НАТО",
    "/q/a/utf16-bom": "Над Одещиною збили одинадцять дронів",
    "/q/a/cf520": "After a Cloudflare 520: Denmark funds Ukrainian artillery production",
    "/q/a/challenge-once": "After a browser check: Czech ammunition initiative delivers a million shells",
    "/q/a/og-only": "Headline only in og:title: Bulgaria ships diesel to Ukraine",
}
#: The text a salvaged story's body must hold (None: the title's lead).
TEXTS: dict[str, str | None] = {"/q/a/utf8mb4": _RU[0], "/q/a/utf16-bom": _UK[0]}
#: Articles found only through a hostile feed or sitemap: path -> where it is listed.
DISCOVERED: dict[str, str] = {
    "/q/d/esc-1": "/q/f/escaped.xml",
    "/q/d/esc-2": "/q/f/escaped.xml",
    "/q/d/esc-3": "/q/f/escaped.xml",
    "/q/d/ent-1": "/q/f/entities.xml",
    "/q/d/ent-2": "/q/f/entities.xml",
    "/q/d/xml11-1": "/q/f/xml11.xml",
    "/q/d/xml11-2": "/q/f/xml11.xml",
    "/q/d/cycle-a": "/q/s/leaf-a.xml",
    "/q/d/cycle-c": "/q/s/leaf-c.xml",
    "/q/d/media-1": "/q/s/media.xml",
    "/q/d/media-2": "/q/s/media.xml",
    "/q/d/after-429": "/q/s/busy.xml",
    "/q/d/after-521": "/q/s/cf521.xml",
}
DISCOVERED_TITLE = "Found through {where}: {path}"
#: One story listed under several spellings: title -> the spellings (stored once).
ONE_STORY = {"One story, five addresses: Poland opens a new NATO logistics hub": VARIANT_SPELLINGS,
             "Київ: переговори про ППО, одна адреса в трьох написаннях": CYRILLIC_SPELLINGS}
#: Links no reader follows: never to be fetched.
NEVER_FETCHED = ["/q/x/remote.dtd", "/q/x/outside.xml", "/q/m/photo-1.jpg", "/q/m/photo-2.jpg", "/q/m/thumb.jpg",
                 "/q/m/clip.mp4", "/q/m/player"]
#: Pages that hold no article: path -> stat prefixes, one of which must count it.
REJECTED: dict[str, tuple[str, ...]] = {
    "/q/a/login-wall": ("newswatch/dropped/", "newswatch/article/"),
    "/q/a/og-shell": ("newswatch/dropped/", "newswatch/article/"),
}
#: Documents that may be asked a few times, never forever: path -> most requests.
MAX_HITS = {"/q/s/cycle-a.xml": 1, "/q/s/cycle-b.xml": 1, "/q/s/cycle-c.xml": 1, "/q/s/busy.xml": 3,
            "/q/s/cf521.xml": 3, "/q/a/cf520": 3, "/q/a/challenge-once": 3}

FEEDS = ["/q/pages.xml", "/q/f/escaped.xml", "/q/f/entities.xml", "/q/f/xml11.xml"]
SITEMAPS = ["/q/s/cycle-a.xml", "/q/s/media.xml", "/q/s/variants.xml", "/q/s/busy.xml", "/q/s/cf521.xml"]


def hostile15_routes(beside: dict[str, str]) -> dict:
    """The main site's routes; ``beside``: each site beside's base URL by its name."""
    s = SALVAGED
    story = DISCOVERED_TITLE.format
    routes = {
        "/q/f/escaped.xml": _html(_ESCAPED_FEED, "application/rss+xml"),
        "/q/f/entities.xml": _html(_ENTITY_FEED, "application/rss+xml"),
        "/q/f/xml11.xml": _html(_XML11_FEED, "application/rss+xml; charset=UTF-8"),
        "/q/s/cycle-a.xml": _html(_index(["/q/s/cycle-b.xml", "/q/s/leaf-a.xml"]), "application/xml"),
        "/q/s/cycle-b.xml": _html(_index(["/q/s/cycle-c.xml"]), "application/xml"),
        "/q/s/cycle-c.xml": _html(_index(["/q/s/cycle-a.xml", "/q/s/leaf-c.xml"]), "application/xml"),
        "/q/s/leaf-a.xml": _html(_urlset(["{{base}}/q/d/cycle-a"]), "application/xml"),
        "/q/s/leaf-c.xml": _html(_urlset(["{{base}}/q/d/cycle-c"]), "application/xml"),
        "/q/s/media.xml": _html(_MEDIA_SITEMAP, "application/xml"),
        "/q/s/variants.xml": _html(_urlset(["{{base}}" + p for p in VARIANT_SPELLINGS + CYRILLIC_SPELLINGS]),
                                   "application/xml"),
        "/q/s/busy.xml": _first_then(_busy, _html(_urlset(["{{base}}/q/d/after-429"]), "application/xml")),
        "/q/s/cf521.xml": _first_then(_cf_error(521, "Web server is down"),
                                      _html(_urlset(["{{base}}/q/d/after-521"]), "application/xml")),
        "/q/a/utf8mb4": _utf8mb4,
        "/q/a/utf16-bom": _utf16_bom,
        "/q/a/cf520": _first_then(_cf_error(520, "Web server is returning an unknown error"),
                                  _html(page(s["/q/a/cf520"]))),
        "/q/a/challenge-once": _first_then(
            lambda handler, base: (200, "text/html; charset=UTF-8", _CHALLENGE.encode(),
                                   {"Server": "cloudflare", "CF-RAY": "8c2f1e3a9b7d4e21-WAW"}),
            _html(page(s["/q/a/challenge-once"]))),
        "/q/a/og-only": _html(_og_only(s["/q/a/og-only"])),
        "/q/a/login-wall": _html(_LOGIN_WALL),
        "/q/a/og-shell": _html(_SHELL),
    }
    for path in NEVER_FETCHED:
        routes[path] = _html(page(f"Never to be read: {path}"))
    for path, where in DISCOVERED.items():
        routes[path] = _html(page(story(where=where, path=path)))
    title, spellings = next(iter(ONE_STORY.items()))
    routes["/q/d/variant"] = routes["/q/d/variant/"] = _html(page(title))
    title = list(ONE_STORY)[1]
    for path in (_KYIV_UPPER, _KYIV_LOWER):
        routes[path] = _html(_page_in(title, _UK[::-1], "uk"))
    items = "".join(_item("{{base}}" + p) for p in [*SALVAGED, *REJECTED])
    items += "".join(_item(f"{base}/story") for base in beside.values())
    routes["/q/pages.xml"] = _html(_rss(items, "Hostile 15"), "application/rss+xml")
    return routes


#: Blind misses left after the round, each pinned as a strict xfail with what stands in the way.
KNOWN_MISSES: dict[str, str] = {}


@pytest.fixture(scope="module")
def hostile15(tmp_path_factory):
    sites = {name: MockNewsSite(routes={"/robots.txt": robots, "/story": _html(page(title))})
             for name, (robots, title) in BESIDE.items()}
    for site in sites.values():
        site.start()
    try:
        with MockNewsSite(routes=hostile15_routes({n: s.base_url for n, s in sites.items()})) as site:
            run = crawl_round(tmp_path_factory.mktemp("hostile15"), site, FEEDS, SITEMAPS, timeout=150,
                              DOWNLOAD_TIMEOUT="20", DOWNLOAD_MAXSIZE=str(PRODUCTION_MAXSIZE))
            yield site, sites, run
    finally:
        for beside in sites.values():
            beside.stop()


def test_crawl_finishes_without_a_traceback(hostile15):
    hostile15[2].assert_finished_cleanly()


@pytest.mark.parametrize("path", strict_xfails(SALVAGED, KNOWN_MISSES))
def test_a_hostile_story_is_stored_once_and_clean(hostile15, path):
    site, _, run = hostile15
    title = SALVAGED[path]
    docs = titled(run, title)
    assert len(docs) == 1, (path, [(d["url"], d["title"]) for d in run.stored()], newswatch_stats(run))
    assert docs[0]["url"] == site.url(path)
    assert (TEXTS.get(path) or lead(title)) in docs[0]["body"], docs[0]["body"][:500]
    _assert_clean(docs[0])


@pytest.mark.parametrize("path", strict_xfails(DISCOVERED, KNOWN_MISSES))
def test_an_article_behind_a_hostile_feed_or_sitemap_is_found_and_stored_once(hostile15, path):
    site, _, run = hostile15
    docs = titled(run, DISCOVERED_TITLE.format(where=DISCOVERED[path], path=path))
    assert len(docs) == 1, (path, site.hits[path], site.hits[DISCOVERED[path]], newswatch_stats(run))
    _assert_clean(docs[0])


def test_escaped_markup_in_feed_titles_never_reaches_a_stored_title(hostile15):
    stored = hostile15[2].stored()
    assert not [d["title"] for d in stored if "<" in d["title"] or "&lt;" in d["title"] or "&amp;" in d["title"]]


@pytest.mark.parametrize("title", strict_xfails(ONE_STORY, KNOWN_MISSES))
def test_one_story_listed_under_several_spellings_is_stored_once(hostile15, title):
    site, _, run = hostile15
    docs = titled(run, title)
    assert len(docs) == 1, ([d["url"] for d in docs], newswatch_stats(run))
    _assert_clean(docs[0])


@pytest.mark.parametrize("path", strict_xfails(NEVER_FETCHED, KNOWN_MISSES))
def test_a_link_no_reader_follows_is_never_fetched(hostile15, path):
    assert hostile15[0].hits[path] == 0


@pytest.mark.parametrize("path", strict_xfails(REJECTED, KNOWN_MISSES))
def test_a_page_that_is_no_article_is_counted_and_logged(hostile15, path):
    site, _, run = hostile15
    assert not [d for d in run.stored() if d["url"].startswith(site.url(path))]
    assert any(key.startswith(REJECTED[path]) and value for key, value in run.stats.items()), (
        REJECTED[path], newswatch_stats(run))
    assert site.url(path) in run.log


@pytest.mark.parametrize("path", strict_xfails(MAX_HITS, KNOWN_MISSES))
def test_a_document_is_not_asked_forever(hostile15, path):
    assert 1 <= hostile15[0].hits[path] <= MAX_HITS[path], hostile15[0].hits[path]


def test_a_sitemap_index_cycle_is_counted_and_logged(hostile15):
    site, _, run = hostile15
    assert run.stats.get("newswatch/discovery/sitemap_repeated"), newswatch_stats(run)
    assert site.url("/q/s/cycle-a.xml") in run.log


def test_a_retried_answer_is_counted(hostile15):
    site, _, run = hostile15
    assert run.stats.get("retry/count", 0) >= 3, {k: v for k, v in run.stats.items() if "retry" in k}


def test_a_challenge_answered_with_200_is_counted_and_logged(hostile15):
    site, _, run = hostile15
    assert any(k.startswith("newswatch/article/bot_challenge/") and v for k, v in run.stats.items()), (
        newswatch_stats(run))
    assert any(site.url("/q/a/challenge-once") in line and "challenge" in line for line in run.log.splitlines())


def test_a_charset_label_that_names_no_encoding_is_counted_and_logged(hostile15):
    site, _, run = hostile15
    assert any("charset" in k and v for k, v in newswatch_stats(run).items()), newswatch_stats(run)
    assert any(site.url("/q/a/utf8mb4") in line and "utf8mb4" in line for line in run.log.splitlines())


@pytest.mark.parametrize("name", strict_xfails(BESIDE, KNOWN_MISSES))
def test_a_hostile_robots_txt_loses_no_story_and_is_counted_and_logged(hostile15, name):
    _, sites, run = hostile15
    docs = titled(run, BESIDE[name][1])
    assert [d["url"] for d in docs] == [sites[name].url("/story")], newswatch_stats(run)
    assert any(k.startswith("newswatch/robots/") and v for k, v in run.stats.items()), newswatch_stats(run)
    assert any(sites[name].url("/robots.txt") in line for line in run.log.splitlines())
