"""Shared plumbing of the widget apps: figures that work with ipympl, and without it.

With the ipympl backend (``%matplotlib widget``) a figure is a live canvas widget. With any
other backend (inline, Colab, VS Code, classic Notebook, Agg in tests) the app shows the figure
as a PNG in an :class:`ipywidgets.Image` that is re-rendered on every ``draw_idle`` of the app,
so every control still changes the picture; a one-line hint says that ``%matplotlib widget``
makes it faster (printed once per session).
"""

import html
import importlib.util
import io
import os
import re
import sys
import time

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backend_bases import MouseButton
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

#: Widest figure an app draws, in CSS pixels: it fits a JupyterLab cell at a 1024-px-wide
#: window with the file browser open (output area 592 px there, measured by the browser tests).
MAX_FIGURE_PX = 580
#: Widest figure in inches: wider ones are scaled down (aspect kept) before the dpi is lowered,
#: so that text stays about 9 px or more.
MAX_FIGURE_IN = 9.0

#: Environment variable: set to "1", every displayed app also stores a static snapshot (see App).
SNAPSHOTS_ENV = "KMEANS_EDU_SNAPSHOTS"

FALLBACK_HINT = (
    "Figures redraw as images here; `%matplotlib widget` (pip install ipympl) makes the apps faster and clickable."
)
_hint_shown = False


def ipympl_active():
    """Whether matplotlib's backend is ipympl's (``%matplotlib widget`` / ``%matplotlib ipympl``)."""
    backend = matplotlib.get_backend().lower()
    return "ipympl" in backend or backend == "widget"


def ipympl_installed():
    """Whether ipympl can be imported (checked without importing it: that alone switches the backend)."""
    if "ipympl" in sys.modules:
        return sys.modules["ipympl"] is not None  # None: import blocked
    return importlib.util.find_spec("ipympl") is not None


def show_fallback_hint():
    """Print :data:`FALLBACK_HINT` once per session (later calls print nothing)."""
    global _hint_shown
    if not _hint_shown:
        _hint_shown = True
        print(FALLBACK_HINT)


def use_best_backend():
    """Choose matplotlib's backend for the apps: ipympl if importable, else inline; print one line.

    Call it as the first cell of a notebook instead of ``%matplotlib widget``, which fails
    where ipympl is not installed. Set the environment variable ``KMEANS_EDU_BACKEND=inline``
    to force the inline fallback (e.g. where ipympl is installed but its front end is broken).

    Returns nothing (a notebook's first cell then shows only the one line); the backend chosen
    is ``matplotlib.get_backend()``.
    """
    global _hint_shown
    choice = os.environ.get("KMEANS_EDU_BACKEND", "").strip().lower()
    if choice not in ("widget", "inline"):
        usable = ipympl_installed() and "google.colab" not in sys.modules
        choice = "widget" if usable else "inline"
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.run_line_magic("matplotlib", choice)
    if choice == "widget":
        print("matplotlib backend: ipympl (%matplotlib widget): the apps' figures are live canvases.")
    else:
        _hint_shown = True
        print(FALLBACK_HINT)


def new_figure(*args, **kwargs):
    """``plt.subplots`` for an app, at most :data:`MAX_FIGURE_PX` wide, never displayed by pyplot.

    A ``figsize`` wider than :data:`MAX_FIGURE_IN` inches is scaled down to it (aspect kept).

    Under ipympl the figure is made with ``plt.subplots`` inside ``plt.ioff()`` (shown only by
    the app). Under any other backend it is a plain :class:`~matplotlib.figure.Figure` on an Agg
    canvas, outside pyplot, so that the inline backend does not also print it at the end of the cell.
    """
    width_in, height_in = kwargs.pop("figsize", None) or matplotlib.rcParams["figure.figsize"]
    shrink = min(1.0, MAX_FIGURE_IN / width_in)
    figsize = (width_in * shrink, height_in * shrink)
    # The dpi is fixed at creation: ipympl rescales from the creation dpi when the browser reports
    # its device pixel ratio, so a dpi lowered afterwards would be undone.
    dpi = fitting_dpi(figsize[0], kwargs.pop("dpi", None))
    if ipympl_active():
        with plt.ioff():
            fig, axes = plt.subplots(*args, figsize=figsize, dpi=dpi, **kwargs)
    else:
        fig = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(fig)
        axes = fig.subplots(*args, **kwargs)
    return fig, axes


