"""holdout19b (bench/data/dedup/holdout19b_pairs.yaml, the seventeenth round's holdout, written after the round's
first fixes (0b3b3e6's rules), scored once: P 0.857 R 1.000 (6 1 0 6), links 1.000 / 1.000 (1 0 0 1), under 20
MinHash seeds 120 20 0 120: the president's Telegram post crawled as a page taken for the "teaser" of a story that
embeds it whole; after (a short body's whole-text sketch) 1.000 / 1.000 (6 0 0 7), 20 seeds 120 0 0 140): every pair
with the decision a careful analyst expects."""

from __future__ import annotations

from newswatch.dedup import NEAR_COPY, NEW, NearParams, decide
from tests._dedup_sets import figures_test, pair_articles, pair_test
from tests.test_dedup_holdout7 import _bench, played

SET = "holdout19b_pairs.yaml"

test_holdout19b_pair = pair_test(SET)

test_holdout19b_figures = figures_test(SET, (6, 0, 0, 7), {"tp": 1, "fp": 0, "fn": 0, "tn": 1})


def test_a_post_a_story_embeds_whole_is_no_teaser_of_it_the_same_text_told_as_narration_is():
    bench = _bench()
    pair, _, _ = played(SET)["h19b-telegram-post-vs-story-embedding-it-uk"]
    # the embed's furniture gone: the post's sentences are the story's own lines, as a channel's repost of a story
    narrated = pair["b"]["body"].replace("Володимир Зеленський\n@V_Zelenskiy_official\n", "").replace(
        "\nПереглянути допис у Telegram", "")
    for seed in (None, 2, 7, 13):
        params = NearParams(seed=seed) if seed is not None else bench.NEAR_PARAMS
        post, story = pair_articles(SET, "h19b-telegram-post-vs-story-embedding-it-uk", params)
        assert post["fingerprints"]["short"] and post["fingerprints"]["text"]
        assert decide(post, [story], params)["kind"] == NEW, seed
        assert decide(story, [post], params)["kind"] == NEW, seed
        _, own = pair_articles(SET, "h19b-telegram-post-vs-story-embedding-it-uk", params, body=narrated)
        assert decide(post, [own], params)["kind"] == NEAR_COPY, seed
