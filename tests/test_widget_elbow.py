"""The elbow app, driven from Python: controls in, state and artists out."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import make_blobs
from style_checks import assert_cluster_style

from kmeans_edu.choosing_k import find_knee, sse_sweep
from kmeans_edu.widgets.elbow import ElbowApp


@pytest.fixture
def app():
    a = ElbowApp(n_samples=200, ks=range(1, 11), n_init=2, random_state=0, centers=4, spread=0.6)
    yield a
    plt.close(a.fig)


def test_initial_state_matches_the_library(app):
    s = app.state
    X, _ = make_blobs(200, centers=4, cluster_std=0.6, center_box=(-8.0, 8.0), random_state=0)
    np.testing.assert_array_equal(s["X"], X)
    np.testing.assert_allclose(s["sse"], sse_sweep(X, range(1, 11), n_init=2), rtol=1e-12)
    assert s["knee"].knee == find_knee(range(1, 11), s["sse"]).knee
    assert s["k_elbow"] == 4 == s["k_silhouette"] == s["k_shown"]
    assert np.isnan(s["silhouette"][0])
    assert "they agree" in app.status.value


def test_artists_show_the_state(app):
    a, s = app.artists, app.state
    np.testing.assert_array_equal(a["points"].get_offsets(), s["X"])
    assert_cluster_style(a["points"], s["labels"])
    assert a["centers"].get_offsets().shape == (s["k_shown"], 2)
    np.testing.assert_array_equal(a["sse"].get_ydata(), s["sse"])
    np.testing.assert_array_equal(a["silhouette"].get_ydata(), s["silhouette"])
    assert list(a["knee_line"].get_xdata()) == [s["k_elbow"], s["k_elbow"]]
    assert list(a["knee_point"].get_ydata()) == [s["sse"][s["k_elbow"] - 1]]
    assert list(a["sil_best"].get_xdata()) == [s["k_silhouette"]]


def test_changing_the_true_number_of_clusters_moves_the_elbow(app):
    app.controls["centers"].value = 2
    assert app.state["k_elbow"] == 2
    assert np.unique(make_blobs(200, centers=2, random_state=0)[1]).size == 2
    assert list(app.artists["knee_line"].get_xdata()) == [2, 2]
    assert app.artists["centers"].get_offsets().shape == (2, 2)
    assert "K = 2" in app.axes["sse"].get_title()


def test_huge_sensitivity_removes_the_knee_without_refitting(app):
    models = app._models
    sse = app.state["sse"].copy()
    app.controls["S"].value = 10.0
    assert app._models is models  # S does not refit
    np.testing.assert_array_equal(app.state["sse"], sse)
    assert app.state["knee"].knee is None and app.state["k_elbow"] is None
    assert app.state["k_shown"] == app.state["k_silhouette"]
    assert np.isnan(app.artists["knee_line"].get_xdata()).all()
    assert len(app.artists["knee_point"].get_xdata()) == 0
    assert "no elbow" in app.status.value and "disagree" in app.status.value
    assert app.axes["sse"].get_title() == "SSE: no elbow found (S = 10.0)"


def test_one_blob_spread_out_has_no_clear_answer(app):
    app.controls["centers"].value = 1
    app.controls["spread"].value = 3.0
    s = app.state
    assert s["X"].std(axis=0).max() > 2.0
    # the data changed, so the curves were recomputed
    np.testing.assert_allclose(s["sse"], sse_sweep(s["X"], range(1, 11), n_init=2), rtol=1e-12)
    assert s["k_elbow"] != 1  # Kneedle never returns the first point: one blob has no true elbow


def test_every_control_change_is_timed(app):
    app.controls["spread"].value = 1.0
    app.controls["S"].value = 0.5
    assert len(app.update_times) == 2 and all(t > 0 for t in app.update_times)


def test_a_small_change_of_S_moves_the_threshold_marks(app):
    """S 1.0 -> 1.1 keeps the knee at 4, but the thresholds T = max - S * mean step drop visibly."""
    a = app.artists
    before = a["threshold"].get_ydata().copy()
    knee = app.state["knee"]
    np.testing.assert_array_equal(a["difference"].get_ydata(), knee.difference)
    np.testing.assert_array_equal(before, knee.threshold)
    maxima = np.isfinite(before)
    assert maxima.any()
    title, status = app.axes["sse"].get_title(), app.status.value
    assert "S = 1.0" in title and "S = 1.0" in status
    app.controls["S"].value = 1.1
    assert app.state["k_elbow"] == 4  # the knee did not move ...
    after = a["threshold"].get_ydata()
    np.testing.assert_array_equal(np.isfinite(after), maxima)
    step = np.mean(np.diff(app.state["knee"].x_normalized))
    np.testing.assert_allclose(before[maxima] - after[maxima], 0.1 * step, rtol=1e-9)  # ... the thresholds did
    assert "S = 1.1" in app.axes["sse"].get_title() and "S = 1.1" in app.status.value
