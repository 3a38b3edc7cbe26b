"""Typed reads of the environment variables that configure newswatch (settings.py, the ``newswatch`` command).

A value the program cannot use stops it before anything runs, with one line on stderr naming the variable,
the value and what it accepts, and exit status 2 (a usage error: nothing was crawled), never a traceback::

    newswatch: NEWSWATCH_TOPIC_FILTER='dorp' is not accepted; expected one of: drop, tag, off

An unset or empty variable means its default.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
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


def check_store_env(environ: Mapping[str, str] = os.environ) -> None:
    """The store's own variables, which newswatch/storage reads from the environment itself."""
    env_float("NEWSWATCH_MONGO_TIMEOUT_MS", 5000, environ)
    env_float("NEWSWATCH_SQLITE_TIMEOUT", 30, environ)
