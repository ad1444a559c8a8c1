"""The ``fls-docs`` command: a thin shell over the package's functions."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from fls_docs import __version__
from fls_docs.diagnostics import Diagnostic, Severity, UserError, ValidationFailed

PROJECT_DIR = click.argument(
    "project_dir", required=False, default=".",
    type=click.Path(file_okay=False, path_type=Path),
)


def _report(diagnostics: list[Diagnostic], building: bool = False) -> None:
    for d in diagnostics:
        click.echo(d.format(), err=True)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    if errors:
        tail = " Nothing was built; build/ is unchanged." if building else ""
        click.echo(f"{errors} error(s), {warnings} warning(s).{tail}", err=True)
    elif warnings:
        click.echo(f"{warnings} warning(s).", err=True)


def _require_project(project_dir: Path) -> None:
    if (inside := _from_content_folder(project_dir)) is not None:
        raise click.ClickException(f"this is the content folder; run fls-docs from the project folder, one level up: {inside}")
    if not (project_dir / "content").is_dir():
        raise click.ClickException(
            f"{project_dir} has no content/ folder, so it is not an fls-docs project. "
            "Run `fls-docs init DIR` to create one."
        )


def _from_content_folder(project_dir: Path) -> str | None:
    """When ``project_dir`` is a project's content/ folder, the same command run from the project folder."""
    import os
    import shlex

    from fls_docs.model.files import CONTENT_DIR, CONTENT_FILES

    folder = project_dir.resolve()
    if folder.name != CONTENT_DIR or not any((folder / spec.filename).is_file() for spec in CONTENT_FILES):
        return None
    ctx = click.get_current_context()
    up = os.path.relpath(folder.parent)
    cd = up == ".."  # run from inside content/: step up first, then name the project folder "."
    words = ["fls-docs", ctx.info_name or ""]
    for param in ctx.command.params:  # the command's arguments; options are left for the user to add back
        value = ctx.params.get(param.name or "")
        if not isinstance(param, click.Argument) or not isinstance(value, Path):
            continue
        if param.name == "project_dir":
            words.append("." if cd else up)
        else:  # a file named on the command line, from where the command will run
            words.append(os.path.relpath(value.resolve(), folder.parent) if cd else str(value))
    return ("cd .. && " if cd else "") + " ".join(shlex.quote(w) for w in words)


class Commands(click.Group):
    """Every command's errors reach the user as located messages, never as a traceback (unless --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as problem:
            _report(problem.diagnostics, building=ctx.invoked_subcommand == "build")
            ctx.exit(1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as fault:  # a fault in fls-docs, not in the project
            if ctx.params.get("debug"):
                raise
            click.echo(f"fls-docs: something went wrong inside fls-docs ({type(fault).__name__}: {fault}). "
                       "Nothing in your content/ was changed. Run the same command with --debug for the details, "
                       "and report them.", err=True)
            ctx.exit(2)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fls-docs")
@click.option("--debug", is_flag=True, help="Show the full Python traceback when something goes wrong inside fls-docs.")
def main(debug: bool) -> None:
    """Build a Fracture Liaison Service project's documents from its content files."""
    _check_pinned_date()


def _check_pinned_date() -> None:
    """FLS_DOCS_TODAY pins the build date; a value that is not a date is a user error, not a crash."""
    import os
    from datetime import date

    pinned = os.environ.get("FLS_DOCS_TODAY")
    if pinned:
        hint = "set it as YYYY-MM-DD between 1990 and 2100, for example 2026-11-26, or unset it to use today's date"
        try:
            when = date.fromisoformat(pinned)
        except ValueError:
            raise UserError(f'FLS_DOCS_TODAY is "{pinned}", which is not a date', hint=hint) from None
        if not date(1990, 1, 1) <= when <= date(2100, 12, 31):
            raise UserError(f"FLS_DOCS_TODAY is {pinned}, outside the dates fls-docs accepts", hint=hint)


