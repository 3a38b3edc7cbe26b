"""Article metadata, tenth round (tests/fixtures/extract_meta10; scorer: bench/extract_meta.py).

Every field an expectation gives is checked on its page (the one miss left is a strict xfail); then the general
causes fixed in this round, one by one, both ways (what must change and its look-alike that must not).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newswatch.extract import extract_article
from newswatch.extract.normalize import split_authors
from tests._meta_sets import MetaRound

FETCHED = datetime(2026, 11, 28, 19, 0, tzinfo=UTC)

MISSES: dict[tuple[str, str], str] = {
}


ROUND = MetaRound("extract_meta10", misses=MISSES)


test_the_set_covers_its_languages_and_has_a_holdout = ROUND.coverage_test(
    pages=40, each=11, holdout=12, languages={"be", "kk", "pl", "de"})


test_metadata = ROUND.metadata_test()


# --- the general causes --------------------------------------------------------------------------------------

EN = ("<p>Russia launched more than 50 drones at Ukraine overnight, Ukraine's air force said on Saturday.</p>"
      "<p>Falling debris damaged a residential building in the Kyiv region, local officials said.</p>")


def _page(line: str, *, head: str = "", lang: str = "en", body: str = EN, title: str = "Drones hit Kyiv region",
          site: str = "") -> str:
    return (f'<html lang="{lang}"><head><title>{title}{site}</title>{head}</head><body><article>'
            f'<h1>{title}</h1>{line}{body}</article></body></html>')


def _got(html: str, url: str = "https://example.com/news/1") -> dict:
    return extract_article(html, url, fetched_at=FETCHED)


@pytest.mark.parametrize(("byline", "expected"), [
    ("Story by Maxim Solopov. Translated by Anna Razumnaya.", ["Maxim Solopov"]),
    ("Opracowanie: Anna Kowalska", ["Anna Kowalska"]),
    ("Oprac. Marta Nowicka", ["Marta Nowicka"]),
    ("Piotr Nowak, PAP", ["Piotr Nowak"]),
    ("Матеріал підготувала Ольга Бабенко", ["Ольга Бабенко"]),
    ("Подготовил Иван Петров", ["Иван Петров"]),
])
def test_byline_labels_and_agencies(byline, expected):
    assert split_authors(byline) == expected


def test_labelled_lines_after_the_headline():
    line = '<div class="note">Story by Maxim Solopov. Translated by Anna Razumnaya.</div>'
    assert _got(_page(line))["authors"] == ["Maxim Solopov"]
    # a sentence starting with "Story" is no byline
    line = '<div class="note">Story time at the shelter helps children cope with the sirens.</div>'
    assert _got(_page(line))["authors"] == []


def test_a_line_break_parts_a_date_block_from_the_name():
    line = ('<div data-component="byline-block"><time datetime="2026-11-28T10:31:45.000Z">28 November 2026</time>\n'
            '<div><span>Paul Kirby</span><span>, Europe digital editor</span></div></div>')
    assert _got(_page(line))["authors"] == ["Paul Kirby"]
    # names in one line stay one byline
    line = '<div class="byline">By <a href="/a">Jane Doe</a>\n and <a href="/b">John Roe</a></div>'
    assert _got(_page(line))["authors"] == ["Jane Doe", "John Roe"]


@pytest.mark.parametrize(("url", "lang", "shown", "expected"), [
    # a locale's region: en-GB keeps London's clock, BST in October
    ("https://example.com/world/1", "en-GB", "Saturday October 24 2026, 8.30pm", datetime(2026, 10, 24, 19, 30)),
    ("https://example.com/world/1", "en-GB", "Saturday November 28 2026, 8.30pm", datetime(2026, 11, 28, 20, 30)),
    # Polish and German pages, and .pl / .de domains: Warsaw's and Berlin's clock
    ("https://example.com/swiat/1", "pl", "28 listopada 2026, 09:15", datetime(2026, 11, 28, 8, 15)),
    ("https://example.de/ausland/1", "en", "28.11.2026, 14:10", datetime(2026, 11, 28, 13, 10)),
    # English on a .com without a locale region: no zone said, the clock read as UTC
    ("https://example.com/world/1", "en", "28 November 2026, 14:10", datetime(2026, 11, 28, 14, 10)),
])
def test_more_countries_clocks(url, lang, shown, expected):
    page = _page(f'<div class="date">{shown}</div>', lang=lang)
    assert _got(page, url)["published_at"] == expected.replace(tzinfo=UTC)


def test_an_outlet_named_by_its_country_domain_keeps_that_clock():
    body = "<p>В Генштабе сообщили о 140 боестолкновениях за сутки, ВСУ отразили атаку.</p>"
    head = '<meta property="og:site_name" content="Страна.ua">'
    page = _page('<div class="date">28 ноября 2026, 13:40</div>', head=head, lang="ru", body=body,
                 title="ВСУ отразили атаку под Купянском")
    assert _got(page, "https://strana.news/news/1.html")["published_at"] == datetime(2026, 11, 28, 11, 40, tzinfo=UTC)
    # without it, a Russian page on .news is Moscow's
    page = page.replace(head, "")
    assert _got(page, "https://strana.news/news/1.html")["published_at"] == datetime(2026, 11, 28, 10, 40, tzinfo=UTC)


def test_a_naive_time_attribute_in_utc_behind_the_local_clock_it_shows():
    body = "<p>Die ukrainische Luftwaffe meldet mehr als 50 Drohnen in der Nacht.</p>"
    line = '<time datetime="2026-11-28 12:05:00">28.11.2026, 13.05 Uhr</time>'
    got = _got(_page(line, lang="de", body=body), "https://www.example.de/a-1")
    assert got["published_at"] == datetime(2026, 11, 28, 12, 5, tzinfo=UTC)
    # a naive attribute that says the shown local clock is local
    line = '<time datetime="2026-11-28 13:05:00">28.11.2026, 13.05 Uhr</time>'
    got = _got(_page(line, lang="de", body=body), "https://www.example.de/a-1")
    assert got["published_at"] == datetime(2026, 11, 28, 12, 5, tzinfo=UTC)


def test_an_update_shown_beside_a_structured_publication():
    head = '<meta property="article:published_time" content="2026-11-27T13:45:00+02:00">'
    line = '<div class="meta"><span class="updated">Updated 27.11.2026 14:20</span></div>'
    got = _got(_page(line, head=head), "https://example.com/news/1")
    assert got["modified_at"] == datetime(2026, 11, 27, 12, 20, tzinfo=UTC)  # in the publication's offset
    # a relative update is left to the fetch that saw it: a stored page's "2 hours ago" says nothing
    line = '<div class="meta"><span class="updated">Updated 2 hours ago</span></div>'
    assert _got(_page(line, head=head))["modified_at"] is None
    # a zero-offset publication on a UTC-clock (London) page: its seconds are no relabel of the update
    head = ('<meta property="article:published_time" content="2026-11-27T11:52:33+0000">'
            '<meta property="article:modified_time" content="2026-11-27T13:10:05+0000">')
    line = '<p class="byline"><span>Published: 11:52 GMT, 27 November 2026</span></p>'
    got = _got(_page(line, head=head), "https://www.example.co.uk/news/1")
    assert got["modified_at"] == datetime(2026, 11, 27, 13, 10, 5, tzinfo=UTC)


def test_a_headline_framed_by_a_rubric_and_a_tail():
    page = _page("", title="Secretary General welcomes new air defence pledges for Ukraine")
    page = page.replace("<title>Secretary General welcomes new air defence pledges for Ukraine</title>",
                        "<title>NATO - News: Secretary General welcomes new air defence pledges for Ukraine, "
                        "28-Nov.-2026</title>")
    assert _got(page, "https://www.nato.int/cps/en/natohq/news_1.htm")["title"] == \
        "Secretary General welcomes new air defence pledges for Ukraine"
    # a colon inside the headline's own words stays
    title = "Zelensky: Ukraine needs seven more Patriot systems"
    assert _got(_page("", title=title))["title"] == title


def test_a_page_builders_title_block_and_its_subtitle_line():
    html = ('<html lang="uk"><head><title>Як Росія вербує підлітків</title></head><body>'
            '<div class="t050__title" field="title">Як Росія вербує підлітків</div>'
            '<div class="t050__descr" field="descr">27.11.2026 · Текст: Дарина Савчук</div>'
            '<div class="t-text">Розбираємо схеми, якими спецслужби залучають підлітків до підпалів.</div>'
            '</body></html>')
    got = _got(html, "https://example.in.ua/page/1")
    assert got["authors"] == ["Дарина Савчук"]
    assert got["published_at"].date().isoformat() == "2026-11-27"
    # a Drupal node's owner field is its byline
    html = ('<html lang="uk"><head><title>Прощання у Львові</title></head><body><article><h1>Прощання у Львові</h1>'
            '<div class="node__meta"><span class="field field--name-uid"><span>Ірина Мельник</span></span></div>'
            '<p>У Львові попрощалися з трьома воїнами, які загинули на фронті.</p></article></body></html>')
    assert _got(html, "https://example.online/news/1")["authors"] == ["Ірина Мельник"]
