"""Article metadata, seventeenth round (tests/fixtures/extract_meta17; scorer: bench/extract_meta.py).

The set's fields first (its README holds the blind, after and holdout figures); then the general causes fixed in this
round, both ways (what must change and its look-alike that must not).
"""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from newswatch.extract import extract_metadata
from newswatch.extract.normalize import parse_date, split_authors
from tests._meta_sets import MetaRound

FETCHED = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)

MISSES: dict[tuple[str, str], str] = {
}


ROUND = MetaRound("extract_meta17", misses=MISSES)


test_the_set_covers_its_languages_and_has_a_holdout = ROUND.coverage_test(pages=15, each=5, holdout=5)
test_metadata = ROUND.metadata_test()


def _meta(html: str, url: str = "https://www.example.com/news/ukraine-drones-1") -> dict:
    return extract_metadata(lxml.html.fromstring(html), url, fetched_at=FETCHED)


# --- microdata of other stories: teaser items before the story's own -----------------------------------------------

def _teaser(published: str, headline: str = "ЦБ сохранил ключевую ставку на уровне 17%") -> str:
    return ("<div class='popular__item' itemscope itemtype='https://schema.org/NewsArticle'><a itemprop='url' "
            f"href='/news/612371'><span itemprop='headline'>{headline}</span></a><meta itemprop='datePublished' "
            f"content='{published}'></div>")


def _microdata_page(before: str, story_scope: bool = True, h1_inside: bool = True) -> str:
    h1 = "<h1 itemprop='headline'>Минфин разместил ОФЗ на 180 млрд рублей</h1>"
    scope = " itemscope itemtype='https://schema.org/NewsArticle'" if story_scope else ""
    return ("<html lang='ru'><head><title>Минфин разместил ОФЗ на 180 млрд рублей</title></head><body>"
            f"{'' if h1_inside else h1}<div class='popular'>{before}</div><article{scope}>{h1 if h1_inside else ''}"
            "<meta itemprop='datePublished' content='2026-11-29T10:30:00+03:00'>"
            "<meta itemprop='dateModified' content='2026-11-29T11:45:00+03:00'>"
            "<p>Министерство финансов провело крупнейший с начала года аукцион.</p></article></body></html>")


def test_dates_of_teaser_items_before_the_story_are_not_its_dates():
    got = _meta(_microdata_page(_teaser("2026-11-29T13:35:00+03:00") + _teaser("2026-11-29T12:50:00+03:00")))
    assert got["published_at"] == datetime(2026, 11, 29, 7, 30, tzinfo=UTC)
    assert got["modified_at"] == datetime(2026, 11, 29, 8, 45, tzinfo=UTC)


@pytest.mark.parametrize(("page", "expected"), [
    # no item holds the headline: nothing tells the story's from a teaser's, the first date stands as before
    (_microdata_page(_teaser("2026-11-29T13:35:00+03:00"), h1_inside=False),
     datetime(2026, 11, 29, 10, 35, tzinfo=UTC)),
    # one item only: the story's own
    (_microdata_page(""), datetime(2026, 11, 29, 7, 30, tzinfo=UTC)),
    # the story's dates outside any item, a teaser item before: unchanged (the teaser's, as before the round)
    (_microdata_page(_teaser("2026-11-29T13:35:00+03:00"), story_scope=False),
     datetime(2026, 11, 29, 10, 35, tzinfo=UTC)),
])
def test_microdata_dates_when_no_item_holds_the_headline(page, expected):
    assert _meta(page)["published_at"] == expected


# --- a byline in each of several entries alike (a live blog's, a list of cards) ------------------------------------

def _entries(entry: str, count: int = 3) -> str:
    return "".join(entry.format(n=n) for n in range(count))


LIVE_ENTRY = ("<div class='live-post'><div class='live-post__time'>1{n}:40</div><h2>Оновлення {n}: ППО працює на "
              "Київщині</h2><p>Повітряні сили повідомили про загрозу ударних дронів з півночі.</p>"
              "<div class='live-post__author'>{name}</div></div>")


def _live(entries: str, byline: str = "") -> str:
    return ("<html lang='uk'><head><title>Війна в Україні: онлайн</title></head><body><main><h1>Війна в Україні: "
            f"1375-й день — онлайн</h1>{byline}<div class='live-feed'>{entries}</div></main></body></html>")


NAMES = ["Ірина Коваль", "Олег Шевчук", "Марія Петренко"]


