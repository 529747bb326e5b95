"""Import the public-domain Free Exercise DB (`exercises.json`) as content files."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..loader import BUNDLED_LIBRARY, EQUIPMENT_FILE
from ..model import Category, Exercise, Force, Level, Mechanic
from ..patterns_classifier import Classification, classify
from ..slugs import slugify
from ..vocabulary_files import FOLDER as VOCABULARY_FOLDER

SOURCE_NAME = "free-exercise-db"
LICENSE = "Unlicense (public domain)"
ALIASES_FILE = Path(__file__).with_name("free_exercise_db_aliases.yaml")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_MISSING_SPACE = re.compile(r"[a-z]{2}[.!?][A-Z]")
_LIST_MARKER = re.compile(r"^(\d*)([.)+=-])")
_PARENTHESISED = re.compile(r"\(([^)]+)\)")


class ImportFailed(Exception):
    """The source could not be fetched or is not Free Exercise DB data."""


@dataclass
class ImportReport:
    """What an import wrote and what it noticed about the data's quality."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    quality: dict[str, list[str]] = field(default_factory=dict)

    def notice(self, check: str, exercise_id: str) -> None:
        self.quality.setdefault(check, []).append(exercise_id)


REQUIRED = {"id": str, "name": str, "level": str, "category": str}


def parse_records(data: bytes, origin: str) -> list[dict[str, Any]]:
    """The exercise records of an `exercises.json` read from `origin` (for messages)."""
    try:
        records = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise ImportFailed(f"{origin} is not JSON: {error}") from None
    if not isinstance(records, list):
        raise ImportFailed(f"{origin} is not a Free Exercise DB exercises.json (a list of "
                           "exercise records)")
    if not records:
        raise ImportFailed(f"{origin} holds no exercises")
    for number, record in enumerate(records, 1):
        missing = [key for key, kind in REQUIRED.items()
                   if not isinstance(record, dict) or not isinstance(record.get(key), kind)]
        if missing:
            raise ImportFailed(f"{origin}: record {number} is not a Free Exercise DB exercise "
                               f"(no text {', '.join(missing)})")
    return records


def read_source(path: Path) -> list[dict[str, Any]]:
    """The exercise records of an `exercises.json` file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailed(f"cannot read {path}: {error.strerror or error}") from None
    return parse_records(data, str(path))


def _aliases(record: dict[str, Any], slang: dict[str, list[str]]) -> list[str]:
    found = [match.strip() for match in _PARENTHESISED.findall(record["name"])]
    found += slang.get(record["id"], [])
    seen = {record["name"].casefold()}
    unique = []
    for alias in found:
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            unique.append(alias)
    return unique


def _markdown_step(text: str) -> str:
    """Step text escaped so Markdown reads it back verbatim as one list item."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LIST_MARKER.sub(r"\1\\\2", escaped)


def classify_record(record: dict[str, Any]) -> Classification:
    """The movement pattern and loading the classifier derives for one upstream record."""
    def enum(kind: Any, key: str) -> Any:
        value = record.get(key)
        return kind(value) if value in {member.value for member in kind} else None

    exercise = Exercise(
        slug=slugify(record["name"]), name=record["name"].strip(),
        level=enum(Level, "level") or Level.BEGINNER,
        category=enum(Category, "category") or Category.STRENGTH,
        force=enum(Force, "force"), mechanic=enum(Mechanic, "mechanic"),
        equipment=slugify(record["equipment"]) if record.get("equipment") else None,
        primary_muscles=tuple(slugify(m) for m in record.get("primaryMuscles", [])),
        secondary_muscles=tuple(slugify(m) for m in record.get("secondaryMuscles", [])),
        instructions=tuple(record.get("instructions", [])))
    return classify(exercise)


