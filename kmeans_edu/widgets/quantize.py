"""Colour quantisation explorer: a K slider and a colour-space switch over one photo.

Shows the original, the image rebuilt from K colours, its palette (each colour as wide as its share of the
pixels) and PSNR against K for every K fitted so far, with the storage arithmetic in a readout.
"""

import time

import ipywidgets as widgets
import numpy as np

from ..images import palette_strip, quantize
from ._common import App, canvas_widget, check_choice, check_int, new_figure

COLOR_SPACES = {"rgb": "RGB", "lab": "CIELAB"}
_STYLES = {"rgb": dict(color="tab:blue", marker="o"), "lab": dict(color="tab:orange", marker="s")}


class QuantizeApp(App):
    """Colour quantisation of ``image`` with a palette of K colours fitted by k-means.

    Each (colour space, K) pair is fitted once, on ``sample_size`` pixels drawn with a fixed seed, the first
    time it is shown, then cached: moving the slider back to a K already seen only redraws.

    Parameters
    ----------
    image : ndarray of shape (height, width, 3), uint8
    k : int, default=16
        Initial palette size.
    k_max : int, default=64
        Largest K on the slider.
    color_space : {'rgb', 'lab'}, default='rgb'
        Initial colour space in which k-means measures distances.
    sample_size : int, default=10000
        Pixels used to fit each palette (every pixel is then assigned to it).
    random_state : int, default=0
    figsize : (float, float), default=(8, 5.5)
        Figure size in inches. Every redraw renders and (with ipympl) PNG-encodes the whole figure,
        so a bigger figure makes each update slower.

    Attributes
    ----------
    controls : dict
        ``'k'`` (IntSlider) and ``'color_space'`` (ToggleButtons).
    artists : dict
        ``'quantized'`` and ``'palette'`` (AxesImage), ``'curve_rgb'``/``'curve_lab'`` (PSNR vs K lines),
        ``'current'`` (marker of the shown K), ``'title'`` (title of the rebuilt image).
    state : dict
        ``k``, ``color_space``, ``result`` (the :class:`~kmeans_edu.images.QuantizedImage` shown), and
        ``fit_seconds`` (time of the last new fit, 0 when the result came from the cache).
    cache : dict
        ``(color_space, k) -> QuantizedImage``.
    """

    def __init__(
        self, image, *, k=16, k_max=64, color_space="rgb", sample_size=10_000, random_state=0, figsize=(8, 5.5)
    ):
        super().__init__()
        image = np.asarray(image)
        if image.ndim != 3 or image.shape[-1] != 3 or image.dtype != np.uint8:
            raise ValueError(f"image must be a uint8 RGB array of shape (height, width, 3); got {image.shape}.")
        if image.shape[0] * image.shape[1] == 0:
            raise ValueError(f"image is empty (shape {image.shape}).")
        # the K slider never offers more colours than the image has pixels
        k_max = check_int(k_max, "k_max", 1, image.shape[0] * image.shape[1])
        k = check_int(k, "k", 1, k_max)
        check_choice(color_space, "color_space", COLOR_SPACES)
        sample_size = check_int(sample_size, "sample_size", 1)
        self.image = image
        self.sample_size = sample_size
        self.random_state = random_state
        self.cache = {}

        self.controls = {
            "k": widgets.IntSlider(value=k, min=1, max=k_max, description="K colours", continuous_update=False),
            "color_space": widgets.ToggleButtons(
                options=[(label, key) for key, label in COLOR_SPACES.items()],
                value=color_space,
                description="space",
            ),
        }
        self.readout = widgets.HTML()

        self.fig, axes = new_figure(2, 2, figsize=figsize, gridspec_kw=dict(height_ratios=[3, 2]))
        (ax_orig, ax_quant), (ax_pal, ax_psnr) = axes
        ax_orig.imshow(image)
        ax_orig.set_title(f"Original: 24 bits per pixel, {image.shape[0]} x {image.shape[1]}")
        first = self._result(color_space, k)
        self.artists["quantized"] = ax_quant.imshow(first.image)
        self.artists["title"] = ax_quant.set_title("")
        for ax in (ax_orig, ax_quant):  # no tick labels: text is what costs most in a redraw
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_xlabel(f"x ({image.shape[1]} pixels)")
            ax.set_ylabel(f"y ({image.shape[0]} pixels)")
        self.artists["palette"] = ax_pal.imshow(
            palette_strip(first.palette, first.counts), aspect="auto", interpolation="nearest"
        )
        ax_pal.set_yticks([])
        ax_pal.set_xticks([-0.5, 127.5, 255.5], ["0%", "50%", "100%"])
        ax_pal.set_xlabel("share of the pixels (most used colour first)")
        ax_pal.set_title("Palette")
        for key, label in COLOR_SPACES.items():
            (self.artists[f"curve_{key}"],) = ax_psnr.plot([], [], label=label, **_STYLES[key])
        (self.artists["current"],) = ax_psnr.plot([], [], "k*", markersize=14, label="shown")
        ax_psnr.set_xscale("log", base=2)
        ax_psnr.set_xlim(0.8, k_max * 1.25)
        ticks = [2**i for i in range(k_max.bit_length()) if 2**i <= k_max]
        ax_psnr.set_xticks(ticks, [str(t) for t in ticks])
        ax_psnr.minorticks_off()
        ax_psnr.set_xlabel("K (palette size, log scale)")
        ax_psnr.set_ylabel("PSNR in RGB (dB)")
        ax_psnr.set_title("PSNR vs K (the K values fitted so far)")
        ax_psnr.grid(True, alpha=0.3)
        ax_psnr.legend(loc="lower right")
        self.ax_psnr = ax_psnr
        self.fig.tight_layout()

        handler = self._timed(self._on_change)
        for control in self.controls.values():
            control.observe(handler, names="value")
        self._on_change(None)
        self.fig.canvas.draw_idle()
        controls = widgets.HBox([self.controls["k"], self.controls["color_space"]])
        self._finish(widgets.VBox([controls, self.readout, canvas_widget(self.fig)]))

    def _result(self, color_space, k):
        """The quantisation for (color_space, k): fitted on first use, then taken from the cache."""
        key = (color_space, k)
        self.state["fit_seconds"] = 0.0
        if key not in self.cache:
            start = time.perf_counter()
            self.cache[key] = quantize(
                self.image, k, color_space=color_space, sample_size=self.sample_size, random_state=self.random_state
            )
            self.state["fit_seconds"] = time.perf_counter() - start
        return self.cache[key]

    def _on_change(self, change):
        k = self.controls["k"].value
        space = self.controls["color_space"].value
        result = self._result(space, k)
        self.state.update(k=k, color_space=space, result=result)

        self.artists["quantized"].set_data(result.image)
        self.artists["palette"].set_data(palette_strip(result.palette, result.counts))
        self.artists["title"].set_text(
            f"K = {k}, {COLOR_SPACES[space]}: {result.bits_per_pixel} bits/px, {result.psnr:.2f} dB"
        )
        for key in COLOR_SPACES:
            ks = sorted(kk for (s, kk) in self.cache if s == key)
            self.artists[f"curve_{key}"].set_data(ks, [self.cache[key, kk].psnr for kk in ks])
        self.artists["current"].set_data([k], [result.psnr])
        finite = [r.psnr for r in self.cache.values() if np.isfinite(r.psnr)]
        if finite:
            self.ax_psnr.set_ylim(min(finite) - 1.0, max(finite) + 1.0)

        n_pixels = self.image.shape[0] * self.image.shape[1]
        self.readout.value = (
            f"<b>K = {k}</b> ({COLOR_SPACES[space]}): indices {n_pixels:,} px x {result.bits_per_pixel} bits "
            f"+ palette {k} x 24 bits = <b>{result.storage_bits:,} bits</b> vs {24 * n_pixels:,} bits for 24-bit RGB "
            f"(<b>{result.compression:.2f}x</b> smaller); MSE {result.mse:.2f}, PSNR {result.psnr:.2f} dB"
        )
