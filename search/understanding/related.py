"""Exercises related to a named one, as a relation phrase asks: substitutes, easier or harder
versions. The related-exercise graph proposes them and says how alike they are; the
vocabulary's words for easier and harder versions ("assisted", "weighted") say which way a
version steps, where levels alone cannot.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping

from content.model import Exercise, Mechanic
from content.patterns import LEAD_UPS, Pattern
from content.related import relations, training_kind
from content.vocabulary import Relation, RelationKind

from .exercises import ExerciseIndex, Phrase

# A substitute with the same equipment and the same movement words is the same exercise
# done a little differently, not an alternative.
SAME_EXERCISE_FACTOR = 0.4
# One with the same movement words but other equipment is the same lift loaded another way:
# an alternative, but a lesser one than another movement.
VARIANT_FACTOR = 0.85
# An alternative to a loaded lift keeps a load: what is left of a body-weight one's score.
UNLOADED_FACTOR = 0.85
# What each level an alternative is above the named exercise leaves of its score.
HARDER_FACTOR = 0.8
# What an alternative named as an easier or harder version ("incline", "one arm") keeps.
STEPPED_FACTOR = 0.9
# How much another pattern of the same family counts next to the same pattern.
FAMILY_SHARE = 0.7
# How much each sign that a version is easier or harder adds to its likeness.
STEP_WEIGHT = 0.15
# How much the graph's own likeness score adds for the exercises it proposes.
GRAPH_WEIGHT = {RelationKind.SUBSTITUTES: 0.2, RelationKind.REGRESSIONS: 3.0,
                RelationKind.PROGRESSIONS: 3.0}
MAX_EVIDENCE = 2
# How much a body-weight lead-up of another pattern weighs against the graph's steps, and
# how many of the nearest are proposed: what a lead-up scores before its likeness is added,
# and what each sign of a step beyond the change of pattern leaves of it.
LEAD_UP_WEIGHT = 3.0
LEAD_UPS_KEPT = 3
LEAD_UP_BASE = 0.2
LEAD_UP_DISTANCE = 0.7
# What an easier version of a body-weight exercise keeps when a machine or a weight carries
# the load: it trains the muscles, but not the skill of moving one's own body.
LOADED_SHARE = 0.5
# What an alternative no harder than the named exercise keeps as an easier version of it.
SCALED_SHARE = 0.5
FEWER_JOINTS_SHARE = 0.5  # what such an alternative keeps when it moves fewer joints
PLAINNESS = 0.04
FREE_WEIGHTS = frozenset(("barbell", "dumbbell", "kettlebells", "e-z-curl-bar"))
GUIDED = frozenset(("machine", "cable"))  # the load moves on a track: easier to control
KEPT = 512
# Past this many changed exercises, no answer is carried to the next snapshot.
MAX_CHANGES_KEPT = 64


def _loading(exercise: Exercise) -> str:
    if exercise.equipment in FREE_WEIGHTS:
        return "free weights"
    return "guided" if exercise.equipment in GUIDED else "body weight"


def _loads_alike(exercise: Exercise, other: Exercise) -> bool:
    """Whether `other` is loaded no more than `exercise`: a body-weight exercise by body
    weight, a guided one by no free weights."""
    mine, theirs = _loading(exercise), _loading(other)
    return mine == theirs or (mine != "body weight" and theirs != "free weights")


def _plainness(exercise: Exercise) -> float:
    """Less for each word a name has beyond two: plain names are base movements, longer
    ones variations of them."""
    return 1.0 / (1.0 + PLAINNESS * max(0, len(exercise.name.split()) - 2))


def _same_pattern(mine: Pattern | None, theirs: Pattern | None, same_way: bool) -> float:
    """1 for the same movement pattern; FAMILY_SHARE for another pattern of its family
    moved the same way, pushing or pulling, compound or isolated (a lunge for a squat)."""
    if mine is None or theirs is None:
        return 0.0
    if mine == theirs:
        return 1.0
    return FAMILY_SHARE * (mine.family is theirs.family and same_way)


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    first, second = set(a), set(b)
    return len(first & second) / len(first | second) if first | second else 0.0


class RelatedExercises:
    """Relation look-ups over one store, with the vocabulary's step words. The answers are
    kept (KEPT of them) and carried to the next snapshot when an edit cannot change them."""

    def __init__(self, index: ExerciseIndex, cues: Iterable[Relation],
                 kept: Mapping[tuple[RelationKind, str], dict[str, float]] | None = None
                 ) -> None:
        self.store = index.store
        self.index = index
        phrase = index.words.phrase
        self.cues = tuple(cues)
        self.easier = tuple(phrase(w) for c in self.cues
                            if c.kind is RelationKind.REGRESSIONS for w in c.words)
        self.harder = tuple(phrase(w) for c in self.cues
                            if c.kind is RelationKind.PROGRESSIONS for w in c.words)
        self._movements: dict[str, list[Phrase]] = {}
        self._cues: dict[str, tuple[frozenset[Phrase], frozenset[Phrase]]] = {}
        self._found: OrderedDict[tuple[RelationKind, str], dict[str, float]] = \
            OrderedDict(kept or {})
        self._lock = threading.Lock()

    def updated(self, index: ExerciseIndex, changed: frozenset[str]) -> RelatedExercises:
        """The relation look-ups of `index`'s store, where the exercises `changed` differ
        from this one's. Relatives are drawn from exercises sharing a muscle, the movement
        pattern, a movement word of the name or a swap with the named exercise, so an answer
        is kept when no version of a changed exercise shares any of these with it."""
        cues = index.store.vocabulary.relations
        if cues != self.cues or len(changed) > MAX_CHANGES_KEPT:
            return RelatedExercises(index, cues)
        versions = [(self.index, self.store.exercises.get(slug)) for slug in changed] + \
            [(index, index.store.exercises.get(slug)) for slug in changed]
        with self._lock:
            found = list(self._found.items())
        kept = {key: scores for key, scores in found if key[1] not in changed and not any(
            self._near(self.store.exercises[key[1]], source, other)
            for source, other in versions if other is not None)}
        return RelatedExercises(index, cues, kept)

    def _near(self, named: Exercise, index: ExerciseIndex, other: Exercise) -> bool:
        """Whether `other` (as `index` knows it) may be among the relatives of `named`."""
        pattern = self.index.facts[named.slug].pattern
        theirs = index.facts[other.slug].pattern
        return bool(set(named.muscles) & set(other.muscles)) or (
            pattern is not None and pattern == theirs) or \
            theirs in LEAD_UPS.get(pattern or "", ()) or \
            pattern in LEAD_UPS.get(theirs or "", ()) or \
            named.slug in (*other.swaps, *other.avoid_instead_of) or \
            other.slug in (*named.swaps, *named.avoid_instead_of) or \
            any(index.holds(other.slug, word) for word in self._movement(named))

    def scores(self, kind: RelationKind, slug: str) -> dict[str, float]:
        """Related exercises (never the named one itself) and how well each answers: what
        the graph proposes for the relation first, then what the step words add."""
        with self._lock:
            found = self._found.get((kind, slug))
            if found is not None:
                self._found.move_to_end((kind, slug))
                return found
        found = self._scores(kind, slug)
        with self._lock:
            self._found[(kind, slug)] = found
            while len(self._found) > KEPT:
                self._found.popitem(last=False)
        return found

    def _scores(self, kind: RelationKind, slug: str) -> dict[str, float]:
        if kind is RelationKind.PROGRESSION_PATH:
            return self._path(slug)
        exercise = self.store.exercises[slug]
        graph = relations(self.store)
        harder = kind is RelationKind.PROGRESSIONS
        if kind is RelationKind.SUBSTITUTES:
            proposed = graph.substitutes(exercise)
            found = self._substitutes(exercise)
        else:
            proposed = graph.progressions(exercise) if harder else graph.regressions(exercise)
            found = self._steps(exercise, harder)
        for related in proposed:
            if related.exercise.slug != slug:
                found[related.exercise.slug] = found.get(related.exercise.slug, 0.0) + \
                    GRAPH_WEIGHT[kind] * related.score
        if kind is not RelationKind.SUBSTITUTES:
            for other, score in self._lead_ups(exercise, harder).items():
                found[other] = max(found.get(other, 0.0), score)
        if kind is RelationKind.REGRESSIONS:
            if _loading(exercise) == "body weight":
                found = {other: score * (1.0 if _loading(self.store.exercises[other]) ==
                                         "body weight" else LOADED_SHARE)
                         for other, score in found.items()}
            found.update(self._scaled(exercise, found))
        return found

    def _lead_ups(self, exercise: Exercise, harder: bool) -> dict[str, float]:
        """The LEAD_UPS_KEPT nearest body-weight exercises of the patterns a coach teaches
        before the named body-weight one's (inverted rows for a pull-up, push-ups for dips),
        or after it (`harder`: pull-ups after inverted rows). None is a step the other way;
        the fewer signs of a step beyond the change of pattern, the nearer, and the more
        alike the better (close-grip push-ups for dips)."""
        pattern = self.index.facts[exercise.slug].pattern
        if pattern is None or _loading(exercise) != "body weight":
            return {}
        patterns = sorted(after for after, before in LEAD_UPS.items() if pattern in before) \
            if harder else sorted(LEAD_UPS.get(pattern, ()))
        way = 1 if harder else -1
        found = {}
        for slug in sorted(self.index.patterned_slugs(patterns)):  # ties in name order
            other = self.store.exercises[slug]
            evidence = 1 + way * self._evidence(exercise, other)
            if _loading(other) != "body weight" or evidence <= 0:
                continue
            found[slug] = LEAD_UP_WEIGHT * (LEAD_UP_BASE + self._likeness(exercise, other)) \
                * _plainness(other) * LEAD_UP_DISTANCE ** (evidence - 1)
        return dict(sorted(found.items(), key=lambda item: -item[1])[:LEAD_UPS_KEPT])

    def _path(self, slug: str) -> dict[str, float]:
        """The way to an exercise and on: its easier versions, nearest to it first, all
        ahead of its harder ones."""
        harder = self.scores(RelationKind.PROGRESSIONS, slug)
        ahead = max(harder.values(), default=0.0)
        return {**harder, **{other: ahead + score for other, score in
                             self.scores(RelationKind.REGRESSIONS, slug).items()}}

    def _scaled(self, exercise: Exercise, found: Mapping[str, float]) -> dict[str, float]:
        """Alternatives no harder than `exercise`, after its easier versions (`found`): a
        lift is also scaled by swapping it (close-grip push-ups for dips), best by one moving
        as many joints, then by one moving fewer with the same equipment (a body-weight
        triceps press); never by a load where it has none, nor by free weights where it is
        guided."""
        exercises = self.store.exercises
        scaled = {slug: SCALED_SHARE * score for slug, score in
                  self._substitutes(exercise).items()
                  if slug not in found and self._evidence(exercise, exercises[slug]) <= 0
                  and _loads_alike(exercise, exercises[slug])}
        return {slug: score * (1.0 if exercises[slug].mechanic is exercise.mechanic
                               else FEWER_JOINTS_SHARE) for slug, score in scaled.items()
                if exercises[slug].mechanic is exercise.mechanic
                or exercises[slug].equipment == exercise.equipment}

    def _substitutes(self, exercise: Exercise) -> dict[str, float]:
        """What trains the same muscles the same way, preferring other equipment or another
        movement: an alternative, not the same exercise again."""
        graph = relations(self.store)
        pattern = graph.movement(exercise).pattern
        kind = training_kind(exercise.category)
        proposed = {r.exercise.slug: r.exercise for r in graph.substitutes(exercise)}
        proposed.update((e.slug, e) for e in graph.peers(exercise)
                        if training_kind(e.category) == kind and e.force is exercise.force)
        found = {}
        for other in proposed.values():
            same_kit = other.equipment == exercise.equipment
            shared = self._shared_movement(exercise, other)
            theirs = graph.movement(other).pattern
            score = (3.0 * _jaccard(exercise.primary_muscles, other.primary_muscles)
                     + 1.0 * _jaccard(exercise.secondary_muscles, other.secondary_muscles)
                     + 1.0 * _same_pattern(pattern, theirs, (other.force, other.mechanic) == (
                         exercise.force, exercise.mechanic))
                     + 0.5 * (other.force is exercise.force)
                     + 0.5 * (other.mechanic is exercise.mechanic)
                     + 0.5 * (other.category is exercise.category)
                     + 0.5 * (not same_kit)) / 7.0 * _plainness(other)
            found[other.slug] = score * (
                (SAME_EXERCISE_FACTOR if same_kit else VARIANT_FACTOR) if shared else 1.0) \
                * (UNLOADED_FACTOR if _loading(other) == "body weight" != _loading(exercise)
                   else 1.0) * HARDER_FACTOR ** max(0, other.level.rank - exercise.level.rank) \
                * (STEPPED_FACTOR if self._stepped(exercise, other) else 1.0)
        return found

    def kin(self, slug: str) -> frozenset[str]:
        """The other exercises whose names hold every movement word of the named one's
        ("deadlift" in "Stiff-Legged Dumbbell Deadlift")."""
        words = self._movement(self.store.exercises[slug])
        if not words:
            return frozenset()
        return frozenset.intersection(*(self.index.named_slugs(word) for word in words)) - {slug}

    def _movement(self, exercise: Exercise) -> list[Phrase]:
        """The movement words of an exercise's name, one phrase each."""
        if exercise.slug not in self._movements:
            self._movements[exercise.slug] = [self.index.words.phrase(word) for word in sorted(
                relations(self.store).core(exercise.slug))]
        return self._movements[exercise.slug]

    def _shared_movement(self, exercise: Exercise, other: Exercise) -> float:
        """The share of the movement words of `exercise` that the name of `other` holds."""
        words = self._movement(exercise)
        return sum(self.index.holds(other.slug, w) for w in words) / len(words) \
            if words else 0.0

    def _likeness(self, exercise: Exercise, other: Exercise) -> float:
        """How alike two exercises are as steps of one progression: muscles, movement
        words, pattern and the way they are loaded, from 0 to 1."""
        pattern = self.index.facts[exercise.slug].pattern
        return (3.0 * _jaccard(exercise.primary_muscles, other.primary_muscles)
                + 1.0 * _jaccard(exercise.secondary_muscles, other.secondary_muscles)
                + 4.0 * self._shared_movement(exercise, other)
                + 3.0 * (pattern is not None and self.index.facts[other.slug].pattern == pattern)
                + 0.5 * (other.force is exercise.force)
                + 0.5 * (other.mechanic is exercise.mechanic)
                + 0.5 * (_loading(other) == _loading(exercise))) / 12.5

    def _candidates(self, exercise: Exercise) -> dict[str, Exercise]:
        """Peers training the same way (in no order: sorting them costs at scale), and
        exercises whose names hold the movement words of the named one ("plank" in "Push Up to
        Side Plank")."""
        graph = relations(self.store)
        kind = training_kind(exercise.category)
        found = {e.slug: e for e in graph.cohort(exercise)
                 if e.slug != exercise.slug and training_kind(e.category) == kind}
        words = self._movement(exercise)
        named = Counter(slug for word in words for slug in self.index.named_slugs(word))
        for slug, count in named.items():
            if slug not in found and slug != exercise.slug and count >= 0.5 * len(words):
                found[slug] = self.store.exercises[slug]
        return found

    def _steps(self, exercise: Exercise, harder: bool) -> dict[str, float]:
        """Versions one step easier or harder: the more alike, the better. A version shares
        the movement words or the pattern of the named exercise: a crunch is no harder
        plank, however advanced."""
        found = {}
        pattern = self.index.facts[exercise.slug].pattern
        for other in self._candidates(exercise).values():
            shared = self._shared_movement(exercise, other)
            if not shared and (pattern is None
                               or self.index.facts[other.slug].pattern != pattern):
                continue
            evidence = self._evidence(exercise, other) * (1 if harder else -1)
            if evidence > 0:
                found[other.slug] = (self._likeness(exercise, other) + STEP_WEIGHT * min(
                    evidence, MAX_EVIDENCE)) * _plainness(other)
        return found

    def _evidence(self, exercise: Exercise, other: Exercise) -> int:
        """How many signs say `other` is harder than `exercise` (negative: easier): its
        level, a guided load, and the words of its name."""
        signs = other.level.rank - exercise.level.rank
        signs += (_loading(exercise) == "guided") - (_loading(other) == "guided")
        signs += (exercise.mechanic is Mechanic.ISOLATION) - (other.mechanic is Mechanic.ISOLATION)
        for mine, theirs, sign in zip(self._step_words(exercise.slug),
                                      self._step_words(other.slug), (1, -1), strict=True):
            signs += sign * (bool(theirs - mine) - bool(mine - theirs))
        return signs

    def _stepped(self, exercise: Exercise, other: Exercise) -> bool:
        """Whether the name of `other` holds a word for an easier or a harder version that
        the name of `exercise` does not ("incline", "one arm")."""
        return any(theirs - mine for mine, theirs in zip(
            self._step_words(exercise.slug), self._step_words(other.slug), strict=True))

    def _step_words(self, slug: str) -> tuple[frozenset[Phrase], frozenset[Phrase]]:
        """The words for harder and for easier versions that the exercise's name holds."""
        if slug not in self._cues:
            named = self.index.named_slugs
            self._cues[slug] = (frozenset(w for w in self.harder if slug in named(w)),
                                frozenset(w for w in self.easier if slug in named(w)))
        return self._cues[slug]
