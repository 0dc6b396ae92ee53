"""Dereferenceable IRIs, following the W3C note *Cool URIs for the Semantic Web* (§4.3, §4.2).

- **Things** — ``https://w3id.org/westdev/id/…`` and ``…/concept/…`` (slash IRIs: places, bodies,
  documents, their parts, concepts) — are not documents.  ``GET /id/X`` answers
  **303 See Other** to the description of X in the format the ``Accept`` header prefers:
  ``/id/X.html``, ``/id/X.ttl``, ``/id/X.jsonld`` or ``/id/X.nt`` (with ``Vary: Accept``).
- **Descriptions** — those four suffixed paths — are documents: 200, with an ETag from the
  release version, and a ``Link: <…/id/X>; rel="about"`` header naming the thing described.
- **The ontology and the shapes** — hash IRIs (``…/ontology#Region``): the document
  ``/ontology`` is served directly with content negotiation (200, ``Vary: Accept``,
  ``Content-Location`` naming the suffixed variant); ``/ontology.ttl`` etc. pick a format.
- An IRI an earlier version minted (the release's ``redirects.json``, from
  ``westdev_kg/iri_changes.csv``) is answered **301 Moved Permanently** to the IRI that replaces
  it, a suffixed description to the same description of the new IRI.
- An IRI that is not in the graph is 404, whatever its suffix.
"""

from __future__ import annotations

from urllib.parse import unquote

import anyio.to_thread
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..iri_changes import REDIRECTS_JSON, read_redirects, span_redirect
from ..vocab import DEFAULT_BASE
from . import describe as d
from . import negotiation as neg
from . import pages
from .handlers import accept, cached, etag, fail, linker, public, served

SUFFIX_OF = {media: suffix for suffix, media in neg.SUFFIXES.items()}
DOCUMENT_FORMATS = (neg.TURTLE, neg.JSONLD, neg.NTRIPLES, neg.HTML)


def _candidates(request: Request) -> list[str]:
    """The request's path as a relative IRI: raw first (IRIs keep their %-escapes), then decoded."""
    raw = request.scope.get("raw_path", b"").decode("latin-1").split("?", 1)[0]
    root = request.scope.get("root_path", "")
    if root and raw.startswith(root):
        raw = raw[len(root):]
    decoded = request.url.path
    return list(dict.fromkeys(p.lstrip("/") for p in (raw, unquote(raw, errors="strict"), decoded) if p))


def _moved(request: Request, rest: str) -> Response | None:
    """The 301 for an IRI (or a description of one) that an earlier version minted, if it is one:
    listed in the release's redirects, or a span's slash IRI of old (to its fragment of the text)."""
    current = served(request)
    moved = current.memo.get(REDIRECTS_JSON)
    if moved is None:
        moved = current.memo[REDIRECTS_JSON] = read_redirects(current.snapshot.files / REDIRECTS_JSON)
    for suffix in ("", *neg.SUFFIXES):
        if not (rest.endswith(suffix) and len(rest) > len(suffix)):
            continue
        thing = rest[: len(rest) - len(suffix)]
        new = moved.get(DEFAULT_BASE + thing)
        if new is not None and new.startswith(DEFAULT_BASE):
            location = f"{public(request)}/{new[len(DEFAULT_BASE):]}{suffix}"
        elif (span := span_redirect(thing[3:]) if thing.startswith("id/") else None) and d.exists(
            current.store, f"{DEFAULT_BASE}id/{span[0]}#{span[1]}"
        ):
            location = f"{public(request)}/id/{span[0]}{suffix}#{span[1]}"
        else:
            continue
        return RedirectResponse(location, status_code=301, headers={"Cache-Control": "max-age=86400"})
    return None


async def resource(request: Request) -> Response:
    current = served(request)
    store = current.store
    for rest in _candidates(request):
        found = _moved(request, rest)
        if found is not None:
            return found
        iri = DEFAULT_BASE + rest
        if await anyio.to_thread.run_sync(d.exists, store, iri):
            media = neg.choose(accept(request), DOCUMENT_FORMATS)
            if media is None:
                return fail(request, 406, "descriptions are available as Turtle, JSON-LD, N-Triples or HTML")
            location = f"{public(request)}/{rest}{SUFFIX_OF[media]}"
            return RedirectResponse(location, status_code=303, headers={"Vary": "Accept", "Cache-Control": "no-cache"})
        for suffix, media in neg.SUFFIXES.items():
            if rest.endswith(suffix) and len(rest) > len(suffix):
                thing = DEFAULT_BASE + rest[: -len(suffix)]
                if await anyio.to_thread.run_sync(d.exists, store, thing):
                    return await _description(request, thing, media, suffix)
    return fail(request, 404, f"{DEFAULT_BASE}{_candidates(request)[0] if _candidates(request) else ''} is not in the graph of this release")


