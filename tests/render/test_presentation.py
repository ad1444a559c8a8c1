"""The commissioner presentation, read back with python-pptx.

Its native charts are checked against the independent hand calculation in
tests/calc/test_headline.py (plain Python over the data files and the example's
content), not against the calculators. Also: the slides and their order, speaker
notes, alt text, LibreOffice's conversion, and a project's restyled template.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from tests.calc.test_headline import BANDS, SEXES, Inputs, cohort, content, evaluate, staff_cost, table
from tests.conftest import REPO, TODAY, run

DECK = Path("build") / "docs" / "commissioner-presentation.pptx"
TEMPLATE = REPO / "templates" / "pptx" / "commissioner-presentation.pptx"
TITLES = [
    "The problem: fractures we expect each year",
    "What happens now: where patients drop out",
    "The proposed service",
    "Staffing the service",
    "Costs and savings by year",
    "Value for money",
    "Risks and how we manage them",
    "The ask and the decision needed",
    "Next steps and dates",
    "Summary and questions",
]
STEPS = ["identified", "assessed", "recommended", "started", "persistent"]


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def deck(built_example: Path) -> Presentation:
    return Presentation(str(built_example / DECK))


@pytest.fixture(scope="module")
def hand() -> dict:
    """The preferred model's figures worked out by hand, as test_headline does, plus what the charts show."""
    x = Inputs()
    model = next(m for m in x.calc["staffing_models"] if m.get("preferred"))
    usual_shares = x.cascade["usual_care"]
    shares = {**x.cascade["fls"], **model.get("cascade", {})}
    by_site = {site: {sex: sum(x.population[sex][band] * float(x.rates[site][sex][band]) / 10_000 for band in BANDS)
                      for sex in SEXES} for site in x.rates}
    caseload = sum(sum(sexes.values()) for sexes in by_site.values())
    return {"x": x, "model": model, "usual_shares": usual_shares, "shares": shares, "by_site": by_site,
            "caseload": caseload, "evaluation": evaluate(x, model),
            "usual": cohort(x, usual_shares, None), "service": cohort(x, shares, usual_shares)}


def charts(deck: Presentation) -> dict[str, object]:
    """Each chart in the deck, by the title on its graphic frame."""
    found = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                found[shape._element.xpath("./*[1]/p:cNvPr")[0].get("title")] = shape.chart
    return found


def series(chart: object) -> dict[str, dict]:
    """Series name -> category -> value, for a bar or column chart."""
    plot = chart.plots[0]
    categories = list(plot.categories)
    return {s.name: dict(zip(categories, s.values)) for s in plot.series}


def slide_text(slide: object) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def pounds(value: float) -> str:
    return f"-£{abs(value):,.0f}" if value < 0 else f"£{value:,.0f}"


# ---------------------------------------------------------------- slides, notes and alt text

def test_eleven_slides_with_their_titles_in_order(deck: Presentation) -> None:
    name = content("project")["project"]["name"]
    assert 10 <= len(deck.slides) <= 12
    assert [slide.shapes.title.text for slide in deck.slides] == [name, *TITLES]


def test_every_slide_has_speaker_notes(deck: Presentation) -> None:
    for number, slide in enumerate(deck.slides, start=1):
        assert slide.has_notes_slide, f"slide {number} has no notes"
        assert len(slide.notes_slide.notes_text_frame.text.split()) >= 20, f"slide {number}'s notes are too short"


def test_every_picture_and_chart_has_alt_text_and_every_chart_a_title(deck: Presentation) -> None:
    seen = 0
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            properties = shape._element.xpath("./*[1]/p:cNvPr")[0]
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE or shape.has_chart:
                seen += 1
                assert len(properties.get("descr", "").split()) >= 8, f"slide {number}: {shape.name} has no alt text"
            if shape.has_chart:
                assert properties.get("title"), f"slide {number}: a chart has no title"
    assert seen >= 5


