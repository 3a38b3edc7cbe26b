"""A story's original arriving after its copy: the earlier-published copy becomes the story's root (``supersedes``),
and the stores relink the copies stored before it. holdout10's h10-copy-before-original is the real case:
Ekonomichna Pravda's reprint crawled first, Interfax-Ukraine's original (published 18 minutes earlier) after it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newswatch.dedup import EXACT_COPY, NEAR_COPY, decide
from newswatch.storage import open_store
from tests._mongo_server import (  # noqa: F401 - the *_fixture names register pytest fixtures
    nx_server_fixture,
    store_fixture,
    store_spec_fixture,
)
from tests.test_dedup_holdout7 import _bench, played
from tests.test_dedup_pipeline import NATO, Crawl, _body, _item
from tests.test_storage import article


def _wire_pair(lead_minutes: float):
    """The reprint (stored) and Interfax's original, the original published ``lead_minutes`` before the reprint."""
    bench = _bench()
    pair, _, _ = played("holdout10_pairs.yaml")["h10-copy-before-original"]
    published = datetime.fromisoformat(pair["a"]["published_at"]) - timedelta(minutes=lead_minutes)
    original = dict(pair["b"], published_at=published.isoformat())
    return bench.as_article(pair["a"], bench.NEAR_PARAMS), bench.as_article(original, bench.NEAR_PARAMS)


def test_the_original_published_18_minutes_earlier_supersedes_its_reprint():
    _, reprint, original = played("holdout10_pairs.yaml")["h10-copy-before-original"]
    decision = decide(original, [reprint])
    assert decision["kind"] in (EXACT_COPY, NEAR_COPY)
    assert decision["supersedes"] == reprint["url_key"]
    assert decision["duplicate_of"] is None and decision["syndicated"] is False
    assert decision["story_id"] == decide(reprint, [])["story_id"]  # the story keeps its id


def test_within_clock_noise_or_beyond_a_month_the_first_stored_copy_stays_the_root():
    for lead in (0, 5, 9, -30, 31 * 24 * 60):
        reprint, original = _wire_pair(lead)
        decision = decide(original, [reprint])
        assert decision["kind"] in (EXACT_COPY, NEAR_COPY), lead
        assert decision["duplicate_of"] == reprint["url_key"] and "supersedes" not in decision, lead
    reprint, original = _wire_pair(10)
    assert decide(original, [reprint])["supersedes"] == reprint["url_key"]


def test_a_copy_of_a_copy_or_an_outlets_own_update_does_not_reroot():
    reprint, original = _wire_pair(18)
    linked = dict(reprint, duplicate_of="interfax.com.ua/news/elsewhere")  # the stored one is not the root
    assert decide(original, [linked])["duplicate_of"] == "interfax.com.ua/news/elsewhere"
    own = dict(original, domain=reprint["domain"], source=reprint["source"])
    assert "supersedes" not in decide(own, [reprint])


def test_the_store_relinks_the_old_root_and_its_copies_not_the_story_s_editions(store):
    story = "s-nbu-rate"
    reprint = article("epravda.com.ua/news/2026/12/11/nbu-rate", story_id=story, duplicate_of=None, syndicated=False)
    copy = article("glavcom.ua/economics/nbu-rate", story_id=story, duplicate_of=reprint["url_key"], syndicated=True)
    english = article("epravda.com.ua/eng/news/2026/12/11/nbu-rate", story_id=story, duplicate_of=None,
                      syndicated=False, translation_of=reprint["url_key"])
    other = article("unian.ua/economics/other", story_id="s-other", duplicate_of=None, syndicated=False)
    store.upsert_articles([reprint, copy, english, other])
    original = article("interfax.com.ua/news/economic/nbu-rate", story_id=story, duplicate_of=None,
                       syndicated=False, supersedes=reprint["url_key"])
    store.upsert_articles([original])
    docs = {d["url_key"]: d for d in store.iter_articles()}
    assert (docs[original["url_key"]]["duplicate_of"], docs[original["url_key"]]["syndicated"]) == (None, False)
    for key in (reprint["url_key"], copy["url_key"]):
        assert (docs[key]["duplicate_of"], docs[key]["syndicated"]) == (original["url_key"], True), key
        assert docs[key]["revision"] == 1  # relinking is no new version of the text
    assert docs[english["url_key"]]["duplicate_of"] is None and docs[english["url_key"]]["syndicated"] is False
    assert docs[other["url_key"]]["duplicate_of"] is None
    # what dedup reads of them agrees (SQLite keeps the candidate fields in a side table)
    found = {c["url_key"]: c for c in store.find_candidates(copy["url_key"], None, [], limit=5)}
    assert found[copy["url_key"]]["duplicate_of"] == original["url_key"]


def test_a_crawl_finding_the_original_after_its_copies_makes_it_the_root(store_spec, tmp_path):
    """Through DedupPipeline and StorePipeline: two reprints crawled in one run, the original in the next."""
    text = _body(NATO)
    noon = datetime(2023, 7, 11, 12, tzinfo=UTC)
    reprint = _item("https://www.aljazeera.com/news/2023/7/11/nato-ukraine", text)
    reprint["published_at"] = noon
    second = _item("https://kyivindependent.com/nato-ukraine-summit/", text)
    second["published_at"] = noon + timedelta(minutes=40)
    with Crawl(store_spec, tmp_path, batch=1) as crawl:
        crawl.feed(reprint, second)
    original = _item("https://www.reuters.com/world/nato-ukraine-2023-07-11/", text)
    original["published_at"] = noon - timedelta(minutes=25)
    with Crawl(store_spec, tmp_path, batch=1) as crawl:
        crawl.feed(original)
        assert crawl.stat("rerooted") == 1
    store = open_store(**store_spec.kwargs, environ={})
    try:
        docs = {d["url_key"]: d for d in store.iter_articles()}
    finally:
        store.close()
    root = "reuters.com/world/nato-ukraine-2023-07-11"
    assert docs[root]["duplicate_of"] is None and docs[root]["syndicated"] is False
    assert docs[root]["supersedes"] == "aljazeera.com/news/2023/7/11/nato-ukraine"
    for key in ("aljazeera.com/news/2023/7/11/nato-ukraine", "kyivindependent.com/nato-ukraine-summit"):
        assert (docs[key]["duplicate_of"], docs[key]["syndicated"]) == (root, True), key
    assert len({d["story_id"] for d in docs.values()}) == 1
