r"""Lloyd's algorithm, one function per step of the article.

1. **init**: choose k initial centres (:mod:`kmeans_edu.init`).
2. **assign** (:func:`assign_labels`): put every point in the cluster of its nearest centre,
   :math:`c_i = \arg\min_j \lVert x_i - \mu_j \rVert`.
3. **update** (:func:`update_centers`): move every centre to the (weighted) mean of its points,
   :math:`\mu_j = \sum_{c_i=j} w_i x_i / \sum_{c_i=j} w_i`.
4. **stop?** (:func:`lloyd`): repeat 2-3 until one of the article's three rules fires:

   * ``"no_reassignment"``: no point changed cluster in the last assignment;
   * ``"tol"``: the centres moved little, :math:`\sum_j \lVert\mu_j^{new}-\mu_j^{old}\rVert^2
     \le \mathrm{tol}\cdot\frac1p\sum_f \operatorname{Var}(X_{\cdot f})` (scikit-learn's rule);
   * ``"max_iter"``: the iteration budget is spent.

The quantity Lloyd's loop lowers is the SSE (scikit-learn's ``inertia_``),
:math:`\mathrm{SSE} = \sum_i w_i \lVert x_i - \mu_{c_i} \rVert^2` (:func:`sse`). Neither step can
raise it: the assignment picks the nearest centre for each point, and the mean is the point
that minimises the sum of squared distances to a cluster's members.
"""

from contextlib import contextmanager
from dataclasses import dataclass, replace

import numba
import numpy as np

from . import _kernels
from ._validation import (
    as_float_array,
    as_kernel_array,
    check_centers,
    check_sample_weight,
    range_exponent,
    scale_down,
    scale_up,
)
from .metrics import check_metric, check_nonzero_rows, normalize_rows

STOP_REASONS = ("no_reassignment", "tol", "max_iter")
_STOP_RULES = ("no_reassignment", "tol")  # max_iter always applies

_blas_controller = None
_ROWS_PER_SLICE = 4096  # rows per slice where numpy works on (rows, d) temporaries
_PARALLEL_MIN_WORK = 2_000_000  # work n (k + 1)(d + 1) below which one thread is faster (see kernel_threads)


def blas_single_thread():
    """Context manager holding BLAS to one thread.

    The kernels call BLAS (``np.dot``) from inside their own parallel loop; a
    multi-threaded BLAS there would oversubscribe the cores, and its sums would
    depend on the number of BLAS threads.
    """
    global _blas_controller
    if _blas_controller is None:
        import scipy.linalg.cython_blas  # noqa: F401  (the BLAS Numba calls; load it first)
        from threadpoolctl import ThreadpoolController

        _blas_controller = ThreadpoolController()
    return _blas_controller.limit(limits=1, user_api="blas")


@contextmanager
def single_thread():
    """Numba kernels and BLAS on one thread inside the block.

    Results are bit-for-bit the same for any thread count (the kernels add partial sums in a
    fixed order), so this only changes speed: for small problems a parallel launch costs more
    than the work, and on an oversubscribed machine an OpenMP barrier was measured to stall
    ~1.5 s per call (against 0.1 ms on one thread).
    """
    saved = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        with blas_single_thread():
            yield
    finally:
        numba.set_num_threads(saved)


def is_small_problem(n_samples, n_clusters, n_features):
    """True when one assignment is too little work to share between threads (see :func:`kernel_threads`)."""
    return n_samples * (n_clusters + 1) * (max(n_features, 1) + 1) < _PARALLEL_MIN_WORK


@contextmanager
def kernel_threads(n_samples, n_clusters, n_features):
    """BLAS on one thread (the kernels call it from their own parallel loop); Numba on one
    thread too when the problem is small.

    "Small" is a work estimate per assignment, ``n (k + 1)(d + 1)`` (k d for the distances, k for
    the argmin, d for the sums), below two million. Measured in the benchmark: the digits
    (1,797 x 64, k=10: 1.3 million) took 0.25 ms per iteration on one thread and 0.50 on two
    (a parallel launch between other processes' threads costs more than it saves), while
    100,000 x 2 with k=8 (2.7 million) took 0.71 ms on two threads and 1.35 on one.
    """
    if is_small_problem(n_samples, n_clusters, n_features):
        with single_thread():
            yield
    else:
        with blas_single_thread():
            yield


