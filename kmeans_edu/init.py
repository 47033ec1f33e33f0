r"""Step 1 of the algorithm: choose the initial centres.

* ``'random'``: ``n_clusters`` distinct rows of X, drawn with probability proportional to
  their sample weight (what scikit-learn's ``init='random'`` does).
* ``'k-means++'``: the first centre is a random row; every further centre is drawn with
  probability proportional to :math:`w_i D(x_i)^2`, where :math:`D(x)` is the distance from
  x to the nearest centre chosen so far. scikit-learn uses the *greedy* variant: it draws
  :math:`2 + \lfloor \ln k \rfloor` candidates and keeps the one that lowers the potential
  :math:`\sum_i w_i \min(D(x_i)^2, \lVert x_i - c\rVert^2)` the most. This module does exactly
  that, with the same random stream, so it picks the same rows as scikit-learn.
* an array of shape (n_clusters, n_features): used as given.
* a callable ``init(X, n_clusters, random_state=RandomState) -> centers``.
"""

import numpy as np

from . import _kernels
from ._validation import (
    as_float_array,
    check_centers,
    check_n_clusters,
    check_random_state,
    check_sample_weight,
    range_exponent,
    scale_down,
    scale_up,
)
from .steps import kernel_offset, kernel_threads

INIT_METHODS = ("k-means++", "random")


def _kmeans_plusplus(X, n_clusters, sample_weight, random_state, n_local_trials=None, on_pick=None, offset=None):
    """Greedy k-means++ on validated inputs ``X - offset``; returns (centers, indices).

    The centres are rows of ``X - offset`` (``offset``: see :func:`kmeans_edu.steps.prepare_data`).

    ``on_pick(step, draw_weights, candidates, candidate_potentials, chosen, potential)``, if given,
    is called after every pick: ``draw_weights`` are the unnormalised chances of the draw (``w``
    for the first centre, ``w D(x)^2`` after), so a notebook can show each pick as it happened.
    """
    n_samples = X.shape[0]
    if n_local_trials is None:
        n_local_trials = 2 + int(np.log(n_clusters))
    offset = kernel_offset(X, offset)
    centers = np.empty((n_clusters, X.shape[1]), dtype=X.dtype)
    indices = np.full(n_clusters, -1, dtype=int)

    # First centre: a row drawn with probability proportional to its weight.
    first = random_state.choice(n_samples, p=sample_weight / sample_weight.sum())
    centers[0], indices[0] = X[first] - offset, first
    closest_sq = np.empty(n_samples, dtype=X.dtype)  # D(x_i)^2, in X's dtype as in scikit-learn
    _kernels.sq_dist_to_point(X, offset, centers[0], closest_sq)
    potential = np.sum(closest_sq * sample_weight, dtype=np.float64)
    if on_pick is not None:
        on_pick(0, sample_weight, np.array([first]), np.array([potential]), int(first), float(potential))

    candidate_dist = np.empty((n_local_trials, n_samples), dtype=X.dtype)
    for c in range(1, n_clusters):
        # Draw candidates with P(x_i) proportional to w_i D(x_i)^2 (inverse-CDF sampling).
        rand_vals = random_state.uniform(size=n_local_trials) * potential
        if on_pick is not None:
            draw_weights = sample_weight * closest_sq  # the unnormalised chances, for the caller
        candidates = _kernels.draw_rows(sample_weight, closest_sq, rand_vals, np.argsort(rand_vals))
        np.clip(candidates, None, n_samples - 1, out=candidates)  # rounding can overshoot
        # Greedy choice: keep the candidate that leaves the smallest potential.
        pots = _kernels.kmeanspp_candidate_potentials(
            X, offset, sample_weight, X[candidates] - offset, closest_sq, candidate_dist
        )
        best = int(np.argmin(pots))
        potential = pots[best]
        closest_sq[:] = candidate_dist[best]
        centers[c], indices[c] = X[candidates[best]] - offset, candidates[best]
        if on_pick is not None:
            on_pick(c, draw_weights, candidates, pots, int(candidates[best]), float(potential))
    return centers, indices


def check_n_local_trials(n_local_trials):
    """None, or a positive integer (the number of k-means++ candidates per pick)."""
    if n_local_trials is None:
        return None
    if isinstance(n_local_trials, bool) or not isinstance(n_local_trials, (int, np.integer)) or n_local_trials < 1:
        raise ValueError(f"n_local_trials must be a positive integer or None; got {n_local_trials!r}.")
    return int(n_local_trials)


def check_x_squared_norms(x_squared_norms, n_samples):
    """None, or a 1-D array of n_samples finite numbers (scikit-learn's length check and message)."""
    if x_squared_norms is None:
        return None
    length = np.shape(x_squared_norms)[0] if np.ndim(x_squared_norms) else None
    if length != n_samples:
        raise ValueError(
            f"The length of x_squared_norms {length} should be equal to the length of n_samples {n_samples}."
        )
    return as_float_array(x_squared_norms, "x_squared_norms", ndim=1)


