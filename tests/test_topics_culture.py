"""The country's name as an adjective of culture (the holdout18 round): a community abroad, a parish, a band on tour,
a box-office record, spy fiction, a hike. Each is off-topic context unless the war is in the story, so every case
comes with its look-alike that must stay on topic (a diaspora rally for air defence, a cathedral hit by a missile, a
novelist jailed for "fakes" about the army).
"""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics

CASES = [
    (  # a diaspora festival: the adjective of a community abroad
        "en",
        "Edmonton's Ukrainian heritage festival fills Hawrelak Park",
        "Varenyky, a hopak troupe and pysanky workshops drew 30,000 visitors to the parish's weekend.",
        "The Ukrainian Heritage Festival in Edmonton drew 30,000 visitors over the weekend, organisers from St. "
        "Josaphat's parish said.\n\nVolunteers served varenyky and holubtsi, a hopak troupe from Kyiv closed the "
        "main stage and children painted pysanky with a master from Lviv. The diaspora in Alberta, one of the "
        "oldest in Canada, dates from the 1890s.\n\nProceeds go to the Ukrainian community centre's new roof.",
        set(),
    ),
    (  # ... and the same community rallying for air defence after a strike
        "en",
        "Ukrainian-Canadians rally in Ottawa for more air defence",
        "The diaspora asked Parliament to speed up missile deliveries after a strike on Kyiv killed 23 people.",
        "Thousands of members of the Ukrainian diaspora rallied on Parliament Hill on Sunday, urging Ottawa to "
        "send more air defence missiles to Ukraine after a Russian missile strike on Kyiv killed 23 people last "
        "week.\n\nSpeakers from community organisations and parishes read the names of the dead. The Ukrainian "
        "Canadian Congress said it had delivered 30,000 letters to MPs.\n\nCanada has pledged more than 4 billion "
        "dollars in military aid to Ukraine.",
        {"ukraine", "russia"},  # the Russian strike: Russia's forces acting (bench/data/topics/README.md)
    ),
    (  # spy fiction naming the Kremlin again and again
        "en",
        "Review: a Cold War thriller set inside the Kremlin",
        "A KGB colonel hunts a mole among the Politburo's aides in 1983 Moscow.",
        "The Kremlin in 1983 is all corridors and whispers in this spy novel, the third in the series, where a "
        "KGB colonel hunts a mole among the Politburo's aides.\n\nMoscow is grey, the villains are gloriously cold "
        "and the spycraft is meticulous; the Kremlin's canteen scenes are the best in the book.\n\nA TV adaptation "
        "is planned for next year.",
        set(),
    ),
    (  # ... and a novelist jailed for his novel about the war
        "en",
        "Russian novelist jailed for 'fakes' about the army",
        "A Moscow court sentenced the author of a novel about a deserter to seven years.",
        "A Moscow court sentenced the novelist Ilya Serov to seven years in a penal colony for spreading 'fakes' "
        "about the Russian army in a novel about a mobilised soldier who deserts.\n\nProsecutors said the book "
        "discredited the army; Serov said he had written fiction. His publisher in Riga said the novel would be "
        "translated.\n\nMemorial recognised him as a political prisoner.",
        {"russia"},
    ),
    (  # a parish's jubilee abroad
        "uk",
        "Українська парафія в Торонто відзначила 100-річчя собору",
        "Святкову літургію очолив митрополит, після служби парафіяни влаштували обід.",
        "Українська греко-католицька парафія святого Миколая в Торонто відзначила 100 років від освячення "
        "собору.\n\nЛітургію очолив митрополит, співав хор з Києва. Після богослужіння парафіяни пригощали гостей "
        "борщем і варениками.\n\nПарафія утримує українську школу, де навчаються 200 дітей з діаспори.",
        set(),
    ),
    (  # ... and a cathedral hit in a Russian strike
        "uk",
        "Російська ракета пошкодила собор в Одесі",
        "Вибуховою хвилею вибило вітражі, поранено трьох людей.",
        "Уночі російські війська атакували Одесу ракетами та дронами, повідомив начальник Одеської ОВА. Вибухова "
        "хвиля пошкодила Спасо-Преображенський собор, поранено трьох людей.\n\nСили ППО збили 30 дронів. Собор уже "
        "постраждав від удару в 2023 році.",
        {"ukraine", "russia"},
    ),
    (  # a band's tour abroad
        "uk",
        "Український гурт оголосив тур Європою",
        "Гурт зіграє 15 концертів, квитки у продажу з понеділка.",
        "Український гурт «Антитіла» оголосив тур Європою: 15 концертів у Варшаві, Берліні, Празі та "
        "Лондоні.\n\nМузиканти представлять новий альбом, записаний у Києві. Більшість концертів уже sold "
        "out.\n\nОстанній концерт туру відбудеться у Львові.",
        set(),
    ),
    (  # a comedy's box-office record in a Russian outlet
        "ru",
        "Российская комедия стала самой кассовой в истории проката",
        "Сборы фильма превысили 6 миллиардов рублей.",
        "Семейная комедия «Три богатыря» собрала более 6 миллиардов рублей и стала самой кассовой в истории "
        "российского проката, сообщил Фонд кино.\n\nФильм посмотрели 16 миллионов зрителей в кинотеатрах России. "
        "Продюсеры объявили о продолжении, съёмки начнутся в Москве.",
        set(),
    ),
]


@pytest.mark.parametrize("language, title, description, body, expected", CASES, ids=[c[1][:40] for c in CASES])
def test_culture_stories_and_their_war_look_alikes(language, title, description, body, expected):
    result = match_topics(title, body, description=description, language=language)
    assert set(result.topic_names) == expected, {t: s.score for t, s in result.scores.items()}
