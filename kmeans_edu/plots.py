"""Matplotlib building blocks for the notebooks and widget apps.

Every ``plot_*`` function takes an :class:`~matplotlib.axes.Axes` and data, draws on it and
returns the artist(s) it made, so that a widget can later update them in place with the
matching ``update_*`` function (or ``set_offsets`` / ``set_data``) instead of re-plotting.

Colours come from :data:`PALETTE`, the Okabe-Ito colour-blind-safe palette (cluster ``j`` is
``PALETTE[j % len(PALETTE)]``); label ``-1`` (noise, outlier, not yet assigned) is grey. Clusters
also differ by marker shape (cluster ``j`` is drawn with ``MARKERS[marker_index(j)]``), so that
they can be told apart without colour; beyond eight clusters the shape shifts by one every eight
labels, so that no two of the first 64 clusters share both colour and shape. Lines that are not
clusters use :data:`LINE_COLORS`.
"""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap, to_rgba_array
from matplotlib.markers import MarkerStyle

from .steps import assign_labels

#: Okabe & Ito (2008) colour-blind-safe palette, without black (kept for centres' edges).
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999933")
#: Colour of label -1 (unassigned, noise, outlier).
GREY = "#9E9E9E"

#: Marker shape of cluster j (``MARKERS[j % 8]``); label -1 is a small dot. Centres are big crosses.
MARKERS = ("o", "s", "^", "D", "v", "P", "p", "h")
NOISE_MARKER = "."
#: Okabe-Ito colours for curves and marks that are not clusters (no red/green pair).
LINE_COLORS = {"blue": "#0072B2", "vermillion": "#D55E00", "green": "#009E73", "grey": "#555555"}

_RGBA = to_rgba_array(PALETTE)
_GREY_RGBA = to_rgba_array([GREY])[0]
CLUSTER_CMAP = ListedColormap(PALETTE, name="okabe_ito")


def marker_index(label):
    """Index into :data:`MARKERS` of cluster ``label`` (>= 0): ``(label + label // 8) % 8``.

    Equal to ``label % 8`` for the first eight clusters; beyond, the shift makes every
    (colour, shape) pair of clusters 0 .. 63 different, e.g. cluster 8 is orange like cluster 0
    but square.

    Examples
    --------
    >>> [marker_index(j) for j in (0, 1, 7, 8, 9, 15, 16)]
    [0, 1, 7, 1, 2, 0, 2]
    """
    n = len(MARKERS)
    return (label + label // n) % n


def cluster_style(label):
    """``(colour, marker)`` of cluster ``label`` (>= 0): the one style rule of every figure of the series."""
    return PALETTE[label % len(PALETTE)], MARKERS[marker_index(label)]


def label_colors(labels, alpha=1.0):
    """RGBA colour of every label: ``PALETTE[label % 8]``, grey for negative labels.

    Parameters
    ----------
    labels : array-like of int, shape (n,)
    alpha : float, default=1.0

    Returns
    -------
    ndarray of shape (n, 4)
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or (labels.size and labels.dtype.kind not in "iu"):
        raise ValueError(f"labels must be a 1-D integer array; got {labels.dtype} {labels.shape}.")
    colors = np.where((labels < 0)[:, None], _GREY_RGBA, _RGBA[np.maximum(labels, 0) % len(PALETTE)])
    colors[:, 3] = alpha
    return colors


def _marker_path(marker):
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform())


_PATHS = [_marker_path(m) for m in MARKERS]
_NOISE_PATH = _marker_path("o")  # grey and round: unassigned points all look alike


def label_markers(labels):
    """Marker shape of every label: ``MARKERS[marker_index(label)]``, :data:`NOISE_MARKER` for negative labels.

    Parameters
    ----------
    labels : array-like of int, shape (n,)

    Returns
    -------
    list of str
    """
    labels = np.asarray(labels)
    return [NOISE_MARKER if label < 0 else MARKERS[marker_index(label)] for label in labels.tolist()]


def set_label_markers(points, labels):
    """Give every point of a scatter the marker shape of its cluster label, in place."""
    labels = np.asarray(labels).tolist()
    points.set_paths([_NOISE_PATH if label < 0 else _PATHS[marker_index(label)] for label in labels])
    return points


def data_extent(X, margin=0.08):
    """``(xmin, xmax, ymin, ymax)`` of the first two columns of X, widened by ``margin`` of the range."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] < 2 or X.shape[0] == 0:
        raise ValueError(f"X must be a non-empty 2-D array with at least 2 columns; got shape {X.shape}.")
    lo, hi = X[:, :2].min(axis=0), X[:, :2].max(axis=0)
    pad = np.maximum(hi - lo, 1e-9) * margin
    return (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1])


def plot_points(ax, X, labels=None, *, size=18, alpha=0.85, **kwargs):
    """Scatter the rows of X (first two columns), coloured and shaped by cluster label.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    X : array-like of shape (n, 2)
    labels : array-like of int, shape (n,), default=None
        None draws every point grey. Update later with :func:`update_points`.
    size, alpha : float
        Marker area and opacity; other keyword arguments go to ``ax.scatter``.

    Returns
    -------
    matplotlib.collections.PathCollection
    """
    X = np.asarray(X)
    labels = np.full(X.shape[0], -1) if labels is None else labels
    kwargs.setdefault("linewidths", 0.3)
    kwargs.setdefault("edgecolors", "white")
    points = ax.scatter(X[:, 0], X[:, 1], s=size, facecolors=label_colors(labels, alpha), zorder=2, **kwargs)
    return set_label_markers(points, labels)


