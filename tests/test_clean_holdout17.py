"""clean_holdout17: 24 pages of in-story furniture written blind (README: 18/24 exact with the rules of 0ef37d8, para
P 0.905 R 1.000), then general rules drawn from it: a YouTube / social plug naming the outlet and the platform whatever
follows ("Subscribe to DW News on YouTube for the latest reports…"), a video embed's leftover text ("Watch the full
segment in the player above.", «Ваш браузер не підтримує відео.», «Смотрите видео ниже»), a broadcaster's funders'
label ("Support Provided By:"), a line opening with "Click here to…", an outlet's sourcing note ("Note: X does not
receive any classified material…"), the foreign-agent footnote after a name's asterisk whatever follows the mark (ru)
and in uk and en, an outlet's "extremist" status with its warning to readers, a programme's air-time line (uk, ru).
The second part (holdout/README.md, scored once: 4/8, para P 0.828 R 1.000) added a video embed's placeholder
("No media source currently available" on any language service, «Пожалуйста, подождите»), "Story Continues", a
journal's issue line ("Volume: 23 Issue: 181") and the footnote naming the ministry that did it («* Минюст РФ внес
«X» в реестр иностранных агентов…»). Beyond the set: share, view and comment counters alone on a line (common),
"MORE:" / "WATCH:" labels with a headline, «Читайте по теме:» / «Читайте на тему:», paywall prompts («Щоб дочитати
статтю, оформіть підписку», "Subscribe to read the rest of this story.", "This is a subscriber-only story."), «Мы
работаем только благодаря вашей поддержке».

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

HOLDOUT17 = CleanSet("clean_holdout17", paywalled={"expert_ru", "nikkei"})
SECOND = CleanSet("clean_holdout17/holdout")

test_page_is_exactly_the_story = exactly_the_story(HOLDOUT17, SECOND, verdict=True)
test_no_story_paragraph_is_lost = no_story_paragraph_lost(HOLDOUT17, SECOND, verdict=True)
test_paywalled_verdict = paywalled_verdict(HOLDOUT17, SECOND, ids=["holdout17", "second"])
test_sets_hold_three_languages = sets_hold_three_languages(HOLDOUT17, SECOND, sizes=(24, 8))


test_furniture_line_goes = furniture_line_goes([
    # plugs naming the outlet and the platform
    ('en', 'Follow Kyiv Dispatch on Instagram for photos from the front line and behind it.', 'end'),
    ('en', 'Subscribe to our channel on YouTube', 'mid'),
    # embeds' leftovers and players
    ('en', 'Watch the interview with the commander in the video player below.', 'mid'),
    ('en', 'Your browser does not support the video tag.', 'mid'),
    ('en', 'No media source currently available', 'start'),
    ('ru', 'No media source currently available', 'mid'),
    ('uk', 'Ваш браузер не підтримує відтворення відео', 'mid'),
    ('ru', 'Посмотрите сюжет выше', 'mid'),
    ('uk', 'Будь ласка, зачекайте...', 'start'),
    ('en', 'Story continues', 'mid'),
    # labels and notes of the outlet
    ('en', 'Major funding for NewsHour Weekend is provided by: Sue and Edgar Wachenheim III', 'end'),
    ('en', 'Click here for the full timeline of the counteroffensive with sources and maps of every village.', 'end'),
    ('en', 'Note: The Monitor does not use classified information; it draws on open-source reporting.', 'end'),
    ('en', 'Volume 12, Issue 4', 'start'),
    # foreign-agent and "extremist" marks
    ('en', '* Meduza is designated an "undesirable organization" in Russia.', 'end'),
    ('uk', '* Мін\'юст РФ вніс «Дождь» до реєстру «іноземних агентів».', 'end'),
    ('uk', '* «Меморіал» визнано в Росії «іноземним агентом» і ліквідовано.', 'end'),
    ('ru', '* «Агентство» внесено Минюстом в реестр иностранных агентов и признано нежелательной организацией.', 'end'),
    ('ru', '* Генпрокуратура признала The Insider «нежелательной организацией».', 'end'),
    ('ru', 'Наш сайт признан в Беларуси «экстремистским материалом». Используйте VPN, чтобы читать нас безопасно.',
     'end'),
    # share, view and comment counters as lines of their own, "MORE:"/"WATCH:" labels, «Читайте по теме:»
    ('en', 'Share 34', 'mid'),
    ('en', '1.2K views', 'end'),
    ('ru', 'Просмотров: 1 234', 'end'),
    ('ru', 'Поделиться 54', 'mid'),
    ('uk', 'Переглядів: 2 410', 'start'),
    ('uk', 'Поділитися: 12', 'end'),
    ('en', 'MORE: Russia hits Odesa port overnight', 'mid'),
    ('en', 'WATCH: Zelensky visits front-line positions near Pokrovsk', 'mid'),
    ('ru', 'Читайте по теме: Минобороны объявило новый набор контрактников', 'mid'),
    ('uk', 'Читайте на тему: Україна отримала нову партію F-16', 'mid'),
    # paywall prompts and the outlet living on its readers, in forms the rules lacked
    ('uk', 'Щоб дочитати статтю, оформіть підписку', 'end'),
    ('en', 'Subscribe to read the rest of this story.', 'end'),
    ('en', 'This is a subscriber-only story.', 'end'),
    ('ru', 'Мы работаем только благодаря вашей поддержке. Поддержать', 'mid'),
    # air time of a programme
    ('ru', 'Программа «Итоги недели» выходит по воскресеньям в 19:00 на Радио «Эхо».', 'end'),
    ('uk', 'Передача «Ранок з Українським радіо» виходить щодня о 7:00 в ефірі Першого каналу.', 'end'),
])

test_look_alike_story_line_stays = line_in_every_position([
    ('en', 'Support provided by the EU helped rebuild 40 schools in the Kharkiv region.'),
    ('en', 'Watch Zelensky address Congress in the video below, the White House said.'),
    ('en', 'Memorial was designated a "foreign agent" in 2016 and liquidated by a court in 2021.'),
    ('ru', 'Правозащитный центр «Мемориал»* в своем докладе называет новые поправки «ликвидацией».'),
    ('ru', 'Минюст внес «Медузу» в реестр иностранных агентов в апреле 2021 года, а в 2023-м ее признали '
           '«нежелательной».'),
    ('ru', 'Сайт «Нашей Нивы» признан в Беларуси «экстремистским материалом» еще в 2021 году.'),
    ('ru', 'Программа «Время» выходит с 1968 года и остается самой рейтинговой на Первом канале.'),
    ('uk', 'Програма «Єдині новини» виходить цілодобово, її фінансування на 2026 рік становить 1,5 млрд гривень.'),
    ('en', '12 shares of the drone maker were sold to a Polish fund, the filing shows.'),
    ('ru', 'Просмотры ролика превысили миллион за сутки, сообщили в пресс-службе.'),
    ('en', 'Subscribers can read the full story online, the company said.'),
    ('en', 'Please wait for the all-clear before leaving the shelter, the city administration said.'),
], stays=True)
