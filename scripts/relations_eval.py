"""Precision and recall of related exercises against the coach-judged set
(tests/coaching/relations.yaml, scored as its README says), for the current code and, in the
same run, for the whole `content` package of another git revision (main by default), each
over the Free Exercise DB imported by its own code.

    .venv/bin/python scripts/relations_eval.py [--baseline main] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from benchlib import ROOT, SCRIPTS, workspace

JUDGED = ROOT / "tests" / "coaching" / "relations.yaml"
KINDS = ("progressions", "regressions", "variations", "substitutes")
CUT = 10
Lister = Callable[[Any], Sequence[str]]
Scores = dict[str, dict[str, list[float]]]


def listers(links: Any) -> dict[str, Lister]:
    """The four relations of a `Relations` object, as slugs."""
    def slugs(items: Sequence[Any]) -> list[str]:
        return [item.exercise.slug for item in items]

    return {
        "progressions": lambda e: slugs(links.progressions(e)),
        "regressions": lambda e: slugs(links.regressions(e)),
        "variations": lambda e: slugs(links.variations(e.slug)),
        "substitutes": lambda e: slugs(links.substitutes(e)),
    }


def score(judged: list[dict[str, Any]], work: Path, verbose: bool) -> tuple[Scores, int]:
    """Score the `content` package first on sys.path over a library it imports into `work`."""
    from benchlib import imported_library

    from content.loader import load_library
    from content.related import relations

    store = load_library(imported_library(work / "library")).store
    relation = listers(relations(store))
    scores: Scores = {kind: {"precision": [], "recall": []} for kind in KINDS}
    never_hits = 0
    for entry in judged:
        exercise = store.exercises[entry["exercise"]]
        never = set(entry.get("never", []))
        for kind in KINDS:
            found = list(relation[kind](exercise))
            never_hits += len(never & set(found))
            top = found[:CUT]
            must, ok = set(entry[kind]["must"]), set(entry[kind]["ok"])
            if top:
                scores[kind]["precision"].append(
                    len([s for s in top if s in must | ok]) / len(top))
            if must:
                scores[kind]["recall"].append(len(must & set(top)) / len(must))
            if verbose and (set(top) - must - ok or must - set(top)):
                print(f"  {entry['exercise']} {kind}: wrong {sorted(set(top) - must - ok)} "
                      f"missing {sorted(must - set(top))}")
    return scores, never_hits


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def report(label: str, scores: Scores, never_hits: int) -> None:
    print(f"{label}")
    for kind in KINDS:
        s = scores[kind]
        print(f"    {kind:<13} precision@10 {mean(s['precision']):.3f} "
              f"(n={len(s['precision']):<2})   recall@10 {mean(s['recall']):.3f} "
              f"(n={len(s['recall'])})")
    precision = [p for s in scores.values() for p in s["precision"]]
    recall = [r for s in scores.values() for r in s["recall"]]
    print(f"    {'overall':<13} precision@10 {mean(precision):.3f}        "
          f"   recall@10 {mean(recall):.3f}     never violations {never_hits}")


def baseline(revision: str, judged_path: Path, work: Path) -> tuple[Scores, int]:
    """Scores of `revision`'s code, run in a fresh interpreter from an export of it."""
    code = work / "baseline"
    code.mkdir()
    archive = subprocess.run(["git", "archive", revision, "content"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    found = subprocess.run([sys.executable, str(SCRIPTS / "relations_eval.py"),
                            "--code", str(code), "--judged", str(judged_path)],
                           check=True, capture_output=True, text=True).stdout
    result = json.loads(found)
    return result["scores"], result["never"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--verbose", action="store_true", help="list wrong and missing items")
    parser.add_argument("--code", help=argparse.SUPPRESS)    # child: score this export
    parser.add_argument("--judged", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.code:
        sys.path.insert(0, args.code)
        judged = yaml.safe_load(Path(args.judged).read_text(encoding="utf-8"))
        with workspace() as work:
            scores, never = score(judged, work, False)
        print(json.dumps({"scores": scores, "never": never}))
        return
    judged = yaml.safe_load(JUDGED.read_text(encoding="utf-8"))
    with workspace() as work:
        before = baseline(args.baseline, JUDGED, work)
        print(f"{len(judged)} judged exercises, first {CUT} items of each relation\n")
        report(f"{args.baseline} (before)", *before)
        report("this revision", *score(judged, work, args.verbose))


if __name__ == "__main__":
    main()
