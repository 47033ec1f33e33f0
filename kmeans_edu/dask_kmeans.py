r"""``DaskKMeans``: Lloyd's algorithm where the data live, on a row-split ``dask.array``.

When the pixels of a photo collection no longer fit in one machine's memory, the data are cut
into blocks of rows that live on the workers of a Dask cluster (or are read from disk block by
block). Lloyd's steps then split naturally:

* **assign + partial sums, per block** (on the workers): each block runs the very same Numba kernel
  as single-machine :class:`kmeans_edu.KMeans` and returns its cluster sums
  :math:`\sum_{i \in b, c_i=j} w_i x_i`, its cluster weights and how many of its labels changed;
  its labels stay on the worker, as a persisted dask array;
* **reduce** (a tree keyed by block index, ``da.reduction`` with ``split_every``): the partial sums
  are added in block order, never in the order the tasks finish, so the result is bit-for-bit the
  same for any number of workers, threads or scheduling;
* **update** (on the client, k x d numbers): :math:`\mu_j = \text{sum}_j / \text{weight}_j`; the
  new centres are broadcast to the blocks for the next iteration.

Only k x d numbers travel per block and iteration; X is never gathered. The tolerance
(variance-scaled), the centring of the data and the relocation of empty clusters follow
scikit-learn, as :class:`kmeans_edu.KMeans` does. There is no Elkan variant: its n x k lower bounds
do not scale.

Initialisation: ``'k-means||'`` (Bahmani et al. 2012, as Spark MLlib does it), ``'k-means++'`` on a
random sample, or an array of centres. Every random draw on a block comes from a
``numpy.random.SeedSequence`` keyed by (round, block), so it does not depend on where or when the
block is processed.

Needs ``dask[array]`` (and ``distributed`` for a cluster): ``pip install "kmeans-edu[dask]"``.
"""

import itertools
import operator
import os
from numbers import Integral, Real

import dask
import dask.array as da
import numpy as np
from dask.highlevelgraph import HighLevelGraph
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.utils._param_validation import Interval, StrOptions

from ._dask_tasks import (
    _assign_block,
    _block_rng,
    _candidate_row,
    _closest_sq,
    _farthest_in_block,
    _first_of,
    _lloyd_block,
    _oversample_block,
    _read_npy_rows,
    _sample_block,
    _sum_rows,
    _summary_block,
)
from ._validation import check_centers
from .init import _kmeans_plusplus
from .steps import _center_shift_sq, blas_single_thread, lloyd

DEFAULT_CHUNK_BYTES = 128 * 2**20  # a task's work must outweigh its scheduling cost: 64-256 MB blocks
_names = itertools.count()


# --------------------------------------------------------------------------------------------
# Blocks: how the data are cut, and what runs on each block
# --------------------------------------------------------------------------------------------


def rows_per_block(n_features, itemsize, chunk_bytes=DEFAULT_CHUNK_BYTES):
    """Rows in a block of about ``chunk_bytes`` bytes (at least one)."""
    return max(1, int(chunk_bytes) // (max(1, n_features) * itemsize))


def as_row_blocks(X, chunk_bytes=DEFAULT_CHUNK_BYTES):
    """X as a dask array split by rows only, float32 or float64.

    A NumPy array (or memory map) is cut into blocks of about ``chunk_bytes``; a dask array keeps
    its row chunks and gets all its columns in one chunk.
    """
    if isinstance(X, da.Array):
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D (n_samples, n_features); got a dask array of shape {X.shape}.")
        if X.dtype not in (np.float32, np.float64):
            X = X.astype(np.float64)
        if len(X.chunks[1]) > 1:
            X = X.rechunk({1: -1})
        return X
    if hasattr(X, "toarray"):
        raise TypeError("X is a sparse matrix; DaskKMeans works on dense arrays.")
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features); got an array of shape {X.shape}.")
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    rows = rows_per_block(X.shape[1], X.dtype.itemsize, chunk_bytes)
    return da.from_array(X, chunks=(rows, X.shape[1]))


