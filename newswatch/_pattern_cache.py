"""What loading the topics and the cleaning rules computes from their data files alone, kept on disk between crawls.

Every crawl's worker pool waits, before its first article, for its fork server to compile the topics' patterns
(~80 KB of alternatives each, a pattern per topic and language: ~1.7 s of CPU), to check that every lexicon form
compiles (~0.35 s) and to build the cleaning rules (~1,600 patterns compiled and ~900 parsed again to read their
literals, widths and group references: ~1.2 s). All of it depends only on its input text and on the Python that runs
it, so it is kept:

* a compiled pattern as the regex engine's own code (the list of integers ``re`` hands to ``_sre.compile``): loading
  it skips the parse and the compile, and gives a pattern equal to ``re.compile(source, flags)`` (Pattern equality
  compares the source, the flags and the code); with it, what an analysis of the same parse read from it
  (:func:`compile_analysed`: a topic pattern's literal prefixes);
* pure results of a string (:func:`kept`, as JSON: a rule's literals, that a set of lexicon forms all compile).

All of it in *bundles*: everything one build (a language's cleaning rules, the topic lexicons, the topics' patterns)
compiled and computed, in one file named after the build; each entry is looked up by a hash of its whole input, and
the file is rewritten with the entries the last build used, so an edit of the rules costs the changed patterns only
and leaves no stale entry behind (a build holds one file, whatever the edits). A build's name includes the folder of
its data files, so every other folder (a test's, a crawl's own lexicons) is a build of its own: a directory keeps the
:data:`MAX_BUNDLES` files used last (a file is touched when loaded), the others are removed when a file is written.

Where: ``NEWSWATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/newswatch``, else ``~/.cache/newswatch``;
``NEWSWATCH_CACHE_DIR=off`` (or ``0``, ``none``, ``false``, empty) keeps nothing. Each interpreter (version, regex
engine) has its own sub-directory. A file that is unreadable, cut short or of another layout is ignored (the work is
done again and the file rewritten); a directory that cannot be written only costs the time. Files are written whole
(renamed into place), so crawls starting together never read half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
import threading
import time
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

try:  # the regex engine's C module (its version number and code word size key the files)
    from re import _compiler as _sre_compile
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - older layout
    import sre_compile as _sre_compile
    import sre_parse as _sre_parse

_sre = _sre_compile._sre
#: Bumped when what a file holds changes.
_FORMAT = 2
_OFF = {"", "0", "off", "none", "false", "no"}
#: Bundle files a directory keeps (a crawl uses 7, 1-2 MB each): the ones loaded or written last.
MAX_BUNDLES = 32
#: A temporary file older than this (seconds) is a write that died half-way.
_STALE_TEMPORARY = 3600
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
    _prune(directory, name)


def _prune(directory: Path, written: str) -> None:
    """Keep the :data:`MAX_BUNDLES` bundles used last (and ``written``); drop dead temporaries."""
    try:
        with os.scandir(directory) as entries:
            found = [(entry.stat().st_mtime, entry.name) for entry in entries
                     if entry.name.endswith(".bundle") or entry.name.startswith(".tmp-")]
    except OSError:
        return
    bundles = sorted(((mtime, name) for mtime, name in found if name.endswith(".bundle")), reverse=True)
    dead = {name for _, name in bundles[MAX_BUNDLES:]} - {written}
    now = time.time()
    dead.update(name for mtime, name in found if name.startswith(".tmp-") and now - mtime > _STALE_TEMPORARY)
    for name in dead:
        with contextlib.suppress(OSError):  # another crawl removed it first, or the directory is read-only
            os.unlink(directory / name)


# The bundle that compile() and kept() record into, per thread (a build runs in one thread).
_local = threading.local()
#: An entry a bundle does not hold.
_ABSENT = object()


class _Bundle:
    def __init__(self, name: str, version: str):
        self.name = name
        self.version = version
        self.file = f"{_key('bundle', name)}.bundle"
        # hash of "flags\0source" -> [flags, groups, groupdict, indexgroup, start, end]
        self.codes: dict[str, list] = {}
        self.raw = array(_TYPECODE or "I")
        self.values: dict[str, Any] = {}  # hash of "kind\0text" -> JSON value
        self.used_codes: dict[str, tuple[list, Any]] = {}  # the entry, its code (an array or a list)
        self.used_values: dict[str, Any] = {}
        self.patterns: dict[str, re.Pattern] = {}
        self.decoded: dict[str, Any] = {}
        self.missed = False

    def load(self, directory: Path) -> None:
        try:
            data = (directory / self.file).read_bytes()
            header_end = data.index(b"\n")
            header = json.loads(data[:header_end])
            body = data[header_end + 1:]
            if (header.get("tag") != TAG or header.get("name") != self.name or header.get("version") != self.version
                    or header.get("digest") != hashlib.sha256(body).hexdigest()):
                return
            index_end = body.index(b"\n")
            index = json.loads(body[:index_end])
            codes, values = index["codes"], index["values"]
            if not isinstance(codes, dict) or not isinstance(values, dict):
                return
            raw = array(_TYPECODE)
            raw.frombytes(body[index_end + 1:])
        except (OSError, ValueError, KeyError, TypeError):  # absent, cut short, another layout: built again
            return
        self.codes, self.values, self.raw = codes, values, raw
        with contextlib.suppress(OSError):  # used now: the last a directory prunes
            os.utime(directory / self.file)

    def compile(self, source: str, flags: int) -> re.Pattern:
        key = _digest(f"{flags}\0{source}")
        pattern = self._held_pattern(key, source)
        if pattern is None:
            built = _build(source, flags)
            if built is None:
                return re.compile(source, flags)
            pattern = self._record_pattern(key, built)
        return pattern

    def compile_analysed(self, source: str, flags: int, kind: str, analyse, encode, decode) -> tuple[re.Pattern, Any]:
        key = _digest(f"{flags}\0{source}")
        value_key = _digest(f"{kind}\0{flags}\0{source}")
        pattern, value = self._held_pattern(key, source), self._held_value(value_key, decode)
        if pattern is None or value is _ABSENT:  # one parse for whichever is missing
            built = _build(source, flags)
            if built is None:
                return re.compile(source, flags), analyse(_sre_parse.parse(source, flags))
            if pattern is None:
                pattern = self._record_pattern(key, built)
            if value is _ABSENT:
                value = self._record_value(value_key, analyse(built[3]), encode)
        return pattern, value

    def kept(self, key: str, compute: Callable[[], Any], encode, decode) -> Any:
        key = _digest(key)
        value = self._held_value(key, decode)
        return self._record_value(key, compute(), encode) if value is _ABSENT else value

    def _held_pattern(self, key: str, source: str) -> re.Pattern | None:
        pattern = self.patterns.get(key)
        if pattern is not None:
            return pattern
        entry = self.codes.get(key)
        if entry is None:
            return None
        try:
            pattern_flags, groups, groupdict, indexgroup, start, end = entry
            code = self.raw[start:end]
            pattern = _sre.compile(source, pattern_flags, code.tolist(), groups, groupdict, tuple(indexgroup))
        except (ValueError, TypeError, RuntimeError, IndexError):
            return None
        self.used_codes[key] = (entry, code)
        self.patterns[key] = pattern
        return pattern

    def _record_pattern(self, key: str, built) -> re.Pattern:
        pattern, entry, code, _ = built
        self.used_codes[key] = (entry, code)
        self.patterns[key] = pattern
        self.missed = True
        return pattern

    def _held_value(self, key: str, decode) -> Any:
        if key in self.decoded:
            return self.decoded[key]
        if key not in self.values:
            return _ABSENT
        try:
            value = decode(self.values[key])
        except (ValueError, TypeError, KeyError):
            return _ABSENT
        self.used_values[key] = self.values[key]
        self.decoded[key] = value
        return value

    def _record_value(self, key: str, value: Any, encode) -> Any:
        self.used_values[key] = encode(value)
        self.decoded[key] = value
        self.missed = True
        return value

    def save(self, directory: Path) -> None:
        if not self.missed and len(self.used_codes) == len(self.codes) and len(self.used_values) == len(self.values):
            return
        raw = array(_TYPECODE)
        codes = {}
        try:
            for key, (entry, code) in self.used_codes.items():
                start = len(raw)
                raw.extend(code)
                codes[key] = [*entry[:4], start, len(raw)]
        except (OverflowError, TypeError):
            return
        body = json.dumps({"codes": codes, "values": self.used_values}).encode() + b"\n" + raw.tobytes()
        header = {"tag": TAG, "name": self.name, "version": self.version, "digest": hashlib.sha256(body).hexdigest()}
        _write(directory, self.file, json.dumps(header).encode() + b"\n" + body)


def _build(source: str, flags: int):
    """What ``re._compiler.compile`` does with a string, from one parse: ``(pattern, entry, code, parse tree)``, or
    None for what it does not cover (bytes, debug output, another Python's internals); raises ``re.error`` for a bad
    pattern, as ``re.compile`` does."""
    if not isinstance(source, str) or flags & re.DEBUG or _TYPECODE is None:
        return None
    tree = _sre_parse.parse(source, flags)
    try:
        code = _sre_compile._code(tree, flags)
        indexgroup = [None] * tree.state.groups
        for name, index in tree.state.groupdict.items():
            indexgroup[index] = name
        entry = [flags | tree.state.flags, tree.state.groups - 1, dict(tree.state.groupdict), indexgroup, 0, 0]
        pattern = _sre.compile(source, entry[0], code, entry[1], entry[2], tuple(indexgroup))
    except Exception:  # noqa: BLE001 - another Python's internals
        return None
    return pattern, entry, code, tree


@contextlib.contextmanager
def bundle(name: str, version: str = "") -> Iterator[None]:
    """Within: :func:`compile` and :func:`kept` use (and record) the file of the build ``name``; written at the end
    when the build computed anything it did not hold (or no longer used something it did). A file of another
    ``version`` (say, of the code that computes the kept values: :func:`digest_files`) is ignored and replaced.
    Nested: the outer one."""
    directory = cache_dir()
    if directory is None or _TYPECODE is None or getattr(_local, "bundle", None) is not None:
        yield
        return
    current = _Bundle(name, version)
    current.load(directory)
    _local.bundle = current
    try:
        yield
    finally:
        _local.bundle = None
    current.save(directory)


def digest_files(*paths: Path) -> str:
    """A hash of the files' bytes ("" for one that cannot be read), for a :func:`bundle`'s ``version``."""
    hashed = hashlib.sha256()
    for path in paths:
        try:
            hashed.update(path.read_bytes())
        except OSError:
            hashed.update(b"\0unreadable")
    return hashed.hexdigest()


def collecting() -> bool:
    """Whether a :func:`bundle` is open in this thread."""
    return getattr(_local, "bundle", None) is not None


def compile(source: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - re.compile's twin
    """A pattern equal to ``re.compile(source, flags)``: loaded from the open :func:`bundle` when it holds it, else
    compiled (and recorded in the bundle); ``re.compile``'s own when no bundle is open or on any surprise."""
    current = getattr(_local, "bundle", None)
    if current is None:
        return re.compile(source, flags)
    return current.compile(source, flags)


def compile_analysed(source: str, flags: int, kind: str, analyse: Callable[[Any], Any],
                     encode: Callable[[Any], Any] = lambda value: value,
                     decode: Callable[[Any], Any] = lambda value: value) -> tuple[re.Pattern, Any]:
    """``(compile(source, flags), analyse(parse tree of source))`` from one parse: both loaded from the open
    :func:`bundle` when it holds them (the analysis as ``encode(value)``, JSON, read back with ``decode``), else what
    is missing is computed from a single parse of ``source`` (and recorded); ``analyse`` is a pure function of the
    tree and must take any surprise of the tree's shape itself."""
    current = getattr(_local, "bundle", None)
    if current is not None:
        return current.compile_analysed(source, flags, kind, analyse, encode, decode)
    built = _build(source, flags)
    if built is None:
        return re.compile(source, flags), analyse(_sre_parse.parse(source, flags))
    return built[0], analyse(built[3])


def kept(kind: str, text: str, compute: Callable[[], Any], encode: Callable[[Any], Any] = lambda value: value,
         decode: Callable[[Any], Any] = lambda value: value) -> Any:
    """``compute()``, a pure function of ``text`` (and of this interpreter), kept in the open :func:`bundle` as
    ``encode(value)`` (JSON) and read back with ``decode``; plainly computed when no bundle is open."""
    current = getattr(_local, "bundle", None)
    if current is None:
        return compute()
    return current.kept(f"{kind}\0{text}", compute, encode, decode)
