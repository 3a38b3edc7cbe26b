"""Is this 200 page an error page rather than an article? (pure; rules in ``rules/error_pages.yaml``)

Many sites answer a dead link with HTTP 200 and a "Page not found" page dressed with their "Most read"
box, and bot or consent walls also come back as 200; so do sign-in, registration, password and checkout
pages an article redirects to. Their teasers can give them enough on-topic words to pass every other check,
so the decision is made on the page's own words: its title, the opening of a short body, and (for account
pages titled with the site's name alone) the first paragraph of a short body.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

_RULES = Path(__file__).with_name("rules") / "error_pages.yaml"
# Separators between a page's own name and the site's name in <title>.
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·:]{1,2}\s+")


def _any(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern, re.Pattern, re.Pattern, int, int, int]:
    with _RULES.open(encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)
    return (_any(rules["titles"]), _any(rules["openings"]), _any(rules["account_openings"]),
            int(rules["opening_chars"]), int(rules["account_opening_chars"]), int(rules["opening_max_words"]))


def error_page_reason(title: str | None, body: str | None, word_count: int | None = None) -> str | None:
    """``"title"`` or ``"opening"`` when the page is an error, bot, consent or account (sign-in, registration,
    password, checkout) page; ``None`` for an article.

    ``title``: the page's title (any site suffix is split off); ``body``: its extracted text; ``word_count``:
    the body's words if already counted. Never raises.
    """
    try:
        title_rule, opening_rule, account_rule, opening_chars, account_chars, max_words = _compiled()
        for segment in _TITLE_SEPARATORS.split((title or "").strip()):
            if segment and title_rule.fullmatch(segment.strip(" .!?")):
                return "title"
        if body:
            words = word_count if word_count is not None else len(body.split())
            if words < max_words and (opening_rule.search(body[:opening_chars])
                                      or account_rule.search(_first_paragraph(body)[:account_chars])):
                return "opening"
    except (TypeError, AttributeError):
        return None
    return None


def _first_paragraph(body: str) -> str:
    # A teaser's first paragraph is its lede; a login page's is its prompt.
    return body.lstrip().split("\n\n", 1)[0]


@functools.lru_cache(maxsize=1)
def _challenges() -> tuple[dict[str, re.Pattern], int]:
    with _RULES.open(encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)
    return {name: _any(patterns) for name, patterns in rules["challenges"].items()}, int(rules["challenge_chars"])


def challenge_name(title: str | None, body: str | None) -> str | None:
    """Which anti-bot service (``"cloudflare"``, ``"ddos_guard"``, ``"other"``) an error page is a challenge or
    block page of, or ``None``. Meant for a page :func:`error_page_reason` has already called an error page: a
    story about Cloudflare names it too. Never raises."""
    try:
        named, chars = _challenges()
        text = f"{title or ''}\n{(body or '')[:chars]}"
        return next((name for name, rule in named.items() if rule.search(text)), None)
    except (TypeError, AttributeError):
        return None


_CHALLENGE_MARKERS = Path(__file__).with_name("rules") / "challenge_markers.yaml"


@functools.lru_cache(maxsize=1)
def _challenge_markers() -> tuple[int, dict[str, re.Pattern], dict[str, dict[bytes, re.Pattern]]]:
    with _CHALLENGE_MARKERS.open(encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)
    markup = {name: re.compile("|".join(f"(?:{p})" for p in patterns).encode(), re.I)
              for name, patterns in rules["markup"].items()}
    headers = {name: {key.lower().encode(): re.compile(value.encode(), re.I) for key, value in fields.items()}
               for name, fields in rules.get("headers", {}).items()}
    return int(rules["markup_bytes"]), markup, headers


def challenge_vendor(headers, body: bytes) -> str | None:
    """Whose anti-bot challenge or block page a response is, by the machinery in its markup or headers
    (``rules/challenge_markers.yaml``), or None: :func:`challenge_name` for a page with no text left to read (once
    its scripts are gone a challenge holds none). ``headers``: the response's (anything with ``getlist(name)``,
    as Scrapy's ``Headers``); ``body``: its bytes. Meant for a page too short to be an article: the markers are
    the challenge's own, but a story quoting one would carry them too."""
    size, markup, by_header = _challenge_markers()
    for name, fields in by_header.items():
        for key, rule in fields.items():
            if any(rule.search(value) for value in headers.getlist(key)):
                return name
    head = bytes(body[:size])
    return next((name for name, rule in markup.items() if rule.search(head)), None)
