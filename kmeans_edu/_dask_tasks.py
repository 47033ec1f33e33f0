"""What runs on one block of rows of a dask array, on a worker (for :mod:`kmeans_edu.dask_kmeans`).

Kept apart from the estimator so that a worker process imports only NumPy, Numba and the
kernels (not scikit-learn): about 100 MB less per worker, which matters when the workers' memory
is the limit. Every function takes the block's arrays and small broadcast values and returns
small results (k x d sums) or per-row arrays that stay on the worker (labels, distances).
"""

import os

import numba
import numpy as np

from .steps import _assign, blas_single_thread

_blas_pinned_pid = None


def _read_npy_rows(path, start, stop):
    """Rows [start, stop) of a ``.npy`` file, copied into memory (the memory map is closed at once)."""
    mapped = np.load(path, mmap_mode="r")
    block = np.array(mapped[start:stop])
    del mapped
    return block


def _kernel_context(client_pid):
    """One Numba thread per task (the scheduler runs the tasks in parallel), BLAS on one thread.

    In the client's process, ``fit`` holds BLAS to one thread for its duration; a worker process
    (another pid) is pinned once, for good: its BLAS calls come from inside our kernels.
    """
    global _blas_pinned_pid
    numba.set_num_threads(1)  # thread-local: only this task's thread
    if os.getpid() != client_pid and _blas_pinned_pid != os.getpid():
        blas_single_thread().__enter__()
        _blas_pinned_pid = os.getpid()


def _lloyd_block(X, w, labels_old, centers, offset, client_pid):
    """Assignment step on one block and its partial sums: (labels, stats row).

    ``stats = [sums (k*d) | weights (k) | number of changed labels]``, float64.
    """
    _kernel_context(client_pid)
    labels, _, sums, weights, _ = _assign(X, offset, w, centers, "euclidean", update=True, want_dist=False)
    changed = labels.size if labels_old is None else np.count_nonzero(labels != labels_old)
    return labels, np.concatenate([sums.ravel(), weights, [changed]])[None, :]


def _assign_block(X, w, centers, offset, client_pid):
    """Final assignment of one block: (labels, [weights (k) | SSE])."""
    _kernel_context(client_pid)
    labels, _, _, weights, sse = _assign(X, offset, w, centers, "euclidean", update=False)
    return labels, np.concatenate([weights, [sse]])[None, :]


def _farthest_in_block(X, w, labels, centers, offset, starts, block, m):
    """The m rows of a block farthest from their own centre: rows of [distance, row, label, w, x...].

    The distance is the expression of :func:`kmeans_edu.steps._farthest_points` (scikit-learn's).
    """
    diff = (X - offset) - centers[labels]
    distances = (diff**2).sum(axis=1)
    top = np.argsort(-distances, kind="stable")[:m]
    return np.column_stack([distances[top], starts[block] + top, labels[top], w[top], X[top] - offset])


def _sum_rows(x, axis=None, keepdims=True):
    """Add the rows of the concatenated partial results in their (block) order."""
    if len(x) == 0:  # dask asks for the type of the result with an empty input
        return np.asarray(x, dtype=np.float64)
    total = x[0].astype(np.float64, copy=True)
    for row in x[1:]:
        total += row
    return total[None, :]


def _first_of(x, axis=None, keepdims=True):
    return x


def _block_rng(entropy, step, block):
    """The random generator of one block at one step: the same stream wherever the block runs."""
    return np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(step, block)))


def _candidate_row(X, w, entropy, block):
    """One row of the block drawn with probability proportional to its weight, and the block's weight."""
    total = float(w.sum(dtype=np.float64))
    if total <= 0:
        return np.zeros((1, X.shape[1] + 1))
    i = _block_rng(entropy, 0, block).choice(X.shape[0], p=w / total)
    return np.concatenate([[total], X[i]])[None, :]


def _closest_sq(X, w, closest_old, candidates, offset, client_pid):
    """k-means||: D(x)^2 to the nearest candidate so far, for one block, and the block's cost."""
    _kernel_context(client_pid)
    _, dist, *_ = _assign(X, offset, w, candidates, "euclidean", update=False)
    closest = dist if closest_old is None else np.minimum(closest_old, dist)
    return closest, np.array([[np.dot(w.astype(np.float64), closest)]])


def _oversample_block(X, w, closest, offset, rate, entropy, step, block):
    """k-means|| round: keep each row independently with probability min(1, l w D(x)^2 / cost);
    ``rate = l / cost``, with l the oversampling (expected picks per round)."""
    u = _block_rng(entropy, step, block).random(X.shape[0])
    keep = u < rate * w * closest
    return X[keep] - offset


def _sample_block(X, w, rate, offset, entropy, block):
    """Bernoulli sample of a block (k-means++ on a sample): rows and their weights."""
    keep = _block_rng(entropy, 0, block).random(X.shape[0]) < rate
    return np.column_stack([w[keep], X[keep] - offset])


def _summary_block(X, w):
    """One block's share of the pass that sets up Lloyd: [rows, column sums, squared deviations from the
    block's mean (d each), min w, sum w, finite?] (combined on the client with Chan et al.'s formula)."""
    n = X.shape[0]
    sums = X.sum(axis=0, dtype=np.float64)
    deviations = ((X - sums / n) ** 2).sum(axis=0) if n else np.zeros(X.shape[1])
    finite = np.isfinite(sums).all() or np.isfinite(X).all()
    w_min = w.min() if n else np.inf
    return np.concatenate([[n], sums, deviations, [w_min, w.sum(dtype=np.float64), finite]])[None, :]
