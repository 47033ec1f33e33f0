"""The distance-measures app and its helpers, checked against plain NumPy."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from style_checks import assert_cluster_style

from kmeans_edu.widgets.metrics_demo import DATASETS, METHODS, MetricsApp, make_data, mismatched_lloyd, run_method


def _init(X, k, seed=0):
    return X[np.random.default_rng(seed).choice(X.shape[0], k, replace=False)]


def _l1(X, labels, centers):
    return np.abs(X - centers[labels]).sum()


@pytest.mark.parametrize("data", DATASETS)
@pytest.mark.parametrize("method", ["euclidean", "manhattan", "cosine"])
def test_matching_update_never_raises_the_objective(data, method):
    for seed in range(3):
        X = make_data(data, random_state=seed)
        for k in (2, 4, 6):
            r = run_method(X, method, _init(X, k, seed))
            assert len(r["rises"]) == 0
            assert np.all(np.diff(r["objective"]) <= 1e-9 * r["objective"][0])


def test_manhattan_centres_are_medians_and_minimise_l1():
    X = make_data("blobs with outliers")
    r = run_method(X, "manhattan", _init(X, 3))
    medians = np.array([np.median(X[r["labels"] == j], axis=0) for j in range(3)])
    means = np.array([X[r["labels"] == j].mean(axis=0) for j in range(3)])
    ours = _l1(X, r["labels"], r["centers"])
    assert ours == pytest.approx(_l1(X, r["labels"], medians), rel=1e-12)
    assert ours < _l1(X, r["labels"], means)  # the mean is worse for the L1 objective


def test_cosine_centres_are_normalised_means_of_unit_rows():
    X = make_data("directions")
    r = run_method(X, "cosine", _init(X, 3))
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    expected = np.array([U[r["labels"] == j].mean(axis=0) for j in range(3)])
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    np.testing.assert_allclose(r["centers"], expected, atol=1e-12)
    cos_dist = 1 - (U * expected[r["labels"]]).sum(axis=1)
    assert r["objective"][-1] == pytest.approx(cos_dist.sum(), rel=1e-9)


def test_mismatch_l1_assignment_with_mean_update_can_raise_the_l1_objective():
    X = make_data("blobs")
    init = _init(X, 3)
    labels, centers, trace = mismatched_lloyd(X, init)
    # recompute the trace with NumPy: assign by L1, move to the mean, score with L1
    c, expected = init.astype(float), []
    for kind, _ in trace:
        if kind == "assign":
            lab = np.abs(X[:, None, :] - c[None]).sum(axis=2).argmin(axis=1)
        else:
            c = np.array([X[lab == j].mean(axis=0) for j in range(3)])
        expected.append(_l1(X, lab, c))
    np.testing.assert_allclose([v for _, v in trace], expected, rtol=1e-12)
    np.testing.assert_array_equal(labels, lab)
    np.testing.assert_allclose(centers, c, rtol=1e-12)
    rises = [i for i in range(1, len(expected)) if expected[i] > expected[i - 1] + 1e-9]
    assert rises and all(trace[i][0] == "update" for i in rises)  # the mean step is what raises it
    np.testing.assert_array_equal(run_method(X, "manhattan + mean (mismatch)", init)["rises"], rises)


def test_bad_names_are_rejected():
    with pytest.raises(ValueError, match="name must be one of"):
        make_data("moons")
    X = make_data("blobs")
    with pytest.raises(ValueError, match="method must be one of"):
        run_method(X, "chebyshev", X[:2])


@pytest.fixture
def app():
    a = MetricsApp()
    yield a
    plt.close(a.fig)


def test_app_initial_state_and_artists(app):
    s, a = app.state, app.artists
    np.testing.assert_array_equal(s["X"], make_data("blobs"))
    np.testing.assert_array_equal(s["init"], _init(s["X"], 3))
    np.testing.assert_array_equal(a["points"].get_offsets(), s["X"])
    assert_cluster_style(a["points"], s["labels"])
    np.testing.assert_allclose(a["centers"].get_offsets(), s["centers"])
    np.testing.assert_array_equal(a["objective"].get_ydata(), s["objective"])
    assert len(a["rises"].get_xdata()) == 0 and len(a["rays"].get_xdata()) == 0
    assert "never went up" in app.status.value


def test_app_metric_change_keeps_data_and_init(app):
    X, init = app.state["X"], app.state["init"]
    app.controls["metric"].value = "manhattan + mean (mismatch)"
    assert app.state["X"] is X and app.state["init"] is init  # only the method was rerun
    assert len(app.state["rises"]) > 0
    np.testing.assert_array_equal(app.artists["rises"].get_xdata(), app.state["rises"])
    assert "went UP" in app.axes["objective"].get_title() and "mean" in app.status.value
    assert app.axes["objective"].get_ylabel() == "sum of L1 distances"


def test_app_cosine_draws_rays_and_data_change_reruns(app):
    app.controls["data"].value = "directions"
    app.controls["metric"].value = "cosine"
    s = app.state
    np.testing.assert_array_equal(s["X"], make_data("directions"))
    xs = app.artists["rays"].get_xdata()
    assert len(xs) == 3 * 3 and np.isnan(xs[2::3]).all()
    np.testing.assert_allclose(np.linalg.norm(s["centers"], axis=1), 1.0)
    app.controls["k"].value = 5
    assert app.state["init"].shape == (5, 2) and app.state["centers"].shape == (5, 2)
    assert len(app.update_times) == 3


def test_methods_table():
    assert METHODS["manhattan + mean (mismatch)"] == ("manhattan", "euclidean")
    assert all(a == u for name, (a, u) in METHODS.items() if "mismatch" not in name)
