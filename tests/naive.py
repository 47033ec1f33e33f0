"""Textbook NumPy versions of every step: slow, obvious, and what the kernels are checked against."""

import numpy as np


def assign(X, centers, metric="euclidean"):
    """labels[i] = argmin_j dist(x_i, c_j) (first index on ties), and that distance."""
    if metric == "euclidean":
        D = np.sqrt(((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2))
    elif metric == "manhattan":
        D = np.abs(X[:, None, :] - centers[None, :, :]).sum(axis=2)
    elif metric == "cosine":
        Xn = X / np.linalg.norm(X, axis=1, keepdims=True)
        Cn = centers / np.linalg.norm(centers, axis=1, keepdims=True)
        D = 1.0 - Xn @ Cn.T
    else:
        raise ValueError(metric)
    labels = D.argmin(axis=1)
    return labels, D[np.arange(len(X)), labels]


def sse(X, labels, centers, sample_weight=None):
    """sum_i w_i ||x_i - c_{labels[i]}||^2."""
    w = np.ones(len(X)) if sample_weight is None else sample_weight
    return float((w * ((X - centers[labels]) ** 2).sum(axis=1)).sum())


def objective(X, labels, centers, metric="euclidean", sample_weight=None):
    """The metric's own objective: SSE, sum of L1 distances, or sum of cosine distances."""
    w = np.ones(len(X)) if sample_weight is None else sample_weight
    if metric == "euclidean":
        return sse(X, labels, centers, w)
    if metric == "manhattan":
        return float((w * np.abs(X - centers[labels]).sum(axis=1)).sum())
    Xn = X / np.linalg.norm(X, axis=1, keepdims=True)
    Cn = centers[labels] / np.linalg.norm(centers[labels], axis=1, keepdims=True)
    return float((w * (1.0 - (Xn * Cn).sum(axis=1))).sum())


def weighted_median(values, weights):
    """A minimiser of sum_i w_i |v_i - m| found by trying every value (the optimum is always at a data value)."""
    costs = [(weights * np.abs(values - m)).sum() for m in values]
    return values[int(np.argmin(costs))], min(costs)


def update(X, labels, n_clusters, metric="euclidean", sample_weight=None):
    """The centre of each non-empty cluster: mean, coordinate-wise median, or normalised mean of unit rows.

    Empty clusters get NaN.
    """
    w = np.ones(len(X)) if sample_weight is None else sample_weight
    centers = np.full((n_clusters, X.shape[1]), np.nan)
    for j in range(n_clusters):
        members = labels == j
        if not members.any():
            continue
        if metric == "euclidean":
            centers[j] = (w[members, None] * X[members]).sum(axis=0) / w[members].sum()
        elif metric == "manhattan":
            centers[j] = [weighted_median(X[members, f], w[members])[0] for f in range(X.shape[1])]
        else:
            Xn = X[members] / np.linalg.norm(X[members], axis=1, keepdims=True)
            m = (w[members, None] * Xn).sum(axis=0)
            centers[j] = m / np.linalg.norm(m)
    return centers


def kmeans_plusplus(X, n_clusters, random_state, sample_weight=None, n_local_trials=None):
    """Greedy k-means++ exactly as described in scikit-learn's docs, in plain NumPy.

    First centre drawn with P proportional to w; then for each further centre draw
    2 + int(ln k) candidates with P(x) proportional to w D(x)^2 and keep the one that
    leaves the smallest potential sum_i w_i min(D(x_i)^2, ||x_i - c||^2).
    """
    n = len(X)
    w = np.ones(n) if sample_weight is None else sample_weight
    trials = 2 + int(np.log(n_clusters)) if n_local_trials is None else n_local_trials
    first = random_state.choice(n, p=w / w.sum())
    indices = [first]
    closest = ((X - X[first]) ** 2).sum(axis=1)
    for _ in range(1, n_clusters):
        rand = random_state.uniform(size=trials) * (closest @ w)
        cands = np.minimum(np.searchsorted(np.cumsum(w * closest), rand), n - 1)
        dists = np.minimum(closest, ((X[None, :, :] - X[cands][:, None, :]) ** 2).sum(axis=2))
        best = int(np.argmin(dists @ w))
        closest = dists[best]
        indices.append(cands[best])
    return X[indices], np.array(indices)


def lloyd(X, centers, n_iter):
    """n_iter plain Lloyd iterations (assign, mean update) with no stopping rule; empty clusters keep their centre."""
    centers = centers.copy()
    for _ in range(n_iter):
        labels, _ = assign(X, centers)
        new = update(X, labels, len(centers))
        centers = np.where(np.isnan(new), centers, new)
    labels, _ = assign(X, centers)
    return labels, centers
