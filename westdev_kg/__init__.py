"""westdev-kg: policy text -> knowledge graph.

The pipeline is in :mod:`westdev_kg.pipeline`; read it from the top.
"""

__version__ = "0.1.0"
