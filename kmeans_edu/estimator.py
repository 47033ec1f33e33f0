"""``KMeans``: a drop-in for :class:`sklearn.cluster.KMeans`, built on :mod:`kmeans_edu.steps`."""

import re
import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    ClusterMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import as_kernel_array, check_centers, check_sample_weight, scale_down, scale_up
from .elkan import _elkan
from .init import _init_centroids
from .metrics import METRICS, distances, normalize_rows
from .steps import (
    _assign,
    _lloyd,
    data_scale,
    kernel_threads,
    objective_power,
    prepare_data,
    scale_result,
    shift_result,
    tolerance,
)


def _is_same_clustering(labels1, labels2):
    """True if labels2 is a function of labels1 (the same partition up to renaming), as in scikit-learn."""
    pairs = np.unique(np.stack([labels1, labels2]), axis=1)
    return pairs.shape[1] == np.unique(labels1).size


class KMeans(ClassNamePrefixFeaturesOutMixin, TransformerMixin, ClusterMixin, BaseEstimator):
    """K-means clustering: scikit-learn's ``KMeans``, readable, with history and stopping reasons.

    With the same data, parameters and integer ``random_state`` it gives scikit-learn's
    ``labels_``, ``n_iter_``, ``inertia_`` and ``cluster_centers_`` (to rounding).

    Parameters
    ----------
    n_clusters : int, default=8
        Number of clusters k (at most the number of samples).
    init : {'k-means++', 'random'}, callable or array-like of shape (n_clusters, n_features), \
default='k-means++'
        How to choose the initial centres: greedy k-means++ (same picks as scikit-learn),
        k random rows, a callable ``init(X, n_clusters, random_state=...)`` (given the centred
        data, as in scikit-learn) or the centres themselves.
    n_init : 'auto' or int, default='auto'
        Number of runs from different initial centres; the run with the lowest inertia is
        kept. ``'auto'`` means 1 run for ``'k-means++'`` or an array, 10 for ``'random'`` or a
        callable (scikit-learn's default since 1.4; the article's "default 10" is outdated).
    max_iter : int, default=300
        Maximum number of Lloyd iterations per run.
    tol : float, default=1e-4
        Stop when the sum of squared centre shifts is at most ``tol`` times the mean
        variance of the features (after checking whether any label changed).
    verbose : int, default=0
        Print the inertia at each iteration and the reason for stopping.
    random_state : int, RandomState instance or None, default=None
        Seed of the initialisation. Pass an int for reproducible results.
    copy_x : bool, default=True
        Accepted for compatibility. kmeans_edu never modifies or copies X: it works on the
        centred data by subtracting the mean a chunk of rows at a time (scikit-learn copies X,
        or with ``copy_x=False`` modifies it and puts it back, which can change its last digits).
    algorithm : {'lloyd', 'elkan'}, default='lloyd'
        ``'elkan'`` runs Elkan's variant (:mod:`kmeans_edu.elkan`): the same iterations, but
        bounds from the triangle inequality skip most distance computations once the
        clusters settle. It keeps an n_samples x n_clusters array of bounds, and is
        Euclidean only. With ``n_clusters=1`` it warns and runs Lloyd, like scikit-learn.
    metric : {'euclidean', 'manhattan', 'cosine'}, default='euclidean'
        Distance measure, with its matching centre update (see :mod:`kmeans_edu.metrics`).
        Only 'euclidean' exists in scikit-learn.
    record_history : bool, default=False
        Keep every half-step of the best run in ``history_``.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
    labels_ : ndarray of shape (n_samples,), int32
    inertia_ : float
        The objective of the best run: the sum over the samples of the distance to their
        closest centre, weighted by ``sample_weight``. For ``metric='euclidean'`` the distances
        are **squared** Euclidean distances (the SSE, scikit-learn's ``inertia_``; the article's
        "sum of distances" is wrong); for ``'manhattan'`` plain (not squared) Manhattan
        distances; for ``'cosine'`` cosine distances ``1 - cos(x, centre)``.
    n_iter_ : int
        Iterations of the best run.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Only when X has string column names.
    stop_reason_ : {'no_reassignment', 'tol', 'max_iter'}
        Which of the article's stopping rules ended the best run.
    history_ : list of HalfStep or None
        Every half-step of the best run when ``record_history=True``.
    distance_counts_ : ndarray of shape (n_passes, 2), int64
        Point-to-centre distances ``(computed, skipped)`` in each assignment pass of the best
        run (see :class:`kmeans_edu.LloydResult`); Lloyd skips none.

    See Also
    --------
    kmeans_edu.lloyd : the loop itself, from given centres.
    sklearn.cluster.KMeans : the reference implementation.

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu import KMeans
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]])
    >>> km = KMeans(n_clusters=2, random_state=0, n_init=10).fit(X)
    >>> km.labels_
    array([0, 0, 0, 1, 1, 1], dtype=int32)
    >>> km.inertia_, km.stop_reason_
    (16.0, 'no_reassignment')
    """

    _parameter_constraints: dict = {
        "n_clusters": [Interval(Integral, 1, None, closed="left")],
        "init": [StrOptions({"k-means++", "random"}), callable, "array-like"],
        "n_init": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
        "copy_x": ["boolean"],
        "algorithm": [StrOptions({"lloyd", "elkan"})],
        "metric": [StrOptions(set(METRICS))],
        "record_history": ["boolean"],
    }

    def __init__(
        self,
        n_clusters=8,
        *,
        init="k-means++",
        n_init="auto",
        max_iter=300,
        tol=1e-4,
        verbose=0,
        random_state=None,
        copy_x=True,
        algorithm="lloyd",
        metric="euclidean",
        record_history=False,
    ):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.verbose = verbose
        self.random_state = random_state
        self.copy_x = copy_x
        self.algorithm = algorithm
        self.metric = metric
        self.record_history = record_history

    def _validate_X(self, X, reset):
        try:
            X = validate_data(self, X, reset=reset, dtype=[np.float64, np.float32], order="C")
        except (TypeError, ValueError) as exc:
            if "inhomogeneous" in str(exc) or "sequence" in str(exc):
                raise ValueError(
                    f"X must be a rectangular array of numbers: its rows have different lengths ({exc})."
                ) from exc
            if "Expected 2D array" in str(exc) or "Expected a 2-dimensional" in str(exc):
                raise ValueError(
                    "X must be 2-D (n_samples, n_features); got a 1-D array. Reshape your data with "
                    "X.reshape(-1, 1) for one feature or X.reshape(1, -1) for one sample."
                ) from exc
            if "convert" in str(exc) or "argument must be" in str(exc):
                raise type(exc)(f"X must hold numbers: {exc}") from exc
            if "Complex data" in str(exc):
                raise type(exc)(f"X holds complex numbers; K-means needs real values ({exc}).") from exc
            if not re.search(r"\bX\b", str(exc)):  # scikit-learn's message does not say which argument
                raise type(exc)(f"Invalid X: {exc}") from exc
            raise
        return as_kernel_array(X)

    def _n_init_runs(self):
        if self.n_init != "auto":
            n_init = self.n_init
        elif isinstance(self.init, str) and self.init == "k-means++":
            n_init = 1
        elif isinstance(self.init, str) or callable(self.init):
            n_init = 10
        else:
            n_init = 1
        if not isinstance(self.init, str) and not callable(self.init) and n_init != 1:
            warnings.warn(
                "Explicit initial center position passed: performing only one init in "
                f"KMeans instead of n_init={n_init}.",
                RuntimeWarning,
                stacklevel=3,
            )
            n_init = 1
        return n_init

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Compute k-means clustering.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (dense; float32 stays float32).
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights (not used by a callable or array ``init``).

        Returns
        -------
        self : KMeans
        """
        X = self._validate_X(X, reset=True)
        if X.shape[0] < self.n_clusters:
            raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={self.n_clusters}.")
        n_init = self._n_init_runs()
        if self.algorithm == "elkan" and self.metric != "euclidean":
            raise ValueError(
                f"algorithm='elkan' needs metric='euclidean' (its bounds are Euclidean); got metric={self.metric!r}. "
                "Use algorithm='lloyd'."
            )
        if self.algorithm == "elkan" and self.n_clusters == 1:
            warnings.warn(
                "algorithm='elkan' doesn't make sense for a single cluster. Using 'lloyd' instead.",
                RuntimeWarning,
                stacklevel=2,
            )
        random_state = check_random_state(self.random_state)
        sample_weight = check_sample_weight(sample_weight, X.shape[0], X.dtype)
        init = self.init
        if not isinstance(init, str) and not callable(init):
            init = check_centers(init, self.n_clusters, X.shape[1], X.dtype)
        # Values so large or small that squares overflow or underflow: fit X / 2**exponent (exact) and
        # scale the results back; 0 (no change at all) in the normal range.
        exponent = data_scale(self.metric, X, sample_weight=sample_weight)
        X = scale_down(X, exponent)
        if not isinstance(init, str) and not callable(init):
            init = scale_down(init, exponent)
        abs_tol = tolerance(X, self.tol)

        Xp, offset = prepare_data(X, self.metric)
        if offset is not None and not isinstance(init, str) and not callable(init):
            init = init - offset
        elif self.metric == "cosine" and not isinstance(init, str) and not callable(init):
            init = normalize_rows(init, "init")

        with kernel_threads(X.shape[0], self.n_clusters, X.shape[1]):
            best = self._best_of_runs(Xp, offset, sample_weight, init, n_init, abs_tol, random_state)
        best = scale_result(shift_result(best, offset), exponent, self.metric)

        distinct = np.unique(best.labels).size
        if distinct < self.n_clusters:
            warnings.warn(
                f"Number of distinct clusters ({distinct}) found smaller than n_clusters "
                f"({self.n_clusters}). Possibly due to duplicate points in X.",
                ConvergenceWarning,
                stacklevel=2,
            )
        self.cluster_centers_ = best.centers
        self._n_features_out = self.cluster_centers_.shape[0]
        self.labels_ = best.labels
        self.inertia_ = best.inertia
        self.n_iter_ = best.n_iter
        self.stop_reason_ = best.stop_reason
        self.history_ = best.history
        self.distance_counts_ = best.distance_counts
        return self

    def _best_of_runs(self, Xp, offset, sample_weight, init, n_init, abs_tol, random_state):
        """n_init runs of init + Lloyd on the prepared data ``Xp - offset``; the lowest inertia wins
        (scikit-learn's rule)."""
        best = None
        loop = _elkan if self.algorithm == "elkan" and self.n_clusters > 1 else _lloyd
        for _ in range(n_init):
            centers = _init_centroids(Xp, self.n_clusters, init, random_state, sample_weight, offset)
            if self.metric == "cosine":
                centers = normalize_rows(centers, "the initial centres")
            if self.verbose:
                print("Initialization complete")
            run = loop(
                Xp,
                sample_weight,
                centers,
                offset=offset,
                metric=self.metric,
                max_iter=self.max_iter,
                abs_tol=abs_tol,
                stop_when=("no_reassignment", "tol"),
                record_history=self.record_history,
                verbose=self.verbose,
            )
            # A new run wins only with a lower inertia and a different partition (rounding can make
            # the same partition, relabelled, look slightly better).
            if best is None or (run.inertia < best.inertia and not _is_same_clustering(run.labels, best.labels)):
                best = run
        return best

    def _labels_objective(self, X, sample_weight):
        exponent = data_scale(self.metric, X, self.cluster_centers_)
        X, centers, offset = scale_down(X, exponent), scale_down(self.cluster_centers_, exponent), None
        if self.metric == "cosine":
            X = normalize_rows(X)
        elif self.metric == "euclidean":
            # Centred, as fit is: on data far from the origin, ||c||^2 - 2 x.c on the raw data loses the
            # digits that separate the centres (predict(X) then disagreed with labels_).
            offset = X.mean(axis=0)
            centers = centers - offset
        with kernel_threads(X.shape[0], self.n_clusters, X.shape[1]):
            labels, _, _, _, obj = _assign(X, offset, sample_weight, centers, self.metric, update=False)
        return labels, scale_up(obj, objective_power(self.metric) * exponent, "the objective")

    def predict(self, X):
        """Index of the nearest centre for each sample of X (step 2 of the algorithm).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        labels : ndarray of shape (n_samples,), int32
        """
        check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        return self._labels_objective(X, np.ones(X.shape[0], dtype=X.dtype))[0]

    def fit_predict(self, X, y=None, sample_weight=None):
        """Fit and return ``labels_`` (equal to ``fit(X).predict(X)``: labels are re-assigned after the last update).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        labels : ndarray of shape (n_samples,), int32
        """
        return self.fit(X, sample_weight=sample_weight).labels_

    def transform(self, X):
        """Distance from each sample to each centre (Euclidean, not squared, for the default metric).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_clusters)
        """
        check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        exponent = data_scale(self.metric, X, self.cluster_centers_)
        out = distances(scale_down(X, exponent), scale_down(self.cluster_centers_, exponent), self.metric)
        return scale_up(out, exponent, "a distance")

    def fit_transform(self, X, y=None, sample_weight=None):
        """Fit, then :meth:`transform` X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_clusters)
        """
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def score(self, X, y=None, sample_weight=None):
        """Minus the objective of X: ``-sum_i w_i min_j ||x_i - mu_j||^2`` (or the chosen metric's distances).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        score : float
        """
        check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        sample_weight = check_sample_weight(sample_weight, X.shape[0], X.dtype)
        return -self._labels_objective(X, sample_weight)[1]
