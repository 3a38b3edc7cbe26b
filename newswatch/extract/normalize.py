"""Value normalizers shared by extraction and the ArticleLoader processors.

Every function takes whatever a page, a feed or structured data gave us and
returns one clean shape, or ``None`` / ``[]`` / ``""`` when the input is
unusable. None of them raises on bad input.

- :func:`parse_date`: ISO 8601, RFC 2822, textual dates (English, Ukrainian,
  Russian and a few more month names), epoch seconds/milliseconds -> aware UTC
  ``datetime``; before 1990 or more than a day in the future -> ``None``. Given the time the page
  was fetched (``relative_to``), also relative ones («Сьогодні, 14:05», «Вчера в 18:30»,
  "2 hours ago"; :func:`parse_relative_date`, words in ``rules/dates.yaml``).
- :func:`split_authors`: bylines, lists, JSON-LD Person/Organization -> list of
  names. Placeholders ("Staff", "Editorial board"), emails, URLs, handles and
  job titles are dropped, and so is a date or "Updated ..." tail. Organisations
  (JSON-LD ``Organization`` entries, the news agencies listed in
  ``rules/bylines.yaml`` and names with words such as "News" or "Служба") are kept only when the
  value names no person: ``"Reuters"`` stays ``["Reuters"]``, but
  ``"Jane Doe, Reuters"`` gives ``["Jane Doe"]``. Names are kept as written.
- :func:`normalize_language`: ``en-US`` / ``uk_UA`` / ``ua`` / ``rus`` /
  ``English`` -> ISO 639-1 code.
- :func:`collapse_whitespace`, :func:`decode_entities`, :func:`clean_text`
  (both, for one-line fields) and :func:`clean_body` (paragraph-preserving).
"""

from __future__ import annotations

import email.utils
import functools
import json
import re
import warnings
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from dateutil import parser as _dateutil_parser
from w3lib.html import replace_entities

_DATA = Path(__file__).resolve().parent / "rules"

MIN_DATE = datetime(1990, 1, 1, tzinfo=UTC)
"""Dates before this are treated as garbage (placeholders such as 1970-01-01)."""
MAX_FUTURE = timedelta(days=1)
"""Dates further than this ahead of ``now`` are treated as garbage."""
RELATIVE_SLACK = timedelta(minutes=5)
"""A relative date resolving to later than the reference (fetch) time plus this is treated as garbage
("Сьогодні, 23:50" read just after midnight is yesterday's page, not a date in the future)."""

# --------------------------------------------------------------------------- text

# Zero-width characters and the soft hyphen carry no text; they break matching and word counts; the bidi embedding,
# override and isolate controls (U+202A-E, U+2066-9) reorder what an analyst reads (a title "\u202eNATO" shows
# reversed). The two joiners
# (ZWNJ, ZWJ) are spelling after letters of Arabic, Persian and Indic scripts and inside emoji sequences
# («نداده‌ایم»), so they go only after Latin, Cyrillic, Greek, punctuation, a space or at the start.
_INVISIBLE_RE = re.compile(
    "[\u00ad\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]|(?<![^\x00-\u058f\u1e00-\u1fff\u2000-\u206f])[\u200c\u200d]")
# A whitespace run that is not one space already (each single space a match would cost a replacement).
_SPACE_RE = re.compile(r"\s{2,}|[^\S ]")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Every whitespace character but the space and the newline (``str.isspace``, which is re's ``\s``: a test checks
# the list), the control characters and the invisible ones: what makes the normalizers below do more than strip.
_ODD_RE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f\x85\xa0\xad\u1680\u2000-\u200d\u2028\u2029\u202a-\u202f\u205f\u2060\u2066-\u2069\u3000\ufeff]")
_SPACES_RE = re.compile(" {2,}")


def decode_entities(text: str | None) -> str:
    """Decode HTML entities (``&amp;``, ``&nbsp;``, ``&#8217;``...); ``None`` -> ``""``."""
    if not text:
        return ""
    if "&" not in text:
        return text
    try:
        return replace_entities(text)
    except Exception:  # w3lib is robust, but never let a stray entity break an item
        return text


def collapse_whitespace(text: str | None) -> str:
    """Collapse every whitespace run (newlines, tabs, NBSP) to one space; drop invisible characters; strip."""
    if not text:
        return ""
    if "\n" not in text and "  " not in text and not _ODD_RE.search(text):  # the usual case: scans in C, no copy
        return text.strip()
    text = _INVISIBLE_RE.sub("", text)
    text = _CONTROL_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def clean_text(value: Any) -> str:
    """One-line field (title, description): entities decoded, whitespace collapsed. Non-strings -> ``""``."""
    if not isinstance(value, str):
        return ""
    return collapse_whitespace(decode_entities(value))


def clean_body(text: str | None, *, decode: bool = False) -> str:
    """Normalize article text, keeping paragraphs, which are separated by exactly one blank line.

    When the text already has blank lines, those separate paragraphs and single newlines inside a
    block are line wraps (joined with a space); otherwise every line is a paragraph (the shape
    trafilatura produces). Entities are decoded only with ``decode=True``: extracted text is
    already decoded, and decoding twice would turn a literal ``&amp;`` in an article into ``&``.
    """
    if not text or not isinstance(text, str):
        return ""
    if decode:
        text = decode_entities(text)
    odd = _ODD_RE.search(text) is not None
    if not odd and "  " not in text and " \n" not in text and "\n " not in text and "\n\n\n" not in text \
            and text.count("\n") == 2 * text.count("\n\n") and text[0] not in " \n" and text[-1] not in " \n":
        return text  # already in this shape (the loader gets the extractor's body): a few scans in C
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n").replace("\u2028", "\n").strip()
    blocks = _BLANK_LINE_RE.split(text) if _BLANK_LINE_RE.search(text) else None
    if blocks is None and not odd:  # lines of words and spaces only (trafilatura's output): no regex per line
        if "  " in text:
            text = _SPACES_RE.sub(" ", text)
        return "\n\n".join(line for line in (line.strip() for line in text.split("\n")) if line)
    paragraphs = (collapse_whitespace(block) for block in (blocks if blocks is not None else text.split("\n")))
    return "\n\n".join(p for p in paragraphs if p)


