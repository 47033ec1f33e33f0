"""Compile (or load from the cache) every Numba kernel for float32 and float64."""

import time

import numpy as np


def warmup(verbose=False):
    """Compile every kernel for float32 and float64 data, so that the first real fit is fast.

    The compiled code is cached on disk (next to the package, or in a per-user folder under
    the temp dir when the package folder is read-only), so this is slow only once.

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

    start = time.perf_counter()
    rng = np.random.RandomState(0)
    for dtype in (np.float64, np.float32):
        for d in (2, 16):  # the plain loop (short rows) and the chunked GEMM (long rows)
            X = rng.rand(40, d).astype(dtype)
            for metric in ("euclidean", "manhattan", "cosine"):
                km = KMeans(3, n_init=1, random_state=0, metric=metric, record_history=True).fit(X)
                distances(X, km.cluster_centers_, metric)
            labels, _ = assign_labels(X, X[:3])
            update_centers(X, labels, X[:3])
    seconds = time.perf_counter() - start
    if verbose:
        print(f"kmeans_edu kernels ready in {seconds:.1f} s")
    return seconds
