r"""Choosing the number of clusters K: SSE sweep, elbow (Kneedle), silhouette, Calinski-Harabasz,
Davies-Bouldin and the gap statistic.

K-means needs K in advance. The SSE it minimises,

.. math:: \mathrm{SSE}(K) = \sum_{j=1}^{K}\sum_{x_i\in C_j}\lVert x_i-\mu_j\rVert_2^2,

falls as K grows, so K cannot be chosen by minimising it. Precisely: the *optimal* SSE (the global
minimum for each K) never increases with K, because a best K-partition can always be split once more;
one run of Lloyd's algorithm stops at a local optimum, so a sweep of single runs can rise from one K to
the next (several restarts per K, ``n_init``, make that rare). With n distinct points the optimal SSE
reaches 0 at K = n and not before; with repeated points it is already 0 at K = the number of distinct
points.
The *elbow* method looks for the K after which adding clusters stops paying off; this module
finds it automatically with Kneedle (:func:`find_knee`). The *silhouette* and the
*Calinski-Harabasz* index score a clustering on its own and are maximised over K; the
*Davies-Bouldin* index is minimised. :func:`silhouette_diagram` shows the silhouette of every
point, cluster by cluster. The *gap statistic* (:func:`gap_statistic`) compares the SSE with that of
data without clusters. The criteria often disagree; :func:`k_report` puts them side by side and
says so.

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
from .plots import PALETTE, label_axes

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
    :math:`\sum_i \lVert x_i-\mu_{c_i}\rVert_2^2`; for ``'manhattan'`` the sum of the
    (not squared) Manhattan distances, for ``'cosine'`` the sum of the cosine distances
    (see :mod:`kmeans_edu.metrics`). Each value is the best of ``n_init`` runs: the best
    possible SSE never increases with K, but one run stops at a local optimum, so with few
    runs the curve can rise from one K to the next.

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
    return np.array([score(X, _score_labels(km, name)) for km in models])


def _score_labels(km, name):
    """``km.labels_``, or a clear error when the fit found fewer than 2 clusters (duplicate points):
    the score is undefined then, and scikit-learn's message ("Number of labels is 1") does not say why."""
    found = np.unique(km.labels_).size
    if found < 2:
        raise ValueError(
            f"X has too few distinct points: KMeans with k={km.n_clusters} found {found} cluster, and the {name} "
            "needs at least 2. Remove duplicate points, or use fewer clusters than distinct points."
        )
    return km.labels_


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


def _check_labels(X, labels):
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.shape[0] != X.shape[0]:
        raise ValueError(f"labels must be 1-D with one label per row of X ({X.shape[0]}); got shape {labels.shape}.")
    if labels.size and labels.dtype.kind not in "iu":
        raise TypeError(f"labels must be integers; got dtype {labels.dtype}.")
    clusters, inverse = np.unique(labels, return_inverse=True)
    if not 2 <= clusters.size <= X.shape[0] - 1:
        raise ValueError(
            f"labels must name between 2 and n_samples - 1 = {X.shape[0] - 1} clusters; got {clusters.size}."
        )
    return clusters, inverse


