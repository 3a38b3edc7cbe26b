"""clean_holdout24: 12 pages of paywall, support-banner and promo text around stories written blind (README: 9/12 exact
with the rules of 858bf09, para P 0.984 R 0.969), from Ukrainian, Russian-language and English outlets new to the
sets: donation asks in the outlet's voice (a monobank jar, Patreon, «Поддержите независимую журналистику»), a metered
counter and a subscribers-only cut-off, app, channel and newsletter promos with their forms, cookie text inside the
body, edition links, an affiliate disclosure and its buy button, event promos and newsroom job ads; and story lines
that look like them (a volunteers' fundraiser with its jar, a newspaper's paywall policy, officials asking citizens to
donate, a subscription-economy story, Telegram posts quoted, corrections and an editor's note, an open letter's
signatories, a quote's lead-in in a "call-to-action" box).

The blind misses and their general causes: a section heading in title case ("The News") read as a bare byline (a name
never opens on an article, question word or possessive); a quote's lead-in in a promo-classed box dropped (a box ending
in a colon right before a ``<blockquote>`` leads it in: html.yaml ``introduces``); a book review's buy button ("Buy the
book from Bookshop.org", ``en:affiliate``). Probed line by line (the pages' classes took most furniture, other markup
would not): a newsletter's label naming its briefing and its pitch ("… stories of the day, delivered every weekday
morning"), the consent line naming the button in quotes (uk/ru), «… в вашей почте» (ru), the outlet's event with its
registration (en/uk/ru), the app under the outlet's possessive ("Get Semafor's app …"), the cookie buttons and the
wall's buttons flattened onto one line (en; uk/ru), an edition switcher ("English version", «Версия на английском»:
common). Last round's candidates: an open letter's last signatories under "Signed by:" are no tag list nor a byline
(``trailing_list.names_label``), with the statement's press contact going ("Media contact: press@…"); the outlet's
«X пишет о … с 2016 года» no longer shields its donation ask as reported speech (clean_holdout23's activatica).
After: 12/12, para P 1.000 R 1.000. The holdout (holdout/README.md, scored once after the fixes): 5/5 bodies exact,
para P 1.000 R 1.000; its paywalled verdict missed on prospect (a strict xfail).

Every page must come out exactly as written with its language known or not.
"""

from __future__ import annotations

import pytest

from newswatch.clean import clean_body
from tests._clean_sets import (
    STORY,
    CleanSet,
    clean_lines,
    exactly_the_story,
    furniture_line_goes,
    line_in_every_position,
    no_story_paragraph_lost,
    paywalled_verdict,
    sets_hold_three_languages,
)
from tests.test_clean import paragraphs, run_flow

HOLDOUT24 = CleanSet("clean_holdout24", paywalled={"profile_ru"})
_METERED_CUT_OFF = ("a metered counter (\"You've read 2 of your 3 free articles this month.\") beside a wall that cuts "
                    "the story off (\"Subscribe to continue reading\" after two paragraphs): the counter says the "
                    "reader was let through, so the page is not marked paywalled though its body is a teaser; which "
                    "of the two to believe is the README's decision on metered walls, not a rule; the holdout is not "
                    "tuned on")
HELD_OUT = CleanSet("clean_holdout24/holdout", paywalled={"prospect"}, misses={"prospect": _METERED_CUT_OFF})

test_page_is_exactly_the_story = exactly_the_story(HOLDOUT24, HELD_OUT, verdict=True)
test_no_story_paragraph_is_lost = no_story_paragraph_lost(HOLDOUT24, HELD_OUT)
test_sets_hold_three_languages = sets_hold_three_languages(HOLDOUT24, HELD_OUT, sizes=(12, 5))
test_paywalled_verdict = paywalled_verdict(HOLDOUT24, ids=["clean_holdout24"])


@pytest.mark.xfail(strict=True, reason=_METERED_CUT_OFF)
def test_metered_cut_off_is_flagged():
    assert HELD_OUT.run("prospect", known_language=True)[2] is True


