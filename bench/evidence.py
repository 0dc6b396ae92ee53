"""What "evidence that checks itself" costs (issue 13 point 8; bench/README.md, docs/linked-data.md).

Three SHACL-SPARQL constraints of the shapes (``wds:QuoteShape``, ``wds:OffsetsShape``,
``wds:UsedShape``) check every span's quote against its source text, its offsets and every
``prov:used``.  The build runs them in Python (``westdev_kg/stages/evidence.py``); pySHACL can
run them as SPARQL.  This script times, on the graph of the bundled text:

* the validate stage as the build runs it (pySHACL, core shapes + the Python checks);
* the same without the three checks at all (the shapes before issue 13 point 8);
* the three Python checks alone;
* pySHACL running the SHACL-SPARQL constraints instead (one run: about a minute and a half);

(CPU time of this process, steadier than wall time on a shared machine) and, on a larger generated text (the bundled text repeated ``--repeat`` times, its spans copied
at the shifted offsets), the Python checks and pySHACL's SPARQL per span on a sample.

Usage::

    .venv/bin/python bench/evidence.py [--runs 5] [--repeat 4] [--sample 200] [--no-sparql] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from westdev_kg import pipeline, rdf, resources  # noqa: E402
from westdev_kg.stages import evidence, validate  # noqa: E402
from westdev_kg.stages import graph as graph_stage  # noqa: E402
from westdev_kg.vocab import NIF, PROV, WDO  # noqa: E402

BUNDLED = REPO / "corpus" / "western-development-2020.en.txt"


def timed(action, runs: int) -> dict:
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": runs}


def interleaved(first, second, runs: int) -> tuple[dict, dict]:
    """Two actions timed in alternation (a change of load hits both alike)."""
    a, b = [], []
    for _ in range(runs):
        for action, times in ((first, a), (second, b)):
            start = time.process_time()
            action()
            times.append(time.process_time() - start)
    return tuple({"median_s": statistics.median(t), "min_s": min(t), "runs": runs} for t in (a, b))


def bundled_triples() -> list[rdf.Triple]:
    options = pipeline.Options(reasoner="skip", release_date="2026-11-27")
    extraction = pipeline.extract_all(BUNDLED, options, pipeline.Timer(), None)
    return graph_stage.build_triples(extraction, options.release())


def shapes_without_checks() -> Graph:
    """The build's shapes minus the three evidence shapes: validation as it was before them."""
    flat = pipeline.shapes_graph.__wrapped__()
    for shape in evidence.CHECKS:
        flat.remove((shape, None, None))
    return flat


def larger(data: Graph, repeat: int) -> Graph:
    """The bundled text repeated ``repeat`` times, with a copy of each span (and of the build's
    prov:used) per repetition at the shifted offsets: only what the three checks read."""
    [text_node] = set(data.subjects(NIF.isString, None))
    text = str(data.value(text_node, NIF.isString))
    big, node = Graph(), URIRef(str(text_node) + "/repeated")
    big.add((node, NIF.isString, Literal(text * repeat)))
    spans = list(data.subjects(RDF.type, WDO.TextSpan))
    for k in range(repeat):
        shift = k * len(text)
        for span in spans:
            copy = URIRef(f"{span}/copy/{k}")
            big.add((copy, RDF.type, WDO.TextSpan))
            big.add((copy, NIF.referenceContext, node))
            big.add((copy, NIF.anchorOf, data.value(span, NIF.anchorOf)))
            for p in (NIF.beginIndex, NIF.endIndex):
                big.add((copy, p, Literal(int(data.value(span, p)) + shift, datatype=XSD.nonNegativeInteger)))
        big.add((URIRef(f"{text_node}/build/{k}"), PROV.used, node))
    return rdf.to_rdflib_indexed(rdf.from_rdflib(big))


def python_checks(data: Graph) -> int:
    return sum(len(list(check(data))) for check in evidence.CHECKS.values())


