"""Nation drives the content: the example built for each UK nation uses its own system's words and no other's.

The example is built once per nation (England is the shipped example; the others
change organisation.nation, the organisation and the commissioner in a copy of
project.yaml, as a team there would). Every output is read back as its reader
sees it: the Word documents, the workbooks' cells, the slides and the site's pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from fls_docs import data
from fls_docs.nations import NATIONS, exclusive_terms, foreign_terms
from tests.conftest import _build, copy_project, edit
from tests.test_consistency import _docx_text, _html_text, _xlsx_text

# What a team in each nation would put in project.yaml (all made up, like Wyvern Valley).
TEAMS = {
    "Scotland": ("NHS Wyvern Valley (a fictional health board)",
                 "Wyvern Valley Health and Social Care Partnership"),
    "Wales": ("Wyvern Valley University Health Board (a fictional local health board)",
              "Wyvern Valley University Health Board, planning and commissioning directorate"),
    "Northern Ireland": ("Wyvern Valley Health and Social Care Trust (a fictional HSC trust)",
                         "Strategic Planning and Performance Group, Department of Health"),
}
EXAMPLE = """  name: Wyvern Valley Hospitals NHS Foundation Trust (a fictional trust)
  nation: England
  commissioner: NHS Wyvern and Ashby Integrated Care Board
