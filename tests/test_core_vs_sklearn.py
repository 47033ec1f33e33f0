"""kmeans_edu.KMeans against scikit-learn's KMeans itself: same labels, n_iter, inertia, centres."""

import re
import warnings

import numpy as np
import pytest
import sklearn.cluster as skc
from sklearn.datasets import load_digits, make_blobs
from sklearn.exceptions import ConvergenceWarning

import kmeans_edu
from kmeans_edu import KMeans, kmeans_plusplus

SIX = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]])


def fit_both(X, sample_weight=None, **params):
    with warnings.catch_warnings(record=True) as caught_sk:
        warnings.simplefilter("always")
        ref = skc.KMeans(**params).fit(X, sample_weight=sample_weight)
    with warnings.catch_warnings(record=True) as caught_ours:
        warnings.simplefilter("always")
        ours = KMeans(**params).fit(X, sample_weight=sample_weight)
    return ref, ours, caught_sk, caught_ours


def assert_same_fit(ref, ours, rtol_inertia=1e-10, rtol_centers=1e-9):
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    assert ours.labels_.dtype == ref.labels_.dtype
    assert ours.n_iter_ == ref.n_iter_
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=rtol_inertia, abs=1e-12)
    scale = np.abs(ref.cluster_centers_).max()
    np.testing.assert_allclose(
        ours.cluster_centers_, ref.cluster_centers_, rtol=rtol_centers, atol=rtol_centers * scale
    )
    assert ours.cluster_centers_.dtype == ref.cluster_centers_.dtype


@pytest.mark.parametrize("n_init", ["auto", 10])
def test_article_six_points(n_init):
    ref, ours, _, _ = fit_both(SIX, n_clusters=2, random_state=0, n_init=n_init)
    assert_same_fit(ref, ours)
    np.testing.assert_array_equal(ours.predict([[0, 0], [4, 4]]), ref.predict([[0, 0], [4, 4]]))


