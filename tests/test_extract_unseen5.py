"""Extraction on a fifth set of unseen pages: tests/fixtures/extract_unseen5 (uk, ru, en).

Outlets and CMSes no earlier set covers (ZN.ua, Апостроф, АрміяInform, Defense Express, Слово і Діло, Громадське
радіо, Думская; Фонтанка, Дождь, Важные истории, RT, НТВ, Царьград; Reuters, the Guardian's live blog, Al Jazeera, The
War Zone, NATO, CBS News, Le Monde in English): a clock labelled with a city ("3:05 pm (Paris)"), a day shown in a
parent's own text, a surname given as an initial, "<Outlet> with AFP" as the byline, an outlet-named label as the
description, and furniture lines (a player's time, "Published On <day>", counters, closing signatures, subscriber
teasers, a language switcher, photo agency credits, the author's contact and bio). The expectations were written
before the extractor ran on them (figures: ``bench/extract_unseen.py --set extract_unseen5``; the README has the blind
baseline); the ``holdout`` pages were written after the fixes and scored once.

The set follows the project's standfirst convention: the standfirst is not one of a page's paragraphs; where the
expectation gives a ``description`` (the page's own, or the standfirst when the page declares none or a cut-short or
boilerplate one), the article's ``description`` must say it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newswatch.extract import extract_article, extract_body, extract_metadata, parse_html
from newswatch.extract.normalize import parse_date, split_authors
from tests._unseen import FETCHED_AT, UnseenRound, words

# dumskaya (a Russian-language Odesa outlet on .net) was a published_at miss until the outlet's own strings («Новости
# Одессы» in its <title> and tagline) named its zone (extract_meta6 round: local_zones.page in rules/dates.yaml)
ROUND = UnseenRound("extract_unseen5")
PAGES = ROUND.pages


test_the_set_covers_three_languages = ROUND.coverage_test(pages=26, uk=8, ru=9, en=9, holdout=6)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()


@pytest.mark.parametrize("page", [name for name, page in PAGES.items() if "description" in page["expected"]])
def test_the_description_is_the_pages_summary(page):
    assert words(ROUND.extracted[page]["description"] or "") == words(PAGES[page]["expected"]["description"])


# measured: first 20 pages stored P 0.919 / R 0.996 (blind: 0.885 / 0.995, 11 furniture strings leaked, now 0);
# holdout, six pages scored once after the fixes: 0.925 / 1.000 (one leak), 0.944 / 1.000 after its follow-up. The
# precision left is mostly standfirsts the body keeps (trafilatura keeps a lead inside the story's container, and a
# lead that is the page's own declared description is put back: see the set's README)
test_stored_body_scores = ROUND.scores_test([(False, 0.91, 0.99), (True, 0.93, 0.99)])


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = [
    "Russia launched more than 600 drones and 40 missiles at Ukraine overnight, the air force said on Thursday.",
    "Most of the strikes targeted energy facilities in the west of the country, officials said.",
    "Air defences shot down 560 drones and 32 missiles, according to the air force.",
]
_TITLE = "Russia launches one of the largest air attacks of the war"


def _page(top: str, *, head: str = "", story: list[str] = _STORY, tail: str = "", lang: str = "en") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in story)
    return (f"<html lang='{lang}'><head><title>{_TITLE}</title>{head}</head><body><nav><a href='/'>Home</a></nav>"
            f"<div class='article'><h1>{_TITLE}</h1>{top}<div class='text'>{paragraphs}{tail}</div></div>"
            "<div class='footer'>© 2026</div></body></html>").encode()


@pytest.mark.parametrize(("shown", "expected"), [
    ("November 27, 2026, at 3:05 pm (Paris)", datetime(2026, 11, 27, 14, 5, tzinfo=UTC)),
    ("November 27, 2026 14:05 (Kyiv time)", datetime(2026, 11, 27, 12, 5, tzinfo=UTC)),
    ("Nov 27, 2026 2:05 p.m. Moscow time", datetime(2026, 11, 27, 11, 5, tzinfo=UTC)),
    ("November 27, 2026 3:05 pm", datetime(2026, 11, 27, 15, 5, tzinfo=UTC)),  # no city: the caller's zone (UTC)
])
def test_a_clock_labelled_with_a_city_is_that_citys(shown, expected):
    assert parse_date(shown) == expected


def test_a_day_in_a_parents_own_text_is_the_pages_day():
    # NATO: "27 Nov. 2026 - | <span>Also available in: ...</span>", nothing else dates the page
    top = "<p class='fs-small'>27 Nov. 2026 - | <span>Also available in: <a href='/fr'>Français</a></span></p>"
    got = extract_metadata(parse_html(_page(top)), "https://www.example.int/news_1.htm")
    assert got["published_at"] == datetime(2026, 11, 27, tzinfo=UTC) and got["published_relative"]


@pytest.mark.parametrize(("byline", "expected"), [
    ("Александр Ш.", ["Александр Ш."]),
    ("Jane D.", ["Jane D."]),
    ("By Jane Doe.", ["Jane Doe"]),  # a sentence's full stop is no initial's
])
def test_a_surname_initial_keeps_its_dot(byline, expected):
    assert split_authors(byline) == expected


def test_the_outlets_own_name_in_the_byline_is_no_person():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Organization", '
            '"name": "Le Monde with AFP"}], "publisher": {"@type": "Organization", "name": "Le Monde"}}</script>')
    top = "<div class='meta'><span class='meta__author'>Le Monde with AFP</span></div>"
    got = extract_metadata(parse_html(_page(top, head=head)), "https://www.lemonde.fr/en/international/article/1.html")
    assert got["authors"] == ["Le Monde with AFP"]


def test_a_description_that_only_names_the_outlet_gives_way_to_the_standfirst():
    # the outlet's name inflected («Важных историй» of «Важные истории») shares no other word with the lead
    lead = "Станки из Европы идут в Россию через фирмы-однодневки, выяснили «Важные истории»"
    head = ("<meta property='og:site_name' content='Важные истории'>"
            "<meta property='og:description' content='Расследование «Важных историй»'>")
    got = extract_article(_page(f"<p class='story-subtitle'>{lead}</p>", head=head, lang="ru"), "https://example.media/1/")
    assert got["description"] == lead


@pytest.mark.parametrize(("line", "dropped"), [
    ("00:00 / 12:34", True),
    ("00:00 / 12:34Завантажити", True),
    ("Published On 27 Nov 2026", True),
    ("12 410 Комментарии 54", True),
    ("Никита Пеликсон, Ирина Базанова, «Фонтанка.ру»", True),
    ("Subscribers only: In Ukraine, the French-trained brigade learns from its mistakes", True),
    ("27 Nov. 2026 - | Also available in: Русский Українська Français", True),
    ("© Sputnik / Вячеслав Прокофьев", True),
    ("Contact the author: howard@example.com", True),
    ("Le Monde with AFP", True),
    ("11:1427 ноября 2026", True),
    ("27 листопада 2026, 10:251 932", True),
    # story sentences of the same shapes
    # a staff bio is a sentence about the author, kept as story (the readability-news references keep theirs)
    ("Haley Ott is a CBS News international reporter based in the London bureau.", False),
    ("Greg Norman is a reporter at Fox News Digital.", False),
    ("John Smith is a reporter who was detained in Moscow in March, his editor said.", False),
    ("The statement was published on 27 Nov 2026 by the defence ministry.", False),
    ("The match ended 2:1, and 12 000 fans watched it in Lviv.", False),
    ("27 листопада 2026 року Верховна Рада ухвалила закон про мобілізацію.", False),
])
def test_furniture_lines_of_this_round_leave_the_text(line, dropped):
    body = extract_body(parse_html(_page("", story=[*_STORY[:2], line, *_STORY[2:]])))
    assert all(sentence in body for sentence in _STORY)
    assert (line not in body) is dropped


def test_the_fixture_pages_fetch_time_is_the_benchs():
    # tvrain shows «27 ноября, 15:30» without a year; its meta tag dates it anyway
    page = PAGES["tvrain"]
    got = extract_article(page["html"], page["expected"]["url"], fetched_at=FETCHED_AT)["published_at"]
    assert got == datetime(2026, 11, 27, 12, 30, tzinfo=UTC)
