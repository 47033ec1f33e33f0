"""environment.yml (Binder/conda) and pyproject.toml list the same packages; the README's commands are the CI's."""

import os
import re
from pathlib import Path

import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# PyPI name -> conda-forge name where they differ
CONDA_NAME = {"dask": "dask-core"}


def _name(requirement):
    return re.split(r"[\s<>=!~\[;]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {CONDA_NAME.get(_name(r), _name(r)) for r in project["dependencies"]}
    for extra in ("notebooks", "dask"):
        wanted |= {CONDA_NAME.get(_name(r), _name(r)) for r in project["optional-dependencies"][extra]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = [d for d in env["dependencies"] if isinstance(d, str)]
    python = [d for d in listed if _name(d) == "python"]
    assert python and re.fullmatch(r"python=\d+\.\d+", python[0]), "Binder needs an exact python=X.Y pin"
    assert {_name(d) for d in listed} - {"python"} == wanted


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = re.search(r"python -m pytest[^\n`]*", ci).group(0)
    assert command in readme


def test_binder_reads_the_root_config():
    """repo2docker reads binder/ or .binder/ if either exists, and would then ignore the root environment.yml."""
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
    post_build = ROOT / "postBuild"
    assert os.access(post_build, os.X_OK) and "--no-deps" in post_build.read_text()
    assert "warmup" in post_build.read_text()

