"""LloydStepper: driven from Python; state and artists checked against the library and NumPy."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.cluster import KMeans as SKKMeans  # noqa: E402

from kmeans_edu import lloyd  # noqa: E402
from kmeans_edu.datasets import blobs  # noqa: E402
from kmeans_edu.plots import label_colors, voronoi_labels  # noqa: E402
from kmeans_edu.widgets.lloyd_stepper import LloydStepper, initial_centers  # noqa: E402


@pytest.fixture(scope="module")
def X():
    return blobs(120, 4, 1.5, seed=3)[0]


@pytest.fixture
def app(X):
    return LloydStepper(X, 4, seed=1)


def numpy_sse(X, labels, centers):
    return float(((X - centers[labels]) ** 2).sum())


def test_history_matches_lloyd_and_sse_never_increases(app, X):
    init = initial_centers(X, 4, "k-means++", 1)
    np.testing.assert_array_equal(app.state["init_centers"], init)
    expected = lloyd(X, init, max_iter=20, record_history=True)
    result = app.state["result"]
    assert (result.n_iter, result.stop_reason) == (expected.n_iter, expected.stop_reason)
    objectives = app.state["objectives"]
    assert objectives.size == len(expected.history) >= 3
    assert np.all(np.diff(objectives) <= 1e-9 * objectives[0])
    assert app.controls["step"].max == objectives.size == app.controls["play"].max


def test_every_step_shows_the_recorded_state(app, X):
    history = app.state["result"].history
    assert app.state["kind"] == "init" and app.state["labels"] is None
    np.testing.assert_array_equal(app.artists["centers"].get_offsets(), app.state["init_centers"])
    for step in range(1, len(history) + 1):
        app.controls["step"].value = step
        h = history[step - 1]
        assert app.state["kind"] == h.kind
        np.testing.assert_array_equal(app.state["labels"], h.labels)
        np.testing.assert_allclose(app.artists["centers"].get_offsets(), h.centers)
        np.testing.assert_allclose(app.artists["points"].get_facecolors(), label_colors(h.labels, 0.85))
        assert app.state["sse"] == pytest.approx(numpy_sse(X, h.labels, h.centers), rel=1e-10)
        np.testing.assert_array_equal(app.artists["sse_now"].get_xdata(), [step])
        assert f"SSE = {h.objective:.4f}" in app.state["message"]
        # Voronoi cells of the shown centres; trails end at the shown centres
        np.testing.assert_array_equal(app.artists["voronoi"].get_array(), voronoi_labels(h.centers, app.artists[
            "voronoi"].voronoi_params[0], 100))
        trail_ends = np.array([seg[-1] for seg in app.artists["trails"].get_segments()])
        np.testing.assert_allclose(trail_ends, h.centers)


def test_final_state_equals_scikit_learn_from_the_same_start(app, X):
    app.controls["step"].value = app.controls["step"].max
    sk = SKKMeans(4, init=app.state["init_centers"], n_init=1, max_iter=20).fit(X)
    np.testing.assert_array_equal(app.state["labels"], sk.labels_)
    np.testing.assert_allclose(app.state["centers"], sk.cluster_centers_, rtol=1e-12, atol=1e-12)
    assert app.state["sse"] == pytest.approx(sk.inertia_, rel=1e-12)


def test_back_forward_and_play(app):
    c = app.controls
    assert c["back"].disabled and not c["forward"].disabled  # half-step 0: nothing to go back to
    app.controls["forward"].click()
    app.controls["forward"].click()
    assert app.state["step"] == 2
    app.controls["back"].click()
    assert app.state["step"] == 1
    app.controls["step"].value = 0
    app.controls["back"].click()
    assert app.state["step"] == 0
    app.controls["play"].value = 3  # the Play widget drives the slider
    assert app.controls["step"].value == 3 and app.state["step"] == 3
    assert not c["back"].disabled and not c["forward"].disabled
    c["step"].value = c["step"].max
    assert c["forward"].disabled and not c["back"].disabled
    c["max_iter"].value = 1  # fewer half-steps: the step is clamped to the new end, still disabled
    assert c["step"].value == c["step"].max == 3 and c["forward"].disabled


def test_every_control_changes_the_status_line_from_the_start(app):
    """From half-step 0 every control changes what is shown (the status line at least)."""
    c = app.controls
    changes = {
        "no_reassignment": False,
        "tol": False,
        "tol_value": 10**-3.9,
        "max_iter": c["max_iter"].value + 1,
        "voronoi": False,
        "lines": True,
        "trails": False,
        "k": 5,
        "seed": 2,
        "init": "random",
        "step": 1,
    }
    rules_artist = app.artists["rules"]
    for name, value in changes.items():
        before, rules_before = app.status.value, rules_artist.get_text()
        old = c[name].value
        c[name].value = value
        assert app.status.value != before, name
        if name in ("no_reassignment", "tol", "tol_value", "max_iter"):  # drawn in the figure too
            assert rules_artist.get_text() != rules_before, name
        c[name].value = old
        assert app.status.value == before, name
    assert "centre shift &lt; tol = 1.00e-04" in app.status.value and "max_iter = 20" in app.status.value
    c["tol_value"].value = 10**-3.9
    assert "tol = 1.26e-04" in app.status.value
    assert "tol = 1.26e-04" in rules_artist.get_text()
    c["tol"].value = False
    assert "centre shift" not in app.status.value and "not used" in app.status.value
    assert "(tol off)" in rules_artist.get_text()
    result = app.state["result"]
    assert f"stopped: {result.stop_reason} after {result.n_iter} iteration(s)" in rules_artist.get_text()


def test_trail_starts_show_from_half_step_zero(app):
    starts = app.artists["trail_starts"]
    assert app.state["step"] == 0 and starts.get_visible()
    np.testing.assert_array_equal(starts.get_offsets(), app.state["init_centers"])
    app.controls["trails"].value = False
    assert not starts.get_visible() and not app.artists["trails"].get_visible()


def test_stopping_rules(app, X):
    c = app.controls
    c["no_reassignment"].value = False
    c["tol"].value = False
    c["max_iter"].value = 7
    result = app.state["result"]
    assert (result.stop_reason, result.n_iter) == ("max_iter", 7)
    assert c["step"].max == 2 * 7 + 1  # 7 assign+update pairs and the final assignment
    assert "max_iter" in app.state["message"]
    c["tol"].value = True
    c["tol_value"].value = 0.5
    assert app.state["result"].stop_reason == "tol"
    c["step"].value = c["step"].max
    c["tol_value"].value = 1e-8
    c["no_reassignment"].value = True
    assert app.state["result"].stop_reason == "no_reassignment"
    assert c["step"].value <= c["step"].max
    assert app.state["step"] == c["step"].value


def test_forced_empty_cluster_is_moved_and_reported(X):
    app = LloydStepper(X, 3, init="force an empty cluster", seed=2)
    init = app.state["init_centers"]
    np.testing.assert_array_equal(init[2], init[0])
    first_update = app.state["result"].history[1]
    assert first_update.kind == "update" and first_update.empty_clusters == (2,)
    app.controls["step"].value = 1
    assert 2 not in app.state["labels"]
    app.controls["step"].value = 2
    assert "were empty" in app.state["message"]
    farthest = np.argmax(((X - app.state["result"].history[0].centers[app.state["labels"]]) ** 2).sum(axis=1))
    np.testing.assert_allclose(app.state["centers"][2], X[farthest])


def test_display_toggles_and_recompute_controls(app):
    c = app.controls
    c["step"].value = 1
    c["voronoi"].value = False
    assert not app.artists["voronoi"].get_visible()
    c["lines"].value = True
    assert app.artists["lines"].get_visible()
    assert len(app.artists["lines"].get_segments()) == len(app.X)
    c["trails"].value = False
    assert not app.artists["trails"].get_visible()
    c["k"].value = 6
    assert app.state["centers"].shape == (6, 2)
    c["init"].value = "random"
    c["seed"].value = 5
    rng_init = initial_centers(app.X, 6, "random", 5)
    np.testing.assert_array_equal(app.state["init_centers"], rng_init)
    assert len(app.update_times) >= 7


def test_bad_arguments(X):
    with pytest.raises(ValueError, match="init"):
        initial_centers(X, 3, "kmeans++", 0)
    with pytest.raises(ValueError, match="X"):
        LloydStepper(np.zeros((10, 3)))
