"""Where K-means goes wrong (notebook 02): local optima, outliers, non-convex clusters.

* :class:`LocalOptimaApp`: one run per init method and seed, against the distribution of the
  final SSE over many seeds (:func:`final_sse_over_seeds`);
* :class:`OutlierApp`: add or move a group of outliers and watch the K-means centroids drift,
  next to k-medians (``metric='manhattan'``), which barely moves;
* :class:`NonConvexApp`: K-means next to a method that suits the shape (spectral clustering,
  DBSCAN or a Gaussian mixture).
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection
from sklearn.cluster import DBSCAN, SpectralClustering
from sklearn.metrics import adjusted_rand_score
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_limits

from .. import datasets
from .._validation import as_float_array
from ..estimator import KMeans
from ..init import kmeans_plusplus
from ..plots import (
    data_extent,
    label_axes,
    plot_centers,
    plot_points,
    plot_voronoi,
    update_points,
    update_voronoi,
)
from ..steps import lloyd, single_thread
from ._common import App, canvas_widget, check_choice, check_int, check_number, check_points, new_figure


def final_sse_over_seeds(X, n_clusters, init, seeds):
    """Final SSE (``inertia_``) of one K-means run per seed.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_clusters : int
    init : {'k-means++', 'random'} or callable
        As for :class:`kmeans_edu.KMeans`.
    seeds : iterable of int
        One run (``n_init=1``) with ``random_state=seed`` for each.

    Returns
    -------
    ndarray of shape (len(seeds),)
        The SSE each run ended with; different values are different local optima.
    """
    X = as_float_array(X)
    with single_thread():  # many tiny fits: threads only add overhead
        return np.array([KMeans(n_clusters, init=init, n_init=1, random_state=int(s)).fit(X).inertia_ for s in seeds])


class LocalOptimaApp(App):
    """One K-means run for a chosen init method and seed, against the SSE of many seeds.

    Controls: ``init`` ('random' or 'k-means++') and ``seed``. The left panel shows the run's
    clusters; the right one the histograms of the final SSE over ``n_seeds`` seeds for both
    methods (computed once), with a line at this run's SSE.

    ``state``: ``sse`` (this run), ``labels``, ``centers``, ``distributions`` (init -> SSE per seed),
    ``best`` (the lowest SSE seen) and ``is_best``.
    """

    METHODS = ("random", "k-means++")

    def __init__(self, X, n_clusters, *, n_seeds=100, seed=0):
        super().__init__()
        self.X = check_points(X)
        n_clusters = check_int(n_clusters, "n_clusters", 1, self.X.shape[0])
        n_seeds = check_int(n_seeds, "n_seeds", 1)
        seed = check_int(seed, "seed", 0, n_seeds - 1)
        self.k = n_clusters
        c = self.controls
        c["init"] = widgets.ToggleButtons(options=self.METHODS, value="random", description="init")
        c["seed"] = widgets.IntSlider(value=seed, min=0, max=n_seeds - 1, description="seed")
        self.status = widgets.HTML()
        dist = {m: final_sse_over_seeds(self.X, n_clusters, m, range(n_seeds)) for m in self.METHODS}
        self.state["distributions"] = dist
        self.state["best"] = float(min(d.min() for d in dist.values()))

        self.fig, (ax, ax_hist) = new_figure(1, 2, figsize=(10, 4.2))
        self.ax = ax
        a = self.artists
        extent = data_extent(self.X)
        a["voronoi"] = plot_voronoi(ax, self.X[:n_clusters], extent, resolution=100)
        a["points"] = plot_points(ax, self.X)
        a["centers"] = plot_centers(ax, self.X[:n_clusters])
        ax.set(xlim=extent[:2], ylim=extent[2:])
        label_axes(ax, "one run")
        bins = np.histogram_bin_edges(np.concatenate(list(dist.values())), bins=25)
        for m, color in zip(self.METHODS, ("#E69F00", "#0072B2"), strict=True):
            ax_hist.hist(dist[m], bins=bins, alpha=0.6, color=color, label=f"init='{m}'")
        a["now"] = ax_hist.axvline(dist["random"][0], color="black", lw=2, label="this run")
        ax_hist.legend()
        label_axes(ax_hist, f"final SSE over {n_seeds} seeds (k={n_clusters})", xlabel="final SSE", ylabel="runs")
        self.fig.tight_layout()
        for name in ("init", "seed"):
            c[name].observe(self._timed(self._update), names="value")
        self._update()
        self.update_times.clear()
        self._finish(widgets.VBox([widgets.HBox([c["init"], c["seed"]]), self.status, canvas_widget(self.fig)]))

    def _update(self, change=None):
        init, seed = self.controls["init"].value, self.controls["seed"].value
        with single_thread():
            km = KMeans(self.k, init=init, n_init=1, random_state=seed).fit(self.X)
        sse = float(km.inertia_)
        is_best = sse <= self.state["best"] * (1 + 1e-9)
        self.state.update(sse=sse, labels=km.labels_, centers=km.cluster_centers_, is_best=is_best)
        a = self.artists
        update_points(a["points"], km.labels_)
        a["centers"].set_offsets(km.cluster_centers_)
        with single_thread():
            update_voronoi(a["voronoi"], km.cluster_centers_)
        a["now"].set_xdata([sse, sse])
        verdict = "the best SSE seen" if is_best else f"{sse / self.state['best'] - 1:.1%} above the best seen"
        self.ax.set_title(f"init='{init}', seed={seed}: SSE {sse:.2f}")
        share = np.mean(self.state["distributions"][init] <= self.state["best"] * (1 + 1e-9))
        self.status.value = (
            f"SSE {sse:.2f}: {verdict} ({self.state['best']:.2f}). "
            f"init='{init}' reaches the best in {share:.0%} of the seeds."
        )


class OutlierApp(App):
    """Add or move a group of outliers; compare K-means (mean) with k-medians (median).

    Controls: ``n_outliers``, ``distance`` (from the data's mean) and ``angle`` (degrees). Both
    panels start Lloyd's loop from the centres found *without* outliers, so what you see is the
    pull of the outliers. Hollow markers: centres without outliers; filled: with them; the black
    segments are the drift.

    ``state``: ``X`` (current data), ``clean_centers`` and ``centers`` (metric -> array),
    ``drift`` (metric -> largest centre move), ``labels`` (metric -> labels).
    """

    METRICS = ("euclidean", "manhattan")
    TITLES = {"euclidean": "K-means (mean)", "manhattan": "k-medians ('manhattan')"}

    def __init__(self, n=150, k=3, *, n_outliers=5, distance=25.0, angle=45.0, seed=0):
        super().__init__()
        n = check_int(n, "n", 2)
        k = check_int(k, "k", 1, n)
        n_outliers = check_int(n_outliers, "n_outliers", 0, 30)
        distance = check_number(distance, "distance", 0.0, 60.0)
        angle = check_number(angle, "angle", 0.0, 360.0)
        seed = check_int(seed, "seed", 0)
        self.k, self.n, self.seed = k, n, seed
        c = self.controls
        c["n_outliers"] = widgets.IntSlider(value=n_outliers, min=0, max=30, description="outliers")
        c["distance"] = widgets.FloatSlider(value=distance, min=0.0, max=60.0, step=1.0, description="distance")
        c["angle"] = widgets.FloatSlider(value=angle, min=0.0, max=360.0, step=5.0, description="angle (deg)")
        self.status = widgets.HTML()

        clean, _ = datasets.blobs(n, k, 1.0, seed)
        with single_thread():
            start = kmeans_plusplus(clean, k, random_state=seed)[0]
            self.state["clean_centers"] = {m: lloyd(clean, start, metric=m).centers for m in self.METRICS}
        self.fig, axes = new_figure(1, 2, figsize=(10, 4.4), sharex=True, sharey=True)
        self.axes = dict(zip(self.METRICS, axes, strict=True))
        a = self.artists
        for m, ax in self.axes.items():
            a[f"points_{m}"] = plot_points(ax, clean)
            a[f"clean_{m}"] = plot_centers(ax, self.state["clean_centers"][m], facecolors="none")
            a[f"centers_{m}"] = plot_centers(ax, self.state["clean_centers"][m])
            a[f"drift_{m}"] = LineCollection([], colors="black", linewidths=2, zorder=5)
            ax.add_collection(a[f"drift_{m}"])
            ax.set_aspect("equal")
            label_axes(ax, self.TITLES[m])
        self.fig.tight_layout()
        for name in ("n_outliers", "distance", "angle"):
            c[name].observe(self._timed(self._update), names="value")
        self._update()
        self.update_times.clear()
        row = widgets.HBox([c["n_outliers"], c["distance"], c["angle"]])
        self._finish(widgets.VBox([row, self.status, canvas_widget(self.fig)]))

    def _update(self, change=None):
        c = self.controls
        X, y = datasets.with_outliers(
            self.n, self.k, c["n_outliers"].value, distance=c["distance"].value, angle=c["angle"].value, seed=self.seed
        )
        self.state.update(X=X, y=y, centers={}, drift={}, labels={})
        xmin, xmax, ymin, ymax = data_extent(X)  # a square view of all the data, outliers included
        half = 0.5 * max(xmax - xmin, ymax - ymin)
        mid = (0.5 * (xmin + xmax), 0.5 * (ymin + ymax))
        self.axes["euclidean"].set(xlim=(mid[0] - half, mid[0] + half), ylim=(mid[1] - half, mid[1] + half))
        a = self.artists
        for m in self.METRICS:
            clean = self.state["clean_centers"][m]
            with single_thread():
                result = lloyd(X, clean, metric=m)
            drift = np.linalg.norm(result.centers - clean, axis=1)
            self.state["centers"][m], self.state["labels"][m] = result.centers, result.labels
            self.state["drift"][m] = float(drift.max())
            update_points(a[f"points_{m}"], result.labels, X=X)
            a[f"centers_{m}"].set_offsets(result.centers)
            a[f"drift_{m}"].set_segments(list(np.stack([clean, result.centers], axis=1)))
            self.axes[m].set_title(f"{self.TITLES[m]}: drift {drift.max():.2f}")
        d = self.state["drift"]
        self.status.value = (
            f"{c['n_outliers'].value} outlier(s) at distance {c['distance'].value:g}: the K-means centres moved up to "
            f"<b>{d['euclidean']:.2f}</b>, the k-medians centres up to <b>{d['manhattan']:.2f}</b>."
        )


def _alternative(name, X, seed):
    """A clustering method that suits the shape, its short name, and its labels."""
    if name == "circles":
        model = SpectralClustering(2, affinity="nearest_neighbors", n_neighbors=15, random_state=seed)
        return "spectral clustering (k-NN graph)", model.fit_predict(X)
    if name == "moons":
        return "DBSCAN (eps=0.2)", DBSCAN(eps=0.2).fit_predict(X)
    if name == "uniform":  # eps ~ 3 typical gaps between neighbours in the unit square: one dense blob
        eps = 3.0 / np.sqrt(X.shape[0])
        return f"DBSCAN (eps={eps:.2f})", DBSCAN(eps=eps, min_samples=5).fit_predict(X)
    model = GaussianMixture(3, covariance_type="full", n_init=3, random_state=seed)
    return "Gaussian mixture (full covariance)", model.fit(X).predict(X)


class NonConvexApp(App):
    """K-means next to a method that copes, on shapes that break K-means' assumptions.

    Control: ``shape`` (from :data:`kmeans_edu.datasets.SHAPES`). Both clusterings of every
    shape are computed once, at construction; a change only redraws. The titles give the
    adjusted Rand index (ARI) against the true groups: 1 is perfect, 0 is chance.

    ``state``: ``shape``, ``X``, ``y`` and ``results`` (shape -> dict with ``kmeans`` and
    ``other`` labels, ``other_name`` and both ``ari``).
    """

    SHAPES = ("circles", "moons", "anisotropic", "unequal_variance", "unequal_size", "uniform")

    def __init__(self, n=300, *, shape="circles", seed=0):
        super().__init__()
        n = check_int(n, "n", 20)  # every shape must leave a few points per cluster
        check_choice(shape, "shape", self.SHAPES)
        seed = check_int(seed, "seed", 0)
        self.state["results"] = {}
        with threadpool_limits(1), single_thread():  # tiny problems: threads only add overhead
            for name in self.SHAPES:
                self._fit_shape(name, n, seed)
        c = self.controls
        c["shape"] = widgets.Dropdown(options=self.SHAPES, value=shape, description="shape")
        self.fig, (ax1, ax2) = new_figure(1, 2, figsize=(10, 4.2))
        self.ax1, self.ax2 = ax1, ax2
        X = self.state["results"][shape]["X"]
        self.artists["kmeans"] = plot_points(ax1, X)
        self.artists["other"] = plot_points(ax2, X)
        for ax in (ax1, ax2):
            label_axes(ax, "")
        # A fixed layout: tight_layout() measured against a canvas the browser has not sized yet
        # left this figure blank (0 x 0) in JupyterLab in about half of the browser-test runs.
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.9, wspace=0.25)
        c["shape"].observe(self._timed(self._update), names="value")
        self._update()
        self.update_times.clear()
        self._finish(widgets.VBox([c["shape"], canvas_widget(self.fig)]))

    def _fit_shape(self, name, n, seed):
        X, y = datasets.shapes(name, n, seed)
        k = 3 if name == "uniform" else len(np.unique(y))  # K-means happily cuts noise into 3 "clusters"
        km = KMeans(k, n_init=10, random_state=seed).fit(X)
        other_name, other = _alternative(name, X, seed)
        self.state["results"][name] = {
            "X": X,
            "y": y,
            "kmeans": km.labels_,
            "other": other,
            "other_name": other_name,
            "ari_kmeans": adjusted_rand_score(y, km.labels_),
            "ari_other": adjusted_rand_score(y, other),
        }

    def _update(self, change=None):
        name = self.controls["shape"].value
        r = self.state["results"][name]
        self.state.update(shape=name, X=r["X"], y=r["y"])
        update_points(self.artists["kmeans"], r["kmeans"], X=r["X"])
        update_points(self.artists["other"], r["other"], X=r["X"])
        xmin, xmax, ymin, ymax = data_extent(r["X"])
        for ax in (self.ax1, self.ax2):
            ax.set(xlim=(xmin, xmax), ylim=(ymin, ymax))
        self.ax1.set_title(f"K-means on '{name}': ARI {r['ari_kmeans']:.2f}")
        self.ax2.set_title(f"{r['other_name']}: ARI {r['ari_other']:.2f}")
