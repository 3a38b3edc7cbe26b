"""The filter options shared by ``newswatch query``, ``export`` and ``report`` (which has no ``--limit``: it
counts every matching article, and its ``--since`` defaults to 7d)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from newswatch.query import QuerySpec, parse_time


def _time(end: bool):
    def parse(value: str) -> datetime:
        try:
            return parse_time(value, datetime.now(UTC), end=end)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return parse


def add_filter_arguments(parser: argparse.ArgumentParser, *, default_limit: int | None = None, limit: bool = True,
                         default_since: str | None = None) -> None:
    """``limit=False`` leaves ``--limit`` out; ``default_since`` (e.g. ``"7d"``) is parsed like a given value."""
    group = parser.add_argument_group("filters (combined with AND; repeat an option for several values)")
    group.add_argument("--topic", action="append", default=[], metavar="TOPIC",
                       help="in topic_names (nato, ukraine, russia...); repeated: every topic must be there")
    group.add_argument("--source", action="append", default=[], metavar="OUTLET",
                       help="the outlet key from sources.yaml; repeated: any of them")
    group.add_argument("--language", action="append", default=[], metavar="CODE",
                       help="ISO 639-1 code (en, uk, ru...); repeated: any of them")
    group.add_argument("--author", action="append", default=[], metavar="NAME",
                       help="an exact name from authors; repeated: any of them")
    group.add_argument("--since", type=_time(False), default=default_since, metavar="WHEN",
                       help="published at or after: 7d, 48h, 2w (that long ago), or a date/datetime (UTC)"
                            + (f" (default {default_since})" if default_since else ""))
    group.add_argument("--until", type=_time(True), metavar="WHEN",
                       help="published before: same forms; a bare date includes that whole day")
    group.add_argument("--text", metavar="WORDS",
                       help="every word in the title or body (full-text index; case-insensitive, no stemming)")
    group.add_argument("--syndicated", action=argparse.BooleanOptionalAction, default=None,
                       help="only later copies of a story first stored from another outlet (--no-syndicated: "
                            "only first copies)")
    if limit:
        group.add_argument("--limit", type=int, default=default_limit, metavar="N",
                           help=f"at most N articles, newest first (default: {default_limit or 'all'})")


def spec_from_args(args: argparse.Namespace) -> QuerySpec:
    return QuerySpec(
        topics=tuple(dict.fromkeys(t.strip().lower() for t in args.topic if t.strip())),
        sources=tuple(dict.fromkeys(args.source)),
        languages=tuple(dict.fromkeys(lang.strip().lower() for lang in args.language if lang.strip())),
        authors=tuple(dict.fromkeys(args.author)),
        since=args.since,
        until=args.until,
        text=args.text,
        syndicated=args.syndicated,
        limit=getattr(args, "limit", None),
    )
