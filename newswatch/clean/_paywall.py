"""The ``paywalled`` verdict."""

from __future__ import annotations

import re

from newswatch.clean._report import CleaningReport

_TEASER_MAX_WORDS = 150
_CUT_OFF = re.compile(r"(\.\.\.|…|\[\.\.\.\]|\(\.\.\.\))\s*$")


def detect_paywall(
    paywalled_hint: bool | None,
    body: str | None,
    report: CleaningReport | dict | None = None,
) -> bool:
    """True when the story is (partly) behind a paywall.

    Evidence, any of: ``paywalled_hint`` (JSON-LD ``isAccessibleForFree: false``, on the page or in a
    ``hasPart`` section, from ``extract_metadata``); a paywall marker the cleaning saw (``report``: a
    "subscribe to continue reading" prompt removed from the HTML or the text, the outlet's
    ``paywall_markers`` selectors, ``article:content_tier=locked``); or a truncated teaser body (under 150
    words and cut off with an ellipsis). The teaser itself stays the body.
    """
    if paywalled_hint is True:
        return True
    if isinstance(report, dict):
        report = CleaningReport.from_dict(report)
    if report is not None:
        if report.paywall_markers:
            return True
        if any(rule.endswith(":paywall") for rule in report.rules):
            return True
    if isinstance(body, str) and body.strip():
        return len(body.split()) < _TEASER_MAX_WORDS and bool(_CUT_OFF.search(body))
    return False
