"""Scale-out benchmark (issue 16): ``python -m benchmarks.scale_out [--rows N] [--repeats R]``.

Not part of CI: the default data are 4,000,000 x 32 float64 (1 GiB).

1. Lloyd, time per iteration (fit time / iterations, so each fit's set-up pass and final
   assignment count for everybody), all from the same initial centres with ``tol=0``:
   single-machine ``kmeans_edu.KMeans``; ``DaskKMeans`` on dask's threaded scheduler; ``DaskKMeans``
   on a ``distributed`` LocalCluster of 2 worker processes x 1 thread (X persisted on the workers
   before the clock starts); dask-ml's ``KMeans`` if it is installed (``pip install dask-ml``; it is
   not a dependency of kmeans-edu). Blocks of ``--chunk-mb`` (default 128 MB).
2. ``MiniBatchKMeans`` against scikit-learn's for the same number of steps (``max_iter=1``,
   ``max_no_improvement=None``, ``compute_labels=False``, batch 1024), and whether the centres agree.

Each timing is the median of ``--repeats`` runs after one untimed warm-up run. One PASS/MISS line
per target of issue 16 is printed at the end, with the ratio.
"""

import argparse
import os
import time

import numpy as np

TARGET_VS_DASK_ML = 0.5
TARGET_THREADED = 1.1
TARGET_DISTRIBUTED = 1.5
TARGET_MINIBATCH = 0.8


def make_data(n, d, k, seed=0):
    """Blobs with a lot of overlap (labels keep changing for the whole iteration budget), float64."""
    rng = np.random.RandomState(seed)
    centres = rng.normal(scale=3.0, size=(k, d))
    X = np.empty((n, d))
    for start in range(0, n, 500_000):
        stop = min(start + 500_000, n)
        X[start:stop] = centres[rng.randint(0, k, stop - start)] + rng.normal(size=(stop - start, d))
    return X, X[rng.choice(n, k, replace=False)]


def timed(fit, repeats):
    """Median wall time of ``repeats`` calls of ``fit()`` after one untimed call; returns (median, last result)."""
    result = fit()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fit()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), result


def verdict(name, ratio, target):
    if ratio is None:
        print(f"  n/a   {name}: target <= {target}x (peer not available)")
        return
    print(f"  {'PASS' if ratio <= target else 'MISS'}  {name}: {ratio:.2f}x (target <= {target}x)")


def lloyd_benchmarks(X, init, max_iter, chunk_rows, repeats):
    import dask.array as da
    from distributed import Client, LocalCluster

    from kmeans_edu import KMeans
    from kmeans_edu.dask_kmeans import DaskKMeans

    k = init.shape[0]
    per_iter = {}

    def report(name, seconds, km):
        per_iter[name] = seconds / km.n_iter_
        ms = per_iter[name] * 1e3
        print(f"  {name:<28} {ms:9.1f} ms/iteration   ({km.n_iter_} iterations, inertia {km.inertia_:.10g})")

    seconds, single = timed(lambda: KMeans(n_clusters=k, init=init, n_init=1, max_iter=max_iter, tol=0).fit(X), repeats)
    report("kmeans_edu KMeans", seconds, single)

    dX = da.from_array(X, chunks=(chunk_rows, X.shape[1]))
    params = dict(n_clusters=k, init=init, max_iter=max_iter, tol=0, persist=True)
    seconds, threaded = timed(lambda: DaskKMeans(**params).fit(dX), repeats)
    report("DaskKMeans threaded", seconds, threaded)
    agree = np.mean(threaded.labels_.compute() == single.labels_)
    print(f"    labels equal to single machine: {agree:.6%}; inertia rel. diff "
          f"{abs(threaded.inertia_ - single.inertia_) / single.inertia_:.1e}")  # fmt: skip

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster):
            on_workers = dX.persist()  # moved to the workers before the clock starts
            seconds, dist = timed(lambda: DaskKMeans(**params).fit(on_workers), repeats)
            report("DaskKMeans distributed 2x1", seconds, dist)
            identical = np.array_equal(dist.cluster_centers_, threaded.cluster_centers_)
            print(f"    centres bit-identical to the threaded run: {identical}")

    try:
        from dask_ml.cluster import KMeans as DaskMLKMeans
    except ImportError:
        print("  dask-ml: not installed (pip install dask-ml to include it)")
        per_iter["dask-ml"] = None
    else:
        theirs_params = dict(n_clusters=k, init=init, max_iter=max_iter, tol=0)
        seconds, theirs = timed(lambda: DaskMLKMeans(**theirs_params).fit(dX), repeats)
        report("dask-ml KMeans threaded", seconds, theirs)
    return per_iter


def minibatch_benchmark(X, k, repeats):
    from sklearn.cluster import MiniBatchKMeans as SkMiniBatchKMeans

    from kmeans_edu.minibatch import MiniBatchKMeans

    params = dict(n_clusters=k, batch_size=1024, max_iter=1, max_no_improvement=None, compute_labels=False,
                  random_state=0)  # fmt: skip
    ours_s, ours = timed(lambda: MiniBatchKMeans(**params).fit(X), repeats)
    theirs_s, theirs = timed(lambda: SkMiniBatchKMeans(**params).fit(X), repeats)
    steps = ours.n_steps_
    print(f"  kmeans_edu MiniBatchKMeans  {ours_s:8.2f} s for {steps} steps ({ours_s / steps * 1e3:.3f} ms/step)")
    print(f"  sklearn MiniBatchKMeans     {theirs_s:8.2f} s for {theirs.n_steps_} steps "
          f"({theirs_s / theirs.n_steps_ * 1e3:.3f} ms/step)")  # fmt: skip
    same = np.allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=1e-9, atol=0)
    print(f"    centres equal to scikit-learn's (rel 1e-9): {same}")
    return ours_s / theirs_s


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4_000_000)
    parser.add_argument("--features", type=int, default=32)
    parser.add_argument("--clusters", type=int, default=16)
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--chunk-mb", type=float, default=128)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    print(f"load average: {os.getloadavg()}, cores: {os.cpu_count()}")
    X, init = make_data(args.rows, args.features, args.clusters)
    chunk_rows = max(1, int(args.chunk_mb * 2**20) // (args.features * 8))
    print(f"data: {args.rows:,} x {args.features} float64 ({X.nbytes / 2**30:.2f} GiB), k={args.clusters}, "
          f"blocks of {chunk_rows:,} rows ({args.chunk_mb:g} MB), {args.repeats} timed runs each")  # fmt: skip

    print("Lloyd (median time per iteration):")
    per_iter = lloyd_benchmarks(X, init, args.iterations, chunk_rows, args.repeats)
    print("MiniBatchKMeans, same number of steps:")
    minibatch_ratio = minibatch_benchmark(X, args.clusters, args.repeats)

    base = per_iter["kmeans_edu KMeans"]
    print("Targets of issue 16:")
    threaded, distributed = per_iter["DaskKMeans threaded"], per_iter["DaskKMeans distributed 2x1"]
    dask_ml = per_iter.get("dask-ml KMeans threaded")
    verdict("DaskKMeans / dask-ml KMeans, per iteration", threaded / dask_ml if dask_ml else None, TARGET_VS_DASK_ML)
    verdict("DaskKMeans threaded / single machine", threaded / base, TARGET_THREADED)
    verdict("DaskKMeans distributed / single machine", distributed / base, TARGET_DISTRIBUTED)
    verdict("MiniBatchKMeans / scikit-learn, same steps", minibatch_ratio, TARGET_MINIBATCH)


if __name__ == "__main__":
    main()
