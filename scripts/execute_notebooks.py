"""Execute instructor notebooks to be committed, then make their student edition.

    python scripts/execute_notebooks.py                      # every notebook in instructor/
    python scripts/execute_notebooks.py 03_choosing_k.ipynb  # only these (names in instructor/)

For each notebook, in a fresh kernel of this Python:

1. run it top to bottom from ``instructor/`` with matplotlib's inline backend, so that every
   figure is stored as a static image (what GitHub and nbviewer show), every app also stores a
   snapshot of its first frame with its one-line description (``KMEANS_EDU_SNAPSHOTS=1``), and
   every exercise check must pass (``KMEANS_EDU_STRICT_CHECKS=1``);
2. keep it small (``scripts/slim_notebooks.py``: no widget state, photos as JPEG);
3. write its student edition to ``notebooks/`` (``scripts/make_editions.py``).

The package imported is the one in this checkout (``PYTHONPATH`` is set to its root).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "instructor"


def execute(path):
    """Run one notebook in place (the kernel inherits the settings of :func:`main`); return the seconds it took."""
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(names):
    paths = [SOURCE / name for name in names] or sorted(SOURCE.glob("*.ipynb"))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        sys.exit(f"not found: {', '.join(missing)}")
    os.environ.update({  # this process only starts the kernels, which inherit its environment
        "KMEANS_EDU_BACKEND": "inline",
        "KMEANS_EDU_SNAPSHOTS": "1",
        "KMEANS_EDU_STRICT_CHECKS": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    })
    os.environ.pop("MPLBACKEND", None)  # the kernel must use the inline backend, not Agg
    for path in paths:
        print(f"{path.name}: executed in {execute(path):.0f} s", flush=True)
    scripts = ROOT / "scripts"
    subprocess.run([sys.executable, scripts / "slim_notebooks.py", *map(str, paths)], check=True)
    subprocess.run([sys.executable, scripts / "make_editions.py", *[p.name for p in paths]], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
