"""Search by label and by sentence text: an n-gram index in SQLite (FTS5, trigram tokenizer).

**What is indexed** (:func:`build_index`): every ``rdfs:label``, ``skos:prefLabel``,
``skos:altLabel`` and ``dcterms:title`` of an IRI, and the quote (``nif:anchorOf``) of each
``wdo:Sentence``'s evidence span, each with its language and the kind (class) of its subject.

**How a query matches** (:func:`search`): the query is split at white space; each term of three
characters or more must occur in the text (FTS5 trigram: infix and prefix matching, case-
insensitive, in any script); shorter terms — two-character Chinese words such as 西部 — are
matched with ``LIKE`` on the same rows.  A query in Chinese also matches labels holding its
characters in order (发展改革 finds 国家发展和改革委员会: abbreviations keep the order of
the full name), ranked below the substring matches.

**Ranking**: an exact label first, then a label starting with the query, then one containing
it whole, then FTS5's bm25; preferred labels and titles before alternative labels, labels
before sentences.  Each IRI appears once, by its best-matching text.
"""

from __future__ import annotations

import html
import re
import sqlite3
import threading
import time
import unicodedata
from pathlib import Path

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCTERMS = "http://purl.org/dc/terms/"
FIELDS = {f"{SKOS}prefLabel": "prefLabel", f"{DCTERMS}title": "title", f"{RDFS}label": "label", f"{SKOS}altLabel": "altLabel"}
FIELD_WEIGHT = {"prefLabel": 4.0, "title": 4.0, "label": 3.5, "altLabel": 2.0, "text": 0.0}
GENERIC_KINDS = {"Entity", "Actor", "Section", "TextSpan", "NamedIndividual", "Resource", "Thing"}
MAX_CANDIDATES = 5000
MAX_TERMS = 8
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

_SCHEMA = """
CREATE TABLE entries (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, text TEXT NOT NULL, lang TEXT NOT NULL,
                      kind TEXT NOT NULL, field TEXT NOT NULL, name TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(text, content='entries', content_rowid='id', tokenize='trigram');
"""


