"""Problems found in a template, payload or response, in words a marketer can act on."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: errors block a fire or an export, warnings do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    """One finding.

    Attributes:
        severity: error, warning or info.
        code: a stable identifier (``json.invalid``, ``param.undeclared``...) for tests
            and for the CLI's machine-readable output.
        message: what is wrong, in plain language.
        hint: what to do about it.
        line: 1-based line in the text the user edits, when there is a position.
        column: 1-based column, when there is a position.
        path: JSON path (``d[0].evtName``) when the problem is about a value.
    """

    severity: Severity
    code: str
    message: str
    hint: str = ""
    line: int | None = None
    column: int | None = None
    path: str = ""

    def location(self) -> str:
        """``line 3, column 7`` or the JSON path, or an empty string."""
        if self.line is not None:
            return f"line {self.line}, column {self.column or 1}"
        return self.path

    def format(self) -> str:
        """One line for the CLI and logs: ``error line 3, column 7: message. hint``."""
        where = self.location()
        text = f"{self.severity.value}"
        if where:
            text += f" {where}"
        text += f": {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


@dataclass
class Report:
    """All problems of one validation run, in the order they were found."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        """True when nothing blocks firing or exporting (warnings allowed)."""
        return not self.errors

    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


class LineIndex:
    """Turns character offsets of one text into 1-based line and column numbers."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self._starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
