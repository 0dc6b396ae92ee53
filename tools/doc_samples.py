#!/usr/bin/env python3
"""Keep the sample answers in the documentation equal to what the queries answer.

A sample is a block of a Markdown file::

    <!-- sample: cq-measures-in-region --where regionLabel=Sichuan --columns measureNumber -->
    …the answer, as `westdev-kg query … --format markdown` prints it over output/…
    <!-- /sample -->

``python tools/doc_samples.py`` rewrites every block of README.md and docs/*.md;
``--check`` only reports the blocks that differ (tests/test_docs.py runs it).
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"(<!-- sample: (?P<args>[^>]*?) -->\n)(?P<body>.*?)(<!-- /sample -->)", re.S)


def answer(args: str) -> str:
    from westdev_kg import cli

    out = io.StringIO()
    argv = ["query", *shlex.split(args), "--data", str(REPO / "output"), "--format", "markdown"]
    with contextlib.redirect_stdout(out):
        code = cli.main(argv)
    if code != 0:
        raise SystemExit(f"westdev-kg {' '.join(argv)} exited {code}")
    return out.getvalue()


def refresh(text: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + "\n" + answer(m.group("args")) + "\n" + m.group(4), text)


def files() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def main(argv: list[str]) -> int:
    stale = []
    for path in files():
        text = path.read_text(encoding="utf-8")
        new = refresh(text)
        if new != text:
            stale.append(path)
            if "--check" not in argv:
                path.write_text(new, encoding="utf-8")
    for path in stale:
        print(f"{'stale' if '--check' in argv else 'rewrote'}: {path.relative_to(REPO)}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
