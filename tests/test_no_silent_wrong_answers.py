"""Issue 14: no quietly wrong number, no unclear error (families 2 to 9; family 1 is in
test_readonly_no_compile.py and the table-driven sweep in test_bad_input_sweep.py)."""

import re
import warnings

import numpy as np
import pytest
import scipy.cluster.vq as scipy_vq

from kmeans_edu import KMeans, assign_labels, init_centroids, kmeans_plusplus, lloyd, objective, sse, update_centers
from kmeans_edu import vq as kvq
from kmeans_edu.choosing_k import calinski_harabasz_sweep, k_report, silhouette_sweep, sse_sweep
from kmeans_edu.images import (
    cut_patches,
    hog_features,
    load_image_folder,
    montage,
    mse,
    palette_strip,
    pca_features,
    psnr,
    storage_bits,
)

RNG = np.random.RandomState(0)
X2 = RNG.randn(40, 2)
C2 = X2[:4].copy()


# ---- family 2: data far from the origin ------------------------------------------------------


@pytest.mark.parametrize("shift", [1e8, -3e9, 1e12])
def test_assign_labels_invariant_to_translation(shift):
    labels, dist = assign_labels(X2, C2)
    moved, moved_dist = assign_labels(X2 + shift, C2 + shift)
    np.testing.assert_array_equal(moved, labels)
    np.testing.assert_allclose(moved_dist, dist, atol=1e-3 * abs(shift) * 1e-8 + 1e-4)


@pytest.mark.parametrize("shift", [1e8, -3e9])
def test_predict_and_score_invariant_to_translation(shift):
    km = KMeans(4, n_init=1, random_state=0).fit(X2 + shift)
    np.testing.assert_array_equal(km.predict(X2 + shift), km.labels_)  # was: predict(X) != labels_
    ref = KMeans(4, n_init=1, random_state=0).fit(X2)
    np.testing.assert_array_equal(km.labels_, ref.labels_)
    moved = KMeans(4, init=ref.cluster_centers_ + shift, n_init=1).fit(X2 + shift)
    np.testing.assert_array_equal(moved.predict(X2 + shift), ref.predict(X2))
    assert moved.score(X2 + shift) == pytest.approx(ref.score(X2), rel=1e-5)


# ---- family 3: overflow and underflow ---------------------------------------------------------
# Extreme values are divided by a power of two (exact), clustered, and the results multiplied back:
# the answer on X * 2**j is exactly the answer on X, scaled; only a result that no float can hold
# (the SSE of data near 1e200) is a clear ValueError.


def _scaled(a, j, dtype):
    return np.ldexp(np.asarray(a, dtype=np.float64), j).astype(dtype)


