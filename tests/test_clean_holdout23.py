"""clean_holdout23: 12 pages of reader-facing furniture around stories written blind (README: 8/12 exact with the rules
of 137c9cb, para P 0.935 R 0.986), from Ukrainian, Russian-language and English outlets new to the sets: most-read
boxes, a table of contents, donation asks in the outlet's voice mid-article, audio players, AI summary boxes, channel
plugs and rows, share rows with counters, comment blocks, an author box, reader feedback widgets, a gift prompt, a
language switcher, mirror and block-bypass links, a paywall; and story lines that look like them (corrections, an
editor's note about a source, a story's own Telegram and Viber mentions, a volunteer's call to join, a propagandist's
appeal in quotes, a state app's banner quoted).

The general rules drawn from it: a channel row's ``|`` separators; a price between "subscribe" and "to keep reading"
(en, uk, ru); a subscriber's gift-article allowance (``en:gift``, no paywall verdict); a feedback widget's question and
its buttons (lexicon ``feedback``, uk/ru/en, in the prompt rule and the prompt span); most-read labels over a period
(lexicon ``most_read``); share-button, rating-summary and reactions counters; a line of nothing but stars or emoji
(``normalise`` no longer empties it, the symbols rule takes it); "become a <outlet> member"; membership and account
buttons; ru links to the outlet's own block-bypass instructions; language switchers with no object; a narrator with
the player's length; an author box's label over the bio (uk, ru); a table of contents whose entries recur further down
as the story's subheadings (span kind ``entries``); a closing quote after a word ends no sentence, so a headline ending
in a quoted name («…сотрудника «Белавиа»») is read as one under a most-read label. The second part (second/README.md:
5 pages written blind after those fixes, 0/5, para P 0.852 R 0.885) added reactions in words, the live label alone, a
donation QR code's caption and the error-report button. The holdout (holdout/README.md,
scored once after those fixes: 3/4, para P 0.947 R 1.000) is pinned here too, its miss a strict xfail.

Every page must come out exactly as written with its language known or not.
"""

from __future__ import annotations

import pytest

from tests._clean_sets import (
    STORY,
    CleanSet,
    block_goes,
    clean_lines,
    exactly_the_story,
    furniture_line_goes,
    line_in_every_position,
    no_story_paragraph_lost,
    paywalled_verdict,
    sets_hold_three_languages,
)

HOLDOUT23 = CleanSet("clean_holdout23", paywalled={"unherd"})
# (activatica, its strict xfail here until clean_holdout24: the outlet's «„Активатика" пишет о … с 2016 года» opened
# its donation ask, and the guard read «пишет» as reported speech; see tests/test_clean_holdout24.py)
HELD_OUT = CleanSet("clean_holdout23/holdout")

SECOND = CleanSet("clean_holdout23/second")

test_page_is_exactly_the_story = exactly_the_story(HOLDOUT23, HELD_OUT, SECOND, verdict=True)
test_no_story_paragraph_is_lost = no_story_paragraph_lost(HOLDOUT23, HELD_OUT, SECOND, verdict=True)
test_sets_hold_three_languages = sets_hold_three_languages(HOLDOUT23, HELD_OUT, SECOND, sizes=(12, 4, 5))
test_paywalled_verdict = paywalled_verdict(HOLDOUT23, HELD_OUT, SECOND, ids=["clean_holdout23", "holdout", "second"])


