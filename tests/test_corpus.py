"""The bundled text is the one the README describes, byte for byte."""

import hashlib
import re

from westdev_kg import resources
from westdev_kg.stages.read import read


def test_bundled_text_digest_matches_its_readme():
    path = resources.bundled_text_path()
    readme = (path.parent / "README.md").read_text(encoding="utf-8")
    documented = re.search(r"sha256 `([0-9a-f]{64})`", readme).group(1)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == documented


def test_bundled_metadata_is_read_from_its_sidecar():
    source = read(resources.bundled_text_path())
    meta = source.metadata
    assert meta.slug == "western-development-2020"
    assert meta.date_issued == "2020-05-17"
    assert meta.issuers == ("CPC Central Committee", "State Council")
    assert meta.language == "en" and meta.original_language == "zh"
    assert meta.title.startswith("Guiding Opinions")
    assert source.encoding == "utf-8" and source.warnings == ()
