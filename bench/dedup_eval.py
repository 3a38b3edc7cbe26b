"""Precision / recall of duplicate detection on the labelled pairs (bench/data/dedup/pairs.jsonl).

    .venv/bin/python bench/dedup_eval.py            # the shipped parameters, errors listed
    .venv/bin/python bench/dedup_eval.py --sweep    # the measurement behind the parameters
    .venv/bin/python bench/dedup_eval.py --seeds 1 2 3 4 5   # pair sets drawn with other generator seeds
    .venv/bin/python bench/dedup_eval.py --pairs bench/data/dedup/real_pairs.jsonl   # the hand-written blind set
    .venv/bin/python bench/dedup_eval.py --write-real   # real_pairs.yaml -> real_pairs.jsonl
    .venv/bin/python bench/dedup_eval.py --pairs bench/data/dedup/holdout2_pairs.yaml --minhash-seeds 20
        # under 20 other MinHash permutations: how often each pair's decision flips with the signature's noise
    .venv/bin/python bench/dedup_eval.py --compare-ref 6a70f3b
        # every ordered pair of the hand-written sets' documents, labelled or not, decided by that commit's
        # newswatch/dedup and by the working tree's: the decisions that changed

Pair files: JSON lines ``{"id", "kind", "label", "a", "b"}`` (``a``/``b``: ``url``, ``title``,
``source``, ``body``, optional ``canonical_url``), or the YAML the blind set is written in
(``docs`` by id, ``pairs`` naming them; see bench/data/dedup/README.md).

Each pair is played the way the pipeline sees it: ``a`` is already stored, ``b`` arrives.
``a`` is a candidate only when the store would return it: same url_key, same exact hash,
or at least one shared LSH band, or 2 sentence keys (``newswatch.dedup.lookup_keys``, ``SENTENCE_KEYS_SHARED``). Then
``newswatch.dedup.decide`` decides; anything but ``new`` and ``translation`` counts as "duplicate". Positive
class = duplicate. Pairs with a ``translation`` label (bench/data/dedup/translations_pairs.yaml) are also scored
as translation links (decision ``translation``: one outlet's editions of one article in two languages).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newswatch.dedup import (  # noqa: E402
    NEAR_PARAMS,
    NEW,
    SENTENCE_KEYS_SHARED,
    TRANSLATION,
    NearParams,
    decide,
    fingerprints,
    indexed_keys,
    is_sentence_key,
    lookup_keys,
    registered_domain,
    url_key,
    with_edition,
)
from newswatch.dedup._text import normalize_body, shingles  # noqa: E402

DATA = ROOT / "bench" / "data" / "dedup"
PAIRS = DATA / "pairs.jsonl"
REAL_PAIRS = DATA / "real_pairs.jsonl"
REAL_SOURCE = DATA / "real_pairs.yaml"
_DOC_FIELDS = ("url", "canonical_url", "source", "title", "body", "language", "published_at", "alternates")


def load_pairs(path: Path = PAIRS) -> list[dict]:
    """Labelled pairs from a JSONL file, or from the YAML source of the blind set."""
    path = Path(path)
    if path.suffix in (".yaml", ".yml"):
        return pairs_from_yaml(path)
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def pairs_from_yaml(path: Path = REAL_SOURCE) -> list[dict]:
    """``docs`` (by id; ``body_from`` reuses another document's body) and ``pairs`` naming them -> pairs."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    docs = raw["docs"]

    def doc(doc_id: str) -> dict:
        spec = docs[doc_id]
        body = spec["body"] if "body" in spec else docs[spec["body_from"]]["body"]
        out = {name: spec[name] for name in _DOC_FIELDS if name in spec}
        return {**out, "id": doc_id, "body": body.strip()}

    return [{"id": p["id"], "kind": p["kind"], "label": p["label"], "why": p.get("why", ""),
             **({"translation": p["translation"]} if "translation" in p else {}),
             "a": doc(p["a"]), "b": doc(p["b"])} for p in raw["pairs"]]


def write_jsonl(pairs: list[dict], out: Path) -> None:
    with Path(out).open("w", encoding="utf-8") as fh:
        for pair in pairs:
            fh.write(json.dumps(pair, ensure_ascii=False) + "\n")


def as_article(doc: dict, params: NearParams) -> dict:
    """The article as DedupPipeline builds it: fingerprints with the page's edition (language, published_at and
    hreflang alternates when the pair file gives them)."""
    key = url_key(doc["url"], doc.get("canonical_url"))
    domain = registered_domain(doc["url"])
    fp = with_edition(fingerprints(doc["body"], params), doc["body"], key=key, domain=domain,
                      language=doc.get("language"), published_at=doc.get("published_at"),
                      alternates=doc.get("alternates"))
    return {
        "url": doc["url"],
        "title": doc.get("title"),
        "url_key": key,
        "source": doc.get("source"),
        "domain": domain,
        "fingerprints": fp,
        "first_seen_at": doc.get("first_seen_at", ""),
    }


def is_candidate(new: dict, stored: dict) -> bool:
    """What one indexed store lookup returns: same key, same exact hash, any shared band, or
    ``SENTENCE_KEYS_SHARED`` shared sentence keys (the new article's lookup keys against the stored one's indexed
    keys)."""
    fp_new, fp_old = new["fingerprints"], stored["fingerprints"]
    shared = set(lookup_keys(fp_new)) & set(indexed_keys(fp_old))
    by_sentence = sum(map(is_sentence_key, shared))
    return (
        new["url_key"] == stored["url_key"]
        or (bool(fp_new["exact"]) and fp_new["exact"] == fp_old["exact"])
        or len(shared) > by_sentence
        or by_sentence >= SENTENCE_KEYS_SHARED
    )


def prepare(pairs: list[dict], params: NearParams = NEAR_PARAMS) -> list[tuple[dict, dict, dict]]:
    """Fingerprint both sides of every pair (depends on num_perm, bands, shingle only)."""
    return [(pair, as_article(pair["a"], params), as_article(pair["b"], params)) for pair in pairs]


def evaluate(pairs: list[dict], params: NearParams = NEAR_PARAMS, prepared: list | None = None) -> dict:
    tp = fp = fn = tn = 0
    links = dict.fromkeys(("tp", "fp", "fn", "tn"), 0)
    errors = []
    for pair, stored, new in prepared or prepare(pairs, params):
        candidates = [stored] if is_candidate(new, stored) else []
        decision = decide(new, candidates, params)
        linked = decision["kind"] == TRANSLATION
        if "translation" in pair:  # scored on its own: one outlet's editions linked as one story
            outcome = ("t" if linked == bool(pair["translation"]) else "f") + ("p" if linked else "n")
            links[outcome] += 1
            if outcome[0] == "f":
                errors.append((pair["id"], "translation " + ("false link" if linked else "missed link"),
                               "candidate" if candidates else "no candidate", decision["similarity"]))
        predicted = decision["kind"] not in (NEW, TRANSLATION)
        if predicted and pair["label"]:
            tp += 1
        elif predicted:
            fp += 1
            errors.append((pair["id"], "false positive", decision["kind"], decision["similarity"]))
        elif pair["label"]:
            fn += 1
            errors.append((pair["id"], "false negative", "candidate" if candidates else "no candidate", None))
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn, "tn": tn, "errors": errors,
            "translations": links}


def jaccard_by_kind(pairs: list[dict], shingle: int) -> dict[str, list[float]]:
    """True (not estimated) shingle Jaccard per pair kind: how separable the classes are."""
    out: dict[str, list[float]] = {}
    for pair in pairs:
        a = shingles(normalize_body(pair["a"]["body"]).split(), shingle)
        b = shingles(normalize_body(pair["b"]["body"]).split(), shingle)
        out.setdefault(f"{pair['kind']} ({pair['label']})", []).append(len(a & b) / len(a | b) if a | b else 1.0)
    return out


def sweep(pairs: list[dict]) -> None:
    for k in (2, 3, 4, 5):
        print(f"\nshingle={k}: true Jaccard per kind (min / median / max)")
        for kind, values in sorted(jaccard_by_kind(pairs, k).items()):
            low, mid, high = min(values), statistics.median(values), max(values)
            print(f"  {kind:18} {low:.3f} / {mid:.3f} / {high:.3f}  n={len(values)}")
    print("\nnum_perm bands rows shingle threshold min_shared  precision recall  fp fn")
    for num_perm, bands, rows in ((128, 32, 4), (126, 42, 3), (192, 64, 3), (192, 64, 2), (192, 96, 2)):
        for k in (2, 3, 4):
            prepared = prepare(pairs, NearParams(num_perm=num_perm, bands=bands, rows=rows, shingle=k))
            for threshold in (0.2, 0.25, 0.3, 0.35, 0.4):
                for min_shared in (0, 50, 65, 80):
                    params = NearParams(num_perm=num_perm, bands=bands, rows=rows, shingle=k,
                                        threshold=threshold, min_shared=min_shared)
                    r = evaluate(pairs, params, prepared)
                    print(f"{num_perm:8} {bands:5} {params.rows:4} {k:7} {threshold:9.2f} {min_shared:10}  "
                          f"{r['precision']:9.3f} {r['recall']:6.3f} {r['fp']:3} {r['fn']:3}", flush=True)


