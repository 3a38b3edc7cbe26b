"""The holdout37-38 rounds' rules, each with its look-alike, and every article of holdout37-38 read as labelled (strict
xfail, with the reason, for the misses left). A Russian outlet's unqualified social and cultural ministries
(«Минкультуры», «Минздрав») are Russia's own, as its economic ministries are; the decree's "traditional Russian
spiritual and moral values" are the yardstick of Russia's censorship (a banned film is the state acting, a film
review is not); a price in roubles is the country in passing, like a price in hryvnias (Moscow's parking fees are
city news, the budget's roubles are not); «Укрзализныця» as Ukrainian outlets write it in Russian is the state
railway. After holdout38: a Ukrainian outlet's unqualified economic ministries («Мінекономіки») are Ukraine's (another
country's, named, are not), and a goaltender's shutout is sport, whatever NATO joke a player makes."""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics
from tests._topic_sets import assert_reads_as_labelled, holdout_rows

CASES = [
    (  # the culture ministry revoking a film's licence over "traditional values" is Russia's censorship ...
        "ru",
        "Минкультуры запретило показ фильма о школьном выпускном",
        "Картина «противоречит традиционным ценностям», считают в ведомстве.",
        "Министерство культуры отказало в прокатном удостоверении фильму «Выпускной», который должен был выйти в "
        "марте.\n\nВ ведомстве сочли, что картина противоречит традиционным российским духовно-нравственным "
        "ценностям.\n\nПродюсеры обжалуют решение.",
        {"russia"},
    ),
    (  # ... while a Russian director's new film opening is a film review
        "ru",
        "Фильм «Выпускной» вышел в прокат",
        "Российский режиссер снял комедию о школьниках.",
        "Комедия российского режиссера о школьном выпускном вышла в прокат в четверг.\n\nКритики хвалят актеров и "
        "саундтрек.\n\nВ первый уикенд фильм собрал 120 млн рублей.",
        set(),
    ),
    (  # the English wording of the decree
        "en",
        "Russian censors pull novel for 'undermining traditional Russian values'",
        "The publisher says 30,000 copies will be pulped.",
        "Russia's media regulator ordered bookshops to withdraw a best-selling novel, saying it undermined "
        "traditional Russian spiritual and moral values.\n\nThe publisher said 30,000 copies would be pulped.",
        {"russia"},
    ),
    (  # "traditional values" in another country's politics is not Russia
        "en",
        "Texas board adopts 'traditional values' reading list",
        "Critics say the list leaves out modern authors.",
        "The Texas State Board of Education adopted a reading list it said reflected traditional values.\n\nTeachers' "
        "unions said the list left out most authors published after 1950.\n\nThe board will review it in 2028.",
        set(),
    ),
    (  # a price in roubles in a Russian outlet's city story is the country in passing ...
        "ru",
        "В Москве подорожает проезд в метро",
        "Поездка по карте «Тройка» будет стоить 75 рублей.",
        "С 2 января проезд в московском транспорте подорожает: поездка по карте «Тройка» составит 75 рублей вместо "
        "68 рублей.\n\nСтоимость единого билета на 90 минут вырастет до 140 рублей.\n\nЛьготы для пенсионеров "
        "сохранятся.",
        set(),
    ),
    (  # ... the budget's roubles are Russia's economy
        "ru",
        "Минфин: дефицит бюджета за 10 месяцев достиг 4,2 трлн рублей",
        "Нефтегазовые доходы упали на 22%.",
        "Дефицит федерального бюджета за январь – октябрь составил 4,2 трлн рублей, сообщил Минфин.\n\n"
        "Нефтегазовые доходы сократились на 22%, расходы на оборону выросли.\n\nПравительство ожидает "
        "сокращения дефицита в декабре.",
        {"russia"},
    ),
    (  # the state railway as a Ukrainian outlet writes it in Russian ...
        "ru",
        "«Укрзализныця» назначила дополнительные поезда на праздники",
        "В продажу поступили билеты на 14 рейсов.",
        "«Укрзализныця» назначила 14 дополнительных поездов на новогодние праздники, в том числе из Киева во Львов и "
        "Ивано-Франковск.\n\nБилеты можно купить в приложении «Укрзализныци».\n\nВ компании советуют покупать их "
        "заранее.",
        {"ukraine"},
    ),
    (  # holdout38: a Ukrainian outlet's unqualified economy ministry is Ukraine's own ...
        "uk",
        "Мінекономіки: промислове виробництво зросло на 4%",
        "Найбільше зросла переробна промисловість.",
        "Промислове виробництво за десять місяців зросло на 4%, повідомило Міністерство економіки.\n\nНайбільше "
        "додали машинобудування та харчова промисловість.\n\nУ Мінекономіки очікують, що зростання збережеться, якщо "
        "не буде тривалих відключень світла.",
        {"ukraine"},
    ),
    (  # ... another country's, named as such, is not
        "uk",
        "Мінекономіки Польщі погіршило прогноз ВВП",
        "Зростання сповільниться до 2,8%.",
        "Міністерство економіки Польщі погіршило прогноз зростання ВВП на наступний рік до 2,8%.\n\nПричиною названо "
        "слабкий попит у Німеччині.\n\nМінекономіки Польщі очікує пожвавлення у 2027 році.",
        set(),
    ),
    (  # ... nor is a Russian outlet's foreign health ministry Russia's
        "ru",
        "Минздрав Казахстана запретил продажу вейпов",
        "Запрет вступит в силу в марте.",
        "Минздрав Казахстана запретил продажу электронных сигарет с марта.\n\nНарушителей ждут штрафы.\n\nВ "
        "Министерстве здравоохранения Казахстана назвали меру необходимой.",
        set(),
    ),
    (  # holdout38: a hockey report that never says "hockey" (a goaltender's shutout) with NATO in a player's joke ...
        "en",
        "Goaltender's shutout sends Latvia past Canada",
        "Elvis Merzlikins made 41 saves in Riga.",
        "Latvia beat Canada 2-0 in Riga on Friday as goaltender Elvis Merzlikins made 41 saves for his third shutout "
        "of the season.\n\n'Our defence was a wall, like NATO's eastern flank,' forward Rudolfs Balcers joked.\n\n"
        "Latvia play Slovakia on Sunday.",
        set(),
    ),
    (  # ... while the alliance's drill keeps its label when a goalie is in the crowd
        "en",
        "NATO allies hold air defence drill over Latvia",
        "Jets from eight allies took part.",
        "Fighter jets from eight NATO allies practised intercepting cruise missiles over Latvia on Friday, the "
        "alliance's Allied Air Command said.\n\nThe drill, Ramstein Flag, is held twice a year.\n\nThe Latvian "
        "goaltender Elvis Merzlikins watched the flypast from the stands before his shutout.",
        {"nato"},
    ),
    (  # ... a private bus line between the same cities is not the state
        "ru",
        "Новый автобусный рейс свяжет Киев и Кишинев",
        "Перевозчик обещает wi-fi и розетки.",
        "Частный перевозчик запускает ежедневный автобус Киев – Кишинев с остановкой в Виннице.\n\nБилет будет стоить "
        "около 40 евро.\n\nВ салоне есть wi-fi и розетки.",
        set(),
    ),
]


@pytest.mark.parametrize("language, title, description, body, expected", CASES, ids=[c[1][:40] for c in CASES])
def test_round37_rule_and_its_look_alike(language, title, description, body, expected):
    assert set(match_topics(title, body, description, language=language).topic_names) == expected


# Misses left in the sets after their rounds: id -> reason (strict: a fix must remove the entry).
LEFT: dict[str, str] = {}

SETS = ("holdout37", "holdout38")


@pytest.mark.parametrize("row", holdout_rows(SETS, LEFT))
def test_holdout_article_reads_as_labelled(row):
    assert_reads_as_labelled(row)
