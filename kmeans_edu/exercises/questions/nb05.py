"""Questions of notebook 05 (distance measures, and the centre that belongs to each)."""

import numpy as np

from .._core import ChoiceExercise, Misconception, Option, ValueExercise, register

L1_POINTS = np.array([[1.0], [2.0], [4.0], [7.0], [31.0]])
"""One cluster of five 1-D points with an outlier (question ``l1_centre``)."""

COSINE_PAIR = (np.array([2.0, 0.0]), np.array([1.0, 1.0]))
"""Two vectors 45 degrees apart, of different lengths (question ``cosine_distance_value``)."""


def _l1_centre(_data):
    from ... import KMeans

    return float(KMeans(1, metric="manhattan", n_init=1, random_state=0).fit(L1_POINTS).cluster_centers_[0, 0])


def _cosine_distance(_data):
    from scipy.spatial import distance

    return float(distance.cosine(*COSINE_PAIR))


register(ValueExercise(
    id="l1_centre", notebook="05", title="Predict the k-medians centre of one cluster", points=1,
    expected=_l1_centre, atol=1e-9,
    hints=(
        "With Manhattan distance the update step picks the c that minimises the sum of |x_i - c|. Moving c a little "
        "to the right adds that step once for every point on its left and removes it once for every point on its "
        "right.",
        "The sum of absolute deviations is smallest where as many points lie on each side of c: the median "
        "(np.median), not the mean.",
        "Sort the five values 1, 2, 4, 7, 31 and take the middle one.",
    ),
    misconceptions=(
        Misconception("mean instead of median",
                      "The mean minimises the sum of *squared* distances (K-means). For the sum of absolute "
                      "distances (Manhattan) the minimiser is the median, which the outlier 31 cannot drag.",
                      lambda _d: float(L1_POINTS.mean())),
        Misconception("midpoint of the extremes",
                      "(min + max) / 2, the centre of the range, minimises the *largest* distance max |x_i - c|, "
                      "not the sum of the distances. The sum of |x_i - c| is smallest at the median.",
                      lambda _d: float((L1_POINTS.min() + L1_POINTS.max()) / 2)),
    ),
    explanation="The median, 4: two points lie below it and two above, so moving c either way adds more distance "
                "than it removes. The outlier 31 pulls the mean to 9 but does not move the median at all; "
                "k-medians (metric='manhattan') uses this centre.",
))

register(ValueExercise(
    id="cosine_distance_value", notebook="05", title="Predict a cosine distance", points=1,
    expected=_cosine_distance, atol=1e-3,
    hints=(
        "Cosine distance is 1 minus the cosine of the angle between the two vectors; their lengths do not matter.",
        "The cosine similarity is x . c / (|x| |c|); scipy.spatial.distance.cosine returns 1 minus that.",
        "x . c = 2, |x| = 2, |c| = sqrt(2): the similarity is 1 / sqrt(2), the distance 1 - 1 / sqrt(2).",
    ),
    misconceptions=(
        Misconception("similarity instead of distance",
                      "That is the cosine *similarity* (the cosine of the 45-degree angle). The cosine distance "
                      "is 1 minus it, so that identical directions are at distance 0.",
                      lambda _d: float(COSINE_PAIR[0] @ COSINE_PAIR[1] / (np.linalg.norm(COSINE_PAIR[0])
                                                                         * np.linalg.norm(COSINE_PAIR[1])))),
        Misconception("dot product not divided by the lengths",
                      "You used 1 - x . c without dividing by |x| |c|. Without the lengths it is not a cosine and "
                      "it changes when a vector is scaled; divide by both lengths.",
                      lambda _d: float(1 - COSINE_PAIR[0] @ COSINE_PAIR[1])),
        Misconception("Euclidean distance",
                      "That is the Euclidean distance |x - c| = sqrt(2). Cosine distance only looks at the angle: "
                      "1 - cos(45 degrees).",
                      lambda _d: float(np.linalg.norm(COSINE_PAIR[0] - COSINE_PAIR[1]))),
    ),
    explanation="1 - cos 45 degrees = 1 - 1/sqrt(2), about 0.293. Scaling either vector leaves it unchanged: "
                "(2, 0) and (100, 0) are at cosine distance 0.",
))

