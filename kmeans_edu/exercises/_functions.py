"""The "write this step" exercises: the learner writes a function, the check calls it on many cases.

Each exercise has a textbook NumPy reference solution (what :func:`solution` shows), fixed cases for the
places where learners go wrong (ties, an empty cluster, one cluster, one feature, integer input, float32,
uint8 images), a few cases drawn from the learner's seed, and models of the misconceptions it recognises.
The references are checked against the library itself in ``tests/test_exercises.py``.
"""

import math
import warnings

import numpy as np

from . import _compare as compare
from ._core import Case, FunctionExercise, Misconception, register

# ----------------------------------------------------------------------------------------------------------------
# Reference solutions (textbook NumPy, as short as the idea)
# ----------------------------------------------------------------------------------------------------------------


def assign_labels(X, centers):
    """Assignment step: the index of the nearest centre for every row of X (ties go to the lowest index)."""
    X, centers = np.asarray(X, dtype=float), np.asarray(centers, dtype=float)
    d2 = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)  # (n, k) squared distances
    return d2.argmin(axis=1)  # argmin returns the first (lowest) index on a tie


def update_centers(X, labels, centers):
    """Update step: every centre moves to the mean of its points; an empty cluster keeps its old centre."""
    X = np.asarray(X, dtype=float)
    new = np.array(centers, dtype=float)  # a float copy: the old centres stay as they were
    for j in range(len(new)):
        members = X[labels == j]
        if len(members) > 0:
            new[j] = members.mean(axis=0)
    return new


def sse(X, labels, centers):
    """The objective: sum over all points of the squared distance to their own centre."""
    X, centers = np.asarray(X, dtype=float), np.asarray(centers, dtype=float)
    return float(((X - centers[labels]) ** 2).sum())


def kmeanspp_probabilities(X, chosen):
    """k-means++: the chance of each row being the next centre, D(x)^2 / sum D^2.

    ``chosen`` holds the row indices of X already chosen as centres; D(x) is the distance from x to
    the nearest of them.
    """
    X = np.asarray(X, dtype=float)
    C = X[np.asarray(chosen)]
    D2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).min(axis=1)  # squared distance to the nearest
    return D2 / D2.sum()


def median_update(X, labels, centers):
    """k-medians update: every centre moves to the coordinate-wise median of its points (empty: unchanged)."""
    X = np.asarray(X, dtype=float)
    new = np.array(centers, dtype=float)
    for j in range(len(new)):
        members = X[labels == j]
        if len(members) > 0:
            new[j] = np.median(members, axis=0)
    return new


