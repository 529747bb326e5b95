"""What gets indexed: each content document flattened into searchable text fields."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from content import markdown
from content.catalog import FACETS
from content.model import Exercise, Guide, Kind, Muscle
from content.store import Changes, Store

TEXT_FIELDS = ("name", "aliases", "muscles", "body")


@dataclass(frozen=True, slots=True)
class IndexDocument:
    """One document as the index sees it: text fields, filter keys and a content hash."""

    kind: Kind
    slug: str
    fields: dict[str, str]

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.slug}"

    @property
    def digest(self) -> str:
        encoded = json.dumps(self.fields, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()[:20]


def _muscle_words(store: Store, slugs: tuple[str, ...]) -> str:
    words = []
    for slug in slugs:
        muscle = store.muscles.get(slug)
        if muscle:
            words += [muscle.name, *muscle.aliases]
    return "\n".join(words)


def exercise_document(store: Store, exercise: Exercise) -> IndexDocument:
    return IndexDocument(Kind.EXERCISE, exercise.slug, {
        "name": exercise.name,
        "aliases": "\n".join(exercise.aliases),
        "muscles": _muscle_words(store, exercise.primary_muscles),
        "body": markdown.plain_text(exercise.body),
        **{facet.name: ",".join(facet.values(exercise)) for facet in FACETS},
    })


def muscle_document(muscle: Muscle) -> IndexDocument:
    return IndexDocument(Kind.MUSCLE, muscle.slug, {
        "name": muscle.name,
        "aliases": "\n".join(muscle.aliases),
        "body": markdown.plain_text(muscle.body),
    })


def guide_document(guide: Guide) -> IndexDocument:
    return IndexDocument(Kind.GUIDE, guide.slug, {
        "name": guide.title,
        "aliases": "\n".join(guide.tags),
        "body": f"{guide.summary}\n{markdown.plain_text(guide.body)}",
    })


def changed_documents(before: Store, after: Store) -> tuple[list[IndexDocument], set[str]]:
    """The documents of `after` to index again, and the keys of those to drop, when the
    index holds `before`: the changed documents, and the exercises whose primary muscles
    changed (their muscle names are indexed with them)."""
    changes = Changes.between(before, after)
    muscles = {slug for kind, slug in changes.changed | changes.removed if kind is Kind.MUSCLE}
    exercises = {slug for kind, slug in changes.changed if kind is Kind.EXERCISE}
    for muscle in muscles:
        exercises.update(e.slug for e in after.exercises_for_muscle(muscle))
    found = [exercise_document(after, after.exercises[slug]) for slug in sorted(exercises)]
    found += [muscle_document(after.muscles[slug]) for slug in sorted(muscles)
              if slug in after.muscles]
    found += [guide_document(after.guides[slug]) for kind, slug in sorted(changes.changed)
              if kind is Kind.GUIDE]
    return found, {f"{kind.value}:{slug}" for kind, slug in changes.removed}


def documents(store: Store) -> Iterator[IndexDocument]:
    """Every document of the store, in a stable order."""
    for exercise in store.exercises.values():
        yield exercise_document(store, exercise)
    for muscle in store.muscles.values():
        yield muscle_document(muscle)
    for guide in store.guides.values():
        yield guide_document(guide)
