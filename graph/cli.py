"""The `exgraph` command line: serve, check, import, index, search, schema, new."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from content.catalog import FACETS, ExerciseFilter
from content.importers import free_exercise_db
from content.loader import (
    BUNDLED_LIBRARY,
    NotContentDirectory,
    is_content_directory,
    load_library,
)
from content.model import Kind
from content.scaffold import create
from content.vocabulary import FocusKind

from .settings import Settings

if TYPE_CHECKING:
    from search.engine import Interpretation
    from search.service import SearchService

CONTENT_DIR = click.argument("directory", required=False,
                             type=click.Path(file_okay=False, path_type=Path))
INDEX_DIR = click.option("--index-dir", type=click.Path(file_okay=False, path_type=Path),
                         help="Where the search index and parsed files are cached (default: "
                         "a folder per library under $XDG_CACHE_HOME/exgraph).")


def settings(**given: Any) -> Settings:
    """The settings: options given on the command line, else EXGRAPH_* variables, else the
    defaults."""
    from pydantic import ValidationError

    try:
        return Settings(**{name: value for name, value in given.items()
                           if value is not None and value != ()})
    except ValidationError as error:
        raise click.UsageError(str(error)) from None


def _content_directory(directory: Path) -> None:
    if not is_content_directory(directory):
        raise click.ClickException(str(NotContentDirectory(directory)))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="exgraph", prog_name="exgraph")
def main() -> None:
    """exgraph: a GraphQL content backend and search index for an exercise library.

    DIRECTORY arguments default to $EXGRAPH_CONTENT_DIR, else the bundled library. Every
    setting can also be given as an EXGRAPH_* environment variable (see the README).
    """


@main.command()
@CONTENT_DIR
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes sharing the port (and one prebuilt index).")
@INDEX_DIR
@click.option("--watch/--no-watch", default=None, help="Apply edits to the files while "
              "serving (default: on).")
@click.option("--poll", "watch_poll_ms", type=click.IntRange(10), metavar="MS",
              help="Watch by polling every MS milliseconds (for volumes where file events do "
              "not arrive, such as network or container mounts).")
@click.option("--allow-origin", "allow_origins", multiple=True, metavar="ORIGIN",
              help="Let browser pages from ORIGIN (e.g. https://app.example.com, or * for "
              "any) call the API (CORS). Repeatable.")
@click.option("--introspection/--no-introspection", default=None, help="Answer schema "
              "introspection (default: on; the IDE needs it).")
@click.option("--suggestions/--no-suggestions", "field_suggestions", default=None,
              help="Keep \"Did you mean …?\" suggestions in error messages (default: on).")
@click.option("--ide/--no-ide", default=None, help="Serve the GraphiQL IDE to browsers "
              "(default: on).")
@click.option("--explorer/--no-explorer", default=None, help="Serve the explorer page at / "
              "(default: on).")
@click.option("--images-dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Exercise images for the explorer, served at /images/ (default: images/ in "
              "the content directory).")
@click.option("--persisted-manifest", type=click.Path(dir_okay=False, exists=True,
              path_type=Path), help="Trusted documents, as `exgraph persisted build` writes "
              "them.")
@click.option("--persisted-only", is_flag=True, default=None, help="Run only the documents "
              "of the persisted manifest.")
def serve(directory: Path | None, host: str, port: int, workers: int, **options: Any) -> None:
    """Serve DIRECTORY over GraphQL at http://HOST:PORT/graphql."""
    from .serving import run

    chosen = settings(content_dir=directory, **options)
    _content_directory(chosen.content_dir)
    run(chosen, host, port, workers)


@main.command()
@CONTENT_DIR
@click.option("--warnings/--no-warnings", default=True, show_default=True,
              help="Also print warnings (they never fail the check).")
def check(directory: Path | None, warnings: bool) -> None:
    """Validate every file in DIRECTORY; exit 1 if any has an error."""
    chosen = settings(content_dir=directory)
    _content_directory(chosen.content_dir)
    result = load_library(chosen.content_dir, max_file_bytes=chosen.max_file_bytes)
    shown = result.problems if warnings else result.errors
    for problem in shown:
        click.echo(str(problem), err=problem.is_error)
    store = result.store
    click.echo(f"{len(store.exercises)} exercises, {len(store.muscles)} muscles, "
               f"{len(store.guides)} guides, {len(store.equipment)} equipment: "
               f"{len(result.errors)} errors, {len(result.warnings)} warnings")
    sys.exit(1 if result.errors else 0)


@main.group(name="import")
def import_() -> None:
    """Import third-party exercise data as content files."""


@import_.command(name="free-exercise-db")
@click.argument("source")
@click.option("--into", "target", required=True, type=click.Path(file_okay=False,
              path_type=Path), help="Content directory to write into (created if missing).")
