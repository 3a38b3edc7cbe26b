"""Instalments of a series: titles that differ only in their numbers (rules in series.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from newswatch.dedup._text import normalize_body

_RULES_FILE = Path(__file__).with_name("series.yaml")
_HAS_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _rules() -> tuple[frozenset[str], re.Pattern]:
    raw = yaml.safe_load(_RULES_FILE.read_text(encoding="utf-8"))
    ordinals = frozenset(normalize_body(w) for words in raw["ordinal_words"].values() for w in words)
    prefixes = re.compile("|".join(f"(?:{p})" for p in raw["version_prefixes"]))
    return ordinals, prefixes


@lru_cache(maxsize=4096)
def _masked(title: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the title's words with every number as ``#``, its numbers in order)."""
    ordinals, prefixes = _rules()
    text = normalize_body(title)
    while True:  # "UPDATE 2-CORRECTED-..." carries several markers
        match = prefixes.match(text + " ")
        if not match or not match.end():
            break
        text = text[match.end():]
    masked, numbers = [], []
    for word in text.split():
        if _HAS_DIGIT.search(word) or word in ordinals:
            masked.append("#")
            numbers.append(word)
        else:
            masked.append(word)
    return tuple(masked), tuple(numbers)


def are_instalments(title_a: str | None, title_b: str | None) -> bool:
    """True when two titles are one template with other numbers: two instalments of a series, not one story.

    Markers of a story's versions ("UPDATE 2-", «Оновлено») are dropped first, so two versions of one
    story are not instalments.
    """
    if not isinstance(title_a, str) or not isinstance(title_b, str):
        return False
    masked_a, numbers_a = _masked(title_a)
    masked_b, numbers_b = _masked(title_b)
    return bool(numbers_a) and masked_a == masked_b and numbers_a != numbers_b


def figures_differ(title_a: str | None, title_b: str | None) -> bool:
    """True when both titles carry numbers and not the same ones: a headline whose figures were updated (a toll), or
    an instalment's. Two titles without numbers, or with the same, are neither."""
    if not isinstance(title_a, str) or not isinstance(title_b, str):
        return False
    numbers_a, numbers_b = _masked(title_a)[1], _masked(title_b)[1]
    return bool(numbers_a) and bool(numbers_b) and numbers_a != numbers_b
