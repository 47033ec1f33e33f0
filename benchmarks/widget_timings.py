"""Milliseconds per control change of every widget app of the notebooks (01-08, 99).

Run: ``MPLBACKEND=Agg python benchmarks/widget_timings.py [--repeat N]``.

Every app is built with the data its notebook uses, every control is changed once as a
warm-up (Numba compilation, first draw), then each control is changed ``repeat`` times.
The time of a change is what the app's ``_timed`` observer records: the recomputation plus
the redraw (``fig.canvas.draw_idle()``, a full Agg render). The target is < 100 ms per change.
Two more columns split it: "compute" is the same change with the redraw left out, "render"
is one full ``fig.canvas.draw()`` of the app's figure (the same for every control); on a busy
machine the render part grows with the load, the compute part hardly.
This is a check to run by hand, not a unit test: timing asserts do not belong in tests.
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use(os.environ["MPLBACKEND"])

from kmeans_edu import datasets  # noqa: E402
from kmeans_edu.images import load_bundled_photo  # noqa: E402
from kmeans_edu.widgets.elbow import ElbowApp  # noqa: E402
from kmeans_edu.widgets.kmeanspp import KMeansPlusPlusApp  # noqa: E402
from kmeans_edu.widgets.lloyd_stepper import LloydStepper  # noqa: E402
from kmeans_edu.widgets.metrics_demo import MetricsApp  # noqa: E402
from kmeans_edu.widgets.overview import OverviewApp  # noqa: E402
from kmeans_edu.widgets.quantize import QuantizeApp  # noqa: E402
from kmeans_edu.widgets.vq_compare import VQCompareApp  # noqa: E402
from kmeans_edu.widgets.weaknesses import LocalOptimaApp, NonConvexApp, OutlierApp  # noqa: E402

TARGET_MS = 100.0


def apps():
    """(name, factory, {control: [values to cycle through]}) at the notebooks' data sizes."""
    X01, _ = datasets.blobs(n=150, k=4, spread=1.5, seed=3)
    X02, _ = datasets.blobs(n=300, k=8, spread=0.8, seed=4)
    X04, _ = datasets.blobs(n=200, k=5, spread=1.2, seed=7)
    return [
        (
            "01 LloydStepper",
            lambda: LloydStepper(X01, 4, init="random", seed=3),
            {
                "step": [5, 6, 12, 3],
                "seed": [4, 5, 3],
                "k": [5, 4],
                "init": ["k-means++", "random"],
                "max_iter": [10, 20],
                "tol": [False, True],
                "no_reassignment": [False, True],
                "tol_value": [1e-2, 1e-4],
                "voronoi": [False, True],
                "lines": [True, False],
                "trails": [False, True],
            },
        ),
        (
            "02 LocalOptimaApp",
            lambda: LocalOptimaApp(X02, 8, n_seeds=100),
            {
                "seed": [1, 2, 3, 4],
                "init": ["k-means++", "random"],
            },
        ),
        (
            "02 OutlierApp",
            lambda: OutlierApp(n=150, k=3, n_outliers=5, distance=25.0),
            {
                "n_outliers": [6, 10, 5],
                "distance": [20.0, 40.0, 25.0],
                "angle": [90.0, 200.0, 45.0],
            },
        ),
        (
            "02 NonConvexApp",
            lambda: NonConvexApp(n=300),
            {
                "shape": list(NonConvexApp.SHAPES[1:]) + ["circles"],
            },
        ),
        (
            "04 KMeansPlusPlusApp",
            lambda: KMeansPlusPlusApp(X04, 5, seed=0),
            {
                "pick": [1, 2, 3, 4, 0],
                "seed": [1, 2, 0],
                "k": [4, 6, 5],
                "greedy": [False, True],
            },
        ),
        ("03 ElbowApp", ElbowApp, {"centers": [5, 3, 4], "spread": [1.0, 0.6], "S": [2.0, 1.0]}),
        (
            "05 MetricsApp",
            lambda: MetricsApp(metric="manhattan + mean (mismatch)", data="blobs with outliers", k=2),
            {
                "metric": ["euclidean", "manhattan", "cosine", "manhattan + mean (mismatch)"],
                "data": ["blobs", "directions", "blobs with outliers"],
                "k": [3, 2],
            },
        ),
        (
            "07 VQCompareApp",
            lambda: VQCompareApp(dataset="unequal spread", k=3),
            {
                "dataset": ["blobs", "outliers", "mixed scales", "unequal spread"],
                "k": [4, 3],
                "whiten": [True, False],
                "seed": [1, 0],
            },
        ),
        (
            "08b QuantizeApp",  # K values already fitted (cached), as when a learner moves back
            lambda: QuantizeApp(load_bundled_photo("china")[::2, ::2], k=16, k_max=64),
            {"k": [8, 16, 32, 16], "color_space": ["lab", "rgb"]},
        ),
        (
            "99 OverviewApp",
            OverviewApp,
            {
                "data": ["moons", "stretched blobs", "unequal sizes", "blobs + outliers", "blobs"],
                "k": [4, 3],
                "init": ["random", "k-means++"],
                "seed": [1, 0],
                "metric": ["manhattan", "euclidean"],
                "step": [5, 1],
                "voronoi": [False, True],
            },
        ),
    ]


def time_app(name, factory, plan, repeat):
    start = time.perf_counter()
    app = factory()
    build_ms = 1e3 * (time.perf_counter() - start)
    app.fig.canvas.draw()
    for control, values in plan.items():  # warm-up
        for v in values:
            app.controls[control].value = v
    rows = []
    for control, values in plan.items():
        app.update_times.clear()
        for _ in range(repeat):
            for v in values:
                app.controls[control].value = v
        ms = [1e3 * t for t in app.update_times]
        fig, app.fig = app.fig, None  # _timed skips the redraw when there is no figure
        app.update_times.clear()
        for _ in range(repeat):
            for v in values:
                app.controls[control].value = v
        app.fig = fig
        compute = [1e3 * t for t in app.update_times]
        rows.append((control, len(ms), statistics.median(ms), max(ms), statistics.median(compute)))
    renders = []
    for _ in range(max(3, repeat)):
        start = time.perf_counter()
        app.fig.canvas.draw()
        renders.append(1e3 * (time.perf_counter() - start))
    return build_ms, rows, statistics.median(renders)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="cycles through each control's values")
    args = parser.parse_args(argv)
    print(f"backend {matplotlib.get_backend()}, target < {TARGET_MS:.0f} ms per control change")
    worst = 0.0
    for name, factory, plan in apps():
        build_ms, rows, render_ms = time_app(name, factory, plan, args.repeat)
        print(f"\n{name} (built in {build_ms:.0f} ms; one full render {render_ms:.1f} ms)")
        print(f"  {'control':16} {'changes':>7} {'median ms':>10} {'max ms':>8} {'compute ms':>11}")
        for control, count, median, top, compute in rows:
            flag = "" if median < TARGET_MS else "  <-- over target"
            print(f"  {control:16} {count:7d} {median:10.1f} {top:8.1f} {compute:11.1f}{flag}")
            worst = max(worst, median)
    print(f"\nworst median: {worst:.1f} ms ({'within' if worst < TARGET_MS else 'OVER'} the {TARGET_MS:.0f} ms target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
