"""Relevance of exgraph search on the judged query sets, against a plain BM25 baseline
(SQLite FTS5 over the same exercises) scored in the same run, overall and per kind of query.

Each pair of sets has one that ranking (or query understanding) was tuned on and a held-out
one written from the data alone and never used for tuning, so it shows how well that
generalises. The intents sets hold natural-language intents, everyday anatomy and slang.

    .venv/bin/python scripts/relevance.py [--set intents] [--verbose]
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from baseline import FtsIndex
from benchlib import ROOT, imported_library, workspace

from content.loader import LoadResult, load_library
from content.model import Kind
from search.engine import SearchEngine, SearchRequest
from search.evaluation import Score, evaluate, load_judgements, mean
from search.service import SearchService

RELEVANCE = ROOT / "tests" / "relevance"
JUDGED_SETS = {
    "main": ("main (tuned on)", RELEVANCE / "judgements.yaml"),
    "holdout": ("held-out", RELEVANCE / "holdout.yaml"),
    "intents": ("intents (tuned on)", RELEVANCE / "intents.yaml"),
    "intents-holdout": ("intents held-out", RELEVANCE / "intents_holdout.yaml"),
    "intents-holdout2": ("intents held-out 2", RELEVANCE / "intents_holdout2.yaml"),
    "intents-holdout3": ("intents held-out 3", RELEVANCE / "intents_holdout3.yaml"),
    "intents-holdout4": ("intents held-out 4", RELEVANCE / "intents_holdout4.yaml"),
    "intents-holdout5": ("intents held-out 5", RELEVANCE / "intents_holdout5.yaml"),
    "intents-holdout6": ("intents held-out 6", RELEVANCE / "intents_holdout6.yaml"),
    "intents-holdout7": ("intents held-out 7", RELEVANCE / "intents_holdout7.yaml"),
}


def report(label: str, scores: list[Score]) -> tuple[float, float]:
    ndcg, mrr = mean([s.ndcg for s in scores]), mean([s.reciprocal_rank for s in scores])
    print(f"{label:<22} nDCG@10 {ndcg:.3f}   MRR@10 {mrr:.3f}")
    by_kind: dict[str, list[Score]] = defaultdict(list)
    for score in scores:
        by_kind[score.kind].append(score)
    for kind, group in sorted(by_kind.items()):
        print(f"    {kind:<18} n={len(group):<3} nDCG@10 {mean([s.ndcg for s in group]):.3f}"
              f"   MRR@10 {mean([s.reciprocal_rank for s in group]):.3f}")
    return ndcg, mrr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="print every query's scores")
    parser.add_argument("--set", dest="sets", action="append", choices=list(JUDGED_SETS),
                        help="score only this set (repeatable; default: all)")
    args = parser.parse_args()
    with workspace() as work:
        loaded = load_library(imported_library(work / "library"))
        engine = SearchService(work / "index").synchronise(loaded)
        compare(loaded, engine, args.sets or list(JUDGED_SETS), args.verbose)


def compare(loaded: LoadResult, engine: SearchEngine, sets: list[str], verbose: bool) -> None:
    exercises = frozenset({Kind.EXERCISE})
    fts = FtsIndex(loaded.store)
    for name, path in (JUDGED_SETS[key] for key in sets):
        judged = load_judgements(path)
        ours = evaluate(lambda q: [h.slug for h in engine.search(
            SearchRequest(q, kinds=exercises, limit=10)).hits], judged)
        theirs = evaluate(lambda q: fts.search(q, 10), judged)
        print(f"\n{name} set: {len(judged)} judged queries over "
              f"{len(loaded.store.exercises)} exercises")
        ndcg, mrr = report("exgraph", ours)
        base_ndcg, base_mrr = report("BM25 baseline (FTS5)", theirs)
        print(f"ratio exgraph / baseline: nDCG@10 {ndcg / base_ndcg:.2f}x, "
              f"MRR@10 {mrr / base_mrr:.2f}x")
        if verbose:
            for mine, base in zip(ours, theirs, strict=True):
                print(f"{mine.ndcg:.2f} {base.ndcg:.2f}  {mine.query!r}: "
                      f"{', '.join(mine.ranking[:5])}")


if __name__ == "__main__":
    main()
