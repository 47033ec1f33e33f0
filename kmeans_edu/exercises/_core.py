"""The checking machinery: exercises, results, attempts, hints, time limits, learner seeds.

Three kinds of exercise share one entry point, :func:`check`:

* :class:`FunctionExercise`: the answer is a function. It is called on fixed cases (the edge cases
  where learners go wrong) plus a few cases drawn from the learner's own seed, and its output is
  compared with the reference solution's.
* :class:`ValueExercise`: the answer is a number ("predict, then run"), compared with a stated
  tolerance.
* :class:`ChoiceExercise`: the answer is one option of a multiple-choice question; every option
  carries its own explanation.

A wrong answer that matches a known :class:`Misconception` (a model of the mistake, run on the same
cases) is named, with a hint that fixes it. Otherwise the smallest failing case is shown: input,
expected, got. Each failed attempt of the same exercise climbs a ladder of hints (the idea, then the
function to use, then the line); after :data:`REVEAL_AFTER` failed attempts :func:`solution` shows a
worked solution.
"""

from __future__ import annotations

import hashlib
import html
import inspect
import math
import numbers
import os
import signal
import textwrap
import threading
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from ..versions import STRICT_ENV

REVEAL_AFTER = 3
"""Failed attempts after which :func:`solution` shows the worked solution."""

TIME_LIMIT = 10.0
"""Seconds a learner's function may run on one case before the check gives up on it."""

# With the environment variable STRICT_ENV set to 1, a failed check raises ``AssertionError`` (used to
# test the instructor edition, where every check must pass); kmeans_edu.versions is its one home.

_REGISTRY: dict[str, Exercise] = {}
_STATE = {"learner": None, "attempts": {}, "results": {}}


# ----------------------------------------------------------------------------------------------------------------
# What a check returns
# ----------------------------------------------------------------------------------------------------------------


@dataclass
class CheckResult:
    """The verdict on one answer.

    Attributes
    ----------
    exercise_id : str
    passed : bool
        True when the answer is right.
    message : str
        What is right or wrong, in words: the misconception recognised, or the smallest failing case,
        followed by the next hint.
    points, max_points : float
        Credit earned and available. Function exercises earn partial credit in proportion to the cases
        they pass; others earn all or nothing.
    status : {'passed', 'failed', 'not_done'}
        'not_done' when the answer is still the stub (None, or a function returning None).
    misconception : str or None
        The name of the misconception recognised, if any.
    hint : str or None
        The hint given with this attempt.
    """

    exercise_id: str
    passed: bool
    message: str
    points: float
    max_points: float
    status: str
    misconception: str | None = None
    hint: str | None = None

    @property
    def headline(self):
        """One line: verdict, exercise and points, in words (no reliance on colour)."""
        verdict = {"passed": "Correct", "failed": "Not yet", "not_done": "Not done yet"}[self.status]
        mark = {"passed": "✔", "failed": "✘", "not_done": "…"}[self.status]
        points = f"{_fmt_points(self.points)}/{_fmt_points(self.max_points)} points"
        return f"{mark} {verdict}: {self.exercise_id} ({points})"

    def __str__(self):
        return self.headline + "\n" + textwrap.indent(self.message, "  ")

    def __repr__(self):
        # Under nbgrader's autograder a number as the cell's value is partial credit.
        if os.environ.get("NBGRADER_EXECUTION") == "autograde":
            return repr(float(self.points))
        return str(self)

    def _repr_html_(self):
        colour = {"passed": "#1a7f37", "failed": "#b35900", "not_done": "#555555"}[self.status]
        body = html.escape(self.message).replace("\n", "<br>")
        return (
            f'<div role="status" style="border-left: 4px solid {colour}; padding: 4px 10px; margin: 4px 0;">'
            f"<strong>{html.escape(self.headline)}</strong><br>"
            f'<span style="font-family: monospace; white-space: pre-wrap;">{body}</span></div>'
        )