async def _description(request: Request, iri: str, media: str, suffix: str) -> Response:
    current = served(request)
    link = linker(request)
    headers = {"Link": f'<{link.href(iri)}>; rel="about"'}
    tag, fresh = etag(request, suffix)
    if fresh:
        return Response(status_code=304, headers={"ETag": tag, "Cache-Control": "no-cache", **headers})

    def work() -> tuple[bytes | str, bool]:
        description = d.describe(current.store, iri)
        if media == neg.HTML:
            return pages.resource_page(current.store, description, link, current.release), description.truncated
        return d.serialize(description.triples, media), description.truncated

    body, truncated = await anyio.to_thread.run_sync(work)
    if truncated:
        headers["X-Result-Truncated"] = f"true; triples={d.MAX_TRIPLES}"
    return cached(request, suffix, body, media, headers)


def _ext(request: Request) -> str | None:
    ext = request.path_params.get("ext")
    return None if ext is None else "." + ext


async def _document(request: Request, name: str, file: str, prefix: str, title: str) -> Response:
    """``/ontology`` or ``/shapes``: the release's file, converted, or a page of its terms."""
    current = served(request)
    ext = _ext(request)
    if ext is None:
        media = neg.choose(accept(request), DOCUMENT_FORMATS)
        if media is None:
            return fail(request, 406, f"/{name} is available as Turtle, JSON-LD, N-Triples or HTML")
        headers = {"Vary": "Accept", "Content-Location": f"{public(request)}/{name}{SUFFIX_OF[media]}"}
    elif ext in neg.SUFFIXES:
        media, headers = neg.SUFFIXES[ext], {}
    else:
        return fail(request, 404, f"no such document: /{name}{ext}")
    suffix = SUFFIX_OF[media]
    if etag(request, f"{name}{suffix}")[1]:
        return cached(request, f"{name}{suffix}", b"", media, headers)
    path = current.snapshot.files / file
    if not path.is_file():
        return fail(request, 404, f"this release has no {file}")
    memo_key = (name, media, public(request))
    body = current.memo.get(memo_key)
    if body is None:
        link = linker(request)

        def work() -> bytes | str:
            if media == neg.TURTLE:
                return path.read_bytes()
            if media == neg.HTML:
                iris = d.subjects_under(current.store, prefix)
                downloads = [(label, f"{link.public}/{name}{s}") for label, s in (("Turtle", ".ttl"), ("JSON-LD", ".jsonld"), ("N-Triples", ".nt"))]
                return pages.listing_page(current.store, title, iris, link, current.release, downloads)
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
            return d.serialize(triples, media)

        body = await anyio.to_thread.run_sync(work)
        current.memo[memo_key] = body
    return cached(request, f"{name}{suffix}", body, media, headers)


async def ontology(request: Request) -> Response:
    return await _document(request, "ontology", "westdev-ontology.ttl", f"{DEFAULT_BASE}ontology", "The westdev ontology")


async def shapes(request: Request) -> Response:
    return await _document(request, "shapes", "westdev-shapes.ttl", f"{DEFAULT_BASE}shapes", "The westdev SHACL shapes")


async def void(request: Request) -> Response:
    """``/.well-known/void``: the release's own ``void.ttl``, else a minimal one generated from it."""
    current = served(request)
    media = neg.choose(accept(request), (neg.TURTLE, neg.NTRIPLES, neg.JSONLD, neg.HTML))
    if media is None:
        return fail(request, 406, "the VoID description is available as Turtle, N-Triples, JSON-LD or HTML")
    memo_key = ("void", public(request))
    triples = current.memo.get(memo_key)
    if triples is None:
        own = current.snapshot.files / "void.ttl"
        if own.is_file():  # its distributions are relative to itself: here, under /files/
            triples = [ox.Triple(q.subject, q.predicate, q.object)
                       for q in ox.parse(path=str(own), format=ox.RdfFormat.TURTLE, base_iri=f"{public(request)}/files/void.ttl")]
            triples += d.endpoint_if_missing(triples, public(request))
        else:
            triples = await anyio.to_thread.run_sync(d.void_triples, current.store, current.snapshot.manifest, public(request))
        current.memo[memo_key] = triples
    if media == neg.HTML:
        text = d.serialize(triples, neg.TURTLE).decode("utf-8")
        body = pages.render("text.html", title="Dataset description (VoID)", text=text, link=linker(request), release=current.release)
        return cached(request, "void.html", body, media, {"Vary": "Accept"})
    return cached(request, f"void{SUFFIX_OF[media]}", d.serialize(triples, media), media, {"Vary": "Accept"})

