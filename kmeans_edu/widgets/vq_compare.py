r"""Inertia vs distortion, live: scikit-learn's ``KMeans`` and SciPy's ``kmeans``/``kmeans2`` on one dataset.

Every result is scored both ways by :func:`kmeans_edu.vq.compare_objectives`, and the right panel
draws the exact identity

.. math:: \mathrm{SSE} = \sum_i d_i^2 = N\bar d^{\,2} + N\operatorname{Var}(d)

as a stacked bar per method (bottom: :math:`N\bar d^2`, top: :math:`N\operatorname{Var} d`) with
the directly computed SSE marked on top: the marker sits exactly on the top of each bar.
"""

import ipywidgets as widgets
import numpy as np

from ..plots import plot_points, update_points
from ..vq import compare_objectives, vq, whiten
from ._common import App, canvas_widget, check_choice, check_int, new_figure

DATASETS = ("blobs", "unequal spread", "outliers", "mixed scales")
METHODS = ("sklearn KMeans", "scipy kmeans", "scipy kmeans2")
_MARKERS = {"sklearn KMeans": "X", "scipy kmeans": "P", "scipy kmeans2": "D"}
_COLORS = {"sklearn KMeans": "#0072B2", "scipy kmeans": "#D55E00", "scipy kmeans2": "#009E73"}  # Okabe-Ito
K_MAX = 8


def make_dataset(name, n_per_cluster=80, seed=0):
    """A small 2-D dataset for the app (deterministic for a given name and seed).

    ``'blobs'``: three round clusters; ``'unequal spread'``: three clusters with standard
    deviations 0.3, 1 and 2.5; ``'outliers'``: blobs plus 12 far points; ``'mixed scales'``: blobs
    whose second feature is in units 50 times larger (whitening matters there).
    """
    if name not in DATASETS:
        raise ValueError(f"name must be one of {DATASETS}; got {name!r}.")
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [5.0, 1.0], [1.5, 5.0]])
    scales = [0.3, 1.0, 2.5] if name == "unequal spread" else [0.9, 0.9, 0.9]
    X = np.concatenate([rng.normal(c, s, size=(n_per_cluster, 2)) for c, s in zip(centres, scales, strict=True)])
    if name == "outliers":
        angles = rng.uniform(0, 2 * np.pi, size=12)
        X = np.concatenate([X, np.c_[2 + 14 * np.cos(angles), 2 + 14 * np.sin(angles)]])
    if name == "mixed scales":
        X = X * [1.0, 50.0]
    return X


