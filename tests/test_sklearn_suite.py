"""scikit-learn's own ``sklearn/cluster/tests/test_k_means.py``, run against kmeans_edu.

The installed scikit-learn's test file is read and adapted by a few exact substitutions (each
must match, so that a new scikit-learn version that changes them fails here loudly):
``KMeans`` and ``kmeans_plusplus`` become kmeans_edu's, the estimator lists
``[KMeans, MiniBatchKMeans]`` become ``[KMeans]``, and the data containers are dense only.
Then its public-API tests are collected here. Left out, each for a reason (``EXCLUDED``):
MiniBatchKMeans, scikit-learn's private helpers and its ``k_means`` function (not part of
kmeans_edu), and sparse input (kmeans_edu works on dense arrays and says so).
"""

import os
import types
from pathlib import Path

import numpy as np
import pytest
import sklearn

SOURCE = Path(sklearn.__file__).parent / "cluster" / "tests" / "test_k_means.py"

SUBSTITUTIONS = (
    (
        "from sklearn.cluster import KMeans, MiniBatchKMeans, k_means, kmeans_plusplus\n",
        "from sklearn.cluster import MiniBatchKMeans, k_means\nfrom kmeans_edu import KMeans, kmeans_plusplus\n",
    ),
    ("[KMeans, MiniBatchKMeans]", "[KMeans]"),
    ('[(KMeans, "lloyd"), (KMeans, "elkan"), (MiniBatchKMeans, None)]', '[(KMeans, "lloyd"), (KMeans, "elkan")]'),
    ("X_as_any_csr = [container(X) for container in CSR_CONTAINERS]\n", "X_as_any_csr = []\n"),
    ("data_containers = [np.array] + CSR_CONTAINERS\n", "data_containers = [np.array]\n"),
    (
        """data_containers_ids = (
    ["dense", "sparse_matrix", "sparse_array"]
    if len(X_as_any_csr) == 2
    else ["dense", "sparse_matrix"]
)""",
        'data_containers_ids = ["dense"]',
    ),
    (
        '@pytest.mark.parametrize("csr_container", CSR_CONTAINERS + [None])',
        '@pytest.mark.parametrize("csr_container", [None])',
    ),
)  # fmt: skip

EXCLUDED = {
    # MiniBatchKMeans only
    "test_minibatch_update_consistency": "MiniBatchKMeans and private _mini_batch_step",
    "test_minibatch_kmeans_partial_fit_init": "MiniBatchKMeans",
    "test_minibatch_kmeans_verbose": "MiniBatchKMeans",
    "test_minibatch_kmeans_warning_init_size": "MiniBatchKMeans",
    "test_minibatch_sensible_reassign": "MiniBatchKMeans",
    "test_minibatch_reassign": "MiniBatchKMeans and private _mini_batch_step",
    "test_minibatch_with_many_reassignments": "MiniBatchKMeans",
    "test_minibatch_kmeans_init_size": "MiniBatchKMeans",
    "test_minibatch_declared_convergence": "MiniBatchKMeans",
    "test_minibatch_iter_steps": "MiniBatchKMeans",
    "test_n_init_auto": "parametrised over MiniBatchKMeans too (KMeans's default n_init is checked elsewhere)",
    # scikit-learn's private helpers and functions kmeans_edu does not have
    "test_relocate_empty_clusters": "private _relocate_empty_clusters_dense/_sparse",
    "test_euclidean_distance": "private _euclidean_dense_dense_wrapper",
    "test_inertia": "private _inertia_dense/_sparse",
    "test_is_same_clustering": "private _is_same_clustering",
    "test_k_means_function": "sklearn.cluster.k_means, a function kmeans_edu does not have",
    "test_kmeans_init_auto_with_initial_centroids": "private attribute _n_init",
    "test_sample_weight_init": "private method _init_centroids",
    "test_sample_weight_zero": "private method _init_centroids",
    # sparse input only
    "test_dense_sparse": "sparse input (kmeans_edu works on dense arrays)",
    "test_predict_dense_sparse": "sparse input (kmeans_edu works on dense arrays)",
}


