"""kmeans_edu.plots: colours, Voronoi mesh, membership lines, traces (checked against NumPy)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from kmeans_edu import plots  # noqa: E402
from kmeans_edu.datasets import blobs  # noqa: E402


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_label_colors_cycle_the_palette_and_grey_for_negative():
    colors = plots.label_colors([0, 1, 8, -1], alpha=0.5)
    np.testing.assert_allclose(colors[0], to_rgba(plots.PALETTE[0], 0.5))
    np.testing.assert_allclose(colors[1], to_rgba(plots.PALETTE[1], 0.5))
    np.testing.assert_allclose(colors[2], to_rgba(plots.PALETTE[0], 0.5))
    np.testing.assert_allclose(colors[3], to_rgba(plots.GREY, 0.5))
    with pytest.raises(ValueError, match="labels"):
        plots.label_colors([0.5, 1.0])


def test_palette_is_distinct():
    assert len(set(plots.PALETTE)) == len(plots.PALETTE) == 8


def test_plot_points_and_update(ax):
    X, y = blobs(50, 3, seed=0)
    pts = plots.plot_points(ax, X, y)
    np.testing.assert_array_equal(pts.get_offsets(), X)
    np.testing.assert_allclose(pts.get_facecolors(), plots.label_colors(y, 0.85))
    grey = plots.plot_points(ax, X)
    np.testing.assert_allclose(grey.get_facecolors()[0], to_rgba(plots.GREY, 0.85))
    plots.update_points(pts, (y + 1) % 3, X=X[::-1])
    np.testing.assert_array_equal(pts.get_offsets(), X[::-1])
    np.testing.assert_allclose(pts.get_facecolors(), plots.label_colors((y + 1) % 3, 0.85))


def test_plot_centers(ax):
    centers = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    art = plots.plot_centers(ax, centers)
    np.testing.assert_array_equal(art.get_offsets(), centers)
    np.testing.assert_allclose(art.get_facecolors(), plots.label_colors([0, 1, 2]))
    hollow = plots.plot_centers(ax, centers, facecolors="none")
    assert hollow.get_facecolors().shape[0] == 0 or hollow.get_facecolors()[0, 3] == 0


def test_voronoi_labels_match_brute_force_nearest_centre():
    centers = np.array([[0.0, 0.0], [3.0, 1.0], [-2.0, 4.0]])
    extent = (-5.0, 5.0, -3.0, 6.0)
    labels = plots.voronoi_labels(centers, extent, resolution=37)
    xs, ys = np.linspace(-5, 5, 37), np.linspace(-3, 6, 37)
    gx, gy = np.meshgrid(xs, ys)  # row r is y = ys[r]: origin='lower'
    grid = np.stack([gx, gy], axis=-1)
    expected = np.argmin(((grid[:, :, None, :] - centers) ** 2).sum(-1), axis=-1)
    np.testing.assert_array_equal(labels, expected)
    manhattan = plots.voronoi_labels(centers, extent, resolution=37, metric="manhattan")
    expected_l1 = np.argmin(np.abs(grid[:, :, None, :] - centers).sum(-1), axis=-1)
    np.testing.assert_array_equal(manhattan, expected_l1)


def test_plot_voronoi_and_update(ax):
    centers = np.array([[0.0, 0.0], [3.0, 1.0]])
    extent = (-1.0, 4.0, -1.0, 2.0)
    image = plots.plot_voronoi(ax, centers, extent, resolution=20)
    np.testing.assert_array_equal(image.get_array(), plots.voronoi_labels(centers, extent, 20))
    assert tuple(image.get_extent()) == extent
    plots.update_voronoi(image, centers[::-1])
    np.testing.assert_array_equal(image.get_array(), plots.voronoi_labels(centers[::-1], extent, 20))


def test_membership_lines(ax):
    X = np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]])
    centers = np.array([[0.5, 0.5], [5.0, 4.0]])
    labels = np.array([0, 0, 1])
    seg = plots.membership_segments(X, centers, labels)
    np.testing.assert_array_equal(seg, [[[0, 0], [0.5, 0.5]], [[1, 1], [0.5, 0.5]], [[5, 5], [5, 4]]])
    lines = plots.plot_membership(ax, X, centers, labels)
    assert len(lines.get_segments()) == 3
    plots.update_membership(lines, X, centers[::-1], 1 - labels)
    np.testing.assert_array_equal(lines.get_segments()[2], [[5, 5], [5, 4]])


def test_plot_trace_and_label_axes(ax):
    line = plots.plot_trace(ax, [3.0, 2.0, 1.5])
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(line.get_ydata(), [3.0, 2.0, 1.5])
    assert ax.get_ylabel() == "SSE"
    plots.label_axes(ax, "t", "a", "b")
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("t", "a", "b")


def test_data_extent():
    assert plots.data_extent(np.array([[0.0, 0.0], [10.0, 2.0]]), margin=0.1) == (-1.0, 11.0, -0.2, 2.2)
    with pytest.raises(ValueError, match="X"):
        plots.data_extent(np.zeros(3))


def test_no_two_of_the_first_64_clusters_look_alike_and_the_first_8_keep_their_shapes():
    from kmeans_edu.plots import MARKERS, cluster_style, label_markers

    styles = [cluster_style(j) for j in range(64)]
    assert len(set(styles)) == 64
    assert [m for _, m in styles[:8]] == list(MARKERS)
    assert label_markers(np.arange(64)) == [m for _, m in styles]
