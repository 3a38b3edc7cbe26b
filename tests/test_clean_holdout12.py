"""clean_holdout12: 8 pages written after the holdout11 rules, scored once (README: 0/8 exact, the holdout11 rules took
none of its furniture), then general rules drawn from it: an audio version's AI voice, a piece "cleared" with the
military, a grant disclosure for a project, an also-available note without a demonstrative, a translator's credit, a
cookie notice in any verb with its button, summary labels of up to four words and AI notices in the active voice, an
AI summary's label alone, the outlet's fundraiser in the first person, a sponsor label alone, an outlet's channel with
its tagline, "we are on" lists without a colon, how to reach a blocked outlet, "Gift this article".

Every page must come out exactly as written with its language known or not, none flagged paywalled; the lines below
are other wordings of those kinds, and story lines that share their words and must stay.
"""

from __future__ import annotations

from tests._clean_sets import (
    CleanSet,
    block_goes,
    exactly_the_story,
    furniture_line_goes,
    line_in_every_position,
    no_page_flagged,
    no_story_paragraph_lost,
    sets_hold_three_languages,
)

HOLDOUT12 = CleanSet("clean_holdout12")  # none is paywalled

test_page_is_exactly_the_story = exactly_the_story(HOLDOUT12)
test_no_story_paragraph_is_lost = no_story_paragraph_lost(HOLDOUT12)
test_no_page_is_flagged_paywalled = no_page_flagged(HOLDOUT12)
test_set_holds_three_languages = sets_hold_three_languages(HOLDOUT12, sizes=(8,))


test_furniture_line_goes = furniture_line_goes([
    ("uk", "Послухайте статтю · 4 хв · начитано штучним інтелектом", "start"),
    ("ru", "Эта новость озвучена нейросетью", "start"),
    ("en", "This story is narrated by an AI voice.", "start"),
    ("uk", "Відео пройшло погодження з пресслужбою Генштабу.", "end"),
    ("ru", "Материал прошел согласование с Минобороны.", "end"),
    ("uk", "Рубрика виходить за підтримки Фонду «Відродження».", "end"),
    ("ru", "Текст доступен также по-английски", "end"),
    ("uk", "Переклад з англійської: Олена Шевчук", "end"),
    ("en", "Translated by Anna Ivanova", "end"),
    ("en", "This interview was originally published in Ukrainian.", "end"),
    ("ru", "Коротко от GigaChat", "start"),
    ("en", "Summary by ChatGPT", "start"),
    ("ru", "Мы собрали 41% из необходимой суммы. Помогите нам собрать недостающее", "end"),
    ("uk", "Ми зібрали 80% від потрібної суми на зиму", "end"),
    ("en", "We've raised 58% of our winter goal. Help us close the gap.", "end"),
    ("uk", "Зібрали 12% · 48 000 ₴ з 400 000 ₴", "end"),
    ("en", "In association with the Kyiv School of Economics", "start"),
    ("ru", "В партнерстве с «Новой газетой Европа»", "start"),
    ("uk", "Суспільне у Viber — новини вашої громади", "end"),
    ("ru", "Мы в Telegram, VK и Дзен", "end"),
    ("ru", "Смотрите нас через зеркало: tvrain.tv", "end"),
    ("ru", "Если сайт не открывается, скачайте наше приложение или используйте VPN.", "end"),
    ("en", "Read The Insider without a VPN: theins.press", "end"),
    ("en", "Gift this story", "end"),
])

test_summary_and_cookie_boxes_go = block_goes([
    ("uk", ["Головне з матеріалу", "- Лікарі зібрали гроші.", "Тези уклав ChatGPT і перевірила редакція."]),
    ("ru", ["Главное из текста", "- ЕС ускорит запрет.", "Тезисы составила нейросеть YandexGPT."]),
    ("en", ["Key points from this story", "- The EU moves the ban.", "Key points prepared by AI, checked by editors."]),
    ("uk", ["Наш сайт зберігає файли cookie. Детальніше — у політиці конфіденційності.", "Гаразд"]),
    ("ru", ["Сайт собирает куки для аналитики.", "Хорошо"]),
])

test_look_alike_story_line_stays = line_in_every_position([
    ("en", "In partnership with the Red Cross, the city opened 12 heating points in Kharkiv."),
    ("uk", "За підтримки Данії Україна отримає ще 20 гаубиць Archer до кінця року."),
    ("ru", "Мы собрали 64% урожая, несмотря на обстрелы, рассказал фермер."),
    ("ru", "Роскомнадзор заблокировал сайт, но читатели открывают его через VPN, рассказал главный редактор."),
    ("uk", "Сайт міськради збирає файли cookie без згоди користувачів, встановили в Держспецзв'язку."),
    ("en", "Audio of the call, read by an actor, was played in court on Tuesday."),
    ("uk", "КМДА закликала киян встановити застосунок «Київ Цифровий», щоб вчасно отримувати сповіщення про тривоги та "
           "адреси найближчих укриттів."),
    ("uk", "«Закликаю всіх, хто може, долучитися до збору — це питання життя наших пацієнтів», — написала у Facebook "
           "завідувачка хірургії Ірина Коваль."),
    ("ru", "Сбор продолжается до 30 ноября, помочь можно в пунктах приема в каждом районе, сообщили в администрации."),
    ("en", "Correction: an earlier version of this article said the attack involved 800 drones. The air force figure "
           "is 600."),
    ("en", "Analysts say the authorities are pushing users toward Max, a state-backed messenger that shares data with "
           "the security services on request."),
], stays=True)
