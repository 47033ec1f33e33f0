"""Image clustering in practice: load images, turn them into feature vectors, quantise colours, show montages.

Image i becomes a feature vector :math:`x_i \\in \\mathbb{R}^d`; the rows of ``X`` (shape ``(n_images, d)``)
are what :class:`kmeans_edu.KMeans` clusters. The module has four parts:

* **loading**: :func:`load_image_folder` (the learner's own photos, via Pillow, resized to one size; corrupt and
  non-image files are skipped with a warning), :func:`load_bundled_photo` (images that ship inside
  scikit-learn and scikit-image: nothing is downloaded), :func:`cut_patches` and :func:`write_demo_folder`;
* **features**: :func:`pixel_features`, :func:`color_histogram_features`, :func:`hog_features`,
  :func:`pca_features`;
* **colour quantisation**: :func:`quantize` (fit a palette with k-means, rebuild the image),
  :func:`storage_bits`, :func:`mse`, :func:`psnr`;
* **scores and pictures**: :func:`clustering_scores` (ARI, NMI, accuracy after the best one-to-one
  cluster-class matching),
  :func:`montage`, :func:`plot_cluster_montage`, :func:`plot_centroid_images`, a 2-D map of the images
  coloured by cluster (:func:`embed_2d`, :func:`plot_cluster_map`) and the confusion matrix of clusters
  against classes after matching (:func:`cluster_confusion`, :func:`plot_confusion`).

Images are NumPy arrays of shape ``(height, width)`` (grey) or ``(height, width, channels)``; a stack of
images has one more leading axis. ``uint8`` means 0-255, floats mean 0-1.
"""

import math
import numbers
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import plots
from ._validation import check_all_finite, check_n_clusters
from .estimator import KMeans
from .steps import assign_labels

__all__ = [
    "BUNDLED_PHOTOS",
    "ImageFolder",
    "QuantizedImage",
    "as_float_images",
    "bits_per_pixel",
    "clustering_scores",
    "ClusterConfusion",
    "color_histogram_features",
    "cluster_confusion",
    "cut_patches",
    "embed_2d",
    "hog_features",
    "load_bundled_photo",
    "load_image_folder",
    "matched_accuracy",
    "montage",
    "mse",
    "palette_strip",
    "pca_features",
    "pixel_features",
    "plot_centroid_images",
    "plot_cluster_map",
    "plot_cluster_montage",
    "plot_confusion",
    "psnr",
    "quantize",
    "storage_bits",
    "write_demo_folder",
]

# name -> (package, how to load it); all files ship inside the installed packages.
BUNDLED_PHOTOS = {
    "china": "sklearn",
    "flower": "sklearn",
    "astronaut": "skimage",
    "chelsea": "skimage",
    "coffee": "skimage",
    "rocket": "skimage",
    "hubble_deep_field": "skimage",
    "immunohistochemistry": "skimage",
    "camera": "skimage",  # greyscale
    "logo": "skimage",  # RGBA
}


# ----------------------------------------------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------------------------------------------


@dataclass
class ImageFolder:
    """What :func:`load_image_folder` returns.

    Attributes
    ----------
    images : ndarray of shape (n_images, height, width, 3) or (n_images, height, width), uint8
        The readable images, all resized to one size, in file-name order.
    names : list of str
        File name of each image (``images[i]`` came from ``names[i]``).
    original_sizes : list of tuple of int
        ``(height, width)`` of each file before resizing.
    skipped : list of tuple of str
        ``(file name, reason)`` for every file that could not be read as an image.
    """

    images: np.ndarray
    names: list
    original_sizes: list
    skipped: list = field(default_factory=list)


