"""The holdout39-40 rounds' rules, each with its look-alike, and every article of holdout39-40 read as labelled (strict
xfail, with the reason, for the misses left). Russia paying voters or parties abroad («деньги из России», "Kremlin
interference") is the state acting; an airport's new terminal and its passenger numbers are a Russian region's
transport news, not Russia. After holdout40: the GRU's hacker units and the pro-Russian DDoS groups are Russia's side
acting (a ransomware gang nobody names is not); "Russia, which denied involvement" is the state acting; Ukraine's
wartime articles (justifying Russia's aggression, collaboration) are Ukraine's war, even in a case against a cleric.

Relabelled in the holdout41 round, by the lexicons README's policy: h39-uk-05 (Latvia closing a crossing «на кордоні
з Росією») is not `russia` ("a crossing 'to Russia' / 'with Russia' that the neighbour closes or opens: where it
leads, not Russia acting", as Narva's h31-ru-10); h40-en-03 (Danube ports "hit by Russian drone attacks") is
`russia` too ("a strike by Russian drones makes the story `russia` as well as `ukraine`"); h39-uk-04 (the UOC ruled
tied to the ROC) is `ukraine` only, like h18-uk-09 (the policy line written in that round, which the code now
follows: a Ukrainian body's ruling on the UOC is Ukraine's story, the ROC is a church, not the Russian state). The
two one-mention misses (Gagauzia's candidates paid «из России», Romania's vote "pointed to Russia") are read since
the vote a story of Russian money or interference is about counts (`a vote Moscow meddles in`)."""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics
from tests._topic_sets import assert_reads_as_labelled, holdout_rows

CASES = [
    (  # money from Russia to buy votes abroad is Russia acting ...
        "en",
        "Moldovan police detain 40 over vote-buying scheme",
        "Investigators say the network was paid with money from Russia.",
        "Moldovan police detained 40 people suspected of paying voters ahead of Sunday's election.\n\nInvestigators "
        "said the network was financed with money from Russia and run from Moscow by a fugitive businessman.\n\n"
        "Prosecutors said the Kremlin's interference cost more than 100 million euros.",
        {"russia"},
    ),
    (  # ... a vote-buying case with no foreign money is not
        "en",
        "Moldovan police detain 40 over vote-buying scheme",
        "Investigators say the network paid pensioners in cash.",
        "Moldovan police detained 40 people suspected of paying voters ahead of Sunday's local election.\n\n"
        "Investigators said the network paid pensioners 500 lei each.\n\nThe suspects face up to five years in prison.",
        set(),
    ),
    (  # a Russian region's airport terminal is transport news ...
        "ru",
        "В Казани открыли новый терминал аэропорта",
        "Пассажиропоток вырастет до 8 млн человек в год.",
        "В международном аэропорту Казани открылся новый терминал, сообщили в правительстве Татарстана.\n\n"
        "Пассажиропоток аэропорта превысил 5 млн человек. Рейсы в Москву выполняются каждый час.",
        set(),
    ),
    (  # ... Russian drones hitting a Ukrainian airport are the war
        "ru",
        "Российские дроны атаковали аэропорт Днепра",
        "Разрушен новый терминал.",
        "Российские войска ночью атаковали аэропорт Днепра ударными беспилотниками, сообщил глава ОВА.\n\n"
        "Разрушен новый терминал, пострадали двое сотрудников.",
        {"ukraine", "russia"},
    ),
    (  # holdout40: a pro-Russian DDoS group claiming an attack is Russia's side acting ...
        "en",
        "Hackers knock Danish ministry websites offline",
        "The pro-Russian group NoName057(16) claimed responsibility.",
        "Websites of Denmark's defence ministry and several municipalities were down for hours on Tuesday after a "
        "DDoS attack.\n\nThe pro-Russian hacker group NoName057(16) claimed responsibility on Telegram.",
        {"russia"},
    ),
    (  # ... a ransomware gang nobody names is not
        "en",
        "Hackers knock Danish ministry websites offline",
        "No group has claimed responsibility.",
        "Websites of Denmark's defence ministry and several municipalities were down for hours on Tuesday after a "
        "DDoS attack.\n\nNo group has claimed responsibility, the national cyber security centre said.",
        set(),
    ),
    (  # a Ukrainian court's case against a cleric for justifying Russia's aggression is Ukraine's war ...
        "uk",
        "Суд заарештував настоятеля храму у Черкасах",
        "Його підозрюють у виправдовуванні збройної агресії.",
        "Соснівський районний суд Черкас заарештував на два місяці настоятеля храму, якого СБУ підозрює у "
        "виправдовуванні збройної агресії.\n\nЗа даними слідства, священник у проповідях закликав прихожан не "
        "допомагати армії.",
        {"ukraine"},
    ),
    (  # ... a parish's jubilee in the same city is the church
        "uk",
        "Храм у Черкасах відзначив 100-річчя",
        "На літургію прийшли сотні прихожан.",
        "Настоятель храму в Черкасах відслужив святкову літургію з нагоди 100-річчя парафії.\n\nНа службу прийшли "
        "сотні прихожан, хор співав колядки.",
        set(),
    ),
]


@pytest.mark.parametrize("language, title, description, body, expected", CASES, ids=[c[1][:40] for c in CASES])
def test_round39_rule_and_its_look_alike(language, title, description, body, expected):
    assert set(match_topics(title, body, description, language=language).topic_names) == expected


# Misses left in the sets after their rounds: id -> reason (strict: a fix must remove the entry).
LEFT: dict[str, str] = {}

SETS = ("holdout39", "holdout40")


@pytest.mark.parametrize("row", holdout_rows(SETS, LEFT))
def test_holdout_article_reads_as_labelled(row):
    assert_reads_as_labelled(row)
