"""Questions of notebook 01 (Lloyd's algorithm, step by step).

Every expected value is computed live with the library; every wrong option's explanation says why it is wrong.
"""

import numpy as np

from .._core import ChoiceExercise, Misconception, Option, ValueExercise, register

_START_ROWS = [2, 1]  # the six points' rows (1, 0) and (1, 4): a start no cell of the notebook prints


def _one_round():
    """The six points, one assignment to the start X[[2, 1]], one update: (X, start, labels, new centres)."""
    from ... import datasets, steps

    X = datasets.six_points()
    start = X[_START_ROWS]
    labels, _ = steps.assign_labels(X, start)
    new_centers, _ = steps.update_centers(X, labels, start)
    return X, start, labels, new_centers


def _sse_after_update(data):
    from ... import steps

    X, _, labels, new_centers = _one_round()
    return steps.sse(X, labels, new_centers)


def _sse_before_update(data):
    from ... import steps

    X, start, labels, _ = _one_round()
    return steps.sse(X, labels, start)


def _distances_after_update():
    X, _, labels, new_centers = _one_round()
    return np.sqrt(((X - new_centers[labels]) ** 2).sum(axis=1))


register(ValueExercise(
    id="six_points_sse", notebook="01", title="Predict the SSE after one assign and one update", points=1,
    expected=_sse_after_update, atol=0.01,
    hints=(
        "First assign every point to the nearer of the two starting centres (1, 0) and (1, 4), a tie going to the "
        "first centre; then move each centre to the mean of its points; then add up the squared distances to the "
        "*new* centres.",
        "(1, 2) and (4, 2) are exactly as far from both starting centres, so they join the first one. The new "
        "centres are the means of {(1, 0), (1, 2), (4, 0), (4, 2)} and {(1, 4), (4, 4)}: (2.5, 1) and (2.5, 4).",
        "Every point of the first cluster is (±1.5, ±1) from (2.5, 1), every point of the second (±1.5, 0) from "
        "(2.5, 4): SSE = 4 × (1.5² + 1²) + 2 × 1.5².",
    ),
    misconceptions=(
        Misconception("the SSE before the update",
                      "That is the SSE of the first assignment, measured to the *starting* centres. The question asks "
                      "for the SSE after the update step has moved each centre to the mean of its points (it is "
                      "lower: the update can only lower the SSE).",
                      _sse_before_update),
        Misconception("distances not squared",
                      "You added the distances themselves. The SSE adds the *squared* distances.",
                      lambda data: float(_distances_after_update().sum())),
        Misconception("mean instead of sum",
                      "You averaged the squared distances over the six points. The SSE is their sum.",
                      lambda data: float((_distances_after_update() ** 2).mean())),
    ),
    explanation="The ties send (1, 2) and (4, 2) to the first centre, so the clusters are {(1, 0), (1, 2), (4, 0), "
                "(4, 2)} and {(1, 4), (4, 4)}, with means (2.5, 1) and (2.5, 4) and SSE 13 + 4.5 = 17.5 (35 before "
                "the update). A second assignment changes no label, so Lloyd's loop stops at 17.5, a local "
                "minimum: the best split of these points has SSE 16 (notebook 02). Had the ties gone to the "
                "second centre, the mirror-image split would give the same 17.5.",
))

register(ChoiceExercise(
    id="sse_half_steps", notebook="01", title="Can a half-step raise the SSE?", points=1,
    question="Lloyd's loop alternates an assignment step and an update step. Which of them can make the SSE go up?",
    hints=(
        "Look at what each half-step keeps fixed and what it chooses.",
        "With the centres fixed, which labels give the smallest SSE? With the labels fixed, which centre minimises "
        "the sum of squared distances to a cluster's points?",
        "Both half-steps choose the minimiser of the SSE over what they change.",
    ),
    options=(
        Option("The assignment step, when a point switches to another cluster.", False,
               "A point switches only to a centre that is at least as near (on a tie, to the lowest index), so its "
               "squared distance cannot grow. With the centres fixed, the assignment step picks the labels with the "
               "smallest SSE."),
        Option("The update step, when a centre moves away from some of its points.", False,
               "Some distances grow, but their sum does not: with the labels fixed, the mean of a cluster is the one "
               "point that minimises the sum of squared distances to its members (the gradient "
               "-2 Σ (x_i - μ) is zero there). An empty cluster has no term in the SSE, so moving its centre "
               "changes nothing."),
        Option("Neither: each half-step can only lower the SSE or leave it as it is.", True,
               "The assignment step minimises the SSE over the labels with the centres fixed, the update step over "
               "the centres with the labels fixed. So the SSE is a staircase down, and as there are finitely many "
               "partitions, the loop must stop (in floating point the SSE may wobble in the last digits)."),
        Option("Both, after a bad start; that is why K-means can end in a local minimum.", False,
               "The SSE never goes up, whatever the start. A bad start ends in a *local* minimum because the loop "
               "only goes downhill and stops where no half-step helps, not because the SSE rose."),
    ),
))

