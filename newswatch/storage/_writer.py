"""BufferedWriter: batches articles into bulk upserts and rides out short database outages (no Scrapy)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence

from newswatch.storage._base import Store, StoreUnavailable, StoreWriteError, WriteResult

logger = logging.getLogger(__name__)

#: Called with a document the database refuses for good, and the database's reason.
Reject = Callable[[Mapping, str], None]


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def upsert_isolating(store: Store, docs: Sequence[Mapping], reject: Reject) -> WriteResult:
    """``store.upsert_articles(docs)``; when the batch fails for a reason other than an unavailable store (a
    document the database or its encoder refuses: too large, an integer out of range, a value of a type it
    cannot hold), the documents are written one by one and only those refused again go to ``reject``. When every
    one of them is refused (more than one), the fault is the store's, not theirs: :class:`StoreUnavailable`, so
    the caller spills them for a later replay instead of setting them all aside.

    Before, such a batch stayed buffered and every later flush failed on it again, so one bad article made
    every article after it fail too. :class:`StoreUnavailable` still propagates (nothing is rejected for an
    outage): the caller retries or spills the whole batch, and upserts are idempotent.
    """
    try:
        return store.upsert_articles(docs)
    except StoreUnavailable:
        raise
    except StoreWriteError as exc:
        written = getattr(exc, "written", None)
        if written is None:  # a store that does not say what it wrote: find the bad ones one by one
            logger.warning("a batch of %d article(s) was refused in part (%s); writing them one by one", len(docs),
                           _reason(exc))
        else:  # the others are written (MongoDB's unordered bulk write): set aside just the ones it named
            for doc in docs:
                if doc.get("url_key") in exc.failed:
                    _refused(doc, exc.failed[doc["url_key"]], reject)
            return written
    except Exception as exc:  # noqa: BLE001 - whatever a database driver raises for one document
        logger.warning("a batch of %d article(s) was refused (%s); writing them one by one to find the bad ones",
                       len(docs), _reason(exc))
    total = WriteResult()
    refused: list[tuple[Mapping, BaseException]] = []
    for doc in docs:
        try:
            total += store.upsert_articles([doc])
        except StoreUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001
            refused.append((doc, exc))
    if len(docs) > 1 and len(refused) == len(docs):
        # Not the documents but the store (permissions, a server-side fault, a bug of ours): setting every article
        # aside would keep them out of the store for good; as an outage they are spilled and replayed.
        raise StoreUnavailable(f"the store refused every article of a batch of {len(docs)}: "
                               f"{_reason(refused[-1][1])}") from refused[-1][1]
    for doc, exc in refused:
        _refused(doc, _reason(exc), reject)
    return total


def _refused(doc: Mapping, reason: str, reject: Reject) -> None:
    logger.error("article refused by the store, set aside: %s (%s)", doc.get("url"), reason)
    reject(doc, reason)


class BufferedWriter:
    """Collect documents and write them ``batch_size`` at a time.

    While the store is unavailable a flush is retried after each delay of ``retry_delays`` (seconds);
    when it still fails, :class:`StoreUnavailable` propagates and every unwritten document stays in
    :attr:`pending`, so the caller can retry later or spill them; nothing is dropped silently.
    Retrying is safe because upserts are idempotent.

    A batch that fails for any other reason is written document by document (:func:`upsert_isolating`): the
    documents the store refuses for good go to ``on_reject(doc, reason)`` (default: kept in :attr:`rejected`),
    the others are written, and the buffer moves on.
    """

    def __init__(
        self,
        store: Store,
        batch_size: int = 100,
        retry_delays: Sequence[float] = (1, 2, 4, 8, 16),
        sleep: Callable[[float], None] = time.sleep,
        on_reject: Reject | None = None,
    ):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.store = store
        self.batch_size = batch_size
        self.retry_delays = tuple(retry_delays)
        self.sleep = sleep
        self._buffer: list[Mapping] = []
        self.totals = WriteResult()
        self.retries = 0
        self.rejected: list[tuple[Mapping, str]] = []
        self._on_reject = on_reject

    @property
    def pending(self) -> list[Mapping]:
        """Documents added but not yet written (a copy)."""
        return list(self._buffer)

    def __len__(self) -> int:
        return len(self._buffer)

    def add(self, doc: Mapping) -> WriteResult | None:
        """Buffer ``doc``; when the buffer is full, flush it and return what the flush did.

        A document without ``url_key`` is refused here (ValueError), so it can never poison a batch.
        """
        self.hold(doc)
        if len(self._buffer) >= self.batch_size:
            return self.flush()
        return None

    def hold(self, doc: Mapping) -> None:
        """Buffer ``doc`` without writing anything, whatever the buffer holds (ValueError without ``url_key``)."""
        if not isinstance(doc.get("url_key"), str) or not doc.get("url_key"):
            raise ValueError(f"cannot store an article without url_key (url={doc.get('url')!r})")
        self._buffer.append(doc)

    def _reject(self, doc: Mapping, reason: str) -> None:
        if self._on_reject is None:
            self.rejected.append((doc, reason))
        else:
            self._on_reject(doc, reason)

    def take(self) -> list[Mapping]:
        """Remove and return everything buffered, for a caller that writes it elsewhere (:meth:`write` in a thread)."""
        batch, self._buffer = self._buffer, []
        return batch

    def flush(self) -> WriteResult:
        """Write everything buffered (retrying while unavailable); an empty buffer writes nothing."""
        if not self._buffer:
            return WriteResult()
        batch = list(self._buffer)
        result = self.write(batch)
        # Only what was in the batch leaves the buffer; anything added meanwhile (re-entrant add) stays.
        del self._buffer[: len(batch)]
        return result

    def write(self, batch: Sequence[Mapping], retry_delays: Sequence[float] | None = None) -> WriteResult:
        """Write ``batch`` (not the buffer), retrying after each of ``retry_delays`` (default: the writer's) while the
        store is unavailable; :class:`StoreUnavailable` when it still is. Safe to call from another thread than the
        one adding documents, one call at a time."""
        delays = self.retry_delays if retry_delays is None else tuple(retry_delays)
        for attempt, delay in enumerate((*delays, None)):
            try:
                result = upsert_isolating(self.store, batch, self._reject)
            except StoreUnavailable as exc:
                if delay is None:
                    logger.error("giving up writing %d articles after %d attempts: %s", len(batch), attempt + 1, exc)
                    raise
                self.retries += 1
                logger.warning("store unavailable (%s); retrying %d articles in %ss", exc, len(batch), delay)
                self.sleep(delay)
                continue
            self.totals += result
            return result
        raise AssertionError("unreachable")  # the loop either returns or raises
