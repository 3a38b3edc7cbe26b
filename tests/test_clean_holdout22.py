"""clean_holdout22: 16 pages of appeals, disclaimers, sign-up boxes, copyright lines and labels written blind (README:
7/16 exact with the rules of c920b88, para P 0.859 R 0.985), from Ukrainian, Russian-language and English outlets:
donation appeals closing the story (card numbers, an IBAN, crypto wallets, a monobank jar, Patreon, Boosty, PayPal),
grant and views disclaimers, newsletter boxes line by line, app prompts, read-also lines, copyright and reprint lines,
the Russian foreign-agent label in full, with Greek look-alike letters; and stories ABOUT a fundraiser, about
copyright, about the foreign-agent law, and explainers whose subheadings are imperatives like a prompt's.

The general rules drawn from it: a Greek letter inside a Latin or Cyrillic word reads as its look-alike in the word's
script (``normalise``: "Read alsο", «захищенο», «ДЗΕН», "Τhe views": the fold reads it as its Latin look-alike before
case folding, and the mixed-script step reads that as Cyrillic inside a Cyrillic word, at no extra scan); the reprint
and rights lines in their other orders (uk, ru, en: «Передрук — за письмовою згодою редакції», «При полном или
частичном использовании…», «Все права защищены. Использование…», "All rights reserved. Reproduction…"); a sign-up
box's name, its e-mail field and the inbox pitch (uk, ru, en); alerts of a danger are no prompt's offer ("Get air raid
alerts", «Отримуйте сповіщення про повітряні тривоги», «Получайте уведомления о воздушной тревоге», "Download the Air
Raid Alert app" heading an explainer's part stay; the outlet's news alerts go). The second part (holdout/README.md,
scored once: 3/6, para P 0.870 R 1.000) added the imperative to give with its means and the outlet unquoted
(«Підтримайте НикВести донатом»), reprint bans («Перепечатка без разрешения редакции запрещена»), funding that "made
possible" a publication (uk, ru, en).

Every page must come out exactly as written with its language known or not.
"""

from __future__ import annotations

import pytest

from newswatch.clean._rules import normalise
from tests._clean_sets import (
    STORY,
    CleanSet,
    block_goes,
    clean_lines,
    exactly_the_story,
    furniture_line_goes,
    line_in_every_position,
    no_page_flagged,
    no_story_paragraph_lost,
    sets_hold_three_languages,
)

HOLDOUT22 = CleanSet("clean_holdout22")
SECOND = CleanSet("clean_holdout22/holdout")

test_page_is_exactly_the_story = exactly_the_story(HOLDOUT22, SECOND, verdict=True)
test_no_story_paragraph_is_lost = no_story_paragraph_lost(HOLDOUT22, SECOND, verdict=True)
test_sets_hold_three_languages = sets_hold_three_languages(HOLDOUT22, SECOND, sizes=(16, 6))
test_no_page_flagged = no_page_flagged(HOLDOUT22)
test_no_page_of_the_second_part_flagged = no_page_flagged(SECOND)


