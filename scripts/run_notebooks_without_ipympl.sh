#!/usr/bin/env bash
# Run every notebook of the series with the inline backend in a fresh virtual environment that
# has no ipympl: the apps must fall back to redrawing images (issue 13, "apps without ipympl").
#
#     scripts/run_notebooks_without_ipympl.sh [PYTHON] [NOTEBOOK ...]
#
# PYTHON (default python3) makes the venv; with no NOTEBOOK, all of notebooks/*.ipynb run.
# The venv gets the package with its dask extra (notebook 10) and what the notebooks import (pandas,
# ipykernel, nbval), never ipympl; the script checks that ipympl cannot be imported before it runs
# anything. CI runs it after the test suite (which also runs the notebooks with ipympl hidden).
# MPLBACKEND is unset so that the kernel uses matplotlib's inline backend, as Colab and VS Code do.
# Set KEEP_VENV=DIR to reuse (or keep) the venv between runs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${1:-python3}"
shift || true
VENV="${KEEP_VENV:-$(mktemp -d)/venv}"
start=$(date +%s)
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet "$ROOT[dask]" pandas ipykernel "nbval>=0.11" "pytest>=8"
fi
if "$VENV/bin/python" -c "import ipympl" 2>/dev/null; then
    echo "ipympl is importable in $VENV: this check needs an environment without it" >&2
    exit 1
fi
echo "venv ready in $(( $(date +%s) - start )) s: $VENV (no ipympl)"
cd "$ROOT"
if [ "$#" -eq 0 ]; then set -- notebooks/*.ipynb; fi
unset MPLBACKEND
# -c /dev/null: not the project's pytest options (they name plugins this venv does not have)
"$VENV/bin/python" -m pytest -c /dev/null --rootdir "$ROOT" -p no:cacheprovider -q \
    --nbval-lax --nbval-current-env --nbval-cell-timeout=300 "$@"
echo "total $(( $(date +%s) - start )) s"