@main.command()
@PROJECT_DIR
def validate(project_dir: Path) -> None:
    """Check every content file and report all problems at once.

    Exits 0 when there are no errors (warnings are allowed), 1 otherwise.
    """
    from fls_docs.model.validate import check_project

    _require_project(project_dir)
    checked = check_project(project_dir.resolve())
    diagnostics = list(checked.diagnostics)
    if checked.ok and "calculator" in checked.documents:
        diagnostics += _calculated_warnings(project_dir, checked.documents["calculator"])
    _report(diagnostics)
    if not checked.ok:
        sys.exit(1)
    click.echo(f"{project_dir}: content is valid.")


def _calculated_warnings(project_dir: Path, calculator: object) -> list[Diagnostic]:
    """Warnings only the calculators can give, such as staff funded far from what the caseload needs."""
    from fls_docs.build import today
    from fls_docs.calc.results import calculate
    from fls_docs.calc.staffing_check import staffing_warnings
    from fls_docs.model.validate import load_project

    project, _ = load_project(project_dir)
    return list(staffing_warnings(calculate(project, today(), analyses=False), calculator))


@main.command()
@PROJECT_DIR
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
@click.option("--verbose", "-v", is_flag=True, help="List each output as it is built, and every warning.")
@click.option("--force", is_flag=True, help="Rebuild everything, even what is up to date.")
@click.option("--explain", is_flag=True, help="Say why each output was or was not rebuilt.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Outputs to render at once (default: the number of cores).")
@click.option("--profile", type=click.Choice(["draft", "review", "final"]), default="draft", show_default=True,
              help="Who the copy is for: draft (the team: every page, placeholders allowed), review or final "
                   "(readers: no pages for the team, document status set to match; final refuses any placeholder).")
def build(project_dir: Path, quiet: bool, verbose: bool, force: bool, explain: bool, jobs: int | None,
          profile: str) -> None:
    """Validate, calculate and render what changed into build/.

    Only outputs whose inputs changed are rebuilt. If anything fails, build/
    keeps the outputs of the last good build. A good build prints one line:
    what it built, how long it took and how many warnings there are
    (--verbose lists them); a failed one lists every problem.
    """
    import time

    from fls_docs.build import RenderFailed
    from fls_docs.build import build as run_build
    from fls_docs.progress import Progress

    started = time.monotonic()
    _require_project(project_dir)
    progress = Progress(quiet=quiet, transient=not verbose)
    try:
        report = run_build(project_dir, progress, force=force, jobs=jobs, profile=profile)
    except ValidationFailed as failed:
        progress.close()
        _report(failed.diagnostics, building=True)
        sys.exit(1)
    except RenderFailed as exc:
        progress.close()
        click.echo(f"Could not build {exc.target}; build/ is unchanged.\n{exc.reason}", err=True)
        sys.exit(1)
    if quiet:  # problems only, as before
        _report(report.warnings)
    elif verbose:
        for d in report.warnings:
            click.echo(d.format(), err=True)
    if quiet or verbose:
        for line in report.remembered_warnings:
            click.echo(line, err=True)
    plain = _plain_english_points(project_dir) if not report.nothing_to_do and not quiet else 0
    if explain:
        for d in report.decisions:
            click.echo(f"{d.target}: {'rebuilt' if d.rebuild else 'skipped'} ({d.reason})")
    if quiet:
        return
    if verbose and not report.nothing_to_do:
        root = project_dir.resolve()
        for path in report.outputs:
            click.echo(f"built {path.relative_to(root)}")
    warnings = len(report.warnings) + len(report.remembered_warnings)
    built = 0 if report.nothing_to_do else len(report.outputs)
    click.echo(build_summary(built, time.monotonic() - started, warnings, plain, verbose))


