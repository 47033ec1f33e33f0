"""One source, two editions: instructor/ holds the solutions, notebooks/ is made from it by scripts/make_editions.py.

* The committed student edition is exactly what the script makes (edit instructor/, then run the script).
* The student edition holds no solution, and no output that gives one away.
* The instructor edition runs top to bottom with every check passing (a failed check raises there).
  The student edition runs clean under nbval with the rest of notebooks/ (checks say "not done yet").
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kmeans_edu import exercises

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "instructor").glob("*.ipynb"))
WITH_EXERCISES = [p for p in SOURCES if "### BEGIN SOLUTION" in p.read_text(encoding="utf-8")
                  or "check(" in p.read_text(encoding="utf-8")]
CHECK = re.compile(r"""\b(?:check|quiz)\(\s*["']([A-Za-z0-9_]+)["']""")


def _script(*args):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "make_editions.py"), *args],
                          capture_output=True, text=True, cwd=ROOT)


def test_committed_student_edition_is_what_the_script_makes():
    run = _script("--check")
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_notebook_has_both_editions():
    assert {p.name for p in SOURCES} == {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}


@pytest.mark.parametrize("source", WITH_EXERCISES, ids=lambda p: p.stem)
def test_student_edition_holds_no_solution_and_no_verdict(source):
    src = nbformat.read(source, as_version=4)
    student = nbformat.read(ROOT / "notebooks" / source.name, as_version=4)
    assert len(src.cells) == len(student.cells)
    n_solutions = 0
    for a, b in zip(src.cells, student.cells, strict=True):
        if "### BEGIN SOLUTION" in a.source:
            n_solutions += 1
            solution = a.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            assert "# YOUR CODE HERE" in b.source and "BEGIN SOLUTION" not in b.source
            for line in solution.strip().splitlines():
                if line.strip() and not line.strip().startswith("#"):
                    assert line not in b.source.splitlines(), f"solution line left in {source.name}: {line!r}"
            assert a.metadata["nbgrader"]["solution"] is True
        if b.cell_type == "code" and re.search(r"\b(check|quiz|progress)\(", b.source):
            assert b.outputs == [], f"{source.name}: a check's verdict is stored in the student edition"
        if a.cell_type == "code" and CHECK.search(a.source) and "quiz(" not in a.source:
            assert a.metadata["nbgrader"]["grade"] is True and a.metadata["nbgrader"]["points"] > 0
        assert "nbgrader" not in b.metadata
    assert n_solutions >= 1


def test_three_or_more_exercises_in_each_of_01_to_08b_and_25_in_all():
    per_notebook = {}
    for source in SOURCES:
        nb = nbformat.read(source, as_version=4)
        ids = {i for c in nb.cells if c.cell_type == "code" for i in CHECK.findall(c.source)}
        for exercise_id in ids:
            assert exercises.get(exercise_id).notebook == source.stem.split("_")[0], (source.name, exercise_id)
        per_notebook[source.stem.split("_")[0]] = ids
    for nb in ("01", "02", "03", "04", "05", "06", "07", "08a", "08b"):
        assert len(per_notebook.get(nb, ())) >= 3, (nb, per_notebook.get(nb))
        registered = {e.id for e in exercises.all_exercises() if e.notebook == nb}
        assert registered == per_notebook[nb], f"{nb}: registered but not in the notebook: " \
                                               f"{registered - per_notebook[nb]}"
    assert sum(len(v) for v in per_notebook.values()) >= 25


@pytest.mark.parametrize("source", WITH_EXERCISES, ids=lambda p: p.stem)
def test_instructor_edition_runs_with_every_check_passing(source, monkeypatch):
    from nbclient import NotebookClient

    nb = nbformat.read(source, as_version=4)
    monkeypatch.setenv(exercises.STRICT_ENV, "1")  # the kernel inherits it: a failed check raises
    monkeypatch.setenv("MPLBACKEND", "Agg")
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(source.parent)}})
    client.execute()
    verdicts = [o.get("data", {}).get("text/plain", "") for c in nb.cells if c.cell_type == "code"
                and CHECK.search(c.source) and "quiz(" not in c.source for o in c.outputs]
    assert verdicts and all("Correct" in v for v in verdicts), verdicts


def _nbgrader(course, *args):
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--force", f"--CourseDirectory.root={course}",
                          "--db=sqlite:///" + str(course / "gradebook.db")],
                         capture_output=True, text=True, cwd=course, env=env)  # nbgrader runs `alembic` from PATH
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_source_works_with_nbgraders_own_generate_assignment(tmp_path):
    """Instructors can run the source through nbgrader: its metadata passes nbgrader's checks."""
    source = WITH_EXERCISES[0]
    course = tmp_path / "course"
    (course / "source" / "kmeans").mkdir(parents=True)
    (course / "source" / "kmeans" / source.name).write_bytes(source.read_bytes())
    _nbgrader(course, "generate_assignment", "kmeans")
    release = nbformat.read(course / "release" / "kmeans" / source.name, as_version=4)
    text = "\n".join(c.source for c in release.cells)
    assert "### BEGIN SOLUTION" not in text and "YOUR CODE HERE" in text


def test_nbgraders_autograder_gives_partial_credit_and_keeps_the_feedback(tmp_path):
    """A learner's answer with one misconception: nbgrader records the check's points, the feedback names it."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_editions

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                            "display_name": "Python 3"}})
    nb.cells = [
        nbformat.v4.new_code_cell("import numpy as np\nfrom kmeans_edu.exercises import check"),
        nbformat.v4.new_code_cell("def update_centers(X, labels, centers):\n    ### BEGIN SOLUTION\n"
                                  "    new = np.array(centers, dtype=float)\n    for j in range(len(new)):\n"
                                  "        if np.any(labels == j):\n            new[j] = X[labels == j].mean(axis=0)\n"
                                  "    return new\n    ### END SOLUTION"),
        nbformat.v4.new_code_cell('check("update_centers", update_centers)'),
    ]
    make_editions.annotate(nb, "01")
    course = tmp_path / "course"
    (course / "source" / "ps").mkdir(parents=True)
    nbformat.write(nb, course / "source" / "ps" / "ex.ipynb")
    _nbgrader(course, "generate_assignment", "ps")
    released = nbformat.read(course / "release" / "ps" / "ex.ipynb", as_version=4)
    released.cells[1].source = ("def update_centers(X, labels, centers):\n    X = np.asarray(X, float)\n"
                                "    return np.array([X[labels == j].mean(axis=0) for j in range(len(centers))])")
    (course / "submitted" / "ann" / "ps").mkdir(parents=True)
    nbformat.write(released, course / "submitted" / "ann" / "ps" / "ex.ipynb")
    _nbgrader(course, "autograde", "ps")
    graded = nbformat.read(course / "autograded" / "ann" / "ps" / "ex.ipynb", as_version=4)
    output = graded.cells[2].outputs[0]["data"]
    assert "NaN for an empty cluster" in output["text/html"]
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gb:
        score = gb.find_submission("ps", "ann").score
    assert 0 < score < 2 and score == float(output["text/plain"])
