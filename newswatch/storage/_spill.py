"""A durable local journal for articles the database could not take (pure, no Scrapy).

When the store stays unreachable past the writer's retries, the unwritten
documents are appended to ``<dir>/spill-<pid>-<time>.jsonl`` and fsynced. The
next crawl (or ``Spill.replay``) upserts them and deletes each file only after
every line of it was written; upserts are idempotent, so a replay that is
interrupted and repeated stores nothing twice.

:class:`Journal` is the write-ahead side: every document is appended to
``<dir>/journal-<pid>-<time>.jsonl`` *before* it is buffered for a batch write; a
batch handed to the database takes its journal file along (:meth:`Journal.rotate`), deleted once the batch is
written or spilled. A crawl killed outright (SIGKILL,
OOM, power cut after the OS wrote the page) leaves its journal behind; the owner
holds an exclusive ``flock`` on it while alive, so ``Spill.replay`` picks up only
the journals of dead processes.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from newswatch.storage._base import Store
from newswatch.storage._sqlite import decode_doc, encode_doc, encode_doc_fast, iso
from newswatch.storage._writer import upsert_isolating

logger = logging.getLogger(__name__)


def to_document(item: Mapping, on_repair: Callable[[str], None] | None = None) -> dict:
    """A crawled item as a plain, storable dict (no Scrapy types).

    Lone surrogates are dropped from its strings: a page's JSON-LD can carry ``"\\ud83d"`` escapes, which
    decode to code points that no UTF-8 encoder takes, and the journal, SQLite and BSON would all refuse the
    article (and, in a batch, the articles around it). ``on_repair`` is called with ``"surrogates"`` when that
    happened (the store pipeline counts it).
    """
    return document_and_line(item, on_repair)[0]


def document_and_line(item: Mapping, on_repair: Callable[[str], None] | None = None) -> tuple[dict, str | None]:
    """:func:`to_document`, and the document's journal line (:func:`encode_doc`'s text) when the check made it.

    The check is the encoding: orjson refuses a string holding a surrogate, so a document it encodes has none, and
    its text is the line the journal writes (~35 us an article less than walking every string in Python, then
    encoding). What orjson does not encode (a surrogate, or a value it hands to the stdlib) is walked as before.
    """
    doc = dict(item)
    line = encode_doc_fast(doc)
    if line is None and _has_surrogates(doc):
        logger.warning("dropped lone UTF-16 surrogates (broken \\uXXXX escapes) from the fields of %s",
                       doc.get("url"))
        doc = _without_surrogates(doc)
        if on_repair is not None:
            on_repair("surrogates")
    return doc, line


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _has_surrogates(value) -> bool:
    if type(value) is str:
        if value.isascii():
            return False
        try:
            value.encode("utf-8")  # C speed: 5x faster than a regex search on a long body
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, Mapping):
        return any(_has_surrogates(k) or _has_surrogates(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_surrogates(v) for v in value if type(v) is not int)
    return False


def _without_surrogates(value):
    if type(value) is str:
        return _SURROGATE_RE.sub("", value)
    if isinstance(value, Mapping):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_without_surrogates(v) for v in value)
    return value


def _lenient(value):
    """JSON for anything a refused document may hold (it may be refused for holding it)."""
    if isinstance(value, datetime):
        return {"$date": iso(value)}
    if isinstance(value, bytes | bytearray):
        return value.decode("utf-8", "replace")
    return str(value)


class Spill:
    """Spill files (replayed) and the file of rejected documents (kept for an operator, never replayed)."""

    def __init__(self, directory: str | os.PathLike, batch_size: int = 200):
        self.directory = Path(directory)
        self.batch_size = batch_size
        self.rejected = 0  # documents set aside by reject() in this process

    def reject(self, doc: Mapping, reason: str) -> Path:
        """Set aside a document the store refuses for good (too large, a value it cannot hold): one line
        ``{"reason": ..., "doc": ...}`` appended (fsynced) to ``<dir>/rejected-<pid>.jsonl``, never replayed, so
        one bad article can neither block the others nor be lost without a trace."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"rejected-{os.getpid()}.jsonl"
        line = json.dumps({"reason": reason, "doc": doc}, ensure_ascii=False, default=_lenient,
                          separators=(",", ":"))
        with open(path, "a", encoding="utf-8", errors="replace") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self.rejected += 1
        return path

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
        """Spill files, and the journals left behind by crawls that died (no live owner holds their lock)."""
        if not self.directory.is_dir():
            return []
        orphans = [path for path in sorted(self.directory.glob("journal-*.jsonl")) if not _locked(path)]
        return sorted(self.directory.glob("spill-*.jsonl")) + orphans

    def replay(self, store: Store) -> int:
        """Upsert every spilled document into ``store``; returns how many. Bad lines are logged and kept aside."""
        total = 0
        for path in self.files():
            docs, bad, rejected = [], 0, self.rejected
            try:
                with open(path, encoding="utf-8") as fh:
                    for line in fh:
                        line = line.strip()
                        if not line:
                            continue
                        try:
                            docs.append(decode_doc(line))
                        except (ValueError, TypeError):
                            bad += 1
            except FileNotFoundError:  # another crawl sharing the directory replayed it meanwhile
                continue
            for start in range(0, len(docs), self.batch_size):
                # A document the store refuses for good goes to the rejected file; it must not keep the others
                # of its spill file out of the store, run after run.
                upsert_isolating(store, docs[start:start + self.batch_size], self.reject)
            total += len(docs) - (self.rejected - rejected)
            if bad:
                with contextlib.suppress(FileNotFoundError):
                    path.rename(path.with_suffix(".bad"))
                logger.error("%s: %d unreadable line(s); file kept as %s", path, bad, path.with_suffix(".bad"))
            else:
                path.unlink(missing_ok=True)
        return total


