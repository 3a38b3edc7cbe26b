"""``--text`` forms, ``--author`` folding and ``--tz`` as plain functions, and on a small embedded store (fast:
no crawl; the crawled questions are tests/test_analyst_questions.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from newswatch.query import QuerySpec, find_articles, parse_time
from newswatch.query._spec import author_matches
from newswatch.query._text import fts_expression, parse_terms, stem
from newswatch.storage import SqliteStore
from tests.test_storage import article


@pytest.mark.parametrize(("word", "expected"), [
    ("харкові", "харк"), ("харків", "харк"), ("харьковом", "харьков"), ("поставка", "поставк"),
    ("самолеты", "самолет"), ("drones", "dron"), ("drone", "drone"), ("нато", "нато"),
])
def test_stems(word, expected):
    assert stem(word) == expected


def test_terms_phrases_and_short_words():
    assert fts_expression(parse_terms('"air defence"')) == '"air defence"'
    assert fts_expression(parse_terms("war")) == '"war"'  # too short to be a prefix: warn, warsaw stay out
    assert fts_expression(parse_terms("drone", forms=False)) == '"drone"'
    assert fts_expression(parse_terms("NATO")) == '("нато" OR "nato")'  # short names exact: натовп is a crowd
    assert fts_expression(parse_terms("об’єкт")) == '"об єкт"*'  # the apostrophe splits it as the index does


@pytest.mark.parametrize(("stored", "wanted", "match"), [
    ("Ольга Ёлкина", "Ольга Елкина", True),
    ("Олександр Шуміленко", "shumilenko", True),
    ("Александр Шумиленко", "Shumilenko", True),
    ("Oleksandr Shumilenko", "oleksandr shumilenko", True),
    ("Олена Коваленко", "Коваль", False),  # whole words only
    ("Anna Smith", "Smith John", False),
    # a forename's Ukrainian, Russian and English forms are one name; another forename is not
    ("Александр Шумиленко", "Oleksandr Shumilenko", True),
    ("Alexander Shumilenko", "Олександр Шуміленко", True),
    ("Sergey Ivanov", "Сергій Іванов", True),
    ("Тетяна Ломакіна", "Tatiana Lomakina", True),
    ("Алексей Шумиленко", "Oleksandr Shumilenko", False),
    ("Олена Коваленко", "Ольга Коваленко", False),
])
def test_author_matches(stored, wanted, match):
    assert author_matches(stored, wanted) is match


def test_a_kyiv_day_in_utc():
    kyiv = ZoneInfo("Europe/Kyiv")
    assert parse_time("2026-11-26", zone=kyiv) == datetime(2026, 11, 25, 22, tzinfo=UTC)
    assert parse_time("2026-11-26", zone=kyiv, end=True) == datetime(2026, 11, 26, 22, tzinfo=UTC)
    assert parse_time("2026-07-01", zone=kyiv) == datetime(2026, 6, 30, 21, tzinfo=UTC)  # summer time
    assert parse_time("2026-11-26T00:00+02:00", zone=UTC) == datetime(2026, 11, 25, 22, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    store = SqliteStore(tmp_path / "s.sqlite3")
    store.open()
    store.upsert_articles([
        article("a.ua/1", title="Удар по Харкову", body="У Харкові пошкоджено об'єкт енергетики. " * 12,
                section="Новини", authors=["Олександр Шуміленко"]),
        article("a.ua/2", title="Самолёты для Украины", body="Германия передаст ещё самолёты и ПВО. " * 12,
                language="ru", section="Мир", authors=["Ольга Ёлкина"]),
        article("a.ua/3", title="Basketball in Vilnius", body="The NATO summit city hosted the final. " * 12,
                language="en", section="Sport", authors=["Daria Tarasova"]),
    ])
    yield store
    store.close()


@pytest.mark.parametrize(("spec", "keys"), [
    (QuerySpec(text="Харків", forms=True), {"a.ua/1"}),
    (QuerySpec(text="Харків"), set()),  # the library's default: words as written
    (QuerySpec(text="самолеты ещё", forms=True), {"a.ua/2"}),
    (QuerySpec(text="обʼєкт", forms=True), {"a.ua/1"}),
    (QuerySpec(text="НАТО", forms=True), {"a.ua/3"}),
    (QuerySpec(text="NATO", exclude="basketball", forms=True), set()),
    (QuerySpec(not_sections=("sport",)), {"a.ua/1", "a.ua/2"}),
    (QuerySpec(sections=("МИР",)), {"a.ua/2"}),
    (QuerySpec(authors=("Shumilenko", "елкина")), {"a.ua/1", "a.ua/2"}),
    (QuerySpec(revised=True), set()),
])
def test_filters_on_the_embedded_store(store, spec, keys):
    assert {d["url_key"] for d in find_articles(store, spec)} == keys
