"""One pipeline, whole releases: a file and a folder go through the same code and the
publisher switches a release in whole (westdev_kg.pipeline, westdev_kg.stages.publish)."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
from pathlib import Path, PurePath

import pytest

from westdev_kg import executors, pipeline
from westdev_kg.errors import BatchFailed, UsageError
from westdev_kg.query import load_release, run_select
from westdev_kg.stages import publish

from .conftest import HOSTILE, RELEASE_DATE, run_cli

GENRE = Path(__file__).parent / "fixtures" / "genre" / "central-region-opinions.txt"
TEXTS = (HOSTILE / "plain.txt", HOSTILE / "numbering.txt", GENRE)


def options(out: Path, **kw) -> pipeline.Options:
    return pipeline.Options(output=out, reports=out.parent / "reports", release_date=RELEASE_DATE, reasoner="skip", **kw)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def folder_of(tmp_path: Path, *texts: Path, name: str = "in") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for text in texts:
        shutil.copyfile(text, folder / text.name)
    return folder


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


# -- one pipeline -------------------------------------------------------------------


def test_a_folder_of_one_text_gives_the_bytes_of_the_text_built_as_a_file(tmp_path):
    text = HOSTILE / "plain.txt"
    pipeline.build(text, options(tmp_path / "file"))
    pipeline.build(folder_of(tmp_path, text), options(tmp_path / "folder"))
    single, folder = files(tmp_path / "file"), files(tmp_path / "folder")
    for name in (pipeline.DATA_TTL, pipeline.DATA_JSONLD, pipeline.CONTEXT_JSONLD, pipeline.ONTOLOGY_TTL, pipeline.SHAPES_TTL):
        assert single[name] == folder[name], name
    assert sorted(n for n in folder if n.startswith("documents/")) == ["documents/plain.framed.jsonld", "documents/plain.jsonld", "documents/plain.ttl"]
    assert [n for n in single if n.startswith("documents/")] == ["documents/plain.framed.jsonld"]  # the framed form only
    assert single["documents/plain.framed.jsonld"] == folder["documents/plain.framed.jsonld"]


def test_a_process_pool_gives_the_same_release_as_one_process(tmp_path):
    corpus = folder_of(tmp_path, *TEXTS)
    one = pipeline.build(corpus, options(tmp_path / "one"))
    pool = pipeline.build(corpus, options(tmp_path / "pool"), executor=executors.ProcessPool(2))
    assert [r.name for r in one.results] == [r.name for r in pool.results] == sorted(t.name for t in TEXTS)
    assert files(tmp_path / "one") == files(tmp_path / "pool")


def test_jobs_and_results_travel_between_processes(tmp_path):
    job = pipeline.jobs_for(folder_of(tmp_path, HOSTILE / "plain.txt"), options(tmp_path / "out"))[0]
    assert pickle.loads(pickle.dumps(job)) == job
    result = pipeline.build_document(job)
    again = pickle.loads(pickle.dumps(result))
    assert again.rendered == result.rendered and again.counts == result.counts and again.error is None
    failed = pipeline.build_document(pipeline.Job(HOSTILE / "binary.txt", PurePath("binary.txt"), job.options))
    assert pickle.loads(pickle.dumps(failed)).error.message == failed.error.message and "binary" in failed.error.message


def test_a_process_pool_holds_a_bounded_number_of_documents_in_flight():
    pulled = []

    def jobs():
        for i in range(20):
            pulled.append(i)
            yield -i

    results = executors.ProcessPool(2, in_flight=3).map(abs, jobs())
    assert next(results) == 0 and len(pulled) <= 4, "the pool ran ahead of the consumer"
    assert list(results) == list(range(1, 20)), "results in the order of the jobs"


def test_the_number_of_workers_is_never_more_than_the_documents():
    assert isinstance(executors.for_jobs(4, 1), executors.InProcess)
    assert executors.for_jobs(8, 3).workers == 3
    assert isinstance(executors.for_jobs(1, 100), executors.InProcess)


def test_folders_are_read_recursively_with_slugs_from_each_file(tmp_path):
    corpus = tmp_path / "in"
    (corpus / "a").mkdir(parents=True)
    (corpus / ".hidden").mkdir()
    shutil.copyfile(HOSTILE / "plain.txt", corpus / "a" / "plain.txt")
    shutil.copyfile(HOSTILE / "numbering.txt", corpus / "numbering.txt")
    shutil.copyfile(HOSTILE / "numbering.txt", corpus / ".hidden" / "other.txt")
    jobs = pipeline.jobs_for(corpus, options(tmp_path / "out"))
    assert [j.relative.as_posix() for j in jobs] == ["a/plain.txt", "numbering.txt"]


# -- whole releases -------------------------------------------------------------------


def test_removing_a_text_from_a_folder_removes_its_files_from_the_release(tmp_path):
    corpus = folder_of(tmp_path, HOSTILE / "plain.txt", HOSTILE / "numbering.txt")
    out = tmp_path / "out"
    pipeline.build(corpus, options(out))
    assert {"documents/plain.ttl", "documents/numbering.ttl"} <= set(files(out))
    (corpus / "numbering.txt").unlink()
    pipeline.build(corpus, options(out))
    alone = tmp_path / "alone"
    pipeline.build(corpus, options(alone))
    assert files(out) == files(alone), "the release holds exactly what the last build produced"
    assert "documents/numbering.ttl" not in files(out)
    manifest = json.loads((out / pipeline.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["documents"] == {"plain": "plain.txt"}
    assert sorted(manifest["files"]) == sorted(n for n in files(out) if n != pipeline.MANIFEST)
    assert leftovers(tmp_path) == []


def test_a_failed_folder_build_leaves_the_previous_release_whole(tmp_path):
    corpus = folder_of(tmp_path, HOSTILE / "plain.txt")
    out = tmp_path / "out"
    pipeline.build(corpus, options(out))
    before = files(out)
    shutil.copyfile(HOSTILE / "numbering.txt", corpus / "numbering.txt")
    shutil.copyfile(HOSTILE / "binary.txt", corpus / "binary.txt")
    with pytest.raises(BatchFailed) as failed:
        pipeline.build(corpus, options(out))
    assert list(failed.value.failures) == ["binary.txt"]
    assert files(out) == before
    assert leftovers(tmp_path) == []


@pytest.mark.cli
def test_a_folder_that_is_not_a_release_is_never_replaced(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes\n", encoding="utf-8")
    result = run_cli("build", str(HOSTILE / "plain.txt"), "-o", str(mine), "--reasoner", "skip", "-q")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a westdev-kg release" in lines[0] and str(mine) in lines[0]
    assert files(mine) == {"notes.txt": b"my notes\n"} and leftovers(tmp_path) == []


def test_an_empty_folder_takes_a_release_and_stays_a_real_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    pipeline.build(HOSTILE / "plain.txt", options(out))
    pipeline.build(HOSTILE / "numbering.txt", options(out))
    assert out.is_dir() and not out.is_symlink()
    assert publish.is_release(out) and json.loads((out / pipeline.MANIFEST).read_bytes())["documents"] == {"numbering": "numbering.txt"}


def test_without_an_atomic_exchange_two_renames_switch_the_release(tmp_path, monkeypatch):
    out = tmp_path / "out"
    pipeline.build(HOSTILE / "plain.txt", options(out))
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    pipeline.build(HOSTILE / "numbering.txt", options(out))
    expected = tmp_path / "expected"
    pipeline.build(HOSTILE / "numbering.txt", options(expected))
    assert files(out) == files(expected) and leftovers(tmp_path) == []


def test_a_switch_interrupted_between_the_two_renames_is_recovered(tmp_path):
    out = tmp_path / "out"
    pipeline.build(HOSTILE / "plain.txt", options(out))
    old = files(out)
    os.rename(out, tmp_path / ".out.previous")  # killed after the first rename
    with publish.Release(out):
        assert files(out) == old, "the old release is back before anything else happens"
    assert files(out) == old and leftovers(tmp_path) == []
    shutil.copytree(out, tmp_path / ".out.previous")  # killed after the second rename
    pipeline.build(HOSTILE / "numbering.txt", options(out))
    assert leftovers(tmp_path) == []


def test_the_folder_of_a_build_killed_earlier_is_cleaned(tmp_path):
    out = tmp_path / "out"
    dead = tmp_path / ".out.building-999999999"  # no process has this id
    dead.mkdir()
    (dead / "westdev.ttl").write_bytes(b"half")
    pipeline.build(HOSTILE / "plain.txt", options(out))
    assert leftovers(tmp_path) == []


def test_an_interrupted_build_leaves_no_new_folder_and_the_old_release(tmp_path, monkeypatch):
    out = tmp_path / "out"
    pipeline.build(HOSTILE / "plain.txt", options(out))
    before = files(out)

    def interrupted(self, **about):
        raise KeyboardInterrupt

    monkeypatch.setattr(publish.Release, "commit", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build(HOSTILE / "numbering.txt", options(out))
    assert files(out) == before and leftovers(tmp_path) == []


def test_a_file_where_the_release_folder_should_be_is_refused(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="not a folder"):
        pipeline.build(HOSTILE / "plain.txt", options(blocker))
    assert blocker.read_text(encoding="utf-8") == "x"


# -- versions that identify the release (issue 13 point 4) ------------------------------------------


def _versions(folder: Path) -> tuple[str, set[str]]:
    """The manifest's release version and the documents' graph versions (owl:versionInfo)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    store = load_release(folder)
    _, rows = run_select(store, "SELECT ?v WHERE { ?g a <https://w3id.org/westdev/ontology#KnowledgeGraph> ; "
                                "<http://www.w3.org/2002/07/owl#versionInfo> ?v }")
    return manifest["release_version"], {row["v"].value for row in rows}


def test_the_version_is_a_hash_of_the_inputs_the_same_for_the_same_and_new_for_any_change(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("The State Council shall support Sichuan.\n", encoding="utf-8")
    (texts / "b.txt").write_text("Chongqing shall build roads.\n", encoding="utf-8")

    def built(name: str, **options) -> tuple[str, set[str]]:
        out = tmp_path / name
        pipeline.build(texts, pipeline.Options(output=out, reports=tmp_path / "reports", reasoner="skip", **options))
        return _versions(out)

    first, again = built("first"), built("again")
    assert first == again  # no clock, no folder, no git state
    release, documents = first
    assert re.fullmatch(r"[0-9a-f]{16}", release) and len(documents) == 2 and release not in documents
    (texts / "b.txt").write_text("Chongqing shall build railways.\n", encoding="utf-8")
    changed, changed_documents = built("changed")
    assert changed != release and len(changed_documents & documents) == 1  # a's graph is the same, b's is not
    shapes = tmp_path / "extra.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n", encoding="utf-8")
    assert built("shapes", extra_shapes=(shapes,))[0] not in (release, changed)  # the shapes are inputs too
    assert built("pinned", release_version="2.0.0") == ("2.0.0", {"2.0.0"})
