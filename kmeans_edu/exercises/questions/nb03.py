"""Questions of notebook 03 (choosing K).

Every expected value is computed live with the library or scikit-learn; every wrong option's explanation says why
it is wrong.
"""

import numpy as np

from .._core import ChoiceExercise, Misconception, Option, ValueExercise, register

_KS = np.arange(1, 11)


def _pentagon():
    """The notebook's data: five round clusters on a pentagon, 300 points (make_blobs, random_state=0)."""
    from sklearn.datasets import make_blobs

    angles = np.pi / 2 + 2 * np.pi * np.arange(5) / 5
    X, _ = make_blobs(300, centers=6 * np.column_stack([np.cos(angles), np.sin(angles)]), cluster_std=1.0,
                      random_state=0)
    return X


def _pentagon_sse():
    from ...choosing_k import sse_sweep

    return sse_sweep(_pentagon(), _KS, n_init=4, random_state=0)


def _knee(data):
    from ...choosing_k import find_knee

    return find_knee(_KS, _pentagon_sse()).knee


register(ValueExercise(
    id="k_least_sse", notebook="03", title="Predict the K with the least SSE", points=1,
    expected=lambda data: int(_KS[np.argmin(_pentagon_sse())]), integer=True,
    hints=(
        "What happens to the SSE when you add one more centre?",
        "A new centre placed on any data point makes no point farther from its nearest centre.",
        "So the least SSE over K = 1 ... 10 is at the end of the range you sweep.",
    ),
    misconceptions=(
        Misconception("the least SSE at the elbow",
                      "The elbow is where extra clusters stop paying off *much*; the SSE still goes down after it. "
                      "The best SSE keeps falling with every extra centre, so its least value is at the largest K "
                      "you try.",
                      _knee),
        Misconception("the least SSE at K = 1",
                      "K = 1 has the *largest* SSE: one centre, the mean, for all the data. Every extra centre "
                      "lowers it.",
                      lambda data: int(_KS[np.argmax(_pentagon_sse())])),
    ),
    explanation="K = 10, the largest K swept. The best SSE never increases with K: a new centre placed on any data "
                "point makes no point farther from its nearest centre, and with n distinct points it is 0 at K = n. "
                "(One run can still go up from one K to the next when it stops at a poor local optimum: the "
                "notebook shows one; the best of several starts, as here, makes that rare.) So 'the K with the "
                "least inertia' is the largest you try, and the SSE alone cannot choose K: look for the elbow, "
                "or score each clustering (silhouette, Calinski-Harabasz, Davies-Bouldin, gap statistic).",
))


def _one_cluster_data(rng):
    """Per-learner data: 30 to 60 points in 2 features around two or three centres."""
    n, k = int(rng.integers(30, 61)), int(rng.integers(2, 4))
    centres = rng.uniform(-6, 6, size=(k, 2))
    return np.round(centres[rng.integers(0, k, size=n)] + rng.normal(scale=1.0, size=(n, 2)), 2)


def _inertia_one_cluster(data):
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=1, n_init=1, random_state=0).fit(data).inertia_


def _distances_to_mean(data):
    return np.sqrt(((data - data.mean(axis=0)) ** 2).sum(axis=1))


register(ValueExercise(
    id="sse_one_cluster", notebook="03", title="The SSE at K = 1, without K-means", points=1,
    expected=_inertia_one_cluster, make_data=_one_cluster_data, rtol=1e-6,
    hints=(
        "With one cluster, where does the centre go? Then add up the squared distances of all points to it.",
        "The centre of one cluster is the mean of all the points: Xq.mean(axis=0).",
        "((Xq - Xq.mean(axis=0)) ** 2).sum()",
    ),
    misconceptions=(
        Misconception("mean instead of sum",
                      "You averaged the squared distances over the points (that is the sum of the feature "
                      "variances). The SSE, scikit-learn's inertia_, is their sum.",
                      lambda data: float((_distances_to_mean(data) ** 2).mean())),
        Misconception("distances not squared",
                      "You added the distances to the mean. The SSE adds the *squared* distances.",
                      lambda data: float(_distances_to_mean(data).sum())),
        Misconception("distances to the origin, not to the mean",
                      "You added the squared lengths of the points themselves. With one cluster the centre is the "
                      "mean of the points: subtract it first.",
                      lambda data: float((data**2).sum())),
    ),
    explanation="With one cluster the update step puts the centre at the mean of all points, so SSE(1) is the total "
                "sum of squares about the mean: n times the sum of the feature variances. It is the highest point "
                "of every SSE curve; each extra cluster explains part of it.",
))

register(ChoiceExercise(
    id="inertia_is", notebook="03", title="Four numbers, one name", points=1,
    question="Let d_i be the Euclidean distance from point i to its nearest centre, for n points. Four numbers are "
             "all called 'distortion' or 'inertia' somewhere. Which one is scikit-learn's inertia_, the SSE "
             "that K-means minimises?",
    hints=(
        "The SSE's name says it: Sum of Squared Errors.",
        "Is it a sum or a mean, and are the distances squared?",
        "inertia_ = Σ d_i², and score(X) = -inertia_.",
    ),
    options=(
        Option("Σ d_i²", True,
               "The sum of squared distances (weighted by sample_weight if given): inertia_, the SSE, the "
               "objective of Lloyd's algorithm, whose update step (the mean) minimises exactly this; "
               "KMeans.score(X) returns its negative."),
        Option("(1/n) Σ d_i²", False,
               "That is the mean squared distance, inertia_ / n. Some courses call it the 'distortion' (the cost J "
               "of Andrew Ng's K-means lectures). It has the same minimisers as the SSE for fixed data, but it is "
               "not what inertia_ reports."),
        Option("(1/n) Σ d_i", False,
               "That is SciPy's 'distortion': scipy.cluster.vq.kmeans returns the mean of the *unsquared* "
               "distances (vq's dist.mean()). It is not inertia_ / n: SSE = n (mean² + variance of the d_i)."),
        Option("Σ d_i", False,
               "The sum of plain distances is what the article wrongly calls inertia ('sum of the distances'). "
               "Neither library reports it, and minimising it is a different problem (centres at geometric "
               "medians), not the one the mean update solves."),
    ),
))

