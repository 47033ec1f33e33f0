"""Questions of notebook 02 (where K-means goes wrong).

Every expected value is computed live with the library or scikit-learn; every wrong option's explanation says why
it is wrong.
"""

import numpy as np

from .._core import ChoiceExercise, Misconception, Option, ValueExercise, register

# ----------------------------------------------------------------------------------------------------------------
# An outlier joins a cluster
# ----------------------------------------------------------------------------------------------------------------

_CLUSTER = [1.0, 2.0, 3.0, 4.0, 5.0]
_OUTLIER = 100.0


def _centre(points, metric="euclidean"):
    """The update step of the library on one cluster of 1-D points: the mean, or the median for 'manhattan'."""
    from ... import steps

    X = np.asarray(points, dtype=float)[:, None]
    new, _ = steps.update_centers(X, np.zeros(len(X), dtype=np.int64), X[:1], metric=metric)
    return float(new[0, 0])


def _shift(metric="euclidean"):
    return _centre([*_CLUSTER, _OUTLIER], metric) - _centre(_CLUSTER, metric)


register(ValueExercise(
    id="outlier_pull", notebook="02", title="Predict how far one outlier pulls a mean", points=1,
    expected=lambda data: _shift(), atol=0.01,
    hints=(
        "The update step moves the centre to the mean of the cluster's points, the outlier included.",
        "Before: the mean of 1, 2, 3, 4, 5. After: the mean of 1, 2, 3, 4, 5 and 100 (six points).",
        "shift = (1 + 2 + 3 + 4 + 5 + 100) / 6 - (1 + 2 + 3 + 4 + 5) / 5",
    ),
    misconceptions=(
        Misconception("median instead of mean",
                      "That is how far the *median* moves (from 3 to 3.5): k-medians. K-means' update takes the mean, "
                      "and the mean follows the outlier.",
                      lambda data: _shift("manhattan")),
        Misconception("divided by the old number of points",
                      "You divided the new sum by 5. With the outlier the cluster has 6 points.",
                      lambda data: (sum(_CLUSTER) + _OUTLIER) / len(_CLUSTER) - _centre(_CLUSTER)),
        Misconception("the new centre, not the shift",
                      "That is where the centre ends up. The question asks how far it moved: subtract the old "
                      "centre.",
                      lambda data: _centre([*_CLUSTER, _OUTLIER])),
    ),
    explanation="The mean goes from 3 to 115 / 6 = 19.17: one point in six drags the centre 16 units, far from all "
                "five real points. The median goes from 3 to 3.5 only, and would not move further however far the "
                "outlier went: that is why k-medians (metric='manhattan') resists outliers.",
))

# ----------------------------------------------------------------------------------------------------------------
# ARI can be negative
# ----------------------------------------------------------------------------------------------------------------

_TRUE = [0, 0, 1, 1]
_PRED = [0, 1, 0, 1]


def _ari(data):
    from sklearn.metrics import adjusted_rand_score

    return adjusted_rand_score(_TRUE, _PRED)


def _rand(data):
    from sklearn.metrics import rand_score

    return rand_score(_TRUE, _PRED)


register(ValueExercise(
    id="ari_negative", notebook="02", title="Predict an adjusted Rand index", points=1,
    expected=_ari, atol=0.01,
    hints=(
        "The Rand index counts the pairs of points on which the two labellings agree (together in both, or apart "
        "in both). The *adjusted* index subtracts what chance agreement would give and rescales, so it can go "
        "below 0.",
        "sklearn.metrics.adjusted_rand_score(labels_true, labels_pred) computes it; ARI = (RI - E[RI]) / "
        "(max RI - E[RI]).",
        "Of the 6 pairs, the labellings agree on 2: RI = 1/3. With these cluster sizes E[RI] = 5/9 and max RI = 1, "
        "so ARI = (1/3 - 5/9) / (1 - 5/9).",
    ),
    misconceptions=(
        Misconception("ARI cannot be negative",
                      "0 is what a random labelling scores *on average*; a labelling that agrees less than chance "
                      "scores below 0 (scikit-learn's ARI is bounded below by -0.5).",
                      lambda data: 0.0),
        Misconception("accuracy without matching",
                      "You compared the labels position by position. Cluster numbers are arbitrary names (label "
                      "switching), and ARI does not compare names: it compares which *pairs* of points are grouped "
                      "together.",
                      lambda data: float(np.mean(np.asarray(_TRUE) == np.asarray(_PRED)))),
        Misconception("the unadjusted Rand index",
                      "That is the plain Rand index, the share of pairs on which the two labellings agree. The "
                      "adjusted index subtracts the agreement expected by chance and rescales: (RI - E[RI]) / "
                      "(max RI - E[RI]).",
                      _rand),
    ),
    explanation="ARI = -0.5: every pair the true labels put together, the clustering splits, and it puts together "
                "two pairs that belong apart. That is worse than chance, which scores 0 on average; -0.5 is the "
                "lowest value scikit-learn's ARI can take. So an ARI near 0 means 'no better than random', and "
                "a negative one means 'systematically against the truth'.",
))

