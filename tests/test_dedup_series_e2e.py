"""End to end: a real `scrapy crawl feeds` over two local outlets publishing look-alikes that are not copies.

Outlet A publishes two days of ISW's assessment (same map-links header, titles differing in the date), two
Kyiv Independent stories under the same author's note and bio, and the General Staff's losses of 27 November.
Outlet B carries the same losses of 27 November (a copy: linked to A's) and those of the 28th (the next
instalment: its own story, although its wording is B's 27th's). Texts from bench/data/dedup/real_pairs.yaml.
Before the decision rules for instalments, figures and boilerplate, four of these seven were linked as copies.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

import pytest
import yaml

from tests.crawling import run_crawl
from tests.test_dedup_e2e import Outlet, _rss

DOCS = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "bench" / "data" / "dedup" / "real_pairs.yaml").read_text(encoding="utf-8")
)["docs"]
A_PAGES = {"/isw/1126": "isw-1126", "/isw/1127": "isw-1127", "/ki/sumy": "kyivind-sumy",
           "/ki/slovakia": "kyivind-slovakia", "/losses/1127": "losses-1127"}
B_PAGES = {"/news/losses-27.html": "losses-1127-rbc", "/news/losses-28.html": "losses-1128-rbc"}


def _page(doc_id: str, hours_ago: int) -> str:
    doc = DOCS[doc_id]
    lang = "uk" if any(c in doc["body"] for c in "іїєґ") else "en"
    paragraphs = "".join(f"<p>{escape(line.strip())}</p>" for line in doc["body"].split("\n") if line.strip())
    published = (datetime.now(UTC) - timedelta(hours=hours_ago)).isoformat(timespec="seconds")
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{escape(doc["title"])}</title>
<meta property="og:title" content="{escape(doc["title"])}">
<meta property="article:published_time" content="{published}"></head>
<body><header><nav><a href="/">Home</a></nav></header>
<main><article><h1>{escape(doc["title"])}</h1><div class="article-body">{paragraphs}</div></article></main>
<footer><p>All rights reserved.</p></footer></body></html>"""


@pytest.fixture(scope="module")
def outlets():
    a, b = Outlet(), Outlet()
    for outlet, pages, feed in ((a, A_PAGES, "/rss.xml"), (b, B_PAGES, "/feed.xml")):
        outlet.routes = {path: ("text/html", _page(doc_id, hours_ago=3 + i))
                         for i, (path, doc_id) in enumerate(pages.items())}
        outlet.routes[feed] = ("application/rss+xml", _rss(outlet.base, list(pages)))
        outlet.thread.start()
    yield a, b
    for outlet in (a, b):
        outlet.server.shutdown()
        outlet.server.server_close()


@pytest.fixture(scope="module")
def runs(outlets, tmp_path_factory):
    a, b = outlets
    work = tmp_path_factory.mktemp("dedup-series-e2e")
    db = work / "newswatch.sqlite3"
    done = {}
    for name, feeds in (("a", f"{a.base}/rss.xml"), ("b", f"{b.base}/feed.xml")):
        run = run_crawl(work, args={"feeds": feeds}, db_path=db)
        assert run.returncode == 0, run.log[-3000:]
        run.docs = {doc["url_key"]: doc for doc in run.stored()}
        done[name] = run
    return done


def test_instalments_and_stories_under_one_footer_are_stored_as_their_own_stories(runs, outlets):
    a, _ = outlets
    docs = runs["a"].docs
    assert set(docs) == {a.key(path) for path in A_PAGES}, runs["a"].log[-3000:]
    for doc in docs.values():
        assert doc["duplicate_of"] is None and doc["syndicated"] is False, doc["url_key"]
    assert len({doc["story_id"] for doc in docs.values()}) == len(A_PAGES)
    assert runs["a"].stat("newswatch/dedup/new") == len(A_PAGES)


def test_the_same_days_figures_are_linked_and_the_next_days_are_not(runs, outlets):
    a, b = outlets
    docs = runs["b"].docs
    root, copy, next_day = a.key("/losses/1127"), b.key("/news/losses-27.html"), b.key("/news/losses-28.html")
    assert len(docs) == len(A_PAGES) + len(B_PAGES), runs["b"].log[-3000:]
    assert docs[copy]["duplicate_of"] == root and docs[copy]["story_id"] == docs[root]["story_id"]
    assert docs[copy]["syndicated"] is True
    assert docs[next_day]["duplicate_of"] is None
    assert docs[next_day]["story_id"] not in {docs[root]["story_id"], docs[copy]["story_id"]}
    assert runs["b"].stat("newswatch/dedup/near_copy") == 1 and runs["b"].stat("newswatch/dedup/new") == 1
