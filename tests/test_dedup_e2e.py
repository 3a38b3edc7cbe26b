"""End to end: real `scrapy crawl feeds` runs over two local "outlets" with different templates.

Outlet A (one port) links its stories with tracking parameters, serves an AMP copy and re-posts one
story under a second slug. Outlet B (another port, another template and banner) republishes A's
stories: one edited (other lede, trimmed, own banner), one verbatim, plus a story of its own.
A is crawled first, then B, then both again: the store must hold each story once per outlet,
with aliases in ``urls``, B's copies linked to A's, and nothing new after the last run.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from tests.crawling import run_crawl

EVENTS = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "bench" / "data" / "dedup" / "stories.yaml").read_text(encoding="utf-8")
)["events"]
NATO, DAM, SWAP = EVENTS[1]["stories"][0], EVENTS[2]["stories"][0], EVENTS[3]["stories"][0]


def _page_a(story: dict, canonical: str, amp: bool = False) -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in [story["lede"], *story["paragraphs"]])
    published = (datetime.now(UTC) - timedelta(hours=5)).isoformat(timespec="seconds")
    return f"""<!DOCTYPE html><html lang="en"{' amp' if amp else ''}><head><meta charset="utf-8">
<title>{escape(story["title"])} | Alpha News</title>
<link rel="canonical" href="{canonical}">
<meta property="og:title" content="{escape(story["title"])}">
<meta property="article:published_time" content="{published}">
<meta name="author" content="Olena Harmash"></head>
<body><header><nav><a href="/">Alpha News</a> <a href="/world">World</a></nav></header>
<main><article><h1>{escape(story["title"])}</h1><div class="article-body">{paragraphs}</div></article></main>
<footer><p>Alpha News. All rights reserved.</p></footer></body></html>"""


def _page_b(story: dict, paragraphs: list[str]) -> str:
    published = (datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="seconds")
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{escape(story["alt_title"])} - Beta Daily</title>
<meta property="og:title" content="{escape(story["alt_title"])}">
<meta property="article:published_time" content="{published}">
<meta name="author" content="Beta Daily staff"></head>
<body><div id="top-bar"><a href="/">Beta Daily</a><a href="/subscribe">Subscribe</a></div>
<div class="layout"><section class="story"><h1 class="headline">{escape(story["alt_title"])}</h1>
<div class="story-text">{body}</div></section>
<aside><h3>Most read</h3><ul><li><a href="/a">Something else</a></li></ul></aside></div>
<div class="footer">Beta Daily Media Group</div></body></html>"""


def _rss(base: str, links: list[str]) -> str:
    when = format_datetime(datetime.now(UTC) - timedelta(hours=1))
    items = "".join(f"<item><title>Story {i}</title><link>{escape(base + link)}</link><pubDate>{when}</pubDate></item>"
                    for i, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>News</title>'
            f"<link>{base}/</link><description>News</description>{items}</channel></rss>")


class Outlet:
    """One outlet on its own loopback port: path -> (content type, body)."""

    def __init__(self):
        self.routes: dict[str, tuple[str, str]] = {}
        outlet = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                path = self.path.split("?")[0]
                if path == "/robots.txt":
                    found = ("text/plain", "User-agent: *\nAllow: /\n")
                else:
                    found = outlet.routes.get(path)
                if found is None:
                    self.send_error(404)
                    return
                data = found[1].encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", f"{found[0]}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def key(self, path: str) -> str:
        return self.base.removeprefix("http://") + path


@pytest.fixture(scope="module")
def outlets():
    a, b = Outlet(), Outlet()
    nato_url = a.base + "/news/nato-summit"
    a.routes = {
        "/rss.xml": ("application/rss+xml", _rss(a.base, [
            "/news/nato-summit?utm_source=rss&utm_medium=feed&utm_campaign=world",
            "/news/nato-summit-membership-path",  # the same text re-posted under another slug
            "/news/kakhovka-dam?fbclid=IwAR3xyz",
        ])),
        "/amp.xml": ("application/rss+xml", _rss(a.base, ["/amp/news/nato-summit/"])),
        "/news/nato-summit": ("text/html", _page_a(NATO, nato_url)),
        "/amp/news/nato-summit/": ("text/html", _page_a(NATO, nato_url, amp=True)),
        "/news/nato-summit-membership-path": ("text/html", _page_a(NATO, a.base + "/news/nato-summit-membership-path")),
        "/news/kakhovka-dam": ("text/html", _page_a(DAM, a.base + "/news/kakhovka-dam")),
    }
    edited = [NATO["alt_lede"], *NATO["paragraphs"][:-2], "Support Beta Daily: subscribe for full access."]
    b.routes = {
        "/feed.xml": ("application/rss+xml", _rss(b.base, [
            "/world/2026/nato-ukraine-membership.html",
            "/world/2026/dam-breach.html?ref=homepage",
            "/world/2026/prisoner-swap.html",
        ])),
        "/world/2026/nato-ukraine-membership.html": ("text/html", _page_b(NATO, edited)),
        "/world/2026/dam-breach.html": ("text/html", _page_b(DAM, [DAM["lede"], *DAM["paragraphs"]])),
        "/world/2026/prisoner-swap.html": ("text/html", _page_b(SWAP, [SWAP["lede"], *SWAP["paragraphs"]])),
    }
    for outlet in (a, b):
        outlet.thread.start()
    yield a, b
    for outlet in (a, b):
        outlet.server.shutdown()
        outlet.server.server_close()


