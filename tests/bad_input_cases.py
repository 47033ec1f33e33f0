"""The bad-input sweep of issue 14 as a table: public API x bad or extreme input -> expected outcome.

Every case is ``(family, id, call, expected)``:

* ``call()`` runs the public API on one input;
* ``expected`` is ``Error(name)``: a ``ValueError`` or ``TypeError`` whose message names the argument
  ``name``; or ``Result(check)``: ``check(result)`` compares the result with a reference (scikit-learn,
  SciPy, the same call on plain data, or a known answer) and no float in it is NaN or infinite.

Outcomes: ``clear error`` and ``correct result`` are what is expected; anything else (``wrong result``,
``unclear error``, ``no error``, ``unexpected error``, ``crash``, ``hang``) is a failure.

``tests/test_bad_input_sweep.py`` runs the cases in a subprocess (a crash then fails the cases of its
family instead of killing pytest: see :func:`run_families`). Run this file directly for the counts by
outcome::

    python tests/bad_input_cases.py               # every family, then the counts
    python tests/bad_input_cases.py --families 4  # family 4 in this process, one JSON line per case
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import warnings
from collections import Counter
from dataclasses import dataclass

import numpy as np

from kmeans_edu import KMeans, assign_labels, init_centroids, kmeans_plusplus, lloyd, objective, sse, update_centers, vq

FAMILIES = {
    "1": "read-only inputs",
    "2": "data far from the origin",
    "3": "overflow and underflow",
    "4": "complex input",
    "5": "cosine with an all-zero row or centre",
    "6": "vq exact ties",
    "7": "kmeans2",
    "8": "clear errors",
    "9": "images",
    "10": "what already worked",
}
EXPECTED_OUTCOMES = ("clear error", "correct result")
MARK = "@@case "
DONE = "@@done "


@dataclass
class Error:
    """Expect a ValueError or TypeError whose message names ``name`` (and says ``words``, if given)."""

    name: str
    words: str | None = None


@dataclass
class Result:
    """Expect a result for which ``check(result)`` is true (and no NaN or infinity in it)."""

    check: object


# ---------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------

RNG = np.random.RandomState(14)
X = RNG.randn(30, 2)
X8 = RNG.randn(40, 8)
C = X[:3].copy()
LABELS = np.arange(30) % 3
RAGGED = [[1.0, 2.0], [3.0]]


def _read_only(a):
    a = np.array(a)
    a.flags.writeable = False
    return a


def _floats(value):
    """Every float in a (possibly nested) result."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _floats(v)
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _floats(v)
    elif isinstance(value, np.ndarray) and value.dtype.kind == "f":
        yield from value.ravel().tolist()
    elif isinstance(value, (float, np.floating)):
        yield float(value)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        for k, v in vars(value).items():
            if not k.startswith("_") and k != "history":
                yield from _floats(v)


def _equal(a, b):
    return all(np.array_equal(np.asarray(x), np.asarray(y)) for x, y in zip(a, b, strict=True))


# ---------------------------------------------------------------------------------------------------
# The table, family by family
# ---------------------------------------------------------------------------------------------------


def _family_1():
    """Read-only X, centres, labels and weights: the same answer as for writable ones."""

    cases = []
    for d, data in (("d2", X), ("d8", X8)):
        for dtype in (np.float64, np.float32):
            Xw = data.astype(dtype)
            Xr, Cr, Wr = _read_only(Xw), _read_only(Xw[:3]), _read_only(np.linspace(0.5, 2, len(Xw)))
            W = np.linspace(0.5, 2, len(Xw))
            Lr = _read_only(np.arange(len(Xw)) % 3)
            tag = f"{d}-{np.dtype(dtype).name}"
            pairs = {
                "KMeans.fit": (
                    lambda Xr=Xr, Wr=Wr: KMeans(3, n_init=1, random_state=0).fit(Xr, sample_weight=Wr).labels_,
                    lambda Xw=Xw, W=W: KMeans(3, n_init=1, random_state=0).fit(Xw, sample_weight=W).labels_,
                ),
                "lloyd": (lambda Xr=Xr, Cr=Cr: lloyd(Xr, Cr).centers, lambda Xw=Xw: lloyd(Xw, Xw[:3]).centers),
                "assign_labels": (lambda Xr=Xr, Cr=Cr: assign_labels(Xr, Cr), lambda Xw=Xw: assign_labels(Xw, Xw[:3])),
                "update_centers": (
                    lambda Xr=Xr, Lr=Lr, Cr=Cr, Wr=Wr: update_centers(Xr, Lr, Cr, sample_weight=Wr)[0],
                    lambda Xw=Xw, Lr=Lr, W=W: update_centers(Xw, np.array(Lr), Xw[:3], sample_weight=W)[0],
                ),
                "sse": (
                    lambda Xr=Xr, Lr=Lr, Cr=Cr: sse(Xr, Lr, Cr),
                    lambda Xw=Xw, Lr=Lr: sse(Xw, np.array(Lr), Xw[:3]),
                ),
                "objective-manhattan": (
                    lambda Xr=Xr, Lr=Lr, Cr=Cr: objective(Xr, Lr, Cr, metric="manhattan"),
                    lambda Xw=Xw, Lr=Lr: objective(Xw, np.array(Lr), Xw[:3], metric="manhattan"),
                ),
                "kmeans_plusplus": (
                    lambda Xr=Xr, Wr=Wr: kmeans_plusplus(Xr, 3, sample_weight=Wr, random_state=0)[1],
                    lambda Xw=Xw, W=W: kmeans_plusplus(Xw, 3, sample_weight=W, random_state=0)[1],
                ),
                "init_centroids": (
                    lambda Xr=Xr, Wr=Wr: init_centroids(Xr, 3, "random", 0, Wr),
                    lambda Xw=Xw, W=W: init_centroids(Xw, 3, "random", 0, W),
                ),
                "vq.vq": (lambda Xr=Xr, Cr=Cr: vq.vq(Xr, Cr), lambda Xw=Xw: vq.vq(Xw, Xw[:3])),
                "vq.kmeans2": (
                    lambda Xr=Xr, Cr=Cr: vq.kmeans2(Xr, Cr, minit="matrix"),
                    lambda Xw=Xw: vq.kmeans2(Xw, Xw[:3], minit="matrix"),
                ),
            }
            for name, (read_only, writable) in pairs.items():
                cases.append(
                    (
                        f"{name}-{tag}",
                        read_only,
                        Result(lambda r, writable=writable: _equal(_tuple(r), _tuple(writable()))),
                    )
                )
    try:
        import pandas as pd
    except ImportError:
        return cases
    series = pd.Series(np.linspace(0.5, 2, 30))
    cases.append(
        (
            "KMeans.fit-pandas-Series-weights",
            lambda: KMeans(3, n_init=1, random_state=0).fit(X, sample_weight=series).cluster_centers_,
            Result(
                lambda r: np.array_equal(
                    r,
                    KMeans(3, n_init=1, random_state=0).fit(X, sample_weight=series.to_numpy().copy()).cluster_centers_,
                )
            ),
        )
    )
    return cases


