"""Bring a catchment's population from a statistics office's mid-year estimates into project.yaml.

The estimates come as CSV files of people by single year of age and sex for
each area. Three published layouts are read, told apart by their header row:

- ONS "MYEB1" detailed time series (England, Wales, and the UK's other
  nations; StatsWales publishes the same ONS estimates for Wales): one row per
  area, sex (1 male, 2 female) and age (90 meaning 90 and over), with a column
  per year, ``ladcode21, laname21, country, sex, age, population_2001, ...``.
- NISRA's single-year-of-age file (Northern Ireland): one row per area, year,
  sex and age, ``area, area_code, area_name, year, gender, age, MYE``.
- National Records of Scotland's tables, and Public Health Scotland's open-data
  copies of them: one row per area (and year) and sex, with a column per age,
  ``Year, CA, CAQF, Sex, AllAges, Age0, ..., Age90plus`` or
  ``Area code, Area name, Sex, All ages, 0, ..., 90+``.

A catchment may be several areas, or shares of areas (``E07000123:0.4``): each
single year of age is multiplied by its area's share before the years are
added into five-year bands, and each band is rounded once, at the end.

Only the catchment block of project.yaml is rewritten (with ruamel.yaml, which
keeps its comments); every other line of the file stays byte for byte.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.scalarstring import FoldedScalarString

from fls_docs.diagnostics import ContentChanges, Diagnostic, Severity, UserError
from fls_docs.model.files import CONTENT_DIR
from fls_docs.model.schema import load_schema
from fls_docs.model.validate import check_project
from fls_docs.plan_import import _break, _composer, _line_end, _line_start, _read_text, _span, _write_atomically

PROJECT_FILE = f"{CONTENT_DIR}/project.yaml"
SEXES = ("female", "male")
TOP_AGE = 90  # every layout ends with an open band: 90 and over
MAX_FILE_BYTES = 500_000_000  # the whole-UK MYEB1 file is about 60 MB
_WIDTH = 80  # where the written source text is folded


@dataclass(frozen=True)
class Area:
    code: str  # an area code such as E06000047, or the area's name as the file gives it
    share: float = 1.0  # the part of the area's people who live in the catchment


@dataclass(frozen=True)
class Layout:
    """A published file layout: how to recognise its header and how to read its rows."""

    name: str  # as messages name it
    office: str  # who publishes it, for the source text
    columns: str  # the columns it needs, for the message when no layout matches
    matches: Callable[[dict[str, int]], bool]
    area: Callable[[dict[str, int]], tuple[int, int | None]]  # where a row's area code and name are
    records: Callable[[dict[str, int], list[str], int | None], Iterator["Record"]]  # (columns, row, --year)


@dataclass(frozen=True)
class Record:
    """People of one area, year, sex and single year of age (TOP_AGE: that age and over)."""

    code: str
    name: str
    year: int
    sex: str | None  # female, male, or None for both sexes together (skipped)
    age: int
    people: float


@dataclass
class Estimates:
    """What was read for the catchment: people by area, year, sex and age, and the areas' names."""

    layout: Layout
    counts: dict[tuple[str, int, str, int], float] = field(default_factory=dict)  # (code, year, sex, age)
    names: dict[str, str] = field(default_factory=dict)  # code -> name
    codes: dict[str, str] = field(default_factory=dict)  # what was asked for (upper case) -> the file's code
    seen: set[str] = field(default_factory=set)  # every area code in the file, for a "did you mean"


@dataclass(frozen=True)
class Population:
    """The catchment's figures as written into project.yaml."""

    year: int
    total: int
    bands: dict[str, dict[str, int]]  # sex -> band -> people
    source: str


@dataclass
class PopulationImportResult(ContentChanges):
    population: Population | None = None


class ImportProblem(UserError):
    """The estimates file or the areas asked for cannot give the catchment's figures."""


