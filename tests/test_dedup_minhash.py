"""The numpy MinHash in newswatch.dedup._near gives datasketch's values bit for bit (stored signatures stay valid)."""

from __future__ import annotations

import random
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
