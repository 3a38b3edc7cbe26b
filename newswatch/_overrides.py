"""Per-outlet metadata fixes: the ``metadata:`` mapping of an outlet in ``sources.yaml``.

Applied to the extracted page fields (and the feed/sitemap entry) before :func:`newswatch.loaders.build_article`
normalizes them, for outlets whose JSON-LD or meta tags are wrong or missing. Every key is optional::

    metadata:
      language: uk                    # every article is in this language, whatever the page declares
      section: Politics               # section when the page gives none
      authors_drop: ['^tass$']        # regexes (case-insensitive); matching author names are dropped
                                      #   (agency or desk names that pages put in the author slot)
      title_strip: [' \\| reuters$']  # regexes (case-insensitive) cut out of the title (site suffixes left over)
      published_from: feed            # page (default) | feed: the feed/sitemap date wins over the page's
                                      #   (for pages whose datePublished is really the last update)
      timezone: Asia/Yekaterinburg    # carried here from the outlet's own ``timezone:`` (sources.yaml): the clock
                                      #   its zone-less dates are read in; used by the extraction, not here

Pure: plain dicts in, plain dicts out.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from functools import lru_cache
from typing import Any

KEYS = ("language", "section", "authors_drop", "title_strip", "published_from", "timezone")
_LIST_KEYS = ("authors_drop", "title_strip")


def check_overrides(value: dict[str, Any]) -> str | None:
    """What is wrong with a ``metadata:`` mapping, or None when it is usable."""
    unknown = set(value) - set(KEYS)
    if unknown:
        return f"unknown metadata key(s) {sorted(unknown)}; expected {list(KEYS)}"
    for key in ("language", "section"):
        if key in value and (not isinstance(value[key], str) or not value[key].strip()):
            return f"metadata {key!r} must be a non-empty string"
    for key in _LIST_KEYS:
        patterns = value.get(key, [])
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            return f"metadata {key!r} must be a list of regexes"
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                return f"metadata {key!r}: bad regex {pattern!r}: {exc}"
    if value.get("published_from", "page") not in ("page", "feed"):
        return "metadata 'published_from' must be 'page' or 'feed'"
    return check_timezone(value["timezone"]) if "timezone" in value else None


def check_timezone(name: Any) -> str | None:
    """What is wrong with ``name`` as an outlet's ``timezone:`` (an IANA name), or None when it is one."""
    try:
        if isinstance(name, str) and name.strip() == name and name:
            zoneinfo.ZoneInfo(name)
            return None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    known = zoneinfo.available_timezones()
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75) if isinstance(name, str) else []
    if isinstance(name, str) and not close:  # a city alone ('Moscow', 'novosibirsk'): its zone's full name
        close = sorted(zone for zone in known if zone.rsplit("/", 1)[-1].casefold() == name.strip().casefold())
    hint = f"did you mean {close[0]!r}?" if close else "e.g. 'Europe/Kyiv', 'Europe/Moscow', 'Asia/Yekaterinburg'"
    if not known:
        hint = "no time-zone database is installed (pip install tzdata)"
    return f"timezone {name!r} is not an IANA time zone name ({hint})"


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def apply_overrides(page: dict[str, Any], entry: dict[str, Any] | None,
                    overrides: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(page, entry)`` with the outlet's fixes applied; the inputs are not modified."""
    page, entry = dict(page or {}), dict(entry or {})
    if not overrides:
        return page, entry
    if overrides.get("language"):
        page["language"] = overrides["language"]  # the page's value is the first the loader takes
    if overrides.get("section") and not page.get("section"):
        page["section"] = overrides["section"]
    drop = _compiled(tuple(overrides.get("authors_drop") or ()))
    if drop:
        for holder in (page, entry):
            names = holder.get("authors")
            if isinstance(names, list | tuple):
                holder["authors"] = [n for n in names if not (isinstance(n, str) and any(p.search(n.strip())
                                                                                       for p in drop))]
    strip = _compiled(tuple(overrides.get("title_strip") or ()))
    if strip:
        for holder in (page, entry):
            title = holder.get("title")
            if isinstance(title, str):
                for pattern in strip:
                    title = pattern.sub("", title)
                holder["title"] = title.strip() or None
    if overrides.get("published_from") == "feed" and entry.get("published_at"):
        page["published_at"] = entry["published_at"]
    return page, entry
