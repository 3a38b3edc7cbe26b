"""The numpy MinHash in newswatch.dedup._near gives datasketch's values bit for bit (stored signatures stay valid)."""

from __future__ import annotations

import functools
import random
import re
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from newswatch.dedup import fingerprints, normalize_body
from newswatch.dedup._near import DEFAULT, NearParams, band_keys, encode_signature, signature
from newswatch.dedup._text import shingles

DATASET = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "readability-news"


def _datasketch(words: list[str], params: NearParams) -> np.ndarray:
    minhash = MinHash(num_perm=params.num_perm, seed=params.seed)
    minhash.update_batch(list(shingles(words, params.shingle)))
    return minhash.hashvalues.astype("<u4")


def _bodies() -> list[str]:
    pages = sorted(DATASET.glob("*/expected.html"))[:12]
    return [p.read_text(encoding="utf-8", errors="replace") for p in pages]


@pytest.mark.parametrize("params", [DEFAULT, NearParams(num_perm=64, bands=16, seed=7, shingle=2)])
def test_signature_equals_datasketch_on_real_text(params):
    for body in _bodies():
        words = normalize_body(body).split()
        ours, count = signature(words, params)
        assert count == len(shingles(words, params.shingle))
        assert ours.dtype == np.dtype("<u4")
        assert np.array_equal(ours, _datasketch(words, params))


def test_signature_equals_datasketch_past_one_chunk_and_on_tiny_input():
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(3000)]
    for size in (1, 2, 3, 5000):  # 5000 words: more shingles than one hashing chunk
        words = [rng.choice(vocabulary) for _ in range(size)]
        assert np.array_equal(signature(words)[0], _datasketch(words, DEFAULT))


def test_fingerprint_bands_unchanged_for_cyrillic_body():
    body = ("Збройні сили України повідомили про нічну атаку дронів на енергетичні об'єкти. " * 4
            + "Москва заявила, що відповість на нові санкції, повідомили чиновники. " * 4)
    fp = fingerprints(body)
    words = normalize_body(body).split()
    expected = _datasketch(words, DEFAULT)
    assert fp["shingles"] == len(shingles(words, DEFAULT.shingle))
    assert fp["minhash"] == encode_signature(expected)
    assert fp["bands"] == band_keys(expected)


@functools.cache
def _format_characters() -> re.Pattern:
    return re.compile("[" + re.escape("".join(chr(c) for c in range(sys.maxunicode + 1)
                                              if unicodedata.category(chr(c)) == "Cf")) + "]")


def _normalize_by_regexes(body: str) -> str:
    """normalize_body's definition, step by step with regexes (what it computed before its code-point table)."""
    text = unicodedata.normalize("NFKC", body)
    text = _format_characters().sub("", text).casefold()
    text = re.sub("['’‘`´ʼʻ′]", "", text).replace("ё", "е").replace("ß", "ss")
    return " ".join(re.sub(r"[^\w]+|_+", " ", text).split())


_TRICKY = [
    "Zelensky’s aide said: «Ми переможемо» — and left.",  # typographic apostrophe, quotes, dash
    "обʼєкт об'єкт о\u00adб\u200bєкт",  # modifier-letter apostrophe (a word character), soft hyphen, ZWSP
    "\u0149 ŉ ʼn",  # casefolds to an apostrophe and a letter
    "Straße STRASSE ẞ Ёлка ёлка ΣΊΣΥΦΟΣ",
    "snake_case __init__ a_b_c 12_000",
    "ｆｕｌｌｗｉｄｔｈ ①②③ ﬁnance",  # NFKC compatibility forms
    "e\u0301te\u0301 Ω Å 한국어 日本語 عربي हिन्दी 🙂🇺🇦",  # combining marks, scripts, emoji
    "tab\there\x1cfile\x1dsep\u2028line\u3000ideographic\u00a0nbsp",
    "lone \ud800 surrogate \udfff here",  # not encodable: the slow path
    "",
    "'''` ´ ′ ’",
]


def test_normalize_body_equals_its_regex_definition_on_real_and_tricky_text():
    for body in _bodies() + _TRICKY:
        assert normalize_body(body) == _normalize_by_regexes(body)


def test_normalize_body_equals_its_regex_definition_on_random_code_points():
    rng = random.Random(11)
    planes = [(0, 0x80), (0x80, 0x800), (0x800, 0x10000), (0x10000, sys.maxunicode + 1)]
    for _ in range(300):
        low, high = rng.choice(planes)
        body = "".join(chr(rng.randrange(low, high)) if rng.random() < 0.7 else rng.choice(" ,.'’") for _ in range(60))
        assert normalize_body(body) == _normalize_by_regexes(body)


def test_shingles_equal_joined_word_windows_even_with_odd_words():
    for words in (["a b", "c", "d", "e"], ["x", "", "y", "z"], ["ünï", "cödé", "wörds", "ünï", "cödé"], ["one"]):
        expected = {" ".join(words[i : i + 3]).encode("utf-8") for i in range(max(1, len(words) - 2))}
        assert shingles(words, 3) == expected