def build_summary(built: int, seconds: float, warnings: int, plain_english: int = 0, listed: bool = False) -> str:
    """The one line a good build ends with: what it did, and what is left to look at."""
    done = "Nothing changed; build/ is up to date" if not built else \
        f"Built {built} output{'s' if built != 1 else ''} in {seconds:.1f} s"
    if not warnings:
        said = "no warnings"
    else:
        said = f"{warnings} warning{'s' if warnings != 1 else ''}"
        said += " (listed above)" if listed else " (fls-docs build --verbose lists them)"
    if plain_english:
        said += f"; {plain_english} plain-English point{'s' if plain_english != 1 else ''} (fls-docs check lists them)"
    return f"{done}: {said}."


@main.command()
@click.argument("programme_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Rebuild every project and the programme page, even what is up to date.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Projects to build at once (default: the number of cores).")
@click.option("--profile", type=click.Choice(["draft", "review", "final"]), default="draft", show_default=True,
              help="Who each project's copy is for, as for fls-docs build.")
def programme(programme_dir: Path, force: bool, jobs: int | None, profile: str) -> None:
    """Build every project in PROGRAMME_DIR (one folder each) and a page comparing them.

    Projects build in parallel, each rebuilding only what changed. A project with
    problems is listed with them and the others still build; the command then exits 1.
    The page is build/programme/index.html.
    """
    import time

    from fls_docs.build import RenderFailed
    from fls_docs.programme import build_programme

    started = time.monotonic()

    def said(outcome) -> None:  # as each project finishes
        if not outcome.ok:
            click.echo(f"{outcome.folder}: could not build ({len(outcome.errors)} problem(s)); its build/ is unchanged", err=True)
            for error in outcome.errors:
                click.echo(f"  {outcome.folder}/{error}" if error.startswith("content/") else f"  {error}", err=True)
            return
        done = f"built {outcome.built} output{'s' if outcome.built != 1 else ''}" if outcome.built else "up to date"
        click.echo(f"{outcome.folder}: {done}" + (f", {outcome.warnings} warning(s)" if outcome.warnings else ""))

    try:
        report = build_programme(programme_dir, force=force, profile=profile, jobs=jobs, on_project=said)
    except RenderFailed as exc:
        click.echo(f"Could not build the {exc.target}; the last one is unchanged.\n{exc.reason}", err=True)
        sys.exit(1)
    built = len(report.outcomes) - len(report.failed)
    page = report.page.relative_to(programme_dir.resolve())
    click.echo(f"{built} of {len(report.outcomes)} projects built in {time.monotonic() - started:.1f} s; "
               f"programme page {page} {'rebuilt' if report.page_rebuilt else 'up to date'}.")
    if report.failed:
        click.echo(f"{len(report.failed)} project(s) failed: {', '.join(o.folder for o in report.failed)}.", err=True)
        sys.exit(1)


@main.command()
@PROJECT_DIR
@click.option("--json", "as_json", is_flag=True, help="Print every input (with its source) and every output as JSON.")
@click.option("--samples", type=click.IntRange(min=100, max=1_000_000), default=None,
              help="Also run the probabilistic analysis with this many samples, for example 10000.")
@click.option("--seed", type=click.IntRange(min=0), default=20261125, show_default=True, help="Random seed for --samples; the same seed gives the same results.")
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Calculator inputs to use instead of content/calculator.yaml, such as a published evaluation's "
                   "(benchmarks/published/).")
@click.option("--cohort", type=click.FloatRange(min=1, max=10_000_000), default=None,
              help="Follow one group of this many fracture patients (with the catchment's mix of ages, sexes and "
                   "sites) instead of the catchment's caseload, as published evaluations do.")
def calc(project_dir: Path, as_json: bool, samples: int | None, seed: int, scenario: Path | None,
         cohort: float | None) -> None:
    """Print the economic evaluation, budget impact and cost results."""
    from fls_docs.build import today
    from fls_docs.calc.export import results_to_dict
    from fls_docs.calc.results import calculate
    from fls_docs.model.validate import load_project, load_scenario
    from fls_docs.render.text import results_table

    _require_project(project_dir)
    try:
        project, _ = load_scenario(project_dir, scenario) if scenario else load_project(project_dir)
    except ValidationFailed as failed:
        _report(failed.diagnostics)
        sys.exit(1)
    if cohort is not None:
        project = replace(project, calculator=replace(project.calculator, cohort_size=cohort))
    results = calculate(project, today(), samples=samples, seed=seed)
    if as_json:
        click.echo(json.dumps(results_to_dict(results), indent=2, default=str))
    else:
        click.echo(results_table(project, results))


@main.command()
@PROJECT_DIR
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to serve on (0 picks a free one).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Outputs to render at once.")
def serve(project_dir: Path, host: str, port: int, jobs: int | None) -> None:
    """Preview the site, rebuilding what changed whenever a content file, template or mkdocs.yml is saved."""
    from fls_docs.serve import serve as run_serve

    _require_project(project_dir)
    try:
        run_serve(project_dir, host, port, jobs, say=lambda text: click.echo(text, err=True))
    except OSError as failed:
        raise UserError(f"cannot serve on {host}:{port}: {failed.strerror or failed}",
                        hint="choose another port with --port, or --port 0 for any free one") from None


def _plain_english_points(project_dir: Path) -> int:
    """After a build, how many points `fls-docs check` finds, counted as warnings: a build never fails on wording."""
    from fls_docs.check import check_project

    return len(check_project(project_dir).diagnostics(as_warnings=True))


@main.command()
@PROJECT_DIR
def check(project_dir: Path) -> None:
    """Check the built documents and site pages for plain English.

    Reports each one's reading grade and ease, long sentences, acronyms not spelled
    out on first use, and "a"/"an" and number slips. Exits 1 when a goal is missed
    in text the templates write; the team's own text only gets warnings.
    """
    from fls_docs.check import check_project

    _require_project(project_dir)
    report = check_project(project_dir)
    click.echo(report.summary())
    _report(report.diagnostics())
    if report.errors:
        sys.exit(1)


@main.command("import-plan")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@PROJECT_DIR
@click.option("--dry-run", is_flag=True, help="Show the changes as a diff without writing plan.yaml.")
@click.option("--prefer", type=click.Choice(["workbook", "yaml"]), default=None,
              help="For cells changed both in the workbook and in plan.yaml since the workbook was made, "
                   "keep the workbook's value or plan.yaml's. Without it such cells stop the import.")
@click.option("--force", is_flag=True,
              help="Import a workbook made for another project, or one that does not say which project it is for.")
def import_plan_command(workbook: Path, project_dir: Path, dry_run: bool, prefer: str | None, force: bool) -> None:
    """Bring status, dates, % complete and notes edited in WORKBOOK back into content/plan.yaml."""
    from fls_docs.plan_import import import_plan

    _require_project(project_dir)
    result = import_plan(project_dir.resolve(), workbook, dry_run=dry_run, prefer=prefer, force=force)
    lines = [f"{edit.cell}: task {edit.task_id} {edit.key.replace('_', ' ')} -> "
             f"{edit.value if edit.value not in (None, '') else '(cleared)'}" for edit in result.edits]
    lines += [f"{addition.cell}: task {addition.task_id} added: {addition.fields['title']}" for addition in result.added]
    _finish_import(workbook, result, lines, dry_run, "content/plan.yaml", "content/plan.yaml")


@main.command("import-indicators")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@PROJECT_DIR
@click.option("--dry-run", is_flag=True, help="Show the changes as a diff without writing the CSV file.")
@click.option("--force", is_flag=True, help="Import a workbook made for another project, or one that does not say.")
def import_indicators_command(workbook: Path, project_dir: Path, dry_run: bool, force: bool) -> None:
    """Bring monthly counts typed into WORKBOOK's Enter counts sheet back into the indicators CSV file."""
    from fls_docs.indicators_import import import_indicators

    _require_project(project_dir)
    result = import_indicators(project_dir.resolve(), workbook, dry_run=dry_run, force=force)
    _finish_import(workbook, result, [change.describe() for change in result.changes], dry_run,
                   "the indicators CSV file", result.csv_file)


