r"""Elkan's algorithm: Lloyd's loop that skips the distances it can prove useless.

The iterations are Lloyd's (same labels, centres and stopping rules); only the assignment
step changes. It keeps three kinds of bounds, as scikit-learn's ``algorithm='elkan'`` does:

* an **upper bound** per point, :math:`u_i \ge \lVert x_i - \mu_{c_i} \rVert`;
* a **lower bound** per point and centre, :math:`l_{ij} \le \lVert x_i - \mu_j \rVert`;
* **half the distances between centres**, :math:`s_{ab} = \tfrac12 \lVert \mu_a - \mu_b \rVert`.

By the triangle inequality, :math:`\lVert x - \mu_j \rVert \ge 2 s_{c j} - \lVert x - \mu_c \rVert`,
so centre j cannot beat the point's own centre c when :math:`u_i \le s_{cj}`; nor when
:math:`u_i \le l_{ij}`. A point whose upper bound is at most half the distance from its centre
to the nearest other centre is skipped entirely. After the update, each centre has moved by
:math:`\delta_j`: upper bounds grow by their own centre's shift and lower bounds shrink by each
centre's shift, so the bounds stay true without computing anything.

One function per step:

1. :func:`center_half_distances`: :math:`s` and, per centre, the nearest other centre;
2. :func:`init_bounds`: the first assignment, which sets the bounds;
3. :func:`assign_with_bounds`: the assignment step, computing only the distances the bounds allow
   (with the sums of the update step in the same pass);
4. the update step of Lloyd (:func:`kmeans_edu.steps.update_centers`), then
   :func:`center_shifts`, by which the bounds move;
5. stop? Lloyd's rules.

Every run counts the distances it computed and skipped, per assignment pass.
"""

import numpy as np

from . import _kernels
from .steps import (
    HalfStep,
    LloydResult,
    _objective,
    _update,
    kernel_offset,
    kernel_threads,
    stop_rule,
    update_partition,
)


def center_half_distances(centers):
    """Half the distances between centres, and each centre's half distance to its nearest other centre.

    Computed as scikit-learn's ``euclidean_distances(centers) / 2``: the dot-product form
    :math:`\\lVert a\\rVert^2 - 2 a\\cdot b + \\lVert b\\rVert^2` (float32 centres in float64,
    rounded back), clipped at 0, with a zero diagonal. The exact values matter: they decide
    which distances are skipped.

    Parameters
    ----------
    centers : ndarray of shape (n_clusters, n_features)

    Returns
    -------
    half_dist : ndarray of shape (n_clusters, n_clusters), dtype of centers
        ``half_dist[a, b] = ||c_a - c_b|| / 2``.
    next_center_dist : ndarray of shape (n_clusters,)
        ``min_{b != a} half_dist[a, b]`` (0 when there is a single centre).

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu.elkan import center_half_distances
    >>> half, nearest = center_half_distances(np.array([[0.0, 0.0], [6.0, 8.0], [0.0, 4.0]]))
    >>> half
    array([[0.        , 5.        , 2.        ],
           [5.        , 0.        , 3.60555128],
           [2.        , 3.60555128, 0.        ]])
    >>> nearest
    array([2.        , 3.60555128, 2.        ])
    """
    C = centers.astype(np.float64) if centers.dtype == np.float32 else centers
    sq_norms = np.einsum("ij,ij->i", C, C)[:, np.newaxis]
    sq = -2 * (C @ C.T)
    sq += sq_norms
    sq += sq_norms.T
    sq = sq.astype(centers.dtype, copy=False)
    np.maximum(sq, 0, out=sq)
    np.fill_diagonal(sq, 0)
    half_dist = np.sqrt(sq) / 2
    if half_dist.shape[0] == 1:
        return half_dist, np.zeros(1, dtype=half_dist.dtype)
    return half_dist, np.partition(half_dist, kth=1, axis=0)[1]


def init_bounds(X, offset, centers, half_dist):
    """Step 2: the first assignment of the rows of ``X - offset``, which sets the bounds.

    Centres are tried in order; the distance to centre j is computed only when
    ``best_distance > half_dist[best, j]``, i.e. when j could be closer.

    Returns
    -------
    labels : ndarray of shape (n_samples,), int32
    upper : ndarray of shape (n_samples,)
        The distance to the chosen centre.
    lower : ndarray of shape (n_samples, n_clusters)
        The distances computed, 0 where skipped (a valid lower bound).
    n_computed : int
    """
    n, k = X.shape[0], centers.shape[0]
    labels = np.empty(n, dtype=np.int32)
    upper = np.empty(n, dtype=X.dtype)
    lower = np.zeros((n, k), dtype=X.dtype)
    n_computed = _kernels.elkan_init_bounds(X, kernel_offset(X, offset), centers, half_dist, labels, upper, lower)
    return labels, upper, lower, int(n_computed)


