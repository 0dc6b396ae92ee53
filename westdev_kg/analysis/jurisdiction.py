"""The region whose government issues a document (issue 12, points 3 and 4: ?region).

A provincial government's work report names its province where it says where it was
delivered (2020年5月9日在四川省第十三届人民代表大会第三次会议上) or in its title
(2019年四川省人民政府工作报告); the metadata may name it too (``region``). The jurisdiction is
the provincial-level region among the document's linked entities whose Chinese label (or a
label) stands there first. The State Council's report (在第十四届全国人民代表大会…) and any
national text have none.
"""

from __future__ import annotations

import re

from ..model import Document, Entity
from ..reference import PROVINCIAL_KINDS

_SESSION = re.compile(r"^.*人民代表大会.*会议上.*$", re.M)


def jurisdiction(document: Document, entities: tuple[Entity, ...]) -> str | None:
    """The key of the provincial-level region whose government issues ``document``, or None."""
    meta = document.source.metadata
    session = _SESSION.search(document.source.text[:800])
    titles = [t for t in (meta.title, meta.title_zh, document.title) if t and "政府工作报告" in t]
    places = [meta.region, session[0] if session else None, *titles]
    provinces = [e for e in entities if e.category == "region" and e.kind in PROVINCIAL_KINDS]
    for place in places:
        if not place or "全国人民代表大会" in place:
            continue
        found: list[tuple[int, str]] = []
        for entity in provinces:
            for label in (entity.label_zh, entity.label_en, *entity.alt_labels):
                if label and len(label) >= 2 and (at := place.find(label)) >= 0:
                    found.append((at, entity.key))
        if found:
            return min(found)[1]
    return None
