"""Every docstring example of kmeans_edu runs and prints what it shows (doctest, module by module).

One test per module, rather than ``--doctest-modules`` over the whole tree, which would also import
``tests/conftest.py`` and ``tests/browser/conftest.py`` as modules and fail on their shared name.
"""

import doctest
import importlib
import pkgutil

import pytest

import kmeans_edu

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(kmeans_edu.__path__, "kmeans_edu.")
    if not name.startswith("kmeans_edu.dask_kmeans") or importlib.util.find_spec("dask") is not None
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} failed (run with -s)"


def test_the_library_has_docstring_examples():
    total = 0
    for name in MODULES:
        finder = doctest.DocTestFinder()
        total += sum(len(t.examples) for t in finder.find(importlib.import_module(name)))
    assert total >= 25
