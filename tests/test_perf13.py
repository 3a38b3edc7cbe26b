"""Performance round 13: dedup's decision step on the crawl's reactor, each shortcut against the work it replaces.

* ``decide`` compares the article's signature with its candidates' decoded in one base64 call
  (:func:`newswatch.dedup._near.decode_signatures`), not one cached call and one array row per candidate;
* the same outlet's candidate below the threshold is not cut into slugs (``_version_kept``'s score test first: both
  are pure), and the article's live-page patterns run once a decision, not twice;
* the run's memory (:class:`newswatch.dedup.RecentIndex`) looks up a key's holders once, and skips the keys no
  remembered article holds without asking whether they are sentence keys.

Compared here on the hand-written dedup sets' documents (uk/ru/en, copies, rewrites, editions, flashes, series) with
their fingerprints as the pipeline stores them. Whole-decision equality against the round's base commit: ``python
bench/dedup_eval.py --compare-ref <base>`` (every ordered pair of the sets' documents) and ``python -m
bench.dedup_stream ab`` (the crawl's stream of mirror articles through DedupPipeline and StorePipeline: the same
decisions and stored rows).
"""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pytest
import yaml

from newswatch import dedup
from newswatch.dedup import _decide, _near
from newswatch.dedup._recent import RecentIndex, _keys
from newswatch.dedup._sentences import KEY_CANDIDATES, KEYS_SHARED, is_sentence_key

ROOT = Path(__file__).resolve().parents[1]
SETS = sorted((ROOT / "bench" / "data" / "dedup").glob("*pairs.yaml"))
PER_SET = 16


def _article(doc_id: str, doc: dict) -> dict:
    url = doc.get("canonical_url") or doc.get("url") or f"https://example.org/{doc_id}"
    key = dedup.url_key(url)
    domain = dedup.registered_domain(url)
    fp = dedup.with_edition(dedup.fingerprints(doc["body"]), doc["body"], key=key, domain=domain,
                            language=doc.get("language"), published_at=doc.get("published_at"),
                            alternates=doc.get("alternates"))
    return {"url_key": key, "url": doc.get("url"), "title": doc.get("title"), "source": doc.get("source"),
            "domain": domain, "fingerprints": fp, "story_id": dedup.story_id_for(key), "duplicate_of": None,
            "syndicated": False, "first_seen_at": doc.get("published_at")}


@pytest.fixture(scope="module")
def sets() -> list[list[dict]]:
    found = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in SETS:
        docs = (yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}).get("docs") or {}
        # each set's first documents (its pairs' sources and copies come together): fast, and every kind of pair
        articles = [_article(doc_id, doc) for doc_id, doc in list(docs.items())[:PER_SET]
                    if isinstance(doc, dict) and doc.get("body")]
        if articles:
            found.append(articles)
    return found


def test_the_sets_hold_enough_documents(sets):
    assert sum(map(len, sets)) > 150
    assert sum(bool(a["fingerprints"]["minhash"]) for s in sets for a in s) > 100


def _decode_before(texts: list, length: int) -> tuple[np.ndarray, list[int]] | None:
    rows, where = [], []
    for i, text in enumerate(texts):
        sig = _near.decode_signature(text)
        if sig is not None and len(sig) == length:
            rows.append(sig)
            where.append(i)
    return (np.vstack(rows), where) if rows else None


def _same(got, expected) -> bool:
    if got is None or expected is None:
        return got is expected
    return got[1] == expected[1] and got[0].dtype == expected[0].dtype and np.array_equal(got[0], expected[0])


def test_signatures_decoded_at_once_are_the_ones_decoded_one_by_one(sets):
    texts = [a["fingerprints"]["minhash"] for s in sets for a in s if a["fingerprints"]["minhash"]]
    length = len(_near.decode_signature(texts[0]))
    assert _same(_near.decode_signatures(texts, length), _decode_before(texts, length))
    # what a stored document may hold instead: padded, cut, a stray character, not a string, another size
    short = base64.b64encode(bytes(length * 4 - 1)).decode()
    odd = [short, texts[0][:-4], texts[0][:-1] + "!", texts[0][:10] + "=" + texts[0][11:], None, 42, "",
           "ключ" * 256, base64.b64encode(bytes(length * 4 + 12)).decode(), texts[1] + "\n"]
    for bad in odd:
        for mixed in ([bad], [texts[0], bad, texts[1]], [bad, texts[2]], [*texts[:5], bad]):
            assert _same(_near.decode_signatures(mixed, length), _decode_before(mixed, length)), bad
    assert _near.decode_signatures([], length) is None
    # a size whose bytes are no whole number of base64 quanta: the rows one by one
    sig7 = _near.encode_signature(np.arange(7, dtype="<u4"))
    assert _same(_near.decode_signatures([sig7, sig7], 7), _decode_before([sig7, sig7], 7))


