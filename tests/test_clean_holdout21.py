"""clean_holdout21: 16 pages of reader-facing furniture written blind (README: 7/16 exact with the rules of 4a20d43,
para P 0.855 R 0.908, two verdicts wrong), from Ukrainian, Russian-language and English outlets: paywall pitches under
a teaser cut mid-sentence (stored as the page shows it, nothing added; the page is ``paywalled``), metered counters
(they go, the page is not paywalled), cookie/GDPR text leaked into the body, audio-player labels, reading time, update
stamps, Google News and push prompts, sponsored blocks, with no-break and zero-width spaces and Latin/Cyrillic
homoglyphs, and stories ABOUT paywalls, Google News, push notifications, cookie law and a Telegram channel's call.

The general rules drawn from it: a banner's words cited by a story in quotes stay (``_rules.cited_only``: a quoted
phrase of three words or more, masked, leaves the rule nothing to find, in a line that says five words or more
outside its quotes and does not address the reader there); uk and ru share their reported-speech guards
(``guard_also``: a recruiter's call with no quote marks closed by «— призывал вербовщик» stays with the language
unknown); a word mixing Latin and Cyrillic letters reads in its own script; push prompts with their buttons; the
counter's other verb forms; a player's bare length and button; a labelled bio. The second part (holdout/README.md,
scored once: 1/6, para P 0.567 R 0.944) added the paywall's "continued for subscribers" line, price-from and log-in
lines, the last free article as a counter, sponsored widgets with their headlines, month-first update stamps.

Every page must come out exactly as written with its language known or not.
"""

from __future__ import annotations

import re

import pytest

from newswatch.clean._rules import cited_only, masked_quotes, normalise
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

HOLDOUT21 = CleanSet("clean_holdout21", paywalled={"vctr_media", "rbc_pro", "janes"})
SECOND = CleanSet("clean_holdout21/holdout", paywalled={"business_ua", "ostrov", "theaustralian"})

test_page_is_exactly_the_story = exactly_the_story(HOLDOUT21, SECOND, verdict=True)
test_no_story_paragraph_is_lost = no_story_paragraph_lost(HOLDOUT21, SECOND, verdict=True)
test_sets_hold_three_languages = sets_hold_three_languages(HOLDOUT21, SECOND, sizes=(16, 6))
test_paywalled_verdict = paywalled_verdict(HOLDOUT21, SECOND, ids=["first", "second"])


def test_teaser_cut_mid_sentence_is_stored_as_shown():
    # nothing is added to mark the cut: the last paragraph ends where the page's text does
    for clean_set, page, tail in ((HOLDOUT21, "vctr_media", "визнає, що без"), (HOLDOUT21, "janes", "hit rate of"),
                                  (HOLDOUT21, "rbc_pro", "превысит…"), (SECOND, "theaustralian", "advertising…")):
        body, _, paywalled, _ = clean_set.run(page, known_language=True)
        assert body[-1].endswith(tail) and paywalled


