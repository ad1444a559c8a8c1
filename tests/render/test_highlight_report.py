"""The monthly highlight report, as Word and as a site page, checked against the plan read straight from YAML."""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from docx import Document
from pypdf import PdfReader

from tests.conftest import TODAY
from tests.render.test_pdf import SOFFICE

REPORT = Path("build/docs/highlight-report.docx")
ON = date.fromisoformat(TODAY)


def _plan(root: Path) -> list[dict]:
    plan = yaml.safe_load((root / "content" / "plan.yaml").read_text(encoding="utf-8"))
    return [task for phase in plan["phases"] for task in phase["tasks"]]


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _table(doc, *headers: str) -> list[list[str]]:
    for table in doc.tables:
        if [c.text for c in table.rows[0].cells] == list(headers):
            return [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table headed {headers}")


@pytest.fixture(scope="module")
def report(built_example: Path):
    return Document(str(built_example / REPORT))


def test_the_report_names_the_month_and_lists_each_late_task(report, built_example: Path) -> None:
    text = _text(report)
    assert f"Highlight report for {ON:%B %Y}" in text
    late = [t for t in _plan(built_example) if t["status"] != "complete" and t["due"] < ON]
    rows = _table(report, "Task", "Lead", "Was due") if late else []
    for task in late:
        assert any(row[0].startswith(f"{task['id']} ") and task["title"] in row[0] for row in rows), task["id"]


def test_the_schedule_rating_follows_its_rule_from_the_plan(report, built_example: Path) -> None:
    tasks = _plan(built_example)
    late = [t for t in tasks if t["status"] != "complete" and t["due"] < ON]
    expected = "Red" if any(t.get("milestone") for t in late) else "Amber" if late else "Green"
    ratings = {row[0]: row[1] for row in _table(report, "Area", "Rating", "Why", "Rule")}
    assert ratings["Schedule"] == expected
    # The overall rating is the worst of them.
    worst = next(r for r in ("Red", "Amber", "Green") if r in ratings.values())
    assert f"Overall rating: {worst}." in _text(report)


def test_only_risks_scored_twelve_or_more_reach_the_board(report, built_example: Path) -> None:
    brief = yaml.safe_load((built_example / "content" / "brief.yaml").read_text(encoding="utf-8"))
    high = sorted((r["likelihood"] * r["consequence"] for r in brief["risks"] if r["likelihood"] * r["consequence"] >= 12),
                  reverse=True)
    rows = _table(report, "Risk", "Score", "Owner", "What we are doing")
    assert [int(row[1].split()[0]) for row in rows] == high


def test_every_chart_has_alt_text_that_reads_it(report) -> None:
    described = [el.get("descr") for el in report.element.body.iter() if el.tag.endswith("}docPr")]
    assert described, "the report shows no indicator chart"
    assert all(d and len(d) > 40 for d in described)


def test_the_site_page_matches_the_word_report(built_example: Path, report) -> None:
    page = (built_example / "build/site/project/highlight-report.html").read_text(encoding="utf-8")
    word = {row[0]: row[1] for row in _table(report, "Area", "Rating", "Why", "Rule")}
    for area, rating in word.items():
        assert f"<td>{area}</td>\n<td>{rating}</td>" in page


def test_libreoffice_converts_the_report(built_example: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    result = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(built_example / REPORT)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(tmp_path / "highlight-report.pdf"))
    assert 1 <= len(reader.pages) <= 8
    assert "Highlight report" in reader.pages[0].extract_text()
    shutil.rmtree(profile, ignore_errors=True)
