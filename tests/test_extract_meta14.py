"""Article metadata, fourteenth round (tests/fixtures/extract_meta14; scorer: bench/extract_meta.py).

Every field an expectation gives is checked on its page; then the general causes fixed in this round, both ways
(what must change and its look-alike that must not).
"""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from newswatch.extract import extract_metadata
from newswatch.extract._metadata import site_page
from newswatch.extract.normalize import parse_date, split_authors
from tests._meta_sets import MetaRound

FETCHED = datetime(2026, 11, 28, 19, 0, tzinfo=UTC)

MISSES: dict[tuple[str, str], str] = {
}


ROUND = MetaRound("extract_meta14", misses=MISSES)


test_the_set_covers_its_languages_and_has_a_holdout = ROUND.coverage_test(pages=10, each=3, holdout=5)
test_metadata = ROUND.metadata_test()


def _meta(html: str, url: str = "https://www.example.com/news/ukraine-drones-1") -> dict:
    return extract_metadata(lxml.html.fromstring(html), url, fetched_at=FETCHED)


# --- Unix times an element carries for a script to render -------------------------------------------------------

HEADLINE = "Russia strikes Ukraine's power grid with drones and missiles"
NOON = datetime(2026, 11, 28, 12, 15, tzinfo=UTC)  # 1795868100
LATER = datetime(2026, 11, 28, 14, 40, tzinfo=UTC)  # 1795876800


def _dates(line: str, top: str = "") -> tuple[datetime | None, datetime | None]:
    html = (f"<html lang='en'><head><title>{HEADLINE}</title></head><body>{top}<main><article><h1>{HEADLINE}</h1>"
            f"{line}<p>Russia launched 38 missiles and more than 400 drones overnight.</p></article></main></body>"
            "</html>")
    got = _meta(html)
    return got["published_at"], got["modified_at"]


@pytest.mark.parametrize(("line", "expected"), [
    # AP: the script fills the <span data-date> in; the stamp is in milliseconds
    ("<div class='Page-datePublished'><bsp-timestamp data-timestamp='1795868100000'><span data-date></span>"
     "</bsp-timestamp></div>", (NOON, None)),
    # an empty span whose class says it is a date, in seconds
    ("<div class='info'><span class='news-date js-date' data-timestamp='1795868100'></span> <span>842</span></div>",
     (NOON, None)),
    # the update beside it: by its line's class, or by the label before it
    ("<div class='Page-dateModified'><bsp-timestamp data-timestamp='1795876800000'><span data-date></span>"
     "</bsp-timestamp></div><div class='Page-datePublished'><bsp-timestamp data-timestamp='1795868100000'>"
     "<span data-date></span></bsp-timestamp></div>", (NOON, LATER)),
    ("<div class='stamps'><span>Updated </span><span class='ts' data-timestamp='1795876800'></span></div>",
     (None, LATER)),
])
def test_a_unix_time_an_element_holds_for_a_script(line, expected):
    assert _dates(line) == expected


@pytest.mark.parametrize("line", [
    # an empty element that does not say it is a date (a counter, a share button)
    "<div class='info'><span class='views js-counter' data-ts='1795868100'></span></div>",
    # a stamp of the future (after the fetch) is no publication
    "<div class='info'><span class='news-date' data-timestamp='1795900000'></span></div>",
])
def test_a_stamp_that_dates_nothing(line):
    assert _dates(line) == (None, None)


def test_the_site_clock_in_the_top_bar_is_not_the_story_date():
    top = "<div class='top-bar'><span class='js-today' data-timestamp='1795885200'></span></div>"
    assert _dates("<div class='info'><span class='news-date' data-timestamp='1795868100'></span></div>", top) == \
        (NOON, None)
    assert _dates("<p class='lead'>No date here.</p>", top) == (None, None)


# --- a JSON-LD headline cut short --------------------------------------------------------------------------------

WHOLE = "NATO allies agree to fast-track air defence deliveries to Ukraine ahead of winter strikes"


@pytest.mark.parametrize(("declared", "h1", "expected"), [
    ("NATO allies agree to fast-track air defence deliveries to Ukraine ahead of…", WHOLE, WHOLE),
    ("NATO allies agree to fast-track air defence deliveries to Ukraine ahead of...", WHOLE, WHOLE),
    # a headline that itself ends with an ellipsis, shown so: it stays
    ("Ukraine's winter: what comes next...", "Ukraine's winter: what comes next...",
     "Ukraine's winter: what comes next..."),
    # an <h1> that says another story does not complete it
    ("NATO allies agree to fast-track air defence deliveries to Ukraine ahead of…", "Most read today",
     "NATO allies agree to fast-track air defence deliveries to Ukraine ahead of…"),
])
def test_a_cut_jsonld_headline_gives_way_to_the_whole_one(declared, h1, expected):
    html = ("<html lang='en'><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            f"\"headline\": \"{declared}\"}}</script></head><body><h1>{h1}</h1><p>Text.</p></body></html>")
    assert _meta(html)["title"] == expected