def _fmt_points(x):
    return f"{x:g}"


# ----------------------------------------------------------------------------------------------------------------
# Exercises
# ----------------------------------------------------------------------------------------------------------------


@dataclass
class Misconception:
    """A known mistake: its name, a model of the wrong answer, and what to tell the learner.

    Attributes
    ----------
    name : str
        Short name, e.g. ``"median instead of mean"``; it appears in the message.
    message : str
        What the learner did and how to fix it.
    wrong : callable, tuple of callables, or None
        For function exercises: a function with the answer's signature that makes this mistake (a tuple:
        several ways of making the same mistake, any of which is recognised). For value
        exercises: a function of the exercise data returning the value the mistake gives. For choice
        exercises it is unused (each option has its explanation).
    """

    name: str
    message: str
    wrong: Callable | tuple | None = None

    def models(self):
        """The models of the mistake (``wrong`` may hold several ways of making it)."""
        if self.wrong is None:
            return ()
        return tuple(self.wrong) if isinstance(self.wrong, (tuple, list)) else (self.wrong,)


@dataclass
class Case:
    """One input of a function exercise: a name that says what it tests, and the arguments."""

    name: str
    args: tuple

    def size(self):
        return sum(np.size(a) for a in self.args)


@dataclass
class Exercise:
    """What every exercise has: id, notebook, title, points, hints and the misconceptions it recognises."""

    id: str
    notebook: str
    title: str
    points: float = 1.0
    hints: tuple = ()
    misconceptions: tuple = ()
    kind: str = field(init=False, default="exercise")

    def solution_text(self):  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass
class FunctionExercise(Exercise):
    """The answer is a function; it is compared with ``reference`` on ``cases(rng)``.

    Attributes
    ----------
    signature : str
        How the answer is called, e.g. ``"f(X, centers) -> labels"``.
    reference : callable
        The reference solution (also what :func:`solution` shows).
    cases : callable
        ``cases(rng) -> list of Case``: the fixed edge cases first, then cases drawn from ``rng``
        (seeded by the learner's name).
    compare : callable
        ``compare(expected, got) -> None or str``: None when ``got`` is right, else what is wrong.
    same : callable or None
        Like ``compare``, used to tell whether the learner's output equals a misconception's (None: ``compare``).
    """

    signature: str = ""
    reference: Callable | None = None
    cases: Callable | None = None
    compare: Callable | None = None
    same: Callable | None = None
    kind: str = field(init=False, default="function")

    def solution_text(self):
        return inspect.getsource(self.reference)


@dataclass
class ValueExercise(Exercise):
    """The answer is a number compared with ``expected(data)`` within ``rtol``/``atol``.

    Attributes
    ----------
    expected : callable
        ``expected(data) -> number``, computed live from the library (never a stored number).
    make_data : callable or None
        ``make_data(rng) -> data`` for per-learner data (see :func:`data`); None when the question is
        about fixed data.
    rtol, atol : float
        The tolerance, stated in the message.
    explanation : str
        Shown once the answer is right, and by :func:`solution`.
    """

    expected: Callable | None = None
    make_data: Callable | None = None
    rtol: float = 0.0
    atol: float = 0.0
    explanation: str = ""
    integer: bool = False
    kind: str = field(init=False, default="value")

    def solution_text(self):
        return f"{self.expected(learner_data(self)) !r}\n\n{self.explanation}"


@dataclass
class Option:
    """One option of a multiple-choice question, with its explanation."""

    text: str
    correct: bool
    explanation: str


@dataclass
class ChoiceExercise(Exercise):
    """A multiple-choice question: the answer is an option's letter ('a', 'b', ...) or index."""

    question: str = ""
    options: tuple = ()
    kind: str = field(init=False, default="choice")

    @property
    def letters(self):
        return "abcdefghij"[: len(self.options)]

    def solution_text(self):
        lines = []
        for letter, opt in zip(self.letters, self.options, strict=True):
            mark = "right" if opt.correct else "wrong"
            lines.append(f"({letter}) {opt.text} [{mark}]: {opt.explanation}")
        return "\n".join(lines)


