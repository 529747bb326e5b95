"""Exercise-page benchmark: the full page query over HTTP against the same response served as
pre-built JSON by a bare Starlette route, all on Uvicorn in the same run. The client sends
both the same request (a POST of the same JSON body, encoded beforehand), and the route reads
the body whole before it answers.

A first request (one the response cache has not seen) is measured with compiled query plans
(the default) and with graphql-core's executor (`EXGRAPH_COMPILED_QUERIES=false`), each on a
server of its own whose pages have been prepared.

    .venv/bin/python scripts/bench_exercise_page.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import httpx
from benchlib import imported_library, p50, row, serve, timed, workspace
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from content.loader import load_library
from graph.app import create_app
from graph.context import Context
from graph.schema import build_schema
from graph.settings import Settings
from search.service import SearchService

PAGE = """query Page($slug: String!) { exercise(slug: $slug) {
  id slug name level category force mechanic instructions aliases images bodyHtml
  equipment { slug name }
  primaryMuscles { slug name region } secondaryMuscles { slug name }
  guides { slug title }
  related {
    variations { exercise { slug name } reason }
    peers(first: 10) { totalCount edges { node { slug name level } } }
    substitutes(first: 5) { exercise { slug name equipment { slug } } score reason }
    progressions { exercise { slug name level } reason }
    regressions { exercise { slug name level } reason }
  }
  profile {
    summary
    recruitment { muscle { slug name } role share }
    intensity { met zone source estimated calories(bodyMassKg: 70, minutes: 30) }
    commonMistakes whoItIsFor whoShouldAvoid progressionPath safetyNotes disclaimer
    counts { variations peers musclesWorked steps cohort }
    provenance { field source }
  }
} }"""


def prebuilt_app(content_dir: str, index_dir: str) -> Starlette:
    """Serves, for every exercise, the exact JSON the GraphQL endpoint returns for PAGE."""
    loaded = load_library(Path(content_dir))
    engine = SearchService(Path(index_dir)).synchronise(loaded)
    settings = Settings()
    context = Context(store=loaded.store, settings=settings, search=engine)
    schema = build_schema(settings)
    bodies = {}
    for slug in loaded.store.exercises:
        result = schema.execute_sync(PAGE, variable_values={"slug": slug},
                                     context_value=context)
        bodies[slug] = json.dumps({"data": result.data}).encode()

    async def page(request: Request) -> Response:
        await request.body()
        return Response(bodies[request.path_params["slug"]], media_type="application/json")

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/page/{slug}", page, methods=["GET", "POST"]),
                             Route("/healthz", health)])


def exgraph_app(content_dir: str, index_dir: str, compiled: str = "yes"):
    return create_app(Settings(content_dir=content_dir, index_dir=index_dir,
                               compiled_queries=compiled == "yes"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with workspace() as work:
        run(imported_library(work / "library"), work / "index", args.rounds)


def run(content: Path, index_dir: Path, rounds: int) -> None:
    slugs = sorted(load_library(content).store.exercises)[::4]
    bodies = {slug: json.dumps({"query": PAGE, "variables": {"slug": slug}}).encode()
              for slug in slugs}
    json_body = {"content-type": "application/json"}
    # The same bytes both ways: no compression (exgraph would otherwise send fewer).
    with serve("bench_exercise_page:exgraph_app", str(content), str(index_dir)) as url, \
            serve("bench_exercise_page:exgraph_app", str(content), str(index_dir),
                  "no") as executor_url, \
            serve("bench_exercise_page:prebuilt_app", str(content), str(index_dir)) as plain, \
            httpx.Client(timeout=60, headers={"accept-encoding": "identity"}) as client:
        def graphql(base: str, slug: str) -> None:
            response = client.post(f"{base}/graphql", content=bodies[slug], headers=json_body)
            assert "errors" not in response.json(), response.text

        def get(slug: str, tag: str | None = None) -> httpx.Response:
            return client.get(f"{url}/graphql", params={
                "query": PAGE, "variables": json.dumps({"slug": slug})},
                headers={"if-none-match": tag} if tag else {})

        for base in (url, executor_url):  # first requests are cold for the response cache,
            while client.get(f"{base}/healthz").json()["pages"] != "prepared":  # not content
                time.sleep(0.05)
        first = [t for slug in slugs for t in timed(lambda slug=slug: graphql(url, slug))]
        first_executor = [t for slug in slugs
                          for t in timed(lambda slug=slug: graphql(executor_url, slug))]
        # Repeated and pre-built requests alternate, so both meet the same conditions on the
        # machine; every ratio is taken against that pre-built figure.
        cached: list[float] = []
        baseline: list[float] = []
        for _ in range(rounds):
            for slug in slugs:
                cached += timed(lambda slug=slug: graphql(url, slug))
                baseline += timed(lambda slug=slug: client.post(
                    f"{plain}/page/{slug}", content=bodies[slug], headers=json_body))
        baseline_get = [t for _ in range(rounds) for slug in slugs
                        for t in timed(lambda slug=slug: client.get(f"{plain}/page/{slug}"))]
        tags = {slug: get(slug).headers["etag"] for slug in slugs}
        full: list[float] = []
        revalidated: list[float] = []
        for _ in range(rounds):
            for slug in slugs:
                full += timed(lambda slug=slug: get(slug))
                revalidated += timed(lambda slug=slug: get(slug, tags[slug]))
        assert get(slugs[0], tags[slugs[0]]).status_code == 304
    print(row("exercise page, first request (compiled plan)", first))
    print(row("exercise page, first request (executor)", first_executor))
    print(row("exercise page, repeated (result cache)", cached))
    print(row("pre-built JSON, alternated with the repeated", baseline))
    print(row("the same, over GET with no body", baseline_get))
    print(row("exercise page over GET, repeated: 200", full))
    print(row("exercise page over GET, revalidated: 304", revalidated))
    print(f"ratio p50 repeated / pre-built: {p50(cached) / p50(baseline):.2f}x")
    print(f"ratio p50 first request / pre-built: {p50(first) / p50(baseline):.2f}x "
          f"(executor: {p50(first_executor) / p50(baseline):.2f}x)")
    print(f"ratio p50 304 revalidation / full 200: {p50(revalidated) / p50(full):.2f}x")
    print(f"against the pre-built route over GET: repeated {p50(cached) / p50(baseline_get):.2f}x"
          f", first request {p50(first) / p50(baseline_get):.2f}x")


if __name__ == "__main__":
    main()
