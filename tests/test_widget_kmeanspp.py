"""k-means++ stepping: the same picks as the library and scikit-learn; the app shows them."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.cluster import kmeans_plusplus as sk_kmeans_plusplus  # noqa: E402

from kmeans_edu import KMeans, kmeans_plusplus  # noqa: E402
from kmeans_edu.datasets import blobs, six_points  # noqa: E402
from kmeans_edu.widgets.kmeanspp import KMeansPlusPlusApp, farthest_point_init, kmeanspp_steps  # noqa: E402


@pytest.fixture(scope="module")
def X():
    return blobs(200, 5, 1.5, seed=1)[0]


@pytest.mark.parametrize("n_local_trials", [None, 1, 3])
@pytest.mark.parametrize("k", [1, 2, 5, 9])
def test_picks_equal_the_library_and_scikit_learn(X, k, n_local_trials):
    for seed in range(10):
        picks = [p.chosen for p in kmeanspp_steps(X, k, random_state=seed, n_local_trials=n_local_trials)]
        ours = kmeans_plusplus(X, k, random_state=seed, n_local_trials=n_local_trials)[1]
        theirs = sk_kmeans_plusplus(X, k, random_state=seed, n_local_trials=n_local_trials)[1]
        assert picks == ours.tolist() == theirs.tolist()


def test_picks_equal_the_library_with_weights_and_float32(X):
    w = np.random.default_rng(0).uniform(0.1, 3.0, X.shape[0])
    X32 = X.astype(np.float32)
    for seed in range(10):
        assert [p.chosen for p in kmeanspp_steps(X32, 4, sample_weight=w, random_state=seed)] == kmeans_plusplus(
            X32, 4, sample_weight=w, random_state=seed
        )[1].tolist()


def test_probabilities_candidates_and_potentials_are_the_d2_rule(X):
    w = np.ones(len(X))
    steps = kmeanspp_steps(X, 4, random_state=7)
    np.testing.assert_allclose(steps[0].probabilities, w / w.sum())
    for p in steps:
        chosen_before = [q.chosen for q in steps[: p.step]]
        assert p.probabilities.sum() == pytest.approx(1.0)
        if p.step:
            d2 = ((X[:, None, :] - X[chosen_before][None]) ** 2).sum(-1).min(axis=1)
            np.testing.assert_allclose(p.probabilities, d2 / d2.sum(), rtol=1e-9, atol=1e-15)
            assert len(p.candidates) == 2 + int(np.log(4))
            pots = [np.minimum(d2, ((X - X[c]) ** 2).sum(1)).sum() for c in p.candidates]
            np.testing.assert_allclose(p.candidate_potentials, pots, rtol=1e-9)
            assert p.chosen == p.candidates[int(np.argmin(pots))]
            assert all(p.probabilities[c] > 0 for c in p.candidates)  # a chosen row is never drawn again
        chosen_now = chosen_before + [p.chosen]
        sse = ((X[:, None, :] - X[chosen_now][None]) ** 2).sum(-1).min(axis=1).sum()
        assert p.potential == pytest.approx(sse, rel=1e-9)


def test_docstring_example_on_six_points():
    assert [p.chosen for p in kmeanspp_steps(six_points(), 2, random_state=0)] == [3, 2]


def test_bad_arguments(X):
    with pytest.raises(ValueError, match="n_local_trials"):
        kmeanspp_steps(X, 3, n_local_trials=0)
    with pytest.raises(ValueError, match="n_clusters"):
        kmeanspp_steps(X, 0)


def test_farthest_point_init_takes_the_farthest_row_each_time(X):
    centers = farthest_point_init(X, 4, random_state=3)
    first = np.random.RandomState(3).randint(len(X))
    np.testing.assert_array_equal(centers[0], X[first])
    for j in range(1, 4):
        d2 = ((X[:, None, :] - centers[None, :j]) ** 2).sum(-1).min(axis=1)
        np.testing.assert_array_equal(centers[j], X[np.argmax(d2)])
    km = KMeans(4, init=farthest_point_init, n_init=1, random_state=0).fit(X)
    assert km.inertia_ > 0


def test_app_steps_through_the_picks(X):
    app = KMeansPlusPlusApp(X, 4, seed=2)
    expected = kmeans_plusplus(X, 4, random_state=2)[1]
    np.testing.assert_array_equal(app.state["indices"], expected)
    a = app.artists
    for pick in range(4):
        app.controls["pick"].value = pick
        p = app.state["pick"]
        assert p.step == pick and p.chosen == expected[pick]
        np.testing.assert_array_equal(a["chosen"].get_offsets(), X[[p.chosen]])
        np.testing.assert_array_equal(a["candidates"].get_offsets(), X[p.candidates])
        np.testing.assert_array_equal(a["centers"].get_offsets().reshape(-1, 2), X[expected[:pick]])
        np.testing.assert_allclose(a["points"].get_array(), p.probabilities)
        assert f"row {p.chosen}" in app.state["message"]
    np.testing.assert_allclose(a["potential"].get_ydata(), [p.potential for p in app.state["picks"]])


def test_app_k_seed_and_greedy_controls(X):
    app = KMeansPlusPlusApp(X, 5, seed=0)
    app.controls["pick"].value = 4
    app.controls["k"].value = 3
    assert app.controls["pick"].max == 2 and app.state["pick"].step == 2
    app.controls["seed"].value = 9
    np.testing.assert_array_equal(app.state["indices"], kmeans_plusplus(X, 3, random_state=9)[1])
    app.controls["greedy"].value = False
    np.testing.assert_array_equal(app.state["indices"], kmeans_plusplus(X, 3, random_state=9, n_local_trials=1)[1])
    assert len(app.state["pick"].candidates) == 1
    assert len(app.update_times) >= 4