test_furniture_line_goes = furniture_line_goes([
    # Greek look-alikes inside a Latin or Cyrillic word
    ('en', 'Read als\u03bf: Russia moves ammunition depots closer to the front', 'mid'),
    ('en', 'D\u03bfwnload the Kyiv Post app', 'end'),
    ('en', '\u03a4he views expressed in this article are the author\u2019s own.', 'end'),
    ('uk', 'Редакція н\u03b5 завжди поділяє думки, висловлені авторами блогів.', 'end'),
    ('uk', '© 2026 ZAXID.NET. Усі права захищен\u03bf.', 'end'),
    ('ru', 'ЧИТАЙТЕ «ФОНТАНКУ» В ДЗ\u0395Н', 'end'),
    ('uk', 'Ми працюємо завдяки в\u03b1м. Підтримайте нас: send.monobank.ua/jar/7Zx9KkPq2w', 'end'),
    # reprint and rights lines in their other orders
    ('uk', 'Усі права на матеріали належать «Детектору медіа». Передрук — за письмовою згодою редакції.', 'end'),
    ('uk', 'Передрук матеріалів — лише з активним посиланням на vezha.ua', 'end'),
    ('uk', 'Копіювання матеріалів — тільки з письмового дозволу редакції', 'end'),
    ('uk', 'При повному або частковому використанні матеріалів посилання на «Вежу» обов\u2019язкове.', 'end'),
    ('ru', 'При полном или частичном использовании материалов ссылка на 7x7 обязательна.', 'end'),
    ('ru', 'Все права защищены. Использование материалов разрешается при условии гиперссылки на dumskaya.net.', 'end'),
    ('ru', 'Перепечатка — только с письменного разрешения редакции', 'end'),
    ('ru', 'Все права на материалы принадлежат ООО «Медиа-Холдинг».', 'end'),
    ('en', 'All rights reserved. Reproduction without written permission is prohibited.', 'end'),
    # a sign-up box's lines, one by one
    ('uk', 'Розсилка «Текстів»', 'end'),
    ('uk', 'Раз на тиждень — найкращі матеріали у вашій поштовій скриньці', 'end'),
    ('uk', 'Ваша електронна адреса', 'end'),
    ('uk', 'Введіть e-mail', 'end'),
    ('ru', 'Рассылка «Фонтанки»', 'end'),
    ('ru', 'Ваш e-mail', 'end'),
    ('ru', 'Главное за неделю — в вашем почтовом ящике', 'end'),
    ('en', 'Your email address', 'end'),
    # the second part's: the means of giving with the outlet named, reprint bans, funding made possible
    ('uk', 'Підтримайте НикВести донатом: PayPal — donate@nikvesti.com, Monobank — 5375 4141 2233 4455.', 'end'),
    ('ru', 'Поддержите Медиазону пожертвованием — это можно сделать в один клик.', 'end'),
    ('en', 'Support The Kyiv Post with a monthly gift.', 'end'),
    ('uk', 'Передрук без дозволу редакції заборонено.', 'end'),
    ('ru', 'Перепечатка без разрешения редакции запрещена. 18+', 'end'),
    ('en', 'This publication was made possible with funding from the Norwegian Ministry of Defence.', 'end'),
    ('uk', 'Ця публікація стала можливою завдяки фінансуванню Національного фонду на підтримку демократії.', 'end'),
    ('ru', 'Эта публикация стала возможной благодаря финансированию Европейского фонда за демократию.', 'end'),
    # the outlet's own news alerts stay a prompt
    ('en', 'Get Globe breaking news alerts', 'end'),
    ('uk', 'Отримуйте сповіщення про найважливіші новини', 'end'),
    ('ru', 'Получайте уведомления о главных новостях', 'end'),
])

