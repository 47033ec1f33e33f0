"""kmeans-edu: K-means image clustering, taught step by step, exact and fast.

The public API (everything else is an implementation detail):

* the algorithm, one function per step: :func:`kmeans_plusplus`, :func:`init_centroids`,
  :func:`assign_labels`, :func:`update_centers`, :func:`sse`, :func:`objective`, :func:`lloyd`;
* :class:`KMeans`, a drop-in for ``sklearn.cluster.KMeans`` (``algorithm='elkan'``: :mod:`kmeans_edu.elkan`),
  and :class:`MiniBatchKMeans` for ``sklearn.cluster.MiniBatchKMeans``
  (:class:`kmeans_edu.dask_kmeans.DaskKMeans` runs Lloyd on Dask);
* :mod:`kmeans_edu.vq`, a drop-in for ``scipy.cluster.vq``;
* :func:`warmup`, which compiles every Numba kernel ahead of use.
"""

from . import vq
from ._warmup import warmup
from .init import init_centroids, kmeans_plusplus
from .metrics import METRICS
from .steps import STOP_REASONS, HalfStep, LloydResult, assign_labels, lloyd, objective, sse, update_centers

__version__ = "0.1.0"


def __getattr__(name):
    """``kmeans_edu.KMeans`` is imported on first use: it is built on scikit-learn, whose import
    alone takes about 0.8 s, and the step functions and :mod:`kmeans_edu.vq` do not need it."""
    if name == "KMeans":
        from .estimator import KMeans

        return KMeans
    if name == "MiniBatchKMeans":
        from .minibatch import MiniBatchKMeans

        return MiniBatchKMeans
    raise AttributeError(f"module 'kmeans_edu' has no attribute {name!r}")

__all__ = [
    "KMeans",
    "MiniBatchKMeans",
    "HalfStep",
    "LloydResult",
    "METRICS",
    "STOP_REASONS",
    "assign_labels",
    "init_centroids",
    "kmeans_plusplus",
    "lloyd",
    "objective",
    "sse",
    "update_centers",
    "vq",
    "warmup",
]
