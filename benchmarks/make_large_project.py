"""Make a large synthetic project for speed tests: many tasks, stakeholders and months of indicator data.

    .venv/bin/python benchmarks/make_large_project.py DIR [--tasks 2000] [--stakeholders 200] [--months 36]

Starts from the example project and scales up its plan, stakeholder reference
group and indicator counts, keeping every reference valid.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def make(target: Path, tasks: int = 2000, stakeholders: int = 200, months: int = 36) -> Path:
    shutil.copytree(ROOT / "content", target / "content")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    content = target / "content"

    plan = yaml.safe_load((content / "plan.yaml").read_text(encoding="utf-8"))
    originals = [(block, task) for block in plan["phases"] for task in block["tasks"]]
    added = 0
    while sum(len(b["tasks"]) for b in plan["phases"]) < tasks:
        block, task = originals[added % len(originals)]
        copy = {k: v for k, v in task.items() if k not in ("depends_on", "milestone")}
        copy["id"] = f"{task['id']}.{added}"
        copy["title"] = f"{task['title']} (workstream {added // len(originals) + 1})"
        block["tasks"].append(copy)
        added += 1
    (content / "plan.yaml").write_text(yaml.safe_dump(plan, sort_keys=False, allow_unicode=True), encoding="utf-8")

    project = yaml.safe_load((content / "project.yaml").read_text(encoding="utf-8"))
    group = project["stakeholder_reference_group"]
    base = list(group)
    for n in range(len(group), stakeholders):
        entry = dict(base[n % len(base)])
        entry["name"] = f"{entry['name']} (area {n})"
        group.append(entry)
    (content / "project.yaml").write_text(yaml.safe_dump(project, sort_keys=False, allow_unicode=True), encoding="utf-8")

    indicators = yaml.safe_load((content / "indicators.yaml").read_text(encoding="utf-8"))
    rows = ["indicator,month,numerator,denominator"]
    for i, entry in enumerate(indicators["indicators"]):
        entry.pop("values", None)
        for m in range(months):
            year, month = 2024 + m // 12, m % 12 + 1
            denominator = 120 + (m * 7 + i * 13) % 40
            rows.append(f"{entry['id']},{year}-{month:02d},{denominator * (30 + (m + i) % 50) // 100},{denominator}")
    (content / "indicators.yaml").write_text(yaml.safe_dump(indicators, sort_keys=False), encoding="utf-8")
    (content / "indicators.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--stakeholders", type=int, default=200)
    parser.add_argument("--months", type=int, default=36)
    args = parser.parse_args()
    print(make(args.target, args.tasks, args.stakeholders, args.months))


if __name__ == "__main__":
    main()
