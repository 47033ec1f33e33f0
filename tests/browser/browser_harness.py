"""Drive JupyterLab and Voila in a real browser (pip's playwright + Debian's chromium).

Used by ``test_browser_notebooks.py``; nothing here is a test by itself.

* :func:`start_server` starts ``jupyter lab`` or ``voila`` on 127.0.0.1 and waits until it answers;
* :func:`run_notebook_in_lab` opens a notebook, runs all its cells and checks the outputs;
* :func:`exercise_controls` changes every widget control once and times the update it drives.

Every wait is bounded: a stalled kernel or a dead widget fails the test with a message, it
never hangs CI.
"""

import contextlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

CHROMIUM = os.environ.get("KMEANS_EDU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PROBE_JS = (Path(__file__).with_name("page_probe.js")).read_text()

SERVER_START_S = 90  # jupyter lab / voila answering HTTP
OPEN_S = 90  # notebook opened and its kernel session ready
RUN_ALL_S = 300  # every cell of one notebook executed (cold Numba cache: ~20 s more)
WIDGETS_S = 60  # widget views rendered after the last cell ran
CHANGE_S = 5  # a control change must update its figure or output within this (+2 s grace for text only)
SETTLE_QUIET_MS, SETTLE_MAX_MS = 400, 8000  # "nothing moves" before the next control

# JupyterLab settings for a reproducible page: every cell in the DOM, no news toast.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}',
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": (
        '{"fetchNews": "false", "checkForUpdates": false, "doNotDisturbMode": true}'
    ),
}


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running ``jupyter lab`` or ``voila`` process."""

    process: subprocess.Popen
    url: str
    log_path: Path

    def log_tail(self, n=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def log_size(self):
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def tracebacks_since(self, offset):
        """Tracebacks the server or its kernels wrote to the log after byte ``offset``.

        An exception raised by a widget callback does not reach the page: ipykernel logs it
        ("Exception in comm_msg ...") on the kernel's stderr, which is this log.
        """
        with open(self.log_path, "rb") as log:
            log.seek(offset)
            text = log.read().decode(errors="replace")
        blocks = text.split("Traceback (most recent call last):")[1:]
        return ["Traceback " + block.strip()[-600:] for block in blocks]

    def stop(self):
        """Stop the server (and the kernels it started) by its process group id."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def _server_env():
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # the notebooks choose ipympl themselves
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def start_server(kind, workdir, log_path, notebook=None):
    """Start ``jupyter lab`` (serving ``workdir``) or ``voila`` (rendering ``notebook``) on 127.0.0.1.

    Parameters
    ----------
    kind : {'lab', 'notebook', 'voila'}
    workdir : Path
        Root folder of the server (a temporary copy of ``notebooks/``).
    log_path : Path
        Where the server's stdout and stderr go.
    notebook : str, optional
        File name of the notebook Voila renders (required for 'voila').

    Returns
    -------
    Server
    """
    port = free_port()
    workdir = Path(workdir)
    if kind == "lab":
        settings = workdir.parent / "lab-settings"
        for name, text in LAB_SETTINGS.items():
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / name).write_text(text)
        args = [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
            "--IdentityProvider.token=", "--ServerApp.password=", "--LabApp.news_url=None",
            "--LabApp.expose_app_in_browser=True", f"--ServerApp.root_dir={workdir}",
            f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={workdir.parent / 'lab-workspaces'}",
        ]  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        probe = f"{url}/api/status"
    elif kind == "notebook":  # Jupyter Notebook 7
        args = [
            sys.executable, "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
            "--IdentityProvider.token=", "--ServerApp.password=", "--JupyterNotebookApp.expose_app_in_browser=True",
            f"--ServerApp.root_dir={workdir}",
        ]  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        probe = f"{url}/api/status"
    elif kind == "voila":
        if notebook is None:
            raise ValueError("notebook is required for kind='voila'.")
        args = [
            sys.executable, "-m", "voila", notebook, "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
            "--show_tracebacks=True", "--VoilaConfiguration.file_allowlist=['.*']",
        ]  # fmt: skip
        url = f"http://127.0.0.1:{port}/"
        probe = url
    else:
        raise ValueError(f"kind must be 'lab', 'notebook' or 'voila'; got {kind!r}.")
    log = open(log_path, "w")  # noqa: SIM115 (the child process writes to it)
    process = subprocess.Popen(
        args, cwd=workdir, stdout=log, stderr=subprocess.STDOUT, env=_server_env(), start_new_session=True
    )
    log.close()
    server = Server(process, url, Path(log_path))
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{kind} exited with code {process.returncode}:\n{server.log_tail()}")
        try:
            # voila executes the notebook on this first request: a generous timeout
            with urllib.request.urlopen(probe, timeout=5 if kind == "lab" else 60) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"{kind} did not answer within {SERVER_START_S} s:\n{server.log_tail()}")


