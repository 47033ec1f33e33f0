"""library_fact: one plain sentence for a learner with another library version, a loud failure in tests."""

import pytest

from kmeans_edu import versions
from kmeans_edu.versions import CHECKED_WITH, STRICT_ENV, library_fact


def test_the_errata_page_names_the_versions_the_notebooks_were_checked_with():
    # One list of versions: the sentence a learner reads and the errata page must agree.
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "docs" / "article-errata.md").read_text()
    header = next(line for line in page.splitlines() if line.startswith("**Checked against:**"))
    for library in ("scikit-learn", "scipy", "numpy"):
        name = {"scipy": "SciPy", "numpy": "NumPy"}.get(library, library)
        assert f"{name} {CHECKED_WITH[library]}" in header, library


def test_a_fact_that_holds_prints_nothing(capsys, monkeypatch):
    monkeypatch.delenv(STRICT_ENV, raising=False)
    with library_fact("scikit-learn", "KMeans exists"):
        from sklearn.cluster import KMeans  # noqa: F401
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("error", [AssertionError("x"), TypeError("unexpected keyword"), ValueError("new message")])
def test_a_changed_behaviour_is_one_sentence_not_a_traceback(capsys, monkeypatch, error):
    monkeypatch.delenv(STRICT_ENV, raising=False)
    monkeypatch.setattr(versions, "installed_version", lambda library: "0.99")
    with library_fact("scipy", "kmeans2 warns about an empty cluster."):
        raise error
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.count(".") >= 1
    assert "your scipy 0.99 behaves differently" in out
    assert "kmeans2 warns about an empty cluster" in out and "scipy 1.17.1" in out


def test_in_strict_mode_the_difference_raises(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(AssertionError, match="changed"):
        with library_fact("scikit-learn", "n_init defaults to 'auto'"):
            raise AssertionError("changed")


def test_an_unknown_library_is_a_clear_error():
    with pytest.raises(ValueError, match="library must be one of"):
        with library_fact("sklearn", "anything"):
            pass


def test_a_missing_library_reads_as_not_installed(monkeypatch):
    monkeypatch.setattr(versions, "installed_version", lambda library: None)
    assert "your numpy (not installed) behaves differently" in versions.difference_sentence("numpy", "x")
