"""holdout12 (bench/data/dedup/holdout12_pairs.yaml, written after the eleventh round's rules were committed, scored
once: two false links, an outlet's night round-up carrying its flash word for word taken for the flash's update, and
one alert notice posted word for word on two nights taken for one article under two URLs): every pair with the
decision a careful analyst expects, and the two fixes at their edges."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from newswatch.dedup import ALIAS, NEAR_COPY, NEW, decide
from newswatch.dedup._flash import WINDOW_MINUTES
from tests._dedup_sets import pair_test
from tests.test_dedup_holdout7 import _bench, played

SET = "holdout12_pairs.yaml"


test_holdout12_pair = pair_test(SET)


def _doc(pair_id: str, side: str) -> dict:
    pair, _, _ = played(SET)[pair_id]
    return dict(pair[side])


def _article(doc: dict) -> dict:
    bench = _bench()
    return bench.as_article(doc, bench.NEAR_PARAMS)


def _paragraphs(doc: dict) -> list[str]:
    return [p for p in doc["body"].strip().split("\n\n") if p.strip()]


@pytest.mark.parametrize("where, linked", [("first", True), ("last", True), ("second", False),
                                           ("second to last", False)])
def test_a_flash_is_an_update_s_first_or_last_paragraph_not_one_in_between(where, linked):
    flash_doc, roundup = _doc("h12-flash-in-roundup", "a"), _doc("h12-flash-in-roundup", "b")
    others = [p for p in _paragraphs(roundup) if p.strip() != flash_doc["body"].strip()]
    at = {"first": 0, "last": len(others), "second": 1, "second to last": len(others) - 1}[where]
    body = "\n\n".join([*others[:at], flash_doc["body"].strip(), *others[at:]])
    later = _article(dict(roundup, body=body))
    flash = _article(flash_doc)
    assert _bench().is_candidate(later, flash)
    assert decide(later, [flash])["kind"] == (NEAR_COPY if linked else NEW)


@pytest.mark.parametrize("minutes, kind", [(0, ALIAS), (30, ALIAS), (WINDOW_MINUTES, ALIAS),
                                           (WINDOW_MINUTES + 60, NEW), (24 * 60, NEW)])
def test_a_short_notice_word_for_word_is_one_article_the_same_night_another_one_the_next(minutes, kind):
    first_doc, again_doc = _doc("h12-alert-next-night", "a"), _doc("h12-alert-next-night", "b")
    published = datetime.fromisoformat(first_doc["published_at"]) + timedelta(minutes=minutes)
    again = _article(dict(again_doc, published_at=published.isoformat()))
    assert decide(again, [_article(first_doc)])["kind"] == kind


def test_a_long_story_republished_the_next_day_is_still_one_story():
    # the repeat rule is for short bodies only (no signature): an outlet's story posted again under a new URL a day
    # later keeps being that story
    story = _doc("h12-corrected-new-url", "a")
    published = datetime.fromisoformat(story["published_at"]) + timedelta(days=1)
    again = _article(dict(story, url=story["url"].rstrip("/") + "-3/", published_at=published.isoformat()))
    assert decide(again, [_article(story)])["kind"] == ALIAS
