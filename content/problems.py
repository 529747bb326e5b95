"""Problems found in content: what is wrong, where, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one file, precise enough to act on."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    suggestion: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        location = self.path
        if self.line is not None:
            location += f":{self.line}"
            if self.column is not None:
                location += f":{self.column}"
        subject = f" {self.field}:" if self.field else ""
        hint = f" — {self.suggestion}" if self.suggestion else ""
        return f"{location}: {self.severity}:{subject} {self.message}{hint}"