def sparql_per_span(data: Graph, sample: int) -> dict:
    """pySHACL running only the three SHACL-SPARQL shapes on ``sample`` spans of ``data``."""
    from pyshacl import validate as shacl_validate

    written = Graph().parse(resources.shapes_path(), format="turtle")
    only = Graph()
    for shape in evidence.CHECKS:  # the three shapes and what they reach (constraints, prefixes)
        todo = [shape]
        while todo:
            node = todo.pop()
            for p, o in written.predicate_objects(node):
                if (node, p, o) not in only:
                    only.add((node, p, o))
                    if p != RDF.type and not isinstance(o, Literal):
                        todo.append(o)
    spans = sorted(data.subjects(RDF.type, WDO.TextSpan))[:sample]
    keep = set(spans) | {o for s in spans for o in data.objects(s, NIF.referenceContext)}
    small = rdf.to_rdflib_indexed(rdf.from_rdflib(t for t in data if t[0] in keep or t[1] == PROV.used))
    start = time.process_time()
    conforms, _, _ = shacl_validate(small, shacl_graph=only, inference="none")
    seconds = time.process_time() - start
    return {"spans": len(spans), "seconds": seconds, "ms_per_span": 1000 * seconds / max(len(spans), 1), "conforms": bool(conforms)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=4, help="the larger text: the bundled one repeated N times")
    parser.add_argument("--sample", type=int, default=200, help="spans pySHACL's SPARQL is timed on, in the larger text")
    parser.add_argument("--no-sparql", action="store_true", help="skip pySHACL's SPARQL run over the whole bundled text")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    triples = bundled_triples()
    build_shapes, before = pipeline.shapes_graph(), shapes_without_checks()
    data = rdf.to_rdflib_indexed(triples)
    spans = len(set(data.subjects(RDF.type, WDO.TextSpan)))
    out: dict = {"bundled": {"triples": len(triples), "spans": spans}}
    validate.validate(triples, build_shapes)  # warm-up: pySHACL's first use of each shapes graph
    validate.validate(triples, before)
    out["bundled"]["validate_build"], out["bundled"]["validate_without_checks"] = interleaved(
        lambda: validate.validate(triples, build_shapes), lambda: validate.validate(triples, before), args.runs
    )
    out["bundled"]["python_checks"] = timed(lambda: python_checks(data), args.runs)
    if not args.no_sparql:
        with_sparql = validate.flatten(Graph().parse(resources.shapes_path(), format="turtle"))
        assert not evidence.pending(with_sparql) and (None, SH.sparql, None) in with_sparql
        report = {}
        out["bundled"]["validate_sparql"] = timed(lambda: report.setdefault("r", validate.validate(triples, with_sparql)), 1)
        out["bundled"]["validate_sparql"]["conforms"] = report["r"].conforms

    big = larger(data, args.repeat)
    text = len(str(next(big.objects(None, NIF.isString))))
    big_spans = len(set(big.subjects(RDF.type, WDO.TextSpan)))
    out["larger"] = {"repeat": args.repeat, "characters": text, "spans": big_spans, "violations": python_checks(big)}
    out["larger"]["python_checks"] = timed(lambda: python_checks(big), args.runs)
    out["larger"]["sparql_sample"] = sparql_per_span(big, args.sample)

    b, g = out["bundled"], out["larger"]
    print(f"bundled text: {b['triples']} triples, {b['spans']} spans (median of {args.runs}; the first two interleaved)")
    print(f"  validate as the build runs it          {b['validate_build']['median_s']:.3f} s")
    print(f"  validate without the evidence checks   {b['validate_without_checks']['median_s']:.3f} s")
    print(f"  the three Python checks alone          {b['python_checks']['median_s'] * 1000:.1f} ms")
    if "validate_sparql" in b:
        print(f"  validate with pySHACL's SHACL-SPARQL   {b['validate_sparql']['median_s']:.1f} s (one run)")
    print(f"larger text: the bundled one ×{g['repeat']}, {g['characters']} characters, {g['spans']} spans")
    print(f"  the three Python checks                {g['python_checks']['median_s'] * 1000:.1f} ms ({g['violations']} violations)")
    s = g["sparql_sample"]
    print(f"  pySHACL's SHACL-SPARQL on {s['spans']} spans     {s['seconds']:.1f} s = {s['ms_per_span']:.0f} ms a span "
          f"(all {g['spans']}: ~{s['ms_per_span'] * g['spans'] / 1000:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
