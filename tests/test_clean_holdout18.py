"""clean_holdout18: 12 pages of in-story furniture written blind (README: 6/12 exact with the rules of a60c7ee, para
P 0.857 R 1.000), from Russian state media, Ukrainian regional sites, Ukrainian outlets in English, Substack and Medium
posts and a wire reprint, then general rules drawn from it: a reprint-rights line opening "full or partial use"
(«Полное или частичное использование материалов возможно только с разрешения редакции…», uk too), a broadcaster's
live-stream plug on its own platform or site, a machine-translation note told by the participle ("This article was
machine-translated from Ukrainian…"), a blog platform's "Member-only story" label (the teaser's own prompt, not the
label, tells a cut story), the outlet's bare «Слава Україні!» sign-off (uk, ru, en; the greeting inside a sentence
stays). The second part (holdout/README.md, scored once: 4/5, para P 0.882 R 1.000) added the sign-off's other
answers («Слава ЗСУ!») and «Новини партнерів» / «Новости партнеров» with the partners' headlines under the label.

Beyond the set (probed line by line, pinned below): «Видео дня» / «Відео дня» alone, a wire's trailer under a dash
closing the story («— Укрінформ», "— Reuters"), the machine-translation note under "Editor's note:", Substack's
controls ("Upgrade to paid", "Listen now", "Like · Comment · Restack", "Discussion about this post"), «Смерть
ворогам!» after the sign-off.

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

HOLDOUT18 = CleanSet("clean_holdout18")
SECOND = CleanSet("clean_holdout18/holdout")

test_page_is_exactly_the_story = exactly_the_story(HOLDOUT18, SECOND, verdict=True)
test_no_story_paragraph_is_lost = no_story_paragraph_lost(HOLDOUT18, SECOND, verdict=True)


# medium_post's "Member-only story" label sits over the whole text
test_no_page_is_flagged_paywalled = paywalled_verdict(HOLDOUT18, SECOND, ids=["holdout18", "second"])
test_sets_hold_three_languages = sets_hold_three_languages(HOLDOUT18, SECOND, sizes=(12, 5))


test_furniture_line_goes = furniture_line_goes([
    # reprint rights opening with "full or partial"
    ('ru', 'Полное или частичное использование материалов возможно только с разрешения редакции.', 'end'),
    ('uk', 'Повне або часткове використання матеріалів дозволяється лише з посиланням на джерело.', 'end'),
    # a broadcaster's live stream on its own platform
    ('ru', 'Смотрите прямой эфир «Первого канала» на сайте 1tv.ru', 'end'),
    ('uk', 'Дивіться прямий ефір «Суспільного» на нашому YouTube-каналі', 'end'),
    # machine translation told by the participle alone
    ('en', 'This article was machine-translated from Russian.', 'start'),
    ('en', 'This story was AI-translated and checked by our editors.', 'start'),
    # a blog platform's label
    ('en', 'Member-only story', 'start'),
    ('en', 'Paid subscriber-only post', 'start'),
    # the bare sign-off
    ('uk', 'Слава Україні!', 'end'),
    ('uk', 'Слава Україні! Героям слава!', 'end'),
    ('uk', 'Слава Україні! Слава ЗСУ!', 'end'),
    ('ru', 'Слава Украине! Героям слава!', 'end'),
    ('en', 'Glory to Ukraine! Glory to the heroes!', 'end'),
    # beyond the set: probed variants of its kinds
    ('uk', 'Слава Україні! Смерть ворогам!', 'end'),
    ('ru', 'Видео дня', 'mid'),
    ('ru', 'Смотрите видео дня', 'mid'),
    ('uk', 'Відео дня', 'mid'),
    ('uk', '— Укрінформ', 'end'),
    ('en', '— Reuters', 'end'),
    ('en', "Editor's note: This article was machine-translated from Ukrainian and reviewed by our staff.", 'start'),
    ('en', 'Machine translation: edited by Jane Doe', 'end'),
    ('en', 'Upgrade to paid', 'mid'),
    ('en', 'Listen now', 'start'),
    ('en', 'Like · Comment · Restack', 'end'),
    ('en', 'Discussion about this post', 'end'),
])

test_look_alike_story_line_stays = line_in_every_position([
    ('uk', '«Слава Україні!» — вигукнув наостанок побратим загиблих, і люди відповіли йому «Героям слава!».'),
    ('uk', 'Гасло «Слава Україні!» стало офіційним вітанням у ЗСУ у 2018 році.'),
    ('en', 'The crowd chanted "Glory to Ukraine!" as the convoy passed through the village.'),
    ('en', 'The views of Western sanctions officials are mixed: some argue the oil price cap has worked.'),
    ('ru', 'Смотрите, что происходит: прямой эфир с заседания Госдумы вел только один канал, заметил депутат.'),
    ('uk', 'Редакторка пояснила, що позначка «Реклама» біля матеріалів партнерів — вимога закону «Про медіа».'),
    ('ru', 'Полное или частичное восстановление энергосистемы займет не меньше месяца, заявили в «Укрэнерго».'),
    ('en', 'Machine-translated propaganda flooded Telegram channels in occupied Kherson, the report found.'),
    ('ru', 'Видео дня с места удара набрало миллион просмотров, сообщили в пресс-службе ГСЧС.'),
    ('en', 'Machine translation tools were used by Russian bot farms, edited by hand, the study says.'),
    ('en', 'Listen now to what the soldiers say, he told the assembly, and then decide.'),
], stays=True)
