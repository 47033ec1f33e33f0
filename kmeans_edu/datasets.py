"""Small toy data sets for the notebooks: blobs, the article's six points, outliers, hard shapes.

Every generator is deterministic for a given ``seed`` and returns ``(X, y)``: ``X`` is a
float64 array of shape (n_samples, 2) and ``y`` the true group of each point (int64), with
``-1`` for outliers. The one exception is :func:`six_points`, which returns ``X`` only (the
article's example has no true labels).

=====================  =====================================================================
function               what it shows
=====================  =====================================================================
:func:`blobs`          round, well separated clusters: where K-means works
:func:`six_points`     the article's 6-point example (two clusters of three points)
:func:`with_outliers`  blobs plus a tight group of far-away points that drag a centroid
:func:`shapes`         'circles', 'moons', 'anisotropic', 'unequal_variance',
                       'unequal_size', 'uniform': where K-means fails or finds nothing real
=====================  =====================================================================
"""

import numbers

import numpy as np
from sklearn.datasets import make_blobs, make_circles, make_moons

SHAPES = ("circles", "moons", "anisotropic", "unequal_variance", "unequal_size", "uniform")

# The blob centres of scikit-learn's "Demonstration of k-means assumptions" (make_blobs, random_state=170).
_DEMO_CENTERS = np.array([[-8.94709165, -5.46276435], [-4.58938989, 0.08876178], [1.93875432, 0.50513613]])
_ANISOTROPIC_MAP = np.array([[0.60834549, -0.63667341], [-0.40887718, 0.85253229]])


def _check_int(value, name, minimum=1):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}.")
    return int(value)


def _check_positive(value, name, allow_zero=False):
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and np.isfinite(value)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {bound}; got {value!r}.")
    return float(value)


def _check_seed(seed):
    if seed is not None and (not isinstance(seed, numbers.Integral) or isinstance(seed, bool) or seed < 0):
        raise ValueError(f"seed must be a non-negative integer or None; got {seed!r}.")
    return seed


def blobs(n=300, k=3, spread=1.0, seed=0):
    """Isotropic Gaussian blobs: the data K-means was made for.

    Parameters
    ----------
    n : int, default=300
        Number of points (split as evenly as possible between the blobs).
    k : int, default=3
        Number of blobs (1 <= k <= n).
    spread : float, default=1.0
        Standard deviation of every blob; the centres lie in the box [-10, 10]^2.
    seed : int or None, default=0
        Seed of the generator.

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64
        The blob each point was drawn from.

    Examples
    --------
    >>> from kmeans_edu.datasets import blobs
    >>> X, y = blobs(n=6, k=2, seed=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((6, 2), [0, 1])
    """
    n, k = _check_int(n, "n"), _check_int(k, "k")
    if k > n:
        raise ValueError(f"k must be <= n; got k={k}, n={n}.")
    spread = _check_positive(spread, "spread")
    X, y = make_blobs(n_samples=n, centers=k, n_features=2, cluster_std=spread, random_state=_check_seed(seed))
    return X.astype(np.float64), y.astype(np.int64)


def six_points():
    """The article's example: two columns of three points, at x=1 and x=4.

    Returns
    -------
    X : ndarray of shape (6, 2), float64
        ``[[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]]``. The best 2-clustering splits the
        columns (SSE 16.0); today's one-run default ``KMeans(n_clusters=2, random_state=0)``
        stops in a local optimum (SSE 19.75).

    Examples
    --------
    >>> from kmeans_edu.datasets import six_points
    >>> six_points()[:, 0]
    array([1., 1., 1., 4., 4., 4.])
    """
    return np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]], dtype=np.float64)