def test_the_service_slide_shows_the_future_pathway_map(deck: Presentation) -> None:
    slide = deck.slides[TITLES.index("The proposed service") + 1]
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    assert "pathway" in pictures[0]._element.xpath("./*[1]/p:cNvPr")[0].get("descr", "").lower()


def test_the_draft_says_so_in_every_footer(deck: Presentation) -> None:
    for slide in list(deck.slides)[1:]:
        assert "DRAFT for the project team" in slide_text(slide)


# ---------------------------------------------------------------- the charts against the hand calculation

def test_fractures_by_site_match_the_hand_calculation(deck: Presentation, hand: dict) -> None:
    shown = series(charts(deck)["Fragility fractures expected each year, by site and sex"])
    labels = {site: info["label"] for site, info in table("sites")["sites"].items()}
    assert set(shown) == {"Women", "Men"}
    assert list(shown["Women"]) == [labels[site] for site in hand["by_site"]]
    for site, sexes in hand["by_site"].items():
        assert shown["Women"][labels[site]] == pytest.approx(sexes["female"], rel=1e-9)
        assert shown["Men"][labels[site]] == pytest.approx(sexes["male"], rel=1e-9)


def test_the_care_cascade_matches_the_hand_calculation(deck: Presentation, hand: dict) -> None:
    shown = series(charts(deck)["Patients a year at each step of care"])
    today, service = list(shown["Today (usual care)"].values()), list(shown["With the service"].values())
    n = hand["caseload"]
    usual, fls = hand["usual_shares"], hand["shares"]
    expected_today, expected_service = [n], [n]
    found, kept = n, n
    for step in STEPS:
        found *= fls[step]
        kept *= usual[step]
        expected_today.append(kept)
        # Patients the service misses keep usual care's chance of each step.
        expected_service.append(found + (1 - fls["identified"]) * kept)
    assert today == pytest.approx(expected_today, rel=1e-9)
    assert service == pytest.approx(expected_service, rel=1e-9)


def test_staff_needed_and_funded_match_the_hand_calculation(deck: Presentation, hand: dict) -> None:
    shown = series(charts(deck)["Staff needed and funded, whole-time equivalent"])
    workload, model, n = table("workload"), hand["model"], hand["caseload"]
    reached, at = {}, n
    for step in STEPS[:4]:
        at *= hand["shares"][step]
        reached[step] = at
    reached["scanned"] = reached["assessed"] * hand["x"].dxa_share
    hours_a_year = float(workload["productive_hours"]["value"]) * float(table("pay")["hours_per_week"]) / 37.5
    needed = {"admin": 0.0, "clinical": 0.0}
    for activity in workload["activities"].values():
        needed[activity["group"]] += reached[activity["per"]] * activity["minutes"] / 60 / hours_a_year
    funded = {"admin": 0.0, "clinical": 0.0}
    for post in model["posts"]:
        funded["admin" if re.search(workload["admin_roles"], post["role"], re.IGNORECASE) else "clinical"] += post["wte"]
    groups = workload["groups"]
    for group in ("admin", "clinical"):
        assert shown["Needed for the caseload"][groups[group]] == pytest.approx(needed[group], rel=1e-9)
        assert shown["Funded"][groups[group]] == pytest.approx(funded[group], rel=1e-9)