test_furniture_line_goes = furniture_line_goes([
    # a book review's buy button
    ('en', 'Buy the book from Bookshop.org', 'end'),
    ('en', 'Order your copy from Waterstones', 'end'),
    # a newsletter box's label naming its briefing, and its pitch
    ('en', 'Get the Military Times Early Bird Brief', 'mid'),
    ('en', 'The top defense and military stories of the day, delivered every weekday morning.', 'mid'),
    ('ru', 'Главное о Русском Севере за неделю — каждую пятницу в вашей почте.', 'mid'),
    # the consent line under a sign-up field, the button named in quotes
    ('uk', 'Натискаючи «Підписатися», ви погоджуєтеся з умовами обробки персональних даних.', 'mid'),
    ('ru', 'Нажимая «Подписаться», вы соглашаетесь с политикой обработки персональных данных.', 'mid'),
    # the outlet's event with its registration
    ('en', 'Join Military Times and Defense News for the Defense Drone Summit on Dec. 9 in Arlington, Virginia. '
           'Register today.', 'end'),
    ('uk', 'Запрошуємо на «Медіакаву з МБ»: 5 грудня о 18:00 говоримо з редакцією про те, як писати про війну в тилу. '
           'Вхід вільний, реєстрація за посиланням.', 'end'),
    ('ru', 'Приглашаем на онлайн-конференцию BFM «Экономика подписки-2027» 10 декабря. Регистрация открыта на сайте.',
     'end'),
    # the app under the outlet's possessive
    ('en', "Get Semafor's app for the day's biggest stories, delivered as they break. Download it on the App Store or "
           "Google Play.", 'mid'),
    # buttons flattened onto one line: a consent banner's, a wall's
    ('en', 'Accept all Manage preferences', 'end'),
    ('en', 'Reject all Accept all', 'end'),
    ('ru', 'Оформить подписку Войти', 'end'),
    ('uk', 'Оформити передплату Увійти', 'end'),
    # an edition switcher, in the other edition's language or the page's
    ('ru', 'English version', 'start'),
    ('uk', 'Англійська версія', 'start'),
    ('ru', 'Версия на украинском', 'start'),
    # a statement's press contact
    ('en', 'Media contact: press@ccl.org.ua', 'end'),
    ('uk', 'Контакти для ЗМІ: press@zmina.ua', 'end'),
    ('ru', 'Контакты для СМИ: press@ovd.info', 'end'),
    # the outlet telling what it covers, then asking (last round's activatica; uk the same)
    ('ru', '«Активатика» пишет о гражданских инициативах с 2016 года. Мы не берем денег у государства и держимся '
           'только на поддержке читателей. Помогите нам продолжать — оформите ежемесячное пожертвование.', 'mid'),
    ('uk', '«Житомирська хвиля» пише про громадські ініціативи з 2015 року. Ми не беремо грошей від держави й '
           'тримаємося лише на підтримці читачів. Допоможіть нам продовжувати — оформіть щомісячний донат.', 'mid'),
])

test_look_alike_story_line_stays = line_in_every_position([
    # a buy button's words inside a sentence; a delivery schedule in the news
    ('en', 'Order a copy of the indictment, the court clerk said, and it arrives in six weeks.'),
    ('en', 'The latest shipments of shells, delivered every week since March, come from a plant in Bulgaria.'),
    # an invitation and a registration reported, not made
    ('uk', 'У міськраді запрошують на донорську акцію в обласній лікарні: реєстрація триває до п\'ятниці.'),
    ('en', 'Registration is open until Friday for evacuation buses from Pokrovsk, the regional administration said.'),
    ('en', 'Join the alliance? Finland asked itself that for 75 years before the invasion settled it.'),
    # an edition of a treaty, a press office quoted
    ('ru', 'Английская версия договора отличается от русской, заявили в МИД Армении.'),
    ('en', 'The press office of the Southern Defence Forces did not reply to an e-mail sent to its address.'),
    # another outlet writing about the war since a year, its money reported, not asked for
    ('ru', '«Новая газета» пишет о войне с 2022 года и не берет денег у государства, напомнил редактор.'),
    ('ru', 'Издание пишет о протестах с 2022 года; по данным суда, оно не берет денег у государства.'),
    # a governor's call quoted, with who made it
    ('ru', '«Я прошу каждого, кто может, поддержать наших ребят. Даже сто рублей в месяц — это реальная помощь», — '
           'заявил Гладков.'),
], stays=True)


_LETTER = ["The letter, published ahead of next week's meeting of NATO foreign ministers, urges allies to act.",
           "Signed by:", "Centre for Civil Liberties (Ukraine)", "Regional Centre for Human Rights (Ukraine)",
           "Norwegian Helsinki Committee", "Freedom House"]