def check_sqlite() -> None:
    """SQLite with FTS5 and the trigram tokenizer (SQLite ≥ 3.34), or a clear error."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
    except sqlite3.OperationalError as exc:
        raise RuntimeError(f"search needs SQLite ≥ 3.34 with FTS5 (this Python has SQLite {sqlite3.sqlite_version}: {exc})") from None


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _kinds(store) -> dict[str, str]:
    types: dict[str, list[str]] = {}
    for solution in store.query("SELECT ?s ?t WHERE { ?s a ?t FILTER(isIRI(?s) && isIRI(?t)) }"):
        types.setdefault(solution[0].value, []).append(_local(solution[1].value))
    kinds = {}
    for iri, names in types.items():
        specific = sorted(n for n in names if n not in GENERIC_KINDS)
        kinds[iri] = (specific or sorted(names))[0]
    return kinds


def build_index(store, path: Path) -> int:
    """Write the search index of ``store`` into the SQLite file ``path``; the number of entries."""
    check_sqlite()
    values = " ".join(f"<{p}>" for p in FIELDS)
    labels = store.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o)) }}")
    kinds = _kinds(store)
    rows: list[tuple[str, str, str, str, str]] = []
    names: dict[tuple[str, str], tuple[int, str]] = {}  # (iri, language) -> the best name in it
    rank = {"prefLabel": 0, "title": 1, "label": 2, "altLabel": 3}
    for s, p, o in labels:
        field = FIELDS[p.value]
        lang = o.language or ""
        rows.append((s.value, o.value, lang, kinds.get(s.value, "Resource"), field))
        for key in ((s.value, lang), (s.value, "*")):
            candidate = (rank[field] * 2 + (0 if key[1] != "*" or lang in ("en", "") else 1), o.value)
            if key not in names or candidate < names[key]:
                names[key] = candidate
    sentences = store.query(
        "PREFIX wdo: <https://w3id.org/westdev/ontology#> "
        "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> "
        "SELECT ?s ?quote WHERE { ?s a wdo:Sentence ; wdo:hasEvidence ?span . ?span nif:anchorOf ?quote }"
    )
    for s, quote in sentences:
        rows.append((s.value, quote.value, quote.language or "", "Sentence", "text"))
        names.setdefault((s.value, "*"), (9, quote.value if len(quote.value) <= 80 else quote.value[:79] + "…"))
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    try:
        con.executescript(_SCHEMA)
        con.executemany(
            "INSERT INTO entries (iri, text, lang, kind, field, name) VALUES (?, ?, ?, ?, ?, ?)",
            [(*row, (names.get((row[0], row[2])) or names[(row[0], "*")])[1]) for row in sorted(rows)],
        )
        con.execute("INSERT INTO fts (rowid, text) SELECT id, text FROM entries")
        con.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        con.commit()
    finally:
        con.close()
    return len(rows)


class Index:
    """The read-only search index of one snapshot: a connection per thread, time-bounded queries."""

    def __init__(self, path: Path, timeout: float = 2.0) -> None:
        self.path = path
        self.timeout = timeout
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def search(self, query: str, limit: int = 20, offset: int = 0) -> dict:
        """``{"total", "limit", "offset", "results": [{"iri", "label", "lang", "kind", "snippet"}]}``."""
        text = " ".join(unicodedata.normalize("NFKC", query).split())
        answer = {"total": 0, "limit": limit, "offset": offset, "results": []}
        if not text:
            return answer
        con = self._connection()
        deadline = time.monotonic() + self.timeout
        con.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 2000)
        try:
            hits = self._candidates(con, text)
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise TimeoutError(f"the search ran past its time limit of {self.timeout:g} s") from None
            raise
        finally:
            con.set_progress_handler(None, 0)
        best: dict[str, tuple[float, tuple]] = {}
        for row, subsequence in hits:
            score = _score(text, row, subsequence)
            if row[1] not in best or score > best[row[1]][0]:
                best[row[1]] = (score, row, subsequence)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1][6].casefold(), item[1][1]))
        answer["total"] = len(ranked)
        for _score_, row, subsequence in ranked[offset : offset + limit]:
            _id, iri, found, lang, kind, field, name, _rank = row
            answer["results"].append({"iri": iri, "label": name, "lang": lang, "kind": kind, "snippet": snippet(found, text, subsequence)})
        return answer

    def _candidates(self, con: sqlite3.Connection, text: str) -> list[tuple[tuple, bool]]:
        terms = list(dict.fromkeys(text.split(" ")))[:MAX_TERMS]
        long_terms = [t for t in terms if len(t) >= 3]
        short_terms = [t for t in terms if len(t) < 3]
        columns = "e.id, e.iri, e.text, e.lang, e.kind, e.field, e.name"
        params: list[str] = []
        if long_terms:
            sql = f"SELECT {columns}, bm25(fts) FROM fts JOIN entries e ON e.id = fts.rowid WHERE fts MATCH ?"
            params.append(" AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms))
        else:
            sql = f"SELECT {columns}, 0.0 FROM entries e WHERE 1"
        for term in short_terms:
            sql += " AND e.text LIKE ? ESCAPE '\\'"
            params.append("%" + _like(term) + "%")
        rows = [(row, False) for row in con.execute(sql + f" LIMIT {MAX_CANDIDATES}", params)]
        letters = text.replace(" ", "")
        if _CJK.search(letters) and 2 <= len(letters) <= 32:
            pattern = "%" + "%".join(_like(c) for c in letters) + "%"
            seen = {row[0] for row, _ in rows}
            extra = con.execute(f"SELECT {columns}, 0.0 FROM entries e WHERE e.field != 'text' AND e.text LIKE ? ESCAPE '\\' LIMIT {MAX_CANDIDATES}", [pattern])
            rows += [(row, True) for row in extra if row[0] not in seen]
        return rows


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _score(query: str, row: tuple, subsequence: bool) -> float:
    text, field, bm25 = row[2].casefold(), row[5], row[7]
    q = query.casefold()
    score = FIELD_WEIGHT.get(field, 0.0) - bm25  # bm25 is negative, lower is better
    if text == q:
        score += 100
    elif text.startswith(q):
        score += 40
    elif q in text:
        score += 20
    elif re.search(r"(?<!\w)" + re.escape(q.split(" ")[0]), text):
        score += 5
    if subsequence:
        score -= 10
    return score + 1.0 / (1.0 + len(text) / 40.0)


def snippet(text: str, query: str, subsequence: bool = False, width: int = 160) -> str:
    """``text`` (a window of ``width`` characters around the first match) as HTML, matches in ``<mark>``."""
    if subsequence:
        pieces = [re.escape(c) for c in query.replace(" ", "")]
    else:
        pieces = sorted({re.escape(t) for t in query.split(" ") if t}, key=len, reverse=True)
    pattern = re.compile("|".join(pieces), re.I) if pieces else None
    first = pattern.search(text) if pattern else None
    start = 0
    if first and len(text) > width:
        start = max(0, min(first.start() - width // 3, len(text) - width))
    window = text[start : start + width]
    out, pos = [], 0
    for match in pattern.finditer(window) if pattern else ():
        out.append(html.escape(window[pos : match.start()]))
        out.append("<mark>" + html.escape(match.group(0)) + "</mark>")
        pos = match.end()
    out.append(html.escape(window[pos:]))
    marked = "".join(out).replace("</mark><mark>", "")
    return ("…" if start > 0 else "") + marked + ("…" if start + width < len(text) else "")