@pytest.mark.parametrize(
    ("j", "dtype"),
    [(505, np.float64), (-500, np.float64), (-560, np.float64), (-900, np.float64)]
    + [(64, np.float32), (-80, np.float32)],
    ids=["1e152", "1e-151", "1e-169", "1e-271", "f32-1e19", "f32-1e-24"],
)
def test_extreme_values_give_the_scaled_answer(j, dtype):
    X = X2.astype(dtype)
    big = np.ldexp(X, j).astype(dtype)
    ref = KMeans(3, n_init=1, random_state=0).fit(X)
    km = KMeans(3, n_init=1, random_state=0).fit(big)
    np.testing.assert_array_equal(km.labels_, ref.labels_)
    np.testing.assert_array_equal(km.cluster_centers_, _scaled(ref.cluster_centers_, j, dtype))
    assert km.inertia_ == np.ldexp(ref.inertia_, 2 * j)  # 0.0 where even the smallest float is too large
    assert np.isfinite(km.transform(big)).all() and np.isfinite(km.score(big))
    np.testing.assert_array_equal(km.predict(big), ref.predict(X))
    C = X[:3]
    labels, dist = assign_labels(big, _scaled(C, j, dtype))
    ref_labels, ref_dist = assign_labels(X, C)
    np.testing.assert_array_equal(labels, ref_labels)
    np.testing.assert_array_equal(dist, _scaled(ref_dist, j, dtype))
    result, ref_result = lloyd(big, _scaled(C, j, dtype)), lloyd(X, C)
    np.testing.assert_array_equal(result.centers, _scaled(ref_result.centers, j, dtype))
    assert result.inertia == np.ldexp(ref_result.inertia, 2 * j)
    np.testing.assert_array_equal(
        update_centers(big, ref_labels, _scaled(C, j, dtype))[0], _scaled(update_centers(X, ref_labels, C)[0], j, dtype)
    )
    assert sse(big, ref_labels, _scaled(C, j, dtype)) == np.ldexp(sse(X, ref_labels, C), 2 * j)
    np.testing.assert_array_equal(kmeans_plusplus(big, 3, random_state=1)[1], kmeans_plusplus(X, 3, random_state=1)[1])
    codes, vq_dist = kvq.vq(big, _scaled(C, j, dtype))
    np.testing.assert_array_equal(codes, kvq.vq(X, C)[0])
    np.testing.assert_array_equal(vq_dist, _scaled(kvq.vq(X, C)[1], j, dtype))
    book, _ = kvq.kmeans2(big, 3, minit="++", rng=0)
    np.testing.assert_array_equal(book, _scaled(kvq.kmeans2(X, 3, minit="++", rng=0)[0], j, dtype))
    book, distortion = kvq.kmeans(big, 3, rng=0, thresh=float(np.ldexp(1e-5, j)))
    ref_book, ref_distortion = kvq.kmeans(X, 3, rng=0)
    np.testing.assert_array_equal(book, _scaled(ref_book, j, dtype))
    assert distortion == _scaled(ref_distortion, j, dtype)


def test_an_sse_beyond_the_float_range_is_a_clear_error():
    big = np.ldexp(X2, 665)  # about 1e200: the centres and distances exist, the SSE (1e400) does not
    for call in (lambda: KMeans(3, n_init=1).fit(big), lambda: lloyd(big, big[:3]), lambda: sse(big, LABELS, big[:3])):
        with pytest.raises(ValueError, match="X has values too large") as info:
            call()
        assert "NaN" not in str(info.value)  # never "contains NaN or infinity" about finite data
    # what can be represented is returned, and right
    labels, dist = assign_labels(big, big[:3])
    np.testing.assert_array_equal(labels, assign_labels(X2, X2[:3])[0])
    np.testing.assert_array_equal(dist, np.ldexp(assign_labels(X2, X2[:3])[1], 665))
    book, distortion = kvq.kmeans(big, 3, rng=0, thresh=float(np.ldexp(1e-5, 665)))
    assert np.isfinite(distortion) and distortion == np.ldexp(kvq.kmeans(X2, 3, rng=0)[1], 665)


LABELS = np.arange(40) % 3


def test_whiten_is_exact_at_any_scale():
    X = RNG.rand(10, 3)
    expected = kvq.whiten(X)
    for exponent in (600, -600, 1000, -1000):  # |x| up to 1e301 and down to 1e-301
        np.testing.assert_array_equal(kvq.whiten(np.ldexp(X, exponent)), expected)


def test_subnormal_or_huge_weights_raise_a_clear_error():
    X = RNG.rand(6, 2)
    with pytest.raises(ValueError, match="sample_weight is too small"):
        KMeans(2, n_init=1).fit(X, sample_weight=np.full(6, 1e-320))
    with pytest.raises(ValueError, match="sample_weight is too large"):
        KMeans(2, n_init=1).fit(X, sample_weight=np.full(6, 1e308))
    one_tiny = np.array([[0.0], [1.0], [10.0]])
    with pytest.raises(ValueError, match="sample_weight has values too small"):  # was an infinite centre
        lloyd(one_tiny, one_tiny, sample_weight=[1.0, 1.0, 5e-324])
    with pytest.raises(ValueError, match="sample_weight has values too small for float32"):
        lloyd(one_tiny.astype(np.float32), one_tiny, sample_weight=[1.0, 1.0, 1e-40])


