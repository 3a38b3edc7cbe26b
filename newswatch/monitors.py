"""Crawl health: what a run did (counts from the crawl stats), the alarms it deserves, and Spidermon suites.

Pure part (no Scrapy): :func:`run_counts` turns final crawl stats into the counts stored in ``crawl_runs``;
:func:`check_run` turns counts + the outlet's previous runs into :class:`Alarm` objects:

``no_new_articles``  nothing new stored, although the outlet usually has something new (most of its last
                     ``NEWSWATCH_MONITOR_HISTORY`` runs did, and at least ``NEWSWATCH_MONITOR_MIN_HISTORY`` exist),
                     or this is the outlet's first run and it produced no article at all;
``field_coverage``   fewer than ``NEWSWATCH_MIN_FIELD_COVERAGE`` (0.95) of the articles the spider produced have
                     a title, a body and a published_at (measured before validation, so dropped pages count);
``error_rate``       fetch errors / outcomes (responses, plus errors that got no response) above
                     ``NEWSWATCH_MAX_ERROR_RATE`` (0.2): retried attempts do not dilute it, so a crawl that reached
                     nothing at all is 100%;
``finish_reason``    the crawl ended for any reason other than ``finished`` (shutdown, timeout, crash...);
``store_unavailable`` the database could not be reached at the end of the run (so the run cannot be recorded),
                     or articles are still waiting in ``NEWSWATCH_SPILL_DIR`` because it could not take them;
``item_errors``      an article raised an exception in an item pipeline, so it was neither stored nor dropped
                     with a reason (counted by :class:`ItemErrorCounter` as ``newswatch/item_error/<exception>``);
``store_rejected``   the database refused an article for good (too large, a value it cannot hold: stat
                     ``newswatch/store/rejected``); it is set aside in ``<NEWSWATCH_SPILL_DIR>/rejected-<pid>.jsonl``
                     with the reason, never retried, so it is lost to analysts until someone acts on that file.

A run with any alarm is not ``ok``: ``crawl_runs`` records it as ``alarm`` (``failed`` for a finish reason other
than ``finished``), ``scrapy crawl`` exits 1 (``newswatch/commands/crawl.py``) and ``newswatch crawlall`` and
``newswatch status`` exit 1. This module is the one definition of that verdict.

Scrapy part: ``CrawlHealthSuite`` is the Spidermon suite run when the spider closes
(``SPIDERMON_SPIDER_CLOSE_MONITORS``). Each monitor fails for its alarm kind; on failure ``AlarmAction`` logs
every alarm at ERROR and POSTs them as JSON to ``NEWSWATCH_ALERT_WEBHOOK`` (unset: log only). The body is
``{"text": ..., "outlet", "run_id", "alarms": [{"kind", "message"}], "counts"}``; ``text`` makes it readable
in Slack/Mattermost incoming webhooks as it is.
"""

from __future__ import annotations

import json
import logging
import urllib.request
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from scrapy.exceptions import ScrapyDeprecationWarning
from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

logger = logging.getLogger(__name__)

# Spidermon 1.27 writes its report through Spider.log(), deprecated in Scrapy 2.19: the report is fine,
# the warning is noise in every crawl log.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated", category=ScrapyDeprecationWarning)

COVERED_FIELDS = ("title", "body", "published_at")
NO_NEW_ARTICLES, FIELD_COVERAGE, ERROR_RATE, FINISH_REASON, STORE_UNAVAILABLE, ITEM_ERRORS, STORE_REJECTED = (
    "no_new_articles", "field_coverage", "error_rate", "finish_reason", "store_unavailable", "item_errors",
    "store_rejected")


@dataclass(frozen=True)
class Alarm:
    kind: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Limits:
    min_field_coverage: float = 0.95
    max_error_rate: float = 0.2
    history: int = 5
    min_history: int = 3

    @classmethod
    def from_settings(cls, settings) -> Limits:
        return cls(
            min_field_coverage=settings.getfloat("NEWSWATCH_MIN_FIELD_COVERAGE", 0.95),
            max_error_rate=settings.getfloat("NEWSWATCH_MAX_ERROR_RATE", 0.2),
            history=settings.getint("NEWSWATCH_MONITOR_HISTORY", 5),
            min_history=settings.getint("NEWSWATCH_MONITOR_MIN_HISTORY", 3),
        )


