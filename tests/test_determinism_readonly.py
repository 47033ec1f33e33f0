"""Same answer for any thread count; import and fit work from a read-only install."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import kmeans_edu

PACKAGE_DIR = Path(kmeans_edu.__file__).parent

FIT_SCRIPT = r"""
import hashlib, json, sys
import numpy as np
from kmeans_edu import KMeans, kmeans_plusplus
from sklearn.datasets import make_blobs
out = {}
for d in (2, 20):
    X, _ = make_blobs(n_samples=300_000 if d == 2 else 40_000, centers=7, n_features=d, cluster_std=3.0, random_state=d)
    for metric in ("euclidean", "manhattan", "cosine"):
        for dtype in (np.float64, np.float32):
            km = KMeans(7, random_state=1, metric=metric, max_iter=15).fit(X.astype(dtype))
            h = hashlib.sha256(km.labels_.tobytes() + km.cluster_centers_.tobytes() + repr(km.inertia_).encode())
            out[f"{d}-{metric}-{np.dtype(dtype).name}"] = h.hexdigest()
    out[f"pp-{d}"] = kmeans_plusplus(X, 20, random_state=0)[1].tolist()  # n (k+1)(d+1) >= 2e6: parallel
import numba
out["threads"] = numba.get_num_threads()
print(json.dumps(out))
"""


def run_fit(env_extra, prefix=()):
    env = {**os.environ, **env_extra}
    proc = subprocess.run(
        [*prefix, sys.executable, "-c", FIT_SCRIPT], env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_identical_results_for_one_and_two_threads():
    one = run_fit({"NUMBA_NUM_THREADS": "1"})
    two = run_fit({"NUMBA_NUM_THREADS": "2"})
    assert one.pop("threads") == 1 and two.pop("threads") == 2
    assert one == two


READONLY_SCRIPT = r"""
set -e
mount --bind "$PKG" "$PKG" && mount -o remount,bind,ro "$PKG"
mount --bind "$HOME" "$HOME" && mount -o remount,bind,ro "$HOME"
if [ "$TMP_RO" = 1 ]; then mount --bind "$TMPDIR" "$TMPDIR" && mount -o remount,bind,ro "$TMPDIR"; fi
touch "$PKG/.probe" 2>/dev/null && { echo "package dir is writable"; exit 3; }
touch "$HOME/.probe" 2>/dev/null && { echo "HOME is writable"; exit 3; }
exec "$PYTHON" -c "$CODE"
"""

READONLY_CODE = r"""
import numpy as np
from kmeans_edu import KMeans
X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]], dtype=float)
km = KMeans(2, random_state=0, n_init=10).fit(X)
assert km.inertia_ == 16.0, km.inertia_
print("fit ok", km.inertia_)
"""


@pytest.mark.skipif(shutil.which("unshare") is None or os.geteuid() != 0, reason="needs root and unshare -m")
@pytest.mark.parametrize("tmp_readonly", [False, True], ids=["cache-in-tmp", "no-cache"])
def test_import_and_fit_from_readonly_install(tmp_readonly):
    """Package folder and HOME mounted read-only (root ignores permission bits: chmod would prove nothing)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "PKG": str(PACKAGE_DIR),
            "PYTHON": sys.executable,
            "CODE": READONLY_CODE,
            "TMPDIR": tmp,
            "TMP_RO": "1" if tmp_readonly else "0",
        }
        env.pop("NUMBA_CACHE_DIR", None)
        proc = subprocess.run(
            ["unshare", "-m", "bash", "-c", READONLY_SCRIPT], env=env, capture_output=True, text=True, timeout=600
        )
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
        assert "fit ok 16.0" in proc.stdout
        cached = list(Path(tmp).glob("kmeans_edu-numba-*/**/*.nbi"))
        assert bool(cached) == (not tmp_readonly), cached

