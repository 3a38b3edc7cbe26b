"""The ``newswatch`` command.

Each subcommand lives in its own module under ``newswatch/_commands`` and
exposes ``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``.
Subcommands are discovered, so adding one never means editing this file.

Exit status: 0 on success; 1 on a failure (the store cannot be opened; ``crawlall`` and ``status``: a crawl
failed or raised an alarm); 2 on a usage error, including a ``NEWSWATCH_*`` environment variable with a value
it does not accept (one line on stderr, from :mod:`newswatch._env`).

Every subcommand that reads or writes articles takes the same store options
(``--mongo-uri``, ``--mongo-database``, ``--mongo-collection``, ``--db-path``),
defaulting to the environment (``MONGO_URI``, ``MONGO_DATABASE``,
``MONGO_COLLECTION``, ``NEWSWATCH_DB_PATH``); see :func:`add_store_arguments`.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import re
import sys

from newswatch import _commands
from newswatch._env import check_store_env, warn_unknown


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the store options shared by every subcommand that touches the store."""
    group = parser.add_argument_group("store (defaults come from the environment)")
    group.add_argument("--mongo-uri",
                       help="MongoDB URI; default $MONGO_URI. Without it the embedded SQLite store is used.")
    group.add_argument("--mongo-database", help="default $MONGO_DATABASE or 'newswatch'")
    group.add_argument("--mongo-collection", help="default $MONGO_COLLECTION or 'articles'")
    group.add_argument("--db-path", help="embedded store file; default $NEWSWATCH_DB_PATH or data/newswatch.sqlite3")


def store_problem(exc: Exception) -> str:
    """A store error as one readable line: pymongo's server-selection errors end in a topology description that
    repeats the cause at length, and name timeouts the operator did not set; keep the cause, say what to check."""
    text = re.sub(r" \(configured timeouts: [^)]*\)", "", str(exc).split(", Timeout: ")[0])
    if "MongoDB" in text and not isinstance(exc, ValueError):  # a connection problem, not a usage one
        text += " (check the server and --mongo-uri / MONGO_URI; NEWSWATCH_MONGO_TIMEOUT_MS is how long it waits)"
    return text


def open_store_from_args(args: argparse.Namespace):
    """The store the shared store options name, or None after logging why it cannot be opened."""
    from newswatch.storage import StoreError, open_store

    try:
        return open_store(mongo_uri=args.mongo_uri, mongo_database=args.mongo_database,
                          mongo_collection=args.mongo_collection, db_path=args.db_path)
    except (StoreError, ValueError) as exc:
        logging.getLogger("newswatch").error("cannot open the store: %s", store_problem(exc))
        return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newswatch",
        description="Work with the articles newswatch crawls: extract, clean, topics, query, export, crawl.",
        epilog="Exit status: 0 success; 1 failure (the store cannot be opened; crawlall, status: a crawl failed or "
               "raised an alarm); 2 usage error, including a NEWSWATCH_* value that is not accepted.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(_commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{_commands.__name__}.{info.name}")
        sub = subparsers.add_parser(info.name, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    warn_unknown()
    if hasattr(args, "db_path"):  # a subcommand that opens the store
        check_store_env()
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return args._run(args) or 0
    except BrokenPipeError:  # e.g. `newswatch export | head`
        return 0
    except OSError as exc:  # a file or directory the operator named: one line (-v for the traceback)
        if args.verbose:
            raise
        logging.getLogger("newswatch").error("%s: %s", args.command, exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
