"""newswatch.extract.preload: the worker pool's fork server loads every extraction rule file before it forks."""

from __future__ import annotations

import logging

from newswatch.extract import _appstate, _body, _errorpage, _metadata, normalize, preload

LOADERS = (_body._rules, _body._prune_xpath, _metadata._rules, _metadata._zone_names, _appstate._rules,
           _errorpage._compiled, normalize._date_data, normalize._relative_rules, normalize._day_month_re,
           normalize._byline_rules, normalize._language_data)


def test_preload_fills_every_rule_cache():
    for load in LOADERS:
        load.cache_clear()
    preload()
    assert [load.__name__ for load in LOADERS if load.cache_info().currsize != 1] == []


def test_a_rule_file_that_fails_is_logged_not_raised(monkeypatch, caplog):
    def broken():
        raise ValueError("rules/body.yaml: not valid YAML")

    monkeypatch.setattr(_body, "_rules", broken)
    with caplog.at_level(logging.ERROR, logger="newswatch.extract"):
        preload()
    failed = [record for record in caplog.records if record.getMessage().startswith("preloading")]
    assert len(failed) == 1 and "broken" in failed[0].getMessage() and failed[0].exc_info[0] is ValueError
    assert _metadata._rules.cache_info().currsize == 1  # the others still loaded
