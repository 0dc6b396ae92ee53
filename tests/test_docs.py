"""The documentation tells the truth: sample answers, queries, commands, files."""

from __future__ import annotations

import importlib.util
import re

from .conftest import REPO


def _doc_samples():
    spec = importlib.util.spec_from_file_location("doc_samples", REPO / "tools" / "doc_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_sample_answer_in_the_docs_equals_what_the_query_answers(capsys):
    samples = _doc_samples()
    blocks = sum(len(samples.BLOCK.findall(p.read_text(encoding="utf-8"))) for p in samples.files())
    assert blocks >= 10
    assert samples.main(["--check"]) == 0, capsys.readouterr().out + " — run: python tools/doc_samples.py"


def test_every_bundled_query_is_described_and_documented():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    docs = readme + "".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md"))
    for path in sorted((REPO / "queries").glob("*.rq")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert re.match(rf"# {re.escape(path.stem)}: \S", first), f"{path.name} must open with '# {path.stem}: what it answers'"
        assert path.stem in docs, f"{path.name} is not documented"


def test_the_readme_opens_with_the_two_commands():
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1 : lines.index("```")]
    assert [line.split()[:2] for line in block] == [["make", "run"], ["make", "test"]]
    assert lines.index("```sh") < 5


def test_every_file_the_readme_links_to_exists():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(((?!https?://|#)[^)#]+)", readme):
        assert (REPO / target).resolve().is_relative_to(REPO), f"README links to {target}, outside the repository: a plain clone lacks it"
        assert (REPO / target).exists(), f"README links to a missing {target}"
