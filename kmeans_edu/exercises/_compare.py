"""How an answer's output is compared with the reference: each returns None when it is right, else what is wrong."""

import numbers

import numpy as np


def _as_array(got, what):
    if isinstance(got, (str, bytes, dict, set)) or got is None:
        return None, f"it returned {type(got).__name__}, not {what}"
    try:
        arr = np.asarray(got)
    except Exception as exc:  # noqa: BLE001 - ragged lists and such
        return None, f"its return value is not {what} ({type(exc).__name__}: {exc})"
    if arr.dtype == object:
        return None, f"its return value is not {what} of numbers (numpy made an object array of it)"
    return arr, None


def labels(expected, got):
    """Integer labels, exactly equal."""
    arr, problem = _as_array(got, "an array of labels")
    if problem:
        return problem
    expected = np.asarray(expected)
    if arr.shape != expected.shape:
        return f"it returned shape {arr.shape}; expected shape {expected.shape} (one label per row of X)"
    if arr.dtype.kind not in "iu":
        if arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
            return f"the labels are {arr.dtype} numbers; labels are integers (use an integer array)"
        return f"the labels have dtype {arr.dtype}; expected integers"
    wrong = np.flatnonzero(arr != expected)
    if wrong.size:
        i = wrong[0]
        return f"{wrong.size} of {arr.size} labels differ (first at row {i}: expected {expected[i]}, got {arr[i]})"
    return None


def floats(rtol=1e-6, atol=1e-9):
    """An array of floats equal to the reference within ``rtol``/``atol`` (NaN only where the reference has NaN)."""

    def compare(expected, got):
        arr, problem = _as_array(got, "an array")
        if problem:
            return problem
        expected = np.asarray(expected, dtype=np.float64)
        if arr.shape != expected.shape:
            return f"it returned shape {arr.shape}; expected shape {expected.shape}"
        if arr.dtype.kind not in "iuf":
            return f"it returned dtype {arr.dtype}; expected numbers"
        a = arr.astype(np.float64)
        nan = np.isnan(a) & ~np.isnan(expected)
        if nan.any():
            where = np.argwhere(nan)[0]
            return f"it returned NaN at index {tuple(int(i) for i in where)}, where the answer is a number"
        ok = np.isclose(a, expected, rtol=rtol, atol=atol, equal_nan=True)
        if not ok.all():
            where = tuple(int(i) for i in np.argwhere(~ok)[0])
            return (f"{int((~ok).sum())} of {ok.size} values differ (first at index {where}: "
                    f"expected {expected[where]:.6g}, got {a[where]:.6g})")
        return None

    return compare


def scalar(rtol=1e-6, atol=1e-12):
    """One real number within ``rtol``/``atol`` (a 0-d or 1-element array is accepted; inf must match inf)."""

    def compare(expected, got):
        if isinstance(got, (bool, np.bool_)):
            return "it returned a bool; expected a number"
        if isinstance(got, np.ndarray):
            if got.size != 1:
                return f"it returned an array of shape {got.shape}; expected one number"
            got = got.reshape(()).item()
        if isinstance(got, np.generic):
            got = got.item()
        if not isinstance(got, numbers.Real):
            return f"it returned {type(got).__name__}; expected a number"
        e, g = float(expected), float(got)
        if np.isnan(g) and not np.isnan(e):
            return "it returned NaN"
        if np.isinf(e) or np.isinf(g):
            return None if e == g else f"expected {e:g}, got {g:g}"
        if abs(g - e) > max(atol, rtol * abs(e)):
            return f"expected {e:.10g}, got {g:.10g}"
        return None

    return compare


def integer(expected, got):
    """A whole number, exactly (an integer-valued float is accepted)."""
    if isinstance(got, (bool, np.bool_)):
        return "it returned a bool; expected a whole number"
    if isinstance(got, np.ndarray) and got.size == 1:
        got = got.reshape(()).item()
    if isinstance(got, np.generic):
        got = got.item()
    if not isinstance(got, numbers.Real):
        return f"it returned {type(got).__name__}; expected a whole number"
    if float(got) != float(int(got)) if np.isfinite(float(got)) else True:
        return f"it returned {got!r}, which is not a whole number; a count of bits is"
    if int(got) != int(expected):
        return f"expected {int(expected)}, got {int(got)}"
    return None
