r"""``scipy.cluster.vq``, exact and explained: :func:`whiten`, :func:`vq`, :func:`kmeans`, :func:`kmeans2`.

SciPy's words (the article got these right, E45; rows E1-E70 are those of the project's page on the
article, ``docs/article-errata.md``): a **code** is the index of a
centroid, the **code book** is the array whose row ``i`` is the centroid of code ``i``. The article's
two-step recipe is also right (row E46): :func:`kmeans` turns observations into a code book and a
distortion, :func:`vq` gives every observation its code and its distance to that code.

Two different numbers measure a clustering, and the article (like SciPy's own module intro) mixes
them up (rows E36, E55):

* the **SSE** or inertia, :math:`\mathrm{SSE}=\sum_i d_i^2` with :math:`d_i=\lVert x_i-\mu_{c_i}\rVert_2`:
  the objective Lloyd's loop lowers, scikit-learn's ``inertia_``;
* SciPy's **distortion**, the *mean of the non-squared* distances :math:`\bar d=\frac1N\sum_i d_i`,
  returned by :func:`kmeans` (SciPy's module docstring still calls it "the sum of the squared
  distances": it is not).

They are tied by an exact identity (:func:`compare_objectives` evaluates it on every result):

.. math:: \mathrm{SSE} = N\left(\bar d^{\,2} + \operatorname{Var}(d)\right) \ge N\,\bar d^{\,2},
   \qquad \operatorname{Var}(d) = \frac1N\sum_i (d_i-\bar d)^2 ,

so two solutions can be ranked differently by the two objectives (the one with the smaller mean
distance can have the larger spread of distances, hence the larger SSE).

Compatibility. With the same inputs and the same ``rng`` (or legacy ``seed``) these functions draw the
same random numbers as SciPy and return the same code books, labels and distortions, with
SciPy's return types. Where SciPy is wrong or fragile this module is right and says so:

* :func:`kmeans` returns the distortion *of the code book it returns*; SciPy <= 1.17 returns the one
  measured before the last centroid update (row E56; fixed in SciPy 1.18);
* ``check_finite=False`` with NaN/inf data can crash SciPy's interpreter (segfault, row E53); here
  it never does: :func:`vq` returns NaN/inf distances for those rows, and :func:`kmeans` and
  :func:`kmeans2` raise ``ValueError`` as soon as a distance is not finite;
* integer data is converted to float64 (as scikit-learn does); SciPy's :func:`kmeans` and
  :func:`kmeans2` raise ``TypeError`` on it, and its :func:`vq` returns int64 codes for it;
* a negative ``thresh`` raises ``ValueError`` (SciPy loops forever).

The article cites the SciPy 1.3.1 guide (row E70: outdated); the current reference is the
``scipy.cluster.vq`` page of SciPy 1.17/1.18, where ``py_vq`` is deprecated (1.18) and
``rng=`` replaced ``seed=`` (1.15).
"""

import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

from . import _kernels
from ._validation import as_float_array, range_exponent, scale_down, scale_up
from .steps import _assign, is_small_problem, kernel_threads, single_thread

__all__ = ["ClusterError", "whiten", "vq", "kmeans", "kmeans2", "compare_objectives", "ObjectiveTable"]

_MINIT = ("random", "points", "++", "matrix")
_MISSING = ("warn", "raise")
_EMPTY_MESSAGE = "One of the clusters is empty. Re-run kmeans with a different initialization."


class ClusterError(Exception):
    """Raised by :func:`kmeans2` with ``missing='raise'`` when a cluster is left empty.

    The article garbles the option as "warnsum raise" (row E66): the two options are ``'warn'``
    and ``'raise'``.
    """


# ----------------------------------------------------------------------------------------------
# Input handling shared by the four functions
# ----------------------------------------------------------------------------------------------


def _ndim(value, name):
    """``np.ndim(value)``, with a message naming the argument for a ragged list."""
    try:
        return np.ndim(value)
    except ValueError as exc:
        raise ValueError(
            f"{name} must be a rectangular array of numbers: its rows have different lengths ({exc})."
        ) from exc


def _as_obs(obs, name, check_finite):
    """obs as a 1-D or 2-D float array (float32 kept, everything else float64)."""
    ndim = _ndim(obs, name)
    if ndim not in (1, 2):
        raise ValueError(f"{name} must be a 1-D or 2-D array (one row per observation); got {ndim}-D.")
    return as_float_array(obs, name, ndim=ndim, check_finite=check_finite)


def _as_2d(a):
    """A 1-D array is N observations of one feature."""
    return a.reshape(-1, 1) if a.ndim == 1 else a


def _random_state(rng, seed, func_name):
    """The random generator SciPy would use for this (rng, seed) pair.

    * ``rng`` given: ``np.random.default_rng(rng)`` (a :class:`numpy.random.Generator`);
    * legacy ``seed`` given: SciPy's ``check_random_state`` -- an int seeds a new
      :class:`numpy.random.RandomState`, a Generator/RandomState is used as is, None is
      NumPy's global RandomState;
    * neither: NumPy's global RandomState (what SciPy does, whatever its docstring says).
    """
    if rng is not None and seed is not None:
        raise TypeError(
            f"{func_name}() got multiple values for argument now known as `rng`. Specify one of `rng` or `seed`."
        )
    if rng is not None:
        try:
            return np.random.default_rng(rng)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"rng must be None, an int, a SeedSequence, a BitGenerator or a Generator: {exc}") from exc
    if seed is None or seed is np.random:
        return np.random.mtrand._rand
    if isinstance(seed, Integral):
        return np.random.RandomState(seed)
    if isinstance(seed, (np.random.RandomState, np.random.Generator)):
        return seed
    raise ValueError(f"seed must be None, an int, a RandomState or a Generator; got {seed!r}.")


