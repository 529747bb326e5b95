"""Muscles and guides over the API, on the imported data and the bundled library."""

from __future__ import annotations

from collections import Counter

from content.slugs import slugify
from tests.conftest import GraphQLClient


def test_muscle_counts_match_upstream(api: GraphQLClient, upstream) -> None:
    primary = Counter(slugify(m) for r in upstream for m in r["primaryMuscles"])
    muscles = api.data("{ muscles { slug name exerciseCount } }")["muscles"]
    assert {m["slug"]: m["exerciseCount"] for m in muscles} == dict(primary)
    assert [m["name"] for m in muscles] == sorted(m["name"] for m in muscles)


def test_muscle_with_exercises_by_role(api: GraphQLClient, upstream) -> None:
    muscle = api.data("""{ muscle(slug: "lower-back") { slug name region aliases exerciseCount
        exercises(role: PRIMARY, first: 10) { totalCount edges { node { slug } } }
        secondary: exercises(role: SECONDARY) { totalCount }
        any: exercises(role: ANY) { totalCount } } }""")["muscle"]
    assert (muscle["name"], muscle["region"], muscle["exerciseCount"]) == (
        "Lower Back", "BACK", 27)
    assert muscle["exercises"]["totalCount"] == 27
    assert len(muscle["exercises"]["edges"]) == 10
    secondary = sum("lower back" in r["secondaryMuscles"] for r in upstream)
    either = sum("lower back" in r["primaryMuscles"] + r["secondaryMuscles"] for r in upstream)
    assert muscle["secondary"]["totalCount"] == secondary
    assert muscle["any"]["totalCount"] == either
    assert "erector spinae" in muscle["aliases"]


def test_unknown_muscle_is_null(api: GraphQLClient) -> None:
    assert api.data('{ muscle(slug: "lower_back") { slug } }') == {"muscle": None}


GUIDE = """query($slug: String!) { guide(slug: $slug) {
  id slug title summary tags excerpt readingTimeMinutes bodyHtml
  exercises { slug name }
  routine { day items { sets reps holdSeconds notes exercise { slug } } } } }"""


def test_guides_resolve_exercises_in_order(bundled_api: GraphQLClient) -> None:
    guides = bundled_api.data("""{ guides(first: 10) { totalCount
        edges { node { slug title exercises { slug } } } } }""")["guides"]
    assert guides["totalCount"] == 4
    slug = "three-day-lower-back-strength-programme"
    guide = bundled_api.data(GUIDE, slug=slug)["guide"]
    assert guide["exercises"][0] == {"slug": "barbell-deadlift", "name": "Barbell Deadlift"}
    assert [d["day"] for d in guide["routine"]] == ["Monday", "Wednesday", "Friday"]
    first = guide["routine"][0]["items"][0]
    assert first == {"sets": 4, "reps": "5", "holdSeconds": None,
                     "notes": "Heavy day. Rest 2–3 minutes between sets.",
                     "exercise": {"slug": "barbell-deadlift"}}
    assert "<table>" in guide["bodyHtml"] and "<script" not in guide["bodyHtml"]
    assert guide["readingTimeMinutes"] >= 2
    assert 0 < len(guide["excerpt"]) <= 201


def test_exercise_lists_the_guides_that_mention_it(bundled_api: GraphQLClient) -> None:
    guides = bundled_api.data('{ exercise(slug: "barbell-deadlift") { guides { slug } } }')
    assert {"slug": "three-day-lower-back-strength-programme"} in guides["exercise"]["guides"]


def test_body_html_is_sanitised() -> None:
    from content.markdown import render_html

    html = render_html('Hi <script>alert(1)</script><a href="javascript:x" onclick="y">z</a>')
    assert "script" not in html and "onclick" not in html and "javascript" not in html