@click.option("--allow-http", is_flag=True, help="Accept a plain http:// URL (only for a "
              "server you trust on a network you trust).")
def import_free_exercise_db(source: str, target: Path, allow_http: bool) -> None:
    """Import SOURCE (a path or https URL of the Free Exercise DB's exercises.json).

    Downloads are limited in size (EXGRAPH_IMPORT_MAX_BYTES) and time
    (EXGRAPH_IMPORT_TIMEOUT), and never follow a redirect into a private network.
    """
    from .download import DownloadFailed, DownloadLimits, download

    chosen = settings()
    try:
        if "://" in source:
            data = download(source, DownloadLimits(chosen.import_max_bytes,
                                                   chosen.import_timeout, allow_http))
            records = free_exercise_db.parse_records(data, source)
        else:
            records = free_exercise_db.read_source(Path(source))
    except (free_exercise_db.ImportFailed, DownloadFailed) as error:
        raise click.ClickException(str(error)) from error
    with click.progressbar(length=len(records), label="Importing", file=sys.stderr) as bar:
        def progress(items):
            for item in items:
                yield item
                bar.update(1)

        report = free_exercise_db.import_records(records, target, progress)
    click.echo(f"{len(records)} exercises from {source} into {target}: "
               f"{len(report.created)} files created, {len(report.updated)} updated, "
               f"{len(report.unchanged)} unchanged")
    if report.quality:
        click.echo("Data-quality report (nothing was dropped):")
        for check_name, ids in sorted(report.quality.items()):
            examples = ", ".join(ids[:3]) + (", …" if len(ids) > 3 else "")
            click.echo(f"  {len(ids):4d}  {check_name}: {examples}")


def _search_service(chosen: Settings, show_progress: bool) -> SearchService:
    from search.service import SearchService, default_index_root

    from .app import workspace

    directory = chosen.content_dir
    _content_directory(directory)
    index_root = chosen.index_dir or default_index_root(directory)
    service = SearchService(index_root)
    loaded = workspace(directory, index_root, chosen.max_file_bytes).scan()
    if not show_progress:
        service.synchronise(loaded)
        return service
    with click.progressbar(length=len(loaded.store.exercises) + len(loaded.store.muscles)
                           + len(loaded.store.guides), label="Indexing",
                           file=sys.stderr) as bar:
        def progress(done: int, total: int) -> None:
            bar.update(done - bar.pos)

        service.synchronise(loaded, progress)
    return service


@main.command()
@CONTENT_DIR
@INDEX_DIR
def index(directory: Path | None, index_dir: Path | None) -> None:
    """Build (or bring up to date) the search index of DIRECTORY ahead of serving."""
    service = _search_service(settings(content_dir=directory, index_dir=index_dir),
                              show_progress=True)
    click.echo(f"index {service.outcome}: {service.directory.root}")


@main.command(name="search")
@click.argument("query")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Content directory (default: $EXGRAPH_CONTENT_DIR or the bundled "
              "library).")
@INDEX_DIR
@click.option("--type", "kinds", multiple=True, type=click.Choice([k.value for k in Kind]),
              help="Only these kinds (repeatable).")
@click.option("--where", "conditions", multiple=True, metavar="FACET=VALUE",
              help="Only exercises with this value (repeatable; a facet given twice accepts "
              f"either value). Facets: {', '.join(f.name for f in FACETS)}.")
