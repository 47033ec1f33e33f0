"""The benchmark harness in quick mode (issue #6): it runs, and its agreement checks can fail.

Timings are never asserted here (CI machines are shared); what is checked is that kmeans_edu
gives scikit-learn's labels exactly, and its inertia to 1e-9 relative, on every workload shape.
"""

import os
import subprocess
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)  # benchmarks/ is a folder of the repository, not an installed package

from benchmarks import peers, run, workloads  # noqa: E402


def test_quick_mode_runs_every_workload_and_agrees(capsys):
    status = run.main(["--quick"])  # what `python -m benchmarks.run --quick` runs
    out = capsys.readouterr().out
    assert status == 0, out
    for name in workloads.NAMES:
        assert f"\n{name}: " in out
    assert "agreement: kmeans_edu matches sklearn lloyd on every workload and k-means++ picks" in out
    assert out.count("identical picks: True") == 2
    assert "MISS" not in out and "PASS" not in out  # quick mode asserts no timing targets
    if not peers.faiss_available():
        assert "faiss: not installed" in out


def test_the_documented_command_works():
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--workloads", "w2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "\nW2: digits 600 x 64" in proc.stdout and "\nW1: " not in proc.stdout


def _fit(labels, inertia):
    return peers.Fit(np.asarray(labels), inertia, 3, 1.0)


def test_agreement_accepts_equal_results_and_rejects_a_changed_label():
    ref = _fit([0, 1, 1, 2], 10.0)
    assert run.agreement(_fit([0, 1, 1, 2], 10.0 * (1 + 5e-10)), ref, np.float64) == (1.0, pytest.approx(5e-10), True)
    same, _, ok = run.agreement(_fit([0, 1, 2, 2], 10.0), ref, np.float64)
    assert (same, ok) == (0.75, False)


def test_agreement_tolerance_depends_on_dtype():
    ref = _fit([0, 1], 1.0)
    assert not run.agreement(_fit([0, 1], 1.0 + 1e-7), ref, np.float64)[2]
    assert run.agreement(_fit([0, 1], 1.0 + 1e-7), ref, np.float32)[2]


def test_float32_agreement_allows_one_label_in_a_hundred_to_differ():
    ref = _fit(np.zeros(200, dtype=int), 1.0)
    two_differ, three_differ = np.zeros(200, dtype=int), np.zeros(200, dtype=int)
    two_differ[:2], three_differ[:3] = 1, 1
    assert run.agreement(_fit(two_differ, 1.0), ref, np.float32)[2]
    assert not run.agreement(_fit(three_differ, 1.0), ref, np.float32)[2]
    assert not run.agreement(_fit(two_differ, 1.0), ref, np.float64)[2]


def test_every_implementation_runs_the_same_iterations_from_the_same_centres():
    work = workloads.make("W2", quick=True)
    for name, fit_function in peers.PEERS.items():
        if name == "faiss" and not peers.faiss_available():
            continue
        fit = peers.complete(work.X, fit_function(work.X, work.init, 2))
        assert fit.n_iter <= 2 and fit.seconds > 0, name
        assert fit.labels.shape == (work.X.shape[0],), name
        # the labels belong to the returned centres: the inertia is their SSE, never above the start's
        start_sse = peers.labels_and_inertia(work.X, work.init)[1]
        assert fit.inertia <= start_sse * (1 + 1e-6), name


def test_workloads_have_the_documented_shapes():
    shapes = {"W1": (3_000, 2, 8), "W2": (600, 64, 10), "W3": (6_832, 3, 16), "W4": (600, 784, 10)}
    for name, (n, d, k) in shapes.items():
        work = workloads.make(name, quick=True)
        assert (work.X.shape, work.k, work.X.dtype) == ((n, d), k, np.float64)
    w6 = workloads.make("W6", quick=True)
    assert w6.X.dtype == np.float32
    assert np.array_equal(w6.X, workloads.make("W4", quick=True).X.astype(np.float32))
    china = workloads.china_pixels()
    assert china.shape == (273_280, 3) and china.min() >= 0.0 and china.max() <= 1.0


def test_bad_workload_name_is_rejected():
    with pytest.raises(ValueError, match="workload"):
        workloads.make("W9")
    with pytest.raises(SystemExit):
        run.parse_args(["--workloads", "W9"])
