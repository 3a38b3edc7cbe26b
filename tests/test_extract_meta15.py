"""Article metadata, fifteenth round (tests/fixtures/extract_meta15; scorer: bench/extract_meta.py).

Every field an expectation gives is checked on its page; then the two mends of the lead's review and the general
causes fixed in this round, both ways (what must change and its look-alike that must not).
"""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from newswatch.extract import extract_metadata
from newswatch.extract._language import guess_language
from newswatch.extract._metadata import _host_domains
from newswatch.extract.normalize import split_authors
from tests._meta_sets import MetaRound

FETCHED = datetime(2026, 11, 28, 19, 0, tzinfo=UTC)

MISSES: dict[tuple[str, str], str] = {
}


ROUND = MetaRound("extract_meta15", misses=MISSES)


test_the_set_covers_its_languages_and_has_a_holdout = ROUND.coverage_test(pages=10, each=3, holdout=5)
test_metadata = ROUND.metadata_test()


def _meta(html: str, url: str = "https://www.example.com/news/ukraine-drones-1") -> dict:
    return extract_metadata(lxml.html.fromstring(html), url, fetched_at=FETCHED)


# --- the host's parent domains, by the public suffix list ---------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("https://english.nv.ua/nation/x.html", ("english.nv.ua", "nv.ua")),
    ("https://www.bbc.co.uk/news/world", ("bbc.co.uk",)),  # not "co.uk"
    ("https://news.site.com.ua/a", ("news.site.com.ua", "site.com.ua")),  # not "com.ua"
    ("https://foo.msk.ru/a", ("foo.msk.ru",)),  # a city's registry domain is a public suffix
    ("https://kyiv.ua/a", ("kyiv.ua",)),
    # no public suffix: the host alone, no parent ("0.0.1", "0.1")
    ("http://127.0.0.1:8000/a", ("127.0.0.1",)),
    ("http://localhost:8000/a", ("localhost",)),
])
def test_host_domains_down_to_the_registered_domain(url, expected):
    assert _host_domains(url) == expected


def _description(description: str, url: str) -> str | None:
    html = ("<html lang='en'><head><title>Ukraine's army repels 40 assaults near Pokrovsk</title>"
            f'<meta name="description" content="{description}"></head><body><article><h1>Ukraine\'s army repels 40 '
            "assaults near Pokrovsk</h1><p>Ukrainian forces repelled 40 assaults, the General Staff said.</p>"
            "</article></body></html>")
    return _meta(html, url)["description"]


def test_a_figure_in_a_description_does_not_name_an_ip_host():
    told = "Consumer prices in Russia rose by 0.1% in a week, Rosstat said."
    assert _description(told, "http://127.0.0.1:8765/news/1") == told
    # the outlet's tagline naming its address is still the site's
    assert _description("NV.ua - the latest news from Ukraine: politics, economy, war.",
                        "https://english.nv.ua/nation/x.html") is None


# --- a declared headline cut mid-word without an ellipsis ---------------------------------------------------------

WHOLE = "NATO allies agree to fast-track air defence deliveries to Ukraine ahead of winter strikes"


@pytest.mark.parametrize(("declared", "h1", "expected"), [
    ("NATO allies agree to fast-track air defence deliveries to Ukraine ahead of wint", WHOLE, WHOLE),
    ("NATO allies agree to fast-track air defence deliv", WHOLE, WHOLE),
    # cut at a whole word: the <h1> adding words is not said to be its whole (a series, a clause)
    ("NATO allies agree to fast-track air defence deliveries to Ukraine", WHOLE,
     "NATO allies agree to fast-track air defence deliveries to Ukraine"),
    # an <h1> that says another story does not complete it
    ("NATO allies agree to fast-track air defence deliv", "Most read today",
     "NATO allies agree to fast-track air defence deliv"),
])
def test_a_jsonld_headline_cut_mid_word_gives_way_to_the_h1(declared, h1, expected):
    html = ("<html lang='en'><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            f"\"headline\": \"{declared}\"}}</script></head><body><h1>{h1}</h1><p>Text.</p></body></html>")
    assert _meta(html)["title"] == expected