def _tuple(r):
    return r if isinstance(r, tuple) else (r,)


def _family_2():
    """Translating X and the centres changes no label (the reference: the same call on untranslated data)."""

    def exact(a, b):
        return np.array_equal(a, b)

    def close(a, b):
        return np.isclose(a, b, rtol=1e-4)

    # (name, call(data, centres) -> result, how to compare with the untranslated call)
    calls = [
        ("assign_labels", lambda data, Cd: assign_labels(data, Cd)[0], exact),
        ("KMeans.predict", lambda data, Cd: KMeans(3, init=Cd, n_init=1).fit(data).predict(data), exact),
        ("KMeans.score", lambda data, Cd: KMeans(3, init=Cd, n_init=1).fit(data).score(data), close),
        ("lloyd", lambda data, Cd: lloyd(data, Cd).labels, exact),
        ("vq.vq", lambda data, Cd: vq.vq(data, Cd)[0], exact),
        ("predict-equals-labels_", lambda data, Cd: _predict_vs_labels(KMeans, data), exact),
    ]
    cases = []
    for shift in (1e6, 1e8, -1e10, 1e12):
        for d, data in (("d2", X), ("d8", X8)):
            for name, call, compare in calls:
                cases.append(
                    (
                        f"{name}-{d}-shift{shift:g}",
                        lambda call=call, data=data, shift=shift: call(data + shift, data[:3] + shift),
                        Result(lambda r, call=call, data=data, compare=compare: compare(r, call(data, data[:3]))),
                    )
                )
    return cases


def _predict_vs_labels(KMeans, data):
    km = KMeans(3, n_init=1, random_state=0).fit(data)
    return bool(np.array_equal(km.predict(data), km.labels_))


def _family_3():
    """Values so large or small that squares overflow or underflow: the answer on ``X * 2**j`` is the
    answer on X, scaled exactly; a value no float can hold (an SSE near 1e400) is a clear error."""
    from kmeans_edu.choosing_k import sse_sweep

    def fits(value, power):
        with np.errstate(over="ignore"):
            return bool(np.all(np.isfinite(np.ldexp(value, power))))

    def same(result, reference, j, dtype):
        """Labels and indices equal; floats equal to the reference times 2**j (exactly)."""
        for r, ref in zip(_tuple(result), _tuple(reference), strict=True):
            r, ref = np.asarray(r), np.asarray(ref)
            if ref.dtype.kind == "f":
                ref = np.ldexp(ref.astype(np.float64), j).astype(r.dtype)
            if not np.array_equal(r, ref):
                return False
        return True

    cases = []
    scales = [(j, np.float64) for j in (505, 530, 600, 665, 1000, -500, -560, -700, -900, -1000)]
    scales += [(j, np.float32) for j in (64, 70, 90, 120, -60, -80, -100)]
    for j, dtype in scales:
        tag = f"2^{j}-{np.dtype(dtype).name}"
        data = X.astype(dtype)
        big = np.ldexp(data, j).astype(dtype)
        thresh = float(np.ldexp(1e-5, j))

        def scaled(a, j=j, dtype=dtype):
            return np.ldexp(np.asarray(a, dtype=np.float64), j).astype(dtype)

        # (name, call on the scaled data, the same call on X, how its floats scale: 1 linear, 2 squared)
        calls = [
            (
                "KMeans.fit",
                lambda big=big: _fit_summary(KMeans(3, n_init=1, random_state=0).fit(big)),
                lambda data=data: _fit_summary(KMeans(3, n_init=1, random_state=0).fit(data)),
                (0, 1, 2),
            ),
            (
                "KMeans.fit-random-weights",
                lambda big=big: _fit_summary(
                    KMeans(3, init="random", n_init=2, random_state=0).fit(big, sample_weight=np.linspace(1, 2, 30))
                ),
                lambda data=data: _fit_summary(
                    KMeans(3, init="random", n_init=2, random_state=0).fit(data, sample_weight=np.linspace(1, 2, 30))
                ),
                (0, 1, 2),
            ),
            (
                "lloyd",
                lambda big=big, scaled=scaled, data=data: _lloyd_summary(lloyd(big, scaled(data[:3]))),
                lambda data=data: _lloyd_summary(lloyd(data, data[:3])),
                (0, 1, 2),
            ),
            (
                "assign_labels",
                lambda big=big, scaled=scaled, data=data: assign_labels(big, scaled(data[:3])),
                lambda data=data: assign_labels(data, data[:3]),
                (0, 1),
            ),
            (
                "update_centers",
                lambda big=big, scaled=scaled, data=data: update_centers(big, LABELS, scaled(data[:3]))[0],
                lambda data=data: update_centers(data, LABELS, data[:3])[0],
                (1,),
            ),
            (
                "sse",
                lambda big=big, scaled=scaled, data=data: sse(big, LABELS, scaled(data[:3])),
                lambda data=data: sse(data, LABELS, data[:3]),
                (2,),
            ),
            (
                "objective-manhattan",
                lambda big=big, scaled=scaled, data=data: objective(big, LABELS, scaled(data[:3]), metric="manhattan"),
                lambda data=data: objective(data, LABELS, data[:3], metric="manhattan"),
                (1,),
            ),
            (
                "kmeans_plusplus",
                lambda big=big: kmeans_plusplus(big, 3, random_state=0),
                lambda data=data: kmeans_plusplus(data, 3, random_state=0),
                (1, 0),
            ),
            (
                "init_centroids",
                lambda big=big: init_centroids(big, 3, "k-means++", 0),
                lambda data=data: init_centroids(data, 3, "k-means++", 0),
                (1,),
            ),
            (
                "vq.vq",
                lambda big=big, scaled=scaled, data=data: vq.vq(big, scaled(data[:3])),
                lambda data=data: vq.vq(data, data[:3]),
                (0, 1),
            ),
            (
                "vq.kmeans",
                lambda big=big, thresh=thresh: vq.kmeans(big, 3, rng=0, thresh=thresh),
                lambda data=data: vq.kmeans(data, 3, rng=0),
                (1, 1),
            ),
            (
                "vq.kmeans2-points",
                lambda big=big: vq.kmeans2(big, 3, minit="points", rng=0),
                lambda data=data: vq.kmeans2(data, 3, minit="points", rng=0),
                (1, 0),
            ),
            (
                "vq.kmeans2-++",
                lambda big=big: vq.kmeans2(big, 3, minit="++", rng=0),
                lambda data=data: vq.kmeans2(data, 3, minit="++", rng=0),
                (1, 0),
            ),
            (
                "sse_sweep",
                lambda big=big: sse_sweep(big, [1, 2], n_init=1),
                lambda data=data: sse_sweep(data, [1, 2], n_init=1),
                (2,),
            ),
        ]
        for name, call, reference, powers in calls:

            def expected(reference=reference, powers=powers, j=j, dtype=dtype):
                """The scaled reference, where every float of it fits; else a clear "too large" error."""
                ref = _tuple(reference())
                if all(fits(np.asarray(r, dtype=np.float64), p * j) for r, p in zip(ref, powers, strict=True) if p):
                    return Result(
                        lambda r: all(same(a, b, p * j, dtype) for a, b, p in zip(_tuple(r), ref, powers, strict=True))
                    )
                return Error("X", "too large")

            cases.append((f"{name}-{tag}", call, expected))
        cases.append(
            (
                f"vq.whiten-{tag}",
                lambda big=big: vq.whiten(big),
                Result(lambda r, data=data: np.array_equal(r, vq.whiten(data))),
            )
        )
    one_tiny = np.ones(30)
    one_tiny[7] = 5e-324
    for tag, w in (("subnormal", 1e-320), ("1e-200", 1e-200), ("huge", 1e308), ("one-subnormal", one_tiny)):
        weights = np.full(30, w)
        cases.append(
            (
                f"KMeans.fit-weights-{tag}",
                lambda weights=weights: KMeans(3, n_init=1).fit(X, sample_weight=weights),
                Error("sample_weight"),
            )
        )
        cases.append(
            (f"lloyd-weights-{tag}", lambda weights=weights: lloyd(X, C, sample_weight=weights), Error("sample_weight"))
        )
    return cases


