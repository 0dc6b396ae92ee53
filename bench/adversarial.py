"""Hostile inputs: is any stage super-linear in the size of its input? (issue 15, point 3)

Each *kind* of adversarial text is composed at 1×, 2×, 4× and 8× a base size (25 KB), each
size is built in this process (stages 1-9 timed one by one, not the command: its start-up is
about 0.9 s) three times, and the median of each stage is kept.  The figure that matters is
the **ratio per doubling**, t(2s) / t(s): 2 is linear, 4 is quadratic.  The target is at most
2.5 for the whole build and for each stage that takes at least 20 ms (shorter stages are below
the noise).  Both wall time and CPU time (``time.process_time``: this process only) are
recorded; the ratios are of CPU time, which the other users of this shared machine disturb
far less than wall time (``--wall`` judges wall time instead).  Python's cyclic garbage
collector is paused while a document is built (and run between builds): its pauses, linear
in total, land in whichever stage runs when a generation fills, which is noise here.

    .venv/bin/python bench/adversarial.py                   # every kind, 1 2 4 8, 3 repeats
    .venv/bin/python bench/adversarial.py --kinds capitalised,hyphens --scales 1,2 --repeats 1
    .venv/bin/python bench/adversarial.py --json /tmp/adversarial.json
    .venv/bin/python bench/adversarial.py --write DIR       # just the texts, to try with the command

The reasoner (a JVM, HermiT's own complexity) is left out unless ``--reasoner`` is given.
``tests/test_faults_linear.py`` guards the same kinds by counting the work the stages do
(tokens, segments, characters examined), never by wall time.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

BASE_BYTES = 25_000
SCALES = (1, 2, 4, 8)
LIMIT = 2.5  # the largest acceptable ratio per doubling
NOISE = 0.020  # s: a stage faster than this at the larger size is not judged

TITLE = "Opinions on Testing the Pipeline with Hostile Input\n\n"
WORDS = (
    "Alba Bexar Corda Delmo Efrat Fiora Galen Hollis Ivar Jorund Kestrel Lumen Marda Norvel Osric "
    "Pellam Quill Rask Sorrel Tamsin Ulric Vesper Wynn Xander Yorick Zephyr"
).split()


def _fill(unit: Callable[[int], str], size: int, sep: str = "") -> str:
    """Units ``unit(0), unit(1), …`` joined by ``sep`` until the text holds ``size`` bytes."""
    parts: list[str] = []
    total, k = 0, 0
    while total < size:
        piece = unit(k)
        parts.append(piece)
        total += len(piece.encode("utf-8")) + len(sep)
        k += 1
    return sep.join(parts)


def _word(k: int) -> str:
    """A distinct capitalised word for each k (no cache can hide the work)."""
    return WORDS[k % len(WORDS)] + ("" if k < len(WORDS) else str(k // len(WORDS)))


def capitalised(size: int) -> str:
    """A run of capitalised words with a body head every five words and no full stop until the end."""
    return TITLE + _fill(lambda k: "Western Development Region Provincial Committee", size, " ") + ".\n"


def long_names(size: int) -> str:
    """One name the size of the input: a prefix head, then distinct capitalised words and connectors."""
    return TITLE + "Support the Ministry of " + _fill(lambda k: f"{_word(k)} and {_word(k + 1)} of", size, " ") + " Affairs Railway.\n"


def markers(size: int) -> str:
    """Numbering markers: part headings and measures, thousands of them, some repeated or skipped."""

    def unit(k: int) -> str:
        head = f"  {k // 20 + 1}. Part heading number {k // 20 + 1}\n\n" if k % 20 == 0 else ""
        return head + f"  ({k % 20 + 1 + (k % 7 == 3)}) Promote development of Sichuan (1) (2) (3) (4) (5). Do more 1. 2. 3.\n\n"

    return TITLE + _fill(unit, size)


def commas(size: int) -> str:
    """One sentence that is a comma list: places, capitalised words and generic words alternate."""
    items = ("Sichuan", "Press", "Yunnan", "Publication", "Guizhou", "Radio", "western regions", "Film")
    return TITLE + "Support " + _fill(lambda k: items[k % len(items)], size, ", ") + " and Television.\n"


def hyphens(size: int) -> str:
    """One chain of places and capitalised words joined by hyphens, ending with a head word."""
    items = ("Lhasa", "Nyingchi", "Chengdu", "Chongqing", "Xi'an", "Lanzhou", "Kunming")
    return TITLE + "Build the " + _fill(lambda k: items[k % len(items)] if k % 3 else _word(k), size, "-") + " Railway.\n"


def no_full_stops(size: int) -> str:
    """Prose without a single full stop: one sentence the size of the input."""
    clause = (
        "the western region shall strengthen cooperation with Sichuan and Yunnan and promote the "
        "development of the Chengdu-Chongqing Economic Circle by 2025, and the State Council shall "
        "support the Ministry of Finance in reducing poverty below 3 percent"
    )
    return TITLE + "We will " + _fill(lambda k: clause, size, ", and ") + "\n"


def verb_chains(size: int) -> str:
    """A control verb, its addressee, then a chain of bare verbs in one sentence: "Support X to
    build A, build B, …" (each bare verb stays in the control verb's clause)."""
    return TITLE + "Support Chongqing, Sichuan and Shaanxi to build roads, " + _fill(lambda k: f"build {_word(k)} Park", size, ", ") + " and develop trade.\n"


