"""Start-up costs, each measured in a fresh Python process.

* cold compile: ``kmeans_edu.warmup()`` with an empty Numba cache (``NUMBA_CACHE_DIR`` set to
  a new temporary folder, so nothing is loaded from disk);
* warm import + first fit: ``import kmeans_edu`` and ``KMeans(...).fit`` of a small problem,
  with the Numba cache already filled (what a notebook's first cell pays).
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
km = kmeans_edu.KMeans(n_clusters=3, n_init=1, random_state=0).fit(X)
done = time.perf_counter()
print(json.dumps({"import_s": imported - start, "first_fit_s": done - imported, "total_s": done - start}))
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
    """Import + first fit of a 1000 x 2 problem in a fresh process (cache warm); the median run."""
    _run(_WARM)  # make sure the cache holds what the fit needs
    runs = sorted((_run(_WARM) for _ in range(repeats)), key=lambda r: r["total_s"])
    return runs[len(runs) // 2]