class _RowProblem(Exception):
    """A value in a row that cannot be read; the reader adds the file and line."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


# --- the areas asked for ----------------------------------------------------------------------------------


_SHARE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(%?)\s*$")


def parse_area(text: str, where: str = "--area") -> Area:
    """``E06000047`` or ``E07000123:0.4`` (or ``:40%``): an area and the share of it in the catchment."""
    code, _, share_text = text.strip().partition(":")
    code = code.strip()
    if not code:
        raise ImportProblem(f'{where} "{text}" names no area', hint="give an area code such as E06000047, "
                            "optionally with the share of it in the catchment, such as E07000123:0.4")
    if not share_text.strip():
        return Area(code)
    match = _SHARE.match(share_text)
    share = float(match[1]) / (100 if match[2] else 1) if match else math.nan
    if not 0 < share <= 1:
        raise ImportProblem(f'{where} "{text}": the share "{share_text.strip()}" is not between 0 and 1',
                            hint="write the part of the area in the catchment as a decimal, such as 0.4, or a "
                                 "percentage, such as 40%")
    return Area(code, share)


def read_area_file(path: Path) -> list[Area]:
    """Areas from a small text file: one area a line, ``CODE`` or ``CODE,SHARE``; ``#`` starts a comment."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportProblem(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})",
                            hint="give a UTF-8 text file with one area code a line") from None
    areas = []
    for number, line in enumerate(lines, start=1):
        line = line.split("#", 1)[0].strip()
        if line:
            code, *rest = re.split(r"\s*[,;\t]\s*|\s*:\s*|\s+", line, maxsplit=1)
            areas.append(parse_area(f"{code}:{rest[0]}" if rest else code, f"{path.name}:{number}"))
    return areas


def check_areas(areas: list[Area]) -> None:
    if not areas:
        raise ImportProblem("no areas were given", hint="name the catchment's areas with --area CODE (repeat it for "
                            "each area) or --areas FILE, for example --area E06000047 --area E07000123:0.4")
    seen: set[str] = set()
    for area in areas:
        if area.code.upper() in seen:
            raise ImportProblem(f'the area "{area.code}" is given twice', hint="give each area once, with its share")
        seen.add(area.code.upper())


# --- reading the estimates file ---------------------------------------------------------------------------


def _key(header: str) -> str:
    """A column name as the layouts compare it: lower case, with spaces and underscores alike."""
    return re.sub(r"[\s_]+", "_", header.strip().lstrip("\ufeff").strip().lower())


_AGE = re.compile(r"^(?:age_?|x)?(\d{1,3})_?(\+|plus|and_over|_and_over)?\.?$")


def _age(text: str) -> int | None:
    """A single year of age as a file writes it ("54", "Age54", "90+", "Age90plus"); 90 and over is TOP_AGE."""
    match = _AGE.match(_key(text))
    return min(int(match[1]), TOP_AGE) if match else None


_SEX_WORDS = {"1": "male", "m": "male", "male": "male", "males": "male", "men": "male",
              "2": "female", "f": "female", "female": "female", "females": "female", "women": "female",
              "all": None, "all_persons": None, "persons": None, "people": None, "p": None, "0": None}


def _sex(text: str) -> str | None:
    key = _key(text)
    if key not in _SEX_WORDS:
        raise _RowProblem(f'"{text}" is not a sex this importer knows',
                          "the file should code sex as 1 and 2, M and F, or Male and Female")
    return _SEX_WORDS[key]


def _number(text: str, column: str) -> float:
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise _RowProblem(f'the {column} value "{text.strip()}" is not a number of people',
                          "check the file is the statistics office's CSV file, unchanged")
    return value


def _year(text: str) -> int:
    match = re.search(r"(19|20)\d\d", text)
    if not match:
        raise _RowProblem(f'"{text.strip()}" is not a year', "check the file's Year column")
    return int(match[0])


def _first(columns: dict[str, int], *names: str, pattern: str | None = None) -> int | None:
    for name in names:
        if name in columns:
            return columns[name]
    if pattern:
        for name, index in columns.items():
            if re.fullmatch(pattern, name):
                return index
    return None


def _age_at(columns: dict[str, int], row: list[str]) -> int:
    age = _age(row[columns["age"]])
    if age is None:
        raise _RowProblem(f'"{row[columns["age"]]}" is not an age', "check the file's age column")
    return age


