"""kmeans_edu.exercises: the checkers accept right answers in many styles, name every misconception, never raise.

The wrong answers below are written the way a learner would write them, independently of the models of the
misconceptions inside the checkers: a test here passes only if the checker recognises the mistake from its output.
"""

import math

import numpy as np
import pytest
import scipy.cluster.vq
from sklearn.metrics import pairwise_distances

import kmeans_edu
from kmeans_edu import exercises, images
from kmeans_edu.exercises import _core, _functions

FUNCTION_IDS = ["assign_labels", "update_centers", "sse", "kmeanspp_probabilities", "median_update", "distortion",
                "whiten", "quantized_bits", "psnr", "matched_accuracy"]


@pytest.fixture(autouse=True)
def fresh_state():
    exercises.reset()
    exercises.set_learner(None)
    yield
    exercises.reset()
    exercises.set_learner(None)


def passes(exercise_id, answer):
    result = exercises.check(exercise_id, answer)
    assert result.passed, str(result)
    assert result.points == result.max_points
    return result


def fails_with(exercise_id, answer, words):
    result = exercises.check(exercise_id, answer)
    assert not result.passed and result.status == "failed", str(result)
    assert words.lower() in result.message.lower(), str(result)
    return result


# ----------------------------------------------------------------------------------------------------------------
# Correct answers, written in different styles
# ----------------------------------------------------------------------------------------------------------------


def assign_loop(X, centers):
    labels = []
    for x in X:
        best, best_d = 0, math.inf
        for j, c in enumerate(centers):
            d = sum((float(a) - float(b)) ** 2 for a, b in zip(x, c, strict=True))
            if d < best_d:  # strict: the first (lowest) index wins a tie
                best, best_d = j, d
        labels.append(best)
    return labels  # a list is fine


def assign_norm(X, centers):
    X, centers = np.asarray(X, float), np.asarray(centers, float)
    return np.linalg.norm(X[:, None] - centers[None], axis=-1).argmin(axis=1).astype(np.int32)


def update_loop(X, labels, centers):
    X = np.asarray(X, float)
    new = np.asarray(centers, float).copy()
    for j in range(len(centers)):
        total, count = np.zeros(X.shape[1]), 0
        for x, lab in zip(X, labels, strict=True):
            if lab == j:
                total += x
                count += 1
        if count:
            new[j] = total / count
    return new


def update_bincount(X, labels, centers):
    X = np.asarray(X, float)
    k = len(centers)
    counts = np.bincount(labels, minlength=k)
    sums = np.stack([np.bincount(labels, weights=X[:, f], minlength=k) for f in range(X.shape[1])], axis=1)
    return np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centers)


def sse_loop(X, labels, centers):
    total = 0.0
    for x, lab in zip(np.asarray(X, float), labels, strict=True):
        total += float(np.dot(x - centers[lab], x - centers[lab]))
    return total


def sse_einsum(X, labels, centers):
    diff = np.asarray(X, float) - np.asarray(centers, float)[labels]
    return np.einsum("ij,ij->", diff, diff)  # a NumPy scalar is fine


def pp_loop(X, chosen):
    X = np.asarray(X, float)
    d2 = np.array([min(float(((x - X[c]) ** 2).sum()) for c in chosen) for x in X])
    return d2 / d2.sum()


def pp_sklearn(X, chosen):
    d = pairwise_distances(np.asarray(X, float), np.asarray(X, float)[list(chosen)]).min(axis=1)
    return list(d**2 / (d**2).sum())


def median_loop(X, labels, centers):
    X = np.asarray(X, float)
    new = np.array(centers, dtype=np.float64)
    for j in range(len(new)):
        rows = [x for x, lab in zip(X, labels, strict=True) if lab == j]
        if rows:
            new[j] = [np.median([r[f] for r in rows]) for f in range(X.shape[1])]
    return new


