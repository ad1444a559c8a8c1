"""The link check of a built site: every link and image leads to a file of the site."""

from pathlib import Path

from fls_docs.render.site_links import broken_links


def _page(root: Path, name: str, body: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def test_links_to_files_that_exist_pass(tmp_path: Path) -> None:
    _page(tmp_path, "index.html", '<a href="project/plan.html#tasks">Plan</a> <img src="assets/charts/a%20b.png" alt="">'
                                  '<link rel="stylesheet" href="assets/site.css?v=2"> <a href="guide/">Guide</a>')
    _page(tmp_path, "project/plan.html", '<a href="../index.html">Home</a> <a href="#top">Top</a>')
    _page(tmp_path, "guide/index.html", "")
    (tmp_path / "assets" / "charts").mkdir(parents=True)
    (tmp_path / "assets" / "charts" / "a b.png").write_bytes(b"png")
    (tmp_path / "assets" / "site.css").write_text("", encoding="utf-8")
    assert broken_links(tmp_path) == []


def test_links_outside_the_site_are_not_files_of_the_site(tmp_path: Path) -> None:
    _page(tmp_path, "index.html", '<a href="https://www.nhs.uk/">NHS</a> <a href="mailto:fls@example.nhs.uk">Mail</a>'
                                  '<img src="data:image/png;base64,AAAA" alt="">')
    assert broken_links(tmp_path) == []


def test_a_missing_image_download_or_page_is_named_with_its_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _page(site, "project/team.html", '<img src="../assets/charts/map.png" alt="Map"> '
                                         '<a href="../downloads/plan.xlsx">Plan</a> <a href="../downloads/plan.xlsx">Again</a>')
    _page(site, "index.html", '<a href="../outside.html">Out</a> <a href="nowhere.html#x">Gone</a>')
    (tmp_path / "outside.html").write_text("", encoding="utf-8")  # there, but not in the site
    assert broken_links(site) == [
        "index.html: a link to '../outside.html', which is not in the site",
        "index.html: a link to 'nowhere.html#x', which is not in the site",
        "project/team.html: a link to '../assets/charts/map.png', which is not in the site",
        "project/team.html: a link to '../downloads/plan.xlsx', which is not in the site",
    ]
