"""Create a new project repository: a copy of the worked example, or a blank one of placeholders.

The new folder builds on its own: its Makefile records which fls-docs made it (a
source checkout, or an installed package and its version) so that ``make docs``
finds it, or installs that version into the project's own ``.venv``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

from fls_docs import __version__
from fls_docs.diagnostics import UserError
from fls_docs.migrate import CURRENT, set_version
from fls_docs.migrate import KEY as VERSION_KEY
from fls_docs.model.files import CONTENT_DIR, CONTENT_FILES
from fls_docs.paths import EXAMPLE_CONTENT_DIR, EXAMPLE_MKDOCS, PACKAGE_DIR, SCHEMAS_DIR, SKELETON_DIR

BLANK_DIR = SKELETON_DIR / "blank"
# Words a folder name shortens that read best in capitals: "nhs-borders-fls" -> "NHS Borders FLS".
ACRONYMS = {"fls", "nhs", "icb", "hscp", "hb", "uk", "ni"}


class ProjectExists(UserError):
    """The target folder already holds files that init would overwrite."""


@dataclass(frozen=True)
class Origin:
    """The fls-docs that creates a project, so the project's Makefile can find it again or reinstall it."""

    version: str
    python: str  # the interpreter running fls-docs now
    checkout: Path | None  # the source checkout it runs from, if any

    def describe(self) -> str:
        return f"from the source at {self.checkout}" if self.checkout else f"installed at {PACKAGE_DIR}"


def current_origin() -> Origin:
    """Where this fls-docs runs from: a source checkout (editable install included) or an installed package."""
    top = PACKAGE_DIR.parent
    pyproject = top / "pyproject.toml"
    is_checkout = pyproject.is_file() and 'name = "fls-docs"' in pyproject.read_text(encoding="utf-8")
    return Origin(__version__, sys.executable, top if is_checkout else None)


@dataclass
class NewProject:
    """What ``create_project`` made."""

    directory: Path
    name: str
    created: list[Path] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # example files a blank project does not get, each with why
    git: str = ""  # what happened with git, in a sentence


