"""scikit-learn's own ``test_k_means.py`` tests for ``MiniBatchKMeans``, run on kmeans_edu's class.

A plugin replaces ``sklearn.cluster.MiniBatchKMeans`` before the test module imports it, so every
test that uses the public class (including the ``Estimator`` parametrisations) gets ours. The sparse
variants are left out: kmeans_edu works on dense arrays only (sparse input raises a TypeError).
"""

import os
import re
import subprocess
import sys

import pytest
import sklearn

TEST_FILE = os.path.join(os.path.dirname(sklearn.__file__), "cluster", "tests", "test_k_means.py")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.skipif(not os.path.exists(TEST_FILE), reason="this scikit-learn install ships without its tests")
def test_sklearn_minibatch_tests_pass_on_our_class():
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.join(ROOT, "tests"), ROOT]))
    selection = "(MiniBatchKMeans or minibatch or mini_batch) and not sparse"
    command = [sys.executable, "-m", "pytest", "-p", "_sklearn_minibatch_plugin", "-p", "no:cacheprovider", "-q",
               "--tb=short", "-rf", TEST_FILE, "-k", selection]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-2000:]
    passed = int(re.search(r"(\d+) passed", run.stdout).group(1))
    assert passed >= 40, run.stdout[-2000:]
