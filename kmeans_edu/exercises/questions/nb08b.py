"""Questions of notebook 08b (colour quantisation). Its "write this step" exercises, ``quantized_bits`` and
``psnr``, are in :mod:`kmeans_edu.exercises._functions`."""

import numpy as np

from .._core import ChoiceExercise, Misconception, Option, ValueExercise, register

PHOTO_SHAPE = (214, 320)
"""Height and width of the halved temple photo of notebook 08b (question ``storage_k17``)."""


def _psnr_gain(error_ratio):
    """PSNR of an image off by 4 levels everywhere minus PSNR of one off by ``4 * error_ratio`` (RMS errors)."""
    from ... import images

    original = np.full((8, 8, 3), 100.0)
    return images.psnr(original, original + 4.0) - images.psnr(original, original + 4.0 * error_ratio)


def _storage(n_colors, **kwargs):
    from ... import images

    return images.storage_bits(PHOTO_SHAPE[0] * PHOTO_SHAPE[1], n_colors, **kwargs)


register(ValueExercise(
    id="psnr_halved_error", notebook="08b", title="Predict the PSNR gain of halving the error", points=1,
    expected=lambda _d: float(_psnr_gain(2)), atol=0.05,
    hints=(
        "PSNR = 10 log10(255^2 / MSE), and the MSE is the square of the RMS error.",
        "Halving the RMS error divides the MSE by 4: how much does 10 log10 change when its argument is "
        "multiplied by 4?",
        "10 log10(4) = 20 log10(2).",
    ),
    misconceptions=(
        Misconception("halving the MSE instead of the RMS error",
                      "10 log10(2), about 3 dB, is the gain when the *MSE* halves. Halving the RMS error divides "
                      "the MSE by 4, which gives 10 log10(4), about 6 dB.",
                      lambda _d: float(_psnr_gain(np.sqrt(2)))),
        Misconception("PSNR falls when the error falls",
                      "PSNR measures signal over noise: less error means a *higher* PSNR. The change is "
                      "positive.",
                      lambda _d: -float(_psnr_gain(2))),
    ),
    explanation="About +6.02 dB: the MSE falls 4 times, and 10 log10(4) = 20 log10(2) = 6.02. That is why 'about "
                "6 dB per halving of the RMS error' is the rule of thumb.",
))

register(ValueExercise(
    id="storage_k17", notebook="08b", title="Predict the storage of a 17-colour image", points=1,
    expected=lambda _d: _storage(17), integer=True,
    hints=(
        "Storage = (bits per pixel index) x (number of pixels) + 24 bits per palette colour.",
        "An index among K colours needs ceil(log2 K) bits: 2^4 = 16 < 17, so 4 bits are not enough.",
        "68,480 x 5 + 24 x 17.",
    ),
    misconceptions=(
        Misconception("floor instead of ceiling",
                      "You gave each pixel floor(log2 17) = 4 bits, but 4 bits tell only 16 colours apart. The 17th "
                      "needs a fifth bit: ceil(log2 K).",
                      lambda _d: PHOTO_SHAPE[0] * PHOTO_SHAPE[1] * 4 + 24 * 17),
        Misconception("palette forgotten",
                      "You counted the pixel indices only. The 17 palette colours are stored too, 24 bits each.",
                      lambda _d: _storage(17) - 24 * 17),
        Misconception("palette in bytes",
                      "You counted the palette in bytes (3 per colour) while the indices are in bits: a colour is "
                      "24 bits.",
                      lambda _d: _storage(17, bits_per_channel=1)),
    ),
    explanation="342,808 bits: 17 colours need ceil(log2 17) = 5 bits per pixel, as many as 32 colours would, "
                "plus 17 x 24 palette bits. One colour more than K = 16 costs a whole extra bit per pixel.",
))

register(ChoiceExercise(
    id="rgb_beats_lab", notebook="08b", title="Why RGB wins on PSNR", points=1,
    question="k-means in RGB gave a higher PSNR than k-means in CIELAB at every K in the table. Why?",
    options=(
        Option("CIELAB is a worse colour space for images.", False,
               "CIELAB was designed so that equal distances look about equally different, which RGB does not "
               "promise. PSNR does not measure perception, so it cannot show that advantage."),
        Option("k-means in RGB minimises the RGB squared error, which is exactly what the MSE (and so PSNR) "
               "measures; k-means in CIELAB minimises a different error.", True,
               "Right. Each fit is best at its own objective. PSNR is computed in RGB, so it favours the RGB fit; "
               "a perceptual measure could rank them the other way."),
        Option("Converting to CIELAB and back loses most of the colour information.", False,
               "lab2rgb brings the colours back (up to rounding, and clipping to the RGB cube); the difference "
               "comes from which error each fit minimises, not from the conversion."),
        Option("It is luck: with another random_state CIELAB would win.", False,
               "The gap shows at every K in the table: it comes from the objective each fit minimises, not from "
               "the seed. (Each run is still a local optimum, so one K could in principle go the other way.)"),
    ),
    hints=(
        "What does k-means minimise, and in which space?",
        "In which space are the MSE and PSNR computed here?",
        "Compare the objective of the RGB fit with the definition of the MSE.",
    ),
))

register(ChoiceExercise(
    id="mse_is_sse", notebook="08b", title="MSE and the k-means objective", points=1,
    question="Fitted on all pixels, SSE / (3N) came out almost equal to the MSE of the quantised image. Why?",
    options=(
        Option("Because inertia_ is the sum of the distances, and the MSE averages distances.", False,
               "inertia_ is the sum of *squared* distances (the article's 'sum of distances' is errata E32); "
               "that is exactly why it matches a *squared* error."),
        Option("A coincidence of this photo.", False,
               "It holds for any image: the squared error of a pixel replaced by its centroid is its squared "
               "distance to that centroid, the term inertia_ adds up."),
        Option("Because both are divided by 255^2.", False,
               "Neither is: 255^2 appears only inside the PSNR, as the squared peak value."),
        Option("Each pixel is replaced by its centroid, so the image's summed squared error is the k-means "
               "objective (inertia_); dividing by the 3N channel values gives the MSE.", True,
               "Right. The small gap comes from rounding the palette to 8-bit colours before the pixels are "
               "assigned. So k-means in RGB minimises the very error that the MSE, and so the PSNR, measures."),
    ),
    hints=(
        "What is the quantised value of a pixel, in k-means terms?",
        "Write the MSE's sum over pixels next to the definition of inertia_.",
        "N pixels x 3 channels: the MSE averages over 3N numbers.",
    ),
))
