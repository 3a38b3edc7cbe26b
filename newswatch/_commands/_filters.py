"""The filter options shared by ``newswatch query``, ``export`` and ``report`` (which has no ``--limit``: it
counts every matching article, and its ``--since`` defaults to 7d)."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newswatch.query import QuerySpec, count_articles, parse_time

_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def _time(end: bool):
    """Checks the value now (a bad one is refused with the option's name); ``spec_from_args`` reads it in
    ``--tz``, which may come after it on the command line."""
    def check(value: str) -> str:
        try:
            parse_time(value, datetime.now(UTC), end=end)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return value
    return check


def _zone(value: str) -> tzinfo:
    try:
        return UTC if value.strip().upper() == "UTC" else ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(f"unknown time zone {value!r}; e.g. Europe/Kyiv, Europe/Moscow, UTC") from None


def _language(value: str) -> str:
    if not _LANGUAGE_RE.match(value.strip().lower()):
        raise argparse.ArgumentTypeError(f"{value!r} is not a language code; expected ISO 639-1 such as en, uk, ru")
    return value


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of articles, 1 or more: {value!r}")
    return number


def topic_names() -> list[str]:
    """The topics the packaged lexicons define (each file's ``topic:``, else its name), without loading them."""
    from newswatch.topics._lexicon import LEXICON_DIR

    names = []
    for path in sorted(LEXICON_DIR.glob("*.yaml")):
        declared = re.search(r"^topic:\s*['\"]?([\w-]+)", path.read_text(encoding="utf-8"), re.MULTILINE)
        names.append(declared[1] if declared else path.stem)
    return names


def unknown_filter_value(store, spec: QuerySpec) -> str | None:
    """Why the filters match nothing when a ``--topic`` is no lexicon's topic or a ``--source`` no outlet in
    sources.yaml (a typo, e.g. ``--topic natoo``), else None. Asked before any output, and only such a value
    that matches no stored article counts: topics of an older lexicon and the ``feeds`` spider's sources (the
    site's domain) still select what they name."""
    from newswatch.sources import SourcesError, load_sources

    topics = [t for t in spec.topics if t not in topic_names()]
    try:
        outlets = load_sources()
    except (SourcesError, OSError):
        outlets = None
    sources = [s for s in spec.sources if outlets is not None and s not in outlets and "." not in s]
    # Only a value no stored article has is unknown: the other filters may well leave nothing of a known one.
    topics = [t for t in topics if not count_articles(store, QuerySpec(topics=(t,)))]
    sources = [s for s in sources if not count_articles(store, QuerySpec(sources=(s,)))]
    if topics:
        return f"unknown topic {', '.join(map(repr, topics))} (--topic); the topics are: {', '.join(topic_names())}"
    if sources:
        return (f"unknown outlet {', '.join(map(repr, sources))} (--source): not a key in sources.yaml "
                "(`scrapy list`) and no stored article has it")
    return None


def add_filter_arguments(parser: argparse.ArgumentParser, *, default_limit: int | None = None, limit: bool = True,
                         default_since: str | None = None) -> None:
    """``limit=False`` leaves ``--limit`` out; ``default_since`` (e.g. ``"7d"``) is parsed like a given value."""
    group = parser.add_argument_group("filters (combined with AND; repeat an option for several values)")
    group.add_argument("--topic", action="append", default=[], metavar="TOPIC",
                       help="in topic_names (nato, ukraine, russia...); repeated: every topic must be there")
    group.add_argument("--source", action="append", default=[], metavar="OUTLET",
                       help="the outlet key from sources.yaml; repeated: any of them")
    group.add_argument("--language", action="append", default=[], metavar="CODE", type=_language,
                       help="ISO 639-1 code (en, uk, ru...); repeated: any of them")
    group.add_argument("--author", action="append", default=[], metavar="NAME",
                       help="an author whose name has these words, in any case, ё as е (a surname alone finds "
                            "every byline); repeated: any of them")
    group.add_argument("--section", action="append", default=[], metavar="NAME",
                       help="the outlet's section (sport also finds Sport, SPORT); repeated: any of them")
    group.add_argument("--not-section", action="append", default=[], metavar="NAME",
                       help="leave out this section (e.g. Sport); repeated: none of them")
    group.add_argument("--since", type=_time(False), default=default_since, metavar="WHEN",
                       help="published at or after: 7d, 48h, 2w (that long ago), or a date/datetime (in --tz)"
                            + (f" (default {default_since})" if default_since else ""))
    group.add_argument("--until", type=_time(True), metavar="WHEN",
                       help="published before: same forms; a bare date includes that whole day")
    group.add_argument("--tz", type=_zone, default=UTC, metavar="ZONE",
                       help="the time zone of --since/--until dates and datetimes without an offset "
                            "(default UTC; e.g. Europe/Kyiv)")
    group.add_argument("--text", metavar="WORDS",
                       help='every word or "quoted phrase" in the title or body (full-text index; any case, ё as '
                            "е; a word finds its inflected forms: Харкові finds Харків, Харкову)")
    group.add_argument("--exact", action="store_true",
                       help="--text/--exclude words only as written (no inflected forms, no other spellings)")
    group.add_argument("--exclude", metavar="WORDS",
                       help="none of these words or phrases in the title or body (matched like --text)")
    group.add_argument("--revised", action=argparse.BooleanOptionalAction, default=None,
                       help="only articles whose body changed after they were first stored (revision > 1)")
    group.add_argument("--syndicated", action=argparse.BooleanOptionalAction, default=None,
                       help="only later copies of a story first stored from another outlet (--no-syndicated: "
                            "only first copies)")
    if limit:
        group.add_argument("--limit", type=_positive, default=default_limit, metavar="N",
                           help=f"at most N articles, newest first (default: {default_limit or 'all'})")


def spec_from_args(args: argparse.Namespace) -> QuerySpec:
    now, zone = datetime.now(UTC), getattr(args, "tz", UTC)

    def when(value, end: bool):
        if value is None or isinstance(value, datetime):
            return value
        return parse_time(value, now, end=end, zone=zone)

    return QuerySpec(
        topics=tuple(dict.fromkeys(t.strip().lower() for t in args.topic if t.strip())),
        sources=tuple(dict.fromkeys(args.source)),
        languages=tuple(dict.fromkeys(lang.strip().lower() for lang in args.language if lang.strip())),
        authors=tuple(dict.fromkeys(args.author)),
        since=when(args.since, False),
        until=when(args.until, True),
        text=args.text,
        syndicated=args.syndicated,
        limit=getattr(args, "limit", None),
        exclude=args.exclude,
        sections=tuple(dict.fromkeys(s for s in args.section if s.strip())),
        not_sections=tuple(dict.fromkeys(s for s in args.not_section if s.strip())),
        revised=args.revised,
        forms=not args.exact,
    )
