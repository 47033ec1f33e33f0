r"""k-means++ seeding, one pick at a time (notebook 04).

:func:`kmeanspp_steps` replays :func:`kmeans_edu.kmeans_plusplus` pick by pick and returns, for
every centre, the probabilities it was drawn with, the candidates of the greedy variant and
the one that was kept: with the same ``random_state`` it picks exactly the same rows.
:func:`farthest_point_init` is the deterministic "farthest-first" start, for comparison.
:class:`KMeansPlusPlusApp` draws the :math:`D(x)^2` probabilities as a heat map and steps
through the picks.
"""

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from sklearn.utils import check_random_state

from .._validation import as_float_array, check_n_clusters, check_sample_weight
from ..init import _kmeans_plusplus, check_n_local_trials
from ..plots import data_extent, label_axes, label_colors, plot_trace
from ..steps import single_thread
from ._common import App, canvas_widget, check_int, check_points, k_slider_max, new_figure
from .animation import save_animation, save_button


@dataclass(frozen=True)
class PlusPlusPick:
    r"""What happened at one pick of k-means++.

    Attributes
    ----------
    step : int
        Which centre this is (0 = the first).
    probabilities : ndarray of shape (n_samples,)
        The chance of every row to be drawn: :math:`w_i / \sum w` for the first centre,
        :math:`w_i D(x_i)^2 / \sum_j w_j D(x_j)^2` afterwards.
    candidates : ndarray of shape (n_candidates,)
        Rows drawn with those probabilities (one for the first pick; ``n_local_trials`` after).
    candidate_potentials : ndarray of shape (n_candidates,)
        The potential :math:`\sum_i w_i \min(D(x_i)^2, \lVert x_i - c\rVert^2)` if candidate c were kept.
    chosen : int
        The row kept: the candidate with the smallest potential (the greedy rule).
    potential : float
        The potential after this pick: the SSE of the data to the centres chosen so far.
    """

    step: int
    probabilities: np.ndarray
    candidates: np.ndarray
    candidate_potentials: np.ndarray
    chosen: int
    potential: float


def kmeanspp_steps(X, n_clusters, *, sample_weight=None, random_state=None, n_local_trials=None):
    """Replay greedy k-means++ and return every pick with its probabilities and candidates.

    The same random draws, in the same order, as :func:`kmeans_edu.kmeans_plusplus` (and so
    as :func:`sklearn.cluster.kmeans_plusplus`): ``[p.chosen for p in steps]`` equals the
    ``indices`` those functions return for the same ``random_state``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_clusters : int
    sample_weight : array-like of shape (n_samples,), default=None
    random_state : int, RandomState instance or None, default=None
    n_local_trials : int, default=None
        Candidates per pick after the first; None means scikit-learn's ``2 + int(ln k)``.
        ``1`` is the original (non-greedy) k-means++ of Arthur & Vassilvitskii.

    Returns
    -------
    list of PlusPlusPick
        One per centre.

    Examples
    --------
    >>> from kmeans_edu import kmeans_plusplus
    >>> from kmeans_edu.datasets import six_points
    >>> steps = kmeanspp_steps(six_points(), 2, random_state=0)
    >>> [p.chosen for p in steps], kmeans_plusplus(six_points(), 2, random_state=0)[1].tolist()
    ([3, 2], [3, 2])
    """
    X = as_float_array(X)
    n_clusters = check_n_clusters(n_clusters, X.shape[0])
    w = check_sample_weight(sample_weight, X.shape[0], X.dtype)
    picks = []

    def record(step, draw_weights, candidates, candidate_potentials, chosen, potential):
        total = draw_weights.sum()  # all zero once every distinct point is a centre
        probabilities = draw_weights / total if total > 0 else np.full(X.shape[0], 1.0 / X.shape[0])
        picks.append(
            PlusPlusPick(step, probabilities, candidates.copy(), candidate_potentials.copy(), chosen, potential)
        )

    # The library's own k-means++, reporting every pick: the same draws, hence the same rows.
    with single_thread():
        _kmeans_plusplus(
            X, n_clusters, w, check_random_state(random_state), check_n_local_trials(n_local_trials), record
        )
    return picks


