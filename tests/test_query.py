"""``westdev-kg query``: the standard result formats, the push-down of --where/--columns/--limit, tables."""

from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import example, given, settings
from hypothesis import strategies as st
from wcwidth import wcswidth

from westdev_kg import cli, query, resources, tables
from westdev_kg.errors import UsageError

from .conftest import REPO, run_cli

EX = "https://example.org/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
DATA = """\
@prefix ex: <https://example.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ex:chengdu skos:prefLabel "成都"@zh , "Chengdu"@en ; ex:rank 1 .
ex:sichuan skos:prefLabel "四川省"@zh , "Sichuan"@en ; ex:rank 2 .
ex:odd skos:prefLabel "say \\"hi\\" \\\\ then\\nstop" ; ex:rank 3 .
[] skos:prefLabel "无名氏的一个非常非常长的名字，长到表格里放不下，必须截断才能显示在终端的一行之内"@zh ; ex:rank 4 .
"""
SELECT = """\
# places and their labels — ?place ?label ?rank
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX ex:   <https://example.org/>   # the data's namespace
SELECT ?place ?label ?rank
WHERE { ?place skos:prefLabel ?label ; ex:rank ?rank . }
ORDER BY ?rank ?label
"""
# (place, label, rank) in the order of SELECT, the blank node as None
ROWS = [
    (f"{EX}chengdu", "Chengdu", "1"),
    (f"{EX}chengdu", "成都", "1"),
    (f"{EX}sichuan", "Sichuan", "2"),
    (f"{EX}sichuan", "四川省", "2"),
    (f"{EX}odd", 'say "hi" \\ then\nstop', "3"),
    (None, "无名氏的一个非常非常长的名字，长到表格里放不下，必须截断才能显示在终端的一行之内", "4"),
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "tiny.ttl").write_text(DATA, encoding="utf-8")
    return folder


def ask(data: Path, sparql: str, *options: str, capsysbinary) -> bytes:
    """What ``westdev-kg query`` writes on stdout (run in this process), exit code 0."""
    path = data.parent / "q.rq"
    path.write_text(sparql, encoding="utf-8")
    code = cli.main(["query", str(path), "-d", str(data), *options])
    out, err = capsysbinary.readouterr()
    assert code == 0, err.decode()
    return out


def plain_rows(result: rdflib.query.Result) -> list[tuple]:
    """rdflib's reading of a results document, blank nodes as None."""
    return [tuple(None if isinstance(t, rdflib.BNode) else str(t) for t in row) for row in result]


# -- the SPARQL 1.1 result formats ---------------------------------------------------------


def test_json_is_the_sparql_json_results_format(data, capsysbinary):
    doc = json.loads(ask(data, SELECT, "--format", "json", capsysbinary=capsysbinary))
    assert doc["head"] == {"vars": ["place", "label", "rank"]}
    bindings = doc["results"]["bindings"]
    assert len(bindings) == len(ROWS)
    assert bindings[0]["place"] == {"type": "uri", "value": f"{EX}chengdu"}
    assert bindings[1]["label"] == {"type": "literal", "value": "成都", "xml:lang": "zh"}
    assert bindings[0]["rank"] == {"type": "literal", "value": "1", "datatype": XSD_INTEGER}
    assert bindings[5]["place"]["type"] == "bnode" and bindings[5]["place"]["value"]
    assert [b["label"]["value"] for b in bindings] == [r[1] for r in ROWS]


def test_xml_is_the_sparql_xml_results_format(data, capsysbinary):
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(ask(data, SELECT, "--format", "xml", capsysbinary=capsysbinary))
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["place", "label", "rank"]
    results = root.findall("r:results/r:result", ns)
    assert len(results) == len(ROWS)
    first = {b.get("name"): b[0] for b in results[1].findall("r:binding", ns)}
    assert first["place"].tag.endswith("}uri") and first["place"].text == f"{EX}chengdu"
    assert first["label"].text == "成都" and first["label"].get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"
    assert first["rank"].get("datatype") == XSD_INTEGER
    assert results[5].find("r:binding[@name='place']/r:bnode", ns) is not None