def test_the_reporters_of_a_live_blogs_entries_are_no_authors_of_the_page():
    entries = "".join(LIVE_ENTRY.format(n=n, name=name) for n, name in enumerate(NAMES))
    assert _meta(_live(entries))["authors"] == []
    # the page's own byline above the entries stands
    got = _meta(_live(entries, "<div class='article__author'>Автор: Андрій Гнатів</div>"))
    assert got["authors"] == ["Андрій Гнатів"]


@pytest.mark.parametrize(("byline", "expected"), [
    # two authors' blocks alike, no heading of their own: one byline of two names
    ("<div class='authors'><p class='authors__item'>By <a href='/author/a/'>Laura Kayali</a></p>"
     "<p class='authors__item'>and <a href='/author/b/'>Jacopo Barigazzi</a></p></div>",
     ["Laura Kayali", "Jacopo Barigazzi"]),
    # one entry-like block with a heading and no sibling alike: the story's byline box
    ("<div class='byline-box'><h3>Про автора</h3><div class='byline-box__author'>Ірина Коваль</div></div>",
     ["Ірина Коваль"]),
])
def test_a_byline_beside_blocks_alike_without_headings_stays(byline, expected):
    html = ("<html lang='en'><head><title>NATO allies split over long-range missiles</title></head><body><article>"
            f"<h1>NATO allies split over long-range missiles</h1>{byline}<p>BRUSSELS — A push by Nordic and Baltic "
            "allies is running into resistance.</p></article></body></html>")
    assert _meta(html)["authors"] == expected


# --- titles: a social og:title cut at a comma; a <title> of the headline and a chain of rubrics ---------------------

def _titled(h1: str, og_title: str | None = None, title: str | None = None) -> str | None:
    og = f"<meta property='og:title' content=\"{og_title}\">" if og_title else ""
    title = title or f"Ukraine war: {og_title or h1} - BBC News"  # (a third wording: no agreement of two)
    html = (f"<html lang='en'><head><title>{title}</title>{og}</head><body><article><h1>{h1}</h1>"
            "<p>The UK will fund 5,000 more air defence missiles for Ukraine.</p></article></body></html>")
    return _meta(html)["title"]


H1 = "UK to send more air defence missiles to Ukraine, defence secretary says"


@pytest.mark.parametrize(("h1", "og_title", "expected"), [
    (H1, "UK to send more air defence missiles to Ukraine", H1),
    ("Зеленський провів Ставку, обговорили ППО для Харкова", "Зеленський провів Ставку",
     "Зеленський провів Ставку, обговорили ППО для Харкова"),
    # after a mark, a series' name or a rubric: the declared headline stays
    ("Russia launches 112 drones at Ukraine — live updates", "Russia launches 112 drones at Ukraine",
     "Russia launches 112 drones at Ukraine"),
    ("Russia launches 112 drones at Ukraine, Day 1375 | Live", "Russia launches 112 drones at Ukraine",
     "Russia launches 112 drones at Ukraine"),
    # another headline altogether: the og:title as before
    ("Britain to fund 5,000 missiles", "UK to send more air defence missiles to Ukraine",
     "UK to send more air defence missiles to Ukraine"),
])
def test_a_social_og_title_cut_at_a_comma_of_the_shown_headline(h1, og_title, expected):
    assert _titled(h1, og_title) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("В Кремле ответили на вопрос о переговорах по Украине: Политика: Россия: Lenta.ru",
     "В Кремле ответили на вопрос о переговорах по Украине"),
    ("В Кремле ответили на вопрос о переговорах по Украине: Мир: Lenta.ru",
     "В Кремле ответили на вопрос о переговорах по Украине"),
    # one part after the colon may be the headline's own subtitle; long parts are no rubrics
    ("В Кремле ответили на вопрос о переговорах по Украине: что известно",
     "В Кремле ответили на вопрос о переговорах по Украине: что известно"),
    ("В Кремле ответили на вопрос о переговорах по Украине: Песков заявил о новых условиях: подробности",
     "В Кремле ответили на вопрос о переговорах по Украине: Песков заявил о новых условиях: подробности"),
])
def test_a_title_of_the_headline_and_a_chain_of_rubrics(title, expected):
    html = (f"<html lang='ru'><head><title>{title}</title></head><body><h1>В Кремле ответили на вопрос о переговорах "
            "по Украине</h1><p>Пресс-секретарь президента заявил, что новых предложений нет.</p></body></html>")
    assert _meta(html, "https://lenta.ru/news/2026/11/29/peskov/")["title"] == expected


