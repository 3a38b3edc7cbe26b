"""The README's configuration and commands against the code: every setting and environment variable the code
reads is in the README with the default the code uses, the README names no variable nothing reads, and every
command line it shows parses with the options the commands really have."""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

import pytest

from newswatch.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: Our own names. Scrapy's (DOWNLOAD_TIMEOUT, REDIS_URL, SCHEDULER_QUEUE_KEY...) are Scrapy's to document.
OURS = re.compile(r"^(NEWSWATCH|MONGO|SCRAPYD)_[A-Z0-9_]*[A-Z0-9]$")
#: Read by the code but set by a program, not by an operator: Scrapyd sets it for deploy/scrapyd_runner.py.
NOT_FOR_OPERATORS = {"SCRAPY_PROJECT"}
#: Calls whose first string argument naming one of ours is a read of that setting or variable, and whose next
#: positional argument (if a constant) is the default the code falls back to.
READERS = {
    "env_str", "env_int", "env_float", "env_bool", "env_choice", "env_numbers", "env_url", "env_workers",
    "_env", "_env_int", "_env_float", "_env_bool", "_env_choice", "_env_numbers", "_env_url", "_env_workers",
    "get", "getint", "getfloat", "getbool", "getlist", "getdict", "getenv", "_setting", "_number",
}
_NO_DEFAULT = object()


