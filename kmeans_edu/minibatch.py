r"""``MiniBatchKMeans``: scikit-learn's mini-batch K-means, one readable step at a time.

Lloyd's loop reads every point at every iteration. The mini-batch variant (Sculley 2010) reads a
small random batch per step and moves each centre a little towards the batch points it wins:

1. **init**: choose k centres on a random subsample of ``init_size`` rows (``n_init`` tries, the
   best one on another random "validation" subsample wins);
2. **draw a batch** of ``batch_size`` rows (with replacement; with probability proportional to
   ``sample_weight`` in scikit-learn >= 1.9);
3. **assign** the batch points to their nearest centre (the same kernel as Lloyd's assignment);
4. **update** (:func:`minibatch_update`): every centre becomes the mean of *all* the points it
   has seen so far, :math:`c_j \leftarrow (c_j n_j + \sum_{i \in B_j} w_i x_i) / (n_j + W_j)`,
   :math:`n_j \leftarrow n_j + W_j`. The count :math:`n_j` makes the step size
   :math:`W_j / (n_j + W_j)` shrink as the centre matures: a per-centre learning rate;
5. **reassign** centres whose count fell below ``reassignment_ratio`` times the largest count to
   random batch points (every ``10 k`` samples, or at once when a count is zero);
6. **stop?** when the centres barely move (``tol``, off by default) or when the smoothed batch
   inertia (an exponentially weighted average, EWA) has not improved for ``max_no_improvement``
   steps, or after ``max_iter`` passes' worth of steps.

Every random draw is made with the same numpy call, in the same order, as scikit-learn, and the
update repeats scikit-learn's floating-point operations in the same order, so for the same
``random_state`` the results are scikit-learn's (see :class:`MiniBatchKMeans`, Notes).
"""

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
from sklearn.utils._param_validation import Interval, StrOptions

from . import _kernels
from ._validation import check_centers, check_random_state, check_sample_weight
from .estimator import KMeans
from .init import _kmeans_plusplus, random_rows
from .steps import _assign, kernel_threads, tolerance


def _sklearn_version():
    import sklearn

    return tuple(int(part) for part in sklearn.__version__.split(".")[:2] if part.isdigit())


# scikit-learn 1.9 changed how fit draws its batches: before, uniformly (randint) with the sample
# weights applied in the update; since, with probability proportional to the weights (choice with
# p) and unit weights in the update. Follow the installed version so that the results match it.
WEIGHTED_BATCHES = _sklearn_version() >= (1, 9)


def labels_inertia(X, sample_weight, centers):
    """Assignment step on raw X: labels (int32) and the inertia ``sum_i w_i ||x_i - c_{label i}||^2``."""
    labels, _, _, _, inertia = _assign(X, None, sample_weight, centers, "euclidean", update=False)
    return labels, inertia


def minibatch_update(X, sample_weight, centers, centers_new, counts, labels):
    """Step 4: move each centre to the mean of every point it has seen (in place).

    Parameters
    ----------
    X : ndarray of shape (batch_size, n_features)
        The batch.
    sample_weight : ndarray of shape (batch_size,)
    centers : ndarray of shape (n_clusters, n_features)
        Centres before the step.
    centers_new : ndarray of shape (n_clusters, n_features)
        Receives the new centres (may be ``centers`` itself).
    counts : ndarray of shape (n_clusters,)
        Weight absorbed by each centre so far; increased by the batch's weights.
    labels : ndarray of shape (batch_size,), int32
        Nearest centre of each batch point.
    """
    _kernels.minibatch_update_centers(X, sample_weight, centers, centers_new, counts, labels)


def reassign_small_clusters(X, centers_new, counts, reassignment_ratio, random_state, verbose=False):
    """Step 5: move centres with ``counts < reassignment_ratio * max(counts)`` to random batch rows.

    At most half a batch of centres is moved (the ones with the largest counts stay). A moved centre's
    count becomes the smallest count of the centres that stayed, so that it is not moved again at once.
    The same numpy calls as scikit-learn, in the same order (``argsort``, ``choice`` without
    replacement), so the same centres move to the same rows.
    """
    to_reassign = counts < reassignment_ratio * counts.max()
    if to_reassign.sum() > 0.5 * X.shape[0]:
        indices_dont_reassign = np.argsort(counts)[int(0.5 * X.shape[0]) :]
        to_reassign[indices_dont_reassign] = False
    n_reassigns = to_reassign.sum()
    if n_reassigns:
        new_centers = random_state.choice(X.shape[0], replace=False, size=n_reassigns)
        if verbose:
            print(f"[MiniBatchKMeans] Reassigning {n_reassigns} cluster centers.")
        centers_new[to_reassign] = X[new_centers]
    counts[to_reassign] = np.min(counts[~to_reassign])


