"""The topic matcher against the labelled set (bench/data/topics): the targets of issue 4 as a regression gate."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.topics_eval import LANGUAGES, TARGETS, TOPICS, evaluate, load_labelled


@pytest.fixture(scope="module")
def report():
    return evaluate()


def test_labelled_set_is_large_balanced_and_consistent():
    rows = load_labelled()
    assert len(rows) >= 200
    per_language = Counter(r["language"] for r in rows)
    assert all(per_language[lang] >= 60 for lang in LANGUAGES), per_language
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert row["relevant"] == bool(row["topics"]), row["id"]
        assert set(row["topics"]) <= set(TOPICS), row["id"]
        assert row["title"].strip() and row["body"].strip(), row["id"]
    for lang in LANGUAGES:
        labels = [r["relevant"] for r in rows if r["language"] == lang]
        assert labels.count(True) >= 20 and labels.count(False) >= 20, lang  # both sides well represented


@pytest.mark.parametrize("language", LANGUAGES)
def test_relevance_precision_and_recall_per_language(report, language):
    figures = report["relevant"][language]
    assert figures["precision"] >= TARGETS["precision"], (figures, report["errors"])
    assert figures["recall"] >= TARGETS["recall"], (figures, report["errors"])


@pytest.mark.parametrize("topic", TOPICS)
def test_per_topic_f1(report, topic):
    figures = report["topics"][topic]
    assert figures["f1"] >= TARGETS["topic_f1"], (figures, report["errors"])
