"""A durable local journal for articles the database could not take (pure, no Scrapy).

When the store stays unreachable past the writer's retries, the unwritten
documents are appended to ``<dir>/spill-<pid>-<time>.jsonl`` and fsynced. The
next crawl (or ``Spill.replay``) upserts them and deletes each file only after
every line of it was written; upserts are idempotent, so a replay that is
interrupted and repeated stores nothing twice.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from newswatch.storage._base import Store
from newswatch.storage._sqlite import decode_doc, encode_doc

logger = logging.getLogger(__name__)


def to_document(item: Mapping) -> dict:
    """A crawled item as a plain, storable dict (no Scrapy types)."""
    return {key: value for key, value in dict(item).items()}


class Spill:
    def __init__(self, directory: str | os.PathLike, batch_size: int = 200):
        self.directory = Path(directory)
        self.batch_size = batch_size

    def write(self, docs: Iterable[Mapping]) -> Path | None:
        docs = list(docs)
        if not docs:
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self.directory / f"spill-{os.getpid()}-{stamp}.jsonl"
        with open(path, "a", encoding="utf-8") as fh:
            for doc in docs:
                fh.write(encode_doc(doc) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return path

    def files(self) -> list[Path]:
        return sorted(self.directory.glob("spill-*.jsonl")) if self.directory.is_dir() else []

    def replay(self, store: Store) -> int:
        """Upsert every spilled document into ``store``; returns how many. Bad lines are logged and kept aside."""
        total = 0
        for path in self.files():
            docs, bad = [], 0
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    line = line.strip()
                    if not line:
                        continue
                    try:
                        docs.append(decode_doc(line))
                    except (ValueError, TypeError):
                        bad += 1
            for start in range(0, len(docs), self.batch_size):
                store.upsert_articles(docs[start:start + self.batch_size])
            total += len(docs)
            if bad:
                path.rename(path.with_suffix(".bad"))
                logger.error("%s: %d unreadable line(s); file kept as %s", path, bad, path.with_suffix(".bad"))
            else:
                path.unlink()
        return total
