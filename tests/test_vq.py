"""kmeans_edu.vq against scipy.cluster.vq itself: same random numbers, same results.

Where SciPy <= 1.17 returns the distortion of the previous code book (fixed in 1.18), we compare
our distortion with the one recomputed from SciPy's code book, and our choice among restarts with
the restart that is best by that recomputed distortion.
"""

import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest
import scipy
import scipy.cluster.vq as S
from numpy.testing import assert_allclose, assert_array_equal

import kmeans_edu.vq as V

SCIPY_FIXED_DISTORTION = tuple(int(p) for p in scipy.__version__.split(".")[:2]) >= (1, 18)


def blobs(n_per, centres, scale=1.0, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    centres = np.asarray(centres, dtype=float)
    X = np.concatenate([rng.normal(c, scale, size=(n_per, centres.shape[1])) for c in centres])
    return X.astype(dtype)


DATASETS = {
    "blobs2d": blobs(40, [[0, 0], [4, 4], [0, 5]]),
    "offset2d": blobs(30, [[1e4, -1e4], [1e4 + 3, -1e4 + 3]]),  # far from the origin
    "blobs6d": blobs(25, np.eye(6)[:4] * 5, seed=1),  # SciPy's BLAS path (>= 5 features)
    "blobs12d": blobs(20, np.eye(12)[:3] * 6, seed=2),  # our GEMM path (> 8 features)
    "uniform3d": np.random.default_rng(3).uniform(size=(90, 3)),
}


def scipy_distortion(X, book):
    """The distortion of a code book, measured with SciPy's own vq."""
    return S.vq(X, book)[1].mean()


def quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return func(*args, **kwargs)


# ---------------------------------------------------------------------------------- whiten ----


@pytest.mark.parametrize("name", DATASETS)
def test_whiten_equals_scipy(name):
    X = DATASETS[name]
    assert_array_equal(V.whiten(X), S.whiten(X))


def test_whiten_dtypes_and_1d():
    X = DATASETS["blobs2d"]
    assert V.whiten(X.astype(np.float32)).dtype == np.float32
    assert_array_equal(V.whiten(X.astype(np.float32)), S.whiten(X.astype(np.float32)))
    Xi = (X * 10).astype(int)
    assert V.whiten(Xi).dtype == np.float64
    assert_array_equal(V.whiten(Xi), S.whiten(Xi))
    assert_array_equal(V.whiten(X[:, 0]), S.whiten(X[:, 0]))


def test_whiten_zero_std_column_warns_and_is_unchanged():
    X = np.array([[1.0, 5.0], [3.0, 5.0], [2.0, 5.0]])
    with pytest.warns(RuntimeWarning, match="standard deviation zero"):
        ours = V.whiten(X)
    with pytest.warns(RuntimeWarning, match="standard deviation zero"):
        theirs = S.whiten(X)
    assert_array_equal(ours, theirs)
    assert_array_equal(ours[:, 1], X[:, 1])


def test_whiten_rejects_nan():
    with pytest.raises(ValueError, match="obs contains NaN"):
        V.whiten(np.array([[1.0, np.nan], [2.0, 3.0]]))


# -------------------------------------------------------------------------------------- vq ----


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("seed", range(3))
def test_vq_equals_scipy(name, seed):
    X = DATASETS[name]
    book = X[np.random.default_rng(seed).choice(len(X), 5, replace=False)] + 0.1
    code, dist = V.vq(X, book)
    code_s, dist_s = S.vq(X, book)
    assert code.dtype == np.int32 and dist.dtype == np.float64
    assert_array_equal(code, code_s)
    # SciPy's >= 5-feature path uses ||x||^2 - 2x.c + ||c||^2 on raw data, less accurate far from 0
    assert_allclose(dist, dist_s, rtol=1e-10, atol=1e-7 * np.abs(X).max())
    assert_allclose(dist, np.sqrt(((X - book[code]) ** 2).sum(axis=1)), rtol=1e-12, atol=1e-12)


def test_vq_float32_1d_and_int():
    X = DATASETS["blobs2d"]
    book = X[:3]
    code, dist = V.vq(X.astype(np.float32), book.astype(np.float32))
    code_s, dist_s = S.vq(X.astype(np.float32), book.astype(np.float32))
    assert dist.dtype == np.float32
    assert_array_equal(code, code_s)
    assert_allclose(dist, dist_s, rtol=2e-6, atol=1e-6)
    # mixed float32/float64 gives float64, as in SciPy
    assert V.vq(X.astype(np.float32), book)[1].dtype == S.vq(X.astype(np.float32), book)[1].dtype == np.float64
    # 1-D observations
    code, dist = V.vq(X[:, 0], book[:, 0])
    code_s, dist_s = S.vq(X[:, 0], book[:, 0])
    assert_array_equal(code, code_s)
    assert_allclose(dist, dist_s, rtol=1e-12)
    # integers: same values; our codes are int32 (SciPy's fallback gives int64)
    Xi, bi = (X * 10).astype(int), (book * 10).astype(int) + 1
    code, dist = V.vq(Xi, bi)
    code_s, dist_s = S.vq(Xi, bi)
    assert code.dtype == np.int32 and dist.dtype == np.float64
    assert_array_equal(code, code_s)
    assert_allclose(dist, dist_s, rtol=1e-12)


def test_vq_errors():
    X = DATASETS["blobs2d"]
    with pytest.raises(ValueError, match="same rank"):
        V.vq(X, X[:3, 0])
    with pytest.raises(ValueError, match="features"):
        V.vq(X, np.ones((3, 3)))
    with pytest.raises(ValueError, match="code_book contains infinity"):
        V.vq(X, np.array([[np.inf, 0.0]]))
    with pytest.raises(ValueError, match="1-D or 2-D"):
        V.vq(np.ones((2, 2, 2)), np.ones((1, 2)))


# ---------------------------------------------------------------------------------- kmeans ----


@pytest.mark.parametrize("name", DATASETS)
def test_kmeans_with_initial_guess_equals_scipy(name):
    X = DATASETS[name]
    guess = X[[0, len(X) // 2, len(X) - 1]]
    book, dist = V.kmeans(X, guess)
    book_s, dist_s = S.kmeans(X, guess)
    assert_allclose(book, book_s, rtol=1e-12, atol=1e-12 * np.abs(X).max())
    assert isinstance(dist, np.float64)
    assert_allclose(dist, scipy_distortion(X, book_s), rtol=1e-12)
    if SCIPY_FIXED_DISTORTION:
        assert_allclose(dist, dist_s, rtol=1e-12)


def best_restart_with_scipy(X, k, iter, seed, thresh=1e-5):
    """The answer kmeans should give: SciPy's runs from the same starts, ranked by true distortion."""
    rng = np.random.default_rng(seed)
    best_book, best_dist = None, np.inf
    for _ in range(iter):
        start = X[rng.choice(X.shape[0], size=k, replace=False)]
        book, _ = S.kmeans(X, start, thresh=thresh)
        dist = scipy_distortion(X, book)
        if dist < best_dist:
            best_book, best_dist = book, dist
    return best_book, best_dist


@pytest.mark.parametrize("name", ["blobs2d", "blobs6d", "uniform3d"])
@pytest.mark.parametrize("seed", range(6))
def test_kmeans_restarts_equal_scipy(name, seed):
    X = DATASETS[name]
    book, dist = V.kmeans(X, 4, iter=5, rng=seed)
    expected_book, expected_dist = best_restart_with_scipy(X, 4, 5, seed)
    assert_allclose(book, expected_book, rtol=1e-12, atol=1e-12)
    assert_allclose(dist, expected_dist, rtol=1e-12)
    book_s, dist_s = S.kmeans(X, 4, iter=5, rng=seed)
    if SCIPY_FIXED_DISTORTION:
        assert_allclose(book, book_s, rtol=1e-12, atol=1e-12)
        assert_allclose(dist, dist_s, rtol=1e-12)
    # one restart: the same run as SciPy's for any version
    book1, dist1 = V.kmeans(X, 4, iter=1, rng=seed)
    book1_s, _ = S.kmeans(X, 4, iter=1, rng=seed)
    assert_allclose(book1, book1_s, rtol=1e-12, atol=1e-12)
    assert_allclose(dist1, scipy_distortion(X, book1_s), rtol=1e-12)


def test_kmeans_distortion_belongs_to_returned_codebook():
    """SciPy <= 1.17 returns the distortion before the last update; ours is that of the code book."""
    X = V.whiten(blobs(50, [[0, 0], [3, 0], [0, 3]], scale=1.2, seed=5))
    guess = X[:3]
    book, dist = V.kmeans(X, guess, thresh=0.5)
    assert dist == pytest.approx(V.vq(X, book)[1].mean(), rel=1e-15)
    book_s, dist_s = S.kmeans(X, guess, thresh=0.5)
    assert_allclose(book, book_s, rtol=1e-12)
    true_dist = scipy_distortion(X, book_s)
    assert dist == pytest.approx(true_dist, rel=1e-12)
    if SCIPY_FIXED_DISTORTION:
        assert dist_s == pytest.approx(true_dist, rel=1e-12)
    else:  # the bug this module fixes is really there
        assert abs(dist_s - true_dist) > 1e-4


def test_kmeans_1d_float32_int():
    X = DATASETS["blobs2d"]
    for seed in range(4):
        book, dist = V.kmeans(X[:, 0], 3, iter=1, rng=seed)
        book_s, _ = S.kmeans(X[:, 0], 3, iter=1, rng=seed)
        assert book.shape == book_s.shape and book.ndim == 1
        assert_allclose(book, book_s, rtol=1e-12)
        assert_allclose(dist, scipy_distortion(X[:, 0], book_s), rtol=1e-12)
    X32 = X.astype(np.float32)
    book, dist = V.kmeans(X32, X32[[0, 40, 80]])
    book_s, _ = S.kmeans(X32, X32[[0, 40, 80]])
    assert book.dtype == np.float32 and isinstance(dist, np.float32)
    assert_allclose(book, book_s, rtol=1e-5, atol=1e-5)
    # integers: converted to float64 (SciPy raises TypeError on them)
    Xi = (X * 10).astype(np.int64)
    with pytest.raises(TypeError):
        S.kmeans(Xi, 3, rng=0)
    book, dist = V.kmeans(Xi, 3, iter=1, rng=0)
    book_s, _ = S.kmeans(Xi.astype(float), 3, iter=1, rng=0)
    assert book.dtype == np.float64
    assert_allclose(book, book_s, rtol=1e-12)


def test_kmeans_drops_empty_clusters():
    X = np.array([[0.0], [0.1], [10.0], [10.1]])
    guess = np.array([[0.0], [10.0], [100.0]])
    book, _ = V.kmeans(X, guess)
    book_s, _ = S.kmeans(X, guess)
    assert book.shape == (2, 1)
    assert_allclose(book, book_s)


def test_kmeans_errors():
    X = DATASETS["blobs2d"]
    with pytest.raises(ValueError, match="iter must be at least 1"):
        V.kmeans(X, 3, iter=0)
    with pytest.raises(ValueError, match="must be an integer"):
        V.kmeans(X, 2.5)
    with pytest.raises(ValueError, match="Asked for 0 clusters"):
        V.kmeans(X, 0)
    with pytest.raises(ValueError, match="larger than the number of observations"):
        V.kmeans(X[:5], 6)
    with pytest.raises(ValueError, match="thresh"):
        V.kmeans(X, 3, thresh=-1.0)
    with pytest.raises(ValueError, match="features"):
        V.kmeans(X, np.ones((3, 5)))
    with pytest.raises(ValueError, match="obs contains NaN"):
        V.kmeans(np.where(X > 5, np.nan, X), 3)
    with pytest.raises(TypeError, match="Specify one of `rng` or `seed`"):
        V.kmeans(X, 3, rng=1, seed=1)


# --------------------------------------------------------------------------- random numbers ----


def test_legacy_seed_and_global_state_match_scipy():
    X = DATASETS["uniform3d"]
    for seed in (0, 7):  # seed=int: a RandomState, SciPy's legacy stream (not default_rng's)
        assert_allclose(V.kmeans(X, 3, iter=1, seed=seed)[0], S.kmeans(X, 3, iter=1, seed=seed)[0], rtol=1e-12)
        assert_allclose(quiet(V.kmeans2, X, 3, seed=seed)[0], quiet(S.kmeans2, X, 3, seed=seed)[0], rtol=1e-12)
    assert not np.allclose(V.kmeans2(X, 3, minit="points", seed=0)[0], V.kmeans2(X, 3, minit="points", rng=0)[0])
    # a Generator or RandomState instance is used as is, and consumed the same way
    g1, g2 = np.random.default_rng(4), np.random.default_rng(4)
    assert_allclose(V.kmeans2(X, 3, minit="++", rng=g1)[0], S.kmeans2(X, 3, minit="++", rng=g2)[0], rtol=1e-12)
    assert g1.integers(10**9) == g2.integers(10**9)
    r1, r2 = np.random.RandomState(4), np.random.RandomState(4)
    assert_allclose(V.kmeans2(X, 3, minit="++", seed=r1)[0], S.kmeans2(X, 3, minit="++", seed=r2)[0], rtol=1e-12)
    # neither rng nor seed: NumPy's global RandomState, as in SciPy
    state = np.random.get_state()  # noqa: NPY002 (the global state is what is tested)
    try:
        np.random.seed(11)  # noqa: NPY002 (the global state is what is tested)
        ours = V.kmeans2(X, 3, minit="points")[0]
        np.random.seed(11)  # noqa: NPY002 (the global state is what is tested)
        theirs = S.kmeans2(X, 3, minit="points")[0]
    finally:
        np.random.set_state(state)  # noqa: NPY002 (the global state is what is tested)
    assert_allclose(ours, theirs, rtol=1e-12)
    with pytest.raises(ValueError, match="seed must be"):
        V.kmeans2(X, 3, seed="abc")


# --------------------------------------------------------------------------------- kmeans2 ----


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("minit", ["random", "points", "++"])
@pytest.mark.parametrize("seed", range(4))
def test_kmeans2_equals_scipy(name, minit, seed):
    X = DATASETS[name]
    centroid, label = quiet(V.kmeans2, X, 4, minit=minit, rng=seed)
    centroid_s, label_s = quiet(S.kmeans2, X, 4, minit=minit, rng=seed)
    assert centroid.dtype == np.float64 and label.dtype == np.int32
    assert_array_equal(label, label_s)
    assert_allclose(centroid, centroid_s, rtol=1e-10, atol=1e-10 * np.abs(X).max())


@pytest.mark.parametrize("minit", ["random", "points", "++"])
def test_kmeans2_1d(minit):
    x = DATASETS["blobs2d"][:, 1]
    for seed in range(4):
        centroid, label = quiet(V.kmeans2, x, 3, minit=minit, rng=seed)
        centroid_s, label_s = quiet(S.kmeans2, x, 3, minit=minit, rng=seed)
        assert centroid.shape == (3,)
        assert_array_equal(label, label_s)
        assert_allclose(centroid, centroid_s, rtol=1e-12)


def test_kmeans2_more_features_than_observations_uses_svd_init():
    X = np.random.default_rng(8).normal(size=(6, 10))
    for seed in range(3):
        centroid, label = quiet(V.kmeans2, X, 2, rng=seed)
        centroid_s, label_s = quiet(S.kmeans2, X, 2, rng=seed)
        assert_array_equal(label, label_s)
        assert_allclose(centroid, centroid_s, rtol=1e-10, atol=1e-12)


def test_kmeans2_matrix_float32_int():
    X = DATASETS["blobs2d"]
    init = X[[1, 50, 100]] + 0.3
    for k_arg, minit in ((init, "matrix"), (init, "random")):  # an array is used as given
        centroid, label = V.kmeans2(X, k_arg, minit=minit)
        centroid_s, label_s = S.kmeans2(X, k_arg, minit=minit)
        assert_array_equal(label, label_s)
        assert_allclose(centroid, centroid_s, rtol=1e-12)
    X32, init32 = X.astype(np.float32), init.astype(np.float32)
    centroid, label = V.kmeans2(X32, init32, minit="matrix")
    centroid_s, label_s = S.kmeans2(X32, init32, minit="matrix")
    assert centroid.dtype == np.float32
    assert_array_equal(label, label_s)
    assert_allclose(centroid, centroid_s, rtol=1e-5)
    Xi = np.rint(X * 10).astype(int)
    with pytest.raises(TypeError):
        S.kmeans2(Xi, 3, minit="points", rng=0)
    centroid, label = V.kmeans2(Xi, 3, minit="points", rng=0)
    centroid_s, label_s = S.kmeans2(Xi.astype(float), 3, minit="points", rng=0)
    assert_array_equal(label, label_s)
    assert_allclose(centroid, centroid_s, rtol=1e-12)


def test_kmeans2_iter_is_iterations_and_thresh_is_ignored():
    X = DATASETS["uniform3d"]
    for it in (1, 2, 5):
        centroid, label = V.kmeans2(X, 4, iter=it, minit="points", rng=3)
        centroid_s, label_s = S.kmeans2(X, 4, iter=it, minit="points", rng=3)
        assert_array_equal(label, label_s)
        assert_allclose(centroid, centroid_s, rtol=1e-12)
        assert_array_equal(centroid, V.kmeans2(X, 4, iter=it, thresh=1e9, minit="points", rng=3)[0])
    # one iteration: the labels are those of the starting centroids, not of the returned ones
    start = X[np.random.default_rng(3).choice(len(X), 4, replace=False)]
    centroid, label = V.kmeans2(X, 4, iter=1, minit="points", rng=3)
    assert_array_equal(label, V.vq(X, start)[0])


def test_kmeans2_missing_warn_and_raise():
    X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]])
    init = np.array([[0.0, 0.0], [5.0, 5.0], [100.0, 100.0]])
    with pytest.warns(UserWarning, match="One of the clusters is empty"):
        centroid, label = V.kmeans2(X, init, iter=3, minit="matrix")
    centroid_s, label_s = quiet(S.kmeans2, X, init, iter=3, minit="matrix")
    assert_allclose(centroid, centroid_s)
    assert_array_equal(centroid[2], init[2])  # the empty centroid stays where it was
    with pytest.raises(V.ClusterError, match="One of the clusters is empty"):
        V.kmeans2(X, init, minit="matrix", missing="raise")
    with pytest.raises(S.ClusterError):
        S.kmeans2(X, init, minit="matrix", missing="raise")


