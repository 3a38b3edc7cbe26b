"""Rewrites in other words: the sentence sketch, its lookup keys, and what decide makes of them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newswatch.dedup import (
    NEAR_COPY,
    NEW,
    SENTENCE_KEY_CANDIDATES,
    RecentIndex,
    decide,
    fingerprints,
    lookup_keys,
    normalize_body,
)
from newswatch.dedup._recent import SENTENCE_KEY_HOLDERS
from newswatch.dedup._sentences import aligned_share, sentence_sketch
from newswatch.dedup._text import normalize_marked
from tests._mongo_server import (  # noqa: F401 - the *_fixture names register pytest fixtures
    nx_server_fixture,
    store_fixture,
    store_spec_fixture,
)

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / ".." / "shared" / "datasets"
DEDUP = ROOT / "bench" / "data" / "dedup"


def _docs(name: str) -> dict[str, dict]:
    docs = yaml.safe_load((DEDUP / name).read_text(encoding="utf-8"))["docs"]
    return {key: {**spec, "body": spec["body"] if "body" in spec else docs[spec["body_from"]]["body"]}
            for key, spec in docs.items()}


HOLDOUT3 = _docs("holdout3_pairs.yaml")


def _article(doc_id: str, docs: dict[str, dict] = HOLDOUT3, **extra) -> dict:
    doc = docs[doc_id]
    domain = doc["url"].split("/")[2].removeprefix("www.")
    return {"url_key": doc["url"].split("://")[1], "url": doc["url"], "title": doc["title"], "source": doc["source"],
            "domain": domain, "fingerprints": fingerprints(doc["body"]), "first_seen_at": "2026-11-27", **extra}


def _real_bodies() -> list[str]:
    return [(page / "expected.html").read_text(encoding="utf-8") for page in
            sorted((DATASETS / "readability-news").iterdir()) if (page / "expected.html").exists()]


def test_marked_normalization_gives_the_body_words_and_its_sentences():
    bodies = _real_bodies() + [(DATASETS / "seed" / "moscowtimes-expected-body.txt").read_text(encoding="utf-8")]
    assert len(bodies) >= 30
    for body in bodies + ["Gov. Fedorov said. «Наші люди вдома!» Ще…\u2029next", "lone \ud800 surrogate. ok", ""]:
        marked = normalize_marked(body)
        assert marked.split() == normalize_body(body).split()
    assert [line.split() for line in normalize_marked("One two. Three!\n\nFour? Five…").split("\n") if line.split()] \
        == [["one", "two"], ["three"], ["four"], ["five"]]


@pytest.mark.parametrize(("original", "rewrite"), [
    ("ap-zap", "dailymail-zap"),                      # en, British spelling, quotes retold
    ("ukrinform-exchange", "telegraf-exchange"),      # uk, a quote dropped, another turned into reported speech
    ("tass-peskov", "lenta-peskov"),                  # ru, every quote in reported speech
])
def test_a_wire_story_retold_sentence_by_sentence_is_found_and_linked(original, rewrite):
    stored, new = _article(original, story_id="s1"), _article(rewrite)
    assert not set(stored["fingerprints"]["bands"]) & set(new["fingerprints"]["bands"]), "no shingle band in common"
    assert set(lookup_keys(stored["fingerprints"])) & set(lookup_keys(new["fingerprints"])), "a sentence key finds it"
    decision = decide(new, [stored])
    assert decision["kind"] == NEAR_COPY and decision["story_id"] == "s1"
    # Within one outlet a retelling is not a copy of its own story (series, updates in other words): never merged.
    assert decide({**new, "domain": stored["domain"]}, [stored])["kind"] == NEW


@pytest.mark.parametrize(("first", "second"), [
    ("ap-zap", "kyivind-zap"),                        # another outlet's own story of one strike, same toll
    ("ap-zap", "guardian-zap-followup"),              # the next day's follow-up: new facts
    ("aj-day-1008", "ap-zap"),                        # a digest whose first item sums the story up
    ("ukrinform-exchange", "suspilne-un-torture"),    # the same ombudsman's quote in another story
    ("reuters-oil-exports", "kyivind-oil-own"),       # one topic, another outlet's own data and sources
    ("telegraf-exchange", "ukrinform-exchange-next"),  # a rewrite of one exchange, the next exchange's wire story
])
def test_stories_of_one_event_or_one_quote_are_not_rewrites(first, second):
    assert decide(_article(second), [_article(first)])["kind"] == NEW


def test_the_next_nights_tally_in_one_wording_is_not_a_rewrite():
    # TASS's nightly drone tally and another outlet's copy of the previous night's: every sentence corresponds,
    # too few numbers for the number rule, but the figures differ.
    docs = _docs("holdout_pairs.yaml")
    stored, new = _article("tass-pvo-1127-copy", docs), _article("tass-pvo-1128", docs)
    assert aligned_share(stored["fingerprints"], new["fingerprints"], 0.25, 0.75)[0] >= 3
    assert decide(new, [stored])["kind"] == NEW


def test_sentence_sketch_is_compact_and_bounded():
    body = (DATASETS / "seed" / "moscowtimes-expected-body.txt").read_text(encoding="utf-8")
    sentences, keys = sentence_sketch(normalize_marked(body * 20))
    assert len(sentences) < 700 and 1 <= len(keys) <= 8
    assert sentence_sketch(normalize_marked("Short. Lines. Only a few words here.")) == ("", [])
    # a body with no punctuation at all is one sentence of thousands of words: still a bounded sketch
    unpunctuated = " ".join(f"{word}{i}" for i, word in enumerate(normalize_body(body).split()))
    fp = fingerprints(unpunctuated)
    assert fp["sentences"] and len(fp["sentences"]) < 200 and len(fp["sentence_keys"]) == 1


@pytest.mark.parametrize("broken", ["", "not base64!", "AAAA", "////", "BQAB", 12, None, ["x"]])
def test_unreadable_or_missing_sentence_sketches_compare_as_nothing(broken):
    stored, new = _article("ap-zap"), _article("dailymail-zap")
    stored["fingerprints"]["sentences"] = broken
    assert aligned_share(stored["fingerprints"], new["fingerprints"], 0.25, 0.75) == (0, 0)
    assert decide(new, [stored])["kind"] == NEW
    del stored["fingerprints"]["sentences"]  # stored before sentence sketches existed
    assert decide(new, [stored])["kind"] == NEW


def test_recent_index_finds_a_rewrite_by_sentence_key_and_bounds_a_common_one():
    recent = RecentIndex(capacity=100)
    stored = _article("tass-peskov")
    recent.add(stored)
    new = _article("lenta-peskov")
    assert [c["url_key"] for c in recent.candidates(new["url_key"], None, lookup_keys(new["fingerprints"]))] == \
        [stored["url_key"]]
    key, other = stored["fingerprints"]["sentence_keys"][:2]
    for i in range(SENTENCE_KEY_HOLDERS * 2):  # a common word's key: later holders are not indexed under it
        recent.add({"url_key": f"x.example/{i}", "fingerprints": {"exact": f"e{i}", "sentence_keys": [key, other]}})
    # at most SENTENCE_KEY_CANDIDATES found by sentence keys alone, those sharing the most first
    assert len(recent._by_band[key]) == SENTENCE_KEY_HOLDERS
    assert len(recent.candidates("y.example/z", None, [key, other])) == SENTENCE_KEY_CANDIDATES
    found = recent.candidates("y.example/z", None, stored["fingerprints"]["sentence_keys"])
    assert len(found) == SENTENCE_KEY_CANDIDATES and found[0]["url_key"] == stored["url_key"]
    # one shared sentence key alone (often a common word) finds nothing; a band alone still does
    assert recent.candidates("y.example/z", None, [key]) == []
    assert recent.candidates("y.example/z", None, ["ff0000000000ff", key]) == []
    band = stored["fingerprints"]["bands"][0]
    assert [c["url_key"] for c in recent.candidates("y.example/z", None, [band, key])] == [stored["url_key"]]


def test_both_stores_find_a_rewrite_by_its_sentence_keys_and_follow_revisions(store):
    from datetime import UTC, datetime

    original = {**_article("tass-peskov"), "body": HOLDOUT3["tass-peskov"]["body"],
                "published_at": datetime(2026, 11, 27, tzinfo=UTC), "story_id": "s1", "duplicate_of": None}
    store.upsert_articles([original])
    rewrite = _article("lenta-peskov")
    keys = rewrite["fingerprints"]["sentence_keys"]
    assert not set(rewrite["fingerprints"]["bands"]) & set(original["fingerprints"]["bands"])
    found = store.find_candidates(rewrite["url_key"], rewrite["fingerprints"]["exact"],
                                  lookup_keys(rewrite["fingerprints"]), limit=5)
    assert [c["url_key"] for c in found] == [original["url_key"]]
    assert decide(rewrite, found)["kind"] == NEAR_COPY
    # found by sentence keys alone: only sharing two of them (one is often a common word), bands as before
    shared = [k for k in keys if k in original["fingerprints"]["sentence_keys"]]
    assert len(shared) >= 2
    assert store.find_candidates(rewrite["url_key"], None, shared[:1], limit=5) == []
    assert store.find_candidates(rewrite["url_key"], None, [*rewrite["fingerprints"]["bands"], shared[0]],
                                 limit=5) == []
    assert [c["url_key"] for c in store.find_candidates(rewrite["url_key"], None, shared[:2], limit=5)] == \
        [original["url_key"]]
    assert [c["url_key"] for c in store.find_candidates(rewrite["url_key"], None,
                                                        [original["fingerprints"]["bands"][0], shared[0]])] == \
        [original["url_key"]]
    # at most SENTENCE_KEY_CANDIDATES found by sentence keys alone, those sharing the most first
    others = [{**_article("kyiv-alert-1126"), "url_key": f"other.example/{i}", "url": f"https://other.example/{i}",
               "published_at": datetime(2026, 11, 27, tzinfo=UTC), "story_id": f"o{i}", "duplicate_of": None}
              for i in range(SENTENCE_KEY_CANDIDATES + 2)]
    for doc in others:
        doc["fingerprints"] = {**doc["fingerprints"], "sentence_keys": shared[:2]}
    store.upsert_articles(others)
    found = store.find_candidates(rewrite["url_key"], None, keys, limit=50)
    assert len(found) == SENTENCE_KEY_CANDIDATES and found[0]["url_key"] == original["url_key"]
    # the keys follow the stored body: once the story is replaced by another, the rewrite no longer finds it
    store.upsert_articles([{**original, "body": HOLDOUT3["kyiv-alert-1126"]["body"],
                            "fingerprints": fingerprints(HOLDOUT3["kyiv-alert-1126"]["body"])}])
    assert original["url_key"] not in [c["url_key"] for c in store.find_candidates(rewrite["url_key"], None, keys)]
