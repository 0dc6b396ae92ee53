"""The input policy of docs/failure-modes.md: one test per row, through the installed command.

Every input comes from ``tests/fixtures/hostile/`` (written by its ``make.py``)
or is made here in a temporary folder.  An input that cannot be processed must
give exit code 2, one line on stderr, no traceback, nothing on stdout, and
leave the previous release in the output folder untouched — same names, same
bytes, same inodes and modification times (nothing rewritten, no temporary
file left behind) — and create no report folder.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from westdev_kg import pipeline
from westdev_kg.stages import read
from westdev_kg.vocab import ELI, NIF, WDO

from .conftest import HOSTILE, RELEASE_DATE, assert_isomorphic, run_cli
from .test_independent_checks import jsonld_by_pyld, jsonld_by_pyoxigraph, turtle_by_pyoxigraph



def _make_module():
    spec = importlib.util.spec_from_file_location("hostile_make", HOSTILE / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make = _make_module()


# -- helpers ---------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under ``folder`` (hidden ones too): bytes, inode, modification time."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            out[str(path.relative_to(folder))] = (path.read_bytes(), stat.st_ino, stat.st_mtime_ns)
    return out


def build(path: Path | str, output: Path, *extra: str, **kwargs) -> subprocess.CompletedProcess:
    return run_cli(
        "build", str(path), "-o", str(output), "--reports", str(output.parent / "reports"),
        "--reasoner", "skip", "--release-date", RELEASE_DATE, *extra, **kwargs,
    )  # fmt: skip


def assert_refused(result: subprocess.CompletedProcess, output: Path, before: dict, *needles: str, code: int = 2) -> str:
    """Exit code, one line on stderr naming ``needles``, no traceback, release untouched; the line."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("westdev-kg: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], f"{needle!r} not in {lines[0]!r}"
    assert result.stdout == ""
    assert snapshot(output) == before, "the previous release was touched"
    assert not (output.parent / "reports").exists()
    return lines[0]


def warnings_of(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith("westdev-kg: warning: ") for line in lines), result.stderr
    return lines


def graph_of(output: Path) -> Graph:
    return Graph().parse(output / pipeline.DATA_TTL, format="turtle")


def text_of(graph: Graph) -> str:
    (text,) = set(graph.objects(None, NIF.isString))
    return str(text)


def assert_spans_slice(graph: Graph, text: str, what: str) -> int:
    nodes = set(graph.subjects(NIF.anchorOf, None))
    for node in nodes:
        begin, end = int(graph.value(node, NIF.beginIndex)), int(graph.value(node, NIF.endIndex))
        anchor = str(graph.value(node, NIF.anchorOf))
        assert text[begin:end] == anchor, f"{what}: {node} [{begin}:{end}] {text[begin:end]!r} != {anchor!r}"
    return len(nodes)


def without(graph: Graph, *predicates: URIRef) -> Graph:
    out = Graph()
    for triple in graph:
        if triple[1] not in predicates:
            out.add(triple)
    return out


def test_fixtures_are_as_make_py_writes_them():
    """An editor or a git filter that 'repairs' a hostile file would silently weaken these tests."""
    for name, data in make.fixtures().items():
        assert (HOSTILE / name).read_bytes() == data, f"{name} differs from make.py: run python tests/fixtures/hostile/make.py"
    for name, char in make.HOSTILE.items():
        assert char in make.CHARACTERS, name


def test_every_fixture_has_its_row_in_the_failure_modes_table():
    table = (Path(__file__).resolve().parent.parent / "docs" / "failure-modes.md").read_text(encoding="utf-8")
    names = {name.split("/")[0] for name in make.fixtures()} - {"bad-sidecar.txt", "plain.txt"}
    assert [name for name in sorted(names) if f"`{name}" not in table] == []


def test_utf32_with_a_byte_order_mark_is_decoded_with_a_warning():
    """In process: the codec table of stages/read.py, the rows the command tests do not reach."""
    for bom, codec, label in ((b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32LE"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32BE")):
        text, used, warnings = read.decode(bom + make.PLAIN.encode(codec), None, "x.txt")
        assert text == make.PLAIN and used.startswith("utf-32") and warnings == [f"x.txt: decoded as {label} (byte-order mark found); UTF-8 is expected"]


# -- cannot be processed: exit 2 ------------------------------------------------------------


@pytest.mark.cli
def test_missing_path(output, tmp_path):
    before = snapshot(output)
    assert_refused(build(tmp_path / "no-such.txt", output), output, before, "no-such.txt", "no such file")


