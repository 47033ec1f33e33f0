"""More ways to choose K: per-point silhouette and Davies-Bouldin against scikit-learn, the gap statistic
against the formula of Tibshirani, Walther & Hastie (2001) computed by hand on data small enough to solve exactly."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.cluster import KMeans as SkKMeans  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402
from sklearn.metrics import davies_bouldin_score, silhouette_samples, silhouette_score  # noqa: E402

from kmeans_edu import KMeans  # noqa: E402
from kmeans_edu.choosing_k import (  # noqa: E402
    GapResult,
    davies_bouldin_index,
    davies_bouldin_sweep,
    gap_reference,
    gap_rule,
    gap_statistic,
    k_report,
    plot_gap,
    plot_silhouette_diagram,
    silhouette_diagram,
    sse_sweep,
)
from kmeans_edu.exercises.questions.nb03 import _pentagon as pentagon  # noqa: E402


@pytest.fixture(scope="module")
def blobs():
    X, _ = make_blobs(150, centers=4, cluster_std=0.7, random_state=3)
    return X


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


# --- per-point silhouette -----------------------------------------------------------------------


@pytest.mark.parametrize("chunk_size", [7, 512])
def test_silhouette_diagram_equals_sklearn_silhouette_samples(blobs, chunk_size):
    labels = SkKMeans(4, n_init=2, random_state=0).fit(blobs).labels_
    d = silhouette_diagram(blobs, labels, chunk_size=chunk_size)
    np.testing.assert_allclose(d.values, silhouette_samples(blobs, labels), rtol=1e-12, atol=1e-14)
    assert d.mean == pytest.approx(silhouette_score(blobs, labels), rel=1e-12)
    for j, c in enumerate(d.clusters):
        assert d.cluster_means[j] == pytest.approx(d.values[labels == c].mean(), rel=1e-12)


def test_silhouette_diagram_singleton_and_misplaced_point():
    X = np.array([[0.0, 0], [0, 1], [1, 0], [5, 5], [5, 6], [20, 20]])
    labels = np.array([0, 0, 1, 1, 1, 2])  # (1, 0) is put with the far cluster; (20, 20) alone
    d = silhouette_diagram(X, labels)
    np.testing.assert_allclose(d.values, silhouette_samples(X, labels), rtol=1e-12)
    assert d.values[5] == 0.0 and d.values[2] < 0 and d.n_negative >= 1


def test_silhouette_diagram_order_groups_by_cluster_then_sorts_down(blobs):
    labels = SkKMeans(3, n_init=2, random_state=0).fit(blobs).labels_
    d = silhouette_diagram(blobs, labels)
    assert sorted(d.order.tolist()) == list(range(len(blobs)))
    ordered_labels = d.labels[d.order]
    assert (np.diff(ordered_labels) >= 0).all()
    for c in d.clusters:
        v = d.values[d.order][ordered_labels == c]
        assert (np.diff(v) <= 0).all()


def test_plot_silhouette_diagram_one_bar_per_point_titled_and_labelled(blobs, ax):
    labels = SkKMeans(4, n_init=2, random_state=0).fit(blobs).labels_
    d = silhouette_diagram(blobs, labels)
    bars = plot_silhouette_diagram(ax, d)
    assert len(bars) == 4 and sum(len(b) for b in bars) == len(blobs)
    widths = [[p.get_width() for p in b] for b in bars]
    for c, w in zip(d.clusters, widths, strict=True):
        np.testing.assert_allclose(w, np.sort(d.values[labels == c])[::-1])
    assert "K = 4" in ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(TypeError, match="diagram"):
        plot_silhouette_diagram(ax, d.values)


@pytest.mark.parametrize(
    ("labels", "error", "match"),
    [
        ([0, 1], ValueError, "one label per row"),
        (np.zeros(6, dtype=int), ValueError, "between 2 and"),
        (np.arange(6), ValueError, "between 2 and"),
        (np.array([0.0, 0, 1, 1, 2, 2]), TypeError, "integers"),
    ],
)
def test_silhouette_and_davies_bouldin_reject_bad_labels(labels, error, match):
    X = np.arange(12.0).reshape(6, 2)
    with pytest.raises(error, match=match):
        silhouette_diagram(X, labels)
    with pytest.raises(error, match=match):
        davies_bouldin_index(X, labels)


# --- Davies-Bouldin -----------------------------------------------------------------------------


def test_davies_bouldin_equals_sklearn(blobs):
    rng = np.random.default_rng(0)
    for labels in [SkKMeans(k, n_init=2, random_state=0).fit(blobs).labels_ for k in (2, 4, 7)] + [
        rng.integers(0, 5, len(blobs))
    ]:
        assert davies_bouldin_index(blobs, labels) == pytest.approx(davies_bouldin_score(blobs, labels), rel=1e-12)
    # sklearn's conventions: 0 when every cluster is a single repeated point
    X = np.array([[0.0, 0], [0, 0], [3, 3], [3, 3]])
    assert davies_bouldin_index(X, [0, 0, 1, 1]) == davies_bouldin_score(X, [0, 0, 1, 1]) == 0.0


def test_davies_bouldin_sweep_is_lowest_at_the_true_k(blobs):
    ks = range(2, 8)
    db = davies_bouldin_sweep(blobs, ks, n_init=2)
    for k, v in zip(ks, db, strict=True):
        labels = SkKMeans(k, n_init=2, random_state=0).fit(blobs).labels_
        assert v == pytest.approx(davies_bouldin_score(blobs, labels), rel=1e-12)
    assert list(ks)[int(np.argmin(db))] == 4


# --- the gap statistic --------------------------------------------------------------------------


def optimal_sse_1d(x, k):
    """Exact k-means optimum in 1-D by brute force: an optimal partition is contiguous in sorted order."""
    x = np.sort(x)
    best = np.inf
    for cuts in itertools.combinations(range(1, len(x)), k - 1):
        parts = np.split(x, cuts)
        best = min(best, sum(((p - p.mean()) ** 2).sum() for p in parts))
    return best


@pytest.mark.parametrize(
    ("x", "expected_k"),
    [
        ([0.0, 0.3, 0.5, 9.0, 9.2, 9.3, 9.5], 2),
        # three equally spaced groups: K = 2 is no better than K = 1, so the rule stops at 1 although Gap(3) is largest
        ([0.0, 0.3, 0.5, 4.0, 4.4, 9.0, 9.2], 1),
    ],
)
def test_gap_statistic_equals_the_paper_formula_by_hand(x, expected_k):
    x = np.array(x)
    X = x[:, None]
    ks, B = [1, 2, 3, 4], 5
    result = gap_statistic(X, ks, n_refs=B, random_state=3, n_init=10)
    refs = gap_reference(X, B, random_state=3)
    # the paper: W_k = sum_r D_r / (2 n_r), D_r = sum of squared distances over all ordered pairs in cluster r
    log_w = np.log([optimal_sse_1d(x, k) for k in ks])
    ref_log_w = np.log([[optimal_sse_1d(r[:, 0], k) for k in ks] for r in refs])
    gap = ref_log_w.mean(axis=0) - log_w
    sd = np.sqrt(((ref_log_w - ref_log_w.mean(axis=0)) ** 2).sum(axis=0) / B)
    s = sd * np.sqrt(1 + 1 / B)
    k_hat = next((k for i, k in enumerate(ks[:-1]) if gap[i] >= gap[i + 1] - s[i + 1]), None)
    np.testing.assert_allclose(result.log_w, log_w, rtol=1e-10)
    np.testing.assert_allclose(result.ref_log_w, ref_log_w, rtol=1e-10)
    np.testing.assert_allclose(result.gap, gap, rtol=1e-10)
    np.testing.assert_allclose(result.sd, sd, rtol=1e-10)
    np.testing.assert_allclose(result.s, s, rtol=1e-10)
    assert result.k == k_hat == expected_k


def test_pooled_within_sum_of_pairwise_distances_is_the_sse():
    """The identity the implementation uses: sum_r D_r / (2 n_r) equals the SSE around the cluster means."""
    rng = np.random.default_rng(1)
    X = rng.standard_normal((9, 2))
    labels = np.array([0, 0, 0, 1, 1, 1, 1, 2, 2])
    w = 0.0
    for r in range(3):
        P = X[labels == r]
        w += ((P[:, None] - P[None]) ** 2).sum() / (2 * len(P))
    sse = sum(((X[labels == r] - X[labels == r].mean(axis=0)) ** 2).sum() for r in range(3))
    assert w == pytest.approx(sse, rel=1e-12)


def test_gap_rule_on_hand_made_curves():
    assert gap_rule([1, 2, 3, 4], [0.1, 0.5, 0.55, 0.6], [0.02, 0.02, 0.1, 0.1]) == 2
    assert gap_rule([1, 2, 3], [0.5, 0.45, 0.4], [0.0, 0.01, 0.01]) == 1  # no clusters: K = 1
    assert gap_rule([1, 2, 3], [0.1, 0.2, 0.3], [0.0, 0.0, 0.0]) is None  # always rising: none in range
    with pytest.raises(ValueError, match="consecutive"):
        gap_rule([1, 3, 4], [0, 0, 0], [0, 0, 0])


def test_gap_reference_box_and_pca_stay_in_their_boxes_and_are_seeded():
    rng = np.random.default_rng(0)
    t = rng.uniform(-5, 5, 200)
    X = np.c_[t, t + 0.3 * rng.standard_normal(200)]  # a thin diagonal band
    box = gap_reference(X, 4, reference="box", random_state=1)
    assert box.shape == (4, 200, 2)
    assert (box >= X.min(axis=0)).all() and (box <= X.max(axis=0)).all()
    np.testing.assert_array_equal(box, gap_reference(X, 4, reference="box", random_state=1))
    assert not np.array_equal(box, gap_reference(X, 4, reference="box", random_state=2))
    pca = gap_reference(X, 4, reference="pca", random_state=1)
    mean = X.mean(axis=0)
    _, _, vt = np.linalg.svd(X - mean, full_matrices=False)
    rot, rot_ref = (X - mean) @ vt.T, (pca - mean) @ vt.T
    tol = 1e-9
    assert (rot_ref >= rot.min(axis=0) - tol).all() and (rot_ref <= rot.max(axis=0) + tol).all()
    # the PCA box follows the band: its points stay near the diagonal, the bounding box's do not
    assert np.abs(pca[..., 1] - pca[..., 0]).max() < 3 < np.abs(box[..., 1] - box[..., 0]).max()


def test_gap_statistic_finds_blobs_and_says_one_cluster_for_uniform_data(blobs):
    assert gap_statistic(blobs, range(1, 7), n_refs=5, n_init=2).k == 4
    uniform = np.random.default_rng(0).uniform(size=(150, 2))
    assert gap_statistic(uniform, range(1, 5), n_refs=5, n_init=2).k == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"ks": [1, 3]}, ValueError, "consecutive"),
        ({"n_refs": 1}, ValueError, "n_refs"),
        ({"reference": "gauss"}, ValueError, "reference"),
        ({"random_state": None}, TypeError, "random_state"),
    ],
)
def test_gap_statistic_rejects_bad_input(blobs, kwargs, error, match):
    with pytest.raises(error, match=match):
        gap_statistic(blobs, **{"ks": [1, 2], **kwargs})


def test_plot_gap_titled_labelled_and_marks_the_rule(blobs, ax):
    result = gap_statistic(blobs, range(1, 6), n_refs=3, n_init=1)
    assert isinstance(result, GapResult)
    plot_gap(ax, result)
    assert "Gap" in ax.get_title() and ax.get_xlabel() and ax.get_ylabel() == "Gap(K)"
    assert f"K = {result.k}" in ax.get_legend().get_texts()[0].get_text()


# --- k_report with every criterion --------------------------------------------------------------


def test_k_report_with_davies_bouldin_and_gap(blobs):
    report = k_report(blobs, range(1, 8), n_init=2, criteria=("elbow", "silhouette", "davies_bouldin", "gap"), n_refs=4)
    assert report.k_davies_bouldin == 4 and report.k_gap == report.gap.k
    assert set(report.choices) <= {"elbow", "silhouette", "davies_bouldin", "gap"}
    np.testing.assert_allclose(report.davies_bouldin[1:], davies_bouldin_sweep(blobs, range(2, 8), n_init=2))
    text = report.summary()
    assert "Davies-Bouldin" in text and "gap statistic" in text
    assert ("All four criteria agree: K = 4." in text) == report.agree


@pytest.mark.parametrize("criteria", [("elbow", "bic"), (), ("gap", "gap"), "gap"])
def test_k_report_rejects_unknown_criteria(blobs, criteria):
    with pytest.raises((ValueError, TypeError), match="criteria"):
        k_report(blobs, range(1, 4), n_init=1, criteria=criteria)


# --- the definitions behind the diagram, and the claims of notebook 03 ----------------------------


def test_silhouette_diagram_a_and_b_follow_rousseeuws_definition():
    """a_i and b_i, which scikit-learn does not return, against the definition written as loops."""
    X = np.array([[0.0, 0], [0, 1], [1, 0], [5, 5], [5, 6], [6, 5], [6, 6], [20, 20], [21, 20]])
    labels = np.array([0, 0, 0, 1, 1, 1, 1, 2, 2])
    d = silhouette_diagram(X, labels)
    for i in range(len(X)):
        dist = np.linalg.norm(X - X[i], axis=1)
        own = (labels == labels[i]) & (np.arange(len(X)) != i)
        a = dist[own].mean()
        b = min(dist[labels == c].mean() for c in set(labels.tolist()) - {labels[i]})
        assert d.a[i] == pytest.approx(a, rel=1e-12) and d.b[i] == pytest.approx(b, rel=1e-12)
        assert d.values[i] == pytest.approx((b - a) / max(a, b), rel=1e-12)


def test_davies_bouldin_by_hand_three_clusters():
    """S = (1, 1, 2), centroids at 0, 10 and 30 on a line: R_01 = 2/10, R_02 = 3/30, R_12 = 3/20."""
    X = np.array([[-1.0], [1.0], [9.0], [11.0], [28.0], [32.0]])
    labels = [0, 0, 1, 1, 2, 2]
    expected = (0.2 + 0.2 + 0.15) / 3  # worst neighbour of each: 1, 0, 1
    assert davies_bouldin_index(X, labels) == pytest.approx(expected, rel=1e-12)
    assert davies_bouldin_score(X, labels) == pytest.approx(expected, rel=1e-12)


def test_one_run_per_k_can_raise_the_sse_where_the_optimum_cannot():
    """Notebook 03 and the module docstring: only the optimal SSE is monotone in K."""
    X = pentagon()  # notebook 03's data
    ours = [KMeans(k, init="random", n_init=1, random_state=4).fit(X).inertia_ for k in (4, 5)]
    sk = [SkKMeans(k, init="random", n_init=1, random_state=4).fit(X).inertia_ for k in (4, 5)]
    np.testing.assert_allclose(ours, sk, rtol=1e-10)
    assert round(ours[0], 1) == 2062.0 and round(ours[1], 1) == 2134.6 and ours[1] > ours[0]
    best = sse_sweep(X, range(1, 8), n_init=4)
    assert (np.diff(best) < 0).all()


def test_optimal_sse_is_monotone_and_zero_from_the_number_of_distinct_points():
    x = np.array([0.0, 0.0, 1.0, 3.0, 7.0])  # 5 points, 4 distinct
    optimal = [optimal_sse_1d(x, k) for k in range(1, 6)]
    assert all(b <= a for a, b in zip(optimal, optimal[1:], strict=False))
    assert optimal[2] > 0 and optimal[3] == 0.0  # 0 already at K = 4 distinct points, not only at K = n = 5
    assert KMeans(4, n_init=3, random_state=0).fit(x[:, None]).inertia_ == 0.0
