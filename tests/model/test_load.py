from pathlib import Path

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
