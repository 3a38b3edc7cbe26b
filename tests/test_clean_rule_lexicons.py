"""``lexicons:`` in the text rule files: shared word lists a pattern refers to as ``{name}``, expanded at load."""

from __future__ import annotations

import re

import pytest

from newswatch.clean._rules import RULES_DIR, _read_yaml, expand_lexicons, language_rules, normalise
from tests.test_clean_holdout5 import STORY, _clean


def test_a_list_is_regex_alternatives_and_words_are_escaped():
    data = {"lexicons": {"verb": ["subscri(?:be|ption)", "join"], "site": {"words": ["t.me/", "x.com"]}},
            "rules": {"cta": {"contains": ["^{verb} (?:to )?{site}\\b.{0,8}$"]}}}
    pattern = re.compile(expand_lexicons(data, "test")["rules"]["cta"]["contains"][0])
    assert pattern.pattern == "^(?:subscri(?:be|ption)|join) (?:to )?(?:t\\.me/|x\\.com)\\b.{0,8}$"
    assert pattern.search("join x.com") and not pattern.search("join xycom")  # the dot is a dot, not any character


def test_an_unknown_reference_is_refused_at_load():
    data = {"lexicons": {"cta_verb": ["join"]}, "rules": {"cta": {"contains": ["{cta_verbs} us"]}}}
    with pytest.raises(ValueError, match=r"unknown lexicon \{cta_verbs\}.*known: cta_verb"):
        expand_lexicons(data, "uk.yaml")


def test_a_quantifier_is_not_a_reference():
    data = {"rules": {"x": {"contains": ["a{2}", "b{0,80}", "c{,3}"]}}}
    assert expand_lexicons(data, "test")["rules"]["x"]["contains"] == ["a{2}", "b{0,80}", "c{,3}"]


@pytest.mark.parametrize("language", ["uk", "ru", "en"])
def test_packaged_cta_rules_use_the_lexicons_and_no_brace_is_left(language):
    raw = _read_yaml(RULES_DIR / f"{language}.yaml")
    assert {"cta_verb", "platform"} <= set(raw["lexicons"])
    assert any("{cta_verb}" in p for p in raw["rules"]["cta"]["contains"])
    cta = next(r for r in language_rules(language).rules if r.name == f"{language}:cta")
    assert all("{cta_verb}" not in p.pattern and "{platform}" not in p.pattern for p in cta.contains)


@pytest.mark.parametrize(("language", "line"), [
    ("uk", "Підписуйтеся на наш Telegram-канал"),
    ("ru", "Читайте нас в Telegram"),
    ("en", "Follow us on Bluesky for updates"),
])
def test_a_cta_built_from_the_lexicons_still_goes(language, line):
    assert language_rules(language).match(normalise(line), normalise(line), len(line.split())) is not None
    assert _clean([STORY, STORY + " Again.", line], language) == [STORY, STORY + " Again."]
