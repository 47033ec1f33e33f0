"""Every compiled loop of kmeans_edu, and nothing else.

Each kernel is the textbook loop of one step of the algorithm, compiled by Numba.
Python code in ``steps.py``, ``init.py`` and ``vq.py`` validates inputs and calls them.

Three rules hold for every kernel (README, "Engineering notes", says why):

* Never ``fastmath`` set to ``True``: it turns ``np.isnan`` into ``False``. Only reassociation-style
  flags that keep NaN/inf semantics are used where a reduction must vectorise.
* No ``sums[label[i]] += ...`` inside ``prange`` (a data race). The rows are cut into
  blocks (``N_BLOCKS``, fewer for small data) whose number does not depend on the thread count; every block
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
def _n_blocks(n_samples):
    """How many blocks of partial sums: N_BLOCKS, or one per chunk when there are fewer chunks.

    It depends on the data size only, never on the thread count (small data then zero and add
    fewer partial arrays: on the 1,797 digits, 8 blocks instead of 32)."""
    n_chunks = (n_samples + CHUNK_SIZE - 1) // CHUNK_SIZE
    return max(1, min(N_BLOCKS, n_chunks))


@_jit(inline="always")
def _block_bounds(block, n_samples, n_blocks):
    """Rows [start, stop) of block ``block`` when n_samples rows are cut into n_blocks."""
    n_chunks = (n_samples + CHUNK_SIZE - 1) // CHUNK_SIZE
    start = (block * n_chunks // n_blocks) * CHUNK_SIZE
    stop = min(((block + 1) * n_chunks // n_blocks) * CHUNK_SIZE, n_samples)
    return start, stop


@_jit(fastmath=_FLAGS, inline="always")
def _sq_dist(X, offset, i, C, j):
    """||(X[i] - offset) - C[j]||^2, the textbook way."""
    acc = 0.0
    for f in range(X.shape[1]):
        diff = (X[i, f] - offset[f]) - C[j, f]
        acc += diff * diff
    return acc


@_jit(inline="always")
def _centre_rows(X, offset, start, m, rows):
    """``rows[r, f] = X[start + r, f] - offset[f]`` for r < m: one chunk of the centred data.

    The caller's X is never centred as a whole (a second n x d array); each chunk is
    centred here, while it is in cache, with the same subtraction, so the values are the same.
    """
    for r in range(m):
        for f in range(X.shape[1]):
            rows[r, f] = X[start + r, f] - offset[f]


@_jit(inline="always")
def _centre_columns(X, offset, start, m, columns):
    """``columns[f, r] = X[start + r, f] - offset[f]``: the chunk transposed (short rows)."""
    for r in range(m):
        for f in range(X.shape[1]):
            columns[f, r] = X[start + r, f] - offset[f]


@_jit(inline="always")
def _nearest_by_rows(dots, m, center_sq_norms, best):
    """``best[r] = argmin_j ||c_j||^2 - 2 dots[r, j]`` (the lowest j on ties), row by row."""
    for r in range(m):
        nearest = 0
        nearest_val = center_sq_norms[0] - 2.0 * dots[r, 0]
        for j in range(1, center_sq_norms.shape[0]):
            val = center_sq_norms[j] - 2.0 * dots[r, j]
            if val < nearest_val:
                nearest_val = val
                nearest = j
        best[r] = nearest


@_jit(fastmath=_FLAGS, inline="always")
def _nearest_by_columns(columns, m, centers, center_sq_norms, dot, dot_rounded, best_val, best):
    """The same argmin for short rows, one centre at a time over all m rows of the chunk.

    ``dot[r] = sum_f columns[f, r] c_jf`` (feature by feature, as the GEMM sums it) runs along
    the rows, so every loop here is a vector loop over r (3x faster than row by row on the
    273,280 x 3 pixels with k=64). ``dot_rounded`` has X's dtype: the dot product is rounded
    to it, as in the GEMM's output.
    """
    d = columns.shape[0]
    for j in range(centers.shape[0]):
        for r in range(m):
            dot[r] = 0.0
        for f in range(d):
            c_jf = centers[j, f]
            for r in range(m):
                dot[r] += columns[f, r] * c_jf
        norm_j = center_sq_norms[j]
        for r in range(m):
            dot_rounded[r] = dot[r]
            val = norm_j - 2.0 * dot_rounded[r]
            closer = j == 0 or val < best_val[r]
            best_val[r] = val if closer else best_val[r]
            best[r] = j if closer else best[r]


@_jit(fastmath=_FLAGS, inline="always")
def _sq_dist_rows(rows, r, C, j):
    """||rows[r] - C[j]||^2 for a chunk of centred rows (the same sums as ``_sq_dist``)."""
    acc = 0.0
    for f in range(rows.shape[1]):
        diff = rows[r, f] - C[j, f]
        acc += diff * diff
    return acc


@_jit(fastmath=_FLAGS, inline="always")
def _accumulate_chunk(rows, m, start, best, sample_weight, centers, update, want_dist, labels, sq_dist, sums, weights,
                      sse):  # fmt: skip
    """Write the chunk's labels; add its rows to a block's cluster ``sums`` and ``weights``.

    ``rows`` is the chunk of centred rows, (m, d), in either memory layout. Returns the block's
    running SSE ``sse`` plus this chunk's (row by row, in order).
    """
    for r in range(m):
        i = start + r
        j = best[r]
        labels[i] = j
        w = sample_weight[i]
        weights[j] += w
        if want_dist:
            dist = _sq_dist_rows(rows, r, centers, j)
            sq_dist[i] = dist
            sse += w * dist
        if update:
            for f in range(rows.shape[1]):
                sums[j, f] += w * rows[r, f]
    return sse


@_jit(inline="always")
def _block_partials(n_blocks, k, d, update):
    """Zeroed partial sums of every block: cluster sums (k, d), cluster weights (k,) and SSE."""
    return np.zeros((n_blocks, k, d if update else 0)), np.zeros((n_blocks, k)), np.zeros(n_blocks)


@_jit(inline="always")
def _add_blocks(part_sums, part_weights, part_sse):
    """Add the blocks' partial sums in block order: the same bits for any thread count."""
    sums = np.zeros(part_sums.shape[1:])
    weights = np.zeros(part_weights.shape[1])
    sse = 0.0
    for b in range(part_sse.shape[0]):
        sums += part_sums[b]
        weights += part_weights[b]
        sse += part_sse[b]
    return sums, weights, sse


