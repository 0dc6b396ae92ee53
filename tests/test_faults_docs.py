"""Every row of the failure-modes tables points at the test that proves it (issue 15, "Done when").

The README's summary table (each row names the test files that prove it: the README stays
under 20 KB) and the tables of docs/failure-modes.md that have a ``test`` column (each row names
its tests, ``test_…`` or ``file.py::test_…``): every name is a test or a test file in tests/.
"""

from __future__ import annotations

import re

import pytest

from .conftest import REPO

TESTS = REPO / "tests"
DEFINED = {m for path in TESTS.glob("test_*.py") for m in re.findall(r"(?m)^def (test_\w+)\(", path.read_text(encoding="utf-8"))}


def tables(markdown: str, section: str) -> list[list[list[str]]]:
    """The tables (rows of cells, header first) under the heading ``section`` up to the next of its level."""
    level = re.match(r"#+", section).group()
    start = markdown.index(section + "\n")
    rest = markdown[start + len(section) :]
    end = re.search(rf"(?m)^{level} ", rest)
    body = rest[: end.start()] if end else rest
    found, current = [], []
    for line in body.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if not all(set(c) <= set("-: ") for c in cells):
                current.append(cells)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def check(rows: list[list[str]], column: int, where: str) -> int:
    checked = 0
    for row in rows[1:]:
        names = re.findall(r"`([^`]+)`", row[column])
        assert names, f"{where}: the row {row[0]!r} names no test"
        for name in names:
            file, _, test = name.rpartition("::")
            if name.endswith(".py"):
                assert (TESTS / name).is_file(), f"{where}: no test file {name}"
                continue
            assert test in DEFINED, f"{where}: the row {row[0]!r} names {name}, which is no test in tests/"
            if file:
                assert re.search(rf"(?m)^def {test}\(", (TESTS / file).read_text(encoding="utf-8")), f"{where}: {test} is not in {file}"
        checked += 1
    return checked


def test_every_row_of_the_readme_s_failure_modes_table_points_at_its_test():
    (table,) = tables((REPO / "README.md").read_text(encoding="utf-8"), "## Failure modes")
    assert table[0][-1] == "test"
    assert check(table, -1, "README") >= 8


@pytest.mark.parametrize("section", ["### Releases", "### Processes and the reasoner", "### Linear time on hostile input"])
def test_every_row_of_the_failure_modes_document_points_at_its_test(section):
    with_tests = [t for t in tables((REPO / "docs" / "failure-modes.md").read_text(encoding="utf-8"), section) if t[0][-1] == "test"]
    assert len(with_tests) == 1, f"{section}: one table with a test column"
    assert check(with_tests[0], -1, f"docs/failure-modes.md {section}") >= 2