def _sum(stats: Mapping, prefix: str) -> dict[str, int]:
    return {k[len(prefix):]: int(v) for k, v in stats.items()
            if k.startswith(prefix) and isinstance(v, int | float) and not isinstance(v, bool)}


def run_counts(stats: Mapping) -> dict:
    """The counts of one run, from its final crawl stats (missing stats count as 0)."""
    def get(key: str) -> int:
        value = stats.get(key, 0)
        return int(value) if isinstance(value, int | float) else 0

    dedup = _sum(stats, "newswatch/dedup/")
    dropped = _sum(stats, "newswatch/dropped/")
    if get("newswatch/topics/dropped/off_topic"):  # TopicsPipeline counts its drops under its own stage's name
        dropped["off_topic"] = dropped.get("off_topic", 0) + get("newswatch/topics/dropped/off_topic")
    errors = _sum(stats, "newswatch/fetch/error/")
    errors.update({f"spider_exception/{k}": v for k, v in _sum(stats, "spider_exceptions/").items()})
    coverage_items = get("newswatch/coverage/items")
    return {
        "requests": get("downloader/request_count"),
        "responses": get("downloader/response_count"),
        "entries": sum(_sum(stats, "newswatch/discovery/entries/").values()),
        "not_modified": get("newswatch/conditional/not_modified"),
        "skipped_known": get("newswatch/incremental/skipped_known"),
        "fetched": get("newswatch/article/parsed"),
        "items": coverage_items,
        "stored": get("newswatch/store/inserted"),
        "updated": get("newswatch/store/updated"),
        "unchanged": get("newswatch/store/unchanged"),
        "spilled": get("newswatch/store/spilled"),
        "unstored": get("newswatch/store/unstored"),
        "rejected": get("newswatch/store/rejected"),
        "duplicates": sum(dedup.get(k, 0) for k in ("exact_copy", "near_copy", "alias")),
        "dropped": dropped,
        "errors": errors,
        "error_count": sum(errors.values()),
        "item_errors": _sum(stats, "newswatch/item_error/"),
        "coverage": {f: round(get(f"newswatch/coverage/{f}") / coverage_items, 4) if coverage_items else None
                     for f in COVERED_FIELDS},
    }


def check_run(counts: Mapping, finish_reason: str | None, history: Sequence[Mapping] | None,
              limits: Limits = Limits()) -> list[Alarm]:
    """The alarms one run deserves. ``history``: the outlet's previous run documents, newest first; None when
    the database holding them could not be reached."""
    alarms: list[Alarm] = []
    if finish_reason != "finished":
        alarms.append(Alarm(FINISH_REASON, f"crawl ended with finish reason {finish_reason!r}, not 'finished'"))

    if history is None:
        alarms.append(Alarm(STORE_UNAVAILABLE, "the database is unreachable: this run's record cannot be written "
                                               "and its history cannot be read"))
    unstored = counts.get("unstored") or 0
    if unstored:
        alarms.append(Alarm(STORE_UNAVAILABLE, f"{unstored} article(s) are not in the database, which could not "
                                               "take them; they wait in the spill directory (NEWSWATCH_SPILL_DIR) "
                                               "for the next run"))

    rejected = counts.get("rejected") or 0
    if rejected:
        alarms.append(Alarm(STORE_REJECTED, f"{rejected} article(s) were refused by the database and are not stored; "
                                            "they are set aside with the reason in rejected-<pid>.jsonl in the spill "
                                            "directory (NEWSWATCH_SPILL_DIR) and never retried"))

    item_errors = counts.get("item_errors") or {}
    if item_errors:
        detail = ", ".join(f"{k} x{v}" for k, v in sorted(item_errors.items(), key=lambda kv: -kv[1]))
        alarms.append(Alarm(ITEM_ERRORS, f"{sum(item_errors.values())} article(s) failed in the item pipelines and "
                                         f"were not stored ({detail}); see 'Error processing' in the log"))

    if history is not None and not counts.get("stored"):
        past = [r.get("counts", {}).get("stored", 0) or 0 for r in history[: limits.history]]
        with_news = sum(1 for n in past if n > 0)
        if not past and not counts.get("items"):
            alarms.append(Alarm(NO_NEW_ARTICLES, "first run of this outlet and it produced no article at all"))
        elif len(past) >= limits.min_history and with_news * 2 > len(past):
            alarms.append(Alarm(NO_NEW_ARTICLES, f"no new article stored, but {with_news} of the last {len(past)} "
                                                 f"runs stored some (up to {max(past)})"))

    items = counts.get("items") or 0
    if items:
        coverage = counts.get("coverage") or {}
        low = {f: c for f, c in coverage.items() if c is not None and c < limits.min_field_coverage}
        if low:
            detail = ", ".join(f"{f} {c:.0%}" for f, c in sorted(low.items()))
            alarms.append(Alarm(FIELD_COVERAGE, f"field coverage below {limits.min_field_coverage:.0%} over {items} "
                                                f"article(s): {detail}"))

    errors = counts.get("error_count") or 0
    responses = counts.get("responses")
    # Retries are requests too: with the network down, 8 attempts end in 1 counted error. The outcomes are the
    # responses plus the requests that ended in an error without one (an http_<status> error is a response).
    without_response = sum(v for k, v in (counts.get("errors") or {}).items() if not k.startswith("http_"))
    requests = (responses + without_response) if isinstance(responses, int) else (counts.get("requests") or 0)
    if requests and errors / requests > limits.max_error_rate:
        top = ", ".join(f"{k} x{v}" for k, v in sorted((counts.get("errors") or {}).items(), key=lambda kv: -kv[1])[:3])
        alarms.append(Alarm(ERROR_RATE, f"{errors} fetch error(s) in {requests} request(s) "
                                        f"({errors / requests:.0%} > {limits.max_error_rate:.0%}): {top}"))
    return alarms


