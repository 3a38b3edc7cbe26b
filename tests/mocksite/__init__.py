"""A mock news site on 127.0.0.1 for tests, the demo and benchmarks.

It serves robots.txt, RSS 2.0 / Atom / RDF feeds, a sitemap index, a Google
News sitemap and article pages with JSON-LD, OpenGraph-only and bare-HTML
metadata, plus the hostile cases: a redirect, a 404, a 500 that recovers on
retry, a windows-1251 page, a page too big to download and a PDF behind an
article URL. Dates are rendered relative to the moment of the request, so
"new" and "old" entries stay new and old.

    python -m tests.mocksite [--port 8000]     # serve until Ctrl-C

In tests: ``with MockNewsSite() as site: site.url("/rss.xml")``; ``site.hits``
counts requests per path. Feeds and sitemaps honour conditional requests: their ETag is a
hash of their template (so it changes when a test swaps the route for new content) and
their Last-Modified is the server's start; ``site.not_modified`` counts the 304s per path.
"""

from __future__ import annotations

import hashlib
import random
import re
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).with_name("pages")
_PLACEHOLDER_RE = re.compile(r"\{\{(\w+)(?::(\d+)([dhm]))?\}\}")

#: Article paths the default crawl must store, with their expected titles.
EXPECTED_ARTICLES = {
    "/news/nato-air-defence-ukraine": "NATO allies agree new air defence package for Ukraine",
    "/news/kremlin-talks": 'Kremlin says talks with Kyiv are "not on the agenda"',
    "/news/kharkiv-drone-attack": "Drone attack damages energy facility in Kharkiv region",
    "/ru/news/pvo-belgorod": "Минобороны России заявило об отражении атаки беспилотников",
    "/uk/news/zelenskyi-nato-ppo": "Зеленський обговорив із генсеком НАТО посилення ППО України",
    "/news/redirected-story": "Black Sea grain corridor: Ukraine reports record exports",
    "/news/flaky-story": "Baltic states boost defence spending amid Russian threat",
}
#: Article paths whose feed or sitemap date is outside the default `since` window: never fetched.
OLD_ARTICLES = ("/news/old-story", "/news/old-news-sitemap-story", "/archive/ancient-story")
#: Paths that are bad on purpose (never stored).
BAD_PATHS = ("/news/missing", "/news/huge-story", "/files/report.pdf")


def _delta(amount: str, unit: str) -> timedelta:
    return {"d": timedelta(days=int(amount)), "h": timedelta(hours=int(amount)),
            "m": timedelta(minutes=int(amount))}[unit]


def render(template: str, base: str, now: datetime | None = None) -> str:
    """Fill {{base}}, {{iso:3d}} (ISO 8601, 3 days ago) and {{rfc822:5h}} placeholders."""
    now = now or datetime.now(UTC)

    def fill(match):
        kind, amount, unit = match.groups()
        if kind == "base":
            return base
        when = now - _delta(amount, unit)
        return when.isoformat(timespec="seconds") if kind == "iso" else format_datetime(when)

    return _PLACEHOLDER_RE.sub(fill, template)


