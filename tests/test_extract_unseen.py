"""Extraction on outlets it was never tuned on: tests/fixtures/extract_unseen (uk, ru, en).

Each ``<outlet>.html`` imitates one outlet's real markup (JSON-LD variants, ``@graph`` references, naive or
local dates, dates only shown as text, Cyrillic bylines, inline «Читайте также» boxes, embeds, live blogs, a
windows-1251 page); ``<outlet>.json`` holds what an analyst expects, written before the extractor ran on it
(see bench/extract_unseen.py, which prints the figures). The ``holdout`` pages were written after the fixes
and never tuned on. Known misses are strict xfails with the reason.
"""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from newswatch.extract import extract_article, extract_body, extract_metadata, parse_html
from tests._unseen import FETCHED_AT, UnseenRound

# (FETCHED_AT: an afternoon in Kyiv, after every page's date, as the spider passes it: lb_ua shows only «Вчора,
# 18:30», which needs it.) Newsweek's closing update note was a paragraph miss: put back, rules/body.yaml note_words.
ROUND = UnseenRound("extract_unseen")
PAGES = ROUND.pages


def test_a_page_showing_only_a_relative_date_needs_the_fetch_time():
    page = PAGES["lb_ua"]
    # «Вчора, 18:30» in Kyiv, whenever on the 27th (Kyiv time) it was fetched
    for fetched in (FETCHED_AT, datetime(2026, 11, 26, 22, 1, tzinfo=UTC), datetime(2026, 11, 27, 21, 59, tzinfo=UTC)):
        got = extract_article(page["html"], page["expected"]["url"], fetched_at=fetched)["published_at"]
        assert got == datetime.fromisoformat(page["expected"]["published_at"]) == datetime(2026, 11, 26, 16, 30,
                                                                                            tzinfo=UTC)
    # without it the extractor does not guess the minute: the URL's day (00:00 UTC), as before
    assert extract_article(page["html"], page["expected"]["url"])["published_at"] == datetime(2026, 11, 26, tzinfo=UTC)


def test_the_set_covers_three_languages_and_a_holdout():
    languages = [page["expected"]["language"] for page in PAGES.values()]
    assert len(PAGES) >= 30
    assert languages.count("uk") >= 10 and languages.count("ru") >= 10 and languages.count("en") >= 8
    assert sum(bool(page["expected"].get("holdout")) for page in PAGES.values()) >= 8


test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()


@pytest.mark.parametrize("holdout", [False, True])
def test_stored_body_scores(holdout):
    overlap = ROUND.overlap(lambda expected: bool(expected.get("holdout")) == holdout)
    # measured: first set P 0.990 / R 0.991, holdout 0.993 / 1.000 (first fixes before: 0.959 / 0.931, 0.964 / 0.930)
    assert overlap.precision >= 0.96 and overlap.recall >= 0.98


# --- the general causes behind the misses, one by one --------------------------------------------------------


def _page(body: str, head: str = "") -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


_STORY = [
    "Сили оборони відбили атаку на Покровському напрямку, повідомили в Генштабі у четвер вранці.",
    "За даними Генштабу, противник втратив за добу понад тисячу військових і дванадцять танків.",
    "Бої тривають також на Костянтинівському та Лиманському напрямках, де ворог застосовує дрони.",
    "У Генштабі наголосили, що ситуація на фронті залишається складною, але контрольованою.",
    "Окремо військові повідомили про збиті над південними областями ударні безпілотники типу «Шахед».",
    "Наступне оновлення даних про втрати противника Генштаб оприлюднить завтра о восьмій ранку.",
]


def test_an_embeds_whitespace_line_does_not_merge_paragraphs():
    embed = '<blockquote class="x-embed">\n        <a href="https://t.me/a/1">t.me/a/1</a>\n      \n</blockquote>'
    html = "".join(f"<p>{p}</p>" + (embed if i == 1 else "") for i, p in enumerate(_STORY))
    body = extract_body(_page(f"<article><h1>Заголовок новини про фронт</h1>{html}</article>"))
    paragraphs = body.split("\n\n")
    for sentence in _STORY:
        assert sentence in paragraphs


def test_social_embeds_are_not_story_text():
    tweet = ('<blockquote class="twitter-tweet"><p>Nobody is switching anything off.</p>&mdash; Elon Musk '
             '(@elonmusk) <a href="https://twitter.com/x/status/1">November 27, 2026</a></blockquote>')
    html = "".join(f"<p>{p}</p>" + (tweet if i == 1 else "") for i, p in enumerate(_STORY))
    body = extract_body(_page(f"<article><h1>Заголовок новини про фронт</h1>{html}</article>"))
    assert "@elonmusk" not in body and "switching" not in body
    assert all(sentence in body for sentence in _STORY)


