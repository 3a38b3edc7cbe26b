"""CI smoke run of the end-to-end benchmark (`python -m bench.run --smoke`, N=300): it runs and prints its figures.

No speed is asserted (timings depend on the machine); what must hold is that the mirror, the bare-Scrapy limit,
the full crawl and the peer all run, and that every figure the report promises is there and sane.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_smoke_runs_and_reports_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, "-m", "bench.run", "--smoke", "--json", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = proc.stdout
    for line in ("limit", "newswatch", "peer", "share of limit", "x the peer", "news-please",
                 "extraction per page", "where the time went", "extract_body", "CleanPipeline", "fingerprints"):
        assert line in text, f"{line!r} missing from the report:\n{text}"
    [result] = json.loads(out.read_text())
    full, limit, peer = result["newswatch"], result["limit"], result["peer"]
    assert result["n"] == 300
    assert limit["pages"] == 300  # the bare spider fetched every page of the mirror
    assert full["pages"] == 300 and full["articles"] >= 280  # nearly every page becomes a stored article
    assert full["articles_per_s"] > 0 and limit["pages_per_s"] > 0 and peer["articles_per_s"] > 0
    assert 0 < full["peak_pss_mb"] <= full["peak_rss_mb"]  # shared pages counted once in PSS
    assert full["cpu_seconds"] > 0
    stages = full["stage_ms_per_article"]
    for stage in ("extract_metadata", "extract_clean_html", "extract_body", "clean_body", "match_topics",
                  "fingerprints", "CleanPipeline", "DedupPipeline", "StorePipeline"):
        assert stages.get(stage, 0) > 0, f"no time recorded for {stage}: {stages}"
    assert peer["newswatch_extraction_median_ms"] > 0 and 0 <= peer["cleaning_share"] < 5
