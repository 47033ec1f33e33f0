"""Questions of notebook 07 (SciPy's scipy.cluster.vq). Its "write this step" exercises, ``distortion`` and
``whiten``, are in :mod:`kmeans_edu.exercises._functions`."""

import numpy as np

from .._core import ChoiceExercise, Misconception, Option, ValueExercise, register

VQ_POINTS = np.array([[0.0, 0.0], [0.0, 2.0], [10.0, 0.0], [10.0, 6.0]])
"""Four observations (question ``predict_distortion``)."""

VQ_BOOK = np.array([[0.0, 1.0], [10.0, 3.0]])
"""A code book of two codes, each the mean of its two observations."""


def _dist():
    from ...vq import vq

    return vq(VQ_POINTS, VQ_BOOK)[1]  # unsquared Euclidean distance of each observation to its nearest code


register(ValueExercise(
    id="predict_distortion", notebook="07", title="Predict SciPy's distortion", points=1,
    expected=lambda _d: float(_dist().mean()), rtol=1e-6,
    hints=(
        "SciPy's distortion is the mean of the distances vq returns: unsquared, one per observation.",
        "Each observation's nearest code is straight above or below it: read the distances off the y coordinates.",
        "The distances are 1, 1, 3, 3; average them.",
    ),
    misconceptions=(
        Misconception("squared distances (that is inertia / n)",
                      "You averaged the squared distances: that is scikit-learn's inertia divided by n. SciPy's "
                      "distortion averages the distances themselves.",
                      lambda _d: float((_dist() ** 2).mean())),
        Misconception("sum instead of mean",
                      "You added the distances. SciPy's distortion is their mean (divide by the number of "
                      "observations).",
                      lambda _d: float(_dist().sum())),
        Misconception("sum of squared distances (that is inertia)",
                      "That is scikit-learn's inertia_ (the SSE). SciPy's distortion is the mean unsquared "
                      "distance.",
                      lambda _d: float((_dist() ** 2).sum())),
    ),
    explanation="2: the distances are 1, 1, 3, 3 and their mean is 2. The same clustering has inertia (SSE) 20, "
                "inertia / n = 5 and sum of distances 8; and indeed SSE = N (d_bar^2 + Var d) = 4 (4 + 1) = 20.",
))

register(ChoiceExercise(
    id="four_numbers", notebook="07", title="Four numbers called inertia or distortion", points=1,
    question="For one clustering, with d_i the (unsquared) distance of observation i to its centroid, four numbers "
             "are all called 'inertia' or 'distortion' somewhere. Which one does scipy.cluster.vq.kmeans return "
             "as its second value?",
    options=(
        Option("sum_i d_i^2", False,
               "That is scikit-learn's inertia_ (= -score(X)), the SSE that Lloyd's iterations minimise. SciPy's "
               "own module introduction calls the distortion 'the sum of the squared distances', but kmeans "
               "returns something else."),
        Option("(1/N) sum_i d_i^2", False,
               "The mean squared distance, inertia_ / N. For an RGB image, SSE / (3N) is the MSE behind PSNR "
               "(notebook 08b). It is not SciPy's distortion."),
        Option("(1/N) sum_i d_i", True,
               "Right: the mean unsquared Euclidean distance, the mean of the dist that vq returns. It is linked "
               "to the inertia by SSE = N (d_bar^2 + Var d), and it is not what the iterations minimise."),
        Option("sum_i d_i", False,
               "The article's description of inertia_ ('the sum of the distances', errata E32): wrong for "
               "inertia_, and not SciPy's distortion either, which divides by N."),
    ),
    hints=(
        "Two questions: squared or not? Summed or averaged?",
        "Section 3 prints the distortion next to 'mean of vq's dist'.",
        "vq's dist is not squared, and the distortion does not grow with the number of observations.",
    ),
))

