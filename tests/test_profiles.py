"""Build profiles: a draft for the team; review and final copies for readers, with nothing meant for authors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import copy_project, run
from tests.test_consistency import _docx_text, _html_text, _xlsx_text

# What a reader's copy never shows: file paths, YAML field names, a random seed, "pounds" written after a number.
FOR_AUTHORS = {
    "a file path": r"\b[\w./-]+\.(?:yaml|yml|json|csv|py)\b|\bcontent/|\bbuild/|\bfls_docs/",
    "calculator.yaml": r"calculator\.yaml",
    "a random seed": r"\bseed\b",
    "pounds as a word": r"\d pounds\b",
    "a field name": r"\b[a-z]+_[a-z_]+\b",
}


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("review"))
    result = run("build", "--quiet", "--profile", "review", root)
    assert result.exit_code == 0, result.output
    return root / "build"


def _texts(build: Path) -> dict[str, str]:
    texts = {p.name: _docx_text(p) for p in (build / "docs").glob("*.docx")}
    texts.update({p.name: _xlsx_text(p) for p in (build / "docs").glob("*.xlsx")})
    texts.update({str(p.relative_to(build / "site")): _html_text(p) for p in (build / "site").rglob("*.html")
                  if "search" not in p.parts})
    return texts


def test_a_review_copy_holds_nothing_meant_for_authors(review: Path) -> None:
    found = []
    for name, text in _texts(review).items():
        flat = " ".join(text.split())
        for what, pattern in FOR_AUTHORS.items():
            match = re.search(pattern, flat)
            if match:
                found.append(f"{name}: {what}: ...{flat[max(0, match.start() - 40):match.end() + 20]}...")
    assert not found, "\n".join(found)


def test_a_review_copy_leaves_out_the_teams_pages_and_says_it_is_for_review(review: Path) -> None:
    assert not (review / "site" / "team").exists()
    headings = [p.text for p in Document(str(review / "docs" / "business-case.docx")).paragraphs
                if p.style.name.startswith("Heading")]
    assert "Appendix: notes for the team" not in headings  # the draft's notes for authors stay in the draft
    footer = Document(str(review / "docs" / "business-case.docx")).sections[0].footer.paragraphs[0].text
    assert "(For review)" in footer


def test_a_final_copy_refuses_every_placeholder_by_file_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    result = run("build", "--quiet", "--profile", "final", root)
    assert result.exit_code == 1
    assert ('content/brief.yaml:1:1: why_now: not given yet, so the document shows "[Why now]" (add why_now: why the '
            "project should happen now rather than later; a final copy cannot show a placeholder)") in result.output
    assert "Nothing was built; build/ is unchanged." in result.output
    assert not (root / "build" / "docs").exists()


def test_the_draft_is_marked_and_the_review_copy_is_not(review: Path, built_example: Path) -> None:
    def header(build: Path) -> str:
        return " ".join(p.text for p in Document(str(build / "docs" / "business-case.docx")).sections[0].header.paragraphs)

    assert "DRAFT for the project team" in header(built_example / "build")
    assert "DRAFT" not in header(review)