@pytest.mark.parametrize("language", ["en", None])
def test_open_letters_signatories_stay(language):
    """The last short lines under "Signed by:" are the letter's signatories, not a tag list nor a byline."""
    assert clean_lines([STORY, *_LETTER], language) == [STORY, *_LETTER]
    ukrainian = ["Звернення підтримали понад сорок організацій.", "Підписали:", "Центр громадянських свобод",
                 "Медійна ініціатива за права людини", "ZMINA", "Truth Hounds"]
    assert clean_lines([STORY, *ukrainian], language and "uk") == [STORY, *ukrainian]


@pytest.mark.parametrize("language", ["en", None])
def test_tag_list_and_byline_without_the_label_still_go(language):
    """The same short lines closing the body under no names label are a tag list; a bare name closing it a byline."""
    assert clean_lines([STORY, STORY + " Again.", "NATO", "Ukraine", "Air defence"], language) == [
        STORY, STORY + " Again."]
    assert clean_lines([STORY, STORY + " Again.", "Olena Mazur"], language) == [STORY, STORY + " Again."]
    # a label of another kind above them: the list goes as before
    assert clean_lines([STORY, "Read more:", "NATO", "Ukraine", "Air defence"], language) == [STORY]


@pytest.mark.parametrize("heading", ["The News", "Why It Matters", "Our View"])
def test_title_case_section_heading_opening_the_body_stays(heading):
    """A section heading in title case (Semafor's) opening the body is no bare byline: no name opens on an article,
    a question word or a possessive. A name there still goes."""
    body, report = clean_body(f"{heading}\n\n{STORY}\n\nThe View From Moscow\n\n{STORY} Again.", "en")
    assert paragraphs(body)[0] == heading, report.to_dict()
    body, _ = clean_body(f"Oksana Romaniuk\n\n{STORY}\n\n{STORY} Again.", "en")
    assert paragraphs(body)[0] == STORY


_PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="https://example.org/news/1"></head><body><main><article><h1>{title}</h1>
<div class="entry-content">
<p>{p1}</p>
{box}
{after}
<p>{p2}</p>
</div></article></main></body></html>"""


def _page_body(box: str, after: str, lang: str = "uk") -> list[str]:
    page = _PAGE.format(
        lang=lang, title="Начальник ОВА закликав тернополян скинутися на РЕБ",
        p1="Начальник Тернопільської ОВА звернувся до мешканців області з проханням долучитися до збору на системи "
           "радіоелектронної боротьби для прикордонників, які тримають оборону на Харківщині.",
        p2="Збір відкрив благодійний фонд «Тернопіль — фронту». За перші шість годин на банку надійшло понад 400 "
           "тисяч гривень, повідомили у фонді.",
        box=box, after=after)
    return paragraphs(run_flow(page, "https://example.org/news/1", lang, None)[0])


_QUOTE = ("<blockquote><p>«Друзі, прикордонники просять про допомогу. Потрібно 1,4 мільйона гривень на три "
          "комплекси РЕБ», — написав Негода.</p></blockquote>")


def test_promo_box_leading_a_quote_in_stays():
    """A "call-to-action" box ending in a colon right before a blockquote is the quote's lead-in (ternopil_20minut)."""
    body = _page_body('<div class="call-to-action"><p>Свій допис у Telegram-каналі ОВА Негода почав так:</p></div>',
                      _QUOTE)
    assert "Свій допис у Telegram-каналі ОВА Негода почав так:" in body


@pytest.mark.parametrize("box, after", [
    # the same box ending in a colon before a paragraph, not a quote; before a form
    ('<div class="call-to-action"><p>Підписуйтеся на наш Telegram-канал, щоб першими дізнаватися новини:</p></div>',
     '<p><a href="https://t.me/te20minut">t.me/te20minut</a></p>'),
    ('<div class="promo-box"><p>Найважливіше про Тернопіль щоранку — залиште свій e-mail:</p></div>',
     '<form><input type="email"><button>Підписатися</button></form>'),
    # a promo box before a quote that does not end in a colon
    ('<div class="call-to-action"><p>Стежте за новинами Тернополя у WhatsApp!</p></div>', _QUOTE),
])
def test_promo_box_not_leading_a_quote_in_goes(box, after):
    body = _page_body(box, after)
    assert not any("Telegram-канал" in p or "e-mail" in p or "WhatsApp" in p for p in body), body
