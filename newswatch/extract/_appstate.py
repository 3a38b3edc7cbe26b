"""The article in a JavaScript app's state: Next.js ``__NEXT_DATA__``, Arc Publishing ``Fusion.globalContent``,
``window.__INITIAL_STATE__`` and the like, and Nuxt 2's ``window.__NUXT__=(function(a,b){return {…}}(…))`` (a
JavaScript object literal, read with its parameters bound to the call's arguments: ``rules/body.yaml``
``app_state_functions``).

Sites rendered by such apps often serve a thin HTML shell (a headline, skeletons, menus) and keep the story,
its dates and its authors only in a JSON blob for the browser; others render the body but not the dates. The
article is the object of the blob that has a headline and a publication date (the one whose headline is the
page's title when several have), and its text is its list of text blocks (``body``, ``content_elements``...:
paragraphs, headings and lists, not embeds, ads or related links). Which names mean what is data:
``rules/metadata.yaml`` (``app_state``).

The blob is only looked for when the caller needs something it may hold, and only parsed when a script
announces one (a name test in C), so pages without one pay an XPath evaluation.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import yaml

from newswatch.extract.normalize import clean_body, clean_text, parse_date

logger = logging.getLogger(__name__)

_RULES = Path(__file__).resolve().parent / "rules" / "metadata.yaml"

MAX_STATE_CHARS = 3_000_000
"""Blobs longer than this are not parsed (whole app caches)."""
_MAX_NODES = 5_000
_MAX_DEPTH = 24
_TAG_RE = re.compile(r"<[^>]*>")
_BLOCK_END_RE = re.compile(r"</(?:p|div|h[1-6]|li|blockquote)>|<br\s*/?>", re.I)
_EPOCH_RANGE = (946_684_800, 4_102_444_800)  # 2000-01-01 .. 2100-01-01, in seconds


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    with open(_RULES, encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)["app_state"]
    ids = " or ".join(f"@id='{name}'" for name in rules["script_ids"])
    # the body rules' own load (the extractor reads them anyway; parsing the file again costs ~30 ms at start);
    # imported here because _body imports this module
    from newswatch.extract._body import _rules as _body_rules

    functions = _body_rules()["app_state_functions"]
    marked = rules["assignments"] + functions
    marks = " or ".join(f"contains(., '{name}')" for name in marked)
    rules["xpath"] = lxml.etree.XPath(f"//script[{ids} or (not(@src) and ({marks}))]")
    names = "|".join(re.escape(name) for name in sorted(rules["assignments"], key=len, reverse=True))
    rules["assignment_re"] = re.compile(rf"(?:{names})\s*=\s*(?=[{{\[])")
    rules["skip_elements"] = frozenset(rules["skip_elements"])
    skipped = "|".join(sorted(rules["skip_elements"]))
    rules["skip_elements_re"] = re.compile(rf"<({skipped})\b[^>]*>.*?</\1\s*>", re.I | re.S)
    rules["functions"] = functions
    names = "|".join(re.escape(name) for name in functions)
    rules["function_re"] = re.compile(rf"(?:{names})\s*=\s*\(?\s*function\s*\(([^)]*)\)\s*\{{\s*return\s*(?=\{{)")
    for key in ("published_key", "modified_key", "skip_types"):
        rules[key] = re.compile(rules[key], re.X | re.I)
    return rules


def has_app_state(tree: lxml.html.HtmlElement) -> bool:
    """True when a script of the page announces an app state (cheap; nothing is parsed): the scripts ``xpath``
    selects, found by substring tests in Python (the XPath's ``contains(., ...)`` copies a script's whole text
    once per name: ~0.5 ms a page with 100 KB of inline scripts)."""
    rules = _rules()
    ids, names = rules["script_ids"], rules["assignments"] + rules["functions"]
    for script in tree.getroottree().iter("script"):
        if script.get("id") in ids:
            return True
        if script.get("src") is None:
            text = script.text if not len(script) else "".join(script.itertext())
            if text and any(name in text for name in names):
                return True
    return False


def _blobs(tree: lxml.html.HtmlElement) -> list[Any]:
    rules = _rules()
    decoder = json.JSONDecoder(strict=False)
    blobs = []
    for script in rules["xpath"](tree):
        text = script.text or ""
        if not text.strip() or len(text) > MAX_STATE_CHARS:
            continue
        try:
            if script.get("id") in rules["script_ids"]:
                blobs.append(json.loads(text, strict=False))
                continue
            for match in rules["assignment_re"].finditer(text):
                blobs.append(decoder.raw_decode(text, match.end())[0])
            for match in rules["function_re"].finditer(text):
                blob = _function_state(text, match)
                if blob is not None:
                    blobs.append(blob)
        except (ValueError, RecursionError):
            logger.debug("unreadable app state skipped")
    return blobs


_JS_TOKEN_RE = re.compile(r"""\s*(?:("(?:[^"\\]|\\.)*")|('(?:[^'\\]|\\.)*')|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"""
                          r"|(void 0|[A-Za-z_$][\w$]*)|([{}\[\]:,();]))")
