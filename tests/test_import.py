"""What ``import kmeans_edu`` loads, and the one scikit-learn helper it replaces."""

import os
import subprocess
import sys

import numpy as np
import pytest


def test_import_does_not_load_scikit_learn():
    """scikit-learn's import alone takes ~0.8 s; the steps and vq must not pay it, KMeans loads it on use."""
    code = (
        "import sys, kmeans_edu; assert 'sklearn' not in sys.modules, 'sklearn imported'; "
        "from kmeans_edu import KMeans; assert 'sklearn' in sys.modules and KMeans.__module__ == 'kmeans_edu.estimator'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_check_random_state_is_scikit_learns():
    from sklearn.utils import check_random_state as sklearn_check

    from kmeans_edu._validation import check_random_state

    for seed in (0, 7, np.int64(3), True):
        assert check_random_state(seed).randint(1 << 30) == sklearn_check(seed).randint(1 << 30)
    rs = np.random.RandomState(5)
    assert check_random_state(rs) is rs
    assert check_random_state(None) is sklearn_check(None)
    for bad in ("3", 1.5, np.random.default_rng(0)):
        with pytest.raises(ValueError, match="cannot be used to seed"):
            check_random_state(bad)


def test_warmup_compiles_every_kernel_the_fits_use(tmp_path):
    """From an empty cache, warmup() compiles the kernels in child processes; the fits it then
    runs in the calling process must find every signature they use in the cache (no compile)."""
    code = """
import numba, kmeans_edu
from kmeans_edu import _kernels
kmeans_edu.warmup()
compiled = {
    name: sum(f.stats.cache_misses.values())
    for name, f in vars(_kernels).items()
    if isinstance(f, numba.core.registry.CPUDispatcher) and f.signatures
}
loaded = sum(sum(f.stats.cache_hits.values()) for f in vars(_kernels).values()
             if isinstance(f, numba.core.registry.CPUDispatcher))
assert loaded >= 18, loaded  # 9 kernels x 2 dtypes came from the children's cache
assert not any(compiled.values()), compiled
"""
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path))
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=600)
    assert any(tmp_path.rglob("*.nbi"))  # the cache really was written there
