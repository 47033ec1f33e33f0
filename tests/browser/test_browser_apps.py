"""The apps by keyboard and mouse, their width on the page, and the inline fallback in Notebook 7.

A notebook made for these tests (:data:`APPS_CELLS`, written into a temporary folder: it is not a
notebook of the series and nbval must not collect it) shows the apps with small data. In JupyterLab:

* keyboard only: Tab to every control of four apps in turn and change it with a key (arrows,
  Space, Enter); the figure (or status line) must change. The times from key press to changed
  figure go to ``test-artifacts/browser-apps.json`` (``benchmarks/browser_timings.py`` prints them);
* mouse: Playwright clicks on the Lloyd stepper's canvas add points, then (init 'manual') place
  the starting centres; read back through the kernel, they are within a pixel of the clicks;
* width: with the file browser open, at 1024 and 1280 px, no figure is wider than its output
  area (screenshots in ``test-artifacts/screenshots/``).

In Jupyter Notebook 7, with ``KMEANS_EDU_BACKEND=inline`` (no ipympl canvas), a key press on a
slider changes the app's picture.

Skipped only when ``KMEANS_EDU_SKIP_BROWSER=1``, like ``test_browser_notebooks.py``.
"""

import json
import os
from pathlib import Path

import browser_harness as harness
import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
TIMINGS = {}  # what -> list of ms, written to test-artifacts/browser-apps.json

pytestmark = pytest.mark.skipif(
    os.environ.get("KMEANS_EDU_SKIP_BROWSER") == "1", reason="KMEANS_EDU_SKIP_BROWSER=1: browser tests not run"
)

SETUP = """from kmeans_edu.widgets import use_best_backend

use_best_backend()"""
DATA = """import json

from kmeans_edu.datasets import blobs

X = blobs(60, 3, 0.8, seed=1)[0]"""
APPS = {  # variable name -> code that makes the app (all apps of the series, small data)
    "lloyd": "from kmeans_edu.widgets.lloyd_stepper import LloydStepper\n\nlloyd = LloydStepper(X, 3)",
    "pp": "from kmeans_edu.widgets.kmeanspp import KMeansPlusPlusApp\n\npp = KMeansPlusPlusApp(X, 3)",
    "optima": "from kmeans_edu.widgets.weaknesses import LocalOptimaApp\n\noptima = LocalOptimaApp(X, 4, n_seeds=8)",
    "outliers": "from kmeans_edu.widgets.weaknesses import OutlierApp\n\noutliers = OutlierApp(n=60, k=3)",
    "shapes": "from kmeans_edu.widgets.weaknesses import NonConvexApp\n\nshapes = NonConvexApp(n=120)",
    "elbow": "from kmeans_edu.widgets.elbow import ElbowApp\n\nelbow = ElbowApp(n_samples=80, n_init=1)",
    "metrics": "from kmeans_edu.widgets.metrics_demo import MetricsApp\n\nmetrics = MetricsApp(n_samples=60)",
    "vq": "from kmeans_edu.widgets.vq_compare import VQCompareApp\n\nvq = VQCompareApp()",
    "overview": "from kmeans_edu.widgets.overview import OverviewApp\n\noverview = OverviewApp()",
}
KEYBOARD_APPS = ("pp", "optima", "outliers", "shapes")  # every control of these, by keyboard alone
APPS_NOTEBOOK = "browser_apps.ipynb"
INLINE_NOTEBOOK = "browser_inline.ipynb"


def write_notebook(path, codes):
    import nbformat

    cells = []
    for code in codes:
        cell = nbformat.v4.new_code_cell(code)
        name = code.rsplit("\n", 1)[-1].split(" = ")[0]
        if name in APPS:  # find the app's output by its cell
            cell.metadata["tags"] = [f"app-{name}"]
            cell.source = code + f"\n{name}"
        cells.append(cell)
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.write(nb, str(path))
    return path


