"""Animations to keep: the Lloyd run and the k-means++ picks as GIF and self-contained HTML."""

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image, ImageSequence  # noqa: E402

from kmeans_edu.datasets import blobs  # noqa: E402
from kmeans_edu.widgets.animation import animation_frames, save_animation  # noqa: E402
from kmeans_edu.widgets.kmeanspp import KMeansPlusPlusApp  # noqa: E402
from kmeans_edu.widgets.lloyd_stepper import LloydStepper  # noqa: E402

X = blobs(60, 3, 0.6, seed=0)[0]


@pytest.fixture(scope="module")
def lloyd_app():
    return LloydStepper(X, 3, seed=2)  # 6 half-steps


@pytest.fixture(scope="module")
def pp_app():
    return KMeansPlusPlusApp(X, 5, seed=1)


def expected_frames(app):
    if isinstance(app, LloydStepper):
        return len(app.state["result"].history)  # one per half-step
    return app.controls["k"].value  # one per pick


def gif_frames(path):
    with Image.open(path) as gif:
        assert gif.format == "GIF"
        return [np.asarray(frame.convert("RGB")) for frame in ImageSequence.Iterator(gif)]


def html_frames(text):
    assert not re.search(r"""<[^>]*\s(src|href)\s*=""", text), "an element that loads another file"
    assert not re.search(r"<link\b|https?://|\burl\(", text), "a link to another file"
    assert "fa fa-" not in text  # the buttons do not need the icon font
    return re.findall(r'frames\[(\d+)\] = "data:image/png;base64,', text)


@pytest.mark.parametrize("name", ["lloyd", "kmeanspp"])
def test_gif_and_html_have_one_frame_per_half_step_or_pick(name, lloyd_app, pp_app, tmp_path):
    app = lloyd_app if name == "lloyd" else pp_app
    n = expected_frames(app)
    assert n >= 4
    step_name = app.animation_steps()[0]
    app.controls[step_name].value = 1
    frames = animation_frames(app)
    assert len(frames) == n and len(set(frames)) == n  # every frame shows a different state
    assert app.controls[step_name].value == 1  # the app is left where it was
    size = (app.fig.get_size_inches().tolist(), app.fig.dpi)
    gif = gif_frames(save_animation(app, tmp_path / f"{name}.gif", interval_ms=300))
    assert len(gif) == n
    html = save_animation(app, tmp_path / f"{name}.html").read_text()
    assert sorted(int(i) for i in html_frames(html)) == list(range(n))
    assert (app.fig.get_size_inches().tolist(), app.fig.dpi) == size  # the live figure is not resized


def test_changing_the_run_changes_the_frame_count(tmp_path):
    app = KMeansPlusPlusApp(X, 3, seed=0)
    app.controls["k"].value = 6
    assert len(gif_frames(save_animation(app, tmp_path / "six.gif"))) == 6


def test_save_button_writes_both_files(tmp_path, monkeypatch):
    app = KMeansPlusPlusApp(X, 3, seed=0)
    monkeypatch.chdir(tmp_path)
    app.controls["save"].click()
    assert len(gif_frames(tmp_path / "kmeanspp_picks.gif")) == 3
    assert len(html_frames((tmp_path / "kmeanspp_picks.html").read_text())) == 3
    assert "saved 3 frames" in app.status.value


def test_bad_arguments_name_themselves(lloyd_app, tmp_path):
    with pytest.raises(ValueError, match="path"):
        save_animation(lloyd_app, tmp_path / "run.mp4")
    with pytest.raises(ValueError, match="interval_ms"):
        save_animation(lloyd_app, tmp_path / "run.gif", interval_ms=0)
    with pytest.raises(TypeError, match="app"):
        save_animation(object(), tmp_path / "run.gif")


def test_recording_leaves_the_live_picture_alone():
    import ipywidgets as widgets

    app = KMeansPlusPlusApp(X, 4, seed=3)
    image = next(w for w in app.widget.children if isinstance(w, widgets.Image))
    shown, updates = image.value, []
    image.observe(lambda change: updates.append(change), names="value")
    frames = animation_frames(app)
    assert len(frames) == 4 and not updates and image.value == shown  # no redraw per frame
    app.controls["pick"].value = 2  # and the app still redraws afterwards
    assert updates and image.value != shown
