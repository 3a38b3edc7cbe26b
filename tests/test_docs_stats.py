"""docs/stats.md names every crawl stat newswatch counts, and names nothing it does not count.

The stats are read from the source (``newswatch/**/*.py``), not listed here: every string and f-string that starts
with ``newswatch/`` and has the shape of a stat (an f-string gives its constant prefix: a family such as
``newswatch/fetch/error/<reason>``), and the keys handed to a helper that puts ``newswatch/`` in front itself (the
spider's ``_stat("article/parsed")``), including through a module-level dict or a conditional expression. Every
``inc_value``/``set_value`` call must be readable that way (or take its key from a parameter, whose caller's string
is then read): a new kind of indirection fails here instead of hiding a stat.

:func:`undocumented_stats` also judges a real crawl's stats (``tests/test_crawl_e2e.py`` calls it on its crawl of the
mock site, so no second crawl is made for it).
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "newswatch"
DOC = ROOT / "docs" / "stats.md"

PREFIX = "newswatch/"
#: A stat key or the constant start of one (``newswatch/time/extract_`` of ``f"newswatch/time/extract_{stage}"``).
_KEY_SHAPE = re.compile(r"newswatch/[a-z0-9_]+(?:/[a-z0-9_]+)*/?")
#: A key relative to ``newswatch/``, as the spider's ``_stat`` takes it.
_RELATIVE_SHAPE = re.compile(r"[a-z0-9_]+(?:/[a-z0-9_]+)*/?")
_STATS_METHODS = {"inc_value", "set_value", "max_value", "min_value"}
#: In the doc: a stat in backquotes; ``<...>`` stands for the dynamic rest of a family (``<reason>``, ``<Pipeline>``).
_DOC_KEY = re.compile(r"`(newswatch/[a-z0-9_/]*(?:<[^`<>]+>)?)`")
#: The first cell of a table row: the stats the doc documents (prose may name them again, never define them).
_DOC_ROW = re.compile(r"^\|\s*`(newswatch/[^`]+)`")


class Keys:
    """Exact stat keys and families (constant prefixes of keys built at run time)."""

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}  # key -> where it was found
        self.families: dict[str, str] = {}

    def add(self, text: str, where: str, *, family: bool) -> None:
        # A constant ending in "/" is a family wherever it is (``_sum(stats, "newswatch/dedup/")``).
        if family or text.endswith("/"):
            self.families.setdefault(text, where)
        else:
            self.exact.setdefault(text, where)


def _docstrings(nodes: list[ast.AST]) -> set[int]:
    found = set()
    for node in nodes:
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _text(node: ast.AST) -> tuple[str, bool] | None:
    """``(text, is_family)`` of a string constant or of an f-string's constant prefix."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value, False
    if isinstance(node, ast.JoinedStr):
        prefix = ""
        for part in node.values:
            if not isinstance(part, ast.Constant):
                return prefix, True
            prefix += part.value
        return prefix, False
    return None


def _module_dicts(tree: ast.Module) -> dict[str, list[ast.AST]]:
    """The value expressions of the module's top-level dicts (literals and comprehensions), by name."""
    found: dict[str, list[ast.AST]] = {}
    for stmt in tree.body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else getattr(
            stmt, "target", None)
        value = getattr(stmt, "value", None)
        if isinstance(target, ast.Name) and isinstance(value, ast.Dict):
            found[target.id] = list(value.values)
        elif isinstance(target, ast.Name) and isinstance(value, ast.DictComp):
            found[target.id] = [value.value]
    return found


def _resolve(node: ast.AST, dicts: dict[str, list[ast.AST]]) -> Iterator[tuple[str, bool]] | None:
    """The texts a key expression can take, or None when it cannot be read from the source."""
    text = _text(node)
    if text is not None:
        return iter([text])
    branches: list[ast.AST] | None = None
    if isinstance(node, ast.IfExp):
        branches = [node.body, node.orelse]
    elif isinstance(node, ast.BoolOp):
        branches = list(node.values)
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in dicts:
        branches = dicts[node.value.id]
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
          and isinstance(node.func.value, ast.Name) and node.func.value.id in dicts):
        branches = dicts[node.func.value.id]
    if branches is None:
        return None
    resolved = [_resolve(b, dicts) for b in branches]
    if any(r is None for r in resolved):
        return None
    return (t for r in resolved for t in r)


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _parents(nodes: list[ast.AST]) -> dict[int, ast.AST]:
    return {id(child): node for node in nodes for child in ast.iter_child_nodes(node)}


def _enclosing_function(node: ast.AST, parents: dict[int, ast.AST]) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    while (node := parents.get(id(node))) is not None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node
    return None