def _similarities_before(fp: dict, others: list[dict]) -> list[float]:
    scores = [0.0] * len(others)
    exact = fp.get("exact") if (fp.get("words") or 0) >= _decide.EXACT_MIN_WORDS else None
    sig = _near.decode_signature(fp["minhash"]) if fp.get("minhash") else None
    usable = sig is not None and len(sig) > 0
    rows, where = [], []
    for i, other in enumerate(others):
        if exact and other.get("exact") == exact:
            scores[i] = 1.0
        elif usable and fp.get("scheme") == other.get("scheme"):
            other_sig = _near.decode_signature(other.get("minhash") or "")
            if other_sig is not None and len(other_sig) == len(sig):
                rows.append(other_sig)
                where.append(i)
    if rows:
        equal = np.count_nonzero(np.vstack(rows) == sig, axis=1)
        for i, count in zip(where, equal.tolist(), strict=True):
            scores[i] = float(count) / len(sig)
    return scores


def test_similarities_are_the_ones_computed_row_by_row(sets):
    broken = {"minhash": "AAAA", "scheme": _near.DEFAULT.scheme}
    for articles in sets:
        fps = [a["fingerprints"] for a in articles]
        for fp in fps:
            others = [*fps, broken, {}, {**fps[0], "minhash": None}]
            assert _decide._similarities(fp, others) == _similarities_before(fp, others)


def test_decisions_are_the_ones_made_with_the_replaced_steps(sets, monkeypatch):
    """Each document against its set's others (as stored candidates): the same decision as with the per-row
    similarities and the live-page test asked each time."""
    got = [_decide.decide(a, [c for c in s if c is not a]) for s in sets for a in s]
    assert sum(d["kind"] != dedup.NEW for d in got) > 40
    monkeypatch.setattr(_decide, "_similarities", _similarities_before)
    assert got == [_decide.decide(a, [c for c in s if c is not a]) for s in sets for a in s]


def _recent_candidates_before(index: RecentIndex, url_key: str, exact: str | None, bands) -> list[dict]:
    keys: dict[str, None] = {}
    if url_key in index._docs:
        keys[url_key] = None
        index._docs.move_to_end(url_key)
    if exact:
        keys.update(dict.fromkeys(_keys(index._by_exact.get(exact))))
    by_sentences: dict[str, int] = {}
    for band in bands or ():
        if is_sentence_key(band):
            for held in _keys(index._by_band.get(band)):
                by_sentences[held] = by_sentences.get(held, 0) + 1
        else:
            keys.update(dict.fromkeys(_keys(index._by_band.get(band))))
    found = sorted((k for k, shared in by_sentences.items() if shared >= KEYS_SHARED and k not in keys),
                   key=by_sentences.__getitem__, reverse=True)
    keys.update(dict.fromkeys(found[:KEY_CANDIDATES]))
    return [index._docs[k] for k in keys]


def test_recent_candidates_are_the_ones_found_before(sets):
    articles = [a for s in sets for a in s]
    index = RecentIndex(len(articles) // 2)  # some forgotten, so some keys are held by nobody
    for article in articles:
        index.add(article)
    found = 0
    for article in articles:
        fp = article["fingerprints"]
        keys = dedup.lookup_keys(fp)
        for probe in ((article["url_key"], fp["exact"], keys), ("other/" + article["url_key"], None, keys),
                      (article["url_key"], None, [k for k in keys if is_sentence_key(k)])):
            got = index.candidates(*probe)
            assert got == _recent_candidates_before(index, *probe)
            found += len(got)
    assert found > len(articles)


def test_store_candidates_are_each_articles_row_decoded_once(sets, tmp_path):
    """A store lookup decodes an article found by its url_key or body hash and again by its bands once: each
    candidate is its row as decoded on its own, each url_key once, as many as there are distinct articles found."""
    from newswatch.storage import SqliteStore
    from newswatch.storage._merge import CANDIDATE_FIELDS
    from newswatch.storage._sqlite import decode_candidate_fields

    articles = [a for s in sets for a in s]
    # a second copy of each under another key: the body hash finds it, and so do the bands
    copies = [{**a, "url_key": "copy/" + a["url_key"], "url": None} for a in articles[::3]]
    docs = [{**a, "body": "text"} for a in [*articles, *copies]]
    with SqliteStore(tmp_path / "store.sqlite3") as store:
        store.upsert_articles(docs)
        rows = {key: dict(zip(CANDIDATE_FIELDS, decode_candidate_fields(text), strict=True))
                for key, text in store.conn.execute("SELECT a.url_key, c.fields FROM articles AS a JOIN "
                                                    "article_candidates AS c ON c.article_id = a.id")}
        twice = 0
        for article in articles:
            fp = article["fingerprints"]
            found = store.find_candidates(article["url_key"], fp["exact"], dedup.lookup_keys(fp), limit=20)
            keys = [c["url_key"] for c in found]
            assert len(keys) == len(set(keys))
            assert found == [rows[key] for key in keys]
            twice += article["url_key"] in keys and "copy/" + article["url_key"] in keys
        assert twice > 20
