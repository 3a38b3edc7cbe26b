"""Quotes in fingerprints: two outlets' stories sharing one long quote are not copies; a wire copy still is."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from newswatch.dedup import NEAR_COPY, NEW, decide
from newswatch.dedup._quotes import QUOTED_KEPT, quoted_sketch, shared_quoted

BENCH = Path(__file__).resolve().parents[1] / "bench" / "dedup_eval.py"


def _bench():
    spec = importlib.util.spec_from_file_location("dedup_eval", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pair(name: str, pair_id: str):
    bench = _bench()
    pairs = [p for p in bench.load_pairs(bench.DATA / name) if p["id"] == pair_id]
    (prepared,) = bench.prepare(pairs)
    return prepared


def test_quoted_sketch_reads_every_quotation_style_within_a_line():
    body = ("«Щодня ці села зазнають ударів артилерії», — наголосив Григоров.\n"
            "\"В Белгородском районе повреждена подстанция\", - написал Гладков.\n"
            "“Every package of sanctions is a step,” he said. „Це перевірка для всього світу“.\n"
            "An opening \" quote never closed on its line\nis not a quote \" either.")
    sketch, count = quoted_sketch(body, 3)
    # 3-word shingles of the four quotes (6, 5, 7 and 5 words): 4 + 3 + 5 + 3
    assert count == 15 and len(sketch) == 8 * 15
    assert quoted_sketch("No quotes at all, only «short» ones.", 3) == ("", 0)
    assert quoted_sketch(None, 3) == ("", 0) and quoted_sketch("", 3) == ("", 0)
    long_quote = "«" + " ".join(f"word{i}" for i in range(200)) + "»"
    sketch, count = quoted_sketch(long_quote, 3)
    assert count == 198 and len(sketch) == 8 * QUOTED_KEPT


def test_shared_quoted_estimates_the_common_quote_and_ignores_old_fingerprints():
    quote = "«" + " ".join(f"слово{i}" for i in range(120)) + "»"
    a = dict(zip(("quoted", "quoted_n"), quoted_sketch(f"Перша історія.\n{quote}", 3), strict=True))
    b = dict(zip(("quoted", "quoted_n"), quoted_sketch(f"Друга історія.\n{quote}\n«Інша цитата тут теж є»", 3),
                 strict=True))
    assert 100 <= shared_quoted(a, b) <= 118  # 118 shared of 118 and 121
    assert shared_quoted(a, {}) is None  # stored before quote sketches: compared as before
    assert shared_quoted(a, {"quoted": "", "quoted_n": 0}) == 0.0


def test_two_outlets_stories_sharing_one_long_quote_stay_apart():
    pair, stored, new = _pair("holdout_pairs.yaml", "h-same-quote-guardian-kyivpost")
    assert pair["label"] == 0
    assert decide(new, [stored])["kind"] == NEW
    # A candidate stored before quote sketches existed is judged as before: its share of the shorter body
    # passes as a partial copy.
    old_row = {**stored, "fingerprints": {k: v for k, v in stored["fingerprints"].items()
                                          if k not in ("quoted", "quoted_n")}}
    assert decide(new, [old_row])["kind"] == NEAR_COPY


def test_wire_copies_sharing_quotes_and_narration_are_still_copies():
    for name, pair_id in [("holdout2_pairs.yaml", "h2-wire-interfax-belpressa"),
                          ("holdout2_pairs.yaml", "h2-wire-belpressa-mk"),
                          ("holdout2_pairs.yaml", "h2-wire-ukrinform-sumypost"),
                          ("real_pairs.yaml", "wire-tass-vz")]:
        pair, stored, new = _pair(name, pair_id)
        assert pair["label"] == 1 and new["fingerprints"]["quoted_n"] > 0
        assert decide(new, [stored])["kind"] == NEAR_COPY, pair_id


def test_a_short_reprint_holding_most_of_itself_is_a_copy():
    # 80 shingles, 41 shared with the original: under min_shared_partial, but more than half of itself.
    pair, stored, new = _pair("holdout_pairs.yaml", "h-wire-ria-regional")
    assert pair["label"] == 1
    assert decide(new, [stored])["kind"] == NEAR_COPY
