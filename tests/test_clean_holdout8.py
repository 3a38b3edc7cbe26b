"""clean_holdout8: 8 pages written after the holdout7 rules had landed, scored once (0/8 exact, README).

Its 14 misses were then taken by general rules (a CTA verb x a channel or target on a short line, the page's own
prompts, staff contact lines, stamps as adjectives, topic rows under other labels; ``clean_holdout9/README.md``), not
by its phrases: every page must now come out exactly as written, lose no story paragraph and get the ``paywalled``
verdict right (none is paywalled).
"""

from __future__ import annotations

from tests._clean_sets import CleanSet, exactly_the_story, load, no_story_paragraph_lost

HOLDOUT8 = CleanSet("clean_holdout8")  # none is paywalled


def test_set_holds_three_languages():
    assert len(HOLDOUT8.pages) == 8
    assert {load("clean_holdout8", page)[2] for page in HOLDOUT8.pages} == {"en", "uk", "ru"}


test_page_is_exactly_the_story = exactly_the_story(HOLDOUT8)
test_no_story_paragraph_is_lost_and_no_page_is_flagged_paywalled = no_story_paragraph_lost(HOLDOUT8, verdict=True)
