"""Article metadata, sixteenth round (tests/fixtures/extract_meta16; scorer: bench/extract_meta.py).

First the known miss the round opened with (a naive JSON-LD date beside its RFC 2822 meta twin); the set's fields and
the general causes fixed in this round follow, both ways (what must change and its look-alike that must not).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import lxml.html
import pytest

from newswatch.extract import extract_metadata
from newswatch.extract.normalize import stated_offset_date

FETCHED = datetime(2026, 11, 28, 19, 0, tzinfo=UTC)


def _meta(html: str, url: str = "https://www.example.com/news/ukraine-drones-1") -> dict:
    return extract_metadata(lxml.html.fromstring(html), url, fetched_at=FETCHED)


# --- a naive JSON-LD date whose twin in a meta tag is an RFC 2822 date -------------------------------------------

@pytest.mark.parametrize(("meta", "expected"), [
    ("Sat, 28 Nov 2026 14:05:00 +0200", datetime(2026, 11, 28, 12, 5, tzinfo=UTC)),
    ("28 Nov 2026 14:05:00 +0000", datetime(2026, 11, 28, 14, 5, tzinfo=UTC)),  # no weekday, UTC on a Kyiv outlet
    ("Sat, 28 Nov 2026 14:05:00 GMT", datetime(2026, 11, 28, 14, 5, tzinfo=UTC)),
    ("Sat, 28 Nov 2026 14:05:00 MSK", datetime(2026, 11, 28, 11, 5, tzinfo=UTC)),  # a zone's name
    # another minute is another date: the JSON-LD's, in the page's zone (Kyiv)
    ("Sat, 28 Nov 2026 16:05:00 +0000", datetime(2026, 11, 28, 12, 5, tzinfo=UTC)),
    # RFC 2822's "-0000" says no zone is known: the page's
    ("Sat, 28 Nov 2026 14:05:00 -0000", datetime(2026, 11, 28, 12, 5, tzinfo=UTC)),
])
def test_a_naive_jsonld_date_takes_the_offset_of_its_rfc822_meta_twin(meta, expected):
    html = ("<html lang='uk'><head><title>Сили ППО збили 80 дронів</title>"
            f"<meta property='article:published_time' content='{meta}'>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Сили ППО збили 80 "
            "дронів\", \"datePublished\": \"2026-11-28T14:05:00\", \"dateModified\": \"2026-11-28T14:05:00\"}"
            "</script></head><body><h1>Сили ППО збили 80 дронів</h1><p>Текст.</p></body></html>")
    assert _meta(html, "https://www.ukrinform.ua/rubric-ato/4012345.html")["published_at"] == expected


@pytest.mark.parametrize(("value", "offset"), [
    ("2026-11-28T14:05:00+02:00", timedelta(hours=2)),
    ("2026-11-28T14:05:00Z", timedelta(0)),
    ("Sat, 28 Nov 2026 14:05:00 +0200", timedelta(hours=2)),
    ("Sat,  28 Nov 2026 14:05 +0300", timedelta(hours=3)),
    ("28 Nov 2026 14:05:00 EET", timedelta(hours=2)),
    # nothing stated: naive, "-0000", a day alone, words, a number
    ("2026-11-28T14:05:00", None),
    ("Sat, 28 Nov 2026 14:05:00 -0000", None),
    ("2026-11-28", None),
    ("28 листопада 2026, 14:05", None),
    (1764331500, None),
])
def test_a_date_stating_its_own_offset(value, offset):
    found = stated_offset_date(value)
    assert (found.utcoffset() if found is not None else None) == offset
    if offset is not None:
        assert found.astimezone(timezone(offset)).replace(tzinfo=None) == found.replace(tzinfo=None)
