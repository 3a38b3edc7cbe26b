"""Outlet fixtures: each a realistic page with that outlet's banners in its own language.

For every outlet: after parse -> clean_tree -> extract_body -> clean_body the body is exactly the story's
paragraphs (article text fully kept, banner text fully removed), with the outlet's rules
(``newswatch/clean/sites/<outlet>.yaml``) and with the generic rules alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newswatch.clean import clean_tree, site_rules_for
from newswatch.extract import extract_body, parse_html
from tests.test_clean import run_flow

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean"
OUTLETS = sorted(p.stem for p in FIXTURES.glob("*.json"))


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def load(outlet: str) -> tuple[str, dict]:
    html = (FIXTURES / f"{outlet}.html").read_text(encoding="utf-8")
    return html, json.loads((FIXTURES / f"{outlet}.json").read_text(encoding="utf-8"))


def test_at_least_eight_outlets_in_three_languages():
    assert {"meduza_en", "kyivindependent", "pravda_ua", "novayagazeta_eu", "guardian", "rferl",
            "tvrain"} <= set(OUTLETS)
    assert (FIXTURES / "moscowtimes.html").exists()  # the seed outlet, tested in test_clean.py
    assert {load(o)[1]["language"] for o in OUTLETS} == {"en", "uk", "ru"}


@pytest.mark.parametrize("outlet", OUTLETS)
def test_fixture_has_banners_the_extractor_alone_keeps(outlet):
    html, spec = load(outlet)
    raw = _fold(extract_body(parse_html(html), spec["url"]))
    assert any(_fold(banner) in raw for banner in spec["banners"])


@pytest.mark.parametrize("rules", ["site", "generic-only"])
@pytest.mark.parametrize("outlet", OUTLETS)
def test_outlet_body_is_the_story_alone(outlet, rules):
    html, spec = load(outlet)
    site_rules = site_rules_for(outlet) if rules == "site" else None
    if rules == "site":
        assert site_rules, f"newswatch/clean/sites/{outlet}.yaml is missing"
    body, report, paywalled = run_flow(html, spec["url"], spec["language"], site_rules)
    assert [p.strip() for p in body.split("\n\n") if p.strip()] == spec["article"]
    folded = _fold(body)
    for banner in spec["banners"]:
        assert _fold(banner) not in folded, banner
    assert report.chars_removed > 0 and paywalled is False


@pytest.mark.parametrize("outlet", OUTLETS)
def test_site_rules_every_selector_matches_the_fixture(outlet):
    """A selector in sites/<outlet>.yaml that matches nothing on the outlet's own page is a stale rule."""
    html, _ = load(outlet)
    rules = site_rules_for(outlet)
    for selector in rules.get("remove") or ():
        tree = parse_html(html)
        report = clean_tree(tree, {"remove": [selector], "generic": False})
        assert report.removals, selector
