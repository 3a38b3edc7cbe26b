"""What every store shares: the protocol, the write tally and the errors."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass
class WriteResult:
    """What one ``upsert_articles`` call did; every input document is counted exactly once."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def __add__(self, other: WriteResult) -> WriteResult:
        return WriteResult(
            self.inserted + other.inserted, self.updated + other.updated, self.unchanged + other.unchanged
        )


class StoreError(Exception):
    """Base class of the store's own errors."""


class StoreUnavailable(StoreError):
    """The database cannot be reached right now (server down, file locked past its timeout).

    Nothing of the failed call can be assumed written; the same call may be retried safely because
    upserts are idempotent.
    """


class StoreWriteError(StoreError):
    """Some documents of a batch were rejected for good (e.g. too large); the others were written.

    ``failed`` maps each rejected ``url_key`` to the database's reason.
    """

    def __init__(self, message: str, failed: Mapping[str, str]):
        super().__init__(message)
        self.failed = dict(failed)


@runtime_checkable
class Store(Protocol):
    """Where articles live. ``SqliteStore`` (embedded default) and ``MongoStore`` behave identically.

    Documents are plain dicts with the fields of :class:`newswatch.items.Article`; ``url_key`` is unique.
    The store manages ``urls``, ``first_seen_at``, ``last_seen_at``, ``revision`` and ``body_hash``.
    """

    def open(self) -> None:
        """Connect and create tables/indexes (idempotent)."""

    def close(self) -> None:
        """Release the connection; safe to call twice."""

    def upsert_articles(self, articles: Sequence[Mapping]) -> WriteResult:
        """Insert or merge ``articles`` by ``url_key`` in one batched read and one bulk write."""

    def get(self, url_key: str) -> dict | None:
        """The stored document for ``url_key``, or None."""

    def find_existing(self, url_keys: Sequence[str]) -> dict[str, dict]:
        """``{url_key: {url_key, published_at, last_seen_at, revision, body_hash}}`` for the keys stored."""

    def find_candidates(
        self, url_key: str, body_hash: str | None = None, bands: Sequence[str] = (), limit: int = 50
    ) -> list[dict]:
        """Documents that may be copies of an incoming article, by bounded indexed lookups only.

        The document with ``url_key``, documents whose ``body_hash`` equals ``body_hash`` and documents
        sharing any of the LSH ``bands`` (``fingerprints.bands``), at most ``limit`` of the latter two
        each. Each result holds only the fields of ``CANDIDATE_FIELDS`` (no body; ``fingerprints`` without ``bands``).
        """

    def find_story(self, story_id: str, limit: int = 1000) -> list[dict]:
        """The documents of one story cluster (``story_id``, indexed), first seen first, without ``body``."""

    def iter_articles(self) -> Iterator[dict]:
        """Every stored article, in insertion order."""

    def count(self) -> int:
        """Number of stored articles."""

    def describe(self) -> str:
        """Where the store is, without any password (safe to log)."""
