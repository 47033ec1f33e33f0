"""Performance harness of kmeans-edu (issue #6): ``python -m benchmarks.run [--quick]``.

Every implementation runs the same fixed number of Lloyd iterations from the same initial
centres; the runs are interleaved and the medians compared. See ``benchmarks/README.md``.

Importing this package pins the thread pools (OpenMP, BLAS, Numba) to ``BENCH_THREADS``
threads (default 2) *before* numpy is imported, unless the variables are already set.
"""

import os

THREADS = int(os.environ.get("BENCH_THREADS", "2"))
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_name, str(THREADS))