def _python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _constant(node: ast.AST):
    """The value of a constant expression (``10 * 1024 * 1024``, ``-1``), else ``_NO_DEFAULT``."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _constant(node.operand)
        return -value if isinstance(value, int | float) else _NO_DEFAULT
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        left, right = _constant(node.left), _constant(node.right)
        if isinstance(left, int | float) and isinstance(right, int | float):
            return left * right
    return _NO_DEFAULT


def names_in_code(*folders: str) -> dict[str, set[str]]:
    """Every one of our names the code under ``folders`` mentions outside docstrings and comments -> files."""
    found: dict[str, set[str]] = {}
    for path in _python_files(*folders):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                    and OURS.match(node.value):
                found.setdefault(node.value, set()).add(str(path.relative_to(ROOT)))
            elif isinstance(node, ast.keyword) and node.arg and OURS.match(node.arg):  # dict(env, NEWSWATCH_RUN_ID=)
                found.setdefault(node.arg, set()).add(str(path.relative_to(ROOT)))
    return found


def environment_reads(*folders: str) -> set[str]:
    """Names read with ``os.environ.get(NAME)`` / ``os.environ[NAME]`` / ``getenv(NAME)``, ours or not."""
    names = set()
    for path in _python_files(*folders):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args \
                    and node.func.attr in ("get", "getenv") and isinstance(node.args[0], ast.Constant) \
                    and "environ" in ast.unparse(node.func.value) + node.func.attr:
                names.add(node.args[0].value)
            elif isinstance(node, ast.Subscript) and "environ" in ast.unparse(node.value) \
                    and isinstance(node.slice, ast.Constant):
                names.add(node.slice.value)
    return {n for n in names if isinstance(n, str)}


def defaults_in_code(*folders: str) -> list[tuple[str, object, str]]:
    """``(name, default, where)`` for every read of one of our names whose default can be read off the code: a
    constant after the name (``env_int("X", 500)``, ``getfloat("X", 0.5)``), or after ``or``
    (``environ.get("X") or DEFAULT_PATH``, a module constant); the typed environment readers without a default
    (``env_str("X")``) mean unset."""
    reads = []
    for path in _python_files(*folders):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_constants = {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                            and isinstance(node.value, ast.Constant) for target in node.targets
                            if isinstance(target, ast.Name)}
        or_defaults = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and len(node.values) == 2:
                fallback = node.values[1]
                value = module_constants.get(fallback.id, _NO_DEFAULT) if isinstance(fallback, ast.Name) \
                    else _constant(fallback)
                or_defaults[id(node.values[0])] = value
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if func not in READERS:
                continue
            for i, arg in enumerate(node.args):
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and OURS.match(arg.value):
                    if i + 1 < len(node.args):
                        default = _constant(node.args[i + 1])
                    elif id(node) in or_defaults:
                        default = or_defaults[id(node)]
                    else:  # getint(NAME), environ.get(NAME) alone: whatever the caller does next is not a constant
                        default = None if func in ("env_str", "_env", "env_url", "_env_url") else _NO_DEFAULT
                    if default is not _NO_DEFAULT:
                        reads.append((arg.value, default, f"{path.relative_to(ROOT)}:{node.lineno}"))
                    break
    return reads


def readme_settings() -> dict[str, str]:
    """``{name: default cell}`` from the README's configuration tables (``| `NAME` | default | meaning |``)."""
    rows = {}
    for line in README.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`"):
            names = re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[0])
            defaults = [d.strip() for d in cells[1].split(",")] if len(names) > 1 else [cells[1]]
            for n, name in enumerate(names):
                rows[name] = defaults[n] if n < len(defaults) else cells[1]
    return rows


def _same_default(code, cell: str) -> bool:
    """The README's default cell says the code's default (unset = None; 1/0 for on/off; numbers by value)."""
    literal = re.fullmatch(r"`([^`]*)`", cell)
    if code is None:
        return cell.startswith("unset") or not literal  # described in words: the default is computed
    if not literal:
        return False
    text = literal[1]
    if isinstance(code, bool):
        return text == ("1" if code else "0")
    if isinstance(code, int | float):
        try:
            return float(text) == float(code)
        except ValueError:
            return False
    return text == str(code)


CODE_NAMES = names_in_code("newswatch", "deploy")
ENV_READS = environment_reads("newswatch", "deploy")
DOCUMENTED = readme_settings()


def test_the_extraction_finds_what_the_code_reads():
    """The scanners themselves: names read in each way the code reads them are found (so the test can fail)."""
    for name in ("NEWSWATCH_MIN_WORDS", "NEWSWATCH_DB_PATH", "NEWSWATCH_PARALLEL", "NEWSWATCH_CHROMIUM_PATH",
                 "NEWSWATCH_MONGO_TIMEOUT_MS", "NEWSWATCH_ALLOW_PRIVATE_HOSTS", "NEWSWATCH_RUN_ID", "MONGO_URI",
                 "SCRAPYD_EGG_VERSION"):
        assert name in CODE_NAMES, name
    defaults = {(name, default) for name, default, _ in defaults_in_code("newswatch")}
    assert {("NEWSWATCH_STORE_BATCH_SIZE", 250), ("NEWSWATCH_DOWNLOAD_MAXSIZE", 10 * 1024 * 1024),
            ("NEWSWATCH_CLEAN", True), ("NEWSWATCH_ALERT_WEBHOOK", None), ("NEWSWATCH_JS_WAIT_MS", 15000),
            ("NEWSWATCH_MONGO_TIMEOUT_MS", 5000)} <= defaults
    assert {"MONGO_URI", "NEWSWATCH_SOURCES", "SCRAPYD_URL", "SCRAPY_PROJECT"} <= ENV_READS
    assert DOCUMENTED["NEWSWATCH_STORE_BATCH_SIZE"] == "`250`" and DOCUMENTED["SCRAPYD_PASSWORD"] == "unset"


def test_every_setting_the_code_reads_is_in_the_readme():
    from newswatch._env import _TEST_VARIABLES  # the test suite's (README "Development"): no warning for them

    assert all(f"`{name}" in README for name in _TEST_VARIABLES)
    missing = {name: sorted(files) for name, files in CODE_NAMES.items()
               if name not in DOCUMENTED and name not in _TEST_VARIABLES}
    missing.update({name: ["os.environ"] for name in ENV_READS - NOT_FOR_OPERATORS - set(DOCUMENTED)})
    assert not missing, f"read by the code, missing from the README's configuration tables: {missing}"


def test_the_readme_documents_no_variable_that_nothing_reads():
    # tests/ reads NEWSWATCH_TEST_MONGO_URI and NEWSWATCH_FUZZ_EXAMPLES (README "Development").
    readers = set(CODE_NAMES) | ENV_READS | set(names_in_code("tests", "bench"))
    mentioned = set(re.findall(r"\b(?:NEWSWATCH|MONGO|SCRAPYD)_[A-Z0-9_]*[A-Z0-9]\b", README))
    assert not mentioned - readers, f"in the README, read by no code: {sorted(mentioned - readers)}"


@pytest.mark.parametrize(("name", "default", "where"), defaults_in_code("newswatch", "deploy"),
                         ids=lambda v: v if isinstance(v, str) and OURS.match(v) else "")
def test_the_readme_gives_the_default_the_code_uses(name, default, where):
    assert name in DOCUMENTED, f"{name} ({where}) is not in the README"
    assert _same_default(default, DOCUMENTED[name]), \
        f"{name}: the code ({where}) defaults to {default!r}, the README says {DOCUMENTED[name]}"


# --- the commands the README shows ------------------------------------------------------------------------------

def _readme_commands(program: str) -> list[list[str]]:
    """Every command line in the README's shell blocks that runs ``program`` (continuations joined)."""
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", README, re.MULTILINE | re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            words = [w.strip("[]") for w in shlex.split(line.split("  #")[0].split(" # ")[0])]
            if words and Path(words[0]).name == program:
                ends = [i for i, w in enumerate(words) if w in (">", ">>", "|", "<")]  # a shell redirection
                commands.append(words[1:ends[0] if ends else None])
    return commands


def test_every_newswatch_command_in_the_readme_parses():
    commands = _readme_commands("newswatch")
    assert len(commands) >= 10
    parser = build_parser()
    for argv in commands:
        if argv == ["--help"]:
            continue
        parser.parse_args(argv)  # argparse exits 2 on an unknown option or a bad value: the test fails


def test_every_make_target_in_the_readme_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.MULTILINE))
    shown = {words[0] for words in _readme_commands("make")}
    assert shown and shown <= targets, shown - targets
    shown_in_text = set(re.findall(r"`make (\w+)`", README))
    assert shown_in_text <= targets, shown_in_text - targets