def test_costs_and_savings_by_year_match_the_hand_calculation(deck: Presentation, hand: dict) -> None:
    """The budget by hand: each year, every cohort so far in its own year of follow-up; cash, undiscounted, no bias."""
    shown = series(charts(deck)["Costs and savings by financial year"])
    x, model = hand["x"], hand["model"]
    components = table("unit_costs")["components"]
    info = {**{k: (v["payer"], v["cash_releasing"]) for k, v in components.items()},
            **{k: (v["payer"], v["cash_releasing"]) for k, v in table("perspectives")["lines"].items()}}
    first = int(x.calc["first_financial_year"][:4])
    service_cost = staff_cost(model) + sum(line["cost_per_year"] for line in model.get("running_costs", []))
    setup = sum(line["cost"] for line in model.get("setup_costs", []))
    for year in range(1, x.years + 1):
        label = f"{first + year - 1}/{(first + year) % 100:02d}"
        lines: dict[str, float] = {}
        for start in range(1, year + 1):
            t = year - start
            if t < x.horizon:
                for part, amount in hand["service"]["costs"][t].items():
                    lines[part] = lines.get(part, 0.0) + amount - hand["usual"]["costs"][t][part]
        counted = {part: amount for part, amount in lines.items() if part in x.counted}
        ask = service_cost + (setup if year == 1 else 0.0)
        commissioner = ask + sum(a for part, a in counted.items() if info[part][0] == "commissioner")
        cash = -sum(a for part, a in counted.items() if a < 0 and info[part][1])
        capacity = -sum(a for part, a in counted.items() if a < 0 and not info[part][1])
        assert shown["Service cost (the ask)"][label] == pytest.approx(ask, rel=1e-9)
        assert shown["All extra cost to the commissioner"][label] == pytest.approx(commissioner, rel=1e-6)
        assert shown["Savings that release cash"][label] == pytest.approx(cash, rel=1e-6)
        assert shown["Savings that free capacity"][label] == pytest.approx(capacity, rel=1e-6)


def test_value_for_money_shows_the_hand_calculated_figures(deck: Presentation, hand: dict) -> None:
    text = slide_text(deck.slides[TITLES.index("Value for money") + 1])
    e = hand["evaluation"]
    assert f"Each QALY gained costs {pounds(e['cost_per_qaly'])}" in text
    assert f"Net present social value: {pounds(e['npsv'])}" in text
    assert f"{e['qalys']:.1f} quality-adjusted life years (QALYs) gained" in text
    assert f"{round(e['prevented']):,} fractures prevented ({round(e['hip']):,} hip)" in text
    assert f"{e['deaths']:.1f} deaths avoided" in text


def test_the_acceptability_curve_is_the_share_of_samples_cost_effective(deck: Presentation, built_example: Path) -> None:
    """Counted afresh from the probabilistic samples the build drew (its sample count and seed)."""
    from fls_docs.build import PSA_SAMPLES
    from fls_docs.calc.results import calculate
    from fls_docs.model.validate import load_project

    results = calculate(load_project(built_example)[0], date.fromisoformat(TODAY), samples=PSA_SAMPLES)
    model = next(m for m in results.probabilistic.models if m.model_id == results.costs.preferred.model.id)
    chart = charts(deck)["Chance the service is cost-effective at each value of a QALY"]
    curve = next(s for s in chart.plots[0].series if s.name == "Chance cost-effective")
    xs = [float(v) for v in curve._element.xpath("./c:xVal//c:v/text()")]
    assert xs[0] == 0 and xs[-1] >= 50_000
    for threshold, share in zip(xs, curve.values):
        positive = sum(1 for q, c in zip(model.qaly_samples, model.cost_samples) if q * threshold - c > 0)
        assert share == pytest.approx(positive / len(model.qaly_samples))


def test_the_ask_and_the_dates_come_from_the_business_case_and_the_plan(deck: Presentation) -> None:
    case = content("business_case")["decision"]
    ask = slide_text(deck.slides[TITLES.index("The ask and the decision needed") + 1])
    decided = case["decision_date"]
    assert f"{decided.day} {decided:%B %Y}" in ask
    tasks = [t for phase in content("plan")["phases"] for t in phase["tasks"] if t.get("milestone")]
    coming = [t for t in tasks if t["status"] != "complete"]
    steps = slide_text(deck.slides[TITLES.index("Next steps and dates") + 1])
    for task in coming[:6]:
        assert task["title"] in steps and f"{task['due'].day} {task['due']:%B %Y}" in steps