test_look_alike_story_line_stays = line_in_every_position([
    # an explainer's subheadings: alerts of a danger and the public alert app are the story's subject
    ('en', 'Get air raid alerts'),
    ('en', 'Get missile alerts on your phone'),
    ('en', 'Download the Air Raid Alert app'),
    ('uk', 'Отримуйте сповіщення про повітряні тривоги'),
    ('uk', 'Увімкніть сповіщення про тривогу'),
    ('ru', 'Получайте уведомления о воздушной тревоге'),
    ('ru', 'Включите уведомления о ракетной опасности'),
    ('uk', 'Завантажте застосунок «Повітряна тривога»'),
    # a story about copyright, a fundraiser, the foreign-agent label
    ('uk', 'Під кожним текстом на сайті «УП» стоїть позначка «© Українська правда. Усі права захищено», нагадав у '
           'суді юрист видання Олексій Погорелов.'),
    ('uk', 'Кошти приймають на банку фонду, номер картки — 4874 1000 2365 5544, а звіт про витрати волонтери '
           'обіцяють оприлюднити після передачі техніки.'),
    ('ru', 'Закон также обязывает иноагентов ставить плашку: надпись «ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) '
           'РАСПРОСТРАНЕНО ИНОСТРАННЫМ АГЕНТОМ» должна занимать не меньше 20% площади кадра.'),
    ('en', 'The clone sites kept the original outlets\' bylines and even the footer line "All rights reserved" to '
           'look legitimate, the report said.'),
    ('uk', 'Усі права на землю громада отримала лише після рішення суду, повідомили в ОВА.'),
    ('ru', 'Все права человека защищены конституцией, напомнил правозащитник.'),
    # the second part's: the card a fraud's money went to, a petition told as a source's, support as a figure
    ('ru', 'Злоумышленники попросили перевести деньги на карту 2202 2063 1234 5678, якобы принадлежащую госпиталю, '
           'сообщили в пресс-службе УМВД.'),
    ('uk', 'Долучитися до петиції про доступ Червоного Хреста до полонених можна на сайті Кабміну, зазначили в ZMINA.'),
    ('en', "Support for Moldova's EU membership bid still runs above 55% in polls."),
    ('uk', 'Підтримайте ЗСУ донатом, закликав президент у вечірньому зверненні.'),
    ('en', 'Support Ukraine with a donation to United24, Zelensky urged in his evening address.'),
    # an inbox named in a warning told as someone's, not a sign-up box's pitch (present tense of saying too)
    ('uk', "Якщо у вашій поштовій скриньці з'явився лист від «СБУ», не відкривайте вкладення, попереджає "
           "кіберполіція."),
    ('ru', 'Если в вашем почтовом ящике появилось письмо от «военкомата», не открывайте вложения, предупреждает '
           'полиция.'),
    # a story line naming a Greek letter (read as its look-alike, it says nothing a rule takes)
    ('en', 'The Greek letter \u03b1 marks the first variant of the strain in the WHO\'s naming scheme.'),
], stays=True)

# a prompt's widget with its buttons still goes whatever it offers
test_widget_goes_with_its_buttons = block_goes([
    ('en', ['Get air raid alerts', 'Allow', 'Not Now']),
    ('uk', ['Розсилка «Текстів»', 'Раз на тиждень — найкращі матеріали у вашій поштовій скриньці',
            'Ваша електронна адреса', 'Підписатися']),
])


@pytest.mark.parametrize("line, read_as", [
    ("Read als\u03bf: x", "read also: x"),                      # Greek ο in a Latin word
    ("Усі права захищен\u03bf.", "усі права захищено."),          # Greek ο in a Cyrillic word
    ("В ДЗ\u0395Н", "в дзен"),                                   # a capital Ε read before case folding
    ("\u039dATO", "nato"),                                       # a capital Ν is an N, not the ν (v) it folds to
    ("\u03bdiews", "views"),                                     # a small ν is a v
    ("С\u039f\u039fБЩЕНИЕ", "сообщение"),
    ("\u03b1-частинки і \u03b2", "a-частинки і b"),                # no outlet writes Greek: a Greek letter alone too
    ("F\u03bfll\u043ew us", "follow us"),                        # Greek and Cyrillic look-alikes in one Latin word
])
def test_greek_look_alike_reads_in_its_word_script(line, read_as):
    assert normalise(line) == read_as


def test_foreign_agent_label_with_greek_letters_goes():
    label = ("ДАННОЕ С\u039f\u039fБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ СРЕДСТВОМ МАССОВОЙ "
             "ИНФОРМАЦИИ, ВЫПОЛНЯЮЩИМ ФУНКЦИИ ИНОСТРАННОГО АГЕНТА")
    for language in ("ru", None):
        assert clean_lines([label, STORY, STORY + " Again."], language) == [STORY, STORY + " Again."]


def test_rights_line_told_by_someone_stays():
    for language, line in (("uk", "Усі права захищено, запевнив міністр, говорячи про права військовополонених."),
                           ("ru", "Все права защищены, заверил министр, говоря о правах военнопленных.")):
        body = [STORY, line, STORY + " Again."]
        assert clean_lines(body, language) == body