@dataclass(frozen=True)
class HalfStep:
    """The state after one half-step of Lloyd's loop.

    Attributes
    ----------
    kind : {'assign', 'update'}
        Which half-step produced this state.
    iteration : int
        0-based Lloyd iteration (an assign and the update that follows share it; the
        final re-assignment after a ``"tol"`` or ``"max_iter"`` stop has ``n_iter``).
    centers : ndarray of shape (n_clusters, n_features)
    labels : ndarray of shape (n_samples,)
        The partition: after an assignment, each point's nearest centre; after an update, the
        clusters the new centres are the centres of (a point moved into an empty cluster
        counts in its new cluster).
    objective : float
        The objective of the metric for these labels and centres; for ``'euclidean'`` the
        SSE. It never increases from one half-step to the next.
    empty_clusters : tuple of int
        Clusters that were empty at this update and were moved to far-away points.
    """

    kind: str
    iteration: int
    centers: np.ndarray
    labels: np.ndarray
    objective: float
    empty_clusters: tuple = ()


@dataclass(frozen=True)
class LloydResult:
    """What :func:`lloyd` returns.

    Attributes
    ----------
    labels : ndarray of shape (n_samples,), int32
        Final assignment (consistent with ``centers``).
    centers : ndarray of shape (n_clusters, n_features)
    inertia : float
        The objective at the end; for ``'euclidean'`` the SSE (scikit-learn's ``inertia_``).
    n_iter : int
        Number of assign+update iterations run (scikit-learn's ``n_iter_``).
    stop_reason : {'no_reassignment', 'tol', 'max_iter'}
    history : list of HalfStep or None
        Every half-step, if ``record_history=True``.
    distance_counts : ndarray of shape (n_passes, 2), int64, or None
        Point-to-centre distances ``(computed, skipped)`` in each assignment pass, in order
        (Elkan's first row is its initial assignment; the last row is the final re-assignment
        after a ``"tol"`` or ``"max_iter"`` stop). Each row adds up to ``n_samples * n_clusters``;
        Lloyd's loop skips none.
    """

    labels: np.ndarray
    centers: np.ndarray
    inertia: float
    n_iter: int
    stop_reason: str
    history: list | None = None
    distance_counts: np.ndarray | None = None


def _use_gemm(n_features):
    """The chunked GEMM pays off once rows are long; short rows use the plain loop."""
    return n_features > 8


def _objective_code(metric):
    return {"euclidean": 1, "manhattan": 2, "cosine": 3}[metric]


def kernel_offset(X, offset):
    """The offset the kernels subtract from every row of X: ``offset`` itself, or zeros for None."""
    if offset is None:
        return np.zeros(X.shape[1], dtype=X.dtype)
    return np.ascontiguousarray(offset, dtype=X.dtype)


def _assign(X, offset, w, centers, metric, update, want_dist=True):
    """Assignment step on prepared data ``X - offset``; returns labels, distances, sums, weights, objective.

    ``distances`` are squared Euclidean for 'euclidean' and 'cosine' (on unit rows) and L1
    for 'manhattan'; ``sums`` is empty unless ``update`` (and for 'manhattan'). Without
    ``want_dist`` (Euclidean and cosine only) the distances are not computed, and the
    objective is returned as NaN.
    """
    n, k = X.shape[0], centers.shape[0]
    labels = np.empty(n, dtype=np.int32)
    dist = np.empty(n, dtype=np.float64)
    centers = np.ascontiguousarray(centers, dtype=X.dtype)
    if metric == "manhattan":
        weights, obj = _kernels.assign_manhattan(X, w, centers, labels, dist)
        return labels, dist, np.zeros((k, 0)), weights, obj
    # ||c_j||^2 with numpy's einsum, like scikit-learn's row_norms: a fused multiply-add in the
    # kernel would change its last bit and break exact ties (equidistant pixels) differently.
    center_sq_norms = np.einsum("ij,ij->i", centers, centers)
    sums, weights, obj = _kernels.assign_and_accumulate(
        X, kernel_offset(X, offset), w, centers, center_sq_norms, _use_gemm(X.shape[1]), update, want_dist, labels, dist
    )
    if not want_dist:
        obj = np.nan
    elif metric == "cosine":  # ||x - c||^2 = 2 (1 - cos) for unit vectors
        obj *= 0.5
    return labels, dist, sums, weights, obj


