"""holdout16b (bench/data/dedup/holdout16b_pairs.yaml, the fourteenth round's holdout, written after the round's fixes,
scored once: P 1.000 R 1.000 (4 0 0 3), translation links 1.000 / 1.000, under 20 MinHash seeds 80 0 0 60): every
pair with the decision a careful analyst expects."""

from __future__ import annotations

from newswatch.dedup import NEW, NearParams, decide
from tests._dedup_sets import figures_test, pair_test
from tests.test_dedup_holdout7 import _bench, played

SET = "holdout16b_pairs.yaml"


test_holdout16b_pair = pair_test(SET)


test_holdout16b_figures = figures_test(SET, (4, 0, 0, 3), {"tp": 1, "fp": 0, "fn": 0, "tn": 0})


def test_two_cities_on_one_outlets_template_stay_two_stories_under_any_seed():
    pair, _, _ = played(SET)["h16b-two-cities-unian"]
    bench = _bench()
    for seed in (1, 5, 9, 13, 17):
        params = NearParams(seed=seed)
        a, b = bench.as_article(pair["a"], params), bench.as_article(pair["b"], params)
        assert decide(b, [a], params)["kind"] == NEW, seed
