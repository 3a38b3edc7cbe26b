"""Per-source memory of repeated lines (``newswatch.clean.RecurringLines``, rule ``common:recurring``).

``fixtures/clean_recurring``: 6 outlets x 7 pages (en, uk, ru), text level, each paragraph labelled S (story) or F
(furniture), written before the memory existed; ``fixtures/clean_recurring_holdout``: 3 more outlets, scored once at
the end (see the READMEs). Figures: ``.venv/bin/python -m tests.test_clean_recurring [--holdout]``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newswatch.clean import clean_body
from newswatch.clean._recurring import RecurringLines

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean_recurring"
HOLDOUT = FIXTURES.with_name("clean_recurring_holdout")


@dataclass
class Outlet:
    source: str
    language: str
    pages: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)  # (url, title, [(label, p)])


def load_outlet(path: Path) -> Outlet:
    outlet = Outlet("", "")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# source:"):
            outlet.source = line.split(":", 1)[1].strip()
        elif line.startswith("# language:"):
            outlet.language = line.split(":", 1)[1].strip()
        elif line.startswith("=== "):
            url, title = line[4:].split(" | ", 1)
            outlet.pages.append((url, title, []))
        elif line[:2] in ("S ", "F "):
            outlet.pages[-1][2].append((line[0], line[2:].strip()))
    return outlet


def load_set(folder: Path) -> list[Outlet]:
    return [load_outlet(p) for p in sorted(folder.glob("*.txt"))]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@dataclass
class Score:
    kept: int = 0
    story_kept: int = 0
    story: int = 0
    lost: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.story_kept / max(self.kept, 1)

    @property
    def recall(self) -> float:
        return self.story_kept / max(self.story, 1)


def _cleaned(outlet: Outlet, title: str, labelled: list[tuple[str, str]]) -> str:
    return clean_body("\n\n".join(p for _, p in labelled), outlet.language, None, title=title)[0]


def _tally(result: Score, source: str, body: str, labelled: list[tuple[str, str]]) -> None:
    got, story = paragraphs(body), [p for label, p in labelled if label == "S"]
    result.kept += len(got)
    result.story += len(story)
    result.story_kept += sum(1 for p in got if p in story)
    result.lost += [f"{source}: {p}" for p in story if p not in got]
    result.extra += [f"{source}: {p}" for p in got if p not in story]


def score(outlets: list[Outlet], memory: Callable[[], RecurringLines] | None, warm: bool = False) -> Score:
    """Paragraph P/R of every outlet's pages through ``clean_body`` (generic rules) and then a memory made by
    ``memory`` (None: the rules alone). Cold (a first crawl): the pages in order, one memory per set. Warm (a later
    crawl): each page with a memory that has seen every OTHER page of its outlet (the steady state)."""
    result = Score()
    shared = memory() if memory and not warm else None
    for outlet in outlets:
        bodies = [(url, title, labelled, _cleaned(outlet, title, labelled)) for url, title, labelled in outlet.pages]
        for index, (url, _, labelled, body) in enumerate(bodies):
            if memory is None:
                _tally(result, outlet.source, body, labelled)
                continue
            lines = shared
            if warm:
                lines = memory()
                for other, (other_url, _, _, other_body) in enumerate(bodies):
                    if other != index:
                        lines.clean(outlet.source, other_url, other_body)
            _tally(result, outlet.source, lines.clean(outlet.source, url, body)[0], labelled)
    return result


def main(argv: list[str]) -> int:
    folder = HOLDOUT if "--holdout" in argv else FIXTURES
    outlets = load_set(folder)
    print(f"{folder.name}: {len(outlets)} outlets, {sum(len(o.pages) for o in outlets)} pages")
    print(f"{'':34}{'para P':>8}{'para R':>8}")
    base = score(outlets, None)
    print(f"{'rules alone':34}{base.precision:8.3f}{base.recall:8.3f}")
    for k, share in ((2, 2 / 3), (3, 0.5), (3, 0.6), (3, 2 / 3), (3, 0.8), (4, 2 / 3)):
        for warm, label in ((False, "first crawl"), (True, "later crawl")):
            s = score(outlets, lambda k=k, share=share: RecurringLines(min_pages=k, min_share=share), warm)
            print(f"{f'K={k} share={share:.2f} {label}':34}{s.precision:8.3f}{s.recall:8.3f}")
            if "--verbose" in argv:
                print("\n".join([f"    - {p[:100]}" for p in s.lost] + [f"    + {p[:100]}" for p in s.extra]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
