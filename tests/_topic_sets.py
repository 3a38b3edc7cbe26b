"""What the topic rounds share (tests/test_topics_holdout*.py, tests/test_topics_round2*.py): every article of a round's
held-out sets as a test parameter, the misses left in them as strict xfails with their reasons, and the check that an
article reads as labelled."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest

from bench.topics_eval import load_holdout
from newswatch.topics import match_topics

__all__ = ["assert_reads_as_labelled", "holdout_rows"]


def holdout_rows(sets: Iterable[str], left: Mapping[str, str]) -> list:
    """Every article of ``sets`` as a test parameter named by its id; those ``left`` names are strict xfails with
    ``left``'s reason (a fix must remove the entry). A reason for an id no set has fails at collection."""
    rows = [row for name in sets for row in load_holdout(name=name)]
    stray = set(left) - {row["id"] for row in rows}
    assert not stray, f"misses left for no article of {tuple(sets)}: {sorted(stray)}"
    return [pytest.param(row, id=row["id"], marks=[pytest.mark.xfail(strict=True, reason=left[row["id"]])]
                         if row["id"] in left else []) for row in rows]


def assert_reads_as_labelled(row: dict) -> None:
    """The matcher's topics for ``row`` are exactly its labels."""
    result = match_topics(row["title"], row["body"], row.get("description"), language=row["language"])
    assert sorted(result.topic_names) == sorted(row["topics"])
