"""Is this a live-updates page? (URL and title patterns from live_pages.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

_RULES_FILE = Path(__file__).with_name("live_pages.yaml")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    raw = yaml.safe_load(_RULES_FILE.read_text(encoding="utf-8"))
    return (
        re.compile("|".join(f"(?:{p})" for p in raw["url_patterns"]), re.IGNORECASE),
        re.compile("|".join(f"(?:{p})" for p in raw["title_patterns"]), re.IGNORECASE),
        re.compile("|".join(f"(?:{p})" for p in raw["post_url_patterns"]), re.IGNORECASE),
    )


def is_live_page(url: str | None = None, title: str | None = None) -> bool:
    """True when the URL or headline marks a live blog / daily live digest; False for one post's own page under a
    live page's URL (its permalink: the post alone, a story of its own)."""
    url_re, title_re, post_re = _patterns()
    if isinstance(url, str):
        path = url.split("?", 1)[0].split("#", 1)[0]
        if post_re.search(path):
            return False
        if url_re.search(path):
            return True
    return isinstance(title, str) and bool(title_re.search(title.strip()))