def from_npy(path, chunk_bytes=DEFAULT_CHUNK_BYTES):
    """A row-split dask array over a ``.npy`` file, read block by block where the task runs.

    Nothing is loaded here: each task opens the file, copies its rows and closes it, so data
    larger than the memory of the whole cluster can be clustered (with ``persist=False``). The
    workers must see the same path (a shared file system on a real cluster).

    Parameters
    ----------
    path : str
        A 2-D ``.npy`` file.
    chunk_bytes : int, default=128 MiB
        Approximate size of a block.

    Returns
    -------
    dask.array.Array
    """
    path = os.fspath(path)
    header = np.load(path, mmap_mode="r")
    if header.ndim != 2:
        raise ValueError(f"{path} holds an array of shape {header.shape}; a 2-D array is needed.")
    (n, d), dtype = header.shape, header.dtype
    del header
    rows = rows_per_block(d, dtype.itemsize, chunk_bytes)
    name = f"from-npy-{dask.base.tokenize(path, os.path.getmtime(path), rows)}"
    starts = range(0, n, rows)
    layer = {(name, b, 0): (_read_npy_rows, path, start, min(start + rows, n)) for b, start in enumerate(starts)}
    chunks = (tuple(min(rows, n - s) for s in range(0, n, rows)), (d,))
    return da.Array(HighLevelGraph.from_collections(name, layer, dependencies=()), name, chunks, dtype=dtype)


# --------------------------------------------------------------------------------------------
# Graph helpers: one task per block, results keyed by block index
# --------------------------------------------------------------------------------------------


BLOCK = object()  # in the ``extra`` arguments of _per_block: stands for the block's index


def per_row(dtype):
    """Output of a block task: one value per row (labels, distances), kept on the worker."""
    return ("rows", 0, dtype)


def per_block(width):
    """Output of a block task: one row of ``width`` float64 numbers (partial sums), to be reduced."""
    return ("block", width, np.float64)


def ragged(width, dtype):
    """Output of a block task: a few selected rows (candidates, samples), to be gathered."""
    return ("ragged", width, dtype)


def _per_block(func, arrays, extra, *outputs):
    """One task per row block: ``func(block of each array..., *extra)``, keyed by block index.

    ``arrays`` are dask arrays with the same row chunks (or None, passed as None). The ``extra``
    values go into the graph once each, so a centre array is shipped once per worker rather than
    once per task (the broadcast of the centres); ``BLOCK`` is replaced by the block's index. Each
    of ``outputs`` (:func:`per_row`, :func:`per_block`, :func:`ragged`) describes one result of func
    (func returns a tuple when there are several); one dask array per output is returned.
    """
    present = [a for a in arrays if a is not None]
    name = f"{func.__name__.strip('_')}-{next(_names)}-{dask.base.tokenize(*present)}"
    row_chunks = present[0].chunks[0]
    layer, extra_args = {}, []
    for e, value in enumerate(extra):
        if value is BLOCK:
            extra_args.append(BLOCK)
        else:
            layer[(f"{name}-arg{e}",)] = value
            extra_args.append((f"{name}-arg{e}",))
    for b in range(len(row_chunks)):
        block_args = [None if a is None else (a.name, b, 0) if a.ndim == 2 else (a.name, b) for a in arrays]
        layer[(name, b)] = (func, *block_args, *[b if arg is BLOCK else arg for arg in extra_args])
    results = []
    for o, (kind, width, dtype) in enumerate(outputs):
        out_name = f"{name}-out{o}"
        for b in range(len(row_chunks)):
            key = (out_name, b) if kind == "rows" else (out_name, b, 0)
            layer[key] = (operator.getitem, (name, b), o) if len(outputs) > 1 else (name, b)
        if kind == "rows":
            chunks = (row_chunks,)
        else:
            chunks = ((1 if kind == "block" else np.nan,) * len(row_chunks), (width,))
        graph = HighLevelGraph.from_collections(out_name, layer, dependencies=present)
        results.append(da.Array(graph, out_name, chunks, dtype=dtype))
    return results[0] if len(results) == 1 else tuple(results)


def _tree_sum(stats, split_every):
    """Add the per-block rows of ``stats`` in a fixed tree keyed by block index (``da.reduction``)."""
    return da.reduction(stats, chunk=_first_of, combine=_sum_rows, aggregate=_sum_rows, axis=0, keepdims=True,
                        split_every=split_every, dtype=np.float64, concatenate=True)  # fmt: skip


