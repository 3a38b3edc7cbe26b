"""Performance round 11: each shortcut gives what the work it replaces gave.

MongoDB's ``search_stems`` are computed on a crawl worker (a pipeline step, ``newswatch._steps.search_stems_step``) and
handed to the store with the document, instead of on the reactor thread at the write; the recurring-lines cleaning
step lives in ``newswatch._steps``, so neither the fork server nor a worker imports ``newswatch.pipelines``.
Figures and commands: the round's report (bench/RESULTS.md, "Eleventh round").
"""

from __future__ import annotations

import ast
import asyncio
import json
import multiprocessing.forkserver
import pickle
import subprocess
import sys
import uuid

import pymongo
import pytest

from newswatch import _steps
from newswatch.clean import RecurringLines, page_lines
from newswatch.query._text import search_stems
from newswatch.storage._mongo import _HINTS_HELD, SEARCH_FIELD, MongoStore
from tests._mongo_server import nx_server_fixture  # noqa: F401
from tests.crawling import PROJECT_ROOT
from tests.test_storage import article, dataset_articles

#: Texts the packing must carry whole: an apostrophe compound, no words at all, one word, no title, no body.
EDGES = [("Об'єкт у Харкові", "Удар по об'єкту.\n\nNATO's drones."), ("", ""), (None, None), ("Київ", None),
         (None, "… — 2026"), ("x", "y")]


@pytest.fixture(scope="module", name="docs")
def docs_fixture() -> list[dict]:
    return dataset_articles()


def _step_result(fields: dict):
    inputs, packed, writes, stop = _steps.search_stems_step().compute(fields, ())
    assert writes == {} and stop is False
    return inputs, packed


def test_the_workers_stems_are_the_stores_own(docs):
    for title, body in [*EDGES, *((d["title"], d["body"]) for d in docs)]:
        inputs, packed = _step_result({"title": title, "body": body, "language": "uk"})
        assert inputs == (title, body)
        # what crosses the pipe back, and what the store then writes
        assert _steps.unpack_stems(pickle.loads(pickle.dumps(packed))) == search_stems(title, body)


def test_stems_holding_a_newline_travel_as_the_list():
    stems = ["abc", "de\nf", "ghij*"]
    assert _steps.pack_stems(stems) == stems and _steps.unpack_stems(_steps.pack_stems(stems)) == stems
    assert _steps.pack_stems([]) == "" and _steps.unpack_stems("") == []
    assert _steps.pack_stems(["one"]) == "one" and _steps.unpack_stems("one") == ["one"]
    assert _steps.unpack_stems(_steps.pack_stems([""])) == [""]
    assert _steps.unpack_stems(_steps.pack_stems(["a", ""])) == ["a", ""]


def test_the_step_preloads_its_module_in_the_fork_server():
    from newswatch.process import WorkerPool

    pool = WorkerPool(1)
    pool.add_step(_steps.clean_step())
    pool.add_step(_steps.search_stems_step())
    pool._ensure_context()
    try:
        # what the fork server imports before it forks the workers (one fork server a process)
        preload = multiprocessing.forkserver._forkserver._preload_modules
        assert preload == ["newswatch.process", "newswatch.query._text", "newswatch._worker_init"]
    finally:
        pool._context.set_forkserver_preload(["newswatch.process", "newswatch._worker_init"])
        pool.close()


# --- the store takes the worker's stems ------------------------------------------------------------------


@pytest.fixture(name="mongo")
def mongo_fixture(nx_server):
    store = MongoStore(nx_server.uri, "perf11", f"articles_{uuid.uuid4().hex[:10]}")
    store.open()
    yield store
    store.collection.drop()
    store.close()


def _stored_stems(store: MongoStore, key: str) -> list[str]:
    return store.collection.find_one({"url_key": key})[SEARCH_FIELD]


def test_a_hint_writes_the_stems_the_store_would_compute(mongo, docs):
    hinted = [dict(d, url_key=f"hinted/{i}") for i, d in enumerate(docs[:12])]
    plain = [dict(d, url_key=f"plain/{i}") for i, d in enumerate(docs[:12])]
    for doc in hinted:
        mongo.hint_search_stems(doc["url_key"], doc["title"], doc["body"], _step_result(doc)[1])
    mongo.upsert_articles(hinted + plain)
    for i, doc in enumerate(docs[:12]):
        assert _stored_stems(mongo, f"hinted/{i}") == _stored_stems(mongo, f"plain/{i}") == search_stems(
            doc["title"], doc["body"])
    assert not mongo._stems_hints  # used once