def _check_thresh(thresh):
    if isinstance(thresh, bool) or not isinstance(thresh, Real) or not thresh >= 0:
        raise ValueError(
            f"thresh must be a number >= 0 (an absolute change of the mean distance); got {thresh!r}. "
            "SciPy would loop forever on a negative value."
        )
    return float(thresh)


def _check_positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer; got {value!r} of type {type(value).__name__}.")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


# ----------------------------------------------------------------------------------------------
# The two steps, on 2-D data centred by its mean (see _Data)
# ----------------------------------------------------------------------------------------------


@dataclass
class _Data:
    """2-D data prepared once per fit.

    The assignment kernel ranks centres by :math:`\\lVert c\\rVert^2 - 2\\,x\\cdot c`; on data far
    from the origin that form loses digits, so (like scikit-learn) we work on ``X - mean`` and
    add the mean back to the centroids we return.
    """

    X: np.ndarray  # C-contiguous; the kernels see X - offset
    offset: np.ndarray
    weights: np.ndarray

    @classmethod
    def from_obs(cls, X2):
        X2 = np.ascontiguousarray(X2)
        offset = X2.mean(axis=0)
        offset[~np.isfinite(offset)] = 0  # NaN/inf data (check_finite=False): keep the finite rows intact
        return cls(X2, offset, np.ones(X2.shape[0], dtype=X2.dtype))

    def assign(self, code_book, update=False):
        """Nearest code of every row: labels (int32), non-squared distances (float64), sums, counts."""
        code_book = np.asarray(code_book - self.offset, dtype=self.X.dtype)
        labels, sq_dist, sums, counts, sse = _assign(self.X, self.offset, self.weights, code_book, "euclidean", update)
        return labels, np.sqrt(sq_dist), sums, counts, sse

    def fit_step(self, code_book, name):
        """Assignment + sums of one Lloyd iteration; a clear error instead of garbage on NaN/inf.

        With ``check_finite=False`` nothing checked the input, and SciPy's compiled loop then
        reads uninitialised codes and can crash. Here a non-finite SSE (one scalar, already
        computed) means the data or the centroids hold NaN/inf: raise.
        """
        labels, dist, sums, counts, sse = self.assign(code_book, update=True)
        if not np.isfinite(sse):
            raise ValueError(
                f"{name} (or the initial centroids) contains NaN or infinity: the distances are not finite. "
                "check_finite=False skipped the input check; remove or impute those values."
            )
        return labels, dist, sums, counts

    def means(self, sums, counts):
        """Centroid of every cluster (NaN where the cluster is empty) and the has-members mask."""
        has_members = counts > 0
        means = np.full(sums.shape, np.nan)
        means[has_members] = sums[has_members] / counts[has_members, None]
        return (means + self.offset).astype(self.X.dtype), has_members


_DIRECT_MAX_FEATURES = 8  # up to here vq compares by direct differences; longer rows use the GEMM form


def _vq_2d(X2, code_book2):
    """Codes and non-squared distances; extreme values are exactly rescaled first (see
    :func:`kmeans_edu._validation.range_exponent`).

    Rows of up to 8 features: SciPy's direct loop (exact ties go to the lowest code; the distances
    are SciPy's bit for bit up to 4 features, where SciPy itself uses that loop). Longer rows: one
    matrix product per chunk of centred rows, as SciPy's BLAS path does (6x faster than the direct
    loop at 128 features and 64 codes), where rounding can split an exact tie.
    """
    exponent = range_exponent(X2, code_book2)
    X2, code_book2 = scale_down(X2, exponent), scale_down(code_book2, exponent)
    with kernel_threads(X2.shape[0], code_book2.shape[0], X2.shape[1]):
        if X2.shape[1] > _DIRECT_MAX_FEATURES:
            codes, dist, _, _, _ = _Data.from_obs(X2).assign(code_book2)
        else:
            codes = np.empty(X2.shape[0], dtype=np.int32)
            sq_dist = np.empty(X2.shape[0], dtype=X2.dtype)
            _kernels.nearest_code(X2, code_book2, X2.dtype.type(0), codes, sq_dist)
            dist = np.sqrt(sq_dist)
    return codes, scale_up(dist, exponent, "a distance", "obs")


# ----------------------------------------------------------------------------------------------
# Public functions
# ----------------------------------------------------------------------------------------------