def record(what, ms):
    TIMINGS.setdefault(what, []).append(ms)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "browser-apps.json").write_text(json.dumps(TIMINGS, indent=1))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("apps") / "notebooks"
    folder.mkdir()
    write_notebook(folder / APPS_NOTEBOOK, [SETUP, DATA, *APPS.values()])
    write_notebook(folder / INLINE_NOTEBOOK, [SETUP, DATA, APPS["outliers"]])
    return folder


@pytest.fixture(scope="module")
def lab_page(browser, folder):
    """The apps notebook, run in JupyterLab (one kernel for the tests that use it)."""
    server = harness.start_server("lab", folder, folder.parent / "jupyterlab.log")
    page = harness.new_page(browser)
    try:
        harness.open_notebook_in_lab(page, server, APPS_NOTEBOOK)
        report = harness.run_notebook_in_lab(page)
        problems = harness.notebook_problems(report) + [f"kernel: {e}" for e in report["errors"]]
        assert not problems, "\n".join(problems)
        yield page
    finally:
        harness.close_page_and_server(page, server, ARTIFACTS / "jupyterlab-apps.log")


_KERNEL_JS = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, silent: false, store_history: false});
  let out = "", error = null;
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === "stream") out += msg.content.text;
    if (msg.header.msg_type === "error") error = msg.content.ename + ": " + msg.content.evalue;
  };
  await future.done;
  return {out, error};
}"""


def kernel_json(page, expression):
    """The value of a Python expression in the notebook's kernel (through JSON)."""
    reply = page.evaluate(_KERNEL_JS, f"print(json.dumps({expression}))")
    assert reply["error"] is None, reply["error"]
    return json.loads(reply["out"])


def app_output(page, name):
    """Selector of the output area of the cell that shows app ``name``."""
    found = page.evaluate(
        """(name) => {
          const cell = window.jupyterapp.shell.currentWidget.content.widgets.find(
            (c) => (c.model.getMetadata("tags") || []).includes("app-" + name));
          if (cell) cell.node.setAttribute("data-kme-app", name);
          return !!cell;
        }""",
        name,
    )
    assert found, f"no cell tagged app-{name}"
    return f'[data-kme-app="{name}"] .jp-OutputArea'


# -- keyboard ------------------------------------------------------------------------------------

_FOCUS_IN_JS = "id => { const el = window.__kme.element(id); return !!el && el.contains(document.activeElement); }"
_FOCUS_START_JS = """sel => {
  const area = document.querySelector(sel);
  area.setAttribute("tabindex", "-1");
  area.focus();
  return document.activeElement === area;
}"""


def tab_to(page, control_id, max_tabs=40):
    """Press Tab until the focus is inside the control; return the number of presses."""
    for presses in range(1, max_tabs + 1):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUS_IN_JS, control_id):
            return presses
    raise AssertionError(f"Tab never reached control {control_id}")


def key_for(page, control):
    """The key that changes the focused control (and moves focus within it where needed)."""
    kind = control["kind"]
    if kind == "slider":
        now, top = page.evaluate("() => [document.activeElement.getAttribute('aria-valuenow'), "
                                 "document.activeElement.getAttribute('aria-valuemax')]")  # fmt: skip
        return "ArrowLeft" if now is not None and top is not None and float(now) >= float(top) else "ArrowRight"
    if kind == "select":  # type the first letter of another option (a closed select's type-ahead)
        letter = page.evaluate(
            """() => {
              const s = document.activeElement, now = s.options[s.selectedIndex].text[0].toLowerCase();
              const other = Array.from(s.options).find((o) => o.text[0].toLowerCase() !== now);
              return other.text[0].toLowerCase();
            }"""
        )
        return letter
    if kind == "toggle-buttons":  # Tab within the group to a button that is not the chosen one
        while page.evaluate("() => document.activeElement.classList.contains('mod-active')"):
            page.keyboard.press("Tab")
        return "Space"
    if kind in ("checkbox", "toggle-button"):
        return "Space"
    if kind == "button":
        return "Enter"
    raise AssertionError(f"no keyboard action for a {kind}")


