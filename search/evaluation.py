"""Relevance measurement: nDCG@k and MRR@k of a ranking function against graded judgements."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

RELEVANT_GRADE = 2  # MRR counts the first result graded at least this


@dataclass(frozen=True, slots=True)
class Judged:
    query: str
    kind: str
    grades: dict[str, int]


@dataclass(frozen=True, slots=True)
class Score:
    query: str
    kind: str
    ndcg: float
    reciprocal_rank: float
    ranking: tuple[str, ...]


def load_judgements(path: Path) -> list[Judged]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Judged(e["query"], e.get("kind", ""), dict(e["judgements"])) for e in entries]


def ndcg(ranking: Sequence[str], grades: dict[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain with gains 2^grade - 1."""
    def dcg(values: Sequence[int]) -> float:
        return sum((2.0 ** g - 1) / math.log2(i + 2) for i, g in enumerate(values[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(slug, 0) for slug in ranking]) / ideal if ideal else 0.0


def reciprocal_rank(ranking: Sequence[str], grades: dict[str, int], k: int = 10) -> float:
    for position, slug in enumerate(ranking[:k], 1):
        if grades.get(slug, 0) >= RELEVANT_GRADE:
            return 1.0 / position
    return 0.0


def evaluate(rank: Callable[[str], Sequence[str]], judged: Sequence[Judged],
             k: int = 10) -> list[Score]:
    """Score `rank` (query → slugs, best first) on every judged query."""
    scores = []
    for item in judged:
        ranking = tuple(rank(item.query))[:k]
        scores.append(Score(item.query, item.kind, ndcg(ranking, item.grades, k),
                            reciprocal_rank(ranking, item.grades, k), ranking))
    return scores


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