def whiten(obs, check_finite=None):
    r"""Scale every feature (column) to unit variance: :math:`x'_{if} = x_{if} / \sigma_f`.

    Parameters
    ----------
    obs : array-like of shape (M, N) or (M,)
        One row per observation, one column per feature.
    check_finite : bool or None, default=None
        Check that ``obs`` holds only finite numbers (None means True, as SciPy does for NumPy
        arrays). With False, NaN/inf propagate into the result.

    Returns
    -------
    result : ndarray
        ``obs`` divided column-wise by its **population** standard deviation
        :math:`\sigma_f = \sqrt{\frac1M\sum_i (x_{if}-\bar x_f)^2}` (ddof=0). float32 stays
        float32; other dtypes give float64.

    Warns
    -----
    RuntimeWarning
        If a column has standard deviation zero; it is returned unchanged. (SciPy skips this
        warning when ``check_finite=False``; here it is always given.)

    Notes
    -----
    The article says the features "must" be whitened (row E49: imprecise). SciPy's documentation
    still says so, but nothing checks it: whitening is a *recommendation* for features measured on
    different scales, so that no feature dominates the Euclidean distance. It only rescales, it
    does not centre or decorrelate. float32 input stays float32 (row E69).

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu.vq import whiten
    >>> whiten(np.array([[1.9, 2.3, 1.7], [1.5, 2.5, 2.2], [0.8, 0.6, 1.7]]))
    array([[4.17944278, 2.69811351, 7.21248917],
           [3.29956009, 2.93273208, 9.33380951],
           [1.75976538, 0.7038557 , 7.21248917]])
    """
    obs = _as_obs(obs, "obs", check_finite=True if check_finite is None else bool(check_finite))
    # Each column is scaled by a power of two (exact) that puts its largest |value| in [0.5, 1), so the
    # squares in np.std neither overflow (|x| > 1e154 gave std inf, hence zeros) nor underflow
    # (|x| < 1e-154 gave std 0 and a false "standard deviation zero" warning); normal columns give the
    # same bits either way.
    exponent = np.frexp(np.max(np.abs(obs), axis=0))[1]
    std_dev = np.ldexp(np.std(np.ldexp(obs, -exponent), axis=0), exponent).astype(obs.dtype, copy=False)
    zero_std = std_dev == 0
    if np.any(zero_std):
        std_dev = np.where(zero_std, np.ones_like(std_dev), std_dev)
        warnings.warn(
            "Some columns have standard deviation zero. The values of these columns will not change.",
            RuntimeWarning,
            stacklevel=2,
        )
    return obs / std_dev


def vq(obs, code_book, check_finite=True):
    r"""Give every observation the code of its nearest centroid, and the distance to it.

    Parameters
    ----------
    obs : array-like of shape (M, N) or (M,)
        The observations, one per row (1-D: M observations of one feature).
    code_book : array-like of shape (k, N) or (k,)
        **One code per row** (a centroid), one feature per column; same rank as ``obs``.
    check_finite : bool, default=True
        Check that both arrays hold only finite numbers. With False and NaN/inf input SciPy
        returns garbage codes and can crash in :func:`kmeans`; here the result is defined: a row
        with NaN gets ``dist`` NaN (and code 0), a row with infinity gets ``dist`` inf.

    Returns
    -------
    code : ndarray of shape (M,), int32
        ``code[i] = argmin_j ||obs[i] - code_book[j]||`` (the lowest index on exact ties, for rows
        of up to 8 features: see Notes).
    dist : ndarray of shape (M,)
        The Euclidean (**not squared**) distance from each observation to its code, in the
        common float dtype of the inputs (float32 only if both are float32).

    Notes
    -----
    The article's description of ``code_book`` ("each row represents a different feature value
    code ...") is garbled (row E58): each *row* is one centroid and the columns are the features.
    The mean of ``dist`` is SciPy's distortion; the sum of its squares is the SSE.

    SciPy returns int64 codes when both inputs are integer arrays (its pure-Python fallback);
    here ``code`` is always int32.

    Up to 8 features, every distance is summed from the squared differences, as in SciPy's own
    loop: of two codes at exactly the same distance the lower one wins, and up to 4 features (where
    SciPy uses that loop) the distances are SciPy's bit for bit. Longer rows use
    :math:`\lVert c\rVert^2 - 2\,x\cdot c` on centred data with one matrix product per chunk of
    rows (like SciPy's BLAS path, and much faster), where rounding can split an exact tie.

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu.vq import vq
    >>> code_book = np.array([[1., 1., 1.], [2., 2., 2.]])
    >>> features = np.array([[1.9, 2.3, 1.7], [1.5, 2.5, 2.2], [0.8, 0.6, 1.7]])
    >>> vq(features, code_book)
    (array([1, 1, 0], dtype=int32), array([0.43588989, 0.73484692, 0.83066239]))
    """
    obs = _as_obs(obs, "obs", check_finite)
    code_book = _as_obs(code_book, "code_book", check_finite)
    if obs.ndim != code_book.ndim:
        raise ValueError(
            f"obs and code_book must have the same rank (both 1-D or both 2-D); got obs {obs.ndim}-D "
            f"and code_book {code_book.ndim}-D."
        )
    if obs.ndim == 2 and obs.shape[1] != code_book.shape[1]:
        raise ValueError(
            f"obs has {obs.shape[1]} features (columns) but code_book has {code_book.shape[1]}; they must match."
        )
    dtype = np.result_type(obs.dtype, code_book.dtype)
    labels, dist = _vq_2d(_as_2d(obs).astype(dtype, copy=False), _as_2d(code_book).astype(dtype, copy=False))
    return labels, dist.astype(dtype)


def _kmeans_run(data, code_book, thresh, name="obs"):
    """One run of SciPy's ``kmeans`` loop from ``code_book``; returns (code_book, distortion, n_iter).

    Stop when the mean distance changed by at most ``thresh`` (absolute, no iteration cap);
    centroids that lose all their points are dropped. The distortion returned is that of the
    returned code book (one more assignment after the loop, as SciPy 1.18 does).
    """
    previous, diff, n_iter = np.inf, np.inf, 0
    while diff > thresh:
        _, dist, sums, counts = data.fit_step(code_book, name)
        distortion = dist.mean()
        means, has_members = data.means(sums, counts)
        code_book = means[has_members]
        diff = abs(previous - distortion)
        previous = distortion
        n_iter += 1
    dist = data.assign(code_book)[1]
    return code_book, data.X.dtype.type(dist.mean()), n_iter


