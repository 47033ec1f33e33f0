"""Input checks shared by every public function: one clear error per misuse, naming the argument."""

import math
import numbers

import numpy as np


def as_float_array(X, name="X", *, ndim=2, allow_empty=False, check_finite=True, dtype=None):
    """Return X as a C-contiguous float32/float64 array, or raise a clear error.

    float32 stays float32, float64 stays float64, everything else (ints, bools,
    object arrays of numbers) becomes float64, as scikit-learn does.
    """
    if hasattr(X, "toarray") or hasattr(X, "tocsr"):
        raise TypeError(
            f"{name} is a sparse matrix; kmeans_edu works on dense arrays. "
            f"Convert it with {name}.toarray() if it fits in memory."
        )
    try:
        arr = np.asarray(X)
        if arr.dtype.kind == "c" or (arr.dtype == object and any(isinstance(v, complex) for v in arr.flat)):
            raise TypeError(
                f"{name} holds complex numbers; K-means needs real values. Pass {name}.real or np.abs({name}) "
                "if that is what you mean."
            )
        if dtype is None:
            dtype = arr.dtype if arr.dtype in (np.float32, np.float64) else np.float64
        if arr.dtype.kind in "USa":
            raise ValueError(f"it holds strings ({arr.dtype})")
        arr = np.ascontiguousarray(arr, dtype=dtype)
    except TypeError as exc:
        if str(exc).startswith(name):
            raise
        raise TypeError(f"{name} must be an array of numbers: {exc}") from exc
    except ValueError as exc:
        if "inhomogeneous" in str(exc) or "sequence" in str(exc):
            raise ValueError(
                f"{name} must be a rectangular array of numbers: its rows have different lengths ({exc})."
            ) from exc
        raise ValueError(f"{name} must be an array of numbers: {exc}") from exc
    if arr.ndim != ndim:
        shape_hint = (
            f" Reshape with {name}.reshape(-1, 1) for one feature or {name}.reshape(1, -1) for one sample."
            if ndim == 2 and arr.ndim == 1
            else ""
        )
        raise ValueError(f"{name} must be {ndim}-D; got an array of shape {arr.shape}.{shape_hint}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); at least one sample and one feature are needed.")
    if check_finite:
        check_all_finite(arr, name)
    return as_kernel_array(arr)


def as_kernel_array(arr):
    """``arr`` itself, or, if it is read-only, a writable view of the same memory (no copy).

    Numba types a read-only array differently from a writable one, so a read-only input (an array
    with ``flags.writeable = False``, ``np.asarray`` of a pandas Series) would make it compile a
    second specialisation of every kernel, about 90 s after :func:`kmeans_edu.warmup`. The kernels
    never write to their inputs, so they are given a view that Numba types like every other input.
    Only when the memory itself is read-only (a ``bytes`` buffer, a read-only memory map) is the
    array copied.
    """
    if arr.flags.writeable:
        return arr
    view = arr.view()
    try:
        view.flags.writeable = True
    except ValueError:
        return arr.copy()
    return view


def check_all_finite(arr, name):
    """Raise ValueError if arr holds NaN or infinity, saying where."""
    with np.errstate(over="ignore", invalid="ignore"):  # an overflowing sum is looked into below
        if np.isfinite(arr.sum()):  # a NaN or infinity makes the sum non-finite; no n x d temporary
            return
    if not np.isfinite(arr).all():  # the sum may also have overflowed
        bad = np.argwhere(~np.isfinite(arr))[0]
        kind = "NaN" if np.isnan(arr[tuple(bad)]) else "infinity"
        raise ValueError(
            f"Input {name} contains {kind} (first at index {tuple(int(b) for b in bad)}); "
            "K-means needs finite values. Drop or impute those entries first."
        )


def check_sample_weight(sample_weight, n_samples, dtype):
    """None -> ones; otherwise a finite, non-negative 1-D array of length n_samples with a positive sum.

    The weights are checked in float64 *before* they are cast to the data's dtype, so that a weight
    that float32 cannot hold is reported as such (not as "infinity" or "all zero").
    """
    if sample_weight is None:
        return np.ones(n_samples, dtype=dtype)
    if isinstance(sample_weight, numbers.Number) and not isinstance(sample_weight, bool):
        sample_weight = np.full(n_samples, sample_weight, dtype=np.float64)
    w = as_float_array(sample_weight, "sample_weight", ndim=1, allow_empty=True, dtype=np.float64)
    if w.shape[0] != n_samples:
        raise ValueError(f"sample_weight.shape == {w.shape}, expected ({n_samples},): one weight per sample.")
    if (w < 0).any():
        raise ValueError(f"sample_weight must be non-negative; got {w[w < 0][0]} at index {int(np.argmax(w < 0))}.")
    with np.errstate(over="ignore"):  # an overflowing sum is reported below
        total = float(w.sum())
    if n_samples and not total > 0:
        raise ValueError("sample_weight must have a positive sum; all weights are zero.")
    if n_samples:
        largest = float(w.max())
        limit = float(np.finfo(dtype).max) / 4
        if not np.isfinite(total) or largest > limit:
            raise ValueError(
                f"sample_weight is too large for {np.dtype(dtype).name} data (largest {largest:g}, sum {total:g}); "
                "divide the weights by a constant: K-means depends only on their ratios."
            )
        if largest < math.sqrt(float(np.finfo(dtype).smallest_normal)):  # w * x, 1 / sum(w) would underflow
            raise ValueError(
                f"sample_weight is too small (largest {largest:g}): weighted sums would underflow. Multiply the "
                "weights by a constant: K-means depends only on their ratios."
            )
        subnormal = (w > 0) & (w < float(np.finfo(dtype).smallest_normal))  # 1 / w would overflow
        if subnormal.any():
            index = int(np.argmax(subnormal))
            raise ValueError(
                f"sample_weight has values too small for {np.dtype(dtype).name} data ({w[index]:g} at index "
                f"{index}): a cluster of such points would get an infinite centre. Set them to 0, or multiply "
                "the weights by a constant: K-means depends only on their ratios."
            )
    return as_kernel_array(np.ascontiguousarray(w, dtype=dtype))


