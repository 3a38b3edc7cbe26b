"""Hostile round 15's CDATA repair, directly: a raw ``]]>`` inside a CDATA section's text is escaped, and nothing else
is touched (a section split as XML writes it, CDATA beside text, a feed of thousands of sections)."""

from __future__ import annotations

import pytest
from lxml import etree

from newswatch.discovery import Notes, _nested_cdata_ends, parse_feed

FEED = "https://news.example/feed"


def _rss(*descriptions: str) -> bytes:
    items = "".join(f"<item><title>Story {n}</title><link>https://news.example/{n}</link>"
                    f"<description>{d}</description></item>" for n, d in enumerate(descriptions))
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


@pytest.mark.parametrize("stray", ["a[b[0]]]]> у коді", "<code>x[0]]]]></code> далі", "]]>"])
def test_a_raw_cdata_end_inside_the_text_loses_no_item_after_it(stray):
    body = _rss(f"<![CDATA[<p>{stray}</p>]]>", "<![CDATA[<p>Друга</p>]]>", "plain")
    notes = Notes()
    entries = parse_feed(body, FEED, notes=notes)
    assert [e.url for e in entries] == [f"https://news.example/{n}" for n in range(3)]
    assert [reason for reason, _ in notes.repairs] == ["nested_cdata_end"]


@pytest.mark.parametrize("description", ["<![CDATA[<p>split ]]]]><![CDATA[> as XML writes it</p>]]>",
                                         "<![CDATA[<p>CDATA</p>]]> beside text", "<![CDATA[]]>", "no CDATA ]] >"])
def test_well_formed_cdata_is_left_as_it_is(description):
    body = _rss(description, "<![CDATA[<p>next</p>]]>")
    assert _nested_cdata_ends(body, Notes()) is body


def test_the_repaired_text_keeps_its_characters():
    body = _rss("<![CDATA[Індекс a[b[0]]]]> у коді]]>")
    entries = parse_feed(body, FEED)
    assert len(entries) == 1
    root = etree.fromstring(_nested_cdata_ends(body, Notes()))
    assert root.findtext(".//description") == "Індекс a[b[0]]]]> у коді"


def _urlset(dates: list[str]) -> bytes:
    rows = "".join(f"<url><loc>https://news.example/{n}</loc><lastmod>{d}</lastmod></url>" for n, d in enumerate(dates))
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()


def test_past_the_url_cap_only_entries_dated_inside_since_are_read(monkeypatch):
    from datetime import UTC, datetime, timedelta

    from newswatch import discovery

    monkeypatch.setattr(discovery, "MAX_SITEMAP_URLS", 3)
    now = datetime.now(UTC)
    fresh, old = now.isoformat(timespec="seconds"), "2020-01-01T10:00:00+03:00"
    body = _urlset([old, old, old, old, fresh, "", "garbage", (now - timedelta(days=10)).strftime("%Y-%m-%d"), fresh])
    read = discovery.parse_sitemap(body, "https://news.example/sitemap.xml", since=now - timedelta(days=3))
    assert [e.url.rsplit("/", 1)[1] for e in read.entries] == ["0", "1", "2", "4", "8"]
    assert (read.capped, read.past_cap) == (4, 2)
    every = discovery.parse_sitemap(body, "https://news.example/sitemap.xml")  # since=all: the cap alone
    assert len(every.entries) == 3 and every.capped == 6
