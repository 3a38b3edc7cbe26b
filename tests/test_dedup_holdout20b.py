"""holdout20b (bench/data/dedup/holdout20b_pairs.yaml, the eighteenth round's holdout, written after the round's
figures fix and before any code ran on it, scored once: P 1.000 R 1.000 (7 0 0 6), links 1.000 / 1.000 (1 0 0 0),
under 20 MinHash seeds 140 0 0 120): every pair with the decision a careful analyst expects, among them one day's
General Staff losses in English as Ukrinform's list and the Kyiv Independent's prose (found by their figures) and the
Kyiv Independent's prose of the next day (kept apart)."""

from __future__ import annotations

from newswatch.dedup import NEAR_COPY, NEW, decide
from tests._dedup_sets import figures_test, pair_articles, pair_test

SET = "holdout20b_pairs.yaml"

test_holdout20b_pair = pair_test(SET)

test_holdout20b_figures = figures_test(SET, (7, 0, 0, 6), {"tp": 1, "fp": 0, "fn": 0, "tn": 0})


def test_an_english_losses_list_and_its_prose_share_their_figures_not_their_words():
    listed, prose = pair_articles(SET, "h20b-gs-prose-vs-list-en")
    # nothing but the figures: no LSH band in common, only the figures' keys
    shared = set(listed["fingerprints"]["bands"]) & set(prose["fingerprints"]["bands"])
    assert shared and all(key.startswith("fg") for key in shared)
    assert decide(prose, [listed])["kind"] == NEAR_COPY
    _, next_day = pair_articles(SET, "h20b-gs-prose-next-day-en")
    assert decide(next_day, [listed])["kind"] == NEW
