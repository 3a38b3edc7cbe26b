"""Relative publication dates («Сьогодні, 14:05», «2 часа назад», "30 mins ago") resolved against the fetch time:
the pure chain (process_article), the loader's precedence (a relative page date is the weakest source), the
spider's fetch time (the HTTP ``Date`` header), ``newswatch extract --fetched-at``, and one real crawl of the
mock site. The forms themselves: tests/test_normalize.py."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswatch import cli
from newswatch.loaders import build_article
from newswatch.process import process_article, process_page
from newswatch.spiders._base import fetch_time
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, feed_route, render

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MOCK_PAGES = Path(__file__).resolve().parent / "mocksite" / "pages"
LB_UA = FIXTURES / "extract_unseen" / "lb_ua.html"
LB_UA_URL = "https://lb.ua/news/2026/11/26/645321_rada_uhvalila_zakon_pro_mnozhynne.html"
FETCHED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 11:00 in Kyiv: «Вчора, 18:30» is the 26th, 16:30 UTC
KYIV = ZoneInfo("Europe/Kyiv")


# --- the pure chain -------------------------------------------------------------------------------------------


def test_process_article_resolves_the_shown_relative_date_only_with_a_fetch_time():
    body = LB_UA.read_bytes()
    page = process_page(body, LB_UA_URL, fetched_at=FETCHED)
    assert page["published_at"] == datetime(2026, 11, 26, 16, 30, tzinfo=UTC)
    assert page["published_relative"] is True
    item = process_article(body, LB_UA_URL, fetched_at=FETCHED, source="lb.ua")["item"]
    assert item["published_at"] == datetime(2026, 11, 26, 16, 30, tzinfo=UTC)
    # without it, as before: the URL's day, and no mark
    page = process_page(body, LB_UA_URL)
    assert page["published_at"] == datetime(2026, 11, 26, tzinfo=UTC) and page["published_relative"] is False


def test_a_relative_date_off_the_urls_day_is_not_taken():
    # fetched two days later (a stale copy, a wrong clock): «Вчора» would be the 27th, the URL says the 26th
    page = process_page(LB_UA.read_bytes(), LB_UA_URL, fetched_at=FETCHED + timedelta(days=1))
    assert page["published_at"] == datetime(2026, 11, 26, tzinfo=UTC) and page["published_relative"] is False


def test_structured_dates_still_win_over_a_relative_one_shown():
    html = ("<html lang='uk'><head><meta property='article:published_time' content='2026-11-27T06:15:00+00:00'>"
            "</head><body><article><h1>Сили оборони відбили атаку під Покровськом</h1>"
            "<div class='date'>2 години тому</div>" + "<p>Текст новини про бої на фронті та дії ППО.</p>" * 6
            + "</article></body></html>").encode()
    page = process_page(html, "https://example.com.ua/news/1", fetched_at=FETCHED)
    assert page["published_at"] == datetime(2026, 11, 27, 6, 15, tzinfo=UTC) and page["published_relative"] is False


# --- the loader: a relative page date is the weakest source ---------------------------------------------------


def _page(published, relative=True):
    return {"title": "Рада ухвалила закон", "body": "Текст.", "published_at": published,
            "published_relative": relative}


RELATIVE = datetime(2026, 11, 26, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize(("feed_date", "relative", "expected"), [
    (None, True, RELATIVE),  # nothing else: the page's
    (datetime(2026, 11, 26, 16, 31, 12, tzinfo=UTC), True, datetime(2026, 11, 26, 16, 31, 12, tzinfo=UTC)),  # exact
    (datetime(2026, 11, 26, 12, 0, tzinfo=UTC), True, datetime(2026, 11, 26, 12, 0, tzinfo=UTC)),  # disagrees
    ("Thu, 26 Nov 2026 14:02:00 +0200", True, datetime(2026, 11, 26, 12, 2, tzinfo=UTC)),  # a feed's string
    (datetime(2026, 11, 26, tzinfo=UTC), True, RELATIVE),  # a day-only sitemap date of the same day: less precise
    (datetime(2026, 11, 20, tzinfo=UTC), True, datetime(2026, 11, 20, tzinfo=UTC)),  # ... of another day
    (datetime(2026, 11, 26, 12, 0, tzinfo=UTC), False, RELATIVE),  # an absolute page date wins, as before
])
def test_the_loader_prefers_the_feed_date_over_a_relative_page_date(feed_date, relative, expected):
    item = build_article(_page(RELATIVE, relative), url=LB_UA_URL, source="lb.ua",
                         entry={"via": "rss", "published_at": feed_date})
    assert item["published_at"] == expected


# --- the spider's fetch time ------------------------------------------------------------------------------------


def test_fetch_time_is_the_date_header_when_sane():
    now = datetime(2026, 11, 27, 18, 0, 30, tzinfo=UTC)
    served = datetime(2026, 11, 27, 18, 0, 12, tzinfo=UTC)
    assert fetch_time(format_datetime(served, usegmt=True).encode(), now) == served
    assert fetch_time(b"Fri, 27 Nov 2026 20:00:12 +0200", now) == served
    cached = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # replayed from the HTTP cache: rendered then
    assert fetch_time(format_datetime(cached, usegmt=True).encode(), now) == cached
    for insane in (b"Thu, 01 Jan 1970 00:00:00 GMT", b"Fri, 27 Nov 2026 19:00:00 GMT", b"Sun, 01 Nov 2026 10:00:00 GMT",
                   b"garbage", b"", None, b"\xff\xfe"):
        assert fetch_time(insane, now) == now
    assert abs(fetch_time(None) - datetime.now(UTC)) < timedelta(seconds=5)


# --- the command ------------------------------------------------------------------------------------------------


def test_extract_command_takes_the_fetch_time(capsys):
    code = cli.main(["extract", str(LB_UA), "--url", LB_UA_URL, "--fetched-at", "2026-11-27T11:00:00+02:00"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["published_at"] == "2026-11-26T16:30:00+00:00"
    cli.main(["extract", str(LB_UA), "--url", LB_UA_URL, "--fetched-at", "2026-11-27T09:00"])  # naive: UTC
    assert json.loads(capsys.readouterr().out)["published_at"] == "2026-11-26T16:30:00+00:00"
    cli.main(["extract", str(LB_UA), "--url", LB_UA_URL])
    assert json.loads(capsys.readouterr().out)["published_at"] == "2026-11-26T00:00:00+00:00"
    with pytest.raises(SystemExit):
        cli.main(["extract", str(LB_UA), "--fetched-at", "yesterday"])


# --- a real crawl -----------------------------------------------------------------------------------------------

_SHOWN_AGO = timedelta(minutes=90)
_FEED_AGO = timedelta(hours=5)
_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Mock Herald</title><link>{{base}}/</link>
<item><title>Повітряні сили: над Київщиною збили дванадцять ударних дронів</title>
 <link>{{base}}/uk/news/relative-date</link><category>НАТО</category></item>
<item><title>Генштаб ВСУ: на Покровском направлении отбиты 27 атак</title>
 <link>{{base}}/ru/news/relative-date</link><pubDate>{{rfc822:5h}}</pubDate></item>
</channel></rss>
"""


