"""Helpers of the segment stage (:mod:`westdev_kg.stages.segment`), in the order it uses them.

layout (lines, layout, title) -> levels (which markers number parts and measures) ->
walk (lines into units of paragraphs; the closing) -> structure (the section tree, keys) ;
sentences (sentence splitting) and text (character tests) serve them all.
"""
