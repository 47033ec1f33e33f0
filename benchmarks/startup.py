"""Start-up costs, each measured in a fresh Python process.

* cold compile: ``kmeans_edu.warmup()`` with an empty Numba cache (``NUMBA_CACHE_DIR`` set to
  a new temporary folder, so nothing is loaded from disk);
* warm import + first fit: ``from kmeans_edu import KMeans`` and a first fit of a 2,000 x 2
  problem, with the Numba cache already filled (what a notebook's first cell pays), against the
  same with scikit-learn's ``KMeans``.
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
from {module} import KMeans
X = np.random.RandomState(0).rand(2000, 2)
km = KMeans(n_clusters=3, n_init=1, random_state=0).fit(X)
print(json.dumps({{"total_s": time.perf_counter() - start}}))
"""


def _run(code, env=None):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_compile():
    """Seconds of ``warmup()`` (and of the import before it) with an empty Numba cache."""
    with tempfile.TemporaryDirectory(prefix="kmeans_edu-cold-") as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        return _run(_COLD, env)


def warm_first_fit(repeats=5):
    """``from MODULE import KMeans`` plus a first fit of a 2,000 x 2 problem, each run in a fresh
    process with the Numba cache warm, for kmeans_edu and for scikit-learn, interleaved:
    ``{"kmeans_edu": {"best": s, "median": s}, "sklearn": {...}}``."""
    modules = {"kmeans_edu": "kmeans_edu", "sklearn": "sklearn.cluster"}
    for module in modules.values():
        _run(_WARM.format(module=module))  # fill the cache, warm the file system
    times = {name: [] for name in modules}
    for _ in range(repeats):
        for name, module in modules.items():
            times[name].append(_run(_WARM.format(module=module))["total_s"])
    return {name: {"best": min(t), "median": sorted(t)[len(t) // 2]} for name, t in times.items()}