def exercise_file(record: dict[str, Any], slang: dict[str, list[str]],
                  classified: Classification | None = None) -> str:
    """The Markdown file for one upstream record, with its derived movement pattern and
    loading (`classified`, computed here when not given)."""
    found = classified or classify_record(record)
    frontmatter: dict[str, Any] = {
        "name": record["name"].strip(),
        "level": record["level"],
        "category": record["category"],
    }
    for key in ("force", "mechanic"):
        if record.get(key):
            frontmatter[key] = record[key]
    if record.get("equipment"):
        frontmatter["equipment"] = slugify(record["equipment"])
    frontmatter["primary_muscles"] = [slugify(m) for m in record.get("primaryMuscles", [])]
    frontmatter["secondary_muscles"] = [slugify(m) for m in record.get("secondaryMuscles", [])]
    if found.pattern:
        frontmatter["pattern"] = found.pattern
    if found.loading:
        frontmatter["loading"] = [str(load) for load in found.loading]
    if aliases := _aliases(record, slang):
        frontmatter["aliases"] = aliases
    frontmatter["images"] = list(record.get("images", []))
    frontmatter["source"] = SOURCE_NAME
    frontmatter["source_id"] = record["id"]
    frontmatter["license"] = LICENSE
    header = yaml.safe_dump(frontmatter, sort_keys=False, allow_unicode=True, width=100,
                            default_flow_style=None)
    steps = [step for step in record.get("instructions", []) if step.strip()]
    body = "".join(f"{n}. {_markdown_step(step)}\n" for n, step in enumerate(steps, 1))
    return f"---\n{header}---\n{body}"


def _audit(record: dict[str, Any], report: ImportReport) -> None:
    steps = record.get("instructions") or []
    if not any(step.strip() for step in steps):
        report.notice("no instructions", record["id"])
    if set(record.get("primaryMuscles", [])) & set(record.get("secondaryMuscles", [])):
        report.notice("a muscle listed as both primary and secondary", record["id"])
    if any(_MISSING_SPACE.search(step) for step in steps):
        report.notice("missing space after a full stop", record["id"])
    if any(step != step.strip() or "  " in step for step in steps):
        report.notice("stray whitespace in instructions", record["id"])
    if len(set(steps)) != len(steps):
        report.notice("a repeated instruction step", record["id"])
    for key in ("force", "mechanic", "equipment"):
        if not record.get(key):
            report.notice(f"no {key}", record["id"])
    if not record.get("images"):
        report.notice("no images", record["id"])


def _write(target: Path, relative: str, text: str, report: ImportReport) -> None:
    path = target / relative
    if path.exists():
        if path.read_text(encoding="utf-8") == text:
            report.unchanged.append(relative)
            return
        report.updated.append(relative)
    else:
        report.created.append(relative)
    path.write_text(text, encoding="utf-8")


def _vocabulary(records: Iterable[dict[str, Any]], target: Path, report: ImportReport) -> None:
    """Copy the bundled muscle and equipment definitions the records refer to, and the
    bundled search vocabulary."""
    muscles = {slugify(m) for r in records
               for m in (*r.get("primaryMuscles", []), *r.get("secondaryMuscles", []))}
    for slug in sorted(muscles):
        bundled = BUNDLED_LIBRARY / "muscles" / f"{slug}.md"
        text = bundled.read_text(encoding="utf-8") if bundled.exists() else (
            f"---\nname: {slug.replace('-', ' ').title()}\nregion: core\n---\n")
        _write(target, f"muscles/{slug}.md", text, report)
    used = {slugify(r["equipment"]) for r in records if r.get("equipment")}
    bundled_equipment = yaml.safe_load((BUNDLED_LIBRARY / EQUIPMENT_FILE).read_text("utf-8"))
    known = {entry["slug"] for entry in bundled_equipment}
    entries = [entry for entry in bundled_equipment if entry["slug"] in used]
    entries += [{"slug": slug, "name": slug.replace("-", " ").title()}
                for slug in sorted(used - known)]
    text = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=None)
    _write(target, EQUIPMENT_FILE, text, report)
    for source in sorted((BUNDLED_LIBRARY / VOCABULARY_FOLDER).glob("*.yaml")):
        _write(target, f"{VOCABULARY_FOLDER}/{source.name}", source.read_text("utf-8"), report)


def import_records(records: list[dict[str, Any]], target: Path,
                   progress: Callable[[Iterable[dict[str, Any]]], Iterator[dict[str, Any]]]
                   = iter) -> ImportReport:
    """Write one file per record (plus muscles and equipment) into `target`; idempotent."""
    report = ImportReport()
    slang = yaml.safe_load(ALIASES_FILE.read_text("utf-8")) or {}
    for folder in ("exercises", "muscles", "guides", VOCABULARY_FOLDER):
        (target / folder).mkdir(parents=True, exist_ok=True)
    _vocabulary(records, target, report)
    for record in progress(records):
        _audit(record, report)
        classified = classify_record(record)
        if classified.pattern is None:
            report.notice("no movement pattern (the classifier could not tell; set `pattern:` "
                          "by hand)", record["id"])
        _write(target, f"exercises/{slugify(record['name'])}.md",
               exercise_file(record, slang, classified), report)
    return report

