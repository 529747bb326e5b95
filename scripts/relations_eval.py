"""Precision and recall of related exercises against the coach-judged set
(tests/coaching/relations.yaml, scored as its README says), for the current code and, in the
same run, for the related-exercise code of another git revision (main by default).

    .venv/bin/python scripts/relations_eval.py [--baseline main] [--verbose]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from benchlib import ROOT, imported_library, workspace

from content.loader import load_library
from content.model import Exercise
from content.related import relations
from content.store import Store

JUDGED = ROOT / "tests" / "coaching" / "relations.yaml"
KINDS = ("progressions", "regressions", "variations", "substitutes")
CUT = 10
Lister = Callable[[Exercise], Sequence[str]]


@dataclass
class Score:
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)


def listers(links: Any, store: Store) -> dict[str, Lister]:
    """The four relations of a `Relations` object (this revision's or an older one's)."""
    def slugs(items: Sequence[Any]) -> list[str]:
        return [item.exercise.slug for item in items]

    return {
        "progressions": lambda e: slugs(links.progressions(e)),
        "regressions": lambda e: slugs(links.regressions(e)),
        "variations": lambda e: slugs(links.variations(e.slug)),
        "substitutes": lambda e: slugs(links.substitutes(e)),
    }


def score(judged: list[dict[str, Any]], store: Store, relation: dict[str, Lister],
          verbose: bool) -> tuple[dict[str, Score], int]:
    scores = {kind: Score() for kind in KINDS}
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
                scores[kind].precision.append(len([s for s in top if s in must | ok]) / len(top))
            if must:
                scores[kind].recall.append(len(must & set(top)) / len(must))
            if verbose and (set(top) - must - ok or must - set(top)):
                print(f"  {entry['exercise']} {kind}: wrong {sorted(set(top) - must - ok)} "
                      f"missing {sorted(must - set(top))}")
    return scores, never_hits


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def report(label: str, scores: dict[str, Score], never_hits: int) -> None:
    print(f"{label}")
    for kind in KINDS:
        s = scores[kind]
        print(f"    {kind:<13} precision@10 {mean(s.precision):.3f} (n={len(s.precision):<2})"
              f"   recall@10 {mean(s.recall):.3f} (n={len(s.recall)})")
    precision = [p for s in scores.values() for p in s.precision]
    recall = [r for s in scores.values() for r in s.recall]
    print(f"    {'overall':<13} precision@10 {mean(precision):.3f}        "
          f"   recall@10 {mean(recall):.3f}     never violations {never_hits}")


def baseline_relations(revision: str, store: Store) -> Any:
    """`Relations` from content/related.py as it is at `revision`, loaded beside this one."""
    source = subprocess.run(["git", "show", f"{revision}:content/related.py"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    name = f"content.related_at_{revision.replace('-', '_')}"
    module = types.ModuleType(name)
    module.__package__ = "content"
    sys.modules[name] = module
    exec(compile(source, f"{revision}:content/related.py", "exec"), module.__dict__)
    return module.Relations(store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--verbose", action="store_true", help="list wrong and missing items")
    args = parser.parse_args()
    judged = yaml.safe_load(JUDGED.read_text(encoding="utf-8"))
    with workspace() as work:
        store = load_library(imported_library(work / "library")).store
        old = baseline_relations(args.baseline, store)
        print(f"{len(judged)} judged exercises, first {CUT} items of each relation\n")
        report(f"{args.baseline} (before)", *score(judged, store, listers(old, store), False))
        report("this revision", *score(judged, store, listers(relations(store), store),
                                       args.verbose))


if __name__ == "__main__":
    main()
