"""The framed JSON-LD of one document: ``documents/<slug>.framed.jsonld``.

The flat JSON-LD (``westdev.jsonld``, ``documents/<slug>.jsonld``) lists every node on its
own; a web developer who wants "the document" would have to join them.  The framed form
nests them, as a JSON-LD 1.1 frame with ``@embed: @once`` would:

    document ─has_part→ parts, preamble, closing ─has_part→ measures
    section ─actionsAndGoals→ its actions and goals ─responsibilities→ who does them
    any of these ─hasEvidence→ its text span (offsets and quote)

``actionsAndGoals`` and ``responsibilities`` are reverse terms (``@reverse`` of
``wdo:inSection`` and ``wdo:responsibilityFor``): a nested action does not repeat the
section it is in.  Each node is embedded once, where the walk first meets it (children in
the order of the text: by the begin offset of their evidence); every node not embedded
(sentences, mentions, the source text, the places, bodies and projects the document shares
with others) follows the document in ``@graph``, flat, in the order of the flat file.  So
the file holds exactly the triples of ``documents/<slug>.ttl`` (tests/test_framed.py).

It is written from the node objects the flat writer has already compacted: no JSON-LD
processor runs at build time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence

#: keys whose values (own nodes) are embedded in place of their IRI
EMBEDDED = ("has_part", "hasEvidence")
#: reverse term -> (the term of the forward property, the types of the nodes nested under it)
REVERSE = {
    "actionsAndGoals": ("inSection", ("Action", "Goal")),
    "responsibilities": ("responsibilityFor", ("Responsibility",)),
}
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _dump(node: dict) -> str:
    return "  " + _ENCODER.encode(node)  # as serialize.dump_node


def _types(node: dict) -> tuple:
    types = node.get("@type", ())
    return (types,) if isinstance(types, str) else tuple(types)


def _values(value) -> list:
    return value if isinstance(value, list) else [value]


class _Framer:
    def __init__(self, own: list[dict], shared: list[dict], context: dict) -> None:
        self.own = {node["@id"]: node for node in own}
        self.order = {node_id: i for i, node_id in enumerate(self.own)}
        self.children: dict[str, dict[str, list[str]]] = {term: defaultdict(list) for term in REVERSE}
        for node in own:
            for term, (forward, types) in REVERSE.items():
                if forward in node and set(types) & set(_types(node)):
                    for parent in _values(node[forward]):
                        if isinstance(parent, str):
                            self.children[term][parent].append(node["@id"])
        self.embedded: set[str] = set()
        self.shared = shared
        self.context = context
        self.used: dict[str, dict] = {}

    def position(self, node_id: str) -> tuple:
        """Text order: the begin offset of the node's evidence, then the flat file's order."""
        node = self.own.get(node_id, {})
        span = node.get("hasEvidence")
        begin = self.own.get(span, {}).get("beginIndex") if isinstance(span, str) else None
        return (begin if isinstance(begin, int) else -1, self.order.get(node_id, -1))

    def take(self, node_id) -> bool:
        if not isinstance(node_id, str) or node_id not in self.own or node_id in self.embedded:
            return False
        self.embedded.add(node_id)
        return True

    def nest(self, node_id: str, drop: tuple[str, str] | None = None) -> dict:
        node = dict(self.own[node_id])
        if drop is not None:  # the link to the parent, which the nesting states
            key, parent = drop
            rest = [v for v in _values(node[key]) if v != parent]
            node.pop(key) if not rest else node.__setitem__(key, rest[0] if len(rest) == 1 else rest)
        taken: dict[str, list] = {}
        for key in EMBEDDED:
            if key in node:
                values = sorted(_values(node[key]), key=lambda v: self.position(v) if isinstance(v, str) else (-1, -1))
                taken[key] = [(v, self.take(v)) for v in values]
        for key, values in taken.items():
            out = [self.nest(v) if took else v for v, took in values]
            node[key] = out[0] if len(out) == 1 else out
        for term, (forward, _) in REVERSE.items():
            kids = [kid for kid in sorted(self.children[term].get(node_id, ()), key=self.position) if self.take(kid)]
            if kids:
                self.used[term] = {"@reverse": self.context[forward]["@id"], "@type": "@id"}
                node[term] = [self.nest(kid, (forward, node_id)) for kid in kids]
        return node


def framed_document(document_id: str, own: list[dict], shared: list[dict], context: dict, own_texts: Sequence[str] = ()) -> bytes:
    """The framed JSON-LD of a document from the compacted node objects of its own and shared
    nodes (as :class:`~.serialize.JsonLdWriter` makes them; they are not changed) and their context.
    ``own_texts``: the own nodes already dumped (:func:`~.serialize.dump_node`), reused for those
    left flat."""
    framer = _Framer(own, shared, context)
    framer.take(document_id)
    tree = framer.nest(document_id)
    texts = own_texts or [_dump(node) for node in own]
    flat = [text for node, text in zip(own, texts) if node["@id"] not in framer.embedded]
    full_context = dict(sorted({**context, **framer.used}.items()))
    ctx = json.dumps(full_context, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n ")
    graph = ",\n".join((_dump(tree), *flat, *map(_dump, shared)))
    return f'{{\n "@context": {ctx},\n "@graph": [\n{graph}\n ]\n}}\n'.encode("utf-8")