test_furniture_line_goes = furniture_line_goes([
    # paywall pitches and metered counters
    ('en', 'Subscribe to read the full article', 'end'),
    ('uk', 'Щоб читати далі, оформіть передплату', 'end'),
    ('uk', 'Щоб продовжити читання, оформіть передплату', 'end'),
    ('ru', 'Чтобы продолжить чтение, оформите подписку', 'end'),
    ('ru', 'Этот текст доступен только по подписке', 'end'),
    ('ru', 'Войдите, если у вас уже есть подписка', 'end'),
    ('uk', 'Продовження статті доступне за передплатою', 'end'),
    ('uk', 'Увійдіть, якщо вже маєте передплату', 'end'),
    ('uk', 'Передплатити від 1 ₴ за перший місяць', 'end'),
    ('en', 'Unlock this article — subscribe for $1 a week', 'end'),
    ('en', 'Read the full story with a digital subscription', 'end'),
    ('en', 'You have 1 free article remaining this month.', 'start'),
    ('uk', 'У вас залишилася 1 безкоштовна стаття цього місяця.', 'start'),
    ('ru', 'У вас осталась 1 бесплатная статья', 'start'),
    ('ru', 'Вам доступна еще 1 бесплатная статья в этом месяце.', 'start'),
    ('en', 'This is your last free article this month.', 'start'),
    ('uk', 'Це ваша остання безкоштовна стаття цього місяця.', 'start'),
    ('ru', 'Это ваша последняя бесплатная статья в этом месяце.', 'start'),
    # audio players, reading time, update stamps: capitals, no-break and zero-width spaces, homoglyphs
    ('en', 'LISTEN TO THIS ARTICLE', 'start'),
    ('en', 'Listen to this \u0430rticle', 'start'),
    ('en', 'Listen to article | 4 minutes', 'start'),
    ('en', 'Voiced by Amazon Polly', 'start'),
    ('en', '6 min', 'start'),
    ('uk', 'Прослу\u200bхати новину', 'start'),
    ('uk', '▶ Озвучити текст', 'start'),
    ('ru', 'Слушать', 'start'),
    ('en', '5\u00a0min read', 'start'),
    ('uk', 'ЧИТАТИ\u00a03\u00a0ХВ', 'start'),
    ('uk', 'Час прочитання — 2 хвилини', 'start'),
    ('ru', 'Время чтения — 4 минуты', 'start'),
    ('en', 'Reading time — 4 minutes', 'start'),
    ('en', 'Updated November 29, 2026, 6:12 a.m. ET', 'start'),
    ('uk', 'Останнє оновлення: 29.11.2026, 10:20', 'start'),
    ('uk', 'ОНОВЛЕНО:\u00a028.11.2026', 'start'),
    # Google News, push prompts
    ('en', 'F\u043ellow us on Google\u200b News', 'end'),
    ('uk', 'ЧИТАЙТЕ НАС У GOOGLE НОВИНАХ', 'end'),
    ('uk', 'Додайте «Суспільне» до улюблених джерел у Google', 'end'),
    ('ru', 'Добавьте «Медузу» в избранные источники Google', 'end'),
    ('uk', 'Отримуйте сповіщення про найважливіші новини', 'end'),
    ('uk', 'Хочете отримувати сповіщення про головні новини? Дозвольте їх у браузері.', 'end'),
    ('ru', 'Хотите получать уведомления о главных новостях?', 'end'),
    ('en', 'Get Globe breaking news alerts', 'end'),
    # typo lines with a homoglyph, ad labels, cookie text, labelled bios
    ('uk', 'П\u006fмітили п\u006fмилку? Виділіть її та натисніть Ctrl+Enter', 'end'),   # a Latin o
    ('ru', 'Нашли oшибку? Выделите текст и нажмите Ctrl+Enter', 'end'),
    ('en', 'Sp\u043ensored', 'mid'),
    ('uk', 'Рекла\u200bма', 'mid'),
    ('en', 'Cookie Preferences', 'end'),
    ('en', "This website uses cookies to improve your experience. We'll assume you're ok with this, but you can "
           "opt-out if you wish.", 'end'),
    ('en', 'By clicking “Accept All Cookies”, you agree to the storing of cookies on your device to enhance site '
           'navigation.', 'end'),
    ('ru', 'Этот сайт использует файлы cookies и сервисы сбора технических данных посетителей.', 'end'),
    ('en', 'About the author: Olena Kovalenko is a research fellow at the Kyiv School of Economics.', 'end'),
    ('ru', 'Об авторе: Андрей Шумилов — политолог, преподает в Тартуском университете.', 'end'),
    ('uk', 'Про автора: Микола Бєлєсков — аналітик Фонду «Повернись живим».', 'end'),
])

test_look_alike_story_line_stays = line_in_every_position([
    # a recruiter's call with no quote marks, closed by who said it
    ('ru', 'Подписывайтесь на наш Telegram-канал, — призывал вербовщик, обещая выплаты.'),
    ('uk', 'Підписуйтесь на наш Telegram-канал, — закликав вербувальник, обіцяючи виплати.'),
    ('en', 'Subscribe to our Telegram channel, a recruiter urged in one video, promising applicants a job far from '
           'the front.'),
    # a banner's words cited by a story
    ('en', 'Several outlets have responded by putting a “Follow us on Google News” button under every story.'),
    ('en', 'A reader in Lviv might see a banner saying “You have 2 free articles left” before hitting the wall.'),
    ('uk', 'Читач доходить до середини статті й бачить напис «Щоб читати далі, оформіть передплату».'),
    ('uk', 'Дехто відмовляється від кнопки «Читайте нас у Google Новинах» на користь власного застосунку.'),
    ('ru', 'В каналах появились посты с одинаковым текстом: «Подписывайтесь на наш канал, здесь — правда о '
           'контракте».'),
    # stories about cookie law, notifications, updates, sponsors, bios
    ('en', 'Cookie banners are a headache: new rules mean outlets have to ask readers to accept cookies before '
           'tracking them.'),
    ('uk', 'Повітряні сили закликали киян стежити за сповіщеннями в застосунку «Повітряна тривога».'),
    ('uk', 'Отримувати сповіщення про тривогу можна в застосунку «Повітряна тривога», нагадали в КМВА.'),
    ('ru', 'Нажимая «Принять», пользователь разрешает сайту собирать сведения о своем устройстве, объясняют в '
           'министерстве.'),
    ('en', 'Listen to the sirens, the mayor told residents, and go to shelters immediately.'),
    ('uk', "Оновлено список населених пунктів, звідки оголошено обов'язкову евакуацію."),
    ('en', 'Sponsored by the EU, the programme trains Ukrainian deminers in Croatia.'),
    # the notification prompt's words told as someone's advice
    ('uk', 'Отримуйте сповіщення про тривогу в застосунку, радять у ДСНС.'),
    ('ru', 'Получайте уведомления о тревоге через приложение, напомнили в администрации.'),
    ('ru', 'Разрешите уведомления в приложении, советуют в МЧС.'),
    ('en', 'Turn on notifications for air raid alerts, officials urged residents.'),
    ('en', 'You have 2 free hours to leave the area, the message sent to residents of Kupiansk said.'),
    ('en', "Ivan Petrenko is a journalist covering Russia's military and the war in Ukraine for UAWire."),
    ('uk', 'Ольга Коваленко — журналістка 0629, пише про життя маріупольців у евакуації.'),
], stays=True)