def with_outliers(n=150, k=3, n_outliers=5, distance=25.0, angle=45.0, spread=1.0, seed=0):
    """Blobs plus a tight group of outliers far from the data.

    The inliers are exactly ``blobs(n, k, spread, seed)`` whatever the outlier arguments are,
    and the first m outliers are the same for any ``n_outliers >= m``: so a widget that moves or
    adds outliers changes nothing else.

    Parameters
    ----------
    n : int, default=150
        Number of inliers.
    k : int, default=3
        Number of blobs.
    n_outliers : int, default=5
        Number of outliers (0 allowed).
    distance : float, default=25.0
        Distance from the inliers' mean to the centre of the outlier group.
    angle : float, default=45.0
        Direction of the outlier group, in degrees counter-clockwise from the x axis.
    spread : float, default=1.0
        Standard deviation of the blobs; the outliers scatter with half of it.
    seed : int or None, default=0

    Returns
    -------
    X : ndarray of shape (n + n_outliers, 2), float64
        The inliers first, then the outliers.
    y : ndarray of shape (n + n_outliers,), int64
        The blob of each inlier; ``-1`` for the outliers.
    """
    n_outliers = _check_int(n_outliers, "n_outliers", minimum=0)
    distance = _check_positive(distance, "distance", allow_zero=True)
    if not isinstance(angle, numbers.Real) or isinstance(angle, bool) or not np.isfinite(angle):
        raise ValueError(f"angle must be a finite number of degrees; got {angle!r}.")
    X, y = blobs(n, k, spread, seed)
    rng = np.random.default_rng(None if seed is None else seed + 1)
    jitter = rng.standard_normal((n_outliers, 2)) * (0.5 * spread)  # row i is the same for any n_outliers > i
    theta = np.deg2rad(angle)
    centre = X.mean(axis=0) + distance * np.array([np.cos(theta), np.sin(theta)])
    outliers = centre + jitter
    return np.vstack([X, outliers]), np.concatenate([y, np.full(n_outliers, -1, dtype=np.int64)])


def shapes(name, n=300, seed=0):
    """Data sets on which K-means fails, or where there is nothing to find.

    Parameters
    ----------
    name : {'circles', 'moons', 'anisotropic', 'unequal_variance', 'unequal_size', 'uniform'}
        * ``'circles'``: two concentric rings (not convex);
        * ``'moons'``: two interleaved half-moons (not convex);
        * ``'anisotropic'``: three blobs stretched by a linear map (elongated, not round);
        * ``'unequal_variance'``: three blobs with standard deviations 1.0, 2.5 and 0.5;
        * ``'unequal_size'``: a big wide blob (75 % of the points, std 1.5) beside two small
          tight ones (20 % and 5 %, std 0.5): K-means' borders sit half-way between centres,
          so the big blob loses its edge to the small ones;
        * ``'uniform'``: uniform noise in the unit square (all labels 0: no clusters at all).
    n : int, default=300
        Number of points (at least 10).
    seed : int or None, default=0

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64
        The true group of each point.

    Notes
    -----
    'anisotropic' and 'unequal_variance' use the blob centres of scikit-learn's example
    "Demonstration of k-means assumptions".
    """
    if name not in SHAPES:
        raise ValueError(f"name must be one of {SHAPES}; got {name!r}.")
    n = _check_int(n, "n", minimum=10)
    seed = _check_seed(seed)
    if name == "circles":
        X, y = make_circles(n_samples=n, factor=0.45, noise=0.06, random_state=seed)
    elif name == "moons":
        X, y = make_moons(n_samples=n, noise=0.07, random_state=seed)
    elif name == "anisotropic":
        X, y = make_blobs(n_samples=n, centers=_DEMO_CENTERS, cluster_std=1.0, random_state=seed)
        X = X @ _ANISOTROPIC_MAP
    elif name == "unequal_variance":
        X, y = make_blobs(n_samples=n, centers=_DEMO_CENTERS, cluster_std=[1.0, 2.5, 0.5], random_state=seed)
    elif name == "unequal_size":
        sizes = [n - int(0.25 * n), int(0.2 * n), int(0.25 * n) - int(0.2 * n)]
        centers = np.array([[0.0, 0.0], [4.5, 0.0], [0.0, 4.5]])
        X, y = make_blobs(n_samples=sizes, centers=centers, cluster_std=[1.5, 0.5, 0.5], random_state=seed)
    else:  # uniform
        X = np.random.default_rng(seed).uniform(size=(n, 2))
        y = np.zeros(n)
    return np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64)
