"""holdout11 (bench/data/dedup/holdout11_pairs.yaml, written blind before the eleventh round, scored once: a Reuters
correction under a new slug and two short flashes replaced by their updates under new URLs were missed): every pair
with the decision a careful analyst expects, and the round's two rules at their edges: a short flash grown into its
update (newswatch.dedup._flash), one outlet's short story sharing its closing lines with its corrected version."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from newswatch.dedup import NEAR_COPY, NEW, decide, lookup_keys
from newswatch.dedup._flash import WINDOW_MINUTES
from tests._dedup_sets import pair_test
from tests.test_dedup_holdout7 import _bench, played

SET = "holdout11_pairs.yaml"


test_holdout11_pair = pair_test(SET)


def _doc(pair_id: str, side: str) -> dict:
    pair, _, _ = played(SET)[pair_id]
    return dict(pair[side])


def _article(doc: dict) -> dict:
    bench = _bench()
    return bench.as_article(doc, bench.NEAR_PARAMS)


def _later(doc: dict, minutes: float) -> str:
    return (datetime.fromisoformat(doc["published_at"]) + timedelta(minutes=minutes)).isoformat()


def test_a_flash_is_indexed_under_one_line_key_and_its_update_looks_it_up():
    flash, update = _article(_doc("h11-flash-update-en", "a")), _article(_doc("h11-flash-update-en", "b"))
    flash_keys = [k for k in flash["fingerprints"]["bands"] if k.startswith("fd")]
    assert len(flash_keys) == 1 and not flash["fingerprints"]["minhash"]
    assert not [k for k in update["fingerprints"]["bands"] if k.startswith("fd")]  # a longer body is not indexed
    assert set(flash_keys) <= set(lookup_keys(update["fingerprints"]))
    assert _bench().is_candidate(update, flash)
    assert decide(update, [flash])["kind"] == NEAR_COPY


@pytest.mark.parametrize("minutes, linked", [(110, True), (WINDOW_MINUTES, True), (WINDOW_MINUTES + 30, False),
                                             (-30, False)])
def test_a_flash_is_replaced_only_by_a_later_body_within_the_window(minutes, linked):
    flash_doc = _doc("h11-flash-update-ru", "a")
    flash = _article(flash_doc)
    update = _article(dict(_doc("h11-flash-update-ru", "b"), published_at=_later(flash_doc, minutes)))
    assert decide(update, [flash])["kind"] == (NEAR_COPY if linked else NEW)


def test_another_outlet_carrying_the_flash_is_not_its_update():
    # the keys hold the outlet, and the rule is one outlet's: another outlet quoting a flash is a story of its own
    # (found by the short body's bands since the sixteenth round: a two-sentence flash is no teaser, _decide._teaser)
    flash = _article(_doc("h11-flash-update-en", "a"))
    other = _article(dict(_doc("h11-flash-update-en", "b"), url="https://odessa-journal.com/drone-attack-port",
                          source="odessa-journal"))
    assert decide(other, [flash])["kind"] == NEW
    assert decide(flash, [other])["kind"] == NEW


def test_the_next_nights_flash_and_a_longer_body_missing_a_flash_line_are_new():
    flash = _article(_doc("h11-flash-update-en", "a"))
    next_night = _doc("h11-flash-next-night", "b")
    # the next night's flash with the update's two paragraphs on top: its one line is not the stored flash's
    update = _doc("h11-flash-update-en", "b")
    grown = "\n\n".join([*update["body"].split("\n\n")[:2], next_night["body"]])
    later = _article(dict(update, body=grown))
    assert decide(later, [flash])["kind"] == NEW


def test_a_live_page_holding_the_flash_is_not_its_update():
    flash_doc = _doc("h11-flash-update-en", "a")
    flash = _article(flash_doc)
    live = _article(dict(_doc("h11-flash-update-en", "b"),
                         url="https://www.ukrinform.net/rubric-ato/4065102-war-live-updates.html",
                         title="Russia's war against Ukraine: live updates"))
    assert decide(live, [flash])["kind"] == NEW


def test_a_short_story_sharing_its_closing_lines_with_another_of_its_outlet_is_new():
    # the corrected version's rule needs most of the text between the shared lines: two stories ending in the same
    # three paragraphs and differing above them stay apart
    original = _doc("h11-corrected-new-url", "a")
    tail = original["body"].strip().split("\n\n")[-3:]
    other = ("Ukraine's sunflower oil exports in November rose 9% from October to 510,000 tons, the agriculture "
             "ministry said, as crushing plants in the central regions resumed work after power cuts.\n\n"
             "Most of the oil was shipped through the Danube ports of Izmail and Reni, the ministry said.")
    story = _article(dict(original, url=original["url"].replace("grain-exports-down-18", "sunflower-oil-exports-up"),
                          title="Ukraine's November sunflower oil exports up 9%", body="\n\n".join([other, *tail])))
    stored = _article(original)
    assert decide(story, [stored])["kind"] == NEW
    corrected = _article(_doc("h11-corrected-new-url", "b"))
    assert decide(corrected, [stored])["kind"] == NEAR_COPY
