"""Reading the project: only its own files (links and paths that lead out are refused unread), and a file that cannot be read is the one problem reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from fls_docs.model.validate import check_project
from tests.conftest import copy_project, edit

SECRET = "root:x:0:0:secret-marker:/root:/bin/bash"


def _outside_file(tmp_path: Path, name: str, text: str) -> Path:
    outside = tmp_path / "elsewhere"
    outside.mkdir(exist_ok=True)
    (outside / name).write_text(text)
    return outside / name


def _output(root: Path) -> list[str]:
    return [d.format() for d in check_project(root).diagnostics if "shows" not in d.message
            and "no schema_version" not in d.message]


def test_a_content_file_linked_to_etc_passwd_is_not_read(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", "minimal")
    passwd = Path("/etc/passwd")
    if not passwd.is_file():
        pytest.skip("this system has no /etc/passwd")
    plan = root / "content" / "plan.yaml"
    plan.unlink()
    plan.symlink_to(passwd)
    out = _output(root)
    assert "content/plan.yaml: the file is a link to somewhere outside the project folder, so it is not read " \
           "(keep the file itself in the content folder)" in out
    first_line = passwd.read_text(errors="replace").splitlines()[0]
    assert not any(first_line in line or "root:" in line for line in out)


def test_a_link_outside_is_refused_even_when_its_target_is_valid_yaml(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", "minimal")
    calc = root / "content" / "calculator.yaml"
    target = _outside_file(tmp_path, "calculator.yaml", f"note: {SECRET}\n" + calc.read_text())
    calc.unlink()
    calc.symlink_to(target)
    out = _output(root)
    assert out == ["content/calculator.yaml: the file is a link to somewhere outside the project folder, so it is "
                   "not read (keep the file itself in the content folder)"]


def test_a_link_inside_the_project_is_followed(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", "minimal")
    calc = root / "content" / "calculator.yaml"
    (root / "shared").mkdir()
    calc.rename(root / "shared" / "calculator.yaml")
    calc.symlink_to(root / "shared" / "calculator.yaml")
    assert _output(root) == []


INDICATORS = ("indicators:\n  - id: assessment\n    kpi: 5\nvalues_csv: {name}\n")


def _with_indicators(tmp_path: Path, name: str) -> Path:
    root = copy_project(tmp_path / "project", "minimal")
    (root / "content" / "indicators.yaml").write_text(INDICATORS.format(name=name))
    return root


@pytest.mark.parametrize("name, problem", [
    ("../../elsewhere/counts.csv", "leads out of the content folder ('..')"),
    ("..\\\\..\\\\elsewhere\\\\counts.csv", "leads out of the content folder ('..')"),
    ("/etc/passwd", "is a full path"),
    ("C:/Users/counts.csv", "is a full path"),
])
def test_a_csv_path_that_leads_out_of_the_content_folder_is_refused(tmp_path: Path, name: str, problem: str) -> None:
    _outside_file(tmp_path, "counts.csv", f"indicator,month,numerator,denominator\n{SECRET},2026-04,1,2\n")
    root = _with_indicators(tmp_path, f'"{name}"')
    out = _output(root)
    assert any(line.startswith("content/indicators.yaml:4:13: values_csv: ") and problem in line for line in out), out
    assert not any("secret-marker" in line or "root:" in line for line in out)


def test_a_csv_linked_outside_the_project_is_not_read(tmp_path: Path) -> None:
    target = _outside_file(tmp_path, "counts.csv", f"indicator,month,numerator,denominator\n{SECRET},2026-04,1,2\n")
    root = _with_indicators(tmp_path, "counts.csv")
    (root / "content" / "counts.csv").symlink_to(target)
    out = _output(root)
    assert out == ["content/counts.csv: the file is a link to somewhere outside the project folder, so it is not read "
                   "(keep the file itself in the content folder)"]


def test_a_csv_in_the_content_folder_is_read(tmp_path: Path) -> None:
    root = _with_indicators(tmp_path, "counts.csv")
    (root / "content" / "counts.csv").write_text("indicator,month,numerator,denominator\nassessment,2026-04,1,2\n"
                                                 "assessment,2201-04,1,2\nassessment,2026-05,²,3\n")
    checked = check_project(root)
    assert checked.indicator_counts == [{"indicator": "assessment", "month": "2026-04", "numerator": 1, "denominator": 2}]
    assert [d.format() for d in checked.diagnostics if d.file == "content/counts.csv"] == [
        'content/counts.csv:3:12: month: "2201-04" is outside the months fls-docs accepts, 1990-01 to 2100-12 '
        "(check the year)",
        'content/counts.csv:4:20: numerator: "²" is not a whole number of patients (write a count such as 42, with '
        "no decimal point or separators, up to 999,999,999)",
    ]


def test_an_unreadable_csv_is_a_message(tmp_path: Path) -> None:
    root = _with_indicators(tmp_path, "counts.csv")
    (root / "content" / "counts.csv").write_text("indicator,month,numerator,denominator\n" + '"' + "x" * 200_000 + '"\n')
    out = [line for line in _output(root) if line.startswith("content/counts.csv")]
    assert len(out) == 1 and "cannot be read as CSV" in out[0]



def test_a_syntax_error_is_not_buried_under_the_references_it_breaks(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    # The brief and the business case name plan tasks; with the plan unreadable every such name would look wrong.
    edit(root / "content" / "plan.yaml", "title: Form the project team", "title: [Form the project team")
    errors = [d for d in check_project(root).diagnostics if d.severity.name == "ERROR"]
    assert [d.file for d in errors] == ["content/plan.yaml"]
    assert "YAML" in errors[0].message or "syntax" in errors[0].message
