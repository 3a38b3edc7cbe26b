"""Perf round 14: the crawl's fixed start. Each shortcut against the work it replaces, on the packaged lexicons and
the labelled topic set: the topics' compiled patterns and the check of their forms kept on disk between crawls
(``newswatch._pattern_cache``), the lexicons read with libyaml, the inflection endings in a fixed order."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.topics_eval import HOLDOUTS, load_holdout, load_labelled
from newswatch import _pattern_cache as _cache
from newswatch.topics import TopicMatcher
from newswatch.topics import _lexicon as lexicon
from newswatch.topics import _matcher as matcher_module

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A cache directory of the test's own."""
    monkeypatch.setenv("NEWSWATCH_CACHE_DIR", str(tmp_path / "cache"))
    return _cache.cache_dir()


@pytest.fixture(scope="module")
def sources():
    """Real topic pattern texts: every topic's Ukrainian pattern and the signal words' (compiled with nothing kept)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSWATCH_CACHE_DIR", "off")
        common = lexicon.load_common()
        topics = lexicon.load_topics(lexicon.LEXICON_DIR, common)
        found = [topic.pattern("uk", common["endings"]).regex.pattern for topic in topics]
        found += [regex.pattern for regex in lexicon.load_signals(lexicon.LEXICON_DIR, common["endings"]).values()]
    return found


@pytest.fixture
def no_compile(monkeypatch):
    """Fails a test that parses and compiles a pattern it should have loaded."""
    def built(*args, **kwargs):
        raise AssertionError("compiled again instead of loaded")

    return lambda: monkeypatch.setattr(_cache, "_build", built)


def _compile_kept(sources) -> list:
    with _cache.bundle("test topics"):
        return [matcher_module.compile_with_prefixes(source) for source in sources]


def test_a_kept_pattern_equals_re_compile_and_keeps_its_prefixes(kept, sources, no_compile):
    first = _compile_kept(sources)  # compiled, and kept
    assert len(list(kept.glob("*.bundle"))) == 1  # one file for the build, whatever its patterns
    no_compile()
    for source, loaded, compiled in zip(sources, _compile_kept(sources), first, strict=True):
        plain = re.compile(source)
        # Pattern equality compares the source, the flags and the engine's code
        assert loaded == plain and loaded is not plain and compiled == plain
        assert (loaded.groups, loaded.groupindex, loaded.flags) == (plain.groups, plain.groupindex, plain.flags)
        prefixes = matcher_module._prefixes_of_tree(matcher_module._sre_parse.parse(source, 0))
        assert matcher_module.literal_prefixes(loaded) == prefixes and prefixes
        assert matcher_module.literal_prefixes(compiled) == prefixes


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "other interpreter"])
def test_a_damaged_or_foreign_file_is_compiled_again(kept, monkeypatch, damage):
    source = r"(?<!\w)(?:н(?:ат(?:о(?!\w)()|івськ\w*(?!\w)()))|k(?:yiv(?!\w)()))"
    (first,) = _compile_kept([source])
    (path,) = kept.glob("*.bundle")
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[:-7])
    elif damage == "flip":
        path.write_bytes(data[:-3] + bytes([data[-3] ^ 1]) + data[-2:])
    elif damage == "garbage":
        path.write_bytes(b"\x00\xff not a header")
    else:
        path.write_bytes(data.replace(_cache.TAG.encode(), _cache.TAG.replace("|", "/").encode()))
    built = []
    build = _cache._build
    monkeypatch.setattr(_cache, "_build", lambda *args: built.append(args) or build(*args))
    (again,) = _compile_kept([source])
    assert built == [(source, 0)]  # parsed and compiled once, for the pattern and its prefixes
    assert again == first == re.compile(source)
    assert matcher_module.literal_prefixes(again) == matcher_module.literal_prefixes(re.compile(source))
    assert "kyiv" in matcher_module.literal_prefixes(again)
    (loaded,) = _compile_kept([source])  # rewritten whole
    assert len(built) == 1 and loaded == first


def test_caching_off_and_an_unwritable_directory_cost_only_time(tmp_path, monkeypatch):
    source = r"(?<!\w)(?:nato(?!\w)())"
    monkeypatch.setenv("NEWSWATCH_CACHE_DIR", "off")
    assert _cache.cache_dir() is None
    assert _compile_kept([source]) == [re.compile(source)]
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("NEWSWATCH_CACHE_DIR", str(blocker / "cache"))
    assert _compile_kept([source]) == [re.compile(source)]
    assert _compile_kept([source]) == [re.compile(source)]
    assert matcher_module.literal_prefixes(_compile_kept([source])[0]) == {"nato"}


def test_a_build_keeps_one_file_holding_what_it_used_last(kept):
    """Each lexicon edit changes the patterns' texts: the build's file is rewritten with the new ones only."""
    for n in range(9):
        _compile_kept([f"(?<!\\w)(?:word{n}(?!\\w)())", r"(?<!\w)(?:nato(?!\w)())"])
    (path,) = kept.iterdir()
    build = _cache._build
    built = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_cache, "_build", lambda *args: built.append(args[0]) or build(*args))
        _compile_kept([r"(?<!\w)(?:word7(?!\w)())", r"(?<!\w)(?:nato(?!\w)())"])
    assert built == [r"(?<!\w)(?:word7(?!\w)())"]  # word7 was dropped from the file when word8 came


def test_verdicts_equal_with_kept_patterns_and_without(kept, no_compile):
    """Every labelled article (uk, ru, en) and the last holdouts', with a matcher that compiled its patterns (and kept
    them) and one that loaded what the first kept: the same scores, terms, positions and topics."""
    rows = load_labelled() + [row for name in HOLDOUTS[-3:] for row in load_holdout(name=name)]
    languages = tuple(sorted({row["language"] for row in rows})) + ("pl",)
    fresh = TopicMatcher()
    fresh.compile_all(languages)
    assert len(list(kept.glob("*.bundle"))) >= 4  # the lexicons' (forms checked, signals), a language's patterns each
    no_compile()
    loaded = TopicMatcher()
    loaded.compile_all(languages)
    calls = [(row["title"], row["body"], row.get("description"), row["language"]) for row in rows]
    calls += [(title, body, None, "pl") for title, body, _, _ in calls[:20]]  # a language of no lexicon
    assert [loaded.match(*call) for call in calls] == [fresh.match(*call) for call in calls]
    assert sum(bool(fresh.match(*call).topic_names) for call in calls) > len(calls) // 4


def _old_check(path, checks, endings):
    # the check as it was: every form compiled, in order
    for form, label in checks:
        try:
            lexicon.expand_leading(form)
            re.compile(lexicon.form_regex(form, endings))
        except (re.error, lexicon.LexiconError) as exc:
            raise lexicon.LexiconError(f"{path}: form {form!r} of {label!r}: {exc}") from exc


def _error(check, *args):
    try:
        check(*args)
    except lexicon.LexiconError as exc:
        return str(exc)
    return None


def test_forms_checked_before_are_not_compiled_again_and_bad_forms_still_fail_alike(kept, monkeypatch):
    endings = lexicon.load_common()["endings"]
    good = [("Україн<uk_noun_a>", "Ukraine"), ("(St.|Saint) Petersburg", "spb"), ("air ?base*", "base")]
    with _cache.bundle("test forms"):
        assert _error(lexicon._check_forms, "x.yaml", good, endings) is None
    compiled = []
    monkeypatch.setattr(lexicon.re, "compile", lambda *a: compiled.append(a) or re.compile(*a))
    with _cache.bundle("test forms"):
        assert _error(lexicon._check_forms, "x.yaml", good, endings) is None and compiled == []
    monkeypatch.undo()
    # one bad form among the good ones (checked before): named as the old check names it, whichever way it fails
    for bad in [("Nato (alliance", "open"), ("*ukraine", "star"), ("a [b]", "class"), ("x<nope>", "class name"),
                ("a??", "repeat")]:
        for checks in ([*good, bad], [bad, *good], [good[0], bad, ("(y", "second bad")]):
            expected = _error(_old_check, "x.yaml", checks, endings)
            assert expected and _error(lexicon._check_forms, "x.yaml", checks, endings) == expected
            with _cache.bundle("test forms"):
                assert _error(lexicon._check_forms, "x.yaml", checks, endings) == expected


def test_the_packaged_topics_load_alike_with_the_check_kept(kept, monkeypatch):
    common = lexicon.load_common()
    with _cache.bundle("test lexicons"):
        first = lexicon.load_topics(lexicon.LEXICON_DIR, common)
    monkeypatch.setattr(lexicon, "_all_compile", lambda regexes: pytest.fail("checked again"))
    with _cache.bundle("test lexicons"):
        assert lexicon.load_topics(lexicon.LEXICON_DIR, common) == first
    assert len(list(kept.glob("*.bundle"))) == 1


def test_lexicons_read_with_libyaml_are_the_data_safe_load_reads():
    paths = [lexicon.COMMON_FILE, *lexicon.LEXICON_DIR.rglob("*.yaml")]
    assert len(paths) >= 6
    for path in paths:
        text = path.read_text("utf-8")
        assert yaml.load(text, Loader=lexicon._SafeLoader) == yaml.safe_load(text), path


def test_an_inflection_class_compiles_to_the_same_text_whatever_the_order_of_its_endings():
    """The endings were a set sorted by length: equally long ones came in the string hash's order, so each process
    had its own pattern text (same matches: equally long distinct literals never both match at one place), and no
    kept pattern was ever found again."""
    endings = ("", "а", "и", "і", "у", "ою", "ам", "ах", "ями")
    texts = {lexicon.form_regex("Україн<c>", {"c": order}) for order in itertools.permutations(endings[:6])}
    assert len(texts) == 1
    pattern = re.compile(texts.pop())
    for word, found in [("Україна", True), ("Україною", True), ("України", True), ("Українах", False)]:
        assert bool(pattern.fullmatch(word)) is found


def test_the_settings_import_scrapys_tls_modules_first_and_the_spiders_pay_no_stack_walk():
    """Scrapy's TLS modules walk the stack (inspect.stack) to name three deprecated aliases: imported by the settings,
    before the spiders and what they load, the walk is short; the spiders then reach no such walk. The aliases are
    named as before (the walk's answer is the module that defines them)."""
    code = """if True:
        import inspect, sys
        import newswatch.settings
        assert "scrapy.core.downloader.contextfactory" in sys.modules
        calls = []
        inspect.stack = lambda *args, **kwargs: calls.append(args) or []
        import newswatch.spiders, newswatch.pipelines
        from scrapy.core.downloader import contextfactory, tls
        print(len(calls), tls.ScrapyClientTLSOptions.__module__, contextfactory.ScrapyClientContextFactory.__module__,
              contextfactory.AcceptableProtocolsContextFactory.__module__)
    """
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "scrapy.core.downloader.tls", "scrapy.core.downloader.contextfactory",
                                   "scrapy.core.downloader.contextfactory"]


