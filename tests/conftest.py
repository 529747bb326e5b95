"""Shared fixtures: the real Free Exercise DB imported once, and real apps over it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from content.importers import free_exercise_db
from content.loader import BUNDLED_LIBRARY
from graph.app import create_app
from graph.settings import Settings

FREE_EXERCISE_DB = Path(os.environ.get("EXGRAPH_FREE_EXERCISE_DB") or (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "free-exercise-db" /
    "exercises.json"))


def pytest_configure(config: pytest.Config) -> None:
    """Stop at once, with one clear message, when the real data set is not where expected."""
    if not FREE_EXERCISE_DB.is_file():
        raise pytest.UsageError(
            f"the Free Exercise DB is expected at {FREE_EXERCISE_DB}: put the shared material "
            "beside the repository (../shared) or set EXGRAPH_FREE_EXERCISE_DB to its "
            "exercises.json")


@pytest.fixture(scope="session")
def upstream() -> list[dict[str, Any]]:
    """The raw records of the Free Exercise DB, read independently of the importer."""
    return json.loads(FREE_EXERCISE_DB.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def imported_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole Free Exercise DB imported as content files."""
    target = tmp_path_factory.mktemp("free-exercise-db")
    records = free_exercise_db.read_source(FREE_EXERCISE_DB)
    free_exercise_db.import_records(records, target)
    return target


class GraphQLClient:
    """A thin helper over Starlette's test client for GraphQL calls."""

    def __init__(self, client: TestClient) -> None:
        self.http = client

    def execute(self, query: str, **variables: Any) -> dict[str, Any]:
        response = self.http.post("/graphql", json={"query": query, "variables": variables})
        return response.json()

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        """The response data, failing the test on any GraphQL error."""
        body = self.execute(query, **variables)
        assert "errors" not in body, body["errors"]
        return body["data"]

    def error(self, query: str, **variables: Any) -> str:
        """The first error message, failing the test if there is none."""
        body = self.execute(query, **variables)
        assert body.get("errors"), body
        return body["errors"][0]["message"]


@pytest.fixture(scope="session")
def api(imported_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> GraphQLClient:
    """GraphQL over the app serving the imported Free Exercise DB."""
    app = create_app(Settings(content_dir=imported_dir, index_dir=tmp_path_factory.mktemp("index")))
    with TestClient(app) as client:
        yield GraphQLClient(client)


@pytest.fixture(scope="session")
def bundled_api(tmp_path_factory: pytest.TempPathFactory) -> GraphQLClient:
    """GraphQL over the app serving the bundled library."""
    app = create_app(Settings(content_dir=BUNDLED_LIBRARY,
                              index_dir=tmp_path_factory.mktemp("bundled-index")))
    with TestClient(app) as client:
        yield GraphQLClient(client)