def update_points(points, labels=None, X=None, alpha=0.85):
    """Recolour and reshape (and optionally move) a scatter made by :func:`plot_points`, in place."""
    if X is not None:
        points.set_offsets(np.asarray(X)[:, :2])
    if labels is not None:
        points.set_facecolor(label_colors(labels, alpha))
        set_label_markers(points, labels)
    return points


def plot_centers(ax, centers, *, size=260, marker="X", **kwargs):
    """Cluster centres as big markers: centre j filled with ``PALETTE[j]``, edged in black.

    Returns
    -------
    matplotlib.collections.PathCollection
        Move the centres later with ``artist.set_offsets(new_centers)``.
    """
    centers = np.asarray(centers)
    kwargs.setdefault("edgecolors", "black")
    kwargs.setdefault("linewidths", 1.5)
    if "facecolors" not in kwargs:  # e.g. facecolors="none" for hollow markers
        kwargs["c"] = label_colors(np.arange(centers.shape[0]))
    return ax.scatter(centers[:, 0], centers[:, 1], s=size, marker=marker, zorder=4, **kwargs)


def voronoi_labels(centers, extent, resolution=120, metric="euclidean"):
    """Label of the nearest centre at every node of a ``resolution x resolution`` grid over ``extent``.

    Row 0 of the result is the bottom of the extent (use ``origin='lower'`` with imshow).
    """
    xmin, xmax, ymin, ymax = extent
    xs, ys = np.linspace(xmin, xmax, resolution), np.linspace(ymin, ymax, resolution)
    grid = np.column_stack([np.tile(xs, resolution), np.repeat(ys, resolution)])
    labels, _ = assign_labels(grid, np.asarray(centers, dtype=np.float64)[:, :2], metric=metric)
    return labels.reshape(resolution, resolution)


def plot_voronoi(ax, centers, extent, *, resolution=120, metric="euclidean", alpha=0.22):
    """Shade every point of the plane by its nearest centre (the Voronoi cells), on a coarse mesh.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    centers : array-like of shape (k, 2)
    extent : tuple (xmin, xmax, ymin, ymax)
        Region to shade, e.g. :func:`data_extent` of the data.
    resolution : int, default=120
        Grid nodes per side; 120 x 120 costs about a millisecond with the library's kernels.
    metric : {'euclidean', 'manhattan', 'cosine'}, default='euclidean'
        Manhattan cells have straight and 45-degree borders.
    alpha : float, default=0.22

    Returns
    -------
    matplotlib.image.AxesImage
        Update with :func:`update_voronoi`.
    """
    image = ax.imshow(
        voronoi_labels(centers, extent, resolution, metric) % len(PALETTE),
        extent=extent,
        origin="lower",
        cmap=CLUSTER_CMAP,
        vmin=-0.5,
        vmax=len(PALETTE) - 0.5,
        alpha=alpha,
        interpolation="nearest",
        aspect="auto",
        zorder=0,
    )
    image.voronoi_params = (tuple(extent), resolution, metric)
    return image


def update_voronoi(image, centers):
    """Redraw the Voronoi cells of an image made by :func:`plot_voronoi` for new centres."""
    extent, resolution, metric = image.voronoi_params
    image.set_data(voronoi_labels(centers, extent, resolution, metric) % len(PALETTE))
    return image


def membership_segments(X, centers, labels):
    """Segments from every point to its centre: array of shape (n, 2, 2) for a LineCollection."""
    X, centers = np.asarray(X)[:, :2], np.asarray(centers)[:, :2]
    return np.stack([X, centers[np.asarray(labels)]], axis=1)


def plot_membership(ax, X, centers, labels, *, alpha=0.35, linewidth=0.6):
    """Thin lines from every point to its assigned centre, in the cluster's colour.

    Returns
    -------
    matplotlib.collections.LineCollection
        Update with :func:`update_membership`.
    """
    lines = LineCollection(
        membership_segments(X, centers, labels), colors=label_colors(labels, alpha), linewidths=linewidth, zorder=1
    )
    ax.add_collection(lines)
    return lines


def update_membership(lines, X, centers, labels, alpha=0.35):
    """Point the lines of :func:`plot_membership` at new centres / labels, in place."""
    lines.set_segments(membership_segments(X, centers, labels))
    lines.set_color(label_colors(labels, alpha))
    return lines


def plot_trace(ax, values, *, xs=None, label="SSE", **kwargs):
    """A line of objective values (SSE after every half-step, or per iteration) with dot markers.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    values : array-like of shape (m,)
    xs : array-like of shape (m,), default=None
        x positions; default ``1..m``.
    label : str, default='SSE'
        Used as the line label and the y axis label.

    Returns
    -------
    matplotlib.lines.Line2D
        Update with ``line.set_data(xs, values)`` (then ``ax.relim(); ax.autoscale_view()``).
    """
    values = np.asarray(values, dtype=float)
    xs = np.arange(1, values.size + 1) if xs is None else np.asarray(xs)
    kwargs.setdefault("marker", "o")
    kwargs.setdefault("markersize", 4)
    kwargs.setdefault("color", "#0072B2")
    (line,) = ax.plot(xs, values, label=label, **kwargs)
    ax.set_ylabel(label)
    return line


def label_axes(ax, title, xlabel="$x_1$", ylabel="$x_2$"):
    """Title and axis labels in one call (every figure of the series has them)."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax
