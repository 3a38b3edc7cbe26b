"""Experiment: a statistical "furniture line" scorer as a second opinion after the cleaning rules.

Data: every hand-labelled cleaning set under tests/fixtures (``<page>.html`` + ``<page>.txt``: a body line absent
from the expected story is furniture) and the 38 real pages of ../shared/datasets/readability-news (a body line is
story when expected.html holds it; the others are left unlabelled). Each page goes through the crawl's flow up to
the extracted body (the lines clean_body sees) and through clean_body (the lines the rules leave).

Model: logistic regression (pure Python, AdaGrad) over cheap language-general features of one line: stemmed word
unigrams/bigrams (first 5 letters), the first word, second-person / first-person-plural markers, link, arrow,
emoji, hashtag, currency, quote and dialogue marks, length bucket, position at the body's edges, and whether the
neighbouring lines were taken by the rules.

Evaluation is leave-one-set-out: for each set, train on all the others (the 38 pages' story lines included unless
they are the held-out set), score the lines the rules left in the held-out set, and count furniture caught beyond
the rules and story lost, at several thresholds, inside a zone (short lines, <= ``--max-words`` words). Holdout11
and holdout12 are also scored with the rules as they were BEFORE their rounds (6ca3848^, 8e65dba^: the package
taken from git into a temporary folder), the honest test of furniture worded as no rule foresaw.

    .venv/bin/python -m bench.furniture_scorer [--max-words 25] [--thresholds 0.5 0.7 0.8 0.9 0.95]
                                                [--refresh] [--verbose]

Page dumps are cached in /tmp/newswatch-furniture-cache (``--refresh`` rebuilds them). The 38 real pages are one
set of many outlets: they are held out page-wise in ``--folds`` folds, trained on the fixtures and the other folds.

Result (2026-11-28, NOT wired into clean_body): with the zone at the body's edges / next to a rule-taken line,
<= 25 words, no line opening with a quote or dialogue dash, one threshold 0.995 loses no story line on any held-out
set or the 38 pages, but catches 11/44 (25%) of the furniture holdout11's pre-round rules missed (holdout12: 9/21,
43%): under the 30% bar. Lower thresholds or a laxer threshold for lines of <= 4 words reach 30% only by losing
story lines ("This article has been updated.", a photo credit, a Chinese dateline on the real pages: 2/905 = 0.22%),
and the best-looking variant (short lines at 0.95, pages in uk/ru/en only) passes with seed 7 and 13 but loses a
holdout9 story line with seed 11: every knob was chosen on the same sets, so that pass is not a result. The
features cost ~50 us a short line as written here (the target was 20). Default flags reproduce the two-tier table;
``--short-words 0`` the one-threshold one.

Round 13 (tests/fixtures/clean_holdout13/README.md): the configuration frozen before that set was scored, by
leave-one-set-out over the earlier sets only, is ``--seeds 7 11 13 --short-words 0 --thresholds 0.99`` (weights
averaged over three seeds; 0.99 the lowest threshold losing <= 0.2% with two seed triples). Scored once on the blind
holdout13: 15 of the 33 furniture lines the rules left (45%), no story line lost there, 2 of 1,687 over the html sets
(0.12%). But the text-format recurring sets were not in the bench then, and with the model put behind the rules in
clean_body it lost 4 of their 176 story lines ("Key developments", a live page's subhead, as the first line): 6 of
1,920 (0.31%) over all sets, and 16 clean tests failed (a mid-body bio, a plug inside a story, a credit the outlet
tests keep; a plain story sentence as the first of two lines scored 0.995: ``pos:first`` weighs 2.7). Not wired.
The recurring sets are now read here too (``S``/``F`` labelled lines; post-hoc, with them in training the same
configuration loses none of theirs and 1 of 1,921 story lines over all: the loss moves with the training data, which
is the instability the bar was meant to catch). Next: position-free features, and the bar's "all sets" taken here.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CACHE = Path(tempfile.gettempdir()) / "newswatch-furniture-cache"
REAL = "readability-news"
PRE_ROUND = {"clean_holdout11": "6ca3848^", "clean_holdout12": "8e65dba^"}
RULES_ONLY = None  # the site rules clean_body is given: none (the rules of the generic files alone)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0\r]*\n")


def fixture_sets() -> list[str]:
    """The cleaning sets: html pages with their expected story, and the recurring sets' labelled text pages."""
    return sorted(p.name for p in FIXTURES.iterdir()
                  if p.is_dir() and p.name.startswith("clean_") and any(p.glob("*.txt"))
                  and (any(p.glob("*.html")) or _is_text_set(p)))


