"""Run every calculator over a project and gather the results in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fls_docs import data
from fls_docs.calc.benefits import ARMS, Benefits, calculate_benefits
from fls_docs.calc.costs import Costs, calculate_costs
from fls_docs.calc.progress import Progress, calculate_progress
from fls_docs.model.project import Project


@dataclass(frozen=True)
class Results:
    benefits: Benefits
    costs: Costs
    progress: Progress


def calculate(project: Project, today: date) -> Results:
    """Every figure the documents show, from the model and the shipped reference data."""
    return Results(
        benefits=calculate_benefits(
            project.catchment.population, project.calculator,
            data.load("incidence"), data.load("cascade"), data.load("refracture"),
        ),
        costs=calculate_costs(project.calculator.staffing_models, data.load("pay")),
        progress=calculate_progress(project.plan, today),
    )


def results_to_dict(results: Results) -> dict[str, Any]:
    """The full results, with every input and its source, as plain JSON-ready data."""
    b, c, p = results.benefits, results.costs, results.progress
    return {
        "benefits": {
            "expected_fractures_per_year": {
                "total": b.expected_per_year,
                "by_site": {s.site: {"label": s.label, "total": s.total, **s.by_sex} for s in b.sites},
                "source": b.incidence_source,
                "method": b.incidence_method,
            },
            "cascade": [
                {"step": st.step, "label": st.label,
                 "shares": {arm: st.shares[arm].to_dict() for arm in ARMS},
                 "patients_per_year": dict(st.patients)}
                for st in b.cascade
            ],
            "horizon_years": b.horizon_years.to_dict(),
            "refracture_risk": b.refracture_risk.to_dict(),
            "relative_risk_reduction": b.relative_risk_reduction.to_dict(),
            "further_fractures_per_year_of_patients": dict(b.refractures),
            "fractures_prevented_per_year_of_patients": b.prevented,
        },
        "costs": {
            "pay_year": c.pay_year,
            "sources": {"pay": c.pay_source, "national_insurance": c.ni_source, "pension": c.pension_source},
            "method": c.method,
            "preferred_model": c.preferred.model.id,
            "staffing_models": [
                {"id": m.model.id, "name": m.model.name, "wte": m.wte, "annual_cost": m.total,
                 "posts": [{"role": pc.post.role, "band": pc.post.band, "pay_point": pc.post.pay_point,
                            "wte": pc.post.wte, "salary": pc.salary, "employer_ni": pc.national_insurance,
                            "employer_pension": pc.pension, "cost_per_wte": pc.cost_per_wte, "total": pc.total}
                           for pc in m.posts]}
                for m in c.models
            ],
        },
        "progress": {
            "today": p.today.isoformat(),
            "counts": dict(p.counts),
            "overdue": [s.task.id for s in p.overdue],
            "next_milestones": [{"id": s.task.id, "title": s.task.title, "due": s.task.due.isoformat()} for s in p.next_milestones],
            "phases": [{"phase": ph.phase.id, "tasks": len(ph.tasks), "complete": ph.complete,
                        "outcomes_achieved": sum(o.achieved for o in ph.outcomes), "outcomes": len(ph.outcomes)}
                       for ph in p.phases],
        },
    }