@pytest.fixture(scope="module")
def runs(outlets, tmp_path_factory):
    a, b = outlets
    work = tmp_path_factory.mktemp("dedup-e2e")
    db = work / "newswatch.sqlite3"
    feeds_a, feeds_b = f"{a.base}/rss.xml,{a.base}/amp.xml", f"{b.base}/feed.xml"
    done = {}
    for name, feeds in (("a", feeds_a), ("b", feeds_b), ("again", f"{feeds_a},{feeds_b}")):
        run = run_crawl(work, args={"feeds": feeds}, db_path=db)
        assert run.returncode == 0, run.log[-3000:]
        run.docs = {doc["url_key"]: doc for doc in run.stored()}  # the store as this run left it
        done[name] = run
    return done


def _docs(run) -> dict[str, dict]:
    return run.docs


def _nato_key(docs: dict, a: Outlet) -> str:
    """A's NATO story is stored under whichever of its two slugs was fetched first (crawl order varies)."""
    keys = [k for k in docs if k in (a.key("/news/nato-summit"), a.key("/news/nato-summit-membership-path"))]
    assert len(keys) == 1, keys
    return keys[0]


def test_one_document_per_story_per_outlet_with_aliases(runs, outlets):
    a, _ = outlets
    docs = _docs(runs["a"])
    nato, dam = _nato_key(docs, a), a.key("/news/kakhovka-dam")
    assert set(docs) == {nato, dam}, runs["a"].log[-3000:]
    # every URL it was fetched under, plus the canonical URLs the pages declared
    assert set(docs[nato]["urls"]) == {
        a.base + "/news/nato-summit?utm_source=rss&utm_medium=feed&utm_campaign=world",
        a.base + "/amp/news/nato-summit/",
        a.base + "/news/nato-summit",
        a.base + "/news/nato-summit-membership-path",
    }
    assert set(docs[dam]["urls"]) == {a.base + "/news/kakhovka-dam?fbclid=IwAR3xyz", a.base + "/news/kakhovka-dam"}
    assert docs[nato]["revision"] == docs[dam]["revision"] == 1
    assert docs[nato]["story_id"] != docs[dam]["story_id"]
    assert docs[nato]["duplicate_of"] is None and docs[nato]["syndicated"] is False
    # Three fetches of the NATO story (tracking URL, AMP URL, re-posted slug) and one of the dam story make
    # two new documents. Whether the other two count as aliases (another URL key) or unchanged (the same
    # key) depends on which URL the crawl happened to fetch first, so only their sum is fixed.
    assert runs["a"].stat("newswatch/dedup/new") == 2
    assert runs["a"].stat("newswatch/dedup/alias") >= 1
    assert runs["a"].stat("newswatch/dedup/alias") + runs["a"].stat("newswatch/dedup/unchanged") == 2


def test_other_outlets_copies_are_stored_and_linked(runs, outlets):
    a, b = outlets
    docs = _docs(runs["b"])
    nato, dam = _nato_key(docs, a), a.key("/news/kakhovka-dam")
    nato_b, dam_b = b.key("/world/2026/nato-ukraine-membership.html"), b.key("/world/2026/dam-breach.html")
    swap_b = b.key("/world/2026/prisoner-swap.html")
    assert set(docs) == {nato, dam, nato_b, dam_b, swap_b}
    for copy, root in ((nato_b, nato), (dam_b, dam)):
        assert docs[copy]["duplicate_of"] == root
        assert docs[copy]["story_id"] == docs[root]["story_id"]
        assert docs[copy]["syndicated"] is True
    assert docs[swap_b]["duplicate_of"] is None and docs[swap_b]["story_id"] not in {
        docs[nato]["story_id"], docs[dam]["story_id"]}
    stats = runs["b"].stats
    assert stats.get("newswatch/dedup/near_copy") == 1 and stats.get("newswatch/dedup/exact_copy") == 1
    assert stats.get("newswatch/dedup/new") == 1


def test_crawling_again_creates_nothing(runs):
    before, after = _docs(runs["b"]), _docs(runs["again"])
    assert set(after) == set(before)
    stats = runs["again"].stats
    assert stats.get("newswatch/store/inserted", 0) == 0
    assert stats.get("newswatch/dedup/new", 0) == 0
    assert stats.get("newswatch/dedup/unchanged", 0) + stats.get("newswatch/dedup/alias", 0) >= 7
    for key, doc in after.items():
        assert doc["revision"] == before[key]["revision"] == 1
        assert doc["story_id"] == before[key]["story_id"] and doc["duplicate_of"] == before[key]["duplicate_of"]
        assert doc["first_seen_at"] == before[key]["first_seen_at"]