@pytest.mark.parametrize("name", KEYBOARD_APPS)
def test_every_control_works_by_keyboard_alone(lab_page, name):
    page = lab_page
    output = app_output(page, name)
    controls = page.evaluate("sel => window.__kme.controls(document.querySelector(sel))", output)
    assert controls, f"{name}: no controls found"
    assert page.evaluate(_FOCUS_START_JS, output)
    failures = []
    for control in controls:
        page.evaluate("([id, q, m]) => window.__kme.settle(id, q, m)", [control["id"], 300, 8000])
        tab_to(page, control["id"])
        key = key_for(page, control)
        page.evaluate("id => window.__kme.arm(id)", control["id"])
        page.keyboard.press(key)
        try:
            page.wait_for_function("() => window.__kme.finished()", timeout=harness.CHANGE_S * 2000)
        except Exception:
            pass  # reported below
        outcome = page.evaluate("() => window.__kme.result()")
        if not outcome["done"]:
            failures.append(f"{control['kind']} {control['label']!r} ({key}): nothing changed")
        elif outcome["via"] == "figure":
            record("keyboard change -> figure", outcome["ms"])
    assert not failures, f"{name}:\n" + "\n".join(failures)


# -- mouse ---------------------------------------------------------------------------------------


def canvas_box(page, output):
    canvas = page.locator(f"{output} .jupyter-matplotlib-canvas-div canvas").first
    canvas.scroll_into_view_if_needed()
    page.wait_for_function(
        "sel => document.querySelector(sel)?.width > 0", arg=f"{output} .jupyter-matplotlib-canvas-div canvas"
    )
    return canvas.bounding_box()


def click_data_points(page, output, points):
    """Click where the data points are drawn on the plane; return the clicked page pixels."""
    box = canvas_box(page, output)
    pixels = kernel_json(page, f"lloyd.ax.transData.transform({points}).tolist()")
    height = kernel_json(page, "lloyd.fig.bbox.height")
    clicks = []
    for px, py in pixels:
        x, y = box["x"] + px, box["y"] + (height - py)
        page.evaluate("sel => window.__kme.arm(window.__kme.controls(document.querySelector(sel))[0].id)", output)
        page.mouse.click(x, y)
        page.wait_for_function("() => window.__kme.finished()", timeout=harness.CHANGE_S * 2000)
        outcome = page.evaluate("() => window.__kme.result()")
        record("click on the canvas -> figure", outcome["ms"])
        clicks.append((px, py))
    return clicks


def assert_within_a_pixel(page, expression, clicks):
    got = kernel_json(page, f"lloyd.ax.transData.transform({expression}).tolist()")
    assert len(got) == len(clicks)
    for (gx, gy), (cx, cy) in zip(got, clicks, strict=True):
        assert abs(gx - cx) <= 1.0 and abs(gy - cy) <= 1.0, f"clicked at {(cx, cy)}, the app has {(gx, gy)}"


def test_clicks_add_points_and_place_the_starting_centres(lab_page):
    page = lab_page
    output = app_output(page, "lloyd")
    n = kernel_json(page, "len(lloyd.X)")
    limits = kernel_json(page, "[*lloyd.ax.get_xlim(), *lloyd.ax.get_ylim()]")
    x0, x1, y0, y1 = limits
    spots = [[x0 + f * (x1 - x0), y0 + g * (y1 - y0)] for f, g in ((0.2, 0.3), (0.75, 0.8), (0.5, 0.15))]
    clicks = click_data_points(page, output, spots)
    assert kernel_json(page, "len(lloyd.X)") == n + 3
    assert_within_a_pixel(page, f"lloyd.X[{n}:]", clicks)
    # init 'manual': clicks now move starting centres 0 and 1
    page.locator(f"{output} select").first.select_option("manual")
    page.wait_for_function(
        "sel => document.querySelector(sel).innerText.includes('move starting centre 0')", arg=output
    )
    clicks = click_data_points(page, output, spots[:2])
    assert kernel_json(page, "len(lloyd.X)") == n + 3  # no more data points
    assert_within_a_pixel(page, "lloyd.state['init_centers'][:2]", clicks)


