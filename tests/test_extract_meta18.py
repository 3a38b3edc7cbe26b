"""Article metadata, eighteenth round (tests/fixtures/extract_meta18; scorer: bench/extract_meta.py).

The set's fields first (its README holds the blind, after and holdout figures); then the general causes fixed in this
round, both ways (what must change and its look-alike that must not).
"""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from newswatch.extract import extract_metadata
from newswatch.extract.normalize import split_authors
from tests._meta_sets import MetaRound

FETCHED = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)

MISSES: dict[tuple[str, str], str] = {
}


ROUND = MetaRound("extract_meta18", misses=MISSES)


test_the_set_covers_its_languages_and_has_a_holdout = ROUND.coverage_test(pages=17, each=5, holdout=5)
test_metadata = ROUND.metadata_test()


def _meta(html: str, url: str = "https://www.example.com/news/ukraine-drones-1") -> dict:
    return extract_metadata(lxml.html.fromstring(html), url, fetched_at=FETCHED)


# --- a declared date of another day than the URL's, the shown date on the URL's day ----------------------------------

URL_24 = "https://www.example.ru/news/2026/11/24/rutte-vilnius/"


def _declared_and_shown(declared: str, shown: str, lang: str = "ru") -> str:
    return (f"<html lang='{lang}'><head><title>Генсек НАТО заявил о готовности защищать страны Балтии</title>"
            f"<meta property='article:published_time' content='{declared}'></head><body><main><div class='news'>"
            "<h1>Генсек НАТО заявил о готовности защищать страны Балтии</h1>"
            f"<div class='news__date'>{shown}</div><p>Марк Рютте во время визита в Вильнюс заявил, что альянс "
            "ответит на любую попытку нарушить границы Литвы, Латвии и Эстонии.</p></div></main></body></html>")


@pytest.mark.parametrize(("declared", "shown", "url", "expected"), [
    # the og date is the page's rendering five days later: the text and the URL agree on the 24th
    ("2026-11-29T14:58:07+03:00", "24 ноября 2026, 18:10", URL_24, datetime(2026, 11, 24, 15, 10, tzinfo=UTC)),
    ("2026-11-29T11:58:07Z", "24.11.2026 18:10", URL_24, datetime(2026, 11, 24, 15, 10, tzinfo=UTC)),
    # a slug made on the 24th, the story published on the 26th, as both the tag and the text say: the tag stands
    ("2026-11-26T09:00:00+03:00", "26 ноября 2026, 09:00", URL_24, datetime(2026, 11, 26, 6, 0, tzinfo=UTC)),
    # another day shown than the URL's: nothing agrees, the tag stands
    ("2026-11-29T14:58:07+03:00", "25 ноября 2026, 18:10", URL_24, datetime(2026, 11, 29, 11, 58, 7, tzinfo=UTC)),
    # a day alone or a relative date agrees too loosely
    ("2026-11-29T14:58:07+03:00", "24 ноября 2026", URL_24, datetime(2026, 11, 29, 11, 58, 7, tzinfo=UTC)),
    ("2026-11-29T14:58:07+03:00", "2 часа назад", URL_24, datetime(2026, 11, 29, 11, 58, 7, tzinfo=UTC)),
    # no day in the URL: the tag, as before
    ("2026-11-29T14:58:07+03:00", "24 ноября 2026, 18:10", "https://www.example.ru/news/rutte-vilnius-91234",
     datetime(2026, 11, 29, 11, 58, 7, tzinfo=UTC)),
])
def test_a_shown_date_on_the_urls_day_over_a_declared_date_of_another_day(declared, shown, url, expected):
    assert _meta(_declared_and_shown(declared, shown), url)["published_at"] == expected


# --- a headline wrapped alone in a page builder's blocks: the date in the next block --------------------------------

def _builder_page(date_line: str, depth: int = 5) -> str:
    opened, closed = "<div class='w'>" * depth, "</div>" * depth
    return ("<html lang='en'><head><title>Relief Network - Generators for Saltivka schools</title></head><body>"
            f"<div role='main'><section>{opened}<h1><span>Generators for Saltivka schools</span></h1>{closed}</section>"
            f"<section>{opened}<p><span>{date_line}</span></p><p><span>This week our volunteers delivered twelve "
            "diesel generators to schools in Saltivka, the district of Kharkiv hit hardest by Russian drones.</span>"
            f"</p>{closed}</section></div></body></html>")


