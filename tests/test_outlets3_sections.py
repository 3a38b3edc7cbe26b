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


def _section_spider(since: datetime):
    """A NewsSpider reading section pages outside a crawl (no Scrapy engine: stats counted in a dict)."""
    from types import SimpleNamespace

    from newswatch.spiders._base import NewsSpider

    spider = NewsSpider(name="sections_test", sections="https://www.balticmonitor.test/category/defence/")
    spider.crawler = SimpleNamespace(stats=SimpleNamespace(inc_value=lambda *args, **kwargs: None))
    spider.workers = SimpleNamespace(workers=())
    spider.since, spider.queued_articles, spider.render_meta = since, 1000, None
    return spider


def _read(spider, url: str, body: bytes, page: int) -> list:
    import asyncio

    from scrapy.http import HtmlResponse, Request

    from newswatch.spiders._base import _SECTION_PAGE

    response = HtmlResponse(url, body=body, request=Request(url, meta={_SECTION_PAGE: page}))

    async def collect():
        return [request async for request in spider.parse_section(response)]
    return asyncio.run(collect())


@pytest.mark.parametrize(("since", "articles", "next_page"), [
    (datetime(2026, 11, 27, tzinfo=UTC), 1, True),    # one story inside the window: the next page may hold more
    (datetime(2026, 11, 28, tzinfo=UTC), 0, False),   # every story before it: the older pages are not read
])
def test_a_section_page_is_followed_to_its_next_page_only_while_it_lists_stories_inside_since(since, articles,
                                                                                               next_page):
    spider = _section_spider(since)
    url = "https://www.balticmonitor.test/category/defence/"
    requests = _read(spider, url, _page("wordpress_category.html"), 1)
    assert len([r for r in requests if r.callback == spider.parse_article]) == articles
    assert [r.url for r in requests if r.callback == spider.parse_section] == (
        ["https://www.balticmonitor.test/category/defence/page/2/"] if next_page else [])


def test_a_section_is_read_at_most_max_section_pages_deep():
    from newswatch.discovery import MAX_SECTION_PAGES

    spider = _section_spider(datetime(2026, 11, 20, tzinfo=UTC))
    requests = _read(spider, "https://www.balticmonitor.test/category/defence/page/9/",
                     _page("wordpress_category.html"), MAX_SECTION_PAGES)
    assert [r for r in requests if r.callback == spider.parse_section] == []
    assert len([r for r in requests if r.callback == spider.parse_article]) == 2
