"""Tests of kmeans_edu.images: every result is checked against Pillow, NumPy, scikit-image or scikit-learn."""

import itertools
import math
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from kmeans_edu import images as I  # noqa: E402

RNG = np.random.default_rng(12345)


def random_rgb(h, w, seed=0):
    return np.random.default_rng(seed).integers(0, 256, size=(h, w, 3), dtype=np.uint8)


# ------------------------------------------------------------------------------------------------------------------
# Loading a folder
# ------------------------------------------------------------------------------------------------------------------


@pytest.fixture
def messy_folder(tmp_path):
    """Images of different sizes and modes, a corrupt image, a text file, a hidden file and a sub-folder."""
    rgb = random_rgb(30, 40, seed=1)
    Image.fromarray(rgb).save(tmp_path / "a_rgb.png")
    gray = np.random.default_rng(2).integers(0, 256, size=(20, 20), dtype=np.uint8)
    Image.fromarray(gray, mode="L").save(tmp_path / "b_gray.png")
    rgba = np.zeros((20, 20, 4), dtype=np.uint8)
    rgba[..., 0] = 200  # red where opaque
    rgba[..., 3] = 0
    rgba[:10, :, 3] = 255  # top half opaque, bottom half transparent
    Image.fromarray(rgba, mode="RGBA").save(tmp_path / "c_rgba.png")
    Image.fromarray(random_rgb(50, 25, seed=3)).save(tmp_path / "d_tall.jpg", quality=95)
    png = (tmp_path / "a_rgb.png").read_bytes()
    (tmp_path / "e_corrupt.png").write_bytes(png[: len(png) // 2])
    (tmp_path / "f_notes.txt").write_text("hello, I am not an image\n")
    (tmp_path / ".hidden.png").write_bytes(png)
    (tmp_path / "sub").mkdir()
    Image.fromarray(rgb).save(tmp_path / "sub" / "nested.png")
    return tmp_path, rgb, gray


def load_quietly(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return I.load_image_folder(*args, **kwargs)


def test_folder_skips_corrupt_and_non_image_files_with_a_warning(messy_folder):
    folder, _, _ = messy_folder
    with pytest.warns(UserWarning) as record:
        found = I.load_image_folder(folder, size=16)
    messages = [str(w.message) for w in record]
    assert len(messages) == 2
    assert "e_corrupt.png" in messages[0] and "f_notes.txt" in messages[1]
    assert [name for name, _ in found.skipped] == ["e_corrupt.png", "f_notes.txt"]
    # hidden files and sub-folders are not read at all
    assert found.names == ["a_rgb.png", "b_gray.png", "c_rgba.png", "d_tall.jpg"]
    assert found.images.shape == (4, 16, 16, 3) and found.images.dtype == np.uint8
    assert found.original_sizes == [(30, 40), (20, 20), (20, 20), (50, 25)]


def test_folder_at_native_size_keeps_pixels_exactly(messy_folder):
    folder, rgb, gray = messy_folder
    found = load_quietly(folder, size=(30, 40))
    np.testing.assert_array_equal(found.images[0], rgb)  # same size: no resampling


def test_grayscale_and_rgba_files(messy_folder):
    folder, _, gray = messy_folder
    found = load_quietly(folder, size=20)
    g = found.images[found.names.index("b_gray.png")]
    for c in range(3):  # grey repeated on R, G, B
        np.testing.assert_array_equal(g[..., c], gray)
    rgba = found.images[found.names.index("c_rgba.png")]
    np.testing.assert_array_equal(rgba[:10], np.broadcast_to([200, 0, 0], (10, 20, 3)))  # opaque red
    np.testing.assert_array_equal(rgba[10:], np.full((10, 20, 3), 255))  # transparent -> white
    grey = load_quietly(folder, size=20, mode="gray")
    assert grey.images.shape == (4, 20, 20)
    np.testing.assert_array_equal(grey.images[1], gray)
    assert (grey.images[2][10:] == 255).all()


def test_half_transparent_pixels_are_blended_over_white(tmp_path):
    rgba = np.zeros((4, 4, 4), dtype=np.uint8)
    rgba[..., 2] = 100
    rgba[..., 3] = 51  # 20 % opaque
    Image.fromarray(rgba, mode="RGBA").save(tmp_path / "x.png")
    out = I.load_image_folder(tmp_path, size=4).images[0]
    expected = np.round(np.array([0, 0, 100]) * 0.2 + 255 * 0.8)
    np.testing.assert_allclose(out, np.broadcast_to(expected, (4, 4, 3)), atol=1)


def test_different_sizes_crop_and_stretch_agree_with_pillow(messy_folder):
    folder, _, _ = messy_folder
    tall = Image.open(folder / "d_tall.jpg").convert("RGB")
    crop = load_quietly(folder, size=(10, 12), fit="crop")
    stretch = load_quietly(folder, size=(10, 12), fit="stretch")
    assert crop.images.shape == stretch.images.shape == (4, 10, 12, 3)
    i = crop.names.index("d_tall.jpg")
    from PIL import ImageOps

    np.testing.assert_array_equal(crop.images[i], np.asarray(ImageOps.fit(tall, (12, 10), Image.Resampling.LANCZOS)))
    np.testing.assert_array_equal(stretch.images[i], np.asarray(tall.resize((12, 10), Image.Resampling.LANCZOS)))
    assert not np.array_equal(crop.images[i], stretch.images[i])


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path):
    values = np.array([[0, 257, 32896, 65535]], dtype=np.uint16)
    Image.fromarray(values).save(tmp_path / "deep.png")
    out = I.load_image_folder(tmp_path, size=(1, 4), mode="gray", fit="stretch").images[0]
    np.testing.assert_array_equal(out, [[0, 1, 128, 255]])


def test_folder_errors(tmp_path):
    with pytest.raises(ValueError, match="folder"):
        I.load_image_folder(tmp_path / "missing")
    (tmp_path / "only.txt").write_text("x")
    with pytest.raises(ValueError, match="no readable image"), pytest.warns(UserWarning, match="only.txt"):
        I.load_image_folder(tmp_path)
    Image.fromarray(random_rgb(5, 5)).save(tmp_path / "ok.png")
    with pytest.raises(ValueError, match="mode"):
        I.load_image_folder(tmp_path, mode="cmyk")
    with pytest.raises(ValueError, match="fit"):
        I.load_image_folder(tmp_path, fit="pad")
    with pytest.raises(ValueError, match="size"):
        I.load_image_folder(tmp_path, size=0)
    with pytest.raises(TypeError, match="size"):
        I.load_image_folder(tmp_path, size=(3, 2.5))


def test_demo_folder_round_trip(tmp_path):
    names = I.write_demo_folder(tmp_path)
    assert names == sorted(p.name for p in tmp_path.iterdir())
    with pytest.warns(UserWarning):
        found = I.load_image_folder(tmp_path, size=24)
    assert found.images.shape == (6, 24, 24, 3)
    assert sorted(name for name, _ in found.skipped) == ["broken.png", "notes.txt"]
    assert len(set(found.original_sizes)) == 6  # all different sizes
    assert Image.open(tmp_path / "camera_gray.png").mode == "L"
    assert Image.open(tmp_path / "logo_rgba.png").mode == "RGBA"


@pytest.mark.parametrize("name", sorted(I.BUNDLED_PHOTOS))
def test_bundled_photos(name):
    img = I.load_bundled_photo(name)
    assert img.dtype == np.uint8
    assert img.ndim == (2 if name == "camera" else 3)
    if name == "logo":
        assert img.shape[-1] == 4
    elif name != "camera":
        assert img.shape[-1] == 3


def test_bundled_photo_unknown_name():
    with pytest.raises(ValueError, match="name must be one of"):
        I.load_bundled_photo("lena")


def test_cut_patches_matches_slicing():
    img = random_rgb(23, 35)
    patches, corners = I.cut_patches(img, 8)
    assert patches.shape == (2 * 4, 8, 8, 3)
    for patch, (r, c) in zip(patches, corners, strict=True):
        np.testing.assert_array_equal(patch, img[r : r + 8, c : c + 8])
    np.testing.assert_array_equal(corners[:5], [[0, 0], [0, 8], [0, 16], [0, 24], [8, 0]])
    grey, _ = I.cut_patches(img[..., 0], 5)
    assert grey.shape == (4 * 7, 5, 5)
    with pytest.raises(ValueError, match="patch_size"):
        I.cut_patches(img, 24)
    with pytest.raises(TypeError, match="patch_size"):
        I.cut_patches(img, 2.0)


# ------------------------------------------------------------------------------------------------------------------
# Features
# ------------------------------------------------------------------------------------------------------------------


def test_as_float_images_scales_and_checks():
    u8 = np.array([[[0, 255]]], dtype=np.uint8)
    np.testing.assert_array_equal(I.as_float_images(u8), [[[0.0, 1.0]]])
    np.testing.assert_array_equal(I.as_float_images(u8.astype(np.uint16) * 257), [[[0.0, 1.0]]])
    np.testing.assert_array_equal(I.as_float_images(np.array([[[True, False]]])), [[[1.0, 0.0]]])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        I.as_float_images(np.full((1, 2, 2), 16.0))
    with pytest.raises(TypeError, match="dtype int64"):
        I.as_float_images(np.zeros((1, 2, 2), dtype=np.int64))
    with pytest.raises(ValueError, match="NaN"):
        I.as_float_images(np.full((1, 2, 2), np.nan))
    with pytest.raises(ValueError, match="stack of images"):
        I.as_float_images(np.zeros((2, 2)))


def test_pixel_features():
    imgs = np.stack([random_rgb(4, 5, seed=s) for s in range(3)])
    X = I.pixel_features(imgs)
    assert X.shape == (3, 60)
    np.testing.assert_array_equal(X[1], imgs[1].ravel() / 255.0)


@pytest.mark.parametrize("bins", [1, 2, 4, 5, 8, 256])
def test_color_histogram_matches_numpy_histogramdd(bins):
    imgs = np.stack([random_rgb(9, 7, seed=s) for s in range(4)])
    imgs[0, 0, 0] = [255, 0, 128]  # the extremes
    X = I.color_histogram_features(imgs, bins=bins)
    assert X.shape == (4, bins**3)
    edges = [np.arange(bins + 1) * 255 / bins] * 3  # bin j = [j/bins, (j+1)/bins) of v/255; last bin closed
    for img, row in zip(imgs, X, strict=True):
        hist, _ = np.histogramdd(img.reshape(-1, 3).astype(np.float64), bins=edges)
        np.testing.assert_allclose(row, hist.ravel() / img.shape[0] / img.shape[1], rtol=0, atol=1e-15)
    np.testing.assert_allclose(X.sum(axis=1), 1.0)


def test_color_histogram_float_input_and_grey():
    imgs = np.stack([random_rgb(6, 6, seed=s) for s in range(2)])
    floats = imgs / 255.0
    Xf = I.color_histogram_features(floats, bins=4)
    np.testing.assert_array_equal(Xf, I.color_histogram_features(imgs, bins=4))  # bins 4 divide 256 exactly
    grey = imgs[..., 0]
    Xg = I.color_histogram_features(grey, bins=4)
    for img, row in zip(grey, Xg, strict=True):
        hist, _ = np.histogram(img, bins=np.arange(5) * 255 / 4)
        np.testing.assert_allclose(row, hist / img.size)
    np.testing.assert_array_equal(Xg, I.color_histogram_features(grey[..., None], bins=4))


def test_color_histogram_errors():
    with pytest.raises(ValueError, match="alpha"):
        I.color_histogram_features(np.zeros((1, 2, 2, 4), dtype=np.uint8))
    with pytest.raises(ValueError, match="bins"):
        I.color_histogram_features(np.zeros((1, 2, 2, 3), dtype=np.uint8), bins=0)
    with pytest.raises(TypeError, match="bins"):
        I.color_histogram_features(np.zeros((1, 2, 2, 3), dtype=np.uint8), bins=2.0)


def test_hog_matches_skimage():
    from skimage.color import rgb2gray
    from skimage.feature import hog

    imgs = np.stack([random_rgb(16, 24, seed=s) for s in range(3)])
    X = I.hog_features(imgs, pixels_per_cell=(4, 4), cells_per_block=(2, 2))
    for img, row in zip(imgs, X, strict=True):
        expected = hog(rgb2gray(img / 255.0), pixels_per_cell=(4, 4), cells_per_block=(2, 2), block_norm="L2-Hys")
        np.testing.assert_allclose(row, expected, rtol=1e-12)
    grey = I.hog_features(imgs[..., 0], pixels_per_cell=(4, 4), cells_per_block=(2, 2))
    assert grey.shape == X.shape
    with pytest.raises(ValueError, match="smaller than one HOG block"):
        I.hog_features(imgs, pixels_per_cell=(16, 16), cells_per_block=(2, 2))


def test_pca_features_match_sklearn_and_keep_distances():
    from scipy.spatial.distance import pdist
    from sklearn.decomposition import PCA

    X = RNG.normal(size=(30, 6))
    Z = I.pca_features(X, 3)
    np.testing.assert_allclose(Z, PCA(3, svd_solver="full").fit_transform(X))
    full = I.pca_features(X, 6)  # a rotation: distances unchanged
    np.testing.assert_allclose(pdist(full), pdist(X))
    with pytest.raises(ValueError, match="n_components"):
        I.pca_features(X, 7)


# ------------------------------------------------------------------------------------------------------------------
# Scores
# ------------------------------------------------------------------------------------------------------------------


def brute_force_accuracy(y, c):
    """Best one-to-one cluster -> class matching, trying every permutation (the smaller side padded with dummies)."""
    classes, clusters = np.unique(y), np.unique(c)
    m = max(len(classes), len(clusters))
    table = np.zeros((m, m), dtype=int)
    for ci, yi in zip(c, y, strict=True):
        table[np.searchsorted(clusters, ci), np.searchsorted(classes, yi)] += 1
    return max(sum(table[i, p[i]] for i in range(m)) for p in itertools.permutations(range(m))) / len(y)


@pytest.mark.parametrize("seed", range(12))
def test_matched_accuracy_equals_brute_force(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, size=25)
    c = rng.integers(0, [3, 4, 5][seed % 3], size=25)
    acc, mapping = I.matched_accuracy(y, c)
    assert acc == pytest.approx(brute_force_accuracy(y, c), abs=1e-15)
    assert len(set(mapping.values())) == len(mapping)  # one-to-one
    assert sum(np.sum((c == k) & (y == v)) for k, v in mapping.items()) == round(acc * 25)


def test_renamed_clusters_score_perfectly():
    y = np.array([0, 0, 1, 1, 2, 2, 2])
    c = np.array([5, 5, 3, 3, 9, 9, 9])
    assert I.matched_accuracy(y, c) == (1.0, {3: 1, 5: 0, 9: 2})
    assert I.clustering_scores(y, c) == {"ARI": 1.0, "NMI": 1.0, "accuracy": 1.0}


def test_clustering_scores_match_sklearn():
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    y = RNG.integers(0, 5, size=200)
    c = np.where(RNG.random(200) < 0.7, y, RNG.integers(0, 5, size=200))
    s = I.clustering_scores(y, c)
    assert s["ARI"] == adjusted_rand_score(y, c)
    assert s["NMI"] == normalized_mutual_info_score(y, c)
    with pytest.raises(ValueError, match="same non-zero length"):
        I.clustering_scores(y, c[:-1])


# ------------------------------------------------------------------------------------------------------------------
# Colour quantisation
# ------------------------------------------------------------------------------------------------------------------


def test_bits_per_pixel_is_ceil_log2():
    assert I.bits_per_pixel(1) == 0
    for k in range(2, 5000):
        assert I.bits_per_pixel(k) == math.ceil(math.log2(k)), k
    with pytest.raises(ValueError, match="n_colors"):
        I.bits_per_pixel(0)
    with pytest.raises(TypeError, match="n_colors"):
        I.bits_per_pixel(2.0)


def test_storage_bits():
    assert I.storage_bits(128 * 128, 16) == 65_920  # the bird of the Coursera notebook
    assert I.storage_bits(100, 1) == 24  # one colour: no index bits, only the palette
    assert I.storage_bits(100, 17) == 100 * 5 + 17 * 24
    assert I.storage_bits(100, 4, channels=1) == 100 * 2 + 4 * 8
    with pytest.raises(ValueError, match="n_pixels"):
        I.storage_bits(-1, 4)


def test_mse_psnr_match_skimage():
    from skimage.metrics import mean_squared_error, peak_signal_noise_ratio

    a, b = random_rgb(10, 12, seed=1), random_rgb(10, 12, seed=2)
    assert I.mse(a, b) == pytest.approx(mean_squared_error(a, b), rel=1e-15)
    assert I.psnr(a, b) == pytest.approx(peak_signal_noise_ratio(a, b), rel=1e-14)
    assert I.psnr(a / 255, b / 255, data_range=1.0) == pytest.approx(I.psnr(a, b), rel=1e-12)
    assert I.psnr(a, a) == math.inf
    with pytest.raises(ValueError, match="same shape"):
        I.mse(a, b[:5])


def blocks_image(colors, block=6):
    """An image made of len(colors) flat blocks: exactly that many distinct colours."""
    colors = np.asarray(colors, dtype=np.uint8)
    return np.repeat(np.repeat(colors[None], block, axis=0), block, axis=1)


@pytest.mark.parametrize("color_space", ["rgb", "lab"])
def test_quantize_recovers_an_image_with_k_colours_exactly(color_space):
    colors = [[255, 0, 0], [0, 128, 0], [10, 20, 250], [240, 240, 240], [0, 0, 0]]
    img = blocks_image(colors)
    q = I.quantize(img, 5, color_space=color_space)
    np.testing.assert_array_equal(q.image, img)
    assert q.mse == 0 and q.psnr == math.inf
    assert sorted(map(tuple, q.palette)) == sorted(map(tuple, colors))
    np.testing.assert_array_equal(q.counts, np.full(5, 36))


@pytest.mark.parametrize("color_space", ["rgb", "lab"])
def test_quantize_consistency(color_space):
    img = I.load_bundled_photo("chelsea")[::6, ::6]
    q = I.quantize(img, 7, color_space=color_space, sample_size=500, random_state=3)
    h, w, _ = img.shape
    assert q.image.shape == img.shape and q.image.dtype == np.uint8
    assert q.palette.shape == (7, 3) and q.palette.dtype == np.uint8
    np.testing.assert_array_equal(q.image, q.palette[q.labels])  # rebuilt from palette + indices
    assert q.counts.sum() == h * w
    np.testing.assert_array_equal(q.counts, np.bincount(q.labels.ravel(), minlength=7))
    # each pixel takes its nearest stored colour, measured in the colour space (brute force)
    from skimage.color import rgb2lab

    def space(x):
        return x if color_space == "rgb" else rgb2lab(x[None])[0]

    pix = space(img.reshape(-1, 3) / 255.0)
    pal = space(q.palette / 255.0)
    d = ((pix[:, None, :] - pal[None]) ** 2).sum(-1)
    assert np.all(d[np.arange(len(pix)), q.labels.ravel()] <= d.min(axis=1) + 1e-9)
    assert q.mse == pytest.approx(np.mean((img.astype(float) - q.image) ** 2), rel=1e-15)
    assert q.psnr == pytest.approx(10 * np.log10(255**2 / q.mse), rel=1e-15)
    assert q.bits_per_pixel == 3 and q.storage_bits == h * w * 3 + 7 * 24
    assert q.compression == pytest.approx(24 * h * w / q.storage_bits)
    again = I.quantize(img, 7, color_space=color_space, sample_size=500, random_state=3)
    np.testing.assert_array_equal(again.image, q.image)  # deterministic


def test_quantize_more_colours_lowers_the_error():
    img = I.load_bundled_photo("coffee")[::8, ::8]
    errors = [I.quantize(img, k, sample_size=None).mse for k in (1, 2, 4, 16)]
    assert errors == sorted(errors, reverse=True) and errors[-1] < errors[0] / 10
    one = I.quantize(img, 1, sample_size=None)  # K = 1: the mean colour, 0 bits per pixel
    np.testing.assert_array_equal(one.palette[0], np.round(img.reshape(-1, 3).mean(axis=0)))
    assert one.bits_per_pixel == 0 and one.storage_bits == 24


def test_quantize_grey_image():
    grey = I.load_bundled_photo("camera")[::8, ::8]
    q = I.quantize(grey, 4, sample_size=None)
    assert q.image.shape == grey.shape and q.palette.shape == (4, 1)
    assert q.storage_bits == grey.size * 2 + 4 * 8
    with pytest.raises(ValueError, match="lab"):
        I.quantize(grey, 4, color_space="lab")


def test_quantize_errors():
    img = random_rgb(4, 4)
    with pytest.raises(TypeError, match="uint8"):
        I.quantize(img / 255.0, 2)
    with pytest.raises(ValueError, match="alpha"):
        I.quantize(np.zeros((4, 4, 4), dtype=np.uint8), 2)
    with pytest.raises(ValueError, match="color_space"):
        I.quantize(img, 2, color_space="hsv")
    with pytest.raises(ValueError, match="n_colors"):
        I.quantize(img, 17)
    with pytest.raises(ValueError, match="sample_size"):
        I.quantize(random_rgb(20, 20), 2, sample_size=0)
    with pytest.raises(ValueError, match="sample_size"):
        I.quantize(random_rgb(20, 20), 2, sample_size="all")


def test_palette_strip_widths_follow_counts():
    palette = np.array([[0, 0, 0], [255, 255, 255], [255, 0, 0]], dtype=np.uint8)
    strip = I.palette_strip(palette, counts=[1, 2, 1], width=8)
    assert strip.shape == (1, 8, 3)
    np.testing.assert_array_equal(strip[0, :, 0], [255, 255, 255, 255, 0, 0, 255, 255])  # white 50%, black, red
    np.testing.assert_array_equal(strip[0, 4:6], [[0, 0, 0]] * 2)
    equal = I.palette_strip(palette, width=6)
    np.testing.assert_array_equal(equal[0, ::2], palette)


# ------------------------------------------------------------------------------------------------------------------
# Montages
# ------------------------------------------------------------------------------------------------------------------


def test_montage_places_tiles():
    imgs = np.stack([np.full((2, 3), v / 10) for v in range(5)])
    grid = I.montage(imgs, n_cols=2, pad=1, fill=1.0)
    assert grid.shape == (3 * 3 + 1, 2 * 4 + 1)
    for i in range(5):
        r, c = divmod(i, 2)
        np.testing.assert_array_equal(grid[1 + 3 * r : 3 + 3 * r, 1 + 4 * c : 4 + 4 * c], imgs[i])
    assert (grid[7:9, 5:8] == 1.0).all()  # empty sixth cell
    assert I.montage(np.zeros((5, 2, 2, 3), dtype=np.uint8)).shape == (2 * 3 + 1, 3 * 3 + 1, 3)  # 3 columns
    with pytest.raises(ValueError, match="n_cols"):
        I.montage(imgs, n_cols=0)


def test_plot_cluster_montage_rows_hold_centroid_then_members():
    imgs = np.stack([np.full((2, 2), v / 20) for v in range(20)])
    labels = np.arange(20) % 3
    centers = np.stack([imgs[labels == j].mean(axis=0) for j in range(3)])
    fig, ax = plt.subplots()
    artist = I.plot_cluster_montage(ax, imgs, labels, centers=centers.reshape(3, -1), n_per_cluster=4)
    grid = artist.get_array()
    assert grid.shape == (3 * 3 + 1, 6 * 3 + 1)
    for j in range(3):
        row = grid[1 + 3 * j : 3 + 3 * j]
        np.testing.assert_allclose(row[:, 1:3], centers[j])
        for t in range(2, 6):
            value = row[0, 1 + 3 * t]
            assert np.isclose(value * 20, np.round(value * 20)) and int(round(value * 20)) % 3 == j
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0 (7)", "1 (7)", "2 (6)"]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    artist = I.plot_cluster_montage(ax, imgs, labels, n_per_cluster=10)  # no centres: members only
    assert artist.get_array().shape == (3 * 3 + 1, 10 * 3 + 1)
    with pytest.raises(ValueError, match="labels"):
        I.plot_cluster_montage(ax, imgs, labels[:-1])
    with pytest.raises(ValueError, match="non-negative"):
        I.plot_cluster_montage(ax, imgs, labels - 1)
    plt.close(fig)


def test_montage_padding_is_white_in_reversed_grey():
    imgs = np.full((3, 2, 2), 0.5)
    fig, ax = plt.subplots()
    grid = I.plot_cluster_montage(ax, imgs, np.array([0, 0, 1]), n_per_cluster=2, cmap="gray_r").get_array()
    assert grid[0, 0] == 0.0 and grid[4, 4] == 0.0  # border and the empty cell: 0 is white in gray_r
    grid = I.plot_centroid_images(ax, imgs.reshape(3, -1), (2, 2), cmap="gray_r").get_array()
    assert grid[0, 0] == 0.0
    grid = I.plot_cluster_montage(ax, imgs, np.array([0, 0, 1]), n_per_cluster=2).get_array()
    assert grid[0, 0] == 1.0 and grid[4, 4] == 1.0
    plt.close(fig)


def test_plot_centroid_images():
    centers = RNG.random((4, 6))
    fig, ax = plt.subplots()
    artist = I.plot_centroid_images(ax, centers, (2, 3))
    grid = artist.get_array()
    assert grid.shape == (3 + 1, 4 * 4 + 1)
    np.testing.assert_allclose(grid[1:3, 5:8], centers[1].reshape(2, 3))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2", "3"]
    with pytest.raises(ValueError, match="centers"):
        I.plot_centroid_images(ax, centers, (3, 3))
    plt.close(fig)
