"""Papers for each group's next meeting: an agenda drawn from the plan, and a template for its minutes and actions.

Both are Word documents from docxtpl templates (templates/word/agenda.docx and
templates/word/minutes.docx, made by scripts/make_word_templates.py), one of
each per meeting group. This module also names the meeting files, for the
build's targets and the site's downloads; it imports nothing heavy until a
paper is rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fls_docs.model.project import Project

CALENDAR_FILE = "meetings.ics"
# Blank rows the minutes template offers for new actions, each with the next id in the log.
NEW_ACTION_ROWS = 6
KINDS = {"agenda": "Agenda", "minutes": "Minutes and actions"}


def agenda_file(group_id: str) -> str:
    return f"agenda-{group_id}.docx"


def minutes_file(group_id: str) -> str:
    return f"minutes-{group_id}.docx"


def meeting_papers(project: Project) -> tuple[tuple[str, str, str], ...]:
    """(file, title, description) of the calendar and each group's papers, for the site to offer; none without groups."""
    groups = project.meetings.groups
    if not groups:
        return ()
    papers = [(CALENDAR_FILE, "Meetings calendar",
               "Every meeting of the project's groups, to import into Outlook or another calendar (iCalendar).")]
    for group in groups:
        papers += [
            (agenda_file(group.id), f"Agenda: {group.name.lower()}",
             f"The agenda for the next {group.name.lower()} meeting, drawn from the plan (Word)."),
            (minutes_file(group.id), f"Minutes template: {group.name.lower()}",
             f"Notes, decisions and actions for the next {group.name.lower()} meeting, ready to fill in (Word)."),
        ]
    return tuple(papers)


def render_meeting_paper(kind: str, template: Path, context: dict[str, Any], out: Path, group_id: str) -> None:
    """The agenda or minutes template (``kind``) for the next meeting of the group ``group_id``."""
    from fls_docs.calc.meetings import next_action_ids
    from fls_docs.render.word import render_docx

    project: Project = context["project"]
    entry = context["results"].meetings.group(group_id)
    paper = {
        **context,
        "group": entry.group,
        "agenda": entry.agenda,
        "new_actions": next_action_ids(project.meetings, NEW_ACTION_ROWS) or ("",) * NEW_ACTION_ROWS,
        "version": project.document_control.version,
    }
    # An agenda goes out as it is, so it carries no draft mark whatever the build's profile.
    render_docx(template, paper, out, {}, f"{KINDS[kind]}, {entry.group.name.lower()}", mark_draft=False)
