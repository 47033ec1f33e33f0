"""Hypothesis: the invariants of Lloyd's algorithm hold on arbitrary data."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import naive
from kmeans_edu import KMeans, lloyd
from kmeans_edu.metrics import normalize_rows

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False, width=64)


@st.composite
def problems(draw, min_k=1):
    n = draw(st.integers(2, 40))
    d = draw(st.integers(1, 4))
    X = draw(arrays(np.float64, (n, d), elements=finite))
    k = draw(st.integers(min_k, min(n, 6)))
    metric = draw(st.sampled_from(["euclidean", "manhattan", "cosine"]))
    if metric == "cosine":  # rows must have a direction
        X[np.linalg.norm(X, axis=1) == 0] = 1.0
    seed = draw(st.integers(0, 2**31 - 1))
    return X, k, metric, seed


@settings(max_examples=150, deadline=None)
@given(problems())
def test_objective_never_increases_along_history(problem):
    X, k, metric, seed = problem
    km = KMeans(k, metric=metric, random_state=seed, record_history=True, max_iter=30).fit(X)
    values = np.array([h.objective for h in km.history_])
    scale = max(1.0, float(np.abs(values).max()))
    assert (np.diff(values) <= 1e-9 * scale).all(), values


@settings(max_examples=150, deadline=None)
@given(problems())
def test_labels_are_argmins_and_centres_are_their_update(problem):
    X, k, metric, seed = problem
    km = KMeans(k, metric=metric, random_state=seed, record_history=True, max_iter=30).fit(X)
    for step in km.history_:
        if step.kind == "assign":  # each label is an argmin (up to rounding ties)
            dist = np.stack([naive.assign(X, step.centers[[j]], metric)[1] for j in range(k)], axis=1)
            chosen = dist[np.arange(len(X)), step.labels]
            assert (chosen <= dist.min(axis=1) + 1e-9 * (1 + np.abs(dist).max())).all()
        elif not step.empty_clusters:  # each centre is the mean / median / normalised mean of its members
            for j in np.unique(step.labels):
                m = step.labels == j
                if metric == "euclidean":
                    np.testing.assert_allclose(step.centers[j], X[m].mean(axis=0), rtol=1e-9, atol=1e-9)
                elif metric == "manhattan":
                    np.testing.assert_allclose(step.centers[j], np.median(X[m], axis=0), rtol=1e-12, atol=1e-12)
                else:
                    direction = (X[m] / np.linalg.norm(X[m], axis=1, keepdims=True)).sum(axis=0)
                    if np.linalg.norm(direction) > 1e-6:
                        np.testing.assert_allclose(
                            step.centers[j], direction / np.linalg.norm(direction), rtol=1e-7, atol=1e-7
                        )


@settings(max_examples=100, deadline=None)
@given(problems(), st.sampled_from([np.float32, np.float64]))
def test_final_labels_belong_to_final_centres(problem, dtype):
    X, k, metric, seed = problem
    X = X.astype(dtype)
    if metric == "cosine":  # tiny float64 values can round to 0 in float32
        X[np.linalg.norm(X, axis=1) == 0] = 1.0
    km = KMeans(k, metric=metric, random_state=seed, max_iter=10).fit(X)
    assert km.cluster_centers_.dtype == dtype
    assert km.labels_.min() >= 0 and km.labels_.max() < k
    if km.stop_reason_ != "no_reassignment" or metric != "euclidean":
        return
    # Each label is a nearest final centre. Not always predict()'s choice: the fit ranks centres on
    # the centred data, so two centres that are equal there can differ by one rounding once the
    # mean is added back (X = [1, 0 x 8], k=3 gives centres -1.4e-17 and 0.0, and scikit-learn
    # labels it exactly as we do), and predict() then breaks the tie the other way.
    dist = ((X[:, None, :].astype(np.float64) - km.cluster_centers_[None, :, :]) ** 2).sum(axis=2)
    chosen = dist[np.arange(len(X)), km.labels_]
    scale = 1.0 + float(np.abs(X).max()) ** 2
    tol = 1e-12 if dtype == np.float64 else 1e-5
    assert (chosen <= dist.min(axis=1) + tol * scale).all()


@settings(max_examples=60, deadline=None)
@given(problems())
def test_same_seed_same_answer(problem):
    X, k, metric, seed = problem
    a = lloyd(X, X[:k], metric=metric, max_iter=20)
    b = lloyd(X.copy(), X[:k].copy(), metric=metric, max_iter=20)
    np.testing.assert_array_equal(a.labels, b.labels)
    np.testing.assert_array_equal(a.centers, b.centers)


def test_unit_rows_of_tiny_and_huge_rows():
    """A row whose squares underflow (or overflow) still gets length 1 (hypothesis found the tiny one)."""
    X = np.array([[7.9681165e-161, 0.0], [1e300, 1e300], [3.0, 4.0]])
    np.testing.assert_allclose(np.linalg.norm(normalize_rows(X), axis=1), 1.0, rtol=1e-15)
    np.testing.assert_array_equal(normalize_rows(X)[2], [0.6, 0.8])


@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine"])
def test_history_counts_points_moved_into_empty_clusters(metric):
    """k = 3 on two distinct points: every update empties a cluster and moves a point into it.

    The update's objective is taken over the partition the new centres belong to, so it cannot
    rise (with the old labels it jumped from 0 to 0.18 for 'cosine').
    """
    X = np.array([[0.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]])
    km = KMeans(3, metric=metric, random_state=0, record_history=True, max_iter=6).fit(X)
    updates = [h for h in km.history_ if h.kind == "update" and h.empty_clusters]
    assert updates, "the example must exercise an empty cluster"
    values = np.array([h.objective for h in km.history_])
    assert (np.diff(values) <= 1e-12).all(), values
    if metric == "cosine":  # the initial centres are off the points, so a point is moved each time
        for h in updates:
            for j in h.empty_clusters:
                assert (h.labels == j).any()  # the moved point is counted in its new cluster
