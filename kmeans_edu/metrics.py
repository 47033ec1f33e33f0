r"""Distance measures, each with the centre update that minimises its own objective.

The article lists Euclidean distance, cosine similarity and Manhattan distance as choices
for K-means. Only one of them fits the *mean*:

================  =====================================  ======================================
metric            objective minimised by Lloyd's loop    centre update (the "M-step")
================  =====================================  ======================================
``'euclidean'``   :math:`\sum_i w_i \lVert x_i-\mu_{c_i}\rVert_2^2`   weighted **mean** (k-means)
``'manhattan'``   :math:`\sum_i w_i \lVert x_i-\mu_{c_i}\rVert_1`     coordinate-wise weighted **median**
                                                                        (k-medians)
``'cosine'``      :math:`\sum_i w_i (1-\cos(x_i,\mu_{c_i}))`          mean of the unit-length rows, scaled
                                                                        to unit length (spherical k-means)
================  =====================================  ======================================

Using the mean with another distance (as some libraries do) breaks the guarantee that each
step lowers the objective. scikit-learn and scipy offer only Euclidean distance.
"""

import numpy as np

from . import _kernels

METRICS = ("euclidean", "manhattan", "cosine")

CENTER_UPDATE = {
    "euclidean": "mean (k-means)",
    "manhattan": "coordinate-wise median (k-medians)",
    "cosine": "normalised mean of unit rows (spherical k-means)",
}


def check_metric(metric):
    """Return ``metric`` if it is one of :data:`METRICS`, else raise ValueError."""
    if not isinstance(metric, str) or metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}; got {metric!r}.")
    return metric


def normalize_rows(X, name="X"):
    """Scale each row to unit Euclidean length (the data space of spherical k-means).

    Raises
    ------
    ValueError
        If a row is all zeros: its direction, hence its cosine distance, is undefined.
    """
    largest = check_nonzero_rows(X, name)
    # First scale each row by a power of two (exact) that puts its largest entry in [0.5, 1):
    # the squares then neither underflow nor overflow. Without it a row like (8e-161, 0), whose
    # square is subnormal, came out with length 1.00003; normal rows give the same bits either way.
    X = np.ldexp(X, -np.frexp(largest)[1][:, None]).astype(X.dtype, copy=False)
    norms = np.sqrt(np.einsum("ij,ij->i", X, X, dtype=np.float64))
    return (X / norms[:, None]).astype(X.dtype, copy=False)


def check_nonzero_rows(X, name="X"):
    """The largest |value| of every row; ValueError if a row is all zeros (no direction, no cosine)."""
    largest = np.abs(X).max(axis=1)
    if (largest == 0).any():
        raise ValueError(
            f"{name} has an all-zero row (index {int(np.argmax(largest == 0))}); "
            "cosine distance is undefined for it. Remove it or use metric='euclidean'."
        )
    return largest


def distances(X, centers, metric="euclidean", *, squared=False):
    """Distance from every row of X to every centre, shape (n_samples, n_clusters).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    centers : ndarray of shape (n_clusters, n_features)
    metric : {'euclidean', 'manhattan', 'cosine'}
        ``'cosine'`` gives the cosine distance :math:`1 - \\cos(x, c)`.
    squared : bool, default=False
        Squared Euclidean distance (only with ``metric='euclidean'``).

    Returns
    -------
    ndarray of shape (n_samples, n_clusters), dtype of X
    """
    check_metric(metric)
    if metric == "cosine":  # a zero row or centre has no direction: the same error as assign_labels
        check_nonzero_rows(X, "X")
        check_nonzero_rows(centers, "centers")
    code = _kernels.METRIC_CODES["sqeuclidean" if (squared and metric == "euclidean") else metric]
    out = np.empty((X.shape[0], centers.shape[0]), dtype=X.dtype)
    _kernels.pairwise_distances(X, np.ascontiguousarray(centers, dtype=X.dtype), code, out)
    return out