def fitting_dpi(width_in, dpi=None, max_px=MAX_FIGURE_PX):
    """``dpi`` (default: matplotlib's), lowered if needed so that ``width_in`` inches is at most ``max_px`` pixels."""
    dpi = matplotlib.rcParams["figure.dpi"] if dpi is None else dpi
    return min(dpi, max_px / width_in)


def figure_png(fig):
    """The figure rendered as PNG bytes, at its own size.

    Drawn on the figure's own canvas (never ``savefig``: while saving, matplotlib detaches the
    canvas's manager, and an ipympl canvas then fails on messages from the browser).
    """
    FigureCanvasAgg.draw(fig.canvas)  # Agg's own draw: an ipympl canvas would also send the frame to the browser
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).save(buffer, format="PNG")
    return buffer.getvalue()


def canvas_widget(fig):
    """The figure as a widget: the ipympl canvas itself, or an Image re-rendered on every redraw.

    In the fallback the figure's ``canvas.draw_idle`` is replaced by one that renders the figure
    into the Image, so that every app update (which ends in ``draw_idle``) shows up.
    """
    if isinstance(fig.canvas, widgets.DOMWidget):
        fig.canvas.header_visible = False
        fig.canvas.footer_visible = False
        # Until the browser says "initialized", ipympl keeps a PNG snapshot of every redraw in the
        # widget state; ipympl 0.10 stores it without its "data:image/png;base64," prefix, and a view
        # created from that state fails ("drawImage ... 'broken' state") and stays 0 x 0. Seen in the
        # browser tests under load. The apps are only useful live, so no snapshot is kept.
        fig.canvas.syncing_data_url = False
        return fig.canvas
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    image.add_class("kmeans-edu-figure")

    def draw_idle(*args, **kwargs):
        image.value = figure_png(fig)

    fig.canvas.draw_idle = draw_idle
    draw_idle()
    from IPython import get_ipython

    if get_ipython() is not None:
        show_fallback_hint()
    return image


def _plain_text(value):
    """HTML of a status line as one line of plain text."""
    text = re.sub(r"<br\s*/?>", " | ", value)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\s+", " ", text).strip()


