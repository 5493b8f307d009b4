"""Dates in running text to ISO values (each expected value worked out from the wording)."""

from __future__ import annotations

import pytest

from extractors.dates import find_dates


@pytest.mark.parametrize(
    ("text", "value", "value_to", "kind"),
    [
        ("Tính đến ngày 27-11, huyện", "--11-27", None, "date"),
        ("Sáng 29/8, Đảng ủy", "--08-29", None, "date"),
        ("ngày 28-8-2018", "2018-08-28", None, "date"),
        ("cập nhật 15/3/2024 lúc", "2024-03-15", None, "date"),
        ("ngày 14.5.2011", "2011-05-14", None, "date"),
        ("Chủ nhật, ngày 08 tháng 12 năm 2024", "2024-12-08", None, "date"),
        ("trong tháng 3/2024", "2024-03", None, "month"),
        ("đến tháng 6-2013", "2013-06", None, "month"),
        ("6 tháng đầu năm 2024", "2024-01", "2024-06", "period"),
        ("6 tháng cuối năm 2023", "2023-07", "2023-12", "period"),
        ("giai đoạn 2020-2025", "2020", "2025", "period"),
        ("nhiệm kỳ 2025 - 2027", "2025", "2027", "period"),
        ("quý I/2024", "2024-01", "2024-03", "period"),
        ("quý III/2024", "2024-07", "2024-09", "period"),
        ("từ năm 2020 đến nay", "2020", None, "period"),
        ("(19/5/1890 - 19/5/2023)", "1890-05-19", "2023-05-19", "range"),
        ("từ ngày 8 đến 12/4/2024", "2024-04-08", "2024-04-12", "range"),
        ("hai ngày 26 và 27-7-2025", "2025-07-26", "2025-07-27", "range"),
        ("cuối năm 2018", "2018-12", None, "month"),
        ("sinh năm 1949", "1949", None, "year"),
    ],
)
def test_dates(text: str, value: str, value_to: str | None, kind: str) -> None:
    (d,) = find_dates(text)
    assert (d.value, d.value_to, d.kind) == (value, value_to, kind)
    assert d.evidence == text[d.start : d.end]


@pytest.mark.parametrize(
    "text",
    ["đạt 83%", "Huy hiệu 30 năm tuổi Đảng", "12.221 tỷ đồng", "khoảng 2/3 số này", "ngày 45/13", "số 35-CT/TW"],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_dates_in_order_without_overlap() -> None:
    text = "Sáng 30/7, nhiệm kỳ 2020-2025; năm 2024 và tháng 7/2022."
    got = find_dates(text)
    assert [d.evidence for d in got] == ["Sáng 30/7", "nhiệm kỳ 2020-2025", "năm 2024", "tháng 7/2022"]