def _fit_summary(km):
    return km.labels_, km.cluster_centers_, km.inertia_


def _lloyd_summary(result):
    return result.labels, result.centers, result.inertia


def _family_4():
    """Complex input: TypeError naming the argument, never silent truncation to the real part."""
    from kmeans_edu.choosing_k import fit_sweep, silhouette_sweep, sse_sweep
    from kmeans_edu.images import pca_features

    Z = X + 0.5j
    Zc = C + 0.5j
    calls = {
        "KMeans.fit": ("X", lambda: KMeans(3, n_init=1).fit(Z)),
        "KMeans.fit-weights": ("sample_weight", lambda: KMeans(3, n_init=1).fit(X, sample_weight=np.ones(30) + 1j)),
        "KMeans.fit-init": ("init", lambda: KMeans(3, init=Zc, n_init=1).fit(X)),
        "KMeans.predict": ("X", lambda: KMeans(3, n_init=1).fit(X).predict(Z)),
        "lloyd": ("X", lambda: lloyd(Z, C)),
        "lloyd-init": ("init", lambda: lloyd(X, Zc)),
        "lloyd-weights": ("sample_weight", lambda: lloyd(X, C, sample_weight=np.ones(30) + 1j)),
        "assign_labels": ("X", lambda: assign_labels(Z, C)),
        "assign_labels-centers": ("centers", lambda: assign_labels(X, Zc)),
        "update_centers": ("X", lambda: update_centers(Z, LABELS, C)),
        "update_centers-centers": ("centers", lambda: update_centers(X, LABELS, Zc)),
        "sse": ("X", lambda: sse(Z, LABELS, C)),
        "objective": ("X", lambda: objective(Z, LABELS, C)),
        "objective-cosine": ("X", lambda: objective(Z, LABELS, C, metric="cosine")),
        "kmeans_plusplus": ("X", lambda: kmeans_plusplus(Z, 3)),
        "kmeans_plusplus-weights": ("sample_weight", lambda: kmeans_plusplus(X, 3, sample_weight=np.ones(30) + 1j)),
        "init_centroids": ("X", lambda: init_centroids(Z, 3, "random", 0)),
        "vq.vq": ("obs", lambda: vq.vq(Z, C)),
        "vq.vq-code_book": ("code_book", lambda: vq.vq(X, Zc)),
        "vq.kmeans": ("obs", lambda: vq.kmeans(Z, 3)),
        "vq.kmeans-guess": ("k_or_guess", lambda: vq.kmeans(X, Zc)),
        "vq.kmeans2": ("data", lambda: vq.kmeans2(Z, 3)),
        "vq.kmeans2-matrix": ("k", lambda: vq.kmeans2(X, Zc, minit="matrix")),
        "vq.whiten": ("obs", lambda: vq.whiten(Z)),
        "fit_sweep": ("X", lambda: fit_sweep(Z, [1, 2], n_init=1)),
        "sse_sweep": ("X", lambda: sse_sweep(Z, [1, 2], n_init=1)),
        "silhouette_sweep": ("X", lambda: silhouette_sweep(Z, [2, 3], n_init=1)),
        "pca_features": ("X", lambda: pca_features(Z, 1)),
        "1-D-vq.whiten": ("obs", lambda: vq.whiten(Z[:, 0])),
        "object-array-of-complex": ("X", lambda: lloyd(Z.astype(object), C)),
    }
    cases = [(name, call, Error(arg, "complex")) for name, (arg, call) in calls.items()]
    for dtype in (np.complex64, np.complex128):
        cases.append((f"lloyd-{np.dtype(dtype).name}", lambda dtype=dtype: lloyd(Z.astype(dtype), C), Error("X")))
    return cases


def _family_5():
    """Cosine with an all-zero row or centre: the error assign_labels gives, never NaN or -inf."""

    Xz = X.copy()
    Xz[4] = 0
    Cz = C.copy()
    Cz[1] = 0
    km = KMeans(3, n_init=1, random_state=0, metric="cosine").fit(X)
    cases = [
        ("objective-zero-row", lambda: objective(Xz, LABELS, C, metric="cosine"), Error("X")),
        ("objective-zero-centre", lambda: objective(X, LABELS, Cz, metric="cosine"), Error("centers")),
        ("transform-zero-row", lambda: km.transform(Xz), Error("X")),
        ("assign_labels-zero-row", lambda: assign_labels(Xz, C, metric="cosine"), Error("X")),
        ("assign_labels-zero-centre", lambda: assign_labels(X, Cz, metric="cosine"), Error("centers")),
        ("lloyd-zero-init", lambda: lloyd(X, Cz, metric="cosine"), Error("init")),
        ("KMeans.fit-zero-row", lambda: KMeans(3, n_init=1, metric="cosine").fit(Xz), Error("X")),
        ("KMeans.predict-zero-row", lambda: km.predict(Xz), Error("X")),
        (
            "objective-cosine-normal",
            lambda: objective(X, LABELS, C, metric="cosine"),
            Result(
                lambda r: np.isclose(
                    r,
                    sum(
                        1 - X[i] @ C[LABELS[i]] / np.linalg.norm(X[i]) / np.linalg.norm(C[LABELS[i]]) for i in range(30)
                    ),
                )
            ),
        ),
        (
            "transform-cosine-normal",
            lambda: km.transform(X),
            Result(
                lambda r: np.allclose(
                    r,
                    1
                    - (X / np.linalg.norm(X, axis=1)[:, None])
                    @ (km.cluster_centers_ / np.linalg.norm(km.cluster_centers_, axis=1)[:, None]).T,
                )
            ),
        ),
    ]
    return cases


