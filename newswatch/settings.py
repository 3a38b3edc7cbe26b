"""Scrapy settings for newswatch.

Everything an operator changes comes from the environment, so cron, systemd,
Scrapyd and CI configure the crawler the same way. ``-s NAME=VALUE`` on the
command line overrides any of these. Every setting and its default is listed in
the README's "Configuration" section.
"""

from __future__ import annotations

import contextlib

# Imported first, while few modules are loaded: Scrapy's TLS modules name three deprecated class aliases with
# inspect.stack(), whose cost is the stack's depth times the modules loaded (inspect.getmodule walks sys.modules for
# every frame). Reached as it was, from inside the spider loader with ~1,000 modules loaded, that was ~0.4 s of every
# crawl's CPU before its first request; here ~0.08 s. Every crawl downloads through it anyway.
with contextlib.suppress(ImportError):
    import scrapy.core.downloader.contextfactory  # noqa: F401

# A bad value stops every command here: one line naming the variable and what it accepts, exit status 2.
from newswatch._env import check_store_env as _check_store_env
from newswatch._env import env_bool as _env_bool
from newswatch._env import env_choice as _env_choice
from newswatch._env import env_float as _env_float
from newswatch._env import env_int as _env_int
from newswatch._env import env_numbers as _env_numbers
from newswatch._env import env_str as _env
from newswatch._env import env_url as _env_url
from newswatch._env import env_workers as _env_workers
from newswatch._env import require_sources as _require_sources
from newswatch._env import warn_unknown as _warn_unknown_env

BOT_NAME = "newswatch"
SPIDER_MODULES = ["newswatch.spiders"]
NEWSPIDER_MODULE = "newswatch.spiders"
# The outlets (NEWSWATCH_SOURCES) become the spiders: a missing or broken file stops here, in one line.
_require_sources()
# `scrapy genoutlet NAME URL` (newswatch/commands/genoutlet.py): a new outlet's entry and test stubs.
COMMANDS_MODULE = "newswatch.commands"
# `scrapy check`: every outlet spider parses its saved article page (tests/fixtures/outlets) offline.
SPIDER_CONTRACTS = {"newswatch.spiders._contracts.OutletFixtureContract": 10}

# --- storage ------------------------------------------------------------------
# MONGO_URI set -> MongoDB; otherwise the embedded SQLite store at NEWSWATCH_DB_PATH.
MONGO_URI = _env("MONGO_URI")
MONGO_DATABASE = _env("MONGO_DATABASE", "newswatch")
MONGO_COLLECTION = _env("MONGO_COLLECTION", "articles")
NEWSWATCH_DB_PATH = _env("NEWSWATCH_DB_PATH", "data/newswatch.sqlite3")
# Articles per bulk upsert: each batch pays one commit (the FTS segment, the band-index pages it dirtied), so
# 500 cost the embedded store ~30% less CPU per article than 100 at 100k stored (bench/store_reactor.py). Batches
# are written on the store pipeline's thread while the next one fills, so two are in memory at most: 250 keeps the
# crawl process as small as one batch of 500 did (6,000 articles of ~30 KB fed at full speed: peak RSS 142 MB
# before the thread, 172 MB with it at 500, 139 MB at 250 with one malloc arena), at the same CPU.
NEWSWATCH_STORE_BATCH_SIZE = _env_int("NEWSWATCH_STORE_BATCH_SIZE", 250)
# Articles the database could not take are journaled here and replayed on the next run.
NEWSWATCH_SPILL_DIR = _env("NEWSWATCH_SPILL_DIR", "data/spill")
# Seconds between write attempts while the database is unreachable, before articles are spilled.
NEWSWATCH_STORE_RETRY_DELAYS = _env_numbers("NEWSWATCH_STORE_RETRY_DELAYS", "1,2,4,8,16")
# NEWSWATCH_MONGO_TIMEOUT_MS and NEWSWATCH_SQLITE_TIMEOUT: read by the store from the environment; checked here.
_check_store_env()

# --- what to keep -------------------------------------------------------------
# drop: off-topic stories are dropped (counted per reason); tag: everything is kept with its scores.
NEWSWATCH_TOPIC_FILTER = _env_choice("NEWSWATCH_TOPIC_FILTER", "drop", ("drop", "tag", "off"),
                                     aliases={"none": "off", "0": "off", "false": "off"})