def distortion(X, code_book):
    """SciPy's distortion: the mean (unsquared) Euclidean distance from each row to its nearest code."""
    X, code_book = np.asarray(X, dtype=float), np.asarray(code_book, dtype=float)
    d = np.sqrt(((X[:, None, :] - code_book[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    return float(d.mean())


def whiten(X):
    """SciPy's whiten: divide every feature (column) by its standard deviation (ddof=0); no centring."""
    X = np.asarray(X, dtype=float)
    return X / X.std(axis=0)


def quantized_bits(n_pixels, k):
    """Bits of a K-colour palette image: ceil(log2 K) bits per pixel index, plus 24 bits per palette colour."""
    bits_per_pixel = math.ceil(math.log2(k))  # 0 for K = 1: every pixel is the one colour
    return n_pixels * bits_per_pixel + 24 * k


def psnr(original, reconstructed):
    """Peak signal-to-noise ratio in dB of a uint8 image: 10 log10(255^2 / MSE)."""
    diff = np.asarray(original, dtype=float) - np.asarray(reconstructed, dtype=float)  # no uint8 wrap-around
    mse = np.mean(diff**2)
    return float(10 * np.log10(255.0**2 / mse)) if mse > 0 else math.inf


def matched_accuracy(true_labels, cluster_labels):
    """Accuracy after matching clusters to classes one-to-one so that the most points agree."""
    from scipy.optimize import linear_sum_assignment

    classes, t = np.unique(true_labels, return_inverse=True)
    clusters, c = np.unique(cluster_labels, return_inverse=True)
    table = np.zeros((len(clusters), len(classes)), dtype=int)  # table[cluster, class] = count
    np.add.at(table, (c, t), 1)
    rows, cols = linear_sum_assignment(table, maximize=True)  # the best one-to-one matching
    return float(table[rows, cols].sum() / len(t))


# ----------------------------------------------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------------------------------------------


def _blobs(rng, n, k, d, spread=0.6):
    centres = rng.uniform(-5, 5, size=(k, d))
    labels = rng.integers(0, k, size=n)
    return centres[labels] + rng.normal(scale=spread, size=(n, d))


_SMALL = np.array([[1.0, 2.0], [1.5, 1.8], [5.0, 8.0], [8.0, 8.0], [1.0, 0.6], [9.0, 11.0]])
_SMALL_C = np.array([[1.0, 1.0], [7.0, 9.0]])


def _point_cases(rng):
    """Cases (X, centers) for the assignment and distortion exercises."""
    ties = np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 0.0], [1.0, 5.0], [3.0, 0.0]])  # rows 2 and 3 tie
    cases = [
        Case("two clusters", (_SMALL, _SMALL_C)),
        Case("ties (a point halfway between two centres)", (ties, np.array([[0.0, 0.0], [2.0, 0.0], [9.0, 9.0]]))),
        Case("one cluster", (_SMALL, np.array([[4.0, 5.0]]))),
        Case("one feature", (np.array([[0.5], [2.0], [3.9], [7.0], [10.0]]), np.array([[1.0], [4.0], [9.0]]))),
        Case("integer input", (np.array([[0, 1], [5, 5], [9, 1], [4, 4], [1, 1]]), np.array([[1, 1], [5, 4]]))),
        Case("float32", (_SMALL.astype(np.float32) * 1.1, _SMALL_C.astype(np.float32))),
    ]
    for i in range(3):
        n, k, d = int(rng.integers(15, 40)), int(rng.integers(3, 6)), int(rng.integers(2, 5))
        X = _blobs(rng, n, k, d)
        cases.append(Case(f"random data {i + 1}", (X, X[rng.choice(n, k, replace=False)] + 0.1)))
    return cases


def _label_cases(rng, empty_keeps=True):
    """Cases (X, labels, centers) for the update and SSE exercises."""
    X_empty = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 3.0], [10.0, 10.0], [12.0, 10.0], [10.0, 17.0], [0.0, 5.0]])
    cases = [
        Case("two clusters", (_SMALL, np.array([0, 0, 1, 1, 0, 1]), _SMALL_C)),
        Case("an empty cluster", (X_empty, np.array([0, 0, 0, 1, 1, 1, 0]),
                                  np.array([[1.0, 1.0], [10.0, 11.0], [50.0, 50.0]]))),
        Case("one cluster", (_SMALL, np.zeros(6, dtype=np.int64), np.array([[4.0, 5.0]]))),
        Case("one feature", (np.array([[0.5], [2.0], [3.0], [7.0], [10.0], [13.0]]),
                             np.array([0, 0, 0, 1, 1, 1]), np.array([[1.0], [9.0]]))),
        Case("integer input", (np.array([[0, 1], [5, 5], [9, 2], [4, 4], [1, 1], [2, 0]]),
                               np.array([0, 1, 1, 1, 1, 0]), np.array([[1, 1], [5, 4]]))),
        Case("float32", (_SMALL.astype(np.float32) * 1.1, np.array([0, 0, 1, 1, 0, 1], dtype=np.int32),
                         _SMALL_C.astype(np.float32))),
    ]
    for i in range(3):
        n, k, d = int(rng.integers(15, 40)), int(rng.integers(3, 6)), int(rng.integers(2, 5))
        X = _blobs(rng, n, k, d)
        centers = X[rng.choice(n, k, replace=False)]
        cases.append(Case(f"random data {i + 1}", (X, assign_labels(X, centers), centers)))
    return cases