def post_webhook(url: str, payload: Mapping, timeout: float = 10.0) -> None:
    """POST ``payload`` as JSON; raises OSError (incl. HTTP errors) on failure."""
    data = json.dumps(payload, default=str).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json", "User-Agent": "newswatch-alarms"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - operator-configured URL
        response.read()


# --- Scrapy / Spidermon -------------------------------------------------------------------------------


def evaluate_crawl(crawler) -> list[Alarm]:
    """Alarms of the crawl that is closing, computed once and kept on the crawler (monitors, actions and the
    run recorder all ask). Needs the final stats, so call it from ``spider_closed`` handlers only."""
    cached = getattr(crawler, "newswatch_alarms", None)
    if cached is not None:
        return cached
    from newswatch.state import open_state, state_options

    outlet = crawler.spider.name
    limits = Limits.from_settings(crawler.settings)
    crawler.stats.set_value("newswatch/store/unstored", _unstored(crawler.settings.get("NEWSWATCH_SPILL_DIR")
                                                                  or "data/spill"))
    history: list[dict] | None
    try:
        state = open_state(**state_options(crawler.settings))
        try:
            history = state.recent_runs(outlet, limits.history)
        finally:
            state.close()
    except Exception as exc:  # monitoring must still judge the run without its history
        logger.warning("crawl history unavailable (%s); judging this run alone", exc)
        history = None
    stats = crawler.stats.get_stats()
    alarms = check_run(run_counts(stats), stats.get("finish_reason"), history, limits)
    for alarm in alarms:
        crawler.stats.set_value(f"newswatch/alarms/{alarm.kind}", 1)
    crawler.newswatch_alarms = alarms
    return alarms


def _unstored(spill_dir: str) -> int:
    """Articles waiting in the spill directory (spill files, dead crawls' journals): not in the database.
    Read after the store pipeline closed, which replays them whenever the database answers."""
    from newswatch.storage._spill import Spill

    count = 0
    for path in Spill(spill_dir).files():
        try:
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    count += chunk.count(b"\n")
        except OSError:  # replayed and removed meanwhile by another crawl
            continue
    return count


