"""Run the benchmark: ``python -m benchmarks.run [--quick] [--workloads W1,W3] [--repeats N]``.

For every workload, each implementation makes whole fits (``KMeans(...).fit`` as a user calls
it, or the peer's equivalent) of the same number M of iterations from the same initial centres
with no tolerance. M is the workload's budget, or fewer if scikit-learn's lloyd stops earlier on
strict convergence (labels unchanged): everybody then runs that many. Each implementation lives
in its own worker process. One untimed round warms every implementation up and gives the labels
and inertia that are compared with scikit-learn's lloyd. Then ``--repeats`` timed rounds run the
implementations interleaved (the order rotates each round). The best of the clean runs is
reported with the median beside it, and the ratios kmeans_edu / peer (below 1: kmeans_edu is
faster). At the end, one PASS/MISS line per target of issue 15 with its measured ratio.

``--quick`` (what CI runs) uses tiny sizes, one round, no memory or start-up measurements, and
asserts agreement only: kmeans_edu's labels equal scikit-learn lloyd's exactly (algorithm='elkan':
scikit-learn elkan's)
and the inertia is within 1e-9 relative (float32: 99% of the labels and 1e-5, see
``labels_needed``), and k-means++ picks the same rows. The exit status is 1 when an agreement
check fails. Timings are printed but never asserted.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from . import THREADS, peers, startup, worker, workloads

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the repository: where -m benchmarks works
REFERENCE = "sklearn lloyd"
OURS = "kmeans_edu"
OURS_ELKAN = "kmeans_edu elkan"
ELKAN_REFERENCE = "sklearn elkan"
KMEANSPP_WORKLOADS = ("W3", "W5")
# Targets of issue 15 (2 threads), judged on the best of the clean runs.
TARGET_VS_SKLEARN = 0.8  # KMeans.fit / sklearn lloyd, every workload
TARGET_VS_FAISS = 1.0
FAISS_WORKLOADS = ("W1", "W2", "W3", "W4", "W6")
TARGET_PEAK_FRACTION = 0.75  # W5: share of the float64 matmul peak
TARGET_ELKAN = 0.8  # algorithm='elkan' / sklearn elkan
ELKAN_WORKLOADS = ("W1", "W3", "W4")
TARGET_KMEANSPP = 0.5
TARGET_COLD_S = 20.0
SLOW_PEER_BUDGET_S = 30.0  # a peer whose timed fits took this long in all gets no further rounds
# Pause before every timed call: idle OpenBLAS threads spin for about 2^28 cycles (~0.1 s) after
# their last call before they sleep, so the implementation timed next would otherwise share the
# cores with the previous one's spinning threads (W1 medians 0.92 ms instead of 0.52 ms).
PAUSE_S = 0.25



def rel_diff(a, b):
    return abs(a - b) / max(abs(b), np.finfo(float).tiny)


def inertia_tolerance(dtype):
    """Relative inertia tolerance of the agreement check: float64 to 1e-9, float32 to 1e-5."""
    return 1e-9 if np.dtype(dtype) == np.float64 else 1e-5


def labels_needed(dtype):
    """Fraction of labels that must equal scikit-learn's: all in float64, 99% in float32.

    On float32 data kmeans_edu adds up the cluster sums in float64 and scikit-learn in float32,
    so the centres differ in their last float32 digits from the first update on, and over many
    iterations a few points near a boundary end up on the other side (W6: 0.8% after 10).
    """
    return 1.0 if np.dtype(dtype) == np.float64 else 0.99


def agreement(fit, ref, dtype):
    """Fraction of labels equal to the reference's, relative inertia difference, and whether both pass."""
    same = float(np.mean(fit.labels == ref.labels))
    diff = rel_diff(fit.inertia, ref.inertia)
    return same, diff, same >= labels_needed(dtype) and diff <= inertia_tolerance(dtype)


def matmul_peak(size=3000, repeats=5):
    """The machine's float64 matmul rate (GFLOP/s, best of ``repeats``) on THREADS BLAS threads."""
    from threadpoolctl import threadpool_limits

    rng = np.random.RandomState(0)
    A, B = rng.rand(size, size), rng.rand(size, size)
    best = np.inf
    with threadpool_limits(limits=THREADS, user_api="blas"):
        A @ B
        for _ in range(repeats):
            start = time.perf_counter()
            A @ B
            best = min(best, time.perf_counter() - start)
    return 2.0 * size**3 / best / 1e9


