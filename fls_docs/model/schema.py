"""Check a content file against its JSON Schema and explain each problem in plain words."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from fls_docs.diagnostics import Diagnostic
from fls_docs.model.load import Document
from fls_docs.model.values import DATE_RANGE, date_in_range, parse_date, value_problems
from fls_docs.paths import SCHEMAS_DIR

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a block of fields",
    "null": "empty",
}


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    # The shipped schemas are checked against the JSON Schema meta-schema by the tests
    # (tests/model/test_schema.py), not on every load: that check was a fifth of a second of each build.
    return json.loads((SCHEMAS_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _formats() -> FormatChecker:
    """The standard format checks, with dates held to the years a plan can sensibly use."""
    checker = FormatChecker()

    @checker.checks("date")
    def is_date(value: object) -> bool:
        if not isinstance(value, str):
            return True
        day = parse_date(value)
        return day is not None and date_in_range(day)

    return checker


@lru_cache(maxsize=None)
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name), format_checker=_formats())


def validate_document(doc: Document, schema_name: str) -> list[Diagnostic]:
    """Every schema problem in ``doc``, each pinned to its line and column.

    Unusable numbers and text are found in every field first; the schema's own
    complaint about the same value (".nan should be at most 1") would only confuse.
    """
    found = value_problems(doc)
    problems = [d for _, d in found]
    explained = {path for path, _ in found}
    for error in _validator(schema_name).iter_errors(doc.data):
        if tuple(error.absolute_path) not in explained:
            problems.extend(_explain(doc, error))
    return sorted(problems)


_LONGEST_SHOWN = 60


def _show(value: Any) -> str:
    if isinstance(value, str):
        if len(value) > _LONGEST_SHOWN:  # a whole paragraph quoted back would bury the message
            value = value[:_LONGEST_SHOWN - 1] + "…"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (dict, list)):
        return "a block of fields" if isinstance(value, dict) else "a list"
    if value is None:
        return "an empty value"
    return json.dumps(value)


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    matches = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f'did you mean "{matches[0]}"?' if matches else ""


def _explain(doc: Document, error: ValidationError) -> list[Diagnostic]:
    path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    schema = error.schema

    if kind in ("oneOf", "anyOf") and error.context:
        # Explain the alternative that fits the kind of value given (a number, a block of
        # fields...) rather than saying it matches none of them.
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.schema_path[0], []).append(sub)
        fitting = [errs for errs in branches.values() if not any(e.validator == "type" and not e.relative_path for e in errs)]
        if len(fitting) == 1:
            return [d for sub in fitting[0] for d in _explain(doc, sub)]
        return [doc.diagnostic(path, f"{_show(value)} is not in an accepted form", schema.get("description", ""))]
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in value if k not in schema.get("properties", {})]
        out = []
        for extra in extras:
            hint = _did_you_mean(extra, allowed) or "allowed fields here: " + ", ".join(allowed)
            out.append(doc.diagnostic(path + (extra,), f'unknown field "{extra}"', hint, key=True))
        return out
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
        described = schema.get("properties", {}).get(missing, {}).get("description", "")
        hint = f"add {missing}: {described[0].lower() + described[1:] if described else 'a value'}".rstrip(".")
        return [doc.diagnostic(path, f'the required field "{missing}" is missing', hint)]
    if kind == "format":
        fmt = error.validator_value
        if fmt == "date" and parse_date(value) is not None:
            return [doc.diagnostic(path, f"{_show(value)} is outside the dates fls-docs accepts, {DATE_RANGE}",
                                   "check the year")]
        if fmt == "date":
            return [doc.diagnostic(path, f"{_show(value)} is not a valid date", "use YYYY-MM-DD, for example 2026-03-31")]
        if fmt == "email":
            return [doc.diagnostic(path, f"{_show(value)} is not a valid email address", "use name@example.nhs.uk")]
        return [doc.diagnostic(path, f"{_show(value)} is not a valid {fmt}")]
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        hint = "put text in quotes if it looks like a number or a date" if "string" in expected else ""
        if "integer" in expected and isinstance(value, float):
            hint = "use a whole number with no decimal point"
        return [doc.diagnostic(path, f"{_show(value)} should be {words}", hint)]
    if kind == "enum":
        options = [str(o) for o in error.validator_value]
        if not isinstance(value, str) and str(value) in options:
            hint = f'write it in quotes: "{value}"'
        else:
            hint = _did_you_mean(value, options) if isinstance(value, (str, int, float)) else ""
        listed = ", ".join(f'"{o}"' for o in options)
        return [doc.diagnostic(path, f"{_show(value)} is not one of the allowed values: {listed}", hint)]
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        bound = error.validator_value
        words = {
            "minimum": f"at least {bound}",
            "exclusiveMinimum": f"more than {bound}",
            "maximum": f"at most {bound}",
            "exclusiveMaximum": f"less than {bound}",
        }[kind]
        return [doc.diagnostic(path, f"{_show(value)} should be {words}")]
    if kind == "minItems":
        return [doc.diagnostic(path, f"needs at least {error.validator_value} item(s)")]
    if kind == "minLength":
        return [doc.diagnostic(path, "must not be empty")]
    if kind == "maxLength":
        return [doc.diagnostic(path, f"is longer than {error.validator_value} characters")]
    if kind == "pattern":
        described = schema.get("description", "")
        hint = described or f"it must match {error.validator_value}"
        return [doc.diagnostic(path, f"{_show(value)} is not in the expected form", hint)]
    if kind == "uniqueItems":
        return [doc.diagnostic(path, "lists the same item more than once")]
    if kind == "const":
        return [doc.diagnostic(path, f"must be {_show(error.validator_value)}")]
    return [doc.diagnostic(path, error.message)]