def _simple_article(title: str, published: str, paragraphs: list[str], author: str, lang: str = "en") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{author}"></head>
<body><nav><a href="/">Home</a></nav><article><h1>{title}</h1>{body}</article>
<footer>Mock Herald</footer></body></html>"""


_GRAIN = _simple_article(
    "Black Sea grain corridor: Ukraine reports record exports", "{{iso:12h}}",
    ["Ukraine shipped a record 6.2 million tonnes of grain and oilseeds through its Black Sea corridor last month, "
     "the infrastructure ministry said, despite repeated Russian attacks on the port of Odesa.",
     "The corridor, established after Russia quit a UN-brokered deal, relies on Ukrainian naval drones and air "
     "defence to keep ships safe. Insurers have cut premiums as the number of incidents fell.",
     "Officials in Kyiv said exports could rise further if allies supply more air defence systems to protect "
     "port infrastructure from missile strikes."], "Taras Melnyk")
_BALTIC = _simple_article(
    "Baltic states boost defence spending amid Russian threat", "{{iso:8h}}",
    ["Estonia, Latvia and Lithuania will raise defence spending to at least 3.5% of GDP next year, their prime "
     "ministers said, citing the threat from Russia and the war in Ukraine.",
     "The three NATO members on the alliance's eastern flank are building fortifications along their borders with "
     "Russia and Belarus and buying more artillery and air defence systems.",
     "NATO officials welcomed the pledge, saying the Baltic states were setting an example for other allies ahead "
     "of the alliance's next summit."], "Laura Ozola")
_OLD = _simple_article("Old story about NATO enlargement", "{{iso:20d}}",
                       ["This story is far too old to be crawled by default. " * 8], "Archive Desk")
_SPORT = _simple_article(
    "Local football club wins the cup after penalty shoot-out", "{{iso:3h}}",
    ["The home side won the regional cup on Saturday after a tense penalty shoot-out in front of 12,000 fans.",
     "The goalkeeper saved two penalties and the captain scored the winning kick. The coach praised the "
     "players' character after a difficult season marked by injuries.",
     "The club will now play in the national competition next season, its first appearance there in a decade."],
    "Sports Desk Reporter")

_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Mock Herald</title><link>{{base}}/</link><language>en</language>
<item><title>NATO allies agree new air defence package for Ukraine</title>
 <link>{{base}}/news/nato-air-defence-ukraine</link><pubDate>{{rfc822:1d}}</pubDate>
 <category>NATO</category><category>Ukraine</category></item>
<item><title>Kremlin says talks with Kyiv are "not on the agenda"</title>
 <link>{{base}}/news/kremlin-talks?utm_source=rss&amp;utm_medium=feed</link><pubDate>{{rfc822:20h}}</pubDate>
 <dc:creator>Anna Petrova</dc:creator></item>
<item><title>Local football club wins the cup after penalty shoot-out</title>
 <link>{{base}}/sport/cup-final</link><pubDate>{{rfc822:3h}}</pubDate></item>
<item><title>Old story about NATO enlargement</title>
 <link>{{base}}/news/old-story</link><pubDate>{{rfc822:20d}}</pubDate></item>
</channel></rss>
"""
_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>Mock Herald Atom</title><id>{{base}}/atom.xml</id><updated>{{iso:1h}}</updated>
<entry><title>Drone attack damages energy facility in Kharkiv region</title>
 <link rel="alternate" type="text/html" href="{{base}}/news/kharkiv-drone-attack"/>
 <id>tag:mock,2026:kharkiv</id><published>{{iso:6h}}</published><updated>{{iso:5h}}</updated>
 <author><name>Serhiy Bondarenko</name></author></entry>
<entry><title>Black Sea grain corridor</title><link href="{{base}}/go/grain-corridor"/>
 <id>tag:mock,2026:grain</id><updated>{{iso:12h}}</updated></entry>
<entry><title>A story that was removed</title><link href="{{base}}/news/missing"/>
 <id>tag:mock,2026:missing</id><updated>{{iso:2h}}</updated></entry>
</feed>
"""
_RDF = """<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="{{base}}/rdf.xml"><title>Mock Herald RDF</title><link>{{base}}/</link></channel>
<item rdf:about="{{base}}/ru/news/pvo-belgorod"><title>ПВО</title><link>{{base}}/ru/news/pvo-belgorod</link>
 <dc:date>{{iso:10h}}</dc:date><dc:language>ru</dc:language></item>
<item rdf:about="{{base}}/news/flaky-story"><title>Baltic</title><link>{{base}}/news/flaky-story</link>
 <dc:date>{{iso:8h}}</dc:date></item>
</rdf:RDF>
"""
_SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{{base}}/sitemap-news.xml</loc><lastmod>{{iso:1h}}</lastmod></sitemap>
<sitemap><loc>{{base}}/sitemap-archive.xml</loc><lastmod>{{iso:400d}}</lastmod></sitemap>
</sitemapindex>
"""
_NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{{base}}/uk/news/zelenskyi-nato-ppo</loc>
 <news:news><news:publication><news:name>Mock Herald</news:name><news:language>uk</news:language></news:publication>
 <news:publication_date>{{iso:5h}}</news:publication_date>
 <news:title>Зеленський обговорив із генсеком НАТО посилення ППО України</news:title>
 <news:keywords>НАТО, ППО, Зеленський</news:keywords></news:news></url>
<url><loc>{{base}}/news/old-news-sitemap-story</loc>
 <news:news><news:publication><news:name>Mock Herald</news:name><news:language>en</news:language></news:publication>
 <news:publication_date>{{iso:9d}}</news:publication_date><news:title>Old</news:title></news:news></url>
<url><loc>{{base}}/news/huge-story</loc>
 <news:news><news:publication><news:name>Mock Herald</news:name><news:language>en</news:language></news:publication>
 <news:publication_date>{{iso:2h}}</news:publication_date><news:title>Huge</news:title></news:news></url>
<url><loc>{{base}}/files/report.pdf</loc>
 <news:news><news:publication><news:name>Mock Herald</news:name><news:language>en</news:language></news:publication>
 <news:publication_date>{{iso:2h}}</news:publication_date><news:title>A PDF</news:title></news:news></url>
</urlset>
"""
_ARCHIVE_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{{base}}/archive/ancient-story</loc><lastmod>{{iso:400d}}</lastmod></url>
</urlset>
"""
_ROBOTS = "User-agent: *\nDisallow: /private/\n\nSitemap: {{base}}/sitemap_index.xml\n"