register(ChoiceExercise(
    id="max_iter_one", notebook="01", title="What max_iter=1 in scikit-learn returns", points=1,
    question="You fit scikit-learn's KMeans(4, init=start, n_init=1, max_iter=1) to X. What are cluster_centers_ "
             "and labels_?",
    hints=(
        "One iteration is assign, then update. Does scikit-learn stop right after the update?",
        "scikit-learn wants labels_ to belong to cluster_centers_.",
        "After its last update it assigns the points once more.",
    ),
    options=(
        Option("labels_ is the assignment to `start`, and cluster_centers_ are the means of those labels.", False,
               "That would be exactly one assign and one update, but then labels_ would not belong to "
               "cluster_centers_. scikit-learn assigns once more after the last update, so labels_ is a second "
               "assignment."),
        Option("cluster_centers_ are the means of the first assignment, and labels_ is a second assignment to "
               "those centres.", True,
               "One call is assign -> update -> assign: the final assignment makes labels_ consistent with "
               "cluster_centers_ (and equal to predict(X)). So max_iter=1 is not one step of Lloyd's algorithm; "
               "lloyd(..., record_history=True) keeps the half-steps apart."),
        Option("cluster_centers_ is `start` unchanged, and labels_ is the assignment to it.", False,
               "An iteration always ends with an update, so the centres have moved to the means of the first "
               "assignment."),
        Option("Nothing useful: scikit-learn raises a ConvergenceWarning and keeps the start.", False,
               "KMeans does not warn when it stops at max_iter (its ConvergenceWarning is about finding fewer "
               "distinct clusters than n_clusters); it returns the centres and labels it reached, with "
               "n_iter_ = 1."),
    ),
))

register(ChoiceExercise(
    id="tol_relative", notebook="01", title="What tol means in scikit-learn", points=1,
    question="scikit-learn's KMeans(tol=1e-4) stops a run early when...",
    hints=(
        "Would the same tol work for data in metres and the same data in millimetres?",
        "The tolerance is multiplied by a number computed from X once, before the loop.",
        "It compares the total squared movement of the centres with tol times the mean variance of the features.",
    ),
    options=(
        Option("every centre moved by less than 0.0001, in the units of the data.", False,
               "That would be an absolute threshold, so the same tol would mean different things for data in "
               "metres and in millimetres. scikit-learn's tol is relative to the spread of the data."),
        Option("the SSE went down by less than a fraction 1e-4 of itself.", False,
               "scikit-learn does not test the change of the SSE. (SciPy's kmeans tests the absolute change of its "
               "distortion, the mean unsquared distance, against `thresh`.)"),
        Option("the sum over the centres of their squared shifts is at most 1e-4 times the mean variance of the "
               "features (or earlier, when no label changed).", True,
               "scikit-learn first stops when the labels did not change at all (strict convergence), then when "
               "Σ_j ||μ_j(new) - μ_j(old)||² ≤ tol · mean_f Var(X[:, f]), and at the latest after max_iter "
               "iterations. Because of the variance factor, multiplying X by 1000 does not change the number "
               "of iterations."),
        Option("fewer than a fraction 1e-4 of the points changed cluster.", False,
               "The label test is strict: it stops only when *no* point changed cluster. tol is about how far "
               "the centres moved."),
    ),
))
