"""clean_holdout11: 24 pages of furniture kinds no earlier set held, written blind and scored once (README), then the
general rules of this round: crowdfunding progress text (common:progress), "also available in" notes in more forms,
listen players with their length, AI summary boxes (span ai_summary: label, bullets, AI notice), grant disclosures
for a section or project, war-time censorship boilerplate (censorship), cookie notices with their buttons (span
cookie), crew credit lines (common:credit_line), a link's closing arrow (common:link_arrow), a channel with its
handle after a dash, closed comments, membership goals.

Every page must come out exactly as written with its language known or not, none flagged paywalled. The furniture
lines below are new wordings of the same kinds (not the pages' own), so a rule that only learnt a page's phrase fails
them; the story lines are look-alikes that must stay wherever they stand: a correction about the story's facts, an
editor's note about its sources, officials urging people to subscribe, a fund's drive, a censorship law.
"""

from __future__ import annotations

import re

import pytest

from newswatch.clean._rules import expand_lexicons
from tests._clean_sets import (
    CleanSet,
    block_goes,
    exactly_the_story,
    furniture_line_goes,
    line_in_every_position,
    load,
    no_story_paragraph_lost,
)
from tests.test_clean import paragraphs, run_flow

HOLDOUT11 = CleanSet("clean_holdout11")  # none is paywalled

test_page_is_exactly_the_story = exactly_the_story(HOLDOUT11)
test_no_story_paragraph_is_lost = no_story_paragraph_lost(HOLDOUT11)


@pytest.mark.parametrize("page", HOLDOUT11.pages)
def test_no_page_is_flagged_paywalled(page):
    assert HOLDOUT11.run(page, known_language=True)[2] is False


def test_set_holds_three_languages():
    assert len(HOLDOUT11.pages) == 24
    assert {load("clean_holdout11", page)[2] for page in HOLDOUT11.pages} == {"en", "uk", "ru"}


def test_corrections_stay_and_update_stamps_go():
    for page, correction, stamp in (
        ("epravda", "Виправлення: у попередній версії", "Оновлено о 14:20"),
        ("apnews", "This story has been corrected to show", "This story has been updated to include"),
    ):
        html, url, language, _ = load("clean_holdout11", page)
        body = paragraphs(run_flow(html, url, language, None)[0])
        assert any(p.startswith(correction) for p in body)
        assert not any(p.startswith(stamp) for p in body)


test_furniture_line_goes = furniture_line_goes([
    ("uk", "Зібрано 1 050 000 грн з 2 000 000 грн", "end"),
    ("ru", "Собрано 120 000 ₽ из 500 000 ₽ · 24%", "end"),
    ("en", "$18,450 raised of $25,000 goal", "end"),
    ("en", "1,204 / 5,000 supporters", "mid"),
    ("ru", "Осталось 4 дня · 512 доноров", "end"),
    ("uk", "Це інтерв'ю також доступне англійською мовою", "start"),
    ("ru", "Эту историю можно прочитать по-украински", "end"),
    ("ru", "Прослушать статью · 5 мин", "start"),
    ("uk", "Слухати матеріал 3:40", "start"),
    ("en", "Listen to this story. Voiced by artificial intelligence.", "start"),
    ("en", "Our target: 10,000 members by March. Join them.", "end"),
    ("ru", "Материалы рубрики подготовлены при поддержке фонда «Свободные медиа»", "end"),
    ("uk", "Публікації циклу «Відбудова» створено за підтримки Фонду розвитку медіа", "end"),
    ("en", "This coverage is funded by a grant from the Carnegie Corporation of New York.", "end"),
    ("uk", "Згідно з вимогами воєнного стану ми не публікуємо фото наслідків влучань", "end"),
    ("uk", "Відео погоджено з пресслужбою Сил оборони.", "end"),
    ("ru", "В соответствии с требованиями законодательства мы называем войну «специальной военной операцией».",
     "start"),
    ("en", "Due to martial law restrictions, we cannot specify the location of the strike.", "mid"),
    ("en", "Words: Jane Doe | Photos: John Roe", "end"),
    ("ru", "Текст: Анна Иванова, фото: Пётр Сидоров", "end"),
    ("uk", "Коментарі закрито", "end"),
    ("en", "Comments have been disabled for this story.", "end"),
    ("en", "Find this article helpful? Share it with a friend.", "end"),
    ("en", "Every story, every day — on our WhatsApp: @kyivpost", "end"),
    ("uk", "Головні новини тижня — у суботній розсилці щосуботи о 10:00", "end"),
    ("uk", "Оформіть передплату від 149 грн на місяць", "end"),
    ("en", "All our investigations in one place →", "end"),
    ("ru", "Спецпроект", "start"),
    ("ru", "* Признана Минюстом России иностранным агентом", "end"),
    ("ru", "«Медуза» признана в России «нежелательной организацией»", "end"),
    ("en", "Schedule a demo of Pro Defense today. Request a demo.", "end"),
])

