"""Scoring helpers for extraction benchmarks (reusable by any bench script).

- :func:`tokens`: lower-cased word tokens; CJK characters count one token each (so Chinese and
  Japanese pages are not scored as a handful of sentence-long "words").
- :func:`shingles`: multiset (``Counter``) of ``k``-token shingles (default 4).
- :func:`html_text`: visible text of an HTML fragment (e.g. a reference ``expected.html``).
- :class:`Overlap`: matched / predicted / truth shingle counts for one page; ``precision``,
  ``recall``, ``f1``; add Overlaps together for micro-averaged totals over many pages.
- :func:`score_text`: ``Overlap`` of a predicted text against a truth text.
- :func:`load_dataset`: the pages of ``shared/datasets/readability-news`` as dicts.

Example::

    from bench._scoring import Overlap, load_dataset, score_text
    total = Overlap()
    for page in load_dataset():
        total += score_text(my_extract(page["html"]), page["truth"])
    print(total.precision, total.recall, total.f1)
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import lxml.html

DATASET = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "readability-news"

_TOKEN_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|[^\W_]+")


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower()) if text else []


def shingles(text: str, k: int = 4) -> Counter:
    toks = tokens(text)
    if len(toks) < k:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + k]) for i in range(len(toks) - k + 1))


def html_text(html: str) -> str:
    if not html.strip():
        return ""
    root = lxml.html.fromstring(html)
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return " ".join(t.strip() for t in root.itertext() if t.strip())


@dataclass
class Overlap:
    matched: int = 0
    predicted: int = 0
    truth: int = 0

    def __add__(self, other: Overlap) -> Overlap:
        return Overlap(self.matched + other.matched, self.predicted + other.predicted, self.truth + other.truth)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.truth if self.truth else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_text(predicted: str, truth: str, k: int = 4) -> Overlap:
    pred, true = shingles(predicted, k), shingles(truth, k)
    matched = sum((pred & true).values())
    return Overlap(matched, sum(pred.values()), sum(true.values()))


def load_dataset(root: Path = DATASET) -> list[dict]:
    """Every page: ``name``, ``html`` (source.html as bytes), ``truth`` (text of expected.html), ``meta``."""
    pages = []
    for folder in sorted(p for p in root.resolve().iterdir() if (p / "source.html").is_file()):
        meta_path = folder / "expected-metadata.json"
        pages.append(
            {
                "name": folder.name,
                "html": (folder / "source.html").read_bytes(),
                "truth": html_text((folder / "expected.html").read_text(encoding="utf-8")),
                "meta": json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {},
            }
        )
    return pages
