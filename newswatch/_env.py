"""Typed reads of the environment variables that configure newswatch (settings.py, the ``newswatch`` command).

A value the program cannot use stops it before anything runs, with one line on stderr naming the variable,
the value and what it accepts, and exit status 2 (a usage error: nothing was crawled), never a traceback::

    newswatch: NEWSWATCH_TOPIC_FILTER='dorp' is not accepted; expected one of: drop, tag, off

An unset or empty variable means its default.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


def invalid(name: str, value: str, expected: str) -> NoReturn:
    sys.stderr.write(f"newswatch: {name}={value!r} is not accepted; expected {expected}\n")
    raise SystemExit(2)


def env_str(name: str, default: str | None = None, environ: Mapping[str, str] = os.environ) -> str | None:
    value = environ.get(name)
    return value if value not in (None, "") else default


def env_int(name: str, default: int, environ: Mapping[str, str] = os.environ) -> int:
    value = env_str(name, environ=environ)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        invalid(name, value, "an integer")


def env_float(name: str, default: float | None, environ: Mapping[str, str] = os.environ) -> float:
    value = env_str(name, environ=environ)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        invalid(name, value, "a number")


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    value = env_str(name, environ=environ)
    if value is None:
        return default
    if value.strip().lower() in TRUE:
        return True
    if value.strip().lower() in FALSE:
        return False
    invalid(name, value, f"{'/'.join(TRUE)} or {'/'.join(FALSE)}")


def env_choice(name: str, default: str, choices: tuple[str, ...], environ: Mapping[str, str] = os.environ, *,
               aliases: Mapping[str, str] | None = None, case: str = "lower") -> str:
    """One of ``choices``, compared ignoring case and returned in ``case`` (``lower`` or ``upper``); ``aliases``
    are other spellings accepted for a choice."""
    value = env_str(name, environ=environ)
    if value is None:
        return default
    normal = value.strip().upper() if case == "upper" else value.strip().lower()
    normal = (aliases or {}).get(normal, normal)
    if normal not in choices:
        invalid(name, value, "one of: " + ", ".join(choices))
    return normal


def env_numbers(name: str, default: str, environ: Mapping[str, str] = os.environ) -> str:
    """A comma-separated list of non-negative numbers (e.g. retry delays), returned as given."""
    value = env_str(name, default, environ)
    try:
        if all(float(part) >= 0 for part in value.split(",")):
            return value
    except ValueError:
        pass
    invalid(name, value, "comma-separated numbers of seconds, e.g. 1,2,4")


def env_url(name: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """An http(s) URL, or None when unset."""
    value = env_str(name, environ=environ)
    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        invalid(name, value, "an http:// or https:// URL")
    return value.strip()


def env_workers(name: str, default: str, environ: Mapping[str, str] = os.environ) -> str:
    """``auto`` or a number of processes (0 or more)."""
    value = env_str(name, default, environ)
    if value.strip().lower() == "auto":
        return "auto"
    try:
        if int(value) >= 0:
            return value
    except ValueError:
        pass
    invalid(name, value, "'auto' or a number of processes (0 = none)")


def require_sources() -> None:
    """Exit 2 with one line when the outlets file (``NEWSWATCH_SOURCES``, default newswatch/sources.yaml) is
    missing or broken: it becomes the spiders, so it would otherwise surface as a traceback from Scrapy's spider
    loader."""
    from newswatch.sources import SourcesError, load_sources, sources_path

    try:
        load_sources()
    except OSError as exc:
        problem = f"outlets file {sources_path()} (NEWSWATCH_SOURCES) cannot be read: {exc.strerror or exc}"
    except SourcesError as exc:
        problem = "outlets file (NEWSWATCH_SOURCES) is not valid: " + " ".join(str(exc).split())  # YAML's: lines
    else:
        return
    sys.stderr.write(f"newswatch: {problem}\n")
    raise SystemExit(2)


#: Read by the test suite, not by the package.
_TEST_VARIABLES = ("NEWSWATCH_TEST_MONGO_URI", "NEWSWATCH_FUZZ_EXAMPLES")
_NAME_RE = re.compile(r"NEWSWATCH_[A-Z0-9_]*[A-Z0-9]")
_warned = False


def _names_in(paths: Iterable[Path]) -> set[str]:
    return {name for path in paths for name in _NAME_RE.findall(path.read_text(encoding="utf-8"))}


def warn_unknown(environ: Mapping[str, str] = os.environ) -> None:
    """One line on stderr for each set NEWSWATCH_* variable that the package never names: a misspelt or invented
    one (``MONGO_URI`` given a ``NEWSWATCH_`` prefix, ``..._MIN_WORD``) would otherwise leave the setting it meant
    at its default, silently. A warning, not an error: the run goes on. The package's own source is the list of
    names (settings.py first, the other modules only if a name is still unknown): a new setting needs no entry here.
    """
    global _warned
    if _warned and environ is os.environ:  # settings.py and the newswatch command: once a process
        return
    _warned = environ is os.environ
    package = Path(__file__).parent
    unknown = {n for n in environ if n.startswith("NEWSWATCH_")} - set(_TEST_VARIABLES)
    if unknown:
        unknown -= _names_in([package / "settings.py"])
    if unknown:
        known = _names_in(package.rglob("*.py")) | set(_TEST_VARIABLES)
        for name in sorted(unknown - known):
            mongo = name.removeprefix("NEWSWATCH_")
            close = [mongo] if mongo in ("MONGO_URI", "MONGO_DATABASE", "MONGO_COLLECTION") else \
                difflib.get_close_matches(name, known, n=1, cutoff=0.85)
            hint = f" (did you mean {close[0]}?)" if close else ""
            sys.stderr.write(f"newswatch: warning: {name} is not a newswatch setting and is ignored{hint}\n")


def check_store_env(environ: Mapping[str, str] = os.environ) -> None:
    """The store's own variables, which newswatch/storage reads from the environment itself."""
    env_float("NEWSWATCH_MONGO_TIMEOUT_MS", 5000, environ)
    env_float("NEWSWATCH_SQLITE_TIMEOUT", 30, environ)