def _family_6():
    """vq on exact ties: the lowest code, as SciPy and the docstring say (reference: scipy.cluster.vq.vq)."""
    import scipy.cluster.vq as scipy_vq

    rng = np.random.RandomState(6)
    cases = []
    for t in range(60):
        d = 1 + t % 3
        data = np.round(rng.randn(6, d) * 8) / 8
        delta = np.round(rng.randn(d) * 8) / 8
        book = np.stack([data[0] + delta, data[0] - delta, data[0] + 3 * delta])
        if t % 2:
            book = book[[2, 0, 1]]  # the tied pair at codes 1 and 2
        cases.append(
            (
                f"vq-tie-{t}-d{d}",
                lambda data=data, book=book: vq.vq(data, book),
                Result(lambda r, data=data, book=book: _equal(r, scipy_vq.vq(data, book))),
            )
        )
    book = np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 1.0], [1.0, -1.0]])
    cases.append(("vq-four-way-tie", lambda: vq.vq(np.array([[1.0, 0.0]]), book)[0], Result(lambda r: r[0] == 0)))
    cases.append(
        (
            "vq-tie-1-D",
            lambda: vq.vq(np.array([1.0, 3.0]), np.array([0.0, 2.0, 4.0]))[0],
            Result(lambda r: list(r) == [0, 1]),
        )
    )
    return cases


def _family_7():
    """kmeans2: NaN centroids, k larger than the data, one observation with minit='random'."""

    nan_book = C.copy()
    nan_book[1, 0] = np.nan
    inf_book = C.copy()
    inf_book[2, 1] = np.inf
    cases = [
        (
            "matrix-NaN-check_finite=False",
            lambda: vq.kmeans2(X, nan_book, minit="matrix", check_finite=False),
            Error("k"),
        ),
        (
            "matrix-inf-check_finite=False",
            lambda: vq.kmeans2(X, inf_book, minit="matrix", check_finite=False),
            Error("k"),
        ),
        ("matrix-NaN", lambda: vq.kmeans2(X, nan_book, minit="matrix"), Error("k")),
        (
            "guess-NaN-kmeans-check_finite=False",
            lambda: vq.kmeans(X, nan_book, check_finite=False),
            Error("k_or_guess"),
        ),
        ("matrix-more-centroids-than-observations", lambda: vq.kmeans2(X[:2], C, minit="matrix"), Error("k")),
        ("random-one-observation", lambda: vq.kmeans2(X[:1], 1, minit="random", rng=0), Error("minit")),
        ("random-one-observation-1-D", lambda: vq.kmeans2(np.array([1.0]), 1, minit="random", rng=0), Error("minit")),
    ]
    for minit in ("++", "random", "points"):
        for k in (31, 1000, 10**6):
            cases.append(
                (f"k={k}>n-{minit}", lambda minit=minit, k=k: vq.kmeans2(X, k, minit=minit, rng=0), Error("k"))
            )
        cases.append(
            (f"k=0-{minit}", lambda minit=minit: vq.kmeans2(X, 0, minit=minit, rng=0), Error("k")),
        )
        cases.append(
            (
                f"k=n-{minit}-runs",
                lambda minit=minit: vq.kmeans2(X[:5], 5, minit=minit, rng=0, iter=2)[0].shape,
                Result(lambda r: r == (5, 2)),
            )
        )
    cases.append(
        (
            "points-k=3-matches-scipy",
            lambda: vq.kmeans2(X, 3, minit="points", rng=1),
            Result(
                lambda r: _close(
                    r, __import__("scipy.cluster.vq", fromlist=["kmeans2"]).kmeans2(X, 3, minit="points", rng=1)
                )
            ),
        )
    )
    return cases


