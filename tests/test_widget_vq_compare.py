"""VQCompareApp driven from Python: controls -> state -> artists (run with MPLBACKEND=Agg)."""

import matplotlib
import numpy as np
import pytest
import scipy.cluster.vq as S
from numpy.testing import assert_allclose, assert_array_equal
from style_checks import assert_cluster_style

from kmeans_edu.vq import score_centers, vq, whiten
from kmeans_edu.widgets.vq_compare import DATASETS, METHODS, VQCompareApp, make_dataset

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def app():
    return VQCompareApp(dataset="unequal spread", k=3)


def check_drawn(app):
    """The artists show exactly what app.state holds, and the identity closes every bar."""
    X, table = app.state["X"], app.state["table"]
    rows = {row["method"]: row for row in table}
    assert [row["method"] for row in table] == list(METHODS)
    assert_array_equal(app.artists["points"].get_offsets(), X)
    assert_cluster_style(app.artists["points"], app.state["labels"], alpha=0.55)
    n = len(X)
    for i, method in enumerate(METHODS):
        row = rows[method]
        assert_allclose(app.artists[f"centers {method}"].get_offsets(), row["centers"])
        bottom, top = app.artists["bar_mean"][i], app.artists["bar_var"][i]
        assert bottom.get_height() == pytest.approx(n * row["distortion"] ** 2, rel=1e-12)
        assert top.get_y() == pytest.approx(bottom.get_height())
        # the stacked bar N dbar^2 + N Var d ends exactly at the SSE marker
        assert top.get_y() + top.get_height() == pytest.approx(app.artists["sse_marker"].get_ydata()[i], rel=1e-12)
        assert app.artists["sse_marker"].get_ydata()[i] == pytest.approx(row["inertia"])
        # and the SSE is the one computed from scratch
        assert row["inertia"] == pytest.approx(score_centers(X, row["centers"])["inertia"], rel=1e-12)
    assert f"{rows['scipy kmeans']['inertia']:.6f}" in app.artists["text_widget"].value


def test_initial_state(app):
    assert app.state["k"] == 3
    assert_array_equal(app.state["X"], make_dataset("unequal spread"))
    check_drawn(app)


def test_k_slider_changes_number_of_centres(app):
    app.controls["k"].value = 5
    assert app.state["k"] == 5
    rows = {row["method"]: row for row in app.state["table"]}
    assert rows["sklearn KMeans"]["centers"].shape == (5, 2)
    assert app.artists["centers sklearn KMeans"].get_offsets().shape == (5, 2)
    # labels of the scatter: nearest sklearn centre
    assert_array_equal(app.state["labels"], vq(app.state["X"], rows["sklearn KMeans"]["centers"])[0])
    check_drawn(app)


def test_whiten_toggle_and_dataset(app):
    app.controls["dataset"].value = "mixed scales"
    raw_sse = app.state["table"][0]["inertia"]
    app.controls["whiten"].value = True
    assert_allclose(app.state["X"], whiten(make_dataset("mixed scales")))
    assert np.std(app.state["X"], axis=0) == pytest.approx([1.0, 1.0])
    assert app.state["table"][0]["inertia"] != pytest.approx(raw_sse)
    check_drawn(app)
    app.controls["whiten"].value = False
    assert_array_equal(app.state["X"], make_dataset("mixed scales"))


def test_scipy_rows_match_scipy_itself(app):
    app.controls["dataset"].value = "outliers"
    app.controls["seed"].value = 4
    X, k = app.state["X"], app.state["k"]
    rows = {row["method"]: row for row in app.state["table"]}
    book, _ = S.kmeans(X, k, iter=10, rng=4)
    assert_allclose(rows["scipy kmeans"]["centers"], book)
    check_drawn(app)


def test_every_dataset(app):
    for name in DATASETS:
        app.controls["dataset"].value = name
        check_drawn(app)
    # every change is timed (benchmarks/widget_timings.py reports the numbers; no timing asserts here)
    assert len(app.update_times) >= len(DATASETS)


def test_make_dataset_rejects_unknown_name():
    with pytest.raises(ValueError, match="name must be one of"):
        make_dataset("spirals")