@pytest.mark.cli
def test_folder_without_text_files(output, tmp_path):
    before = snapshot(output)
    assert_refused(build(HOSTILE / "no-text-folder", output), output, before, "no-text-folder", "no .txt or .md files")
    (tmp_path / "empty-folder").mkdir()
    assert_refused(build(tmp_path / "empty-folder", output), output, before, "no .txt or .md files")


@pytest.mark.cli
@pytest.mark.parametrize("name", ["empty.txt", "whitespace.txt", "invisible.txt"])
def test_empty_whitespace_or_invisible_file(output, name):
    before = snapshot(output)
    assert_refused(build(HOSTILE / name, output), output, before, name, "holds no text")


@pytest.mark.cli
def test_binary_file(output):
    before = snapshot(output)
    assert_refused(build(HOSTILE / "binary.txt", output), output, before, "binary.txt", "NUL byte at offset 8", "looks binary")


@pytest.mark.cli
def test_nul_byte_after_the_sniffed_head_is_refused_too(output, tmp_path):
    path = tmp_path / "late-nul.txt"
    path.write_bytes(make.PLAIN.encode("utf-8") * 30 + b"\x00" + b"more text.\n")
    before = snapshot(output)
    assert_refused(build(path, output), output, before, "late-nul.txt", "NUL character", "looks binary")


@pytest.mark.cli
@pytest.mark.parametrize(
    ("name", "encoding", "offset", "byte"),
    [("latin1.txt", "latin-1", 34, "0xe9"), ("gb18030.txt", "gb18030", 2, "0xa1")],
)
def test_bytes_not_utf8_name_the_offset_and_decode_with_encoding(output, tmp_path, name, encoding, offset, byte):
    raw = (HOSTILE / name).read_bytes()
    with pytest.raises(UnicodeDecodeError) as info:
        raw.decode("utf-8")
    assert info.value.start == offset  # the offset the message must name, found independently
    before = snapshot(output)
    assert_refused(build(HOSTILE / name, output), output, before, name, f"byte {byte} at offset {offset}", "not valid utf-8", "--encoding")
    fresh = tmp_path / "fresh"
    result = build(HOSTILE / name, fresh, "--encoding", encoding, "-q")
    assert result.returncode == 0, result.stderr
    graph = graph_of(fresh)
    expected = raw.decode(encoding)
    assert text_of(graph) == expected
    assert {str(e) for e in graph.objects(None, WDO.encoding)} == {read._codec_name(encoding)}
    assert assert_spans_slice(graph, expected, name) > 0


@pytest.mark.cli
def test_file_over_the_size_limit(output, tmp_path):
    size = (HOSTILE / "plain.txt").stat().st_size
    before = snapshot(output)
    assert_refused(
        build(HOSTILE / "plain.txt", output, "--max-bytes", str(size - 1)), output, before,
        f"{size} bytes is over the size limit of {size - 1} bytes", "--max-bytes",
    )  # fmt: skip
    assert build(HOSTILE / "plain.txt", tmp_path / "at-limit", "--max-bytes", str(size), "-q").returncode == 0
    assert read.DEFAULT_MAX_BYTES == 16 * 1024 * 1024
    assert "16 MiB" in run_cli("build", "--help").stdout


@pytest.mark.cli
@pytest.mark.parametrize(
    ("sidecar", "needle"),
    [
        (None, "not valid TOML"),  # the committed fixture: an unterminated string
        (b'slug = "plain"\ncolour = "red"\n', "unknown keys colour"),
        (b"date_issued = 2020-13-45\n", "not valid TOML"),
        (b'date_issued = "17 May 2020"\n', "date_issued must be a date"),
        (b'slug = "Not A Slug"\n', "slug 'Not A Slug' must be lowercase"),
        (b'issuers = "State Council"\n', "issuers must be a list"),
        (b'title = "Caf\xe9"\n', "not valid utf-8"),
        (b'language = "en US"\n', "language 'en US' is not a BCP 47 language tag (e.g. 'en'"),
        (b'language = "english"\n', "language 'english' is not a BCP 47 language tag"),
        (b'original_language = "Chinese (Simplified)"\n', "original_language 'Chinese (Simplified)' is not a BCP 47"),
    ],
    ids=[
        "toml-syntax", "unknown-key", "impossible-date", "date-as-text", "bad-slug", "issuers-not-list", "not-utf8",
        "language-with-space", "language-as-word", "original-language-as-words",
    ],
)  # fmt: skip
def test_malformed_sidecar(output, tmp_path, sidecar, needle):
    if sidecar is None:
        text = HOSTILE / "bad-sidecar.txt"
    else:
        text = tmp_path / "bad-sidecar.txt"
        shutil.copyfile(HOSTILE / "bad-sidecar.txt", text)
        (tmp_path / "bad-sidecar.meta.toml").write_bytes(sidecar)
    before = snapshot(output)
    assert_refused(build(text, output), output, before, "bad-sidecar.meta.toml", needle)


