"""The site serve keeps in memory renders a changed page exactly as a clean MkDocs build would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fls_docs.preview import LivePreview
from fls_docs.render.live_site import PLACEHOLDER_FOLDERS, LiveSite, LiveSiteFailed


def _site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but the charts and downloads, which a build links in afterwards."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and not p.relative_to(site).as_posix().startswith(PLACEHOLDER_FOLDERS)}


@pytest.fixture(scope="module")
def live(built_example: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[LiveSite, Path]:
    """A LiveSite started from a copy of the built example, and the copy."""
    root = tmp_path_factory.mktemp("live") / "project"
    shutil.copytree(built_example, root, symlinks=True)
    preview = LivePreview(root)
    preview.start()
    assert preview.site is not None
    return preview.site, root


def _clean_build(site: LiveSite, out: Path) -> dict[str, bytes]:
    """A clean, strict MkDocs build of the LiveSite's own pages and configuration, in a new process."""
    config = site.site_dir.parent / "mkdocs.live.yml"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
                    "--site-dir", str(out)], check=True, capture_output=True)
    return _site_files(out)


def test_the_site_it_starts_with_is_the_build_it_started_from(live) -> None:
    site, root = live
    started, built = _site_files(site.site_dir), _site_files(root / "build" / "site")
    assert started.keys() == built.keys()
    assert [name for name in built if started[name] != built[name]] == []


def test_a_changed_page_comes_out_as_a_clean_build_makes_it(live, tmp_path: Path) -> None:
    site, _ = live
    page = site.docs_dir / "project" / "plan.md"
    text = page.read_text(encoding="utf-8")
    # New words, a new heading (a new entry in the page's contents and the search index) and a link to a
    # heading on another page.
    changed = text + "\n## Agreed at the January board\n\nThe board moved the pilot to March. See [the team](team.md).\n"
    written = site.update({"project/plan.md": changed})
    assert "project/plan.html" in written and "search/search_index.json" in written
    ours, clean = _site_files(site.site_dir), _clean_build(site, tmp_path / "clean")
    assert ours.keys() == clean.keys()
    assert [name for name in clean if ours[name] != clean[name]] == []
    assert "Agreed at the January board" in ours["project/plan.html"].decode()
    assert "Agreed at the January board" in ours["search/search_index.json"].decode()
    # Only the page and the search index were written again.
    assert set(written) == {"project/plan.html", "search/search_index.json", "search/search_index.js"}
    site.update({"project/plan.md": text})


def test_a_page_it_does_not_have_needs_a_clean_build(live) -> None:
    site, _ = live
    with pytest.raises(KeyError, match="project/new.md"):
        site.update({"project/new.md": "# New\n"})


def test_a_broken_link_fails_as_a_strict_build_would(live) -> None:
    site, _ = live
    page = site.docs_dir / "project" / "team.md"
    text = page.read_text(encoding="utf-8")
    with pytest.raises(LiveSiteFailed, match="no-such-page.md"):
        site.update({"project/team.md": text + "\nSee [nowhere](no-such-page.md).\n"})