def median_sorted(X, labels, centers):
    X = np.asarray(X, float)
    new = np.array(centers, float)
    for j in np.unique(labels):
        m = np.sort(X[labels == j], axis=0)
        n = len(m)
        new[j] = m[n // 2] if n % 2 else (m[n // 2 - 1] + m[n // 2]) / 2
    return new


def distortion_loop(X, code_book):
    dists = [min(math.dist(x, c) for c in np.asarray(code_book, float)) for x in np.asarray(X, float)]
    return sum(dists) / len(dists)


def distortion_scipy(X, code_book):
    _, dist = scipy.cluster.vq.vq(np.asarray(X, float), np.asarray(code_book, float))
    return dist.mean()


def whiten_loop(X):
    X = np.asarray(X, float)
    out = np.empty_like(X)
    for f in range(X.shape[1]):
        col = X[:, f]
        out[:, f] = col / math.sqrt(((col - col.mean()) ** 2).mean())
    return out


def whiten_scipy(X):
    return scipy.cluster.vq.whiten(np.asarray(X, float))


def bits_bit_length(n_pixels, k):
    return n_pixels * (k - 1).bit_length() + k * 3 * 8


def bits_loop(n_pixels, k):
    bits = 0
    while 2**bits < k:
        bits += 1
    return n_pixels * bits + 24 * k


def psnr_float(original, reconstructed):
    mse = ((original.astype(np.float64) - reconstructed.astype(np.float64)) ** 2).mean()
    return 20 * math.log10(255 / math.sqrt(mse)) if mse else math.inf


def psnr_int(original, reconstructed):
    diff = original.astype(np.int64) - reconstructed  # int64 holds the negative differences
    mse = np.mean(diff * diff)
    return np.float64(10 * np.log10(255**2 / mse)) if mse else np.inf


def matched_itertools(true_labels, cluster_labels):
    import itertools

    t, c = list(true_labels), list(cluster_labels)
    classes, clusters = sorted(set(t)), sorted(set(c))
    best = 0
    for perm in itertools.permutations(classes, min(len(classes), len(clusters))):
        for chosen in itertools.combinations(clusters, len(perm)):
            mapping = dict(zip(chosen, perm, strict=True))
            best = max(best, sum(mapping.get(ci) == ti for ti, ci in zip(t, c, strict=True)))
    return best / len(t)


def matched_kmeans_edu(true_labels, cluster_labels):
    return images.matched_accuracy(true_labels, cluster_labels)[0]


CORRECT = {
    "assign_labels": [assign_loop, assign_norm],
    "update_centers": [update_loop, update_bincount],
    "sse": [sse_loop, sse_einsum],
    "kmeanspp_probabilities": [pp_loop, pp_sklearn],
    "median_update": [median_loop, median_sorted],
    "distortion": [distortion_loop, distortion_scipy],
    "whiten": [whiten_loop, whiten_scipy],
    "quantized_bits": [bits_bit_length, bits_loop],
    "psnr": [psnr_float, psnr_int],
    "matched_accuracy": [matched_itertools, matched_kmeans_edu],
}


def test_every_function_exercise_is_covered():
    registered = {ex.id for ex in exercises.all_exercises() if ex.kind == "function"}
    assert set(FUNCTION_IDS) <= registered
    assert set(CORRECT) == set(FUNCTION_IDS) == set(WRONG)


@pytest.mark.parametrize("exercise_id", FUNCTION_IDS)
def test_reference_solution_passes(exercise_id):
    passes(exercise_id, exercises.get(exercise_id).reference)


@pytest.mark.parametrize("exercise_id", FUNCTION_IDS)
@pytest.mark.parametrize("variant", [0, 1])
def test_independent_correct_variants_pass(exercise_id, variant):
    passes(exercise_id, CORRECT[exercise_id][variant])


@pytest.mark.parametrize("learner", ["ada", "grace", "edsger"])
@pytest.mark.parametrize("exercise_id", FUNCTION_IDS)
def test_correct_answers_pass_on_every_learners_cases(exercise_id, learner):
    exercises.set_learner(learner)
    for answer in CORRECT[exercise_id]:
        passes(exercise_id, answer)


# ----------------------------------------------------------------------------------------------------------------
# Wrong answers, one misconception each, written as a learner would
# ----------------------------------------------------------------------------------------------------------------


def _d2(X, C):
    X, C = np.asarray(X, float), np.asarray(C, float)
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


def assign_argmax(X, centers):
    return _d2(X, centers).argmax(axis=1)


def assign_wrong_axis(X, centers):
    X, centers = np.asarray(X, float), np.asarray(centers, float)
    return np.argmin(np.sum((X[:, None, :] - centers[None, :, :]) ** 2, axis=1), axis=1)


def update_median(X, labels, centers):
    new = np.array(centers, float)
    for j in set(labels.tolist()):
        new[j] = np.median(np.asarray(X, float)[labels == j], axis=0)
    return new


def update_no_division(X, labels, centers):
    new = np.array(centers, float)
    for j in set(labels.tolist()):
        new[j] = np.asarray(X, float)[labels == j].sum(axis=0)
    return new


def update_divided_by_n(X, labels, centers):
    X = np.asarray(X, float)
    new = np.array(centers, float)
    for j in set(labels.tolist()):
        new[j] = X[labels == j].sum(axis=0) / X.shape[0]
    return new


def update_nan_empty(X, labels, centers):
    X = np.asarray(X, float)
    return np.array([X[labels == j].mean(axis=0) for j in range(len(centers))])


def sse_not_squared(X, labels, centers):
    return np.linalg.norm(np.asarray(X, float) - centers[labels], axis=1).sum()


def sse_mean(X, labels, centers):
    return np.mean(np.sum((np.asarray(X, float) - centers[labels]) ** 2, axis=1))


def pp_d_not_squared(X, chosen):
    d = pairwise_distances(np.asarray(X, float), np.asarray(X, float)[chosen]).min(axis=1)
    return d / d.sum()


def pp_not_normalised(X, chosen):
    X = np.asarray(X, float)
    return np.array([min(((x - X[c]) ** 2).sum() for c in chosen) for x in X])


def pp_first_centre(X, chosen):
    X = np.asarray(X, float)
    d2 = ((X - X[chosen[0]]) ** 2).sum(axis=1)
    return d2 / d2.sum()


def median_mean(X, labels, centers):
    new = np.array(centers, float)
    for j in set(labels.tolist()):
        new[j] = np.asarray(X, float)[labels == j].mean(axis=0)
    return new


def median_all_points(X, labels, centers):
    med = np.median(np.asarray(X, float), axis=0)
    new = np.array(centers, float)
    for j in set(labels.tolist()):
        new[j] = med
    return new


def median_nan_empty(X, labels, centers):
    X = np.asarray(X, float)
    return np.array([np.median(X[labels == j], axis=0) for j in range(len(centers))])


def distortion_squared(X, code_book):
    return _d2(X, code_book).min(axis=1).mean()


def distortion_sum(X, code_book):
    _, dist = scipy.cluster.vq.vq(np.asarray(X, float), np.asarray(code_book, float))
    return dist.sum()


def whiten_standardise(X):
    X = np.asarray(X, float)
    return (X - X.mean(axis=0)) / X.std(axis=0)


def whiten_ddof1(X):
    X = np.asarray(X, float)
    return X / np.std(X, axis=0, ddof=1)


def bits_no_ceiling(n_pixels, k):
    return n_pixels * math.log2(k) + 24 * k


def bits_no_palette(n_pixels, k):
    return n_pixels * math.ceil(math.log2(k))


def bits_k1_one_bit(n_pixels, k):
    bits = max(1, math.ceil(math.log2(k)))  # "every pixel needs at least one bit"
    return n_pixels * bits + 24 * k


def psnr_wraparound(original, reconstructed):
    mse = np.mean((original - reconstructed) ** 2)  # uint8 arithmetic
    return 10 * np.log10(255**2 / mse) if mse else np.inf


def psnr_peak_one(original, reconstructed):
    mse = np.mean((original.astype(float) - reconstructed.astype(float)) ** 2)
    return 10 * np.log10(1 / mse) if mse else np.inf


def psnr_rmse(original, reconstructed):
    rmse = np.sqrt(np.mean((original.astype(float) - reconstructed.astype(float)) ** 2))
    return 10 * np.log10(255**2 / rmse) if rmse else np.inf


def matched_raw(true_labels, cluster_labels):
    return float(np.mean(np.asarray(true_labels) == np.asarray(cluster_labels)))


# exercise id -> [(wrong answer, words its message must contain: the misconception's name)]
WRONG = {
    "assign_labels": [(assign_argmax, "argmax instead of argmin"), (assign_wrong_axis, "wrong axis")],
    "update_centers": [(update_median, "median instead of mean"), (update_no_division, "sums not divided"),
                       (update_divided_by_n, "divided by n of all points"),
                       (update_nan_empty, "NaN for an empty cluster")],
    "sse": [(sse_not_squared, "not squared"), (sse_mean, "mean instead of sum")],
    "kmeanspp_probabilities": [(pp_d_not_squared, "D instead of D squared"), (pp_not_normalised, "not normalised"),
                               (pp_first_centre, "first centre only")],
    "median_update": [(median_mean, "mean instead of median"), (median_all_points, "median of all points"),
                      (median_nan_empty, "NaN for an empty cluster")],
    "distortion": [(distortion_squared, "squared distances"), (distortion_sum, "sum instead of mean")],
    "whiten": [(whiten_standardise, "centring as well"), (whiten_ddof1, "ddof=1")],
    "quantized_bits": [(bits_no_ceiling, "no ceiling"), (bits_no_palette, "palette forgotten"),
                       (bits_k1_one_bit, "K=1")],
    "psnr": [(psnr_wraparound, "wrap-around"), (psnr_peak_one, "peak 1"), (psnr_rmse, "RMSE for MSE")],
    "matched_accuracy": [(matched_raw, "label switching")],
}


@pytest.mark.parametrize(
    ("exercise_id", "answer", "words"),
    [(i, a, w) for i, pairs in WRONG.items() for a, w in pairs],
    ids=[f"{i}-{a.__name__}" for i, pairs in WRONG.items() for a, _ in pairs],
)
def test_each_misconception_is_named(exercise_id, answer, words):
    result = fails_with(exercise_id, answer, "Misconception: ")
    assert words.lower() in result.misconception.lower()
    assert words.lower() in result.message.lower()
    assert result.points < result.max_points


def test_the_issue_misconceptions_all_have_a_model():
    named = {
        "assign_labels": ["argmax instead of argmin", "distances along the wrong axis"],
        "update_centers": ["median instead of mean", "sums not divided", "divided by n of all points",
                           "NaN for an empty cluster"],
        "sse": ["distances not squared", "mean instead of sum"],
        "kmeanspp_probabilities": ["D instead of D squared", "not normalised", "distance to the first centre only"],
        "median_update": ["mean instead of median", "median of all points"],
        "distortion": ["squared distances (that is inertia / n)", "sum instead of mean"],
        "whiten": ["centring as well (standardising)", "ddof=1"],
        "quantized_bits": ["no ceiling", "palette forgotten", "K=1 given one bit per pixel"],
        "psnr": ["uint8 wrap-around in the difference", "peak 1 on 0-255 data", "RMSE for MSE"],
        "matched_accuracy": ["raw accuracy without matching (label switching)"],
    }
    for exercise_id, names in named.items():
        have = {m.name for m in exercises.get(exercise_id).misconceptions}
        assert set(names) <= have, (exercise_id, set(names) - have)


def test_two_mistakes_at_once_show_the_smallest_failing_case():
    def two_mistakes(X, labels, centers):  # median AND the NaN of an empty cluster
        X = np.asarray(X, float)
        return np.array([np.median(X[labels == j], axis=0) for j in range(len(centers))])

    result = fails_with("update_centers", two_mistakes, "Smallest failing case")
    assert result.misconception is None
    assert "expected:" in result.message and "got:" in result.message


# ----------------------------------------------------------------------------------------------------------------
# Answers that misbehave: never a traceback
# ----------------------------------------------------------------------------------------------------------------


def test_stub_answers_are_not_done_and_cost_no_attempt():
    def stub(X, centers):
        pass

    def not_implemented(X, centers):
        raise NotImplementedError()

    for answer in (None, ..., stub, not_implemented):
        result = exercises.check("assign_labels", answer)
        assert result.status == "not_done" and not result.passed, str(result)
        assert "not done" in str(result).lower()
    assert exercises.attempts("assign_labels") == 0


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (lambda X, C: 1 / 0, "ZeroDivisionError"),
        (lambda X, C: "labels", "returned str"),
        (lambda X, C: np.zeros((len(X), 2), dtype=int), "shape"),
        (lambda X, C: np.zeros(len(X)), "integers"),
        (lambda X, C: [[0], [1, 2]], "labels"),
        (lambda X: 0, "TypeError"),
        (42, "Expected a function"),
    ],
)
def test_misbehaving_answers_get_a_message_not_an_exception(answer, words):
    fails_with("assign_labels", answer, words)


