"""Local values not given yet: placeholders in documents, warnings from validate."""

import re
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
           '"[Body that decides]" (add decision_maker: the body that decides, for example the commissioner\'s ' \
           'finance and investment committee)' in warnings
    assert not any("decision.requested" in w for w in warnings)


def test_an_almost_empty_project_validates_with_warnings_and_builds(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    result = run("validate", root)
    assert result.exit_code == 0
    assert "content/service_specification.yaml: warning: the file is missing, so its document shows" in result.output
    assert 'warning: why_now: not given yet, so the document shows "[Why now]"' in result.output
    assert run("build", "--quiet", root).exit_code == 0


# Every label an empty brief prints, as the schema names them.
BRIEF_LABELS = {
    "background": "Background: why the project is needed", "why_now": "Why now",
    "if_we_do_nothing": "What happens if we do nothing", "aims": "Aims", "objectives": "Objectives",
    "scope.in": "What the project covers", "scope.out": "What the project leaves out", "constraints": "Constraints",
    "assumptions": "Assumptions", "deliverables": "Deliverables", "benefits": "Benefits",
    "roles.sponsor": "Project sponsor", "roles.clinical_lead": "Clinical lead", "roles.project_manager": "Project manager",
    "budget.summary": "Project budget and who holds it", "risks": "Risks to the project",
    "governance": "Who the project reports to", "communications": "Communications plan",
    "get_involved.text": "How to get involved", "get_involved.contact": "Contact person",
}
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/brief.schema.json\n"


def test_a_brief_holding_only_its_schema_line_warns_once_for_every_field(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    (root / "content" / "brief.yaml").write_text(SCHEMA_LINE, encoding="utf-8")
    result = run("validate", root)
    assert result.exit_code == 0, result.output
    brief = [line for line in result.output.splitlines() if line.startswith("content/brief.yaml")]
    found = dict(re.match(r'content/brief\.yaml:1:1: warning: (\S+): not given yet, so the document shows "\[(.+?)\]" \(add ',
                          line).groups() for line in brief)
    assert found == BRIEF_LABELS and len(brief) == len(BRIEF_LABELS)
    assert 'content/brief.yaml:1:1: warning: risks: not given yet, so the document shows "[Risks to the project]" ' \
           "(add risks: the main risks to the project, scored on the NHS 5 x 5 matrix)" in brief


def test_an_empty_brief_is_a_model_of_placeholders(tmp_path: Path) -> None:
    from fls_docs.model.validate import load_project

    root = copy_project(tmp_path, "minimal")
    (root / "content" / "brief.yaml").unlink()  # a missing brief reads as an empty one
    result = run("validate", root)
    assert result.exit_code == 0
    assert ('content/brief.yaml: warning: the file is missing, so its document shows 20 placeholders such as '
            '"[Background: why the project is needed]"') in result.output
    brief = load_project(root)[0].brief
    assert brief.background == (Missing("Background: why the project is needed"),)
    assert brief.aims == (Missing("Aims"),) and brief.scope_out == (Missing("What the project leaves out"),)
    assert brief.deliverables[0].name == Missing("Deliverables") and brief.deliverables[0].description == ""
    assert brief.risks == () and brief.risks_placeholder == Missing("Risks to the project")
    assert brief.governance == Missing("Who the project reports to")
    assert brief.get_involved.text == Missing("How to get involved")
    assert brief.get_involved.contact == Missing("Contact person")


def test_empty_lists_in_the_brief_become_placeholders_too(tmp_path: Path) -> None:
    from fls_docs.model.validate import load_project

    root = copy_project(tmp_path, "minimal")
    (root / "content" / "brief.yaml").write_text(
        "background: Patients are missed.\naims: []\nscope:\n  in: [Adults aged 50 and over.]\n  out: []\n"
        "deliverables: []\nbenefits: []\nrisks: []\n", encoding="utf-8")
    warnings = [d.format() for d in placeholder_warnings("brief", load_document(root / "content" / "brief.yaml",
                                                                                "content/brief.yaml")[0], "content/brief.yaml")]
    for place in ("2:1: warning: aims", "5:3: warning: scope.out", "6:1: warning: deliverables", "7:1: warning: benefits",
                  "8:1: warning: risks"):
        assert any(w.startswith(f"content/brief.yaml:{place}: not given yet") for w in warnings), place
    brief = load_project(root)[0].brief
    assert brief.background == ("Patients are missed.",) and brief.scope_in == ("Adults aged 50 and over.",)
    assert brief.aims == (Missing("Aims"),) and brief.benefits == (Missing("Benefits"),)
    assert brief.risks_placeholder == Missing("Risks to the project")
