"""holdout18b (bench/data/dedup/holdout18b_pairs.yaml, the sixteenth round's holdout, written after the round's fixes
(dacc869's rules), scored once: P 1.000 R 1.000 (8 0 0 5), links 1.000 / 1.000 (1 0 0 0), under 20 MinHash seeds
160 0 0 100): every pair with the decision a careful analyst expects."""

from __future__ import annotations

from newswatch.dedup import NEW, decide
from tests._dedup_sets import figures_test, pair_test
from tests.test_dedup_holdout7 import played

SET = "holdout18b_pairs.yaml"

test_holdout18b_pair = pair_test(SET)

test_holdout18b_figures = figures_test(SET, (8, 0, 0, 5), {"tp": 1, "fp": 0, "fn": 0, "tn": 0})


def test_a_channel_post_is_no_repost_of_another_outlets_story_on_its_template():
    # the post (short) against another story of that night told in the same frame, both orders, found or not
    pair, stored, new = played(SET)["h18b-telegram-vs-other-story-uk"]
    assert decide(new, [stored])["kind"] == NEW
    assert decide(stored, [new])["kind"] == NEW


def test_two_posts_of_one_channel_are_two_stories_even_when_found():
    _, stored, new = played(SET)["h18b-telegram-two-posts-uk"]
    assert new["fingerprints"]["short"] and stored["fingerprints"]["short"]
    assert decide(new, [stored])["kind"] == NEW
