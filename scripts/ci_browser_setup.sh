#!/usr/bin/env bash
# Install what the browser tests (tests/browser/) need: Debian's chromium and pip's playwright + voila.
#
# Idempotent: does nothing that is already done. CI runs it as root before the test command:
#     scripts/ci_browser_setup.sh .venv/bin/python
# The argument is the Python whose environment gets playwright and voila (default: python3).
# No `playwright install`: browser downloads do not work here; the tests launch /usr/bin/chromium.
set -euo pipefail
PYTHON="${1:-python3}"

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "chromium is missing and this is not root: run 'apt-get install -y chromium' as root" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
chromium --version 2>/dev/null  # (Debian's launcher script prints a harmless shell warning on stderr)

if ! "$PYTHON" -c "import playwright, voila" >/dev/null 2>&1; then
    "$PYTHON" -m pip install --quiet "playwright>=1.40" "voila>=0.5"
fi
"$PYTHON" -c "from importlib.metadata import version as v; print('playwright', v('playwright'), '/ voila', v('voila'))"