def _chosen_cases(rng):
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [5.0, 5.0], [6.0, 5.0], [9.0, 0.0], [4.0, 1.0]])
    cases = [
        Case("one centre chosen", (X, [0])),
        Case("two centres chosen", (X, [0, 3])),
        Case("three centres chosen", (X, [5, 0, 3])),
        Case("one feature", (np.array([[0.0], [1.0], [3.0], [7.0], [8.0]]), [1, 3])),
        Case("integer input", (np.array([[0, 0], [2, 1], [4, 4], [6, 1], [1, 5]]), [2, 0])),
        Case("float32", (X.astype(np.float32) * 1.5, [3, 1])),
    ]
    for i in range(3):
        n, d = int(rng.integers(15, 40)), int(rng.integers(2, 5))
        X = _blobs(rng, n, 4, d)
        m = int(rng.integers(1, 4))
        cases.append(Case(f"random data {i + 1}", (X, [int(j) for j in rng.choice(n, m, replace=False)])))
    return cases


def _whiten_cases(rng):
    cases = [
        Case("three features", (np.array([[1.9, 2.3, 1.7], [1.5, 2.5, 2.2], [0.8, 0.6, 1.7]]),)),
        Case("one feature", (np.array([[1.0], [2.0], [4.0], [8.0]]),)),
        Case("integer input", (np.array([[1, 10], [2, 30], [4, 20], [3, 60]]),)),
        Case("float32", (np.array([[1.0, 200.0], [3.0, 100.0], [2.0, 400.0]], dtype=np.float32),)),
        Case("features far from zero", (np.array([[100.0, -5.0], [102.0, -7.0], [101.0, -4.0], [104.0, -6.5]]),)),
    ]
    for i in range(3):
        n, d = int(rng.integers(5, 30)), int(rng.integers(2, 5))
        cases.append(Case(f"random data {i + 1}", (rng.normal(loc=rng.uniform(-3, 3, d), scale=rng.uniform(0.5, 5, d),
                                                              size=(n, d)),)))
    return cases


def _bits_cases(rng):
    cases = [
        Case("the 16-colour 128 x 128 bird", (128 * 128, 16)),
        Case("K = 1 (one colour)", (1000, 1)),
        Case("K = 2", (10, 2)),
        Case("K not a power of two", (1000, 5)),
        Case("K = 256", (640 * 480, 256)),
        Case("K = 3", (7, 3)),
    ]
    for i in range(3):
        cases.append(Case(f"random size {i + 1}", (int(rng.integers(1, 10**6)), int(rng.integers(2, 300)))))
    return cases


def _image_cases(rng):
    grey = np.array([[0, 10, 20], [30, 40, 50]], dtype=np.uint8)
    grey_q = np.array([[5, 5, 25], [25, 45, 45]], dtype=np.uint8)  # above and below the original: wraps in uint8
    rgb = rng.integers(0, 256, size=(4, 5, 3), dtype=np.uint8)
    rgb_q = np.clip(rgb.astype(int) + rng.integers(-20, 21, size=rgb.shape), 0, 255).astype(np.uint8)
    cases = [
        Case("grey image", (grey, grey_q)),
        Case("colour image", (rgb, rgb_q)),
        Case("one pixel off by one", (np.full((3, 3), 100, np.uint8), np.pad(np.full((1, 1), 101, np.uint8),
                                                                               ((1, 1), (1, 1)),
                                                                               constant_values=100))),
        Case("identical images (PSNR is infinite)", (grey, grey.copy())),
    ]
    for i in range(3):
        h, w = int(rng.integers(2, 8)), int(rng.integers(2, 8))
        a = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
        b = np.clip(a.astype(int) + rng.integers(-40, 41, size=a.shape), 0, 255).astype(np.uint8)
        b.flat[0] = (int(a.flat[0]) + 128) % 256  # at least one pixel differs
        cases.append(Case(f"random image {i + 1}", (a, b)))
    return cases