# One threshold for every topic instead of each lexicon's own (newswatch/topics/lexicons/*.yaml); unset: per topic.
NEWSWATCH_TOPIC_THRESHOLD = _env_float("NEWSWATCH_TOPIC_THRESHOLD", None)
# Entries older than this many days are skipped before fetching, unless `-a since=` is given.
NEWSWATCH_SINCE_DAYS = _env_float("NEWSWATCH_SINCE_DAYS", 3)
# Articles whose body has fewer words than this are dropped as "too_short" by validation.
NEWSWATCH_MIN_WORDS = _env_int("NEWSWATCH_MIN_WORDS", 40)
# Paywalled teasers are kept when they have at least this many words.
NEWSWATCH_MIN_TEASER_WORDS = _env_int("NEWSWATCH_MIN_TEASER_WORDS", 15)
# A dated story shorter than NEWSWATCH_MIN_WORDS is kept as a brief when it has at least this many words.
NEWSWATCH_MIN_BRIEF_WORDS = _env_int("NEWSWATCH_MIN_BRIEF_WORDS", 20)
# Banner/paywall text removal (CleanPipeline); "0" switches it off.
NEWSWATCH_CLEAN = _env_bool("NEWSWATCH_CLEAN", True)
# Lines an outlet repeats under its stories go once seen on this many other pages of it (CleanPipeline); 0 = off.
NEWSWATCH_CLEAN_RECURRING = _env_int("NEWSWATCH_CLEAN_RECURRING", 3)
# Dedup (DedupPipeline): "0" switches it off; articles remembered within a run; store candidates per lookup.
NEWSWATCH_DEDUP = _env_bool("NEWSWATCH_DEDUP", True)
# The in-run memory only has to cover copies not written yet (the batch being written and the next one, 2 x
# NEWSWATCH_STORE_BATCH_SIZE, plus the articles waiting for the store): each remembered article costs ~8 KB
# (fingerprints), so 1200 is ~10 MB; older ones are found in the store.
NEWSWATCH_DEDUP_RECENT = _env_int("NEWSWATCH_DEDUP_RECENT", 1200)
NEWSWATCH_DEDUP_CANDIDATES = _env_int("NEWSWATCH_DEDUP_CANDIDATES", 20)
# Where to write the final crawl stats as JSON (one file per run), or unset for none.
NEWSWATCH_STATS_FILE = _env("NEWSWATCH_STATS_FILE")
# Worker processes for extraction: "auto" = one per CPU core; 0 = extract in the crawl process.
NEWSWATCH_EXTRACT_WORKERS = _env_workers("NEWSWATCH_EXTRACT_WORKERS", "auto")
# Seconds one page's extraction (or cleaning, topics, fingerprints) may take on a worker before the worker is
# killed and the page counted as newswatch/article/extraction_timeout; 0 = no limit.
NEWSWATCH_WORKER_TIMEOUT = _env_float("NEWSWATCH_WORKER_TIMEOUT", 120.0)
# The pipelines' text cleaning, topic matching and fingerprints run on the worker in the page's extraction call
# (one round trip an article, not four); "0": one worker call per pipeline (same items, for comparison).
NEWSWATCH_WORKER_STEPS = _env_bool("NEWSWATCH_WORKER_STEPS", True)

