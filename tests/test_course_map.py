"""The course map (notebooks/README.md) covers every notebook, and the README's table agrees with it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _map_rows():
    text = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[[^\]]+\]\(([\w.]+)\.ipynb\) \| (core|optional) \| (\d+ min) \|", text, re.M)
    return {name: (kind, time) for name, kind, time in rows}


def _readme_rows():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([\w.]+)` \|.*\| (\d+ min) \| (core|optional) \|$", text, re.M)
    return {name: (kind, time) for name, time, kind in rows}


def test_course_map_lists_every_notebook_once_with_time_and_kind():
    notebooks = {p.stem for p in (ROOT / "instructor").glob("*.ipynb")}
    rows = _map_rows()
    assert set(rows) == notebooks
    text = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    for name in notebooks:  # a section with objectives for each
        number = name.split("_")[0]
        assert re.search(rf"^### {number} · .*\n\n\*(Core|Optional), \d+ min\. Needs: ", text, re.M), name
    assert "## Lesson plan 1: one 90-minute lesson" in text and "## Lesson plan 2: a three-lesson module" in text


def test_readme_table_agrees_with_the_course_map():
    assert _readme_rows() == _map_rows()


def test_every_notebook_opens_with_time_and_prerequisites_and_ends_with_previous_and_next():
    import nbformat

    for folder in ("notebooks", "instructor"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            title = next(c for c in nb.cells if c.cell_type == "markdown")
            assert "**Time:**" in title.source and "**Prerequisites:**" in title.source, path.name
            last = nb.cells[-1]
            assert last.cell_type == "markdown" and "← previous" in last.source and "next" in last.source, path.name
            assert "(../notebooks/README.md)" in last.source, path.name
