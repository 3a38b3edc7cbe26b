"""holdout13 (bench/data/dedup/holdout13_pairs.yaml, written blind before the twelfth round, scored once: one false
positive, a wire reprint taken for a copy of the agency's analysis that quotes the wire story at length, and NV's
English edition not linked, its "Donetsk" read as "dnk" against "Донецькому"'s "dnck" and "Governor" a token the
Ukrainian edition has no counterpart for): every pair with the decision a careful analyst expects, the misses left
as strict expected failures, and the round's edition fix at its edges."""

from __future__ import annotations

import pytest

from newswatch.dedup import NEW, TRANSLATION, decide
from newswatch.dedup._editions import signature, skeleton
from tests.test_dedup_holdout7 import _bench, check, pair_ids, played

SET = "holdout13_pairs.yaml"

MISSES = {
    "h13-reprint-vs-analysis": "the analysis quotes the wire story's first two paragraphs inside quotation marks; "
    "the reprint carries them unquoted, so the shared shingles are quoted on one side only and the quote sketch "
    "(shingles both bodies quote) cannot see it: 57 shingles shared, half the reprint, a partial copy",
}


@pytest.mark.parametrize("pair_id", [
    pytest.param(pid, marks=pytest.mark.xfail(strict=True, reason=MISSES[pid])) if pid in MISSES else pid
    for pid in pair_ids(SET)])
def test_holdout13_pair(pair_id):
    check(SET, pair_id)


def test_holdout13_figures():
    bench = _bench()
    result = bench.evaluate(bench.load_pairs(bench.DATA / SET))
    assert (result["tp"], result["fp"], result["fn"], result["tn"]) == (10, 1, 0, 13)
    assert result["translations"] == {"tp": 1, "fp": 0, "fn": 0, "tn": 3}


@pytest.mark.parametrize("spellings", [("Donetsk", "Донецьк", "Донецк"), ("Tsybulko", "Цибулько"),
                                       ("Kotsiubynske", "Коцюбинське"), ("Kuznetsov", "Кузнецов")])
def test_latin_ts_is_the_cyrillic_ts_not_a_k(spellings):
    assert len({skeleton(word) for word in spellings}) == 1, spellings


def test_an_office_word_before_a_name_is_no_token():
    english = "The Saratov Oblast Governor Roman Busargin confirmed the attack."
    ukrainian = "Це підтвердив губернатор Саратовської області Роман Бусаргін."
    assert signature(english) == signature(ukrainian)


def _article(pair_id: str, side: str, **changes) -> dict:
    pair, _, _ = played(SET)[pair_id]
    bench = _bench()
    return bench.as_article({**pair[side], **changes}, bench.NEAR_PARAMS)


def test_the_english_edition_is_linked_within_the_window_and_not_beyond():
    uk = _article("h13-tr-nv-uk-en", "a")
    en = _article("h13-tr-nv-uk-en", "b")
    assert _bench().is_candidate(en, uk)
    assert decide(en, [uk])["kind"] == TRANSLATION
    late = _article("h13-tr-nv-uk-en", "b", published_at="2026-12-20T16:00:00+00:00")  # 8 h 10 min after
    assert decide(late, [uk])["kind"] == NEW


def test_another_outlet_s_english_story_of_the_strike_is_not_the_edition():
    # the same names and figures at another outlet: an edition link is claimed only within one outlet
    uk = _article("h13-tr-nv-uk-en", "a")
    other = _article("h13-tr-nv-uk-en", "b", url="https://www.pravda.com.ua/eng/news/2026/12/20/7601122/")
    assert decide(other, [uk])["kind"] == NEW