def _farthest_points(X, offset, centers_old, labels, metric, n_empty):
    """Rows of ``X - offset`` farthest from their own centre, farthest first (scikit-learn's choice
    for empty clusters)."""
    distances = np.empty(X.shape[0], dtype=np.result_type(X, centers_old))
    # Each row's distance is the same expression as scikit-learn's _relocate_empty_clusters_dense,
    # computed a slice of rows at a time: the temporaries are (slice, d), not two (n, d) arrays
    # (on 200,000 x 128 that saved 390 MiB of peak memory; the values are bit-for-bit the same).
    for start in range(0, X.shape[0], _ROWS_PER_SLICE):
        rows = slice(start, start + _ROWS_PER_SLICE)
        diff = (X[rows] - offset) - centers_old[labels[rows]]
        distances[rows] = np.abs(diff).sum(axis=1) if metric == "manhattan" else (diff**2).sum(axis=1)
    if np.max(distances) == 0:  # every point sits on its centre: nothing to move
        return np.empty(0, dtype=np.intp)
    return np.argpartition(distances, -n_empty)[: -n_empty - 1 : -1]


def _update(X, offset, w, labels, centers_old, sums, weights, metric):
    """Update step on prepared data ``X - offset``: new centres, the clusters that were empty, and
    the rows moved into them.

    An empty cluster gets the point farthest from its own centre (taken out of its old
    cluster's sum), as scikit-learn does. The loop's labels are left as they are (the next
    assignment settles them); ``moved[m]`` is the row given to ``empty[m]``.
    """
    k = centers_old.shape[0]
    empty = np.flatnonzero(weights == 0)
    offset = kernel_offset(X, offset)
    far = _farthest_points(X, offset, centers_old, labels, metric, empty.size) if empty.size else empty
    if metric == "manhattan":
        members = np.argsort(labels, kind="stable").astype(np.intp)
        starts = np.searchsorted(labels[members], np.arange(k + 1)).astype(np.intp)
        centers = np.array(centers_old, dtype=X.dtype, copy=True)
        _kernels.median_update(X, w, members, starts, centers)
        for j, i in zip(empty, far, strict=False):
            centers[j] = X[i] - offset
        return centers, tuple(int(j) for j in empty), far

    sums, weights = sums.copy(), weights.copy()
    for j, i in zip(empty, far, strict=False):
        x_i = X[i] - offset
        sums[labels[i]] -= x_i * w[i]
        sums[j] = x_i * w[i]
        weights[labels[i]] -= w[i]
        weights[j] = w[i]
    centers = np.empty_like(sums)
    filled = weights > 0
    centers[filled] = sums[filled] * (1.0 / weights[filled])[:, None]
    # A cluster still empty (all points on their centres) copies the heaviest centre.
    centers[~filled] = centers[np.argmax(weights)]
    if metric == "cosine":  # spherical k-means: the centre is a direction
        norms = np.linalg.norm(centers, axis=1)
        ok = norms > 0
        centers[ok] /= norms[ok, None]
        centers[~ok] = centers_old[~ok]
    return centers.astype(X.dtype), tuple(int(j) for j in empty), far


def _center_shift_sq(centers_old, centers_new):
    """sum_j ||mu_j^new - mu_j^old||^2, computed as scikit-learn does (norms, then squares)."""
    shift = np.sqrt(((centers_new - centers_old) ** 2).sum(axis=1))
    return (shift**2).sum()


def update_partition(labels, empty, moved):
    """The clusters new centres are the centres of: ``labels`` with each row ``moved[m]`` put in
    the empty cluster ``empty[m]`` it was given to (a copy only when a row moved)."""
    if not moved.size:
        return labels
    partition = labels.copy()
    partition[moved] = empty[: moved.size]
    return partition


