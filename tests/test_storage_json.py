"""The embedded store's JSON (orjson, with the stdlib where orjson would read or write otherwise): the same
values as ``json.dumps``/``json.loads`` with the date hook, on real articles and on the edges."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from newswatch.dedup import fingerprints
from newswatch.storage import SqliteStore
from newswatch.storage._merge import CANDIDATE_FIELDS
from newswatch.storage._sqlite import _json_default, _json_hook, decode_candidate_fields, decode_doc, encode_doc
from tests.test_storage import dataset_articles


def _stdlib_encode(doc) -> str:
    return json.dumps(doc, ensure_ascii=False, default=_json_default, separators=(",", ":"))


def _stdlib_decode(text: str):
    return json.loads(text, object_hook=_json_hook)


def test_real_articles_encode_to_the_stdlib_text_and_their_candidate_rows_decode_alike(tmp_path):
    docs = dataset_articles()
    for doc in docs:
        doc["fingerprints"] = fingerprints(doc["body"])
        doc["crawled_at"] = datetime(2026, 11, 28, 1, 2, 3, 456789, tzinfo=timezone(timedelta(hours=3)))
        assert encode_doc(doc) == _stdlib_encode(doc)
    with SqliteStore(tmp_path / "s.sqlite3") as store:
        store.upsert_articles(docs)
        rows = [fields for (fields,) in store.conn.execute("SELECT fields FROM article_candidates")]
        stored = [doc for (doc,) in store.conn.execute("SELECT doc FROM articles")]
        candidates = store.find_candidates(docs[0]["url_key"], docs[0]["fingerprints"]["exact"],
                                           docs[0]["fingerprints"]["bands"])
    assert len(rows) == len(docs)
    for text in rows:
        decoded = decode_candidate_fields(text)
        assert decoded == _stdlib_decode(text)
        assert isinstance(decoded[CANDIDATE_FIELDS.index("first_seen_at")], datetime)
    assert [decode_doc(text) for text in stored] == [_stdlib_decode(text) for text in stored]
    assert candidates[0]["url_key"] == docs[0]["url_key"] and isinstance(candidates[0]["first_seen_at"], datetime)


def test_edges_read_and_written_as_the_stdlib_does():
    texts = [
        '["k",{"$date":"2026-01-01T00:00:00.000+00:00"},{"a":[{"$date":"bad"}],"b":{"$date":{"$date":"2026-01-01"}}}]',
        '["\\ud83d broken escape",{"$date":"2026-01-01T00:00:00+00:00"}]',  # orjson refuses: the stdlib reads it
        '["NaN is not JSON",NaN]',
        '["a \\"$date\\" in a title",{"$date":"2026-02-02T00:00:00+00:00","extra":1}]',
        '[{"$date": "2026-03-03T00:00:00+00:00"}]',
    ]
    for text in texts:
        assert repr(decode_candidate_fields(text)) == repr(_stdlib_decode(text))
    odd = {"key": "k", "big": 2**70, 1: "int key", "when": datetime(2026, 1, 1, tzinfo=UTC), "t": (1, 2)}
    assert encode_doc(odd) == _stdlib_encode(odd)  # orjson refuses the 2**70 and the int key: the stdlib writes them
    class Text(str):
        pass
    assert encode_doc({"s": Text("x")}) == '{"s":"x"}'
    for bad in ({"s": {1, 2}}, {"o": object()}):
        try:
            encode_doc(bad)
        except TypeError as exc:
            assert "cannot store" in str(exc)
        else:
            raise AssertionError("encoded what the store cannot hold")


def test_the_journal_line_comes_with_the_surrogate_check():
    from newswatch.storage._spill import document_and_line

    article = dataset_articles()[0]
    doc, line = document_and_line(article)
    assert doc == article and line == encode_doc(article)
    repairs = []
    broken = {**article, "title": "Kyiv \ud83d under fire", "tags": ["news", "\udc00"]}
    doc, line = document_and_line(broken, repairs.append)
    assert line is None and repairs == ["surrogates"]
    assert doc["title"] == "Kyiv  under fire" and doc["tags"] == ["news", ""]
