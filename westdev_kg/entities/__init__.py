"""Helpers of the extract and link stages (:mod:`westdev_kg.stages.extract`, :mod:`~westdev_kg.stages.link`).

tokens -> gazetteer (reference labels) + patterns (names no list holds) + directions
(macro-regions) + compounds (hyphen pairings, distributive plurals) + actors (generic
actors where they act) -> candidates, resolved by the extract stage.
"""
