"""Topic matcher on stories that never name the country, and on look-alikes that do.

Realistic short articles (title, feed description, body) in the three languages, written for these tests:
Ukraine's government as «Уряд» / «Кабінет міністрів» / «Кабмин», its units and front-line towns, Russia's
regions, officials, force groupings and state companies, NATO's commands; and the traps that name a country
without being about it (a foreign «уряд», Kiev cake, a Ukraine-born NBA player, «алфавіт НАТО», the Kremlin
Palace as a concert hall, «Гидрометцентр России», НГУ in Novosibirsk).
"""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics


def verdict(language, title, description, body):
    return match_topics(title, body, description, language=language)


def terms(match, topic):
    return {h.term for h in match.scores[topic].terms}


# --- on topic, country unnamed ------------------------------------------------------------------------------


def test_ukrainian_government_as_uryad_and_cabinet_of_ministers():
    match = verdict(
        "uk",
        "Уряд продовжив програму компенсації за зруйноване житло",
        "Кабінет міністрів виділив ще 5 мільярдів на сертифікати «єВідновлення».",
        "Уряд продовжив до кінця наступного року програму компенсацій за житло, зруйноване внаслідок бойових дій. "
        "Рішення ухвалили на засіданні Кабінету міністрів у середу.\n\n"
        "Сертифікати можна отримати через застосунок «Дія». Від початку програми компенсацію отримали понад "
        "100 тисяч родин.\n\nЗаявки розглядають комісії при місцевих радах протягом 30 днів.",
    )
    assert match.topic_names == ["ukraine"]
    assert {"government (uk)", "Ukrainian institutions"} <= terms(match, "ukraine")


def test_a_foreign_government_named_as_such_is_not_ukraines():
    match = verdict(
        "uk",
        "Уряд Франції пішов у відставку після вотуму недовіри",
        "Прем'єр програв голосування в Національних зборах.",
        "Національні збори Франції висловили недовіру уряду прем'єр-міністра. За відставку проголосували "
        "364 депутати.\n\nПрем'єр намагався провести бюджет з економією 44 мільярдів євро. Президент Емманюель "
        "Макрон має призначити нового прем'єра.\n\nЦе вже другий уряд, який втратив підтримку парламенту за рік.",
    )
    assert match.topic_names == []
    russian = verdict(
        "ru",
        "Кабмин Японии одобрил рекордный оборонный бюджет",
        "Расходы на оборону вырастут до 9 трлн иен.",
        "Кабинет министров Японии одобрил проект бюджета с рекордными расходами на оборону. Деньги пойдут на "
        "ракеты большой дальности и спутники.\n\nБюджет должен утвердить парламент в марте.",
    )
    assert russian.topic_names == []


def test_russian_language_ukrainian_outlet_cabinet_and_ministers():
    match = verdict(
        "ru",
        "Кабмин повысил выплаты семьям погибших военных",
        "Единовременная помощь вырастет до 15 млн гривен.",
        "Кабинет министров повысил единовременную выплату семьям погибших защитников до 15 млн гривен, "
        "сообщил министр финансов Сергей Марченко.\n\nДеньги будут выплачивать в три этапа. Заявление можно "
        "подать в территориальном центре комплектования или через «Дію».",
    )
    assert match.topic_names == ["ukraine"]


def test_army_abbreviation_acting_and_a_russian_border_region():
    match = verdict(
        "ru",
        "В Белгородской области после атаки дронов обесточены три села",
        "Повреждена подстанция.",
        "ВСУ атаковали беспилотниками Грайворонский округ, повреждена подстанция, без электричества остались "
        "около 3 тысяч жителей, сообщил губернатор Белгородской области Вячеслав Гладков.\n\n"
        "Пострадал один человек. Энергетики приступили к ремонту.",
    )
    assert set(match.topic_names) == {"ukraine", "russia"}
    assert "Armed Forces of Ukraine" in terms(match, "ukraine")
    assert "Russian border regions" in terms(match, "russia")


def test_russian_force_grouping_claim_in_a_russian_outlet():
    match = verdict(
        "ru",
        "Группировка «Центр» заняла Родинское",
        "Об этом сообщило Минобороны.",
        "Подразделения группировки войск «Центр» установили контроль над населённым пунктом Родинское в ДНР, "
        "сообщило Минобороны.\n\nПо данным ведомства, за сутки ВСУ потеряли на этом направлении до 300 "
        "военнослужащих. Генштаб ВСУ сообщение не подтвердил.",
    )
    assert set(match.topic_names) == {"ukraine", "russia"}
    assert "Russian force groupings" in terms(match, "russia")


