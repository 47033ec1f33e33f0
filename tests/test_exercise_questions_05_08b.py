"""The "predict, then run" and "check your understanding" questions of notebooks 05-08b.

Every quiz: the right letter passes, every wrong letter fails with that option's own explanation. Every
prediction: the instructor's answer (the one in instructor/NN) passes, each modelled misconception's value fails
and is named, a wrong type gets a message. Then the facts the right answers rest on, checked live against the
installed libraries, and every exercise of these notebooks is used by its instructor notebook.
"""

import json
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from kmeans_edu import exercises
from kmeans_edu.exercises import _core

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = {"05": "05_distance_measures", "06": "06_sklearn_kmeans", "07": "07_scipy_vq",
             "08a": "08a_image_clustering_in_practice", "08b": "08b_colour_quantisation"}

# The answers written in the instructor edition's solution cells.
INSTRUCTOR_VALUES = {
    "l1_centre": 4,
    "cosine_distance_value": 0.293,
    "n_init_auto_runs": 1,
    "predict_inertia": 10,
    "predict_score": -25,
    "predict_distortion": 2,
    "ari_renamed": 1,
    "ari_negative": -0.5,
    "psnr_halved_error": 6.02,
    "storage_k17": 342808,
}


def _ours(kind):
    return [ex for ex in exercises.all_exercises() if ex.notebook in NOTEBOOKS and ex.kind == kind]


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.delenv(exercises.STRICT_ENV, raising=False)
    exercises.set_learner(None)
    exercises.reset()
    yield
    exercises.reset()


def test_each_notebook_has_at_least_four_exercises():
    for nb in NOTEBOOKS:
        assert len(exercises.progress(nb).rows) >= 4, nb


@pytest.mark.parametrize("ex", _ours("choice"), ids=lambda ex: ex.id)
def test_choice_right_letter_passes_and_wrong_letters_explain(ex):
    assert 3 <= len(ex.options) <= 5
    assert sum(opt.correct for opt in ex.options) == 1
    assert len(ex.hints) == 3
    for letter, opt in zip(ex.letters, ex.options, strict=True):
        assert opt.explanation.strip()
        result = exercises.check(ex.id, letter)
        assert result.passed is opt.correct, (ex.id, letter)
        assert opt.explanation in result.message
    assert exercises.check(ex.id, "z").passed is False  # not an option: a message, no exception
    assert "Answer with one of the letters" in exercises.check(ex.id, 3.5).message


def test_correct_letters_are_not_all_the_same():
    letters = [ex.letters[[o.correct for o in ex.options].index(True)] for ex in _ours("choice")]
    assert len(set(letters)) >= 3


@pytest.mark.parametrize("ex", _ours("value"), ids=lambda ex: ex.id)
def test_value_instructor_answer_passes_and_misconceptions_are_named(ex):
    assert ex.id in INSTRUCTOR_VALUES, "add the instructor's answer above"
    assert len(ex.hints) == 3 and ex.explanation and ex.misconceptions
    assert ex.rtol or ex.atol or ex.integer, "a stated tolerance"
    result = exercises.check(ex.id, INSTRUCTOR_VALUES[ex.id])
    assert result.passed, result.message
    expected = float(ex.expected(None))
    for mis in ex.misconceptions:
        wrong = float(mis.wrong(None))
        assert not _core._close(wrong, expected, ex), (ex.id, mis.name)
        result = exercises.check(ex.id, wrong)
        assert result.passed is False
        assert result.misconception == mis.name and mis.name in result.message
    for bad in ("four", [1, 2], True):
        result = exercises.check(ex.id, bad)
        assert result.passed is False and "Expected a number" in result.message
    assert exercises.check(ex.id, None).status == "not_done"


def test_value_answers_are_computed_live(monkeypatch):
    """The expected values follow the library: patch it, and the answer moves."""
    from sklearn.cluster import KMeans

    real = KMeans.fit

    def fit_and_double(self, X, y=None, sample_weight=None):
        out = real(self, X, y, sample_weight)
        self.inertia_ = 2 * self.inertia_
        return out

    monkeypatch.setattr(KMeans, "fit", fit_and_double)
    assert exercises.get("predict_inertia").expected(None) == 20.0


def test_quiz_widget_reaches_progress():
    app = exercises.quiz("four_numbers")
    app.controls["check"].click()
    assert "No option chosen" in app.feedback.value
    app.controls["choice"].index = 0  # a wrong option
    app.controls["check"].click()
    assert app.state["result"].passed is False
    assert "inertia_" in app.feedback.value
    app.controls["choice"].index = 2  # (c), the right one
    app.controls["check"].click()
    assert app.state["result"].passed is True
    assert "Every option explained" in app.feedback.value
    row = {r["id"]: r for r in exercises.progress("07").rows}["four_numbers"]
    assert row["status"] == "passed" and row["points"] == 1.0


def test_quiz_refuses_a_value_exercise():
    with pytest.raises(ValueError, match="check"):
        exercises.quiz("predict_inertia")


# ------------------------------------------------------------------------------------------------------------
# The facts behind the right answers, checked against the installed libraries
# ------------------------------------------------------------------------------------------------------------