def test_an_answer_that_hangs_is_stopped(monkeypatch):
    monkeypatch.setattr(_core, "TIME_LIMIT", 0.3)

    def forever(X, centers):
        while True:
            pass

    result = fails_with("assign_labels", forever, "did not finish")
    assert "0.3 s" in result.message


def test_the_time_limit_also_works_off_the_main_thread(monkeypatch):
    import threading

    monkeypatch.setattr(_core, "TIME_LIMIT", 0.3)
    box = {}

    def run():
        import time

        box["r"] = exercises.check("sse", lambda X, y, C: time.sleep(5))

    t = threading.Thread(target=run)
    t.start()
    t.join(10)
    assert "did not finish" in box["r"].message


def test_an_answer_that_changes_its_input_is_told_so():
    def in_place(X, labels, centers):
        for j in range(len(centers)):
            if np.any(labels == j):
                centers[j] = np.asarray(X, float)[labels == j].mean(axis=0)
        return centers

    result = fails_with("update_centers", in_place, "changed its input `centers` in place")
    assert result.misconception is None


def test_value_and_type_errors_of_the_api_name_the_argument():
    with pytest.raises(ValueError, match="exercise_id 'asign_labels'.*assign_labels"):
        exercises.check("asign_labels", assign_loop)
    with pytest.raises(TypeError, match="exercise_id must be a str"):
        exercises.check(3, assign_loop)
    with pytest.raises(ValueError, match="name must be"):
        exercises.set_learner("  ")
    with pytest.raises(ValueError, match="notebook '42'"):
        exercises.progress("42")
    with pytest.raises(TypeError, match="notebook must be a str"):
        exercises.progress(1)