def _is_text_set(folder: Path) -> bool:
    return any(path.read_text(encoding="utf-8").startswith("# source:") for path in folder.glob("*.txt"))


def _text_pages(folder: Path):
    """(outlet, language, title, [(label, line)]) of a text-format set (tests/fixtures/clean_recurring: a page
    starts with ``=== url | title``, each line is ``S <story>`` or ``F <furniture>``)."""
    for path in sorted(folder.glob("*.txt")):
        source = language = None
        pages = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# source:"):
                source = line.split(":", 1)[1].strip()
            elif line.startswith("# language:"):
                language = line.split(":", 1)[1].strip()
            elif line.startswith("=== "):
                pages.append((line[4:].split(" | ", 1)[-1], []))
            elif line[:2] in ("S ", "F ") and pages:
                pages[-1][1].append(("story" if line[0] == "S" else "furniture", line[2:].strip()))
        for index, (title, labelled) in enumerate(pages):
            yield f"{source}-{index}", language, title, labelled


def body_lines(text: str) -> list[str]:
    """The lines of a body as clean_body splits it (paragraphs, then line breaks inside one)."""
    return [raw.strip() for paragraph in _PARAGRAPH_BREAK.split(text or "") for raw in paragraph.split("\n")
            if raw.strip()]


# ---------------------------------------------------------------------------------------------------------- dumps

def _dump(package_root: str, sets: list[str], real: bool) -> list[dict]:
    """Run inside a process whose ``newswatch`` is ``package_root``'s: per page, the body lines before clean_body,
    which the rules took, and the labels."""
    sys.path.insert(0, package_root)
    sys.path.insert(1, str(ROOT))
    from bench._scoring import load_dataset, shingles
    from newswatch.clean import clean_body, clean_tree
    from newswatch.extract import extract_body, extract_metadata, parse_html
    from newswatch.extract.normalize import split_authors

    lang_re = re.compile(r'<html[^>]*\blang="([a-z]{2})')
    canonical_re = re.compile(r'<link rel="canonical" href="([^"]+)"')
    pages = []

    def record(set_name, page, language, body, kept_text, labels):
        lines = body_lines(body)
        kept = body_lines(kept_text)
        taken, k = [], 0
        for line in lines:  # clean_body keeps lines in order, each stripped: align greedily
            if k < len(kept) and kept[k] == line:
                taken.append(False)
                k += 1
            else:
                taken.append(True)
        pages.append({"set": set_name, "page": page, "lang": language, "lines": lines, "taken": taken,
                      "label": [labels(line) for line in lines]})

    for set_name in sets:
        if _is_text_set(FIXTURES / set_name):
            for page, language, title, labelled in _text_pages(FIXTURES / set_name):
                body = "\n\n".join(line for _, line in labelled)
                kept, _ = clean_body(body, language, RULES_ONLY, title=title)
                labels = dict((line, label) for label, line in labelled)
                record(set_name, page, language, body, kept, lambda line, labels=labels: labels.get(line))
            continue
        for path in sorted((FIXTURES / set_name).glob("*.html")):
            html = path.read_text(encoding="utf-8")
            language = lang_re.search(html)
            language = language.group(1) if language else None
            url = canonical_re.search(html)
            url = url.group(1) if url else "https://example.org/article"
            tree = parse_html(html)
            meta = extract_metadata(tree, url)
            clean_tree(tree, None)
            body = extract_body(tree, url, article_body=meta.get("article_body")) or ""
            kept, _ = clean_body(body, language, RULES_ONLY, title=meta.get("title"), authors=meta.get("authors"))
            expected_text = path.with_suffix(".txt").read_text(encoding="utf-8")
            story = set(body_lines(expected_text))
            record(set_name, path.stem, language, body, kept, lambda line, story=story: "story" if line in story
                   else "furniture")
    if real:
        for page in load_dataset():
            url = f"https://example.org/{page['name']}"
            tree = parse_html(page["html"])
            clean_tree(tree)
            body = extract_body(tree, url) or ""
            meta = page["meta"]
            kept, _ = clean_body(body, meta.get("lang"), title=meta.get("title"),
                                 authors=split_authors(meta.get("byline")))
            truth = page["truth"]
            truth_norm = " ".join(truth.lower().split())
            truth_shingles = shingles(truth)

            def label(line, truth_norm=truth_norm, truth_shingles=truth_shingles):
                own = shingles(line)
                if " ".join(line.lower().split()) in truth_norm:
                    return "story"
                if own and sum((own & truth_shingles).values()) >= 0.5 * sum(own.values()):
                    return "story"
                return None  # not in the reference: furniture or text the reference left out, unlabelled

            record(REAL, page["name"], meta.get("lang"), body, kept, label)
    return pages