def register(exercise):
    """Add an exercise to the registry (ids are unique)."""
    if exercise.id in _REGISTRY:
        raise ValueError(f"exercise id {exercise.id!r} is registered twice.")
    if exercise.kind == "function" and not exercise.misconceptions:
        raise ValueError(f"function exercise {exercise.id!r} names no misconception.")
    _REGISTRY[exercise.id] = exercise
    return exercise


def get(exercise_id):
    """The exercise with this id; a clear error for an unknown id."""
    if not isinstance(exercise_id, str):
        raise TypeError(f"exercise_id must be a str; got {type(exercise_id).__name__}.")
    try:
        return _REGISTRY[exercise_id]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(exercise_id, _REGISTRY, n=3)
        extra = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ValueError(f"exercise_id {exercise_id!r} is not an exercise of kmeans_edu.{extra}") from None


def all_exercises():
    """Every registered exercise, in notebook order."""
    return sorted(_REGISTRY.values(), key=lambda e: (e.notebook, list(_REGISTRY).index(e.id)))


# ----------------------------------------------------------------------------------------------------------------
# Learners and their seeds
# ----------------------------------------------------------------------------------------------------------------


def set_learner(name):
    """Seed the check data with a learner's name, so that two learners do not share expected numbers.

    Parameters
    ----------
    name : str or None
        Any non-empty string (None goes back to the shared default data). Attempts and results so far
        are kept.
    """
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ValueError(f"name must be a non-empty str or None; got {name!r}.")
    _STATE["learner"] = None if name is None else name.strip()


def learner():
    """The learner's name given to :func:`set_learner`, or None."""
    return _STATE["learner"]


def learner_rng(exercise_id):
    """A random generator seeded by the learner's name and the exercise id (the same in every session)."""
    key = f"{_STATE['learner'] or ''}\x00{exercise_id}".encode()
    seed = int.from_bytes(hashlib.sha256(key).digest()[:8], "little")
    return np.random.default_rng(seed)


def learner_data(exercise):
    """The data of a value exercise for the current learner (None when it has none)."""
    ex = get(exercise) if isinstance(exercise, str) else exercise
    if getattr(ex, "make_data", None) is None:
        return None
    return ex.make_data(learner_rng(ex.id))


def reset(exercise_id=None):
    """Forget attempts and results: of one exercise, or of all (``exercise_id=None``)."""
    if exercise_id is None:
        _STATE["attempts"].clear()
        _STATE["results"].clear()
    else:
        get(exercise_id)
        _STATE["attempts"].pop(exercise_id, None)
        _STATE["results"].pop(exercise_id, None)


def attempts(exercise_id):
    """How many failed attempts this kernel has made at an exercise."""
    get(exercise_id)
    return _STATE["attempts"].get(exercise_id, 0)


# ----------------------------------------------------------------------------------------------------------------
# Running a learner's function safely
# ----------------------------------------------------------------------------------------------------------------


class _TimeLimit(Exception):
    pass


def call_with_time_limit(func, args, seconds=None):
    """Call ``func(*args)``; raise :class:`TimeoutError` if it runs longer than ``seconds``.

    In the main thread of a POSIX process (a Jupyter kernel) a timer signal interrupts the function.
    Elsewhere it runs in a daemon thread that is abandoned after the limit (it cannot be stopped, but
    the notebook goes on).
    """
    seconds = TIME_LIMIT if seconds is None else seconds
    can_signal = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if can_signal:

        def on_alarm(signum, frame):
            raise _TimeLimit

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return func(*args)
        except _TimeLimit:
            raise TimeoutError(f"it ran for more than {seconds:g} s") from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    box = {}

    def target():
        try:
            box["value"] = func(*args)
        except BaseException as exc:  # noqa: BLE001 - reported to the learner
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError(f"it ran for more than {seconds:g} s (it goes on in the background)")
    if "error" in box:
        raise box["error"]
    return box["value"]


