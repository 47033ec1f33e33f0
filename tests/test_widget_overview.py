"""OverviewApp (notebook 99, the Voila view): driven from Python; state and artists checked
against scikit-learn, NumPy and the recorded history."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.cluster import KMeans as SKKMeans  # noqa: E402

from kmeans_edu.datasets import blobs, shapes, with_outliers  # noqa: E402
from kmeans_edu.plots import PALETTE, label_colors, voronoi_labels  # noqa: E402
from kmeans_edu.widgets.overview import DATASETS, OverviewApp  # noqa: E402


@pytest.fixture
def app():
    yield (app := OverviewApp())
    matplotlib.pyplot.close(app.fig)


def shown(app):
    """The half-step the app should show, from its own model's history."""
    return app.state["model"].history_[app.controls["step"].value - 1]


def check_display(app):
    """Every artist shows the recorded half-step selected by the step slider."""
    h, a = shown(app), app.artists
    np.testing.assert_array_equal(app.state["labels"], h.labels)
    np.testing.assert_allclose(a["points"].get_facecolors(), label_colors(h.labels, 0.85))
    np.testing.assert_allclose(a["centers"].get_offsets(), h.centers)
    np.testing.assert_array_equal(a["now"].get_xdata(), [app.controls["step"].value])
    np.testing.assert_array_equal(a["now"].get_ydata(), [h.objective])
    if app.controls["voronoi"].value:
        extent = app.state["extent"]
        cells = voronoi_labels(h.centers, extent, 100, app.state["model"].metric) % len(PALETTE)
        np.testing.assert_array_equal(a["voronoi"].get_array(), cells)
        np.testing.assert_allclose(a["voronoi"].get_extent(), extent)
    assert a["voronoi"].get_visible() == app.controls["voronoi"].value
    assert f"{h.objective:.4f}" in app.state["message"] and app.status.value == app.state["message"]


def test_default_fit_is_scikit_learns(app):
    X = blobs(300, 3, 1.0, seed=0)[0]
    np.testing.assert_array_equal(app.state["X"], X)
    np.testing.assert_array_equal(app.artists["points"].get_offsets(), X)
    ref = SKKMeans(3, n_init=1, random_state=0).fit(X)
    model = app.state["model"]
    np.testing.assert_array_equal(model.labels_, ref.labels_)
    np.testing.assert_allclose(model.cluster_centers_, ref.cluster_centers_, rtol=1e-12)
    assert model.inertia_ == pytest.approx(ref.inertia_, rel=1e-12)
    assert model.n_iter_ == ref.n_iter_
    # the last half-step is the final clustering
    np.testing.assert_array_equal(model.history_[-1].labels, ref.labels_)


def test_every_half_step_is_shown_and_the_sse_never_rises(app):
    X, objectives = app.state["X"], app.state["objectives"]
    history = app.state["model"].history_
    assert app.controls["step"].max == objectives.size == len(history) >= 4
    np.testing.assert_array_equal(app.artists["trace"].get_ydata(), objectives)
    assert np.all(np.diff(objectives) <= 1e-12 * objectives[0])
    for step in range(1, len(history) + 1):
        app.controls["step"].value = step
        check_display(app)
        h = history[step - 1]
        sse = float(((X - h.centers[h.labels]) ** 2).sum())  # plain NumPy
        assert app.state["objective"] == pytest.approx(sse, rel=1e-12)
        assert app.state["kind"] == ("assign" if step % 2 else "update")
    assert app.state["step"] == len(history)


@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_k_init_and_seed_refit_like_scikit_learn(app, init):
    app.controls["init"].value = init
    for k, seed in [(4, 0), (4, 7), (2, 3), (6, 11)]:
        app.controls["k"].value = k
        app.controls["seed"].value = seed
        ref = SKKMeans(k, init=init, n_init=1, random_state=seed).fit(app.state["X"])
        model = app.state["model"]
        assert (model.n_clusters, model.init, model.random_state) == (k, init, seed)
        np.testing.assert_array_equal(model.labels_, ref.labels_)
        assert model.n_iter_ == ref.n_iter_
        assert app.controls["step"].max == len(model.history_)
        check_display(app)
        assert app.artists["centers"].get_offsets().shape == (k, 2)