def _check_int(value, name, minimum=1):
    """``value`` as an int >= minimum, or a clear error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int; got {value!r}.")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {value}.")
    return int(value)


def _check_pair_of_ints(value, name):
    """A (rows, columns) pair of positive ints."""
    try:
        a, b = value
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair of positive ints, e.g. (8, 8); got {value!r}.") from None
    return _check_int(a, name), _check_int(b, name)


def _check_size(size):
    if isinstance(size, numbers.Integral) and not isinstance(size, bool):
        size = (size, size)
    try:
        h, w = size
    except (TypeError, ValueError):
        raise TypeError(f"size must be an int or a (height, width) pair of ints; got {size!r}.") from None
    for v in (h, w):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral):
            raise TypeError(f"size must be an int or a (height, width) pair of ints; got {size!r}.")
        if v < 1:
            raise ValueError(f"size must be positive; got {size!r}.")
    return int(h), int(w)


def _grey_to_uint8(arr, mode, name):
    """8-bit grey levels of a 16-bit, 32-bit integer or float image, scaled by its mode's range.

    Integers in 0..65535 are 16-bit grey (divided by 257) and floats in [0, 1] are scaled by 255: the
    conventions of those formats. Anything else (32-bit integers beyond 65535, floats outside [0, 1])
    is scaled by the image's own range, with a warning. (Pillow's ``convert('L')`` clips at 255
    instead: a float image in [0, 1] came out black, a 32-bit one with a few grey levels.)
    """
    finite = np.isfinite(arr)
    if not finite.all():
        warnings.warn(f"{name!r}: NaN or infinite pixels are shown black.", UserWarning, stacklevel=3)
        arr = np.where(finite, arr, np.nan)
    lo, hi = (float(np.nanmin(arr)), float(np.nanmax(arr))) if finite.any() else (0.0, 0.0)
    if mode == "F" and 0 <= lo and hi <= 1:
        scaled = arr * 255.0
    elif mode != "F" and 0 <= lo and hi <= 65535:
        scaled = arr / 257.0
    else:
        warnings.warn(
            f"{name!r}: {mode!r} pixel values in [{lo:g}, {hi:g}] are outside the format's usual range; "
            "scaled to 0-255 by the image's own minimum and maximum.",
            UserWarning,
            stacklevel=3,
        )
        scaled = (arr - lo) * (255.0 / (hi - lo)) if hi > lo else np.zeros_like(arr)
    return np.clip(np.round(np.nan_to_num(scaled, nan=0.0)), 0, 255).astype(np.uint8)


def _to_mode(im, mode, name=""):
    """A Pillow image in 'RGB' or 'L'; transparency is composited over white, 16-bit, 32-bit and float grey
    are scaled to 8 bits (see :func:`_grey_to_uint8`)."""
    from PIL import Image

    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(im, dtype=np.float64)
        im = Image.fromarray(_grey_to_uint8(arr, im.mode, name), mode="L")
    if im.mode == "P":
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info:
        rgba = im.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(background, rgba)
    return im.convert(mode)


MAX_PIXELS = 50_000_000  # per image: a 48-megapixel phone photo loads, a 9,000 x 9,000 decompression bomb does not


def load_image_folder(folder, size=64, *, mode="rgb", fit="crop", max_pixels=MAX_PIXELS):
    """Load every readable image of a folder, resized to one common size.

    Parameters
    ----------
    folder : str or path-like
        The folder to read (not its sub-folders). Every regular file is tried, whatever its extension;
        hidden files (names starting with ``.``) are ignored.
    size : int or (int, int), default=64
        Output ``(height, width)`` in pixels; an int means a square.
    mode : {'rgb', 'gray'}, default='rgb'
        ``'rgb'`` gives ``(n, height, width, 3)``; greyscale files are repeated on the three channels.
        ``'gray'`` gives ``(n, height, width)``. Transparent pixels (RGBA, LA, palette images) are
        composited over a white background in both modes.
    fit : {'crop', 'stretch'}, default='crop'
        ``'crop'`` cuts the largest centred region with the target aspect ratio, then resizes
        (no distortion); ``'stretch'`` resizes the whole image (distorts other aspect ratios).
    max_pixels : int, default=50,000,000
        Pixel budget per image. A larger JPEG is decoded at a reduced scale (Pillow's ``draft``, still
        at least ``size``); any other image above it is skipped with a warning, without being decoded
        (a 10 KB PNG can hold a 9,000 x 9,000 image).

    Returns
    -------
    ImageFolder
        ``images`` (uint8), ``names``, ``original_sizes`` and ``skipped`` ``(name, reason)`` pairs.

    Warns
    -----
    UserWarning
        Once per file that is not a readable image (a corrupt or truncated image, a text file...);
        the file is skipped, the others are loaded.

    Raises
    ------
    ValueError
        If ``folder`` is not a folder, or holds no readable image.

    Notes
    -----
    The EXIF orientation of phone photos is applied (``PIL.ImageOps.exif_transpose``), multi-frame files
    (GIF, TIFF) give their first frame, and resizing uses Lanczos filtering.

    Examples
    --------
    >>> import tempfile
    >>> from kmeans_edu.images import load_image_folder, write_demo_folder
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = write_demo_folder(tmp)
    ...     with warnings.catch_warnings():
    ...         warnings.simplefilter("ignore")
    ...         found = load_image_folder(tmp, size=32)
    >>> found.images.shape, len(found.skipped)
    ((6, 32, 32, 3), 2)
    """
    from PIL import Image, ImageOps

    if isinstance(folder, (str, bytes)) and not folder:
        raise ValueError("folder is an empty string; pass the folder's path ('.' for the current folder).")
    path = Path(folder)
    if not path.is_dir():
        raise ValueError(f"folder must be an existing folder; {str(folder)!r} is not one.")
    h, w = _check_size(size)
    if mode not in ("rgb", "gray"):
        raise ValueError(f"mode must be 'rgb' or 'gray'; got {mode!r}.")
    if fit not in ("crop", "stretch"):
        raise ValueError(f"fit must be 'crop' or 'stretch'; got {fit!r}.")
    pil_mode = "RGB" if mode == "rgb" else "L"
    max_pixels = _check_int(max_pixels, "max_pixels")

    images, names, sizes, skipped = [], [], [], []
    for file in sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")):
        try:
            with Image.open(file) as im:
                header = im.size  # (width, height), read from the header: nothing is decoded yet
                if header[0] * header[1] > max_pixels:
                    im.draft(None, (w, h))  # JPEG: decode at 1/2, 1/4 or 1/8 scale, still at least (w, h)
                if im.width * im.height > max_pixels:
                    raise ValueError(f"{header[0]} x {header[1]} pixels is above max_pixels={max_pixels}")
                im.load()  # decode now: a truncated or corrupt file fails here, not later
                im = ImageOps.exif_transpose(im)
                original = (im.height, im.width)
                if im.width * im.height != header[0] * header[1]:  # decoded at a reduced scale: report the file's size
                    turned = (im.width >= im.height) != (header[0] >= header[1])  # EXIF rotated it
                    original = (header[0], header[1]) if turned else (header[1], header[0])
                im = _to_mode(im, pil_mode, file.name)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            # PIL.UnidentifiedImageError (not an image) is an OSError; so are truncated files.
            reason = f"{type(exc).__name__}: {exc}"
            warnings.warn(f"Skipped {file.name!r}: not a readable image ({reason}).", UserWarning, stacklevel=2)
            skipped.append((file.name, reason))
            continue
        if fit == "crop":
            im = ImageOps.fit(im, (w, h), method=Image.Resampling.LANCZOS)
        else:
            im = im.resize((w, h), Image.Resampling.LANCZOS)
        images.append(np.asarray(im, dtype=np.uint8))
        names.append(file.name)
        sizes.append(original)
    if not images:
        raise ValueError(f"folder {str(folder)!r} holds no readable image ({len(skipped)} file(s) skipped).")
    return ImageFolder(np.stack(images), names, sizes, skipped)


def load_bundled_photo(name):
    """One of the photos that ship inside scikit-learn or scikit-image (read from disk, never downloaded).

    Parameters
    ----------
    name : str
        A key of :data:`BUNDLED_PHOTOS`: ``'china'`` and ``'flower'`` (scikit-learn, 427 x 640),
        ``'astronaut'``, ``'chelsea'``, ``'coffee'``, ``'rocket'``, ``'hubble_deep_field'``,
        ``'immunohistochemistry'`` (scikit-image, RGB), ``'camera'`` (greyscale) and ``'logo'`` (RGBA).

    Returns
    -------
    image : ndarray of dtype uint8
        ``(height, width, 3)``, or ``(height, width)`` for ``'camera'``, or ``(height, width, 4)`` for ``'logo'``.
    """
    if name not in BUNDLED_PHOTOS:
        raise ValueError(f"name must be one of {sorted(BUNDLED_PHOTOS)}; got {name!r}.")
    if BUNDLED_PHOTOS[name] == "sklearn":
        from sklearn.datasets import load_sample_image

        return np.asarray(load_sample_image(f"{name}.jpg"), dtype=np.uint8)
    import skimage.data

    return np.asarray(getattr(skimage.data, name)(), dtype=np.uint8)


def write_demo_folder(folder):
    """Fill a folder with bundled images as the files a learner might have: a mixed, imperfect collection.

    Writes six readable images of different sizes and formats (JPEG and PNG; one greyscale, one RGBA),
    one corrupt image (a PNG cut in half) and one text file. Used to demonstrate and test
    :func:`load_image_folder`.

    Parameters
    ----------
    folder : str or path-like
        An existing folder.

    Returns
    -------
    names : list of str
        The file names written, in sorted order.
    """
    from PIL import Image

    path = Path(folder)
    if not path.is_dir():
        raise ValueError(f"folder must be an existing folder; {str(folder)!r} is not one.")
    files = {
        "astronaut.png": ("astronaut", (160, 160)),
        "chelsea.jpg": ("chelsea", (150, 225)),
        "china.jpg": ("china", (107, 160)),
        "coffee.jpg": ("coffee", (100, 150)),
        "camera_gray.png": ("camera", (128, 128)),
        "logo_rgba.png": ("logo", (120, 120)),
    }
    for file_name, (photo, (h, w)) in files.items():
        im = Image.fromarray(load_bundled_photo(photo)).resize((w, h), Image.Resampling.LANCZOS)
        im.save(path / file_name)
    # A corrupt image: the first half of a valid PNG. And a file that is no image at all.
    png = (path / "astronaut.png").read_bytes()
    (path / "broken.png").write_bytes(png[: len(png) // 2])
    (path / "notes.txt").write_text("Not an image: the loader skips this file with a warning.\n")
    return sorted([*files, "broken.png", "notes.txt"])


def cut_patches(image, patch_size):
    """Cut an image into non-overlapping square tiles, row by row (the leftover border is dropped).

    Parameters
    ----------
    image : ndarray of shape (height, width) or (height, width, channels)
    patch_size : int
        Side of each tile in pixels.

    Returns
    -------
    patches : ndarray of shape (n_patches, patch_size, patch_size[, channels])
        Same dtype as ``image``; ``n_patches = (height // patch_size) * (width // patch_size)``.
    corners : ndarray of shape (n_patches, 2), int
        ``(row, column)`` of each tile's top-left pixel.
    """
    image = np.asarray(image)
    if image.ndim not in (2, 3):
        raise ValueError(f"image must be 2-D (grey) or 3-D (colour); got shape {image.shape}.")
    if image.size == 0:
        raise ValueError(f"image is empty (shape {image.shape}).")
    p = _check_int(patch_size, "patch_size")
    n_rows, n_cols = image.shape[0] // p, image.shape[1] // p
    if n_rows == 0 or n_cols == 0:
        raise ValueError(f"patch_size must be in [1, {min(image.shape[:2])}] for an image of shape {image.shape}.")
    tiles = image[: n_rows * p, : n_cols * p].reshape(n_rows, p, n_cols, p, *image.shape[2:])
    patches = np.ascontiguousarray(np.swapaxes(tiles, 1, 2).reshape(n_rows * n_cols, p, p, *image.shape[2:]))
    rows, cols = np.divmod(np.arange(n_rows * n_cols), n_cols)
    return patches, np.stack([rows * p, cols * p], axis=1)


# ----------------------------------------------------------------------------------------------------------------
# Features
# ----------------------------------------------------------------------------------------------------------------


def as_float_images(images, name="images"):
    """A stack of images as float64 in [0, 1]: uint8 / 255, uint16 / 65535, bool as 0/1, floats checked.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width[, channels])
    name : str
        Argument name used in error messages.

    Returns
    -------
    ndarray of float64, same shape.
    """
    arr = np.asarray(images)
    if arr.ndim not in (3, 4):
        raise ValueError(
            f"{name} must be a stack of images of shape (n_images, height, width) or "
            f"(n_images, height, width, channels); got shape {arr.shape}. For one image use {name}[None]."
        )
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}).")
    if arr.dtype == np.uint8:
        return arr / 255.0
    if arr.dtype == np.uint16:
        return arr / 65535.0
    if arr.dtype == np.bool_:
        return arr.astype(np.float64)
    if arr.dtype.kind != "f":
        raise TypeError(
            f"{name} must be uint8 (0-255), uint16, bool or float in [0, 1]; got dtype {arr.dtype}. "
            f"Scale it first, e.g. {name} / {name}.max()."
        )
    arr = arr.astype(np.float64)
    check_all_finite(arr, name)
    if arr.min() < 0 or arr.max() > 1:
        raise ValueError(
            f"float {name} must lie in [0, 1]; got values in [{arr.min():g}, {arr.max():g}]. "
            f"Scale it first, e.g. {name} / {name}.max()."
        )
    return arr


def pixel_features(images):
    """Raw pixels: each image flattened to one row (the simplest feature vector).

    Parameters
    ----------
    images : array-like of shape (n_images, height, width[, channels])
        uint8, uint16, bool, or float in [0, 1].

    Returns
    -------
    X : ndarray of shape (n_images, height * width * channels), float64 in [0, 1]
    """
    arr = as_float_images(images)
    return arr.reshape(arr.shape[0], -1)


def _bin_indices(images, bins):
    """Bin index of every value: bin j holds values in [j/bins, (j+1)/bins); the last bin also holds 1."""
    arr = np.asarray(images)
    if arr.dtype == np.uint8:
        # floor(v / 255 * bins) in exact integer arithmetic; v = 255 gives bins, folded into the last bin.
        return np.minimum(arr.astype(np.int64) * bins // 255, bins - 1)
    return np.minimum(np.floor(as_float_images(arr) * bins).astype(np.int64), bins - 1)


def color_histogram_features(images, bins=8):
    """Colour histogram: the share of pixels in each cell of a ``bins x bins x bins`` grid of the RGB cube.

    It ignores *where* colours are, so it groups images by palette (sky, grass, skin...) rather than by shape.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width, 3) or (n_images, height, width)
        RGB or greyscale, uint8 or float in [0, 1].
    bins : int, default=8
        Bins per channel; bin j holds values in [j/bins, (j+1)/bins) (the last one also holds 1).

    Returns
    -------
    X : ndarray of shape (n_images, bins**3) for RGB, (n_images, bins) for grey, float64
        Each row sums to 1. Column ``(r * bins + g) * bins + b`` counts the pixels whose red,
        green and blue values fall in bins r, g and b.
    """
    if isinstance(bins, bool) or not isinstance(bins, numbers.Integral):
        raise TypeError(f"bins must be an int; got {bins!r}.")
    if not 1 <= bins <= 256:
        raise ValueError(f"bins must be in [1, 256]; got {bins}.")
    arr = np.asarray(images)
    as_float_images(arr)  # same checks as every feature function
    if arr.ndim == 4 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if arr.ndim == 4 and arr.shape[-1] != 3:
        raise ValueError(
            f"images must be RGB (last axis 3) or grey; got shape {arr.shape}. Drop an alpha channel first."
        )
    idx = _bin_indices(arr, bins)
    n = arr.shape[0]
    if arr.ndim == 4:
        codes = (idx[..., 0] * bins + idx[..., 1]) * bins + idx[..., 2]
        n_cells = bins**3
    else:
        codes, n_cells = idx, bins
    codes = codes.reshape(n, -1) + n_cells * np.arange(n)[:, None]  # one block of cells per image
    counts = np.bincount(codes.ravel(), minlength=n * n_cells).reshape(n, n_cells)
    return counts / counts.sum(axis=1, keepdims=True)


def hog_features(images, *, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(2, 2)):
    """Histogram of oriented gradients (scikit-image's ``hog``) of each image, computed on its grey levels.

    HOG describes *shape*: in each small cell, how much edge there is in each direction, normalised over
    blocks of cells so that lighting matters less.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width[, 3])
        uint8, uint16, bool, or float in [0, 1]. RGB is turned to grey with ``skimage.color.rgb2gray``.
    orientations, pixels_per_cell, cells_per_block
        Passed to :func:`skimage.feature.hog` (with ``block_norm='L2-Hys'``).

    Returns
    -------
    X : ndarray of shape (n_images, n_hog_features), float64
    """
    from skimage.color import rgb2gray
    from skimage.feature import hog

    orientations = _check_int(orientations, "orientations")
    pixels_per_cell = _check_pair_of_ints(pixels_per_cell, "pixels_per_cell")
    cells_per_block = _check_pair_of_ints(cells_per_block, "cells_per_block")
    arr = as_float_images(images)
    if arr.ndim == 4:
        if arr.shape[-1] == 1:
            arr = arr[..., 0]
        elif arr.shape[-1] == 3:
            arr = rgb2gray(arr)
        else:
            raise ValueError(f"images must be RGB or grey; got shape {arr.shape}. Drop an alpha channel first.")
    ph, pw = pixels_per_cell
    bh, bw = cells_per_block
    if arr.shape[1] < ph * bh or arr.shape[2] < pw * bw:
        raise ValueError(
            f"images of {arr.shape[1]} x {arr.shape[2]} pixels are smaller than one HOG block "
            f"({ph * bh} x {pw * bw}); lower pixels_per_cell or cells_per_block."
        )
    kwargs = dict(
        orientations=orientations,
        pixels_per_cell=pixels_per_cell,
        cells_per_block=cells_per_block,
        block_norm="L2-Hys",
        feature_vector=True,
    )
    return np.stack([hog(im, **kwargs) for im in arr]).astype(np.float64)


def pca_features(X, n_components):
    """Project feature vectors onto their first principal components (scikit-learn's ``PCA``).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_components : int
        Number of components kept (at most ``min(n_samples, n_features)``).

    Returns
    -------
    Z : ndarray of shape (n_samples, n_components)
        Centred coordinates along the components. Euclidean distances in Z are never larger than in X
        (a projection shrinks them; with all components it is a rotation and keeps them).
    """
    from sklearn.decomposition import PCA

    from ._validation import as_float_array

    X = as_float_array(X, "X", dtype=np.float64)
    check_n_clusters(n_components, min(X.shape), name="n_components")
    return PCA(n_components=n_components, svd_solver="full").fit_transform(X)


# ----------------------------------------------------------------------------------------------------------------
# Scores against known labels
# ----------------------------------------------------------------------------------------------------------------


def _contingency(labels_true, labels_pred):
    t = np.asarray(labels_true)
    p = np.asarray(labels_pred)
    if t.ndim != 1 or p.ndim != 1 or t.shape != p.shape or t.size == 0:
        raise ValueError(
            f"labels_true and labels_pred must be 1-D of the same non-zero length; got shapes {t.shape} and {p.shape}."
        )
    classes, ti = np.unique(t, return_inverse=True)
    clusters, pi = np.unique(p, return_inverse=True)
    table = np.zeros((clusters.size, classes.size), dtype=np.int64)
    np.add.at(table, (pi, ti), 1)
    return table, clusters, classes


def matched_accuracy(labels_true, labels_pred):
    """Accuracy after matching each cluster to a different class so that the most samples agree.

    Cluster numbers are arbitrary, so they are renamed first: ``scipy.optimize.linear_sum_assignment``
    finds the one-to-one cluster -> class matching that maximises the number of matches. It solves the
    linear assignment problem with a modified Jonker-Volgenant algorithm (not the Hungarian algorithm,
    which solves the same problem; both reach the same optimum). With more clusters than classes, the
    unmatched clusters count as errors.

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)

    Returns
    -------
    accuracy : float
        Fraction of samples whose cluster is matched to their class.
    mapping : dict
        ``{cluster: class}`` for the matched clusters.
    """
    from scipy.optimize import linear_sum_assignment

    table, clusters, classes = _contingency(labels_true, labels_pred)
    rows, cols = linear_sum_assignment(table, maximize=True)
    accuracy = table[rows, cols].sum() / table.sum()
    return float(accuracy), {clusters[r].item(): classes[c].item() for r, c in zip(rows, cols, strict=True)}


def clustering_scores(labels_true, labels_pred):
    """ARI, NMI and matched accuracy of a clustering against known classes.

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)

    Returns
    -------
    dict
        ``{'ARI': adjusted Rand index, 'NMI': normalised mutual information, 'accuracy': matched accuracy}``.
        ARI is 0 for a random labelling and 1 for a perfect one; NMI is in [0, 1]; both ignore how clusters
        are numbered. Accuracy uses :func:`matched_accuracy`.
    """
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    accuracy, _ = matched_accuracy(labels_true, labels_pred)
    return {
        "ARI": float(adjusted_rand_score(labels_true, labels_pred)),
        "NMI": float(normalized_mutual_info_score(labels_true, labels_pred)),
        "accuracy": accuracy,
    }


# ----------------------------------------------------------------------------------------------------------------
# Colour quantisation
# ----------------------------------------------------------------------------------------------------------------


def bits_per_pixel(n_colors):
    """Bits needed to store one palette index: ``ceil(log2 K)``; 0 for K = 1 (every pixel is the one colour).

    Computed in exact integer arithmetic as ``(K - 1).bit_length()``.
    """
    if isinstance(n_colors, bool) or not isinstance(n_colors, numbers.Integral):
        raise TypeError(f"n_colors must be an int; got {n_colors!r}.")
    if n_colors < 1:
        raise ValueError(f"n_colors must be >= 1; got {n_colors}.")
    return (int(n_colors) - 1).bit_length()


def storage_bits(n_pixels, n_colors, *, channels=3, bits_per_channel=8):
    """Bits to store a palette image: ``n_pixels * ceil(log2 K)`` index bits plus ``K * channels * 8`` palette bits.

    Parameters
    ----------
    n_pixels : int
    n_colors : int
        Palette size K.
    channels : int, default=3
    bits_per_channel : int, default=8

    Returns
    -------
    int
        Compare with ``n_pixels * channels * bits_per_channel`` (24 bits per pixel for 8-bit RGB).
        No entropy coding is assumed (a PNG or GIF encoder would compress the indices further).

    Examples
    --------
    >>> storage_bits(128 * 128, 16)  # the 16-colour 128 x 128 bird: 65,536 + 384 bits
    65920
    """
    if isinstance(n_pixels, bool) or not isinstance(n_pixels, numbers.Integral) or n_pixels < 0:
        raise ValueError(f"n_pixels must be a non-negative int; got {n_pixels!r}.")
    channels = _check_int(channels, "channels")
    bits_per_channel = _check_int(bits_per_channel, "bits_per_channel")
    return int(n_pixels) * bits_per_pixel(n_colors) + int(n_colors) * channels * bits_per_channel


def _check_pair(original, reconstructed):
    arrays = []
    for name, value in (("original", original), ("reconstructed", reconstructed)):
        arr = np.asarray(value)
        if arr.dtype.kind not in "biuf":
            raise TypeError(f"{name} must be an image of real numbers; got dtype {arr.dtype}.")
        if arr.size == 0:
            raise ValueError(f"{name} is empty (shape {arr.shape}); there is no error to measure.")
        arr = arr.astype(np.float64)
        check_all_finite(arr, name)
        arrays.append(arr)
    a, b = arrays
    if a.shape != b.shape:
        raise ValueError(f"original and reconstructed must have the same shape; got {a.shape} and {b.shape}.")
    return a, b


def mse(original, reconstructed):
    """Mean squared error over all pixels and channels, in the images' own units (0-255 for uint8).

    Parameters
    ----------
    original, reconstructed : array-like of the same shape

    Returns
    -------
    float
    """
    a, b = _check_pair(original, reconstructed)
    return float(np.mean((a - b) ** 2))


def psnr(original, reconstructed, *, data_range=255.0):
    """Peak signal-to-noise ratio ``10 log10(data_range**2 / MSE)`` in decibels (inf if the images are equal).

    Parameters
    ----------
    original, reconstructed : array-like of the same shape
    data_range : float, default=255
        The largest possible value: 255 for uint8, 1 for floats in [0, 1].

    Returns
    -------
    float
        Higher is better; +6.02 dB for every halving of the RMS error.
    """
    if isinstance(data_range, bool) or not isinstance(data_range, numbers.Real) or not 0 < data_range < math.inf:
        raise ValueError(
            f"data_range must be a positive finite number (255 for uint8, 1 for floats); got {data_range!r}."
        )
    m = mse(original, reconstructed)
    return math.inf if m == 0 else float(10.0 * np.log10(data_range**2 / m))


@dataclass
class QuantizedImage:
    """What :func:`quantize` returns.

    Attributes
    ----------
    image : ndarray of shape (height, width, channels), uint8
        The rebuilt image: ``palette[labels]``.
    palette : ndarray of shape (n_colors, channels), uint8
        The stored colours (k-means centroids converted to 8-bit RGB).
    labels : ndarray of shape (height, width), int32
        Index of each pixel's nearest palette colour (measured in ``color_space``).
    counts : ndarray of shape (n_colors,), int64
        Number of pixels using each palette colour.
    n_colors, color_space
        The arguments.
    mse, psnr : float
        Error of ``image`` against the original, in 8-bit RGB (see :func:`mse`, :func:`psnr`).
    bits_per_pixel, storage_bits : int
        ``ceil(log2 K)`` and the total bits of indices plus palette (see :func:`storage_bits`).
    compression : float
        ``24 bits per pixel`` storage divided by ``storage_bits`` (for RGB).
    """

    image: np.ndarray
    palette: np.ndarray
    labels: np.ndarray
    counts: np.ndarray
    n_colors: int
    color_space: str
    mse: float
    psnr: float
    bits_per_pixel: int
    storage_bits: int
    compression: float


def _check_color_image(image):
    arr = np.asarray(image)
    if arr.ndim == 2:
        arr = arr[..., None]
    if arr.ndim != 3 or arr.shape[-1] not in (1, 3):
        raise ValueError(
            f"image must have shape (height, width, 3) (RGB) or (height, width) (grey); got {arr.shape}. "
            "Drop an alpha channel with image[..., :3]."
        )
    if arr.dtype != np.uint8:
        raise TypeError(
            f"image must be uint8 (0-255); got dtype {arr.dtype}. Use (image * 255).round().astype('uint8')."
        )
    return arr


def _to_space(rgb01, color_space):
    """Pixels (n, c) in [0, 1] RGB -> the working colour space."""
    if color_space == "rgb":
        return rgb01
    from skimage.color import rgb2lab

    return rgb2lab(rgb01[None])[0]


def _palette_to_uint8(centers, color_space):
    if color_space == "lab":
        from skimage.color import lab2rgb

        with warnings.catch_warnings():  # centres out of the sRGB gamut are clipped, which is what we want
            warnings.simplefilter("ignore")
            centers = lab2rgb(centers[None])[0]
    return np.clip(np.round(centers * 255.0), 0, 255).astype(np.uint8)


def quantize(image, n_colors, *, color_space="rgb", sample_size=10_000, random_state=0):
    """Colour quantisation: k-means finds a palette of ``n_colors`` colours, each pixel takes its nearest one.

    1. Draw ``sample_size`` pixels at random (fixed ``random_state``) and express them in ``color_space``.
    2. Fit :class:`kmeans_edu.KMeans` with ``n_clusters=n_colors`` on them: the centroids are the palette.
    3. Round the palette to 8-bit RGB (what would be stored), then give **every** pixel the index of its
       nearest stored colour, measured in ``color_space``; rebuild ``image = palette[labels]``.

    Parameters
    ----------
    image : ndarray of shape (height, width, 3) or (height, width), uint8
    n_colors : int
        Palette size K (at least 1, at most the number of sampled pixels).
    color_space : {'rgb', 'lab'}, default='rgb'
        Where distances are measured. ``'lab'`` is CIELAB (``skimage.color.rgb2lab``), built so that equal
        distances look like roughly equal colour differences; it needs an RGB image.
    sample_size : int or None, default=10000
        Pixels used to fit the palette (all of them if None or larger than the image).
    random_state : int, default=0
        Seed of the pixel sample and of k-means++.

    Returns
    -------
    QuantizedImage
        The rebuilt image, palette, labels, MSE and PSNR (in 8-bit RGB) and storage.
    """
    arr = _check_color_image(image)
    if color_space not in ("rgb", "lab"):
        raise ValueError(f"color_space must be 'rgb' or 'lab'; got {color_space!r}.")
    channels = arr.shape[-1]
    if color_space == "lab" and channels != 3:
        raise ValueError("color_space='lab' needs an RGB image of shape (height, width, 3).")
    if sample_size is not None and (
        isinstance(sample_size, bool) or not isinstance(sample_size, numbers.Integral) or sample_size < 1
    ):
        raise ValueError(f"sample_size must be a positive int or None; got {sample_size!r}.")
    pixels = arr.reshape(-1, channels) / 255.0
    n_pixels = pixels.shape[0]
    if sample_size is None or sample_size >= n_pixels:
        sample = pixels
    else:
        rng = np.random.default_rng(random_state)
        sample = pixels[np.sort(rng.choice(n_pixels, size=sample_size, replace=False))]
    k = check_n_clusters(n_colors, sample.shape[0], name="n_colors")

    km = KMeans(n_clusters=k, random_state=random_state).fit(_to_space(sample, color_space))
    palette = _palette_to_uint8(km.cluster_centers_, color_space)
    labels, _ = assign_labels(_to_space(pixels, color_space), _to_space(palette / 255.0, color_space))
    rebuilt = palette[labels].reshape(arr.shape)
    bits = storage_bits(n_pixels, k, channels=channels)
    error = mse(arr, rebuilt)
    return QuantizedImage(
        image=rebuilt if np.ndim(image) == 3 else rebuilt[..., 0],
        palette=palette,
        labels=labels.reshape(arr.shape[:2]),
        counts=np.bincount(labels, minlength=k),
        n_colors=k,
        color_space=color_space,
        mse=error,
        psnr=math.inf if error == 0 else float(10.0 * np.log10(255.0**2 / error)),
        bits_per_pixel=bits_per_pixel(k),
        storage_bits=bits,
        compression=n_pixels * channels * 8 / bits,
    )


def palette_strip(palette, counts=None, width=256):
    """A ``(1, width, channels)`` image of the palette, each colour as wide as its share of the pixels.

    Parameters
    ----------
    palette : array-like of shape (n_colors, channels)
    counts : array-like of shape (n_colors,), optional
        Pixels per colour; colours are sorted from most to least used. None: equal widths, palette order.
    width : int, default=256
        Output width in pixels: always the same shape, so a widget can ``set_data`` it whatever K is.

    Returns
    -------
    ndarray of shape (1, width, channels), same dtype as ``palette``
    """
    palette = np.asarray(palette)
    if palette.ndim != 2 or palette.shape[0] == 0:
        raise ValueError(f"palette must be a non-empty (n_colors, channels) array; got shape {palette.shape}.")
    width = _check_int(width, "width")
    k = palette.shape[0]
    counts = np.ones(k) if counts is None else np.asarray(counts, dtype=np.float64)
    if counts.shape != (k,):
        raise ValueError(f"counts must have one value per palette colour, shape ({k},); got {counts.shape}.")
    if not np.isfinite(counts).all() or (counts < 0).any() or not counts.sum() > 0:
        raise ValueError("counts must be finite, non-negative and not all zero.")
    order = np.argsort(-counts, kind="stable")
    edges = np.cumsum(counts[order]) / counts.sum() * width
    columns = np.minimum(np.searchsorted(edges, np.arange(width) + 0.5, side="right"), k - 1)
    return palette[order][columns][None]


# ----------------------------------------------------------------------------------------------------------------
# Montages
# ----------------------------------------------------------------------------------------------------------------


def montage(images, n_cols=None, *, pad=1, fill=1.0):
    """Tile a stack of images into one grid image, row by row.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width[, channels])
        uint8, uint16, bool, or float in [0, 1].
    n_cols : int, optional
        Images per row; default ``ceil(sqrt(n_images))``.
    pad : int, default=1
        Pixels of ``fill`` between and around the tiles.
    fill : float, default=1.0
        Value of the padding and of empty cells (1 = white).

    Returns
    -------
    grid : ndarray of float64 in [0, 1]
        Shape ``(rows * (height + pad) + pad, n_cols * (width + pad) + pad[, channels])``.
    """
    arr = as_float_images(images)
    n, h, w = arr.shape[:3]
    if n_cols is None:
        n_cols = math.ceil(math.sqrt(n))
    if isinstance(n_cols, bool) or not isinstance(n_cols, numbers.Integral) or n_cols < 1:
        raise ValueError(f"n_cols must be a positive int; got {n_cols!r}.")
    pad = _check_int(pad, "pad", minimum=0)
    if isinstance(fill, bool) or not isinstance(fill, numbers.Real) or not 0 <= fill <= 1:
        raise ValueError(f"fill must be a number in [0, 1] (0 black, 1 white); got {fill!r}.")
    n_rows = math.ceil(n / n_cols)
    grid = np.full((n_rows * (h + pad) + pad, n_cols * (w + pad) + pad, *arr.shape[3:]), fill, dtype=np.float64)
    for i in range(n):
        r, c = divmod(i, n_cols)
        top, left = pad + r * (h + pad), pad + c * (w + pad)
        grid[top : top + h, left : left + w] = arr[i]
    return grid


def _white(cmap):
    """The grey level (0 or 1) that ``cmap`` draws lighter (1 for 'gray', 0 for 'gray_r'): used for padding."""
    import matplotlib

    cm = matplotlib.colormaps[cmap] if isinstance(cmap, str) else cmap
    return 0.0 if sum(cm(0.0)[:3]) > sum(cm(1.0)[:3]) else 1.0


def _show(ax, grid, cmap):
    if grid.ndim == 2:
        return ax.imshow(grid, cmap=cmap, vmin=0.0, vmax=1.0, interpolation="nearest")
    return ax.imshow(grid, interpolation="nearest")


def plot_centroid_images(ax, centers, image_shape, *, n_cols=None, cmap="gray", title="Cluster centroids as images"):
    """Show each centroid of pixel features as the image it is (the mean image of its cluster).

    Parameters
    ----------
    ax : matplotlib Axes
    centers : array-like of shape (n_clusters, prod(image_shape))
        Centroids in pixel-feature space (values in [0, 1]; they are clipped to it).
    image_shape : tuple of int
        ``(height, width)`` or ``(height, width, channels)``.
    n_cols : int, optional
        Centroids per row (default: all in one row).
    cmap : str, default='gray'
        Colour map for grey images.
    title : str

    Returns
    -------
    matplotlib.image.AxesImage
    """
    centers = np.asarray(centers, dtype=np.float64)
    k = centers.shape[0]
    if centers.ndim != 2 or centers.shape[1] != math.prod(image_shape):
        raise ValueError(
            f"centers must have shape (n_clusters, {math.prod(image_shape)}) for image_shape={tuple(image_shape)}; "
            f"got {centers.shape}."
        )
    n_cols = k if n_cols is None else n_cols
    tiles = np.clip(centers, 0.0, 1.0).reshape(k, *image_shape)
    grid = montage(tiles, n_cols, pad=1, fill=_white(cmap) if len(image_shape) == 2 else 1.0)
    artist = _show(ax, grid, cmap)
    h, w = image_shape[:2]
    ax.set_xticks([1 + c * (w + 1) + (w - 1) / 2 for c in range(min(n_cols, k))])
    ax.set_xticklabels([str(c) for c in range(min(n_cols, k))])
    ax.set_yticks([])
    ax.set_xlabel("cluster" if n_cols >= k else "cluster (row by row)")
    ax.set_ylabel("centroid")
    ax.set_title(title)
    return artist


def plot_cluster_montage(
    ax,
    images,
    labels,
    *,
    centers=None,
    n_per_cluster=8,
    random_state=0,
    cmap="gray",
    title="Members of each cluster",
):
    """One row per cluster: its centroid image (if given), then up to ``n_per_cluster`` of its members.

    Parameters
    ----------
    ax : matplotlib Axes
    images : array-like of shape (n_images, height, width[, channels])
    labels : array-like of shape (n_images,), int
        Cluster of each image (0 .. K-1).
    centers : array-like of shape (K, height, width[, channels]) or (K, height * width * channels), optional
        Images to put first in each row (e.g. the centroids of pixel features); clipped to [0, 1].
    n_per_cluster : int, default=8
        Members shown per row: a random sample (fixed ``random_state``) in their original order.
    random_state : int, default=0
    cmap : str, default='gray'
        Colour map for grey images; padding and empty cells are drawn in its lighter end (white).
    title : str

    Returns
    -------
    matplotlib.image.AxesImage
        The y ticks read ``cluster (size)``.
    """
    arr = as_float_images(images)
    labels = np.asarray(labels)
    if labels.shape != (arr.shape[0],):
        raise ValueError(f"labels must have shape ({arr.shape[0]},), one per image; got {labels.shape}.")
    if labels.dtype.kind not in "iu" or labels.min() < 0:
        raise ValueError("labels must be non-negative integers (cluster numbers 0 .. K-1).")
    n_clusters = int(labels.max()) + 1 if labels.size else 0
    if centers is not None:
        centers = np.clip(np.asarray(centers, dtype=np.float64), 0.0, 1.0)
        if centers.size != max(n_clusters, centers.shape[0]) * math.prod(arr.shape[1:]):
            raise ValueError(
                f"centers must hold one image of shape {arr.shape[1:]} per cluster; got shape {centers.shape}."
            )
        n_clusters = centers.shape[0]
        centers = centers.reshape(n_clusters, *arr.shape[1:])
    rng = np.random.default_rng(random_state)
    h, w = arr.shape[1:3]
    white = _white(cmap) if arr.ndim == 3 else 1.0  # grey images follow the colour map; RGB padding is white
    blank = np.full(arr.shape[1:], white)
    lead = 2 if centers is not None else 0  # centroid and a blank separator column
    tiles = []
    for j in range(n_clusters):
        members = np.flatnonzero(labels == j)
        if members.size > n_per_cluster:
            members = np.sort(rng.choice(members, size=n_per_cluster, replace=False))
        row = ([centers[j], blank] if centers is not None else []) + [arr[i] for i in members]
        row += [blank] * (lead + n_per_cluster - len(row))
        tiles.extend(row)
    grid = montage(np.stack(tiles), lead + n_per_cluster, pad=1, fill=white)
    artist = _show(ax, grid, cmap)
    sizes = np.bincount(labels, minlength=n_clusters)
    ax.set_yticks([1 + j * (h + 1) + (h - 1) / 2 for j in range(n_clusters)])
    ax.set_yticklabels([f"{j} ({sizes[j]})" for j in range(n_clusters)])
    ax.set_xticks([])
    ax.set_ylabel("cluster (size)")
    ax.set_xlabel("centroid, then members" if centers is not None else "members")
    ax.set_title(title)
    return artist


# ----------------------------------------------------------------------------------------------------------------
# A 2-D map of the clustering, and clusters against classes
# ----------------------------------------------------------------------------------------------------------------

EMBEDDINGS = ("pca", "tsne")


def embed_2d(X, method="pca", *, random_state=0, perplexity=30.0):
    """Two coordinates per sample, to draw a map of high-dimensional data (e.g. the 64 pixels of a digit).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    method : {'pca', 'tsne'}, default='pca'
        'pca': the first two principal components (scikit-learn's ``PCA``): a linear projection, so
        distances shrink and clusters can overlap on the map although they are apart in X.
        't-SNE' (``sklearn.manifold.TSNE``, initialised by PCA): keeps neighbours together, at the
        price of distances between groups and sizes of groups that mean little.
    random_state : int, default=0
        Seed of t-SNE (PCA is deterministic).
    perplexity : float, default=30.0
        t-SNE's effective number of neighbours; must be smaller than n_samples.

    Returns
    -------
    ndarray of shape (n_samples, 2), float64
        Only for drawing: cluster the data itself, not this map.
    """
    from ._validation import as_float_array

    X = as_float_array(X, "X", dtype=np.float64)
    if method not in EMBEDDINGS:
        raise ValueError(f"method must be one of {EMBEDDINGS}; got {method!r}.")
    if X.shape[0] < 3 or X.shape[1] < 2:
        raise ValueError(f"X needs at least 3 samples and 2 features for a 2-D map; got shape {X.shape}.")
    if method == "pca":
        return pca_features(X, 2)
    if not isinstance(random_state, numbers.Integral) or isinstance(random_state, bool):
        raise TypeError(f"random_state must be an integer seed; got {random_state!r}.")
    if not isinstance(perplexity, numbers.Real) or not 0 < perplexity < X.shape[0]:
        raise ValueError(f"perplexity must be a number in (0, n_samples={X.shape[0]}); got {perplexity!r}.")
    from sklearn.manifold import TSNE

    return TSNE(2, perplexity=perplexity, init="pca", random_state=random_state).fit_transform(X).astype(np.float64)


def plot_cluster_map(ax, embedding, labels, *, wrong=None, method="pca", title=None, size=10):
    """Scatter a 2-D map (from :func:`embed_2d`), one colour and shape per cluster; optionally ring the mistakes.

    Clusters get the series' style (:func:`kmeans_edu.plots.cluster_style`): Okabe-Ito colours and
    marker shapes, with no two of the first 64 clusters alike in both.

    Parameters
    ----------
    ax : matplotlib Axes
    embedding : array-like of shape (n_samples, 2)
    labels : array-like of int, shape (n_samples,)
        Cluster of each sample (0 .. K-1).
    wrong : array-like of bool, shape (n_samples,), optional
        Samples to ring in black, e.g. those whose cluster is matched to another class
        (``cluster_confusion(y, labels).wrong``).
    method : {'pca', 'tsne'}, default='pca'
        Only names the axes.
    title : str, optional
        Default: "Clusters on a <method> map".
    size : float, default=10
        Marker size.

    Returns
    -------
    list of matplotlib.collections.PathCollection
        One per cluster (each with the legend label "cluster j").
    """
    E = np.asarray(embedding, dtype=np.float64)
    labels = np.asarray(labels)
    if E.ndim != 2 or E.shape[1] != 2:
        raise ValueError(f"embedding must have shape (n_samples, 2); got {E.shape}.")
    if labels.shape != (E.shape[0],) or (labels.size and (labels.dtype.kind not in "iu" or labels.min() < 0)):
        raise ValueError(f"labels must be {E.shape[0]} non-negative integers, one per row of embedding.")
    if method not in EMBEDDINGS:
        raise ValueError(f"method must be one of {EMBEDDINGS}; got {method!r}.")
    n_clusters = int(labels.max()) + 1 if labels.size else 0
    artists = []
    for j in range(n_clusters):
        color, marker = plots.cluster_style(j)
        artists.append(ax.scatter(E[labels == j, 0], E[labels == j, 1], s=size, color=color, marker=marker,
                                  label=f"cluster {j}"))
    if wrong is not None:
        wrong = np.asarray(wrong, dtype=bool)
        if wrong.shape != labels.shape:
            raise ValueError(f"wrong must be a boolean mask of shape {labels.shape}; got {wrong.shape}.")
        ax.scatter(
            E[wrong, 0],
            E[wrong, 1],
            s=size * 4,
            facecolors="none",
            edgecolors="black",
            linewidths=0.6,
            label=f"matched to another class ({int(wrong.sum())})",
        )
    ax.legend(loc="best", fontsize="small", markerscale=1.5, ncols=2 if n_clusters > 5 else 1)
    name = {"pca": "PCA", "tsne": "t-SNE"}[method]
    ax.set_title(title if title is not None else f"Clusters on a {name} map")
    ax.set_xlabel(f"{name} 1")
    ax.set_ylabel(f"{name} 2")
    return artists


@dataclass(frozen=True)
class ClusterConfusion:
    """What :func:`cluster_confusion` returns: counts of classes against clusters, clusters put in matched order.

    Attributes
    ----------
    matrix : ndarray of int, shape (n_classes, n_clusters)
        ``matrix[i, j]``: samples of class ``classes[i]`` in cluster ``clusters[j]``. The clusters are
        ordered so that the cluster matched to class i is column i: the diagonal holds the samples the
        matching gets right; unmatched clusters (more clusters than classes) come last.
    classes : ndarray
        Row labels (sorted).
    clusters : ndarray
        Column labels (the cluster numbers, in matched order).
    matched_class : list
        For each column, the class its cluster is matched to, or None.
    accuracy : float
        The matched accuracy (the same as :func:`matched_accuracy`).
    wrong : ndarray of bool, shape (n_samples,)
        Samples whose cluster is matched to another class (or to none).
    """

    matrix: np.ndarray
    classes: np.ndarray
    clusters: np.ndarray
    matched_class: list
    accuracy: float
    wrong: np.ndarray = field(repr=False)


def cluster_confusion(labels_true, labels_pred):
    """The confusion matrix of clusters against classes after the best one-to-one matching.

    Cluster numbers are arbitrary, so the clusters are matched to classes first, as in
    :func:`matched_accuracy`; the matrix then reads like a classifier's: off-diagonal counts
    are the mix-ups (e.g. which digits end up in the cluster of the 1s).

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)

    Returns
    -------
    ClusterConfusion

    Examples
    --------
    >>> c = cluster_confusion([0, 0, 1, 1, 1], [7, 7, 3, 3, 7])
    >>> c.matrix, c.clusters.tolist(), c.accuracy
    (array([[2, 0],
           [1, 2]]), [7, 3], 0.8)
    """
    table, clusters, classes = _contingency(labels_true, labels_pred)  # rows: clusters
    accuracy, mapping = matched_accuracy(labels_true, labels_pred)
    to_cluster = {v: k for k, v in mapping.items()}
    matched = [to_cluster[c.item()] for c in classes if c.item() in to_cluster]
    order_labels = matched + [c.item() for c in clusters if c.item() not in mapping]
    index = {c.item(): i for i, c in enumerate(clusters)}
    order = [index[c] for c in order_labels]
    matrix = table[order].T
    pred = np.asarray(labels_pred)
    true = np.asarray(labels_true)
    wrong = np.array([mapping.get(p.item(), None) != t.item() for p, t in zip(pred, true, strict=True)], dtype=bool)
    return ClusterConfusion(
        matrix=matrix,
        classes=classes,
        clusters=clusters[order],
        matched_class=[mapping.get(c) for c in order_labels],
        accuracy=accuracy,
        wrong=wrong,
    )


def plot_confusion(ax, confusion, *, title=None, cmap="Blues"):
    """Draw a :class:`ClusterConfusion` as a heat map with the count in every cell.

    Parameters
    ----------
    ax : matplotlib Axes
    confusion : ClusterConfusion
    title : str, optional
        Default: "Classes against matched clusters (accuracy ...)".
    cmap : str, default='Blues'

    Returns
    -------
    matplotlib.image.AxesImage
    """
    if not isinstance(confusion, ClusterConfusion):
        got = type(confusion).__name__
        raise TypeError(f"confusion must be a ClusterConfusion (from cluster_confusion); got {got}.")
    m = confusion.matrix
    image = ax.imshow(m, cmap=cmap, interpolation="nearest", aspect="auto")
    threshold = m.max() / 2 if m.size else 0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            if m[i, j]:
                ax.text(
                    j,
                    i,
                    str(m[i, j]),
                    ha="center",
                    va="center",
                    fontsize="small",
                    color="white" if m[i, j] > threshold else "black",
                )
    ax.set_xticks(range(m.shape[1]))
    ax.set_xticklabels(
        [
            f"{c}\u2192{k}" if k is not None else f"{c}"
            for c, k in zip(confusion.clusters, confusion.matched_class, strict=True)
        ],
        rotation=90 if m.shape[1] > 12 else 0,
    )
    ax.set_yticks(range(m.shape[0]))
    ax.set_yticklabels([str(c) for c in confusion.classes])
    ax.set_xlabel("cluster \u2192 matched class")
    ax.set_ylabel("true class")
    default = f"Classes against matched clusters (accuracy {confusion.accuracy:.3f})"
    ax.set_title(title if title is not None else default)
    return image
