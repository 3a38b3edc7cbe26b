"""The holdout41-42 rounds' rules, each with its look-alike, and every article of holdout41-42 read as labelled (strict
xfail, with the reason, for the misses left). "Nato" followed by a Georgian surname is a woman's first name, not the
alliance (Guardian-style "Nato" stays the alliance); another state's defence ministry, named by its adjective («шведське
Міноборони») or as "the country's" («Міністерство оборони країни»), is not Ukraine's, and a Ukrainian outlet's
unqualified ministries do not count in a story about another state's government; the vote a story of Russian money or
interference is about counts for `russia` (Gagauzia's candidates paid «из России»), a vote without them does not.
After holdout42: «В Кремле заявили», the Russian outlets' impersonal "the Kremlin said", and «Москва поддержала» are the
state acting; the European club competitions (Champions, Europa, Conference League) are sport context for `ukraine`.
The church law's wording, "affiliated with the aggressor state", is a Ukrainian legal category, not Russia acting."""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics
from tests._topic_sets import assert_reads_as_labelled, holdout_rows

CASES = [
    (  # a Georgian winemaker called Nato is a person ...
        "en",
        "Georgian winemaker Nato Kapanadze wins gold in London",
        "Her qvevri wine beat 200 entries.",
        "Nato Kapanadze, who makes wine in Kakheti, won a gold medal at the International Wine Challenge.\n\n"
        "Nato's Saperavi was aged in clay jars for a year.\n\nGeorgia's wine exports rose 10% this year.",
        set(),
    ),
    (  # ... Guardian-style "Nato" is still the alliance
        "en",
        "Nato allies agree to boost air defences on eastern flank",
        "Nato's secretary general said the alliance would send more systems.",
        "Nato defence ministers agreed in Brussels to send more air-defence systems to the eastern flank.\n\n"
        "Mark Rutte, Nato's secretary general, said allies had pledged 40 additional launchers.\n\nThe decision "
        "follows repeated airspace violations.",
        {"nato"},
    ),
    (  # Sweden's defence ministry, named by its adjective, is not Ukraine's ...
        "uk",
        "Швеція закупить нові винищувачі Gripen",
        "Контракт підписали у Стокгольмі.",
        "Уряд Швеції погодив закупівлю ще 12 винищувачів Gripen E, повідомили у шведському Міноборони.\n\n"
        "Перші літаки надійдуть у 2028 році.\n\nВартість контракту становить 3 млрд євро.",
        set(),
    ),
    (  # ... a Ukrainian outlet's unqualified «Міноборони» is Ukraine's
        "uk",
        "Міноборони закупить ще 3 тисячі дронів-перехоплювачів",
        "Контракти підписали з п'ятьма виробниками.",
        "Міноборони уклало контракти на постачання 3 тисяч дронів-перехоплювачів для протиповітряної оборони, "
        "повідомили у відомстві.\n\nПерші партії надійдуть до бригад на фронті вже у грудні.\n\nВиробники "
        "збільшили випуск удвічі за рік.",
        {"ukraine"},
    ),
    (  # holdout42: "the Kremlin said" as Russian outlets write it («В Кремле заявили») is the state acting ...
        "ru",
        "В Южной Осетии выбрали нового президента",
        "В Кремле заявили о готовности продолжить финансовую помощь республике.",
        "В Южной Осетии завершились президентские выборы, победу одержал глава парламента, сообщил ЦИК республики.\n\n"
        "Новый президент пообещал построить больницу. Тбилиси назвал голосование незаконным.\n\nЯвка составила 71%.",
        {"russia"},
    ),
    (  # ... the same vote without Moscow is the region's (Georgia's neighbour-state context)
        "ru",
        "В Южной Осетии выбрали нового президента",
        "ЦИК объявил итоги голосования.",
        "В Южной Осетии завершились президентские выборы, победу одержал глава парламента, сообщил ЦИК республики.\n\n"
        "Новый президент пообещал построить больницу и дорогу до Джавы. Тбилиси назвал голосование незаконным.\n\n"
        "Явка составила 71%.",
        set(),
    ),
    (  # a European club match is sport, whatever the war did to the club's home ...
        "en",
        "Shakhtar beat Hibernian to top Conference League group",
        "The Ukrainian champions won 2-0.",
        "Shakhtar Donetsk beat Hibernian 2-0 in Krakow to top their Conference League group.\n\nThe Ukrainian "
        "club has played its European home games in Poland since Russia's full-scale invasion.\n\nShakhtar will learn "
        "their last-16 opponents on Monday.",
        set(),
    ),
    (  # ... a missile on the stadium where it played Europa League games is the war
        "en",
        "Russian missiles hit Kharkiv's Metalist stadium",
        "Three people were wounded, the governor said.",
        "Russian forces struck Kharkiv with two Iskander missiles overnight, damaging the Metalist stadium, where the "
        "city's club played Europa League matches before the full-scale invasion, governor Oleh Syniehubov said.\n\n"
        "Three people were wounded and windows were blown out in nearby apartment blocks.\n\nThe club now plays its "
        "home games in Lviv.",
        {"ukraine", "russia"},
    ),
    (  # the church law's "affiliated with the aggressor state" is Ukraine's legal category, not Russia acting ...
        "uk",
        "Суд заборонив діяльність єпархії УПЦ у Рівному",
        "Це друга справа за законом про релігійні організації.",
        "Окружний адміністративний суд задовольнив позов ДЕСС і заборонив діяльність Рівненської єпархії УПЦ.\n\n"
        "Суд погодився, що єпархія є частиною Російської православної церкви, яку закон визнає афілійованою з "
        "державою-агресором.\n\nУ єпархії заявили, що оскаржать рішення.",
        {"ukraine"},
    ),
    (  # ... the aggressor state shelling a city is
        "uk",
        "Країна-агресор знову обстріляла Рівне",
        "Пошкоджено будівлю єпархії.",
        "Країна-агресор вночі атакувала Рівне ударними дронами, повідомив голова ОВА.\n\nПошкоджено будівлю єпархії та "
        "кілька житлових будинків.\n\nПостраждалих немає.",
        {"ukraine", "russia"},
    ),
    (  # an election whose candidates were paid «из России» is Moscow meddling ...
        "ru",
        "В Молдавии ЦИК снял с выборов трех кандидатов",
        "Полиция подозревает их в подкупе избирателей.",
        "Центризбирком Молдавии снял с парламентских выборов трех кандидатов оппозиционного блока.\n\n"
        "По данным полиции, они получали деньги из России для подкупа избирателей.\n\nКандидаты намерены "
        "обжаловать решение в суде.",
        {"russia"},
    ),
    (  # ... the same election with no foreign money is Moldova's
        "ru",
        "В Молдавии ЦИК снял с выборов трех кандидатов",
        "Кандидаты не сдали финансовые отчеты.",
        "Центризбирком Молдавии снял с парламентских выборов трех кандидатов оппозиционного блока.\n\n"
        "По данным ЦИК, они не представили отчеты о расходах на кампанию.\n\nКандидаты намерены обжаловать "
        "решение в суде.",
        set(),
    ),
]


@pytest.mark.parametrize("language, title, description, body, expected", CASES, ids=[c[1][:40] for c in CASES])
def test_round41_rule_and_its_look_alike(language, title, description, body, expected):
    assert set(match_topics(title, body, description, language=language).topic_names) == expected


# Misses left in the sets after their rounds: id -> reason (strict: a fix must remove the entry).
LEFT: dict[str, str] = {}

SETS = ("holdout41", "holdout42")


@pytest.mark.parametrize("row", holdout_rows(SETS, LEFT))
def test_holdout_article_reads_as_labelled(row):
    assert_reads_as_labelled(row)