"""


@pytest.fixture(scope="module")
def builds(built_example: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {"England": built_example / "build"}
    for nation, (organisation, commissioner) in TEAMS.items():
        root = copy_project(tmp_path_factory.mktemp(nation.replace(" ", "-").lower()))
        edit(root / "content" / "project.yaml", EXAMPLE,
             f"  name: {organisation}\n  nation: {nation}\n  commissioner: {commissioner}\n")
        out[nation] = _build(root) / "build"
    return out


def _word_text(path: Path) -> str:
    """Body, tables (nested too, through python-docx's cells) and every header and footer."""
    document = Document(str(path))
    parts = [_docx_text(path)]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            parts += [p.text for p in part.paragraphs] + [c.text for t in part.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def _slides_text(path: Path) -> str:
    """Every slide's text, tables, chart labels and speaker notes."""
    parts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                for plot in shape.chart.plots:
                    parts += [str(c) for c in plot.categories] + [s.name for s in plot.series]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def texts(builds: dict[str, Path]) -> dict[str, dict[str, str]]:
    out = {}
    for nation, build in builds.items():
        docs = build / "docs"
        found = {p.name: _word_text(p) for p in docs.glob("*.docx")}
        found.update({p.name: _xlsx_text(p) for p in docs.glob("*.xlsx")})
        found.update({p.name: _slides_text(p) for p in docs.glob("*.pptx")})
        # Every page, the reference page on data sources included: it lists only the project's own nation.
        found.update({str(p.relative_to(build / "site")): _html_text(p) for p in (build / "site").rglob("*.html")
                      if "search" not in p.parts})
        out[nation] = {name: " ".join(text.split()) for name, text in found.items()}
    return out


def _pattern(term: str) -> re.Pattern[str]:
    # A term written in lower case ("health board") matches however it is capitalised; one with capitals
    # ("FLS Database") matches only as written, so "the service's own FLS database" is not the national audit.
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", re.I if term == term.lower() else 0)


@pytest.mark.parametrize("nation", NATIONS)
def test_no_output_uses_another_nations_terms(texts: dict[str, dict[str, str]], nation: str) -> None:
    found = {}
    for term in foreign_terms(nation):
        pattern = _pattern(term)
        for name, text in texts[nation].items():
            match = pattern.search(text)
            if match:
                found.setdefault(term, []).append(f"{name}: ...{text[max(0, match.start() - 60):match.end() + 40]}...")
    assert not found, f"{nation}'s outputs use other nations' terms: {json.dumps(found, indent=1)}"


def test_the_exclusive_lists_hold_each_systems_core_terms() -> None:
    # Written here by hand, so the data cannot quietly drop the terms the check above relies on.
    lists = exclusive_terms()
    assert {"integrated care board", "NHS Standard Contract", "Schedule 2A", "FLS Database"} <= set(lists["England"])
    assert {"health board", "integration joint board", "SIGN 142", "Scottish Hip Fracture Audit"} <= set(lists["Scotland"])
    assert {"local health board", "StatsWales"} <= set(lists["Wales"])
    assert {"HSC trust", "NISRA", "SPPG", "Strategic Planning and Performance Group"} <= set(lists["Northern Ireland"])
    # A shared term belongs to both nations and is allowed in each.
    assert "FLS Database" not in foreign_terms("Wales") and "FLS Database" in foreign_terms("Scotland")
    assert "health board" not in foreign_terms("Wales") and "health board" in foreign_terms("England")


# Each nation's own words, where a reader of that nation expects them (hand-written, not read from the data).
OWN_WORDS = {
    "England": {"service-specification.docx": ["Standard Contract, Schedule 2A", "QS149", "NHS Outcomes Framework"],
                "business-case.docx": ["The National Institute for Health and Care Excellence (NICE) accepts £20,000",
                                       "integrated care board (ICB)", "14.38%"],
                "reference/glossary.html": ["Integrated care board (ICB)", "FLS Database (FLS-DB)"],
                "reference/data.html": ["ONS mid-year population estimates", "Hospital Episode Statistics"]},
    "Wales": {"service-specification.docx": ["NHS Wales service specification", "QS149"],
              "business-case.docx": ["integrated medium-term plan", "advises the NHS in Wales"],
              "reference/data.html": ["StatsWales", "Patient Episode Database for Wales"],
              "reference/glossary.html": ["Local health board"]},
    "Northern Ireland": {"service-specification.docx": ["Strategic Planning and Performance Group", "QS149"],
                         "business-case.docx": ["health and social care in Northern Ireland through the Department of Health",
                                                "23.2%", "HSC trust"],
                         "reference/data.html": ["NISRA"],
                         "reference/glossary.html": ["Strategic Planning and Performance Group (SPPG)"]},
}


@pytest.mark.parametrize("nation", OWN_WORDS)
def test_each_nations_documents_use_its_own_words(texts: dict[str, dict[str, str]], nation: str) -> None:
    for name, wanted in OWN_WORDS[nation].items():
        for words in wanted:
            assert words in texts[nation][name], (nation, name, words)


def test_the_scottish_specification_names_scottish_bodies_guidance_and_outcomes(texts: dict[str, dict[str, str]]) -> None:
    spec = texts["Scotland"]["service-specification.docx"]
    assert "NHS Scotland service specification" in spec
    assert "health and social care partnership" in spec
    # National guidance is SIGN's, not NICE's.
    assert "Table: national guidance in Scotland (SIGN and Healthcare Improvement Scotland)" in spec
    assert "SIGN 142 Management of osteoporosis and the prevention of fragility fractures" in spec
    assert "NICE" not in spec
    # The example's outcomes 2, 3 and 5, as Scotland's National Health and Wellbeing Outcomes.
    assert "2.1 National Health and Wellbeing Outcomes" in spec
    assert "Outcome 5: Health and social care services contribute to reducing health inequalities" in spec
    assert "national audit of fracture liaison services the Scottish Government agreed to fund in 2023" in spec


def _staff_a_year(posts: list[tuple[float, float]], consultant_pas: float, consultant: float, pension: float) -> float:
    """Salary, employer NI (15% above £5,000) and pension, per whole-time post, times its WTE; consultant PAs as tenths."""
    cost = lambda salary: salary + 0.15 * (salary - 5_000) + pension * salary  # noqa: E731
    return sum(wte * cost(salary) for wte, salary in posts) + consultant_pas / 10 * cost(consultant)


def test_the_scottish_business_case_costs_scottish_pay_and_states_its_basis(texts: dict[str, dict[str, str]],
                                                                            builds: dict[str, Path]) -> None:
    case = texts["Scotland"]["business-case.docx"]
    # Scottish 2025/26 mid-points (pay.yaml, nations: Scotland): band 6 43,441, band 7 52,804, band 3 30,230;
    # consultant 129,747; employer pension 22.5% (SPPA, no central top-up).
    minimum = _staff_a_year([(0.3, 43_441), (0.15, 30_230)], 0, 0, 0.225)
    nurse_led = _staff_a_year([(0.6, 52_804), (0.3, 30_230)], 0.5, 129_747, 0.225)
    assert round(minimum) == 23_817 and round(nurse_led) == 64_241
    assert f"£{round(minimum):,}" in case and f"£{round(nurse_led):,}" in case
    # The specification prices the preferred model at its staff plus £4,000 running costs a year.
    assert f"then £{round(nurse_led) + 4_000:,} a year" in texts["Scotland"]["service-specification.docx"]
    assert "NHS Scotland Agenda for Change pay 2025/26" in case
    assert "Scottish Public Pensions Agency" in case and "22.5%" in case
    assert "36 hours from 1 April 2026" in case
    # The basis of value: no Scottish threshold, the UK reference range stated as such.
    assert "NHS Scotland publishes no cost per QALY threshold for services" in case
    assert "NHS in Scotland and social work services (the Scottish Medicines Consortium's perspective)" in case
    # Guidance and audits are Scotland's.
    assert "SIGN 142 sets out how adults with a fragility fracture should be assessed" in case
    assert "the Scottish Hip Fracture Audit reports how often it happens" in case
    # The shorter week means more staff for the same caseload: 37.5 / 36 of England's need.
    needed = {n: json.loads((builds[n] / "calculator-results.json").read_text())["options"] for n in ("England", "Scotland")}
    for england, scotland in zip(needed["England"], needed["Scotland"]):
        assert scotland["staff_needed"]["productive_hours_per_wte"] == pytest.approx(
            england["staff_needed"]["productive_hours_per_wte"] * 36 / 37.5)
        for group, wte in england["staff_needed"]["wte_needed"].items():
            assert scotland["staff_needed"]["wte_needed"][group] == pytest.approx(wte * 37.5 / 36)


def test_the_scottish_site_uses_scottish_terms_sources_and_pay(texts: dict[str, dict[str, str]]) -> None:
    site = texts["Scotland"]
    assert "NHS in Scotland and social work services" in site["project/benefits-and-costs.html"]
    assert "National Records of Scotland" in site["reference/data.html"]
    assert "Scottish Morbidity Record SMR01, Public Health Scotland" in site["reference/data.html"]
    assert "Integration joint board (IJB)" in site["reference/glossary.html"]
    assert "Health board directors" in site["project/team.html"]
    assert "Scottish Hip Fracture Audit" in site["guide/6-sustain-and-share.html"]
    assert "health and social care partnership" in site["index.html"]


def test_every_nations_facts_name_their_source() -> None:
    for nation, entry in data.load("nations")["nations"].items():
        sources = [entry["words"]["source"], entry["agreement"]["source"], entry["guidance"]["source"],
                   entry["economics"]["source"], *(a["source"] for a in entry["audits"])]
        if entry["outcomes"]:
            sources.append(entry["outcomes"]["source"])
        assert all(isinstance(s, str) and len(s) > 20 for s in sources), nation
        assert all(isinstance(g["reference"], str) and isinstance(g["title"], str) and set(g) == {"reference", "title"}
                   for g in entry["guidance"]["documents"]), nation
        assert all(set(a) == {"name", "what", "source"} and all(isinstance(v, str) for v in a.values())
                   for a in entry["audits"]), nation


def test_a_number_outside_the_nations_outcomes_framework_is_warned_about(tmp_path: Path) -> None:
    from tests.conftest import run

    root = copy_project(tmp_path)
    edit(root / "content" / "service_specification.yaml", "framework_domains: [2, 3, 5]", "framework_domains: [2, 7]")
    result = run("validate", root)
    assert "7 is not one of the 5 NHS Outcomes Framework domains used in England" in result.output
    assert "use a number from 1 to 5" in result.output


def test_content_names_the_nations_words_and_a_misspelt_one_is_caught(tmp_path: Path) -> None:
    from fls_docs.model.validate import load_project
    from tests.conftest import run

    root = copy_project(tmp_path)
    edit(root / "content" / "project.yaml", EXAMPLE,
         "  name: NHS Wyvern Valley\n  nation: Scotland\n  commissioner: Wyvern Valley HSCP\n")
    brief = root / "content" / "brief.yaml"
    edit(brief, "  [[commissioner]] has made falls", "  The [[nation.provider_short]] has made falls")
    project, _ = load_project(root)
    assert project.brief.why_now.startswith("The health board has made falls")
    assert project.stakeholders[[s.category for s in project.stakeholders].index("trust-directors")].category_label == \
        "Health board directors"
    edit(brief, "[[nation.provider_short]]", "[[nation.provider_shrt]]")
    result = run("validate", root)
    assert '"[[nation.provider_shrt]]" does not name anything the content holds (did you mean [[nation.provider_short]]?)' \
        in result.output
