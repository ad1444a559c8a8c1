"""What the plain-English checker reports: one finding per problem, and the scores per document."""

from __future__ import annotations

from dataclasses import dataclass, field

from fls_docs.diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class Finding:
    """One problem in one document or site page, with a short quote and what to do about it."""

    document: str
    quote: str
    rule: str
    suggestion: str
    severity: Severity = Severity.ERROR

    def diagnostic(self, as_warning: bool = False) -> Diagnostic:
        severity = Severity.WARNING if as_warning else self.severity
        return Diagnostic(self.document, 0, 0, self.rule, f'"{self.quote}"', self.suggestion, severity)


@dataclass(frozen=True)
class Scores:
    """Reading scores for one document: Flesch-Kincaid grade and Flesch reading ease."""

    grade: float
    ease: float
    words: int
    sentences: int


@dataclass
class DocumentReport:
    """The scores and findings for one document or site page."""

    name: str
    kind: str
    scores: Scores  # the whole text
    own: Scores  # the text the templates write, leaving out what they quote from the team's files
    goal: float | None  # the highest reading grade for ``own``, or None when it is too short to score
    findings: list[Finding] = field(default_factory=list)

    @property
    def meets_goal(self) -> bool:
        return self.goal is None or self.own.grade <= self.goal
