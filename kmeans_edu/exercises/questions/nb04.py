"""Questions of notebook 04 (choosing the starting centres).

Every expected value is computed live with the library; every wrong option's explanation says why it is wrong.
"""

import numpy as np

from .._core import ChoiceExercise, Misconception, Option, ValueExercise, register

_LINE = np.array([[0.0], [1.0], [2.0], [10.0]])  # four points on a line; the first centre is the point at 0
_FIRST, _FAR = 0, 3


def _distances_to_first():
    """D(x) for the four points, from the library's assignment step (one chosen centre: the point at 0)."""
    from ... import steps

    _, dist = steps.assign_labels(_LINE, _LINE[[_FIRST]])
    return dist.astype(float)


def _far_chance(data):
    D2 = _distances_to_first() ** 2
    return float(D2[_FAR] / D2.sum())


register(ValueExercise(
    id="far_point_chance", notebook="04", title="Predict a k-means++ probability", points=1,
    expected=_far_chance, atol=0.005,
    hints=(
        "k-means++ draws the next centre with probability D(x)² / Σ D², where D(x) is the distance to the nearest "
        "centre chosen so far.",
        "With the first centre at 0, the distances D are 0, 1, 2 and 10.",
        "P(10) = 10² / (0² + 1² + 2² + 10²)",
    ),
    misconceptions=(
        Misconception("D instead of D squared",
                      "You made the chance proportional to D(x). k-means++ uses D(x)², which favours far points "
                      "much more.",
                      lambda data: float(_distances_to_first()[_FAR] / _distances_to_first().sum())),
        Misconception("farthest point always chosen",
                      "That is farthest-first, which always takes the point with the largest D(x). k-means++ only "
                      "makes far points likely: every point not on a chosen centre keeps a chance.",
                      lambda data: 1.0),
        Misconception("uniform draw",
                      "That is a random start, every remaining point equally likely. k-means++ weights the draw by "
                      "D(x)².",
                      lambda data: 1.0 / (len(_LINE) - 1)),
        Misconception("uniform draw over all points",
                      "That is a uniform draw over all four points. k-means++ weights the draw by D(x)², so the "
                      "chosen centre itself (D = 0) has chance 0 and far points get the most.",
                      lambda data: 1.0 / len(_LINE)),
    ),
    explanation="P = 100 / 105 = 0.952. The points at 1 and 2 get 1/105 and 4/105, the chosen centre 0. Squaring "
                "makes the far point 25 times likelier than the point at 2, although it is only 5 times farther; "
                "yet it is not certain, unlike in farthest-first.",
))


def _candidates_per_pick(data):
    """Candidates per pick of the library's greedy k-means++ for k = 8 (the same draws as scikit-learn's)."""
    from ... import datasets
    from ...widgets.kmeanspp import kmeanspp_steps

    X, _ = datasets.blobs(n=300, k=8, spread=0.8, seed=4)
    return len(kmeanspp_steps(X, 8, random_state=0)[1].candidates)


register(ValueExercise(
    id="greedy_candidates", notebook="04", title="Predict the candidates of greedy k-means++", points=1,
    expected=_candidates_per_pick, integer=True,
    hints=(
        "Greedy k-means++ draws several candidates per pick with the D² rule and keeps the best.",
        "scikit-learn draws 2 + ⌊ln k⌋ candidates per pick; ln is the natural logarithm.",
        "2 + int(np.log(8))",
    ),
    misconceptions=(
        Misconception("one candidate (the original k-means++)",
                      "One draw per pick is the original k-means++ of Arthur and Vassilvitskii (n_local_trials=1). "
                      "scikit-learn's default is greedy: 2 + ⌊ln k⌋ candidates.",
                      lambda data: 1),
        Misconception("log base 2, or rounded up",
                      "ln 8 = 2.08 (natural logarithm), rounded *down* to 2; log2 8 = 3, or rounding up, give one "
                      "more.",
                      lambda data: 2 + int(np.ceil(np.log(8)))),
        Misconception("the 2 forgotten",
                      "⌊ln k⌋ alone is 2; scikit-learn draws 2 + ⌊ln k⌋.",
                      lambda data: int(np.log(8))),
        Misconception("k candidates",
                      "The number of candidates grows with ln k, not with k: 2 + ⌊ln 8⌋.",
                      lambda data: 8),
    ),
    explanation="4 = 2 + ⌊ln 8⌋. Each candidate costs one pass over the data (its potential "
                "Σ min(D(x)², ||x - c||²)), so the greedy rule buys a better start for a few extra passes.",
))