@contextmanager
def _quiet():
    """No warnings from a learner's function while it is checked (NaN, division by zero: the message says)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def _copy_args(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def _show(value, limit=400):
    """A short, readable text for an input or output in a message."""
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=4, suppress=True, threshold=60, edgeitems=3):
            body = np.array2string(value, separator=", ", max_line_width=10**6)
        text = f"array({' '.join(body.split())}, dtype={value.dtype})"
    elif isinstance(value, float):
        text = f"{value:.10g}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ----------------------------------------------------------------------------------------------------------------
# Checking
# ----------------------------------------------------------------------------------------------------------------


def _is_stub(answer):
    return answer is None or answer is Ellipsis


def check(exercise_id, answer):
    """Check an answer to an exercise and say what is right or wrong.

    Parameters
    ----------
    exercise_id : str
        The exercise's id (see :func:`progress` for the list).
    answer : callable, number or str
        A function for "write this step" exercises, a number for "predict, then run" questions, an
        option letter ('a', 'b', ...) or index for multiple-choice questions. None means "not done yet".

    Returns
    -------
    CheckResult
        Shown in the notebook as a short verdict. A wrong answer never raises, whatever it does
        (raise, return the wrong type or shape, run too long): the message says what happened.
    """
    ex = get(exercise_id)
    if _is_stub(answer):
        result = _not_done(ex, "Replace the placeholder with your answer, then run this cell again.")
    elif ex.kind == "function":
        result = _check_function(ex, answer)
    elif ex.kind == "value":
        result = _check_value(ex, answer)
    else:
        result = _check_choice(ex, answer)
    return _record(ex, result)


def _not_done(ex, why):
    return CheckResult(ex.id, False, why, 0.0, float(ex.points), "not_done")


def _record(ex, result):
    if result.status == "failed":
        n = _STATE["attempts"].get(ex.id, 0) + 1
        _STATE["attempts"][ex.id] = n
        hint = ex.hints[min(n, len(ex.hints)) - 1] if ex.hints else None
        extra = []
        if hint:
            extra.append(f"Hint {min(n, len(ex.hints))}/{len(ex.hints)}: {hint}")
        if n >= REVEAL_AFTER:
            extra.append(f"After {n} tries you can see a worked solution: exercises.solution({ex.id!r}).")
        else:
            extra.append(f"Try {n} of {REVEAL_AFTER} before the solution can be shown.")
        result.hint = hint
        result.message = result.message + "\n" + "\n".join(extra)
    previous = _STATE["results"].get(ex.id)
    if previous is None or result.points >= previous.points or result.passed:
        _STATE["results"][ex.id] = result
    if result.status != "passed" and os.environ.get(STRICT_ENV) == "1":
        raise AssertionError(str(result))
    return result


def _check_function(ex, answer):
    if not callable(answer):
        return CheckResult(
            ex.id, False, f"Expected a function {ex.signature}; got {type(answer).__name__} {_show(answer, 80)}.",
            0.0, float(ex.points), "failed",
        )
    cases = ex.cases(learner_rng(ex.id))
    outcomes = []  # (case, expected, got or exception, problem or None)
    for case in cases:
        expected = ex.reference(*_copy_args(case.args))
        args = _copy_args(case.args)
        try:
            with _quiet():
                got = call_with_time_limit(answer, args)
        except NotImplementedError:
            return _not_done(ex, "Your function still raises NotImplementedError: write its body, then check again.")
        except TimeoutError as exc:
            return _failed_case(ex, case, expected, None, f"Your function did not finish on the case '{case.name}': "
                                f"{exc}. Look for a loop that never ends.", len(cases), 0)
        except Exception as exc:  # noqa: BLE001 - reported to the learner
            outcomes.append((case, expected, exc, f"it raised {type(exc).__name__}: {exc}"))
            continue
        if got is None and not outcomes:
            return _not_done(ex, "Your function returns None: write its body and end it with `return ...`.")
        changed = [i for i, (a, b) in enumerate(zip(case.args, args, strict=True))
                   if isinstance(a, np.ndarray) and not _same_array(a, b)]
        if changed:
            names = _arg_names(ex.signature)
            which = ", ".join(f"`{names[i]}`" if i < len(names) else f"argument {i}" for i in changed)
            problem = f"{_IN_PLACE} {which} in place; work on a copy and return a new array"
        else:
            try:
                problem = ex.compare(expected, got)
            except Exception as exc:  # noqa: BLE001 - a learner's odd return value must not break the check
                problem = f"its return value could not be compared ({type(exc).__name__}: {exc})"
        outcomes.append((case, expected, got, problem))
    failing = [o for o in outcomes if o[3] is not None]
    n_pass = len(outcomes) - len(failing)
    mutated = [o for o in failing if o[3].startswith(_IN_PLACE)]
    if mutated:  # say this first: the outputs may be right, and a misconception model could match them
        case, expected, got, problem = mutated[0]
        return _failed_case(ex, case, expected, got, f"On the case '{case.name}' {problem}.", len(outcomes), n_pass)
    if not failing:
        names = ", ".join(dict.fromkeys(c.name for c in cases))
        return CheckResult(ex.id, True, f"Right on all {len(cases)} cases ({names}).",
                           float(ex.points), float(ex.points), "passed")
    found = _match_misconception(ex, failing)
    if found is not None:
        points = _partial(ex, n_pass, len(outcomes))
        msg = (f"Misconception: {found.name}. {found.message}\n"
               f"(Wrong on {len(failing)} of {len(outcomes)} cases, e.g. '{failing[0][0].name}'.)")
        return CheckResult(ex.id, False, msg, points, float(ex.points), "failed", misconception=found.name)
    case, expected, got, problem = min(failing, key=lambda o: o[0].size())
    return _failed_case(ex, case, expected, got, f"Wrong on the case '{case.name}': {problem}.",
                        len(outcomes), n_pass)


_IN_PLACE = "your function changed its input"


def _failed_case(ex, case, expected, got, headline, n_cases, n_pass):
    names = _arg_names(ex.signature)
    lines = [headline, "Smallest failing case:"]
    for i, a in enumerate(case.args):
        lines.append(f"  {names[i] if i < len(names) else f'arg{i}'} = {_show(a)}")
    lines.append(f"  expected: {_show(expected)}")
    if got is not None and not isinstance(got, BaseException):
        lines.append(f"  got:      {_show(got)}")
    return CheckResult(ex.id, False, "\n".join(lines), _partial(ex, n_pass, n_cases), float(ex.points), "failed")


def _partial(ex, n_pass, n_cases):
    return round(float(ex.points) * n_pass / n_cases, 2) if n_cases else 0.0


def _arg_names(signature):
    inside = signature[signature.find("(") + 1: signature.find(")")]
    return [s.strip() for s in inside.split(",") if s.strip()]


def _same_array(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")


def _match_misconception(ex, failing):
    """The misconception one of whose models reproduces the learner's output on every failing case."""
    for mis in ex.misconceptions:
        for model in mis.models():
            if _reproduces(ex, model, failing):
                return mis
    return None


