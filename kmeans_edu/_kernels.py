"""Every compiled loop of kmeans_edu, and nothing else.

Each kernel is the textbook loop of one step of the algorithm, compiled by Numba.
Python code in ``steps.py``, ``init.py`` and ``vq.py`` validates inputs and calls them.

Three rules hold for every kernel (see ``shared/reference/engineering-notes.md``):

* Never ``fastmath`` set to ``True``: it turns ``np.isnan`` into ``False``. Only reassociation-style
  flags that keep NaN/inf semantics are used where a reduction must vectorise.
* No ``sums[label[i]] += ...`` inside ``prange`` (a data race). The rows are cut into
  ``N_BLOCKS`` blocks whose number does not depend on the thread count; every block
  accumulates into its own partial array and the partials are added in block order.
  The result is therefore bit-for-bit the same for 1, 2 or 64 threads.
* No n x k distance matrix: rows are processed ``CHUNK_SIZE`` at a time.
"""

import os
import tempfile

import numba
import numpy as np
from numba import prange

CHUNK_SIZE = 256  # rows per chunk: the chunk's (CHUNK_SIZE, k) distances stay in cache
N_BLOCKS = 32  # fixed number of partial sums: independent of the thread count
_FLAGS = {"nsz", "arcp", "contract", "afn", "reassoc"}  # vectorise sums, keep NaN/inf

METRIC_CODES = {"euclidean": 0, "sqeuclidean": 1, "manhattan": 2, "cosine": 3}


