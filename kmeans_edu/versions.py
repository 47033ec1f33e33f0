"""Library behaviour checked live in the notebooks, with one plain sentence when a version differs.

The notebooks state facts about how scikit-learn and SciPy behave (a default, a warning, an
error) and prove each one with a line of code run against the installed library. The facts were
checked against the versions in :data:`CHECKED_WITH`. When a learner has another version and a
fact no longer holds, :func:`library_fact` prints one sentence saying what differs, instead of a
traceback in the middle of the lesson. The test suite still fails loudly: the cells that use it
are ``# NBVAL_CHECK_OUTPUT``, so the printed sentence differs from the stored output, and with
``KMEANS_EDU_STRICT_CHECKS=1`` (the instructor-edition run) the difference raises.
"""

import os
from contextlib import contextmanager
from importlib import metadata

#: The versions the notebooks' statements about other libraries were checked against.
CHECKED_WITH = {"scikit-learn": "1.9.1", "scipy": "1.17.1", "numpy": "2.4.6", "matplotlib": "3.11.2"}

STRICT_ENV = "KMEANS_EDU_STRICT_CHECKS"


def installed_version(library):
    """The installed version of ``library`` (its distribution name, e.g. ``"scikit-learn"``), or ``None``."""
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return None


def _check_library(library):
    if library not in CHECKED_WITH:
        raise ValueError(f"library must be one of {sorted(CHECKED_WITH)}, got {library!r}")


def difference_sentence(library, fact):
    """The sentence a learner reads when ``fact`` does not hold for the installed ``library``."""
    _check_library(library)
    fact = fact.strip().rstrip(".")
    return (f"Note: your {library} {installed_version(library) or '(not installed)'} behaves differently "
            f"here: the text assumes that {fact}, which was checked with {library} {CHECKED_WITH[library]}.")


@contextmanager
def library_fact(library, fact):
    """Check a statement about ``library`` in a ``with`` block; print one sentence if it does not hold.

    Parameters
    ----------
    library : str
        Distribution name of the library the statement is about, a key of :data:`CHECKED_WITH`.
    fact : str
        The statement, as a clause ("KMeans's n_init defaults to 'auto'"), used in the sentence.

    Notes
    -----
    Any exception raised in the block (a failed ``assert``, a changed error type, a missing
    argument) means the installed version behaves differently. It is replaced by one printed
    sentence, unless the environment variable ``KMEANS_EDU_STRICT_CHECKS`` is ``"1"``: then the
    exception propagates, so that a test run fails at the cell.

    Examples
    --------
    >>> with library_fact("scipy", "whiten divides each column by its standard deviation"):
    ...     assert 1 + 1 == 2
    >>> with library_fact("scipy", "1 + 1 is 3"):
    ...     assert 1 + 1 == 3  # doctest: +ELLIPSIS
    Note: your scipy ... behaves differently here: the text assumes that 1 + 1 is 3, which was checked ...
    """
    _check_library(library)  # a typo is the author's error, whether or not the fact holds
    try:
        yield
    except Exception:
        if os.environ.get(STRICT_ENV) == "1":
            raise
        print(difference_sentence(library, fact))  # the installed version is looked up only now