# ONS MYEB1: ladcodeNN, lanameNN, country, sex, age, population_YYYY...
def _ons_matches(columns: dict[str, int]) -> bool:
    return (_first(columns, pattern=r"ladcode\d*") is not None and {"sex", "age"} <= columns.keys()
            and any(re.fullmatch(r"population_\d{4}", name) for name in columns))


def _ons_area(columns: dict[str, int]) -> tuple[int, int | None]:
    return _first(columns, pattern=r"ladcode\d*"), _first(columns, pattern=r"laname\d*")  # type: ignore[return-value]


def _ons_records(columns: dict[str, int], row: list[str], _: int | None) -> Iterator[Record]:
    code, name = _ons_area(columns)
    age, sex = _age_at(columns, row), _sex(row[columns["sex"]])
    for column, index in columns.items():
        if re.fullmatch(r"population_\d{4}", column) and row[index].strip():
            yield Record(row[code].strip(), row[name].strip() if name is not None else "", int(column[-4:]), sex, age,
                         _number(row[index], column))


# NISRA single year of age: area, area_code, area_name, year, gender, age, MYE
def _nisra_matches(columns: dict[str, int]) -> bool:
    return {"area_code", "year", "age", "mye"} <= columns.keys() and ("gender" in columns or "sex" in columns)


def _nisra_area(columns: dict[str, int]) -> tuple[int, int | None]:
    return columns["area_code"], _first(columns, "area_name")


def _nisra_records(columns: dict[str, int], row: list[str], _: int | None) -> Iterator[Record]:
    code, name = _nisra_area(columns)
    yield Record(row[code].strip(), row[name].strip() if name is not None else "", _year(row[columns["year"]]),
                 _sex(row[_first(columns, "gender", "sex")]), _age_at(columns, row),  # type: ignore[index]
                 _number(row[columns["mye"]], "MYE"))


# NRS and Public Health Scotland: [Year,] area code, [area name,] Sex, All ages, one column per age
_AREA_CODES = ("area_code", "ca", "hb", "hscp", "council_area_code", "health_board_code", "code")
_AREA_NAMES = ("area_name", "name", "council_area_name", "health_board_name")


def _wide_ages(columns: dict[str, int]) -> dict[int, int]:
    """Column index -> age, for the columns that hold one year of age."""
    return {index: age for name, index in columns.items() if (age := _age(name)) is not None}


def _wide_matches(columns: dict[str, int]) -> bool:
    return ("sex" in columns and _first(columns, *_AREA_CODES) is not None
            and set(range(TOP_AGE + 1)) <= set(_wide_ages(columns).values()))


def _wide_area(columns: dict[str, int]) -> tuple[int, int | None]:
    return _first(columns, *_AREA_CODES), _first(columns, *_AREA_NAMES)  # type: ignore[return-value]


def _wide_records(columns: dict[str, int], row: list[str], year: int | None) -> Iterator[Record]:
    code, name = _wide_area(columns)
    if "year" in columns:
        year = _year(row[columns["year"]])
    elif year is None:
        raise ImportProblem("the file has no Year column, so it does not say which year its estimates are for",
                            hint="give the year with --year, for example --year 2023")
    sex = _sex(row[columns["sex"]])
    for index, age in _wide_ages(columns).items():
        if row[index].strip():
            yield Record(row[code].strip(), row[name].strip() if name is not None else "", year, sex, age,
                         _number(row[index], f"age {age}"))


ONS = Layout("ONS mid-year estimates (MYEB1 detailed time series)", "Office for National Statistics (ONS)",
             "ladcode, laname, country, sex, age, population_YYYY (one column a year)",
             _ons_matches, _ons_area, _ons_records)
NISRA = Layout("NISRA mid-year estimates by single year of age", "Northern Ireland Statistics and Research Agency (NISRA)",
               "area, area_code, area_name, year, gender, age, MYE", _nisra_matches, _nisra_area, _nisra_records)
