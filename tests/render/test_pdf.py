"""The documents and workbooks open and lay out in LibreOffice: each converts to PDF, and the PID stays short."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.render.test_word import ALL, DOCS, PID

WORKBOOKS = ("improvement-project-plan.xlsx", "outcome-indicators.xlsx")

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

if not SOFFICE:
    if os.environ.get("FLS_DOCS_REQUIRE_SOFFICE"):
        raise RuntimeError("LibreOffice (soffice) is required for these tests but is not installed")
    pytest.skip("LibreOffice is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def pdfs(built_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    # A private profile, so a desktop LibreOffice that is already open does not swallow the job.
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *(str(built_example / DOCS / name) for name in (*ALL, *WORKBOOKS))],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("name", ALL)
def test_each_document_converts_to_pdf(pdfs: Path, name: str) -> None:
    pdf = pdfs / name.replace(".docx", ".pdf")
    assert pdf.is_file(), f"LibreOffice did not convert {name}"
    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 1
    assert "Wyvern Valley" in reader.pages[0].extract_text()


def test_the_pid_fits_on_four_pages(pdfs: Path) -> None:
    assert len(PdfReader(str(pdfs / PID.replace(".docx", ".pdf"))).pages) <= 4


@pytest.mark.parametrize("name", WORKBOOKS)
def test_each_workbook_converts_to_pdf(pdfs: Path, name: str) -> None:
    pdf = pdfs / name.replace(".xlsx", ".pdf")
    assert pdf.is_file(), f"LibreOffice did not convert {name}"
    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 2  # the read-me sheet and at least one more
    assert "Wyvern Valley" in reader.pages[0].extract_text()


@pytest.mark.parametrize("name", ALL)
def test_the_contents_show_without_a_field_update(pdfs: Path, name: str) -> None:
    """LibreOffice lays out the contents Word would show before refreshing the field: headings, not a placeholder."""
    text = " ".join(page.extract_text() for page in PdfReader(str(pdfs / name.replace(".docx", ".pdf"))).pages[:2])
    contents = text.split("Contents", 1)[1]
    assert "Document control" in contents
    assert "Individual service user placement" not in contents  # the example has no section 7


PLAN_PAGE_BUDGET = 3  # the example's 41 tasks, on A4 landscape


def _pages(pdf: Path, sheet: str) -> list[str]:
    """The whitespace-normalised text of the pages printed from one sheet (the footer names the sheet)."""
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(str(pdf)).pages]
    return [t for t in texts if f" {sheet} Page " in t]


def test_the_plan_prints_within_its_page_budget_with_every_title_and_note_in_full(pdfs: Path, built_example: Path) -> None:
    from fls_docs.model.validate import load_project
    from fls_docs.render.plan_workbook import PLAN_COLUMNS

    pages = _pages(pdfs / "improvement-project-plan.pdf", "Plan")
    assert 1 <= len(pages) <= PLAN_PAGE_BUDGET
    for page in pages:  # the header row repeats on every page, no title cut
        assert all(" ".join(c.title.split()) in page for c in PLAN_COLUMNS), page[:200]
    text = " ".join(pages)
    project, _ = load_project(built_example)
    for task in project.plan.tasks:
        for words in (task.title, task.notes):
            assert " ".join(words.split()) in text, (task.id, words)


def test_each_workbook_page_has_the_project_and_page_x_of_y(pdfs: Path) -> None:
    for name in WORKBOOKS:
        pages = PdfReader(str(pdfs / name.replace(".xlsx", ".pdf"))).pages
        for n, page in enumerate(pages, start=1):
            text = " ".join(page.extract_text().split())
            assert "Wyvern Valley Fracture Liaison Service" in text and f"Page {n} of {len(pages)}" in text, (name, n)


def test_libreoffice_works_out_the_formulas(pdfs: Path) -> None:
    summary = " ".join(_pages(pdfs / "improvement-project-plan.pdf", "Summary"))
    assert "All tasks 41" in summary and len(_pages(pdfs / "improvement-project-plan.pdf", "Summary")) == 1
    counts = " ".join(_pages(pdfs / "outcome-indicators.pdf", "Enter counts"))
    assert "2026-04 identification 52 131 39.7% 80.0% -40.3% Not met" in counts
