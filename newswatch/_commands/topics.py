"""``newswatch topics FILE|-``: why one article would be kept or dropped by the topic filter.

An ``.html`` / ``.htm`` file (``.gz`` too, or anything that looks like HTML) goes through
:func:`newswatch.extract.extract_article` for its title, description, body and language; a ``.txt`` file
or ``-`` (stdin) is plain text whose first non-empty line is the title. Prints each topic's score against
its threshold and every matched term with its weight, count, points and positions (section@offset), then
the verdict. A topic discounted as a mention in passing (only the country's name, adjective, capital or places, and
no word of the state, war or politics in the story: ``TopicScore.in_passing``) says so next to its score, and the
verdict of a dropped article names those topics. ``--json`` prints the same as one JSON object (``in_passing`` per
topic).
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from newswatch._commands._input import READ_ERRORS, read_input
from newswatch.topics import TopicMatch, match_topics

HELP = "show each topic's score, threshold and matched terms for one page or text, and the kept/dropped verdict"

_IN_PASSING = ("IN PASSING: score discounted (only the country's name, adjective, capital or places, "
               "and no state, war or politics word in the story)")

_HTML_HINT = re.compile(rb"<\s*(html|body|div|p|article|head|!doctype)\b", re.IGNORECASE)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=".html, .html.gz or .txt file ('-' reads plain text from stdin)")
    parser.add_argument("--language", help="article language (default: the page's; for text: none)")
    parser.add_argument("--url", help="the page's URL (helps metadata extraction)")
    parser.add_argument("--threshold", type=float, help="one threshold for all topics (as NEWSWATCH_TOPIC_THRESHOLD)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the report")


def _is_html(path: str, data: bytes) -> bool:
    name = path.lower().removesuffix(".gz")
    if name.endswith((".html", ".htm", ".xhtml")):
        return True
    if name.endswith(".txt") or path == "-":
        return False
    return bool(_HTML_HINT.search(data[:4096]))


def _text_article(data: bytes) -> dict:
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
    lines = text.strip().split("\n")
    title = lines[0].strip() if lines else ""
    return {"title": title, "description": None, "body": "\n".join(lines[1:]).strip(), "language": None}


def load_article(path: str, url: str | None = None) -> dict:
    """Title, description, body and language of a saved page or a text file."""
    data = read_input(path)
    if _is_html(path, data):
        from newswatch.extract import extract_article

        return extract_article(data, url)
    return _text_article(data)


def report(article: dict, match: TopicMatch) -> dict:
    return {
        "title": article.get("title"),
        "language": article.get("language"),
        "relevant": match.relevant,
        "verdict": "kept" if match.relevant else "dropped",
        "topic_names": match.topic_names,
        "topics": {
            name: {
                "score": s.score,
                "threshold": s.threshold,
                "passed": s.passed,
                "in_passing": s.in_passing,
                "terms": [
                    {
                        "term": h.term,
                        "weight": h.weight,
                        "count": h.count,
                        "points": h.contribution,
                        "positions": [{"section": sec, "offset": off, "text": txt} for sec, off, txt in h.positions],
                    }
                    for h in s.terms
                ],
            }
            for name, s in match.scores.items()
        },
    }


def _print(out: dict, body_words: int) -> None:
    print(f"title:    {out['title'] or '-'}")
    print(f"language: {out['language'] or '-'}    body: {body_words} words")
    names = ", ".join(out["topic_names"])
    passing = ", ".join(name for name, t in out["topics"].items() if t["in_passing"])
    verdict = f"KEPT ({names})" if out["relevant"] else "DROPPED (off_topic: no topic reached its threshold)"
    if passing and not out["relevant"]:
        verdict = f"{verdict[:-1]}; only in passing: {passing})"
    print(f"verdict:  {verdict}\n")
    for name, t in out["topics"].items():
        mark = "PASS" if t["passed"] else "-"
        print(f"{name:<10} score {t['score']:>6g} / threshold {t['threshold']:g}   {mark}")
        if t["in_passing"]:
            print(f"    {_IN_PASSING}")
        for term in t["terms"]:
            where = ", ".join(f"{p['section']}@{p['offset']} {p['text']!r}" for p in term["positions"][:6])
            more = f", +{len(term['positions']) - 6} more" if len(term["positions"]) > 6 else ""
            print(f"    {term['term']:<34} w={term['weight']:<4g} x{term['count']:<3} {term['points']:>6g} pts  "
                  f"{where}{more}")
        if not t["terms"]:
            print("    (no terms matched)")
        print()


def run(args: argparse.Namespace) -> int:
    try:
        article = load_article(args.file, args.url)
    except READ_ERRORS as exc:
        print(f"newswatch topics: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    language = args.language or article.get("language")
    match = match_topics(article.get("title"), article.get("body"), article.get("description"), language,
                         threshold=args.threshold)
    out = report({**article, "language": language}, match)
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print(out, len((article.get("body") or "").split()))
    return 0