register(ChoiceExercise(
    id="mean_needs_squared_euclidean", notebook="05", title="Which centre for which distance", points=1,
    question="You run Lloyd's loop with Manhattan (L1) distance in the assignment step. Why must the update step "
             "use the coordinate-wise median rather than the mean?",
    options=(
        Option("Because the median is more robust to outliers, and robustness is always better.", False,
               "Robustness is a side effect, not the reason. Under squared Euclidean distance the median gives a "
               "higher (at best equal) objective than the mean; the right centre is the one that minimises the "
               "objective in use."),
        Option("Because a mean cannot be computed with Manhattan distance.", False,
               "A mean can always be computed; it is just not the centre that minimises the sum of L1 distances, "
               "so with it the L1 objective can rise at an update step."),
        Option("Because the mean minimises the sum of squared Euclidean distances; the sum of absolute differences "
               "is minimised by the median of each coordinate.", True,
               "Right. Each step must lower the same objective. For sum |x_i - c| the best c is the median, "
               "coordinate by coordinate; the mean is the best c for sum |x_i - c|^2, and in general not for the "
               "L1 sum."),
        Option("It need not: any centre works, the assignment step alone decides the clusters.", False,
               "The update step matters: with a centre that does not minimise the objective in use, Lloyd's "
               "guarantee (the objective never rises, so the loop stops) is lost, as the mismatch section shows."),
    ),
    hints=(
        "Lloyd's loop only works if both steps lower one and the same objective.",
        "For one cluster, which c minimises sum |x_i - c|, and which minimises sum (x_i - c)^2?",
        "Look at the grid search in 'Which centre minimises which objective'.",
    ),
))

register(ChoiceExercise(
    id="mismatched_update_objective", notebook="05", title="A distance paired with the wrong update", points=1,
    question="A library assigns points by Manhattan distance but moves each centre to the mean of its points. "
             "What can happen to the sum of L1 distances during the loop?",
    options=(
        Option("It still goes down at every step, only more slowly.", False,
               "The run above rises three times, each at an update step: the mean can be worse than the old "
               "centre for the L1 sum."),
        Option("It can go up at an update step, so the usual guarantee that the loop settles is lost.", True,
               "Right. The assignment step still picks the L1-nearest centre, which cannot raise the L1 sum, but the "
               "mean is not the L1-optimal centre, so moving there can raise it (half-steps 3, 5, 7 above)."),
        Option("It can go up, but only at an assignment step.", False,
               "With the centres fixed, giving each point its L1-nearest centre can only lower (or keep) the L1 "
               "sum. The rises come from the update step, where the mean replaces the L1-optimal median."),
        Option("Nothing changes: the mean and the median are the same point.", False,
               "They coincide for symmetric clusters, not in general. With an outlier in a cluster the mean moves "
               "towards it while the median stays, and the two runs end at different objectives (841 vs 753 above)."),
    ),
    hints=(
        "Look at which half-steps the arrows 'went UP' point to in the mismatch section.",
        "With the centres fixed, can moving a point to its L1-nearest centre raise the L1 sum?",
        "Does the mean minimise the sum of absolute distances of a cluster?",
    ),
))

register(ChoiceExercise(
    id="cosine_with_sklearn", notebook="05", title="Cosine clustering with scikit-learn", points=1,
    question="You want clusters by direction (cosine distance) and only have scikit-learn. What is the standard "
             "workaround?",
    options=(
        Option("KMeans(n_clusters=3, metric='cosine')", False,
               "scikit-learn's KMeans has no metric parameter (Euclidean only): passing metric= raises a TypeError."),
        Option("L2-normalise every row, then run the usual (Euclidean) KMeans.", True,
               "Right. For unit rows |u - v|^2 = 2 (1 - cos(u, v)), so Euclidean distances between rows follow "
               "cosine distance. The centres are plain means, shorter than unit length, so it is close to "
               "spherical k-means, not the same algorithm."),
        Option("Standardise the features with StandardScaler, then run KMeans.", False,
               "StandardScaler rescales each *column* to mean 0 and variance 1; it does not remove the length of "
               "each *row*, which is what cosine distance ignores."),
        Option("KMeans(n_clusters=3, algorithm='elkan')", False,
               "Elkan's algorithm is an exact speed-up of Lloyd's with the triangle inequality: it gives the same "
               "Euclidean clustering, not a cosine one."),
    ),
    hints=(
        "Cosine distance ignores the length of each vector. Which preprocessing removes the length?",
        "Compute |u - v|^2 for two unit vectors u, v: it is a function of u . v alone.",
        "X / np.linalg.norm(X, axis=1, keepdims=True), then KMeans: the last section before the mismatch does it.",
    ),
))