def _locked(path: Path) -> bool:
    """True when a live process holds the journal's lock (it is still being written)."""
    try:
        with open(path, "rb") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(fh, fcntl.LOCK_UN)
    except FileNotFoundError:
        return True  # gone meanwhile: nothing to replay
    return False


class Journal:
    """Write-ahead journal of the documents buffered but not yet written (see the module docstring)."""

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory)
        self.path: Path | None = None
        self._fh = None
        #: Why the journal cannot be written (its directory cannot be made, the disk is full), once it failed.
        self.unusable: OSError | None = None

    def append(self, doc: Mapping, line: str | None = None) -> None:
        """Journal ``doc``; ``line``: its :func:`encode_doc` text, when the caller has it already.

        A journal that cannot be written (no directory can be made there, the disk is full) is said once, in one
        error line, and given up for the rest of the crawl: the articles go on to the database without it."""
        if self.unusable is not None:
            return
        try:
            if self._fh is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
                self.path = self.directory / f"journal-{os.getpid()}-{stamp}.jsonl"
                self._fh = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 (kept open for the crawl)
                fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # Flushed to the OS at once: a killed process loses nothing the kernel has.
            self._fh.write((encode_doc(doc) if line is None else line) + "\n")
            self._fh.flush()
        except OSError as exc:
            self.unusable = exc
            logger.error("the spill directory %s cannot be written (%s): articles are not journaled for the rest of "
                         "the crawl, and those the database does not take cannot be spilled", self.directory, exc)
            if self._fh is not None:
                with contextlib.suppress(OSError):
                    self._fh.close()
                self._fh = None

    def rotate(self) -> JournalSegment | None:
        """Close the book on what is journaled so far: later documents go to a new file, and the returned segment
        (None when nothing was journaled) holds the earlier ones until :meth:`JournalSegment.release` (they are
        stored or spilled) or :meth:`JournalSegment.keep` (they are not: the next crawl replays the file). Until
        then it stays locked, so no other crawl replays it while its documents are being written."""
        if self._fh is None:
            return None
        segment = JournalSegment(self._fh, self.path)
        self._fh, self.path = None, None
        return segment


    def close(self) -> None:
        """Release the journal; an empty one is deleted, a non-empty one stays for replay."""
        if self._fh is None:
            return
        empty = self._fh.tell() == 0
        self._fh.close()
        self._fh = None
        if empty and self.path is not None:
            self.path.unlink(missing_ok=True)


class JournalSegment:
    """The documents of a :meth:`Journal.rotate`, on their own locked file."""

    def __init__(self, fh, path: Path):
        self._fh, self.path = fh, path

    def release(self) -> None:
        """Its documents are in the store or a spill file: the file goes."""
        self._close()
        self.path.unlink(missing_ok=True)

    def keep(self) -> None:
        """Its documents are nowhere else: the file stays, unlocked, for the next crawl's replay."""
        self._close()

    def _close(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.close()
            self._fh = None
