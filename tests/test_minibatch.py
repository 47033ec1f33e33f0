"""MiniBatchKMeans against scikit-learn's: the same random stream, the same centres, step by step."""

import warnings

import numpy as np
import pytest
from sklearn.cluster import MiniBatchKMeans as SkMiniBatchKMeans
from sklearn.datasets import make_blobs
from sklearn.utils.estimator_checks import parametrize_with_checks

from kmeans_edu import _kernels
from kmeans_edu.minibatch import WEIGHTED_BATCHES, MiniBatchKMeans, _WeightedBatchSampler

EXPECTED_FAILED = {  # scikit-learn's own expected failure for its MiniBatchKMeans
    "check_sample_weight_equivalence_on_dense_data": "sample_weight is not equivalent to removing/repeating samples.",
}


@parametrize_with_checks(
    [MiniBatchKMeans(n_init=2, n_clusters=2, max_iter=5, batch_size=10)],
    expected_failed_checks=lambda est: EXPECTED_FAILED,
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


def _data(kind, seed=0):
    if kind == "blobs5":  # short rows: the column kernel
        return make_blobs(3000, n_features=5, centers=6, random_state=seed)[0]
    if kind == "blobs20":  # long rows: the GEMM kernel
        return make_blobs(2000, n_features=20, centers=10, random_state=seed)[0]
    # uncentred, pixel-like: values 0..255 far from the origin, with many exact duplicates
    rng = np.random.RandomState(seed)
    return rng.randint(100, 256, size=(2500, 3)).astype(np.float64)


def _assert_same(ours, theirs, rtol=1e-9):
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=rtol, atol=0)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.n_steps_ == theirs.n_steps_
    assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=rtol)  # float32: scikit-learn sums in float32


MATRIX = [
    # data, n_clusters, batch_size, weighted, reassignment_ratio, extra parameters
    ("blobs5", 8, 1024, False, 0.01, {}),
    ("blobs5", 8, 100, True, 0.01, {}),
    ("blobs5", 12, 37, False, 0.3, {}),
    ("blobs5", 8, 64, True, 0.0, {"init": "random"}),
    ("blobs20", 10, 256, False, 0.01, {"tol": 1e-3}),
    ("blobs20", 16, 50, True, 0.2, {"n_init": 2}),
    ("pixels", 8, 200, False, 0.05, {}),
    ("pixels", 16, 128, True, 0.01, {"max_no_improvement": None, "max_iter": 3}),
]


@pytest.mark.parametrize("seed", [0, 1, 7])
@pytest.mark.parametrize("kind, k, batch_size, weighted, ratio, extra", MATRIX)
def test_fit_equals_sklearn(kind, k, batch_size, weighted, ratio, extra, seed):
    X = _data(kind, seed)
    w = np.random.RandomState(seed + 100).uniform(0.1, 3.0, X.shape[0]) if weighted else None
    params = dict(n_clusters=k, batch_size=batch_size, reassignment_ratio=ratio, random_state=seed, **extra)
    ours = MiniBatchKMeans(**params).fit(X, sample_weight=w)
    theirs = SkMiniBatchKMeans(**params).fit(X, sample_weight=w)
    _assert_same(ours, theirs)


def test_float32_equals_sklearn():
    X = _data("blobs5", 3).astype(np.float32)
    ours = MiniBatchKMeans(n_clusters=8, batch_size=128, random_state=3).fit(X)
    theirs = SkMiniBatchKMeans(n_clusters=8, batch_size=128, random_state=3).fit(X)
    assert ours.cluster_centers_.dtype == np.float32
    _assert_same(ours, theirs, rtol=1e-5)


def test_compute_labels_false_and_array_init_equal_sklearn():
    X = _data("blobs20", 4)
    w = np.random.RandomState(4).uniform(0.5, 2.0, X.shape[0])
    params = dict(n_clusters=10, batch_size=100, init=X[:10], compute_labels=False, random_state=4)
    ours = MiniBatchKMeans(**params).fit(X, sample_weight=w)
    theirs = SkMiniBatchKMeans(**params).fit(X, sample_weight=w)
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=1e-9, atol=0)
    assert (ours.n_steps_, ours.n_iter_) == (theirs.n_steps_, theirs.n_iter_)
    assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=1e-9)
    assert not hasattr(ours, "labels_")


def test_weighted_batch_sampler_is_numpy_choice():
    """The once-built cumulative sum draws the same rows as ``RandomState.choice(p=...)``."""
    w = np.random.RandomState(0).uniform(0, 5, 1001)
    w[::7] = 0.0
    p = w / w.sum()
    sampler = _WeightedBatchSampler(p)
    a, b = np.random.RandomState(11), np.random.RandomState(11)
    for size in (1, 64, 1000):
        np.testing.assert_array_equal(sampler.draw(a, size), b.choice(w.size, size, p=p, replace=True))
    assert a.randint(1 << 30) == b.randint(1 << 30)  # and the streams stay in step


def test_update_kernel_is_the_running_mean():
    """c_j = (c_j n_j + sum w x) / (n_j + W_j): the mean of every point the centre has seen."""
    rng = np.random.RandomState(0)
    X, w = rng.rand(50, 3), rng.uniform(0.5, 2, 50)
    labels = rng.randint(0, 4, 50).astype(np.int32)
    labels[labels == 3] = 2  # cluster 3 gets no point: it must not move
    centers, counts = rng.rand(4, 3), np.array([2.0, 0.0, 5.0, 1.0])
    new, counts_new = np.empty_like(centers), counts.copy()
    _kernels.minibatch_update_centers(X, w, centers, new, counts_new, labels)
    for j in range(3):
        members = labels == j
        expected = (centers[j] * counts[j] + (w[members, None] * X[members]).sum(0)) / (counts[j] + w[members].sum())
        np.testing.assert_allclose(new[j], expected, rtol=1e-12)
        assert counts_new[j] == pytest.approx(counts[j] + w[members].sum())
    np.testing.assert_array_equal(new[3], centers[3])
    assert counts_new[3] == counts[3]
    inplace, counts_inplace = centers.copy(), counts.copy()  # partial_fit updates in place
    _kernels.minibatch_update_centers(X, w, inplace, inplace, counts_inplace, labels)
    np.testing.assert_array_equal(inplace, new)


