"""The 2-D map of a clustering and the confusion matrix of clusters against classes (notebook 08a)."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.metrics import confusion_matrix  # noqa: E402

from kmeans_edu import images as I  # noqa: E402


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.data[:300] / 16.0, d.target[:300]


def test_embed_2d_pca_is_sklearn_pca_and_tsne_is_seeded(digits):
    from sklearn.decomposition import PCA
    from sklearn.manifold import TSNE

    X, _ = digits
    np.testing.assert_allclose(I.embed_2d(X), PCA(2, svd_solver="full").fit_transform(X))
    small = X[:40]
    t = I.embed_2d(small, "tsne", random_state=3, perplexity=5)
    assert t.shape == (40, 2) and t.dtype == np.float64
    ref = TSNE(2, perplexity=5, init="pca", random_state=3).fit_transform(small)  # seeded: the same numbers
    np.testing.assert_allclose(t, ref)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((np.ones((5, 3)), "umap"), {}, ValueError, "method"),
        ((np.ones((2, 3)),), {}, ValueError, "at least 3 samples"),
        ((np.ones((10, 3)), "tsne"), {"perplexity": 10}, ValueError, "perplexity"),
        ((np.ones((10, 3)), "tsne"), {"random_state": None}, TypeError, "random_state"),
    ],
)
def test_embed_2d_rejects_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        I.embed_2d(*args, **kwargs)


def brute_force_confusion(y, c):
    """Every one-to-one assignment of clusters to classes (K == number of classes), the one with the largest trace."""
    classes, clusters = np.unique(y), np.unique(c)
    best = None
    for perm in itertools.permutations(clusters):
        m = np.array([[np.sum((y == a) & (c == b)) for b in perm] for a in classes])
        if best is None or np.trace(m) > np.trace(best):
            best = m
    return best


@pytest.mark.parametrize("seed", range(6))
def test_cluster_confusion_diagonal_is_the_best_matching(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, 40)
    c = np.where(rng.random(40) < 0.6, (y * 3 + 1) % 4 + 10, rng.integers(10, 14, 40))  # renamed, noisy
    result = I.cluster_confusion(y, c)
    assert np.trace(result.matrix) == np.trace(brute_force_confusion(y, c))
    acc, mapping = I.matched_accuracy(y, c)
    assert result.accuracy == acc and np.trace(result.matrix) == round(acc * 40)
    # with the clusters renamed to their matched classes it is scikit-learn's confusion matrix
    renamed = np.array([mapping[v] for v in c.tolist()])
    np.testing.assert_array_equal(result.matrix, confusion_matrix(y, renamed))
    assert result.matched_class == [mapping[k] for k in result.clusters.tolist()]
    np.testing.assert_array_equal(result.wrong, renamed != y)


def test_cluster_confusion_with_more_clusters_than_classes_puts_unmatched_last():
    y = np.array([0, 0, 0, 1, 1, 1])
    c = np.array([5, 5, 2, 9, 9, 9])
    result = I.cluster_confusion(y, c)
    assert result.clusters.tolist() == [5, 9, 2] and result.matched_class == [0, 1, None]
    np.testing.assert_array_equal(result.matrix, [[2, 0, 1], [0, 3, 0]])
    assert result.wrong.tolist() == [False, False, True, False, False, False]
    assert result.matrix.sum() == len(y)
    with pytest.raises(ValueError, match="same non-zero length"):
        I.cluster_confusion(y, c[:-1])


def test_plot_confusion_annotates_every_nonzero_cell(ax):
    result = I.cluster_confusion([0, 0, 1, 1, 1], [7, 7, 3, 3, 7])
    I.plot_confusion(ax, result)
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["1", "2", "2"]
    assert "accuracy 0.800" in ax.get_title() and ax.get_xlabel() and ax.get_ylabel() == "true class"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["7\u21920", "3\u21921"]
    with pytest.raises(TypeError, match="ClusterConfusion"):
        I.plot_confusion(ax, result.matrix)


def test_plot_cluster_map_one_style_per_cluster_and_rings_the_mistakes(digits, ax):
    from kmeans_edu import KMeans

    X, y = digits
    labels = KMeans(10, n_init=2, random_state=0).fit(X).labels_
    E = I.embed_2d(X)
    conf = I.cluster_confusion(y, labels)
    artists = I.plot_cluster_map(ax, E, labels, wrong=conf.wrong)
    assert len(artists) == 10 and sum(len(a.get_offsets()) for a in artists) == len(X)
    from matplotlib.colors import to_rgba

    from kmeans_edu.plots import PALETTE

    styles = {(tuple(np.round(a.get_facecolor()[0], 6)), tuple(a.get_paths()[0].vertices.round(6).ravel()))
              for a in artists}
    assert len(styles) == 10  # ten clusters: no two alike in both colour and shape
    assert all(tuple(np.round(to_rgba(PALETTE[j % 8]), 6)) == tuple(np.round(a.get_facecolor()[0], 6))
               for j, a in enumerate(artists))  # the series' Okabe-Ito colours, never tab10
    ring = ax.collections[-1]
    assert len(ring.get_offsets()) == conf.wrong.sum() > 0
    assert ax.get_title() == "Clusters on a PCA map" and ax.get_xlabel() == "PCA 1" and ax.get_ylabel() == "PCA 2"
    with pytest.raises(ValueError, match="shape"):
        I.plot_cluster_map(ax, E[:, :1], labels)
    with pytest.raises(ValueError, match="labels"):
        I.plot_cluster_map(ax, E, labels[:-1])
