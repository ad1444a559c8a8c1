"""Local values not given yet: placeholders in documents, warnings from validate."""

from pathlib import Path

from fls_docs.model.load import load_document
from fls_docs.model.placeholders import fill, missing_fields, placeholder_warnings
from fls_docs.model.project import Missing
from fls_docs.model.schema import load_schema
from tests.conftest import copy_project, run


def test_missing_fields_walk_into_blocks_that_are_absent() -> None:
    found = {path: label for path, label, _ in missing_fields({"header": {"number": "X1"}}, load_schema("service_specification"))}
    assert ("header", "number") not in found
    assert found[("header", "commissioner_lead")] == "Commissioner lead (post title)"
    assert found[("scope", "care_pathway", "identification")] == "How patients are identified"
    assert ("quality_requirements",) not in found  # optional sections are not placeholders


def test_blank_text_and_empty_lists_count_as_missing() -> None:
    found = {path for path, _, _ in missing_fields({"executive_summary": "  ", "strategic_case": {"national_fit": []}},
                                                  load_schema("business_case"))}
    assert {("executive_summary",), ("strategic_case", "national_fit")} <= found


def test_fill_gives_the_value_or_a_labelled_placeholder() -> None:
    data = {"header": {"number": "X1"}}
    assert fill("service_specification", data, "header", "number") == "X1"
    missing = fill("service_specification", data, "header", "period")
    assert missing == Missing("Contract period") and str(missing) == "[Contract period]"


def test_placeholder_warnings_point_at_the_nearest_line(tmp_path: Path) -> None:
    path = tmp_path / "business_case.yaml"
    path.write_text("decision:\n  requested: Approve it\n", encoding="utf-8")
    doc, _ = load_document(path, "content/business_case.yaml")
    warnings = [d.format() for d in placeholder_warnings("business_case", doc, "content/business_case.yaml")]
    assert 'content/business_case.yaml:1:1: warning: decision.decision_maker: not given yet, so the document shows ' \
           '"[Body that decides]" (add decision_maker: the body that decides, for example the integrated care board\'s ' \
           'finance and investment committee)' in warnings
    assert not any("decision.requested" in w for w in warnings)


def test_an_almost_empty_project_validates_with_warnings_and_builds(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    result = run("validate", root)
    assert result.exit_code == 0
    assert "content/service_specification.yaml: warning: the file is missing, so its document shows" in result.output
    assert 'warning: why_now: not given yet, so the document shows "[Why now]"' in result.output
    assert run("build", "--quiet", root).exit_code == 0