test_furniture_line_goes = furniture_line_goes([
    # a channel row with | separators
    ('ru', 'Крым.Реалии в Telegram | YouTube | Instagram', 'mid'),
    ('en', 'Kyiv Post on Telegram | X | Facebook', 'end'),
    # the wall's prompt with its price between
    ('en', 'Subscribe for £1 a month to keep reading — or log in if you already have an account.', 'end'),
    ('uk', 'Оформіть передплату за 99 грн на місяць, щоб читати далі', 'end'),
    ('ru', 'Оформите подписку за 299 рублей в месяц, чтобы читать дальше.', 'end'),
    # a subscriber's gift allowance
    ('en', 'Enjoyed this article? Gift it to a friend — you have 5 gift articles left this month.', 'mid'),
    # a feedback widget's question
    ('en', 'Was this article helpful?', 'end'),
    ('en', 'How would you rate this article?', 'end'),
    ('uk', 'Як вам цей матеріал?', 'end'),
    ('uk', 'Чи був цей матеріал корисним?', 'end'),
    ('ru', 'Оцените материал:', 'end'),
    ('ru', 'Понравился ли вам этот материал?', 'end'),
    # most-read labels over a period
    ('ru', 'Популярное за сутки', 'mid'),
    ('uk', 'Найпопулярніше за тиждень', 'mid'),
    ('en', 'Most read this week', 'mid'),
    # counters: a share button's, a rating's summary, reactions, stars
    ('uk', 'Facebook 14', 'end'),
    ('ru', 'Telegram 31', 'end'),
    ('ru', 'Средняя оценка 4.6 (128 голосов)', 'end'),
    ('en', 'Average rating 4.2/5 (87 votes)', 'end'),
    ('uk', 'Корисно 👍 41 Зворушливо ❤️ 27 Не дуже 👎 2', 'end'),
    ('ru', 'Полезно 👍 12', 'end'),
    ('ru', '★★★★★', 'end'),
    ('uk', '👍', 'mid'),
    # membership pitches and buttons, account buttons
    ('en', 'Become a Coda member today.', 'mid'),
    ('uk', 'Долучитися', 'mid'),
    ('ru', 'Присоединиться', 'mid'),
    ('en', 'Join', 'mid'),
    ('en', 'Subscribe Log in', 'end'),
    ('en', 'Log in', 'end'),
    # the outlet's block-bypass link, a language switcher, a narrator with the length
    ('ru', 'Как обойти блокировку сайта «Крым.Реалии»: инструкция', 'end'),
    ('ru', 'Читать на украинском', 'start'),
    ('uk', 'Читати англійською', 'start'),
    ('en', 'Read by the author · 12 min', 'start'),
    # the second part's: reactions in words, the live label, a donation QR code, the error-report button
    ('ru', 'ЛАЙК 15 СМЕХ 2 УДИВЛЕНИЕ 1 ГНЕВ 9 ПЕЧАЛЬ 33', 'end'),
    ('uk', 'Подобається 23 Сумно 41 Обурює 8', 'end'),
    ('uk', 'Оновлюється', 'start'),
    ('ru', 'Обновляется', 'start'),
    ('en', 'Developing story', 'start'),
    ('uk', 'Відскануйте QR-код, щоб підтримати редакцію «Полтавщини»', 'mid'),
    ('ru', 'Отсканируйте QR-код, чтобы поддержать редакцию', 'mid'),
    ('en', 'Scan the QR code to support our newsroom', 'mid'),
    ('uk', 'Повідомити про помилку', 'end'),
    ('ru', 'Сообщить об ошибке', 'end'),
    ('en', 'Report an error', 'end'),
])

