"""newswatch.extract.normalize: dates, bylines, language codes, whitespace."""

from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from newswatch.extract.normalize import (
    clean_body,
    clean_text,
    collapse_whitespace,
    decode_entities,
    looks_like_modified,
    names_no_one,
    normalize_language,
    parse_date,
    parse_relative_date,
    split_authors,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-04-20T10:00:00Z", datetime(2023, 4, 20, 10, 0, tzinfo=UTC)),
        ("2021-11-01T10:52:50+0100", datetime(2021, 11, 1, 9, 52, 50, tzinfo=UTC)),
        ("2015-07-10T09:53:00-04:00", datetime(2015, 7, 10, 13, 53, tzinfo=UTC)),
        ("2018-04-05T06:00", datetime(2018, 4, 5, 6, 0, tzinfo=UTC)),  # naive -> UTC
        ("2023-04-20 10:00:00 +0000 UTC", datetime(2023, 4, 20, 10, 0, tzinfo=UTC)),
        ("Thu, 20 Apr 2023 10:00:00 +0300", datetime(2023, 4, 20, 7, 0, tzinfo=UTC)),  # RSS
        ("Thu, 20 Apr 2023 10:00:00 GMT", datetime(2023, 4, 20, 10, 0, tzinfo=UTC)),
        ("April 20, 2023 10:15 AM EDT", datetime(2023, 4, 20, 14, 15, tzinfo=UTC)),
        ("20 квітня 2023, 14:30", datetime(2023, 4, 20, 14, 30, tzinfo=UTC)),
        ("20 апреля 2023 г. 09:05 MSK", datetime(2023, 4, 20, 6, 5, tzinfo=UTC)),
        ("Published: 20 April 2023", datetime(2023, 4, 20, tzinfo=UTC)),
        ("20.04.2023 14:30", datetime(2023, 4, 20, 14, 30, tzinfo=UTC)),
        ("1681984800", datetime(2023, 4, 20, 10, 0, tzinfo=UTC)),
        ("1681984800000", datetime(2023, 4, 20, 10, 0, tzinfo=UTC)),  # milliseconds
        (1681984800, datetime(2023, 4, 20, 10, 0, tzinfo=UTC)),
        (datetime(2023, 4, 20, 13, 0, tzinfo=timezone(timedelta(hours=3))), datetime(2023, 4, 20, 10, 0, tzinfo=UTC)),
        (date(2023, 4, 20), datetime(2023, 4, 20, tzinfo=UTC)),
    ],
)
def test_parse_date_reads_common_formats_as_utc(value, expected):
    parsed = parse_date(value, now=NOW)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "value",
    [
        None, "", "garbage", "2023", "April 20", "12:30", "5 minutes ago", "Mon, 32 Apr 2023 10:00:00 +0000",
        "1970-01-01T00:00:00Z", "1989-12-31", "2026-11-29T00:00:00Z", True, [], {}, "9" * 400, object(),
    ],
)
def test_parse_date_rejects_garbage_old_and_future_values(value):
    assert parse_date(value, now=NOW) is None


def test_parse_date_reads_dotted_dates_day_first():
    assert parse_date("05.11.2026 14:05", now=NOW) == datetime(2026, 11, 5, 14, 5, tzinfo=UTC)  # not 11 May
    assert parse_date("27.11.2026, 00:51", now=NOW) == datetime(2026, 11, 27, 0, 51, tzinfo=UTC)
    assert parse_date("11/05/2026", now=NOW) == datetime(2026, 11, 5, tzinfo=UTC)  # slashes: month first


