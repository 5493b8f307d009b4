"""Awards: each construction on sentences written for these tests, and the seed article."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.awards import find_awards
from extractors.normalize import normalize_text


def _spans_ok(text: str) -> None:
    for a in find_awards(text):
        assert text[a.start : a.end] == a.evidence
        assert a.rule.startswith("award.")


def test_commendation_with_body_counts_and_reason() -> None:
    text = (
        "Nhân dịp này, Huyện ủy Tân Châu khen thưởng 7 tập thể, 15 cá nhân có thành tích xuất sắc"
        " trong công tác dân vận."
    )
    [a] = find_awards(text)
    assert (a.award, a.awarding_body, a.collectives, a.individuals) == ("khen thưởng", "Huyện ủy Tân Châu", 7, 15)
    assert a.reason == "có thành tích xuất sắc trong công tác dân vận"
    assert a.recipients == []
    _spans_ok(text)


def test_certificate_of_a_person_for_collectives_and_individuals() -> None:
    text = "UBND tỉnh đã tặng Bằng khen của Chủ tịch UBND tỉnh cho 12 tập thể và 30 cá nhân vì đã có nhiều đóng góp."
    [a] = find_awards(text)
    assert (a.award, a.awarding_body, a.collectives, a.individuals) == ("Bằng khen", "Chủ tịch UBND tỉnh", 12, 30)
    assert a.reason == "vì đã có nhiều đóng góp"


def test_badge_aggregate_and_tiers_are_separate_awards() -> None:
    text = (
        "Ban Thường vụ Huyện ủy đã quyết định tặng Huy hiệu Đảng cho 58 đảng viên. "
        "Trong đó, 40 đồng chí nhận Huy hiệu 30 năm tuổi Đảng; 15 đồng chí được nhận Huy hiệu 40 năm tuổi Đảng "
        "và 3 đồng chí nhận Huy hiệu 50 năm tuổi Đảng."
    )
    got = find_awards(text)
    assert [(a.award, a.collectives, a.individuals) for a in got] == [
        ("Huy hiệu Đảng", 0, 58),
        ("Huy hiệu 30 năm tuổi Đảng", 0, 40),
        ("Huy hiệu 40 năm tuổi Đảng", 0, 15),
        ("Huy hiệu 50 năm tuổi Đảng", 0, 3),
    ]
    assert {a.awarding_body for a in got} == {"Ban Thường vụ Huyện ủy"}  # tiers take the aggregate's body
    _spans_ok(text)


def test_tiers_written_award_first() -> None:
    text = "Đảng ủy xã trao Huy hiệu 45 năm tuổi Đảng cho 4 đảng viên, Huy hiệu 55 năm tuổi Đảng tới 2 đảng viên."
    got = find_awards(text)
    assert [(a.award, a.individuals) for a in got] == [
        ("Huy hiệu 45 năm tuổi Đảng", 4),
        ("Huy hiệu 55 năm tuổi Đảng", 2),
    ]


def test_badge_tier_without_the_word_badge_in_a_badge_article() -> None:
    text = (
        "Dịp này có 60 đảng viên nhận Huy hiệu Đảng, gồm 45 đảng viên có 30 năm tuổi Đảng,"
        " 15 đảng viên có 40 năm tuổi Đảng."
    )
    got = find_awards(text)
    assert [(a.award, a.individuals) for a in got] == [
        ("Huy hiệu Đảng", 60),
        ("Huy hiệu 30 năm tuổi Đảng", 45),
        ("Huy hiệu 40 năm tuổi Đảng", 15),
    ]


def test_named_recipient() -> None:
    text = "Huy hiệu 60 năm tuổi Đảng được trao tặng đảng viên Lương Văn Sáu (sinh năm 1940)."
    [a] = find_awards(text)
    assert (a.award, a.collectives, a.individuals, a.recipients) == (
        "Huy hiệu 60 năm tuổi Đảng",
        0,
        1,
        ["Lương Văn Sáu"],
    )


def test_posthumous_badge() -> None:
    [a] = find_awards("Đảng ủy phường còn truy tặng Huy hiệu Đảng cho 2 đảng viên.")
    assert a.award == "truy tặng Huy hiệu Đảng"
    assert a.individuals == 2


def test_number_words_count() -> None:
    [a] = find_awards("Thành ủy đã trao Giấy khen cho ba tập thể.")
    assert (a.award, a.collectives, a.individuals) == ("Giấy khen", 3, None)


def test_order_with_class() -> None:
    [a] = find_awards("Chủ tịch nước tặng Huân chương Lao động hạng Ba cho 2 cá nhân.")
    assert a.award == "Huân chương Lao động hạng Ba"
    assert a.individuals == 2


def test_uncounted_award_has_null_counts() -> None:
    [a] = find_awards("Bí thư Huyện ủy trao Giấy khen tặng các tập thể tiêu biểu trong phong trào thi đua.")
    assert (a.award, a.collectives, a.individuals) == ("Giấy khen", None, None)
    assert a.reason == "tiêu biểu trong phong trào thi đua"


def test_caption_without_numbers_does_not_duplicate_the_counted_award() -> None:
    text = (
        "Khen thưởng các chi bộ có thành tích xuất sắc.\n\n"
        "Dịp này, Đảng ủy Khối khen thưởng 3 tập thể, 5 cá nhân có thành tích xuất sắc."
    )
    [a] = find_awards(text)
    assert (a.collectives, a.individuals) == (3, 5)


def test_title_total_and_body_split_are_one_award() -> None:
    text = "36 tập thể và cá nhân được tặng Bằng khen\n\nUBND tỉnh tặng Bằng khen cho 16 tập thể, 20 cá nhân."
    [a] = find_awards(text)
    assert (a.collectives, a.individuals) == (16, 20)


def test_not_awards() -> None:
    assert find_awards("Trong thời gian công tác, ông đã được tặng nhiều huy chương, bằng khen, giấy khen.") == []
    assert find_awards("Hội đồng bàn về công tác thi đua, khen thưởng năm tới.") == []
    assert find_awards("Chi ủy đã trao Thẻ đảng cho 17 đảng viên.") == []
    assert find_awards("Đảng bộ có 240 đảng viên, trong đó 30 đảng viên 30 năm tuổi Đảng.") == []


def test_seed_article(shared_dir) -> None:
    art = json.loads((shared_dir / "eval" / "dev" / "seed-bencat.json").read_text(encoding="utf-8"))
    text = normalize_text(art["text"])
    [a] = find_awards(text)
    assert (a.awarding_body, a.award, a.collectives, a.individuals) == ("Thị ủy Bến Cát", "khen thưởng", 4, 10)
    assert a.reason == "có thành tích xuất sắc trong công tác phát triển đảng viên"
    assert text[a.start : a.end] == a.evidence


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("HuyhiệuĐảngkhenthưởBằgGiấycho 0123456789,;.\ntậpcánđồí")), max_size=120))
def test_never_raises(text: str) -> None:
    _spans_ok(text)


def test_non_string_input_gives_nothing() -> None:
    assert find_awards("") == []
    assert find_awards(None) == []  # type: ignore[arg-type]


def test_tier_list_with_colons() -> None:
    text = "Đợt này trao Huy hiệu 40 năm tuổi Đảng: 12 đồng chí; Huy hiệu 30 năm tuổi Đảng: 20 đồng chí."
    assert [(a.award, a.individuals) for a in find_awards(text)] == [
        ("Huy hiệu 40 năm tuổi Đảng", 12),
        ("Huy hiệu 30 năm tuổi Đảng", 20),
    ]


def test_headline_total_of_mixed_recipients_is_the_body_award() -> None:
    text = "Khen thưởng 50 tập thể, cá nhân\n\nUBND huyện tặng Giấy khen cho 20 tập thể, 30 cá nhân."
    [a] = find_awards(text)
    assert (a.award, a.collectives, a.individuals) == ("Giấy khen", 20, 30)


def test_a_title_before_the_committee_is_the_giver() -> None:
    text = "Dịp này, Chủ tịch UBND huyện tặng Giấy khen cho 6 tập thể và 11 cá nhân có thành tích xuất sắc."
    (award,) = find_awards(text)
    assert (award.awarding_body, award.collectives, award.individuals) == ("Chủ tịch UBND huyện", 6, 11)