def stop_rule(iteration, labels, labels_old, shift_sq, abs_tol, stop_when, verbose):
    r"""Step 4, stop?: the rule that ends the loop after this iteration, or ``"max_iter"`` to go on.

    "no_reassignment" is tested first, then "tol" (scikit-learn's order); ``shift_sq`` is
    :math:`\sum_j \lVert\mu_j^{new}-\mu_j^{old}\rVert^2`. The caller stops at ``max_iter`` anyway.
    """
    if "no_reassignment" in stop_when and np.array_equal(labels, labels_old):
        if verbose:
            print(f"Converged at iteration {iteration}: strict convergence.")
        return "no_reassignment"
    if "tol" in stop_when and shift_sq <= abs_tol:
        if verbose:
            print(f"Converged at iteration {iteration}: center shift {shift_sq} within tolerance {abs_tol}.")
        return "tol"
    return "max_iter"


def _lloyd(X, w, centers, *, offset, metric, max_iter, abs_tol, stop_when, record_history, verbose):
    """Lloyd's loop on prepared data ``X - offset`` (see :func:`lloyd`); the tolerance is absolute here."""
    history = [] if record_history else None
    offset = kernel_offset(X, offset)  # once: the steps below then pass it through unchanged
    want_objective = bool(record_history or verbose)  # the SSE of every iteration costs a pass over the rows
    labels_old = np.full(X.shape[0], -1, dtype=np.int32)
    stop_reason = "max_iter"
    with kernel_threads(X.shape[0], centers.shape[0], X.shape[1]):
        for i in range(max_iter):
            labels, _, sums, weights, obj = _assign(X, offset, w, centers, metric, True, want_objective)
            if record_history:
                history.append(HalfStep("assign", i, centers.copy(), labels, obj))
            if verbose:
                print(f"Iteration {i}, inertia {obj}.")
            centers_new, empty, moved = _update(X, offset, w, labels, centers, sums, weights, metric)
            if record_history:
                partition = update_partition(labels, empty, moved)
                obj_update = _objective(X, offset, w, partition, centers_new, metric)
                history.append(HalfStep("update", i, centers_new.copy(), partition, obj_update, empty))
            centers_unchanged = np.array_equal(centers_new, centers)
            shift = _center_shift_sq(centers, centers_new)
            centers = centers_new
            stop_reason = stop_rule(i, labels, labels_old, shift, abs_tol, stop_when, verbose)
            if stop_reason != "max_iter":
                break
            labels_old = labels
        n_iter = i + 1
        n_passes = n_iter
        if stop_reason == "no_reassignment":
            known = want_objective and centers_unchanged
            inertia = obj if known else _objective(X, offset, w, labels, centers, metric)
        else:  # re-assign so that the labels belong to the returned centres
            labels, _, _, _, inertia = _assign(X, offset, w, centers, metric, update=False)
            n_passes += 1
            if record_history:
                history.append(HalfStep("assign", n_iter, centers.copy(), labels, inertia))
    distance_counts = np.zeros((n_passes, 2), dtype=np.int64)
    distance_counts[:, 0] = X.shape[0] * centers.shape[0]  # every distance, every pass
    return LloydResult(labels, centers, float(inertia), n_iter, stop_reason, history, distance_counts)


def _objective(X, offset, w, labels, centers, metric):
    centers = np.ascontiguousarray(centers, dtype=X.dtype)
    code = _objective_code(metric)
    return float(_kernels.objective_of_labels(X, kernel_offset(X, offset), w, labels, centers, code))


def tolerance(X, tol):
    """scikit-learn's absolute tolerance: ``tol`` times the mean per-feature variance of X."""
    if tol == 0:
        return 0.0
    return float(np.mean(np.var(X, axis=0)) * tol)


def prepare_data(X, metric):
    """The data Lloyd's loop works on, and its offset: the loop sees ``X - offset``.

    'euclidean': X and its column means. Like scikit-learn, the loop works on the centred data
    (for accurate distances) and the mean is added back to the centres; unlike it, X is not
    copied: the kernels subtract the mean a chunk of rows at a time (on 200,000 x 128 that
    saves 195 MiB and a pass over memory). 'cosine': the unit-length rows and no offset.
    'manhattan': X itself and no offset.
    """
    if metric == "euclidean":
        return X, X.mean(axis=0)
    if metric == "cosine":
        return normalize_rows(X), None
    return X, None