def _kmeans(obs, k_or_guess, iter, thresh, check_finite, rng, seed):
    """kmeans with the number of iterations of the best run as a third value."""
    obs = _as_obs(obs, "obs", check_finite)
    guess = np.asarray(k_or_guess)
    if guess.size != 1:
        if guess.size < 1:
            raise ValueError(f"Asked for 0 clusters. Initial book was {guess!r}")
        guess = as_float_array(guess, "k_or_guess", ndim=obs.ndim, check_finite=True, dtype=obs.dtype)
        if obs.ndim == 2 and guess.shape[1] != obs.shape[1]:
            raise ValueError(
                f"k_or_guess has {guess.shape[1]} features (columns) but obs has {obs.shape[1]}; they must match."
            )
    _check_positive_int(iter, "iter")
    thresh = _check_thresh(thresh)
    rs = _random_state(rng, seed, "kmeans")
    # extreme values: work on obs / 2**exponent (exact), thresh likewise, and scale the results back
    exponent = range_exponent(obs, guess if guess.size != 1 else None)
    obs, thresh = scale_down(obs, exponent), float(np.ldexp(thresh, -exponent))
    if guess.size != 1:
        guess = scale_down(guess, exponent)
    data = _Data.from_obs(_as_2d(obs))

    def shape_back(book):
        return scale_up(book[:, 0] if obs.ndim == 1 else book, exponent, "a centroid", "obs")

    n_codes = guess.shape[0] if guess.size != 1 else int(guess.reshape(()))
    with kernel_threads(obs.shape[0], n_codes, data.X.shape[1]):
        if guess.size != 1:  # initial centroids given: one run, `iter` is ignored
            book, dist, n_iter = _kmeans_run(data, _as_2d(guess), thresh)
            return shape_back(book), scale_up(dist, exponent, "the distortion", "obs"), n_iter

        k = int(guess.reshape(()))
        if k != guess:
            raise ValueError(f"If k_or_guess is a scalar, it must be an integer; got {k_or_guess!r}.")
        if k < 1:
            raise ValueError(f"Asked for {k} clusters.")
        if k > obs.shape[0]:
            raise ValueError(f"k_or_guess={k} is larger than the number of observations ({obs.shape[0]}).")
        best = (None, np.inf, 0)
        for _ in range(iter):  # `iter` restarts, each from k distinct random observations
            start = _as_2d(obs)[rs.choice(obs.shape[0], size=k, replace=False)]
            book, dist, n_iter = _kmeans_run(data, start, thresh)
            if dist < best[1]:
                best = (book, dist, n_iter)
    return shape_back(best[0]), scale_up(best[1], exponent, "the distortion", "obs"), best[2]


def kmeans(obs, k_or_guess, iter=20, thresh=1e-05, check_finite=True, *, rng=None, seed=None):
    r"""SciPy's k-means: ``iter`` restarts of Lloyd's loop; the code book with the lowest distortion wins.

    Parameters
    ----------
    obs : array-like of shape (M, N) or (M,)
        One observation per row. Whitening (:func:`whiten`) is recommended for features on
        different scales, not required.
    k_or_guess : int or array-like of shape (k, N) (or (k,) for 1-D ``obs``)
        The number of centroids, started at ``k`` distinct observations drawn at random
        (without replacement), or the initial centroids themselves (then only one run is done).
    iter : int, default=20
        **Number of restarts** (independent runs), *not* the number of iterations of one run;
        ignored when ``k_or_guess`` is an array.
    thresh : float, default=1e-05
        A run stops when the distortion changed by at most ``thresh`` between two iterations:
        an **absolute** change, in the data's units. There is no cap on the number of iterations.
    check_finite : bool, default=True
        Check that the inputs hold only finite numbers up front. With False and NaN/inf input
        SciPy can segfault; here the first assignment finds a non-finite distance and raises
        ``ValueError`` (a scalar check, no extra pass over the data).
    rng : None, int, SeedSequence, BitGenerator or Generator, keyword-only
        Passed to :func:`numpy.random.default_rng`; same numbers as ``scipy.cluster.vq.kmeans(...,
        rng=rng)``. If both ``rng`` and ``seed`` are None, NumPy's global RandomState is used (as
        SciPy does).
    seed : None, int, RandomState or Generator, keyword-only
        Legacy: an int seeds a :class:`numpy.random.RandomState` (SciPy's old behaviour). Pass
        ``rng`` or ``seed``, not both (``TypeError``).

    Returns
    -------
    codebook : ndarray of shape (k', N) (or (k',) for 1-D ``obs``)
        The centroids of the best run. ``k' <= k``: a centroid that lost all its observations
        is dropped.
    distortion : numpy float scalar
        Mean **non-squared** Euclidean distance from the observations to their nearest
        centroid in ``codebook``, in ``obs``'s float dtype.

    Raises
    ------
    ValueError
        Non-finite input (with ``check_finite``), ``iter < 1``, ``thresh < 0``, a non-integer or
        non-positive ``k``, ``k`` larger than the number of observations, or a guess whose number
        of features differs from ``obs``.

    Notes
    -----
    What the article says about this function, and what is true today:

    * Row E47: its example never defines ``points`` and names the second return value
      ``variance``; it is the **distortion** (mean distance), and the output is random unless you
      pass ``rng=``.
    * Row E48: the signature is now ``kmeans(obs, k_or_guess, iter=20, thresh=1e-05,
      check_finite=True, *, rng=None)``; ``seed`` was added in 1.7 and replaced by ``rng`` in
      1.15 (still accepted as a keyword, with RandomState semantics).
    * Rows E50-E52, E57 are right: random rows as starts, ``iter`` = restarts, stop on the change
      of distortion. The change is absolute since SciPy 1.11, so the number of iterations
      depends on the scale of the data.
    * Row E54: the code book can have **fewer than k** rows (empty clusters are dropped).
    * Row E55: the distortion is the mean of non-squared distances, not the SSE. The SSE (what
      Lloyd's mean update minimises) is ``N * (distortion**2 + Var(d))``; see
      :func:`compare_objectives`.
    * Row E56: SciPy <= 1.17 returns the distortion measured *before* the last centroid update,
      i.e. of the previous code book, and picks the best restart by that number. This function
      returns the distortion of the code book it returns and ranks restarts by it (the
      behaviour of SciPy >= 1.18), so ``distortion == vq(obs, codebook)[1].mean()``.
    * Row E53: ``check_finite=False`` on NaN data crashes SciPy; not here.

    Integer ``obs`` is converted to float64 (SciPy raises ``TypeError``).

    Examples
    --------
    The article's example, fixed: define ``points`` (20 observations of 4 features) and pass
    ``rng`` so that the output can be reproduced.

    >>> import numpy as np
    >>> from kmeans_edu.vq import kmeans, vq, whiten
    >>> points = np.random.default_rng(0).normal(size=(20, 4))
    >>> data = whiten(points)
    >>> codebook, distortion = kmeans(data, 4, rng=1)
    >>> codebook.shape
    (4, 4)
    >>> bool(np.isclose(distortion, vq(data, codebook)[1].mean()))
    True
    """
    book, dist, _ = _kmeans(obs, k_or_guess, iter, thresh, check_finite, rng, seed)
    return book, dist


