"""Helpers of the segment stage (:mod:`westdev_kg.stages.segment`), in the order it uses them.

layout (lines, layout, title) -> levels (which markers number parts, measures and the deeper
levels) -> walk (lines into units of paragraphs; the closing) -> outline (deeper units nested in
them) -> structure (the section tree: kinds, levels, keys) ;
sentences (sentence splitting) and text (character tests) serve them all.
"""
