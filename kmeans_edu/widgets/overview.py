"""The whole series on one screen (notebook 99, the Voila app view).

:class:`OverviewApp` fits :class:`kmeans_edu.KMeans` with ``record_history=True`` and lets the
reader change everything the series is about, then walk through the recorded run:

* the data (round blobs, where K-means works; moons, stretched blobs, blobs of unequal size
  and blobs with outliers, where it does not);
* ``k``, the initialisation (``'k-means++'`` or ``'random'``) and its seed;
* the distance (``'euclidean'``: K-means; ``'manhattan'``: k-medians);
* the half-step shown: every assignment and every update of Lloyd's loop.

A change of data, ``k``, init, seed or metric refits (one run, ``n_init=1``, so the history
shown is the run that was kept); a change of half-step only redraws the recorded state.
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import datasets
from ..estimator import KMeans
from ..init import kmeans_plusplus
from ..plots import (
    CLUSTER_CMAP,
    PALETTE,
    data_extent,
    label_axes,
    label_colors,
    plot_centers,
    plot_points,
    plot_trace,
    update_points,
    voronoi_labels,
)
from ..steps import single_thread
from ._common import App, PlaneClicks, canvas_widget, new_figure

#: Data sets of the ``data`` dropdown: label -> function returning ``(X, y)`` (300 points, fixed seeds).
DATASETS = {
    "blobs": lambda: datasets.blobs(300, 3, 1.0, seed=0),
    "moons": lambda: datasets.shapes("moons", 300, seed=0),
    "stretched blobs": lambda: datasets.shapes("anisotropic", 300, seed=0),
    "unequal sizes": lambda: datasets.shapes("unequal_size", 300, seed=0),
    "blobs + outliers": lambda: datasets.with_outliers(300, 3, n_outliers=8, distance=25.0, seed=0),
}
INITS = ("k-means++", "random")
METRICS = ("euclidean", "manhattan")
_OBJECTIVE = {"euclidean": "SSE", "manhattan": "sum of L1 distances"}
_RESOLUTION = 100  # Voronoi grid nodes per side


class OverviewApp(PlaneClicks, App):
    """K-means on toy data: choose the data, k, init, seed and metric, then step through the run.

    Controls (``app.controls``): ``data`` (dropdown of :data:`DATASETS`), ``k``, ``init``,
    ``seed``, ``metric`` (toggle buttons), ``step`` (half-step shown, 1 = the first assignment),
    ``back`` / ``forward`` buttons (disabled at the ends) and ``voronoi`` (checkbox).

    Your own points: a click on the plane adds a point to the data (``clear`` removes them; a new
    data set starts without them); with init ``'manual'`` a click moves the next starting centre
    there. The run restarts from the new data or centres. From Python: :meth:`add_points`,
    :meth:`clear_points`, :meth:`set_init`.

    ``state``: ``X``, ``model`` (the fitted :class:`~kmeans_edu.KMeans`), ``objectives`` (the
    objective after every half-step, never increasing), ``step``, ``kind``, ``iteration``,
    ``labels``, ``centers``, ``objective`` (of the shown half-step) and ``message``.

    Parameters
    ----------
    data : str, default='blobs'
        A key of :data:`DATASETS`.
    n_clusters : int, default=3
        Initial k, between 2 and ``max_clusters``.
    init : {'k-means++', 'random'}, default='k-means++'
    seed : int, default=0
        ``random_state`` of the fit, between 0 and 20.
    metric : {'euclidean', 'manhattan'}, default='euclidean'
    max_clusters : int, default=8
    """

    def __init__(self, data="blobs", n_clusters=3, *, init="k-means++", seed=0, metric="euclidean", max_clusters=8):
        super().__init__()
        if data not in DATASETS:
            raise ValueError(f"data must be one of {tuple(DATASETS)}; got {data!r}.")
        if init not in INITS:
            raise ValueError(f"init must be one of {INITS}; got {init!r}.")
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {METRICS}; got {metric!r}.")
        if not isinstance(max_clusters, int) or not 2 <= max_clusters <= len(PALETTE):
            raise ValueError(f"max_clusters must be an integer in [2, {len(PALETTE)}]; got {max_clusters!r}.")
        if not isinstance(n_clusters, int) or not 2 <= n_clusters <= max_clusters:
            raise ValueError(f"n_clusters must be an integer in [2, max_clusters={max_clusters}]; got {n_clusters!r}.")
        if not isinstance(seed, int) or not 0 <= seed <= 20:
            raise ValueError(f"seed must be an integer in [0, 20]; got {seed!r}.")
        self._data_cache = {}
        c = self.controls
        c["data"] = widgets.Dropdown(options=tuple(DATASETS), value=data, description="data")
        c["k"] = widgets.IntSlider(value=n_clusters, min=2, max=max_clusters, description="k")
        c["init"] = widgets.Dropdown(options=(*INITS, self.MANUAL), value=init, description="init")
        c["seed"] = widgets.IntSlider(value=seed, min=0, max=20, description="seed")
        c["metric"] = widgets.ToggleButtons(options=METRICS, value=metric, description="distance")
        c["step"] = widgets.IntSlider(value=1, min=1, max=1, description="half-step")
        c["back"] = widgets.Button(description="◀ back", layout=widgets.Layout(width="80px"))
        c["forward"] = widgets.Button(description="forward ▶", layout=widgets.Layout(width="90px"))
        c["voronoi"] = widgets.Checkbox(value=True, description="Voronoi cells")
        self.status = widgets.HTML()

        self._build_figure()
        self._setup_clicks()
        fit = self._timed(self._fit)
        for name in ("data", "k", "init", "seed", "metric"):
            c[name].observe(fit, names="value")
        self._show_handler = self._timed(self._show)
        c["step"].observe(self._show_handler, names="value")
        c["voronoi"].observe(self._timed(self._show), names="value")
        c["back"].on_click(lambda _: self._move(-1))
        c["forward"].on_click(lambda _: self._move(+1))
        with single_thread():  # tiny data: one thread is faster, same bits
            self._warm_up()
        self._fit()
        self.update_times.clear()
        rows = [
            widgets.HBox([c["data"], c["k"], c["init"], c["seed"]]),
            widgets.HBox([c["metric"], c["voronoi"], c["clear"]]),
            widgets.HBox([c["step"], c["back"], c["forward"]]),
            self.status,
            canvas_widget(self.fig),
        ]
        self._finish(widgets.VBox(rows))

    def _warm_up(self):
        """Run every kernel a control can reach once, on a few points.

        A Numba kernel compiles on its first call (seconds; then it is loaded from the on-disk
        cache). Doing it here keeps a first click on 'manhattan' or 'random' as fast as the rest.
        """
        X = self.dataset("blobs")[:12]
        for metric in METRICS:
            for init in INITS:
                model = KMeans(2, init=init, n_init=1, random_state=0, metric=metric, record_history=True).fit(X)
            voronoi_labels(model.cluster_centers_, data_extent(X), 4, metric)

    # -- data ---------------------------------------------------------------------------------
    def dataset(self, name):
        """``X`` of the data set ``name`` (generated once, then cached)."""
        if name not in self._data_cache:
            self._data_cache[name] = DATASETS[name]()[0]
        return self._data_cache[name]

    def _build_figure(self):
        X = self.dataset(self.controls["data"].value)
        self.fig, (ax, ax_obj) = new_figure(1, 2, figsize=(10, 4.2), width_ratios=[1.3, 1])
        self.ax, self.ax_obj = ax, ax_obj
        a = self.artists
        extent = data_extent(X)
        a["voronoi"] = ax.imshow(
            np.zeros((_RESOLUTION, _RESOLUTION)),
            extent=extent,
            origin="lower",
            cmap=CLUSTER_CMAP,  # cluster j has the colour of its points
            vmin=-0.5,
            vmax=len(PALETTE) - 0.5,
            alpha=0.22,
            interpolation="nearest",
            aspect="auto",
            zorder=0,
        )
        a["points"] = plot_points(ax, X)
        a["centers"] = plot_centers(ax, X[: self.controls["k"].max])
        label_axes(ax, "K-means")
        a["trace"] = plot_trace(ax_obj, [np.nan], color="#555555")
        (a["now"],) = ax_obj.plot([], [], "o", ms=14, mfc="none", mec="black", mew=2)  # the half-step shown
        # Fewer tick labels: drawing text is most of the cost of a redraw.
        ax.locator_params(nbins=5)
        ax_obj.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax_obj.yaxis.set_major_locator(MaxNLocator(nbins=5))
        label_axes(ax_obj, "objective after each half-step (never rises)", xlabel="half-step", ylabel="SSE")
        # Fixed margins (no tight_layout): they fit every data set's tick labels, and a redraw
        # costs no layout pass.
        self.fig.subplots_adjust(left=0.07, right=0.985, bottom=0.12, top=0.92, wspace=0.2)

    # -- computation: a new fit when the data, k, init, seed or metric change ------------------
    def _data_changed(self):
        self._fit()

    def _default_manual_centers(self, k):
        with single_thread():
            return kmeans_plusplus(self.state["X"], k, random_state=self.controls["seed"].value)[0]

    def _fit(self, change=None):
        if self._hold:
            return
        if change is not None and change.get("owner") is self.controls["data"]:
            self.user_points, self.manual_centers = np.empty((0, 2)), None  # they belong to the old data
            self.controls["clear"].disabled = True
        with single_thread():  # tiny data: one thread is faster, same bits
            self._refit()

    def _refit(self):
        c = self.controls
        given = self.dataset(c["data"].value)
        X = np.vstack([given, self.user_points]) if len(self.user_points) else given
        self.state["X"] = X
        metric = c["metric"].value
        manual = c["init"].value == self.MANUAL
        model = KMeans(
            c["k"].value,
            init=self._manual_centers(c["k"].value).copy() if manual else c["init"].value,
            n_init=1,
            random_state=c["seed"].value,
            metric=metric,
            record_history=True,
        ).fit(X)
        objectives = np.array([h.objective for h in model.history_])
        # the view of the given data: your points (inside it) do not move the axes
        self.state.update(X=X, model=model, objectives=objectives, extent=data_extent(given))
        a = self.artists
        update_points(a["points"], np.full(len(X), -1), X=X)
        xs = np.arange(1, objectives.size + 1)
        a["trace"].set_data(xs, objectives)
        self.ax_obj.set_xlim(0.5, max(objectives.size, 2) + 0.5)
        span = objectives.max() - objectives.min()
        pad = 0.08 * span if span > 0 else 0.05 * max(abs(objectives.max()), 1.0)
        self.ax_obj.set_ylim(objectives.min() - pad, objectives.max() + pad)
        self.ax_obj.set_ylabel(_OBJECTIVE[metric])
        extent = self.state["extent"]
        self.ax.set(xlim=extent[:2], ylim=extent[2:])
        a["voronoi"].set_extent(extent)
        step = c["step"]
        step.unobserve(self._show_handler, names="value")  # clamp silently, draw once below
        step.max = objectives.size
        step.value = min(step.value, objectives.size)
        step.observe(self._show_handler, names="value")
        self._draw_step()

    # -- display: one recorded half-step -------------------------------------------------------
    def _show(self, change=None):
        with single_thread():  # tiny data: one thread is faster, same bits
            self._draw_step()

    def _draw_step(self):
        c, a = self.controls, self.artists
        model = self.state["model"]
        step = c["step"].value
        h = model.history_[step - 1]
        self.state.update(
            step=step, kind=h.kind, iteration=h.iteration, labels=h.labels, centers=h.centers, objective=h.objective
        )
        update_points(a["points"], h.labels)
        a["centers"].set_offsets(h.centers)
        a["centers"].set_facecolor(label_colors(np.arange(h.centers.shape[0])))
        show_cells = c["voronoi"].value
        if show_cells:
            cells = voronoi_labels(h.centers, self.state["extent"], _RESOLUTION, model.metric)
            a["voronoi"].set_data(cells % len(PALETTE))
        a["voronoi"].set_visible(show_cells)
        a["now"].set_data([step], [h.objective])
        c["back"].disabled = step <= c["step"].min
        c["forward"].disabled = step >= c["step"].max
        name = _OBJECTIVE[model.metric]
        self.ax.set_title(f"{c['data'].value}, k={model.n_clusters}: half-step {step} ({h.kind})")
        message = (
            f"<b>half-step {step} of {c['step'].max}</b>: {h.kind} of iteration {h.iteration + 1}; "
            f"{name} = {h.objective:.4f}. The run stopped after {model.n_iter_} iteration(s) because "
            f"<b>{model.stop_reason_}</b>; final {name} = {model.inertia_:.4f}."
        )
        if h.empty_clusters:
            message += f" Cluster(s) {list(h.empty_clusters)} were empty and moved to far-away points."
        message += f"<br>{self._clicks_text()}"
        self.state["message"] = message
        self.status.value = message

    def _move(self, delta):
        step = self.controls["step"]
        step.value = int(np.clip(step.value + delta, step.min, step.max))