register(ChoiceExercise(
    id="pp_vs_farthest", notebook="04", title="k-means++ vs farthest point", points=1,
    question="Farthest-first always takes the point farthest from the centres chosen so far; k-means++ only makes far "
             "points *likely* (probability ∝ D(x)²). Why is the random draw the better start on real data?",
    hints=(
        "Which point is the farthest from everything when the data has an outlier?",
        "Compare one far outlier with a whole blob of points that is far from the chosen centres.",
        "Under D² weighting the blob's points add up; the outlier is one point.",
    ),
    options=(
        Option("Farthest-first is much slower to compute.", False,
               "Both keep D(x) for every point and update it after each pick: one pass over the data per centre "
               "(scikit-learn's greedy k-means++ spends a few more passes on its candidates). The difference is "
               "where the centres go, not the cost."),
        Option("The farthest point is often an outlier, so farthest-first spends centres on outliers; under D² "
               "weighting the many points of a far blob together usually outweigh one far outlier.", True,
               "A far outlier is the farthest point from any centre inside the data, so farthest-first picks it "
               "as soon as one centre is chosen. k-means++ still favours far regions, but by their total D², "
               "so a far blob of many points usually outweighs a lone point. And the original k-means++ has a "
               "guarantee: its expected SSE is within a factor O(log k) of the optimum (Arthur and "
               "Vassilvitskii, 2007)."),
        Option("k-means++ is deterministic, so its results are reproducible.", False,
               "k-means++ is random (fix random_state to reproduce it). Farthest-first is the one that is "
               "deterministic after its first pick."),
        Option("k-means++ takes the point with the largest D(x)², farthest-first the largest D(x).", False,
               "The largest D(x) and the largest D(x)² are the same point. k-means++ does not take a maximum: it "
               "draws at random with probability proportional to D(x)²."),
    ),
))

register(ChoiceExercise(
    id="n_init_auto_why", notebook="04", title="Why n_init='auto' is 1 for k-means++ and 10 for random", points=1,
    question="Since scikit-learn 1.4, n_init='auto' runs K-means once when init='k-means++' (or an array), and ten "
             "times when init='random' (or a callable). Why the difference?",
    hints=(
        "How often does a random start put two seeds into one cluster? And a k-means++ start?",
        "Look at the histogram above: how often does each kind of start reach the best SSE?",
        "One k-means++ run is usually good enough; one random run often is not.",
    ),
    options=(
        Option("k-means++ is deterministic, so further runs would only repeat the first.", False,
               "k-means++ draws at random (with probability ∝ D²): other seeds give other starts, and sometimes "
               "other local minima (notebook 02 shows k-means++ runs ending at different SSEs)."),
        Option("A k-means++ start is already spread over the clusters, so one run usually ends well; a random start "
               "often puts two seeds into one cluster, so it needs several runs to be reliable.", True,
               "The original k-means++ start has an expected SSE within O(log k) of the optimum before Lloyd "
               "even starts; random rows have no such guarantee. One k-means++ run trades a little quality for "
               "a lot of speed; it is not a promise: on hard data pass n_init=10 (or more) yourself."),
        Option("With k-means++, all ten runs would end in the same local minimum anyway.", False,
               "Different seeds give different k-means++ starts, and they do not always end in the same minimum: "
               "on the 8 blobs of notebook 02 some k-means++ runs end worse than the best. That is why n_init is "
               "still worth raising on hard data."),
        Option("'auto' picks the number of runs from the size of the data.", False,
               "'auto' looks only at init: 1 run for 'k-means++' or an array of centres, 10 for 'random' or a "
               "callable, whatever the data."),
    ),
))

register(ChoiceExercise(
    id="greedy_pick", notebook="04", title="Which candidate greedy k-means++ keeps", points=1,
    question="At each pick, scikit-learn's k-means++ draws 2 + ⌊ln k⌋ candidates with the D² rule. Which one does it "
             "keep?",
    hints=(
        "The candidates are scored, and the best score wins.",
        "The score is the SSE the data would have if the chosen centres plus this candidate were the final "
        "centres.",
        "It keeps the candidate with the smallest potential Σ_i min(D(x_i)², ||x_i - c||²).",
    ),
    options=(
        Option("The candidate farthest from the centres chosen so far.", False,
               "That would bring back farthest-first and its taste for outliers. The candidates are compared by "
               "how much they lower the SSE of the seeds, not by their distance."),
        Option("The candidate that leaves the smallest potential: the SSE of all points to their nearest seed "
               "if it were added.", True,
               "For each candidate c it computes Σ_i min(D(x_i)², ||x_i - c||²) (weighted by sample_weight) and "
               "keeps the smallest. An outlier candidate lowers the potential by about its own D² only, a "
               "candidate in an uncovered blob by most of the blob's D², so the greedy rule rejects most poor "
               "draws. "
               "n_local_trials=1 gives the original, non-greedy k-means++."),
        Option("The candidate with the largest probability D(x)² / Σ D².", False,
               "That is the farthest candidate again (the largest D² has the largest probability). The "
               "probabilities are only used to draw the candidates; the choice among them is by potential."),
        Option("One of them at random: drawing several only makes the start more random.", False,
               "The candidates are drawn at random, but the choice among them is deterministic: the smallest "
               "potential. Drawing several is what makes the start better than one draw."),
    ),
))
