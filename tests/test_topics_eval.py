"""The topic matcher against the labelled set (bench/data/topics): the targets of issue 4 as a regression gate."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.topics_eval import LANGUAGES, TARGETS, TOPICS, evaluate, load_holdout, load_labelled


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


# --- holdout2: 94 articles written blind (before the second tuning round), then tuned on ---------------------
# Floors are the figures reached after that round (bench/data/topics/README.md); a lexicon change may raise
# them, never lower them.
HOLDOUT2_RELEVANT_FLOOR = {
    "en": {"precision": 1.0, "recall": 1.0},  # 0.94 before the holdout14 round
    "uk": {"precision": 1.0, "recall": 1.0},
    "ru": {"precision": 1.0, "recall": 1.0},
}
HOLDOUT2_TOPIC_F1_FLOOR = {"nato": 1.0, "ukraine": 1.0, "russia": 1.0}  # 0.94/0.98/0.98 before the holdout14 round


@pytest.fixture(scope="module")
def holdout2_report():
    return evaluate(rows=load_holdout(name="holdout2"))


def test_holdout2_is_large_balanced_and_consistent():
    rows = load_holdout(name="holdout2")
    assert len(rows) >= 90
    assert len({r["id"] for r in rows}) == len(rows)
    for lang in LANGUAGES:
        labels = [r["relevant"] for r in rows if r["language"] == lang]
        assert len(labels) >= 30 and labels.count(True) >= 12 and labels.count(False) >= 12, lang
    for row in rows:
        assert row["relevant"] == bool(row["topics"]) and set(row["topics"]) <= set(TOPICS), row["id"]
        assert row["title"].strip() and row["description"].strip() and len(row["body"]) > 150, row["id"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_holdout2_relevance_per_language(holdout2_report, language):
    figures = holdout2_report["relevant"][language]
    floor = HOLDOUT2_RELEVANT_FLOOR[language]
    assert figures["precision"] >= floor["precision"], (figures, holdout2_report["errors"])
    assert figures["recall"] >= floor["recall"], (figures, holdout2_report["errors"])


@pytest.mark.parametrize("topic", TOPICS)
def test_holdout2_per_topic_f1(holdout2_report, topic):
    figures = holdout2_report["topics"][topic]
    assert figures["f1"] >= HOLDOUT2_TOPIC_F1_FLOOR[topic], (figures, holdout2_report["errors"])


# --- holdout3/holdout4: written blind, then tuned on (third round) ------------------------------------------
# holdout3's one miss («Уряд» / «Кабінет міністрів») and holdout4's errors were the third round's material;
# the floors are the figures reached then (bench/data/topics/README.md). holdout5 is the blind set written
# after that round: checked for consistency only, never a target.
TUNED_HOLDOUT_FLOORS = {
    "holdout3": {"relevant": {"precision": 1.0, "recall": 1.0}, "f1": {"nato": 1.0, "ukraine": 1.0, "russia": 1.0}},
    # 0.93/0.97/0.9 before the holdout14 round (NATO in a list of citizens' countries)
    "holdout4": {"relevant": {"precision": 1.0, "recall": 1.0}, "f1": {"nato": 1.0, "ukraine": 1.0, "russia": 1.0}},
}


@pytest.fixture(scope="module")
def tuned_holdout_reports():
    return {name: evaluate(rows=load_holdout(name=name)) for name in TUNED_HOLDOUT_FLOORS}


@pytest.mark.parametrize("name", ["holdout4", "holdout5", "holdout6", "holdout7"])
def test_later_holdouts_are_balanced_and_consistent(name):
    rows = load_holdout(name=name)
    assert len(rows) >= (60 if name == "holdout4" else 20)
    assert len({r["id"] for r in rows}) == len(rows)
    for lang in LANGUAGES:
        labels = [r["relevant"] for r in rows if r["language"] == lang]
        assert len(labels) >= len(rows) // 4 and labels.count(True) >= 4 and labels.count(False) >= 4, lang
    for row in rows:
        assert row["relevant"] == bool(row["topics"]) and set(row["topics"]) <= set(TOPICS), row["id"]
        assert row["title"].strip() and row["description"].strip() and len(row["body"]) > 150, row["id"]


@pytest.mark.parametrize("name", sorted(TUNED_HOLDOUT_FLOORS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_tuned_holdout_relevance_per_language(tuned_holdout_reports, name, language):
    figures = tuned_holdout_reports[name]["relevant"][language]
    floor = TUNED_HOLDOUT_FLOORS[name]["relevant"]
    assert figures["precision"] >= floor["precision"], (figures, tuned_holdout_reports[name]["errors"])
    assert figures["recall"] >= floor["recall"], (figures, tuned_holdout_reports[name]["errors"])


@pytest.mark.parametrize("name", sorted(TUNED_HOLDOUT_FLOORS))
@pytest.mark.parametrize("topic", TOPICS)
def test_tuned_holdout_per_topic_f1(tuned_holdout_reports, name, topic):
    figures = tuned_holdout_reports[name]["topics"][topic]
    assert figures["f1"] >= TUNED_HOLDOUT_FLOORS[name]["f1"][topic], (figures, tuned_holdout_reports[name]["errors"])
