"""The holdout32-34 rounds' rules, each with its look-alike, and every article of holdout32-34 read as labelled (strict
xfail, with the reason, for the misses left). The first: a match, a race or a league that names NATO only as a venue's
past or a backdrop (the arena that hosted the summit, a course beside the air base) is `sport context` for `nato`,
with `discounts: all`, unless the alliance's own people or commands are in the story; a NATO story that mentions a
match in passing keeps its label. And (holdout34) the outlet's unqualified government («Уряд», «Правительство») is not
its own country's in a story about another state's parliament, president or premier."""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics
from tests._topic_sets import assert_reads_as_labelled, holdout_rows

CASES = [
    (  # a game in the arena that hosted the summit is sport ...
        "en",
        "Latvia stun Canada in Riga arena that hosted the NATO summit",
        "The hosts won 3-2 in overtime at the ice hockey world championship.",
        "Latvia beat Canada 3-2 in overtime at the ice hockey world championship in Riga on Tuesday.\n\nThe arena, "
        "which hosted the NATO summit in 2006, was sold out, and fans celebrated in the Old Town until dawn.\n\n"
        "Latvia play Sweden in the quarter-final on Thursday.",
        set(),
    ),
    (  # ... the Secretary General moving a summit around a final is the alliance's own story
        "en",
        "Rutte: NATO summit dates will not clash with the World Cup final",
        "The alliance's leaders meet in Ankara in July.",
        "NATO Secretary General Mark Rutte said the alliance's summit in Ankara would be held on July 7-8, after the "
        "football World Cup final, so that leaders' security details were not stretched.\n\nAllies will review "
        "progress towards the 5% of GDP defence spending target.\n\nTurkey hosts a NATO summit for the second time.",
        {"nato"},
    ),
    (  # a match called off in passing does not cancel allied jets scrambled against Russian drones (no command named)
        "en",
        "NATO jets scrambled as Russian drones cross into Poland",
        "Polish and Dutch F-35s shot down three drones.",
        "NATO and Polish jets were scrambled overnight after Russian drones crossed into Polish airspace, Poland's "
        "Operational Command said.\n\nPolish and Dutch F-35s shot down three "
        "drones. The alliance said its air defence had worked.\n\nA football match in Rzeszów was "
        "postponed.",
        {"nato", "russia"},
    ),
    (  # a national team playing where the summit was held ...
        "uk",
        "Збірна України з футболу зіграє у Вільнюсі, де проходив саміт НАТО",
        "Матч відбору до чемпіонату світу відбудеться 14 листопада.",
        "Національна збірна України з футболу зіграє домашній матч відбору до чемпіонату світу проти Ісландії у "
        "Вільнюсі, на арені, де 2023 року проходив саміт НАТО.\n\nКвитки надійдуть у продаж у понеділок.\n\n"
        "Головний тренер Сергій Ребров оголосить склад у п'ятницю.",
        set(),
    ),
    (  # ... a biathlon race beside an alliance range
        "ru",
        "Этап Кубка мира по биатлону пройдет рядом с полигоном НАТО в Норвегии",
        "Гонки начнутся в пятницу.",
        "Этап Кубка мира по биатлону в норвежском Шёне пройдет рядом с полигоном НАТО, где весной проходят учения "
        "альянса.\n\nОрганизаторы ждут 20 тысяч зрителей.\n\nВ мужской гонке фаворитом считается Йоханнес Бё.",
        set(),
    ),
    (  # the alliance's defence ministers are its story whatever the week's sport
        "uk",
        "Міністри оборони НАТО погодили план посилення ППО на східному фланзі",
        "Рішення ухвалили в Брюсселі.",
        "Міністри оборони країн НАТО на засіданні в Брюсселі погодили план посилення протиповітряної оборони на "
        "східному фланзі Альянсу, повідомив генсек Марк Рютте.\n\nСоюзники розмістять додаткові системи в Польщі "
        "та Румунії.\n\nЗасідання збіглося з фіналом Ліги чемпіонів, який приймав Будапешт.",
        {"nato"},
    ),
    # --- holdout34: the unqualified government of the outlet's country, in a story about another state ---
    (  # another parliament's new cabinet is that state's «уряд» ...
        "uk",
        "Сейм Латвії висловив недовіру уряду",
        "Прем'єр-міністерка Евіка Сіліня втратила посаду.",
        "Сейм Латвії висловив недовіру уряду прем'єр-міністерки Евіки Сіліні, за відставку проголосували 52 "
        "депутати.\n\nУряд працюватиме до затвердження нового кабінету.\n\nПрезидент Латвії Едгарс Рінкевичс почне "
        "консультації з фракціями в понеділок.",
        set(),
    ),
    (  # ... the unqualified «Уряд» of a Ukrainian outlet is still Ukraine's when no other state's institutions are told
        "uk",
        "Уряд скоротив кількість пільгових категорій для бронювання",
        "Зміни набудуть чинності з 1 січня.",
        "Уряд скоротив перелік критично важливих підприємств, працівники яких можуть отримати бронювання від "
        "мобілізації, повідомило Міністерство економіки.\n\nУрядова постанова вступить у дію з 1 січня.\n\n"
        "Роботодавці мають подати нові заявки через «Дію».",
        {"ukraine"},
    ),
    (  # the same in Russian: Moldova's parliament approving «правительство» is not Russia's cabinet ...
        "ru",
        "Парламент Молдовы утвердил новое правительство",
        "Премьер-министром стал Александру Мунтяну.",
        "Парламент Молдовы утвердил состав нового правительства во главе с Александру Мунтяну.\n\nПравительство "
        "обещает продолжить реформы для вступления в ЕС.\n\nОппозиция бойкотировала голосование.",
        set(),
    ),
    (  # ... while a Russian outlet's unqualified «Правительство» raising a levy is Russia's
        "ru",
        "Правительство повысит утильсбор на грузовики с января",
        "Минпромторг подготовил постановление.",
        "Правительство с 1 января повысит утилизационный сбор на грузовики и спецтехнику в среднем на 20%, сообщил "
        "Минпромторг.\n\nВ ведомстве объяснили решение защитой отечественных производителей.\n\nИмпортеры "
        "ожидают роста цен.",
        {"russia"},
    ),
]


@pytest.mark.parametrize("language, title, description, body, expected", CASES, ids=[c[1][:40] for c in CASES])
def test_round32_rule_and_its_look_alike(language, title, description, body, expected):
    assert set(match_topics(title, body, description, language=language).topic_names) == expected


# Misses left in the sets after their rounds: id -> reason (strict: a fix must remove the entry).
LEFT: dict[str, str] = {}

SETS = ("holdout32", "holdout33", "holdout34")


@pytest.mark.parametrize("row", holdout_rows(SETS, LEFT))
def test_holdout_article_reads_as_labelled(row):
    assert_reads_as_labelled(row)