# --- politeness -----------------------------------------------------------------
NEWSWATCH_CONTACT = _env("NEWSWATCH_CONTACT", "https://github.com/newswatch/newswatch")
USER_AGENT = _env(
    "NEWSWATCH_USER_AGENT",
    f"newswatch/0.1 (news monitoring crawler; +{NEWSWATCH_CONTACT})",
)
ROBOTSTXT_OBEY = True
# Keeps CONCURRENT_REQUESTS_PER_DOMAIN honest (newswatch/_downloader.py explains the Scrapy 2.19 race).
DOWNLOADER = "newswatch._downloader.PoliteDownloader"
CONCURRENT_REQUESTS = _env_int("NEWSWATCH_CONCURRENT_REQUESTS", 16)
CONCURRENT_REQUESTS_PER_DOMAIN = _env_int("NEWSWATCH_CONCURRENT_REQUESTS_PER_DOMAIN", 4)
# Items run concurrently per response. An article response yields one item, but Scrapy's asyncio scraper starts
# CONCURRENT_ITEMS (default 100) tasks for every response's output: ~20% of the reactor thread (bench/RESULTS.md).
CONCURRENT_ITEMS = 8
# Article requests one feed or sitemap hands to the scheduler at a time; the rest wait as compact entries
# (a queued request costs 1.5-4 KB: a 50k-URL sitemap would hold ~100-200 MB of them at once).
NEWSWATCH_QUEUED_ARTICLES = _env_int("NEWSWATCH_QUEUED_ARTICLES", 1000)
# Scrapy's filter of requests already seen, its seen set at 8 bytes a request instead of ~90 (newswatch/_dupefilter.py).
DUPEFILTER_CLASS = "newswatch._dupefilter.CompactDupeFilter"
DOWNLOAD_DELAY = _env_float("NEWSWATCH_DOWNLOAD_DELAY", 0.5)
AUTOTHROTTLE_ENABLED = _env_bool("NEWSWATCH_AUTOTHROTTLE", True)
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = _env_float("NEWSWATCH_AUTOTHROTTLE_TARGET_CONCURRENCY", 2.0)
DOWNLOAD_TIMEOUT = _env_int("NEWSWATCH_DOWNLOAD_TIMEOUT", 30)
# Articles are small; anything above this is not an article page.
DOWNLOAD_MAXSIZE = _env_int("NEWSWATCH_DOWNLOAD_MAXSIZE", 10 * 1024 * 1024)
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = _env_int("NEWSWATCH_RETRY_TIMES", 3)
# 520, 521, 523: Cloudflare's word for an origin that failed, was down or unreachable for a moment (as 522, 524).
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 408]
NEWSWATCH_RETRY_BACKOFF_BASE = _env_float("NEWSWATCH_RETRY_BACKOFF_BASE", 1.0)
NEWSWATCH_RETRY_BACKOFF_MAX = _env_float("NEWSWATCH_RETRY_BACKOFF_MAX", 60.0)
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newswatch.middlewares.BackoffRetryMiddleware": 550,
    "newswatch.incremental.ConditionalRequestsMiddleware": 580,
    # before robots.txt (100) and redirects (600): nothing is ever sent to a private address
    "newswatch.middlewares.PrivateAddressGuardMiddleware": 50,
    # sees 3xx responses before RedirectMiddleware (600): a loop fails with a reason, not silently
    "newswatch.middlewares.RedirectLoopMiddleware": 610,
    # reads the first 16 KB for <meta http-equiv=refresh>, not the whole page decoded
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newswatch.middlewares.HeadMetaRefreshMiddleware": 580,
    # before HttpCompressionMiddleware (590): plain markup under a lying Content-Encoding is read, not lost
    "newswatch.middlewares.PlainBodyMiddleware": 595,
    # Scrapy's, plus robots.txt files that are HTML pages, megabytes long or refused by the download
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newswatch.middlewares.GuardedRobotsTxtMiddleware": 100,
}
# Links, redirects and DNS answers pointing at loopback, private, link-local or metadata addresses are refused
# (newswatch/_safety.py); "1" allows them (the tests and the demo crawl the loopback mock site).
NEWSWATCH_ALLOW_PRIVATE_HOSTS = _env_bool("NEWSWATCH_ALLOW_PRIVATE_HOSTS", False)
TWISTED_DNS_RESOLVER = "newswatch._safety.GuardedResolver"
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en,uk;q=0.9,ru;q=0.8",
}

# --- processing -----------------------------------------------------------------
ITEM_PROCESSOR = "newswatch.extensions.TimedItemPipelineManager"  # adds newswatch/time/<Pipeline> stats
# Scrapy's MemoryStatsCollector without 2.19's per-call __getattribute__ and deprecation wrapper (~2.3 -> 0.1 us a
# call; dozens of calls an article, Scrapy's and ours): the same stats.
STATS_CLASS = "newswatch.extensions.LeanStatsCollector"
ITEM_PIPELINES = {
    "newswatch.pipelines.CleanPipeline": 100,
    "newswatch.pipelines.ValidatePipeline": 200,
    "newswatch.pipelines.TopicsPipeline": 300,
    "newswatch.pipelines.DedupPipeline": 400,
    "newswatch.pipelines.StorePipeline": 900,
}
EXTENSIONS = {
    # Order matters at close: monitors judge the run (100), then it is recorded with its alarms (200).
    "spidermon.contrib.scrapy.extensions.Spidermon": 100,
    "newswatch.monitors.ItemErrorCounter": 50,  # counts articles an item pipeline failed on, for the monitors
    "newswatch.extensions.RunRecorder": 200,
    "newswatch.extensions.StatsFile": 500,
}
SPIDER_MIDDLEWARES = {
    "newswatch.incremental.IncrementalMiddleware": 950,
}

# --- incremental crawling (newswatch/incremental.py) ------------------------------
# Skip discovered articles already in the store (one batched lookup per feed/sitemap page); 0 = fetch all.
NEWSWATCH_INCREMENTAL = _env_bool("NEWSWATCH_INCREMENTAL", True)
# Stored articles published within this many hours are fetched again, to catch updated stories.
NEWSWATCH_REFETCH_HOURS = _env_float("NEWSWATCH_REFETCH_HOURS", 48)
# Conditional requests (ETag / Last-Modified) for feeds and sitemaps; 0 = always fetch them in full.
NEWSWATCH_CONDITIONAL = _env_bool("NEWSWATCH_CONDITIONAL", True)

