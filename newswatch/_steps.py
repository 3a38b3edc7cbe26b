"""The item pipelines' pure per-article steps, run on the worker right after extraction (no Scrapy here).

An article used to make four worker round trips: extraction, then one each for text cleaning, topic matching
and fingerprints, each pickling the body both ways and waking the crawl's event loop. Now each enabled pipeline
registers its :class:`Step` with the worker pool (``WorkerPool.add_step``); :func:`newswatch.process.process_article`
runs the registered steps in pipeline order on the article it built (:func:`run_steps`), each on the fields as
the pipelines before it would leave them, and attaches each step's result, with the inputs it used and the
worker's time, to the item. The pipeline takes a result (``newswatch.pipelines``) only when the inputs it would
use now equal those: a pipeline disabled, reordered or an item changed in between makes it compute itself, as
before. Inputs are tuples built by the same ``*_inputs`` functions on both sides; the worker's answer pickles
the body once (pickle keeps one object referenced twice as one), so an unchanged input compares by identity.
StorePipeline's step, on MongoDB, computes the document's ``search_stems``, which the pipeline hands to the store with
the document (``MongoStore.hint_search_stems``): ~2 ms an article less on the crawl's event loop.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newswatch.clean import CleaningReport, clean_body, detect_paywall, drop_lines, page_lines, site_rules_for
from newswatch.dedup import fingerprints
from newswatch.sources import SourcesError, get_source
from newswatch.topics import match_topics

logger = logging.getLogger(__name__)

#: The item attribute (Scrapy items accept ``_``-prefixed attributes; no field, so never stored) holding
#: ``{stage: (inputs, result, worker seconds)}``.
RESULTS_ATTR = "_newswatch_steps"

CLEAN = "clean_body"
TOPICS = "match_topics"
FINGERPRINTS = "fingerprints"
SEARCH_STEMS = "search_stems"


@dataclass(frozen=True)
class Step:
    """One pipeline's pure work on an article: ``compute(fields, options) -> (inputs, result, writes, stop)``.

    ``stage`` names it (the ``newswatch/time/<stage>`` stat). ``compute`` is a module-level function (pickled by
    name with each extraction call) reading the fields it needs; ``writes`` are the fields the pipeline will
    set from the result that later steps read (cleaning's body); ``stop`` ends the chain (an item the pipeline
    will drop: later steps would be wasted). ``preload``: modules ``compute`` imports that the worker pool's fork
    server should load before it forks the workers (shared, not one copy a worker).
    """

    stage: str
    compute: Callable[[Mapping, tuple], tuple[tuple, Any, dict, bool]]
    options: tuple = ()
    preload: tuple[str, ...] = ()


def run_steps(item: Mapping, steps: tuple[Step, ...]) -> dict[str, tuple[tuple, Any, float]]:
    """Run ``steps`` in order on a copy of ``item``'s fields; ``{stage: (inputs, result, seconds)}``.

    A step that raises ends the chain quietly: its pipeline then runs the call itself and gets the error there,
    as it did before steps were folded into extraction.
    """
    fields = dict(item)
    done = {}
    for step in steps:
        started = time.perf_counter()
        try:
            inputs, result, writes, stop = step.compute(fields, step.options)
        except Exception as exc:
            logger.debug("%s on the worker failed (%s: %s); its pipeline runs it", step.stage, type(exc).__name__, exc)
            break
        done[step.stage] = (inputs, result, time.perf_counter() - started)
        fields.update(writes)
        if stop:
            break
    return done


# --- cleaning ---------------------------------------------------------------------------------------------


def cleaning_rules(source: str | None) -> dict:
    """The outlet's text-cleaning rules: ``sources.yaml`` ``clean:`` over ``newswatch/clean/sites/<source>.yaml``."""
    configured = None
    if source:
        try:
            found = get_source(source)
        except SourcesError as exc:
            logger.warning("sources.yaml unusable for cleaning rules (%s); packaged rules only", exc)
            found = None
        configured = found.clean if found is not None else None
    return site_rules_for(source, configured)