def test_russian_state_company_and_central_bank_unqualified():
    match = verdict(
        "ru",
        "РЖД попросили у правительства льготный кредит",
        "Компания не справляется с обслуживанием долга.",
        "ОАО «РЖД» обратилось к правительству с просьбой о льготном кредите на 400 млрд рублей, сообщили "
        "источники.\n\nДолг монополии превысил 4 трлн рублей, а высокая ставка ЦБ делает рефинансирование "
        "слишком дорогим.",
    )
    assert match.topic_names == ["russia"]


def test_grain_corridor_port_on_the_danube():
    match = verdict(
        "en",
        "Drones damage grain terminal in Izmail",
        "Exports through the Danube ports continued.",
        "Russian drones damaged a grain terminal and a warehouse in Izmail overnight, the governor of the Odesa "
        "region said. No one was hurt.\n\nShips continued to use the grain corridor, and ports loaded 1.2 "
        "million tonnes this week, the infrastructure ministry said.",
    )
    assert set(match.topic_names) == {"ukraine", "russia"}


def test_nato_commands_named_in_ukrainian():
    match = verdict(
        "uk",
        "Місія «Балтійський вартовий» отримала нові дрони",
        "Верховний головнокомандувач ОЗС в Європі відвідав Таллінн.",
        "До місії «Балтійський вартовий» додали морські дрони для охорони підводних кабелів. Про це заявив "
        "генерал Алексус Ґринкевич під час візиту до Таллінна.\n\nКораблі союзників патрулюють Балтійське "
        "море з січня.",
    )
    assert match.topic_names == ["nato"]


def test_missile_strike_on_a_city_without_naming_the_attacker():
    strike = verdict(
        "uk",
        "Ракетний удар по Харкову: загинули двоє людей",
        "Пошкоджено багатоповерхівку.",
        "Ракета влучила в центр Харкова. Загинули двоє людей, 15 поранені, повідомив мер Ігор Терехов.\n\n"
        "На місці працюють рятувальники ДСНС.",
    )
    assert strike.topic_names == ["ukraine"]
    elsewhere = verdict(
        "uk",
        "Ракетний удар по Бейруту: загинули двоє людей",
        "Ізраїль заявив, що атакував командира угруповання.",
        "Ізраїльська ракета влучила в житловий будинок на півдні Бейрута. Загинули двоє людей, повідомило "
        "міністерство охорони здоров'я Лівану.",
    )
    assert elsewhere.topic_names == []


# --- look-alikes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, title, description, body",
    [
        (
            "en",
            "Kiev cake returns to the menu at a Soho patisserie",
            "The meringue and hazelnut layers take two days.",
            "A Soho patisserie has put Kiev cake back on its menu. The dessert, first made in the Ukrainian "
            "capital in 1956, layers hazelnut meringue with cocoa buttercream.\n\nThe Kiev cake costs £7 a "
            "slice.",
        ),
        (
            "en",
            "Ukraine-born forward scores twice as Rangers beat Bruins",
            "The 22-year-old has six goals in five games.",
            "The Ukraine-born forward scored twice in the third period as the New York Rangers beat the Boston "
            "Bruins 4-2 at Madison Square Garden.\n\nThe Rangers moved into second place in the Metropolitan "
            "Division.",
        ),
        (
            "uk",
            "Як диспетчери диктують позивні",
            "Історія фонетичного алфавіту НАТО.",
            "Фонетичний алфавіт НАТО використовують пілоти, моряки та кол-центри. Слова «Альфа», «Браво» і "
            "«Чарлі» обирали так, щоб їх не плутали під час поганого зв'язку.",
        ),
        (
            "ru",
            "Лепс дал юбилейный концерт в Кремлёвском дворце",
            "Зал был полон.",
            "Григорий Лепс отметил юбилей концертом в Государственном Кремлёвском дворце. Певец исполнил "
            "30 песен.\n\nКонцерт покажут по телевидению в новогоднюю ночь.",
        ),
        (
            "ru",
            "Гидрометцентр России: в выходные ожидается аномальное тепло",
            "Температура будет выше климатической нормы.",
            "По данным Гидрометцентра России, в выходные температура в центральных регионах будет на 8 градусов "
            "выше климатической нормы. Синоптики обещают сухую погоду.",
        ),
        (
            "ru",
            "Учёные НГУ создали новый катализатор",
            "Разработка снизит стоимость водорода.",
            "Исследователи Новосибирского государственного университета (НГУ) разработали катализатор для "
            "производства водорода. Работа опубликована в журнале Nature Catalysis.",
        ),
        (
            "uk",
            "У Вінниці відкрили виставку сучасної кераміки",
            "Експонують роботи 30 майстрів.",
            "У Вінниці відкрилася виставка сучасної української кераміки, на якій представлено роботи 30 "
            "майстрів.\n\nВиставка у Вінниці триватиме до кінця місяця.",
        ),
    ],
)
def test_look_alikes_are_off_topic(language, title, description, body):
    assert verdict(language, title, description, body).topic_names == []
