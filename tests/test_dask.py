"""DaskKMeans: Lloyd on a row-split dask array, exact against single-machine KMeans and independent of
the number of workers; k-means|| and sampled k-means++ initialisation; data larger than worker memory."""

import os
import warnings

import numpy as np
import pytest
from sklearn.datasets import make_blobs

da = pytest.importorskip("dask.array", reason="the dask extra is not installed")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

from kmeans_edu import KMeans  # noqa: E402
from kmeans_edu.dask_kmeans import DaskKMeans, as_row_blocks, from_npy  # noqa: E402


def _blobs(n=20_000, d=8, centers=6, seed=0, dtype=np.float64):
    return make_blobs(n, n_features=d, centers=centers, cluster_std=2.0, random_state=seed)[0].astype(dtype)


def _assert_matches_single_machine(dask_km, single):
    labels = dask_km.labels_.compute()
    assert np.mean(labels == single.labels_) >= 0.9999
    assert dask_km.inertia_ == pytest.approx(single.inertia_, rel=1e-12)
    assert dask_km.n_iter_ == single.n_iter_
    assert dask_km.stop_reason_ == single.stop_reason_
    np.testing.assert_allclose(dask_km.cluster_centers_, single.cluster_centers_, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize(
    "d, k, weighted, tol, max_iter",
    [(8, 6, False, 1e-4, 300), (20, 12, True, 1e-4, 300), (3, 5, True, 0.0, 4), (8, 6, False, 1e-2, 300)],
)
def test_same_as_single_machine_from_same_centres(d, k, weighted, tol, max_iter):
    X = _blobs(d=d, seed=d)
    w = np.random.RandomState(d).uniform(0.2, 3.0, X.shape[0]) if weighted else None
    init = X[np.random.RandomState(k).choice(X.shape[0], k, replace=False)]
    dX = da.from_array(X, chunks=(2_500, d))
    ours = DaskKMeans(n_clusters=k, init=init, tol=tol, max_iter=max_iter).fit(dX, sample_weight=w)
    single = KMeans(n_clusters=k, init=init, n_init=1, tol=tol, max_iter=max_iter).fit(X, sample_weight=w)
    _assert_matches_single_machine(ours, single)


def test_empty_cluster_is_relocated_like_single_machine():
    X = _blobs(d=4, seed=3)
    init = np.vstack([X[:4], np.full((1, 4), 1e3)])  # the last centre wins no point at the first assignment
    ours = DaskKMeans(n_clusters=5, init=init).fit(da.from_array(X, chunks=(3_000, 4)))
    single = KMeans(n_clusters=5, init=init, n_init=1).fit(X)
    _assert_matches_single_machine(ours, single)


def test_float32_stays_float32_and_matches():
    X = _blobs(d=8, seed=4, dtype=np.float32)
    init = X[:6]
    ours = DaskKMeans(n_clusters=6, init=init).fit(da.from_array(X, chunks=(4_000, 8)))
    single = KMeans(n_clusters=6, init=init, n_init=1).fit(X)
    assert ours.cluster_centers_.dtype == np.float32
    assert np.mean(ours.labels_.compute() == single.labels_) >= 0.9999
    assert ours.inertia_ == pytest.approx(single.inertia_, rel=1e-6)


@pytest.fixture(scope="module")
def dask_data():
    X = _blobs(n=30_000, d=6, centers=8, seed=5)
    return X, da.from_array(X, chunks=(3_000, 6))


def _fit_on_cluster(n_workers, dX, w, **params):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            assert len(client.scheduler_info()["workers"]) == n_workers
            km = DaskKMeans(**params).fit(dX, sample_weight=w)
            labels = km.labels_.compute()
            assert len(km.labels_.dask) == dX.numblocks[0]  # persisted: one stored block per data block, no graph
    return km, labels


def test_bit_identical_on_1_and_2_workers_and_threads(dask_data):
    X, dX = dask_data
    w = da.from_array(np.random.RandomState(0).uniform(0.5, 2.0, X.shape[0]), chunks=(3_000,))
    params = dict(n_clusters=8, init="k-means||", random_state=0)
    one, labels_one = _fit_on_cluster(1, dX, w, **params)
    two, labels_two = _fit_on_cluster(2, dX, w, **params)
    threads = DaskKMeans(**params).fit(dX, sample_weight=w)  # dask's default threaded scheduler
    for other, labels in ((two, labels_two), (threads, threads.labels_.compute())):
        np.testing.assert_array_equal(one.cluster_centers_, other.cluster_centers_)
        np.testing.assert_array_equal(labels_one, labels)
        assert one.inertia_ == other.inertia_
        assert one.n_iter_ == other.n_iter_


def test_initialisations_are_good_and_seeded(dask_data):
    X, dX = dask_data
    best = KMeans(n_clusters=8, n_init=10, random_state=0).fit(X).inertia_
    for init in ("k-means||", "k-means++"):
        runs = [DaskKMeans(n_clusters=8, init=init, random_state=seed).fit(dX) for seed in (0, 1)]
        assert min(r.inertia_ for r in runs) <= 1.05 * best
        again = DaskKMeans(n_clusters=8, init=init, random_state=0).fit(dX)
        np.testing.assert_array_equal(again.cluster_centers_, runs[0].cluster_centers_)


def test_predict_numpy_and_dask_inputs(dask_data):
    X, dX = dask_data
    km = DaskKMeans(n_clusters=8, random_state=0).fit(X)  # a NumPy array is cut into blocks itself
    labels = km.predict(dX).compute()
    single = KMeans(n_clusters=8, init=km.cluster_centers_, n_init=1, max_iter=1).fit(X)
    # rows sit at other places of the kernel's 256-row chunks than in one big array, which can flip a
    # tie to the last bit: the same 99.99% as for fit
    assert np.mean(labels == single.predict(X)) >= 0.9999
    np.testing.assert_array_equal(km.labels_.compute(), km.predict(X).compute())  # the same blocks: the same bits


def test_row_blocks_and_errors():
    X = _blobs(n=1_000, d=4)
    blocks = as_row_blocks(da.from_array(X, chunks=(100, 2)))
    assert blocks.chunks[1] == (4,) and len(blocks.chunks[0]) == 10
    assert as_row_blocks(X, chunk_bytes=4 * 8 * 250).chunks[0] == (250,) * 4
    with pytest.raises(ValueError, match="NaN or infinity"):
        bad = X.copy()
        bad[7, 1] = np.nan
        DaskKMeans(n_clusters=2).fit(bad)
    with pytest.raises(ValueError, match="n_samples=1000 should be >= n_clusters=1001"):
        DaskKMeans(n_clusters=1001).fit(X)
    with pytest.raises(ValueError, match="sample_weight.shape"):
        DaskKMeans(n_clusters=2).fit(X, sample_weight=np.ones(5))
    with pytest.raises(ValueError, match="non-negative"):
        DaskKMeans(n_clusters=2).fit(X, sample_weight=-np.ones(1_000))
    with pytest.raises(ValueError, match="shape of the initial centers"):
        DaskKMeans(n_clusters=3, init=X[:2]).fit(X)
    with pytest.raises(ValueError, match="n_clusters"):
        DaskKMeans(n_clusters=0).fit(X)
    with pytest.raises(ValueError, match="2-D"):
        DaskKMeans(n_clusters=2).fit(X[:, 0])


def _start_peak_memory_sampler(dask_worker):
    """On a worker: sample the process's resident memory every 5 ms and keep the largest value."""
    import threading
    import time

    import psutil

    worker, process = dask_worker, psutil.Process()
    worker.peak_rss_sample = process.memory_info().rss

    def sample():
        while worker.status.name in ("init", "running", "paused"):
            worker.peak_rss_sample = max(worker.peak_rss_sample, process.memory_info().rss)
            time.sleep(0.005)

    threading.Thread(target=sample, daemon=True).start()


def _peak_memory(dask_worker):
    return dask_worker.peak_rss_sample


def test_out_of_core_npy_larger_than_worker_memory(tmp_path):
    """A scale model: a .npy file larger than each worker's memory limit is clustered block by block by two
    worker processes. Their peak memory stays under the limit (and a worker over it would be killed, failing
    the fit); the result is bit-for-bit the threaded run's on the same blocks."""
    import dask
    from distributed import Client, LocalCluster

    # A worker process with NumPy, Numba, the compiled kernels and SciPy's BLAS takes about 370 MiB of its own
    memory_limit = 512 * 2**20
    n, d = 2_200_000, 32  # 537 MiB of float64: more than either worker may hold
    rng = np.random.RandomState(0)
    path = os.path.join(tmp_path, "X.npy")
    stored = np.lib.format.open_memmap(path, mode="w+", dtype=np.float64, shape=(n, d))
    centres = rng.normal(scale=5.0, size=(4, d))
    for start in range(0, n, 500_000):
        stop = min(start + 500_000, n)
        stored[start:stop] = centres[rng.randint(0, 4, stop - start)] + rng.normal(size=(stop - start, d))
    init = np.array(stored[:4])
    del stored
    assert os.path.getsize(path) > memory_limit
    dX = from_npy(path, chunk_bytes=16 * 2**20)
    params = dict(n_clusters=4, init=init, max_iter=20)

    # no pausing (it would wait forever), no spilling: over 95% of the limit the worker is killed
    no_pause = {"distributed.worker.memory.pause": False, "distributed.worker.memory.spill": False,
                "distributed.worker.memory.target": False}  # fmt: skip
    with warnings.catch_warnings(), dask.config.set(no_pause):
        warnings.simplefilter("ignore")  # distributed's notes on unmanaged memory
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit=memory_limit,
                          dashboard_address=None) as cluster, Client(cluster) as client:  # fmt: skip
            client.run(_start_peak_memory_sampler)
            km = DaskKMeans(**params).fit(dX)
            counts = np.bincount(km.labels_.compute(), minlength=4)
            peaks = client.run(_peak_memory)
            assert not km.persisted_  # 'auto': the data do not fit, so the blocks are read again each pass
            assert len(peaks) == 2 and max(peaks.values()) < memory_limit, peaks
    local = DaskKMeans(**params).fit(dX)
    np.testing.assert_array_equal(km.cluster_centers_, local.cluster_centers_)
    assert counts.sum() == n and km.inertia_ == local.inertia_