def generated_pairs(seed: int) -> list[dict]:
    """A labelled set drawn by bench/dedup_make_pairs.py with another seed (built in memory, nothing written)."""
    spec = importlib.util.spec_from_file_location("dedup_make_pairs", ROOT / "bench" / "dedup_make_pairs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(seed)


def hand_written() -> list[str]:
    """Every hand-written pair file in DATA: real_pairs, translations, then holdout, holdout2, ... in number order
    then its second sets (15, 15b); a new holdout set is compared without editing a list."""
    def number(path: Path) -> tuple[int, str]:
        name = path.stem.removeprefix("holdout").removesuffix("_pairs")  # "", "2", ..., "15", "15b"
        digits = name.rstrip("abcdefghijklmnopqrstuvwxyz")
        return (int(digits) if digits.isdigit() else 1, name[len(digits):])
    holdouts = sorted(DATA.glob("holdout*_pairs.yaml"), key=number)
    return ["real_pairs.yaml", "translations_pairs.yaml", *(path.name for path in holdouts)]


def compare_ref(commit: str) -> None:
    """Every ordered pair of the hand-written sets' documents through ``decide``, ``commit``'s package against the
    working tree's (each finds the stored one only when its own lookup would): the decisions that differ."""
    from bench.fingerprints_cpu import _package_at

    ref = _package_at(commit)
    current = sys.modules["newswatch.dedup"]
    docs, labels = {}, {}
    for name in hand_written():
        if not (DATA / name).exists():
            continue
        for pair in load_pairs(DATA / name):
            for side in "ab":
                docs[(name, pair[side]["id"])] = pair[side]
            labels[(name, pair["a"]["id"], pair["b"]["id"])] = (pair["label"], pair.get("translation"))

    def article(module, doc: dict) -> dict:
        key = module.url_key(doc["url"], doc.get("canonical_url"))
        domain = module.registered_domain(doc["url"])
        fp = module.with_edition(module.fingerprints(doc["body"]), doc["body"], key=key, domain=domain,
                                 language=doc.get("language"), published_at=doc.get("published_at"),
                                 alternates=doc.get("alternates"))
        return {"url": doc["url"], "title": doc.get("title"), "url_key": key, "source": doc.get("source"),
                "domain": domain, "fingerprints": fp, "first_seen_at": ""}

    def found(module, new: dict, old: dict) -> bool:
        indexed = getattr(module, "indexed_keys", module.lookup_keys)  # (before the ninth round: one list)
        shared = set(module.lookup_keys(new["fingerprints"])) & set(indexed(old["fingerprints"]))
        by_sentence = sum(map(module.is_sentence_key, shared))
        exact = new["fingerprints"]["exact"]
        return (new["url_key"] == old["url_key"] or (bool(exact) and exact == old["fingerprints"]["exact"])
                or len(shared) > by_sentence or by_sentence >= module.SENTENCE_KEYS_SHARED)

    built = {k: (article(ref, doc), article(current, doc)) for k, doc in docs.items()}
    changed: dict[tuple[str, str], int] = {}
    for a, b in ((a, b) for a in built for b in built if a != b):
        if docs[a]["url"] == docs[b]["url"] and docs[a]["body"] == docs[b]["body"]:
            continue  # one document listed in two sets
        kinds = [module.decide(built[b][i], [built[a][i]] if found(module, built[b][i], built[a][i]) else [])["kind"]
                 for i, module in enumerate((ref, current))]
        if kinds[0] != kinds[1]:
            label = labels.get((a[0], a[1], b[1])) if a[0] == b[0] else None
            print(f"  {kinds[0]:12} -> {kinds[1]:12} label {label}  {a[0]}:{a[1]} -> {b[0]}:{b[1]}")
            changed[(kinds[0], kinds[1])] = changed.get((kinds[0], kinds[1]), 0) + 1
    print(f"{len(docs)} documents, {len(docs) * (len(docs) - 1)} ordered pairs; changed: "
          + (", ".join(f"{old} -> {new} {n}" for (old, new), n in sorted(changed.items())) or "none"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="try every parameter combination")
    parser.add_argument("--seeds", type=int, nargs="*", help="evaluate pair sets generated with these seeds")
    parser.add_argument("--pairs", type=Path, default=PAIRS, help=f"labelled pairs, JSONL or YAML (default {PAIRS})")
    parser.add_argument("--write-real", action="store_true", help=f"write {REAL_PAIRS} from {REAL_SOURCE}")
    parser.add_argument("--compare-ref", metavar="COMMIT",
                        help="every ordered pair of the hand-written sets: that commit's decisions against the tree's")
    parser.add_argument("--minhash-seeds", type=int, metavar="N",
                        help="score the pairs under MinHash seeds 1..N (other permutations: other estimate noise)")
    args = parser.parse_args()
    if args.write_real:
        pairs = pairs_from_yaml(REAL_SOURCE)
        write_jsonl(pairs, REAL_PAIRS)
        print(f"{len(pairs)} pairs -> {REAL_PAIRS}")
        return 0
    if args.compare_ref:
        compare_ref(args.compare_ref)
        return 0
    if args.seeds:
        for seed in args.seeds:
            r = evaluate(generated_pairs(seed))
            print(f"seed {seed:9}: precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
                  f"(tp {r['tp']} fp {r['fp']} fn {r['fn']} tn {r['tn']})")
            for error in r["errors"]:
                print("  ", *error)
        return 0
    pairs = load_pairs(args.pairs)
    if args.minhash_seeds:
        totals = dict.fromkeys(("tp", "fp", "fn", "tn"), 0)
        flips: dict[tuple[str, str], int] = {}
        for seed in range(1, args.minhash_seeds + 1):
            r = evaluate(pairs, NearParams(seed=seed))
            for name in totals:
                totals[name] += r[name]
            for error in r["errors"]:
                flips[error[:2]] = flips.get(error[:2], 0) + 1
        counts = " ".join(f"{k} {v}" for k, v in totals.items())
        print(f"{len(pairs)} pairs x {args.minhash_seeds} MinHash seeds: {counts}")
        for (pair_id, what), n in sorted(flips.items(), key=lambda item: -item[1]):
            print(f"   {n:3}/{args.minhash_seeds} {what:15} {pair_id}")
        return 0
    if args.sweep:
        sweep(pairs)
        return 0
    kinds: dict[str, int] = {}
    for pair in pairs:
        kinds[f"{pair['kind']} ({pair['label']})"] = kinds.get(f"{pair['kind']} ({pair['label']})", 0) + 1
    print(f"{len(pairs)} labelled pairs: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    p = NEAR_PARAMS
    print(f"parameters: num_perm={p.num_perm} bands={p.bands}x{p.rows} shingle={p.shingle} "
          f"threshold={p.threshold} min_shared={p.min_shared} min_words={p.min_words} "
          f"min_contained={p.min_contained} min_shared_partial={p.min_shared_partial}")
    r = evaluate(pairs)
    print(f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
          f"(tp {r['tp']} fp {r['fp']} fn {r['fn']} tn {r['tn']})")
    t = r["translations"]
    if sum(t.values()):
        print(f"translation links: precision {t['tp'] / (t['tp'] + t['fp']) if t['tp'] + t['fp'] else 1.0:.3f}  "
              f"recall {t['tp'] / (t['tp'] + t['fn']) if t['tp'] + t['fn'] else 1.0:.3f}  "
              f"(tp {t['tp']} fp {t['fp']} fn {t['fn']} tn {t['tn']})")
    for error in r["errors"]:
        print("  ", *error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