def _check_stop_when(stop_when):
    if isinstance(stop_when, str):
        stop_when = (stop_when,)
    try:
        stop_when = tuple(stop_when)
    except TypeError:
        raise TypeError(
            f"stop_when must be a sequence of rules from {_STOP_RULES} (possibly empty: max_iter always applies); "
            f"got {stop_when!r}."
        ) from None
    for rule in stop_when:
        if rule not in _STOP_RULES:
            raise ValueError(f"stop_when must hold rules from {_STOP_RULES} (max_iter always applies); got {rule!r}.")
    return stop_when


def _check_labels(labels, n_samples, n_clusters):
    labels = np.asarray(labels)
    if labels.shape != (n_samples,) or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be an integer array of shape ({n_samples},); got {labels.dtype} {labels.shape}.")
    if labels.size and (labels.min() < 0 or labels.max() >= n_clusters):
        raise ValueError(f"labels must lie in [0, {n_clusters}); got values in [{labels.min()}, {labels.max()}].")
    return as_kernel_array(np.ascontiguousarray(labels, dtype=np.int32))


def _check_inputs(X, centers, sample_weight=None, name="centers"):
    X = as_float_array(X)
    centers = as_float_array(centers, name, dtype=X.dtype)
    if centers.shape[1] != X.shape[1]:
        raise ValueError(f"{name} has {centers.shape[1]} features but X has {X.shape[1]}.")
    w = check_sample_weight(sample_weight, X.shape[0], X.dtype)
    return X, centers, w


def data_scale(metric, X, *others, sample_weight=None):
    """The power of two by which the data and centres are divided (:func:`~kmeans_edu._validation.range_exponent`):
    0 in the normal range and for 'cosine' (whose rows are scaled to unit length anyway)."""
    return 0 if metric == "cosine" else range_exponent(X, *others, sample_weight=sample_weight)


def objective_power(metric):
    """How the objective scales with the data: SSE with its square, L1 distances linearly, cosine not at all."""
    return {"euclidean": 2, "manhattan": 1, "cosine": 0}[metric]


def scale_result(result, exponent, metric):
    """A result computed on data divided by ``2**exponent``, brought back to the data's scale."""
    if exponent == 0:
        return result
    power = objective_power(metric)
    history = result.history
    if history is not None:
        history = [
            HalfStep(
                h.kind,
                h.iteration,
                scale_up(h.centers, exponent, "a centre"),
                h.labels,
                scale_up(h.objective, power * exponent, "the objective"),
                h.empty_clusters,
            )
            for h in history
        ]
    return LloydResult(
        result.labels,
        scale_up(result.centers, exponent, "a centre"),
        scale_up(result.inertia, power * exponent, "the inertia (sum of squared distances)"),
        result.n_iter,
        result.stop_reason,
        history,
    )


def assign_labels(X, centers, *, metric="euclidean"):
    """Step 2: assign every point to its nearest centre.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    centers : array-like of shape (n_clusters, n_features)
    metric : {'euclidean', 'manhattan', 'cosine'}, default='euclidean'

    Returns
    -------
    labels : ndarray of shape (n_samples,), int32
        ``labels[i] = argmin_j dist(x_i, centers[j])``; ties go to the lowest index.
    distances : ndarray of shape (n_samples,)
        ``dist(x_i, centers[labels[i]])``: Euclidean (not squared), L1, or cosine distance.

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu import assign_labels
    >>> labels, dist = assign_labels(np.array([[0., 0.], [3., 4.]]), np.array([[0., 0.], [3., 3.]]))
    >>> labels, dist
    (array([0, 1], dtype=int32), array([0., 1.]))
    """
    metric = check_metric(metric)
    X, centers, w = _check_inputs(X, centers)
    exponent = data_scale(metric, X, centers)  # extreme values: exactly rescaled, see range_exponent
    X, centers = scale_down(X, exponent), scale_down(centers, exponent)
    with kernel_threads(X.shape[0], centers.shape[0], X.shape[1]):
        if metric == "cosine":
            labels, dist, *_ = _assign(normalize_rows(X), None, w, normalize_rows(centers, "centers"), metric, False)
            dist = 0.5 * dist
        else:
            # Centred, as in fit: ||c||^2 - 2 x.c on data far from the origin loses the digits that
            # tell two centres apart (data offset by 1e8 with unit spread got 25 of 40 labels wrong).
            offset = X.mean(axis=0) if metric == "euclidean" else None
            shifted = centers if offset is None else centers - offset
            labels, dist, *_ = _assign(X, offset, w, shifted, metric, update=False)
    if metric == "euclidean":
        dist = np.sqrt(dist)
    return labels, scale_up(dist.astype(X.dtype), exponent, "a distance")