def _writable_cache_dir():
    """A per-user folder under the temp dir for Numba's cache, or None."""
    path = os.path.join(tempfile.gettempdir(), f"kmeans_edu-numba-{os.getuid()}")
    try:
        os.makedirs(path, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError:
        return None
    return path


def _jit(**options):
    """``numba.njit(cache=True)`` that never fails at import.

    Numba raises ``RuntimeError: cannot cache function`` at decoration time when
    neither the package folder nor HOME is writable (a read-only install). Then
    the cache goes to a folder under the temp dir; if that fails too, the kernel
    is compiled without a cache.
    """

    def decorate(func):
        try:
            return numba.njit(cache=True, **options)(func)
        except RuntimeError:
            pass
        fallback = _writable_cache_dir()
        if fallback is not None:
            saved = numba.config.CACHE_DIR
            numba.config.CACHE_DIR = fallback
            try:
                return numba.njit(cache=True, **options)(func)
            except RuntimeError:
                pass
            finally:
                numba.config.CACHE_DIR = saved
        return numba.njit(cache=False, **options)(func)

    return decorate


@_jit(inline="always")
def _block_bounds(block, n_samples):
    """Rows [start, stop) of block ``block`` when n_samples rows are cut into N_BLOCKS."""
    n_chunks = (n_samples + CHUNK_SIZE - 1) // CHUNK_SIZE
    start = (block * n_chunks // N_BLOCKS) * CHUNK_SIZE
    stop = min(((block + 1) * n_chunks // N_BLOCKS) * CHUNK_SIZE, n_samples)
    return start, stop


@_jit(fastmath=_FLAGS, inline="always")
def _sq_dist(X, i, C, j):
    """||X[i] - C[j]||^2, the textbook way."""
    acc = 0.0
    for f in range(X.shape[1]):
        diff = X[i, f] - C[j, f]
        acc += diff * diff
    return acc


@_jit(parallel=True, fastmath=_FLAGS)
def assign_and_accumulate(X, sample_weight, centers, center_sq_norms, use_gemm, update, labels, sq_dist):
    """Assignment step (and, if ``update``, the sums of the update step) in one pass.

    ``center_sq_norms[j] = ||c_j||^2`` comes from the caller (computed as scikit-learn does,
    so that exact ties between two centres are broken the same way).

    For each row i: ``labels[i] = argmin_j ||x_i - c_j||^2`` (first index on ties) and
    ``sq_dist[i] = ||x_i - c_label||^2``. If ``update``, also the per-cluster weighted
    sums ``sum_{i in C_j} w_i x_i`` and weights ``sum_{i in C_j} w_i``.

    Returns
    -------
    sums : (k, d) float64, weights : (k,) float64, sse : float (sum_i w_i sq_dist[i])
    """
    n, d = X.shape
    k = centers.shape[0]
    # ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2; ||x||^2 is the same for every c, so the
    # argmin only needs ||c||^2 - 2 x.c, computed for a whole chunk at once by a GEMM.
    centers_t = np.ascontiguousarray(centers.T)
    part_sums = np.zeros((N_BLOCKS, k, d if update else 0))
    part_weights = np.zeros((N_BLOCKS, k))
    part_sse = np.zeros(N_BLOCKS)
    for b in prange(N_BLOCKS):
        start, stop = _block_bounds(b, n)
        dots = np.empty((CHUNK_SIZE, k), dtype=X.dtype)
        row_dots = np.empty(k)  # float64, like the scalar sum it replaces, also for float32 data
        for c0 in range(start, stop, CHUNK_SIZE):
            c1 = min(c0 + CHUNK_SIZE, stop)
            m = c1 - c0
            if use_gemm:
                np.dot(X[c0:c1], centers_t, dots[:m])
            else:
                # The same sums x_i . c_j = sum_f x_if c_jf, feature by feature in the same order,
                # but with the loop over the k centres innermost: it runs along a row of
                # centers_t and vectorises (2x faster on the 273,280 x 3, k=64 pixels).
                for r in range(m):
                    row_dots[:] = 0.0
                    for f in range(d):
                        x_f = X[c0 + r, f]
                        for j in range(k):
                            row_dots[j] += x_f * centers_t[f, j]
                    for j in range(k):
                        dots[r, j] = row_dots[j]
            for r in range(m):
                i = c0 + r
                best = 0
                best_val = center_sq_norms[0] - 2.0 * dots[r, 0]
                for j in range(1, k):
                    val = center_sq_norms[j] - 2.0 * dots[r, j]
                    if val < best_val:
                        best_val = val
                        best = j
                labels[i] = best
                dist = _sq_dist(X, i, centers, best)
                sq_dist[i] = dist
                w = sample_weight[i]
                part_sse[b] += w * dist
                part_weights[b, best] += w
                if update:
                    for f in range(d):
                        part_sums[b, best, f] += w * X[i, f]
    sums = np.zeros((k, d if update else 0))
    weights = np.zeros(k)
    sse = 0.0
    for b in range(N_BLOCKS):  # fixed order: same bits for any thread count
        sums += part_sums[b]
        weights += part_weights[b]
        sse += part_sse[b]
    return sums, weights, sse


@_jit(parallel=True)
def assign_manhattan(X, sample_weight, centers, labels, dist):
    """Assignment step for the L1 metric: ``labels[i] = argmin_j sum_f |x_if - c_jf|``.

    Writes ``dist[i]`` (the L1 distance to the chosen centre) and returns the
    per-cluster weights and the objective ``sum_i w_i dist[i]``.
    """
    n, d = X.shape
    k = centers.shape[0]
    part_weights = np.zeros((N_BLOCKS, k))
    part_obj = np.zeros(N_BLOCKS)
    for b in prange(N_BLOCKS):
        start, stop = _block_bounds(b, n)
        for i in range(start, stop):
            best = 0
            best_val = np.inf
            for j in range(k):
                acc = 0.0
                for f in range(d):
                    acc += abs(X[i, f] - centers[j, f])
                if j == 0 or acc < best_val:
                    best_val = acc
                    best = j
            labels[i] = best
            dist[i] = best_val
            part_weights[b, best] += sample_weight[i]
            part_obj[b] += sample_weight[i] * best_val
    weights = np.zeros(k)
    obj = 0.0
    for b in range(N_BLOCKS):
        weights += part_weights[b]
        obj += part_obj[b]
    return weights, obj


@_jit()
def _weighted_median(values, weights):
    """A minimiser of sum_i w_i |v_i - m|; equals ``np.median`` when all weights are equal.

    Sort the values; the median is the first value where the cumulative weight reaches
    half the total. If it reaches exactly half, every point up to the next value is a
    minimiser and the midpoint of the two is returned (as ``np.median`` does).
    """
    order = np.argsort(values, kind="mergesort")
    half = 0.5 * weights.sum()
    cum = 0.0
    for p in range(order.size):
        cum += weights[order[p]]
        if cum > half:
            return values[order[p]]
        if cum == half:
            q = p + 1
            while q < order.size and weights[order[q]] == 0.0:
                q += 1
            if q == order.size:
                return values[order[p]]
            return 0.5 * (values[order[p]] + values[order[q]])
    return values[order[-1]]


@_jit(parallel=True)
def median_update(X, sample_weight, members, starts, centers):
    """Update step of k-medians: ``centers[j, f]`` = weighted median of feature f in cluster j.

    ``members[starts[j]:starts[j+1]]`` are the rows of cluster j. Clusters with no
    members are left untouched (the caller relocates them).
    """
    k, d = centers.shape
    for jf in prange(k * d):
        j = jf // d
        f = jf % d
        rows = members[starts[j] : starts[j + 1]]
        if rows.size == 0:
            continue
        values = np.empty(rows.size, dtype=X.dtype)
        weights = np.empty(rows.size)
        for p in range(rows.size):
            values[p] = X[rows[p], f]
            weights[p] = sample_weight[rows[p]]
        centers[j, f] = _weighted_median(values, weights)


@_jit(parallel=True, fastmath=_FLAGS)
def kmeanspp_candidate_potentials(X, sample_weight, candidates, closest_sq, out):
    """k-means++ greedy step: for each candidate centre c_t and each row i,
    ``out[t, i] = min(D(x_i)^2, ||x_i - c_t||^2)``; returns each candidate's
    potential ``sum_i w_i out[t, i]`` (the SSE if c_t were added).
    """
    n = X.shape[0]
    t_count = candidates.shape[0]
    part = np.zeros((N_BLOCKS, t_count))
    for b in prange(N_BLOCKS):
        start, stop = _block_bounds(b, n)
        for i in range(start, stop):
            for t in range(t_count):
                dist = min(closest_sq[i], _sq_dist(X, i, candidates, t))
                out[t, i] = dist
                part[b, t] += sample_weight[i] * dist
    pots = np.zeros(t_count)
    for b in range(N_BLOCKS):
        pots += part[b]
    return pots


@_jit(parallel=True, fastmath=_FLAGS)
def sq_dist_to_point(X, point, out):
    """``out[i] = ||x_i - point||^2`` (k-means++: D(x)^2 after the first pick)."""
    n, d = X.shape
    for i in prange(n):
        acc = 0.0
        for f in range(d):
            diff = X[i, f] - point[f]
            acc += diff * diff
        out[i] = acc


@_jit(fastmath=_FLAGS, inline="always")
def _distance(X, i, C, j, metric_code):
    """Distance between row X[i] and centre C[j] for a metric code of METRIC_CODES.

    0 euclidean, 1 squared euclidean, 2 manhattan, 3 cosine distance 1 - x.c / (||x|| ||c||).
    """
    acc = 0.0
    if metric_code == 2:
        for f in range(X.shape[1]):
            acc += abs(X[i, f] - C[j, f])
        return acc
    if metric_code == 3:
        xx = 0.0
        cc = 0.0
        for f in range(X.shape[1]):
            acc += X[i, f] * C[j, f]
            xx += X[i, f] * X[i, f]
            cc += C[j, f] * C[j, f]
        return 1.0 - acc / np.sqrt(xx * cc)
    acc = _sq_dist(X, i, C, j)
    return np.sqrt(acc) if metric_code == 0 else acc


@_jit(parallel=True)
def pairwise_distances(X, centers, metric_code, out):
    """``out[i, j]`` = distance between row i and centre j (``transform``; small k only)."""
    for i in prange(X.shape[0]):
        for j in range(centers.shape[0]):
            out[i, j] = _distance(X, i, centers, j, metric_code)


@_jit(parallel=True)
def objective_of_labels(X, sample_weight, labels, centers, metric_code):
    """``sum_i w_i dist(x_i, c_{labels[i]})``: the SSE when metric_code is 1."""
    n = X.shape[0]
    part = np.zeros(N_BLOCKS)
    for b in prange(N_BLOCKS):
        start, stop = _block_bounds(b, n)
        for i in range(start, stop):
            part[b] += sample_weight[i] * _distance(X, i, centers, labels[i], metric_code)
    total = 0.0
    for b in range(N_BLOCKS):
        total += part[b]
    return total


@_jit()
def sums_by_label(X, sample_weight, labels, n_clusters):
    """Per-cluster weighted sums ``sum_{i in C_j} w_i x_i`` and weights ``sum_{i in C_j} w_i``."""
    sums = np.zeros((n_clusters, X.shape[1]))
    weights = np.zeros(n_clusters)
    for i in range(X.shape[0]):
        j = labels[i]
        weights[j] += sample_weight[i]
        for f in range(X.shape[1]):
            sums[j, f] += sample_weight[i] * X[i, f]
    return sums, weights
