"""CPU per article of the dedup fingerprints stage (normalize, shingles, MinHash, LSH bands), and its parts.

Run from the project root:  .venv/bin/python -m bench.fingerprints_cpu [--pages 300] [--ref COMMIT [--may-differ F..]]

Bodies: ``--pages`` mirror pages (bench/mirror.py: real pages with a unique paragraph, and generated ones)
extracted and cleaned as the crawl does (``process_page``, then ``clean_body``). Times ``dedup.fingerprints``
and its parts in CPU time (``time.process_time``), medians of ``--repeat`` rounds. With ``--ref COMMIT``,
the whole ``newswatch/dedup`` package of that commit (loaded under another name) runs ``fingerprints`` in the same
process, round by round alternated with the working tree's, and every field the commit's fingerprints have must
be identical in the working tree's (fields added since are not compared), except the ``--may-differ`` ones (a change
meant to alter them, e.g. ``edition``), whose differing bodies are counted.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
import types
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bodies(pages: int) -> list[str]:
    from bench.mirror import page
    from newswatch.clean import clean_body
    from newswatch.process import process_page

    now, base = datetime(2026, 11, 27, 12, tzinfo=UTC), "http://127.0.0.1:8000"
    bodies = []
    for i in range(pages):
        fields = process_page(page(i, base, now), f"{base}/a/{i}.html", declared_encoding="utf-8")
        bodies.append(clean_body(fields.get("body") or "", fields.get("language"), title=fields.get("title"))[0])
    return bodies


def _package_at(commit: str) -> types.ModuleType:
    """``newswatch.dedup`` as it was at ``commit``, imported as ``_ref_dedup_<commit>`` (its files copied out, their
    ``newswatch.dedup`` imports renamed), next to the working tree's."""
    name = f"_ref_dedup_{commit[:12]}".replace("-", "_").replace("~", "_").replace("^", "_")
    folder = Path(tempfile.mkdtemp(prefix="nw-ref-")) / name
    folder.mkdir()
    listing = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", f"{commit}:newswatch/dedup"],
                             capture_output=True, text=True, check=True).stdout.split()
    for file in listing:
        data = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:newswatch/dedup/{file}"],
                              capture_output=True, check=True).stdout
        if file.endswith(".py"):
            data = data.replace(b"newswatch.dedup", name.encode("ascii"))
        (folder / file).write_bytes(data)
    # Loaded from files of its own, as any package: the tests refuse exec/compile in bench/.
    spec = importlib.util.spec_from_file_location(name, folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and the package's own imports look it up
    spec.loader.exec_module(module)
    return module


def _ms(fn, items, repeat: int) -> float:
    rounds = []
    for _ in range(repeat):
        started = time.process_time()
        for item in items:
            fn(item)
        rounds.append(time.process_time() - started)
    return statistics.median(rounds) / len(items) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--ref", help="a commit whose newswatch/dedup runs alongside, for before/after")
    parser.add_argument("--may-differ", nargs="*", default=[], metavar="FIELD",
                        help="fields of --ref's fingerprints allowed to differ (counted, not refused)")
    args = parser.parse_args()

    from newswatch import dedup
    from newswatch.dedup import _near, _text

    bodies = _bodies(args.pages)
    dedup.fingerprints(bodies[0])  # the code-point table, once
    words = [_text.normalize_body(body).split() for body in bodies]
    signatures = [_near.signature(w)[0] for w in words]
    print(f"{len(bodies)} bodies, {statistics.mean(map(len, words)):.0f} words on average "
          f"({sum(b.isascii() for b in bodies)} ASCII-only)")
    print(f"fingerprints        {_ms(dedup.fingerprints, bodies, args.repeat):.3f} ms CPU/article")
    print(f"  normalize_body    {_ms(_text.normalize_body, bodies, args.repeat):.3f}")
    print(f"  shingles          {_ms(lambda w: _text.shingles(w, _near.DEFAULT.shingle), words, args.repeat):.3f}")
    print(f"  signature         {_ms(_near.signature, words, args.repeat):.3f} (shingles, SHA-1, permutations)")
    print(f"  band_keys         {_ms(_near.band_keys, signatures, args.repeat):.3f}")
    from newswatch.dedup import _editions
    print(f"  body_edition      {_ms(_editions.body_edition, bodies, args.repeat):.3f} (script, signature, MinHash)")
    if args.ref:
        ref = _package_at(args.ref)
        added: set[str] = set()
        differ = dict.fromkeys(args.may_differ, 0)
        for body in bodies:
            before, after = ref.fingerprints(body), dedup.fingerprints(body)
            if any(after.get(name) != value for name, value in before.items() if name not in differ):
                raise SystemExit(f"fingerprints differ from {args.ref}'s on: {body[:80]!r}")
            for name in differ:
                differ[name] += after.get(name) != before.get(name)
            added |= set(after) - set(before)
        for name, count in differ.items():
            print(f"{name}: differs from {args.ref}'s on {count} of {len(bodies)} bodies (--may-differ)")
        old, new = [], []
        for _ in range(args.repeat):  # alternated: both see the same machine load
            old.append(_ms(ref.fingerprints, bodies, 1))
            new.append(_ms(dedup.fingerprints, bodies, 1))
        ratio = statistics.median(new) / statistics.median(old)
        print(f"{args.ref}'s other fields identical on every body (added: {', '.join(sorted(added)) or 'none'}); "
              f"{args.ref}: {statistics.median(old):.3f} ms CPU/article, working tree: {statistics.median(new):.3f} "
              f"({ratio - 1:+.1%}; alternated rounds, medians)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
