"""The step and variation rules of `content.steps` (listed in docs/profile-method.md), one test
per rule, each on the exercises of the imported Free Exercise DB that the rule decides."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.loader import load_library
from content.related import Related, Relations
from content.store import Store


@pytest.fixture(scope="module")
def store(imported_dir: Path) -> Store:
    return load_library(imported_dir).store


@pytest.fixture(scope="module")
def links(store: Store) -> Relations:
    return Relations(store)


def slugs(items: list[Related] | tuple[Related, ...]) -> list[str]:
    return [item.exercise.slug for item in items]


def up(links: Relations, slug: str) -> list[str]:
    return slugs(links.progressions(links.store.exercises[slug]))


def down(links: Relations, slug: str) -> list[str]:
    return slugs(links.regressions(links.store.exercises[slug]))


def test_words_that_state_a_trait_keep_the_lift(links: Relations) -> None:
    """A decline push-up or a push-up with the feet raised is a push-up one rung up."""
    assert {"decline-push-up", "push-ups-with-feet-elevated"} <= set(up(links, "pushups"))


def test_a_name_made_of_trait_words_is_the_plain_lift(links: Relations) -> None:
    """A muscle-up is a pull-up with a transition; the leg-raise pattern's plain lift is the
    raise it is named after, so the hanging pike is the hanging leg raise with a longer
    lever."""
    assert "muscle-up" in up(links, "pullups")
    assert up(links, "hanging-leg-raise") == ["hanging-pike"]


def test_machines_step_to_and_from_the_plain_free_lift(links: Relations) -> None:
    """The leg press steps up to the squat, the lat pulldown to the pull-up and back; a
    machine keeps the stance (only the grip may differ)."""
    assert "barbell-squat" in up(links, "leg-press")
    assert {"pullups", "chin-up"} <= set(up(links, "wide-grip-lat-pulldown"))
    assert "wide-grip-lat-pulldown" in down(links, "pullups")
    assert "leg-press" in down(links, "barbell-squat")
    assert "narrow-stance-hack-squats" not in down(links, "barbell-squat")


def test_only_the_nearest_tier_and_never_another_lift_up(links: Relations) -> None:
    """The back squat steps up within its own set-up (bands, chains, full depth), not to
    front squats; a good morning has no harder good morning, and another hinge is not its
    progression; a push-up regresses to incline push-ups only."""
    assert set(up(links, "barbell-squat")) == {"barbell-full-squat", "squat-with-bands",
                                                "squat-with-chains"}
    assert up(links, "good-morning") == []
    assert all(slug.startswith("incline-push-up") for slug in down(links, "pushups"))


def test_every_change_of_a_step_points_its_way(links: Relations) -> None:
    """A cable deadlift trades the rack pull's short range for a guided path: no regression.
    A cable for a band (face pull to band pull-apart), a jerk's catch for no catch (push
    press to jerk dip squat) and the goblet hold with the load it held (goblet squat to body
    weight) are each one change in one direction."""
    assert down(links, "rack-pulls") == []
    assert "band-pull-apart" in down(links, "face-pull")
    assert "jerk-dip-squat" in down(links, "push-press")
    assert "bodyweight-squat" in down(links, "goblet-squat")


def test_other_lifts_only_with_the_fewest_changes(links: Relations) -> None:
    """A machine steps up to the plain pull-up, not to a rope climb or a one-arm chin-up;
    a loaded step-up regresses to the body-weight step-up, not to every easier lunge."""
    assert not {"rope-climb", "one-arm-chin-up"} & set(up(links, "wide-grip-lat-pulldown"))
    assert down(links, "dumbbell-step-ups") == ["step-up-with-knee-raise"]


def test_a_regression_stops_at_the_nearest_rung_but_keeps_lighter_implements(
        links: Relations) -> None:
    """A plyometric push-up regresses to the push-up, not past it to the incline push-up;
    machines stay listed for the dumbbell bench press."""
    assert down(links, "plyo-push-up") == ["pushups"]
    assert {"barbell-bench-press-medium-grip", "machine-bench-press"} <= \
        set(down(links, "dumbbell-bench-press"))


def test_direction_words_make_another_lift(links: Relations) -> None:
    """A side split squat is not the next rung of a split squat, though it varies it; a
    cross-body hammer curl varies the hammer curl by its direction."""
    assert "barbell-side-split-squat" not in up(links, "split-squat-with-dumbbells")
    assert "cross-body-hammer-curl" in slugs(links.variations("hammer-curls"))


def test_one_job_patterns_ignore_the_names(links: Relations) -> None:
    """Treadmill walking steps up to jogging; a harness drag is a sled-push variation."""
    assert up(links, "walking-treadmill")[:1] == ["jogging-treadmill"]
    assert "sled-drag-harness" in slugs(links.variations("sled-push"))


def test_a_variation_changes_one_thing(links: Relations) -> None:
    """One kind of set-up (grip, angle…) or one implement trait: the incline, close-grip and
    dumbbell bench presses vary the bench press, an underhand pulldown varies a wide-grip
    one; a narrow-stance squat (stance and no box) does not vary the box squat."""
    bench = set(slugs(links.variations("barbell-bench-press-medium-grip")))
    assert {"barbell-incline-bench-press-medium-grip", "close-grip-barbell-bench-press",
            "dumbbell-bench-press"} <= bench
    assert "underhand-cable-pulldowns" in slugs(links.variations("wide-grip-lat-pulldown"))
    assert "narrow-stance-squats" not in slugs(links.variations("box-squat"))


def test_holds_and_set_up_synonyms(links: Relations) -> None:
    """A goblet hold loads the squat in front: the double-kettlebell front squat is its next
    rung. The clean grip of a front squat is a grip, not a clean."""
    assert "front-squats-with-two-kettlebells" in up(links, "goblet-squat")
    assert "front-squat-clean-grip" in slugs(links.variations("front-barbell-squat"))


def test_the_classifier_facts_that_order_the_rungs(links: Relations, store: Store) -> None:
    """Strongman presses are strongman; a recumbent bike is a bike; a split squat is the
    lunge without the step; a sit-up travels further than a crunch; a press done seated is
    supported whatever its name says; a front squat asks more than a back squat; a barbell
    step-up more than a dumbbell one."""
    exercises = store.exercises
    assert links.movement(exercises["log-lift"]).pattern.slug == "log-press"  # type: ignore
    assert down(links, "bicycling-stationary") == []
    assert "recumbent-bike" in slugs(links.variations("bicycling-stationary"))
    assert "split-squat-with-dumbbells" in down(links, "dumbbell-lunges")
    assert down(links, "crunches") == []
    assert "supported" in links.movement(exercises["dumbbell-shoulder-press"]).traits
    assert up(links, "front-barbell-squat") == []
    assert links.movement(exercises["front-barbell-squat"]).difficulty > \
        links.movement(exercises["barbell-squat"]).difficulty
    assert "barbell-step-ups" in up(links, "dumbbell-step-ups")


def test_a_hold_never_substitutes_for_a_lift_of_another_pattern(links: Relations,
                                                                store: Store) -> None:
    calf = slugs(links.substitutes(store.exercises["standing-calf-raises"]))
    plyo = slugs(links.substitutes(store.exercises["plyo-push-up"]))
    assert "balance-board" not in calf and "isometric-chest-squeezes" not in plyo