class VQCompareApp(App):
    """Controls: dataset, k, whitening, seed. State: ``X``, ``table`` (the ObjectiveTable), ``labels``.

    Parameters
    ----------
    dataset : str, default='unequal spread'
    k : int, default=3
    whitened : bool, default=False
    seed : int, default=0
        ``random_state`` / ``rng`` of the three fits.
    """

    def __init__(self, dataset="unequal spread", k=3, whitened=False, seed=0):
        super().__init__()
        check_choice(dataset, "dataset", DATASETS)
        k = check_int(k, "k", 2, K_MAX)
        if not isinstance(whitened, bool):
            raise TypeError(f"whitened must be True or False; got {whitened!r}.")
        seed = check_int(seed, "seed", 0, 9)
        self.controls = {
            "dataset": widgets.Dropdown(options=DATASETS, value=dataset, description="data"),
            "k": widgets.IntSlider(value=k, min=2, max=K_MAX, description="k"),
            "whiten": widgets.Checkbox(value=whitened, description="whiten features"),
            "seed": widgets.IntSlider(value=seed, min=0, max=9, description="seed"),
        }
        self._raw = {}
        self._build_figure()
        handler = self._timed(self._on_change)
        for control in self.controls.values():
            control.observe(handler, names="value")
        self._on_change()
        self.fig.canvas.draw_idle()
        self._finish(
            widgets.VBox(
                [widgets.HBox(list(self.controls.values())), canvas_widget(self.fig), self.artists["text_widget"]]
            )
        )

    # -- figure ---------------------------------------------------------------------------------

    def _build_figure(self):
        self.fig, (ax_data, ax_bar) = new_figure(1, 2, figsize=(10, 4.2))
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.17, top=0.9, wspace=0.25)  # fixed: fast redraws
        self.artists["points"] = plot_points(ax_data, np.empty((0, 2)), size=12, alpha=0.55, linewidths=0)
        for method in METHODS:
            self.artists[f"centers {method}"] = ax_data.scatter(
                [], [], marker=_MARKERS[method], s=110, c=_COLORS[method], edgecolors="black", label=method
            )
        ax_data.legend(loc="upper left", fontsize=8)
        ax_data.set_xlabel("feature 1")
        ax_data.set_ylabel("feature 2")
        self.artists["ax_data"] = ax_data

        x = np.arange(len(METHODS))
        self.artists["bar_mean"] = ax_bar.bar(x, np.zeros(len(METHODS)), color="#56B4E9", label=r"$N\,\bar d^{\,2}$")
        self.artists["bar_var"] = ax_bar.bar(x, np.zeros(len(METHODS)), color="#E69F00", label=r"$N\,\mathrm{Var}(d)$")
        (self.artists["sse_marker"],) = ax_bar.plot(
            x, np.zeros(len(METHODS)), "k_", markersize=30, markeredgewidth=2.5, label=r"$\sum_i d_i^2$ (SSE)"
        )
        self.artists["bar_labels"] = [
            ax_bar.text(i, 0, "", ha="center", va="bottom", fontsize=8) for i in range(len(METHODS))
        ]
        ax_bar.set_xticks(x, [m.replace(" ", "\n") for m in METHODS])
        ax_bar.set_ylabel("sum of squared distances")
        ax_bar.set_title(r"SSE $= N(\bar d^{\,2} + \mathrm{Var}\,d)$, per method")
        ax_bar.legend(loc="lower right", fontsize=8)
        self.artists["ax_bar"] = ax_bar
        self.artists["text_widget"] = widgets.HTML()

    # -- computation and drawing ------------------------------------------------------------------

    def _data(self):
        name = self.controls["dataset"].value
        if name not in self._raw:
            self._raw[name] = make_dataset(name)
        X = self._raw[name]
        return whiten(X) if self.controls["whiten"].value else X

    def _on_change(self, change=None):
        X = self._data()
        k, seed = self.controls["k"].value, self.controls["seed"].value
        table = compare_objectives(X, k, random_state=seed, include_ours=False, kmeans_iter=10)
        rows = {row["method"]: row for row in table}
        labels, _ = vq(X, rows["sklearn KMeans"]["centers"])
        self.state.update(X=X, k=k, seed=seed, table=table, labels=labels)
        self._draw(X, labels, rows)

    def _draw(self, X, labels, rows):
        a = self.artists
        update_points(a["points"], labels, X=X, alpha=0.55)
        for method in METHODS:
            a[f"centers {method}"].set_offsets(rows[method]["centers"])
        lo, hi = X.min(axis=0), X.max(axis=0)
        pad = 0.05 * (hi - lo)
        a["ax_data"].set_xlim(lo[0] - pad[0], hi[0] + pad[0])
        a["ax_data"].set_ylim(lo[1] - pad[1], hi[1] + pad[1])
        whitened = " (whitened)" if self.controls["whiten"].value else ""
        a["ax_data"].set_title(f"{self.controls['dataset'].value}{whitened}, N={len(X)}, k={self.state['k']}")

        n = len(X)
        sse = [rows[m]["inertia"] for m in METHODS]
        for i, method in enumerate(METHODS):
            mean_part = n * rows[method]["distortion"] ** 2
            a["bar_mean"][i].set_height(mean_part)
            a["bar_var"][i].set_y(mean_part)
            a["bar_var"][i].set_height(n * rows[method]["var_d"])
            a["bar_labels"][i].set_position((i, 1.02 * sse[i]))
            a["bar_labels"][i].set_text(f"SSE {sse[i]:.4g}\nd\u0304 {rows[method]['distortion']:.4g}")
        a["sse_marker"].set_ydata(sse)
        a["ax_bar"].set_ylim(0, 1.3 * max(sse))

        cells = "".join(
            f"<tr><td>{m}</td><td>{rows[m]['inertia']:.6f}</td><td>{rows[m]['identity']:.6f}</td>"
            f"<td>{rows[m]['distortion']:.6f}</td><td>{rows[m]['var_d']:.6f}</td></tr>"
            for m in METHODS
        )
        a["text_widget"].value = (
            "<table><tr><th>method</th><th>SSE = &Sigma; d&sup2;</th><th>N(d&#772;&sup2; + Var d)</th>"
            f"<th>distortion d&#772;</th><th>Var d</th></tr>{cells}</table>"
        )


def vq_compare_app(**kwargs):
    """Build a :class:`VQCompareApp` (keyword arguments as its constructor)."""
    return VQCompareApp(**kwargs)