def _reproduces(ex, model, failing):
    """True when ``model`` gives the learner's output on every failing case."""
    for case, _expected, got, _problem in failing:
        if isinstance(got, BaseException):
            return False
        try:
            with _quiet():
                modelled = model(*_copy_args(case.args))
            if (ex.same or ex.compare)(modelled, got) is not None:
                return False
        except Exception:  # noqa: BLE001 - a model that does not apply to this case does not match
            return False
    return True


def _as_number(answer):
    if isinstance(answer, (bool, np.bool_)):
        return None
    if isinstance(answer, numbers.Real):
        return float(answer)
    if isinstance(answer, np.ndarray) and answer.size == 1 and answer.dtype.kind in "iuf":
        return float(answer.reshape(()))
    return None


def _check_value(ex, answer):
    value = _as_number(answer)
    tol = _tolerance_text(ex)
    if value is None:
        return CheckResult(ex.id, False, f"Expected a number; got {type(answer).__name__} {_show(answer, 80)}.",
                           0.0, float(ex.points), "failed")
    data = learner_data(ex)
    expected = float(ex.expected(data))
    if _close(value, expected, ex):
        msg = f"{_show(value)} is right{tol}." + (f"\n{ex.explanation}" if ex.explanation else "")
        return CheckResult(ex.id, True, msg, float(ex.points), float(ex.points), "passed")
    for mis, model in ((m, f) for m in ex.misconceptions for f in m.models()):
        try:
            modelled = float(model(data))
        except Exception:  # noqa: BLE001
            continue
        if _close(value, modelled, ex) and not _close(modelled, expected, ex):
            return CheckResult(ex.id, False, f"Misconception: {mis.name}. {mis.message}", 0.0, float(ex.points),
                               "failed", misconception=mis.name)
    return CheckResult(ex.id, False, f"{_show(value)} is not the right value{tol}.", 0.0, float(ex.points), "failed")


