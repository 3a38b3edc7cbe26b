"""holdout9 (bench/data/dedup/holdout9_pairs.yaml, written blind before the tenth round, scored once: no error): every
pair with the decision a careful analyst expects (tests/test_dedup_holdout7.py's ``check``), and the set's kinds."""

from __future__ import annotations

import pytest

from newswatch.dedup import ALIAS, decide
from tests.test_dedup_holdout7 import _bench, check, pair_ids, played

# One outlet's unchanged body under a new headline and slug is one document with two URLs (the store adds the URL):
# ``alias``, not another document marked as a copy.
SAME_DOCUMENT = ("h9-headline-nv-same-id", "h9-headline-ki-new-slug")


@pytest.mark.parametrize("pair_id", [pid for pid in pair_ids("holdout9_pairs.yaml") if pid not in SAME_DOCUMENT])
def test_holdout9_pair(pair_id):
    check("holdout9_pairs.yaml", pair_id)


@pytest.mark.parametrize("pair_id", SAME_DOCUMENT)
def test_holdout9_headline_change_is_the_stored_document(pair_id):
    pair, stored, new = played("holdout9_pairs.yaml")[pair_id]
    assert pair["label"] == 1 and _bench().is_candidate(new, stored)
    decision = decide(new, [stored])
    assert decision["kind"] == ALIAS and decision["target"] == stored["url_key"], decision


def test_holdout9_covers_the_briefs_kinds():
    pairs = [pair for pair, _, _ in played("holdout9_pairs.yaml").values()]
    kinds = {pair["kind"] for pair in pairs}
    assert {"wire", "live_vs_story", "same_presser", "casualty_template", "translated_wire", "headline_change",
            "correction", "translation", "translation_neg"} <= kinds
    assert len(pairs) >= 30 and sum(1 for pair in pairs if pair.get("translation")) >= 3