def test_every_scrapy_crawl_argument_in_the_readme_is_one_the_spiders_take():
    from newswatch.commands.crawl import spider_arguments
    from newswatch.spiders._base import NewsSpider

    accepted = spider_arguments(NewsSpider)
    assert accepted == ("feeds", "sitemaps", "sections", "since")
    crawls = [argv for argv in _readme_commands("scrapy") if argv[0] == "crawl"]
    assert crawls
    for argv in crawls:
        for flag, value in zip(argv, argv[1:], strict=False):
            if flag == "-a":
                assert value.split("=", 1)[0] in accepted, argv
    for name in re.findall(r"`-a (\w+)=", README):
        assert name in accepted, name


def scrapy_setting_reads(*folders: str) -> set[str]:
    """Our names read from a Scrapy ``settings`` object (so ``scrapy crawl -s NAME=VALUE`` reaches them)."""
    names = set()
    for path in _python_files(*folders):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_constants = {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                            and isinstance(node.value, ast.Constant) for target in node.targets
                            if isinstance(target, ast.Name)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            if isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "getint", "getfloat", "getbool",
                                                                           "getlist", "getdict") \
                    and "settings" in ast.unparse(node.func.value):
                first = node.args[0]
            elif getattr(node.func, "id", None) == "_setting" and len(node.args) > 1:  # newswatch/_js.py
                first = node.args[1]
            else:
                continue
            name = module_constants.get(first.id) if isinstance(first, ast.Name) else getattr(first, "value", None)
            if isinstance(name, str) and OURS.match(name):
                names.add(name)
    return names


