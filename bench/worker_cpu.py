"""CPU per article on the worker processes, per stage: the crawl's worker calls, one process, warm.

Run from the project root:

    .venv/bin/python -m bench.worker_cpu [--pages 200] [--repeat 5] [--fixtures] [--ref COMMIT] [--profile FILE]
    .venv/bin/python -m bench.worker_cpu --fixtures --dump FILE     # every output, as JSON (or --check FILE)

Each page goes through what the workers run for an article, as the spider and the pipelines call it:
``process_article`` (parse + metadata, clean_tree, body extraction, the item loader), then ``clean_body``,
``match_topics`` and ``fingerprints`` on the item. Pages: ``--pages`` pages of the bench mirror
(bench/mirror.py's page builder, no server: real pages of ../shared/datasets/readability-news with a unique
paragraph, and generated articles); with ``--fixtures`` also the 38 readability-news pages as they are and
tests/fixtures/extract_unseen* and clean_unseen*. Times are CPU time (``time.process_time``); the stages inside
``process_article`` are its own ``timings`` read with ``process_time`` instead of ``perf_counter``. For each
page the median of ``--repeat`` runs (after one warm-up run) is taken; printed: the mean over pages of those
medians (CPU ms per article) and their median.

``--ref COMMIT``: the package as it was at COMMIT (``git archive`` into a temp dir) is imported beside the
working tree's in this process, and both run every page, alternated page by page, so both see the same
machine load; every output is compared (the item without ``crawled_at``, the cleaned body and its report,
the topics, the fingerprints) and differences are listed. trafilatura's XPath lists, which the package changes in
place on import (``newswatch/extract/_xpathguard.py``), are swapped in and out with each version, so a ref
without that change runs trafilatura's own; so are the trafilatura functions a version replaces
(``newswatch/extract/_pagetext.py``), which would otherwise be those of the version imported last.
``--profile FILE``: a cProfile of the working tree's runs (``python -m pstats FILE``, or snakeviz).

``--instructions`` (with ``--ref``): each page runs once per version, the working tree's calls through
``operator.call`` and the ref's through ``functools.reduce``, C functions used nowhere else in the chain, so under
callgrind their inclusive costs are each version's instructions for all the pages (load-independent)::

    valgrind --tool=callgrind --cache-sim=no --callgrind-out-file=/tmp/wcg.out \
        .venv/bin/python -m bench.worker_cpu --pages 40 --ref COMMIT --instructions
    callgrind_annotate --inclusive=yes --threshold=100 /tmp/wcg.out | grep -E "_operator_call|functools_reduce"
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import cProfile
import dataclasses
import functools
import importlib
import json
import operator
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import types
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / ".." / "shared" / "datasets" / "readability-news"
FIXTURES = ROOT / "tests" / "fixtures"
#: The fetch time given to every page (as the spider gives the response's Date): after every fixture's date.
FETCHED_AT = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
MIRROR_BASE = "http://127.0.0.1:8000"
STAGES = ("metadata", "clean_html", "body", "load", "clean_body", "match_topics", "fingerprints")
_MODULES = ("newswatch.process", "newswatch.loaders", "newswatch.clean", "newswatch.topics", "newswatch.dedup")


def pages(mirror: int, fixtures: bool) -> list[dict]:
    """``{"name", "html", "url"}`` per page: ``mirror`` bench-mirror pages, then (``fixtures``) the others."""
    sys.path.insert(0, str(ROOT))
    from bench.mirror import page

    found = [{"name": f"mirror/{i}", "html": page(i, MIRROR_BASE, FETCHED_AT), "url": f"{MIRROR_BASE}/a/{i}.html"}
             for i in range(mirror)]
    if fixtures:
        for folder in sorted(p for p in DATASET.resolve().iterdir() if (p / "source.html").is_file()):
            found.append({"name": f"readability/{folder.name}", "html": (folder / "source.html").read_bytes(),
                          "url": f"https://{folder.name}.example/article"})
        for path in sorted(FIXTURES.glob("extract_unseen*/*.html")):
            expected = path.with_suffix(".json")
            url = json.loads(expected.read_text(encoding="utf-8"))["url"] if expected.is_file() else None
            found.append({"name": f"{path.parent.name}/{path.stem}", "html": path.read_bytes(),
                          "url": url or f"https://{path.stem}.example/article"})
        for path in sorted(FIXTURES.glob("clean_unseen*/*.html")):
            found.append({"name": f"{path.parent.name}/{path.stem}", "html": path.read_bytes(),
                          "url": f"https://{path.stem}.example/article"})
    return found


def _ours(modules: dict) -> dict:
    return {k: m for k, m in modules.items() if k == "newswatch" or k.startswith("newswatch.")}


def _trafilatura_lists() -> dict[str, list]:
    """trafilatura's XPath lists: a version of the package may change them in place on import
    (newswatch.extract._xpathguard), so each version runs with the lists it left."""
    import lxml.etree
    import trafilatura.xpaths

    return {name: value for name, value in vars(trafilatura.xpaths).items()
            if isinstance(value, list) and value and all(isinstance(x, lxml.etree.XPath) for x in value)}


#: trafilatura functions (and its options class) a version replaces by name inside its own calls
#: (newswatch/extract/_pagetext.py): each
#: version runs with those it installed, not with those of the version imported last.
_FUNCTIONS = (("trafilatura.core", "html2txt"), ("trafilatura.core", "_prepare_tree"),
              ("trafilatura.core", "Extractor"), ("trafilatura.core", "bare_extraction"),
              ("trafilatura.core", "baseline"), ("trafilatura.core", "_recall_retry"),
              ("trafilatura.core", "prune_unwanted_nodes"))


def _functions() -> dict[tuple[str, str], object]:
    importlib.import_module("trafilatura.core")
    return {(module, name): getattr(sys.modules[module], name, None) for module, name in _FUNCTIONS}


def _set_functions(values: dict[tuple[str, str], object]) -> None:
    for (module, name), value in values.items():
        setattr(sys.modules[module], name, value)


_PRISTINE = {name: list(value) for name, value in _trafilatura_lists().items()}  # before any version is imported
_PRISTINE_FUNCTIONS = _functions()


def _take_lists() -> dict:
    """The lists (and, under the key ``None``, the functions) as the version just imported left them;
    trafilatura's own put back for the next import."""
    lists = _trafilatura_lists()
    taken = {name: list(value) for name, value in lists.items()}
    for name, value in lists.items():
        value[:] = _PRISTINE[name]
    taken[None] = _functions()
    _set_functions(_PRISTINE_FUNCTIONS)
    return taken