_MAX_JS_TOKENS = 200_000
_JS_LITERALS = {"true": True, "false": False, "null": None, "undefined": None, "void 0": None}


class _NotALiteral(ValueError):
    pass


def _js_tokens(text: str, start: int) -> list[re.Match]:
    """The tokens of a JavaScript literal from ``start`` until the first character that is none."""
    tokens, position = [], start
    while (match := _JS_TOKEN_RE.match(text, position)) and len(tokens) < _MAX_JS_TOKENS:
        tokens.append(match)
        position = match.end()
    return tokens


def _js_string(token: str) -> str:
    if token[0] == "'":
        token = '"' + token[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'
    return json.loads(token, strict=False)


class _JsReader:
    """Values of a JavaScript object literal: JSON with bare keys, single quotes and the names of the function's
    parameters (Nuxt 2 passes repeated values as arguments)."""

    def __init__(self, tokens: list[re.Match], at: int, names: dict[str, Any]):
        self.tokens, self.at, self.names = tokens, at, names

    def punct(self) -> str | None:
        token = self.tokens[self.at]
        self.at += 1
        return token.group(5)

    def value(self, depth: int = 0) -> Any:
        if depth > _MAX_DEPTH * 2:
            raise _NotALiteral
        string, single, number, name, punct = self.tokens[self.at].groups()
        self.at += 1
        if string or single:
            return _js_string(string or single)
        if number:
            return float(number) if any(c in number for c in ".eE") else int(number)
        if name:
            if name in _JS_LITERALS:
                return _JS_LITERALS[name]
            if name in self.names:
                return self.names[name]
            raise _NotALiteral(name)
        if punct == "[":
            items: list[Any] = []
            if self.tokens[self.at].group(5) == "]":
                self.at += 1
                return items
            while True:
                items.append(self.value(depth + 1))
                punct = self.punct()
                if punct == "]":
                    return items
                if punct != ",":
                    raise _NotALiteral
        if punct == "{":
            obj: dict[str, Any] = {}
            while True:
                string, single, number, name, punct = self.tokens[self.at].groups()
                self.at += 1
                if punct == "}":
                    return obj
                key = _js_string(string or single) if string or single else (name or number)
                if not key or self.punct() != ":":
                    raise _NotALiteral
                obj[key] = self.value(depth + 1)
                punct = self.punct()
                if punct == "}":
                    return obj
                if punct != ",":
                    raise _NotALiteral
        raise _NotALiteral(punct)


def _function_state(text: str, match: re.Match) -> Any:
    """The object a state function returns, its parameters bound to the arguments it is called with:
    ``window.__NUXT__=(function(a,b){return {title:a,...}}("…",null))`` (Nuxt 2); ``None`` when it is not a literal
    this reader knows."""
    try:
        tokens = _js_tokens(text, match.end())
        returned = _JsReader(tokens, 0, {})
        depth = end = 0
        for index, token in enumerate(tokens):  # skip the returned object: its names are bound after the call
            punct = token.group(5)
            if punct and punct in "{[(":
                depth += 1
            elif punct and punct in "}])":
                depth -= 1
                if depth == 0:
                    end = index
                    break
        call = _JsReader(tokens, end + 1, {})
        while (punct := call.punct()) in (";", "}", ")"):  # "}}(" or "})(" then the call's arguments
            pass
        if punct != "(":
            return None
        arguments: list[Any] = []
        if tokens[call.at].group(5) != ")":
            while True:
                arguments.append(call.value())
                punct = call.punct()
                if punct == ")":
                    break
                if punct != ",":
                    return None
        params = [name.strip() for name in match.group(1).split(",") if name.strip()]
        returned.names = dict(zip(params, arguments + [None] * (len(params) - len(arguments)), strict=False))
        return returned.value()
    except (_NotALiteral, IndexError, ValueError, RecursionError):
        return None


def _first_string(value: Any, depth: int = 0) -> str:
    """A headline given as a string or as ``{"basic": ...}`` / ``{"primary": ...}``."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict) and depth < 2:
        for item in value.values():
            text = _first_string(item, depth + 1)
            if text:
                return text
    return ""


def _date(value: Any, zone: tzinfo | None) -> datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > _EPOCH_RANGE[1] else value
        if _EPOCH_RANGE[0] <= seconds <= _EPOCH_RANGE[1]:
            return datetime.fromtimestamp(seconds, tz=UTC)
        return None
    if isinstance(value, str) and any(ch.isdigit() for ch in value):
        return parse_date(value, zone=zone)
    return None


def _names(value: Any, keys: tuple[str, ...], depth: int = 0) -> list[str]:
    """Names from ``[{"name": ...}]``, ``[{"person": {"name": ...}}]``, ``{"by": [...]}`` or strings."""
    if depth > 4 or value is None:
        return []
    if isinstance(value, str):
        text = clean_text(value)
        return [text] if text else []
    if isinstance(value, list):
        return [name for item in value[:20] for name in _names(item, keys, depth + 1)]
    if isinstance(value, dict):
        if isinstance(value.get("name"), str):
            return _names(value["name"], keys, depth + 1)
        for key in keys:
            if key in value:
                return _names(value[key], keys, depth + 1)
    return []


def _html_text(value: str) -> str:
    if "<" in value:  # a figure's caption, an aside, an embed's script inside an HTML body are no story text
        value = _rules()["skip_elements_re"].sub("\n\n", value)
    return clean_body(_TAG_RE.sub(" ", _BLOCK_END_RE.sub("\n\n", value)), decode=True)


def _blocks(items: list, rules: dict, out: list[str], depth: int = 0) -> None:
    """Text of the story's blocks: paragraphs, headings, lists (their items), never embeds or asides."""
    for item in items:
        if isinstance(item, str):
            text = _html_text(item)
            if text:
                out.append(text)
            continue
        if not isinstance(item, dict):
            continue
        kind = str(item.get("type") or item.get("_type") or item.get("kind") or "text").lower()
        element = str(item.get("element") or item.get("tag") or "").lower()
        if rules["skip_types"].search(kind) or element in rules["skip_elements"]:
            continue
        # Editor.js keeps a block's content under "data": {"type": "paragraph", "data": {"text": ...}}, a list's
        # items as {"data": {"items": [...]}}
        if isinstance(item.get("data"), dict) and not any(key in item for key in rules["block_text"]):
            item = item["data"]
        nested = item.get("items") or item.get("children")
        if isinstance(nested, list) and depth < 3:
            _blocks(nested, rules, out, depth + 1)
            continue
        rows = item.get("content")
        if isinstance(rows, list) and rows and all(isinstance(row, list) for row in rows):
            out.extend(_table_rows(rows))  # Editor.js's table: {"content": [["Country", "Aid"], [...]]}
            continue
        for key in rules["block_text"]:
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                text = _html_text(value)
                if text:
                    out.append(text)
                break


def _table_rows(rows: list[list]) -> list[str]:
    """A table's rows as the HTML extractor writes them: "| cell | cell |"."""
    lines = []
    for row in rows:
        cells = [_html_text(cell).replace("\n\n", " ") if isinstance(cell, str) else "" for cell in row]
        if any(cells):
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def _body(node: dict, rules: dict) -> str:
    for key in rules["body"]:
        value = node.get(key)
        if isinstance(value, dict):  # {"markupAndEmbeds": [...]} / {"blocks": [...]}
            value = next((v for k, v in value.items() if k in rules["body"] and isinstance(v, list)), None)
        if isinstance(value, list) and value:
            out: list[str] = []
            _blocks(value, rules, out)
            if out:
                return "\n\n".join(out)
        elif isinstance(value, str) and len(value) > 200:
            return _html_text(value)
    return ""


def _candidates(blob: Any, rules: dict) -> list[dict]:
    """Objects with a headline and a publication date, in document order (a bounded walk)."""
    found, stack, seen = [], [(blob, 0)], 0
    while stack and seen < _MAX_NODES:
        value, depth = stack.pop()
        seen += 1
        if isinstance(value, dict):
            if any(key in value for key in rules["headline"]) and _date_keys(value, rules["published_key"]):
                found.append(value)
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth < _MAX_DEPTH:
            stack.extend((child, depth + 1) for child in reversed(list(children)) if isinstance(child, dict | list))
    return found


def _date_keys(node: dict, pattern: re.Pattern) -> list[str]:
    return [key for key in node if isinstance(key, str) and pattern.fullmatch(key)]


def _published_rank(key: str, order: list[str]) -> int:
    folded = key.casefold()
    return next((rank for rank, word in enumerate(order) if word in folded), len(order))


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def app_state_article(tree: lxml.html.HtmlElement, title: str | None = None,
                      zone: tzinfo | None = None) -> dict[str, Any] | None:
    """``{"published_at", "modified_at", "authors", "body"}`` of the article in the page's app state, or
    ``None`` when the page has none. ``title`` (the page's) picks the article among several dated objects;
    ``zone`` reads dates without an offset. Never raises."""
    try:
        if not has_app_state(tree):
            return None
        rules = _rules()
        candidates = [node for blob in _blobs(tree) for node in _candidates(blob, rules)]
        if not candidates:
            return None
        key = _norm(title or "")
        article = next((node for node in candidates
                        if key and any(_norm(_first_string(node.get(h))) == key for h in rules["headline"])), None)
        article = article or candidates[0]

        def first_date(keys: list[str]) -> datetime | None:
            for name in keys:
                found = _date(article.get(name), zone)
                if found:
                    return found
            return None

        order = rules["published_order"]
        published = sorted(_date_keys(article, rules["published_key"]), key=lambda k: _published_rank(k, order))
        modified = _date_keys(article, rules["modified_key"])

        authors: list[str] = []
        for name in rules["authors"]:
            authors = _names(article.get(name), tuple(rules["author_keys"]))
            if authors:
                break
        return {"published_at": first_date(published), "modified_at": first_date(modified),
                "authors": authors, "body": _body(article, rules)}
    except Exception:  # an odd blob must not cost the page its other fields
        logger.debug("app state unreadable", exc_info=True)
        return None


def app_state_body(tree: lxml.html.HtmlElement, title: str | None = None) -> str:
    """The story's text from the page's app state (``""`` when none)."""
    found = app_state_article(tree, title)
    return found["body"] if found else ""
