"""Typed access to frontmatter fields that reports every problem with its position."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, TypeVar

from .frontmatter import YamlDocument
from .problems import Problem, Severity
from .slugs import slugify
from .suggestions import did_you_mean

E = TypeVar("E", bound=StrEnum)
_MISSING = object()


class FieldReader:
    """Reads one mapping of fields, collecting problems instead of raising on the first."""

    def __init__(self, path: str, document: YamlDocument, data: dict[str, Any],
                 problems: list[Problem], prefix: tuple[str | int, ...] = ()) -> None:
        self.path = path
        self.document = document
        self.data = data
        self.problems = problems
        self.prefix = prefix
        self.fatal = False

    # -- reporting -------------------------------------------------------------------------
    def field_name(self, name: str | int) -> str:
        parts = [*self.prefix, name]
        text = ""
        for part in parts:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text

    def report(self, name: str | int, message: str, suggestion: str | None = None,
               severity: Severity = Severity.ERROR, index: int | None = None) -> None:
        where = (*self.prefix, name) if index is None else (*self.prefix, name, index)
        line, column = self.document.position(*where) or (None, None)
        self.problems.append(Problem(self.path, message, line, column,
                                     self.field_name(name), suggestion, severity))

    def fail(self, name: str, message: str, suggestion: str | None = None) -> None:
        """Report an error that makes the whole document unusable."""
        self.report(name, message, suggestion)
        self.fatal = True

    def check_known(self, known: Iterable[str]) -> None:
        """Report fields that the format does not define (usually typos)."""
        allowed = list(known)
        for key in self.data:
            if str(key) not in allowed:
                hint = did_you_mean(str(key), allowed) or f"known fields: {', '.join(allowed)}"
                self.report(str(key), f'unknown field "{key}"', hint)

    # -- typed getters ---------------------------------------------------------------------
    def _get(self, name: str, required: bool) -> Any:
        value = self.data.get(name, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.fail(name, "required field is missing", f"add `{name}:` to the frontmatter")
            return _MISSING
        return value

    def text(self, name: str, required: bool = False) -> str | None:
        value = self._get(name, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self._wrong_type(name, "a text value", value, required)
            return None
        text = str(value).strip()
        if not text:
            if required:
                self.fail(name, "must not be empty")
            return None
        return text

    def number(self, name: str, minimum: float = 0) -> float | None:
        value = self._get(name, False)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            self._wrong_type(name, f"a number ≥ {minimum:g}", value, False)
            return None
        return float(value)

    def integer(self, name: str, minimum: int = 0, required: bool = False) -> int | None:
        value = self._get(name, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self._wrong_type(name, f"a whole number ≥ {minimum}", value, required)
            return None
        return value

    def enum(self, name: str, kind: type[E], required: bool = False) -> E | None:
        value = self._get(name, required)
        if value is _MISSING:
            return None
        choices = [member.value for member in kind]
        text = str(value).strip().lower()
        if text in choices:
            return kind(text)
        message = f'unknown {name.replace("_", " ")} "{value}"'
        hint = did_you_mean(text, choices) or f"use one of: {', '.join(choices)}"
        if required:
            self.fail(name, message, hint)
        else:
            self.report(name, message, hint)
        return None

    def text_list(self, name: str, required: bool = False) -> tuple[str, ...]:
        value = self._get(name, required)
        if value is _MISSING:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self._wrong_type(name, "a list", value, required)
            return ()
        items: list[str] = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float) \
                    or not str(item).strip():
                self.report(name, f"item {index + 1} must be non-empty text, not {item!r}",
                            index=index)
                continue
            items.append(str(item).strip())
        return tuple(items)

    def slug(self, name: str, required: bool = False) -> str | None:
        """A reference to another document by slug; checked for form here, existence later."""
        text = self.text(name, required)
        if text is not None and slugify(text) != text:
            self.report(name, f'"{text}" is not a slug', f'did you mean "{slugify(text)}"?')
        return text

    def slug_list(self, name: str, required: bool = False) -> tuple[str, ...]:
        items = self.text_list(name, required)
        if required and not items and not self.fatal:
            self.fail(name, "must list at least one slug")
        return items

    def mapping_list(self, name: str) -> list[tuple[int, dict[str, Any]]]:
        value = self._get(name, False)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self._wrong_type(name, "a list", value, False)
            return []
        entries = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                entries.append((index, item))
            else:
                self.report(name, f"item {index + 1} must be a mapping of fields", index=index)
        return entries

    def child(self, *path: str | int) -> FieldReader | None:
        """A reader for a nested mapping, or None if it is absent or malformed."""
        value: Any = self.data
        for part in path:
            value = value[part]
        if not isinstance(value, dict):
            self.report(path[0], "must be a mapping of fields")
            return None
        return FieldReader(self.path, self.document, value, self.problems, (*self.prefix, *path))

    def _wrong_type(self, name: str, expected: str, value: Any, required: bool) -> None:
        message = f"must be {expected}, not {value!r}"
        if required:
            self.fail(name, message)
        else:
            self.report(name, message)
