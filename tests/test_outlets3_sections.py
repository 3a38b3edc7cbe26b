"""Section pages (``sections:``), the discovery of an outlet with no feed and no sitemap (outlets round 3)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newswatch.discovery import parse_section
from newswatch.sources import SourcesError, parse_sources

PAGES = Path(__file__).resolve().parent / "fixtures" / "outlets3_sections"


def _page(name: str) -> bytes:
    return (PAGES / name).read_bytes()



def test_a_wordpress_category_page_gives_its_stories_their_dates_and_its_next_page():
    page = parse_section(_page("wordpress_category.html"), "https://www.balticmonitor.test/category/defence/")
    assert [(e.url, e.title, e.published_at) for e in page.entries] == [
        ("https://www.balticmonitor.test/2026/11/27/latvia-orders-more-himars/",
         "Latvia orders six more HIMARS launchers", datetime(2026, 11, 27, 7, 10, tzinfo=UTC)),
        ("https://www.balticmonitor.test/2026/11/26/estonia-mine-countermeasures-exercise/",
         "Estonia hosts mine countermeasures exercise in the Gulf of Finland",
         datetime(2026, 11, 26, 13, 45, tzinfo=UTC)),
    ]
    assert {e.via for e in page.entries} == {"section"}
    assert page.next_url == "https://www.balticmonitor.test/category/defence/page/2/"




def test_a_legacy_news_list_in_windows_1251_with_local_times_read_in_the_outlets_zone():
    page = parse_section(_page("ru_news_list.html"), "https://bryansk-news.test/news/", zone="Europe/Moscow")
    assert [(e.url.rsplit("/", 1)[1], e.title, e.published_at) for e in page.entries] == [
        ("dron-atakoval-neftebazu-v-bryanskoy-oblasti.html", "Дрон атаковал нефтебазу в Брянской области",
         datetime(2026, 11, 27, 11, 5, tzinfo=UTC)),
        ("v-kurske-obyavili-vozdushnuyu-trevogu.html", "В Курске ночью объявили воздушную тревогу",
         datetime(2026, 11, 26, 19, 40, tzinfo=UTC)),
    ]
    assert page.next_url == "https://bryansk-news.test/news/?page=2"


def test_undated_teasers_are_entries_without_a_date_and_a_page_with_no_next_has_none():
    page = parse_section(_page("cards.html"), "https://news.test/uk/news/")
    assert [(e.url.rsplit("/", 1)[1], e.title, e.published_at) for e in page.entries] == [
        ("sumy-evakuatsiia", "На Сумщині оголосили евакуацію ще з восьми сіл", None),
        ("kharkiv-metro", "У Харкові метро знову працює як укриття", datetime(2026, 11, 27, 6, 0, tzinfo=UTC))]
    assert page.next_url is None


@pytest.mark.parametrize("body", [b"", b"   ", b"<html><body><p>No stories today.</p></body></html>"])
def test_an_empty_or_storyless_page_gives_nothing(body):
    page = parse_section(body, "https://news.test/news/")
    assert page.entries == [] and page.next_url is None


def test_sections_is_an_outlets_discovery_entry_of_its_own():
    sources = parse_sources({"tvp": {"name": "TVP World", "languages": ["en"],
                                     "sections": ["https://tvpworld.com/news"]}})
    assert sources["tvp"].sections == ("https://tvpworld.com/news",)
    assert sources["tvp"].url == "https://tvpworld.com/news"
    with pytest.raises(SourcesError, match="'sections' entry 'tvpworld.com/news' is not an http"):
        parse_sources({"tvp": {"sections": ["tvpworld.com/news"]}})
    with pytest.raises(SourcesError, match="at least one feed or sitemap"):
        parse_sources({"tvp": {"name": "TVP World"}})
