"""What changed in the deliverables between two revisions of a project's content (``fls-docs diff``).

Each revision's content is taken from git (``git archive``) into a temporary
folder, loaded and run through the calculators exactly as a build would, so the
figures compared are the ones the documents print. Both revisions are worked
out with this fls-docs and its reference data, so a figure that moves has moved
because the content changed. The working tree (the files on disk, committed or
not) can be either side.

Which revisions, when not given:
- none: the last commit against the working tree if ``content/`` has uncommitted
  changes, else the commit before the last against the last (HEAD~1 and HEAD);
- one: that revision against the working tree, as ``git diff REV`` does;
- two: the first against the second.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Callable, Iterator

from fls_docs.diagnostics import UserError, ValidationFailed
from fls_docs.model.files import CONTENT_DIR
from fls_docs.model.project import Project, Task
from fls_docs.render.formatting import longdate, md, money, num

# The content files whose words make up the documents' text sections, with the document each feeds.
TEXT_FILES = (("brief", "Project initiation document"), ("service_specification", "Service specification"),
              ("business_case", "Business case"))
SECTIONS = ("Figures", "Tasks", "Dates", "Statuses", "Text")
META_KEYS = ("schema_version",)  # about the file, not words of a document
IDENTS = ("id", "model", "name", "reference")  # what names a block in a list, in order of preference
WORKING_TREE = None  # a Side's revision when it is the files on disk


@dataclass(frozen=True)
class Side:
    """One side of the comparison: a git revision, or the working tree (``rev`` None)."""

    rev: str | None
    label: str  # as a reader sees it: 'HEAD~1 (1a2b3c4 "Pilot moved to October")'


@dataclass(frozen=True)
class Change:
    """One difference: ``subject`` went from ``before`` to ``after``, or ``detail`` says what happened to it."""

    section: str
    subject: str
    before: str = ""
    after: str = ""
    detail: str = ""

    def line(self) -> str:
        return f"{self.subject}: {self.detail or f'{self.before} -> {self.after}'}"


@dataclass
class ProjectDiff:
    """Every change between two revisions, by section, in the order the documents show them."""

    before: Side
    after: Side
    project: str
    changes: list[Change] = field(default_factory=list)

    def section(self, name: str) -> list[Change]:
        return [c for c in self.changes if c.section == name]

    def as_text(self) -> str:
        lines = [f"What changed in {self.project} between {self.before.label} and {self.after.label}"]
        if not self.changes:
            return lines[0] + "\nNo changes to the deliverables.\n"
        for name in SECTIONS:
            if found := self.section(name):
                lines += ["", name, *(f"  {c.line()}" for c in found)]
        return "\n".join(lines) + "\n"

    def as_markdown(self) -> str:
        out = [f"# What changed in {md(self.project)}", "",
               f"Between {md(self.before.label)} and {md(self.after.label)}.", ""]
        if not self.changes:
            return "\n".join(out + ["No changes to the deliverables.", ""])
        for name in SECTIONS:
            found = self.section(name)
            if not found:
                continue
            out += [f"## {name}", ""]
            if name in ("Tasks", "Text"):
                out += ["| What | Change |", "|---|---|",
                        *(f"| {md(c.subject)} | {_arrowed(c.line()[len(c.subject) + 2:])} |" for c in found)]
            else:
                out += ["| What | Before | After |", "|---|---|---|",
                        *(f"| {md(c.subject)} | {md(c.before)} | {md(c.after or c.detail)} |" for c in found)]
            out.append("")
        return "\n".join(out)


def _arrowed(text: str) -> str:
    """Text made safe for Markdown, with each " -> " shown as an arrow."""
    return " → ".join(md(part) for part in text.split(" -> "))


# --- revisions and their content -------------------------------------------------------------

def _git(project_dir: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=project_dir, capture_output=True, text=not binary)
    except FileNotFoundError:
        raise UserError("git is not installed, and diff compares revisions kept in git",
                        hint="install git, then commit your content") from None


def _label(project_dir: Path, rev: str | None) -> str:
    if rev is WORKING_TREE:
        return "the working tree (files as they are now)"
    shown = _git(project_dir, "log", "-1", "--format=%h %s", rev).stdout.strip()
    short, _, subject = shown.partition(" ")
    return f'{rev} ({short} "{subject}")' if subject else f"{rev} ({short})"


def choose_sides(project_dir: Path, rev_a: str | None = None, rev_b: str | None = None) -> tuple[Side, Side]:
    """The two revisions to compare (see the module's docstring for the defaults)."""
    if _git(project_dir, "rev-parse", "--show-toplevel").returncode != 0:
        raise UserError(f"{project_dir} is not in a git repository, so there are no earlier versions to compare",
                        hint="run `git init` and commit the content; `fls-docs init` makes a project a repository")
    for rev in (rev_a, rev_b):
        # A name starting "-" would reach git as an option, never as a revision.
        if rev is not None and (rev.startswith("-") or
                                _git(project_dir, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode):
            raise UserError(f'"{rev}" is not a revision of this repository',
                            hint="give a commit, branch or tag, such as HEAD~1; `git log --oneline` lists the commits")
    if rev_a is None:
        if _git(project_dir, "rev-parse", "--verify", "--quiet", "HEAD").returncode:
            raise UserError("nothing has been committed yet, so there is no earlier version to compare",
                            hint="commit the content first: git add content && git commit -m 'First version'")
        dirty = _git(project_dir, "status", "--porcelain", "--", CONTENT_DIR).stdout.strip()
        if dirty:
            rev_a, rev_b = "HEAD", WORKING_TREE
        elif _git(project_dir, "rev-parse", "--verify", "--quiet", "HEAD~1").returncode:
            raise UserError("there is only one commit and no uncommitted change, so there is nothing to compare",
                            hint="change the content, or give two revisions")
        else:
            rev_a, rev_b = "HEAD~1", "HEAD"
    return Side(rev_a, _label(project_dir, rev_a)), Side(rev_b, _label(project_dir, rev_b))


def export_content(project_dir: Path, rev: str, into: Path) -> Path:
    """The project's ``content/`` as it was at ``rev``, written under ``into``; returns the project folder."""
    prefix = _git(project_dir, "rev-parse", "--show-prefix").stdout.strip()
    top = Path(_git(project_dir, "rev-parse", "--show-toplevel").stdout.strip())
    # From the top: git archive refuses to run in a folder it does not track.
    archived = _git(top, "archive", "--format=tar", f"{rev}:{prefix}{CONTENT_DIR}", binary=True)
    if archived.returncode != 0:
        raise UserError(f"{rev} has no {prefix}{CONTENT_DIR} folder, so there is nothing to compare",
                        hint="give a revision made after the project's content was committed")
    with tarfile.open(fileobj=io.BytesIO(archived.stdout)) as tar:
        # The "data" filter (Python 3.11.4 and later) refuses links and paths that leave the folder.
        tar.extractall(into / CONTENT_DIR, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return into


@dataclass(frozen=True)
class Snapshot:
    """One revision's project: the model, the raw text files and the calculators' figures."""

    project: Project
    raw: dict[str, Any]
    figures: dict[str, Any]


def snapshot(project_dir: Path, label: str, today: date) -> Snapshot:
    """Load and calculate one revision's content as a build would."""
    from fls_docs.calc.export import results_to_dict
    from fls_docs.calc.results import calculate
    from fls_docs.model.validate import check_project, load_project

    try:
        project, _ = load_project(project_dir)
    except ValidationFailed as failed:
        first = failed.errors[0].format() if failed.errors else ""
        raise UserError(f"the content at {label} has {len(failed.errors)} error(s), so its deliverables cannot be "
                        f"worked out; the first: {first}", hint="compare revisions whose content validates") from None
    documents = check_project(project_dir).documents
    raw = {name: documents[name].data if name in documents else {} for name, _ in TEXT_FILES}
    return Snapshot(project, raw, results_to_dict(calculate(project, today, analyses=False)))


# --- what changed ------------------------------------------------------------------------------

def _wte(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _money_or_none(value: float | None) -> str:
    return "none (no health gained)" if value is None else money(value)


# The headline figures of each staffing model: label, how to read it from results_to_dict's option, format.
OPTION_FIGURES: tuple[tuple[str, Callable[[dict], Any], Callable[[Any], str]], ...] = (
    ("staff funded (WTE)", lambda o: o["staff"]["wte"], _wte),
    ("staff the caseload needs (WTE)", lambda o: sum(o["staff_needed"]["wte_needed"].values()), _wte),
    ("staff cost a year", lambda o: o["staff"]["annual_staff_cost"], money),
    ("service cost a year", lambda o: o["economic_evaluation"]["service_cost_per_year"], money),
    ("fractures prevented", lambda o: o["economic_evaluation"]["fractures_prevented"]["total"], num),
    ("hip fractures prevented", lambda o: o["economic_evaluation"]["fractures_prevented"]["hip"], num),
    ("deaths avoided", lambda o: o["economic_evaluation"]["deaths_avoided"], lambda v: num(v, 1)),
    ("QALYs gained", lambda o: o["economic_evaluation"]["qalys_gained"], lambda v: num(v, 1)),
    ("net cost", lambda o: o["economic_evaluation"]["net_cost"], money),
    ("cost per QALY", lambda o: o["economic_evaluation"]["cost_per_qaly"], _money_or_none),
    ("verdict", lambda o: o["economic_evaluation"]["verdict"], str),
    ("net present social value", lambda o: o["economic_evaluation"]["net_present_social_value"], money),
    ("first year's ask", lambda o: o["budget_impact"][0]["ask"] if o["budget_impact"] else None,
     lambda v: "none" if v is None else money(v)),
)


def _post_changes(model: str, before: list[dict], after: list[dict]) -> Iterator[Change]:
    """Posts whose whole-time equivalent changed, was added or was removed, by role and band."""
    def key(post: dict) -> str:
        return f"{post['role']} (band {post['band']})"
    old, new = {key(p): p["wte"] for p in before}, {key(p): p["wte"] for p in after}
    for post in [*new, *(p for p in old if p not in new)]:
        was, now = (f"{_wte(old[post])} WTE" if post in old else "none"), (f"{_wte(new[post])} WTE" if post in new else "none")
        if was != now:
            yield Change("Figures", f"{model}, {post}", was, now)


def figure_changes(before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
    """Headline figures whose printed value differs, from two results_to_dict outputs."""
    old, new = num(before["expected_fractures_per_year"]["total"]), num(after["expected_fractures_per_year"]["total"])
    if old != new:
        yield Change("Figures", "Fragility fractures expected each year", old, new)
    models_before = {o["id"]: o for o in before["options"]}
    models_after = {o["id"]: o for o in after["options"]}
    for model_id, option in models_after.items():
        if model_id not in models_before:
            yield Change("Figures", option["name"], detail="staffing model added")
            continue
        yield from _post_changes(option["name"], models_before[model_id]["staff"]["posts"], option["staff"]["posts"])
        for label, read, show in OPTION_FIGURES:
            old, new = show(read(models_before[model_id])), show(read(option))
            if old != new:
                yield Change("Figures", f"{option['name']}, {label}", old, new)
    for model_id, option in models_before.items():
        if model_id not in models_after:
            yield Change("Figures", option["name"], detail="staffing model removed")


def _named(task: Task) -> str:
    return f'{task.id} "{task.title}"'


def task_changes(before: Project, after: Project) -> Iterator[Change]:
    """Tasks added, removed and retitled; start and due dates moved; statuses changed."""
    old = {t.id: t for t in before.plan.tasks}
    new = {t.id: t for t in after.plan.tasks}
    for task_id, task in new.items():
        if task_id not in old:
            yield Change("Tasks", _named(task), detail=f"added (due {longdate(task.due)}, {task.status})")
        elif old[task_id].title != task.title:
            yield Change("Tasks", f"{task_id} retitled", f'"{old[task_id].title}"', f'"{task.title}"')
    for task_id, task in old.items():
        if task_id not in new:
            yield Change("Tasks", _named(task), detail="removed")
    for task_id, task in new.items():
        was = old.get(task_id)
        if was is None:
            continue
        for key in ("start", "due"):
            if getattr(was, key) != getattr(task, key):
                yield Change("Dates", f"{_named(task)}, {key}", longdate(getattr(was, key)), longdate(getattr(task, key)))
        if was.status != task.status:
            yield Change("Statuses", _named(task), was.status, task.status)


def _leaves(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) for each value; a block in a list is named by its id (or model, or name) rather than its place."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list) and all(not isinstance(v, (dict, list)) for v in data):
        yield path, "\n".join(str(v) for v in data)  # a list of sentences reads as one text
    elif isinstance(data, list):
        for index, value in enumerate(data):
            ident = next((value[k] for k in IDENTS if isinstance(value, dict) and k in value), index)
            yield from _leaves(value, f"{path}[{ident}]")
    elif data is not None:
        yield path, str(data)


def _words(words: list[str], most: int = 8) -> str:
    return " ".join(words[:most]) + (" ..." if len(words) > most else "")


def word_summary(old: str, new: str, most: int = 3) -> str:
    """A short account of the words changed: '"nobody" -> "the FLS nurse"; added "every week"'."""
    a, b = old.split(), new.split()
    edits = [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    parts = []
    for tag, i1, i2, j1, j2 in edits[:most]:
        if tag == "replace":
            parts.append(f'"{_words(a[i1:i2])}" -> "{_words(b[j1:j2])}"')
        elif tag == "delete":
            parts.append(f'removed "{_words(a[i1:i2])}"')
        else:
            parts.append(f'added "{_words(b[j1:j2])}"')
    if len(edits) > most:
        parts.append(f"and {len(edits) - most} more change{'s' if len(edits) - most > 1 else ''}")
    return "; ".join(parts) or "line breaks or spacing only"


def _whole_item(path: str, other: dict[str, str]) -> str:
    """The list item holding ``path`` when the other side has nothing of that item, else ``path`` itself."""
    end = path.rfind("]")
    item = path[:end + 1] if end != -1 else ""
    return item if item and not any(p.startswith(item) for p in other) else path


def text_changes(before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
    """Each field of the documents' text that changed, with a word-level summary.

    A list item (a risk, say) added or removed as a whole is one change, not one per field.
    """
    for name, document in TEXT_FILES:
        old, new = (dict(_leaves({k: v for k, v in (side.get(name) or {}).items() if k not in META_KEYS}))
                    for side in (before, after))
        said = set()
        for path in [*new, *(p for p in old if p not in new)]:
            if path in old and path in new:
                if old[path] != new[path]:
                    yield Change("Text", f"{document}, {path}", detail=word_summary(old[path], new[path]))
                continue
            subject = _whole_item(path, old if path in new else new)
            if subject in said:
                continue
            said.add(subject)
            if path in new:  # an item added whole is shown by its first words that are not its id
                text = next((new[p] for p in new if p.startswith(subject) and p.rsplit(".", 1)[-1] not in IDENTS),
                            new[path])
                yield Change("Text", f"{document}, {subject}", detail=f'added: "{_words(text.split(), 12)}"')
            else:
                yield Change("Text", f"{document}, {subject}", detail="removed")


def compare(before: Snapshot, after: Snapshot) -> list[Change]:
    return [*figure_changes(before.figures, after.figures), *task_changes(before.project, after.project),
            *text_changes(before.raw, after.raw)]


def diff_project(project_dir: Path, rev_a: str | None = None, rev_b: str | None = None,
                 today: date | None = None) -> ProjectDiff:
    """What changed in the deliverables between two revisions of the project in ``project_dir``."""
    from fls_docs.build import today as build_day

    project_dir = project_dir.resolve()
    first, second = choose_sides(project_dir, rev_a, rev_b)
    on = today or build_day()
    with tempfile.TemporaryDirectory(prefix="fls-docs-diff-") as temp:
        snaps = []
        for number, side in enumerate((first, second)):
            folder = project_dir if side.rev is WORKING_TREE else export_content(project_dir, side.rev,
                                                                                  Path(temp) / str(number))
            snaps.append(snapshot(folder, side.label, on))
    return ProjectDiff(first, second, snaps[1].project.info.name, compare(*snaps))
