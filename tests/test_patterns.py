"""The movement-pattern model over the whole imported Free Exercise DB, the named coaching
failures it fixes, the intensity codes it picks, and how `check` validates its fields."""

from __future__ import annotations

import re
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from content.importers import free_exercise_db
from content.intensity import activity
from content.loader import BUNDLED_LIBRARY, load_library
from content.model import Category, Exercise
from content.patterns import PATTERNS, Family, Loading
from content.patterns_guidance import SPINE
from content.profile import Profile, derive
from content.related import BODY_WEIGHT, Relations, relations
from content.steps import moves, onward
from content.store import Store

OLYMPIC_NAME = re.compile(r"\b(clean|snatch|jerk|push press)\b(?! grip)", re.IGNORECASE)
JUMP_NAME = re.compile(r"\b(jump|hop|hops|bound|plyo)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def store(imported_dir: Path) -> Store:
    return load_library(imported_dir).store


@pytest.fixture(scope="module")
def links(store: Store) -> Relations:
    return relations(store)


@pytest.fixture(scope="module")
def steps(store: Store, links: Relations) -> list[tuple[Exercise, Exercise, str]]:
    """Every progression and regression link of the library: (from, to, kind)."""
    found = []
    for exercise in store.exercises.values():
        found += [(exercise, r.exercise, "up") for r in links.progressions(exercise)]
        found += [(exercise, r.exercise, "down") for r in links.regressions(exercise)]
    return found


def kind_by_data(exercise: Exercise) -> str:
    """A training family read from the upstream data alone, independent of the model."""
    if re.search(r"\bpush-?ups?\b", exercise.name, re.IGNORECASE):
        return "strength"
    if OLYMPIC_NAME.search(exercise.name) and exercise.equipment != "kettlebells":
        return "olympic"
    if exercise.equipment == "foam-roll" or "SMR" in exercise.name:
        return "self-massage"
    if exercise.category in (Category.STRETCHING, Category.CARDIO):
        return exercise.category.value
    if exercise.category is Category.PLYOMETRICS or JUMP_NAME.search(exercise.name):
        return "plyometrics"
    return "strength"


def test_steps_never_cross_training_families(steps, links: Relations) -> None:
    assert len(steps) > 1000
    by_model = [(a, b) for a, b, _ in steps if links.movement(a).family
                is not links.movement(b).family]
    assert by_model == []
    by_data = [(a.slug, b.slug) for a, b, _ in steps if kind_by_data(a) != kind_by_data(b)]
    assert len(by_data) / len(steps) <= 0.01, sorted(by_data)


def test_progressions_are_harder_and_regressions_easier_by_the_model(steps, links) -> None:
    for source, target, kind in steps:
        mine, theirs = links.movement(source), links.movement(target)
        assert mine.pattern == theirs.pattern, (source.slug, target.slug)
        assert (theirs.difficulty > mine.difficulty) == (kind == "up"), (source.slug,
                                                                        target.slug)


def test_every_exercise_with_an_easier_family_member_has_a_regression(store, links) -> None:
    """Strictly easier: lower by the model and no change pointing the other way (a trade of
    one difficulty for another, such as a machine for a full range, is not a regression)."""
    missing = []
    for exercise in store.exercises.values():
        mine = links.movement(exercise)
        easier = [other for other in links.members(mine.pattern)
                  if links.movement(other).difficulty < mine.difficulty
                  and onward(moves(links.rung(exercise), links.rung(other)), harder=False)
                  and set(exercise.primary_muscles) & set(other.muscles)]
        if easier and not links.regressions(exercise):
            missing.append(exercise.slug)
    assert missing == []


def test_variations_are_symmetric_and_nothing_relates_to_itself(store, links) -> None:
    for exercise in store.exercises.values():
        variations = {r.exercise.slug for r in links.variations(exercise.slug)}
        for slug in variations:
            assert exercise.slug in {r.exercise.slug for r in links.variations(slug)}, slug
        for group in (variations, links.progressions(exercise), links.regressions(exercise),
                      links.substitutes(exercise)):
            slugs = group if isinstance(group, set) else {r.exercise.slug for r in group}
            assert exercise.slug not in slugs


def test_similarity_is_symmetric_and_one_for_an_exercise_with_itself(store, links) -> None:
    """Every term of the score (muscles, name words, pattern, mechanic, equipment) counts
    fully for an exercise compared with itself, when it has all of them."""
    exercises = list(store.exercises.values())
    full = [e for e in exercises if e.secondary_muscles and e.mechanic and e.equipment
            and links.movement(e).core]
    assert len(full) > 500
    assert all(links.similarity(e, e) == 1.0 for e in full)
    for a, b in zip(exercises[::7], exercises[3::7], strict=False):
        assert links.similarity(a, b) == links.similarity(b, a) < 1.0, (a.slug, b.slug)


def test_substitutes_from_other_patterns_keep_the_family_and_bring_no_hazard(store,
                                                                            links) -> None:
    """Other patterns only from the same family, with no hazard the original does not
    have, and a hold only for a hold; each scored by its similarity."""
    hazards = {Loading.AXIAL, Loading.SPINAL_FLEXION, Loading.BALLISTIC, Loading.OVERHEAD,
               Loading.IMPACT, Loading.UNSTABLE}
    crossing = 0
    for exercise in list(store.exercises.values())[::3]:
        mine = links.movement(exercise)
        for item in links.substitutes(exercise):
            theirs = links.movement(item.exercise)
            assert item.score == links.similarity(exercise, item.exercise)
            if theirs.pattern == mine.pattern:
                continue
            crossing += 1
            assert theirs.family is mine.family, (exercise.slug, item.exercise.slug)
            assert not (theirs.loading - mine.loading) & hazards, (exercise.slug,
                                                                   item.exercise.slug)
            assert (Loading.ISOMETRIC in theirs.loading) == (Loading.ISOMETRIC in mine.loading)
    assert crossing > 1000


def test_the_classifier_places_every_upstream_record(upstream: list[dict[str, Any]]) -> None:
    unclassified = [r["name"] for r in upstream
                    if free_exercise_db.classify_record(r).pattern is None]
    assert unclassified == []


def names(items: Any) -> set[str]:
    return {r.exercise.slug for r in items}


def test_named_step_failures_are_fixed(store: Store, links: Relations) -> None:
    exercises = store.exercises
    rdl = exercises["romanian-deadlift"]
    assert not any(links.movement(r.exercise).family is Family.OLYMPIC
                   for r in links.progressions(rdl))
    assert "romanian-deadlift-from-deficit" in names(links.progressions(rdl))
    pulldown = exercises["wide-grip-lat-pulldown"]
    assert not {"pullups", "chin-up"} & names(links.regressions(pulldown))
    assert {"pullups", "chin-up"} <= names(links.progressions(pulldown))
    assert "wide-grip-lat-pulldown" in names(links.regressions(exercises["pullups"]))
    assert "incline-push-up" in names(links.regressions(exercises["pushups"]))
    assert "walking-treadmill" in names(links.regressions(exercises["jogging-treadmill"]))
    assert "running-treadmill" in names(links.progressions(exercises["jogging-treadmill"]))
    assert "push-up-wide" in names(links.variations("pushups"))
    assert "pushups" in names(links.variations("push-up-wide"))
    assert "hanging-pike" in names(links.progressions(exercises["hanging-leg-raise"]))
    assert "dead-bug" in names(links.regressions(exercises["plank"]))


@pytest.fixture(scope="module")
def profiles(store: Store) -> dict[str, Profile]:
    return {slug: derive(store, exercise) for slug, exercise in store.exercises.items()}


def test_named_guidance_failures_are_fixed(profiles: dict[str, Profile], links,
                                           store: Store) -> None:
    for slug in ("one-arm-kettlebell-swings", "power-clean", "clean", "hang-snatch",
                 "plyo-push-up", "kipping-muscle-up"):
        assert not any("lowering phase" in m for m in profiles[slug].common_mistakes), slug
    assert not any("momentum" in m for m in profiles["plank"].common_mistakes)
    assert not any("range of motion short" in m for m in profiles["rack-pulls"].common_mistakes)
    assert "hold" not in profiles["arm-circles"].progression_path
    for slug in ("face-pull", "barbell-curl", "wide-grip-lat-pulldown", "triceps-pushdown"):
        assert SPINE not in profiles[slug].safety_notes, slug
    for slug in ("barbell-squat", "barbell-deadlift", "clean-and-jerk"):
        assert SPINE in profiles[slug].safety_notes, slug
    spine_warnings = [slug for slug, p in profiles.items() if SPINE in p.safety_notes]
    assert all(Loading.AXIAL in links.movement(store.exercises[slug]).loading
               for slug in spine_warnings)


def test_olympic_and_strongman_lifts_progress_by_technique_and_load(profiles, links,
                                                                   store: Store) -> None:
    lifts = [e for e in store.exercises.values()
             if e.category in (Category.OLYMPIC_WEIGHTLIFTING, Category.STRONGMAN)
             or links.movement(e).family in (Family.OLYMPIC, Family.STRONGMAN)]
    assert len(lifts) > 55
    for exercise in lifts:
        assert "12–15" not in profiles[exercise.slug].progression_path, exercise.slug
    assert "1–3" in profiles["clean-and-jerk"].progression_path
    assert "distance" in profiles["farmers-walk"].progression_path
    assert "hold" in profiles["plank"].progression_path
    assert "interval" in profiles["jogging-treadmill"].progression_path


@pytest.mark.parametrize(("slug", "code"), [
    ("walking-treadmill", "17200"), ("jogging-treadmill", "12020"),
    ("running-treadmill", "12150"), ("rowing-stationary", "02071"),
    ("bicycling-stationary", "02010"), ("one-arm-kettlebell-swings", "02040"),
    ("goblet-squat", "02052"), ("kettlebell-seated-press", "02054"),
    ("pushups", "02022"), ("pullups", "02022"), ("sit-up", "02022"), ("crunches", "02024"),
    ("hamstring-stretch", "02101"), ("clean-and-jerk", "02050"), ("front-box-jump", "02020"),
    # and one exercise for every other rule of the table in docs/profile-method.md
    ("adductor", "02101"), ("ankle-circles", "02101"), ("superman", "02030"),
    ("trail-running-walking", "12010"), ("bicycling", "01015"), ("recumbent-bike", "02010"),
    ("elliptical-trainer", "02048"), ("stairmaster", "02065"), ("rope-jumping", "15551"),
    ("skating", "15590"), ("battling-ropes", "02040"), ("alternating-hang-clean", "02040"),
    ("plyo-push-up", "02020"), ("prowler-sprint", "02020"), ("atlas-stones", "02050"),
    ("power-clean", "02050"), ("band-good-morning", "02050"),
    ("barbell-ab-rollout-on-knees", "02020"), ("bench-dips", "02022"), ("3-4-sit-up", "02022"),
    ("butt-ups", "02024"), ("ab-roller", "02030"), ("balance-board", "02030"),
    ("barbell-squat", "02052"), ("squats-with-bands", "02052"),
    ("alternating-renegade-row", "02050"), ("alternate-hammer-curl", "02054"),
    ("bench-press-with-bands", "02054"),
])
def test_intensity_codes(store: Store, links: Relations, slug: str, code: str) -> None:
    exercise = store.exercises[slug]
    assert activity(exercise, links.movement(exercise)).code == code


def test_intensity_of_written_exercises(imported_dir: Path, tmp_path: Path) -> None:
    """A recumbent bike is stationary whatever its equipment says; an exercise of no known
    pattern is resistance training."""
    shutil.copy(imported_dir / "equipment.yaml", tmp_path)
    shutil.copytree(imported_dir / "muscles", tmp_path / "muscles")
    (tmp_path / "exercises").mkdir()
    bike = (imported_dir / "exercises" / "recumbent-bike.md").read_text("utf-8")
    (tmp_path / "exercises" / "recumbent-bike.md").write_text(
        bike.replace("equipment: machine", "equipment: other"), "utf-8")
    (tmp_path / "exercises" / "zorbly-press.md").write_text(
        "---\nname: Zorbly Press\nlevel: beginner\ncategory: strength\nequipment: body-only\n"
        "primary_muscles: [quadriceps]\n---\n1. Press the zorbly.\n", "utf-8")
    loaded = load_library(tmp_path)
    assert not loaded.problems
    links = Relations(loaded.store)
    found = {slug: activity(exercise, links.movement(exercise)).code
             for slug, exercise in loaded.store.exercises.items()}
    assert found == {"recumbent-bike": "02010", "zorbly-press": "02054"}
    assert links.movement(loaded.store.exercises["zorbly-press"]).pattern is None


def test_a_goblet_squat_never_outscores_a_barbell_squat(store, links) -> None:
    def met(slug: str) -> float:
        exercise = store.exercises[slug]
        return activity(exercise, links.movement(exercise)).met

    assert met("goblet-squat") <= met("barbell-squat")
    assert met("walking-treadmill") < met("jogging-treadmill") < met("running-treadmill")


def test_the_bundled_library_agrees_with_its_guides() -> None:
    bundled = load_library(BUNDLED_LIBRARY).store
    links = relations(bundled)
    exercises = bundled.exercises
    for slug in ("plank", "dead-bug", "side-bridge"):
        assert not {"sit-up", "crunches"} & names(links.substitutes(exercises[slug])), slug
    assert [r.exercise.slug for r in links.substitutes(exercises["sit-up"])][:3] == \
        ["plank", "side-bridge", "dead-bug"]
    leg_press = derive(bundled, exercises["leg-press"])
    assert any("lower back" in note for note in leg_press.safety_notes)
    assert any("back" in note for note in leg_press.who_should_avoid)
    assert all(e.pattern for e in exercises.values())


def test_authored_variations_and_swaps(tmp_path: Path) -> None:
    """The parent comes first, then its other children, each said to vary the parent; an
    authored swap is offered only when it suits the equipment at hand, scored like others."""
    shutil.copytree(BUNDLED_LIBRARY, tmp_path, dirs_exist_ok=True)
    leg_press = tmp_path / "exercises" / "leg-press.md"
    leg_press.write_text(leg_press.read_text("utf-8").replace(
        "swaps: [wall-sit, lunge]", "swaps: [wall-sit, barbell-deadlift, lunge]"), "utf-8")
    crunches = tmp_path / "exercises" / "crunches.md"  # its pattern left to the classifier
    crunches.write_text(crunches.read_text("utf-8").replace("pattern: trunk-flexion\n", ""),
                        "utf-8")
    store = load_library(tmp_path).store
    links = Relations(store)
    assert store.exercises["crunches"].pattern is None
    assert "crunches" in {e.slug for e in links.members(PATTERNS["trunk-flexion"])}
    bundled = load_library(BUNDLED_LIBRARY).store
    assert links.similarity(store.exercises["crunches"], store.exercises["sit-up"]) == \
        relations(bundled).similarity(bundled.exercises["crunches"], bundled.exercises["sit-up"])
    deficit = links.variations("deficit-deadlift")
    assert [r.exercise.slug for r in deficit] == [
        "barbell-deadlift", "deadlift-with-bands", "rack-pulls", "romanian-deadlift"]
    assert [r.reason for r in deficit] == [
        "Deficit Deadlift is authored as a variation of Barbell Deadlift.",
        *(f"{r.exercise.name} is authored as a variation of Barbell Deadlift."
          for r in deficit[1:])]
    exercise = store.exercises["leg-press"]
    everything = links.substitutes(exercise)
    assert [r.exercise.slug for r in everything[:3]] == ["wall-sit", "barbell-deadlift", "lunge"]
    assert all(r.score == links.similarity(exercise, r.exercise) for r in everything)
    assert [r.exercise.slug for r in links.substitutes(exercise, equipment=[])][:2] == \
        ["wall-sit", "lunge"]


def test_provenance_uses_the_domain_field_names() -> None:
    bundled = load_library(BUNDLED_LIBRARY).store
    provenance = dict(derive(bundled, bundled.exercises["barbell-deadlift"]).provenance)
    assert set(provenance) == {"summary", "intensity", "common_mistakes", "who_it_is_for",
                               "who_should_avoid", "progression_path", "safety_notes",
                               "recruitment", "counts"}


def test_imported_files_carry_their_pattern(imported_dir: Path) -> None:
    text = (imported_dir / "exercises" / "pushups.md").read_text(encoding="utf-8")
    assert "\npattern: push-up\n" in text
    swings = (imported_dir / "exercises" / "one-arm-kettlebell-swings.md").read_text("utf-8")
    assert "loading: [ballistic]" in swings


def test_the_import_report_lists_what_it_cannot_classify(tmp_path: Path) -> None:
    record = {"id": "Zorbing", "name": "Zorbing", "level": "beginner", "category": "strength",
              "force": None, "mechanic": None, "equipment": "other",
              "primaryMuscles": ["quadriceps"], "secondaryMuscles": [], "images": [],
              "instructions": ["Roll downhill inside a ball."]}
    report = free_exercise_db.import_records([record], tmp_path)
    assert [ids for check, ids in report.quality.items() if "pattern" in check] == [["Zorbing"]]
    assert "pattern:" not in (tmp_path / "exercises" / "zorbing.md").read_text("utf-8")


BRIDGE = """\
---
name: Glute Bridge
level: beginner
category: strength
primary_muscles: [glutes]
pattern: bridge
swaps: [glute-bridge]
---
1. Lie on your back with knees bent.
"""


def test_check_reports_bad_pattern_loading_and_swaps(tmp_path: Path) -> None:
    shutil.copytree(BUNDLED_LIBRARY / "muscles", tmp_path / "muscles")
    shutil.copy(BUNDLED_LIBRARY / "equipment.yaml", tmp_path / "equipment.yaml")
    (tmp_path / "exercises").mkdir()
    path = tmp_path / "exercises" / "glute-bridge.md"
    path.write_text(BRIDGE.replace("pattern: bridge", "pattern: bridges\nloading: [ballistc]")
                    .replace("swaps: [glute-bridge]", "avoid_instead_of: [sit-ups]"))
    errors = {e.field: e for e in load_library(tmp_path).errors}
    assert set(errors) == {"pattern", "loading", "avoid_instead_of"}
    assert (errors["pattern"].line, errors["pattern"].column) == (6, 10)
    assert errors["pattern"].suggestion == 'did you mean "bridge"?'
    assert errors["loading"].suggestion == 'did you mean "ballistic"?'
    assert errors["avoid_instead_of"].message == 'unknown exercise "sit-ups"'
    path.write_text(BRIDGE)
    result = load_library(tmp_path)
    assert result.errors == ()
    exercise = result.store.exercises["glute-bridge"]
    assert exercise.pattern == "bridge" and exercise.swaps == ()


def test_substitutes_cut_and_filtered_keep_their_order(store: Store, links: Relations) -> None:
    """The first N substitutes are the first N of the whole list, and a filter keeps the
    order of what it lets through, whether or not the whole list was worked out first."""
    for slug in ("barbell-squat", "pushups", "wide-grip-lat-pulldown", "plank"):
        exercise = store.exercises[slug]
        cut = links.substitutes(exercise, first=3)
        whole = links.substitutes(exercise)
        assert cut == whole[:3] and len(whole) > 3
        at_home = links.substitutes(exercise, equipment=["dumbbell"])
        kept = [r for r in whole if (r.exercise.equipment or BODY_WEIGHT)
                in ("dumbbell", BODY_WEIGHT)]
        assert at_home == kept


def test_relations_worked_out_by_threads_at_once(store: Store) -> None:
    """Pages are prepared in a worker thread while requests ask for the same relations: any
    number of threads at once get what one thread alone gets, and no error."""
    alone = Relations(store)
    shared = Relations(store)
    exercises = list(store.exercises.values())
    failures: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for exercise in exercises[offset:] + exercises[:offset]:
                shared.prepare(exercise)
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=work, args=(n * 97,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []
    for exercise in exercises[::7]:
        assert shared.progressions(exercise) == alone.progressions(exercise)
        assert shared.regressions(exercise) == alone.regressions(exercise)
        assert shared.substitutes(exercise) == alone.substitutes(exercise)