def _shown(now: datetime, today: str, yesterday: str) -> str:
    """«Сьогодні, HH:MM» 90 minutes before the request, in Kyiv time («Вчора, ...» just after midnight)."""
    local, when = now.astimezone(KYIV), (now - _SHOWN_AGO).astimezone(KYIV)
    return f"{today if when.date() == local.date() else yesterday}, {when:%H:%M}"


def _relative_page(name: str, today: str, yesterday: str):
    def route(handler, base):
        now = datetime.now(UTC)
        html = (MOCK_PAGES / name).read_text(encoding="utf-8").replace("{{shown}}", _shown(now, today, yesterday))
        html = html.replace("{{clock}}", f"{today}, {now.astimezone(KYIV):%H:%M}")  # the site's clock widget
        return 200, "text/html; charset=utf-8", render(html, base, now).encode(), None
    return route


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    routes = {
        "/rss.xml": feed_route(_FEED, "application/rss+xml; charset=utf-8"),
        "/uk/news/relative-date": _relative_page("uk-relative-date.html", "Сьогодні", "Вчора"),
        "/ru/news/relative-date": _relative_page("ru-relative-date.html", "Сегодня", "Вчера"),
    }
    with MockNewsSite(routes=routes) as site:
        started = datetime.now(UTC)
        run = run_crawl(tmp_path_factory.mktemp("relative"), args={"feeds": site.url("/rss.xml")},
                        settings={"NEWSWATCH_EXTRACT_WORKERS": "1"})
        assert run.returncode == 0, run.log[-3000:]
        return site, run, started, datetime.now(UTC)


def test_a_crawl_stores_the_date_a_page_shows_only_relatively(crawl):
    site, run, started, finished = crawl
    docs = {doc["url"][len(site.base_url):]: doc for doc in run.stored()}
    assert set(docs) == {"/uk/news/relative-date", "/ru/news/relative-date"}, run.log[-3000:]
    # «Сьогодні, HH:MM» (Kyiv time, to the minute) 90 minutes before the fetch, no feed date, no structured date
    published = docs["/uk/news/relative-date"]["published_at"]
    published = datetime.fromisoformat(published) if isinstance(published, str) else published
    published = published.replace(tzinfo=published.tzinfo or UTC)
    low = (started - _SHOWN_AGO).replace(second=0, microsecond=0)
    assert low <= published <= finished - _SHOWN_AGO
    assert published.second == 0
    # the same kind of page with an exact feed date: the feed's (5 h ago), not the page's (90 min ago)
    feed_dated = docs["/ru/news/relative-date"]["published_at"]
    feed_dated = datetime.fromisoformat(feed_dated) if isinstance(feed_dated, str) else feed_dated
    feed_dated = feed_dated.replace(tzinfo=feed_dated.tzinfo or UTC)
    assert started - _FEED_AGO - timedelta(seconds=5) <= feed_dated <= finished - _FEED_AGO + timedelta(seconds=5)
