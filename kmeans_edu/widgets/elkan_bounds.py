"""Elkan's bounds for one point, pass by pass: which distances the triangle inequality lets K-means skip.

:func:`elkan_passes` runs Elkan's loop with the step functions of :mod:`kmeans_edu.elkan` and
keeps, for every assignment pass, the centres and the bounds as the pass saw them.
:func:`explain_point` replays the rule of the pass for one point, in plain Python, and says for
every centre whether its distance was computed or why it was skipped. (Its counts, added over
all points, equal those of the compiled kernel: ``tests/test_widget_elkan_bounds.py`` checks it.)
:class:`ElkanBoundsApp` draws it.
"""

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .._validation import as_float_array
from ..elkan import assign_with_bounds, center_half_distances, center_shifts, init_bounds
from ..plots import label_axes
from ..steps import single_thread, update_centers
from ._common import App, canvas_widget, new_figure

# Why a distance was skipped, or that it was computed (the reasons of explain_point)
COMPUTED = "computed"
OWN_CENTRE = "own centre, bound kept"
SKIP_POINT = "skipped: whole point (u <= half the distance to the nearest other centre)"
SKIP_LOWER = "skipped: u <= lower bound l(x, j)"
SKIP_HALF = "skipped: u <= half the distance between the centres"


@dataclass(frozen=True)
class ElkanPass:
    """What one assignment pass of Elkan's loop started from (the bounds already loosened by the
    last update's shifts) and what it found.

    Attributes
    ----------
    iteration : int
        0 for the first assignment (which sets the bounds), then 1, 2, ... for the passes of the loop.
    centers : ndarray of shape (n_clusters, n_features)
    half_dist : ndarray of shape (n_clusters, n_clusters)
    next_center_dist : ndarray of shape (n_clusters,)
    labels_before, upper_before, lower_before : ndarray
        The bounds the pass started from (None for the first assignment).
    labels, upper, lower : ndarray
        The bounds after the pass.
    n_computed : int
        Distances the pass computed (out of ``n_samples * n_clusters``).
    """

    iteration: int
    centers: np.ndarray
    half_dist: np.ndarray
    next_center_dist: np.ndarray
    labels_before: np.ndarray | None
    upper_before: np.ndarray | None
    lower_before: np.ndarray | None
    labels: np.ndarray
    upper: np.ndarray
    lower: np.ndarray
    n_computed: int


def elkan_passes(X, init, max_iter=10):
    """Elkan's loop from the centres ``init``, keeping every assignment pass (Lloyd's iterations;
    it stops when no label changes or after ``max_iter`` updates).

    Returns
    -------
    list of ElkanPass
    """
    X = as_float_array(X)
    centers = as_float_array(init, "init", dtype=X.dtype).copy()
    w = np.ones(X.shape[0], dtype=X.dtype)
    passes = []
    with single_thread():
        half, nearest = center_half_distances(centers)
        labels, upper, lower, n = init_bounds(X, None, centers, half)
        passes.append(ElkanPass(0, centers, half, nearest, None, None, None, labels.copy(), upper.copy(),
                                lower.copy(), n))  # fmt: skip
        shift = None
        for it in range(1, max_iter + 1):
            new_centers = update_centers(X, labels, centers)[0]
            shift = center_shifts(centers, new_centers)
            centers = new_centers
            half, nearest = center_half_distances(centers)
            # the bounds as this pass sees them: loosened by the shifts (what the kernel does first)
            upper_before = upper + shift[labels]
            lower_before = np.maximum(lower - shift, 0)
            labels_before = labels.copy()
            n = assign_with_bounds(X, None, w, centers, (half, nearest, labels, upper, lower), shift, update=False)[2]
            passes.append(ElkanPass(it, centers, half, nearest, labels_before, upper_before, lower_before,
                                    labels.copy(), upper.copy(), lower.copy(), n))  # fmt: skip
            if np.array_equal(labels, labels_before):
                break
    return passes


def explain_point(X, state, i):
    """For point i in pass ``state``: every centre's fate, in the order the rule looks at them.

    Returns
    -------
    reasons : list of str
        One of the module's reasons per centre (``COMPUTED``, ``SKIP_POINT``, ...).
    n_computed : int
        Distances computed for this point, as the kernel counts them: its own centre's counts when
        the bound is tightened, and counts again if the point moves away and the rule then meets
        that centre as an "other" centre (``reasons`` shows each centre's last fate).
    """
    X = as_float_array(X)
    k = state.centers.shape[0]

    def dist(j):
        return float(np.sqrt(((X[i] - state.centers[j]) ** 2).sum()))

    if state.labels_before is None:  # the first assignment: try centres in order
        reasons = [COMPUTED] + [None] * (k - 1)
        best, best_d = 0, dist(0)
        for j in range(1, k):
            if best_d > state.half_dist[best, j]:
                reasons[j] = COMPUTED
                d = dist(j)
                if d < best_d:
                    best, best_d = j, d
            else:
                reasons[j] = SKIP_HALF
        return reasons, reasons.count(COMPUTED)
    label = int(state.labels_before[i])
    u = float(state.upper_before[i])
    lower = state.lower_before[i].astype(float).copy()
    reasons = [SKIP_POINT] * k
    reasons[label] = OWN_CENTRE
    if state.next_center_dist[label] >= u:
        return reasons, 0
    n, tight = 0, False
    for j in range(k):
        if j == label:
            continue
        if not u > lower[j]:
            reasons[j] = SKIP_LOWER
            continue
        if not u > state.half_dist[label, j]:
            reasons[j] = SKIP_HALF
            continue
        if not tight:
            u = lower[label] = dist(label)
            reasons[label] = COMPUTED
            tight, n = True, n + 1
        if u > lower[j] or u > state.half_dist[label, j]:
            reasons[j] = COMPUTED
            n += 1
            d = lower[j] = dist(j)
            if d < u:
                label, u = j, d
        else:
            reasons[j] = SKIP_LOWER
    return reasons, n