@click.option("--first", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def search_command(query: str, directory: Path | None, index_dir: Path | None,
                   kinds: tuple[str, ...], conditions: tuple[str, ...], first: int,
                   as_json: bool) -> None:
    """Search DIRECTORY's content for QUERY from the command line."""
    from search.engine import SearchRequest

    accepted: dict[str, list[str]] = {}
    for condition in conditions:
        facet, _, value = condition.partition("=")
        if facet not in {f.name for f in FACETS} or not value:
            raise click.BadParameter(f"{condition!r}: expected FACET=VALUE with a facet of "
                                     f"{', '.join(f.name for f in FACETS)}", param_hint="--where")
        accepted.setdefault(facet, []).append(value)
    engine = _search_service(settings(content_dir=directory, index_dir=index_dir),
                             show_progress=False).engine
    assert engine is not None
    request = SearchRequest(query, frozenset(Kind(k) for k in kinds) or frozenset(Kind),
                            criteria=ExerciseFilter.where(**accepted), limit=first)
    results = engine.search(request)
    if as_json:
        click.echo(json.dumps({
            "query": query, "total": results.total, "didYouMean": results.did_you_mean,
            "interpretation": _interpretation(results.interpretation),
            "hits": [{"kind": hit.kind.value, "slug": hit.slug, "score": hit.score,
                      "highlights": [{"field": h.field, "snippet": h.snippet}
                                     for h in hit.highlight()]} for hit in results.hits],
        }, indent=2))
        return
    if results.did_you_mean:
        click.echo(f"did you mean: {results.did_you_mean}")
    if results.interpretation is not None:
        understood = _interpretation(results.interpretation) or {}
        chips = [f"{chip['label']} ({chip['text']})" for key in ("filters", "goals", "bodyParts")
                 for chip in understood[key]]
        if understood["relation"]:
            relation = understood["relation"]
            chips.append(f"{relation['kind']} of {relation['exercise']} ({relation['text']})")
        chips += [f"{e['text']} = {e['means']}" for e in understood["expansions"]]
        click.echo(f"understood: {'; '.join(chips)}; searched as text: "
                   f"{' '.join(understood['terms']) or '(nothing)'}")
    click.echo(f"{results.total} results")
    for hit in results.hits:
        click.echo(f"{hit.score:9.2f}  {hit.kind.value:8}  {hit.slug}")


def _interpretation(understood: Interpretation | None) -> dict[str, Any] | None:
    """What search understood, named as the GraphQL API names it; None: searched as typed."""
    if understood is None:
        return None
    relation = understood.relation
    return {
        "filters": [{"facet": f.facet, "values": list(f.values), "includesUnlisted": f.unlisted,
                     "label": f.label, "text": f.text} for f in understood.filters],
        "goals": [{"label": f.label, "text": f.text, "exercise": f.exercise}
                  for f in understood.focuses if f.kind is FocusKind.GOAL],
        "bodyParts": [{"label": f.label, "text": f.text, "muscles": list(f.muscles)}
                      for f in understood.focuses if f.kind is FocusKind.ANATOMY],
        "relation": {"kind": relation.kind.value, "exercise": relation.exercise,
                     "text": relation.text} if relation else None,
        "expansions": [{"text": e.text, "means": e.means} for e in understood.expansions],
        "terms": list(understood.terms),
    }


@main.command(name="settings")
@click.option("--markdown", is_flag=True, help="Print a Markdown table (as in the README).")
def settings_command(markdown: bool) -> None:
    """Print every setting: its environment variable, current value and meaning."""
    def shown(value: Any) -> str:
        return "the bundled library" if value == BUNDLED_LIBRARY else \
            json.dumps(value, default=str)

    def cell(value: Any) -> str:
        if value is None:
            return "unset"
        if value == BUNDLED_LIBRARY:
            return "the bundled library"
        if isinstance(value, (list, tuple)):
            return ", ".join(f"`{item}`" for item in value) or "none"
        return f"`{shown(value)}`"

    if markdown:
        click.echo("| Variable | Default | Meaning |\n| --- | --- | --- |")
        for name, field in Settings.model_fields.items():
            click.echo(f"| `EXGRAPH_{name.upper()}` | {cell(field.default)} | "
                       f"{field.description} |")
        return
    chosen = settings()
    for name, field in Settings.model_fields.items():
        click.echo(f"EXGRAPH_{name.upper()}={shown(getattr(chosen, name))}\n"
                   f"    {field.description}")


@main.command()
def schema() -> None:
    """Print the GraphQL schema (SDL)."""
    from .schema import build_schema

    click.echo(build_schema(settings()).as_str())


@main.command()
@click.argument("kind", type=click.Choice([k.value for k in Kind]))
@click.argument("name")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Content directory (default: $EXGRAPH_CONTENT_DIR or the bundled "
              "library).")
def new(kind: str, name: str, directory: Path | None) -> None:
    """Create a new KIND file for NAME that passes `exgraph check`."""
    try:
        path = create(settings(content_dir=directory).content_dir, Kind(kind), name)
    except (ValueError, FileExistsError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"created {path}")


@main.group()
def persisted() -> None:
    """Trusted documents: the manifest of operations a production server may run."""


@persisted.command(name="build")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The manifest to write (JSON).")
def persisted_build(files: tuple[Path, ...], output: Path) -> None:
    """Write the persisted manifest of the operations in FILES (.graphql).

    Each named operation becomes one document (the operation, then the fragments it uses,
    from any of FILES), printed canonically and keyed by its SHA-256. Every document is
    validated against the schema first. Prints each operation's id.
    """
    import json

    from graphql import parse, validate

    from .persisted import ManifestError, build_manifest
    from .schema import build_schema

    try:
        manifest, ids = build_manifest({str(f): f.read_text(encoding="utf-8") for f in files})
    except ManifestError as error:
        raise click.ClickException(str(error)) from None
    schema = build_schema(settings())._schema
    for name, document_id in ids.items():
        errors = validate(schema, parse(manifest[document_id]))
        if errors:
            raise click.ClickException(f"operation {name}: {errors[0].message}")
    output.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name, document_id in sorted(ids.items()):
        click.echo(f"{document_id}  {name}")
    click.echo(f"{len(manifest)} documents written to {output}")