def rules_key(rules: dict) -> bytes:
    """A digest of ``rules``' content: the worker's and the pipeline's rules compare by it, not by value."""
    return hashlib.blake2b(json.dumps(rules, sort_keys=True, default=str).encode(), digest_size=16).digest()


@lru_cache(maxsize=1024)
def _worker_rules(source: str | None) -> tuple[dict, bytes]:
    rules = cleaning_rules(source)
    return rules, rules_key(rules)


def clean_article(extracted: str, language: str | None, title: str | None, cleaning: dict | None,
                  paywalled_hint: bool | None, authors: tuple[str, ...], rules: dict) -> tuple[str, dict, bool, int]:
    """The text cleaning of one article: ``(body, cleaning, paywalled, word_count)``, the fields CleanPipeline sets.

    ``clean_body`` with the outlet's ``rules`` and the page's ``authors`` (their byline lines go); its report merged
    with the HTML-level audit the extraction left in ``cleaning``; the paywall verdict from ``paywalled_hint``
    (JSON-LD), the markers seen and the body.
    """
    body, text_report = clean_body(extracted, language, rules, title=title, authors=authors)
    report = CleaningReport.from_dict(cleaning).merge(text_report)
    return body, report.to_dict(), detect_paywall(paywalled_hint, body, report), len(body.split())


def clean_inputs(fields: Mapping, key: bytes) -> tuple:
    """What :func:`clean_article` reads: (body or "", language, title, cleaning, paywalled hint, authors, rules'
    digest)."""
    return (fields.get("body") or "", fields.get("language"), fields.get("title"), fields.get("cleaning"),
            bool(fields.get("paywalled")) or None, _author_names(fields.get("authors")), key)


def _author_names(authors) -> tuple[str, ...]:
    """The item's author names as a tuple (compared with the worker's inputs, and sent to it)."""
    if isinstance(authors, str):
        return (authors,)
    if not isinstance(authors, (list, tuple)):
        return ()
    return tuple(a for a in authors if isinstance(a, str))


def _clean(fields: Mapping, options: tuple) -> tuple[tuple, Any, dict, bool]:
    rules, key = _worker_rules(fields.get("source"))
    inputs = clean_inputs(fields, key)
    result = body, cleaning, paywalled, words = clean_article(*inputs[:6], rules)
    writes = {"body": body, "cleaning": cleaning, "paywalled": paywalled, "word_count": words}
    # An item cleaned to nothing (and no teaser) is dropped by the pipeline: the steps after it would be wasted.
    return inputs, result, writes, bool(inputs[0]) and not body and not paywalled


def clean_step() -> Step:
    return Step(CLEAN, _clean)


def clean_article_recurring(extracted: str, language: str | None, title: str | None, cleaning: dict | None,
                            paywalled_hint: bool | None, authors: tuple[str, ...], rules: dict,
                            templates: frozenset[int]) -> tuple:
    """:func:`newswatch._steps.clean_article`, then the source's template lines (``templates``, from the reactor's
    :class:`~newswatch.clean.RecurringLines`) dropped; also returns the body's lines before that, for the memory,
    and which of them were template lines (the result holds for any template set that matches the same ones)."""
    body, cleaning, paywalled, words = clean_article(extracted, language, title, cleaning, paywalled_hint, authors,
                                                     rules)
    lines = page_lines(body)
    kept, report = drop_lines(body, lines, templates)
    if report.removals:
        body, words = kept, len(kept.split())
        cleaning = CleaningReport.from_dict(cleaning).merge(report).to_dict()
    return body, cleaning, paywalled, words, lines, matched_templates(lines, templates)


def matched_templates(lines, templates: frozenset[int]) -> frozenset[int]:
    """The hashes of ``lines`` (:func:`newswatch.clean.page_lines`) that are in ``templates``."""
    return frozenset(h for _, h in lines.hashes if h in templates) if templates else frozenset()


