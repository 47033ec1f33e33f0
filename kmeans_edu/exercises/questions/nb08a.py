"""Questions of notebook 08a (grouping whole images). Its "write this step" exercise, ``matched_accuracy``, is in
:mod:`kmeans_edu.exercises._functions`."""

import numpy as np

from .._core import ChoiceExercise, Misconception, Option, ValueExercise, register

RENAMED = (np.array([0, 0, 0, 1, 1, 1, 2, 2, 2]), np.array([1, 1, 1, 2, 2, 2, 0, 0, 0]))
"""(classes, clusters): a perfect clustering whose clusters are numbered differently (question ``ari_renamed``)."""

CROSSED = (np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]))
"""(classes, clusters): every cluster splits every class in half (question ``ari_negative``)."""


def _ari(pair):
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(*pair))


def _rand_index(pair):
    from sklearn.metrics import rand_score

    return float(rand_score(*pair))


def _raw_accuracy(pair):
    return float(np.mean(pair[0] == pair[1]))


register(ValueExercise(
    id="ari_renamed", notebook="08a", title="Predict the ARI of renamed clusters", points=1,
    expected=lambda _d: _ari(RENAMED), atol=1e-6,
    hints=(
        "ARI looks at pairs of points: are both in the same group or not, in the classes and in the clusters?",
        "Renaming clusters (0 -> 1, 1 -> 2, 2 -> 0) does not change which pairs are together.",
        "Every pair together in the classes is together in the clusters, and every pair apart is apart.",
    ),
    misconceptions=(
        Misconception("raw accuracy without matching (label switching)",
                      "You compared the cluster numbers with the class numbers. Cluster numbers are arbitrary "
                      "(label switching): ARI only asks which points are grouped together, and these groups are "
                      "exactly the classes.",
                      lambda _d: _raw_accuracy(RENAMED)),
    ),
    explanation="1.0: the clusters are exactly the classes under other names. ARI, NMI and accuracy after "
                "matching all give 1; comparing the numbers directly gives 0.",
))

register(ValueExercise(
    id="ari_negative", notebook="08a", title="Predict an ARI below zero", points=1,
    expected=lambda _d: _ari(CROSSED), atol=1e-3,
    hints=(
        "ARI = (index - expected index) / (max index - expected index): it is 0 at the level of chance, and "
        "nothing stops it from going below.",
        "Count pairs: of the 6 pairs, how many are together in both labelings? The expected count under chance, "
        "for these group sizes, is (2 x 2) / 6 = 2/3; the maximum is (2 + 2) / 2 = 2.",
        "No pair is together in both, so the index is 0: ARI = (0 - 2/3) / (2 - 2/3).",
    ),
    misconceptions=(
        Misconception("ARI clipped at 0",
                      "ARI is not bounded below by 0: 0 is what a random labeling scores *on average*, and a "
                      "labeling that disagrees more than chance scores below it. (NMI is the score that lies in "
                      "[0, 1]; here it is 0.)",
                      lambda _d: 0.0),
        Misconception("unadjusted Rand index",
                      "That is the plain Rand index (sklearn.metrics.rand_score): the share of pairs on which the "
                      "two labelings agree, here 2 of 6. The *adjusted* index subtracts what chance would give.",
                      lambda _d: _rand_index(CROSSED)),
        Misconception("raw accuracy without matching (label switching)",
                      "You compared the label numbers position by position (2 of 4 agree). ARI compares pairs, "
                      "and it is 0 for chance, not 0.5.",
                      lambda _d: _raw_accuracy(CROSSED)),
    ),
    explanation="-0.5: no pair that shares a class shares a cluster, which is worse than a random labeling with "
                "the same group sizes would do on average. ARI below 0 means 'worse than chance', not an error.",
))

register(ChoiceExercise(
    id="cluster_numbers", notebook="08a", title="Cluster 3 holds the sevens", points=1,
    question="After k-means on the digits, most sevens are in cluster 3. What does that tell you?",
    options=(
        Option("The clustering is wrong: cluster 7 should hold the sevens.", False,
               "k-means never saw the labels, so nothing ties cluster 7 to the digit 7. Match clusters to classes "
               "(scipy.optimize.linear_sum_assignment) before counting agreements."),
        Option("Nothing wrong: cluster numbers are arbitrary (they depend on the initialisation), so a score "
               "against the classes must ignore the numbering: ARI, NMI, or accuracy after matching.", True,
               "Right. This is label switching: k-means never saw a label, and any renaming of the clusters is an "
               "equally good answer. Comparing the numbers directly can score a perfect clustering 0."),
        Option("Fix random_state and the clusters will come out in the order of the digits.", False,
               "A fixed seed makes the numbering reproducible, not meaningful: the same seed gives the same "
               "arbitrary numbering every time."),
        Option("Clusters are numbered by size, so the sevens form the fourth-largest cluster.", False,
               "Neither scikit-learn nor kmeans_edu sorts clusters by size: the numbers follow the order in which "
               "the initial centres were chosen."),
    ),
    hints=(
        "Does k-means use the labels y at any point?",
        "Cluster numbers come from the order of the initial centres.",
        "The section 'Scoring against the true labels' lists three scores that ignore numbering.",
    ),
))

register(ChoiceExercise(
    id="features_matter", notebook="08a", title="Why HOG beats raw pixels on the digits", points=1,
    question="With the same K, seed and n_init, k-means on HOG features matched the digits better than k-means "
             "on raw pixels. Why?",
    options=(
        Option("HOG has more dimensions (324 vs 64), and more dimensions always help k-means.", False,
               "More dimensions do not help by themselves: PCA to 20 dimensions scored about the same as the 64 "
               "pixels. What the features measure matters, not how many there are."),
        Option("k-means finds the global optimum on HOG features but only a local one on pixels.", False,
               "k-means can stop in a local optimum on any features. And a lower inertia does not guarantee a "
               "better match with classes that k-means never saw (inertias on different features cannot even be "
               "compared)."),
        Option("HOG describes the directions of strokes, pooled over small cells, so a digit drawn slightly "
               "shifted or thicker changes less; raw pixels compare ink spot by ink spot.", True,
               "Right. The features decide what 'similar' means; k-means only finds groups of points that are "
               "close under that definition."),
        Option("HOG features are the digit labels in disguise.", False,
               "HOG is computed from the image alone (gradients of the pixel values); no label is used. The labels "
               "only score the result."),
    ),
    hints=(
        "What makes two images close in each feature space?",
        "Shift a digit one pixel to the right: which feature vector changes a lot?",
        "Compare the PCA row with the raw pixel row: dimension alone is not the answer.",
    ),
))
