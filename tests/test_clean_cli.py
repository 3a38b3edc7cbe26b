"""``newswatch clean FILE``: the report of one saved page."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from newswatch.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / ".." / "shared" / "datasets" / "seed"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def test_clean_command_json_on_saved_page(capsys, tmp_path):
    page = tmp_path / "mt.html.gz"
    page.write_bytes(gzip.compress((FIXTURES / "moscowtimes.html").read_bytes()))
    assert main(["clean", str(page), "--source", "moscowtimes", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    expected = (SEED / "moscowtimes-expected-body.txt").read_text(encoding="utf-8")
    assert _paragraphs(result["body"]) == _paragraphs(expected)
    assert result["language"] == "en" and result["paywalled"] is False
    rules = {r["rule"] for r in result["removals"]}
    assert {"site:remove", "site:phrase"} <= rules
    assert result["cleaning"]["chars_removed"] == sum(r["chars"] for r in result["removals"])


def test_clean_command_report_on_scraped_text(capsys):
    title = "Zelensky Presses NATO on Membership, Long-Range Weapons"
    assert main(["clean", str(SEED / "moscowtimes-scraped.txt"), "--language", "en", "--title", title]) == 0
    out = capsys.readouterr().out
    assert "removed from the text (clean_body): 28" in out
    assert "en:payment" in out and "Remind me later." in out
    body = out.split("--- body (", 1)[1].split("\n", 1)[1]
    expected = (SEED / "moscowtimes-expected-body.txt").read_text(encoding="utf-8")
    assert _paragraphs(body) == _paragraphs(expected)


def test_clean_command_missing_file(capsys, tmp_path):
    assert main(["clean", str(tmp_path / "nope.html")]) == 1
