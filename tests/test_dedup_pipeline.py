"""DedupPipeline + StorePipeline over real stores (SQLite, MongoDB wire server): one document per story,
copies linked."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newswatch.dedup import registered_domain, story_id_for, url_key
from newswatch.items import Article
from newswatch.pipelines import DedupPipeline, StorePipeline
from newswatch.storage import open_store
from tests._mongo_server import (  # noqa: F401 - the *_fixture names register pytest fixtures
    nx_server_fixture,
    store_spec_fixture,
)

STORIES = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "bench" / "data" / "dedup" / "stories.yaml").read_text(encoding="utf-8")
)["events"]
NATO = STORIES[1]["stories"][0]
DAM = STORIES[2]["stories"][0]


def _body(story: dict, *, banner: str = "", lede: str = "lede", drop_last: int = 0) -> str:
    paragraphs = [story[lede], *story["paragraphs"]]
    paragraphs = paragraphs[: len(paragraphs) - drop_last]
    return "\n\n".join([*paragraphs, banner] if banner else paragraphs)


def _item(url: str, body: str, title: str = "t", canonical: str | None = None) -> Article:
    canonical = canonical or url
    return Article(url=url, canonical_url=canonical, url_key=url_key(url, canonical), source="feeds",
                   domain=registered_domain(canonical), title=title, body=body, word_count=len(body.split()))


def _store_settings(store_spec) -> dict:
    kwargs = store_spec.kwargs
    if "db_path" in kwargs:
        return {"NEWSWATCH_DB_PATH": str(kwargs["db_path"])}
    return {"MONGO_URI": kwargs["mongo_uri"], "MONGO_DATABASE": kwargs["mongo_database"],
            "MONGO_COLLECTION": kwargs["mongo_collection"]}


class Crawl:
    """The two pipelines as Scrapy runs them, with a store batch larger than the test, so nothing is
    written before close: copies must be caught in memory."""

    def __init__(self, store_spec, work: Path, batch: int = 100):
        self.crawler = get_crawler(settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0, "NEWSWATCH_STORE_BATCH_SIZE": batch,
                                                  "NEWSWATCH_SPILL_DIR": str(work / "spill"),
                                                  **_store_settings(store_spec)})
        self.dedup = DedupPipeline.from_crawler(self.crawler)
        self.store = StorePipeline.from_crawler(self.crawler)

    def __enter__(self):
        self.dedup.open_spider()
        self.store.open_spider()
        return self

    def __exit__(self, *exc):
        self.dedup.close_spider()
        self.store.close_spider()

    def feed(self, *items):
        return [asyncio.run(self.store.process_item(asyncio.run(self.dedup.process_item(item)))) for item in items]

    def stat(self, kind):
        return self.crawler.stats.get_value(f"newswatch/dedup/{kind}", 0)


def _stored(store_spec) -> dict[str, dict]:
    store = open_store(**store_spec.kwargs, environ={})
    try:
        return {doc["url_key"]: doc for doc in store.iter_articles()}
    finally:
        store.close()


def test_copies_in_one_batch_and_across_runs(store_spec, tmp_path):
    nato = _body(NATO)
    with Crawl(store_spec, tmp_path) as crawl:
        crawl.feed(
            _item("https://www.reuters.com/world/nato-ukraine-2023-07-11/?utm_source=rss", nato),
            # the same outlet's same text under an AMP URL and under a second slug
            _item("https://www.reuters.com/world/nato-ukraine-2023-07-11/?outputType=amp", nato),
            _item("https://www.reuters.com/world/europe/nato-ukraine-membership-2023-07-11/",
                  nato.replace('"', "\u201c")),
            # another outlet: exact, and edited (other lede, trimmed, own banner)
            _item("https://www.aljazeera.com/news/2023/7/11/nato-ukraine", nato),
            _item("https://kyivindependent.com/nato-ukraine-summit/",
                  _body(NATO, lede="alt_lede", drop_last=2, banner="Support independent journalism in Ukraine.")),
            _item("https://kyivindependent.com/kakhovka-dam/", _body(DAM)),
        )
        assert {k: crawl.stat(k) for k in ("new", "unchanged", "alias", "exact_copy", "near_copy")} == {
            "new": 2, "unchanged": 1, "alias": 1, "exact_copy": 1, "near_copy": 1}

    docs = _stored(store_spec)
    root = "reuters.com/world/nato-ukraine-2023-07-11"
    assert set(docs) == {root, "aljazeera.com/news/2023/7/11/nato-ukraine", "kyivindependent.com/nato-ukraine-summit",
                         "kyivindependent.com/kakhovka-dam"}
    assert docs[root]["urls"] == [
        "https://www.reuters.com/world/nato-ukraine-2023-07-11/?utm_source=rss",
        "https://www.reuters.com/world/nato-ukraine-2023-07-11/?outputType=amp",
        "https://www.reuters.com/world/europe/nato-ukraine-membership-2023-07-11/",
    ]
    assert docs[root]["revision"] == 1 and docs[root]["duplicate_of"] is None and not docs[root]["syndicated"]
    for key in ("aljazeera.com/news/2023/7/11/nato-ukraine", "kyivindependent.com/nato-ukraine-summit"):
        assert docs[key]["duplicate_of"] == root and docs[key]["syndicated"] is True
        assert docs[key]["story_id"] == docs[root]["story_id"] == story_id_for(root)
    assert docs["kyivindependent.com/kakhovka-dam"]["story_id"] != docs[root]["story_id"]
    # 64 LSH bands, and the key of its url_key that a language edition naming it would share (_editions: "fa")
    bands = docs[root]["fingerprints"]["bands"]
    assert len([b for b in bands if not b.startswith("fa")]) == 64 and len(bands) == 65

    # next run: the store alone knows these articles; a late copy links to the first-seen one
    with Crawl(store_spec, tmp_path) as crawl:
        crawl.feed(
            _item("https://www.reuters.com/world/nato-ukraine-2023-07-11/", nato),
            _item("https://www.euronews.com/2023/07/11/nato-ukraine", _body(NATO, drop_last=1, banner="Share this")),
            _item("https://kyivindependent.com/kakhovka-dam/?fbclid=x",
                  _body(DAM) + "\n\nUpdate: 2,000 homes flooded."),
        )
        assert (crawl.stat("unchanged"), crawl.stat("near_copy"), crawl.stat("revised"), crawl.stat("new")) == (
            1, 1, 1, 0)
    docs = _stored(store_spec)
    assert len(docs) == 5
    assert docs["euronews.com/2023/07/11/nato-ukraine"]["duplicate_of"] == root
    assert docs["kyivindependent.com/kakhovka-dam"]["revision"] == 2
    assert docs[root]["revision"] == 1


def test_store_down_still_dedups_within_the_run(tmp_path):
    (tmp_path / "locked").mkdir()
    # The store path is a directory: it cannot be opened.
    crawler = get_crawler(settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0, "NEWSWATCH_DB_PATH": str(tmp_path / "locked")})
    pipeline = DedupPipeline.from_crawler(crawler)
    pipeline.open_spider()
    assert pipeline.store is None
    first = asyncio.run(pipeline.process_item(_item("https://www.reuters.com/a", _body(DAM))))
    second = asyncio.run(pipeline.process_item(_item("https://apnews.com/article/b", _body(DAM, banner="(AP)"))))
    assert second["duplicate_of"] == first["url_key"] and second["story_id"] == first["story_id"]
    pipeline.close_spider()


def test_memory_too_small_for_a_store_batch_is_raised(tmp_path, caplog):
    """Copies still waiting in the store's buffer are found only in the run's memory: a memory smaller than a
    batch would let a copy through, so it is raised to cover two batches."""
    (tmp_path / "locked").mkdir()
    crawler = get_crawler(settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0, "NEWSWATCH_DB_PATH": str(tmp_path / "locked"),
                                         "NEWSWATCH_DEDUP_RECENT": 1, "NEWSWATCH_STORE_BATCH_SIZE": 5})
    with caplog.at_level("WARNING", logger="newswatch.pipelines"):
        pipeline = DedupPipeline.from_crawler(crawler)
    assert "NEWSWATCH_DEDUP_RECENT=1 does not cover two store batches" in caplog.text
    pipeline.open_spider()
    first = asyncio.run(pipeline.process_item(_item("https://www.reuters.com/a", _body(DAM))))
    for n, story in enumerate(STORIES[3:6]):
        asyncio.run(pipeline.process_item(_item(f"https://example.org/{n}", _body(story["stories"][0]))))
    copy = asyncio.run(pipeline.process_item(_item("https://apnews.com/article/b", _body(DAM, banner="(AP)"))))
    assert copy["duplicate_of"] == first["url_key"]
    pipeline.close_spider()


def test_switch_off():
    with pytest.raises(NotConfigured):
        DedupPipeline.from_crawler(get_crawler(settings_dict={"NEWSWATCH_DEDUP": False}))


def test_fingerprints_made_on_the_worker_are_used_only_for_the_body_they_were_made_of(tmp_path):
    from newswatch import _steps
    from newswatch.dedup import fingerprints, with_edition

    (tmp_path / "locked").mkdir()  # no store: this run's memory only
    crawler = get_crawler(settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0, "NEWSWATCH_DB_PATH": str(tmp_path / "locked")})
    pipeline = DedupPipeline.from_crawler(crawler)
    items = [_item("https://www.reuters.com/a", _body(DAM)), _item("https://example.org/b", _body(NATO))]
    for item in items:
        item._newswatch_steps = _steps.run_steps(item, (_steps.fingerprints_step(),))
    items[1]["body"] = _body(NATO, drop_last=2)  # edited after the worker fingerprinted it
    out = [asyncio.run(pipeline.process_item(item)) for item in items]
    # the worker's fingerprints completed with the page's edition (its lookup keys added to the bands; no link)
    expected = [with_edition(fingerprints(body), body, key=item["url_key"], domain=item["domain"])
                for body, item in ((_body(DAM), items[0]), (_body(NATO, drop_last=2), items[1]))]
    assert [o["fingerprints"] for o in out] == [
        {**fp, "edition": {**fp["edition"], "translation_of": None}} for fp in expected]
    assert crawler.stats.get_value("newswatch/steps/recomputed/fingerprints") == 1
    assert all(item._newswatch_steps == {} for item in items)