register(ChoiceExercise(
    id="iter_two_meanings", notebook="07", title="iter in kmeans and in kmeans2", points=1,
    question="What does iter=20 mean in kmeans(obs, 3, iter=20) and in kmeans2(data, 3, iter=20)?",
    options=(
        Option("Both: at most 20 Lloyd iterations, stopping earlier when the change is below thresh.", False,
               "That is closer to scikit-learn's max_iter and tol. SciPy's kmeans counts restarts, and kmeans2 "
               "always runs exactly iter iterations and ignores thresh."),
        Option("kmeans: 20 restarts, each run until the distortion changes by at most thresh, keeping the lowest "
               "distortion; kmeans2: exactly 20 Lloyd iterations of one run, thresh unused.", True,
               "Right. kmeans has no cap on the iterations of a run (only thresh, an absolute change of the mean "
               "distance, stops it); kmeans2 has no stopping test at all."),
        Option("Both: 20 restarts, keeping the best.", False,
               "Only kmeans restarts. kmeans2 is a single run; its iter is the number of Lloyd iterations."),
        Option("kmeans: 20 Lloyd iterations; kmeans2: 20 restarts.", False,
               "The other way round: kmeans restarts iter times, kmeans2 iterates iter times."),
    ),
    hints=(
        "Section 4 runs both with several values of iter.",
        "Which of the two functions has a stopping test, and which one ignores thresh?",
        "kmeans keeps 'the code book with the lowest distortion': of what?",
    ),
))

register(ChoiceExercise(
    id="why_whiten", notebook="07", title="Why whiten", points=1,
    question="Your features are height in metres and income in euros. Why whiten before kmeans?",
    options=(
        Option("Because SciPy raises an error on data that are not whitened.", False,
               "Nothing checks it: SciPy's documentation says 'must', but unwhitened data run without a warning "
               "(errata E49). Whitening is a recommendation."),
        Option("Because k-means needs features centred at 0, and whiten centres them.", False,
               "whiten does not subtract the mean, and k-means does not need it: shifting every point by the same "
               "vector shifts the centres with it and changes no assignment."),
        Option("Because whitening removes the correlation between the features.", False,
               "Despite the name, scipy's whiten only rescales each axis; it does not rotate or decorrelate (that "
               "would be PCA whitening)."),
        Option("Euclidean distance adds the squared differences of all features, so income (spread of thousands) "
               "would decide every assignment; after whitening every feature has standard deviation 1.", True,
               "Right. whiten divides each column by its standard deviation (ddof=0), so every feature has the "
               "same spread and none dominates the distances just because of its units."),
    ),
    hints=(
        "In the distance sqrt(sum (x_f - c_f)^2), which feature's differences are largest?",
        "What does whiten do to each column, and what does it not do?",
        "Section 2 shows the data 'mixed scales' before and after whitening.",
    ),
))

register(ChoiceExercise(
    id="restarts_ranked", notebook="07", title="Which restart is kept", points=1,
    question="SciPy's kmeans(X, 3, iter=20) and scikit-learn's KMeans(3, n_init=20, init='random') both keep the "
             "best of 20 runs. Given the same 20 final solutions, do they keep the same one?",
    options=(
        Option("Yes: the solution with the lowest inertia always has the lowest distortion.", False,
               "Section 9 has a counter-example (seeds 12 and 13): SSE and mean distance rank them differently."),
        Option("Not always: SciPy keeps the lowest distortion (mean distance), scikit-learn the lowest inertia "
               "(sum of squared distances), and the two can rank solutions differently.", True,
               "Right. Section 9 shows two solutions where the one with the smaller SSE has the larger mean "
               "distance: SSE = N (d_bar^2 + Var d), so a larger spread of distances can outweigh a smaller mean."),
        Option("Yes: both libraries minimise the distortion in their iterations, so they agree on the best.", False,
               "The iterations of both minimise the SSE (the mean is the SSE-optimal centre). Only SciPy's choice "
               "among restarts, and its stopping test, use the distortion."),
    ),
    hints=(
        "What number does each library use to choose among its runs?",
        "Look at the two rankings in section 9: do the lines cross?",
        "SSE = N (d_bar^2 + Var d): can SSE go up while d_bar goes down?",
    ),
))