def _family_8():
    """Errors a learner can act on: the message names the argument."""
    from kmeans_edu.choosing_k import calinski_harabasz_sweep, k_report, silhouette_sweep
    from kmeans_edu.images import cut_patches, hog_features, montage, mse, palette_strip, psnr, storage_bits

    image = np.zeros((16, 16, 3), dtype=np.uint8)
    stack = np.zeros((2, 16, 16), dtype=np.uint8)
    same = np.ones((20, 2))
    km = KMeans(2, n_init=1).fit(X)
    cases = [
        # init_centroids
        ("init_centroids-k>n", lambda: init_centroids(X, 31, "random", 0), Error("n_clusters")),
        ("init_centroids-k=0", lambda: init_centroids(X, 0, "random", 0), Error("n_clusters")),
        ("init_centroids-k=-1", lambda: init_centroids(X, -1, "k-means++", 0), Error("n_clusters")),
        ("init_centroids-k-float", lambda: init_centroids(X, 2.5, "k-means++", 0), Error("n_clusters")),
        (
            "init_centroids-weights-length",
            lambda: init_centroids(X, 2, "k-means++", 0, np.ones(3)),
            Error("sample_weight"),
        ),
        ("init_centroids-bad-init", lambda: init_centroids(X, 2, "kmeans++", 0), Error("init")),
        ("init_centroids-bad-random_state", lambda: init_centroids(X, 2, "random", "seed"), Error("seed")),
        ("init_centroids-ragged", lambda: init_centroids(RAGGED, 1, "random", 0), Error("X")),
        (
            "init_centroids-int-seed-and-list",
            lambda: init_centroids(X.tolist(), 3, "k-means++", 5),
            Result(lambda r: np.array_equal(r, kmeans_plusplus(X, 3, random_state=5)[0])),
        ),
        # lloyd
        ("lloyd-tol-string", lambda: lloyd(X, C, tol="1e-4"), Error("tol")),
        ("lloyd-tol-negative", lambda: lloyd(X, C, tol=-1.0), Error("tol")),
        ("lloyd-tol-None", lambda: lloyd(X, C, tol=None), Error("tol")),
        ("lloyd-stop_when-None", lambda: lloyd(X, C, stop_when=None), Error("stop_when")),
        ("lloyd-stop_when-int", lambda: lloyd(X, C, stop_when=3), Error("stop_when")),
        ("lloyd-stop_when-typo", lambda: lloyd(X, C, stop_when=("tolerance",)), Error("stop_when")),
        ("lloyd-max_iter-0", lambda: lloyd(X, C, max_iter=0), Error("max_iter")),
        ("lloyd-max_iter-float", lambda: lloyd(X, C, max_iter=2.5), Error("max_iter")),
        # ragged lists
        ("KMeans.fit-ragged", lambda: KMeans(1).fit(RAGGED), Error("X")),
        ("KMeans.predict-ragged", lambda: km.predict(RAGGED), Error("X")),
        ("KMeans.transform-ragged", lambda: km.transform(RAGGED), Error("X")),
        (
            "KMeans.fit-ragged-weights",
            lambda: KMeans(1).fit(X[:2], sample_weight=[[1.0], [1.0, 2.0]]),
            Error("sample_weight"),
        ),
        ("lloyd-ragged", lambda: lloyd(RAGGED, [[0.0, 0.0]]), Error("X")),
        ("lloyd-ragged-init", lambda: lloyd(X, RAGGED), Error("init")),
        ("assign_labels-ragged", lambda: assign_labels(RAGGED, [[0.0, 0.0]]), Error("X")),
        ("kmeans_plusplus-ragged", lambda: kmeans_plusplus(RAGGED, 1), Error("X")),
        ("vq.vq-ragged", lambda: vq.vq(RAGGED, [[0.0, 0.0]]), Error("obs")),
        ("vq.vq-ragged-code_book", lambda: vq.vq([[0.0, 0.0]], RAGGED), Error("code_book")),
        ("vq.kmeans-ragged", lambda: vq.kmeans(RAGGED, 1), Error("obs")),
        ("vq.kmeans2-ragged", lambda: vq.kmeans2(RAGGED, 1), Error("data")),
        ("vq.kmeans2-ragged-k", lambda: vq.kmeans2(X, RAGGED, minit="matrix"), Error("k")),
        ("vq.whiten-ragged", lambda: vq.whiten(RAGGED), Error("obs")),
        # float32 data, float64 weights
        (
            "f32-weights-1e300",
            lambda: KMeans(2, n_init=1).fit(X.astype(np.float32), sample_weight=np.full(30, 1e300)),
            Error("sample_weight"),
        ),
        (
            "f32-weights-1e-50",
            lambda: KMeans(2, n_init=1).fit(X.astype(np.float32), sample_weight=np.full(30, 1e-50)),
            Error("sample_weight"),
        ),
        (
            "f32-lloyd-weights-1e300",
            lambda: lloyd(X.astype(np.float32), C, sample_weight=np.full(30, 1e300)),
            Error("sample_weight"),
        ),
        (
            "f32-weights-1e-30-scale-free",
            lambda: (
                KMeans(2, n_init=1, random_state=0).fit(X.astype(np.float32), sample_weight=np.full(30, 1e-10)).labels_
            ),
            Result(lambda r: np.array_equal(r, KMeans(2, n_init=1, random_state=0).fit(X.astype(np.float32)).labels_)),
        ),
        # choosing_k on identical points
        ("silhouette_sweep-identical", lambda: silhouette_sweep(same, [2, 3], n_init=1), Error("X")),
        ("calinski_harabasz_sweep-identical", lambda: calinski_harabasz_sweep(same, [2], n_init=1), Error("X")),
        ("k_report-identical", lambda: k_report(same, [1, 2], n_init=1), Error("X")),
        # image helpers
        ("cut_patches-0", lambda: cut_patches(image, 0), Error("patch_size")),
        ("cut_patches-negative", lambda: cut_patches(image, -2), Error("patch_size")),
        ("cut_patches-too-big", lambda: cut_patches(image, 17), Error("patch_size")),
        ("cut_patches-empty", lambda: cut_patches(np.zeros((0, 0)), 2), Error("image")),
        ("hog-orientations-0", lambda: hog_features(stack, orientations=0), Error("orientations")),
        ("hog-pixels_per_cell-0", lambda: hog_features(stack, pixels_per_cell=(0, 4)), Error("pixels_per_cell")),
        ("hog-pixels_per_cell-int", lambda: hog_features(stack, pixels_per_cell=8), Error("pixels_per_cell")),
        (
            "hog-cells_per_block-negative",
            lambda: hog_features(stack, cells_per_block=(-1, 2)),
            Error("cells_per_block"),
        ),
        ("hog-too-small", lambda: hog_features(stack, pixels_per_cell=(16, 16)), Error("pixels_per_cell")),
        ("hog-empty", lambda: hog_features(np.zeros((0, 16, 16))), Error("images")),
        ("montage-pad-negative", lambda: montage(stack, pad=-1), Error("pad")),
        ("montage-fill", lambda: montage(stack, fill=3.0), Error("fill")),
        ("montage-n_cols-0", lambda: montage(stack, n_cols=0), Error("n_cols")),
        ("montage-empty", lambda: montage(np.zeros((0, 4, 4))), Error("images")),
        ("montage-empty-images", lambda: montage(np.zeros((2, 0, 4))), Error("images")),
        ("palette_strip-empty", lambda: palette_strip(np.zeros((0, 3))), Error("palette")),
        ("palette_strip-width-0", lambda: palette_strip(np.zeros((2, 3)), width=0), Error("width")),
        ("palette_strip-counts-length", lambda: palette_strip(np.zeros((2, 3)), counts=[1, 2, 3]), Error("counts")),
        ("palette_strip-counts-zero", lambda: palette_strip(np.zeros((2, 3)), counts=[0, 0]), Error("counts")),
        ("palette_strip-counts-negative", lambda: palette_strip(np.zeros((2, 3)), counts=[3, -1]), Error("counts")),
        ("storage_bits-n_colors-0", lambda: storage_bits(100, 0), Error("n_colors")),
        ("storage_bits-channels-0", lambda: storage_bits(100, 4, channels=0), Error("channels")),
        ("storage_bits-bits-negative", lambda: storage_bits(100, 4, bits_per_channel=-8), Error("bits_per_channel")),
        ("storage_bits-n_pixels-negative", lambda: storage_bits(-1, 4), Error("n_pixels")),
        ("psnr-data_range-0", lambda: psnr(image, image + 1, data_range=0), Error("data_range")),
        ("psnr-data_range-negative", lambda: psnr(image, image + 1, data_range=-255), Error("data_range")),
        ("psnr-data_range-inf", lambda: psnr(image, image + 1, data_range=float("inf")), Error("data_range")),
        ("mse-empty", lambda: mse(np.zeros(0), np.zeros(0)), Error("original")),
        ("mse-shapes", lambda: mse(np.zeros(3), np.zeros(4)), Error("reconstructed")),
        ("mse-NaN", lambda: mse(np.zeros(3), np.array([0, np.nan, 0])), Error("reconstructed")),
        ("psnr-value", lambda: psnr(image, image + 1), Result(lambda r: np.isclose(r, 10 * np.log10(255**2)))),
        ("storage_bits-value", lambda: storage_bits(128 * 128, 16), Result(lambda r: r == 65920)),
    ]
    cases += _app_cases()
    return cases


