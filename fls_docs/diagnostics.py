"""Problems found in a project's files, reported the way a compiler does."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, pinned to a place in a file.

    ``file`` is the path as the user should see it (relative to the project);
    ``line`` and ``column`` count from 1 and are 0 when unknown.
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    # Where in the file's data the problem is, for code that maps it to something else (a workbook cell).
    path: tuple = dataclasses.field(default=(), compare=False, repr=False)

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        text = f"{where}: {prefix}{self.field + ': ' if self.field else ''}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class UserError(Exception):
    """A problem the user can fix, with where it is: the one error type every command raises.

    The command line turns it into located messages and exit status 1; anything else
    that escapes is a fault in fls-docs itself.
    """

    def __init__(self, message: str, file: str = "", line: int = 0, column: int = 0, hint: str = ""):
        self.diagnostics = [Diagnostic(file or "fls-docs", line, column, "", message, hint)]
        super().__init__(message)


class ValidationFailed(UserError):
    """Raised when a project has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        errors = sum(d.severity is Severity.ERROR for d in diagnostics)
        super().__init__(f"{errors} error(s) in the project's content")
        self.diagnostics = sorted(diagnostics)  # every problem, not the one-line summary

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


@dataclass(kw_only=True)
class ContentChanges:
    """What a command that edits content files found and did: problems (nothing written if any is an error),
    the changes as a unified diff, and whether they were written."""

    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)
    diff: str = ""
    written: bool = False

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def format_path(path: tuple) -> str:
    """Render a JSON path the way a reader scans YAML: ``tasks[3].due``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