def test_parse_date_takes_naive_values_in_the_given_zone():
    from zoneinfo import ZoneInfo

    kyiv, moscow = ZoneInfo("Europe/Kyiv"), ZoneInfo("Europe/Moscow")
    assert parse_date("2026-11-27 13:40:00", now=NOW, zone=kyiv) == datetime(2026, 11, 27, 11, 40, tzinfo=UTC)
    assert parse_date("9:17, 27 ноября 2026", now=NOW, zone=moscow) == datetime(2026, 11, 27, 6, 17, tzinfo=UTC)
    assert parse_date("2026-07-01T10:00", now=NOW, zone=kyiv) == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)  # summer
    # an offset in the value wins; a day without a time stays that day
    assert parse_date("2026-11-27T13:40:00+00:00", now=NOW, zone=kyiv) == datetime(2026, 11, 27, 13, 40, tzinfo=UTC)
    assert parse_date("2026-11-27", now=NOW, zone=kyiv) == datetime(2026, 11, 27, tzinfo=UTC)
    assert parse_date("27 листопада 2026", now=NOW, zone=kyiv) == datetime(2026, 11, 27, tzinfo=UTC)


@pytest.mark.parametrize("value", ["Сьогодні, 07:27", "Вчора, 18:30", "Сегодня в 14:05", "2 години тому",
                                   "вчера, 23:58", "27 ноя, 12:41"])
def test_parse_date_never_invents_a_day_for_relative_or_yearless_dates(value):
    assert parse_date(value, now=NOW) is None


def test_parse_date_future_limit_is_one_day_after_now():
    assert parse_date("2026-11-28T11:00:00Z", now=NOW) is not None
    assert parse_date("2026-11-28T13:00:00Z", now=NOW) is None


# --- relative dates: resolved only against the time the page was fetched ---------------------------------------

FETCHED = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)  # 16:00 in Kyiv, 17:00 in Moscow
KYIV, MOSCOW = "Europe/Kyiv", "Europe/Moscow"


def _zone(name):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name) if name else None


@pytest.mark.parametrize(("value", "zone", "expected"), [
    # uk, Kyiv time (UTC+2 in November)
    ("Сьогодні, 14:05", KYIV, datetime(2026, 11, 27, 12, 5, tzinfo=UTC)),
    ("сьогодні о 14:05", KYIV, datetime(2026, 11, 27, 12, 5, tzinfo=UTC)),
    ("14:05, сьогодні", KYIV, datetime(2026, 11, 27, 12, 5, tzinfo=UTC)),
    ("Вчора, 18:30", KYIV, datetime(2026, 11, 26, 16, 30, tzinfo=UTC)),
    ("Учора о 18:30", KYIV, datetime(2026, 11, 26, 16, 30, tzinfo=UTC)),
    ("Позавчора, 09:00", KYIV, datetime(2026, 11, 25, 7, 0, tzinfo=UTC)),
    ("2 години тому", KYIV, datetime(2026, 11, 27, 12, 0, tzinfo=UTC)),
    ("10 хвилин тому", KYIV, datetime(2026, 11, 27, 13, 50, tzinfo=UTC)),
    ("5 хв тому", KYIV, datetime(2026, 11, 27, 13, 55, tzinfo=UTC)),
    ("годину тому", KYIV, datetime(2026, 11, 27, 13, 0, tzinfo=UTC)),
    ("Опубліковано: 3 год тому", KYIV, datetime(2026, 11, 27, 11, 0, tzinfo=UTC)),
    ("щойно", KYIV, FETCHED),
    # ru, Moscow time (UTC+3)
    ("Сегодня, 14:05", MOSCOW, datetime(2026, 11, 27, 11, 5, tzinfo=UTC)),
    ("Сегодня в 9.05", MOSCOW, datetime(2026, 11, 27, 6, 5, tzinfo=UTC)),
    ("Вчера в 18:30", MOSCOW, datetime(2026, 11, 26, 15, 30, tzinfo=UTC)),
    ("вчера, 23:58", MOSCOW, datetime(2026, 11, 26, 20, 58, tzinfo=UTC)),
    ("Позавчера в 10:00", MOSCOW, datetime(2026, 11, 25, 7, 0, tzinfo=UTC)),
    ("2 часа назад", MOSCOW, datetime(2026, 11, 27, 12, 0, tzinfo=UTC)),
    ("15 минут назад", MOSCOW, datetime(2026, 11, 27, 13, 45, tzinfo=UTC)),
    ("час назад", MOSCOW, datetime(2026, 11, 27, 13, 0, tzinfo=UTC)),
    ("минуту назад", MOSCOW, datetime(2026, 11, 27, 13, 59, tzinfo=UTC)),
    ("Только что", MOSCOW, FETCHED),
    # en, no zone known: UTC
    ("Today 13:05", None, datetime(2026, 11, 27, 13, 5, tzinfo=UTC)),
    ("Today at 1:05 PM", None, datetime(2026, 11, 27, 13, 5, tzinfo=UTC)),
    ("Yesterday at 6:30 pm", None, datetime(2026, 11, 26, 18, 30, tzinfo=UTC)),
    ("Yesterday, 12:15 a.m.", None, datetime(2026, 11, 26, 0, 15, tzinfo=UTC)),
    ("Yesterday", None, datetime(2026, 11, 26, tzinfo=UTC)),  # a day alone: that day, as for absolute dates
    ("2 hours ago", None, datetime(2026, 11, 27, 12, 0, tzinfo=UTC)),
    ("Published 30 mins ago", None, datetime(2026, 11, 27, 13, 30, tzinfo=UTC)),
    ("an hour ago", None, datetime(2026, 11, 27, 13, 0, tzinfo=UTC)),
    ("1 minute ago", None, datetime(2026, 11, 27, 13, 59, tzinfo=UTC)),
    ("2h ago", None, datetime(2026, 11, 27, 12, 0, tzinfo=UTC)),
    ("Just now", None, FETCHED),
])
def test_parse_date_resolves_relative_dates_against_the_fetch_time(value, zone, expected):
    parsed = parse_date(value, now=FETCHED, zone=_zone(zone), relative_to=FETCHED)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0)
    assert parse_date(value, now=FETCHED, zone=_zone(zone)) is None  # no reference time: no date, as before


def test_today_and_yesterday_just_after_midnight_in_kyiv():
    kyiv = _zone(KYIV)
    fetched = datetime(2026, 11, 26, 22, 5, tzinfo=UTC)  # 00:05 on 27 November in Kyiv, still the 26th in UTC
    assert parse_date("Вчора 23:50", zone=kyiv, relative_to=fetched) == datetime(2026, 11, 26, 21, 50, tzinfo=UTC)
    assert parse_date("Сьогодні, 00:01", zone=kyiv, relative_to=fetched) == datetime(2026, 11, 26, 22, 1, tzinfo=UTC)
    assert parse_date("Сьогодні, 23:50", zone=kyiv, relative_to=fetched) is None  # later tonight: the future
    assert parse_date("10 хвилин тому", zone=kyiv, relative_to=fetched) == datetime(2026, 11, 26, 21, 55, tzinfo=UTC)
    # in UTC the same fetch is still the 26th: "yesterday" is the 25th
    assert parse_date("Yesterday 23:50", relative_to=fetched) == datetime(2026, 11, 25, 23, 50, tzinfo=UTC)
    # summer time (UTC+3): 00:30 on 2 July in Kyiv
    summer = datetime(2026, 7, 1, 21, 30, tzinfo=UTC)
    assert parse_date("Вчора, 23:50", zone=kyiv, relative_to=summer) == datetime(2026, 7, 1, 20, 50, tzinfo=UTC)


def test_relative_dates_after_the_fetch_time_are_rejected():
    kyiv = _zone(KYIV)  # FETCHED is 16:00 in Kyiv; a few minutes of clock skew are allowed
    assert parse_date("Сьогодні, 16:04", zone=kyiv, relative_to=FETCHED) == datetime(2026, 11, 27, 14, 4, tzinfo=UTC)
    assert parse_date("Сьогодні, 16:06", zone=kyiv, relative_to=FETCHED) is None
    assert parse_date("Сьогодні, 18:00", zone=kyiv, relative_to=FETCHED) is None
    assert parse_date("Today 23:59", relative_to=FETCHED) is None


@pytest.mark.parametrize("value", [
    "", "garbage", "тому", "назад", "ago", "сьогодні гарна погода", "Today's paper", "yesterday's news",
    "Сьогодні, 25:70", "99999 hours ago", "1.5 hours ago", "3 дні тому", "2 weeks ago", "tomorrow 10:00",
    None, 12, ["Сьогодні, 14:05"], "Сьогодні " * 30,
])
def test_relative_garbage_gives_no_date(value):
    assert parse_date(value, now=FETCHED, zone=_zone(KYIV), relative_to=FETCHED) is None
    assert parse_relative_date(value, FETCHED, zone=_zone(KYIV)) is None


