"""The holdout29-31 rounds' rules, each with its look-alike, and every article of holdout29-31 read as labelled (strict
xfail, with the reason, for the misses left). holdout29: San Francisco's Russian Hill, a Russian state company building
in a neighbour state; holdout30: Ukrposhta, the language ombudsman, «Альянс» in quotes; holdout31: the Crimean-Congo
fever, the Russian names a decolonisation law removes, a border crossing to Russia, citizenship of NATO countries, road
running, the military administrations in a Russian-language Ukrainian outlet."""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics
from tests._topic_sets import assert_reads_as_labelled, holdout_rows

CASES = [
    # --- holdout29 ---
    (  # San Francisco's neighbourhood is not the country ...
        "en",
        "Cable car service suspended on Russian Hill after brake failure",
        "No one was hurt.",
        "Muni suspended the Powell-Hyde cable car line over Russian Hill on Monday after a brake failure, the agency "
        "said.\n\nResidents of Russian Hill complained about buses replacing the cars.\n\nService should resume on "
        "Friday.",
        set(),
    ),
    (  # ... while Russian troops taking a hill are the war
        "en",
        "Russian troops take hill near Kupiansk, Ukraine's army says",
        "The army said it pulled back to the next line.",
        "Russian troops captured a hill north of Kupiansk after three days of assaults, Ukraine's army said.\n\n"
        "The brigade defending it withdrew to prepared positions.\n\nShelling of the town continued.",
        {"ukraine", "russia"},
    ),
    (  # a Russian state company building in Kazakhstan is Russia acting abroad ...
        "uk",
        "Росатом збудує першу АЕС у Казахстані",
        "Станція матиме два енергоблоки.",
        "Казахстан обрав «Росатом» головним підрядником будівництва першої атомної електростанції, повідомило "
        "агентство з атомної енергії республіки.\n\nРосійська держкорпорація також запропонувала кредит.\n\n"
        "Другу станцію збудує китайська CNNC.",
        {"russia"},
    ),
    (  # ... Kazakhstan's own politics with Russia in passing is not
        "en",
        "Tokayev proposes referendum on a single-chamber parliament",
        "The Senate would be abolished.",
        "Kazakh President Kassym-Jomart Tokayev proposed a referendum on abolishing the Senate.\n\nThe reform "
        "follows Russia's and Kyrgyzstan's changes to their constitutions, he said.\n\nA vote could be held in 2027.",
        set(),
    ),
    # --- holdout30 ---
    (  # the state postal operator's prices are a Ukrainian state company's
        "ru",
        "Укрпочта повысит тарифы на посылки",
        "Повышение вступит в силу с 1 января.",
        "Укрпочта с 1 января повысит тарифы на доставку посылок по Украине в среднем на 15%, сообщил гендиректор "
        "компании.\n\nРасходы на топливо и зарплаты выросли на четверть.\n\nУкрпочта доставляет пенсии в села.",
        {"ukraine"},
    ),
    (  # the language ombudsman fining a Russian-only menu is the Ukrainian state's law ...
        "uk",
        "Мовний омбудсмен оштрафувала київську кав'ярню за меню російською",
        "Заклад має 30 днів, щоб перекласти меню.",
        "Уповноважена із захисту державної мови оштрафувала кав'ярню в центрі Києва на 5100 гривень за меню лише "
        "російською.\n\nЗа законом обслуговування в Україні має бути українською.\n\nВласник пообіцяв перекласти "
        "меню.",
        {"ukraine"},
    ),
    (  # ... a Kyiv cafe's new menu is a restaurant review
        "en",
        "A Kyiv cafe's new winter menu: borscht with smoked pear",
        "The chef changes the menu every season.",
        "A cafe in Kyiv's Podil district has a new winter menu, with borscht made with smoked pear and a honey "
        "cake.\n\nThe chef trained in Lviv.\n\nA dinner for two costs about 1,500 hryvnias.",
        set(),
    ),
    (  # «Альянс» in quotes is a club's name ...
        "ru",
        "«Альянс» из Липовой Долины вышел в Первую лигу",
        "Победный гол забили на 90-й минуте.",
        "Футбольный клуб «Альянс» обыграл «Нефтяник» со счетом 2:1.\n\nГлавный тренер «Альянса» поблагодарил "
        "болельщиков.\n\nСезон завершится в мае.",
        set(),
    ),
    (  # ... the alliance unquoted is NATO
        "uk",
        "Альянс посилить місію в Балтійському морі",
        "Рішення ухвалили міністри оборони.",
        "Альянс перетворить місію «Балтійський вартовий» на постійну операцію, заявив генсек НАТО Марк Рютте.\n\n"
        "До місії долучаться фрегати країн-членів Альянсу.\n\nРішення ухвалили міністри оборони союзників.",
        {"nato"},
    ),
    # --- holdout31 ---
    (  # a tick-borne fever named after the peninsula is not Crimea ...
        "ru",
        "В Турции выросло число случаев крымской геморрагической лихорадки",
        "Минздрав призвал фермеров быть осторожнее.",
        "В Турции с начала года зарегистрировано 700 случаев крымской геморрагической лихорадки, сообщил "
        "минздрав.\n\nВирус переносят клещи.\n\nБольше всего случаев в провинции Токат.",
        set(),
    ),
    (  # ... a strike on Crimea is the occupied peninsula
        "en",
        "Ukrainian drones hit Russian air defence system in Crimea",
        "The strike destroyed an S-400 launcher, Kyiv says.",
        "Ukrainian drones struck a Russian S-400 air defence system in occupied Crimea overnight, Ukraine's military "
        "intelligence said.\n\nThe Moscow-installed governor said debris fell near Yevpatoria.\n\nNo one was hurt.",
        {"ukraine", "russia"},
    ),
    (  # streets named after Russian writers are the names a Ukrainian law removes ...
        "en",
        "Lviv renames 12 streets named after Russian writers",
        "The Ukrainian Institute of National Memory drew up the list.",
        "Lviv city council renamed 12 streets named after Russian writers and Soviet figures under Ukraine's "
        "decolonisation law.\n\nPushkin Street becomes Bohdan-Ihor Antonych Street.\n\nThe city has renamed 90 streets "
        "since 2022.",
        {"ukraine"},
    ),
    (  # ... a Russian writer jailed by a Moscow court is Russia's repression
        "en",
        "Moscow court jails Russian writer for 'fakes' about the army",
        "He was sentenced in absentia to eight years.",
        "A Moscow court sentenced a Russian writer in absentia to eight years in prison for spreading \"fakes\" about "
        "the army.\n\nThe writer lives in Berlin.\n\nProsecutors cited his posts about the war.",
        {"russia"},
    ),
    (  # a crossing to Russia closed by Estonia for its own reasons is the map ...
        "en",
        "Estonia shuts Narva crossing to Russia for the holidays",
        "The pedestrian border crossing with Russia reopens on January 4.",
        "Estonia will close the Narva pedestrian crossing into Russia from December 31 to January 4, the police and "
        "border guard board said.\n\nIt blamed a shortage of border guards.\n\nAbout 400,000 people used the crossing "
        "last year.",
        set(),
    ),
    (  # ... a crossing closed because Moscow steers migrants to it is Russia acting
        "en",
        "Finland closes last border crossing with Russia, accusing Moscow of steering migrants",
        "Helsinki says the Kremlin is waging a hybrid operation.",
        "Finland closed its last border crossing with Russia, accusing Moscow of deliberately steering migrants to "
        "the border.\n\nPrime Minister Petteri Orpo said Russian border guards escorted the migrants.\n\nThe Kremlin "
        "denied it.",
        {"russia"},
    ),
    (  # citizenship of EU and NATO countries in a Ukrainian law is a list of countries
        "ru",
        "Рада приняла закон о множественном гражданстве",
        "Закон вступит в силу после подписи президента.",
        "Верховная Рада разрешила украинцам иметь гражданство стран ЕС, НАТО и других государств, поддерживающих "
        "Украину.\n\nГражданство страны-агрессора остается основанием для лишения украинского.\n\nЗа закон "
        "проголосовали 243 депутата.",
        {"ukraine"},
    ),
    (  # a runner's marathon win is sport ...
        "ru",
        "Украинец Ситковский выиграл Валенсийский марафон",
        "Он обновил рекорд Украины.",
        "Украинский бегун Александр Ситковский выиграл марафон в Валенсии, обновив рекорд Украины.\n\nОн "
        "опередил кенийца на последнем километре.\n\nПосле финиша он развернул флаг Украины.",
        set(),
    ),
    (  # ... the national telethon is the state's information policy
        "uk",
        "Уряд скоротить фінансування телемарафону «Єдині новини»",
        "Мінкульт пропонує 1,1 млрд гривень замість 1,5 млрд.",
        "Кабмін скоротить фінансування телемарафону «Єдині новини» у 2027 році, повідомили в Міністерстві культури."
        "\n\nМарафон «Єдині новини» виходить з лютого 2022 року.\n\nДепутати від опозиції вимагають закрити марафон.",
        {"ukraine"},
    ),
    (  # a city military administration, as a Russian-language Ukrainian outlet writes it
        "ru",
        "В Запорожье продлили комендантский час",
        "Решение приняла областная военная администрация.",
        "Запорожская областная военная администрация продлила комендантский час до 6 утра, сообщил ее начальник.\n\n"
        "Изменения вступят в силу с понедельника.\n\nОбщественный транспорт будет ходить до 23:00.",
        {"ukraine"},
    ),
]