# --- the outlet's description of itself --------------------------------------------------------------------------

def _description(description: str, site: str = "New Voice of Ukraine", lead: str = "") -> str | None:
    html = (f"<html lang='en'><head><title>Ukraine's army repels 40 assaults near Pokrovsk | {site}</title>"
            f'<meta name="description" content="{description}"><meta property="og:site_name" content="{site}">'
            "</head><body><article><h1>Ukraine's army repels 40 assaults near Pokrovsk</h1>"
            f"{lead}<p>Ukrainian forces repelled 40 assaults, the General Staff said.</p></article></body></html>")
    return _meta(html)["description"]


def test_a_site_description_is_no_story_description():
    assert _description("New Voice of Ukraine - the latest news from Ukraine: politics, economy, war, culture.") \
        is None
    # the story's own description naming the outlet, or one not naming it, stays
    assert _description("Ukraine's army repelled 40 assaults near Pokrovsk, New Voice of Ukraine reports.") == \
        "Ukraine's army repelled 40 assaults near Pokrovsk, New Voice of Ukraine reports."
    assert _description("Fighting goes on in the Donetsk region.") == "Fighting goes on in the Donetsk region."


# --- an "About the authors" card of two writers -----------------------------------------------------------------

def _card(label: str, card: str) -> list[str]:
    html = ("<html lang='en'><head><title>Drones hit Kyiv Oblast</title></head><body><article><h1>Drones hit Kyiv "
            f"Oblast</h1><p>Russia launched 120 drones overnight.</p><section class='card'><h3>{label}</h3>"
            f"{card}</section></article></body></html>")
    return _meta(html, "https://kyivindependent.com/drones/")["authors"]


BIO = "<p>A reporter covering the war in Kyiv Oblast.</p>"


def test_every_name_in_an_about_the_authors_card():
    assert _card("About the authors", f"<a href='/author/in/'><strong>Illia Novikov</strong></a>{BIO}"
                                      f"<a href='/author/am/'><strong>Anna Myroniuk</strong></a>{BIO}") \
        == ["Illia Novikov", "Anna Myroniuk"]
    assert _card("Про авторів", "<div class='a'><h4><a href='/a'>Марта Шевчук</a></h4><p>Журналістка.</p></div>"
                               "<div class='a'><h4><a href='/b'>Олег Мазур</a></h4><p>Редактор.</p></div>") \
        == ["Марта Шевчук", "Олег Мазур"]
    # a place in another kind of element after the one name is no second writer
    assert _card("About the author", f"<strong>Illia Novikov</strong>{BIO}<p><a href='/tag/'>Kyiv Oblast</a></p>") \
        == ["Illia Novikov"]


# --- a .int host's clock ------------------------------------------------------------------------------------------

def test_an_international_organisations_naive_clock_is_central_european():
    html = ("<html lang='en'><head><title>Allies agree air defence pledges</title></head><body><div>"
            "<div class='fs-small'>Last updated: 28 Nov. 2026 15:42</div><h1>Allies agree air defence pledges</h1>"
            "<p>Text.</p></div></body></html>")
    assert _meta(html, "https://www.nato.int/cps/en/natohq/news_231234.htm")["modified_at"] == \
        datetime(2026, 11, 28, 14, 42, tzinfo=UTC)


# --- a site's own page --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.interfax.ru/about/", True),
    ("https://tsn.ua/ru/contacts", True),
    ("https://www.kp.ru/o-kompanii.html", True),
    ("https://www.example.com/news/about-the-war-in-ukraine-123", False),
    ("https://www.example.com/about/team-wins-award-2026", False),
    ("https://www.example.com/", False),
    (None, False),
])
def test_site_page(url, expected):
    assert site_page(url) is expected