def test_language_tags_are_recorded_in_their_standard_form(tmp_path):
    text = tmp_path / "tagged.txt"
    shutil.copyfile(HOSTILE / "plain.txt", text)
    (tmp_path / "tagged.meta.toml").write_text('language = "EN-us"\noriginal_language = "zho"\n', encoding="utf-8")
    meta = read.read(text).metadata
    assert (meta.language, meta.original_language) == ("en-US", "zh")


@pytest.mark.cli
@pytest.mark.parametrize(
    ("encoding", "codec", "raw", "needle"),
    [
        ("utf-7", "utf-7", b"+2D0-", "U+D83D at character"),  # half of a surrogate pair
        ("unicode_escape", "unicode-escape", b"\\udc80", "U+DC80 at character"),
    ],
)
def test_text_that_is_not_valid_unicode_after_decoding(output, tmp_path, encoding, codec, raw, needle):
    """Codecs that can give lone surrogates: refused where the text is read (exit 70 before)."""
    path = tmp_path / "surrogate.txt"
    path.write_bytes(make.PLAIN.encode("ascii") + b"A lone half " + raw + b" of a character.\n")
    before = snapshot(output)
    assert_refused(
        build(path, output, "--encoding", encoding), output, before,
        "surrogate.txt", f"decoded with {codec} is not valid Unicode", needle, "--encoding",
    )  # fmt: skip


@pytest.mark.cli
@pytest.mark.parametrize("encoding", ["no-such-codec", "rot13", "base64"])
def test_unknown_or_non_text_encoding(output, encoding):
    before = snapshot(output)
    assert_refused(build(HOSTILE / "plain.txt", output, "--encoding", encoding), output, before, f"{encoding!r} is not a text encoding")


@pytest.mark.cli
def test_output_folder_is_a_file(tmp_path):
    blocker = tmp_path / "output"
    blocker.write_bytes(b"a file where the release folder should be\n")
    before = blocker.read_bytes()
    for target, needle in ((blocker, "not a folder"), (blocker / "sub", f"{blocker} is not a folder")):
        result = build(HOSTILE / "plain.txt", target)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("westdev-kg: error: ") and needle in lines[0], result.stderr
        assert str(target) in lines[0]
    assert blocker.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["output"]


