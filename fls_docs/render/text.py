"""Calculator results as plain-text tables for the terminal."""

from __future__ import annotations

from fls_docs.calc.benefits import ARM_LABELS, ARMS, STEPS
from fls_docs.calc.parameters import Parameter
from fls_docs.calc.results import Results
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

    rows = []
    for o in results.run.options:
        a = o.appraisal
        rows.append((o.model.model.name + (" *" if o.model.model.preferred else ""), num(o.model.wte, 1),
                     money(o.model.staff), money(a.setup), num(o.flows.total_prevented(), 1),
                     num(o.flows.total_prevented("hip"), 1), num(sum(o.flows.bed_days)),
                     money(a.present_costs), money(a.present_savings), money(a.npv),
                     str(a.break_even_year or "-"),
                     "-" if a.savings_per_pound is None else f"{a.savings_per_pound:.2f}"))
    out += _section(f"Options over {years} years against usual care (* preferred; costs include optimism bias, "
                    "present values discounted)", _table(
        [("Do nothing", "0.0", money(0), money(0), "0.0", "0.0", "0", money(0), money(0), money(0), "-", "-"), *rows],
        ("Option", "WTE", "Staff a year", "Set-up", "Prevented", "Hip", "Bed days", "Costs", "Savings", "Net value",
         "Breaks even", "Per £1")))

    need_rows = []
    for o in results.run.options:
        need = results.staff_needs[o.model.model.id]
        for group, wte in need.needed.items():
            need_rows.append((o.model.model.name, group, num(wte, 1), num(need.funded.get(group, 0.0), 1),
                              "no" if group in need.shortfall else "yes"))
    out += _section("Staff the caseload needs (whole-time equivalents)",
                    _table(need_rows, ("Option", "Staff group", "Needed", "Funded", "Enough?")))

    top = results.sensitivity[:8]
    out += _section(f"Inputs that move the net value most ({c.preferred.model.name.lower()})", _table(
        [(s.param.label, _range(s.param), money(s.npv[0]), money(s.npv[1])) for s in top],
        ("Input", "Range", "Net value at low", "at high")))

    if results.probabilistic:
        pr = results.probabilistic
        out += _section(f"Uncertainty: {num(pr.samples)} samples (seed {pr.seed}), 95% intervals", _table(
            [(next(o.model.model.name for o in results.run.options if o.model.model.id == m.model_id),
              f"{num(m.prevented.mean, 1)} ({num(m.prevented.low, 1)} to {num(m.prevented.high, 1)})",
              f"{money(m.npv.mean)} ({money(m.npv.low)} to {money(m.npv.high)})",
              pct(m.probability_saves_money)) for m in pr.models],
            ("Option", "Fractures prevented", "Net value", "Chance it saves money")))

    overridden = results.params.overridden()
    if overridden:
        out += _section("Local figures used instead of the defaults", [f"  {p.key} = {figure(p)}" for p in overridden])
    out += ["", "Every input with its source, and every output: fls-docs calc --json"]
    return "\n".join(out)
