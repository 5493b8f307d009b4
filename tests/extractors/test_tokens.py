"""Tagged Docs: exact offsets into the stored text, tags, vocabulary entities and patterns."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from extractors import tokens
from extractors.normalize import normalize_text

DATA = Path(tokens.__file__).resolve().parent / "data"


def _check_offsets(text: str, doc) -> None:
    assert len(doc) > 0
    ends = []
    for i, tok in enumerate(doc):
        a, b = tokens.token_offset(doc, i), tokens.token_end(doc, i)
        assert text[a:b] == tok.text
        ends.append((a, b))
    assert ends == sorted(ends)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(ends, ends[1:], strict=False))


@pytest.mark.parametrize(
    "text",
    [
        "Chi bộ\u00a0thôn  Đông có\t12 đảng viên.",  # no-break space, double space, tab
        "Hội nghị​ tổng kết năm 2024 có 62% đảng viên dự.",  # zero-width space
        "  Tỷ lệ đạt 104,2% kế hoạch, nhiệm kỳ 2020-2025  ",  # edges and split numbers
    ],
)
def test_offsets_equal_the_text_with_odd_whitespace(text: str) -> None:
    _check_offsets(text, tokens.tag(text))


def test_offsets_hold_for_nfd_input_once_normalized() -> None:
    raw = unicodedata.normalize("NFD", "Thuỷ lợi và hoà giải: Đảng bộ xã có 45 đảng viên.")
    text = normalize_text(raw)
    doc = tokens.tag(text)
    _check_offsets(text, doc)
    assert "đảng viên" in [t.text for t in doc]


def test_offsets_hold_where_underthesea_respells_old_tone_marks() -> None:
    text = "Hoà bình và thuỷ lợi có 12 hộ."  # not normalized: underthesea writes "Hòa", "thủy"
    doc = tokens.tag(text)
    _check_offsets(text, doc)
    assert doc[0].text == "Hoà bình"


def test_a_fused_title_and_organisation_become_two_tokens() -> None:
    # underthesea sometimes fuses "Bí_thư_Thị_ủy" (DESIGN.md); its output is given here by hand
    text = "Bí thư Thị ủy Gò Công Lê Văn Tám dự lễ."
    tagged = [("Bí thư Thị ủy", "N"), ("Gò Công Lê Văn Tám", "Np"), ("dự", "V"), ("lễ", "N"), (".", "CH")]
    doc = tokens._build(text, 0, tagged)
    _check_offsets(text, doc)
    assert [(t.text, t.ent_type_, t.tag_) for t in doc[:3]] == [
        ("Bí thư", "TITLE", "N"),
        ("Thị ủy", "ORG", "N"),
        ("Gò Công Lê Văn Tám", "", "Np"),  # no vocabulary phrase inside a proper noun is split off
    ]


def test_a_proper_noun_is_split_only_at_its_start() -> None:
    text = "Huyện ủy Mường Tè và ông Nguyễn Văn Trường Sơn."
    tagged = [("Huyện ủy Mường Tè", "Np"), ("và", "C"), ("ông", "Nc"), ("Nguyễn Văn Trường Sơn", "Np"), (".", "CH")]
    doc = tokens._build(text, 0, tagged)
    _check_offsets(text, doc)
    assert [t.text for t in doc] == ["Huyện ủy", "Mường Tè", "và", "ông", "Nguyễn Văn Trường Sơn", "."]
    assert doc[1].tag_ == "Np" and doc[4]._.name_part


def test_a_split_title_becomes_one_token_with_pos_and_tag() -> None:
    text = "Đồng chí Lò Văn Pọm, Phó Bí thư Thường trực Huyện ủy Mường Tè phát biểu."
    doc = tokens.tag(text)
    by_text = {t.text: t for t in doc}
    assert by_text["Phó Bí thư Thường trực"].ent_type_ == "TITLE"
    assert by_text["Huyện ủy"].ent_type_ == "ORG"
    assert by_text["Đồng chí"].ent_type_ == "INTRODUCER"
    assert by_text["phát biểu"].tag_ == "V" and by_text["phát biểu"].pos_ == "VERB"
    assert by_text[","].pos_ == "PUNCT"


def test_lowercase_words_are_not_split_for_a_vocabulary_phrase() -> None:
    doc = tokens.tag("Bà con trong thôn góp 30 ngày công.")
    assert doc[0].text == "Bà con" and doc[0].ent_type_ == ""


def test_cache_tags_each_stretch_once() -> None:
    text = "Thôn Đông có 14 hộ nghèo và 3 hộ cận nghèo."
    assert tokens.tag(text, 0, 20) is tokens.tag(text, 0, 20)
    assert tokens.sentence_doc(text, 5) is tokens.sentence_doc(text, 30)


def test_sentence_doc_needs_a_trigger() -> None:
    text = "Trời mưa to suốt buổi chiều. Chi bộ kết nạp 5 đảng viên."
    assert tokens.sentence_doc(text, 3) is None
    doc = tokens.sentence_doc(text, text.index("5"))
    assert doc is not None and tokens.token_offset(doc, 0) == text.index("Chi bộ")


def test_long_sentence_is_cut_to_the_clause_around_the_offset() -> None:
    clause = "xã A có 12 chi bộ với nhiều đảng viên trẻ tham gia sinh hoạt đều đặn"
    text = "; ".join([clause] * 12) + "."
    offset = text.index("12", 400)
    doc = tokens.sentence_doc(text, offset)
    assert doc is not None
    start, end = tokens.token_offset(doc, 0), tokens.token_end(doc, len(doc) - 1)
    assert start <= offset < end and end - start <= len(clause) + 1
    _check_offsets(text, doc)


def test_tokenize_keeps_its_old_contract() -> None:
    text = "Mở đầu. Chi bộ có 9 đảng viên."
    doc, base = tokens.tokenize(text, 8)
    assert all(text[base + t.idx : base + t.idx + len(t)] == t.text for t in doc)


def test_bad_input_raises_a_clear_error() -> None:
    with pytest.raises(TypeError, match="str"):
        tokens.tag(None)  # type: ignore[arg-type]
    assert len(tokens.tag("   ")) == 0


@pytest.mark.parametrize("name", ["official_patterns", "count_patterns"])
def test_matcher_pattern_files_load(name: str) -> None:
    assert len(tokens.matcher(name)) > 0


def test_official_patterns_match_on_tokens() -> None:
    m = tokens.matcher("official_patterns")
    doc = tokens.tag("Ông Y Bih Niê, Chủ tịch UBND xã Ea Kao cho biết.")
    rules = {doc.vocab.strings[r] for r, _, _ in m(doc)}
    assert rules == {"INTRODUCER_NAME_TITLE"}
    doc = tokens.tag("Bí thư Tỉnh ủy phát biểu, ông Nguyễn Văn Tư lắng nghe.")
    assert m(doc) == []  # a verb between the position and the person


def test_every_pattern_file_is_json_with_a_why() -> None:
    for p in DATA.glob("*_patterns.json"):
        data = json.loads(p.read_text("utf-8"))
        assert "_why" in data, p.name
