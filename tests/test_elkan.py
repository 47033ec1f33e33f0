"""algorithm='elkan': equal to scikit-learn's elkan, its bounds are true bounds, and it skips distances."""

import warnings

import numba
import numpy as np
import pytest
import sklearn.cluster as skc
import test_core_vs_sklearn as lloyd_tests
from sklearn.datasets import make_blobs
from sklearn.metrics.pairwise import euclidean_distances
from test_core_vs_sklearn import (  # noqa: F401  (collected again here, see _elkan_in_the_lloyd_tests)
    assert_same_fit,
    fit_both,
    test_article_six_points,
    test_blobs,
    test_blobs_more_samples_than_one_block,
    test_digits,
    test_fewer_distinct_points_than_k,
    test_fewer_distinct_real_points_than_k,
    test_float32,
    test_init_array_and_callable,
    test_init_random,
    test_methods_match_sklearn,
    test_sample_weight,
    test_stops_at_max_iter_like_sklearn,
    test_tol_rule_like_sklearn,
)

from kmeans_edu import KMeans, lloyd
from kmeans_edu.elkan import assign_with_bounds, center_half_distances, center_shifts, init_bounds
from kmeans_edu.steps import update_centers


def fit_both_elkan(X, sample_weight=None, **params):
    return fit_both(X, sample_weight=sample_weight, algorithm="elkan", **params)


@pytest.fixture(autouse=True)
def _elkan_in_the_lloyd_tests(monkeypatch):
    """The tests imported below from tests/test_core_vs_sklearn.py run here with both sides
    (scikit-learn's KMeans and ours) fitted with ``algorithm='elkan'``: the same matrix of data,
    seeds, weights and dtypes, the same assertions."""
    monkeypatch.setattr(lloyd_tests, "fit_both", fit_both_elkan)


def test_the_imported_tests_really_compare_elkan_with_elkan():
    ref, ours, _, _ = lloyd_tests.fit_both(np.arange(20.0).reshape(10, 2), n_clusters=2, random_state=0)
    assert ref.algorithm == ours.algorithm == "elkan"
    assert ours.distance_counts_[:, 1].sum() > 0  # Elkan skipped something: not Lloyd's loop


def test_image_pixels_with_exact_ties():
    from sklearn.datasets import load_sample_image

    X = (load_sample_image("china.jpg").reshape(-1, 3)[::7] / 255.0).astype(np.float64)
    init = X[np.random.RandomState(0).choice(len(X), 32, replace=False)]
    assert_same_fit(*fit_both_elkan(X, n_clusters=32, init=init, n_init=1, max_iter=5, tol=0)[:2])


def test_same_as_lloyd_and_verbose_story(capsys):
    """Elkan changes how the labels are found, not which: Lloyd's run, iteration by iteration."""
    X, _ = make_blobs(n_samples=2000, centers=5, n_features=3, random_state=2)
    lloyd_fit = KMeans(5, random_state=2, verbose=1).fit(X)
    out_lloyd = capsys.readouterr().out
    elkan_fit = KMeans(5, random_state=2, algorithm="elkan", verbose=1).fit(X)
    out_elkan = capsys.readouterr().out
    assert_same_fit(lloyd_fit, elkan_fit)
    assert out_elkan.count("Iteration") == out_lloyd.count("Iteration") == elkan_fit.n_iter_


def test_history_matches_lloyd():
    X, _ = make_blobs(n_samples=600, centers=4, n_features=2, cluster_std=3.0, random_state=3)
    a = KMeans(4, random_state=3, record_history=True).fit(X).history_
    b = KMeans(4, random_state=3, record_history=True, algorithm="elkan").fit(X).history_
    assert [(h.kind, h.iteration) for h in a] == [(h.kind, h.iteration) for h in b]
    for ha, hb in zip(a, b, strict=True):
        np.testing.assert_array_equal(ha.labels, hb.labels)
        np.testing.assert_allclose(ha.centers, hb.centers, rtol=1e-12)
        assert hb.objective == pytest.approx(ha.objective, rel=1e-10)
    objectives = [h.objective for h in b]
    assert all(later <= earlier * (1 + 1e-12) for earlier, later in zip(objectives, objectives[1:], strict=False))


# What is new: the counts, the bounds, k=1, threads, bad input.


def test_counts_add_up_and_most_distances_are_skipped_on_separated_blobs():
    X, _ = make_blobs(n_samples=5000, centers=8, n_features=5, cluster_std=1.0, center_box=(-20, 20), random_state=0)
    # random rows as the start, so that the loop runs a while (k-means++ would converge at once)
    km = KMeans(8, init="random", n_init=1, random_state=0, algorithm="elkan", tol=0, max_iter=20).fit(X)
    counts = km.distance_counts_
    assert counts.dtype == np.int64 and counts.shape[1] == 2
    assert (counts.sum(axis=1) == X.shape[0] * 8).all()
    # one row for the first assignment, one per iteration, one for the final re-assignment (if any)
    assert counts.shape[0] == km.n_iter_ + 1 + (km.stop_reason_ != "no_reassignment")
    assert km.n_iter_ >= 10
    skipped = counts[:, 1] / counts.sum(axis=1)
    assert (skipped[4:] >= 0.9).all(), skipped  # from the 4th iteration on
    assert skipped[0] < 0.5  # the first assignment has no bounds to use yet
    lloyd_counts = KMeans(8, init="random", n_init=1, random_state=0, tol=0, max_iter=20).fit(X).distance_counts_
    assert (lloyd_counts[:, 1] == 0).all() and (lloyd_counts[:, 0] == X.shape[0] * 8).all()


