"""holdout20 (bench/data/dedup/holdout20_pairs.yaml, the eighteenth round's blind set, scored once at 858bf09's rules:
P 1.000 R 0.923 (12 0 1 12), links 1.000 / 1.000 (2 0 0 1), under 20 MinHash seeds 237 0 23 240: one day's General
Staff losses told in prose by Ukrinform and laid out as a list by RBC-Ukraine not found (no shared band: the two share
their figures and hardly a phrase; and "11 477 (+5)" read as one number, 114775, so the list's figures were not even
the prose's); seed-fragile: two reprints of one Interfax-Ukraine story, each with its own lede and cut (3 of 20 seeds
lost); after (figures end at a bracket, a comma and a space or a line break; a body of 12+ figures indexed by them;
another outlet's body within 12 hours sharing 12+ figures, 0.8 of the smaller body's and half the larger's, is a copy
of that report) 1.000 / 1.000 (13 0 0 12), links 1.000 / 1.000, 20 seeds 257 0 3 240: every pair with the decision a
careful analyst expects."""

from __future__ import annotations

from functools import lru_cache

import yaml

from newswatch.dedup import NEAR_COPY, NEW, decide, fingerprints
from newswatch.dedup._template import FIGURES_KEYED, figures_of
from newswatch.dedup._text import normalize_marked
from tests._dedup_sets import figures_test, pair_test
from tests.test_dedup_holdout7 import _bench

SET = "holdout20_pairs.yaml"

test_holdout20_pair = pair_test(SET)

test_holdout20_figures = figures_test(SET, (13, 0, 0, 12), {"tp": 2, "fp": 0, "fn": 0, "tn": 1})


@lru_cache(maxsize=1)
def _docs() -> dict:
    bench = _bench()
    return yaml.safe_load((bench.DATA / SET).read_text(encoding="utf-8"))["docs"]


def _article(doc_id: str, **changes) -> dict:
    bench = _bench()
    return bench.as_article({**_docs()[doc_id], **changes}, bench.NEAR_PARAMS)


def _figures(text: str) -> set[str]:
    return figures_of(normalize_marked(text).split(), text)


def test_a_figure_ends_at_a_bracket_a_comma_and_a_space_or_a_line_break():
    # a total and its change, two items of a list, a list's lines: two figures each
    assert _figures("близько 738 260 (+2 030) осіб") == {"738260", "2030"}
    assert _figures("1 571 РСЗВ (+2), 1 262 засоби ППО") == {"1571", "2", "1262"}
    assert _figures("літаків — 434\n347 гелікоптерів") == {"434", "347"}
    assert _figures("since 2022. 1,300 asylum seekers") == {"2022", "1300"}
    # one space or one mark is inside a figure, as before
    assert _figures("738 260 people, 738,260 people on 24.02.22 from 07:00, 2,1 ГВт") == {
        "738260", "240222", "0700", "21"}
    assert _figures("No figures here at all.") == set()


def test_one_report_in_prose_and_as_a_list_is_one_the_next_days_is_not():
    prose_15, listed_15 = _article("ukrinform-gs-losses-dec15"), _article("rbc-gs-losses-dec15")
    prose_14 = _article("ukrinform-gs-losses-dec14")
    for report in (prose_15, listed_15, prose_14):
        assert report["fingerprints"]["numbers_n"] >= FIGURES_KEYED
        assert any(key.startswith("fg") for key in report["fingerprints"]["bands"])
    assert decide(listed_15, [prose_15])["kind"] == NEAR_COPY
    assert decide(prose_15, [listed_15])["kind"] == NEAR_COPY
    # the previous day's report in prose against this day's list: the template's totals changed
    assert decide(listed_15, [prose_14])["kind"] == NEW
    assert decide(prose_14, [listed_15])["kind"] == NEW


MONTH_SUMMARY = """За листопад 2026 року російська армія втратила 31 240 військових — це найбільший місячний показник \
з початку року. Про це свідчать дані Генерального штабу ЗСУ, проаналізовані РБК-Україна.

Станом на 15 грудня загальні втрати противника становлять 1 220 860 осіб, 11 477 танків, 23 826 бойових броньованих \
машин, 35 937 артилерійських систем, 91 898 БпЛА оперативно-тактичного рівня та 68 190 одиниць автомобільної техніки.

Лише за першу половину грудня окупанти втратили 15 730 осіб, 118 танків, 261 ББМ, 702 артсистеми та 5 460 дронів. У \
листопаді середньодобові втрати становили 1 041 особу проти 967 у жовтні.

Найбільше втрат ворог зазнає на Покровському, Костянтинівському та Гуляйпільському напрямках, де щодня фіксують від \
40 до 60 штурмових дій."""


def test_an_analysis_carrying_the_days_totals_is_not_the_days_report():
    report = _article("ukrinform-gs-losses-dec15")
    summary = _article("rbc-gs-losses-dec15", url="https://www.rbc.ua/ukr/news/vtrati-rosiyi-za-listopad-1765800000.html",
                       title="Втрати Росії за листопад стали рекордними з початку року", body=MONTH_SUMMARY,
                       published_at="2026-12-15T09:00:00+00:00")
    assert summary["fingerprints"]["numbers_n"] >= FIGURES_KEYED
    assert decide(summary, [report])["kind"] == NEW
    assert decide(report, [summary])["kind"] == NEW


def test_the_same_figures_a_day_later_are_another_days_report():
    # (a table whose figures did not move: another day's instalment, not a copy found by its figures)
    listed = _article("rbc-gs-losses-dec15")
    next_day = _article("ukrinform-gs-losses-dec15", published_at="2026-12-16T06:02:00+00:00")
    assert decide(next_day, [listed])["kind"] == NEW


def test_a_story_with_a_few_figures_is_not_keyed_by_them():
    fp = fingerprints(_docs()["suspilne-odesa-night"]["body"])
    assert fp["numbers_n"] < FIGURES_KEYED
    assert not any(key.startswith("fg") for key in fp["bands"])


MONTHS = """Для порівняння: у жовтні Сили оборони знищили 9 870 окупантів менше, ніж у листопаді, а втрати техніки \
зросли на 12%. За жовтень ворог втратив 27 310 осіб, 164 танки, 402 ББМ, 1 188 артсистем, 11 904 БпЛА та 2 270 \
автомобілів; за листопад — 31 240 осіб, 191 танк, 455 ББМ, 1 302 артсистеми, 13 615 БпЛА та 2 544 автомобілі. \
Аналітики Центру оборонних стратегій оцінюють, що за такого темпу до кінця 2027 року втрати перевищать 1 600 000 осіб.

Повні дані Генштабу на 15 грудня:"""


def test_an_analysis_carrying_the_days_figures_among_more_of_its_own_is_not_the_days_report():
    listed = _article("rbc-gs-losses-dec15")
    in_prose = "\n\n".join(_docs()["ukrinform-gs-losses-dec15"]["body"].split("\n\n")[:2])  # the day's figures
    analysis = _article("rbc-gs-losses-dec15", url="https://www.epravda.com.ua/publications/2026/12/15/738112/",
                        title="Рекордний листопад: як зростають втрати Росії",
                        body=f"{MONTH_SUMMARY}\n\n{MONTHS}\n\n{in_prose}", published_at="2026-12-15T11:00:00+00:00")
    own, listed_n = analysis["fingerprints"]["numbers_n"], listed["fingerprints"]["numbers_n"]
    assert own > 2 * listed_n - 4, own  # (every figure of the day's list, and about as many of its own)
    assert decide(analysis, [listed])["kind"] == NEW
    assert decide(listed, [analysis])["kind"] == NEW
