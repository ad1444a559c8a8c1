"""The content files a project keeps, each with its schema.

Adding a content file means adding its schema in ``schemas/``, an entry here,
and a model class with a converter in ``model/convert.py``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentFile:
    name: str
    description: str
    required: bool = True

    @property
    def filename(self) -> str:
        return f"{self.name}.yaml"

    @property
    def schema(self) -> str:
        return self.name


CONTENT_FILES: tuple[ContentFile, ...] = (
    ContentFile("project", "organisation, catchment population, team, stakeholders and document control"),
    ContentFile("brief", "the project initiation document", required=False),
    ContentFile("plan", "the improvement project plan"),
    ContentFile("calculator", "inputs for the benefits and cost calculators"),
    ContentFile("service_specification", "the service specification for the NHS Standard Contract", required=False),
    ContentFile("business_case", "the business case for funding", required=False),
    ContentFile("indicators", "the outcome and performance indicators and their monthly counts", required=False),
    ContentFile("standards", "a self-assessment against the ten FLS clinical standards", required=False),
    ContentFile("pathway", "the care pathway today and with the service, and the patient journey", required=False),
    ContentFile("meetings", "the project team and stakeholder reference group meetings and their action log", required=False),
)

CONTENT_DIR = "content"
