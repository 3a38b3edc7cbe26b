"""The ``paywalled`` verdict."""

from __future__ import annotations

import re

from newswatch.clean._report import CleaningReport

_TEASER_MAX_WORDS = 150
_DECLARED = ("site:", "generic:content_tier")
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
    words and cut off with an ellipsis). The teaser itself stays the body. A metered wall's counter ("You have 2 free
    articles left this month") removed with the prompts says the reader got the whole article: those prompts then
    count for nothing.
    """
    if paywalled_hint is True:
        return True
    if isinstance(report, dict):
        report = CleaningReport.from_dict(report)
    if report is not None:
        # a metered wall's counter says the reader was let through: the prompts beside it are no barrier (an
        # outlet's own markers and the page's declared content tier still are)
        metered = any(rule.endswith(":meter") for rule in report.rules)
        if any(not metered or marker.startswith(_DECLARED) for marker in report.paywall_markers):
            return True
        if not metered and any(rule.endswith(":paywall") for rule in report.rules):
            return True
    if isinstance(body, str) and body.strip():
        return len(body.split()) < _TEASER_MAX_WORDS and bool(_CUT_OFF.search(body))
    return False
