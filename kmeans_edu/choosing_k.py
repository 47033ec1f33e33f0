r"""Choosing the number of clusters K: SSE sweep, elbow (Kneedle), silhouette, Calinski-Harabasz.

K-means needs K in advance. The SSE it minimises,

.. math:: \mathrm{SSE}(K) = \sum_{j=1}^{K}\sum_{x_i\in C_j}\lVert x_i-\mu_j\rVert_2^2,

falls as K grows, so K cannot be chosen by minimising it. Precisely: the *optimal* SSE (the global
minimum for each K) never increases with K, because a best K-partition can always be split once more;
one run of Lloyd's algorithm stops at a local optimum, so a sweep of single runs can rise from one K to
the next (several restarts per K, ``n_init``, make that rare). The optimal SSE is 0 at K = n only when
the n points are distinct; with repeated points it is already 0 at K = number of distinct points.
The *elbow* method looks for the K after which adding clusters stops paying off; this module
finds it automatically with Kneedle (:func:`find_knee`). The *silhouette* and the
*Calinski-Harabasz* index score a clustering on its own and are maximised over K. The criteria
often disagree; :func:`k_report` puts them side by side and says so.

The article's sentence about the elbow, "so it is not allowed to do this in practice", is a
mistranslation: it means that the elbow is often ambiguous, so it should not be trusted alone.
"""

from dataclasses import dataclass, field
from numbers import Integral, Real

import numpy as np
from sklearn.metrics import calinski_harabasz_score, silhouette_score

from ._validation import as_float_array
from .estimator import KMeans
from .metrics import check_metric

CURVES = ("convex", "concave")
DIRECTIONS = ("decreasing", "increasing")


# --------------------------------------------------------------------------------------------
# Kneedle
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Knee:
    """What :func:`find_knee` returns.

    Attributes
    ----------
    knee : float or None
        The x value (K) of the knee, or None when there is none.
    knee_y : float or None
        The curve's value at the knee.
    index : int or None
        Position of the knee in the input arrays.
    reason : str
        Why this knee was chosen, or why there is none.
    all_knees : tuple of float
        Every x at which Kneedle declares a knee (the first one is ``knee``).
    x_normalized, difference : ndarray
        The normalised x and the difference curve :math:`y_d = y' - x'` (in the input order),
        for plotting.
    threshold : ndarray
        The Kneedle threshold :math:`T` of every local maximum of the difference curve
        (NaN elsewhere).
    """

    knee: float | None
    knee_y: float | None
    index: int | None
    reason: str
    all_knees: tuple = ()
    x_normalized: np.ndarray = field(default=None, repr=False)
    difference: np.ndarray = field(default=None, repr=False)
    threshold: np.ndarray = field(default=None, repr=False)

    def __bool__(self):
        return self.knee is not None


def _check_curve(x, y):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.ndim != 1 or y.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"ks and values must be 1-D of the same length; got shapes {x.shape} and {y.shape}.")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("ks and values must be finite (no NaN or inf).")
    if x.size > 1 and not (np.diff(x) > 0).all():
        raise ValueError("ks must be strictly increasing.")
    return x, y