def davies_bouldin_index(X, labels):
    r"""Davies-Bouldin index of a clustering (lower is better; 0 is the best).

    With :math:`\mu_j` the centroid of cluster j and :math:`S_j` the mean Euclidean (not squared)
    distance of its points to :math:`\mu_j`,

    .. math:: \mathrm{DB} = \frac{1}{K}\sum_{i=1}^{K}\max_{j\ne i}\frac{S_i+S_j}{\lVert\mu_i-\mu_j\rVert_2}.

    Each cluster is compared with its worst neighbour: the one that is close and wide at the same
    time. Written in NumPy here; it equals ``sklearn.metrics.davies_bouldin_score``, including its
    conventions: 0 when every :math:`S_j` is 0 or all centroids coincide, and a pair of
    coinciding centroids is skipped.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of int, shape (n_samples,)
        Between 2 and n_samples - 1 distinct labels.

    Returns
    -------
    float

    References
    ----------
    D. L. Davies, D. W. Bouldin, "A Cluster Separation Measure", IEEE TPAMI 1(2), 1979.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 0], [0, 2], [10, 0], [10, 2]])
    >>> davies_bouldin_index(X, [0, 0, 1, 1])   # S = 1 and 1, centroids 10 apart: (1 + 1) / 10
    0.2
    """
    X = _check_X(X).astype(np.float64, copy=False)
    clusters, inverse = _check_labels(X, labels)
    k = clusters.size
    centroids = np.stack([X[inverse == j].mean(axis=0) for j in range(k)])
    spread = np.array([np.linalg.norm(X[inverse == j] - centroids[j], axis=1).mean() for j in range(k)])
    between = np.linalg.norm(centroids[:, None, :] - centroids[None, :, :], axis=2)
    if np.allclose(spread, 0) or np.allclose(between, 0):
        return 0.0
    between[between == 0] = np.inf  # the diagonal, and coinciding centroids
    ratios = (spread[:, None] + spread[None, :]) / between
    return float(ratios.max(axis=1).mean())


