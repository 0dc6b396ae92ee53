"""The endpoints: SPARQL protocol, search, start page, health, release files (and the routes).

Dereferencing (``/id/…``, ``/concept/…``, ``/ontology``, ``/shapes``, VoID) is in :mod:`.linked`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response

from .. import resources
from . import negotiation as neg
from . import pages
from .guard import SERVICE_REFUSED, UPDATE_REFUSED, is_update, uses_service
from .pool import Busy
from .worker import QueryError

log = logging.getLogger("westdev_kg.serve")


class TooLarge(Exception):
    pass


# -- helpers shared with .linked ---------------------------------------------------------


def served(request: Request):
    return request.app.state.server.current


def public(request: Request) -> str:
    base = request.app.state.config.base_url
    return (base or str(request.base_url)).rstrip("/")


def linker(request: Request) -> pages.Linker:
    return pages.Linker(public(request))


def accept(request: Request) -> neg.Accept:
    """The client's ``Accept``, or the ``format=`` parameter, which overrides it."""
    name = request.query_params.get("format")
    if name:
        media = neg.FORMAT_NAMES.get(name.lower(), neg.ALIASES.get(name.lower(), name.lower()))
        return [(media, 1.0)]
    return neg.parse_accept(request.headers.get("accept"))


def wants_html(request: Request) -> bool:
    return neg.choose(neg.parse_accept(request.headers.get("accept")), ("text/plain", neg.HTML)) == neg.HTML


def fail(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    """An error answer: one line of text, or a page for a browser."""
    if wants_html(request) and served(request) is not None:
        reasons = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 406: "Not Acceptable", 413: "Content Too Large",
                   414: "URI Too Long", 415: "Unsupported Media Type", 503: "Service Unavailable"}
        body = pages.render("error.html", status=status, reason=reasons.get(status, ""), message=message, link=linker(request), release=served(request).release)
        return HTMLResponse(body, status_code=status, headers=headers)
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def etag(request: Request, tag: str) -> tuple[str, bool]:
    """The weak ETag of a representation in this release, and whether the client has it already."""
    value = f'W/"{served(request).key}-{tag}"'
    seen = request.headers.get("if-none-match", "")
    return value, value in [part.strip() for part in seen.split(",")] or seen.strip() == "*"


def cached(request: Request, tag: str, body: bytes | str, media: str, headers: dict | None = None) -> Response:
    value, fresh = etag(request, tag)
    headers = {"ETag": value, "Cache-Control": "no-cache", **(headers or {})}
    if fresh:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=neg.content_type(media), headers=headers)


async def _body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > limit):
        raise TooLarge()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


# -- SPARQL ------------------------------------------------------------------------------


async def sparql(request: Request) -> Response:
    config = request.app.state.config
    limit = config.max_request
    if len(request.url.query.encode()) > limit:
        return fail(request, 414, f"the query string is longer than {limit} bytes: send the query with POST")
    params = dict(request.query_params)
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            body = await _body(request, limit)
        except TooLarge:
            return fail(request, 413, f"the request body is larger than {limit} bytes")
        if kind == "application/sparql-update":
            return fail(request, 403, UPDATE_REFUSED)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return fail(request, 400, "the request body is not UTF-8")
        if kind == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            params.update({key: values[0] for key, values in form.items()})
        elif kind == "application/sparql-query":
            params["query"] = text
        else:
            return fail(request, 415, "POST a query as application/sparql-query or as the form field query (application/x-www-form-urlencoded)")
    if "update" in params:
        return fail(request, 403, UPDATE_REFUSED)
    query = params.get("query")
    if query is None:
        return await service_description(request)
    if "default-graph-uri" in params or "named-graph-uri" in params:
        return fail(request, 400, "this endpoint has one default graph, the whole release: default-graph-uri and named-graph-uri are not supported")
    if is_update(query):
        return fail(request, 403, UPDATE_REFUSED)
    if uses_service(query):
        return fail(request, 403, SERVICE_REFUSED)
    current = served(request)
    try:
        reply = await current.pool.submit(("sparql", query, accept(request), config.row_cap, config.max_answer))
    except Busy as exc:
        return fail(request, 503, exc.message, {"Retry-After": str(exc.retry_after)})
    except QueryError as exc:
        return fail(request, exc.status, exc.message)
    headers = {"Vary": "Accept"}
    if reply[-1]:
        headers["X-Result-Truncated"] = f"true; rows={config.row_cap}"
    if reply[0] == "ok":
        _, media, body, _truncated = reply
        return Response(body, media_type=neg.content_type(media), headers=headers)
    _, form, payload, truncated = reply
    link = linker(request)
    context = {"form": form, "query": query, "truncated": truncated, "cap": config.row_cap, "link": link, "release": current.release}
    if form == "ASK":
        context["boolean"] = payload
    elif form == "SELECT":
        variables, rows = payload
        context.update(variables=variables, rows=[[pages.plain_term(cell, link) for cell in row] for row in rows])
    else:
        context.update(variables=["subject", "predicate", "object"], rows=[[pages.plain_term(cell, link) for cell in row] for row in payload])
    return HTMLResponse(pages.render("results.html", **context), headers=headers)