def _app_cases():
    from kmeans_edu.widgets.elbow import ElbowApp
    from kmeans_edu.widgets.kmeanspp import KMeansPlusPlusApp
    from kmeans_edu.widgets.lloyd_stepper import LloydStepper
    from kmeans_edu.widgets.metrics_demo import MetricsApp
    from kmeans_edu.widgets.overview import OverviewApp
    from kmeans_edu.widgets.quantize import QuantizeApp
    from kmeans_edu.widgets.vq_compare import VQCompareApp
    from kmeans_edu.widgets.weaknesses import LocalOptimaApp, NonConvexApp, OutlierApp

    tiny = np.zeros((4, 4, 3), np.uint8)
    return [
        ("LloydStepper-init", lambda: LloydStepper(X, init="kmeans++"), Error("init")),
        ("LloydStepper-n_clusters-50", lambda: LloydStepper(X, n_clusters=50), Error("n_clusters")),
        ("LloydStepper-n_clusters-1", lambda: LloydStepper(X, n_clusters=1), Error("n_clusters")),
        ("LloydStepper-seed", lambda: LloydStepper(X, seed=99), Error("seed")),
        ("LloydStepper-max_iter", lambda: LloydStepper(X, max_iter=500), Error("max_iter")),
        ("LloydStepper-max_clusters>n", lambda: LloydStepper(X[:5], max_clusters=8), Error("max_clusters")),
        ("LloydStepper-3-columns", lambda: LloydStepper(X8), Error("X")),
        (
            "LloydStepper-k-slider<=n",
            lambda: LloydStepper(X[:4], n_clusters=3).controls["k"].max,
            Result(lambda r: r == 4),
        ),
        ("KMeansPlusPlusApp-n_clusters", lambda: KMeansPlusPlusApp(X, n_clusters=20), Error("n_clusters")),
        ("KMeansPlusPlusApp-seed", lambda: KMeansPlusPlusApp(X, seed=-1), Error("seed")),
        (
            "KMeansPlusPlusApp-k-slider<=n",
            lambda: KMeansPlusPlusApp(X[:5], n_clusters=2).controls["k"].max,
            Result(lambda r: r == 5),
        ),
        ("MetricsApp-metric", lambda: MetricsApp(metric="cosine distance"), Error("metric")),
        ("MetricsApp-data", lambda: MetricsApp(data="rings"), Error("data")),
        ("MetricsApp-k", lambda: MetricsApp(k=10), Error("k")),
        ("MetricsApp-n_samples", lambda: MetricsApp(n_samples=3), Error("n_samples")),
        ("OverviewApp-data", lambda: OverviewApp(data="rings"), Error("data")),
        ("OverviewApp-n_clusters", lambda: OverviewApp(n_clusters=30), Error("n_clusters")),
        ("VQCompareApp-dataset", lambda: VQCompareApp(dataset="moons"), Error("dataset")),
        ("VQCompareApp-k", lambda: VQCompareApp(k=12), Error("k")),
        ("VQCompareApp-seed", lambda: VQCompareApp(seed=50), Error("seed")),
        ("ElbowApp-centers", lambda: ElbowApp(centers=9), Error("centers")),
        ("ElbowApp-spread", lambda: ElbowApp(spread=10.0), Error("spread")),
        ("ElbowApp-S", lambda: ElbowApp(S=-1.0), Error("S")),
        ("ElbowApp-ks>n", lambda: ElbowApp(n_samples=5, ks=range(1, 11)), Error("ks")),
        ("QuantizeApp-k_max>pixels", lambda: QuantizeApp(tiny, k=3, k_max=64), Error("k_max")),
        ("QuantizeApp-k", lambda: QuantizeApp(tiny, k=0, k_max=8), Error("k")),
        ("QuantizeApp-color_space", lambda: QuantizeApp(tiny, k=2, k_max=8, color_space="hsv"), Error("color_space")),
        ("LocalOptimaApp-n_clusters>n", lambda: LocalOptimaApp(X[:3], 5), Error("n_clusters")),
        ("LocalOptimaApp-seed", lambda: LocalOptimaApp(X, 3, n_seeds=5, seed=9), Error("seed")),
        ("OutlierApp-n_outliers", lambda: OutlierApp(n_outliers=100), Error("n_outliers")),
        ("OutlierApp-distance", lambda: OutlierApp(distance=-1.0), Error("distance")),
        ("OutlierApp-angle", lambda: OutlierApp(angle=720.0), Error("angle")),
        ("OutlierApp-k>n", lambda: OutlierApp(n=5, k=8), Error("k")),
        ("NonConvexApp-shape", lambda: NonConvexApp(shape="spirals"), Error("shape")),
    ]


def _family_9():
    """Images: float and 32-bit TIFFs, an empty folder name, a decompression bomb."""
    from PIL import Image

    from kmeans_edu.images import load_image_folder

    folder = tempfile.mkdtemp(prefix="kmeans_edu_sweep_")
    grey = np.linspace(0, 1, 32 * 32, dtype=np.float32).reshape(32, 32)
    cases = []

    def one(name, array, mode):
        sub = os.path.join(folder, name)
        os.makedirs(sub)
        Image.fromarray(array, mode=mode).save(os.path.join(sub, name + ".tif"))
        return sub

    f_dir = one("float01", grey, "F")
    cases.append(
        (
            "float-TIFF-in-[0,1]",
            lambda: load_image_folder(f_dir, size=32, mode="gray").images[0],
            Result(lambda r: np.array_equal(r, np.round(grey.astype(np.float64) * 255).astype(np.uint8))),
        )
    )
    f2_dir = one("float-wide", (grey * 1000 - 500).astype(np.float32), "F")
    cases.append(
        (
            "float-TIFF-outside-[0,1]",
            lambda: load_image_folder(f2_dir, size=32, mode="gray").images[0],
            Result(lambda r: r.min() == 0 and r.max() == 255 and np.unique(r).size > 200),
        )
    )
    i_dir = one("int32", np.linspace(0, 2**31 - 1, 32 * 32).astype(np.int32).reshape(32, 32), "I")
    cases.append(
        (
            "int32-TIFF-full-range",
            lambda: load_image_folder(i_dir, size=32, mode="gray").images[0],
            Result(lambda r: np.unique(r).size == 256),
        )
    )
    i16_dir = one("int16", (np.arange(32 * 32).reshape(32, 32) * 64).astype(np.int32), "I")
    cases.append(
        (
            "int-TIFF-in-16-bit-range",
            lambda: load_image_folder(i16_dir, size=32, mode="gray").images[0],
            Result(
                lambda r: np.array_equal(r, np.round((np.arange(32 * 32).reshape(32, 32) * 64) / 257).astype(np.uint8))
            ),
        )
    )
    cases.append(("load_image_folder-empty-string", lambda: load_image_folder(""), Error("folder")))
    cases.append(("load_image_folder-bytes-empty", lambda: load_image_folder(b""), Error("folder")))
    cases.append(
        ("load_image_folder-missing", lambda: load_image_folder(os.path.join(folder, "nope")), Error("folder"))
    )
    cases.append(
        ("load_image_folder-max_pixels-0", lambda: load_image_folder(f_dir, max_pixels=0), Error("max_pixels"))
    )
    bomb = os.path.join(folder, "bomb")
    os.makedirs(bomb)
    Image.new("L", (9000, 9000)).save(os.path.join(bomb, "bomb.png"))
    Image.new("RGB", (20, 20), (200, 10, 10)).save(os.path.join(bomb, "small.png"))
    cases.append(
        (
            "decompression-bomb-skipped",
            lambda: _quiet(lambda: load_image_folder(bomb, size=16)).names,
            Result(lambda r: r == ["small.png"]),
        )
    )
    return cases


