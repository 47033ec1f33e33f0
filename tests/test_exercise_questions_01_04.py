"""The exercises of notebooks 01-04: quizzes, "predict, then run" values, and the instructor edition's solutions."""

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from kmeans_edu import exercises
from kmeans_edu.exercises import _core, check

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = {"01": "01_lloyd_step_by_step", "02": "02_weaknesses", "03": "03_choosing_k", "04": "04_initialisation"}


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.delenv(exercises.STRICT_ENV, raising=False)
    exercises.set_learner(None)
    exercises.reset()
    yield
    exercises.set_learner(None)
    exercises.reset()


def _of_kind(kind):
    return [ex for ex in exercises.all_exercises() if ex.notebook in NOTEBOOKS and ex.kind == kind]


CHOICES = _of_kind("choice")
VALUES = _of_kind("value")


# ----------------------------------------------------------------------------------------------------------------
# Multiple choice
# ----------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ex", CHOICES, ids=lambda ex: ex.id)
def test_choice_is_well_formed(ex):
    assert 3 <= len(ex.options) <= 5
    assert sum(opt.correct for opt in ex.options) == 1
    assert len(ex.hints) == 3
    assert ex.question.strip()
    for opt in ex.options:
        assert opt.text.strip() and len(opt.explanation) > 40, opt.text


@pytest.mark.parametrize("ex", CHOICES, ids=lambda ex: ex.id)
def test_choice_right_letter_passes_and_every_wrong_letter_explains_itself(ex):
    for letter, opt in zip(ex.letters, ex.options, strict=True):
        exercises.reset(ex.id)
        result = check(ex.id, letter)
        assert result.passed is opt.correct, (letter, result.message)
        assert opt.explanation in result.message
        if not opt.correct:
            assert result.status == "failed" and result.points == 0
            assert result.misconception == opt.text
    assert check(ex.id, ex.letters.upper()[[o.correct for o in ex.options].index(True)]).passed  # upper case too


@pytest.mark.parametrize("ex", CHOICES, ids=lambda ex: ex.id)
def test_choice_odd_answers_get_a_message(ex):
    for answer in ("z", 17, 2.5, ["a"]):
        result = check(ex.id, answer)
        assert result.passed is False and "letters" in result.message
    assert check(ex.id, None).status == "not_done"


def test_quiz_widget_reaches_progress():
    ex = exercises.get("pp_vs_farthest")
    app = exercises.quiz(ex.id)
    app.controls["check"].click()  # nothing chosen yet
    assert "No option chosen" in app.feedback.value and app.state["result"] is None
    wrong = next(i for i, opt in enumerate(ex.options) if not opt.correct)
    app.controls["choice"].index = wrong
    app.controls["check"].click()
    assert app.state["result"].passed is False
    assert "not right" in app.feedback.value and "Every option explained" not in app.feedback.value
    right = next(i for i, opt in enumerate(ex.options) if opt.correct)
    app.controls["choice"].index = right
    app.controls["check"].click()
    assert app.state["result"].passed is True
    assert "Every option explained" in app.feedback.value
    row = next(r for r in exercises.progress("04").rows if r["id"] == ex.id)
    assert row["status"] == "passed" and row["attempts"] == 1


# ----------------------------------------------------------------------------------------------------------------
# "Predict, then run"
# ----------------------------------------------------------------------------------------------------------------

# The answers worked out by hand (the notebooks explain each one); the checks compute theirs with the library.
HAND = {
    "six_points_sse": 4 * (1.5**2 + 1**2) + 2 * 1.5**2,
    "outlier_pull": (1 + 2 + 3 + 4 + 5 + 100) / 6 - 3,
    "median_far_outlier": (3 + 4) / 2 - 3,
    "k_least_sse": 10,
    "sse_one_cluster": None,  # per-learner data: computed below with NumPy
    "far_point_chance": 100 / 105,
    "greedy_candidates": 2 + math.floor(math.log(8)),
}


def _hand_answer(ex):
    if ex.id == "sse_one_cluster":
        Xq = exercises.data(ex.id)
        return float(((Xq - Xq.mean(axis=0)) ** 2).sum())
    return HAND[ex.id]


def test_every_value_exercise_has_a_hand_answer():
    assert {ex.id for ex in VALUES} == set(HAND)


@pytest.mark.parametrize("ex", VALUES, ids=lambda ex: ex.id)
def test_value_exercise_is_well_formed(ex):
    assert len(ex.hints) == 3 and ex.explanation
    assert ex.misconceptions and all(m.wrong is not None for m in ex.misconceptions)
    assert ex.integer or ex.rtol > 0 or ex.atol > 0  # a stated tolerance


