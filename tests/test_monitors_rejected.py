"""The ``store_rejected`` alarm (newswatch/monitors.py): an article the database refuses for good is set aside in
``rejected-<pid>.jsonl`` and never retried, so the crawl must say so (log, crawl_runs, exit status 1).
A real ``scrapy crawl`` of the mock site into the real SQLite store; the one refused article carries an integer
SQLite cannot hold (2**70), as a document with a value out of the database's range would."""

from __future__ import annotations

import json

from newswatch.monitors import STORE_REJECTED, check_run, run_counts
from newswatch.settings import ITEM_PIPELINES
from newswatch.state import open_state
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite


class OutOfRangeStoryId:
    """Item pipeline (between dedup and the store): the first article gets a story_id no database integer holds."""

    poisoned = None

    def process_item(self, item):
        if OutOfRangeStoryId.poisoned is None:
            OutOfRangeStoryId.poisoned = item["url"]
            item["story_id"] = 2**70
        return item


def test_counts_and_check_run_raise_the_alarm_for_a_rejected_article():
    counts = run_counts({"newswatch/store/rejected": 2, "newswatch/store/inserted": 5})
    assert counts["rejected"] == 2 and run_counts({})["rejected"] == 0
    healthy = {"requests": 10, "items": 5, "stored": 5, "coverage": {"title": 1.0, "body": 1.0, "published_at": 1.0}}
    assert check_run({**healthy, "rejected": 0}, "finished", []) == []
    [alarm] = check_run({**healthy, "rejected": 2}, "finished", [])
    assert alarm.kind == STORE_REJECTED and alarm.message.startswith("2 article(s) were refused by the database")


def test_a_crawl_whose_article_the_database_refuses_raises_the_alarm_and_exits_1(tmp_path):
    pipelines = {**ITEM_PIPELINES, f"{__name__}.OutOfRangeStoryId": 850}
    with MockNewsSite() as site:
        run = run_crawl(tmp_path, args={"feeds": site.url("/rss.xml")}, env={"NEWSWATCH_ALARM_EXIT_STATUS": ""},
                        settings={"ITEM_PIPELINES": json.dumps(pipelines)})

    assert run.returncode == 1, run.log[-3000:]
    assert run.stat("newswatch/store/rejected") == 1
    assert run.stat("newswatch/store/inserted") >= 1  # the others are stored: one bad article costs only itself
    assert "ALARM feeds [store_rejected]: 1 article(s) were refused by the database" in run.log
    [line] = next((tmp_path / "spill").glob("rejected-*.jsonl")).read_text().splitlines()
    refused = json.loads(line)["doc"]["url"]
    assert refused not in {doc["url"] for doc in run.stored()}
    state = open_state(db_path=run.db_path)
    try:
        [last] = state.recent_runs("feeds", 1)
    finally:
        state.close()
    assert last["status"] == "alarm" and [a["kind"] for a in last["alarms"]] == [STORE_REJECTED]
