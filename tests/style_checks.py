"""Shared assertion of the tests: points drawn by cluster have the palette's colour and shape."""

import numpy as np
from matplotlib.markers import MarkerStyle

from kmeans_edu.plots import label_colors, label_markers


def marker_vertices(marker):
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform()).vertices


def assert_cluster_style(points, labels, alpha=0.85):
    """Point i has its cluster's colour and marker (plots.label_colors / plots.label_markers)."""
    labels = np.asarray(labels)
    np.testing.assert_allclose(points.get_facecolors(), label_colors(labels, alpha))
    paths = points.get_paths()
    assert len(paths) == len(labels)
    for path, marker in zip(paths, label_markers(labels), strict=True):
        expected = marker_vertices("o" if marker == "." else marker)
        np.testing.assert_allclose(path.vertices, expected)
