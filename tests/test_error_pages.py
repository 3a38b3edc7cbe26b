"""Error, bot and consent pages served with HTTP 200 are told from articles (newswatch.extract.error_page_reason)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newswatch.extract import error_page_reason
from newswatch.process import process_article
from tests.mocksite.hostile2 import _soft_404

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / ".." / "shared" / "datasets" / "readability-news"
FIXTURE_SETS = [ROOT / "tests" / "fixtures" / name for name in ("extract_unseen", "extract_unseen2", "clean_unseen",
                                                                  "clean_unseen2")]


def _article(html: bytes, url: str) -> dict:
    return process_article(html, url)["item"]


def test_a_soft_404_with_a_most_read_box_is_an_error_page():
    item = _article(_soft_404().encode(), "http://127.0.0.1:1/x/soft-404")
    assert item["word_count"] > 100  # enough words to pass the length check: the title has to decide
    assert error_page_reason(item["title"], item["body"], item["word_count"]) == "title"


@pytest.mark.parametrize("title", [
    "Page not found | Kyiv Daily", "Error 404 - Page Not Found", "404", "Сторінку не знайдено — Українська правда",
    "Помилка 404", "Страница не найдена", "Ошибка 404 :: Фонтанка", "Just a moment...",
    "Attention Required! | Cloudflare", "Access Denied", "Before you continue to Google", "Доступ запрещён",
])
def test_error_titles(title):
    assert error_page_reason(title, "") == "title"


@pytest.mark.parametrize("title", [
    "Page not found: how Russia hides its losses", "404 days of war: Ukraine counts the cost",
    "Not found: the missing children of Mariupol", "Forbidden zone: life near the Zaporizhzhia plant",
    "Доступ заборонено: як Росія блокує YouTube", "Страница не найдена: Роскомнадзор заблокировал сайт «Медузы»",
    "Access denied to Ukraine's grain corridor, says Kyiv", "Kyiv - Live updates",
])
def test_headlines_that_quote_error_words_are_articles(title):
    assert error_page_reason(title, "A story. " * 80) is None


@pytest.mark.parametrize("body", [
    "Sorry, the page you are looking for does not exist or has been moved. Try searching.",
    "Сторінка, яку ви шукаєте, не існує. Перейдіть на головну.",
    "Страница, которую вы ищете, не существует или была удалена.",
    "Checking if the site connection is secure. Enable JavaScript and cookies to continue.",
])
def test_error_openings_of_short_pages(body):
    assert error_page_reason("Kyiv Daily", body) == "opening"


def test_a_long_story_that_quotes_an_error_message_is_an_article():
    body = "The page you are looking for does not exist, Russian users saw on Tuesday. " + "More of the story. " * 150
    assert error_page_reason("Roskomnadzor blocks another outlet", body) is None


def _pages():
    for folder in sorted(REAL.iterdir()):
        if (folder / "source.html").exists():
            yield pytest.param(folder / "source.html", "https://example.com/" + folder.name, id=folder.name)
    for fixture_set in FIXTURE_SETS:
        for page in sorted(fixture_set.glob("*.html")):
            meta = page.with_suffix(".json")
            url = json.loads(meta.read_text()).get("url") if meta.exists() else None
            yield pytest.param(page, url or f"https://{page.stem}.example/news/1", id=f"{fixture_set.name}/{page.stem}")


@pytest.mark.parametrize(("path", "url"), list(_pages()))
def test_no_real_article_is_taken_for_an_error_page(path, url):
    item = _article(path.read_bytes(), url)
    assert error_page_reason(item.get("title"), item.get("body"), item.get("word_count")) is None

