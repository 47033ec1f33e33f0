"""Browser latency figures: time from a user's input to the updated figure, from the browser tests.

Run the browser tests first (they write ``test-artifacts/browser-latency.json`` and
``test-artifacts/browser-apps.json``), then ``python benchmarks/browser_timings.py``.

Prints, per page, the median and maximum time from an input (key press, click, option chosen)
to the first changed frame of the app's figure, against the 300 ms target, and the times of a
change made by keyboard and of a click on the canvas. A figure, not a test: timing assertions
fail on a busy machine (issue 13), so they live here.
"""

import json
import statistics
import sys
from pathlib import Path

TARGET_MS = 300.0
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def _row(name, values):
    if not values:
        return f"{name:<44} (no timings)"
    median = statistics.median(values)
    return (
        f"{name:<44} n={len(values):>3}  median {median:7.0f} ms  max {max(values):7.0f} ms  "
        f"median/target {median / TARGET_MS:5.2f}"
    )


def main():
    found = False
    latency = ARTIFACTS / "browser-latency.json"
    if latency.exists():
        found = True
        data = json.loads(latency.read_text())
        print(f"control change -> updated figure (target {TARGET_MS:.0f} ms), from {latency.name}")
        everything = []
        for page, run in data.items():
            ms = [c["latency_ms"] for c in run["controls"] if c["changed"] and c["kind"] != "play"]
            everything += ms
            print(_row(page, ms))
        print(_row("all pages", everything))
    apps = ARTIFACTS / "browser-apps.json"
    if apps.exists():
        found = True
        data = json.loads(apps.read_text())
        print(f"\nkeyboard and mouse, from {apps.name}")
        for what, ms in sorted(data.items()):
            print(_row(what, ms))
    if not found:
        print(f"no browser timings in {ARTIFACTS}: run the browser tests (tests/browser/) first", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
