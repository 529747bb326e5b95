"""Relay paging at its edges: the bundled library's 34 exercises paged every way, and every
mistake a client can make with paging arguments answered precisely."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.conftest import GraphQLClient

PAGE = """query($first: Int, $after: String, $last: Int, $before: String) {
  exercises(first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""


def cursor(offset: object) -> str:
    """A cursor as this API writes them, for any offset."""
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def page(api: GraphQLClient, **arguments: Any) -> dict[str, Any]:
    return api.data(PAGE, **arguments)["exercises"]


def slugs(found: dict[str, Any]) -> list[str]:
    return [edge["node"]["slug"] for edge in found["edges"]]


@pytest.fixture(scope="module")
def everything(bundled_api: GraphQLClient) -> list[str]:
    return slugs(page(bundled_api, first=100))


def test_the_default_page_and_the_page_info(bundled_api: GraphQLClient,
                                            everything: list[str]) -> None:
    found = page(bundled_api)
    assert found["totalCount"] == len(everything) == 34
    assert slugs(found) == everything[:20]
    info = found["pageInfo"]
    assert (info["hasNextPage"], info["hasPreviousPage"]) == (True, False)
    assert info["startCursor"] == found["edges"][0]["cursor"]
    assert info["endCursor"] == found["edges"][-1]["cursor"]


def test_pages_follow_each_other_both_ways(bundled_api: GraphQLClient,
                                          everything: list[str]) -> None:
    second = page(bundled_api, first=10, after=page(bundled_api, first=10)["pageInfo"][
        "endCursor"])
    assert slugs(second) == everything[10:20]
    assert (second["pageInfo"]["hasNextPage"], second["pageInfo"]["hasPreviousPage"]) == (
        True, True)
    before = page(bundled_api, last=5, before=second["pageInfo"]["startCursor"])
    assert slugs(before) == everything[5:10]
    assert before["pageInfo"]["hasPreviousPage"] and before["pageInfo"]["hasNextPage"]
    tail = page(bundled_api, last=4)
    assert slugs(tail) == everything[-4:] and not tail["pageInfo"]["hasNextPage"]
    between = page(bundled_api, after=second["edges"][0]["cursor"],
                   before=second["edges"][4]["cursor"])
    assert slugs(between) == everything[11:14]


def test_empty_pages(bundled_api: GraphQLClient, everything: list[str]) -> None:
    none = page(bundled_api, first=0)
    assert none["edges"] == [] and none["totalCount"] == 34
    assert none["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": False,
                                "startCursor": None, "endCursor": None}
    last = page(bundled_api, first=5, after=page(bundled_api, last=1)["pageInfo"]["endCursor"])
    assert last["edges"] == [] and not last["pageInfo"]["hasNextPage"]
    assert last["pageInfo"]["hasPreviousPage"]


def test_cursors_anywhere(bundled_api: GraphQLClient,
                                          everything: list[str]) -> None:
    assert slugs(page(bundled_api, last=3, before=cursor(1000))) == everything[-3:]
    assert slugs(page(bundled_api, first=2, before=cursor(1000))) == everything[:2]
    assert slugs(page(bundled_api, after=cursor(30), before=cursor(1000))) == everything[31:]
    # Crossed cursors: the empty page just before `before`, with nothing before the first item.
    second = page(bundled_api, first=1, after=cursor(0))
    assert slugs(second) == everything[1:2] and second["pageInfo"]["hasPreviousPage"]
    crossed = page(bundled_api, after=cursor(5), before=cursor(0))
    assert crossed["edges"] == [] and crossed["pageInfo"]["hasNextPage"]
    assert not crossed["pageInfo"]["hasPreviousPage"]


@pytest.mark.parametrize("arguments, argument, message", [
    ({"first": -1}, "first", "`first` must be between 0 and 100, not -1; page through larger "
                             "sets with `after` and `pageInfo.endCursor`"),
    ({"first": 101}, "first", "`first` must be between 0 and 100, not 101"),
    ({"last": -1}, "last", "`last` must be between 0 and 100, not -1"),
    ({"first": 1, "last": 1}, "last", "pass either `first` or `last`, not both"),
    ({"after": "bm90LWEtY3Vyc29y"}, "after", "`after` is not a cursor this API issued"),
    ({"before": "%%%"}, "before", "`before` is not a cursor this API issued: '%%%'"),
    ({"after": base64.b64encode(b"offset:-3").decode()}, "after", "`after` is not a cursor"),
    # not UTF-8 once decoded; digits `int` does not read
    ({"after": base64.b64encode(b"offset:\xff").decode()}, "after", "`after` is not a cursor"),
    ({"before": cursor("\N{SUPERSCRIPT TWO}")}, "before", "`before` is not a cursor"),
])
def test_paging_mistakes_are_clear_errors(bundled_api: GraphQLClient, arguments: dict[str, Any],
                                          argument: str, message: str) -> None:
    body = bundled_api.execute(PAGE, **arguments)
    error = body["errors"][0]
    assert error["message"].startswith(message)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}


def test_a_long_foreign_cursor_is_shortened_in_the_error(bundled_api: GraphQLClient) -> None:
    cursor = "x" * 500
    message = bundled_api.error(PAGE, after=cursor)
    assert message == f"`after` is not a cursor this API issued: {cursor[:40]!r}"