# ---- initialisations of kmeans2, each drawing the same random numbers as SciPy ----------------


def _init_points(data, k, rs):
    """k distinct observations at random (SciPy's ``_kpoints``)."""
    if k > data.shape[0]:
        raise ValueError(f"k={k} is larger than the number of observations ({data.shape[0]}) for minit='points'.")
    return data[rs.choice(data.shape[0], size=k, replace=False)]


def _init_random(data, k, rs):
    r"""k draws from :math:`\mathcal N(\hat m, \hat\Sigma)`, the data's mean and full covariance (``_krandinit``)."""
    if data.shape[0] < 2:
        raise ValueError(
            f"minit='random' estimates the covariance of the data and needs at least 2 observations; got "
            f"{data.shape[0]}. Use minit='points' or '++'."
        )
    mu = data.mean(axis=0)
    try:
        if data.ndim == 1:
            x = rs.standard_normal(size=k) * np.sqrt(np.cov(data))
        elif data.shape[1] > data.shape[0]:  # fewer observations than features: covariance is singular
            _, s, vh = np.linalg.svd(data - mu, full_matrices=False)
            x = rs.standard_normal(size=(k, s.size)) @ (s[:, None] * vh / np.sqrt(data.shape[0] - 1.0))
        else:
            chol = np.linalg.cholesky(np.atleast_2d(np.cov(data.T)))
            x = rs.standard_normal(size=(k, data.shape[1])) @ chol.T
    except np.linalg.LinAlgError as exc:  # a subclass of ValueError, as in SciPy
        raise np.linalg.LinAlgError(
            f"minit='random' needs a positive-definite covariance of the data ({exc}); a constant or "
            "linearly dependent feature makes it singular. Use minit='points' or '++'."
        ) from exc
    return x + mu


def _init_plusplus(data, k, rs):
    r"""Vanilla k-means++ (one candidate per pick, SciPy's ``_kpp``): :math:`P(x_i) \propto D(x_i)^2`."""
    X = np.ascontiguousarray(_as_2d(data), dtype=np.float64)  # SciPy computes D^2 in float64
    n = X.shape[0]
    centers = np.empty((k, X.shape[1]))
    closest_sq = np.full(n, np.inf)
    new_sq = np.empty(n)
    no_offset = np.zeros(X.shape[1])
    for i in range(k):
        if i == 0:
            idx = int(
                rs.integers(n, dtype=np.int64) if isinstance(rs, np.random.Generator) else rs.randint(n, dtype=np.int64)
            )
        else:
            total = closest_sq.sum()
            cumprobs = (closest_sq / total).cumsum() if total > 0 else np.full(n, np.nan)
            # inverse-CDF sampling; with every D^2 = 0 (k > distinct points) SciPy picks row 0
            idx = min(int(np.searchsorted(cumprobs, rs.uniform())), n - 1)
        centers[i] = X[idx]
        _kernels.sq_dist_to_point(X, no_offset, centers[i], new_sq)
        np.minimum(closest_sq, new_sq, out=closest_sq)
    return centers[:, 0] if data.ndim == 1 else centers


_INIT = {"random": _init_random, "points": _init_points, "++": _init_plusplus}


