"""The holdout26 round's rules, each with its look-alike, and every article of holdout26-28 read as labelled (strict
xfail, with the reason, for the misses left): the troops Moscow keeps beyond Ukraine and the FSB's border guards, the
FSB in English, unqualified occupation forces, a company called NATO, a former NATO base, a festival as NATO context;
then the holdout27 round's: the full-scale invasion, a Ukrainian outlet's "our state", a head coach, a person's
passport; and after holdout28 a Russian outlet's unqualified «Правительство»."""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics
from tests._topic_sets import assert_reads_as_labelled, holdout_rows

CASES = [
    (  # the troops Moscow keeps in Georgia's breakaway region, told without the adjective, in a Georgian story ...
        "en",
        "Villagers near Tskhinvali lose their orchards to a moved fence",
        "FSB border guards moved the line overnight; Tbilisi called it a provocation.",
        "Green signs of the 'border' were moved 300 metres into the village overnight, Georgia's State Security "
        "Service said.\n\nMoscow has kept some 4,000 troops in South Ossetia since 2008, and FSB border guards patrol "
        "the line.\n\nTbilisi will raise the matter in Geneva.",
        {"russia"},
    ),
    (  # ... Georgia's own politics naming the breakaway region and Russia in passing is not Russia acting
        "en",
        "Georgian Dream pledges talks on Abkhazia's railway",
        "The line would link Russia and Armenia.",
        "Georgian Dream chairman Irakli Kobakhidze said Tbilisi was open to talks on reopening the railway through "
        "Abkhazia.\n\nThe line would link Russia and Armenia via Georgia.\n\nOpposition parties called the idea "
        "dangerous.",
        set(),
    ),
    (  # the garrison in Transnistria, in a Ukrainian outlet
        "uk",
        "Кишинів знову вимагає вивести війська з Придністров'я",
        "Склад у Кобасні охороняють 1500 військових.",
        "Уряд Молдови вимагає вивести війська з Придністров'я, які охороняють склад боєприпасів у Кобасні.\n\n"
        "Москва відмовляється обговорювати це питання.\n\nУ МЗС Молдови нагадали про зобов'язання 1999 року.",
        {"russia"},
    ),
    (  # the Financial Stability Board is another FSB
        "en",
        "FSB warns on stablecoin risks",
        "The Financial Stability Board's report goes to the G20.",
        "The Financial Stability Board (FSB) said stablecoins posed risks to the financial system, in a report to G20 "
        "finance ministers.\n\nThe FSB, based in Basel, said regulation was uneven.\n\nRussia and China were among the "
        "countries whose rules were reviewed.",
        set(),
    ),
    (  # another army's occupation forces are not the occupation of this war
        "en",
        "Israeli occupation forces raid Jenin camp",
        "Three killed, Palestinian health ministry says.",
        "Israeli occupation forces raided the Jenin refugee camp, the ministry said.\n\nThe occupation forces detained "
        "20 people, according to WAFA.\n\nThe army said it was targeting militants.",
        set(),
    ),
    (  # a drugmaker called NATO ...
        "en",
        "NATO Pharma opens plant in Telangana",
        "The Hyderabad drugmaker invests $50m.",
        "NATO Pharma opened a plant in Telangana on Monday.\n\nShares in NATO Pharma rose 3%.\n\nThe company exports "
        "generics to the US.",
        set(),
    ),
    (  # ... while the alliance's own medicine stockpile is the alliance
        "en",
        "NATO allies agree joint stockpile of medicines",
        "Defence ministers approved the plan in Brussels.",
        "NATO defence ministers agreed on Thursday to build a joint stockpile of medicines and blood plasma for "
        "wartime.\n\nThe NATO Support and Procurement Agency will buy from pharma companies in allied countries, "
        "Secretary General Mark Rutte said.\n\nThe first depots open next year.",
        {"nato"},
    ),
    (  # a festival in a former NATO base's hangars ...
        "uk",
        "Фестиваль джазу на колишній базі НАТО",
        "Понад 60 виконавців.",
        "Фестиваль відбудеться в ангарах колишньої бази НАТО біля Енсхеде.\n\nКвитки коштують 59 євро.\n\n"
        "Організатори чекають 30 тисяч гостей.",
        set(),
    ),
    (  # ... a summit that moves a festival stays the alliance's story
        "en",
        "NATO summit in The Hague: city moves jazz festival",
        "Rutte thanked residents.",
        "The Hague will move its summer jazz festival to September because of the NATO summit, the city said.\n\n"
        "Secretary General Mark Rutte thanked residents for their patience.\n\nThe allies' leaders will meet on June "
        "24-25.",
        {"nato"},
    ),
    (  # ... and so does a former base the allies take over again
        "en",
        "Allies to station F-35s at former NATO air base in Germany, Rutte says",
        "The alliance will double its air policing rotation.",
        "NATO will station eight F-35s at the former NATO air base of Hahn, Secretary General Mark Rutte said on "
        "Tuesday.\n\nThe allies agreed the move at a meeting of defence ministers in Brussels.\n\nGermany will pay for "
        "the runway.",
        {"nato"},
    ),
    # --- the holdout27 round ---
    (  # "the full-scale invasion" is Russia's: with a sanctioned tycoon's assets, the story is Russia's ...
        "en",
        "Sanctioned tycoon's jet sold at auction in Malta",
        "The proceeds stay frozen.",
        "A business jet seized from a pipe-making magnate was sold for $9m, the court's marshal said.\n\nHe was placed "
        "under EU sanctions days after the full-scale invasion, accused of close ties to the Kremlin.\n\nVladimir "
        "Putin's allies have lost several such cases.",
        {"russia"},
    ),
    (  # ... while a Ukrainian story dated by it stays Ukraine's alone
        "en",
        "Kharkiv's School No. 17 reopens underground",
        "400 pupils return to classrooms.",
        "For the first time since the full-scale invasion, pupils of School No. 17 in Kharkiv sat in a classroom.\n\n"
        "The shelter was built six metres below the yard, Mayor Ihor Terekhov said.\n\nLessons run in two shifts.",
        {"ukraine"},
    ),
    (  # a Ukrainian outlet's "our state" next to Ukraine named ...
        "uk",
        "Канада виділить 100 мільйонів доларів на українську енергетику",
        "Кошти підуть на трансформатори.",
        "Уряд Канади виділить 100 мільйонів доларів на трансформатори для енергетики, повідомила міністерка енергетики "
        "Світлана Гринчук.\n\nЗагалом Канада надала нашій державі понад 20 мільярдів доларів.\n\nОбладнання "
        "надійде до зими.",
        {"ukraine"},
    ),
    (  # ... is not a foreign leader's "our country" translated
        "uk",
        "Прем'єр Японії: наша країна підвищить податок на споживання",
        "Рішення ухвалять до літа.",
        "Прем'єр-міністерка Японії Санае Такаїчі заявила, що наша країна підвищить податок на споживання до 12%.\n\n"
        "«Наша держава має збалансувати бюджет», — сказала вона.\n\nОпозиція виступає проти.",
        set(),
    ),
    (  # a coach named after the capital is sport ...
        "en",
        "Kiev Morales named head coach of Deportivo",
        "The 39-year-old signs for two seasons.",
        "Deportivo have named Kiev Morales head coach until 2027, the Segunda División club said.\n\nKiev, whose "
        "parents named him after the Ukrainian capital, won promotion with Ferrol.\n\nDeportivo are 15th.",
        set(),
    ),
    (  # ... a head coach killed at the front is the war
        "uk",
        "Колишній головний тренер «Кривбасу» загинув на фронті",
        "Він пішов добровольцем у 2022 році.",
        "Колишній головний тренер «Кривбасу» загинув на фронті під час виконання бойового завдання на Покровському "
        "напрямку, повідомив клуб.\n\nВін пішов добровольцем у 2022 році.\n\nПрощання відбудеться в Кривому Розі.",
        {"ukraine"},
    ),
    (  # a mayor's Russian passport is his document, not Russia acting ...
        "ru",
        "Мэра Измаила лишили гражданства из-за российского паспорта",
        "Указ подписал президент.",
        "Президент Украины подписал указ о прекращении гражданства мэра Измаила. СБУ сообщила, что у него есть паспорт "
        "гражданина РФ.\n\nМэр назвал обвинения фальшивкой.\n\nГородом будет руководить военная администрация.",
        {"ukraine"},
    ),
    (  # ... passports forced on the occupied are the occupation
        "en",
        "Occupation authorities in Melitopol force residents to take Russian passports",
        "Those without one lose access to hospitals.",
        "Residents of occupied Melitopol who refuse Russian passports will lose access to hospitals and pensions, the "
        "Moscow-installed administration said.\n\nUkraine's ombudsman called it a war crime.\n\nAbout 60% of "
        "residents left the city after 2022.",
        {"russia", "ukraine"},
    ),
    # --- after holdout28 ---
    (  # a Russian outlet's unqualified «Правительство» and economic ministries are Russia's own ...
        "ru",
        "Правительство повысило пошлины на ввоз комбайнов",
        "Минсельхоз поддержал меру.",
        "Правительство утвердило повышение ввозных пошлин на зерноуборочные комбайны до 15%.\n\nВ Минпромторге "
        "считают, что мера поддержит «Ростсельмаш».\n\nФермеры опасаются роста цен на 3 млн рублей.",
        {"russia"},
    ),
    (  # ... another country's government, named, is not
        "ru",
        "Правительство Казахстана повысило утильсбор на автомобили",
        "Сбор вырастет на 20%.",
        "Правительство Казахстана утвердило новые ставки утилизационного сбора: с 1 января он вырастет на 20%.\n\n"
        "В Минпромстрое республики считают, что мера поддержит местную сборку.\n\nИмпортеры ожидают роста цен на 500 "
        "тысяч тенге.",
        set(),
    ),
]


@pytest.mark.parametrize("language, title, description, body, expected", CASES, ids=[c[1][:40] for c in CASES])
def test_round26_rule_and_its_look_alike(language, title, description, body, expected):
    assert set(match_topics(title, body, description, language=language).topic_names) == expected


# Misses left in the sets after their rounds: id -> reason (strict: a fix must remove the entry).
LEFT = {}

SETS = ("holdout26", "holdout27", "holdout28")


@pytest.mark.parametrize("row", holdout_rows(SETS, LEFT))
def test_holdout_article_reads_as_labelled(row):
    assert_reads_as_labelled(row)
