"""Percentages: value, kind (attainment, share, change) and qualifier word kept in the evidence."""

from __future__ import annotations

import pytest

from extractors.percentages import find_percentages


def _one(text: str):
    found = find_percentages(text)
    assert len(found) == 1, found
    p = found[0]
    assert p.evidence == text[p.start : p.end]
    return p


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("kết nạp 31 đảng viên, đạt 62%; thành lập 6 chi bộ", 62.0, "attainment"),
        ("thành lập 6 chi bộ, đạt 60% so với chỉ tiêu Tỉnh ủy giao", 60.0, "attainment"),
        ("hoàn thành 105% kế hoạch năm", 105.0, "attainment"),
        ("chiếm tới 78% kim ngạch xuất khẩu", 78.0, "share"),
        ("chiếm tỷ trọng 63,42%", 63.42, "share"),
        ("tỷ lệ hộ nghèo còn 2,5%", 2.5, "share"),
        ("so với cùng kỳ năm 2021 tăng 15,7%", 15.7, "change"),
        ("giảm 3 phần trăm so với năm trước", 3.0, "change"),
        ("96% đảng viên được xếp loại", 96.0, "share"),  # a share of what follows
        ("5% trở lên", 5.0, None),
    ],
)
def test_value_and_kind(text: str, value: float, kind: str | None) -> None:
    p = _one(text)
    assert p.value == value
    assert p.kind == kind


def test_qualifier_is_in_the_evidence() -> None:
    p = _one("trên 90% tổ chức cơ sở Đảng hoàn thành tốt nhiệm vụ")
    assert p.evidence == "trên 90%"
    assert p.about == "tổ chức cơ sở Đảng hoàn thành tốt nhiệm vụ"


def test_several_in_one_sentence() -> None:
    text = "xuất khẩu tăng 9,8%, chiếm 16,6% tổng kim ngạch"
    assert [(p.value, p.kind) for p in find_percentages(text)] == [(9.8, "change"), (16.6, "share")]


@pytest.mark.parametrize("text", ["", "năm 2024 có 5 đảng viên", "%%%", "100 người"])
def test_no_percentages(text: str) -> None:
    assert find_percentages(text) == []


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("Huyện kết nạp 87 đảng viên mới, đạt 108,7% chỉ tiêu.", "đảng viên mới so với chỉ tiêu"),
        ("Xã kết nạp 9 đảng viên là đoàn viên thanh niên, đạt 90%.", "đảng viên là đoàn viên thanh niên"),
        ("Thu ngân sách được 1.234 tỷ đồng, đạt 95% dự toán.", "dự toán"),  # money: the plan alone
        ("Kết nạp 12 đảng viên. Tỷ lệ chi bộ đạt 90%.", None),  # another sentence, another subject
    ],
)
def test_attainment_is_about_the_count_before_it(text: str, about: str | None) -> None:
    from extractors import extract_facts

    (p,) = extract_facts(text).percentages
    assert (p.kind, p.about) == ("attainment", about)