register(ChoiceExercise(
    id="silhouette_negative", notebook="03", title="A negative silhouette", points=1,
    question="After K-means, one point has silhouette s_i = -0.3. What does that say?",
    hints=(
        "s_i = (b_i - a_i) / max(a_i, b_i). When is it negative?",
        "a_i is the mean distance to the other points of its own cluster, b_i to the points of the nearest other "
        "cluster.",
        "K-means assigns by the distance to a *centre*, the silhouette looks at the mean distance to *points*.",
    ),
    options=(
        Option("It is an outlier, far from every cluster.", False,
               "A point far from everything has a_i and b_i both large and similar, so s_i is near 0, not "
               "clearly negative. A negative s_i is about which cluster is nearer, not how far."),
        Option("On average it is closer to the points of the nearest other cluster than to those of its own "
               "(b_i < a_i): it probably sits in the wrong cluster, or two clusters overlap there.", True,
               "s_i < 0 exactly when b_i < a_i. K-means can produce such points: it assigns each point to the "
               "nearest *centre*, which is not the same as the smallest mean distance to the members (near the "
               "border of a wide and a tight cluster they disagree)."),
        Option("Impossible after K-means: every point is in the cluster of its nearest centre, so b_i >= a_i.", False,
               "Being nearest to a centre does not mean being nearest on average to the members: a_i and b_i are "
               "mean distances to points, and they depend on the spread of each cluster."),
        Option("The whole clustering is worse than random and should be discarded.", False,
               "One point's value says little about the clustering; the score is the mean of s_i over all "
               "points, which can be high with a few negative points at the borders."),
    ),
))

register(ChoiceExercise(
    id="criteria_disagree", notebook="03", title="When the criteria disagree", points=1,
    question="On five random blobs the elbow says K = 3, the best silhouette K = 2 and the best Calinski-Harabasz "
             "index K = 5 (as above). What do you conclude?",
    hints=(
        "Does each criterion measure the same thing?",
        "Look at the three clusterings: do they all describe something real in the data?",
        "K is a modelling choice: the criteria show candidates, the purpose picks one.",
    ),
    options=(
        Option("Take the average, K = 3.", False,
               "Averaging answers to different questions gives no answer to any of them; K = 3 here happens to "
               "be the elbow's choice, not a consensus."),
        Option("Trust the silhouette: it is the only criterion with a range from -1 to 1.", False,
               "A bounded range makes it easy to read, not more right. The silhouette favours a few, "
               "well-separated groups, so it often prefers a small K when some clusters touch."),
        Option("The data has structure at several scales, and each criterion rewards a different one: look at "
               "the clusterings and choose the K that serves the purpose.", True,
               "Here K = 2 separates the far blob from the rest, K = 3 gives three clumps and K = 5 the five "
               "blobs that generated the data. All three are real structure; which one is right depends on what "
               "the clusters are for."),
        Option("K-means failed; more starts (n_init) will make the criteria agree.", False,
               "Each fit already keeps the best of several starts (n_init=4). The criteria disagree because they "
               "measure different things, not because a run went wrong: with the same clusterings they would "
               "still disagree."),
    ),
))

register(ChoiceExercise(
    id="kneedle_range", notebook="03", title="Why the knee moves with the range of K", points=1,
    question="On the same data Kneedle finds the knee at K = 3 when you sweep K = 1 ... 6, and at K = 5 for "
             "K = 1 ... 10 or 1 ... 15 (as above). Why can the range change the knee?",
    hints=(
        "Do the SSE values of K = 1 ... 6 change when you sweep further?",
        "Look at Kneedle's first step.",
        "Both axes are normalised to [0, 1] by the first and last points of the range you sweep.",
    ),
    options=(
        Option("K-means is random, so every sweep gives other SSE values.", False,
               "sse_sweep fits every K with the same random_state, so SSE(3) is the same number in every sweep. "
               "The SSE values do not move; their normalisation does."),
        Option("Kneedle normalises both axes by the range swept, so a different last K changes the normalised "
               "curve, the diagonal it is compared with, and so the difference curve.", True,
               "x' = (K - K_min) / (K_max - K_min) and y' uses the SSE at both ends of the range. Cut the range "
               "at K = 6 and the curve is measured against another diagonal; the largest bend can move. The "
               "knee is a property of the curve *and* the range: report the range with it."),
        Option("K = 5 is the right knee; with K = 1 ... 6 there is too little data, and 3 is an error.", False,
               "Both are correct results of the same rule on different ranges; neither is 'the' K. A knee "
               "summarises the curve over the range you chose, not the data alone; that the data were made "
               "with five clusters does not make the other range wrong."),
        Option("The SSE of a given K depends on the largest K you sweep.", False,
               "Each K is fitted on its own; SSE(3) does not know about K = 15. Only Kneedle's normalisation "
               "uses the whole range."),
    ),
))
