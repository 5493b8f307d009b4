"""Sentence spans from paragraphs and sent_tokenize, and the trigger that decides what to tag."""

from __future__ import annotations

import pytest

from extractors.sentences import cached_sentence_spans, sentence_at, sentence_spans, trigger, triggered_spans


def test_spans_split_paragraphs_first_and_index_the_text() -> None:
    text = "Tin vắn không có dấu chấm\nChi bộ họp sáng nay. Mọi người đều có mặt!\n\n  Cuối cùng là câu thứ ba."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Tin vắn không có dấu chấm",
        "Chi bộ họp sáng nay.",
        "Mọi người đều có mặt!",
        "Cuối cùng là câu thứ ba.",
    ]
    assert cached_sentence_spans(text) == tuple(spans)


def test_sentence_at_finds_the_span_holding_an_offset() -> None:
    text = "Câu một ở đây. Câu hai ở đây."
    spans = sentence_spans(text)
    assert sentence_at(spans, text.index("hai")) == spans[1]
    assert sentence_at(spans, 0) == spans[0]
    assert sentence_at(spans, text.index(". Câu") + 1) is None  # the space between sentences


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Chi bộ đã kết nạp 12 đảng viên.", True),  # a digit
        ("Chi bộ đã kết nạp mười hai người.", True),  # number words
        ("Phó Chủ tịch Hội Nông dân dự buổi gặp mặt.", True),  # a title
        ("Chi bộ nhận Bằng khen của Tỉnh ủy.", True),  # an award word
        ("Trời mưa to suốt buổi chiều hôm qua.", False),
        ("Người dân vui mừng đón Tết.", False),  # "Tết" is no number word
    ],
)
def test_trigger(sentence: str, expected: bool) -> None:
    assert trigger(sentence) is expected


def test_triggered_spans_keep_only_sentences_with_a_trigger() -> None:
    text = "Trời mưa to suốt buổi chiều. Chi bộ kết nạp 5 đảng viên."
    assert [text[a:b] for a, b in triggered_spans(text)] == ["Chi bộ kết nạp 5 đảng viên."]


def test_bad_input_gives_no_spans() -> None:
    assert sentence_spans(None) == []  # type: ignore[arg-type]
    assert trigger(None) is False  # type: ignore[arg-type]
