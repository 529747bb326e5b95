"""Split a Markdown file into YAML frontmatter and body, remembering where every value sits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

_Loader: type[yaml.SafeLoader | yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]


class SourceError(ValueError):
    """The file cannot be read as frontmatter plus Markdown."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 suggestion: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.suggestion = suggestion


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """Parsed YAML data plus the 1-based (line, column) of every key path."""

    data: Any
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    duplicate_keys: tuple[tuple[KeyPath, Position], ...] = ()

    def position(self, *path: str | int) -> Position | None:
        """Where `path` (or its nearest located ancestor) is written."""
        return nearest(self.positions, path)


def nearest(positions: Mapping[KeyPath, Position], path: KeyPath) -> Position | None:
    """The position of `path`, or of its nearest ancestor that has one."""
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return positions.get(())


@dataclass(frozen=True, slots=True)
class MarkdownSource:
    """A Markdown file: its frontmatter and its body, with the body's first line number."""

    frontmatter: YamlDocument
    body: str
    body_line: int


class _Repeated(Exception):
    """A node met a second time: the document uses an alias."""


def _alias_error(text: str, line_offset: int) -> SourceError:
    """Where the first alias of `text` is written."""
    mark = next((event.start_mark for event in yaml.parse(text, Loader=_Loader)
                 if isinstance(event, yaml.AliasEvent)), None)
    return SourceError("YAML anchors and aliases (`&name`, `*name`, `<<:`) are not allowed "
                       "here", mark.line + 1 + line_offset if mark else None,
                       mark.column + 1 if mark else None, "write the value out in full")


def parse_yaml(text: str, line_offset: int = 0) -> YamlDocument:
    """Parse YAML text, recording positions shifted by `line_offset` lines.

    Aliases are refused: each one can stand for a whole tree, so a few hundred bytes of them
    can expand to billions of values.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        positions: dict[KeyPath, Position] = {}
        duplicates: list[tuple[KeyPath, Position]] = []
        if node is not None:
            _record(node, (), positions, duplicates, line_offset, set())
        data = loader.construct_document(node) if node is not None else None
    except _Repeated:
        raise _alias_error(text, line_offset) from None
    except RecursionError:
        raise SourceError("the YAML is nested too deeply", line_offset + 1) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        raise SourceError(f"broken YAML: {message}", line, column,
                          "check indentation, colons and quoting on this line") from None
    except yaml.YAMLError as error:
        raise SourceError(f"broken YAML: {error}", line_offset + 1) from None
    finally:
        loader.dispose()
    return YamlDocument(data, positions, tuple(duplicates))


def _record(node: yaml.Node, path: KeyPath, positions: dict[KeyPath, Position],
            duplicates: list[tuple[KeyPath, Position]], line_offset: int,
            seen: set[int]) -> None:
    if id(node) in seen:
        raise _Repeated
    seen.add(id(node))
    positions[path] = (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            if id(key_node) in seen:
                raise _Repeated
            seen.add(id(key_node))
            key = str(key_node.value)
            child = (*path, key)
            if key in keys:
                duplicates.append((child, (key_node.start_mark.line + 1 + line_offset,
                                           key_node.start_mark.column + 1)))
            keys.add(key)
            _record(value_node, child, positions, duplicates, line_offset, seen)
            if not isinstance(value_node, yaml.ScalarNode) or value_node.value == "":
                positions[child] = (key_node.start_mark.line + 1 + line_offset,
                                    key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*path, index), positions, duplicates, line_offset, seen)


def split_markdown(text: str) -> MarkdownSource:
    """Separate `---` delimited frontmatter from the Markdown body."""
    if not text.strip():
        raise SourceError("the file is empty", 1, suggestion="run `exgraph new` for a template")
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip("\r\n").lstrip("\ufeff").strip() != "---":
        raise SourceError("the file must start with a `---` line opening the YAML frontmatter",
                          1, 1, "add `---`, the fields, and a closing `---` before the body")
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").strip() in ("---", "..."):
            frontmatter = parse_yaml("".join(lines[1:index]), line_offset=1)
            if not isinstance(frontmatter.data, dict):
                raise SourceError("the frontmatter must be a mapping of `field: value` lines", 2)
            return MarkdownSource(frontmatter, "".join(lines[index + 1:]), index + 2)
    raise SourceError("the frontmatter is never closed", 1, 1,
                      "add a `---` line after the last field")
