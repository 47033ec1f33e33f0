"""Questions of notebook 06 (scikit-learn's KMeans today)."""

import numpy as np

from .._core import ChoiceExercise, Misconception, Option, ValueExercise, register

FOUR_POINTS = np.array([[0.0, 0.0], [2.0, 0.0], [10.0, 0.0], [10.0, 4.0]])
"""Four points whose best 2-means split is {(0, 0), (2, 0)} and {(10, 0), (10, 4)} (questions on inertia/score)."""

NEW_POINT = np.array([[4.0, 4.0]])
"""The point scored in ``predict_score``."""


def _fit_four():
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=2, n_init=10, random_state=0).fit(FOUR_POINTS)


def _distances_to_own_centre():
    km = _fit_four()
    return np.linalg.norm(FOUR_POINTS - km.cluster_centers_[km.labels_], axis=1)


def _runs(init):
    from sklearn.cluster import KMeans

    from ... import datasets

    # the number of runs 'auto' resolved to, as scikit-learn stores it after fit
    return int(KMeans(n_clusters=2, init=init, random_state=0).fit(datasets.six_points())._n_init)


register(ValueExercise(
    id="n_init_auto_runs", notebook="06", title="Predict how many runs n_init='auto' makes", points=1,
    expected=lambda _d: _runs("k-means++"), integer=True,
    hints=(
        "Since scikit-learn 1.4 the default is n_init='auto', and what it means depends on init.",
        "The parameter table above: 'auto' is one number for 'k-means++' or an array, another for 'random' or a "
        "callable.",
        "KMeans(n_clusters=2, random_state=0) uses init='k-means++'.",
    ),
    misconceptions=(
        Misconception("10, the old default (or 'auto' with init='random')",
                      "10 runs was the default before scikit-learn 1.4, and is what n_init='auto' means for "
                      "init='random' or a callable. With the default init='k-means++', 'auto' means one run.",
                      lambda _d: _runs("random")),
    ),
    explanation="One run: n_init='auto' means 1 run for init='k-means++' (or an array) and 10 for 'random' "
                "(or a callable). One k-means++ run can end in a local optimum, which is why the article's "
                "example gives inertia 19.75 today instead of 16.0.",
))

register(ValueExercise(
    id="predict_inertia", notebook="06", title="Predict inertia_", points=1,
    expected=lambda _d: float(_fit_four().inertia_), rtol=1e-6,
    hints=(
        "With n_init=10 the best split is the obvious one: the two points on the left, the two on the right. "
        "Each centre is the mean of its two points.",
        "inertia_ adds, over all points, the *squared* Euclidean distance to the point's own centre.",
        "The centres are (1, 0) and (10, 2); the four distances are 1, 1, 2, 2. Square them and add.",
    ),
    misconceptions=(
        Misconception("distances not squared",
                      "You added the distances (the article's wording, errata E32). inertia_ is the sum of "
                      "*squared* distances.",
                      lambda _d: float(_distances_to_own_centre().sum())),
        Misconception("mean instead of sum",
                      "You averaged the squared distances (inertia / n). inertia_ is their sum.",
                      lambda _d: float((_distances_to_own_centre() ** 2).mean())),
        Misconception("SciPy's distortion (mean unsquared distance)",
                      "The mean of the unsquared distances is what SciPy's kmeans calls the distortion "
                      "(notebook 07). scikit-learn's inertia_ is the sum of the squared distances.",
                      lambda _d: float(_distances_to_own_centre().mean())),
    ),
    explanation="10: centres (1, 0) and (10, 2), distances 1, 1, 2, 2, squares 1 + 1 + 4 + 4. The other numbers "
                "people call inertia or distortion for the same clustering: sum of distances 6, mean squared "
                "distance 2.5, SciPy's distortion (mean distance) 1.5.",
))

register(ValueExercise(
    id="predict_score", notebook="06", title="Predict score()", points=1,
    expected=lambda _d: float(_fit_four().score(NEW_POINT)), rtol=1e-6,
    hints=(
        "score(X) is the opposite of the inertia of X under the fitted centres: higher (closer to 0) is better.",
        "Find the nearest centre of (4, 4): the centres are (1, 0) and (10, 2).",
        "The nearest is (1, 0), at distance sqrt(3^2 + 4^2). Square it, then change the sign.",
    ),
    misconceptions=(
        Misconception("the sign of score",
                      "score(X) is *minus* the sum of squared distances, so that a larger score means a better "
                      "fit (scikit-learn's convention for every score).",
                      lambda _d: float(-_fit_four().score(NEW_POINT))),
        Misconception("distance not squared",
                      "You used the distance to the nearest centre (that is what transform() returns). score "
                      "uses the squared distance.",
                      lambda _d: float(-_fit_four().transform(NEW_POINT).min())),
        Misconception("the farther centre",
                      "You measured to the farther centre. A point is scored against its nearest centre.",
                      lambda _d: float(-(_fit_four().transform(NEW_POINT).max() ** 2))),
    ),
    explanation="-25: the nearest centre (1, 0) is at distance 5, squared 25, with the sign flipped. "
                "transform() gives the unsquared distances to every centre ([6.32, 5] here, in the order of "
                "cluster_centers_).",
))

