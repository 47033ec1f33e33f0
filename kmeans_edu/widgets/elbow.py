"""Elbow app: change the data and watch the elbow of the SSE curve move, blur or vanish.

Controls: the true number of clusters and their spread (both change the data, so the sweep of
fits is recomputed) and the Kneedle sensitivity ``S`` (only the knee is recomputed). The figure
shows the data coloured by the clustering at the chosen K, the SSE curve with its knee, and the
silhouette curve with its maximum. Behind the SSE curve, on its own right-hand axis, Kneedle's
difference curve and the threshold ``T`` of each of its local maxima: ``T`` drops as ``S`` grows,
so every change of ``S`` moves the threshold marks even when the knee stays put.
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FixedLocator
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_score

from ..choosing_k import _check_ks, find_knee, fit_sweep
from ..plots import LINE_COLORS, plot_points, update_points
from ._common import App, canvas_widget, check_int, check_number, new_figure


class ElbowApp(App):
    """SSE vs K with its Kneedle knee, next to the silhouette vs K, on blobs you control.

    Parameters
    ----------
    n_samples : int, default=200
        Number of points.
    ks : sequence of int, default=range(1, 11)
        The K values of the sweep (must start at 1 or more, end below n_samples).
    n_init : int, default=2
        Runs per K (more runs: a smoother curve, a slower app).
    random_state : int, default=0
        Seed of the data and of the fits.
    centers, spread, S : initial control values.

    Attributes
    ----------
    state : dict
        ``X``, ``y_true``, ``ks``, ``sse``, ``silhouette`` (NaN at K = 1), ``knee`` (a
        :class:`~kmeans_edu.choosing_k.Knee`), ``k_elbow``, ``k_silhouette``, ``k_shown`` (the K
        used to colour the points: the elbow, else the best silhouette) and ``labels``.
    """

    def __init__(self, n_samples=200, ks=range(1, 11), n_init=2, random_state=0, centers=4, spread=0.6, S=1.0):
        super().__init__()
        n_samples = check_int(n_samples, "n_samples", 3)
        self.n_samples = n_samples
        self.ks = np.array(_check_ks(ks, n_samples))
        if self.ks[-1] > n_samples - 1:
            raise ValueError(
                f"ks must be <= n_samples - 1 = {n_samples - 1} (a silhouette needs a second cluster to compare "
                f"with); got {self.ks[-1]}."
            )
        n_init = check_int(n_init, "n_init", 1)
        random_state = check_int(random_state, "random_state", 0)
        centers = check_int(centers, "centers", 1, 7)
        spread = check_number(spread, "spread", 0.2, 4.0)
        S = check_number(S, "S", 0.0, 10.0)
        self.n_init = n_init
        self.random_state = random_state
        self._models = []
        style = {"description_width": "initial"}
        self.controls = {
            "centers": widgets.IntSlider(
                value=centers, min=1, max=7, description="true number of clusters", style=style
            ),
            "spread": widgets.FloatSlider(
                value=spread, min=0.2, max=4.0, step=0.1, description="spread (cluster std)", style=style
            ),
            "S": widgets.FloatSlider(
                value=S, min=0.0, max=10.0, step=0.1, description="Kneedle sensitivity S", style=style
            ),
        }
        self.fig, (ax_data, ax_sse, ax_sil) = new_figure(1, 3, figsize=(12, 3.8))
        # a fixed layout: a constrained one is re-solved at every draw (about half of the redraw time)
        self.fig.subplots_adjust(left=0.06, right=0.985, bottom=0.14, top=0.9, wspace=0.42)
        self._build_artists(ax_data, ax_sse, ax_sil)
        self.status = widgets.HTML()
        self._on_data = self._timed(self._update_data)
        self._on_knee = self._timed(self._update_knee)
        self.controls["centers"].observe(self._on_data, names="value")
        self.controls["spread"].observe(self._on_data, names="value")
        self.controls["S"].observe(self._on_knee, names="value")
        self._update_data()
        self.fig.canvas.draw_idle()
        self._finish(widgets.VBox([widgets.HBox(list(self.controls.values())), canvas_widget(self.fig), self.status]))

    # -- figure ---------------------------------------------------------------------------------
    def _build_artists(self, ax_data, ax_sse, ax_sil):
        a = self.artists
        a["points"] = plot_points(ax_data, np.empty((0, 2)), size=12)
        a["centers"] = ax_data.scatter([], [], s=120, marker="X", c="black", edgecolors="white")
        ax_data.set(xlabel="feature 1", ylabel="feature 2")
        (a["sse"],) = ax_sse.plot([], [], "o-", color=LINE_COLORS["blue"])
        a["knee_line"] = ax_sse.axvline(np.nan, color=LINE_COLORS["vermillion"], ls="--")
        (a["knee_point"],) = ax_sse.plot([], [], "o", ms=12, mfc="none", mec=LINE_COLORS["vermillion"], mew=2)
        ax_sse.set(xlabel="number of clusters K", ylabel="SSE (inertia)", xticks=self.ks)
        # Kneedle's view on a right-hand axis: the difference curve and the thresholds T (move with S)
        ax_diff = ax_sse.twinx()
        (a["difference"],) = ax_diff.plot(
            [], [], ":", color=LINE_COLORS["green"], alpha=0.8, label="Kneedle difference d"
        )
        (a["threshold"],) = ax_diff.plot(
            [], [], "_", color=LINE_COLORS["vermillion"], ms=16, mew=2, label="threshold T (moves with S)"
        )
        # no legend and fixed ticks: this panel must not push a change of S over 100 ms
        ax_diff.set_ylabel("Kneedle: d (dotted), threshold T (dashes)", color=LINE_COLORS["green"])
        ax_diff.yaxis.set_major_locator(FixedLocator([-1.0, -0.5, 0.0, 0.5, 1.0]))
        (a["silhouette"],) = ax_sil.plot([], [], "s-", color=LINE_COLORS["green"])
        (a["sil_best"],) = ax_sil.plot([], [], "s", ms=12, mfc="none", mec=LINE_COLORS["vermillion"], mew=2)
        ax_sil.set(
            xlabel="number of clusters K",
            ylabel="mean silhouette",
            xticks=self.ks,
            title="silhouette (higher is better)",
        )
        ax_sil.set_xlim(self.ks[0] - 0.5, self.ks[-1] + 0.5)
        ax_sse.set_xlim(self.ks[0] - 0.5, self.ks[-1] + 0.5)
        self.axes = {"data": ax_data, "sse": ax_sse, "silhouette": ax_sil, "kneedle": ax_diff}

    # -- updates --------------------------------------------------------------------------------
    def _update_data(self, change=None):
        """New data: new sweep of fits, SSE and silhouette curves, then the knee."""
        c = self.controls
        X, y = make_blobs(
            self.n_samples,
            centers=c["centers"].value,
            cluster_std=c["spread"].value,
            center_box=(-8.0, 8.0),
            random_state=self.random_state,
        )
        self._models = fit_sweep(X, self.ks, random_state=self.random_state, n_init=self.n_init)
        sse = np.array([km.inertia_ for km in self._models])
        sil = np.array([silhouette_score(X, km.labels_) if km.n_clusters > 1 else np.nan for km in self._models])
        self.state.update(X=X, y_true=y, ks=self.ks, sse=sse, silhouette=sil)
        self.state["k_silhouette"] = int(self.ks[np.nanargmax(sil)]) if not np.isnan(sil).all() else None

        a, ax = self.artists, self.axes
        a["points"].set_offsets(X)
        pad = 0.05 * np.ptp(X, axis=0)
        ax["data"].set_xlim(X[:, 0].min() - pad[0], X[:, 0].max() + pad[0])
        ax["data"].set_ylim(X[:, 1].min() - pad[1], X[:, 1].max() + pad[1])
        a["sse"].set_data(self.ks, sse)
        ax["sse"].set_ylim(0, 1.05 * sse.max())
        a["silhouette"].set_data(self.ks, sil)
        ax["silhouette"].set_ylim(min(0.0, np.nanmin(sil) - 0.05), 1.0)
        k_sil = self.state["k_silhouette"]
        if k_sil is None:
            a["sil_best"].set_data([], [])
        else:
            a["sil_best"].set_data([k_sil], [sil[self.ks == k_sil][0]])
        self._update_knee()

    def _update_knee(self, change=None):
        """New sensitivity (or new curve): the knee, its markers, the colouring and the verdict."""
        s = self.state
        knee = find_knee(self.ks, s["sse"], S=self.controls["S"].value)
        k_elbow = None if knee.knee is None else int(knee.knee)
        k_shown = k_elbow if k_elbow is not None else s["k_silhouette"]
        if k_shown is None:
            k_shown = int(self.ks[0])
        model = self._models[int(np.flatnonzero(self.ks == k_shown)[0])]
        s.update(knee=knee, k_elbow=k_elbow, k_shown=k_shown, labels=model.labels_)

        a, ax = self.artists, self.axes
        a["difference"].set_data(self.ks, knee.difference)
        a["threshold"].set_data(self.ks, knee.threshold)
        values = np.concatenate([knee.difference, knee.threshold])
        values = values[np.isfinite(values)]
        low, high = (min(0.0, values.min()), max(1.0, values.max())) if values.size else (0.0, 1.0)
        ax["kneedle"].set_ylim(low - 0.05, high + 0.05)
        update_points(a["points"], model.labels_)
        a["centers"].set_offsets(model.cluster_centers_)
        S = self.controls["S"].value
        if k_elbow is None:
            a["knee_line"].set_xdata([np.nan, np.nan])
            a["knee_point"].set_data([], [])
            ax["sse"].set_title(f"SSE: no elbow found (S = {S:.1f})")
        else:
            a["knee_line"].set_xdata([k_elbow, k_elbow])
            a["knee_point"].set_data([k_elbow], [knee.knee_y])
            ax["sse"].set_title(f"SSE: elbow at K = {k_elbow} (S = {S:.1f})")
        which = "elbow" if k_elbow is not None else "best silhouette"
        ax["data"].set_title(f"data, {self.controls['centers'].value} true clusters; K = {k_shown} ({which})")
        self.status.value = self.verdict()

    def verdict(self):
        """One line saying what the elbow and the silhouette pick, and whether they agree."""
        s = self.state
        elbow = (
            f"elbow at <b>K = {s['k_elbow']}</b>"
            if s["k_elbow"] is not None
            else f"<b>no elbow</b> ({s['knee'].reason})"
        )
        sil = f"best silhouette at <b>K = {s['k_silhouette']}</b>"
        agree = s["k_elbow"] is not None and s["k_elbow"] == s["k_silhouette"]
        tail = "they agree." if agree else "they <b>disagree</b>: the elbow alone is not enough."
        return f"Kneedle sensitivity S = {self.controls['S'].value:.1f}: {elbow}; {sil}; {tail}"


def elbow_app(**kwargs):
    """Build an :class:`ElbowApp` (keyword arguments as for the class)."""
    return ElbowApp(**kwargs)
