"""Dates in running text to ISO values (each expected value worked out from the wording)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.dates import DateError, find_dates


@pytest.mark.parametrize(
    ("text", "value", "value_to", "kind"),
    [
        ("Tính đến ngày 27-11, huyện", "--11-27", None, "date"),
        ("Sáng 29/8, Đảng ủy", "--08-29", None, "date"),
        ("sáng 8/12 tại hội trường", "--12-08", None, "date"),
        ("ngày 28-8-2018", "2018-08-28", None, "date"),
        ("ngày 2/9/2025, cả nước", "2025-09-02", None, "date"),
        ("cập nhật 15/3/2024 lúc", "2024-03-15", None, "date"),
        ("ngày 14.5.2011", "2011-05-14", None, "date"),
        ("Chủ nhật, ngày 08 tháng 12 năm 2024", "2024-12-08", None, "date"),
        ("Hôm qua (21-6), Thị ủy", "--06-21", None, "date"),
        ("tính đến cuối tháng 9/2023, toàn tỉnh", "2023-09-30", None, "date"),
        ("đến cuối tháng 2/2024", "2024-02-29", None, "date"),
        ("đến cuối tháng 11 có", "--11-30", None, "date"),
        ("đầu tháng 5/2021 tổ chức", "2021-05", None, "month"),
        ("trong tháng 3/2024", "2024-03", None, "month"),
        ("đến tháng 6-2013", "2013-06", None, "month"),
        ("6 tháng đầu năm 2024", "2024-01", "2024-06", "period"),
        ("Trong sáu tháng đầu năm 2022, Đảng bộ", "2022-01", "2022-06", "period"),
        ("6 tháng cuối năm 2023", "2023-07", "2023-12", "period"),
        ("nhiệm vụ 6 tháng cuối năm, huyện", "--07", "--12", "period"),
        ("9 tháng năm 2021 thu ngân sách", "2021-01", "2021-09", "period"),
        ("lũy kế 5 tháng qua, doanh thu", "--01", "--05", "period"),
        ("giai đoạn 2020-2025", "2020", "2025", "period"),
        ("nhiệm kỳ 2025 - 2027", "2025", "2027", "period"),
        ("nhiệm kỳ 2025-2030", "2025", "2030", "period"),
        ("năm học 2022-2023, trường", "2022", "2023", "period"),
        ("quý I/2024", "2024-01", "2024-03", "period"),
        ("quý III/2024", "2024-07", "2024-09", "period"),
        ("trong quý II năm 2023", "2023-04", "2023-06", "period"),
        ("từ năm 2020 đến nay", "2020", None, "period"),
        ("từ đầu năm đến nay, xã", "--01", None, "period"),
        ("(19/5/1890 - 19/5/2023)", "1890-05-19", "2023-05-19", "range"),
        ("từ ngày 8 đến 12/4/2024", "2024-04-08", "2024-04-12", "range"),
        ("hai ngày 26 và 27-7-2025", "2025-07-26", "2025-07-27", "range"),
        ("cuối năm 2018", "2018-12", None, "month"),
        ("từ đầu năm 2021", "2021-01", None, "month"),
        ("đầu năm, chi bộ", "--01", None, "month"),
        ("sinh năm 1949", "1949", None, "year"),
    ],
)
def test_dates(text: str, value: str, value_to: str | None, kind: str) -> None:
    (d,) = find_dates(text)
    assert (d.value, d.value_to, d.kind) == (value, value_to, kind)
    assert d.evidence == text[d.start : d.end]


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Trong sáu tháng đầu năm 2022", "sáu tháng đầu năm 2022"),
        ("Hôm qua (21-6), Thị ủy", "Hôm qua (21-6)"),
        ("Hôm qua (21-6, Thị ủy", "Hôm qua (21-6"),
        ("(3/2/1930 - 3/2/2024)", "(3/2/1930 - 3/2/2024)"),
        ("năm học 2022-2023", "năm học 2022-2023"),
    ],
)
def test_evidence_span(text: str, evidence: str) -> None:
    (d,) = find_dates(text)
    assert d.evidence == evidence


# Relative mentions, resolved against a publication date worked out by hand.
PUB = "2023-08-10T09:15:00+07:00"


@pytest.mark.parametrize(
    ("text", "value", "value_to", "kind"),
    [
        ("cao hơn năm ngoái", "2022", None, "year"),
        ("kế hoạch năm nay", "2023", None, "year"),
        ("trong năm tới", "2024", None, "year"),
        ("so với tháng trước", "2023-07", None, "month"),
        ("Hôm qua, Huyện ủy", "2023-08-09", None, "date"),
        ("ngày mai sẽ khai mạc", "2023-08-11", None, "date"),
        ("lũy kế 7 tháng qua", "2023-01", "2023-07", "period"),
        ("7 tháng vừa qua", "2023-01", "2023-07", "period"),
        ("6 tháng đầu năm, xã", "2023-01", "2023-06", "period"),
        ("9 tháng năm nay", "2023-01", "2023-09", "period"),
        ("quý I năm ngoái", "2022-01", "2022-03", "period"),
        ("quý II", "2023-04", "2023-06", "period"),
        ("từ đầu năm đến nay", "2023-01", "2023-08", "period"),
        ("từ năm 2019 đến nay", "2019", "2023", "period"),
        ("đầu năm nay", "2023-01", None, "month"),
        ("cuối năm ngoái", "2022-12", None, "month"),
        ("đầu năm", "2023-01", None, "month"),
        ("Sáng 7/8, Đảng ủy", "2023-08-07", None, "date"),
        ("cuối tháng 7", "2023-07-31", None, "date"),
    ],
)
def test_relative_with_publication_date(text: str, value: str, value_to: str | None, kind: str) -> None:
    (d,) = find_dates(text, PUB)
    assert (d.value, d.value_to, d.kind) == (value, value_to, kind)


def test_day_month_takes_the_year_nearest_publication() -> None:
    # A January article recalls 20 November: last year's, not this year's.
    (d,) = find_dates("Ngày 20-11, Chi bộ họp", "2024-01-05")
    assert d.value == "2023-11-20"
    # A December article announces 5 January: next year's.
    (d,) = find_dates("Từ 5/1, xã tổ chức", "2023-12-20")
    assert d.value == "2024-01-05"


@pytest.mark.parametrize("text", ["so với năm ngoái", "tháng trước", "hôm qua", "quý I năm ngoái", "đầu năm nay"])
def test_relative_without_publication_date_has_no_value(text: str) -> None:
    (d,) = find_dates(text)
    assert d.value is None  # null in the JSON, not ""
    assert d.evidence == text[d.start : d.end]


@pytest.mark.parametrize(
    "text",
    [
        "đạt 83%",
        "Huy hiệu 30 năm tuổi Đảng",
        "12.221 tỷ đồng",
        "khoảng 2/3 số này",
        "ngày 45/13",
        "số 35-CT/TW",
        "Ba năm nay, chi bộ",
        "những năm tới",
        "2 tháng trước khi",
        "cuối năm học",
        "1 năm dự bị",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_dates_in_order_without_overlap() -> None:
    text = "Sáng 30/7, nhiệm kỳ 2020-2025; năm 2024 và tháng 7/2022."
    got = find_dates(text)
    assert [d.evidence for d in got] == ["Sáng 30/7", "nhiệm kỳ 2020-2025", "năm 2024", "tháng 7/2022"]


def test_old_signature_still_works() -> None:
    assert [d.value for d in find_dates("ngày 1/6/2025")] == ["2025-06-01"]


@pytest.mark.parametrize("bad", ["hôm qua", "2023-13-45", 20230810])
def test_unreadable_publication_date_is_a_clear_error(bad: object) -> None:
    with pytest.raises(DateError, match="published"):
        find_dates("năm ngoái", bad)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789/-.() ngàyáthqubốmcuôiđầIVnaoíọ")), max_size=60),
    st.sampled_from([None, "2024-02-29", "2000-01-01T00:00:00+07:00"]),
)
def test_never_raises_and_spans_hold(text: str, published: str | None) -> None:
    for d in find_dates(text, published):
        assert d.evidence == text[d.start : d.end]
        assert d.kind in ("date", "month", "year", "period", "range")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("khen thưởng vì thành tích từ năm 2018 đến năm 2022.", ("từ năm 2018 đến năm 2022", "2018", "2022")),
        ("Lớp học diễn ra từ ngày 5/3 đến ngày 10/3/2024.", ("từ ngày 5/3 đến ngày 10/3/2024", "2024-03-05",
                                                             "2024-03-10")),
    ],
)
def test_from_to_is_one_range(text: str, expected: tuple[str, str, str]) -> None:
    (d,) = find_dates(text)
    assert (d.evidence, d.value, d.value_to, d.kind) == (*expected, "range")
    assert text[d.start : d.end] == d.evidence


@pytest.mark.parametrize(
    ("text", "value", "value_to"),
    [
        ("Kỷ niệm 65 năm thành lập xã (1959 - 2024), UBND xã", "1959", "2024"),
        ("mít tinh kỷ niệm 95 năm Ngày truyền thống ngành (1930–2025).", "1930", "2025"),
    ],
)
def test_bare_year_pair_in_parentheses_is_an_anniversary_span(text: str, value: str, value_to: str) -> None:
    (d,) = find_dates(text)
    assert (d.value, d.value_to, d.kind) == (value, value_to, "range")
    assert d.evidence.startswith("(") and d.evidence.endswith(")")


@pytest.mark.parametrize("text", ["(2024 - 1959)", "(0123 - 4567)"])
def test_parenthesised_pair_needs_two_years_in_order(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("text", "value", "value_to"),
    [
        ("Từ năm 2021 đến tháng 9/2024, huyện kết nạp", "2021-01", "2024-09"),
        ("từ năm 2017 đến ngày 30/4/2023, chi bộ", "2017-01-01", "2023-04-30"),
        ("từ tháng 3/2019 đến năm 2022, xã", "2019-03", "2022-12"),
    ],
)
def test_a_bare_year_in_a_range_takes_the_other_end_precision(text: str, value: str, value_to: str) -> None:
    (d,) = find_dates(text)
    assert (d.value, d.value_to, d.kind) == (value, value_to, "range")


@pytest.mark.parametrize(
    ("text", "year"), [("anh Hà Văn Tú (SN 1995), trú", "1995"), ("chị Lò Thị Mai, SN 2001,", "2001")]
)
def test_birth_year_abbreviation(text: str, year: str) -> None:
    (d,) = find_dates(text)
    assert (d.value, d.kind, d.evidence) == (year, "year", f"SN {year}")


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("Trong tháng 12, ngành thuế phấn đấu thu thêm", None, "--12"),
        ("Trong tháng 12, ngành thuế phấn đấu thu thêm", "2022-11-25", "2022-12"),
        ("ngay trong tháng 3 tới, huyện khởi công", "2025-02-10", "2025-03"),
    ],
)
def test_bare_month(text: str, published: str | None, value: str) -> None:
    (d,) = find_dates(text, published)
    assert (d.value, d.kind) == (value, "month")


@pytest.mark.parametrize("text", ["sau 3 tháng 12 hộ đã thoát nghèo", "mỗi tháng 2 buổi sinh hoạt", "tháng 13"])
def test_duration_or_rate_before_a_month_number_is_no_month(text: str) -> None:
    assert find_dates(text) == []