def test_step_is_clamped_when_a_refit_is_shorter(app):
    step = app.controls["step"]
    step.value = step.max
    longest = step.max
    app.controls["data"].value = "blobs + outliers"  # converges in fewer half-steps
    assert step.max < longest and step.value == step.max
    check_display(app)


def test_data_dropdown_replaces_the_points(app):
    expected = {
        "blobs": blobs(300, 3, 1.0, seed=0)[0],
        "moons": shapes("moons", 300, seed=0)[0],
        "stretched blobs": shapes("anisotropic", 300, seed=0)[0],
        "unequal sizes": shapes("unequal_size", 300, seed=0)[0],
        "blobs + outliers": with_outliers(300, 3, n_outliers=8, distance=25.0, seed=0)[0],
    }
    assert set(expected) == set(DATASETS)
    for name, X in expected.items():
        app.controls["data"].value = name
        np.testing.assert_array_equal(app.artists["points"].get_offsets(), X)
        assert app.artists["points"].get_facecolors().shape == (len(X), 4)
        xmin, xmax, ymin, ymax = app.state["extent"]
        assert app.ax.get_xlim() == (xmin, xmax) and app.ax.get_ylim() == (ymin, ymax)
        assert X[:, 0].min() > xmin and X[:, 1].max() < ymax
        assert name in app.ax.get_title()
        check_display(app)


def test_manhattan_updates_are_medians_and_euclidean_updates_are_means(app):
    app.controls["data"].value = "blobs + outliers"
    for metric, centre in [("manhattan", np.median), ("euclidean", np.mean)]:
        app.controls["metric"].value = metric
        X, history = app.state["X"], app.state["model"].history_
        assert app.state["model"].metric == metric and app.ax_obj.get_ylabel() in ("SSE", "sum of L1 distances")
        for previous, h in zip(history[:-1], history[1:], strict=True):
            if h.kind != "update":
                continue
            for j in range(h.centers.shape[0]):
                members = X[previous.labels == j]
                if metric == "manhattan":  # any minimiser of the L1 sum (even counts: an interval)
                    best = np.abs(members - centre(members, axis=0)).sum(axis=0)
                    np.testing.assert_allclose(np.abs(members - h.centers[j]).sum(axis=0), best, rtol=1e-12)
                else:
                    np.testing.assert_allclose(h.centers[j], centre(members, axis=0), rtol=1e-12, atol=1e-12)
        app.controls["step"].value = app.controls["step"].max
        check_display(app)
    assert app.ax_obj.get_ylabel() == "SSE"


def test_buttons_move_one_half_step_and_are_disabled_at_the_ends(app):
    c = app.controls
    assert c["step"].value == 1 and c["back"].disabled and not c["forward"].disabled
    c["forward"].click()
    assert c["step"].value == 2 and not c["back"].disabled
    check_display(app)
    c["back"].click()
    assert c["step"].value == 1 and c["back"].disabled
    c["back"].click()  # a click at the end does nothing
    assert c["step"].value == 1
    c["step"].value = c["step"].max
    assert c["forward"].disabled
    c["forward"].click()
    assert c["step"].value == c["step"].max


def test_voronoi_checkbox_hides_and_shows_the_cells(app):
    app.controls["voronoi"].value = False
    assert not app.artists["voronoi"].get_visible()
    app.controls["step"].value = 4  # hidden cells are not recomputed, but come back right
    app.controls["voronoi"].value = True
    check_display(app)


def test_every_change_updates_in_place_and_is_timed(app):
    artists = dict(app.artists)
    n_children = len(app.ax.get_children())
    changes = [("k", 5), ("seed", 3), ("init", "random"), ("metric", "manhattan"), ("data", "moons"), ("step", 3)]
    for name, value in changes:
        app.controls[name].value = value
    app.controls["voronoi"].value = False
    app.controls["forward"].click()
    assert len(app.update_times) == len(changes) + 2
    assert all(app.artists[key] is artist for key, artist in artists.items())  # never re-plotted
    assert len(app.ax.get_children()) == n_children


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"data": "spirals"}, "data must be one of"),
        ({"init": "kmeans++"}, "init must be one of"),
        ({"metric": "cosine"}, "metric must be one of"),
        ({"n_clusters": 1}, "n_clusters must be"),
        ({"n_clusters": 9}, "n_clusters must be"),
        ({"seed": -1}, "seed must be"),
        ({"max_clusters": 12}, "max_clusters must be"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        OverviewApp(**kwargs)
