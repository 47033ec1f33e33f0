"""Accessibility of the apps: one colour-blind-safe palette, clusters told apart by shape, text descriptions."""

import matplotlib

matplotlib.use("Agg")

import base64  # noqa: E402
import contextlib  # noqa: E402
import io  # noqa: E402
import re  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from app_cases import CASES  # noqa: E402
from IPython.display import display  # noqa: E402
from matplotlib.colors import to_rgba_array  # noqa: E402
from style_checks import assert_cluster_style  # noqa: E402

from kmeans_edu import plots  # noqa: E402

#: app -> (its scatter of points drawn by cluster, the labels it shows, their alpha)
CLUSTER_POINTS = {
    "LloydStepper": lambda app: (app.artists["points"], app.state["labels"], 0.85),
    "OverviewApp": lambda app: (app.artists["points"], app.state["labels"], 0.85),
    "LocalOptimaApp": lambda app: (app.artists["points"], app.state["labels"], 0.85),
    "OutlierApp": lambda app: (app.artists["points_euclidean"], app.state["labels"]["euclidean"], 0.85),
    "NonConvexApp": lambda app: (app.artists["other"], app.state["results"][app.state["shape"]]["other"], 0.85),
    "ElbowApp": lambda app: (app.artists["points"], app.state["labels"], 0.85),
    "MetricsApp": lambda app: (app.artists["points"], app.state["labels"], 0.85),
    "VQCompareApp": lambda app: (app.artists["points"], app.state["labels"], 0.55),
}
TAB10_RED_GREEN = to_rgba_array(["tab:red", "tab:green"])[:, :3]


@pytest.fixture(scope="module")
def apps():
    return {}


def get_app(apps, name):
    if name not in apps:
        apps[name] = CASES[name][0]()
    return apps[name]


def test_markers_and_colours_follow_the_label():
    labels = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, -1])
    markers = plots.label_markers(labels)
    assert len(set(markers[:8])) == 8 and markers[8] == markers[1] and markers[9] == plots.NOISE_MARKER  # 8: shifted
    colours = plots.label_colors(labels)
    assert len({tuple(c) for c in colours[:8]}) == 8
    np.testing.assert_allclose(colours[:8, :3], to_rgba_array(plots.PALETTE)[:, :3])


@pytest.mark.parametrize("name", sorted(CLUSTER_POINTS))
def test_clusters_differ_by_palette_colour_and_by_marker(apps, name):
    app = get_app(apps, name)
    if name == "LloydStepper":
        app.controls["step"].value = 1  # the first assignment: every point has a cluster
    points, labels, alpha = CLUSTER_POINTS[name](app)
    assert len(np.unique(labels[labels >= 0])) >= 2
    assert_cluster_style(points, labels, alpha)
    make, control, value = CASES[name]
    app.controls[control].value = value  # still so after a change
    points, labels, alpha = CLUSTER_POINTS[name](app)
    assert_cluster_style(points, labels, alpha)


GETTERS = ("get_facecolors", "get_edgecolors", "get_color", "get_markerfacecolor", "get_markeredgecolor")


def figure_rgb(fig):
    """Every face and edge colour of every collection, line and patch of the figure."""
    colours = []
    for ax in fig.axes:
        for artist in [*ax.collections, *ax.lines, *ax.patches]:
            for getter in GETTERS:
                if hasattr(artist, getter):
                    value = getattr(artist, getter)()
                    try:
                        colours.append(to_rgba_array(value)[:, :3])
                    except (ValueError, TypeError):
                        pass  # e.g. 'auto' or 'none'
    return np.concatenate(colours) if colours else np.zeros((0, 3))


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_tab10_red_or_green_in_any_app(apps, name):
    colours = figure_rgb(get_app(apps, name).fig)
    assert colours.size
    for bad in TAB10_RED_GREEN:
        assert not np.any(np.all(np.isclose(colours, bad, atol=1e-3), axis=1)), f"{name} uses {bad}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_app_describes_its_figure_in_one_line(name):
    make, control, value = CASES[name]
    app = make()
    before = app.describe()
    app.controls[control].value = value
    text = app.describe()
    assert "\n" not in text and not re.search(r"</?[a-z]+[ >]|&[a-z]+;", text)  # plain text, one line
    titles = [" ".join(ax.get_title().split()) for ax in app.fig.axes if ax.get_title()]
    assert titles and all(t in text for t in titles)
    assert text != before, f"{name}: the description did not follow the change of {control!r}"


def test_snapshot_is_the_figure_now_with_its_description():
    make, control, value = CASES["OverviewApp"]
    app = make()
    app.controls[control].value = value
    shot = app.snapshot()
    from kmeans_edu.widgets._common import figure_png

    assert shot.png == figure_png(app.fig) and shot.png.startswith(b"\x89PNG")
    assert shot.description == app.describe() and f"k={value}" in shot.description


def _displayed(app, monkeypatch, snapshots):
    """What displaying ``app`` in a notebook puts in the cell: the published bundles and the printed text."""
    from IPython.core.interactiveshell import InteractiveShell

    from kmeans_edu.widgets._common import SNAPSHOTS_ENV

    if snapshots:
        monkeypatch.setenv(SNAPSHOTS_ENV, "1")
    else:
        monkeypatch.delenv(SNAPSHOTS_ENV, raising=False)
    existed = InteractiveShell.initialized()
    shell = InteractiveShell.instance()  # display() publishes through the running shell
    shown = []
    monkeypatch.setattr(shell.display_pub, "publish",
                        lambda data, metadata=None, **kw: shown.append(("display", data, metadata)))
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            display(app)
    finally:
        if not existed:  # later tests must not find a shell (use_best_backend would run magics in it)
            InteractiveShell.clear_instance()
    return shown, printed.getvalue()


def test_a_live_kernel_shows_only_the_app(monkeypatch):
    make, _, _ = CASES["OverviewApp"]
    shown, printed = _displayed(make(), monkeypatch, snapshots=False)
    assert [("image/png" in data) for _, data, _ in shown] == [False]  # the widget alone
    assert printed == ""


def test_executing_for_commit_also_stores_the_first_frame_and_its_description(monkeypatch):
    make, _, _ = CASES["OverviewApp"]
    app = make()
    shown, printed = _displayed(app, monkeypatch, snapshots=True)
    pictures = [(data, meta) for _, data, meta in shown if "image/png" in data]
    assert len(pictures) == 1
    data, meta = pictures[0]
    assert base64.b64decode(data["image/png"]) == app.snapshot().png
    assert data["text/plain"] == meta["image/png"]["alt"] == app.describe()
    assert app.describe() in printed  # the text alternative, also printed under the picture
