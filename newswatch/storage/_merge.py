"""How an incoming article is merged into what the store already holds (pure; shared by every store).

Both stores read the existing documents of a batch, run :func:`merge_batch`, and write the result, so
they cannot disagree on upsert semantics.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from newswatch.dedup import body_hash as dedup_body_hash
from newswatch.storage._base import WriteResult
from newswatch.storage._revisions import revision_entry, with_revision

#: Fields the store owns; an incoming document's values for them are ignored.
MANAGED_FIELDS = ("url_key", "urls", "first_seen_at", "last_seen_at", "revision", "body_hash", "revisions")

#: Summary returned by ``find_existing``.
EXISTING_FIELDS = ("url_key", "published_at", "last_seen_at", "revision", "body_hash")

#: What ``find_candidates`` returns of each document: enough for ``newswatch.dedup.decide``.
CANDIDATE_FIELDS = (
    "url_key", "url", "title", "source", "domain", "first_seen_at", "body_hash", "fingerprints",
    "story_id", "duplicate_of", "syndicated",
)  # fmt: skip

_ONE_MS = timedelta(milliseconds=1)


def body_hash(body: str | None) -> str:
    """Fingerprint of the body for change detection: :func:`newswatch.dedup.body_hash`.

    The single place that decides whether two bodies are "the same": case, whitespace, punctuation,
    quotes and dashes are folded, so retyped quotes are not a new revision. It equals
    ``fingerprints.exact``, which is why the indexed ``body_hash`` also serves exact-duplicate lookups.
    """
    return dedup_body_hash(body)


def _item_body_hash(item: Mapping) -> str:
    """:func:`body_hash` of the item's body; the dedup stage already computed it as ``fingerprints.exact``
    (same function, same body: the store comes last), so it is not normalized and hashed a second time."""
    fingerprints = item.get("fingerprints")
    exact = fingerprints.get("exact") if isinstance(fingerprints, Mapping) else None
    return exact if isinstance(exact, str) and (exact or not item.get("body")) else body_hash(item.get("body"))


def utcnow() -> datetime:
    return normalize_value(datetime.now(UTC))


def normalize_value(value: Any) -> Any:
    """Datetimes to tz-aware UTC at millisecond precision (what BSON keeps), recursively; tuples to lists.

    Both stores keep exactly the same values this way. Naive datetimes are taken as UTC.
    """
    if type(value) in _PLAIN:
        return value
    if isinstance(value, datetime):
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    if isinstance(value, Mapping):
        return {str(k): v if type(v) in _PLAIN else normalize_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        # Signatures and band lists are long runs of plain values: no call per element for those.
        return [v if type(v) in _PLAIN else normalize_value(v) for v in value]
    return value


#: Types normalize_value returns as they are (exact types: a str or int subclass still goes the long way).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _union(first: Sequence[str], second: Sequence[str]) -> list[str]:
    seen = dict.fromkeys(u for u in first if u)
    seen.update(dict.fromkeys(u for u in second if u))
    return list(seen)


def _incoming_urls(doc: Mapping) -> list[str]:
    urls = doc.get("urls") or [doc.get("url")]
    return _union([], [urls] if isinstance(urls, str) else urls)


@dataclass
class Merged:
    """The outcome for one ``url_key``: the document to store, what it was based on, and the tally."""

    doc: dict
    before: dict | None
    result: WriteResult = field(default_factory=WriteResult)


def merge_one(before: Mapping | None, incoming: Sequence[Mapping], now: datetime) -> Merged:
    """Apply the ``incoming`` copies of one ``url_key``, in order, to the stored ``before`` (or None).

    Insert: ``first_seen_at = last_seen_at = now``, ``revision = 1``. Existing: ``first_seen_at`` kept,
    ``urls`` united (order kept), ``last_seen_at`` moves forward; when the body hash changed the content
    fields are replaced, ``revision`` goes up by one and what changed is appended to ``revisions``
    (:mod:`newswatch.storage._revisions`), otherwise the stored content stays.
    """
    result = WriteResult()
    doc = dict(before) if before is not None else None
    if doc is not None:
        # last_seen_at doubles as the document's version for optimistic concurrency (MongoStore), so every
        # write must move it strictly forward, even within one millisecond.
        previous = doc.get("last_seen_at")
        if isinstance(previous, datetime) and normalize_value(previous) >= now:
            now = normalize_value(previous) + _ONE_MS
    for raw in incoming:
        item = normalize_value(raw)
        new_hash = _item_body_hash(item)
        if doc is None:
            doc = {k: v for k, v in item.items() if k not in MANAGED_FIELDS and k != "_id"}
            doc.update(
                url_key=item["url_key"],
                urls=_incoming_urls(item),
                first_seen_at=now,
                last_seen_at=now,
                revision=1,
                body_hash=new_hash,
            )
            result.inserted += 1
            continue
        urls = _union(doc.get("urls") or [], _incoming_urls(item))
        if new_hash != doc.get("body_hash"):
            earlier = dict(doc)
            doc.update({k: v for k, v in item.items() if k not in MANAGED_FIELDS and k != "_id"})
            doc["revisions"] = with_revision(earlier.get("revisions"), revision_entry(earlier, doc, now))
            doc["revision"] = int(doc.get("revision") or 0) + 1
            doc["body_hash"] = new_hash
            result.updated += 1
        else:
            result.unchanged += 1
        doc["urls"] = urls
        doc["last_seen_at"] = now
    assert doc is not None  # incoming is never empty
    return Merged(doc=doc, before=dict(before) if before is not None else None, result=result)


def relinks(merged: Mapping[str, Merged]) -> list[tuple[str, str, str]]:
    """``(story_id, new original, old original)`` for each document this batch stored that ``supersedes`` the
    story's earlier original (``newswatch.dedup.decide``): the store then relinks that story's copies
    (:func:`relinked`) in the same write."""
    found = []
    for key, m in merged.items():
        old = m.doc.get("supersedes")
        if isinstance(old, str) and old and old != key and isinstance(m.doc.get("story_id"), str) \
                and (m.before is None or m.before.get("supersedes") != old):
            found.append((m.doc["story_id"], key, old))
    return found


def relinked(doc: Mapping, new_root: str, old_root: str) -> dict | None:
    """``doc`` made a copy of ``new_root`` when it is ``old_root`` or one of its copies; None when it is neither."""
    key = doc.get("url_key")
    if key == new_root or (key != old_root and doc.get("duplicate_of") != old_root):
        return None
    if doc.get("duplicate_of") == new_root and doc.get("syndicated") is True:
        return None
    return {**doc, "duplicate_of": new_root, "syndicated": True}


def group_by_key(articles: Sequence[Mapping]) -> dict[str, list[Mapping]]:
    """Incoming copies per ``url_key``, first-seen order; raises ValueError before anything is written."""
    groups: dict[str, list[Mapping]] = {}
    for position, article in enumerate(articles):
        key = article.get("url_key")
        if not key or not isinstance(key, str):
            raise ValueError(f"article #{position} has no url_key (url={article.get('url')!r})")
        groups.setdefault(key, []).append(article)
    return groups


def merge_batch(
    groups: Mapping[str, Sequence[Mapping]], existing: Mapping[str, Mapping], now: datetime
) -> dict[str, Merged]:
    """:func:`merge_one` for every key of a batch, against the documents read in one query."""
    return {key: merge_one(existing.get(key), items, now) for key, items in groups.items()}


def changed_fields(before: Mapping, after: Mapping) -> dict:
    """The top-level fields of ``after`` whose value differs from ``before``."""
    return {k: v for k, v in after.items() if k != "_id" and (k not in before or before[k] != v)}


def summary(doc: Mapping) -> dict:
    return {k: doc.get(k) for k in EXISTING_FIELDS}


def candidate(doc: Mapping) -> dict:
    """``doc``'s :data:`CANDIDATE_FIELDS`, its fingerprints without ``bands`` (:func:`candidate_fingerprints`)."""
    found = {k: doc.get(k) for k in CANDIDATE_FIELDS}
    found["fingerprints"] = candidate_fingerprints(found["fingerprints"])
    return found


def candidate_fingerprints(fingerprints: Any) -> Any:
    """A candidate's fingerprints: all but the LSH ``bands``. ``decide`` never reads a candidate's bands (it was
    found by them), and they are a third of its fields (64 keys, ~1.1 KB): the bulk of what a lookup decodes."""
    if isinstance(fingerprints, Mapping) and "bands" in fingerprints:
        return {name: value for name, value in fingerprints.items() if name != "bands"}
    return fingerprints


def bands_of(doc: Mapping | None) -> list[str]:
    """The indexed lookup keys of a stored document: its LSH band keys (``fingerprints.bands``), then its sentence
    keys (``fingerprints.sentence_keys``, see ``newswatch.dedup.lookup_keys``); [] when it has none."""
    fingerprints = (doc or {}).get("fingerprints")
    if not isinstance(fingerprints, Mapping):
        return []
    keys = []
    for name in ("bands", "sentence_keys"):
        values = fingerprints.get(name)
        if isinstance(values, list):
            keys += [b for b in values if isinstance(b, str)]
    return keys
