"""Make a synthetic regional programme: the example project copied N times, each with its own catchment.

    .venv/bin/python benchmarks/make_programme.py DIR [--projects 140]

Each copy's population (every sex and age band) is scaled by its own factor
between 0.6 and 1.4, so the projects' figures differ as real services' do,
and each has its own name. Build it with `fls-docs programme DIR`.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def scale(i: int) -> float:
    """A factor between 0.6 and 1.4 for project ``i``, spread out rather than rising steadily."""
    return 0.6 + 0.8 * ((i * 37) % 100) / 100


def make_programme(target: Path, projects: int = 140) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for i in range(projects):
        folder = target / f"service-{i + 1:03d}"
        shutil.copytree(ROOT / "content", folder / "content")
        shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
        path = folder / "content" / "project.yaml"
        project = yaml.safe_load(path.read_text(encoding="utf-8"))
        factor = scale(i)
        catchment = project["catchment"]
        for sex, bands in catchment["population"].items():
            catchment["population"][sex] = {band: round(people * factor) for band, people in bands.items()}
        if isinstance(catchment.get("total_population"), int):
            catchment["total_population"] = round(catchment["total_population"] * factor)
        project["project"]["name"] = f"Service {i + 1:03d} FLS"
        path.write_text(yaml.safe_dump(project, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--projects", type=int, default=140)
    args = parser.parse_args()
    print(make_programme(args.target, args.projects))


if __name__ == "__main__":
    main()
