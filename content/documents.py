"""Build model documents from parsed files, reporting every field-level problem."""

from __future__ import annotations

from typing import Any

from .fields import FieldReader
from .frontmatter import MarkdownSource, YamlDocument
from .markdown import numbered_steps
from .model import (
    Category,
    Equipment,
    Exercise,
    Force,
    Guide,
    Level,
    Mechanic,
    Muscle,
    ProfileOverrides,
    Region,
    RoutineDay,
    RoutineItem,
)
from .patterns import PATTERNS, Loading
from .problems import Problem, Severity
from .slugs import slugify
from .suggestions import did_you_mean

EXERCISE_FIELDS = (
    "name", "level", "category", "force", "mechanic", "equipment", "primary_muscles",
    "secondary_muscles", "aliases", "variation_of", "pattern", "loading", "swaps",
    "avoid_instead_of", "images", "source", "source_id", "license", "profile",
)
PROFILE_FIELDS = (
    "summary", "met", "met_source", "common_mistakes", "who_it_is_for", "who_should_avoid",
    "progression_path", "safety_notes",
)
MUSCLE_FIELDS = ("name", "region", "aliases", "parent")
GUIDE_FIELDS = ("title", "summary", "exercises", "routine", "tags")
ROUTINE_DAY_FIELDS = ("day", "items")
ROUTINE_ITEM_FIELDS = ("exercise", "sets", "reps", "hold_seconds", "notes")
EQUIPMENT_FIELDS = ("slug", "name", "aliases")


def _check_slug(reader: FieldReader, slug: str, title_field: str, title: str | None) -> None:
    if title and slugify(title) != slug:
        reader.report(title_field, f'the file name "{slug}.md" is not the slug of "{title}"',
                      f'rename the file to "{slugify(title)}.md"')


def parse_exercise(path: str, slug: str, source: MarkdownSource,
                   problems: list[Problem]) -> Exercise | None:
    """An exercise, or None when required fields are missing or invalid."""
    reader = FieldReader(path, source.frontmatter, source.frontmatter.data, problems)
    reader.check_known(EXERCISE_FIELDS)
    name = reader.text("name", required=True)
    level = reader.enum("level", Level, required=True)
    category = reader.enum("category", Category, required=True)
    primary = reader.slug_list("primary_muscles", required=True)
    secondary = reader.slug_list("secondary_muscles")
    for muscle in sorted(set(primary) & set(secondary)):
        reader.report("secondary_muscles", f'"{muscle}" is listed as both primary and secondary',
                      "keep it in primary_muscles only", Severity.WARNING)
    body = source.body
    instructions = numbered_steps(body)
    if not instructions:
        problems.append(Problem(path, "no instructions: the body has no numbered list of steps",
                                source.body_line, None, "body",
                                "write the steps as `1. …`, `2. …`", Severity.WARNING))
    force = reader.enum("force", Force)
    mechanic = reader.enum("mechanic", Mechanic)
    equipment = reader.slug("equipment")
    aliases = reader.text_list("aliases")
    variation_of = reader.slug("variation_of")
    images = reader.text_list("images")
    source_name = reader.text("source")
    source_id = reader.text("source_id")
    license = reader.text("license")
    profile = _parse_profile(reader)
    pattern = _pattern(reader)
    loading = _loading(reader)
    swaps = reader.slug_list("swaps")
    avoid_instead_of = reader.slug_list("avoid_instead_of")
    _check_slug(reader, slug, "name", name)
    if reader.fatal or name is None or level is None or category is None:
        return None
    return Exercise(
        slug=slug, name=name, level=level, category=category, force=force, mechanic=mechanic,
        equipment=equipment, primary_muscles=primary,
        secondary_muscles=tuple(m for m in secondary if m not in primary), aliases=aliases,
        variation_of=variation_of, pattern=pattern, loading=loading, swaps=swaps,
        avoid_instead_of=avoid_instead_of, images=images, source=source_name,
        source_id=source_id, license=license, instructions=instructions, body=body,
        profile=profile, path=path)


def _pattern(reader: FieldReader) -> str | None:
    """A movement pattern from docs/profile-method.md, e.g. `squat` or `stretch-hamstrings`."""
    pattern = reader.text("pattern")
    if pattern is None or pattern in PATTERNS:
        return pattern
    reader.report("pattern", f'unknown pattern "{pattern}"',
                  did_you_mean(pattern, PATTERNS) or "see the pattern list in "
                  "docs/profile-method.md, or leave `pattern:` out to have it derived")
    return None


def _loading(reader: FieldReader) -> tuple[str, ...]:
    """Loading facts (ballistic, isometric, axial…): each one from `Loading`."""
    known = [member.value for member in Loading]
    found = []
    for index, value in enumerate(reader.text_list("loading")):
        if value in known:
            found.append(value)
        else:
            reader.report("loading", f'unknown loading "{value}"',
                          did_you_mean(value, known) or f"use any of: {', '.join(known)}",
                          index=index)
    return tuple(found)


def _parse_profile(reader: FieldReader) -> ProfileOverrides:
    if reader.data.get("profile") is None:
        return ProfileOverrides()
    profile = reader.child("profile")
    if profile is None:
        return ProfileOverrides()
    profile.check_known(PROFILE_FIELDS)
    met = profile.number("met", minimum=1)
    met_source = profile.text("met_source")
    if met is not None and met_source is None:
        profile.report("met", "an authored MET needs its source",
                       "add `met_source:` naming the table or study")
    return ProfileOverrides(
        summary=profile.text("summary"),
        met=met,
        met_source=met_source,
        common_mistakes=profile.text_list("common_mistakes") or None,
        who_it_is_for=profile.text_list("who_it_is_for") or None,
        who_should_avoid=profile.text_list("who_should_avoid") or None,
        progression_path=profile.text("progression_path"),
        safety_notes=profile.text_list("safety_notes") or None,
    )