@_jit(fastmath=_FLAGS)
def _assign_block(X, offset, sample_weight, centers, centers_t, center_sq_norms, use_gemm, update, want_dist,
                  labels, sq_dist, start, stop, sums, weights):  # fmt: skip
    """:func:`assign_and_accumulate` on the rows [start, stop) of one block, a chunk at a time;
    adds to the block's ``sums`` and ``weights`` and returns its SSE.

    A plain function called from the parallel loop (rather than the loop's body): Numba's
    parallel compiler then has little to analyse, and the kernel compiles in half the time.
    """
    d = X.shape[1]
    k = centers.shape[0]
    sse = 0.0
    best = np.empty(CHUNK_SIZE, dtype=np.int32)
    if use_gemm:
        rows = np.empty((CHUNK_SIZE, d), dtype=X.dtype)
        dots = np.empty((CHUNK_SIZE, k), dtype=X.dtype)
        for c0 in range(start, stop, CHUNK_SIZE):
            m = min(CHUNK_SIZE, stop - c0)
            _centre_rows(X, offset, c0, m, rows)
            np.dot(rows[:m], centers_t, dots[:m])
            _nearest_by_rows(dots, m, center_sq_norms, best)
            sse = _accumulate_chunk(rows, m, c0, best, sample_weight, centers, update, want_dist, labels, sq_dist,
                                    sums, weights, sse)  # fmt: skip
    else:
        columns = np.empty((d, CHUNK_SIZE), dtype=X.dtype)
        dot = np.empty(CHUNK_SIZE)  # float64 sums, also for float32 data
        dot_rounded = np.empty(CHUNK_SIZE, dtype=X.dtype)
        best_val = np.empty(CHUNK_SIZE)
        for c0 in range(start, stop, CHUNK_SIZE):
            m = min(CHUNK_SIZE, stop - c0)
            _centre_columns(X, offset, c0, m, columns)
            _nearest_by_columns(columns, m, centers, center_sq_norms, dot, dot_rounded, best_val, best)
            sse = _accumulate_chunk(columns.T, m, c0, best, sample_weight, centers, update, want_dist, labels,
                                    sq_dist, sums, weights, sse)  # fmt: skip
    return sse