def _means(sums, weights, dtype):
    """Update step: each centre becomes sum / weight; a still-empty cluster copies the heaviest centre."""
    centers = np.empty_like(sums)
    filled = weights > 0
    centers[filled] = sums[filled] * (1.0 / weights[filled])[:, None]
    centers[~filled] = centers[np.argmax(weights)]
    return centers.astype(dtype)


def _gather_rows(parts):
    """Concatenate small per-block results (candidates, samples) on the client, in block order."""
    blocks = dask.compute(*parts.to_delayed().ravel())
    return np.concatenate(blocks, axis=0)


class DaskKMeans(ClusterMixin, BaseEstimator):
    """Lloyd's K-means on a row-split ``dask.array``: exact, and independent of the cluster's size.

    Parameters
    ----------
    n_clusters : int, default=8
    init : {'k-means||', 'k-means++'} or array-like of shape (n_clusters, n_features), default='k-means||'
        ``'k-means||'``: Bahmani et al.'s parallel k-means++ (as Spark MLlib): a random first centre,
        then ``init_rounds`` rounds that keep each row with probability
        ``min(1, oversampling_factor * n_clusters * w D(x)^2 / cost)``, then a weighted greedy
        k-means++ (and weighted Lloyd) over the candidates, each weighted by the rows nearest to it.
        ``'k-means++'``: greedy k-means++ on a Bernoulli sample of about ``init_sample_size`` rows.
    max_iter : int, default=300
    tol : float, default=1e-4
        Relative tolerance, scaled by the mean variance of the features (scikit-learn's rule).
    random_state : int, RandomState instance or None, default=None
        Seeds a ``numpy.random.SeedSequence``; each block's draws use a child keyed by (round, block).
    oversampling_factor : float, default=2.0
        k-means||: expected candidates per round, in multiples of ``n_clusters`` (Spark uses 2).
    init_rounds : int, default=2
        k-means|| rounds (Spark's default ``initSteps`` is 2; Bahmani et al. use about 5).
    init_sample_size : int, default=10_000
        'k-means++': expected rows of the sample (at least ``20 * n_clusters`` are used).
    persist : {'auto', True, False}, default='auto'
        Keep X in the workers' memory (read once). ``'auto'``: when X takes at most half of the
        cluster's memory. With False each iteration reads the blocks again (data on disk).
    split_every : int, default=8
        Fan-in of the reduction tree of the partial sums.
    chunk_bytes : int, default=128 MiB
        Block size when X is a NumPy array (dask arrays keep their row chunks).
    verbose : int, default=0

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
    labels_ : dask.array.Array of shape (n_samples,), int32
        Persisted on the cluster: call ``.compute()`` to bring them to the client.
    inertia_ : float
    n_iter_ : int
    stop_reason_ : {'no_reassignment', 'tol', 'max_iter'}
    n_features_in_ : int
    persisted_ : bool
        Whether X was kept in memory.

    See Also
    --------
    kmeans_edu.KMeans : the same Lloyd iterations on one machine.

    Notes
    -----
    From the same initial centres, the labels equal single-machine :class:`kmeans_edu.KMeans`'s
    (on at least 99.99% of the points: the column means used for centring, and so the last bits,
    are summed in another order) and the inertia agrees to about 1e-12. For fixed blocks the
    result is bit-for-bit the same on 1 or 100 workers.

    Examples
    --------
    >>> import dask.array as da
    >>> import numpy as np
    >>> from kmeans_edu.dask_kmeans import DaskKMeans
    >>> X = da.from_array(np.array([[1., 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]]), chunks=(2, 2))
    >>> km = DaskKMeans(n_clusters=2, init=np.array([[1., 2], [4, 2]])).fit(X)
    >>> km.labels_.compute(), km.inertia_
    (array([0, 0, 0, 1, 1, 1], dtype=int32), 16.0)
    """

    _parameter_constraints: dict = {
        "n_clusters": [Interval(Integral, 1, None, closed="left")],
        "init": [StrOptions({"k-means||", "k-means++"}), "array-like"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "oversampling_factor": [Interval(Real, 0, None, closed="neither")],
        "init_rounds": [Interval(Integral, 1, None, closed="left")],
        "init_sample_size": [Interval(Integral, 1, None, closed="left")],
        "persist": [StrOptions({"auto"}), "boolean"],
        "split_every": [Interval(Integral, 2, None, closed="left")],
        "chunk_bytes": [Interval(Integral, 1, None, closed="left")],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        n_clusters=8,
        *,
        init="k-means||",
        max_iter=300,
        tol=1e-4,
        random_state=None,
        oversampling_factor=2.0,
        init_rounds=2,
        init_sample_size=10_000,
        persist="auto",
        split_every=8,
        chunk_bytes=DEFAULT_CHUNK_BYTES,
        verbose=0,
    ):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.oversampling_factor = oversampling_factor
        self.init_rounds = init_rounds
        self.init_sample_size = init_sample_size
        self.persist = persist
        self.split_every = split_every
        self.chunk_bytes = chunk_bytes
        self.verbose = verbose

    # ---------------------------------------------------------------- set-up

    def _entropy(self):
        """An integer seed for the SeedSequence, from random_state (scikit-learn's conventions)."""
        state = self.random_state
        if state is None:
            return np.random.SeedSequence().entropy
        if isinstance(state, Integral):
            return int(state)
        if isinstance(state, np.random.RandomState):
            return int(state.randint(np.iinfo(np.int32).max))
        raise ValueError(f"random_state must be None, an int or a RandomState; got {state!r}.")

    def _should_persist(self, X):
        if self.persist != "auto":
            return bool(self.persist)
        try:
            from distributed import default_client

            memory = sum(w["memory_limit"] for w in default_client().scheduler_info()["workers"].values())
        except (ImportError, ValueError):  # no distributed client: the threaded scheduler, in this process
            try:
                import psutil
            except ImportError:
                return True
            memory = psutil.virtual_memory().available
        return X.nbytes <= 0.5 * memory

    def _check_weights(self, sample_weight, X):
        if sample_weight is None:
            return da.ones(X.shape[0], chunks=(X.chunks[0],), dtype=X.dtype)
        w = sample_weight if isinstance(sample_weight, da.Array) else np.asarray(sample_weight, dtype=X.dtype)
        if w.shape != (X.shape[0],):
            raise ValueError(f"sample_weight.shape == {w.shape}, expected ({X.shape[0]},): one weight per sample.")
        if isinstance(w, da.Array):
            return w.astype(X.dtype).rechunk((X.chunks[0],))
        return da.from_array(w, chunks=(X.chunks[0],))

    def _summaries(self, X, w):
        """One pass over X: column means (the centring offset) and mean variance (for ``tol``); checks
        that X is finite and the weights valid. Each block reports its count, sums and squared
        deviations; they are combined here in block order (Chan et al.'s pairwise formula)."""
        d = X.shape[1]
        parts = _gather_rows(_per_block(_summary_block, [X, w], [], per_block(2 * d + 4)))
        counts, sums, deviations = parts[:, 0], parts[:, 1 : d + 1], parts[:, d + 1 : 2 * d + 1]
        if not parts[:, -1].all():
            raise ValueError("Input X contains NaN or infinity; K-means needs finite values.")
        if parts[:, -3].min() < 0:
            raise ValueError("sample_weight must be non-negative.")
        if not parts[:, -2].sum() > 0:
            raise ValueError("sample_weight must have a positive sum; all weights are zero.")
        n = counts.sum()
        mean = sums.sum(axis=0) / n
        filled = counts > 0
        block_means = sums[filled] / counts[filled, None]
        variance = (deviations.sum(axis=0) + (counts[filled, None] * (block_means - mean) ** 2).sum(axis=0)) / n
        return mean.astype(X.dtype), float(variance.mean())

    # ---------------------------------------------------------------- initialisation

    def _init_kmeans_parallel(self, X, w, offset, entropy):
        """k-means|| (Bahmani et al. 2012; Spark MLlib's k-means||), on the centred data."""
        k = self.n_clusters
        firsts = _gather_rows(_per_block(_candidate_row, [X, w], [entropy, BLOCK], per_block(X.shape[1] + 1)))
        choice = _block_rng(entropy, 0, len(X.chunks[0])).choice(len(firsts), p=firsts[:, 0] / firsts[:, 0].sum())
        candidates = (firsts[choice, 1:] - offset)[None, :].astype(X.dtype)
        new = candidates
        closest = None
        for step in range(1, self.init_rounds + 1):
            closest, costs = _per_block(
                _closest_sq, [X, w, closest], [new, offset, os.getpid()], per_row(np.float64), per_block(1)
            )
            closest, cost = dask.persist(closest, _tree_sum(costs, self.split_every))
            cost = float(cost.compute()[0, 0])
            if cost == 0:
                break
            rate = self.oversampling_factor * k / cost
            picked = _per_block(
                _oversample_block, [X, w, closest], [offset, rate, entropy, step, BLOCK], ragged(X.shape[1], X.dtype)
            )
            new = _gather_rows(picked).astype(X.dtype)
            if self.verbose:
                print(f"k-means|| round {step}: cost {cost}, {len(new)} new candidates")
            if len(new) == 0:
                break
            candidates = np.concatenate([candidates, new])
        # weight each candidate by the weight of the rows nearest to it
        _, weights = _per_block(
            _assign_block, [X, w], [candidates, offset, os.getpid()], per_row(np.int32), per_block(len(candidates) + 1)
        )
        weights = _tree_sum(weights, self.split_every).compute()[0, :-1]
        return self._recluster(candidates, weights, entropy)

    def _recluster(self, candidates, weights, entropy):
        """k candidates -> k centres: weighted greedy k-means++, then weighted Lloyd (as Spark)."""
        k = self.n_clusters
        random_state = np.random.RandomState(np.random.SeedSequence(entropy, spawn_key=(2**31,)).generate_state(1))
        keep = weights > 0
        candidates, weights = candidates[keep], weights[keep]
        if len(candidates) < k:  # fewer distinct places than clusters: repeat some (empty clusters get relocated)
            extra = random_state.choice(len(candidates), k - len(candidates))
            candidates = np.concatenate([candidates, candidates[extra]])
            weights = np.concatenate([weights, weights[extra]])
        if len(candidates) == k:
            return candidates
        sw = weights.astype(candidates.dtype)
        init = _kmeans_plusplus(candidates, k, sw, random_state)[0]
        return lloyd(candidates, init, sample_weight=sw, max_iter=30).centers.astype(candidates.dtype)

    def _init_sample_kmeanspp(self, X, w, offset, entropy):
        """Greedy k-means++ on a Bernoulli sample of about ``init_sample_size`` rows (weighted)."""
        size = max(self.init_sample_size, 20 * self.n_clusters)
        rate = min(1.0, size / X.shape[0])
        parts = _per_block(_sample_block, [X, w], [rate, offset, entropy, BLOCK], ragged(X.shape[1] + 1, np.float64))
        sample = _gather_rows(parts)
        if len(sample) < self.n_clusters:
            raise ValueError(
                f"The k-means++ sample has {len(sample)} rows, fewer than n_clusters={self.n_clusters}; "
                "raise init_sample_size."
            )
        rows, weights = sample[:, 1:].astype(X.dtype), sample[:, 0].astype(X.dtype)
        random_state = np.random.RandomState(np.random.SeedSequence(entropy, spawn_key=(2**31,)).generate_state(1))
        return _kmeans_plusplus(rows, self.n_clusters, weights, random_state)[0]

    # ---------------------------------------------------------------- Lloyd

    def _relocate_empty(self, X, w, labels, centers, offset, sums, weights):
        """Empty clusters get the rows farthest from their own centre (scikit-learn's rule), found per
        block and merged on the client; the rows are taken out of their old cluster's sums."""
        empty = np.flatnonzero(weights == 0)
        m = empty.size
        starts = np.concatenate([[0], np.cumsum(X.chunks[0])[:-1]])
        parts = _per_block(
            _farthest_in_block, [X, w, labels], [centers, offset, starts, BLOCK, m], ragged(X.shape[1] + 4, np.float64)
        )
        far = _gather_rows(parts)
        order = np.lexsort((far[:, 1], -far[:, 0]))[:m]  # farthest first; ties: the lowest row
        far = far[order]
        if far.shape[0] == 0 or far[0, 0] == 0:  # every point sits on its centre: nothing to move
            return sums, weights, ()
        sums, weights = sums.copy(), weights.copy()
        for j, row in zip(empty, far, strict=False):
            label, w_i, x_i = int(row[2]), row[3], row[4:]
            sums[label] -= x_i * w_i
            sums[j] = x_i * w_i
            weights[label] -= w_i
            weights[j] = w_i
        return sums, weights, tuple(int(j) for j in empty)

    def fit(self, X, y=None, sample_weight=None):
        """Run Lloyd's algorithm on the blocks of X.

        Parameters
        ----------
        X : dask.array.Array or array-like of shape (n_samples, n_features)
            Split by rows (a NumPy array is cut into blocks of about ``chunk_bytes``).
        y : Ignored
        sample_weight : dask.array.Array or array-like of shape (n_samples,), default=None

        Returns
        -------
        self : DaskKMeans
        """
        self._validate_params()
        X = as_row_blocks(X, self.chunk_bytes)
        n, d = X.shape
        if n < self.n_clusters:
            raise ValueError(f"n_samples={n} should be >= n_clusters={self.n_clusters}.")
        w = self._check_weights(sample_weight, X)
        self.persisted_ = self._should_persist(X)
        if self.persisted_:
            X, w = dask.persist(X, w)  # read once, kept where it lives
        with blas_single_thread():
            self._fit(X, w)
        self.n_features_in_ = d
        return self

    def _fit(self, X, w):
        offset, mean_var = self._summaries(X, w)
        abs_tol = mean_var * self.tol
        entropy = self._entropy()
        if isinstance(self.init, str) and self.init == "k-means||":
            centers = self._init_kmeans_parallel(X, w, offset, entropy)
        elif isinstance(self.init, str):
            centers = self._init_sample_kmeanspp(X, w, offset, entropy)
        else:
            centers = check_centers(self.init, self.n_clusters, X.shape[1], X.dtype) - offset
        centers = np.ascontiguousarray(centers, dtype=X.dtype)

        k, d = centers.shape
        pid = os.getpid()
        labels = None
        stop_reason = "max_iter"
        for i in range(self.max_iter):
            labels_new, stats = _per_block(
                _lloyd_block, [X, w, labels], [centers, offset, pid], per_row(np.int32), per_block(k * d + k + 1)
            )
            labels_new, total = dask.persist(labels_new, _tree_sum(stats, self.split_every))
            total = total.compute()[0]
            sums, weights, changed = total[: k * d].reshape(k, d), total[k * d : k * d + k], int(total[-1])
            if (weights == 0).any():
                sums, weights, _ = self._relocate_empty(X, w, labels_new, centers, offset, sums, weights)
            centers_new = _means(sums, weights, X.dtype)
            shift = _center_shift_sq(centers, centers_new)
            centers, labels = centers_new, labels_new
            if self.verbose:
                print(f"Iteration {i}: {changed} labels changed, centre shift {shift}.")
            if changed == 0:
                stop_reason = "no_reassignment"
                break
            if shift <= abs_tol:
                stop_reason = "tol"
                break
        # the labels and inertia of the returned centres (after a no_reassignment stop they are the same labels)
        labels, stats = _per_block(_assign_block, [X, w], [centers, offset, pid], per_row(np.int32), per_block(k + 1))
        labels, total = dask.persist(labels, _tree_sum(stats, self.split_every))
        self.labels_ = labels
        self.inertia_ = float(total.compute()[0, -1])
        self.cluster_centers_ = centers + offset
        self.n_iter_ = i + 1
        self.stop_reason_ = stop_reason

    def predict(self, X):
        """Nearest centre of each row of X (a dask array in, a dask array out).

        Parameters
        ----------
        X : dask.array.Array or array-like of shape (n_samples, n_features)

        Returns
        -------
        labels : dask.array.Array of shape (n_samples,), int32
        """
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self)
        X = as_row_blocks(X, self.chunk_bytes)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but DaskKMeans was fitted with {self.n_features_in_}.")
        w = da.ones(X.shape[0], chunks=(X.chunks[0],), dtype=X.dtype)
        centers = self.cluster_centers_.astype(X.dtype)
        no_offset = np.zeros(X.shape[1], X.dtype)
        labels, _ = _per_block(
            _assign_block, [X, w], [centers, no_offset, os.getpid()], per_row(np.int32), per_block(self.n_clusters + 1)
        )
        return labels