def farthest_point_init(X, n_clusters, random_state=None):
    """Farthest-first start: a random first row, then always the row farthest from the chosen ones.

    Deterministic after the first pick and very sensitive to outliers (they are, by
    definition, the farthest points). Usable as ``KMeans(init=farthest_point_init)``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_clusters : int
    random_state : int, RandomState instance or None, default=None
        Draws the first row.

    Returns
    -------
    ndarray of shape (n_clusters, n_features)
        The chosen rows.
    """
    X = as_float_array(X)
    n_clusters = check_n_clusters(n_clusters, X.shape[0])
    rng = check_random_state(random_state)
    chosen = [int(rng.randint(X.shape[0]))]
    closest_sq = ((X - X[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, n_clusters):
        chosen.append(int(np.argmax(closest_sq)))
        closest_sq = np.minimum(closest_sq, ((X - X[chosen[-1]]) ** 2).sum(axis=1))
    return X[chosen]


class KMeansPlusPlusApp(App):
    """Step through the picks of k-means++ and see the :math:`D(x)^2` probabilities.

    Controls: ``pick`` (which centre), ``seed`` (random_state), ``k`` (number of centres) and
    ``greedy`` (scikit-learn's 2 + ln k candidates per pick, or the original single draw).
    Points are coloured and sized by their probability to be drawn at this pick; the centres
    chosen before are big crosses, the candidates are black rings and the kept one is a star.

    ``state`` holds ``picks`` (the :class:`PlusPlusPick` list), ``indices`` (all chosen rows),
    ``pick`` (the shown :class:`PlusPlusPick`) and ``message``.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    n_clusters : int, default=4
        In [2, max_clusters].
    seed : int, default=0
        In [0, max_seed].
    max_clusters : int, default=None
        Top of the k slider, at most the number of points; None means 8, or the number of points
        if that is smaller.
    max_seed : int, default=50
    """

    def __init__(self, X, n_clusters=4, *, seed=0, max_clusters=None, max_seed=50):
        super().__init__()
        self.X = check_points(X)
        max_clusters = k_slider_max(max_clusters, self.X.shape[0], 8)
        n_clusters = check_int(n_clusters, "n_clusters", 2, max_clusters)
        max_seed = check_int(max_seed, "max_seed", 0)
        seed = check_int(seed, "seed", 0, max_seed)
        c = self.controls
        c["k"] = widgets.IntSlider(value=n_clusters, min=2, max=max_clusters, description="k")
        c["seed"] = widgets.IntSlider(value=seed, min=0, max=max_seed, description="random_state")
        c["greedy"] = widgets.Checkbox(value=True, description="greedy (2 + ln k candidates)")
        c["pick"] = widgets.IntSlider(value=0, min=0, max=n_clusters - 1, description="pick")
        self.status = widgets.HTML()
        c["save"] = save_button(self, "kmeanspp_picks")

        self.fig, (ax, ax_pot) = new_figure(1, 2, figsize=(10, 4.2), width_ratios=[1.6, 1])
        self.ax, self.ax_pot = ax, ax_pot
        xmin, xmax, ymin, ymax = data_extent(self.X)
        ax.set(xlim=(xmin, xmax), ylim=(ymin, ymax))
        a = self.artists
        a["points"] = ax.scatter(self.X[:, 0], self.X[:, 1], s=12, c=np.zeros(len(self.X)), cmap="viridis", zorder=2)
        self.fig.colorbar(a["points"], ax=ax, label="probability of being drawn")
        a["centers"] = ax.scatter([], [], s=240, marker="X", edgecolors="black", linewidths=1.5, zorder=4)
        a["candidates"] = ax.scatter([], [], s=230, facecolors="none", edgecolors="black", linewidths=1.5, zorder=3)
        a["chosen"] = ax.scatter([], [], s=420, marker="*", c="#D55E00", edgecolors="black", zorder=5)
        label_axes(ax, "k-means++: probability of each point at this pick")
        a["potential"] = plot_trace(ax_pot, [np.nan], xs=[0], label="potential (SSE of the seeds)")
        (a["current"],) = ax_pot.plot([], [], "o", ms=12, mfc="none", mec="#D55E00", mew=2)
        label_axes(ax_pot, "SSE after each pick", xlabel="pick", ylabel="potential (SSE of the seeds)")
        self.fig.tight_layout()

        for name in ("k", "seed", "greedy"):
            c[name].observe(self._timed(self._recompute), names="value")
        c["pick"].observe(self._timed(self._draw), names="value")
        self._recompute()
        self._draw()
        self.update_times.clear()
        rows = [
            widgets.HBox([c["k"], c["seed"], c["greedy"]]),
            widgets.HBox([c["pick"], c["save"]]),
            self.status,
            canvas_widget(self.fig),
        ]
        self._finish(widgets.VBox(rows))

    def animation_steps(self):
        """The control and values that walk through the run: ``'pick'``, one per centre (0, 1, ...)."""
        return "pick", range(len(self.state["picks"]))

    def save_animation(self, path, interval_ms=700):
        """Save the picks shown, one frame per pick, as ``.gif`` or ``.html``.

        See :func:`kmeans_edu.widgets.animation.save_animation`; the "save GIF + HTML" button
        does the same into ``kmeanspp_picks.gif`` and ``kmeanspp_picks.html``.
        """
        return save_animation(self, path, interval_ms)

    def _recompute(self, change=None):
        k = self.controls["k"].value
        trials = None if self.controls["greedy"].value else 1
        with single_thread():
            picks = kmeanspp_steps(self.X, k, random_state=self.controls["seed"].value, n_local_trials=trials)
        self.state["picks"] = picks
        self.state["indices"] = np.array([p.chosen for p in picks])
        pots = [p.potential for p in picks]
        self.artists["potential"].set_data(np.arange(k), pots)
        self.ax_pot.set_xlim(-0.3, k - 0.7)
        self.ax_pot.set_ylim(0, 1.05 * max(pots) if max(pots) > 0 else 1)
        pick = self.controls["pick"]
        if pick.max != k - 1 or pick.value > k - 1:
            with pick.hold_trait_notifications():
                pick.max = k - 1
        if change is not None:
            self._draw()

    def _draw(self, change=None):
        picks = self.state["picks"]
        p = picks[min(self.controls["pick"].value, len(picks) - 1)]
        self.state["pick"] = p
        a = self.artists
        prob = p.probabilities
        a["points"].set_array(prob)
        a["points"].set_clim(0, prob.max())
        a["points"].set_sizes(8 + 300 * prob / prob.max())
        before = self.state["indices"][: p.step]
        a["centers"].set_offsets(self.X[before, :2].reshape(-1, 2))
        a["centers"].set_facecolor(label_colors(np.arange(p.step)))
        a["candidates"].set_offsets(self.X[p.candidates, :2])
        a["chosen"].set_offsets(self.X[[p.chosen], :2])
        a["current"].set_data([p.step], [p.potential])
        if p.step == 0:
            how = "every point equally likely (by weight); drawn: "
        else:
            how = f"P(x) = D(x)<sup>2</sup> / &Sigma; D<sup>2</sup>; {len(p.candidates)} candidate(s): "
        cands = ", ".join(
            f"row {i} (potential {pot:.4g})" for i, pot in zip(p.candidates, p.candidate_potentials, strict=True)
        )
        msg = f"<b>pick {p.step}</b>: {how}{cands}. Kept <b>row {p.chosen}</b>; SSE of the seeds now {p.potential:.4g}."
        self.state["message"] = msg
        self.status.value = msg
