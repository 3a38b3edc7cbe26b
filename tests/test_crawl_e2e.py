"""End to end: a real `scrapy crawl feeds` against the mock news site, asserting on the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.crawling import run_crawl
from tests.mocksite import BAD_PATHS, EXPECTED_ARTICLES, OLD_ARTICLES, MockNewsSite
from tests.test_docs_stats import undocumented_stats


@pytest.fixture(scope="module")
def site():
    with MockNewsSite() as mock:
        yield mock


@pytest.fixture(scope="module")
def crawl_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("crawl")


@pytest.fixture(scope="module")
def first_run(site, crawl_dir):
    args = {
        "feeds": ",".join(site.url(p) for p in ("/rss.xml", "/atom.xml", "/rdf.xml")),
        "sitemaps": site.url("/robots.txt"),
    }
    run = run_crawl(crawl_dir, args=args)
    assert run.returncode == 0, run.log[-3000:]
    return run


def _by_path(run, site):
    return {doc["url"][len(site.base_url):].split("?")[0]: doc for doc in run.stored()}


def test_every_expected_article_is_stored_once(first_run, site):
    docs = first_run.stored()
    paths = [d["url"][len(site.base_url):].split("?")[0] for d in docs]
    assert len(paths) == len(set(paths))
    for path, title in EXPECTED_ARTICLES.items():
        assert path in paths, f"{path} not stored; log tail:\n{first_run.log[-2000:]}"
        doc = next(d for d in docs if d["url"].split("?")[0].endswith(path))
        assert doc["title"] == title


def test_nothing_outside_since_is_fetched(first_run, site):
    for path in OLD_ARTICLES:
        assert site.hits[path] == 0, f"{path} is older than `since` but was fetched"
    assert first_run.stat("newswatch/discovery/skipped_old") >= 2
    assert site.hits["/sitemap-archive.xml"] == 0  # its index lastmod is older than since


def test_bad_pages_are_counted_not_fatal(first_run, site):
    stats = first_run.stats
    assert stats["finish_reason"] == "finished"
    assert stats.get("newswatch/fetch/error/http_404", 0) >= 1  # /news/missing
    assert stats.get("newswatch/article/not_html", 0) == 1  # the PDF
    assert stats.get("downloader/response_status_count/500", 0) >= 1  # flaky, then recovered
    assert site.hits["/news/flaky-story"] >= 2
    # the too-big page is cancelled by DOWNLOAD_MAXSIZE, logged and counted as a fetch error
    assert any(k.startswith("newswatch/fetch/error/") and "404" not in k for k in stats), stats
    stored_paths = _by_path(first_run, site)
    for path in BAD_PATHS:
        assert path not in stored_paths


def test_every_stat_of_the_crawl_is_in_the_stats_reference(first_run):
    # docs/stats.md against a real run's stats (tests/test_docs_stats.py holds it against the source)
    assert first_run.stats.get("newswatch/article/parsed", 0) > 0
    assert not undocumented_stats(first_run.stats), "add them to docs/stats.md"


def test_fields_from_json_ld(first_run, site):
    doc = _by_path(first_run, site)["/news/nato-air-defence-ukraine"]
    assert doc["authors"] == ["Olena Kovalenko", "James Whitfield"]
    assert doc["language"] == "en"
    assert doc["section"] == "World"
    assert {"NATO", "Ukraine"} <= set(doc["tags"])
    now = datetime.now(UTC)
    assert timedelta(hours=23) < now - doc["published_at"] < timedelta(hours=25)
    assert now - doc["modified_at"] < timedelta(hours=3)  # modified date kept apart from published
    assert doc["published_at"].tzinfo is not None
    assert doc["image_url"] == site.url("/img/patriot.jpg")
    assert doc["canonical_url"] == site.url("/news/nato-air-defence-ukraine")
    assert "Patriot air defence systems" in doc["body"]
    assert "Related" not in doc["body"] and "Home" not in doc["body"]
    assert doc["body"].count("\n\n") >= 3  # paragraphs separated by blank lines
    assert doc["word_count"] == len(doc["body"].split())
    assert doc["source"] == doc["domain"] == site.base_url.split("//")[1]  # ad-hoc crawls: the site
    assert doc["feed"]["via"] == "rss"
    assert doc["revision"] == 1 and doc["first_seen_at"] == doc["last_seen_at"]


def test_fields_from_opengraph_only(first_run, site):
    doc = _by_path(first_run, site)["/news/kremlin-talks"]
    assert doc["authors"] == ["Anna Petrova"]
    assert doc["section"] == "Russia"
    assert doc["tags"][:2] == ["Kremlin", "Peace talks"]
    assert doc["image_url"] == site.url("/img/kremlin.jpg")
    assert "utm_source" not in doc["canonical_url"] or "utm_source" not in doc["url_key"]
    assert "Share on Facebook" not in doc["body"]


def test_bare_html_page(first_run, site):
    doc = _by_path(first_run, site)["/news/kharkiv-drone-attack"]
    assert doc["published_at"] is not None
    assert "30,000 households" in doc["body"]
    assert "terrible news" not in doc["body"]  # comments are not article text


def test_windows_1251_page_is_decoded(first_run, site):
    doc = _by_path(first_run, site)["/ru/news/pvo-belgorod"]
    assert doc["language"] == "ru"
    assert "противовоздушной обороны" in doc["body"]
    assert "Ð" not in doc["body"] and "\ufffd" not in doc["body"]


def test_news_sitemap_fields(first_run, site):
    doc = _by_path(first_run, site)["/uk/news/zelenskyi-nato-ppo"]
    assert doc["language"] == "uk"
    assert doc["authors"] == ["Марія Шевчук"]
    assert "ППО" in doc["tags"] and "Зеленський" in doc["tags"]
    assert doc["feed"]["via"] == "news-sitemap"


def test_redirect_is_followed(first_run, site):
    assert "/news/redirected-story" in _by_path(first_run, site)


def test_second_crawl_creates_no_duplicates(first_run, site, crawl_dir):
    before = {d["url_key"]: d for d in first_run.stored()}
    args = {
        "feeds": ",".join(site.url(p) for p in ("/rss.xml", "/atom.xml", "/rdf.xml")),
        "sitemaps": site.url("/robots.txt"),
    }
    second = run_crawl(crawl_dir, args=args)
    assert second.returncode == 0, second.log[-3000:]
    after = {d["url_key"]: d for d in second.stored()}
    assert after.keys() == before.keys()
    for key, doc in after.items():
        assert doc["first_seen_at"] == before[key]["first_seen_at"]
        assert doc["last_seen_at"] >= before[key]["last_seen_at"]
        assert doc["revision"] == 1
    assert second.stat("newswatch/store/inserted") == 0


def test_since_all_fetches_old_entries(site, tmp_path):
    run = run_crawl(tmp_path, args={"feeds": site.url("/rss.xml"), "since": "all"})
    assert run.returncode == 0, run.log[-2000:]
    assert any(d["url"].endswith("/news/old-story") for d in run.stored())


def test_bad_since_fails_clearly(site, tmp_path):
    run = run_crawl(tmp_path, args={"feeds": site.url("/rss.xml"), "since": "yesterday-ish"})
    assert run.returncode != 0
    assert "since='yesterday-ish'" in run.log