def kmeans_plusplus(X, n_clusters, *, sample_weight=None, x_squared_norms=None, random_state=None, n_local_trials=None):
    """Choose initial centres with greedy k-means++, exactly as scikit-learn does.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    n_clusters : int
        Number of centres to choose (1 <= n_clusters <= n_samples).
    sample_weight : array-like of shape (n_samples,), default=None
        Weights; a row's chance of being picked is proportional to ``w_i D(x_i)^2``.
    x_squared_norms : array-like of shape (n_samples,), default=None
        Accepted for compatibility with scikit-learn, which uses the squared row norms in
        ``||x||^2 - 2 x.c + ||c||^2``; its length is checked as scikit-learn does, but the
        values are not used: kmeans_edu computes each distance directly.
    random_state : int, RandomState instance or None, default=None
        Seed or generator. For the same integer, the same rows are picked as by
        :func:`sklearn.cluster.kmeans_plusplus`.
    n_local_trials : int, default=None
        Candidates drawn per centre; None means ``2 + int(ln(n_clusters))``.

    Returns
    -------
    centers : ndarray of shape (n_clusters, n_features)
        The chosen rows of X, in X's dtype when X is an integer array (as in scikit-learn),
        otherwise float64 (or float32 for float32 X).
    indices : ndarray of shape (n_clusters,)
        Their row numbers: ``X[indices] == centers``.

    See Also
    --------
    sklearn.cluster.kmeans_plusplus : the reference this function matches.

    Notes
    -----
    The article describes plain k-means++ (one draw per centre) and lost the formula in
    translation: the probability is proportional to :math:`D(x)^2`, not :math:`D(x)`.

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu import kmeans_plusplus
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> centers, indices = kmeans_plusplus(X, n_clusters=2, random_state=0)
    >>> indices
    array([3, 2])
    """
    X_in = X
    X = as_float_array(X)
    n_clusters = check_n_clusters(n_clusters, X.shape[0])
    sample_weight = check_sample_weight(sample_weight, X.shape[0], X.dtype)
    check_x_squared_norms(x_squared_norms, X.shape[0])
    n_local_trials = check_n_local_trials(n_local_trials)
    exponent = range_exponent(X, sample_weight=sample_weight)  # extreme values: exactly rescaled, same picks
    with kernel_threads(X.shape[0], n_clusters, X.shape[1]):
        centers, indices = _kmeans_plusplus(
            scale_down(X, exponent), n_clusters, sample_weight, check_random_state(random_state), n_local_trials
        )
    if isinstance(X_in, np.ndarray) and X_in.dtype.kind in "iu":
        return X_in[indices], indices  # the rows themselves, in their integer dtype
    return scale_up(centers, exponent, "a centre"), indices


def random_rows(X, n_clusters, sample_weight, random_state, offset=None):
    """``init='random'``: n_clusters distinct rows of ``X - offset``, drawn with probability proportional to weight."""
    seeds = random_state.choice(X.shape[0], size=n_clusters, replace=False, p=sample_weight / sample_weight.sum())
    return X[seeds] - kernel_offset(X, offset)


def check_init(init):
    """Validate the *kind* of ``init`` (the shape is checked once the data is known)."""
    if isinstance(init, str):
        if init not in INIT_METHODS:
            raise ValueError(f"init must be 'k-means++', 'random', an array or a callable; got {init!r}.")
    elif not callable(init) and not hasattr(init, "__len__"):
        raise TypeError(f"init must be 'k-means++', 'random', an array or a callable; got {type(init).__name__}.")
    return init


def init_centroids(X, n_clusters, init="k-means++", random_state=None, sample_weight=None, offset=None):
    """Initial centres (step 1 of the article's algorithm), with every argument checked.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_clusters : int
        Number of centres, 1 <= n_clusters <= n_samples.
    init : {'k-means++', 'random'}, array-like or callable, default='k-means++'
    random_state : int, RandomState instance or None, default=None
    sample_weight : array-like of shape (n_samples,), default=None
    offset : array-like of shape (n_features,), default=None
        If given, the centres are chosen for ``X - offset`` (the centred data of
        :func:`kmeans_edu.steps.prepare_data`); an array ``init`` must already be shifted.

    Returns
    -------
    ndarray of shape (n_clusters, n_features), dtype of X

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu import init_centroids
    >>> init_centroids(np.array([[0., 0.], [1., 1.], [9., 9.]]), 2, "random", random_state=0)
    array([[1., 1.],
           [9., 9.]])
    """
    X = as_float_array(X)
    n_clusters = check_n_clusters(n_clusters, X.shape[0])
    init = check_init(init)
    random_state = check_random_state(random_state)
    sample_weight = check_sample_weight(sample_weight, X.shape[0], X.dtype)
    if offset is not None:
        offset = as_float_array(offset, "offset", ndim=1, dtype=X.dtype)
        if offset.shape != (X.shape[1],):
            raise ValueError(f"offset must have shape ({X.shape[1]},), one value per feature; got {offset.shape}.")
    if not isinstance(init, str) and not callable(init):
        init = check_centers(init, n_clusters, X.shape[1], X.dtype)
    exponent = range_exponent(X, None if isinstance(init, str) or callable(init) else init, sample_weight=sample_weight)
    if not isinstance(init, str) and not callable(init):
        init = scale_down(init, exponent)
    with kernel_threads(X.shape[0], n_clusters, X.shape[1]):
        centers = _init_centroids(
            scale_down(X, exponent), n_clusters, init, random_state, sample_weight, scale_down(offset, exponent)
        )
    return scale_up(centers, exponent, "a centre")


def _init_centroids(X, n_clusters, init, random_state, sample_weight, offset=None):
    """:func:`init_centroids` on validated inputs (``random_state`` a RandomState)."""
    if isinstance(init, str) and init == "k-means++":
        return _kmeans_plusplus(X, n_clusters, sample_weight, random_state, offset=offset)[0]
    if isinstance(init, str) and init == "random":
        return random_rows(X, n_clusters, sample_weight, random_state, offset)
    if callable(init):
        # scikit-learn calls it with the centred data: build it (the one case that copies X)
        data = X if offset is None else X - offset
        centers = init(data, n_clusters, random_state=random_state)
        return check_centers(centers, n_clusters, X.shape[1], X.dtype, name="the centres returned by init")
    return check_centers(init, n_clusters, X.shape[1], X.dtype)