def copy_notebooks(source, target):
    """Copy the notebooks folder (data files included, checkpoints left out) to ``target``."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return Path(target)


def launch_browser(playwright):
    """Headless Debian chromium driven by playwright (no browser download needed)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"{CHROMIUM} not found: run scripts/ci_browser_setup.sh (apt-get install chromium), "
            "or set KMEANS_EDU_SKIP_BROWSER=1 to skip the browser tests."
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def new_page(browser, height=1000):
    page = browser.new_page(viewport={"width": 1400, "height": height})
    page.add_init_script(PROBE_JS)
    page.set_default_timeout(10_000)  # clicks and key presses; long waits pass their own timeout
    return page


# -- a notebook that must fail every check (generated: nbval must not collect it) ---------------

_SELFTEST_CODE = [
    "%matplotlib widget",
    """import ipywidgets as widgets
import matplotlib.pyplot as plt

with plt.ioff():
    fig, ax = plt.subplots(figsize=(3, 2))
(line,) = ax.plot([0, 1], [0, 1])
dead = widgets.IntSlider(description="dead")  # drives nothing
raises = widgets.IntSlider(description="raises")
works = widgets.IntSlider(description="works")


def fail(change):
    raise ValueError("callback failed on purpose")


def redraw(change):
    line.set_ydata([0, change.new + 1])
    ax.set_ylim(0, change.new + 2)
    fig.canvas.draw_idle()


raises.observe(fail, names="value")
works.observe(redraw, names="value")
widgets.VBox([dead, raises, works, fig.canvas])""",
    "1 / 0",
]


def write_selftest_notebook(path):
    """A notebook with an error cell, a dead slider, a slider whose callback raises, and one that works."""
    import nbformat

    cells = [nbformat.v4.new_code_cell(code) for code in _SELFTEST_CODE]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return Path(path)


# -- JupyterLab --------------------------------------------------------------------------------

_RUN_ALL_JS = """async (timeoutMs) => {
  const nb = window.jupyterapp.shell.currentWidget;
  await nb.context.ready;
  await nb.sessionContext.ready;
  const kernel = nb.sessionContext.session.kernel;
  window.__kmeErrors = [];
  window.__kme.kernelStatus(kernel.status);
  kernel.statusChanged.connect((_, status) => window.__kme.kernelStatus(status));
  kernel.iopubMessage.connect((_, msg) => {
    const t = msg.header.msg_type, c = msg.content;
    if (t === "error") window.__kmeErrors.push(`${c.ename}: ${c.evalue}`);
    if (t === "stream" && c.name === "stderr" && c.text.includes("Traceback")) window.__kmeErrors.push(c.text);
  });
  const timeout = new Promise((resolve) => setTimeout(() => resolve("timeout"), timeoutMs));
  const run = window.jupyterapp.commands.execute("notebook:run-all-cells");
  const outcome = await Promise.race([run, timeout]);
  return {outcome: String(outcome), status: kernel.status};
}"""