def _stream(estimator_class, X, w, seed, batch_size, n_steps, **params):
    """partial_fit on the batches that fit draws, from one RandomState shared with the estimator.

    fit draws, in order: the validation subsample, the init subsample, then per step the batch and
    the reassignments. Here the caller draws the first three and partial_fit the reassignments.
    """
    rng = np.random.RandomState(seed)
    init_size = 3 * batch_size
    rng.randint(0, X.shape[0], init_size)  # fit's validation subsample
    if init_size < X.shape[0]:
        rng.randint(0, X.shape[0], init_size)  # fit's init subsample
    estimator = estimator_class(batch_size=batch_size, random_state=rng, **params)
    for _ in range(n_steps):
        if WEIGHTED_BATCHES:
            estimator.partial_fit(X[rng.choice(X.shape[0], batch_size, p=w / w.sum(), replace=True)])
        else:
            index = rng.randint(0, X.shape[0], batch_size)
            estimator.partial_fit(X[index], sample_weight=w[index])
    return estimator


@pytest.mark.parametrize("ratio", [0.0, 0.2])
def test_partial_fit_streaming_equals_fit(ratio):
    """Feeding fit's own batches to partial_fit gives fit's centres, reassignments included."""
    X = _data("blobs5", 5)
    w = np.random.RandomState(5).uniform(0.5, 2.0, X.shape[0])
    params = dict(n_clusters=8, init=X[:8].copy(), reassignment_ratio=ratio)
    fitted = MiniBatchKMeans(batch_size=100, max_iter=2, max_no_improvement=None, random_state=5, **params)
    fitted.fit(X, sample_weight=w)
    assert fitted.n_steps_ == 60
    streamed = _stream(MiniBatchKMeans, X, w, 5, 100, 60, **params)
    np.testing.assert_array_equal(streamed.cluster_centers_, fitted.cluster_centers_)
    assert streamed.n_steps_ == fitted.n_steps_
    reference = _stream(SkMiniBatchKMeans, X, w, 5, 100, 60, **params)
    np.testing.assert_allclose(streamed.cluster_centers_, reference.cluster_centers_, rtol=1e-9, atol=0)


def test_partial_fit_equals_sklearn_partial_fit():
    X = _data("blobs20", 6)
    ours = MiniBatchKMeans(n_clusters=10, random_state=6, reassignment_ratio=0.1)
    theirs = SkMiniBatchKMeans(n_clusters=10, random_state=6, reassignment_ratio=0.1)
    for batch in np.array_split(X, 20):
        ours.partial_fit(batch)
        theirs.partial_fit(batch)
        np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=1e-9, atol=0)
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.n_steps_ == theirs.n_steps_ == 20


def test_predict_transform_score_equal_sklearn():
    X = _data("blobs5", 8)
    ours = MiniBatchKMeans(n_clusters=6, random_state=8).fit(X)
    theirs = SkMiniBatchKMeans(n_clusters=6, random_state=8).fit(X)
    np.testing.assert_array_equal(ours.predict(X[:100]), theirs.predict(X[:100]))
    np.testing.assert_allclose(ours.transform(X[:100]), theirs.transform(X[:100]), rtol=1e-9)
    assert ours.score(X) == pytest.approx(theirs.score(X), rel=1e-9)


def test_errors_name_the_argument():
    X = _data("blobs5")
    with pytest.raises(ValueError, match="reassignment_ratio"):
        MiniBatchKMeans(reassignment_ratio=-1).fit(X)
    with pytest.raises(ValueError, match="batch_size"):
        MiniBatchKMeans(batch_size=0).fit(X)
    with pytest.raises(ValueError, match="n_samples=5 should be >= n_clusters=8"):
        MiniBatchKMeans().fit(X[:5])
    with pytest.raises(ValueError, match="shape of the initial centers"):
        MiniBatchKMeans(n_clusters=3, init=X[:2]).fit(X)
    with pytest.raises(ValueError, match="NaN"):
        MiniBatchKMeans().fit(np.where(np.arange(X.size).reshape(X.shape) == 7, np.nan, X))
    with pytest.raises(TypeError):  # sparse input: a clear TypeError, as KMeans
        import scipy.sparse

        MiniBatchKMeans().fit(scipy.sparse.csr_matrix(X))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        MiniBatchKMeans(n_clusters=4, init_size=2, random_state=0).fit(X)
    assert any("init_size=2 should be larger than n_clusters=4" in str(w.message) for w in caught)


def test_median_inertia_over_seeds_within_one_percent():
    """The statistical guard for cases where a bit-level tie could split the two runs (duplicate pixels):
    over 10 seeds the median final inertia agrees with scikit-learn's to 1%."""
    X = _data("pixels", 9)
    ours = [MiniBatchKMeans(n_clusters=16, batch_size=256, random_state=s).fit(X).inertia_ for s in range(10)]
    theirs = [SkMiniBatchKMeans(n_clusters=16, batch_size=256, random_state=s).fit(X).inertia_ for s in range(10)]
    assert np.median(ours) == pytest.approx(np.median(theirs), rel=0.01)
