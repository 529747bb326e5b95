"""Templates for new content files that pass `exgraph check` as written."""

from __future__ import annotations

from pathlib import Path

import yaml

from .model import Kind
from .slugs import slugify


def _frontmatter(fields: dict[str, object]) -> str:
    return yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, default_flow_style=None)


def template(kind: Kind, title: str, muscle: str, exercise: str | None) -> str:
    """The text of a new file; `muscle` and `exercise` are existing slugs it can refer to."""
    if kind is Kind.MUSCLE:
        fields: dict[str, object] = {"name": title, "region": "core", "aliases": []}
        body = "Where this muscle group sits and what it does.\n"
    elif kind is Kind.EXERCISE:
        fields = {"name": title, "level": "beginner", "category": "strength",
                  "force": "push", "mechanic": "compound",
                  "primary_muscles": [muscle], "secondary_muscles": [], "aliases": [],
                  "source": "exgraph", "license": "CC-BY-4.0"}
        body = ("1. Describe the starting position.\n2. Describe the movement.\n"
                "3. Describe how to return and repeat.\n")
    else:
        fields = {"title": title, "summary": "One or two sentences for listings.",
                  "exercises": [exercise] if exercise else [], "tags": []}
        body = "## Why\n\nWhat the reader will get from this guide.\n"
    return f"---\n{_frontmatter(fields)}---\n{body}"


def create(root: Path, kind: Kind, title: str) -> Path:
    """Write a new file for `title` under `root`; refuses to overwrite."""
    slug = slugify(title)
    if not slug:
        raise ValueError(f"{title!r} has no letters or digits to make a slug")
    path = root / kind.folder / f"{slug}.md"
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    muscles = sorted(p.stem for p in (root / Kind.MUSCLE.folder).glob("*.md"))
    exercises = sorted(p.stem for p in (root / Kind.EXERCISE.folder).glob("*.md"))
    if kind is Kind.EXERCISE and not muscles:
        raise ValueError("create a muscle first: an exercise needs a primary muscle")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template(kind, title, muscles[0] if muscles else "",
                             exercises[0] if exercises else None), encoding="utf-8")
    return path
