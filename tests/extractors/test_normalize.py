"""normalize_text: NFC, new tone placement, folded whitespace, no invisible characters, idempotent."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.normalize import normalize_text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Hoà Bình", "Hòa Bình"),
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("Thuỷ", "Thủy"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("HOÀ", "HÒA"),
        ("thuỵ", "thụy"),
        ("Thanh Hoá", "Thanh Hóa"),
    ],
)
def test_old_tone_marks_move(old: str, new: str) -> None:
    assert normalize_text(old) == new


@pytest.mark.parametrize("word", ["quý", "QUÝ", "hoàn thành", "tuyển", "huỳnh", "hòa", "Thụy"])
def test_words_already_right_are_kept(word: str) -> None:
    assert normalize_text(word) == word


def test_nfd_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Tỉnh ủy Bình Dương")
    assert normalize_text(nfd) == "Tỉnh ủy Bình Dương"


def test_whitespace_is_folded_and_paragraphs_kept() -> None:
    raw = "  Tiêu\u00a0đề\t chính \r\n\r\n\r\nĐoạn  một\u200b.\nDòng hai \n\n Đoạn ba\x07 "
    assert normalize_text(raw) == "Tiêu đề chính\n\nĐoạn một.\nDòng hai\n\nĐoạn ba"


def test_control_and_format_characters_are_removed() -> None:
    assert normalize_text("Đả\u200bng\u00ad vi\ufeffên\x00") == "Đảng viên"


def test_rejects_non_text() -> None:
    with pytest.raises(TypeError, match="expects str"):
        normalize_text(None)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_idempotent(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("oauyeqàáảãạèẻỷýỳỹỵ \n\t\u00a0\u0301\u0300\u200b"))))
def test_idempotent_on_vowel_soup(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\t" not in once and "\u00a0" not in once and "\n\n\n" not in once
