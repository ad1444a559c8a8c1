"""Edit to preview: show a saved change on the served site at once, ahead of the documents.

``fls-docs serve`` keeps a LiveSite (fls_docs/render/live_site.py) matching the
current build. After a save, ``LivePreview.show`` works out the pages again
(the model and the calculators, with the economic model kept from the last run
when its inputs did not change), has the LiveSite render just the pages whose
Markdown changed, and commits a build made of the last one with those pages
and the search index replaced. That build's manifest records the documents,
workbooks and charts as made from the inputs they were made from, so the full
build that serve runs next sees them as out of date and rebuilds them; it then
finds the site up to date and links the new files into it. Once it finishes,
build/ is what a clean build of the same content makes, byte for byte
(tests/test_serve_live.py).

Anything else (a page or picture added or removed, a changed configuration,
template asset or tool, a build date that moved on) is left to the full build,
after which the LiveSite is started again from its pages.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from fls_docs.build import BUILD_DIR, PSA_SAMPLES, BuildFolder, link_or_copy, today
from fls_docs.manifest import MANIFEST, Manifest, digest, output_digest
from fls_docs.model.project import Project
from fls_docs.render.live_site import PLACEHOLDER_FOLDERS, LiveSiteFailed
from fls_docs.site_engine import SITE_CMD_ENV, site_engine
from fls_docs.targets import SITE, Plan, plan_build

LIVE = ".live"  # build/.live: the LiveSite's own pages and site, never part of a build
NEXT = "next-src-"  # build/.live/next-src-*: pages rendered to compare with the last build's
PROFILE = "draft"  # what serve builds


def available() -> bool:
    """Pages can be rendered one by one only with MkDocs run from this Python (not Zensical, not another command).

    The Makefile names the engine in full (``.venv/bin/python -m mkdocs``): that is this Python's MkDocs too.
    """
    if site_engine() != "mkdocs":
        return False
    custom = shlex.split(os.environ.get(SITE_CMD_ENV, ""))
    if not custom:
        return True
    here = Path(sys.prefix) / "bin"
    python = Path(os.path.abspath(custom[0]))
    return custom[1:] == ["-m", "mkdocs"] and (python == Path(os.path.abspath(sys.executable)) or python.parent == here)


class LivePreview:
    """The LiveSite of one project, and how a saved change reaches the served site through it."""

    def __init__(self, project_dir: Path):
        self.project_dir = project_dir.resolve()
        self.build_dir = self.project_dir / BUILD_DIR
        self.live_dir = self.build_dir / LIVE
        self.site = None  # a LiveSite once started

    def start(self) -> None:
        """Start the LiveSite from the current build's pages. Costs a whole in-process site build (about 0.5 s)."""
        from fls_docs.model.validate import load_project
        from fls_docs.render.live_site import LiveSite, copy_pages
        from fls_docs.render.site import render_pages, write_site_config

        self.site = None
        site_src = self.build_dir / "site-src"
        if not site_src.is_dir():
            return
        context, charts = self._for_pages(load_project(self.project_dir)[0], today())
        docs_dir, site_dir = self.live_dir / "site-src", self.live_dir / "site"
        copy_pages(site_src, docs_dir)
        config = write_site_config(self.project_dir / "mkdocs.yml", docs_dir, site_dir, context,
                                   self.live_dir / "mkdocs.live.yml")
        self.site = LiveSite(config)
        # The first save would otherwise wait for the page templates to be compiled.
        render_pages(self.project_dir, context, self.live_dir / f"{NEXT}{uuid.uuid4().hex[:8]}", charts)

    def show(self) -> list[str] | None:
        """Put the saved change on the site, page by page. Returns the pages shown anew, or None if this needs
        the full build (which then also has everything else to do). Raises ValidationFailed like a build."""
        if self.site is None:
            return None
        with BuildFolder(self.build_dir) as folder:
            plan = plan_build(self.project_dir, folder.path, today(), profile=PROFILE)
            current = folder.current()
            if plan.project is None or not plan.site_stale or not plan.site_reusable or current is None:
                return None
            try:
                changed = self._changed_pages(plan)
            except Exception:  # noqa: BLE001 - a broken page template, say: the full build reports it in full
                return None
            if not changed:
                return None
            try:
                written = self.site.update(changed)
            except (LiveSiteFailed, KeyError):
                self.site = None  # part-way through: start again after the full build, which reports the problem
                return None
            self._commit(folder, current, plan, changed, written)
        return sorted(changed)

    def _changed_pages(self, plan: Plan) -> dict[str, str]:
        """The pages whose Markdown changed (path -> new text); empty when anything besides page text changed."""
        from fls_docs.render.site import downloads_for, render_pages

        context, charts = self._for_pages(plan.project, plan.on)
        out = self.live_dir / f"{NEXT}{uuid.uuid4().hex[:8]}"  # a new folder: removing the last one can wait
        render_pages(self.project_dir, context, out, charts)
        texts = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        hashes = {name: digest(data) for name, data in texts.items()}
        before = plan.previous.pages  # the current build's pages and assets
        linked = {f"assets/charts/{c.name}" for c in charts.values()} | {f"downloads/{d.file}" for d in downloads_for(context)}
        same_shape = (
            hashes.keys() == before.keys()  # no page or asset added or removed
            and all(hashes[n] == before[n] for n in hashes if not n.endswith(".md"))  # no asset changed
            and linked == self._linked()  # the same pictures and downloads to link to
            and all(before.get(n) == h for n, h in self.site.pages.items())  # the LiveSite holds the current pages
        )
        if not same_shape:
            return {}
        plan.next.pages = hashes
        return {n: texts[n].decode("utf-8") for n in hashes if n.endswith(".md") and hashes[n] != before[n]}

    def _for_pages(self, project: Project, on: date) -> tuple[dict[str, Any], dict[str, Any]]:
        """What the pages are rendered from, as a build makes it: the context, and the charts by name and alt text."""
        from fls_docs.calc.results import calculate
        from fls_docs.render.charts import describe_all
        from fls_docs.render.context import build_info, make_context

        results = calculate(project, on, samples=PSA_SAMPLES)
        return make_context(project, results, build_info(on, PROFILE)), describe_all(results, self.build_dir / "charts")

    def _linked(self) -> set[str]:
        """The pictures and downloads the LiveSite's pages can link to (their names, held as empty files)."""
        docs = self.site.docs_dir
        return {p.relative_to(docs).as_posix() for folder in PLACEHOLDER_FOLDERS for p in (docs / folder).rglob("*")
                if p.is_file()}

    def _commit(self, folder: BuildFolder, current: Path, plan: Plan, changed: dict[str, str], written: list[str]) -> None:
        """A build made of ``current`` with the new pages in it, recorded so the next full build finishes the job."""
        with folder.staging() as staging:
            for entry in current.iterdir():
                if entry.name == MANIFEST:
                    continue
                if entry.is_dir():
                    shutil.copytree(entry, staging / entry.name, copy_function=link_or_copy)
                else:
                    link_or_copy(entry, staging / entry.name)
            replaced = [(self.site.site_dir / name, f"{SITE}/{name}") for name in written]
            replaced += [(self.site.docs_dir / name, f"site-src/{name}") for name in changed]
            for source, name in replaced:
                (staging / name).unlink(missing_ok=True)  # never write through a link shared with the last build
                shutil.copyfile(source, staging / name)
            previous = plan.previous
            outputs = dict(previous.outputs) | {name: output_digest(staging / name) for _, name in replaced}
            # The site as now, everything else as made before: the full build rebuilds what is out of date.
            # No quick key, so the full build looks at every input rather than stopping at "nothing changed".
            Manifest(quick="", warnings=plan.next.warnings, targets={**previous.targets, SITE: plan.next.targets[SITE]},
                     pages=plan.next.pages, outputs=outputs).save(staging)
            folder.commit(staging, tidy=False)

    def tidy(self) -> None:
        """Remove the pages rendered only to compare; the full build removes the builds a preview replaced."""
        for old in self.live_dir.glob(f"{NEXT}*"):
            shutil.rmtree(old, ignore_errors=True)