def test_normal_range_is_untouched():
    """Values up to 1e150 and down to 1e-140 are still clustered, and correctly (labels are scale-free)."""
    ref = KMeans(3, n_init=1, random_state=0).fit(X2).labels_
    for scale in (1e150, 1e-140):
        np.testing.assert_array_equal(KMeans(3, n_init=1, random_state=0).fit(X2 * scale).labels_, ref)


# ---- family 4: complex input ------------------------------------------------------------------


def test_complex_input_is_rejected_everywhere():
    Z = X2 + 1j
    C = C2 + 0j
    calls = {
        "lloyd": lambda: lloyd(Z, C),
        "assign_labels": lambda: assign_labels(Z, C2),
        "assign_labels centers": lambda: assign_labels(X2, C),
        "update_centers": lambda: update_centers(Z, np.zeros(40, int), C2),
        "sse": lambda: sse(Z, np.zeros(40, int), C2),
        "kmeans_plusplus": lambda: kmeans_plusplus(Z, 2),
        "init_centroids": lambda: init_centroids(Z, 2, "random", 0),
        "vq.vq": lambda: kvq.vq(Z, C2),
        "vq.kmeans": lambda: kvq.kmeans(Z, 2),
        "vq.kmeans2": lambda: kvq.kmeans2(Z, 2),
        "vq.whiten": lambda: kvq.whiten(Z),
        "sse_sweep": lambda: sse_sweep(Z, [1, 2], n_init=1),
        "pca_features": lambda: pca_features(Z, 1),
        "sample_weight": lambda: KMeans(2, n_init=1).fit(X2, sample_weight=np.ones(40) + 1j),
    }
    for name, call in calls.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # numpy's ComplexWarning (silent truncation) would fail here
            with pytest.raises(TypeError, match="complex"):
                call()
            assert True, name


# ---- family 5: cosine with an all-zero row or centre ------------------------------------------


def test_cosine_objective_and_transform_reject_zero_rows():
    X = X2.copy()
    X[3] = 0
    labels = np.zeros(40, dtype=int)
    with pytest.raises(ValueError, match="all-zero row"):
        objective(X, labels, C2[:1], metric="cosine")
    with pytest.raises(ValueError, match="centers has an all-zero row"):
        objective(X2, labels, np.zeros((1, 2)), metric="cosine")
    km = KMeans(2, n_init=1, random_state=0, metric="cosine").fit(X2)
    with pytest.raises(ValueError, match="all-zero row"):
        km.transform(X)


# ---- family 6: vq's exact ties ---------------------------------------------------------------


def test_vq_exact_ties_go_to_the_lowest_code_like_scipy():
    X = np.array([[-2.5, 0.625], [0.875, -0.75], [2.25, -1.5], [0.0, -0.125], [1.5, 1.5]])
    code_book = np.array([[-3.625, 2.0], [-1.375, -0.75], [-5.875, 4.75]])  # rows 0 and 1 equidistant from X[0]
    codes, dist = kvq.vq(X, code_book)
    ref_codes, ref_dist = scipy_vq.vq(X, code_book)
    assert codes[0] == 0
    np.testing.assert_array_equal(codes, ref_codes)
    np.testing.assert_array_equal(dist, ref_dist)


def test_vq_matches_scipy_on_many_ties():
    rng = np.random.RandomState(3)
    for _ in range(200):
        d = rng.randint(1, 4)
        X = np.round(rng.randn(5, d) * 8) / 8
        delta = np.round(rng.randn(d) * 8) / 8
        code_book = np.stack([X[0] + delta, X[0] - delta, X[0] + 3 * delta])
        np.testing.assert_array_equal(kvq.vq(X, code_book)[0], scipy_vq.vq(X, code_book)[0])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_vq_short_rows_are_scipys_bit_for_bit(dtype):
    """Up to 4 features SciPy's vq uses its direct loop; so does vq here: the same codes and distances."""
    rng = np.random.RandomState(5)
    for d in (1, 2, 3, 4):
        X = rng.randn(3000, d).astype(dtype)
        code_book = X[:12].copy()
        codes, dist = kvq.vq(X, code_book)
        ref_codes, ref_dist = scipy_vq.vq(X, code_book)
        np.testing.assert_array_equal(codes, ref_codes)
        np.testing.assert_array_equal(dist, ref_dist)


