from pathlib import Path

import pytest

from fls_docs.model.load import load_document
from jsonschema import Draft202012Validator

from fls_docs.model.schema import load_schema, validate_document
from fls_docs.paths import SCHEMAS_DIR


def _check(tmp_path: Path, name: str, text: str) -> list[str]:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    doc, problems = load_document(path, f"content/{name}.yaml")
    assert problems == []
    return [d.format() for d in validate_document(doc, name)]


CALC_OK = "staffing_models:\n  - id: a\n    name: A\n    posts:\n      - role: Nurse\n        band: \"6\"\n        wte: 1\n"


@pytest.mark.parametrize("path", sorted(SCHEMAS_DIR.glob("*.schema.json")), ids=lambda p: p.name)
def test_every_shipped_schema_is_a_valid_json_schema(path: Path) -> None:
    Draft202012Validator.check_schema(load_schema(path.name.removesuffix(".schema.json")))


def test_every_property_in_every_schema_has_a_description() -> None:
    def walk(node, path):
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                assert "description" in sub, f"{path}.{key}"
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, path
            for key, sub in node.items():
                walk(sub, f"{path}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{path}[{i}]")

    for name in ("project", "brief", "plan", "calculator"):
        walk(load_schema(name), name)


def test_a_clean_calculator_file_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, "calculator", CALC_OK) == []


def test_many_problems_are_reported_together(tmp_path: Path) -> None:
    text = CALC_OK.replace('band: "6"', "band: 6").replace("wte: 1", "wte: -1") + "horizon_years: 0\ncascade:\n  fls:\n    identified: 1.2\n"
    out = _check(tmp_path, "calculator", text)
    assert out == [
        "content/calculator.yaml:6:15: staffing_models[0].posts[0].band: 6 is not one of the allowed values: "
        '"2", "3", "4", "5", "6", "7", "8a", "8b" (write it in quotes: "6")',
        "content/calculator.yaml:7:14: staffing_models[0].posts[0].wte: -1 should be more than 0",
        "content/calculator.yaml:8:16: horizon_years: 0 should be at least 1",
        "content/calculator.yaml:11:17: cascade.fls.identified: 1.2 should be at most 1",
    ]


def test_a_missing_field_names_what_to_add(tmp_path: Path) -> None:
    out = _check(tmp_path, "calculator", CALC_OK.replace("    name: A\n", ""))
    assert out == ['content/calculator.yaml:2:5: staffing_models[0]: the required field "name" is missing '
                   "(add name: a name a reader will recognise, for example 'Nurse-led service')"]


@pytest.mark.parametrize("typo, suggestion", [("prefered", "preferred"), ("decription", "description")])
def test_unknown_fields_suggest_the_nearest_name(tmp_path: Path, typo: str, suggestion: str) -> None:
    out = _check(tmp_path, "calculator", CALC_OK.replace("    name: A\n", f"    name: A\n    {typo}: x\n"))
    assert out == [f'content/calculator.yaml:4:5: staffing_models[0].{typo}: unknown field "{typo}" (did you mean "{suggestion}"?)']


def test_a_bad_email_and_a_bad_id_are_explained(tmp_path: Path) -> None:
    from tests.conftest import FIXTURES
    text = (FIXTURES / "minimal" / "content" / "project.yaml").read_text()
    text = text.replace("  - id: pm\n", "  - id: Project Manager\n    email: not-an-email\n")
    out = _check(tmp_path, "project", text)
    assert any('team[0].id: "Project Manager" is not in the expected form (lower-case letters' in line for line in out)
    assert any('team[0].email: "not-an-email" is not a valid email address' in line for line in out)


def test_each_example_file_points_editors_at_its_schema() -> None:
    from fls_docs.model.files import CONTENT_FILES
    from tests.conftest import REPO

    for spec in CONTENT_FILES:
        first = (REPO / "content" / spec.filename).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{spec.schema}.schema.json"
        assert (REPO / "schemas" / f"{spec.schema}.schema.json").is_file()


def test_nonsense_calculator_inputs_are_all_reported_with_their_places(tmp_path: Path) -> None:
    text = (
        "horizon_years: 0\n"
        "cascade:\n  fls:\n    started: 1.4\n"
        "incidence:\n  hip:\n    female: {\"50-54\": 3, \"55-59\": 4, \"60-64\": 4, \"65-69\": 5, \"70-74\": 9, \"75-79\": 20, \"80-84\": 50, \"85-89\": 90}\n"
        "    male: -2\n"
        "unit_costs:\n  hip:\n    acute: -100\n"
        "treatment_effect:\n  hip: 0\n"
        "dxa_share: 1.5\n"
    ) + CALC_OK
    assert _check(tmp_path, "calculator", text) == [
        "content/calculator.yaml:1:16: horizon_years: 0 should be at least 1",
        "content/calculator.yaml:4:14: cascade.fls.started: 1.4 should be at most 1",
        'content/calculator.yaml:7:13: incidence.hip.female: the required field "90+" is missing '
        "(add 90+: the rate for people aged 90 and over, for example 12.5)",
        "content/calculator.yaml:8:11: incidence.hip.male: -2 should be at least 0",
        "content/calculator.yaml:11:12: unit_costs.hip.acute: -100 should be at least 0",
        "content/calculator.yaml:13:8: treatment_effect.hip: 0 should be more than 0",
        "content/calculator.yaml:14:12: dxa_share: 1.5 should be at most 1",
    ]