def test_an_og_title_cut_mid_word_gives_way_to_the_h1():
    html = ("<html lang='uk'><head><meta property='og:title' content='Сили оборони відбили 40 атак біля Покров'>"
            "</head><body><h1>Сили оборони відбили 40 атак біля Покровська</h1><p>Текст.</p></body></html>")
    assert _meta(html)["title"] == "Сили оборони відбили 40 атак біля Покровська"


# --- an agency's staff as the byline ------------------------------------------------------------------------------

@pytest.mark.parametrize(("byline", "expected"), [
    ("Reuters Staff", ["Reuters"]),
    ("By AP Staff", ["AP"]),
    ("Associated Press staff writers", ["Associated Press"]),
    # a person beside the agency's staff is the writer; a staff writer of no agency is no one
    ("Jane Doe, Reuters staff", ["Jane Doe"]),
    ("Staff writer", []),
    ("By Staff Writer", []),
    ("Editorial staff", []),
])
def test_an_agencys_staff_is_the_agency(byline, expected):
    assert split_authors(byline) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.kyivpost.com/post/41234", ["Reuters"]),  # the agency's story another outlet runs
    ("https://www.reuters.com/world/europe/x-2026-11-28/", []),  # the outlet as its own author: no writer
])
def test_an_agencys_staff_declared_as_the_author(url, expected):
    html = ("<html lang='en'><head><title>Drones hit Kyiv Oblast</title><script type='application/ld+json'>"
            "{\"@type\": \"NewsArticle\", \"headline\": \"Drones hit Kyiv Oblast\", \"author\": {\"@type\": "
            "\"Person\", \"name\": \"Reuters Staff\"}, \"publisher\": {\"@type\": \"Organization\", \"name\": "
            f"\"{'Reuters' if 'reuters' in url else 'Kyiv Post'}\"}}}}</script></head><body><article><h1>Drones hit "
            "Kyiv Oblast</h1><p>Russia launched 120 drones overnight.</p></article></body></html>")
    assert _meta(html, url)["authors"] == expected


# --- a teaser card's byline, a breadcrumb's date, author links, translators ---------------------------------------

def _story(byline: str, after: str = "", head: str = "", h1: str = "Drones hit Kyiv Oblast overnight") -> dict:
    html = (f"<html lang='en'><head><title>{h1}</title>{head}</head><body><main><article><h1>{h1}</h1>"
            f"{byline}<p>Russia launched 120 drones overnight, the air force said.</p></article>{after}</main>"
            "</body></html>")
    return _meta(html, "https://kyivindependent.com/drones-hit-kyiv-oblast/")


RELATED = ("<section class='related'><h3>Read more</h3><article><a href='/other/'>Zelensky meets Rutte</a>"
           "<div class='byline'>by <a href='/author/olena-goncharova/'>Olena Goncharova</a></div></article></section>")


def test_a_teaser_cards_byline_is_no_author_of_the_story():
    assert _story("<div class='post__byline'>by <a href='/author/martin-fornusek/'>Martin Fornusek</a></div>",
                  RELATED)["authors"] == ["Martin Fornusek"]
    # a card of its own with no related box around it is still read (an <article> without the <h1>)
    html = ("<html lang='en'><head><title>Drones hit Kyiv Oblast</title></head><body><h1>Drones hit Kyiv Oblast</h1>"
            "<article><div class='byline'>By Jane Doe</div><p>Russia launched 120 drones.</p></article></body></html>")
    assert _meta(html)["authors"] == ["Jane Doe"]


