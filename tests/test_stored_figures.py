"""Committed notebooks read without a kernel: every figure-making cell stores its picture.

GitHub and nbviewer show only what a notebook stores. A cell that draws a figure must store it as
an image; a cell that shows an app must also store the app's snapshot (its first frame as an image
and its one-line description), because the live widget cannot be shown there. Notebooks are
executed for committing by ``scripts/execute_notebooks.py``, which arranges both.
"""

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = ("notebooks", "instructor")
COMMITTED = sorted(p for edition in EDITIONS for p in (ROOT / edition).glob("*.ipynb"))
MB = 1_000_000
MAX_NOTEBOOK_BYTES = 2 * MB
MAX_SERIES_BYTES = 15 * MB

#: Calls that draw: pyplot figures, the package's plotting helpers, images shown on axes.
DRAWS = re.compile(r"\bplt\.(subplots|figure|subplot_mosaic)\(|\.imshow\(|\bplot_\w+\(|\bplots\.\w+\(")
#: What scripts/slim_notebooks.py stores in place of a live widget.
APP_PLACEHOLDER = "<interactive app"
IMAGE_TYPES = ("image/png", "image/jpeg")


def only_definitions(source):
    """True when a cell only defines functions/classes or imports (it draws nothing when run)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:  # IPython magics
        return False
    return bool(body) and all(isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom))
                              for node in body)


def stored_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def missing_pictures(nb):
    """Indices (and reasons) of the figure-making cells of ``nb`` that store no image."""
    problems = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        images = sum(1 for out in cell.get("outputs", []) for mime in IMAGE_TYPES if mime in out.get("data", {}))
        text = stored_text(cell)
        if APP_PLACEHOLDER in text and "quiz(" not in source:  # a quiz is a widget with no figure
            if images == 0:
                problems.append((index, "app without a stored snapshot image"))
            elif "Figure with" not in text:
                problems.append((index, "app snapshot without its one-line description"))
        elif DRAWS.search(source) and not only_definitions(source) and images == 0:
            problems.append((index, "figure-making cell without a stored image"))
    return problems


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_figure_making_cell_stores_its_picture(path):
    nb = json.loads(path.read_text())
    problems = missing_pictures(nb)
    assert not problems, f"{path.name}: " + "; ".join(f"cell {i}: {why}" for i, why in problems)


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_notebook_is_under_2_mb(path):
    assert path.stat().st_size < MAX_NOTEBOOK_BYTES, f"{path.name}: {path.stat().st_size / MB:.2f} MB"


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_series_is_under_15_mb(edition):
    total = sum(p.stat().st_size for p in (ROOT / edition).glob("*.ipynb"))
    assert total < MAX_SERIES_BYTES, f"{edition}/: {total / MB:.2f} MB"


def test_the_check_catches_a_figure_or_an_app_stored_without_a_picture():
    png = {"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "<Figure>"}}
    app = {"output_type": "display_data", "data": {"text/plain": APP_PLACEHOLDER + ": run the notebook to use it>"}}
    described = {"output_type": "stream", "name": "stdout", "text": "Figure with 1 panel(s): 'x' (a across, b up)."}

    def cell(source, *outputs):
        return {"cell_type": "code", "source": source, "outputs": list(outputs)}

    nb = {"cells": [
        cell("fig, ax = plt.subplots()\nax.plot([1, 2])"),                  # 0 no image: caught
        cell("fig, ax = plt.subplots()\nax.plot([1, 2])", png),             # 1 fine
        cell("def draw(ax):\n    plots.plot_points(ax, X, labels)"),       # 2 only a definition: fine
        cell("app = LloydStepper(X, 4)\napp", app),                         # 3 app, no snapshot: caught
        cell("app = LloydStepper(X, 4)\napp", app, png),                    # 4 snapshot, no description: caught
        cell("app = LloydStepper(X, 4)\napp", app, png, described),         # 5 fine
        cell("print(km.inertia_)"),                                         # 6 draws nothing: fine
        cell('quiz("tol_relative")', app),                                  # 7 a quiz has no figure: fine
    ]}
    assert [i for i, _ in missing_pictures(nb)] == [0, 3, 4]