def _matching_cases(rng):
    cases = [
        Case("a perfect clustering with other numbers", (np.array([0, 0, 0, 1, 1, 2, 2, 2]),
                                                         np.array([2, 2, 2, 0, 0, 1, 1, 1]))),
        Case("two clusters, some errors", (np.array([0, 0, 0, 0, 1, 1, 1, 1]), np.array([1, 1, 1, 0, 0, 0, 0, 1]))),
        Case("more clusters than classes", (np.array([0, 0, 0, 1, 1, 1]), np.array([0, 0, 2, 1, 1, 1]))),
        Case("one cluster", (np.array([0, 1, 1, 2, 2, 2]), np.zeros(6, dtype=int))),
        Case("a majority class claimed twice", (np.array([0, 0, 0, 0, 0, 1, 1, 2]),
                                                np.array([0, 0, 0, 1, 1, 1, 2, 2]))),
        Case("class names as strings", (np.array(["cat", "cat", "dog", "dog", "dog"]), np.array([1, 1, 0, 0, 1]))),
    ]
    for i in range(3):
        n, k = int(rng.integers(20, 60)), int(rng.integers(2, 5))
        t = rng.integers(0, k, size=n)
        c = rng.permutation(k)[t]
        flip = rng.random(n) < 0.3
        c[flip] = rng.integers(0, k, size=int(flip.sum()))
        cases.append(Case(f"random labels {i + 1}", (t, c)))
    return cases


# ----------------------------------------------------------------------------------------------------------------
# Models of the misconceptions (each makes exactly one mistake)
# ----------------------------------------------------------------------------------------------------------------


def _sqd(X, C):
    X, C = np.asarray(X, dtype=float), np.asarray(C, dtype=float)
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


def _update_with(X, labels, centers, centre_of, keep_empty=True, copy_dtype=float):
    X = np.asarray(X, dtype=float)
    new = np.array(centers, dtype=copy_dtype)
    for j in range(len(new)):
        members = X[labels == j]
        if len(members) > 0 or not keep_empty:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                new[j] = centre_of(members, X)
    return new


def _mean(members, X):
    return members.mean(axis=0)


def _median(members, X):
    return np.median(members, axis=0)


def _psnr_from(mse_to_db):
    def wrong(original, reconstructed):
        mse = np.mean((np.asarray(original, float) - np.asarray(reconstructed, float)) ** 2)
        return mse_to_db(mse) if mse > 0 else math.inf

    return wrong


def _psnr_of_uint8_diff(squared_in_uint8):
    def wrong(original, reconstructed):
        diff = np.asarray(original) - np.asarray(reconstructed)  # wraps around: 3 - 5 = 254
        sq = diff**2 if squared_in_uint8 else diff.astype(float) ** 2
        mse = float(np.mean(sq))
        return 10 * math.log10(255.0**2 / mse) if mse > 0 else math.inf

    return wrong


def _raw_accuracy(true_labels, cluster_labels):
    return float(np.mean(np.asarray(true_labels) == np.asarray(cluster_labels)))


def _majority_accuracy(true_labels, cluster_labels):
    t, c = np.asarray(true_labels), np.asarray(cluster_labels)
    return float(sum(np.unique(t[c == j], return_counts=True)[1].max() for j in np.unique(c)) / len(t))


# ----------------------------------------------------------------------------------------------------------------
# The exercises
# ----------------------------------------------------------------------------------------------------------------

register(FunctionExercise(
    id="assign_labels", notebook="01", title="Write the assignment step", points=2,
    signature="f(X, centers) -> labels", reference=assign_labels, cases=_point_cases, compare=compare.labels,
    hints=(
        "Each point goes to the centre it is closest to: compute the distance of every point to every centre, "
        "then pick the smallest in each row.",
        "Broadcasting X[:, None, :] - centers[None, :, :] gives an (n, k, d) array of differences; "
        "square, sum over the last axis, then use np.argmin.",
        "labels = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)",
    ),
    misconceptions=(
        Misconception("argmax instead of argmin",
                      "Your labels point to the farthest centre. The assignment step takes the nearest one: "
                      "use argmin over the distances, not argmax.",
                      lambda X, C: _sqd(X, C).argmax(axis=1)),
        Misconception("distances along the wrong axis",
                      "You summed the squared differences over the centres axis instead of the features axis, so "
                      "each 'distance' mixes all centres. Sum over the last axis (the d features), then take the "
                      "argmin over the k centres.",
                      lambda X, C: ((np.asarray(X, float)[:, None, :] - np.asarray(C, float)[None, :, :]) ** 2)
                      .sum(axis=1).argmin(axis=1)),
        Misconception("argmin over the points instead of the centres",
                      "Your argmin runs down the columns (axis=0), which gives for each centre its nearest point. "
                      "The assignment wants for each point its nearest centre: argmin(axis=1) on the (n, k) array.",
                      lambda X, C: _sqd(X, C).argmin(axis=0)),
        Misconception("ties broken towards the highest index",
                      "When a point is exactly as far from two centres, the convention (NumPy's argmin, "
                      "scikit-learn, SciPy) is the lowest index. Yours takes the highest.",
                      lambda X, C: len(C) - 1 - _sqd(X, C)[:, ::-1].argmin(axis=1)),
    ),
))