def parse_muscle(path: str, slug: str, source: MarkdownSource,
                 problems: list[Problem]) -> Muscle | None:
    """A muscle group, or None when required fields are missing or invalid."""
    reader = FieldReader(path, source.frontmatter, source.frontmatter.data, problems)
    reader.check_known(MUSCLE_FIELDS)
    name = reader.text("name", required=True)
    region = reader.enum("region", Region, required=True)
    aliases = reader.text_list("aliases")
    parent = reader.slug("parent")
    _check_slug(reader, slug, "name", name)
    if reader.fatal or name is None or region is None:
        return None
    return Muscle(slug=slug, name=name, region=region, aliases=aliases, parent=parent,
                  body=source.body, path=path)


def parse_guide(path: str, slug: str, source: MarkdownSource,
                problems: list[Problem]) -> Guide | None:
    """A guide, or None when required fields are missing or invalid."""
    reader = FieldReader(path, source.frontmatter, source.frontmatter.data, problems)
    reader.check_known(GUIDE_FIELDS)
    title = reader.text("title", required=True)
    summary = reader.text("summary", required=True)
    exercises = reader.slug_list("exercises")
    if not exercises:
        reader.report("exercises", "the guide lists no exercises",
                      "add `exercises: [slug, …]` in the order the article discusses them",
                      Severity.WARNING)
    routine = _parse_routine(reader, exercises)
    tags = reader.text_list("tags")
    _check_slug(reader, slug, "title", title)
    if reader.fatal or title is None or summary is None:
        return None
    return Guide(slug=slug, title=title, summary=summary, exercises=exercises, routine=routine,
                 tags=tags, body=source.body, path=path)


def _parse_routine(reader: FieldReader, listed: tuple[str, ...]) -> tuple[RoutineDay, ...]:
    days: list[RoutineDay] = []
    for day_index, _ in reader.mapping_list("routine"):
        day = reader.child("routine", day_index)
        if day is None:
            continue
        day.check_known(ROUTINE_DAY_FIELDS)
        day_name = day.text("day", required=True)
        items: list[RoutineItem] = []
        for item_index, _ in day.mapping_list("items"):
            item = day.child("items", item_index)
            if item is not None and (parsed := _parse_routine_item(item, listed)):
                items.append(parsed)
        if day_name:
            days.append(RoutineDay(day_name, tuple(items)))
    return tuple(days)


def _parse_routine_item(item: FieldReader, listed: tuple[str, ...]) -> RoutineItem | None:
    item.check_known(ROUTINE_ITEM_FIELDS)
    exercise = item.slug("exercise", required=True)
    sets = item.integer("sets", minimum=1)
    hold = item.integer("hold_seconds", minimum=1)
    reps = _reps(item)
    if reps is None and hold is None and not item.fatal:
        item.report("exercise", "a routine item needs `reps` or `hold_seconds`",
                    "add `reps: 10` or `hold_seconds: 30`")
    if exercise and exercise not in listed:
        item.report("exercise", f'"{exercise}" is in the routine but not in `exercises`',
                    f"add {exercise} to the guide's `exercises` list", Severity.WARNING)
    if exercise is None:
        return None
    return RoutineItem(exercise, sets or 1, reps, hold, item.text("notes"))


def _reps(item: FieldReader) -> str | None:
    value: Any = item.data.get("reps")
    if value is None:
        return None
    text = str(value).strip().replace("–", "-")
    low, _, high = text.partition("-")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return str(value)
    if isinstance(value, str) and low.strip().isdigit() and high.strip().isdigit() \
            and 0 < int(low) <= int(high):
        return f"{int(low)}-{int(high)}"
    item.report("reps", f"must be a whole number or a range like \"8-12\", not {value!r}")
    return None


def parse_equipment(path: str, document: YamlDocument,
                    problems: list[Problem]) -> list[Equipment]:
    """The equipment vocabulary; bad entries are reported and skipped."""
    if not isinstance(document.data, list):
        problems.append(Problem(path, "must be a list of `- slug: …, name: …` entries", 1))
        return []
    entries: list[Equipment] = []
    seen: dict[str, set[str]] = {"slug": set(), "name": set()}
    for index, raw in enumerate(document.data):
        reader = FieldReader(path, document, {}, problems, ())
        if not isinstance(raw, dict):
            reader.report(index, "each entry must be a mapping with `slug` and `name`")
            continue
        entry = FieldReader(path, document, raw, problems, (index,))
        entry.check_known(EQUIPMENT_FIELDS)
        name = entry.text("name", required=True)
        slug = entry.slug("slug", required=True)
        aliases = entry.text_list("aliases")
        for key, value in (("slug", slug), ("name", name)):
            if value and value.casefold() in seen[key]:
                entry.fail(key, f'duplicate {key} "{value}"', "give each entry its own " + key)
        if name and slug and slugify(slug) == slug and not entry.fatal:
            seen["slug"].add(slug.casefold())
            seen["name"].add(name.casefold())
            entries.append(Equipment(slug, name, aliases))
    return entries
