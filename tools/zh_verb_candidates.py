#!/usr/bin/env python3
"""Candidate directive verbs for ``westdev_kg/lexicon/zh_verbs.csv``, counted over a corpus.

For every clause (cut as the Chinese action rules cut them: ``analysis.zh_directives.clauses``)
of every Markdown file under the given folders (default: ../shared/corpus/real), skip the
numbering and the known adverbs (``adverb`` rows of ``zh_cues.csv``), then a modal
(``zh_obligations.csv``: 要, 必须, 应当, 不得 …) and the adverbs after it, and count the two
characters found there — the place where the rules look for a directive verb. Two counts:
after a modal (``X要…``, ``要…``: nearly always a verb) and at a bare clause opening. Also counted:
the word after 进行 in clauses holding 对…进行 (the verb of X对Y进行Z).

``python tools/zh_verb_candidates.py [folder …] [--top N]`` prints, most frequent first, the
openings not yet in the verb list (nor adverbs, modals or role cues), with the number of
documents they occur in; docs/chinese-directives.md keeps the summary of a run and which
of them were added. Reading the list and choosing the directive verbs is left to a person.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from westdev_kg.analysis.zh_directives import _BREAKS, _modal_at, _skip_adverbs, clauses  # noqa: E402
from westdev_kg.lexicon import zh  # noqa: E402

_SENTENCES = re.compile(r"[^。！？\n]+")
_HAN = re.compile(r"^[\u4e00-\u9fff]{2}$")


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4 :] if end > 0 else text
    return text


def count(folders: list[Path]) -> tuple[Counter, Counter, Counter, dict[str, set[str]], int]:
    lex = zh()
    after_modal, bare, after_jinxing = Counter(), Counter(), Counter()
    docs: dict[str, set[str]] = {}
    files = sorted(p for folder in folders for p in folder.rglob("*.md") if p.name != "README.md")
    for path in files:
        text = _body(path)
        for sentence in _SENTENCES.finditer(text):
            for b, e in clauses(text, sentence.start(), sentence.end()):
                at = _skip_adverbs(text, b, e)
                table = bare
                verb = lex.longest(lex.verbs, text, at)
                modal = _modal_at(text, at)
                if not (modal and (not verb or len(modal) >= len(verb)) and modal not in lex.verbs):
                    modal = None
                    # a subject first (X要…): the first modal within the clause
                    for m in range(at + 1, min(e, at + 40)):
                        if (word := _modal_at(text, m)) and lex.modals[word] in ("must", "should", "prohibit", "may"):
                            at, modal = m, word
                            break
                if modal:
                    at, table = _skip_adverbs(text, at + len(modal), e), after_modal
                word = text[at : at + 2]
                if _HAN.match(word) and at + 2 <= e:
                    table[word] += 1
                    docs.setdefault(word, set()).add(str(path))
                clause = text[b:e]
                if "对" in clause and "进行" in clause.split("对", 1)[1]:
                    z = clause.split("进行", 1)[1][:2]
                    if _HAN.match(z) and not _BREAKS.search(z):
                        after_jinxing[z] += 1
    return after_modal, bare, after_jinxing, docs, len(files)


def known(word: str) -> bool:
    lex = zh()
    cues = {w for words in lex.cues.values() for w in words}
    return (
        lex.longest(lex.verbs, word + "　", 0) is not None
        or any(v.startswith(word) for v in lex.verbs)
        or word in cues
        or word in lex.modals
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[REPO.parent / "shared" / "corpus" / "real"])
    parser.add_argument("--top", type=int, default=150)
    args = parser.parse_args(argv)
    after_modal, bare, after_jinxing, docs, n = count(args.folders)
    print(f"{n} files; clause openings counted: {sum(bare.values())} bare, {sum(after_modal.values())} after a modal")
    print("\nopenings not in the lists, by their count after a modal (word, after a modal, bare, documents):")
    shown = 0
    for word, c in after_modal.most_common():
        if known(word):
            continue
        print(f"{word}\t{after_modal[word]}\t{bare[word]}\t{len(docs[word])}")
        shown += 1
        if shown >= args.top:
            break
    print("\nZ of 对…进行Z (word, clauses, listed):")
    for word, c in after_jinxing.most_common(40):
        print(f"{word}\t{c}\t{'yes' if known(word) else 'no'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