def test_parse_relative_date_needs_a_reference_and_can_want_a_time():
    assert parse_relative_date("Вчора, 18:30", None) is None
    assert parse_relative_date("Вчора, 18:30", "2026-11-27T14:00:00Z") is None  # not a datetime
    naive = datetime(2026, 11, 27, 14, 0)  # a naive reference is UTC
    assert parse_relative_date("2 hours ago", naive) == datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert parse_relative_date("Вчора", FETCHED, timed_only=True) is None
    assert parse_relative_date("Вчора", FETCHED) == datetime(2026, 11, 26, tzinfo=UTC)
    # an absolute date is never read as a relative one
    assert parse_relative_date("27.11.2026 14:05", FETCHED) is None
    assert parse_date("27.11.2026 14:05", relative_to=FETCHED) == datetime(2026, 11, 27, 14, 5, tzinfo=UTC)


def test_looks_like_modified():
    assert looks_like_modified("Updated: 3 May 2023")
    assert looks_like_modified("Оновлено 12:30")
    assert not looks_like_modified("Published 3 May 2023")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Alice Brown, Bob Green & Carol White", ["Alice Brown", "Bob Green", "Carol White"]),
        ("Від Олена Петренко та Іван Іваненко", ["Олена Петренко", "Іван Іваненко"]),
        ("Автор: Иван Иванов и Пётр Петров", ["Иван Иванов", "Пётр Петров"]),
        ("Staff", []),
        ("By Staff Writer", []),
        ("Jane Doe, Reuters", ["Jane Doe"]),  # agency dropped when a person is named
        ("Reuters", ["Reuters"]),  # ... kept when it is the only byline
        ("Jane Doe (jane@example.com) and @bob, John Roe", ["Jane Doe", "John Roe"]),
        ("https://twitter.com/jane", []),
        ("Jane Doe, Moscow Correspondent", ["Jane Doe"]),
        ("Byron Smith", ["Byron Smith"]),  # "By" only as a word
        ("By JANE DOE", ["Jane Doe"]),  # a name set in capitals: the usual case (extract_meta14)
        ("By ИА REGNUM", ["ИА REGNUM"]),  # an abbreviation stays as written
        (
            [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "BBC News"}],
            ["Jane Doe"],
        ),
        ([{"@type": "NewsMediaOrganization", "name": "BBC News"}], ["BBC News"]),
        ({"@type": "Person", "givenName": "Anna", "familyName": "Koval"}, ["Anna Koval"]),
        ([["By Jane Doe"], "jane doe", {"name": ["Olga Ivanova"]}], ["Jane Doe", "Olga Ivanova"]),
        (None, []),
        (42, []),
    ],
)
def test_split_authors(value, expected):
    assert split_authors(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en-US", "en"), ("uk_UA", "uk"), ("ua", "uk"), ("rus", "ru"), ("English", "en"),
        ("Українська", "uk"), ("русский", "ru"), ("UK", "uk"), ("de_DE.UTF-8", "de"), (["", "fr-FR"], "fr"),
        ({"@type": "Language", "name": "English", "alternateName": "en"}, "en"),
        ("xx", None), ("junk language", None), ("", None), (None, None), (7, None),
    ],
)
def test_normalize_language(value, expected):
    assert normalize_language(value) == expected


def test_text_helpers():
    assert decode_entities("Tom &amp; Jerry&#8217;s&nbsp;show") == "Tom & Jerry\u2019s\u00a0show"
    assert collapse_whitespace("  a\u00a0 b\n\tc\u200b ") == "a b c"
    assert clean_text(" Kyiv &amp;\n Moscow ") == "Kyiv & Moscow"
    assert clean_text(None) == ""


