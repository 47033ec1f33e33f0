"""Animations to keep: an app's run as an animated GIF (Pillow) or a self-contained HTML page.

An app that can be animated says which control walks through its run and which values it takes
(:meth:`LloydStepper.animation_steps`: the half-steps; :meth:`KMeansPlusPlusApp.animation_steps`:
the picks). :func:`animation_frames` sets that control to each value in turn and renders the
figure: one frame per half-step or pick, exactly as the app shows it. :func:`save_animation`
writes a ``.gif`` (Pillow) or a ``.html`` (matplotlib's ``Animation.to_jshtml``, every frame
embedded as base64 PNG, no external file or script). The control is put back afterwards.
"""

import contextlib
import io
import re
from pathlib import Path

import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ._common import figure_png

FORMATS = (".gif", ".html")

# to_jshtml's buttons use Font Awesome icons from a CDN: text symbols instead keep the page self-contained.
_ICONS = {
    "fa-minus": "&minus;",
    "fa-fast-backward": "&#x23EE;",
    "fa-step-backward": "&#x23F4;|",
    "fa-play fa-flip-horizontal": "&#x25C0;",
    "fa-pause": "&#x23F8;",
    "fa-play": "&#x25B6;",
    "fa-step-forward": "|&#x23F5;",
    "fa-fast-forward": "&#x23ED;",
    "fa-plus": "+",
}


def _self_contained(html):
    """``to_jshtml`` output without its one external file (the icon font's stylesheet)."""
    html = re.sub(r"<link[^>]*font-awesome[^>]*>", "", html)
    return re.sub(r'<i class="fa ([^"]+)"></i>', lambda m: _ICONS.get(m.group(1), m.group(1)), html)


def _steps(app):
    if not hasattr(app, "animation_steps"):
        raise TypeError(f"app must be an app with animation_steps() (LloydStepper, KMeansPlusPlusApp); got {app!r}.")
    name, values = app.animation_steps()
    return app.controls[name], list(values)


@contextlib.contextmanager
def _restored(control):
    before = control.value
    try:
        yield
    finally:
        control.value = before


@contextlib.contextmanager
def _no_redraws(fig):
    """Mute the figure's ``draw_idle`` (the app's redraw after every change) while frames are recorded:
    the live view (ipympl canvas or image) keeps showing the app's state, not every frame."""
    own = fig.canvas.__dict__.get("draw_idle")  # the image fallback's own draw_idle, if any
    fig.canvas.draw_idle = lambda *args, **kwargs: None
    try:
        yield
    finally:
        if own is None:
            del fig.canvas.draw_idle
        else:
            fig.canvas.draw_idle = own


def animation_frames(app):
    """The app's run as PNG frames: one per half-step (Lloyd) or pick (k-means++).

    Parameters
    ----------
    app : LloydStepper or KMeansPlusPlusApp

    Returns
    -------
    list of bytes
        PNG images, in order.
    """
    control, values = _steps(app)
    frames = []
    with _restored(control), _no_redraws(app.fig):
        for value in values:
            control.value = value
            frames.append(figure_png(app.fig))
    return frames


def gif_from_frames(frames, interval_ms=700):
    """Bytes of an animated GIF that loops over PNG ``frames``, ``interval_ms`` per frame."""
    images = [Image.open(io.BytesIO(png)).convert("RGB") for png in frames]
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:], duration=interval_ms, loop=0)
    return buffer.getvalue()


def html_from_frames(frames, interval_ms=700):
    """A self-contained HTML animation (``to_jshtml``, with play/step buttons) of PNG ``frames``.

    The frames are played on a figure of their own: an animation writer may resize the figure
    it records (even pixel sizes), which would resize an app's live canvas.
    """
    arrays = [np.asarray(Image.open(io.BytesIO(png)).convert("RGB")) for png in frames]
    height, width = arrays[0].shape[:2]
    fig = Figure(figsize=(width / 100, height / 100), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    image = ax.imshow(arrays[0], interpolation="nearest")

    def show(i):
        image.set_data(arrays[i])
        return [image]

    animation = FuncAnimation(fig, show, frames=len(arrays), interval=interval_ms, repeat=False)
    return _self_contained(animation.to_jshtml(default_mode="once", embed_frames=True))


def animation_gif(app, interval_ms=700):
    """The app's run as the bytes of an animated GIF that loops, ``interval_ms`` per frame."""
    return gif_from_frames(animation_frames(app), interval_ms)


def animation_html(app, interval_ms=700):
    """The app's run as a self-contained HTML animation (``to_jshtml``) with play/step buttons."""
    return html_from_frames(animation_frames(app), interval_ms)


def _write(path, frames, interval_ms):
    path = Path(path)
    if path.suffix.lower() == ".gif":
        path.write_bytes(gif_from_frames(frames, interval_ms))
    else:
        page = html_from_frames(frames, interval_ms)
        path.write_text(f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'></head><body>\n{page}\n</body></html>\n")
    return path


def save_animation(app, path, interval_ms=700):
    """Write the app's run to ``path``: an animated GIF for ``.gif``, an HTML page for ``.html``.

    Parameters
    ----------
    app : LloydStepper or KMeansPlusPlusApp
        Its run as set now (data, k, seed, init ...), one frame per half-step or pick.
    path : str or path-like
        Ends in ``.gif`` or ``.html``.
    interval_ms : int, default=700
        Time per frame.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"path must end in one of {FORMATS}; got {str(path)!r}.")
    if not isinstance(interval_ms, int) or interval_ms <= 0:
        raise ValueError(f"interval_ms must be a positive integer; got {interval_ms!r}.")
    return _write(path, animation_frames(app), interval_ms)


def save_button(app, stem):
    """A button that saves the app's run as ``stem.gif`` and ``stem.html`` in the working folder.

    The outcome (file names and frame count, or the error) goes to ``app.status`` and to
    ``app.state['saved']``.
    """
    import ipywidgets as widgets

    button = widgets.Button(description="save GIF + HTML", icon="download", tooltip=f"{stem}.gif and {stem}.html")

    def on_click(_):
        try:
            frames = animation_frames(app)  # recorded once for both files
            written = [_write(f"{stem}{ext}", frames, 700) for ext in FORMATS]
        except OSError as exc:
            app.state["saved"] = None
            app.status.value = f"could not save the animation: {exc}"
            return
        app.state["saved"] = written
        app.status.value = f"saved {len(frames)} frames to {written[0].name} and {written[1].name} (in {Path.cwd()})"

    button.on_click(on_click)
    return button