# --- monitoring (newswatch/monitors.py, newswatch/extensions.py) ---------------------
# Write one crawl_runs document per crawl (counts, finish reason, alarms); 0 = off.
NEWSWATCH_CRAWL_RUNS = _env_bool("NEWSWATCH_CRAWL_RUNS", True)
# Alarms are POSTed here as JSON (Slack/Mattermost compatible "text"); unset = alarms go to the log only.
NEWSWATCH_ALERT_WEBHOOK = _env_url("NEWSWATCH_ALERT_WEBHOOK")
# Seconds to wait for the webhook before giving up (the alarm is still in the log and crawl_runs).
NEWSWATCH_ALERT_TIMEOUT = _env_float("NEWSWATCH_ALERT_TIMEOUT", 10)
# Alarm when fewer than this share of produced articles have a title, a body and a published_at.
NEWSWATCH_MIN_FIELD_COVERAGE = _env_float("NEWSWATCH_MIN_FIELD_COVERAGE", 0.95)
# Alarm when fetch errors / requests exceeds this.
NEWSWATCH_MAX_ERROR_RATE = _env_float("NEWSWATCH_MAX_ERROR_RATE", 0.2)
# "Usually has news": most of the outlet's last HISTORY runs stored something, and at least MIN_HISTORY exist.
NEWSWATCH_MONITOR_HISTORY = _env_int("NEWSWATCH_MONITOR_HISTORY", 5)
NEWSWATCH_MONITOR_MIN_HISTORY = _env_int("NEWSWATCH_MONITOR_MIN_HISTORY", 3)
# `scrapy crawl`'s exit status when the crawl raised an alarm (newswatch/commands/crawl.py); 0 = exit 0 as Scrapy does.
NEWSWATCH_ALARM_EXIT_STATUS = _env_int("NEWSWATCH_ALARM_EXIT_STATUS", 1)
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newswatch.monitors.CrawlHealthSuite"]

# --- scale-out (scrapy-redis) -------------------------------------------------------
# Set to share one outlet's frontier and dupefilter between processes/nodes, e.g. redis://10.0.0.5:6379/0.
NEWSWATCH_REDIS_URL = _env("NEWSWATCH_REDIS_URL")
# Processes crawling the same outlet at the same time share this run id (deploy/schedule.py sets one);
# default: the current UTC hour, which nodes started by the same cron line agree on.
NEWSWATCH_REDIS_RUN = _env("NEWSWATCH_REDIS_RUN")
# A process whose shared queue stays empty this long stops (others may still be adding requests).
NEWSWATCH_REDIS_IDLE_SECONDS = _env_float("NEWSWATCH_REDIS_IDLE_SECONDS", 15)
if NEWSWATCH_REDIS_URL:
    from datetime import UTC as _UTC
    from datetime import datetime as _datetime

    _run = NEWSWATCH_REDIS_RUN or _datetime.now(_UTC).strftime("%Y%m%dT%H")
    SCHEDULER = "scrapy_redis.scheduler.Scheduler"
    DUPEFILTER_CLASS = "scrapy_redis.dupefilter.RFPDupeFilter"
    REDIS_URL = NEWSWATCH_REDIS_URL
    # Keys are per run, kept when one process ends (the others are still crawling), and expire later.
    SCHEDULER_PERSIST = True
    SCHEDULER_QUEUE_KEY = f"newswatch:%(spider)s:{_run}:requests"
    SCHEDULER_DUPEFILTER_KEY = f"newswatch:%(spider)s:{_run}:dupefilter"
    # An outlet is one site: a process takes from the shared queue little more than it may fetch at once
    # (one request waiting per connection keeps the connections busy), leaving the rest to the others.
    CONCURRENT_REQUESTS = 2 * CONCURRENT_REQUESTS_PER_DOMAIN
    EXTENSIONS["newswatch.extensions.RedisIdleWait"] = 300

# --- runtime ------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = _env_choice("NEWSWATCH_LOG_LEVEL", "INFO", ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"),
                        case="upper")
LOG_FORMATTER = "newswatch.extensions.QuietLogFormatter"

# A NEWSWATCH_* variable the package never reads (misspelt, or MONGO_URI with a NEWSWATCH_ prefix): a warning line.
_warn_unknown_env()
