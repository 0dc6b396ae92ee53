#!/usr/bin/env python3
"""Rewrite reference CSV files in the contract's form after a hand edit.

Rows are sorted by key (``identifiers.csv``: by key, scheme, value), written with ``\\n``
line ends and minimal RFC 4180 quoting; the header and the cells are kept as they are.
Run it on the files you edited, then the tests (``pytest tests/test_reference.py``)::

    .venv/bin/python tools/refdata/sort_rows.py westdev_kg/reference/cities.csv
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path


def normalise(path: Path) -> bool:
    """Rewrite ``path`` sorted; return True when it changed."""
    text = path.read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], [r for r in rows[1:] if r]
    width = 3 if path.name == "identifiers.csv" else 1
    body.sort(key=lambda r: tuple(r[:width]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    if out.getvalue() == text:
        return False
    path.write_text(out.getvalue(), "utf-8")
    return True


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    for name in argv:
        if normalise(Path(name)):
            print(f"rewrote {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
