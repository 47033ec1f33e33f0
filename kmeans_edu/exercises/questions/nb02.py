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


def _shift(metric="euclidean", outlier=_OUTLIER):
    return _centre([*_CLUSTER, outlier], metric) - _centre(_CLUSTER, metric)


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
                "five real points, and the farther the outlier, the farther the mean goes. The median goes from 3 "
                "to 3.5 only.",
))

_FAR_OUTLIER = 1000.0

register(ValueExercise(
    id="median_far_outlier", notebook="02", title="Predict how far the median follows a farther outlier", points=1,
    expected=lambda data: _shift("manhattan", _FAR_OUTLIER), atol=0.01,
    hints=(
        "The median is the middle of the *sorted* values; with an even count, the halfway point of the two middle "
        "ones.",
        "Sort 1, 2, 3, 4, 5, 1000: which two values are in the middle? Does it matter whether the last one is 100 "
        "or 1000?",
        "median(1, 2, 3, 4, 5, 1000) = (3 + 4) / 2; the median without the outlier is 3.",
    ),
    misconceptions=(
        Misconception("the mean's shift",
                      "That is how far the *mean* moves. The k-medians update takes the median, the middle of the "
                      "sorted values.",
                      lambda data: _shift("euclidean", _FAR_OUTLIER)),
        Misconception("the median ignores the outlier completely",
                      "The median does notice the outlier: it is a sixth point, so the middle moves from the 3rd "
                      "value to halfway between the 3rd and the 4th. What the median ignores is how *far* the "
                      "outlier is.",
                      lambda data: 0.0),
        Misconception("the median follows the outlier in proportion",
                      "The median depends on the order of the values, not on how large the extreme ones are: moving "
                      "the outlier from 100 to 1000 does not change which values are in the middle.",
                      lambda data: _shift("manhattan") * _FAR_OUTLIER / _OUTLIER),
    ),
    explanation="0.5, exactly as with the outlier at 100: the median of 1, 2, 3, 4, 5 and the outlier is (3 + 4) / 2 "
                "= 3.5 wherever the outlier is, as long as it is the largest value. The mean would move 166 units. "
                "That is why k-medians (metric='manhattan') resists outliers: one added point can only move the "
                "median towards a neighbouring middle value, however far away it is.",
))

# ----------------------------------------------------------------------------------------------------------------
# Check your understanding
# ----------------------------------------------------------------------------------------------------------------

register(ChoiceExercise(
    id="local_optima", notebook="02", title="A run that is stuck", points=1,
    question="In the local-optima app, a random start ends with two centres inside one blob and one centre between "
             "two other blobs, and the loop has stopped. What is true of that final state?",
    hints=(
        "Why did the loop stop? What would one more assignment and one more update do?",
        "A centre only ever moves to the mean of the points that are already nearest to it.",
        "Neither half-step changes this state, although a lower SSE exists.",
    ),
    options=(
        Option("One more iteration (a larger max_iter) would move the extra centre over to the merged blobs.", False,
               "The loop stopped because no point changed cluster, so another iteration repeats the same "
               "assignment and the same means: nothing moves. Lloyd's moves are local: a centre only moves to the "
               "mean of the points already nearest to it, so it cannot jump to a far blob."),
        Option("It is a fixed point: every point is nearest to its own centre and every centre is the mean of its "
               "points, although a lower SSE exists; only another start can get out of it.", True,
               "Both half-steps leave this state unchanged, so the loop can never leave it: a local minimum of the "
               "SSE. The cures work on the start: n_init runs several starts and keeps the one with the lowest "
               "SSE, and k-means++ (notebook 04) makes such starts rarer."),
        Option("The SSE went up at some step, and that trapped the run.", False,
               "The SSE never goes up: each half-step can only lower it or leave it (notebook 01). The run went "
               "downhill all the way, into the nearest valley of its start."),
        Option("With k-means++ starts this cannot happen.", False,
               "It is rarer (compare the two distributions in the app), but k-means++ is random too: some of its "
               "starts still end in a local minimum. That is why n_init exists."),
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
