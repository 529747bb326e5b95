"""Related exercises and derived profiles over the whole imported Free Exercise DB."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from content.intensity import Zone
from content.slugs import slugify
from tests.conftest import GraphQLClient

PAGE = """
query($after: String) {
  exercises(first: 10, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      slug name level category equipment { slug } instructions
      primaryMuscles { slug } secondaryMuscles { slug }
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
