"""holdout7 (bench/data/dedup/holdout7_pairs.yaml, written blind before the ninth round): every pair played as the
pipeline sees it (``a`` stored, ``b`` arriving; ``a`` a candidate only when an indexed lookup returns it), with the
decision a careful analyst expects. Misses left are strict expected failures, each with its reason."""

from __future__ import annotations

import importlib.util
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import pytest

from newswatch.dedup import EXACT_COPY, NEAR_COPY, NEW, REVISED, TRANSLATION, decide, story_id_for

BENCH = Path(__file__).resolve().parents[1] / "bench" / "dedup_eval.py"


@lru_cache(maxsize=1)
def _bench():
    spec = importlib.util.spec_from_file_location("dedup_eval_sets", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=4)
def played(name: str) -> dict[str, tuple[dict, dict, dict]]:
    """pair id -> (pair, stored article, arriving article) of a pair file, fingerprinted once."""
    bench = _bench()
    return {pair["id"]: (pair, stored, new) for pair, stored, new in bench.prepare(bench.load_pairs(bench.DATA / name))}


def pair_ids(name: str) -> list[str]:
    bench = _bench()
    return [pair["id"] for pair in bench.load_pairs(bench.DATA / name)]


def _published_earlier(pair: dict, stored: dict, new: dict) -> bool:
    """The arriving copy is another outlet's, published 10 minutes to 30 days before the stored one."""
    if stored["domain"] == new["domain"] or not (pair["a"].get("published_at") and pair["b"].get("published_at")):
        return False
    lead = datetime.fromisoformat(pair["a"]["published_at"]) - datetime.fromisoformat(pair["b"]["published_at"])
    return timedelta(minutes=10) <= lead <= timedelta(days=30)


def check(name: str, pair_id: str) -> None:
    """The decision an analyst wants: an update under the same URL revised, another copy linked to the stored one,
    an edition linked as a translation of it (its story), anything else a new story of its own."""
    pair, stored, new = played(name)[pair_id]
    candidates = [stored] if _bench().is_candidate(new, stored) else []
    decision = decide(new, candidates)
    if pair["label"] and new["url_key"] == stored["url_key"]:
        assert decision["kind"] == REVISED, decision
    elif pair["label"]:
        assert decision["kind"] in (NEAR_COPY, EXACT_COPY), decision
        if _published_earlier(pair, stored, new):  # the original arriving after its copy: it is the story's root now
            assert decision["supersedes"] == stored["url_key"] and decision["duplicate_of"] is None, decision
        else:
            assert decision["duplicate_of"] == stored["url_key"], decision
    elif pair.get("translation"):
        assert decision["kind"] == TRANSLATION, decision
        assert decision["translation_of"] == stored["url_key"], decision
        assert decision["story_id"] == story_id_for(stored["url_key"]), decision
        assert decision["duplicate_of"] is None, decision
    else:
        assert decision["kind"] == NEW, decision
        assert decision["story_id"] == story_id_for(new["url_key"]), decision


MISSES = {
    "h7-agency3-ukrinform-ternopil": "a city site's local lede, trims and two closing lines of its own: 4 of 8 "
    "sentences aligned, 44 shingles shared; setting closing lines aside merged shared-quote stories",
    "h7-agency3-glavcom-zaxid": "two reprints of one Ukrinform story, each edited its own way: 5 of 7-8 sentences "
    "aligned, 42 shingles shared (holdout2's two such pairs are missed too)",
    "h7-tr-ukrinform-en-no-hreflang": "the Ukrainian edition's place adjectives (Київщині, Київської, "
    "Білоцерківському) have no token in the English one (Kyiv is too short a skeleton): 8 of 12 shared, under 0.7",
}


@pytest.mark.parametrize("pair_id", [
    pytest.param(pid, marks=pytest.mark.xfail(strict=True, reason=MISSES[pid])) if pid in MISSES else pid
    for pid in pair_ids("holdout7_pairs.yaml")])
def test_holdout7_pair(pair_id):
    check("holdout7_pairs.yaml", pair_id)


def test_holdout7_covers_the_new_kinds():
    kinds = {pair["kind"] for pair, _, _ in played("holdout7_pairs.yaml").values()}
    assert {"agency_multi", "update_4x", "rewrite_reordered", "translation", "translated_wire", "daily_losses",
            "shared_quote", "live_updates", "casualty_template", "strike_other_day", "boilerplate"} <= kinds
    assert len(kinds) >= 14 and len(played("holdout7_pairs.yaml")) >= 30
