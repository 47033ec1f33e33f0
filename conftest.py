"""The student notebooks are tested without ipympl.

nbval runs each notebook of ``notebooks/`` in a kernel that cannot import ipympl (the folder
``tests/no_ipympl`` goes first on its PYTHONPATH), as on Colab, VS Code or a bare install: the
series must run clean with the inline backend, every app falling back to redrawing images. The
instructor edition runs with ipympl (``tests/test_editions.py``), and the browser tests drive the
live ipympl canvases, so both backends are covered.
"""

import os
from pathlib import Path

import pytest

NO_IPYMPL = Path(__file__).resolve().parent / "tests" / "no_ipympl"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """Start nbval's kernel (in the setup of a notebook's first cell) with ipympl hidden."""
    if item.path.suffix != ".ipynb":
        yield
        return
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NO_IPYMPL), saved]))
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved
