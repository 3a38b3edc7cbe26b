"""``newswatch clean FILE``: what the cleaning stage would remove from one saved page, and why.

Runs the crawl's page flow on the file (parse, metadata, ``clean_tree``, main text, ``clean_body``, the
paywall verdict) and prints every removed element or paragraph line with its rule and character count,
the per-rule totals, and the final body. ``--source`` applies that outlet's rules (``sources.yaml``
``clean:`` over ``newswatch/clean/sites/<source>.yaml``). A file that is plain text, not HTML (a scraper's
output), gets the text level only. ``.gz`` files are decompressed; ``-`` reads stdin. ``--json`` prints
one JSON object instead (``removals``, ``cleaning``, ``paywalled``, ``language``, ``body``).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from typing import Any

from newswatch._commands._input import READ_ERRORS, read_input
from newswatch.clean import CleaningReport, clean_body, clean_tree, detect_paywall, site_rules_for

HELP = "show what the cleaning stage removes from one saved page (each element/paragraph, rule, chars) and the body"

logger = logging.getLogger("newswatch.clean")
_HTML_HINT = re.compile(rb"<\s*(html|body|div|p|article|head|!doctype)\b", re.IGNORECASE)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="saved page: .html, .html.gz, or plain text ('-' reads stdin)")
    parser.add_argument("--source", help="outlet key in sources.yaml (e.g. moscowtimes): apply its cleaning rules")
    parser.add_argument("--url", help="the page's URL (for relative links and metadata)")
    parser.add_argument("--language", help="language of the text rules (default: the page's, else the outlet's)")
    parser.add_argument("--title", help="headline to drop where the text repeats it (default: the page's title)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the report")


def _source_rules(key: str | None) -> tuple[dict | None, str | None]:
    """The outlet's cleaning rules and language; ``(None, None)`` for a key with neither an outlet nor rules."""
    if not key:
        return {}, None
    configured, language = None, None
    try:
        from newswatch.sources import get_source

        source = get_source(key)
    except Exception as exc:  # a broken sources.yaml must not hide the packaged rules
        logger.warning("sources.yaml not usable (%s); using packaged rules only", exc)
        source = None
    if source is not None:
        configured, language = source.clean, source.default_language
    elif not site_rules_for(key):
        return None, None
    return site_rules_for(key, configured), language


def clean_file(data: bytes, url: str | None, site_rules: dict, language: str | None,
               default_language: str | None = None, title: str | None = None) -> dict[str, Any]:
    """The cleaning of one page, as plain values (the page flow of the crawl).

    ``language`` forces the text rules' language; otherwise the page's own is used, then ``default_language``.
    """
    from newswatch.extract import extract_body, extract_metadata, parse_html, reconcile_language

    meta: dict[str, Any] = {}
    report = CleaningReport()
    if _HTML_HINT.search(data[:4096]):
        tree = parse_html(data)
        meta = extract_metadata(tree, url)
        report = clean_tree(tree, site_rules)
        body = extract_body(tree, url, article_body=meta.get("article_body"))
        language = language or reconcile_language(meta.get("language"), body) or meta.get("language")
    else:
        body = data.decode("utf-8", errors="replace")
    language = language or default_language
    title = title or meta.get("title")
    body, text_report = clean_body(body, language, site_rules, title=title, authors=meta.get("authors"))
    report = report.merge(text_report)
    return {
        "title": title,
        "language": language,
        "removals": [
            {"level": r.level, "rule": r.rule, "chars": r.chars, "where": r.where, "text": r.text}
            for r in report.removals
        ],
        "cleaning": report.to_dict(),
        "paywalled": detect_paywall(meta.get("paywalled_hint"), body, report),
        "body": body,
    }


def _print_report(result: dict[str, Any], out) -> None:
    def line(text: str = "") -> None:
        out.write(text + "\n")

    line(f"title:     {result['title'] or '-'}")
    line(f"language:  {result['language'] or 'unknown (all text rules applied)'}")
    levels = (("html", "removed from the HTML (clean_tree)"), ("text", "removed from the text (clean_body)"))
    for level, heading in levels:
        rows = [r for r in result["removals"] if r["level"] == level]
        line(f"\n{heading}: {len(rows)}")
        for r in rows:
            text = " ".join(r["text"].split())
            text = text if len(text) <= 90 else text[:89] + "…"
            where = f" {r['where']}" if r["where"] else ""
            line(f"  {r['rule']:<24} {r['chars']:>6} chars{where}")
            if text:
                line(f"      {text}")
    cleaning = result["cleaning"]
    line("\nper rule (chars): " + (", ".join(f"{k}={v}" for k, v in cleaning["rules"].items()) or "-"))
    line(f"chars removed: {cleaning['chars_removed']}    paywalled: {result['paywalled']}"
         + (f"    markers: {', '.join(cleaning['paywall_markers'])}" if cleaning.get("paywall_markers") else ""))
    words = len(result["body"].split())
    line(f"\n--- body ({words} words) ---")
    line(result["body"])


def run(args: argparse.Namespace) -> int:
    logging.getLogger("trafilatura").setLevel(max(logging.ERROR, logging.getLogger().level))
    site_rules, source_language = _source_rules(args.source)
    if site_rules is None:  # a typo would otherwise show the page cleaned without the outlet's rules
        logger.error("unknown outlet %r (--source): not in sources.yaml (`scrapy list`) and no "
                     "newswatch/clean/sites/%s.yaml", args.source, args.source)
        return 2
    try:
        data = read_input(args.file)
    except READ_ERRORS as exc:
        logger.error("%s: cannot read: %s", args.file, exc)
        return 1
    result = clean_file(data, args.url, site_rules, args.language or None, source_language, args.title)
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        _print_report(result, sys.stdout)
    return 0