# ---- family 7: kmeans2 ----------------------------------------------------------------------


def test_kmeans2_nan_initial_centroids_raise_even_without_check_finite():
    book = C2[:2].copy()
    book[1, 0] = np.nan
    with pytest.raises(ValueError, match="k"):
        kvq.kmeans2(X2, book, minit="matrix", check_finite=False)


@pytest.mark.parametrize("minit", ["++", "random", "points"])
def test_kmeans2_rejects_k_above_n(minit):
    with pytest.raises(ValueError, match="larger than the number of observations"):
        kvq.kmeans2(X2[:10], 1000, minit=minit, rng=0)  # 10**6 with '++' ran for minutes


def test_kmeans2_rejects_more_initial_centroids_than_observations():
    with pytest.raises(ValueError, match="initial centroids"):
        kvq.kmeans2(X2[:3], X2[:5], minit="matrix")


def test_kmeans2_random_with_one_observation_says_why():
    with pytest.raises(ValueError, match="at least 2 observations") as info:
        kvq.kmeans2(X2[:1], 1, minit="random", rng=0)
    assert "NaN" not in str(info.value)


# ---- family 8: unclear errors become clear ---------------------------------------------------


def test_init_centroids_validates_its_arguments():
    X = X2[:10]
    with pytest.raises(ValueError, match="n_clusters"):
        init_centroids(X, 11, "random", 0)
    with pytest.raises(ValueError, match="n_clusters"):
        init_centroids(X, 0, "random", 0)
    with pytest.raises(ValueError, match="sample_weight"):
        init_centroids(X, 2, "k-means++", 0, np.ones(3))
    with pytest.raises(ValueError, match="init"):
        init_centroids(X, 2, "kmeans++", 0)
    # an int random_state and a list X now work, and give the same as the RandomState they stand for
    a = init_centroids(X.tolist(), 3, "k-means++", 5)
    b = init_centroids(X, 3, "k-means++", np.random.RandomState(5), np.ones(10))
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, kmeans_plusplus(X, 3, random_state=5)[0])


def test_lloyd_tol_and_stop_when_errors_name_the_argument():
    with pytest.raises(ValueError, match="tol must be a number"):
        lloyd(X2, C2, tol="1e-4")
    with pytest.raises(TypeError, match="stop_when"):
        lloyd(X2, C2, stop_when=None)


RAGGED = [[1.0, 2.0], [3.0]]


def test_ragged_lists_name_the_argument():
    km = KMeans(1, n_init=1).fit([[0.0, 0.0], [1.0, 1.0]])
    calls = {
        "X": [lambda: KMeans(1).fit(RAGGED), lambda: km.predict(RAGGED), lambda: lloyd(RAGGED, [[0.0, 0.0]])],
        "obs": [lambda: kvq.vq(RAGGED, [[0.0, 0.0]]), lambda: kvq.kmeans(RAGGED, 1), lambda: kvq.whiten(RAGGED)],
        "data": [lambda: kvq.kmeans2(RAGGED, 1)],
        "code_book": [lambda: kvq.vq([[0.0, 0.0]], RAGGED)],
    }
    for name, funcs in calls.items():
        for call in funcs:
            with pytest.raises(ValueError, match=rf"^{name} must be a rectangular array"):
                call()