def test_a_hint_for_another_text_is_not_used(mongo):
    doc = article("example.org/hint-stale", title="Тиша в Одесі", body="В Одесі спокійно.")
    stale = _step_result({"title": doc["title"], "body": "Удар по Харкову."})[1]
    mongo.hint_search_stems(doc["url_key"], doc["title"], "Удар по Харкову.", stale)
    mongo.upsert_articles([doc])
    assert _stored_stems(mongo, doc["url_key"]) == search_stems("Тиша в Одесі", "В Одесі спокійно.")
    # an update: the hint is used only when the title or body changed (else the stored stems stay)
    changed = dict(doc, body="В Одесі знову спокійно.")
    mongo.hint_search_stems(doc["url_key"], changed["title"], changed["body"], _step_result(changed)[1])
    mongo.upsert_articles([changed])
    assert _stored_stems(mongo, doc["url_key"]) == search_stems("Тиша в Одесі", "В Одесі знову спокійно.")
    mongo.hint_search_stems(doc["url_key"], changed["title"], changed["body"], ["wrong"])
    mongo.upsert_articles([changed])  # unchanged: nothing written, the hint let go
    assert _stored_stems(mongo, doc["url_key"]) == search_stems("Тиша в Одесі", "В Одесі знову спокійно.")
    assert not mongo._stems_hints


def test_the_store_pipeline_hands_over_the_stems_of_the_texts_stored(nx_server, tmp_path):
    """The worker's stems go with the document when its title and body are still those the worker read; a body
    repaired on the way (lone surrogates dropped) gets its stems computed at the write, from the repaired text."""
    from scrapy.utils.test import get_crawler

    from newswatch.pipelines import StorePipeline

    collection = f"articles_{uuid.uuid4().hex[:10]}"
    crawler = get_crawler(settings_dict={"MONGO_URI": nx_server.uri, "MONGO_DATABASE": "perf11",
                                         "MONGO_COLLECTION": collection, "NEWSWATCH_SPILL_DIR": str(tmp_path),
                                         "NEWSWATCH_EXTRACT_WORKERS": 0, "NEWSWATCH_STORE_BATCH_SIZE": 10})
    crawler.stats.open_spider()
    pipeline = StorePipeline.from_crawler(crawler)
    assert [s.stage for s in pipeline_steps(crawler)] == [_steps.SEARCH_STEMS]
    pipeline.open_spider()
    plain = article("example.org/stems-plain", body="Удар по Харкову вночі.")
    broken = article("example.org/stems-repaired", body="Удар по Харко\ud83dву вночі.")  # in a word
    handed = []
    store_hint = pipeline.store.hint_search_stems
    pipeline.store.hint_search_stems = lambda *a: handed.append(a) or store_hint(*a)
    for doc in (plain, broken):
        item = _ItemWithSteps(doc)
        setattr(item, _steps.RESULTS_ATTR, _steps.run_steps(item, pipeline_steps(crawler)))  # the worker's part
        asyncio.run(pipeline.process_item(item))
    pipeline.close_spider()
    assert [h[0] for h in handed] == ["example.org/stems-plain", "example.org/stems-repaired"]
    assert handed[1][2] == broken["body"]  # the text the worker read, not the repaired one
    assert crawler.stats.get_value("newswatch/store/repaired/surrogates") == 1
    with pymongo.MongoClient(nx_server.uri) as client:
        stored = {d["url_key"]: d for d in client["perf11"][collection].find({})}
        client["perf11"].drop_collection(collection)
    assert stored["example.org/stems-plain"][SEARCH_FIELD] == search_stems(plain["title"], plain["body"])
    assert stored["example.org/stems-repaired"][SEARCH_FIELD] == search_stems(broken["title"], "Удар по Харкову вночі.")


class _ItemWithSteps(dict):
    """A plain item that takes the steps' results as an attribute, as Scrapy's items do."""


def pipeline_steps(crawler) -> tuple:
    from newswatch.process import worker_pool

    return worker_pool(crawler).steps


