r"""Distance measures app: each metric with its own centre update, and what goes wrong without it.

Pick a metric and a data set; the app runs Lloyd's loop from the same initial centres and shows
the clustering and the objective after every half-step (assign, update, assign, ...):

* ``euclidean``: squared Euclidean assignment + **mean** (k-means);
* ``manhattan``: L1 assignment + coordinate-wise **median** (k-medians);
* ``cosine``: cosine assignment + **normalised mean** (spherical k-means);
* ``manhattan + mean (mismatch)``: L1 assignment + mean update, what a library does when it
  accepts a distance but keeps the mean. The L1 objective can then go **up**.

With a matching update the trace never rises: the assignment picks the nearest centre, and the
update picks the point that minimises the cluster's sum of distances.
"""

import ipywidgets as widgets
import numpy as np
from sklearn.datasets import make_blobs

from ..plots import LINE_COLORS, plot_points, update_points
from ..steps import assign_labels, lloyd, objective, update_centers
from ._common import App, canvas_widget, check_choice, check_int, new_figure

METHODS = {
    "euclidean": ("euclidean", "euclidean"),
    "manhattan": ("manhattan", "manhattan"),
    "cosine": ("cosine", "cosine"),
    "manhattan + mean (mismatch)": ("manhattan", "euclidean"),
}
"""Method name -> (distance used to assign and to score, metric whose centre update is used)."""

DATASETS = ("blobs", "blobs with outliers", "directions")

OBJECTIVE_NAME = {
    "euclidean": "SSE (sum of squared distances)",
    "manhattan": "sum of L1 distances",
    "cosine": "sum of cosine distances",
}


def make_data(name, n_samples=150, random_state=0):
    """Small 2-D data sets for the app.

    Parameters
    ----------
    name : {'blobs', 'blobs with outliers', 'directions'}
        ``'blobs'``: three Gaussian blobs; ``'blobs with outliers'``: the same plus 10 far-away
        points; ``'directions'``: three rays from the origin (points with similar *directions* but
        very different lengths: the case cosine distance is made for).
    n_samples : int, default=150
    random_state : int, default=0

    Returns
    -------
    ndarray of shape (n_samples, 2) (plus 10 rows for the outliers)
    """
    if name not in DATASETS:
        raise ValueError(f"name must be one of {DATASETS}; got {name!r}.")
    rng = np.random.default_rng(random_state)
    if name == "directions":
        angles = np.array([0.3, 1.3, 2.6])[rng.integers(0, 3, n_samples)] + 0.12 * rng.standard_normal(n_samples)
        radii = rng.uniform(1.0, 10.0, n_samples)
        return np.column_stack([radii * np.cos(angles), radii * np.sin(angles)])
    X, _ = make_blobs(n_samples, centers=[[-4, 0], [3, 3], [3, -3]], cluster_std=1.0, random_state=random_state)
    if name == "blobs with outliers":
        X = np.vstack([X, rng.uniform(-4, 4, (10, 2)) + [18.0, 0.0]])
    return X


def mismatched_lloyd(X, init, *, assign_metric="manhattan", update_metric="euclidean", max_iter=30):
    """Lloyd's loop with an assignment distance and a centre update that do not belong together.

    Each half-step is scored with the assignment's objective (e.g. the sum of L1 distances).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    init : array-like of shape (n_clusters, n_features)
    assign_metric, update_metric : {'euclidean', 'manhattan', 'cosine'}
        Distance used to assign the points; metric whose centre update is used.
    max_iter : int, default=30
        The loop also stops when no label changes.

    Returns
    -------
    labels : ndarray of shape (n_samples,)
    centers : ndarray of shape (n_clusters, n_features)
    trace : list of (str, float)
        ``('assign' | 'update', objective)`` after every half-step.
    """
    centers = np.asarray(init, dtype=np.float64)
    labels_old, trace = None, []
    for _ in range(max_iter):
        labels, _ = assign_labels(X, centers, metric=assign_metric)
        trace.append(("assign", objective(X, labels, centers, metric=assign_metric)))
        if labels_old is not None and np.array_equal(labels, labels_old):
            break
        centers, _ = update_centers(X, labels, centers, metric=update_metric)
        trace.append(("update", objective(X, labels, centers, metric=assign_metric)))
        labels_old = labels
    return labels, centers, trace