# --- RFC-822 dates with a zone's name; names set in capitals ------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("Sat, 28 Nov 2026 11:05:00 EET", datetime(2026, 11, 28, 9, 5, tzinfo=UTC)),  # email.utils knows US names only
    ("Sat, 28 Nov 2026 16:05:00 MSK", datetime(2026, 11, 28, 13, 5, tzinfo=UTC)),
    ("Sat, 28 Nov 2026 11:05:00 CET", datetime(2026, 11, 28, 10, 5, tzinfo=UTC)),
    ("Sat, 28 Nov 2026 11:05:00 GMT", datetime(2026, 11, 28, 11, 5, tzinfo=UTC)),
    ("Sat, 28 Nov 2026 11:05:00 +0200", datetime(2026, 11, 28, 9, 5, tzinfo=UTC)),
    ("Sat, 28 Nov 2026 06:05:00 EST", datetime(2026, 11, 28, 11, 5, tzinfo=UTC)),
])
def test_rfc_822_dates_with_a_zones_name(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(("byline", "expected"), [
    ("By ILLIA NOVIKOV and HANNA ARHIROVA", ["Illia Novikov", "Hanna Arhirova"]),
    ("АННА ПЕТРОВА", ["Анна Петрова"]),
    ("URSULA VON DER LEYEN", ["Ursula von der Leyen"]),
    ("CONOR O'BRIEN-SMITH", ["Conor O'Brien-Smith"]),
    ("J.R. HARTLEY", ["J.R. Hartley"]),
    # agencies, abbreviations and names in mixed case stay as written
    ("ТАСС", ["ТАСС"]),
    ("BBC NEWS", ["BBC NEWS"]),
    ("ИА REGNUM", ["ИА REGNUM"]),
    ("Ivan McDONALD", ["Ivan McDONALD"]),
])
def test_a_name_set_in_capitals_comes_out_in_the_usual_case(byline, expected):
    assert split_authors(byline) == expected


def test_a_microdata_authors_name_given_as_a_meta_content():
    html = ("<html lang='en'><head><title>Drones hit Kyiv Oblast</title></head><body><article><h1>Drones hit Kyiv "
            "Oblast</h1><div itemprop='author' itemscope itemtype='https://schema.org/Person'>"
            "<meta itemprop='name' content='Ivan Petrov'><a itemprop='url' href='/authors/17'></a></div>"
            "<p>Russia launched 120 drones overnight.</p></article></body></html>")
    assert _meta(html)["authors"] == ["Ivan Petrov"]


SITE_TAGLINE = "NV.ua English - the latest news from Ukraine: politics, economy, war, business and culture."
STORY = "Ukrainian forces repelled 40 Russian assaults near Pokrovsk over the past day, the General Staff said."


@pytest.mark.parametrize(("head", "expected"), [
    # the tagline in og:description, the story's summary in the meta description (or the other way round)
    (f'<meta property="og:description" content="{SITE_TAGLINE}"><meta name="description" content="{STORY}">', STORY),
    (f'<meta property="og:description" content="{STORY}"><meta name="description" content="{SITE_TAGLINE}">', STORY),
    (f'<script type="application/ld+json">{{"@type": "NewsArticle", "description": "{SITE_TAGLINE}"}}</script>'
     f'<meta property="og:description" content="{STORY}">', STORY),
    # the tagline alone, naming the site by its address: none
    (f'<meta name="description" content="{SITE_TAGLINE}">', None),
    # a story's summary naming the outlet and sharing a word with the headline, without calling it a news site: kept
    ('<meta name="description" content="Ukraine needs more shells, NV.ua learned from two officers.">',
     "Ukraine needs more shells, NV.ua learned from two officers."),
])
def test_the_storys_description_over_the_sites(head, expected):
    html = ("<html lang='en'><head><title>Ukraine's army repels 40 assaults near Pokrovsk | NV</title>"
            f"<meta property='og:site_name' content='NV'>{head}</head><body><main><article><h1>Ukraine's army repels "
            "40 assaults near Pokrovsk</h1><p>Ukrainian forces repelled 40 Russian assaults.</p></article></main>"
            "</body></html>")
    assert _meta(html, "https://english.nv.ua/nation/ukraine-s-army-repels-40-assaults-50561234.html")["description"] \
        == expected


@pytest.mark.parametrize(("byline", "expected"), [
    ("With files from Reuters", []),
    ("Jane Doe, with files from Reuters", ["Jane Doe"]),
    ("По материалам ТАСС", []),
    ("Анна Петрова, по материалам РИА Новости", ["Анна Петрова"]),
    ("За матеріалами Укрінформу", []),
    # the agency as the byline itself stays (the policy of rounds 6-13)
    ("ТАСС", ["ТАСС"]),
])
def test_a_source_credited_in_a_byline_is_no_writer(byline, expected):
    assert split_authors(byline) == expected
