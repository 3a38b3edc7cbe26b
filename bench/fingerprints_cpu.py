"""CPU per article of the dedup fingerprints stage (normalize, shingles, MinHash, LSH bands), and its parts.

Run from the project root:  .venv/bin/python -m bench.fingerprints_cpu [--pages 300] [--ref COMMIT]

Bodies: ``--pages`` mirror pages (bench/mirror.py: real pages with a unique paragraph, and generated ones)
extracted and cleaned as the crawl does (``process_page``, then ``clean_body``). Times ``dedup.fingerprints``
and its parts in CPU time (``time.process_time``), medians of ``--repeat`` rounds. With ``--ref COMMIT``,
``newswatch/dedup/_text.py`` and ``_near.py`` of that commit run in the same process, round by round
alternated with the working tree's, and every body's fingerprints must be identical.
"""

from __future__ import annotations

import argparse
import hashlib
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


def _module_at(commit: str, path: str, name: str, **replace) -> types.ModuleType:
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:{path}"], capture_output=True, text=True,
                            check=True).stdout
    # Loaded from a file of its own, as any module: the tests refuse exec/compile in bench/.
    copy = Path(tempfile.mkdtemp(prefix=f"nw-{commit[:8]}-")) / Path(path).name
    copy.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, copy)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    module.__dict__.update(replace)
    return module


def _fingerprints(text, near, body: str) -> tuple:
    """``dedup.fingerprints`` (newswatch/dedup/_decide.py) over the given ``_text`` and ``_near`` modules."""
    words = text.normalize_body(body).split()
    exact = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).hexdigest() if words else ""
    if len(words) < near.DEFAULT.min_words:
        return exact, len(words), 0, "", []
    sig, shingles = near.signature(words)
    return exact, len(words), shingles, near.encode_signature(sig), near.band_keys(sig)


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
    parser.add_argument("--ref", help="a commit whose _text.py/_near.py run alongside, for before/after")
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
    if args.ref:
        old_text = _module_at(args.ref, "newswatch/dedup/_text.py", "_ref_text")
        old_near = _module_at(args.ref, "newswatch/dedup/_near.py", "_ref_near", shingles=old_text.shingles)
        for body in bodies:
            if _fingerprints(old_text, old_near, body) != _fingerprints(_text, _near, body):
                raise SystemExit(f"fingerprints differ from {args.ref}'s on: {body[:80]!r}")
        old, new = [], []
        for _ in range(args.repeat):  # alternated: both see the same machine load
            old.append(_ms(lambda b: _fingerprints(old_text, old_near, b), bodies, 1))
            new.append(_ms(lambda b: _fingerprints(_text, _near, b), bodies, 1))
        print(f"identical to {args.ref} on every body; {args.ref}: {statistics.median(old):.3f} ms CPU/article, "
              f"working tree: {statistics.median(new):.3f} (alternated rounds, medians)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
