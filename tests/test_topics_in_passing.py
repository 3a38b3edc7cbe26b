"""A mention in passing (lexicons/README.md): a topic found only through the country's name, adjective, capital or
places, in a story without a word of the state, war, politics or the economy (lexicons/signals/), is discounted.
Each case comes with its look-alike in which the country is adjectival too, but one signal word is in the story."""

from __future__ import annotations

import pytest

from newswatch.topics import TopicMatcher, match_topics

CASES = [
    (  # a swimmer: the adjective and the capital only
        "uk",
        "Українська плавчиня виграла етап Кубка світу в Шанхаї",
        "Плавчиня з Києва перемогла на дистанції 800 метрів.",
        "Українська плавчиня виграла етап Кубка світу з плавання в Шанхаї.\n\nСпортсменка з Києва фінішувала з "
        "найкращим результатом сезону.\n\nНаступний етап відбудеться в Сінгапурі.",
        set(),
    ),
    (  # ... and Ukrainian drone makers: the adjective again, the war's economy around it
        "uk",
        "Українські виробники дронів нарощують експорт компонентів",
        "Київські компанії домовилися з європейськими партнерами.",
        "Українські виробники з Києва та Львова збільшили виробництво вдвічі.\n\nКомпанії з Києва домовилися з "
        "партнерами з Данії про спільний експорт компонентів для дронів.\n\nУкраїнські інженери працюють у "
        "Копенгагені.",
        {"ukraine"},
    ),
    (  # a mountain in Russia, named again and again
        "en",
        "Climbers flock to Elbrus for a record season",
        "Guides on the Russian peak say bookings are up by a third.",
        "Elbrus, Russia's highest mountain, had a record season, with 12,000 climbers reaching its summits.\n\nMost "
        "were Russian tourists; guides from Moscow ran groups from Iran and India.\n\nRescuers blamed bad weather for "
        "most accidents.",
        set(),
    ),
    (  # ... and Russian oil revenues paying for the war: Russia adjectival, the war in the story
        "en",
        "Russian oil revenues keep Moscow's war chest full",
        "Russian crude sold to India and China above the cap.",
        "Russian oil revenues rose by a tenth in October, Moscow-based analysts said, as Russian crude kept flowing "
        "to India and China.\n\nThe money pays for the war, they said.\n\nRussia's refiners also sold more diesel.",
        {"russia"},
    ),
    (  # a Russian swimmer in Kazan
        "ru",
        "Российский пловец установил мировой рекорд в Казани",
        "Колесников проплыл 50 метров на спине за 22,1 секунды.",
        "Российский пловец установил мировой рекорд на чемпионате России в Казани.\n\nРоссийские болельщики "
        "встретили рекорд овацией.\n\nПловец надеется выступить на международных стартах.",
        set(),
    ),
]


@pytest.mark.parametrize("language, title, description, body, expected", CASES)
def test_a_name_in_passing_is_not_the_topic(language, title, description, body, expected):
    match = match_topics(title, body, description, language)
    assert set(match.topic_names) == expected, match.topics


def test_the_discount_applies_only_without_signal_words_and_only_to_mentions():
    language, title, description, body, _ = CASES[0]
    scores = match_topics(title, body, description, language).scores
    assert scores["ukraine"].in_passing and scores["ukraine"].score < scores["ukraine"].threshold
    with_war = match_topics(title, body + "\n\nЇї батько служить у ЗСУ на фронті.", description, language).scores
    assert not with_war["ukraine"].in_passing and with_war["ukraine"].passed


def test_a_language_without_a_signal_list_is_never_judged_in_passing():
    matcher = TopicMatcher()
    _, title, description, body, _ = CASES[4]
    assert not matcher.match(title, body, description, "kk").scores["russia"].in_passing