def range_exponent(*arrays, sample_weight=None):
    """0 for values in the range where K-means' sums of squares are safe; else the power of two to divide by.

    K-means squares differences of coordinates: with |x| above about 1e154 (float64) or 1e19
    (float32) the squares overflow to infinity, and below about 1e-146 (float64) or 3e-16 (float32)
    they underflow to zero, so every point looks like every other. For such data this returns
    the exponent e of the largest |value| (``largest = m 2**e``, 0.5 <= m < 1): the callers divide the
    data (and centres) by ``2**e``, which is exact, compute, and multiply the results back
    (:func:`scale_up`). In the normal range it returns 0 and nothing changes, bit for bit.
    NaN or infinity (only reachable with ``check_finite=False``) is left to the caller.
    """
    arrays = [a for a in arrays if a is not None and a.size]
    if not arrays:
        return 0
    largest = max(max(float(a.max()), -float(a.min())) for a in arrays)
    if not math.isfinite(largest) or largest == 0:
        return 0
    info = np.finfo(arrays[0].dtype)
    total_w = float(arrays[0].shape[0]) if sample_weight is None else max(1.0, float(sample_weight.sum()))
    max_w = 1.0 if sample_weight is None else max(1.0, float(sample_weight.max()))
    n_features = arrays[0].shape[1] if arrays[0].ndim == 2 else 1
    # log2 of the largest squared distance (centred data: |x - c| <= 2 |x|), of one weighted
    # distance (in the data's dtype), and of the weighted sum of squares (float64)
    log_sq = math.log2(n_features) + 2 * math.log2(2 * largest)
    too_large = log_sq + math.log2(max_w) > math.log2(float(info.max)) - 2 or log_sq + math.log2(total_w) > 1021
    too_small = largest < math.sqrt(float(info.smallest_normal) / float(info.eps))
    return int(np.frexp(largest)[1]) if too_large or too_small else 0


def scale_down(a, exponent):
    """``a / 2**exponent`` (exact), in a's dtype; ``a`` itself for exponent 0."""
    if exponent == 0 or a is None:
        return a
    return as_kernel_array(np.ldexp(a, -exponent).astype(a.dtype, copy=False))


def scale_up(value, exponent, what="the result", name="X"):
    """``value * 2**exponent`` (exact), or ValueError if that is beyond the float range.

    The inverse of :func:`scale_down` for a result computed on rescaled data: a centre or a distance
    comes back with ``exponent``, a sum of squares with ``2 * exponent``.
    """
    if exponent == 0:
        return value
    with np.errstate(over="ignore"):
        out = np.ldexp(value, exponent)
    if not np.all(np.isfinite(out)) and np.all(np.isfinite(value)):
        raise ValueError(
            f"{name} has values too large for K-means: {what} is beyond the largest float "
            f"({np.max(np.abs(value)):g} x 2**{exponent}). Divide {name} by a constant first, e.g. {name} / 1e100 "
            "(the clusters do not change)."
        )
    if isinstance(value, np.ndarray):
        return out.astype(value.dtype, copy=False)
    return type(value)(out) if isinstance(value, float) else out


def check_n_clusters(n_clusters, n_samples, name="n_clusters"):
    """An integer in [1, n_samples]."""
    if isinstance(n_clusters, bool) or not isinstance(n_clusters, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {n_clusters!r} of type {type(n_clusters).__name__}.")
    if n_clusters < 1:
        raise ValueError(f"{name} must be >= 1; got {n_clusters}.")
    if n_samples < n_clusters:
        raise ValueError(f"n_samples={n_samples} should be >= {name}={n_clusters}.")
    return int(n_clusters)


def check_centers(centers, n_clusters, n_features, dtype, name="init"):
    """An array of initial centres of shape (n_clusters, n_features), finite, in the data's dtype."""
    c = as_float_array(centers, name, dtype=dtype)
    # scikit-learn's wording: the number of clusters is checked first, then the features
    mismatch = f"clusters {n_clusters}" if c.shape[0] != n_clusters else f"features of the data {n_features}"
    if c.shape != (n_clusters, n_features):
        raise ValueError(
            f"The shape of the initial centers {c.shape} (from {name}) does not match the number of {mismatch}: "
            f"expected ({n_clusters}, {n_features})."
        )
    return c.copy()


def check_random_state(seed):
    """A ``numpy.random.RandomState`` from None, an int or an instance (scikit-learn's rule).

    None gives numpy's global RandomState, an int a new RandomState seeded with it, and an
    instance is returned as it is. (Ours, so that ``import kmeans_edu`` need not import
    scikit-learn, which alone takes about 0.8 s.)
    """
    if seed is None or seed is np.random:
        return np.random.mtrand._rand
    if isinstance(seed, numbers.Integral):
        return np.random.RandomState(seed)
    if isinstance(seed, np.random.RandomState):
        return seed
    raise ValueError(f"{seed!r} cannot be used to seed a numpy.random.RandomState instance")
