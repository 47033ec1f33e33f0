"""The README's "library in five lines" prints what its comment says (doctests cover the docstrings)."""

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_five_lines_print_what_the_comment_says():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## The library in five lines", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    printed = [line for line in code.splitlines() if line.startswith("print(")]
    assert len(printed) == 1, "the example has one print, whose output is in its comment"
    claimed = printed[0].split("#", 1)[1].strip()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue().strip() == claimed