@pytest.mark.parametrize(("byline", "expected"), [
    ("<div class='c-article__people'><a href='/author/oksana-dovhaliuk/'>Оксана Довгалюк</a></div>",
     ["Оксана Довгалюк"]),
    ("<div class='people'><a href='/authors/anna-melnyk-12/'>Анна Мельник</a>, "
     "<a href='/authors/bohdan-kravets-7/'>Богдан Кравець</a></div>", ["Анна Мельник", "Богдан Кравець"]),
    # the translator's or photographer's link after a credit's label
    ("<div class='info'><a href='/author/tim-snyder/'>Тімоті Снайдер</a> Переклад: "
     "<a href='/author/olha-yarova/'>Ольга Ярова</a></div>", ["Тімоті Снайдер"]),
    ("<div class='info'><a href='/author/tim-snyder/'>Тімоті Снайдер</a></div><div>Фото: "
     "<a href='/author/olha-yarova/'>Ольга Ярова</a></div>", ["Тімоті Снайдер"]),
    # a desk's page, its text no single name; a link to a tag page
    ("<div class='links'><a href='/author/siberia-realities/'>RFE/RL's Siberia.Realities</a></div>", []),
    ("<div class='tags'><a href='/tag/kyiv-oblast/'>Kyiv Oblast</a></div>", []),
])
def test_an_author_pages_link_after_the_headline(byline, expected):
    assert _story(byline)["authors"] == expected


MAIL_LINE = ("<div class='breadcrumbs breadcrumbs_article'><span class='note'><span class='note__text'>"
             "28 ноября 2026 г., 14:05</span></span></div>")
FEED = "<div class='column'><div class='item'><span class='param'>27 ноября 2026 г., 21:40</span> <a href='/1'>" \
       "Песков ответил</a></div></div>"


def test_a_date_line_in_breadcrumb_markup_under_the_headline():
    html = ("<html><head><title>Обесточены три села — Новости Mail</title></head><body><div class='layout'>"
            f"<div class='article'><div class='intro'><h1>Обесточены три села</h1>{MAIL_LINE}</div><div class='text'>"
            f"<p>Без электричества остались жители трех сел.</p></div></div>{FEED}</div></body></html>")
    assert _meta(html, "https://news.mail.ru/incident/68412377/")["published_at"] == \
        datetime(2026, 11, 28, 11, 5, tzinfo=UTC)
    # a breadcrumb trail's names are still no byline
    html = html.replace(MAIL_LINE, "<div class='breadcrumbs'><a href='/'>Новости</a> / <a href='/x'>Ирина Петрова</a>"
                                   "</div>")
    assert _meta(html, "https://news.mail.ru/incident/68412377/")["authors"] == []


@pytest.mark.parametrize(("line", "expected"), [
    ("<div class='tr'>Переклад: <a href='/author/iryna-boiko-112'>Ірина Бойко</a></div>", ["Том Купер"]),
    ("<p><em>Переклад з англійської: Ірина Бойко</em></p>", ["Том Купер"]),
    ("<p>Translated by Ірина Бойко</p>", ["Том Купер"]),
    # an editor is not a translator: both declared writers stay
    ("<div class='ed'>Редакторка: Ірина Бойко</div>", ["Том Купер", "Ірина Бойко"]),
])
def test_a_declared_translator_is_no_author(line, expected):
    head = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"author\": [{\"@type\": "
            "\"Person\", \"name\": \"Том Купер\"}, {\"@type\": \"Person\", \"name\": \"Ірина Бойко\"}]}</script>")
    assert _story(f"<div class='a'><a href='/author/tom-cooper-2345'>Том Купер</a></div>{line}", head=head,
                  h1="Чому Росія не може прорвати оборону")["authors"] == expected


# --- after the holdout: a naive JSON-LD date beside its zoned meta twin; an update label before a <time> ----------