class Version:
    """One version of the package, with its own modules; :meth:`active` puts them in ``sys.modules`` (the code
    imports some modules inside functions, at call time)."""

    def __init__(self, label: str, modules: dict, lists: dict[str, list]):
        self.label = label
        self.modules = modules
        self.lists = lists
        process = modules["newswatch.process"]
        # process_article's stage timings in CPU time: its module reads the clock through ``time.perf_counter``.
        process.time = types.SimpleNamespace(perf_counter=time.process_time)
        self.process_article = process.process_article
        self.clean_body = modules["newswatch.clean"].clean_body
        self.site_rules_for = modules["newswatch.clean"].site_rules_for
        self.match_topics = modules["newswatch.topics"].match_topics
        self.fingerprints = modules["newswatch.dedup"].fingerprints
        self._rules: dict = {}
        with self.active():
            process.warm_up()

    @classmethod
    def current(cls) -> Version:
        for name in _MODULES:
            importlib.import_module(name)
        return cls("working tree", _ours(sys.modules), _take_lists())

    @classmethod
    def at(cls, commit: str, overlay: tuple[str, ...] = ()) -> Version:
        """The package at ``commit``, with the working tree's copy of each file under ``overlay`` paths."""
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "newswatch"], capture_output=True,
                                 check=True).stdout
        directory = tempfile.mkdtemp(prefix=f"nw-{commit[:8]}-")
        atexit.register(shutil.rmtree, directory, True)  # the package's copy, gone with the run
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(directory, filter="data")
        for path in overlay:
            source = ROOT / path
            for file in [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file()):
                target = Path(directory) / file.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file, target)
        current = _ours(sys.modules)
        for key in current:
            del sys.modules[key]
        sys.path.insert(0, directory)
        try:
            for name in _MODULES:
                importlib.import_module(name)
            modules = _ours(sys.modules)
            lists = _take_lists()
        finally:
            for key in _ours(sys.modules):
                del sys.modules[key]
            sys.path.remove(directory)
            sys.modules.update(current)
        return cls(commit + (" + " + " ".join(overlay) if overlay else ""), modules, lists)

    @contextlib.contextmanager
    def active(self):
        saved = _ours(sys.modules)
        for key in saved:
            del sys.modules[key]
        sys.modules.update(self.modules)
        lists = _trafilatura_lists()
        for name, value in lists.items():
            value[:] = self.lists.get(name, _PRISTINE[name])
        _set_functions(self.lists.get(None, _PRISTINE_FUNCTIONS))
        try:
            yield
        finally:
            # What the version imported or installed while active stays its own: process_page imports
            # newswatch.extract._body lazily, which changes trafilatura's lists and functions on import. Dropped at
            # the end of each run, it was imported again on the next, its rules read again (a YAML parse: ~30 ms a
            # page of "body" and ~30 ms more of process_article, from c8aa524 on).
            self.modules.update(_ours(sys.modules))
            self.lists = _take_lists()
            for key in _ours(sys.modules):
                del sys.modules[key]
            sys.modules.update(saved)

    def rules_for(self, source):
        if source not in self._rules:
            self._rules[source] = self.site_rules_for(source)
        return self._rules[source]

    def run(self, page: dict) -> tuple[dict, dict]:
        """The worker calls for one page: ``(CPU seconds per stage, outputs)``."""
        clock = time.process_time
        started = clock()
        done = self.process_article(page["html"], page["url"], declared_encoding="utf-8",
                                    site_rules=self.rules_for(None), sniff=True, fetched_at=FETCHED_AT,
                                    source=None, entry=None, default_language=None, overrides=None)
        seconds = {"process_article": clock() - started}
        seconds.update(done["timings"])
        item = done["item"]
        started = clock()
        body, report = self.clean_body(item.get("body") or "", item.get("language"), self.rules_for(item.get("source")),
                                       title=item.get("title"))
        seconds["clean_body"] = clock() - started
        started = clock()
        topics = self.match_topics(item.get("title"), body, item.get("description"), item.get("language"))
        seconds["match_topics"] = clock() - started
        started = clock()
        fingerprints = self.fingerprints(body)
        seconds["fingerprints"] = clock() - started
        return seconds, (item, done["error"], body, report, topics, fingerprints)


