"""Pipeline stages: read, segment, extract, link, analyse, graph, validate, publish."""
