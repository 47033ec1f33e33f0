"""Tests of kmeans_edu.choosing_k: Kneedle against a naive transcription of the paper, sweeps against scikit-learn."""

import numpy as np
import pytest
from sklearn.cluster import KMeans as SkKMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import calinski_harabasz_score, silhouette_score

from kmeans_edu.choosing_k import (
    Knee,
    KReport,
    calinski_harabasz_sweep,
    find_knee,
    fit_sweep,
    k_report,
    silhouette_sweep,
    sse_sweep,
)


def naive_kneedle(x, y, S=1.0):
    """Kneedle for a convex decreasing curve, written as the paper describes it (sequential scan).

    Satopaa et al. 2011, section III: normalise, y_d = (1 - y_n) - x_n, walk the difference
    curve; at each local maximum set T = y_lmx - S * mean step of x_n; a knee is declared when
    a later value drops below T; at a local minimum the threshold is reset (wait for the next
    maximum). Returns the list of knee x values.
    """
    x = [float(v) for v in x]
    y = [float(v) for v in y]
    n = len(x)
    xn = [(v - min(x)) / (max(x) - min(x)) for v in x]
    yn = [(v - min(y)) / (max(y) - min(y)) for v in y]
    yd = [round((1.0 - yn[i]) - xn[i], 12) for i in range(n)]
    mean_step = sum(xn[i + 1] - xn[i] for i in range(n - 1)) / (n - 1)
    knees, candidate, T = [], None, None
    for i in range(1, n):
        is_max = i < n - 1 and yd[i - 1] < yd[i] >= yd[i + 1]
        if is_max:
            candidate, T = i, yd[i] - S * mean_step
            continue
        if candidate is None:
            continue
        if yd[i] < T:
            knees.append(x[candidate])
            candidate = None
        elif i < n - 1 and yd[i - 1] > yd[i] <= yd[i + 1]:  # local minimum: reset
            candidate = None
    return knees


# --- find_knee: curves with a known answer -----------------------------------------------------


def test_piecewise_linear_knee_is_the_corner():
    ks = np.arange(1, 11)
    y = np.where(ks <= 4, 100 - 20 * (ks - 1), 40 - 2 * (ks - 4))  # steep, then flat, corner at 4
    result = find_knee(ks, y)
    assert result.knee == 4.0 and result.knee_y == 40.0 and result.index == 3
    assert bool(result) and "knee at x=4" in result.reason


def test_one_over_k_matches_the_naive_version():
    ks = np.arange(1, 11)
    result = find_knee(ks, 1.0 / ks)
    assert list(result.all_knees) == naive_kneedle(ks, 1.0 / ks)
    assert result.knee == naive_kneedle(ks, 1.0 / ks)[0]
    # the knee of 1/k is where the difference curve 1 - y_n - x_n is largest
    xn = (ks - 1) / 9
    yn = (1 / ks - 0.1) / 0.9
    assert result.knee == ks[np.argmax(1 - yn - xn)]


@pytest.mark.parametrize("n", [3, 4, 10, 50])
def test_straight_line_has_no_knee(n):
    ks = np.arange(1, n + 1)
    for y in (7.3 - 0.37 * ks, 5.0 + 0.1 * ks):
        direction = "decreasing" if y[0] > y[-1] else "increasing"
        result = find_knee(ks, y, direction=direction)
        assert result.knee is None and not result
        assert "no local maximum" in result.reason
        assert np.all(result.difference == 0)


def test_flat_and_too_short_curves_have_no_knee():
    assert "flat" in find_knee([1, 2, 3], [2.0, 2.0, 2.0]).reason
    assert "at least 3" in find_knee([1, 2], [2.0, 1.0]).reason


def test_sensitivity():
    ks = np.arange(1, 11)
    y = 1.0 / ks
    assert find_knee(ks, y, S=0.0).knee is not None
    strict = find_knee(ks, y, S=100.0)
    assert strict.knee is None and "S=100" in strict.reason
    # the threshold is the local maximum minus S times the mean step of the normalised x
    r = find_knee(ks, y, S=0.5)
    i = r.index
    assert r.threshold[i] == pytest.approx(r.difference[i] - 0.5 / 9)


def test_concave_curve_has_no_elbow_when_read_as_convex():
    ks = np.arange(1, 11)
    assert find_knee(ks, -(ks**2.0)).knee is None  # concave decreasing read as convex decreasing


@pytest.mark.parametrize(
    ("curve", "direction", "transform"),
    [
        ("convex", "decreasing", lambda y: y),
        ("concave", "increasing", lambda y: -y),
        ("convex", "increasing", lambda y: y[::-1]),
        ("concave", "decreasing", lambda y: -y[::-1]),
    ],
)
def test_the_four_shapes_are_reflections(curve, direction, transform):
    ks = np.arange(1, 13)
    y = 1.0 / ks + 0.01 * np.sin(ks)
    base = find_knee(ks, y).knee
    result = find_knee(ks, transform(y), curve=curve, direction=direction)
    mirrored = direction == "increasing" if curve == "convex" else direction == "decreasing"
    expected = ks[0] + ks[-1] - base if mirrored else base
    assert result.knee == expected


