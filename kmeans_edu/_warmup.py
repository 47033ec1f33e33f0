"""Compile (or load from the cache) every Numba kernel for float32 and float64."""

import subprocess
import sys
import time

import numpy as np

# The kernels in two groups of about equal compile time (about 8 s each for both dtypes on
# the 2-core development machine); warmup() compiles the groups in two processes.
KERNEL_GROUPS = (
    (
        "assign_and_accumulate", "sums_by_label", "sq_dist_to_point", "objective_of_labels", "draw_rows",
        "elkan_init_bounds", "center_shifts",
    ),
    (
        "pairwise_distances", "assign_manhattan", "median_update", "kmeanspp_candidate_potentials", "elkan_assign",
        "nearest_code",
    ),
    ("minibatch_update_centers",),  # quick to compile: runs in a third process
)  # fmt: skip


def _kernel_calls(dtype):
    """name -> (kernel, arguments): a tiny call of every kernel with the argument types the
    library passes for data of this dtype."""
    from . import _kernels
    from .elkan import center_half_distances

    X = np.random.RandomState(0).rand(6, 3).astype(dtype)
    offset, weights, centers = X.mean(axis=0), np.ones(6, dtype=dtype), X[:2].copy()
    labels, sq_dist, closest_sq = np.zeros(6, dtype=np.int32), np.empty(6), np.ones(6, dtype=dtype)
    center_sq_norms = np.einsum("ij,ij->i", centers, centers)
    members, starts = np.arange(6, dtype=np.intp), np.array([0, 3, 6], dtype=np.intp)
    half_dist, nearest = center_half_distances(centers)
    upper, shift = np.zeros(6, dtype=dtype), np.zeros(2, dtype=dtype)
    return {
        "assign_and_accumulate": (
            _kernels.assign_and_accumulate,
            (X, offset, weights, centers, center_sq_norms, True, True, True, labels, sq_dist),
        ),
        "pairwise_distances": (_kernels.pairwise_distances, (X, centers, 1, np.empty((6, 2), dtype=dtype))),
        "sums_by_label": (_kernels.sums_by_label, (X, weights, labels, 2)),
        "sq_dist_to_point": (_kernels.sq_dist_to_point, (X, offset, centers[0], np.empty(6, dtype=dtype))),
        "assign_manhattan": (_kernels.assign_manhattan, (X, weights, centers, labels, sq_dist)),
        "median_update": (_kernels.median_update, (X, weights, members, starts, centers.copy())),
        "kmeanspp_candidate_potentials": (
            _kernels.kmeanspp_candidate_potentials,
            (X, offset, weights, centers, closest_sq, np.empty((2, 6), dtype=dtype)),
        ),
        "draw_rows": (_kernels.draw_rows, (weights, closest_sq, np.array([1.0, 2.0]), np.arange(2))),
        "objective_of_labels": (_kernels.objective_of_labels, (X, offset, weights, labels, centers, 1)),
        "nearest_code": (_kernels.nearest_code, (X, centers, X.dtype.type(0), labels, np.empty(6, dtype=dtype))),
        "elkan_init_bounds": (
            _kernels.elkan_init_bounds,
            (X, offset, centers, half_dist, labels, upper, np.zeros((6, 2), dtype=dtype)),
        ),
        "elkan_assign": (
            _kernels.elkan_assign,
            (X, offset, weights, centers, half_dist, nearest, shift, True, True, upper, np.zeros((6, 2), dtype=dtype),
             labels),
        ),  # fmt: skip
        "center_shifts": (_kernels.center_shifts, (centers, centers + 1)),
        "minibatch_update_centers": (
            _kernels.minibatch_update_centers,
            (X, weights, centers, centers.copy(), np.zeros(2, dtype=dtype), labels),
        ),
    }


def compile_kernels(names, dtypes=(np.float64, np.float32)):
    """Call each named kernel once on a tiny input of each dtype, so that Numba compiles it
    (or loads it from the cache)."""
    for dtype in dtypes:
        calls = _kernel_calls(dtype)
        for name in names:
            kernel, arguments = calls[name]
            kernel(*arguments)


def _cache_on_disk():
    """True when the kernels are cached on disk (so that other processes can compile for us)."""
    from . import _kernels

    return type(_kernels.assign_and_accumulate._cache).__name__ != "NullCache"


def _compile_in_processes():
    """Compile the kernel groups at once in child processes, into the shared on-disk cache.

    Numba compiles under a per-process lock, so two processes use two cores. A child that fails
    costs nothing but time: whatever it did not cache is compiled by the caller afterwards.
    """
    code = "import sys; from kmeans_edu._warmup import compile_kernels; compile_kernels(sys.argv[1].split(','))"
    children = [
        subprocess.Popen([sys.executable, "-c", code, ",".join(group)], stdout=subprocess.DEVNULL)
        for group in KERNEL_GROUPS
    ]
    for child in children:
        child.wait()


def warmup(verbose=False):
    """Compile every kernel for float32 and float64 data, so that the first real fit is fast.

    The compiled code is cached on disk (next to the package, or in a per-user folder under
    the temp dir when the package folder is read-only), so this is slow only once. With a
    disk cache, the kernels are compiled by two processes at once (16.5 s instead of 31 s on
    2 cores).

    Parameters
    ----------
    verbose : bool, default=False
        Print the time taken.

    Returns
    -------
    seconds : float
        Wall time spent.
    """
    from .estimator import KMeans
    from .metrics import distances
    from .steps import assign_labels, update_centers
    from .vq import vq

    start = time.perf_counter()
    if _cache_on_disk():
        _compile_in_processes()
    # In this process: load the kernels from the cache (compiling whatever is missing), through
    # the public functions so that every path a fit takes is exercised.
    rng = np.random.RandomState(0)
    for dtype in (np.float64, np.float32):
        for d in (2, 16):  # the plain loops (short rows) and the chunked GEMM (long rows)
            X = rng.rand(40, d).astype(dtype)
            for metric in ("euclidean", "manhattan", "cosine"):
                km = KMeans(3, n_init=1, random_state=0, metric=metric, record_history=True).fit(X)
                distances(X, km.cluster_centers_, metric)
            KMeans(3, n_init=1, random_state=0, algorithm="elkan", max_iter=2, tol=0).fit(X)
            labels, _ = assign_labels(X, X[:3])
            update_centers(X, labels, X[:3])
            vq(X, X[:3])
    seconds = time.perf_counter() - start
    if verbose:
        print(f"kmeans_edu kernels ready in {seconds:.1f} s")
    return seconds