# ----------------------------------------------------------------------------------------------------------------
# Hint ladder, solutions, learners, progress, graders
# ----------------------------------------------------------------------------------------------------------------


def test_each_failed_attempt_gives_a_more_specific_hint_then_the_solution():
    ex = exercises.get("sse")
    messages = [exercises.check("sse", sse_mean).message for _ in range(4)]
    for n, message in enumerate(messages[:3], start=1):
        assert f"Hint {n}/3: {ex.hints[n - 1]}" in message
    assert f"Hint 3/3: {ex.hints[2]}" in messages[3]
    assert "Try 1 of 3" in messages[0] and "solution('sse')" not in messages[1]
    assert "exercises.solution('sse')" in messages[2]
    assert exercises.attempts("sse") == 4
    assert "def sse(" in exercises.solution("sse")
    assert "def sse(" in exercises.hint("sse") or exercises.hint("sse").startswith("Hint 3/3")


def test_the_solution_waits_for_attempts_unless_forced_or_passed():
    assert "more time" in exercises.solution("whiten")
    assert "def whiten(" in exercises.solution("whiten", force=True)
    passes("psnr", psnr_float)
    assert "def psnr(" in exercises.solution("psnr")


def test_learners_get_their_own_cases_and_the_same_ones_every_time():
    ex = exercises.get("update_centers")
    exercises.set_learner("ada")
    a1 = ex.cases(_core.learner_rng(ex.id))
    a2 = ex.cases(_core.learner_rng(ex.id))
    exercises.set_learner("grace")
    g = ex.cases(_core.learner_rng(ex.id))
    fixed = [c for c in a1 if not c.name.startswith("random")]
    assert len(fixed) >= 6
    assert all(np.array_equal(x.args[0], y.args[0]) for x, y in zip(a1, a2, strict=True))
    rand_a = [c.args[0] for c in a1 if c.name.startswith("random")]
    rand_g = [c.args[0] for c in g if c.name.startswith("random")]
    assert not any(a.shape == b.shape and np.array_equal(a, b) for a, b in zip(rand_a, rand_g, strict=True))