def test_an_inline_read_also_box_does_not_end_the_story():
    box = '<div class="incut"><div>Читайте також</div><a href="/x">Генштаб оновив дані про втрати</a></div>'
    html = "".join(f"<p>{p}</p>" + (box if i == 3 else "") for i, p in enumerate(_STORY))  # in the second half
    body = extract_body(_page(f"<article><h1>Заголовок новини про фронт</h1>{html}</article>"))
    assert all(sentence in body for sentence in _STORY)  # the story goes on after the box
    assert "Читайте також" not in body and "Генштаб оновив дані про втрати" not in body  # the box goes


def test_a_read_also_list_at_the_end_still_ends_the_story():
    tail = "<p>Читайте також</p>" + "".join(f"<p><a href='/n{i}'>Новина номер {i} про події дня</a></p>"
                                             for i in range(3))
    html = "".join(f"<p>{p}</p>" for p in _STORY) + tail
    body = extract_body(_page(f"<article><h1>Заголовок новини про фронт</h1>{html}</article>"))
    assert body.endswith(_STORY[-1])


def test_the_standfirst_under_the_headline_is_kept_once():
    lead = "Генштаб повідомив про бої на трьох напрямках та нові втрати противника"
    html = "".join(f"<p>{p}</p>" for p in _STORY)
    page = _page(f"<article class='c-post'><div class='c-post-header'><h1>Заголовок новини про фронт</h1>"
                 f"<div class='c-post-lead'>{lead}</div></div><div class='c-post-text'>{html}</div></article>",
                 f'<meta property="og:description" content="{lead}">')
    paragraphs = extract_body(page).split("\n\n")
    assert paragraphs.count(lead) == 1 and paragraphs.index(lead) < paragraphs.index(_STORY[0])
    # the description alone, not shown on the page, is not the story's text
    hidden = _page(f"<article><h1>Заголовок новини про фронт</h1>{html}</article>",
                   f'<meta property="og:description" content="{lead}">')
    assert lead not in extract_body(hidden)


def test_a_list_in_a_container_trafilatura_does_not_know_is_kept():
    items = ["тривалу повномасштабну війну та нові удари", "затримки у надходженні міжнародної допомоги"]
    html = (f"<p>{_STORY[0]}</p><p>{_STORY[1]}</p><p>Серед основних ризиків у Нацбанку називають:</p><ul>"
            + "".join(f"<li>{item};</li>" for item in items) + "</ul>" + "".join(f"<p>{p}</p>" for p in _STORY[2:]))
    body = extract_body(_page(f"<div class='post post_news'><h1 class='post__title'>Заголовок новини про фронт</h1>"
                              f"<div class='post__text'>{html}</div></div>"))
    assert all(item in body for item in items)
    assert all(sentence in body for sentence in _STORY)


_H1 = "<h1>Сили оборони відбили атаку під Покровськом</h1>"


def _metadata_of(body: str, url: str, head: str = "", lang: str = "uk") -> dict:
    html = f"<html lang='{lang}'><head>{head}</head><body>{body}</body></html>"
    return extract_article(html.encode(), url)


def test_naive_dates_are_the_outlets_local_time():
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-11-27 13:40:00"}</script>'
    story = f"<article>{_H1}" + "".join(f"<p>{p}</p>" for p in _STORY) + "</article>"
    kyiv = _metadata_of(story, "https://zaxid.net/news_n1", ld)  # Ukrainian page: Kyiv time
    assert kyiv["published_at"] == datetime(2026, 11, 27, 11, 40, tzinfo=UTC)
    moscow = _metadata_of(story, "https://www.interfax.ru/russia/1", ld, lang="ru")  # .ru: Moscow time
    assert moscow["published_at"] == datetime(2026, 11, 27, 10, 40, tzinfo=UTC)
    other = _metadata_of(story, "https://example.com/news/1", ld, lang="en")  # no zone known: UTC as before
    assert other["published_at"] == datetime(2026, 11, 27, 13, 40, tzinfo=UTC)
    # a Russian-language page of a Ukrainian outlet on a .com domain: its locale names the country
    locale = _metadata_of(story, "https://news.example.com/1", ld + '<meta property="og:locale" content="ru_UA">',
                          lang="ru")
    assert locale["published_at"] == datetime(2026, 11, 27, 11, 40, tzinfo=UTC)
    assert _metadata_of(story, "https://news.example.com/1", ld, lang="ru-UA")["published_at"] \
        == datetime(2026, 11, 27, 11, 40, tzinfo=UTC)


def _fields_of(body: str, url: str, lang: str = "uk") -> dict:
    """extract_metadata's fields (with ``published_relative``, which extract_article drops)."""
    return extract_metadata(parse_html(f"<html lang='{lang}'><head></head><body>{body}</body></html>".encode()), url)


