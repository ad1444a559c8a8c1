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
