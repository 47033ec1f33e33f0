"""kmeans_edu.datasets: shapes, determinism, the article's six points, outliers, errors."""

import numpy as np
import pytest

from kmeans_edu import datasets, lloyd


def test_blobs_shape_dtype_labels_and_determinism():
    X, y = datasets.blobs(n=101, k=4, spread=0.5, seed=3)
    assert X.shape == (101, 2) and X.dtype == np.float64 and y.dtype == np.int64
    assert sorted(np.unique(y).tolist()) == [0, 1, 2, 3]
    assert np.bincount(y).max() - np.bincount(y).min() <= 1  # split as evenly as possible
    X2, y2 = datasets.blobs(n=101, k=4, spread=0.5, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(X, datasets.blobs(n=101, k=4, spread=0.5, seed=4)[0])


def test_blobs_spread_is_the_standard_deviation():
    X, y = datasets.blobs(n=20000, k=2, spread=2.0, seed=0)
    for j in range(2):
        np.testing.assert_allclose(X[y == j].std(axis=0), 2.0, rtol=0.05)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"n": 0}, "n"), ({"n": 2.5}, "n"), ({"k": 0}, "k"), ({"n": 3, "k": 4}, "k"), ({"spread": 0}, "spread"),
     ({"spread": np.nan}, "spread"), ({"seed": -1}, "seed"), ({"seed": "a"}, "seed")],
)
def test_blobs_rejects_bad_arguments(kwargs, name):
    with pytest.raises(ValueError, match=name):
        datasets.blobs(**kwargs)


def test_six_points_is_the_article_example_and_its_optimum_is_16():
    X = datasets.six_points()
    np.testing.assert_array_equal(X, [[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]])
    result = lloyd(X, X[[0, 3]])
    assert result.inertia == 16.0
    np.testing.assert_array_equal(result.labels, [0, 0, 0, 1, 1, 1])


def test_with_outliers_keeps_the_inliers_and_places_the_group():
    inliers, y_in = datasets.blobs(n=60, k=3, spread=1.0, seed=5)
    X, y = datasets.with_outliers(n=60, k=3, n_outliers=7, distance=30.0, angle=90.0, seed=5)
    np.testing.assert_array_equal(X[:60], inliers)
    np.testing.assert_array_equal(y[:60], y_in)
    assert (y[60:] == -1).all() and X.shape == (67, 2)
    group_centre = X[60:].mean(axis=0)
    offset = group_centre - inliers.mean(axis=0)
    assert abs(np.linalg.norm(offset) - 30.0) < 1.5
    assert abs(offset[0]) < 1.5 and offset[1] > 28  # straight up, angle 90 degrees
    # adding outliers does not move the ones already there
    X3, _ = datasets.with_outliers(n=60, k=3, n_outliers=3, distance=30.0, angle=90.0, seed=5)
    np.testing.assert_array_equal(X3, X[:63])


def test_with_outliers_zero_outliers_and_errors():
    X, y = datasets.with_outliers(n=30, n_outliers=0)
    assert X.shape == (30, 2) and (y >= 0).all()
    with pytest.raises(ValueError, match="n_outliers"):
        datasets.with_outliers(n_outliers=-1)
    with pytest.raises(ValueError, match="distance"):
        datasets.with_outliers(distance=-2.0)
    with pytest.raises(ValueError, match="angle"):
        datasets.with_outliers(angle=np.inf)


@pytest.mark.parametrize("name", datasets.SHAPES)
def test_shapes_are_deterministic_2d_arrays(name):
    X, y = datasets.shapes(name, n=120, seed=1)
    assert X.shape == (120, 2) and y.shape == (120,) and X.dtype == np.float64 and y.dtype == np.int64
    assert np.isfinite(X).all()
    np.testing.assert_array_equal(X, datasets.shapes(name, n=120, seed=1)[0])


def test_shapes_group_counts():
    assert np.bincount(datasets.shapes("circles", 200)[1]).tolist() == [100, 100]
    assert np.bincount(datasets.shapes("moons", 200)[1]).tolist() == [100, 100]
    assert np.bincount(datasets.shapes("unequal_size", 200)[1]).tolist() == [150, 40, 10]
    X, y = datasets.shapes("uniform", 200)
    assert (y == 0).all() and X.min() >= 0 and X.max() <= 1
    X, y = datasets.shapes("unequal_variance", 3000)
    stds = [X[y == j].std(axis=0).mean() for j in range(3)]
    np.testing.assert_allclose(stds, [1.0, 2.5, 0.5], rtol=0.1)


def test_circles_are_two_rings():
    X, y = datasets.shapes("circles", 400)
    radius = np.linalg.norm(X, axis=1)
    assert radius[y == 0].mean() > 0.9 and radius[y == 1].mean() < 0.55


def test_shapes_rejects_bad_arguments():
    with pytest.raises(ValueError, match="name"):
        datasets.shapes("spiral")
    with pytest.raises(ValueError, match="n"):
        datasets.shapes("moons", n=5)