@pytest.mark.parametrize(("jsonld", "meta", "expected"), [
    # the meta tag gives the same clock with its offset: that offset (UTC here, on an outlet named after Kyiv)
    ("2026-11-28T08:35:00", "2026-11-28T08:35:00Z", datetime(2026, 11, 28, 8, 35, tzinfo=UTC)),
    ("2026-11-28T08:35:00", "2026-11-28T08:35:00+02:00", datetime(2026, 11, 28, 6, 35, tzinfo=UTC)),
    # another clock in the meta tag is another date: the JSON-LD's, in the page's zone (Kyiv)
    ("2026-11-28T08:35:00", "2026-11-28T11:00:00Z", datetime(2026, 11, 28, 6, 35, tzinfo=UTC)),
])
def test_a_naive_jsonld_date_takes_the_offset_of_its_meta_twin(jsonld, meta, expected):
    html = ("<html lang='en'><head><title>Russia says it downed 80 drones | Kyiv Post</title>"
            "<meta property='og:site_name' content='Kyiv Post'>"
            f"<meta property='article:published_time' content='{meta}'>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Russia says it downed 80 "
            f"drones\", \"datePublished\": \"{jsonld}\"}}</script></head><body><h1>Russia says it downed 80 drones</h1>"
            "<p>Text.</p></body></html>")
    assert _meta(html, "https://www.kyivpost.com/post/41234")["published_at"] == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("<div class='src'><time>Nov. 28, 2026, 2:05 PM EST</time> / Updated <time>Nov. 28, 2026, 4:40 PM EST</time>"
     "</div>", datetime(2026, 11, 28, 21, 40, tzinfo=UTC)),
    ("<div class='src'><span>28.11.2026, 14:05</span> Оновлено: <span>28.11.2026, 16:40</span></div>",
     datetime(2026, 11, 28, 14, 40, tzinfo=UTC)),
    # a label naming something else, or none: no update
    ("<div class='src'><time>Nov. 28, 2026, 2:05 PM EST</time> / Source <time>Nov. 28, 2026, 4:40 PM EST</time>"
     "</div>", None),
])
def test_an_update_label_before_the_element_showing_the_date(line, expected):
    html = ("<html lang='uk'><head><title>Drones hit Kyiv Oblast overnight</title></head><body><article><h1>Drones "
            f"hit Kyiv Oblast overnight</h1>{line}<p>Russia launched 120 drones.</p></article></body></html>")
    got = extract_metadata(lxml.html.fromstring(html), "https://www.example.com/news/1",
                           fetched_at=datetime(2026, 11, 28, 23, 0, tzinfo=UTC))
    assert got["modified_at"] == expected


@pytest.mark.parametrize(("byline", "expected"), [
    # a date after the byline split at its month's dot is no name ("Nov" was an author)
    ("By AP Staff | Nov. 28, 2026, 10:35 am", ["AP"]),
    ("By Jane Doe | Nov. 28, 2026, 10:35 am", ["Jane Doe"]),
    ("Theresa May", ["Theresa May"]),
])
def test_a_months_abbreviation_is_no_author(byline, expected):
    assert split_authors(byline) == expected


# --- the language of a page without <html lang>: its narration's letters, not its quotes' -------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # Russian narration around Ukrainian quotes
    ("Зеленский: «Ми не віддамо жодного метра нашої землі». Президент заявил, что Украина не пойдет на "
     "территориальные уступки.", "ru"),
    ("«Тримаємося, бо нема куди відступати». Боец ВСУ о ситуации под Покровском. «Ми тримаємося з останніх сил», — "
     "рассказал боец 59-й бригады.", "ru"),
    # Ukrainian narration around Russian quotes
    ("«Мы здесь живём и никуда не уедем». Мешканці Бєлгорода розповіли про обстріли. «Мы здесь живём», — кажуть "
     "мешканці прикордонних сіл.", "uk"),
    # no quotes: the letters of the whole text, as before
    ("Президент заявил, что Украина не пойдет на территориальные уступки.", "ru"),
    ("Президент заявив, що Україна не піде на територіальні поступки.", "uk"),
])
def test_the_narration_decides_between_ukrainian_and_russian(text, expected):
    assert guess_language(text) == expected