register(FunctionExercise(
    id="update_centers", notebook="01", title="Write the update step", points=2,
    signature="f(X, labels, centers) -> new_centers", reference=update_centers, cases=_label_cases,
    compare=compare.floats(rtol=1e-5, atol=1e-8),
    hints=(
        "Each new centre is the average of the points assigned to it. A cluster with no points cannot have an "
        "average: keep its old centre.",
        "X[labels == j] selects the points of cluster j; .mean(axis=0) averages them feature by feature. "
        "Start from a float copy of centers so that empty clusters keep their old centre.",
        "new = np.array(centers, dtype=float); for j in range(len(new)): if np.any(labels == j): "
        "new[j] = X[labels == j].mean(axis=0)",
    ),
    misconceptions=(
        Misconception("median instead of mean",
                      "Your centres are the medians of the clusters; the update step of K-means takes the mean "
                      "(the median is k-medians, notebook 02).",
                      lambda X, y, C: _update_with(X, y, C, _median)),
        Misconception("sums not divided",
                      "Your centres are the sums of each cluster's points. Divide by the number of points in the "
                      "cluster to get the mean.",
                      lambda X, y, C: _update_with(X, y, C, lambda m, X: m.sum(axis=0))),
        Misconception("divided by n of all points",
                      "You divided each cluster's sum by the number of points in the whole data set. Divide by "
                      "the number of points in that cluster.",
                      lambda X, y, C: _update_with(X, y, C, lambda m, X: m.sum(axis=0) / len(X))),
        Misconception("NaN for an empty cluster",
                      "A cluster with no points got the mean of nothing, which is NaN. An empty cluster keeps its "
                      "old centre (check that it has points before averaging).",
                      lambda X, y, C: _update_with(X, y, C, _mean, keep_empty=False)),
        Misconception("empty cluster sent to the origin",
                      "A cluster with no points got the centre (0, 0, ...). An empty cluster keeps its old centre "
                      "(start from a copy of centers, not from zeros).",
                      lambda X, y, C: _update_with(np.asarray(X), y, np.zeros(np.shape(C)), _mean)),
        Misconception("centres stored as integers",
                      "With integer input your centres were rounded down: you wrote the means into a copy of the "
                      "integer centers array. Make the copy float: np.array(centers, dtype=float).",
                      lambda X, y, C: _update_with(X, y, C, _mean, copy_dtype=np.asarray(C).dtype)),
    ),
))

register(FunctionExercise(
    id="sse", notebook="01", title="Write the objective (SSE)", points=1,
    signature="f(X, labels, centers) -> float", reference=sse, cases=_label_cases,
    compare=compare.scalar(rtol=1e-5),
    hints=(
        "The SSE adds up, over all points, the squared distance from the point to the centre of its own cluster.",
        "centers[labels] lines up each point's own centre with it (shape (n, d)); subtract, square, sum.",
        "return float(((X - centers[labels]) ** 2).sum())",
    ),
    misconceptions=(
        Misconception("distances not squared",
                      "You added the distances themselves. The SSE (scikit-learn's inertia) adds the *squared* "
                      "distances: do not take the square root.",
                      lambda X, y, C: float(np.sqrt(((np.asarray(X, float) - np.asarray(C, float)[y]) ** 2)
                                                    .sum(axis=1)).sum())),
        Misconception("mean instead of sum",
                      "You averaged the squared distances over the points. The SSE is their sum (the mean is the "
                      "SSE divided by n).",
                      lambda X, y, C: float(((np.asarray(X, float) - np.asarray(C, float)[y]) ** 2)
                                            .sum(axis=1).mean())),
        Misconception("mean over every coordinate",
                      "You took the mean over all n x d squared differences. The SSE is their sum.",
                      lambda X, y, C: float(((np.asarray(X, float) - np.asarray(C, float)[y]) ** 2).mean())),
    ),
))