# ----------------------------------------------------------------------------------------------------------------
# Check your understanding
# ----------------------------------------------------------------------------------------------------------------

register(ChoiceExercise(
    id="local_optima", notebook="02", title="Why one run is not enough", points=1,
    question="On the article's six points KMeans(n_clusters=2, random_state=0) (one run, n_init='auto') ends with "
             "SSE 19.75, while n_init=10 finds 16. Why?",
    hints=(
        "Did the one run stop because it ran out of iterations?",
        "Each half-step can only lower the SSE. Where does such a loop stop?",
        "Different starts reach different places where no half-step helps; n_init keeps the best of several.",
    ),
    options=(
        Option("The single run stopped too early; a larger max_iter would reach 16.", False,
               "The run converged: after n_iter_ = 2 iterations no label changes, so more iterations change "
               "nothing. It stopped at a local minimum, not at an iteration limit."),
        Option("Lloyd's loop only goes downhill from its start and stops at a local minimum; n_init=10 tries ten "
               "starts and keeps the run with the lowest SSE.", True,
               "The loop stops where no single half-step lowers the SSE, which depends on the start. scikit-learn "
               "keeps the best of n_init runs (by inertia_). Several starts and a good start (k-means++, notebook "
               "04) make a poor local minimum unlikely, never impossible."),
        Option("With n_init=10 the centres of the ten runs are averaged, which is more accurate.", False,
               "scikit-learn keeps the single run with the lowest inertia; it never averages runs. Averaging would "
               "not even make sense: cluster 0 of one run may be cluster 1 of another (label switching)."),
        Option("random_state=0 is an unlucky seed; any other seed finds 16 in one run.", False,
               "Other seeds end at 19.75, 17.5, 17.33 or 16: each single run may stop at a local minimum, and on "
               "these points most do. The cure is several starts, not a lucky seed."),
    ),
))

register(ChoiceExercise(
    id="rings", notebook="02", title="Why K-means cannot find two rings", points=1,
    question="On two concentric rings K-means with k=2 cuts both rings in half, whatever the seed and n_init. Why?",
    hints=(
        "What shape is the set of points nearer to one centre than to the other?",
        "Each K-means cluster is a Voronoi cell of its centre.",
        "A Voronoi cell is convex; a ring is not, and both rings have the same mean.",
    ),
    options=(
        Option("n_init is too small: with enough starts one run finds the rings.", False,
               "More starts only find a lower SSE, and the two rings as clusters have a *higher* SSE than the two "
               "half-moons: both rings have their mean at the centre, so each centre would be far from all of its "
               "points. K-means finds what it is asked for, the least SSE."),
        Option("Each K-means cluster is the Voronoi cell of its centre, a convex region; a ring is not convex, and "
               "the two rings have the same mean.", True,
               "With two centres the plane is split by a straight line (the perpendicular bisector), so no choice "
               "of centres separates an inner ring from an outer one. Methods that follow connectivity or density "
               "(spectral clustering on a nearest-neighbour graph, DBSCAN) can."),
        Option("The features must be standardised first.", False,
               "Scaling each axis is a linear map: the rings become concentric ellipses, still not convex and "
               "still with one common mean, and the Voronoi cells stay convex."),
        Option("k is too small: with a larger k each ring gets its own clusters.", False,
               "A larger k cuts the rings into more convex pieces; no cluster is ever a whole ring, and pieces of "
               "the inner and outer ring can still share a cell."),
    ),
))