def _old_form_regex(form, endings, *, whole_word=True):
    # form_regex as it was before this round (the endings' order as now: see the test above)
    out = []
    i = 0
    while i < len(form):
        ch = form[i]
        if ch == "<":
            end = form.find(">", i)
            if end < 0:
                raise lexicon.LexiconError(f"unclosed '<' in {form!r}")
            name = form[i + 1 : end]
            if name not in endings:
                raise lexicon.LexiconError(f"unknown inflection class <{name}> in {form!r}")
            alternatives = sorted(set(endings[name]), key=lambda ending: (-len(ending), ending))
            out.append("(?:" + "|".join(re.escape(e) for e in alternatives) + ")")
            i = end + 1
            continue
        if ch == "*":
            out.append(r"\w*")
        elif ch == " " and form.startswith("?", i + 1):
            out.append(r"(?:\s+)?")
            i += 1
        elif ch == " ":
            out.append(r"\s+")
        elif ch == "(":
            out.append("(?:")
        elif ch in ")|?":
            out.append(ch)
        elif ch in "[]":
            raise lexicon.LexiconError(f"'[' and ']' are not form syntax (use a group): {form!r}")
        elif ch == "\\" and i + 1 < len(form):
            i += 1
            out.append(re.escape(form[i]))
        else:
            out.append(re.escape(ch))
        i += 1
    body = "".join(out)
    return r"(?<!\w)(?:" + body + r")(?!\w)" if whole_word else body