def _enclosing_parameters(node: ast.AST, parents: dict[int, ast.AST]) -> set[str]:
    """The parameters of the functions around ``node`` (a closure's too)."""
    found = set()
    while (node := parents.get(id(node))) is not None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            found |= {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    return found


def _loop_values(name: str, node: ast.AST, parents: dict[int, ast.AST]) -> list[str] | None:
    """The strings ``name`` takes when ``node`` is inside ``for name in ("a", "b"):``, else None."""
    while (node := parents.get(id(node))) is not None:
        if (isinstance(node, ast.For) and isinstance(node.target, ast.Name) and node.target.id == name
                and isinstance(node.iter, ast.Tuple | ast.List)
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.iter.elts)):
            return [e.value for e in node.iter.elts]
    return None


def _expanded(node: ast.JoinedStr, parents: dict[int, ast.AST]) -> list[str] | None:
    """The keys of ``f"newswatch/store/{name}"`` inside ``for name in ("inserted", ...)``, else None."""
    texts = [""]
    for part in node.values:
        if isinstance(part, ast.Constant):
            texts = [t + part.value for t in texts]
            continue
        values = (_loop_values(part.value.id, node, parents)
                  if isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name) else None)
        if values is None:
            return None
        texts = [t + v for t in texts for v in values]
    return texts


def _prefixing_helpers(calls: list[ast.Call], parents: dict[int, ast.AST]) -> dict[str, int]:
    """Functions that count ``f"newswatch/{param}"``: name -> the parameter's position among the call's arguments
    (``self`` not counted)."""
    helpers = {}
    for call in calls:
        if _called_name(call) not in _STATS_METHODS or not call.args:
            continue
        key, fn = call.args[0], _enclosing_function(call, parents)
        if fn is None or not (isinstance(key, ast.JoinedStr) and len(key.values) == 2
                              and isinstance(key.values[0], ast.Constant) and key.values[0].value == PREFIX
                              and isinstance(key.values[1], ast.FormattedValue)
                              and isinstance(key.values[1].value, ast.Name)):
            continue
        params = [a.arg for a in fn.args.args if a.arg not in ("self", "cls")]
        if key.values[1].value.id in params:
            helpers[fn.name] = params.index(key.values[1].value.id)
    return helpers


@functools.cache
def code_stats(package: Path = PACKAGE) -> tuple[Keys, list[str]]:
    """The stats counted under ``package``, and the stats calls whose key could not be read (``file:line``)."""
    keys, unreadable = Keys(), []
    for path in sorted(package.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if PREFIX not in source and not any(method in source for method in _STATS_METHODS):
            continue
        tree = ast.parse(source)
        rel = path.relative_to(package.parent).as_posix()
        nodes = list(ast.walk(tree))
        parents = _parents(nodes)
        skip, dicts = _docstrings(nodes), _module_dicts(tree)
        calls = [node for node in nodes if isinstance(node, ast.Call)]
        helpers = _prefixing_helpers(calls, parents)
        helper_fstrings = set()
        for node in calls:
            name = _called_name(node)
            if name in helpers and len(node.args) > helpers[name]:
                arg = node.args[helpers[name]]
                texts = _resolve(arg, dicts)
                if texts is None:
                    unreadable.append(f"{rel}:{node.lineno}")
                    continue
                for text, family in texts:
                    if _RELATIVE_SHAPE.fullmatch(text):
                        keys.add(PREFIX + text, f"{rel}:{node.lineno}", family=family)
            elif name in _STATS_METHODS and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.JoinedStr) and _text(arg) == (PREFIX, True):
                    helper_fstrings.add(id(arg))  # the helper's own f"newswatch/{key}": its callers say the key
                elif _resolve(arg, dicts) is None and not (
                        isinstance(arg, ast.Name) and arg.id in _enclosing_parameters(node, parents)):
                    unreadable.append(f"{rel}:{node.lineno}")
        for node in nodes:
            if id(node) in skip or id(node) in helper_fstrings:
                continue
            if isinstance(node, ast.Constant) and isinstance(parents.get(id(node)), ast.JoinedStr):
                continue  # a part of an f-string: the f-string is read whole
            text = _text(node)
            if not (text and text[0].startswith(PREFIX) and _KEY_SHAPE.fullmatch(text[0])):
                continue
            expanded = _expanded(node, parents) if text[1] else None
            for key in expanded or [text[0]]:
                keys.add(key, f"{rel}:{node.lineno}", family=expanded is None and text[1])
    return keys, unreadable


def doc_stats(text: str) -> tuple[Keys, Keys]:
    """``(documented, named)``: the stats the doc's tables document, and every stat it names anywhere."""
    documented, named = Keys(), Keys()
    for number, line in enumerate(text.splitlines(), 1):
        row = _DOC_ROW.match(line)
        if row:
            key = row.group(1)
            documented.add(key.split("<", 1)[0], f"docs/stats.md:{number}", family="<" in key)
        for key in _DOC_KEY.findall(line):
            named.add(key.split("<", 1)[0], f"docs/stats.md:{number}", family="<" in key)
    return documented, named


def _covered(key: str, family: bool, documented: Keys) -> bool:
    if key in (documented.families if family else documented.exact):
        return True
    # A key of a documented family (``newswatch/time/extract_`` in ``newswatch/time/<stage>``).
    return any(key.startswith(f) and key != f for f in documented.families) or (
        family and key in documented.families)


