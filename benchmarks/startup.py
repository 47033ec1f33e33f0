"""Start-up costs, each measured in a fresh Python process.

* cold compile: ``kmeans_edu.warmup()`` with an empty Numba cache (``NUMBA_CACHE_DIR`` set to
  a new temporary folder, so nothing is loaded from disk);
* warm import + first fit: ``import kmeans_edu`` and a first fit of a small problem, with the
  Numba cache already filled (what a notebook's first cell pays), once with the step functions
  (``kmeans_edu.lloyd``, no scikit-learn) and once with the drop-in ``KMeans``, which imports
  scikit-learn; that import alone is timed too, in its own process.
"""

import json
import os
import subprocess
import sys
import tempfile

_COLD = """
import json, time
start = time.perf_counter()
import kmeans_edu
imported = time.perf_counter()
seconds = kmeans_edu.warmup()
print(json.dumps({"import_s": imported - start, "warmup_s": seconds}))
"""

_WARM = """
import json, time
start = time.perf_counter()
import numpy as np
import kmeans_edu
imported = time.perf_counter()
X = np.random.RandomState(0).rand(1000, 2)
if {use_kmeans}:
    km = kmeans_edu.KMeans(n_clusters=3, n_init=1, random_state=0).fit(X)
else:
    result = kmeans_edu.lloyd(X, kmeans_edu.kmeans_plusplus(X, 3, random_state=0)[0])
done = time.perf_counter()
print(json.dumps({{"import_s": imported - start, "first_fit_s": done - imported, "total_s": done - start}}))
"""

_SKLEARN_IMPORT = """
import json, time
start = time.perf_counter()
import sklearn.base
print(json.dumps({"import_s": time.perf_counter() - start}))
"""


def _run(code, env=None):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_compile():
    """Seconds of ``warmup()`` (and of the import before it) with an empty Numba cache."""
    with tempfile.TemporaryDirectory(prefix="kmeans_edu-cold-") as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        return _run(_COLD, env)


def warm_first_fit(repeats=3):
    """Import + first fit of a 1000 x 2 problem in a fresh process (cache warm), the median run:
    ``{"lloyd": ..., "KMeans": ..., "sklearn_import_s": ...}``."""
    out = {}
    for name, use_kmeans in (("lloyd", False), ("KMeans", True)):
        code = _WARM.format(use_kmeans=use_kmeans)
        _run(code)  # make sure the cache holds what the fit needs
        runs = sorted((_run(code) for _ in range(repeats)), key=lambda r: r["total_s"])
        out[name] = runs[len(runs) // 2]
    out["sklearn_import_s"] = sorted(_run(_SKLEARN_IMPORT)["import_s"] for _ in range(repeats))[repeats // 2]
    return out
