"""An outlet's declared clock (``timezone:`` in sources.yaml): zone-less dates read in it, before any guess.

Order: a date's own offset wins; then the outlet's declared zone; then the guesses (domain, locale, page, language).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from newswatch import cli
from newswatch.extract import extract_article, extract_metadata, parse_html
from newswatch.process import process_article
from newswatch.sources import SourcesError, load_sources, parse_sources
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, feed_route

UNSEEN2 = Path(__file__).resolve().parent / "fixtures" / "extract_unseen2"
E1_URL = "https://www.e1.ru/text/gorod/2026/11/27/74412093/"


def _regional_ru_page(shown: str, title: str = "В Екатеринбурге открыли пункт сбора помощи для Белгородской области",
                      head: str = "") -> str:
    """A regional Russian outlet's article (the shape of e1.ru / ngs.ru pages): lang ru, og:locale ru_RU, the time
    shown under the headline with no zone («27.11.2026 14:40»), nothing in the footer naming the city's clock."""
    return f"""<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>{title} - Уральские новости</title>
<meta property="og:locale" content="ru_RU"><meta property="og:site_name" content="Уральские новости">
<meta property="og:title" content="{title}">{head}
</head><body>
<header class="site-header"><a href="/">Уральские новости</a><nav><a href="/news/">Новости</a></nav></header>
<main><article class="article">
<div class="article__meta"><a href="/news/gorod/">Город</a><span class="article__date">{shown}</span></div>
<h1>{title}</h1>
<div class="article__author">Автор: Мария Соколова</div>
<p>В Екатеринбурге на улице Малышева открылся пункт сбора гуманитарной помощи для жителей приграничных районов
Белгородской области, пострадавших от обстрелов. Об этом сообщили в городской администрации.</p>
<p>Пункт работает ежедневно с 10:00 до 19:00. Волонтёры принимают продукты длительного хранения, тёплые вещи,
средства гигиены и лекарства. Первую машину с грузом планируют отправить в начале декабря.</p>
<p>Ранее похожие пункты открыли в Челябинске и Тюмени. По словам организаторов, за первые сутки горожане принесли
около двух тонн вещей и продуктов.</p>
</article></main>
<footer class="site-footer"><p>© 2026 Уральские новости. Все права защищены.</p></footer>
</body></html>"""


def _published(html: str, url: str, zone=None) -> datetime | None:
    return extract_metadata(parse_html(html), url, zone=zone)["published_at"]


# --- extract_metadata with the zone passed ----------------------------------------------------------------------

@pytest.mark.parametrize(("zone", "expected_utc"), [
    ("Asia/Yekaterinburg", datetime(2026, 11, 27, 9, 40, tzinfo=UTC)),   # +5
    ("Asia/Novosibirsk", datetime(2026, 11, 27, 7, 40, tzinfo=UTC)),     # +7
    ("Asia/Vladivostok", datetime(2026, 11, 27, 4, 40, tzinfo=UTC)),     # +10
    ("Europe/Kaliningrad", datetime(2026, 11, 27, 12, 40, tzinfo=UTC)),  # +2
])
def test_a_regional_russian_outlets_shown_time_is_read_in_its_declared_zone(zone, expected_utc):
    html = _regional_ru_page("27.11.2026 14:40")
    url = "https://www.ural-news.ru/news/gorod/2026/11/27/pomoshch/"
    assert _published(html, url) == datetime(2026, 11, 27, 11, 40, tzinfo=UTC)  # the guess: .ru -> Moscow
    assert _published(html, url, zone) == expected_utc
    assert _published(html, url, ZoneInfo(zone)) == expected_utc  # a tzinfo works as well as its name


def test_a_real_regional_page_without_its_app_state_is_right_only_with_the_declared_zone():
    """e1.ru shows Yekaterinburg's clock («27 ноября 2026, 14:05»); only its app state carries the +05:00."""
    html = (UNSEEN2 / "e1_ru.html").read_text(encoding="utf-8")
    stripped = re.sub(r"<script>window\.__INITIAL_STATE__=.*?</script>", "", html, flags=re.S)
    assert stripped != html
    expected = datetime.fromisoformat(json.loads((UNSEEN2 / "e1_ru.json").read_text())["published_at"])
    assert _published(stripped, E1_URL) == expected + timedelta(hours=2)  # read as Moscow's 14:05: two hours late
    assert _published(stripped, E1_URL, "Asia/Yekaterinburg") == expected
    assert extract_article(stripped, E1_URL, zone="Asia/Yekaterinburg")["published_at"] == expected


