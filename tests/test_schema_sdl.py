from pathlib import Path

from graph.schema import build_schema
from graph.settings import Settings

SDL = Path(__file__).resolve().parents[1] / "graph" / "schema.graphql"


def test_committed_sdl_matches_the_code() -> None:
    assert SDL.read_text() == build_schema(Settings()).as_str() + "\n", (
        "graph/schema.graphql is stale: run `exgraph schema > graph/schema.graphql`")