def _outcome(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except lexicon.LexiconError as exc:
        return ("error", str(exc))


def test_form_regex_reads_a_form_in_pieces_as_it_read_it_character_by_character():
    import random

    common = lexicon.load_common()
    endings = common["endings"]
    topics = lexicon.load_topics(lexicon.LEXICON_DIR, common)
    forms = {lexicon.fold(form).lower() for topic in topics for term in topic.terms for form in term.forms}
    forms |= {lexicon.fold(phrase).lower() for topic in topics for phrase in topic.ignore}
    # what the topic's compile hands it: each variant without its first character (and without its first two)
    rests = {variant[k:] for form in forms for variant in lexicon.expand_leading(form) for k in (1, 2)}
    assert len(forms) > 2000
    names = sorted(endings)
    pieces = ["a", "ї", "Q", ".", "-", "'", " ", " ?", "?", "*", "(", ")", "|", "[", "]", "\\", "\\(", "\\\n", "<",
              ">", "<nope>", "<>", "\n", "+", "{2}", "$", *[f"<{name}>" for name in names[:6]]]
    rng = random.Random(14)
    hostile = {"".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))) for _ in range(3000)}
    for form in sorted(forms | rests | hostile):
        for whole_word in (True, False):
            assert _outcome(lexicon.form_regex, form, endings, whole_word=whole_word) == _outcome(
                _old_form_regex, form, endings, whole_word=whole_word), form


def test_a_crawl_into_the_embedded_store_never_imports_pymongo_and_mongodb_still_loads_it():
    """pymongo is ~0.4 s of CPU to import: the crawl process loads it only for a MongoDB store or state."""
    code = """if True:
        import sys
        import newswatch.settings, newswatch.spiders, newswatch.pipelines, newswatch.extensions
        from newswatch.state import open_state
        from newswatch.storage import build_store
        build_store(db_path="unused.sqlite3")
        print("pymongo" in sys.modules)
        from newswatch.storage import MongoStore, redact_uri
        store = build_store(mongo_uri="mongodb://user:secret@127.0.0.1:9/x")
        print("pymongo" in sys.modules, type(store) is MongoStore, redact_uri("mongodb://user:secret@127.0.0.1:9/x"))
    """
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True", "mongodb://user:***@127.0.0.1:9"]


def test_no_home_directory_keeps_nothing_rather_than_writing_under_the_working_directory(monkeypatch):
    monkeypatch.delenv("NEWSWATCH_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # what it returns when there is no home to expand
    assert _cache.cache_dir() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/crawler")
    assert str(_cache.cache_dir()).startswith("/var/cache/crawler/newswatch/topics-")