def minibatch_step(X, sample_weight, centers, centers_new, counts, random_state, random_reassign=False,
                   reassignment_ratio=0.01, verbose=False):  # fmt: skip
    """One mini-batch step: assign the batch (3), update the centres (4), reassign small clusters (5).

    Returns the batch inertia, measured with the centres *before* the update.
    """
    labels, inertia = labels_inertia(X, sample_weight, centers)
    minibatch_update(X, sample_weight, centers, centers_new, counts, labels)
    if random_reassign and reassignment_ratio > 0:
        reassign_small_clusters(X, centers_new, counts, reassignment_ratio, random_state, verbose)
    return inertia


class _WeightedBatchSampler:
    """``random_state.choice(n, size, p=p, replace=True)`` with the cumulative sum done once.

    numpy's ``choice`` draws ``random_sample(size)`` and looks each value up in the normalised
    cumulative sum of ``p``, which it rebuilds on every call (a pass over all n weights per batch).
    Building it once and doing the same lookup gives the same rows from the same stream.
    """

    def __init__(self, p):
        cdf = np.cumsum(np.asarray(p, dtype=np.float64))
        cdf /= cdf[-1]
        self.cdf = cdf

    def draw(self, random_state, size):
        uniform_samples = random_state.random_sample(size)
        return self.cdf.searchsorted(uniform_samples, side="right")


