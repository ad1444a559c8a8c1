"""The agenda and minutes template for a group's next meeting: what they hold, and that LibreOffice lays them out."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from fls_docs.calc.results import calculate
from fls_docs.model.validate import load_project
from fls_docs.paths import TEMPLATES_DIR
from fls_docs.render.context import build_info, make_context
from fls_docs.render.meeting_papers import render_meeting_paper
from tests.conftest import copy_project, edit

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Built on Wednesday 4 March 2026: the team last met on Tuesday 3 March and meets next on Tuesday 17 March.
ON = date(2026, 3, 4)
MEETINGS = """\
groups:
  - id: team
    name: Project team
    purpose: Runs the project.
    chair: pm
    members: [lead, Local GPs]
    time: "12:30"
    length_minutes: 60
    place: Room 2
    repeat: {every: 2, unit: weeks, weekday: tuesday, from: 2026-01-06, until: 2026-06-30}
  - id: board
    name: Project board
    chair: lead
    time: "09:00"
    length_minutes: 30
    online: https://meet.example/board
    dates: [2026-04-01]
actions:
  - {id: a1, group: team, raised: 2026-02-17, action: "Ask GPs & pharmacists <b>now</b>", owner: lead, due: 2026-03-01, status: open}
  - {id: a2, group: team, raised: 2026-02-03, action: Book the room, owner: pm, due: 2026-02-10, status: done, done: 2026-02-09}
"""
DECISIONS = """
decisions:
  - {id: d1, status: needed, decision: Where should the clinic run?, needed_by: 2026-03-17, to_be_made_by: team}
  - {id: d2, status: needed, decision: Who funds the pilot?, needed_by: 2026-04-01, to_be_made_by: board}
  - {id: d3, date: 2026-01-20, decision: Follow-up is by telephone., made_by: Project team}
"""


def _text(path: Path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _rows(path: Path, *headers: str) -> list[list[str]]:
    """The body rows of the table whose header row is ``headers``."""
    for table in Document(str(path)).tables:
        if [c.text for c in table.rows[0].cells] == list(headers):
            return [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table headed {headers!r}")


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = copy_project(tmp_path_factory.mktemp("meetings"), "minimal")
    (root / "content" / "meetings.yaml").write_text(MEETINGS, encoding="utf-8")
    plan = root / "content" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + DECISIONS, encoding="utf-8")
    edit(plan, "        due: 2026-03-27", "        due: 2026-03-13")  # task 2.1 now falls due before the meeting
    edit(root / "content" / "brief.yaml", "    mitigation: Ask early.",
         "    mitigation: Ask early.\n  - {id: r2, description: No nurse., likelihood: 4, consequence: 3, owner: lead, "
         "mitigation: Advertise now.}")
    project, _ = load_project(root)
    context = make_context(project, calculate(project, ON, analyses=False), build_info(ON))
    out = tmp_path_factory.mktemp("papers")
    made = {}
    for kind in ("agenda", "minutes"):
        made[kind] = out / f"{kind}-team.docx"
        render_meeting_paper(kind, TEMPLATES_DIR / "word" / f"{kind}.docx", context, made[kind], "team")
    return made


def test_the_agenda_is_for_the_next_meeting_and_names_the_last_and_the_following(papers: dict[str, Path]) -> None:
    text = _text(papers["agenda"])
    assert "Agenda for Tuesday 17 March 2026" in text
    assert "Tuesday 17 March 2026, 12:30pm to 1:30pm, UK time" in text
    assert "Agree the notes of the meeting on Tuesday 3 March 2026" in text
    assert "Tuesday 31 March 2026, 12:30pm to 1:30pm." in text


def test_the_agenda_holds_the_tasks_risks_decisions_and_actions_for_this_meeting(papers: dict[str, Path]) -> None:
    agenda = papers["agenda"]
    # 1.2 was due on 27 February and is not complete: late. 2.1 falls due on 13 March, before the meeting.
    # 1.1 was done in January, before the last meeting.
    tasks = _rows(agenda, "Ref", "Task", "Lead", "Due", "Status")
    assert [(row[0], row[4]) for row in tasks] == [("1.2", "Late"), ("2.1", "Not started")]
    actions = _rows(agenda, "Ref", "Action", "Owner", "Due", "Status")
    assert [(row[0], row[4]) for row in actions] == [("a1", "Overdue")]
    # r2 scores 4 × 3 = 12; r1 scores 2 × 4 = 8, under the line.
    assert [row[0] for row in _rows(agenda, "Risk", "Score", "Owner", "What we are doing")] == ["No nurse."]
    # d1 is the team's; d2 is the board's; d3 is made.
    assert [row[0] for row in _rows(agenda, "Decision needed", "Needed by", "Why it matters")] == ["Where should the clinic run?"]
    text = _text(agenda)
    assert "No indicator is below its target in the latest month." in text
    assert "Ask GPs & pharmacists <b>now</b>" in text  # content shown as written, never as markup
    assert "Book the room" not in text


def test_meeting_papers_carry_no_draft_mark_and_repeat_their_table_headers(papers: dict[str, Path]) -> None:
    for path in papers.values():
        document = Document(str(path))
        assert "DRAFT" not in " ".join(p.text for s in document.sections for p in s.header.paragraphs)
        for table in document.tables:
            assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_the_minutes_template_lists_who_is_invited_and_numbers_new_actions_on(papers: dict[str, Path]) -> None:
    minutes = papers["minutes"]
    assert [row[0] for row in _rows(minutes, "Name", "Role or contact", "Present", "Apologies")] == ["Pat Manager", "Dr Lee Lead", "Local GPs"]
    assert [row[0] for row in _rows(minutes, "Ref", "Action", "Owner", "Due")] == ["a3", "a4", "a5", "a6", "a7", "a8"]
    assert "Notes and actions, Tuesday 17 March 2026" in _text(minutes)


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed")
def test_libreoffice_converts_every_meeting_paper_to_pdf(papers: dict[str, Path], built_example: Path,
                                                         tmp_path: Path) -> None:
    example = [built_example / "build" / "docs" / f"{kind}-{group}.docx"
               for kind in ("agenda", "minutes") for group in ("project-team", "reference-group")]
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), *map(str, [*papers.values(), *example])],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    for docx in [*papers.values(), *example]:
        pdf = tmp_path / docx.with_suffix(".pdf").name
        assert pdf.is_file(), f"LibreOffice did not convert {docx.name}"
        pages = PdfReader(str(pdf)).pages
        assert 1 <= len(pages) <= 3
        assert "meeting" in pages[0].extract_text()