def test_a_dates_own_offset_wins_over_the_declared_zone():
    # the app state's "2026-11-27T14:05:00+05:00": a wrong declaration (Moscow) does not move it
    html = (UNSEEN2 / "e1_ru.html").read_text(encoding="utf-8")
    assert _published(html, E1_URL, "Europe/Moscow") == datetime(2026, 11, 27, 9, 5, tzinfo=UTC)
    # znak.com's article:published_time "2026-11-27T13:12:00+05:00"
    znak = (UNSEEN2 / "znak_com.html").read_text(encoding="utf-8")
    for zone in (None, "Europe/Moscow", "Asia/Vladivostok"):
        assert _published(znak, "https://www.znak.com/", zone) == datetime(2026, 11, 27, 8, 12, tzinfo=UTC)
    # a structured date with its offset, on a page whose shown time has none
    head = '<meta property="article:published_time" content="2026-11-27T14:40:00+03:00">'
    page = _regional_ru_page("27.11.2026 14:40", head=head)
    assert _published(page, "https://ural-news.ru/a", "Asia/Yekaterinburg") == datetime(2026, 11, 27, 11, 40,
                                                                                         tzinfo=UTC)


def test_a_naive_structured_date_takes_the_declared_zone():
    head = '<meta property="article:published_time" content="2026-11-27T14:40:00">'
    page = _regional_ru_page("27.11.2026 14:40", head=head)
    assert _published(page, "https://ural-news.ru/a") == datetime(2026, 11, 27, 11, 40, tzinfo=UTC)
    assert _published(page, "https://ural-news.ru/a", "Asia/Novosibirsk") == datetime(2026, 11, 27, 7, 40, tzinfo=UTC)


def test_a_ukrainian_outlets_english_edition_on_com():
    """Nothing on a Kyiv outlet's English page on .com names Kyiv's clock: the guess is UTC, two hours off."""
    title = "Air defence downs 40 drones over Kyiv region overnight"
    html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Frontline Ledger</title>
