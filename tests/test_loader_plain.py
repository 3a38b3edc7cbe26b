"""build_article runs ArticleLoader's own processors without ItemLoader's machinery: the item must be the one
ArticleLoader builds, field for field and in the same order, on real pages with every kind of feed hint."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newswatch import loaders
from newswatch.loaders import ArticleLoader, build_article
from newswatch.process import process_page

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / ".." / "shared" / "datasets" / "readability-news"
PAGES = sorted(DATASET.glob("*/source.html")) + sorted((ROOT / "tests" / "fixtures").glob("extract_unseen/*.html"))
NOW = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
ENTRIES = [
    None,
    {"title": "Feed title &amp; more", "published_at": "Fri, 27 Nov 2026 09:15:00 +0200",
     "authors": ["Jane Doe, Reuters"], "keywords": ["NATO, Ukraine", "nato", ""], "language": "uk_UA",
     "via": "feed", "url": "https://x.example/a"},
    {"title": "", "published_at": "2026-11-27", "authors": [], "keywords": [], "language": None, "via": "sitemap"},
]


def _both(page: dict, url: str, **kwargs):
    plain = build_article(dict(page), url=url, now=NOW, **kwargs)
    reference = loaders._build(ArticleLoader(), dict(page), url=url, now=NOW, entry=kwargs.get("entry"),
                               source=kwargs["source"], default_language=kwargs.get("default_language"),
                               overrides=kwargs.get("overrides"))
    return plain, reference


@pytest.mark.skipif(not PAGES, reason="needs ../shared/datasets")
def test_build_article_is_what_article_loader_builds():
    assert loaders._PlainArticleLoader.plain()
    for path in PAGES:
        url = f"https://{path.parent.name}.example/news/{path.stem}"
        page = process_page(path.read_bytes(), url, fetched_at=NOW)
        page.pop("timings", None)
        for entry in ENTRIES:
            for default_language in (None, "ru"):
                plain, reference = _both(page, url, source="example.org", entry=entry,
                                         default_language=default_language)
                assert list(dict(plain).items()) == list(dict(reference).items()), (path, entry)


@pytest.mark.parametrize("page", [
    {},  # nothing extracted
    {"title": None, "body": "", "authors": "", "tags": None, "paywalled_hint": False, "cleaning": {}},
    {"title": ["  Two ", "titles"], "authors": [{"@type": "Person", "name": "Anna Kovalenko"}, "Staff"],
     "tags": ["a", 3, None], "published_at": "garbage", "canonical_url": "ftp://x", "paywalled_hint": True,
     "body": "Line one.\nLine  two.\u200b", "language": "English", "image_url": " https://x.example/i.jpg "},
])
def test_odd_page_values_give_the_same_item(page):
    plain, reference = _both(page, "https://example.org/a/1", source="example.org", entry=ENTRIES[1])
    assert list(dict(plain).items()) == list(dict(reference).items())