def find_knee(ks, values, *, S=1.0, curve="convex", direction="decreasing"):
    r"""Find the knee (elbow) of a curve with Kneedle (Satopää et al., 2011).

    The steps, on points :math:`(x_i, y_i)` sorted by x:

    1. **normalise** both axes to [0, 1]:
       :math:`x'_i=(x_i-\min x)/(\max x-\min x)`, the same for y;
    2. **turn the curve into a concave, increasing one** by reflections: for the SSE curve
       (convex, decreasing) :math:`y' \leftarrow 1-y'`; for concave decreasing
       :math:`x' \leftarrow 1-x'`; for convex increasing both;
    3. **difference curve** :math:`y_d = y' - x'` (rounded to 12 decimals): how far the curve
       rises above the diagonal from its first to its last point. A knee is where the curve is
       far above the diagonal;
    4. **local maxima** of :math:`y_d` (interior points with :math:`y_{d,i-1} < y_{d,i} \ge
       y_{d,i+1}`) are the candidates;
    5. **threshold**: for a local maximum at i,
       :math:`T_i = y_{d,i} - S\cdot\frac{1}{n-1}\sum_{j}(x'_{j+1}-x'_j)`. It is a knee if the
       difference curve drops below :math:`T_i` before the next local maximum. A larger
       sensitivity ``S`` asks for a sharper knee.

    Parameters
    ----------
    ks : array-like of shape (n,)
        Strictly increasing x values (the numbers of clusters).
    values : array-like of shape (n,)
        The curve (e.g. the SSE for each K).
    S : float, default=1.0
        Sensitivity, >= 0. 0 accepts every local maximum; large values find no knee.
    curve : {'convex', 'concave'}, default='convex'
    direction : {'decreasing', 'increasing'}, default='decreasing'
        Shape of the curve. SSE vs K is convex and decreasing.

    Returns
    -------
    Knee
        ``knee`` is the x of the first knee, or None; ``reason`` says why. ``bool(result)``
        is True when a knee was found.

    Notes
    -----
    This is the offline Kneedle without smoothing: the curve's own points are used, and the
    first knee is returned (the ``kneed`` package's default behaviour). A straight line has a
    difference curve that is zero everywhere, so it has no knee.

    References
    ----------
    V. Satopää, J. Albrecht, D. Irwin, B. Raghavan, "Finding a 'Kneedle' in a Haystack:
    Detecting Knee Points in System Behavior", ICDCS Workshops 2011.

    Examples
    --------
    >>> find_knee([1, 2, 3, 4, 5, 6], [100, 40, 10, 8, 6, 4]).knee
    3.0
    >>> find_knee([1, 2, 3, 4], [4, 3, 2, 1]).reason
    'no knee: the difference curve has no local maximum (the curve is a straight line or bends the other way)'
    """
    x, y = _check_curve(ks, values)
    if not isinstance(S, Real) or isinstance(S, bool) or not np.isfinite(S) or S < 0:
        raise ValueError(f"S must be a finite number >= 0; got {S!r}.")
    if curve not in CURVES:
        raise ValueError(f"curve must be one of {CURVES}; got {curve!r}.")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}; got {direction!r}.")
    n = x.size
    nan = np.full(n, np.nan)
    if n < 3:
        return Knee(None, None, None, f"no knee: need at least 3 points, got {n}", (), nan, nan, nan)
    if np.ptp(y) == 0:
        return Knee(None, None, None, "no knee: the curve is flat (all values are equal)", (), nan, nan, nan)

    # 1. normalise
    xn = (x - x.min()) / np.ptp(x)
    yn = (y - y.min()) / np.ptp(y)
    # 2. reflect into a concave increasing curve
    flip_x = (curve == "concave") == (direction == "decreasing")
    flip_y = curve == "convex"
    xt = 1.0 - xn if flip_x else xn
    yt = 1.0 - yn if flip_y else yn
    # 3. the difference curve, walked in increasing x' (reversed input order when x is flipped)
    # Rounded to 12 decimals so that rounding errors on a straight line make no maxima.
    diff = np.round(yt - xt, 12)
    order = np.arange(n)[::-1] if flip_x else np.arange(n)
    d = diff[order]
    # 4. local maxima
    maxima = [i for i in range(1, n - 1) if d[i - 1] < d[i] >= d[i + 1]]
    threshold = np.full(n, np.nan)
    if not maxima:
        reason = (
            "no knee: the difference curve has no local maximum (the curve is a straight line or bends the other way)"
        )
        return Knee(None, None, None, reason, (), xn, diff, threshold)
    # 5. thresholds; a maximum is a knee if d falls below its threshold before the next maximum
    step = np.mean(np.diff(xt[order]))
    knees = []
    for m, i in enumerate(maxima):
        t = d[i] - S * step
        threshold[order[i]] = t
        stop = maxima[m + 1] if m + 1 < len(maxima) else n
        if (d[i + 1 : stop] < t).any():
            knees.append(int(order[i]))
    if not knees:
        reason = (
            f"no knee: after each local maximum the difference curve stays above its threshold "
            f"(sensitivity S={S:g} is too strict for this curve)"
        )
        return Knee(None, None, None, reason, (), xn, diff, threshold)
    if flip_x:  # walked from the right: the first knee in x is the last one found
        knees = knees[::-1]
    first = knees[0]
    reason = (
        f"knee at x={x[first]:g}: the first local maximum of the difference curve that is followed by a drop "
        f"below its threshold (S={S:g})"
    )
    return Knee(float(x[first]), float(y[first]), first, reason, tuple(float(x[i]) for i in knees), xn, diff, threshold)


# --------------------------------------------------------------------------------------------
# Sweeps over K
# --------------------------------------------------------------------------------------------