@_jit(parallel=True, fastmath=_FLAGS)
def assign_and_accumulate(
    X, offset, sample_weight, centers, center_sq_norms, use_gemm, update, want_dist, labels, sq_dist
):
    """Assignment step (and, if ``update``, the sums of the update step) in one pass.

    The data are ``X - offset`` (``offset``: X's column means, or zeros), centred a chunk at a
    time. ``center_sq_norms[j] = ||c_j||^2`` comes from the caller (computed as scikit-learn
    does, so that exact ties between two centres are broken the same way).

    For each row i: ``labels[i] = argmin_j ||x_i - c_j||^2`` (first index on ties). If
    ``want_dist``, also ``sq_dist[i] = ||x_i - c_label||^2`` and the SSE. If ``update``, also
    the per-cluster weighted sums ``sum_{i in C_j} w_i x_i``; the weights ``sum_{i in C_j} w_i``
    always.

    ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2, and ||x||^2 is the same for every c, so the argmin
    only needs ||c||^2 - 2 x.c. With ``use_gemm`` (long rows) the x.c of a whole chunk come from
    one GEMM, as in scikit-learn. Otherwise (short rows, where a GEMM with 2 or 3 columns is
    mostly overhead) the chunk is transposed and the same sums run one centre at a time over
    all its rows, so that every loop is a vector loop. (One kernel for both: two took 40% longer
    to compile.)

    Returns
    -------
    sums : (k, d) float64, weights : (k,) float64, sse : float (sum_i w_i sq_dist[i], or 0)
    """
    n, d = X.shape
    k = centers.shape[0]
    n_blocks = _n_blocks(n)
    centers_t = np.ascontiguousarray(centers.T)
    part_sums, part_weights, part_sse = _block_partials(n_blocks, k, d, update)
    for b in prange(n_blocks):
        start, stop = _block_bounds(b, n, n_blocks)
        part_sse[b] = _assign_block(X, offset, sample_weight, centers, centers_t, center_sq_norms, use_gemm, update,
                                    want_dist, labels, sq_dist, start, stop, part_sums[b], part_weights[b])  # fmt: skip
    return _add_blocks(part_sums, part_weights, part_sse)


@_jit(parallel=True)
def assign_manhattan(X, sample_weight, centers, labels, dist):
    """Assignment step for the L1 metric: ``labels[i] = argmin_j sum_f |x_if - c_jf|``.

    Writes ``dist[i]`` (the L1 distance to the chosen centre) and returns the
    per-cluster weights and the objective ``sum_i w_i dist[i]``.
    """
    n, d = X.shape
    n_blocks = _n_blocks(n)
    k = centers.shape[0]
    part_weights = np.zeros((n_blocks, k))
    part_obj = np.zeros(n_blocks)
    for b in prange(n_blocks):
        start, stop = _block_bounds(b, n, n_blocks)
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
    for b in range(n_blocks):
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
def kmeanspp_candidate_potentials(X, offset, sample_weight, candidates, closest_sq, out):
    """k-means++ greedy step: for each candidate centre c_t and each row i of ``X - offset``,
    ``out[t, i] = min(D(x_i)^2, ||x_i - c_t||^2)``; returns each candidate's
    potential ``sum_i w_i out[t, i]`` (the SSE if c_t were added).
    """
    n = X.shape[0]
    n_blocks = _n_blocks(n)
    t_count = candidates.shape[0]
    part = np.zeros((n_blocks, t_count))
    for b in prange(n_blocks):
        start, stop = _block_bounds(b, n, n_blocks)
        for i in range(start, stop):
            for t in range(t_count):
                dist = min(closest_sq[i], _sq_dist(X, offset, i, candidates, t))
                out[t, i] = dist
                part[b, t] += sample_weight[i] * dist
    pots = np.zeros(t_count)
    for b in range(n_blocks):
        pots += part[b]
    return pots