def test_csv_has_plain_names_and_values(data, capsysbinary):
    out = ask(data, SELECT, "--format", "csv", capsysbinary=capsysbinary)
    assert out.startswith(b"place,label,rank\r\n")  # CRLF, as RFC 4180 and the SPARQL CSV format say
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    assert rows[0] == ["place", "label", "rank"]
    assert [tuple(r) for r in rows[1:5]] == ROWS[:4]
    assert rows[5][1] == 'say "hi" \\ then\nstop'  # quoted by the CSV rules, newline kept
    assert rows[6][0].startswith("_:")


def test_tsv_has_question_marked_names_and_terms_in_turtle_syntax(data, capsysbinary):
    out = ask(data, SELECT, "--format", "tsv", capsysbinary=capsysbinary).decode("utf-8")
    lines = out.split("\n")
    assert lines[0] == "?place\t?label\t?rank"
    assert lines[1] == f'<{EX}chengdu>\t"Chengdu"@en\t1'
    assert lines[2] == f'<{EX}chengdu>\t"成都"@zh\t1'
    assert lines[5] == f'<{EX}odd>\t"say \\"hi\\" \\\\ then\\nstop"\t3'  # one line: the newline is escaped
    assert len(lines) == len(ROWS) + 2 and lines[-1] == ""


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_every_results_format_reads_back_with_rdflib(data, fmt, capsysbinary):
    out = ask(data, SELECT, "--format", fmt, capsysbinary=capsysbinary)
    result = rdflib.query.Result.parse(io.BytesIO(out), format=fmt)
    assert [str(v) for v in result.vars] == ["place", "label", "rank"]
    assert plain_rows(result) == ROWS


def test_ask_answers_in_the_boolean_formats(data, capsysbinary):
    yes = "ASK { ?s ?p ?o }"
    assert json.loads(ask(data, yes, "--format", "json", capsysbinary=capsysbinary)) == {"head": {}, "boolean": True}
    no = ET.fromstring(ask(data, "ASK { ?s ?s ?s }", "--format", "xml", capsysbinary=capsysbinary))
    assert no.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "false"


def test_construct_answers_in_turtle_and_ntriples(data, capsysbinary):
    construct = f"CONSTRUCT {{ ?s <{EX}named> ?label }} WHERE {{ ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}"
    turtle = rdflib.Graph().parse(data=ask(data, construct, "--format", "turtle", capsysbinary=capsysbinary), format="turtle")
    ntriples = rdflib.Graph().parse(data=ask(data, construct, "--format", "ntriples", capsysbinary=capsysbinary), format="nt")
    assert len(turtle) == len(ntriples) == len(ROWS)
    assert rdflib.compare.isomorphic(turtle, ntriples)


@pytest.mark.parametrize(
    ("sparql", "fmt", "message"),
    [
        ("ASK { ?s ?p ?o }", "table", "only SELECT queries answer with --format table; an ASK query answers with --format json or xml"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "csv", "only SELECT queries answer with --format csv; a CONSTRUCT query answers with --format turtle or ntriples"),
        ("DESCRIBE <https://example.org/odd>", "json", "only SELECT and ASK queries answer with --format json; a DESCRIBE query answers with --format turtle or ntriples"),
        (SELECT, "turtle", "only CONSTRUCT and DESCRIBE queries answer with --format turtle; a SELECT query answers with --format table, markdown, json, xml, csv or tsv"),
    ],
    ids=["ask-table", "construct-csv", "describe-json", "select-turtle"],
)
def test_a_format_the_query_form_has_not_is_one_usage_error(sparql, fmt, message):
    with pytest.raises(UsageError) as error:
        query.plan(sparql, fmt)
    assert error.value.message == message


def test_the_parser_offers_the_formats_the_query_module_writes():
    assert cli.QUERY_FORMATS == query.FORMATS


# -- push-down ---------------------------------------------------------------------------


def test_where_columns_and_limit_are_pushed_into_the_query():
    planned = query.plan(SELECT, "csv", where=[("rank", "2"), ("label", 'a "b" \\ c\nd\te')], columns=["label", "place"], limit=3)
    prologue = SELECT[: SELECT.index("SELECT ?place")]
    assert planned.sparql == (
        prologue
        + "SELECT ?label ?place\nWHERE {\n  {\n"
        + SELECT[len(prologue) :].rstrip()
        + "\n  }\n"
        + '  FILTER (STR(?rank) = "2")\n'
        + '  FILTER (STR(?label) = "a \\"b\\" \\\\ c\\nd\\te")\n'
        + "}\nLIMIT 3\n"
    )
    assert planned.limit is None  # the standard formats show what the engine answers


