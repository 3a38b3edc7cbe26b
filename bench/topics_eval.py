"""Topic matcher evaluation: quality on the labelled set, and cost per article.

Quality: ``bench/data/topics/{en,uk,ru}.jsonl`` (labels and their meaning: that folder's README).
Precision/recall of "relevant or not" per language, precision/recall/F1 per topic (all languages and per
language). Speed: median microseconds per ``match_topics`` call on 5 KB bodies built from the real pages
in ``shared/datasets`` (each page's reference text, repeated or cut to 5,000 characters).

Run::

    .venv/bin/python -m bench.topics_eval            # figures
    .venv/bin/python -m bench.topics_eval --errors   # plus every misclassified article and why
    (also scores the held-out sets bench/data/topics/holdout*.jsonl separately; see that folder's README)
    .venv/bin/python -m bench.topics_eval --json     # machine-readable
    .venv/bin/python -m bench.topics_eval --set holdout50 --errors   # one held-out set only (main set skipped)
    .venv/bin/python -m bench.topics_eval --cpu-ab DIR   # CPU per article: lexicons in DIR vs the packaged ones
                                                         # (e.g. DIR = a `git archive` of newswatch/topics/lexicons)
    .venv/bin/python -m bench.topics_eval --cpu-ab DIR --labelled --rounds 5   # the same over every labelled article

``tests/test_topics_eval.py`` runs :func:`evaluate` and asserts the targets below.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `python bench/topics_eval.py` as well as `python -m bench.topics_eval`

from newswatch.topics import TopicMatcher, default_matcher  # noqa: E402

DATA_DIR = ROOT / "bench" / "data" / "topics"
DATASETS = ROOT / ".." / "shared" / "datasets"
LANGUAGES = ("en", "uk", "ru")
TOPICS = ("nato", "ukraine", "russia")
TARGETS = {"precision": 0.95, "recall": 0.95, "topic_f1": 0.9}
BODY_CHARS = 5000


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, truth: bool, predicted: bool) -> None:
        if truth and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif truth:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


def load_labelled(data_dir: Path = DATA_DIR) -> list[dict]:
    rows = []
    for language in LANGUAGES:
        with open(data_dir / f"{language}.jsonl", encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


HOLDOUTS = (
    "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9",
    "holdout10", "holdout11", "holdout12", "holdout13", "holdout14", "holdout15", "holdout16",
    "holdout17", "holdout18", "holdout19", "holdout20", "holdout21", "holdout22", "holdout23", "holdout24",
    "holdout25", "holdout26", "holdout27", "holdout28", "holdout29", "holdout30", "holdout31", "holdout32",
    "holdout33", "holdout34", "holdout35", "holdout36", "holdout37", "holdout38", "holdout39", "holdout40",
    "holdout41", "holdout42", "holdout43", "holdout44", "holdout45", "holdout46", "holdout46b", "holdout47",
    "holdout48", "holdout49", "holdout50", "holdout51", "holdout52", "holdout53",
)


def load_holdout(data_dir: Path = DATA_DIR, name: str = "holdout") -> list[dict]:
    """One held-out set (``bench/data/topics/<name>.jsonl``); its README section says when it was written."""
    with open(data_dir / f"{name}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(matcher: TopicMatcher | None = None, rows: list[dict] | None = None) -> dict:
    """Quality figures of ``matcher`` on the labelled set, plus the list of errors."""
    matcher = matcher or default_matcher()
    rows = rows if rows is not None else load_labelled()
    relevant = {lang: Counts() for lang in LANGUAGES}
    per_topic = {topic: Counts() for topic in TOPICS}
    per_topic_lang = {(topic, lang): Counts() for topic in TOPICS for lang in LANGUAGES}
    errors = []
    for row in rows:
        result = matcher.match(row["title"], row["body"], row.get("description"), language=row["language"])
        relevant[row["language"]].add(row["relevant"], result.relevant)
        wrong = []
        for topic in TOPICS:
            truth, predicted = topic in row["topics"], topic in result.topic_names
            per_topic[topic].add(truth, predicted)
            per_topic_lang[(topic, row["language"])].add(truth, predicted)
            if truth != predicted:
                wrong.append(topic)
        if wrong or row["relevant"] != result.relevant:
            errors.append(
                {
                    "id": row["id"],
                    "title": row["title"],
                    "labels": row["topics"],
                    "predicted": result.topic_names,
                    "scores": {
                        t: {"score": s.score, "threshold": s.threshold, "terms": [(h.term, h.count) for h in s.terms]}
                        for t, s in result.scores.items()
                        if t in wrong
                    },
                }
            )
    return {
        "articles": len(rows),
        "relevant": {lang: c.as_dict() for lang, c in relevant.items()},
        "topics": {topic: c.as_dict() for topic, c in per_topic.items()},
        "topics_by_language": {f"{t}/{lang}": c.as_dict() for (t, lang), c in per_topic_lang.items()},
        "errors": errors,
    }


def bodies_5kb(datasets: Path = DATASETS) -> list[tuple[str, str]]:
    """(title, ~5,000-character body) pairs from the real pages' reference texts."""
    import lxml.html

    pages = []
    for folder in sorted((datasets / "readability-news").glob("*/")):
        expected = folder / "expected.html"
        if not expected.exists():
            continue
        text = lxml.html.fromstring(expected.read_bytes()).text_content()
        paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
        try:
            title = json.loads((folder / "expected-metadata.json").read_text("utf-8")).get("title") or ""
        except (OSError, ValueError):
            title = ""
        pages.append((title, paragraphs))
    seed = datasets / "seed" / "moscowtimes-expected-body.txt"
    if seed.exists():
        pages.append(("Moscow Times", [p for p in seed.read_text("utf-8").split("\n") if p.strip()]))
    out = []
    for title, paragraphs in pages:
        if not paragraphs:
            continue
        body = "\n\n".join(paragraphs)
        while len(body) < BODY_CHARS:
            body = body + "\n\n" + "\n\n".join(paragraphs)
        out.append((title, body[:BODY_CHARS]))
    return out


def speed(matcher: TopicMatcher | None = None, repeat: int = 20) -> dict:
    """Median and p90 microseconds per article over the 5 KB bodies (each timed ``repeat`` times)."""
    matcher = matcher or default_matcher()
    pages = bodies_5kb()
    for title, body in pages:  # warm up: compile the patterns once
        matcher.match(title, body)
    samples = []
    for _ in range(repeat):
        for title, body in pages:
            start = time.perf_counter_ns()
            matcher.match(title, body)
            samples.append((time.perf_counter_ns() - start) / 1000)
    samples.sort()
    return {
        "pages": len(pages),
        "body_chars": BODY_CHARS,
        "calls": len(samples),
        "median_us": round(statistics.median(samples), 1),
        "p90_us": round(samples[int(len(samples) * 0.9)], 1),
    }


def labelled_texts() -> list[tuple[str, str, str | None, str]]:
    """(title, body, description, language) of every labelled article, main set and held-out sets."""
    rows = load_labelled()
    for name in HOLDOUTS:
        if (DATA_DIR / f"{name}.jsonl").exists():
            rows += load_holdout(name=name)
    return [(r["title"], r["body"], r.get("description"), r["language"]) for r in rows]


def cpu_ab(other_dir: Path, rounds: int = 15, labelled: bool = False) -> dict:
    """Median CPU µs per article (``time.process_time``) of the lexicons in ``other_dir`` and the packaged ones,
    timed in turns in this one process, so a busy shared machine slows both alike. The texts are the 5 KB bodies,
    or with ``labelled`` every labelled article (short, with its language: ~800 texts a round)."""
    matchers = {"other": TopicMatcher(lexicon_dir=Path(other_dir)), "packaged": default_matcher()}
    texts = labelled_texts() if labelled else [(title, body, None, None) for title, body in bodies_5kb()]
    for matcher in matchers.values():
        for text in texts:
            matcher.match(*text)
    samples: dict[str, list[float]] = {name: [] for name in matchers}
    for _ in range(rounds):
        for name, matcher in matchers.items():
            start = time.process_time()
            for text in texts:
                matcher.match(*text)
            samples[name].append((time.process_time() - start) / len(texts) * 1e6)
    return {name: round(statistics.median(values), 1) for name, values in samples.items()} | {"texts": len(texts)}


