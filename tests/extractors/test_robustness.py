"""extract_facts on any string: facts or none, never an exception, evidence always the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import EXTRACTOR_VERSION, extract_facts
from extractors.normalize import normalize_text

VIETNAMESE = list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
PIECES = [
    " ",
    "\n",
    "\n\n",
    "đảng viên",
    "chi bộ",
    "tập thể",
    "cá nhân",
    "hơn ",
    "từ ",
    " đến ",
    "%",
    ",",
    ".",
    "/",
    "-",
    "năm",
    "ba mươi mốt",
    "Huy hiệu 30 năm tuổi Đảng",
    "đồng chí Nguyễn Văn An, Bí thư Huyện ủy",
    "khen thưởng",
    "<div>",
    "&nbsp;",
    "\x00",
    "\u200b",
    "🎉",
    "中文",
    "ع",
]
fragments = st.one_of(
    st.sampled_from(PIECES),
    st.integers(min_value=0, max_value=10**12).map(str),
    st.decimals(min_value=0, max_value=1000, places=2).map(lambda d: str(d).replace(".", ",")),
    st.text(alphabet=st.sampled_from(VIETNAMESE), min_size=1, max_size=8),
)
texts = st.one_of(st.text(), st.lists(fragments, max_size=60).map("".join))


def _check(text: str, body_start: int = 0) -> None:
    facts = extract_facts(text, body_start)
    for _, found in facts.items():
        for f in found:
            assert 0 <= f.start < f.end <= len(text)
            assert f.evidence == text[f.start : f.end]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.integers(min_value=-5, max_value=10_000))
def test_any_string_never_raises(text: str, body_start: int) -> None:
    _check(text, body_start)
    _check(normalize_text(text), body_start)


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n\n", "%" * 1000, "1" * 5000, "đảng viên " * 2000, "<p>5 đảng viên</p>" * 50, "\x00\x01\x02"],
)
def test_edge_strings(text: str) -> None:
    _check(text)


def test_non_text_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="expects the article text as str"):
        extract_facts(b"bytes")  # type: ignore[arg-type]


def test_version_is_a_string() -> None:
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION


def test_headline_fact_is_reported_at_the_body() -> None:
    text = "Huyện kết nạp 200 đảng viên mới\n\nNăm nay, Huyện ủy đã kết nạp 200 đảng viên mới."
    facts = extract_facts(text, body_start=text.index("\n"))
    assert [(c.value, c.start > text.index("\n")) for c in facts.counts] == [(200, True)]


def test_headline_fact_kept_when_body_is_silent() -> None:
    text = "Huyện kết nạp 200 đảng viên mới\n\nHội nghị diễn ra sáng nay."
    facts = extract_facts(text, body_start=text.index("\n"))
    assert [c.value for c in facts.counts] == [200]


def test_repeated_caption_is_one_fact() -> None:
    text = "Tiêu đề\n\nKhen thưởng 4 tập thể.\n\nKhen thưởng 4 tập thể.\n\nNội dung."
    assert len(extract_facts(text, body_start=8).counts) == 1


def test_same_figure_in_one_sentence_is_two_facts() -> None:
    text = "Tiêu đề\n\nCó 2 đảng viên nhận Huy hiệu 50 năm; 2 đảng viên nhận Huy hiệu 55 năm."
    assert [c.value for c in extract_facts(text, body_start=8).counts] == [2, 2]


def test_lead_restated_in_body_is_reported_once_at_the_later_mention() -> None:
    text = (
        "Tiêu đề\n\nNăm 2022, Đảng bộ huyện kết nạp 87 đảng viên mới, đạt 108,7% chỉ tiêu.\n\n"
        "Theo báo cáo, năm 2022 toàn Đảng bộ đã kết nạp 87 đảng viên mới, đạt 108,7% chỉ tiêu; 12 đảng viên trẻ."
    )
    facts = extract_facts(text, body_start=8)
    later = text.index("Theo báo cáo")
    assert [(c.value, c.start > later) for c in facts.counts] == [(87, True), (12, True)]
    assert [(p.value, p.start > later) for p in facts.percentages] == [(108.7, True)]