def _comparable(outputs: tuple) -> dict:
    """A page's outputs as plain JSON values (the item without ``crawled_at``), to compare and dump."""
    item, error, body, report, topics, fingerprints = outputs
    plain = {"item": {k: v for k, v in dict(item).items() if k != "crawled_at"}, "error": error,
             "clean_body": [body, report.to_dict()], "topics": dataclasses.asdict(topics),
             "topic_names": topics.topic_names, "fingerprints": fingerprints}
    return json.loads(json.dumps(plain, default=str, sort_keys=True))


def _diff(a, b, path="") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += _diff(a.get(key), b.get(key), f"{path}.{key}")
        return out
    if a != b:
        return [f"{path}: {str(a)[:200]!r} != {str(b)[:200]!r}"]
    return []


def _report(label: str, times: list[dict]) -> None:
    names = ["process_article", *STAGES]
    per_stage = {name: [t.get(name, 0.0) * 1000 for t in times] for name in names}
    total = [t["process_article"] + t["clean_body"] + t["match_topics"] + t["fingerprints"] for t in times]
    print(f"{label}: CPU ms per page (mean of per-page medians / median over pages)")
    for name in names:
        print(f"  {name:<16} {statistics.mean(per_stage[name]):7.3f} / {statistics.median(per_stage[name]):7.3f}")
    print(f"  {'worker total':<16} {statistics.mean(total) * 1000:7.3f} / {statistics.median(total) * 1000:7.3f}")


