"""Error, bot and consent pages served with HTTP 200 are told from articles (newswatch.extract.error_page_reason)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newswatch import _steps
from newswatch.extract import error_page_reason
from newswatch.pipelines import ValidatePipeline
from newswatch.process import process_article
from tests.mocksite.hostile2 import _soft_404

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / ".." / "shared" / "datasets" / "readability-news"
FIXTURES = ROOT / "tests" / "fixtures"
#: Sign-in, registration, password, session and checkout pages (pos_*) and articles that talk about signing in,
#: carry a login box or are paywalled teasers (neg_*), en/uk/ru; each also as *_mainbox, with the site's "Most read"
#: box inside <main>, where the extractor takes it for the page's text. Expected verdicts in expected.json.
SIGNIN = FIXTURES / "error_pages_signin"
SIGNIN_EXPECTED = json.loads((SIGNIN / "expected.json").read_text(encoding="utf-8"))
#: Every fixture page under tests/fixtures is an article, except the sign-in set's pages that are not.
FIXTURE_PAGES = sorted(p for p in FIXTURES.rglob("*.html") if p.parent != SIGNIN)


def _article(html: bytes, url: str) -> dict:
    return process_article(html, url)["item"]


def _cleaned(item: dict) -> dict:
    """The item as ValidatePipeline sees it: after CleanPipeline's step (body, word_count, paywalled)."""
    rules, key = _steps._worker_rules(item.get("source"))
    body, cleaning, paywalled, words = _steps.clean_article(*_steps.clean_inputs(item, key)[:6], rules)
    return {**dict(item), "body": body, "cleaning": cleaning, "paywalled": paywalled, "word_count": words}


def _validated(item: dict) -> str:
    """``"kept"``, or the reason the real ValidatePipeline (default settings) drops the cleaned item for."""
    pipeline = ValidatePipeline.from_crawler(get_crawler())
    try:
        pipeline.process_item(item)
    except DropItem as drop:
        return str(drop).split(":", 1)[0]
    return "kept"


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


def _url(page: Path) -> str | None:
    meta = page.with_suffix(".json")
    try:
        return json.loads(meta.read_text()).get("url") if meta.exists() else None
    except (ValueError, AttributeError):  # an outlet fixture's JSON that is not a page's metadata
        return None


def _pages():
    for folder in sorted(REAL.iterdir()):
        if (folder / "source.html").exists():
            yield pytest.param(folder / "source.html", "https://example.com/" + folder.name, id=folder.name)
    for page in FIXTURE_PAGES:
        yield pytest.param(page, _url(page) or f"https://{page.stem}.example/news/1",
                           id=str(page.relative_to(FIXTURES).with_suffix("")))


@pytest.mark.parametrize(("path", "url"), list(_pages()))
def test_no_real_article_is_taken_for_an_error_page(path, url):
    item = _article(path.read_bytes(), url)
    assert error_page_reason(item.get("title"), item.get("body"), item.get("word_count")) is None
    cleaned = _cleaned(item)  # what ValidatePipeline judges
    assert error_page_reason(cleaned["title"], cleaned["body"], cleaned["word_count"]) is None


def test_every_fixture_set_is_checked():
    assert len(FIXTURE_PAGES) >= 180 and {p.parent.name for p in FIXTURE_PAGES} >= {
        "extract_unseen", "extract_unseen3", "clean_holdout4", "clean_unseen2"}


# --- sign-in, registration, password, session and checkout pages ----------------------------------------------


@pytest.mark.parametrize("title", [
    "Sign in | Kyiv Daily", "Log in - The Kyiv Ledger", "Login", "Sign in or register | Moscow Monitor",
    "Create your free account - Eastern Front Report", "Register | Kyiv Daily", "Reset your password | Kyiv Daily",
    "Forgot password?", "Session expired", "Subscribe – Checkout | The Kyiv Ledger", "My account | Kyiv Daily",
    "Вхід | Київський вісник", "Реєстрація — Фронтова правда", "Відновлення пароля", "Оформлення передплати",
    "Вход на сайт | Новая неделя", "Регистрация", "Восстановление пароля — Независимый обозреватель",
    "Оформление подписки | Новая неделя", "Личный кабинет",
])
def test_account_page_titles(title):
    assert error_page_reason(title, "") == "title"


@pytest.mark.parametrize("title", [
    "Sign in with Diia: how Ukraine kept its state online through the war | Kyiv Daily",
    "Log in, lock down: NATO's cyber defenders rehearse a Russian attack", "Checkout of the Black Sea fleet",
    "Russian hackers leak passwords of thousands of Baltic officials", "Register of Russian war criminals grows",
    "Як увійти в «Резерв+» після оновлення | Київський вісник", "ВСУ не дали войти в Купянск | Новая неделя",
    "Підписка на ворога: як Telegram-канали вербують українців", "Вход в Купянск: что известно",
    "Vladimir Putin - profile", "The account of a Mariupol survivor",
])
def test_headlines_with_account_words_are_articles(title):
    assert error_page_reason(title, "A story. " * 80) is None


@pytest.mark.parametrize("body", [
    "Log in to continue reading.\n\nNew to The Baltic Courier? Register now.",
    "This story is available to registered readers. Log in with your email and password.",
    "Your session has expired\n\nPlease sign in again.",
    "Create a free account to continue reading\n\nUnlimited access to news and analysis.",
    "Ваша сесія завершилася\n\nБудь ласка, увійдіть знову.", "Войдите в личный кабинет, чтобы читать материалы.",
])
def test_account_openings_of_short_pages(body):
    assert error_page_reason("Kyiv Daily", body + "\n\n" + "Most read teaser. " * 30) == "opening"


@pytest.mark.parametrize("prompt", ["Log in to continue reading.", "Create a free account to continue reading.",
                                    "Войдите, чтобы читать дальше."])
def test_a_teaser_whose_lede_comes_before_the_login_prompt_is_an_article(prompt):
    lede = "Ukraine's air force shot down 42 of 58 drones overnight, officials in Kyiv said."
    assert error_page_reason("Air defence holds over Kyiv", f"{lede}\n\n{prompt}") is None


def test_a_story_about_expired_sessions_is_an_article():
    body = ("Customers of Ukraine's largest online bank could not log in on Wednesday. Many users saw a message "
            "saying their session had expired and were asked to sign in again.")
    assert error_page_reason("Monobank customers locked out after Russian cyber-attack", body) is None


@pytest.mark.parametrize("name", [n for n, want in SIGNIN_EXPECTED.items() if want == "error"])
def test_blind_account_pages_are_dropped(name):
    item = _cleaned(_article((SIGNIN / f"{name}.html").read_bytes(), f"https://site.example/news/{name}"))
    verdict = "empty_after_cleaning" if not item["body"] and not item["paywalled"] else _validated(item)
    assert verdict != "kept", item["body"][:300]
    if item["word_count"] >= 40:  # long enough to be stored before: the error-page rules must be what drops it
        assert verdict == "error_page", item["body"][:300]


@pytest.mark.parametrize("name", [n for n, want in SIGNIN_EXPECTED.items() if want != "error"])
def test_blind_articles_about_signing_in_and_paywalled_teasers_are_kept(name):
    item = _cleaned(_article((SIGNIN / f"{name}.html").read_bytes(), f"https://site.example/news/{name}"))
    assert _validated(item) == "kept", item["body"][:300]
    assert item["paywalled"] is (SIGNIN_EXPECTED[name] == "paywalled")