@_jit()
def draw_rows(sample_weight, closest_sq, targets, order):
    """k-means++ draws: for each target v, the first row i with ``sum_{i' <= i} w_i' D(x_i')^2 >= v``.

    The same as ``np.searchsorted(np.cumsum(sample_weight * closest_sq), targets)``, with the same
    additions in the same order and dtype (no fused multiply-add: plain ``njit``), but in one
    pass that stops at the largest target and builds no n-long array (numpy's cumsum alone took
    0.84 ms per draw on 273,280 rows). ``order`` sorts the targets (``np.argsort(targets)``).
    Returns n for a target beyond the total.
    """
    n = closest_sq.shape[0]
    rows = np.full(targets.shape[0], n, dtype=np.int64)
    total = np.zeros(1, dtype=closest_sq.dtype)[0]  # accumulate in X's dtype, as np.cumsum does
    p = 0
    for i in range(n):
        if p == order.shape[0]:
            break
        total += sample_weight[i] * closest_sq[i]
        while p < order.shape[0] and total >= targets[order[p]]:
            rows[order[p]] = i
            p += 1
    return rows


@_jit(parallel=True, fastmath=_FLAGS)
def sq_dist_to_point(X, offset, point, out):
    """``out[i] = ||(x_i - offset) - point||^2`` (k-means++: D(x)^2 after the first pick)."""
    n, d = X.shape
    for i in prange(n):
        acc = 0.0
        for f in range(d):
            diff = (X[i, f] - offset[f]) - point[f]
            acc += diff * diff
        out[i] = acc


@_jit(fastmath=_FLAGS, inline="always")
def _distance(X, offset, i, C, j, metric_code):
    """Distance between row ``X[i] - offset`` and centre C[j] for a metric code of METRIC_CODES.

    0 euclidean, 1 squared euclidean, 2 manhattan, 3 cosine distance 1 - x.c / (||x|| ||c||).
    """
    acc = 0.0
    if metric_code == 2:
        for f in range(X.shape[1]):
            acc += abs((X[i, f] - offset[f]) - C[j, f])
        return acc
    if metric_code == 3:
        xx = 0.0
        cc = 0.0
        for f in range(X.shape[1]):
            x = X[i, f] - offset[f]
            acc += x * C[j, f]
            xx += x * x
            cc += C[j, f] * C[j, f]
        return 1.0 - acc / np.sqrt(xx * cc)
    acc = _sq_dist(X, offset, i, C, j)
    return np.sqrt(acc) if metric_code == 0 else acc


@_jit(parallel=True)
def pairwise_distances(X, centers, metric_code, out):
    """``out[i, j]`` = distance between row i and centre j (``transform``; small k only)."""
    no_offset = np.zeros(X.shape[1], dtype=X.dtype)
    for i in prange(X.shape[0]):
        for j in range(centers.shape[0]):
            out[i, j] = _distance(X, no_offset, i, centers, j, metric_code)


@_jit(parallel=True)
def objective_of_labels(X, offset, sample_weight, labels, centers, metric_code):
    """``sum_i w_i dist(x_i - offset, c_{labels[i]})``: the SSE when metric_code is 1."""
    n = X.shape[0]
    n_blocks = _n_blocks(n)
    part = np.zeros(n_blocks)
    for b in prange(n_blocks):
        start, stop = _block_bounds(b, n, n_blocks)
        for i in range(start, stop):
            part[b] += sample_weight[i] * _distance(X, offset, i, centers, labels[i], metric_code)
    total = 0.0
    for b in range(n_blocks):
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
