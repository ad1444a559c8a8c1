import re
import time
from pathlib import Path

import pytest

from fls_docs.model.load import Mark, load_document


def _load(tmp_path: Path, text: str):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return load_document(path, "content/x.yaml")


def test_positions_are_kept_for_keys_and_values(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "a:\n  b: 1\n  items:\n    - x\n    - {c: 2}\n")
    assert problems == []
    assert doc.data == {"a": {"b": 1, "items": ["x", {"c": 2}]}}
    assert doc.value_marks[("a", "b")] == Mark(2, 6)
    assert doc.key_marks[("a", "items")] == Mark(3, 3)
    assert doc.value_marks[("a", "items", 1, "c")] == Mark(5, 11)
    # An unknown path falls back to its nearest known parent.
    assert doc.mark(("a", "items", 1, "missing")) == Mark(5, 7)


def test_dates_stay_text_so_the_schema_can_explain_them(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "due: 2026-13-01\nstart: 2026-01-05\n")
    assert problems == []
    assert doc.data == {"due": "2026-13-01", "start": "2026-01-05"}


def test_duplicate_keys_are_reported_at_the_second_one(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "a: 1\nb:\n  c: 1\n  c: 2\n")
    assert [p.format() for p in problems] == [
        'content/x.yaml:4:3: b.c: the key "c" appears twice in the same block (first on line 3) '
        "(remove one of them; otherwise only the last one would be used)"
    ]


def test_syntax_errors_give_line_and_column(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert doc is None
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (3, 2)
    assert "list starts on line 2" in problems[0].hint


def test_an_unquoted_colon_gets_a_useful_hint(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "title: Note: read this\n")
    assert doc is None
    assert problems[0].line == 1
    assert "quotes" in problems[0].hint


def test_an_empty_file_is_an_empty_mapping(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "# only a comment\n")
    assert problems == [] and doc.data == {}


# ---- files that must be refused quickly, with a place to look ----

BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]\n" for prev, name in zip("abcdefgh", "bcdefghi"))
)


def _only_problem(tmp_path: Path, text: str) -> str:
    doc, problems = _load(tmp_path, text)
    assert doc is None
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0].format()


def test_an_alias_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    assert BILLION_LAUGHS.count("\n") == 9
    started = time.perf_counter()
    doc, problems = _load(tmp_path, BILLION_LAUGHS)
    elapsed = time.perf_counter() - started
    assert elapsed < 5  # in practice about a millisecond; expanded, it would be a billion values
    assert doc is None
    assert [p.format() for p in problems] == [
        'content/x.yaml:6:8: f[0]: with "*e", aliases repeat more than 200,000 values or 2,000,000 characters '
        "in all (write the values out in full; content files rarely need aliases)"]


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path: Path) -> None:
    assert _only_problem(tmp_path, "a: 1\nloop: &loop\n  next: *loop\n") == (
        'content/x.yaml:3:9: loop.next: the alias "*loop" is inside the value it repeats, so it would repeat forever '
        '(remove "*loop" or point it at a value defined before "&loop")')


def test_an_alias_with_no_anchor_is_named(tmp_path: Path) -> None:
    assert _only_problem(tmp_path, "a: *nowhere\n") == (
        'content/x.yaml:1:4: a: the alias "*nowhere" refers to no anchor "&nowhere" above it '
        '(write the value out, or mark it with "&nowhere" before it is used)')


def test_aliases_and_merges_that_repeat_a_little_still_work(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "base: &base {lead: pm, status: on track}\n"
                                    "task:\n  <<: *base\n  status: late\nother: *base\n")
    assert problems == []
    assert doc.data == {"base": {"lead": "pm", "status": "on track"}, "task": {"status": "late", "lead": "pm"},
                        "other": {"lead": "pm", "status": "on track"}}
    assert doc.value_marks[("other", "lead")] == Mark(1, 20)  # where the repeated value is written