# a widget between two story lines: its label or question and the buttons or paid headlines under it
test_widget_goes_with_its_buttons = block_goes([
    ('uk', ['Отримуйте сповіщення про найважливіші новини', 'Дозволити', 'Пізніше']),
    ('ru', ['Хотите получать уведомления о главных новостях Красноярска?', 'Да', 'Нет, спасибо']),
    ('ru', ['Получайте уведомления о главных новостях', 'Подписаться', 'Позже']),
    ('en', ['Get Globe breaking news alerts', 'Allow', 'Not Now']),
    ('en', ['Sponsored Links by Taboola', 'Doctors Stunned: This Is What Happens When You Eat Eggs Daily',
            'Massachusetts Drivers With No Tickets Are Getting a Big Discount']),
    ('uk', ['Спонсорований контент', 'Як отримати кешбек 10% на ліки в грудні',
            'Нова послуга банку: кредитні канікули для ВПО']),
    ('ru', ['НОВОСТИ ПАРТНЕРОВ', 'Врачи рассказали, какой напиток опасен для сосудов зимой',
            'Что будет с ценами на электричество в Эстонии в декабре']),
    ('en', ['LISTEN TO THIS ARTICLE', '6\u00a0min']),
    ('uk', ['Ми використовуємо файли cookie та схожі технології. Натискаючи «Прийняти всі», ви погоджуєтеся на їх '
            'використання.', 'Прийняти всі', 'Налаштування']),
])


@pytest.mark.parametrize("line, read_as", [
    ("F\u043ellow us on Google News", "follow us on google news"),      # a Cyrillic о in a Latin word
    ("П\u006fмітили п\u006fмилку?", "помітили помилку?"),     # a Latin o in a Cyrillic word
    ("Listen to this \u0430rticle", "listen to this article"),
    ("НАТО і NATO, Telegram-канал", "нато і nato, telegram-канал"),     # words of one script each: as written
    ("x-ray Ёж", "x-ray еж"),
    # invisible characters inside a word: word joiner, invisible separator, zero-width and soft hyphen
    ("Sub\u2060scribe to read the full article", "subscribe to read the full article"),
    ("Прослу\u2063хати\u200b новину", "прослухати новину"),
    ("Р\u0065клама", "реклама"),   # a Latin e in a Cyrillic word, capital letters folded first
])
def test_homoglyph_reads_in_its_word_script(line, read_as):
    assert normalise(line) == read_as


@pytest.mark.parametrize("norm, pattern, cited", [
    # a cited phrase, in a sentence that says more: the story's
    ('a reader might see a banner saying "you have 2 free articles left" before hitting the wall.',
     r'\byou have \d free articles left\b', True),
    # a name or a label in quotes is no citation: the plug and the label stay the rule's
    ('подписывайтесь на "фергану" в telegram, там все новости за день и больше',
     r'^подписывайтесь на [\w" ]{1,30} в telegram\b', False),
    ('the site is designated a "foreign agent" by the ministry of justice of russia', r'"foreign agent"', False),
    # the banner quoting its own button speaks to the reader outside the quotes
    ('by clicking "accept all cookies", you agree to the storing of cookies on your device',
     r'\baccept (all )?cookies\b', False),
    # too little outside the quotes: a quoted banner, not a sentence about it
    ('"follow us on google news" now', r'\bfollow us on google news\b', False),
])
def test_cited_only(norm, pattern, cited):
    assert cited_only(re.compile(pattern), norm) is cited


def test_masked_quotes_keep_names():
    assert masked_quotes('він побачив напис "щоб читати далі, оформіть передплату" на сайті "дзеркала" вчора ввечері') \
        == 'він побачив напис "x" на сайті "дзеркала" вчора ввечері'


def test_quoted_call_in_a_page_of_the_other_language_stays():
    # a ru quote on a uk page (and the reverse) is judged with the other language's verbs of saying too
    for line, language in (("Подписывайтесь на наш Telegram-канал, — призывал вербовщик, обещая выплаты.", "uk"),
                           ("Підписуйтесь на наш Telegram-канал, — закликав вербувальник.", "ru")):
        assert clean_lines([STORY, line, STORY + " Again."], language)[1] == line


def test_subheading_under_a_bare_ad_label_stays():
    # only a recommendation widget's own label takes the headlines under it
    for language in ("en", None):
        kept = clean_lines([STORY, "Sponsored", "Kyiv's air defence at night", STORY + " Again."], language)
        assert kept == [STORY, "Kyiv's air defence at night", STORY + " Again."]
