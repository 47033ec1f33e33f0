"""Exercises with feedback that names the learner's mistake.

One entry point, :func:`check`, for three kinds of exercise:

* "write this step": the answer is a function, called on fixed edge cases (ties, an empty cluster, one
  cluster, one feature, integer input, float32, uint8 images) and on cases drawn from the learner's seed;
* "predict, then run": the answer is a number, compared with a stated tolerance;
* "check your understanding": a multiple-choice question (:func:`quiz` shows it as a keyboard-operable
  widget; ``check(id, "b")`` answers it in code), where every option has its explanation.

A wrong answer that matches a known misconception is named ("your centres are the medians of the
clusters; the update step takes the mean"); otherwise the smallest failing case is shown. Each failed
attempt gives a more specific hint, and :func:`solution` shows a worked solution after a few attempts.
:func:`progress` lists a notebook's exercises and which ones passed in this kernel; every result carries
points for partial credit under a grader (under nbgrader's autograder a check cell's value is its points).

Examples
--------
>>> import numpy as np
>>> from kmeans_edu import exercises
>>> def assign_labels(X, centers):
...     d2 = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
...     return d2.argmax(axis=1)  # a mistake
>>> result = exercises.check("assign_labels", assign_labels)
>>> result.passed, result.misconception
(False, 'argmax instead of argmin')
>>> exercises.reset()
"""

from . import _functions, questions  # noqa: F401  (they register the exercises)
from ._core import (
    REVEAL_AFTER,
    STRICT_ENV,
    CheckResult,
    Progress,
    all_exercises,
    attempts,
    check,
    get,
    hint,
    learner,
    learner_data,
    progress,
    reset,
    set_learner,
    solution,
)


def data(exercise_id):
    """The data of a "predict, then run" exercise for the current learner (see :func:`set_learner`)."""
    return learner_data(exercise_id)


def quiz(exercise_id):
    """Show a multiple-choice question as a widget: pick an option (mouse or keyboard), then press Check.

    The result reaches :func:`progress` like any other check. Returns the
    :class:`kmeans_edu.widgets.quiz.QuizApp`.
    """
    from ..widgets.quiz import QuizApp

    return QuizApp(exercise_id)


__all__ = [
    "REVEAL_AFTER",
    "STRICT_ENV",
    "CheckResult",
    "Progress",
    "all_exercises",
    "attempts",
    "check",
    "data",
    "get",
    "hint",
    "learner",
    "progress",
    "quiz",
    "reset",
    "set_learner",
    "solution",
]
