"""``newswatch topics FILE|-``: readable report and --json for pages and plain text."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

from newswatch.cli import main

ROOT = Path(__file__).resolve().parents[1]
MOCK_PAGES = ROOT / "tests" / "mocksite" / "pages"
NYTIMES = ROOT / ".." / "shared" / "datasets" / "readability-news" / "nytimes-2" / "source.html"


def test_text_file_report_shows_terms_positions_and_verdict(tmp_path, capsys):
    text = tmp_path / "story.txt"
    text.write_text(
        "Удар российского беспилотника по Киеву\n"
        "Ночью российский дрон попал в жилой дом в Киеве. "
        "Воздушные силы ВСУ сообщили, что Россия выпустила 310 дронов.\n",
        encoding="utf-8",
    )
    assert main(["topics", str(text)]) == 0
    out = capsys.readouterr().out
    assert "verdict:  KEPT (russia, ukraine)" in out
    assert "title@5 'российского беспилотника'" in out  # term, section@offset, matched text
    assert "Armed Forces of Ukraine" in out and "x1" in out
    assert "nato       score      0 / threshold 6.5" in out
    assert "IN PASSING" not in out and "only in passing" not in out


SWIMMER = (
    "Українська плавчиня виграла золото чемпіонату Європи в Будапешті\n"
    "Киянка Марія Коваленко перемогла на дистанції 200 метрів батерфляєм з новим рекордом України.\n"
    "Українська спортсменка тренується в Києві з дитинства, а її тренер родом з Одеси. Після фінішу Коваленко "
    "подякувала українським уболівальникам на трибунах і сказала, що наступної весни поїде на збори до Львова.\n"
)


def test_a_country_named_only_in_passing_is_reported_as_such(tmp_path, capsys):
    text = tmp_path / "swimmer.txt"
    text.write_text(SWIMMER, encoding="utf-8")
    assert main(["topics", str(text), "--language", "uk"]) == 0
    out = capsys.readouterr().out
    assert "verdict:  DROPPED (off_topic: no topic reached its threshold; only in passing: ukraine)" in out
    ukraine = out[out.index("\nukraine ") :]
    assert ukraine.splitlines()[2].strip().startswith("IN PASSING: score discounted")
    assert "'Українська'" in ukraine and "'Києві'" in ukraine  # the mentions it found are still listed
    assert "IN PASSING" not in out[: out.index("\nukraine ")]  # nato and russia were not discounted

    assert main(["topics", str(text), "--language", "uk", "--json"]) == 0
    topics = json.loads(capsys.readouterr().out)["topics"]
    assert topics["ukraine"]["in_passing"] is True and not topics["ukraine"]["passed"]
    assert topics["nato"]["in_passing"] is False and topics["russia"]["in_passing"] is False
    # its points before the discount would pass: the discount, not a missing term, drops the swimmer
    assert sum(t["points"] for t in topics["ukraine"]["terms"]) >= topics["ukraine"]["threshold"]

    # the same swimmer's story with one word of the war is scored in full
    text.write_text(SWIMMER + "Її батько служить у ЗСУ.\n", encoding="utf-8")
    assert main(["topics", str(text), "--language", "uk", "--json"]) == 0
    ukraine = json.loads(capsys.readouterr().out)["topics"]["ukraine"]
    assert ukraine["in_passing"] is False and ukraine["passed"]


def test_html_page_json(capsys):
    assert main(["topics", str(MOCK_PAGES / "nato-summit-kyiv.html"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verdict"] == "kept" and out["language"] == "en"
    assert "nato" in out["topic_names"]
    nato = out["topics"]["nato"]
    assert nato["passed"] and nato["score"] >= nato["threshold"] == 6.5
    first = nato["terms"][0]
    assert first["term"] == "NATO" and first["count"] == len(first["positions"])
    assert first["positions"][0]["section"] == "title"


def test_gzipped_off_topic_page_is_dropped(tmp_path, capsys):
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(NYTIMES.read_bytes()))
    assert main(["topics", str(page)]) == 0
    assert "verdict:  DROPPED (off_topic" in capsys.readouterr().out


def test_stdin_and_threshold_override(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Odesa\nThe weather in Odesa is mild.\n")))
    assert main(["topics", "-", "--threshold", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["topic_names"] == ["ukraine"] and out["topics"]["ukraine"]["threshold"] == 1


def test_missing_file_is_an_error_not_a_traceback(tmp_path, capsys):
    assert main(["topics", str(tmp_path / "nope.html")]) == 2
    assert "cannot read" in capsys.readouterr().err