def kmeans2(data, k, iter=10, thresh=1e-05, minit="random", missing="warn", check_finite=True, *, rng=None, seed=None):
    r"""SciPy's second k-means: exactly ``iter`` Lloyd iterations from one initialisation.

    Parameters
    ----------
    data : array-like of shape (M, N) or (M,)
        M observations in N dimensions, or M 1-D observations.
    k : int or array-like of shape (k, N) (or (k,) for 1-D ``data``)
        Number of clusters, or the initial centroids (used when ``minit='matrix'`` or when an
        array with more than one element is passed).
    iter : int, default=10
        **Number of iterations** (assign + update) of the single run -- a different meaning
        from :func:`kmeans`'s ``iter`` (restarts). Always exactly this many: there is no
        stopping test.
    thresh : float, default=1e-05
        **Ignored** (SciPy: "not used yet"); accepted for compatibility.
    minit : {'random', 'points', '++', 'matrix'}, default='random'
        * ``'random'``: k draws from a Gaussian with the data's mean and **full covariance**
          (Cholesky factor; SVD when N > M). The starts are not data points and can lie far
          from the data, which leaves clusters empty.
        * ``'points'``: k distinct observations drawn at random.
        * ``'++'``: vanilla k-means++ (one :math:`D^2`-sampled candidate per pick; scikit-learn
          uses the greedy variant).
        * ``'matrix'``: ``k`` is the (k, N) array of initial centroids.
    missing : {'warn', 'raise'}, default='warn'
        What to do with an empty cluster: ``'warn'`` gives a ``UserWarning`` (at every
        iteration where it happens) and keeps the centroid at its previous position;
        ``'raise'`` raises :class:`ClusterError`.
    check_finite : bool, default=True
        Check that the inputs hold only finite numbers up front. With False and NaN/inf input
        SciPy can segfault; here the first assignment finds a non-finite distance and raises
        ``ValueError`` (``'random'`` may already fail in its Cholesky factorisation).
    rng, seed : keyword-only
        As in :func:`kmeans`: ``rng`` goes through :func:`numpy.random.default_rng`, legacy
        ``seed`` has RandomState semantics, not both; neither means NumPy's global RandomState.

    Returns
    -------
    centroid : ndarray of shape (k, N) (or (k,))
        The centroids after the last update, in ``data``'s float dtype.
    label : ndarray of shape (M,), int32
        The labels of the **last assignment step**, which came *before* the last update: they
        may differ from ``vq(data, centroid)[0]``.

    Raises
    ------
    ValueError
        Bad ``iter``, ``missing``, ``minit``, ``k``, empty or non-finite input, or a ``k`` array
        that does not match the data's rank or number of features.
    ClusterError
        With ``missing='raise'``, when a cluster becomes empty.

    Warns
    -----
    UserWarning
        "One of the clusters is empty ..." (``missing='warn'``); "k was not an integer, was
        converted." for a non-integer scalar ``k``.

    Notes
    -----
    Where the article's description is wrong or outdated:

    * Row E59: it says kmeans2 "minimizes the Euclidean distance"; Lloyd's iterations lower the
      **sum of squared** distances (SSE).
    * Row E60: the signature now ends with ``*, rng=None`` (legacy ``seed=`` still accepted).
    * Rows E61-E62 are right: ``iter`` counts iterations, ``thresh`` is unused.
    * Row E63: ``'random'`` uses the mean and the **full covariance**, not just the variance.
    * Row E64: ``'++'`` (since SciPy 1.2) is the vanilla D² rule.
    * Row E65: with ``'matrix'``, ``k`` has shape **(k, N)** (N features), not "(k, M)" -- a typo
      copied from SciPy's docstring.
    * Row E66: the options are ``'warn'`` and ``'raise'``; 'warn' keeps the empty centroid where it
      was.
    * Row E67: ``label`` belongs to the code book *before* the last update.
    * Row E68: the article's example uses an undefined ``points`` and no seed; define the data,
      pass ``rng=``, and prefer ``minit='points'`` or ``'++'``.

    Integer ``data`` is converted to float64 (SciPy raises ``TypeError``).

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu.vq import kmeans2
    >>> rng = np.random.default_rng(0)
    >>> z = np.concatenate([rng.normal([0, 6], 1, size=(45, 2)), rng.normal([6, 0], 1, size=(30, 2))])
    >>> centroid, label = kmeans2(z, 2, minit="++", rng=1)
    >>> np.bincount(label)
    array([45, 30])
    """
    iter = _check_positive_int(iter, "iter")
    if missing not in _MISSING:
        raise ValueError(f"Unknown missing method {missing!r}: expected one of {_MISSING}.")
    if not isinstance(minit, str) or minit not in _MINIT:
        raise ValueError(f"Unknown init method {minit!r}: expected one of {_MINIT}.")
    if _ndim(data, "data") > 2:
        raise ValueError("Input of rank > 2 is not supported: data must be 1-D or 2-D.")
    _ndim(k, "k")  # a ragged k: a message that names it
    if np.size(data) < 1 or np.size(k) < 1:
        raise ValueError("Empty input is not supported: data and k must not be empty.")
    data = _as_obs(data, "data", check_finite)

    if minit == "matrix" or np.size(k) > 1:
        code_book = np.asarray(k)
        if code_book.ndim != data.ndim:
            raise ValueError(
                f"k array doesn't match data rank: k must be a {data.ndim}-D array of initial centroids "
                f"(shape (k, N) for 2-D data, (k,) for 1-D); got shape {code_book.shape}."
            )
        # always checked (k x N values, cheap): NaN centroids would otherwise pass silently with check_finite=False
        code_book = as_float_array(code_book, "k", ndim=data.ndim, check_finite=True, dtype=data.dtype)
        if code_book.shape[0] > data.shape[0]:
            raise ValueError(
                f"k has {code_book.shape[0]} initial centroids but data has only {data.shape[0]} observations; "
                "ask for at most as many clusters as observations."
            )
        if data.ndim == 2 and code_book.shape[1] != data.shape[1]:
            raise ValueError(
                f"k array doesn't match data dimension: k has {code_book.shape[1]} columns, data has {data.shape[1]}."
            )
        exponent = range_exponent(data, code_book)  # extreme values: exactly rescaled
        data, code_book = scale_down(data, exponent), scale_down(code_book, exponent)
    else:
        try:
            nc = int(np.asarray(k).reshape(()))
        except (TypeError, ValueError) as exc:
            raise TypeError(f"k must be an integer or an array of initial centroids; got {k!r}.") from exc
        if nc < 1:
            raise ValueError(f"Cannot ask kmeans2 for {nc} clusters (k was {k!r}).")
        if nc > data.shape[0]:
            raise ValueError(
                f"k={nc} is larger than the number of observations ({data.shape[0]}); ask for at most "
                f"{data.shape[0]} clusters."
            )
        if nc != np.asarray(k):
            warnings.warn("k was not an integer, was converted.", stacklevel=2)
        rs = _random_state(rng, seed, "kmeans2")
        exponent = range_exponent(data)  # extreme values: exactly rescaled
        data = scale_down(data, exponent)
        with kernel_threads(data.shape[0], nc, data.size // data.shape[0]):
            code_book = np.asarray(_INIT[minit](data, nc, rs), dtype=data.dtype)

    prepared = _Data.from_obs(_as_2d(data))
    code_book = _as_2d(code_book)
    with kernel_threads(prepared.X.shape[0], code_book.shape[0], prepared.X.shape[1]):
        for _ in range(iter):
            label, _, sums, counts = prepared.fit_step(code_book, "data")
            new_code_book, has_members = prepared.means(sums, counts)
            if not has_members.all():
                if missing == "raise":
                    raise ClusterError(_EMPTY_MESSAGE)
                warnings.warn(_EMPTY_MESSAGE, UserWarning, stacklevel=2)
                new_code_book[~has_members] = code_book[~has_members]  # keep its previous position
            code_book = new_code_book
    return scale_up(code_book[:, 0] if data.ndim == 1 else code_book, exponent, "a centroid", "data"), label


# ----------------------------------------------------------------------------------------------
# Inertia vs distortion: one table for the notebooks
# ----------------------------------------------------------------------------------------------

_COLUMNS = (
    ("method", "method", "{}"),
    ("k_found", "k", "{}"),
    ("inertia", "SSE (inertia)", "{:.6f}"),
    ("distortion", "distortion d\u0304", "{:.6f}"),
    ("var_d", "Var d", "{:.6f}"),
    ("identity", "N(d\u0304\u00b2+Var d)", "{:.6f}"),
    ("n_dbar_sq", "N d\u0304\u00b2", "{:.6f}"),
    ("runs", "restarts", "{}"),
    ("iterations", "iterations", "{}"),
)


class ObjectiveTable(list):
    """A list of dict rows (one per method) that prints as a small aligned table.

    Keys of each row: ``method``, ``k_found`` (number of centroids returned), ``inertia``
    (:math:`\\sum_i d_i^2`), ``distortion`` (:math:`\\bar d`), ``var_d``
    (:math:`\\frac1N\\sum_i(d_i-\\bar d)^2`), ``identity`` (:math:`N(\\bar d^2+\\operatorname{Var} d)`,
    equal to ``inertia`` up to rounding), ``n_dbar_sq`` (:math:`N\\bar d^2`, a lower bound of
    the SSE), ``runs`` (restarts), ``iterations`` (of the kept run; None where the library does not
    report it), ``reported`` (the objective value the library itself returned) and ``centers``.
    """

    def __str__(self):
        header = [title for _, title, _ in _COLUMNS]
        body = [["-" if row[key] is None else fmt.format(row[key]) for key, _, fmt in _COLUMNS] for row in self]
        widths = [max(len(r[c]) for r in [header, *body]) for c in range(len(header))]
        lines = ["  ".join(cell.rjust(w) for cell, w in zip(r, widths, strict=True)) for r in [header, *body]]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self):
        head = "".join(f"<th>{title}</th>" for _, title, _ in _COLUMNS)
        rows = "".join(
            "<tr>"
            + "".join(f"<td>{'-' if row[key] is None else fmt.format(row[key])}</td>" for key, _, fmt in _COLUMNS)
            + "</tr>"
            for row in self
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def score_centers(X, centers):
    r"""Both objectives of one set of centres: the SSE, :math:`\bar d`, :math:`\operatorname{Var} d`.

    Every observation is scored against its **nearest** centre (:func:`vq`), whatever labels the
    method that produced ``centers`` returned.

    Parameters
    ----------
    X : array-like of shape (N, p) or (N,)
    centers : array-like of shape (k, p) or (k,)

    Returns
    -------
    dict
        ``inertia`` (:math:`\sum_i d_i^2`), ``distortion`` (:math:`\bar d`), ``var_d``,
        ``identity`` (:math:`N(\bar d^2 + \operatorname{Var} d)`) and ``n_dbar_sq``
        (:math:`N\bar d^2`), all Python floats computed in float64.

    Examples
    --------
    >>> from kmeans_edu.vq import score_centers
    >>> s = score_centers([[0.0], [1.0], [3.0]], [[0.0]])
    >>> s["inertia"], s["distortion"], round(s["identity"], 12)
    (10.0, 1.3333333333333333, 10.0)
    """
    _, d = vq(X, centers)
    d = d.astype(np.float64)
    n = d.size
    mean_d = d.mean()
    var_d = np.mean((d - mean_d) ** 2)
    return {
        "inertia": float(np.dot(d, d)),
        "distortion": float(mean_d),
        "var_d": float(var_d),
        "identity": float(n * (mean_d**2 + var_d)),
        "n_dbar_sq": float(n * mean_d**2),
    }


def compare_objectives(X, k, *, random_state=0, kmeans_iter=20, kmeans2_iter=10, minit="++", include_ours=True):
    r"""Fit one dataset with scikit-learn and SciPy (and kmeans_edu) and score every result both ways.

    Parameters
    ----------
    X : array-like of shape (N, p)
    k : int
        Number of clusters.
    random_state : int, default=0
        ``random_state`` of the scikit-learn estimators, ``rng`` of the SciPy functions.
    kmeans_iter : int, default=20
        Restarts of :func:`kmeans` (its ``iter``).
    kmeans2_iter : int, default=10
        Iterations of :func:`kmeans2` (its ``iter``).
    minit : {'random', 'points', '++'}, default='++'
        Initialisation of :func:`kmeans2`.
    include_ours : bool, default=True
        Also fit :class:`kmeans_edu.KMeans` and this module's :func:`kmeans`/:func:`kmeans2`
        (same random numbers, so the same numbers as their twins).

    Returns
    -------
    ObjectiveTable
        One dict row per method (see :class:`ObjectiveTable`); prints as a table.

    Notes
    -----
    Each result is scored by :func:`score_centers`: :math:`d_i` is the distance of
    :math:`x_i` to its nearest returned centre, the SSE is :math:`\sum_i d_i^2` (scikit-learn's
    ``inertia_``), the distortion is :math:`\bar d` (SciPy's), and the column
    :math:`N(\bar d^2+\operatorname{Var} d)` reproduces the SSE exactly (up to rounding). SciPy
    <= 1.17's ``kmeans`` *reports* a distortion that belongs to the previous code book; the
    ``reported`` key keeps what each library returned.

    Examples
    --------
    >>> import numpy as np
    >>> from kmeans_edu.vq import compare_objectives
    >>> X = np.random.default_rng(0).normal(size=(60, 2))
    >>> table = compare_objectives(X, 3, include_ours=False)
    >>> [row["method"] for row in table]
    ['sklearn KMeans', 'scipy kmeans', 'scipy kmeans2']
    >>> all(abs(r["inertia"] - r["identity"]) <= 1e-9 * r["inertia"] for r in table)
    True
    """
    X = as_float_array(X)
    if minit not in ("random", "points", "++"):
        raise ValueError(f"minit must be 'random', 'points' or '++' for compare_objectives; got {minit!r}.")
    rows = ObjectiveTable()
    with _small_problem_threads(X.shape[0], k, X.shape[1]):
        _fit_all(X, k, rows, random_state, kmeans_iter, kmeans2_iter, minit, include_ours)
    return rows


@contextmanager
def _small_problem_threads(n_samples, n_clusters, n_features):
    """Every thread pool (scikit-learn's OpenMP, BLAS, Numba) on one thread for small problems,
    the rule of :func:`kmeans_edu.steps.kernel_threads` extended to the peers compared here."""
    if not is_small_problem(n_samples, n_clusters, n_features):
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1), single_thread():
        yield