def _clean_recurring(fields, options: tuple) -> tuple:
    """The worker step of CleanPipeline with the memory on: ``options`` holds the memory's ``{source: templates}``
    (the same dict object on the reactor, so every extraction call carries its state at dispatch)."""
    (snapshot,) = options
    rules, key = _worker_rules(fields.get("source"))
    inputs = clean_inputs(fields, key)  # the template lines matched ride in the result, checked on taking it
    templates = snapshot.get(fields.get("source"), frozenset())
    result = body, cleaning, paywalled, words, _, _ = clean_article_recurring(*inputs[:6], rules, templates)
    writes = {"body": body, "cleaning": cleaning, "paywalled": paywalled, "word_count": words}
    return inputs, result, writes, bool(inputs[0]) and not body and not paywalled


def clean_recurring_step(snapshot: Mapping) -> Step:
    """CleanPipeline's step with the recurring-lines memory on; ``snapshot`` is the memory's ``{source: templates}``."""
    return Step(CLEAN, _clean_recurring, (snapshot,))


# --- topics -----------------------------------------------------------------------------------------------


def topics_inputs(fields: Mapping, threshold: float | None) -> tuple:
    """What ``match_topics`` reads: (title, body, description, language, threshold)."""
    return fields.get("title"), fields.get("body"), fields.get("description"), fields.get("language"), threshold


def _topics(fields: Mapping, options: tuple) -> tuple[tuple, Any, dict, bool]:
    threshold, drops = options
    inputs = topics_inputs(fields, threshold)
    match = match_topics(*inputs[:4], threshold=threshold)
    return inputs, match, {}, drops and not match.relevant


def topics_step(threshold: float | None, drops: bool) -> Step:
    """``drops``: the pipeline drops off-topic items, so the steps after it are skipped for them."""
    return Step(TOPICS, _topics, (threshold, drops))


# --- fingerprints -----------------------------------------------------------------------------------------


def fingerprint_inputs(fields: Mapping) -> tuple:
    return (fields.get("body"),)


def _fingerprints(fields: Mapping, options: tuple) -> tuple[tuple, Any, dict, bool]:
    inputs = fingerprint_inputs(fields)
    return inputs, fingerprints(inputs[0]), {}, False


def fingerprints_step() -> Step:
    return Step(FINGERPRINTS, _fingerprints)


# --- search stems (MongoDB) -------------------------------------------------------------------------------

#: The module the step's work lives in: its package imports the store's modules and pymongo, so the fork server loads
#: it once (``Step.preload``) when the step is on, and the workers share it instead of each importing its own.
_STEMS_MODULE = "newswatch.query._text"


def stems_inputs(fields: Mapping) -> tuple:
    """What ``search_stems`` reads: (title, body)."""
    return fields.get("title"), fields.get("body")


def _search_stems(fields: Mapping, options: tuple) -> tuple[tuple, Any, dict, bool]:
    from newswatch.query._text import search_stems

    inputs = stems_inputs(fields)
    return inputs, pack_stems(search_stems(*inputs)), {}, False


def pack_stems(stems: list[str]) -> str | list[str]:
    """``stems`` as one newline-joined string (one object to pickle and hold while its article waits for its store
    batch, not a thousand), or the list itself if one of them holds a newline. :func:`unpack_stems` reverses it."""
    packed = "\n".join(stems)
    if not stems or (packed and packed.count("\n") == len(stems) - 1):  # ([""] would come back as [])
        return packed
    return stems


def unpack_stems(packed: str | list[str]) -> list[str]:
    if isinstance(packed, str):
        return packed.split("\n") if packed else []
    return list(packed)


def search_stems_step() -> Step:
    """StorePipeline's step on MongoDB: the document's ``search_stems`` (``newswatch.query._text.search_stems``)."""
    return Step(SEARCH_STEMS, _search_stems, preload=(_STEMS_MODULE,))
