"""What every labelled dedup holdout shares (tests/test_dedup_holdout*.py): a set of pairs under bench/data/dedup,
each pair played through the pipeline's decision (:func:`tests.test_dedup_holdout7.check`), and the set's confusion
counts as the bench scores them. Known misses are strict xfails with their reason, keyed by pair id.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newswatch.dedup import NearParams
from tests.test_dedup_holdout7 import _bench, check, pair_ids, played

__all__ = ["figures_test", "pair_articles", "pair_test"]


def pair_test(name: str, misses: dict[str, str] | None = None) -> Callable:
    """Every pair of the set ``name`` gets the decision its label asks for."""
    misses = misses or {}

    @pytest.mark.parametrize("pair_id", [
        pytest.param(pid, marks=pytest.mark.xfail(strict=True, reason=misses[pid])) if pid in misses else pid
        for pid in pair_ids(name)])
    def test(pair_id):
        check(name, pair_id)

    return test


def figures_test(name: str, counts: tuple[int, int, int, int],
                 translations: dict[str, int] | None = None) -> Callable:
    """The bench's ``(tp, fp, fn, tn)`` over the set ``name``, and over its translation pairs (``translations``)."""

    def test():
        bench = _bench()
        result = bench.evaluate(bench.load_pairs(bench.DATA / name))
        assert (result["tp"], result["fp"], result["fn"], result["tn"]) == counts, result["errors"]
        if translations is not None:
            assert result["translations"] == translations

    return test


def pair_articles(name: str, pair_id: str, params: NearParams | None = None, **b_changes) -> tuple[dict, dict]:
    """The pair's two documents as DedupPipeline builds them under ``params`` (the bench's by default), ``b`` with
    ``b_changes`` (another body, URL, date...)."""
    pair, _, _ = played(name)[pair_id]
    bench = _bench()
    params = params or bench.NEAR_PARAMS
    return bench.as_article(pair["a"], params), bench.as_article({**pair["b"], **b_changes}, params)
