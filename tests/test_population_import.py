"""fls-docs import-population: mid-year estimate files into the catchment's bands, comments kept.

The fixtures keep the published layouts; their numbers follow the simple rules in
tests/fixtures/population/README.md, so every total below is worked out by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fls_docs.population_import import ImportProblem, import_population, parse_area, read_area_file
from tests.conftest import FIXTURES, copy_project, edit, run

POPULATION = FIXTURES / "population"
ONS = POPULATION / "ons-myeb1-extract.csv"
NISRA = POPULATION / "nisra-mye-sya-extract.csv"
PHS = POPULATION / "phs-ca2019-pop-est-extract.csv"
BANDS = ("50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+")


def _catchment(root: Path) -> dict:
    return yaml.safe_load((root / "content" / "project.yaml").read_text(encoding="utf-8"))["catchment"]


def _commented(root: Path) -> Path:
    """The example with comments inside the catchment block, where a careless rewrite would lose them."""
    project = root / "content" / "project.yaml"
    edit(project, "  total_population: 301400\n", "  total_population: 301400  # all ages\n")
    edit(project, "  population:\n    female:\n", "  population:\n    # Women first, as the ONS tables list them.\n    female:\n")
    edit(project, '      "50-54": 10900\n', '      "50-54": 10900  # the largest band\n')
    edit(project, '      "90+": 800\n', '      "90+": 800  # men aged 90 and over\n')
    return project


def test_ons_areas_and_a_share_of_an_area_are_banded_with_comments_and_every_other_line_kept(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    project = _commented(root)
    before = project.read_text(encoding="utf-8").splitlines()
    result = import_population(root, ONS, [parse_area("E06000047"), parse_area("E06000005:0.4")])
    assert result.ok and result.written, result.diagnostics
    # County Durham, 2020: men number 10 x their age and women 12 x, from 50; 100 at each age below.
    # Darlington: 7 at every age, 40% of it in the catchment: 2.8 a year of age, 14 a five-year band.
    # Men 50-54: 10 x (50+51+52+53+54) = 2,600, plus 14 = 2,614; 90+: 900 + 2.8 = 902.8, so 903.
    # Women 50-54: 12 x 260 = 3,120, plus 14 = 3,134; 90+: 1,080 + 2.8 = 1,082.8, so 1,083.
    # Total: 2 x 50 x 100 + 22 x (50+...+90 = 2,870) = 73,140 in County Durham, plus 0.4 x 7 x 91 x 2 = 509.6.
    expected = {
        "female": {"50-54": 3134, "55-59": 3434, "60-64": 3734, "65-69": 4034, "70-74": 4334, "75-79": 4634,
                   "80-84": 4934, "85-89": 5234, "90+": 1083},
        "male": {"50-54": 2614, "55-59": 2864, "60-64": 3114, "65-69": 3364, "70-74": 3614, "75-79": 3864,
                 "80-84": 4114, "85-89": 4364, "90+": 903},
    }
    after = project.read_text(encoding="utf-8").splitlines()
    catchment = _catchment(root)
    assert catchment["population"] == expected
    assert catchment["total_population"] == 73650  # 73,649.6: rounding each year of age first would give 73,686
    assert catchment["population_year"] == 2020
    assert catchment["population_source"] == (
        "Office for National Statistics (ONS) mid-year population estimates for mid-2020, by single year of age and "
        "sex (file ons-myeb1-extract.csv), for County Durham (E06000047) and 40% of Darlington (E06000005).")

    # Line by line: each value changes in its own line, comments stay at their columns, nothing else changes.
    expected_lines = list(before)
    source = before.index("  population_source: >-")
    changes = {
        "  total_population: 301400  # all ages": "  total_population: 73650   # all ages",
        "  population_year: 2025": "  population_year: 2020",
        before[source + 1]: "    Office for National Statistics (ONS) mid-year population estimates for",
        before[source + 2]: "    mid-2020, by single year of age and sex (file ons-myeb1-extract.csv), for",
        before[source + 3]: "    County Durham (E06000047) and 40% of Darlington (E06000005).",
        '      "50-54": 10900  # the largest band': '      "50-54": 3134   # the largest band',
        '      "90+": 800  # men aged 90 and over': '      "90+": 903  # men aged 90 and over',
    }
    band_lines = [i for i, line in enumerate(before) if line.startswith('      "') and "#" not in line]
    new_values = [expected["female"][b] for b in BANDS][1:] + [expected["male"][b] for b in BANDS][:-1]
    for i, line in enumerate(before):
        expected_lines[i] = changes.get(line, line)
    for i, value in zip(band_lines, new_values, strict=True):
        expected_lines[i] = before[i].split(":")[0] + f": {value}"
    assert after == expected_lines
    assert "    # Women first, as the ONS tables list them." in after


def test_nisra_single_year_file_takes_the_latest_year_and_skips_all_persons_rows(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    result = import_population(root, NISRA, [parse_area("N09000003")])
    assert result.ok, result.diagnostics
    catchment = _catchment(root)
    # Belfast, 2022: 20 women and 10 men at every age; five ages a band, one row for 90 and over.
    assert catchment["population"] == {"female": dict.fromkeys(BANDS[:-1], 100) | {"90+": 20},
                                       "male": dict.fromkeys(BANDS[:-1], 50) | {"90+": 10}}
    assert catchment["total_population"] == 2730  # 91 ages x 30
    assert catchment["population_year"] == 2022
    assert catchment["population_source"].startswith("Northern Ireland Statistics and Research Agency (NISRA)")
    assert "for Belfast (N09000003)." in catchment["population_source"]


def test_public_health_scotland_file_with_a_percentage_share_rounds_each_band_once(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    result = import_population(root, PHS, [parse_area("s12000036"), parse_area("S12000049:50%")], year=2022)
    assert result.ok, result.diagnostics
    catchment = _catchment(root)
    # Edinburgh: as many men as their age, twice as many women. Half of Glasgow's 3 at each age: 1.5, so 7.5 a band.
    # Men 50-54: 260 + 7.5 = 267.5, which rounds half up to 268; 90+: 90 + 1.5 = 91.5, so 92.
    assert catchment["population"]["male"] == {"50-54": 268, "55-59": 293, "60-64": 318, "65-69": 343, "70-74": 368,
                                               "75-79": 393, "80-84": 418, "85-89": 443, "90+": 92}
    assert catchment["population"]["female"] == {"50-54": 528, "55-59": 578, "60-64": 628, "65-69": 678,
                                                 "70-74": 728, "75-79": 778, "80-84": 828, "85-89": 878, "90+": 182}
    # Edinburgh: 3 x (0+...+90 = 4,095) = 12,285; Glasgow: 0.5 x 3 x 91 x 2 = 273.
    assert catchment["total_population"] == 12558
    assert catchment["population_source"].startswith("National Records of Scotland (NRS)")
    assert "for S12000036 and 50% of S12000049." in catchment["population_source"]


def test_an_unknown_layout_names_the_columns_each_layout_needs(tmp_path: Path) -> None:
    estimates = tmp_path / "estimates.csv"
    estimates.write_text("Code,Name,Geography,All ages\nE06000047,County Durham,Unitary Authority,522068\n")
    with pytest.raises(ImportProblem) as raised:
        import_population(copy_project(tmp_path / "p"), estimates, [parse_area("E06000047")])
    assert raised.value.diagnostics[0].format() == (
        "estimates.csv:1:1: the columns (Code, Name, Geography, All ages) are not those of a mid-year estimates file "
        "this importer reads (give the statistics office's CSV file as published. The columns expected are, for "
        "ONS mid-year estimates (MYEB1 detailed time series): ladcode, laname, country, sex, age, population_YYYY "
        "(one column a year); NISRA mid-year estimates by single year of age: area, area_code, area_name, year, "
        "gender, age, MYE; NRS mid-year estimates by single year of age: Year, an area code (Area code, CA or HB), "
        "Sex, All ages, and one column an age (0 to 90+, or Age0 to Age90plus))")


def test_nrs_table_without_a_year_column_needs_the_year(tmp_path: Path) -> None:
    header = "Area code,Area name,Sex,All ages," + ",".join(map(str, range(90))) + ",90+\n"
    row = "S12000036,City of Edinburgh,{sex},182," + ",".join(["2"] * 91) + "\n"
    estimates = tmp_path / "nrs.csv"
    estimates.write_text(header + row.format(sex="Persons") + row.format(sex="Females") + row.format(sex="Males"))
    root = copy_project(tmp_path / "p")
    with pytest.raises(ImportProblem, match="the file has no Year column"):
        import_population(root, estimates, [parse_area("S12000036")])
    result = import_population(root, estimates, [parse_area("City of Edinburgh")], year=2023)
    assert result.ok
    catchment = _catchment(root)
    assert catchment["population"]["female"]["50-54"] == 10 and catchment["population"]["male"]["90+"] == 2
    assert catchment["total_population"] == 364 and catchment["population_year"] == 2023
    assert "for City of Edinburgh (S12000036)." in catchment["population_source"]


def test_wrong_area_year_and_share_are_refused_with_what_to_do(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    with pytest.raises(ImportProblem) as raised:
        import_population(root, ONS, [parse_area("E06000074")])
    assert raised.value.diagnostics[0].format() == ('ons-myeb1-extract.csv: has no rows for the area "E06000074" '
                                                    '(did you mean "E06000047"?)')
    with pytest.raises(ImportProblem) as raised:
        import_population(root, ONS, [parse_area("E06000047")], year=2011)
    assert raised.value.diagnostics[0].format() == ("ons-myeb1-extract.csv: has no estimates for 2011 "
                                                    "(choose one of the years it holds: 2019, 2020)")
    with pytest.raises(ImportProblem, match='the share "1.5" is not between 0 and 1'):
        parse_area("E06000047:1.5")
    with pytest.raises(ImportProblem, match='the area "e06000047" is given twice'):
        import_population(root, ONS, [parse_area("E06000047"), parse_area("e06000047:0.5")])


def test_areas_from_a_file(tmp_path: Path) -> None:
    listed = tmp_path / "areas.txt"
    listed.write_text("# Wyvern Valley's catchment\nE06000047\nE06000005, 0.4  # the north of the borough\n\n")
    assert [(a.code, a.share) for a in read_area_file(listed)] == [("E06000047", 1.0), ("E06000005", 0.4)]


def test_the_command_keeps_a_byte_order_mark_and_windows_line_endings_and_says_when_nothing_changes(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    project = root / "content" / "project.yaml"
    original = project.read_bytes()
    project.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    result = run("import-population", NISRA, root, "--area", "N09000003")
    assert result.exit_code == 0, result.output
    assert "female: 50-54 100, 55-59 100" in result.output
    written = project.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and b"\r\n" in written and b"\n" not in written.replace(b"\r\n", b"")
    unchanged = [line for line in original.decode().splitlines() if "catchment" not in line]
    assert unchanged[-40:] == written[3:].decode().splitlines()[-40:]  # the document control block, byte for byte
    again = run("import-population", NISRA, root, "--area", "N09000003")
    assert "No changes" in again.output and project.read_bytes() == written


def test_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    before = (root / "content" / "project.yaml").read_bytes()
    result = run("import-population", ONS, root, "--area", "E06000047", "--dry-run")
    assert result.exit_code == 0, result.output
    assert '-      "50-54": 10900\n' in result.output and '+      "50-54": 3120\n' in result.output
    assert (root / "content" / "project.yaml").read_bytes() == before