register(FunctionExercise(
    id="kmeanspp_probabilities", notebook="04", title="k-means++: the chance of each point", points=2,
    signature="f(X, chosen) -> p", reference=kmeanspp_probabilities, cases=_chosen_cases,
    compare=compare.floats(rtol=1e-5, atol=1e-10),
    hints=(
        "D(x) is the distance from x to the *nearest* centre chosen so far; the chance of x is D(x)^2 divided by "
        "the sum of D^2 over all points.",
        "X[chosen] are the chosen centres; compute the (n, m) squared distances to them and take .min(axis=1).",
        "D2 = ((X[:, None, :] - X[chosen][None, :, :]) ** 2).sum(axis=2).min(axis=1); return D2 / D2.sum()",
    ),
    misconceptions=(
        Misconception("D instead of D squared",
                      "Your chances are proportional to the distance D(x). k-means++ uses D(x) squared, which "
                      "favours far points much more.",
                      lambda X, ch: (lambda D: D / D.sum())(np.sqrt(_sqd(X, np.asarray(X)[ch]).min(axis=1)))),
        Misconception("not normalised",
                      "You returned D(x)^2 itself. Probabilities must add up to 1: divide by the sum of D^2.",
                      lambda X, ch: _sqd(X, np.asarray(X)[ch]).min(axis=1)),
        Misconception("distance to the first centre only",
                      "You measured D(x) to the first chosen centre only. D(x) is the distance to the *nearest* "
                      "of all centres chosen so far (take the minimum over them).",
                      lambda X, ch: (lambda D2: D2 / D2.sum())(_sqd(X, np.asarray(X)[ch[:1]])[:, 0])),
        Misconception("distance to the last centre only",
                      "You measured D(x) to the most recently chosen centre only. D(x) is the distance to the "
                      "nearest of all centres chosen so far.",
                      lambda X, ch: (lambda D2: D2 / D2.sum())(_sqd(X, np.asarray(X)[ch[-1:]])[:, 0])),
        Misconception("distance to the farthest centre",
                      "You took the largest distance to the chosen centres (max). D(x) is the distance to the "
                      "nearest one (min).",
                      lambda X, ch: (lambda D2: D2 / D2.sum())(_sqd(X, np.asarray(X)[ch]).max(axis=1))),
    ),
))

register(FunctionExercise(
    id="median_update", notebook="02", title="Write the k-medians update", points=2,
    signature="f(X, labels, centers) -> new_centers", reference=median_update, cases=_label_cases,
    compare=compare.floats(rtol=1e-5, atol=1e-8),
    hints=(
        "k-medians moves each centre to the median of its points, one coordinate at a time; an empty cluster "
        "keeps its old centre.",
        "np.median(X[labels == j], axis=0) gives the coordinate-wise median of cluster j.",
        "new = np.array(centers, dtype=float); for j ...: if np.any(labels == j): "
        "new[j] = np.median(X[labels == j], axis=0)",
    ),
    misconceptions=(
        Misconception("mean instead of median",
                      "Your centres are the means of the clusters. k-medians takes the coordinate-wise median, "
                      "which an outlier cannot drag away.",
                      lambda X, y, C: _update_with(X, y, C, _mean)),
        Misconception("median of all points",
                      "Every centre became the median of the whole data set. Take the median of each cluster's "
                      "own points (X[labels == j]).",
                      lambda X, y, C: _update_with(X, y, C, lambda m, X: np.median(X, axis=0))),
        Misconception("NaN for an empty cluster",
                      "A cluster with no points got the median of nothing, which is NaN. An empty cluster keeps "
                      "its old centre.",
                      lambda X, y, C: _update_with(X, y, C, _median, keep_empty=False)),
        Misconception("centres stored as integers",
                      "With integer input your medians were rounded down (a median can be halfway between two "
                      "integers): make the copy of centers float.",
                      lambda X, y, C: _update_with(X, y, C, _median, copy_dtype=np.asarray(C).dtype)),
    ),
))

