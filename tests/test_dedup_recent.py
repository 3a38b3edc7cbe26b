"""RecentIndex: lookups by key, exact hash and band when index values are shared, and what eviction leaves."""

from __future__ import annotations

from newswatch.dedup import RecentIndex


def _doc(key: str, exact: str, bands: list[str]) -> dict:
    return {"url_key": key, "fingerprints": {"exact": exact, "bands": bands}}


def test_shared_band_and_exact_hash_find_every_holder_until_evicted():
    recent = RecentIndex(capacity=2)
    recent.add(_doc("a", "h1", ["b1", "b2"]))
    recent.add(_doc("b", "h1", ["b2", "b3"]))
    assert [d["url_key"] for d in recent.candidates("x", bands=["b2"])] in (["a", "b"], ["b", "a"])
    assert {d["url_key"] for d in recent.candidates("x", exact="h1")} == {"a", "b"}
    recent.add(_doc("c", "h2", ["b3"]))  # evicts "a", the least recently seen
    assert [d["url_key"] for d in recent.candidates("x", bands=["b2"])] == ["b"]
    assert [d["url_key"] for d in recent.candidates("x", bands=["b1"])] == []
    assert {d["url_key"] for d in recent.candidates("x", bands=["b3"])} == {"b", "c"}
    assert [d["url_key"] for d in recent.candidates("x", exact="h1")] == ["b"]


def test_re_adding_a_key_replaces_its_index_entries():
    recent = RecentIndex(capacity=5)
    recent.add(_doc("a", "h1", ["b1"]))
    recent.add(_doc("a", "h2", ["b2"]))  # the article changed
    assert len(recent) == 1
    assert recent.candidates("x", exact="h1", bands=["b1"]) == []
    assert [d["url_key"] for d in recent.candidates("x", exact="h2", bands=["b2"])] == ["a"]
    assert [d["url_key"] for d in recent.candidates("a")] == ["a"]