# --------------------------------------------------------------------------- dates


@functools.lru_cache(maxsize=1)
def _date_data() -> tuple[dict[str, int | tzinfo], _dateutil_parser.parserinfo, tuple[str, ...]]:
    with open(_DATA / "dates.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    tzinfos: dict[str, int | tzinfo] = {name.upper(): int(float(hours) * 3600)
                                        for name, hours in data["timezones"].items()}
    # a region's clock ("ET"): dateutil attaches the zone to the wall time, so the date's daylight time applies
    tzinfos.update({name.upper(): ZoneInfo(zone) for name, zone in data["clock_zones"].items()})

    class _Info(_dateutil_parser.parserinfo):
        MONTHS = [
            (*english, *data["months"][number])
            for number, english in enumerate(_dateutil_parser.parserinfo.MONTHS, start=1)
        ]

    return tzinfos, _Info(), tuple(data["modified_markers"])


_EPOCH_RE = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_ISO_HINT_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# "2023-04-20 10:00:00 +0000 UTC" (Go's time format) and similar: drop the redundant zone name.
_TRAILING_ZONE_RE = re.compile(r"(?<=[+-]\d{4}) [A-Z]{3,4}$")
# Two sentinel defaults: a field that differs between the two parses was missing from the input.
_DEFAULTS = (datetime(1904, 3, 3, 0, 0), datetime(1908, 5, 5, 13, 37))
# "27.11.2026", "05.11.2026 14:05": day first, as everywhere dots separate a numeric date.
_DOTTED_DATE_RE = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2,4}(?![\d.])")
_ISO_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "Sun 25 Oct 2026 00.30 BST" (The Guardian), «14.40, 27 листопада 2026»: a clock written with a dot, which dateutil
# reads as a number; never a part of a dotted date (the lookarounds) and only where the text has a year (four digits,
# or two in a dotted date).
_DOT_CLOCK_RE = re.compile(r"(?<![\d.])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])")
_YEAR_TEXT_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# "17:45 GMT+1", "UTC+3", "GMT+03:00": news sites mean an offset east of Greenwich, but dateutil reads "GMT+3" the
# POSIX way (three hours west); written as a plain offset, it is read as meant.
_NAMED_OFFSET_RE = re.compile(r"\b(?:GMT|UTC)\s*([+\-\u2212])\s*(\d{1,2})(?::?([0-5]\d))?(?!\d)", re.I)


def _to_utc(value: datetime, zone: tzinfo | None = None) -> datetime:
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        return value.replace(tzinfo=zone or UTC).astimezone(UTC)
    return value.astimezone(UTC)


def _within_bounds(value: datetime, now: datetime | None) -> datetime | None:
    now = _to_utc(now) if now is not None else datetime.now(UTC)
    if value < MIN_DATE or value > now + MAX_FUTURE:
        return None
    return value


def _from_epoch(number: float) -> datetime | None:
    if number > 1e11:  # milliseconds
        number /= 1000.0
    try:
        return datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


_RFC_YEAR_RE = re.compile(r"\d{1,2}\s+[A-Za-z]{3,9}\.?\s+(\d+)\b")
_TRAILING_ZONE_NAME_RE = re.compile(r"\d\s+\(?[A-Za-z]{2,5}\)?\s*$")


def _parse_string(text: str) -> datetime | None:
    if _EPOCH_RE.match(text):
        return _from_epoch(float(text))
    if _ISO_HINT_RE.match(text):
        candidate = _TRAILING_ZONE_RE.sub("", text)
        try:
            parsed = datetime.fromisoformat(candidate.replace(" ", "T", 1) if " " in candidate[:11] else candidate)
        except ValueError:
            pass
        else:  # a day without a time is that day, whatever the zone
            return parsed.replace(tzinfo=UTC) if _ISO_DAY_RE.match(candidate) else parsed
    if text[:3].isalpha() and "," in text[:5]:  # "Thu, 20 Apr 2023 10:00:00 +0000" (RSS)
        year = _RFC_YEAR_RE.search(text)
        if year and len(year.group(1)) > 2 and int(year.group(1)) < 1000:
            return None  # email.utils reads any year under 100 as two digits: "0000" became 2000, "0099" 1999
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            pass
        else:
            # email.utils knows the US zone names only: "… 11:05:00 EET" / "MSK" / "CET" came back naive, read as
            # the page's clock or UTC (extract_meta14's RFC-822 meta dates); dateutil reads them by `timezones`
            if parsed.tzinfo is not None or not _TRAILING_ZONE_NAME_RE.search(text):
                return parsed
    tzinfos, info, _ = _date_data()
    dayfirst = bool(_DOTTED_DATE_RE.search(text))
    if "." in text and (dayfirst or _YEAR_TEXT_RE.search(text)):  # also after a two-digit year: «28.11.26, 10.15»
        text = _DOT_CLOCK_RE.sub(r"\1:\2", text)
    if "GMT" in text or "UTC" in text or "gmt" in text or "utc" in text:
        text = _NAMED_OFFSET_RE.sub(
            lambda m: f" {'-' if m[1] != '+' else '+'}{int(m[2]):02d}:{m[3] or '00'}", text)
    results = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # UnknownTimezoneWarning on odd tokens
        for default in _DEFAULTS:
            try:
                results.append(_dateutil_parser.parse(text, parserinfo=info, default=default, fuzzy=True,
                                                      dayfirst=dayfirst, tzinfos=tzinfos))
            except (ValueError, OverflowError, TypeError, LookupError, AttributeError):
                return None
    first, second = results
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # year, month or day missing: "2023", "April 20", "10:00"
    if first.hour != second.hour:  # a day without a time: that day
        return first.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=first.tzinfo or UTC)
    return first