test_look_alike_story_line_stays = line_in_every_position([
    # the words of a prompt inside a story's sentence
    ('en', 'Many Russians now subscribe to paid VPN services to keep reading independent media, a survey found.'),
    ('en', 'Was this article of the treaty written with drones in mind? Lawyers in Brussels disagree.'),
    ('uk', '«Як вам цей матеріал?» — питає продавчиня, розгортаючи перед покупцями рулон камуфляжної тканини.'),
    ('en', 'Finland became a NATO member in April 2023, doubling the alliance\'s border with Russia.'),
    ('en', 'Become a NATO member?'),
    ('ru', 'Присоединиться к санкциям Евросоюза отказались Венгрия и Словакия.'),
    ('uk', 'Долучитися до плетіння може кожен охочий: досвід не потрібен, навчають на місці.'),
    # a score line is no reactions row; an explainer's subheadings on blocks; a court's language
    ('uk', 'Україна – 2, Грузія – 1'),
    ('ru', 'Как обойти блокировку YouTube'),
    ('ru', 'Как обойти блокировку сайтов: советы «Роскомсвободы»'),
    ('ru', 'Приговор зачитывали только на русском языке, хотя подсудимый просил переводчика на украинский, рассказал '
           'его адвокат Эмиль Курбединов.'),
    ('en', 'Read by the author of the law, the statement ran to twelve minutes and named no one.'),
    # the second part's: a QR code to check a summons, a reaction's word opening a sentence with a number
    ('uk', 'Відскануйте QR-код на повістці, щоб перевірити її в застосунку «Резерв+», радять юристи.'),
    ('en', 'Like 2 million other Ukrainians, she left Kharkiv in 2022 and has not been back.'),
    ('uk', 'Сум 2 роки тому втратив половину населення, кажуть у міськраді.'),
    # the story's own Telegram and Viber mentions
    ('uk', 'Про евакуацію можна дізнатися у Viber-чаті громади або за телефоном гарячої лінії 1547, пояснила староста '
           'Хоромного Валентина Кравець.'),
    ('ru', 'В чате жителей Малгобека в Telegram матери мобилизованных обсуждают, куда писать жалобы, рассказала '
           'собеседница «Фортанги».'),
], stays=True)

test_widget_goes_with_what_hangs_under_it = block_goes([
    # a feedback widget with its buttons or reactions, a rating with its stars
    ('en', ['Was this article helpful?', 'Yes', 'No']),
    ('uk', ['Як вам цей матеріал?', 'Корисно 👍 41', 'Зворушливо ❤️ 27', 'Не дуже 👎 2']),
    ('ru', ['Оцените материал:', '★★★★★', 'Средняя оценка 4.6 (128 голосов)']),
    # a most-read box whose headlines end in a quoted name
    ('ru', ['Популярное за сутки', 'В Минске задержали бывшего сотрудника «Белавиа»',
            'Цены на картошку в Беларуси побили рекорд', 'Литва снова закрыла два пункта пропуска на границе']),
    ('uk', ['Найпопулярніше', 'Зеленський анонсував нові кадрові рішення в Міноборони',
            'У Польщі заявили про збитий над Люблінським воєводством дрон']),
    # an author box: the label over the bio
    ('uk', ['Про автора', 'Марія Гончар — журналістка Status Quo, пише про безпеку та міську інфраструктуру Харкова.']),
    ('ru', ['Об авторе', 'Игорь Яковенко — журналист, медиаэксперт, автор книг о российском телевидении.']),
    # the paywall's lines and its buttons flattened onto one line
    ('en', ['This article is for subscribers only.',
            'Subscribe for £1 a month to keep reading — or log in if you already have an account.',
            'Subscribe Log in']),
])


@pytest.mark.parametrize("language, label, entries", [
    ('uk', 'Зміст', ['Як усе почалося', 'Чого бракує', 'Як долучитися']),
    ('ru', 'Содержание', ['Что произошло', 'Что говорят военные']),
    ('en', 'In this article', ['How it started', 'What the army says']),
])
def test_contents_goes_and_the_subheadings_stay(language, label, entries):
    """A table of contents goes: its entries come again further down as the story's own subheadings, which stay."""
    story = []
    for number, heading in enumerate(entries):
        story += [heading, f"{STORY} Part {number}."]
    for lang in (language, None):
        assert clean_lines([label, *entries, STORY, *story], lang) == [STORY, *story]


@pytest.mark.parametrize("language, body", [
    # the label over lines said once: a subheading and its story, not a table of contents
    ('uk', [STORY, 'Зміст', 'Як усе почалося', 'Чого бракує', STORY + " Again."]),
    # a single entry repeated further down is no table of contents
    ('en', [STORY, 'Contents', 'How it started', STORY + " Again.", 'How it started', STORY + " Once more."]),
])
def test_heading_over_lines_said_once_stays(language, body):
    for lang in (language, None):
        assert clean_lines(body, lang) == body