@pytest.mark.parametrize("opening", ["[" * 60, "".join("  " * i + f"level{i}:\n" for i in range(60))])
def test_very_deep_nesting_is_refused(tmp_path: Path, opening: str) -> None:
    message = _only_problem(tmp_path, "a: 1\nb: " + opening + "\n" if opening.startswith("[") else opening + "    x: 1\n")
    assert re.match(r"content/x\.yaml:\d+:\d+: \S+: the values are nested more than 50 levels deep "
                    r"\(content files need only a few levels; look for brackets or indentation that keep growing\)$", message)


def test_tens_of_thousands_of_brackets_do_not_overflow_anything(tmp_path: Path) -> None:
    message = _only_problem(tmp_path, "a: " + "[" * 100_000 + "\n")
    assert re.match(r"content/x\.yaml:1:\d+: ", message)


@pytest.mark.parametrize("value, tag", [
    ("!!binary aGVsbG8=", "!!binary"), ("!!set {a, b}", "!!set"), ("!!int abc", "!!int"),
    ("!!timestamp soon", "!!timestamp"), ("!!python/object:os.system ls", "!!python/object:os.system"),
    ("!!python/name:os.system", "!!python/name:os.system"), ("!custom x", "!custom"), ("!!str 12", "!!str"),
    ("!!map {a: 1}", "!!map"), ("!!seq [1]", "!!seq"),
])
def test_every_explicit_tag_is_refused_and_named(tmp_path: Path, value: str, tag: str) -> None:
    assert _only_problem(tmp_path, f"a: 1\nplan:\n  due: {value}\n") == (
        f'content/x.yaml:3:8: plan.due: the YAML tag "{tag}" is not allowed (remove "{tag}"; content files hold '
        "only text, numbers, dates, true or false, lists and blocks of fields)")


def test_every_tag_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "a: !!int abc\nb: [1, !x 2]\n")
    assert doc is None
    assert [(p.line, p.column, p.field) for p in problems] == [(1, 4, "a"), (2, 8, "b[1]")]


def test_a_file_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("title: Caf".encode() + b"\xe9 menu\nnext: 1\n")  # Latin-1, as older Windows editors save
    doc, problems = load_document(path, "content/x.yaml")
    assert doc is None
    assert [p.format() for p in problems] == [
        "content/x.yaml:1:11: the file is not UTF-8 text (save it as UTF-8; most editors offer this under "
        "'Save as' or 'Encoding')"]


def test_a_control_character_typed_into_the_file_is_located(tmp_path: Path) -> None:
    assert _only_problem(tmp_path, "a: 1\nnote: caf\u00e9 \x07bell\n") == (
        "content/x.yaml:2:12: the file contains a control character (U+0007), which documents cannot show "
        "(delete it; it usually arrives with text pasted from another program)")


@pytest.mark.parametrize("text, found", [("- a\n- b\n", "a list"), ("just words\n", "a single value")])
def test_a_file_must_hold_fields_at_the_top(tmp_path: Path, text: str, found: str) -> None:
    assert _only_problem(tmp_path, text) == (
        f"content/x.yaml:1:1: the file should hold fields written as 'name: value', but it holds {found} "
        "(start each top-level line with a field name and a colon, with no '- ' before it)")


@pytest.mark.parametrize("text, line, column, message", [
    ("a: 1\n---\nb: 2\n", 2, 1, "a second YAML document starts here"),
    ("a: &x 1\nb: &x 2\n", 2, 4, 'b: the anchor "&x" is already used on line 1'),
    ("? [a, b]\n: 1\n", 1, 3, "a field name must be plain text, not a list or a block of fields"),
    ('a: "\\ud800"\n', 1, 7, "YAML syntax error: found invalid Unicode character escape code"),
    ("a: 1\n  b: 2\n", 2, 3, "YAML syntax error: the line is indented differently from the lines around it"),
    ("a: 'open\n", 2, 1, "YAML syntax error: found unexpected end of stream"),
    ("a: {b: 1\n", 2, 1, "YAML syntax error: did not find expected ',' or '}'"),
    ("a: " + "1" * 5000 + "\n", 1, 4, "a: the number has too many digits to use"),
])
def test_every_kind_of_yaml_problem_is_a_located_message(tmp_path: Path, text: str, line: int, column: int,
                                                          message: str) -> None:
    doc, problems = _load(tmp_path, text)
    assert [(p.line, p.column) for p in problems] == [(line, column)]
    assert problems[0].format().startswith(f"content/x.yaml:{line}:{column}: {message}")