_RFC_DATE_RE = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")


def stated_offset_date(value: Any) -> datetime | None:
    """An ISO 8601 or RFC 2822 date that states its own offset (zero and zone names too), in that offset:
    "2026-11-28T14:05:00+02:00", "Sat, 28 Nov 2026 14:05:00 +0200" (feeds, some meta tags). ``None`` for a date
    without one (naive, or RFC 2822's "-0000": no zone known), a day alone, or anything else."""
    if not isinstance(value, str):
        return None
    text = collapse_whitespace(value)
    if _ISO_HINT_RE.match(text):
        try:
            parsed = datetime.fromisoformat(_TRAILING_ZONE_RE.sub("", text))
        except ValueError:
            return None
        return parsed if parsed.tzinfo is not None and not _ISO_DAY_RE.match(text) else None
    if not _RFC_DATE_RE.match(text):
        return None
    try:
        parsed = _parse_string(text)
    except Exception:  # an unreadable date states nothing
        return None
    return parsed if parsed is not None and parsed.tzinfo is not None else None


@functools.lru_cache(maxsize=1)
def _city_zones() -> tuple[re.Pattern[str], dict[str, tzinfo]]:
    with open(_DATA / "dates.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    cities, words = data["city_zones"], data["zone_words"]
    names = "|".join(re.escape(name) for name in sorted(cities, key=len, reverse=True))
    phrases = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"\((?P<a>{names})(?:\s+time)?\)|(?<!\w)(?P<b>{names})\s+time(?!\w)"
                         rf"|(?<!\w)(?P<c>{phrases})(?!\w)", re.I)
    return pattern, {name: ZoneInfo(zone) for name, zone in {**cities, **words}.items()}


def _city_zone(text: str) -> tuple[str, tzinfo] | None:
    """(the text without it, the zone) of a city's clock label: "3:05 pm (Paris)", "14:05 Kyiv time", or a clock's
    name dateutil cannot read: «14:40 МСК», «14:40 за київським часом» (``zone_words``)."""
    pattern, zones = _city_zones()
    found = pattern.search(text)
    if not found:
        return None
    name = found.group("a") or found.group("b") or found.group("c")
    return text[:found.start()] + text[found.end():], zones[name.casefold()]


def parse_date(value: Any, *, now: datetime | None = None, zone: tzinfo | None = None,
               relative_to: datetime | None = None) -> datetime | None:
    """Parse a date from a page, feed or structured data into an aware UTC ``datetime``.

    Accepts ``datetime``/``date`` objects, ISO 8601 strings (``Z``, ``+0100``, ``+01:00``, space
    separator), RFC 2822 feed dates, textual dates ("April 20, 2023 10:15 AM EDT", "20 квітня 2023",
    "20 апреля 2023 г.", "27.11.2026 14:05" day first), and epoch seconds or milliseconds (numbers or
    digit strings). Naive values are taken in ``zone`` (the page's local time, when the caller knows
    it), else as UTC; a day without a time is that day at 00:00 UTC in any zone. Anything without a
    year, month and day, anything before 1990 and anything more than a day after ``now`` (default:
    the current time) gives ``None``. Relative dates ("сьогодні, 14:05", "2 hours ago") give ``None``
    unless ``relative_to`` (the aware time the page was fetched) is given: then they are resolved by
    :func:`parse_relative_date`.
    """
    try:
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, datetime):
            parsed: datetime | None = value
        elif hasattr(value, "year") and hasattr(value, "month") and hasattr(value, "day"):  # a date
            parsed = datetime(value.year, value.month, value.day)
        elif isinstance(value, int | float):
            parsed = _from_epoch(float(value))
        elif isinstance(value, str):
            text = collapse_whitespace(value)
            if not text or len(text) > 100:
                return None
            city = _city_zone(text) if "(" in text or "time" in text.casefold() or not text.isascii() else None
            if city:  # "3:05 pm (Paris)": the city's clock, whatever the caller guessed
                text, zone = city
            parsed = _parse_string(text) if any(ch.isdigit() for ch in text) else None
            if parsed is None and relative_to is not None:
                return parse_relative_date(text, relative_to, zone=zone)
        else:
            return None
        if parsed is None:
            return None
        return _within_bounds(_to_utc(parsed, zone), now)
    except Exception:  # a date we cannot read is a missing date, never a crash
        return None