def run_method(X, method, init, *, max_iter=30):
    """Run one of :data:`METHODS` from ``init``; return labels, centres, kinds and objective trace.

    Returns
    -------
    dict
        ``labels``, ``centers``, ``kinds`` (list of 'assign'/'update'), ``objective`` (ndarray,
        the objective of the assignment metric after every half-step) and ``rises`` (indices of
        half-steps where the objective went up by more than rounding).
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {tuple(METHODS)}; got {method!r}.")
    assign_metric, update_metric = METHODS[method]
    if assign_metric == update_metric:
        result = lloyd(X, init, metric=assign_metric, max_iter=max_iter, tol=0.0, record_history=True)
        labels, centers = result.labels, result.centers
        trace = [(h.kind, h.objective) for h in result.history]
    else:
        labels, centers, trace = mismatched_lloyd(
            X, init, assign_metric=assign_metric, update_metric=update_metric, max_iter=max_iter
        )
    values = np.array([v for _, v in trace])
    rises = np.flatnonzero(np.diff(values) > 1e-9 * max(1.0, abs(values[0]))) + 1
    return {
        "labels": labels,
        "centers": centers,
        "kinds": [kind for kind, _ in trace],
        "objective": values,
        "rises": rises,
    }


class MetricsApp(App):
    """Metric dropdown + data dropdown + K: the clustering and the objective after each half-step.

    Parameters
    ----------
    n_samples : int, default=150
    random_state : int, default=0
        Seed of the data and of the initial centres (the same K rows for every method).
    metric, data, k : initial control values.

    Attributes
    ----------
    state : dict
        ``X``, ``init``, ``method``, ``labels``, ``centers``, ``kinds``, ``objective``, ``rises``.
    """

    def __init__(self, n_samples=150, random_state=0, metric="euclidean", data="blobs", k=3):
        super().__init__()
        n_samples = check_int(n_samples, "n_samples", 6)  # the K slider goes up to 6
        check_choice(metric, "metric", METHODS)
        check_choice(data, "data", DATASETS)
        k = check_int(k, "k", 2, 6)
        self.n_samples = n_samples
        self.random_state = random_state
        self.controls = {
            "metric": widgets.Dropdown(options=list(METHODS), value=metric, description="metric"),
            "data": widgets.Dropdown(options=list(DATASETS), value=data, description="data"),
            "k": widgets.IntSlider(value=k, min=2, max=6, description="K"),
        }
        self.fig, (ax_data, ax_obj) = new_figure(1, 2, figsize=(10, 4))
        self.fig.subplots_adjust(left=0.08, right=0.98, bottom=0.13, top=0.91, wspace=0.3)  # fixed: fast redraws
        a = self.artists
        a["points"] = plot_points(ax_data, np.empty((0, 2)), size=14)
        a["centers"] = ax_data.scatter([], [], s=160, marker="X", c="black", edgecolors="white")
        (a["rays"],) = ax_data.plot([], [], "k--", lw=1)
        ax_data.set(xlabel="feature 1", ylabel="feature 2")
        (a["objective"],) = ax_obj.plot([], [], "o-", color=LINE_COLORS["blue"], ms=4, label="after each half-step")
        (a["rises"],) = ax_obj.plot([], [], "o", color=LINE_COLORS["vermillion"], ms=9, label="objective went UP")
        ax_obj.set(xlabel="half-step (assign, update, assign, ...)")
        ax_obj.legend(loc="upper right")
        self.axes = {"data": ax_data, "objective": ax_obj}
        self.status = widgets.HTML()
        self._on_data = self._timed(self._update_data)
        self._on_method = self._timed(self._update_method)
        self.controls["data"].observe(self._on_data, names="value")
        self.controls["k"].observe(self._on_data, names="value")
        self.controls["metric"].observe(self._on_method, names="value")
        self._update_data()
        self._finish(widgets.VBox([widgets.HBox(list(self.controls.values())), canvas_widget(self.fig), self.status]))

    def _update_data(self, change=None):
        """New data or K: new points and initial centres, then rerun the method."""
        X = make_data(self.controls["data"].value, self.n_samples, self.random_state)
        rng = np.random.default_rng(self.random_state)
        init = X[rng.choice(X.shape[0], self.controls["k"].value, replace=False)]
        self.state.update(X=X, init=init)
        ax = self.axes["data"]
        self.artists["points"].set_offsets(X)
        lo, hi = X.min(axis=0), X.max(axis=0)
        pad = 0.05 * (hi - lo)
        ax.set_xlim(min(lo[0] - pad[0], -0.5), hi[0] + pad[0])
        ax.set_ylim(min(lo[1] - pad[1], -0.5), hi[1] + pad[1])
        self._update_method()

    def _update_method(self, change=None):
        """New metric: rerun Lloyd's loop from the same initial centres, redraw."""
        s, a, ax = self.state, self.artists, self.axes
        method = self.controls["metric"].value
        s.update(method=method, **run_method(s["X"], method, s["init"]))
        assign_metric = METHODS[method][0]
        update_points(a["points"], s["labels"])
        centers = s["centers"]
        if assign_metric == "cosine":  # a cosine centre is a direction: draw it as a ray, at the data's scale
            radius = np.median(np.linalg.norm(s["X"], axis=1))
            centers = centers / np.linalg.norm(centers, axis=1, keepdims=True) * radius
            far = 3 * centers
            xs = np.column_stack([np.zeros(len(far)), far[:, 0], np.full(len(far), np.nan)]).ravel()
            ys = np.column_stack([np.zeros(len(far)), far[:, 1], np.full(len(far), np.nan)]).ravel()
            a["rays"].set_data(xs, ys)
        else:
            a["rays"].set_data([], [])
        a["centers"].set_offsets(centers)
        steps = np.arange(len(s["objective"]))
        a["objective"].set_data(steps, s["objective"])
        a["rises"].set_data(steps[s["rises"]], s["objective"][s["rises"]])
        lo, hi = s["objective"].min(), s["objective"].max()
        pad = 0.05 * (hi - lo) if hi > lo else 0.05 * max(abs(hi), 1.0)
        ax["objective"].set_xlim(-0.5, max(len(steps) - 0.5, 1.5))
        ax["objective"].set_ylim(lo - pad, hi + pad)
        ax["objective"].set_ylabel(OBJECTIVE_NAME[assign_metric])
        if len(s["rises"]):
            verdict = f"objective went UP at {len(s['rises'])} half-step(s)"
        else:
            verdict = "objective never went up"
        ax["objective"].set_title(verdict)
        ax["data"].set_title(f"{method}: {self.controls['data'].value}, K = {self.controls['k'].value}")
        update = {"euclidean": "mean", "manhattan": "median", "cosine": "normalised mean"}[METHODS[method][1]]
        self.status.value = (
            f"assign by <b>{assign_metric}</b> distance, update with the <b>{update}</b>: "
            f"{verdict}; final objective {s['objective'][-1]:.4f}."
        )


def metrics_app(**kwargs):
    """Build a :class:`MetricsApp` (keyword arguments as for the class)."""
    return MetricsApp(**kwargs)
