"""Item pipelines: thin Scrapy shells over the pure stages, in this order.

=====  ====================  ==========================================================
 100   CleanPipeline         banner/paywall text removal (newswatch.clean)
 200   ValidatePipeline      drop items with no usable URL, title or body (stats: newswatch/dropped/<reason>)
 300   TopicsPipeline        topic scores; drop off-topic unless NEWSWATCH_TOPIC_FILTER=tag
 400   DedupPipeline         url_key, fingerprints, story clusters (newswatch.dedup)
 900   StorePipeline         batched idempotent upserts into MongoDB or the embedded store
=====  ====================  ==========================================================

Every dropped item says why in the log and in the stats. Cleaning runs before validation because
the word count and the paywall verdict that validation judges are only known once banners are gone.

The CPU-heavy pure calls (text cleaning, topic matching, fingerprints) run on the crawl's worker processes
(:func:`newswatch.process.worker_pool`, ``NEWSWATCH_EXTRACT_WORKERS``), so those pipelines' ``process_item``
are coroutines; whatever touches shared state (stats, the dedup memory, the store) runs on the reactor thread
after the await, so two copies in flight at once are still told apart. The workers' time per stage is in the
stats as ``newswatch/time/{clean_body,match_topics,fingerprints}``.

Those three calls ride on the extraction call: each pipeline registers its pure step with the worker pool
(:mod:`newswatch._steps`), the worker runs them after building the article, and the pipeline takes the result
when the inputs it would use now are the ones the worker used (else it makes its own worker call, as when the
step is not there). A result not taken because an input changed counts as ``newswatch/steps/recomputed/<stage>``.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from newswatch import _steps, dedup
from newswatch._heap import CRAWL_ARENAS, CRAWL_MMAP_THRESHOLD, CRAWL_TRIM_THRESHOLD, tune_heap
from newswatch.clean import RecurringLines, page_lines
from newswatch.extract import challenge_name, error_page_reason
from newswatch.process import worker_pool
from newswatch.state import open_state, state_options
from newswatch.storage import BufferedWriter, StoreError, build_store, open_store
from newswatch.storage._spill import Journal, JournalSegment, Spill, document_and_line
from newswatch.topics import match_topics

logger = logging.getLogger(__name__)

_NOT_READY = object()


def _precomputed(item, stage: str, inputs: tuple, stats):
    """The worker's ``stage`` result for ``item`` if it used ``inputs`` (its time then goes to the stats as the
    pipeline's own call's would); otherwise ``_NOT_READY``, and the pipeline computes it."""
    results = getattr(item, _steps.RESULTS_ATTR, None)
    record = results.pop(stage, None) if results else None
    if record is None:
        return _NOT_READY
    used, result, seconds = record
    if used != inputs:
        stats.inc_value(f"newswatch/steps/recomputed/{stage}")
        return _NOT_READY
    stats.inc_value(f"newswatch/time/{stage}", seconds)
    return result


#: Longest run of characters without a space a body keeps: no word or link of prose is near it; a longer one is
#: base64, a hex dump or a script's blob a template leaked into a paragraph (1 MB in one ``<p>``).
MAX_UNBROKEN_RUN = 10_000
# (?<!\S): tried only where a run starts, so a body of shorter runs costs one pass, not a rescan of each run
_UNBROKEN_RUN = re.compile(rf"(?<!\S)\S{{{MAX_UNBROKEN_RUN + 1},}}")
_BLANK_LINES = re.compile(r"\n{3,}")


class ValidatePipeline:
    """Drop items that are not articles.

    Settings: ``NEWSWATCH_MIN_WORDS`` (default 40): bodies shorter than this are dropped as ``too_short``,
    unless the story is paywalled (a teaser is still a story) and has at least
    ``NEWSWATCH_MIN_TEASER_WORDS`` (default 15) words: a "Loading..." shell is not a teaser. A dated page
    (``published_at`` known) with at least ``NEWSWATCH_MIN_BRIEF_WORDS`` (default 20) words is a brief, kept and
    counted as ``newswatch/validated/brief``: regional desks and wire flashes file 25-39-word stories, and an undated
    page that short is far more often a video stub or a section's blurb.
    A page served with HTTP 200 that is a "Page not found", bot or consent page
    (:func:`newswatch.extract.error_page_reason`, rules in ``newswatch/extract/rules/error_pages.yaml``) is dropped
    as ``error_page``, however many "Most read" teasers it carries.
    A run of over :data:`MAX_UNBROKEN_RUN` characters without a space is removed from the body first
    (``newswatch/article/unbroken_run_removed``).
    """

    def __init__(self, stats, min_words: int, min_teaser_words: int, min_brief_words: int):
        self.stats = stats
        self.min_words = min_words
        self.min_teaser_words = min_teaser_words
        self.min_brief_words = min_brief_words

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(crawler.stats, settings.getint("NEWSWATCH_MIN_WORDS", 40),
                   settings.getint("NEWSWATCH_MIN_TEASER_WORDS", 15), settings.getint("NEWSWATCH_MIN_BRIEF_WORDS", 20))

    def _drop(self, reason: str, item) -> DropItem:
        self.stats.inc_value(f"newswatch/dropped/{reason}")
        return DropItem(f"{reason}: {item.get('url')}")

    def _kept_short(self, item, words: int) -> bool:
        if item.get("paywalled") and words >= self.min_teaser_words:
            return True
        if item.get("published_at") and words >= self.min_brief_words:
            self.stats.inc_value("newswatch/validated/brief")
            return True
        return False

    def process_item(self, item):
        if not item.get("url") or not item.get("url_key"):
            raise self._drop("no_url", item)
        if not item.get("title"):
            raise self._drop("no_title", item)
        words = item.get("word_count", 0)
        body = item.get("body")
        if body and len(body) > MAX_UNBROKEN_RUN and (runs := _UNBROKEN_RUN.findall(body)):
            item["body"] = _BLANK_LINES.sub("\n\n", _UNBROKEN_RUN.sub("", body)).strip()
            words = item["word_count"] = max(0, words - len(runs))
            self.stats.inc_value("newswatch/article/unbroken_run_removed", len(runs))
            logger.warning("%d run(s) of over %d characters without a space (%d in all: a blob, no text) removed "
                           "from the body: %s", len(runs), MAX_UNBROKEN_RUN, sum(map(len, runs)), item.get("url"))
        if not item.get("body"):
            raise self._drop("no_body", item)
        if error_page_reason(item.get("title"), item.get("body"), words):
            challenge = challenge_name(item.get("title"), item.get("body"))
            if challenge:
                # a block, not a dead link: the outlet needs another way in, and the log says whose wall it was
                self.stats.inc_value(f"newswatch/article/bot_challenge/{challenge}")
                self.stats.inc_value("newswatch/dropped/error_page")
                raise DropItem(f"error_page: {item.get('url')} (bot challenge: {challenge})")
            raise self._drop("error_page", item)
        if words < self.min_words and not self._kept_short(item, words):
            raise self._drop("too_short", item)
        self.stats.inc_value("newswatch/validated")
        return item


class CleanPipeline:
    """Drop banner paragraphs from ``body`` and decide ``paywalled`` (pure logic in :mod:`newswatch.clean`).

    Applies :func:`newswatch.clean.clean_body` with the outlet's rules (``sources.yaml`` ``clean:`` over
    ``newswatch/clean/sites/<source>.yaml``) and the item's ``language`` and ``title``; merges the result with
    the HTML-level audit the spider left in ``cleaning``; sets ``paywalled`` (JSON-LD hint, paywall markers,
    truncated teaser), ``cleaning`` and ``word_count``. An item whose body is nothing but banners is dropped
    as ``empty_after_cleaning`` (unless paywalled: a teaser is still a story).

    Then the lines the outlet repeats under its stories go (rule ``common:recurring``): a per-source memory of
    line hashes (:class:`newswatch.clean.RecurringLines`, one per crawl process, here on the reactor) drops a line
    seen on >= K other distinct pages of the source and on 2 in 3 of its pages since it first appeared, with guards
    that keep story text. The extraction workers get the memory's template hashes with each call and drop them
    there, returning the body's line hashes; this pipeline only looks them up and counts the page (microseconds), so
    topics and fingerprints, computed on the worker after it, see the final body. The worker's result is taken when
    the page's lines that are template lines now are those it dropped; else (a template line appeared or went while
    the page was in flight) the cleaning is redone (``newswatch/steps/recomputed/clean_body``). The memory is
    loaded from and saved to the crawl state (``clean_memory``, beside ``crawl_runs``) at spider open/close, so a
    crawl starts with what the earlier ones learnt; the first K pages of a source the memory has never seen keep
    their template lines.

    Settings: ``NEWSWATCH_CLEAN`` (default true): false switches the pipeline off. ``NEWSWATCH_CLEAN_RECURRING``
    (default 3): K, the other pages a line must be seen on; 0 switches the memory off.
    Stats: ``newswatch/clean/items``, ``newswatch/clean/removed/<rule>`` (characters removed by that rule,
    HTML and text level), ``newswatch/clean/chars_removed``, ``newswatch/clean/paywalled``,
    ``newswatch/dropped/empty_after_cleaning``, ``newswatch/clean/recurring/{pages_counted,sources_loaded}``.
    """

    def __init__(self, stats, workers, recurring: RecurringLines | None = None, state_options: dict | None = None):
        self.stats = stats
        self.workers = workers
        self._rules: dict[str | None, tuple[dict, bytes]] = {}
        self.recurring = recurring
        self.state_options = state_options

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWSWATCH_CLEAN", True):
            raise NotConfigured("NEWSWATCH_CLEAN is off")
        k = crawler.settings.getint("NEWSWATCH_CLEAN_RECURRING", 3)
        recurring = RecurringLines(min_pages=k) if k > 0 else None
        pipeline = cls(crawler.stats, worker_pool(crawler), recurring, state_options(crawler.settings))
        if recurring is None:
            pipeline.workers.add_step(_steps.clean_step())
        else:
            pipeline.workers.add_step(_steps.clean_recurring_step(recurring.snapshot))
        return pipeline

    def open_spider(self):
        if self.recurring is None or self.state_options is None:
            return
        try:
            state = open_state(**self.state_options)
            try:
                loaded = self.recurring.load_state(state.load_clean_memory(self.recurring.max_sources))
            finally:
                state.close()
        except Exception as exc:  # the memory is an optimisation: without its past it learns again
            logger.warning("clean: recurring-line memory not loaded (%s); it starts empty", exc)
            return
        self.stats.set_value("newswatch/clean/recurring/sources_loaded", loaded)

    def close_spider(self):
        if self.recurring is None or self.state_options is None or not self.recurring.touched:
            return
        try:
            state = open_state(**self.state_options)
            try:
                state.save_clean_memory(self.recurring.to_state(touched_only=True))
            finally:
                state.close()
        except Exception as exc:
            logger.warning("clean: recurring-line memory not saved (%s)", exc)

    def _rules_and_key(self, source: str | None) -> tuple[dict, bytes]:
        if source not in self._rules:
            rules = _steps.cleaning_rules(source)
            self._rules[source] = rules, _steps.rules_key(rules)
        return self._rules[source]

    @staticmethod
    def _same_templates(cleaned: tuple, templates: frozenset[int]) -> bool:
        """Whether the worker's result drops what the memory's template lines now would: the same of the page's
        lines match (a template set changed since dispatch in lines this page lacks changes nothing)."""
        if len(cleaned) == 6:
            return _steps.matched_templates(cleaned[4], templates) == cleaned[5]
        # the plain step's result: right if nothing matches
        return not _steps.matched_templates(page_lines(cleaned[0]), templates)

    def rules_for(self, source: str | None) -> dict:
        return self._rules_and_key(source)[0]

    async def process_item(self, item):
        adapter = ItemAdapter(item)
        source = adapter.get("source")
        rules, key = self._rules_and_key(source)
        inputs = _steps.clean_inputs(adapter, key)
        extracted = inputs[0]
        cleaned = _precomputed(item, _steps.CLEAN, inputs, self.stats)
        if self.recurring is not None:
            templates = self.recurring.templates(source)
            if cleaned is not _NOT_READY and not self._same_templates(cleaned, templates):
                self.stats.inc_value(f"newswatch/steps/recomputed/{_steps.CLEAN}")
                cleaned = _NOT_READY
        if cleaned is _NOT_READY:
            if self.recurring is None:
                cleaned = await self.workers.run_timed("clean_body", _steps.clean_article, *inputs[:6], rules)
            else:
                cleaned = await self.workers.run_timed("clean_body", _steps.clean_article_recurring, *inputs[:6],
                                                       rules, templates)
        if self.recurring is not None:
            *cleaned, lines, _ = cleaned if len(cleaned) == 6 else (*cleaned, page_lines(cleaned[0]), None)
            page = adapter.get("canonical_url") or adapter.get("url")
            if self.recurring.observe(source, page, lines):
                self.stats.inc_value("newswatch/clean/recurring/pages_counted")
        body, cleaning, paywalled, words = cleaned
        adapter["body"] = body
        adapter["word_count"] = words
        adapter["cleaning"] = cleaning
        adapter["paywalled"] = paywalled
        self.stats.inc_value("newswatch/clean/items")
        for rule, chars in cleaning["rules"].items():
            self.stats.inc_value(f"newswatch/clean/removed/{rule}", chars)
        self.stats.inc_value("newswatch/clean/chars_removed", cleaning["chars_removed"])
        if paywalled:
            self.stats.inc_value("newswatch/clean/paywalled")
        if extracted and not body:
            # A maintenance or error notice whose few sentences the cleaning rules know as boilerplate ("Sorry for
            # the inconvenience"), or a sign-in wall whose every line is a paywall's or a button's, is named for
            # what it is, as ValidatePipeline would have named it; a paywalled teaser left empty goes on to it.
            if error_page_reason(adapter.get("title"), extracted):
                reason = "error_page"
            elif not paywalled:
                reason = "empty_after_cleaning"
            else:
                return item
            self.stats.inc_value(f"newswatch/dropped/{reason}")
            raise DropItem(f"{reason}: {adapter.get('url')}")
        return item


class TopicsPipeline:
    """Score every item against the topic lexicons (pure logic in :mod:`newswatch.topics`).

    Sets ``topics`` (``{topic: {"score", "terms"}}`` for every topic) and ``topic_names`` (topics that passed
    their threshold) from ``title``, ``description``, ``body`` and ``language``.

    Settings: ``NEWSWATCH_TOPIC_FILTER`` (default ``drop``): ``drop`` drops items no topic passed
    (reason ``off_topic``), ``tag`` keeps everything with its scores (for tuning); ``off`` switches the
    pipeline off. ``NEWSWATCH_TOPIC_THRESHOLD`` (default unset): one threshold for every topic instead of
    each lexicon's own ``threshold``.
    Stats: ``newswatch/topics/kept``, ``newswatch/topics/matched/<topic>``,
    ``newswatch/topics/dropped/off_topic`` (drop mode), ``newswatch/topics/off_topic`` (tag mode).
    """

    MODES = ("drop", "tag")

    def __init__(self, stats, mode: str, threshold: float | None, workers):
        self.stats = stats
        self.mode = mode
        self.threshold = threshold
        self.workers = workers  # each worker compiles the lexicons once, when it starts

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        mode = (settings.get("NEWSWATCH_TOPIC_FILTER") or "drop").strip().lower()
        if mode in ("off", "none", "0", "false"):
            raise NotConfigured("NEWSWATCH_TOPIC_FILTER is off")
        if mode not in cls.MODES:
            raise ValueError(f"NEWSWATCH_TOPIC_FILTER={mode!r}: expected one of drop, tag, off")
        raw = settings.get("NEWSWATCH_TOPIC_THRESHOLD")
        try:
            threshold = float(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            raise ValueError(f"NEWSWATCH_TOPIC_THRESHOLD={raw!r} is not a number") from None
        pipeline = cls(crawler.stats, mode, threshold, worker_pool(crawler))
        pipeline.workers.add_step(_steps.topics_step(threshold, drops=mode == "drop"))
        return pipeline

    async def process_item(self, item):
        adapter = ItemAdapter(item)
        inputs = _steps.topics_inputs(adapter, self.threshold)
        match = _precomputed(item, _steps.TOPICS, inputs, self.stats)
        if match is _NOT_READY:
            match = await self.workers.run_timed("match_topics", match_topics, *inputs[:4], threshold=self.threshold)
        adapter["topics"] = match.topics
        adapter["topic_names"] = match.topic_names
        for name in match.topic_names:
            self.stats.inc_value(f"newswatch/topics/matched/{name}")
        if match.relevant:
            self.stats.inc_value("newswatch/topics/kept")
            return item
        if self.mode == "drop":
            self.stats.inc_value("newswatch/topics/dropped/off_topic")
            best = max(match.scores.values(), key=lambda s: s.score / s.threshold if s.threshold else 0.0, default=None)
            closest = f" (closest: {best.topic} {best.score:g}/{best.threshold:g})" if best else ""
            raise DropItem(f"off_topic{closest}: {adapter.get('url')}")
        self.stats.inc_value("newswatch/topics/off_topic")
        return item


def store_options(settings) -> dict:
    """``open_store`` arguments from the crawler settings (MongoDB when ``MONGO_URI`` is set)."""
    if settings.get("MONGO_URI"):
        return {
            "mongo_uri": settings.get("MONGO_URI"),
            "mongo_database": settings.get("MONGO_DATABASE"),
            "mongo_collection": settings.get("MONGO_COLLECTION"),
        }
    return {"db_path": settings.get("NEWSWATCH_DB_PATH")}


class DedupPipeline:
    """Store each story once: url_key, fingerprints, and links between copies (``newswatch.dedup``).

    For every item: computes ``url_key`` (when the loader did not) and ``fingerprints``, finds candidate
    documents, first among the recent articles of this run (a bounded LRU, so copies in one store batch
    are caught before they are written), then in the store (one indexed lookup each by url_key, body
    hash and LSH bands), and applies :func:`newswatch.dedup.decide`:

    - same url_key: ``story_id``/``duplicate_of``/``syndicated`` kept (the store bumps ``revision`` only
      when the normalized body changed);
    - the same outlet's exact body under another URL (``alias``): the item is re-keyed to the stored
      document, so the store adds the URL to its ``urls`` instead of creating a document;
    - another outlet's copy (``exact_copy``/``near_copy``): stored with ``duplicate_of`` = the story's
      first-seen copy, its ``story_id`` and ``syndicated: true``; unless that copy is another outlet's published 10
      minutes or more after this one: then this one is the original (``supersedes`` = that copy; the store makes
      it and its copies copies of this one; stat ``newswatch/dedup/rerooted``);
    - the outlet's edition of a stored article in another language (``translation``: hreflang ``alternates``, or
      the same outlet's language-independent signature within 6 hours): stored as its own document with that
      article's ``story_id`` and ``translation_of`` = its first edition's url_key (never ``duplicate_of``);
    - otherwise a new story (``story_id`` derived from its url_key).

    Stats: ``newswatch/dedup/<kind>`` (new, unchanged, revised, alias, exact_copy, near_copy, translation) and
    ``newswatch/dedup/store_unavailable`` (lookups that fell back to this run's memory only).

    Settings: ``NEWSWATCH_DEDUP`` (default True; False switches the pipeline off),
    ``NEWSWATCH_DEDUP_RECENT`` (default 1200: articles remembered in this run, ~8 KB each; it has to cover
    the copies not written yet, two store batches, so a value under twice ``NEWSWATCH_STORE_BATCH_SIZE`` plus
    200 is raised to that, with a warning),
    ``NEWSWATCH_DEDUP_CANDIDATES`` (default 20: most store documents fetched per lookup kind, those sharing
    the most LSH bands first),
    and the store settings of :class:`StorePipeline`.
    """

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSWATCH_DEDUP", True):
            raise NotConfigured("NEWSWATCH_DEDUP is off")
        self.stats = crawler.stats
        self.store_options = store_options(settings)
        self.limit = settings.getint("NEWSWATCH_DEDUP_CANDIDATES", 20)
        recent = settings.getint("NEWSWATCH_DEDUP_RECENT", 1200)
        batch = settings.getint("NEWSWATCH_STORE_BATCH_SIZE", 250)
        # A copy of an article not written yet is found only in this memory: the batch the store is writing, the
        # next one filling, and the articles waiting for the store meanwhile (a few dozen).
        unwritten = 2 * batch + 200
        if recent < unwritten:
            logger.warning("NEWSWATCH_DEDUP_RECENT=%d does not cover two store batches (NEWSWATCH_STORE_BATCH_SIZE=%d)"
                           "; remembering %d articles instead", recent, batch, unwritten)
            recent = unwritten
        self.recent = dedup.RecentIndex(recent)
        self.workers = worker_pool(crawler)
        self.workers.add_step(_steps.fingerprints_step())
        self.store = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        try:
            self.store = open_store(**self.store_options)
        except StoreError as exc:
            logger.warning("dedup: store unavailable (%s); checking this run's articles only", exc)

    def close_spider(self):
        if self.store is not None:
            self.store.close()
            self.store = None

    async def process_item(self, item):
        inputs = _steps.fingerprint_inputs(item)
        fp = _precomputed(item, _steps.FINGERPRINTS, inputs, self.stats)
        if fp is _NOT_READY:
            fp = await self.workers.run_timed("fingerprints", dedup.fingerprints, inputs[0])
        # No await from here on: lookups, decision and remembering the article are one step, so of two
        # copies in flight at once the second finds the first in ``recent``.
        key = item.get("url_key") or dedup.url_key(item.get("url"), item.get("canonical_url"))
        domain = item.get("domain") or dedup.registered_domain(item.get("url") or "")
        # the page's language edition (hreflang alternates, outlet, date): its other editions are linked, not copies
        fp = dedup.with_edition(fp, inputs[0], key=key, domain=domain, language=item.get("language"),
                                published_at=item.get("published_at"), alternates=item.get("alternates"))
        article = {
            "url_key": key,
            "url": item.get("url"),
            "title": item.get("title"),
            "source": item.get("source"),
            "domain": domain,
            "fingerprints": fp,
        }
        decision = dedup.decide(article, self._candidates(key, fp))
        kind = decision["kind"]
        item["url_key"] = decision["target"] if kind == dedup.ALIAS else key
        # The loader's [url, canonical_url]; the store unites them with the document's other aliases.
        item["urls"] = list(dict.fromkeys(u for u in (item.get("urls") or [item.get("url")]) if u))
        item["fingerprints"] = fp
        item["story_id"] = decision["story_id"]
        item["duplicate_of"] = decision["duplicate_of"]
        item["syndicated"] = decision["syndicated"]
        item["translation_of"] = fp["edition"]["translation_of"] = decision.get("translation_of")
        item["supersedes"] = decision.get("supersedes")
        if item["supersedes"]:
            self.recent.relink(item["supersedes"], key)
            self.stats.inc_value("newswatch/dedup/rerooted")
            logger.info("dedup: %s was published before %s, stored first: it is the story's original now",
                        item.get("url"), item["supersedes"])
        if kind != dedup.ALIAS:
            remembered = {name: decision[name] for name in ("story_id", "duplicate_of", "syndicated")}
            self.recent.add({**article, **remembered, "first_seen_at": datetime.now(UTC)})
        self.stats.inc_value(f"newswatch/dedup/{kind}")
        if kind not in (dedup.NEW, dedup.UNCHANGED):
            logger.debug("dedup %s: %s -> %s (similarity %s)", kind, item.get("url"), decision["target"],
                         decision["similarity"])
        return item

    def _candidates(self, key: str, fp: dict) -> list[dict]:
        keys = dedup.lookup_keys(fp)  # LSH bands, then sentence keys (rewrites in other words)
        found = {c["url_key"]: c for c in self.recent.candidates(key, fp["exact"], keys)}
        if self.store is None:
            return list(found.values())
        try:
            stored = self.store.find_candidates(key, fp["exact"], keys, limit=self.limit)
        except StoreError as exc:
            self.stats.inc_value("newswatch/dedup/store_unavailable")
            logger.warning("dedup: store lookup failed (%s); checking this run's articles only", exc)
            stored = []
        for doc in stored:
            if doc["url_key"] in found:
                # This run's copy is fresher, but the store knows when the story was really first seen.
                found[doc["url_key"]] = {**found[doc["url_key"]], "first_seen_at": doc.get("first_seen_at")}
            else:
                found[doc["url_key"]] = doc
        return list(found.values())


class _Flight:
    """A batch on the store thread: the future of its write, its documents, and the journal file holding them."""

    __slots__ = ("future", "batch", "segment", "seconds")

    def __init__(self, batch: list, segment: JournalSegment | None):
        self.batch, self.segment = batch, segment
        self.future: Future | None = None
        self.seconds = 0.0

    def release(self) -> None:
        if self.segment is not None:
            self.segment.release()

    def keep(self) -> None:
        if self.segment is not None:
            self.segment.keep()


class StorePipeline:
    """Batched, idempotent upserts into the configured store, that neither lose nor duplicate an article.

    Settings (defaults from the environment, see ``newswatch/settings.py``):
    ``MONGO_URI`` (unset: embedded store), ``MONGO_DATABASE`` (``newswatch``),
    ``MONGO_COLLECTION`` (``articles``), ``NEWSWATCH_DB_PATH`` (``data/newswatch.sqlite3``),
    ``NEWSWATCH_STORE_BATCH_SIZE`` (250), ``NEWSWATCH_SPILL_DIR`` (``data/spill``),
    ``NEWSWATCH_STORE_RETRY_DELAYS`` (``1,2,4,8,16``: seconds between write attempts while the database
    is unreachable).

    - The crawl starts even when the database is down: the store connects on first use.
    - Every article is journaled (``<spill dir>/journal-*.jsonl``) before it is buffered, so a crawl
      killed outright loses nothing; the next run replays the journal.
    - A full batch is written on a thread of its own, one batch at a time, while the crawl goes on: a slow
      database, or one being retried, never freezes downloads and extraction. When the next batch is full
      before the last one is written, the articles wait for it (the crawl slows to the database's pace
      rather than buffering without bound).
    - Writes are retried with backoff while the database is unreachable. If it stays down, the unwritten
      articles go to a JSON Lines spill file, and later batches try once each (no more waits) until one
      succeeds: then the spill is replayed, in the same run. Whatever is still spilled at the end is
      replayed (idempotent upserts) when the next crawl opens the store.
    - A graceful shutdown (SIGTERM/SIGINT, Scrapy's first signal) closes the spider, which writes what is
      buffered and waits for the batch being written.

    - An article the database refuses for good (too large, a value it cannot hold) is set aside in
      ``<spill dir>/rejected-<pid>.jsonl`` with the reason, never retried; the rest of its batch is written.

    Stats: ``newswatch/store/{inserted,updated,unchanged,retries,spilled,replayed,unavailable_at_open}``,
    ``newswatch/store/repaired/surrogates`` (lone UTF-16 surrogates dropped from an item's strings before storing),
    ``newswatch/store/rejected`` (articles set aside as above), ``newswatch/store/lost`` (articles neither the
    database nor the spill directory could take, each batch said in one error line),
    ``newswatch/store/file_{deleted,replaced,carried}``
    (the embedded store's file deleted or replaced under the crawl, and the articles carried into the new one),
    ``newswatch/store/waits`` (times the crawl waited for the batch being written before buffering more),
    ``newswatch/time/search_stems`` (MongoDB: the workers' seconds computing the ``--text`` word index).
    """

    def __init__(self, crawler):
        settings = crawler.settings
        # The crawl process's C heap thresholds fixed, as the workers' are (newswatch._heap): a page of several MB does
        # not make every later big block come from the heap, where it leaves holes.
        tune_heap(CRAWL_MMAP_THRESHOLD, CRAWL_TRIM_THRESHOLD, arenas=CRAWL_ARENAS)
        self.stats = crawler.stats
        self.store_options = store_options(settings)
        self.batch_size = settings.getint("NEWSWATCH_STORE_BATCH_SIZE", 250)
        self.retry_delays = tuple(float(d) for d in settings.getlist("NEWSWATCH_STORE_RETRY_DELAYS",
                                                                     ["1", "2", "4", "8", "16"]))
        spill_dir = settings.get("NEWSWATCH_SPILL_DIR") or "data/spill"
        self.spill = Spill(spill_dir)
        self.journal = Journal(spill_dir)
        self.store = None
        self.writer = None
        self.down = False  # the last write attempt failed: try once per batch, no backoff waits
        self._thread: ThreadPoolExecutor | None = None
        self._flight: _Flight | None = None
        self._refused: list[tuple[dict, str]] = []  # filled on the store thread, set aside on the crawl's
        # MongoDB's search_stems (~2 ms an article) are computed on the workers, beside the extraction, and handed
        # to the store with the document: the reactor thread only splits them.
        self.stems_step = "mongo_uri" in self.store_options and worker_pool(crawler).add_step(
            _steps.search_stems_step())

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        self.store = build_store(**self.store_options)
        logger.info("storing articles in %s", self.store.describe())
        try:
            self.store.open()
        except StoreError as exc:
            self.down = True
            self.stats.inc_value("newswatch/store/unavailable_at_open")
            logger.error("store %s unavailable at start (%s); crawling anyway: writes are retried, and spilled to "
                         "%s while it stays down", self.store.describe(), exc, self.spill.directory)
        else:
            self._count_replay(*self._replay())
        self.writer = BufferedWriter(self.store, batch_size=self.batch_size, retry_delays=self.retry_delays,
                                     on_reject=lambda doc, reason: self._refused.append((doc, reason)))
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newswatch-store")

    async def process_item(self, item):
        self._settle()
        stems = _NOT_READY
        if self.stems_step:
            stems_from = _steps.stems_inputs(item)
            stems = _precomputed(item, _steps.SEARCH_STEMS, stems_from, self.stats)
        doc, line = document_and_line(item, self._count_repair)
        if isinstance(doc.get("url_key"), str) and doc["url_key"]:  # the writer refuses the others, loudly
            self.journal.append(doc, line)
            hint = getattr(self.store, "hint_search_stems", None)
            if stems is not _NOT_READY and hint is not None:
                # The texts the stems were computed from: a document repaired since (surrogates) does not match them.
                hint(doc["url_key"], *stems_from, stems)
        self.writer.hold(doc)
        if len(self.writer) >= self.batch_size:
            if self._flight is not None:
                self.stats.inc_value("newswatch/store/waits")
                waiter = asyncio.wrap_future(self._flight.future)
                await asyncio.wait([waiter])
                if not waiter.cancelled():
                    waiter.exception()  # a failed write is _settle's to handle, not this article's
                self._settle()
            if self._flight is None and len(self.writer) >= self.batch_size:
                self._launch()
        return item

    def _count_repair(self, what: str) -> None:
        self.stats.inc_value(f"newswatch/store/repaired/{what}")

    def close_spider(self):
        if self.writer is not None:
            # Shutting down: waiting here for the database is what a graceful stop is for.
            self._settle(wait=True)
            if len(self.writer):
                self._launch()
                self._settle(wait=True)
            self.stats.set_value("newswatch/store/retries", self.writer.retries)
        if self._thread is not None:
            self._thread.shutdown()
        if not self.down:
            self._count_replay(*self._replay())  # articles spilled earlier in this run, now that the store answers
        for event, count in getattr(self.store, "file_events", {}).items():
            self.stats.set_value(f"newswatch/store/file_{event}", count)
        self.journal.close()
        if self.store is not None:
            self.store.close()

    def _launch(self) -> None:
        """Hand everything buffered to the store thread as one batch, with the journal file that holds it."""
        flight = _Flight(self.writer.take(), self.journal.rotate())
        flight.future = self._thread.submit(self._write_batch, flight, self.down)
        self._flight = flight

    def _write_batch(self, flight: _Flight, was_down: bool):
        """On the store thread: the batch, then (when the store has just come back) the spilled articles."""
        started = time.perf_counter()
        try:
            result = self.writer.write(flight.batch, () if was_down else None)
            return result, (self._replay() if was_down else (0, 0))
        finally:
            flight.seconds = time.perf_counter() - started

    def _settle(self, wait: bool = False) -> None:
        """Account, on the crawl's thread, for the batch the store thread finished (with ``wait``: once it has)."""
        flight = self._flight
        if flight is None or not (wait or flight.future.done()):
            return
        self._flight = None
        try:
            result, replay = flight.future.result()
            # The store thread's time, which the pipeline's own (newswatch/time/StorePipeline) no longer includes.
            self.stats.inc_value("newswatch/time/store_write", flight.seconds)
        except Exception as exc:  # noqa: BLE001 - a StoreError, or a driver's surprise: either way the batch is kept
            self._spill(flight, exc)
        else:
            flight.release()
            self._record(result)
            if self.down:
                logger.info("store %s is reachable again", self.store.describe())
                self.down = False
            self._count_replay(*replay)
        while self._refused:
            self._reject(*self._refused.pop(0))

    def _spill(self, flight: _Flight, exc: BaseException) -> None:
        batch = flight.batch
        self.down = True
        try:
            path = self.spill.write(batch)
        except OSError as spill_error:  # nowhere to keep them: one line and a stat, not a traceback per item
            flight.keep()
            self.stats.inc_value("newswatch/store/lost", len(batch))
            logger.error("store %s failed (%s) and the spill directory %s cannot be written (%s): %d article(s) "
                         "lost", self.store.describe(), exc, self.spill.directory, spill_error, len(batch))
            return
        flight.release()  # the spill file holds them now
        if path is not None:
            self.stats.inc_value("newswatch/store/spilled", len(batch))
            logger.error("store %s failed (%s); %d article(s) spilled to %s for replay when it is back",
                         self.store.describe(), exc, len(batch), path)

    def _reject(self, doc, reason: str) -> None:
        path = self.spill.reject(doc, reason)
        self.stats.inc_value("newswatch/store/rejected")
        logger.error("article %s set aside in %s: the store refuses it (%s)", doc.get("url"), path, reason)

    def _replay(self) -> tuple[int, int]:
        """Replay the spilled articles: (how many, how many of them the store refused for good). Any thread."""
        rejected = self.spill.rejected
        try:
            replayed = self.spill.replay(self.store)
        except StoreError as exc:
            logger.warning("spilled articles not replayed yet (%s); they stay in %s", exc, self.spill.directory)
            replayed = 0
        if replayed:
            logger.info("replayed %d spilled article(s) into %s", replayed, self.store.describe())
        return replayed, self.spill.rejected - rejected

    def _count_replay(self, replayed: int, rejected: int) -> None:
        if rejected:
            self.stats.inc_value("newswatch/store/rejected", rejected)
        if replayed:
            self.stats.inc_value("newswatch/store/replayed", replayed)

    def _record(self, result):
        if result is None:
            return
        for name in ("inserted", "updated", "unchanged"):
            if getattr(result, name):
                self.stats.inc_value(f"newswatch/store/{name}", getattr(result, name))