def _examples(request: Request) -> list[tuple[str, str, str]]:
    out = []
    for path in sorted(resources.queries_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title = text.splitlines()[0].lstrip("# ").split(":", 1)[-1].strip() if text else ""
        out.append((path.stem, title, f"{public(request)}/sparql?{urlencode({'query': text, 'format': 'html'})}"))
    return out


async def service_description(request: Request) -> Response:
    """The SPARQL 1.1 Service Description (Turtle, N-Triples, JSON-LD), or the query form for a browser."""
    config = request.app.state.config
    media = neg.choose(accept(request), (neg.TURTLE, neg.NTRIPLES, neg.JSONLD, neg.HTML))
    endpoint = f"{public(request)}/sparql"
    if media == neg.HTML:
        sample = "PREFIX wdo: <https://w3id.org/westdev/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n\nSELECT ?region ?label WHERE {\n  ?region a wdo:Region ; skos:prefLabel ?label .\n}\nORDER BY ?label\nLIMIT 20\n"
        body = pages.render("sparql.html", endpoint=endpoint, timeout=f"{config.timeout:g}", cap=config.row_cap, query=sample,
                            examples=_examples(request), link=linker(request), release=served(request).release)
        return HTMLResponse(body, headers={"Vary": "Accept"})
    if media is None:
        return fail(request, 406, "the service description is available as Turtle, N-Triples, JSON-LD or HTML")
    import pyoxigraph as ox

    sd = "http://www.w3.org/ns/sparql-service-description#"
    formats = "http://www.w3.org/ns/formats/"
    lines = [f"@prefix sd: <{sd}> .", "@prefix void: <http://rdfs.org/ns/void#> .", "",
             f"<{endpoint}> a sd:Service ;", f"  sd:endpoint <{endpoint}> ;", "  sd:supportedLanguage sd:SPARQL11Query ;",
             "  sd:resultFormat " + ", ".join(f"<{formats}{f}>" for f in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD")) + " ;",
             f"  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ; void:triples {served(request).snapshot.triples} ] ;",
             f"      void:sparqlEndpoint <{endpoint}> ] ."]
    turtle = "\n".join(line for line in lines if line) + "\n"
    if media == neg.TURTLE:
        return Response(turtle, media_type=neg.content_type(media), headers={"Vary": "Accept"})
    triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    fmt = ox.RdfFormat.JSON_LD if media == neg.JSONLD else ox.RdfFormat.N_TRIPLES
    return Response(ox.serialize(triples, format=fmt), media_type=neg.content_type(media), headers={"Vary": "Accept"})


# -- search ------------------------------------------------------------------------------


async def search(request: Request) -> Response:
    params = request.query_params
    query = params.get("q", "")
    try:
        limit = min(max(int(params.get("limit", 20)), 1), 100)
        offset = min(max(int(params.get("offset", 0)), 0), 10_000)
    except ValueError:
        return fail(request, 400, "limit and offset must be whole numbers")
    if len(query) > 200:
        return fail(request, 414, "a search is at most 200 characters")
    current = served(request)
    link = linker(request)
    try:
        answer = await anyio.to_thread.run_sync(current.index.search, query, limit, offset)
    except TimeoutError as exc:
        return fail(request, 503, str(exc), {"Retry-After": "2"})
    media = neg.choose(accept(request), ("application/json", neg.HTML))
    if media == neg.HTML:
        for result in answer["results"]:
            result["href"] = link.href(result["iri"])
        more = answer["offset"] + len(answer["results"]) < answer["total"]
        next_href = f"{link.public}/search?{urlencode({'q': query, 'limit': limit, 'offset': offset + limit})}" if more else None
        body = pages.render("search.html", query=query, answer=answer, next_href=next_href, link=link, release=current.release)
        return HTMLResponse(body, headers={"Vary": "Accept"})
    if media is None:
        return fail(request, 406, "search answers in JSON or HTML")
    return JSONResponse(answer, headers={"Vary": "Accept"})


# -- start page, health, files -------------------------------------------------------------


async def home(request: Request) -> Response:
    from .describe import labels_of

    current = served(request)
    link = linker(request)
    documents = []
    for slug in sorted(current.snapshot.manifest.get("documents", {})):
        iri = f"{link.base}id/{slug}"
        names = {k: v[0] for k, v in labels_of(current.store, iri).items()}
        documents.append(pages._display(iri, {iri: names}, link))
    body = pages.render("home.html", documents=documents, triples=f"{current.snapshot.triples:,}", link=link, release=current.release)
    return HTMLResponse(body)


async def health(request: Request) -> Response:
    server = request.app.state.server
    current = server.current
    pool = current.pool
    return JSONResponse({
        "status": "ok", "release": current.key, "release_version": current.release["version"],
        "triples": current.snapshot.triples, "switches": server.switches,
        "workers": {"size": pool.size, "running": pool.running, "waiting": pool.waiting, "served": pool.served, "stopped": pool.killed},
    }, headers={"Cache-Control": "no-store"})


MEDIA_BY_SUFFIX = {".ttl": neg.TURTLE, ".jsonld": neg.JSONLD, ".json": "application/json", ".nt": neg.NTRIPLES}


async def files(request: Request) -> Response:
    current = served(request)
    manifest = current.snapshot.manifest
    name = request.path_params.get("path", "")
    if not name:
        listing = sorted(manifest.get("files", {}).items())
        if neg.choose(accept(request), (neg.HTML, "application/json")) == "application/json":
            return JSONResponse(manifest)
        return HTMLResponse(pages.render("files.html", files=listing, link=linker(request), release=current.release))
    meta = manifest.get("files", {}).get(name)
    if meta is None and name != "manifest.json":
        return fail(request, 404, f"the release has no file {name}")
    path: Path = current.snapshot.files / name
    tag = f'W/"{meta["sha256"]}"' if meta else f'W/"{current.key}-manifest"'
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    media = MEDIA_BY_SUFFIX.get(path.suffix, "application/octet-stream")
    return FileResponse(path, media_type=neg.content_type(media), headers=headers)


async def internal_error(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return PlainTextResponse("internal error (logged by the server)\n", status_code=500)


def routes() -> list[tuple]:
    from . import linked

    return [
        ("/", home, ["GET"]),
        ("/health", health, ["GET"]),
        ("/sparql", sparql, ["GET", "POST"]),
        ("/search", search, ["GET"]),
        ("/id/{path:path}", linked.resource, ["GET"]),
        ("/concept/{path:path}", linked.resource, ["GET"]),
        ("/ontology", linked.ontology, ["GET"]),
        ("/ontology.{ext}", linked.ontology, ["GET"]),
        ("/shapes", linked.shapes, ["GET"]),
        ("/shapes.{ext}", linked.shapes, ["GET"]),
        ("/.well-known/void", linked.void, ["GET"]),
        ("/files/", files, ["GET"]),
        ("/files/{path:path}", files, ["GET"]),
    ]

