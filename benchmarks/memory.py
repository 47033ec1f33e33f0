"""Peak extra memory of one fit, measured in a fresh process.

Method (Linux): the child loads X and the initial centres from an ``.npz`` file, runs the fit
once on a small slice (imports, Numba cache, thread pools), then resets the kernel's
peak-RSS counter by writing ``5`` to ``/proc/self/clear_refs``. After the real fit,
``VmHWM - VmRSS(before)`` from ``/proc/self/status`` is the extra resident memory the fit
needed at its peak. This counts every allocation (numpy, Numba's runtime, OpenMP,
C++ inside faiss), which ``tracemalloc`` would not. Where ``clear_refs`` cannot be written,
``ru_maxrss`` minus the RSS before the fit is used instead (an upper bound) and the output
says so.

Usage (internal): ``python -m benchmarks.memory IMPLEMENTATION DATA.npz MAX_ITER``; prints JSON.
"""

import json
import resource
import sys

import numpy as np

from . import peers


def _status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def _reset_peak():
    """Reset VmHWM to the current RSS; False where the kernel does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def measure(name, X, init, max_iter):
    """Extra peak resident memory (MiB) of ``peers.PEERS[name](X, init, max_iter)``, and the method."""
    fit = peers.PEERS[name]
    if name == "faiss":  # faiss computes in float32; its copy of X is left out, as in the timing
        X = np.ascontiguousarray(X, dtype=np.float32)
    small = max(4 * init.shape[0], 64)
    fit(np.ascontiguousarray(X[:small]), init, 2)  # warm-up: imports, compiled code, threads
    exact = _reset_peak()
    before = _status_kib("VmRSS")
    fit(X, init, max_iter)
    if exact:
        peak, method = _status_kib("VmHWM"), "VmHWM"
    else:
        peak, method = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "ru_maxrss"
    return (peak - before) / 1024, method


def main(argv):
    name, path, max_iter = argv[0], argv[1], int(argv[2])
    with np.load(path) as data:
        X, init = data["X"], data["init"]
    extra, method = measure(name, X, init, max_iter)
    print(json.dumps({"extra_mib": extra, "method": method, "data_mib": X.nbytes / 2**20}))


if __name__ == "__main__":
    main(sys.argv[1:])
