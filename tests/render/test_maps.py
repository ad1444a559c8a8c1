"""The stakeholder, pathway and journey maps (Graphviz) and the power and interest grid (matplotlib)."""

import html
import re
import zipfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from fls_docs.render import maps
from tests.conftest import REPO, copy_project, run


@pytest.fixture(scope="module")
def results():
    from fls_docs.calc.results import calculate
    from fls_docs.model.validate import load_project

    project, _ = load_project(REPO)
    return calculate(project, date(2026, 11, 25), analyses=False)


def _boxes(svg: str) -> list[str]:
    """The text of each node of a Graphviz SVG, its wrapped lines joined by spaces."""
    nodes = re.findall(r'<g id="node\d+" class="node">(.*?)</g>', svg, re.DOTALL)
    texts = [[html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", node, re.DOTALL)] for node in nodes]
    return [" ".join(" ".join(t).replace("\xa0", " ").split()) for t in texts]


def _draw(graph, path: Path) -> str:
    maps.render(graph, path)
    return path.read_text(encoding="utf-8")


def _cascade() -> dict[str, dict[str, float]]:
    """The example's cascade by hand: the shipped figures, with the example's own local figures laid over them."""
    steps = yaml.safe_load((REPO / "fls_docs" / "data" / "cascade.yaml").read_text(encoding="utf-8"))["steps"]
    local = yaml.safe_load((REPO / "content" / "calculator.yaml").read_text(encoding="utf-8")).get("cascade", {})
    return {arm: {step: local.get(arm, {}).get(step, v[arm]["value"]) for step, v in steps.items()}
            for arm in ("usual_care", "fls")}


def test_the_future_map_shows_every_step_and_each_drop_out_with_its_share(results, tmp_path: Path) -> None:
    boxes = " | ".join(_boxes(_draw(maps.pathway_graph(results.pathway.future), tmp_path / "future.svg")))
    fls = _cascade()["fls"]
    for step in results.pathway.future.steps:
        assert f"{step.number}. {step.step.name}" in boxes
    # By hand: the first loss is of everyone; later ones of those reaching the step, and of everyone.
    assert f"Lost here: {round((1 - fls['identified']) * 100)}% of all patients" in boxes
    assert f"Lost here: {round((1 - fls['assessed']) * 100)}% of those who reach this step" in boxes
    assert f"{round(fls['identified'] * (1 - fls['assessed']) * 100)}% of all patients" in boxes
    assert f"Lost here: {round((1 - fls['started']) * 100)}% of those who reach this step" in boxes
    assert f"Lost here: {round((1 - fls['persistent']) * 100)}% of those who reach this step" in boxes
    assert boxes.count("Lost here:") == 4


def test_the_journey_map_shows_an_audit_figure_with_its_source(results, tmp_path: Path) -> None:
    boxes = _boxes(_draw(maps.pathway_graph(results.pathway.journey), tmp_path / "journey.svg"))
    audit = next(b for b in boxes if "From a local audit" in b)
    assert audit.startswith("Lost here: 15% of those who reach this step")
    assert "Source: Audit of 60 DXA referrals from GPs" in audit
    usual = _cascade()["usual_care"]
    assert any(b.startswith(f"Lost here: {round((1 - usual['identified']) * 100)}% of all patients") for b in boxes)


def test_every_step_of_the_current_map_is_drawn_with_what_it_says(results, tmp_path: Path) -> None:
    boxes = _boxes(_draw(maps.pathway_graph(results.pathway.current), tmp_path / "current.svg"))
    ward = next(b for b in boxes if b.startswith("2. Admitted to the trauma ward"))
    assert "Who: Orthopaedic surgeons and the orthogeriatric team" in ward
    assert "Wait: Surgery within 36 hours for a hip fracture" in ward


def test_the_stakeholder_map_holds_every_team_member_and_every_kind_of_stakeholder(results, tmp_path: Path) -> None:
    from fls_docs.model.validate import load_project
    from fls_docs.nations import stakeholder_labels

    project, _ = load_project(REPO)
    text = " | ".join(_boxes(_draw(maps.stakeholder_graph(results.stakeholder_groups), tmp_path / "map.svg")))
    for person in project.team:
        assert person.name in text and person.role in text
    for label in stakeholder_labels(project.organisation.nation).values():
        assert label in text
    for group in project.stakeholders:
        assert f"• {group.name}" in text
    svg = (tmp_path / "map.svg").read_text(encoding="utf-8")
    assert "Stakeholder reference group" in svg and "Project team" in svg


def test_a_kind_of_stakeholder_no_one_speaks_for_yet_says_so(results, tmp_path: Path) -> None:
    from fls_docs.calc.stakeholders import StakeholderGroups

    groups = StakeholderGroups(results.stakeholder_groups.team, (("Care homes", ()), ("Public health", ("County team",))))
    boxes = _boxes(_draw(maps.stakeholder_graph(groups), tmp_path / "few.svg"))
    assert "Care homes No one invited yet" in boxes


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_the_same_map_gives_the_same_bytes(results, tmp_path: Path, suffix: str) -> None:
    first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
    maps.render(maps.pathway_graph(results.pathway.current), first)
    maps.render(maps.pathway_graph(results.pathway.current), second)
    assert first.read_bytes() == second.read_bytes()
    if suffix == "png":
        assert first.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert "<!--" not in first.read_text(encoding="utf-8")


def test_without_dot_drawing_a_map_says_to_install_graphviz(results, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder with no dot in it
    with pytest.raises(maps.GraphvizMissing) as caught:
        maps.render(maps.pathway_graph(results.pathway.future), tmp_path / "future.png")
    assert "Graphviz's dot program is not installed" in str(caught.value)
    assert "sudo apt-get install graphviz" in str(caught.value)
    assert not (tmp_path / "future.png").exists()


def test_a_build_without_dot_stops_with_the_install_message_and_leaves_build_alone(tmp_path: Path, monkeypatch) -> None:
    root = copy_project(tmp_path / "project", "minimal")
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("build", "--quiet", "--jobs", "1", root)
    assert result.exit_code == 1
    assert "Graphviz's dot program is not installed" in result.output
    assert "sudo apt-get install graphviz" in result.output
    assert not (root / "build" / "docs").exists()


# --- the power and interest grid -------------------------------------------------------------------

LONG = ("The Wyvern Valley and Lower Ashby Community Orthopaedic, Rheumatology and Older People's Services "
        "Partnership Board (fictional)")


def _grid(names_by_approach: dict[str, tuple[str, ...]]):
    from fls_docs.render.charts import QUADRANTS, power_interest_figure

    groups = {name: names_by_approach.get(name, ()) for name, _, _ in QUADRANTS}
    return power_interest_figure(SimpleNamespace(stakeholder_map=groups))


def test_the_grid_shows_a_long_name_in_full_inside_its_quadrant() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = _grid({"Manage closely": (LONG, "GPs"), "Monitor": ("Care home forum",)})
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ax = fig.axes[0]
    texts = [t for t in ax.texts if "•" in t.get_text()]
    joined = " ".join(" ".join(t.get_text().replace("•", " ").split()) for t in texts)
    assert LONG in joined  # wrapped over lines, never cut
    renderer = canvas.get_renderer()
    right_edge = ax.get_window_extent(renderer).x1
    middle = ax.transData.transform((1, 0))[0]
    for t in texts:
        box = t.get_window_extent(renderer)
        limit = right_edge if t.get_position()[0] > 1 else middle
        assert box.x1 <= limit, f"{t.get_text()!r} runs past its quadrant"
        assert box.y0 >= 0, f"{t.get_text()!r} runs off the foot of the figure"


def test_the_grid_grows_to_hold_every_name() -> None:
    few = _grid({"Keep informed": ("One",)})
    many = _grid({"Keep informed": tuple(f"{LONG} {i}" for i in range(12))})
    assert many.get_size_inches()[1] > few.get_size_inches()[1] + 2


def test_the_grid_alt_text_names_every_stakeholder_in_full(results) -> None:
    from fls_docs.render.charts import describe_power_interest

    alt = describe_power_interest(results)
    for names in results.stakeholder_map.values():
        for name in names:
            assert name in alt


# --- the built example: documents and site ----------------------------------------------------------

def _alt_texts(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return [html.unescape(a) for a in re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml)]


def test_the_documents_carry_the_maps_with_alt_text(built_example: Path) -> None:
    docs = built_example / "build" / "docs"
    pid = _alt_texts(docs / "project-initiation-document.docx")
    assert any(a.startswith("Map of the project team inside the stakeholder reference group.") for a in pid)
    for name in ("service-specification.docx", "business-case.docx"):
        future = [a for a in _alt_texts(docs / name) if a.startswith("Process map of the pathway with")]
        assert len(future) == 1 and "1. Case finding." in future[0] and "Lost here:" in future[0]


def test_the_pathway_page_shows_each_map_as_svg_with_its_steps_in_words(built_example: Path) -> None:
    page = (built_example / "build" / "site" / "project" / "pathway.html").read_text(encoding="utf-8")
    for name in ("pathway-current.svg", "pathway-future.svg", "patient-journey.svg"):
        assert f'src="../assets/charts/{name}"' in page
        assert (built_example / "build" / "site" / "assets" / "charts" / name).is_file()
    assert 'alt="Process map of the pathway today, step by step. 1. Emergency department.' in page
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = " ".join(text.split())
    for step in ("Case finding", "Bone health and falls assessment", "52-week follow-up", "Collecting the tablets"):
        assert step in text
    assert "Next: Admitted to the trauma ward or Fracture clinic." in text
    assert "Lost here: 15% of those who reach this step. From a local audit." in text
