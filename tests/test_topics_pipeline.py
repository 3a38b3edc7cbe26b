"""TopicsPipeline: the Scrapy shell over newswatch.topics (drop | tag, threshold override, stats)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from newswatch.extract import extract_article
from newswatch.items import Article
from newswatch.pipelines import TopicsPipeline

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / ".." / "shared" / "datasets"
MOCK_PAGES = ROOT / "tests" / "mocksite" / "pages"


def pipeline(**settings) -> tuple[TopicsPipeline, object]:
    crawler = get_crawler(settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0, **settings})
    crawler.stats.open_spider()
    return TopicsPipeline.from_crawler(crawler), crawler.stats


def on_topic() -> Article:
    body = (DATASETS / "seed" / "moscowtimes-expected-body.txt").read_text("utf-8")
    return Article(url="https://www.themoscowtimes.com/a80890", language="en", body=body,
                   title="Zelensky Presses NATO on Membership, Long-Range Weapons", description=None)


def off_topic() -> Article:
    page = DATASETS / "readability-news" / "nytimes-2" / "source.html"
    fields = extract_article(page.read_bytes())
    return Article(url="https://www.nytimes.com/yahoo-verizon", title=fields["title"], body=fields["body"],
                   description=fields["description"], language=fields["language"])


def test_drop_mode_keeps_on_topic_items_with_scores_and_counts_them():
    topics, stats = pipeline()
    item = asyncio.run(topics.process_item(on_topic()))
    assert item["topic_names"] == ["nato", "russia", "ukraine"]
    assert set(item["topics"]) == {"nato", "russia", "ukraine"}
    assert item["topics"]["nato"]["terms"][0] == "NATO"
    assert all(item["topics"][t]["score"] >= 6.5 for t in item["topic_names"])
    assert stats.get_value("newswatch/topics/kept") == 1
    assert stats.get_value("newswatch/topics/matched/nato") == 1
    assert stats.get_value("newswatch/topics/matched/ukraine") == 1
    assert stats.get_value("newswatch/topics/dropped/off_topic") is None


def test_drop_mode_drops_an_off_topic_real_page_with_a_reason():
    topics, stats = pipeline(NEWSWATCH_TOPIC_FILTER="drop")
    with pytest.raises(DropItem, match=r"^off_topic \(closest: \w+ [\d.]+/6.5\): https://www.nytimes.com/"):
        asyncio.run(topics.process_item(off_topic()))
    assert stats.get_value("newswatch/topics/dropped/off_topic") == 1
    assert stats.get_value("newswatch/topics/kept") is None


def test_tag_mode_keeps_everything_with_scores():
    topics, stats = pipeline(NEWSWATCH_TOPIC_FILTER="tag")
    item = asyncio.run(topics.process_item(off_topic()))
    assert item["topic_names"] == []
    assert set(item["topics"]) == {"nato", "russia", "ukraine"}
    assert stats.get_value("newswatch/topics/off_topic") == 1
    assert stats.get_value("newswatch/topics/dropped/off_topic") is None
    asyncio.run(topics.process_item(on_topic()))
    assert stats.get_value("newswatch/topics/kept") == 1


def test_global_threshold_override():
    strict, _ = pipeline(NEWSWATCH_TOPIC_THRESHOLD="1000")
    with pytest.raises(DropItem):
        asyncio.run(strict.process_item(on_topic()))
    lenient, _ = pipeline(NEWSWATCH_TOPIC_THRESHOLD="0.5", NEWSWATCH_TOPIC_FILTER="tag")
    odesa = Article(url="u", title="Odesa", body="Weather in Odesa is mild.", language="en")
    item = asyncio.run(lenient.process_item(odesa))
    assert item["topic_names"] == ["ukraine"]


def test_mock_site_pages_in_three_languages_are_kept():
    topics, stats = pipeline()
    names = ("nato-summit-kyiv.html", "kremlin-og-only.html", "ru-cp1251.html", "uk-news-sitemap.html")
    pages = [MOCK_PAGES / name for name in names]
    for page in pages:
        fields = extract_article(page.read_bytes())
        item = Article(url=page.name, title=fields["title"], body=fields["body"],
                       description=fields["description"], language=fields["language"])
        assert asyncio.run(topics.process_item(item))["topic_names"], page.name
    assert stats.get_value("newswatch/topics/kept") == len(pages)


def test_settings_off_and_invalid():
    with pytest.raises(NotConfigured):
        pipeline(NEWSWATCH_TOPIC_FILTER="off")
    with pytest.raises(ValueError, match="NEWSWATCH_TOPIC_FILTER"):
        pipeline(NEWSWATCH_TOPIC_FILTER="keep-some")
    with pytest.raises(ValueError, match="NEWSWATCH_TOPIC_THRESHOLD"):
        pipeline(NEWSWATCH_TOPIC_THRESHOLD="high")


def test_the_workers_match_is_taken_only_when_made_from_the_same_inputs():
    """Folded into extraction (newswatch._steps), the match rides on the item; a pipeline whose inputs differ
    (here: its own threshold) matches again."""
    from newswatch import _steps

    def with_worker_match() -> Article:
        item = on_topic()
        item._newswatch_steps = _steps.run_steps(item, (_steps.topics_step(None, drops=True),))
        return item

    topics, stats = pipeline()
    item = asyncio.run(topics.process_item(with_worker_match()))
    assert item["topic_names"] == ["nato", "russia", "ukraine"] and item._newswatch_steps == {}  # taken
    assert stats.get_value("newswatch/time/match_topics") > 0
    assert stats.get_value("newswatch/steps/recomputed/match_topics") is None
    strict, stats = pipeline(NEWSWATCH_TOPIC_THRESHOLD="1000")
    with pytest.raises(DropItem):
        asyncio.run(strict.process_item(with_worker_match()))
    assert stats.get_value("newswatch/steps/recomputed/match_topics") == 1
