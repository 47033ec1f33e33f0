"""Each step of the algorithm against the textbook NumPy version in tests/naive.py."""

import numpy as np
import pytest

import naive
from kmeans_edu import (
    KMeans,
    assign_labels,
    kmeans_plusplus,
    lloyd,
    objective,
    sse,
    update_centers,
)
from kmeans_edu.metrics import distances

METRICS = ["euclidean", "manhattan", "cosine"]


def data(seed, n=300, d=3, dtype=np.float64):
    rng = np.random.RandomState(seed)
    return (rng.randn(n, d) * rng.uniform(0.5, 3, size=d) + rng.uniform(-2, 2, size=d)).astype(dtype)


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("d", [1, 2, 9, 40])
@pytest.mark.parametrize("seed", range(3))
def test_assign_matches_naive(metric, d, seed):
    X = data(seed, d=d)
    C = data(seed + 100, n=7, d=d)
    labels, dist = assign_labels(X, C, metric=metric)
    ref_labels, ref_dist = naive.assign(X, C, metric)
    np.testing.assert_array_equal(labels, ref_labels)
    np.testing.assert_allclose(dist, ref_dist, rtol=1e-10, atol=1e-12)
    assert labels.dtype == np.int32


@pytest.mark.parametrize("d", [2, 9])
def test_assign_large_n_uses_every_block(d):
    X = data(0, n=40_000, d=d)
    C = data(1, n=5, d=d)
    labels, dist = assign_labels(X, C)
    ref_labels, ref_dist = naive.assign(X, C)
    np.testing.assert_array_equal(labels, ref_labels)
    np.testing.assert_allclose(dist, ref_dist, rtol=1e-10)


def test_assign_float32_stays_float32():
    X = data(0, dtype=np.float32)
    labels, dist = assign_labels(X, X[:4])
    assert dist.dtype == np.float32
    np.testing.assert_array_equal(labels, naive.assign(X.astype(np.float64), X[:4].astype(np.float64))[0])


def test_assign_ties_go_to_lowest_index():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    labels, _ = assign_labels(X, np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]))
    np.testing.assert_array_equal(labels, [0, 0])


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("weighted", [False, True])
def test_update_matches_naive(metric, seed, weighted):
    X = data(seed, n=200, d=4)
    labels = np.random.RandomState(seed).randint(0, 5, size=len(X))
    w = np.random.RandomState(seed + 1).uniform(0.1, 2, size=len(X)) if weighted else None
    centers, empty = update_centers(X, labels, X[:5], sample_weight=w, metric=metric)
    assert empty == ()
    ref = naive.update(X, labels, 5, metric, w)
    if metric == "manhattan":  # any point between the two middle values is a median: compare objectives
        for j in range(5):
            m = labels == j
            ww = np.ones(m.sum()) if w is None else w[m]
            for f in range(X.shape[1]):
                ours = (ww * np.abs(X[m, f] - centers[j, f])).sum()
                assert ours == pytest.approx(naive.weighted_median(X[m, f], ww)[1], rel=1e-12)
    else:
        np.testing.assert_allclose(centers, ref, rtol=1e-12, atol=1e-14)


def test_median_update_equals_numpy_median_for_unit_weights():
    X = data(3, n=101, d=3)
    labels = np.arange(101) % 2  # clusters of 51 and 50 points: odd and even counts
    centers, _ = update_centers(X, labels, X[:2], metric="manhattan")
    for j in range(2):
        np.testing.assert_array_equal(centers[j], np.median(X[labels == j], axis=0))


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("seed", range(5))
def test_each_update_minimises_its_own_objective(metric, seed):
    """Moving any centre away from its update (mean / median / normalised mean) never lowers the objective."""
    rng = np.random.RandomState(seed)
    X = data(seed, n=150, d=3)
    labels = rng.randint(0, 4, size=len(X))
    centers, _ = update_centers(X, labels, X[:4], metric=metric)
    best = objective(X, labels, centers, metric=metric)
    assert best == pytest.approx(naive.objective(X, labels, centers, metric), rel=1e-12)
    for _ in range(50):
        moved = centers + rng.randn(*centers.shape) * rng.choice([1e-3, 1e-1, 1])
        assert objective(X, labels, moved, metric=metric) >= best * (1 - 1e-12)


def test_mean_is_wrong_for_manhattan():
    """The mismatch some libraries make: L1 assignment with a mean update can raise the L1 objective."""
    X = np.array([[0.0], [0.0], [0.0], [10.0]])
    labels = np.zeros(4, dtype=int)
    median, _ = update_centers(X, labels, X[:1], metric="manhattan")
    mean, _ = update_centers(X, labels, X[:1], metric="euclidean")
    assert objective(X, labels, median, metric="manhattan") == 10.0
    assert objective(X, labels, mean, metric="manhattan") == 15.0


def test_empty_cluster_moves_to_farthest_point_and_is_reported():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [0.0, 0.2]])
    labels = np.array([0, 0, 0, 0])
    centers, empty = update_centers(X, labels, np.array([[0.0, 0.0], [50.0, 50.0]]))
    assert empty == (1,)
    np.testing.assert_array_equal(centers[1], X[2])  # the point farthest from its centre
    np.testing.assert_allclose(centers[0], X[[0, 1, 3]].mean(axis=0))  # and it left cluster 0