def test_field_names_are_kept_as_written(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "6: a\nnull: b\ntrue: c\nx: =\n")
    assert problems == []
    assert doc.data == {"6": "a", "null": "b", "true": "c", "x": "="}


def test_a_key_indented_one_space_too_far_is_explained_as_indentation(tmp_path: Path) -> None:
    # libyaml says "mapping values are not allowed in this context", which reads like a problem with the colon.
    doc, problems = _load(tmp_path, "project:\n  name: Wyvern Valley FLS\n   short_name: WV FLS\n")
    assert doc is None
    assert [p.format() for p in problems] == [
        "content/x.yaml:3:4: YAML syntax error: the line is indented differently from the lines around it: it starts in "
        'column 4, but the lines above it start in column 3 ("name:" on line 2) or 1 ("project:" on line 1) (indent '
        'with spaces, and line up each key with the other keys of its block and each "- " with the other items of '
        "its list)"]


def test_a_list_items_field_that_lines_up_with_its_dash_is_explained(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "team:\n  - id: pm\n  name: Priya Shah\n")
    assert [p.format() for p in problems] == [
        'content/x.yaml:3:3: YAML syntax error: this line starts in the same column as the "- " of the list item on '
        'line 2, but without "- " (to add it to that item, start it in column 5 to line up with "id:"; to start a new '
        'item, put "- " before it)']


def test_a_colon_inside_a_well_indented_value_still_asks_for_quotes(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "project:\n  name: Wyvern\n  summary: Note: read this\n")
    assert [p.format() for p in problems] == [
        "content/x.yaml:3:16: YAML syntax error: mapping values are not allowed in this context "
        "(a value containing ': ' must be put in quotes)"]


def test_text_after_a_single_space_and_hash_is_warned_about_but_a_spaced_comment_is_not(tmp_path: Path) -> None:
    text = ("title: Audit fracture clinic #2 list\n"
            "owner: pm  # a comment, two spaces before the #\n"
            "steps:\n  - Send letters #3 and #4\n  - 'Quoted #5'\n"
            "likelihood: 3 #was 4\n"
            "due: 2026-01-30 #moved\n"
            "notes: # nothing here yet\n")
    doc, problems = _load(tmp_path, text)
    assert doc.data["title"] == "Audit fracture clinic" and doc.data["owner"] == "pm"
    assert [p.format() for p in problems] == [
        'content/x.yaml:1:30: warning: title: "#2 list" is read as a comment and left out, so the value is "Audit '
        'fracture clinic" (to keep it, put the whole value in quotes: "Audit fracture clinic #2 list"; if it is a '
        "comment, leave two spaces before the #)",
        'content/x.yaml:4:18: warning: steps[0]: "#3 and #4" is read as a comment and left out, so the value is '
        '"Send letters" (to keep it, put the whole value in quotes: "Send letters #3 and #4"; if it is a comment, '
        "leave two spaces before the #)"]


def test_a_hidden_comment_in_a_task_names_the_task(tmp_path: Path) -> None:
    text = 'phases:\n  - phase: start-out\n    tasks:\n      - id: "1.4"\n        title: Audit clinic #2 list\n'
    _, problems = _load(tmp_path, text)
    assert [p.format() for p in problems] == [
        'content/x.yaml:5:29: warning: task 1.4 "Audit clinic", title: "#2 list" is read as a comment and left out, '
        'so the value is "Audit clinic" (to keep it, put the whole value in quotes: "Audit clinic #2 list"; if it is '
        "a comment, leave two spaces before the #)"]
