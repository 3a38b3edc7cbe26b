"""holdout8 (bench/data/dedup/holdout8_pairs.yaml, written after the ninth round's fixes, scored once): every pair
with the decision a careful analyst expects (tests/test_dedup_holdout7.py's ``check``)."""

from __future__ import annotations

import pytest

from tests.test_dedup_holdout7 import check, pair_ids, played


@pytest.mark.parametrize("pair_id", pair_ids("holdout8_pairs.yaml"))
def test_holdout8_pair(pair_id):
    check("holdout8_pairs.yaml", pair_id)


def test_holdout8_is_new_outlets_both_classes_and_editions():
    pairs = [pair for pair, _, _ in played("holdout8_pairs.yaml").values()]
    assert len(pairs) >= 15
    assert {pair["label"] for pair in pairs} == {0, 1}
    assert sum(1 for pair in pairs if pair.get("translation")) >= 2