@functools.lru_cache(maxsize=1)
def _relative_rules() -> dict[str, Any]:
    with open(_DATA / "dates.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)["relative"]

    def words(values: Iterable[str]) -> str:
        return "|".join(re.escape(str(v).casefold()) for v in sorted(values, key=lambda v: len(str(v)), reverse=True))

    day_of = {str(word).casefold(): int(back) for back, group in data["days"].items() for word in group}
    unit_of = {str(word).casefold(): unit for unit, group in data["units"].items() for word in group}
    days, joiners = words(day_of), words(data["joiners"])

    def clock(tag: str) -> str:
        return (rf"(?<![\d:.])(?P<h{tag}>[01]?\d|2[0-3])[:.](?P<m{tag}>[0-5]\d)(?![\d:])"
                rf"(?:\s*(?P<ampm{tag}>[ap])\.?\s?m\.?(?!\w))?")

    return {
        "days": day_of,
        "units": unit_of,
        # «Сьогодні, 14:05», «Вчера в 18:30», "Yesterday at 6:30 PM", «Вчора»
        "day_first": re.compile(rf"(?<!\w)(?P<day>{days})(?!\w)(?:[\s,]*(?:(?:{joiners})(?!\w))?[\s,]*{clock('')})?"),
        # «14:05, сьогодні», "6:30 PM yesterday"
        "clock_first": re.compile(rf"{clock('')}[\s,]*(?P<day>{days})(?!\w)"),
        # «2 години тому», «15 минут назад», "30 mins ago", "2h ago", "an hour ago", «годину тому»
        "ago": re.compile(rf"(?<![\w.,])(?:(?P<count>\d{{1,4}})|(?P<one>{words(data['one'])})(?!\w))?\s*"
                          rf"(?<![^\W\d_])(?P<unit>{words(unit_of)})(?!\w)\.?\s*(?:{words(data['ago'])})(?!\w)"),
        "now": re.compile(rf"(?<!\w)(?:{words(data['now'])})(?!\w)"),
    }


def _resolve_relative(text: str, reference: datetime, zone: tzinfo | None, timed_only: bool) -> datetime | None:
    rules = _relative_rules()
    match = rules["ago"].search(text)
    if match and match["count"] is None and text[: match.start()].rstrip()[-1:].isdigit():
        return None  # "99999 hours ago": a count too long to be one, not "an hour ago"
    if match:
        count = int(match["count"]) if match["count"] else 1
        unit = rules["units"][match["unit"]]
        return reference - (timedelta(hours=count) if unit == "hours" else timedelta(minutes=count))
    match = rules["day_first"].search(text)
    if match is None or match["h"] is None:
        match = rules["clock_first"].search(text) or match
    if match:
        local_zone = zone or UTC
        day = reference.astimezone(local_zone).date() - timedelta(days=rules["days"][match["day"]])
        if match["h"] is None:  # a day alone ("Yesterday") is that day, as for absolute dates, but never
            # a day word inside other text ("Today's paper")
            alone = text.strip(_EDGE_PUNCT) == match["day"]
            return datetime(day.year, day.month, day.day, tzinfo=UTC) if alone and not timed_only else None
        hour = int(match["h"])
        if match["ampm"] and 1 <= hour <= 12:
            hour = hour % 12 + (12 if match["ampm"] == "p" else 0)
        local = datetime(day.year, day.month, day.day, hour, int(match["m"]), tzinfo=local_zone)
        return local.astimezone(UTC)
    if rules["now"].search(text):
        return reference
    return _yearless(text, reference, zone)


_YEAR_IN_TEXT_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_CLOCK_IN_TEXT_RE = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3])[:.][0-5]\d(?![\d:])")


@functools.lru_cache(maxsize=1)
def _day_month_re() -> re.Pattern[str]:
    months = "|".join(re.escape(m) for m in sorted(_month_words(), key=len, reverse=True))
    # «27 листопада», "27 Nov." / "Nov. 27", then whatever follows (the clock)
    day = r"(?:0?[1-9]|[12]\d|3[01])"
    return re.compile(rf"(?<!\w)(?:{day}\s+(?:{months})\.?|(?:{months})\.?\s+{day})(?![\w.])")


def _yearless(text: str, reference: datetime, zone: tzinfo | None) -> datetime | None:
    """«27 листопада, 14:05», «27 ноября, 14:05», "Nov. 27, 2:05 PM": a day, a month and a clock without a
    year, as outlets print this year's dates: the latest such moment (in the year of the fetch or the one
    before) that is not after the fetch."""
    if _YEAR_IN_TEXT_RE.search(text) or not _CLOCK_IN_TEXT_RE.search(text):
        return None
    match = _day_month_re().search(text)
    if match is None:
        return None
    year = reference.astimezone(zone or UTC).year
    for candidate in (year, year - 1):
        shown = f"{text[: match.end()]} {candidate}{text[match.end():]}"
        found = parse_date(shown, zone=zone, now=reference + RELATIVE_SLACK)
        if found is not None and found <= reference + RELATIVE_SLACK:
            return found
    return None


@functools.lru_cache(maxsize=1)
def _dateline_re() -> re.Pattern[str]:
    with open(_DATA / "dates.yaml", encoding="utf-8") as fh:
        template = yaml.safe_load(fh)["dateline"]
    months = "|".join(re.escape(m) for m in sorted(_month_words(), key=len, reverse=True))
    return re.compile(template.replace("{months}", f"(?i:{months})"), re.X)


