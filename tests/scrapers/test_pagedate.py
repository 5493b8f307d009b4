"""Publication dates: meta first, else the Vietnamese visible formats, always with +07:00."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from scrapers.pagedate import date_from_meta, parse_visible


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Thứ Hai - 15/01/2024 10:30", "2024-01-15T10:30:00+07:00"),
        ("Thứ Hai, 15/01/2024 - 10:30", "2024-01-15T10:30:00+07:00"),
        ("Chủ nhật, ngày 08 tháng 12 năm 2024 16:02 (GMT +7)", "2024-12-08T16:02:00+07:00"),
        ("08:30 | 15/01/2024", "2024-01-15T08:30:00+07:00"),
        ("22/10/2025, 19:25 (GMT+7)", "2025-10-22T19:25:00+07:00"),
        ("Cập nhật: 3/2/2024", "2024-02-03T00:00:00+07:00"),
    ],
)
def test_visible_formats(text: str, iso: str) -> None:
    assert parse_visible(text) == iso


@pytest.mark.parametrize("text", ["", "Lượt xem: 1.024", "31/02/2024 10:30", "99:99 | 45/13/2024"])
def test_no_date(text: str) -> None:
    assert parse_visible(text) is None


def test_meta_first_and_converted_to_vietnam_time() -> None:
    soup = BeautifulSoup(
        '<meta property="article:published_time" content="2025-05-20T02:00:00Z">'
        '<span class="h5">Thứ Ba - 21/05/2025 08:00</span>',
        "lxml",
    )
    assert date_from_meta(soup) == "2025-05-20T09:00:00+07:00"


def test_meta_without_offset_is_local_time() -> None:
    soup = BeautifulSoup('<span itemprop="datePublished">2024-01-15 10:30:00</span>', "lxml")
    assert date_from_meta(soup) == "2024-01-15T10:30:00+07:00"
