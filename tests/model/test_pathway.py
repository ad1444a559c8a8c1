"""pathway.yaml: checked with each problem located and a way to fix it, optional, and read into the model."""

from pathlib import Path

from fls_docs.diagnostics import Severity
from fls_docs.model.project import CareMap, Missing
from fls_docs.model.validate import check_project, load_project
from tests.conftest import copy_project

PATHWAY = """\
# yaml-language-server: $schema=../schemas/pathway.schema.json
schema_version: 1
current:
  steps:
    - id: ed
      name: Emergency department
      next: [fracture-clinc]
    - id: fracture-clinic
      name: Fracture clinic
      drop_out:
        reason: Nobody looks for bone health
        cascade: identified
journey:
  steps:
    - id: gp
      name: GP appointment
      drop_out:
        reason: Never books it
        share: 30
        source: Audit of 40 patients, May 2026
    - id: gp
      name: Pharmacy
      drop_out:
        reason: Not collected
        share: 0.2
    - id: home
      name: At home
      drop_out:
        reason: Both kinds of figure
        cascade: started
        share: 0.1
        source: An audit
    - id: review
      name: Review
      drop_out:
        reason: No figure at all
"""


def _found(root: Path) -> list:
    """Problems in pathway.yaml, except the placeholder warnings for the maps these files leave out."""
    return [d for d in check_project(root).diagnostics if d.file == "content/pathway.yaml" and "not given yet" not in d.message]


def _pathway_problems(root: Path) -> list[str]:
    return [d.format() for d in _found(root)]


def test_each_pathway_problem_is_located_with_a_fix(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    (root / "content" / "pathway.yaml").write_text(PATHWAY, encoding="utf-8")
    assert _pathway_problems(root) == [
        'content/pathway.yaml:7:14: current.steps[0].next[0]: "fracture-clinc" is not a step of this map '
        '(did you mean "fracture-clinic"?)',
        "content/pathway.yaml:19:16: journey.steps[0].drop_out.share: "
        "30 is more than 100% of the patients who reach this step (write 30% as 0.3)",
        'content/pathway.yaml:21:11: journey.steps[1].id: the step id "gp" is used twice in this map '
        "(give each step its own id, so next can say which one follows)",
        "content/pathway.yaml:24:9: journey.steps[1].drop_out: gives an audit share without its source "
        "(add source: who counted what, where and when, so readers can trust the figure)",
        "content/pathway.yaml:29:9: journey.steps[2].drop_out: gives both a care cascade step and an audit share, "
        "so the map cannot say which to show (keep cascade to use the calculator's figure, or share and source for "
        "your audit's)",
        "content/pathway.yaml:36:9: journey.steps[3].drop_out: says why patients are lost but not how many "
        "(add cascade: (identified, assessed, recommended, started or persistent) or share: and source:)",
    ]


def test_a_share_far_over_100_percent_says_what_a_share_is(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    (root / "content" / "pathway.yaml").write_text(PATHWAY.replace("share: 30", "share: 250"), encoding="utf-8")
    message = next(p for p in _pathway_problems(root) if "250" in p)
    assert message.startswith("content/pathway.yaml:19:16: journey.steps[0].drop_out.share: 250 is more than 100%")
    assert message.endswith("(give the share of patients reaching this step who are lost here, from 0 to 1)")


def test_an_unknown_cascade_step_is_named_with_the_ones_allowed(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    text = PATHWAY.split("journey:")[0].replace("next: [fracture-clinc]", "next: [fracture-clinic]")
    (root / "content" / "pathway.yaml").write_text(text.replace("cascade: identified", "cascade: identifed"),
                                                  encoding="utf-8")
    assert _pathway_problems(root) == [
        'content/pathway.yaml:12:18: current.steps[1].drop_out.cascade: "identifed" is not one of the allowed values: '
        '"identified", "assessed", "recommended", "started", "persistent" (did you mean "identified"?)'
    ]


def test_the_same_cascade_loss_twice_in_a_map_is_a_warning(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    text = PATHWAY.split("journey:")[0].replace("next: [fracture-clinc]", "next: [fracture-clinic]")
    text += "    - id: letter\n      name: Letter\n      drop_out:\n        reason: Again\n        cascade: identified\n"
    (root / "content" / "pathway.yaml").write_text(text, encoding="utf-8")
    found = _found(root)
    assert [(d.line, d.severity) for d in found] == [(17, Severity.WARNING)]
    assert 'already a drop-out at current step 2, so its patients would be counted twice' in found[0].message


def test_without_the_file_the_project_builds_its_model_with_placeholders(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    warnings = [d.format() for d in check_project(root).diagnostics if d.file == "content/pathway.yaml"]
    assert warnings == ['content/pathway.yaml: warning: the file is missing, so its document shows 3 placeholders such as '
                        '"[The pathway today]" (create it from the example: `fls-docs init` makes one)']
    project, _ = load_project(root)
    assert project.pathway.current == Missing("The pathway today")
    assert project.pathway.future == Missing("The pathway with the service")
    assert project.pathway.journey == Missing("The patient journey")


def test_the_example_reads_into_steps_with_their_drop_outs() -> None:
    from tests.conftest import REPO

    project, _ = load_project(REPO)
    future = project.pathway.future
    assert isinstance(future, CareMap)
    assert [s.id for s in future.steps][:2] == ["case-finding", "assessment"]
    assert future.steps[0].drop_out.cascade == "identified"
    current = project.pathway.current
    assert current.steps[0].next == ("ward", "fracture-clinic")
    audit = next(s.drop_out for s in project.pathway.journey.steps if s.drop_out and s.drop_out.share is not None)
    assert audit.share == 0.15 and audit.source.startswith("Audit of 60 DXA referrals")
