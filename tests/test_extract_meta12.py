"""Article metadata, twelfth round (tests/fixtures/extract_meta12; scorer: bench/extract_meta.py).

Every field an expectation gives is checked on its page; then the general causes fixed in this round, both ways
(what must change and its look-alike that must not).
"""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from newswatch.extract import extract_metadata
from newswatch.extract.normalize import parse_date, split_authors
from tests._meta_sets import MetaRound

FETCHED = datetime(2026, 11, 28, 19, 0, tzinfo=UTC)

MISSES: dict[tuple[str, str], str] = {
}


ROUND = MetaRound("extract_meta12", misses=MISSES)


test_the_set_covers_its_languages_and_has_a_holdout = ROUND.coverage_test(pages=7, each=2, holdout=4)
test_metadata = ROUND.metadata_test()


# --- the general causes --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("byline", "expected"), [
    # who helped the writer wrote the story too
    ("Подготовила Анна Белова при участии Игоря Смирнова", ["Анна Белова", "Игоря Смирнова"]),
    ("Ірина Коваль за участі Петра Левченка", ["Ірина Коваль", "Петра Левченка"]),
    ("Jane Doe with contributions from John Roe", ["Jane Doe", "John Roe"]),
    # whom a freelancer wrote for is no writer
    ("Мария Сидорова, специально для «Новой газеты Европа»", ["Мария Сидорова"]),
    ("Ольга Коваль, спеціально для «Дзеркала тижня»", ["Ольга Коваль"]),
    ("By Jane Doe, special to The Washington Post", ["Jane Doe"]),
    # the words inside a name are no joiner
    ("Анна Участникова и Петр Сидоров", ["Анна Участникова", "Петр Сидоров"]),
])
def test_a_helper_writes_and_a_freelancers_outlet_does_not(byline, expected):
    assert split_authors(byline) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a dotted clock beside a dotted date with a two-digit year, either side
    ("28.11.26, 10.15", datetime(2026, 11, 28, 10, 15, tzinfo=UTC)),
    ("10.15 28.11.26", datetime(2026, 11, 28, 10, 15, tzinfo=UTC)),
    ("28.11.2026, 10.15", datetime(2026, 11, 28, 10, 15, tzinfo=UTC)),
    # the dotted date's own parts are no clock
    ("28.11.26", datetime(2026, 11, 28, tzinfo=UTC)),
])
def test_a_dotted_clock_after_a_two_digit_year(text, expected):
    assert parse_date(text) == expected


def _title(head: str, h1: str) -> str | None:
    html = f"<html><head>{head}</head><body><article><h1>{h1}</h1><p>Text.</p></article></body></html>"
    return extract_metadata(lxml.html.fromstring(html), "https://www.example.com/world/2026/11/28/story/")["title"]


SHOWN = "Russia pounds Ukraine's power grid as NATO weighs new air defenses"
SOCIAL = "Ukraine says Russia hit energy grid in massive overnight strike"


def test_the_shown_headline_over_a_social_og_title():
    # the <title> and the <h1> agree: the og:title is the sharing variant
    head = f'<title>{SHOWN} - The Post</title><meta property="og:title" content="{SOCIAL}">'
    assert _title(head, SHOWN) == SHOWN
    # the <title> agrees with the og:title: the og:title stays, whatever the <h1>
    head = f'<title>{SOCIAL} - The Post</title><meta property="og:title" content="{SOCIAL}">'
    assert _title(head, SHOWN) == SOCIAL
    # a JSON-LD headline is the article's own, not a sharing variant
    head = (f'<title>{SHOWN} - The Post</title><meta property="og:title" content="{SOCIAL}">'
            f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{SOCIAL}"}}</script>')
    assert _title(head, SHOWN) == SOCIAL


def test_a_comment_inside_a_labelled_byline():
    html = ("<html><head><title>Drones hit Kyiv region</title></head><body><article><h1>Drones hit Kyiv region</h1>"
            '<div class="author">Автор: <a href="/a/1">Ірина Коваль</a><!-- author -->, '
            '<a href="/a/2">Петро Левченко</a>'
            "</div><p>Text.</p></article></body></html>")
    got = extract_metadata(lxml.html.fromstring(html), "https://www.example.com.ua/news/1")
    assert got["authors"] == ["Ірина Коваль", "Петро Левченко"]


# --- the holdout's general causes ----------------------------------------------------------------------------

@pytest.mark.parametrize(("byline", "expected"), [
    # a job title shown after the name without a comma
    ("Олександр Коваленко військовий оглядач", ["Олександр Коваленко"]),
    ("Jane Doe senior correspondent", ["Jane Doe"]),
    # a job title alone, or a capitalised one, names no one
    ("Moscow correspondent", []),
    ("кореспондентка Суспільного", []),
])
def test_a_job_title_after_a_name_without_a_comma(byline, expected):
    assert split_authors(byline) == expected


@pytest.mark.parametrize(("shown", "expected"), [
    ("Опінія: Чому НАТО не поспішає із запрошенням", "Чому НАТО не поспішає із запрошенням"),
    ("Analysis: Why NATO is racing to rebuild its air defences", "Why NATO is racing to rebuild its air defences"),
    # a speaker before a colon is the headline's own when the <h1> says it too
    ("Рютте: союзники передадуть Україні ППО", "Рютте: союзники передадуть Україні ППО"),
])
def test_a_rubric_before_a_colon_is_no_part_of_the_title(shown, expected):
    h1 = shown.split(": ", 1)[1] if expected != shown else shown
    assert _title(f"<title>{shown} | НВ</title>", h1) == expected


def _published(time: str, url: str, fetched: datetime = FETCHED) -> datetime | None:
    html = ('<html lang="uk"><head><title>У Житомирі пролунали вибухи</title></head><body><article>'
            f'<h1>У Житомирі пролунали вибухи</h1><div class="info">{time}</div><p>Текст.</p></article></body></html>')
    return extract_metadata(lxml.html.fromstring(html), url, fetched_at=fetched)["published_at"]


def test_the_urls_day_at_the_clock_a_time_shows_alone():
    url = "https://zhytomyr.info/news/2026/11/27/vybukhy"
    assert _published("<time>21:40</time>", url) == datetime(2026, 11, 27, 19, 40, tzinfo=UTC)  # Kyiv: +2
    # a clock after the fetch is not this day's
    assert _published("<time>21:40</time>", "https://zhytomyr.info/news/2026/11/28/vybukhy") == \
        datetime(2026, 11, 28, tzinfo=UTC)
    # a <time> with more than a clock is read as before
    assert _published("<span>Переглядів: 120</span>", url) == datetime(2026, 11, 27, tzinfo=UTC)
