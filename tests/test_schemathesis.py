"""Generated queries (schemathesis, from the served schema's introspection) against the real
app: every answer is a well-formed GraphQL response, never a 5xx nor an unexpected error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from starlette.testclient import TestClient

from graph.app import create_app
from graph.settings import Settings

EXAMPLES_PER_FIELD = 40
AT_LEAST = 300
MASKED = "Unexpected error; it has been logged."


def check_answer(status: int, body: Any) -> None:
    """A GraphQL answer as the spec lays it out, with no failure of the server's own."""
    assert status < 500, (status, body)
    assert isinstance(body, dict) and ("data" in body or body.get("errors")), body
    assert set(body) <= {"data", "errors", "extensions"}, body
    for error in body.get("errors", []):
        assert isinstance(error.get("message"), str) and error["message"] != MASKED, error
    if status != 200:
        assert "data" not in body and status in (400, 405), (status, body)


def test_generated_queries_get_well_formed_answers(imported_dir: Path, tmp_path: Path) -> None:
    app = create_app(Settings(content_dir=imported_dir, index_dir=tmp_path / "index",
                              watch=False, response_cache_entries=0))
    with TestClient(app):  # runs the app's lifespan, as a server would
        schema = schemathesis.graphql.from_asgi("/graphql", app)
        sent = 0
        for result in schema.get_all_operations():
            operation = result.ok()

            @given(case=operation.as_strategy())
            @settings(max_examples=EXAMPLES_PER_FIELD, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            def answered_well(case: Any) -> None:
                nonlocal sent
                sent += 1
                response = case.call()
                check_answer(response.status_code, response.json())

            answered_well()
    assert sent >= AT_LEAST
