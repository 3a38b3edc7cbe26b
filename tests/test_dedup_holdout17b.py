"""holdout17b (bench/data/dedup/holdout17b_pairs.yaml, the fifteenth round's holdout, written after the round's slug
rule, scored once: P 1.000 R 0.833 (5 0 1 6), under 20 MinHash seeds 100 0 20 120: TSN's story republished under its
slug with a new id, its toll paragraph rewritten, kept 12 of the 29 shingles between its shared first lines; after
1.000 / 1.000, 120 0 0 120): every pair with the decision a careful analyst expects."""

from __future__ import annotations

import pytest

from newswatch.dedup import NEAR_COPY, NEW, NearParams, decide
from tests._dedup_sets import figures_test
from tests.test_dedup_holdout7 import _bench, check, played
from tests.test_dedup_holdout17 import check_one_document, pairs_by_key

SET = "holdout17b_pairs.yaml"


@pytest.mark.parametrize("pair_id", [pid for pid, one_key in pairs_by_key(SET) if not one_key])
def test_holdout17b_pair(pair_id):
    check(SET, pair_id)


@pytest.mark.parametrize("pair_id", [pid for pid, one_key in pairs_by_key(SET) if one_key])
def test_holdout17b_one_url_key_is_one_document(pair_id):
    check_one_document(SET, pair_id)


test_holdout17b_figures = figures_test(SET, (6, 0, 0, 6), {"tp": 0, "fp": 0, "fn": 0, "tn": 1})


def test_an_update_with_its_toll_paragraph_rewritten_is_one_story_under_any_seed():
    pair, _, _ = played(SET)["h17b-updated-new-id-uk"]
    bench = _bench()
    for seed in range(1, 21):
        params = NearParams(seed=seed)
        a, b = bench.as_article(pair["a"], params), bench.as_article(pair["b"], params)
        assert decide(b, [a], params)["kind"] == NEAR_COPY, seed


def test_the_update_a_day_later_is_not_a_version():
    # the same slug and text a day on: the outlet's notice of another day, judged as any two of its stories
    pair, _, _ = played(SET)["h17b-updated-new-id-uk"]
    bench = _bench()
    later = {**pair["b"], "published_at": "2026-11-30T11:45:00+00:00"}
    a, b = bench.as_article(pair["a"], NearParams()), bench.as_article(later, NearParams())
    assert decide(b, [a])["kind"] == NEW


def test_one_short_place_slug_is_no_version_under_any_seed():
    pair, _, _ = played(SET)["h17b-short-slug-two-stories-ru"]
    bench = _bench()
    for seed in (1, 5, 9, 13, 17):
        params = NearParams(seed=seed)
        a, b = bench.as_article(pair["a"], params), bench.as_article(pair["b"], params)
        assert decide(b, [a], params)["kind"] == NEW, seed