# --- a clock named by its city in parentheses ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("29 ноября 2026, 11:05 (Киев)", datetime(2026, 11, 29, 9, 5, tzinfo=UTC)),
    ("29 листопада 2026, 11:05 (Київ)", datetime(2026, 11, 29, 9, 5, tzinfo=UTC)),
    ("29 ноября 2026, 11:05 (Москва)", datetime(2026, 11, 29, 8, 5, tzinfo=UTC)),
    ("29 November 2026, 11:05 (Kyiv)", datetime(2026, 11, 29, 9, 5, tzinfo=UTC)),
    # no city: the page's zone (here none given: UTC)
    ("29 ноября 2026, 11:05", datetime(2026, 11, 29, 11, 5, tzinfo=UTC)),
])
def test_a_clock_named_by_its_city_in_parentheses(text, expected):
    assert parse_date(text, now=FETCHED) == expected


def test_a_city_in_parentheses_outside_a_date_names_no_clock():
    # a dateline's or a caption's city is not read as a zone of a date elsewhere
    html = ("<html lang='ru'><head><title>Удар по Салтовке</title></head><body><h1>Удар по Салтовке</h1>"
            "<div class='date'>29 ноября 2026, 11:05</div><p>Фото: пожар на Салтовке (Харьков).</p></body></html>")
    assert _meta(html, "https://www.example.ru/news/saltovka")["published_at"] == datetime(2026, 11, 29, 8, 5,
                                                                                          tzinfo=UTC)


# --- bylines: the conversation written down; a source credited after the name -----------------------------------------

@pytest.mark.parametrize(("byline", "expected"), [
    ("Розмову записала Марія Петренко", ["Марія Петренко"]),
    ("Беседу записал Иван Петров", ["Иван Петров"]),
    ("Записала Марія Петренко", ["Марія Петренко"]),
    # a name that merely begins with the word is kept whole
    ("Розмова Петренко", ["Розмова Петренко"]),
])
def test_the_conversation_written_down_names_its_writer(byline, expected):
    assert split_authors(byline) == expected


@pytest.mark.parametrize(("byline", "expected"), [
    ("Підготувала Ірина Коваль за матеріалами Reuters", ["Ірина Коваль"]),
    ("Подготовил Иван Петров по материалам ТАСС", ["Иван Петров"]),
    ("Jane Doe based on reports from Reuters and AP", ["Jane Doe"]),
    # the credit alone names no one; a name alone stays
    ("За матеріалами Reuters", []),
    ("Ірина Коваль", ["Ірина Коваль"]),
    # a word of the credit inside a name is no credit
    ("Олена За", ["Олена За"]),
])
def test_a_source_credited_after_the_writers_name(byline, expected):
    assert split_authors(byline) == expected


# --- analytics vocabularies as the only metadata: Yandex's Mediator, cXense ------------------------------------------

@pytest.mark.parametrize(("head", "published", "authors"), [
    ("<meta name='mediator_published_time' content='2026-11-29T13:12:00+03:00'>"
     "<meta name='mediator_author' content='Андрей Смирнов'>", datetime(2026, 11, 29, 10, 12, tzinfo=UTC),
     ["Андрей Смирнов"]),
    ("<meta name='cXenseParse:recs:publishtime' content='2026-11-29T11:55:00.000+0300'>"
     "<meta name='cXenseParse:author' content='Мария Старикова'>", datetime(2026, 11, 29, 8, 55, tzinfo=UTC),
     ["Мария Старикова"]),
    # the article's own tag first
    ("<meta property='article:published_time' content='2026-11-29T09:00:00+03:00'>"
     "<meta name='mediator_published_time' content='2026-11-29T13:12:00+03:00'>",
     datetime(2026, 11, 29, 6, 0, tzinfo=UTC), []),
    # another analytics tag is no date of the story
    ("<meta name='mediator' content='1234567'><meta name='mediator_theme' content='Россия'>", None, []),
])
def test_analytics_meta_tags_date_and_sign_the_story(head, published, authors):
    html = (f"<html lang='ru'><head><title>В Кремле ответили на вопрос о переговорах</title>{head}</head><body>"
            "<h1>В Кремле ответили на вопрос о переговорах</h1><p>Песков заявил, что предложений нет.</p>"
            "</body></html>")
    got = _meta(html, "https://www.example.ru/doc/7312345")
    assert (got["published_at"], got["authors"]) == (published, authors)