# -- width ---------------------------------------------------------------------------------------

_WIDTHS_JS = """() => {
  const rows = [];
  for (const area of document.querySelectorAll(".jp-Notebook .jp-OutputArea-output")) {
    const room = area.getBoundingClientRect().width;
    for (const fig of area.querySelectorAll(".jupyter-matplotlib-canvas-div canvas, .widget-image")) {
      const width = fig.getBoundingClientRect().width;
      if (width > 0) rows.push({room, width});
    }
  }
  return rows;
}"""


@pytest.mark.parametrize("width", [1024, 1280])
def test_no_figure_is_wider_than_its_output_area(lab_page, width):
    page = lab_page
    page.set_viewport_size({"width": width, "height": 1000})
    page.evaluate("() => window.jupyterapp.shell.activateById('filebrowser')")  # the file browser open
    page.wait_for_function("() => document.getElementById('filebrowser')?.offsetWidth > 0")
    harness.after_layout(page)
    rows = page.evaluate(_WIDTHS_JS)
    harness.full_page_screenshot(
        page, ARTIFACTS / "screenshots" / f"apps_{width}px_filebrowser.png", ".jp-WindowedPanel-outer"
    )
    assert len(rows) >= len(APPS), f"{len(rows)} figures found"
    too_wide = [r for r in rows if r["width"] > r["room"] + 0.5]
    assert not too_wide, f"at {width} px: figures wider than their output area: {too_wide}"


# -- Notebook 7, inline fallback -----------------------------------------------------------------


def test_inline_fallback_in_notebook7(browser, folder, monkeypatch):
    monkeypatch.setenv("KMEANS_EDU_BACKEND", "inline")  # the kernel inherits it: no ipympl canvas
    server = harness.start_server("notebook", folder, folder.parent / "notebook7.log")
    page = harness.new_page(browser)
    try:
        page.goto(f"{server.url}/notebooks/{INLINE_NOTEBOOK}", wait_until="domcontentloaded", timeout=90_000)
        page.wait_for_function(
            "() => window.jupyterapp?.shell?.currentWidget?.sessionContext !== undefined", timeout=90_000
        )
        report = harness.run_notebook_in_lab(page)
        problems = harness.notebook_problems(report) + [f"kernel: {e}" for e in report["errors"]]
        assert not problems, "\n".join(problems)
        text = page.evaluate("() => document.querySelector('.jp-Notebook').innerText")
        assert "%matplotlib widget" in text  # the one-line hint
        assert page.locator(".jp-Notebook .widget-image").count() == 1
        assert page.locator(".jupyter-matplotlib-canvas-div").count() == 0
        before = page.locator(".jp-Notebook .widget-image").get_attribute("src")
        # A click on the slider's track (Notebook 7's command mode takes arrow keys from a focused
        # slider handle: they move the cell selection instead).
        handle = page.locator(".jp-Notebook .widget-slider .noUi-handle").first
        value = handle.get_attribute("aria-valuenow")
        track = page.locator(".jp-Notebook .widget-slider .noUi-base").first
        box = track.bounding_box()
        track.click(position={"x": box["width"] * 0.8, "y": box["height"] / 2})
        try:
            page.wait_for_function(
                "src => document.querySelector('.jp-Notebook .widget-image').getAttribute('src') !== src",
                arg=before,
                timeout=harness.CHANGE_S * 2000,
            )
        except Exception:
            now = handle.get_attribute("aria-valuenow")
            errors = harness.lab_kernel_errors(page)
            text = page.evaluate("() => document.querySelector('.jp-Notebook').innerText.slice(-600)")
            raise AssertionError(
                f"picture unchanged: slider {value} -> {now}; kernel errors {errors}; {text}"
            ) from None
        assert handle.get_attribute("aria-valuenow") != value
        harness.full_page_screenshot(
            page, ARTIFACTS / "screenshots" / "notebook7_inline.png", ".jp-WindowedPanel-outer"
        )
    finally:
        harness.close_page_and_server(page, server, ARTIFACTS / "notebook7.log")
