"""Every article of holdout53 read as labelled (strict xfail, with the reason, for the miss left). holdout53 was written
after the holdout52 round and committed before the matcher was run on it (ccbc461); scored once, never tuned on: **1 of
15 wrong** (relevance P en/uk/ru 1.000/0.750/1.000, R 1.0 in all three; F1 nato 1.000, ukraine 0.889, russia 1.000).
Its subjects: Romanian F-16s under Eastern Sentry while Russian drones hit Izmail (all three topics), mobile internet
shutdowns in Russia's regions (en/uk), Dutch and Danish money for drones and Flamingo missiles built in Ukraine, a Black
Sea Fleet base in Abkhazia's Ochamchire (`russia` only, Ukrainian sea drones on Sevastopol the reason given), Russian
bankruptcies, drones downed over Leningrad region, Swedish Gripens policing Iceland's sky (ru, `nato`). Its traps held
but one: an asteroid from the Crimean observatory, "Russian roulette" with leveraged ETFs, Lithuania's border closed to
Belarus's balloons, Pashinyan's election date, Khachanov in Doha; Kyiv's Podilskyi bridge opened to cars read as
`ukraine` (left, below)."""

from __future__ import annotations

import pytest

from tests._topic_sets import assert_reads_as_labelled, holdout_rows

# Misses left in the set: id -> reason (strict: a fix must remove the entry).
LEFT: dict[str, str] = {
    "h53-uk-03": "holdout53, scored once and not tuned on: a Kyiv bridge opened to cars reads as `ukraine` (16.3 of "
                 "6.5): the mayor, Klitschko, weighs as a state official (3) and a city's roads and bridges are not "
                 "`city news context` (only its zoo, budget and fares are)",
}


@pytest.mark.parametrize("row", holdout_rows(("holdout53",), LEFT))
def test_holdout_article_reads_as_labelled(row):
    assert_reads_as_labelled(row)
