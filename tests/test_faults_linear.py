"""Linear time on hostile input (issue 15, point 3), guarded by counting work, never by wall time.

The texts are bench/adversarial.py's (capitalised runs, long names, many markers, commas,
hyphen chains, no full stops), at 1× and 8× a small base.  The name rules count the tokens
they look at (``Context.examined``); the link stage is counted in span comparisons; the
analyse stage in segments, mentions and modal clauses looked at (``analysis.work.examined``).  Linear
work grows 8× when the text grows 8× (10× is allowed, for the edges); quadratic work grows 64×.
The control tests show the count would catch the quadratic rules this issue removed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from westdev_kg import model, pipeline, reference
from westdev_kg.entities import entity_lexicon, gazetteer, patterns
from westdev_kg.entities.candidates import Context
from westdev_kg.entities.tokens import tokenize
from westdev_kg.analysis import clauses, work
from westdev_kg.stages import analyse, extract, graph, link, read, segment, serialize
from westdev_kg.vocab import Minter

REPO = Path(__file__).resolve().parent.parent
BASE = 4_000  # bytes at 1×: enough for the hostile shapes, small enough for a quick test
GROWTH = 8
ALLOWED = 1.25 * GROWTH


def _adversarial():
    spec = importlib.util.spec_from_file_location("bench_adversarial", REPO / "bench" / "adversarial.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


adversarial = _adversarial()


def document(tmp_path: Path, kind: str, scale: int) -> model.Document:
    path = tmp_path / f"{kind}-{scale}.txt"
    path.write_text(adversarial.KINDS[kind](BASE * scale), encoding="utf-8")
    return segment.segment(read.read(path))


def name_rule_work(doc: model.Document) -> tuple[int, int]:
    """(tokens the name rules looked at, tokens in the text)."""
    ctx = Context(doc, reference.load(), gazetteer.default(), entity_lexicon.load())
    list(patterns.candidates(ctx))
    return ctx.examined, len(ctx.tokens)


@pytest.mark.parametrize("kind", sorted(adversarial.KINDS))
def test_the_name_rules_do_linear_work_on_hostile_input(tmp_path, kind):
    small, small_tokens = name_rule_work(document(tmp_path, kind, 1))
    large, large_tokens = name_rule_work(document(tmp_path, kind, GROWTH))
    assert large_tokens >= 0.9 * GROWTH * small_tokens, "the text grew"
    assert large <= ALLOWED * max(small, small_tokens), f"{small} -> {large} tokens examined for {GROWTH}x the text"
    assert large <= 2 * patterns.MAX_NAME_TOKENS * large_tokens, "more than a bounded look-around per token"


def test_the_count_would_catch_a_head_that_looks_back_without_bound(tmp_path, monkeypatch):
    """The control: without the bound, a run of capitalised words makes the rules quadratic."""
    monkeypatch.setattr(patterns, "MAX_NAME_TOKENS", 10**9)
    small, _ = name_rule_work(document(tmp_path, "capitalised", 1))
    large, _ = name_rule_work(document(tmp_path, "capitalised", GROWTH))
    assert large > 4 * ALLOWED * small


def test_the_bound_is_far_above_every_name_of_the_bundled_text(bundled_path):
    """No name of the genre comes near the bound (the committed output/ equals a fresh build: test_build)."""
    doc = segment.segment(read.read(bundled_path))
    longest = max(len(tokenize(m.span.quote(doc.text))) for m in extract.extract(doc).mentions)
    assert longest < patterns.MAX_NAME_TOKENS // 2


def section_lookups(doc: model.Document, monkeypatch) -> tuple[int, int]:
    """Span comparisons the link stage makes to place every mention in its section and sentence."""
    found = extract.extract(doc)
    calls = 0
    contains = model.Span.contains

    def counted(self, other):
        nonlocal calls
        calls += 1
        return contains(self, other)

    monkeypatch.setattr(model.Span, "contains", counted)
    link.link(doc, found)
    monkeypatch.setattr(model.Span, "contains", contains)
    return calls, len(found.mentions)


def test_the_link_stage_places_mentions_in_linear_work(tmp_path, monkeypatch):
    small, small_mentions = section_lookups(document(tmp_path, "markers", 1), monkeypatch)
    large, large_mentions = section_lookups(document(tmp_path, "markers", GROWTH), monkeypatch)
    assert large_mentions >= 0.9 * GROWTH * small_mentions
    assert large <= ALLOWED * small, f"{small} -> {large} comparisons for {GROWTH}x the mentions"


def analyse_work(doc: model.Document) -> tuple[int, int]:
    """(segments, mentions and modal clauses the analyse stage looked at, characters of the text)."""
    linked = link.link(doc, extract.extract(doc))
    before = work.examined
    analyse.analyse(doc, linked)
    return work.examined - before, len(doc.text)


@pytest.mark.parametrize("kind", sorted(adversarial.KINDS))
def test_the_analyse_stage_does_linear_work_on_hostile_input(tmp_path, kind):
    """Clauses, the mentions of each action and goal, the earlier leads of a sentence: each
    looked up once, not rescanned for each clause of one very long sentence (commas, no full
    stops, many markers)."""
    small, small_chars = analyse_work(document(tmp_path, kind, 1))
    large, large_chars = analyse_work(document(tmp_path, kind, GROWTH))
    assert large_chars >= 0.9 * GROWTH * small_chars, "the text grew"
    assert small > 0
    assert large <= ALLOWED * small, f"{small} -> {large} segments, mentions and clauses examined for {GROWTH}x the text"


def list_before_a_subject(size: int) -> str:
    """A directive, then a long list of names, then a subject clause: "Build roads, A, B, …, Z shall develop"."""
    names = adversarial._fill(lambda k: adversarial._word(k), size, ", ")
    return adversarial.TITLE + "Build roads, " + names + ", Yunnan shall develop.\n"


def list_work(tmp_path: Path, scale: int) -> int:
    path = tmp_path / f"list-{scale}.txt"
    path.write_text(list_before_a_subject(BASE * scale), encoding="utf-8")
    return analyse_work(segment.segment(read.read(path)))[0]


def test_a_list_before_a_subject_is_read_once(tmp_path):
    """Each name of the list asks whether the directive before it ends with an "ensure that"
    still waiting for its predicate; the answer grows with the clause, never rereads it."""
    small, large = list_work(tmp_path, 1), list_work(tmp_path, GROWTH)
    assert large <= ALLOWED * small, f"{small} -> {large} examined for {GROWTH}x the text"


def test_the_count_would_catch_a_clause_reread_for_each_segment(tmp_path, monkeypatch):
    """The control: rereading the whole clause each time (the code before) is quadratic."""

    def reread(self, clause):
        work.examined += clause.end - clause.begin
        return clauses._pending_that(self.text[clause.begin : clause.end])

    monkeypatch.setattr(clauses._Pending, "__call__", reread)
    small, large = list_work(tmp_path, 1), list_work(tmp_path, GROWTH)
    assert large > 4 * ALLOWED * small


def chain_parse_work(tmp_path: Path, scale: int, monkeypatch) -> tuple[int, int]:
    """(characters the clause grouping gave the head parser, clauses) for "Support X to build A, build B, …"."""
    parsed = 0
    real = clauses.parse_head

    def counting(text, **kwargs):
        nonlocal parsed
        parsed += len(text)
        return real(text, **kwargs)

    monkeypatch.setattr(clauses, "parse_head", counting)
    doc = document(tmp_path, "verb-chains", scale)
    found = [c for sec in doc.sections() for s in sec.sentences for c in clauses.clauses_of(doc.text, s.key, s.span.begin, s.span.end)]
    monkeypatch.setattr(clauses, "parse_head", real)
    return parsed, len(found)


def test_a_chain_of_bare_verbs_after_a_control_verb_is_parsed_once(tmp_path, monkeypatch):
    """Each bare verb of "Support X to build A, build B, …" asks whether the control verb's chain
    is still open; once open it stays open, so the growing clause is not parsed again for each."""
    small, small_clauses = chain_parse_work(tmp_path, 1, monkeypatch)
    large, large_clauses = chain_parse_work(tmp_path, GROWTH, monkeypatch)
    assert small_clauses == large_clauses, "the chain is one clause at both sizes"
    assert large <= ALLOWED * small, f"{small} -> {large} characters parsed for {GROWTH}x the text"


def test_the_count_would_catch_a_chain_reparsed_for_each_verb(tmp_path, monkeypatch):
    """The control: asking the parser again for each bare verb (the code before) is quadratic."""
    monkeypatch.setattr(clauses._Chains, "__call__", lambda self, clause: clauses._chain_open(self.text, clause))
    small, _ = chain_parse_work(tmp_path, 1, monkeypatch)
    large, _ = chain_parse_work(tmp_path, GROWTH, monkeypatch)
    assert large > 4 * ALLOWED * small


class Rendering:
    """Counts of what :func:`serialize.render_document` does: sort keys made, IRIs compacted
    against the prefixes, triples handed to the Turtle and JSON-LD writers."""

    def __init__(self, monkeypatch) -> None:
        self.keys = self.compacted = self.turtle = self.jsonld = 0
        term_key, prefix_of, turtle_body, nodes = (
            serialize._term_key, serialize.Compactor.prefix_of, serialize.turtle_body, serialize.JsonLdWriter.nodes
        )

        def counted_key(term):
            self.keys += 1
            return term_key(term)

        def counted_prefix_of(compactor, iri):
            self.compacted += 1
            return prefix_of(compactor, iri)

        def counted_turtle(triples, prefixes):
            self.turtle += len(triples)
            return turtle_body(triples, prefixes)

        def counted_nodes(writer, triples):
            self.jsonld += len(triples)
            return nodes(writer, triples)

        monkeypatch.setattr(serialize, "_term_key", counted_key)
        monkeypatch.setattr(serialize.Compactor, "prefix_of", counted_prefix_of)
        monkeypatch.setattr(serialize, "turtle_body", counted_turtle)
        monkeypatch.setattr(serialize.JsonLdWriter, "nodes", counted_nodes)


def serialize_work(tmp_path: Path, scale: int, monkeypatch) -> tuple[Rendering, int, int]:
    """(the counts of rendering the "markers" text, its triples, its distinct terms)."""
    path = tmp_path / f"markers-{scale}.txt"
    path.write_text(adversarial.KINDS["markers"](BASE * scale), encoding="utf-8")
    options = pipeline.Options(reasoner="skip")
    extraction = pipeline.extract_all(path, options)
    release = options.release()
    triples = graph.build_triples(extraction, release)
    with monkeypatch.context() as patch:
        counts = Rendering(patch)
        document = Minter(release.base, extraction.document.source.metadata.slug).document[1]
        serialize.render_document(triples, document, pipeline.terms(), release.base, None)
    return counts, len(triples), len({term for triple in triples for term in triple})


def test_the_serialize_stage_does_linear_work(tmp_path, monkeypatch):
    """One sort key per distinct term (never one per comparison or per triple), each IRI
    compacted once for Turtle and once for JSON-LD, each triple written once: 8× the triples, 8× the work (the sort itself,
    n log n comparisons of integers, is the one part that grows faster, by log n)."""
    small, small_triples, small_terms = serialize_work(tmp_path, 1, monkeypatch)
    large, large_triples, large_terms = serialize_work(tmp_path, GROWTH, monkeypatch)
    assert large_triples >= 0.9 * GROWTH * small_triples, "the graph grew"
    assert large.keys <= large_terms and large.compacted <= 2 * large_terms
    assert large.turtle == large.jsonld > 0.5 * large_triples, "the document's own nodes are rendered"
    for what in ("keys", "compacted", "turtle", "jsonld"):
        assert getattr(large, what) <= ALLOWED * getattr(small, what), what


def test_the_benchmark_times_what_a_build_renders(tmp_path, monkeypatch):
    """bench/adversarial.py's serialize stage renders the document's own nodes in Turtle and
    JSON-LD, as a build does (it once named another document, so that it timed the split and
    sort alone, an n log n sort of every triple, which read 2.5 to 3.4 per doubling)."""
    built = 0
    build_triples = graph.build_triples

    def counted_build(extraction, release):
        nonlocal built
        triples = build_triples(extraction, release)
        built += len(triples)
        return triples

    path = tmp_path / "commas.txt"
    path.write_text(adversarial.KINDS["commas"](BASE), encoding="utf-8")
    monkeypatch.setattr(graph, "build_triples", counted_build)
    counts = Rendering(monkeypatch)
    seconds = adversarial.time_stages(path, reasoner=False)
    assert "serialize" in seconds and "error" not in seconds
    assert counts.turtle == counts.jsonld > 0.5 * built


def test_the_benchmark_starts_each_run_with_the_text_caches_empty(tmp_path):
    """Heads parsed in an earlier run (or in the smaller text, whose start the larger one
    repeats) are forgotten before each timed run; the lexicons stay loaded."""
    from westdev_kg.analysis import heads
    from westdev_kg.lexicon import verbs

    doc = document(tmp_path, "verb-chains", 1)
    analyse.analyse(doc, link.link(doc, extract.extract(doc)))
    assert heads.parse_imperative.cache_info().currsize > 0
    lexicon = verbs()
    adversarial.forget_text_caches()
    assert heads.parse_imperative.cache_info().currsize == heads.parse_subject.cache_info().currsize == 0
    assert verbs() is lexicon