def _package_at(commit: str, into: Path) -> Path:
    """The ``newswatch`` package as it was at ``commit``, unpacked under ``into``."""
    target = into / commit.replace("^", "_parent")
    if not (target / "newswatch").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", "--format=tar", commit, "newswatch"], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        archive_path = target / "newswatch.tar"
        archive_path.write_bytes(archive)
        with tarfile.open(archive_path) as tar:
            tar.extractall(target, filter="data")
        archive_path.unlink()
    return target


def load_pages(refresh: bool) -> tuple[list[dict], dict[str, list[dict]]]:
    """(pages through today's rules, {set: pages through the rules before that set's round})."""
    CACHE.mkdir(parents=True, exist_ok=True)

    def dumped(name: str, package_root: Path, sets: list[str], real: bool) -> list[dict]:
        path = CACHE / f"{name}.json"
        if refresh or not path.is_file():
            code = ("import json, sys; sys.path.insert(0, sys.argv[1]); from bench.furniture_scorer import _dump; "
                    "json.dump(_dump(sys.argv[2], json.loads(sys.argv[3]), sys.argv[4] == '1'), sys.stdout)")
            out = subprocess.run([sys.executable, "-c", code, str(ROOT), str(package_root), json.dumps(sets),
                                  "1" if real else "0"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
            path.write_text(out, encoding="utf-8")
        return json.loads(path.read_text(encoding="utf-8"))

    today = dumped("today", ROOT, fixture_sets(), True)
    before = {s: dumped(f"before_{s}", _package_at(commit, CACHE / "packages"), [s], False)
              for s, commit in PRE_ROUND.items()}
    return today, before


# ------------------------------------------------------------------------------------------------------ features

SECOND_PERSON = frozenset({
    "you", "your", "yours", "yourself", "ти", "тебе", "тобі", "твій", "твоя", "твоє", "твої", "ви", "вас", "вам",
    "вами", "ваш", "ваша", "ваше", "ваші", "вы", "ваши", "тебя", "твой", "твое", "твои"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ми", "нас", "нам", "нами", "наш", "наша", "наше", "наші", "мы",
                          "наши"})
_WORD = re.compile(r"\w+")
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|ua|ru|info)\b|@\w")
_ARROWS = frozenset("→➡⇒»›▶►↓⬇👉⏩")
_CURRENCY = re.compile(r"[$€£₴₽]|\b(?:грн|гривень|руб|рублей|usd|eur|uah)\b")
_QUOTES = "\"“”„«»'"
_OPENERS = "\"“„«'—–"


def _emoji(text: str) -> bool:
    return any(ord(c) > 0x2600 and unicodedata.category(c) == "So" for c in text)


def features(lines: list[str], index: int, taken: list[bool]) -> list[str]:
    """The features of ``lines[index]`` in its body (``taken``: the lines the rules took)."""
    text = lines[index]
    low = text.lower()
    words = _WORD.findall(low)
    stems = [w[:5] for w in words]
    feats = ["bias"]
    feats += {f"w:{s}" for s in stems}
    feats += {f"b:{a}_{b}" for a, b in zip(stems, stems[1:], strict=False)}
    if stems:
        feats.append(f"first:{stems[0]}")
    n = len(words)
    feats.append("len:" + ("0" if n == 0 else "1-3" if n <= 3 else "4-7" if n <= 7 else "8-15" if n <= 15
                           else "16-25" if n <= 25 else "26-40" if n <= 40 else "41+"))
    wordset = set(words)
    if wordset & SECOND_PERSON:
        feats.append("you")
    if wordset & FIRST_PLURAL:
        feats.append("we")
    if _URL.search(low):
        feats.append("link")
    if any(c in _ARROWS for c in text):
        feats.append("arrow")
    if _emoji(text):
        feats.append("emoji")
    if "#" in text:
        feats.append("hashtag")
    if _CURRENCY.search(low):
        feats.append("currency")
    if any(c.isdigit() for c in text):
        feats.append("digit")
    stripped = text.strip()
    if stripped[:1] in _QUOTES or stripped[:1] in "—–-":
        feats.append("opens-quote")
    if any(q in text for q in _QUOTES):
        feats.append("quote")
    last = stripped[-1:]
    feats.append("end:" + (last if last in ".!?:…)»\"" else "word" if last.isalnum() else "other"))
    if last == "." and n >= 8:
        feats.append("sentence")
    size = len(lines)
    feats.append("pos:" + ("first" if index == 0 else "first3" if index < 3 else "last" if index == size - 1
                           else "last3" if index >= size - 3 else "mid"))
    prev_taken = index > 0 and taken[index - 1]
    next_taken = index + 1 < size and taken[index + 1]
    if prev_taken or next_taken:
        feats.append("next-to-taken")
        if n <= 7:
            feats.append("next-to-taken:short")
    return feats


# --------------------------------------------------------------------------------------------------------- model

def train(examples: list[tuple[list[str], int]], epochs: int = 4, rate: float = 0.5, l2: float = 1e-3,
          seeds: tuple[int, ...] = (7,)) -> dict[str, float]:
    """Logistic regression by AdaGrad, the weights averaged over a few shuffling seeds (steadier than one run);
    classes weighted to balance story (0) and furniture (1)."""
    runs = [_train_once(examples, epochs, rate, l2, seed) for seed in seeds]
    names = {f for run in runs for f in run}
    averaged = {f: sum(run.get(f, 0.0) for run in runs) / len(runs) for f in names}
    return {f: round(w, 4) for f, w in averaged.items() if abs(w) >= 1e-3}


def _train_once(examples, epochs, rate, l2, seed) -> dict[str, float]:
    positives = sum(y for _, y in examples) or 1
    negatives = len(examples) - positives or 1
    class_weight = {1: len(examples) / (2 * positives), 0: len(examples) / (2 * negatives)}
    weights: dict[str, float] = defaultdict(float)
    squares: dict[str, float] = defaultdict(lambda: 1e-8)
    order = list(range(len(examples)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            feats, y = examples[i]
            z = sum(weights[f] for f in feats)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - y) * class_weight[y]
            for f in feats:
                grad = g + l2 * weights[f]
                squares[f] += grad * grad
                weights[f] -= rate * grad / math.sqrt(squares[f])
    return weights


def probability(weights: dict[str, float], feats: list[str]) -> float:
    z = sum(weights.get(f, 0.0) for f in feats)
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def examples_of(pages: list[dict]) -> list[tuple[list[str], int]]:
    out = []
    for page in pages:
        for i, label in enumerate(page["label"]):
            if label is not None:
                out.append((features(page["lines"], i, page["taken"]), 1 if label == "furniture" else 0))
    return out


def in_zone(page: dict, index: int, zone: str) -> bool:
    """``short``: every line left; ``edge``: among the first 2 or last 3 lines the rules left, or next to a line
    they took. Never a line opening with a quote or a dialogue dash (someone's words: the story's)."""
    if page["lines"][index][:1] in _OPENERS:
        return False
    if zone == "short":
        return True
    taken = page["taken"]
    if (index > 0 and taken[index - 1]) or (index + 1 < len(taken) and taken[index + 1]):
        return True
    left = [i for i, t in enumerate(taken) if not t]
    return index in left[:2] or index in left[-3:]


def evaluate(weights, pages, thresholds, max_words, zone="short", short_words=0, short_threshold=1.0,
             languages=None) -> dict:
    """Over the lines the rules left: story lines, furniture lines, and per threshold those the scorer takes (a
    line of at most ``short_words`` words at ``min(threshold, short_threshold)``; pages of a language outside
    ``languages``, when given, are not scored)."""
    result = {"story": 0, "furniture": 0, "caught": defaultdict(int), "lost": defaultdict(int), "lost_lines": [],
              "caught_lines": []}
    for page in pages:
        for i, (label, taken) in enumerate(zip(page["label"], page["taken"], strict=True)):
            if taken or label is None:
                continue
            line = page["lines"][i]
            result["story" if label == "story" else "furniture"] += 1
            words = len(_WORD.findall(line))
            if words > max_words or not in_zone(page, i, zone) or (languages and page["lang"] not in languages):
                continue
            p = probability(weights, features(page["lines"], i, page["taken"]))
            for t in thresholds:
                if p >= (min(t, short_threshold) if words <= short_words else t):
                    result["lost" if label == "story" else "caught"][t] += 1
            if p >= min(min(thresholds), short_threshold if words <= short_words else 1.0):
                result["lost_lines" if label == "story" else "caught_lines"].append((round(p, 3), page["page"],
                                                                                     line[:100]))
    return result


def merge(a: dict, b: dict) -> dict:
    for key in ("story", "furniture", "lost_lines", "caught_lines"):
        a[key] += b[key]
    for key in ("caught", "lost"):
        for t, count in b[key].items():
            a[key][t] += count
    return a


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-words", type=int, default=25)
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.95, 0.97, 0.99, 0.995])
    parser.add_argument("--short-words", type=int, default=4, help="lines of at most this many words are taken at "
                        "--short-threshold when it is lower than the column's (0: one threshold for all)")
    parser.add_argument("--short-threshold", type=float, default=0.95)
    parser.add_argument("--seeds", type=int, nargs="+", default=[7],
                        help="shuffling seeds; the weights are averaged over them")
    parser.add_argument("--languages", nargs="*", help="score only pages of these languages (e.g. uk ru en)")
    parser.add_argument("--zone", choices=("short", "edge"), default="edge",
                        help="lines scored: every short line left (short) or only those at the edges / next to a "
                             "line the rules took (edge)")
    parser.add_argument("--folds", type=int, default=5, help="the 38 real pages are held out in this many folds")
    parser.add_argument("--refresh", action="store_true", help="rebuild the cached page dumps")
    parser.add_argument("--verbose", action="store_true", help="list the lines taken at the lowest threshold")
    parser.add_argument("--save", metavar="PATH", help="train on every set and save the weights (JSON) here")
    args = parser.parse_args(argv)
    thresholds = sorted(args.thresholds)
    today, before = load_pages(args.refresh)
    by_set: dict[str, list[dict]] = defaultdict(list)
    for page in today:
        by_set[page["set"]].append(page)
    examples = {name: examples_of(pages) for name, pages in by_set.items()}

    heads = "".join(f"{'c/l@' + format(t, 'g'):>13}" for t in thresholds)
    print(f"zone: {args.zone}, lines of <= {args.max_words} words left by the rules (<= {args.short_words} words: "
          f"threshold <= {args.short_threshold}); languages: {' '.join(args.languages or ['all'])}; "
          "c/l = furniture caught / story lines lost")
    print(f"{'held out':28}{'rules':>8}{'story':>7}{'furn':>6}{heads}")
    runs = [(name, "today", pages) for name, pages in sorted(by_set.items())]
    runs += [(name, "before", pages) for name, pages in sorted(before.items())]
    for name, rules, pages in runs:
        if name == REAL:  # one set of many outlets: held out page-wise in folds, the others' story lines trained on
            result = None
            for fold in range(args.folds):
                held = [page for k, page in enumerate(pages) if k % args.folds == fold]
                rest = [page for k, page in enumerate(pages) if k % args.folds != fold]
                weights = train([e for other, ex in examples.items() if other != REAL for e in ex]
                                + examples_of(rest), seeds=tuple(args.seeds))
                part = evaluate(weights, held, thresholds, args.max_words, args.zone, args.short_words,
                                args.short_threshold, args.languages)
                result = part if result is None else merge(result, part)
        else:
            weights = train([e for other, ex in examples.items() if other != name for e in ex],
                            seeds=tuple(args.seeds))
            result = evaluate(weights, pages, thresholds, args.max_words, args.zone, args.short_words,
                              args.short_threshold, args.languages)
        cells = "".join(f"{str(result['caught'][t]) + '/' + str(result['lost'][t]):>13}" for t in thresholds)
        print(f"{name:28}{rules:>8}{result['story']:7}{result['furniture']:6}{cells}")
        if args.verbose:
            for p, page, line in sorted(result["lost_lines"], reverse=True):
                print(f"      LOST {p:.3f} {page:18} {line}")
            for p, page, line in sorted(result["caught_lines"], reverse=True):
                print(f"      caught {p:.3f} {page:18} {line}")
    if args.save:
        weights = train([e for ex in examples.values() for e in ex], seeds=tuple(args.seeds))
        Path(args.save).write_text(json.dumps(weights, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        print(f"saved {len(weights)} weights to {args.save}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