def assign_with_bounds(X, offset, w, centers, bounds, shift, update=True):
    """Step 3: re-assign the rows of ``X - offset``, computing only the distances the bounds allow.

    ``bounds`` is ``(half_dist, next_center_dist, labels, upper, lower)``; the last three are
    updated in place. ``shift`` (or None on the first pass) holds how far every centre moved
    in the last update: the bounds are first loosened by it.

    Returns
    -------
    sums : ndarray of shape (n_clusters, n_features), float64
        Per-cluster weighted sums (empty unless ``update``).
    weights : ndarray of shape (n_clusters,), float64
    n_computed : int
        Distances computed in this pass (at most ``n_samples * n_clusters``).
    """
    half_dist, next_center_dist, labels, upper, lower = bounds
    apply_shift = shift is not None
    if shift is None:
        shift = np.zeros(centers.shape[0], dtype=X.dtype)
    return _kernels.elkan_assign(
        X, kernel_offset(X, offset), w, centers, half_dist, next_center_dist, shift, apply_shift, update, upper, lower,
        labels,
    )  # fmt: skip


def center_shifts(centers_old, centers_new):
    """Step 4: how far each centre moved, ``||new_j - old_j||`` (the bounds move by these)."""
    return _kernels.center_shifts(centers_old, centers_new)


def _elkan(X, w, centers, *, offset, metric, max_iter, abs_tol, stop_when, record_history, verbose):
    """Elkan's loop on prepared data ``X - offset`` (see :func:`kmeans_edu.steps.lloyd`): the
    same iterations as Lloyd's, with ``distance_counts`` in the result. Euclidean only."""
    if metric != "euclidean":
        raise ValueError(f"Elkan's bounds are Euclidean; got metric={metric!r}.")
    offset = kernel_offset(X, offset)
    n, k = X.shape[0], centers.shape[0]
    history = [] if record_history else None
    want_objective = bool(record_history or verbose)
    counts = []
    stop_reason = "max_iter"
    labels_old = np.full(n, -1, dtype=np.int32)
    shift = None
    with kernel_threads(n, k, X.shape[1]):
        half_dist, next_center_dist = center_half_distances(centers)
        labels, upper, lower, n_computed = init_bounds(X, offset, centers, half_dist)
        counts.append(n_computed)
        for i in range(max_iter):
            bounds = (half_dist, next_center_dist, labels, upper, lower)
            sums, weights, n_computed = assign_with_bounds(X, offset, w, centers, bounds, shift)
            counts.append(n_computed)
            obj = _objective(X, offset, w, labels, centers, "euclidean") if want_objective else np.nan
            if record_history:  # copies: the next pass changes labels in place
                assigned = labels.copy()
                history.append(HalfStep("assign", i, centers.copy(), assigned, obj))
            if verbose:
                print(f"Iteration {i}, inertia {obj}.")
            centers_new, empty, moved = _update(X, offset, w, labels, centers, sums, weights, "euclidean")
            if record_history:
                partition = update_partition(assigned, empty, moved)
                obj_update = _objective(X, offset, w, partition, centers_new, "euclidean")
                history.append(HalfStep("update", i, centers_new.copy(), partition, obj_update, empty))
            shift = center_shifts(centers, centers_new)
            half_dist, next_center_dist = center_half_distances(centers_new)
            centers = centers_new
            stop_reason = stop_rule(i, labels, labels_old, (shift**2).sum(), abs_tol, stop_when, verbose)
            if stop_reason != "max_iter":
                break
            labels_old = labels.copy()
        n_iter = i + 1
        if stop_reason != "no_reassignment":  # re-assign so that the labels belong to the returned centres
            bounds = (half_dist, next_center_dist, labels, upper, lower)
            counts.append(assign_with_bounds(X, offset, w, centers, bounds, shift, update=False)[2])
        inertia = _objective(X, offset, w, labels, centers, "euclidean")
        if record_history and stop_reason != "no_reassignment":
            history.append(HalfStep("assign", n_iter, centers.copy(), labels.copy(), inertia))
    computed = np.array(counts, dtype=np.int64)
    distance_counts = np.column_stack([computed, n * k - computed])
    return LloydResult(labels, centers, float(inertia), n_iter, stop_reason, history, distance_counts)