def test_fixed_cases_include_the_edge_cases_learners_get_wrong():
    names = " ".join(c.name for c in _functions._label_cases(np.random.default_rng(0)))
    for word in ("empty cluster", "one cluster", "one feature", "integer input", "float32"):
        assert word in names
    names = " ".join(c.name for c in _functions._point_cases(np.random.default_rng(0)))
    assert "ties" in names
    names = " ".join(c.name for c in _functions._image_cases(np.random.default_rng(0)))
    assert "identical" in names


def test_progress_lists_a_notebooks_exercises_and_what_passed():
    passes("sse", sse_loop)
    exercises.check("assign_labels", assign_argmax)
    p = exercises.progress("01")
    rows = {r["id"]: r for r in p.rows}
    assert {"assign_labels", "update_centers", "sse"} <= set(rows)
    assert all(r["notebook"] == "01" for r in p.rows)
    assert rows["sse"]["status"] == "passed" and rows["sse"]["points"] == rows["sse"]["max_points"]
    assert rows["assign_labels"]["status"] == "failed" and rows["assign_labels"]["attempts"] == 1
    assert rows["update_centers"]["status"] is None
    assert p.n_passed >= 1 and p.points == sum(r["points"] for r in p.rows)
    assert "sse" in str(p) and "<table>" in p._repr_html_()
    assert len(exercises.progress().rows) >= len(p.rows)


