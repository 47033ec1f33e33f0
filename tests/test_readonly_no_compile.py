"""Issue 14, family 1: read-only inputs must not make Numba compile new kernel specialisations.

Numba types a read-only array as a different type from a writable one; before the fix the first
``KMeans.fit`` on a read-only X after ``warmup()`` compiled every kernel again (92 s).
``np.asarray(pandas.Series)`` is read-only with current pandas, so ``sample_weight=pd.Series(...)``
hit it too.
"""

import subprocess
import sys

CODE = r"""
import numba, numpy as np
import kmeans_edu
from kmeans_edu import KMeans, _kernels, assign_labels, lloyd, sse, update_centers, vq
from kmeans_edu.init import init_centroids

kmeans_edu.warmup()

def compiled():
    return {name: len(f.signatures) for name, f in vars(_kernels).items()
            if isinstance(f, numba.core.registry.CPUDispatcher)}

before = compiled()
rng = np.random.RandomState(0)
for dtype in (np.float64, np.float32):
    for d in (2, 16):
        X = rng.rand(50, d).astype(dtype)
        X.flags.writeable = False
        w = rng.rand(50) + 0.5
        w.flags.writeable = False
        C = X[:3].copy(); C.flags.writeable = False
        KMeans(3, n_init=1, random_state=0).fit(X, sample_weight=w)
        KMeans(3, n_init=1, random_state=0, metric="manhattan").fit(X, sample_weight=w).predict(X)
        km = KMeans(3, n_init=1, random_state=0, init="random").fit(X, sample_weight=np.frombuffer(w.tobytes()))
        km.score(X, sample_weight=w)
        km.transform(X)
        labels, _ = assign_labels(X, C)
        labels.flags.writeable = False
        update_centers(X, labels, C, sample_weight=w)
        sse(X, labels, C, sample_weight=w)
        lloyd(X, C, sample_weight=w)
        init_centroids(X, 3, "k-means++", np.random.RandomState(0), w)
        vq.vq(X, C)
        vq.kmeans(X, 3, rng=0)
        vq.kmeans2(X, 3, minit="++", rng=0)
try:
    import pandas as pd
except ImportError:
    pass
else:
    X = rng.rand(50, 2)
    s = pd.Series(rng.rand(50) + 0.5)
    assert not np.asarray(s).flags.writeable  # the case of the issue
    KMeans(3, n_init=1, random_state=0).fit(X, sample_weight=s)
after = compiled()
new = {name: after[name] - before.get(name, 0) for name in after if after[name] != before.get(name, 0)}
assert not new, f"new specialisations compiled for read-only inputs: {new}"
print("ok")
"""


def test_read_only_inputs_compile_nothing_after_warmup():
    """In a fresh process, after warmup(), fits and steps on read-only X, centres, labels and weights
    (and a pandas Series of weights) add no kernel signature."""
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("ok")


def test_read_only_input_is_not_written_and_gives_the_same_result():
    """The kernels get a writable view of a read-only array: same result, the input unchanged and still read-only."""
    import numpy as np

    from kmeans_edu import KMeans

    X = np.random.RandomState(1).rand(60, 3)
    ro = X.copy()
    ro.flags.writeable = False
    a = KMeans(4, n_init=1, random_state=0).fit(X)
    b = KMeans(4, n_init=1, random_state=0).fit(ro)
    np.testing.assert_array_equal(a.labels_, b.labels_)
    np.testing.assert_array_equal(a.cluster_centers_, b.cluster_centers_)
    assert not ro.flags.writeable
    np.testing.assert_array_equal(ro, X)
    # memory that is read-only itself (a bytes buffer) works too
    buffered = np.frombuffer(X.tobytes()).reshape(X.shape)
    c = KMeans(4, n_init=1, random_state=0).fit(buffered)
    np.testing.assert_array_equal(a.labels_, c.labels_)