def dateline_day(text: str | None, reference: datetime) -> datetime | None:
    """The day of a wire dateline opening ``text`` («КИЇВ. 28 листопада. ІНТЕРФАКС-УКРАЇНА – …», "MOSCOW, Nov 28
    (Reuters) - …"; ``dateline`` in rules/dates.yaml), at 00:00 UTC: a day and month without a year, in the year of
    ``reference`` (the aware fetch time) or the one before, never later than its day after. ``None`` when ``text``
    opens otherwise, or its place is neither in capitals nor followed by an agency's name."""
    if not text or not text[:1].isalpha():
        return None
    found = _dateline_re().match(text[:200])
    if found is None or not (found["place"].isupper() or found["agency"]):
        return None
    month = _date_data()[1].month(found["month"] or found["month2"])
    day = int(found["day"] or found["day2"])
    latest = (_to_utc(reference) + timedelta(days=1)).date()  # the outlet's day may be the fetch's next in UTC
    for year in (latest.year, latest.year - 1):
        try:
            candidate = datetime(year, month, day, tzinfo=UTC)
        except (TypeError, ValueError):  # 31 листопада
            return None
        if candidate.date() <= latest:
            return candidate
    return None


def parse_relative_date(value: Any, relative_to: datetime | None, *, zone: tzinfo | None = None,
                        timed_only: bool = False) -> datetime | None:
    """A relative publication time, resolved against ``relative_to`` (the aware time the page was fetched).

    "<day word>[,| о| в| at] HH:MM" («Сьогодні, 14:05», «Вчера в 18:30», "Yesterday at 6:30 PM", also the
    time first) is that clock time on the fetch day (or one or two days before) in ``zone`` (the outlet's
    local time; UTC when ``None``); a day word alone is that day at 00:00 UTC (``None`` with
    ``timed_only=True``). "N minutes/hours ago" («2 години тому», «15 минут назад», "30 mins ago", "an hour
    ago") counts back from ``relative_to`` itself; «щойно» / "just now" is ``relative_to``. Anything else, no
    ``relative_to``, or a result later than ``relative_to`` plus :data:`RELATIVE_SLACK` gives ``None``. The
    words are data: ``relative`` in ``rules/dates.yaml``. Never raises.
    """
    try:
        if relative_to is None or not isinstance(value, str) or not isinstance(relative_to, datetime):
            return None
        text = collapse_whitespace(value).casefold()
        if not text or len(text) > 100:
            return None
        reference = _to_utc(relative_to)
        found = _resolve_relative(text, reference, zone, timed_only)
        if found is None or found < MIN_DATE or found > reference + RELATIVE_SLACK:
            return None
        return found
    except Exception:  # a date we cannot read is a missing date, never a crash
        return None


def looks_like_modified(label: str | None) -> bool:
    """True when a label next to a date ("Updated", "Оновлено") says it is a modification date."""
    if not label:
        return False
    lowered = label.lower()
    return any(marker in lowered for marker in _date_data()[2])


def modified_marker_at(text: str | None) -> int:
    """Where the first modification label ("Updated", «Оновлено») starts in ``text``; -1 when it has none. A line
    may show both dates: «Опубліковано: 27.11.2026 09:15 | Оновлено: 27.11.2026 11:40»."""
    if not text:
        return -1
    lowered = text.lower()
    places = [at for at in (lowered.find(marker) for marker in _date_data()[2]) if at >= 0]
    return min(places) if places else -1


# --------------------------------------------------------------------------- authors


