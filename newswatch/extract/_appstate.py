"""The article in a JavaScript app's state: Next.js ``__NEXT_DATA__``, Arc Publishing ``Fusion.globalContent``,
``window.__INITIAL_STATE__`` and the like, Nuxt 2's ``window.__NUXT__=(function(a,b){return {…}}(…))`` (a
JavaScript object literal, read with its parameters bound to the call's arguments: ``rules/body.yaml``
``app_state_functions``), Nuxt 3's ``__NUXT_DATA__`` payload and the Next.js App Router's flight data
(``self.__next_f.push``; both ``rules/body.yaml`` ``app_state_payloads``).

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
_INLINE_TAG_RE = re.compile(r"</?(?:a|b|i|u|s|em|strong|span|sup|sub|mark|small|abbr|cite|q|code|font)\b[^>]*>", re.I)
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
    payloads = _body_rules()["app_state_payloads"]
    rules["devalue_ids"] = frozenset(payloads["devalue_script_ids"])
    rules["devalue_wrappers"] = frozenset(payloads["devalue_wrappers"])
    rules["flight_push"] = payloads["flight_push"]
    rules["script_ids_all"] = frozenset(rules["script_ids"]) | rules["devalue_ids"]
    ids = " or ".join(f"@id='{name}'" for name in sorted(rules["script_ids_all"]))
    rules["body_keys"] = rules["body"] + [key for key in payloads["body_keys"] if key not in rules["body"]]
    rules["lead_keys"], rules["lead_max_chars"] = payloads["lead_keys"], payloads["lead_max_chars"]
    marked = rules["assignments"] + functions + [payloads["flight_push"]]
    marks = " or ".join(f"contains(., '{name}')" for name in marked)
    rules["xpath"] = lxml.etree.XPath(f"/descendant::script[{ids} or (not(@src) and ({marks}))]")
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
    ids, names = rules["script_ids_all"], rules["assignments"] + rules["functions"] + [rules["flight_push"]]
    for script in tree.getroottree().iter("script"):
        if script.get("id") in ids:
            return True
        if script.get("src") is None:
            text = script.text if not len(script) else "".join(script.itertext())
            if text and any(name in text for name in names):
                return True
    return False


def app_state_blobs(tree: lxml.html.HtmlElement) -> list[Any]:
    """The JSON values of the page's app-state scripts (``__NEXT_DATA__``, ``window.__INITIAL_STATE__ = …``), decoded:
    what a page rendered in the browser holds its stories in (read by extraction and by section pages' discovery)."""
    rules = _rules()
    decoder = json.JSONDecoder(strict=False)
    blobs: list[Any] = []
    flight: list[str] = []
    for script in rules["xpath"](tree):
        text = script.text or ""
        if not text.strip() or len(text) > MAX_STATE_CHARS:
            continue
        try:
            if script.get("id") in rules["devalue_ids"]:
                blobs.append(_devalue(json.loads(text, strict=False), rules["devalue_wrappers"]))
                continue
            if script.get("id") in rules["script_ids"]:
                blobs.append(json.loads(text, strict=False))
                continue
            if rules["flight_push"] in text:
                flight.extend(_flight_chunks(text, rules["flight_push"], decoder))
                continue
            for match in rules["assignment_re"].finditer(text):
                blobs.append(decoder.raw_decode(text, match.end())[0])
            for match in rules["function_re"].finditer(text):
                blob = _function_state(text, match)
                if blob is not None:
                    blobs.append(blob)
        except (ValueError, RecursionError):
            logger.debug("unreadable app state skipped")
    if flight and sum(map(len, flight)) <= MAX_STATE_CHARS:
        blobs.extend(_flight_rows("".join(flight)))
    return blobs


def _devalue(array: Any, wrappers: frozenset[str]) -> Any:
    """Nuxt 3's payload (devalue's flat array: index 0 is the root, an object's or a list's members are indices,
    a typed value a list opening with its type's name) as the nested values it stands for; repeated references are
    read once, a cycle ends in the object being read."""
    if not isinstance(array, list) or not array:
        return None
    memo: dict[int, Any] = {}
    budget = [_MAX_NODES * 4]

    def revive(index: Any, depth: int) -> Any:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(array):
            return None  # devalue's negative indices: undefined, holes, NaN, infinities
        if index in memo:
            return memo[index]
        budget[0] -= 1
        if depth > _MAX_DEPTH * 2 or budget[0] < 0:
            return None
        value = array[index]
        if isinstance(value, dict):
            memo[index] = out = {}
            for key, member in value.items():
                out[key] = revive(member, depth + 1)
            return out
        if isinstance(value, list):
            if value and isinstance(value[0], str):  # a typed value: members of a plain list are indices
                kind = value[0]
                if kind in wrappers and len(value) > 1:
                    memo[index] = found = revive(value[1], depth + 1)
                    return found
                if kind == "Date" and len(value) > 1:
                    return value[1]
                return None
            memo[index] = items = []
            items.extend(revive(member, depth + 1) for member in value)
            return items
        return value

    return revive(0, 0)


def _flight_chunks(text: str, push: str, decoder: json.JSONDecoder) -> list[str]:
    """The strings a script pushes as flight data (``self.__next_f.push([1, "…"])``), in order."""
    chunks = []
    start = text.find(push)
    while start >= 0:
        try:
            pushed = decoder.raw_decode(text, start + len(push))[0]
        except ValueError:
            pushed = None
        if isinstance(pushed, list) and len(pushed) > 1 and pushed[0] == 1 and isinstance(pushed[1], str):
            chunks.append(pushed[1])
        start = text.find(push, start + len(push))
    return chunks


_FLIGHT_ID_RE = re.compile(rb"[0-9a-f]{1,8}")
_FLIGHT_REF_RE = re.compile(r"\$([0-9a-f]{1,8})")


def _flight_rows(payload: str) -> list[Any]:
    """The JSON rows of a React Server Components payload (lines "8:[…]"), their "$9" references to other rows (a long
    string's text row "9:T<hex byte length>,<text>" among them) read in, each row once (a cycle reads as None);
    module ("I"), hint ("HL") and other rows are not values."""
    data = payload.encode()
    rows: dict[str, Any] = {}
    position = 0
    while position < len(data) and len(rows) < _MAX_NODES:
        colon = data.find(b":", position)
        if colon < 0 or not _FLIGHT_ID_RE.fullmatch(data[position:colon]):
            newline = data.find(b"\n", position)
            if newline < 0:
                break
            position = newline + 1
            continue
        row = data[position:colon].decode()
        if data[colon + 1:colon + 2] == b"T":
            comma = data.find(b",", colon)
            try:
                length = int(data[colon + 2:comma], 16)
            except ValueError:
                break
            rows[row] = data[comma + 1:comma + 1 + length].decode(errors="replace")
            position = comma + 1 + length
            continue
        newline = data.find(b"\n", colon)
        end = newline if newline >= 0 else len(data)
        line = data[colon + 1:end]
        position = end + 1
        if line[:1] in (b"[", b"{"):
            try:
                rows[row] = json.loads(line)
            except ValueError:
                continue

    resolved: dict[str, Any] = {}

    def resolve(value: Any, depth: int) -> Any:
        if isinstance(value, str):
            match = _FLIGHT_REF_RE.fullmatch(value)
            if match and depth < _MAX_DEPTH and match.group(1) in rows:
                row = match.group(1)
                if row not in resolved:
                    resolved[row] = None  # while it is being read
                    resolved[row] = resolve(rows[row], depth + 1)
                return resolved[row]
            return value
        if depth >= _MAX_DEPTH:
            return None
        if isinstance(value, dict):
            return {key: resolve(member, depth + 1) for key, member in value.items()}
        if isinstance(value, list):
            return [resolve(member, depth + 1) for member in value]
        return value

    return [resolve(value, 0) for value in rows.values() if isinstance(value, dict | list)]


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
    value = _INLINE_TAG_RE.sub("", _BLOCK_END_RE.sub("\n\n", value))  # «Медуза»</a>, glued as shown
    return clean_body(_TAG_RE.sub(" ", value), decode=True)


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
        elif isinstance(item.get("data"), str) and not any(key in item for key in rules["block_text"]):
            item = {"text": item["data"]}  # Meduza's {"type": "p", "data": "…"}
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
    """The story's text in the article object, its standfirst first when the state keeps that apart."""
    text = _story(node, rules)
    if text:
        for key in rules["lead_keys"]:
            lead = node.get(key)
            if isinstance(lead, str) and 0 < len(lead) <= rules["lead_max_chars"]:
                lead = _html_text(lead)
                if lead and _LEAD_END_RE.search(lead) and not _retold(lead, text.split("\n\n", 1)[0]):
                    return f"{lead}\n\n{text}"
                break
    return text


_LEAD_END_RE = re.compile(r"[.!?…][\"'»”’)]*$")
_LEAD_WORD_RE = re.compile(r"[^\W\d_]{3,}")


def _retold(lead: str, first: str) -> bool:
    """Whether a state's lead says what the story's first paragraph says (half of its words are the paragraph's):
    a summary for teasers and shares, not a standfirst the page shows (nor a headline-like line without a full
    stop)."""
    words = set(_LEAD_WORD_RE.findall(lead.casefold()))
    return not words or len(words & set(_LEAD_WORD_RE.findall(first.casefold()))) >= len(words) / 2


def _story(node: dict, rules: dict) -> str:
    for key in rules["body_keys"]:
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
        candidates = [node for blob in app_state_blobs(tree) for node in _candidates(blob, rules)]
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
