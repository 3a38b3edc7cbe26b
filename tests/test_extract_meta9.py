"""Article metadata, ninth round (tests/fixtures/extract_meta9; scorer: bench/extract_meta.py).

Every field an expectation gives is checked on its page; then the general causes fixed in this round, one by one,
both ways (what must change and its look-alike that must not).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newswatch.extract import extract_article
from newswatch.extract.normalize import parse_date, parse_relative_date, split_authors
from tests._meta_sets import MetaRound

FETCHED = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


ROUND = MetaRound("extract_meta9")


test_the_set_covers_its_languages_and_has_a_holdout = ROUND.coverage_test(
    pages=36, each=10, holdout=10, languages={"be", "kk", "pl", "de"})


test_metadata = ROUND.metadata_test()


# --- the general causes --------------------------------------------------------------------------------------

UK = ("<p>Уламки збитого дрона пошкодили дах багатоповерхівки, постраждалих немає, повідомили в ОВА.</p>"
      "<p>Рятувальники накрили пошкоджену частину даху плівкою.</p>")


def _page(line: str, *, head: str = "", lang: str = "uk", body: str = UK, after: str = "") -> str:
    return (f'<html lang="{lang}"><head><title>Уламки дрона пошкодили дах</title>{head}</head><body><article>'
            f'<h1>Уламки дрона пошкодили дах</h1>{line}{body}{after}</article></body></html>')


def _published(html: str, url: str = "https://example.com.ua/news/1") -> datetime | None:
    return extract_article(html, url, fetched_at=FETCHED)["published_at"]


def test_a_unix_stamp_behind_a_date_line_is_its_exact_time():
    stamp = int(datetime(2026, 11, 27, 13, 47, tzinfo=UTC).timestamp())
    line = f'<div class="meta"><span class="date" data-timestamp="{stamp}">2 години тому</span></div>'
    assert _published(_page(line)) == datetime(2026, 11, 27, 13, 47, tzinfo=UTC)
    # milliseconds, behind a day without a year
    line = f'<div class="meta"><time data-published="{stamp}000">27 листопада</time></div>'
    assert _published(_page(line)) == datetime(2026, 11, 27, 13, 47, tzinfo=UTC)
    # an id of ten digits is no time; nor a stamp days off what the line shows
    line = f'<div class="meta"><span class="date" data-id="{stamp}">2 години тому</span></div>'
    assert _published(_page(line)) == datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
    old = int(datetime(2026, 11, 20, 9, 0, tzinfo=UTC).timestamp())
    line = f'<div class="meta"><span class="date" data-timestamp="{old}">2 години тому</span></div>'
    assert _published(_page(line)) == datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def test_an_update_shown_relatively_with_a_clock():
    line = ('<div class="dates"><span class="pub">26 листопада 2026, 18:40</span>'
            '<span class="upd">Оновлено: сьогодні о 10:05</span></div>')
    got = extract_article(_page(line), "https://example.com.ua/news/1", fetched_at=FETCHED)
    assert got["published_at"] == datetime(2026, 11, 26, 16, 40, tzinfo=UTC)
    assert got["modified_at"] == datetime(2026, 11, 27, 8, 5, tzinfo=UTC)


def test_belarusian_and_kazakh_dates():
    assert parse_date("27 лістапада 2026, 11:45") == datetime(2026, 11, 27, 11, 45, tzinfo=UTC)
    assert parse_date("27 қараша 2026, 18:05") == datetime(2026, 11, 27, 18, 5, tzinfo=UTC)
    assert parse_relative_date("Сёння, 14:10", FETCHED) == datetime(2026, 11, 27, 14, 10, tzinfo=UTC)
    assert parse_relative_date("2 сағат бұрын", FETCHED) == datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
    assert parse_relative_date("20 хвілін таму", FETCHED) == datetime(2026, 11, 27, 15, 40, tzinfo=UTC)
    # a Kazakh outlet (.kz) shows Astana's clock (+5), a Russian-language one too
    page = _page('<div class="date">27 қараша 2026, 18:05</div>', lang="ru")
    assert _published(page, "https://kaz.nur.kz/world/1/") == datetime(2026, 11, 27, 13, 5, tzinfo=UTC)


@pytest.mark.parametrize(("byline", "expected"), [
    ("Аўтар: Марына Шчурко", ["Марына Шчурко"]),
    ("Беседовала Ирина Козлова", ["Ирина Козлова"]),
    ("Author: Iryna Kutielieva", ["Iryna Kutielieva"]),
    ("Autor: Jakub Nowicki", ["Jakub Nowicki"]),
    ("Von Anna Müller, ARD-Studio Kiew", ["Anna Müller"]),
    ("By Ben Arkin in Berlin", ["Ben Arkin"]),
    ("By Anna Kovalenko in Kyiv and Mark Santora in Warsaw", ["Anna Kovalenko", "Mark Santora"]),
    ("By Mikko Laine and Aino Virtanen | Additional reporting by Reuters", ["Mikko Laine", "Aino Virtanen"]),
    ("Kim In-ho", ["Kim In-ho"]),  # "in" cuts only after a name of two words
    ("Олена Пресс-Іванова", ["Олена Пресс-Іванова"]),  # an organisation word opening a compound is a name's
])
def test_byline_labels_places_and_bureaus(byline, expected):
    assert split_authors(byline) == expected


def test_the_outlet_and_the_translator_in_the_byline_line():
    head = '<meta name="author" content="Ольга Петренко">'
    line = '<div class="byline">Автор: Джон Сміт. Переклад: Ольга Петренко</div>'
    assert extract_article(_page(line, head=head))["authors"] == ["Джон Сміт"]
    # the declared writer, with a photographer credited beside her, stays
    line = '<div class="byline">Автор: Ольга Петренко. Фото: Джон Сміт</div>'
    assert extract_article(_page(line, head=head))["authors"] == ["Ольга Петренко"]
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", '
            '"name": "Thomas Coughlan"}}</script>')
    line = '<div class="byline">By Thomas Coughlan<br>Political Editor·NZ Herald·</div>'
    got = extract_article(_page(line, head=head, lang="en"), "https://www.nzherald.co.nz/nz/story/1/")
    assert got["authors"] == ["Thomas Coughlan"]


def test_a_wire_credit_line_closing_the_story():
    after = "<p>Reporting by Olena Harmash and Pavel Polityuk; Additional reporting by Anastasiia Malenko; " \
            "Editing by Ros Russell</p>"
    got = extract_article(_page("", lang="en", after=after), "https://example.com/news/1")
    assert got["authors"] == ["Olena Harmash", "Pavel Polityuk"]
    after = "<p>Editing by Ros Russell</p>"
    assert extract_article(_page("", lang="en", after=after), "https://example.com/news/1")["authors"] == []


def test_a_pen_name_linked_off_site():
    head = '<meta property="article:author" content="Военный обозреватель">'
    linked = '<address><a rel="author" href="https://t.me/voenobozrevatel">Военный обозреватель</a></address>'
    assert extract_article(_page(linked, head=head, lang="ru"), "https://telegra.ph/Itogi-11-27")["authors"] == [
        "Военный обозреватель"]
    # a placeholder linked to the outlet's own page names no one
    own = '<address><a rel="author" href="https://telegra.ph/author">Военный обозреватель</a></address>'
    assert extract_article(_page(own, head=head, lang="ru"), "https://telegra.ph/Itogi-11-27")["authors"] == []


def test_a_related_storys_lead_in_its_own_article_is_no_standfirst():
    related = ('<section class="related"><article class="related__item"><h4>Інша новина дня</h4>'
               '<p class="related__lead">Черги на кордоні розтягнулися на десятки кілометрів за добу.</p>'
               '</article></section>')
    head = '<meta name="description" content="Рятувальники працювали на місці всю ніч.">'
    got = extract_article(_page("", head=head, after=related))
    assert got["description"] == "Рятувальники працювали на місці всю ніч."
    lead = '<p class="article__lead">Уламки впали на дах будинку на Подолі, мешканців евакуювали.</p>'
    assert extract_article(_page(lead))["description"].startswith("Уламки впали на дах")


def test_a_canonical_relative_to_the_base_href():
    head = '<base href="https://example.com/edition/"><link rel="canonical" href="story-slug">'
    assert extract_article(_page("", head=head), "https://example.com/t/page")["canonical_url"] == \
        "https://example.com/edition/story-slug"
    head = '<link rel="canonical" href="story-slug">'
    assert extract_article(_page("", head=head), "https://example.com/t/page")["canonical_url"] == \
        "https://example.com/t/story-slug"