@functools.lru_cache(maxsize=1)
def _byline_rules() -> dict[str, Any]:
    with open(_DATA / "bylines.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    prefixes = sorted(data["prefixes"], key=len, reverse=True)
    conjunctions = "|".join(re.escape(c) for c in sorted(data["conjunctions"], key=len, reverse=True))
    roles = "|".join(re.escape(r) for r in data["role_words"])
    return {
        # a label, unless a lower-case Cyrillic word follows it and no colon or dash after: then the label's word is
        # a noun of the name («Авторы проектов фонда «Викимедиа»», Wikimedia's collective credit; extract_meta18),
        # where «Автор фото: …» is still a label
        "prefix": re.compile(r"^\s*(?:" + "|".join(re.escape(p) for p in prefixes)
                             + r")\b(?=\s*[:\-–—]|\s*(?!\s)(?!(?-i:[а-яёіїєґ])[^:–—]*$))\s*[:\-–—]?\s*", re.I),
        # "A (avec B et C)" -> "A, B et C"; other parentheses belong to the name: "Richard (R.J.) Eskow"
        "joined_in_parens": re.compile(r"\(\s*(?:" + conjunctions + r")\s+([^()]*)\)", re.I),
        "leading_conjunction": re.compile(r"^(?:" + conjunctions + r")(?:\s+|$)", re.I),
        # also a full stop after a word, not after an initial: "Автор: А. Б. Ковальова. Редакторка: ..."
        # and a spaced dash: "Kateryna Tyshchenko — Tuesday, 25 November" (never "Jean-Pierre")
        "split": re.compile(
            r"\s*(?:[,;&|/\n•·]|(?<=[^\W\d_]{3})\.\s|\s[—–-]\s|\s(?:" + conjunctions + r")\s)\s*", re.I
        ),
        "placeholders": frozenset(p.lower() for p in data["placeholders"] + data["credentials"]),
        "newsroom_words": frozenset(w.casefold() for w in data["newsroom_words"]),
        "credit_label": re.compile(r"^(?:(?:" + "|".join(re.escape(c) for c in sorted(
            data["credit_labels"], key=len, reverse=True)) + r")\s*(?:[:\-–—]|by\b|$)|(?:" + "|".join(
            re.escape(c) for c in sorted(data["translation_labels"], key=len, reverse=True)) + r")\b)", re.I),
        # "Jane Doe, Moscow Correspondent", "кореспондентка Суспільного", "обозреватель «Коммерсанта»"
        # also after lower-case words: «специальный корреспондент «Новой газеты Европа»» (extract_meta7
        # ru_byline_positions); a name's words are capitalised
        "roles": re.compile(
            r"\b(?i:" + roles + r")s?$|^(?:[^\W\d_A-ZА-ЯЁІЇЄҐ]\S*\s+){0,2}(?i:" + roles + r")s?\b"),
        "agencies": frozenset(a.lower() for a in data["agencies"]),
        "role_words": frozenset(r.casefold() for r in data["role_words"]),
        "non_writer_words": frozenset(w.casefold() for w in data["non_writer_job_words"]),
        "organisation_words": frozenset(w.lower() for w in data["organisation_words"]),
        "name_particles": frozenset(w.lower() for w in data["name_particles"]),
        "name_lowercase": frozenset(w.lower() for w in (*data["name_particles"], *data["name_lowercase_words"])),
        "source_credit": re.compile(r"^(?:" + "|".join(
            r"\s+".join(map(re.escape, c.split())) for c in data["source_credits"]) + r")\b", re.I),
        # the same credit after the writer's name, in one piece: «Підготувала Ірина Коваль за матеріалами Reuters»
        "source_credit_after": re.compile(r"\s+(?:" + "|".join(
            r"\s+".join(map(re.escape, c.split())) for c in data["source_credits"]) + r")\b.*$", re.I | re.S),
        # "Jane Doe Updated 9:12 AM GMT" / "Jane Doe 17 ноября 2024" -> "Jane Doe" (see _cut_date)
        "date_tail": re.compile(
            r"\s*(?:\b(?:" + "|".join(re.escape(m) for m in data["date_markers"]) + r")\b|(?<!\w)\d).*$", re.I | re.S
        ),
        "months": _month_words(),
    }


def _month_words() -> frozenset[str]:
    english = (word for pair in _dateutil_parser.parserinfo.MONTHS for word in pair)
    return frozenset(word.lower() for word in (*english, *(w for n in _date_data()[1].MONTHS for w in n)))


def _cut_date(piece: str, rules: dict[str, Any]) -> str:
    """Drop a date or "Updated ..." line glued after a name; a piece that is only a date is dropped;
    one word before a number ("Top 10") stays as it is (and is dropped later for its digits)."""
    match = rules["date_tail"].search(piece)
    if not match:
        return piece
    if match.start() == 0:
        return ""
    words = piece[: match.start()].split()
    while words and words[-1].strip(_EDGE_PUNCT).lower() in rules["months"]:
        words.pop()
    return " ".join(words) if len(words) >= 2 else piece


def _is_organisation(piece: str, rules: dict[str, Any]) -> bool:
    key = piece.casefold()
    # a compound's parts too: "ARD-Studio Kiew", «Пресс-служба»
    return key in rules["agencies"] or any(w in rules["organisation_words"] for word in _WORD_RE.findall(key)
                                           for w in (word, *word.split("-")[1:])) or _lowercase_joined(piece, rules)


def _lowercase_joined(piece: str, rules: dict[str, Any]) -> bool:
    """Capitalised words joined by a word in lower case that no person's name has ("Reporting from Ukraine", "Voice
    of America"; not "Ursula von der Leyen", «Ильхам Гейдар оглы Алиев»)."""
    words = piece.split()
    return len(words) >= 3 and words[0][:1].isupper() and words[-1][:1].isupper() and any(
        word.isalpha() and word.islower() and word not in rules["name_lowercase"] for word in words[1:-1])


_EMAIL_RE = re.compile(r"\S+@\S+\.\w+")
# Removed from a byline before it is split, so "https://x.com/a" never yields "https" and "a".
_NOISE_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|(?:^|(?<=\s))@\w+", re.I)
# "Jūratė Skėrytė, LRT.lt": a site's name written as its domain is the outlet, never a person.
_URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|\S+\.(?:com|org|net|info|ru|ua|uk|io|lt|lv|ee|by|md|kz|ge|pl|cz|de|fr|eu|news|media|tv|fm)"
    r"(?:/\S*)?$", re.I)
_HANDLE_RE = re.compile(r"(?:^|\s)@\w+")
_EDGE_PUNCT = " \t\"'“”«»()[]{}.:;,-–—|•·*"
_WORD_RE = re.compile(r"[\w'’-]+")


def _flatten_authors(value: Any, out: list[tuple[str, bool]], depth: int = 0) -> None:
    """Collect ``(text, is_organisation)`` pairs from any structure a page may give for an author."""
    if depth > 8 or value is None:
        return
    if isinstance(value, str):
        out.append((value, False))
    elif isinstance(value, dict):
        kind = value.get("@type") or ""
        kinds = kind if isinstance(kind, list) else [kind]
        is_org = any(isinstance(k, str) and ("Organization" in k or k == "Corporation") for k in kinds)
        if _not_a_writer(value.get("jobTitle")):  # the photographer credited as an author
            return
        name = value.get("name")
        if name is None and (value.get("givenName") or value.get("familyName")):
            name = " ".join(str(value.get(k) or "") for k in ("givenName", "familyName")).strip()
        if isinstance(name, str):
            out.append((name, is_org))
        elif isinstance(name, list | dict):
            _flatten_authors(name, out, depth + 1)
    elif isinstance(value, Iterable) and not isinstance(value, bytes):
        for item in value:
            _flatten_authors(item, out, depth + 1)