def update_centers(X, labels, centers, *, sample_weight=None, metric="euclidean"):
    """Step 3: move every centre to the centre of its cluster.

    'euclidean': the weighted mean; 'manhattan': the coordinate-wise weighted median;
    'cosine': the mean of the unit-length rows, scaled to unit length.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)
        Cluster of each point, in ``[0, n_clusters)``.
    centers : array-like of shape (n_clusters, n_features)
        The current centres; needed when a cluster is empty.
    sample_weight : array-like of shape (n_samples,), default=None
    metric : {'euclidean', 'manhattan', 'cosine'}, default='euclidean'

    Returns
    -------
    new_centers : ndarray of shape (n_clusters, n_features)
    empty_clusters : tuple of int
        Clusters that had no point. Each is moved to the point farthest from its own
        centre (scikit-learn's rule); the labels are not changed by this.

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu import update_centers
    >>> X = np.array([[0., 0.], [2., 0.], [10., 10.]])
    >>> update_centers(X, [0, 0, 1], X[[0, 2]])
    (array([[ 1.,  0.],
           [10., 10.]]), ())
    """
    metric = check_metric(metric)
    X, centers, w = _check_inputs(X, centers, sample_weight)
    labels = _check_labels(labels, X.shape[0], centers.shape[0])
    exponent = data_scale(metric, X, centers, sample_weight=w)
    X, centers = scale_down(X, exponent), scale_down(centers, exponent)
    if metric == "cosine":
        X, centers = normalize_rows(X), normalize_rows(centers, "centers")
    sums, weights = _kernels.sums_by_label(X, w, labels, centers.shape[0])
    new_centers, empty, _ = _update(X, None, w, labels, centers, sums, weights, metric)
    return scale_up(new_centers, exponent, "a centre"), empty


def sse(X, labels, centers, *, sample_weight=None):
    """The k-means objective: sum of squared Euclidean distances to the assigned centres.

    :math:`\\mathrm{SSE} = \\sum_i w_i \\lVert x_i - \\mu_{c_i} \\rVert_2^2`. scikit-learn calls
    it ``inertia_`` (the article wrongly says "sum of distances"). scipy's "distortion" is a
    different number: the *mean* of the non-squared distances.

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu import sse
    >>> float(sse(np.array([[0., 0.], [2., 0.]]), [0, 0], [[1., 0.]]))
    2.0
    """
    X, centers, w = _check_inputs(X, centers, sample_weight)
    labels = _check_labels(labels, X.shape[0], centers.shape[0])
    return _scaled_objective(X, w, labels, centers, "euclidean")


def objective(X, labels, centers, *, sample_weight=None, metric="euclidean"):
    """The objective Lloyd's loop minimises for ``metric``: SSE, sum of L1 distances or of cosine distances."""
    metric = check_metric(metric)
    X, centers, w = _check_inputs(X, centers, sample_weight)
    labels = _check_labels(labels, X.shape[0], centers.shape[0])
    if metric == "cosine":  # the same error as assign_labels, instead of NaN or -inf
        check_nonzero_rows(X, "X")
        check_nonzero_rows(centers, "centers")
    return _scaled_objective(X, w, labels, centers, metric)


def _scaled_objective(X, w, labels, centers, metric):
    """The objective, computed on exactly rescaled data when the values are extreme (see range_exponent)."""
    exponent = data_scale(metric, X, centers, sample_weight=w)
    value = _objective(scale_down(X, exponent), None, w, labels, scale_down(centers, exponent), metric)
    return scale_up(value, objective_power(metric) * exponent, "the objective")


