"""What a revision changed: the ``revisions`` diff both stores keep when a story's body changes."""

from __future__ import annotations

from datetime import UTC, datetime

from newswatch.storage import WriteResult
from newswatch.storage._merge import merge_one
from newswatch.storage._revisions import MAX_DIFF_PARAGRAPHS, MAX_REVISIONS, revision_entry
from tests._mongo_server import (  # noqa: F401 - the *_fixture names register pytest fixtures
    nx_server_fixture,
    store_fixture,
    store_spec_fixture,
)
from tests.test_storage import UKRAINIAN, article

TOLL_BEFORE = ("Унаслідок ранкового ракетного удару по Харкову загинули дві людини, ще 14 поранені, повідомив "
               "начальник ОВА Олег Синєгубов.")
TOLL_AFTER = ("Унаслідок ранкового ракетного удару по Харкову загинули троє людей, ще 17 поранені, повідомив "
              "начальник ОВА Олег Синєгубов.")
SECOND = "Ракета влучила в житловий будинок у Київському районі; рятувальники розбирають завали."
ADDED = "Пізніше Синєгубов уточнив, що серед поранених двоє дітей."


def test_a_raised_death_toll_is_kept_as_the_paragraph_before_and_after(store):
    key = article()["url_key"]
    store.upsert_articles([article(body=f"{TOLL_BEFORE}\n\n{SECOND}", title="Удар по Харкову: двоє загиблих")])
    result = store.upsert_articles([article(body=f"{TOLL_AFTER}\n\n{SECOND}\n\n{ADDED}",
                                            title="Удар по Харкову: троє загиблих")])
    assert result == WriteResult(updated=1)
    stored = store.get(key)
    assert stored["revision"] == 2
    (change,) = stored["revisions"]
    assert change["revision"] == 2
    assert change["removed"] == [TOLL_BEFORE]
    assert change["added"] == [TOLL_AFTER, ADDED]
    assert change["changed"] == ["title"]
    assert change["title_before"] == "Удар по Харкову: двоє загиблих"


def test_a_revision_says_when_it_was_seen(store, store_spec, request):
    store_spec.xfail_on_nx(request, "set_date")
    key = article()["url_key"]
    store.upsert_articles([article()])
    first_seen = store.get(key)["last_seen_at"]
    store.upsert_articles([article(body=f"{UKRAINIAN}\n\n{ADDED}")])
    stored = store.get(key)
    (change,) = stored["revisions"]
    assert change["previous_seen_at"] == first_seen
    assert change["seen_at"] == stored["last_seen_at"] and isinstance(change["seen_at"], datetime)


def test_an_unchanged_rerun_adds_no_revision_and_a_first_version_has_none(store):
    key = article()["url_key"]
    store.upsert_articles([article()])
    assert "revisions" not in store.get(key)
    assert store.upsert_articles([article()]) == WriteResult(unchanged=1)
    assert "revisions" not in store.get(key)


def test_the_history_is_bounded_to_the_last_revisions(store):
    key = article()["url_key"]
    for n in range(MAX_REVISIONS + 3):
        store.upsert_articles([article(body=f"{UKRAINIAN}\n\nОновлення №{n}: обстріли тривають.")])
    stored = store.get(key)
    assert stored["revision"] == MAX_REVISIONS + 3
    assert [r["revision"] for r in stored["revisions"]] == list(range(4, MAX_REVISIONS + 4))
    assert stored["revisions"][-1]["added"] == [f"Оновлення №{MAX_REVISIONS + 2}: обстріли тривають."]


def test_an_incoming_revisions_field_is_ignored():
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    merged = merge_one(None, [article(revisions=[{"forged": True}])], now)
    assert "revisions" not in merged.doc


def test_a_rewrite_keeps_its_first_paragraphs_and_says_it_was_cut():
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    before = {"body": "\n\n".join(f"Старий абзац {i}." for i in range(40)), "revision": 1}
    after = {"body": "\n\n".join(f"Новий абзац {i}." for i in range(40))}
    entry = revision_entry(before, after, now)
    assert len(entry["removed"]) == len(entry["added"]) == MAX_DIFF_PARAGRAPHS
    assert entry["removed"][0] == "Старий абзац 0." and entry["truncated"] is True


def test_a_damaged_stored_history_is_replaced_not_fatal():
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    stored = {**article(), "revision": 4, "body_hash": "x", "revisions": "garbage", "last_seen_at": now}
    merged = merge_one(stored, [article(body=f"{UKRAINIAN}\n\nНовий абзац.")], now)
    assert [r["revision"] for r in merged.doc["revisions"]] == [5]