class ElkanBoundsApp(App):
    """One point, its centres and Elkan's bounds, pass by pass.

    Controls: ``iteration`` (the assignment pass) and ``point`` (which row). Left: the data, the
    centres, the chosen point with a circle of radius ``u`` (its upper bound) and a line to every
    centre, solid where the distance was computed and dotted where it was skipped. Right, per
    centre: the lower bound the pass started from, the true distance, and ``u`` as a line.

    ``state`` holds ``passes`` (the :class:`ElkanPass` list), ``pass`` (the shown one),
    ``reasons`` (per centre, from :func:`explain_point`), ``n_computed`` (for this point) and
    ``message``.
    """

    def __init__(self, X, n_clusters=5, *, seed=0, point=0, max_iter=10):
        super().__init__()
        self.X = as_float_array(X)[:, :2]
        rng = np.random.RandomState(seed)
        init = self.X[rng.choice(self.X.shape[0], n_clusters, replace=False)]
        self.state["passes"] = elkan_passes(self.X, init, max_iter)
        c = self.controls
        last = len(self.state["passes"]) - 1
        c["iteration"] = widgets.IntSlider(value=min(2, last), min=0, max=last, description="pass")
        c["point"] = widgets.IntSlider(value=point, min=0, max=self.X.shape[0] - 1, description="point")
        self.status = widgets.HTML()

        self.fig, (ax, ax_bars) = new_figure(1, 2, figsize=(10, 4.2), width_ratios=[1.3, 1])
        self.ax, self.ax_bars = ax, ax_bars
        a = self.artists
        a["points"] = ax.scatter(self.X[:, 0], self.X[:, 1], s=8, c="#BBBBBB", zorder=1)
        a["centers"] = ax.scatter([], [], s=200, marker="X", c="#0072B2", edgecolors="black", zorder=4)
        a["point"] = ax.scatter([], [], s=120, marker="o", c="#D55E00", edgecolors="black", zorder=5)
        (a["circle"],) = ax.plot([], [], "--", color="#D55E00", lw=1.5, label="radius u (upper bound)")
        a["lines"] = [ax.plot([], [], color="black", zorder=3)[0] for _ in range(n_clusters)]
        ax.set_aspect("equal", adjustable="datalim")
        ax.legend(loc="upper right", fontsize=8)
        label_axes(ax, "one point, its centres: solid = computed, dotted = skipped")
        centres = np.arange(n_clusters)
        a["lower"] = ax_bars.bar(centres - 0.2, np.zeros(n_clusters), width=0.4, color="#56B4E9", label="lower bound")
        a["true"] = ax_bars.bar(centres + 0.2, np.zeros(n_clusters), width=0.4, color="#999999", label="true distance")
        a["upper"] = ax_bars.axhline(0, color="#D55E00", ls="--", label="upper bound u")
        ax_bars.set_xticks(centres)
        ax_bars.legend(loc="upper left", fontsize=8)
        label_axes(ax_bars, "bounds of this point per centre", xlabel="centre j", ylabel="distance")
        self.fig.tight_layout()

        for name in ("iteration", "point"):
            c[name].observe(self._timed(self._draw), names="value")
        self._draw()
        self.update_times.clear()
        self._finish(widgets.VBox([widgets.HBox([c["iteration"], c["point"]]), self.status, canvas_widget(self.fig)]))

    def _draw(self, change=None):
        i = self.controls["point"].value
        state = self.state["passes"][self.controls["iteration"].value]
        reasons, n_computed = explain_point(self.X, state, i)
        self.state.update({"pass": state, "reasons": reasons, "n_computed": n_computed})
        x = self.X[i]
        C = state.centers
        a = self.artists
        a["centers"].set_offsets(C)
        a["point"].set_offsets(x[None])
        u = float(state.upper[i] if state.upper_before is None else state.upper_before[i])
        angle = np.linspace(0, 2 * np.pi, 100)
        a["circle"].set_data(x[0] + u * np.cos(angle), x[1] + u * np.sin(angle))
        for j, line in enumerate(a["lines"]):
            line.set_data([x[0], C[j, 0]], [x[1], C[j, 1]])
            line.set_linestyle("-" if reasons[j] == COMPUTED else ":")
            line.set_alpha(1.0 if reasons[j] == COMPUTED else 0.5)
        lower = state.lower[i] if state.lower_before is None else state.lower_before[i]
        true = np.sqrt(((C - x) ** 2).sum(axis=1))
        for bar, value in zip(a["lower"], lower, strict=True):
            bar.set_height(value)
        for bar, value in zip(a["true"], true, strict=True):
            bar.set_height(value)
        a["upper"].set_ydata([u, u])
        self.ax_bars.set_ylim(0, 1.1 * max(true.max(), u))
        k = C.shape[0]
        skipped = k - n_computed
        self.state["message"] = (
            f"pass {state.iteration}, point {i} (cluster {int(state.labels[i])}): {n_computed} of {k} distances "
            f"computed, {skipped} skipped; the whole pass computed {state.n_computed} of {self.X.shape[0] * k}"
        )
        self.status.value = self.state["message"]