def test_article_six_points_values_today():
    """docs/article-errata.md, row E17: today's defaults give inertia 19.75; n_init=10 gives the article's 16.0."""
    assert KMeans(n_clusters=2, random_state=0).fit(SIX).inertia_ == 19.75
    km = KMeans(n_clusters=2, random_state=0, n_init=10).fit(SIX)
    assert km.inertia_ == 16.0
    assert sorted(map(tuple, km.cluster_centers_)) == [(1.0, 2.0), (4.0, 2.0)]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("k", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("n_features", [2, 5, 20])
def test_blobs(seed, k, n_features):
    X, _ = make_blobs(n_samples=1500, centers=max(k, 2), n_features=n_features, cluster_std=2.0, random_state=seed)
    assert_same_fit(*fit_both(X, n_clusters=k, random_state=seed)[:2])


@pytest.mark.parametrize("seed", range(3))
def test_blobs_more_samples_than_one_block(seed):
    X, _ = make_blobs(n_samples=20_000, centers=6, n_features=3, cluster_std=3.0, random_state=seed)
    assert_same_fit(*fit_both(X, n_clusters=6, random_state=seed)[:2])


@pytest.mark.parametrize("seed", range(3))
def test_digits(seed):
    X = load_digits().data
    assert_same_fit(*fit_both(X, n_clusters=10, random_state=seed)[:2])


@pytest.mark.parametrize("seed", range(3))
def test_float32(seed):
    X, _ = make_blobs(n_samples=2000, centers=5, n_features=4, random_state=seed)
    X = X.astype(np.float32)
    ref, ours, _, _ = fit_both(X, n_clusters=5, random_state=seed)
    # scikit-learn sums float32 data in float32, kmeans_edu in float64: agreement to float32 precision.
    assert_same_fit(ref, ours, rtol_inertia=1e-5, rtol_centers=1e-5)
    assert ours.transform(X).dtype == np.float32


@pytest.mark.parametrize("seed", range(4))
def test_sample_weight(seed):
    X, _ = make_blobs(n_samples=1000, centers=4, n_features=3, random_state=seed)
    w = np.random.RandomState(seed).uniform(0, 3, size=len(X))
    w[::17] = 0.0
    assert_same_fit(*fit_both(X, sample_weight=w, n_clusters=4, random_state=seed)[:2])
    assert_same_fit(*fit_both(X, sample_weight=w, n_clusters=4, random_state=seed, init="random")[:2])


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("k", [5, 6, 8])
def test_fewer_distinct_points_than_k(seed, k):
    """4 distinct integer points, 8 copies each: every sum is exact, so the run is fully defined."""
    rng = np.random.RandomState(seed)
    points = rng.choice(np.arange(-3, 4), size=(8, 2))
    points = np.unique(points, axis=0)[:4]
    X = points[np.repeat(np.arange(len(points)), 8)][rng.permutation(8 * len(points))]
    ref, ours, caught_sk, caught_ours = fit_both(X, n_clusters=k, random_state=seed)
    assert_same_fit(ref, ours, rtol_inertia=0, rtol_centers=0)
    assert [w.category for w in caught_ours] == [w.category for w in caught_sk] == [ConvergenceWarning]
    assert str(caught_ours[0].message) == str(caught_sk[0].message)


@pytest.mark.parametrize("seed", range(10))
def test_fewer_distinct_real_points_than_k(seed):
    """With non-dyadic duplicates, scikit-learn's k-means++ draws the surplus centres among points whose
    distance to a centre is rounding noise (~1e-17, from ||x||^2 - 2x.c + ||c||^2); kmeans_edu computes
    these distances exactly (0). The partition, the inertia (~0) and the warning agree; which duplicate
    the surplus centres copy, and hence n_iter, may differ."""
    rng = np.random.RandomState(seed)
    X = rng.rand(3, 2)[rng.randint(0, 3, 30)]
    ref, ours, caught_sk, caught_ours = fit_both(X, n_clusters=5, random_state=seed)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    assert ours.inertia_ < 1e-28 and ref.inertia_ < 1e-28
    assert {tuple(c) for c in ours.cluster_centers_.round(12)} <= {tuple(x) for x in X.round(12)}
    assert [str(w.message) for w in caught_ours] == [str(w.message) for w in caught_sk]


@pytest.mark.parametrize("seed", range(5))
def test_init_random(seed):
    X, _ = make_blobs(n_samples=800, centers=5, n_features=2, cluster_std=2.5, random_state=seed)
    assert_same_fit(*fit_both(X, n_clusters=5, random_state=seed, init="random")[:2])
    assert_same_fit(*fit_both(X, n_clusters=5, random_state=seed, init="random", n_init=3)[:2])


def test_init_array_and_callable():
    X, _ = make_blobs(n_samples=500, centers=3, n_features=2, random_state=1)
    ref, ours, caught_sk, caught_ours = fit_both(X, n_clusters=3, init=X[:3], n_init=5)
    assert_same_fit(ref, ours)
    assert [w.category for w in caught_ours] == [w.category for w in caught_sk] == [RuntimeWarning]

    def callable_init(X, n_clusters, random_state):
        return X[random_state.permutation(len(X))[:n_clusters]]

    assert_same_fit(*fit_both(X, n_clusters=3, init=callable_init, random_state=3)[:2])


@pytest.mark.parametrize("max_iter", [1, 2, 5])
def test_stops_at_max_iter_like_sklearn(max_iter):
    X, _ = make_blobs(n_samples=3000, centers=8, n_features=2, cluster_std=4.0, random_state=0)
    ref, ours, _, _ = fit_both(X, n_clusters=8, random_state=0, max_iter=max_iter, tol=0)
    assert_same_fit(ref, ours)
    assert ours.stop_reason_ == "max_iter"


def test_tol_rule_like_sklearn():
    X, _ = make_blobs(n_samples=3000, centers=8, n_features=2, cluster_std=4.0, random_state=0)
    for tol in (1e-1, 1e-2, 1e-3):
        ref, ours, _, _ = fit_both(X, n_clusters=8, random_state=0, tol=tol)
        assert_same_fit(ref, ours)
    assert KMeans(8, random_state=0, tol=1e-1).fit(X).stop_reason_ == "tol"


def test_elkan_gives_sklearns_elkan_result():
    X, _ = make_blobs(n_samples=2000, centers=5, n_features=3, random_state=2)
    ref, ours, _, _ = fit_both(X, n_clusters=5, random_state=2, algorithm="elkan")
    assert_same_fit(ref, ours)


def test_methods_match_sklearn():
    X, _ = make_blobs(n_samples=600, centers=4, n_features=3, random_state=5)
    Y, _ = make_blobs(n_samples=50, centers=4, n_features=3, random_state=6)
    ref, ours, _, _ = fit_both(X, n_clusters=4, random_state=5)
    np.testing.assert_array_equal(ours.predict(Y), ref.predict(Y))
    np.testing.assert_allclose(ours.transform(Y), ref.transform(Y), rtol=1e-10)
    assert ours.score(Y) == pytest.approx(ref.score(Y), rel=1e-10)
    w = np.linspace(0.5, 2, len(Y))
    assert ours.score(Y, sample_weight=w) == pytest.approx(ref.score(Y, sample_weight=w), rel=1e-10)
    np.testing.assert_array_equal(KMeans(4, random_state=5).fit_predict(X), ref.labels_)
    np.testing.assert_allclose(KMeans(4, random_state=5).fit_transform(X), ref.transform(X), rtol=1e-10)
    assert list(ours.get_feature_names_out()) == list(ref.get_feature_names_out())
    assert ours.inertia_ == pytest.approx(-ours.score(X), rel=1e-12)
    np.testing.assert_array_equal(ours.predict(X), ours.labels_)


def test_feature_names_in():
    import pandas as pd

    X, _ = make_blobs(n_samples=100, centers=2, n_features=2, random_state=0)
    df = pd.DataFrame(X, columns=["width", "height"])
    km = KMeans(2, random_state=0).fit(df)
    assert list(km.feature_names_in_) == ["width", "height"]
    assert km.n_features_in_ == 2


def test_verbose_prints_the_same_story(capsys):
    X, _ = make_blobs(n_samples=500, centers=3, n_features=2, random_state=0)
    skc.KMeans(3, random_state=0, verbose=1).fit(X)
    ref = capsys.readouterr().out
    KMeans(3, random_state=0, verbose=1).fit(X)
    ours = capsys.readouterr().out

    def shape(text):  # the numbers may differ in their last digits
        return re.sub(r"[-+0-9.e]+(?=\.?$| within)", "#", re.sub(r"inertia [-+0-9.e]+", "inertia #", text), flags=re.M)

    assert shape(ours) == shape(ref)
    assert "Converged at iteration" in ours


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("weighted", [False, True])
def test_kmeans_plusplus_same_picks(seed, weighted):
    X, _ = make_blobs(n_samples=3000, centers=10, n_features=4, random_state=seed)
    w = np.random.RandomState(seed).rand(len(X)) if weighted else None
    for k in (1, 2, 10, 40):
        ref_c, ref_i = skc.kmeans_plusplus(X, k, sample_weight=w, random_state=seed)
        c, i = kmeans_plusplus(X, k, sample_weight=w, random_state=seed)
        np.testing.assert_array_equal(i, ref_i)
        np.testing.assert_array_equal(c, ref_c)


def test_kmeans_plusplus_float32_and_local_trials():
    X, _ = make_blobs(n_samples=2000, centers=8, n_features=3, random_state=7)
    X = X.astype(np.float32)
    for trials in (1, 3, 7):
        ref = skc.kmeans_plusplus(X, 8, random_state=1, n_local_trials=trials)[1]
        np.testing.assert_array_equal(kmeans_plusplus(X, 8, random_state=1, n_local_trials=trials)[1], ref)
    assert kmeans_plusplus(X, 8, random_state=1)[0].dtype == np.float32


def test_public_api():
    for name in kmeans_edu.__all__:
        assert getattr(kmeans_edu, name) is not None


def test_image_pixels_with_exact_ties():
    """Pixels take 256 values per channel, so many are exactly equidistant from two centres:
    ties must be broken as scikit-learn does (||c||^2 computed as its row_norms does)."""
    from sklearn.datasets import load_sample_image

    X = (load_sample_image("china.jpg").reshape(-1, 3)[::3] / 255.0).astype(np.float64)
    init = X[np.random.RandomState(0).choice(len(X), 64, replace=False)]
    ref = skc.KMeans(64, init=init, n_init=1, max_iter=5, tol=0).fit(X)
    ours = KMeans(64, init=init, n_init=1, max_iter=5, tol=0).fit(X)
    assert_same_fit(ref, ours)
