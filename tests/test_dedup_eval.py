"""Acceptance: precision and recall of duplicate detection on the labelled pairs are at least 0.98."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "dedup_eval.py"


def _bench():
    spec = importlib.util.spec_from_file_location("dedup_eval", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labelled_set_covers_every_required_case():
    pairs = _bench().load_pairs()
    kinds = Counter((p["kind"], p["label"]) for p in pairs)
    assert len(pairs) >= 300
    for kind, label in [("url_alias", 1), ("wire", 1), ("update", 1), ("same_event", 0), ("live_pages", 0),
                        ("template", 0)]:
        assert kinds[(kind, label)] >= 16, (kind, label)
    assert sum(p["label"] for p in pairs) >= 150 and sum(1 - p["label"] for p in pairs) >= 150


def test_precision_and_recall_reach_the_target():
    bench = _bench()
    result = bench.evaluate(bench.load_pairs())
    assert result["precision"] >= 0.98, result["errors"]
    assert result["recall"] >= 0.98, result["errors"]


def test_partial_wire_copies_are_found_on_sets_drawn_with_other_seeds():
    # Other draws of the generator: more rewritten tops and trimmed ends than the committed set.
    bench = _bench()
    for seed in (1, 3, 4):
        pairs = bench.generated_pairs(seed)
        result = bench.evaluate(pairs)
        assert result["precision"] == 1.0, (seed, result["errors"])
        assert result["recall"] >= 0.99, (seed, result["errors"])
        assert not [e for e in result["errors"] if e[2] == "no candidate"], (seed, result["errors"])


def test_blind_real_pairs_file_is_the_yaml_source_and_covers_the_hard_cases():
    bench = _bench()
    pairs = bench.load_pairs(bench.REAL_PAIRS)
    assert pairs == bench.pairs_from_yaml(bench.REAL_SOURCE), "run: bench/dedup_eval.py --write-real"
    kinds = Counter((p["kind"], p["label"]) for p in pairs)
    assert len(pairs) >= 80
    for kind, label, least in [("wire", 1, 15), ("url_alias", 1, 10), ("update", 1, 4), ("same_report", 1, 3),
                               ("daily", 0, 8), ("alert", 0, 2), ("live_vs_story", 0, 4), ("footer", 0, 3),
                               ("brief", 0, 3), ("series", 0, 1), ("same_event", 0, 4), ("translation", 0, 3)]:
        assert kinds[(kind, label)] >= least, (kind, label)
    scripts = Counter("uk" if any(c in p["a"]["body"] for c in "іїєґ") else
                      "ru" if any("а" <= c <= "я" for c in p["a"]["body"]) else "en" for p in pairs)
    assert min(scripts.values()) >= 15, scripts


def test_blind_real_pairs_measured_counts():
    # Measured on the hand-written blind set (labelled before the code ran on it). Before the decision
    # rules of 2026-11-27 (instalments, figures, boilerplate edges, France 24 wire pages): tp 43 fp 11
    # fn 2 tn 25. Until the seventh round one miss was left: two reprints of one Ukrinform story, each edited its
    # own way (51 shingles shared, estimated at 0.17 by the signature): the regional one opens with its own lead,
    # which the sentence alignment now sets aside (NearParams.lead_sentences).
    bench = _bench()
    result = bench.evaluate(bench.load_pairs(bench.REAL_PAIRS))
    assert (result["tp"], result["fp"], result["fn"], result["tn"]) == (45, 0, 0, 36), result["errors"]


def test_holdout_pairs_measured_counts():
    # Written blind after the rules were tuned on real_pairs. First scored tp 7 fp 1 fn 1 tn 8: a short regional
    # reprint of a RIA story (41 shingles shared, half of itself) missed, two outlets' stories sharing one long
    # quote merged; both taken since by rules checked on holdout2_pairs (short containment, quote-dominated).
    bench = _bench()
    pairs = bench.load_pairs(bench.DATA / "holdout_pairs.yaml")
    result = bench.evaluate(pairs)
    assert (result["tp"], result["fp"], result["fn"], result["tn"]) == (8, 0, 0, 9), result["errors"]


def test_holdout2_pairs_measured_counts():
    # Third blind set, written before the fifth round's rules; they did not change its score (tp 12 fp 0 fn 4
    # tn 16). The sixth round's sentence sketch takes the two rewrites in other words (10-11 shingles shared).
    # Left: two reprints each edited its own way sharing one quote and a sentence (37 shingles), and another such
    # pair whose signatures share no band and only some sentences.
    bench = _bench()
    result = bench.evaluate(bench.load_pairs(bench.DATA / "holdout2_pairs.yaml"))
    assert (result["tp"], result["fp"], result["fn"], result["tn"]) == (14, 0, 2, 16), result["errors"]
    assert {e[0] for e in result["errors"]} == {"h2-wire-usnews-starpress", "h2-wire-sumypost-konotop"}


def test_holdout3_pairs_measured_counts():
    # Fourth blind set (20 copies, 20 hard non-duplicates), first scored tp 15 fp 0 fn 5 tn 20: the five
    # paraphrased rewrites of one wire story (en/uk/ru), four of them never candidates. The sentence sketch and its
    # lookup keys take all five and merge none of the follow-ups, digests, daily tallies or shared quotes.
    bench = _bench()
    result = bench.evaluate(bench.load_pairs(bench.DATA / "holdout3_pairs.yaml"))
    assert (result["tp"], result["fp"], result["fn"], result["tn"]) == (20, 0, 0, 20), result["errors"]
    kinds = Counter((p["kind"], p["label"]) for p in bench.load_pairs(bench.DATA / "holdout3_pairs.yaml"))
    assert kinds[("rewrite", 1)] == 5 and kinds[("follow_up", 0)] == 5 and kinds[("shared_quote", 0)] == 3


def test_holdout4_pairs_measured_counts():
    # Fifth set, written after the sentence sketch and scored once untouched: tp 8 fp 0 fn 0 tn 8 (the rules before
    # it: tp 5, the three paraphrases missed). Under 20 MinHash seeds: 160 / 0 / 0 / 160.
    bench = _bench()
    result = bench.evaluate(bench.load_pairs(bench.DATA / "holdout4_pairs.yaml"))
    assert (result["tp"], result["fp"], result["fn"], result["tn"]) == (8, 0, 0, 8), result["errors"]


def test_holdout5_pairs_measured_counts():
    # Sixth set, written blind before the seventh round: tp 4 fp 0 fn 3 tn 7 (a rewrite merging its source's
    # sentences, one with its paragraphs reordered, one under a local lead). The merged/split sentence counterpart,
    # the local lead set aside and one sentence key for a candidate sharing phrases take two; the reordered
    # retelling (4 of its 6 sentences aligned, as a follow-up's restated background can be) since the ninth round:
    # the source's sentences, its lead set aside, are all in it (4 of 5), and its 4 figures all kept confirm it.
    bench = _bench()
    result = bench.evaluate(bench.load_pairs(bench.DATA / "holdout5_pairs.yaml"))
    assert (result["tp"], result["fp"], result["fn"], result["tn"]) == (7, 0, 0, 7), result["errors"]
    assert result["errors"] == []


def test_translations_set_links_editions_and_merges_none():
    # Written blind before the language editions: 9 pairs of one outlet's editions (4 with hreflang), 7 hard
    # negatives. Before: no link, and UNIAN's Russian edition taken for a copy of its Ukrainian one (both orders).
    bench = _bench()
    result = bench.evaluate(bench.load_pairs(bench.DATA / "translations_pairs.yaml"))
    assert (result["tp"], result["fp"], result["fn"], result["tn"]) == (0, 0, 0, 16), result["errors"]
    assert result["translations"] == {"tp": 9, "fp": 0, "fn": 0, "tn": 7}, result["errors"]


def test_holdout6_pairs_measured_counts():
    # Seventh set, written after the seventh round and scored once: duplicates tp 2 fp 0 fn 0 tn 8; translation
    # links tp 2 fp 1 fn 1 tn 1: Censor's shelling story (uk) linked to its evacuation story (ru) of that morning,
    # which name the same people, places and figures (containment 0.9). The order test (the shared tokens told in
    # one order: 0.44 there, 0.89 and more for every edition) was added after that score: it drops the false link.
    # Ukrinform's English edition (ukrinform.net) shared half of its tokens and no signature band; linked since the
    # ninth round (English title-case words and whole thousands in the signature, sentences' order: holdout7).
    bench = _bench()
    result = bench.evaluate(bench.load_pairs(bench.DATA / "holdout6_pairs.yaml"))
    assert (result["tp"], result["fp"], result["fn"], result["tn"]) == (2, 0, 0, 8), result["errors"]
    assert result["translations"] == {"tp": 3, "fp": 0, "fn": 0, "tn": 2}, result["errors"]


def test_stories_sharing_one_long_quote_stay_apart_under_other_signatures():
    # The signature's estimate moves with its permutations: under other MinHash seeds, before the quote rule,
    # these merged in 18 of 80 draws (two outlets' stories quoting one long passage of Zelensky, Peskov).
    from newswatch.dedup import NearParams

    bench = _bench()
    pairs = [p for name in ("holdout_pairs.yaml", "holdout2_pairs.yaml") for p in bench.load_pairs(bench.DATA / name)
             if p["kind"] == "shared_quote" or p["id"] == "h-same-quote-guardian-kyivpost"]
    assert len(pairs) == 4
    for seed in range(1, 21):
        result = bench.evaluate(pairs, NearParams(seed=seed))
        assert result["fp"] == 0, (seed, result["errors"])
