"""Search that understands what people mean, over HTTP on the imported Free Exercise DB with
the bundled vocabulary: filters, levels, goals, relations, body parts and slang, and what it
says it understood."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from content.loader import load_library
from content.slugs import slugify
from graph.cli import main
from search.engine import SearchRequest
from search.evaluation import load_judgements
from search.service import SearchService
from tests.conftest import GraphQLClient

SEARCH = """
query($q: String!, $first: Int, $filter: ExerciseFilter) {
  search(query: $q, types: [EXERCISE], first: $first, filter: $filter) {
    totalCount
    edges { node { ... on Exercise { slug } } }
    interpretation {
      filters { facet values includesUnlisted excludesNamed label text }
      goals { label text exercise { slug } }
      bodyParts { label text muscles { slug } }
      relation { kind text exercise { slug name } }
      expansions { text means }
      terms
    }
  }
}"""
RELEVANCE = Path(__file__).parent / "relevance"


def search(api: GraphQLClient, query: str, first: int = 20, **variables: Any
           ) -> tuple[list[str], dict[str, Any] | None, int]:
    """The slugs found, what search understood, and how many matched."""
    result = api.data(SEARCH, q=query, first=first, **variables)["search"]
    return ([edge["node"]["slug"] for edge in result["edges"]], result["interpretation"],
            result["totalCount"])


@pytest.fixture(scope="module")
def records(upstream: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {slugify(record["name"]): record for record in upstream}


def test_no_equipment_is_a_filter(api: GraphQLClient, records: dict[str, Any]) -> None:
    found, understood, total = search(api, "tricep workout no equipmnt", first=100)
    assert understood is not None
    assert understood["filters"] == [{"facet": "equipment", "values": ["body-only"],
                                      "includesUnlisted": True, "excludesNamed": [],
                                      "label": "No equipment",
                                      "text": "no equipmnt"}]
    assert understood["bodyParts"][0]["muscles"] == [{"slug": "triceps"}]
    assert found and len(found) == total
    assert all(records[s]["equipment"] in ("body only", None) for s in found)
    assert all("triceps" in records[s]["primaryMuscles"] + records[s]["secondaryMuscles"]
               for s in found)
    assert found[0] in {"bench-dips", "push-ups-close-triceps-position", "body-tricep-press",
                        "body-up", "dips-triceps-version", "incline-push-up-close-grip"}
    # Exercises that list no equipment need none either.
    found, _, _ = search(api, "lower back stretches with no equipment", first=100)
    assert {"cat-stretch", "childs-pose"} <= set(found)
    assert {records[s]["equipment"] for s in found} == {"body only", None}


def test_level_is_a_filter(api: GraphQLClient, records: dict[str, Any]) -> None:
    found, understood, total = search(api, "advanced shoulder exercises", first=100)
    assert understood is not None
    assert understood["filters"][0]["facet"] == "level"
    assert understood["filters"][0]["values"] == ["EXPERT"]
    assert found and len(found) == total
    assert {records[s]["level"] for s in found} == {"expert"}
    assert "shoulders" in records[found[0]]["primaryMuscles"]
    # "stiff" asks to loosen up, but "stiff leg" starts the names of exercises.
    found, understood, _ = search(api, "stiff leg deadlift for beginners")
    assert understood is not None and understood["goals"] == []
    assert understood["terms"] == ["stiff legged", "deadlift"]
    assert understood["bodyParts"] == []
    assert {records[s]["level"] for s in found} == {"beginner"}
    assert "stiff-legged-dumbbell-deadlift" in found[:3]


def test_goals_follow_the_back_care_guides(api: GraphQLClient, records: dict[str, Any]) -> None:
    found, understood, _ = search(api, "ab exercises that dont hurt my back", first=100)
    assert understood is not None
    assert [g["label"] for g in understood["goals"]] == ["Kind to the back"]
    assert set(found[:3]) <= {"plank", "side-bridge", "dead-bug", "pallof-press"}
    # What the guide says to set aside while a back hurts is left out altogether.
    assert not {"sit-up", "crunches", "3-4-sit-up", "hanging-leg-raise"} & set(found)
    found, _, _ = search(api, "gentle lower back exercises", first=10)
    assert {"hug-knees-to-chest", "cat-stretch", "childs-pose"} <= set(found)
    assert not any("deadlift" in s or "swing" in s for s in found)


def test_a_goal_about_an_exercise_works_its_muscles(api: GraphQLClient,
                                                   records: dict[str, Any]) -> None:
    found, understood, _ = search(api, "warm up before deadlifts", first=100)
    assert understood is not None
    goal, = understood["goals"]
    assert goal["exercise"] == {"slug": "barbell-deadlift"}
    assert "barbell-deadlift" not in found
    assert {"band-good-morning", "butt-lift-bridge", "cat-stretch"} <= set(found[:10])
    deadlift = records["barbell-deadlift"]
    worked = set(deadlift["primaryMuscles"] + deadlift["secondaryMuscles"])
    assert all(worked & set(records[s]["primaryMuscles"] + records[s]["secondaryMuscles"])
               for s in found)


@pytest.mark.parametrize(("query", "kind", "named", "expected"), [
    ("easier version of dips", "REGRESSIONS", "dips-triceps-version",
     {"bench-dips", "dip-machine"}),
    ("harder than push ups", "PROGRESSIONS", "pushups",
     {"single-arm-push-up", "plyo-push-up", "decline-push-up"}),
    ("replace barbell rows", "SUBSTITUTES", "bent-over-barbell-row",
     {"one-arm-dumbbell-row", "seated-cable-rows"}),
])
def test_relations_draw_on_the_named_exercise(api: GraphQLClient, query: str, kind: str,
                                              named: str, expected: set[str]) -> None:
    found, understood, _ = search(api, query, first=10)
    assert understood is not None and understood["relation"] is not None
    assert understood["relation"]["kind"] == kind
    assert understood["relation"]["exercise"]["slug"] == named
    assert named not in found
    assert expected <= set(found)


def test_instead_of_offers_alternatives_not_the_same_lift(api: GraphQLClient,
                                                         records: dict[str, Any]) -> None:
    found, understood, _ = search(api, "what to do instead of squats", first=50)
    assert understood is not None and understood["relation"]["exercise"]["slug"] == \
        "barbell-squat"
    assert understood["terms"] == []
    assert "barbell-squat" not in found
    assert "leg-press" in found[:10]
    # Barbell squats are the same exercise done a little differently: they come later.
    barbell_squats = {s for s in found if records[s]["equipment"] == "barbell" and "squat" in s}
    assert barbell_squats and not barbell_squats & set(found[:10])
    # Other movements for the same legs come first, next to squats loaded another way.
    assert any("lunge" in s or "split-squat" in s for s in found[:10])


def test_body_parts_single_out_exercises(api: GraphQLClient, records: dict[str, Any]) -> None:
    found, understood, _ = search(api, "front delts", first=6)
    assert understood is not None
    assert understood["bodyParts"] == [{"label": "Front delts", "text": "front delts",
                                        "muscles": [{"slug": "shoulders"}]}]
    assert all("front" in records[s]["name"].lower() for s in found)
    found, understood, _ = search(api, "bingo wings", first=10)
    assert understood is not None and understood["bodyParts"][0]["muscles"] == \
        [{"slug": "triceps"}]
    assert all("triceps" in records[s]["primaryMuscles"] for s in found)
    found, _, _ = search(api, "love handles", first=10)
    assert all("abdominals" in records[s]["primaryMuscles"] for s in found)
    assert {"russian-twist", "side-bridge", "dumbbell-side-bend"} & set(found)


def test_slang_is_searched_as_what_it_stands_for(api: GraphQLClient) -> None:
    found, understood, _ = search(api, "bss", first=5)
    assert understood == {"filters": [], "goals": [], "bodyParts": [], "relation": None,
                          "expansions": [{"text": "bss", "means": "bulgarian split squat"}],
                          "terms": ["bulgarian split squat"]}
    assert found == search(api, "bulgarian split squat", first=5)[0]
    assert search(api, "gm", first=1)[0] == ["good-morning"]
    # Slang alone stands for its meaning though some aliases hold it ("sumo dl").
    found, understood, _ = search(api, "dl", first=1)
    assert found == ["barbell-deadlift"] and understood is not None
    assert understood["expansions"] == [{"text": "dl", "means": "deadlift"}]


def test_chips_and_terms_together(api: GraphQLClient, records: dict[str, Any]) -> None:
    found, understood, total = search(api, "front delts for beginners with dumbbells",
                                      first=100)
    assert understood is not None
    assert [(f["facet"], f["values"], f["text"]) for f in understood["filters"]] == [
        ("level", ["BEGINNER"], "for beginners"),
        ("equipment", ["dumbbell"], "with dumbbells")]
    assert [b["label"] for b in understood["bodyParts"]] == ["Front delts"]
    assert found and len(found) == total
    assert all(records[s]["level"] == "beginner" and records[s]["equipment"] == "dumbbell"
               for s in found)
    # The request's own filter still applies on top of what was understood.
    narrowed, _, _ = search(api, "front delts for beginners", first=100,
                            filter={"equipment": "cable"})
    assert narrowed and all(records[s]["equipment"] == "cable" for s in narrowed)


@pytest.mark.parametrize("query", [
    "romanian deadlift",          # nothing in it is vocabulary
    "incline bench press",        # nor here
    "advanced kettlebell windmill",  # an exercise's name, though "advanced" is a filter
    "dead bugs",                  # "deads" is slang, "dead" is not
    "calf stretch",               # a body part inside exercise names
    "hip lift with band",         # a filter inside an exercise's name
    "hold a dumbbell in one hand and bend sideways at the waist",  # a description
])
def test_plain_queries_are_searched_as_typed(api: GraphQLClient, query: str) -> None:
    assert search(api, query)[1] is None


def test_queries_with_nothing_to_understand_rank_as_without_a_vocabulary(
        imported_dir: Path, tmp_path: Path) -> None:
    bare = tmp_path / "library"
    shutil.copytree(imported_dir, bare, ignore=shutil.ignore_patterns("vocabulary"))
    with_vocabulary = SearchService(tmp_path / "with").synchronise(load_library(imported_dir))
    without = SearchService(tmp_path / "without").synchronise(load_library(bare))
    understood = 0
    for path in ("judgements.yaml", "holdout.yaml"):
        for judged in load_judgements(RELEVANCE / path):
            request = SearchRequest(judged.query, limit=20)
            answer = with_vocabulary.search(request)
            if answer.interpretation is not None:
                understood += 1
                continue
            assert [h.slug for h in answer.hits] == \
                [h.slug for h in without.search(request).hits], judged.query
            assert answer.total == without.search(request).total
    assert 0 < understood < 20  # most of these queries have nothing to understand


def test_understood_queries_find_exercises_only(api: GraphQLClient) -> None:
    query = """query($types: [SearchKind!]) { search(query: "exercises for lower abs",
        types: $types, first: 50) { edges { node { __typename } }
        interpretation { bodyParts { label } } } }"""
    result = api.data(query)["search"]
    assert result["interpretation"]["bodyParts"] == [{"label": "Lower abs"}]
    assert {edge["node"]["__typename"] for edge in result["edges"]} == {"Exercise"}
    # Asked for muscles only, the words are searched as typed.
    result = api.data(query, types=["MUSCLE"])["search"]
    assert result["interpretation"] is None
    assert {edge["node"]["__typename"] for edge in result["edges"]} == {"Muscle"}



def test_understood_queries_offer_did_you_mean(api: GraphQLClient) -> None:
    query = """query($q: String!) { search(query: $q, types: [EXERCISE], first: 5) {
        didYouMean edges { node { ... on Exercise { slug } } }
        interpretation { filters { label } terms } } }"""
    # A vocabulary word typed one slip away, read as the word it is a slip from.
    result = api.data(query, q="tricep workout no equipmnt")["search"]
    assert result["didYouMean"] == "tricep workout no equipment"
    assert result["interpretation"]["filters"] == [{"label": "No equipment"}]
    # A word searched as text, corrected as plain search corrects it.
    result = api.data(query, q="inclne chest for beginners")["search"]
    assert result["didYouMean"] == "incline chest for beginners"
    assert result["interpretation"]["terms"] == ["inclne"]
    assert result["edges"]
    # Nothing to correct, nothing suggested.
    assert api.data(query, q="chest for beginners")["search"]["didYouMean"] is None


def test_cli_search_prints_what_it_understood(imported_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    arguments = ["--dir", str(imported_dir), "--index-dir", str(tmp_path / "index")]
    found = runner.invoke(main, ["search", "what to do instead of squats", *arguments,
                                 "--json"])
    assert found.exit_code == 0, found.output
    printed = json.loads(found.output)
    assert printed["interpretation"] == {
        "filters": [], "goals": [], "bodyParts": [], "expansions": [], "terms": [],
        "relation": {"kind": "substitutes", "exercise": "barbell-squat",
                     "text": "instead of"}}
    assert "barbell-squat" not in [hit["slug"] for hit in printed["hits"]]
    plain = json.loads(runner.invoke(main, ["search", "romanian deadlift", *arguments,
                                            "--json"]).output)
    assert plain["interpretation"] is None
    shown = runner.invoke(main, ["search", "tricep workout no equipmnt", *arguments]).output
    assert "did you mean: tricep workout no equipment" in shown
    assert "understood: No equipment (no equipmnt); Triceps (tricep); " \
        "searched as text: (nothing)" in shown


def test_an_exercise_named_alone_is_followed_by_those_sharing_its_name(
        api: GraphQLClient) -> None:
    # "cgbp" is an alias of the close-grip bench press: the exercises most like it that
    # share its set-up ("close grip") come before those alike in muscles alone.
    found, understood, _ = search(api, "cgbp", first=3)
    assert understood is None
    assert found[0] == "close-grip-barbell-bench-press"
    assert all("close-grip" in slug for slug in found[1:])


def test_steps_of_a_body_weight_exercise_are_not_other_loaded_lifts(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    # A dip machine is an easier dip; a cable or Smith-machine press is another exercise.
    found, understood, _ = search(api, "easier version of dips", first=10)
    assert understood is not None and understood["relation"]["kind"] == "REGRESSIONS"
    assert {"bench-dips", "dip-machine"} <= set(found)
    assert all(records[s].get("equipment") in (None, "body only") or "dip" in s
               for s in found)


def test_a_relation_to_an_exercise_the_library_lacks_searches_its_name(
        bundled_api: GraphQLClient) -> None:
    # The bundled library has no dips: the words naming them are searched as text, rather
    # than nothing being understood and every exercise matching.
    found, understood, total = search(bundled_api, "easier version of dips")
    assert understood is not None and understood["relation"] is None
    assert understood["terms"] == ["dips"]
    assert (found, total) == ([], 0)
    found, understood, _ = search(bundled_api, "easier version of dead bugs")
    assert understood is not None and understood["relation"]["exercise"]["slug"] == "dead-bug"


def test_harder_versions_share_the_movement_or_its_pattern(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    # A more advanced crunch or leg raise is no harder plank: versions keep its movement
    # words or its pattern (rollouts, a push-up to side plank), whatever their level.
    found, understood, _ = search(api, "harder plank variations", first=30)
    assert understood is not None and understood["relation"]["exercise"]["slug"] == "plank"
    assert {"ab-roller", "spider-crawl", "push-up-to-side-plank"} <= set(found)
    assert not {"decline-crunch", "hanging-leg-raise", "russian-twist"} & set(found)
    assert "crunch" not in " ".join(found)


def test_an_easier_version_may_be_an_alternative_loaded_alike(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    # Dips scale down by their own easier versions first, then by body-weight alternatives
    # moving as many joints (a close-grip incline push-up), then by ones moving fewer (a
    # body-weight triceps press), never a loaded press.
    found, _, _ = search(api, "easier version of dips", first=10)
    assert found[:2] == ["bench-dips", "dip-machine"]
    assert "incline-push-up-close-grip" in found and "body-tricep-press" in found
    mechanics = [records[s]["mechanic"] for s in found]
    assert mechanics == sorted(mechanics)  # compound before isolation
    assert not {records[s]["equipment"] for s in found} & {"barbell", "dumbbell", "kettlebells"}, \
        [(s, records[s]["equipment"]) for s in found]


@pytest.mark.parametrize("query", ["progression for pull ups", "pull up progressions",
                                   "build up to pull ups", "work up to a pull up"])
def test_a_progression_path_leads_up_to_the_exercise_then_past_it(
        api: GraphQLClient, query: str) -> None:
    # Coaches' "progression for X" is the way to X and on: its lead-ups, nearest first,
    # then its harder versions; "easier" and "harder" ask for one side alone.
    path, understood, total = search(api, query, first=40)
    assert understood is not None and understood["relation"]["kind"] == "PROGRESSION_PATH"
    assert understood["relation"]["exercise"]["slug"] == "pullups"
    easier, understood, _ = search(api, "easier than pull ups", first=40)
    assert understood is not None and understood["relation"]["kind"] == "REGRESSIONS"
    harder, understood, _ = search(api, "next step after pull ups", first=40)
    assert understood is not None and understood["relation"]["kind"] == "PROGRESSIONS"
    assert not set(easier) & set(harder)
    assert set(path) == set(easier) | set(harder) and total == len(path)
    assert path == [s for s in easier if s in path] + [s for s in harder if s in path]
    # A part of the movement drilled alone (the scapular pull) leads up to it.
    assert {"band-assisted-pull-up", "scapular-pull-up"} <= set(easier)
    assert {"weighted-pull-ups", "muscle-up"} <= set(harder)


def test_without_weights_admits_other_kit_but_not_loaded_names(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    # Chin-ups hang from a bar the data lists as other equipment: no weights, so they are
    # in; weighted pull-ups, plate curls or atlas stones are other equipment too, but loaded.
    found, understood, total = search(api, "back exercises without weights", first=100)
    assert understood is not None and understood["filters"][0]["label"] == "No weights"
    assert understood["filters"][0]["values"] == ["body-only", "other"]
    assert {"weighted", "sandbag"} <= set(understood["filters"][0]["excludesNamed"])
    assert found and len(found) == total
    assert {"mixed-grip-chin", "suspended-row", "pullups"} <= set(found)
    assert not {"weighted-pull-ups", "atlas-stones", "rickshaw-deadlift"} & set(found)
    assert {records[s]["equipment"] for s in found} == {"body only", "other", None}
    # Without equipment means none at all.
    found, understood, _ = search(api, "back exercises with no equipment", first=100)
    assert understood is not None and understood["filters"][0]["excludesNamed"] == []
    assert {records[s]["equipment"] for s in found} == {"body only", None}


def test_a_workout_of_a_muscle_trains_it_before_stretching_it(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    # Asked to train the biceps, stretches of them follow the exercises training them (they
    # are not left out); named alone, or with stretching asked for, nothing is demoted.
    def stretching(found: list[str]) -> list[int]:
        return [n for n, s in enumerate(found) if records[s]["category"] == "stretching"]

    for plain, training in (("biceps without weights", "bicep workout without weights"),
                            ("biceps at home", "biceps exercises at home")):
        assert 0 in stretching(search(api, plain, first=2)[0])
        found = search(api, training, first=40)[0]
        assert stretching(found) and min(stretching(found)) >= 5
    assert 0 in stretching(search(api, "bicep stretch workout at home", first=2)[0])


def test_slang_with_a_movement_finds_both_first(api: GraphQLClient) -> None:
    # "sm squat": Smith-machine squats before other Smith-machine lifts, whatever matched
    # their words in the instructions.
    found, understood, _ = search(api, "sm squat", first=4)
    assert understood is not None and understood["terms"] == ["smith machine", "squat"]
    assert found[:3] == ["smith-machine-squat", "smith-machine-pistol-squat",
                         "smith-single-leg-split-squat"]


@pytest.mark.parametrize(("query", "named"), [
    ("alternative to leg press", "leg-press"),            # a body part starts the name
    ("easier than hanging leg raises", "hanging-leg-raise"),  # or is inside it
    ("harder than bodyweight squats", "bodyweight-squat"),    # a filter starts it
    ("harder than bodyweight glute bridges", "butt-lift-bridge"),  # a filter, a body part
])
def test_body_parts_and_filters_may_be_words_of_a_named_exercise(
        api: GraphQLClient, query: str, named: str) -> None:
    _, understood, _ = search(api, query, first=10)
    assert understood is not None and understood["relation"] is not None
    assert understood["relation"]["exercise"]["slug"] == named
    assert understood["bodyParts"] == [] and understood["filters"] == []
    # At the end of a query a filter still restricts.
    _, understood, _ = search(api, "alternative to lat pulldown without a machine")
    assert understood is not None and understood["relation"]["exercise"]["slug"]
    assert [f["label"] for f in understood["filters"]] == ["No machines"]


def test_long_queries_whose_words_are_all_read_are_understood(api: GraphQLClient) -> None:
    # Five words and more, but each of them vocabulary or filler: not a description.
    _, understood, _ = search(api, "exercises for the back of my shoulders")
    assert understood is not None
    assert [b["label"] for b in understood["bodyParts"]] == ["Rear delts"]
    _, understood, _ = search(api, "how do i train my soleus")
    assert understood is not None
    assert [b["label"] for b in understood["bodyParts"]] == ["Soleus"]


def test_filters_on_the_same_facet_widen_each_other(api: GraphQLClient,
                                                    records: dict[str, Any]) -> None:
    found, understood, _ = search(api, "arm workout at home w/ dumbbells", first=100)
    assert understood is not None
    assert [f["label"] for f in understood["filters"]] == ["At home", "Dumbbells"]
    kit = {records[s]["equipment"] for s in found}
    assert "dumbbell" in kit and "body only" in kit
    assert kit <= {"dumbbell", "body only", "bands", "exercise ball", None}
    # The narrowest of them, said on purpose, comes first.
    assert all(records[s]["equipment"] == "dumbbell" for s in found[:10])
    # "w/o" is "without".
    _, understood, _ = search(api, "arm workout w/o weights")
    assert understood is not None
    assert [f["label"] for f in understood["filters"]] == ["No weights"]


def test_words_left_over_that_name_nothing_do_not_narrow(api: GraphQLClient) -> None:
    _, understood, total = search(api, "leg exercises that won't hurt my sore knees")
    assert understood is not None and understood["terms"] == []
    assert total == search(api, "leg exercises for sore knees")[2]
    # Words of exercise names, and concepts (a category), still narrow.
    _, understood, _ = search(api, "hamstring exercises lying")
    assert understood is not None and understood["terms"] == ["lying"]
    _, understood, _ = search(api, "conditioning for bad knees")
    assert understood is not None and understood["terms"] == ["conditioning"]


def test_a_goal_leaving_out_every_relative_answers_by_the_goal(api: GraphQLClient) -> None:
    found, understood, _ = search(api, "lower back is sore, what should i do instead of "
                                       "deadlifts", first=10)
    assert understood is not None and understood["relation"]["exercise"]["slug"] == \
        "barbell-deadlift"
    assert [g["label"] for g in understood["goals"]] == ["Kind to the back"]
    assert found and not any("deadlift" in slug for slug in found)
    assert {"plank", "dead-bug"} & set(found)


def test_a_goal_said_twice_counts_once(api: GraphQLClient) -> None:
    _, understood, _ = search(api, "fix rounded shoulders from hunching over a laptop")
    assert understood is not None
    assert [g["label"] for g in understood["goals"]] == ["Rounded shoulders", "Posture"]


def test_muscle_after_a_body_part_is_part_of_it(api: GraphQLClient) -> None:
    found, understood, _ = search(api, "teardrop quad muscle", first=10)
    assert understood is not None and understood["terms"] == []
    assert [b["text"] for b in understood["bodyParts"]] == ["teardrop", "quad muscle"]
    assert "leg-extensions" in found[:5]


def test_stretches_asked_for_are_not_avoided(api: GraphQLClient) -> None:
    # The hamstrings avoid stretches when training is wanted, not when stretches are.
    found, _, _ = search(api, "stretches for tight hamstrings", first=10)
    assert "hamstring-stretch" in found[:3]
    found, _, _ = search(api, "hamstring exercises", first=10)
    assert "hamstring-stretch" not in found


def test_filler_gives_way_to_a_longer_phrase_inside_it(api: GraphQLClient) -> None:
    # "exercises for" is filler, but "for runners" is a goal.
    _, understood, _ = search(api, "exercises for runners")
    assert understood is not None
    assert [g["label"] for g in understood["goals"]] == ["After running"]


def test_a_name_before_a_relation_may_hold_body_parts(api: GraphQLClient) -> None:
    _, understood, _ = search(api, "leg press alternatives")
    assert understood is not None and understood["relation"]["exercise"]["slug"] == \
        "leg-press"
    assert understood["bodyParts"] == []
    # A filter before the name still restricts.
    _, understood, _ = search(api, "beginner squat alternatives")
    assert understood is not None and understood["relation"]["exercise"]["slug"] == \
        "barbell-squat"
    assert [f["label"] for f in understood["filters"]] == ["Beginner"]


def test_a_body_weight_exercise_steps_to_the_pattern_taught_before_or_after_it(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    # Rows lead up to pull-ups, push-ups to dips and handstand push-ups, and pull-ups come
    # after rows: body-weight steps to another pattern, though their names share no
    # movement word with the named exercise; the nearest in difficulty first.
    found, understood, _ = search(api, "easier than pull ups", first=5)
    assert understood is not None and understood["relation"]["exercise"]["slug"] == "pullups"
    assert "inverted-row" in found
    found, _, _ = search(api, "next step after inverted rows", first=6)
    assert {"pullups", "chin-up"} <= set(found)
    assert "mixed-grip-chin" not in found  # an expert chin is no next step
    found, _, _ = search(api, "easier than handstand push ups", first=10)
    lead_ups = [s for s in found if "push-up" in s or "pushup" in s]
    assert len(lead_ups) >= 2
    assert all(records[s]["equipment"] in (None, "body only", "other", "exercise ball")
               for s in lead_ups)
    found, _, _ = search(api, "easier version of dips", first=4)
    assert "incline-push-up-close-grip" in found


def test_gym_nicknames_name_their_exercises(api: GraphQLClient) -> None:
    # Nicknames of machines and lifts, as aliases of the exercises and as slang.
    assert search(api, "good girl machine", first=1)[0] == ["thigh-adductor"]
    assert search(api, "bad girl machine", first=1)[0] == ["thigh-abductor"]
    found, understood, _ = search(api, "good girl", first=1)
    assert found == ["thigh-adductor"] and understood is not None
    assert understood["expansions"] == [{"text": "good girl", "means": "adductor machine"}]
    assert search(api, "btn press", first=1)[0] == ["standing-barbell-press-behind-neck"]
    # Dumbbell skull crushers are the lying dumbbell triceps extensions.
    assert set(search(api, "db skulls", first=3)[0]) == {
        "lying-dumbbell-tricep-extension", "decline-dumbbell-triceps-extension",
        "dumbbell-tricep-extension-pronated-grip"}


def test_runners_knee_strengthens_the_hips_and_rolls_the_it_band(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    found, understood, _ = search(api, "exercises for runners knee", first=10)
    assert understood is not None
    # Filler keeps its words when the phrase after it reaches as far as one inside it.
    assert [g["label"] for g in understood["goals"]] == ["Runner's knee"]
    assert {"monster-walk", "thigh-abductor", "iliotibial-tract-smr"} <= set(found[:5])
    assert not any(records[s]["category"] == "plyometrics" for s in found)


def test_sub_muscles_rank_what_names_them_first(api: GraphQLClient,
                                                records: dict[str, Any]) -> None:
    # Peroneals are stretched and rolled as much as trained.
    assert set(search(api, "peroneals", first=2)[0]) == {"peroneals-smr", "peroneals-stretch"}
    found, understood, _ = search(api, "levator scapulae", first=3)
    assert understood is not None and understood["bodyParts"][0]["label"] == "Levator scapulae"
    assert found[0] == "side-neck-stretch"
    # Arms are biceps and triceps, trained by curls and extensions before presses.
    found, understood, _ = search(api, "how to get bigger arms", first=20)
    assert understood is not None and understood["bodyParts"][0]["label"] == "Arms"
    assert all(set(records[s]["primaryMuscles"]) & {"biceps", "triceps"} for s in found)
    assert all("curl" in s or "extension" in s for s in found[:10])


def test_without_a_bench_leaves_out_names_with_a_bench(api: GraphQLClient) -> None:
    found, understood, _ = search(api, "hip thrust alternative without a bench", first=10)
    assert understood is not None
    assert [f["label"] for f in understood["filters"]] == ["No bench"]
    assert understood["relation"]["exercise"]["slug"] == "barbell-hip-thrust"
    assert "barbell-glute-bridge" in found
    found, _, _ = search(api, "chest exercises without a bench", first=100)
    assert found and not any(word in s for s in found
                             for word in ("bench", "incline", "decline", "preacher"))


def test_a_body_part_to_stretch_is_not_singled_out_by_what_trains_it(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    # The quads' training words ("squat") single out no quad stretch.
    found, _, _ = search(api, "front of thigh stretch", first=6)
    assert all(records[s]["category"] == "stretching" for s in found)
    assert "sit-squats" not in found
    assert sum("quad" in slug for slug in found) >= 5


def test_stiff_asks_to_loosen_what_it_names(api: GraphQLClient,
                                            records: dict[str, Any]) -> None:
    found, understood, _ = search(api, "mobilty for stiff upper back", first=6)
    assert understood is not None and understood["relation"] is None
    # "mobility for" names no exercise: its words are read on their own.
    assert [g["label"] for g in understood["goals"]] == ["Loosen up"]
    assert [b["label"] for b in understood["bodyParts"]] == ["Upper back"]
    assert all(records[s]["category"] == "stretching" for s in found)
    assert {"upper-back-stretch", "middle-back-stretch"} <= set(found)
    _, understood, _ = search(api, "warm up for")
    assert understood is not None and [g["label"] for g in understood["goals"]] == ["Warm-up"]
    # Names starting with "stiff" stay names.
    found, understood, _ = search(api, "stiff legged deadlift with dumbbells", first=3)
    assert understood is not None and understood["goals"] == []
    assert found[0] == "stiff-legged-dumbbell-deadlift"


def test_an_implement_named_alone_comes_before_a_place(api: GraphQLClient,
                                                        records: dict[str, Any]) -> None:
    # Misspelt as people (and the data) spell it.
    found, understood, _ = search(api, "dumbell back exercises i can do at home", first=6)
    assert understood is not None
    assert [f["label"] for f in understood["filters"]] == ["Dumbbells", "At home"]
    assert all(records[s]["equipment"] == "dumbbell" for s in found)
    assert {"one-arm-dumbbell-row", "bent-over-two-dumbbell-row"} <= set(found)
    # Named by one word in a description, an implement is a word of it.
    assert search(api, "hold a dumbbell in one hand and bend sideways at the waist")[1] is None


def test_what_a_filter_leaves_out_by_name_stays_out_when_another_widens_it(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    # "Without a bench" accepts any kit; "dumbbell" widens nothing back in: no bench presses.
    found, understood, _ = search(api, "dumbbell chest exercises without a bench", first=40)
    assert understood is not None
    assert {"Dumbbells", "No bench"} <= {f["label"] for f in understood["filters"]}
    assert not [s for s in found if {"bench", "incline", "decline"} & set(s.split("-"))]
    assert records[found[0]]["equipment"] == "dumbbell"
    assert "dumbbell-floor-press" in found


def test_a_relation_names_the_exercise_before_it_when_the_words_after_name_none(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    found, understood, _ = search(api, "cable crossover alternative, my gym has no cables",
                                  first=10)
    assert understood is not None and understood["relation"] is not None
    assert understood["relation"]["kind"] == "SUBSTITUTES"
    assert understood["relation"]["exercise"]["slug"] == "cable-crossover"
    assert "dumbbell-flyes" in found[:3]
    assert not {records[s]["equipment"] for s in found} & {"cable", "machine"}
    # A beginner's version is an easier one.
    _, understood, _ = search(api, "beginner version of the deadlift")
    assert understood is not None and understood["relation"]["kind"] == "REGRESSIONS"
    assert understood["relation"]["exercise"]["slug"] == "barbell-deadlift"


@pytest.mark.parametrize(("query", "kind", "slug"), [
    ("cant do a push up yet", "REGRESSIONS", "pushups"),
    ("i can do 20 push ups whats next", "PROGRESSIONS", "pushups"),
    ("still cant do a pull up", "REGRESSIONS", "pullups"),
])
def test_relations_are_read_through_counts_and_small_words(
        api: GraphQLClient, query: str, kind: str, slug: str) -> None:
    # "yet" and "still" say nothing of the exercise; a count of repetitions is no part of
    # its name.
    _, understood, _ = search(api, query, first=1)
    assert understood is not None and understood["relation"] is not None
    assert (understood["relation"]["kind"], understood["relation"]["exercise"]["slug"]) == \
        (kind, slug)


def test_sub_muscles_the_groups_do_not_name(api: GraphQLClient) -> None:
    # Each part of a muscle group, however it is said, ranks what singles it out first.
    expected = {
        "lower lats": ("Lower lats", {"straight-arm-pulldown", "rope-straight-arm-pulldown"}),
        "supraspinatus": ("Supraspinatus", {"dumbbell-scaption", "side-lateral-raise"}),
        "medial head tricep": ("Triceps medial head", {"reverse-grip-triceps-pushdown"}),
        "short head of the bicep": ("Biceps short head", {"preacher-curl"}),
        "middle traps": ("Middle traps", {"middle-back-shrug", "band-pull-apart"}),
        "how to get thick forearms": ("Forearm muscles", {"cable-wrist-curl"}),
    }
    for query, (label, first) in expected.items():
        found, understood, _ = search(api, query, first=5)
        assert understood is not None and understood["bodyParts"][0]["label"] == label, query
        assert first <= set(found), (query, found)


def test_isometric_is_a_filter_on_static_force(api: GraphQLClient,
                                               records: dict[str, Any]) -> None:
    found, understood, total = search(api, "isometric ab exercises", first=100)
    assert understood is not None
    assert [f["label"] for f in understood["filters"]] == ["Isometric"]
    assert found and len(found) == total
    assert {records[s]["force"] for s in found} == {"static"}
    assert {"plank", "side-bridge"} <= set(found[:3])


def test_tight_from_an_activity_asks_to_stretch_after_it(api: GraphQLClient) -> None:
    found, understood, _ = search(api, "tight hip flexors from cycling", first=5)
    assert understood is not None and understood["terms"] == []
    assert [g["label"] for g in understood["goals"]] == ["Tight hips", "After running"]
    assert {"kneeling-hip-flexor", "standing-hip-flexors"} <= set(found)


def test_gym_abbreviations_of_grips_pulls_and_triceps(api: GraphQLClient) -> None:
    assert search(api, "cg bench", first=1)[0] == ["close-grip-barbell-bench-press"]
    found, understood, _ = search(api, "lying tri ext", first=3)
    assert understood is not None
    assert {e["means"] for e in understood["expansions"]} == {"triceps", "extension"}
    assert found[0] == "lying-triceps-press"
    assert "straight-arm-pulldown" in search(api, "straight arm pd", first=5)[0]


def test_a_part_both_stretched_and_trained_is_trained_when_strength_is_asked(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    found, understood, _ = search(api, "hip flexor strengthening", first=6)
    assert understood is not None and understood["bodyParts"][0]["label"] == "Hip flexors"
    assert found[0] == "hip-flexion-with-band"
    assert not any(records[s]["category"] == "stretching" for s in found)
    # Named alone, or with words that say nothing of strength, it is stretched first.
    for query in ("hip flexors", "psoas exercises"):
        assert "kneeling-hip-flexor" in search(api, query, first=5)[0]


def test_slouching_opens_the_chest_and_trains_the_upper_back(api: GraphQLClient) -> None:
    found, understood, _ = search(api, "exercises to stop slouching", first=8)
    assert understood is not None
    assert [g["label"] for g in understood["goals"]] == ["Rounded shoulders"]
    assert {"band-pull-apart", "face-pull", "elbows-back"} <= set(found)
    assert not any("neck" in s for s in found)
    # Posture in general puts the neck after the upper back and the chest openers.
    found, _, _ = search(api, "desk posture exercises", first=5)
    assert {"elbows-back", "band-pull-apart", "face-pull"} <= set(found)
    assert not any("neck" in s for s in found)
    # A head poking forward asks for the neck.
    assert search(api, "tech neck", first=1)[0] == ["chin-to-chest-stretch"]


def test_a_body_part_named_with_a_warm_up_for_an_exercise_is_what_it_warms_up(
        api: GraphQLClient) -> None:
    found, understood, _ = search(api, "wrist warm up before push ups", first=2)
    assert understood is not None
    assert [b["label"] for b in understood["bodyParts"]] == ["Wrists"]
    assert understood["goals"][0]["exercise"] == {"slug": "pushups"}
    assert set(found) == {"wrist-circles", "kneeling-forearm-stretch"}


def test_a_body_part_is_trained_before_cardio_works_it(api: GraphQLClient,
                                                       records: dict[str, Any]) -> None:
    found, understood, _ = search(api, "machine only leg day", first=10)
    assert understood is not None and understood["bodyParts"][0]["label"] == "Legs"
    assert not any(records[s]["category"] == "cardio" for s in found)
    assert {"leg-press", "hack-squat", "leg-extensions"} <= set(found)


def test_a_doubled_letter_typed_once_is_a_slip_though_its_stem_is_a_word(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    # "beginer" stems to "begin", a word of many instructions.
    found, understood, total = search(api, "beginer hamstring stretches", first=100)
    assert understood is not None
    assert [(f["label"], f["text"]) for f in understood["filters"]] == [("Beginner", "beginer")]
    assert found and len(found) == total
    assert {records[s]["level"] for s in found} == {"beginner"}


def test_a_body_part_to_stretch_is_singled_out_by_its_words_saying_stretch(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    found, understood, _ = search(api, "achilles tendon stretch", first=5)
    assert understood is not None and understood["bodyParts"][0]["label"] == "Achilles"
    assert found[0] == "standing-soleus-and-achilles-stretch"
    assert all(records[s]["category"] == "stretching" for s in found)
    assert sum("calf-stretch" in s for s in found) >= 3


def test_knees_that_hate_something_ask_for_what_is_kind_to_them(api: GraphQLClient) -> None:
    found, understood, _ = search(api, "what can i do instead of running, my knees hate it")
    assert understood is not None and understood["relation"]["kind"] == "SUBSTITUTES"
    assert [g["label"] for g in understood["goals"]] == ["Kind to the knees"]
    assert found and not any("run" in s or "jog" in s for s in found)
    assert {"recumbent-bike", "elliptical-trainer"} <= set(found[:4])


def test_a_body_part_in_a_name_spelt_with_slang_is_a_word_of_it(api: GraphQLClient) -> None:
    found, understood, _ = search(api, "straight arm pd", first=2)
    assert understood is not None and understood["bodyParts"] == []
    assert understood["terms"] == ["straight", "arm", "pulldown"]
    assert set(found) == {"straight-arm-pulldown", "rope-straight-arm-pulldown"}


@pytest.mark.parametrize(("query", "goal"), [
    ("something like deadlifts but easier on the back", "Kind to the back"),
    ("squat alternative easier on the knees", "Kind to the knees"),
])
def test_easier_on_a_joint_is_a_goal_not_an_easier_version(
        api: GraphQLClient, query: str, goal: str) -> None:
    _, understood, _ = search(api, query, first=1)
    assert understood is not None and understood["relation"]["kind"] == "SUBSTITUTES"
    assert [g["label"] for g in understood["goals"]] == [goal]
    assert understood["terms"] == []


def test_relations_rank_the_same_in_every_process(imported_dir: Path, tmp_path: Path) -> None:
    # Ties are broken by name, never by the order of a set, which changes with the hash seed
    # of each process (lead-ups of handstand push-ups tie on their scores).
    import os
    import subprocess
    import sys

    def ranked(seed: str) -> str:
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        return subprocess.run(
            [sys.executable, "-c", "from graph.cli import main; main()", "search",
             "--dir", str(imported_dir),
             "--index-dir", str(tmp_path / "index"), "--type", "exercise", "--first", "12",
             "--json", "easier than handstand push ups"],
            env=environment, capture_output=True, text=True, check=True).stdout

    assert ranked("1") == ranked("2") == ranked("3")


def test_filters_leaving_no_relative_answer_with_the_exercises_kin(api: GraphQLClient) -> None:
    # The data names the lower back as the deadlift's only main mover, so no dumbbell lift
    # is among its relatives: the dumbbell deadlifts its name's words find answer instead.
    found, understood, total = search(api, "deadlift alternative with dumbbells")
    assert understood is not None and understood["relation"]["kind"] == "SUBSTITUTES"
    assert [f["label"] for f in understood["filters"]] == ["Dumbbells"]
    assert found == ["stiff-legged-dumbbell-deadlift"] and total == 1


def test_what_else_after_a_complaint_asks_for_alternatives(api: GraphQLClient) -> None:
    _, understood, _ = search(api, "upright rows hurt my shoulders, what else for side delts")
    assert understood is not None and understood["relation"]["kind"] == "SUBSTITUTES"
    assert understood["relation"]["exercise"]["slug"] == "upright-barbell-row"
    assert [g["label"] for g in understood["goals"]] == ["Kind to the shoulders"]
    assert [b["label"] for b in understood["bodyParts"]] == ["Side delts"]


def test_the_word_muscles_before_a_body_part_is_part_of_it(api: GraphQLClient) -> None:
    # Searched as text, "muscles" would find muscle-ups.
    found, understood, _ = search(api, "muscles between my shoulder blades", first=10)
    assert understood is not None and understood["terms"] == []
    assert not any(slug.startswith(("muscle-up", "kipping-muscle-up")) for slug in found)


def test_between_the_shoulder_blades_squeezes_them_together(api: GraphQLClient) -> None:
    # The rhomboids and middle traps: pull-aparts and reverse flyes, filed under the
    # shoulders, come with the rows.
    found, understood, _ = search(api, "muscles between my shoulder blades", first=10)
    assert understood is not None and understood["bodyParts"][0]["label"] == "Middle traps"
    assert {"middle-back-shrug", "band-pull-apart", "reverse-flyes", "face-pull"} <= set(found)


def test_more_sub_muscles_rank_what_singles_them_out_first(api: GraphQLClient) -> None:
    expected = {
        "subscapularis": ("Subscapularis", {"cable-internal-rotation",
                                            "internal-rotation-with-band"}),
        "tensor fascia latae": ("Tensor fasciae latae", {"thigh-abductor", "monster-walk"}),
        "forearm supinators": ("Supinators", {"dumbbell-lying-supination"}),
        "anterior core": ("Anterior core", {"ab-roller", "barbell-ab-rollout"}),
        "glute ham tie in": ("Glute-ham tie-in", {"romanian-deadlift"}),
        "winging shoulder blade exercises": ("Serratus anterior",
                                             {"smith-incline-shoulder-raise",
                                              "barbell-incline-shoulder-raise"}),
        "adductor magnus": ("Adductor magnus", {"thigh-adductor", "sumo-deadlift",
                                                "sumo-deadlift-with-bands"}),
    }
    for query, (label, first) in expected.items():
        found, understood, _ = search(api, query, first=6)
        assert understood is not None and [b["label"] for b in understood["bodyParts"]] == \
            [label], query
        assert first <= set(found), (query, found)


def test_goals_of_mobility_flexibility_and_a_strong_lower_back(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    found, understood, _ = search(api, "hip mobility drills for a deeper squat", first=10)
    assert understood is not None and understood["terms"] == []
    assert [g["label"] for g in understood["goals"]] == ["Tight hips", "Squat depth"]
    assert {"standing-hip-circles", "side-lying-groin-stretch"} <= set(found)
    found, understood, _ = search(api, "cant touch my toes", first=10)
    assert understood is not None and [g["label"] for g in understood["goals"]] == \
        ["Touch the toes"]
    assert "hamstring-stretch" in found and "toe-touchers" not in found
    # After the guide "No-Equipment Lower Back Workout at Home".
    found, understood, _ = search(api, "strengthen my lower back at home", first=8)
    assert understood is not None and [g["label"] for g in understood["goals"]] == \
        ["Strong lower back"]
    assert {"butt-lift-bridge", "dead-bug", "plank", "side-bridge", "superman"} <= set(found)
    assert not any("twist" in slug for slug in found)


def test_an_ez_bar_asked_for_is_a_filter_but_ez_in_a_name_a_word(
        api: GraphQLClient, records: dict[str, Any]) -> None:
    found, understood, total = search(api, "what can i do with an ez curl bar", first=100)
    assert understood is not None and [f["label"] for f in understood["filters"]] == \
        ["EZ curl bar"]
    assert found and len(found) == total
    assert {records[s]["equipment"] for s in found} == {"e-z curl bar"}
    # The data files the preacher curl under the barbell.
    assert search(api, "ez preacher curl", first=1)[0] == ["preacher-curl"]


def test_gym_nicknames_of_machines_and_grips(api: GraphQLClient) -> None:
    found, understood, _ = search(api, "hammer strength row", first=2)
    assert understood is not None and understood["expansions"][0]["means"] == "leverage"
    assert set(found) == {"leverage-high-row", "leverage-iso-row"}
    assert search(api, "reverse grip bp", first=1)[0] == ["reverse-triceps-bench-press"]


def test_biceps_by_name_are_singled_out_by_curls_and_chins(api: GraphQLClient) -> None:
    # Without weights, the chin-ups come before the pull-ups and muscle-ups that use the
    # biceps as a helper.
    found, understood, _ = search(api, "bicep workout with out weights", first=2)
    assert understood is not None and understood["bodyParts"][0]["label"] == "Biceps"
    assert set(found) == {"chin-up", "one-arm-chin-up"}