def lloyd(
    X,
    init,
    *,
    sample_weight=None,
    metric="euclidean",
    max_iter=300,
    tol=1e-4,
    stop_when=_STOP_RULES,
    record_history=False,
    verbose=0,
):
    """Run Lloyd's loop from given initial centres: assign, update, stop?

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    init : array-like of shape (n_clusters, n_features)
        The initial centres (see :mod:`kmeans_edu.init` to choose them).
    sample_weight : array-like of shape (n_samples,), default=None
    metric : {'euclidean', 'manhattan', 'cosine'}, default='euclidean'
    max_iter : int, default=300
        The third stopping rule: at most this many iterations.
    tol : float, default=1e-4
        Relative tolerance of the ``"tol"`` rule, as in scikit-learn: stop when
        :math:`\\sum_j \\lVert \\Delta\\mu_j \\rVert^2 \\le` ``tol`` times the mean variance of the
        features.
    stop_when : sequence of {'no_reassignment', 'tol'}, default=('no_reassignment', 'tol')
        Which of the two early-stopping rules are active (``max_iter`` always is).
    record_history : bool, default=False
        Keep the centres, labels and objective after every half-step.
    verbose : int, default=0
        Print the objective at each iteration and why the loop stopped.

    Returns
    -------
    LloydResult
        labels, centers, inertia, n_iter, stop_reason and history.

    Notes
    -----
    With the same data and initial centres this gives scikit-learn's ``labels_``,
    ``cluster_centers_``, ``inertia_`` and ``n_iter_``: like scikit-learn it works on the
    centred data, tests "no reassignment" before "tol", and after a ``"tol"`` or
    ``"max_iter"`` stop assigns the points once more so that the labels belong to the
    returned centres.

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu import lloyd
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]])
    >>> result = lloyd(X, init=X[[0, 3]])
    >>> result.labels, result.centers, result.inertia, result.stop_reason
    (array([0, 0, 0, 1, 1, 1], dtype=int32), array([[1., 2.],
           [4., 2.]]), 16.0, 'tol')

    Started at the optimum, the centres do not move in the first update, so the ``"tol"`` rule
    stops the loop after one iteration (``"no_reassignment"`` needs an earlier assignment to compare with):

    >>> result.n_iter
    1
    """
    metric = check_metric(metric)
    X, centers, w = _check_inputs(X, init, sample_weight, name="init")
    if not isinstance(max_iter, (int, np.integer)) or isinstance(max_iter, bool) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer; got {max_iter!r}.")
    if isinstance(tol, bool) or not isinstance(tol, (int, float, np.integer, np.floating)) or not tol >= 0:
        raise ValueError(f"tol must be a number >= 0; got {tol!r}.")
    centers = check_centers(centers, centers.shape[0], X.shape[1], X.dtype, name="init")
    if centers.shape[0] > X.shape[0]:
        raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={centers.shape[0]} (rows of init).")
    exponent = data_scale(metric, X, centers, sample_weight=w)  # extreme values: exactly rescaled
    X, centers = scale_down(X, exponent), scale_down(centers, exponent)
    Xp, offset = prepare_data(X, metric)
    if offset is not None:
        centers = centers - offset
    elif metric == "cosine":
        centers = normalize_rows(centers, "init")
    result = _lloyd(
        Xp,
        w,
        centers,
        offset=offset,
        metric=metric,
        max_iter=max_iter,
        abs_tol=tolerance(X, tol),
        stop_when=_check_stop_when(stop_when),
        record_history=record_history,
        verbose=verbose,
    )
    return scale_result(shift_result(result, offset), exponent, metric)


def shift_result(result, offset):
    """Add ``offset`` back to the centres of a result (and of its history)."""
    if offset is None:
        return result
    history = result.history
    if history is not None:
        history = [
            HalfStep(h.kind, h.iteration, h.centers + offset, h.labels, h.objective, h.empty_clusters) for h in history
        ]
    return replace(result, centers=result.centers + offset, history=history)