def _print(report: dict, show_errors: bool) -> None:
    print(f"Topic matcher on {report['articles']} labelled articles (targets: P,R >= 0.95 per language, F1 >= 0.9)")
    print("\nrelevant or not      precision  recall   tp  fp  fn  tn")
    for lang, c in report["relevant"].items():
        counts = f"{c['tp']:>4} {c['fp']:>3} {c['fn']:>3} {c['tn']:>3}"
        print(f"  {lang:<18} {c['precision']:>9.3f} {c['recall']:>7.3f} {counts}")
    print("\ntopic (all langs)    precision  recall      F1   tp  fp  fn")
    for topic, c in report["topics"].items():
        counts = f"{c['tp']:>4} {c['fp']:>3} {c['fn']:>3}"
        print(f"  {topic:<18} {c['precision']:>9.3f} {c['recall']:>7.3f} {c['f1']:>7.3f} {counts}")
    print("\ntopic / language     precision  recall      F1")
    for key, c in report["topics_by_language"].items():
        print(f"  {key:<18} {c['precision']:>9.3f} {c['recall']:>7.3f} {c['f1']:>7.3f}")
    for name in HOLDOUTS:
        if name not in report:
            continue
        h = report[name]
        print(f"\nheld-out set {name} ({h['articles']} articles, {len(h['errors'])} with a wrong label)")
        for lang, c in h["relevant"].items():
            counts = f"tp {c['tp']} fp {c['fp']} fn {c['fn']}"
            print(f"  relevant/{lang:<9} P {c['precision']:.3f}  R {c['recall']:.3f}  {counts}")
        for topic, c in h["topics"].items():
            by_lang = "  ".join(
                f"{lang} {h['topics_by_language'][f'{topic}/{lang}']['f1']:.2f}" for lang in LANGUAGES
            )
            print(f"  {topic:<18} P {c['precision']:.3f}  R {c['recall']:.3f}  F1 {c['f1']:.3f}  (F1 {by_lang})")
    if "speed" in report:
        s = report["speed"]
        print(
            f"\nspeed: median {s['median_us']} µs/article, p90 {s['p90_us']} µs "
            f"({s['calls']} calls over {s['pages']} real pages cut/repeated to {s['body_chars']} chars)"
        )
    print(f"\n{len(report['errors'])} articles with at least one wrong label")
    if show_errors:
        held_out = [e for name in HOLDOUTS for e in report.get(name, {}).get("errors", [])]
        for e in list({e["id"]: e for e in report["errors"] + held_out}.values()):  # --set: main = the sets
            print(f"- {e['id']} {e['title'][:80]!r} labels={e['labels']} predicted={e['predicted']}")
            for topic, s in e["scores"].items():
                print(f"    {topic}: {s['score']} / {s['threshold']}  {s['terms']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every misclassified article")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--no-speed", action="store_true", help="skip the timing run")
    parser.add_argument("--cpu-ab", metavar="DIR", type=Path, help="CPU per article: DIR's lexicons vs the packaged")
    parser.add_argument("--rounds", type=int, default=15, help="--cpu-ab: timed rounds per side (default 15)")
    parser.add_argument("--labelled", action="store_true", help="--cpu-ab: time the labelled articles, not 5 KB bodies")
    parser.add_argument("--set", metavar="NAME", action="append", choices=HOLDOUTS,
                        help="score only this held-out set (repeatable); the main set is skipped")
    args = parser.parse_args(argv)
    if args.cpu_ab:
        result = cpu_ab(args.cpu_ab, rounds=args.rounds, labelled=args.labelled)
        what = "labelled articles" if args.labelled else "5 KB bodies"
        print(
            f"median CPU µs/article over {result['texts']} {what} x {args.rounds} rounds: "
            f"{args.cpu_ab} {result['other']}, packaged {result['packaged']} "
            f"(ratio {result['packaged'] / result['other']:.3f})"
        )
        return 0
    report = evaluate(rows=[row for name in args.set for row in load_holdout(name=name)]) if args.set else evaluate()
    for name in args.set or HOLDOUTS:
        if (DATA_DIR / f"{name}.jsonl").exists():
            report[name] = evaluate(rows=load_holdout(name=name))
    if not args.no_speed:
        report["speed"] = speed()
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print(report, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
