"""An analyst's or operator's common mistakes: each ends in one line saying what is wrong and a non-zero exit
status, never a traceback, and nothing is crawled. (Bad NEWSWATCH_* values and a missing outlets file:
tests/test_ops.py.)"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from scrapy.exceptions import UsageError

from newswatch.cli import main
from newswatch.commands.crawl import check_spider_arguments, spider_arguments
from newswatch.sources import SourcesError, parse_sources
from newswatch.spiders.feeds import FeedsSpider
from newswatch.spiders.outlets import NatoSpider
from tests.crawling import PROJECT_ROOT
from tests.mocksite import MockNewsSite


def _run(*argv: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MONGO_", "NEWSWATCH_"))}
    return subprocess.run([sys.executable, "-m", *argv], cwd=PROJECT_ROOT, env={**base, **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def _last_line(done: subprocess.CompletedProcess, status: int) -> str:
    assert done.returncode == status, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return [line for line in done.stderr.splitlines() if line.strip()][-1]


# --- scrapy crawl's spider arguments -------------------------------------------------------------------------

def test_the_spiders_arguments_are_read_off_their_signature():
    assert spider_arguments(FeedsSpider) == spider_arguments(NatoSpider) == ("feeds", "sitemaps", "sections", "since")


@pytest.mark.parametrize(("spidercls", "spargs", "message"), [
    (NatoSpider, {"feed": "https://example.org/rss"}, "spider 'nato' takes no argument 'feed'; it takes: -a feeds=..."),
    (FeedsSpider, {"feeds": "https://example.org/rss", "sinse": "7d"}, "takes no argument 'sinse'"),
    (NatoSpider, {"since": "yesterday"}, "-a since='yesterday': expected YYYY-MM-DD, an ISO timestamp, Nd, Nh or"),
    (NatoSpider, {"since": "2026-13-45"}, "-a since='2026-13-45'"),
    (FeedsSpider, {}, "spider 'feeds': nothing to crawl; give -a feeds=URL[,URL...] and/or -a sitemaps="),
    (FeedsSpider, {"feeds": " , "}, "nothing to crawl"),
])
def test_spider_arguments_a_crawl_cannot_use_are_a_usage_error(spidercls, spargs, message):
    with pytest.raises(UsageError) as raised:
        check_spider_arguments(spidercls, spargs)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_spider_arguments_it_can_use_pass():
    check_spider_arguments(NatoSpider, {})  # an outlet has its own feeds
    check_spider_arguments(NatoSpider, {"since": "all"})
    check_spider_arguments(NatoSpider, {"since": "2026-11-20"})
    check_spider_arguments(FeedsSpider, {"sitemaps": "https://example.org/robots.txt", "since": "36h"})
    # Scrapyd passes its job id and egg version as spider arguments
    check_spider_arguments(FeedsSpider, {"feeds": "https://example.org/rss", "_job": "abc", "_version": "r7"})


def test_scrapy_crawl_with_a_misspelt_argument_stops_before_crawling(tmp_path):
    with MockNewsSite() as site:
        done = _run("scrapy", "crawl", "feeds", "-a", f"feeds={site.url('/rss.xml')}", "-a", "since=yesterday",
                    env={"NEWSWATCH_DB_PATH": str(tmp_path / "db.sqlite3"), "NEWSWATCH_ALLOW_PRIVATE_HOSTS": "1"})
        assert sum(site.hits.values()) == 0
    assert _last_line(done, 2).endswith(": error: -a since='yesterday': expected YYYY-MM-DD, an ISO timestamp, "
                                        "Nd, Nh or 'all'")  # "scrapy: error: ..." (here run as python -m scrapy)
    assert not (tmp_path / "db.sqlite3").exists()


def test_crawlall_with_a_bad_since_stops_before_any_outlet(tmp_path):
    done = _run("newswatch.cli", "crawlall", "--since", "last week", "--log-dir", str(tmp_path / "logs"))
    assert _last_line(done, 2).startswith("newswatch crawlall: error: argument --since: since='last week'")
    assert not (tmp_path / "logs").exists()


# --- unknown outlets -----------------------------------------------------------------------------------------

def test_an_unknown_outlet_is_named(tmp_path):
    assert _last_line(_run("scrapy", "crawl", "nato_en"), 2).endswith(
        ": error: Spider not found: nato_en; `scrapy list` shows the spiders")
    page = PROJECT_ROOT / "tests" / "fixtures" / "outlets" / "nato" / "article.html"
    line = _last_line(_run("newswatch.cli", "clean", "--source", "nato_en", str(page)), 2)
    assert line.endswith("unknown outlet 'nato_en' (--source): not in sources.yaml (`scrapy list`) and no "
                         "newswatch/clean/sites/nato_en.yaml")


# --- the outlets file ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("entry", "message"), [
    ({"feeds": ["www.example.org/rss"]}, "'feeds' entry 'www.example.org/rss' is not an http:// or https:// URL"),
    ({"sitemaps": ["ftp://example.org/sitemap.xml"]}, "'sitemaps' entry 'ftp://example.org/sitemap.xml' is not"),
    ({"feeds": ["https://example.org/rss"], "enabled": "false"}, "'enabled' must be true or false, not 'false'"),
    ({"feeds": ["https://example.org/rss"], "js": 1}, "'js' must be true or false, not 1"),
    ({"feeds": ["https://example.org/rss"], "feed": ["https://example.org/rss"]}, "unknown field(s) ['feed']"),
])
def test_a_malformed_outlet_entry_is_refused_with_what_is_wrong(entry, message):
    with pytest.raises(SourcesError) as raised:
        parse_sources({"herald": {"name": "Herald", **entry}})
    assert str(raised.value).startswith("outlet 'herald': ") and message in str(raised.value)


def test_well_formed_flags_and_urls_are_kept():
    [source] = parse_sources({"herald": {"feeds": ["https://example.org/rss"], "enabled": False, "js": True,
                                         "sitemaps": "http://127.0.0.1:8000/robots.txt"}}).values()
    assert (source.enabled, source.js, source.sitemaps) == (False, True, ("http://127.0.0.1:8000/robots.txt",))


def test_an_outlet_spider_that_cannot_be_loaded_is_one_line(tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text("herald:\n  name: Herald\n  feeds: ['https://example.org/rss']\n"
                       "  spider: newswatch.spiders.kremlin.KremlinSpyder\n", encoding="utf-8")
    line = _last_line(_run("scrapy", "list", env={"NEWSWATCH_SOURCES": str(sources)}), 2)
    assert line.startswith("newswatch: outlets file (NEWSWATCH_SOURCES) is not valid: outlet 'herald': spider "
                           "'newswatch.spiders.kremlin.KremlinSpyder' cannot be loaded")


# --- the store -----------------------------------------------------------------------------------------------

def test_a_mongodb_that_is_not_there_is_one_readable_line():
    env = {"MONGO_URI": "mongodb://127.0.0.1:9/", "NEWSWATCH_MONGO_TIMEOUT_MS": "300"}
    line = _last_line(_run("newswatch.cli", "query", "--topic", "nato", env=env), 1)
    assert line.endswith("ERROR newswatch: cannot open the store: MongoDB at mongodb://127.0.0.1:9/newswatch.articles "
                         "unavailable while connecting: 127.0.0.1:9: [Errno 111] Connection refused (check the "
                         "server and --mongo-uri / MONGO_URI; NEWSWATCH_MONGO_TIMEOUT_MS is how long it waits)")
    line = _last_line(_run("newswatch.cli", "status", env={**env, "MONGO_URI": "mongodb://ops:s3cret@127.0.0.1:9/"}),
                      2)
    assert "cannot open the store mongodb://ops:***@127.0.0.1:9/newswatch.articles: MongoDB unavailable" in line
    assert "s3cret" not in line


# --- newswatch query / export / report filters ---------------------------------------------------------------

@pytest.mark.parametrize(("argv", "message"), [
    (["query", "--since", "yesterday"], "argument --since: not a date, a datetime or a duration like 7d/48h/2w"),
    (["query", "--language", "english"], "argument --language: 'english' is not a language code"),
    (["export", "--limit", "0"], "argument --limit: expected a whole number of articles, 1 or more: '0'"),
    (["query", "--limit", "ten"], "argument --limit: expected a whole number of articles, 1 or more: 'ten'"),
])
def test_a_filter_value_that_cannot_be_read_is_a_usage_error(argv, message, tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--db-path", str(tmp_path / "db.sqlite3")])
    assert exited.value.code == 2 and message in capsys.readouterr().err


@pytest.mark.parametrize("command", ["query", "export", "report"])
def test_an_unknown_topic_or_outlet_says_so_instead_of_matching_nothing(command, tmp_path, caplog, monkeypatch):
    monkeypatch.chdir(tmp_path)  # report writes report.html
    db = ["--db-path", str(tmp_path / "db.sqlite3")]
    assert main([command, "--topic", "natoo", *db]) == 2
    assert "unknown topic 'natoo' (--topic); the topics are: nato, russia, ukraine" in caplog.text
    assert main([command, "--source", "moscow_times", *db]) == 2
    assert "unknown outlet 'moscow_times' (--source): not a key in sources.yaml" in caplog.text
    # known names (and a `feeds` crawl's domain) matching nothing yet are a plain empty answer
    caplog.clear()
    assert main([command, "--topic", "nato", "--source", "moscowtimes", "--source", "example.org", *db]) == 0
    assert "unknown" not in caplog.text


# --- a variable nothing reads --------------------------------------------------------------------------------

def test_a_newswatch_variable_nothing_reads_is_named_with_what_was_meant(capsys):
    from newswatch._env import warn_unknown

    warn_unknown({"NEWSWATCH_MONGO_URI": "mongodb://db.internal/", "NEWSWATCH_MIN_WORD": "20", "NEWSWATCH_XYZZY": "1",
                  "NEWSWATCH_DB_PATH": "data/x.sqlite3", "NEWSWATCH_JS_WAIT_MS": "1000", "MONGO_URI": ""})
    assert capsys.readouterr().err.splitlines() == [
        "newswatch: warning: NEWSWATCH_MIN_WORD is not a newswatch setting and is ignored (did you mean "
        "NEWSWATCH_MIN_WORDS?)",
        "newswatch: warning: NEWSWATCH_MONGO_URI is not a newswatch setting and is ignored (did you mean MONGO_URI?)",
        "newswatch: warning: NEWSWATCH_XYZZY is not a newswatch setting and is ignored",
    ]


def test_the_crawler_and_the_command_warn_once_and_go_on(tmp_path):
    done = _run("scrapy", "list", env={"NEWSWATCH_MONGO_URI": "mongodb://db.internal/"})
    assert done.returncode == 0 and "nato" in done.stdout.split()
    assert done.stderr.count("NEWSWATCH_MONGO_URI is not a newswatch setting") == 1
    done = _run("newswatch.cli", "status", "--db-path", str(tmp_path / "db.sqlite3"),
                env={"NEWSWATCH_MONGO_URI": "mongodb://db.internal/"})
    assert done.stderr.count("(did you mean MONGO_URI?)") == 1 and "Traceback" not in done.stderr


# --- scrapy crawl -s NEWSWATCH_X=VALUE -------------------------------------------------------------------------

@pytest.mark.parametrize(("setting", "good", "expected"), [
    ("NEWSWATCH_MIN_WORDS=forty", "25", "NEWSWATCH_MIN_WORDS='forty' is not accepted; expected an integer"),
    ("NEWSWATCH_DEDUP=maybe", "off", "NEWSWATCH_DEDUP='maybe' is not accepted; expected 1/true/yes/on or"),
    ("NEWSWATCH_REFETCH_HOURS=soon", "1.5", "NEWSWATCH_REFETCH_HOURS='soon' is not accepted; expected a number"),
    ("NEWSWATCH_TOPIC_FILTER=dorp", "TAG", "NEWSWATCH_TOPIC_FILTER='dorp' is not accepted; expected one of: drop,"),
    ("NEWSWATCH_EXTRACT_WORKERS=lots", "auto", "NEWSWATCH_EXTRACT_WORKERS='lots' is not accepted; expected 'auto'"),
    ("NEWSWATCH_ALERT_WEBHOOK=hooks", "https://hooks.example/T1", "NEWSWATCH_ALERT_WEBHOOK='hooks' is not accepted"),
])
def test_a_bad_value_given_with_s_is_one_line_like_the_environment(setting, good, expected, capsys):
    from scrapy.settings import Settings

    from newswatch.commands.crawl import check_setting_overrides

    name, value = setting.split("=")
    settings = Settings({name: "settings.py's value"})
    check_setting_overrides(settings)  # a value not given with -s is not judged again
    settings.set(name, value, priority="cmdline")
    with pytest.raises(SystemExit) as exited:
        check_setting_overrides(settings)
    assert exited.value.code == 2 and capsys.readouterr().err.startswith(f"newswatch: {expected}")
    settings.set(name, good, priority="cmdline")
    check_setting_overrides(settings)