def _median_times(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="bench mirror pages (default 200)")
    parser.add_argument("--fixtures", action="store_true", help="also readability-news and the unseen fixtures")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ref", help="a commit whose package runs alongside, alternated page by page")
    parser.add_argument("--only", nargs="+", metavar="PATH",
                        help="with --ref: instead of the working tree, run COMMIT with only these paths (files or "
                             "folders) taken from the working tree: one change measured alone")
    parser.add_argument("--profile", help="write a cProfile of the working tree's runs to this file")
    parser.add_argument("--instructions", action="store_true",
                        help="with --ref: run each page once per version through its own C trampoline (callgrind)")
    parser.add_argument("--dump", help="write every page's outputs (working tree) to this JSON file")
    parser.add_argument("--check", help="compare every page's outputs with this JSON file (from --dump)")
    args = parser.parse_args()

    selected = pages(args.pages, args.fixtures)
    if args.only and not args.ref:
        parser.error("--only needs --ref")
    versions = [Version.at(args.ref, tuple(args.only)) if args.only else Version.current()]
    if args.ref:
        versions.append(Version.at(args.ref))
    if args.instructions:
        if not args.ref:
            parser.error("--instructions needs --ref")
        ours, ref = versions
        for page in selected:  # one run each; only the calls inside the two trampolines are counted
            with ours.active():
                operator.call(ours.run, page)
            with ref.active():
                functools.reduce(lambda _, run: run(page), [ref.run], None)
        print(f"{len(selected)} pages, once each: working tree in _operator_call, {args.ref} in functools_reduce")
        return 0
    profile = cProfile.Profile() if args.profile else None
    times: dict[str, list[dict]] = {v.label: [] for v in versions}
    outputs: dict[str, dict] = {}
    differences = 0
    for page in selected:
        results = {}
        for version in versions:
            with version.active():
                results[version.label] = _comparable(version.run(page)[1])  # warm-up run, and the outputs
        ours = results[versions[0].label]
        outputs[page["name"]] = ours
        if args.ref:
            diff = _diff(results[versions[1].label], ours)
            if diff:
                differences += 1
                print(f"DIFFERENT {page['name']}:", *diff[:10], sep="\n  ")
        runs: dict[str, list] = {v.label: [] for v in versions}
        for _ in range(args.repeat):
            for version in reversed(versions) if len(runs[versions[0].label]) % 2 else versions:
                with version.active():
                    if profile is not None and version is versions[0]:
                        profile.enable()
                    runs[version.label].append(version.run(page)[0])
                    if profile is not None:
                        profile.disable()
        for label, found in runs.items():
            if found:
                times[label].append(_median_times(found))
    print(f"{len(selected)} pages ({args.pages} mirror pages{', fixtures' if args.fixtures else ''}), "
          f"{args.repeat} runs each after a warm one")
    for version in versions:
        if times[version.label]:
            _report(version.label, times[version.label])
    if args.ref:
        print(f"outputs: {differences} of {len(selected)} pages differ from {args.ref}")
    if profile is not None:
        profile.dump_stats(args.profile)
        print(f"profile written to {args.profile}")
    if args.dump:
        Path(args.dump).write_text(json.dumps(outputs, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
        print(f"outputs written to {args.dump}")
    if args.check:
        expected = json.loads(Path(args.check).read_text(encoding="utf-8"))
        changed = [name for name in expected if _diff(expected[name], outputs.get(name))]
        for name in changed:
            print(f"CHANGED {name}:", *_diff(expected[name], outputs.get(name))[:10], sep="\n  ")
        print(f"check: {len(changed)} of {len(expected)} pages differ from {args.check}")
        return 1 if changed else 0
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
