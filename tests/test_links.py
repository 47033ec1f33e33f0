"""Every relative link in the notebooks and the docs resolves, and no text points outside the repository.

Links: markdown cells of notebooks/ and instructor/, README.md, notebooks/README.md, instructor/README.md and
docs/*.md. A relative link must name an existing file; with a ``#fragment`` the fragment must be an anchor of that
file: a heading's GitHub slug, or an ``id="..."``/``name="..."`` attribute (in a notebook, also JupyterLab's
heading id).

Outside references: no ``../shared``, no absolute path into the machine that built the project, no name of a
document that is not in the repository, and no "errata 22" / "(row 47)" that points at rows of a document the
reader does not have: a reference to the article's errata is a link into docs/article-errata.md (or, in a
docstring, a row name such as E47 next to that file's name).
"""

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "instructor").glob("*.ipynb"))
MARKDOWN = [ROOT / "README.md", ROOT / "notebooks" / "README.md", ROOT / "instructor" / "README.md"] + sorted(
    (ROOT / "docs").glob("*.md")
)
MARKDOWN = [p for p in MARKDOWN if p.exists()]
PYTHON = sorted(p for d in ("kmeans_edu", "scripts", "benchmarks", "tests") for p in (ROOT / d).rglob("*.py"))

FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
INLINE_CODE = re.compile(r"`[^`\n]*`")
MD_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)
ANCHOR_ATTR = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.I)
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$", re.M)

# What may not appear anywhere: paths out of the repository and the names of documents that are not in it.
OUTSIDE_PATHS = re.compile(
    r"\.\./shared|\bshared/reference|(?<![\w.])/work/|seed-errata|engineering-notes\.md|DESIGN\.md"
)
# References to rows of a document by bare number: "errata 22", "errata rows 25, 28", "(row 49)", ", row 64)",
# "* Row 47:". Array rows ("starts from rows 3 and 2", "row 0 of the result") do not match.
BARE_ROWS = re.compile(
    r"\berrata\s+(?:rows?\s+)?\d+"
    r"|[(,;]\s*rows?\s+\d+"
    r"|\brows?\s+\d+(?:\s*(?:[-–,]|and)\s*\d+)*\s*\)"
    r"|^\s*[*-]?\s*rows?\s+\d+(?:\s*[-–,]\s*\d+)*\s*:",
    re.I | re.M,
)


def _notebook_cells(path, kind):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == kind]


def _markdown_of(path):
    if path.suffix == ".ipynb":
        return "\n\n".join(_notebook_cells(path, "markdown"))
    return path.read_text(encoding="utf-8")


def _strip_code(text):
    return INLINE_CODE.sub("", FENCE.sub("", text))


def github_slug(heading):
    """GitHub's anchor for a heading: markup dropped, lower case, punctuation removed, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links and images: their text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "")
    text = text.strip().lower()
    text = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LNM")
    return text.replace(" ", "-")


@cache
def anchors(path):
    """The anchors a link can point to in ``path``."""
    text = _markdown_of(path)
    found = set(ANCHOR_ATTR.findall(text))
    seen = {}
    for _, title in HEADING.findall(FENCE.sub("", text)):
        slug = github_slug(title)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        found.add(slug if n == 0 else f"{slug}-{n}")
        if path.suffix == ".ipynb":  # JupyterLab: the heading text with spaces as hyphens, case kept
            found.add(re.sub(r"\s", "-", re.sub(r"[`*]", "", title.strip())))
    return frozenset(found)


def relative_links(path):
    text = _strip_code(_markdown_of(path))
    for target in MD_LINK.findall(text) + HTML_LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto:, data: ...
            continue
        yield target


SOURCES = MARKDOWN + NOTEBOOKS


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(path):
    broken = []
    for target in relative_links(path):
        file_part, _, fragment = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        if not dest.exists():
            broken.append(f"{target}: no file {dest}")
            continue
        try:
            dest.relative_to(ROOT)
        except ValueError:
            broken.append(f"{target}: outside the repository")
            continue
        if fragment and dest.is_file() and dest.suffix in (".md", ".ipynb") and fragment not in anchors(dest):
            broken.append(f"{target}: no anchor #{fragment} in {dest.relative_to(ROOT)}")
    assert not broken, f"{path.relative_to(ROOT)}:\n" + "\n".join(broken)


def test_link_checker_catches_broken_files_and_fragments(tmp_path):
    """The checker itself: a missing file and a missing anchor are reported, good ones are not."""
    doc = tmp_path / "doc.md"
    (tmp_path / "other.md").write_text('# A Title, with `code`\n\n<a id="e5"></a>row\n')
    doc.write_text(
        "[ok](other.md#a-title-with-code) [ok](other.md#e5) [ok](#local) [web](https://example.org/x)\n"
        "## Local\n[bad](missing.md) [bad](other.md#e6) `[in code](missing2.md)`\n"
    )
    targets = list(relative_links(doc))
    assert targets == ["other.md#a-title-with-code", "other.md#e5", "#local", "missing.md", "other.md#e6"]
    assert {"a-title-with-code", "e5"} <= anchors(tmp_path / "other.md") and "local" in anchors(doc)
    assert "e6" not in anchors(tmp_path / "other.md")


def test_the_errata_page_has_an_anchor_per_row_and_formula():
    ids = anchors(ROOT / "docs" / "article-errata.md")
    assert {f"e{i}" for i in range(1, 71)} <= ids
    assert {f"f{i}" for i in range(1, 11)} <= ids


def _outside_references(name, text, *, rows=True):
    found = [f"{name}: {m.group(0)!r}" for m in OUTSIDE_PATHS.finditer(text)]
    if rows:
        found += [f"{name}: {m.group(0).strip()!r}" for m in BARE_ROWS.finditer(_strip_code(text))]
    return found


def test_outside_reference_patterns_match_what_they_should():
    bad = ["(errata 22)", "errata rows 25, 28", "(row 49)", ", row 64)", "(rows 51, 57)", "* Row 47: x"]
    bad += ["../shared/x", "see shared/reference/notes.md"]
    good = ["starts from rows 3 and 2 and", "Row 0 of the result", "[E22](../docs/article-errata.md#e22)", "(row E49)"]
    for text in bad:
        assert _outside_references("t", text), text
    for text in good:
        assert not _outside_references("t", text), text


def test_docs_and_docstrings_refer_to_nothing_outside_the_repository():
    found = []
    for path in MARKDOWN:
        # the errata page names its own rows ("row E22"); every other page links to them
        found += _outside_references(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
    for path in PYTHON:
        if path == Path(__file__).resolve():
            continue
        found += _outside_references(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
    assert not found, "\n".join(found)


def test_notebooks_refer_to_nothing_outside_the_repository():
    found = []
    for path in NOTEBOOKS:
        name = str(path.relative_to(ROOT))
        for text in _notebook_cells(path, "markdown"):
            found += _outside_references(name, text)
        for text in _notebook_cells(path, "code"):
            found += _outside_references(name, text, rows=False)
    assert not found, "\n".join(found)


def test_notebooks_name_no_path_outside_the_repository():
    """The part of the check above that holds already, kept strict: no path out of the repository."""
    found = []
    for path in NOTEBOOKS:
        for kind in ("markdown", "code"):
            for text in _notebook_cells(path, kind):
                found += [f"{path.name}: {m.group(0)!r}" for m in OUTSIDE_PATHS.finditer(text)]
    assert not found, "\n".join(found)
