"""The kernels nbval starts for notebooks/ cannot import ipympl (see the root conftest.py)."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]


def _root_conftest():
    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _kernel_like_import_of_ipympl():
    """What a process started now (as nbval starts a kernel) gets from `import ipympl` and the backend choice."""
    code = ("from kmeans_edu.widgets._common import ipympl_installed\n"
            "try:\n    import ipympl\n    print('imported', ipympl_installed())\n"
            "except ImportError:\n    print('ImportError', ipympl_installed())\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=dict(os.environ)).stdout.strip()


def test_notebook_kernels_start_without_ipympl_and_other_tests_keep_it():
    hook = _root_conftest().pytest_runtest_setup  # a generator: up to `yield` is the setup
    before = os.environ.get("PYTHONPATH")
    assert _kernel_like_import_of_ipympl() == "imported True"  # the test environment has ipympl

    setup = hook(SimpleNamespace(path=ROOT / "notebooks" / "01_lloyd_step_by_step.ipynb"))
    next(setup)  # inside the notebook's setup: where nbval starts its kernel
    try:
        assert _kernel_like_import_of_ipympl() == "ImportError False"
    finally:
        next(setup, None)
    assert os.environ.get("PYTHONPATH") == before  # restored for everything else

    setup = hook(SimpleNamespace(path=ROOT / "tests" / "test_vq.py"))
    next(setup)
    try:
        assert _kernel_like_import_of_ipympl() == "imported True"  # a library test is left alone
    finally:
        next(setup, None)