NRS = Layout("NRS mid-year estimates by single year of age", "National Records of Scotland (NRS)",
             "Year, an area code (Area code, CA or HB), Sex, All ages, and one column an age "
             "(0 to 90+, or Age0 to Age90plus)", _wide_matches, _wide_area, _wide_records)
LAYOUTS = (ONS, NISRA, NRS)


def detect_layout(header: list[str], file: str) -> tuple[Layout, dict[str, int]]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        columns.setdefault(_key(name), index)
    for layout in LAYOUTS:
        if layout.matches(columns):
            return layout, columns
    expected = "; ".join(f"{layout.name}: {layout.columns}" for layout in LAYOUTS)
    shown = ", ".join(h.strip() for h in header[:8]) + (", ..." if len(header) > 8 else "")
    raise ImportProblem(f"the columns ({shown}) are not those of a mid-year estimates file this importer reads",
                        file=file, line=1, column=1,
                        hint=f"give the statistics office's CSV file as published. The columns expected are, for {expected}")


def _open(path: Path) -> io.TextIOBase:
    """The file as text: UTF-8 (with or without a byte-order mark), else Windows-1252 as older ONS files are."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportProblem(f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB", file=path.name,
                                hint="check it is the statistics office's estimates file")
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"{path}: cannot be read ({exc.strerror or exc})", hint="check the file name") from None
    try:
        return io.StringIO(raw.decode("utf-8-sig"), newline="")
    except UnicodeDecodeError:
        return io.StringIO(raw.decode("cp1252", errors="replace"), newline="")


def read_estimates(path: Path, areas: list[Area], year: int | None = None) -> Estimates:
    """The rows of ``path`` for the areas asked for (matched by code or by name, in any case)."""
    wanted = {area.code.upper() for area in areas}
    with _open(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header:
            raise ImportProblem("the file is empty", file=path.name, hint="give the statistics office's CSV file")
        layout, columns = detect_layout(header, path.name)
        code_at, name_at = layout.area(columns)
        found = Estimates(layout)
        try:
            for line, row in enumerate(reader, start=2):
                row += [""] * (len(header) - len(row))
                found.seen.add(row[code_at].strip())
                asked = next((cell.strip().upper() for cell in (row[code_at], row[name_at] if name_at is not None else "")
                              if cell.strip().upper() in wanted), None)
                if asked is None:  # most rows: another area, skipped before anything else is read
                    continue
                try:
                    records = list(layout.records(columns, row, year))
                except _RowProblem as problem:
                    raise ImportProblem(problem.message, file=path.name, line=line, hint=problem.hint) from None
                for record in records:
                    if record.sex is None:
                        continue
                    found.codes[asked] = record.code
                    found.names[record.code] = record.name
                    key = (record.code, record.year, record.sex, record.age)
                    found.counts[key] = found.counts.get(key, 0.0) + record.people  # ages over 90 add into 90+
        except csv.Error as exc:
            raise ImportProblem(f"cannot be read as CSV ({exc})", file=path.name,
                                hint="give the statistics office's CSV file as published") from None
    return found


# --- banding ------------------------------------------------------------------------------------------------


def bands() -> dict[str, range]:
    """The catchment's age bands, from the project schema (the one place that lists them), as ranges of ages."""
    out = {}
    for band in load_schema("project")["$defs"]["age_bands"]["required"]:
        low, _, high = band.partition("-")
        out[band] = range(int(low.rstrip("+")), int(high) + 1 if high else TOP_AGE + 1)
    return out


def _half_up(value: float) -> int:
    return math.floor(value + 0.5)


def catchment_population(estimates: Estimates, areas: list[Area], file: str, year: int | None = None) -> Population:
    """The catchment's people by sex and band, its total, and where they come from."""
    for area in areas:
        if area.code.upper() not in estimates.codes:
            close = difflib.get_close_matches(area.code.upper(), sorted(estimates.seen), n=1, cutoff=0.6)
            raise ImportProblem(f'has no rows for the area "{area.code}"', file=file,
                                hint=f'did you mean "{close[0]}"?' if close else "check the area code, and that the "
                                "file is for the nation the area is in")
    codes = [estimates.codes[a.code.upper()] for a in areas]
    years = {y for (code, y, _, _) in estimates.counts if code in codes}
    if not years:
        raise ImportProblem("has figures for men and women together only", file=file,
                            hint="use the file with single years of age for each sex")
    complete = [y for y in years if all((c, y, s, a) in estimates.counts
                                        for c in codes for s in SEXES for a in range(TOP_AGE + 1))]
    chosen = year if year is not None else max(complete or years)
    if chosen not in years:
        raise ImportProblem(f"has no estimates for {chosen}", file=file,
                            hint="choose one of the years it holds: " + ", ".join(map(str, sorted(years))))
    people = {sex: [0.0] * (TOP_AGE + 1) for sex in SEXES}
    for area, code in zip(areas, codes):
        for sex in SEXES:
            gaps = [a for a in range(TOP_AGE + 1) if (code, chosen, sex, a) not in estimates.counts]
            if gaps:
                raise ImportProblem(f"{code} has no {sex} figures for {chosen} at ages {_ranges(gaps)}", file=file,
                                    hint="use the file with every single year of age, 0 to 90 and over")
            for age in range(TOP_AGE + 1):
                people[sex][age] += estimates.counts[(code, chosen, sex, age)] * area.share  # share before banding
    banded = {sex: {band: _half_up(sum(people[sex][a] for a in ages)) for band, ages in bands().items()} for sex in SEXES}
    total = _half_up(sum(sum(ages) for ages in people.values()))
    return Population(chosen, total, banded, _source_text(estimates, areas, codes, chosen, file))


def _ranges(ages: list[int]) -> str:
    spans: list[list[int]] = []
    for age in ages:
        if spans and age == spans[-1][1] + 1:
            spans[-1][1] = age
        else:
            spans.append([age, age])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


def _share_text(share: float) -> str:
    return f"{share * 100:.4g}% of "


def _source_text(estimates: Estimates, areas: list[Area], codes: list[str], year: int, file: str) -> str:
    parts = [f"{_share_text(a.share) if a.share < 1 else ''}{estimates.names.get(c) or c} ({c})" if estimates.names.get(c)
             else f"{_share_text(a.share) if a.share < 1 else ''}{c}" for a, c in zip(areas, codes)]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return (f"{estimates.layout.office} mid-year population estimates for mid-{year}, by single year of age and "
            f"sex (file {file}), for {listed}.")


# --- writing project.yaml ----------------------------------------------------------------------------------