def undocumented_stats(stats: Iterable[str], doc: str | None = None) -> list[str]:
    """The ``newswatch/`` stats among ``stats`` (a crawl's final stats' keys) that docs/stats.md does not document."""
    documented, _ = doc_stats(DOC.read_text(encoding="utf-8") if doc is None else doc)
    return sorted(k for k in stats if k.startswith(PREFIX) and not _covered(k, False, documented))


def test_every_stat_the_code_counts_is_documented():
    keys, unreadable = code_stats()
    documented, _ = doc_stats(DOC.read_text(encoding="utf-8"))
    assert not unreadable, f"stats calls whose key this test cannot read from the source: {unreadable}"
    missing = [f"{k}{'<...>' if family else ''} ({where})"
               for family, found in ((False, keys.exact), (True, keys.families))
               for k, where in sorted(found.items()) if not _covered(k, family, documented)]
    assert not missing, "stats counted in newswatch/ but not documented in docs/stats.md:\n" + "\n".join(missing)


def test_every_stat_the_doc_names_is_counted():
    keys, _ = code_stats()
    _, named = doc_stats(DOC.read_text(encoding="utf-8"))
    code_keys = [*keys.exact, *keys.families]

    def exists(key: str, family: bool) -> bool:
        if family:  # a documented family: some key the code builds is in it, or the code builds keys under it
            return any(k.startswith(key) for k in code_keys) or any(key.startswith(f) for f in keys.families)
        return key in keys.exact or any(key.startswith(f) for f in keys.families)

    stale = [f"{k}{'<...>' if family else ''} ({where})"
             for family, found in ((False, named.exact), (True, named.families))
             for k, where in sorted(found.items()) if not exists(k, family)]
    assert not stale, "docs/stats.md names stats newswatch/ does not count:\n" + "\n".join(stale)


def test_a_family_in_the_doc_is_no_catch_all():
    # "newswatch/<anything>" would make every key documented: a family's prefix is a stage and more.
    documented, _ = doc_stats(DOC.read_text(encoding="utf-8"))
    broad = [f for f in documented.families if f.count("/") < 2 and not f.rstrip("/").count("/")]
    assert not broad, broad


def test_the_reader_finds_keys_helpers_dicts_and_parameters(tmp_path):
    # The shapes the crawl's code uses, in a throwaway package: each is read, and an unreadable key is reported.
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "mod.py").write_text('''
"""Docstring naming ``newswatch/not/a/stat``."""
_CHARSETS = {"a": "article/unknown_charset", "b": "article/charset_corrected/koi8_u"}
_STAGES = {s: f"newswatch/time/extract_{s}" for s in ("body",)}
USER_AGENT = f"newswatch/0.1 (+{CONTACT})"

class Spider:
    def _stat(self, key, count=1):
        self.stats.inc_value(f"newswatch/{key}", count)

    def parse(self, reason, untyped, stage):
        self._stat("discovery/sitemaps")
        self._stat(f"fetch/error/{reason}")
        self._stat("article/untyped_html" if untyped else "article/mistyped_html")
        self._stat(_CHARSETS[reason])
        self.stats.inc_value(_STAGES.get(stage) or f"newswatch/time/extract_{stage}", 1.0)
        self.stats.set_value("newswatch/run_id", "x")

def timed(stats, key):
    stats.inc_value(key, 1.0)

def wrapped(stats, name, result):
    timed(stats, f"newswatch/time/{name}")
    for field in ("inserted", "updated"):
        stats.inc_value(f"newswatch/store/{field}", getattr(result, field))
    stats.inc_value(compute_key(name))
''', encoding="utf-8")
    keys, unreadable = code_stats(package)
    assert sorted(keys.exact) == ["newswatch/article/charset_corrected/koi8_u", "newswatch/article/mistyped_html",
                                  "newswatch/article/unknown_charset", "newswatch/article/untyped_html",
                                  "newswatch/discovery/sitemaps", "newswatch/run_id", "newswatch/store/inserted",
                                  "newswatch/store/updated"]
    assert sorted(keys.families) == ["newswatch/fetch/error/", "newswatch/time/", "newswatch/time/extract_"]
    assert unreadable == ["pkg/mod.py:26"]


def test_a_crawls_stats_are_judged_against_the_doc():
    doc = ("| `newswatch/fetch/error/<reason>` | count | ... |\n| `newswatch/article/parsed` | count | ... |\n"
           "| `newswatch/time/<stage>` | seconds | ... |\n")
    stats = {"newswatch/fetch/error/http_404": 2, "newswatch/article/parsed": 9, "newswatch/time/extract_body": 0.4,
             "newswatch/article/not_html": 1, "downloader/request_count": 12, "finish_reason": "finished"}
    assert undocumented_stats(stats, doc) == ["newswatch/article/not_html"]
