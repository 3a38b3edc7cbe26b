"""What the cleaning stage removed, and why: one audit record per article."""

from __future__ import annotations

from dataclasses import dataclass, field

_PREVIEW_CHARS = 100


@dataclass(frozen=True)
class Removal:
    """One removed element (``level="html"``) or paragraph line (``level="text"``)."""

    rule: str
    chars: int
    level: str
    text: str
    where: str = ""

    def preview(self, width: int = _PREVIEW_CHARS) -> str:
        flat = " ".join(self.text.split())
        return flat if len(flat) <= width else flat[: width - 1] + "…"


@dataclass
class CleaningReport:
    """Rules that fired, with the characters each removed; mergeable across the html and text levels.

    ``to_dict()`` is the article's ``cleaning`` field::

        {"rules": {"generic:newsletter": 312, "en:donation": 840}, "chars_removed": 1152,
         "paywall_markers": ["generic:paywall"]}

    ``rules`` maps rule name to characters of text removed by it (whitespace-collapsed text of the removed
    elements / lines); ``chars_removed`` is their sum; ``paywall_markers`` (present only when non-empty) names the
    paywall evidence seen. Rule names are ``generic:<category>`` (HTML class/id/aria/data patterns),
    ``site:remove`` / ``site:remove_xpath`` / ``site:phrase`` / ``site:span`` (the outlet's own rules),
    ``<lang>:<category>`` (text rules from ``rules/<lang>.yaml``), ``common:<category>`` and ``title``.
    """

    removals: list[Removal] = field(default_factory=list)
    paywall_markers: list[str] = field(default_factory=list)

    def add(self, rule: str, text: str, level: str, where: str = "") -> None:
        chars = len(" ".join(text.split()))
        self.removals.append(Removal(rule=rule, chars=chars, level=level, text=text, where=where))

    def mark_paywall(self, marker: str) -> None:
        if marker not in self.paywall_markers:
            self.paywall_markers.append(marker)

    @property
    def rules(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for removal in self.removals:
            totals[removal.rule] = totals.get(removal.rule, 0) + removal.chars
        return totals

    @property
    def chars_removed(self) -> int:
        return sum(r.chars for r in self.removals)

    def merge(self, other: CleaningReport | dict | None) -> CleaningReport:
        """A new report holding both; ``other`` may be a report or a ``to_dict()`` dict (e.g. from an item)."""
        merged = CleaningReport(list(self.removals), list(self.paywall_markers))
        if isinstance(other, dict):
            other = CleaningReport.from_dict(other)
        if other is not None:
            merged.removals.extend(other.removals)
            for marker in other.paywall_markers:
                merged.mark_paywall(marker)
        return merged

    def to_dict(self) -> dict:
        out: dict = {"rules": self.rules, "chars_removed": self.chars_removed}
        if self.paywall_markers:
            out["paywall_markers"] = list(self.paywall_markers)
        return out

    @classmethod
    def from_dict(cls, data: dict | None) -> CleaningReport:
        """Rebuild from ``to_dict()`` output (per-element detail is not kept there, only per-rule totals)."""
        report = cls()
        if not isinstance(data, dict):
            return report
        rules = data.get("rules")
        if isinstance(rules, dict):
            for rule, chars in rules.items():
                if isinstance(chars, int) and chars >= 0:
                    report.removals.append(Removal(rule=str(rule), chars=chars, level="merged", text=""))
        for marker in data.get("paywall_markers") or ():
            report.mark_paywall(str(marker))
        return report