def _catchment_span(text: str) -> tuple[int, int]:
    """Where the catchment block sits: from its key's line to the end of its last value's line."""
    try:
        root = yaml.compose(text, Loader=_composer())
    except yaml.YAMLError as exc:
        raise ImportProblem(f"{PROJECT_FILE}: cannot be read ({exc})", file=PROJECT_FILE,
                            hint="fix the file first; fls-docs validate shows where") from None
    pair = next(((k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "catchment"), None) \
        if isinstance(root, yaml.MappingNode) and not root.flow_style else None
    if pair is None:
        raise ImportProblem("there is no catchment: block to write the population into", file=PROJECT_FILE,
                            hint="add catchment: with a name, as in the example project")
    key, value = pair
    if key.start_mark.column != 0 or not isinstance(value, yaml.MappingNode) or value.flow_style:
        raise ImportProblem("the catchment is not written as a block of fields, one to a line", file=PROJECT_FILE,
                            line=key.start_mark.line + 1, column=key.start_mark.column + 1,
                            hint="write catchment: as in the example project, then import again")
    return _line_start(text, key.start_mark.index), _line_end(text, _span(text, value, key.end_mark.index).end)


def _round_tripper(indent: int) -> YAML:
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096  # never re-fold a line the file already has
    rt.indent(mapping=indent, sequence=indent + 2, offset=indent)
    return rt


def _folded(text: str, indent: int) -> str:
    """Long text as a folded (>-) block wrapped to the page, as the example writes it; short text as it is."""
    lines = textwrap.wrap(text, _WIDTH - indent, break_long_words=False, break_on_hyphens=False)
    if len(lines) < 2 or " ".join(lines) != text:
        return text
    folded = FoldedScalarString(text)
    folded.fold_pos = [sum(len(line) + 1 for line in lines[:i + 1]) - 1 for i in range(len(lines) - 1)]  # type: ignore[attr-defined]
    return folded


def write_catchment(text: str, population: Population) -> str:
    """``text`` (project.yaml) with the catchment's population, year, total and source replaced."""
    start, end = _catchment_span(text)
    fragment = text[start:end]
    newline = _break(text, end)
    indent = re.search(r"\n([ \t]+)\S", fragment)
    width = len(indent[1]) if indent else 2
    rt = _round_tripper(width)
    try:
        data = rt.load(fragment)
    except RuamelError as exc:
        raise ImportProblem(f"the catchment block cannot be edited safely ({exc.__class__.__name__})", file=PROJECT_FILE,
                            hint="write it as in the example project, without anchors (&) or aliases (*)") from None
    # Values are set in place, never popped and re-added, so each key keeps its comments (a field
    # the block lacks goes at its end).
    catchment = data["catchment"]
    catchment["total_population"] = population.total
    catchment["population_year"] = population.year
    catchment["population_source"] = _folded(population.source, 2 * width)
    if not isinstance(catchment.get("population"), CommentedMap):
        catchment["population"] = CommentedMap()
    for sex in SEXES:
        if not isinstance(catchment["population"].get(sex), CommentedMap):
            catchment["population"][sex] = CommentedMap()
        for band, people in population.bands[sex].items():
            catchment["population"][sex][band] = people
    out = io.StringIO()
    rt.dump(data, out)
    written = out.getvalue()
    if newline != "\n":
        written = written.replace("\n", newline)
    if not fragment.endswith(("\n", "\r")):
        written = written.rstrip("\r\n")
    return text[:start] + written + text[end:]


def import_population(project_dir: Path, estimates_file: Path, areas: list[Area], year: int | None = None,
                      dry_run: bool = False) -> PopulationImportResult:
    """Read the estimates, work out the catchment's bands, and write them into project.yaml (unless a dry run)."""
    check_areas(areas)
    text, raw, bom, problems = _read_text(project_dir, PROJECT_FILE)
    if text is None:
        return PopulationImportResult(diagnostics=problems)
    estimates = read_estimates(estimates_file, areas, year)
    population = catchment_population(estimates, areas, estimates_file.name, year)
    updated = write_catchment(text, population)
    result = PopulationImportResult(population)
    result.diff = "".join(difflib.unified_diff(text.splitlines(True), updated.splitlines(True),
                                               PROJECT_FILE, PROJECT_FILE + " (imported)"))
    result.diagnostics = _new_problems(project_dir, text, updated)
    if not result.ok or dry_run or updated == text:
        return result
    path = project_dir / PROJECT_FILE
    if path.read_bytes() != raw:
        result.diagnostics.append(Diagnostic(PROJECT_FILE, 0, 0, "", "was changed while the import ran, so nothing "
                                             "was written", "run import-population again"))
        return result
    _write_atomically(path, (b"\xef\xbb\xbf" if bom else b"") + updated.encode("utf-8"))
    result.written = True
    return result


def _errors(project_dir: Path, text: str) -> list[Diagnostic]:
    return [d for d in check_project(project_dir, {"project": text}).diagnostics
            if d.file == PROJECT_FILE and d.severity is Severity.ERROR]


def _new_problems(project_dir: Path, before: str, after: str) -> list[Diagnostic]:
    """Errors in project.yaml that the new figures would bring (problems already there are not the import's)."""
    old = {d.format() for d in _errors(project_dir, before)}
    return [d for d in _errors(project_dir, after) if d.format() not in old]


def describe(population: Population) -> Iterable[str]:
    """The figures written, a line each, for the command to print."""
    yield f"population_year: {population.year}"
    yield f"total_population: {population.total:,}"
    for sex in SEXES:
        yield f"{sex}: " + ", ".join(f"{band} {people:,}" for band, people in population.bands[sex].items())
    aged = sum(sum(b.values()) for b in population.bands.values())
    yield f"aged 50 and over: {aged:,} of {population.total:,}"