def _check_ks(ks, n_samples, minimum=1):
    ks_arr = np.asarray(ks)
    if ks_arr.ndim != 1 or ks_arr.size == 0:
        raise ValueError(f"ks must be a non-empty 1-D sequence of integers; got {ks!r}.")
    if not all(isinstance(k, Integral | np.integer) and not isinstance(k, bool) for k in ks_arr.tolist()):
        raise TypeError(f"ks must hold integers; got {ks!r}.")
    ks_list = [int(k) for k in ks_arr]
    if any(b <= a for a, b in zip(ks_list, ks_list[1:], strict=False)):
        raise ValueError(f"ks must be strictly increasing; got {ks_list}.")
    if ks_list[0] < minimum:
        raise ValueError(f"ks must be >= {minimum} here; got {ks_list[0]}.")
    if ks_list[-1] > n_samples:
        raise ValueError(f"ks must be <= n_samples={n_samples}; got {ks_list[-1]}.")
    return ks_list


def _check_X(X):
    X = as_float_array(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features); got shape {X.shape}.")
    return X


def fit_sweep(X, ks, *, random_state=0, n_init=10, metric="euclidean"):
    """Fit :class:`kmeans_edu.KMeans` once for every K in ``ks``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    ks : sequence of int
        Strictly increasing numbers of clusters, each between 1 and n_samples.
    random_state : int, default=0
        Seed of every fit (the same seed for each K, so the sweep is reproducible).
    n_init : int or 'auto', default=10
        Runs per K. Several runs make the curve smooth: one unlucky local optimum would
        put a bump into the SSE curve and move its elbow.
    metric : {'euclidean', 'manhattan', 'cosine'}, default='euclidean'

    Returns
    -------
    list of KMeans
        The fitted estimators, in the order of ``ks``.
    """
    X = _check_X(X)
    check_metric(metric)
    ks = _check_ks(ks, X.shape[0])
    return [KMeans(k, n_init=n_init, random_state=random_state, metric=metric).fit(X) for k in ks]


def sse_sweep(X, ks, *, random_state=0, n_init=10, metric="euclidean"):
    r"""The k-means objective for each K: the SSE curve of the elbow method.

    For ``metric='euclidean'`` this is the SSE (scikit-learn's ``inertia_``),
    :math:`\sum_i \lVert x_i-\mu_{c_i}\rVert_2^2`; for the other metrics, the sum of that
    metric's distances (see :mod:`kmeans_edu.metrics`).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    ks : sequence of int
        Strictly increasing numbers of clusters, each between 1 and n_samples.
    random_state : int, default=0
    n_init : int or 'auto', default=10
    metric : {'euclidean', 'manhattan', 'cosine'}, default='euclidean'

    Returns
    -------
    ndarray of shape (len(ks),), float64

    See Also
    --------
    find_knee : locate the elbow of this curve.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> X, _ = make_blobs(200, centers=3, random_state=0)
    >>> sse = sse_sweep(X, range(1, 7))
    >>> bool((sse[:-1] >= sse[1:]).all()), find_knee(range(1, 7), sse).knee
    (True, 3.0)
    """
    return np.array([km.inertia_ for km in fit_sweep(X, ks, random_state=random_state, n_init=n_init, metric=metric)])


def _score_sweep(score, X, ks, random_state, n_init, name):
    X = _check_X(X)
    ks = _check_ks(ks, X.shape[0], minimum=2)
    if ks[-1] > X.shape[0] - 1:
        raise ValueError(f"the {name} needs 2 <= k <= n_samples - 1 = {X.shape[0] - 1}; got ks up to {ks[-1]}.")
    models = fit_sweep(X, ks, random_state=random_state, n_init=n_init)
    return np.array([score(X, km.labels_) for km in models])


def silhouette_sweep(X, ks, *, random_state=0, n_init=10):
    r"""Mean silhouette coefficient of the k-means clustering for each K (higher is better).

    For a point i with mean distance :math:`a_i` to its own cluster and mean distance
    :math:`b_i` to the nearest other cluster, :math:`s_i = (b_i-a_i)/\max(a_i, b_i)\in[-1,1]`;
    the score is the mean of :math:`s_i` (``sklearn.metrics.silhouette_score``).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    ks : sequence of int
        Strictly increasing, each between 2 and n_samples - 1 (one cluster has no silhouette).
    random_state : int, default=0
    n_init : int or 'auto', default=10

    Returns
    -------
    ndarray of shape (len(ks),)
    """
    return _score_sweep(silhouette_score, X, ks, random_state, n_init, "silhouette")