@pytest.mark.cli
def test_a_bad_document_in_a_folder_leaves_the_combined_release(tmp_path):
    """Folder builds: one error line per failed document and one summary line; exit 2."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(HOSTILE / "plain.txt", corpus / "plain.txt")
    out = tmp_path / "output"
    assert build(corpus, out, "-q").returncode == 0
    combined = {name: (out / name).read_bytes() for name in (pipeline.DATA_TTL, pipeline.DATA_JSONLD, pipeline.CONTEXT_JSONLD)}
    shutil.copyfile(HOSTILE / "binary.txt", corpus / "binary.txt")
    result = build(corpus, out, "-q")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("westdev-kg: error: binary.txt: ") and "looks binary" in lines[0], result.stderr
    assert len(lines) == 2 and "1 of 2 documents failed" in lines[1] and "the release was not written" in lines[1]
    assert {name: (out / name).read_bytes() for name in combined} == combined
    assert sorted(p.name for p in out.rglob(".*")) == [], "temporary files left in the release folder"


# -- processed with a warning: exit 0 ----------------------------------------------------------


@pytest.mark.cli
@pytest.mark.parametrize(("name", "label"), [("utf16le.txt", "UTF-16LE"), ("utf16be.txt", "UTF-16BE"), ("utf8-bom.txt", None)])
def test_byte_order_marks_are_decoded(previous_release, tmp_path, name, label):
    """The graph equals the graph of the same text in UTF-8 but for what describes the bytes."""
    path = tmp_path / "in" / "plain.txt"  # the same file name, so the same slug and IRIs
    path.parent.mkdir()
    shutil.copyfile(HOSTILE / name, path)
    out = tmp_path / "out"
    warnings = warnings_of(build(path, out))
    named = [w for w in warnings if "byte-order mark" in w]
    if label is None:
        assert named == [], "a UTF-8 BOM is removed silently"
    else:
        assert named == [f"westdev-kg: warning: plain.txt: decoded as {label} (byte-order mark found); UTF-8 is expected"]
    graph, utf8 = graph_of(out), graph_of(previous_release)
    assert text_of(graph) == make.PLAIN, "the BOM is removed and offsets count after it"
    raw = (HOSTILE / name).read_bytes()
    assert (None, WDO.byteSize, Literal(len(raw), datatype=URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger"))) in graph
    # the same graph but for the bytes read: their digest, size, codec, and the version they hash into
    read = (WDO.sha256, WDO.byteSize, WDO.encoding, OWL.versionInfo)
    assert_isomorphic(without(utf8, *read), without(graph, *read), f"{name} and UTF-8")


@pytest.mark.cli
def test_text_without_parts_or_measures(tmp_path):
    out = tmp_path / "out"
    warnings = warnings_of(build(HOSTILE / "no-structure.txt", out))
    assert any("no parts or measures recognised" in w for w in warnings), warnings
    graph = graph_of(out)
    assert len(list(graph.subjects(RDF.type, WDO.PolicyDocument))) == 1
    assert list(graph.subjects(RDF.type, WDO.Part)) == [] and list(graph.subjects(RDF.type, WDO.Measure)) == []
    quotes = sorted(str(graph.value(e, NIF.anchorOf)) for s in graph.subjects(RDF.type, WDO.Sentence) for e in graph.objects(s, WDO.hasEvidence))
    assert quotes == sorted(
        [
            "This text has no numbered parts.",
            "It talks about roads in Gansu and railways in Qinghai.",
            "It has a second paragraph!",
            "Does it end?",
            "Yes, it does.",
        ]
    )
    assert_spans_slice(graph, make.NO_STRUCTURE, "no-structure")


@pytest.mark.cli
def test_duplicated_and_skipped_measure_numbers_are_named(tmp_path):
    out = tmp_path / "out"
    warnings = warnings_of(build(HOSTILE / "numbering.txt", out))
    assert any("duplicate measure number 2" in w for w in warnings), warnings
    assert any("skipped" in w and "3, 4" in w for w in warnings), warnings
    graph = graph_of(out)
    numbers = sorted(int(graph.value(m, WDO.number)) for m in graph.subjects(RDF.type, WDO.Measure))
    assert numbers == [1, 2, 2, 5]
    titles = sorted(str(graph.value(m, DCTERMS.title)) for m in graph.subjects(RDF.type, WDO.Measure))
    assert titles == ["Basic principles", "Guiding ideology", "Main tasks", "Safeguards"]
    iris = {str(m).rsplit("/id/numbering/", 1)[-1] for m in graph.subjects(RDF.type, WDO.Measure)}
    assert iris == {"measure/1", "measure/2", "measure/2-2", "measure/5"}, "a repeated number still gets its own IRI"


@pytest.mark.cli
def test_three_levels_of_headings_give_three_levels_of_sections(tmp_path):
    """Part > Chapter > Section (篇 > 章 > 节, a plan outline): parts, chapters and sections of
    chapters at levels 1, 2 and 3 of the graph, each with its kind concept; no warning."""
    path = tmp_path / "outline.txt"
    path.write_text(
        "Outline of the Plan\n\nPart 1 A New Journey\n\nChapter 1 Environment\n\nSection 1 Achievements\n"
        "Build roads in Gansu.\n\nSection 2 Situation\nThe world changes.\n\nPart 2 Innovation\n\n"
        "Chapter 2 Strength\n\nSection 1 Resources\nBuild laboratories in Chengdu.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    warnings = warnings_of(build(path, out))
    assert not any("level" in w for w in warnings), warnings
    graph = graph_of(out)

    def titles(cls):
        return sorted((int(graph.value(s, WDO.level)), str(graph.value(s, DCTERMS.title))) for s in graph.subjects(RDF.type, cls))

    assert titles(WDO.Part) == [(1, "A New Journey"), (1, "Innovation")]
    assert titles(WDO.Chapter) == [(2, "Environment"), (2, "Strength")]
    assert titles(WDO.ChapterSection) == [(3, "Achievements"), (3, "Resources"), (3, "Situation")]
    assert not set(graph.subjects(RDF.type, WDO.Measure))
    section = next(s for s in graph.subjects(RDF.type, WDO.ChapterSection) if str(graph.value(s, DCTERMS.title)) == "Resources")
    assert str(graph.value(section, WDO.sectionKind)).endswith("/concept/section-section")
    assert str(graph.value(None, ELI.has_part, section)).endswith("/chapter/2")


@pytest.mark.cli
def test_file_name_that_is_not_utf8(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")  # what the file system hands over: a lone surrogate
    shutil.copyfile(HOSTILE / "plain.txt", folder / name)
    out = tmp_path / "out"
    # PYTHONIOENCODING makes stdout strict, as in a UTF-8 locale other than C: the summary must still print
    result = build(folder / name, out, env={"PYTHONIOENCODING": "utf-8"})
    warnings = warnings_of(result)
    assert any("file name is not valid UTF-8" in w for w in warnings), warnings
    assert "built caf" in result.stdout
    assert {str(n) for n in graph_of(out).objects(None, WDO.fileName)} == {"caf\ufffd.txt"}


# -- processed normally: characters that break naive serializers -------------------------------


@pytest.fixture(scope="module")
def hostile_release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("characters") / "out"
    result = run_cli("build", str(HOSTILE / "characters.txt"), "-o", str(out), "--reasoner", "skip", "--release-date", RELEASE_DATE)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr and "byte-order" not in result.stderr and "Traceback" not in result.stderr
    return out


def _readers(out: Path) -> dict[str, Graph]:
    ttl, js = (out / pipeline.DATA_TTL).read_bytes(), (out / pipeline.DATA_JSONLD).read_bytes()
    return {
        "Turtle by rdflib": Graph().parse(data=ttl, format="turtle"),
        "Turtle by pyoxigraph": turtle_by_pyoxigraph(ttl),
        "JSON-LD by rdflib": Graph().parse(data=js, format="json-ld"),
        "JSON-LD by PyLD": jsonld_by_pyld(js),
        "JSON-LD by pyoxigraph": jsonld_by_pyoxigraph(js),
    }


@pytest.mark.cli
def test_hostile_characters_come_out_intact_for_every_parser(hostile_release):
    text = make.CHARACTERS
    graphs = _readers(hostile_release)
    reference = graphs["Turtle by rdflib"]
    for what, graph in graphs.items():
        assert_isomorphic(reference, graph, f"Turtle by rdflib and {what}")
        assert text_of(graph) == text, f"{what}: nif:isString differs from the input"
        sentences = [e for s in graph.subjects(RDF.type, WDO.Sentence) for e in graph.objects(s, WDO.hasEvidence)]
        assert len(sentences) >= 12
        assert assert_spans_slice(graph, text, what) >= len(sentences)
        quotes = "\n".join(str(graph.value(e, NIF.anchorOf)) for e in sentences)
        missing = [name for name, char in make.HOSTILE.items() if char not in quotes]
        assert missing == [], f"{what}: no sentence holds {missing}"
        objects = {str(o) for o in graph.objects(None, WDO.objectText)}
        assert 'the protection\x07 of \x1b[1mdata\x0b and\x0c "quoted" <names> in Sichuan' in objects, f"{what}: {objects}"
    titles = {str(t) for t in reference.objects(None, DCTERMS.title)}
    assert text.split("\n", 1)[0] in titles, "the title line with quotes, <, > and a backslash"
    assert {"Right-to-left marks", "Wrapped lines", "Spaces and joiners", "Markup"} <= titles


@pytest.mark.cli
def test_offsets_count_code_points_not_utf16_units_or_bytes(hostile_release):
    text = make.CHARACTERS
    graph = graph_of(hostile_release)
    quote = "After the emoji the offsets still count code points."
    (node,) = [s for s in graph.subjects(NIF.anchorOf, Literal(quote))]
    begin = int(graph.value(node, NIF.beginIndex))
    assert begin == text.index(quote)
    assert int(graph.value(node, NIF.endIndex)) == begin + len(quote)
    assert begin != len(text[:begin].encode("utf-16-le")) // 2, "the emoji before it would count twice in UTF-16"
    assert begin != len(text[:begin].encode("utf-8"))


@pytest.mark.parametrize("tag", sorted(read.STANDARD_TAGS))
def test_the_tags_taken_without_langcodes_are_valid_and_standard(tag):
    import langcodes

    assert langcodes.tag_is_valid(tag) and langcodes.standardize_tag(tag) == tag