def _fit_all(X, k, rows, random_state, kmeans_iter, kmeans2_iter, minit, include_ours):
    import scipy.cluster.vq as scipy_vq
    from sklearn.cluster import KMeans as SKKMeans

    def add(method, centers, reported, runs, iterations):
        centers = np.asarray(centers)
        rows.append(
            {
                "method": method,
                "k_found": int(centers.shape[0]),
                **score_centers(X, centers),
                "runs": runs,
                "iterations": iterations,
                "reported": float(reported),
                "centers": centers,
            }
        )

    sk = SKKMeans(n_clusters=k, random_state=random_state, n_init="auto").fit(X)
    add("sklearn KMeans", sk.cluster_centers_, sk.inertia_, 1, int(sk.n_iter_))
    if include_ours:
        from .estimator import KMeans

        ours = KMeans(n_clusters=k, random_state=random_state).fit(X)
        add("kmeans_edu KMeans", ours.cluster_centers_, ours.inertia_, 1, int(ours.n_iter_))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # empty-cluster warnings of kmeans2
        book, dist = scipy_vq.kmeans(X, k, iter=kmeans_iter, rng=random_state)
        add("scipy kmeans", book, dist, kmeans_iter, None)
        if include_ours:
            book, dist, n_iter = _kmeans(X, k, kmeans_iter, 1e-5, True, random_state, None)
            add("kmeans_edu kmeans", book, dist, kmeans_iter, n_iter)
        centroid, _ = scipy_vq.kmeans2(X, k, iter=kmeans2_iter, minit=minit, rng=random_state)
        add("scipy kmeans2", centroid, np.nan, 1, kmeans2_iter)
        if include_ours:
            centroid, _ = kmeans2(X, k, iter=kmeans2_iter, minit=minit, rng=random_state)
            add("kmeans_edu kmeans2", centroid, np.nan, 1, kmeans2_iter)
