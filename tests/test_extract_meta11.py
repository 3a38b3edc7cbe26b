"""Article metadata, eleventh round (tests/fixtures/extract_meta11; scorer: bench/extract_meta.py).

Every field an expectation gives is checked on its page; then the general causes fixed in this round, both ways
(what must change and its look-alike that must not).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from newswatch.extract import extract_article
from newswatch.extract.normalize import split_authors
from tests._meta_sets import MetaRound

FETCHED = datetime(2026, 11, 28, 19, 0, tzinfo=UTC)

MISSES: dict[tuple[str, str], str] = {}


ROUND = MetaRound("extract_meta11", misses=MISSES)


test_the_set_covers_its_languages_and_has_a_holdout = ROUND.coverage_test(pages=15, each=4, holdout=7)
test_metadata = ROUND.metadata_test()


# --- the general causes --------------------------------------------------------------------------------------

UK = ("<p>Сили ППО вночі збили 38 із 52 ударних дронів, які росіяни запустили з Брянської області.</p>"
      "<p>Уламки пошкодили дах приватного будинку, постраждалих немає, повідомили в ДСНС.</p>")
EN = ("<p>Russia launched more than 50 drones at Ukraine overnight, Ukraine's air force said on Saturday.</p>"
      "<p>Falling debris damaged a residential building in the Kyiv region, local officials said.</p>")


def _page(line: str = "", *, head: str = "", lang: str = "en", body: str = EN, title: str = "Drones hit Kyiv region",
          shown_title: str | None = None) -> str:
    return (f'<html lang="{lang}"><head><title>{shown_title or title}</title>{head}</head><body><article>'
            f'<h1>{title}</h1>{line}{body}</article></body></html>')


def _ld(author: dict | list, **more: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Drones hit Kyiv region",
            "datePublished": "2026-11-28T10:00:00+02:00", "author": author, **more}
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def _authors(html: str, url: str = "https://example.com/news/1") -> list[str]:
    return extract_article(html, url, fetched_at=FETCHED)["authors"]


@pytest.mark.parametrize(("byline", "expected"), [
    ("Автор: Дмитро Руденко (редактор — Олег Мазур)", ["Дмитро Руденко"]),
    ("Автор: Дмитро Руденко (редактор)", ["Дмитро Руденко"]),
    ("Текст: Иван Петров (фото: Анна Белова)", ["Иван Петров"]),
    ("By Jane Doe (editing by John Roe)", ["Jane Doe"]),
    # an agency in brackets is a piece of its own, dropped beside a person; other brackets are the name's
    ("Иван Петров (ТАСС)", ["Иван Петров"]),
    ("Richard (R.J.) Eskow", ["Richard (R.J.) Eskow"]),
    ("Ольга Іваненко (Київ) та Петро Левченко", ["Ольга Іваненко (Київ)", "Петро Левченко"]),
    # the writer's own photos name no one else; a label naming what the writers wrote
    ("Текст: Ирина Коваль, фото автора", ["Ирина Коваль"]),
    ("Фото автора", []),
    ("Автори матеріалу: Ірина Коваль і Петро Левченко", ["Ірина Коваль", "Петро Левченко"]),
    ("Авторы текста: Анна Белова и Петр Сидоров", ["Анна Белова", "Петр Сидоров"]),
    # an outlet's newsroom under its name is no one; a person beside it stays
    ("Редакция Фонтанки", []),
    ({"@type": "Person", "name": "Редакція Главкому"}, []),
    ("Ірина Коваль, Редакція ZAXID.NET", ["Ірина Коваль"]),
    # who took an interview down or spoke to the guest
    ("Записала Ірина Коваль", ["Ірина Коваль"]),
    ("Інтерв’ю записала Ірина Коваль", ["Ірина Коваль"]),
    ("Спілкувалася Олена Петренко", ["Олена Петренко"]),
    ("Интервью записал Иван Петров", ["Иван Петров"]),
])
def test_a_role_or_credit_in_brackets_is_no_name(byline, expected):
    assert split_authors(byline) == expected


def test_the_outlet_as_its_own_author_is_no_author():
    org = {"@type": "Organization", "name": "Интерфакс"}
    head = _ld(org, publisher=org)
    assert _authors(_page(head=head, lang="ru")) == []
    # known only by the <title>'s site part, or (an organisation) by its domain
    head = _ld({"@type": "Organization", "name": "Час Чернівецький"})
    assert _authors(_page(head=head, shown_title="Drones hit Kyiv region | Час Чернівецький")) == []
    head = _ld({"@type": "Organization", "name": "Readovka"})
    assert _authors(_page(head=head), "https://readovka.news/news/219874") == []
    # a person in the byline wins over it
    head = _ld({"@type": "Organization", "name": "Українська правда"}, publisher={"@type": "Organization",
                                                                              "name": "Українська правда"})
    line = '<div class="post_news_author">Роман Романюк — <span>Субота, 28 листопада 2026, 15:40</span></div>'
    assert _authors(_page(line, head=head, lang="uk", body=UK)) == ["Роман Романюк"]


def test_an_agency_or_a_person_named_like_the_site_stays():
    # an agency is not the outlet: with no byline it is the only author the page gives
    head = _ld({"@type": "Organization", "name": "Reuters"}, publisher={"@type": "Organization", "name": "Euronews"})
    assert _authors(_page(head=head)) == ["Reuters"]
    # a person's blog on her own domain keeps its author
    head = _ld({"@type": "Person", "name": "Jane Doe"})
    assert _authors(_page(head=head), "https://janedoe.com/2026/11/28/drones") == ["Jane Doe"]


def test_the_outlet_under_its_initials_is_no_author():
    head = _ld({"@type": "Organization", "name": "Radio Free Europe/Radio Liberty"},
               publisher={"@type": "Organization", "name": "RFE/RL"})
    assert _authors(_page(head=head), "https://www.rferl.org/a/33612345.html") == []
    # and the other way round
    head = _ld({"@type": "Organization", "name": "RFE/RL"})
    head += '<meta property="og:site_name" content="Radio Free Europe/Radio Liberty">'
    assert _authors(_page(head=head), "https://www.example.org/a/1.html") == []
    # an agency's initials are not the outlet's
    head = _ld({"@type": "Organization", "name": "Agence France-Presse"},
               publisher={"@type": "Organization", "name": "RFE/RL"})
    assert _authors(_page(head=head), "https://www.rferl.org/a/33612345.html") == ["Agence France-Presse"]


@pytest.mark.parametrize(("dates", "expected"), [
    # a clock alone after the update label is the publication's day's, in the page's clock (Kyiv: +2)
    ('<span>28 листопада 2026 р., 16:45</span> <span>Оновлено о 17:30</span>', datetime(2026, 11, 28, 15, 30)),
    # or the next day's when it is earlier than the publication's
    ('<span>28 листопада 2026 р., 23:50</span> <span>Оновлено о 01:15</span>', datetime(2026, 11, 28, 23, 15)),
    ('<span>28 листопада 2026 р., 16:45</span> <span>Updated 5:30 PM</span>', datetime(2026, 11, 28, 15, 30)),
    # a line with another number is no clock alone
    ('<span>28 листопада 2026 р., 16:45</span> <span>Оновлено 3 рази, о 17:30</span>', None),
])
def test_an_update_shown_as_a_clock_alone(dates, expected):
    html = _page(f'<div class="meta">{dates}</div>', lang="uk", body=UK, title="Рютте: союзники передадуть ППО")
    got = extract_article(html, "https://example.com.ua/news/1", fetched_at=FETCHED)
    assert got["published_at"] is not None
    assert got["modified_at"] == (expected.replace(tzinfo=UTC) if expected else None)


def test_an_update_clock_beside_a_structured_publication():
    head = '<meta property="article:published_time" content="2026-11-28T16:45:00+02:00">'
    line = '<div class="meta"><span class="upd">Оновлено о 17:30</span></div>'
    got = extract_article(_page(line, head=head, lang="uk", body=UK), "https://example.com/news/1",
                          fetched_at=FETCHED)
    assert got["modified_at"] == datetime(2026, 11, 28, 15, 30, tzinfo=UTC)  # in the publication's offset


@pytest.mark.parametrize(("line", "expected"), [
    # a byline too long for a date line: its date part beside the names
    ('<div class="byline">By Jane Doe, John Roe, and Anna Lee | Nov 28, 2026, 10:15 AM ET</div>',
     datetime(2026, 11, 28, 15, 15, tzinfo=UTC)),
    ('<div class="byline">Jane Doe, John Roe and Anna Lee · November 28, 2026 10:15 AM ET</div>',
     datetime(2026, 11, 28, 15, 15, tzinfo=UTC)),
    # beside a sentence, not a byline: another story's teaser line
    ('<div class="related">Allies discuss new air defence deliveries for the winter | Nov 27, 2026, 9:00 AM ET</div>',
     None),
])
def test_a_date_beside_a_long_byline(line, expected):
    got = extract_article(_page(line), "https://www.example.com/news/1", fetched_at=FETCHED)
    assert got["published_at"] == expected


def test_the_outlets_regional_edition_beside_a_person_is_no_writer():
    head = '<meta property="og:site_name" content="Суспільне | Новини">'
    line = '<div class="byline">Іван Петренко, Суспільне Харків</div><div class="date">28.11.2026, 10:15</div>'
    assert _authors(_page(line, head=head, lang="uk", body=UK), "https://suspilne.media/kharkiv/1") == ["Іван Петренко"]
    # two people stay two, whatever the outlet
    line = '<div class="byline">Іван Петренко, Ольга Суспільна</div><div class="date">28.11.2026, 10:15</div>'
    assert _authors(_page(line, head=head, lang="uk", body=UK), "https://suspilne.media/kharkiv/1") == \
        ["Іван Петренко", "Ольга Суспільна"]