def _tolerance_text(ex):
    if ex.integer:
        return " (an exact whole number)"
    if ex.rtol and ex.atol:
        return f" (to within a relative {ex.rtol:g} or an absolute {ex.atol:g})"
    if ex.rtol:
        return f" (to within a relative {ex.rtol:g})"
    if ex.atol:
        return f" (to within {ex.atol:g})"
    return " (exactly)"


def _close(a, b, ex):
    if not (math.isfinite(a) and math.isfinite(b)):
        return a == b
    if ex.integer:
        return a == b
    return abs(a - b) <= max(ex.atol, ex.rtol * abs(b))


def option_index(ex, answer):
    """The option index an answer names (a letter or an int), or None."""
    if isinstance(answer, str):
        letter = answer.strip().lower().strip("()")
        return ex.letters.index(letter) if len(letter) == 1 and letter in ex.letters else None
    if isinstance(answer, (int, np.integer)) and not isinstance(answer, bool) and 0 <= answer < len(ex.options):
        return int(answer)
    return None


def _check_choice(ex, answer):
    i = option_index(ex, answer)
    if i is None:
        return CheckResult(ex.id, False, f"Answer with one of the letters {', '.join(ex.letters)}; got {answer!r}.",
                           0.0, float(ex.points), "failed")
    opt = ex.options[i]
    letter = ex.letters[i]
    if opt.correct:
        return CheckResult(ex.id, True, f"({letter}) is right. {opt.explanation}", float(ex.points),
                           float(ex.points), "passed")
    return CheckResult(ex.id, False, f"({letter}) is not right. {opt.explanation}", 0.0, float(ex.points),
                       "failed", misconception=opt.text)


# ----------------------------------------------------------------------------------------------------------------
# Hints, solutions, progress
# ----------------------------------------------------------------------------------------------------------------


class Text(str):
    """A string that shows as itself (not as a quoted repr) when it is a cell's value."""

    def __repr__(self):
        return str(self)


def hint(exercise_id):
    """The next hint of the ladder for an exercise (the first one before any attempt)."""
    ex = get(exercise_id)
    if not ex.hints:
        return Text("This exercise has no hints.")
    n = max(1, min(_STATE["attempts"].get(ex.id, 0), len(ex.hints)))
    return Text(f"Hint {n}/{len(ex.hints)}: {ex.hints[n - 1]}")


