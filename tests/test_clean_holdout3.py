"""Plugs told by their shape, not their wording (``call_to_action``, ``channel_list``), on a third blind set.

``fixtures/clean_holdout3``: 6 pages (uk, ru, en) from outlets found nowhere else in the project, written with their
expected stories before the cleaner was run on them and scored once before the shape rules (see its README). The
pages go through the crawl's flow with NO site rules. The unit tests below hold plugs worded unlike anything in the
rule files, and the lines of the same shape that are news and must stay: reported speech, direct quotes, an
investigation's own "we", and a plug-like sentence in the middle of a story.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newswatch.clean import clean_body
from newswatch.extract import extract_body, extract_metadata, parse_html
from tests.test_clean import paragraphs, run_flow

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean_holdout3"
PAGES = sorted(p.stem for p in FIXTURES.glob("*.html"))
_LANG = re.compile(r'<html[^>]*\blang="([a-z]{2})')
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
STORY = "NATO allies met in Brussels on Tuesday to discuss air defence for Ukraine."


def load(page: str) -> tuple[str, str, str, list[str]]:
    html = (FIXTURES / f"{page}.html").read_text(encoding="utf-8")
    expected = paragraphs((FIXTURES / f"{page}.txt").read_text(encoding="utf-8"))
    return html, _CANONICAL.search(html).group(1), _LANG.search(html).group(1), expected


def test_set_is_six_pages_in_three_languages():
    assert len(PAGES) == 6
    assert {load(p)[2] for p in PAGES} == {"en", "uk", "ru"}


@pytest.mark.parametrize("page", PAGES)
def test_page_needs_cleaning(page):
    html, url, _, expected = load(page)
    tree = parse_html(html)
    meta = extract_metadata(tree, url)
    raw = paragraphs(extract_body(tree, url, article_body=meta.get("article_body")))
    assert [p for p in raw if p not in expected and p != meta.get("title")]


@pytest.mark.parametrize("known_language", [True, False])
@pytest.mark.parametrize("page", PAGES)
def test_generic_rules_leave_exactly_the_story(page, known_language):
    html, url, language, expected = load(page)
    body, report, _ = run_flow(html, url, language if known_language else None, None)
    assert paragraphs(body) == expected, report.to_dict()


# Plugs in wordings no rule file spells out: each one goes when it closes the body.
PLUGS = [
    ("en", "Enjoyed this piece? Pass it on, and find more of our reporting at kyivnotes.org."),
    ("en", "Our podcast comes out every Thursday: listen wherever you get your podcasts."),
    ("en", "Questions about this story? Drop us a line at desk@example.news"),
    ("en", "Follow our live coverage on Bluesky: @frontline.news"),
    ("uk", "Більше новин із прифронтових громад — у нашому Viber-спільноті: invite.viber.com/frontline"),
    ("uk", "Маєте документи про розкрадання? Напишіть нам у Signal: @tips_redakcia"),
    ("uk", "Дивіться наші репортажі на YouTube і ставте вподобайки."),
    ("ru", "Больше историй из регионов — в нашем Instagram @regiony_media"),
    ("ru", "Заметили что-то важное? Пишите нам в бот @region_tips_bot, анонимность гарантируем."),
    ("ru", "Слушайте наш подкаст «Неделя» на всех платформах."),
    ("en", "YouTube · Telegram · Bluesky"),
    ("ru", "t.me/region_media"),
]


@pytest.mark.parametrize(("language", "line"), PLUGS)
def test_plug_closing_the_body_goes(language, line):
    body, report = clean_body(f"{STORY}\n\n{line}", language)
    assert paragraphs(body) == [STORY], report.to_dict()
    body, report = clean_body(f"{STORY}\n\n{line}", None)  # every language's rules: same verdict
    assert paragraphs(body) == [STORY], report.to_dict()


# Lines of the same shape that are news: they stay, closing the body or not.
NEWS = [
    ("en", "\"Help us close the sky,\" Zelensky said in a video posted to his Telegram channel."),
    ("en", "We traced the launch site using footage posted to Telegram and our own satellite imagery."),
    ("en", "Officials told residents to follow our city's emergency channel on Telegram, the mayor said."),
    ("en", "Russia blocked access to Signal and Viber in December, citing their use by \"terrorists\"."),
    ("uk", "«Підтримайте нас, бо без вас ми не вистоїмо», — звернувся до волонтерів командир бригади."),
    ("uk", "Адміністрація громади просить жителів стежити за її Telegram-каналом, повідомили в ОВА."),
    ("uk", "Наші війська відбили 14 атак на Покровському напрямку, повідомив Генштаб."),
    ("ru", "«Подписывайтесь на наш канал», — написал губернатор в Telegram после атаки."),
    ("ru", "Роскомнадзор ограничил доступ к YouTube и WhatsApp, сообщили в ведомстве."),
    ("ru", "— Напишите нам, если что-то узнаете, — сказала мать пропавшего солдата."),
]


@pytest.mark.parametrize(("language", "line"), NEWS)
def test_news_of_the_same_shape_stays(language, line):
    for known in (language, None):
        body, report = clean_body(f"{STORY}\n\n{line}", known)
        assert paragraphs(body) == [STORY, line], report.to_dict()


def test_plug_in_the_middle_of_the_story_stays():
    """The shape is a plug only among the body's last lines: earlier on, a line like it is left to the story."""
    plug = "Усі наші репортажі з Донеччини зібрані тут: frontline.ua/donbas"
    story = [f"Абзац {n}: ЗСУ відбили атаку на напрямку, повідомив Генштаб." for n in range(6)]
    text = "\n\n".join([story[0], plug, *story[1:]])
    body, _ = clean_body(text, "uk")
    assert plug in paragraphs(body)
    body, report = clean_body("\n\n".join([*story, plug]), "uk")
    assert paragraphs(body) == story
    assert "uk:call_to_action" in report.to_dict()["rules"]
