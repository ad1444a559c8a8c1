"""Checks that content fits the project's UK nation, which its schema cannot know."""

from __future__ import annotations

from collections.abc import Iterator

from fls_docs.diagnostics import Diagnostic, Severity
from fls_docs.model.load import Document
from fls_docs.nations import NATIONS, outcomes, pack


def outcomes_in_framework(docs: dict[str, Document]) -> Iterator[Diagnostic]:
    """Each outcome the specification names is one of the nation's framework, which the specification prints."""
    project, spec = docs.get("project"), docs.get("service_specification")
    if project is None or spec is None or not isinstance(project.data, dict) or not isinstance(spec.data, dict):
        return
    organisation = project.data.get("organisation")
    nation = organisation.get("nation") if isinstance(organisation, dict) else None
    outcomes_block = spec.data.get("outcomes")
    chosen = outcomes_block.get("framework_domains") if isinstance(outcomes_block, dict) else None
    if nation not in NATIONS or not isinstance(chosen, list):
        return
    framework = outcomes(nation)
    if not framework and chosen:
        yield spec.diagnostic(("outcomes", "framework_domains"),
                              f"service specifications in {nation} use no national outcomes framework, "
                              "so these numbers are not shown",
                              "remove framework_domains, and say what the service achieves under local_outcomes",
                              severity=Severity.WARNING)
        return
    title = pack(nation)["outcomes"]["title"]
    for i, number in enumerate(chosen):
        if isinstance(number, int) and number not in framework:
            yield spec.diagnostic(("outcomes", "framework_domains", i),
                                  f"{number} is not one of the {len(framework)} {title} used in {nation}",
                                  f"use a number from 1 to {max(framework)}", severity=Severity.WARNING)
