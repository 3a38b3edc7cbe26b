"""Incremental crawling: known articles skipped by a batched store lookup, feeds fetched conditionally."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from newswatch.incremental import REFETCH_MODIFIED, REFETCH_RECENT, SKIP, fetch_decision
from newswatch.state import open_state
from tests._mongo_server import nx_server_fixture, store_spec_fixture  # noqa: F401 (fixtures)
from tests.crawling import run_crawl
from tests.mocksite import _RSS, EXPECTED_ARTICLES, MockNewsSite, feed_route

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
WINDOW = timedelta(hours=48)


def test_unknown_article_is_new():
    assert fetch_decision(None, now=NOW, window=WINDOW) == "new"


def test_recent_stored_article_is_refetched_old_one_skipped():
    recent = {"published_at": NOW - timedelta(hours=47), "last_seen_at": NOW - timedelta(hours=3)}
    old = {"published_at": NOW - timedelta(hours=49), "last_seen_at": NOW - timedelta(hours=3)}
    assert fetch_decision(recent, now=NOW, window=WINDOW) == REFETCH_RECENT
    assert fetch_decision(old, now=NOW, window=WINDOW) == SKIP
    assert fetch_decision(recent, now=NOW, window=timedelta(0)) == SKIP


def test_entry_modified_after_last_visit_is_refetched_even_when_old():
    old = {"published_at": NOW - timedelta(days=9), "last_seen_at": NOW - timedelta(days=2)}
    assert fetch_decision(old, entry_modified=NOW - timedelta(hours=1), now=NOW, window=WINDOW) == REFETCH_MODIFIED
    assert fetch_decision(old, entry_modified=NOW - timedelta(days=3), now=NOW, window=WINDOW) == SKIP


def test_stored_article_without_date_uses_entry_date_and_naive_dates_are_utc():
    undated = {"published_at": None, "last_seen_at": None}
    assert fetch_decision(undated, entry_date=NOW - timedelta(hours=2), now=NOW, window=WINDOW) == REFETCH_RECENT
    assert fetch_decision(undated, now=NOW, window=WINDOW) == SKIP
    naive = {"published_at": (NOW - timedelta(hours=1)).replace(tzinfo=None)}
    assert fetch_decision(naive, now=NOW, window=WINDOW) == REFETCH_RECENT


def test_state_round_trip_on_both_stores(store_spec):
    kwargs = dict(store_spec.kwargs)
    kwargs.pop("mongo_collection", None)
    if store_spec.is_mongo:
        kwargs["mongo_database"] = f"newswatch_state_{uuid.uuid4().hex[:10]}"
    state = open_state(**kwargs, environ={})
    try:
        state.save_validators({"http://a/rss": {"etag": '"v1"', "last_modified": None},
                               "http://a/map": {"etag": None, "last_modified": "Fri, 27 Nov 2026 10:00:00 GMT"}})
        state.save_validators({"http://a/rss": {"etag": '"v2"', "last_modified": None}})
        assert state.get_validators(["http://a/rss", "http://a/map", "http://a/none"]) == {
            "http://a/rss": {"etag": '"v2"', "last_modified": None},
            "http://a/map": {"etag": None, "last_modified": "Fri, 27 Nov 2026 10:00:00 GMT"},
        }
        for n in range(3):
            state.record_run({"run_id": f"r{n}", "outlet": "nato", "started_at": NOW + timedelta(hours=n),
                              "finished_at": NOW + timedelta(hours=n, minutes=5), "status": "ok",
                              "counts": {"stored": n}, "alarms": []})
        state.record_run({"run_id": "k0", "outlet": "kyiv", "started_at": NOW, "finished_at": NOW,
                          "status": "alarm", "counts": {"stored": 0}, "alarms": [{"kind": "x", "message": "y"}]})
        recent = state.recent_runs("nato", 2)
        assert [r["run_id"] for r in recent] == ["r2", "r1"]
        assert recent[0]["finished_at"] == NOW + timedelta(hours=2, minutes=5)
        last = state.last_runs()
        assert {k: v["run_id"] for k, v in last.items()} == {"kyiv": "k0", "nato": "r2"}
    finally:
        state.close()


# --- end to end: real crawls of the mock site sharing one store ---------------------------------------

_NEW_STORY = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Poland opens new air defence base near Ukrainian border</title>
<meta property="article:published_time" content="{published}"></head>
<body><article><h1>Poland opens new air defence base near Ukrainian border</h1>
<p>Poland opened a new air defence base near its border with Ukraine on Friday, the defence ministry said, as NATO
allies step up protection of the supply routes that carry Western weapons to Kyiv.</p>
<p>The base will host Patriot batteries and short-range systems. Officials said it would also help to shoot down
Russian drones that stray into Polish airspace during attacks on western Ukraine.</p>
<p>The ministry said the base would be fully operational within weeks and staffed by Polish and allied troops.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def site():
    with MockNewsSite() as mock:
        yield mock


def _args(site):
    return {"feeds": ",".join(site.url(p) for p in ("/rss.xml", "/atom.xml", "/rdf.xml")),
            "sitemaps": site.url("/robots.txt")}


def _article_hits(site) -> int:
    return sum(site.hits[p] for p in (*EXPECTED_ARTICLES, "/go/grain-corridor", "/news/new-story"))


def test_second_run_is_conditional_and_third_fetches_only_what_is_new(site, tmp_path):
    first = run_crawl(tmp_path, args=_args(site))
    assert first.returncode == 0, first.log[-3000:]
    assert first.stat("newswatch/store/inserted") >= len(EXPECTED_ARTICLES) - 1
    articles_after_first = _article_hits(site)

    # Nothing changed: every feed and sitemap answers 304, no article is fetched again.
    second = run_crawl(tmp_path, args=_args(site))
    assert second.returncode == 0, second.log[-3000:]
    assert second.stat("newswatch/conditional/not_modified") == 4  # rss, atom, rdf, sitemap index
    assert sum(site.not_modified.values()) == 4
    assert _article_hits(site) == articles_after_first
    assert second.stat("downloader/request_count") < first.stat("downloader/request_count") / 2

    # The RSS feed gains one story (new ETag): with no refetch window only that story is fetched, the
    # stored ones are skipped by the batched store lookup (this crawl is a third process on the same store).
    published = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="seconds")
    site.routes["/news/new-story"] = lambda handler, base: (
        200, "text/html; charset=utf-8", _NEW_STORY.format(published=published).encode(), None)
    new_item = ("<item><title>Poland opens new air defence base</title><link>{{base}}/news/new-story</link>"
                "<pubDate>{{rfc822:1h}}</pubDate></item>\n</channel>")
    site.routes["/rss.xml"] = feed_route(_RSS.replace("</channel>", new_item), "application/rss+xml")
    before = {p: site.hits[p] for p in EXPECTED_ARTICLES}
    third = run_crawl(tmp_path, args=_args(site), env={"NEWSWATCH_REFETCH_HOURS": "0"})
    assert third.returncode == 0, third.log[-3000:]
    assert site.hits["/news/new-story"] == 1
    assert {p: site.hits[p] for p in EXPECTED_ARTICLES} == before
    assert third.stat("newswatch/incremental/new") >= 1
    # the stored nato-air-defence, kremlin-talks and cup-final (topic filter "tag" keeps sport)
    assert third.stat("newswatch/incremental/skipped_known") == 3
    assert third.stat("newswatch/store/inserted") == 1
    assert any(d["url"].endswith("/news/new-story") for d in third.stored())

    # Feeds fetched in full again, default 48 h window: the stored day-old stories are fetched again to
    # catch updates, and nothing is stored twice.
    before = site.hits["/news/nato-air-defence-ukraine"]
    fourth = run_crawl(tmp_path, args=_args(site), env={"NEWSWATCH_CONDITIONAL": "0"})
    assert fourth.returncode == 0, fourth.log[-3000:]
    assert site.hits["/news/nato-air-defence-ukraine"] == before + 1
    assert fourth.stat("newswatch/incremental/refetch_recent") >= 5
    assert fourth.stat("newswatch/store/inserted") == 0
