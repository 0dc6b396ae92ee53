"""bench/corpus.py composes valid documents of the genre (no timing here: see bench/run.py)."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

import pytest

from westdev_kg import names, pipeline
from westdev_kg.stages import read, segment

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # the bench generator (make test-fast leaves it out)


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()
SAMPLE = 60  # documents composed per check: enough to meet every marker style and layout


@pytest.fixture(scope="module")
def docs():
    return [corpus.compose(i, seed=11) for i in range(1, SAMPLE + 1)]


def test_blocks_of_the_bundled_text():
    b = corpus.blocks()
    assert len(b.headings) == 7 and len(b.measures) == 36
    assert b.headings[0] == "General requirements" and set(b.intros) == {"General requirements"}
    assert b.measures[0].startswith("Fight three major battles.")
    assert b.preamble.startswith("Strengthening measures") and b.closing.startswith("Under the strong leadership")


def test_numerals():
    assert [corpus.zh_numeral(n) for n in (1, 9, 10, 11, 20, 36, 99)] == ["一", "九", "十", "十一", "二十", "三十六", "九十九"]
    assert [corpus.roman_numeral(n) for n in (1, 4, 9, 14, 40, 99)] == ["I", "IV", "IX", "XIV", "XL", "XCIX"]


def test_deterministic_for_a_seed(tmp_path):
    assert corpus.compose(5, seed=3) == corpus.compose(5, seed=3)
    assert corpus.compose(5, seed=3).text != corpus.compose(5, seed=4).text
    assert corpus.compose(5, seed=3).text != corpus.compose(6, seed=3).text
    a, b = tmp_path / "a", tmp_path / "b"
    corpus.write_corpus(a, 4, seed=3)
    corpus.write_corpus(b, 6, seed=3)  # a larger corpus of the same seed starts with the smaller one
    for path in sorted(a.iterdir()):
        assert path.read_bytes() == (b / path.name).read_bytes()
    assert len(list(a.glob("*.txt"))) == 4 and len(list(a.glob("*.meta.toml"))) == 4


def test_variety(docs):
    assert {d.part_style for d in docs} == set(corpus.PART_STYLES)
    assert {d.measure_style for d in docs} == set(corpus.MEASURE_STYLES)
    assert {d.layout for d in docs} == set(corpus.LAYOUTS)
    for flag in ("restart", "crlf", "title_line", "closing"):
        assert {getattr(d, flag) for d in docs} == {True, False}, flag
    assert any(d.footers for d in docs) and any(not d.footers for d in docs)
    assert all(corpus.compatible(d.part_style, d.measure_style) for d in docs)
    assert any("\r\n" in d.text for d in docs) and all(("\r\n" in d.text) == d.crlf for d in docs)


def test_wrapping_keeps_markers_off_continuation_lines():
    text = "word " * 30 + "see (2) in 2020, as Part 3: says. First, the 一、 of I. end"
    for width in range(20, 40):
        lines = corpus.wrap(text, width, "  ")
        assert " ".join(" ".join(lines).split()) == " ".join(text.split())
        assert all(not corpus._MARKER_LIKE.match(line) for line in lines[1:]), width


def test_sidecars_name_unique_slugs(docs):
    slugs = set()
    for d in docs:
        meta = tomllib.loads(d.meta)
        assert meta["slug"] == d.slug and names.is_slug(d.slug)
        assert meta["title"] == d.title and meta["issuers"] and meta["language"] == "en"
        slugs.add(d.slug)
    assert len(slugs) == len(docs)


def test_segmenter_finds_the_composed_parts_and_measures(docs, tmp_path):
    for d in docs:
        path = tmp_path / f"{d.name}.txt"
        path.write_bytes(d.text.encode("utf-8"))
        (tmp_path / f"{d.name}.meta.toml").write_text(d.meta, encoding="utf-8")
        document = segment.segment(read.read(path))
        where = f"{d.name}: {d.part_style} / {d.measure_style} / {d.layout}, restart {d.restart}, footers {d.footers}"
        assert document.source.metadata.slug == d.slug
        assert tuple(len(p.measures) for p in document.parts) == d.measures_per_part, where
        assert len(document.measures()) == d.measures, where
        assert (document.title is not None) == d.title_line, where
        assert (document.closing is not None) == d.closing, where
        for part, count in zip(document.parts, d.measures_per_part):
            numbers = [m.number for m in part.measures]
            assert len(numbers) == count
        numbers = [m.number for m in document.measures()]
        if d.restart:
            assert all(p.measures[0].number == 1 for p in document.parts if p.measures), where
        else:
            assert numbers == list(range(1, d.measures + 1)), where
        assert len(document.footer_spans) == d.footers, where
        assert not [w for w in document.warnings if "skipped" in w or "duplicate" in w or "out of order" in w], where


def test_documents_build_as_a_folder(tmp_path):
    """Two composed documents go through the whole pipeline (shapes validated), in one folder build."""
    folder = tmp_path / "corpus"
    docs = corpus.write_corpus(folder, 2, seed=11)
    options = pipeline.Options(output=tmp_path / "out", reports=tmp_path / "reports", release_date="2026-11-27", reasoner="skip")
    result = pipeline.build(folder, options)
    assert not [r for r in result.results if r.error is not None]
    assert sorted(o.slug for o in result.results) == sorted(d.slug for d in docs)
    for outcome, d in zip(result.results, docs):
        assert outcome.counts["parts"] == d.parts and outcome.counts["measures"] == d.measures
    assert len(list((tmp_path / "out" / "documents").glob("*.ttl"))) == 2