def test_fact_sklearn_kmeans_has_no_metric_and_no_n_jobs():
    from sklearn.cluster import KMeans

    for kwargs in ({"metric": "cosine"}, {"n_jobs": 4}):
        with pytest.raises(TypeError):
            KMeans(n_clusters=2, **kwargs)


def test_fact_unit_rows_turn_euclidean_into_cosine():
    from scipy.spatial import distance

    rng = np.random.default_rng(0)
    u, v = rng.normal(size=(2, 5))
    u, v = u / np.linalg.norm(u), v / np.linalg.norm(v)
    assert np.isclose(np.sum((u - v) ** 2), 2 * distance.cosine(u, v))


def test_fact_mismatched_update_rises_only_at_update_steps():
    from kmeans_edu.widgets.metrics_demo import make_data, mismatched_lloyd

    X = make_data("blobs with outliers")
    init = X[np.random.default_rng(0).choice(X.shape[0], 2, replace=False)]
    _, _, trace = mismatched_lloyd(X, init, assign_metric="manhattan", update_metric="euclidean")
    rises = [kind for (kind, v), (_, prev) in zip(trace[1:], trace[:-1], strict=True) if v > prev + 1e-9]
    assert rises and set(rises) == {"update"}


def test_fact_scaling_keeps_labels_and_n_iter_and_squares_inertia():
    from sklearn.cluster import KMeans

    from kmeans_edu import datasets

    X = datasets.blobs(300, 4, spread=2.0, seed=1)[0]
    for seed in range(3):
        a = KMeans(4, random_state=seed).fit(X)
        b = KMeans(4, random_state=seed).fit(X * 1000)
        assert a.n_iter_ == b.n_iter_ and np.array_equal(a.labels_, b.labels_)
        assert np.isclose(b.inertia_, 1e6 * a.inertia_, rtol=1e-9)


def test_fact_one_run_ends_in_a_local_optimum_and_ten_find_the_better():
    from sklearn.cluster import KMeans

    from kmeans_edu import datasets

    X6 = datasets.six_points()
    one, ten = KMeans(2, random_state=0).fit(X6), KMeans(2, random_state=0, n_init=10).fit(X6)
    assert one.inertia_ > ten.inertia_
    assert KMeans(2, random_state=0, tol=1e-12).fit(X6).inertia_ == one.inertia_  # not a tol problem


def test_fact_sklearn_relocates_an_empty_cluster_silently():
    from sklearn.cluster import KMeans

    X = np.array([[0.0, 0.0], [0.1, 0.0], [10.0, 0.0], [10.1, 0.0], [30.0, 0.0]])
    init = np.array([[0.0, 0.0], [10.0, 0.0], [1000.0, 0.0]])  # nobody is nearest to the third centre
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        km = KMeans(3, init=init, n_init=1, max_iter=1).fit(X)
    assert km.cluster_centers_.shape == (3, 2)
    assert [30.0, 0.0] in km.cluster_centers_.tolist()  # the point farthest from its own centre


def test_fact_scipy_iter_restarts_and_kmeans2_ignores_thresh():
    from kmeans_edu import datasets
    from kmeans_edu.vq import kmeans2, whiten

    X = whiten(datasets.blobs(200, 3, seed=2)[0])
    a = kmeans2(X, 3, iter=5, minit="points", rng=3)[0]
    b = kmeans2(X, 3, iter=5, thresh=1e9, minit="points", rng=3)[0]
    assert np.array_equal(a, b)


def test_fact_whiten_neither_centres_nor_decorrelates():
    from kmeans_edu.vq import whiten

    rng = np.random.default_rng(0)
    x = rng.normal(size=200)
    X = np.column_stack([x + 5, 2 * x + rng.normal(scale=0.1, size=200) + 100])
    W = whiten(X)
    assert np.allclose(W.std(axis=0), 1)
    assert np.all(W.mean(axis=0) > 1)  # not centred
    assert np.corrcoef(W.T)[0, 1] > 0.9  # still correlated


def test_fact_ari_below_zero_and_renaming_free():
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    assert adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) < 0
    assert normalized_mutual_info_score([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(0.0, abs=1e-12)
    assert adjusted_rand_score([0, 0, 1, 2], [5, 5, 7, 3]) == 1.0


def test_fact_quantize_mse_is_sse_over_3n():
    from kmeans_edu import KMeans, images

    rng = np.random.default_rng(0)
    photo = rng.integers(0, 256, size=(12, 10, 3), dtype=np.uint8)
    pixels = photo.reshape(-1, 3).astype(float)
    km = KMeans(3, n_init=1, random_state=0).fit(pixels)
    rebuilt = km.cluster_centers_[km.labels_]
    assert np.isclose(km.inertia_ / (3 * len(pixels)), images.mse(pixels, rebuilt))


# ------------------------------------------------------------------------------------------------------------
# The instructor notebooks use every exercise of their notebook
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("nb", sorted(NOTEBOOKS))
def test_instructor_notebook_uses_every_exercise(nb):
    cells = json.loads((ROOT / "instructor" / f"{NOTEBOOKS[nb]}.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    used = set(re.findall(r"""\b(?:check|quiz)\(\s*["']([A-Za-z0-9_]+)["']""", code))
    wanted = {r["id"] for r in exercises.progress(nb).rows}
    assert wanted <= used, sorted(wanted - used)
    assert f'progress("{nb}")' in code