def test_nothing_to_push_down_runs_the_query_as_it_is():
    assert query.plan(SELECT, "json").sparql is SELECT


def test_a_table_asks_the_engine_for_one_row_more_than_it_shows():
    planned = query.plan(SELECT, "table", limit=2)
    assert planned.sparql.endswith("}\nLIMIT 3\n") and planned.limit == 2


def test_an_empty_value_matches_unbound_and_empty_values(data):
    store = query.load_release(data)
    sparql = "SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 UNDEF) (2 '') (3 'z') } }"
    planned = query.plan(sparql, "csv", where=[("y", "")])
    assert "!BOUND(?y) || STR(?y) = \"\"" in planned.sparql
    assert query.answer(store, planned) == b"x,y\r\n1,\r\n2,\r\n"


def test_the_prologue_stays_in_front_of_the_subquery():
    sparql = "# SELECT in a comment\nBASE <https://example.org/#a>\nprefix ex:<https://example.org/x#>  # PREFIX no: <x>\nPREFIX : <urn:y#>\n\nselect ?s WHERE { ?s ?p ?o }"
    prologue, body = query.split_prologue(sparql)
    assert body == "select ?s WHERE { ?s ?p ?o }"
    assert prologue + body == sparql
    assert query.split_prologue("SELECT * {}") == ("", "SELECT * {}")
    # a row of 26 "#" has 2**25 ways to be cut into comments: a backtracking regex takes seconds
    banner = "PREFIX a: <x:>\n" + "#" * 26 + "\n"
    started = time.perf_counter()
    assert query.split_prologue(banner + "SELECT * {}") == (banner, "SELECT * {}")
    assert time.perf_counter() - started < 1.0


@settings(max_examples=200, deadline=None)
@example("a\\u0041b").via("a code point escape is not one once its backslash is escaped")
@example("\\")
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1))
def test_any_value_is_written_as_a_sparql_string_the_engine_reads_back(value):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(f"{EX}a"), ox.NamedNode(f"{EX}p"), ox.Literal(value)))
    store.add(ox.Quad(ox.NamedNode(f"{EX}b"), ox.NamedNode(f"{EX}p"), ox.Literal(value + "x")))
    planned = query.plan("SELECT ?s ?o WHERE { ?s ?p ?o }", "csv", where=[("o", value)], columns=["s"])
    assert [s[0].value for s in store.query(planned.sparql)] == [f"{EX}a"]


def _release_rows(store: ox.Store, sparql: str) -> tuple[list[str], list[tuple]]:
    solutions = store.query(sparql)
    return [v.value for v in solutions.variables], [tuple(s) for s in solutions]


