"""Hostile round 8, rough edges: what goes wrong outside a page says so in one line, not a traceback: the language
model refused by a file-size limit (RLIMIT_FSIZE), and a crawl-health monitor's alarm."""

from __future__ import annotations

import errno
import logging
import unittest

import pytest

from newswatch.extract import _language


@pytest.fixture
def fresh_identifier():
    _language._identifier.cache_clear()
    yield
    _language._identifier.cache_clear()


def test_a_language_model_refused_by_a_file_size_limit_is_one_log_line(fresh_identifier, monkeypatch, caplog):
    from py3langid import langid

    def refused(*args, **kwargs):
        raise OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(langid.LanguageIdentifier, "from_model_file", refused)
    with caplog.at_level(logging.WARNING, logger="newswatch.extract"):
        assert _language._identifier() is None
    records = [r for r in caplog.records if r.name == "newswatch.extract._language"]
    assert len(records) == 1 and records[0].exc_info is None
    assert records[0].getMessage() \
        == "py3langid unavailable (OSError: [Errno 27] File too large); language detection by script only"
    # the script rules still answer
    assert _language.guess_language("Повітряні сили повідомили, що вночі збили більшість дронів над Харковом.") == "uk"


def test_a_monitor_alarm_is_reported_without_a_traceback():
    from newswatch.monitors import _AlarmMonitor

    class Failing(_AlarmMonitor):
        def test_store(self):
            self.fail("4 article(s) are waiting in spill/ (the database could not take them)")

    result = unittest.TestResult()
    Failing("test_store").run(result)
    assert len(result.failures) == 1
    report = result.failures[0][1]
    assert "Traceback" not in report and report.strip() == (
        "AssertionError: 4 article(s) are waiting in spill/ (the database could not take them)")


def test_a_monitor_that_crashes_keeps_its_traceback():
    from newswatch.monitors import _AlarmMonitor

    class Broken(_AlarmMonitor):
        def test_store(self):
            raise KeyError("finish_reason")

    result = unittest.TestResult()
    Broken("test_store").run(result)
    assert len(result.errors) == 1 and "Traceback" in result.errors[0][1]
