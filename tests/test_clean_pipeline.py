"""CleanPipeline: the Scrapy shell over newswatch.clean."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from newswatch.clean import clean_tree
from newswatch.extract import extract_body, extract_metadata, parse_html
from newswatch.items import Article
from newswatch.pipelines import CleanPipeline

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / ".." / "shared" / "datasets" / "seed"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean"
URL = "https://www.themoscowtimes.com/2023/04/20/zelensky-presses-nato-on-membership-long-range-weapons-a80890"


def pipeline(**settings) -> tuple[CleanPipeline, object]:
    crawler = get_crawler(settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0, **settings})
    crawler.stats.open_spider()
    return CleanPipeline.from_crawler(crawler), crawler.stats


def spider_item(html: str, source: str = "moscowtimes") -> Article:
    """The item as the spider builds it: HTML-level cleaning done, its audit in ``cleaning``."""
    from newswatch.clean import site_rules_for

    tree = parse_html(html)
    meta = extract_metadata(tree, URL)
    report = clean_tree(tree, site_rules_for(source))
    body = extract_body(tree, URL, article_body=meta.get("article_body"))
    return Article(url=URL, source=source, title=meta["title"], language="en", body=body,
                   word_count=len(body.split()), cleaning=report.to_dict(), paywalled=bool(meta.get("paywalled_hint")))


def test_pipeline_cleans_body_merges_audit_and_counts_stats():
    clean, stats = pipeline()
    item = spider_item((FIXTURES / "moscowtimes.html").read_text(encoding="utf-8"))
    html_rules = dict(item["cleaning"]["rules"])
    out = asyncio.run(clean.process_item(item))
    expected = (SEED / "moscowtimes-expected-body.txt").read_text(encoding="utf-8").strip()
    assert out["body"] == expected
    assert out["word_count"] == len(expected.split())
    assert out["paywalled"] is False
    assert out["cleaning"]["rules"] == {**html_rules, "site:phrase": 91}
    assert out["cleaning"]["chars_removed"] == sum(out["cleaning"]["rules"].values())
    assert stats.get_value("newswatch/clean/removed/site:phrase") == 91
    assert stats.get_value("newswatch/clean/removed/site:remove") == html_rules["site:remove"]
    assert stats.get_value("newswatch/clean/items") == 1
    assert stats.get_value("newswatch/clean/paywalled") is None


def test_pipeline_flags_paywall_and_keeps_teaser():
    clean, stats = pipeline()
    teaser = ("Russia plans to spend almost a third of its federal budget on defence next year, according to "
              "draft figures published on Friday.")
    item = Article(url=URL, source="unknown_outlet", title="War budget", language="en",
                   body=f"{teaser}\n\nSubscribe to continue reading\n\nAlready a subscriber? Log in",
                   cleaning=None, paywalled=False)
    out = asyncio.run(clean.process_item(item))
    assert out["body"] == teaser and out["paywalled"] is True
    assert out["cleaning"]["rules"] == {"en:paywall": 57}
    assert stats.get_value("newswatch/clean/paywalled") == 1


def test_pipeline_drops_banner_only_pages():
    clean, stats = pipeline()
    item = Article(url=URL, source="moscowtimes", title="Support us", language="en",
                   body="Support us\n\nDonate now\n\nSign up for our free weekly newsletter", cleaning={})
    with pytest.raises(DropItem, match="empty_after_cleaning"):
        asyncio.run(clean.process_item(item))
    assert stats.get_value("newswatch/dropped/empty_after_cleaning") == 1


def test_pipeline_can_be_switched_off():
    with pytest.raises(NotConfigured):
        pipeline(NEWSWATCH_CLEAN=False)


def test_the_workers_cleaning_is_taken_only_when_made_from_the_same_inputs():
    """Folded into extraction (newswatch._steps), the cleaning rides on the item; an input changed since
    (here: the paywall hint) makes the pipeline clean again."""
    from newswatch import _steps

    html = (FIXTURES / "moscowtimes.html").read_text(encoding="utf-8")

    def with_worker_cleaning() -> Article:
        item = spider_item(html)
        item._newswatch_steps = _steps.run_steps(item, (_steps.clean_step(),))
        return item

    plain = asyncio.run(pipeline()[0].process_item(spider_item(html)))
    clean, stats = pipeline()
    taken = asyncio.run(clean.process_item(with_worker_cleaning()))
    assert dict(taken) == dict(plain) and taken._newswatch_steps == {}
    assert stats.get_value("newswatch/steps/recomputed/clean_body") is None
    changed = with_worker_cleaning()
    changed["paywalled"] = True  # e.g. the outlet's spider knows the story is locked
    assert asyncio.run(clean.process_item(changed))["paywalled"] is True
    assert stats.get_value("newswatch/steps/recomputed/clean_body") == 1
