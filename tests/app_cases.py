"""Every widget app with a figure, small enough for quick tests, and one control change for each."""

import numpy as np

from kmeans_edu.datasets import blobs
from kmeans_edu.widgets.elbow import ElbowApp
from kmeans_edu.widgets.kmeanspp import KMeansPlusPlusApp
from kmeans_edu.widgets.lloyd_stepper import LloydStepper
from kmeans_edu.widgets.metrics_demo import MetricsApp
from kmeans_edu.widgets.overview import OverviewApp
from kmeans_edu.widgets.quantize import QuantizeApp
from kmeans_edu.widgets.vq_compare import VQCompareApp
from kmeans_edu.widgets.weaknesses import LocalOptimaApp, NonConvexApp, OutlierApp

X = blobs(80, 3, 1.0, seed=0)[0]
_rng = np.random.default_rng(0)
IMAGE = (_rng.random((24, 32, 3)) * 255).astype(np.uint8)

#: name -> (app factory, control to change, a new value for it)
CASES = {
    "LloydStepper": (lambda: LloydStepper(X, 3), "step", 2),
    "KMeansPlusPlusApp": (lambda: KMeansPlusPlusApp(X, 3), "pick", 2),
    "OverviewApp": (lambda: OverviewApp(), "k", 4),
    "LocalOptimaApp": (lambda: LocalOptimaApp(X, 4, n_seeds=5), "init", "k-means++"),
    "OutlierApp": (lambda: OutlierApp(n=60, k=3), "distance", 40.0),
    "NonConvexApp": (lambda: NonConvexApp(n=120), "shape", "moons"),
    "ElbowApp": (lambda: ElbowApp(n_samples=80, ks=range(1, 6), n_init=1), "S", 3.0),
    "MetricsApp": (lambda: MetricsApp(n_samples=60), "metric", "manhattan"),
    "VQCompareApp": (lambda: VQCompareApp(), "k", 5),
    "QuantizeApp": (lambda: QuantizeApp(IMAGE, k=2, k_max=8, sample_size=300), "k", 5),
}
