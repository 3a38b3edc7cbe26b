"""One outlet's language editions of one article (hreflang, or the language-independent signature): kept as
documents of their own, linked as one story (same story_id, translation_of), never copies; through the pipeline,
both stores and the `stories` command."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest
import yaml
from scrapy.utils.test import get_crawler

from bench.dedup_eval import as_article, evaluate, load_pairs
from newswatch._commands import stories
from newswatch.dedup import NEAR_PARAMS, TRANSLATION, decide, fingerprints, registered_domain, url_key, with_edition
from newswatch.dedup._editions import is_translation, script_language, signature, skeleton
from newswatch.extract import extract_article
from newswatch.extract._alternates import page_alternates
from newswatch.items import Article
from newswatch.pipelines import DedupPipeline, StorePipeline
from newswatch.storage import open_store
from tests._mongo_server import (  # noqa: F401 - the *_fixture names register pytest fixtures
    nx_server_fixture,
    store_spec_fixture,
)

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / ".." / "shared" / "datasets" / "readability-news"
SET = ROOT / "bench" / "data" / "dedup" / "translations_pairs.yaml"
DOCS = yaml.safe_load(SET.read_text(encoding="utf-8"))["docs"]

UP_HEAD = """<html lang="uk"><head><title>{title}</title>
<link rel="canonical" href="{url}">
<link rel="alternate" hreflang="uk" href="/news/2026/11/27/7521734/">
<link rel="Alternate" hreflang="ru" href="https://www.pravda.com.ua/rus/news/2026/11/27/7521734/">
<link rel="alternate" hreflang="x-default" href="https://www.pravda.com.ua/news/2026/11/27/7521734/">
<link rel="alternate" type="application/rss+xml" href="/rss/">
<link rel="alternate" hreflang="not a tag" href="https://example.com/">
<link rel="alternate" hreflang="en" href="javascript:void(0)">
</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"""


def _page(doc_id: str) -> str:
    doc = DOCS[doc_id]
    paragraphs = "".join(f"<p>{p}</p>" for p in doc["body"].strip().split("\n\n"))
    return UP_HEAD.format(title=doc["title"], url=doc["url"], paragraphs=paragraphs)


# ------------------------------------------------------------------------------------------------ the reader

def test_alternates_read_from_the_head_absolute_one_per_language():
    tree = lxml.html.fromstring(_page("up-uk-kharkiv"))
    assert page_alternates(tree, "https://www.pravda.com.ua/news/2026/11/27/7521734/") == {
        "uk": "https://www.pravda.com.ua/news/2026/11/27/7521734/",
        "ru": "https://www.pravda.com.ua/rus/news/2026/11/27/7521734/",
        "x-default": "https://www.pravda.com.ua/news/2026/11/27/7521734/",
    }


def test_real_pages_regional_alternates_are_read_and_are_not_other_languages():
    html = (DATASETS / "bbc-1" / "source.html").read_text(encoding="utf-8")
    article = extract_article(html, "http://www.bbc.com/news/world-us-canada-33646704")
    assert article["alternates"] == {"en-gb": "http://www.bbc.co.uk/news/world-us-canada-33646704",
                                     "en": "http://www.bbc.com/news/world-us-canada-33646704"}
    page = with_edition(fingerprints(article["body"]), article["body"], key=url_key(article["canonical_url"]),
                        domain="bbc.com", language="en", published_at=article["published_at"],
                        alternates=article["alternates"])
    assert page["edition"]["alternates"] == {}  # en-gb of an English page: a regional copy, not a translation


@pytest.mark.parametrize("bad", [None, "", b"\xff\xfe", 42, lxml.html.fromstring("<p>no head</p>")])
def test_alternates_never_raise(bad):
    assert page_alternates(bad, "https://x.example/") == {}


def test_extract_article_carries_the_alternates():
    article = extract_article(_page("up-uk-kharkiv"), "https://www.pravda.com.ua/news/2026/11/27/7521734/")
    assert article["alternates"]["ru"] == "https://www.pravda.com.ua/rus/news/2026/11/27/7521734/"


# ------------------------------------------------------------------------------------------------ the signature

def test_names_spelled_alike_in_ukrainian_russian_and_english():
    for spellings in (("Синєгубов", "Синегубов", "Syniehubov"), ("Запоріжжя", "Запорожье", "Zaporizhzhia"),
                      ("Харків", "Харьков", "Kharkiv"), ("Пісторіус", "Писториус", "Pistorius")):
        assert len({skeleton(word) for word in spellings}) == 1, spellings
    assert skeleton("Херсон") != skeleton("Харків")


def test_script_language():
    assert script_language(DOCS["up-uk-kharkiv"]["body"]) == "uk"
    assert script_language(DOCS["up-ru-kharkiv"]["body"]) == "ru"
    assert script_language(DOCS["liga-en-grain"]["body"]) == "latin"
    assert script_language("") == script_language(None) == script_language("12 345") == ""


def test_a_sentence_opening_word_and_english_months_are_not_names():
    # "Про" opens a sentence; "November" is capitalized in English only
    assert signature("Про це заявив Зеленський.") == signature("It was said by Zelensky in November.")


def test_what_the_signature_takes_from_a_text():
    zelensky = signature("he met Zelensky")
    # a capital after a sentence end, a line break or an opening quote (spaces between aside) opens a sentence;
    # three spaces or a text's start leave nothing to tell by
    for opening in ("x. Zelensky", "x.\u00a0 Zelensky", "x\nZelensky", "«Zelensky", "x   Zelensky", "Zelensky",
                    " Zelensky", "x —Zelensky"):
        assert signature(opening) == [], opening
    for inside in ("x Zelensky", "x,  Zelensky", "x\u00a0Zelensky", "x\tZelensky", "xZelensky"):
        assert signature(inside) == zelensky, inside
    # numbers of 2+ digits, separators dropped; clock times and single digits left out; each token once, in order
    assert signature("on 4,2 and 4.2 at 10:30, 7 and 1 200 or 1\u00a0200, then 42") == signature("on 42 then 1200")
    assert signature("Kyiv said Kyiv") == signature("x Kyiv") != signature("x Kharkiv")
    assert signature("x McDonald") == signature("x Mcdonald") != signature("x Donald")


def _article(doc_id: str, **overrides) -> dict:
    return as_article({**DOCS[doc_id], **overrides}, NEAR_PARAMS)


def test_hreflang_naming_another_page_for_the_language_rules_a_pair_out():
    uk, followup = _article("up-uk-kharkiv"), _article("up-ru-kharkiv-followup")
    assert is_translation(followup["fingerprints"]["edition"], followup["url_key"],
                          uk["fingerprints"]["edition"], uk["url_key"]) == 0.0


def test_signature_link_needs_one_outlet_and_close_times():
    uk, ru = _article("censor-uk-sanctions"), _article("censor-ru-sanctions")
    assert decide(ru, [uk])["kind"] == TRANSLATION
    # 7 h later: beyond the window (6 h since the tenth round: English desks lag the Ukrainian story by hours)
    later = _article("censor-ru-sanctions", published_at="2026-11-27T22:31:00+00:00")
    assert decide(later, [uk])["kind"] != TRANSLATION
    elsewhere = _article("censor-ru-sanctions", url="https://www.unian.net/world/es-prinyal-20-y-paket.html")
    assert decide(elsewhere, [uk])["kind"] != TRANSLATION
    undated = _article("censor-ru-sanctions", published_at=None)
    assert decide(undated, [uk])["kind"] != TRANSLATION


def test_another_language_is_never_a_copy_even_when_its_sentences_align():
    # UNIAN's uk and ru drone tallies share figures and names sentence by sentence: before, the rewrite rule
    # took the Russian edition for a copy of the Ukrainian one
    uk, ru = _article("unian-uk-drones"), _article("unian-ru-drones")
    decision = decide(ru, [uk])
    assert decision["kind"] == TRANSLATION and decision["duplicate_of"] is None and not decision["syndicated"]
    assert decision["translation_of"] == uk["url_key"]


def test_the_translations_set():
    result = evaluate(load_pairs(SET))
    assert result["fp"] == 0
    assert result["translations"]["fp"] == 0
    assert result["translations"]["tp"] == 9


# ------------------------------------------------------------------------------------------------ pipeline, stores

def _item(doc_id: str, alternates: dict | None = None, **overrides) -> Article:
    doc = {**DOCS[doc_id], **overrides}
    return Article(url=doc["url"], canonical_url=doc["url"], url_key=url_key(doc["url"]), source=doc["source"],
                   domain=registered_domain(doc["url"]), title=doc["title"], body=doc["body"].strip(),
                   language=doc["language"], published_at=datetime.fromisoformat(doc["published_at"]),
                   alternates=doc.get("alternates", {}) if alternates is None else alternates,
                   word_count=len(doc["body"].split()))


def _run(store_spec, work: Path, *items) -> list:
    kwargs = store_spec.kwargs
    settings = ({"NEWSWATCH_DB_PATH": str(kwargs["db_path"])} if "db_path" in kwargs else
                {"MONGO_URI": kwargs["mongo_uri"], "MONGO_DATABASE": kwargs["mongo_database"],
                 "MONGO_COLLECTION": kwargs["mongo_collection"]})
    crawler = get_crawler(settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0, "NEWSWATCH_SPILL_DIR": str(work / "spill"),
                                         **settings})
    dedup, store = DedupPipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    dedup.open_spider()
    store.open_spider()
    try:
        for item in items:
            asyncio.run(store.process_item(asyncio.run(dedup.process_item(item))))
    finally:
        dedup.close_spider()
        store.close_spider()
    return [crawler.stats.get_value(f"newswatch/dedup/{kind}", 0) for kind in ("new", TRANSLATION)]


def test_editions_stored_apart_linked_as_one_story_across_runs(store_spec, tmp_path, capsys):
    # run 1: the Ukrainian pages; run 2: their Russian editions (one by hreflang, one by signature only) and a
    # follow-up that must stay a story of its own
    assert _run(store_spec, tmp_path, _item("up-uk-kharkiv"), _item("rbc-uk-patriot")) == [2, 0]
    assert _run(store_spec, tmp_path, _item("up-ru-kharkiv"), _item("rbc-ru-patriot"),
                _item("up-ru-kharkiv-followup")) == [1, 2]
    store = open_store(**store_spec.kwargs, environ={})
    try:
        docs = {doc["url_key"]: doc for doc in store.iter_articles()}
        assert len(docs) == 5
        for uk, ru in (("up-uk-kharkiv", "up-ru-kharkiv"), ("rbc-uk-patriot", "rbc-ru-patriot")):
            first, edition = docs[url_key(DOCS[uk]["url"])], docs[url_key(DOCS[ru]["url"])]
            assert edition["story_id"] == first["story_id"]
            assert edition["translation_of"] == first["url_key"]
            assert edition["duplicate_of"] is None and not edition["syndicated"]
            assert first.get("translation_of") is None
        followup = docs[url_key(DOCS["up-ru-kharkiv-followup"]["url"])]
        assert followup["story_id"] != docs[url_key(DOCS["up-uk-kharkiv"]["url"])]["story_id"]
        copies = store.find_story(docs[url_key(DOCS["up-uk-kharkiv"]["url"])]["story_id"])
    finally:
        store.close()
    assert [doc["language"] for doc in copies] == ["uk", "ru"]
    table = stories.format_table(copies).splitlines()
    assert table[0].split() == list(stories.COLUMNS)
    assert table[2].split()[1] == "ru" and table[2].split()[-1] == url_key(DOCS["up-uk-kharkiv"]["url"])


def test_a_revised_edition_keeps_its_link(store_spec, tmp_path):
    _run(store_spec, tmp_path, _item("censor-uk-sanctions"), _item("censor-ru-sanctions"))
    revised = DOCS["censor-ru-sanctions"]["body"] + "\nОбновлено: пакет опубликован в Официальном журнале ЕС."
    _run(store_spec, tmp_path, _item("censor-ru-sanctions", body=revised))
    store = open_store(**store_spec.kwargs, environ={})
    try:
        doc = store.get(url_key(DOCS["censor-ru-sanctions"]["url"]))
    finally:
        store.close()
    assert doc["revision"] == 2 and doc["translation_of"] == url_key(DOCS["censor-uk-sanctions"]["url"])
