"""MongoStore: the production store (pymongo), safe for many concurrent writers.

One batch = one ``$in`` read of the existing documents, a client-side merge (``_merge``), and one
unordered ``bulk_write``. Concurrency is optimistic:

* a new document is an ``InsertOne``; if another writer inserted the same ``url_key`` meanwhile, the
  unique index answers E11000 and that key is merged again from a fresh read;
* an existing document is an ``UpdateOne`` whose filter pins the version we read (``revision`` and
  ``last_seen_at``, which every write moves strictly forward) and which sets only the changed fields.
  If someone else wrote the document meanwhile, the filter no longer matches, the upsert tries to insert
  a second document with the same ``url_key``, and the unique index answers E11000 for exactly that
  operation, which is merged again. So no update is ever lost, and the unique index stays the final guard.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from urllib.parse import quote_plus, unquote_plus

import pymongo
from pymongo import ASCENDING, DESCENDING, TEXT, InsertOne, UpdateOne
from pymongo.errors import BulkWriteError, ConfigurationError, ConnectionFailure, OperationFailure

from newswatch.dedup import SENTENCE_KEY_CANDIDATES, SENTENCE_KEY_HOLDERS, SENTENCE_KEYS_SHARED, is_sentence_key
from newswatch.storage._base import StoreError, StoreUnavailable, StoreWriteError, WriteResult
from newswatch.storage._merge import (
    CANDIDATE_FIELDS,
    EXISTING_FIELDS,
    Merged,
    candidate,
    changed_fields,
    group_by_key,
    merge_batch,
    relinks,
    utcnow,
)

logger = logging.getLogger(__name__)

_DUPLICATE_KEY = 11000
_INDEX_OPTIONS_CONFLICT = 85
_INDEX_KEY_SPECS_CONFLICT = 86
_IN_CHUNK = 1000
#: Server errors that say "not now", not "not this document": the retryable-writes codes (network, not primary,
#: shutting down, time limits), lock and write conflicts, interruptions, a full disk and an unsatisfied write
#: concern. A write error with one of them (or labelled ``RetryableWriteError``) makes the store unavailable for the
#: moment: the batch is retried or spilled, never set aside as refused.
_TRANSIENT_CODES = frozenset({
    6, 7, 89, 9001,  # HostUnreachable, HostNotFound, NetworkTimeout, SocketException
    91, 189, 10107, 11600, 11602, 13435, 13436,  # shutting down, stepped down, not primary
    24, 46, 112,  # LockTimeout, LockBusy, WriteConflict
    50, 262, 11601,  # MaxTimeMSExpired, ExceededTimeLimit, Interrupted
    64, 14031,  # WriteConcernFailed, OutOfDiskSpace
})
#: The same said in words, by a server whose code says nothing (a MongoDB-compatible server over SQLite answers a
#: lock held by another process with code 8, UnknownError, and "database is locked").
_TRANSIENT_MESSAGE = re.compile(r"\b(?:locked|busy|disk is full|no space left|timed out)\b",
                                re.IGNORECASE)
# Retries of one batch's conflicting keys before giving up (each retry re-reads just those keys).
_MAX_CONFLICT_ROUNDS = 20

#: Store-managed, MongoDB only: the words and word prefixes ``--text`` looks words up in. Never read back:
#: every read leaves it out (``HIDDEN``), so queries, exports and the merge see the article as SQLite keeps it.
SEARCH_FIELD = "search_stems"
HIDDEN = {"_id": 0, SEARCH_FIELD: 0}
_BACKFILL_BATCH = 500
#: Most search_stems hints held (:meth:`MongoStore.hint_search_stems`): a few store batches' worth. A document whose
#: hint was let go gets its stems computed at its write, as without one.
_HINTS_HELD = 4096

_URI = re.compile(r"^(?P<scheme>mongodb(?:\+srv)?://)(?:(?P<userinfo>[^@/]*)@)?(?P<hosts>[^/?]*)")

_INDEXES = (
    ([("url_key", ASCENDING)], {"unique": True, "name": "url_key_unique"}),
    ([("published_at", DESCENDING)], {"name": "published_at"}),
    ([("source", ASCENDING), ("published_at", DESCENDING)], {"name": "source_published_at"}),
    ([("language", ASCENDING)], {"name": "language"}),
    ([("story_id", ASCENDING)], {"name": "story_id"}),
    # newswatch.dedup lookups: exact copies by normalized-body hash, near copies by LSH band (multikey).
    ([("body_hash", ASCENDING)], {"name": "body_hash"}),
    ([("fingerprints.bands", ASCENDING)], {"name": "fingerprints_bands"}),
    ([("fingerprints.sentence_keys", ASCENDING)], {"name": "fingerprints_sentence_keys"}),  # rewrites (dedup)
    # Analysts' questions (newswatch.query, docs/analysts.md): a topic over time, and words in title/body.
    ([("topic_names", ASCENDING), ("published_at", DESCENDING)], {"name": "topic_names_published_at"}),
    # --text words by their stems (newswatch.query._text.search_stems; multikey): what FTS5's prefix query reads
    ([(SEARCH_FIELD, ASCENDING)], {"name": SEARCH_FIELD}),
)
# Full text over title and body, for analysts' quoted phrases (words go to SEARCH_FIELD): a server that cannot
# build it (some MongoDB-compatible services have no text indexes; a collection may already hold another text
# index, and there can be only one) gets a warning, not a crawler that refuses to start. No stemming, and
# `language_override` pointed away from our `language` field: MongoDB refuses to index a document whose override
# field holds a language it has no stemmer for ("uk" is one).
_TEXT_INDEX = ([("title", TEXT), ("body", TEXT)],
               {"name": "title_body_text", "default_language": "none", "language_override": "text_language"})


def _search_stems(doc: Mapping) -> list[str]:
    from newswatch.query._text import search_stems  # here: newswatch.query imports the storage package

    return search_stems(doc.get("title"), doc.get("body"))


def _shared_keys(doc: dict, keys: set[str]) -> int:
    """How many of ``keys`` ``doc`` (projected to its sentence keys) holds."""
    fingerprints = doc.get("fingerprints")
    # (MongoDB nests a dotted projection; the nx-27017 stand-in returns it under the dotted name)
    nested = isinstance(fingerprints, dict)
    held = fingerprints.get("sentence_keys") if nested else doc.get("fingerprints.sentence_keys")
    return len(keys.intersection(held)) if isinstance(held, list) else 0


def _transient_error(code: int | None, message: str) -> bool:
    """Whether a server error (its code and message) says the database cannot take the write now, whatever the
    document: a code of :data:`_TRANSIENT_CODES`, or a message saying it is locked, busy or full."""
    return code in _TRANSIENT_CODES or bool(_TRANSIENT_MESSAGE.search(message))


def _transient(exc: OperationFailure) -> bool:
    return _transient_error(exc.code, str(exc)) or exc.has_error_label("RetryableWriteError")


def redact_uri(uri: str) -> str:
    """``mongodb://user:secret@host/db?opts`` -> ``mongodb://user:***@host`` (options may hold secrets too)."""
    match = _URI.match(uri or "")
    if not match:
        return "mongodb://<unparseable URI>"
    user = ""
    if match["userinfo"] is not None:
        name = match["userinfo"].split(":", 1)[0]
        user = f"{name}:***@" if ":" in match["userinfo"] else f"{name}@"
    return f"{match['scheme']}{user}{match['hosts']}"


