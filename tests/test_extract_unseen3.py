"""Extraction on a third set of unseen pages: tests/fixtures/extract_unseen3 (uk, ru, en).

Page types the first two sets lack: DLE, uCoz, Joomla (microdata, an <h2> headline, "Super User" as the meta author),
K2 and Drupal 7 (RDFa) regional sites laid out with <table>s and <font>; Ghost, Substack, Medium and beehiiv posts;
a Telegram post page; "news in brief" digests; page 1 of a paginated article; a story only in <noscript> or in a
<template>; a uk page declaring ru (hreflang alternates, a wrong <html lang> and inLanguage); an OpenGraph-only page
with og:type "website" and its day only in the URL; dates only as text («27 ноября 2026 г. в 14:05 (МСК)», "Updated
Nov. 27, 2026 2:05 p.m. ET", a uCoz clock in a title attribute); authors only in rel=author, «Автор матеріалу: ...»,
"By X and Y in Kyiv", a closing «..., специально для ...» credit, or the outlet's own name declared as the author;
RTL quotes; a long investigation (subheads, captions, a pull quote, footnotes); comments longer than the story. The
expectations were written before the extractor ran on them (figures: ``bench/extract_unseen.py --set
extract_unseen3``; the README has the blind baseline). The ``holdout`` pages were written after the fixes and scored
once; what they still miss is a strict xfail with the reason.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newswatch.clean import clean_body
from newswatch.extract import extract_body, extract_metadata, parse_html
from tests._unseen import UnseenRound

ROUND = UnseenRound("extract_unseen3")
PAGES = ROUND.pages


test_the_set_covers_three_languages = ROUND.coverage_test(pages=26, uk=8, ru=7, en=8, holdout=6)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()


# measured: first 20 pages P 0.997 / R 0.994 (blind, before the fixes: 0.963 / 0.990, 8 furniture strings); holdout,
# six pages scored once after those fixes: 0.926 / 0.983 blind, 0.962 / 0.994 after the general fixes it led to
test_stored_body_scores = ROUND.scores_test([(False, 0.99, 0.99), (True, 0.95, 0.99)])


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = [
    "Около двадцати женщин пришли утром к зданию правительства республики и потребовали встречи с главой.",
    "Участницы акции держали в руках фотографии родственников, мобилизованных осенью позапрошлого года.",
    "К женщинам вышел заместитель руководителя администрации и пообещал организовать встречу за неделю.",
    "Полиция на месте присутствовала, но задержаний не было, одиночные пикеты согласования не требуют.",
]
_TITLE = "Матери мобилизованных вышли к зданию правительства"


def _page(head: str, top: str, story: list[str] = _STORY, tail: str = "", lang: str = "ru") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in story)
    return (f"<html lang='{lang}'><head><title>{_TITLE}</title>{head}</head><body><nav><a href='/'>Главная</a></nav>"
            f"<div class='content'><h1>{_TITLE}</h1>{top}<div class='text'>{paragraphs}</div>{tail}</div>"
            "<div class='footer'>© 2026</div></body></html>").encode()


def test_a_drupal_rdfa_byline_and_date():
    submitted = ("<div class='submitted'><span property='dc:date dc:created' content='2026-11-27T14:05:00+03:00' "
                 "rel='sioc:has_creator'>27.11.2026 — <span class='username' typeof='sioc:UserAccount' "
                 "property='foaf:name'>Анна Козлова</span></span></div>")
    # Drupal marks a front-page story "node-promoted": not a promo box
    html = _page("", f"<div class='node node-news node-promoted'>{submitted}</div>")
    got = extract_metadata(parse_html(html), "https://example.org/news/2026/11/27/piket")
    assert got["authors"] == ["Анна Козлова"]
    assert got["published_at"] == datetime(2026, 11, 27, 11, 5, tzinfo=UTC)
    modified = html.replace(b"dc:date dc:created", b"dc:modified")
    got = extract_metadata(parse_html(modified), "https://example.org/news/2026/11/27/piket")
    assert got["modified_at"] == datetime(2026, 11, 27, 11, 5, tzinfo=UTC)


def test_a_cms_default_account_is_no_author_and_microdata_names_the_author():
    head = "<meta name='author' content='Super User'>"
    byline = ("<dd class='createdby' itemprop='author' itemscope itemtype='https://schema.org/Person'>Автор: "
              "<span itemprop='name'>Ірина Коваленко</span></dd>")
    got = extract_metadata(parse_html(_page(head, byline)), "https://www.example.com.ua/news/1")
    assert got["authors"] == ["Ірина Коваленко"]
    assert extract_metadata(parse_html(_page(head, "")), "https://www.example.com.ua/news/1")["authors"] == []


def test_two_microdata_authors_in_one_byline_and_an_opinion_class_is_not_a_comment():
    byline = "".join(f"<span itemprop='author' itemscope><a href='/people/{i}'><span itemprop='name'>{name}</span></a>"
                     f"</span>{' and ' if i == 0 else ''}" for i, name in enumerate(["Jack Watling", "Nick Reynolds"]))
    html = _page("", f"<div class='meta'>{byline}</div>", lang="en").replace(
        b"<div class='content'>", b"<article class='publication publication--commentary'>").replace(
        b"<div class='footer'>", b"</article><div class='footer'>")
    assert extract_metadata(parse_html(html), "https://example.org/c/1")["authors"] == ["Jack Watling", "Nick Reynolds"]


def test_the_outlet_declared_as_author_gives_way_to_the_byline():
    head = ('<meta property="og:site_name" content="Слідство.Інфо"><script type="application/ld+json">'
            '{"@type": "Article", "headline": "x", "author": {"@type": "Person", "name": "Слідство.Інфо"}}</script>')
    byline = ("<div class='post-authors'>Автори: <a href='/a/1'>Анна Бабінець</a>, "
              "<a href='/a/2'>Євген Шульгат</a></div>")
    got = extract_metadata(parse_html(_page(head, byline, lang="uk")), "https://www.example.info/articles/x/")
    assert got["authors"] == ["Анна Бабінець", "Євген Шульгат"]
    # with no byline, the outlet is no writer: no author (metadata round 11; it was the outlet's name)
    got = extract_metadata(parse_html(_page(head, "", lang="uk")), "https://www.example.info/articles/x/")
    assert got["authors"] == []


@pytest.mark.parametrize(("top", "names"), [
    ("<p class='author-line'>Автор матеріалу: <a href='/author/1'>Дмитро Левченко</a></p>", ["Дмитро Левченко"]),
    ("<table><tr><td><font size='2'>27 листопада 2026, 14:05</font></td><td><font size='2'>Автор: <a href='/u/1'>"
     "Олена Мирошниченко</a> | Переглядів: 1 284 | <a href='#c'>Коментарів: 3</a></font></td></tr></table>",
     ["Олена Мирошниченко"]),
    ("<div class='article-byline'><span>By <a href='/p/1'>Alison Bath</a> and <a href='/p/2'>Svitlana Morenets</a>"
     " in Kyiv</span><br><span class='org'>Stars and Stripes</span></div>", ["Alison Bath", "Svitlana Morenets"]),
])
def test_byline_lines(top, names):
    got = extract_metadata(parse_html(_page("", top)), "https://example.com/news/1")
    assert got["authors"] == names


@pytest.mark.parametrize(("line", "author"), [
    ("Ксения Кириллова, специально для Каспаров.Ru", True),
    ("Іван Петренко, спеціально для «Дзеркала тижня»", True),
    # a story sentence that starts the same way is the story's
    ("Иван Петров, специально для «Новой газеты», побывал в Херсоне и поговорил с жителями разрушенных домов.", False),
])
def test_a_closing_credit_line_names_the_author_and_leaves_the_body(line, author):
    html = _page("", "", story=[*_STORY, line])
    assert (extract_metadata(parse_html(html), "https://example.ru/m/1")["authors"] != []) is author
    body = extract_body(parse_html(html), "https://example.ru/m/1")
    assert all(sentence in body for sentence in _STORY) and (line not in body) is author


def test_dates_shown_as_text():
    ucoz = "<div class='details'>Просмотров: 512 | Дата: <span title='14:05'>27.11.2026</span></div>"
    got = extract_metadata(parse_html(_page("", ucoz)), "http://example.ucoz.ru/news/x/2026-11-27-3811")
    assert got["published_at"] == datetime(2026, 11, 27, 11, 5, tzinfo=UTC)
    shown = ("<div class='ts'><span>Published Nov. 27, 2026 9:40 a.m. ET</span> | "
             "<span>Updated Nov. 27, 2026 2:05 p.m. ET</span></div>")
    got = extract_metadata(parse_html(_page("", shown, lang="en")), "https://www.example.com/europe/1")
    assert got["published_at"] == datetime(2026, 11, 27, 14, 40, tzinfo=UTC)
    assert got["modified_at"] == datetime(2026, 11, 27, 19, 5, tzinfo=UTC)


def test_a_headline_in_an_h2_anchors_the_date_shown_above_it():
    html = (f"<html lang='uk'><head><title>{_TITLE}</title></head><body><div class='itemHeader'>"
            "<span class='itemDateCreated'>П'ятниця, 27 листопада 2026 14:05</span>"
            f"<h2 class='itemTitle'>{_TITLE}</h2></div><div>{''.join(f'<p>{p}</p>' for p in _STORY)}</div>"
            "</body></html>")
    got = extract_metadata(parse_html(html.encode()), "https://example.ua/news/1")
    assert got["published_at"] == datetime(2026, 11, 27, 12, 5, tzinfo=UTC)


def test_a_story_only_in_noscript_is_read_and_a_tracking_pixel_changes_nothing():
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    shell = (f"<html><body><div id='__nuxt'><div class='spinner'></div></div><noscript><article><h1>{_TITLE}</h1>"
             f"{story}</article></noscript></body></html>")
    body = extract_body(parse_html(shell.encode())).split("\n\n")
    assert body[-len(_STORY):] == _STORY  # (after the headline: extract_body alone does not know the title)
    pixel = (f"<html><body><article><h1>{_TITLE}</h1>{story}</article><noscript><img src='/px.gif'></noscript>"
             "<noscript><p>Включите JavaScript</p></noscript></body></html>")
    assert extract_body(parse_html(pixel.encode())).split("\n\n")[-len(_STORY):] == _STORY


def test_footnote_marks_and_pull_quotes_leave_the_text():
    # WordPress's footnote mark and pull quote; Substack's mark is an <a class="footnote-anchor">
    story = [f"{_STORY[0][:-1]}<sup data-fn='f1' class='fn'><a href='#f1' id='f1-link'>1</a></sup>.",
             "<blockquote class='wp-block-pullquote'><p>Главное — не молчать</p></blockquote>",
             f"{_STORY[1][:-1]}<a class='footnote-anchor' href='#footnote-2' id='footnote-anchor-2'>2</a>.",
             *_STORY[2:],
             "<ol class='wp-block-footnotes'><li id='f1'>Данные полиции за ноябрь. <a href='#f1-link'>↩︎</a></li></ol>"]
    body = extract_body(parse_html(_page("", "", story=story)))
    assert _STORY[0] in body and _STORY[1] in body and "Главное — не молчать" not in body
    assert "Данные полиции за ноябрь." in body  # the footnote itself stays
    assert "↩" not in body  # its unclassed back-link does not


@pytest.mark.parametrize(("line", "dropped"), [
    ("Категория: Происшествия | Просмотров: 512 | Добавил: kurskadmin | Дата: 27.11.2026", True),
    ("Всего комментариев: 0", True),
    ("Сегодня, 14:05Просмотров: 6 218Комментариев: 41", True),
    ("Версия для печати | Отправить другу | Обсудить (12)", True),
    ("Войдите, чтобы отправлять комментарии", True),
    ("Использованы фотографии: Минобороны РФ", True),
    ("How did you like today's Brief?", True),
    ("Login or Subscribe to participate in polls.", True),
    ("Рейтинг: 45% українців довіряють армії, свідчить опитування, проведене у листопаді.", False),
    ("Рейтинг Зеленського зріс до 60 відсотків, свідчать дані опитування КМІС.", False),
])
def test_counter_and_tool_lines(line, dropped):
    body = extract_body(parse_html(_page("", "", story=[*_STORY[:2], line, *_STORY[2:]])))
    assert all(sentence in body for sentence in _STORY)
    assert (line not in body) is dropped


@pytest.mark.parametrize(("line", "kept"), [
    # a team-credits line ends in a photo credit as a caption does, but names its crew by role: no caption, and no
    # story either since credit lines leave the body (README, "What the stored body keeps"; clean_holdout14)
    ("Над матеріалом працювали: Анна Бабінець, Євген Шульгат. Редактор: Ольга Петрів. Фото: Слідство.Інфо.", False),
    ("Текст: Ольга Петрів. Фото: Слідство.Інфо.", False),
    ("Генератор, за який заплатили 1,4 мільйона, досі стоїть на складі постачальника. Фото: Слідство.Інфо.", False),
    ("Склад під Броварами, де зберігаються генератори. (Фото: Слідство.Інфо)", False),
])
def test_a_team_credits_line_is_no_photo_caption(line, kept):
    story = "\n\n".join(_STORY)
    body, _ = clean_body(f"{story}\n\n{line}", "uk")
    assert body.startswith(story) and (line in body) is kept


@pytest.mark.parametrize(("label", "dropped"), [("Left:", True), ("На фото:", True), ("Губернатор заявил:", False)])
def test_a_bare_caption_label_goes_with_its_caption(label, dropped):
    caption = "Жители у разрушенного дома на окраине города."
    body = extract_body(parse_html(_page("", "", story=[*_STORY, label, caption])))
    assert all(sentence in body for sentence in _STORY)
    assert (caption not in body) is dropped and (label not in body) is dropped


def test_a_telegram_post_pages_action_bar_leaves_the_text():
    # (a post of some length: on a page under 400 characters trafilatura's fallbacks read the unpruned page)
    story = [*_STORY, "По данным областной администрации, пострадавших среди мирных жителей в результате атаки нет.",
             "Мы будем следить за развитием событий и сообщим подробности, как только они появятся у редакции."]
    post = "<br>".join(story)
    html = ("<html><head><meta property='og:title' content='Канал новостей'></head><body><div class='tgme_page'>"
            f"<div class='tgme_widget_message_text js-message_text' dir='auto'>{post}</div>"
            "<div class='tgme_page_widget_actions'><div class='tgme_page_widget_action_right'>"
            "<a class='tgme_action_button_new tgme_action_web_button' href='https://t.me/s/news/1'>Context</a></div>"
            "<a class='tgme_action_button_new shine' href='tg://resolve?domain=news&post=1'>View in Telegram</a>"
            "</div></div></body></html>")
    body = extract_body(parse_html(html.encode()), "https://t.me/news/1?embed=1&mode=tme")
    assert all(sentence in body for sentence in story) and "Context" not in body
