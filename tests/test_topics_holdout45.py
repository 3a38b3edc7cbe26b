"""The holdout45-46 rounds' rules, each with its look-alike, and every article of holdout45-46 read as labelled (strict
xfail, with the reason, for misses left). holdout45 was written before the matcher was run on it and scored once (0
of 30 wrong): officials named without their country (Syrskyi, Budanov, Rutte, Sybiha, Umerov, Shoigu, Gerasimov),
occupied towns named without it (Melitopol, Berdiansk), strikes on Russian towns (Tuapse, Engels, Shebekino), the
rouble, the hryvnia, the CBR's rate, Gazprom's gas for Transnistria, a wrestler killed at the front; and what is not
relevant by the labels' policy: Usyk's and Berinchyk's title fights, Stoltenberg's Norwegian budget, the Baltic
states' drone orders that name neither Russia nor NATO (Ukraine only as the lesson), Georgia's politics with Russia
as a model or in passing, a Kharkiv-born pianist and tennis player, a Mariupol singer's song-contest win, the
Russian-language domestic news of Kazakhstan, Belarus and Kyrgyzstan (the tenge "following the rouble", Daniil
Medvedev the tennis player). holdout46 (scored once: 5 of 24 wrong) taught: the bans on Russia's teams and athletes
are Russia's story (a match report dated "since the ban" is not); an occupation garrison is the occupation; a win
dedicated to the ЗСУ is an athlete's story; a country as one item of a ranked list, in en, uk and ru ("the fourth-
biggest borrower after Argentina, Ukraine and Pakistan") is not the state. holdout46b, a second batch written after
that round to test it on unseen wording, scored once: 2 of 12 wrong (a ban told with the verb, «не допустила
російських плавців»; a ranked list in Ukrainian)."""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics
from tests._topic_sets import assert_reads_as_labelled, holdout_rows


@pytest.mark.parametrize(
    "language, title, body, topic, expected",
    [
        # the sport bans are Russia's story ...
        ("en", "IOC keeps Russian athletes banned from Milan Games",
         "The IOC said Russian athletes would compete only as neutrals; the Russian Olympic Committee stays suspended.",
         "russia", True),
        ("ru", "ФИФА и УЕФА продлили отстранение российских сборных и клубов",
         "Совет ФИФА продлил отстранение российских сборных от всех турниров. В РФС назвали решение политическим.",
         "russia", True),
        ("uk", "МОК зберіг відсторонення російських спортсменів",
         "Виконком МОК вирішив, що російські спортсмени виступлять лише в нейтральному статусі.", "russia", True),
        # ... the ban as a date in a match report is not
        ("en", "Medvedev reaches Dubai final",
         "Daniil Medvedev, who has played as a neutral since Russian athletes were banned from team events in 2022, "
         "beat Alexander Zverev 6-4, 3-6, 7-5 in the semi-finals. He meets Jannik Sinner in the final.",
         "russia", False),
        ("ru", "Медведев вышел в финал в Дубае",
         "Даниил Медведев, выступающий в нейтральном статусе после отстранения российских команд в 2022 году, обыграл "
         "Зверева в полуфинале. В финале он сыграет с Синнером.", "russia", False),
        ("en", "Fencing body votes to allow Russian athletes back",
         "The FIE voted to allow Russian athletes back as neutrals from December; the ban on Russian teams stays.\n\n"
         "Ukraine's sports ministry said its fencers would boycott events with Russians.", "russia", True),
        # Daniil Medvedev the tennis player is not Dmitry Medvedev of the Security Council
        ("ru", "Медведев обыграл Зверева в Дубае",
         "Даниил Медведев обыграл Александра Зверева и вышел в финал, где сыграет с Синнером.", "russia", False),
        ("ru", "Медведев пригрозил Финляндии",
         "Зампред Совбеза Дмитрий Медведев заявил, что Хельсинки пожалеет о минах на границе. Медведев назвал решение "
         "провокацией, МИД вызвал посла.", "russia", True),
        # an occupation garrison is the occupation
        ("en", "Blast hits occupation garrison's depot in Melitopol",
         "Partisans said they blew up a depot of the occupation garrison in Melitopol.", "russia", True),
        ("uk", "У Мелітополі підірвали склад окупаційного гарнізону",
         "Партизани підірвали склад пального окупаційного гарнізону в Мелітополі.", "russia", True),
        # a win dedicated to the army is an athlete's story ...
        ("uk", "Харків'янин виграв чемпіонат Європи з плавання і присвятив перемогу ЗСУ",
         "Плавець із Харкова виграв золото на дистанції 200 метрів і присвятив перемогу ЗСУ.", "ukraine", False),
        ("ru", "Харьковчанин выиграл чемпионат Европы и посвятил победу ВСУ",
         "Пловец из Харькова выиграл золото на дистанции 200 метров.", "ukraine", False),
        # ... the army acting is still the army
        ("uk", "ЗСУ звільнили село на Запоріжжі", "Підрозділи ЗСУ звільнили село, повідомив Генштаб.", "ukraine", True),
        # a country as one item of a ranked list is not the state ...
        ("en", "Argentina, Ukraine and Pakistan remain biggest borrowers",
         "Egypt is the fund's fourth-biggest borrower after Argentina, Ukraine and Pakistan.", "ukraine", False),
        ("en", "China, Russia and India remain the biggest buyers of Iranian crude",
         "Iran's oil went to China, Russia and India, traders said.", "russia", False),
        ("uk", "Польща, Україна та Туреччина залишаються найбільшими покупцями чеського пива",
         "Найбільшими покупцями залишаються Німеччина, Словаччина, Польща, Україна та Туреччина.", "ukraine", False),
        ("uk", "World Aquatics не допустила російських плавців до чемпіонату світу",
         "Федерація відмовилася допустити російських плавців навіть у нейтральному статусі.", "russia", True),
        # ... acting, first or alone, it still counts
        ("en", "Ukraine gets $1.5bn IMF tranche", "Ukraine received the first tranche of its new IMF programme.",
         "ukraine", True),
    ],
)
def test_the_rounds_rules_and_their_look_alikes(language, title, body, topic, expected):
    assert (topic in match_topics(title, body, language=language).topic_names) is expected


# Misses left in the sets after their rounds: id -> reason (strict: a fix must remove the entry).
LEFT: dict[str, str] = {}

SETS = ("holdout45", "holdout46", "holdout46b")


@pytest.mark.parametrize("row", holdout_rows(SETS, LEFT))
def test_holdout_article_reads_as_labelled(row):
    assert_reads_as_labelled(row)
