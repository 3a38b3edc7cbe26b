"""Outlet definitions: ``newswatch/sources.yaml`` read into :class:`Source` objects.

``NEWSWATCH_SOURCES`` points at another YAML file with the same shape (the
tests use it to aim every outlet at the local mock site). The file is loaded
with ``yaml.safe_load`` and validated once; a wrong entry fails loudly with the
outlet's name and the field at fault.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

DEFAULT_SOURCES_PATH = Path(__file__).with_name("sources.yaml")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_KNOWN_FIELDS = {
    "name", "url", "languages", "feeds", "sitemaps", "sections", "js", "js_wait_for", "enabled", "spider", "clean",
    "metadata", "politeness", "timezone",
}
_POLITENESS_FIELDS = {"download_delay": float, "concurrency": int, "autothrottle_target": float}


class SourcesError(ValueError):
    """sources.yaml (or $NEWSWATCH_SOURCES) is malformed."""


@dataclass(frozen=True)
class Source:
    key: str
    name: str
    url: str
    languages: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    #: HTML pages listing the stories (and their ``rel="next"`` pages), for an outlet with no feed or sitemap.
    sections: tuple[str, ...] = ()
    js: bool = False
    enabled: bool = True
    spider: str | None = None
    clean: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    politeness: dict[str, Any] = field(default_factory=dict)
    js_wait_for: str | None = None
    #: IANA name of the clock the outlet's pages show (``timezone:``); None: guessed per page. Also carried in
    #: ``metadata["timezone"]``, the overrides the spider hands to extraction.
    timezone: str | None = None

    @property
    def default_language(self) -> str | None:
        return self.languages[0] if self.languages else None


def sources_path(environ=os.environ) -> Path:
    return Path(environ.get("NEWSWATCH_SOURCES") or DEFAULT_SOURCES_PATH)


def _as_str_tuple(key: str, name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SourcesError(f"outlet {key!r}: {name!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _as_languages(key: str, value: Any) -> tuple[str, ...]:
    """ISO 639-1 codes, as the extraction, cleaning and topic rules are keyed (``uk``, not the country's ``ua``)."""
    from newswatch.extract.normalize import normalize_language

    codes = _as_str_tuple(key, "languages", value)
    for code in codes:
        meant = normalize_language(code)
        if meant != code:
            hint = f" (did you mean {meant!r}?)" if meant else " (e.g. 'en', 'uk', 'ru')"
            raise SourcesError(f"outlet {key!r}: language {code!r} is not an ISO 639-1 code{hint}")
    return codes


def _as_urls(key: str, name: str, value: Any) -> tuple[str, ...]:
    urls = _as_str_tuple(key, name, value)
    for url in urls:
        try:
            parts = urlsplit(url)
        except ValueError as exc:  # an unclosed IPv6 literal ("http://[::1/feed"): a traceback at every start
            raise SourcesError(f"outlet {key!r}: {name!r} entry {url!r} is not a URL ({exc})") from None
        if parts.scheme not in ("http", "https") or not parts.netloc:
            # a browser's feed link pasted as shown (feed://host/rss) names the URL to write instead
            from newswatch.discovery import without_feed_scheme

            plain = without_feed_scheme(url)
            hint = f" (a browser's feed: link; write {plain!r})" if plain != url else ""
            raise SourcesError(f"outlet {key!r}: {name!r} entry {url!r} is not an http:// or https:// URL{hint}")
    return urls


def _as_flag(key: str, name: str, value: Any, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):  # YAML's true/false (yes/no too); a quoted "false" would be true
        raise SourcesError(f"outlet {key!r}: {name!r} must be true or false, not {value!r}")
    return value


def _as_mapping(key: str, name: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SourcesError(f"outlet {key!r}: {name!r} must be a mapping")
    return value


def _as_metadata(key: str, value: Any) -> dict[str, Any]:
    from newswatch._overrides import check_overrides

    value = _as_mapping(key, "metadata", value)
    problem = check_overrides(value)
    if problem:
        raise SourcesError(f"outlet {key!r}: {problem}")
    return value


def _with_timezone(key: str, metadata: dict[str, Any], value: Any) -> tuple[str | None, dict[str, Any]]:
    """The outlet's ``timezone:`` checked, and ``metadata`` carrying it to extraction (``metadata["timezone"]``)."""
    from newswatch._overrides import check_timezone

    if value is None:
        return metadata.get("timezone"), metadata
    problem = check_timezone(value)
    if problem:
        raise SourcesError(f"outlet {key!r}: {problem}")
    if metadata.get("timezone", value) != value:
        raise SourcesError(f"outlet {key!r}: timezone {value!r} and metadata timezone {metadata['timezone']!r} differ")
    return value, {**metadata, "timezone": value}


def _as_selector(key: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SourcesError(f"outlet {key!r}: 'js_wait_for' must be a CSS selector string")
    return value.strip()


def _as_politeness(key: str, value: Any) -> dict[str, Any]:
    value = _as_mapping(key, "politeness", value)
    unknown = set(value) - set(_POLITENESS_FIELDS)
    if unknown:
        raise SourcesError(f"outlet {key!r}: unknown politeness field(s) {sorted(unknown)}; "
                           f"expected {sorted(_POLITENESS_FIELDS)}")
    checked = {}
    for name, kind in _POLITENESS_FIELDS.items():
        if name in value:
            number = value[name]
            if isinstance(number, bool) or not isinstance(number, int | float) or number < 0 \
                    or (kind is int and (number != int(number) or number < 1)):
                raise SourcesError(f"outlet {key!r}: politeness {name!r} must be a "
                                   f"{'positive integer' if kind is int else 'non-negative number'}")
            checked[name] = kind(number)
    return checked


def parse_sources(data: Any) -> dict[str, Source]:
    """Validate the parsed YAML and build the outlets, in file order."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourcesError("the sources file must be a mapping of outlet key -> entry")
    sources: dict[str, Source] = {}
    for key, entry in data.items():
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise SourcesError(f"outlet key {key!r} must be lower-case letters, digits and underscores")
        if not isinstance(entry, dict):
            raise SourcesError(f"outlet {key!r}: entry must be a mapping")
        unknown = set(entry) - _KNOWN_FIELDS
        if unknown:
            raise SourcesError(f"outlet {key!r}: unknown field(s) {sorted(unknown)}")
        feeds = _as_urls(key, "feeds", entry.get("feeds"))
        sitemaps = _as_urls(key, "sitemaps", entry.get("sitemaps"))
        sections = _as_urls(key, "sections", entry.get("sections"))
        if not feeds and not sitemaps and not sections:
            raise SourcesError(f"outlet {key!r}: give at least one feed or sitemap (or a section page, sections:)")
        zone, metadata = _with_timezone(key, _as_metadata(key, entry.get("metadata")), entry.get("timezone"))
        sources[key] = Source(
            key=key,
            name=str(entry.get("name") or key),
            url=str(entry.get("url") or (feeds or sitemaps or sections)[0]),
            languages=_as_languages(key, entry.get("languages")),
            feeds=feeds,
            sitemaps=sitemaps,
            sections=sections,
            js=_as_flag(key, "js", entry.get("js"), False),
            enabled=_as_flag(key, "enabled", entry.get("enabled"), True),
            spider=entry.get("spider"),
            clean=_as_mapping(key, "clean", entry.get("clean")),
            metadata=metadata,
            timezone=zone,
            politeness=_as_politeness(key, entry.get("politeness")),
            js_wait_for=_as_selector(key, entry.get("js_wait_for")),
        )
    return sources


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> dict[str, Source]:
    with open(path, encoding="utf-8") as fh:
        try:
            data = yaml.safe_load(fh)
        except yaml.YAMLError as exc:
            raise SourcesError(f"{path}: not valid YAML: {exc}") from exc
    try:
        return parse_sources(data)
    except SourcesError as exc:
        raise SourcesError(f"{path}: {exc}") from None


def load_sources(path: str | Path | None = None) -> dict[str, Source]:
    """All outlets, keyed by spider name. Cached until the file changes."""
    path = Path(path) if path else sources_path()
    return _load(str(path), path.stat().st_mtime)


def get_source(key: str) -> Source | None:
    return load_sources().get(key)


def suggested_timezone(url: str, languages: list[str]) -> str | None:
    """The zone extraction would guess for the outlet's zone-less dates (by its domain, else its language)."""
    from newswatch.extract._metadata import local_zone

    zone = local_zone(url, languages[0] if languages else None)
    return getattr(zone, "key", None)