_CELLS_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget;
  const cells = [];
  nb.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== "code") return;
    const source = cell.model.sharedModel.getSource();
    const children = cell.outputArea.node.querySelectorAll(":scope > .jp-OutputArea-child");
    const outputs = [];
    for (let j = 0; j < cell.model.outputs.length; j++) {
      const o = cell.model.outputs.get(j).toJSON();
      const node = children[j];
      const isWidget = !!(o.data && o.data["application/vnd.jupyter.widget-view+json"]);
      outputs.push({
        type: o.output_type,
        name: o.name || null,
        text: o.output_type === "error" ? `${o.ename}: ${o.evalue}` :
              (o.output_type === "stream" ? [].concat(o.text).join("") : ""),
        widget: isWidget,
        rendered: isWidget && !!(node && node.querySelector(".jupyter-widgets")),
        domText: node ? node.innerText.slice(0, 300) : "",
      });
    }
    cells.push({index, executed: cell.model.executionCount !== null, empty: !source.trim(), outputs});
  });
  return {cells, status: nb.sessionContext.session?.kernel?.status ?? "none",
          widgets: document.querySelectorAll(".jp-Notebook .jupyter-widgets").length};
}"""


_ALL_WIDGETS_RENDERED_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget;
  return nb.content.widgets.every((cell) => {
    if (cell.model.type !== "code") return true;
    const children = cell.outputArea.node.querySelectorAll(":scope > .jp-OutputArea-child");
    for (let j = 0; j < cell.model.outputs.length; j++) {
      const o = cell.model.outputs.get(j).toJSON();
      const isWidget = !!(o.data && o.data["application/vnd.jupyter.widget-view+json"]);
      if (isWidget && !(children[j] && children[j].querySelector(".jupyter-widgets"))) return false;
    }
    return true;
  });
}"""


def notebook_problems(report):
    """Problems found in the cells of a run: errors, tracebacks, cells not run, widgets not shown."""
    problems = []
    for cell in report["cells"]:
        where = f"cell {cell['index']}"
        if not cell["executed"] and not cell["empty"]:
            problems.append(f"{where} was not executed")
        for out in cell["outputs"]:
            if out["type"] == "error":
                problems.append(f"{where} raised {out['text']}")
            elif out["type"] == "stream" and out["name"] == "stderr" and "Traceback" in out["text"]:
                problems.append(f"{where} printed a traceback: {out['text'][-300:]}")
            elif out["widget"] and not out["rendered"]:
                problems.append(f"{where}: a widget did not render ({out['domText']!r})")
    return problems


def open_notebook_in_lab(page, server, name):
    """Open ``name`` in JupyterLab with a fresh workspace; return when its session exists."""
    page.goto(f"{server.url}/lab/tree/{name}?reset", wait_until="domcontentloaded", timeout=OPEN_S * 1000)
    page.wait_for_function(
        "() => window.jupyterapp?.shell?.currentWidget?.sessionContext !== undefined", timeout=OPEN_S * 1000
    )
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")


def run_notebook_in_lab(page):
    """Run all cells; wait for the kernel to be idle and every widget view to render.

    Returns
    -------
    report : dict
        ``cells`` (per code cell: executed, outputs), ``status``, ``widgets`` (rendered
        ``.jupyter-widgets`` elements), ``seconds`` and ``errors`` (kernel error messages).
    """
    start = time.perf_counter()
    outcome = page.evaluate(_RUN_ALL_JS, RUN_ALL_S * 1000)
    if outcome["outcome"] == "timeout":
        raise AssertionError(f"run-all did not finish within {RUN_ALL_S} s")
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
        timeout=60_000,
    )
    # widget views render asynchronously after their output arrives: wait for the page to show them all
    # (bounded; what is still missing then is reported by notebook_problems)
    with contextlib.suppress(Exception):
        page.wait_for_function(_ALL_WIDGETS_RENDERED_JS, timeout=WIDGETS_S * 1000)
    report = page.evaluate(_CELLS_JS)
    report["seconds"] = time.perf_counter() - start
    report["errors"] = page.evaluate("() => window.__kmeErrors")
    return report


def close_notebook_in_lab(page):
    """Shut the notebook's kernel down (bounded: a hung kernel is left to the server's shutdown)."""
    with contextlib.suppress(Exception):
        page.evaluate(
            """() => Promise.race([
              window.jupyterapp.shell.currentWidget.sessionContext.shutdown(),
              new Promise((resolve) => setTimeout(resolve, 10000)),
            ])"""
        )


def close_page_and_server(page, server, log_copy):
    """Shut the page's notebook kernel down, close the page, stop the server and keep its log."""
    close_notebook_in_lab(page)
    page.close()
    server.stop()
    Path(log_copy).parent.mkdir(parents=True, exist_ok=True)
    Path(log_copy).write_text(server.log_tail(100_000))


def lab_kernel_errors(page):
    """Errors and tracebacks the kernel published since run-all (e.g. from widget callbacks)."""
    return page.evaluate("() => window.__kmeErrors || []")


# -- Voila -------------------------------------------------------------------------------------