def test_random_convex_curves_match_the_naive_version():
    rng = np.random.default_rng(0)
    found = 0
    for _ in range(300):
        n = int(rng.integers(3, 15))
        ks = np.cumsum(rng.integers(1, 3, size=n))  # not always evenly spaced
        drops = np.sort(rng.exponential(size=n - 1))[::-1] * rng.uniform(0.2, 1.0, size=n - 1)
        y = np.concatenate([[0.0], -np.cumsum(drops)]) + 10
        S = float(rng.choice([0.0, 0.5, 1.0, 2.0]))
        result = find_knee(ks, y, S=S)
        naive = naive_kneedle(ks, y, S)
        assert list(result.all_knees) == naive
        assert result.knee == (naive[0] if naive else None)
        found += bool(naive)
    assert 50 < found < 300  # both outcomes were exercised


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"ks": [1, 2, 3], "values": [1.0, 2.0]}, ValueError, "same length"),
        ({"ks": [1, 3, 2], "values": [3.0, 2.0, 1.0]}, ValueError, "strictly increasing"),
        ({"ks": [1, 2, 3], "values": [3.0, np.nan, 1.0]}, ValueError, "finite"),
        ({"ks": [1, 2, 3], "values": [3.0, 2.0, 1.0], "S": -1}, ValueError, "S must"),
        ({"ks": [1, 2, 3], "values": [3.0, 2.0, 1.0], "curve": "round"}, ValueError, "curve"),
        ({"ks": [1, 2, 3], "values": [3.0, 2.0, 1.0], "direction": "up"}, ValueError, "direction"),
    ],
)
def test_find_knee_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        find_knee(**kwargs)


# --- sweeps ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def blobs():
    X, _ = make_blobs(150, centers=[[-6, 0], [0, 6], [6, 0], [0, -6]], cluster_std=0.7, random_state=3)
    return X


def test_sse_sweep_matches_scikit_learn(blobs):
    ks = [1, 2, 3, 5, 8]
    ours = sse_sweep(blobs, ks, random_state=1, n_init=3)
    theirs = [SkKMeans(k, n_init=3, random_state=1).fit(blobs).inertia_ for k in ks]
    np.testing.assert_allclose(ours, theirs, rtol=1e-10)
    assert ours.dtype == np.float64 and ours.shape == (5,)


def test_sse_sweep_is_non_increasing_and_its_knee_is_the_true_k(blobs):
    ks = np.arange(1, 11)
    sse = sse_sweep(blobs, ks)
    assert np.all(np.diff(sse) <= 1e-9 * sse[0])
    assert find_knee(ks, sse).knee == 4


def test_sse_sweep_other_metric_is_the_metric_objective(blobs):
    models = fit_sweep(blobs, [2, 3], metric="manhattan", n_init=2)
    sse = sse_sweep(blobs, [2, 3], metric="manhattan", n_init=2)
    for km, value in zip(models, sse, strict=True):
        l1 = np.abs(blobs - km.cluster_centers_[km.labels_]).sum()
        assert value == pytest.approx(l1, rel=1e-10)


def test_silhouette_and_ch_sweeps_match_scikit_learn(blobs):
    ks = [2, 3, 4, 6]
    sil = silhouette_sweep(blobs, ks, n_init=2)
    ch = calinski_harabasz_sweep(blobs, ks, n_init=2)
    for k, s, c in zip(ks, sil, ch, strict=True):
        labels = SkKMeans(k, n_init=2, random_state=0).fit(blobs).labels_
        assert s == pytest.approx(silhouette_score(blobs, labels), rel=1e-12)
        assert c == pytest.approx(calinski_harabasz_score(blobs, labels), rel=1e-12)
    assert ks[int(np.argmax(sil))] == 4 and ks[int(np.argmax(ch))] == 4


def test_k_report_agrees_on_clear_blobs(blobs):
    report = k_report(blobs, range(1, 9), n_init=2)
    assert isinstance(report, KReport) and isinstance(report.knee, Knee)
    assert (report.k_elbow, report.k_silhouette, report.k_calinski_harabasz) == (4, 4, 4)
    assert report.agree and "agree: K = 4" in report.summary()
    assert np.isnan(report.silhouette[0]) and np.isnan(report.calinski_harabasz[0])
    np.testing.assert_allclose(report.sse, sse_sweep(blobs, range(1, 9), n_init=2), rtol=1e-12)


def test_k_report_says_when_the_criteria_disagree():
    # two pairs of close blobs: the elbow sees 2 groups, the silhouette prefers a different K
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [0, 3.0], [12, 0], [12, 3.0], [30, 0]])
    X = np.concatenate([c + 0.5 * rng.standard_normal((40, 2)) for c in centres])
    report = k_report(X, range(1, 9), n_init=2)
    picks = (report.k_elbow, report.k_silhouette, report.k_calinski_harabasz)
    assert len(set(picks)) > 1 and not report.agree
    assert "DISAGREE" in report.summary()


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda X: sse_sweep(X, [3, 2]), ValueError, "strictly increasing"),
        (lambda X: sse_sweep(X, [0, 1]), ValueError, ">= 1"),
        (lambda X: sse_sweep(X, [1, 500]), ValueError, "n_samples"),
        (lambda X: sse_sweep(X, [1.5, 2]), TypeError, "integers"),
        (lambda X: sse_sweep(X, []), ValueError, "non-empty"),
        (lambda X: sse_sweep(X, [1, 2], metric="chebyshev"), ValueError, "metric"),
        (lambda X: sse_sweep(X[:, 0], [1, 2]), ValueError, "2-D"),
        (lambda X: silhouette_sweep(X, [1, 2]), ValueError, ">= 2"),
        (lambda X: silhouette_sweep(X, [2, 150]), ValueError, "n_samples - 1"),
        (lambda X: k_report(X, [1, 150]), ValueError, "n_samples - 1"),
    ],
)
def test_sweeps_reject_bad_input(blobs, call, error, match):
    with pytest.raises(error, match=match):
        call(blobs)