@pytest.mark.parametrize("language, title, description, body, expected", CASES, ids=[c[1][:40] for c in CASES])
def test_round29_rule_and_its_look_alike(language, title, description, body, expected):
    assert set(match_topics(title, body, description, language=language).topic_names) == expected


# Misses left in the sets after their rounds: id -> reason (strict: a fix must remove the entry).
LEFT = {
    "h30-en-02": "a Russian drone's debris in Moldova: 'an attack on Ukraine's Odesa region' (lead and body) reads as "
    "Ukraine's war; labelled `russia` only, as Russian drones over Poland",
    "h30-ru-02": "a Rostov court's sentence on a ВСУ commander: the accused's army reads as Ukraine's; labelled "
    "`russia` only (the court is the subject), a label the incursion rule could also read as both",
    "h31-en-09": "Putin in Dushanbe: the ICC warrant's reason (deported children from occupied Ukraine) is Ukraine in "
    "passing (5.0); labelled both, although the sanctions rule would read a reason in passing as not `ukraine`",
    "h31-uk-10": "a war documentary on the Oscar shortlist: one body mention of Russian troops (3.5) is not Russia's "
    "story for the matcher",
    "h31-ru-01": "Pushkin's monument removed in Odesa (6.0 / 6.5): the city military administration and the "
    "decolonisation law read, the monument and the museum are culture context",
}

SETS = ("holdout29", "holdout30", "holdout31")


@pytest.mark.parametrize("row", holdout_rows(SETS, LEFT))
def test_holdout_article_reads_as_labelled(row):
    assert_reads_as_labelled(row)
