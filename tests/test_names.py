"""Names and IRIs: the one slug rule (westdev_kg/names.py), distinct slugs for distinct names,
document slugs from relative paths, and the singular of head nouns (inflect).

Each rule is tested where it is made (names, tokens) and where it is used: the keys the
extract stage mints, the slug read.read gives a document, the slugs of a folder build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import PurePath

import inflect
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from westdev_kg import names, pipeline
from westdev_kg.entities.tokens import KEEP_AS_WRITTEN, singular
from westdev_kg.model import DocumentMetadata, SourceText
from westdev_kg.stages import extract, read, segment

from .conftest import HOSTILE, RELEASE_DATE

PROFILE = settings(max_examples=300 if os.environ.get("CI") else 150, deadline=None, derandomize=bool(os.environ.get("CI")))


def sha8(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def minted(text: str) -> dict[str, str]:
    """surface -> entity key of every mention of a composed one-paragraph text."""
    raw = text.encode("utf-8")
    source = SourceText("c.txt", text, hashlib.sha256(raw).hexdigest(), len(raw), "utf-8", DocumentMetadata(slug="c"))
    doc = segment.segment(source)
    return {m.span.quote(doc.text): m.entity for m in extract.extract(doc).mentions}


# -- the readable slug -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Xi'an-Chengdu Railway", "xian-chengdu-railway"),  # the reference data's rule: region/xian
        ("Xi\u2019an", "xian"),
        ("Internet + Medical Health", "internet-plus-medical-health"),
        ("Research & Development", "research-and-development"),
        ("\u00dcr\u00fcmqi \u0141\u00f3d\u017a", "urumqi-lodz"),  # accents, and a letter without decomposition
        ("\u0391\u03b8\u03ae\u03bd\u03b1 Railway", "athina-railway"),  # Greek
        ("\u041c\u043e\u0441\u043a\u0432\u0430 Railway", "moskva-railway"),  # Cyrillic
        ("\u91cd\u5e86", "chong-qing"),  # pinyin of the phrase, without tones
        ("\u897f\u90e8\u9646\u6d77\u65b0\u901a\u9053", "xi-bu-lu-hai-xin-tong-dao"),  # a Chinese-only name
        ("\u201c\u4e92\u8054\u7f51+\u533b\u7597\u5065\u5eb7\u201d\u793a\u8303\u533a", "hu-lian-wang-plus-yi-liao-jian-kang-shi-fan-qu"),
        ("\u7eff\u8272Belt", "lv-se-belt"),  # ü is v; Han next to Latin letters is a word of its own
    ],
)
def test_the_readable_slug(name, expected):
    assert names.slug(name) == expected
    assert names.is_slug(expected) and names.slug(expected) == expected  # a slug is its own slug


def test_documents_and_minted_names_follow_one_rule(tmp_path):
    """Before names.py the document slug of "Xi'an" was xi-an and the entity key xian."""
    text = tmp_path / "Xi'an Plan.txt"
    shutil.copyfile(HOSTILE / "plain.txt", text)
    assert read.read(text).metadata.slug == "xian-plan"
    assert minted("Accelerate the construction of the Xi'an Plan Railway.\n") == {
        "Xi'an Plan Railway": "project/xian-plan-railway"
    }


def test_a_lossy_slug_is_cut_at_a_word_and_carries_the_digest_of_the_whole_name():
    long = " ".join(["Belt and Road Economic and Trade Cooperation Zone"] * 3)
    other = long + " Phase Two"
    words = names.readable(long)
    assert len(words) > names.MAX_LENGTH
    for name in (long, other):
        text = names.slug(name)
        assert len(text) <= names.MAX_LENGTH and text.endswith("-" + sha8(name))
        head = text[: -len(sha8(name)) - 1]
        assert words.startswith(head + "-")  # cut at a '-' boundary
    assert names.slug(long) != names.slug(other)
    for symbols in ("!!!", "\u2605", "\u200b"):  # nothing to transliterate: the digest alone
        assert names.readable(symbols) == "" and names.slug(symbols) == sha8(symbols)


def test_a_sidecar_slug_must_be_a_slug_at_most_80_characters(tmp_path):
    text = tmp_path / "doc.txt"
    shutil.copyfile(HOSTILE / "plain.txt", text)
    (tmp_path / "doc.meta.toml").write_text('slug = "' + "a-" * 40 + 'b"\n', encoding="utf-8")
    with pytest.raises(read.InputError, match="at most 80 characters"):
        read.read(text)


# -- distinct names, distinct slugs --------------------------------------------------------------

# pieces that make readable slugs meet: spellings, scripts and homophones of one sound
PIECES = [
    "Xi'an", "Xian", "xi an", "XI-AN", "\u897f\u5b89", "\u559c\u5b89", "\u0391\u03b8\u03ae\u03bd\u03b1", "Athina", "athina",
    "\u041c\u043e\u0441\u043a\u0432\u0430", "Moskva", "+", "plus", "&", "and", " ", "-", "\u2605", "Railway", "Zone " * 20,
]
NAMES = st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join), min_size=1, max_size=8)


@PROFILE
@given(NAMES, st.randoms(use_true_random=False))
def test_distinct_names_never_share_a_slug_in_any_order(batch_of_names, rnd):
    slugs = names.unique_slugs(batch_of_names)
    assert set(slugs) == set(batch_of_names)
    assert len(set(slugs.values())) == len(slugs)  # distinct names, distinct slugs
    assert all(names.is_slug(s) for s in slugs.values())
    shuffled = list(batch_of_names)
    rnd.shuffle(shuffled)
    assert names.unique_slugs(shuffled) == slugs  # whatever the order of arrival
    for name, text in slugs.items():
        alone = names.slug(name)
        shared = any(names.slug(other) == alone for other in slugs if other != name)
        assert text == (names.digested(name) if shared else alone)


@PROFILE
@given(NAMES)
def test_spelling_variants_are_one_name_and_other_names_get_their_own_slug(batch_of_names):
    slugs = names.unique_slugs(batch_of_names, identity=names.name_key)
    by_slug: dict[str, set[str]] = {}
    for name, text in slugs.items():
        by_slug.setdefault(text, set()).add(names.name_key(name))
    assert all(len(keys) == 1 for keys in by_slug.values())  # one slug, one name
    for a in slugs:
        for b in slugs:
            if names.name_key(a) == names.name_key(b) and names.slug(a) == names.slug(b):
                assert slugs[a] == slugs[b]  # "Xi'an" and "XI-AN" keep one slug


def test_a_taken_slug_gets_the_digest():
    assert names.unique_slugs(["Sichuan"], taken={"sichuan"}) == {"Sichuan": "sichuan-" + sha8("Sichuan")}


def test_three_railways_in_greek_and_cyrillic_get_three_iris():
    """Before names.py every one of them was project/railway."""
    keys = minted(
        "Build the \u0391\u03b8\u03ae\u03bd\u03b1 Railway, the \u041c\u043e\u0441\u043a\u0432\u0430 Railway and the "
        "\u041f\u0435\u043a\u0438\u043d Railway, and the Athina Railway.\n"
    )
    assert len(set(keys.values())) == 4
    assert keys["\u041c\u043e\u0441\u043a\u0432\u0430 Railway"] == "project/moskva-railway"
    greek, latin = keys["\u0391\u03b8\u03ae\u03bd\u03b1 Railway"], keys["Athina Railway"]
    assert greek == "project/athina-railway-" + sha8(names.name_key("\u0391\u03b8\u03ae\u03bd\u03b1 Railway"))
    assert latin == "project/athina-railway-" + sha8(names.name_key("Athina Railway"))


def test_chinese_names_get_pinyin_keys_and_homophones_two():
    keys = minted(
        'Build the "\u516c\u5f0f" demonstration area, the "\u516c\u793a" demonstration area and '
        'the "\u4e92\u8054\u7f51+\u533b\u7597\u5065\u5eb7" demonstration area.\n'
    )
    assert keys['"\u4e92\u8054\u7f51+\u533b\u7597\u5065\u5eb7" demonstration area'] == (
        "project/hu-lian-wang-plus-yi-liao-jian-kang-demonstration-area"
    )
    one, two = keys['"\u516c\u5f0f" demonstration area'], keys['"\u516c\u793a" demonstration area']
    assert one != two and one.startswith("project/gong-shi-demonstration-area-") and two.startswith(one[:-8])


def test_spelling_variants_of_a_name_keep_one_key_and_a_reference_entity_its_own():
    keys = minted(
        "Build the Lhasa-Nyingchi Railway, the Lhasa\u2013Nyingchi railway and the LHASA NYINGCHI Railway. "
        "Build the Sichuan Tibet Railway.\n"
    )
    assert set(keys.values()) == {"project/lhasa-nyingchi-railway", "project/sichuan-tibet-railway"}
    # the same letters in Cyrillic are another name: not the reference entity's IRI
    other = minted("Build the \u0421\u0438\u0447\u0443\u0430\u043d-\u0422\u0438\u0431\u0435\u0442 Railway.\n")
    assert list(other.values()) == ["project/sichuan-tibet-railway-" + sha8(names.name_key(*other))]


# -- document slugs ------------------------------------------------------------------------------

ZH_FILE = "\u5173\u4e8e\u65b0\u65f6\u4ee3\u63a8\u8fdb\u897f\u90e8\u5927\u5f00\u53d1\u5f62\u6210\u65b0\u683c\u5c40\u7684\u6307\u5bfc\u610f\u89c1.txt"


def test_document_slugs_come_from_the_relative_path():
    assert names.document_slug(PurePath("sichuan/2020.md")) == "sichuan-2020"
    assert names.document_slug(PurePath("western-development-2020.en.txt")) == "western-development-2020-en"
    zh = names.document_slug(PurePath(ZH_FILE))
    assert zh.startswith("guan-yu-xin-shi-dai-tui-jin-xi-bu-da-kai-fa") and len(zh) <= names.MAX_LENGTH
    assert zh.endswith(sha8(ZH_FILE[:-4]))  # 22 syllables are over 80 characters: cut, with the digest
    slugs = names.document_slugs([PurePath("a b.txt"), PurePath("a-b.txt"), PurePath("c/d.txt")])
    assert slugs == {PurePath("a b.txt"): "a-b-" + sha8("a b"), PurePath("a-b.txt"): "a-b-" + sha8("a-b"), PurePath("c/d.txt"): "c-d"}


def test_read_names_a_document_after_its_relative_path_unless_the_sidecar_does(tmp_path):
    folder = tmp_path / "sichuan"
    folder.mkdir()
    text = folder / "2020.txt"
    shutil.copyfile(HOSTILE / "plain.txt", text)
    assert read.read(text).metadata.slug == "2020"
    assert read.read(text, relative=PurePath("sichuan/2020.txt")).metadata.slug == "sichuan-2020"
    (folder / "2020.meta.toml").write_text('slug = "chosen"\n', encoding="utf-8")
    assert read.read(text, relative=PurePath("sichuan/2020.txt"), default_slug="other").metadata.slug == "chosen"


def test_a_folder_of_chinese_and_look_alike_file_names_builds_every_document(tmp_path):
    """Before: both Chinese names slugged to 'document', "Xi'an" and "xi an" to one slug: failures."""
    folder = tmp_path / "in"
    folder.mkdir()
    files = [ZH_FILE, ZH_FILE.replace("\u6307\u5bfc", "\u5b9e\u65bd"), "Xi'an.txt", "xian.txt"]
    for name in files:
        shutil.copyfile(HOSTILE / "plain.txt", folder / name)
    options = pipeline.Options(output=tmp_path / "out", reports=tmp_path / "reports", release_date=RELEASE_DATE, reasoner="skip")
    result = pipeline.build(folder, options)
    slugs = {o.name: o.slug for o in result.results}
    assert len(set(slugs.values())) == 4 and all(names.is_slug(s) for s in slugs.values())
    assert slugs["Xi'an.txt"] == "xian-" + sha8("Xi'an") and slugs["xian.txt"] == "xian-" + sha8("xian")
    assert sorted(p.name for p in (tmp_path / "out" / "documents").glob("*.ttl")) == sorted(f"{s}.ttl" for s in slugs.values())


# -- singular ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plural", "one"),
    [("bases", "base"), ("Bases", "Base"), ("zones", "zone"), ("cities", "city"), ("Agencies", "Agency"),
     ("facilities", "facility"), ("agglomerations", "agglomeration"), ("criteria", "criterion")],
)  # fmt: skip
def test_singular_of_plural_nouns(plural, one):
    assert singular(plural) == one


@pytest.mark.parametrize("word", ["base", "news", "series", "basis", "campus", "glass", "gas", "this", "AIDS", "NDRC"])
def test_singular_leaves_singulars_and_acronyms(word):
    assert singular(word) is None


@pytest.mark.parametrize("word", sorted(KEEP_AS_WRITTEN))
def test_each_word_kept_as_written_is_one_inflect_would_change(word):
    assert inflect.engine().singular_noun(word) not in (False, word), f"{word}: inflect leaves it, no need to list it"
    assert singular(word) is None and singular(word.title()) is None


def test_a_plural_head_names_the_entity_of_its_singular():
    """Before: singular("bases") was "bas", and the plural minted an IRI of its own."""
    keys = minted('Build the "Internet" demonstration base and more "Internet" demonstration bases.\n')
    assert set(keys.values()) == {"project/internet-demonstration-base"}
