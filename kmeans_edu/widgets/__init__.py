"""Interactive ipywidgets apps for the notebooks.

Every app follows one pattern (see :class:`kmeans_edu.widgets._common.App`):

* the computation lives in the library (``kmeans_edu.steps``, ``choosing_k``, ``vq``, ...);
* an app holds its controls in ``app.controls`` (name -> ipywidget), its figure in ``app.fig``,
  the matplotlib artists it updates in ``app.artists`` and the computed numbers in ``app.state``;
* a control change recomputes only what that control affects and updates artists in place
  (``set_data`` / ``set_offsets``), then calls ``fig.canvas.draw_idle()``;
* ``app.widget`` is what a notebook displays; ``app.describe()`` says in one line what it shows.

Without ipympl (inline backend, Colab, VS Code) the apps redraw into an image widget; a notebook's
first cell ``kmeans_edu.widgets.use_best_backend()`` picks ipympl when it is installed.

Tests drive an app from Python (``app.controls["k"].value = 5``) and check ``app.state`` and
the artists' data: ipywidgets observers fire synchronously outside a kernel.
"""

from ._common import use_best_backend

__all__ = ["use_best_backend"]