def settings_py_renames() -> dict[str, str]:
    """``{environment variable: Scrapy setting}`` where settings.py gives a variable's value to a setting of
    another name (``USER_AGENT = _env("NEWSWATCH_USER_AGENT", ...)``)."""
    renames = {}
    for node in ast.parse((ROOT / "newswatch" / "settings.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and node.value.args \
                and isinstance(node.value.args[0], ast.Constant) and OURS.match(str(node.value.args[0].value)):
            [target] = node.targets
            if target.id != node.value.args[0].value:
                renames[node.value.args[0].value] = target.id
    return renames


def test_the_readme_says_which_settings_scrapy_s_reaches_and_under_what_name():
    through_settings = scrapy_setting_reads("newswatch")
    renames = settings_py_renames()
    rows = {line.split("|")[1].strip(" `"): line for line in README.splitlines() if line.startswith("| `")}
    for variable, setting in renames.items():  # `-s NEWSWATCH_DOWNLOAD_DELAY` would set nothing
        assert variable not in through_settings, variable
        assert f"`-s {setting}`" in rows[variable], f"{variable}: the README must say `-s {setting}`"
    paragraph = README[README.index("Read from the environment only"):]
    env_only = set(re.findall(r"`(NEWSWATCH_[A-Z0-9_]+)`", paragraph[:paragraph.index("\n\n")]))
    expected = {name for name in DOCUMENTED if name.startswith("NEWSWATCH_")} - through_settings - set(renames)
    assert env_only == expected, (sorted(env_only - expected), sorted(expected - env_only))


def test_every_file_the_readme_names_exists():
    named = set(re.findall(r"`((?:newswatch|bench|tests|deploy|docs)/[\w./-]+\.(?:py|md|yaml|conf|example|service|"
                           r"timer|txt))`", README))
    assert len(named) > 20
    assert not [path for path in named if not (ROOT / path).exists()]


def test_schedule_split_gives_every_node_the_same_redis_keys(monkeypatch, capsys):
    """deploy/README.md: `schedule.py --split` gives all its jobs one run, so the nodes share one queue and a
    second scheduling in the same hour does not find the first one's dupefilter. The keys are passed as settings:
    a `-s NEWSWATCH_REDIS_RUN` would not reach them (settings.py reads that variable from the environment)."""
    import importlib.util

    from scrapy.settings import Settings

    spec = importlib.util.spec_from_file_location("deploy_schedule", ROOT / "deploy" / "schedule.py")
    schedule = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(schedule)
    jobs = []
    monkeypatch.setattr(schedule.Scrapyd, "busy", lambda self, project: set())
    monkeypatch.setattr(schedule.Scrapyd, "schedule",
                        lambda self, project, spider, settings, args: jobs.append((self.url, spider, settings)) or "j")
    assert schedule.main(["--url", "http://10.0.0.1:6800", "--url", "http://10.0.0.2:6800", "--outlets", "nato",
                          "--split"]) == 0
    assert [url for url, _, _ in jobs] == ["http://10.0.0.1:6800/", "http://10.0.0.2:6800/"]
    assert jobs[0][2] == jobs[1][2]
    settings = Settings({"SCHEDULER_QUEUE_KEY": "newswatch:%(spider)s:20260101T00:requests"})
    settings.setdict(dict(s.split("=", 1) for s in jobs[0][2]), priority="cmdline")  # what Scrapyd's -s does
    queue = settings.get("SCHEDULER_QUEUE_KEY") % {"spider": "nato"}
    assert re.fullmatch(r"newswatch:nato:\d{8}T\d{6}:requests", queue)
    assert settings.get("SCHEDULER_DUPEFILTER_KEY") % {"spider": "nato"} == queue.replace(":requests", ":dupefilter")