@pytest.mark.parametrize("ex", VALUES, ids=lambda ex: ex.id)
def test_value_right_answer_passes(ex):
    answer = _hand_answer(ex)
    result = check(ex.id, answer)
    assert result.passed, result.message
    assert ex.explanation in result.message
    if ex.integer:
        assert check(ex.id, np.int64(answer)).passed
        assert not check(ex.id, answer + 1).passed
    else:
        assert check(ex.id, np.float64(answer)).passed and check(ex.id, np.array(answer)).passed


@pytest.mark.parametrize("ex", VALUES, ids=lambda ex: ex.id)
def test_value_misconceptions_are_named(ex):
    data = _core.learner_data(ex)
    expected = float(ex.expected(data))
    for mis in ex.misconceptions:
        exercises.reset(ex.id)
        wrong = float(mis.wrong(data))
        assert not _core._close(wrong, expected, ex), f"{mis.name} gives the right value"
        result = check(ex.id, wrong)
        assert result.passed is False
        assert result.misconception == mis.name
        assert mis.name in result.message and mis.message in result.message


@pytest.mark.parametrize("ex", VALUES, ids=lambda ex: ex.id)
def test_value_wrong_type_gets_a_message(ex):
    for answer in ("17.5", [1.0, 2.0], {"a": 1}, True):
        result = check(ex.id, answer)
        assert result.passed is False and "Expected a number" in result.message
    assert check(ex.id, None).status == "not_done"
    unnamed = check(ex.id, 12345.678)
    assert unnamed.passed is False and unnamed.misconception is None and "not the right value" in unnamed.message


def test_hint_ladder_and_solution_for_a_prediction():
    for n in (1, 2, 3):
        result = check("far_point_chance", 0.5)
        assert f"Hint {n}/3" in result.message
    assert "Solution of far_point_chance" in exercises.solution("far_point_chance")


def test_per_learner_data_differs_and_is_stable():
    exercises.set_learner("Ada")
    a = exercises.data("sse_one_cluster")
    answer_a = _hand_answer(exercises.get("sse_one_cluster"))
    assert np.array_equal(a, exercises.data("sse_one_cluster"))
    exercises.set_learner("Grace")
    assert not np.array_equal(a, exercises.data("sse_one_cluster"))
    assert not check("sse_one_cluster", answer_a).passed
    exercises.set_learner("Ada")
    assert check("sse_one_cluster", answer_a).passed


def test_expected_values_are_computed_by_the_library():
    # The checks must follow the library: a prediction about k-means++ follows kmeanspp_steps, for example.
    from kmeans_edu import datasets
    from kmeans_edu.widgets.kmeanspp import kmeanspp_steps

    X, _ = datasets.blobs(n=300, k=8, spread=0.8, seed=4)
    assert exercises.get("greedy_candidates").expected(None) == len(kmeanspp_steps(X, 8, random_state=0)[2].candidates)
    median_shift = np.median([1, 2, 3, 4, 5, 1000]) - np.median([1, 2, 3, 4, 5])
    assert exercises.get("median_far_outlier").expected(None) == median_shift


# ----------------------------------------------------------------------------------------------------------------
# The instructor edition
# ----------------------------------------------------------------------------------------------------------------


def _cells(nb_id):
    nb = json.loads((ROOT / "instructor" / f"{NOTEBOOKS[nb_id]}.ipynb").read_text(encoding="utf-8"))
    return [("".join(c["source"]), c["cell_type"]) for c in nb["cells"]]


@pytest.mark.parametrize("nb_id", sorted(NOTEBOOKS))
def test_every_exercise_of_the_notebook_is_in_it(nb_id):
    sources = "\n".join(src for src, kind in _cells(nb_id) if kind == "code")
    ids = {ex.id for ex in exercises.all_exercises() if ex.notebook == nb_id}
    assert len(ids) >= 4
    for ex_id in ids:
        assert re.search(rf"""\b(check|quiz)\(\s*["']{ex_id}["']""", sources), ex_id
    assert f'progress("{nb_id}")' in sources


@pytest.mark.parametrize("nb_id", sorted(NOTEBOOKS))
def test_instructor_solutions_pass_their_checks(nb_id):
    namespace = {"np": np, "Xq": exercises.data("sse_one_cluster")}
    n_checked = 0
    for src, kind in _cells(nb_id):
        if kind != "code":
            continue
        if "### BEGIN SOLUTION" in src:
            exec(src, namespace)  # noqa: S102 - the repository's own solution cells
        m = re.fullmatch(r"""check\(\s*["'](\w+)["']\s*,\s*(\w+)\s*\)\s*""", src)
        if m:
            result = check(m.group(1), namespace[m.group(2)])
            assert result.passed, result.message
            n_checked += 1
    assert n_checked >= 2
