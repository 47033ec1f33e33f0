"""Lloyd's algorithm, half-step by half-step, forward and back (notebook 01).

:class:`LloydStepper` runs :func:`kmeans_edu.lloyd` with ``record_history=True`` once per
setting and then only *shows* the recorded states: the initial centres, then after every
assignment and every update the labels, the centres and the SSE. The SSE trace beside the
scatter never goes up: each half-step can only lower it.
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection

from .._validation import as_float_array
from ..init import init_centroids, kmeans_plusplus
from ..plots import (
    data_extent,
    label_axes,
    label_colors,
    plot_centers,
    plot_membership,
    plot_points,
    plot_trace,
    plot_voronoi,
    update_membership,
    update_points,
    update_voronoi,
)
from ..steps import lloyd, single_thread
from ._common import App, PlaneClicks, canvas_widget, check_choice, check_int, check_points, k_slider_max, new_figure
from .animation import save_animation, save_button

INITS = ("k-means++", "random", "force an empty cluster")

_RULE_TEXT = {
    "no_reassignment": "no point changed cluster in the last assignment",
    "tol": "the centres moved less than the tolerance",
    "max_iter": "the iteration budget max_iter was spent",
}


def initial_centers(X, n_clusters, init, seed):
    """The starting centres of the stepper.

    ``'k-means++'`` and ``'random'`` are the library's initialisations with ``random_state=seed``.
    ``'force an empty cluster'`` starts from k-means++ but puts the last centre exactly on the
    first one: every point is then nearer to (or tied with, and ties go to the lower index)
    centre 0, so the last cluster is empty after the first assignment and the update step must
    move it (to the point farthest from its centre, as scikit-learn does).
    """
    if init not in INITS:
        raise ValueError(f"init must be one of {INITS}; got {init!r}.")
    X = as_float_array(X)
    if init == "random":
        rng = np.random.RandomState(seed)
        return init_centroids(X, n_clusters, "random", rng, np.ones(X.shape[0], dtype=X.dtype))
    centers = kmeans_plusplus(X, n_clusters, random_state=seed)[0]
    if init == "force an empty cluster":
        centers[-1] = centers[0]
    return centers


class LloydStepper(PlaneClicks, App):
    """Step forward and back through the assign and update half-steps of Lloyd's loop.

    Controls (``app.controls``): ``step`` (0 = the initial centres, then one per half-step),
    ``play`` (autoplay), ``back`` / ``forward`` buttons (disabled at the ends), ``init`` / ``seed`` / ``k`` (the start),
    the stopping rules ``no_reassignment`` and ``tol`` (checkboxes), ``tol_value`` and ``max_iter``,
    and what to draw: ``voronoi``, ``lines`` (point -> centre) and ``trails`` (centre paths,
    starting at rings on the initial centres); ``save`` writes the run as GIF and HTML.

    Your own points: a click on the plane adds a point (``clear`` removes them); with init
    ``'manual'`` a click moves the next starting centre there. The run restarts from the new data
    or centres. From Python: :meth:`add_points`, :meth:`clear_points`, :meth:`set_init`; the data in
    use is ``app.X`` (the given X, then your points). Every control changes the figure or the status
    line, which also spells out the stopping rules in force and the layers drawn.

    ``state`` holds ``result`` (the :class:`~kmeans_edu.LloydResult`), ``init_centers``,
    ``step`` / ``kind`` / ``centers`` / ``labels`` / ``sse`` of the shown state, ``objectives``
    (SSE after every half-step) and ``message`` (what happened and why the loop stopped).

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    n_clusters : int, default=3
    init : {'k-means++', 'random', 'force an empty cluster'}, default='k-means++'
    seed : int, default=0
        In [0, 30], the range of the seed slider.
    max_iter : int, default=20
        In [1, 50], the range of the max_iter slider.
    max_clusters : int, default=None
        Top of the k slider, at most the number of points; None means 8, or the number of points
        if that is smaller.

    Raises
    ------
    ValueError, TypeError
        For any argument outside the range of its control (nothing is clamped silently).
    """

    def __init__(self, X, n_clusters=3, *, init="k-means++", seed=0, max_iter=20, max_clusters=None):
        super().__init__()
        self.X = self._X_given = check_points(X)
        max_clusters = k_slider_max(max_clusters, self.X.shape[0], 8)
        n_clusters = check_int(n_clusters, "n_clusters", 2, max_clusters)
        check_choice(init, "init", INITS)
        seed = check_int(seed, "seed", 0, 30)
        max_iter = check_int(max_iter, "max_iter", 1, 50)
        c = self.controls
        c["step"] = widgets.IntSlider(value=0, min=0, max=1, description="half-step")
        c["play"] = widgets.Play(value=0, min=0, max=1, interval=700, description="play")
        widgets.link((c["play"], "value"), (c["step"], "value"))
        c["back"] = widgets.Button(description="◀ back", layout=widgets.Layout(width="80px"))
        c["forward"] = widgets.Button(description="forward ▶", layout=widgets.Layout(width="90px"))
        c["init"] = widgets.Dropdown(options=(*INITS, self.MANUAL), value=init, description="init")
        c["seed"] = widgets.IntSlider(value=seed, min=0, max=30, description="seed")
        c["k"] = widgets.IntSlider(value=n_clusters, min=2, max=max_clusters, description="k")
        c["no_reassignment"] = widgets.Checkbox(value=True, description="stop: no reassignment")
        c["tol"] = widgets.Checkbox(value=True, description="stop: tol")
        c["tol_value"] = widgets.FloatLogSlider(value=1e-4, base=10, min=-8, max=0, description="tol")
        c["max_iter"] = widgets.IntSlider(value=max_iter, min=1, max=50, description="max_iter")
        c["voronoi"] = widgets.Checkbox(value=True, description="Voronoi regions")
        c["lines"] = widgets.Checkbox(value=False, description="membership lines")
        c["trails"] = widgets.Checkbox(value=True, description="centroid trails")
        self.status = widgets.HTML()
        c["save"] = save_button(self, "lloyd_run")

        self._build_figure()
        self._setup_clicks()
        for name in ("init", "seed", "k", "no_reassignment", "tol", "tol_value", "max_iter"):
            c[name].observe(self._timed(self._recompute), names="value")
        self._step_handler = self._timed(self._draw)
        c["step"].observe(self._step_handler, names="value")
        for name in ("voronoi", "lines", "trails"):
            c[name].observe(self._timed(self._toggle), names="value")
        c["back"].on_click(lambda _: self._move(-1))
        c["forward"].on_click(lambda _: self._move(+1))
        self._recompute()
        self.update_times.clear()
        rows = [
            widgets.HBox([c["play"], c["back"], c["forward"], c["step"]]),
            widgets.HBox([c["init"], c["seed"], c["k"], c["clear"]]),
            widgets.HBox([c["no_reassignment"], c["tol"], c["tol_value"], c["max_iter"]]),
            widgets.HBox([c["voronoi"], c["lines"], c["trails"], c["save"]]),
            self.status,
            canvas_widget(self.fig),
        ]
        self._finish(widgets.VBox(rows))

    def _build_figure(self):
        X = self.X
        self.fig, (ax, ax_sse) = new_figure(1, 2, figsize=(10, 4.2), width_ratios=[1.3, 1])
        self.ax, self.ax_sse = ax, ax_sse
        extent = data_extent(X)
        a = self.artists
        k_max = self.controls["k"].max
        a["voronoi"] = plot_voronoi(ax, X[:1].repeat(k_max, axis=0), extent, resolution=100)
        a["lines"] = plot_membership(ax, X, X[:1], np.zeros(len(X), dtype=int))
        a["trails"] = LineCollection([], linewidths=2, zorder=3)
        ax.add_collection(a["trails"])
        # where each trail starts: rings on the initial centres (so the trails show from half-step 0)
        a["trail_starts"] = ax.scatter(
            X[:1, 0], X[:1, 1], s=420, facecolors="none", linewidths=2.5, zorder=4, label="start of trail"
        )
        a["points"] = plot_points(ax, X)
        a["centers"] = plot_centers(ax, X[:1])
        ax.set(xlim=extent[:2], ylim=extent[2:])
        label_axes(ax, "Lloyd's algorithm")
        a["sse"] = plot_trace(ax_sse, [np.nan], color="#555555")
        (a["sse_assign"],) = ax_sse.plot([], [], "o", color="#0072B2", label="after assign")
        (a["sse_update"],) = ax_sse.plot([], [], "s", color="#D55E00", label="after update")
        (a["sse_now"],) = ax_sse.plot([], [], "o", ms=14, mfc="none", mec="black", mew=2, label="shown")
        ax_sse.legend(loc="upper right")
        label_axes(ax_sse, "SSE after every half-step (never increases)", xlabel="half-step", ylabel="SSE")
        # the stopping rules in force and the stop reason, under the title (set in _recompute)
        a["rules"] = ax_sse.text(
            0.5,
            1.02,
            "stop:\nstop:",
            transform=ax_sse.transAxes,
            ha="center",
            va="bottom",
            fontsize="small",
            color="#444444",
        )
        ax_sse.set_title("SSE after every half-step (never increases)", pad=30)
        self.fig.tight_layout()

    # -- computation: only when the start or the stopping rules change ------------------------
    def _data_changed(self):
        self._recompute()

    def _default_manual_centers(self, k):
        return initial_centers(self.X, k, "k-means++", self.controls["seed"].value)

    def _recompute(self, change=None):
        if self._hold:
            return
        c = self.controls
        X = np.vstack([self._X_given, self.user_points]) if len(self.user_points) else self._X_given
        if len(X) != len(self.X):
            self.X = X
            update_points(self.artists["points"], np.full(len(X), -1), X=X)
        rules = tuple(rule for rule in ("no_reassignment", "tol") if c[rule].value)
        with single_thread():
            if c["init"].value == self.MANUAL:
                init = self._manual_centers(c["k"].value).copy()
            else:
                init = initial_centers(self.X, c["k"].value, c["init"].value, c["seed"].value)
            result = lloyd(
                self.X,
                init,
                max_iter=c["max_iter"].value,
                tol=c["tol_value"].value,
                stop_when=rules,
                record_history=True,
            )
        self.state.update(result=result, init_centers=init)
        objectives = np.array([h.objective for h in result.history])
        self.state["objectives"] = objectives
        kinds = np.array([h.kind for h in result.history])
        xs = np.arange(1, objectives.size + 1)
        a = self.artists
        a["sse"].set_data(xs, objectives)
        a["sse_assign"].set_data(xs[kinds == "assign"], objectives[kinds == "assign"])
        a["sse_update"].set_data(xs[kinds == "update"], objectives[kinds == "update"])
        self.ax_sse.set_xlim(0.5, max(objectives.size, 2) + 0.5)
        span = objectives.max() - objectives.min()
        pad = 0.08 * span if span > 0 else 0.05 * max(abs(objectives.max()), 1.0)
        self.ax_sse.set_ylim(objectives.min() - pad, objectives.max() + pad)
        # Centre paths: the centres only move at updates.
        self._paths = np.stack([init] + [h.centers for h in result.history])  # (n_states, k, 2)
        n_states = objectives.size + 1
        step, play = c["step"], c["play"]
        step.unobserve(self._step_handler, names="value")  # clamp silently, draw once below
        step.max = play.max = n_states - 1
        step.value = play.value = min(step.value, n_states - 1)
        step.observe(self._step_handler, names="value")
        a["trails"].set_color(label_colors(np.arange(init.shape[0])))
        a["rules"].set_text(self._rules_text(result))
        a["trail_starts"].set_offsets(init)
        a["trail_starts"].set_edgecolors(label_colors(np.arange(init.shape[0])))
        self._draw()

    # -- display: one recorded state ------------------------------------------------------------
    def _draw(self, change=None):
        result = self.state["result"]
        step = min(self.controls["step"].value, len(result.history))
        a = self.artists
        if step == 0:
            centers, labels, kind, sse = self.state["init_centers"], None, "init", np.nan
        else:
            h = result.history[step - 1]
            centers, labels, kind, sse = h.centers, h.labels, h.kind, h.objective
        self.state.update(step=step, kind=kind, centers=centers, labels=labels, sse=sse)
        k = centers.shape[0]
        update_points(a["points"], labels if labels is not None else np.full(len(self.X), -1))
        a["centers"].set_offsets(centers)
        a["centers"].set_facecolor(label_colors(np.arange(k)))
        if self.controls["voronoi"].value:
            with single_thread():
                update_voronoi(a["voronoi"], centers)
        a["voronoi"].set_visible(self.controls["voronoi"].value)
        shown_labels = labels if labels is not None else np.zeros(len(self.X), dtype=int)
        update_membership(a["lines"], self.X, centers, shown_labels)
        a["lines"].set_visible(self.controls["lines"].value and labels is not None)
        a["trails"].set_segments([self._paths[: step + 1, j] for j in range(k)])
        a["trails"].set_visible(self.controls["trails"].value)
        a["trail_starts"].set_visible(self.controls["trails"].value)
        c = self.controls
        c["back"].disabled = step <= c["step"].min
        c["forward"].disabled = step >= c["step"].max
        a["sse_now"].set_data([step] if step else [], [sse] if step else [])
        self.state["message"] = self._message(step, kind, sse)
        self.status.value = self.state["message"]
        self.ax.set_title(f"Lloyd's algorithm: {self._step_name(step, kind)}")

    def _step_name(self, step, kind):
        if kind == "init":
            return "initial centres"
        return f"half-step {step}, {kind} (iteration {self.state['result'].history[step - 1].iteration})"

    def _message(self, step, kind, sse):
        result = self.state["result"]
        parts = [f"<b>{self._step_name(step, kind)}</b>"]
        if kind == "init":
            parts.append("points not assigned yet")
        else:
            parts.append(f"SSE = {sse:.4f}")
            empty = result.history[step - 1].empty_clusters
            if empty:
                parts.append(
                    f"<span style='color:#D55E00'>cluster(s) {list(empty)} were empty: each was moved to the point "
                    "farthest from its centre</span>"
                )
        parts.append(
            f"the loop stopped after {result.n_iter} iteration(s) because <b>{result.stop_reason}</b>: "
            f"{_RULE_TEXT[result.stop_reason]}"
        )
        return "; ".join(parts) + "<br>" + self._settings_text()

    def _rules_text(self, result):
        """Two lines for the SSE panel: the stopping rules in force, and which one fired when."""
        c = self.controls
        rules = ["no reassignment"] if c["no_reassignment"].value else []
        rules.append(f"tol = {c['tol_value'].value:.2e}" if c["tol"].value else "(tol off)")
        rules.append(f"max_iter = {c['max_iter'].value}")
        return f"stop on: {', '.join(rules)}\nstopped: {result.stop_reason} after {result.n_iter} iteration(s)"

    def _settings_text(self):
        """The stopping rules in force and the layers drawn: every control shows up here."""
        c = self.controls
        rules = [
            name
            for name, on in (
                ("no reassignment", c["no_reassignment"].value),
                (f"centre shift &lt; tol = {c['tol_value'].value:.2e}", c["tol"].value),
            )
            if on
        ]
        rules.append(f"max_iter = {c['max_iter'].value}")
        layers = [
            label
            for name, label in (
                ("voronoi", "Voronoi regions"),
                ("lines", "membership lines"),
                ("trails", "centroid trails"),
            )
            if c[name].value
        ]
        if c["lines"].value and self.state.get("labels") is None:
            layers[layers.index("membership lines")] += " (from half-step 1, once points are assigned)"
        if not c["tol"].value:
            rules.append(f"tol = {c['tol_value'].value:.2e} not used")
        drawn = ", ".join(layers) if layers else "points and centres only"
        return f"stopping rules: {', '.join(rules)} | drawn: {drawn} | {self._clicks_text()}"

    def animation_steps(self):
        """The control and values that walk through the run: ``'step'``, one per half-step (1, 2, ...)."""
        return "step", range(1, self.controls["step"].max + 1)

    def save_animation(self, path, interval_ms=700):
        """Save the run shown, one frame per half-step, as ``.gif`` or ``.html``.

        See :func:`kmeans_edu.widgets.animation.save_animation`; the "save GIF + HTML" button
        does the same into ``lloyd_run.gif`` and ``lloyd_run.html``.
        """
        return save_animation(self, path, interval_ms)

    def _toggle(self, change=None):
        self._draw()

    def _move(self, delta):
        step = self.controls["step"]
        step.value = int(np.clip(step.value + delta, step.min, step.max))