register(FunctionExercise(
    id="distortion", notebook="07", title="SciPy's distortion", points=2,
    signature="f(X, code_book) -> float", reference=distortion, cases=_point_cases,
    compare=compare.scalar(rtol=1e-5),
    hints=(
        "SciPy's distortion is the *mean* of the *unsquared* distances from each point to its nearest code.",
        "Compute the (n, k) Euclidean distances, take .min(axis=1), then .mean().",
        "d = np.sqrt(((X[:, None, :] - code_book[None, :, :]) ** 2).sum(axis=2)).min(axis=1); return d.mean()",
    ),
    misconceptions=(
        Misconception("squared distances (that is inertia / n)",
                      "You averaged the squared distances: that is scikit-learn's inertia divided by n, not "
                      "SciPy's distortion. Take the square root before averaging.",
                      lambda X, C: float(_sqd(X, C).min(axis=1).mean())),
        Misconception("sum instead of mean",
                      "You added the distances. SciPy's distortion is their mean (divide by the number of "
                      "observations).",
                      lambda X, C: float(np.sqrt(_sqd(X, C).min(axis=1)).sum())),
        Misconception("sum of squared distances (that is inertia)",
                      "You computed scikit-learn's inertia (the sum of squared distances). SciPy's distortion is "
                      "the mean of the unsquared distances.",
                      lambda X, C: float(_sqd(X, C).min(axis=1).sum())),
    ),
))

register(FunctionExercise(
    id="whiten", notebook="07", title="SciPy's whiten", points=1,
    signature="f(X) -> whitened", reference=whiten, cases=_whiten_cases,
    compare=compare.floats(rtol=1e-5, atol=1e-8),
    hints=(
        "whiten only rescales: every column is divided by its own standard deviation. It does not subtract "
        "the mean.",
        "X.std(axis=0) gives one standard deviation per column (NumPy's default ddof=0, the population one).",
        "return X / X.std(axis=0)",
    ),
    misconceptions=(
        Misconception("centring as well (standardising)",
                      "You subtracted the mean too: that is standardising (scikit-learn's StandardScaler). "
                      "SciPy's whiten only divides by the standard deviation.",
                      lambda X: (np.asarray(X, float) - np.asarray(X, float).mean(axis=0)) / np.asarray(X, float)
                      .std(axis=0)),
        Misconception("ddof=1",
                      "You used the sample standard deviation (ddof=1). whiten divides by the population one "
                      "(ddof=0, NumPy's default).",
                      lambda X: np.asarray(X, float) / np.asarray(X, float).std(axis=0, ddof=1)),
        Misconception("standard deviation of the rows",
                      "You divided by each row's standard deviation. whiten works per feature: one standard "
                      "deviation per column (axis=0).",
                      lambda X: np.asarray(X, float) / np.asarray(X, float).std(axis=1, keepdims=True)),
        Misconception("divided by the variance",
                      "You divided by the variance. whiten divides by the standard deviation (its square root).",
                      lambda X: np.asarray(X, float) / np.asarray(X, float).var(axis=0)),
    ),
))