class MiniBatchKMeans(ClassNamePrefixFeaturesOutMixin, TransformerMixin, ClusterMixin, BaseEstimator):
    """Mini-batch K-means: scikit-learn's ``MiniBatchKMeans``, step by step.

    Parameters
    ----------
    n_clusters : int, default=8
        Number of clusters k.
    init : {'k-means++', 'random'}, callable or array-like of shape (n_clusters, n_features), \
default='k-means++'
        How to choose the initial centres (on a random subsample of ``init_size`` rows).
    max_iter : int, default=100
        Maximum number of passes over the data: at most ``max_iter * n_samples // batch_size`` steps.
    batch_size : int, default=1024
        Rows per mini-batch.
    verbose : int, default=0
        Print the batch inertia of every step and the reason for stopping.
    compute_labels : bool, default=True
        After fitting, assign every row once (``labels_``, ``inertia_``).
    random_state : int, RandomState instance or None, default=None
        Seed of every random draw (subsamples, k-means++, batches, reassignments).
    tol : float, default=0.0
        Stop when the squared centre shift of a step is at most ``tol`` times the mean variance of
        the features (0 turns the rule off).
    max_no_improvement : int or None, default=10
        Stop when the smoothed batch inertia has not improved for this many steps (None: never).
    init_size : int or None, default=None
        Rows of the init subsample; None means ``3 * batch_size`` (at least ``3 * n_clusters``).
    n_init : 'auto' or int, default='auto'
        Initialisations tried; the best on a validation subsample wins. 'auto': 1 for 'k-means++'
        or an array, 3 for 'random' or a callable.
    reassignment_ratio : float, default=0.01
        Centres whose count is below this fraction of the largest count move to random batch rows.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
    labels_ : ndarray of shape (n_samples,), int32
        Only if ``compute_labels``.
    inertia_ : float
        ``sum_i w_i ||x_i - c_{label i}||^2`` over all rows if ``compute_labels``, else the smoothed
        batch inertia scaled to the data.
    n_iter_ : int
        Passes over the data (``ceil(n_steps_ * batch_size / n_samples)``).
    n_steps_ : int
        Mini-batch steps run.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Only when X has string column names.

    See Also
    --------
    kmeans_edu.KMeans : full-batch Lloyd.
    sklearn.cluster.MiniBatchKMeans : the reference implementation.

    Notes
    -----
    **Exactness.** For the same data (float64), parameters and integer ``random_state``,
    ``cluster_centers_`` (to rounding of the last bits), ``labels_``, ``n_iter_`` and ``n_steps_`` equal
    scikit-learn's: the validation and init subsamples (``randint``), k-means++ on the subsample
    (the same draws), each batch (``choice`` with ``p`` since scikit-learn 1.9, ``randint`` before), the
    reassignment draws and the EWA early stopping follow its random stream call by call, and the
    update repeats its floating-point operations in its order. The batch sampling is taken from the
    *installed* scikit-learn: versions 1.6 to 1.8 (uniform batches, weights in the update) and 1.9
    (weighted batches, unit weights in the update) are followed. Differences can arise only where
    rounding decides a discrete choice: a point equidistant (to the last bit) from two centres, or
    a random draw within rounding of a k-means++ boundary. Sparse input is not supported.

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu.minibatch import MiniBatchKMeans
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 0], [4, 4],
    ...               [4, 5], [0, 1], [2, 2], [3, 2], [5, 5], [1, -1]])
    >>> km = MiniBatchKMeans(n_clusters=2, random_state=0, batch_size=6).fit(X)  # as scikit-learn: the same steps
    >>> km.n_steps_, km.n_iter_
    (25, 13)
    """

    _parameter_constraints: dict = {
        "n_clusters": [Interval(Integral, 1, None, closed="left")],
        "init": [StrOptions({"k-means++", "random"}), callable, "array-like"],
        "n_init": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "compute_labels": ["boolean"],
        "max_no_improvement": [Interval(Integral, 0, None, closed="left"), None],
        "init_size": [Interval(Integral, 1, None, closed="left"), None],
        "reassignment_ratio": [Interval(Real, 0, None, closed="left")],
    }

    metric = "euclidean"  # for the methods shared with KMeans below; not a parameter

    def __init__(
        self,
        n_clusters=8,
        *,
        init="k-means++",
        max_iter=100,
        batch_size=1024,
        verbose=0,
        compute_labels=True,
        random_state=None,
        tol=0.0,
        max_no_improvement=10,
        init_size=None,
        n_init="auto",
        reassignment_ratio=0.01,
    ):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.verbose = verbose
        self.compute_labels = compute_labels
        self.random_state = random_state
        self.tol = tol
        self.max_no_improvement = max_no_improvement
        self.init_size = init_size
        self.n_init = n_init
        self.reassignment_ratio = reassignment_ratio

    # predict, transform, score, fit_predict and fit_transform are KMeans's: the same assignment.
    _validate_X = KMeans._validate_X
    _labels_objective = KMeans._labels_objective
    predict = KMeans.predict
    transform = KMeans.transform
    score = KMeans.score
    fit_predict = KMeans.fit_predict
    fit_transform = KMeans.fit_transform

    def _check_params_vs_input(self, X):
        """The settings that depend on X: tolerance, n_init, batch and init sizes (scikit-learn's rules)."""
        n_samples = X.shape[0]
        if n_samples < self.n_clusters:
            raise ValueError(f"n_samples={n_samples} should be >= n_clusters={self.n_clusters}.")
        self._tol = tolerance(X, self.tol)
        is_array = not isinstance(self.init, str) and not callable(self.init)
        if self.n_init != "auto":
            self._n_init = self.n_init
        else:
            self._n_init = 1 if is_array or self.init == "k-means++" else 3
        if is_array and self._n_init != 1:
            warnings.warn(
                "Explicit initial center position passed: performing only one init in "
                f"MiniBatchKMeans instead of n_init={self._n_init}.",
                RuntimeWarning,
                stacklevel=3,
            )
            self._n_init = 1
        self._batch_size = min(self.batch_size, n_samples)
        self._init_size = self.init_size
        if self._init_size is None:
            self._init_size = 3 * self._batch_size
            if self._init_size < self.n_clusters:
                self._init_size = 3 * self.n_clusters
        elif self._init_size < self.n_clusters:
            warnings.warn(
                f"init_size={self._init_size} should be larger than n_clusters={self.n_clusters}. "
                "Setting it to min(3*n_clusters, n_samples)",
                RuntimeWarning,
                stacklevel=3,
            )
            self._init_size = 3 * self.n_clusters
        self._init_size = min(self._init_size, n_samples)

    def _checked_init(self, X):
        if isinstance(self.init, str) or callable(self.init):
            return self.init
        return self._checked_centers(self.init, X, "init")

    def _checked_centers(self, centers, X, name):
        """Initial centres of shape (n_clusters, n_features), with scikit-learn's error messages."""
        shape = np.shape(centers)
        if len(shape) == 2 and shape[0] != self.n_clusters:
            raise ValueError(
                f"The shape of the initial centers {shape} (from {name}) does not match the number of clusters "
                f"{self.n_clusters}."
            )
        if len(shape) == 2 and shape[1] != X.shape[1]:
            raise ValueError(
                f"The shape of the initial centers {shape} (from {name}) does not match the number of features of "
                f"the data {X.shape[1]}."
            )
        return check_centers(centers, self.n_clusters, X.shape[1], X.dtype, name=name)

    def _init_centroids(self, X, init, random_state, sample_weight):
        """Step 1 on a random subsample of ``init_size`` rows (drawn first, whatever ``init`` is)."""
        if self._init_size < X.shape[0]:
            init_indices = random_state.randint(0, X.shape[0], self._init_size)
            X, sample_weight = X[init_indices], sample_weight[init_indices]
        if isinstance(init, str) and init == "k-means++":
            return _kmeans_plusplus(X, self.n_clusters, sample_weight, random_state)[0]
        if isinstance(init, str) and init == "random":
            return random_rows(X, self.n_clusters, sample_weight, random_state)
        if callable(init):
            centers = init(X, self.n_clusters, random_state=random_state)
            return self._checked_centers(centers, X, "the centres returned by init")
        return init.copy()

    def _random_reassign(self):
        """Reassign every ``10 * n_clusters`` samples, or at once when a centre has seen no point."""
        self._n_since_last_reassign += self._batch_size
        if (self._counts == 0).any() or self._n_since_last_reassign >= 10 * self.n_clusters:
            self._n_since_last_reassign = 0
            return True
        return False

    def _mini_batch_convergence(self, step, n_steps, n_samples, centers_squared_diff, batch_inertia):
        """Step 6, stop?: the ``tol`` rule, then no improvement of the EWA of the batch inertia."""
        batch_inertia /= self._batch_size  # per point, comparable across batch sizes
        step = step + 1
        if step == 1:  # the first batch measures the initial centres: ignore it
            if self.verbose:
                print(f"Minibatch step {step}/{n_steps}: mean batch inertia: {batch_inertia}")
            return False
        if self._ewa_inertia is None:
            self._ewa_inertia = batch_inertia
        else:
            alpha = min(self._batch_size * 2.0 / (n_samples + 1), 1)
            self._ewa_inertia = self._ewa_inertia * (1 - alpha) + batch_inertia * alpha
        if self.verbose:
            print(
                f"Minibatch step {step}/{n_steps}: mean batch inertia: {batch_inertia}, "
                f"ewa inertia: {self._ewa_inertia}"
            )
        if self._tol > 0.0 and centers_squared_diff <= self._tol:
            if self.verbose:
                print(f"Converged (small centers change) at step {step}/{n_steps}")
            return True
        if self._ewa_inertia_min is None or self._ewa_inertia < self._ewa_inertia_min:
            self._no_improvement = 0
            self._ewa_inertia_min = self._ewa_inertia
        else:
            self._no_improvement += 1
        if self.max_no_improvement is not None and self._no_improvement >= self.max_no_improvement:
            if self.verbose:
                print(f"Converged (lack of improvement in inertia) at step {step}/{n_steps}")
            return True
        return False

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Compute the centres from random mini-batches of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (dense; float32 stays float32).
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights (not used by a callable or array ``init``).

        Returns
        -------
        self : MiniBatchKMeans
        """
        X = self._validate_X(X, reset=True)
        self._check_params_vs_input(X)
        random_state = check_random_state(self.random_state)
        sample_weight = check_sample_weight(sample_weight, X.shape[0], X.dtype)
        n_samples, n_features = X.shape
        init = self._checked_init(X)

        validation_indices = random_state.randint(0, n_samples, self._init_size)
        X_valid, sample_weight_valid = X[validation_indices], sample_weight[validation_indices]
        best_inertia = None
        with kernel_threads(max(self._init_size, self._batch_size), self.n_clusters, n_features):
            for init_idx in range(self._n_init):
                if self.verbose:
                    print(f"Init {init_idx + 1}/{self._n_init} with method {init}")
                cluster_centers = self._init_centroids(X, init, random_state, sample_weight)
                _, inertia = labels_inertia(X_valid, sample_weight_valid, cluster_centers)
                if self.verbose:
                    print(f"Inertia for init {init_idx + 1}/{self._n_init}: {inertia}")
                if best_inertia is None or inertia < best_inertia:
                    centers, best_inertia = cluster_centers, inertia
            centers = np.ascontiguousarray(centers, dtype=X.dtype)
            centers_new = np.empty_like(centers)

            self._counts = np.zeros(self.n_clusters, dtype=X.dtype)
            self._ewa_inertia = None
            self._ewa_inertia_min = None
            self._no_improvement = 0
            self._n_since_last_reassign = 0
            sum_of_weights = np.sum(sample_weight)
            n_steps = (self.max_iter * n_samples) // self._batch_size
            if WEIGHTED_BATCHES:
                sampler = _WeightedBatchSampler(sample_weight / sum_of_weights)
                unit_sample_weight = np.ones_like(sample_weight, shape=(self._batch_size,))
            for i in range(n_steps):
                # Step 2: draw a batch
                if WEIGHTED_BATCHES:
                    batch = sampler.draw(random_state, self._batch_size)
                    batch_weight = unit_sample_weight
                else:
                    batch = random_state.randint(0, n_samples, self._batch_size)
                    batch_weight = sample_weight[batch]
                # Steps 3-5
                batch_inertia = minibatch_step(
                    X[batch], batch_weight, centers, centers_new, self._counts, random_state,
                    random_reassign=self._random_reassign(), reassignment_ratio=self.reassignment_ratio,
                    verbose=self.verbose,
                )  # fmt: skip
                centers_squared_diff = np.sum((centers_new - centers) ** 2) if self._tol > 0.0 else 0
                centers, centers_new = centers_new, centers
                # Step 6
                if self._mini_batch_convergence(i, n_steps, n_samples, centers_squared_diff, batch_inertia):
                    break

        self.cluster_centers_ = centers
        self._n_features_out = self.cluster_centers_.shape[0]
        self.n_steps_ = i + 1
        self.n_iter_ = int(np.ceil(((i + 1) * self._batch_size) / n_samples))
        if self.compute_labels:
            self.labels_, self.inertia_ = self._labels_objective(X, sample_weight)
        else:
            ewa = self._ewa_inertia if self._ewa_inertia is not None else batch_inertia / self._batch_size
            self.inertia_ = float(ewa * (sum_of_weights if WEIGHTED_BATCHES else n_samples))
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None, sample_weight=None):
        """Update the centres with one mini-batch X (steps 3 to 5; step 1 on the first call).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The batch.
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : MiniBatchKMeans
        """
        has_centers = hasattr(self, "cluster_centers_")
        X = self._validate_X(X, reset=not has_centers)
        self._random_state = getattr(self, "_random_state", check_random_state(self.random_state))
        sample_weight = check_sample_weight(sample_weight, X.shape[0], X.dtype)
        self.n_steps_ = getattr(self, "n_steps_", 0)
        if not has_centers:
            self._check_params_vs_input(X)
            init = self._checked_init(X)
            with kernel_threads(self._init_size, self.n_clusters, X.shape[1]):
                centers = self._init_centroids(X, init, self._random_state, sample_weight)
            self.cluster_centers_ = np.ascontiguousarray(centers, dtype=X.dtype)
            self._counts = np.zeros(self.n_clusters, dtype=X.dtype)
            self._n_since_last_reassign = 0
        with kernel_threads(X.shape[0], self.n_clusters, X.shape[1]):
            minibatch_step(
                X, sample_weight, self.cluster_centers_, self.cluster_centers_, self._counts, self._random_state,
                random_reassign=self._random_reassign(), reassignment_ratio=self.reassignment_ratio,
                verbose=self.verbose,
            )  # fmt: skip
        if self.compute_labels:
            self.labels_, self.inertia_ = self._labels_objective(X, sample_weight)
        self.n_steps_ += 1
        self._n_features_out = self.cluster_centers_.shape[0]
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        return tags
