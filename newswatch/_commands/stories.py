"""``newswatch stories STORY_ID|URL``: list the stored copies of one story across outlets.

Given a story id (``story_id`` of any copy) or the URL of any copy (tracking parameters, AMP
and mobile variants are fine: the URL is reduced to its ``url_key``), prints one line per
copy, first seen first: outlet, language, URL, published_at, first_seen_at, duplicate_of (empty
for the copy the story was first seen as) and translation_of (an outlet's edition of the story in
another language: the url_key of its first edition). ``--jsonl`` prints the documents instead.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from newswatch.cli import add_store_arguments, open_store_from_args
from newswatch.dedup import url_key
from newswatch.storage import StoreError

HELP = "list the stored copies and language editions of one story (by story id or by the URL of any copy)"
logger = logging.getLogger("newswatch.stories")

COLUMNS = ("outlet", "language", "url", "published_at", "first_seen_at", "duplicate_of", "translation_of")


def add_arguments(parser) -> None:
    parser.add_argument("story", metavar="STORY_ID|URL", help="a story_id, or the URL of any copy of the story")
    parser.add_argument("--jsonl", action="store_true", help="print the copies as JSON Lines documents")
    add_store_arguments(parser)


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return "" if value is None else str(value)


def rows(copies: list[dict]) -> list[tuple[str, ...]]:
    return [
        (
            _text(doc.get("source") or doc.get("domain")),
            _text(doc.get("language")),
            _text(doc.get("url")),
            _text(doc.get("published_at")),
            _text(doc.get("first_seen_at")),
            _text(doc.get("duplicate_of")),
            _text(doc.get("translation_of")),
        )
        for doc in copies
    ]


def format_table(copies: list[dict]) -> str:
    table = [COLUMNS, *rows(copies)]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[-1]]).rstrip()
        for row in table
    )


def resolve_story_id(store, story: str) -> str | None:
    """The story id ``story`` names: itself, or the story of the stored copy at that URL."""
    if "/" not in story:
        return story
    doc = store.get(url_key(story))
    return doc.get("story_id") if doc else None


def run(args) -> int:
    store = open_store_from_args(args)
    if store is None:
        return 1
    try:
        story_id = resolve_story_id(store, args.story.strip())
        copies = store.find_story(story_id) if story_id else []
    except StoreError as exc:
        logger.error("cannot read the store: %s", exc)
        return 1
    finally:
        store.close()
    if not copies:
        logger.error("no stored story matches %s", args.story)
        return 1
    if args.jsonl:
        for doc in copies:
            sys.stdout.write(json.dumps(doc, ensure_ascii=False, default=_text) + "\n")
    else:
        sys.stdout.write(f"story {story_id}: {len(copies)} cop{'y' if len(copies) == 1 else 'ies'}\n")
        sys.stdout.write(format_table(copies) + "\n")
    return 0