register(ChoiceExercise(
    id="one_run_local_optimum", notebook="06", title="Why one run can end worse", points=1,
    question="On the six points, KMeans(n_clusters=2, random_state=0) ends with inertia 19.75, while "
             "KMeans(n_clusters=2, random_state=0, n_init=10) reaches 16.0. Why?",
    options=(
        Option("tol is too large, so the run stopped before it converged.", False,
               "The run stopped because no label changed (n_iter_ = 2): it converged, to a local optimum. A "
               "smaller tol gives the same answer."),
        Option("random_state=0 is an unlucky seed; with any other seed one run finds 16.0.", False,
               "The ten one-run fits above end at 19.75, 17.33 and 17.5 as well as 16.0: where a run ends depends "
               "on where it starts, and no seed is guaranteed to reach the global optimum. n_init raises the chance."),
        Option("n_init='auto' makes a single k-means++ run, and Lloyd's algorithm stops at the first local "
               "optimum it reaches; n_init=10 keeps the best (lowest-inertia) of ten runs.", True,
               "Right. Lloyd's loop only ever lowers the inertia, so it stops where no single assignment or update "
               "step helps: a local optimum, here 'two lower-left points vs the rest'. More runs from other "
               "starts make finding the better one more likely; none is guaranteed to find the global optimum."),
        Option("scikit-learn 1.4 introduced a bug in KMeans.", False,
               "No bug: the default changed from n_init=10 to n_init='auto' (one run with k-means++), a "
               "speed/quality trade-off. Pass n_init explicitly when quality matters."),
    ),
    hints=(
        "Does Lloyd's algorithm ever make the inertia larger? Then where can it stop?",
        "How many runs does n_init='auto' make with init='k-means++'?",
        "Compare the ten one-run inertias printed above with the n_init=10 result.",
    ),
))

register(ChoiceExercise(
    id="scaled_features_tol", notebook="06", title="The same data in other units", points=1,
    question="You multiply every feature by 1000 (millimetres instead of metres) and refit with the same "
             "random_state. What happens?",
    options=(
        Option("labels_ and n_iter_ stay the same; inertia_ becomes 1000 times larger.", False,
               "inertia_ is a sum of *squared* distances: distances grow 1000 times, their squares 10^6 times."),
        Option("labels_ and n_iter_ stay the same; inertia_ becomes about 10^6 times larger.", True,
               "Right. tol is relative (the centre shift is compared with tol times the mean feature variance, "
               "which also grows 10^6 times), k-means++ draws with the same random numbers and probabilities "
               "D^2 / sum D^2 that do not change, "
               "and inertia_ is a sum of squares: 1000^2."),
        Option("n_iter_ grows, because tol=1e-4 is an absolute threshold that is harder to reach in larger units.",
               False,
               "That is SciPy's thresh, which is absolute. scikit-learn's tol is relative to the data's variance, "
               "so it scales with the units."),
        Option("Nothing changes, because KMeans standardises the features first.", False,
               "KMeans does not rescale features. If features have different units, scale them yourself "
               "(StandardScaler, or SciPy's whiten)."),
    ),
    hints=(
        "Two questions: is scikit-learn's tol absolute or relative? And what is inertia_ a sum of?",
        "The table above: tol is compared with 'tol x mean feature variance'.",
        "Distances scale by 1000; squared distances and variances by 1000^2.",
    ),
))

register(ChoiceExercise(
    id="empty_cluster_sklearn", notebook="06", title="An empty cluster in scikit-learn", points=1,
    question="During Lloyd's iterations a cluster loses all its points. What does scikit-learn's KMeans do?",
    options=(
        Option("It keeps the empty centre where it was and warns at each iteration.", False,
               "That is SciPy's kmeans2 with missing='warn' (notebook 07)."),
        Option("It drops the centre, so cluster_centers_ can have fewer than K rows.", False,
               "That is SciPy's kmeans, whose code book can come back with fewer than k rows. scikit-learn "
               "always returns n_clusters centres."),
        Option("It raises an error and asks you to re-run with another initialisation.", False,
               "That is SciPy's kmeans2 with missing='raise' (ClusterError). scikit-learn repairs the cluster "
               "silently."),
        Option("It moves that centre onto the point that is farthest from its own centre, without a warning.",
               True,
               "Right (errata E43). The far point leaves its old cluster and the empty centre is put on it. "
               "A ConvergenceWarning appears only when the data have fewer distinct points than K."),
    ),
    hints=(
        "The section 'Only Euclidean distance, and what else changed' says it in one sentence.",
        "Three of the options describe SciPy's functions (notebook 07).",
        "scikit-learn relocates the empty centre to a data point.",
    ),
))