@pytest.mark.parametrize(("shown", "expected"), [
    ("27.11.2026 14:05", datetime(2026, 11, 27, 12, 5, tzinfo=UTC)),
    ("П'ятниця 27 листопада 2026 14:05", datetime(2026, 11, 27, 12, 5, tzinfo=UTC)),
    ("14:05, 27 листопада 2026", datetime(2026, 11, 27, 12, 5, tzinfo=UTC)),
    ("Сьогодні, 14:05", None),  # relative: no reference time, no date (see the test below)
    ("Додано: 27.11.2026 о 14:05 | <a href='/u/1'>Олена</a>", datetime(2026, 11, 27, 12, 5, tzinfo=UTC)),
    ("<a href='/u/1'>Олена</a> | Додано: 27.11.2026 о 14:05 | <span>Переглядів: 512</span>",
     datetime(2026, 11, 27, 12, 5, tzinfo=UTC)),  # a text node between inline children
])
def test_a_date_shown_next_to_the_headline(shown, expected):
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    related = ("<div class='news-feed'><div><span class='date'>26.11.2026 18:20</span>"
               "<a href='/x'>Інша новина</a></div></div>")
    body = f"<div class='article'>{_H1}<div class='info'><span>{shown}</span></div>{story}</div>{related}"
    got = _fields_of(body, "https://censor.net/ua/news/1")
    assert got["published_at"] == expected and not got["published_relative"]


def test_a_day_shown_without_a_time_is_the_day_but_ranks_below_a_feeds_date():
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    body = f"<div class='article'>{_H1}<div class='info'><span>27 листопада 2026</span></div>{story}</div>"
    got = _fields_of(body, "https://censor.net/ua/news/1")
    # the day as a URL gives it (00:00 UTC), flagged so that the loader lets a feed's full time win
    assert got["published_at"] == datetime(2026, 11, 27, tzinfo=UTC) and got["published_relative"]
    # a day says nothing more than the URL's day, nor than a full date from the markup
    assert not _fields_of(body, "https://censor.net/ua/news/2026/11/27/1")["published_relative"]
    timed = body.replace(_H1, _H1 + "<time datetime='2026-11-27T09:15:00+02:00'></time>")
    got = _fields_of(timed, "https://censor.net/ua/news/1")
    assert got["published_at"] == datetime(2026, 11, 27, 7, 15, tzinfo=UTC) and not got["published_relative"]


@pytest.mark.parametrize(("shown", "expected"), [
    ("Сьогодні, 14:05", datetime(2026, 11, 27, 12, 5, tzinfo=UTC)),
    ("Вчора о 23:50", datetime(2026, 11, 26, 21, 50, tzinfo=UTC)),
    ("2 години тому", datetime(2026, 11, 27, 12, 0, tzinfo=UTC)),
    ("Сьогодні, 18:30", None),  # later than the fetch
    ("Вчора", None),  # a day without a time: the feed's time is better
    ("Оновлено 2 години тому", None),  # an update, not the publication
])
def test_a_relative_date_shown_next_to_the_headline_with_the_fetch_time(shown, expected):
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    related = ("<div class='news-feed'><div><span class='date'>Сьогодні, 13:20</span>"
               "<a href='/x'>Інша новина</a></div></div>")
    body = f"<div class='article'>{_H1}<div class='info'><span>{shown}</span></div>{story}</div>{related}"
    html = f"<html lang='uk'><head></head><body>{body}</body></html>"
    fetched = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)  # 16:00 in Kyiv
    got = extract_article(html.encode(), "https://censor.net/ua/news/1", fetched_at=fetched)
    assert got["published_at"] == expected


def test_dates_of_comments_are_not_the_publication_date():
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    comments = "<div class='comments'><div class='comment'><span>27.11.2026 14:20</span><p>Тримайтеся!</p></div></div>"
    body = f"<div class='article'>{_H1}{comments}{story}</div>"
    assert _metadata_of(body, "https://censor.net/ua/news/1")["published_at"] is None


def test_the_site_headers_clock_is_not_the_publication_date():
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    body = ("<div class='top'><div class='bar'><span class='today'>П'ятниця, 27.11.2026 09:41</span></div></div>"
            f"<div class='page'><div class='content'>{_H1}{story}</div></div>")
    assert _metadata_of(body, "https://censor.net/ua/news/1")["published_at"] is None


def test_a_logo_in_an_h1_is_not_the_headline_next_to_which_the_date_is_shown():
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    body = ("<div class='header'><h1 class='logo'><a href='/'>Цензор</a></h1>"
            "<div class='today'>27.11.2026 09:41</div></div>"
            "<div class='content'><h2 class='title'>Сили оборони відбили атаку</h2>"
            f"<span class='date'>27.11.2026 08:15</span>{story}</div>")
    assert _metadata_of(body, "https://censor.net/ua/news/1")["published_at"] is None
