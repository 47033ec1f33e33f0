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


# ---------------------------------------------------------------------------------------------
# vq's assignment by direct differences (issue 14: exact ties go to the lowest code)
# ---------------------------------------------------------------------------------------------


@_jit(parallel=True)
def nearest_code(X, code_book, zero, codes, sq_dist):
    """``codes[i] = argmin_j sum_f (c_jf - x_if)^2`` summed in X's dtype (``zero`` is 0 in it), and
    ``sq_dist[i]`` that minimum.

    SciPy's ``vq`` loop: the differences are squared directly (no ``||c||^2 - 2 x.c``, whose rounding
    differs from centre to centre), added feature by feature in order, and a later code wins only
    if strictly closer, so two codes at exactly the same distance give the lower index, and the
    distances are SciPy's bit for bit (where SciPy uses this loop, up to 4 features). The rows are
    taken a chunk at a time and transposed, so that every inner loop runs along the rows of the
    chunk: a vector loop with the same additions. A row holding NaN gets code 0 and a NaN distance.
    """
    n, d = X.shape
    k = code_book.shape[0]
    n_chunks = (n + CHUNK_SIZE - 1) // CHUNK_SIZE
    for chunk in prange(n_chunks):
        start = chunk * CHUNK_SIZE
        m = min(CHUNK_SIZE, n - start)
        columns = np.empty((d, CHUNK_SIZE), dtype=X.dtype)
        acc = np.empty(CHUNK_SIZE, dtype=X.dtype)
        best_val = np.empty(CHUNK_SIZE, dtype=X.dtype)
        best = np.zeros(CHUNK_SIZE, dtype=np.int32)
        for r in range(m):
            for f in range(d):
                columns[f, r] = X[start + r, f]
        for j in range(k):
            for r in range(m):
                acc[r] = zero
            for f in range(d):
                c_jf = code_book[j, f]
                for r in range(m):
                    diff = c_jf - columns[f, r]
                    acc[r] += diff * diff
            for r in range(m):
                if j == 0 or acc[r] < best_val[r]:
                    best_val[r] = acc[r]
                    best[r] = j
        for r in range(m):
            codes[start + r] = best[r]
            sq_dist[start + r] = best_val[r]


# ---------------------------------------------------------------------------------------------
# Elkan's algorithm (``algorithm='elkan'``): the assignment step with triangle-inequality bounds.
#
# Every operation is scikit-learn's ``_k_means_elkan.pyx``, in the same order and in X's dtype,
# so that every decision "compute this distance or skip it" comes out the same. The only
# change is where the bounds are moved after an update: scikit-learn does it in a serial loop
# over all n x k bounds at the end of the update; here each point's bounds are moved, with
# the same additions, at the start of the next pass, in the parallel loop.
# ---------------------------------------------------------------------------------------------


