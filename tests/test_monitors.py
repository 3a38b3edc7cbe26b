"""Crawl health: counts, alarms, the webhook and crawl_runs, on real crawls of the mock site."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newswatch.cli import main as newswatch_main
from newswatch.monitors import (
    ERROR_RATE,
    FIELD_COVERAGE,
    FINISH_REASON,
    ITEM_ERRORS,
    NO_NEW_ARTICLES,
    STORE_UNAVAILABLE,
    Limits,
    check_run,
    run_counts,
)
from newswatch.state import open_state
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, feed_route

HEALTHY = {"requests": 20, "error_count": 1, "items": 10, "stored": 4,
           "coverage": {"title": 1.0, "body": 1.0, "published_at": 0.96}}


def _kinds(alarms) -> set[str]:
    return {a.kind for a in alarms}


def test_run_counts_from_crawl_stats():
    stats = {"downloader/request_count": 12, "newswatch/article/parsed": 6, "newswatch/store/inserted": 3,
             "newswatch/store/updated": 1, "newswatch/dropped/too_short": 2, "newswatch/topics/dropped/off_topic": 1,
             "newswatch/fetch/error/http_404": 2, "newswatch/fetch/error/TimeoutError": 1,
             "spider_exceptions/KeyError": 1, "newswatch/dedup/near_copy": 1, "newswatch/dedup/new": 3,
             "newswatch/coverage/items": 4, "newswatch/coverage/title": 4, "newswatch/coverage/body": 3,
             "newswatch/conditional/not_modified": 2, "newswatch/discovery/entries/rss": 7, "finish_reason": "finished"}
    counts = run_counts(stats)
    assert counts["requests"] == 12 and counts["fetched"] == 6 and counts["stored"] == 3 and counts["updated"] == 1
    assert counts["dropped"] == {"too_short": 2, "off_topic": 1}
    assert counts["errors"] == {"http_404": 2, "TimeoutError": 1, "spider_exception/KeyError": 1}
    assert counts["error_count"] == 4 and counts["duplicates"] == 1 and counts["not_modified"] == 2
    assert counts["entries"] == 7
    assert counts["coverage"] == {"title": 1.0, "body": 0.75, "published_at": 0.0}
    assert run_counts({})["coverage"] == {"title": None, "body": None, "published_at": None}


def test_healthy_run_raises_no_alarm_but_every_fault_does():
    history = [{"counts": {"stored": n}} for n in (3, 5, 2)]
    assert check_run(HEALTHY, "finished", history) == []
    assert _kinds(check_run(HEALTHY, "shutdown", history)) == {FINISH_REASON}
    assert _kinds(check_run({**HEALTHY, "stored": 0}, "finished", history)) == {NO_NEW_ARTICLES}
    low = {**HEALTHY, "coverage": {"title": 1.0, "body": 0.5, "published_at": 0.94}}
    [alarm] = check_run(low, "finished", history)
    assert alarm.kind == FIELD_COVERAGE and "body 50%" in alarm.message and "published_at 94%" in alarm.message
    assert _kinds(check_run({**HEALTHY, "error_count": 5}, "finished", history)) == {ERROR_RATE}
    assert check_run({**HEALTHY, "error_count": 4}, "finished", history) == []  # exactly 20% is allowed


def test_no_new_articles_needs_an_outlet_that_usually_has_some():
    quiet = {**HEALTHY, "stored": 0}
    assert check_run(quiet, "finished", [{"counts": {"stored": 0}}] * 4 + [{"counts": {"stored": 9}}]) == []
    assert check_run(quiet, "finished", [{"counts": {"stored": 2}}] * 2) == []  # too little history
    assert _kinds(check_run(quiet, "finished", [{"counts": {"stored": 2}}] * 2, Limits(min_history=2))) == {
        NO_NEW_ARTICLES}
    # a brand-new outlet whose first run produced nothing at all is broken
    assert _kinds(check_run({"requests": 3, "items": 0, "stored": 0}, "finished", [])) == {NO_NEW_ARTICLES}


def test_database_out_of_reach_or_articles_left_spilled_is_an_alarm():
    history = [{"counts": {"stored": n}} for n in (3, 5, 2)]
    [alarm] = check_run(HEALTHY, "finished", None)  # the run's own record cannot be read or written
    assert alarm.kind == STORE_UNAVAILABLE and "unreachable" in alarm.message
    [alarm] = check_run({**HEALTHY, "unstored": 7}, "finished", history)
    assert alarm.kind == STORE_UNAVAILABLE and alarm.message.startswith("7 article(s) are not in the database")
    # without its history a quiet run is not judged "no news": the database alarm says what is wrong
    assert _kinds(check_run({"requests": 3, "items": 0, "stored": 0}, "finished", None)) == {STORE_UNAVAILABLE}
    assert run_counts({"newswatch/store/unstored": 7})["unstored"] == 7


def test_articles_failing_in_a_pipeline_are_an_alarm():
    counts = run_counts({"newswatch/item_error/OSError": 2, "newswatch/item_error/KeyError": 1})
    assert counts["item_errors"] == {"OSError": 2, "KeyError": 1} and counts["error_count"] == 0
    [alarm] = check_run({**HEALTHY, "item_errors": counts["item_errors"]}, "finished", [{"counts": {"stored": 3}}])
    assert alarm.kind == ITEM_ERRORS and alarm.message.startswith("3 article(s) failed in the item pipelines")
    assert "(OSError x2, KeyError x1)" in alarm.message


# --- end to end ----------------------------------------------------------------------------------------

class _Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.posts: list[tuple[float, dict]] = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.posts.append((time.monotonic(), json.loads(body)))
                self.send_response(204)
                self.end_headers()

        receiver = self
        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/hooks/newswatch"


@pytest.fixture
def receiver():
    server = _Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


_EMPTY_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Mock Herald</title><link>{{base}}/</link></channel></rss>
"""
_LINKS_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Mock Herald</title><link>{{base}}/</link>
%s</channel></rss>
"""
# What a redesigned, script-rendered article page looks like to a plain HTTP crawler: no text at all.
_SHELL_PAGE = (b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title>'
               b'<script src="/app.js"></script></head><body><div id="root"></div></body></html>')


def _status_output(capsys, db_path) -> tuple[int, str]:
    capsys.readouterr()
    rc = newswatch_main(["status", "--db-path", str(db_path)])
    return rc, capsys.readouterr().out


def test_feed_that_stops_listing_news_raises_an_alarm(receiver, tmp_path, capsys):
    env = {"NEWSWATCH_ALERT_WEBHOOK": receiver.url, "NEWSWATCH_MONITOR_MIN_HISTORY": "1",
           "NEWSWATCH_ALARM_EXIT_STATUS": ""}  # the default: 1 on an alarm
    with MockNewsSite() as site:
        healthy = run_crawl(tmp_path, args={"feeds": site.url("/rss.xml")}, env=env)
        assert healthy.returncode == 0, healthy.log[-3000:]
        assert healthy.stat("newswatch/store/inserted") >= 2
        assert receiver.posts == []

        broken_at = time.monotonic()
        site.routes["/rss.xml"] = feed_route(_EMPTY_RSS, "application/rss+xml")
        broken = run_crawl(tmp_path, args={"feeds": site.url("/rss.xml")}, env=env)
    assert broken.returncode == 1, broken.log[-3000:]
    [(arrived, payload)] = receiver.posts
    assert [a["kind"] for a in payload["alarms"]] == [NO_NEW_ARTICLES]
    assert payload["outlet"] == "feeds" and "newswatch: feeds: [no_new_articles]" in payload["text"]
    assert payload["run_id"] and payload["counts"]["stored"] == 0
    print(f"\nfeed broken -> alarm at the webhook: {arrived - broken_at:.1f}s")
    assert "ALARM feeds [no_new_articles]" in broken.log

    state = open_state(db_path=broken.db_path)
    try:
        [last, first] = state.recent_runs("feeds", 5)
    finally:
        state.close()
    assert first["status"] == "ok" and last["status"] == "alarm" and last["run_id"] == payload["run_id"]
    assert last["finish_reason"] == "finished" and last["counts"]["stored"] == 0

    rc, out = _status_output(capsys, broken.db_path)
    assert rc == 1
    assert "feeds" in out and "alarm" in out and "ALARM no_new_articles" in out


def test_pages_without_body_and_dead_links_raise_coverage_and_error_rate_alarms(receiver, tmp_path):
    with MockNewsSite() as site:
        links = []
        for n in range(3):
            path = f"/news/redesign-{n}"
            title = f"Story {n} after the redesign".encode()
            site.routes[path] = lambda handler, base, title=title: (200, "text/html; charset=utf-8",
                                                                    _SHELL_PAGE % title, None)
            links.append(path)
        links += ["/news/gone-1", "/news/gone-2"]  # 404s
        items = "".join(f"<item><title>{p}</title><link>{{{{base}}}}{p}</link><pubDate>{{{{rfc822:2h}}}}</pubDate>"
                        f"</item>\n" for p in links)
        site.routes["/rss.xml"] = feed_route(_LINKS_RSS % items, "application/rss+xml")
        run = run_crawl(tmp_path, args={"feeds": site.url("/rss.xml")},
                        env={"NEWSWATCH_ALERT_WEBHOOK": receiver.url}, settings={"RETRY_TIMES": "0"})
    assert run.returncode == 0, run.log[-3000:]
    [(_, payload)] = receiver.posts
    kinds = {a["kind"] for a in payload["alarms"]}
    assert kinds == {FIELD_COVERAGE, ERROR_RATE}, payload
    coverage = next(a for a in payload["alarms"] if a["kind"] == FIELD_COVERAGE)
    assert "body 0%" in coverage["message"]
    assert payload["counts"]["dropped"] == {"no_body": 3}


def test_interrupted_crawl_is_a_failed_run(tmp_path, capsys):
    with MockNewsSite() as site:
        run = run_crawl(tmp_path, args={"feeds": site.url("/rss.xml")}, settings={"CLOSESPIDER_ITEMCOUNT": "1",
                                                                                   "CONCURRENT_REQUESTS": "1"})
    assert run.stats["finish_reason"] == "closespider_itemcount"
    state = open_state(db_path=run.db_path)
    try:
        [doc] = state.recent_runs("feeds")
    finally:
        state.close()
    assert doc["status"] == "failed"
    assert [a["kind"] for a in doc["alarms"]] == [FINISH_REASON]
    rc, out = _status_output(capsys, run.db_path)
    assert rc == 1 and "failed (closespider_itemcount)" in out


def test_run_record_never_holds_the_mongo_password(monkeypatch):
    from scrapy.utils.test import get_crawler

    from newswatch.extensions import RunRecorder
    from newswatch.spiders.feeds import FeedsSpider

    monkeypatch.setenv("NEWSWATCH_MONGO_TIMEOUT_MS", "100")
    crawler = get_crawler(FeedsSpider, {"MONGO_URI": "mongodb://analyst:s3cr%40t-pw@127.0.0.1:9/?authSource=admin",
                                        "MONGO_DATABASE": "newswatch"})
    crawler.spider = FeedsSpider.from_crawler(crawler, feeds="http://127.0.0.1:9/rss.xml")
    crawler.stats.set_value("finish_reason", "finished")
    doc = RunRecorder(crawler).document(crawler.spider, "finished")
    text = json.dumps(doc, default=str)
    assert "s3cr" not in text and "pw@" not in text
    assert doc["store"] == "mongodb://analyst:***@127.0.0.1:9/newswatch"


def test_a_crawl_that_reached_nothing_is_an_error_rate_alarm_however_many_retries_it_made():
    # No network: the feed's request was tried 3 times (and robots.txt too), one error was counted, no response.
    counts = {"requests": 8, "responses": 0, "error_count": 1, "errors": {"dns": 1}, "items": 0, "stored": 0}
    assert ERROR_RATE in _kinds(check_run(counts, "finished", []))
    healthy = {**counts, "responses": 40, "requests": 47}
    assert ERROR_RATE not in _kinds(check_run(healthy, "finished", []))
    # Dead links: each 404 is a response and an error, counted once.
    dead = {**counts, "responses": 10, "requests": 10, "error_count": 4, "errors": {"http_404": 4}}
    assert "4 fetch error(s) in 10 request(s)" in " ".join(a.message for a in check_run(dead, "finished", []))