# ---------------------------------------------------------------- LibreOffice

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not SOFFICE and not os.environ.get("FLS_DOCS_REQUIRE_SOFFICE"), reason="LibreOffice is not installed")
def test_libreoffice_converts_the_presentation_to_pdf(built_example: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    assert SOFFICE, "LibreOffice (soffice) is required for this test but is not installed"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(built_example / DECK)],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "commissioner-presentation.pdf"
    assert pdf.is_file(), f"LibreOffice did not convert the presentation (is Impress installed?) {result.stderr}"
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == len(Presentation(str(built_example / DECK)).slides)
    assert "Wyvern Valley" in reader.pages[0].extract_text()


# ---------------------------------------------------------------- the template

def _restyled(template: Path, out: Path, colour: str, font: str) -> None:
    """A copy of ``template`` whose theme has another first accent colour and another font."""
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "ppt/theme/theme1.xml":
                text = data.decode("utf-8")
                text = re.sub(r'(<a:accent1><a:srgbClr val=")[0-9A-F]{6}', rf"\g<1>{colour}", text)
                data = text.replace('typeface="Arial"', f'typeface="{font}"').encode("utf-8")
            target.writestr(item, data)


@pytest.fixture(scope="module")
def restyled(built_example: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The built example with a restyled template added: the rebuild redoes the presentation alone."""
    root = tmp_path_factory.mktemp("restyled") / "project"
    shutil.copytree(built_example, root, symlinks=True)
    (root / "templates" / "pptx").mkdir(parents=True)
    _restyled(TEMPLATE, root / "templates" / "pptx" / "commissioner-presentation.pptx", "8A1538", "Verdana")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FLS_DOCS_TODAY", TODAY)
        result = run("build", "--explain", root)
    assert result.exit_code == 0, result.output
    return root, result.output


def test_a_project_template_restyles_the_presentation(restyled: tuple[Path, str]) -> None:
    restyled, explained = restyled
    assert "commissioner-presentation.pptx: rebuilt (changed: template)" in explained
    with zipfile.ZipFile(restyled / DECK) as deck:
        theme = deck.read("ppt/theme/theme1.xml").decode("utf-8")
    assert '<a:accent1><a:srgbClr val="8A1538"/>' in theme
    assert 'typeface="Verdana"' in theme and 'typeface="Arial"' not in theme
    assert [s.shapes.title.text for s in Presentation(str(restyled / DECK)).slides][1:] == TITLES


def test_the_shipped_template_has_the_named_layouts() -> None:
    names = [layout.name for layout in Presentation(str(TEMPLATE)).slide_layouts]
    for name in ("Title", "Title and Content", "Title and Chart", "Chart and Text", "Title and Table",
                 "Picture and Text", "Section"):
        assert name in names


def test_a_template_missing_a_layout_is_named_in_the_error(tmp_path: Path) -> None:
    from fls_docs.calc.results import calculate
    from fls_docs.model.validate import load_project
    from fls_docs.render.context import build_info, make_context
    from fls_docs.render.presentation import TemplateProblem, render_presentation

    broken = tmp_path / "commissioner-presentation.pptx"
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data.replace(b'name="Chart and Text"', b'name="Chart beside text"'))
    project, _ = load_project(REPO)
    on = date.fromisoformat(TODAY)
    context = make_context(project, calculate(project, on, samples=None, analyses=False), build_info(on))
    with pytest.raises(TemplateProblem, match='no slide layout named "Chart and Text"'):
        render_presentation(broken, context, tmp_path / "out.pptx")
    assert not (tmp_path / "out.pptx").exists()


def test_the_template_script_makes_the_shipped_template(tmp_path: Path) -> None:
    """The committed template is what scripts/make_pptx_template.py makes, part for part."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_pptx_template", REPO / "scripts" / "make_pptx_template.py")
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script  # dataclasses look their module up there
    try:
        spec.loader.exec_module(script)
    finally:
        del sys.modules[spec.name]
    made = script.make_template(tmp_path / "made.pptx")

    def parts(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as z:
            return {name: z.read(name) for name in z.namelist()}

    assert parts(made) == parts(TEMPLATE)

