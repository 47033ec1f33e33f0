"""Input checks shared by every public function: one clear error per misuse, naming the argument."""

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
        if dtype is None:
            dtype = arr.dtype if arr.dtype in (np.float32, np.float64) else np.float64
        if arr.dtype.kind in "USa":
            raise ValueError(f"it holds strings ({arr.dtype})")
        arr = np.ascontiguousarray(arr, dtype=dtype)
    except TypeError as exc:
        raise TypeError(f"{name} must be an array of numbers: {exc}") from exc
    except ValueError as exc:
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
    return arr


def check_all_finite(arr, name):
    """Raise ValueError if arr holds NaN or infinity, saying where."""
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
    """None -> ones; otherwise a finite, non-negative 1-D array of length n_samples with a positive sum."""
    if sample_weight is None:
        return np.ones(n_samples, dtype=dtype)
    if isinstance(sample_weight, numbers.Number) and not isinstance(sample_weight, bool):
        sample_weight = np.full(n_samples, sample_weight, dtype=dtype)
    w = as_float_array(sample_weight, "sample_weight", ndim=1, allow_empty=True, dtype=dtype)
    if w.shape[0] != n_samples:
        raise ValueError(f"sample_weight.shape == {w.shape}, expected ({n_samples},): one weight per sample.")
    if (w < 0).any():
        raise ValueError(f"sample_weight must be non-negative; got {w[w < 0][0]} at index {int(np.argmax(w < 0))}.")
    if n_samples and not w.sum() > 0:
        raise ValueError("sample_weight must have a positive sum; all weights are zero.")
    return w


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