def open_voila(page, server):
    """Load the Voila page; wait until its cells are shown and its widgets rendered."""
    start = time.perf_counter()
    page.goto(server.url, wait_until="domcontentloaded", timeout=RUN_ALL_S * 1000)
    page.wait_for_function(
        "() => !document.getElementById('loading') && document.getElementById('rendered_cells')?.style.display === ''",
        timeout=RUN_ALL_S * 1000,
    )
    page.wait_for_function(
        "() => document.querySelectorAll('.jupyter-widgets').length > 0 && "
        "!Array.from(document.querySelectorAll('.jp-OutputArea-output')).some("
        "  n => /Loading widget/.test(n.innerText))",
        timeout=WIDGETS_S * 1000,
    )
    return time.perf_counter() - start


def voila_problems(page):
    """Tracebacks or execution errors shown on a Voila page."""
    return page.evaluate(
        """() => {
      const problems = [];
      for (const n of document.querySelectorAll('.jp-OutputArea-output')) {
        const text = n.innerText;
        if (/Traceback|There was an error when executing cell|Error displaying widget/.test(text))
          problems.push(text.slice(0, 500));
      }
      return problems;
    }"""
    )


# -- controls ----------------------------------------------------------------------------------


@dataclass
class ControlResult:
    """What happened when one control was changed."""

    notebook: str
    kind: str
    label: str
    action: str = ""
    changed: bool = False
    via: str = ""  # 'figure' or 'output': what changed first
    latency_ms: float | None = None
    skipped: str = ""  # why the control was not exercised (disabled, free text)
    detail: str = ""

    @property
    def ok(self):
        return self.changed or bool(self.skipped)


@dataclass
class ControlRun:
    notebook: str
    results: list = field(default_factory=list)

    @property
    def failures(self):
        return [r for r in self.results if not r.ok]

    @property
    def latencies(self):
        return [r.latency_ms for r in self.results if r.changed and r.kind != "play"]

    def as_dicts(self):
        return [asdict(r) for r in self.results]

    def summary(self):
        lat = self.latencies
        stats = f"median {statistics.median(lat):.0f} ms, max {max(lat):.0f} ms" if lat else "no timings"
        return f"{len(self.results)} controls, {len(self.failures)} failed; {stats}"


def _act(page, control):
    """Change one control the way a user would.

    Returns
    -------
    action : str
        What was done.
    undo : callable or None
        Puts the control back as it was (None for buttons: a click is not undone).
    """
    loc = page.locator(f'[data-kme-id="{control["id"]}"]')
    kind = control["kind"]
    if kind == "slider":
        handle = loc.locator(".noUi-handle").first
        now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
        key, back = ("ArrowRight", "ArrowLeft")
        if now is not None and top is not None and float(now) >= float(top):
            key, back = back, key
        handle.focus()
        handle.press(key)
        return key, lambda: handle.press(back)
    if kind == "select":
        select = loc.locator("select").first
        count, index = select.evaluate("s => [s.options.length, s.selectedIndex]")
        target = (max(index, 0) + 1) % count
        select.select_option(index=target)
        return f"option {target}", lambda: select.select_option(index=max(index, 0))
    if kind == "toggle-buttons":
        active = loc.locator("button.mod-active").first
        loc.locator("button:not(.mod-active)").first.click()
        return "other option", (lambda: active.click()) if active.count() else None
    if kind == "radio":
        checked = loc.locator("input[type=radio]:checked").first
        loc.locator("input[type=radio]:not(:checked)").first.click()
        return "other option", (lambda: checked.click()) if checked.count() else None
    if kind == "checkbox":
        box = loc.locator("input[type=checkbox]").first
        box.click()
        return "toggle", box.click
    if kind == "toggle-button":
        loc.click()
        return "click", loc.click
    if kind == "button":
        loc.click()
        return "click", None
    if kind == "play":  # the animation is paused after the check, not undone
        loc.locator("button").first.click()
        return "play", None
    if kind == "number":
        field_ = loc.locator("input[type=number]").first
        field_.press("ArrowUp")
        field_.press("Enter")
        return "ArrowUp", lambda: (field_.press("ArrowDown"), field_.press("Enter"))
    raise ValueError(kind)


_CANVASES_SIZED_JS = """id => {
  const scope = window.__kme.scopeOf(window.__kme.element(id));
  const canvases = scope.querySelectorAll(".jupyter-matplotlib-canvas-div canvas");
  return Array.from(canvases).every(c => c.width > 0 && c.height > 0);
}"""