def _adapted_module():
    text = SOURCE.read_text()
    for old, new in SUBSTITUTIONS:
        if old not in text:
            raise AssertionError(f"scikit-learn's test file changed: {old[:60]!r} not found")
        text = text.replace(old, new)
    module = types.ModuleType("sklearn_test_k_means_on_kmeans_edu")
    module.__file__ = str(SOURCE)
    exec(compile(text, str(SOURCE), "exec"), module.__dict__)
    return module


_suite = _adapted_module()
TESTS = sorted(name for name in vars(_suite) if name.startswith("test_"))
for _name in TESTS:
    if _name not in EXCLUDED:
        globals()[_name] = getattr(_suite, _name)


@pytest.fixture
def global_random_seed():
    """scikit-learn's fixture, with its default seed (42) unless SKLEARN_TESTS_GLOBAL_RANDOM_SEED is an int."""
    seed = os.environ.get("SKLEARN_TESTS_GLOBAL_RANDOM_SEED", "42")
    return int(seed) if seed.isdigit() else 42


@pytest.fixture(params=[np.float64, np.float32], ids=["float64", "float32"])
def global_dtype(request):
    """scikit-learn's fixture (float32 too, which scikit-learn runs only on request)."""
    return request.param


def test_the_adapted_suite_uses_kmeans_edu():
    import kmeans_edu

    assert _suite.KMeans is kmeans_edu.KMeans and _suite.kmeans_plusplus is kmeans_edu.kmeans_plusplus
    assert set(EXCLUDED) <= set(TESTS), set(EXCLUDED) - set(TESTS)  # every exclusion names a real test
    assert len(TESTS) - len(EXCLUDED) >= 35  # 37 with scikit-learn 1.9


# The three differences the suite found (issue 15), checked directly against scikit-learn.


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float32, np.float64])
def test_kmeans_plusplus_centres_have_sklearns_dtype(dtype):
    import sklearn.cluster as skc

    from kmeans_edu import kmeans_plusplus

    data = (_suite.X * 10).astype(dtype)
    ref_centers, ref_indices = skc.kmeans_plusplus(data, 3, random_state=0)
    centers, indices = kmeans_plusplus(data, 3, random_state=0)
    assert centers.dtype == ref_centers.dtype == dtype
    np.testing.assert_array_equal(indices, ref_indices)
    np.testing.assert_array_equal(centers, ref_centers)


def test_x_squared_norms_is_checked_like_sklearns():
    import sklearn.cluster as skc

    from kmeans_edu import kmeans_plusplus

    X = _suite.X
    for bad in (X[:2], np.ones(5), np.ones(101)):
        with pytest.raises(ValueError) as ref:
            skc.kmeans_plusplus(X, 3, x_squared_norms=bad)
        with pytest.raises(ValueError) as ours:
            kmeans_plusplus(X, 3, x_squared_norms=bad)
        assert str(ours.value) == str(ref.value)
    good = (X**2).sum(axis=1)
    np.testing.assert_array_equal(
        kmeans_plusplus(X, 3, x_squared_norms=good, random_state=1)[1], kmeans_plusplus(X, 3, random_state=1)[1]
    )
    with pytest.raises(ValueError, match="x_squared_norms contains NaN"):
        kmeans_plusplus(X, 3, x_squared_norms=np.full(len(X), np.nan))


@pytest.mark.parametrize("shape", [(2, 5), (3, 2), (2, 2)])
def test_init_of_the_wrong_shape_is_reported_in_sklearns_words(shape):
    import sklearn.cluster as skc

    from kmeans_edu import KMeans

    init = np.ones(shape)
    with pytest.raises(ValueError) as ref:
        skc.KMeans(3, init=init, n_init=1).fit(_suite.X)
    with pytest.raises(ValueError) as ours:
        KMeans(3, init=init, n_init=1).fit(_suite.X)
    sklearn_words = str(ref.value).split(f"{shape} ")[1].rstrip(".")  # "does not match the number of ..."
    assert sklearn_words in str(ours.value)
    assert str(ours.value).startswith(f"The shape of the initial centers {shape}")
