"""Apps without ipympl: every app redraws into an image widget on each control change.

Under Agg (as under the inline backend, Colab or VS Code) ``canvas_widget`` returns an
``ipywidgets.Image`` holding the figure as PNG; a change made from Python must change its bytes.
"""

import matplotlib

matplotlib.use("Agg")

import io  # noqa: E402
import sys  # noqa: E402

import ipywidgets as widgets  # noqa: E402
import pytest  # noqa: E402
from app_cases import CASES  # noqa: E402
from PIL import Image  # noqa: E402

from kmeans_edu.widgets import _common, use_best_backend  # noqa: E402


def figure_image(app):
    """The Image widget that shows ``app.fig`` (a child somewhere in ``app.widget``)."""
    stack = [app.widget]
    while stack:
        w = stack.pop()
        if isinstance(w, widgets.Image):
            return w
        stack.extend(getattr(w, "children", ()))
    raise AssertionError("no Image widget in the app")


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_control_change_redraws_the_image(name):
    make, control, value = CASES[name]
    app = make()
    image = figure_image(app)
    before = bytes(image.value)
    picture = Image.open(io.BytesIO(before))
    assert picture.format == "PNG" and picture.width <= _common.MAX_FIGURE_PX
    assert app.controls[control].value != value
    app.controls[control].value = value
    after = bytes(image.value)
    assert after != before, f"{name}: changing {control!r} left the picture unchanged"
    # the image is the figure as it is now, not an older frame
    assert after == _common.figure_png(app.fig)


def test_use_best_backend_falls_back_when_ipympl_is_missing(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ipympl", None)  # import ipympl -> ImportError
    monkeypatch.delenv("KMEANS_EDU_BACKEND", raising=False)
    monkeypatch.setattr(_common, "_hint_shown", False)
    assert use_best_backend() is None
    out = capsys.readouterr().out
    assert out == _common.FALLBACK_HINT + "\n" and "%matplotlib widget" in out
    _common.show_fallback_hint()  # said once: not again
    assert capsys.readouterr().out == ""


def test_use_best_backend_prefers_ipympl_and_obeys_the_override(monkeypatch, capsys):
    if not _common.ipympl_installed():  # (importing ipympl to check would switch the backend to it)
        pytest.skip("ipympl is not installed")
    monkeypatch.delenv("KMEANS_EDU_BACKEND", raising=False)
    use_best_backend()
    monkeypatch.setenv("KMEANS_EDU_BACKEND", "inline")
    use_best_backend()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "ipympl" in lines[0] and lines[1] == _common.FALLBACK_HINT


def test_figures_are_never_wider_than_the_cap():
    fig, _ = _common.new_figure(1, 3, figsize=(12, 3.8))
    assert fig.get_figwidth() * fig.dpi == pytest.approx(_common.MAX_FIGURE_PX)
    assert fig.get_figwidth() == _common.MAX_FIGURE_IN and fig.get_figheight() == pytest.approx(3.8 * 9 / 12)
    # ipympl rescales the dpi from the creation dpi when the browser reports its pixel ratio
    # (matplotlib's _set_device_pixel_ratio): the cap must survive that.
    fig.canvas._set_device_pixel_ratio(1)
    assert fig.get_figwidth() * fig.dpi == pytest.approx(_common.MAX_FIGURE_PX)
    small, _ = _common.new_figure(figsize=(4, 3))
    assert small.get_figwidth() * small.dpi == pytest.approx(400)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_app_figure_fits_the_cap(name):
    app = CASES[name][0]()
    assert app.fig.get_figwidth() * app.fig.dpi <= _common.MAX_FIGURE_PX + 1e-9