test_summary_and_cookie_boxes_go = block_goes([
    ("uk", ["Коротко", "- Рада ухвалила закон.", "- Він набуде чинності з січня.", "Цей підсумок згенеровано ШІ."]),
    ("ru", ["Коротко о главном", "- Совет ЕС утвердил пакет.", "Краткое содержание сгенерировано нейросетью."]),
    ("en", ["Key takeaways", "- NATO agreed a new air-defence plan.", "- Ukraine joins the scheme.",
            "This summary was generated by AI and checked by our editors."]),
    ("ru", ["Этот сайт использует файлы cookie для аналитики.", "Принять", "Настроить"]),
    ("uk", ["Ми використовуємо кукі, щоб покращити роботу сайту.", "Прийняти всі", "Налаштувати"]),
])

test_look_alike_story_line_stays = line_in_every_position([
    ("uk", "Волонтери за три дні зібрали 18 мільйонів гривень на дрони-перехоплювачі для підрозділів ППО, які "
           "захищають Харків, повідомили у фонді."),
    ("uk", "Фонд зібрав 12 мільйонів гривень з 20 мільйонів, потрібних на ремонт лікарні."),
    ("en", "The fund raised $1.2 million of its $2 million target in the first week, organizers said."),
    ("en", "Our goal is to recruit 5,000 new members of the territorial defense, the commander said."),
    ("ru", "Губернатор призвал жителей подписаться на официальный канал правительства области, где публикуют сообщения "
           "об отмене режима."),
    ("uk", "Стрічка отримала віковий рейтинг 18+ через кадри бойових дій і поранених, які знімали самі захисники."),
    ("ru", "Правозащитники считают, что закон окончательно вводит в России военную цензуру: с 2022 года по этой статье "
           "осудили более 300 человек."),
    ("ru", "Осталось 11 дней до выборов в Молдове, и кампания вышла на финишную прямую."),
    ("uk", "Через вимоги воєнного стану Укренерго не публікує графіки ремонтів підстанцій."),
    ("en", "Because of martial law, Ukrainian authorities do not publish casualty figures for the military."),
    ("uk", "Виправлення: у попередній версії новини помилково зазначалося, що графіки діють у восьми областях. "
           "Насправді — у шести."),
    ("en", "This story has been corrected to show that the strike hit Sumy, not Kharkiv."),
    ("en", "Editor's note: The commander asked that only his call sign, Bohdan, be used for security reasons."),
    ("en", "Subscribers to one national daily now pay $6 a month, and reader revenue covers about a third of its "
           "costs, its editor-in-chief said."),
    ("uk", "Військові попросили мешканців не публікувати фото й відео з місць влучань, щоб не допомагати ворогу "
           "коригувати удари, наголосили в ОВА."),
    ("ru", "Басманный суд Москвы заочно арестовал певицу Земфиру (признана иноагентом) по делу о нарушении порядка "
           "деятельности иностранного агента."),
], stays=True)


def test_a_lexicon_may_name_one_defined_above_it():
    data = {"lexicons": {"ai": ["ai\\b", "artificial intelligence"], "notice": ["^summary (?:by|from) {ai}"]},
            "rules": {"ai_summary": {"contains": ["{notice}"]}}}
    pattern = re.compile(expand_lexicons(data, "test")["rules"]["ai_summary"]["contains"][0])
    assert pattern.pattern == "(?:^summary (?:by|from) (?:ai\\b|artificial intelligence))"
    assert pattern.search("summary by artificial intelligence") and not pattern.search("summary by aide")
    below = {"lexicons": {"notice": ["{ai} summary"], "ai": ["ai"]}, "rules": {}}
    with pytest.raises(ValueError, match=r"unknown lexicon \{ai\}"):
        expand_lexicons(below, "en.yaml")
