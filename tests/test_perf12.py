"""Performance round 12: each shortcut gives what the work it replaces gave, on real bodies.

The fingerprints' short blake2b hashes (band keys, quoted shingles, numbers) are copies of an empty state fed one value
(:func:`newswatch.dedup._text.blake2b_hex`), the sentence sketch is packed with ``struct``, not numpy, and the
quotations' words are split once (``normalize_marked``, not ``normalize_body``'s join and a split again). Compared
here with the work they replace on the hand-written dedup sets' bodies (uk/ru/en, quotes, figures); whole-chain
equality (every output of 200 bench pages and the fixtures against the round's base commit): ``python -m
bench.worker_cpu --pages 200 --fixtures --ref <base>``, and ``python -m bench.fingerprints_cpu --ref <base>``.

``bench.worker_cpu`` keeps the modules a version imports while it runs (``newswatch.extract._body``, imported lazily by
``process_page``): it imported them again, and read their rules again, on every run of every page.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
import yaml

from newswatch.dedup import _near, _quotes, _sentences, _template, _text, fingerprints

ROOT = Path(__file__).resolve().parents[1]
SETS = sorted((ROOT / "bench" / "data" / "dedup").glob("*pairs.yaml"))


@pytest.fixture(scope="module")
def bodies() -> list[str]:
    found = []
    for path in SETS:
        docs = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("docs") or {}
        found += [doc["body"] for doc in docs.values() if isinstance(doc, dict) and doc.get("body")]
    # a body with no sentence end (one "sentence" of more than MAX_STEMS stems), a lone surrogate, nothing
    found += [" ".join(found[:3]).replace(".", " ").replace("\n", " "),
              "Київ \ud800 2024 року «цитата з кількох слів тут»", ""]
    return found


def test_the_sets_hold_enough_bodies(bodies):
    assert len(bodies) > 150
    assert sum(any(q in body for q in "«“\"") for body in bodies) > 50


def test_blake2b_hex_gives_the_constructors_digests(bodies):
    values = [b"", b"x" * 5000]  # a state past 2 KB holds a lock in CPython's blake2b: copied from the empty one
    for body in bodies[:60]:
        words = _text.normalize_body(body).split()
        values += sorted(_text.shingles(words, 3))
    for size in (4, 6, 16):
        assert _text.blake2b_hex(hashlib.blake2b(digest_size=size), values) == [
            hashlib.blake2b(value, digest_size=size).hexdigest() for value in values]


def _band_keys_before(sig, params=_near.DEFAULT) -> list[str]:
    raw = np.ascontiguousarray(sig, dtype="<u4").tobytes()
    step = params.rows * 4
    return [f"{band:02x}" + hashlib.blake2b(raw[band * step : (band + 1) * step], digest_size=6).hexdigest()
            for band in range(params.bands)]


def _hex32(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()


def _quoted_words_before(body: str) -> list[list[str]]:
    quotes = [next(g for g in match.groups() if g is not None) for match in _quotes._QUOTED.finditer(body)]
    quotes += _quotes._embedded_posts(body)  # (holdout19) an embedded post's text is quoted too
    if len(quotes) < 2 or _quotes._JOIN in body:
        return [_text.normalize_body(quote).split() for quote in quotes]
    out: list[list[str]] = [[]]
    for word in _text.normalize_body(f" {_quotes._JOIN} ".join(quotes)).split():
        if word == _quotes._JOIN:
            out.append([])
        else:
            out[-1].append(word)
    return out


def _quoted_before(body: str, size: int) -> tuple[str, int]:
    found: set[bytes] = set()
    for words in _quoted_words_before(body):
        if len(words) >= size:
            found |= _text.shingles(words, size)
    if not found:
        return "", 0
    hashes = sorted(hashlib.blake2b(shingle, digest_size=4).hexdigest() for shingle in found)
    return "".join(hashes[:_quotes.QUOTED_KEPT]), len(found)


def _sentence_sketch_before(marked: str) -> tuple[str, list[str]]:
    kept: list[list[int]] = []
    keys: set[int] = set()
    for line in marked.split("\n"):
        stems = {w[:_sentences.STEM]: len(w) >= _sentences.KEY_WORD for w in line.split()
                 if len(w) >= _sentences.STEM or w < ":"}
        if len(stems) < _sentences.MIN_STEMS:
            continue
        hashes = [zlib.crc32(stem.encode("utf-8", "surrogatepass")) for stem in stems]
        long = [h for h, is_long in zip(hashes, stems.values(), strict=True) if is_long]
        if long:
            keys.add(min(long))
        kept.append(hashes if len(hashes) <= _sentences.MAX_STEMS else sorted(hashes)[:_sentences.MAX_STEMS])
        if len(kept) == _sentences.MAX_SENTENCES:
            break
    if not kept:
        return "", []
    values = np.array([len(kept), *map(len, kept), *(h for hashes in kept for h in hashes)], dtype=np.uint32)
    encoded = base64.b64encode((values & 0xFFFF).astype("<u2").tobytes()).decode("ascii")
    return encoded, [f"ff{key:012x}" for key in sorted(keys)[:_sentences.KEYS]]


def test_fingerprint_parts_are_the_ones_they_replace(bodies):
    long_sentences = quoted = 0
    for body in bodies:
        marked = _text.normalize_marked(body)
        words = marked.split()
        assert _sentences.sentence_sketch(marked) == _sentence_sketch_before(marked)
        long_sentences += any(len(set(line.split())) > _sentences.MAX_STEMS for line in marked.split("\n"))
        numbers = set(_template.numbers_of(words))
        assert _template.number_sketch(words) == (
            "".join(sorted(map(_hex32, numbers))[:_template.NUMBERS_KEPT]), len(numbers))
        assert _quotes._quoted_words(body) == _quoted_words_before(body)
        assert _quotes.quoted_sketch(body, 3) == _quoted_before(body, 3)
        quoted += bool(_quotes.quoted_sketch(body, 3)[1])
        if len(words) >= _near.DEFAULT.min_words:
            sig = _near.signature(words)[0]
            assert _near.band_keys(sig) == _band_keys_before(sig)
            # (a body of 12+ figures is also keyed by them, dedup round 18: ``fg`` keys after the bands)
            assert [key for key in fingerprints(body)["bands"] if not key.startswith("fg")] == _band_keys_before(sig)
    assert long_sentences and quoted > 50


def test_worker_cpu_keeps_the_modules_a_version_imports_while_it_runs():
    # In a process of its own: the bench swaps sys.modules and trafilatura's lists.
    script = """
import importlib, sys
import newswatch.extract._body as body
from bench import worker_cpu as wc
version = object.__new__(wc.Version)
version.modules = {k: m for k, m in wc._ours(sys.modules).items() if k != "newswatch.extract._body"}
version.lists = {}
with version.active():  # process_page imports it lazily, as here
    first = importlib.import_module("newswatch.extract._body")
assert first is not body and version.modules["newswatch.extract._body"] is first
with version.active():
    assert importlib.import_module("newswatch.extract._body") is first
assert sys.modules["newswatch.extract._body"] is body
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
