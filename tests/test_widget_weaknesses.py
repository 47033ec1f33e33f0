"""Weakness apps: local optima, outliers, non-convex shapes; checked against scikit-learn and the library."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.cluster import KMeans as SKKMeans  # noqa: E402

from kmeans_edu import datasets, kmeans_plusplus, lloyd  # noqa: E402
from kmeans_edu.plots import label_colors  # noqa: E402
from kmeans_edu.widgets.weaknesses import LocalOptimaApp, NonConvexApp, OutlierApp, final_sse_over_seeds  # noqa: E402


@pytest.fixture(scope="module")
def X():
    return datasets.blobs(150, 6, 0.8, seed=4)[0]


def test_final_sse_over_seeds_equals_scikit_learn(X):
    for init in ("random", "k-means++"):
        ours = final_sse_over_seeds(X, 6, init, range(6))
        theirs = [SKKMeans(6, init=init, n_init=1, random_state=s).fit(X).inertia_ for s in range(6)]
        np.testing.assert_allclose(ours, theirs, rtol=1e-10)


def test_local_optima_app(X):
    app = LocalOptimaApp(X, 6, n_seeds=12)
    dist = app.state["distributions"]
    assert set(dist) == {"random", "k-means++"} and dist["random"].shape == (12,)
    assert app.state["best"] == min(dist["random"].min(), dist["k-means++"].min())
    for init in ("random", "k-means++"):
        app.controls["init"].value = init
        for seed in (3, 7):
            app.controls["seed"].value = seed
            sk = SKKMeans(6, init=init, n_init=1, random_state=seed).fit(X)
            assert app.state["sse"] == pytest.approx(sk.inertia_, rel=1e-10)
            assert app.state["sse"] == pytest.approx(dist[init][seed], rel=1e-12)
            np.testing.assert_array_equal(app.state["labels"], sk.labels_)
            assert app.artists["now"].get_xdata()[0] == pytest.approx(app.state["sse"])
            np.testing.assert_allclose(app.artists["centers"].get_offsets(), sk.cluster_centers_, atol=1e-10)
            assert app.state["is_best"] == (app.state["sse"] <= app.state["best"] * (1 + 1e-9))
    assert len(app.update_times) >= 4


def test_outlier_app_kmeans_drifts_kmedians_barely(X):
    app = OutlierApp(n=90, k=3, n_outliers=0, distance=20.0, seed=1)
    assert app.state["drift"] == {"euclidean": 0.0, "manhattan": 0.0}
    app.controls["n_outliers"].value = 6
    data, _ = datasets.with_outliers(90, 3, 6, distance=20.0, angle=45.0, seed=1)
    np.testing.assert_array_equal(app.state["X"], data)
    for m in ("euclidean", "manhattan"):
        expected = lloyd(data, app.state["clean_centers"][m], metric=m)
        np.testing.assert_allclose(app.state["centers"][m], expected.centers)
        pts = app.artists[f"points_{m}"]
        np.testing.assert_array_equal(pts.get_offsets(), data)
        np.testing.assert_allclose(pts.get_facecolors(), label_colors(expected.labels, 0.85))
        drift = np.linalg.norm(expected.centers - app.state["clean_centers"][m], axis=1).max()
        assert app.state["drift"][m] == pytest.approx(drift)
    assert app.state["drift"]["euclidean"] > 2 * app.state["drift"]["manhattan"]
    before = dict(app.state["drift"])
    app.controls["distance"].value = 30.0
    assert app.state["drift"]["euclidean"] > 1.5 * before["euclidean"]  # farther outliers pull the mean harder
    assert app.state["drift"]["manhattan"] == pytest.approx(before["manhattan"], abs=1e-9)  # the median does not care
    app.controls["angle"].value = 225.0
    assert app.state["X"][-1, 0] < app.state["X"][:90, 0].mean()  # the group moved to the lower left
    clean = datasets.blobs(90, 3, 1.0, 1)[0]
    start = kmeans_plusplus(clean, 3, random_state=1)[0]
    np.testing.assert_allclose(app.state["clean_centers"]["euclidean"], lloyd(clean, start).centers)


def test_non_convex_app():
    app = NonConvexApp(n=200)
    results = app.state["results"]
    assert set(results) == set(datasets.SHAPES)
    for name in ("circles", "moons", "anisotropic", "unequal_size", "uniform"):
        assert results[name]["ari_other"] > results[name]["ari_kmeans"] + 0.2, name
    assert (results["uniform"]["other"] == 0).mean() > 0.9  # DBSCAN: one cluster, little noise
    for name in datasets.SHAPES:
        app.controls["shape"].value = name
        X, _ = datasets.shapes(name, 200, 0)
        np.testing.assert_array_equal(app.state["X"], X)
        np.testing.assert_array_equal(app.artists["kmeans"].get_offsets(), X)
        np.testing.assert_allclose(app.artists["other"].get_facecolors(), label_colors(results[name]["other"], 0.85))
        assert name in app.ax1.get_title()
