"""Per-outlet rules: the packaged ``sites/<source>.yaml`` merged with ``sources.yaml``'s ``clean:`` mapping."""

from __future__ import annotations

from newswatch.clean._rules import packaged_site_rules

_LIST_KEYS = ("remove", "remove_xpath", "keep", "paywall_markers", "spans")


def site_rules_for(source: str | None, configured: dict | None = None) -> dict:
    """The outlet's cleaning rules: ``sites/<source>.yaml`` extended by ``configured`` (its ``clean:`` mapping).

    Lists are concatenated (packaged first), ``phrases`` are concatenated per language, other keys
    (``generic``) are overridden by ``configured``.
    """
    merged = dict(packaged_site_rules(source or ""))
    for key, value in (configured or {}).items():
        if key in _LIST_KEYS:
            merged[key] = list(merged.get(key) or []) + list([value] if isinstance(value, str) else value or [])
        elif key == "phrases":
            phrases = dict(merged.get("phrases") or {})
            extra = {"any": value} if isinstance(value, list) else (value or {})
            for lang, patterns in extra.items():
                phrases[lang] = list(phrases.get(lang) or []) + list(patterns or [])
            merged["phrases"] = phrases
        else:
            merged[key] = value
    return merged