register(FunctionExercise(
    id="quantized_bits", notebook="08b", title="Bits of a K-colour image", points=1,
    signature="f(n_pixels, k) -> int", reference=quantized_bits, cases=_bits_cases, compare=compare.integer,
    same=compare.scalar(rtol=1e-12),
    hints=(
        "Each pixel stores the index of its palette colour; the palette stores K colours of 24 bits (8 per "
        "channel).",
        "An index among K colours needs ceil(log2 K) bits: math.ceil(math.log2(k)). For K = 1 that is 0.",
        "return n_pixels * math.ceil(math.log2(k)) + 24 * k",
    ),
    misconceptions=(
        Misconception("no ceiling",
                      "You used log2 K bits per pixel without rounding up. A pixel stores a whole number of bits: "
                      "ceil(log2 K) (5 colours need 3 bits, not 2.32).",
                      lambda n, k: n * math.log2(k) + 24 * k),
        Misconception("palette forgotten",
                      "You counted only the pixel indices. The palette itself must be stored too: 24 bits per "
                      "colour.",
                      lambda n, k: n * math.ceil(math.log2(k))),
        Misconception("K=1 given one bit per pixel",
                      "With one colour every pixel is that colour, so an index needs 0 bits (ceil(log2 1) = 0); "
                      "you gave it at least 1.",
                      lambda n, k: n * max(1, math.ceil(math.log2(k))) + 24 * k),
        Misconception("floor instead of ceiling",
                      "You rounded log2 K down. 5 colours cannot be told apart with 2 bits (4 patterns): round up.",
                      lambda n, k: n * math.floor(math.log2(k)) + 24 * k),
        Misconception("palette in bytes",
                      "You counted the palette in bytes (3 per colour) while the pixels are in bits: a colour is "
                      "24 bits.",
                      lambda n, k: n * math.ceil(math.log2(k)) + 3 * k),
    ),
))

register(FunctionExercise(
    id="psnr", notebook="08b", title="PSNR of a quantised image", points=2,
    signature="f(original, reconstructed) -> float", reference=psnr, cases=_image_cases,
    compare=compare.scalar(rtol=1e-6),
    hints=(
        "PSNR compares the largest possible pixel value (255 for uint8) with the mean squared error: "
        "10 log10(255^2 / MSE), in decibels.",
        "Convert both images to float before subtracting: uint8 arithmetic wraps around (3 - 5 = 254).",
        "diff = original.astype(float) - reconstructed.astype(float); "
        "return 10 * np.log10(255**2 / np.mean(diff ** 2))",
    ),
    misconceptions=(
        Misconception("uint8 wrap-around in the difference",
                      "You subtracted the uint8 images directly, so negative differences wrapped around "
                      "(3 - 5 = 254). Convert to float first: original.astype(float) - reconstructed.astype(float).",
                      (_psnr_of_uint8_diff(squared_in_uint8=False), _psnr_of_uint8_diff(squared_in_uint8=True))),
        Misconception("peak 1 on 0-255 data",
                      "You used a peak of 1, which is right for images in [0, 1]. These are uint8 images, "
                      "0 to 255: the peak is 255.",
                      _psnr_from(lambda m: 10 * math.log10(1.0 / m))),
        Misconception("RMSE for MSE",
                      "You put the root mean squared error where the mean squared error goes. Either use "
                      "10 log10(255^2 / MSE) or 20 log10(255 / RMSE).",
                      _psnr_from(lambda m: 10 * math.log10(255.0**2 / math.sqrt(m)))),
        Misconception("20 log10 with the MSE",
                      "20 log10 goes with amplitudes (255 / RMSE); with the MSE, a power, it is 10 log10.",
                      _psnr_from(lambda m: 20 * math.log10(255.0 / m))),
    ),
))

register(FunctionExercise(
    id="matched_accuracy", notebook="08a", title="Accuracy after matching clusters to classes", points=2,
    signature="f(true_labels, cluster_labels) -> float", reference=matched_accuracy, cases=_matching_cases,
    compare=compare.scalar(rtol=1e-9),
    hints=(
        "Cluster numbers are arbitrary: cluster 2 may be class 0. First find the best one-to-one renaming of "
        "clusters to classes, then count the agreements.",
        "Build the table count[cluster, class]; scipy.optimize.linear_sum_assignment(table, maximize=True) "
        "finds the best one-to-one matching.",
        "rows, cols = linear_sum_assignment(table, maximize=True); return table[rows, cols].sum() / n",
    ),
    misconceptions=(
        Misconception("raw accuracy without matching (label switching)",
                      "You compared the cluster numbers with the class numbers directly. Clusters come out in "
                      "any order (label switching): match clusters to classes first.",
                      _raw_accuracy),
        Misconception("majority class per cluster (not one-to-one)",
                      "You gave each cluster its majority class, so two clusters can claim the same class. The "
                      "matching is one-to-one: use linear_sum_assignment on the count table.",
                      _majority_accuracy),
    ),
))