def test_partial_credit_follows_the_cases_passed():
    result = exercises.check("update_centers", update_nan_empty)  # wrong on the empty-cluster case only
    assert 0 < result.points < result.max_points


def test_strict_mode_raises_on_a_failed_check(monkeypatch):
    monkeypatch.setenv(exercises.STRICT_ENV, "1")
    with pytest.raises(AssertionError, match="argmax"):
        exercises.check("assign_labels", assign_argmax)
    with pytest.raises(AssertionError, match="Not done yet"):
        exercises.check("assign_labels", None)
    passes("assign_labels", assign_loop)


def test_under_nbgraders_autograder_the_value_is_the_points(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert float(repr(exercises.check("update_centers", update_nan_empty))) == pytest.approx(1.78, abs=0.01)
    assert float(repr(exercises.check("sse", sse_loop))) == 1.0


def test_the_verdict_is_text_first():
    result = exercises.check("assign_labels", assign_argmax)
    assert str(result).startswith(f"✘ Not yet: assign_labels ({result.points:g}/2 points)")
    assert result.points < 2
    assert "Not yet" in result._repr_html_() and 'role="status"' in result._repr_html_()


# ----------------------------------------------------------------------------------------------------------------
# The references agree with the libraries
# ----------------------------------------------------------------------------------------------------------------


def test_references_agree_with_kmeans_edu_scipy_and_skimage():
    from skimage.metrics import peak_signal_noise_ratio

    rng = np.random.default_rng(7)
    for _ in range(20):
        X = rng.normal(size=(int(rng.integers(5, 60)), int(rng.integers(1, 6))))
        C = X[rng.choice(len(X), int(rng.integers(1, min(6, len(X)))), replace=False)] + 0.01
        labels = _functions.assign_labels(X, C)
        np.testing.assert_array_equal(labels, kmeans_edu.assign_labels(X, C)[0])
        assert _functions.sse(X, labels, C) == pytest.approx(kmeans_edu.sse(X, labels, C), rel=1e-12)
        full = np.unique(labels).size == len(C)
        if full:  # with an empty cluster the library relocates it (scikit-learn's rule) where the exercise keeps it
            new, _ = kmeans_edu.update_centers(X, labels, C)
            np.testing.assert_allclose(_functions.update_centers(X, labels, C), new, rtol=1e-12)
            med, _ = kmeans_edu.update_centers(X, labels, C, metric="manhattan")
            np.testing.assert_allclose(_functions.median_update(X, labels, C), med, rtol=1e-12)
        _, dist = scipy.cluster.vq.vq(X, C)
        assert _functions.distortion(X, C) == pytest.approx(dist.mean(), rel=1e-12)
        np.testing.assert_allclose(_functions.whiten(X), scipy.cluster.vq.whiten(X), rtol=1e-12)
        a = rng.integers(0, 256, size=(6, 7, 3), dtype=np.uint8)
        b = rng.integers(0, 256, size=(6, 7, 3), dtype=np.uint8)
        assert _functions.psnr(a, b) == pytest.approx(images.psnr(a, b), rel=1e-12)
        assert _functions.psnr(a, b) == pytest.approx(peak_signal_noise_ratio(a, b, data_range=255), rel=1e-12)
        t, c = rng.integers(0, 4, 30), rng.integers(0, 5, 30)
        assert _functions.matched_accuracy(t, c) == pytest.approx(images.matched_accuracy(t, c)[0], rel=1e-12)
        chosen = list(rng.choice(len(X), min(3, len(X)), replace=False))
        d2 = pairwise_distances(X, X[chosen]).min(axis=1) ** 2
        np.testing.assert_allclose(_functions.kmeanspp_probabilities(X, chosen), d2 / d2.sum(), rtol=1e-9, atol=1e-15)
    for n, k in [(128 * 128, 16), (1000, 1), (640 * 480, 256), (7, 3), (10**6, 300)]:
        assert _functions.quantized_bits(n, k) == images.storage_bits(n, k)


# ----------------------------------------------------------------------------------------------------------------
# The quiz widget
# ----------------------------------------------------------------------------------------------------------------


@pytest.fixture
def toy_quiz():
    ex = _core.register(_core.ChoiceExercise(
        id="toy_quiz_for_tests", notebook="99x", title="Toy", question="Which is right?",
        options=(_core.Option("this one", False, "No: because A."),
                 _core.Option("that one", True, "Yes: because B."),
                 _core.Option("neither", False, "No: because C.")),
    ))
    yield ex
    del _core._REGISTRY[ex.id]


def test_quiz_by_code_names_each_options_explanation(toy_quiz):
    assert fails_with(toy_quiz.id, "a", "because A").misconception == "this one"
    fails_with(toy_quiz.id, 2, "because C")
    fails_with(toy_quiz.id, "z", "one of the letters a, b, c")
    assert passes(toy_quiz.id, "(B)").message.endswith("because B.")


def test_quiz_widget_checks_the_chosen_option_and_reaches_progress(toy_quiz):
    app = exercises.quiz(toy_quiz.id)
    app.controls["check"].click()
    assert "No option chosen" in app.feedback.value and app.state["result"] is None
    app.controls["choice"].index = 0
    app.controls["check"].click()
    assert not app.state["result"].passed and "because A" in app.feedback.value
    app.controls["choice"].index = 1
    app.controls["check"].click()
    assert app.state["result"].passed
    assert all(f"because {x}" in app.feedback.value for x in "ABC")  # every option explained once right
    assert exercises.progress("99x").rows[0]["status"] == "passed"
    assert app.controls["choice"].options[1] == "(b) that one"


def test_quiz_refuses_an_exercise_that_is_not_multiple_choice():
    with pytest.raises(ValueError, match="exercise_id 'sse' is a function exercise"):
        exercises.quiz("sse")