def test_counts_agree_with_an_independent_recount():
    """init_bounds computes exactly the distances its rule allows: recounted here in plain numpy."""
    X, _ = make_blobs(n_samples=400, centers=5, n_features=3, random_state=4)
    centers = X[:5].copy()
    half, _ = center_half_distances(centers)
    labels, upper, lower, n_computed = init_bounds(X, None, centers, half)
    dist = np.sqrt(((X[:, None, :] - centers[None]) ** 2).sum(axis=2))
    expected = 0
    for i in range(len(X)):
        best, best_d = 0, dist[i, 0]
        expected += 1
        for j in range(1, 5):
            if best_d > half[best, j]:
                expected += 1
                if dist[i, j] < best_d:
                    best, best_d = j, dist[i, j]
        assert labels[i] == best
    assert n_computed == expected
    np.testing.assert_array_equal(labels, dist.argmin(axis=1))
    np.testing.assert_allclose(upper, dist.min(axis=1), rtol=1e-12)


def test_bounds_stay_true_bounds_through_the_steps():
    """After every pass: upper >= true distance to own centre, lower <= true distance to each centre."""
    X, _ = make_blobs(n_samples=1500, centers=6, n_features=4, cluster_std=2.5, random_state=5)
    centers = X[np.random.RandomState(5).choice(len(X), 6, replace=False)].copy()
    w = np.ones(len(X))
    half, nearest = center_half_distances(centers)
    labels, upper, lower, _ = init_bounds(X, None, centers, half)
    shift = None
    for _ in range(6):
        sums, weights, _ = assign_with_bounds(X, None, w, centers, (half, nearest, labels, upper, lower), shift)
        dist = np.sqrt(((X[:, None, :] - centers[None]) ** 2).sum(axis=2))
        np.testing.assert_array_equal(labels, dist.argmin(axis=1))
        assert (upper >= dist[np.arange(len(X)), labels] * (1 - 1e-12)).all()
        assert (lower <= dist * (1 + 1e-12)).all()
        np.testing.assert_allclose(sums / weights[:, None], update_centers(X, labels, centers)[0], rtol=1e-12)
        new_centers = update_centers(X, labels, centers)[0]
        shift = center_shifts(centers, new_centers)
        np.testing.assert_allclose(shift, np.linalg.norm(new_centers - centers, axis=1), rtol=1e-12)
        centers = new_centers
        half, nearest = center_half_distances(centers)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_center_half_distances_are_sklearns(dtype):
    C = np.random.RandomState(0).rand(30, 7).astype(dtype)
    half, nearest = center_half_distances(C)
    ref = euclidean_distances(C) / 2
    assert half.dtype == ref.dtype == dtype
    np.testing.assert_array_equal(half, ref)
    np.testing.assert_array_equal(nearest, np.partition(ref, kth=1, axis=0)[1])
    off_diagonal = ref + np.diag(np.full(30, np.inf, dtype=dtype))
    np.testing.assert_array_equal(nearest, off_diagonal.min(axis=0))


def test_k1_warns_and_runs_lloyd_like_sklearn():
    X, _ = make_blobs(n_samples=300, centers=2, n_features=2, random_state=0)
    ref, ours, caught_sk, caught_ours = fit_both_elkan(X, n_clusters=1, random_state=0)
    assert_same_fit(ref, ours)
    assert [str(w.message) for w in caught_ours] == [str(w.message) for w in caught_sk]
    assert caught_ours[0].category is RuntimeWarning and "Using 'lloyd' instead" in str(caught_ours[0].message)
    assert (ours.distance_counts_[:, 1] == 0).all()  # Lloyd's counts: nothing skipped


def test_same_answer_for_one_and_two_threads():
    # n (k + 1)(d + 1) above the small-problem threshold, so that two threads are really used
    X, _ = make_blobs(n_samples=30_000, centers=12, n_features=5, cluster_std=3.0, random_state=1)
    saved = numba.get_num_threads()
    results = []
    try:
        for threads in (1, min(2, numba.config.NUMBA_NUM_THREADS)):
            numba.set_num_threads(threads)
            km = KMeans(12, random_state=1, algorithm="elkan", max_iter=15).fit(X)
            results.append((km.labels_.tobytes(), km.cluster_centers_.tobytes(), km.inertia_, km.distance_counts_))
    finally:
        numba.set_num_threads(saved)
    (l1, c1, i1, d1), (l2, c2, i2, d2) = results
    assert l1 == l2 and c1 == c2 and i1 == i2
    np.testing.assert_array_equal(d1, d2)


def test_elkan_needs_the_euclidean_metric():
    X, _ = make_blobs(n_samples=100, centers=2, n_features=2, random_state=0)
    for metric in ("manhattan", "cosine"):
        with pytest.raises(ValueError, match="algorithm='elkan' needs metric='euclidean'"):
            KMeans(2, algorithm="elkan", metric=metric).fit(X)


def test_float32_stays_float32():
    X, _ = make_blobs(n_samples=500, centers=3, n_features=4, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        km = KMeans(3, random_state=0, algorithm="elkan").fit(X.astype(np.float32))
    assert km.cluster_centers_.dtype == np.float32
    ref = skc.KMeans(3, random_state=0, algorithm="elkan").fit(X.astype(np.float32))
    np.testing.assert_array_equal(km.labels_, ref.labels_)


def test_lloyd_function_is_unchanged_by_counts():
    """lloyd() gains distance_counts, Lloyd's: every distance computed in every pass."""
    X, _ = make_blobs(n_samples=200, centers=3, n_features=2, random_state=0)
    result = lloyd(X, X[:3], tol=0, max_iter=4, stop_when=())
    assert result.distance_counts.shape == (5, 2) and (result.distance_counts[:, 0] == 600).all()