def project_name(directory: Path) -> str:
    """A readable name from a folder name: "nhs-borders-fls" -> "NHS Borders FLS"."""
    words = re.split(r"[-_\s]+", directory.resolve().name.strip())
    named = [w.upper() if w.lower() in ACRONYMS else w[:1].upper() + w[1:] for w in words if w]
    return " ".join(named) or "Our FLS"


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar: plain where that reads back the same, else double-quoted."""
    plain = re.fullmatch(r"[A-Za-z][\w ,.'()&/-]*", value) and ": " not in value and " #" not in value
    if plain and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def set_scalar(text: str, keys: tuple[str, ...], value: str) -> str:
    """``text`` with the one-line scalar at ``keys`` replaced by ``value``; every other character kept."""
    node = yaml.compose(text)
    for key in keys:
        node = next(v for k, v in node.value if k.value == key)
    start, end = node.start_mark.index, node.end_mark.index
    return text[:start] + yaml_text(value) + text[end:]


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=-day.weekday() % 7)


def fill_blank(text: str, name: str, today: date) -> str:
    """A blank skeleton file with the project's name, today's date and plan dates counted from next Monday.

    ``START+N`` is N days after the first Monday on or after ``today``, so tasks keep
    their weekdays and spacing.
    """
    start = _monday_on_or_after(today)
    text = text.replace("@NAME@", yaml_text(name)).replace("@TODAY@", today.isoformat())
    return re.sub(r"\bSTART\+(\d+)\b", lambda m: (start + timedelta(days=int(m.group(1)))).isoformat(), text)


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"# {indent}{line}" for line in textwrap.wrap(" ".join(text.split()), 76 - len(indent))]


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]


def _field_lines(properties: dict, depth: int = 0) -> list[str]:
    """Each field (and the fields of a block) with the first sentence of its description, as comments."""
    lines = []
    for key, sub in properties.items():
        if key == VERSION_KEY:
            continue
        pad = "  " * depth
        lines.append(f"#   {pad}{key + ':':<{max(24 - len(pad), len(key) + 2)}}{_first_sentence(sub.get('description', ''))}")
        items = sub.get("items", {}) if sub.get("type") == "array" else {}
        nested = sub.get("properties") or items.get("properties")
        if nested and depth < 1:
            lines += _field_lines(nested, depth + 1)
    return lines


def schema_stub(name: str) -> str | None:
    """A content file of comments only, listing the fields its schema allows, or None if some are required.

    Every field of such a file may be left out (each then shows as a placeholder),
    so a file with no values is valid and the team sees what it can hold.
    """
    schema = json.loads((SCHEMAS_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    if schema.get("required"):
        return None
    lines = [f"# yaml-language-server: $schema=../schemas/{name}.schema.json",
             *_comment(f"{schema.get('title', name)}: {schema.get('description', '')}"),
             "#",
             *_comment("Nothing is filled in yet: until you give a field, the documents show a placeholder in "
                       "[bold square brackets] and `fls-docs validate` lists it. Type a field name at the start of a "
                       "line to begin; your editor suggests the fields and explains each. The fields are:"),
             *_field_lines(schema.get("properties", {})),
             ""]
    return "\n".join(lines)


def _blank_content(target: Path, name: str, today: date) -> tuple[list[Path], list[str]]:
    """Placeholder versions of the example's content files; files that need the team's own values are left out."""
    created, left_out = [], []
    names = sorted({p.name for p in EXAMPLE_CONTENT_DIR.iterdir() if p.is_file()}
                   | {p.name for p in BLANK_DIR.iterdir() if p.is_file()})
    for filename in names:
        stem, suffix = Path(filename).stem, Path(filename).suffix
        blank = BLANK_DIR / filename
        if blank.is_file():
            text = fill_blank(blank.read_text(encoding="utf-8"), name, today)
        elif suffix in (".yaml", ".yml") and (SCHEMAS_DIR / f"{stem}.schema.json").is_file():
            text = schema_stub(stem)
            if text is None:
                left_out.append(f"{CONTENT_DIR}/{filename}: left out, because its fields need your own values; the "
                                f"example's is at {EXAMPLE_CONTENT_DIR / filename}")
                continue
        else:
            left_out.append(f"{CONTENT_DIR}/{filename}: left out, because it holds the example's own data")
            continue
        if suffix in (".yaml", ".yml"):  # a new file follows the layout this fls-docs reads
            text = set_version(text, CURRENT)
        (target / filename).write_text(text, encoding="utf-8")
        created.append(target / filename)
    return created, left_out


def _example_content(target: Path, name: str) -> list[Path]:
    """The example's content files, whatever they are today, with the project's name in place of the example's."""
    shutil.copytree(EXAMPLE_CONTENT_DIR, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                    dirs_exist_ok=True)
    _set_in(target / "project.yaml", {("project", "name"): name, ("project", "short_name"): name})
    return sorted(target.iterdir())


def _set_in(path: Path, values: dict[tuple[str, ...], str]) -> None:
    text = path.read_text(encoding="utf-8")
    for keys, value in values.items():
        text = set_scalar(text, keys, value)
    path.write_text(text, encoding="utf-8")


def _describe(path: Path) -> str:
    known = {spec.filename: spec.description for spec in CONTENT_FILES}
    if path.name in known:
        return known[path.name][:1].upper() + known[path.name][1:]
    if path.suffix == ".csv":
        return "Figures that a YAML file in this folder names, such as monthly indicator counts"
    return "Content for fls-docs"


def _readme(name: str, content: list[Path], blank: bool) -> str:
    if blank:
        start = ("We started from a blank project. Replace each placeholder with our own text; `make validate` "
                 "lists every placeholder still left, with its file and line.")
    else:
        start = ("We started from a copy of fls-docs's worked example, Wyvern Valley, a made-up NHS trust. "
                 "`make validate` lists every file that still holds the example's text, with the line; replace "
                 "it with our own.")
    rows = "\n".join(f"| `{CONTENT_DIR}/{p.name}` | {_describe(p)} |" for p in sorted(content))
    text = (SKELETON_DIR / "README.md").read_text(encoding="utf-8")
    return text.replace("@NAME@", name).replace("@START@", "\n".join(textwrap.wrap(start, 78))).replace("@FILES@", rows)