@pytest.mark.parametrize(("date_line", "expected"), [
    ("Posted 27 November 2026", datetime(2026, 11, 27, tzinfo=UTC)),
    ("27 листопада 2026, 10:20", datetime(2026, 11, 27, 10, 20, tzinfo=UTC)),
])
def test_the_date_in_the_block_after_a_headline_wrapped_alone(date_line, expected):
    assert _meta(_builder_page(date_line), "https://sites.google.com/view/relief/news/generators")[
        "published_at"] == expected


def test_a_date_beyond_three_levels_of_the_headlines_real_neighbours_is_not_the_storys():
    # every level around the headline has content of its own: the date four levels up is a sidebar's
    html = ("<html lang='en'><head><title>Generators for Saltivka schools</title></head><body><div class='page'>"
            "<div class='col'><div class='story'><div class='head'><h1>Generators for Saltivka schools</h1>"
            "<p class='kicker'>Kharkiv</p></div><div class='text'><p>This week our volunteers delivered twelve "
            "diesel generators to schools in Saltivka.</p></div></div><div class='share'>Share</div></div>"
            "<div class='aside'>Events</div></div><div class='other'><p>27 November 2026, 10:20</p></div>"
            "</body></html>")
    assert _meta(html, "https://www.example.org/news/generators")["published_at"] is None


# --- a stamp whose attribute names an update ------------------------------------------------------------------------

def _stamped(attribute: str) -> str:
    return ("<html lang='uk'><head><title>Обмеження руху на трасі Харків – Красноград</title></head><body><main>"
            "<h1>Обмеження руху на трасі Харків – Красноград</h1>"
            f"<div class='meta__date' {attribute}='1795774320000'></div><p>З 28 листопада на ділянці траси діятиме "
            "реверсний рух через ремонт мосту.</p></main></body></html>")


def test_a_stamp_named_as_an_update_is_no_publication():
    assert _meta(_stamped("data-last-updated-at-time"))["published_at"] is None
    # its look-alike named as the publication's
    assert _meta(_stamped("data-published-time"))["published_at"] == datetime(2026, 11, 27, 10, 12, tzinfo=UTC)


# --- a republication note naming the original's writer --------------------------------------------------------------

def _republished(note: str, lang: str = "uk") -> str:
    return (f"<html lang='{lang}'><head><title>Чому Росія не може взяти Покровськ — ZAXID.NET</title>"
            "<meta property='og:site_name' content='ZAXID.NET'><meta name='author' content='ZAXID.NET'></head><body>"
            "<main><h1>Чому Росія не може взяти Покровськ</h1><div class='text'><p>Бої за Покровськ тривають уже "
            "понад пів року, українські підрозділи досі утримують його північні квартали.</p><p>За оцінками "
            f"аналітиків, втрати росіян під містом перевищили 40 тисяч.</p><p><i>{note}</i></p></div></main>"
            "</body></html>")


@pytest.mark.parametrize(("note", "expected"), [
    ("Матеріал вперше опубліковано на сайті BBC News Україна. Автор — Святослав Хоменко.", ["Святослав Хоменко"]),
    ("Материал впервые опубликован на сайте «Новой газеты Европа». Автор: Ирина Гарина", ["Ирина Гарина"]),
    ("This article was first published by Meduza. Author: Lilia Yapparova.", ["Lilia Yapparova"]),
    # a note naming no writer; an author label with no note (a bill's author in the story's last line)
    ("This article originally appeared in Ukrainian on Zaborona on 25 November 2026.", []),
    ("Законопроєкт вже зареєстровано у Раді. Автор — Олексій Гончаренко.", []),
    # the outlet named after "by" in the note's own sentence is no writer
    ("This article was first published by The Insider.", []),
])
def test_a_republication_note_names_the_originals_writer(note, expected):
    assert _meta(_republished(note), "https://zaxid.net/chomu_rosiya_n1612345")["authors"] == expected


# --- a byline label's word as a noun of an organisation's name -------------------------------------------------------

@pytest.mark.parametrize(("byline", "expected"), [
    ("Авторы проектов фонда «Викимедиа»", ["Авторы проектов фонда «Викимедиа»"]),
    ("Автори проєктів фонду «Вікімедіа»", ["Автори проєктів фонду «Вікімедіа»"]),
    # labels still: a colon or a capitalised name after them, a photo credit's label
    ("Авторы: Иван Петров и Анна Смирнова", ["Иван Петров", "Анна Смирнова"]),
    ("Автор Иван Петров", ["Иван Петров"]),
    ("автор текста Иван Петров", ["Иван Петров"]),
    ("Автор фото: Іван Петренко", []),
])
def test_a_label_word_followed_by_a_lower_case_noun_is_part_of_the_name(byline, expected):
    assert split_authors(byline) == expected