KINDS: dict[str, Callable[[int], str]] = {
    "capitalised": capitalised,
    "long-names": long_names,
    "markers": markers,
    "commas": commas,
    "hyphens": hyphens,
    "no-full-stops": no_full_stops,
    "verb-chains": verb_chains,
}


def write(folder: Path, kinds=KINDS, scales=SCALES, base: int = BASE_BYTES) -> dict[tuple[str, int], Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for kind in kinds:
        for scale in scales:
            path = folder / f"{kind}-{scale}x.txt"
            path.write_text(KINDS[kind](base * scale), encoding="utf-8")
            out[kind, scale] = path
    return out


def time_stages(path: Path, reasoner: bool, wall: bool = False) -> dict[str, float]:
    """Stages 1-9 of one document in this process, seconds per stage (the stage that fails ends it)."""
    from westdev_kg import pipeline
    from westdev_kg.errors import WestdevError
    from westdev_kg.stages import graph, reason, serialize, validate
    from westdev_kg.vocab import Minter

    options = pipeline.Options(reasoner="required" if reasoner else "skip", max_bytes=64 << 20)
    timer = pipeline.Timer() if wall else CpuTimer()
    try:
        extraction = pipeline.extract_all(path, options, timer)
        release = options.release()
        with timer("build"):
            triples = graph.build_triples(extraction, release)
        with timer("validate"):
            report = validate.validate(triples, pipeline.shapes_graph())
        if reasoner:
            with timer("reason"):
                reason.check(triples, pipeline.ontology_graph(), "required")
        with timer("serialize"):
            slug = extraction.document.source.metadata.slug  # the document's own IRI: its nodes rendered, as a build does
            serialize.render_document(triples, Minter(release.base, slug).document[1], pipeline.terms(), release.base, None)
        timer.seconds["conforms"] = float(report.conforms)
    except WestdevError as exc:
        timer.seconds["error"] = 1.0
        print(f"  {path.name}: {exc}", file=sys.stderr)
    return timer.seconds


def forget_text_caches() -> None:
    """Empty westdev_kg's bounded caches of text (``functools.lru_cache`` with a maxsize above 16:
    the head parses of segments, the singulars of words), keeping the lexicons loaded once.

    Kept from run to run, they made the repeats and the larger sizes (whose texts begin with the
    smaller ones') find most segments parsed already, until a text held more distinct segments
    than a cache holds (8 192), where the hits stopped: a step of up to 2.8 per doubling in the
    analyse stage that no single build shows (a build finds few heads parsed already: 49 of
    776 for the bundled text).
    """
    for name, module in list(sys.modules.items()):
        if not name.startswith("westdev_kg"):
            continue
        for value in list(vars(module).values()):
            parameters = getattr(value, "cache_parameters", None)
            if callable(parameters) and (parameters().get("maxsize") or 0) > 16:
                value.cache_clear()


def _cpu_timer_class():
    from westdev_kg import pipeline

    class CpuTimer(pipeline.Timer):
        """CPU time of this process (and of its reaped children: the JVM) per stage."""

        @contextmanager
        def __call__(self, stage: str) -> Iterator[None]:
            start = _cpu()
            try:
                yield
            finally:
                self.seconds[stage] = self.seconds.get(stage, 0.0) + _cpu() - start

    return CpuTimer


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def CpuTimer():  # noqa: N802 (a class made on first use: importing this module imports no westdev_kg)
    return _cpu_timer_class()()


def run(kinds, scales, repeats: int, base: int, reasoner: bool, wall: bool = False) -> dict:
    from westdev_kg import pipeline

    pipeline.warm(pipeline.Options())
    results: dict = {"base_bytes": base, "scales": list(scales), "repeats": repeats, "limit": LIMIT,
                     "clock": "wall" if wall else "cpu", "kinds": {}}
    with tempfile.TemporaryDirectory(prefix="westdev-adversarial-") as tmp:
        paths = write(Path(tmp), kinds, scales, base)
        for kind in kinds:
            rows = {}
            for scale in scales:
                runs = []
                for _ in range(repeats):
                    forget_text_caches()  # each run as cold as a build's first document
                    gc.collect()  # no garbage of the previous run collected in this one,
                    gc.disable()  # and no collection lands in whichever stage runs when a generation fills
                    try:
                        runs.append(time_stages(paths[kind, scale], reasoner, wall))
                    finally:
                        gc.enable()
                stages = [s for s in runs[0] if s not in ("conforms", "error")]
                median = {s: statistics.median(r.get(s, 0.0) for r in runs) for s in stages}
                median["total"] = sum(median.values())
                rows[scale] = {"bytes": paths[kind, scale].stat().st_size, "seconds": median, "failed": "error" in runs[0]}
                print(f"[adversarial {time.strftime('%H:%M:%S')}] {kind} {scale}x: {median['total']:.3f} s", file=sys.stderr, flush=True)
            results["kinds"][kind] = {"sizes": rows, "ratios": ratios(rows, scales)}
    results["load"] = [round(x, 2) for x in os.getloadavg()]
    results["worst"] = max((r for k in results["kinds"].values() for r in k["ratios"].values()), default=0.0)
    results["ok"] = results["worst"] <= LIMIT
    return results


def ratios(rows: dict, scales) -> dict[str, float]:
    """The largest ratio per doubling of each stage (and of the total) over the scales."""
    out: dict[str, float] = {}
    for small, large in zip(scales, scales[1:]):
        steps = math.log2(large / small)  # doublings between the two sizes
        for stage, t_large in rows[large]["seconds"].items():
            t_small = rows[small]["seconds"].get(stage, 0.0)
            if t_large < NOISE or t_small < NOISE / 2:
                continue  # below the noise of a shared machine
            per_doubling = (t_large / t_small) ** (1 / steps)
            out[stage] = round(max(out.get(stage, 0.0), per_doubling), 2)
    return out


def table(results: dict) -> str:
    scales = results["scales"]
    head = "| kind | " + " | ".join(f"{s}× ({results['clock']} s)" for s in scales) + " | worst ratio per doubling (stage) |"
    lines = [head, "|---|" + "---:|" * len(scales) + "---|"]
    for kind, data in results["kinds"].items():
        cells = [f"{data['sizes'][s]['seconds']['total']:.3f}" for s in scales]
        worst = max(data["ratios"].items(), key=lambda kv: kv[1], default=("-", 0.0))
        mark = "✓" if worst[1] <= results["limit"] else "✗"
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {worst[1]:.2f} ({worst[0]}) {mark} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of {', '.join(KINDS)}")
    parser.add_argument("--scales", default=",".join(map(str, SCALES)))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--base-bytes", type=int, default=BASE_BYTES)
    parser.add_argument("--reasoner", action="store_true", help="time the HermiT check too (needs Java)")
    parser.add_argument("--wall", action="store_true", help="judge wall time instead of CPU time")
    parser.add_argument("--json", type=Path, help="save every figure here")
    parser.add_argument("--write", type=Path, metavar="DIR", help="only write the texts into DIR")
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    scales = tuple(int(s) for s in args.scales.split(","))
    if args.write:
        for path in write(args.write, kinds, scales, args.base_bytes).values():
            print(path)
        return 0
    results = run(kinds, scales, args.repeats, args.base_bytes, args.reasoner, args.wall)
    print(table(results))
    print(f"1-, 5-, 15-minute load average at the end: {results['load']} on {os.cpu_count()} cores")
    print(f"worst ratio per doubling: {results['worst']:.2f} (target ≤ {LIMIT}) {'✓' if results['ok'] else '✗'}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0 if results["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