def _quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


def _family_10():
    """Inputs that already gave a clear error or the right answer, kept that way."""
    import scipy.cluster.vq as scipy_vq
    from sklearn.cluster import KMeans as SKKMeans
    from sklearn.cluster import kmeans_plusplus as sk_kmeans_plusplus

    nan_X = X.copy()
    nan_X[3, 1] = np.nan
    inf_X = X.copy()
    inf_X[5, 0] = np.inf
    bad_X = {
        "NaN": nan_X,
        "inf": inf_X,
        "strings": np.array([["a", "b"], ["c", "d"]]),
        "empty": np.zeros((0, 2)),
        "1-D": X[:, 0],
        "3-D": np.zeros((2, 2, 2)),
        "None": None,
    }
    cases = []
    for tag, bad in bad_X.items():
        cases += [
            (f"KMeans.fit-{tag}", lambda bad=bad: KMeans(2, n_init=1).fit(bad), Error("X")),
            (f"lloyd-{tag}", lambda bad=bad: lloyd(bad, C), Error("X")),
            (f"assign_labels-{tag}", lambda bad=bad: assign_labels(bad, C), Error("X")),
            (f"kmeans_plusplus-{tag}", lambda bad=bad: kmeans_plusplus(bad, 2), Error("X")),
        ]
        if tag != "1-D":  # one feature per observation is valid for the vq functions
            cases += [
                (f"vq.kmeans2-{tag}", lambda bad=bad: vq.kmeans2(bad, 2), Error("data")),
                (f"vq.kmeans-{tag}", lambda bad=bad: vq.kmeans(bad, 2), Error("obs")),
                (f"vq.vq-{tag}", lambda bad=bad: vq.vq(bad, C), Error("obs")),
            ]
    weights = {"negative": -np.ones(30), "zeros": np.zeros(30), "length": np.ones(5), "NaN": np.full(30, np.nan)}
    for tag, w in weights.items():
        cases += [
            (
                f"KMeans.fit-weights-{tag}",
                lambda w=w: KMeans(2, n_init=1).fit(X, sample_weight=w),
                Error("sample_weight"),
            ),
            (f"lloyd-weights-{tag}", lambda w=w: lloyd(X, C, sample_weight=w), Error("sample_weight")),
            (
                f"kmeans_plusplus-weights-{tag}",
                lambda w=w: kmeans_plusplus(X, 2, sample_weight=w),
                Error("sample_weight"),
            ),
        ]
    cases += [
        ("KMeans-k>n", lambda: KMeans(31, n_init=1).fit(X), Error("n_clusters")),
        ("KMeans-k=0", lambda: KMeans(0).fit(X), Error("n_clusters")),
        ("KMeans-init-shape", lambda: KMeans(3, init=C[:2], n_init=1).fit(X), Error("init")),
        ("KMeans-metric", lambda: KMeans(3, metric="cityblock").fit(X), Error("metric")),
        ("KMeans.predict-features", lambda: KMeans(3, n_init=1).fit(X).predict(X8), Error("features")),
        ("lloyd-init-NaN", lambda: lloyd(X, np.full((2, 2), np.nan)), Error("init")),
        ("lloyd-k>n", lambda: lloyd(X[:2], C), Error("init")),
        ("kmeans_plusplus-k>n", lambda: kmeans_plusplus(X, 31), Error("n_clusters")),
        ("update_centers-labels", lambda: update_centers(X, np.full(30, 7), C), Error("labels")),
        ("sse-labels-shape", lambda: sse(X, LABELS[:3], C), Error("labels")),
        ("vq.kmeans-thresh", lambda: vq.kmeans(X, 2, thresh=-1), Error("thresh")),
        ("vq.kmeans2-minit", lambda: vq.kmeans2(X, 2, minit="kmeans++"), Error("init")),
        ("vq.kmeans2-missing", lambda: vq.kmeans2(X, 2, missing="ignore"), Error("missing")),
        ("vq.kmeans-k>n", lambda: vq.kmeans(X, 31), Error("k_or_guess")),
    ]
    # correct results against the references
    for seed in range(3):
        for data_name, data in (("d2", X), ("d8", X8)):
            cases.append(
                (
                    f"KMeans-vs-sklearn-{data_name}-seed{seed}",
                    lambda data=data, seed=seed: KMeans(3, random_state=seed, n_init=1).fit(data),
                    Result(
                        lambda r, data=data, seed=seed: _same_fit(r, SKKMeans(3, random_state=seed, n_init=1).fit(data))
                    ),
                )
            )
            cases.append(
                (
                    f"kmeans_plusplus-vs-sklearn-{data_name}-seed{seed}",
                    lambda data=data, seed=seed: kmeans_plusplus(data, 4, random_state=seed)[1],
                    Result(
                        lambda r, data=data, seed=seed: np.array_equal(
                            r, sk_kmeans_plusplus(data, 4, random_state=seed)[1]
                        )
                    ),
                )
            )
            cases.append(
                (
                    f"vq-vs-scipy-{data_name}-seed{seed}",
                    lambda data=data, seed=seed: vq.vq(data, data[seed : seed + 4]),
                    Result(lambda r, data=data, seed=seed: _close(r, scipy_vq.vq(data, data[seed : seed + 4]))),
                )
            )
            cases.append(
                (
                    f"kmeans2-vs-scipy-{data_name}-seed{seed}",
                    lambda data=data, seed=seed: vq.kmeans2(data, 3, minit="++", rng=seed),
                    Result(lambda r, data=data, seed=seed: _close(r, scipy_vq.kmeans2(data, 3, minit="++", rng=seed))),
                )
            )
            cases.append(
                (
                    f"whiten-vs-scipy-{data_name}-seed{seed}",
                    lambda data=data, seed=seed: vq.whiten(data * (seed + 1)),
                    Result(lambda r, data=data, seed=seed: np.allclose(r, scipy_vq.whiten(data * (seed + 1)))),
                )
            )
    cases.append(
        (
            "KMeans-identical-points-k=1",
            lambda: KMeans(1, n_init=1).fit(np.ones((10, 2))).inertia_,
            Result(lambda r: r == 0.0),
        )
    )
    return cases