# --- a logo in the only <h1>: the headline in an <h2> ----------------------------------------------------------------

def _logo_page(title: str, headline: str = "<h2 class='news-detail__title'>В Шебекино после обстрела повреждены 14 "
               "домов</h2>") -> dict:
    html = (f"<html lang='ru'><head><title>{title}</title><meta property='og:title' content='{title}'></head><body>"
            "<header><h1 class='logo'><a href='/'>ГТРК «Белгород»</a></h1><ul><li><a href='/news/'>Новости</a></li>"
            f"</ul></header><div class='content'><div class='news-detail'>{headline}<span class='news-date-time'>"
            "28.11.2026 19:05</span><div class='news-detail__text'><p>Вечером 28 ноября ВСУ обстреляли Шебекино из "
            "реактивных систем залпового огня, сообщили в оперштабе.</p></div></div></div></body></html>")
    return _meta(html, "https://bel.vgtrk.ru/news/proisshestviya/v-shebekino-posle-obstrela/")


def test_a_logo_in_the_only_h1_leaves_the_headline_to_the_h2_that_shows_the_titles_first_part():
    got = _logo_page("В Шебекино после обстрела повреждены 14 домов - Происшествия - ГТРК «Белгород»")
    assert got["title"] == "В Шебекино после обстрела повреждены 14 домов"
    assert got["published_at"] == datetime(2026, 11, 28, 16, 5, tzinfo=UTC)


@pytest.mark.parametrize(("title", "headline", "expected"), [
    # no element shows the title's first part alone: the title as before
    ("В Шебекино после обстрела повреждены 14 домов - Происшествия - ГТРК «Белгород»",
     "<h2>Главное за сутки</h2>", "В Шебекино после обстрела повреждены 14 домов - Происшествия - ГТРК «Белгород»"),
    # the title does not end with the <h1>'s text: no logo of the title's
    ("В Шебекино после обстрела повреждены 14 домов - Происшествия - Вести Белгород",
     "<h2>В Шебекино после обстрела повреждены 14 домов</h2>",
     "В Шебекино после обстрела повреждены 14 домов - Происшествия - Вести Белгород"),
])
def test_a_logo_h1_look_alikes_keep_the_title(title, headline, expected):
    assert _logo_page(title, headline)["title"] == expected


# --- a web archive's copy: the clock of the site it was saved from ---------------------------------------------------

def _archived(og_url: str, url: str = "https://archive.ph/Xq7Pm") -> datetime | None:
    html = ("<html><head><title>В Курской области объявили эвакуацию ещё из пяти сёл — Сейм</title>"
            f"<meta property='og:url' content='{og_url}'><link rel='canonical' href='{url}'></head><body>"
            "<div id='CONTENT'><h1>В Курской области объявили эвакуацию ещё из пяти сёл</h1><div class='date'>"
            "27 ноября 2026, 12:48</div><p>Власти Курской области объявили обязательную эвакуацию жителей ещё пяти "
            "сёл Глушковского района.</p></div></body></html>")
    return _meta(html, url)["published_at"]


@pytest.mark.parametrize(("og_url", "url", "expected"), [
    # a Ukrainian site's copy: Kyiv's clock, not the Russian text's guess (Moscow)
    ("http://archive.ph/2026.11.27-101533/https://sumy.com.ua/news/evakuatsiya", "https://archive.ph/Xq7Pm",
     datetime(2026, 11, 27, 10, 48, tzinfo=UTC)),
    ("https://web.archive.org/web/20261127101533/https://sumy.com.ua/news/evakuatsiya",
     "https://web.archive.org/web/20261127101533/https://sumy.com.ua/news/evakuatsiya",
     datetime(2026, 11, 27, 10, 48, tzinfo=UTC)),
    ("http://archive.ph/2026.11.27-101533/https://seyminfo.ru/news/evakuaciya", "https://archive.ph/Xq7Pm",
     datetime(2026, 11, 27, 9, 48, tzinfo=UTC)),
    # an archive's address embedding none: the language's clock, as before
    ("https://archive.ph/Xq7Pm", "https://archive.ph/Xq7Pm", datetime(2026, 11, 27, 9, 48, tzinfo=UTC)),
    # another site's address embedding one (a share link) is no archive's copy
    ("https://www.example.com/share?u=https://sumy.com.ua/news/evakuatsiya", "https://www.example.com/news/1",
     datetime(2026, 11, 27, 9, 48, tzinfo=UTC)),
])
def test_an_archived_copys_dates_are_read_in_the_clock_of_the_site_it_was_saved_from(og_url, url, expected):
    assert _archived(og_url, url) == expected
