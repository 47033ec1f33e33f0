"""Elkan's bounds app: the replayed rule agrees with the compiled kernel; the app follows its sliders."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from kmeans_edu import KMeans  # noqa: E402
from kmeans_edu.datasets import blobs  # noqa: E402
from kmeans_edu.widgets.elkan_bounds import (  # noqa: E402
    COMPUTED,
    OWN_CENTRE,
    SKIP_POINT,
    ElkanBoundsApp,
    elkan_passes,
    explain_point,
)


@pytest.fixture(scope="module")
def X():
    return blobs(300, 5, 1.5, seed=2)[0]


@pytest.fixture(scope="module")
def passes(X):
    init = X[np.random.RandomState(0).choice(len(X), 5, replace=False)]
    return elkan_passes(X, init, max_iter=15)


def test_replayed_rule_counts_what_the_kernel_computed(X, passes):
    assert len(passes) >= 4
    for state in passes:
        counts = [explain_point(X, state, i)[1] for i in range(len(X))]
        assert sum(counts) == state.n_computed, state.iteration
        for i in range(len(X)):
            reasons, n = explain_point(X, state, i)
            # a point that leaves its centre may have that centre's distance computed twice (the rule
            # tightens the bound, then meets the old centre again as an "other" centre)
            assert reasons.count(COMPUTED) <= n <= reasons.count(COMPUTED) + 1


def test_passes_are_lloyds_iterations(X, passes):
    init = X[np.random.RandomState(0).choice(len(X), 5, replace=False)]
    km = KMeans(5, init=init, n_init=1, algorithm="elkan").fit(X)
    np.testing.assert_array_equal(passes[-1].labels, km.labels_)
    for state in passes:  # labels are the nearest centres; the bounds are bounds
        dist = np.sqrt(((X[:, None, :] - state.centers[None]) ** 2).sum(axis=2))
        np.testing.assert_array_equal(state.labels, dist.argmin(axis=1))
        assert (state.upper >= dist[np.arange(len(X)), state.labels] * (1 - 1e-12)).all()
        assert (state.lower <= dist * (1 + 1e-12)).all()


def test_later_passes_skip_most_distances(X, passes):
    n, k = X.shape[0], passes[0].centers.shape[0]
    assert passes[0].n_computed < n * k
    assert passes[-1].n_computed < 0.2 * n * k


def test_app_follows_its_sliders(X):
    app = ElkanBoundsApp(X, 5, seed=0, point=7)
    c = app.controls
    assert c["iteration"].max == len(app.state["passes"]) - 1
    for it in range(c["iteration"].max + 1):
        c["iteration"].value = it
        state = app.state["pass"]
        assert state is app.state["passes"][it]
        reasons, n = explain_point(X, state, 7)
        assert app.state["reasons"] == reasons and app.state["n_computed"] == n
        assert f"pass {it}, point 7" in app.state["message"] and app.status.value == app.state["message"]
        # the drawing: a solid line exactly for the computed distances, the circle has radius u
        styles = [line.get_linestyle() for line in app.artists["lines"]]
        assert [s == "-" for s in styles] == [r == COMPUTED for r in reasons]
        xs, ys = app.artists["circle"].get_data()
        radius = np.hypot(xs - X[7, 0], ys - X[7, 1])
        u = state.upper[7] if state.upper_before is None else state.upper_before[7]
        np.testing.assert_allclose(radius, u)
    c["point"].value = 123
    assert "point 123" in app.state["message"]
    heights = [bar.get_height() for bar in app.artists["true"]]
    np.testing.assert_allclose(heights, np.linalg.norm(app.state["pass"].centers - X[123], axis=1))
    assert len(app.update_times) == c["iteration"].max + 2


def test_a_settled_point_is_skipped_whole(X, passes):
    last = passes[-1]
    skipped_whole = [i for i in range(len(X)) if explain_point(X, last, i)[0].count(SKIP_POINT) == 4]
    assert skipped_whole, "a converged run skips most points entirely"
    reasons, n = explain_point(X, last, skipped_whole[0])
    assert n == 0 and reasons.count(OWN_CENTRE) == 1
