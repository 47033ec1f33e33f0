"""Issue 14, family 10: the bad-input sweep as a table-driven test over the public API.

The table is in ``bad_input_cases.py`` (run it directly for the counts by outcome). The cases run in
a subprocess: a crash or a hang fails that family's cases instead of killing pytest.
"""

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import bad_input_cases  # noqa: E402


@pytest.fixture(scope="module")
def sweep():
    """Every family in one subprocess (one interpreter start-up); a family it did not finish is rerun alone."""
    return bad_input_cases.run_families(list(bad_input_cases.FAMILIES))


@pytest.mark.parametrize("family", list(bad_input_cases.FAMILIES))
def test_bad_input_sweep(sweep, family):
    results = sweep[family]
    assert results, f"family {family} ran no case"
    failures = [
        f"{case_id}: {outcome}: {detail}"
        for case_id, (outcome, detail) in results.items()
        if outcome not in bad_input_cases.EXPECTED_OUTCOMES
    ]
    counts = Counter(outcome for outcome, _ in results.values())
    print(f"family {family} ({bad_input_cases.FAMILIES[family]}): {dict(counts)}")
    assert not failures, f"{len(failures)} of {len(results)} cases of family {family} failed:\n" + "\n".join(failures)


def test_judge_tells_outcomes_apart():
    """The judge itself: each outcome is reachable, so a case cannot pass by construction."""
    Error, Result, judge = bad_input_cases.Error, bad_input_cases.Result, bad_input_cases.judge

    def boom(exc):
        def call():
            raise exc

        return call

    assert judge(boom(ValueError("X is empty")), Error("X"))[0] == "clear error"
    assert judge(boom(ValueError("Xs is empty")), Error("X"))[0] == "unclear error"
    assert judge(boom(IndexError("X index")), Error("X"))[0] == "unclear error"
    assert judge(lambda: 1, Error("X"))[0] == "no error"
    assert judge(lambda: 1.0, Result(lambda r: r == 1.0))[0] == "correct result"
    assert judge(lambda: 2.0, Result(lambda r: r == 1.0))[0] == "wrong result"
    assert judge(lambda: float("nan"), Result(lambda r: True))[0] == "wrong result"
    assert judge(boom(ValueError("X")), Result(lambda r: True))[0] == "unexpected error"
    assert judge(boom(ValueError("X is too big")), Error("X", "too large"))[0] == "unclear error"
    assert judge(lambda: 1.0, lambda: Result(lambda r: r == 1.0))[0] == "correct result"
    assert judge(lambda: 1.0, boom(RuntimeError("no reference")))[0] == "reference error"


def test_a_crash_fails_only_its_family(monkeypatch):
    """A case that kills the interpreter is reported as a crash, with the cases after it; other families run."""
    monkeypatch.setenv("KMEANS_EDU_SWEEP_CRASH", "7")  # makes family 7's first case call os.abort()
    results = bad_input_cases.run_families(["6", "7"])
    assert {o for o, _ in results["7"].values()} == {"crash"}
    assert set(results["7"]) == set(bad_input_cases.case_ids("7"))
    assert all(o in bad_input_cases.EXPECTED_OUTCOMES for o, _ in results["6"].values())