@pytest.mark.parametrize("seed", range(4))
def test_sse_matches_naive(seed):
    X = data(seed)
    labels = np.random.RandomState(seed).randint(0, 3, len(X))
    w = np.random.RandomState(seed).rand(len(X))
    assert sse(X, labels, X[:3], sample_weight=w) == pytest.approx(naive.sse(X, labels, X[:3], w), rel=1e-12)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("weighted", [False, True])
def test_kmeans_plusplus_matches_naive(seed, weighted):
    X = data(seed, n=500, d=3)
    w = np.random.RandomState(seed).rand(len(X)) if weighted else None
    ref_centers, ref_idx = naive.kmeans_plusplus(X, 9, np.random.RandomState(seed), w)
    centers, idx = kmeans_plusplus(X, 9, sample_weight=w, random_state=seed)
    np.testing.assert_array_equal(idx, ref_idx)
    np.testing.assert_array_equal(centers, ref_centers)


@pytest.mark.parametrize("seed", range(3))
def test_lloyd_matches_naive_lloyd(seed):
    X = data(seed, n=400, d=2)
    init = X[:6].copy()
    result = lloyd(X, init, max_iter=7, tol=0, stop_when=())
    ref_labels, ref_centers = naive.lloyd(X, init, 7)
    assert result.n_iter == 7 and result.stop_reason == "max_iter"
    np.testing.assert_array_equal(result.labels, ref_labels)
    np.testing.assert_allclose(result.centers, ref_centers, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("metric", METRICS)
def test_distances_match_naive(metric):
    X = data(1, n=50, d=5)
    C = data(2, n=4, d=5)
    full = distances(X, C, metric)
    for j in range(4):
        ref = naive.assign(X, C[[j]], metric)[1]
        np.testing.assert_allclose(full[:, j], ref, rtol=1e-10, atol=1e-12)


def test_history_replays_the_run():
    X = data(4, n=300, d=2)
    km = KMeans(4, random_state=0, record_history=True).fit(X)
    h = km.history_
    assert [s.kind for s in h[:2]] == ["assign", "update"]
    assert h[-1].kind == "update" if km.stop_reason_ == "no_reassignment" else h[-1].kind == "assign"
    np.testing.assert_array_equal(h[-1].labels, km.labels_)
    np.testing.assert_allclose(h[-1].centers, km.cluster_centers_)
    assert h[-1].objective == pytest.approx(km.inertia_, rel=1e-12)
    for step in h:  # each recorded objective is the SSE of its own labels and centres
        assert step.objective == pytest.approx(naive.sse(X, step.labels, step.centers), rel=1e-9)
    assert len(h) == 2 * km.n_iter_ + (km.stop_reason_ != "no_reassignment")


def test_stop_rules_can_be_switched_off():
    X = data(5, n=500, d=2)
    init = X[:5].copy()
    full = lloyd(X, init)
    assert full.stop_reason in ("no_reassignment", "tol")
    only_max = lloyd(X, init, stop_when=(), max_iter=full.n_iter + 5, tol=0)
    assert only_max.stop_reason == "max_iter" and only_max.n_iter == full.n_iter + 5
    no_tol = lloyd(X, init, stop_when=("no_reassignment",))
    assert no_tol.stop_reason == "no_reassignment"
    assert lloyd(X, init, tol=10.0).stop_reason == "tol"


@pytest.mark.parametrize("metric", METRICS)
def test_score_and_inertia_are_the_metric_objective(metric):
    X = data(7, n=200, d=3)
    km = KMeans(3, metric=metric, random_state=0).fit(X)
    ref = naive.objective(X, km.labels_, km.cluster_centers_, metric)
    assert km.inertia_ == pytest.approx(ref, rel=1e-10)
    assert km.score(X) == pytest.approx(-ref, rel=1e-10)
    np.testing.assert_array_equal(km.predict(X), naive.assign(X, km.cluster_centers_, metric)[0])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("seed", range(40))
def test_kmeanspp_draw_is_searchsorted_of_cumsum(dtype, seed):
    """The one-pass draw of k-means++ returns exactly numpy's searchsorted(cumsum(w * D^2), targets)."""
    from kmeans_edu._kernels import draw_rows

    rng = np.random.RandomState(seed)
    n = rng.randint(1, 3000)
    weights = (rng.rand(n) * (rng.rand() < 0.5) + (rng.rand(n) < 0.5)).astype(dtype)  # some zero weights
    closest_sq = (rng.rand(n) ** 3).astype(dtype)
    closest_sq[rng.rand(n) < 0.2] = 0  # points on a centre
    cumulative = np.cumsum(weights * closest_sq)
    targets = rng.uniform(size=7) * float(cumulative[-1]) * 1.01  # some beyond the total
    targets[0] = cumulative[-1]  # exactly the total
    targets[1] = cumulative[n // 2]  # exactly a partial sum
    drawn = draw_rows(weights, closest_sq, targets, np.argsort(targets))
    np.testing.assert_array_equal(drawn, np.searchsorted(cumulative, targets))
