"""clean_holdout16: 19 pages of banners written blind (README: 14/19 exact with the rules of 828451b, para P 0.944
R 0.971), then general rules drawn from it: a coin's wallet address right after its ticker, an outlet "funded by its
subscribers" asking the reader to help, "Become a subscriber"; a call quoted as a phrase in a story's sentence
(«заклик «підтримайте нас»», «призыв «поддержите нас»», 'the plea "support us"') stays out of the donation rules and
the end-of-story plug; the foreign-agent label's wording quoted in a sentence stays. The second part
(holdout/README.md, scored once: 3/8) added reprint lines («Передрук і використання … дозволяється…», «© X, 2026.
Усі права застережено…»), the foreign-agent label in English, "Topics in this article:", the support button under an
outlet's name.

Every page must come out exactly as written with its language known or not.
"""

from __future__ import annotations

from tests._clean_sets import (
    CleanSet,
    exactly_the_story,
    furniture_line_goes,
    line_in_every_position,
    no_story_paragraph_lost,
    paywalled_verdict,
    sets_hold_three_languages,
)

HOLDOUT16 = CleanSet("clean_holdout16")
SECOND = CleanSet("clean_holdout16/holdout")

test_page_is_exactly_the_story = exactly_the_story(HOLDOUT16, SECOND, verdict=True)
test_no_story_paragraph_is_lost = no_story_paragraph_lost(HOLDOUT16, SECOND, verdict=True)
test_no_page_is_paywalled = paywalled_verdict(HOLDOUT16, SECOND, ids=["holdout16", "second"])
test_sets_hold_three_languages = sets_hold_three_languages(HOLDOUT16, SECOND, sizes=(19, 8))


test_furniture_line_goes = furniture_line_goes([
    # wallet addresses after their coin's ticker, whatever the label
    ('en', 'Bitcoin: bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'end'),
    ('ru', 'Помочь редакции можно в крипте — USDT (TRC20) TXb7ah2uC8mJ3m2fN7P7KkQy9w3Yh5nV1e', 'end'),
    ('uk', 'Донати в криптовалюті: ETH 0x71C7656EC7ab88b098defB751B7401B5f6d8976F', 'mid'),
    # an outlet living on its subscribers, its buttons
    ('en', 'The Kyiv Dispatch is funded by its members. Join them and help support independent reporting.', 'mid'),
    ('en', 'Become a subscriber', 'mid'),
    ('en', 'Support Kyiv Dispatch', 'end'),
    # reprint and rights lines, labels
    ('uk', 'Використання та передрук матеріалів дозволяється лише з гіперпосиланням на сайт.', 'end'),
    ('uk', '© Редакція, 2026. Всі права захищені.', 'end'),
    ('en', 'This article was produced by an outlet that Russia has designated a "foreign agent".', 'start'),
    ('en', 'Topics in this story: NATO, Russia, Ukraine', 'end'),
])

test_look_alike_story_line_stays = line_in_every_position([
    ('uk', 'Медіаексперти кажуть, що заклик «підтримайте нас» уже став звичним, а донати через Patreon дають до '
           'третини доходу.'),
    ('ru', 'Эксперты отмечают, что призыв «поддержите нас» стал привычным, а донаты на Patreon дают до трети '
           'дохода.'),
    ('en', 'Editors say the plea "support us" has become familiar, and Patreon brings small newsrooms a third of '
           'their income.'),
    ('ru', 'Закон обязывает иноагентов ставить маркировку «Данное сообщение (материал) создано и (или) '
           'распространено иностранным агентом» крупным шрифтом.'),
    ('en', 'Investigators traced 2 BTC sent to a wallet in Latvia, the prosecutor said.'),
    ('en', 'Russia designated Meduza a "foreign agent" in 2021 and an "undesirable organisation" in 2023.'),
    ('en', 'Support for Ukraine remains strong in Poland.'),
], stays=True)