def _finish_import(workbook: Path, result: Any, lines: list[str], dry_run: bool, target: str, written: str) -> None:
    """What each import command prints: rows skipped, problems (exit 1), no changes, a dry run's diff, or each change.

    ``result`` has ``skipped``, ``ok``, ``diagnostics`` and ``diff``; ``lines`` says each change in a line;
    ``target`` names the file in messages, and ``written`` the file the changes went into.
    """
    for note in result.skipped:
        click.echo(f"{workbook.name}: not applied: {note}", err=True)
    if not result.ok:
        _report(result.diagnostics)
        click.echo(f"Nothing was written; {target} is unchanged.", err=True)
        sys.exit(1)
    if not lines:
        click.echo(f"No changes: the workbook matches {target}.")
        return
    if dry_run:
        click.echo(result.diff, nl=False)
        click.echo(f"{len(lines)} change(s) would be made (dry run: nothing written).")
        return
    for line in lines:
        click.echo(line)
    click.echo(f"Updated {written} with {len(lines)} change(s). Run `fls-docs build` to rebuild.")


@main.command("import-population")
@click.argument("estimates", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@PROJECT_DIR
@click.option("--area", "areas", multiple=True, metavar="CODE[:SHARE]",
              help="An area of the catchment by its code (or name), with the share of its people in the catchment "
                   "if not all of them: --area E06000047 --area E07000123:0.4. Repeat for each area.")
@click.option("--areas", "area_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A text file of areas, one a line: CODE or CODE,SHARE.")
@click.option("--year", type=click.IntRange(1990, 2100), default=None,
              help="The year of the estimates to use (default: the latest year the file has for every area).")
@click.option("--dry-run", is_flag=True, help="Show the changes as a diff without writing project.yaml.")
def import_population_command(estimates: Path, project_dir: Path, areas: tuple[str, ...], area_file: Path | None,
                              year: int | None, dry_run: bool) -> None:
    """Write the catchment's population from ESTIMATES, a mid-year estimates CSV file (ONS, NRS or NISRA).

    Single years of age by sex are added up into the bands 50-54 to 90+ and written into
    content/project.yaml with the total population, the year and the source; comments are kept.
    """
    from fls_docs.population_import import describe, import_population, parse_area, read_area_file

    _require_project(project_dir)
    chosen = [parse_area(area) for area in areas] + (read_area_file(area_file) if area_file else [])
    result = import_population(project_dir.resolve(), estimates, chosen, year=year, dry_run=dry_run)
    if not result.ok:
        _report(result.diagnostics)
        click.echo("Nothing was written; content/project.yaml is unchanged.", err=True)
        sys.exit(1)
    for line in describe(result.population):
        click.echo(line)
    if dry_run:
        click.echo(result.diff, nl=False)
        click.echo("Dry run: nothing written.")
    elif result.written:
        click.echo("Updated the catchment in content/project.yaml. Run `fls-docs build` to rebuild.")
    else:
        click.echo("No changes: content/project.yaml already holds these figures.")


@main.command()
@click.argument("kind", type=click.Choice(["member", "task", "stakeholder", "indicator"]))
@click.argument("old")
@click.argument("new")
@PROJECT_DIR
@click.option("--dry-run", is_flag=True, help="Show the changes as a diff without writing any file.")
def rename(kind: str, old: str, new: str, project_dir: Path, dry_run: bool) -> None:
    """Rename a team member's id, a task's id, a stakeholder group's name or an indicator's id, everywhere.

    KIND is member, task, stakeholder or indicator. Every reference in the content files
    (leads, owners, RACI, dependencies, [[task.OLD.due]] in text, the indicators CSV file)
    changes with it; nothing else in the files does, comments included.
    """
    from fls_docs.rename import rename as run_rename

    _require_project(project_dir)
    result = run_rename(project_dir.resolve(), kind, old, new, dry_run=dry_run)
    if not result.ok:
        _report(result.diagnostics)
        click.echo("Nothing was written.", err=True)
        sys.exit(1)
    for change in result.changes:
        click.echo(change.describe())
    if dry_run:
        click.echo(result.diff, nl=False)
        click.echo(f"{len(result.changes)} change(s) would be made (dry run: nothing written).")
    else:
        click.echo(result.summary())


@main.command()
@PROJECT_DIR
@click.option("--dry-run", is_flag=True, help="Show the changes as a diff without writing any file.")
def migrate(project_dir: Path, dry_run: bool) -> None:
    """Upgrade the content files to the layout this fls-docs reads, keeping every comment.

    `fls-docs validate` says when a file needs it. Each change is reported.
    """
    from fls_docs.migrate import migrate_project

    _require_project(project_dir)
    result = migrate_project(project_dir.resolve(), dry_run=dry_run)
    if not result.ok:
        _report(result.diagnostics)
        click.echo("Nothing was written.", err=True)
        sys.exit(1)
    for line in result.report():
        click.echo(line)
    if dry_run and result.diff:
        click.echo(result.diff, nl=False)
        click.echo("Dry run: nothing written.")


@main.command("diff")
@click.argument("rev_a", required=False)
@click.argument("rev_b", required=False)
@click.option("--project", "-C", "project_dir", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The project folder.")
@click.option("--markdown", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the changes as a Markdown page to this file, for the project board's papers.")
def diff_command(rev_a: str | None, rev_b: str | None, project_dir: Path, markdown: Path | None) -> None:
    """List what changed in the deliverables between two git revisions of the content.

    Figures from the calculators (old -> new), tasks added, removed or retitled,
    dates moved, statuses and the documents' text. With no revision: the last
    commit against your uncommitted changes if content/ has any, else HEAD~1
    against HEAD. With one: that revision against the files as they are now.
    """
    from fls_docs.diff import diff_project

    _require_project(project_dir)
    changes = diff_project(project_dir, rev_a, rev_b)
    click.echo(changes.as_text(), nl=False)
    if markdown:
        markdown.write_text(changes.as_markdown(), encoding="utf-8")
        click.echo(f"wrote {markdown}")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--name", default=None, help='The project\'s name, for the documents and the site, such as "NHS Borders '
                                           'FLS" (default: made from the folder\'s name).')
@click.option("--blank", is_flag=True, help="Start from placeholders only, instead of a copy of the worked example.")
@click.option("--nation", type=click.Choice(["England", "Scotland", "Wales", "Northern Ireland"]), default=None,
              help="The UK nation the service is in (default: the example's, England).")
@click.option("--no-git", "no_git", is_flag=True, help="Do not make the folder a git repository.")
def init(directory: Path, name: str | None, blank: bool, nation: str | None, no_git: bool) -> None:
    """Create a new project in DIRECTORY, ready to edit and build with `make docs`.

    It holds a copy of the worked example (or, with --blank, placeholders), the
    schemas, mkdocs.yml, a Makefile that finds or installs this fls-docs, and a
    README for the team, and is a git repository with a first commit.
    """
    from fls_docs.project_init import create_project

    made = create_project(directory, name=name, blank=blank, git=not no_git, nation=nation)
    for path in made.created:
        click.echo(f"created {path}")
    for note in made.left_out:
        click.echo(note)
    if made.git:
        click.echo(f"git: {made.git}")
    click.echo(f'\nCreated "{made.name}". Next: cd {directory}, edit the files in content/, then run `make docs`.')


if __name__ == "__main__":  # pragma: no cover
    main()
