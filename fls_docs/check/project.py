"""Checking a built project: every Word document and site page, with the split between team text and ours."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fls_docs.check import readability, rules
from fls_docs.check.findings import DocumentReport, Finding
from fls_docs.check.sentences import sentences
from fls_docs.check.text import docx_blocks, markdown_blocks, plain_blocks
from fls_docs.diagnostics import Diagnostic, Severity, UserError
from fls_docs.paths import DATA_DIR, SCHEMAS_DIR

# Which goal each Word document aims for; any other document is checked without a grade goal.
DOCUMENT_KINDS = {
    "project-initiation-document.docx": "pid",
    "service-specification.docx": "specification",
    "business-case.docx": "business-case",
}


def check_text(name: str, text: str, kind: str = "site", team_text: rules.TeamText = rules.no_team_text) -> list[Finding]:
    """Every finding for one text, one block a line: the rules and, when the text is long enough, the grade goal."""
    return check_blocks(name, plain_blocks(text), kind, team_text).findings


def check_blocks(name: str, blocks: list[str], kind: str, team_text: rules.TeamText = rules.no_team_text) -> DocumentReport:
    """Scores and findings for one document; the grade goal applies to the words the templates write."""
    own_blocks = [" ".join(s for s in sentences(b) if not team_text(s)) for b in blocks]
    own = readability.scores([b for b in own_blocks if b])
    goal = readability.goal_for(kind, own)
    found = rules.findings(name, blocks, team_text)
    grade = rules.grade_finding(name, own, goal)
    return DocumentReport(name, kind, readability.scores(blocks), own, goal, ([grade] if grade else []) + found)


@dataclass
class Report:
    """The plain-English check of a built project."""

    documents: list[DocumentReport]

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def diagnostics(self, as_warnings: bool = False) -> list[Diagnostic]:
        """The findings as the messages every command prints; the build shows them all as warnings."""
        return [f.diagnostic(as_warnings) for f in self.findings]

    def summary(self) -> str:
        """A table of each document's reading grade and ease against its goal."""
        width = max((len(d.name) for d in self.documents), default=8)
        lines = [f"{'':<{width}}  {'All text':^17}  {'Template text':^17}",
                 f"{'Document':<{width}}  Grade  Ease  Words  Grade  Ease  Words  Goal"]
        for d in self.documents:
            goal = "-" if d.goal is None else f"{d.goal:g} " + ("met" if d.meets_goal else "NOT MET")
            lines.append(f"{d.name:<{width}}  {d.scores.grade:>5.1f}  {d.scores.ease:>4.0f}  {d.scores.words:>5}"
                         f"  {d.own.grade:>5.1f}  {d.own.ease:>4.0f}  {d.own.words:>5}  {goal}")
        return "\n".join(lines)


def check_project(project_dir: Path) -> Report:
    """Check the Word documents in build/docs and the site pages in build/site-src of a built project."""
    build = Path(project_dir) / "build"
    docs, pages = build / "docs", build / "site-src"
    documents = sorted(docs.glob("*.docx")) if docs.is_dir() else []
    markdown = sorted(pages.rglob("*.md")) if pages.is_dir() else []
    if not documents and not markdown:
        raise UserError("there is nothing to check yet: build/ has no Word documents or site pages. "
                        "Run `fls-docs build` first, then check again", file=str(build))
    team_text = _team_text(Path(project_dir) / "content", DATA_DIR, SCHEMAS_DIR)
    reports = [
        check_blocks(_shown(path, project_dir), docx_blocks(path), DOCUMENT_KINDS.get(path.name, "document"),
                     team_text)
        for path in documents
    ]
    reports += [
        check_blocks(_shown(path, project_dir), markdown_blocks(path.read_text(encoding="utf-8")), "site", team_text)
        for path in markdown
    ]
    return Report(reports)


def _shown(path: Path, project_dir: Path) -> str:
    """The path as the user should see it: build/... rather than the build's hidden folder."""
    for folder in ("docs", "site-src"):
        link = Path(project_dir) / "build" / folder
        try:
            return str(Path("build") / folder / path.relative_to(link))
        except ValueError:
            continue
    return str(path)


MIN_QUOTED_WORDS = 4


def _team_text(*folders: Path) -> rules.TeamText:
    """Whether a piece of text appears word for word in the team's content files, the reference data or the schemas.

    This is how findings are split into errors (the templates' own words, which we
    must fix) and warnings (the team's words, theirs to judge, and the sources,
    method notes and field descriptions the templates quote from the reference
    data and the schemas). It is approximate: a team sentence
    that a template rewords, or a template phrase that happens to match the content,
    lands on the wrong side.
    """
    strings: list[str] = []
    for path in [p for folder in folders if folder.is_dir() for p in sorted(folder.iterdir())]:
        if path.suffix not in (".yaml", ".json"):
            continue
        try:
            # JSON is YAML, so one loader reads the schemas too.
            _strings(yaml.safe_load(path.read_text(encoding="utf-8")), strings)
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue  # validation reports these; the check just cannot trace text to them
    corpus = "\n".join(" ".join(s.split()) for s in strings)

    def written_by_team(text: str) -> bool:
        text = " ".join(text.replace("\u2026", " ").split()).rstrip(".")
        label, colon, rest = text.partition(": ")
        # "Source: ..." and "Perspective: ...": a short label the template puts before quoted text.
        if colon and len(label.split()) <= 3 and rest:
            text = rest if rest in corpus else text
        # A few words match by chance ("six headings"), so only longer text is traced.
        return len(text.split()) >= MIN_QUOTED_WORDS and text in corpus

    return written_by_team


def _strings(value: Any, into: list[str]) -> None:
    if isinstance(value, str):
        into.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, into)
    elif isinstance(value, list):
        for item in value:
            _strings(item, into)
