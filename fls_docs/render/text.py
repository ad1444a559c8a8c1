"""Calculator results as plain-text tables for the terminal."""

from __future__ import annotations

from fls_docs.calc.benefits import ARM_LABELS, ARMS, STEPS
from fls_docs.calc.parameters import Parameter
from fls_docs.calc.results import Results
from fls_docs.calc.summary import EvaluationSummary
from fls_docs.model.project import Project
from fls_docs.render.formatting import figure, money, num, pct


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))

    return [line(header), "  ".join("-" * w for w in widths), *map(line, rows)]


def _section(title: str, lines: list[str]) -> list[str]:
    return ["", title, *lines]


def _range(p: Parameter) -> str:
    """An input's low-high range in the units a reader expects."""
    return f"{figure(p, p.low)} to {figure(p, p.high)}"


def results_table(project: Project, results: Results) -> str:
    b, c = results.benefits, results.costs
    years = results.setting.horizon
    out = [f"{project.info.name}: calculator results",
           f"People aged 50 and over: {num(project.catchment.aged_50_plus)}. Horizon: {years} years."]

    female = sum(s.by_sex["female"] for s in b.sites)
    male = sum(s.by_sex["male"] for s in b.sites)
    out += _section("Fragility fractures expected each year", _table(
        [(s.label, num(s.by_sex["female"]), num(s.by_sex["male"]), num(s.total)) for s in b.sites]
        + [("All sites", num(female), num(male), num(b.expected_per_year))],
        ("Site", "Women", "Men", "All")))

    option = results.preferred
    out += _section(f"Care cascade ({c.preferred.model.name.lower()}): patients a year reaching each step", _table(
        [(results.params[f"cascade.fls.{step}"].label.split(" (")[0],
          *(f"{num(option.reached[a][step])} ({pct(option.shares[a][step])})" for a in ARMS)) for step in STEPS],
        ("Step", *(ARM_LABELS[a] for a in ARMS))))

    low, high = results.thresholds
    out += _section(
        f"Economic evaluation: {_years(b.service_years)} of patients, each followed for {_years(years)} from their fracture. "
        f"Perspective: {results.perspective.label}. Prices: {results.prices.price_year}. Discounting "
        f"{pct(results.params['discount_rate'].value, 1)} a year (health also at "
        f"{pct(results.params['health_discount_rate'].value, 1)} for the social value).", _table(
            [(o.model.model.name + (" *" if o.model.model.preferred else ""), num(o.model.wte, 1),
              num(e.total_prevented, 1), num(e.prevented.get("hip", 0.0), 1), num(e.deaths_avoided, 1),
              num(e.life_years, 1), num(e.qalys, 1), money(e.net_cost), per_qaly(e),
              money(e.npsv))
             for o in results.run.options for e in [results.summaries[o.model.model.id]]],
            ("Option", "WTE", "Prevented", "Hip", "Deaths avoided", "Life-years", "QALYs", "Net cost",
             "Cost per QALY", "Social value")))
    out.append(f"{results.threshold_label}: £{low:,.0f} to £{high:,.0f} per QALY. {c.preferred.model.name} (preferred) is "
               f"{results.economics.verdict(low, high)}.")
    if results.longer:
        t = results.longer
        out.append(f"Following each group for {results.longer_horizon} years instead: {num(t.total_prevented, 1)} "
                   f"fractures prevented, {num(t.qalys, 1)} QALYs, net cost {money(t.net_cost)}, cost per QALY {per_qaly(t)}.")
    if results.targets:
        t = results.targets
        out.append(f"{results.targets_label}: {num(t.total_prevented, 1)} fractures prevented, {num(t.qalys, 1)} QALYs, "
                   f"net cost {money(t.net_cost)}, cost per QALY {per_qaly(t)}.")

    rows = [(r.year, money(r.ask), *(money(r.total(payer)) for payer in PAYERS),
             money(r.cash_releasing_savings), money(r.total())) for r in results.budget]
    out += _section(f"Budget impact, {c.preferred.model.name.lower()} (cash, today's prices, no discounting; "
                    "negative figures are savings)", _table(
        rows, ("Year", "Service cost (the ask)", *(results.payers[p] for p in PAYERS), "Cash released", "Net")))

    need_rows = []
    for o in results.run.options:
        need = results.staff_needs[o.model.model.id]
        for group, wte in need.needed.items():
            funded = need.funded.get(group, 0.0)
            need_rows.append((o.model.model.name, group, num(wte, 1), num(funded, 1),
                              pct(funded / wte) if wte else "-"))
    out += _section("Staff the caseload needs (whole-time equivalents)",
                    _table(need_rows, ("Option", "Staff group", "Needed", "Funded", "Funded as share of need")))

    top = results.sensitivity[:8]
    out += _section(f"Inputs that move the net benefit at £{low:,.0f} per QALY most ({c.preferred.model.name.lower()})", _table(
        [(s.param.label, _range(s.param), money(s.benefit[0]), money(s.benefit[1])) for s in top],
        ("Input", "Range", "Net benefit at low", "at high")))
    turning = [e for e in results.break_even if e.value is not None]
    if turning:
        out += _section("Break-even values (other inputs at their central figures)", [
            f"  {e.measure.capitalize()} if {e.param.label.lower()} is {e.direction} {figure(e.param, e.value)} "
            f"(central {figure(e.param)})" for e in turning])

    if results.probabilistic:
        pr = results.probabilistic
        out += _section(f"Uncertainty: {num(pr.samples)} samples (seed {pr.seed}), 95% intervals", _table(
            [(next(o.model.model.name for o in results.run.options if o.model.model.id == m.model_id),
              f"{num(m.prevented.mean, 1)} ({num(m.prevented.low, 1)} to {num(m.prevented.high, 1)})",
              f"{num(m.qalys.mean, 1)} ({num(m.qalys.low, 1)} to {num(m.qalys.high, 1)})",
              f"{money(m.net_cost.mean)} ({money(m.net_cost.low)} to {money(m.net_cost.high)})",
              pct(m.probability_cost_effective(low)), pct(m.probability_saves_money)) for m in pr.models],
            ("Option", "Fractures prevented", "QALYs", "Net cost", f"Cost-effective at £{low:,.0f}", "Saves money")))

    overridden = results.params.overridden()
    local = [f"  {p.key} = {figure(p)}" for p in overridden] + [f"  incidence of {site} fractures (local rates)"
                                                                for site in b.local_sites]
    if local:
        out += _section("Local figures used instead of the defaults", local)
    out += ["", "Every input with its source, and every output: fls-docs calc --json"]
    return "\n".join(out)


PAYERS = ("provider", "commissioner", "local_authority")


def _years(n: int) -> str:
    return "1 year" if n == 1 else f"{n} years"


def per_qaly(e: EvaluationSummary) -> str:
    if e.dominant:
        return "saves money"
    return "no gain" if e.cost_per_qaly is None else money(e.cost_per_qaly)
