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