<meta property="og:site_name" content="Frontline Ledger"><meta property="og:locale" content="en_US"></head><body>
<article><h1>{title}</h1><div class="post-meta"><span class="byline">By Olena Kovalenko</span>
<span class="post-date">Nov 27, 2026, 14:40</span></div>
<p>Ukraine's air defence forces shot down 40 of the 52 drones Russia launched overnight, the air force said on
Friday morning, most of them over the Kyiv region.</p>
<p>Debris fell on two residential buildings in the Bucha district, regional officials said. No one was injured.</p>
</article><footer>© 2026 Frontline Ledger. All rights reserved.</footer></body></html>"""
    url = "https://frontlineledger.com/en/news/air-defence-downs-40-drones/"
    assert _published(html, url) == datetime(2026, 11, 27, 14, 40, tzinfo=UTC)
    assert _published(html, url, "Europe/Kyiv") == datetime(2026, 11, 27, 12, 40, tzinfo=UTC)


def test_the_declared_zone_wins_over_the_domain_and_an_unknown_one_falls_back_to_the_guess(caplog):
    html = _regional_ru_page("27.11.2026 14:40")
    url = "https://ngs-like.ru/text/2026/11/27/1/"
    assert _published(html, url, "Asia/Novosibirsk") == datetime(2026, 11, 27, 7, 40, tzinfo=UTC)
    for bad in ("Asia/Ekaterinburg", "", "../../etc/passwd", 5):
        assert _published(html, url, bad) == datetime(2026, 11, 27, 11, 40, tzinfo=UTC)  # never raises
    assert "declared time zone 'Asia/Ekaterinburg' unknown" in caplog.text


def test_process_article_takes_the_zone_from_the_outlets_overrides():
    body = _regional_ru_page("27.11.2026 14:40").encode()
    overrides = parse_sources({"ural": {"name": "Ural", "feeds": ["https://ural-news.ru/rss"],
                                        "timezone": "Asia/Yekaterinburg"}})["ural"].metadata
    done = process_article(body, "https://ural-news.ru/a", source="ural", overrides=overrides)
    assert done["item"]["published_at"] == datetime(2026, 11, 27, 9, 40, tzinfo=UTC)
    guessed = process_article(body, "https://ural-news.ru/a", source="ural", overrides=None)
    assert guessed["item"]["published_at"] == datetime(2026, 11, 27, 11, 40, tzinfo=UTC)


# --- sources.yaml -----------------------------------------------------------------------------------------------

def _entry(**extra) -> dict:
    return {"ural_news": {"name": "Ural News", "feeds": ["https://ural-news.ru/rss"], **extra}}


def test_the_timezone_key_is_loaded_and_carried_to_extraction():
    source = parse_sources(_entry(timezone="Asia/Yekaterinburg", metadata={"section": "Город"}))["ural_news"]
    assert source.timezone == "Asia/Yekaterinburg"
    assert source.metadata == {"section": "Город", "timezone": "Asia/Yekaterinburg"}
    plain = parse_sources(_entry())["ural_news"]
    assert plain.timezone is None and "timezone" not in plain.metadata  # default: guessed


@pytest.mark.parametrize(("value", "message"), [
    ("Asia/Ekaterinburg", r"outlet 'ural_news': timezone 'Asia/Ekaterinburg' is not an IANA time zone name "
                          r"\(did you mean 'Asia/Yekaterinburg'\?\)"),
    ("Novosibirsk", r"outlet 'ural_news': timezone 'Novosibirsk' .*did you mean 'Asia/Novosibirsk'"),
    ("+05:00", r"outlet 'ural_news': timezone '\+05:00' is not an IANA time zone name"),
    (5, r"outlet 'ural_news': timezone 5 is not an IANA"),
    ("", r"outlet 'ural_news': timezone '' is not an IANA"),
])
def test_a_bad_timezone_fails_loading_with_the_outlet_and_the_value(value, message):
    with pytest.raises(SourcesError, match=message):
        parse_sources(_entry(timezone=value))


def test_a_bad_timezone_in_the_file_names_the_file_and_conflicting_declarations_fail(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump(_entry(timezone="Europe/Kiyv")), encoding="utf-8")
    with pytest.raises(SourcesError, match=rf"{re.escape(str(path))}: outlet 'ural_news': timezone 'Europe/Kiyv'.*"
                                           r"did you mean 'Europe/Kyiv'"):
        load_sources(path)
    with pytest.raises(SourcesError, match="differ"):
        parse_sources(_entry(timezone="Asia/Yekaterinburg", metadata={"timezone": "Europe/Moscow"}))
    with pytest.raises(SourcesError, match="not an IANA"):
        parse_sources(_entry(metadata={"timezone": "MSK"}))


def test_every_packaged_outlets_timezone_is_valid():
    for source in load_sources().values():
        assert source.timezone is None or ZoneInfo(source.timezone), source.key


# --- the command ------------------------------------------------------------------------------------------------

def test_extract_command_takes_a_timezone(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(_regional_ru_page("27.11.2026 14:40"), encoding="utf-8")
    assert cli.main(["extract", str(page), "--url", "https://ural-news.ru/a", "--timezone", "Asia/Yekaterinburg"]) == 0
    assert json.loads(capsys.readouterr().out)["published_at"] == "2026-11-27T09:40:00+00:00"
    assert cli.main(["extract", str(page), "--url", "https://ural-news.ru/a"]) == 0
    assert json.loads(capsys.readouterr().out)["published_at"] == "2026-11-27T11:40:00+00:00"
    with pytest.raises(SystemExit):
        cli.main(["extract", str(page), "--timezone", "Asia/Ekaterinburg"])
    assert "did you mean 'Asia/Yekaterinburg'" in capsys.readouterr().err


# --- a real crawl -----------------------------------------------------------------------------------------------

_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Уральские новости</title><link>{{base}}/ural/</link><language>ru</language>
<item><title>В Екатеринбурге открыли пункт сбора помощи для Белгородской области</title>
<link>{{base}}/ural/news/gorod/pomoshch</link><pubDate>{{rfc822:5h}}</pubDate></item>
</channel></rss>
"""


