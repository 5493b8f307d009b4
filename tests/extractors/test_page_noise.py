"""Figures in the page's list of other articles are not this article's facts."""

from __future__ import annotations

from extractors import extract_facts
from extractors.page_noise import trailer_lines

TEXT = (
    "Xã Tân Lập kết nạp đảng viên\n\n"
    "Năm 2024, Đảng bộ xã Tân Lập kết nạp 14 đảng viên mới.\n\n"
    "Các tin khác\n\n"
    "Huyện Phú Lương kết nạp 156 đảng viên trong năm\n\n"
    "Trao Huy hiệu Đảng cho 45 đảng viên (12/11/2024)\n"
)


def test_trailer_lines_cover_the_related_list_only():
    spans = trailer_lines(TEXT)
    covered = "".join(TEXT[a:b] for a, b in spans)
    assert "156 đảng viên" in covered and "45 đảng viên" in covered
    assert "14 đảng viên" not in covered


def test_no_fact_from_other_articles_headlines():
    facts = extract_facts(TEXT, body_start=TEXT.index("Năm 2024"))
    assert [c.value for c in facts.counts] == [14]
    assert facts.awards == []


def test_a_sentence_ends_the_list():
    text = "Tin liên quan\nHuyện A kết nạp 20 đảng viên\nPhóng viên ghi nhận 30 đảng viên tham dự lớp học."
    assert [c.value for c in extract_facts(text).counts] == [30]


def test_the_articles_own_date_line_is_not_a_link():
    text = "Đại hội Chi bộ nhiệm kỳ 2025-2027\nNgày đăng (02/06/2025)\nSáng 1/6/2025, chi bộ có 25 đảng viên dự."
    assert trailer_lines(text) == []
    assert "02/06/2025" in {d.evidence for d in extract_facts(text).dates}
