"""Bad input: one test per case, each a clear error that names the argument."""

import numpy as np
import pytest
import scipy.sparse as sp

from kmeans_edu import KMeans, assign_labels, kmeans_plusplus, lloyd, sse, update_centers

X = np.array([[1.0, 2.0], [1.0, 4.0], [1.0, 0.0], [4.0, 2.0], [4.0, 4.0], [4.0, 0.0]])


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_inf_in_X(bad):
    Xb = X.copy()
    Xb[3, 1] = bad
    with pytest.raises(ValueError, match="Input X contains (NaN|infinity)"):
        KMeans(2).fit(Xb)
    with pytest.raises(ValueError, match="Input X contains (NaN|infinity)"):
        assign_labels(Xb, X[:2])
    with pytest.raises(ValueError, match="Input X contains"):
        kmeans_plusplus(Xb, 2)


def test_nan_in_centers():
    with pytest.raises(ValueError, match="Input centers contains NaN"):
        assign_labels(X, np.array([[0.0, np.nan], [1.0, 1.0]]))


def test_empty_X():
    with pytest.raises(ValueError, match="0 sample"):
        KMeans(2).fit(np.empty((0, 2)))
    with pytest.raises(ValueError, match="X is empty"):
        lloyd(np.empty((0, 2)), X[:2])


def test_one_dimensional_X():
    with pytest.raises(ValueError, match="X must be 2-D.*reshape"):
        KMeans(2).fit(np.arange(6.0))
    with pytest.raises(ValueError, match="X must be 2-D"):
        assign_labels(np.arange(6.0), X[:2])


@pytest.mark.parametrize("k", [0, -1])
def test_n_clusters_below_one(k):
    with pytest.raises(ValueError, match="n_clusters"):
        KMeans(k).fit(X)
    with pytest.raises(ValueError, match="n_clusters must be >= 1"):
        kmeans_plusplus(X, k)


def test_n_clusters_above_n_samples():
    with pytest.raises(ValueError, match="n_samples=6 should be >= n_clusters=7"):
        KMeans(7).fit(X)
    with pytest.raises(ValueError, match="n_samples=6 should be >= n_clusters=7"):
        kmeans_plusplus(X, 7)


def test_n_clusters_not_an_integer():
    with pytest.raises((TypeError, ValueError), match="n_clusters"):
        KMeans(2.5).fit(X)
    with pytest.raises(TypeError, match="n_clusters must be an integer"):
        kmeans_plusplus(X, 2.5)


def test_init_array_of_wrong_shape():
    with pytest.raises(ValueError, match=r"initial centers \(3, 2\).*expected \(2, 2\)"):
        KMeans(2, init=X[:3]).fit(X)
    with pytest.raises(ValueError, match=r"initial centers \(2, 1\)"):
        KMeans(2, init=X[:2, :1]).fit(X)


def test_init_callable_returning_wrong_shape():
    with pytest.raises(ValueError, match="the centres returned by init"):
        KMeans(2, init=lambda X, k, random_state: X[:3]).fit(X)


def test_init_unknown_string():
    with pytest.raises(ValueError, match="'init' parameter"):
        KMeans(2, init="kmeans++").fit(X)


def test_negative_sample_weight():
    w = np.ones(len(X))
    w[2] = -1
    with pytest.raises(ValueError, match="sample_weight must be non-negative.*index 2"):
        KMeans(2).fit(X, sample_weight=w)


def test_sample_weight_all_zero_or_wrong_length():
    with pytest.raises(ValueError, match="sample_weight must have a positive sum"):
        KMeans(2).fit(X, sample_weight=np.zeros(len(X)))
    with pytest.raises(ValueError, match=r"sample_weight.shape == \(5,\), expected \(6,\)"):
        KMeans(2).fit(X, sample_weight=np.ones(5))


def test_strings():
    S = np.array([["a", "b"], ["c", "d"]])
    with pytest.raises(ValueError, match="X must hold numbers"):
        KMeans(1).fit(S)
    with pytest.raises(ValueError, match="X must be an array of numbers"):
        assign_labels(S, X[:1])
    with pytest.raises(ValueError, match="sample_weight must be an array of numbers"):
        KMeans(2).fit(X, sample_weight=["x"] * 6)


def test_sparse_input():
    with pytest.raises(TypeError, match="[Ss]parse"):
        KMeans(2).fit(sp.csr_matrix(X))
    with pytest.raises(TypeError, match="X is a sparse matrix"):
        assign_labels(sp.csr_matrix(X), X[:2])


def test_unknown_metric():
    with pytest.raises(ValueError, match="'metric' parameter"):
        KMeans(2, metric="chebyshev").fit(X)
    with pytest.raises(ValueError, match="metric must be one of"):
        assign_labels(X, X[:2], metric="chebyshev")


def test_cosine_with_zero_row():
    Xz = X.copy()
    Xz[1] = 0
    with pytest.raises(ValueError, match="X has an all-zero row \\(index 1\\)"):
        KMeans(2, metric="cosine").fit(Xz)


def test_predict_with_wrong_number_of_features():
    km = KMeans(2, random_state=0).fit(X)
    with pytest.raises(ValueError, match="X has 3 features, but KMeans is expecting 2"):
        km.predict(np.ones((2, 3)))


def test_labels_out_of_range_for_update_and_sse():
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 2\)"):
        update_centers(X, [0, 1, 2, 0, 1, 0], X[:2])
    with pytest.raises(ValueError, match=r"labels must be an integer array of shape \(6,\)"):
        sse(X, [0, 1], X[:2])


def test_lloyd_parameters():
    with pytest.raises(ValueError, match="max_iter must be a positive integer"):
        lloyd(X, X[:2], max_iter=0)
    with pytest.raises(ValueError, match="tol must be a number >= 0"):
        lloyd(X, X[:2], tol=-1)
    with pytest.raises(ValueError, match="stop_when must hold rules"):
        lloyd(X, X[:2], stop_when=("max_iter_typo",))
    with pytest.raises(ValueError, match="init has 1 features but X has 2"):
        lloyd(X, X[:2, :1])


def test_input_is_never_modified():
    Xc, w = X.copy(), np.ones(len(X))
    init = X[:2].copy()
    KMeans(2, init=init, copy_x=False).fit(Xc, sample_weight=w)
    np.testing.assert_array_equal(Xc, X)
    np.testing.assert_array_equal(init, X[:2])
    np.testing.assert_array_equal(w, np.ones(len(X)))