def davies_bouldin_sweep(X, ks, *, random_state=0, n_init=10):
    r"""Davies-Bouldin index of the k-means clustering for each K (LOWER is better).

    See :func:`davies_bouldin_index` for the formula.

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
    return _score_sweep(davies_bouldin_index, X, ks, random_state, n_init, "Davies-Bouldin index")


# --------------------------------------------------------------------------------------------
# The silhouette of every point
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SilhouetteDiagram:
    """What :func:`silhouette_diagram` returns: the silhouette of every point, and how to draw it.

    Attributes
    ----------
    labels : ndarray of int, shape (n,)
        The cluster of every point.
    a, b : ndarray of shape (n,)
        Mean distance to the other points of its own cluster, and to the points of the nearest
        other cluster.
    values : ndarray of shape (n,)
        :math:`s_i = (b_i - a_i)/\\max(a_i, b_i)`; 0 for a point alone in its cluster.
    clusters : ndarray of int
        The distinct labels, in increasing order.
    cluster_means : ndarray of shape (n_clusters,)
        Mean silhouette of each cluster.
    mean : float
        Mean silhouette of all points (``sklearn.metrics.silhouette_score``).
    order : ndarray of int, shape (n,)
        Indices of the points in drawing order: by cluster, and inside a cluster from the largest
        silhouette to the smallest.
    """

    labels: np.ndarray
    a: np.ndarray
    b: np.ndarray
    values: np.ndarray
    clusters: np.ndarray
    cluster_means: np.ndarray
    mean: float
    order: np.ndarray

    @property
    def n_negative(self):
        """How many points are closer, on average, to another cluster than to their own."""
        return int((self.values < 0).sum())


def silhouette_diagram(X, labels, *, chunk_size=512):
    r"""The silhouette of every point (Rousseeuw 1987), for the per-point silhouette diagram.

    For point i in cluster :math:`C`, with Euclidean distances d:

    * :math:`a_i = \frac{1}{|C|-1}\sum_{j\in C, j\ne i} d(x_i, x_j)`, how far it is from its own cluster;
    * :math:`b_i = \min_{C'\ne C}\frac{1}{|C'|}\sum_{j\in C'} d(x_i, x_j)`, how far from the nearest other one;
    * :math:`s_i = (b_i-a_i)/\max(a_i, b_i) \in [-1, 1]`, and :math:`s_i = 0` if i is alone in its cluster.

    A negative :math:`s_i` means the point is on average closer to another cluster. The mean of
    :math:`s_i` is the silhouette score; the diagram shows what the mean hides: thin clusters,
    clusters below the mean, and misplaced points. The distances are computed ``chunk_size`` rows
    at a time (no n x n matrix). Equal to ``sklearn.metrics.silhouette_samples``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of int, shape (n_samples,)
        Between 2 and n_samples - 1 distinct labels (e.g. ``KMeans(k).fit(X).labels_``).
    chunk_size : int, default=512

    Returns
    -------
    SilhouetteDiagram
        Draw it with :func:`plot_silhouette_diagram`.

    References
    ----------
    P. J. Rousseeuw, "Silhouettes: a graphical aid to the interpretation and validation of cluster
    analysis", J. Comput. Appl. Math. 20, 1987.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [1.0], [10.0], [12.0]])
    >>> d = silhouette_diagram(X, [0, 0, 1, 1])
    >>> d.a, d.b   # point 0: 1 from its partner, (10 + 12) / 2 = 11 from the other cluster
    (array([1., 1., 2., 2.]), array([11. , 10. ,  9.5, 11.5]))
    >>> d.values.round(3)   # (b - a) / max(a, b): (11 - 1) / 11 for point 0
    array([0.909, 0.9  , 0.789, 0.826])
    """
    from scipy.spatial.distance import cdist

    X = _check_X(X).astype(np.float64, copy=False)
    clusters, inverse = _check_labels(X, labels)
    if not isinstance(chunk_size, Integral) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer; got {chunk_size!r}.")
    n, k = X.shape[0], clusters.size
    sizes = np.bincount(inverse, minlength=k).astype(np.float64)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), inverse] = 1.0
    # sum of the distances from every point to every cluster, chunk by chunk
    to_cluster = np.empty((n, k))
    for start in range(0, n, chunk_size):
        stop = min(start + chunk_size, n)
        to_cluster[start:stop] = cdist(X[start:stop], X) @ onehot
    rows = np.arange(n)
    own = sizes[inverse]
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(own > 1, to_cluster[rows, inverse] / (own - 1), 0.0)
    mean_to = to_cluster / sizes
    mean_to[rows, inverse] = np.inf
    b = mean_to.min(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where((own > 1) & (np.maximum(a, b) > 0), (b - a) / np.maximum(a, b), 0.0)
    cluster_means = np.array([values[inverse == j].mean() for j in range(k)])
    order = np.lexsort((-values, inverse))
    return SilhouetteDiagram(
        labels=clusters[inverse],
        a=a,
        b=b,
        values=values,
        clusters=clusters,
        cluster_means=cluster_means,
        mean=float(values.mean()),
        order=order,
    )


def plot_silhouette_diagram(ax, diagram, *, gap=4, title=None):
    """Draw the per-point silhouette diagram: one horizontal bar per point, grouped by cluster.

    As in scikit-learn's gallery example: inside each cluster the bars are sorted from the largest
    silhouette to the smallest, the cluster is labelled at its left, and a dashed line marks the
    mean silhouette. Bars left of 0 are points closer to another cluster.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    diagram : SilhouetteDiagram
        From :func:`silhouette_diagram`.
    gap : int, default=4
        Empty rows between two clusters.
    title : str, default=None
        Default: "Silhouette of every point (K = ..., mean = ...)".

    Returns
    -------
    list of matplotlib.container.BarContainer
        One per cluster, in the order of ``diagram.clusters``.
    """
    if not isinstance(diagram, SilhouetteDiagram):
        raise TypeError(f"diagram must be a SilhouetteDiagram (from silhouette_diagram); got {type(diagram).__name__}.")
    bars = []
    y = 0
    for j, cluster in enumerate(diagram.clusters):
        members = diagram.order[diagram.labels[diagram.order] == cluster]
        ys = y + np.arange(members.size)
        bars.append(ax.barh(ys, diagram.values[members], height=1.0, color=PALETTE[j % len(PALETTE)], linewidth=0))
        ax.text(-0.05, y + members.size / 2, str(cluster), ha="right", va="center")
        y += members.size + gap
    ax.axvline(diagram.mean, color="black", linestyle="--", linewidth=1, label=f"mean = {diagram.mean:.3f}")
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_xlim(min(-0.1, float(diagram.values.min()) - 0.05), 1.0)
    ax.set_ylim(-gap, y)
    ax.set_yticks([])
    ax.legend(loc="lower right")
    if title is None:
        title = f"Silhouette of every point (K = {diagram.clusters.size}, mean = {diagram.mean:.3f})"
    label_axes(ax, title, xlabel="silhouette coefficient $s_i$", ylabel="points, grouped by cluster")
    return bars


# --------------------------------------------------------------------------------------------
# The gap statistic
# --------------------------------------------------------------------------------------------

GAP_REFERENCES = ("box", "pca")


def gap_reference(X, n_refs=10, *, reference="box", random_state=0):
    """The reference data sets of the gap statistic: data with no clusters, the shape of X.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_refs : int, default=10
        How many data sets (B in the paper).
    reference : {'box', 'pca'}, default='box'
        'box': each feature uniform over its range in X (the bounding box). 'pca': uniform over
        the box aligned with the principal components of X, then rotated back (Tibshirani et al.'s
        second choice, which follows the shape of elongated data).
    random_state : int, default=0
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    ndarray of shape (n_refs, n_samples, n_features), float64
    """
    X = _check_X(X).astype(np.float64, copy=False)
    if not isinstance(n_refs, Integral) or isinstance(n_refs, bool) or n_refs < 2:
        raise ValueError(f"n_refs must be an integer >= 2 (a standard deviation needs two); got {n_refs!r}.")
    if reference not in GAP_REFERENCES:
        raise ValueError(f"reference must be one of {GAP_REFERENCES}; got {reference!r}.")
    if not isinstance(random_state, Integral) or isinstance(random_state, bool):
        raise TypeError(f"random_state must be an integer seed; got {random_state!r}.")
    rng = np.random.default_rng(random_state)
    if reference == "box":
        lo, hi = X.min(axis=0), X.max(axis=0)
        return rng.uniform(lo, hi, size=(n_refs, *X.shape))
    mean = X.mean(axis=0)
    _, _, vt = np.linalg.svd(X - mean, full_matrices=False)
    rotated = (X - mean) @ vt.T
    lo, hi = rotated.min(axis=0), rotated.max(axis=0)
    return rng.uniform(lo, hi, size=(n_refs, X.shape[0], lo.size)) @ vt + mean


def gap_rule(ks, gap, s):
    r"""The standard-error rule of the gap statistic: the smallest K with Gap(K) >= Gap(K+1) - s(K+1).

    In the paper's notation, :math:`\mathrm{Gap}(K)\ge\mathrm{Gap}(K+1)-s_{K+1}`.

    Parameters
    ----------
    ks : array-like of int
        Consecutive numbers of clusters (K + 1 must follow K).
    gap, s : array-like of shape (len(ks),)
        Gap(K) and its standard error :math:`s_K`.

    Returns
    -------
    int or None
        None when no K of the sweep (but the last, which has no K + 1) passes the test.

    Examples
    --------
    >>> gap_rule([1, 2, 3, 4], [0.1, 0.5, 0.55, 0.6], [0.02, 0.02, 0.1, 0.1])
    2
    """
    ks = np.asarray(ks)
    gap = np.asarray(gap, dtype=np.float64)
    s = np.asarray(s, dtype=np.float64)
    if not (ks.ndim == gap.ndim == s.ndim == 1 and ks.shape == gap.shape == s.shape):
        raise ValueError(f"ks, gap and s must be 1-D of the same length; got {ks.shape}, {gap.shape}, {s.shape}.")
    if ks.size > 1 and not (np.diff(ks) == 1).all():
        raise ValueError(f"ks must be consecutive integers (the rule compares K with K + 1); got {ks.tolist()}.")
    for i in range(ks.size - 1):
        if gap[i] >= gap[i + 1] - s[i + 1]:
            return int(ks[i])
    return None


@dataclass(frozen=True)
class GapResult:
    r"""What :func:`gap_statistic` returns.

    Attributes
    ----------
    ks : ndarray of int
    log_w : ndarray of shape (len(ks),)
        :math:`\log W_K` of the data (W_K is the k-means SSE).
    ref_log_w : ndarray of shape (n_refs, len(ks))
        :math:`\log W^*_{Kb}` of every reference data set.
    gap : ndarray
        :math:`\mathrm{Gap}(K) = \frac{1}{B}\sum_b \log W^*_{Kb} - \log W_K`.
    sd, s : ndarray
        The standard deviation of :math:`\log W^*_{Kb}` over b (dividing by B, as in the paper)
        and the standard error :math:`s_K = \mathrm{sd}_K\sqrt{1+1/B}`.
    k : int or None
        The K of the standard-error rule (:func:`gap_rule`).
    reference : str
    """

    ks: np.ndarray
    log_w: np.ndarray
    ref_log_w: np.ndarray
    gap: np.ndarray
    sd: np.ndarray
    s: np.ndarray
    k: int | None
    reference: str


def gap_statistic(X, ks=range(1, 11), *, n_refs=10, reference="box", random_state=0, n_init=10):
    r"""The gap statistic (Tibshirani, Walther & Hastie, 2001) and the K of its standard-error rule.

    1. Cluster X for each K; :math:`W_K` is the pooled within-cluster sum of squares, i.e. the SSE.
    2. Draw B reference data sets with no clusters (:func:`gap_reference`) and cluster each of them
       the same way: :math:`W^*_{Kb}`.
    3. :math:`\mathrm{Gap}(K) = \frac{1}{B}\sum_b\log W^*_{Kb} - \log W_K`: how much tighter the
       clusters of X are than those of structureless data. :math:`\mathrm{sd}_K` is the standard
       deviation of :math:`\log W^*_{Kb}` and :math:`s_K = \mathrm{sd}_K\sqrt{1+1/B}`.
    4. Choose the smallest K with :math:`\mathrm{Gap}(K) \ge \mathrm{Gap}(K+1) - s_{K+1}`.

    Unlike the silhouette, the gap can choose K = 1 ("no clusters"). The rule takes the *smallest*
    K that passes, so it can stop early: on three equally spaced groups, K = 2 is no tighter than
    K = 1 relative to the reference, and the rule picks 1 although Gap(3) is by far the largest.
    Look at the curve (:func:`plot_gap`), not only at the K.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    ks : sequence of int, default=range(1, 11)
        Consecutive, each between 1 and n_samples.
    n_refs : int, default=10
        B, the number of reference data sets (the cost is (B + 1) * len(ks) k-means fits).
    reference : {'box', 'pca'}, default='box'
    random_state : int, default=0
        Seed of the reference data and of every fit.
    n_init : int or 'auto', default=10

    Returns
    -------
    GapResult

    References
    ----------
    R. Tibshirani, G. Walther, T. Hastie, "Estimating the number of clusters in a data set via the
    gap statistic", J. R. Statist. Soc. B 63(2), 2001.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> X, _ = make_blobs(150, centers=3, random_state=0)
    >>> gap_statistic(X, range(1, 6), n_refs=5, n_init=2).k
    3
    """
    X = _check_X(X).astype(np.float64, copy=False)
    ks_list = _check_ks(ks, X.shape[0])
    if any(b - a != 1 for a, b in zip(ks_list, ks_list[1:], strict=False)):
        raise ValueError(f"ks must be consecutive integers (the rule compares K with K + 1); got {ks_list}.")
    refs = gap_reference(X, n_refs, reference=reference, random_state=random_state)

    def log_w(data):
        return np.log([km.inertia_ for km in fit_sweep(data, ks_list, random_state=random_state, n_init=n_init)])

    lw = log_w(X)
    if not np.isfinite(lw).all():
        raise ValueError("the SSE of X is 0 for some K (as many distinct points as clusters): log W_K is undefined.")
    ref_lw = np.array([log_w(r) for r in refs])
    gap = ref_lw.mean(axis=0) - lw
    sd = ref_lw.std(axis=0)
    s = sd * np.sqrt(1.0 + 1.0 / n_refs)
    ks_arr = np.array(ks_list)
    return GapResult(ks_arr, lw, ref_lw, gap, sd, s, gap_rule(ks_arr, gap, s), reference)


def plot_gap(ax, result, *, title=None):
    """Gap(K) with error bars :math:`\\pm s_K`, and the K of the standard-error rule marked.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    result : GapResult
    title : str, default=None

    Returns
    -------
    matplotlib.container.ErrorbarContainer
    """
    if not isinstance(result, GapResult):
        raise TypeError(f"result must be a GapResult (from gap_statistic); got {type(result).__name__}.")
    bars = ax.errorbar(result.ks, result.gap, yerr=result.s, marker="o", capsize=3, color="#0072B2")
    if result.k is not None:
        ax.axvline(result.k, color="#D55E00", linestyle="--", label=f"standard-error rule: K = {result.k}")
        ax.legend()
    if title is None:
        title = f"Gap statistic ({result.ref_log_w.shape[0]} '{result.reference}' reference sets)"
    label_axes(ax, title, xlabel="number of clusters K", ylabel="Gap(K)")
    return bars


# --------------------------------------------------------------------------------------------
# One report, several criteria
# --------------------------------------------------------------------------------------------

#: The criteria :func:`k_report` can ask, and how each picks K.
CRITERIA = {
    "elbow": "Kneedle elbow of the SSE curve",
    "silhouette": "largest mean silhouette",
    "calinski_harabasz": "largest Calinski-Harabasz index",
    "davies_bouldin": "smallest Davies-Bouldin index",
    "gap": "gap statistic, standard-error rule",
}
DEFAULT_CRITERIA = ("elbow", "silhouette", "calinski_harabasz")
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


@dataclass(frozen=True)
class KReport:
    """What :func:`k_report` returns: several ways to choose K, and whether they agree.

    Attributes
    ----------
    ks : ndarray of int
    sse : ndarray
        SSE (inertia) for each K.
    knee : Knee
        The elbow of the SSE curve (``knee.knee`` is None if there is none).
    silhouette, calinski_harabasz, davies_bouldin : ndarray
        Scores for each K (NaN where K = 1, which they cannot score).
    k_elbow, k_silhouette, k_calinski_harabasz, k_davies_bouldin : int or None
        The K each criterion picks.
    gap : GapResult or None
        The gap statistic, when ``'gap'`` was asked for.
    k_gap : int or None
    criteria : tuple of str
        The criteria that vote in :attr:`choices`, :attr:`agree` and :meth:`summary`.
    """

    ks: np.ndarray
    sse: np.ndarray
    knee: Knee
    silhouette: np.ndarray
    calinski_harabasz: np.ndarray
    k_elbow: int | None
    k_silhouette: int | None
    k_calinski_harabasz: int | None
    davies_bouldin: np.ndarray = None
    k_davies_bouldin: int | None = None
    gap: GapResult | None = None
    k_gap: int | None = None
    criteria: tuple = DEFAULT_CRITERIA

    @property
    def choices(self):
        """``{criterion: K}`` for the asked criteria that picked a K."""
        picks = {name: getattr(self, f"k_{name}") for name in self.criteria}
        return {name: k for name, k in picks.items() if k is not None}

    @property
    def agree(self):
        """True when every asked criterion picked a K and all picked the same one."""
        return len(self.choices) == len(self.criteria) and len(set(self.choices.values())) == 1

    def summary(self):
        """A few lines of text: the K of each criterion, and whether they disagree."""
        names = {
            "elbow": "elbow (Kneedle on SSE):",
            "silhouette": "best silhouette:",
            "calinski_harabasz": "best Calinski-Harabasz:",
            "davies_bouldin": "best Davies-Bouldin:",
            "gap": "gap statistic (1 s.e.):",
        }
        lines = []
        for name in self.criteria:
            k = getattr(self, f"k_{name}")
            if k is not None:
                text = f"K = {k}"
            elif name == "elbow":
                text = self.knee.reason
            else:
                text = "no K passes the rule in this range" if name == "gap" else "no K"
            lines.append(f"{names[name]:<26}{text}")
        if self.agree:
            count = _NUMBER_WORDS.get(len(self.criteria), str(len(self.criteria)))
            lines.append(f"All {count} criteria agree: K = {next(iter(self.choices.values()))}.")
        else:
            lines.append("The criteria DISAGREE: look at the data and at the curves before choosing K.")
        return "\n".join(lines)

    def __str__(self):
        return self.summary()


def _argmax_k(ks, scores):
    if np.isnan(scores).all():
        return None
    return int(ks[int(np.nanargmax(scores))])


def k_report(X, ks=range(1, 11), *, random_state=0, n_init=10, S=1.0, criteria=DEFAULT_CRITERIA, n_refs=10):
    """Several criteria for K from one sweep of fits, and whether they agree.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    ks : sequence of int, default=range(1, 11)
        Strictly increasing, each between 1 and n_samples - 1 (consecutive when ``'gap'`` is asked).
    random_state : int, default=0
    n_init : int or 'auto', default=10
    S : float, default=1.0
        Kneedle sensitivity (see :func:`find_knee`).
    criteria : sequence of str, default=('elbow', 'silhouette', 'calinski_harabasz')
        Which criteria vote (keys of :data:`CRITERIA`). The SSE, silhouette, Calinski-Harabasz and
        Davies-Bouldin curves are always computed (from the same fits); the gap statistic, which
        costs ``n_refs`` more sweeps, only when ``'gap'`` is asked.
    n_refs : int, default=10
        Reference data sets of the gap statistic.

    Returns
    -------
    KReport
    """
    X = _check_X(X)
    ks_list = _check_ks(ks, X.shape[0])
    if ks_list[-1] > X.shape[0] - 1:
        raise ValueError(f"ks must be <= n_samples - 1 = {X.shape[0] - 1}; got {ks_list[-1]}.")
    if isinstance(criteria, str):
        raise TypeError(f"criteria must be a sequence of names, e.g. ({criteria!r},); got the string {criteria!r}.")
    criteria = tuple(criteria)
    unknown = [c for c in criteria if c not in CRITERIA]
    if unknown or not criteria or len(set(criteria)) != len(criteria):
        raise ValueError(f"criteria must be distinct names from {tuple(CRITERIA)}; got {criteria!r}.")
    models = fit_sweep(X, ks_list, random_state=random_state, n_init=n_init)
    ks_arr = np.array(ks_list)
    sse = np.array([km.inertia_ for km in models])
    knee = find_knee(ks_arr, sse, S=S)
    def scores(score, name):  # one score per fitted K; undefined (NaN) for K = 1
        return np.array([score(X, _score_labels(km, name)) if km.n_clusters > 1 else np.nan for km in models])

    sil = scores(silhouette_score, "silhouette")
    ch = scores(calinski_harabasz_score, "Calinski-Harabasz index")
    db = scores(davies_bouldin_index, "Davies-Bouldin index")
    gap = None
    if "gap" in criteria:
        gap = gap_statistic(X, ks_list, n_refs=n_refs, random_state=random_state, n_init=n_init)
    return KReport(
        ks=ks_arr,
        sse=sse,
        knee=knee,
        silhouette=sil,
        calinski_harabasz=ch,
        k_elbow=None if knee.knee is None else int(knee.knee),
        k_silhouette=_argmax_k(ks_arr, sil),
        k_calinski_harabasz=_argmax_k(ks_arr, ch),
        davies_bouldin=db,
        k_davies_bouldin=_argmax_k(ks_arr, -db),
        gap=gap,
        k_gap=None if gap is None else gap.k,
        criteria=criteria,
    )
