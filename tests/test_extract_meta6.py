"""Article metadata on pages written for its hard cases (tests/fixtures/extract_meta6; scorer: bench/extract_meta.py).

Every field an expectation gives is checked on its page; then the general causes fixed in this round, one by one,
both ways (what must change and its look-alike that must not).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newswatch.extract import extract_article
from newswatch.extract.normalize import parse_date, split_authors
from tests._meta_sets import MetaRound

ROUND = MetaRound("extract_meta6")


test_the_set_covers_three_languages = ROUND.coverage_test(pages=30, each=9)
test_metadata = ROUND.metadata_test()


# --- the general causes --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("March 8, 2026 3:15 p.m. ET", datetime(2026, 3, 8, 19, 15, tzinfo=UTC)),  # daylight time from March 8
    ("March 7, 2026 3:15 p.m. ET", datetime(2026, 3, 7, 20, 15, tzinfo=UTC)),
    ("Nov. 2, 2026 9:00 a.m. PT", datetime(2026, 11, 2, 17, 0, tzinfo=UTC)),
    ("Oct. 30, 2026 9:00 a.m. PT", datetime(2026, 10, 30, 16, 0, tzinfo=UTC)),
    ("27 ноября 2026 в 14:40 МСК", datetime(2026, 11, 27, 11, 40, tzinfo=UTC)),
    ("27 листопада 2026 о 14:40 за київським часом", datetime(2026, 11, 27, 12, 40, tzinfo=UTC)),
    ("Sun 25 Oct 2026 00.30 BST", datetime(2026, 10, 24, 23, 30, tzinfo=UTC)),
    ("14.40, 27.11.2026", datetime(2026, 11, 27, 14, 40, tzinfo=UTC)),
    ("27.11.2026", datetime(2026, 11, 27, tzinfo=UTC)),  # a dotted date is no clock
    ("Published on 20/11/2026 - 17:45 GMT+1", datetime(2026, 11, 20, 16, 45, tzinfo=UTC)),  # east, not POSIX west
    ("20.11.2026 17:45 UTC+03:00", datetime(2026, 11, 20, 14, 45, tzinfo=UTC)),
    ("20 Nov 2026 17:45 GMT-5", datetime(2026, 11, 20, 22, 45, tzinfo=UTC)),
    ("Thu, 20 Nov 2026 17:45:00 GMT", datetime(2026, 11, 20, 17, 45, tzinfo=UTC)),
])
def test_a_shown_clock_is_read_in_the_zone_it_names(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("byline", "expected"), [
    ("Текст: Марія Шевченко. Фото: Андрій Дубчак", ["Марія Шевченко"]),
    ("Текст: Анна Смирнова, фото: Игорь Петров, Олег Сидоров", ["Анна Смирнова"]),
    ("Photos: John Roe. Text: Jane Doe", ["Jane Doe"]),
    ("Reporting by Lili Bayer; Editing by Alex Richardson", ["Lili Bayer"]),
    ("Олег Гончаренко і Юлія Мельник", ["Олег Гончаренко", "Юлія Мельник"]),
    ("Фотоархів Ірини Коваль", ["Фотоархів Ірини Коваль"]),  # a word starting like a label is no label
])
def test_a_credit_for_photos_or_editing_is_no_author(byline, expected):
    assert split_authors(byline) == expected


@pytest.mark.parametrize(("byline", "expected"), [
    ("Jane Doe (Reuters)", ["Jane Doe"]),                      # an agency in parentheses is a piece of its own
    ("Иван Петров (ТАСС)", ["Иван Петров"]),
    ("Richard (R.J.) Eskow", ["Richard (R.J.) Eskow"]),        # a nickname in parentheses belongs to the name
    ("Проект «Агентство»", ["Проект «Агентство»"]),            # a quote opened inside the name keeps its close
    ("Редакция «Агентства»", []),                              # a newsroom names no one (extract_meta11)
    ("«Иван Петров»", ["Иван Петров"]),
])
def test_parentheses_and_quotes_in_a_byline(byline, expected):
    assert split_authors(byline) == expected


def _page(head: str, footer: str, shown: str = "27.11.2026 14:40", lang: str = "ru", title: str = "Заголовок") -> str:
    return (f'<html lang="{lang}"><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>'
            f'<div class="date">{shown}</div><p>{"Текст новости о событиях дня. " * 8}</p></article>'
            f'<div class="footer">{footer}</div></body></html>')


@pytest.mark.parametrize(("head", "footer", "utc_hour"), [
    ("", "Редакция: г. Харьков, ул. Сумская, 10", 12),          # a Ukrainian city in the footer: Kyiv's clock
    ("", "Тел.: +38 (048) 700-00-00", 12),                        # a Ukrainian telephone
    ("", "Время киевское", 12),                                   # the site says so
    ('<link rel="alternate" hreflang="uk" href="https://x.com/uk/a">', "", 12),  # a Ukrainian edition offered
    ('<meta property="og:site_name" content="Новости Одессы">', "", 12),
    ("", "Редакция: Рига, ул. Бривибас, 10", 12),                # a Riga outlet (holdout h_ru_riga_com)
    ("", "Тел.: +371 6700 0000", 12),
    ("", "Редакция: г. Москва, ул. Тверская, 1", 11),             # a Moscow outlet
    ("", "Редакции в Москве и Киеве", 11),                        # two zones named: the language decides
    ("", "", 11),
])
def test_a_russian_page_on_a_generic_domain_takes_the_zone_its_outlet_names(head, footer, utc_hour):
    got = extract_article(_page(head, footer), "https://news-site.com/a/1")
    assert got["published_at"] == datetime(2026, 11, 27, utc_hour, 40, tzinfo=UTC)


def test_the_story_naming_a_city_does_not_move_the_outlets_clock():
    page = _page("", "© Вестник", title="В Одессе после атаки дронов горит порт")
    assert extract_article(page, "https://vestnik-news.com/a/1")["published_at"] == datetime(2026, 11, 27, 11, 40,
                                                                                              tzinfo=UTC)


def test_a_country_domain_wins_over_what_the_page_says():
    assert extract_article(_page("", "Тел.: +38 (048) 700-00-00"), "https://news-site.ru/a/1")["published_at"] \
        == datetime(2026, 11, 27, 11, 40, tzinfo=UTC)


def _naive(meta: str, shown: str) -> str:
    return (f'<html lang="en"><head><title>Story title here</title><meta property="article:published_time" '
            f'content="{meta}"></head><body><article><h1>Story title here</h1><div class="pubdate">{shown}</div>'
            f'<p>{"Text of the story about the events of the day. " * 6}</p></article></body></html>')


def test_a_naive_structured_date_takes_the_zone_the_page_shows_it_with():
    assert extract_article(_naive("2026-11-27T09:40:00", "Nov 27, 2026, 9:40 AM EST"))["published_at"] \
        == datetime(2026, 11, 27, 14, 40, tzinfo=UTC)


def test_a_naive_structured_date_stays_when_the_page_shows_another_time_without_a_zone():
    # 09:40 in the meta, 11:40 on the page without a zone: two moments (say, the update), not a relabel
    assert extract_article(_naive("2026-11-27T09:40:00", "Nov 27, 2026, 11:40 AM"))["published_at"] \
        == datetime(2026, 11, 27, 9, 40, tzinfo=UTC)


def _jsonld(published: str, modified: str) -> str:
    return ('<html lang="en"><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Story", '
            f'"datePublished": "{published}", "dateModified": "{modified}"}}</script></head><body><h1>Story</h1>'
            '</body></html>')


def test_a_modified_date_before_the_publication_is_dropped():
    got = extract_article(_jsonld("2026-11-27T15:10:00+03:00", "2026-11-27T09:00:00+03:00"))
    assert got["published_at"] == datetime(2026, 11, 27, 12, 10, tzinfo=UTC) and got["modified_at"] is None
    got = extract_article(_jsonld("2026-11-27T09:00:00+03:00", "2026-11-27T15:10:00+03:00"))
    assert got["modified_at"] == datetime(2026, 11, 27, 12, 10, tzinfo=UTC)


def test_an_update_shown_relatively_needs_the_fetch_time():
    page = ('<html lang="en"><head><title>Story title here</title></head><body><article><h1>Story title here</h1>'
            '<div class="dateline"><span>November 27, 2026 10:05 AM GMT</span> <span>Updated 3 hours ago</span></div>'
            '<p>Text.</p></article></body></html>')
    fetched = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    assert extract_article(page, fetched_at=fetched)["modified_at"] == datetime(2026, 11, 27, 13, 0, tzinfo=UTC)
    assert extract_article(page)["modified_at"] is None


def test_a_placeholder_author_gives_way_only_to_a_name_the_page_gives_as_the_authors():
    head = '<html lang="en"><head><meta name="author" content="Newsroom"></head><body><article><h1>Story</h1>'
    marked = head + '<p>Posted by <a rel="author" href="/a/kate">Kate Morgan</a></p></article></body></html>'
    labelled = head + '<p>Text.</p><div class="article-author">By Kate Morgan</div></article></body></html>'
    guessed = head + '<p class="byline">Kate Morgan</p></article></body></html>'
    assert extract_article(marked)["authors"] == ["Kate Morgan"]
    assert extract_article(labelled)["authors"] == ["Kate Morgan"]  # holdout h_ru_placeholder_byline's shape
    assert extract_article(guessed)["authors"] == []