def _not_a_writer(job_title: Any) -> bool:
    """True for a JSON-LD author whose ``jobTitle`` is a non-writing role ("фотограф", "Photographer")."""
    if isinstance(job_title, list):
        job_title = " ".join(t for t in job_title if isinstance(t, str))
    if not isinstance(job_title, str) or not job_title.strip():
        return False
    words = set(_WORD_RE.findall(job_title.casefold()))
    return bool(words) and words <= _byline_rules()["non_writer_words"]


def _clean_piece(piece: str, rules: dict[str, Any], *, cut: bool = True) -> str:
    original = piece = collapse_whitespace(piece)
    piece = piece.strip(_EDGE_PUNCT)
    for _ in range(2):  # "By: Автор: Name", "(with Name"
        stripped = rules["prefix"].sub("", piece, count=1).strip(_EDGE_PUNCT)
        stripped = rules["leading_conjunction"].sub("", stripped, count=1)
        if stripped == piece:
            break
        piece = stripped
    piece = _cut_date(piece, rules).strip(_EDGE_PUNCT) if cut else piece
    # a surname given as an initial keeps its dot: «Александр Ш.» (unseen5 dumskaya)
    if piece[-2:-1] == " " and piece[-1:].isalpha() and f"{piece}." in original:
        return f"{piece}."
    # a quote opened inside the name keeps its close: «Редакция «Агентства»» (unseen6 agentstvo)
    for opening, closing in _QUOTE_PAIRS:
        if piece.count(opening) > piece.count(closing) and f"{piece}{closing}" in original:
            return f"{piece}{closing}"
    return piece


_QUOTE_PAIRS = (("«", "»"), ("“", "”"), ("(", ")"))
# Two to four capitalised words, then lower-case ones (a job title shown without a comma after the name)
_NAME_BEFORE_ROLE_RE = re.compile(
    r"^((?:[A-ZА-ЯЁІЇЄҐ][\w'’.-]*\s+){1,3}[A-ZА-ЯЁІЇЄҐ][\w'’.-]*)\s+((?:[^\W\d_A-ZА-ЯЁІЇЄҐ][\w'’-]*\s*){1,4})$")
_PARENS_RE = re.compile(r"\(([^()]{2,40})\)")


def _in_parens(match: re.Match, rules: dict[str, Any]) -> str:
    """A bracket after a name: an agency is a piece of its own; a role or another person's credit («(редактор —
    Олег Мазур)», "(photos: …)") is no part of the name and names no writer; anything else is the name's."""
    inner = match[1].strip()
    if _is_organisation(inner, rules):
        return f", {inner}"
    if rules["credit_label"].match(inner) or rules["roles"].search(rules["split"].split(inner, maxsplit=1)[0]):
        return " "
    return match[0]


def _agency_staff(piece: str, rules: dict[str, Any]) -> str:
    """An agency's desk ("Reuters Staff", "AP staff writers") is the agency: as the agency's own byline is kept
    (rounds 6-14: an organisation only when no person is named), its staff's is too, not dropped as a job title."""
    words = piece.split()
    if len(words) < 2 or words[-1].casefold().removesuffix("s") not in rules["role_words"]:
        return piece
    while len(words) > 1 and words[-1].casefold().removesuffix("s") in rules["role_words"]:
        words.pop()
    head = " ".join(words)
    return head if head.casefold() in rules["agencies"] else piece


def _no_one(piece: str, rules: dict[str, Any]) -> bool:
    """A placeholder ("Staff"), or an outlet's newsroom under its name («Редакция Фонтанки», "Redaktion SPIEGEL")."""
    lowered = piece.lower()
    return lowered in rules["placeholders"] or (lowered.split(maxsplit=1) or [""])[0] in rules["newsroom_words"]


def _is_name(piece: str, rules: dict[str, Any]) -> bool:
    if not piece or _no_one(piece, rules) or len(piece) > 60 or len(piece.split()) > 6:
        return False
    if _EMAIL_RE.search(piece) or _URL_RE.search(piece) or _HANDLE_RE.search(piece):
        return False
    if any(ch.isdigit() for ch in piece) or not any(ch.isalpha() for ch in piece):
        return False
    if " " not in piece and piece.lower() in rules["months"]:  # "By AP Staff | Nov. 28, 2026": the date's month
        return False  # split off at its dot
    return not rules["roles"].search(piece)


_NAME_PART_RE = re.compile(r"([-'’])")


def _usual_case(name: str, rules: dict[str, Any]) -> str:
    """A person's name set in capitals by a template ("ILLIA NOVIKOV", «АННА ПЕТРОВА», "O'BRIEN-SMITH") in the usual
    case, so one writer is one name across outlets; initials ("J.R."), particles ("VON DER" -> "von der": the
    ``name_particles`` of ``rules/bylines.yaml``) and names in mixed case stay as they are written."""
    words = name.split()
    if len(words) < 2 or not name.isupper():
        return name
    if any(len(word) <= 2 and word.isalpha() and word.lower() not in rules["name_particles"] for word in words):
        return name  # an abbreviation ("ИА REGNUM", "TV 2 NEWS"): no name of a person
    out = []
    for i, word in enumerate(words):
        if "." in word or sum(ch.isalpha() for ch in word) < 2:
            out.append(word)
        elif i and word.lower() in rules["name_particles"]:
            out.append(word.lower())
        else:
            out.append("".join(part.capitalize() for part in _NAME_PART_RE.split(word)))
    return " ".join(out)