@_jit(inline="always")
def _euclidean_4(A, offset, i, C, j):
    """||(A[i] - offset) - C[j]|| summed as scikit-learn's ``_euclidean_dense_dense``: four
    features per step, ``acc += ((t0 + t1) + t2) + t3``, then the rest one by one, in A's
    dtype and without fused multiply-adds (plain ``njit``: no fastmath flags)."""
    d = A.shape[1]
    acc = A.dtype.type(0)
    f = 0
    for _ in range(d // 4):
        a0 = (A[i, f] - offset[f]) - C[j, f]
        a1 = (A[i, f + 1] - offset[f + 1]) - C[j, f + 1]
        a2 = (A[i, f + 2] - offset[f + 2]) - C[j, f + 2]
        a3 = (A[i, f + 3] - offset[f + 3]) - C[j, f + 3]
        acc += a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3
        f += 4
    for g in range(f, d):
        a = (A[i, g] - offset[g]) - C[j, g]
        acc += a * a
    return np.sqrt(acc)


@_jit(parallel=True)
def elkan_init_bounds(X, offset, centers, half_dist, labels, upper, lower):
    """Elkan's first assignment, which also sets the bounds (scikit-learn's ``init_bounds_dense``).

    For each row of ``X - offset``, centres are tried in order and the distance to centre j is
    computed only when it could beat the best so far: when ``best_dist > half_dist[best, j]``
    (otherwise the triangle inequality says ``||x - c_j|| >= best_dist``). Writes ``labels``,
    ``upper[i]`` (the distance to the chosen centre) and ``lower[i, j]`` (each computed
    distance; the caller passes zeros). Returns the number of distances computed.
    """
    n = X.shape[0]
    k = centers.shape[0]
    n_blocks = _n_blocks(n)
    part_count = np.zeros(n_blocks, dtype=np.int64)
    for b in prange(n_blocks):
        start, stop = _block_bounds(b, n, n_blocks)
        count = 0
        for i in range(start, stop):
            best = 0
            best_dist = _euclidean_4(X, offset, i, centers, 0)
            lower[i, 0] = best_dist
            count += 1
            for j in range(1, k):
                if best_dist > half_dist[best, j]:
                    dist = _euclidean_4(X, offset, i, centers, j)
                    lower[i, j] = dist
                    count += 1
                    if dist < best_dist:
                        best_dist = dist
                        best = j
            labels[i] = best
            upper[i] = best_dist
        part_count[b] = count
    return part_count.sum()


@_jit()
def _elkan_assign_block(X, offset, sample_weight, centers, half_dist, next_center_dist, shift, apply_shift, update,
                        upper, lower, labels, start, stop, sums, weights):  # fmt: skip
    """:func:`elkan_assign` on the rows [start, stop); returns the number of distances computed."""
    k = centers.shape[0]
    count = 0
    for i in range(start, stop):
        label = labels[i]
        ub = upper[i]
        if apply_shift:  # the centres moved: the bounds loosen by the shifts (scikit-learn's order)
            ub += shift[label]
            for j in range(k):
                lower[i, j] -= shift[j]
                if lower[i, j] < 0:
                    lower[i, j] = 0
        # Skip the point when even the nearest other centre is at least 2 ub from its centre.
        if not next_center_dist[label] >= ub:
            tight = False
            for j in range(k):
                if j != label and ub > lower[i, j] and ub > half_dist[label, j]:
                    if not tight:  # make the upper bound exact before trusting the test
                        ub = _euclidean_4(X, offset, i, centers, label)
                        lower[i, label] = ub
                        tight = True
                        count += 1
                    # (scikit-learn's test, with its "or")
                    if ub > lower[i, j] or ub > half_dist[label, j]:
                        dist = _euclidean_4(X, offset, i, centers, j)
                        lower[i, j] = dist
                        count += 1
                        if dist < ub:
                            label = j
                            ub = dist
            labels[i] = label
        upper[i] = ub
        if update:
            weights[label] += sample_weight[i]
            _add_row(X, offset, i, sample_weight[i], sums, label)
    return count


@_jit(fastmath=_FLAGS)
def _add_row(X, offset, i, w, sums, j):
    """``sums[j] += w * (X[i] - offset)``, vectorised (its own flags: the distances above have none)."""
    for f in range(X.shape[1]):
        sums[j, f] += w * (X[i, f] - offset[f])


@_jit(parallel=True)
def elkan_assign(X, offset, sample_weight, centers, half_dist, next_center_dist, shift, apply_shift, update, upper,
                 lower, labels):  # fmt: skip
    """Elkan's assignment step (scikit-learn's ``elkan_iter_chunked_dense``), with the sums of the
    update step when ``update``.

    ``half_dist[a, b] = ||c_a - c_b|| / 2`` and ``next_center_dist[a] = min_b half_dist[a, b]``.
    If ``apply_shift``, the bounds are first moved by the last update's centre shifts
    (``upper[i] += shift[labels[i]]``, ``lower[i, j] = max(lower[i, j] - shift[j], 0)``).
    A point is skipped when ``next_center_dist[label] >= upper[i]``; otherwise only the
    centres j with ``upper[i] > lower[i, j]`` and ``upper[i] > half_dist[label, j]`` are
    looked at. ``labels``, ``upper`` and ``lower`` are updated in place.

    Returns
    -------
    sums : (k, d) float64, weights : (k,) float64, n_computed : int (distances computed)
    """
    n, d = X.shape
    k = centers.shape[0]
    n_blocks = _n_blocks(n)
    part_sums, part_weights, part_count = _block_partials(n_blocks, k, d, update)
    for b in prange(n_blocks):
        start, stop = _block_bounds(b, n, n_blocks)
        part_count[b] = _elkan_assign_block(X, offset, sample_weight, centers, half_dist, next_center_dist, shift,
                                            apply_shift, update, upper, lower, labels, start, stop, part_sums[b],
                                            part_weights[b])  # fmt: skip
    sums, weights, count = _add_blocks(part_sums, part_weights, part_count)
    return sums, weights, int(count)


@_jit()
def center_shifts(centers_old, centers_new):
    """``shift[j] = ||new_j - old_j||``, summed as scikit-learn's ``_center_shift``."""
    k = centers_old.shape[0]
    shift = np.empty(k, dtype=centers_old.dtype)
    zero = np.zeros(centers_new.shape[1], dtype=centers_new.dtype)
    for j in range(k):
        shift[j] = _euclidean_4(centers_new, zero, j, centers_old, j)
    return shift


# ---------------------------------------------------------------------------------------------
# Mini-batch K-means (kmeans_edu.minibatch) and Lloyd on Dask blocks (kmeans_edu.distributed)
# ---------------------------------------------------------------------------------------------


@_jit()
def minibatch_update_centers(X, sample_weight, centers_old, centers_new, weight_sums, labels):
    """Mini-batch update step: every centre moves to the mean of all the points it has ever seen.

    For each cluster j with batch weight ``W_j = sum_{i in batch, label i = j} w_i > 0``:
    ``c_j <- (c_j * n_j + sum_i w_i x_i) / (n_j + W_j)`` and ``n_j <- n_j + W_j``, where
    ``n_j = weight_sums[j]`` is the weight the centre has absorbed so far (so ``1 / n_j`` is its
    learning rate). Clusters without batch points keep their centre.

    The operations are scikit-learn's ``_minibatch_update_dense``, in its order and in X's dtype:
    ``c * n_j``, then the rows added in sample order, then a multiplication by ``1 / (n_j + W_j)``.
    So the centres are bit-for-bit scikit-learn's. ``centers_new`` may be ``centers_old`` itself
    (partial_fit updates in place): row j is read before it is written.
    """
    n, d = X.shape
    k = centers_old.shape[0]
    batch_weight = np.zeros(k, dtype=weight_sums.dtype)  # W_j, summed in sample order
    for i in range(n):
        batch_weight[labels[i]] += sample_weight[i]
    for j in range(k):
        scale = weight_sums[j] if batch_weight[j] > 0 else np.ones(1, dtype=weight_sums.dtype)[0]
        for f in range(d):
            centers_new[j, f] = centers_old[j, f] * scale  # undo the last division: the running sum
    for i in range(n):
        j = labels[i]
        if batch_weight[j] > 0:
            for f in range(d):
                centers_new[j, f] += X[i, f] * sample_weight[i]
    one = np.ones(1, dtype=weight_sums.dtype)[0]
    for j in range(k):
        if batch_weight[j] > 0:
            weight_sums[j] += batch_weight[j]
            alpha = one / weight_sums[j]
            for f in range(d):
                centers_new[j, f] *= alpha
