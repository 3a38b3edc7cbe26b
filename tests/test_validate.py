"""ValidatePipeline on realistic items: what is dropped, and why."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newswatch.items import Article
from newswatch.pipelines import ValidatePipeline

LEDE = ("Ukrainian President Volodymyr Zelensky on Thursday pressed NATO to invite Ukraine to join the military "
        "alliance, while also calling for more shipments of fighter jets and long-range weapons.")


def _item(body: str, **fields) -> Article:
    return Article(url="https://www.themoscowtimes.com/2023/04/20/a", url_key="themoscowtimes.com/2023/04/20/a",
                   title="Zelensky Presses NATO on Membership", body=body, word_count=len(body.split()), **fields)


@pytest.fixture
def pipeline():
    crawler = get_crawler(settings_dict={"NEWSWATCH_MIN_WORDS": 40, "NEWSWATCH_MIN_TEASER_WORDS": 15})
    return ValidatePipeline.from_crawler(crawler), crawler.stats


def test_full_article_passes(pipeline):
    validate, stats = pipeline
    item = _item("\n\n".join([LEDE] * 3))
    assert validate.process_item(item) is item
    assert stats.get_value("newswatch/validated") == 1


def test_paywalled_teaser_is_kept_but_a_loading_shell_is_not(pipeline):
    validate, stats = pipeline
    teaser = _item(LEDE, paywalled=True)
    assert validate.process_item(teaser) is teaser
    with pytest.raises(DropItem, match="too_short"):
        validate.process_item(_item("Newsroom World Europe Loading…", paywalled=True))
    assert stats.get_value("newswatch/dropped/too_short") == 1


@pytest.mark.parametrize(("fields", "reason"), [
    ({"title": None}, "no_title"),
    ({"body": ""}, "no_body"),
    ({"url_key": None}, "no_url"),
])
def test_missing_essentials_are_dropped_with_a_reason(pipeline, fields, reason):
    validate, stats = pipeline
    item = _item("\n\n".join([LEDE] * 3))
    item.update(fields)
    with pytest.raises(DropItem, match=reason):
        validate.process_item(item)
    assert stats.get_value(f"newswatch/dropped/{reason}") == 1


BRIEF = ("Унаслідок російських обстрілів на Харківщині знеструмлено понад 20 тисяч абонентів, повідомили в обласній "
         "адміністрації. Найбільше постраждали Чугуївська та Куп'янська громади. Енергетики працюють над відновленням.")


def test_a_dated_brief_is_kept_and_counted_an_undated_one_is_not(pipeline):
    validate, stats = pipeline
    assert 20 <= len(BRIEF.split()) < 40
    brief = _item(BRIEF, published_at="2026-11-25T21:45:00+02:00")
    assert validate.process_item(brief) is brief
    assert stats.get_value("newswatch/validated/brief") == 1
    with pytest.raises(DropItem, match="too_short"):
        validate.process_item(_item(BRIEF))
    with pytest.raises(DropItem, match="too_short"):  # a dated video stub: a caption, not a story
        validate.process_item(_item("Watch: Zelensky speaks in Brussels. Video, 2 min.",
                                    published_at="2026-11-25T21:45:00+02:00"))
    assert stats.get_value("newswatch/dropped/too_short") == 2
    assert stats.get_value("newswatch/validated/brief") == 1