def test_kmeans2_plusplus_with_more_clusters_than_distinct_points():
    X = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.0], [1.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SciPy divides 0 by 0 here
        centroid_s, label_s = S.kmeans2(X, 3, minit="++", rng=0)
    centroid, label = quiet(V.kmeans2, X, 3, minit="++", rng=0)
    assert_array_equal(label, label_s)
    assert_allclose(centroid, centroid_s)


def test_kmeans2_errors_and_warnings():
    X = DATASETS["blobs2d"]
    with pytest.raises(ValueError, match="iter must be at least 1"):
        V.kmeans2(X, 3, iter=0)
    with pytest.raises(ValueError, match="Unknown missing method"):
        V.kmeans2(X, 3, missing="ignore")
    with pytest.raises(ValueError, match="Unknown init method"):
        V.kmeans2(X, 3, minit="kmeans++")
    with pytest.raises(ValueError, match="Cannot ask kmeans2 for 0 clusters"):
        V.kmeans2(X, 0)
    with pytest.raises(ValueError, match="rank > 2"):
        V.kmeans2(np.ones((3, 3, 3)), 2)
    with pytest.raises(ValueError, match="Empty input"):
        V.kmeans2(np.empty((0, 2)), 2)
    with pytest.raises(ValueError, match="doesn't match data rank"):
        V.kmeans2(X, X[:3, 0], minit="matrix")
    with pytest.raises(ValueError, match="doesn't match data dimension"):
        V.kmeans2(X, np.ones((3, 3)))
    with pytest.raises(ValueError, match="larger than the number of observations"):
        V.kmeans2(X[:3], 4, minit="points")
    with pytest.raises(ValueError, match="data contains NaN"):
        V.kmeans2(np.where(X > 5, np.nan, X), 3)
    with pytest.raises(np.linalg.LinAlgError, match="minit='points'"):
        V.kmeans2(np.c_[X, np.ones(len(X))], 3, minit="random", rng=0)
    with pytest.warns(UserWarning, match="k was not an integer"):
        centroid, _ = V.kmeans2(X, 3.5, minit="points", rng=0)
    assert centroid.shape == (3, 2)


def test_float32_stays_float32():
    X = DATASETS["blobs2d"].astype(np.float32)
    assert V.whiten(X).dtype == np.float32
    assert V.vq(X, X[:3])[1].dtype == np.float32
    book, dist = V.kmeans(X, 3, rng=0)
    assert book.dtype == np.float32 and isinstance(dist, np.float32)
    for minit in ("random", "points", "++"):
        centroid, label = quiet(V.kmeans2, X, 3, minit=minit, rng=0)
        centroid_s, label_s = quiet(S.kmeans2, X, 3, minit=minit, rng=0)
        assert centroid.dtype == np.float32 and label.dtype == np.int32
        assert_array_equal(label, label_s)
        assert_allclose(centroid, centroid_s, rtol=1e-5, atol=1e-5)


# ---------------------------------------------------------- check_finite=False never crashes ----

NAN_SCRIPT = textwrap.dedent(
    """
    import numpy as np
    import kmeans_edu.vq as V
    X = np.random.default_rng(0).normal(size=(40, 3))
    X[5, 1] = np.nan
    X[7, 0] = np.inf
    code, dist = V.vq(X, X[10:13], check_finite=False)
    assert code.dtype == np.int32 and code.min() >= 0 and code.max() < 3
    assert np.isnan(dist[5]) and np.isinf(dist[7]) and np.isfinite(np.delete(dist, [5, 7])).all()
    calls = [lambda: V.kmeans(X, 3, rng=0, check_finite=False), lambda: V.kmeans(X, X[10:13], check_finite=False)]
    calls += [lambda m=m: V.kmeans2(X, 3, minit=m, rng=0, check_finite=False) for m in ("points", "++", "random")]
    calls += [lambda: V.kmeans2(X, X[10:13], minit="matrix", check_finite=False)]
    for call in calls:
        try:
            call()
        except ValueError as exc:  # LinAlgError is a ValueError too
            assert "NaN" in str(exc) or "positive-definite" in str(exc), exc
        else:
            raise AssertionError("non-finite data was not reported")
    print("survived")
    """
)


def test_check_finite_false_with_nan_does_not_crash():
    proc = subprocess.run([sys.executable, "-c", NAN_SCRIPT], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "survived" in proc.stdout


# ------------------------------------------------------------------------ compare_objectives ----


def test_score_centers_identity_and_sklearn_inertia():
    from sklearn.cluster import KMeans

    X = DATASETS["blobs2d"]
    km = KMeans(3, random_state=0, n_init=1).fit(X)
    s = V.score_centers(X, km.cluster_centers_)
    assert s["inertia"] == pytest.approx(km.inertia_, rel=1e-10)
    assert s["identity"] == pytest.approx(s["inertia"], rel=1e-12)
    assert s["n_dbar_sq"] < s["inertia"]
    d = np.sqrt(((X[:, None, :] - km.cluster_centers_[None]) ** 2).sum(-1)).min(axis=1)
    assert s["distortion"] == pytest.approx(d.mean(), rel=1e-12)
    assert s["var_d"] == pytest.approx(d.var(), rel=1e-10)


def test_compare_objectives_table():
    X = V.whiten(DATASETS["blobs6d"])
    table = V.compare_objectives(X, 4, random_state=1, kmeans_iter=5)
    methods = [row["method"] for row in table]
    assert methods == [
        "sklearn KMeans",
        "kmeans_edu KMeans",
        "scipy kmeans",
        "kmeans_edu kmeans",
        "scipy kmeans2",
        "kmeans_edu kmeans2",
    ]
    rows = {row["method"]: row for row in table}
    for row in table:
        assert row["identity"] == pytest.approx(row["inertia"], rel=1e-12)
        assert row["n_dbar_sq"] <= row["inertia"]
    assert rows["sklearn KMeans"]["reported"] == pytest.approx(rows["sklearn KMeans"]["inertia"], rel=1e-10)
    assert rows["kmeans_edu KMeans"]["inertia"] == pytest.approx(rows["sklearn KMeans"]["inertia"], rel=1e-10)
    assert rows["kmeans_edu kmeans"]["reported"] == pytest.approx(rows["kmeans_edu kmeans"]["distortion"], rel=1e-12)
    assert rows["kmeans_edu kmeans2"]["inertia"] == pytest.approx(rows["scipy kmeans2"]["inertia"], rel=1e-10)
    assert rows["scipy kmeans"]["iterations"] is None and rows["kmeans_edu kmeans"]["iterations"] >= 1
    text = str(table)
    assert "SSE (inertia)" in text and "scipy kmeans2" in text and len(text.splitlines()) == 2 + len(table)
    assert "<table>" in table._repr_html_()
    short = V.compare_objectives(X, 4, include_ours=False)
    assert len(short) == 3
    with pytest.raises(ValueError, match="minit"):
        V.compare_objectives(X, 4, minit="matrix")