def test_clean_body_keeps_paragraphs_with_one_blank_line():
    # one paragraph per line (trafilatura's shape)
    assert clean_body("First  paragraph.\nSecond\u00a0one.\n\n\n") == "First paragraph.\n\nSecond one."
    # blank-line separated blocks: inner newlines are wraps
    assert clean_body("A wrapped\nline.\n\n \n\nNext.") == "A wrapped line.\n\nNext."
    assert clean_body("a &amp; b", decode=True) == "a & b"
    assert clean_body("a &amp; b") == "a &amp; b"
    assert clean_body(None) == ""


@pytest.mark.parametrize("text, expected", [
    ("Укра\u200dїна і Кра\u200cків", "Україна і Краків"),  # joiners inside Cyrillic: noise, matching needs them gone
    ("NA\u200cTO \u200dsays", "NATO says"),
    ("\u200cما نداده\u200cایم", "ما نداده\u200cایم"),  # a Persian word's ZWNJ is spelling
    ("हिन्दी क्\u200dष", "हिन्दी क्\u200dष"),  # an Indic conjunct
    ("👨\u200d👩\u200d👧 family", "👨\u200d👩\u200d👧 family"),  # one emoji, not three
    ("soft\u00adhyphen zero\u200bwidth", "softhyphen zerowidth"),
])
def test_joiners_are_kept_only_where_they_spell_something(text, expected):
    assert collapse_whitespace(text) == expected
    assert clean_body(text) == expected


def test_odd_characters_are_every_whitespace_but_space_and_newline_controls_and_invisibles():
    # The fast paths of collapse_whitespace / clean_body trust this class to list everything the slow path changes.
    from newswatch.extract import normalize

    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    found = set(normalize._ODD_RE.findall(everything))
    wanted = {c for c in everything if c.isspace() and c not in " \n"}
    wanted |= set(normalize._CONTROL_RE.findall(everything)) | set(normalize._INVISIBLE_RE.findall(everything))
    assert found == wanted


@pytest.mark.parametrize("text", [
    "Plain paragraph.", "One.\n\nTwo.", "One.\nTwo.\n\nThree.", " One.\n\nTwo.", "One.\n\nTwo. ", "One. \n\nTwo.",
    "One.\n\n Two.", "One.\n\n\nTwo.", "One  two.", "One.\n \nTwo.", "\u00a0One.", "One\u200b.\n\nTwo.", "One.\r\nTwo.",
    "One.\n\u2003\nTwo.\n", "x\x00y\nz", "Єдність\u2028Two", "a\u2029b", "  \n \n", "a\n\u200b\nb",
])
def test_clean_body_fast_paths_agree_with_the_rule(text):
    # The rule: blank-line separated blocks, or else one paragraph a line, each whitespace-collapsed.
    normalized = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n").replace("\u2028", "\n")
    normalized = normalized.strip()
    blocks = (re.split(r"\n[ \t\r\f\v\u00a0]*\n", normalized) if re.search(r"\n[ \t\r\f\v\u00a0]*\n", normalized)
              else normalized.split("\n"))
    expected = "\n\n".join(p for p in (collapse_whitespace(b) for b in blocks) if p)
    assert clean_body(text) == expected
    assert clean_body(expected) == expected  # its own output comes back unchanged (the loader's case)


def test_collapse_whitespace_fast_path():
    assert collapse_whitespace(" Kyiv, Ukraine ") == "Kyiv, Ukraine"
    assert collapse_whitespace("Kyiv,\u00a0Ukraine") == "Kyiv, Ukraine"
    assert collapse_whitespace("Kyiv,\n Ukraine") == "Kyiv, Ukraine"
    assert collapse_whitespace("Ky\u00adiv  Ukraine") == "Kyiv Ukraine"


def test_names_no_one_spots_placeholder_bylines():
    assert names_no_one("Our Foreign Staff")
    assert names_no_one(["By Staff", {"@type": "Person", "name": "Editorial Board"}])
    assert not names_no_one("Jane Doe")
    assert not names_no_one("CC7567")  # junk, not a placeholder: other sources may still name someone
    assert not names_no_one(["https://example.com/author/jane", "@jane"])
    assert not names_no_one(None)
