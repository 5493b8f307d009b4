"""Vietnamese numbers: separators, multipliers, words, qualifiers and ranges (values checked by hand)."""

from __future__ import annotations

import pytest

from extractors.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234", 1234),
        ("2.901", 2901),
        ("1.000.000", 1000000),
        ("12,5", 12.5),
        ("0,16", 0.16),
        ("31", 31),
        ("1,2 triệu", 1200000),
        ("4,7 ngàn", 4700),
        ("1 ngàn", 1000),
        ("3 nghìn", 3000),
        ("ba mươi mốt", 31),
        ("hai trăm linh năm", 205),
        ("hai trăm lẻ năm", 205),
        ("mười lăm", 15),
        ("mười", 10),
        ("hai mươi tư", 24),
        ("hai mươi lăm", 25),
        ("chín mươi chín", 99),
        ("một trăm rưỡi", 150),
        ("hai nghìn rưỡi", 2500),
        ("ba", 3),
        ("Ba mươi", 30),
        ("một triệu hai trăm nghìn", 1200000),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "   ", "abc", "12.5", "hai năm", "mốt", "lăm", "1,2,3", "rưỡi", "mười rưỡi"])
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_money_keeps_multiplier_when_asked() -> None:
    assert parse_number("12.221 tỷ", expand_multiplier=False) == 12221
    assert parse_number("1,533 tỷ", expand_multiplier=False) == 1.533
    assert parse_number("4,7 ngàn") == 4700


def test_integral_values_are_ints() -> None:
    assert isinstance(parse_number("4,7 ngàn"), int)
    assert isinstance(parse_number("1.234"), int)


def _texts(text: str) -> list[str]:
    return [text[n.text_start : n.end] for n in find_numbers(text)]


def test_find_numbers_with_qualifiers() -> None:
    text = "Đảng bộ có hơn 4,7 ngàn đảng viên, gần 49,35 tỷ USD và khoảng 300 công nhân."
    spans = find_numbers(text)
    assert _texts(text) == ["hơn 4,7 ngàn", "gần 49,35 tỷ", "khoảng 300"]
    assert [n.approximate for n in spans] == ["more_than", "nearly", "about"]
    assert spans[0].value == 4700 and spans[0].base == 4.7 and spans[0].multiplier == "ngàn"
    assert spans[2].value == 300


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("trên 90 người", "more_than"),
        ("dưới 5 người", "less_than"),
        ("ít nhất 2 người", "at_least"),
        ("xấp xỉ 3 người", "about"),
        ("gần như 10 người", "about"),
    ],
)
def test_each_qualifier(text: str, kind: str) -> None:
    (span,) = find_numbers(text)
    assert span.approximate == kind
    assert span.qualifier_start == 0


def test_range_is_joined() -> None:
    (span,) = find_numbers("từ 5 đến 7 người")
    assert (span.value, span.value_to) == (5, 7)
    assert span.approximate is None


def test_words_in_text() -> None:
    text = "kết nạp ba mươi mốt đảng viên và mười lăm quần chúng"
    spans = find_numbers(text)
    assert [(n.value, n.words) for n in spans] == [(31, True), (15, True)]
    assert text[spans[0].start : spans[0].end] == "ba mươi mốt"


def test_not_numbers_inside_other_tokens() -> None:
    text = "ngày 15/3/2024 lúc 21:49, bài a188532, số 35-CT/TW, nhiệm kỳ 2020-2025, ngày 12.5"
    assert find_numbers(text) == []


def test_year_after_nam_is_not_five() -> None:
    assert [n.value for n in find_numbers("năm 2020")] == [2020]


def test_fraction_keeps_total() -> None:
    (span,) = find_numbers("65/65 chi bộ ấp")
    assert (span.value, span.total) == (65, 65)


@pytest.mark.parametrize(
    ("text", "value", "base"),
    [
        ("3,25 nghìn tỷ", 3_250_000_000_000, 3.25),
        ("17 ngàn tỷ", 17_000_000_000_000, 17),
        ("ba nghìn tỷ", 3_000_000_000_000, 3),
        ("hai trăm nghìn tỷ", 200_000_000_000_000, 200),
    ],
)
def test_a_run_of_multipliers_multiplies(text: str, value: int, base: float) -> None:
    assert parse_number(text) == value
    assert parse_number(text, expand_multiplier=False) == base


def test_multiplier_run_stays_together_in_the_span() -> None:
    text = "thu ngân sách 12,8 nghìn tỷ đồng và hai ngàn tỷ đồng"
    spans = find_numbers(text)
    assert [(n.base, n.multiplier) for n in spans] == [(12.8, "nghìn tỷ"), (2, "ngàn tỷ")]
    assert _texts(text) == ["12,8 nghìn tỷ", "hai ngàn tỷ"]


@pytest.mark.parametrize(("text", "total"), [("tán thành 37/37, chiếm", 37), ("bầu 41/45.", 45)])
def test_fraction_before_punctuation_keeps_total(text: str, total: int) -> None:
    (span,) = find_numbers(text)
    assert span.total == total
