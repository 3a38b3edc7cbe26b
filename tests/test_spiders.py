"""Outlet spiders from sources.yaml, the `since` argument, and retry backoff helpers."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
import yaml

from newswatch.middlewares import retry_after_seconds
from newswatch.sources import SourcesError, load_sources, parse_sources
from newswatch.spiders import parse_since
from newswatch.spiders.outlets import spider_class_for
from tests.crawling import PROJECT_ROOT

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_every_outlet_has_a_spider_in_scrapy_list():
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=PROJECT_ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    assert "feeds" in out
    for key in load_sources():
        assert key in out


def test_seed_outlets_are_configured():
    sources = load_sources()
    for key in ("moscowtimes", "kyivindependent", "meduza_en", "ukrinform_en", "nato"):
        assert sources[key].feeds or sources[key].sitemaps


def test_generated_spider_carries_its_outlet():
    source = load_sources()["moscowtimes"]
    spider_cls = spider_class_for(source)
    assert spider_cls.name == "moscowtimes" and spider_cls.source is source
    spider = spider_cls()
    assert spider.feed_urls == source.feeds and spider.sitemap_urls == source.sitemaps
    # -a feeds=... overrides the outlet's own feeds
    assert spider_cls(feeds="http://127.0.0.1:1/rss").feed_urls == ("http://127.0.0.1:1/rss",)


@pytest.mark.parametrize(("entry", "message"), [
    ({"x": {"name": "X"}}, "at least one feed or sitemap"),
    ({"Bad-Key": {"feeds": ["https://a/rss"]}}, "lower-case"),
    ({"x": {"feeds": "https://a/rss", "colour": "red"}}, "unknown field"),
    ({"x": {"feeds": [""]}}, "non-empty strings"),
])
def test_bad_sources_fail_with_the_outlet_and_field(entry, message):
    with pytest.raises(SourcesError, match=message):
        parse_sources(entry)


def test_sources_file_override(tmp_path, monkeypatch):
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"mock": {"name": "Mock", "feeds": ["http://127.0.0.1:9/rss.xml"],
                                             "languages": ["uk"]}}))
    monkeypatch.setenv("NEWSWATCH_SOURCES", str(path))
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=PROJECT_ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["feeds", "mock"]


@pytest.mark.parametrize(("value", "expected"), [
    (None, NOW - timedelta(days=3)),
    ("", NOW - timedelta(days=3)),
    ("all", None),
    ("ALL", None),
    ("2026-11-20", datetime(2026, 11, 20, tzinfo=UTC)),
    ("2026-11-20T10:00:00+02:00", datetime(2026, 11, 20, 8, tzinfo=UTC)),
    ("7d", NOW - timedelta(days=7)),
    ("48h", NOW - timedelta(hours=48)),
])
def test_parse_since(value, expected):
    assert parse_since(value, default_days=3, now=NOW) == expected


@pytest.mark.parametrize("value", ["yesterday-ish", "2026-13-45", "-3d"])
def test_parse_since_rejects_nonsense(value):
    with pytest.raises(ValueError, match="since="):
        parse_since(value, now=NOW)


def test_retry_after_header_forms():
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds("Fri, 27 Nov 2026 12:01:00 GMT", now=NOW) == 60
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None
