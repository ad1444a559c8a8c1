"""A brief that starts empty still makes a project initiation document: every part a placeholder, opened by LibreOffice."""

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import copy_project, run
from tests.model.test_placeholders import BRIEF_LABELS, SCHEMA_LINE

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed")
def test_a_brief_holding_only_its_schema_line_builds_a_pid_of_placeholders(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", "minimal")
    (root / "content" / "brief.yaml").write_text(SCHEMA_LINE, encoding="utf-8")
    result = run("build", "--quiet", root)
    assert result.exit_code == 0, result.output
    out, profile = tmp_path / "pdf", tmp_path / "lo-profile"
    converted = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(out),
         str(root / "build" / "docs" / "project-initiation-document.docx")],
        capture_output=True, text=True, timeout=300, check=False)
    assert converted.returncode == 0, converted.stderr
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(str(out / "project-initiation-document.pdf")).pages).split())
    for label in BRIEF_LABELS.values():
        assert f"[{label}]" in text, label
    assert "Contact [Contact person]." in text
    assert "We score each risk" not in text  # no risk table without risks: the placeholder stands in its place
    for leftover in ("{{", "{%", "None", "Missing("):
        assert leftover not in text
