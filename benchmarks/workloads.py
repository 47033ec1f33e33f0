"""The six workloads of issue #6, in a full and a quick (tiny, for CI) size.

=====  ==========================================  =======  =====
name   data                                        k        dtype
=====  ==========================================  =======  =====
W1     make_blobs n=100,000 d=2                    8        f64
W2     digits 1797 x 64                            10       f64
W3     pixels of china.jpg 273,280 x 3 in [0, 1]   64       f64
W4     make_blobs n=60,000 d=784                   10       f64
W5     make_blobs n=200,000 d=128                  256      f64
W6     W4 in float32                               10       f32
=====  ==========================================  =======  =====

The initial centres are k distinct rows of X drawn with a fixed seed (random rows make
Lloyd's loop run longer than k-means++ would, which is what a per-iteration timing needs).
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Workload:
    """One benchmark problem: data, initial centres and the iteration budget."""

    name: str
    description: str
    X: np.ndarray
    init: np.ndarray
    max_iter: int

    @property
    def k(self):
        return self.init.shape[0]

    def shape_text(self):
        n, d = self.X.shape
        return f"{n:,} x {d}, k={self.k}, {self.X.dtype}"


NAMES = ("W1", "W2", "W3", "W4", "W5", "W6")

# (n, d, k, max_iter) for the full and the quick sizes; W2 and W3 are real data sets.
_FULL = {"W1": (100_000, 2, 8, 30), "W4": (60_000, 784, 10, 10), "W5": (200_000, 128, 256, 5)}
_QUICK = {"W1": (3_000, 2, 8, 10), "W4": (600, 784, 10, 5), "W5": (2_000, 128, 32, 5)}


def _blobs(n, d, k, dtype=np.float64):
    from sklearn.datasets import make_blobs

    X, _ = make_blobs(n_samples=n, n_features=d, centers=k, random_state=0)
    return np.ascontiguousarray(X, dtype=dtype)


def china_pixels():
    """The pixels of scikit-learn's china.jpg as a (273280, 3) float64 array in [0, 1]."""
    from sklearn.datasets import load_sample_image

    image = load_sample_image("china.jpg")
    return np.asarray(image, dtype=np.float64).reshape(-1, 3) / 255.0


def initial_centres(X, k, seed=0):
    """k distinct rows of X, drawn with a fixed seed: the same start for every implementation."""
    rows = np.random.RandomState(seed).choice(X.shape[0], size=k, replace=False)
    return X[np.sort(rows)].copy()


def make(name, quick=False):
    """Build workload ``name`` (one of NAMES); ``quick`` gives the tiny CI size."""
    sizes = _QUICK if quick else _FULL
    if name in ("W1", "W4", "W5"):
        n, d, k, max_iter = sizes[name]
        X = _blobs(n, d, k)
        description = f"make_blobs n={n:,} d={d}"
    elif name == "W6":
        n, d, k, max_iter = sizes["W4"]
        X = _blobs(n, d, k, np.float32)
        description = f"make_blobs n={n:,} d={d} (W4) in float32"
    elif name == "W2":
        from sklearn.datasets import load_digits

        X = np.ascontiguousarray(load_digits().data, dtype=np.float64)
        k, max_iter = 10, (10 if quick else 50)
        if quick:
            X = X[:600]
        description = f"digits {X.shape[0]} x {X.shape[1]}"
    elif name == "W3":
        X = china_pixels()
        k, max_iter = 64, 10
        if quick:  # every 40th pixel, and fewer centres
            X, k = np.ascontiguousarray(X[::40]), 16
        description = f"china.jpg pixels {X.shape[0]:,} x 3 in [0, 1]"
    else:
        raise ValueError(f"workload must be one of {NAMES}; got {name!r}.")
    return Workload(name, description, X, initial_centres(X, k), max_iter)