def split_authors(value: Any, *, people_only: bool = False) -> list[str]:
    """Turn any author value into a de-duplicated list of names, in order, kept as written (a person's name set all
    in capitals, "ILLIA NOVIKOV", in the usual case: "Illia Novikov").

    Accepts a string byline ("By A and B", "A, B & C", "Від A та B", "Автор: A и B"), lists (nested
    too), and JSON-LD ``Person`` / ``Organization`` dicts (``name``, or ``givenName`` + ``familyName``).
    Organisations are returned only when no person is named, and never with ``people_only=True``.
    """
    try:
        rules = _byline_rules()
        raw: list[tuple[str, bool]] = []
        _flatten_authors(value, raw)
        people: list[str] = []
        organisations: list[str] = []
        seen: set[str] = set()
        for text, is_org in raw:
            text = rules["joined_in_parens"].sub(r", \1", _NOISE_RE.sub(" ", decode_entities(text)))
            if "(" in text:  # "Jane Doe (Reuters)", «Иван Петров (ТАСС)»: the agency is a piece of its own
                text = _PARENS_RE.sub(lambda m: _in_parens(m, rules), text)
            pieces = [text] if is_org else rules["split"].split(_clean_piece(text, rules, cut=False))
            credit = False  # after «Фото:», up to the next writer label: the photographer's names
            for piece in pieces:
                bare = piece.strip(_EDGE_PUNCT)
                if rules["credit_label"].match(bare):
                    credit = True
                    continue
                if credit and not rules["prefix"].match(bare):
                    continue
                credit = False
                piece = _clean_piece(piece, rules)
                if rules["source_credit"].match(piece):  # "With files from Reuters": the source, no writer
                    continue
                piece = rules["source_credit_after"].sub("", piece)
                piece = _agency_staff(piece, rules)
                if rules["roles"].search(piece):  # «Олександр Коваленко військовий оглядач»: the name before it
                    named = _NAME_BEFORE_ROLE_RE.match(piece)
                    piece = named[1] if named and rules["roles"].search(named[2]) else piece
                if not _is_name(piece, rules):
                    continue
                key = piece.casefold()
                if key in seen:
                    continue
                seen.add(key)
                if is_org or _is_organisation(piece, rules):
                    organisations.append(piece)
                else:
                    people.append(_usual_case(piece, rules))
        return people if people_only else people or organisations
    except Exception:
        return []


def is_credit_label(text: str | None) -> bool:
    """Whether ``text`` opens with a label crediting someone other than the writer: a photographer, a translator
    («Фото:», «Переклад:», "Photo by", "Translated by"); the names after it are no authors."""
    return bool(text and _byline_rules()["credit_label"].match(text.strip(_EDGE_PUNCT + " \u00a0")))


def names_no_one(value: Any) -> bool:
    """True when a byline is only a placeholder or a job title ("Staff", "Our Foreign Staff",
    "Editorial board"): the page says there is no name, so none should be guessed from elsewhere."""
    try:
        rules = _byline_rules()
        raw: list[tuple[str, bool]] = []
        _flatten_authors(value, raw)
        pieces = [
            _clean_piece(piece, rules)
            for text, _ in raw
            for piece in rules["split"].split(_clean_piece(_NOISE_RE.sub(" ", text), rules, cut=False))
        ]
        pieces = [p for p in pieces if p]
        return bool(pieces) and all(_no_one(p, rules) or rules["roles"].search(p) for p in pieces)
    except Exception:
        return False


# --------------------------------------------------------------------------- language


@functools.lru_cache(maxsize=1)
def _language_data() -> tuple[frozenset[str], dict[str, str], dict[str, str]]:
    with open(_DATA / "languages.json", encoding="utf-8") as fh:
        data = json.load(fh)
    return frozenset(data["codes"]), data["names"], data["aliases"]


_LANG_SPLIT_RE = re.compile(r"[-_.@\s]")


def normalize_language(value: Any) -> str | None:
    """ISO 639-1 code from a language tag, a locale, a 3-letter code or a language name; junk -> ``None``.

    ``"en-US"`` -> ``"en"``, ``"uk_UA"`` -> ``"uk"``, ``"ua"`` -> ``"uk"``, ``"rus"`` -> ``"ru"``,
    ``"English"`` / ``"Українська"`` -> ``"en"`` / ``"uk"``. A list gives its first usable entry.
    """
    try:
        if isinstance(value, list | tuple):
            for item in value:
                code = normalize_language(item)
                if code:
                    return code
            return None
        if isinstance(value, dict):
            return normalize_language(value.get("alternateName") or value.get("name"))
        if not isinstance(value, str):
            return None
        text = collapse_whitespace(value).lower()
        if not text or len(text) > 40:
            return None
        codes, names, aliases = _language_data()
        if text in names:
            return names[text]
        head = _LANG_SPLIT_RE.split(text.split(",")[0].strip(), maxsplit=1)[0]
        if head in codes:
            return head
        if head in aliases:
            return aliases[head]
        return names.get(head)
    except Exception:
        return None


__all__ = [
    "MAX_FUTURE",
    "MIN_DATE",
    "RELATIVE_SLACK",
    "clean_body",
    "clean_text",
    "collapse_whitespace",
    "dateline_day",
    "decode_entities",
    "looks_like_modified",
    "names_no_one",
    "normalize_language",
    "parse_date",
    "parse_relative_date",
    "split_authors",
    "stated_offset_date",
]

