"""Lloyd's loop works on the caller's X without copying it (the mean is subtracted chunk by chunk)."""

import tracemalloc

import numpy as np
import pytest

from kmeans_edu import kmeans_plusplus, lloyd


@pytest.mark.parametrize("d", [8, 50])  # the short-row loops and the chunked GEMM
def test_lloyd_and_kmeanspp_allocate_far_less_than_a_copy_of_x(d):
    X = np.random.RandomState(0).rand(400_000 // d, d) + 100.0  # far from the origin: centring matters
    init = X[:8].copy()
    lloyd(X, init, max_iter=2)  # compile / load the kernels outside the measurement
    kmeans_plusplus(X[:100], 3, random_state=0)
    tracemalloc.start()
    try:
        result = lloyd(X, init, max_iter=5, tol=0, stop_when=())
        _, peak_lloyd = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        kmeans_plusplus(X, 8, random_state=0)
        _, peak_kpp = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.n_iter == 5
    # A copy of X alone would be X.nbytes (3.2 MB). What is allocated is per row: Lloyd's labels
    # and distances, old and new (about 32 bytes a row, half of X's 64 bytes at d=8), and
    # k-means++'s distances to its 4 candidates and to the nearest centre (about 52 bytes a row).
    assert peak_lloyd < 0.75 * X.nbytes, (peak_lloyd, X.nbytes)
    assert peak_kpp < X.nbytes, (peak_kpp, X.nbytes)
