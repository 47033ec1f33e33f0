"""Make the student edition of the notebooks from the instructor edition (the one source).

    python scripts/make_editions.py            # write notebooks/*.ipynb from instructor/*.ipynb
    python scripts/make_editions.py --check    # exit 1 if a committed file differs from what this makes

The instructor edition (``instructor/``) holds the solutions between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` lines, nbgrader's markers. This script:

1. gives every exercise cell of the source its nbgrader metadata (solution cells; check cells as
   autograded cells worth the exercise's points), so the source also works with ``nbgrader
   generate_assignment`` and ``nbgrader autograde``;
2. runs nbgrader's own ``ClearSolutions`` preprocessor through nbconvert (``enforce_metadata`` off, and
   a stub that leaves the notebook runnable: ``pass`` instead of ``raise NotImplementedError()``);
3. clears the outputs of the cells that would give an answer away (solution cells, and the cells that
   call ``check(``, ``quiz(`` or ``progress(``), keeping every other output and figure;
4. writes the student edition to ``notebooks/``.

It needs nbgrader (``pip install -e ".[instructor]"``); learners never run it.
"""

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "instructor"
STUDENT = ROOT / "notebooks"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CODE_STUB = "# YOUR CODE HERE\npass"
_CHECK = re.compile(r"""\bcheck\(\s*["']([A-Za-z0-9_]+)["']""")
_GIVES_AWAY = re.compile(r"\b(check|quiz|progress)\(")


def _points(exercise_id):
    sys.path.insert(0, str(ROOT))
    from kmeans_edu import exercises

    return float(exercises.get(exercise_id).points)


def annotate(nb, stem):
    """Give solution and check cells their nbgrader metadata (idempotent). Returns True if anything changed."""
    changed = False
    n_solution = 0
    for cell in nb.cells:
        meta = None
        if cell.cell_type == "code" and BEGIN in cell.source:
            n_solution += 1
            meta = {"grade": False, "grade_id": f"{stem}_solution_{n_solution}", "locked": False,
                    "schema_version": 3, "solution": True, "task": False}
        elif cell.cell_type == "code" and _CHECK.search(cell.source):
            ids = _CHECK.findall(cell.source)
            meta = {"grade": True, "grade_id": f"{stem}_check_{'_'.join(ids)}", "locked": True,
                    "points": sum(_points(i) for i in ids), "schema_version": 3, "solution": False, "task": False}
        elif "nbgrader" in cell.metadata:
            del cell.metadata["nbgrader"]
            changed = True
        if meta is not None and cell.metadata.get("nbgrader") != meta:
            cell.metadata["nbgrader"] = meta
            changed = True
    return changed


class ClearAnswerOutputs(Preprocessor):
    """Clear the outputs that would give an answer away; keep every other output."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and (
            cell.metadata.get("nbgrader", {}).get("solution") or _GIVES_AWAY.search(cell.source)
        ):
            cell.outputs = []
            cell.execution_count = None
        return cell, resources


def student_edition(nb):
    """The student edition of one (annotated) source notebook, through nbconvert and nbgrader's ClearSolutions."""
    from nbgrader.preprocessors import ClearSolutions

    c = Config()
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    c.ClearSolutions.enforce_metadata = False
    exporter = NotebookExporter(config=c)
    exporter.register_preprocessor(ClearSolutions, enabled=True)
    exporter.register_preprocessor(ClearAnswerOutputs, enabled=True)
    body, _ = exporter.from_notebook_node(copy.deepcopy(nb))
    out = nbformat.reads(body, as_version=4)
    for cell in out.cells:  # the student edition carries no grading metadata of its own
        cell.metadata.pop("nbgrader", None)
    return out


def _text(nb):
    return nbformat.writes(nb) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files that differ; exit 1 if any")
    parser.add_argument("names", nargs="*", help="notebook file names (default: every one in instructor/)")
    args = parser.parse_args(argv)
    sources = [SOURCE / n for n in args.names] if args.names else sorted(SOURCE.glob("*.ipynb"))
    stale = []
    for src in sources:
        nb = nbformat.read(src, as_version=4)
        if annotate(nb, src.stem.split("_")[0]):
            stale.append(str(src.relative_to(ROOT)))
            if not args.check:
                src.write_text(_text(nb), encoding="utf-8")
        dst = STUDENT / src.name
        text = _text(student_edition(nb))
        if not dst.exists() or dst.read_text(encoding="utf-8") != text:
            stale.append(str(dst.relative_to(ROOT)))
            if not args.check:
                dst.write_text(text, encoding="utf-8")
    extra = sorted({p.name for p in STUDENT.glob("*.ipynb")} - {p.name for p in SOURCE.glob("*.ipynb")})
    if args.check:
        for name in extra:
            print(f"notebooks/{name} has no source in instructor/")
        for path in stale:
            print(f"{path} is not what scripts/make_editions.py makes; edit instructor/ and run it")
        return 1 if (stale or extra) else 0
    for path in stale:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
