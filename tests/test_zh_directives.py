"""Actions and stated responsibility in Chinese texts (issue 12, point 6).

The sentences are made up in the genre's wording; the end-to-end test builds
tests/fixtures/zh-actions/opinions.md in-process (SHACL included) and runs cq-actions and
cq-responsibility on the release. English texts keep their own rules (tests/test_analyse.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from westdev_kg.analysis.directives import MentionIndex
from westdev_kg.analysis.zh_directives import clauses, sentence_actions
from westdev_kg.lexicon import zh
from westdev_kg.model import Entity, Mention, Span

from .release_helpers import answers, build

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "zh-actions" / "opinions.md"

AGENTS = {
    "国家发展改革委": ("body/national-development-and-reform-commission", "body"),
    "财政部": ("body/ministry-of-finance", "body"),
    "民政部": ("body/ministry-of-civil-affairs", "body"),
    "各地区各部门": ("actor/all-regions-and-departments", "actor"),
    "有关部门": ("actor/relevant-departments", "actor"),
    "企业": ("actor/enterprises", "actor"),
    "北京市": ("region/beijing", "region"),
}


def read(text: str) -> list[tuple]:
    """(clause, verb, obligation, roles) of each action of one made-up sentence."""
    mentions, entities = [], {}
    for name, (key, category) in AGENTS.items():
        at = text.find(name)
        while at >= 0:
            if not any(m.span.begin <= at < m.span.end for m in mentions):
                mentions.append(Mention(span=Span(at, at + len(name)), entity=key))
            at = text.find(name, at + 1)
        entities[key] = Entity(key=key, category=category, kind="x", label_en=key)
    index = MentionIndex(tuple(mentions), entities)
    return [
        (text[a.span.begin : a.span.end], a.verb, a.obligation, sorted((r.actor.split("/")[1], r.role) for r in a.roles))
        for a in sentence_actions(text, 0, len(text), index)
    ]


def test_a_subject_with_yao_leads_and_governs_the_bare_clauses_after_it():
    assert read("各地区各部门要加强组织领导，健全工作机制。") == [
        ("各地区各部门要加强组织领导", "strengthen", "must", [("all-regions-and-departments", "lead")]),
        ("健全工作机制", "improve", "must", [("all-regions-and-departments", "lead")]),
    ]


def test_a_new_sentence_inherits_nothing():
    assert read("加强监督检查。")[0][2:] == ("do", [])


def test_qiantou_leads_and_peihe_co_operates():
    assert read("由民政部牵头，财政部配合，开展专项评估。") == [
        ("由民政部牵头", "lead", "do", [("ministry-of-civil-affairs", "lead")]),
        ("财政部配合", "cooperate", "do", [("ministry-of-finance", "co-operating")]),
        ("开展专项评估", "carry out", "do", [("ministry-of-civil-affairs", "lead"), ("ministry-of-finance", "co-operating")]),
    ]


def test_huitong_co_operates_with_the_subject_that_leads():
    assert read("国家发展改革委要会同财政部制定配套政策。") == [
        ("国家发展改革委要会同财政部制定配套政策", "cooperate", "must",
         [("ministry-of-finance", "co-operating"), ("national-development-and-reform-commission", "lead")]),
    ]


def test_youx_fuze_leads():
    assert read("专项评估由民政部负责。")[0][3] == [("ministry-of-civil-affairs", "lead")]


def test_yanjin_and_bude_prohibit():
    assert read("严禁借示范名义新建楼堂馆所。") == [("严禁借示范名义新建楼堂馆所", "prohibit", "prohibit", [])]
    assert read("有关部门不得擅自提高补助标准。") == [
        ("有关部门不得擅自提高补助标准", "improve", "prohibit", [("relevant-departments", "lead")]),
    ]


def test_x_dui_y_jinxing_z_takes_z_as_verb_and_x_as_lead():
    # the verb is Z after the light verb 进行, not 实施 inside Y; X (named agents) leads
    assert read("民政部对示范项目实施情况进行督促检查。") == [
        ("民政部对示范项目实施情况进行督促检查", "urge", "do", [("ministry-of-civil-affairs", "lead")]),
    ]
    assert read("对违规建设项目进行全面清理。") == [("对违规建设项目进行全面清理", "clean up", "do", [])]
    assert read("财政部要对补助资金加以规范，定期公开使用情况。") == [
        ("财政部要对补助资金加以规范", "regulate", "must", [("ministry-of-finance", "lead")]),
        ("定期公开使用情况", "disclose", "must", [("ministry-of-finance", "lead")]),
    ]
    # without a directive verb after it, 进行 itself is the verb
    assert read("对有关情况进行了解。")[0][1] == "understand"
    assert read("对重大事项进行会商。")[0][1] == "carry out"


def test_guli_encourages_its_addressee_and_zhichi_supports():
    assert read("鼓励企业参与示范建设。") == [("鼓励企业参与示范建设", "encourage", "encourage", [("enterprises", "addressee")])]
    assert read("支持北京市建设示范区。") == [("支持北京市建设示范区", "support", "support", [("beijing", "addressee")])]


def test_ke_gives_may_only_before_a_verb():
    assert read("有条件的地方可以先行试点。") == [("有条件的地方可以先行试点", "pilot", "may", [])]
    assert read("北京市可实施补助。")[0][1:] == ("implement", "may", [("beijing", "lead")])
    assert read("这项改革可持续。") == []  # 可持续 is no permission


def test_words_holding_a_modal_character_are_no_modals():
    assert read("这是重要任务。") == []
    assert read("改革的主要内容。") == []


def test_clauses_leave_out_numbering_and_do_not_cut_at_the_enumeration_comma():
    text = "（二）加强领导、明确责任，推进改革。"
    assert [text[b:e] for b, e in clauses(text, 0, len(text))] == ["加强领导、明确责任", "推进改革"]


def test_every_obligation_of_the_tables_is_a_concept_of_the_scheme():
    from westdev_kg.analysis.directives import OBLIGATIONS

    lex = zh()
    assert set(lex.modals.values()) <= OBLIGATIONS and {o for _, o in lex.verbs.values()} <= OBLIGATIONS
    assert lex.modals["可以"] == "may" and lex.modals["不得"] == "prohibit" and lex.modals["要"] == "must"


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return build(FIXTURE, tmp_path_factory.mktemp("zh-actions"))


def test_cq_actions_answers_on_a_chinese_document(release):
    rows = answers(release, "cq-actions")
    texts = {r["actionText"]: r for r in rows}
    assert texts["国家发展改革委要会同财政部制定配套政策"]["obligation"] == "must"
    assert texts["严禁借示范名义新建楼堂馆所"]["obligation"] == "prohibit"
    assert texts["有条件的地方可以先行试点"]["obligation"] == "may"
    assert texts["鼓励企业参与示范建设"]["verb"] == "encourage"


def test_cq_responsibility_answers_stated_and_inferred_on_a_chinese_document(release):
    rows = answers(release, "cq-responsibility")
    stated = {(r["evidence"], r["actorLabel"], r["role"]) for r in rows if r["stated"] == "true"}
    assert ("各地区各部门", "all regions and departments", "lead") in stated
    assert ("财政部", "Ministry of Finance", "co-operating") in stated
    assert ("民政部", "Ministry of Civil Affairs", "lead") in stated
    assert ("企业", "enterprises", "addressee") in stated
    inferred = [r for r in rows if r["stated"] == "false"]
    # the issuer leads, unstated, where a measure names no lead (measure 3's first action, measure 4)
    assert inferred and all(r["role"] == "lead" and r.get("evidence") is None for r in inferred)
    by_measure = {r["measureNumber"] for r in inferred}
    assert "4" in by_measure
    # measure 1 names its lead for every action: no inferred responsibility there
    assert "1" not in by_measure


def test_yindao_steering_a_thing_is_do_and_governs_nothing():
    assert read("正确引导社会舆论，及时回应社会关切。") == [
        ("正确引导社会舆论", "guide", "do", []),
        ("及时回应社会关切", "respond", "do", []),
    ]
    # an actor after it is guided to act: encourage, and the next clause is governed
    assert read("引导企业根据实际，加大投入。") == [
        ("引导企业根据实际", "guide", "encourage", [("enterprises", "addressee")]),
        ("加大投入", "increase", "encourage", [("enterprises", "addressee")]),
    ]


def test_a_clause_ending_in_guochengzhong_is_an_adjunct():
    assert read("有关部门在开展专项检查过程中，要加强督促。") == [
        ("要加强督促", "strengthen", "must", []),
    ]
    assert read("开展专项检查过程中，要加强督促。") == [("要加强督促", "strengthen", "must", [])]


def test_verbs_grown_from_the_corpus_head_clauses():
    # openings counted by tools/zh_verb_candidates.py: 举办, 办好, 厉行 and adverbs such as 定期, 充分
    assert [a[1] for a in read("定期举办培训班，办好专题刊物，厉行勤俭节约，充分发挥示范作用。")] == [
        "hold", "run", "practise", "give",
    ]


def test_every_lemma_of_the_verb_list_is_one_the_shapes_accept():
    # wdo:verb: "a lowercase lemma" (sh:pattern of shapes/westdev-shapes.ttl, at most two words)
    import re

    shapes = (ROOT / "shapes" / "westdev-shapes.ttl").read_text(encoding="utf-8")
    lemma = re.compile(re.search(r'sh:pattern "(\^\[a-z\]\[a-z-\]\*[^"]*)"', shapes).group(1))
    bad = [word for word, (verb, _) in zh().verbs.items() if not lemma.match(verb)]
    assert not bad, bad
