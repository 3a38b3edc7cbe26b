"""Outlets round 9's fixes on their own (tests/fixtures/outlets9), each beside a look-alike that must not change:
the WordPress REST API's list of posts read as a feed (``novynarnia9``), a WordPress feed whose ``<generator>`` is
stripped read on at ``?paged=2`` (``ukraineworld9``), a click counter's ``/go?url=<story>`` links fetched at the story
(``unian9``), a Telegram channel's web preview as a section page (``sota9``), and an outlet's zone-less feed and
sitemap dates read in the zone guessed for it, as its pages' are (``iz9``)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import pytest
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from newswatch.discovery import Notes, NotXMLError, parse_feed, parse_section
from newswatch.sources import parse_sources
from newswatch.spiders.outlets import spider_class_for

API = "https://novynarnia.com/wp-json/wp/v2/posts"


def _post(n: int, day: int = 27, **extra) -> dict:
    return {"id": n, "date": f"2026-11-{day}T14:05:00", "date_gmt": f"2026-11-{day}T12:05:00",
            "link": f"https://novynarnia.com/2026/11/{day}/post-{n}/",
            "title": {"rendered": "Штурмовики &#8211; «Азов»"},
            "guid": {"rendered": f"https://novynarnia.com/?p={n}"}, **extra}


def _feed(body, url=API, zone=None):
    notes = Notes()
    return parse_feed(json.dumps(body).encode() if not isinstance(body, bytes) else body, url, notes=notes,
                      zone=zone), notes


# --- the WordPress REST API's posts -----------------------------------------------------------------------------------


def test_wordpress_rest_posts_are_a_feed_dated_by_date_gmt_in_utc():
    entries, notes = _feed([_post(1), _post(2, 26)], zone="Europe/Kyiv")
    assert [e.url for e in entries] == ["https://novynarnia.com/2026/11/27/post-1/",
                                        "https://novynarnia.com/2026/11/26/post-2/"]
    # date_gmt is UTC though written without an offset (the declared clock is for the local "date")
    assert entries[0].published_at == datetime(2026, 11, 27, 12, 5, tzinfo=UTC)
    assert entries[0].title == "Штурмовики – «Азов»"
    assert notes.next_page is None  # 2 posts: a page that is not full is the last


def test_wordpress_rest_without_date_gmt_reads_date_in_the_outlets_clock():
    post = {k: v for k, v in _post(1).items() if k != "date_gmt"}
    entries, _ = _feed([post], zone="Europe/Kyiv")
    assert entries[0].published_at == datetime(2026, 11, 27, 12, 5, tzinfo=UTC)


def test_a_full_page_of_wordpress_posts_reads_on_at_the_next_page():
    _, notes = _feed([_post(n) for n in range(10)])
    assert notes.next_page == API + "?page=2"
    _, notes = _feed([_post(n) for n in range(5)], API + "?per_page=5&page=2")
    assert notes.next_page == API + "?per_page=5&page=3"
    _, notes = _feed([_post(n) for n in range(9)])  # look-alike: 9 of 10, the last page
    assert notes.next_page is None


def test_a_json_list_that_is_no_wordpress_posts_is_still_not_a_feed():
    with pytest.raises(NotXMLError, match="WordPress"):
        _feed([{"id": 1, "name": "Новини", "slug": "news"}])  # /wp-json/wp/v2/categories
    with pytest.raises(NotXMLError, match="jsonfeed"):  # a JSON object that is no JSON Feed: as before
        _feed({"posts": [_post(1)]})


def test_a_json_feed_reads_as_before():
    entries, notes = _feed({"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "1", "url": "https://site.org/a/1", "date_published": "2026-11-27T12:05:00+02:00"}],
        "next_url": "https://site.org/feed.json?page=2"}, "https://site.org/feed.json")
    assert [e.url for e in entries] == ["https://site.org/a/1"]
    assert notes.next_page == "https://site.org/feed.json?page=2"


# --- a WordPress feed whose <generator> is stripped ------------------------------------------------------------------

WP_NAMESPACES = ('xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
                 'xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:dc="http://purl.org/dc/elements/1.1/"')


def _rss(namespaces: str = "", guid: str = "https://ukraineworld.org/?p=30250", generator: str = "") -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0" {namespaces}><channel><title>UW</title>{generator}'
            f"<item><title>A</title><link>https://ukraineworld.org/en/articles/a/</link>"
            f'<guid isPermaLink="false">{guid}</guid><pubDate>Sat, 28 Nov 2026 12:10:00 +0000</pubDate></item>'
            "</channel></rss>").encode()


@pytest.mark.parametrize("body", [_rss(WP_NAMESPACES), _rss(guid="https://ukraineworld.org/?p=30250"),
                                  _rss(guid="x", generator="<generator>https://wordpress.org/?v=6.7.1</generator>")])
def test_a_wordpress_feed_without_its_generator_reads_on_at_paged_2(body):
    notes = Notes()
    parse_feed(body, "https://ukraineworld.org/en/feed/", notes=notes)
    assert notes.next_page == "https://ukraineworld.org/en/feed/?paged=2"


@pytest.mark.parametrize("body", [
    _rss(guid="https://ukraineworld.org/en/articles/a/"),  # no WordPress mark at all
    _rss(WP_NAMESPACES, generator="<generator>Drupal 10 (https://www.drupal.org)</generator>"),  # another CMS says so
    _rss('xmlns:slash="http://purl.org/rss/1.0/modules/slash/"', guid="tag:site,2026:a"),  # one namespace only
])
def test_a_feed_that_is_not_wordpress_still_has_no_guessed_next_page(body):
    notes = Notes()
    parse_feed(body, "https://site.org/feed/", notes=notes)
    assert notes.next_page is None


# --- a click counter's link ------------------------------------------------------------------------------------------

STORY = "https://www.unian.info/war/russian-army-loses-13201234.html"


@pytest.mark.parametrize("link", [
    f"https://www.unian.info/go?src=rss&amp;url={STORY}",
    "https://www.unian.info/go?url=https%3A%2F%2Fwww.unian.info%2Fwar%2Frussian-army-loses-13201234.html",
    f"https://click.example.net/away.php?to={STORY}&amp;h=ab12",
])
def test_a_link_through_a_click_counter_is_the_story_it_names(link):
    body = (f'<rss version="2.0"><channel><item><title>A</title><link>{link}</link>'
            "<pubDate>Sat, 28 Nov 2026 06:30:00 +0000</pubDate></item></channel></rss>").encode()
    notes = Notes()
    assert [e.url for e in parse_feed(body, "https://www.unian.info/rss", notes=notes)] == [STORY]
    assert notes.forwarded == 1


@pytest.mark.parametrize("link", [
    "https://www.unian.info/war/13201234.html?utm_source=rss&amp;id=5",  # a query naming no address
    "https://www.unian.info/go?url=/war/13201234.html",  # a relative target: not a whole address, left as listed
    "https://www.unian.info/search?q=https://www.unian.info/war/",  # q is a search, not a forward
])
def test_a_link_whose_query_names_no_story_is_fetched_as_listed(link):
    body = (f'<rss version="2.0"><channel><item><title>A</title><link>{link}</link></item></channel></rss>').encode()
    notes = Notes()
    assert [e.url for e in parse_feed(body, "https://www.unian.info/rss", notes=notes)] == [link.replace("&amp;", "&")]
    assert notes.forwarded == 0


# --- a Telegram channel's web preview as a section page --------------------------------------------------------------


def _message(n: int, href: str, title: str, when: str) -> str:
    return (f'<div class="tgme_widget_message" data-post="sotanews/{n}"><div class="tgme_widget_message_bubble">'
            f'<div class="tgme_widget_message_text"><b>{title}</b><br/><a href="{href}">Читати</a></div>'
            f'<a class="tgme_widget_message_link_preview" href="{href}">'
            f'<div class="link_preview_title">{title}</div></a>'
            f'<div class="tgme_widget_message_footer"><a class="tgme_widget_message_date" href="https://t.me/sotanews/{n}">'
            f'<time datetime="{when}">14:05</time></a></div></div></div>')


def test_a_telegram_channel_preview_lists_the_outlets_stories():
    body = ("<html><body><header><a href='https://t.me/sotanews'>СОТА</a></header><section>"
            + _message(1, "https://sota.vision/uk/news/a/", "Окупанти обстріляли херсонський мікрорайон Корабел",
                       "2026-11-28T08:20:00+00:00")
            + _message(2, "https://sota.vision/uk/news/b/", "Росіяни атакували дронами порт Ізмаїл",
                       "2026-11-26T22:10:00+00:00")
            + "</section></body></html>").encode()
    page = parse_section(body, "https://t.me/s/sotanews")
    assert [(e.url, e.published_at) for e in page.entries] == [
        ("https://sota.vision/uk/news/a/", datetime(2026, 11, 28, 8, 20, tzinfo=UTC)),
        ("https://sota.vision/uk/news/b/", datetime(2026, 11, 26, 22, 10, tzinfo=UTC))]


def test_a_section_page_with_its_own_stories_leaves_other_sites_links_alone():
    own = '<article><a href="/news/1/">Уряд ухвалив новий оборонний бюджет країни</a></article>'
    other = '<p><a href="https://partner.example/news/2/">Партнерський матеріал про щось зовсім інше тут</a></p>'
    page = parse_section(f"<html><body>{own}{other}{other}</body></html>".encode(), "https://site.ua/news/")
    assert [e.url for e in page.entries] == ["https://site.ua/news/1/"]


def test_a_page_of_links_to_many_sites_gives_no_stories():
    links = "".join(f'<p><a href="https://site{n}.example/a/">Матеріал номер {n} на іншому сайті тут</a></p>'
                    for n in range(4))
    assert parse_section(f"<html><body>{links}</body></html>".encode(), "https://t.me/s/digest").entries == []


# --- zone-less feed and sitemap dates in the outlet's guessed clock ---------------------------------------------------


def _spider(url: str, languages: list[str], **entry):
    source = parse_sources({"outlet": {"name": "Outlet", "url": url, "languages": languages,
                                       "sitemaps": [url + "sitemap-news.xml"], **entry}})["outlet"]
    cls = spider_class_for(source)
    crawler = get_crawler(cls, settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0})
    spider = cls.from_crawler(crawler, since="2026-11-25T00:00:00+00:00")
    crawler.spider = spider
    return spider


def _fetched(spider, url: str) -> list[str]:
    body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            + "".join(f"<url><loc>{url}{n}</loc><news:news><news:publication_date>{d}</news:publication_date>"
                      "</news:news></url>"
                      for n, d in (("night", "2026-11-25T01:30:00"), ("day", "2026-11-25T09:00:00")))
            + "</urlset>").encode()
    response = TextResponse(url + "sitemap-news.xml", body=body, encoding="utf-8",
                            request=Request(url + "sitemap-news.xml"))

    async def collect():
        return [r async for r in spider.parse_sitemap(response)]

    return sorted(r.url.removeprefix(url) for r in asyncio.run(collect()) if isinstance(r, Request))


def test_a_ru_outlets_zone_less_sitemap_dates_are_moscow_time():
    # 01:30 Moscow on Nov 25 is 22:30 UTC on Nov 24: before the window, not fetched
    assert _fetched(_spider("https://iz.ru/", ["ru"]), "https://iz.ru/") == ["day"]


@pytest.mark.parametrize("url, languages, entry", [
    ("https://www.example.com/", ["en"], {}),  # nothing to guess a clock from: UTC, as before
    ("https://iz.ru/", ["ru"], {"timezone": "UTC"}),  # a declared clock wins over the guess
])
def test_without_a_guessed_clock_or_with_a_declared_one_zone_less_dates_read_as_before(url, languages, entry):
    assert _fetched(_spider(url, languages, **entry), url) == ["day", "night"]