class Snapshot:
    """A PNG of an app's figure and its one-line description (displayed as the picture, then the text)."""

    def __init__(self, png, description):
        self.png = png
        self.description = description

    def __repr__(self):
        return f"Snapshot({self.description!r})"

    def _ipython_display_(self):
        import base64

        from IPython.display import display

        # The description is also the picture's text/plain, shown where images are not.
        display({"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.description},
                raw=True, metadata={"image/png": {"alt": self.description}})
        print(self.description)


class App:
    """Base class: ``controls``, ``fig``, ``artists``, ``state``, ``widget`` and timing of updates.

    Subclasses build their controls and figure in ``__init__``, then call ``self._finish(layout)``
    with the widget tree to display. ``self.update_times`` collects the seconds each update took.
    """

    def __init__(self):
        self.controls = {}
        self.artists = {}
        self.state = {}
        self.update_times = []
        self.fig = None
        self.widget = None

    def _finish(self, widget):
        self.widget = widget
        return self

    def _timed(self, func):
        """Wrap an observer so that every update records its duration and redraws once."""

        def handler(change=None):
            start = time.perf_counter()
            func(change)
            if self.fig is not None:
                self.fig.canvas.draw_idle()
            self.update_times.append(time.perf_counter() - start)

        return handler

    def describe(self):
        """One line of text saying what the figure shows now (a text alternative for the picture).

        Made from the panels' titles and axis labels, then the app's status line if it has one.

        Returns
        -------
        str
        """
        parts = []
        if self.fig is not None:
            for ax in self.fig.axes:
                title = ax.get_title() or ax.get_title("left")
                if not title and not ax.get_xlabel():
                    continue  # a colour bar or an inset without words
                axes_words = f"{ax.get_xlabel() or 'x'} across, {ax.get_ylabel() or 'y'} up"
                parts.append(f"'{title}' ({axes_words})" if title else f"a panel ({axes_words})")
        what = f"Figure with {len(parts)} panel(s): " + "; ".join(parts) + "."
        status = getattr(self, "status", None) or getattr(self, "readout", None)
        if isinstance(status, widgets.HTML) and status.value:
            what += " Now: " + _plain_text(status.value)
        return " ".join(what.split())

    def snapshot(self):
        """A static picture of the figure as it is now, with :meth:`describe` as its text alternative.

        In a notebook, ``app.snapshot()`` as the last line of a cell stores a PNG (shown on GitHub and
        nbviewer, where the live widget is blank) and the one-line description under it.

        Returns
        -------
        Snapshot
            ``.png`` (bytes) and ``.description`` (str).
        """
        return Snapshot(figure_png(self.fig), self.describe())

    def _ipython_display_(self):
        """Show the live app; when notebooks are executed to be committed, also store its snapshot.

        With the environment variable :data:`SNAPSHOTS_ENV` set to ``"1"`` (set by
        ``scripts/execute_notebooks.py``), the cell also stores :meth:`snapshot`, the first frame as a
        PNG and its one-line description, so that GitHub and nbviewer, which cannot run the widget,
        show the app's picture. A learner's live kernel shows only the app.
        """
        from IPython.display import display

        display(self.widget)
        if os.environ.get(SNAPSHOTS_ENV) == "1" and self.fig is not None:  # a quiz has no figure
            print("Picture of the app as it opens (run the notebook to use it):")
            display(self.snapshot())


# -- constructor checks: a clear error naming the argument, never traitlets' "Invalid selection"
# -- and never a value silently clamped by a slider


def check_int(value, name, low, high=None):
    """``value`` as an int in [low, high] (no upper bound if high is None), else ValueError/TypeError."""
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {value!r}.")
    if value < low or (high is not None and value > high):
        bounds = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ValueError(f"{name} must be an integer {bounds}; got {value!r}.")
    return int(value)


def check_number(value, name, low, high):
    """``value`` as a float in [low, high], else ValueError/TypeError."""
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got {value!r}.")
    if not low <= value <= high:
        raise ValueError(f"{name} must be a number in [{low}, {high}]; got {value!r}.")
    return float(value)


def check_choice(value, name, options):
    """``value`` if it is one of ``options``, else ValueError listing them."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {tuple(options)}; got {value!r}.")
    return value


def check_points(X, name="X", min_points=2):
    """X as a float (n, 2) array with at least ``min_points`` rows (the apps draw two features)."""
    from .._validation import as_float_array

    X = as_float_array(X, name)
    if X.shape[1] != 2:
        raise ValueError(f"{name} must have 2 columns to be drawn; got shape {X.shape}.")
    if X.shape[0] < min_points:
        raise ValueError(f"{name} must have at least {min_points} points; got {X.shape[0]}.")
    return X


def k_slider_max(max_clusters, n_points, default, name="max_clusters", low=2):
    """The top of a k slider: ``max_clusters`` checked against the number of points, or for None the
    default capped at the number of points (the slider never offers more clusters than points)."""
    if max_clusters is None:
        return min(default, n_points)
    return check_int(max_clusters, name, low, n_points)


def check_plane_points(points, name):
    """``points`` as a float array of shape (m, 2) with finite values, else a ValueError naming ``name``."""
    try:
        array = np.asarray(points, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of (x1, x2) pairs; got {points!r}.") from exc
    if array.ndim == 1 and array.size == 2:
        array = array[None, :]
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"{name} must have shape (m, 2); got {array.shape}.")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite; got {array.tolist()}.")
    return array


class PlaneClicks:
    """Your own points: clicks on the data panel ``self.ax`` add points, or place the starting centres.

    Mixed into an :class:`App` whose ``controls`` has ``init`` (with a ``'manual'`` option) and
    ``k``. With init ``'manual'`` a click moves the next starting centre (0, 1, ..., k-1, 0, ...)
    to the clicked spot and the run restarts from the centres; otherwise a click adds a data point.
    The same from Python: :meth:`add_points`, :meth:`clear_points`, :meth:`set_init`.

    The app implements ``_data_changed()`` (``self.user_points`` changed: refit) and
    ``_default_manual_centers(k)`` (the k centres to start from when 'manual' is chosen).
    Clicks reach the app through ipympl's canvas (``%matplotlib widget``); under the inline
    fallback use the methods.
    """

    MANUAL = "manual"

    def _setup_clicks(self):
        self.user_points = np.empty((0, 2))
        self.manual_centers = None
        self._next_centre = 0
        self._hold = False
        self.controls["clear"] = widgets.Button(
            description="clear my points", tooltip="remove the points you added", disabled=True
        )
        self.controls["clear"].on_click(lambda _: self.clear_points())
        self.fig.canvas.mpl_connect("button_press_event", self._on_click)

    def _on_click(self, event):
        if event.inaxes is not self.ax or event.button != MouseButton.LEFT or event.xdata is None:
            return
        point = [event.xdata, event.ydata]
        if self.controls["init"].value == self.MANUAL:
            centers = self._manual_centers(self.controls["k"].value).copy()
            slot = self._next_centre % len(centers)
            centers[slot] = point
            self.set_init(centers, next_centre=slot + 1)
        else:
            self.add_points([point])

    def add_points(self, points):
        """Add data points (an (m, 2) array or one (x1, x2) pair) and restart the run with them."""
        points = check_plane_points(points, "points")
        self.user_points = np.vstack([self.user_points, points])
        self.controls["clear"].disabled = False
        self._timed(lambda _: self._data_changed())()

    def clear_points(self):
        """Remove every point added with clicks or :meth:`add_points`, and restart the run."""
        self.user_points = np.empty((0, 2))
        self.controls["clear"].disabled = True  # nothing to clear
        self._timed(lambda _: self._data_changed())()

    def set_init(self, centers, *, next_centre=0):
        """Start the run from ``centers`` (shape (k, 2)): sets init to 'manual' and k to len(centers).

        ``next_centre`` is the centre that the next click on the plane moves.
        """
        centers = check_plane_points(centers, "centers")
        k = self.controls["k"]
        if not k.min <= len(centers) <= k.max:
            raise ValueError(f"centers must have between {k.min} and {k.max} rows; got {len(centers)}.")
        self.manual_centers = centers.copy()
        self._next_centre = next_centre
        self._hold = True  # one restart below, not one per control set here
        try:
            k.value = len(centers)
            self.controls["init"].value = self.MANUAL
        finally:
            self._hold = False
        self._timed(lambda _: self._data_changed())()

    def _manual_centers(self, k):
        """The manual starting centres, made k long (extended with the app's default centres)."""
        centers = self.manual_centers
        if centers is None or len(centers) != k:
            default = self._default_manual_centers(k)
            if centers is not None:
                default[: min(k, len(centers))] = centers[:k]
            self.manual_centers = centers = default
        return centers

    def _clicks_text(self):
        """The status line's words on your points and the manual centres."""
        parts = [f"your points: {len(self.user_points)}"]
        if self.controls["init"].value == self.MANUAL:
            parts.append(f"click on the plane to move starting centre {self._next_centre % self.controls['k'].value}")
        else:
            parts.append("click on the plane to add a point")
        return "; ".join(parts)