def _secrets(uri: str) -> list[str]:
    """The password as written in the URI and decoded, so it can be scrubbed from any message."""
    match = _URI.match(uri or "")
    if not match or not match["userinfo"] or ":" not in match["userinfo"]:
        return []
    raw = match["userinfo"].split(":", 1)[1]
    return [s for s in {raw, unquote_plus(raw), quote_plus(unquote_plus(raw))} if s]


class MongoStore:
    """Articles in one MongoDB collection; documents are stored as they are, dates as BSON dates.

    ``server_selection_timeout_ms`` bounds how long a call waits for an unreachable server before
    :class:`StoreUnavailable` (unless the URI sets ``serverSelectionTimeoutMS`` itself).
    """

    def __init__(
        self,
        uri: str,
        database: str = "newswatch",
        collection: str = "articles",
        *,
        server_selection_timeout_ms: int = 5000,
    ):
        self._uri = uri
        self.database = database
        self.collection_name = collection
        self.server_selection_timeout_ms = server_selection_timeout_ms
        self._client: pymongo.MongoClient | None = None
        self._collection = None
        self._stems_hints: dict[str, tuple] = {}
        # Hints are given on the crawl's thread and used by writes on the store pipeline's thread.
        self._hints_lock = threading.Lock()

    # --- lifecycle ---------------------------------------------------------------
    def describe(self) -> str:
        return f"{redact_uri(self._uri)}/{self.database}.{self.collection_name}"

    def _scrub(self, text: str) -> str:
        for secret in _secrets(self._uri):
            text = text.replace(secret, "***")
        return text

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Connection-level failures, and server errors that say "not now" (:func:`_transient`), become
        StoreUnavailable; no message ever carries the password. (A server whose database was locked when the crawl
        opened it stopped the crawl before its first request: its index creation failed with OperationFailure.)"""
        try:
            yield
        except (ConnectionFailure, OperationFailure) as exc:  # includes AutoReconnect, ServerSelectionTimeoutError
            if not isinstance(exc, ConnectionFailure) and not _transient(exc):
                raise
            message = f"MongoDB at {self.describe()} unavailable while {doing}: {self._scrub(str(exc))}"
            raise StoreUnavailable(message) from (None if self._scrub(str(exc)) != str(exc) else exc)

    def open(self) -> None:
        if self._client is not None:
            return
        options: dict = {"tz_aware": True}
        lowered = self._uri.lower()
        if "serverselectiontimeoutms" not in lowered:
            options["serverSelectionTimeoutMS"] = self.server_selection_timeout_ms
        if "connecttimeoutms" not in lowered:
            options["connectTimeoutMS"] = self.server_selection_timeout_ms
        try:
            client: pymongo.MongoClient = pymongo.MongoClient(self._uri, **options)
        except (ConfigurationError, ValueError, TypeError) as exc:
            raise ValueError(f"bad MongoDB URI {redact_uri(self._uri)}: {self._scrub(str(exc))}") from None
        try:
            with self._errors("connecting"):
                client.admin.command("ping")
                collection = client[self.database][self.collection_name]
                for keys, kwargs in _INDEXES:
                    self._ensure_index(collection, keys, kwargs)
                try:
                    self._ensure_index(collection, *_TEXT_INDEX)
                except OperationFailure as exc:
                    if _transient(exc):  # the server cannot write now: not a server without text indexes
                        raise
                    self._warn_without_text_index(collection, exc)
                self._add_search_stems(collection)
        except BaseException:
            client.close()
            raise
        self._client, self._collection = client, collection

    def _add_search_stems(self, collection) -> None:
        """Give the documents written before ``search_stems`` existed theirs (once: later writes keep it), so
        ``--text`` finds every document, old ones included. Found through the field's own index (missing = null)."""
        missing = collection.count_documents({SEARCH_FIELD: None})
        if not missing:
            return
        logger.info("%s: adding %s (the --text word index) to %d documents stored before it existed",
                    self.describe(), SEARCH_FIELD, missing)
        started, done, last = time.monotonic(), 0, None
        while True:  # in _id order, so a document whose text yields no word is not read again
            query = {SEARCH_FIELD: None} if last is None else {SEARCH_FIELD: None, "_id": {"$gt": last}}
            batch = list(collection.find(query, {"title": 1, "body": 1}).sort("_id", ASCENDING).limit(_BACKFILL_BATCH))
            if not batch:
                break
            collection.bulk_write([UpdateOne({"_id": doc["_id"], SEARCH_FIELD: None},
                                             {"$set": {SEARCH_FIELD: _search_stems(doc)}})
                                   for doc in batch], ordered=False)
            done, last = done + len(batch), batch[-1]["_id"]
        logger.info("%s: %s added to %d documents in %.1f s", self.describe(), SEARCH_FIELD, done,
                    time.monotonic() - started)

    def _warn_without_text_index(self, collection, exc: OperationFailure) -> None:
        """Warn, unless a text search works anyway (a text index made by hand, under another name or fields)."""
        try:
            collection.find_one({"$text": {"$search": "newswatch"}}, {"_id": 1})
        except OperationFailure:
            logger.warning("%s: no text index on title/body, so `newswatch query --text` will fail here (%s)",
                           self.describe(), self._scrub(str(exc)))
            return
        logger.debug("text index not (re)created (%s); an existing one answers", self._scrub(str(exc)))

    def _ensure_index(self, collection, keys: list, options: dict) -> None:
        """create_index, tolerating an equivalent index that exists under another name (e.g. made by hand).

        The one thing not tolerated is a url_key index that is not unique: it is the final guard against
        duplicates, so opening fails with a clear message instead.
        """
        try:
            collection.create_index(keys, **options)
        except OperationFailure as exc:
            if exc.code not in (_INDEX_OPTIONS_CONFLICT, _INDEX_KEY_SPECS_CONFLICT):
                raise
            same = [i for i in collection.index_information().values() if list(i["key"]) == list(keys)]
            if options.get("unique") and not any(i.get("unique") for i in same):
                raise StoreError(
                    f"{self.describe()}: an index on {keys} exists but is not unique; drop it so the store can "
                    "create its unique index"
                ) from None
            logger.debug("index %s already exists as %s", options.get("name"), [i.get("name") for i in same])

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = self._collection = None

    def __enter__(self) -> MongoStore:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def collection(self):
        if self._collection is None:
            self.open()
        return self._collection

    # --- writes ------------------------------------------------------------------
    def hint_search_stems(self, url_key: str, title: str | None, body: str | None, stems: str | list[str]) -> None:
        """The ``search_stems`` of a document about to be written under ``url_key``, computed elsewhere (a crawl
        worker: ``newswatch._steps.search_stems_step``, packed by ``pack_stems``) from ``title`` and ``body``. Its write
        uses them when the document it writes has that title and body (else it computes them, as without a hint);
        a hint is used once, at most :data:`_HINTS_HELD` are held."""
        hints = self._stems_hints
        with self._hints_lock:
            hints.pop(url_key, None)
            if len(hints) >= _HINTS_HELD:
                del hints[next(iter(hints))]
            hints[url_key] = (title, body, stems)

    def _take_hint(self, key) -> tuple | None:
        with self._hints_lock:
            return self._stems_hints.pop(key, None)

    def _stems_for(self, key: str, doc: Mapping) -> list[str]:
        hint = self._take_hint(key)
        if hint is not None and hint[0] == doc.get("title") and hint[1] == doc.get("body"):
            from newswatch._steps import unpack_stems

            return unpack_stems(hint[2])
        return _search_stems(doc)

    def upsert_articles(self, articles: Sequence[Mapping]) -> WriteResult:
        try:
            return self._upsert_articles(articles)
        finally:
            if self._stems_hints:  # those of documents refused or not written: a hint is for one write
                for doc in articles:
                    self._take_hint(doc.get("url_key"))

    def _upsert_articles(self, articles: Sequence[Mapping]) -> WriteResult:
        groups = group_by_key(articles)
        outcome: dict[str, Merged] = {}
        failed: dict[str, str] = {}
        pending = groups
        with self._errors("writing"):
            for _ in range(_MAX_CONFLICT_ROUNDS):
                if not pending:
                    break
                existing = self._read_docs(list(pending))
                merged = merge_batch(pending, existing, utcnow())
                conflicts, refused = self._write(merged)
                if conflicts:
                    logger.debug("%d document(s) were written concurrently; merging them again", len(conflicts))
                failed.update(refused)
                outcome.update({k: m for k, m in merged.items() if k not in conflicts and k not in refused})
                pending = {k: groups[k] for k in conflicts}
            else:
                if pending:
                    raise StoreUnavailable(
                        f"{self.describe()}: {len(pending)} documents still contended after "
                        f"{_MAX_CONFLICT_ROUNDS} attempts"
                    )
            for story_id, new_root, old_root in relinks(outcome):
                self._relink(story_id, new_root, old_root)
        total = WriteResult()
        for m in outcome.values():
            total += m.result
        if failed:
            error = StoreWriteError(
                f"{self.describe()} rejected {len(failed)} documents: {sorted(failed.items())[:3]}", failed
            )
            error.written = total  # the others of the batch are written (read by storage._writer)
            raise error
        return total

    def _relink(self, story_id: str, new_root: str, old_root: str) -> None:
        """``old_root`` and its copies become copies of ``new_root``: one update through the story_id index."""
        self.collection.update_many(
            {"story_id": story_id, "url_key": {"$ne": new_root}, "$or": [{"url_key": old_root},
                                                                         {"duplicate_of": old_root}]},
            {"$set": {"duplicate_of": new_root, "syndicated": True}})

    def _write(self, merged: Mapping[str, Merged]) -> tuple[set[str], dict[str, str]]:
        """One unordered bulk write; returns the keys that lost a race and must be merged again, and those the
        server refused for good, with its reason (the others are written)."""
        keys: list[str] = []
        ops: list = []
        for key, m in merged.items():
            if m.before is None:
                ops.append(InsertOne({**m.doc, SEARCH_FIELD: self._stems_for(key, m.doc)}))
            else:
                changes = changed_fields(m.before, m.doc)
                # Else the stored stems still hold (one deleted meanwhile and re-created below gets them when the
                # store next opens): no stemming for the many re-seen, unchanged articles.
                if "title" in changes or "body" in changes:
                    changes = {**changes, SEARCH_FIELD: self._stems_for(key, m.doc)}
                else:
                    self._take_hint(key)
                version = {
                    "url_key": key,
                    "revision": m.before.get("revision"),
                    "last_seen_at": m.before.get("last_seen_at"),
                }
                # $setOnInsert carries the rest of the document only for the case where it was deleted
                # meanwhile: then the upsert re-creates it whole instead of half.
                rest = {k: v for k, v in m.doc.items() if k not in changes and k not in version}
                update: dict = {"$set": changes}
                if rest:
                    update["$setOnInsert"] = rest
                ops.append(UpdateOne(version, update, upsert=True))
            keys.append(key)
        if not ops:
            return set(), {}
        try:
            self.collection.bulk_write(ops, ordered=False)
        except BulkWriteError as exc:
            conflicts: set[str] = set()
            failed: dict[str, str] = {}
            for error in exc.details.get("writeErrors", []):
                key = keys[error["index"]]
                if error.get("code") == _DUPLICATE_KEY:
                    conflicts.add(key)
                elif _transient_error(error.get("code"), str(error.get("errmsg"))):
                    raise StoreUnavailable(f"{self.describe()} cannot write for now: "
                                           f"{self._scrub(str(error.get('errmsg', error)))}") from None
                else:
                    failed[key] = self._scrub(str(error.get("errmsg", error)))
            if exc.details.get("writeConcernErrors"):
                raise StoreUnavailable(f"{self.describe()}: write concern not satisfied") from None
            return conflicts, failed
        except OperationFailure as exc:
            if exc.code == _DUPLICATE_KEY:  # a server reporting it for the whole batch: retry every key
                return set(keys), {}
            raise
        return set(), {}

    # --- reads -------------------------------------------------------------------
    def _read_docs(self, url_keys: Sequence[str]) -> dict[str, dict]:
        found: dict[str, dict] = {}
        for start in range(0, len(url_keys), _IN_CHUNK):
            chunk = list(url_keys[start : start + _IN_CHUNK])
            for doc in self.collection.find({"url_key": {"$in": chunk}}, HIDDEN):
                found[doc["url_key"]] = doc
        return found

    def get(self, url_key: str) -> dict | None:
        with self._errors("reading"):
            return self.collection.find_one({"url_key": url_key}, HIDDEN)

    def find_existing(self, url_keys: Sequence[str]) -> dict[str, dict]:
        keys = list(dict.fromkeys(url_keys))
        projection = {"_id": 0, **dict.fromkeys(EXISTING_FIELDS, 1)}
        found: dict[str, dict] = {}
        with self._errors("reading"):
            for start in range(0, len(keys), _IN_CHUNK):
                for doc in self.collection.find({"url_key": {"$in": keys[start : start + _IN_CHUNK]}}, projection):
                    found[doc["url_key"]] = {name: doc.get(name) for name in EXISTING_FIELDS}
        return found

    def find_candidates(
        self, url_key: str, body_hash: str | None = None, bands: Sequence[str] = (), limit: int = 50
    ) -> list[dict]:
        projection = {"_id": 0, **dict.fromkeys(CANDIDATE_FIELDS, 1)}
        queries = [({"url_key": url_key}, 1)]
        if body_hash:
            queries.append(({"body_hash": body_hash}, limit))
        bands = list(dict.fromkeys(b for b in bands if isinstance(b, str)))
        # the sentence keys (newswatch.dedup.lookup_keys) come in the same list, indexed in their own field
        keys = {b for b in bands if is_sentence_key(b)}
        bands = [b for b in bands if b not in keys]
        if bands:
            queries.append(({"fingerprints.bands": {"$in": bands}}, limit))
        found: dict[str, dict] = {}
        with self._errors("reading"):
            for query, most in queries:
                for doc in self.collection.find(query, projection).limit(most):
                    found.setdefault(doc["url_key"], candidate(doc))
            if keys:
                # Found by sentence keys alone: a candidate only when sharing SENTENCE_KEYS_SHARED of them (one is
                # often a common word), at most SENTENCE_KEY_CANDIDATES not found otherwise, as SqliteStore's
                # HAVING. The keys of at most SENTENCE_KEY_HOLDERS documents a key are read first (as SQLite reads
                # that many rows a key), then the few that share the most.
                counts = {doc["url_key"]: _shared_keys(doc, keys) for doc in self.collection.find(
                    {"fingerprints.sentence_keys": {"$in": sorted(keys)}},
                    {"_id": 0, "url_key": 1, "fingerprints.sentence_keys": 1}).limit(SENTENCE_KEY_HOLDERS * len(keys))}
                shared = sorted((k for k, n in counts.items() if n >= SENTENCE_KEYS_SHARED and k not in found),
                                key=counts.__getitem__, reverse=True)[:min(limit, SENTENCE_KEY_CANDIDATES)]
                if shared:
                    for doc in self.collection.find({"url_key": {"$in": shared}}, projection):
                        found.setdefault(doc["url_key"], candidate(doc))
        return list(found.values())

    def find_story(self, story_id: str, limit: int = 1000) -> list[dict]:
        with self._errors("reading"):
            cursor = self.collection.find({"story_id": story_id}, {**HIDDEN, "body": 0})
            return list(cursor.sort([("first_seen_at", ASCENDING), ("_id", ASCENDING)]).limit(limit))

    def iter_articles(self) -> Iterator[dict]:
        # _id order is insertion order for ObjectIds, and always indexed (no in-memory sort limit).
        with self._errors("reading"):
            yield from self.collection.find({}, HIDDEN).sort("_id", ASCENDING)

    def count(self) -> int:
        with self._errors("counting"):
            return self.collection.count_documents({})