class ItemErrorCounter:
    """Counts articles that raised an exception in an item pipeline (``newswatch/item_error/<exception>``):
    Scrapy logs them but keeps no stat, and such an article is lost for this run. Always on (EXTENSIONS)."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals

        ext = cls(crawler.stats)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        return ext

    def item_error(self, failure):
        self.stats.inc_value(f"newswatch/item_error/{type(failure.value).__name__}")


class _OneLineFailures:
    """A Spidermon result that records a monitor's failure without its traceback: the failure is an alarm whose
    message says it all (``ALARM ...`` at ERROR, from :class:`AlarmAction`); the monitor's frames in the report
    read as a crash. An error (a bug in a monitor) keeps its traceback."""

    def __init__(self, result):
        self._result = result

    def addFailure(self, test, err):  # noqa: N802 (unittest's naming)
        self._result.addFailure(test, (err[0], err[1], None))

    def __getattr__(self, name):
        return getattr(self._result, name)


class _AlarmMonitor(Monitor):
    kind = ""

    def run(self, result=None):
        return super().run(_OneLineFailures(result) if result is not None else None)

    def _assert_no_alarm(self):
        found = [a.message for a in evaluate_crawl(self.data.crawler) if a.kind == self.kind]
        if found:
            self.fail("; ".join(found))


@monitors.name("New articles")
class NewArticlesMonitor(_AlarmMonitor):
    kind = NO_NEW_ARTICLES

    @monitors.name("outlet that usually has news stored something new")
    def test_new_articles(self):
        self._assert_no_alarm()


@monitors.name("Field coverage")
class FieldCoverageMonitor(_AlarmMonitor):
    kind = FIELD_COVERAGE

    @monitors.name("title, body and published_at coverage")
    def test_field_coverage(self):
        self._assert_no_alarm()


@monitors.name("Error rate")
class ErrorRateMonitor(_AlarmMonitor):
    kind = ERROR_RATE

    @monitors.name("fetch errors per request")
    def test_error_rate(self):
        self._assert_no_alarm()


@monitors.name("Finish reason")
class FinishReasonMonitor(_AlarmMonitor):
    kind = FINISH_REASON

    @monitors.name("crawl finished normally")
    def test_finish_reason(self):
        self._assert_no_alarm()


@monitors.name("Store")
class StoreMonitor(_AlarmMonitor):
    kind = STORE_UNAVAILABLE

    @monitors.name("every article reached the database")
    def test_store(self):
        self._assert_no_alarm()


@monitors.name("Store rejections")
class StoreRejectedMonitor(_AlarmMonitor):
    kind = STORE_REJECTED

    @monitors.name("the database refused no article")
    def test_store_rejected(self):
        self._assert_no_alarm()


@monitors.name("Item errors")
class ItemErrorsMonitor(_AlarmMonitor):
    kind = ITEM_ERRORS

    @monitors.name("no article failed in the item pipelines")
    def test_item_errors(self):
        self._assert_no_alarm()


class AlarmAction(Action):
    """Log every alarm at ERROR and POST them to ``NEWSWATCH_ALERT_WEBHOOK`` when it is set."""

    def run_action(self):
        crawler = self.data.crawler
        alarms = evaluate_crawl(crawler)
        outlet = crawler.spider.name
        for alarm in alarms:
            logger.error("ALARM %s [%s]: %s", outlet, alarm.kind, alarm.message)
        url = crawler.settings.get("NEWSWATCH_ALERT_WEBHOOK")
        if not url or not alarms:
            return
        payload = {
            "text": f"newswatch: {outlet}: " + "; ".join(f"[{a.kind}] {a.message}" for a in alarms),
            "outlet": outlet,
            "run_id": crawler.stats.get_value("newswatch/run_id"),
            "alarms": [a.as_dict() for a in alarms],
            "counts": run_counts(crawler.stats.get_stats()),
        }
        try:
            post_webhook(url, payload, timeout=crawler.settings.getfloat("NEWSWATCH_ALERT_TIMEOUT", 10))
            crawler.stats.set_value("newswatch/alarms/webhook_sent", len(alarms))
        except (OSError, ValueError) as exc:  # ValueError: a URL urllib cannot use (given with -s)
            crawler.stats.inc_value("newswatch/alarms/webhook_failed")
            logger.error("alarm webhook failed (%s); the alarms above are in the log and crawl_runs", exc)


class CrawlHealthSuite(MonitorSuite):
    monitors = [NewArticlesMonitor, FieldCoverageMonitor, ErrorRateMonitor, FinishReasonMonitor, StoreMonitor,
                StoreRejectedMonitor, ItemErrorsMonitor]
    monitors_failed_actions = [AlarmAction]