def _same_fit(ours, theirs):
    return (
        np.array_equal(ours.labels_, theirs.labels_)
        and np.allclose(ours.cluster_centers_, theirs.cluster_centers_)
        and np.isclose(ours.inertia_, theirs.inertia_)
        and ours.n_iter_ == theirs.n_iter_
    )


def _close(a, b):
    """Equal codes and labels; floats equal to rounding (SciPy's vq computes ||x||^2 - 2 x.c + ||c||^2 for
    long rows, which gives 6e-8 for a distance of 0)."""
    return all(np.allclose(np.asarray(x), np.asarray(y), rtol=1e-7, atol=1e-6) for x, y in zip(a, b, strict=True))


BUILDERS = {
    "1": _family_1,
    "2": _family_2,
    "3": _family_3,
    "4": _family_4,
    "5": _family_5,
    "6": _family_6,
    "7": _family_7,
    "8": _family_8,
    "9": _family_9,
    "10": _family_10,
}


# ---------------------------------------------------------------------------------------------------
# Running the cases
# ---------------------------------------------------------------------------------------------------


def judge(call, expected):
    """(outcome, detail) of one case; ``expected`` may also be a function that returns the expectation
    (built when the case runs, from a reference that may itself fail: ``reference error``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if not isinstance(expected, (Error, Result)):
            try:
                expected = expected()
            except Exception as exc:  # noqa: BLE001
                return "reference error", f"{type(exc).__name__}: {exc}"[:300]
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 - every exception is judged
            message = f"{type(exc).__name__}: {exc}"
            if isinstance(expected, Result):
                return "unexpected error", message
            clear = (
                isinstance(exc, (ValueError, TypeError))
                and re.search(rf"(?<![A-Za-z_]){re.escape(expected.name)}(?![A-Za-z_])", str(exc))
                and (expected.words is None or expected.words in str(exc))
            )
            return ("clear error" if clear else "unclear error"), message[:300]
        if isinstance(expected, Error):
            return "no error", repr(result)[:300]
        try:
            finite = all(np.isfinite(v) for v in _floats(result))
            ok = bool(expected.check(result))
        except Exception as exc:  # noqa: BLE001
            return "wrong result", f"the check raised {type(exc).__name__}: {exc}"
        if not finite:
            return "wrong result", "NaN or infinity in the result: " + repr(result)[:250]
        return ("correct result" if ok else "wrong result"), repr(result)[:300]


def case_ids(family):
    """The ids of a family's cases, in order (builds the table: imports kmeans_edu)."""
    return [case_id for case_id, _, _ in BUILDERS[family]()]


def run_families_here(families):
    """Run families in this process, printing one JSON line per case as soon as it is judged, and a
    line when a family is done."""
    for family in families:
        for case_id, call, expected in BUILDERS[family]():
            if os.environ.get("KMEANS_EDU_SWEEP_CRASH") == family:  # the harness's own test: a hard crash
                os.abort()
            outcome, detail = judge(call, expected)
            record = {"family": family, "id": case_id, "outcome": outcome, "detail": detail}
            print(MARK + json.dumps(record), flush=True)
        print(DONE + family, flush=True)


def _subprocess(families, timeout):
    """Run families in one subprocess; returns ({family: {id: (outcome, detail)}}, finished families,
    how it ended: None, 'crash' or 'hang', and the end of its stderr)."""
    env = dict(os.environ, MPLBACKEND="Agg")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    cmd = [sys.executable, os.path.abspath(__file__), "--families", ",".join(families)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        out, died, tail = proc.stdout, ("crash" if proc.returncode else None), proc.stderr[-2000:]
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        died, tail = "hang", f"no answer within {timeout} s"
    results = {family: {} for family in families}
    done = set()
    for line in out.splitlines():
        if line.startswith(MARK):
            record = json.loads(line[len(MARK) :])
            results[record["family"]][record["id"]] = (record["outcome"], record["detail"])
        elif line.startswith(DONE):
            done.add(line[len(DONE) :])
    return results, done, died, tail


def run_families(families, timeout=600):
    """Run families in one subprocess (one interpreter start-up for all); {family: {id: (outcome, detail)}}.

    If that subprocess crashed or hung, every family it did not finish runs again in a subprocess of
    its own; there, a case whose line never came is marked ``crash`` (or ``hang``), as is every case
    after it, so a crash fails its family's cases and nothing else.
    """
    results, done, died, _ = _subprocess(list(families), timeout)
    if died:
        for family in families:
            if family not in done:
                results[family] = _run_alone(family, timeout)
    return results


def _run_alone(family, timeout):
    results, done, died, tail = _subprocess([family], timeout)
    cases = results[family]
    if died and family not in done:
        for case_id in _ids_in_subprocess(family):
            cases.setdefault(case_id, (died, tail))
    return cases


def _ids_in_subprocess(family):
    """The ids of a family's cases, listed by a fresh interpreter (this one may lack kmeans_edu's imports)."""
    here = os.path.dirname(os.path.abspath(__file__))
    code = f"import sys; sys.path.insert(0, {here!r}); import bad_input_cases as b; print(*b.case_ids({family!r}))"
    env = dict(os.environ, MPLBACKEND="Agg")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.path.dirname(here), env.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    return proc.stdout.split()


def main(argv):
    if len(argv) == 2 and argv[0] == "--families":
        run_families_here(argv[1].split(","))
        return 0
    results = run_families(list(FAMILIES))
    totals = Counter()
    failures = []
    for family, title in FAMILIES.items():
        counts = Counter(outcome for outcome, _ in results[family].values())
        totals.update(counts)
        listed = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
        print(f"family {family:>2} ({title}): {len(results[family])} cases, {listed}")
        failures += [(family, i, o, d) for i, (o, d) in results[family].items() if o not in EXPECTED_OUTCOMES]
    print(f"all: {sum(totals.values())} cases, " + ", ".join(f"{k}: {v}" for k, v in sorted(totals.items())))
    for family, case_id, outcome, detail in failures:
        print(f"  [{family}] {case_id}: {outcome}: {detail}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