def calinski_harabasz_sweep(X, ks, *, random_state=0, n_init=10):
    r"""Calinski-Harabasz index of the k-means clustering for each K (higher is better).

    :math:`\mathrm{CH} = \frac{B/(K-1)}{W/(n-K)}` with W the SSE and B the between-cluster
    sum of squares (``sklearn.metrics.calinski_harabasz_score``).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    ks : sequence of int
        Strictly increasing, each between 2 and n_samples - 1.
    random_state : int, default=0
    n_init : int or 'auto', default=10

    Returns
    -------
    ndarray of shape (len(ks),)
    """
    return _score_sweep(calinski_harabasz_score, X, ks, random_state, n_init, "Calinski-Harabasz index")


# --------------------------------------------------------------------------------------------
# One report, three criteria
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KReport:
    """What :func:`k_report` returns: three ways to choose K, and whether they agree.

    Attributes
    ----------
    ks : ndarray of int
    sse : ndarray
        SSE (inertia) for each K.
    knee : Knee
        The elbow of the SSE curve (``knee.knee`` is None if there is none).
    silhouette, calinski_harabasz : ndarray
        Scores for each K (NaN where K = 1, which they cannot score).
    k_elbow, k_silhouette, k_calinski_harabasz : int or None
        The K each criterion picks.
    """

    ks: np.ndarray
    sse: np.ndarray
    knee: Knee
    silhouette: np.ndarray
    calinski_harabasz: np.ndarray
    k_elbow: int | None
    k_silhouette: int | None
    k_calinski_harabasz: int | None

    @property
    def choices(self):
        """``{criterion: K}`` for the criteria that picked a K."""
        picks = {"elbow": self.k_elbow, "silhouette": self.k_silhouette, "calinski_harabasz": self.k_calinski_harabasz}
        return {name: k for name, k in picks.items() if k is not None}

    @property
    def agree(self):
        """True when every criterion picked a K and all picked the same one."""
        return len(self.choices) == 3 and len(set(self.choices.values())) == 1

    def summary(self):
        """A few lines of text: the K of each criterion, and whether they disagree."""
        elbow = f"K = {self.k_elbow}" if self.k_elbow is not None else self.knee.reason
        lines = [
            f"elbow (Kneedle on SSE):   {elbow}",
            f"best silhouette:          K = {self.k_silhouette}",
            f"best Calinski-Harabasz:   K = {self.k_calinski_harabasz}",
        ]
        if self.agree:
            lines.append(f"All three criteria agree: K = {self.k_elbow}.")
        else:
            lines.append("The criteria DISAGREE: look at the data and at the curves before choosing K.")
        return "\n".join(lines)

    def __str__(self):
        return self.summary()


def _argmax_k(ks, scores):
    if np.isnan(scores).all():
        return None
    return int(ks[int(np.nanargmax(scores))])


def k_report(X, ks=range(1, 11), *, random_state=0, n_init=10, S=1.0):
    """Elbow, silhouette and Calinski-Harabasz from one sweep of fits, and whether they agree.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    ks : sequence of int, default=range(1, 11)
        Strictly increasing, each between 1 and n_samples - 1.
    random_state : int, default=0
    n_init : int or 'auto', default=10
    S : float, default=1.0
        Kneedle sensitivity (see :func:`find_knee`).

    Returns
    -------
    KReport
    """
    X = _check_X(X)
    ks_list = _check_ks(ks, X.shape[0])
    if ks_list[-1] > X.shape[0] - 1:
        raise ValueError(f"ks must be <= n_samples - 1 = {X.shape[0] - 1}; got {ks_list[-1]}.")
    models = fit_sweep(X, ks_list, random_state=random_state, n_init=n_init)
    ks_arr = np.array(ks_list)
    sse = np.array([km.inertia_ for km in models])
    knee = find_knee(ks_arr, sse, S=S)
    sil = np.array([silhouette_score(X, km.labels_) if km.n_clusters > 1 else np.nan for km in models])
    ch = np.array([calinski_harabasz_score(X, km.labels_) if km.n_clusters > 1 else np.nan for km in models])
    return KReport(
        ks=ks_arr,
        sse=sse,
        knee=knee,
        silhouette=sil,
        calinski_harabasz=ch,
        k_elbow=None if knee.knee is None else int(knee.knee),
        k_silhouette=_argmax_k(ks_arr, sil),
        k_calinski_harabasz=_argmax_k(ks_arr, ch),
    )
