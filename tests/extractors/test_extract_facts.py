"""extract_facts: the publication date anchors relative dates, and a bad one loses nothing."""

from __future__ import annotations

from extractors import extract_facts

TEXT = "Hội nghị sơ kết\n\nNăm ngoái, Đảng bộ huyện kết nạp 40 đảng viên mới."


def _dates(published):
    return {d.evidence: d.value for d in extract_facts(TEXT, 17, published).dates}


def test_relative_year_resolved_from_publication_date():
    assert _dates("2024-03-15T08:00:00+07:00")["Năm ngoái"] == "2023"


def test_unreadable_publication_date_is_ignored_not_fatal():
    facts = extract_facts(TEXT, 17, "15 tháng Ba")
    assert [c.value for c in facts.counts] == [40]
    assert "Năm ngoái" in {d.evidence for d in facts.dates}
