"""Related exercises and derived profiles over the whole imported Free Exercise DB."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from content import profile as profile_module
from content import related as related_module
from content.intensity import Zone
from content.loader import load_library
from content.model import Level
from content.profile import derive, profile_of
from content.slugs import slugify
from tests.conftest import GraphQLClient

PAGE = """
query($after: String) {
  exercises(first: 10, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      slug name level category equipment { slug } instructions
      primaryMuscles { slug name } secondaryMuscles { slug }
      related {
        variations { exercise { slug } reason }
        peers(first: 1) { totalCount }
        progressions(first: 25) { exercise { slug level equipment { slug }
                                             primaryMuscles { slug } secondaryMuscles { slug } }
                                  reason }
        regressions(first: 25) { exercise { slug level primaryMuscles { slug }
                                            secondaryMuscles { slug } } reason }
      }
      profile {
        summary
        recruitment { muscle { slug } role share }
        intensity { met zone source estimated calories(bodyMassKg: 70, minutes: 10) }
        commonMistakes whoItIsFor whoShouldAvoid progressionPath safetyNotes disclaimer
        counts { variations peers musclesWorked steps cohort }
        provenance { field source }
      }
    } }
  }
}"""
ZONES = {"LIGHT": (0, 3), "MODERATE": (3, 6), "VIGOROUS": (6, 9), "VERY_VIGOROUS": (9, 99)}


@pytest.fixture(scope="module")
def pages(api: GraphQLClient) -> dict[str, dict[str, Any]]:
    """Every exercise of the imported library with its related exercises and profile."""
    found: dict[str, dict[str, Any]] = {}
    after = None
    while True:
        page = api.data(PAGE, after=after)["exercises"]
        found.update((edge["node"]["slug"], edge["node"]) for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def test_every_exercise_has_a_profile(pages, upstream) -> None:
    assert len(pages) == len(upstream) == 873


def test_recruitment_sums_to_100(pages) -> None:
    for slug, node in pages.items():
        shares = node["profile"]["recruitment"]
        assert round(sum(s["share"] for s in shares), 6) == 100.0, slug
        assert {s["muscle"]["slug"] for s in shares if s["role"] == "PRIMARY"} == \
            {m["slug"] for m in node["primaryMuscles"]}
        assert all(s["share"] > 0 for s in shares), slug


def test_peer_counts_match_upstream(pages, upstream) -> None:
    primary = {slugify(r["name"]): {slugify(m) for m in r["primaryMuscles"]} for r in upstream}
    for slug, node in pages.items():
        expected = sum(1 for other, muscles in primary.items()
                       if other != slug and muscles & primary[slug])
        assert node["related"]["peers"]["totalCount"] == expected, slug
        assert node["profile"]["counts"]["peers"] == expected
        assert node["profile"]["counts"]["cohort"] == expected + 1
    lower_back = Counter(m for r in upstream for m in r["primaryMuscles"])["lower back"]
    assert lower_back == 27
    assert pages["lower-back-smr"]["profile"]["counts"]["cohort"] == 27


def test_no_exercise_relates_to_itself(pages, api: GraphQLClient) -> None:
    for slug, node in pages.items():
        related = node["related"]
        for group in ("variations", "progressions", "regressions"):
            assert slug not in {r["exercise"]["slug"] for r in related[group]}, (slug, group)
    for slug in list(pages)[::40]:
        result = api.data("""query($slug: String!) { exercise(slug: $slug) { related {
            peers(first: 100) { edges { node { slug } } }
            substitutes(first: 50) { exercise { slug } } } } }""", slug=slug)
        related = result["exercise"]["related"]
        assert slug not in {e["node"]["slug"] for e in related["peers"]["edges"]}
        assert slug not in {s["exercise"]["slug"] for s in related["substitutes"]}


def test_counts_are_consistent(pages) -> None:
    for slug, node in pages.items():
        counts = node["profile"]["counts"]
        assert counts["variations"] == len(node["related"]["variations"]), slug
        assert counts["steps"] == len(node["instructions"])
        assert counts["musclesWorked"] == len(node["primaryMuscles"]) + \
            len(node["secondaryMuscles"])


def test_the_deadlift_family_is_derived(pages) -> None:
    related = pages["barbell-deadlift"]["related"]
    family = {r["exercise"]["slug"] for r in related["variations"]}
    assert {"sumo-deadlift", "axle-deadlift"} <= family
    assert {"deficit-deadlift", "deadlift-with-chains"} <= \
        {r["exercise"]["slug"] for r in related["progressions"]}
    assert "trap-bar-deadlift" in {r["exercise"]["slug"] for r in related["regressions"]}
    assert all(r["reason"] for r in related["variations"])


def test_progressions_share_a_main_muscle(pages) -> None:
    checked = 0
    for slug, node in pages.items():
        mine = {m["slug"] for m in node["primaryMuscles"]}
        for group in ("progressions", "regressions"):
            for item in node["related"][group]:
                assert item["reason"].startswith("Harder: " if group == "progressions"
                                                 else "Easier: "), (slug, item)
                theirs = {m["slug"] for m in item["exercise"]["primaryMuscles"]}
                assert mine & theirs or mine & {m["slug"] for m in item["exercise"].get(
                    "secondaryMuscles", [])} or theirs & {m["slug"] for m in
                                                          node["secondaryMuscles"]}, slug
                checked += 1
    assert checked > 500


def test_every_met_lies_in_its_zone(pages) -> None:
    for slug, node in pages.items():
        intensity = node["profile"]["intensity"]
        low, high = ZONES[intensity["zone"]]
        assert low <= intensity["met"] < high, slug
        assert intensity["source"].startswith("2011 Compendium of Physical Activities, code")
        assert intensity["estimated"] is True
        expected = intensity["met"] * 3.5 * 70 / 200 * 10
        assert intensity["calories"] == pytest.approx(expected, abs=0.05)
    assert Zone.of(9.0) is Zone.VERY_VIGOROUS and Zone.of(2.99) is Zone.LIGHT
    assert Zone.of(3.0) is Zone.MODERATE and Zone.of(6.0) is Zone.VIGOROUS



def test_profiles_never_contradict_the_category(pages) -> None:
    for slug, node in pages.items():
        profile = node["profile"]
        summary = profile["summary"]
        assert summary.startswith(node["name"]), slug
        if node["category"] == "STRETCHING":
            assert " stretch for " in summary and "strength" not in summary, slug
            mistakes = " ".join(profile["commonMistakes"])
            assert "Bouncing into the stretch" in mistakes or "Rolling fast" in mistakes \
                or "Rushing" in mistakes or node["slug"] == "superman", slug
            assert not any("load" in m or "weight" in m for m in profile["commonMistakes"])
            assert any("range of motion" in note for note in profile["safetyNotes"]) \
                or node["slug"] == "superman"
        else:
            assert " stretch for " not in summary
        assert profile["disclaimer"] in profile["safetyNotes"]
        assert all(p["source"] == "DERIVED" for p in profile["provenance"])


def test_recruitment_shares_follow_the_kind_of_movement(pages) -> None:
    """Primary share 60 % for compound work, 80 % for isolation, 75 % for a stretch and all
    of it without secondary muscles; the rounding remainder goes to the first muscle."""
    expected = {
        "pushups": [("chest", 60.0), ("shoulders", 20.0), ("triceps", 20.0)],
        "alternate-hammer-curl": [("biceps", 80.0), ("forearms", 20.0)],
        "90-90-hamstring": [("hamstrings", 75.0), ("calves", 25.0)],
        "bicycling": [("quadriceps", 70.0), ("calves", 10.0), ("glutes", 10.0),
                      ("hamstrings", 10.0)],  # no mechanic listed
        "clean": [("hamstrings", 60.1), *((m, 5.7) for m in (
            "calves", "forearms", "glutes", "lower-back", "quadriceps", "shoulders", "traps"))],
        "plank": [("abdominals", 100.0)],
    }
    for slug, shares in expected.items():
        found = [(s["muscle"]["slug"], s["share"]) for s in pages[slug]["profile"]["recruitment"]]
        assert found == shares, slug


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def test_summaries_count_alternatives_and_variations(pages) -> None:
    seen = Counter()
    for slug, node in pages.items():
        counts, summary = node["profile"]["counts"], node["profile"]["summary"]
        primary = [m["name"].lower() for m in node["primaryMuscles"]]
        if counts["cohort"] < 2:
            assert "This library has" not in summary, slug
            continue
        tail = (f" This library has {counts['cohort']} exercises with the "
                f"{' and '.join(primary)} as the main mover, so there are "
                f"{plural(counts['cohort'] - 1, 'alternative')} for it")
        tail += f", and {plural(counts['variations'], 'variation')} of this one." \
            if counts["variations"] else "."
        assert summary.endswith(tail), (slug, summary)
        seen[min(counts["variations"], 3)] += 1
    assert all(seen[n] for n in range(4)), seen


def test_profile_sentences(pages) -> None:
    """The generated sentences of a few profiles, word for word: articles, lists of three or
    more, equipment, goals and cautions."""
    profile = {slug: pages[slug]["profile"] for slug in (
        "pushups", "kettlebell-one-legged-deadlift", "bicycling", "clean", "90-90-hamstring")}
    assert profile["pushups"]["summary"].startswith(
        "Pushups is a beginner strength exercise for the chest, with help from the shoulders "
        "and triceps, done with body weight alone. Its movement pattern is the push-up.")
    assert profile["kettlebell-one-legged-deadlift"]["summary"].startswith(
        "Kettlebell One-Legged Deadlift is an intermediate strength exercise for the "
        "hamstrings, with help from the glutes and lower back, done with kettlebells. ")
    assert profile["bicycling"]["summary"].startswith(
        "Bicycling is a beginner cardio exercise for the quadriceps, with help from the calves, "
        "glutes and hamstrings. Its movement pattern is the cycling.")
    assert profile["clean"]["summary"].startswith(
        "Clean is an intermediate Olympic weightlifting movement for the hamstrings, with help "
        "from the calves, forearms, glutes, lower back, quadriceps, shoulders and traps, done "
        "with a barbell.")
    pain = "Anyone with sharp or worsening pain in the joints or muscles involved."
    clinician = "Anyone recovering from surgery, or pregnant, without their clinician's go-ahead."
    assert profile["pushups"]["whoItIsFor"] == [
        "People starting out, or coming back after a break.",
        "Anyone who wants to strengthen the chest.",
        "People training at home or travelling: no equipment needed."]
    assert profile["pushups"]["whoShouldAvoid"] == [
        pain, "Anyone with a painful or unstable shoulder, until it is assessed.", clinician]
    assert profile["kettlebell-one-legged-deadlift"]["whoItIsFor"][1:] == [
        "Anyone who wants to strengthen the hamstrings.", "People with access to kettlebells."]
    assert profile["bicycling"]["whoItIsFor"] == [  # "other" equipment is not named
        "People starting out, or coming back after a break.",
        "Anyone building power and fitness through the quadriceps."]
    assert profile["clean"]["whoShouldAvoid"] == [
        pain, "People with a current back injury, or back pain that spreads down a leg, until a "
        "clinician clears them for loaded back work.",
        "Anyone with balance problems or dizziness.", clinician]
    assert profile["90-90-hamstring"]["whoItIsFor"][1] == \
        "Anyone with a stiff or tight hamstrings who wants to move more freely."
    assert [p["field"] for p in profile["pushups"]["provenance"]] == [
        "intensity", "summary", "commonMistakes", "whoItIsFor", "whoShouldAvoid",
        "progressionPath", "safetyNotes", "recruitment", "counts"]


def test_lower_back_smr_profile_fixes_the_seed_page(pages) -> None:
    profile = pages["lower-back-smr"]["profile"]
    assert "beginner stretch for the lower back" in profile["summary"]
    assert "27 exercises with the lower back as the main mover" in profile["summary"]
    assert profile["counts"]["peers"] == 26
    assert profile["intensity"]["zone"] == "LIGHT"


def test_loaded_lower_back_work_warns_about_the_spine(pages) -> None:
    profile = pages["barbell-deadlift"]["profile"]
    assert any("spine" in note for note in profile["safetyNotes"])
    assert any("back injury" in item for item in profile["whoShouldAvoid"])


PUSHUPS = """{ exercise(slug: "pushups") { pattern related {
  peers(first: 20, after: null) { totalCount }
  substitutes(equipment: ["body-only"], maxLevel: BEGINNER, first: 10) {
    exercise { slug level pattern equipment { slug } } score reason } } } }"""


def test_substitutes_honour_equipment_and_level(api: GraphQLClient, pages,
                                                upstream: list[dict[str, Any]]) -> None:
    found = api.data(PUSHUPS)["exercise"]
    assert found["pattern"] == "push-up"
    chest = sum(1 for r in upstream if "chest" in r["primaryMuscles"])
    assert found["related"]["peers"]["totalCount"] == chest - 1
    substitutes = found["related"]["substitutes"]
    assert len(substitutes) == 10
    for item in substitutes:
        assert item["exercise"]["level"] == "BEGINNER"
        assert (item["exercise"]["equipment"] or {"slug": "body-only"})["slug"] == "body-only"
        assert 0 < item["score"] <= 1 and item["reason"]
    same = [item["exercise"]["pattern"] == "push-up" for item in substitutes]
    assert same == sorted(same, reverse=True), "the same pattern comes first"
    assert same[0] and "same push-up pattern" in substitutes[0]["reason"]
    assert api.data("""{ exercise(slug: "superman") { pattern related { substitutes {
        exercise { pattern } } } } }""")["exercise"]["pattern"] == "back-extension"
    for slug in list(pages)[::60]:
        for kit in (["barbell"], ["dumbbell", "kettlebells"], ["body-only"], []):
            found = api.data("""query($slug: String!, $kit: [String!]) { exercise(slug: $slug) {
                related { substitutes(equipment: $kit, first: 50) {
                exercise { equipment { slug } } } } } }""", slug=slug, kit=kit)
            for item in found["exercise"]["related"]["substitutes"]:
                needed = (item["exercise"]["equipment"] or {"slug": "body-only"})["slug"]
                assert needed in [*kit, "body-only"]


def test_exercises_needing_nothing_always_qualify_as_substitutes(api: GraphQLClient) -> None:
    """Whatever equipment is at hand (even none), body-weight alternatives are offered."""
    for kit in ([], ["barbell"], ["cable", "machine"]):
        found = api.data("""query($kit: [String!]) { exercise(slug: "pushups") { related {
            substitutes(equipment: $kit, first: 20) { exercise { slug equipment { slug } } }
            } } }""", kit=kit)["exercise"]["related"]["substitutes"]
        kits = [(item["exercise"]["equipment"] or {"slug": "body-only"})["slug"]
                for item in found]
        assert kits.count("body-only") >= 5, (kit, kits)
        assert set(kits) <= {*kit, "body-only"}


def test_bad_arguments_are_clear_errors(api: GraphQLClient) -> None:
    message = api.error("""{ exercise(slug: "superman") { profile { intensity {
        calories(bodyMassKg: -5, minutes: 10) } } } }""")
    assert "bodyMassKg" in message
    assert "between 0 and 50" in api.error(
        '{ exercise(slug: "superman") { related { progressions(first: 500) { reason } } } }')


def test_authored_parts_win_and_are_marked(bundled_api: GraphQLClient) -> None:
    profile = bundled_api.data("""{ exercise(slug: "barbell-deadlift") { profile {
        intensity { met zone source estimated } commonMistakes
        provenance { field source } } } }""")["exercise"]["profile"]
    sources = {p["field"]: p["source"] for p in profile["provenance"]}
    assert sources["intensity"] == "AUTHORED" and sources["commonMistakes"] == "AUTHORED"
    assert sources["summary"] == "DERIVED"
    assert profile["intensity"] == {"met": 6.0, "zone": "VIGOROUS", "estimated": False,
                                    "source": profile["intensity"]["source"]}
    assert "02050" in profile["intensity"]["source"]
    assert profile["commonMistakes"][0] == "Rounding the lower back as the bar leaves the floor."
    variations = bundled_api.data("""{ exercise(slug: "deficit-deadlift") { related {
        variations { exercise { slug } reason } } } }""")["exercise"]["related"]["variations"]
    assert variations[0]["exercise"]["slug"] == "barbell-deadlift"
    assert "authored as a variation" in variations[0]["reason"]


def test_a_profile_is_derived_once_per_snapshot(imported_dir: Path) -> None:
    store = load_library(imported_dir).store
    exercise = store.exercises["pushups"]
    assert profile_of(store, exercise) is profile_of(store, exercise)
    assert profile_of(store, exercise) == derive(store, exercise)
    # An exercise that is not the snapshot's own (an edited copy) is never answered from,
    # nor kept in, the snapshot's profiles.
    stranger = dataclasses.replace(exercise, level=Level.EXPERT)
    assert profile_of(store, stranger) is not profile_of(store, stranger)
    assert profile_of(store, exercise) is profile_of(store, exercise)


def test_profiles_kept_for_a_snapshot_are_bounded(imported_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    store = load_library(imported_dir).store
    monkeypatch.setattr(profile_module, "PROFILES_KEPT", 5)
    profiles = [profile_of(store, exercise) for exercise in store.exercises.values()]
    assert len(profile_module._profiles(store)) == 5
    assert [profile_of(store, e) for e in store.exercises.values()] == profiles


def test_substitutes_kept_for_a_snapshot_are_bounded(imported_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store = load_library(imported_dir).store
    monkeypatch.setattr(related_module, "SUBSTITUTE_LINKS_KEPT", 7)
    links = related_module.Relations(store)
    first = [links.substitutes(e, first=3) for e in list(store.exercises.values())[:20]]
    assert len(links._substitute_links) == 7
    assert [links.substitutes(e, first=3) for e in list(store.exercises.values())[:20]] == first


def test_the_intensity_scale_is_the_one_profiles_are_read_on(pages, api: GraphQLClient
                                                             ) -> None:
    scale = api.data("""{ intensityScale { bands { zone fromMet toMet }
                           everyday { code name met } } }""")["intensityScale"]
    bands = {band["zone"]: (band["fromMet"], band["toMet"] or 99) for band in scale["bands"]}
    assert bands == ZONES  # contiguous from rest, the last without an upper limit
    for node in pages.values():
        met, zone = node["profile"]["intensity"]["met"], node["profile"]["intensity"]["zone"]
        assert bands[zone][0] <= met < bands[zone][1], node["slug"]
    everyday = scale["everyday"]
    assert [activity["met"] for activity in everyday] == sorted(a["met"] for a in everyday)
    assert {activity["code"] for activity in everyday} >= {"02101", "12020"}  # also mapped to
    assert all(activity["name"] and len(activity["code"]) == 5 for activity in everyday)


def test_long_lists_kept_for_a_snapshot_are_bounded(imported_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Peer and substitute lists grow with the library: past the snapshot's budget of kept
    references they are worked out on each request, the same as before."""
    store = load_library(imported_dir).store
    exercises = list(store.exercises.values())[:30]
    unbounded = related_module.Relations(store)
    expected = [(unbounded.peers(e), unbounded.substitutes(e, first=5)) for e in exercises]
    monkeypatch.setattr(related_module, "REFERENCES_KEPT", 2_000)
    bounded = related_module.Relations(store)
    for _ in range(2):
        assert [(bounded.peers(e), bounded.substitutes(e, first=5)) for e in exercises] == \
            expected
    kept = sum(map(len, bounded._peers.values())) + sum(map(len, bounded._substitutes.values()))
    assert 0 < kept <= 2_000 and len(bounded._peers) < len(exercises)