#: Size of the page that must exceed the crawl's DOWNLOAD_MAXSIZE in tests (they set it to 1 MB).
HUGE_PAGE_BYTES = 3 * 1024 * 1024


def _page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0]
        self.server.hits[path] += 1
        base = self.server.base_url
        route = self.server.routes.get(path)
        if route is None:
            return self._send(404, b"<html><body><h1>Not found</h1></body></html>", "text/html; charset=utf-8")
        answer = route(self, base)
        if answer is None:  # the route wrote its own (possibly broken) response on self.wfile
            self.close_connection = True
            return
        status, content_type, body, headers = answer
        self._send(status, body, content_type, headers)

    def _send(self, status, body: bytes, content_type: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


def _text(template: str, content_type: str):
    return lambda handler, base: (200, content_type, render(template, base).encode("utf-8"), None)


def feed_route(template: str, content_type: str):
    """A feed or sitemap route that answers 304 to a matching If-None-Match (else If-Modified-Since)."""
    etag = '"' + hashlib.sha1(template.encode("utf-8")).hexdigest()[:16] + '"'

    def route(handler, base):
        last_modified = handler.server.started
        headers = {"ETag": etag, "Last-Modified": format_datetime(last_modified, usegmt=True)}
        if_none_match = handler.headers.get("If-None-Match")
        if_modified_since = handler.headers.get("If-Modified-Since")
        if if_none_match:
            unchanged = etag in [tag.strip() for tag in if_none_match.split(",")]
        else:
            try:
                unchanged = bool(if_modified_since) and parsedate_to_datetime(if_modified_since) >= last_modified
            except (TypeError, ValueError):
                unchanged = False
        if unchanged:
            handler.server.not_modified[handler.path.split("?", 1)[0]] += 1
            return 304, content_type, b"", headers
        return 200, content_type, render(template, base).encode("utf-8"), headers
    return route


def _html_file(name: str, encoding: str = "utf-8", content_type: str = "text/html; charset=utf-8"):
    def route(handler, base):
        return 200, content_type, render(_page(name).decode(encoding), base).encode(encoding), None
    return route


def _flaky(handler, base):
    # Fails the first time, recovers on retry.
    if handler.server.hits["/news/flaky-story"] == 1:
        return 500, "text/html", b"<html><body>Internal Server Error</body></html>", None
    return 200, "text/html; charset=utf-8", render(_BALTIC, base).encode(), None


def _huge(handler, base):
    filler = "<p>" + "Padding text that makes this page far too big to be an article. " * 40 + "</p>\n"
    repeats = HUGE_PAGE_BYTES // len(filler) + 1
    body = "<html><body><article><h1>Huge</h1>" + filler * repeats + "</article></body></html>"
    return 200, "text/html; charset=utf-8", body.encode(), None


def _pdf(handler, base):
    return 200, "application/pdf", b"%PDF-1.4\n" + bytes(range(256)) * 64 + b"\n%%EOF", None


def _redirect(target: str):
    return lambda handler, base: (301, "text/html", b"", {"Location": base + target})


def default_routes() -> dict:
    return {
        "/robots.txt": _text(_ROBOTS, "text/plain"),
        "/rss.xml": feed_route(_RSS, "application/rss+xml; charset=utf-8"),
        "/atom.xml": feed_route(_ATOM, "application/atom+xml"),
        "/rdf.xml": feed_route(_RDF, "application/rdf+xml"),
        "/sitemap_index.xml": feed_route(_SITEMAP_INDEX, "application/xml"),
        "/sitemap-news.xml": feed_route(_NEWS_SITEMAP, "application/xml"),
        "/sitemap-archive.xml": feed_route(_ARCHIVE_SITEMAP, "application/xml"),
        "/news/nato-air-defence-ukraine": _html_file("nato-summit-kyiv.html"),
        "/news/kremlin-talks": _html_file("kremlin-og-only.html"),
        "/news/kharkiv-drone-attack": _html_file("bare-html.html"),
        # windows-1251 bytes; the charset is only in the page's <meta>
        "/ru/news/pvo-belgorod": _html_file("ru-cp1251.html", encoding="cp1251", content_type="text/html"),
        "/uk/news/zelenskyi-nato-ppo": _html_file("uk-news-sitemap.html"),
        "/go/grain-corridor": _redirect("/news/redirected-story"),
        "/news/redirected-story": _text(_GRAIN, "text/html; charset=utf-8"),
        "/news/flaky-story": _flaky,
        "/news/old-story": _text(_OLD, "text/html; charset=utf-8"),
        "/news/old-news-sitemap-story": _text(_OLD, "text/html; charset=utf-8"),
        "/archive/ancient-story": _text(_OLD, "text/html; charset=utf-8"),
        "/sport/cup-final": _text(_SPORT, "text/html; charset=utf-8"),
        "/news/huge-story": _huge,
        "/files/report.pdf": _pdf,
    }


_BULK_CITIES = ["Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Lviv", "Kyiv", "Sumy", "Mykolaiv", "Kherson", "Poltava"]
_BULK_SYSTEMS = ["Patriot", "IRIS-T", "NASAMS", "Gepard", "SAMP/T", "Hawk", "Skynex", "Crotale"]
_BULK_SENTENCES = [
    "Russian drones struck energy facilities near {city} overnight, regional officials said.",
    "NATO defence ministers discussed further deliveries of {system} systems to Ukraine.",
    "Ukraine's air force said it shot down most of the missiles launched at {city}.",
    "The Kremlin said Western arms supplies would not change the course of the war.",
    "Repair crews restored power to thousands of households in {city} by the afternoon.",
    "Germany pledged another {system} battery and more interceptor missiles for the winter.",
    "Analysts say Russia is stockpiling cruise missiles ahead of colder weather.",
    "The mayor of {city} urged residents to stay in shelters during the alerts.",
    "Kyiv asked allies to speed up deliveries of {system} ammunition and spare parts.",
    "A NATO spokesperson said the alliance was monitoring Russian activity near its borders.",
    "Officials in {city} said a school and two apartment blocks were damaged.",
    "Moscow claimed its forces had taken another village in the east, which Kyiv denied.",
    "The European Union is preparing a new package of sanctions against Russian energy exports.",
    "Engineers in {city} are building concrete shelters around substations.",
    "Poland scrambled fighter jets as Russian missiles flew close to its border.",
    "Ukrainian crews trained abroad are now operating {system} launchers near the front.",
    "The UN monitoring mission reported rising civilian casualties across the east.",
    "Russia's defence ministry said it intercepted Ukrainian drones over Belgorod.",
    "Railway traffic through {city} resumed after a short interruption.",
    "Lithuania said it would host more NATO troops on a rotational basis next year.",
    "Insurers raised premiums for ships calling at Black Sea ports after the latest strikes.",
    "Volunteers in {city} collected generators and warm clothes for front-line villages.",
    "The Pentagon said the {system} deliveries would arrive within weeks.",
    "Prosecutors opened an investigation into the strike on a hospital in {city}.",
]


def bulk_routes(count: int, latency: float = 0.0) -> dict:
    """``/bulk.xml``: an RSS feed of ``count`` distinct, on-topic articles at ``/bulk/<n>``, each served after
    ``latency`` seconds (a remote server's response time), for scale-out tests and benchmarks."""

    items = "".join(
        f"<item><title>Bulk story {n}</title><link>{{{{base}}}}/bulk/{n}</link><pubDate>{{{{rfc822:{n % 40 + 1}h}}}}"
        f"</pubDate></item>\n" for n in range(count))
    feed = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Mock Herald bulk</title>'
            f"<link>{{{{base}}}}/</link>\n{items}</channel></rss>\n")

    def article(n: int):
        # Six sentences drawn per article from a pool, so the stories are distinct, not near-duplicates.
        rng = random.Random(n)
        sentences = rng.sample(_BULK_SENTENCES, 6)
        city, system = rng.choice(_BULK_CITIES), rng.choice(_BULK_SYSTEMS)
        paragraphs = [" ".join(sentences[i:i + 2]).format(city=city, system=system) for i in (0, 2, 4)]
        page = _simple_article(f"{city}: report {n} on {system} deliveries to Ukraine", f"{{{{iso:{n % 40 + 1}h}}}}",
                               paragraphs, "Bulk Desk")

        def route(handler, base):
            if latency:
                time.sleep(latency)
            return 200, "text/html; charset=utf-8", render(page, base).encode(), None
        return route

    routes = {"/bulk.xml": feed_route(feed, "application/rss+xml")}
    routes.update({f"/bulk/{n}": article(n) for n in range(count)})
    return routes


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients hang up on purpose (e.g. the crawler cancels the too-big page)

    def __init__(self, address, routes):
        super().__init__(address, _Handler)
        self.routes = routes
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.started = datetime.now(UTC).replace(microsecond=0)
        self.base_url = f"http://{self.server_address[0]}:{self.server_address[1]}"


class MockNewsSite:
    """The mock site on a free port of 127.0.0.1, served from a background thread."""

    def __init__(self, port: int = 0, routes: dict | None = None):
        self._server = _Server(("127.0.0.1", port), routes or default_routes())
        self._thread = threading.Thread(target=self._server.serve_forever, name="mocksite", daemon=True)

    @property
    def base_url(self) -> str:
        return self._server.base_url

    @property
    def hits(self) -> Counter:
        return self._server.hits

    @property
    def not_modified(self) -> Counter:
        return self._server.not_modified

    @property
    def routes(self) -> dict:
        return self._server.routes

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> MockNewsSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> MockNewsSite:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
