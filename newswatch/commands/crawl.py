"""``scrapy crawl``, with an exit status that tells cron, systemd and CI how the crawl went.

Scrapy's own ``crawl`` exits 0 whenever the spider ran, even when it stored nothing or the database was gone.
This is the same command (every option and behaviour of Scrapy's, which it subclasses), found first because
``COMMANDS_MODULE`` (settings.py) overrides built-in commands of the same name. After the crawl it asks
:func:`newswatch.monitors.evaluate_crawl` for the run's alarms: the verdict ``crawl_runs``, ``newswatch status``
and ``newswatch crawlall`` use, so the exit status and the run record never disagree.

Exit status:

==  ======================================================================================================
0   the crawl finished and raised no alarm (its ``crawl_runs`` status is ``ok``)
1   the crawl raised an alarm (below), or could not start; ``NEWSWATCH_ALARM_EXIT_STATUS`` (default 1) sets the
    status for alarms: ``0`` exits 0 as Scrapy does, another code tells alarms apart from a failed start
2   usage error: no spider or several named, an unknown spider, a bad option (Scrapy's own 2), a spider
    argument the spider does not take (``-a feeds=`` ``-a sitemaps=`` ``-a since=``, see
    :mod:`newswatch.spiders._base`), a ``since`` it cannot read, the ``feeds`` spider with nothing to crawl; or a
    ``NEWSWATCH_*`` environment variable with a value it does not accept, a missing or broken outlets file
    (one line on stderr, nothing crawled)
==  ======================================================================================================

The alarms: nothing new stored from an outlet that usually has news, low field coverage, many fetch errors, a
finish reason other than ``finished`` (interrupted, timed out, SIGTERM), the database unreachable or articles
left in the spill directory, articles an item pipeline failed on; a crawl that could not start is Scrapy's own 1
(a component failed to load).

Scrapyd runs jobs through this command too; it records a job that exits 1 as finished like any other
(its log says ``Process died: exitstatus=1``), and the run's alarms are in ``crawl_runs``.
"""

from __future__ import annotations

import inspect
import logging

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newswatch.monitors import evaluate_crawl

logger = logging.getLogger(__name__)


def spider_arguments(spidercls) -> tuple[str, ...]:
    """The ``-a`` arguments a newswatch spider takes: the named parameters of its ``__init__`` and its bases'."""
    from newswatch.spiders._base import NewsSpider

    names: dict[str, None] = {}
    for cls in spidercls.__mro__[:spidercls.__mro__.index(NewsSpider) + 1]:
        if "__init__" in vars(cls):
            for param in inspect.signature(cls.__init__).parameters.values():
                if param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY) and param.name != "self":
                    names[param.name] = None
    return tuple(names)


def check_spider_arguments(spidercls, spargs: dict) -> None:
    """Raise UsageError (one line) for ``-a`` arguments a newswatch spider would silently ignore or fail on
    after start-up: an unknown name (Scrapy sets any ``-a`` as an attribute, so a typo such as ``-a feed=``
    would crawl the outlet's default feeds), a ``since`` it cannot read, or nothing to crawl. Names starting
    with ``_`` belong to a scheduler (Scrapyd passes ``_job`` and ``_version``) and are accepted."""
    from newswatch.spiders._base import NewsSpider, parse_since

    if not (isinstance(spidercls, type) and issubclass(spidercls, NewsSpider)):
        return
    accepted = spider_arguments(spidercls)
    unknown = [name for name in spargs if name not in accepted and not name.startswith("_")]
    if unknown:
        raise UsageError(f"spider {spidercls.name!r} takes no argument {', '.join(map(repr, unknown))}; "
                         f"it takes: {', '.join(f'-a {name}=...' for name in accepted)}", print_help=False)
    try:
        parse_since(spargs.get("since"))
    except ValueError as exc:
        raise UsageError(f"-a {exc}", print_help=False) from None
    if spidercls.source is None and not str(spargs.get("feeds") or "").strip(", ") \
            and not str(spargs.get("sitemaps") or "").strip(", ") and not str(spargs.get("sections") or "").strip(", "):
        raise UsageError(f"spider {spidercls.name!r}: nothing to crawl; give -a feeds=URL[,URL...] and/or "
                         "-a sitemaps=URL[,URL...] (or -a sections=URL[,URL...])", print_help=False)


def check_setting_overrides(settings) -> None:
    """``-s NEWSWATCH_X=VALUE`` read as strictly as the environment variable (:mod:`newswatch._env`): a value the
    setting does not take is one line and exit 2 before the crawl, not a traceback from the component reading it.
    Each setting is checked by the very reader call settings.py makes for its environment variable (on/off,
    integer, number, one of some choices, ``auto`` or a count, a list of numbers, a URL)."""
    import ast
    from pathlib import Path

    from scrapy.settings import SETTINGS_PRIORITIES

    from newswatch import _env

    def literal(node):
        try:
            return ast.literal_eval(node)
        except ValueError:  # e.g. 10 * 1024 * 1024: a default, which a given value never falls back to
            return None

    source = Path(_env.__file__).with_name("settings.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.Call)):
            continue
        name, reader = getattr(node.targets[0], "id", ""), getattr(node.value.func, "id", "")
        check = getattr(_env, reader.removeprefix("_"), None) if reader.startswith("_env_") else None
        if check is None or not name.startswith("NEWSWATCH_") \
                or settings.getpriority(name) != SETTINGS_PRIORITIES["cmdline"]:
            continue
        args = [name, *(literal(arg) for arg in node.value.args[1:])]
        keywords = {kw.arg: literal(kw.value) for kw in node.value.keywords}
        check(*args, environ={name: str(settings.get(name))}, **keywords)


class Command(ScrapyCrawlCommand):
    def long_desc(self) -> str:
        return ("Run a spider of the current project, by name. Exit status: 0 when the crawl finished with no "
                "alarm; 1 when it raised an alarm (nothing new stored from an outlet that usually has news, low "
                "field coverage, many fetch errors, an interrupted crawl, the database unreachable; the same "
                "verdict as `newswatch status`) or could not start; 2 on a usage error (unknown spider, bad "
                "option or NEWSWATCH_* value).")

    def run(self, args, opts) -> None:
        self._crawlers = []  # the crawler process forgets a crawler once it has finished
        check_setting_overrides(self.settings)
        if len(args) == 1:
            try:
                spidercls = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                pass  # _create_crawler says so
            else:
                check_spider_arguments(spidercls, opts.spargs)
        super().run(args, opts)
        if self.exitcode:
            return
        for crawler in self._crawlers:
            if getattr(crawler, "spider", None) is None:  # never started: Scrapy's own status stands
                continue
            alarms = evaluate_crawl(crawler)
            if alarms:
                self.exitcode = crawler.settings.getint("NEWSWATCH_ALARM_EXIT_STATUS", 1)
                logger.error("crawl of %s raised %d alarm(s) (%s): exit status %d", crawler.spider.name,
                             len(alarms), ", ".join(dict.fromkeys(a.kind for a in alarms)), self.exitcode)

    def _create_crawler(self, spidercls):
        try:
            crawler = super()._create_crawler(spidercls)
        except KeyError as exc:  # the spider loader's "Spider not found": a usage error, not a traceback
            raise UsageError(f"{exc.args[0] if exc.args else exc}; `scrapy list` shows the spiders") from None
        self._crawlers.append(crawler)
        return crawler
