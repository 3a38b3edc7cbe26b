"""The holdout35-36 rounds' rules, each with its look-alike, and every article of holdout35-36 read as labelled (strict
xfail, with the reason, for the misses left). Moscow, Idaho written the Ukrainian or Russian way («місто Москва, штат
Айдахо») is the town, not the state; Russia's own names for its strike weapons («Герань-2», «Орешник») are its army
acting, the flower is not; the SBU's named sea drones (Sea Baby, Magura V5) are Ukraine's forces acting, and sea-drone
attacks next to Ukraine's forces named are its war, while other navies' sea drones and Magura's bicycle brakes are not;
NATO-standard kit (a calibre, a shell) in another army's order is a specification, not the alliance."""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics
from tests._topic_sets import assert_reads_as_labelled, holdout_rows

CASES = [
    (  # the Idaho town in a Ukrainian outlet ...
        "uk",
        "У місті Москва, штат Айдахо, відкрили новий кампус",
        "Університет Айдахо приймає студентів із січня.",
        "У місті Москва, штат Айдахо, відкрили новий кампус Університету Айдахо.\n\nБудівництво коштувало 90 мільйонів "
        "доларів.\n\nМерія Москви обіцяє нові автобусні маршрути.",
        set(),
    ),
    (  # ... while the capital speaking is still the state
        "uk",
        "Москва відкинула пропозицію про енергетичне перемир'я",
        "У Кремлі назвали план нереалістичним.",
        "Москва відкинула пропозицію про перемир'я в ударах по енергетиці, заявив речник Кремля Дмитро Пєсков.\n\n"
        "За його словами, план не враховує «реалій на землі».",
        {"russia"},
    ),
    (  # a Russian outlet's «Герань-2» strike is Russia's army acting ...
        "ru",
        "Минобороны: удар «Геранями» по объектам энергетики",
        "Поражены подстанции, питающие предприятия ВПК.",
        "Вооруженные силы нанесли удар беспилотниками «Герань-2» по подстанциям в Харьковской области, питающим "
        "предприятия ВПК, сообщило Минобороны.\n\nВсе цели поражены.",
        {"russia", "ukraine"},
    ),
    (  # ... the geranium on the windowsill is gardening
        "ru",
        "Герань на подоконнике: как ухаживать зимой",
        "Цветок не любит сквозняков.",
        "Герань любит свет, но зимой ее нужно поливать реже.\n\nОбрезку герани лучше делать в феврале.\n\nПодкормка "
        "нужна раз в месяц.",
        set(),
    ),
    (  # the SBU's named sea drones against the fleet: Ukraine's forces acting ...
        "ru",
        "Безэкипажные катера атаковали корабль Черноморского флота",
        "СБУ взяла ответственность на себя.",
        "Безэкипажные катера атаковали корабль Черноморского флота в порту Новороссийска.\n\nСБУ заявила, что "
        "атаку провели дроны Sea Baby.",
        {"russia", "ukraine"},
    ),
    (  # ... another navy's sea drones are not Ukraine's war
        "en",
        "US Navy tests sea drones in the Gulf",
        "The Fifth Fleet's Task Force 59 ran the exercise.",
        "The US Navy's Fifth Fleet tested a swarm of sea drones off Bahrain this week.\n\nThe unmanned surface "
        "vessels tracked mock targets for 72 hours.",
        set(),
    ),
    (  # ... and Magura's bicycle brakes are a product review
        "en",
        "Magura MT7 brakes review: still the trail benchmark",
        "Four-piston power for enduro riders.",
        "The Magura MT7 remains the benchmark for four-piston mountain bike brakes.\n\nThe new lever blade is "
        "easier to reach.",
        set(),
    ),
    (  # NATO-standard kit in another army's order is a specification ...
        "ru",
        "Индия закупит 300 гаубиц калибра 155 мм стандарта НАТО",
        "Контракт получат Bharat Forge и Tata.",
        "Минобороны Индии заказало 300 буксируемых гаубиц калибра 155 мм стандарта НАТО у местных производителей.\n\n"
        "Поставки начнутся в 2027 году.",
        set(),
    ),
    (  # ... while the alliance setting the standard is its own story
        "en",
        "NATO allies agree common standard for 155mm shells",
        "Rutte says the deal will let allies swap stocks.",
        "NATO defence ministers agreed a common standard for 155mm artillery shells, Secretary General Mark Rutte "
        "said in Brussels, so that allies can pool stocks and NATO-standard rounds fit every gun.\n\nThe alliance "
        "will review production targets at its summit in Ankara.",
        {"nato"},
    ),
]


@pytest.mark.parametrize("language, title, description, body, expected", CASES, ids=[c[1][:40] for c in CASES])
def test_round35_rule_and_its_look_alike(language, title, description, body, expected):
    assert set(match_topics(title, body, description, language=language).topic_names) == expected


# Misses left in the sets after their rounds: id -> reason (strict: a fix must remove the entry).
LEFT: dict[str, str] = {}

SETS = ("holdout35", "holdout36")


@pytest.mark.parametrize("row", holdout_rows(SETS, LEFT))
def test_holdout_article_reads_as_labelled(row):
    assert_reads_as_labelled(row)
