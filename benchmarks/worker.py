"""One implementation in its own process, timed on request (used by ``benchmarks.run``).

Why a process per implementation: scikit-learn ships its own copy of libgomp and Numba uses
the system's, and numpy and scipy each bring an OpenBLAS. In one process, the idle threads of
one runtime spin-wait while the other runs, and on 2 cores that made whichever ran next up to
30x slower, depending on the order. Separate processes, driven in turn by the parent, keep the
interleaving (all implementations see the same machine load) without that interference.

Protocol (internal): ``python -m benchmarks.worker IMPLEMENTATION``, then one command per line
on stdin, each answered by one JSON line on stdout:

* ``load DATA.npz``: load X and the initial centres (``init``) of the next workload;
* ``fit MAX_ITER [LABELS.npy]``: one timed fit, answering ``n_iter``, ``seconds`` and, when a
  labels path is given, ``inertia`` (the labels are saved there);
* ``kpp N_CLUSTERS INDICES.npy``: one timed k-means++ (kmeans_edu's in the kmeans_edu worker,
  scikit-learn's in any other), ``random_state=0``, answering ``seconds`` (indices saved);
* an empty line or end of input: exit.
"""

import json
import sys
import time

import numpy as np

from . import peers


def time_kmeanspp(name, X, n_clusters):
    """Seconds and picked rows of one k-means++ run (kmeans_edu's or scikit-learn's)."""
    if name == "kmeans_edu":
        from kmeans_edu import kmeans_plusplus
    else:
        from sklearn.cluster import kmeans_plusplus
    start = time.perf_counter()
    _, indices = kmeans_plusplus(X, n_clusters, random_state=0)
    return time.perf_counter() - start, indices


def main(argv):
    fit_function = peers.PEERS[argv[0]]
    X = init = None
    for line in sys.stdin:
        words = line.split()
        if not words:
            break
        if words[0] == "kpp":
            seconds, indices = time_kmeanspp(argv[0], X, int(words[1]))
            np.save(words[2], indices)
            reply = {"seconds": seconds}
        elif words[0] == "load":
            with np.load(words[1]) as data:
                X, init = data["X"], data["init"]
            reply = {"loaded": True}
        else:
            fit = fit_function(X, init, int(words[1]))
            reply = {"n_iter": fit.n_iter, "seconds": fit.seconds}
            if len(words) > 2:
                peers.complete(X, fit)
                np.save(words[2], np.asarray(fit.labels))
                reply["inertia"] = fit.inertia
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
