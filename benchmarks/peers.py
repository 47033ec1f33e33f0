"""The implementations under test: one function each, ``fit(X, init, max_iter) -> Fit``.

Every function runs ``max_iter`` Lloyd iterations from the centres ``init`` with no tolerance
(scikit-learn's and kmeans_edu's ``KMeans`` may still stop early on strict convergence, which
``n_iter`` says), and times one whole fit as a user makes it. Labels and inertia are then
computed the same way for every peer, outside the timing, so that they can be compared with scikit-learn's lloyd.
"""

import time
import warnings
from dataclasses import dataclass

import numpy as np

from . import THREADS


@dataclass
class Fit:
    """The result of one timed fit."""

    labels: np.ndarray | None
    inertia: float | None
    n_iter: int
    seconds: float
    centers: np.ndarray | None = None

    @property
    def per_iter(self):
        return self.seconds / max(self.n_iter, 1)


def labels_and_inertia(X, centers):
    """Nearest-centre labels and the SSE for given centres (in float64), for peers that do not report them."""
    from sklearn.metrics import pairwise_distances_argmin

    centers = np.asarray(centers, dtype=X.dtype)
    labels = pairwise_distances_argmin(X, centers)
    inertia = 0.0
    for start in range(0, X.shape[0], 65536):  # in slices: no (n, d) float64 temporary
        rows = slice(start, start + 65536)
        diff = X[rows].astype(np.float64) - centers[labels[rows]].astype(np.float64)
        inertia += float(np.einsum("ij,ij->", diff, diff))
    return labels, inertia


def _fit_estimator(KMeans, X, init, max_iter, algorithm):
    """One whole ``KMeans(...).fit(X)``, as a user calls it (the constructor is not timed)."""
    km = KMeans(init.shape[0], init=init, n_init=1, max_iter=max_iter, tol=0, algorithm=algorithm)
    start = time.perf_counter()
    km.fit(X)
    seconds = time.perf_counter() - start
    return Fit(km.labels_, float(km.inertia_), int(km.n_iter_), seconds)


def fit_kmeans_edu(X, init, max_iter):
    from kmeans_edu import KMeans

    return _fit_estimator(KMeans, X, init, max_iter, "lloyd")


def fit_kmeans_edu_elkan(X, init, max_iter):
    from kmeans_edu import KMeans

    return _fit_estimator(KMeans, X, init, max_iter, "elkan")


def _fit_sklearn(X, init, max_iter, algorithm):
    from sklearn.cluster import KMeans

    return _fit_estimator(KMeans, X, init, max_iter, algorithm)


def fit_sklearn_lloyd(X, init, max_iter):
    return _fit_sklearn(X, init, max_iter, "lloyd")


def fit_sklearn_elkan(X, init, max_iter):
    return _fit_sklearn(X, init, max_iter, "elkan")


def fit_scipy_kmeans2(X, init, max_iter):
    """scipy's kmeans2 runs exactly ``iter`` iterations (it has no convergence test)."""
    from scipy.cluster.vq import kmeans2

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "One of the clusters is empty"
        start = time.perf_counter()
        centers, _ = kmeans2(X, init, iter=max_iter, minit="matrix")
        seconds = time.perf_counter() - start
    # kmeans2's labels are those of the last assignment, before the last update: not comparable.
    return Fit(None, None, max_iter, seconds, centers)


def faiss_available():
    try:
        import faiss  # noqa: F401
    except ImportError:
        return False
    return True


def fit_faiss(X, init, max_iter):
    """faiss-cpu's Kmeans, in float32 (the only precision it has), on all points.

    The float32 copy of X is made before the clock starts (pass float32 data to leave it out
    of a memory measurement too), which favours faiss; by default faiss subsamples to 256
    points per centroid, switched off here.
    """
    import faiss

    faiss.omp_set_num_threads(THREADS)
    n, d = X.shape
    X32 = np.ascontiguousarray(X, dtype=np.float32)
    init32 = np.ascontiguousarray(init, dtype=np.float32)
    km = faiss.Kmeans(d, init.shape[0], niter=max_iter, max_points_per_centroid=n, min_points_per_centroid=1)
    start = time.perf_counter()
    km.train(X32, init_centroids=init32)
    seconds = time.perf_counter() - start
    return Fit(None, None, max_iter, seconds, km.centroids)


def complete(X, fit):
    """Fill in the labels and inertia of a fit that reports only centres (outside any timing)."""
    if fit.labels is None:
        fit.labels, fit.inertia = labels_and_inertia(X, fit.centers)
    return fit


# name -> fit function; the first is the implementation under test, the second the reference.
PEERS = {
    "kmeans_edu": fit_kmeans_edu,
    "kmeans_edu elkan": fit_kmeans_edu_elkan,
    "sklearn lloyd": fit_sklearn_lloyd,
    "sklearn elkan": fit_sklearn_elkan,
    "scipy kmeans2": fit_scipy_kmeans2,
    "faiss": fit_faiss,
}
