"""Article metadata, thirteenth round (tests/fixtures/extract_meta13; scorer: bench/extract_meta.py).

Every field an expectation gives is checked on its page; then the general causes fixed in this round, both ways
(what must change and its look-alike that must not).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import lxml.html
import pytest

from newswatch.extract import extract_metadata
from newswatch.extract._language import edition_agrees
from tests._meta_sets import MetaRound

FETCHED = datetime(2026, 11, 28, 19, 0, tzinfo=UTC)

MISSES: dict[tuple[str, str], str] = {
}


ROUND = MetaRound("extract_meta13", misses=MISSES)


test_the_set_covers_its_languages_and_has_a_holdout = ROUND.coverage_test(pages=10, each=3, holdout=5)
test_metadata = ROUND.metadata_test()


def _meta(html: str, url: str = "https://www.example.com.ua/news/1") -> dict:
    return extract_metadata(lxml.html.fromstring(html), url, fetched_at=FETCHED)


# --- the general causes --------------------------------------------------------------------------------------

HEADLINE = "У Львові відкрили центр реабілітації для ветеранів"


@pytest.mark.parametrize(("title", "shown", "expected"), [
    # no <h1>: the <title>'s part the page shows alone is the headline, whatever follows the separator
    (f"{HEADLINE} — Новини", f'<div class="article-title">{HEADLINE}</div>', HEADLINE),
    (f"{HEADLINE} - Новини - Львів-інфо", f'<table><tr><td class="eTitle"><div>12:47</div>{HEADLINE}</td></tr>'
                                         "</table>", HEADLINE),
    # a headline that itself holds a separator, shown whole, stays whole
    (f"{HEADLINE} - фоторепортаж", f"<div>{HEADLINE} - фоторепортаж</div>", f"{HEADLINE} - фоторепортаж"),
    # nothing on the page shows a part alone: the <title> stays
    (f"{HEADLINE} — Новини", f"<p>{HEADLINE}, повідомили в мерії.</p>", f"{HEADLINE} — Новини"),
])
def test_a_page_without_an_h1_keeps_the_title_part_it_shows(title, shown, expected):
    html = f"<html><head><title>{title}</title></head><body>{shown}<p>Текст новини.</p></body></html>"
    assert _meta(html)["title"] == expected


def test_an_og_title_is_not_cut_at_a_part_the_page_shows():
    # a channel's two names joined by " / " (a Telegram widget): og:title is the title, not a <title> with a tail
    html = ('<html><head><meta property="og:title" content="Повітряні Сили ЗС України / Air Force of Ukraine">'
            "</head><body><div>Повітряні Сили ЗС України</div><p>Текст.</p></body></html>")
    assert _meta(html)["title"] == "Повітряні Сили ЗС України / Air Force of Ukraine"


def test_joomla_15_dates_and_author_beside_its_td_headline():
    html = ('<html lang="ru"><head><title>Ночная атака дронов на Измаил</title></head><body>'
            '<table class="contentpaneopen"><tr><td class="contentheading">Ночная атака дронов на Измаил</td></tr>'
            '</table><table class="contentpaneopen"><tr><td><span class="small">Автор: Сергей Дымов</span></td></tr>'
            '<tr><td class="createdate">28.11.2026 10:15</td></tr><tr><td><div>Текст новости.</div></td></tr>'
            '<tr><td class="modifydate">Последнее обновление 28.11.2026 11:02</td></tr></table></body></html>')
    got = _meta(html, "http://izmail-info.com.ua/news/4410-ataka")
    assert got["authors"] == ["Сергей Дымов"]
    assert got["published_at"] == datetime(2026, 11, 28, 8, 15, tzinfo=UTC)  # Kyiv: +2
    assert got["modified_at"] == datetime(2026, 11, 28, 9, 2, tzinfo=UTC)


def _card(label: str, card: str, before: str = "") -> list[str]:
    html = ("<html lang='en'><head><title>Drones hit Kyiv Oblast</title></head><body><article><h1>Drones hit Kyiv "
            f"Oblast</h1>{before}<p>Russia launched 120 drones overnight.</p><section class='card'><h3>{label}</h3>"
            f"{card}</section></article></body></html>")
    return _meta(html, "https://kyivindependent.com/drones/")["authors"]


def test_the_name_in_an_about_the_author_card():
    bio = "<p>Illia Novikov is a reporter covering the war.</p>"
    assert _card("About the author", f"<a href='/author/in/'><img alt=''><strong>Illia Novikov</strong></a>{bio}") \
        == ["Illia Novikov"]
    assert _card("Об авторе", "<a href='/authors/dk'><span>Дмитрий Коваленко</span></a><p>Журналист.</p>") \
        == ["Дмитрий Коваленко"]
    assert _card("Про автора", "<h4><a href='/authors/ms'>Марта Шевчук</a></h4>") == ["Марта Шевчук"]
    # a bio alone names no one, another heading is no author card, and a byline the page has comes first
    assert _card("About the author", bio) == []
    assert _card("Read also", "<a href='/story/'>Anna Myroniuk</a>") == []
    assert _card("About the author", "<strong>Illia Novikov</strong>", before="<p class='byline'>By Jane Doe</p>") \
        == ["Jane Doe"]


def test_the_outlet_in_the_titles_site_part_before_a_day_is_no_writer():
    head = ('<title>В Запорожской области обесточены 12 сел - РИА Новости, 28.11.2026</title>'
            '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
            '{"@type": "Organization", "name": "РИА Новости"}}</script>')
    html = f"<html><head>{head}</head><body><h1>В Запорожской области обесточены 12 сел</h1></body></html>"
    assert _meta(html, "https://ria.ru/20261128/zaporozhe-2058311442.html")["authors"] == []
    # another agency declared is still its author
    html = html.replace('"name": "РИА Новости"', '"name": "ТАСС"')
    assert _meta(html, "https://ria.ru/20261128/zaporozhe-2058311442.html")["authors"] == ["ТАСС"]


def _language(url: str, title: str, lang: str = "uk") -> str | None:
    html = f"<html lang='{lang}'><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    return extract_metadata(lxml.html.fromstring(html), url, guess=False)["language"]


def test_the_urls_edition_over_a_templates_html_lang():
    assert _language("https://tsn.ua/ru/ukrayina/syrskiy-2912345.html", "Сырский рассказал о ситуации под Купянском") \
        == "ru"
    assert _language("https://www.eurointegration.com.ua/eng/news/2026/11/28/7201234/",
                     "Poland asks NATO for more air defence") == "en"
    # a mark the text cannot be in says nothing: Ukrainian letters on a /ru/ page, a "uk" path in English
    assert _language("https://tsn.ua/ru/ukrayina/syrskyy-2912345.html",
                     "Сирський розповів про ситуацію під Купʼянськом") == "uk"
    assert _language("https://www.theguardian.com/uk/2026/nov/28/story", "Britain pledges air defence to Kyiv", "en") \
        == "en"


@pytest.mark.parametrize(("code", "text", "expected"), [
    ("ru", "Сырский рассказал о ситуации под Купянском", True),
    ("ru", "Сирський розповів про ситуацію під Куп'янськом", False),
    ("uk", "Сырский рассказал о ситуации под Купянском", False),
    ("en", "Poland asks NATO for more air defence on its flank", True),
    ("en", "Польща просить НАТО про ППО на фланзі", False),
    ("en", "Short", False),  # too little text to tell
])
def test_edition_agrees(code, text, expected):
    assert edition_agrees(code, text) is expected


def _dates(meta: str) -> tuple[datetime | None, datetime | None]:
    html = ("<html lang='en'><head><title>Ukraine receives F-16 spare parts</title></head><body><article>"
            f"<h1>Ukraine receives F-16 spare parts</h1><div class='meta'>{meta}</div><p>Text.</p></article></body>"
            "</html>")
    got = _meta(html, "https://www.ukrinform.net/rubric-defense/3912345-f16.html")
    return got["published_at"], got["modified_at"]


def test_an_update_shown_alone_is_the_update_not_the_publication():
    assert _dates("<span>Last updated: 28 November 2026, 16:20 Kyiv time</span>") == \
        (None, datetime(2026, 11, 28, 14, 20, tzinfo=UTC))
    assert _dates("<span>28 November 2026, 16:20 Kyiv time</span>") == \
        (datetime(2026, 11, 28, 14, 20, tzinfo=UTC), None)


def test_a_camel_case_byline_class():
    html = ("<html lang='en'><head><title>Ukraine receives F-16 spare parts</title></head><body><article>"
            "<h1>Ukraine receives F-16 spare parts</h1><p>Text of the story.</p>"
            "<div class='newsAuthor'>Olha Kovalenko</div></article></body></html>")
    assert _meta(html)["authors"] == ["Olha Kovalenko"]
    # a camelCase class ending in another word (the bio) marks no byline
    html = html.replace("<div class='newsAuthor'>Olha Kovalenko</div>",
                        "<div class='authorBio'>Olha Kovalenko is a reporter covering defence.</div>")
    assert _meta(html)["authors"] == []


# --- after the holdout: the same causes on their other forms ------------------------------------------------

GRAPH_HEADLINE = "NATO allies pledge winter air defense package"
RELATED = {"@type": "NewsArticle", "headline": "Russia masses troops near Zaporizhzhia",
           "url": "https://example.com/2026/11/25/russia-masses-troops/",
           "datePublished": "2026-11-25T18:00:00+02:00", "author": {"@type": "Person", "name": "Yana Petrenko"}}
MAIN = {"@type": "NewsArticle", "headline": GRAPH_HEADLINE, "datePublished": "2026-11-28T14:05:00+02:00",
        "author": {"@type": "Person", "name": "Mariia Holub"}}
PAGE_URL = "https://example.com/2026/11/28/nato-allies-pledge/"


@pytest.mark.parametrize("main", [
    MAIN,  # nothing ties it to the page but the headline the page shows
    {**MAIN, "@id": PAGE_URL + "#article"},  # its @id is the page's address with a fragment
    {**MAIN, "isPartOf": {"@id": PAGE_URL}},  # part of the page's WebPage
])
def test_the_pages_own_article_among_related_ones_in_a_graph(main):
    graph = json.dumps({"@context": "https://schema.org", "@graph": [RELATED, main]})
    html = (f'<html lang="en"><head><title>{GRAPH_HEADLINE} - Example</title><script type="application/ld+json">'
            f"{graph}</script></head><body><article><h1>{GRAPH_HEADLINE}</h1><p>Text.</p></article></body></html>")
    got = _meta(html, PAGE_URL)
    assert (got["title"], got["authors"], got["published_at"]) == \
        (GRAPH_HEADLINE, ["Mariia Holub"], datetime(2026, 11, 28, 12, 5, tzinfo=UTC))


def test_a_related_node_naming_this_page_still_wins_over_the_headline():
    # the page's own address outranks a headline match (a JSON-LD headline may be an SEO variant of the <h1>)
    own = {**RELATED, "url": PAGE_URL, "headline": "Allies pledge air defense for winter"}
    graph = json.dumps({"@context": "https://schema.org", "@graph": [MAIN, own]})
    html = (f'<html lang="en"><head><script type="application/ld+json">{graph}</script></head><body><article>'
            f"<h1>{GRAPH_HEADLINE}</h1><p>Text.</p></article></body></html>")
    assert _meta(html, PAGE_URL)["authors"] == ["Yana Petrenko"]


@pytest.mark.parametrize(("credit", "expected"), [
    ("Words: Jane Doe. Photography: John Roe", ["Jane Doe"]),
    ("Words matter in wartime, he said.", []),  # a sentence starting with the word is no byline
])
def test_words_and_photography_credits(credit, expected):
    html = ("<html lang='en'><head><title>Life under drones in Kherson</title></head><body><article>"
            f"<h1>Life under drones in Kherson</h1><p class='credits'>{credit}</p><p>Text of the story.</p>"
            "</article></body></html>")
    assert _meta(html, "https://example.com/kherson")["authors"] == expected
