"""Serving a release: SPARQL endpoint, dereferenceable IRIs, search (``westdev-kg serve``).

The modules, from the bottom up:

- :mod:`.guard` — what a query may not do (``SERVICE``, updates), read from its text;
- :mod:`.worker` — queries in worker processes that can be killed (time limit, memory cap),
  shared with ``westdev-kg query``;
- :mod:`.store` — the cache of a release: a snapshot of its files, the on-disk store and the
  search index, keyed by the release version;
- :mod:`.search` — the n-gram search index (SQLite FTS5, trigram tokenizer);
- :mod:`.describe` — the description of a resource, in RDF and for the HTML pages;
- :mod:`.negotiation` — media types and ``Accept``;
- :mod:`.app` — the Starlette application; :mod:`.pages` renders its HTML.

Only :mod:`.app` and :mod:`.pages` import Starlette, so ``westdev-kg query`` does not.
"""