def test_float32_data_with_float64_weights_are_checked_before_the_cast():
    X = X2.astype(np.float32)
    with pytest.raises(ValueError, match="sample_weight is too large for float32") as info:
        KMeans(2, n_init=1).fit(X, sample_weight=np.full(40, 1e300))
    assert "infinity" not in str(info.value)
    with pytest.raises(ValueError, match="sample_weight is too small") as info:
        KMeans(2, n_init=1).fit(X, sample_weight=np.full(40, 1e-50))
    assert "all weights are zero" not in str(info.value)


@pytest.mark.parametrize("sweep", [silhouette_sweep, calinski_harabasz_sweep])
def test_score_sweeps_on_identical_points_say_why(sweep):
    X = np.ones((20, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # KMeans' own ConvergenceWarning about duplicate points
        with pytest.raises(ValueError, match="distinct points"):
            sweep(X, [2, 3], n_init=1)
        with pytest.raises(ValueError, match="distinct points"):
            k_report(X, [1, 2], n_init=1)


def test_image_helpers_reject_bad_sizes_counts_and_ranges():
    image = np.zeros((16, 16, 3), dtype=np.uint8)
    stack = np.zeros((2, 16, 16), dtype=np.uint8)
    cases = [
        (lambda: cut_patches(image, 0), "patch_size"),
        (lambda: cut_patches(image, -4), "patch_size"),
        (lambda: cut_patches(np.zeros((0, 0)), 2), "image is empty"),
        (lambda: hog_features(stack, orientations=0), "orientations"),
        (lambda: hog_features(stack, pixels_per_cell=(0, 4)), "pixels_per_cell"),
        (lambda: hog_features(stack, cells_per_block=3), "cells_per_block"),
        (lambda: montage(stack, pad=-1), "pad"),
        (lambda: montage(stack, fill=7), "fill"),
        (lambda: montage(np.zeros((2, 0, 4)), 1), "images is empty"),
        (lambda: palette_strip(np.zeros((0, 3))), "palette"),
        (lambda: palette_strip(np.zeros((2, 3)), width=0), "width"),
        (lambda: palette_strip(np.zeros((2, 3)), counts=[1, 2, 3]), "counts"),
        (lambda: palette_strip(np.zeros((2, 3)), counts=[0, 0]), "counts"),
        (lambda: storage_bits(100, 4, channels=0), "channels"),
        (lambda: storage_bits(100, 4, bits_per_channel=-8), "bits_per_channel"),
        (lambda: psnr(image, image, data_range=0), "data_range"),
        (lambda: psnr(image, image, data_range=-1.0), "data_range"),
        (lambda: mse(np.zeros(0), np.zeros(0)), "original is empty"),
        (lambda: mse(image, image + 0j), "reconstructed"),
    ]
    for call, name in cases:
        with pytest.raises((ValueError, TypeError), match=re.escape(name)):
            call()


def test_apps_reject_bad_arguments_by_name_and_never_clamp():
    from kmeans_edu.widgets.elbow import ElbowApp
    from kmeans_edu.widgets.kmeanspp import KMeansPlusPlusApp
    from kmeans_edu.widgets.lloyd_stepper import LloydStepper
    from kmeans_edu.widgets.metrics_demo import MetricsApp
    from kmeans_edu.widgets.quantize import QuantizeApp
    from kmeans_edu.widgets.vq_compare import VQCompareApp
    from kmeans_edu.widgets.weaknesses import LocalOptimaApp, NonConvexApp, OutlierApp

    cases = [
        (lambda: LloydStepper(X2, init="kmeans++"), "init"),  # was traitlets' "Invalid selection"
        (lambda: LloydStepper(X2, n_clusters=50), "n_clusters"),  # was clamped to 8
        (lambda: LloydStepper(X2, seed=99), "seed"),
        (lambda: LloydStepper(X2[:5], max_clusters=8), "max_clusters"),
        (lambda: KMeansPlusPlusApp(X2, n_clusters=20), "n_clusters"),
        (lambda: KMeansPlusPlusApp(X2, seed=-1), "seed"),
        (lambda: MetricsApp(metric="cosine distance"), "metric"),
        (lambda: MetricsApp(k=10), "k"),
        (lambda: VQCompareApp(dataset="moons"), "dataset"),
        (lambda: VQCompareApp(k=12), "k"),
        (lambda: ElbowApp(centers=9), "centers"),
        (lambda: ElbowApp(n_samples=5, ks=range(1, 11)), "ks"),
        (lambda: QuantizeApp(np.zeros((4, 4, 3), np.uint8), k=3, k_max=64), "k_max"),
        (lambda: QuantizeApp(np.zeros((8, 8, 3), np.uint8), color_space="hsv"), "color_space"),
        (lambda: LocalOptimaApp(X2[:3], 5), "n_clusters"),
        (lambda: OutlierApp(n_outliers=100), "n_outliers"),
        (lambda: OutlierApp(distance=-1.0), "distance"),
        (lambda: NonConvexApp(shape="spirals"), "shape"),
    ]
    for call, name in cases:
        with pytest.raises((ValueError, TypeError), match=rf"^{name} must"):
            call()


@pytest.mark.parametrize("app", ["LloydStepper", "KMeansPlusPlusApp"])
def test_app_k_slider_never_exceeds_the_number_of_points(app):
    import kmeans_edu.widgets.kmeanspp as kpp
    import kmeans_edu.widgets.lloyd_stepper as ls

    cls = ls.LloydStepper if app == "LloydStepper" else kpp.KMeansPlusPlusApp
    built = cls(X2[:5], n_clusters=3)
    assert built.controls["k"].max == 5
    assert cls(X2, n_clusters=3).controls["k"].max == 8  # the default top, where there are enough points


# ---- family 9: images --------------------------------------------------------------------------


def test_float_tiff_in_unit_range_is_not_black(tmp_path):
    from PIL import Image

    grey = np.linspace(0, 1, 64 * 64, dtype=np.float32).reshape(64, 64)
    Image.fromarray(grey, mode="F").save(tmp_path / "float.tif")
    loaded = load_image_folder(tmp_path, size=64, mode="gray").images[0]
    np.testing.assert_array_equal(loaded, np.round(grey.astype(np.float64) * 255).astype(np.uint8))


def test_int32_tiff_keeps_its_grey_levels(tmp_path):
    from PIL import Image

    grey = np.linspace(0, 2**31 - 1, 64 * 64).astype(np.int32).reshape(64, 64)
    Image.fromarray(grey, mode="I").save(tmp_path / "int32.tif")
    with pytest.warns(UserWarning, match="own minimum and maximum"):
        loaded = load_image_folder(tmp_path, size=64, mode="gray").images[0]
    assert np.unique(loaded).size == 256  # was 4 grey levels (clipped)
    assert loaded.min() == 0 and loaded.max() == 255


def test_empty_folder_name_is_rejected():
    with pytest.raises(ValueError, match="empty string"):
        load_image_folder("")


def test_huge_image_is_not_decoded(tmp_path):
    from PIL import Image

    Image.new("L", (9000, 9000)).save(tmp_path / "bomb.png")  # 81 megapixels, a few KB on disk
    Image.new("RGB", (20, 20), (200, 10, 10)).save(tmp_path / "small.png")
    with pytest.warns(UserWarning, match="max_pixels"):
        found = load_image_folder(tmp_path, size=16)
    assert found.names == ["small.png"]
    assert found.skipped[0][0] == "bomb.png" and "max_pixels" in found.skipped[0][1]


def test_large_jpeg_is_decoded_at_reduced_scale(tmp_path):
    from PIL import Image

    rgb = np.zeros((400, 600, 3), dtype=np.uint8)
    rgb[:, 300:] = (0, 0, 255)
    Image.fromarray(rgb).save(tmp_path / "wide.jpg", quality=95)
    found = load_image_folder(tmp_path, size=32, fit="stretch", max_pixels=50_000)
    assert found.original_sizes == [(400, 600)]  # the file's size, not the reduced one
    image = found.images[0].astype(int)
    assert image[:, :12, 2].max() < 40 and image[:, -12:, 2].min() > 200
