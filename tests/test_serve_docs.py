"""``serve`` and ``search`` are documented: the README's Serving section, docs/serving.md, the screenshot."""

from __future__ import annotations

import re

import pytest

from .conftest import REPO, run_cli

README = REPO / "README.md"
SERVING = REPO / "docs" / "serving.md"


def test_the_readme_shows_serve_and_search_with_examples_and_stays_small():
    text = README.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) < 20_000
    section = text.split("## Serving", 1)[1].split("\n## ", 1)[0]
    assert "westdev-kg serve" in section and "westdev-kg search" in section
    for media in ("text/turtle", "application/ld+json", "application/n-triples", "text/csv"):
        assert media in section, media
    assert "sichuan.html" in section and "/sparql" in section
    assert "search?q=" in section and "发展改革" in section
    image = re.search(r"!\[[^\]]*\]\(([^)]+)\)", section)
    assert image and (REPO / image.group(1)).is_file() and (REPO / image.group(1)).stat().st_size > 10_000
    assert "req/s" in section  # the load figures


@pytest.mark.cli
def test_every_serve_and_search_option_is_documented():
    docs = SERVING.read_text(encoding="utf-8")
    for command in ("serve", "search"):
        result = run_cli(command, "--help")
        assert result.returncode == 0 and f"usage: westdev-kg {command}" in result.stdout
        for option in set(re.findall(r"(--[a-z][a-z-]+)", result.stdout)) - {"--help", "--data", "--limit", "--offset", "--format"}:
            assert option in docs, f"docs/serving.md does not document {command} option {option}"
    for option in ("--timeout", "--memory-limit"):
        assert option in README.read_text(encoding="utf-8")
