"""BufferedWriter: batches articles into bulk upserts and rides out short database outages (no Scrapy)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence

from newswatch.storage._base import Store, StoreUnavailable, WriteResult

logger = logging.getLogger(__name__)


class BufferedWriter:
    """Collect documents and write them ``batch_size`` at a time.

    While the store is unavailable a flush is retried after each delay of ``retry_delays`` (seconds);
    when it still fails, :class:`StoreUnavailable` propagates and every unwritten document stays in
    :attr:`pending`, so the caller can retry later or spill them; nothing is dropped silently.
    Retrying is safe because upserts are idempotent.
    """

    def __init__(
        self,
        store: Store,
        batch_size: int = 100,
        retry_delays: Sequence[float] = (1, 2, 4, 8, 16),
        sleep: Callable[[float], None] = time.sleep,
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
        if not isinstance(doc.get("url_key"), str) or not doc.get("url_key"):
            raise ValueError(f"cannot store an article without url_key (url={doc.get('url')!r})")
        self._buffer.append(doc)
        if len(self._buffer) >= self.batch_size:
            return self.flush()
        return None

    def flush(self) -> WriteResult:
        """Write everything buffered (retrying while unavailable); an empty buffer writes nothing."""
        if not self._buffer:
            return WriteResult()
        batch = list(self._buffer)
        for attempt, delay in enumerate((*self.retry_delays, None)):
            try:
                result = self.store.upsert_articles(batch)
            except StoreUnavailable as exc:
                if delay is None:
                    logger.error("giving up writing %d articles after %d attempts: %s", len(batch), attempt + 1, exc)
                    raise
                self.retries += 1
                logger.warning("store unavailable (%s); retrying %d articles in %ss", exc, len(batch), delay)
                self.sleep(delay)
                continue
            # Only what was in the batch leaves the buffer; anything added meanwhile (re-entrant add) stays.
            del self._buffer[: len(batch)]
            self.totals += result
            return result
        raise AssertionError("unreachable")  # the loop either returns or raises