def solution(exercise_id, *, force=False):
    """A worked solution, once the exercise is passed or after :data:`REVEAL_AFTER` failed attempts.

    Parameters
    ----------
    exercise_id : str
    force : bool, default=False
        Show it now (for self-study; the instructor edition of the notebooks has every solution).
    """
    ex = get(exercise_id)
    tries = _STATE["attempts"].get(ex.id, 0)
    done = ex.id in _STATE["results"] and _STATE["results"][ex.id].passed
    if not (force or done or tries >= REVEAL_AFTER):
        return Text(f"Try {REVEAL_AFTER - tries} more time(s) first (or call solution({ex.id!r}, force=True)).")
    return Text(f"Solution of {ex.id}:\n\n{ex.solution_text()}")


@dataclass
class Progress:
    """Exercises of a notebook and how this kernel did on them (see :func:`progress`)."""

    rows: list

    @property
    def points(self):
        return sum(r["points"] for r in self.rows)

    @property
    def max_points(self):
        return sum(r["max_points"] for r in self.rows)

    @property
    def n_passed(self):
        return sum(r["status"] == "passed" for r in self.rows)

    def __str__(self):
        lines = [f"{self.n_passed} of {len(self.rows)} exercises passed, "
                 f"{_fmt_points(self.points)}/{_fmt_points(self.max_points)} points"]
        for r in self.rows:
            status = {"passed": "passed", "failed": "not yet", "not_done": "not done",
                      None: "not tried"}[r["status"]]
            lines.append(f"  {r['id']:<28} {r['kind']:<8} {status:<9} "
                         f"{_fmt_points(r['points'])}/{_fmt_points(r['max_points'])}  {r['title']}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self):
        head = "".join(f"<th>{h}</th>" for h in ("exercise", "kind", "status", "points", "what"))
        body = []
        for r in self.rows:
            status = {"passed": "✔ passed", "failed": "✘ not yet", "not_done": "… not done",
                      None: "not tried"}[r["status"]]
            body.append(
                f"<tr><td><code>{r['id']}</code></td><td>{r['kind']}</td><td>{status}</td>"
                f"<td>{_fmt_points(r['points'])}/{_fmt_points(r['max_points'])}</td><td>{html.escape(r['title'])}</td></tr>"
            )
        caption = html.escape(str(self).splitlines()[0])
        return f"<table><caption>{caption}</caption><tr>{head}</tr>{''.join(body)}</table>"


def progress(notebook=None):
    """The exercises of a notebook (or all) and which ones passed in this kernel.

    Parameters
    ----------
    notebook : str or None
        A notebook's number or name prefix, e.g. ``"01"`` or ``"08b"``; None lists every exercise.

    Returns
    -------
    Progress
        Shown as a table; ``.rows`` holds one dict per exercise (id, kind, title, status, points,
        max_points, attempts), ``.points`` and ``.max_points`` the totals.
    """
    if notebook is not None and not isinstance(notebook, str):
        raise TypeError(f"notebook must be a str such as '01'; got {type(notebook).__name__}.")
    rows = []
    for ex in all_exercises():
        if notebook is not None and not ex.notebook.startswith(notebook):
            continue
        res = _STATE["results"].get(ex.id)
        rows.append({
            "id": ex.id, "notebook": ex.notebook, "kind": ex.kind, "title": ex.title,
            "status": None if res is None else res.status,
            "points": 0.0 if res is None else res.points, "max_points": float(ex.points),
            "attempts": _STATE["attempts"].get(ex.id, 0),
        })
    if notebook is not None and not rows:
        known = sorted({ex.notebook for ex in _REGISTRY.values()})
        raise ValueError(f"notebook {notebook!r} has no exercises; notebooks with exercises: {', '.join(known)}.")
    return Progress(rows)