def test_hints_are_bounded():
    store = MongoStore("mongodb://127.0.0.1:1/")
    for i in range(_HINTS_HELD + 10):
        store.hint_search_stems(f"k{i}", "t", "b", "t")
    assert len(store._stems_hints) == _HINTS_HELD and "k0" not in store._stems_hints and f"k{_HINTS_HELD + 9}" in \
        store._stems_hints


def test_a_crawl_into_mongodb_stores_the_workers_stems(nx_server, tmp_path):
    from tests.crawling import run_crawl
    from tests.mocksite import MockNewsSite

    collection = f"articles_{uuid.uuid4().hex[:10]}"
    env = {"MONGO_URI": nx_server.uri, "MONGO_DATABASE": "perf11", "MONGO_COLLECTION": collection}
    with MockNewsSite() as site:
        run = run_crawl(tmp_path, args={"feeds": site.url("/rss.xml"), "since": "all"}, env=env)
    run.assert_finished_cleanly()
    with pymongo.MongoClient(nx_server.uri) as client:
        docs = list(client["perf11"][collection].find({}))
        client["perf11"].drop_collection(collection)
    assert len(docs) >= 3
    for doc in docs:
        assert doc[SEARCH_FIELD] == search_stems(doc.get("title"), doc.get("body")), doc["url"]
    assert run.stat("newswatch/time/search_stems") > 0  # taken from the workers
    assert not run.stat("newswatch/steps/recomputed/search_stems")


# --- the fork server without newswatch.pipelines ------------------------------------------------------------


def test_the_fork_server_and_workers_do_not_import_the_pipelines():
    """What the fork server imports (``newswatch._worker_init``'s imports, without its warm-up: the language model)
    and what the pipelines' worker steps and their fallback calls import when they run."""
    init = ast.parse((PROJECT_ROOT / "newswatch" / "_worker_init.py").read_text(encoding="utf-8"))
    modules = [a.name for n in init.body if isinstance(n, ast.Import) for a in n.names]
    modules += [n.module for n in init.body if isinstance(n, ast.ImportFrom)]
    assert "newswatch.pipelines" not in modules
    code = f"""
import importlib, json, sys
for name in {modules!r}:
    importlib.import_module(name)
from newswatch import _steps
fields = {{"title": "Air raid alert in Kyiv", "language": "en", "source": "example.com",
          "body": "Air defence forces were active over Kyiv overnight, the city administration said. " * 8}}
steps = (_steps.clean_recurring_step({{}}), _steps.topics_step(None, False), _steps.fingerprints_step())
done = _steps.run_steps(fields, steps)
inputs = _steps.clean_inputs(fields, b"")
_steps.clean_article_recurring(*inputs[:6], _steps.cleaning_rules("example.com"), frozenset())
print(json.dumps([sorted(done), [m for m in ("newswatch.pipelines", "newswatch.storage", "pymongo")
                                 if m in sys.modules]]))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    stages, imported = json.loads(out.stdout.strip().splitlines()[-1])
    assert stages == ["clean_body", "fingerprints", "match_topics"]
    assert imported == []


def test_the_recurring_step_is_the_pipelines_cleaning_with_the_templates_dropped(docs):
    memory = RecurringLines(min_pages=2)
    footer = "Our correspondents in Kharkiv and Zaporizhzhia file from the front line every week."
    pages = [dict(d, source="outlet", body=f"{d['body']}\n\n{footer}") for d in docs[:6]]
    for i, page in enumerate(pages):
        memory.observe("outlet", f"https://outlet.example/{i}", page_lines(page["body"]))
    templates = memory.templates("outlet")
    assert templates
    step = _steps.clean_recurring_step(memory.snapshot)
    assert step.compute.__module__ == "newswatch._steps"
    for page in pages:
        inputs, result, writes, _ = step.compute(page, step.options)
        rules, _ = _steps._worker_rules("outlet")
        assert result == _steps.clean_article_recurring(*inputs[:6], rules, templates)  # the pipeline's own call
        plain = _steps.clean_article(*inputs[:6], rules)
        assert footer in plain[0] and footer not in result[0] and writes["body"] == result[0]
        assert result[5] == _steps.matched_templates(result[4], templates) and result[5]
