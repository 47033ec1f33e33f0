"""Shared plumbing of the widget apps: figures that work with ipympl and under Agg."""

import time

import ipywidgets as widgets
import matplotlib.pyplot as plt


def new_figure(*args, **kwargs):
    """``plt.subplots`` without displaying the figure (ipympl shows it twice otherwise)."""
    with plt.ioff():
        fig, axes = plt.subplots(*args, **kwargs)
    return fig, axes


def canvas_widget(fig):
    """The figure as a widget: the ipympl canvas itself, or an Output showing it (inline/Agg)."""
    if isinstance(fig.canvas, widgets.DOMWidget):
        fig.canvas.header_visible = False
        fig.canvas.footer_visible = False
        # Until the browser says "initialized", ipympl keeps a PNG snapshot of every redraw in the
        # widget state; ipympl 0.10 stores it without its "data:image/png;base64," prefix, and a view
        # created from that state fails ("drawImage ... 'broken' state") and stays 0 x 0. Seen in the
        # browser tests under load. The apps are only useful live, so no snapshot is kept.
        fig.canvas.syncing_data_url = False
        return fig.canvas
    out = widgets.Output()
    from IPython import get_ipython

    if get_ipython() is not None:  # outside IPython, display() would print the repr to stdout
        from IPython.display import display

        with out:
            display(fig)
    return out


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

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


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
