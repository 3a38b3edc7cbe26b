"""What loading the topics computes from the lexicons alone, kept on disk between crawls.

Every crawl's worker pool waits, before its first article, for its fork server to compile the topics' patterns
(~80 KB of alternatives each, a pattern per topic and language: ~1.7 s of CPU) and to check that every lexicon form
compiles (~0.35 s). Both depend only on their input text and on the Python that runs them, so both are kept:

* a compiled pattern as the regex engine's own code (the list of integers ``re`` hands to ``_sre.compile``) and the
  literal prefixes read from its parse, in a file named by a hash of the source and of the interpreter; loading it
  skips the parse and the compile, and gives a pattern equal to ``re.compile(source)`` (Pattern equality compares
  the source, the flags and the code);
* a mark that a set of form patterns all compiled, so the next load of the same forms skips the check.

Where: ``NEWSWATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/newswatch``, else ``~/.cache/newswatch``;
``NEWSWATCH_CACHE_DIR=off`` (or ``0``, ``none``, ``false``, empty) keeps nothing. Each interpreter (version, regex
engine) has its own sub-directory. A file that is unreadable, cut short or of another layout is ignored (the work is
done again and the file rewritten); a directory that cannot be written only costs the time. Files are written whole
(renamed into place), so crawls starting together never read half a file. Up to :data:`MAX_FILES` files a directory
are kept, the oldest removed past that (each lexicon edit adds a pattern file per topic and language).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from array import array
from pathlib import Path

try:  # the regex engine's C module (its version number and code word size key the files)
    from re import _compiler as _sre_compile
except ImportError:  # pragma: no cover - older layout
    import sre_compile as _sre_compile

_sre = _sre_compile._sre
#: Bumped when what a file holds changes.
_FORMAT = 1
#: Files kept per directory before the oldest are removed.
MAX_FILES = 256
_OFF = {"", "0", "off", "none", "false", "no"}
#: The interpreter and regex engine the files are for: another one's code is never loaded.
TAG = f"{_FORMAT}|{sys.implementation.cache_tag}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}"
_TYPECODE = next((code for code in "ILQ" if array(code).itemsize == _sre.CODESIZE), None)


def cache_dir() -> Path | None:
    """This interpreter's directory of kept results, or None when caching is off."""
    value = os.environ.get("NEWSWATCH_CACHE_DIR")
    if value is not None:
        if value.strip().lower() in _OFF:
            return None
        base = Path(value).expanduser()
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path(os.path.expanduser("~")) / ".cache") / "newswatch"
    if not base.is_absolute():  # no home directory to expand: not a directory under wherever the crawl runs
        return None
    return base / f"topics-{_digest(TAG)[:16]}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _key(kind: str, text: str) -> str:
    return _digest(f"{kind}\0{TAG}\0{text}")


def load_pattern(source: str):
    """``(pattern, prefixes)`` kept for ``source`` (prefixes: a frozenset or None), or None when nothing usable is."""
    directory = cache_dir()
    if directory is None or _TYPECODE is None:
        return None
    try:
        data = (directory / f"{_key('pattern', source)}.re").read_bytes()
        header_end = data.index(b"\n")
        header = json.loads(data[:header_end])
        raw = data[header_end + 1:]
        if (header.get("tag") != TAG or header.get("source") != _digest(source)
                or header.get("code") != hashlib.sha256(raw).hexdigest()):
            return None
        code = array(_TYPECODE)
        code.frombytes(raw)
        prefixes = header["prefixes"]
        pattern = _sre.compile(source, header["flags"], code.tolist(), header["groups"], header["groupdict"],
                               tuple(header["indexgroup"]))
    except (OSError, ValueError, KeyError, TypeError, RuntimeError):  # absent, cut short, another layout: compile
        return None
    return pattern, (frozenset(prefixes) if prefixes is not None else None)


def store_pattern(source: str, flags: int, code: list[int], groups: int, groupdict: dict, indexgroup: tuple,
                  prefixes: frozenset[str] | None) -> None:
    """Keep what ``_sre.compile(source, flags, code, groups, groupdict, indexgroup)`` was given, and the prefixes."""
    directory = cache_dir()
    if directory is None or _TYPECODE is None:
        return
    try:
        raw = array(_TYPECODE, code).tobytes()
    except (OverflowError, TypeError):
        return
    header = {"tag": TAG, "source": _digest(source), "code": hashlib.sha256(raw).hexdigest(), "flags": flags,
              "groups": groups, "groupdict": groupdict, "indexgroup": list(indexgroup),
              "prefixes": sorted(prefixes) if prefixes is not None else None}
    _write(directory, f"{_key('pattern', source)}.re", json.dumps(header).encode() + b"\n" + raw)


def checked(kind: str, texts: list[str]) -> bool:
    """Whether :func:`mark_checked` was called for this ``kind`` of check of these very ``texts``."""
    directory = cache_dir()
    return directory is not None and (directory / f"{_key(kind, chr(0).join(texts))}.ok").is_file()


def mark_checked(kind: str, texts: list[str]) -> None:
    """Keep that ``texts`` passed the ``kind`` check (a pure function of them and of this interpreter)."""
    directory = cache_dir()
    if directory is not None:
        _write(directory, f"{_key(kind, chr(0).join(texts))}.ok", b"")


def _write(directory: Path, name: str, data: bytes) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".tmp-", delete=False) as fh:
            fh.write(data)
        os.replace(fh.name, directory / name)
    except OSError:
        with contextlib.suppress(OSError, NameError):
            os.unlink(fh.name)
        return
    _prune(directory)


def _prune(directory: Path) -> None:
    with contextlib.suppress(OSError):
        entries = [entry for entry in os.scandir(directory) if entry.is_file() and not entry.name.startswith(".")]
        if len(entries) <= MAX_FILES:
            return
        entries.sort(key=lambda entry: entry.stat().st_mtime)
        for entry in entries[:-MAX_FILES]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