def test_a_missing_age_band_in_the_population_is_named(tmp_path: Path) -> None:
    bands = "\n".join(f'      "{b}": 100' for b in ["50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89"])
    text = f"catchment:\n  population:\n    female:\n{bands}\n"
    problems = _check(tmp_path, "project", text)
    assert any('catchment.population.female: the required field "90+" is missing' in p for p in problems)


# ---- values no schema keyword catches ----

MODEL = (
    "staffing_models:\n"
    "  - id: a\n"
    "    name: A\n"
    "    consultant_pas: {pas}\n"
    "    setup_costs:\n"
    "      - item: Scanner\n"
    "        cost: {cost}\n"
    "    posts:\n"
    "      - role: Nurse\n"
    '        band: "6"\n'
    "        wte: {wte}\n"
)


@pytest.mark.parametrize("written, message", [
    (".nan", '.nan ("not a number") cannot be used as a number'),
    (".NaN", '.nan ("not a number") cannot be used as a number'),
    (".inf", ".inf (infinity) cannot be used as a number"),
    ("-.inf", "-.inf (minus infinity) cannot be used as a number"),
    ("1.0e+999", ".inf (infinity) cannot be used as a number"),
])
def test_a_number_that_is_not_finite_is_refused_wherever_it_is(tmp_path: Path, written: str, message: str) -> None:
    out = _check(tmp_path, "calculator", MODEL.format(pas=written, cost=written, wte=written))
    hint = "(write a number, for example 0.5)"
    assert out == [
        f"content/calculator.yaml:4:21: staffing_models[0].consultant_pas: {message} {hint}",
        f"content/calculator.yaml:7:15: staffing_models[0].setup_costs[0].cost: {message} {hint}",
        f"content/calculator.yaml:11:14: staffing_models[0].posts[0].wte: {message} {hint}",
    ]


def test_a_number_too_large_to_keep_exactly_is_refused(tmp_path: Path) -> None:
    out = _check(tmp_path, "calculator", MODEL.format(pas=1, cost=10**16, wte="1.0e+300"))
    assert out == [
        "content/calculator.yaml:7:15: staffing_models[0].setup_costs[0].cost: 10,000,000,000,000,000 is too large a "
        "number to use (numbers have at most 15 digits, the most a spreadsheet keeps exactly; check for extra digits)",
        "content/calculator.yaml:11:14: staffing_models[0].posts[0].wte: 1e+300 is too large a number to use "
        "(numbers have at most 15 digits, the most a spreadsheet keeps exactly; check for extra digits)",
    ]


@pytest.mark.parametrize("escape, code, kind", [
    ("\\x07", "0007", "a control character"), ("\\e[31m", "001B", "a control character"),
    ("\\r", "000D", "a control character"), ("\\x00", "0000", "a control character"),
    ("\\x85", "0085", "a control character"), ("\\uffff", "FFFF", "an invalid character"),
])
def test_control_characters_in_text_are_refused_with_their_place(tmp_path: Path, escape: str, code: str,
                                                                  kind: str) -> None:
    text = CALC_OK.replace("name: A", f'name: "Nurse{escape} led"')
    assert _check(tmp_path, "calculator", text) == [
        f"content/calculator.yaml:3:11: staffing_models[0].name: contains {kind} (U+{code}) at character 6, "
        "which documents cannot show (delete it; it usually arrives with text pasted from another program)"]


def test_tabs_and_line_breaks_in_long_text_are_fine(tmp_path: Path) -> None:
    text = CALC_OK.replace("name: A", "name: A\n    description: |\n      One\tcolumn\n\n      Two")
    assert _check(tmp_path, "calculator", text) == []


def test_a_control_character_in_a_field_name_is_not_echoed(tmp_path: Path) -> None:
    out = _check(tmp_path, "calculator", CALC_OK.replace("    name: A\n", '    name: A\n    "x\\e[2J": 1\n'))
    assert out[0] == ("content/calculator.yaml:4:5: staffing_models[0].x\\u001b[2J: the field name contains a control "
                      "character (U+001B) at character 2, which documents cannot show (delete it; it usually arrives "
                      "with text pasted from another program)")
    assert not any("\x1b" in line for line in out)


@pytest.mark.parametrize("due", ["1989-12-31", "2101-01-01", "9999-12-31", "0001-01-01"])
def test_dates_outside_1990_to_2100_are_refused(tmp_path: Path, due: str) -> None:
    from tests.conftest import FIXTURES
    text = (FIXTURES / "minimal" / "content" / "plan.yaml").read_text().replace("due: 2026-01-30", f"due: {due}")
    assert _check(tmp_path, "plan", text) == [
        f'content/plan.yaml:12:14: task 1.1 "Form the team", due: "{due}" is outside the dates fls-docs accepts, '
        "1990-01-01 to 2100-12-31 (check the year)"]


def test_the_first_and_last_accepted_dates_pass(tmp_path: Path) -> None:
    from tests.conftest import FIXTURES
    text = (FIXTURES / "minimal" / "content" / "plan.yaml").read_text()
    text = text.replace("start: 2026-01-05", "start: 1990-01-01").replace("due: 2026-01-30", "due: 2100-12-31")
    assert _check(tmp_path, "plan", text) == []


def test_an_empty_required_file_is_reported_at_its_start(tmp_path: Path) -> None:
    assert _check(tmp_path, "plan", "") == [
        'content/plan.yaml:1:1: the required field "phases" is missing (add phases: one block per phase, in the '
        "order the project works through them)"]