@pytest.mark.parametrize("name", sorted(p.stem for p in (REPO / "queries").glob("*.rq")))
def test_pushed_down_answers_equal_the_answers_cut_in_python_for_every_bundled_query(release, name):
    """The outer query has no ORDER BY: pyoxigraph keeps the subquery's order through FILTER and LIMIT."""
    _, folder = release
    store = query.load_release(folder)
    sparql = query.read_query(resources.queries_dir() / f"{name}.rq")
    variables, full = _release_rows(store, sparql)
    assert full or name in ("cq-targets", "cq-reported-figures")  # the bundled text states no quantified target, reports no past figure
    for limit in sorted({0, 1, 3, len(full) // 2, len(full) + 1}):
        planned = query.plan(sparql, "csv", limit=limit)
        assert _release_rows(store, planned.sparql) == (variables, full[:limit]), limit
    columns = variables[::-1]
    for index, name_ in enumerate(variables):
        values = [row[index].value for row in full if row[index] is not None]
        for value in sorted(set(values))[:2] + values[len(values) // 2 : len(values) // 2 + 1]:
            planned = query.plan(sparql, "csv", where=[(name_, value)], columns=columns, limit=5)
            expected = [row[::-1] for row in full if row[index] is not None and row[index].value == value][:5]
            assert _release_rows(store, planned.sparql) == (columns, expected), (name_, value)


# -- usage errors --------------------------------------------------------------------------


def one_error_line(result, code: int) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.cli
@pytest.mark.parametrize(
    ("options", "needle"),
    [
        (["--where", "nothere=1"], "--where nothere=…: the query has no variable ?nothere (it has place, label, rank)"),
        (["--columns", "place,nothere"], "--columns: the query has no variable ?nothere (it has place, label, rank)"),
        (["--columns", "place,,rank"], "--columns takes VAR,VAR"),
        (["--columns", "rank,rank"], "--columns names a variable twice"),
        (["--where", "rank"], "--where takes VAR=VALUE"),
        (["--limit", "-1"], "--limit must be 0 or more"),
    ],
    ids=["where-unknown", "columns-unknown", "columns-empty", "columns-twice", "where-no-equals", "limit-negative"],
)
def test_a_bad_option_is_one_usage_error(data, options, needle):
    path = data.parent / "q.rq"
    path.write_text(SELECT, encoding="utf-8")
    assert needle in one_error_line(run_cli("query", str(path), "-d", str(data), *options), 2)


@pytest.mark.cli
def test_a_query_that_is_not_utf8_is_one_usage_error(data):
    path = data.parent / "latin1.rq"
    path.write_bytes("# café\nSELECT * WHERE { ?s ?p ?o }\n".encode("latin-1"))
    line = one_error_line(run_cli("query", str(path), "-d", str(data)), 2)
    assert line == f"westdev-kg: error: {path}: a query must be UTF-8 text, and byte 5 (0xe9) is not"


@pytest.mark.cli
def test_a_query_with_a_from_clause_cannot_be_cut(data):
    path = data.parent / "from.rq"
    path.write_text("SELECT ?s FROM <urn:g> WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert "cannot have FROM clauses" in one_error_line(run_cli("query", str(path), "-d", str(data), "--limit", "1"), 2)
    assert run_cli("query", str(path), "-d", str(data)).returncode == 0


# -- tables --------------------------------------------------------------------------------


def test_a_table_with_chinese_labels_lines_up(data, capsysbinary):
    out = ask(data, SELECT, "--columns", "label,rank,place", capsysbinary=capsysbinary).decode("utf-8")
    lines = out.splitlines()
    body, footer = lines[:-1], lines[-1]
    assert footer == "(6 rows)"
    assert len({wcswidth(line) for line in body}) == 1, "\n".join(body)
    # the column separators stand at the same display columns on every line
    bars = {tuple(wcswidth(line[: i]) for i, c in enumerate(line) if c in "|+") for line in body}
    assert len(bars) == 1
    assert lines[3].startswith("成都 ") and lines[2].startswith("Chengdu ")
    long_label = body[-1].split(" | ")[0]
    assert long_label.rstrip().endswith("…") and tables.MAX_WIDTH - 1 <= wcswidth(long_label) <= tables.MAX_WIDTH
    assert "say \"hi\" \\ then stop" in out  # one line per row


@pytest.mark.parametrize(
    ("limit", "footer"),
    [("0", "(first 0 rows; more exist)"), ("2", "(first 2 rows; more exist)"), ("6", "(6 rows)"), ("9", "(6 rows)")],
)
@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_a_table_says_when_the_limit_cut_it(data, fmt, limit, footer, capsysbinary):
    out = ask(data, SELECT, "--format", fmt, "--limit", limit, capsysbinary=capsysbinary).decode("utf-8")
    lines = out.splitlines()
    assert lines[-1] == footer
    shown = min(int(limit), len(ROWS))
    assert len(lines) == 2 + shown + (1 if fmt == "table" else 2)  # header, rule, rows, (blank line,) footer
    assert lines[2 + shown] == (footer if fmt == "table" else "")


def test_one_row_is_one_row():
    assert tables.footer(1, False) == "(1 row)"


def test_clipping_counts_display_columns():
    assert tables.clip("成都成都成都", 7) == "成都成…"
    assert tables.width(tables.clip("成都成都成都", 7)) == 7
    assert tables.clip("Chengdu", 7) == "Chengdu"
    assert tables.width("e\u0301") == 1  # a combining accent takes no column
    assert tables.width("a\x07b") == 2  # a control character none