def _bring_into_view(page, control_id):
    """Scroll the control into view, as a user would before using it, and give the app's figure
    time to get its size: JupyterLab lays out (and ipympl sizes) off-screen outputs lazily.
    If the figure never gets a size, the change check that follows fails."""
    with contextlib.suppress(Exception):
        page.locator(f'[data-kme-id="{control_id}"]').scroll_into_view_if_needed(timeout=5_000)
        page.wait_for_function(_CANVASES_SIZED_JS, arg=control_id, timeout=20_000)


def exercise_controls(page, notebook, root_selector="body"):
    """Change every control once; check that the figure or output it drives changed, and time it.

    After the check the control is put back (a key press the other way, the previous option, a
    second click on a checkbox), so that every control is tried from the notebook's own state:
    a 'tol' slider is not tried after its 'use tol' checkbox was switched off.

    Controls that are disabled when their turn comes are retried after all the others (a
    "back" button is disabled until "forward" was pressed); still disabled then, they are
    reported as skipped. Free-text fields are skipped (no generic valid input exists).
    """
    run = ControlRun(notebook)
    controls = page.evaluate("root => window.__kme.controls(document.querySelector(root))", root_selector)
    queue, deferred = list(controls), []
    retrying = False
    while queue:
        control = queue.pop(0)
        result = ControlResult(notebook, control["kind"], control["label"])
        if control["kind"] == "text":
            result.skipped = "free text input"
            run.results.append(result)
            continue
        # the previous change (and its undo) must have finished: it may enable or disable this one
        page.evaluate("([id, q, m]) => window.__kme.settle(id, q, m)", [control["id"], SETTLE_QUIET_MS, SETTLE_MAX_MS])
        if page.evaluate("id => window.__kme.disabled(id)", control["id"]):
            if not retrying:
                deferred.append(control)
            else:
                result.skipped = "disabled"
                run.results.append(result)
            if not queue and deferred and not retrying:
                queue, deferred, retrying = deferred, [], True
            continue
        _bring_into_view(page, control["id"])
        page.evaluate("id => window.__kme.arm(id)", control["id"])
        undo = None
        try:
            result.action, undo = _act(page, control)
        except Exception as exc:  # e.g. the element is gone or hidden
            result.detail = f"could not {control['kind']}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        if not result.detail:
            with contextlib.suppress(Exception):  # a timeout is reported below
                page.wait_for_function("() => window.__kme.finished()", timeout=(CHANGE_S + 2) * 1000)
        outcome = page.evaluate("() => window.__kme.result()")
        result.changed = bool(outcome["done"])
        result.via = outcome["via"] or ""
        result.latency_ms = outcome["ms"]
        if not result.changed and not result.detail:
            result.detail = f"nothing it drives changed within {CHANGE_S} s"
        elif result.changed and result.latency_ms > CHANGE_S * 1000:
            result.changed = False
            result.detail = f"its {result.via} changed after {result.latency_ms:.0f} ms, over {CHANGE_S} s"
        if control["kind"] == "play":  # stop the animation before the next control
            with contextlib.suppress(Exception):
                page.locator(f'[data-kme-id="{control["id"]}"] button').nth(1).click()
        if undo is not None:  # each control is tried from the notebook's own state, not after others
            with contextlib.suppress(Exception):
                undo()
        run.results.append(result)
        if not queue and deferred and not retrying:
            queue, deferred, retrying = deferred, [], True
    return run


def full_page_screenshot(page, path, scroller):
    """Screenshot with the viewport as tall as the scrolled content (capped), so nothing is cut.

    Best effort: a page that broke does not hide the test's own failure behind this one.
    """
    try:
        _full_page_screenshot(page, path, scroller)
    except Exception as exc:  # the page may be gone or hung
        print(f"screenshot {path} failed: {exc}")


def after_layout(page):
    """Return once the browser has laid out and painted the page as it is now (two animation frames)."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")


def _full_page_screenshot(page, path, scroller):
    height = page.evaluate(
        """sel => {
          const n = document.querySelector(sel) || document.scrollingElement;
          n.scrollTop = 0;
          return n.scrollHeight;
        }""",
        scroller,
    )
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": int(min(max(height + 150, 800), 12000))})
    after_layout(page)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
