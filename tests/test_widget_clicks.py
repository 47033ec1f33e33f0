"""Your own points: clicks on the plane (simulated matplotlib events under Agg) and the same from Python."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backend_bases import MouseButton, MouseEvent  # noqa: E402

from kmeans_edu.datasets import blobs  # noqa: E402
from kmeans_edu.widgets.lloyd_stepper import LloydStepper  # noqa: E402
from kmeans_edu.widgets.overview import OverviewApp  # noqa: E402

X = blobs(60, 3, 0.8, seed=1)[0]


def make(name):
    return LloydStepper(X, 3, seed=0) if name == "lloyd" else OverviewApp("blobs", 3)


def data_of(app):
    return app.X if isinstance(app, LloydStepper) else app.state["X"]


def start_of(app):
    """The centres the run shown started from."""
    if isinstance(app, LloydStepper):
        return app.state["init_centers"]
    return app.state["model"].history_[0].centers  # the first assignment uses the initial centres


def labels_of_run(app):
    return app.state["result"].labels if isinstance(app, LloydStepper) else app.state["model"].labels_


def click(app, xy, ax=None, button=MouseButton.LEFT):
    """A button_press_event at the pixel of data point ``xy`` on ``ax`` (default: the plane)."""
    ax = app.ax if ax is None else ax
    px, py = ax.transData.transform(xy)
    event = MouseEvent("button_press_event", app.fig.canvas, px, py, button=button)
    app.fig.canvas.callbacks.process("button_press_event", event)
    return px, py


def pixel_distance(ax, a, b):
    return float(np.linalg.norm(ax.transData.transform(a) - ax.transData.transform(b)))


@pytest.mark.parametrize("name", ["lloyd", "overview"])
def test_clicks_add_points_and_clear_removes_them(name):
    app = make(name)
    n = len(data_of(app))
    assert app.controls["clear"].disabled  # nothing to clear yet
    xmin, xmax = app.ax.get_xlim()
    ymin, ymax = app.ax.get_ylim()
    targets = [(xmin + 0.2 * (xmax - xmin), ymin + 0.3 * (ymax - ymin)), (xmin + 0.7 * (xmax - xmin), ymax - 1e-3)]
    for xy in targets:
        click(app, xy)
    added = data_of(app)[n:]
    assert added.shape == (2, 2)
    for got, want in zip(added, targets, strict=True):
        assert pixel_distance(app.ax, got, want) < 1.0
    assert len(labels_of_run(app)) == n + 2  # the run restarted on the new data
    np.testing.assert_allclose(app.artists["points"].get_offsets()[n:], added)
    assert "your points: 2" in app.status.value
    click(app, targets[0], ax=app.fig.axes[1])  # the objective panel is not the plane
    click(app, targets[0], button=MouseButton.RIGHT)
    assert len(data_of(app)) == n + 2
    app.controls["clear"].click()
    assert len(data_of(app)) == n and len(labels_of_run(app)) == n and "your points: 0" in app.status.value
    assert app.controls["clear"].disabled


@pytest.mark.parametrize("name", ["lloyd", "overview"])
def test_manual_init_clicks_place_the_starting_centres(name):
    app = make(name)
    app.controls["init"].value = "manual"
    before = start_of(app).copy()
    xmin, xmax = app.ax.get_xlim()
    ymin, ymax = app.ax.get_ylim()
    spots = [(xmin + f * (xmax - xmin), ymin + f * (ymax - ymin)) for f in (0.25, 0.5, 0.75, 0.4)]
    n = len(data_of(app))
    for i, xy in enumerate(spots):
        click(app, xy)
        start = start_of(app)
        assert pixel_distance(app.ax, start[i % 3], xy) < 1.0  # centre 0, 1, 2, then 0 again
    assert len(data_of(app)) == n  # clicks in manual mode move centres, they add no data
    assert pixel_distance(app.ax, start_of(app)[1], spots[1]) < 1.0
    assert not np.allclose(start_of(app), before)


@pytest.mark.parametrize("name", ["lloyd", "overview"])
def test_the_same_from_python(name):
    app = make(name)
    n = len(data_of(app))
    app.add_points([[0.5, 0.5], [1.0, -1.0]])
    app.add_points((2.0, 2.0))
    np.testing.assert_array_equal(data_of(app)[n:], [[0.5, 0.5], [1.0, -1.0], [2.0, 2.0]])
    centers = np.array([[-2.0, 0.0], [0.0, 3.0], [2.0, 0.0], [0.0, -3.0]])
    app.set_init(centers)
    assert app.controls["init"].value == "manual" and app.controls["k"].value == 4
    np.testing.assert_array_equal(start_of(app), centers)
    assert len(labels_of_run(app)) == n + 3
    app.clear_points()
    assert len(data_of(app)) == n
    np.testing.assert_array_equal(start_of(app), centers)  # the manual start is kept
    app.controls["k"].value = 3  # fewer centres: the first three
    np.testing.assert_array_equal(start_of(app), centers[:3])


@pytest.mark.parametrize("name", ["lloyd", "overview"])
def test_bad_points_and_centres_name_the_argument(name):
    app = make(name)
    with pytest.raises(ValueError, match="points"):
        app.add_points([[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="points"):
        app.add_points([[np.nan, 1.0]])
    with pytest.raises(ValueError, match="centers"):
        app.set_init([[0.0, 0.0]])  # one centre: k is at least 2
    with pytest.raises(ValueError, match="centers"):
        app.set_init("abc")
    assert app.controls["init"].value == "k-means++" and len(app.user_points) == 0


def test_a_new_data_set_starts_without_your_points():
    app = OverviewApp("blobs", 3)
    app.add_points([[0.0, 0.0]])
    app.controls["data"].value = "moons"
    assert len(app.user_points) == 0 and len(app.state["X"]) == len(app.dataset("moons"))
    assert app.controls["clear"].disabled