def test_a_crawled_outlet_declaring_its_zone_stores_the_right_utc_time(tmp_path):
    # shown two hours ago on Yekaterinburg's clock, to the minute, with no zone
    local = (datetime.now(UTC) - timedelta(hours=2)).astimezone(ZoneInfo("Asia/Yekaterinburg")).replace(
        second=0, microsecond=0)
    page = _regional_ru_page(local.strftime("%d.%m.%Y %H:%M")).encode("utf-8")
    routes = {"/robots.txt": lambda h, b: (200, "text/plain", b"User-agent: *\nAllow: /\n", None),
              "/ural/rss.xml": feed_route(_FEED, "application/rss+xml"),
              "/ural/news/gorod/pomoshch": lambda h, b: (200, "text/html; charset=utf-8", page, None)}
    with MockNewsSite(routes=routes) as site:
        sources = tmp_path / "sources.yaml"
        sources.write_text(yaml.safe_dump({"ural_news": {
            "name": "Уральские новости", "url": site.url("/ural/"), "languages": ["ru"],
            "timezone": "Asia/Yekaterinburg", "feeds": [site.url("/ural/rss.xml")]}}, allow_unicode=True),
            encoding="utf-8")
        run = run_crawl(tmp_path, "ural_news", env={"NEWSWATCH_SOURCES": str(sources)},
                        settings={"NEWSWATCH_EXTRACT_WORKERS": "0"})
    run.assert_finished_cleanly()
    [doc] = run.stored()
    published = doc["published_at"]
    published = datetime.fromisoformat(published) if isinstance(published, str) else published
    published = published if published.tzinfo else published.replace(tzinfo=UTC)
    assert published == local.astimezone(UTC)
    assert published - local.replace(tzinfo=ZoneInfo("Europe/Moscow")).astimezone(UTC) == timedelta(hours=-2)


_LASTMOD_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{{base}}/ural/news/gorod/vchera</loc><lastmod>%s</lastmod></url>
<url><loc>{{base}}/ural/news/gorod/pomoshch</loc><lastmod>%s</lastmod></url>
</urlset>
"""


def test_a_crawled_outlets_sitemap_lastmod_without_offset_is_read_in_its_zone(tmp_path):
    # lastmods on Yekaterinburg's clock with no offset ("…T14:40:00"): one 3 h ago, one 1 h ago; since = 2 h ago.
    # Read as UTC both would be in the future and both fetched; read at +5 only the newer one is.
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    ural = ZoneInfo("Asia/Yekaterinburg")
    old, fresh = ((now - timedelta(hours=h)).astimezone(ural) for h in (3, 1))
    sitemap = _LASTMOD_SITEMAP % (old.strftime("%Y-%m-%dT%H:%M:%S"), fresh.strftime("%Y-%m-%dT%H:%M:%S"))
    pages = {path: _regional_ru_page(shown.strftime("%d.%m.%Y %H:%M")).encode("utf-8")
             for path, shown in (("/ural/news/gorod/vchera", old), ("/ural/news/gorod/pomoshch", fresh))}
    routes = {"/robots.txt": lambda h, b: (200, "text/plain", b"User-agent: *\nAllow: /\n", None),
              "/ural/sitemap.xml": feed_route(sitemap, "application/xml"),
              **{path: (lambda h, b, page=page: (200, "text/html; charset=utf-8", page, None))
                 for path, page in pages.items()}}
    with MockNewsSite(routes=routes) as site:
        sources = tmp_path / "sources.yaml"
        sources.write_text(yaml.safe_dump({"ural_news": {
            "name": "Уральские новости", "url": site.url("/ural/"), "languages": ["ru"],
            "timezone": "Asia/Yekaterinburg", "sitemaps": [site.url("/ural/sitemap.xml")]}}, allow_unicode=True),
            encoding="utf-8")
        since = (now - timedelta(hours=2)).isoformat()
        run = run_crawl(tmp_path, "ural_news", args={"since": since}, env={"NEWSWATCH_SOURCES": str(sources)},
                        settings={"NEWSWATCH_EXTRACT_WORKERS": "0"})
    run.assert_finished_cleanly()
    assert run.stat("newswatch/discovery/skipped_old") == 1
    [doc] = run.stored()
    assert doc["url"].endswith("/ural/news/gorod/pomoshch")
