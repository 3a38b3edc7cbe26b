"""What the per-source memory of repeated lines (``common:recurring``) costs, per page, in CPU time.

Worker side (in the extraction call, after ``clean_body``): ``page_lines`` (eligibility guards + hashes of the
cleaned body's lines) and ``drop_lines``, next to our own extraction (parse + ``extract_metadata`` + ``clean_tree``
+ ``extract_body``) of the same page. Reactor side (``CleanPipeline``): ``templates`` + ``observe``, dict look-ups
only. And what the snapshot of template hashes adds to each pickled extraction call, for 1 and for 200 outlets.
Pages: the 38 of ``../shared/datasets/readability-news``, each seen as a page of one outlet with 3 template lines.

    .venv/bin/python -m bench.clean_recurring_cost [--repeat 9]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._scoring import load_dataset  # noqa: E402
from newswatch.clean import RecurringLines, clean_body, clean_tree, drop_lines, page_lines  # noqa: E402
from newswatch.extract import extract_body, extract_metadata, parse_html  # noqa: E402

TEMPLATE = ["The Dnipro Ledger is an independent newsroom reporting on the people and places of eastern Ukraine.",
            "This story was filed by the Ledger's eastern desk in Dnipro.",
            "Catch the Ledger every morning in your Telegram feed and on Bluesky."]


def cpu(fn, *args):
    started = time.process_time()
    result = fn(*args)
    return time.process_time() - started, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    pages = load_dataset()
    memory = RecurringLines()
    extraction, worker, reactor = [], [], []
    for page in pages:
        url = f"https://example.org/{page['name']}"

        def extract(html=page["html"], url=url):
            tree = parse_html(html)
            meta = extract_metadata(tree, url)
            clean_tree(tree)
            return extract_body(tree, url, article_body=meta.get("article_body")), meta

        runs_e, runs_w, runs_r = [], [], []
        for r in range(args.repeat):
            seconds, (body, meta) = cpu(extract)
            runs_e.append(seconds)
            body = clean_body(body, page["meta"].get("lang"), title=meta.get("title"))[0]
            body += "\n\n" + "\n\n".join(TEMPLATE)
            templates = memory.templates("ledger")
            seconds, (lines, _) = cpu(lambda b=body, t=templates: (lines := page_lines(b), drop_lines(b, lines, t)))
            runs_w.append(seconds)
            seconds, _ = cpu(lambda u=f"{url}#{r}", lines=lines: (memory.templates("ledger"),
                                                                  memory.observe("ledger", u, lines)))
            runs_r.append(seconds)
        extraction.append(statistics.median(runs_e))
        worker.append(statistics.median(runs_w))
        reactor.append(statistics.median(runs_r))
    e, w, r = (statistics.median(x) * 1000 for x in (extraction, worker, reactor))
    print(f"readability-news: {len(pages)} pages, CPU medians per page over {args.repeat} runs")
    print(f"  extraction (parse + metadata + clean_tree + body): {e:8.3f} ms")
    print(f"  worker: page_lines + drop_lines:                   {w:8.3f} ms  ({w / e:.1%} of extraction)")
    print(f"  reactor: templates + observe:                      {r * 1000:8.1f} µs")
    one = pickle.dumps({"ledger": memory.templates("ledger")})
    many = pickle.dumps({f"outlet-{i}": memory.templates("ledger") for i in range(200)})
    print(f"  snapshot pickled with each extraction call: {len(one)} bytes (1 outlet), {len(many)} bytes (200 outlets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
