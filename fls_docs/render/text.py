"""Calculator results as a plain-text table for the terminal."""

from __future__ import annotations

from fls_docs.calc.benefits import ARM_LABELS, ARMS
from fls_docs.calc.results import Results
from fls_docs.model.project import Project
from fls_docs.render.formatting import money, num, pct


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return [line(header), "  ".join("-" * w for w in widths), *map(line, rows)]


def results_table(project: Project, results: Results) -> str:
    b, c = results.benefits, results.costs
    out = [f"{project.info.name}: calculator results", ""]
    out.append(f"People aged 50 and over: {num(project.catchment.aged_50_plus)}")
    out.append("")
    out.append("Fragility fractures expected each year")
    out += _table([(s.label, num(s.by_sex["female"]), num(s.by_sex["male"]), num(s.total)) for s in b.sites]
                  + [("All sites", num(sum(s.by_sex["female"] for s in b.sites)),
                      num(sum(s.by_sex["male"] for s in b.sites)), num(b.expected_per_year))],
                  ("Site", "Women", "Men", "All"))
    out.append("")
    out.append("Care cascade: patients a year reaching each step")
    out += _table([(st.label, *(f"{num(st.patients[a])} ({pct(st.shares[a].value)})" for a in ARMS)) for st in b.cascade],
                  ("Step", *(ARM_LABELS[a] for a in ARMS)))
    out.append("")
    years = num(b.horizon_years.value)
    out.append(f"Further fractures among each year's patients over {years} years")
    out += _table([(ARM_LABELS[a], num(b.refractures[a])) for a in ARMS] + [("Prevented by the FLS", num(b.prevented))],
                  ("", "Fractures"))
    out.append("")
    out.append(f"Staffing models (pay {c.pay_year}, with employer National Insurance and pension)")
    out += _table([(m.model.name + (" (preferred)" if m.model.preferred else ""), num(m.wte, 1), money(m.total))
                   for m in c.models], ("Model", "WTE", "Cost a year"))
    overridden = [st.shares[a] for st in b.cascade for a in ARMS if st.shares[a].overridden]
    overridden += [p for p in (b.horizon_years, b.relative_risk_reduction) if p.overridden]
    if overridden:
        out.append("")
        out.append("Local figures used instead of the defaults: " + ", ".join(p.key for p in overridden))
    out.append("")
    out.append("Every input and its source: fls-docs calc --json")
    return "\n".join(out)
