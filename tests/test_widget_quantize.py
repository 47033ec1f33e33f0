"""QuantizeApp driven from Python: state, artists, cache and update time."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from kmeans_edu.images import load_bundled_photo, palette_strip, quantize  # noqa: E402
from kmeans_edu.widgets.quantize import QuantizeApp  # noqa: E402

SAMPLE = 2000


@pytest.fixture(scope="module")
def image():
    return load_bundled_photo("china")[::4, ::4]  # 107 x 160


@pytest.fixture
def app(image):
    app = QuantizeApp(image, k=4, k_max=32, sample_size=SAMPLE, random_state=0)
    yield app
    plt.close(app.fig)


def expected(image, k, space):
    return quantize(image, k, color_space=space, sample_size=SAMPLE, random_state=0)


def test_initial_state_and_artists(app, image):
    ref = expected(image, 4, "rgb")
    assert app.state["k"] == 4 and app.state["color_space"] == "rgb"
    np.testing.assert_array_equal(app.artists["quantized"].get_array(), ref.image)
    np.testing.assert_array_equal(app.artists["palette"].get_array(), palette_strip(ref.palette, ref.counts))
    xs, ys = app.artists["curve_rgb"].get_data()
    assert list(xs) == [4] and list(ys) == [ref.psnr]
    assert len(app.artists["curve_lab"].get_data()[0]) == 0
    assert f"{ref.storage_bits:,} bits" in app.readout.value
    assert app.artists["title"].get_text() == f"K = 4, RGB: 2 bits/px, {ref.psnr:.2f} dB"


def test_slider_fits_new_k_then_uses_the_cache(app, image):
    app.controls["k"].value = 8
    ref = expected(image, 8, "rgb")
    result = app.state["result"]
    assert app.state["k"] == 8 and result.n_colors == 8 and app.state["fit_seconds"] > 0
    np.testing.assert_array_equal(app.artists["quantized"].get_array(), ref.image)
    assert app.artists["palette"].get_array().shape == (1, 256, 3)  # same shape whatever K
    assert list(app.artists["curve_rgb"].get_data()[0]) == [4, 8]
    assert list(app.artists["current"].get_data()[1]) == [ref.psnr]
    assert ref.bits_per_pixel == 3 and f"x {ref.bits_per_pixel} bits" in app.readout.value

    first = app.cache["rgb", 4]
    app.controls["k"].value = 4  # back: no new fit
    assert app.state["fit_seconds"] == 0.0 and app.state["result"] is first
    np.testing.assert_array_equal(app.artists["quantized"].get_array(), first.image)
    assert sorted(app.cache) == [("rgb", 4), ("rgb", 8)]


def test_color_space_switch(app, image):
    app.controls["color_space"].value = "lab"
    ref = expected(image, 4, "lab")
    assert app.state["color_space"] == "lab"
    np.testing.assert_array_equal(app.artists["quantized"].get_array(), ref.image)
    assert list(app.artists["curve_lab"].get_data()[1]) == [ref.psnr]
    assert list(app.artists["curve_rgb"].get_data()[0]) == [4]  # the RGB curve stays
    assert "CIELAB" in app.readout.value


def test_cached_updates_do_not_refit_and_are_fast(monkeypatch):

    import kmeans_edu.widgets.quantize as module

    notebook_image = load_bundled_photo("china")[::2, ::2]  # the notebook's size: 214 x 320
    app = QuantizeApp(notebook_image, k=4, k_max=64, sample_size=SAMPLE)
    for k in (2, 3):  # fit each K once
        app.controls["k"].value = k

    def no_fit(*args, **kwargs):
        raise AssertionError("a K already fitted must come from the cache")

    monkeypatch.setattr(module, "quantize", no_fit)
    for k in (2, 3, 4) * 3:
        app.controls["k"].value = k
    assert app.state["k"] == 4 and len(app.cache) == 3
    # Timing is measured by benchmarks/widget_timings.py, not asserted in unit tests.
    plt.close(app.fig)


def test_bad_arguments(image):
    with pytest.raises(ValueError, match="image"):
        QuantizeApp(image[..., :2])
    with pytest.raises(ValueError, match="image"):
        QuantizeApp(image / 255.0)
    with pytest.raises(ValueError, match="k must be"):
        QuantizeApp(image, k=0)
    with pytest.raises(ValueError, match="color_space"):
        QuantizeApp(image, color_space="hsv")
