"""The round-4 outlet fixes on their own (fast): a "load more" list (``sections:``) and a canonical on another
language edition. The whole-site crawl is :mod:`tests.test_outlets4`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from newswatch.dedup import other_edition
from newswatch.discovery import parse_section
from newswatch.loaders import build_article

LIST = """<html lang="ru"><body><header><nav><a href="/ru/">Главная</a></nav></header><main>
<div class="feed"><article><time datetime="2026-11-27T10:00:00+02:00">10:00</time>
<a href="/ru/news/101-v-odesse-vosstanovili-svet-posle-ataki">В Одессе восстановили свет после атаки</a></article></div>
<div class="feed__more"><span class="btn js-more" data-next-url="/ru/api/feed?offset=20">Загрузить еще</span></div>
<a class="read-more" href="/ru/news/101-v-odesse-vosstanovili-svet-posle-ataki">Читать</a>
</main></body></html>"""


def test_a_load_more_control_names_the_next_batch():
    page = parse_section(LIST.encode(), "https://example.ua/ru/news/")
    assert [e.url for e in page.entries] == ["https://example.ua/ru/news/101-v-odesse-vosstanovili-svet-posle-ataki"]
    assert page.next_url == "https://example.ua/ru/api/feed?offset=20"


def test_a_read_more_link_is_no_next_page():
    html = LIST.replace('<div class="feed__more">', '<div class="x">').replace("js-more", "")
    assert parse_section(html.encode(), "https://example.ua/ru/news/").next_url is None


def test_a_load_more_json_answer_is_read_as_cards_and_its_next_batch():
    answer = {"status": "ok", "data": {"items": [
        '<div class="card"><time datetime="2026-11-26T08:00:00Z"></time>'
        '<a href="/ru/news/99-nato-provelo-ucheniya-v-baltiyskom-more">НАТО провело учения в Балтийском море</a></div>',
        '<div class="card"><a href="https://elsewhere.example.com/x">Чужая ссылка на другой сайт вообще</a></div>']},
        "pagination": {"nextUrl": "/ru/api/feed?offset=40"}}
    page = parse_section(json.dumps(answer, ensure_ascii=False).encode(), "https://example.ua/ru/api/feed?offset=20")
    assert [(e.url, e.published_at) for e in page.entries] == [
        ("https://example.ua/ru/news/99-nato-provelo-ucheniya-v-baltiyskom-more",
         datetime(2026, 11, 26, 8, tzinfo=UTC))]
    assert page.next_url == "https://example.ua/ru/api/feed?offset=40"


def test_a_json_answer_with_no_cards_or_broken_ends_the_list():
    for body in (b'{"html": "", "next": null}', b"{not json", b"[]"):
        page = parse_section(body, "https://example.ua/api/more/2")
        assert page.entries == [] and page.next_url is None


def test_a_canonical_on_another_edition_is_not_the_page():
    assert other_edition("https://site.ua/en/rubric-ato/4061240-boats.html", "https://site.ua/rubric-ato/4061217-katery.html")
    assert other_edition("https://rus.err.ee/1609842399/x", "https://news.err.ee/1609842210/y")  # the host says ru
    assert other_edition("https://www.pravda.com.ua/rus/news/2026/11/27/1/", "https://www.pravda.com.ua/news/2026/11/27/1/")
    assert not other_edition("https://site.ua/en/news/1?utm_source=x", "https://site.ua/en/news/1")
    assert not other_edition("https://site.ua/news/1/amp", "https://site.ua/news/1")
    # the default edition's page under its explicit prefix: the same page, so the same story key
    assert not other_edition("https://site.ua/news/1", "https://site.ua/ua/news/1")


def test_the_translated_page_keeps_its_own_url():
    url = "https://site.ua/eng/news/2026/11/27/7488102/"
    page = {"title": "Defenders repel assault near Pokrovsk", "language": "en", "body": "Ukrainian troops held.",
            "canonical_url": "https://site.ua/news/2026/11/27/7488101/", "published_at": "2026-11-27T14:40:00+02:00"}
    item = build_article(page, url=url, source="site")
    assert item["canonical_url"] == url and item["url_key"] == "site.ua/eng/news/2026/11/27/7488102"
    own = "https://www.site.ua/eng/news/2026/11/27/7488102/"
    same = build_article({**page, "canonical_url": own}, url=url + "?ref=tg", source="site")
    assert same["url_key"] == "site.ua/eng/news/2026/11/27/7488102"


def test_an_amp_copy_names_its_full_page():
    from newswatch.discovery import amp_canonical

    amp = '<!doctype html><html ⚡ lang="ru"><head><link rel="canonical" href="/politika/283412"></head></html>'
    assert amp_canonical(amp.encode(), "https://theins.ru/amp/politika/283412") == "https://theins.ru/politika/283412"
    assert amp_canonical(b'<html amp><link href="https://m.site.ua/a/1" rel=canonical>', "https://site.ua/a/1/amp") == \
        "https://m.site.ua/a/1"
    # not an AMP page, its own URL, another site, another edition, the front page: read as it is
    assert amp_canonical(b'<html lang="en"><link rel="canonical" href="/a/1">', "https://site.ua/amp/a/1") is None
    assert amp_canonical(b'<html amp><link rel="canonical" href="/amp/a/1">', "https://site.ua/amp/a/1") is None
    other = b'<html amp><link rel="canonical" href="https://other.com/a/1">'
    assert amp_canonical(other, "https://site.ua/a/1/amp") is None
    assert amp_canonical(b'<html amp><link rel="canonical" href="/a/1">', "https://site.ua/en/a/1/amp") is None
    assert amp_canonical(b'<html amp><link rel="canonical" href="/">', "https://site.ua/a/1/amp") is None
