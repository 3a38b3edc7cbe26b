"""A loopback mirror news site of N article pages for benchmarks.

Half the pages are the real pages of ``../shared/datasets/readability-news``,
repeated under distinct URLs with a unique paragraph injected (so no two bodies
are the same); the other half are generated articles whose paragraphs are drawn
from the real pages' sentences. Pages are rendered on request from their index,
so memory does not grow with N. A sitemap index lists every page in chunks of
``CHUNK`` URLs, as real outlets' sitemaps do.

    python -m bench.mirror --n 1000     # serve until Ctrl-C, prints the base URL
"""

from __future__ import annotations

import argparse
import html
import random
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATASET = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "readability-news"
CHUNK = 10_000
_TAG_RE = re.compile(r"<[^>]+>")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")
_TOPIC_SENTENCES = (
    "NATO allies discussed further air defence deliveries to Ukraine on {day}.",
    "The Kremlin said Russia would respond to the new sanctions, according to officials in Moscow.",
    "Ukrainian officials in Kyiv reported overnight drone attacks on energy facilities.",
)


@lru_cache(maxsize=1)
def real_pages() -> list[str]:
    pages = sorted(DATASET.glob("*/source.html"))
    if not pages:
        raise SystemExit(f"no pages under {DATASET}: the benchmark needs ../shared/datasets")
    return [p.read_text(encoding="utf-8", errors="replace") for p in pages]


@lru_cache(maxsize=1)
def corpus_sentences() -> list[str]:
    sentences = []
    for path in sorted(DATASET.glob("*/expected.html")):
        text = html.unescape(_TAG_RE.sub(" ", path.read_text(encoding="utf-8", errors="replace")))
        for sentence in _SENTENCE_RE.split(" ".join(text.split())):
            if 40 <= len(sentence) <= 300 and sentence.isascii():
                sentences.append(sentence)
    return sentences


def _published(i: int, now: datetime) -> datetime:
    return now - timedelta(minutes=i % 2000)


@lru_cache(maxsize=1)
def _real_parts() -> list[tuple[bytes, bytes]]:
    """Each real page as encoded bytes, split before its first ``<p``, where the unique paragraph goes."""
    parts = []
    for source in real_pages():
        at = source.find("<p")
        parts.append((source[:at].encode("utf-8"), source[at:].encode("utf-8")) if at >= 0
                     else (source.encode("utf-8"), b""))
    return parts


def real_page(i: int, now: datetime) -> bytes:
    return b"".join(_real_page_parts(i))


def _real_page_parts(i: int) -> tuple[bytes, bytes, bytes]:
    rng = random.Random(i)
    head, tail = _real_parts()[(i // 2) % len(real_pages())]
    unique = " ".join(rng.choice(corpus_sentences()) for _ in range(3))
    marker = f"<p>Mirror copy {i}. {html.escape(unique)} {_TOPIC_SENTENCES[i % 3].format(day='Monday')}</p>"
    # Pre-encoded halves around the new paragraph, sent without joining them (copying a 300 KB page costs
    # more than serving it): the mirror must cost the crawl next to nothing, as it shares the machine.
    return head, marker.encode("utf-8"), tail


def generated_page(i: int, base: str, now: datetime) -> bytes:
    rng = random.Random(i)
    sentences = corpus_sentences()
    title = rng.choice(sentences)[:90].rstrip(" ,.;") + f" ({i})"
    paragraphs = [" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(6, 14))]
    paragraphs.insert(1, _TOPIC_SENTENCES[i % 3].format(day="Tuesday"))
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    published = _published(i, now).isoformat(timespec="seconds")
    author = rng.choice(["Anna Kovalenko", "John Smith", "Maria Ivanova", "Peter Novak", "Olha Bondar"])
    ld = ('{{"@context":"https://schema.org","@type":"NewsArticle","headline":{},"datePublished":"{}",'
          '"author":{{"@type":"Person","name":"{}"}},"inLanguage":"en"}}').format(
        html.escape(repr(title).replace("'", '"'), quote=False), published, author)
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Mirror</title>
<link rel="canonical" href="{base}/a/{i}.html"><script type="application/ld+json">{ld}</script>
<meta property="og:title" content="{html.escape(title)}"></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav></header>
<main><article><h1>{html.escape(title)}</h1><p class="byline">By {author}</p>{body}</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a/{i + 1}.html">Next story</a></li></ul></aside>
<div class="newsletter-signup">Sign up for our daily newsletter</div></main>
<footer><p>© Mirror News. All rights reserved.</p></footer></body></html>"""
    return page.encode("utf-8")


def page(i: int, base: str, now: datetime) -> bytes:
    return real_page(i, now) if i % 2 == 0 else generated_page(i, base, now)


def _page_parts(i: int, base: str, now: datetime) -> tuple[bytes, ...]:
    return _real_page_parts(i) if i % 2 == 0 else (generated_page(i, base, now),)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        server = self.server
        path = self.path.split("?", 1)[0]
        now = server.now
        if path == "/robots.txt":
            parts, ctype = (f"User-agent: *\nSitemap: {server.base}/sitemap_index.xml\n".encode(),), "text/plain"
        elif path == "/sitemap_index.xml":
            chunks = (server.n + CHUNK - 1) // CHUNK
            items = "".join(f"<sitemap><loc>{server.base}/sitemaps/{k}.xml</loc></sitemap>" for k in range(chunks))
            parts = (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
                     f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'.encode(),)
            ctype = "application/xml"
        elif path.startswith("/sitemaps/") and path.endswith(".xml"):
            k = int(path[len("/sitemaps/"):-4])
            urls = "".join(
                f"<url><loc>{server.base}/a/{i}.html</loc><lastmod>{_published(i, now).isoformat()}</lastmod></url>"
                for i in range(k * CHUNK, min(server.n, (k + 1) * CHUNK)))
            parts = (f'<?xml version="1.0" encoding="UTF-8"?><urlset '
                     f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode(),)
            ctype = "application/xml"
        elif path.startswith("/a/") and path.endswith(".html") and path[3:-5].isdigit() and int(path[3:-5]) < server.n:
            parts, ctype = _page_parts(int(path[3:-5]), server.base, now), "text/html; charset=utf-8"
            server.served += 1  # progress only: a lost increment between threads does not matter
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(sum(map(len, parts))))
        self.end_headers()
        for part in parts:
            self.wfile.write(part)


class MirrorSite:
    def __init__(self, n: int, port: int = 0):
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.server.daemon_threads = True
        self.server.n = n
        self.server.served = 0
        self.server.now = datetime.now(UTC)
        self.server.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return self.server.base

    @property
    def served(self) -> int:
        """Article pages served so far."""
        return self.server.served

    def __enter__(self):
        _real_parts(), corpus_sentences()  # load before the clock starts
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    with MirrorSite(args.n, args.port) as site:
        print(site.base_url, flush=True)
        while True:
            time.sleep(3600)