def _makefile(name: str, origin: Origin) -> str:
    text = (SKELETON_DIR / "Makefile").read_text(encoding="utf-8")
    for token, value in (("@NAME@", name), ("@VERSION@", origin.version), ("@ORIGIN@", origin.describe()),
                         ("@PYTHON@", origin.python), ("@SOURCE@", str(origin.checkout or ""))):
        text = text.replace(token, value)
    return text


def _git(directory: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=directory, capture_output=True, text=True)


def first_commit(directory: Path, message: str) -> str:
    """Make ``directory`` a git repository holding everything in it; say what happened.

    Where no git identity is set, the first commit alone is signed as fls-docs,
    leaving the user's git settings untouched.
    """
    if shutil.which("git") is None:
        return "git is not installed, so the folder is not a git repository yet; install git and run `git init` there"
    inside = _git(directory, "rev-parse", "--show-toplevel")
    if inside.returncode == 0:
        return f"the folder is inside the git repository at {inside.stdout.strip()}; add and commit it there"
    identity = []
    for key, default in (("user.name", "fls-docs"), ("user.email", "fls-docs@localhost")):
        if not _git(directory, "config", key).stdout.strip():
            identity += ["-c", f"{key}={default}"]
    for step in (("init", "-q"), ("add", "-A"),
                 (*identity, "-c", "commit.gpgsign=false", "commit", "-q", "-m", message)):
        done = _git(directory, *step)
        if done.returncode != 0:
            return f"git {step[-1] if step[0] == '-c' else step[0]} failed: {(done.stderr or done.stdout).strip()}"
    return "made it a git repository with a first commit"


def create_project(directory: Path, name: str | None = None, blank: bool = False, today: date | None = None,
                   git: bool = True, origin: Origin | None = None, nation: str | None = None) -> NewProject:
    """Create a project in ``directory``: the example's content (or placeholders), schemas, site settings,
    a Makefile that finds or installs fls-docs, a README for the team, and a first git commit.

    ``nation`` (England, Scotland, Wales or Northern Ireland) replaces the one the
    content gives. Refuses to touch a folder that already has any of those files,
    so a team's own content is never overwritten.
    """
    if directory.exists() and not directory.is_dir():
        raise ProjectExists(f"{directory} is a file, not a folder", hint="choose a new folder name for the project")
    names = ("content", "schemas", "mkdocs.yml", "Makefile", ".gitignore", "README.md", "templates/README.md")
    clashes = [n for n in names if (directory / n).exists()]
    if clashes:
        raise ProjectExists(f"{directory} already has {', '.join(clashes)}", hint="choose an empty folder")
    name = " ".join((name or project_name(directory)).split())
    if not name:
        raise UserError("the project's name is empty", hint='give one with --name, for example --name "NHS Borders FLS"')
    origin = origin or current_origin()
    made = NewProject(directory, name)
    content = directory / CONTENT_DIR
    content.mkdir(parents=True, exist_ok=True)
    if blank:
        files, made.left_out = _blank_content(content, name, today or date.today())
    else:
        files = _example_content(content, name)
    if nation:
        _set_in(content / "project.yaml", {("organisation", "nation"): nation})
    shutil.copytree(SCHEMAS_DIR, directory / "schemas", ignore=shutil.ignore_patterns("__pycache__"))
    writes = {
        "mkdocs.yml": set_scalar(EXAMPLE_MKDOCS.read_text(encoding="utf-8"), ("site_name",), name),
        "Makefile": _makefile(name, origin),
        ".gitignore": (SKELETON_DIR / "gitignore").read_text(encoding="utf-8"),
        "README.md": _readme(name, files, blank),
        "templates/README.md": (SKELETON_DIR / "templates-README.md").read_text(encoding="utf-8"),
    }
    for relative, text in writes.items():
        (directory / relative).parent.mkdir(parents=True, exist_ok=True)
        (directory / relative).write_text(text, encoding="utf-8")
    made.created = [content, directory / "schemas", *(directory / r for r in writes)]
    if git:
        start = "a blank project" if blank else "the worked example"
        made.git = first_commit(directory, f"Start {name} from {start} (fls-docs {origin.version})")
    return made
