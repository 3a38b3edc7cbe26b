"""Outlets round 10's fixes on their own (tests/fixtures/outlets10), each beside a look-alike that must not change:
a pager's next link without ``rel="next"`` followed to the section's next numbered page (``rusi10``: Drupal's
``pager-next``), a "load more" endpoint's JSON story objects read as the section's next cards (``suspilne10``), a
list the browser renders read from the page's app state (``thebell10``), and an outlet's requests asking for its
own languages (``lsm10``: a site negotiating by ``Accept-Language``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import yaml
from scrapy.utils.test import get_crawler

from newswatch import settings as project_settings
from newswatch.discovery import parse_section
from newswatch.sources import parse_sources
from newswatch.spiders.feeds import FeedsSpider
from newswatch.spiders.outlets import spider_class_for

RUSI = "https://www.rusi.org/explore-our-research/publications/commentary"


def _page(body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()


def _cards(*titles: str, base: str = RUSI) -> str:
    return "".join(f'<div class="views-row"><span class="field-content"><a href="{base}/{n}">{t}</a></span>'
                   f'<span class="date-display-single">2{n} November 2026</span></div>' for n, t in enumerate(titles))


TWO_CARDS = _cards("Russia's Winter Strike Campaign Is Testing Ukraine's Air Defence",
                   "Sanctions Enforcement Against Russia's Shadow Fleet Needs Teeth")


# --- a pager's next link without rel="next" ---------------------------------------------------------------------------


def test_drupals_pager_next_item_is_the_sections_next_page():
    pager = (f'<ul class="pager"><li class="pager-current first">1</li><li class="pager-item"><a title="Go to page 2" '
             f'href="{RUSI}?page=1">2</a></li><li class="pager-next"><a title="Go to next page" '
             f'href="{RUSI}?page=1">next ›</a></li><li class="pager-last last"><a href="{RUSI}?page=41">last »</a>'
             "</li></ul>")
    page = parse_section(_page(TWO_CARDS + pager), RUSI)
    assert page.next_url == RUSI + "?page=1"
    assert len(page.entries) == 2  # the pager's links are no stories


def test_wordpress_next_page_numbers_link_is_the_sections_next_page():
    base = "https://zmina.info/news/"
    pager = ('<nav class="navigation pagination"><div class="nav-links"><span aria-current="page" '
             f'class="page-numbers current">1</span><a class="page-numbers" href="{base}page/2/">2</a>'
             f'<a class="next page-numbers" href="{base}page/2/">Наступна »</a></div></nav>')
    assert parse_section(_page(_cards("Окупанти обстріляли Херсон із артилерії зранку", base=base.rstrip("/"))
                               + pager), base).next_url == base + "page/2/"


def test_a_next_class_on_a_carousel_or_the_next_story_is_no_next_page():
    lookalikes = ('<div class="slider"><a class="slick-next" href="#">Next</a>'
                  '<a class="swiper-button-next" href="javascript:void(0)">›</a></div>'
                  # the next story and another section: no numbered page of this section
                  '<a class="next-article" href="https://www.rusi.org/explore-our-research/publications/'
                  'commentary/ukraines-drone-industry-2">Next: Ukraine\'s Drone Industry</a>'
                  '<li class="next"><a href="https://www.rusi.org/events?page=1">More events</a></li>'
                  '<a class="pager-next" href="https://other.example/commentary?page=1">next</a>')
    assert parse_section(_page(TWO_CARDS + lookalikes), RUSI).next_url is None


# --- a "load more" endpoint answering story objects -------------------------------------------------------------------

API = "https://suspilne.media/api/v2/articles/latest?offset=3&limit=3"


def _story(n: int, title: str, published: str | None = "2026-11-26T19:20:00+02:00", **extra) -> dict:
    story = {"id": n, "url": f"/{n}-story/", "title": title, "rubric": {"title": "Війна", "url": "/war/"}, **extra}
    return story | ({"published_at": published} if published else {})


def test_load_more_json_story_objects_are_the_next_cards():
    answer = {"items": [_story(1149512, "На Сумщині росіяни атакували рятувальників повторним ударом дрона"),
                        _story(1149203, "Рада ЄС схвалила новий транш для України з &laquo;Фонду миру&raquo;",
                               published=None, publishedAt=1795604400000)],
              "total": 4812, "next": "/api/v2/articles/latest?offset=6&limit=3"}
    page = parse_section(json.dumps(answer).encode(), API)
    assert [(e.url, e.title, e.published_at) for e in page.entries] == [
        ("https://suspilne.media/1149512-story/", "На Сумщині росіяни атакували рятувальників повторним ударом дрона",
         datetime(2026, 11, 26, 17, 20, tzinfo=UTC)),
        ("https://suspilne.media/1149203-story/", "Рада ЄС схвалила новий транш для України з «Фонду миру»",
         datetime(2026, 11, 25, 11, 0, tzinfo=UTC))]  # milliseconds since 1970
    assert page.next_url == "https://suspilne.media/api/v2/articles/latest?offset=6&limit=3"


def test_json_objects_that_are_no_stories_of_the_site_give_nothing():
    answer = {"items": [{"title": "Війна", "url": "/war/"},  # a rubric: one word
                        _story(7, "Партнерський матеріал про кредити для малого бізнесу",
                               url="https://ads.example.net/promo/7"),  # another site
                        {"title": "Останні новини Суспільного за добу", "url": API},  # the endpoint itself
                        {"title": "Рятувальники гасять пожежу після удару дрона", "published_at": "2026-11-26",
                         "url": "https://cdn4.suspilne.media/images/resize/640x1.78/1149512.jpg"}],  # an image
              "next": None}
    page = parse_section(json.dumps(answer).encode(), API)
    assert page.entries == [] and page.next_url is None


def test_load_more_json_with_html_fragments_reads_as_before():
    answer = {"html": '<article><a href="/1150001-story/">Росіяни атакували Харків керованими авіабомбами вранці</a>'
                      '<time datetime="2026-11-27T08:00:00+02:00">08:00</time></article>', "next": "/more/3"}
    page = parse_section(json.dumps(answer).encode(), API)
    assert [e.url for e in page.entries] == ["https://suspilne.media/1150001-story/"]
    assert page.next_url == "https://suspilne.media/more/3"


# --- a list the browser renders from the page's app state -------------------------------------------------------------

NEWS = "https://thebell.io/news"
STATE = {"menu": {"items": [{"title": "Подкасты и видео The Bell", "url": "/podcasts"}]},  # long title, no date
         "news": {"hasMore": True, "list": [
             {"id": 48211, "title": "Минфин увеличил продажи юаней из ФНБ из-за расходов на войну",
              "url": "/minfin-yuani", "publishedAt": "2026-11-28T07:30:00.000Z",
              "related": [{"title": "ЦБ сохранил ключевую ставку на уровне 21%", "url": "/tsb-stavka",
                           "publishedAt": "2026-10-20T10:30:00.000Z"}]}]}}


def test_a_browser_rendered_list_is_read_from_its_app_state():
    body = _page('<noscript>Включите JavaScript.</noscript><div id="root"></div>'
                 f"<script>window.__INITIAL_STATE__ = {json.dumps(STATE, ensure_ascii=False)};</script>")
    page = parse_section(body, NEWS)
    # the menu's item is undated and the story's related one is not the list's
    assert [(e.url, e.published_at) for e in page.entries] == [
        ("https://thebell.io/minfin-yuani", datetime(2026, 11, 28, 7, 30, tzinfo=UTC))]


def test_a_rendered_list_with_links_is_read_from_its_links_not_its_state():
    cards = ('<article><a href="/gosduma-konfiskatsiya">Госдума приняла закон о конфискации имущества за «фейки»</a>'
             '<time datetime="2026-11-26T18:45:00+03:00"></time></article>')
    body = _page(f"<main>{cards}</main><script>window.__INITIAL_STATE__ = {json.dumps(STATE)};</script>")
    assert [e.url for e in parse_section(body, NEWS).entries] == ["https://thebell.io/gosduma-konfiskatsiya"]


# --- Accept-Language from the outlet's languages ----------------------------------------------------------------------


def _headers(spidercls) -> dict:
    settings = {"NEWSWATCH_EXTRACT_WORKERS": 0, "DEFAULT_REQUEST_HEADERS": project_settings.DEFAULT_REQUEST_HEADERS}
    return get_crawler(spidercls, settings_dict=settings).settings.getdict("DEFAULT_REQUEST_HEADERS")


def test_an_outlets_requests_ask_for_its_languages_in_order():
    for languages, accept in ((["ru"], "ru"), (["uk", "ru", "en"], "uk,ru;q=0.9,en;q=0.8")):
        source = parse_sources({"lsm": {"name": "LSM", "url": "https://rus.lsm.lv/", "languages": languages,
                                        "feeds": ["https://rus.lsm.lv/rss/"]}})["lsm"]
        headers = _headers(spider_class_for(source))
        assert headers["Accept-Language"] == accept
        assert headers["Accept"].startswith("text/html")  # the other default headers stay


def test_an_ad_hoc_crawl_keeps_the_default_languages():
    assert _headers(FeedsSpider)["Accept-Language"] == "en,uk;q=0.9,ru;q=0.8"


# --- README "Adding an outlet" for a site with no feed and no sitemap (genoutlet --section) -----------------------


def test_genoutlet_section_writes_sections_and_a_section_page_stub_the_offline_crawl_serves(tmp_path, monkeypatch):
    from newswatch.commands.genoutlet import generate
    from newswatch.spiders._contracts import _entry
    from tests import outlet_crawl

    sources = tmp_path / "sources.yaml"
    generate("rusi", "https://www.rusi.org/", feeds=[], sitemaps=[], languages=["en"], js=False, sources=sources,
             fixtures=tmp_path / "fx", sections=[RUSI], timezone="Europe/London")
    entry = parse_sources(yaml.safe_load(sources.read_text(encoding="utf-8")))["rusi"]
    assert entry.sections == (RUSI,) and entry.sitemaps == ()  # no robots.txt guess beside the section page
    stub = tmp_path / "fx" / "rusi"
    assert {p.name for p in stub.iterdir()} == {"section.html", "article.html", "expected.json"}
    path = json.loads((stub / "expected.json").read_text(encoding="utf-8"))["path"]
    assert _entry(stub, path) is not None  # `scrapy check` finds the article's card in the stub
    # tests/test_outlets.py's crawl aims the entry at the mock's copy of the page, never at the real site
    monkeypatch.setattr(outlet_crawl, "OUTLET_FIXTURES", tmp_path / "fx")
    monkeypatch.setattr(outlet_crawl, "DEFAULT_SOURCES_PATH", sources)
    written = yaml.safe_load(outlet_crawl.write_sources(tmp_path / "mock.yaml", "http://127.0.0.1:8080",
                                                        ["rusi"]).read_text(encoding="utf-8"))["rusi"]
    assert written["sections"] == ["http://127.0.0.1:8080/rusi/section.html"]
    assert written["feeds"] == written["sitemaps"] == []
    route = outlet_crawl.routes(["rusi"])["/rusi/section.html"]
    status, content_type, body, _ = route(None, "http://127.0.0.1:8080")
    assert content_type.startswith("text/html")
    assert [e.url for e in parse_section(body, "http://127.0.0.1:8080/rusi/section.html").entries] == [
        "http://127.0.0.1:8080" + path]


def test_genoutlet_with_a_feed_writes_a_feed_stub_and_no_sections(tmp_path):
    from newswatch.commands.genoutlet import generate

    generate("lsm", "https://rus.lsm.lv/", feeds=["https://rus.lsm.lv/rss/"], sitemaps=[], languages=["ru"],
             js=False, sources=tmp_path / "sources.yaml", fixtures=tmp_path / "fx")
    assert "sections" not in (tmp_path / "sources.yaml").read_text(encoding="utf-8")
    assert {p.name for p in (tmp_path / "fx" / "lsm").iterdir()} == {"feed.xml", "article.html", "expected.json"}