def available_peers():
    names = [name for name in peers.PEERS if name != "faiss" or peers.faiss_available()]
    if "faiss" not in names:
        print("faiss: not installed (pip install faiss-cpu to include it)")
    return names


class InProcess:
    """Run every implementation in this process (quick mode: start-up matters more than timing)."""

    def load(self, work):
        self.X, self.init = work.X, work.init

    def fit(self, name, max_iter, labels=False):
        fit = peers.PEERS[name](self.X, self.init, max_iter)
        return peers.complete(self.X, fit) if labels else fit

    def kmeanspp(self, name, n_clusters):
        return worker.time_kmeanspp(name, self.X, n_clusters)

    def pause(self):
        pass  # quick mode: timings are not compared

    def close(self):
        pass


class Workers:
    """One process per implementation, driven in turn (see ``benchmarks/worker.py`` for why)."""

    def __init__(self, names):
        self.tmp = tempfile.TemporaryDirectory(prefix="kmeans_edu-bench-")
        self.procs = {
            name: subprocess.Popen(
                [sys.executable, "-m", "benchmarks.worker", name],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            for name in names
        }

    def _ask(self, name, command):
        proc = self.procs[name]
        proc.stdin.write(command + "\n")
        proc.stdin.flush()
        answer = proc.stdout.readline()
        if not answer:
            raise RuntimeError(f"benchmark worker for {name} died (command {command!r})")
        return json.loads(answer)

    def load(self, work):
        path = os.path.join(self.tmp.name, "data.npz")
        np.savez(path, X=work.X, init=work.init)
        self.X = work.X
        for name in self.procs:
            self._ask(name, f"load {path}")

    def fit(self, name, max_iter, labels=False):
        path = os.path.join(self.tmp.name, "labels.npy")
        reply = self._ask(name, f"fit {max_iter}" + (f" {path}" if labels else ""))
        fit = peers.Fit(None, reply.get("inertia"), reply["n_iter"], reply["seconds"])
        if labels:
            fit.labels = np.load(path)
        return fit

    def kmeanspp(self, name, n_clusters):
        path = os.path.join(self.tmp.name, "indices.npy")
        reply = self._ask(name, f"kpp {n_clusters} {path}")
        return reply["seconds"], np.load(path)

    def pause(self):
        time.sleep(PAUSE_S)

    def close(self):
        for proc in self.procs.values():
            proc.stdin.close()
            proc.wait()
        self.tmp.cleanup()



def best_and_median(seconds):
    """(best, median) of a list of timings; (nan, nan) when empty."""
    if not seconds:
        return float("nan"), float("nan")
    return float(np.min(seconds)), float(np.median(seconds))


def time_workload(work, runner, names, repeats):
    """Warm-up + agreement round, then ``repeats`` interleaved timed rounds; returns a dict of results.

    Every timed call is a whole fit. A run is *clean* when it comes after the untimed warm-up
    round and did the same work as the reference (the same number of iterations); the best and
    the median of the clean runs are reported.
    """
    runner.load(work)
    ref = runner.fit(REFERENCE, work.max_iter)
    max_iter = ref.n_iter  # scikit-learn may stop early on strict convergence: everybody runs that many
    first = {name: runner.fit(name, max_iter, labels=True) for name in names}
    ref = first[REFERENCE]
    times = {name: [] for name in names}
    for r in range(repeats):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            if r >= 3 and sum(times[name]) > SLOW_PEER_BUDGET_S:
                continue
            runner.pause()
            fit = runner.fit(name, max_iter)
            if fit.n_iter == first[name].n_iter:
                times[name].append(fit.seconds)
    rows = {}
    for name in names:
        same, diff, ok = agreement(first[name], ref, work.X.dtype)
        best, median = best_and_median(times[name]) if times[name] else (first[name].seconds,) * 2
        rows[name] = {
            "n_iter": first[name].n_iter,
            "best": best,
            "median": median,
            "runs": len(times[name]),
            "labels_same": same,
            "inertia_diff": diff,
            "agrees": ok,
        }
    # Elkan's distances are direct sums, not scikit-learn lloyd's dot-product form: exact ties (the
    # pixels of W3) may break differently, so algorithm='elkan' is held to scikit-learn's elkan.
    elkan = agreement(first[OURS_ELKAN], first[ELKAN_REFERENCE], work.X.dtype)
    return {"max_iter": max_iter, "rows": rows, "elkan_vs_elkan": elkan}


def measure_memory(work, names, max_iter=2):
    """Extra peak memory (MiB) of one fit per implementation, each in a fresh process."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="kmeans_edu-bench-") as tmp:
        path = os.path.join(tmp, "data.npz")
        np.savez(path, X=work.X, init=work.init)
        for name in names:
            proc = subprocess.run(
                [sys.executable, "-m", "benchmarks.memory", name, path, str(max_iter)],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if proc.returncode != 0:
                print(f"  memory of {name} failed: {proc.stderr.strip().splitlines()[-1:]}")
                continue
            out[name] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def time_kmeanspp(work, runner, repeats):
    """kmeans_edu.kmeans_plusplus vs sklearn.cluster.kmeans_plusplus: best and median seconds, same picks?"""
    names = (OURS, REFERENCE)  # the kmeans_edu worker runs ours, the sklearn worker sklearn's
    picks = {name: runner.kmeanspp(name, work.k)[1] for name in names}  # also warms up
    times = {name: [] for name in names}
    for r in range(repeats):
        for name in names[r % 2 :] + names[: r % 2]:
            runner.pause()
            times[name].append(runner.kmeanspp(name, work.k)[0])
    return {
        "seconds": {"kmeans_edu": best_and_median(times[OURS]), "sklearn": best_and_median(times[REFERENCE])},
        "same_picks": bool(np.array_equal(picks[OURS], picks[REFERENCE])),
    }


def print_workload(work, result, mem, peak_gflops):
    rows = result["rows"]
    ours = rows[OURS]
    print(f"\n{work.name}: {work.description} ({work.shape_text()}), {result['max_iter']} iterations")
    header = f"  {'implementation':<17}{'best ms':>9}{'median':>9}{'runs':>5}{'edu/this':>9}{'(median)':>9}"
    header += f"{'labels=':>9}{'inertia rel':>12}{'peak MiB':>10}"
    if work.name == "W5":
        header += f"{'GFLOP/s':>9}" + (f"{'% peak':>8}" if peak_gflops else "")
    print(header)
    n, d = work.X.shape
    for name, row in rows.items():
        line = f"  {name:<17}{row['best'] * 1e3:>9.1f}{row['median'] * 1e3:>9.1f}{row['runs']:>5}"
        line += f"{ours['best'] / row['best']:>9.2f}{ours['median'] / row['median']:>9.2f}"
        line += f"{row['labels_same'] * 100:>8.2f}%{row['inertia_diff']:>12.1e}"
        line += f"{mem[name]['extra_mib']:>10.1f}" if name in mem else f"{'-':>10}"
        if work.name == "W5":
            gflops = 2.0 * n * d * work.k * row["n_iter"] / row["best"] / 1e9
            line += f"{gflops:>9.1f}" + (f"{gflops / peak_gflops * 100:>7.0f}%" if peak_gflops else "")
        print(line)


def _ratio_text(rows, ours, peer):
    """'0.62x (median 0.70x)': best over best, and median over median."""
    best = rows[ours]["best"] / rows[peer]["best"]
    return best, f"{best:.2f}x (median {rows[ours]['median'] / rows[peer]['median']:.2f}x)"


def check_targets(results, kpp, mem, peak_gflops, start_up):
    """One PASS/MISS line per target of issue 15, with its measured ratio (best of clean runs, median beside).

    A target that was not measured in this run (its workload left out, faiss not installed)
    gets a ``----`` line that says so.
    """
    lines = []

    def verdict(ok, text):
        lines.append(f"  {'----' if ok is None else 'PASS' if ok else 'MISS'}  {text}")

    for name, result in results.items():
        rows = result["rows"]
        ratio, text = _ratio_text(rows, OURS, REFERENCE)
        verdict(ratio <= TARGET_VS_SKLEARN, f"{name}: KMeans.fit {text} sklearn lloyd (target <= {TARGET_VS_SKLEARN})")
    for name in FAISS_WORKLOADS:
        if name in results and "faiss" in results[name]["rows"]:
            ratio, text = _ratio_text(results[name]["rows"], OURS, "faiss")
            verdict(ratio <= TARGET_VS_FAISS, f"{name}: KMeans.fit {text} faiss (target <= {TARGET_VS_FAISS})")
        else:
            verdict(None, f"{name}: vs faiss not measured (faiss not installed or workload not run)")
    if "W5" in results and peak_gflops:
        rows, (n, d), k = results["W5"]["rows"], results["W5"]["shape"], results["W5"]["k"]
        flop = 2.0 * n * d * k * rows[OURS]["n_iter"]
        best, median = flop / rows[OURS]["best"] / 1e9 / peak_gflops, flop / rows[OURS]["median"] / 1e9 / peak_gflops
        verdict(
            best >= TARGET_PEAK_FRACTION,
            f"W5: {best * 100:.0f}% of the float64 matmul peak (median {median * 100:.0f}%; target >= "
            f"{TARGET_PEAK_FRACTION * 100:.0f}%)",
        )
    else:
        verdict(None, "W5: share of the matmul peak not measured")
    for name in ELKAN_WORKLOADS:
        if name in results and OURS_ELKAN in results[name]["rows"]:
            ratio, text = _ratio_text(results[name]["rows"], OURS_ELKAN, ELKAN_REFERENCE)
            verdict(ratio <= TARGET_ELKAN, f"{name}: algorithm='elkan' {text} sklearn elkan (target <= {TARGET_ELKAN})")
        else:
            verdict(None, f"{name}: elkan not measured")
    for name, res in kpp.items():
        (ours_best, ours_median), (ref_best, ref_median) = res["seconds"]["kmeans_edu"], res["seconds"]["sklearn"]
        ratio = ours_best / ref_best
        verdict(
            ratio <= TARGET_KMEANSPP and res["same_picks"],
            f"{name}: kmeans_plusplus {ratio:.2f}x (median {ours_median / ref_median:.2f}x) sklearn's, identical "
            f"picks: {res['same_picks']} (target <= {TARGET_KMEANSPP})",
        )
    for name, per in mem.items():
        for ours, peer in ((OURS, REFERENCE), (OURS_ELKAN, ELKAN_REFERENCE)):
            if ours in per and peer in per:
                a, b = per[ours]["extra_mib"], per[peer]["extra_mib"]
                verdict(a <= b, f"{name}: extra peak memory {ours} {a:.1f} MiB vs {peer} {b:.1f} MiB")
    if start_up:
        ours, ref = start_up["warm"]["kmeans_edu"], start_up["warm"]["sklearn"]
        verdict(
            ours["best"] <= ref["best"],
            f"import + first KMeans fit (2,000 x 2), fresh process, warm cache: {ours['best']:.2f} s vs sklearn "
            f"{ref['best']:.2f} s, {ours['best'] / ref['best']:.2f}x (median {ours['median'] / ref['median']:.2f}x; "
            "target <= 1)",
        )
        cold = start_up["cold"]["warmup_s"]
        verdict(cold < TARGET_COLD_S, f"cold compile, warmup(): {cold:.1f} s (target < {TARGET_COLD_S:.0f} s)")
    return lines


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, agreement checks only (CI)")
    parser.add_argument("--workloads", default=",".join(workloads.NAMES), help="comma-separated, e.g. W1,W3")
    parser.add_argument("--repeats", type=int, default=None, help="timed rounds (default 5; 1 with --quick)")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory subprocesses")
    parser.add_argument("--no-startup", action="store_true", help="skip cold compile and warm import timings")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run all implementations in this process (default with --quick; see benchmarks/worker.py)",
    )
    args = parser.parse_args(argv)
    args.in_process = args.in_process or args.quick
    args.workloads = [w.strip().upper() for w in args.workloads.split(",") if w.strip()]
    for name in args.workloads:
        if name not in workloads.NAMES:
            parser.error(f"--workloads: unknown workload {name!r}; choose from {', '.join(workloads.NAMES)}")
    if args.repeats is None:
        args.repeats = 1 if args.quick else 5
    if args.repeats < 1:
        parser.error("--repeats must be >= 1")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    mode = "quick (agreement only)" if args.quick else "full"
    print(f"kmeans_edu benchmark, {mode}; {THREADS} threads; {args.repeats} timed round(s); whole fits timed")
    load = os.getloadavg()[0]
    busy = ": a busy machine, trust ratios only" if load > 1 else ""
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs{busy}")
    names = available_peers()
    peak = None
    if not args.quick:
        peak = matmul_peak()
        print(f"float64 matmul peak: {peak:.1f} GFLOP/s (numpy, 3000 x 3000, {THREADS} BLAS threads)")
    results, kpp, mem, failures = {}, {}, {}, []
    runner = InProcess() if args.in_process else Workers(names)
    for name in args.workloads:
        work = workloads.make(name, quick=args.quick)
        if name == "W5" and peak is not None:  # the peak again, next to the run it is compared with
            peak = max(peak, matmul_peak())
            print(f"\nfloat64 matmul peak, measured again before W5 (the higher kept): {peak:.1f} GFLOP/s")
        result = time_workload(work, runner, names, args.repeats)
        result.update(shape=work.X.shape, k=work.k)
        results[name] = result
        if not args.quick and not args.no_memory:
            mem[name] = measure_memory(work, names)
        print_workload(work, result, mem.get(name, {}), peak)
        same, diff, ok = result["elkan_vs_elkan"]
        print(f"  {OURS_ELKAN} vs {ELKAN_REFERENCE}: labels= {same * 100:.2f}%, inertia rel {diff:.1e}")
        if not result["rows"][OURS]["agrees"]:
            failures.append(f"{name}: {OURS} disagrees with {REFERENCE}")
        if not ok:
            failures.append(f"{name}: {OURS_ELKAN} disagrees with {ELKAN_REFERENCE}")
        if name in KMEANSPP_WORKLOADS:
            kpp[name] = time_kmeanspp(work, runner, args.repeats)
            res = kpp[name]
            (ours_best, _), (ref_best, _) = res["seconds"]["kmeans_edu"], res["seconds"]["sklearn"]
            print(
                f"  k-means++ (k={work.k}): kmeans_edu {ours_best * 1e3:.1f} ms, sklearn {ref_best * 1e3:.1f} ms "
                f"(best runs), ratio {ours_best / ref_best:.2f}, identical picks: {res['same_picks']}"
            )
            if not res["same_picks"]:
                failures.append(f"{name}: k-means++ picks differ from sklearn's")
    runner.close()
    if mem:
        method = next((m["method"] for per in mem.values() for m in per.values()), "?")
        print(f"\npeak MiB: extra resident memory of one fit ({method} in a fresh process, see benchmarks/memory.py)")
    start_up = None
    if not args.quick and not args.no_startup:
        start_up = {"cold": startup.cold_compile(), "warm": startup.warm_first_fit()}
        cold, warm = start_up["cold"], start_up["warm"]
        print(f"\ncold compile: warmup() {cold['warmup_s']:.1f} s (import before it {cold['import_s']:.2f} s)")
        for name in ("kmeans_edu", "sklearn"):
            print(
                f"import + first KMeans fit (2,000 x 2, k=3), fresh process, {name}: best {warm[name]['best']:.2f} s, "
                f"median {warm[name]['median']:.2f} s"
            )
    if not args.quick:
        print("\nTargets (issue 15; ratio of the best clean runs, the median ratio beside it):")
        print("\n".join(check_targets(results, kpp, mem, peak, start_up)))
    if failures:
        print("\nAGREEMENT FAILED:\n  " + "\n  ".join(failures))
        return 1
    print(
        "\nagreement: kmeans_edu matches sklearn lloyd on every workload"
        + (" and k-means++ picks" if kpp else "")
        + f" ({OURS_ELKAN}: {ELKAN_REFERENCE})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
